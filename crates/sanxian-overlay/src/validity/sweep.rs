//! Step 3 of validation: the plane sweep over every edge of a geometry.
//!
//! The sweep visits the distinct vertices in lexicographic order (x, then y: a sweep line
//! turned by an infinitesimal angle, so that vertical edges need no special case). The status
//! holds the edges that span the sweep line, ordered from bottom to top; while no two edges
//! cross, the relative order of two edges never changes, so the status is a `BTreeSet` ordered
//! by an exact comparison of the two edges at the later of their left ends. At each vertex:
//!
//! 1. the edges containing it (those in the status through or ending at it, found as one run
//!    of the order, and those starting there) are judged around the point ([`super::star`]);
//! 2. the edges ending there leave, those starting there enter;
//! 3. every ring whose first vertex this is learns the ring that encloses it from the edge just
//!    below its lower edge;
//! 4. the edges now next to each other across the point are tested for a crossing or overlap
//!    (Shamos–Hoey: the leftmost crossing of any two edges shows up between neighbours before
//!    the sweep passes it).
//!
//! The sweep stops at the first defect that changes area; defects that change none are
//! remembered and the sweep goes on.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::ops::Bound;

use geo::Coord;

use super::rings::RingSet;
use super::star::{analyse, Half, StarScratch, Verdict};
use super::{xy, Defect, IssueKind};
use crate::geom::{crossing_point, orient, seg_relation, SegRel};

/// An edge of the geometry, its ends in lexicographic order.
#[derive(Debug, Clone, Copy)]
struct Seg {
    a: Coord,
    b: Coord,
    ring: u32,
    /// Edge `edge` of the ring runs from vertex `edge` to vertex `edge + 1`.
    edge: u32,
    /// Is the region enclosed by the ring just above the edge?
    enclosed_above: bool,
}

/// An edge in the status, or a probe (a = b: a point, placed among the edges through it by
/// `id`, 0 before them and `u32::MAX` after).
#[derive(Debug, Clone, Copy)]
struct Key {
    a: Coord,
    b: Coord,
    /// Segment index + 1.
    id: u32,
}

#[inline]
fn lex(p: Coord, q: Coord) -> Ordering {
    p.x.total_cmp(&q.x).then(p.y.total_cmp(&q.y))
}

/// Where `t` lies relative to `s` (with `s.a` not after `t.a`): 1 above, -1 below, 0 when `t`
/// lies on the line of `s` (a point on it, or collinear).
#[inline]
fn side(s: &Key, t: &Key) -> i8 {
    if s.a == s.b {
        return 0;
    }
    match orient(s.a, s.b, t.a) {
        0 => orient(s.a, s.b, t.b),
        o => o,
    }
}

impl Ord for Key {
    fn cmp(&self, o: &Self) -> Ordering {
        if self.id == o.id {
            return Ordering::Equal;
        }
        let up = if lex(self.a, o.a) != Ordering::Greater {
            side(self, o)
        } else {
            -side(o, self)
        };
        match up {
            1 => Ordering::Less,
            -1 => Ordering::Greater,
            _ => self.id.cmp(&o.id),
        }
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl PartialEq for Key {
    fn eq(&self, o: &Self) -> bool {
        self.id == o.id
    }
}

impl Eq for Key {}

const NONE: u32 = u32::MAX;
const UNSET: u32 = u32::MAX - 1;

/// Buffers of the sweep, reused between features.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    segs: Vec<Seg>,
    starts: Vec<u32>,
    ends: Vec<u32>,
    status: BTreeSet<Key>,
    block: Vec<Key>,
    halves: Vec<Half>,
    star: StarScratch,
    first: Vec<Coord>,
    parent: Vec<u32>,
    /// Union-find over rings and touch points.
    uf: Vec<u32>,
}

fn find(uf: &mut [u32], mut x: u32) -> u32 {
    while uf[x as usize] != x {
        let up = uf[uf[x as usize] as usize];
        uf[x as usize] = up;
        x = up;
    }
    x
}

struct Sweep<'a> {
    set: &'a RingSet,
    s: &'a mut Scratch,
    /// The first defect found that changes no area.
    neutral: Option<Defect>,
}

