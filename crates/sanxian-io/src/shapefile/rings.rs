//! Assembling the rings of a polygon record into polygons with holes, by orientation.
//!
//! The shapefile specification says outer rings run clockwise and holes counter-clockwise (in
//! the usual y-up axes), but not which outer ring a hole belongs to. Each hole goes to the
//! smallest outer ring that contains it; vertex order is kept as in the file, so downstream code
//! must not depend on orientation.

use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use sanxian_types::Severity;

/// A ring as read, with its part number (from 1) for messages.
pub(super) struct Ring {
    pub part: usize,
    pub coords: Vec<Coord<f64>>,
}

/// Twice the signed area ([`sanxian_types::planar::ring_signed_area`]): positive for
/// counter-clockwise rings in y-up axes.
pub(crate) fn signed_area2(ring: &[Coord<f64>]) -> f64 {
    2.0 * sanxian_types::planar::ring_signed_area(ring)
}

#[derive(Clone, Copy)]
struct Bbox {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Bbox {
    fn of(ring: &[Coord<f64>]) -> Bbox {
        let mut b = Bbox {
            x0: f64::INFINITY,
            y0: f64::INFINITY,
            x1: f64::NEG_INFINITY,
            y1: f64::NEG_INFINITY,
        };
        for c in ring {
            b.x0 = b.x0.min(c.x);
            b.y0 = b.y0.min(c.y);
            b.x1 = b.x1.max(c.x);
            b.y1 = b.y1.max(c.y);
        }
        b
    }

    fn contains(&self, o: &Bbox) -> bool {
        self.x0 <= o.x0 && self.y0 <= o.y0 && self.x1 >= o.x1 && self.y1 >= o.y1
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Location {
    Inside,
    Outside,
    Boundary,
}

/// Point in ring by crossing number, with exact detection of points on the boundary.
fn locate(p: Coord<f64>, ring: &[Coord<f64>]) -> Location {
    let mut inside = false;
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
        if cross == 0.0
            && p.x >= a.x.min(b.x)
            && p.x <= a.x.max(b.x)
            && p.y >= a.y.min(b.y)
            && p.y <= a.y.max(b.y)
        {
            return Location::Boundary;
        }
        if (a.y > p.y) != (b.y > p.y) {
            let x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
            if p.x < x {
                inside = !inside;
            }
        }
    }
    if inside {
        Location::Inside
    } else {
        Location::Outside
    }
}

/// Does `shell` contain `hole`? Decided by the first vertex of the hole that is not on the
/// shell's boundary (holes may touch their shell at a vertex); a hole lying wholly on the
/// boundary counts as contained.
fn contains_ring(shell: &[Coord<f64>], hole: &[Coord<f64>]) -> bool {
    let n = hole.len().saturating_sub(1).max(1);
    for &p in hole.iter().take(n) {
        match locate(p, shell) {
            Location::Inside => return true,
            Location::Outside => return false,
            Location::Boundary => {}
        }
    }
    true
}

/// Builds the polygons of one record from its rings (each closed, with at least 4 points).
/// Notes on repairs go to `notes`.
pub(super) fn assemble(rings: Vec<Ring>, notes: &mut Vec<(Severity, String)>) -> MultiPolygon<f64> {
    if rings.len() == 1 {
        if signed_area2(&rings[0].coords) > 0.0 {
            notes.push((
                Severity::Warning,
                "its only ring is counter-clockwise (a hole by the specification): read as an outer ring".to_string(),
            ));
        }
        let ring = rings
            .into_iter()
            .map(|r| r.coords)
            .next()
            .unwrap_or_default();
        return MultiPolygon(vec![Polygon::new(LineString(ring), Vec::new())]);
    }
    let areas: Vec<f64> = rings.iter().map(|r| signed_area2(&r.coords)).collect();
    // Degenerate (zero-area) rings count as outer rings: validation reports them later.
    let mut is_shell: Vec<bool> = areas.iter().map(|&a| a <= 0.0).collect();
    if !is_shell.iter().any(|&s| s) {
        notes.push((
            Severity::Warning,
            format!(
                "all {} rings are counter-clockwise (holes by the specification): read each as an outer ring",
                rings.len()
            ),
        ));
        let polys = rings
            .into_iter()
            .map(|r| Polygon::new(LineString(r.coords), Vec::new()))
            .collect();
        return MultiPolygon(polys);
    }
    let boxes: Vec<Bbox> = rings.iter().map(|r| Bbox::of(&r.coords)).collect();
    let shells: Vec<usize> = (0..rings.len()).filter(|&i| is_shell[i]).collect();
    // owner[i] = the shell ring that hole i belongs to.
    let mut owner: Vec<Option<usize>> = vec![None; rings.len()];
    for h in 0..rings.len() {
        if is_shell[h] {
            continue;
        }
        let mut best: Option<(usize, f64)> = None;
        for &s in &shells {
            if !boxes[s].contains(&boxes[h]) {
                continue;
            }
            let area = areas[s].abs();
            if best.is_some_and(|(_, a)| a <= area) {
                continue;
            }
            if contains_ring(&rings[s].coords, &rings[h].coords) {
                best = Some((s, area));
            }
        }
        match best {
            Some((s, _)) => owner[h] = Some(s),
            None => {
                notes.push((
                    Severity::Warning,
                    format!(
                        "ring {} is counter-clockwise (a hole) but lies in no outer ring: read as an outer ring",
                        rings[h].part
                    ),
                ));
                is_shell[h] = true;
            }
        }
    }
    let mut slots: Vec<Option<Ring>> = rings.into_iter().map(Some).collect();
    let mut holes_of: Vec<Vec<LineString<f64>>> = vec![Vec::new(); slots.len()];
    for h in 0..slots.len() {
        if let Some(s) = owner[h] {
            if let Some(r) = slots[h].take() {
                holes_of[s].push(LineString(r.coords));
            }
        }
    }
    let mut polys = Vec::with_capacity(shells.len());
    for (i, slot) in slots.into_iter().enumerate() {
        if let Some(r) = slot {
            polys.push(Polygon::new(
                LineString(r.coords),
                std::mem::take(&mut holes_of[i]),
            ));
        }
    }
    MultiPolygon(polys)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(part: usize, pts: &[(f64, f64)]) -> Ring {
        Ring {
            part,
            coords: pts.iter().map(|&(x, y)| Coord { x, y }).collect(),
        }
    }

    fn square(x: f64, y: f64, s: f64, clockwise: bool) -> Vec<(f64, f64)> {
        let mut v = vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)];
        if clockwise {
            v.reverse();
        }
        v
    }

