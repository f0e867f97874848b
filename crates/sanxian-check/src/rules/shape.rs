//! The shape of single features: several parts where one is expected, slivers.

use sanxian_overlay::validity::Strictness;
use sanxian_rules::{FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};
use sanxian_types::planar;
use serde::{Deserialize, Serialize};

use crate::{Context, Findings, Result, Rule};

/// `multipart`.
pub const MULTIPART: RuleId = RuleId(&RuleMeta {
    id: "multipart",
    code: 6104,
    title_zh: "多部件要素",
    title_en: "multipart feature",
    resolution: "Explode the feature into single parts, each with its own BSM.",
    severity: FindingSeverity::Warning,
    stage: Stage::Validate,
});

/// `sliver`.
pub const SLIVER: RuleId = RuleId(&RuleMeta {
    id: "sliver",
    code: 6105,
    title_zh: "碎片多边形",
    title_en: "sliver polygon",
    resolution: "Merge the sliver into its neighbour along the longest shared edge (Eliminate), or delete it.",
    severity: FindingSeverity::Warning,
    stage: Stage::Validate,
});

/// Parameters of `multipart`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MultipartParams {
    /// Layer codes whose features must be single polygons.
    pub layers: Vec<String>,
}

impl Default for MultipartParams {
    fn default() -> Self {
        MultipartParams {
            layers: vec!["YJJBNTBHTB".into()],
        }
    }
}

/// Features of several parts in layers whose features must be single polygons.
pub struct Multipart;

impl Rule for Multipart {
    fn meta(&self) -> &'static RuleMeta {
        MULTIPART.0
    }

    crate::typed_params!(MultipartParams);

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let p: MultipartParams = cfg.params().map_err(crate::Error::Rules)?;
        for &i in cx.checked() {
            if !p.layers.iter().any(|c| c.eq_ignore_ascii_case(&cx.code(i))) {
                continue;
            }
            cx.warm(i)?;
            for (k, f) in cx.layer(i).features.iter().enumerate() {
                if f.geometry.0.len() > 1 {
                    let mut x = cx.finding(
                        self.id(),
                        cfg,
                        i,
                        k,
                        format!("{} parts where one is expected", f.geometry.0.len()),
                    )?;
                    x.location = super::first_vertex(&f.geometry);
                    out.push(x);
                }
            }
        }
        Ok(())
    }
}

/// Parameters of `sliver`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SliverParams {
    /// Features smaller than this are slivers, m² (practice: patches under 200 m² are merged
    /// into a neighbour).
    pub min_area_m2: f64,
    /// Thinness 4πA/P² (1 for a circle, → 0 for a line) under which a feature is thin.
    pub max_thinness: f64,
    /// Thin features are slivers only when smaller than this, m² (large natural areas with
    /// long fractal boundaries are thin by the ratio but not slivers).
    pub thin_max_area_m2: f64,
}

impl Default for SliverParams {
    fn default() -> Self {
        SliverParams {
            min_area_m2: 200.0,
            max_thinness: 0.1,
            thin_max_area_m2: 10_000.0,
        }
    }
}

/// Tiny features, and thin small ones (Data Reviewer's thinness ratio). A feature that is not
/// valid is reported as such only: the area of a bow-tie means nothing.
pub struct Sliver;

impl Rule for Sliver {
    fn meta(&self) -> &'static RuleMeta {
        SLIVER.0
    }

    crate::typed_params!(SliverParams);

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let s: SliverParams = cfg.params().map_err(crate::Error::Rules)?;
        for &i in cx.checked() {
            out.extend(cx.each_feature(i, |k, pf| {
                if !pf.validity().is_valid(Strictness::Ogc) {
                    return Ok(None);
                }
                let g = pf.geometry();
                let area = planar::multipolygon_area(g);
                let thin = planar::thinness(area, planar::perimeter(g));
                let why = if area < s.min_area_m2 {
                    format!("area {area:.2} m² is under {} m²", s.min_area_m2)
                } else if thin < s.max_thinness && area < s.thin_max_area_m2 {
                    format!(
                        "thinness 4πA/P² = {thin:.4} is under {} (area {area:.2} m²)",
                        s.max_thinness
                    )
                } else {
                    return Ok(None);
                };
                let mut x = cx.finding(self.id(), cfg, i, k, format!("sliver: {why}"))?;
                x.geometry = Some(g.clone());
                x.location = super::first_vertex(g);
                Ok(Some(x))
            })?);
        }
        Ok(())
    }
}