impl Sweep<'_> {
    fn key(&self, i: u32) -> Key {
        let g = &self.s.segs[i as usize];
        Key {
            a: g.a,
            b: g.b,
            id: i + 1,
        }
    }

    fn seg(&self, k: &Key) -> Seg {
        self.s.segs[k.id as usize - 1]
    }

    fn defect(&self, kind: IssueKind, ring: u32, at: Coord) -> Defect {
        let m = self.set.meta(ring as usize);
        Defect {
            kind,
            location: Some(xy(at)),
            part: m.part as usize,
            ring: m.ring as usize,
        }
    }

    /// The kind of defect two edges meeting wrongly make.
    fn meeting_kind(&self, s: &Seg, t: &Seg, overlap: bool) -> (IssueKind, u32) {
        if s.ring == t.ring {
            let m = self.set.vertices(s.ring as usize).len() as u32;
            let d = s.edge.abs_diff(t.edge);
            if overlap && (d == 1 || d == m - 1) {
                return (IssueKind::Spike, s.ring);
            }
            return (IssueKind::SelfIntersection, s.ring);
        }
        let (ms, mt) = (
            self.set.meta(s.ring as usize),
            self.set.meta(t.ring as usize),
        );
        if ms.part == mt.part {
            (IssueKind::SelfIntersection, s.ring)
        } else {
            (IssueKind::PartsOverlap, s.ring)
        }
    }

    /// Neighbours `s` below `t`: a crossing or overlap is a defect.
    fn neighbours(&self, s: Option<&Key>, t: Option<&Key>) -> Option<Defect> {
        let (s, t) = (s?, t?);
        match seg_relation(s.a, s.b, t.a, t.b) {
            SegRel::Proper => {
                let (p, _, _) = crossing_point(s.a, s.b, t.a, t.b);
                let (kind, ring) = self.meeting_kind(&self.seg(s), &self.seg(t), false);
                Some(self.defect(kind, ring, p))
            }
            SegRel::Contact { overlap: true, .. } => {
                let at = if lex(s.a, t.a) == Ordering::Greater {
                    s.a
                } else {
                    t.a
                };
                let (kind, ring) = self.meeting_kind(&self.seg(s), &self.seg(t), true);
                Some(self.defect(kind, ring, at))
            }
            _ => None,
        }
    }

    /// The visit of segment `i` at point `p`.
    fn visit(&self, i: u32, p: Coord) -> (u64, bool) {
        let g = &self.s.segs[i as usize];
        let v = self.set.vertices(g.ring as usize);
        let m = v.len() as u32;
        let from = g.edge;
        let to = (g.edge + 1) % m;
        let local = if v[from as usize] == p {
            from
        } else if v[to as usize] == p {
            to
        } else {
            m + g.edge
        };
        (((g.ring as u64) << 32) | local as u64, local >= m)
    }

    /// Judges the edges around `p`: those of `block` and the segments starting at `p`.
    fn star(&mut self, p: Coord, starts: std::ops::Range<usize>) -> Option<Defect> {
        let mut halves = std::mem::take(&mut self.s.halves);
        halves.clear();
        for k in 0..self.s.block.len() {
            let i = self.s.block[k].id - 1;
            let g = self.s.segs[i as usize];
            let (visit, interior) = self.visit(i, p);
            if interior {
                halves.push(Half {
                    to: g.a,
                    visit,
                    seg: i,
                });
                halves.push(Half {
                    to: g.b,
                    visit,
                    seg: i,
                });
            } else {
                let to = if g.a == p { g.b } else { g.a };
                halves.push(Half { to, visit, seg: i });
            }
        }
        for k in starts {
            let i = self.s.starts[k];
            let (visit, _) = self.visit(i, p);
            halves.push(Half {
                to: self.s.segs[i as usize].b,
                visit,
                seg: i,
            });
        }
        // The usual vertex: one ring passing through, two edges.
        if halves.len() == 2 && halves[0].visit == halves[1].visit {
            let (h, k) = (halves[0], halves[1]);
            self.s.halves = halves;
            if super::star::angular_cmp(p, h.to, k.to) == Ordering::Equal {
                return Some(self.defect(IssueKind::Spike, h.ring(), p));
            }
            return None;
        }
        let verdict = analyse(p, &mut halves, &mut self.s.star);
        self.s.halves = halves;
        match verdict {
            Verdict::Overlap(i, j) => {
                let (s, t) = (self.s.segs[i as usize], self.s.segs[j as usize]);
                let (kind, ring) = self.meeting_kind(&s, &t, true);
                Some(self.defect(kind, ring, p))
            }
            Verdict::Crossing(h, k) => {
                let (s, t) = (self.s.segs[h.seg as usize], self.s.segs[k.seg as usize]);
                let (kind, ring) = self.meeting_kind(&s, &t, false);
                Some(self.defect(kind, ring, p))
            }
            Verdict::Fine { self_touch } => {
                if let Some(r) = self_touch {
                    if self.neutral.is_none() {
                        self.neutral = Some(self.defect(IssueKind::SelfTouch, r, p));
                    }
                }
                self.touches(p);
                None
            }
        }
    }

    /// Rings of one polygon meeting at `p`: a cycle of touching rings cuts the interior.
    fn touches(&mut self, p: Coord) {
        let rings = std::mem::take(&mut self.s.star.rings);
        let mut i = 0;
        while i < rings.len() {
            let part = self.set.meta(rings[i] as usize).part;
            let mut j = i + 1;
            while j < rings.len() && self.set.meta(rings[j] as usize).part == part {
                j += 1;
            }
            if j - i >= 2 {
                let point = self.s.uf.len() as u32;
                self.s.uf.push(point);
                for &r in &rings[i..j] {
                    let (a, b) = (find(&mut self.s.uf, r), find(&mut self.s.uf, point));
                    if a == b {
                        if self.neutral.is_none() {
                            self.neutral = Some(self.defect(IssueKind::DisconnectedInterior, r, p));
                        }
                    } else {
                        self.s.uf[a as usize] = b;
                    }
                }
            }
            i = j;
        }
        self.s.star.rings = rings;
    }

    /// Rings whose first vertex is `p` learn their enclosing ring; `below` is the edge under
    /// the run of edges through `p` (`block`).
    fn nest(&mut self, p: Coord, below: Option<Key>) {
        let mut prev = below;
        for k in 0..self.s.block.len() {
            let key = self.s.block[k];
            let g = self.seg(&key);
            let r = g.ring as usize;
            if g.a == p && self.s.first[r] == p && self.s.parent[r] == UNSET {
                self.s.parent[r] = match prev {
                    None => NONE,
                    Some(t) => {
                        let t = self.seg(&t);
                        if t.enclosed_above {
                            t.ring
                        } else {
                            match self.s.parent[t.ring as usize] {
                                UNSET => NONE,
                                q => q,
                            }
                        }
                    }
                };
            }
            prev = Some(key);
        }
    }

    fn fill_block(&mut self, p: Coord) {
        let (lo, hi) = probes(p);
        self.s.block.clear();
        self.s.block.extend(self.s.status.range(lo..=hi).copied());
    }

    fn run(&mut self) -> Option<Defect> {
        let n = self.s.segs.len();
        let (mut i, mut j) = (0usize, 0usize);
        while j < n {
            let p = if i < n {
                let (sa, eb) = (
                    self.s.segs[self.s.starts[i] as usize].a,
                    self.s.segs[self.s.ends[j] as usize].b,
                );
                if lex(sa, eb) == Ordering::Greater {
                    eb
                } else {
                    sa
                }
            } else {
                self.s.segs[self.s.ends[j] as usize].b
            };
            let i0 = i;
            while i < n && self.s.segs[self.s.starts[i] as usize].a == p {
                i += 1;
            }
            let j0 = j;
            while j < n && self.s.segs[self.s.ends[j] as usize].b == p {
                j += 1;
            }
            self.fill_block(p);
            if let Some(d) = self.star(p, i0..i) {
                return Some(d);
            }
            for e in j0..j {
                let k = self.key(self.s.ends[e]);
                self.s.status.remove(&k);
            }
            for k in i0..i {
                let key = self.key(self.s.starts[k]);
                self.s.status.insert(key);
            }
            self.fill_block(p);
            let (lo, hi) = probes(p);
            let (below, above) = match (self.s.block.first(), self.s.block.last()) {
                (Some(f), Some(l)) => (
                    self.s.status.range(..*f).next_back().copied(),
                    self.s
                        .status
                        .range((Bound::Excluded(*l), Bound::Unbounded))
                        .next()
                        .copied(),
                ),
                _ => (
                    self.s.status.range(..lo).next_back().copied(),
                    self.s
                        .status
                        .range((Bound::Excluded(hi), Bound::Unbounded))
                        .next()
                        .copied(),
                ),
            };
            if i > i0 {
                self.nest(p, below);
            }
            match (self.s.block.first().copied(), self.s.block.last().copied()) {
                (Some(f), Some(l)) => {
                    if let Some(d) = self.neighbours(below.as_ref(), Some(&f)) {
                        return Some(d);
                    }
                    if let Some(d) = self.neighbours(Some(&l), above.as_ref()) {
                        return Some(d);
                    }
                }
                _ => {
                    if let Some(d) = self.neighbours(below.as_ref(), above.as_ref()) {
                        return Some(d);
                    }
                }
            }
        }
        None
    }

    /// After the sweep: every hole directly inside its own shell, every shell outside all other
    /// shells (or inside a hole of another part).
    fn nesting(&self) -> Option<Defect> {
        // Shells first, as GEOS reports them: a shell inside another shell also puts that
        // shell's holes outside their own.
        for shells in [true, false] {
            for r in 0..self.set.len() {
                let m = self.set.meta(r);
                if (m.ring == 0) != shells {
                    continue;
                }
                let parent = self.s.parent[r];
                let pm = (parent < UNSET).then(|| self.set.meta(parent as usize));
                let kind = if shells {
                    match pm {
                        Some(pm) if pm.ring == 0 || pm.part == m.part => {
                            Some(IssueKind::NestedShells)
                        }
                        _ => None,
                    }
                } else {
                    match pm {
                        Some(pm) if pm.part == m.part && pm.ring == 0 => None,
                        Some(pm) if pm.part == m.part => Some(IssueKind::NestedHoles),
                        _ => Some(IssueKind::HoleOutsideShell),
                    }
                };
                if let Some(kind) = kind {
                    return Some(self.defect(kind, r as u32, self.s.first[r]));
                }
            }
        }
        None
    }
}

