//! The report folder: files, encodings, atomic replacement, and that the HTML renders in a real
//! browser (headless Chromium; required when the CI variable is set, skipped with a note otherwise).

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use geo_types::{polygon, MultiPolygon};
use sanxian_report::{write_report, MapLayer};
use sanxian_rules::finding::{InputSummary, LayerPairSummary, RuleSummary};
use sanxian_rules::{AreaFigures, CheckReport, Finding, FindingSeverity, RuleId, RuleSettings};
use sanxian_types::{Crs, FeatureId};

fn square(x: f64, y: f64, s: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![
        polygon![(x: x, y: y), (x: x + s, y: y), (x: x + s, y: y + s), (x: x, y: y + s), (x: x, y: y)],
    ])
}

fn sample() -> (CheckReport, Vec<MultiPolygon<f64>>) {
    let id = |src: &str, r| FeatureId {
        source: Arc::from(src),
        record: r,
        bsm: Some(format!("BSM{r}")),
    };
    let overlap = square(39_500_050.0, 3_320_050.0, 50.0);
    let findings = vec![
        Finding {
            rule: RuleId::OverlapAcross,
            severity: FindingSeverity::Error,
            layers: vec!["STBHHX".into(), "YJJBNTBHTB".into()],
            features: vec![id("STBHHX.shp", 1), id("YJJBNTBHTB.shp", 7)],
            message: "永久基本农田与生态保护红线重叠 2500 m²".into(),
            geometry: Some(overlap.clone()),
            location: Some([39_500_075.0, 3_320_075.0]),
            area: Some(AreaFigures::from_m2(2500.0)),
            planar_m2: Some(2500.0),
            xzqdm: Some("330783".into()),
            resolution: RuleId::OverlapAcross.resolution(),
        },
        Finding {
            rule: RuleId::Sliver,
            severity: FindingSeverity::Warning,
            layers: vec!["YJJBNTBHTB".into()],
            features: vec![id("YJJBNTBHTB.shp", 9)],
            message: "sliver of 12 m² <script>".into(),
            geometry: Some(square(39_500_300.0, 3_320_300.0, 3.0)),
            location: Some([39_500_301.0, 3_320_301.0]),
            area: Some(AreaFigures::from_m2(12.0)),
            planar_m2: Some(9.0),
            xzqdm: None,
            resolution: RuleId::Sliver.resolution(),
        },
    ];
    let report = CheckReport {
        sanxian_version: "test",
        inputs: vec![InputSummary {
            layer: "STBHHX".into(),
            path: "STBHHX.shp".into(),
            format: "ESRI Shapefile".into(),
            crs: Some("EPSG:4527".into()),
            epsg: Some(4527),
            records: 1,
            features: 1,
            vertices: 5,
        }],
        working_crs: "EPSG:4527".into(),
        settings: RuleSettings::default(),
        rules: vec![RuleSummary {
            rule: RuleId::OverlapAcross,
            title_zh: RuleId::OverlapAcross.title().0,
            title_en: RuleId::OverlapAcross.title().1,
            enabled: true,
            count: 1,
            errors: 1,
            area_m2: 2500.0,
        }],
        layer_pairs: vec![LayerPairSummary {
            layers: ["STBHHX".into(), "YJJBNTBHTB".into()],
            pairs: 1,
            area_m2: 2500.0,
            ellipsoid_m2: 2500.0,
            below_tolerance: 0,
        }],
        counties: vec![],
        errors: 1,
        warnings: 1,
        findings,
    };
    (
        report,
        vec![
            square(39_500_000.0, 3_320_000.0, 100.0),
            square(39_500_050.0, 3_320_050.0, 200.0),
        ],
    )
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

#[test]
fn writes_every_file_and_replaces_atomically() {
    let (report, geoms) = sample();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("stale.txt"), "old").unwrap();
    let layers = [
        MapLayer {
            code: "STBHHX".into(),
            label: "生态保护红线 red line".into(),
            geometries: vec![&geoms[0]],
        },
        MapLayer {
            code: "YJJBNTBHTB".into(),
            label: "永久基本农田 farmland".into(),
            geometries: vec![&geoms[1]],
        },
    ];
    write_report(&out, &report, &layers, &Crs::from_epsg(4527).unwrap()).unwrap();
    assert!(
        !out.join("stale.txt").exists(),
        "old report replaced as a whole"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["report"], "no temporary folders left behind");

    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(
        summary["layer_pairs"][0]["layers"],
        serde_json::json!(["STBHHX", "YJJBNTBHTB"])
    );
    assert_eq!(summary["layer_pairs"][0]["pairs"], 1);

    let csv = std::fs::read(out.join("findings.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let csv = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert_eq!(csv.lines().count(), 3);
    assert!(
        csv.contains("overlap-across,控制线之间重叠,error,STBHHX × YJJBNTBHTB,STBHHX.shp#1,BSM1"),
        "{csv}"
    );
    assert!(csv.contains(",2500.00,0.2500,3.75,"), "{csv}");

    let gj: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("findings.geojson")).unwrap()).unwrap();
    let f0 = &gj["features"][0];
    assert_eq!(f0["properties"]["rule"], "overlap-across");
    let lon = f0["geometry"]["coordinates"][0][0][0].as_f64().unwrap();
    assert!((lon - 117.0).abs() < 0.01, "lon/lat output: {lon}");

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("sliver of 12 m² &lt;script&gt;"),
        "text is escaped"
    );
    assert!(html.contains("id=\"f1\"") && html.contains("id=\"f2\""));
    assert!(!html.contains("http://") || html.matches("http://").all(|_| true));
    assert!(!html.contains("src=\"http"), "self-contained");
}

#[test]
fn html_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium for the report test"
        );
        eprintln!("skipped: no chromium on this machine");
        return;
    };
    let (report, geoms) = sample();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let layers = [MapLayer {
        code: "STBHHX".into(),
        label: "红线".into(),
        geometries: vec![&geoms[0]],
    }];
    write_report(&out, &report, &layers, &Crs::from_epsg(4527).unwrap()).unwrap();
    let html = out.join("report.html");
    let profile = dir.path().join("profile");
    let run = |extra: &[&str]| {
        Command::new(browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(extra)
            .arg(format!("file://{}", html.display()))
            .output()
            .unwrap()
    };
    let dom = run(&["--dump-dom", "--virtual-time-budget=3000"]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("data-rendered=\"yes\""),
        "script ran: {}",
        &dom[..dom.len().min(500)]
    );
    // Two layers of the map + two findings.
    assert!(dom.contains("data-paths=\"3\""), "paths in the DOM");
    let shot = dir.path().join("shot.png");
    let out_shot = run(&[
        &format!("--screenshot={}", shot.display()),
        "--window-size=1200,900",
    ]);
    assert!(
        shot.exists(),
        "screenshot: {}",
        String::from_utf8_lossy(&out_shot.stderr)
    );
    assert!(
        std::fs::metadata(&shot).unwrap().len() > 10_000,
        "a blank page would be tiny"
    );
    if let Ok(keep) = std::env::var("SANXIAN_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, Path::new(&keep)).unwrap();
    }
}
