//! With the gdal feature, the report folder also holds findings.gpkg in the working CRS, which
//! reads back (through GDAL) with one feature per finding that has a geometry.
#![cfg(feature = "gdal")]

use std::path::Path;

use sanxian_check::{Draft, RuleSettings};

#[test]
fn findings_gpkg_reads_back() {
    let demo = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/demo"));
    let draft = Draft::open(demo).unwrap();
    let report = draft.check(&RuleSettings::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    draft.write_report(&report, &out).unwrap();
    let gpkg = out.join("findings.gpkg");
    let layers = sanxian_io::read_path(&gpkg, &Default::default()).unwrap();
    assert_eq!(layers.len(), 1);
    let with_geometry = report
        .findings
        .iter()
        .filter(|f| f.geometry.is_some())
        .count();
    assert_eq!(layers[0].features.len(), with_geometry);
    assert_eq!(layers[0].crs, Some(draft.working_crs));
}
