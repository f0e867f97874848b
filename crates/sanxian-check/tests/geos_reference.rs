//! Overlaps and coverage against GEOS: testdata/reference/demo (the demo draft) and
//! testdata/reference/realistic (the generator's realistic conflicts at scale 0.05, seed 42,
//! made in memory here; the generator writes byte-identical files) were made by
//! scripts/make_overlay_reference.py with shapely 2 (STRtree + intersection, make_valid for the
//! invalid inputs, difference with the union of XZQ). Pair sets must be identical; each pair's
//! area within 1e-6 m² + 1e-9 relative; totals within 1e-9 relative.

use std::collections::BTreeMap;
use std::path::Path;

use sanxian_check::rules::ids;
use sanxian_check::{Draft, RuleSettings};
use sanxian_overlay::{overlaps_between, overlaps_within, OverlapOptions};
use sanxian_types::LayerKind;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

type Key = (String, u64, String, u64);

fn rows(file: &str) -> Vec<csv::StringRecord> {
    rows_of("demo", file)
}

fn rows_of(reference: &str, file: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(root().join("testdata/reference").join(reference).join(file))
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect()
}

fn reference() -> BTreeMap<Key, f64> {
    reference_of("demo")
}

fn reference_of(name: &str) -> BTreeMap<Key, f64> {
    rows_of(name, "overlaps.csv")
        .iter()
        .map(|c| {
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
    assert_overlaps_equal(&draft, "demo");
}

#[test]
fn realistic_conflicts_equal_geos() {
    let county = sanxian_gen::generate(&sanxian_gen::CountySpec {
        seed: 42,
        scale: 0.05,
        plant_errors: false,
        survey: false,
        conflicts: sanxian_gen::Conflicts::Realistic,
    });
    let layers = county.layers().into_iter().cloned().collect();
    let draft = Draft::from_layers("realistic", layers).unwrap();
    let pairs = assert_overlaps_equal(&draft, "realistic");
    // The mode's point: farmland meets the lines along their outlines.
    let across = |a: &str, b: &str| pairs.keys().filter(|k| k.0 == a && k.2 == b).count();
    assert!(across("STBHHX", "YJJBNTBHTB") > 200, "{pairs:?}");
    assert!(across("YJJBNTBHTB", "CZKFBJ") > 50);
}

/// Asserts the overlaps of the draft equal the GEOS reference; returns them.
fn assert_overlaps_equal(draft: &Draft, reference: &str) -> BTreeMap<Key, f64> {
    let opts = OverlapOptions::default();
    let mut ours: BTreeMap<Key, f64> = BTreeMap::new();
    let kinds = [
        LayerKind::EcologicalRedLine,
        LayerKind::PermanentBasicFarmland,
        LayerKind::UrbanDevelopmentBoundary,
        LayerKind::AdministrativeArea,
    ];
    let mut add = |a: &str, b: &str, r: sanxian_overlay::OverlapReport| {
        for c in r.conflicts {
            let (ra, rb) = (c.feature_a.record, c.feature_b.record);
            let key = if a == b && rb < ra {
                (a.into(), rb, b.into(), ra)
            } else {
                (a.into(), ra, b.into(), rb)
            };
            ours.insert(key, c.planar_m2);
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
    let geos = reference_of(reference);
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
    ours
}

#[test]
fn check_findings_equal_geos_pair_by_pair() {
    let draft = Draft::open(root().join("testdata/demo")).unwrap();
    let report = draft.check(&RuleSettings::default()).unwrap();
    let geos = reference();
    // Every overlap finding is one GEOS pair with its area; exact duplicates are reported as
    // duplicate-feature instead, once per pair GEOS lists.
    let mut seen = BTreeMap::new();
    for f in &report.findings {
        let overlap = f.rule == ids::OVERLAP_WITHIN || f.rule == ids::OVERLAP_ACROSS;
        if !(overlap || f.rule == ids::DUPLICATE_FEATURE) {
            continue;
        }
        let (la, lb) = (
            f.layers[0].clone(),
            f.layers.get(1).unwrap_or(&f.layers[0]).clone(),
        );
        let (ra, rb) = (f.features[0].record, f.features[1].record);
        let key = if la == lb && rb < ra {
            (la, rb, lb, ra)
        } else {
            (la, ra, lb, rb)
        };
        let g = *geos
            .get(&key)
            .unwrap_or_else(|| panic!("{} {key:?} is not a GEOS pair", f.rule));
        if overlap {
            let got = f.planar_m2.unwrap();
            assert!(
                (got - g).abs() <= 1e-6 + 1e-9 * g,
                "{key:?}: ours {got} GEOS {g}"
            );
        }
        assert!(seen.insert(key.clone(), f.rule).is_none(), "{key:?} twice");
    }
    assert_eq!(seen.len(), geos.len(), "GEOS pairs without a finding");
    let outside: Vec<(String, u64, f64)> = rows("outside.csv")
        .iter()
        .map(|c| (c[0].into(), c[1].parse().unwrap(), c[2].parse().unwrap()))
        .collect();
    let ours: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == ids::OUTSIDE_ADMIN)
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
