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
    assert_eq!(codes, ["CZKFBJ", "DLTB", "STBHHX", "XZQ", "YJJBNTBHTB"]);
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
    // Every pair, with GEOS's planar area (testdata/reference/demo/overlaps.csv).
    for (line, (a, b, pairs)) in lines.iter().zip([
        ("STBHHX", "YJJBNTBHTB", 2),
        ("STBHHX", "CZKFBJ", 1),
        ("YJJBNTBHTB", "CZKFBJ", 1),
    ]) {
        assert_eq!(line["layers"], serde_json::json!([a, b]));
        assert_eq!(line["pairs"], pairs);
        let planar = line["planar_m2"].as_f64().unwrap();
        let geos = geos_pair_total(a, b);
        assert!(
            (planar - geos).abs() < 1e-6,
            "{a} × {b}: {planar} vs GEOS {geos}"
        );
        // The demo lies 10–25 km east of the central meridian: the plane enlarges areas by
        // k² − 1 = (x/R)², under 1.6e-5 there.
        let e = line["ellipsoid_m2"].as_f64().unwrap();
        assert!(planar > e && (planar - e) / planar < 1.6e-5, "{e} {planar}");
    }
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
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["layers"], serde_json::json!(["YJJBNTBHTB", "YJJBNTBHTB"]));
    // The planted overlap and the planted duplicate (GEOS lists both pairs).
    assert_eq!(v["pairs"], 2);
    let geos = geos_pair_total("YJJBNTBHTB", "YJJBNTBHTB");
    assert!((v["planar_m2"].as_f64().unwrap() - geos).abs() < 1e-6);
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
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../testdata/demo/manifest.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let farmland = manifest["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == "YJJBNTBHTB")
        .unwrap();
    assert_eq!(t["features"], farmland["features"]);
    let (e, p) = (
        t["ellipsoid_m2"].as_f64().unwrap(),
        t["planar_m2"].as_f64().unwrap(),
    );
    // 20 km east of the central meridian the plane enlarges areas by k² − 1 ≈ (20/6371)² ≈
    // 1e-5: planar is larger than the ellipsoid area, by under 1.2e-5.
    assert!(e > 0.0 && p > e && (p - e) / e < 1.2e-5, "{e} {p}");
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 4);
    let sum: f64 = groups.iter().map(|g| g["area_m2"].as_f64().unwrap()).sum();
    assert!((sum - e).abs() < 1e-6 * e);
}

