//! The check by a profile as a user meets it: layers recognised by name, element codes or
//! fields; required layers missing; the mathematical basis; exceptions; rule levels from the
//! profile and from a rules file. Oracles: the demo draft's manifest (what was planted where)
//! and constructions whose answer is known by hand.

use std::path::{Path, PathBuf};

use sanxian_check::rules::ids;
use sanxian_check::{CheckOptions, CheckReport, Draft, Exceptions, FindingSeverity, Profile};
use sanxian_io::ReadOptions;
use sanxian_types::geo_types::{polygon, MultiPolygon};
use sanxian_types::{Crs, Datum, Field, FieldType, GkZone, Layer, LayerKind, Value};

fn testdata(rel: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata")).join(rel)
}

fn generated_profile() -> Profile {
    Profile::from_path(&testdata("profiles/generated.toml")).unwrap()
}

/// The demo draft copied into a new folder, each layer file renamed by `rename` (or left out
/// when it returns `None`).
fn demo_copy(rename: impl Fn(&str) -> Option<String>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(testdata("demo")).unwrap() {
        let p = e.unwrap().path();
        let stem = p.file_stem().unwrap().to_str().unwrap().to_string();
        let ext = p.extension().unwrap().to_str().unwrap().to_string();
        if ext == "json" {
            continue;
        }
        if let Some(new) = rename(&stem) {
            std::fs::copy(&p, dir.path().join(format!("{new}.{ext}"))).unwrap();
        }
    }
    dir
}

fn check(dir: &Path, profile: Profile) -> CheckReport {
    let draft = Draft::open_profile(dir, &ReadOptions::default(), &profile).unwrap();
    draft
        .check_with(&CheckOptions::new(profile).unwrap(), &mut |_| {})
        .unwrap()
}

fn count(r: &CheckReport, rule: sanxian_check::RuleId) -> usize {
    r.findings.iter().filter(|f| f.rule == rule).count()
}

#[test]
fn a_farmland_layer_is_found_by_its_name_its_element_codes_or_its_fields() {
    let base = check(&testdata("demo"), Profile::default());
    // By an alias of the profile (永农).
    let dir = demo_copy(|s| {
        Some(if s == "YJJBNTBHTB" {
            "永农_2023".into()
        } else {
            s.into()
        })
    });
    let r = check(dir.path(), Profile::default());
    assert_eq!(r.recognised.len(), 1, "{:?}", r.recognised);
    assert_eq!(r.recognised[0].layer, "YJJBNTBHTB");
    assert!(r.recognised[0].by.contains("name"), "{:?}", r.recognised);
    assert_eq!(count(&r, ids::LAYER_MISNAMED), 1);
    assert_eq!(count(&r, ids::LAYER_MISSING), 0);
    // The same overlaps as under its standard name.
    assert_eq!(r.layer_pairs, base.layer_pairs);
    // By its element codes (YSDM), with a profile that lists them.
    let dir = demo_copy(|s| {
        Some(if s == "YJJBNTBHTB" {
            "layer_a".into()
        } else {
            s.into()
        })
    });
    let r = check(dir.path(), generated_profile());
    assert_eq!(r.recognised.len(), 1, "{:?}", r.recognised);
    assert!(r.recognised[0].by.contains("YSDM"), "{:?}", r.recognised);
    // By its fields, with the built-in profile (whose element codes are not confirmed).
    let r = check(dir.path(), Profile::default());
    assert_eq!(r.recognised.len(), 1, "{:?}", r.recognised);
    assert!(r.recognised[0].by.contains("fields"), "{:?}", r.recognised);
    assert_eq!(r.recognised[0].layer, "YJJBNTBHTB");
}

#[test]
fn a_draft_without_a_required_line_fails() {
    let dir = demo_copy(|s| (s != "CZKFBJ").then(|| s.to_string()));
    let r = check(dir.path(), Profile::default());
    let missing: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == ids::LAYER_MISSING)
        .collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].layers, ["CZKFBJ"]);
    assert_eq!(missing[0].severity, FindingSeverity::Error);
    assert!(!r.verdict.passed);
    // A folder holding none of the lines, only some other layer: all four required layers
    // are missing, and the other layer is listed as unrecognised.
    let dir = tempfile::tempdir().unwrap();
    let mut roads = Layer::new("roads", LayerKind::Other, Crs::from_epsg(4527))
        .with_fields(vec![Field::new("NAME", FieldType::Text)]);
    roads.push(
        square(39_500_000.0, 3_320_000.0, 10.0),
        vec![Value::Text("G318".into())],
    );
    sanxian_io::shapefile::write(&roads, &dir.path().join("roads.shp"), "UTF-8").unwrap();
    let r = check(dir.path(), Profile::default());
    let mut missing: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.rule == ids::LAYER_MISSING)
        .map(|f| f.layers[0].clone())
        .collect();
    missing.sort();
    assert_eq!(missing, ["CZKFBJ", "STBHHX", "XZQ", "YJJBNTBHTB"]);
    let other: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == ids::ENTRY_UNRECOGNISED)
        .collect();
    assert_eq!(other.len(), 1);
    assert!(
        other[0].message.contains("roads.shp"),
        "{}",
        other[0].message
    );
    assert!(!r.verdict.passed);
}

