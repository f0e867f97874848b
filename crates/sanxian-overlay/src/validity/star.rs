//! The edges around one point: their angular order, and what it tells.
//!
//! At a vertex the sweep gathers every edge that contains the point, as half-edges leaving it
//! (an edge through the point contributes two). Each half-edge belongs to one *visit* of a ring
//! at the point: the vertex a ring passes through, with its incoming and outgoing edge, or the
//! interior point of one edge. Around the point, two visits cross exactly when their half-edges
//! interleave in the cyclic order (A B A B); two half-edges in the same direction are edges
//! overlapping along a stretch. Both tests are exact: directions are compared by half-plane and
//! exact orientation.

use std::cmp::Ordering;

use geo::Coord;

use crate::geom::{orient, RayCounter};

/// One edge leaving the point.
#[derive(Debug, Clone, Copy)]
pub(super) struct Half {
    /// The other end of the edge.
    pub to: Coord,
    /// The visit: ring in the high 32 bits, the vertex (or `m` + edge, for a point inside an
    /// edge) in the low 32 bits.
    pub visit: u64,
    /// The segment it lies on.
    pub seg: u32,
}

impl Half {
    pub fn ring(&self) -> u32 {
        (self.visit >> 32) as u32
    }
}

/// 0 for directions in the upper half-plane (and due east), 1 for the lower (and due west).
#[inline]
fn half_plane(p: Coord, d: Coord) -> u8 {
    if d.y > p.y || (d.y == p.y && d.x > p.x) {
        0
    } else {
        1
    }
}

/// Counter-clockwise order of directions `p → d1`, `p → d2`, starting due east.
#[inline]
pub(super) fn angular_cmp(p: Coord, d1: Coord, d2: Coord) -> Ordering {
    half_plane(p, d1)
        .cmp(&half_plane(p, d2))
        .then_with(|| match orient(p, d1, d2) {
            1 => Ordering::Less,
            -1 => Ordering::Greater,
            _ => Ordering::Equal,
        })
}

/// What the half-edges around a point show, in order of seriousness.
pub(super) enum Verdict {
    /// Two edges leave in the same direction: they overlap (segments given).
    Overlap(u32, u32),
    /// Two visits cross (a half-edge of each given).
    Crossing(Half, Half),
    /// Fine at this point: no overlap, no crossing; a ring visiting the point twice in
    /// `self_touch`. The rings present are left in [`StarScratch::rings`].
    Fine { self_touch: Option<u32> },
}

/// Buffers of [`analyse`].
#[derive(Debug, Default)]
pub(super) struct StarScratch {
    visits: Vec<u64>,
    seen: Vec<bool>,
    stack: Vec<u32>,
    /// The distinct rings at the point after [`analyse`], sorted.
    pub rings: Vec<u32>,
}

/// Orders `halves` around `p` and judges them.
pub(super) fn analyse(p: Coord, halves: &mut [Half], s: &mut StarScratch) -> Verdict {
    halves.sort_by(|h, k| angular_cmp(p, h.to, k.to).then(h.visit.cmp(&k.visit)));
    for w in halves.windows(2) {
        if angular_cmp(p, w[0].to, w[1].to) == Ordering::Equal {
            return Verdict::Overlap(w[0].seg, w[1].seg);
        }
    }
    s.visits.clear();
    s.visits.extend(halves.iter().map(|h| h.visit));
    s.visits.sort_unstable();
    s.visits.dedup();
    s.seen.clear();
    s.seen.resize(s.visits.len(), false);
    s.stack.clear();
    // A cyclic sequence in which every visit occurs twice is free of interleaving pairs iff,
    // cut anywhere, it nests like parentheses.
    for (i, h) in halves.iter().enumerate() {
        let Ok(v) = s.visits.binary_search(&h.visit) else {
            continue;
        };
        let v = v as u32;
        if !s.seen[v as usize] {
            s.seen[v as usize] = true;
            s.stack.push(v);
        } else if s.stack.last() == Some(&v) {
            s.stack.pop();
        } else {
            let top = s.stack.last().copied().unwrap_or(v);
            let other = halves[..i]
                .iter()
                .find(|k| s.visits.binary_search(&k.visit) == Ok(top as usize))
                .copied()
                .unwrap_or(*h);
            return Verdict::Crossing(*h, other);
        }
    }
    s.rings.clear();
    s.rings.extend(s.visits.iter().map(|v| (v >> 32) as u32));
    let mut self_touch = None;
    for w in s.rings.windows(2) {
        if w[0] == w[1] {
            self_touch.get_or_insert(w[0]);
        }
    }
    s.rings.dedup();
    Verdict::Fine { self_touch }
}

/// A linear-time certificate of simplicity for one ring (`ring` without its closing vertex):
/// the ring is strictly star-shaped with respect to its vertex centroid `c` — every edge turns
/// the same way around `c` (exact orientation) and the ring winds around `c` once (exactly one
/// crossing of the ray from `c`). The angular sectors of the edges then tile the full turn
/// without overlap, so no two edges can meet except consecutive ones at their shared vertex.
pub(super) fn star_shaped(ring: &[Coord]) -> bool {
    let m = ring.len();
    if m < 3 {
        return false;
    }
    let o = ring[0];
    let (mut sx, mut sy) = (0.0, 0.0);
    for v in ring {
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
    for i in 0..m {
        let (a, b) = (ring[i], ring[(i + 1) % m]);
        if orient(c, a, b) != turn {
            return false;
        }
        rc.add(a, b);
    }
    !rc.is_on_boundary() && rc.crossings() == 1
}
