//! `Draft::check` on generated counties. The oracle is the generator's manifest: every planted
//! error with the figures the generator computed while planting it (its own geometry and its
//! own ellipsoid-area implementation in sanxian-gen, written apart from sanxian-area), and the
//! control areas (DCMJ) of the counties.

use std::collections::BTreeMap;

use sanxian_check::rules::ids;
use sanxian_check::{CheckOptions, Draft, FindingSeverity, Profile, RuleId, RuleSettings};
use sanxian_gen::manifest::PlantedKind;
use sanxian_gen::{generate, CountySpec};

/// The profile of generated drafts: the built-in three-lines profile with the generator's
/// element codes.
fn generated_profile() -> CheckOptions {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/profiles/generated.toml"
    );
    CheckOptions::new(Profile::from_path(std::path::Path::new(path)).unwrap()).unwrap()
}

fn county(plant_errors: bool) -> (Draft, sanxian_gen::County) {
    let county = generate(&CountySpec {
        seed: 7,
        scale: 0.02,
        plant_errors,
        survey: true,
        conflicts: sanxian_gen::Conflicts::Apart,
    });
    let layers = county.layers().into_iter().cloned().collect();
    (Draft::from_layers("generated", layers).unwrap(), county)
}

#[test]
fn clean_county_has_no_findings_and_its_areas_reconcile() {
    let (draft, county) = county(false);
    // Under the built-in profile and under the generator's (which checks the element codes).
    let report = draft.check(&RuleSettings::default()).unwrap();
    assert!(
        report.findings.is_empty(),
        "{:#?}",
        &report.findings[..report.findings.len().min(5)]
    );
    let report = draft.check_with(&generated_profile(), &mut |_| {}).unwrap();
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
        if layer.code == "XZQ" || layer.code == "DLTB" {
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
        PlantedKind::Fragment { .. } => ids::FRAGMENT,
        PlantedKind::Overlap { .. } => ids::OVERLAP_WITHIN,
        PlantedKind::CrossLayerOverlap { .. } => ids::OVERLAP_ACROSS,
        PlantedKind::OutsideAdminArea { .. } => ids::OUTSIDE_ADMIN,
        PlantedKind::AdminCodeMismatch { .. } => ids::XZQDM_MISMATCH,
        PlantedKind::AreaMismatch { .. } => ids::DECLARED_AREA,
        PlantedKind::DuplicateVertex { .. } => ids::DUPLICATE_POINTS,
        PlantedKind::Multipart { .. } => ids::MULTIPART,
        PlantedKind::DuplicateBsm { .. } | PlantedKind::DuplicateNumber { .. } => ids::VALUE_UNIQUE,
        PlantedKind::MissingValue { .. } => ids::VALUE_MANDATORY,
        PlantedKind::NotInDictionary { .. } => ids::VALUE_DICTIONARY,
        PlantedKind::NameCodeMismatch { .. } => ids::CODE_NAME_MISMATCH,
        PlantedKind::BadFormat { .. } => ids::VALUE_PATTERN,
        PlantedKind::OutOfRange { .. } => ids::VALUE_RANGE,
        PlantedKind::FormulaMismatch { .. } => ids::AREA_FORMULA,
        PlantedKind::CoordinatePrecision { .. } => ids::COORDINATE_PRECISION,
        PlantedKind::MissingField { .. } => ids::FIELD_MISSING,
        PlantedKind::FieldLength { .. } => ids::FIELD_LENGTH,
        PlantedKind::ExtraField { .. } => ids::FIELD_EXTRA,
        PlantedKind::FieldType { .. } => ids::FIELD_TYPE,
        PlantedKind::Gap { .. } => ids::GAP,
        PlantedKind::NotCovered { .. } => ids::ADMIN_NOT_COVERED,
        PlantedKind::ConditionFailed { .. } => ids::VALUE_CONDITION,
        PlantedKind::ControlMismatch { .. } => ids::AREA_CONTROL,
        PlantedKind::FarmlandNotCropland { .. } => ids::FARMLAND_NOT_CROPLAND,
        PlantedKind::FarmlandClassMismatch { .. } => ids::FARMLAND_DLBM_MISMATCH,
    }
}

/// The field a planted attribute or structure error concerns.
fn field_of(kind: &PlantedKind) -> Option<&str> {
    match kind {
        PlantedKind::MissingValue { field }
        | PlantedKind::NotInDictionary { field, .. }
        | PlantedKind::NameCodeMismatch { field, .. }
        | PlantedKind::BadFormat { field, .. }
        | PlantedKind::OutOfRange { field, .. }
        | PlantedKind::DuplicateNumber { field, .. }
        | PlantedKind::FormulaMismatch { field, .. }
        | PlantedKind::MissingField { field }
        | PlantedKind::FieldLength { field, .. }
        | PlantedKind::ExtraField { field }
        | PlantedKind::FieldType { field }
        | PlantedKind::ConditionFailed { field, .. } => Some(field),
        PlantedKind::DuplicateBsm { .. } => Some("BSM"),
        PlantedKind::AdminCodeMismatch { field, .. } => Some(field),
        PlantedKind::FarmlandClassMismatch { .. } => Some("DLBM"),
        _ => None,
    }
}

