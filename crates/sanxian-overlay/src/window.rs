//! The fallback of refinement: a boolean operation against a *local window* of the other
//! feature instead of its whole geometry.
//!
//! # Why a window
//! geo's `BooleanOps` (i_overlay) costs time in the size of both inputs and snaps every vertex
//! to an integer grid of 2³⁰ steps across the inputs' joint box: against a 20 km red line the grid
//! step is ~2·10⁻⁵ m, which moves patch areas by ~10⁻³ m² and turns shared edges into false
//! slivers. A window keeps both the cost and the grid local to the patch.
//!
//! # Construction (exact inside the patch box `R`)
//! 1. The other feature's edges that meet `R` form *runs* of consecutive edges per ring. A run
//!    starts and ends at vertices strictly outside `R` (the neighbouring edges miss `R`
//!    altogether), or is a whole ring.
//! 2. Runs are clipped to a box `W` ⊃ `R` (a margin of a quarter of the patch size plus 1 m) so
//!    the operation's extent stays local; clip points lie on `W`'s boundary.
//! 3. Each clipped piece is closed into a loop by a connector that leaves `R` along an axis and
//!    follows `W`'s boundary counter-clockwise back to the piece's start. Connectors never enter
//!    `R`.
//! 4. Inside `R` the even-odd region of the loops has exactly the other feature's edges as its
//!    boundary, so it equals the feature or its complement there. One reference point in `R`,
//!    well away from every edge, is located in both (exactly in the feature, via its index);
//!    if they disagree, `W` itself is added as one more loop, which flips the parity.
//! 5. The part is intersected with the loops (even-odd) by geo's `BooleanOps`. As the part lies
//!    in `R`, the result is the part ∩ feature. Output vertices are then moved back from
//!    i_overlay's grid to the input vertices and exact crossings ([`crate::snap`]).

use geo::{BooleanOps, Coord, LineString, MultiPolygon, Polygon};

use crate::geom::{Bbox, Location, RayCounter};
use crate::prepare::{PreparedFeature, Seg};

/// Reusable buffers for the window.
#[derive(Debug, Default)]
pub(crate) struct WindowScratch {
    loops: Vec<Vec<Coord>>,
    piece: Vec<Coord>,
}

/// Intersects part `part` of `x` with `y` through a local window; appends the pieces to `out`.
/// `ye` are `y`'s edges meeting the part's box (zero-length edges left out), in any order.
/// `None` when no reference point can be found (the caller then uses the whole geometry).
pub(crate) fn clip_by_window(
    x: &PreparedFeature<'_>,
    part: usize,
    y: &PreparedFeature<'_>,
    ye: &mut [Seg],
    ws: &mut WindowScratch,
    out: &mut Vec<Polygon<f64>>,
) -> Option<()> {
    let r = x.parts[part].bbox;
    let margin = 0.25 * r.width().max(r.height()) + 1.0;
    let w = r.expanded(margin);
    ws.loops.clear();

    ye.sort_unstable_by_key(|s| (s.ring, s.idx));
    let mut i = 0;
    while i < ye.len() {
        let ring_id = ye[i].ring;
        let mut j = i;
        while j < ye.len() && ye[j].ring == ring_id {
            j += 1;
        }
        let coords = y.ring_coords(ring_id as usize);
        let m = coords.len() - 1;
        let kept: Vec<usize> = ye[i..j].iter().map(|s| s.idx as usize).collect();
        add_ring_runs(coords, m, &kept, &r, &w, ws);
        i = j;
    }

    // Parity fix with a reference point well away from every edge.
    let reference = reference_point(&r, ye)?;
    let in_y = match y.locate(reference, None) {
        Location::Inside => true,
        Location::Outside => false,
        Location::Boundary => return None,
    };
    let mut rc = RayCounter::new(reference);
    for lp in &ws.loops {
        for k in 0..lp.len() {
            rc.add(lp[k], lp[(k + 1) % lp.len()]);
        }
    }
    let in_loops = match rc.location() {
        Location::Inside => true,
        Location::Outside => false,
        Location::Boundary => return None,
    };
    if in_y != in_loops {
        ws.loops.push(vec![
            Coord {
                x: w.min_x,
                y: w.min_y,
            },
            Coord {
                x: w.max_x,
                y: w.min_y,
            },
            Coord {
                x: w.max_x,
                y: w.max_y,
            },
            Coord {
                x: w.min_x,
                y: w.max_y,
            },
        ]);
    }
    if ws.loops.is_empty() {
        return Some(());
    }
    let clip = MultiPolygon(
        ws.loops
            .iter()
            .map(|lp| Polygon::new(LineString(lp.clone()), Vec::new()))
            .collect(),
    );
    let poly = x.part_polygon(part);
    let mut result = poly.intersection(&clip);
    let subject: Vec<&[Coord]> = std::iter::once(poly.exterior())
        .chain(poly.interiors())
        .map(|r| r.0.as_slice())
        .collect();
    let loops: Vec<&[Coord]> = ws.loops.iter().map(|l| l.as_slice()).collect();
    crate::snap::restore(&mut result, &subject, &loops);
    out.extend(result.0);
    Some(())
}

