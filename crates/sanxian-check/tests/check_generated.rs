//! `Draft::check` on generated counties. The oracle is the generator's manifest: every planted
//! error with the figures the generator computed while planting it (its own geometry and its
//! own ellipsoid-area implementation in sanxian-gen, written apart from sanxian-area), and the
//! control areas (DCMJ) of the counties.

use std::collections::BTreeMap;

use sanxian_check::rules::ids;
use sanxian_check::{Draft, FindingSeverity, RuleId, RuleSettings};
use sanxian_gen::manifest::PlantedKind;
use sanxian_gen::{generate, CountySpec};

fn county(plant_errors: bool) -> (Draft, sanxian_gen::County) {
    let county = generate(&CountySpec {
        seed: 7,
        scale: 0.02,
        plant_errors,
    });
    let layers = county.layers().into_iter().cloned().collect();
    (Draft::from_layers("generated", layers).unwrap(), county)
}

#[test]
fn clean_county_has_no_findings_and_its_areas_reconcile() {
    let (draft, county) = county(false);
    let report = draft.check(&RuleSettings::default()).unwrap();
    let listed: Vec<String> = report
        .findings
        .iter()
        .take(10)
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect();
    assert!(
        report.findings.is_empty(),
        "{} findings, e.g. {listed:#?}",
        report.findings.len()
    );
    assert!(!report.has_errors());
    let m = &county.manifest;
    assert_eq!(report.counties.len(), m.counties.len());
    // Each county's own area is its control area DCMJ (the generator's ellipsoid area,
    // rounded to 0.01 m²).
    for c in &m.counties {
        let got = report
            .counties
            .iter()
            .find(|r| r.xzqdm == c.xzqdm)
            .unwrap_or_else(|| panic!("county {} missing", c.xzqdm));
        assert!(
            (got.ellipsoid.m2 - c.dcmj_m2).abs() <= 0.005 + 1e-9 * c.dcmj_m2,
            "{}: {} vs DCMJ {}",
            c.xzqdm,
            got.ellipsoid.m2,
            c.dcmj_m2
        );
    }
    // Every control line lies inside the counties, so its pieces in the counties add up to
    // the sum of its features' MJ (each rounded to 0.01 m² by the generator).
    for layer in &m.layers {
        if layer.code == "XZQ" {
            continue;
        }
        let sum: f64 = report
            .counties
            .iter()
            .flat_map(|c| c.layers.iter())
            .filter(|l| l.layer == layer.code)
            .map(|l| l.ellipsoid.m2)
            .sum();
        let count: usize = report
            .counties
            .iter()
            .flat_map(|c| c.layers.iter())
            .filter(|l| l.layer == layer.code)
            .map(|l| l.features)
            .sum();
        assert_eq!(count, layer.features, "{}", layer.code);
        let bound = 0.005 * layer.features as f64 + 1e-9 * sum;
        assert!(
            (sum - layer.area_field_sum_m2).abs() <= bound,
            "{}: counties sum to {sum}, the features' MJ to {} (bound {bound})",
            layer.code,
            layer.area_field_sum_m2
        );
    }
}

