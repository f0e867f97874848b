//! A clean county checked against geo: valid geometry, no overlaps within or across the three
//! control lines, everything inside the county it names, MJ equal to the geodesic area.

mod common;

use common::{county, county_of_features, geodesic_area, is_valid, overlapping_pairs};

#[test]
fn clean_county_passes_every_check() {
    let c = county(0.01, 42, false);

    for l in c.layers() {
        for f in &l.features {
            assert!(is_valid(&f.geometry), "{} is invalid", f.id);
        }
    }

    let pairs = overlapping_pairs(&c, 1e-4);
    assert!(pairs.is_empty(), "overlaps: {pairs:?}");

    for l in [&c.red_line, &c.farmland, &c.urban_boundary] {
        for (f, (code, inside, area)) in l.features.iter().zip(county_of_features(&c, l)) {
            assert!(
                (inside - area).abs() < 1e-6 * area + 1e-3,
                "{} lies partly outside the counties: {inside} of {area} m²",
                f.id
            );
            assert_eq!(f.attributes[2].as_str(), Some(code.as_str()), "{}", f.id);
        }
    }

    // The counties do not overlap each other and tile the farmland's study area.
    let admin = &c.admin_area.features;
    for i in 0..admin.len() {
        for j in i + 1..admin.len() {
            let a = common::overlap_area(&admin[i].geometry, &admin[j].geometry);
            assert!(a < 1e-3, "counties {i} and {j} overlap by {a} m²");
        }
    }
}

#[test]
fn mj_is_the_ellipsoid_area() {
    let c = county(0.01, 42, false);
    for l in c.layers() {
        // The area field of each layer (MJ, YJJBNTTBMJ, JSMJ).
        let k = ["MJ", "YJJBNTTBMJ", "JSMJ", "TBMJ"]
            .iter()
            .find_map(|n| l.field_index(n))
            .unwrap();
        for f in &l.features {
            let mj = f.attributes[k].as_f64().unwrap();
            let g = geodesic_area(&f.geometry);
            assert!(
                (mj - g).abs() < 0.011 + 1e-9 * g,
                "{}: MJ {mj} vs geodesic {g}",
                f.id
            );
            // And not the planar area: off the central meridian the plane enlarges areas by the
            // square of the scale factor, here more than the 0.01 m² of MJ's rounding.
            let planar = sanxian_types::planar::multipolygon_area(&f.geometry);
            let x = f.geometry.0[0].exterior().0[0].x - 39_500_000.0;
            let k2 = (x / 6_371_000.0).powi(2);
            if k2 * planar > 0.05 {
                assert!(
                    (mj - planar).abs() > 0.02,
                    "{}: MJ {mj} equals the planar area",
                    f.id
                );
            }
        }
    }
}

/// The same checks on a bigger county: `cargo test -p sanxian-gen --release --test oracle --
/// --ignored` (scale from `SANXIAN_GEN_ORACLE_SCALE`, default 0.1).
#[test]
#[ignore = "slow: run on demand"]
fn bigger_clean_county_passes_every_check() {
    let scale = std::env::var("SANXIAN_GEN_ORACLE_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.1);
    let c = county(scale, 2024, false);
    for l in c.layers() {
        for f in &l.features {
            assert!(is_valid(&f.geometry), "{} is invalid", f.id);
        }
    }
    let pairs = overlapping_pairs(&c, 1e-4);
    assert!(pairs.is_empty(), "overlaps: {pairs:?}");
    for l in [&c.red_line, &c.farmland, &c.urban_boundary] {
        for (f, (code, inside, area)) in l.features.iter().zip(county_of_features(&c, l)) {
            assert!((inside - area).abs() < 1e-6 * area + 1e-3, "{}", f.id);
            assert_eq!(f.attributes[2].as_str(), Some(code.as_str()), "{}", f.id);
        }
    }
}