fn probes(p: Coord) -> (Key, Key) {
    (
        Key { a: p, b: p, id: 0 },
        Key {
            a: p,
            b: p,
            id: u32::MAX,
        },
    )
}

/// Sweeps the cleaned rings of `set`; the first defect that changes area, else the first that
/// does not, else `None`.
pub(super) fn sweep(set: &RingSet, s: &mut Scratch) -> Option<Defect> {
    s.segs.clear();
    s.first.clear();
    s.parent.clear();
    s.uf.clear();
    s.status.clear();
    for r in 0..set.len() {
        let v = set.vertices(r);
        let m = v.len();
        let lowest = (0..m).min_by(|&i, &j| lex(v[i], v[j])).unwrap_or_default();
        // At its lexicographically first vertex a simple ring turns the way it runs.
        let ccw = orient(v[(lowest + m - 1) % m], v[lowest], v[(lowest + 1) % m]) > 0;
        s.first.push(v[lowest]);
        s.parent.push(UNSET);
        s.uf.push(r as u32);
        for e in 0..m {
            let (p, q) = (v[e], v[(e + 1) % m]);
            let forward = lex(p, q) == Ordering::Less;
            let (a, b) = if forward { (p, q) } else { (q, p) };
            s.segs.push(Seg {
                a,
                b,
                ring: r as u32,
                edge: e as u32,
                enclosed_above: ccw == forward,
            });
        }
    }
    let n = s.segs.len() as u32;
    s.starts.clear();
    s.starts.extend(0..n);
    s.ends.clear();
    s.ends.extend(0..n);
    let segs = &s.segs;
    s.starts
        .sort_unstable_by(|&i, &j| lex(segs[i as usize].a, segs[j as usize].a).then(i.cmp(&j)));
    s.ends
        .sort_unstable_by(|&i, &j| lex(segs[i as usize].b, segs[j as usize].b).then(i.cmp(&j)));
    let mut sw = Sweep {
        set,
        s,
        neutral: None,
    };
    if let Some(d) = sw.run() {
        return Some(d);
    }
    sw.nesting().or(sw.neutral)
}
