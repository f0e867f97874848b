//! Lon/lat layers far from the CGCS2000 zones (testdata/realdata, real public data).
//!
//! Regression: such data were projected into the nearest CGCS2000 zone, clamped to zone 25
//! (CM 75°E) — 65° away — and the overlap areas of the Liechtenstein land use came out 62 % too
//! large, while countries spread over the globe "overlapped" where GEOS finds nothing. Now the
//! working plane is a transverse Mercator centred on the data, or the job is refused.
//!
//! Oracle: testdata/realdata/reference.json (scripts/make_realdata_reference.py): GEOS overlaps
//! in the same plane by PROJ, official areas by the survey series on PROJ-inverted vertices.

use std::path::{Path, PathBuf};

use sanxian_io::reproject::{into_crs, working_crs};
use sanxian_io::{read_layer, ReadOptions};
use sanxian_types::{Crs, Layer};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/realdata")
}

fn layer(rel: &str) -> Layer {
    read_layer(&root().join(rel), &ReadOptions::default()).unwrap()
}

#[test]
fn liechtenstein_overlaps_equal_geos_in_a_plane_on_the_data() {
    let text = std::fs::read_to_string(root().join("reference.json")).unwrap();
    let r: serde_json::Value = serde_json::from_str(&text).unwrap();
    let r = &r["liechtenstein_landuse"];
    let l = layer("liechtenstein/landuse.geojson");
    assert_eq!(l.features.len() as u64, r["features"].as_u64().unwrap());
    let working = working_crs(&[&l]).unwrap();
    let Crs::GaussKruger { zone, .. } = working else {
        panic!("{working}")
    };
    assert_eq!(
        zone.central_meridian,
        r["central_meridian"].as_f64().unwrap()
    );
    assert_eq!(zone.false_easting, 500_000.0);
    let l = into_crs(l, &working).unwrap();
    let layers = [l];
    let pairs = sanxian_plans::overlaps_among(&layers, true, 1e-4).unwrap();
    let p = &pairs[0];
    let want = r["pairs"].as_array().unwrap();
    let got: Vec<(u64, u64)> = p
        .report
        .conflicts
        .iter()
        .map(|c| (c.feature_a.record, c.feature_b.record))
        .collect();
    let expected: Vec<(u64, u64)> = want
        .iter()
        .map(|w| {
            (
                w["records"][0].as_u64().unwrap(),
                w["records"][1].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, expected);
    let mut sum = 0.0;
    for ((c, e), w) in p.report.conflicts.iter().zip(&p.ellipsoid_m2).zip(want) {
        let (wp, we) = (
            w["planar_m2"].as_f64().unwrap(),
            w["ellipsoid_m2"].as_f64().unwrap(),
        );
        assert!(
            (c.planar_m2 - wp).abs() <= 1e-6 + 1e-9 * wp,
            "{}: {} vs {wp}",
            c.feature_a,
            c.planar_m2
        );
        let e = *e.as_ref().unwrap();
        assert!(
            (e - we).abs() <= 1e-4 + 1e-9 * we,
            "{}: {e} vs {we}",
            c.feature_a
        );
        sum += we;
    }
    assert!((p.ellipsoid_total_m2 - sum).abs() <= 1e-6 * sum);
}

#[test]
fn layers_spanning_too_much_longitude_are_refused() {
    // Natural Earth's Netherlands reaches the Caribbean: 85° of longitude in one layer.
    let ne = layer("ne_europe.geojson");
    let err = working_crs(&[&ne]).unwrap_err().to_string();
    assert!(
        err.contains("span longitudes") && err.contains("1000 km"),
        "{err}"
    );
    // Two layers on different continents, each small: refused as well, naming the far one.
    let li = layer("liechtenstein/landuse.geojson");
    let mut far = li.clone();
    far.path = "far.geojson".into();
    for f in &mut far.features {
        for p in &mut f.geometry.0 {
            p.exterior_mut(|r| r.0.iter_mut().for_each(|c| c.x -= 110.0));
        }
    }
    let err = working_crs(&[&li, &far]).unwrap_err().to_string();
    assert!(err.contains("geojson"), "{err}");
}

#[test]
fn data_in_china_keep_their_cgcs2000_zone() {
    // The demo draft's farmland, as lon/lat: the 3° zone of its middle longitude (zone 39).
    let demo = read_layer(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/geojson/farmland_4527.geojson"),
        &ReadOptions::default(),
    )
    .unwrap();
    let lonlat = into_crs(demo, &Crs::CGCS2000).unwrap();
    assert_eq!(working_crs(&[&lonlat]).unwrap().epsg(), Some(4527));
}
