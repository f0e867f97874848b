//! `Draft::check`: every rule of a three-lines draft, in one call.

use std::collections::BTreeMap;

use geo::BooleanOps;
use rayon::prelude::*;
use sanxian_area::{AreaCalculator, AreaMethod};
use sanxian_overlay::{
    candidate_join, candidate_join_within, refine, OverlapOptions, OverlapReport, PreparedLayer,
};
use sanxian_rules::finding::{CountySummary, LayerArea, LayerPairSummary, RuleSummary};
use sanxian_rules::validity::{self, IssueKind};
use sanxian_rules::{
    shape, AreaFigures, CheckReport, Finding, FindingSeverity, RuleId, RuleSettings,
};
use sanxian_types::geo_types::MultiPolygon;
use sanxian_types::{Feature, FeatureId, Layer, LayerKind, Severity};

use crate::draft::layer_code;
use crate::{Draft, Error};

/// Stages of a check, reported to a progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stage {
    /// Geometry validity, slivers, duplicates.
    Validate,
    /// Overlaps within and across layers.
    Overlaps,
    /// Coverage by the administrative area.
    Coverage,
    /// Official areas and totals.
    Areas,
}

impl Stage {
    /// A label for progress displays.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Validate => "validating geometry",
            Stage::Overlaps => "finding overlaps",
            Stage::Coverage => "checking coverage",
            Stage::Areas => "measuring areas",
        }
    }
}

/// For each control line, for each feature (in layer order): its pieces in the counties, as
/// (index of the XZQ feature, the piece).
type CountyPieces = BTreeMap<LayerKind, Vec<Vec<(usize, MultiPolygon<f64>)>>>;

/// The control lines, in reporting order.
const LINES: [LayerKind; 3] = [
    LayerKind::EcologicalRedLine,
    LayerKind::PermanentBasicFarmland,
    LayerKind::UrbanDevelopmentBoundary,
];

impl Draft {
    /// Checks the draft against `rules`.
    ///
    /// ```
    /// use sanxian::{Draft, RuleSettings};
    /// let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/demo");
    /// let report = Draft::open(demo)?.check(&RuleSettings::default())?;
    /// assert!(report.has_errors()); // the demo draft has planted errors
    /// println!("{}", serde_json::to_string_pretty(&report).unwrap());
    /// # Ok::<(), sanxian::Error>(())
    /// ```
    pub fn check(&self, rules: &RuleSettings) -> Result<CheckReport, Error> {
        self.check_with_progress(rules, &mut |_| {})
    }

