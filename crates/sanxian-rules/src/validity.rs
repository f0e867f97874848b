//! OGC validity of polygons and multipolygons, in O(n log n) of the vertex count.
//!
//! # Method
//! 1. Each ring is scanned once: too few points, not closed, non-finite coordinates, duplicate
//!    consecutive points (removed for the next steps) and spikes (the boundary turns back on
//!    itself: collinear with a 180° turn).
//! 2. All segments of all rings go into an R-tree (bulk-loaded). Each segment looks up the
//!    segments whose envelopes meet its own and every such pair is classified exactly with
//!    Shewchuk's adaptive orientation predicate (`robust`): proper crossing, collinear overlap,
//!    or touching at a point. Non-adjacent segments of one ring must not meet at all; rings of
//!    one polygon may touch at single points but not cross or share an edge; parts of a
//!    multipolygon likewise.
//! 3. With no crossings, containment decides the rest by one point-in-ring test per ring
//!    against candidate rings preselected by bounding box: a hole outside its shell, a hole
//!    inside another hole, a shell inside another part's shell.
//!
//! Not detected: an interior disconnected by a chain of holes touching each other and the
//! shell at two or more points (rare in planning data; GEOS reports it as "Interior is
//! disconnected").

use geo_types::{Coord, LineString, MultiPolygon};
use robust::{orient2d, Coord as RCoord};
use rstar::primitives::{GeomWithData, Line};
use rstar::{RTree, RTreeObject, AABB};
use serde::Serialize;

/// What is wrong with a geometry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    /// No polygon at all.
    Empty,
    /// A coordinate is NaN or infinite.
    NonFiniteCoordinate,
    /// A ring has fewer than four points (three distinct and the closing one).
    TooFewPoints,
    /// The first and last point of a ring differ.
    UnclosedRing,
    /// Two consecutive points are equal (valid by OGC, but a data-quality problem).
    DuplicatePoint,
    /// The boundary goes out and back along the same line.
    Spike,
    /// A ring crosses or touches itself, or two rings of one polygon cross or share an edge.
    SelfIntersection,
    /// A hole lies (partly) outside its shell.
    HoleOutsideShell,
    /// A hole lies inside another hole.
    NestedHoles,
    /// A part lies inside another part.
    NestedShells,
    /// Two parts of a multipolygon cross or share an edge.
    PartsOverlap,
}

impl IssueKind {
    /// Does this make the geometry invalid in the OGC Simple Features sense? (Duplicate
    /// points are valid there; everything else here is not.)
    pub fn is_ogc_invalid(self) -> bool {
        self != IssueKind::DuplicatePoint
    }

    /// A short English reason, in the words GEOS and ArcGIS use.
    pub fn reason(self) -> &'static str {
        match self {
            IssueKind::Empty => "empty geometry",
            IssueKind::NonFiniteCoordinate => "non-finite coordinate",
            IssueKind::TooFewPoints => "too few points",
            IssueKind::UnclosedRing => "ring not closed",
            IssueKind::DuplicatePoint => "duplicate consecutive points",
            IssueKind::Spike => "spike",
            IssueKind::SelfIntersection => "self-intersection",
            IssueKind::HoleOutsideShell => "hole lies outside shell",
            IssueKind::NestedHoles => "holes are nested",
            IssueKind::NestedShells => "nested shells",
            IssueKind::PartsOverlap => "parts overlap",
        }
    }
}

/// One problem of a geometry, located.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeometryIssue {
    /// What is wrong.
    pub kind: IssueKind,
    /// Where, in the geometry's CRS (none for an empty geometry or ring).
    pub location: Option<[f64; 2]>,
    /// Polygon part (from 0).
    pub part: usize,
    /// Ring of that part: 0 is the shell, k the k-th hole.
    pub ring: usize,
    /// Vertex of that ring (from 0), when the problem sits at one.
    pub vertex: Option<usize>,
}

/// Validates with the segment index (the production path).
pub fn validate(geometry: &MultiPolygon<f64>) -> Vec<GeometryIssue> {
    validate_with(geometry, true)
}

/// Is the geometry valid in the OGC sense?
pub fn is_valid(geometry: &MultiPolygon<f64>) -> bool {
    validate(geometry).iter().all(|i| !i.kind.is_ogc_invalid())
}

