//! Shape measures used by the sliver rule.

use geo_types::{LineString, MultiPolygon};

/// Planar area of a multipolygon (shoelace, holes subtracted), in the CRS's units squared.
pub fn planar_area(g: &MultiPolygon<f64>) -> f64 {
    g.0.iter()
        .map(|p| {
            ring_area(p.exterior()).abs()
                - p.interiors()
                    .iter()
                    .map(|r| ring_area(r).abs())
                    .sum::<f64>()
        })
        .sum()
}

fn ring_area(r: &LineString<f64>) -> f64 {
    let c = &r.0;
    if c.len() < 3 {
        return 0.0;
    }
    // Shifted to the first vertex: projected coordinates are large (39 500 000 m) and the
    // products would otherwise lose digits.
    let o = c[0];
    let mut s = 0.0;
    for w in c.windows(2) {
        s += (w[0].x - o.x) * (w[1].y - o.y) - (w[1].x - o.x) * (w[0].y - o.y);
    }
    s / 2.0
}

/// Perimeter of all rings, in the CRS's units.
pub fn perimeter(g: &MultiPolygon<f64>) -> f64 {
    g.0.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|r| {
            r.0.windows(2)
                .map(|w| (w[1].x - w[0].x).hypot(w[1].y - w[0].y))
                .sum::<f64>()
        })
        .sum()
}

/// Thinness ratio 4πA/P²: 1 for a circle, π/4 ≈ 0.785 for a square, → 0 for a line.
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
        assert_eq!(planar_area(&sq), 100.0);
        assert_eq!(perimeter(&sq), 40.0);
        assert!((thinness(100.0, 40.0) - std::f64::consts::FRAC_PI_4).abs() < 1e-15);
        // 100 m × 1 m strip: 4π·100/202² ≈ 0.0308.
        assert!((thinness(100.0, 202.0) - 0.030_796).abs() < 1e-6);
    }
}
