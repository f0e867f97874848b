//! Refinement of one part of the subject feature against the other feature, on local edges.
//!
//! Order of the steps, cheapest first:
//! 1. **No edge of the other feature near the part** (its edge index finds none in the part's
//!    box): the part is wholly inside or wholly outside; one exact point-in-polygon decides.
//! 2. **Edge relations**: every subject edge meeting the common box is tested against every
//!    nearby edge of the other feature (exact orientation): proper crossings, and contacts
//!    (a vertex on an edge, a shared stretch).
//! 3. **No proper crossing** (neighbours that share edges, patches cut along a red line):
//!    decided without any overlay by [`classify`]: disjoint, part wholly inside, or unknown.
//! 4. **Crossings in general position** (no contact at all): exact Weiler–Atherton walk,
//!    [`crate::clip`].
//! 5. Otherwise a boolean operation on a local window, [`crate::window`]; and only if that
//!    cannot find a reference point, on the whole geometry.

use geo::{BooleanOps, Coord, MultiPolygon, Polygon};

use crate::clip::{weiler_atherton, ClipScratch, Crossing};
use crate::geom::{crossing_point, seg_relation, Bbox, Location, RayCounter, RayDir, SegRel};
use crate::prepare::{PreparedFeature, Seg};
use crate::window::{clip_by_window, WindowScratch};

/// Which method produced a unit's result (counted in tests and benchmarks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Method {
    /// Boxes do not overlap with positive area.
    Boxes,
    /// No edge of the other feature near the part: one point-in-polygon.
    PointInPolygon,
    /// No crossing: decided by [`classify`].
    Classified,
    /// Weiler–Atherton walk.
    Walk,
    /// Boolean operation on a local window.
    Window,
    /// Boolean operation on the whole geometry.
    Whole,
}

/// What is known of one edge of the other feature from the contact tests.
#[derive(Debug, Clone, Copy)]
enum Contact {
    /// A subject vertex lies inside this edge (not at its ends).
    Split(Coord),
    /// A subject edge is collinear with this edge and overlaps it: its extent.
    Cover(Coord, Coord),
    /// The edge's start (0) or end (1) vertex lies on the subject's boundary.
    EndOnBoundary(u8),
}

/// Reusable buffers of one worker.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    pe: Vec<Seg>,
    ye: Vec<Seg>,
    crossings: Vec<Crossing>,
    contacts: Vec<(u32, Contact)>,
    y_rings: Vec<u32>,
    clip: ClipScratch,
    window: WindowScratch,
    splits: Vec<(f64, Coord)>,
}

/// Outcome of the three-way decision without overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Disjoint,
    PartInside,
    Unknown,
}

/// Intersects part `part` of `x` with the whole of `y`; appends the pieces to `out` and
/// returns the method used.
pub(crate) fn refine_part(
    x: &PreparedFeature<'_>,
    part: usize,
    y: &PreparedFeature<'_>,
    s: &mut Scratch,
    out: &mut Vec<Polygon<f64>>,
) -> Method {
    let pb = x.parts[part].bbox;
    let common = pb.intersection(&y.bbox);
    if !common.has_area() {
        return Method::Boxes;
    }
    if let Some(inside) = y.index.as_ref().and_then(|ix| ix.decide_box(&pb)) {
        if inside {
            out.push(x.part_polygon(part).clone());
        }
        return Method::PointInPolygon;
    }
    s.ye.clear();
    y.edges_in(&common, None, &mut s.ye);
    if s.ye.is_empty() {
        // No edge of y meets the part's box: the part is wholly inside or wholly outside.
        if let Some(v) = x.part_vertex(part) {
            match y.locate(v, None) {
                Location::Inside => {
                    out.push(x.part_polygon(part).clone());
                    return Method::PointInPolygon;
                }
                Location::Outside => return Method::PointInPolygon,
                Location::Boundary => {}
            }
        }
        return whole(x, part, y, out);
    }
    s.pe.clear();
    x.edges_in(&common, Some(part as u32), &mut s.pe);
    s.crossings.clear();
    s.contacts.clear();
    let degenerate = relate_edges(s);

    if s.crossings.is_empty() {
        match classify(x, part, y, &common, s) {
            Class::Disjoint => return Method::Classified,
            Class::PartInside => {
                out.push(x.part_polygon(part).clone());
                return Method::Classified;
            }
            Class::Unknown => {}
        }
    } else if !degenerate {
        s.y_rings.clear();
        s.y_rings.extend(s.ye.iter().map(|e| e.ring));
        s.y_rings.sort_unstable();
        s.y_rings.dedup();
        let mark = out.len();
        if weiler_atherton(x, part, y, &s.crossings, &s.y_rings, &mut s.clip, out).is_some() {
            return Method::Walk;
        }
        out.truncate(mark);
    }
    let mark = out.len();
    if clip_by_window(x, part, y, &mut s.ye, &mut s.window, out).is_some() {
        return Method::Window;
    }
    out.truncate(mark);
    whole(x, part, y, out)
}

