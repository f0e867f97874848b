//! Planar primitives shared by every step: boxes, exact orientation, ray-crossing point location
//! and segment relations.
//!
//! Every predicate that decides topology (which side, on the boundary or not, crossing or
//! touching) uses Shewchuk's adaptive-precision orientation test through geo's
//! [`RobustKernel`], so it is exact for the input coordinates. Only constructed points (where
//! two edges cross) are rounded.

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::Coord;
use rstar::AABB;

/// An axis-aligned box; empty when `min_x > max_x`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Bbox {
    pub min_x: f64,
    pub min_y: f64,
    pub max_x: f64,
    pub max_y: f64,
}

impl Bbox {
    /// The empty box, neutral for [`Bbox::add`].
    pub const EMPTY: Bbox = Bbox {
        min_x: f64::INFINITY,
        min_y: f64::INFINITY,
        max_x: f64::NEG_INFINITY,
        max_y: f64::NEG_INFINITY,
    };

    #[inline]
    pub fn of_coords(coords: &[Coord]) -> Bbox {
        let mut b = Bbox::EMPTY;
        for c in coords {
            b.add(*c);
        }
        b
    }

    #[inline]
    pub fn of_segment(a: Coord, b: Coord) -> Bbox {
        Bbox {
            min_x: a.x.min(b.x),
            min_y: a.y.min(b.y),
            max_x: a.x.max(b.x),
            max_y: a.y.max(b.y),
        }
    }

    #[inline]
    pub fn add(&mut self, c: Coord) {
        self.min_x = self.min_x.min(c.x);
        self.min_y = self.min_y.min(c.y);
        self.max_x = self.max_x.max(c.x);
        self.max_y = self.max_y.max(c.y);
    }

    #[inline]
    pub fn union(&self, o: &Bbox) -> Bbox {
        Bbox {
            min_x: self.min_x.min(o.min_x),
            min_y: self.min_y.min(o.min_y),
            max_x: self.max_x.max(o.max_x),
            max_y: self.max_y.max(o.max_y),
        }
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        !(self.min_x <= self.max_x && self.min_y <= self.max_y)
    }

    /// Do the closed boxes share a point?
    #[inline]
    pub fn intersects(&self, o: &Bbox) -> bool {
        self.min_x <= o.max_x
            && o.min_x <= self.max_x
            && self.min_y <= o.max_y
            && o.min_y <= self.max_y
    }

    /// Does the closed segment's box meet this closed box?
    #[inline]
    pub fn meets_segment(&self, a: Coord, b: Coord) -> bool {
        a.x.min(b.x) <= self.max_x
            && a.x.max(b.x) >= self.min_x
            && a.y.min(b.y) <= self.max_y
            && a.y.max(b.y) >= self.min_y
    }

    #[inline]
    pub fn intersection(&self, o: &Bbox) -> Bbox {
        Bbox {
            min_x: self.min_x.max(o.min_x),
            min_y: self.min_y.max(o.min_y),
            max_x: self.max_x.min(o.max_x),
            max_y: self.max_y.min(o.max_y),
        }
    }

    /// Does the box have positive width and height?
    #[inline]
    pub fn has_area(&self) -> bool {
        self.max_x > self.min_x && self.max_y > self.min_y
    }

    #[inline]
    pub fn contains(&self, c: Coord) -> bool {
        c.x >= self.min_x && c.x <= self.max_x && c.y >= self.min_y && c.y <= self.max_y
    }

    #[inline]
    pub fn contains_box(&self, o: &Bbox) -> bool {
        o.min_x >= self.min_x
            && o.max_x <= self.max_x
            && o.min_y >= self.min_y
            && o.max_y <= self.max_y
    }

    #[inline]
    pub fn width(&self) -> f64 {
        self.max_x - self.min_x
    }

    #[inline]
    pub fn height(&self) -> f64 {
        self.max_y - self.min_y
    }

    #[inline]
    pub fn expanded(&self, d: f64) -> Bbox {
        Bbox {
            min_x: self.min_x - d,
            min_y: self.min_y - d,
            max_x: self.max_x + d,
            max_y: self.max_y + d,
        }
    }

    #[inline]
    pub fn aabb(&self) -> AABB<[f64; 2]> {
        AABB::from_corners([self.min_x, self.min_y], [self.max_x, self.max_y])
    }
}

/// Exact orientation of `c` relative to the directed line `a → b`: `1` left
/// (counter-clockwise), `-1` right, `0` collinear.
#[inline]
pub(crate) fn orient(a: Coord, b: Coord, c: Coord) -> i8 {
    match RobustKernel::orient2d(a, b, c) {
        Orientation::CounterClockwise => 1,
        Orientation::Clockwise => -1,
        Orientation::Collinear => 0,
    }
}

/// Is `p` inside the closed box of `a`, `b`? For a point collinear with `a`, `b`, this is
/// exactly "on the closed segment".
#[inline]
pub(crate) fn within_box(p: Coord, a: Coord, b: Coord) -> bool {
    p.x >= a.x.min(b.x) && p.x <= a.x.max(b.x) && p.y >= a.y.min(b.y) && p.y <= a.y.max(b.y)
}

