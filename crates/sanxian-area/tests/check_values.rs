//! The survey series against its check value and against the closed-form authalic area.

mod common;

use geo_types::{Coord, LineString};
use sanxian_area::{format_half_away, AreaCalculator, AreaMethod, SurveySeries};
use sanxian_types::{Crs, Datum, Ellipsoid};

/// Exact area between the equator and latitude φ per radian of longitude, divided by b²:
/// ∫ cos φ/(1 − e² sin²φ)² dφ = s/(2(1 − e²s²)) + atanh(e s)/(2e), s = sin φ.
fn authalic_exact(e: &Ellipsoid, lat_deg: f64) -> f64 {
    let s = lat_deg.to_radians().sin();
    let e2 = e.e2();
    let ecc = e2.sqrt();
    s / (2.0 * (1.0 - e2 * s * s)) + (ecc * s).atanh() / (2.0 * ecc)
}

fn cell_exact_m2(e: &Ellipsoid, west: f64, south: f64, east: f64, north: f64) -> f64 {
    let b = e.b();
    b * b * (east - west).to_radians() * (authalic_exact(e, north) - authalic_exact(e, south))
}

fn cell_ring(west: f64, south: f64, east: f64, north: f64, per_edge: usize) -> LineString<f64> {
    // Corners, with `per_edge` − 1 extra points on each edge (on parallels and meridians).
    let corners = [(west, south), (east, south), (east, north), (west, north)];
    let mut pts = Vec::new();
    for i in 0..4 {
        let (x0, y0) = corners[i];
        let (x1, y1) = corners[(i + 1) % 4];
        for k in 0..per_edge {
            let t = k as f64 / per_edge as f64;
            pts.push(Coord {
                x: x0 + t * (x1 - x0),
                y: y0 + t * (y1 - y0),
            });
        }
    }
    pts.push(pts[0]);
    LineString(pts)
}

/// Oracle: DOMAIN.md §3 check value, 10 642 393 438.71 m² for the 1°×1° cell 30°–31°N on
/// CGCS2000 with the first eccentricity (exact authalic …438.713).
#[test]
fn one_degree_cell_at_30n_matches_the_check_value() {
    let series = SurveySeries::new(&Ellipsoid::CGCS2000);
    let area = series.sheet_area_m2(0.0, 30.0, 1.0, 31.0);
    assert_eq!(format_half_away(area, 2), "10642393438.71", "{area}");
    assert!((area - 10_642_393_438.713).abs() < 0.002, "{area}");

    // The same through the calculator, for a ring in EPSG:4490 at any longitude, with extra
    // vertices on the edges (parallels are straight lines of the series: nothing changes).
    let calc = AreaCalculator::new(Crs::CGCS2000, AreaMethod::Ellipsoid).unwrap();
    for (west, per_edge) in [(0.0, 1), (117.0, 1), (117.0, 7), (-180.5, 3)] {
        let ring = cell_ring(west, 30.0, west + 1.0, 31.0, per_edge);
        let a = calc.ring_area_m2(&ring).unwrap();
        assert!((a - area).abs() < 1e-5, "west {west}: {a} vs {area}");
    }
}

/// Oracle: the 2008 sample code's swapped eccentricities overstate by about 23 ppm (DOMAIN §3)
/// on this cell.
#[test]
fn legacy_series_is_about_23_ppm_high() {
    let first = SurveySeries::new(&Ellipsoid::CGCS2000).sheet_area_m2(0.0, 30.0, 1.0, 31.0);
    let legacy = SurveySeries::legacy(&Ellipsoid::CGCS2000).sheet_area_m2(0.0, 30.0, 1.0, 31.0);
    let ppm = (legacy - first) / first * 1e6;
    println!("legacy − first eccentricity on the 30°N cell: {ppm:.3} ppm");
    assert!((22.0..24.0).contains(&ppm), "{ppm} ppm");
    let calc = AreaCalculator::new(Crs::CGCS2000, AreaMethod::Legacy).unwrap();
    let a = calc
        .ring_area_m2(&cell_ring(0.0, 30.0, 1.0, 31.0, 1))
        .unwrap();
    assert!((a - legacy).abs() < 1e-5);
}