    #[test]
    fn holes_go_to_the_smallest_containing_shell() {
        // Outer 0..10 with a lake 2..8; an island 3..7 in the lake with a pond 4..6.
        let rings = vec![
            ring(1, &square(0.0, 0.0, 10.0, true)),
            ring(2, &square(3.0, 3.0, 4.0, true)),
            ring(3, &square(2.0, 2.0, 6.0, false)),
            ring(4, &square(4.0, 4.0, 2.0, false)),
        ];
        let mut notes = Vec::new();
        let mp = assemble(rings, &mut notes);
        assert!(notes.is_empty());
        assert_eq!(mp.0.len(), 2);
        assert_eq!(mp.0[0].interiors().len(), 1);
        assert_eq!(mp.0[0].interiors()[0].0[0], Coord { x: 2.0, y: 2.0 });
        assert_eq!(mp.0[1].interiors()[0].0[0], Coord { x: 4.0, y: 4.0 });
    }

    #[test]
    fn a_hole_touching_its_shell_is_still_inside() {
        let rings = vec![
            ring(1, &square(0.0, 0.0, 10.0, true)),
            ring(2, &[(0.0, 0.0), (5.0, 1.0), (1.0, 5.0), (0.0, 0.0)]),
        ];
        let mut notes = Vec::new();
        let mp = assemble(rings, &mut notes);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(mp.0.len(), 1);
        assert_eq!(mp.0[0].interiors().len(), 1);
    }

    #[test]
    fn orphan_holes_and_all_ccw_records_become_shells() {
        let mut notes = Vec::new();
        let mp = assemble(
            vec![
                ring(1, &square(0.0, 0.0, 1.0, true)),
                ring(2, &square(5.0, 5.0, 1.0, false)),
            ],
            &mut notes,
        );
        assert_eq!(mp.0.len(), 2);
        assert!(notes[0].1.contains("ring 2"));
        notes.clear();
        let mp = assemble(
            vec![
                ring(1, &square(0.0, 0.0, 1.0, false)),
                ring(2, &square(5.0, 5.0, 1.0, false)),
            ],
            &mut notes,
        );
        assert_eq!(mp.0.len(), 2);
        assert!(notes[0].1.contains("all 2 rings"));
    }

    #[test]
    fn shoelace_sign_is_positive_counter_clockwise() {
        let ccw: Vec<Coord<f64>> = square(39_500_000.0, 3_300_000.0, 2.0, false)
            .into_iter()
            .map(|(x, y)| Coord { x, y })
            .collect();
        assert_eq!(signed_area2(&ccw), 8.0);
    }
}
