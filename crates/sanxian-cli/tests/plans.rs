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
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let pieces = summary["pieces"].as_u64().unwrap() as usize;
    let csv = read_bom(&out.join("pieces.csv"));
    assert!(csv.contains("in_STBHHX") && csv.contains("in_YJJBNTBHTB"));
    assert_eq!(csv.lines().count(), 1 + pieces);
    assert_eq!(summary["unmapped"].as_array().unwrap().len(), 2);
    assert!(summary["by_county"]["349901"].is_array());
    // Control lines first in the standard order, then the plans.
    assert_eq!(
        summary["priority"],
        serde_json::json!(["STBHHX", "YJJBNTBHTB", "CZKFBJ", "a", "b"])
    );
    // The demo farmland overlaps itself: dissolved before it cuts the pieces, and said so.
    assert_eq!(summary["control_lines_dissolved"][0]["layer"], "YJJBNTBHTB");
    let differences: u64 = summary["summary"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["class"] == "only_a" || s["class"] == "only_b")
        .map(|s| s["count"].as_u64().unwrap())
        .sum();
    let gj: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("differences.geojson")).unwrap())
            .unwrap();
    let feats = gj["features"].as_array().unwrap();
    assert_eq!(feats.len() as u64, differences);
    let lon = feats[0]["geometry"]["coordinates"][0][0][0]
        .as_f64()
        .unwrap();
    assert!((100.0..130.0).contains(&lon), "not lon/lat: {lon}");
    let integrated: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("integrated.geojson")).unwrap())
            .unwrap();
    assert_eq!(integrated["features"].as_array().unwrap().len(), pieces);
    let ledger = read_bom(&out.join("priority.csv"));
    assert_eq!(
        ledger.lines().count() as u64 - 1,
        summary["decided_by_priority"].as_u64().unwrap()
    );
    let html = std::fs::read_to_string(out.join("summary.html")).unwrap();
    assert!(html.contains("only_a") && html.contains("X9"));
}

#[test]
fn compare_plans_takes_any_number_of_plans() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp3");
    let o = sanxian(&[
        "compare-plans",
        "--plan",
        "a=testdata/plans/plan_a.geojson:DLBM",
        "--plan",
        "b=testdata/plans/plan_b.geojson:YDDM",
        "--plan",
        "c=testdata/plans/plan_c.geojson:GHLX",
        "--mapping",
        "testdata/plans/mapping.toml",
        "--rules",
        "testdata/plans/rules.toml",
        "--priority",
        "testdata/plans/priority.toml",
        "--lines",
        "testdata/demo/STBHHX.shp",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // --json prints one document.
    let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        printed["plans_compared"],
        serde_json::json!(["a", "b", "c"])
    );
    let csv = read_bom(&out.join("pieces.csv"));
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains("code_c") && header.contains("category_c"),
        "{header}"
    );
    assert!(csv.contains("mining-in-red-line"));
    let html = std::fs::read_to_string(out.join("summary.html")).unwrap();
    assert!(html.contains("矿产开采区位于生态保护红线内") && html.contains("矿业权有序退出"));
    // A plan given wrongly is refused before anything is read.
    let o = sanxian(&[
        "compare-plans",
        "--plan",
        "a=testdata/plans/plan_a.geojson",
        "--plan",
        "b=testdata/plans/plan_b.geojson:YDDM",
        "--mapping",
        "testdata/plans/mapping.toml",
        "--out",
        dir.path().join("bad").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("NAME=FILE:FIELD"));
}

#[test]
fn lines_that_are_no_control_line_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for lines in ["testdata/demo/XZQ.shp", "testdata/bureau"] {
        let o = sanxian(&[
            "compare-plans",
            "testdata/plans/plan_a.geojson",
            "--class-a",
            "DLBM",
            "testdata/plans/plan_b.geojson",
            "--class-b",
            "YDDM",
            "--mapping",
            "testdata/plans/mapping.toml",
            "--lines",
            lines,
            "--out",
            dir.path().join("x").to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{lines}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("control line") && err.contains(lines), "{err}");
    }
}

#[test]
fn tabulate_writes_the_cross_tab_with_totals() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tab");
    let o = sanxian(&[
        "tabulate",
        "testdata/bureau/PZYD.shp:PZWH",
        "--minus",
        "testdata/bureau/GDYD.shp",
        "--county",
        "testdata/demo/XZQ.shp",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = read_bom(&out.join("tabulation.csv"));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap().trim_start_matches('\u{feff}'),
        "XZQDM,PZYD.PZWH,pieces,ellipsoid_m2,ellipsoid_ha,ellipsoid_mu,planar_m2,share_of_first_pct"
    );
    let last = csv.lines().last().unwrap();
    assert!(last.starts_with("合计,"), "{last}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    // The total row of the CSV is the total of the JSON, in m² to 2 decimals.
    let total = summary["total"]["ellipsoid"]["m2"].as_f64().unwrap();
    assert!(last.contains(&format!(",{total:.2},")), "{last} vs {total}");
    let county_rows = csv.lines().filter(|l| l.contains(",合计,")).count();
    assert_eq!(
        county_rows,
        summary["county_totals"].as_object().unwrap().len()
    );
    let gj: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("pieces.geojson")).unwrap())
            .unwrap();
    assert_eq!(
        gj["features"].as_array().unwrap().len() as u64,
        summary["pieces"].as_u64().unwrap()
    );
    // A field the layer lacks is named.
    let o = sanxian(&[
        "tabulate",
        "testdata/bureau/PZYD.shp:NOPE",
        "--out",
        dir.path().join("bad").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("NOPE"));
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
