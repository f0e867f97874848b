//! Validation before overlay: the defects that would change an overlap area.
//!
//! Checked, per feature:
//! - degenerate rings (fewer than four coordinates, or zero area);
//! - edges that cross properly, or overlap along a stretch (spikes, parts sharing an edge), in
//!   the same ring or between rings and parts;
//! - rings nested wrongly: a hole not inside its exterior, a hole inside another hole, one part
//!   inside another.
//!
//! Tolerated because they change no area under the even-odd rule and every step below handles
//! them: rings touching themselves or each other at single points, repeated consecutive
//! vertices, either ring orientation.

use geo::Coord;

use crate::geom::{locate_in_ring, orient, seg_relation, Bbox, Location, RayCounter, SegRel};
use crate::prepare::{PreparedFeature, Seg};

/// A defect found in a feature.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    pub what: String,
    pub at: Option<Coord>,
}

/// Reusable buffers of validation.
#[derive(Debug, Default)]
pub(crate) struct ValidateScratch {
    segs: Vec<Seg>,
    keys: Vec<[f64; 4]>,
}

/// The first defect of the feature, if any. `scratch` is reused between calls.
pub(crate) fn find_problem(
    f: &PreparedFeature<'_>,
    scratch: &mut ValidateScratch,
) -> Option<Problem> {
    for r in 0..f.ring_count() {
        let coords = f.ring_coords(r);
        let info = &f.rings[r];
        if coords.len() < 4 {
            let which = if info.hole == u32::MAX {
                format!("exterior ring of part {}", info.part + 1)
            } else {
                format!("hole {} of part {}", info.hole + 1, info.part + 1)
            };
            return Some(Problem {
                what: format!(
                    "{which} is degenerate (fewer than 3 distinct vertices or zero area)"
                ),
                at: coords.first().copied(),
            });
        }
    }
    if f.ring_count() == 1 && star_shaped(f.ring_coords(0)) {
        return None;
    }
    if let Some(p) = edge_problem(f, scratch) {
        return Some(p);
    }
    for r in 0..f.ring_count() {
        let coords = f.ring_coords(r);
        if crate::geom::ring_signed_area(coords) == 0.0 {
            return Some(Problem {
                what: format!(
                    "ring {} of part {} has zero area",
                    r + 1,
                    f.rings[r].part + 1
                ),
                at: coords.first().copied(),
            });
        }
    }
    if f.ring_count() > 1 {
        return nesting_problem(f);
    }
    None
}

/// A linear-time certificate of simplicity: the ring is strictly star-shaped with respect to
/// its vertex centroid `c` — every edge turns the same way around `c` (exact orientation) and
/// the ring winds around `c` once (exactly one crossing of the ray from `c`). The angular
/// sectors of the edges then tile the full turn without overlap, so no two edges can meet
/// except consecutive ones at their shared vertex. Most patches pass; others get the sweep.
fn star_shaped(ring: &[Coord]) -> bool {
    let m = ring.len().saturating_sub(1);
    if m < 3 {
        return false;
    }
    let o = ring[0];
    let (mut sx, mut sy) = (0.0, 0.0);
    for v in &ring[..m] {
        sx += v.x - o.x;
        sy += v.y - o.y;
    }
    let c = Coord {
        x: o.x + sx / m as f64,
        y: o.y + sy / m as f64,
    };
    let turn = orient(c, ring[0], ring[1]);
    if turn == 0 {
        return false;
    }
    let mut rc = RayCounter::new(c);
    for w in ring.windows(2) {
        if orient(c, w[0], w[1]) != turn {
            return false;
        }
        rc.add(w[0], w[1]);
    }
    !rc.is_on_boundary() && rc.crossings() == 1
}

/// Crossing or overlapping edges anywhere in the feature: a sort-and-sweep on x.
fn edge_problem(f: &PreparedFeature<'_>, scratch: &mut ValidateScratch) -> Option<Problem> {
    let ValidateScratch { segs, keys } = scratch;
    segs.clear();
    for r in 0..f.ring_count() {
        for (i, w) in f.ring_coords(r).windows(2).enumerate() {
            if w[0] != w[1] {
                segs.push(Seg {
                    a: w[0],
                    b: w[1],
                    ring: r as u32,
                    idx: i as u32,
                });
            }
        }
    }
    segs.sort_unstable_by(|s, t| s.a.x.min(s.b.x).total_cmp(&t.a.x.min(t.b.x)));
    keys.clear();
    keys.extend(segs.iter().map(|s| {
        [
            s.a.x.min(s.b.x),
            s.a.x.max(s.b.x),
            s.a.y.min(s.b.y),
            s.a.y.max(s.b.y),
        ]
    }));
    for i in 0..segs.len() {
        let s = segs[i];
        let [_, max_x, s_lo, s_hi] = keys[i];
        for (j, kt) in keys.iter().enumerate().skip(i + 1) {
            if kt[0] > max_x {
                break;
            }
            if kt[3] < s_lo || kt[2] > s_hi {
                continue;
            }
            let t = segs[j];
            let adjacent = || {
                s.ring == t.ring && {
                    let m = f.ring_coords(s.ring as usize).len() as u32 - 1;
                    let (lo, hi) = (s.idx.min(t.idx), s.idx.max(t.idx));
                    hi == lo + 1 || (lo == 0 && hi == m - 1)
                }
            };
            match seg_relation(s.a, s.b, t.a, t.b) {
                SegRel::Disjoint => {}
                SegRel::Proper => {
                    let (p, _, _) = crate::geom::crossing_point(s.a, s.b, t.a, t.b);
                    let what = if s.ring == t.ring {
                        "ring self-intersection (edges cross)"
                    } else if f.rings[s.ring as usize].part == f.rings[t.ring as usize].part {
                        "rings of one polygon cross"
                    } else {
                        "parts of the multipolygon cross"
                    };
                    return Some(Problem {
                        what: what.to_string(),
                        at: Some(p),
                    });
                }
                SegRel::Contact { overlap, .. } => {
                    if overlap {
                        let adjacent = adjacent();
                        let what = if adjacent {
                            "spike (an edge folds back on the previous one)"
                        } else {
                            "edges overlap along a stretch"
                        };
                        let at = if adjacent {
                            if s.b == t.a || s.b == t.b {
                                s.b
                            } else {
                                s.a
                            }
                        } else {
                            s.a
                        };
                        return Some(Problem {
                            what: what.to_string(),
                            at: Some(at),
                        });
                    }
                }
            }
        }
    }
    None
}

