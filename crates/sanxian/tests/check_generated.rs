//! `Draft::check` on generated counties: every error the generator plants (its manifest is the
//! oracle, computed independently while planting) is found with the right rule and features,
//! and nothing is reported on clean generated data.

use sanxian::rules::{FindingSeverity, RuleId};
use sanxian::{Draft, RuleSettings};
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
fn clean_county_has_no_findings() {
    let (draft, _) = county(false);
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
    // Areas reconcile: each county's farmland total is the sum of its patches' pieces.
    assert_eq!(report.counties.len(), 4);
}

#[test]
fn every_planted_error_is_found() {
    let (draft, county) = county(true);
    let report = draft.check(&RuleSettings::default()).unwrap();
    assert!(report.has_errors());
    let planted = &county.manifest.planted_errors;
    assert!(planted.len() >= 15, "{}", planted.len());
    for p in planted {
        let rule = match &p.kind {
            PlantedKind::SelfIntersection { .. } => RuleId::GeometryInvalid,
            PlantedKind::DuplicateGeometry { .. } => RuleId::DuplicateFeature,
            PlantedKind::Sliver { .. } | PlantedKind::TinyPolygon { .. } => RuleId::Sliver,
            PlantedKind::Overlap { .. } => RuleId::OverlapWithin,
            PlantedKind::CrossLayerOverlap { .. } => RuleId::OverlapAcross,
            PlantedKind::OutsideAdminArea { .. } => RuleId::OutsideAdmin,
            PlantedKind::AdminCodeMismatch { .. } => RuleId::XzqdmMismatch,
            PlantedKind::AreaMismatch { .. } => RuleId::DeclaredArea,
            PlantedKind::DuplicateVertex { .. } => RuleId::DuplicatePoints,
            PlantedKind::Multipart { .. } => RuleId::Multipart,
            PlantedKind::DuplicateBsm { .. } => RuleId::DuplicateBsm,
        };
        let found = report.findings.iter().find(|f| {
            f.rule == rule
                && p.features.iter().all(|want| {
                    f.features.iter().any(|id| {
                        id.record == want.record && id.source.starts_with(want.layer.as_str())
                    })
                })
        });
        let Some(found) = found else {
            panic!(
                "planted error {} ({}) not found as {rule}: {}",
                p.id,
                p.kind.name(),
                p.description
            )
        };
        // Measured figures agree with the planted ones (rounded to 0.01 m² in the manifest).
        match &p.kind {
            PlantedKind::Overlap { overlap_area_m2 }
            | PlantedKind::CrossLayerOverlap { overlap_area_m2 } => {
                let got = found.planar_m2.unwrap();
                assert!(
                    (got - overlap_area_m2).abs() < 0.011,
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
                    (got - outside_area_m2).abs() < 0.011,
                    "{}: {got} vs {outside_area_m2}",
                    p.id
                );
            }
            _ => {}
        }
    }
    // Nothing beyond what was planted: every finding traces back to a planted error's features.
    for f in &report.findings {
        let explained = planted.iter().any(|p| {
            f.features.iter().any(|id| {
                p.features.iter().any(|want| {
                    id.record == want.record && id.source.starts_with(want.layer.as_str())
                })
            })
        });
        assert!(explained, "unexpected finding {} {}", f.rule, f.message);
    }
}