fn square(x: f64, y: f64, s: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![
        polygon![(x: x, y: y), (x: x + s, y: y), (x: x + s, y: y + s), (x: x, y: y + s), (x: x, y: y)],
    ])
}

#[test]
fn the_mathematical_basis_is_checked_layer_by_layer() {
    // The demo's red line in CGCS2000 lon/lat (allowed by the profile for STBHHX), the rest
    // in EPSG:4527: the CRSs differ (a warning), no projection finding.
    let mut layers: Vec<Layer> = ["STBHHX", "YJJBNTBHTB", "CZKFBJ", "XZQ"]
        .iter()
        .map(|c| {
            sanxian_io::read_layer(&testdata(&format!("demo/{c}.shp")), &ReadOptions::default())
                .unwrap()
        })
        .collect();
    let lonlat = Crs::from_epsg(4490).unwrap();
    layers[0] = sanxian_io::reproject::into_crs(layers[0].clone(), &lonlat).unwrap();
    let draft = Draft::from_layers("mixed", layers.clone()).unwrap();
    let r = draft.check(&Default::default()).unwrap();
    assert_eq!(count(&r, ids::CRS_MIXED), 1);
    assert_eq!(count(&r, ids::CRS_PROJECTION), 0);
    // The farmland in lon/lat is not allowed.
    let mut l2 = layers.clone();
    l2[0] =
        sanxian_io::reproject::into_crs(layers[0].clone(), &Crs::from_epsg(4527).unwrap()).unwrap();
    l2[1] = sanxian_io::reproject::into_crs(layers[1].clone(), &lonlat).unwrap();
    let r = Draft::from_layers("lonlat farmland", l2)
        .unwrap()
        .check(&Default::default())
        .unwrap();
    let p: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == ids::CRS_PROJECTION)
        .collect();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].layers, ["YJJBNTBHTB"]);

    // A layer on Xian 1980, a 6° zone, eastings without the zone number: datum and zone
    // width are findings; the prefix is free under the profile.
    let x80 = Crs::GaussKruger {
        datum: Datum::Xian1980,
        zone: GkZone::six_degree_cm(117.0),
    };
    let urban = Layer::from_geometries(
        "CZKFBJ",
        LayerKind::UrbanDevelopmentBoundary,
        Some(x80),
        [square(500_000.0, 3_360_000.0, 100.0)],
    );
    let r = Draft::from_layers("x80", vec![urban])
        .unwrap()
        .check(&Default::default())
        .unwrap();
    assert_eq!(count(&r, ids::CRS_DATUM), 1);
    let p: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == ids::CRS_PROJECTION)
        .collect();
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(p[0].message.contains("6° zone"), "{}", p[0].message);

    // Vertices past the zone's band: zone 39 (114°E–120°E … no: 115.5°E–118.5°E); a square
    // 200 km east of the central meridian at 30°N lies beyond 118.5°E (about 145 km east).
    let z39 = Crs::from_epsg(4527).unwrap();
    let red = Layer::from_geometries(
        "STBHHX",
        LayerKind::EcologicalRedLine,
        Some(z39),
        [
            square(39_500_000.0, 3_320_000.0, 100.0),
            square(39_700_000.0, 3_320_000.0, 100.0),
        ],
    );
    let r = Draft::from_layers("band", vec![red])
        .unwrap()
        .check(&Default::default())
        .unwrap();
    let b: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == ids::ZONE_BAND)
        .collect();
    assert_eq!(b.len(), 1);
    assert!(
        b[0].message.starts_with("5 of 10 vertices"),
        "{}",
        b[0].message
    );
    // Coordinates of the second square carry no decimals; none are finer than 0.0001 m.
    assert_eq!(count(&r, ids::COORDINATE_PRECISION), 0);
}

