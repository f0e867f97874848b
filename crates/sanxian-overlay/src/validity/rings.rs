//! Step 1 of validation: each ring scanned once, its vertices cleaned for the sweep.

use geo::{Coord, MultiPolygon};

use super::{Defect, IssueKind};
use crate::geom::orient;

/// Where a ring comes from.
#[derive(Debug, Clone, Copy)]
pub(super) struct RingMeta {
    /// Its vertices are `coords[start..start + len]`.
    start: u32,
    len: u32,
    /// Polygon part.
    pub part: u32,
    /// 0 for the shell, k for the k-th hole.
    pub ring: u32,
}

/// The cleaned rings of one geometry: no consecutive duplicates, no closing vertex, `-0.0`
/// made `0.0` (so that equal coordinates order equally).
#[derive(Debug, Default)]
pub(crate) struct RingSet {
    coords: Vec<Coord>,
    rings: Vec<RingMeta>,
}

impl RingSet {
    pub fn len(&self) -> usize {
        self.rings.len()
    }

    pub fn vertices(&self, r: usize) -> &[Coord] {
        let m = &self.rings[r];
        &self.coords[m.start as usize..(m.start + m.len) as usize]
    }

    pub fn meta(&self, r: usize) -> RingMeta {
        self.rings[r]
    }
}

/// What the scan found.
pub(super) struct Scan {
    /// The first ring-level defect.
    pub defect: Option<Defect>,
    pub duplicates: usize,
    pub first_duplicate: Option<Coord>,
}

/// Scans every ring of `g` into `set`: closed, finite, three distinct vertices, not all on one
/// line; duplicate consecutive vertices counted and dropped.
pub(super) fn scan_rings(g: &MultiPolygon<f64>, set: &mut RingSet) -> Scan {
    set.coords.clear();
    set.rings.clear();
    let mut scan = Scan {
        defect: None,
        duplicates: 0,
        first_duplicate: None,
    };
    for (p, poly) in g.0.iter().enumerate() {
        let rings = std::iter::once(poly.exterior()).chain(poly.interiors());
        for (k, ring) in rings.enumerate() {
            let raw = &ring.0;
            let defect = |kind, at: Option<Coord>| Defect {
                kind,
                location: at.map(super::xy),
                part: p,
                ring: k,
            };
            if raw.iter().any(|c| !(c.x.is_finite() && c.y.is_finite())) {
                scan.defect
                    .get_or_insert(defect(IssueKind::NonFiniteCoordinate, None));
                continue;
            }
            let (Some(&first), Some(&last)) = (raw.first(), raw.last()) else {
                scan.defect
                    .get_or_insert(defect(IssueKind::TooFewPoints, None));
                continue;
            };
            if first != last {
                scan.defect
                    .get_or_insert(defect(IssueKind::UnclosedRing, Some(first)));
                continue;
            }
            let start = set.coords.len();
            for &c in raw {
                let c = Coord {
                    x: c.x + 0.0,
                    y: c.y + 0.0,
                };
                if set.coords.len() > start && set.coords.last() == Some(&c) {
                    scan.duplicates += 1;
                    scan.first_duplicate.get_or_insert(c);
                } else {
                    set.coords.push(c);
                }
            }
            // The closing vertex.
            if set.coords.len() > start + 1 && set.coords.last() == set.coords.get(start) {
                set.coords.pop();
            }
            let len = set.coords.len() - start;
            if len < 3 {
                scan.defect
                    .get_or_insert(defect(IssueKind::TooFewPoints, Some(first)));
            } else {
                let v = &set.coords[start..];
                if v[2..].iter().all(|&c| orient(v[0], v[1], c) == 0) {
                    scan.defect
                        .get_or_insert(defect(IssueKind::ZeroAreaRing, Some(first)));
                }
            }
            set.rings.push(RingMeta {
                start: start as u32,
                len: len as u32,
                part: p as u32,
                ring: k as u32,
            });
        }
    }
    scan
}
