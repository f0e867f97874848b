//! The delivery against the land survey (DLTB), when it is given: the administrative area
//! fully covered by survey patches, permanent basic farmland on cropland (耕地), and the
//! farmland's land class the one of the survey beneath (图属一致性).

use std::collections::BTreeMap;

use sanxian_overlay::boolean;
use sanxian_rules::finding::ClassArea;
use sanxian_rules::{FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};
use sanxian_types::geo_types::MultiPolygon;
use sanxian_types::{planar, LayerKind};
use serde::{Deserialize, Serialize};

use crate::context::text_at;
use crate::{Context, Findings, Result, Rule};

/// `admin-not-covered`.
pub const ADMIN_NOT_COVERED: RuleId = RuleId(&RuleMeta {
    id: "admin-not-covered",
    code: 7201,
    title_zh: "行政区未被地类图斑完全覆盖",
    title_en: "administrative area not covered by the survey",
    resolution: "Add the missing survey patches, or correct the administrative boundary.",
    severity: FindingSeverity::Error,
    stage: Stage::Survey,
});

/// `farmland-not-cropland`.
pub const FARMLAND_NOT_CROPLAND: RuleId = RuleId(&RuleMeta {
    id: "farmland-not-cropland",
    code: 7301,
    title_zh: "永久基本农田压占非耕地",
    title_en: "farmland on land that is not cropland",
    resolution: "Withdraw the part that is not cropland from the farmland, or correct the survey if the land is cropland.",
    severity: FindingSeverity::Warning,
    stage: Stage::Survey,
});

/// `farmland-dlbm-mismatch`.
pub const FARMLAND_DLBM_MISMATCH: RuleId = RuleId(&RuleMeta {
    id: "farmland-dlbm-mismatch",
    code: 7302,
    title_zh: "永久基本农田地类与调查不一致",
    title_en: "farmland land class differs from the survey",
    resolution: "Take DLBM and DLMC from the survey patch beneath (图属一致).",
    severity: FindingSeverity::Warning,
    stage: Stage::Survey,
});

/// Parameters of `admin-not-covered`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CoveredParams {
    /// Uncovered parts smaller than this are ignored, m².
    pub min_area_m2: f64,
}

impl Default for CoveredParams {
    fn default() -> Self {
        CoveredParams { min_area_m2: 0.01 }
    }
}

/// Parameters of `farmland-not-cropland`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CroplandParams {
    /// Survey classes that are cropland (a trailing `*` is a prefix).
    pub cropland: Vec<String>,
    /// Farmland on other classes below this (per feature) is ignored, m².
    pub min_area_m2: f64,
}

impl Default for CroplandParams {
    fn default() -> Self {
        CroplandParams {
            cropland: vec!["0101".into(), "0102".into(), "0103".into()],
            min_area_m2: 1.0,
        }
    }
}

/// The survey pieces beneath each feature of layer `i`: (survey feature, DLBM, piece, m²).
type Beneath<'a> = Vec<Vec<(usize, String, &'a MultiPolygon<f64>, f64)>>;

fn beneath<'a>(cx: &'a Context<'_>, i: usize, s: usize) -> Result<Beneath<'a>> {
    cx.warm(i)?;
    cx.warm(s)?;
    let pair = cx.overlaps(i, s)?;
    let dlbm = cx.field(s, "DLBM");
    let survey = cx.layer(s);
    let mut per: Beneath<'a> = vec![Vec::new(); cx.layer(i).features.len()];
    let line_first = i < s;
    for (c, e) in pair.report.conflicts.iter().zip(&pair.ellipsoid_m2) {
        let (k, t) = if line_first {
            (c.index_a, c.index_b)
        } else {
            (c.index_b, c.index_a)
        };
        let Ok(m2) = e else { continue };
        per[k].push((t, text_at(&survey.features[t], dlbm), &c.overlap, *m2));
    }
    Ok(per)
}

fn class_areas(
    cx: &Context<'_>,
    pieces: &[(usize, String, &MultiPolygon<f64>, f64)],
) -> Vec<ClassArea> {
    let mut by: BTreeMap<&str, f64> = BTreeMap::new();
    for (_, code, _, m2) in pieces {
        *by.entry(code.as_str()).or_default() += m2;
    }
    let dict = cx.profile().dictionaries.get("DLBM");
    let mut v: Vec<ClassArea> = by
        .into_iter()
        .map(|(code, m2)| ClassArea {
            dlbm: code.to_string(),
            dlmc: dict
                .and_then(|d| d.lookup(code))
                .map(|x| x.1.to_string())
                .unwrap_or_default(),
            ellipsoid_m2: m2,
        })
        .collect();
    v.sort_by(|a, b| {
        b.ellipsoid_m2
            .total_cmp(&a.ellipsoid_m2)
            .then_with(|| a.dlbm.cmp(&b.dlbm))
    });
    v
}