/// The part intersected with the whole geometry of `y` by geo's `BooleanOps`.
fn whole(
    x: &PreparedFeature<'_>,
    part: usize,
    y: &PreparedFeature<'_>,
    out: &mut Vec<Polygon<f64>>,
) -> Method {
    let poly = x.part_polygon(part);
    let mut r: MultiPolygon<f64> = poly.intersection(&*y.geom);
    let subject: Vec<&[Coord]> = std::iter::once(poly.exterior())
        .chain(poly.interiors())
        .map(|r| r.0.as_slice())
        .collect();
    let clip: Vec<&[Coord]> = (0..y.ring_count()).map(|k| y.ring_coords(k)).collect();
    crate::snap::restore(&mut r, &subject, &clip);
    out.extend(r.0);
    Method::Whole
}

/// Tests every subject edge against every nearby edge of the other feature; fills crossings
/// and contacts. Returns whether any contact (non-proper meeting) was found.
fn relate_edges(s: &mut Scratch) -> bool {
    let pe = std::mem::take(&mut s.pe);
    let mut ye = std::mem::take(&mut s.ye);
    let mut degenerate = false;
    let mut visit =
        |e: &Seg, k: usize, f: &Seg, s: &mut Scratch| match seg_relation(e.a, e.b, f.a, f.b) {
            SegRel::Disjoint => {}
            SegRel::Proper => {
                let (pt, t, u) = crossing_point(e.a, e.b, f.a, f.b);
                s.crossings.push(Crossing {
                    pt,
                    p_ring: e.ring,
                    p_edge: e.idx,
                    p_t: t,
                    y_ring: f.ring,
                    y_edge: f.idx,
                    y_s: u,
                });
            }
            SegRel::Contact {
                a_on,
                b_on,
                c_on,
                d_on,
                overlap,
            } => {
                degenerate = true;
                let k = k as u32;
                if a_on && e.a != f.a && e.a != f.b {
                    s.contacts.push((k, Contact::Split(e.a)));
                }
                if b_on && e.b != f.a && e.b != f.b {
                    s.contacts.push((k, Contact::Split(e.b)));
                }
                if c_on {
                    s.contacts.push((k, Contact::EndOnBoundary(0)));
                }
                if d_on {
                    s.contacts.push((k, Contact::EndOnBoundary(1)));
                }
                if overlap {
                    s.contacts.push((k, Contact::Cover(e.a, e.b)));
                }
            }
        };
    if pe.len() * ye.len() <= 256 {
        // Edges of y outside, so that contacts come grouped by edge of y.
        for (k, f) in ye.iter().enumerate() {
            let fb = Bbox::of_segment(f.a, f.b);
            for e in &pe {
                if fb.meets_segment(e.a, e.b) {
                    visit(e, k, f, s);
                }
            }
        }
    } else {
        // Edges of y sorted on their left end; each subject edge scans the window of those
        // that can reach it: left end in [min_x − widest, max_x].
        let min_x = |g: &Seg| g.a.x.min(g.b.x);
        ye.sort_unstable_by(|a, b| min_x(a).total_cmp(&min_x(b)));
        let widest = ye.iter().map(|g| (g.a.x - g.b.x).abs()).fold(0.0, f64::max);
        for e in &pe {
            let eb = Bbox::of_segment(e.a, e.b);
            let from = ye.partition_point(|g| min_x(g) < eb.min_x - widest);
            for (k, f) in ye.iter().enumerate().skip(from) {
                if min_x(f) > eb.max_x {
                    break;
                }
                if eb.meets_segment(f.a, f.b) {
                    visit(e, k, f, s);
                }
            }
        }
        s.contacts.sort_unstable_by_key(|c| c.0);
    }
    s.pe = pe;
    s.ye = ye;
    degenerate
}

