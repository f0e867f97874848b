//! The `sanxian` binary end to end on the committed demo draft: outputs, JSON shapes and exit
//! codes (0 clean, 1 error findings, 2 unusable input).

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

/// The total planar overlap area of a layer pair in the GEOS reference of the demo draft.
fn geos_pair_total(a: &str, b: &str) -> f64 {
    let text =
        std::fs::read_to_string(root().join("testdata/reference/demo/overlaps.csv")).unwrap();
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[0] == a && c[2] == b).then(|| c[4].parse::<f64>().unwrap())
        })
        .sum()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn info_json_describes_every_demo_layer() {
    let o = sanxian(&["info", "testdata/demo", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let layers = v.as_array().unwrap();
    let codes: Vec<&str> = layers
        .iter()
        .map(|l| l["kind_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["CZKFBJ", "STBHHX", "XZQ", "YJJBNTBHTB"]);
    for l in layers {
        assert_eq!(l["crs"]["epsg"], 4527);
        assert_eq!(l["encoding"], "GBK (from .cpg)");
    }
}

#[test]
fn check_writes_the_report_and_exits_1_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let o = sanxian(&[
        "check",
        "testdata/demo",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for f in [
        "summary.json",
        "findings.geojson",
        "findings.csv",
        "report.html",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let pairs = summary["layer_pairs"].as_array().unwrap();
    let across = pairs
        .iter()
        .find(|p| p["layers"] == serde_json::json!(["STBHHX", "YJJBNTBHTB"]))
        .unwrap();
    assert_eq!(across["pairs"], 2);
    // GEOS (testdata/reference/demo/overlaps.csv, scripts/make_overlay_reference.py).
    let geos = geos_pair_total("STBHHX", "YJJBNTBHTB");
    let planar = across["planar_m2"].as_f64().unwrap();
    assert!((planar - geos).abs() < 1e-6, "{planar} vs GEOS {geos}");
    // The official area is within the Gauss-Krüger scale of the planar one (≤ 1e-5 here,
    // 20 km from the central meridian) and not equal to it.
    let e = across["ellipsoid_m2"].as_f64().unwrap();
    assert!(
        e != planar && ((e - planar) / planar).abs() < 1e-5,
        "{e} {planar}"
    );
    assert_eq!(summary["counties"].as_array().unwrap().len(), 4);
    let o = sanxian(&[
        "check",
        "testdata/demo",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--exit-zero",
    ]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn unusable_input_exits_2_with_the_file_named() {
    let o = sanxian(&[
        "check",
        "testdata/geojson/bad/not_a_collection.geojson",
        "--out",
        "target/never",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("not_a_collection.geojson") && err.contains("not a FeatureCollection"),
        "{err}"
    );
    let o = sanxian(&["info", "--crs", "EPSG:1", "testdata/demo"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn rules_prints_parseable_defaults() {
    let o = sanxian(&["rules"]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(
        text.contains("[overlap-across]") && text.contains("tolerance_m2 = 0.0001"),
        "{text}"
    );
}

#[test]
fn overlaps_json_has_one_object_per_pair() {
    let dir = tempfile::tempdir().unwrap();
    let o = sanxian(&[
        "overlaps",
        "testdata/demo/STBHHX.shp",
        "testdata/demo/YJJBNTBHTB.shp",
        "testdata/demo/CZKFBJ.shp",
        "--json",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0]["layers"],
        serde_json::json!(["STBHHX", "YJJBNTBHTB"])
    );
    assert_eq!(lines[0]["pairs"], 2);
    assert!(
        dir.path().join("overlaps.csv").exists() && dir.path().join("overlaps.geojson").exists()
    );
    let o = sanxian(&[
        "overlaps",
        "--within",
        "testdata/demo/YJJBNTBHTB.shp",
        "--json",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["layers"], serde_json::json!(["YJJBNTBHTB", "YJJBNTBHTB"]));
    assert_eq!(v["pairs"], 2);
}

#[test]
fn area_json_has_totals_and_groups() {
    let o = sanxian(&[
        "area",
        "testdata/demo/YJJBNTBHTB.shp",
        "--by",
        "XZQDM",
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let t = &v["total"];
    assert_eq!(t["features"], 2007);
    let (e, p) = (
        t["ellipsoid_m2"].as_f64().unwrap(),
        t["planar_m2"].as_f64().unwrap(),
    );
    // Near the central meridian the GK plane is 1e-5 larger at most here.
    assert!(e > 0.0 && (p - e).abs() / e < 1e-4, "{e} {p}");
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 4);
    let sum: f64 = groups.iter().map(|g| g["area_m2"].as_f64().unwrap()).sum();
    assert!((sum - e).abs() < 1e-6 * e);
}
