//! Planar measures in the units of a geometry's own CRS: the one shoelace of the workspace.
//!
//! Every planar area sanxian reports or compares (overlap areas, slivers, pieces, the `planar`
//! area method) comes from here, so that two steps never disagree in the last digits about
//! the same polygon. Sums run in input order, so results do not depend on threads.

use geo_types::{Coord, MultiPolygon, Polygon};

/// Signed area of a closed ring (last vertex equal to the first) by the shoelace formula,
/// positive counter-clockwise. Computed relative to the first vertex, so that the large false
/// eastings of zone-prefixed coordinates (39 500 000 m) cost no precision.
///
/// ```
/// use sanxian_types::geo_types::Coord;
/// let ring = [(0., 0.), (2., 0.), (2., 1.), (0., 1.), (0., 0.)].map(|(x, y)| Coord { x, y });
/// assert_eq!(sanxian_types::planar::ring_signed_area(&ring), 2.0);
/// ```
pub fn ring_signed_area(ring: &[Coord<f64>]) -> f64 {
    let Some(&o) = ring.first() else {
        return 0.0;
    };
    let mut s = 0.0;
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        s += (a.x - o.x) * (b.y - o.y) - (b.x - o.x) * (a.y - o.y);
    }
    0.5 * s
}

/// Area of a polygon: its shell minus its holes, whatever their orientation.
pub fn polygon_area(p: &Polygon<f64>) -> f64 {
    let mut a = ring_signed_area(&p.exterior().0).abs();
    for h in p.interiors() {
        a -= ring_signed_area(&h.0).abs();
    }
    a
}

/// Area of a multipolygon: the sum of its parts' areas (parts are assumed not to overlap).
pub fn multipolygon_area(mp: &MultiPolygon<f64>) -> f64 {
    // 0.0 + …: an empty float sum is -0.0.
    0.0 + mp.0.iter().map(polygon_area).sum::<f64>()
}

/// Length of every ring of a multipolygon.
pub fn perimeter(mp: &MultiPolygon<f64>) -> f64 {
    let mut total = 0.0;
    for p in &mp.0 {
        for r in std::iter::once(p.exterior()).chain(p.interiors()) {
            for w in r.0.windows(2) {
                total += (w[1].x - w[0].x).hypot(w[1].y - w[0].y);
            }
        }
    }
    total
}

/// Thinness ratio 4πA/P² (Data Reviewer's sliver measure): 1 for a circle, π/4 ≈ 0.785 for a
/// square, → 0 for a line; 0 when the perimeter is 0.
pub fn thinness(area: f64, perimeter: f64) -> f64 {
    if perimeter > 0.0 {
        4.0 * std::f64::consts::PI * area / (perimeter * perimeter)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::polygon;

    #[test]
    fn hand_computed_measures() {
        let sq = MultiPolygon(vec![
            polygon![(x: 39_500_000., y: 3_320_000.), (x: 39_500_010., y: 3_320_000.), (x: 39_500_010., y: 3_320_010.), (x: 39_500_000., y: 3_320_010.), (x: 39_500_000., y: 3_320_000.)],
        ]);
        assert_eq!(multipolygon_area(&sq), 100.0);
        assert_eq!(perimeter(&sq), 40.0);
        assert!((thinness(100.0, 40.0) - std::f64::consts::FRAC_PI_4).abs() < 1e-15);
        // 100 m × 1 m strip: 4π·100/202² = 0.030 796 …
        assert!((thinness(100.0, 202.0) - 0.030_796).abs() < 1e-6);
        // A clockwise shell with a counter-clockwise hole: 100 − 4.
        let holed = polygon![
            exterior: [(x: 0., y: 0.), (x: 0., y: 10.), (x: 10., y: 10.), (x: 10., y: 0.), (x: 0., y: 0.)],
            interiors: [[(x: 1., y: 1.), (x: 3., y: 1.), (x: 3., y: 3.), (x: 1., y: 3.), (x: 1., y: 1.)]],
        ];
        assert_eq!(polygon_area(&holed), 96.0);
        assert_eq!(
            multipolygon_area(&MultiPolygon(vec![])).to_bits(),
            0.0f64.to_bits()
        );
    }
}