    /// [`Draft::check`], calling `progress` as each stage starts.
    pub fn check_with_progress(
        &self,
        rules: &RuleSettings,
        progress: &mut dyn FnMut(Stage),
    ) -> Result<CheckReport, Error> {
        let calc = AreaCalculator::new(self.working_crs, AreaMethod::Ellipsoid)?;
        let ellipsoid = |g: &MultiPolygon<f64>| calc.multipolygon_area_m2(g).unwrap_or(f64::NAN);
        let mut findings: Vec<Finding> = Vec::new();

        progress(Stage::Validate);
        for layer in &self.layers {
            input_findings(layer, rules, &mut findings);
        }
        let checked: Vec<&Layer> = self
            .layers
            .iter()
            .filter(|l| l.kind.is_control_line() || l.kind == LayerKind::AdministrativeArea)
            .collect();
        for layer in &checked {
            geometry_findings(layer, rules, &mut findings);
        }
        let duplicates: Vec<(String, FeatureId, FeatureId)> = checked
            .iter()
            .flat_map(|l| {
                duplicate_pairs(l)
                    .into_iter()
                    .map(|(a, b)| (layer_code(l), a, b))
            })
            .collect();
        if rules.duplicate_feature.enabled {
            for (code, a, b) in &duplicates {
                findings.push(Finding {
                    rule: RuleId::DuplicateFeature,
                    severity: rules.duplicate_feature.severity,
                    layers: vec![code.clone()],
                    features: vec![a.clone(), b.clone()],
                    message: format!("{b} has exactly the geometry of {a}"),
                    geometry: None,
                    location: None,
                    area: None,
                    planar_m2: None,
                    xzqdm: None,
                    resolution: RuleId::DuplicateFeature.resolution(),
                });
            }
        }

        if rules.duplicate_bsm.enabled {
            for layer in &checked {
                duplicate_bsm_findings(layer, rules, &mut findings);
            }
        }

        progress(Stage::Overlaps);
        let mut opts = OverlapOptions::default();
        opts.area_tolerance_m2 = rules
            .overlap_within
            .tolerance_m2
            .min(rules.overlap_across.tolerance_m2);
        let prepared: Vec<(&Layer, PreparedLayer)> = checked
            .par_iter()
            .map(|l| PreparedLayer::new(l, &opts).map(|p| (*l, p)))
            .collect::<Result<_, _>>()?;
        let prepared_of = |kind| {
            prepared
                .iter()
                .find(|(l, _)| l.kind == kind)
                .map(|(_, p)| p)
        };
        let mut layer_pairs = Vec::new();
        for (l, p) in &prepared {
            let code = layer_code(l);
            let within = refine(p, p, &candidate_join_within(p), &opts);
            let report = overlap_findings(
                &within,
                [&code, &code],
                RuleId::OverlapWithin,
                &rules.overlap_within,
                &duplicates,
                &ellipsoid,
                &mut findings,
            );
            if rules.overlap_within.enabled {
                layer_pairs.push(report);
            }
            repair_findings(&within, &code, &mut findings);
        }
        for (i, &ka) in LINES.iter().enumerate() {
            for &kb in &LINES[i + 1..] {
                let (Some(a), Some(b)) = (prepared_of(ka), prepared_of(kb)) else {
                    continue;
                };
                let (ca, cb) = (ka.code().to_string(), kb.code().to_string());
                let across = refine(a, b, &candidate_join(a, b), &opts);
                let report = overlap_findings(
                    &across,
                    [&ca, &cb],
                    RuleId::OverlapAcross,
                    &rules.overlap_across,
                    &[],
                    &ellipsoid,
                    &mut findings,
                );
                if rules.overlap_across.enabled {
                    layer_pairs.push(report);
                }
            }
        }

        progress(Stage::Coverage);
        let admin = prepared_of(LayerKind::AdministrativeArea);
        let admin_layer = self.layer(LayerKind::AdministrativeArea);
        let admin_codes: Vec<(String, String)> = admin_layer
            .map(|l| {
                let dm = l.field_index("XZQDM");
                let mc = l.field_index("XZQMC");
                l.features
                    .iter()
                    .map(|f| (text_at(f, dm), text_at(f, mc)))
                    .collect()
            })
            .unwrap_or_default();
        // Per control line: for every feature, its pieces in each county (admin index).
        let mut pieces: CountyPieces = BTreeMap::new();
        if let (Some(admin), Some(admin_layer)) = (admin, admin_layer) {
            for kind in LINES {
                let Some(p) = prepared_of(kind) else { continue };
                let layer = p.layer();
                let report = refine(p, admin, &candidate_join(p, admin), &opts);
                let index_of = |id: &FeatureId| {
                    layer
                        .features
                        .binary_search_by(|f| f.id.record.cmp(&id.record))
                        .ok()
                };
                let admin_index = |id: &FeatureId| {
                    admin_layer
                        .features
                        .binary_search_by(|f| f.id.record.cmp(&id.record))
                        .ok()
                };
                let mut per_feature: Vec<Vec<(usize, MultiPolygon<f64>)>> =
                    vec![Vec::new(); layer.features.len()];
                for c in report.conflicts {
                    if let (Some(i), Some(k)) = (index_of(c.feature_a), admin_index(c.feature_b)) {
                        per_feature[i].push((k, c.overlap));
                    }
                }
                coverage_findings(
                    layer,
                    admin_layer,
                    &admin_codes,
                    &per_feature,
                    rules,
                    &ellipsoid,
                    &mut findings,
                );
                pieces.insert(kind, per_feature);
            }
        }

        progress(Stage::Areas);
        if rules.declared_area.enabled {
            for layer in &checked {
                declared_area_findings(layer, rules, &calc, &mut findings);
            }
        }
        // Findings: official area of their geometry, county, severity counts.
        findings.par_iter_mut().for_each(|f| {
            if let Some(g) = &f.geometry {
                if f.area.is_none() {
                    f.area = Some(AreaFigures::from_m2(ellipsoid(g)));
                }
                if f.planar_m2.is_none() {
                    f.planar_m2 = Some(shape::planar_area(g));
                }
            }
        });
        assign_counties(&mut findings, &self.layers, &pieces, &admin_codes);
        findings.sort_by(|a, b| {
            (a.rule, &a.layers, &a.features, a.severity).cmp(&(
                b.rule,
                &b.layers,
                &b.features,
                b.severity,
            ))
        });
        let counties = county_summaries(admin_layer, &admin_codes, &pieces, &findings, &ellipsoid);
        let rules_summary = RuleId::ALL
            .iter()
            .map(|&rule| {
                let of: Vec<&Finding> = findings.iter().filter(|f| f.rule == rule).collect();
                let (zh, en) = rule.title();
                RuleSummary {
                    rule,
                    title_zh: zh,
                    title_en: en,
                    enabled: rules.switch(rule).enabled,
                    count: of.len(),
                    errors: of
                        .iter()
                        .filter(|f| f.severity == FindingSeverity::Error)
                        .count(),
                    area_m2: 0.0 + of.iter().filter_map(|f| f.area).map(|a| a.m2).sum::<f64>(),
                }
            })
            .collect();
        let count = |s| findings.iter().filter(|f| f.severity == s).count();
        Ok(CheckReport {
            sanxian_version: env!("CARGO_PKG_VERSION"),
            inputs: self.inputs.clone(),
            working_crs: self.working_crs.to_string(),
            settings: rules.clone(),
            rules: rules_summary,
            layer_pairs,
            counties,
            errors: count(FindingSeverity::Error),
            warnings: count(FindingSeverity::Warning),
            findings,
        })
    }
}