/// The same demo draft as GeoJSON (testdata/demo-geojson, written by the generator beside the
/// Shapefiles) gives the same findings and areas as from the Shapefiles, but for the field
/// lengths GeoJSON does not declare.
#[test]
fn the_demo_gives_the_same_report_from_geojson() {
    let dir = tempfile::tempdir().unwrap();
    let run = |draft: &str, out: &str| {
        let o = sanxian(&[
            "check",
            draft,
            "--out",
            dir.path().join(out).to_str().unwrap(),
            "--quiet",
            "--exit-zero",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(
            &std::fs::read(dir.path().join(out).join("summary.json")).unwrap(),
        )
        .unwrap();
        (
            v["rules"].clone(),
            v["layer_pairs"].clone(),
            v["counties"].clone(),
        )
    };
    let mut shp = run("testdata/demo", "shp");
    let mut json = run("testdata/demo-geojson", "json");
    // GeoJSON declares no field lengths: the planted C40 GHFQMC (the standard has C50) is a
    // finding of the Shapefile only. Every other count and area is the same.
    let length = |rules: &mut serde_json::Value| {
        let a = rules.as_array_mut().unwrap();
        let k = a.iter().position(|r| r["rule"] == "field-length").unwrap();
        a.remove(k)["count"].as_u64().unwrap()
    };
    assert_eq!((length(&mut shp.0), length(&mut json.0)), (1, 0));
    assert_eq!(shp.0, json.0);
    assert_eq!(shp.1, json.1);
    assert_eq!(shp.2, json.2);
}

fn sanxian_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sanxian"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn copy_demo(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(root().join("testdata/demo")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// Regression: `check --out DIR` deleted DIR and everything in it, the draft included.
#[test]
fn check_refuses_to_write_over_a_folder_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft");
    copy_demo(&draft);
    let before: Vec<_> = std::fs::read_dir(&draft)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    // --out pointing at the draft itself, and `--out .` inside it.
    for (cwd, out) in [(dir.path(), "draft"), (draft.as_path(), ".")] {
        let o = sanxian_in(cwd, &["check", draft.to_str().unwrap(), "--out", out]);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("sanxian did not write"), "{err}");
        let after: Vec<_> = std::fs::read_dir(&draft)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(before, after, "the draft folder is untouched");
    }
    let mut beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["draft"], "no .partial or lock left behind");
    // Its own report folder, written twice with `--out .`, is replaced.
    let report = dir.path().join("report");
    let o = sanxian_in(
        dir.path(),
        &[
            "check",
            draft.to_str().unwrap(),
            "--out",
            "report",
            "--exit-zero",
            "--quiet",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = sanxian_in(
        &report,
        &[
            "check",
            draft.to_str().unwrap(),
            "--out",
            ".",
            "--exit-zero",
            "--quiet",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(report.join("summary.json").exists());
}

/// Regression: `sanxian overlaps … | head` panicked on the closed pipe.
#[test]
fn a_closed_stdout_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sanxian"))
        .args(["rules"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(status.success() || status.code().is_none(), "{status:?}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sanxian"))
        .args([
            "overlaps",
            "testdata/demo/STBHHX.shp",
            "testdata/demo/YJJBNTBHTB.shp",
            "--out",
        ])
        .arg(dir.path().join("o"))
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(status.code(), Some(0));
}

/// Regression: `area` and `overlaps` read past unreadable records without a word, and the
/// headline counted from the .shp alone. Oracle: testdata/bad/shapefile/truncated.* was written
/// with 4 records (scripts/make_shapefile_fixtures.py), its .shp cut inside the third.
#[test]
fn lost_records_are_said_and_exit_1_for_a_control_line() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["shp", "shx", "dbf", "prj"] {
        std::fs::copy(
            root().join(format!("testdata/bad/shapefile/truncated.{ext}")),
            dir.path().join(format!("YJJBNTBHTB.{ext}")),
        )
        .unwrap();
    }
    let shp = dir.path().join("YJJBNTBHTB.shp");
    let o = sanxian(&["area", shp.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("2 of 4 records could not be used"), "{err}");
    assert!(
        stdout(&o).contains("2 features of 4 records"),
        "{}",
        stdout(&o)
    );
    let o = sanxian(&[
        "overlaps",
        "--within",
        shp.to_str().unwrap(),
        "--out",
        dir.path().join("o").to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("2 of 4 records could not be used"));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("o/summary.json")).unwrap()).unwrap();
    assert_eq!(summary["inputs"][0]["records"], 4);
    assert_eq!(summary["inputs"][0]["skipped"], 2);
}

/// Every entry of a draft folder that holds no layer is listed on stderr with the reason.
#[test]
fn check_lists_what_it_did_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft");
    copy_demo(&draft);
    std::fs::write(draft.join("说明.docx"), "x").unwrap();
    let o = sanxian(&[
        "check",
        draft.to_str().unwrap(),
        "--out",
        dir.path().join("r").to_str().unwrap(),
        "--exit-zero",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("说明.docx: not a layer format sanxian reads (.docx)"),
        "{err}"
    );
    assert!(
        err.contains("manifest.json: JSON that is not GeoJSON"),
        "{err}"
    );
}

#[test]
fn a_rules_file_with_an_unknown_key_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.toml");
    std::fs::write(&rules, "[sliver]\nmin_area = 50\n").unwrap();
    let o = sanxian(&[
        "check",
        "testdata/demo",
        "--rules",
        rules.to_str().unwrap(),
        "--out",
        dir.path().join("r").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("[sliver]") && err.contains("min_area"),
        "{err}"
    );
    std::fs::write(&rules, "[slivers]\n").unwrap();
    let o = sanxian(&[
        "check",
        "testdata/demo",
        "--rules",
        rules.to_str().unwrap(),
        "--out",
        dir.path().join("r").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown rule [slivers]"));
}

/// A path that does not exist says so, once (not "unsupported format", not the OS message
/// twice).
#[test]
fn a_missing_path_says_so_once() {
    let o = sanxian(&["info", "testdata/nope.shp"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err.trim(),
        "error: testdata/nope.shp: no such file or folder"
    );
}

/// `sanxian profile` prints a profile a user can copy, change and give back with
/// `--profile FILE`; the copy checks the demo exactly as the built-in profile does.
#[test]
fn a_printed_profile_is_a_profile() {
    let dir = tempfile::tempdir().unwrap();
    let list = sanxian(&["profile", "--list"]);
    assert!(list.status.success());
    let text = stdout(&list);
    assert!(
        text.contains("three-lines") && text.contains("dltb-3rd-survey"),
        "{text}"
    );
    assert!(
        text.contains("[DLTB]"),
        "optional layers in brackets: {text}"
    );
    for resolved in [false, true] {
        let args: &[&str] = if resolved {
            &["profile", "three-lines", "--resolved"]
        } else {
            &["profile", "dltb-3rd-survey"]
        };
        let o = sanxian(args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let p = dir.path().join(format!("p{resolved}.toml"));
        std::fs::write(&p, stdout(&o)).unwrap();
        let out = dir.path().join(format!("r{resolved}"));
        let c = sanxian(&[
            "check",
            "testdata/demo",
            "--profile",
            p.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
            "--exit-zero",
        ]);
        assert!(c.status.success(), "{}", String::from_utf8_lossy(&c.stderr));
    }
    // The resolved three-lines profile gives the report the built-in one gives.
    let builtin = dir.path().join("builtin");
    let c = sanxian(&[
        "check",
        "testdata/demo",
        "--out",
        builtin.to_str().unwrap(),
        "--quiet",
        "--exit-zero",
    ]);
    assert!(c.status.success());
    let rules = |d: &Path| -> serde_json::Value {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(d.join("summary.json")).unwrap()).unwrap();
        v["rules"].clone()
    };
    assert_eq!(rules(&builtin), rules(&dir.path().join("rtrue")));
    let bad = sanxian(&["check", "testdata/demo", "--profile", "no-such-profile"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("neither a built-in profile"));
    let rules = sanxian(&["rules", "--profile", "dltb-3rd-survey"]);
    assert!(stdout(&rules).contains("[gap]"));
}

/// The verdict decides the exit code; an exceptions file takes explained findings out of it,
/// shows them apart and lists the exceptions that match nothing.
#[test]
fn exceptions_and_the_verdict_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r1");
    let o = sanxian(&["check", "testdata/demo", "--out", out.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        stdout(&o).contains("verdict: 不通过 fail"),
        "{}",
        stdout(&o)
    );
    // Except every level-1 finding of the report, by its CSV row.
    let text = std::fs::read_to_string(out.join("findings.csv")).unwrap();
    let mut rows =
        csv::ReaderBuilder::new().from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = rows.headers().unwrap().clone();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let mut ex = String::from("\u{feff}规则编码,图层,标识码,字段,原因\n");
    for r in rows.records() {
        let r = r.unwrap();
        if &r[col("level")] == "1" {
            let layer = r[col("layers")].split(" × ").next().unwrap().to_string();
            ex.push_str(&format!(
                "{},{},{},{},已说明\n",
                &r[col("code")],
                layer,
                &r[col("bsm_a")],
                &r[col("field")]
            ));
        }
    }
    ex.push_str("6301,XZQ,NO-SUCH,,stale\n");
    let exfile = dir.path().join("例外.csv");
    std::fs::write(&exfile, ex).unwrap();
    let out2 = dir.path().join("r2");
    let o = sanxian(&[
        "check",
        "testdata/demo",
        "--exceptions",
        exfile.to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let text = stdout(&o);
    assert!(text.contains("verdict: 通过 pass"), "{text}");
    assert!(text.contains("stale: 6301 XZQ NO-SUCH"), "{text}");
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out2.join("summary.json")).unwrap()).unwrap();
    assert_eq!(v["verdict"]["passed"], true);
    assert_eq!(v["stale_exceptions"].as_array().unwrap().len(), 1);
    let html = std::fs::read_to_string(out2.join("report.html")).unwrap();
    assert!(html.contains("id=\"excepted-table\"") && html.contains("已说明"));
    let csv_text = std::fs::read_to_string(out2.join("findings.csv")).unwrap();
    assert!(csv_text.contains(",已说明,"));
    // An exceptions file with a row that says nothing is refused, naming the row.
    std::fs::write(&exfile, "code,layer,bsm,field,reason\n6301,,,,x\n").unwrap();
    let o = sanxian(&[
        "check",
        "testdata/demo",
        "--exceptions",
        exfile.to_str().unwrap(),
        "--out",
        dir.path().join("r3").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("line 2: layer is empty"));
}
