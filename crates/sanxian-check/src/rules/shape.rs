//! The shape of single features: several parts where one is expected, fragments, slivers.

use sanxian_overlay::validity::Strictness;
use sanxian_rules::{Finding, FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};
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

/// `fragment`.
pub const FRAGMENT: RuleId = RuleId(&RuleMeta {
    id: "fragment",
    code: 6106,
    title_zh: "细小图斑",
    title_en: "fragment",
    resolution: "Merge the fragment into a neighbour, or delete it if it is an artefact.",
    severity: FindingSeverity::Info,
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

/// Features of several parts in layers whose features the profile says must be single
/// polygons.
pub struct Multipart;

impl Rule for Multipart {
    fn meta(&self) -> &'static RuleMeta {
        MULTIPART.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for &i in cx.checked() {
            if cx.spec(i).is_none_or(|s| s.multipart) {
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

/// Parameters of `fragment`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FragmentParams {
    /// Features smaller than this (official ellipsoid area) are fragments, m².
    pub max_area_m2: f64,
    /// At most this many are listed per layer; one more finding gives the true count.
    pub cap: usize,
}

impl Default for FragmentParams {
    fn default() -> Self {
        FragmentParams {
            max_area_m2: 10.0,
            cap: 100,
        }
    }
}

/// Features under the fragment area, listed up to a cap per layer with the true count.
pub struct Fragment;

impl Rule for Fragment {
    fn meta(&self) -> &'static RuleMeta {
        FRAGMENT.0
    }

    crate::typed_params!(FragmentParams);

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let p: FragmentParams = cfg.params().map_err(crate::Error::Rules)?;
        for &i in cx.checked() {
            cx.warm(i)?;
            let prepared = cx.prepared(i)?;
            let areas = cx.feature_areas(i);
            let small: Vec<(usize, f64)> = areas
                .iter()
                .enumerate()
                .filter(|(k, _)| prepared.features()[*k].validity().is_valid(Strictness::Ogc))
                .filter_map(|(k, a)| a.as_ref().ok().map(|a| (k, *a)))
                .filter(|(_, a)| *a < p.max_area_m2)
                .collect();
            for &(k, a) in small.iter().take(p.cap) {
                let g = prepared.features()[k].geometry();
                let mut x = cx.finding(
                    self.id(),
                    cfg,
                    i,
                    k,
                    format!(
                        "fragment of {a:.4} m² (ellipsoid), under {} m²",
                        p.max_area_m2
                    ),
                )?;
                x.geometry = Some(g.clone());
                x.location = super::first_vertex(g);
                out.push(x);
            }
            if small.len() > p.cap {
                let code = cx.code(i);
                out.push(Finding::new(
                    self.id(),
                    cfg.severity,
                    vec![code.clone()],
                    Vec::new(),
                    format!(
                        "{} fragments under {} m² in {code} in all; the first {} are listed",
                        small.len(),
                        p.max_area_m2,
                        p.cap
                    ),
                ));
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
        // A feature the fragment rule reports is not reported again as a sliver.
        let fragment_below = cx
            .settings()
            .get(FRAGMENT.as_str())
            .filter(|c| c.enabled)
            .and_then(|c| c.params::<FragmentParams>().ok())
            .map_or(0.0, |f| f.max_area_m2);
        for &i in cx.checked() {
            let areas = cx.feature_areas(i);
            out.extend(cx.each_feature(i, |k, pf| {
                if !pf.validity().is_valid(Strictness::Ogc) {
                    return Ok(None);
                }
                if areas[k].as_ref().is_ok_and(|a| *a < fragment_below) {
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