fn text_at(f: &Feature, i: Option<usize>) -> String {
    i.and_then(|i| f.attributes.get(i))
        .map(|v| v.to_string())
        .unwrap_or_default()
}

fn finding(
    rule: RuleId,
    severity: FindingSeverity,
    layer: &Layer,
    ids: Vec<FeatureId>,
    message: String,
) -> Finding {
    Finding {
        rule,
        severity,
        layers: vec![layer_code(layer)],
        features: ids,
        message,
        geometry: None,
        location: None,
        area: None,
        planar_m2: None,
        xzqdm: None,
        resolution: rule.resolution(),
    }
}

fn input_findings(layer: &Layer, rules: &RuleSettings, out: &mut Vec<Finding>) {
    if !rules.input_skipped.enabled {
        return;
    }
    let source: std::sync::Arc<str> = layer
        .features
        .first()
        .map(|f| f.id.source.clone())
        .unwrap_or_else(|| layer.name.as_str().into());
    for d in layer
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
    {
        let ids = d
            .record
            .map(|record| {
                vec![FeatureId {
                    source: source.clone(),
                    record,
                    bsm: None,
                }]
            })
            .unwrap_or_default();
        out.push(finding(
            RuleId::InputSkipped,
            rules.input_skipped.severity,
            layer,
            ids,
            d.message.clone(),
        ));
    }
}

