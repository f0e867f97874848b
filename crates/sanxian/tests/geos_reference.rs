//! Overlaps and coverage of the demo draft against GEOS: testdata/reference/demo was made by
//! scripts/make_overlay_reference.py with shapely 2 (STRtree + intersection, make_valid for the
//! invalid inputs, difference with the union of XZQ). Pair sets must be identical; each pair's
//! area within 1e-6 m² + 1e-9 relative; totals within 1e-9 relative.

use std::collections::BTreeMap;
use std::path::Path;

use sanxian::overlay::{overlaps_between, overlaps_within, OverlapOptions};
use sanxian::rules::RuleId;
use sanxian::types::LayerKind;
use sanxian::{Draft, RuleSettings};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

type Key = (String, u64, String, u64);

fn reference() -> BTreeMap<Key, f64> {
    let text =
        std::fs::read_to_string(root().join("testdata/reference/demo/overlaps.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (
                (
                    c[0].into(),
                    c[1].parse().unwrap(),
                    c[2].into(),
                    c[3].parse().unwrap(),
                ),
                c[4].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn overlaps_equal_geos() {
    let draft = Draft::open(root().join("testdata/demo")).unwrap();
    let opts = OverlapOptions::default();
    let mut ours: BTreeMap<Key, f64> = BTreeMap::new();
    let kinds = [
        LayerKind::EcologicalRedLine,
        LayerKind::PermanentBasicFarmland,
        LayerKind::UrbanDevelopmentBoundary,
        LayerKind::AdministrativeArea,
    ];
    let mut add = |a: &str, b: &str, r: sanxian::overlay::OverlapReport| {
        for c in r.conflicts {
            let (ra, rb) = (c.feature_a.record, c.feature_b.record);
            let key = if a == b && rb < ra {
                (a.into(), rb, b.into(), ra)
            } else {
                (a.into(), ra, b.into(), rb)
            };
            ours.insert(key, c.area_m2);
        }
    };
    for k in kinds {
        let l = draft.layer(k).unwrap();
        add(k.code(), k.code(), overlaps_within(l, &opts).unwrap());
    }
    for (a, b) in [(0, 1), (0, 2), (1, 2)] {
        let (la, lb) = (
            draft.layer(kinds[a]).unwrap(),
            draft.layer(kinds[b]).unwrap(),
        );
        add(
            kinds[a].code(),
            kinds[b].code(),
            overlaps_between(la, lb, &opts).unwrap(),
        );
    }
    let geos = reference();
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        geos.keys().collect::<Vec<_>>(),
        "pair sets differ"
    );
    for (k, g) in &geos {
        let o = ours[k];
        assert!((o - g).abs() <= 1e-6 + 1e-9 * g, "{k:?}: ours {o} GEOS {g}");
    }
    let (so, sg): (f64, f64) = (ours.values().sum(), geos.values().sum());
    assert!((so - sg).abs() <= 1e-9 * sg, "totals {so} vs {sg}");
}

#[test]
fn check_counts_and_outside_areas_equal_geos() {
    let draft = Draft::open(root().join("testdata/demo")).unwrap();
    let report = draft.check(&RuleSettings::default()).unwrap();
    let geos = reference();
    // Exact duplicates are reported once as duplicate-feature rather than as an overlap.
    let duplicates = report
        .findings
        .iter()
        .filter(|f| f.rule == RuleId::DuplicateFeature)
        .count();
    let overlaps = report
        .findings
        .iter()
        .filter(|f| matches!(f.rule, RuleId::OverlapWithin | RuleId::OverlapAcross))
        .count();
    assert_eq!(overlaps + duplicates, geos.len());
    let pair_total: f64 = report.layer_pairs.iter().map(|p| p.pairs).sum::<usize>() as f64;
    assert_eq!(pair_total as usize, overlaps);
    let text = std::fs::read_to_string(root().join("testdata/reference/demo/outside.csv")).unwrap();
    let outside: Vec<(String, u64, f64)> = text
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[0].into(), c[1].parse().unwrap(), c[2].parse().unwrap())
        })
        .collect();
    let ours: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == RuleId::OutsideAdmin)
        .collect();
    assert_eq!(ours.len(), outside.len());
    for (layer, record, area) in outside {
        let f = ours
            .iter()
            .find(|f| f.layers[0] == layer && f.features[0].record == record)
            .unwrap_or_else(|| panic!("{layer}#{record} outside not found"));
        let got = f.planar_m2.unwrap();
        assert!(
            (got - area).abs() <= 1e-6 + 1e-9 * area,
            "{layer}#{record}: {got} vs {area}"
        );
    }
}