/// Where a point is relative to a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Location {
    Inside,
    Outside,
    Boundary,
}

/// Counts crossings of the ray from `q` towards +x with edges (the even-odd rule), and notices
/// when `q` lies on an edge. Exact: the algorithm of JTS's `RayCrossingCounter` on exact
/// orientation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RayCounter {
    q: Coord,
    crossings: u32,
    on_boundary: bool,
}

impl RayCounter {
    #[inline]
    pub fn new(q: Coord) -> Self {
        RayCounter {
            q,
            crossings: 0,
            on_boundary: false,
        }
    }

    /// Adds the edge `p1 → p2`. Every edge whose closed y-range contains `q.y` and that is not
    /// wholly left of `q` must be added; others may be.
    #[inline]
    pub fn add(&mut self, p1: Coord, p2: Coord) {
        let q = self.q;
        if p1.x < q.x && p2.x < q.x {
            return;
        }
        if q == p2 || q == p1 {
            self.on_boundary = true;
            return;
        }
        if p1.y == q.y && p2.y == q.y {
            if q.x >= p1.x.min(p2.x) && q.x <= p1.x.max(p2.x) {
                self.on_boundary = true;
            }
            return;
        }
        if (p1.y > q.y && p2.y <= q.y) || (p2.y > q.y && p1.y <= q.y) {
            let mut o = orient(p1, p2, q);
            if o == 0 {
                self.on_boundary = true;
                return;
            }
            if p2.y < p1.y {
                o = -o;
            }
            if o > 0 {
                self.crossings += 1;
            }
        }
    }

    #[inline]
    pub fn is_on_boundary(&self) -> bool {
        self.on_boundary
    }

    /// Number of crossings counted so far.
    #[inline]
    pub fn crossings(&self) -> u32 {
        self.crossings
    }

    #[inline]
    pub fn location(&self) -> Location {
        if self.on_boundary {
            Location::Boundary
        } else if self.crossings % 2 == 1 {
            Location::Inside
        } else {
            Location::Outside
        }
    }
}

/// A quarter-turn rotation mapping a ray direction onto +x, so that a [`RayCounter`] can cast
/// rays in any axis direction. Rotations by multiples of 90° are exact in floating point and
/// keep orientation signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RayDir {
    PosX,
    NegX,
    PosY,
    NegY,
}

impl RayDir {
    #[inline]
    pub fn map(self, c: Coord) -> Coord {
        match self {
            RayDir::PosX => c,
            RayDir::NegX => Coord { x: -c.x, y: -c.y },
            RayDir::PosY => Coord { x: c.y, y: -c.x },
            RayDir::NegY => Coord { x: -c.y, y: c.x },
        }
    }
}

/// How two closed segments meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SegRel {
    /// No common point.
    Disjoint,
    /// They cross at one point interior to both.
    Proper,
    /// They share a point or a stretch otherwise: an endpoint on the other segment, or
    /// collinear overlap.
    Contact {
        /// `a` lies on `cd`.
        a_on: bool,
        /// `b` lies on `cd`.
        b_on: bool,
        /// `c` lies on `ab`.
        c_on: bool,
        /// `d` lies on `ab`.
        d_on: bool,
        /// The segments are collinear and share a stretch of positive length.
        overlap: bool,
    },
}

/// Exact relation of segments `ab` and `cd`. Zero-length segments must be filtered out by the
/// caller.
#[inline]
pub(crate) fn seg_relation(a: Coord, b: Coord, c: Coord, d: Coord) -> SegRel {
    // Shortcuts for the common cases of a coverage: the same edge, and edges sharing one end.
    if (a == c && b == d) || (a == d && b == c) {
        return SegRel::Contact {
            a_on: true,
            b_on: true,
            c_on: true,
            d_on: true,
            overlap: true,
        };
    }
    let shared = if a == c {
        Some((a, b, d))
    } else if a == d {
        Some((a, b, c))
    } else if b == c {
        Some((b, a, d))
    } else if b == d {
        Some((b, a, c))
    } else {
        None
    };
    if let Some((v, u, w)) = shared {
        // Not collinear: they meet at the shared vertex only.
        if orient(v, u, w) != 0 {
            return SegRel::Contact {
                a_on: a == v,
                b_on: b == v,
                c_on: c == v,
                d_on: d == v,
                overlap: false,
            };
        }
    }
    let oc = orient(a, b, c);
    let od = orient(a, b, d);
    if oc != 0 && oc == od {
        return SegRel::Disjoint;
    }
    let oa = orient(c, d, a);
    let ob = orient(c, d, b);
    if oa != 0 && oa == ob {
        return SegRel::Disjoint;
    }
    if oa != 0 && ob != 0 && oc != 0 && od != 0 {
        return SegRel::Proper;
    }
    let a_on = oa == 0 && within_box(a, c, d);
    let b_on = ob == 0 && within_box(b, c, d);
    let c_on = oc == 0 && within_box(c, a, b);
    let d_on = od == 0 && within_box(d, a, b);
    if !(a_on || b_on || c_on || d_on) {
        return SegRel::Disjoint;
    }
    let collinear = oc == 0 && od == 0;
    // Collinear and sharing more than one point: two of the four endpoints lie on the other
    // segment and they are not the same point.
    let overlap = collinear && {
        let mut pts = [a; 4];
        let mut n = 0;
        for (on, p) in [(a_on, a), (b_on, b), (c_on, c), (d_on, d)] {
            if on {
                pts[n] = p;
                n += 1;
            }
        }
        pts[..n].iter().any(|p| *p != pts[0])
    };
    SegRel::Contact {
        a_on,
        b_on,
        c_on,
        d_on,
        overlap,
    }
}