/// Validates; `use_index = false` compares all segment pairs (O(n²)), for testing that the
/// index never changes an answer.
pub fn validate_with(geometry: &MultiPolygon<f64>, use_index: bool) -> Vec<GeometryIssue> {
    let mut issues = Vec::new();
    if geometry.0.is_empty() {
        issues.push(GeometryIssue {
            kind: IssueKind::Empty,
            location: None,
            part: 0,
            ring: 0,
            vertex: None,
        });
        return issues;
    }
    // Cleaned rings: (part, ring, vertices without consecutive duplicates, closed).
    let mut rings: Vec<Ring> = Vec::new();
    let mut usable = true;
    for (part, polygon) in geometry.0.iter().enumerate() {
        let all = std::iter::once(polygon.exterior()).chain(polygon.interiors());
        for (ring_no, ring) in all.enumerate() {
            match scan_ring(ring, part, ring_no, &mut issues) {
                Some(r) => rings.push(r),
                None => usable = false,
            }
        }
    }
    if !usable {
        // Crossing tests need well-formed rings; the structural issues are reported already.
        return issues;
    }
    let crossings_before = issues.len();
    segment_pairs(&rings, use_index, &mut issues);
    let crossed = issues[crossings_before..].iter().any(|i| {
        matches!(
            i.kind,
            IssueKind::SelfIntersection | IssueKind::PartsOverlap
        )
    });
    if !crossed {
        containment(&rings, &mut issues);
    }
    // Several segment pairs meet at one point (a ring touching itself at a vertex): one issue.
    let key = |i: &GeometryIssue| {
        (
            i.part,
            i.ring,
            i.kind,
            i.location.map(|l| l.map(f64::to_bits)),
        )
    };
    issues.sort_by(|a, b| key(a).cmp(&key(b)).then(a.vertex.cmp(&b.vertex)));
    issues.dedup_by(|a, b| key(a) == key(b));
    issues.sort_by(|a, b| {
        (a.part, a.ring, a.vertex, a.kind).cmp(&(b.part, b.ring, b.vertex, b.kind))
    });
    issues
}

struct Ring {
    part: usize,
    ring: usize,
    /// Distinct consecutive vertices, closed (first == last).
    pts: Vec<Coord<f64>>,
    /// Index in the original ring of each kept vertex.
    original: Vec<usize>,
    min: Coord<f64>,
    max: Coord<f64>,
}

fn issue(
    kind: IssueKind,
    c: Coord<f64>,
    part: usize,
    ring: usize,
    vertex: Option<usize>,
) -> GeometryIssue {
    GeometryIssue {
        kind,
        location: c.x.is_finite().then_some([c.x, c.y]),
        part,
        ring,
        vertex,
    }
}

fn rc(c: Coord<f64>) -> RCoord<f64> {
    RCoord { x: c.x, y: c.y }
}

