//! The report folder: files, encodings, replacement of sanxian's own folders only, and that the
//! HTML renders in a real browser (headless Chromium; required when the CI variable is set, as
//! .ci/run sets it; skipped with a note otherwise).

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use geo_types::{polygon, MultiPolygon};
use sanxian_report::{write_report, MapLayer};
use sanxian_rules::finding::{
    InputSummary, LayerPairSummary, ProfileSummary, RuleSummary, Verdict,
};
use sanxian_rules::{
    AreaFigures, CheckReport, Finding, FindingSeverity, RuleId, RuleMeta, RuleSettings, Stage,
};
use sanxian_types::{Crs, FeatureId};

const ACROSS: RuleId = RuleId(&RuleMeta {
    id: "overlap-across",
    code: 7101,
    title_zh: "控制线之间重叠",
    title_en: "overlap between control lines",
    resolution: "Cut the overlap out of one of them.",
    severity: FindingSeverity::Error,
    stage: Stage::Overlaps,
});

const SLIVER: RuleId = RuleId(&RuleMeta {
    id: "sliver",
    code: 6105,
    title_zh: "碎片多边形",
    title_en: "sliver polygon",
    resolution: "Merge it into its neighbour.",
    severity: FindingSeverity::Warning,
    stage: Stage::Validate,
});

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
            geometry: Some(overlap.clone()),
            location: Some([39_500_075.0, 3_320_075.0]),
            ellipsoid: Some(AreaFigures::from_m2(2500.0)),
            planar_m2: Some(2500.0),
            xzqdm: Some("330783".into()),
            ..Finding::new(
                ACROSS,
                FindingSeverity::Error,
                vec!["STBHHX".into(), "YJJBNTBHTB".into()],
                vec![id("STBHHX.shp", 1), id("YJJBNTBHTB.shp", 7)],
                "永久基本农田与生态保护红线重叠 2500 m²".into(),
            )
        },
        Finding {
            geometry: Some(square(39_500_300.0, 3_320_300.0, 3.0)),
            location: Some([39_500_301.0, 3_320_301.0]),
            ellipsoid: Some(AreaFigures::from_m2(12.0)),
            planar_m2: Some(9.0),
            ..Finding::new(
                SLIVER,
                FindingSeverity::Warning,
                vec!["YJJBNTBHTB".into()],
                vec![id("YJJBNTBHTB.shp", 9)],
                "sliver of 12 m² <script>".into(),
            )
        },
    ];
    let report = CheckReport {
        sanxian_version: "test",
        verdict: Verdict::of(&findings),
        profile: ProfileSummary {
            id: "three-lines".into(),
            title: "t".into(),
            version: "1".into(),
            origin: "built-in three-lines".into(),
        },
        recognised: vec![],
        categories: vec![],
        exceptions: None,
        stale_exceptions: vec![],
        inputs: vec![InputSummary {
            layer: "STBHHX".into(),
            path: "STBHHX.shp".into(),
            format: "ESRI Shapefile".into(),
            crs: Some("EPSG:4527".into()),
            epsg: Some(4527),
            records: 1,
            features: 1,
            skipped: 0,
            skipped_reasons: vec![],
            vertices: 5,
        }],
        working_crs: "EPSG:4527".into(),
        settings: RuleSettings::default(),
        rules: vec![RuleSummary {
            rule: ACROSS,
            title_zh: ACROSS.title().0,
            title_en: ACROSS.title().1,
            enabled: true,
            code: 7101,
            count: 1,
            errors: 1,
            excepted: 0,
            level: 1,
            ellipsoid_m2: 2500.0,
        }],
        layer_pairs: vec![LayerPairSummary {
            layers: ["STBHHX".into(), "YJJBNTBHTB".into()],
            pairs: 1,
            planar_m2: 2500.0,
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

fn layers(geoms: &[MultiPolygon<f64>]) -> [MapLayer<'_>; 2] {
    [
        MapLayer {
            code: "STBHHX".into(),
            label: "生态保护红线 red line".into(),
            style: None,
            geometries: vec![&geoms[0]],
        },
        MapLayer {
            code: "YJJBNTBHTB".into(),
            label: "永久基本农田 farmland".into(),
            style: None,
            geometries: vec![&geoms[1]],
        },
    ]
}

#[test]
fn writes_every_file_and_replaces_only_its_own_report() {
    let (report, geoms) = sample();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let crs = Crs::from_epsg(4527).unwrap();
    write_report(&out, &report, &layers(&geoms), &crs).unwrap();
    // sanxian's own report is replaced as a whole …
    write_report(&out, &report, &layers(&geoms), &crs).unwrap();
    // … but not when it holds a file sanxian did not write: that is refused, the file kept.
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let err = write_report(&out, &report, &layers(&geoms), &crs).unwrap_err();
    assert!(err.to_string().contains("notes.txt"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    std::fs::remove_file(out.join("notes.txt")).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["report"],
        "no temporary folders or locks left behind"
    );
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut want = vec![
        ".sanxian-output",
        "findings.csv",
        "findings.geojson",
        "findings.xlsx",
        "report.html",
        "summary.json",
    ];
    if cfg!(feature = "gdal") {
        want.insert(3, "findings.gpkg");
    }
    assert_eq!(files, want);

    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(
        summary["layer_pairs"][0]["layers"],
        serde_json::json!(["STBHHX", "YJJBNTBHTB"])
    );
    assert_eq!(summary["layer_pairs"][0]["pairs"], 1);
    assert_eq!(summary["layer_pairs"][0]["planar_m2"], 2500.0);
    assert_eq!(summary["rules"][0]["ellipsoid_m2"], 2500.0);

    let csv = std::fs::read(out.join("findings.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let csv = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert_eq!(csv.lines().count(), 3);
    assert!(
        csv.contains(
            "7101,overlap-across,控制线之间重叠,1,error,,STBHHX × YJJBNTBHTB,STBHHX.shp#1,BSM1"
        ),
        "{csv}"
    );
    // 2500 m² = 0.25 ha = 3.75 亩 (hand computation), then the planar area.
    assert!(csv.contains(",2500.00,0.2500,3.75,2500.0000,"), "{csv}");

    let gj: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("findings.geojson")).unwrap()).unwrap();
    assert_eq!(gj["features"].as_array().unwrap().len(), 2);
    let f0 = &gj["features"][0];
    assert_eq!(f0["properties"]["rule"], "overlap-across");
    // (39 500 050, 3 320 050) in EPSG:4527 is (117.00051820541918, 29.99942808692886) by
    // PROJ 9 (pyproj Transformer EPSG:4527 → EPSG:4490).
    assert_eq!(f0["geometry"]["type"], "Polygon");
    let p = &f0["geometry"]["coordinates"][0][0];
    let (lon, lat) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
    assert!((lon - 117.000_518_205_419_18).abs() < 1e-9, "{lon}");
    assert!((lat - 29.999_428_086_928_86).abs() < 1e-9, "{lat}");

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("sliver of 12 m² &lt;script&gt;"),
        "text is escaped"
    );
    assert!(html.contains("id=\"f1\"") && html.contains("id=\"f2\""));
    // Self-contained: the only URL is the SVG namespace name (not fetched); nothing loads.
    let urls: Vec<&str> = html
        .match_indices("http")
        .map(|(i, _)| &html[i..(i + 40).min(html.len())])
        .collect();
    assert!(
        urls.iter()
            .all(|u| u.starts_with("http://www.w3.org/2000/svg")),
        "{urls:?}"
    );
    for pattern in [
        "src=",
        "href=\"http",
        "href='http",
        "url(",
        "@import",
        "//cdn",
    ] {
        assert!(!html.contains(pattern), "{pattern} in the report");
    }
}

#[test]
fn a_folder_sanxian_did_not_write_is_left_alone() {
    let (report, geoms) = sample();
    let dir = tempfile::tempdir().unwrap();
    let crs = Crs::from_epsg(4527).unwrap();
    // The user's own folder, holding their files: refused, untouched.
    let own = dir.path().join("mine");
    std::fs::create_dir(&own).unwrap();
    std::fs::write(own.join("notes.txt"), "keep me").unwrap();
    let err = write_report(&own, &report, &layers(&geoms), &crs).unwrap_err();
    assert!(err.to_string().contains("sanxian did not write"), "{err}");
    assert_eq!(
        std::fs::read_to_string(own.join("notes.txt")).unwrap(),
        "keep me"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "nothing written beside it");
    // A file where the folder should be: refused.
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    assert!(write_report(&file, &report, &layers(&geoms), &crs).is_err());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
    // An empty folder is taken.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    write_report(&empty, &report, &layers(&geoms), &crs).unwrap();
    assert!(empty.join("summary.json").exists());
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
    write_report(
        &out,
        &report,
        &layers(&geoms),
        &Crs::from_epsg(4527).unwrap(),
    )
    .unwrap();
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
    assert!(dom.contains("data-paths=\"4\""), "paths in the DOM");
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