/// Splits the kept edges of one ring into runs and adds the clipped, closed loops.
fn add_ring_runs(
    coords: &[Coord],
    m: usize,
    kept: &[usize],
    r: &Bbox,
    w: &Bbox,
    ws: &mut WindowScratch,
) {
    // Edges between kept ones that have zero length belong to the run (they were left out of
    // the edge lists, but their vertex may lie inside R).
    let joins = |from: usize, to: usize| -> bool {
        // Edges strictly between `from` and `to` (cyclic) all of zero length?
        let mut e = (from + 1) % m;
        while e != to {
            if coords[e] != coords[e + 1] {
                return false;
            }
            e = (e + 1) % m;
        }
        true
    };
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &e in kept {
        match runs.last_mut() {
            Some(run) if joins(run.1, e) => run.1 = e,
            _ => runs.push((e, e)),
        }
    }
    // Join the last run to the first across the ring's start.
    if runs.len() > 1 {
        let (first, last) = (runs[0], runs[runs.len() - 1]);
        if joins(last.1, first.0) {
            runs[0].0 = last.0;
            runs.pop();
        }
    }
    let whole = runs.len() == 1 && joins(runs[0].1, runs[0].0);
    if whole {
        let ring = &coords[..m];
        // Start at a vertex outside W if there is one, so that clipped pieces are contiguous.
        match ring.iter().position(|c| !w.contains(*c)) {
            None => ws.loops.push(ring.to_vec()),
            Some(s) => {
                let path: Vec<Coord> = (0..=m).map(|k| ring[(s + k) % m]).collect();
                add_pieces(&path, r, w, ws);
            }
        }
        return;
    }
    for (a, b) in runs {
        let len = (b + m - a) % m + 1;
        let path: Vec<Coord> = (0..=len).map(|k| coords[(a + k) % m]).collect();
        add_pieces(&path, r, w, ws);
    }
}

/// Clips the open polyline `path` (whose ends lie outside `r`) to `w` and closes every piece
/// with a connector outside `r`.
fn add_pieces(path: &[Coord], r: &Bbox, w: &Bbox, ws: &mut WindowScratch) {
    ws.piece.clear();
    for k in 0..path.len() - 1 {
        let (a, b) = (path[k], path[k + 1]);
        let Some((p0, p1, clipped_start, clipped_end)) = clip_segment(a, b, w) else {
            continue;
        };
        if clipped_start || ws.piece.is_empty() {
            if !ws.piece.is_empty() {
                close_piece(r, w, ws);
            }
            ws.piece.push(p0);
        }
        ws.piece.push(p1);
        if clipped_end {
            close_piece(r, w, ws);
        }
    }
    if !ws.piece.is_empty() {
        close_piece(r, w, ws);
    }
}

/// Closes `ws.piece` into a loop through `w`'s boundary and moves it to `ws.loops`.
fn close_piece(r: &Bbox, w: &Bbox, ws: &mut WindowScratch) {
    let mut lp = std::mem::take(&mut ws.piece);
    lp.dedup();
    if lp.len() < 2 {
        return;
    }
    let (start, end) = (lp[0], lp[lp.len() - 1]);
    let e_out = outward(end, r, w);
    let s_out = outward(start, r, w);
    lp.push(e_out);
    let (pe, ps) = (perimeter_pos(e_out, w), perimeter_pos(s_out, w));
    // Corners passed walking counter-clockwise from pe to ps.
    let total = 2.0 * (w.width() + w.height());
    let corners = [
        (
            0.0,
            Coord {
                x: w.min_x,
                y: w.min_y,
            },
        ),
        (
            w.width(),
            Coord {
                x: w.max_x,
                y: w.min_y,
            },
        ),
        (
            w.width() + w.height(),
            Coord {
                x: w.max_x,
                y: w.max_y,
            },
        ),
        (
            2.0 * w.width() + w.height(),
            Coord {
                x: w.min_x,
                y: w.max_y,
            },
        ),
    ];
    let span = (ps - pe).rem_euclid(total);
    let mut passed: Vec<(f64, Coord)> = corners
        .iter()
        .map(|&(pos, c)| ((pos - pe).rem_euclid(total), c))
        .filter(|&(off, _)| off > 0.0 && off < span)
        .collect();
    passed.sort_by(|a, b| a.0.total_cmp(&b.0));
    lp.extend(passed.into_iter().map(|(_, c)| c));
    lp.push(s_out);
    lp.dedup();
    if lp.len() > 1 && lp.first() == lp.last() {
        lp.pop();
    }
    if lp.len() >= 3 {
        ws.loops.push(lp);
    }
}