fn orient(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> f64 {
    orient2d(rc(a), rc(b), rc(c))
}

fn scan_ring(
    ring: &LineString<f64>,
    part: usize,
    ring_no: usize,
    issues: &mut Vec<GeometryIssue>,
) -> Option<Ring> {
    let v = &ring.0;
    if let Some(i) = v.iter().position(|c| !c.x.is_finite() || !c.y.is_finite()) {
        issues.push(issue(
            IssueKind::NonFiniteCoordinate,
            v[i],
            part,
            ring_no,
            Some(i),
        ));
        return None;
    }
    let Some(&first) = v.first() else {
        issues.push(issue(
            IssueKind::TooFewPoints,
            Coord {
                x: f64::NAN,
                y: f64::NAN,
            },
            part,
            ring_no,
            None,
        ));
        return None;
    };
    let mut ok = true;
    if v.last() != Some(&first) {
        issues.push(issue(
            IssueKind::UnclosedRing,
            first,
            part,
            ring_no,
            Some(0),
        ));
        ok = false;
    }
    let mut pts = Vec::with_capacity(v.len());
    let mut original = Vec::with_capacity(v.len());
    for (i, &c) in v.iter().enumerate() {
        if pts.last() == Some(&c) {
            issues.push(issue(IssueKind::DuplicatePoint, c, part, ring_no, Some(i)));
            continue;
        }
        pts.push(c);
        original.push(i);
    }
    if !ok && pts.last() != Some(&first) {
        pts.push(first);
        original.push(0);
    }
    // Distinct vertices + closing point.
    if pts.len() < 4 {
        issues.push(issue(IssueKind::TooFewPoints, first, part, ring_no, None));
        return None;
    }
    if !ok {
        return None;
    }
    // Spikes: at vertex k (with wrap-around), the boundary reverses direction.
    let n = pts.len() - 1;
    for k in 0..n {
        let a = pts[(k + n - 1) % n];
        let b = pts[k];
        let c = pts[k + 1];
        if orient(a, b, c) == 0.0 {
            let dot = (b.x - a.x) * (c.x - b.x) + (b.y - a.y) * (c.y - b.y);
            if dot < 0.0 {
                issues.push(issue(IssueKind::Spike, b, part, ring_no, Some(original[k])));
            }
        }
    }
    let (mut min, mut max) = (first, first);
    for c in &pts {
        min.x = min.x.min(c.x);
        min.y = min.y.min(c.y);
        max.x = max.x.max(c.x);
        max.y = max.y.max(c.y);
    }
    Some(Ring {
        part,
        ring: ring_no,
        pts,
        original,
        min,
        max,
    })
}

/// How two segments meet.
enum Meet {
    Apart,
    /// Proper crossing at an interior point of both.
    Cross(Coord<f64>),
    /// Collinear with a shared stretch of positive length.
    Overlap(Coord<f64>),
    /// Touch at a single point.
    Touch(Coord<f64>),
}

fn on_segment(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> bool {
    p.x >= a.x.min(b.x) && p.x <= a.x.max(b.x) && p.y >= a.y.min(b.y) && p.y <= a.y.max(b.y)
}

fn meet(p1: Coord<f64>, p2: Coord<f64>, q1: Coord<f64>, q2: Coord<f64>) -> Meet {
    let o1 = orient(p1, p2, q1);
    let o2 = orient(p1, p2, q2);
    let o3 = orient(q1, q2, p1);
    let o4 = orient(q1, q2, p2);
    if o1 == 0.0 && o2 == 0.0 {
        // Collinear: compare projections on the dominant axis.
        let (a0, a1, b0, b1) = if (p2.x - p1.x).abs() >= (p2.y - p1.y).abs() {
            (
                p1.x.min(p2.x),
                p1.x.max(p2.x),
                q1.x.min(q2.x),
                q1.x.max(q2.x),
            )
        } else {
            (
                p1.y.min(p2.y),
                p1.y.max(p2.y),
                q1.y.min(q2.y),
                q1.y.max(q2.y),
            )
        };
        let lo = a0.max(b0);
        let hi = a1.min(b1);
        if lo > hi {
            return Meet::Apart;
        }
        let at = [q1, q2, p1, p2]
            .into_iter()
            .find(|&c| on_segment(c, p1, p2) && on_segment(c, q1, q2))
            .unwrap_or(p1);
        return if lo < hi {
            Meet::Overlap(at)
        } else {
            Meet::Touch(at)
        };
    }
    if o1 * o2 < 0.0 && o3 * o4 < 0.0 {
        let d = (p2.x - p1.x) * (q2.y - q1.y) - (p2.y - p1.y) * (q2.x - q1.x);
        let t = ((q1.x - p1.x) * (q2.y - q1.y) - (q1.y - p1.y) * (q2.x - q1.x)) / d;
        return Meet::Cross(Coord {
            x: p1.x + t * (p2.x - p1.x),
            y: p1.y + t * (p2.y - p1.y),
        });
    }
    for (o, c, a, b) in [
        (o1, q1, p1, p2),
        (o2, q2, p1, p2),
        (o3, p1, q1, q2),
        (o4, p2, q1, q2),
    ] {
        if o == 0.0 && on_segment(c, a, b) {
            return Meet::Touch(c);
        }
    }
    Meet::Apart
}

type Seg = GeomWithData<Line<[f64; 2]>, (u32, u32)>;

fn segment_pairs(rings: &[Ring], use_index: bool, issues: &mut Vec<GeometryIssue>) {
    let mut segs: Vec<Seg> = Vec::new();
    for (ri, r) in rings.iter().enumerate() {
        for k in 0..r.pts.len() - 1 {
            let (a, b) = (r.pts[k], r.pts[k + 1]);
            segs.push(GeomWithData::new(
                Line::new([a.x, a.y], [b.x, b.y]),
                (ri as u32, k as u32),
            ));
        }
    }
    let check = |s: &Seg, t: &Seg, issues: &mut Vec<GeometryIssue>| {
        let (ri, i) = s.data;
        let (rj, j) = t.data;
        if (ri, i) >= (rj, j) {
            return;
        }
        let (r, q) = (&rings[ri as usize], &rings[rj as usize]);
        let n = r.pts.len() - 1;
        let adjacent = ri == rj && (j == i + 1 || (i == 0 && j as usize == n - 1));
        if adjacent {
            // Adjacent segments share a vertex; folding back is reported as a spike.
            return;
        }
        let (p1, p2) = (r.pts[i as usize], r.pts[i as usize + 1]);
        let (q1, q2) = (q.pts[j as usize], q.pts[j as usize + 1]);
        let m = meet(p1, p2, q1, q2);
        let (kind, at) = match m {
            Meet::Apart => return,
            Meet::Cross(c) | Meet::Overlap(c) if r.part != q.part => (IssueKind::PartsOverlap, c),
            Meet::Cross(c) | Meet::Overlap(c) => (IssueKind::SelfIntersection, c),
            // One ring must not touch itself; different rings may touch at points.
            Meet::Touch(c) if ri == rj => (IssueKind::SelfIntersection, c),
            Meet::Touch(_) => return,
        };
        issues.push(issue(
            kind,
            at,
            r.part,
            r.ring,
            Some(r.original[i as usize]),
        ));
    };
    if use_index {
        let tree = RTree::bulk_load(segs.clone());
        for s in &segs {
            for t in tree.locate_in_envelope_intersecting(&s.envelope()) {
                check(s, t, issues);
            }
        }
    } else {
        for s in &segs {
            for t in &segs {
                check(s, t, issues);
            }
        }
    }
}

/// Ray-casting point-in-ring: +1 inside, 0 on the boundary, -1 outside.
fn locate(p: Coord<f64>, ring: &Ring) -> i8 {
    let mut inside = false;
    let pts = &ring.pts;
    for k in 0..pts.len() - 1 {
        let (a, b) = (pts[k], pts[k + 1]);
        if on_segment(p, a, b) && orient(a, b, p) == 0.0 {
            return 0;
        }
        if (a.y > p.y) != (b.y > p.y) {
            let o = orient(a, b, p);
            // Upward edge with p on its left, or downward edge with p on its right.
            if (b.y > a.y) == (o > 0.0) {
                inside = !inside;
            }
        }
    }
    if inside {
        1
    } else {
        -1
    }
}

/// Position of ring `inner` relative to ring `outer`: the first vertex of `inner` not on
/// `outer`'s boundary decides (without crossings, one such vertex decides for the whole ring).
fn ring_inside(inner: &Ring, outer: &Ring) -> Option<bool> {
    if inner.min.x < outer.min.x
        || inner.min.y < outer.min.y
        || inner.max.x > outer.max.x
        || inner.max.y > outer.max.y
    {
        // A ring reaching outside the other's bounding box cannot lie inside it.
        return Some(false);
    }
    inner.pts.iter().find_map(|&p| match locate(p, outer) {
        0 => None,
        s => Some(s > 0),
    })
}

fn containment(rings: &[Ring], issues: &mut Vec<GeometryIssue>) {
    let shells: Vec<&Ring> = rings.iter().filter(|r| r.ring == 0).collect();
    for r in rings.iter().filter(|r| r.ring > 0) {
        let Some(shell) = shells.iter().find(|s| s.part == r.part) else {
            continue;
        };
        if ring_inside(r, shell) == Some(false) {
            issues.push(issue(
                IssueKind::HoleOutsideShell,
                r.pts[0],
                r.part,
                r.ring,
                Some(0),
            ));
            continue;
        }
        let nested = rings.iter().any(|h| {
            h.part == r.part && h.ring > 0 && h.ring != r.ring && ring_inside(r, h) == Some(true)
        });
        if nested {
            issues.push(issue(
                IssueKind::NestedHoles,
                r.pts[0],
                r.part,
                r.ring,
                Some(0),
            ));
        }
    }
    // Shells inside other parts: a bounding-box tree keeps this near-linear for many parts.
    let boxes: Vec<GeomWithData<rstar::primitives::Rectangle<[f64; 2]>, usize>> = shells
        .iter()
        .enumerate()
        .map(|(i, s)| {
            GeomWithData::new(
                rstar::primitives::Rectangle::from_corners([s.min.x, s.min.y], [s.max.x, s.max.y]),
                i,
            )
        })
        .collect();
    let tree = RTree::bulk_load(boxes);
    for (i, s) in shells.iter().enumerate() {
        let env = AABB::from_corners([s.min.x, s.min.y], [s.max.x, s.max.y]);
        for other in tree.locate_in_envelope_intersecting(&env) {
            let o = shells[other.data];
            if other.data == i || ring_inside(s, o) != Some(true) {
                continue;
            }
            // Inside the other shell but possibly within one of its holes (an island in a
            // lake), which is valid.
            let in_hole = rings
                .iter()
                .any(|h| h.part == o.part && h.ring > 0 && ring_inside(s, h) == Some(true));
            if !in_hole {
                issues.push(issue(IssueKind::NestedShells, s.pts[0], s.part, 0, Some(0)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::{polygon, MultiPolygon};

    fn kinds(mp: &MultiPolygon<f64>) -> Vec<IssueKind> {
        let with = validate_with(mp, true);
        let without = validate_with(mp, false);
        assert_eq!(with, without, "index changed the answer");
        with.into_iter().map(|i| i.kind).collect()
    }

    #[test]
    fn square_with_hole_is_valid() {
        let p = polygon!(
            exterior: [(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 0., y: 10.), (x: 0., y: 0.)],
            interiors: [[(x: 2., y: 2.), (x: 2., y: 4.), (x: 4., y: 4.), (x: 4., y: 2.), (x: 2., y: 2.)]],
        );
        assert!(kinds(&MultiPolygon(vec![p])).is_empty());
    }

    #[test]
    fn bow_tie_is_a_self_intersection_at_the_crossing() {
        let p = polygon![(x: 0., y: 0.), (x: 10., y: 10.), (x: 10., y: 0.), (x: 0., y: 10.), (x: 0., y: 0.)];
        let issues = validate(&MultiPolygon(vec![p]));
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].kind, IssueKind::SelfIntersection);
        assert_eq!(issues[0].location, Some([5.0, 5.0]));
    }

    #[test]
    fn hole_touching_shell_at_a_point_is_valid() {
        let p = polygon!(
            exterior: [(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 0., y: 10.), (x: 0., y: 0.)],
            interiors: [[(x: 0., y: 5.), (x: 3., y: 6.), (x: 3., y: 4.), (x: 0., y: 5.)]],
        );
        assert!(kinds(&MultiPolygon(vec![p])).is_empty());
    }

    #[test]
    fn hole_outside_and_nested_shells() {
        let outside = polygon!(
            exterior: [(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 0., y: 10.), (x: 0., y: 0.)],
            interiors: [[(x: 20., y: 2.), (x: 20., y: 4.), (x: 24., y: 4.), (x: 20., y: 2.)]],
        );
        assert_eq!(
            kinds(&MultiPolygon(vec![outside])),
            [IssueKind::HoleOutsideShell]
        );
        let big = polygon![(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 0., y: 10.), (x: 0., y: 0.)];
        let small = polygon![(x: 2., y: 2.), (x: 3., y: 2.), (x: 3., y: 3.), (x: 2., y: 2.)];
        assert_eq!(
            kinds(&MultiPolygon(vec![big.clone(), small.clone()])),
            [IssueKind::NestedShells]
        );
        let crossing = polygon![(x: 5., y: 5.), (x: 15., y: 5.), (x: 15., y: 15.), (x: 5., y: 5.)];
        assert!(kinds(&MultiPolygon(vec![big, crossing])).contains(&IssueKind::PartsOverlap));
    }

    #[test]
    fn duplicates_spikes_and_short_rings() {
        let dup = polygon![(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 0., y: 0.)];
        assert_eq!(
            kinds(&MultiPolygon(vec![dup.clone()])),
            [IssueKind::DuplicatePoint]
        );
        assert!(is_valid(&MultiPolygon(vec![dup])));
        let spike = polygon![(x: 0., y: 0.), (x: 10., y: 0.), (x: 10., y: 5.), (x: 10., y: 20.), (x: 10., y: 10.), (x: 0., y: 10.), (x: 0., y: 0.)];
        assert!(kinds(&MultiPolygon(vec![spike])).contains(&IssueKind::Spike));
        let short = polygon![(x: 0., y: 0.), (x: 10., y: 0.), (x: 0., y: 0.)];
        assert_eq!(kinds(&MultiPolygon(vec![short])), [IssueKind::TooFewPoints]);
        assert_eq!(kinds(&MultiPolygon(vec![])), [IssueKind::Empty]);
    }

    #[test]
    fn ring_touching_itself_is_invalid() {
        // Figure-eight sharing one vertex.
        let p = polygon![(x: 0., y: 0.), (x: 5., y: 5.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 5., y: 5.), (x: 0., y: 10.), (x: 0., y: 0.)];
        assert_eq!(kinds(&MultiPolygon(vec![p])), [IssueKind::SelfIntersection]);
    }
}
