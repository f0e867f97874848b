//! `sanxian compare-plans` and `sanxian occupy` end to end on testdata/plans/.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sanxian(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sanxian"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn read_bom(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.starts_with('\u{feff}'),
        "{} has no BOM",
        path.display()
    );
    text
}

#[test]
fn compare_plans_writes_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    let out_s = out.to_str().unwrap();
    let o = sanxian(&[
        "compare-plans",
        "testdata/plans/plan_a.geojson",
        "--class-a",
        "DLBM",
        "testdata/plans/plan_b.geojson",
        "--class-b",
        "YDDM",
        "--mapping",
        "testdata/plans/mapping.csv",
        "--lines",
        "testdata/demo",
        "--out",
        out_s,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = read_bom(&out.join("pieces.csv"));
    assert!(csv.contains("overlaps_STBHHX"));
    assert_eq!(csv.lines().count(), 1 + 89 + 62 + 151 + 101 + 12);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["pieces"], 415);
    assert_eq!(summary["unmapped"].as_array().unwrap().len(), 2);
    assert!(summary["by_county"]["349901"].is_array());
    let gj: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("differences.geojson")).unwrap())
            .unwrap();
    let feats = gj["features"].as_array().unwrap();
    assert_eq!(feats.len(), 62 + 151);
    let lon = feats[0]["geometry"]["coordinates"][0][0][0]
        .as_f64()
        .unwrap();
    assert!((100.0..130.0).contains(&lon), "not lon/lat: {lon}");
    let html = std::fs::read_to_string(out.join("summary.html")).unwrap();
    assert!(html.contains("only_a") && html.contains("X9"));
}

#[test]
fn compare_plans_refuses_a_missing_field() {
    let dir = tempfile::tempdir().unwrap();
    let o = sanxian(&[
        "compare-plans",
        "testdata/plans/plan_a.geojson",
        "--class-a",
        "NOPE",
        "testdata/plans/plan_b.geojson",
        "--class-b",
        "YDDM",
        "--mapping",
        "testdata/plans/mapping.toml",
        "--out",
        dir.path().join("x").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("NOPE"));
}

#[test]
fn occupy_writes_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("occ");
    let o = sanxian(&[
        "occupy",
        "testdata/plans/parcels.geojson",
        "--lines",
        "testdata/demo/STBHHX.shp",
        "testdata/demo/YJJBNTBHTB.shp",
        "testdata/demo/CZKFBJ.shp",
        "--survey",
        "testdata/plans/dltb.geojson",
        "--dlbm",
        "DLBM",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = read_bom(&out.join("occupancy.csv"));
    assert_eq!(csv.lines().count(), 1 + 5 + 1);
    assert!(csv.lines().nth(5).unwrap().ends_with(",1"), "P5 is clear");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("occupancy.json")).unwrap())
            .unwrap();
    assert_eq!(json["occupancy"]["clear"].as_array().unwrap().len(), 1);
    let gj: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("pieces.geojson")).unwrap())
            .unwrap();
    assert!(!gj["features"].as_array().unwrap().is_empty());
}

#[test]
fn occupy_refuses_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let o = sanxian(&[
        "occupy",
        "testdata/plans/nope.geojson",
        "--lines",
        "testdata/demo",
        "--out",
        dir.path().join("x").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}