fn geometry_findings(layer: &Layer, rules: &RuleSettings, out: &mut Vec<Finding>) {
    let multipart = rules.multipart.enabled
        && rules
            .multipart
            .layers
            .iter()
            .any(|c| c.eq_ignore_ascii_case(&layer_code(layer)));
    let per_feature: Vec<Vec<Finding>> = layer
        .features
        .par_iter()
        .map(|f| {
            let mut v = Vec::new();
            let issues = validity::validate(&f.geometry);
            let invalid: Vec<_> = issues.iter().filter(|i| i.kind.is_ogc_invalid()).collect();
            if rules.geometry_invalid.enabled && !invalid.is_empty() {
                let first = invalid[0];
                let mut kinds: Vec<&str> = invalid.iter().map(|i| i.kind.reason()).collect();
                kinds.dedup();
                let at = first
                    .location
                    .map(|[x, y]| format!(" at ({x:.3}, {y:.3})"))
                    .unwrap_or_default();
                let mut x = finding(
                    RuleId::GeometryInvalid,
                    rules.geometry_invalid.severity,
                    layer,
                    vec![f.id.clone()],
                    format!(
                        "{}{at} (part {}, ring {}), {} problem(s)",
                        kinds.join(", "),
                        first.part + 1,
                        first.ring,
                        invalid.len()
                    ),
                );
                x.location = first.location;
                x.geometry = Some(f.geometry.clone());
                v.push(x);
            }
            let dups: Vec<_> = issues
                .iter()
                .filter(|i| i.kind == IssueKind::DuplicatePoint)
                .collect();
            if rules.duplicate_points.enabled && !dups.is_empty() {
                let mut x = finding(
                    RuleId::DuplicatePoints,
                    rules.duplicate_points.severity,
                    layer,
                    vec![f.id.clone()],
                    format!("{} repeated consecutive vertices", dups.len()),
                );
                x.location = dups[0].location;
                v.push(x);
            }
            if multipart && f.geometry.0.len() > 1 {
                v.push(finding(
                    RuleId::Multipart,
                    rules.multipart.severity,
                    layer,
                    vec![f.id.clone()],
                    format!("{} parts where one is expected", f.geometry.0.len()),
                ));
            }
            // Area and shape of an invalid geometry mean nothing (a bow-tie's lobes cancel):
            // such a feature is reported as invalid only.
            let s = &rules.sliver;
            if s.enabled && invalid.is_empty() {
                let area = shape::planar_area(&f.geometry);
                let thin = shape::thinness(area, shape::perimeter(&f.geometry));
                let why = if area < s.min_area_m2 {
                    Some(format!("area {area:.2} m² is under {} m²", s.min_area_m2))
                } else if thin < s.max_thinness && area < s.thin_max_area_m2 {
                    Some(format!(
                        "thinness 4πA/P² = {thin:.4} is under {} (area {area:.2} m²)",
                        s.max_thinness
                    ))
                } else {
                    None
                };
                if let Some(why) = why {
                    let mut x = finding(
                        RuleId::Sliver,
                        s.severity,
                        layer,
                        vec![f.id.clone()],
                        format!("sliver: {why}"),
                    );
                    x.geometry = Some(f.geometry.clone());
                    x.location = first_vertex(&f.geometry);
                    v.push(x);
                }
            }
            v
        })
        .collect();
    out.extend(per_feature.into_iter().flatten());
}

