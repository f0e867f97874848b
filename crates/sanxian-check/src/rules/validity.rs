//! Geometry validity (OGC, as GEOS judges it) and duplicate vertices, read from the one
//! validation each feature gets when its layer is prepared for the overlay.

use sanxian_overlay::validity::Strictness;
use sanxian_rules::{FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};

use crate::{Context, Findings, Result, Rule};

/// `geometry-invalid`.
pub const GEOMETRY_INVALID: RuleId = RuleId(&RuleMeta {
    id: "geometry-invalid",
    code: 6101,
    title_zh: "几何无效",
    title_en: "invalid geometry",
    resolution: "Repair the geometry (ArcGIS Repair Geometry / QGIS Fix geometries) and check the result by eye.",
    severity: FindingSeverity::Error,
    stage: Stage::Validate,
});

/// `duplicate-points`.
pub const DUPLICATE_POINTS: RuleId = RuleId(&RuleMeta {
    id: "duplicate-points",
    code: 6102,
    title_zh: "重复节点",
    title_en: "duplicate vertices",
    resolution: "Remove the repeated vertices (simplify with zero tolerance).",
    severity: FindingSeverity::Warning,
    stage: Stage::Validate,
});

/// Features that are not valid by OGC Simple Features, with the reason, the place, and what
/// the overlay did with them (computed on a repair, or could not use them).
pub struct GeometryInvalid;

impl Rule for GeometryInvalid {
    fn meta(&self) -> &'static RuleMeta {
        GEOMETRY_INVALID.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for &i in cx.checked() {
            let prepared = cx.prepared(i)?;
            let repairs = prepared.repairs();
            let layer = cx.layer(i);
            out.extend(cx.each_feature(i, |k, pf| {
                let Some(d) = pf.validity().issue(Strictness::Ogc) else {
                    return Ok(None);
                };
                let mut msg = format!("{} (part {}, ring {})", d.describe(), d.part + 1, d.ring);
                if let Some(why) = pf.unusable() {
                    msg.push_str(&format!("; the overlay could not use it: {why}"));
                } else if let Ok(r) = repairs.binary_search_by_key(&k, |r| r.index) {
                    let r = &repairs[r];
                    msg.push_str(&format!(
                        "; overlaps and areas computed on its repair ({}), {:.2} m² in {} part(s)",
                        r.method, r.planar_after_m2, r.parts_after
                    ));
                } else {
                    msg.push_str("; it changes no area, so overlaps and areas use it as it is");
                }
                let mut x = cx.finding(self.id(), cfg, i, k, msg)?;
                x.location = d.location;
                x.geometry = Some(layer.features[k].geometry.clone());
                Ok(Some(x))
            })?);
        }
        Ok(())
    }
}

/// Features with repeated consecutive vertices (valid by OGC; a data-quality matter).
pub struct DuplicatePoints;

impl Rule for DuplicatePoints {
    fn meta(&self) -> &'static RuleMeta {
        DUPLICATE_POINTS.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for &i in cx.checked() {
            out.extend(cx.each_feature(i, |k, pf| {
                let (n, at) = pf.validity().duplicate_points();
                if n == 0 {
                    return Ok(None);
                }
                let mut x = cx.finding(
                    self.id(),
                    cfg,
                    i,
                    k,
                    format!("{n} repeated consecutive vertices"),
                )?;
                x.location = at;
                Ok(Some(x))
            })?);
        }
        Ok(())
    }
}