fn rule_of(kind: &PlantedKind) -> RuleId {
    match kind {
        PlantedKind::SelfIntersection { .. } => ids::GEOMETRY_INVALID,
        PlantedKind::DuplicateGeometry { .. } => ids::DUPLICATE_FEATURE,
        PlantedKind::Sliver { .. } | PlantedKind::TinyPolygon { .. } => ids::SLIVER,
        PlantedKind::Overlap { .. } => ids::OVERLAP_WITHIN,
        PlantedKind::CrossLayerOverlap { .. } => ids::OVERLAP_ACROSS,
        PlantedKind::OutsideAdminArea { .. } => ids::OUTSIDE_ADMIN,
        PlantedKind::AdminCodeMismatch { .. } => ids::XZQDM_MISMATCH,
        PlantedKind::AreaMismatch { .. } => ids::DECLARED_AREA,
        PlantedKind::DuplicateVertex { .. } => ids::DUPLICATE_POINTS,
        PlantedKind::Multipart { .. } => ids::MULTIPART,
        PlantedKind::DuplicateBsm { .. } => ids::DUPLICATE_BSM,
    }
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn every_planted_error_is_found_with_its_figures_and_nothing_else() {
    let (draft, county) = county(true);
    let report = draft.check(&RuleSettings::default()).unwrap();
    assert!(report.has_errors());
    let planted = &county.manifest.planted_errors;
    let kinds: std::collections::BTreeSet<&str> = planted.iter().map(|p| p.kind.name()).collect();
    assert_eq!(kinds.len(), 12, "{kinds:?}");
    let mut used = vec![false; report.findings.len()];
    for p in planted {
        let rule = rule_of(&p.kind);
        let found = report.findings.iter().enumerate().find(|(k, f)| {
            !used[*k]
                && f.rule == rule
                && p.features.iter().all(|want| {
                    f.features.iter().any(|id| {
                        id.record == want.record && id.source.starts_with(want.layer.as_str())
                    })
                })
        });
        let Some((k, found)) = found else {
            panic!(
                "planted error {} ({}) not found as {rule}: {}",
                p.id,
                p.kind.name(),
                p.description
            )
        };
        used[k] = true;
        let msg = &found.message;
        match &p.kind {
            PlantedKind::Overlap { overlap_area_m2 }
            | PlantedKind::CrossLayerOverlap { overlap_area_m2 } => {
                let got = found.planar_m2.unwrap();
                assert!(
                    close(got, *overlap_area_m2, 0.0051),
                    "{}: {got} vs {overlap_area_m2}",
                    p.id
                );
                assert_eq!(found.severity, FindingSeverity::Error);
            }
            PlantedKind::OutsideAdminArea {
                outside_area_m2, ..
            } => {
                let got = found.planar_m2.unwrap();
                assert!(
                    close(got, *outside_area_m2, 0.0051),
                    "{}: {got} vs {outside_area_m2}",
                    p.id
                );
            }
            PlantedKind::SelfIntersection { crossing_point, .. } => {
                // The manifest rounds the point to 1 mm.
                let at = found.location.unwrap();
                assert!(
                    close(at[0], crossing_point[0], 5e-4) && close(at[1], crossing_point[1], 5e-4),
                    "{}: {at:?} vs {crossing_point:?}",
                    p.id
                );
            }
            PlantedKind::DuplicateVertex { point, .. } => {
                assert_eq!(found.location, Some(*point), "{}", p.id);
            }
            PlantedKind::Multipart { parts } => {
                assert!(
                    msg.starts_with(&format!("{parts} parts")),
                    "{}: {msg}",
                    p.id
                );
            }
            PlantedKind::Sliver { area_m2, .. } | PlantedKind::TinyPolygon { area_m2 } => {
                assert!(msg.contains(&format!("{area_m2:.2} m²")), "{}: {msg}", p.id);
            }
            PlantedKind::AreaMismatch {
                declared_mj,
                ellipsoid_area_m2,
            } => {
                assert!(
                    msg.contains(&format!("= {declared_mj:.2} m²")),
                    "{}: {msg}",
                    p.id
                );
                assert!(
                    msg.contains(&format!("is {ellipsoid_area_m2:.2} m²")),
                    "{}: {msg}",
                    p.id
                );
            }
            PlantedKind::AdminCodeMismatch {
                declared, actual, ..
            } => {
                assert!(
                    msg.contains(&format!("'{declared}'")) && msg.contains(&format!("({actual})")),
                    "{}: {msg}",
                    p.id
                );
            }
            PlantedKind::DuplicateBsm { bsm } => {
                assert!(msg.contains(&format!("BSM {bsm} ")), "{}: {msg}", p.id);
            }
            PlantedKind::DuplicateGeometry { .. } => {}
        }
    }
    // Nothing beyond what was planted: every finding was matched to a planted error of its
    // own rule, and the counts per rule agree. The one consequence allowed: a feature planted
    // with a self-intersection whose declared area differs from its repair's gets an
    // information (not an error) that its area is not judged.
    let self_crossing = |f: &sanxian_check::Finding| {
        planted.iter().any(|p| {
            matches!(p.kind, PlantedKind::SelfIntersection { .. })
                && p.features.iter().any(|want| {
                    f.features.iter().any(|id| {
                        id.record == want.record && id.source.starts_with(want.layer.as_str())
                    })
                })
        })
    };
    let mut consequences = 0;
    let extra: Vec<String> = report
        .findings
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .filter(|(f, _)| {
            let consequence = f.rule == ids::DECLARED_AREA
                && f.severity == FindingSeverity::Info
                && f.message.contains("is not judged: the geometry is invalid")
                && self_crossing(f);
            consequences += consequence as usize;
            !consequence
        })
        .map(|(f, _)| format!("{} {}", f.rule, f.message))
        .collect();
    assert!(extra.is_empty(), "unexpected findings: {extra:#?}");
    let mut want: BTreeMap<RuleId, usize> = BTreeMap::new();
    for p in planted {
        *want.entry(rule_of(&p.kind)).or_default() += 1;
    }
    *want.entry(ids::DECLARED_AREA).or_default() += consequences;
    for r in &report.rules {
        assert_eq!(
            r.count,
            want.get(&r.rule).copied().unwrap_or(0),
            "{}",
            r.rule
        );
    }
}