/// The crossing point of two properly crossing segments, with its parameters along `ab` and
/// `cd`. The point is interpolated along the shorter segment to limit rounding.
#[inline]
pub(crate) fn crossing_point(a: Coord, b: Coord, c: Coord, d: Coord) -> (Coord, f64, f64) {
    let r = b - a;
    let s = d - c;
    let ca = c - a;
    let denom = r.x * s.y - r.y * s.x;
    let t = ((ca.x * s.y - ca.y * s.x) / denom).clamp(0.0, 1.0);
    let u = ((ca.x * r.y - ca.y * r.x) / denom).clamp(0.0, 1.0);
    let lr = r.x * r.x + r.y * r.y;
    let ls = s.x * s.x + s.y * s.y;
    let p = if lr <= ls {
        Coord {
            x: a.x + t * r.x,
            y: a.y + t * r.y,
        }
    } else {
        Coord {
            x: c.x + u * s.x,
            y: c.y + u * s.y,
        }
    };
    (p, t, u)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Location of `q` relative to one closed ring, by itself (even-odd).
    fn locate_in_ring(q: Coord, ring: &[Coord]) -> Location {
        let mut rc = RayCounter::new(q);
        for w in ring.windows(2) {
            rc.add(w[0], w[1]);
            if rc.is_on_boundary() {
                return Location::Boundary;
            }
        }
        rc.location()
    }

    fn c(x: f64, y: f64) -> Coord {
        Coord { x, y }
    }

    #[test]
    fn ray_counter_locates_exactly() {
        let sq = [c(0., 0.), c(2., 0.), c(2., 2.), c(0., 2.), c(0., 0.)];
        assert_eq!(locate_in_ring(c(1., 1.), &sq), Location::Inside);
        assert_eq!(locate_in_ring(c(3., 1.), &sq), Location::Outside);
        assert_eq!(locate_in_ring(c(2., 1.), &sq), Location::Boundary);
        assert_eq!(locate_in_ring(c(1., 0.), &sq), Location::Boundary);
        assert_eq!(locate_in_ring(c(0., 0.), &sq), Location::Boundary);
        assert_eq!(locate_in_ring(c(-1., 0.), &sq), Location::Outside);
        assert_eq!(locate_in_ring(c(-1., 2.), &sq), Location::Outside);
    }

    #[test]
    fn rotated_rays_agree() {
        let ring = [
            c(0., 0.),
            c(4., 0.),
            c(4., 3.),
            c(2., 1.),
            c(0., 3.),
            c(0., 0.),
        ];
        for q in [
            c(1., 1.),
            c(2., 2.),
            c(3., 0.5),
            c(2., 1.),
            c(5., 1.),
            c(2., 0.),
        ] {
            let want = locate_in_ring(q, &ring);
            for dir in [RayDir::PosX, RayDir::NegX, RayDir::PosY, RayDir::NegY] {
                let mut rc = RayCounter::new(dir.map(q));
                for w in ring.windows(2) {
                    rc.add(dir.map(w[0]), dir.map(w[1]));
                }
                assert_eq!(rc.location(), want, "{q:?} {dir:?}");
            }
        }
    }

    #[test]
    fn segment_relations() {
        let r = seg_relation(c(0., 0.), c(2., 2.), c(0., 2.), c(2., 0.));
        assert_eq!(r, SegRel::Proper);
        let r = seg_relation(c(0., 0.), c(2., 0.), c(1., 0.), c(1., 1.));
        assert!(matches!(
            r,
            SegRel::Contact {
                c_on: true,
                overlap: false,
                ..
            }
        ));
        let r = seg_relation(c(0., 0.), c(2., 0.), c(1., 0.), c(3., 0.));
        assert!(matches!(r, SegRel::Contact { overlap: true, .. }));
        let r = seg_relation(c(0., 0.), c(2., 0.), c(2., 0.), c(3., 0.));
        assert!(matches!(r, SegRel::Contact { overlap: false, .. }));
        let r = seg_relation(c(0., 0.), c(2., 0.), c(3., 0.), c(4., 0.));
        assert_eq!(r, SegRel::Disjoint);
        let (p, t, u) = crossing_point(c(0., 0.), c(2., 2.), c(0., 2.), c(2., 0.));
        assert_eq!((p, t, u), (c(1., 1.), 0.5, 0.5));
    }
}
