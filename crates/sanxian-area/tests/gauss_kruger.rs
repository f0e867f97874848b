//! The area's fast Gauss-Krüger inverse against the generic one of sanxian-types (which is
//! itself checked against PROJ in sanxian-types' tests).

mod common;

use sanxian_area::GaussKrugerInverse;
use sanxian_types::{Crs, Ellipsoid};

/// Oracle: `TransverseMercator::inverse` of sanxian-types. Points cover each zone from 18°N to
/// 54°N and half a degree past its edges; the bound asked for is 1e-10°.
#[test]
fn fast_inverse_matches_transverse_mercator_inverse_across_zones() {
    // 3° zone 39 prefixed, 3° CM 117E, 6° zone 19, Xi'an 1980 3° zone 39, Beijing 1954 6° zone 20.
    let cases = [
        (4527, 1.5),
        (4548, 1.5),
        (4497, 3.0),
        (2363, 1.5),
        (21420, 3.0),
    ];
    let mut rng = common::SplitMix64(4527);
    for (code, half) in cases {
        let Some(Crs::GaussKruger { datum, zone }) = Crs::from_epsg(code) else {
            panic!("EPSG:{code}");
        };
        let e = datum.ellipsoid();
        let exact = zone.projection(&e);
        let fast = GaussKrugerInverse::new(&e, &zone);
        let cm = zone.central_meridian;
        let (mut worst_deg, mut worst_sin): (f64, f64) = (0.0, 0.0);
        let mut check = |lon: f64, lat: f64| {
            let (x, y) = exact.forward(lon, lat);
            let (lon1, lat1) = exact.inverse(x, y);
            let (lon2, lat2) = fast.lon_lat_deg(x, y);
            let d = (lon1 - lon2).abs().max((lat1 - lat2).abs());
            worst_deg = worst_deg.max(d);
            assert!(d < 1e-10, "EPSG:{code} at ({lon}, {lat}): {d:e}°");
            let (dlon, s, c) = fast.dlon_sin_cos_lat(x, y);
            let ds = (s - lat1.to_radians().sin()).abs();
            worst_sin = worst_sin.max(ds);
            assert!(
                ds < 1e-15 && (s * s + c * c - 1.0).abs() < 4e-15,
                "EPSG:{code} at ({lon}, {lat}): Δ sin B {ds:e}, s² + c² − 1 = {:e}",
                s * s + c * c - 1.0
            );
            assert!((cm + dlon.to_degrees() - lon1).abs() < 1e-10);
        };
        for i in 0..=36 {
            let lat = 18.0 + i as f64;
            for j in 0..=20 {
                let lon = cm - half - 0.5 + j as f64 * (2.0 * half + 1.0) / 20.0;
                check(lon, lat);
            }
        }
        for _ in 0..2000 {
            let lon = cm + rng.uniform(-half - 0.5, half + 0.5);
            let lat = rng.uniform(0.0, 60.0);
            check(lon, lat);
        }
        println!("EPSG:{code}: worst |Δ| {worst_deg:.2e}°, worst |Δ sin B| {worst_sin:.2e}");
    }
}

/// Far from the zone (600 km off the central meridian) the fast path still agrees: the
/// Taylor and power-series shortcuts hand over to the library functions.
#[test]
fn fast_inverse_holds_far_from_the_central_meridian() {
    let e = Ellipsoid::CGCS2000;
    let zone = sanxian_types::GkZone::three_degree_cm(117.0);
    let exact = zone.projection(&e);
    let fast = GaussKrugerInverse::new(&e, &zone);
    for &(x, y) in &[
        (-100_000.0, 3_000_000.0),
        (1_100_000.0, 2_000_000.0),
        (900_000.0, 6_000_000.0),
    ] {
        let (lon1, lat1) = exact.inverse(x, y);
        let (lon2, lat2) = fast.lon_lat_deg(x, y);
        assert!(
            (lon1 - lon2).abs() < 1e-10 && (lat1 - lat2).abs() < 1e-10,
            "({x}, {y}): {lon1} {lat1} vs {lon2} {lat2}"
        );
    }
}

/// The cursor path (angle addition from an anchor) gives the figures of the direct path to
/// rounding, along walks whose steps range from a metre to 20 km, so that the anchor moves.
#[test]
fn cursor_path_matches_direct_path() {
    let mut rng = common::SplitMix64(77);
    for code in [4527, 4497, 2363] {
        let Some(Crs::GaussKruger { datum, zone }) = Crs::from_epsg(code) else {
            panic!("EPSG:{code}");
        };
        let fast = GaussKrugerInverse::new(&datum.ellipsoid(), &zone);
        let half_width = if code == 4497 { 330_000.0 } else { 170_000.0 };
        let mut cursor = sanxian_area::GkCursor::default();
        let (mut x, mut y) = (zone.false_easting, 3_000_000.0);
        let (mut worst_lam, mut worst_sin): (f64, f64) = (0.0, 0.0);
        for i in 0..20_000 {
            let step = 10f64.powf(rng.uniform(0.0, 4.3));
            x = (x + rng.uniform(-step, step)).clamp(
                zone.false_easting - half_width,
                zone.false_easting + half_width,
            );
            y = (y + rng.uniform(-step, step)).clamp(2_000_000.0, 6_000_000.0);
            if i % 5000 == 0 {
                cursor = sanxian_area::GkCursor::default();
            }
            let (l1, s1, c1) = fast.dlon_sin_cos_lat(x, y);
            let (l2, s2, c2) = fast.dlon_sin_cos_lat_near(x, y, &mut cursor);
            worst_lam = worst_lam.max((l1 - l2).abs());
            worst_sin = worst_sin.max((s1 - s2).abs()).max((c1 - c2).abs());
        }
        println!("EPSG:{code} cursor vs direct: |Δλ| ≤ {worst_lam:.1e} rad, |Δ sin/cos B| ≤ {worst_sin:.1e}");
        // Both paths carry ~1e-16 absolute rounding (3 nm); they agree to that.
        assert!(
            worst_lam < 5e-16 && worst_sin < 1e-15,
            "{worst_lam:e} {worst_sin:e}"
        );
    }
}

