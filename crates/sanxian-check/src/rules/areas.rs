//! Features whose official area cannot be computed: said once, with the reason, instead of a
//! NaN in the totals.

use sanxian_rules::{FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};

use crate::{Context, Findings, Result, Rule};

/// `area-not-computable`.
pub const AREA_NOT_COMPUTABLE: RuleId = RuleId(&RuleMeta {
    id: "area-not-computable",
    code: 5102,
    title_zh: "面积无法计算",
    title_en: "area cannot be computed",
    resolution: "Check the CRS of the layer and the coordinates of the feature (a vertex far outside its zone, or not a number); repair and deliver again.",
    severity: FindingSeverity::Error,
    stage: Stage::Areas,
});

/// Features of the checked layers without an official ellipsoid area; they are left out of
/// every total, and this finding says so.
pub struct AreaNotComputable;

impl Rule for AreaNotComputable {
    fn meta(&self) -> &'static RuleMeta {
        AREA_NOT_COMPUTABLE.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for &i in cx.checked() {
            cx.warm(i)?;
            for (k, a) in cx.feature_areas(i).iter().enumerate() {
                if let Err(why) = a {
                    let mut x = cx.finding(
                        self.id(),
                        cfg,
                        i,
                        k,
                        format!("no official area, left out of every total: {why}"),
                    )?;
                    x.location = super::first_vertex(&cx.layer(i).features[k].geometry);
                    out.push(x);
                }
            }
        }
        Ok(())
    }
}
