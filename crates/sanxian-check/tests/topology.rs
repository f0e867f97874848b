//! The gap finder and the coverage check against GEOS. Oracle: `testdata/topology/reference.json`
//! by `scripts/make_topology_reference.py` (shapely 2.2 / GEOS 3.14): the holes of
//! `shapely.union_all` minus the islands in them, their widths as twice the radius of
//! `shapely.maximum_inscribed_circle`, and the area of each administrative feature left
//! uncovered by `difference`.

use std::path::PathBuf;

use sanxian_check::rules::ids;
use sanxian_check::{CheckOptions, CheckReport, Draft, Finding, Profile};
use sanxian_io::ReadOptions;
use sanxian_types::LayerKind;

fn testdata(rel: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata")).join(rel)
}

fn reference() -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(testdata("topology/reference.json")).unwrap()).unwrap()
}

fn read(rel: &str, kind: LayerKind) -> sanxian_types::Layer {
    let opts = ReadOptions {
        kind: Some(kind),
        ..ReadOptions::default()
    };
    sanxian_io::read_layer(&testdata(rel), &opts).unwrap()
}

fn check_tiles(rules: &str, allowed: bool) -> CheckReport {
    let mut layers = vec![
        read("topology/tiles.geojson", LayerKind::LandUseSurvey),
        read("topology/admin.geojson", LayerKind::AdministrativeArea),
    ];
    if allowed {
        layers.push(read("topology/allowed.geojson", LayerKind::Other));
    }
    let draft = Draft::from_layers("tiles", layers).unwrap();
    let opts = CheckOptions::new(Profile::default())
        .unwrap()
        .with_rules_toml(rules, "test rules")
        .unwrap();
    draft.check_with(&opts, &mut |_| {}).unwrap()
}

fn gaps<'r>(report: &'r CheckReport, layer: &str) -> Vec<&'r Finding> {
    report
        .findings
        .iter()
        .filter(|f| f.rule == ids::GAP && f.layers[0] == layer)
        .collect()
}

/// Width of a gap as the finding states it (`…, 0.200 m wide, …`).
fn width(f: &Finding) -> f64 {
    let m = &f.message;
    let end = m.find(" m wide").unwrap();
    let start = m[..end].rfind(' ').unwrap() + 1;
    m[start..end].parse().unwrap()
}

/// Our gaps equal GEOS's above the topology tolerance (0.001 m) and within `keep`: the same
/// count, each area to 1e-6 relative, each width to 1 % (+ 1 mm; both searches are iterative).
fn assert_gaps(ours: &[&Finding], geos: &serde_json::Value, keep: impl Fn(f64, f64) -> bool) {
    let mut want: Vec<(f64, f64)> = geos
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["area_m2"].as_f64().unwrap(),
                g["width_m"].as_f64().unwrap(),
            )
        })
        .filter(|&(a, w)| w > 0.001 && keep(a, w))
        .collect();
    let mut got: Vec<(f64, f64)> = ours
        .iter()
        .map(|f| (f.planar_m2.unwrap(), width(f)))
        .collect();
    want.sort_by(|a, b| a.0.total_cmp(&b.0));
    got.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(got.len(), want.len(), "ours {got:?} GEOS {want:?}");
    for (g, w) in got.iter().zip(&want) {
        assert!(
            (g.0 - w.0).abs() <= 1e-6 * w.0 + 1e-6,
            "area {g:?} vs {w:?}"
        );
        assert!(
            (g.1 - w.1).abs() <= 0.01 * w.1 + 1e-3,
            "width {g:?} vs {w:?}"
        );
    }
}

#[test]
fn gaps_of_a_tiling_equal_geos() {
    let geos = &reference()["tiles"];
    let report = check_tiles("", false);
    let ours = gaps(&report, "DLTB");
    // The missing tile, the ring around an island, the 0.2 m sliver and the triangle; not the
    // 0.0005 m sliver (closed by the tolerance) nor the notch on the outer boundary.
    assert_eq!(ours.len(), 4);
    assert_gaps(&ours, &geos["gaps"], |_, _| true);
    // The features around each gap are named, so that a gap can be found and excepted.
    assert!(ours.iter().all(|f| !f.features.is_empty()));
    for f in &ours {
        assert!(f.ellipsoid.is_some() && f.location.is_some());
    }
}

#[test]
fn gap_thresholds_and_allowed_gaps() {
    let geos = &reference()["tiles"];
    let narrow = check_tiles("[gap]\nmax_width_m = 1.0\n", false);
    assert_gaps(&gaps(&narrow, "DLTB"), &geos["gaps"], |_, w| w <= 1.0);
    assert_eq!(gaps(&narrow, "DLTB").len(), 1);
    let large = check_tiles("[gap]\nmin_area_m2 = 50.0\n", false);
    assert_gaps(&gaps(&large, "DLTB"), &geos["gaps"], |a, _| a >= 50.0);
    assert_eq!(gaps(&large, "DLTB").len(), 2);
    let allowed = check_tiles("[gap]\nallowed_layer = \"allowed\"\n", true);
    assert_gaps(&gaps(&allowed, "DLTB"), &geos["gaps"], |a, _| a != 10_000.0);
    assert_eq!(gaps(&allowed, "DLTB").len(), 3);
    // An allowed-gaps layer that is not in the draft is an error, not an ignored setting.
    let layers = vec![read("topology/tiles.geojson", LayerKind::LandUseSurvey)];
    let draft = Draft::from_layers("tiles", layers).unwrap();
    let opts = CheckOptions::new(Profile::default())
        .unwrap()
        .with_rules_toml("[gap]\nallowed_layer = \"nope\"\n", "test rules")
        .unwrap();
    let e = draft
        .check_with(&opts, &mut |_| {})
        .unwrap_err()
        .to_string();
    assert!(e.contains("allowed_layer = 'nope'"), "{e}");
}

#[test]
fn the_administrative_area_not_covered_equals_geos() {
    let geos = &reference()["tiles"];
    let report = check_tiles("", false);
    let not: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == ids::ADMIN_NOT_COVERED)
        .collect();
    assert_eq!(not.len(), 1);
    let want = geos["uncovered_m2"][0].as_f64().unwrap();
    let got = not[0].planar_m2.unwrap();
    assert!((got - want).abs() <= 1e-6 * want, "{got} vs GEOS {want}");
}

#[test]
fn gaps_and_coverage_of_the_demo_equal_geos() {
    let r = reference();
    let draft = Draft::open(testdata("demo")).unwrap();
    let report = draft
        .check_with(&CheckOptions::new(Profile::default()).unwrap(), &mut |_| {})
        .unwrap();
    assert_gaps(&gaps(&report, "XZQ"), &r["demo_xzq"]["gaps"], |_, _| true);
    assert_gaps(&gaps(&report, "DLTB"), &r["demo_dltb"]["gaps"], |_, _| true);
    let want: Vec<f64> = r["demo_dltb"]["uncovered_m2"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let not: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == ids::ADMIN_NOT_COVERED)
        .collect();
    assert_eq!(not.len(), want.iter().filter(|&&a| a > 0.0).count());
    for f in not {
        let k = (f.features[0].record - 1) as usize;
        let got = f.planar_m2.unwrap();
        assert!(
            (got - want[k]).abs() <= 1e-6 * want[k],
            "{got} vs GEOS {}",
            want[k]
        );
    }
}