fn duplicate_bsm_findings(layer: &Layer, rules: &RuleSettings, out: &mut Vec<Finding>) {
    let mut by_bsm: BTreeMap<&str, Vec<&FeatureId>> = BTreeMap::new();
    for f in &layer.features {
        if let Some(bsm) = f.id.bsm.as_deref().filter(|b| !b.trim().is_empty()) {
            by_bsm.entry(bsm).or_default().push(&f.id);
        }
    }
    for (bsm, ids) in by_bsm.into_iter().filter(|(_, ids)| ids.len() > 1) {
        out.push(finding(
            RuleId::DuplicateBsm,
            rules.duplicate_bsm.severity,
            layer,
            ids.iter().map(|id| (*id).clone()).collect(),
            format!(
                "BSM {bsm} is used by {} features: records {}",
                ids.len(),
                ids.iter()
                    .map(|id| id.record.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
}

/// The county holding the largest piece of a feature (ties: the first county), from
/// (county index, area) pairs.
fn largest(pieces: impl Iterator<Item = (usize, f64)>) -> Option<usize> {
    pieces
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(k, _)| k)
}

fn first_vertex(g: &MultiPolygon<f64>) -> Option<[f64; 2]> {
    g.0.first()
        .and_then(|p| p.exterior().0.first())
        .map(|c| [c.x, c.y])
}

/// Pairs of features with bit-identical geometry (same vertices in the same order).
fn duplicate_pairs(layer: &Layer) -> Vec<(FeatureId, FeatureId)> {
    let mut keyed: Vec<(Vec<u64>, usize)> = layer
        .features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let key = f
                .geometry
                .0
                .iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                .flat_map(|r| {
                    r.0.iter()
                        .flat_map(|c| [c.x.to_bits(), c.y.to_bits()])
                        .chain([u64::MAX])
                })
                .collect();
            (key, i)
        })
        .collect();
    keyed.sort();
    let mut out = Vec::new();
    for w in keyed.windows(2) {
        if w[0].0 == w[1].0 {
            let (a, b) = (&layer.features[w[0].1].id, &layer.features[w[1].1].id);
            out.push(if a < b {
                (a.clone(), b.clone())
            } else {
                (b.clone(), a.clone())
            });
        }
    }
    out.sort();
    out
}

#[allow(clippy::too_many_arguments)]
fn overlap_findings(
    report: &OverlapReport<'_>,
    codes: [&str; 2],
    rule: RuleId,
    settings: &sanxian_rules::config::OverlapRule,
    duplicates: &[(String, FeatureId, FeatureId)],
    ellipsoid: &(dyn Fn(&MultiPolygon<f64>) -> f64 + Sync),
    out: &mut Vec<Finding>,
) -> LayerPairSummary {
    let mut pairs = 0;
    let mut area_m2 = 0.0;
    let mut below = report.summary.below_tolerance;
    let mut new: Vec<Finding> = Vec::new();
    for c in &report.conflicts {
        if c.area_m2 < settings.tolerance_m2 {
            below += 1;
            continue;
        }
        let duplicate = duplicates.iter().any(|(code, a, b)| {
            code == codes[0]
                && ((a == c.feature_a && b == c.feature_b)
                    || (a == c.feature_b && b == c.feature_a))
        });
        if duplicate {
            continue;
        }
        pairs += 1;
        area_m2 += c.area_m2;
        let severity = if c.area_m2 >= settings.error_above_m2 {
            settings.severity
        } else {
            settings.minor_severity
        };
        new.push(Finding {
            rule,
            severity,
            layers: vec![codes[0].to_string(), codes[1].to_string()],
            features: vec![c.feature_a.clone(), c.feature_b.clone()],
            message: format!(
                "{} {} overlaps {} {} by {:.4} m²",
                codes[0], c.feature_a, codes[1], c.feature_b, c.area_m2
            ),
            location: first_vertex(&c.overlap),
            geometry: Some(c.overlap.clone()),
            area: None,
            planar_m2: Some(c.area_m2),
            xzqdm: None,
            resolution: rule.resolution(),
        });
    }
    // 0.0 + …: an empty float sum is -0.0.
    let ellipsoid_m2: f64 = 0.0
        + new
            .par_iter()
            .filter_map(|f| f.geometry.as_ref())
            .map(ellipsoid)
            .sum::<f64>();
    if settings.enabled {
        out.extend(new);
    }
    LayerPairSummary {
        layers: [codes[0].to_string(), codes[1].to_string()],
        pairs,
        area_m2,
        ellipsoid_m2,
        below_tolerance: below,
    }
}

fn repair_findings(report: &OverlapReport<'_>, code: &str, out: &mut Vec<Finding>) {
    // Invalid geometry is already a finding of its own (geometry-invalid); the overlay's repair
    // note adds how the overlaps above were computed for it.
    for r in &report.repaired {
        if let Some(f) = out.iter_mut().find(|f| {
            f.rule == RuleId::GeometryInvalid
                && f.layers[0] == code
                && f.features.first() == Some(r.feature)
        }) {
            f.message.push_str(&format!(
                "; overlaps computed on the geometry repaired by {}",
                r.method
            ));
        }
    }
    for n in &report.not_computable {
        out.push(Finding {
            rule: RuleId::GeometryInvalid,
            severity: FindingSeverity::Error,
            layers: vec![code.to_string()],
            features: vec![n.feature_a.clone(), n.feature_b.clone()],
            message: format!("overlap not computable: {}", n.reason),
            geometry: None,
            location: None,
            area: None,
            planar_m2: None,
            xzqdm: None,
            resolution: RuleId::GeometryInvalid.resolution(),
        });
    }
}

fn xzqdm_of(layer: &Layer, rules: &RuleSettings) -> Option<usize> {
    rules
        .xzqdm_mismatch
        .fields
        .iter()
        .find_map(|name| layer.field_index(name))
}

fn coverage_findings(
    layer: &Layer,
    admin: &Layer,
    admin_codes: &[(String, String)],
    per_feature: &[Vec<(usize, MultiPolygon<f64>)>],
    rules: &RuleSettings,
    ellipsoid: &(dyn Fn(&MultiPolygon<f64>) -> f64 + Sync),
    out: &mut Vec<Finding>,
) {
    let code_field = xzqdm_of(layer, rules);
    let found: Vec<Vec<Finding>> = layer
        .features
        .par_iter()
        .zip(per_feature.par_iter())
        .map(|(f, pieces)| {
            let mut v = Vec::new();
            let total = shape::planar_area(&f.geometry);
            let inside: f64 = pieces.iter().map(|(_, g)| shape::planar_area(g)).sum();
            let cov = &rules.outside_admin;
            if cov.enabled && total - inside > cov.tolerance_m2 {
                // Subtract the exact pieces inside the counties rather than the county
                // polygons: the boolean operation then spans only this feature's extent, where
                // its fixed-point grid is fine enough for 1e-6 m² (a county-wide extent is not).
                let mut outside = f.geometry.clone();
                for (_, piece) in pieces {
                    outside = outside.difference(piece);
                }
                let planar = shape::planar_area(&outside);
                if planar > cov.tolerance_m2 {
                    let mut x = finding(
                        RuleId::OutsideAdmin,
                        cov.severity,
                        layer,
                        vec![f.id.clone()],
                        format!(
                            "{:.2} m² of {} lie outside the administrative area",
                            planar, f.id
                        ),
                    );
                    x.layers.push("XZQ".into());
                    x.area = Some(AreaFigures::from_m2(ellipsoid(&outside)));
                    x.location = first_vertex(&outside);
                    x.planar_m2 = Some(planar);
                    x.geometry = Some(outside);
                    v.push(x);
                }
            }
            let rule = &rules.xzqdm_mismatch;
            if let (true, Some(i)) = (rule.enabled, code_field) {
                let own = f
                    .attributes
                    .get(i)
                    .map(|v| v.to_string())
                    .unwrap_or_default();
                let sized = pieces.iter().map(|(k, g)| (*k, shape::planar_area(g)));
                if let Some(k) = largest(sized) {
                    let (dm, mc) = &admin_codes[k];
                    let agree = !own.is_empty()
                        && (own.starts_with(dm.as_str()) || dm.starts_with(own.as_str()));
                    if !agree {
                        let mut x = finding(
                            RuleId::XzqdmMismatch,
                            rule.severity,
                            layer,
                            vec![f.id.clone(), admin.features[k].id.clone()],
                            format!("{} has XZQDM '{own}' but lies in {mc} ({dm})", f.id),
                        );
                        x.layers.push("XZQ".into());
                        x.location = first_vertex(&f.geometry);
                        x.xzqdm = Some(dm.clone());
                        v.push(x);
                    }
                }
            }
            v
        })
        .collect();
    out.extend(found.into_iter().flatten());
}

fn declared_area_findings(
    layer: &Layer,
    rules: &RuleSettings,
    calc: &AreaCalculator,
    out: &mut Vec<Finding>,
) {
    let rule = &rules.declared_area;
    let Some(i) = rule.fields.iter().find_map(|n| layer.field_index(n)) else {
        return;
    };
    let field = layer.fields[i].name.clone();
    let found: Vec<Finding> = layer
        .features
        .par_iter()
        .filter_map(|f| {
            let declared = f.attributes.get(i)?.as_f64()?;
            if !validity::is_valid(&f.geometry) {
                return None;
            }
            let computed = calc.multipolygon_area_m2(&f.geometry).ok()?;
            ((declared - computed).abs() > rule.tolerance_m2).then(|| {
                let mut x = finding(
                    RuleId::DeclaredArea,
                    rule.severity,
                    layer,
                    vec![f.id.clone()],
                    format!(
                        "{field} = {declared:.2} m² but the CGCS2000 ellipsoid area is {computed:.2} m² (difference {:+.2} m²)",
                        declared - computed
                    ),
                );
                x.location = first_vertex(&f.geometry);
                x
            })
        })
        .collect();
    out.extend(found);
}

/// Sets each finding's county: that of its first feature's largest piece, or for findings
/// without pieces the county recorded by the rule.
fn assign_counties(
    findings: &mut [Finding],
    layers: &[Layer],
    pieces: &CountyPieces,
    admin_codes: &[(String, String)],
) {
    for f in findings.iter_mut().filter(|f| f.xzqdm.is_none()) {
        let Some(id) = f.features.first() else {
            continue;
        };
        let Some(layer) = layers
            .iter()
            .find(|l| l.features.first().is_some_and(|x| x.id.source == id.source))
        else {
            continue;
        };
        if layer.kind == LayerKind::AdministrativeArea {
            if let Ok(i) = layer
                .features
                .binary_search_by(|x| x.id.record.cmp(&id.record))
            {
                f.xzqdm = admin_codes.get(i).map(|c| c.0.clone());
            }
            continue;
        }
        let Some(per_feature) = pieces.get(&layer.kind) else {
            continue;
        };
        let Ok(i) = layer
            .features
            .binary_search_by(|x| x.id.record.cmp(&id.record))
        else {
            continue;
        };
        let sized = per_feature[i]
            .iter()
            .map(|(k, g)| (*k, shape::planar_area(g)));
        if let Some(k) = largest(sized) {
            f.xzqdm = Some(admin_codes[k].0.clone());
        }
    }
}

fn county_summaries(
    admin: Option<&Layer>,
    admin_codes: &[(String, String)],
    pieces: &CountyPieces,
    findings: &[Finding],
    ellipsoid: &(dyn Fn(&MultiPolygon<f64>) -> f64 + Sync),
) -> Vec<CountySummary> {
    let Some(admin) = admin else {
        return Vec::new();
    };
    let mut out: Vec<CountySummary> = admin
        .features
        .iter()
        .zip(admin_codes)
        .map(|(f, (dm, mc))| CountySummary {
            xzqdm: dm.clone(),
            xzqmc: mc.clone(),
            area: AreaFigures::from_m2(ellipsoid(&f.geometry)),
            layers: Vec::new(),
            errors: 0,
            warnings: 0,
        })
        .collect();
    for kind in LINES {
        let Some(per_feature) = pieces.get(&kind) else {
            continue;
        };
        let mut area = vec![0.0; out.len()];
        let mut count = vec![0usize; out.len()];
        let measured: Vec<Vec<(usize, f64)>> = per_feature
            .par_iter()
            .map(|ps| ps.iter().map(|(k, g)| (*k, ellipsoid(g))).collect())
            .collect();
        for ps in &measured {
            if let Some(k) = largest(ps.iter().copied()) {
                count[k] += 1;
            }
            for &(k, a) in ps {
                area[k] += a;
            }
        }
        for (i, c) in out.iter_mut().enumerate() {
            c.layers.push(LayerArea {
                layer: kind.code().to_string(),
                features: count[i],
                area: AreaFigures::from_m2(area[i]),
            });
        }
    }
    for c in &mut out {
        for f in findings
            .iter()
            .filter(|f| f.xzqdm.as_deref() == Some(c.xzqdm.as_str()))
        {
            match f.severity {
                FindingSeverity::Error => c.errors += 1,
                FindingSeverity::Warning => c.warnings += 1,
                FindingSeverity::Info => {}
            }
        }
    }
    out.sort_by(|a, b| a.xzqdm.cmp(&b.xzqdm));
    out
}
