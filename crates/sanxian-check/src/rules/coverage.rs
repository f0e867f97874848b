//! Control lines (and the survey) inside their administrative areas.

use sanxian_overlay::boolean;
use sanxian_rules::{FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};
use sanxian_types::planar;
use serde::{Deserialize, Serialize};

use crate::{Context, Findings, Result, Rule};

/// `outside-admin`.
pub const OUTSIDE_ADMIN: RuleId = RuleId(&RuleMeta {
    id: "outside-admin",
    code: 7102,
    title_zh: "超出行政区范围",
    title_en: "outside the administrative area",
    resolution: "Clip the feature to the administrative boundary, or correct the boundary if the feature is right.",
    severity: FindingSeverity::Error,
    stage: Stage::Coverage,
});

/// Parameters of `outside-admin`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CoverageParams {
    /// Parts outside smaller than this are ignored, m².
    pub tolerance_m2: f64,
}

impl Default for CoverageParams {
    fn default() -> Self {
        CoverageParams { tolerance_m2: 0.01 }
    }
}

/// The part of each control-line feature that lies outside every administrative area.
pub struct OutsideAdmin;

impl Rule for OutsideAdmin {
    fn meta(&self) -> &'static RuleMeta {
        OUTSIDE_ADMIN.0
    }

    crate::typed_params!(CoverageParams);

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let p: CoverageParams = cfg.params().map_err(crate::Error::Rules)?;
        for &i in cx.checked() {
            // The layers the profile says lie within the administrative area (the control
            // lines when the profile does not say).
            let within = match cx.spec(i) {
                Some(s) => s.within_admin,
                None => cx.layer(i).kind.is_control_line(),
            };
            if !within || Some(i) == cx.admin() {
                continue;
            }
            cx.warm(i)?;
            let Some(pieces) = cx.county_pieces(i)? else {
                continue;
            };
            out.extend(cx.each_feature(i, |k, pf| {
                if pf.unusable().is_some() {
                    // Reported by geometry-invalid; nothing can be cut from it.
                    return Ok(None);
                }
                let g = pf.geometry();
                let inside: f64 = pieces.of(k).iter().map(|p| p.planar_m2).sum();
                if planar::multipolygon_area(g) - inside <= p.tolerance_m2 {
                    return Ok(None);
                }
                // Subtract the exact pieces inside the counties rather than the county
                // polygons: the boolean operation then spans only this feature's extent.
                let inside: Vec<_> = pieces
                    .of(k)
                    .iter()
                    .map(|p| cx.county_piece_geometry(i, p))
                    .collect::<Result<_>>()?;
                let outside =
                    match boolean::difference_all(g, inside) {
                        Ok(o) => o,
                        Err(why) => {
                            let x = cx.finding(
                                self.id(),
                                cfg,
                                i,
                                k,
                                format!("the part outside the administrative area could not be computed: {why}"),
                            )?;
                            return Ok(Some(x));
                        }
                    };
                let planar_m2 = planar::multipolygon_area(&outside);
                if planar_m2 <= p.tolerance_m2 {
                    return Ok(None);
                }
                let id = &cx.layer(i).features[k].id;
                let area = match cx.ellipsoid_m2(&outside) {
                    Ok(m2) => format!("{m2:.2} m² (ellipsoid; planar {planar_m2:.2} m²)"),
                    Err(why) => format!("{planar_m2:.2} m² (planar; the ellipsoid area cannot be computed: {why})"),
                };
                let mut x = cx.finding(
                    self.id(),
                    cfg,
                    i,
                    k,
                    format!("{area} of {id} lie outside the administrative area"),
                )?;
                x.layers.push("XZQ".into());
                x.location = super::first_vertex(&outside);
                x.planar_m2 = Some(planar_m2);
                x.geometry = Some(outside);
                Ok(Some(x))
            })?);
        }
        Ok(())
    }
}