/// A number as the formula messages print it.
fn sanxian_rules_fmt(x: f64) -> String {
    sanxian_rules::profile::expr::fmt_num(x)
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn every_planted_error_is_found_with_its_figures_and_nothing_else() {
    let (draft, county) = county(true);
    let report = draft.check_with(&generated_profile(), &mut |_| {}).unwrap();
    assert!(report.has_errors());
    assert!(!report.verdict.passed);
    let planted = &county.manifest.planted_errors;
    let kinds: std::collections::BTreeSet<&str> = planted.iter().map(|p| p.kind.name()).collect();
    assert_eq!(kinds.len(), 31, "{kinds:?}");
    let mut used = vec![false; report.findings.len()];
    for p in planted {
        let rule = rule_of(&p.kind);
        let found = report.findings.iter().enumerate().find(|(k, f)| {
            !used[*k]
                && f.rule == rule
                && f.layers.contains(&p.layer)
                && field_of(&p.kind).is_none_or(|want| f.field.as_deref() == Some(want))
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
            PlantedKind::DuplicateNumber { value, .. } => {
                assert_eq!(found.value.as_deref(), Some(value.as_str()), "{}", p.id);
                assert_eq!(found.features.len(), 2, "{}", p.id);
            }
            PlantedKind::NotInDictionary { value, .. }
            | PlantedKind::BadFormat { value, .. }
            | PlantedKind::NameCodeMismatch { value, .. }
            | PlantedKind::ConditionFailed { value, .. } => {
                assert_eq!(
                    found.value.as_deref(),
                    Some(value.as_str()),
                    "{}: {msg}",
                    p.id
                );
                if let PlantedKind::ConditionFailed { condition, .. } = &p.kind {
                    assert!(
                        msg.starts_with(&format!("[{condition}]")),
                        "{}: {msg}",
                        p.id
                    );
                }
                if let PlantedKind::NameCodeMismatch { code, .. } = &p.kind {
                    assert!(msg.contains(&format!("DLBM {code}")), "{}: {msg}", p.id);
                }
            }
            PlantedKind::MissingValue { .. } => {
                assert_eq!(found.value.as_deref(), Some(""), "{}", p.id);
            }
            PlantedKind::OutOfRange { value, .. } => {
                let got: f64 = found.value.as_deref().unwrap().parse().unwrap();
                assert_eq!(got, *value, "{}", p.id);
            }
            PlantedKind::FormulaMismatch {
                declared, expected, ..
            } => {
                let got: f64 = found.value.as_deref().unwrap().parse().unwrap();
                assert!(close(got, *declared, 1e-9), "{}: {got} vs {declared}", p.id);
                assert!(
                    msg.contains(&format!("but {}", sanxian_rules_fmt(*expected))),
                    "{}: {msg} (expected {expected})",
                    p.id
                );
            }
            PlantedKind::Fragment { area_m2 } => {
                let got = found.planar_m2.unwrap();
                assert!(close(got, *area_m2, 0.0051), "{}: {got} vs {area_m2}", p.id);
                assert_eq!(found.severity, FindingSeverity::Info);
            }
            PlantedKind::CoordinatePrecision { vertices } => {
                assert!(
                    msg.starts_with(&format!("{vertices} of ")),
                    "{}: {msg}",
                    p.id
                );
            }
            PlantedKind::FieldLength {
                declared, standard, ..
            } => {
                assert!(
                    msg.contains(&format!("length {declared} (standard {standard})")),
                    "{}: {msg}",
                    p.id
                );
            }
            PlantedKind::MissingField { .. }
            | PlantedKind::ExtraField { .. }
            | PlantedKind::FieldType { .. } => {}
            PlantedKind::Gap { area_m2 } | PlantedKind::NotCovered { area_m2 } => {
                let got = found.planar_m2.unwrap();
                assert!(close(got, *area_m2, 0.0051), "{}: {got} vs {area_m2}", p.id);
            }
            PlantedKind::ControlMismatch {
                declared_m2,
                sum_m2,
            } => {
                assert!(
                    msg.contains(&format!("= {sum_m2:.2} m²"))
                        && msg.contains(&format!("DCMJ = {declared_m2:.2} m²")),
                    "{}: {msg}",
                    p.id
                );
            }
            PlantedKind::FarmlandNotCropland { area_m2, dlbm } => {
                let got = found.ellipsoid.unwrap().m2;
                assert!(close(got, *area_m2, 0.0051), "{}: {got} vs {area_m2}", p.id);
                assert_eq!(found.beneath[0].dlbm, *dlbm, "{}", p.id);
            }
            PlantedKind::FarmlandClassMismatch { declared, survey } => {
                assert_eq!(found.value.as_deref(), Some(declared.as_str()), "{}", p.id);
                assert_eq!(found.beneath[0].dlbm, *survey, "{}", p.id);
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