#[test]
fn exceptions_take_findings_out_of_the_verdict_and_stale_ones_are_listed() {
    let draft = Draft::open(testdata("demo")).unwrap();
    let opts = CheckOptions::new(Profile::default()).unwrap();
    let before = draft.check_with(&opts, &mut |_| {}).unwrap();
    assert!(!before.verdict.passed);
    // Except every level-1 finding by code, layer, BSM (and field), plus one that matches
    // nothing.
    let mut csv = String::from("code,layer,bsm,field,reason\n");
    for f in before
        .findings
        .iter()
        .filter(|f| f.severity == FindingSeverity::Error)
    {
        let bsm = f
            .features
            .first()
            .and_then(|id| id.bsm.clone())
            .unwrap_or_default();
        csv.push_str(&format!(
            "{},{},{},{},已说明\n",
            f.rule.code(),
            f.layers[0],
            bsm,
            f.field.clone().unwrap_or_default()
        ));
    }
    csv.push_str("4002,YJJBNTBHTB,NO-SUCH-BSM,DLBM,过期的例外\n");
    let ex = Exceptions::from_csv(&csv, "exceptions.csv").unwrap();
    let after = draft
        .check_with(&opts.clone().with_exceptions(ex), &mut |_| {})
        .unwrap();
    assert!(after.verdict.passed, "{:?}", after.verdict);
    assert_eq!(after.verdict.levels[0], 0);
    assert!(after.verdict.excepted >= before.verdict.levels[0]);
    assert_eq!(after.findings.len(), before.findings.len());
    assert_eq!(after.stale_exceptions.len(), 1);
    assert_eq!(after.stale_exceptions[0].bsm, "NO-SUCH-BSM");
    // Excepted findings come after the others, marked with their reason.
    let first = after
        .findings
        .iter()
        .position(|f| f.excepted.is_some())
        .unwrap();
    assert!(after.findings[first..]
        .iter()
        .all(|f| f.excepted.as_deref() == Some("已说明")));
    assert!(after.findings[..first].iter().all(|f| f.excepted.is_none()));
}

#[test]
fn rule_levels_come_from_the_profile_then_the_rules_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.toml");
    std::fs::write(
        &p,
        "[profile]\nextends = \"three-lines\"\nid = \"p\"\ntitle = \"t\"\nversion = \"1\"\nsource = \"s\"\n\
         [rules.sliver]\nlevel = 1\nmin_area_m2 = 50.0\nsource = \"test\"\n",
    )
    .unwrap();
    let profile = Profile::from_path(&p).unwrap();
    let opts = CheckOptions::new(profile.clone()).unwrap();
    let sliver = opts.settings.get("sliver").unwrap();
    assert_eq!(sliver.severity, FindingSeverity::Error);
    assert_eq!(sliver.params["min_area_m2"].as_float(), Some(50.0));
    assert_eq!(sliver.params["max_thinness"].as_float(), Some(0.1));
    // The rules file changes one key and keeps the profile's others.
    let opts = opts
        .with_rules_toml("[sliver]\nlevel = 3\n", "rules.toml")
        .unwrap();
    let sliver = opts.settings.get("sliver").unwrap();
    assert_eq!(sliver.severity, FindingSeverity::Info);
    assert_eq!(sliver.params["min_area_m2"].as_float(), Some(50.0));
    // Unknown keys are refused, naming the file.
    let e = CheckOptions::new(profile)
        .unwrap()
        .with_rules_toml("[sliver]\nlevle = 3\n", "rules.toml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("rules.toml") && e.contains("levle"), "{e}");
    std::fs::write(
        &p,
        "[profile]\nextends = \"three-lines\"\nid = \"p\"\ntitle = \"t\"\nversion = \"1\"\nsource = \"s\"\n[rules.slivers]\nlevel = 1\n",
    )
    .unwrap();
    let e = CheckOptions::new(Profile::from_path(&p).unwrap())
        .unwrap_err()
        .to_string();
    assert!(e.contains("p.toml") && e.contains("[slivers]"), "{e}");
}

#[test]
fn holes_are_findings_where_the_profile_forbids_them() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.toml");
    std::fs::write(
        &p,
        "[profile]\nextends = \"three-lines\"\nid = \"p\"\ntitle = \"t\"\nversion = \"1\"\nsource = \"s\"\n\
         [[layer]]\ncode = \"CZKFBJ\"\nholes = false\n",
    )
    .unwrap();
    let profile = Profile::from_path(&p).unwrap();
    let with_hole = MultiPolygon(vec![sanxian_types::geo_types::Polygon::new(
        square(39_500_000.0, 3_320_000.0, 100.0).0[0]
            .exterior()
            .clone(),
        vec![square(39_500_040.0, 3_320_040.0, 10.0).0[0]
            .exterior()
            .clone()],
    )]);
    let mut urban = Layer::new(
        "CZKFBJ",
        LayerKind::UrbanDevelopmentBoundary,
        Crs::from_epsg(4527),
    )
    .with_fields(vec![Field::new("BSM", FieldType::Text)]);
    urban.push(with_hole, vec![Value::Text("U1".into())]);
    urban.push(
        square(39_501_000.0, 3_320_000.0, 100.0),
        vec![Value::Text("U2".into())],
    );
    let draft = Draft::from_layers("holes", vec![urban]).unwrap();
    let r = draft
        .check_with(&CheckOptions::new(profile).unwrap(), &mut |_| {})
        .unwrap();
    let h: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == ids::HOLE_FORBIDDEN)
        .collect();
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].features[0].bsm.as_deref(), Some("U1"));
    assert!((h[0].planar_m2.unwrap() - 100.0).abs() < 1e-9);
    // Under the built-in profile the hole is allowed.
    let r = draft.check(&Default::default()).unwrap();
    assert_eq!(count(&r, ids::HOLE_FORBIDDEN), 0);
}