/// The lane path (four points at once from the anchor) against the direct path.
#[test]
fn lane_path_matches_direct_path() {
    use sanxian_area::{Lanes, LANES};
    let mut rng = common::SplitMix64(78);
    for code in [4527, 4497, 21420] {
        let Some(Crs::GaussKruger { datum, zone }) = Crs::from_epsg(code) else {
            panic!("EPSG:{code}");
        };
        let fast = GaussKrugerInverse::new(&datum.ellipsoid(), &zone);
        let (mut worst_lam, mut worst_sin, mut declined): (f64, f64, usize) = (0.0, 0.0, 0);
        for _ in 0..5000 {
            let x0 = zone.false_easting + rng.uniform(-300_000.0, 300_000.0);
            let y0 = rng.uniform(1_000_000.0, 6_500_000.0);
            let mut cursor = sanxian_area::GkCursor::default();
            let _ = fast.dlon_sin_cos_lat_near(x0, y0, &mut cursor);
            let spread = 10f64.powf(rng.uniform(0.0, 4.3));
            let xs: Lanes = std::array::from_fn(|_| x0 + rng.uniform(-spread, spread));
            let ys: Lanes = std::array::from_fn(|_| y0 + rng.uniform(-spread, spread));
            let Some((lam, s)) = fast.dlon_sin_lat_lanes(&xs, &ys, &cursor) else {
                declined += 1;
                continue;
            };
            for i in 0..LANES {
                let (l1, s1, _) = fast.dlon_sin_cos_lat(xs[i], ys[i]);
                worst_lam = worst_lam.max((l1 - lam[i]).abs());
                worst_sin = worst_sin.max((s1 - s[i]).abs());
            }
        }
        println!("EPSG:{code} lanes vs direct: |Δλ| ≤ {worst_lam:.1e} rad, |Δ sin B| ≤ {worst_sin:.1e}, {declined} of 5000 declined");
        assert!(
            worst_lam < 5e-16 && worst_sin < 1e-15,
            "{worst_lam:e} {worst_sin:e}"
        );
        assert!(declined < 1000);
    }
}

/// Ring areas through the calculator (lanes, cursor fallback, remainders) against the plain
/// direct inverse point by point and the series, for rings of 3 to 200 vertices from 10 m to
/// 100 km across.
#[test]
fn calculator_ring_area_matches_point_by_point_evaluation() {
    use sanxian_area::{AreaCalculator, AreaMethod, SurveySeries};
    let crs = Crs::from_epsg(4527).unwrap();
    let calc = AreaCalculator::new(crs, AreaMethod::Ellipsoid).unwrap();
    let series = SurveySeries::new(&Ellipsoid::CGCS2000);
    let Crs::GaussKruger { zone, .. } = crs else {
        unreachable!()
    };
    let fast = GaussKrugerInverse::new(&Ellipsoid::CGCS2000, &zone);
    let mut rng = common::SplitMix64(79);
    let (mut worst, mut worst_abs): (f64, f64) = (0.0, 0.0);
    for _ in 0..500 {
        let n = rng.int(3, 200) as usize;
        let size = 10f64.powf(rng.uniform(1.0, 5.0));
        let x = 39_500_000.0 + rng.uniform(-150_000.0, 150_000.0);
        let y = rng.uniform(2_000_000.0, 5_900_000.0);
        let ring = common::star(&mut rng, x, y, n, 0.5 * size, size);
        let pts = &ring.0[..ring.0.len() - 1];
        let v: Vec<(f64, f64)> = pts
            .iter()
            .map(|c| {
                let (l, s, _) = fast.dlon_sin_cos_lat(c.x, c.y);
                (l, series.g(s))
            })
            .collect();
        let mut sum = 0.0;
        for i in 0..v.len() {
            let (x1, y1) = v[i];
            let (x2, y2) = v[(i + 1) % v.len()];
            sum += (x1 - v[0].0 + x2 - v[0].0) * (y2 - y1);
        }
        let want = 0.5 * series.b_squared_m2() * sum.abs();
        let got = calc.ring_area_m2(&ring).unwrap();
        // Both carry vertex rounding of a few 1e-16 rad (1–4 nm), up to 1e-6 m² on a ring.
        let d = (got - want).abs();
        worst = worst.max(d / want);
        worst_abs = worst_abs.max(d);
        assert!(
            d < 1e-10 * want + 1e-6,
            "n {n} size {size}: {got} vs {want} ({d:e} m²)"
        );
    }
    println!("calculator vs point-by-point: worst {worst:.1e} relative, {worst_abs:.1e} m²");
}
