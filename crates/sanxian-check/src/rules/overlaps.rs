//! Overlaps: of features within one layer, and between the three control lines
//! (不交叉、不重叠、不冲突).

use sanxian_overlay::CONTROL_LINE_PAIRS;
use sanxian_rules::finding::LayerPairSummary;
use sanxian_rules::{Finding, FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};
use sanxian_types::geo_types::MultiPolygon;
use serde::{Deserialize, Serialize};

use crate::{Context, Findings, Result, Rule};

/// `overlap-within`.
pub const OVERLAP_WITHIN: RuleId = RuleId(&RuleMeta {
    id: "overlap-within",
    code: 6201,
    title_zh: "图层内重叠",
    title_en: "overlap within a layer",
    resolution:
        "Cut the overlap out of one of the two features so the layer tiles without overlap.",
    severity: FindingSeverity::Error,
    stage: Stage::Overlaps,
});

/// `overlap-across`.
pub const OVERLAP_ACROSS: RuleId = RuleId(&RuleMeta {
    id: "overlap-across",
    code: 7101,
    title_zh: "控制线之间重叠",
    title_en: "overlap between control lines",
    resolution: "Farmland inside the red line is withdrawn or cut out as a hole (开天窗) and re-designated (补划) elsewhere in the county; the urban boundary yields to both lines.",
    severity: FindingSeverity::Error,
    stage: Stage::Overlaps,
});

/// Parameters of both overlap rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OverlapParams {
    /// Overlaps below this are not conflicts at all (counted separately), m².
    pub tolerance_m2: f64,
    /// Overlaps below this get `minor_severity` (practice: above 1 m² is a real conflict), m².
    pub error_above_m2: f64,
    /// Severity of overlaps between `tolerance_m2` and `error_above_m2`.
    pub minor_severity: FindingSeverity,
}

impl Default for OverlapParams {
    fn default() -> Self {
        OverlapParams {
            tolerance_m2: 1e-4,
            error_above_m2: 1.0,
            minor_severity: FindingSeverity::Warning,
        }
    }
}

/// The findings and summary of the overlaps of layers `a` and `b` (`a == b`: within one
/// layer), reported in the order `a`, `b`.
fn pair_findings(
    cx: &Context<'_>,
    rule: RuleId,
    cfg: &RuleConfig,
    a: usize,
    b: usize,
    out: &mut Findings,
) -> Result<()> {
    let p: OverlapParams = cfg.params().map_err(crate::Error::Rules)?;
    cx.warm(a)?;
    cx.warm(b)?;
    let pair = cx.overlaps(a, b)?;
    // The report runs in draft order; `swap` when the rule reports b first.
    let swap = a > b;
    let (ca, cb) = (cx.code(a), cx.code(b));
    let copies = if a == b {
        Some(cx.duplicates(a)?)
    } else {
        None
    };
    let mut summary = LayerPairSummary {
        layers: [ca.clone(), cb.clone()],
        pairs: 0,
        planar_m2: 0.0,
        ellipsoid_m2: 0.0,
        below_tolerance: pair.report.summary.below_tolerance,
    };
    for (c, e) in pair.report.conflicts.iter().zip(&pair.ellipsoid_m2) {
        if c.planar_m2 < p.tolerance_m2 {
            summary.below_tolerance += 1;
            continue;
        }
        if copies.is_some_and(|d| d.same(c.index_a, c.index_b)) {
            continue;
        }
        let ((ia, fa), (_, fb)) = if swap {
            ((c.index_b, c.feature_b), (c.index_a, c.feature_a))
        } else {
            ((c.index_a, c.feature_a), (c.index_b, c.feature_b))
        };
        summary.pairs += 1;
        summary.planar_m2 += c.planar_m2;
        let area = match e {
            Ok(m2) => {
                summary.ellipsoid_m2 += m2;
                format!("{m2:.4} m² (ellipsoid; planar {:.4} m²)", c.planar_m2)
            }
            Err(why) => format!(
                "{:.4} m² (planar; the ellipsoid area cannot be computed: {why})",
                c.planar_m2
            ),
        };
        let mut x = cx.finding(
            rule,
            cfg,
            a,
            ia,
            format!("{ca} {fa} overlaps {cb} {fb} by {area}"),
        )?;
        x.severity = if c.planar_m2 >= p.error_above_m2 {
            cfg.severity
        } else {
            p.minor_severity
        };
        x.layers.push(cb.clone());
        x.features.push(fb.clone());
        x.location = super::first_vertex(&c.overlap);
        x.geometry = Some(c.overlap.clone());
        x.planar_m2 = Some(c.planar_m2);
        out.push(x);
    }
    for n in &pair.report.not_computable {
        let ((ia, fa), fb) = if swap {
            ((n.index_b, n.feature_b), n.feature_a)
        } else {
            ((n.index_a, n.feature_a), n.feature_b)
        };
        let mut x: Finding = cx.finding(
            rule,
            cfg,
            a,
            ia,
            format!(
                "the overlap of {ca} {fa} and {cb} {fb} could not be computed: {}",
                n.reason
            ),
        )?;
        x.severity = FindingSeverity::Error;
        x.layers.push(cb.clone());
        x.features.push(fb.clone());
        out.push(x);
    }
    out.layer_pair(summary);
    Ok(())
}

fn tolerance(cfg: &RuleConfig) -> Option<f64> {
    cfg.params::<OverlapParams>().ok().map(|p| p.tolerance_m2)
}

/// Features of one layer that overlap with positive area (exact copies are left to
/// `duplicate-feature`).
pub struct OverlapWithin;

impl Rule for OverlapWithin {
    fn meta(&self) -> &'static RuleMeta {
        OVERLAP_WITHIN.0
    }

    crate::typed_params!(OverlapParams);

    fn overlap_tolerance_m2(&self, cfg: &RuleConfig) -> Option<f64> {
        tolerance(cfg)
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for &i in cx.checked() {
            pair_findings(cx, self.id(), cfg, i, i, out)?;
        }
        Ok(())
    }
}

/// Features of two control lines that overlap: red line × farmland, red line × urban
/// boundary, farmland × urban boundary.
pub struct OverlapAcross;

impl Rule for OverlapAcross {
    fn meta(&self) -> &'static RuleMeta {
        OVERLAP_ACROSS.0
    }

    crate::typed_params!(OverlapParams);

    fn overlap_tolerance_m2(&self, cfg: &RuleConfig) -> Option<f64> {
        tolerance(cfg)
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let from = out.findings.len();
        for (ka, kb) in CONTROL_LINE_PAIRS {
            if let (Some(a), Some(b)) = (cx.position(ka), cx.position(kb)) {
                pair_findings(cx, self.id(), cfg, a, b, out)?;
            }
        }
        // With the land survey given, each conflict says what land it is on.
        if cx.survey().is_some() {
            let geoms: Vec<_> = out.findings[from..]
                .iter()
                .map(|f| {
                    f.geometry
                        .clone()
                        .unwrap_or_else(|| MultiPolygon(Vec::new()))
                })
                .collect();
            for (f, b) in out.findings[from..].iter_mut().zip(cx.beneath(&geoms)?) {
                f.beneath = b;
            }
        }
        Ok(())
    }
}