/// Location of a ring relative to another ring, decided by its first vertex not on the other
/// ring (the rings do not cross, so one such vertex decides). `None` when every vertex lies
/// on the other ring.
fn ring_in_ring(inner: &[Coord], outer: &[Coord]) -> Option<bool> {
    for c in inner.iter().take(inner.len().saturating_sub(1)) {
        match locate_in_ring(*c, outer) {
            Location::Inside => return Some(true),
            Location::Outside => return Some(false),
            Location::Boundary => {}
        }
    }
    None
}

/// Wrong nesting of rings that do not cross.
fn nesting_problem(f: &PreparedFeature<'_>) -> Option<Problem> {
    // Holes inside their exterior, and not inside each other.
    for (p, part) in f.parts.iter().enumerate() {
        let rings = f.part_rings(p);
        let ext = f.ring_coords(rings.start);
        for h in rings.start + 1..rings.end {
            let hole = f.ring_coords(h);
            if ring_in_ring(hole, ext) != Some(true) {
                return Some(Problem {
                    what: format!(
                        "hole {} of part {} is not inside its exterior ring",
                        h - rings.start,
                        p + 1
                    ),
                    at: hole.first().copied(),
                });
            }
        }
        if part.ring_count > 2 {
            let boxes: Vec<(usize, Bbox)> = (rings.start + 1..rings.end)
                .map(|h| (h, f.rings[h].bbox))
                .collect();
            let mut found = None;
            sweep_pairs(&boxes, |h1, h2| {
                let (a, b) = (f.ring_coords(h1), f.ring_coords(h2));
                if ring_in_ring(a, b) != Some(false) || ring_in_ring(b, a) != Some(false) {
                    found = Some(Problem {
                        what: format!("holes of part {} are nested or equal", p + 1),
                        at: a.first().copied(),
                    });
                    return false;
                }
                true
            });
            if found.is_some() {
                return found;
            }
        }
    }
    // No part inside another (as areas: inside the exterior and in none of the holes).
    if f.parts.len() > 1 {
        let boxes: Vec<(usize, Bbox)> = f.parts.iter().map(|p| p.bbox).enumerate().collect();
        let mut found = None;
        sweep_pairs(&boxes, |p, q| {
            for (inner, outer) in [(p, q), (q, p)] {
                let Some(v) = f.part_vertex(inner) else {
                    continue;
                };
                // The exterior of `inner` is inside `outer` as an area iff some vertex of it
                // is; the rings do not cross, so its first vertex off `outer`'s rings decides.
                let ext = f.ring_coords(f.part_rings(inner).start);
                let mut decided = None;
                for c in ext.iter().take(ext.len().saturating_sub(1)) {
                    match f.locate(*c, Some(outer as u32)) {
                        Location::Inside => {
                            decided = Some(true);
                            break;
                        }
                        Location::Outside => {
                            decided = Some(false);
                            break;
                        }
                        Location::Boundary => {}
                    }
                }
                if decided != Some(false) {
                    found = Some(Problem {
                        what: format!("parts {} and {} overlap", inner + 1, outer + 1),
                        at: Some(v),
                    });
                    return false;
                }
            }
            true
        });
        return found;
    }
    None
}

/// Calls `visit(i, j)` for every pair of boxes that meet, by a sweep on x; stops when `visit`
/// returns false.
pub(crate) fn sweep_pairs(boxes: &[(usize, Bbox)], mut visit: impl FnMut(usize, usize) -> bool) {
    let mut order: Vec<&(usize, Bbox)> = boxes.iter().collect();
    order.sort_unstable_by(|a, b| a.1.min_x.total_cmp(&b.1.min_x));
    for (k, (i, bi)) in order.iter().map(|x| (x.0, x.1)).enumerate() {
        for (j, bj) in order[k + 1..].iter().map(|x| (x.0, x.1)) {
            if bj.min_x > bi.max_x {
                break;
            }
            if bi.intersects(&bj) && !visit(i, j) {
                return;
            }
        }
    }
}