fn list(v: &[ClassArea]) -> String {
    v.iter()
        .map(|c| format!("{} {} {:.2} m²", c.dlbm, c.dlmc, c.ellipsoid_m2))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The parts of each administrative area that no survey patch covers.
pub struct AdminNotCovered;

impl Rule for AdminNotCovered {
    fn meta(&self) -> &'static RuleMeta {
        ADMIN_NOT_COVERED.0
    }

    crate::typed_params!(CoveredParams);

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let p: CoveredParams = cfg.params().map_err(crate::Error::Rules)?;
        let (Some(a), Some(s)) = (cx.admin(), cx.survey()) else {
            return Ok(());
        };
        cx.warm(a)?;
        let union = match cx.union(s)? {
            Ok(u) => u,
            Err(why) => {
                return Err(crate::Error::Draft(format!(
                    "the union of the survey patches could not be computed: {why}"
                )))
            }
        };
        let prepared = cx.prepared(a)?;
        out.extend(cx.each_feature(a, |k, pf| {
            if pf.unusable().is_some() {
                return Ok(None);
            }
            let rest = match boolean::difference(pf.geometry(), union) {
                Ok(r) => r,
                Err(why) => {
                    let x = cx.finding(
                        self.id(),
                        cfg,
                        a,
                        k,
                        format!("the part not covered by DLTB could not be computed: {why}"),
                    )?;
                    return Ok(Some(x));
                }
            };
            let rest = MultiPolygon(
                rest.0
                    .into_iter()
                    .filter(|q| planar::polygon_area(q).abs() >= p.min_area_m2)
                    .collect(),
            );
            let planar_m2 = planar::multipolygon_area(&rest);
            if rest.0.is_empty() || planar_m2 < p.min_area_m2 {
                return Ok(None);
            }
            let mut x = cx.finding(
                self.id(),
                cfg,
                a,
                k,
                format!(
                    "{planar_m2:.2} m² (planar) of {} in {} part(s) are not covered by any DLTB patch",
                    prepared.features()[k].id(),
                    rest.0.len()
                ),
            )?;
            x.layers.push(cx.code(s));
            x.location = super::first_vertex(&rest);
            x.planar_m2 = Some(planar_m2);
            x.geometry = Some(rest);
            Ok(Some(x))
        })?);
        Ok(())
    }
}

/// Farmland lying on survey classes that are not cropland, with the area of each class.
pub struct FarmlandNotCropland;

impl Rule for FarmlandNotCropland {
    fn meta(&self) -> &'static RuleMeta {
        FARMLAND_NOT_CROPLAND.0
    }

    crate::typed_params!(CroplandParams);

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let p: CroplandParams = cfg.params().map_err(crate::Error::Rules)?;
        let (Some(i), Some(s)) = (cx.position(LayerKind::PermanentBasicFarmland), cx.survey())
        else {
            return Ok(());
        };
        let per = beneath(cx, i, s)?;
        let survey = cx.layer(s);
        for (k, pieces) in per.iter().enumerate() {
            let other: Vec<_> = pieces
                .iter()
                .filter(|(_, code, _, _)| {
                    !p.cropland
                        .iter()
                        .any(|c| crate::recognise::value_matches(c, code))
                })
                .cloned()
                .collect();
            let m2: f64 = other.iter().map(|x| x.3).sum();
            if other.is_empty() || m2 < p.min_area_m2 {
                continue;
            }
            let classes = class_areas(cx, &other);
            let under: Vec<String> = other
                .iter()
                .map(|(t, _, _, _)| survey.features[*t].id.to_string())
                .collect();
            let mut x = cx.finding(
                self.id(),
                cfg,
                i,
                k,
                format!(
                    "{m2:.2} m² lie on land that is not cropland: {} (DLTB {})",
                    list(&classes),
                    under.join(", ")
                ),
            )?;
            x.layers.push(cx.code(s));
            x.features.extend(
                other
                    .iter()
                    .map(|(t, _, _, _)| survey.features[*t].id.clone()),
            );
            let g = MultiPolygon(other.iter().flat_map(|x| x.2 .0.iter().cloned()).collect());
            x.location = super::first_vertex(&g);
            x.planar_m2 = Some(planar::multipolygon_area(&g));
            x.ellipsoid = Some(sanxian_area::AreaFigures::from_m2(m2));
            x.geometry = Some(g);
            x.beneath = classes;
            out.push(x);
        }
        Ok(())
    }
}

/// Farmland whose DLBM is not the class of the survey beneath it (the class covering most of
/// its area).
pub struct FarmlandDlbmMismatch;

impl Rule for FarmlandDlbmMismatch {
    fn meta(&self) -> &'static RuleMeta {
        FARMLAND_DLBM_MISMATCH.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let (Some(i), Some(s)) = (cx.position(LayerKind::PermanentBasicFarmland), cx.survey())
        else {
            return Ok(());
        };
        let Some(field) = cx.field(i, "DLBM") else {
            return Ok(());
        };
        let per = beneath(cx, i, s)?;
        let layer = cx.layer(i);
        for (k, pieces) in per.iter().enumerate() {
            if pieces.is_empty() {
                continue; // on no survey patch: gaps and coverage say so
            }
            let classes = class_areas(cx, pieces);
            let own = text_at(&layer.features[k], Some(field));
            let top = &classes[0];
            if own == top.dlbm {
                continue;
            }
            let total: f64 = classes.iter().map(|c| c.ellipsoid_m2).sum();
            let mut x = cx
                .finding(
                    self.id(),
                    cfg,
                    i,
                    k,
                    format!(
                        "DLBM '{own}', but the survey beneath is mostly {} {} ({:.2} of {:.2} m²)",
                        top.dlbm, top.dlmc, top.ellipsoid_m2, total
                    ),
                )?
                .with_value(layer.fields[field].name.clone(), own.clone());
            x.layers.push(cx.code(s));
            x.features.extend(
                pieces
                    .iter()
                    .filter(|(_, code, _, _)| *code == top.dlbm)
                    .map(|(t, _, _, _)| cx.layer(s).features[*t].id.clone()),
            );
            x.location = super::first_vertex(&layer.features[k].geometry);
            x.beneath = classes;
            out.push(x);
        }
        Ok(())
    }
}