/// Oracle: the closed-form authalic area of graticule cells, on every ellipsoid sanxian knows.
/// The series stops after e⁸; the measured truncation stays below 2e-11 relative up to 54°N.
#[test]
fn series_matches_closed_form_authalic_area_on_cells() {
    let mut worst: f64 = 0.0;
    for datum in [
        Datum::Cgcs2000,
        Datum::Wgs84,
        Datum::Xian1980,
        Datum::Beijing1954,
    ] {
        let e = datum.ellipsoid();
        let series = SurveySeries::new(&e);
        for south in [0.0, 10.0, 18.0, 25.0, 30.0, 37.5, 45.0, 53.0] {
            for size in [0.001, 0.1, 1.0] {
                let a = series.sheet_area_m2(100.0, south, 100.0 + size, south + size);
                let exact = cell_exact_m2(&e, 100.0, south, 100.0 + size, south + size);
                let rel = ((a - exact) / exact).abs();
                worst = worst.max(rel);
                assert!(rel < 2e-11, "{} {south} {size}: {rel:e}", e.name);
            }
        }
    }
    println!("series vs closed-form authalic, cells 0–54°N: worst {worst:.2e}");
}

/// The ellipsoid is a parameter: the same cell on Xi'an 1980 and Krassowsky differs from
/// CGCS2000 by the ellipsoids' difference, and GRS80-equal ellipsoids agree.
#[test]
fn ellipsoid_is_a_parameter() {
    let cgcs = SurveySeries::new(&Ellipsoid::CGCS2000).sheet_area_m2(0.0, 30.0, 1.0, 31.0);
    let xian = SurveySeries::new(&Ellipsoid::XIAN1980).sheet_area_m2(0.0, 30.0, 1.0, 31.0);
    let krass = SurveySeries::new(&Ellipsoid::KRASSOWSKY).sheet_area_m2(0.0, 30.0, 1.0, 31.0);
    let wgs = SurveySeries::new(&Ellipsoid::WGS84).sheet_area_m2(0.0, 30.0, 1.0, 31.0);
    assert!((xian - cgcs).abs() > 1000.0 && (krass - cgcs).abs() > 10_000.0);
    // Each against its own closed-form authalic area (the oracle of the test above).
    let krass_exact = cell_exact_m2(&Ellipsoid::KRASSOWSKY, 0.0, 30.0, 1.0, 31.0);
    assert!(
        ((krass - krass_exact) / krass_exact).abs() < 1e-11,
        "{krass} {krass_exact}"
    );
    // WGS84 and GRS80 differ by 1e-12 in flattening: 2e-11 here.
    assert!(((wgs - cgcs) / cgcs).abs() < 1e-10, "{wgs} {cgcs}");
    let exact = cell_exact_m2(&Ellipsoid::XIAN1980, 0.0, 30.0, 1.0, 31.0);
    assert!(((xian - exact) / exact).abs() < 1e-11);

    // with_ellipsoid overrides the datum's ellipsoid.
    let calc =
        AreaCalculator::with_ellipsoid(Crs::CGCS2000, Ellipsoid::XIAN1980, AreaMethod::Ellipsoid)
            .unwrap();
    let a = calc
        .ring_area_m2(&cell_ring(0.0, 30.0, 1.0, 31.0, 1))
        .unwrap();
    assert!((a - xian).abs() < 1e-5);
}

/// Oracle: the literal per-edge formula of the 2008 notice (ten sines per edge), summed with
/// L0 = 0 as the notice writes it, against the calculator's telescoped form.
#[test]
fn calculator_matches_the_literal_per_edge_formula() {
    let series = SurveySeries::new(&Ellipsoid::CGCS2000);
    let calc = AreaCalculator::new(Crs::CGCS2000, AreaMethod::Ellipsoid).unwrap();
    let mut rng = common::SplitMix64(7);
    let mut worst: f64 = 0.0;
    for _ in 0..200 {
        let lon = rng.uniform(74.0, 134.0);
        let lat = rng.uniform(18.0, 53.0);
        let size = 10f64.powf(rng.uniform(-3.0, 0.0)); // 100 m to 100 km across
        let n = rng.int(3, 40) as usize;
        let ring = common::star(&mut rng, lon, lat, n, 0.3 * size, size);
        let pts = &ring.0;
        let mut literal = 0.0;
        for w in pts.windows(2) {
            literal += series.trapezoid_m2(
                w[0].y.to_radians(),
                w[0].x.to_radians(),
                w[1].y.to_radians(),
                w[1].x.to_radians(),
                0.0,
            );
        }
        let a = calc.ring_area_m2(&ring).unwrap();
        let rel = ((literal.abs() - a) / a).abs();
        worst = worst.max(rel);
        assert!(rel < 1e-9, "{rel:e} at {lon} {lat} size {size}");
    }
    println!("literal (L0 = 0) vs telescoped: worst {worst:.2e}");
}
