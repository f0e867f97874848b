//! Exact clipping of one part against a feature when their boundaries cross in general
//! position: a Weiler–Atherton walk on local edges.
//!
//! Preconditions, checked by the caller: every crossing between the part's edges and the
//! feature's edges is proper (no vertex on an edge, no shared stretch), and every such crossing
//! is in `crossings`. The walk follows the part's boundary (interior on the left) while it is
//! inside the feature and the feature's boundary (interior on the left) while it is inside the
//! part, switching at crossings. Output vertices are input vertices and the computed crossing
//! points, as in GEOS; nothing is snapped to a grid.
//!
//! Whatever the walk cannot vouch for — crossings too close to order, labels that do not
//! alternate, rings that would need nesting — returns `None`, and the caller falls back to a
//! boolean operation on a local window.

use geo::{Coord, LineString, Polygon};

use crate::geom::Location;
use crate::prepare::PreparedFeature;
use sanxian_types::planar::ring_signed_area;

/// A proper crossing of a subject edge with an edge of the other feature.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Crossing {
    pub pt: Coord,
    /// Subject ring and edge, and the parameter along the edge as stored.
    pub p_ring: u32,
    pub p_edge: u32,
    pub p_t: f64,
    /// Other feature's ring and edge, and the parameter along it.
    pub y_ring: u32,
    pub y_edge: u32,
    pub y_s: f64,
}

/// Reusable buffers of the walk.
#[derive(Debug, Default)]
pub(crate) struct ClipScratch {
    /// Oriented edge and parameter along the subject ring, and entering flag, per crossing.
    p_pos: Vec<(u32, u32, f64, bool)>,
    by_p: Vec<u32>,
    by_y: Vec<u32>,
    p_next: Vec<u32>,
    y_rank: Vec<u32>,
    /// Ranges of `by_y` per other-feature ring, as (ring, start, end).
    y_ranges: Vec<(u32, u32, u32)>,
    visited: Vec<bool>,
    ring: Vec<Coord>,
}

/// Ring geometry with its traversal direction.
struct Oriented<'a> {
    coords: &'a [Coord],
    /// Number of edges.
    m: usize,
    forward: bool,
}

impl Oriented<'_> {
    /// Vertex `k` of the ring walked with the interior on the left.
    #[inline]
    fn vertex(&self, k: usize) -> Coord {
        if self.forward {
            self.coords[k]
        } else {
            self.coords[self.m - k]
        }
    }
}

