//! The N-plan comparison and the overlay ledgers (tabulate) on testdata/plans and
//! testdata/bureau, against testdata/plans/ledgers_reference.json made by
//! scripts/make_ledgers_reference.py: geopandas overlay (GEOS) with dissolve for the pieces and
//! planar areas, the rule and priority tables evaluated in Python, and for the official areas
//! the land-survey series written in Python on vertices inverse-projected by PROJ — nothing
//! computed by sanxian.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use geo::{Coord, LineString, MultiPolygon, Polygon};
use sanxian_area::{AreaCalculator, AreaMethod};
use sanxian_io::{read_layer, ReadOptions};
use sanxian_plans::{
    compare_plans, tabulate, CompareSettings, ConflictTypes, CountyBy, PlanComparison, PlanInput,
    PlanMapping, Priority, TabulateLayer,
};
use sanxian_types::Layer;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn layer(rel: &str) -> Layer {
    read_layer(&root().join(rel), &ReadOptions::default()).unwrap()
}

fn reference() -> serde_json::Value {
    let text =
        std::fs::read_to_string(root().join("testdata/plans/ledgers_reference.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Planar areas: GEOS and the engine compute the same pieces in the same plane.
fn close(engine: f64, reference: f64) -> bool {
    (engine - reference).abs() <= 1e-6 + 1e-9 * reference.abs()
}

/// Official areas of pieces whose vertices inside straight edges may differ (the series
/// depends on them; both sides drop the exactly collinear ones): within 0.01 m², the precision
/// official tables state areas to.
fn close_official(engine: f64, reference: f64) -> bool {
    (engine - reference).abs() <= 0.01
}

/// The polygon without its exactly collinear vertices (exact orientation), as the reference
/// measures with `shapely.simplify(g, 0)`.
fn corners(g: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    use geo::kernels::{Kernel, Orientation, RobustKernel};
    let ring = |r: &LineString<f64>| {
        let v = &r.0[..r.0.len() - 1];
        let n = v.len();
        let mut out: Vec<Coord<f64>> = (0..n)
            .filter(|&i| {
                RobustKernel::orient2d(v[(i + n - 1) % n], v[i], v[(i + 1) % n])
                    != Orientation::Collinear
            })
            .map(|i| v[i])
            .collect();
        out.push(out[0]);
        LineString(out)
    };
    MultiPolygon(
        g.0.iter()
            .map(|p| Polygon::new(ring(p.exterior()), p.interiors().iter().map(ring).collect()))
            .collect(),
    )
}

struct Key {
    planar: f64,
    ellipsoid: f64,
    class: String,
    unified: String,
    by_priority: bool,
}

fn compare(files: &[(&str, &str, &str)], settings: &CompareSettings) -> PlanComparison {
    let layers: Vec<Layer> = files.iter().map(|(_, f, _)| layer(f)).collect();
    let plans: Vec<PlanInput<'_>> = files
        .iter()
        .zip(&layers)
        .map(|((name, _, field), layer)| PlanInput {
            name,
            layer,
            class_field: field,
        })
        .collect();
    let mapping = PlanMapping::from_path(&root().join("testdata/plans/mapping.toml")).unwrap();
    let red = layer("testdata/demo/STBHHX.shp");
    compare_plans(&plans, &mapping, &[&red], settings).unwrap()
}

fn check_against(cmp: &PlanComparison, key: &str) {
    let r = &reference()[key];
    let calc = AreaCalculator::new(cmp_crs(), AreaMethod::Ellipsoid).unwrap();
    // The engine's pieces by the reference's key: BSM in each plan, in the red line or not
    // (the engine keeps the red line's features apart; GEOS dissolves it).
    let mut keys: BTreeMap<String, Key> = BTreeMap::new();
    for p in &cmp.pieces {
        let mut parts: Vec<String> = (0..cmp.plan_names.len())
            .map(|k| {
                cmp.side(p, k)
                    .map(|s| s.feature.bsm.clone().unwrap())
                    .unwrap_or_default()
            })
            .collect();
        parts.push(if cmp.in_line(p, "STBHHX") { "red" } else { "" }.to_string());
        let class = cmp.class_of(p).code.clone();
        let k = keys.entry(parts.join("|")).or_insert(Key {
            planar: 0.0,
            ellipsoid: 0.0,
            class: class.clone(),
            unified: cmp.unified(p).category,
            by_priority: p.by_priority,
        });
        assert_eq!(k.class, class, "{key}: one key, one class");
        k.planar += p.planar_m2;
        k.ellipsoid += calc.multipolygon_area_m2(&corners(&p.geometry)).unwrap();
    }
    keys.retain(|_, k| k.planar >= 1e-4);
    let want = r["pieces"].as_object().unwrap();
    let got: Vec<&String> = keys.keys().collect();
    let expected: Vec<&String> = want.keys().collect();
    assert_eq!(got, expected, "{key}: the pieces' source features");
    for (k, w) in want {
        let g = &keys[k];
        let (wp, we) = (
            w["planar_m2"].as_f64().unwrap(),
            w["ellipsoid_m2"].as_f64().unwrap(),
        );
        assert!(
            close(g.planar, wp),
            "{key} {k}: planar {} vs {wp}",
            g.planar
        );
        assert!(
            close_official(g.ellipsoid, we),
            "{key} {k}: ellipsoid {} vs {we}",
            g.ellipsoid
        );
        assert_eq!(g.class, w["class"].as_str().unwrap(), "{key} {k}: class");
        assert_eq!(
            g.unified,
            w["unified"].as_str().unwrap(),
            "{key} {k}: unified"
        );
        assert_eq!(
            g.by_priority,
            w["by_priority"].as_bool().unwrap(),
            "{key} {k}: by priority"
        );
    }
    // Per class, the summary is the sum of its pieces.
    for s in &cmp.summary {
        let of: f64 = cmp
            .pieces
            .iter()
            .filter(|p| cmp.class_of(p).code == s.class)
            .map(|p| p.ellipsoid_ha)
            .sum();
        assert_eq!(s.ellipsoid_ha, of, "{key} {}", s.class);
    }
    // Each plan's features, as GEOS adds them up.
    for t in &cmp.plans {
        let want = r["plans_planar_m2"][&t.plan].as_f64().unwrap();
        assert!(
            close(t.features_planar_m2, want),
            "{key} {}: {} vs {want}",
            t.plan,
            t.features_planar_m2
        );
    }
    assert!(cmp.not_computable.is_empty(), "{:?}", cmp.not_computable);
}

fn cmp_crs() -> sanxian_types::Crs {
    layer("testdata/plans/plan_a.geojson").crs.unwrap()
}

/// Without self-overlap, each plan's pieces (and the dropped slivers) add up to its features
/// to 1e-9 relative.
fn assert_pieces_add_up(cmp: &PlanComparison) {
    for t in &cmp.plans {
        assert!(t.self_overlap.is_empty());
        let sum = t.pieces_planar_m2 + t.dropped_planar_m2;
        assert!(
            (sum - t.features_planar_m2).abs() <= 1e-9 * t.features_planar_m2,
            "{}: {sum} vs {}",
            t.plan,
            t.features_planar_m2
        );
        assert!(
            t.invariant.contains("add up to its features"),
            "{}",
            t.invariant
        );
    }
}

#[test]
fn two_plans_equal_geopandas_union_and_identity() {
    let cmp = compare(
        &[
            ("a", "testdata/plans/plan_a.geojson", "DLBM"),
            ("b", "testdata/plans/plan_b.geojson", "YDDM"),
        ],
        &CompareSettings::default(),
    );
    check_against(&cmp, "compare2");
    assert_pieces_add_up(&cmp);
    let unmapped: Vec<(&str, &str)> = cmp
        .unmapped
        .iter()
        .map(|u| (u.plan.as_str(), u.code.as_str()))
        .collect();
    assert_eq!(unmapped, [("a", "9999"), ("b", "X9")]);
    assert_eq!(cmp.control_lines, ["STBHHX"]);
    assert_eq!(cmp.priority, ["STBHHX", "a", "b"]);
}

#[test]
fn self_overlap_of_a_plan_is_reported_and_explains_the_pieces() {
    let cmp = compare(
        &[
            ("a", "testdata/plans/plan_a_self.geojson", "DLBM"),
            ("b", "testdata/plans/plan_b.geojson", "YDDM"),
        ],
        &CompareSettings::default(),
    );
    check_against(&cmp, "compare2_self");
    let a = &cmp.plans[0];
    assert_eq!(a.self_overlap.len(), 3);
    assert!((a.self_overlap_planar_m2 - 600_000.0).abs() < 1e-6);
    // Plan B's pieces exceed its features by exactly A's self-overlap inside B.
    let b = &cmp.plans[1];
    let excess = b.pieces_planar_m2 + b.dropped_planar_m2 - b.features_planar_m2;
    assert!((excess - a.self_overlap_planar_m2).abs() < 1e-3, "{excess}");
    assert!(
        b.invariant.contains("overlap each other"),
        "{}",
        b.invariant
    );
}

#[test]
fn three_plans_with_a_rule_table_and_a_priority_equal_geopandas() {
    let settings = CompareSettings {
        types: Some(ConflictTypes::from_path(&root().join("testdata/plans/rules.toml")).unwrap()),
        priority: Some(Priority::from_path(&root().join("testdata/plans/priority.toml")).unwrap()),
    };
    let cmp = compare(
        &[
            ("a", "testdata/plans/plan_a.geojson", "DLBM"),
            ("b", "testdata/plans/plan_b.geojson", "YDDM"),
            ("c", "testdata/plans/plan_c.geojson", "GHLX"),
        ],
        &settings,
    );
    check_against(&cmp, "compare3");
    assert_pieces_add_up(&cmp);
    // Every conflict type of the table occurs, and pieces decided by priority are listed.
    for t in [
        "urban-in-red-line",
        "mining-in-red-line",
        "urban-not-landuse",
        "mining-not-landuse",
    ] {
        let s = cmp.summary.iter().find(|s| s.class == t).unwrap();
        assert!(s.count > 0, "{t} never occurs");
    }
    assert!(cmp.decided_by_priority().count() > 0);
    assert_eq!(cmp.priority, ["STBHHX", "a", "b", "c"]);
    assert!(cmp.priority_appended.is_empty());
}

#[test]
fn a_rule_table_naming_an_unknown_plan_is_refused() {
    let settings = CompareSettings {
        types: Some(
            ConflictTypes::from_toml_str(
                "[[type]]\ncode = \"x\"\nname = \"x\"\nwhen = { urban = \"construction\" }\n",
            )
            .unwrap(),
        ),
        priority: None,
    };
    let a = layer("testdata/plans/plan_a.geojson");
    let b = layer("testdata/plans/plan_b.geojson");
    let mapping = PlanMapping::from_path(&root().join("testdata/plans/mapping.toml")).unwrap();
    let plans = [
        PlanInput {
            name: "a",
            layer: &a,
            class_field: "DLBM",
        },
        PlanInput {
            name: "b",
            layer: &b,
            class_field: "YDDM",
        },
    ];
    let err = compare_plans(&plans, &mapping, &[], &settings).unwrap_err();
    assert!(
        err.to_string().contains("'urban' is neither a plan"),
        "{err}"
    );
}

fn check_tabulation(
    key: &str,
    layers: &[(&str, &[&str])],
    minus: &[&str],
    county: Option<&str>,
) -> sanxian_plans::Tabulation {
    let read: Vec<Layer> = layers.iter().map(|(f, _)| layer(f)).collect();
    let tab: Vec<TabulateLayer<'_>> = read
        .iter()
        .zip(layers)
        .map(|(l, (_, fields))| TabulateLayer {
            layer: l,
            fields: fields.iter().map(|f| f.to_string()).collect(),
        })
        .collect();
    let minus: Vec<Layer> = minus.iter().map(|f| layer(f)).collect();
    let minus_refs: Vec<&Layer> = minus.iter().collect();
    let xzq = county.map(layer);
    let by = match &xzq {
        Some(l) => CountyBy::Layer {
            layer: l,
            field: "XZQDM",
        },
        None => CountyBy::Field,
    };
    let t = tabulate(&tab, &minus_refs, by).unwrap();
    let calc = AreaCalculator::new(read[0].crs.unwrap(), AreaMethod::Ellipsoid).unwrap();
    let r = &reference()["tabulate"][key];
    let columns: Vec<&str> = r["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(t.columns, columns, "{key}");
    let mut rows: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for p in &t.pieces {
        let mut k = vec![p.county.clone()];
        k.extend(p.values.iter().cloned());
        let e = rows.entry(k.join("|")).or_default();
        e.0 += p.planar_m2;
        e.1 += calc.multipolygon_area_m2(&corners(&p.geometry)).unwrap();
    }
    rows.retain(|_, v| v.0 >= 1e-4);
    let want = r["rows"].as_object().unwrap();
    let got: Vec<&String> = rows.keys().collect();
    let expected: Vec<&String> = want.keys().collect();
    assert_eq!(got, expected, "{key}: rows");
    for (k, w) in want {
        let (p, e) = rows[k];
        let (wp, we) = (
            w["planar_m2"].as_f64().unwrap(),
            w["ellipsoid_m2"].as_f64().unwrap(),
        );
        assert!(close(p, wp), "{key} {k}: planar {p} vs {wp}");
        assert!(close_official(e, we), "{key} {k}: ellipsoid {e} vs {we}");
    }
    // The cells and totals are the sums of the pieces, in a fixed order.
    let cells: f64 = t.cells.iter().map(|c| c.ellipsoid.m2).sum();
    assert!((cells - t.total.ellipsoid.m2).abs() <= 1e-6 * t.total.ellipsoid.m2.max(1.0));
    let counties: f64 = t.county_totals.values().map(|c| c.ellipsoid.m2).sum();
    assert!((counties - t.total.ellipsoid.m2).abs() <= 1e-6 * t.total.ellipsoid.m2.max(1.0));
    assert_eq!(
        t.cells.iter().map(|c| c.pieces).sum::<usize>(),
        t.pieces.len()
    );
    assert!(t.not_computable.is_empty(), "{key}: {:?}", t.not_computable);
    t
}

#[test]
fn approved_but_not_supplied_equals_geopandas_difference() {
    let t = check_tabulation(
        "unsupplied",
        &[("testdata/bureau/PZYD.shp", &["PZWH"])],
        &["testdata/bureau/GDYD.shp"],
        Some("testdata/demo/XZQ.shp"),
    );
    // 供地率 = supplied / approved: the unsupplied share and the supplied share add to 1.
    assert!(t.total.share_of_first > 0.0 && t.total.share_of_first < 1.0);
    assert_eq!(t.inputs[1].role, "difference");
}

#[test]
fn construction_on_farmland_dissolves_the_farmland_first() {
    let t = check_tabulation(
        "construction_on_farmland",
        &[
            ("testdata/bureau/JSTB.shp", &["JSLX"]),
            ("testdata/demo/YJJBNTBHTB.shp", &[]),
        ],
        &[],
        Some("testdata/demo/XZQ.shp"),
    );
    // The demo farmland overlaps itself (a duplicated patch, two patches pushed into each
    // other): dissolved and said so.
    let farm = t.inputs[1].dissolve.as_ref().unwrap();
    assert_eq!(farm.same_key_pairs, 2);
}

#[test]
fn mining_rights_in_the_red_line_equal_geopandas() {
    check_tabulation(
        "mining_in_red_line",
        &[
            ("testdata/bureau/KYQ.shp", &["XKZH", "KYQLX"]),
            ("testdata/demo/STBHHX.shp", &[]),
        ],
        &[],
        None,
    );
}

#[test]
fn new_farmland_from_two_surveys_equals_geopandas() {
    let t = check_tabulation(
        "new_farmland",
        &[
            ("testdata/demo/DLTB.shp", &["DLBM"]),
            ("testdata/bureau/DLTB2019.shp", &["DLBM"]),
        ],
        &[],
        None,
    );
    // Where the surveys share their patches, the pieces add up to the survey (1e-9 relative).
    let sum: f64 = t.pieces.iter().map(|p| p.planar_m2).sum();
    let survey = t.inputs[0].planar_m2;
    assert!((sum - survey).abs() <= 1e-9 * survey, "{sum} vs {survey}");
}

#[test]
fn land_swap_by_project_and_class_equals_geopandas() {
    check_tabulation(
        "land_swap",
        &[
            ("testdata/bureau/ZJGG.shp", &["XMBH", "LX"]),
            ("testdata/demo/DLTB.shp", &["DLBM"]),
        ],
        &[],
        None,
    );
}

#[test]
fn an_invalid_feature_is_repaired_once_and_counted_the_same_everywhere() {
    // Regression: a bow-tie approval vanished from a one-layer tabulation (its shoelace area
    // is 0) and counted 0 in the first layer's total while its repaired pieces were kept.
    let mut pzyd = layer("testdata/bureau/PZYD.shp");
    let b = geo::BoundingRect::bounding_rect(&pzyd.features[0].geometry).unwrap();
    let (x0, y0, x1, y1) = (b.min().x, b.min().y, b.max().x, b.max().y);
    pzyd.features[0].geometry = MultiPolygon(vec![Polygon::new(
        LineString::from(vec![(x0, y0), (x1, y1), (x1, y0), (x0, y1), (x0, y0)]),
        vec![],
    )]);
    // Hand computation: the bow-tie over a 180 m × 140 m box is two triangles of a quarter of
    // the box each.
    let half_box = 0.5 * (x1 - x0) * (y1 - y0);
    assert!((half_box - 12_600.0).abs() < 1e-6);
    let layers = [TabulateLayer {
        layer: &pzyd,
        fields: vec!["PZWH".into()],
    }];
    let t = tabulate(&layers, &[], CountyBy::Field).unwrap();
    assert_eq!(t.repaired.len(), 1, "{:?}", t.repaired);
    assert!(t.repaired[0].contains("PZYD.shp#1"), "{}", t.repaired[0]);
    let bsm_row = t
        .cells
        .iter()
        .find(|c| c.values == ["闽政地〔2019〕1号"])
        .expect("the bow-tie's row is there");
    assert!(
        (bsm_row.planar_m2 - half_box).abs() < 1e-6,
        "{}",
        bsm_row.planar_m2
    );
    // The first layer's own area counts the repaired geometry too: the share is 100 %.
    assert!((t.total.share_of_first - 1.0).abs() < 1e-12);
    assert!((t.inputs[0].planar_m2 - t.total.planar_m2).abs() < 1e-6);
}