/// Decides, without any overlay, a part whose boundary does not cross the other feature's.
///
/// # Method
/// With no proper crossing, the other boundary ∂Y meets the open part int(P) only if one of
/// its vertices, or one of its edge pieces between contact points, lies in int(P). If none
/// does, int(P) — connected — lies wholly in int(Y) or wholly in ext(Y), and any point of ∂P
/// strictly off ∂Y tells which. Every test is exact:
/// - each edge of Y near P is cut at the subject vertices lying on it; a piece is harmless
///   when it runs along a subject edge, or when one of its ends is a vertex of Y strictly
///   outside P (the piece does not meet ∂P, so it lies on that vertex's side);
/// - a vertex of Y is located in P by a ray that leaves P's box through the common box, so
///   only the edges already gathered are counted;
/// - P has a point outside Y as soon as its box is not inside Y's box.
///
/// Pieces with both ends on ∂P that run through the inside of neither boundary (chords) are
/// not decided here: [`Class::Unknown`].
///
/// This is the test that dismisses neighbours sharing edges in a coverage. "Share edges, no
/// vertex strictly inside the other, no proper crossing" alone is not enough: two rectangles
/// `[0,2]×[0,1]` and `[1,3]×[0,1]` satisfy it and overlap by 1 (see the tests).
pub(crate) fn classify(
    x: &PreparedFeature<'_>,
    part: usize,
    y: &PreparedFeature<'_>,
    common: &Bbox,
    s: &mut Scratch,
) -> Class {
    let pb = x.parts[part].bbox;
    // A ray direction in which the common box ends where P's box ends.
    let dir = if common.max_x == pb.max_x {
        Some(RayDir::PosX)
    } else if common.min_x == pb.min_x {
        Some(RayDir::NegX)
    } else if common.max_y == pb.max_y {
        Some(RayDir::PosY)
    } else if common.min_y == pb.min_y {
        Some(RayDir::NegY)
    } else {
        None
    };
    let locate_in_part = |v: Coord, pe: &[Seg]| -> Location {
        if !common.contains(v) {
            return Location::Outside;
        }
        match dir {
            // With many edges, the subject's own index is cheaper than a ray over all of them.
            Some(_) if pe.len() > 64 && x.index.is_some() => x.locate(v, Some(part as u32)),
            Some(d) => {
                let mut rc = RayCounter::new(d.map(v));
                for e in pe {
                    rc.add(d.map(e.a), d.map(e.b));
                    if rc.is_on_boundary() {
                        return Location::Boundary;
                    }
                }
                rc.location()
            }
            None => x.locate(v, Some(part as u32)),
        }
    };

    let mut ci = 0;
    for (k, f) in s.ye.iter().enumerate() {
        let start = ci;
        while ci < s.contacts.len() && s.contacts[ci].0 as usize == k {
            ci += 1;
        }
        let cs = &s.contacts[start..ci];
        let end_on = |w: u8| {
            cs.iter()
                .any(|c| matches!(c.1, Contact::EndOnBoundary(z) if z == w))
        };
        let status_a = if end_on(0) {
            Location::Boundary
        } else {
            locate_in_part(f.a, &s.pe)
        };
        if status_a == Location::Inside {
            return Class::Unknown;
        }
        let status_b = if end_on(1) {
            Location::Boundary
        } else {
            locate_in_part(f.b, &s.pe)
        };
        if status_b == Location::Inside {
            return Class::Unknown;
        }
        // Cut the edge at the subject vertices on it, ordered from a to b along the dominant
        // axis (exact for collinear points).
        let d = f.b - f.a;
        let along = |c: Coord| {
            if d.x.abs() >= d.y.abs() {
                c.x * d.x.signum()
            } else {
                c.y * d.y.signum()
            }
        };
        s.splits.clear();
        for c in cs {
            if let Contact::Split(p) = c.1 {
                s.splits.push((along(p), p));
            }
        }
        s.splits.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        s.splits.dedup_by(|a, b| a.0 == b.0);
        let n_pieces = s.splits.len() + 1;
        for piece in 0..n_pieces {
            let p0 = if piece == 0 {
                f.a
            } else {
                s.splits[piece - 1].1
            };
            let p1 = if piece + 1 == n_pieces {
                f.b
            } else {
                s.splits[piece].1
            };
            let (lo, hi) = {
                let (u, v) = (along(p0), along(p1));
                (u.min(v), u.max(v))
            };
            let covered = cs.iter().any(|c| match c.1 {
                Contact::Cover(q0, q1) => {
                    let (u, v) = (along(q0), along(q1));
                    u.min(v) <= lo && hi <= u.max(v)
                }
                _ => false,
            });
            if covered {
                continue;
            }
            let outside_end = (piece == 0 && status_a == Location::Outside)
                || (piece + 1 == n_pieces && status_b == Location::Outside);
            if !outside_end {
                return Class::Unknown;
            }
        }
    }

    // One point of ∂P strictly off ∂Y decides.
    if !y.bbox.contains_box(&pb) {
        return Class::Disjoint;
    }
    for r in x.part_rings(part) {
        let ring = x.ring_coords(r);
        for v in &ring[..ring.len().saturating_sub(1)] {
            match y.locate(*v, None) {
                Location::Inside => return Class::PartInside,
                Location::Outside => return Class::Disjoint,
                Location::Boundary => {}
            }
        }
    }
    Class::Unknown
}
