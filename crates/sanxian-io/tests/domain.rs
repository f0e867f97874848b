//! Coordinates that contradict their CRS are never computed on.
//!
//! Regression: a `.prj` of zone 39 on lon/lat coordinates was used anyway (eastings of 117 m,
//! 39 500 km from the meridian, became coordinates like −7e187 and NaN areas), and a square at
//! ±1e308 produced no finding at all. Expected outcomes by construction.

use std::path::Path;

use sanxian_io::{read_path, ReadOptions};
use sanxian_types::Severity;

fn geojson(dir: &Path, name: &str, crs: &str, squares: &[(f64, f64, f64)]) -> std::path::PathBuf {
    let feats: Vec<String> = squares
        .iter()
        .map(|&(x, y, s)| {
            format!(
                r#"{{"type":"Feature","properties":{{}},"geometry":{{"type":"Polygon","coordinates":[[[{x:e},{y:e}],[{:e},{y:e}],[{:e},{:e}],[{x:e},{:e}],[{x:e},{y:e}]]]}}}}"#,
                x + s,
                x + s,
                y + s,
                y + s
            )
        })
        .collect();
    let text = format!(
        r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"{crs}"}}}},"features":[{}]}}"#,
        feats.join(",")
    );
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn lon_lat_under_a_gauss_kruger_crs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = geojson(
        dir.path(),
        "farm.geojson",
        "urn:ogc:def:crs:EPSG::4527",
        &[(117.1, 30.1, 0.001), (117.2, 30.2, 0.001)],
    );
    let err = read_path(&p, &ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("farm.geojson"), "{err}");
    assert!(err.contains("contradict its CRS"), "{err}");
    assert!(err.contains("look like longitudes/latitudes"), "{err}");
}

#[test]
fn gauss_kruger_eastings_under_lon_lat_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = geojson(
        dir.path(),
        "red.geojson",
        "urn:ogc:def:crs:EPSG::4490",
        &[(39_500_000.0, 3_300_000.0, 100.0)],
    );
    let err = read_path(&p, &ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("red.geojson") && err.contains("Gauss-Krüger eastings with a zone prefix"),
        "{err}"
    );
}

#[test]
fn an_absurd_record_is_taken_out_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let p = geojson(
        dir.path(),
        "farm.geojson",
        "urn:ogc:def:crs:EPSG::4527",
        &[
            (39_500_000.0, 3_300_000.0, 100.0),
            (-1e308, -1e308, 1e308),
            (39_500_200.0, 3_300_000.0, 100.0),
        ],
    );
    let l = &read_path(&p, &ReadOptions::default()).unwrap()[0];
    let records: Vec<u64> = l.features.iter().map(|f| f.id.record).collect();
    assert_eq!(records, [1, 3]);
    assert_eq!(l.source_records, 3);
    let d = l
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error && d.record == Some(2))
        .unwrap_or_else(|| panic!("{:#?}", l.diagnostics));
    assert!(
        d.message.contains("from the central meridian") && d.message.contains("not used"),
        "{}",
        d.message
    );
}
