//! Undoing the grid snap of geo's `BooleanOps` on its output.
//!
//! i_overlay computes on integers: it maps the inputs' joint box onto a grid of 2³⁰ steps, so
//! every output vertex — input vertices included — is moved by up to one grid step (about
//! 2·10⁻⁹ of the extent). On a 1 km overlap this shifts areas by ~10⁻⁴ m², far more than GEOS,
//! which keeps input vertices exactly and computes crossings in floating point.
//!
//! After the operation, each output vertex is put back where it belongs:
//! - if an input vertex lies within a few grid steps, it is that vertex;
//! - otherwise it is a crossing of an edge of the subject with an edge of the clip; the pair of
//!   edges passing within a few grid steps whose exact crossing point lies nearest is found, and
//!   the crossing is recomputed in floating point.
//!
//! Vertices for which neither is found keep the snapped position. The topology computed by
//! i_overlay is not changed, only the coordinates, each by at most a few grid steps.

use geo::{Coord, MultiPolygon};

use crate::geom::{crossing_point, seg_relation, Bbox, SegRel};

/// Restores output vertices of a boolean operation between `subject` rings and `clip` rings
/// (closed or not: each ring's last vertex is joined to its first).
pub(crate) fn restore(result: &mut MultiPolygon<f64>, subject: &[&[Coord]], clip: &[&[Coord]]) {
    let mut ext = Bbox::EMPTY;
    for r in subject.iter().chain(clip) {
        for c in r.iter() {
            ext.add(*c);
        }
    }
    if ext.is_empty() || result.0.is_empty() {
        return;
    }
    let half = 0.5 * ext.width().max(ext.height());
    let mag = ext
        .min_x
        .abs()
        .max(ext.max_x.abs())
        .max(ext.min_y.abs())
        .max(ext.max_y.abs());
    let tol = 4.0 * half * (-28f64).exp2() + 4.0 * f64::EPSILON * mag;

    let mut verts: Vec<Coord> = subject
        .iter()
        .chain(clip)
        .flat_map(|r| r.iter().copied())
        .collect();
    verts.sort_unstable_by(|a, b| a.x.total_cmp(&b.x));
    let edges = |rings: &[&[Coord]]| -> Vec<(Coord, Coord)> {
        let mut v = Vec::new();
        for r in rings {
            if r.len() < 2 {
                continue;
            }
            for k in 0..r.len() {
                let (a, b) = (r[k], r[(k + 1) % r.len()]);
                if a != b {
                    v.push((a, b));
                }
            }
        }
        v
    };
    let (se, ce) = (edges(subject), edges(clip));

    let fix = |v: Coord| -> Coord {
        // Nearest input vertex within tolerance.
        let from = verts.partition_point(|c| c.x < v.x - tol);
        let mut best: Option<(f64, Coord)> = None;
        for c in &verts[from..] {
            if c.x > v.x + tol {
                break;
            }
            let d = (c.x - v.x).abs().max((c.y - v.y).abs());
            if d <= tol && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, *c));
            }
        }
        if let Some((_, c)) = best {
            return c;
        }
        // A crossing of a subject edge with a clip edge.
        let near = |(a, b): &(Coord, Coord)| Bbox::of_segment(*a, *b).expanded(tol).contains(v);
        let mut best: Option<(f64, Coord)> = None;
        for e in se.iter().filter(|e| near(e)) {
            for f in ce.iter().filter(|f| near(f)) {
                if seg_relation(e.0, e.1, f.0, f.1) == SegRel::Proper {
                    let (p, _, _) = crossing_point(e.0, e.1, f.0, f.1);
                    let d = (p.x - v.x).abs().max((p.y - v.y).abs());
                    if d <= 2.0 * tol && best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, p));
                    }
                }
            }
        }
        best.map_or(v, |(_, p)| p)
    };
    let fix_ring = |ls: &mut geo::LineString<f64>| {
        let n = ls.0.len();
        if n < 2 {
            return;
        }
        for k in 0..n - 1 {
            ls.0[k] = fix(ls.0[k]);
        }
        ls.0[n - 1] = ls.0[0];
    };
    for p in &mut result.0 {
        p.exterior_mut(fix_ring);
        p.interiors_mut(|hs| {
            for h in hs {
                fix_ring(h);
            }
        });
    }
}