/// The point where an axis ray from `p` (outside `r`) leaving `r` meets `w`'s boundary.
fn outward(p: Coord, r: &Bbox, w: &Bbox) -> Coord {
    if p.x > r.max_x {
        Coord { x: w.max_x, y: p.y }
    } else if p.x < r.min_x {
        Coord { x: w.min_x, y: p.y }
    } else if p.y > r.max_y {
        Coord { x: p.x, y: w.max_y }
    } else {
        Coord { x: p.x, y: w.min_y }
    }
}

/// Position of a point on `w`'s boundary, counter-clockwise from the lower-left corner.
fn perimeter_pos(p: Coord, w: &Bbox) -> f64 {
    let (wd, ht) = (w.width(), w.height());
    if p.y == w.min_y && p.x < w.max_x {
        p.x - w.min_x
    } else if p.x == w.max_x && p.y < w.max_y {
        wd + (p.y - w.min_y)
    } else if p.y == w.max_y && p.x > w.min_x {
        wd + ht + (w.max_x - p.x)
    } else {
        2.0 * wd + ht + (w.max_y - p.y)
    }
}

/// Liang–Barsky clipping of segment `ab` to the closed box `w`: the clipped ends, and whether
/// each end was moved (then it lies exactly on `w`'s boundary).
fn clip_segment(a: Coord, b: Coord, w: &Bbox) -> Option<(Coord, Coord, bool, bool)> {
    if w.contains(a) && w.contains(b) {
        return Some((a, b, false, false));
    }
    let d = b - a;
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-d.x, a.x - w.min_x),
        (d.x, w.max_x - a.x),
        (-d.y, a.y - w.min_y),
        (d.y, w.max_y - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| -> Coord {
        let c = Coord {
            x: a.x + t * d.x,
            y: a.y + t * d.y,
        };
        snap_to_box(c, w)
    };
    let (p0, s0) = if t0 > 0.0 { (at(t0), true) } else { (a, false) };
    let (p1, s1) = if t1 < 1.0 { (at(t1), true) } else { (b, false) };
    Some((p0, p1, s0, s1))
}

/// Puts a clip point exactly on the nearest side of `w` (it is within rounding of one).
fn snap_to_box(c: Coord, w: &Bbox) -> Coord {
    let mut c = Coord {
        x: c.x.clamp(w.min_x, w.max_x),
        y: c.y.clamp(w.min_y, w.max_y),
    };
    let dists = [
        (c.x - w.min_x).abs(),
        (w.max_x - c.x).abs(),
        (c.y - w.min_y).abs(),
        (w.max_y - c.y).abs(),
    ];
    let mut best = 0;
    for k in 1..4 {
        if dists[k] < dists[best] {
            best = k;
        }
    }
    match best {
        0 => c.x = w.min_x,
        1 => c.x = w.max_x,
        2 => c.y = w.min_y,
        _ => c.y = w.max_y,
    }
    c
}

/// A point of `r` at least a small distance from every edge of `ye`.
fn reference_point(r: &Bbox, ye: &[Seg]) -> Option<Coord> {
    let scale = r.width().max(r.height()).max(1e-3);
    let clearance = 1e-7 * scale + 1e-6;
    let fr = [0.5, 0.25, 0.75, 0.125, 0.375, 0.625, 0.875];
    for &fx in &fr {
        for &fy in &fr {
            let q = Coord {
                x: r.min_x + fx * r.width(),
                y: r.min_y + fy * r.height(),
            };
            if ye.iter().all(|s| dist_to_segment(q, s.a, s.b) > clearance) {
                return Some(q);
            }
        }
    }
    None
}

fn dist_to_segment(p: Coord, a: Coord, b: Coord) -> f64 {
    let d = b - a;
    let l2 = d.x * d.x + d.y * d.y;
    let t = if l2 > 0.0 {
        (((p.x - a.x) * d.x + (p.y - a.y) * d.y) / l2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let q = Coord {
        x: a.x + t * d.x,
        y: a.y + t * d.y,
    };
    ((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt()
}
