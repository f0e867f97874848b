//! Plan comparison and site occupancy on testdata/plans/, against the shapely (GEOS) reference
//! made by scripts/make_plans_reference.py.

use std::path::{Path, PathBuf};

use sanxian::compare::{Category, PieceClass, Plan, PlanMapping};
use sanxian::io::{read_layer, ReadOptions};
use sanxian::occupy::{land_group, LandGroup};
use sanxian::rules::shape::planar_area;
use sanxian::{compare_plans, occupy, Layer};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn layer(rel: &str) -> Layer {
    read_layer(&root().join(rel), &ReadOptions::default()).unwrap()
}

fn reference() -> serde_json::Value {
    let text = std::fs::read_to_string(root().join("testdata/plans/reference.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn close(engine: f64, reference: f64) -> bool {
    (engine - reference).abs() <= 1e-6 + 1e-9 * reference.abs()
}

fn mapping() -> PlanMapping {
    PlanMapping::from_path(&root().join("testdata/plans/mapping.toml")).unwrap()
}

#[test]
fn mapping_toml_and_csv_agree() {
    let csv = PlanMapping::from_path(&root().join("testdata/plans/mapping.csv")).unwrap();
    assert_eq!(mapping(), csv);
    assert_eq!(mapping().a["0702"].category, Category::Construction);
    assert_eq!(mapping().b["G1"].ydyh.as_deref(), Some("14"));
    assert!(PlanMapping::from_toml_str("[a]\n\"01\" = \"farmland\"\n").is_err());
    assert!(PlanMapping::from_toml_str(
        "[a]\n\"01\" = { category = \"construction\", ydyh = \"25\" }\n"
    )
    .is_err());
    assert!(PlanMapping::from_csv_str("code,category\n").is_err());
}

#[test]
fn compare_matches_shapely_and_keeps_each_plan_whole() {
    let a = layer("testdata/plans/plan_a.geojson");
    let b = layer("testdata/plans/plan_b.geojson");
    let red = layer("testdata/demo/STBHHX.shp");
    let cmp = compare_plans(&a, "DLBM", &b, "YDDM", &mapping(), &[&red]).unwrap();
    let r = reference();
    for class in PieceClass::ALL {
        let of: Vec<_> = cmp.pieces.iter().filter(|p| p.class == class).collect();
        let planar: f64 = of.iter().map(|p| p.planar_m2).sum();
        let want = &r["compare"][class.code()];
        assert_eq!(
            of.len() as u64,
            want["count"].as_u64().unwrap(),
            "{class:?}"
        );
        let want_m2 = want["planar_m2"].as_f64().unwrap();
        assert!(close(planar, want_m2), "{class:?}: {planar} vs {want_m2}");
        let s = cmp.summary.iter().find(|s| s.class == class).unwrap();
        assert_eq!(s.count, of.len());
    }
    let share: f64 = cmp.summary.iter().map(|s| s.share).sum();
    assert!((share - 1.0).abs() < 1e-12);

    // Invariant: each plan's pieces sum to the plan's planar area.
    for (plan, layer) in [(Plan::A, &a), (Plan::B, &b)] {
        let total: f64 = layer
            .features
            .iter()
            .map(|f| planar_area(&f.geometry))
            .sum();
        let pieces: f64 = cmp
            .pieces
            .iter()
            .filter(|p| match plan {
                Plan::A => p.a.is_some(),
                Plan::B => p.b.is_some(),
            })
            .map(|p| p.planar_m2)
            .sum();
        assert!(
            (pieces - total).abs() <= 1e-9 * total,
            "{plan:?}: {pieces} vs {total}"
        );
    }

    // Unmapped codes are reported, not guessed.
    let unmapped: Vec<(Plan, &str, usize)> = cmp
        .unmapped
        .iter()
        .map(|u| (u.plan, u.code.as_str(), u.features))
        .collect();
    assert_eq!(unmapped, [(Plan::A, "9999", 2), (Plan::B, "X9", 1)]);

    // Flags and counties.
    assert_eq!(cmp.control_lines, ["STBHHX"]);
    assert!(cmp.pieces.iter().any(|p| p.touches["STBHHX"]));
    assert!(cmp.pieces.iter().any(|p| !p.touches["STBHHX"]));
    assert!(cmp.by_county.contains_key("349901"));
    for p in &cmp.pieces {
        assert!(p.area_m2 > 0.0 && (p.area_m2 / p.planar_m2 - 1.0).abs() < 0.01);
    }
    serde_json::to_string(&cmp).unwrap();
}

#[test]
fn occupancy_matches_shapely() {
    let parcels = layer("testdata/plans/parcels.geojson");
    let lines: Vec<Layer> = ["STBHHX", "YJJBNTBHTB", "CZKFBJ"]
        .iter()
        .map(|n| layer(&format!("testdata/demo/{n}.shp")))
        .collect();
    let refs: Vec<&Layer> = lines.iter().collect();
    let survey = layer("testdata/plans/dltb.geojson");
    let occ = occupy(&parcels, &refs, Some((&survey, "DLBM"))).unwrap();
    let r = reference();
    assert_eq!(occ.parcels.len(), 5);
    for p in &occ.parcels {
        let bsm = p.parcel.bsm.clone().unwrap();
        let want = &r["occupy"][&bsm];
        for (code, m2) in want["lines"].as_object().unwrap() {
            let got = p.lines_planar_m2[code];
            let m2 = m2.as_f64().unwrap();
            assert!(close(got, m2), "{bsm} {code}: {got} vs {m2}");
        }
        for group in [
            LandGroup::Cultivated,
            LandGroup::OtherAgricultural,
            LandGroup::Construction,
            LandGroup::Unused,
        ] {
            let got = p.groups_planar_m2.get(&group).copied().unwrap_or(0.0);
            let m2 = want["groups"][group.code()].as_f64().unwrap_or(0.0);
            assert!(close(got, m2), "{bsm} {group:?}: {got} vs {m2}");
        }
    }
    let clear: Vec<_> = occ.clear.iter().filter_map(|f| f.bsm.as_deref()).collect();
    assert_eq!(clear, ["P5"]);
    // P2 (a multipolygon with a hole): the groups fill the parcel exactly.
    let p2 = &occ.parcels[1];
    let filled: f64 = p2.groups_planar_m2.values().sum();
    assert!(close(filled, 690_000.0), "{filled}");
    assert!(p2.cultivated.keys().all(|k| k.starts_with("01")));
    for p in &occ.parcels {
        let sub: f64 = p.cultivated.values().map(|a| a.m2).sum();
        let all = p.groups.get(&LandGroup::Cultivated).map_or(0.0, |a| a.m2);
        assert!((sub - all).abs() <= 1e-6, "{}: {sub} vs {all}", p.parcel);
    }
    // P3 crosses a county border: its farmland occupancy matches on both sides together.
    assert!(occ.parcels[2].lines_planar_m2["YJJBNTBHTB"] > 0.0);
    let json = serde_json::to_value(&occ).unwrap();
    assert_eq!(json["pieces"][0]["geometry"]["type"], "MultiPolygon");
    serde_json::to_string(&occ).unwrap();
}

#[test]
fn land_groups_follow_the_third_survey_table() {
    use LandGroup::*;
    for (code, group) in [
        ("0101", Cultivated),
        ("0103", Cultivated),
        ("0201", OtherAgricultural),
        ("0301", OtherAgricultural),
        ("0404", OtherAgricultural),
        ("1006", OtherAgricultural),
        ("1103", OtherAgricultural),
        ("1104", OtherAgricultural),
        ("1107", OtherAgricultural),
        ("1202", OtherAgricultural),
        ("1203", OtherAgricultural),
        ("0702", Construction),
        ("1001", Construction),
        ("1109", Construction),
        ("1201", Construction),
        ("1101", Unused),
        ("1105", Unused),
        ("1110", Unused),
        ("1206", Unused),
        ("abcd", Unknown),
        ("2301", Unknown),
    ] {
        assert_eq!(land_group(code), group, "{code}");
    }
}