/// Walks the crossings of part `part` of `x` with `y` into the rings of their intersection,
/// appended to `out`. `None` when the walk cannot vouch for its result.
pub(crate) fn weiler_atherton(
    x: &PreparedFeature<'_>,
    part: usize,
    y: &PreparedFeature<'_>,
    crossings: &[Crossing],
    y_rings_touched: &[u32],
    s: &mut ClipScratch,
    out: &mut Vec<Polygon<f64>>,
) -> Option<()> {
    let n = crossings.len();
    s.p_pos.clear();
    for c in crossings {
        let info = &x.rings[c.p_ring as usize];
        let m = x.ring_coords(c.p_ring as usize).len() - 1;
        let (k, t) = if info.interior_left {
            (c.p_edge, c.p_t)
        } else {
            (m as u32 - 1 - c.p_edge, 1.0 - c.p_t)
        };
        // Entering: the head of the oriented subject edge is on the feature's interior side.
        let ring = x.ring_coords(c.p_ring as usize);
        let head = if info.interior_left {
            ring[c.p_edge as usize + 1]
        } else {
            ring[c.p_edge as usize]
        };
        let yr = y.ring_coords(c.y_ring as usize);
        let (ya, yb) = (yr[c.y_edge as usize], yr[c.y_edge as usize + 1]);
        let o = crate::geom::orient(ya, yb, head);
        if o == 0 {
            return None;
        }
        let entering = (o > 0) == y.rings[c.y_ring as usize].interior_left;
        s.p_pos.push((c.p_ring, k, t, entering));
    }

    // Order along the subject rings; parameters that tie cannot be ordered safely.
    s.by_p.clear();
    s.by_p.extend(0..n as u32);
    let pp = &s.p_pos;
    s.by_p.sort_unstable_by(|&i, &j| {
        let (a, b) = (pp[i as usize], pp[j as usize]);
        (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2))
    });
    s.p_next.clear();
    s.p_next.resize(n, 0);
    let mut start = 0;
    while start < n {
        let ring = pp[s.by_p[start] as usize].0;
        let mut end = start;
        while end < n && pp[s.by_p[end] as usize].0 == ring {
            end += 1;
        }
        if (end - start) % 2 == 1 {
            return None;
        }
        for i in start..end {
            let (c, nx) = (s.by_p[i], s.by_p[if i + 1 == end { start } else { i + 1 }]);
            let (a, b) = (pp[c as usize], pp[nx as usize]);
            if a.3 == b.3 || (a.1 == b.1 && a.2 == b.2) {
                return None;
            }
            s.p_next[c as usize] = nx;
        }
        start = end;
    }

    // Order along the other feature's rings.
    s.by_y.clear();
    s.by_y.extend(0..n as u32);
    s.by_y.sort_unstable_by(|&i, &j| {
        let (a, b) = (&crossings[i as usize], &crossings[j as usize]);
        (a.y_ring, a.y_edge)
            .cmp(&(b.y_ring, b.y_edge))
            .then(a.y_s.total_cmp(&b.y_s))
    });
    s.y_rank.clear();
    s.y_rank.resize(n, 0);
    s.y_ranges.clear();
    for (r, &c) in s.by_y.iter().enumerate() {
        s.y_rank[c as usize] = r as u32;
        let cr = &crossings[c as usize];
        match s.y_ranges.last_mut() {
            Some(last) if last.0 == cr.y_ring => last.2 = r as u32 + 1,
            _ => s.y_ranges.push((cr.y_ring, r as u32, r as u32 + 1)),
        }
        if r > 0 {
            let prev = &crossings[s.by_y[r - 1] as usize];
            if prev.y_ring == cr.y_ring && prev.y_edge == cr.y_edge && prev.y_s == cr.y_s {
                return None;
            }
        }
    }

    // Rings without crossings: outside the other geometry they add nothing; inside, the result
    // would need holes or whole rings, which the walk does not assemble.
    for r in x.part_rings(part) {
        if !crossings.iter().any(|c| c.p_ring as usize == r) {
            let v = *x.ring_coords(r).first()?;
            if y.locate(v, None) != Location::Outside {
                return None;
            }
        }
    }
    for &r in y_rings_touched {
        if !s.y_ranges.iter().any(|g| g.0 == r) {
            let v = *y.ring_coords(r as usize).first()?;
            if x.locate(v, Some(part as u32)) != Location::Outside {
                return None;
            }
        }
    }

    s.visited.clear();
    s.visited.resize(n, false);
    let max_steps = 2 * n + 2;
    for i in 0..n {
        let c0 = s.by_p[i] as usize;
        if s.visited[c0] || !s.p_pos[c0].3 {
            continue;
        }
        s.ring.clear();
        let mut cur = c0;
        let mut steps = 0;
        loop {
            s.visited[cur] = true;
            s.ring.push(crossings[cur].pt);
            // Along the subject, inside the other feature, to the exit.
            let ex = s.p_next[cur] as usize;
            if s.p_pos[ex].3 {
                return None;
            }
            walk_subject(x, &crossings[cur], &s.p_pos[cur], &s.p_pos[ex], &mut s.ring);
            s.visited[ex] = true;
            s.ring.push(crossings[ex].pt);
            // Along the other feature, inside the subject, to the next entry.
            let cx = &crossings[ex];
            let forward = y.rings[cx.y_ring as usize].interior_left;
            let range = s.y_ranges.iter().find(|g| g.0 == cx.y_ring)?;
            let (lo, hi) = (range.1 as usize, range.2 as usize);
            let r = s.y_rank[ex] as usize;
            let nr = if forward {
                if r + 1 == hi {
                    lo
                } else {
                    r + 1
                }
            } else if r == lo {
                hi - 1
            } else {
                r - 1
            };
            let nx = s.by_y[nr] as usize;
            if !s.p_pos[nx].3 {
                return None;
            }
            walk_other(y, cx, &crossings[nx], forward, &mut s.ring);
            if nx == c0 {
                break;
            }
            if s.visited[nx] {
                return None;
            }
            cur = nx;
            steps += 1;
            if steps > max_steps {
                return None;
            }
        }
        s.ring.dedup();
        if s.ring.len() > 1 && s.ring.first() == s.ring.last() {
            s.ring.pop();
        }
        if s.ring.len() < 3 {
            continue;
        }
        let first = s.ring[0];
        s.ring.push(first);
        if ring_signed_area(&s.ring) <= 0.0 {
            return None;
        }
        out.push(Polygon::new(LineString(s.ring.clone()), Vec::new()));
    }
    if s.visited.iter().any(|v| !v) {
        return None;
    }
    Some(())
}

/// Appends the subject vertices strictly between crossing `from` and crossing `to` along the
/// oriented subject ring.
fn walk_subject(
    x: &PreparedFeature<'_>,
    from: &Crossing,
    fp: &(u32, u32, f64, bool),
    tp: &(u32, u32, f64, bool),
    ring: &mut Vec<Coord>,
) {
    let coords = x.ring_coords(from.p_ring as usize);
    let m = coords.len() - 1;
    let o = Oriented {
        coords,
        m,
        forward: x.rings[from.p_ring as usize].interior_left,
    };
    let (k0, t0) = (fp.1 as usize, fp.2);
    let (k1, t1) = (tp.1 as usize, tp.2);
    if k1 == k0 && t1 > t0 {
        return;
    }
    let mut count = (k1 + m - k0) % m;
    if count == 0 {
        count = m;
    }
    for i in 1..=count {
        ring.push(o.vertex((k0 + i) % m));
    }
}

/// Appends the other feature's vertices strictly between crossings `from` and `to` along its
/// ring, forward or backward.
fn walk_other(
    y: &PreparedFeature<'_>,
    from: &Crossing,
    to: &Crossing,
    forward: bool,
    ring: &mut Vec<Coord>,
) {
    let coords = y.ring_coords(from.y_ring as usize);
    let m = coords.len() - 1;
    let (e0, s0) = (from.y_edge as usize, from.y_s);
    let (e1, s1) = (to.y_edge as usize, to.y_s);
    if forward {
        if e1 == e0 && s1 > s0 {
            return;
        }
        let mut count = (e1 + m - e0) % m;
        if count == 0 {
            count = m;
        }
        for i in 1..=count {
            ring.push(coords[(e0 + i) % m]);
        }
    } else {
        if e1 == e0 && s1 < s0 {
            return;
        }
        let mut count = (e0 + m - e1) % m;
        if count == 0 {
            count = m;
        }
        for i in 0..count {
            ring.push(coords[(e0 + m - i) % m]);
        }
    }
}
