//! The administrative code a feature carries against the administrative area it lies in.

use sanxian_rules::{FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};
use serde::{Deserialize, Serialize};

use crate::context::text_at;
use crate::{Context, Findings, Result, Rule};

/// `xzqdm-mismatch`.
pub const XZQDM_MISMATCH: RuleId = RuleId(&RuleMeta {
    id: "xzqdm-mismatch",
    code: 4201,
    title_zh: "行政区代码不符",
    title_en: "XZQDM does not match",
    resolution: "Set XZQDM to the code of the administrative area the feature lies in, or split it at the boundary.",
    severity: FindingSeverity::Error,
    stage: Stage::Coverage,
});

/// Parameters of `xzqdm-mismatch`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct XzqdmParams {
    /// Fields holding the administrative code of layers the profile gives none for, first
    /// present wins.
    pub fields: Vec<String>,
}

impl Default for XzqdmParams {
    fn default() -> Self {
        XzqdmParams {
            fields: vec!["XZQDM".into(), "XJXZQDM".into()],
        }
    }
}

/// Features whose XZQDM is neither a prefix nor an extension of the code of the county that
/// holds their largest piece.
pub struct XzqdmMismatch;

impl Rule for XzqdmMismatch {
    fn meta(&self) -> &'static RuleMeta {
        XZQDM_MISMATCH.0
    }

    crate::typed_params!(XzqdmParams);

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let p: XzqdmParams = cfg.params().map_err(crate::Error::Rules)?;
        let Some(admin) = cx.admin() else {
            return Ok(());
        };
        for &i in cx.checked() {
            let layer = cx.layer(i);
            if !layer.kind.is_control_line() {
                continue;
            }
            let field = match cx.spec(i).and_then(|s| s.admin_code_field.as_deref()) {
                Some(name) => cx.field(i, name),
                None => p.fields.iter().find_map(|n| layer.field_index(n)),
            };
            let Some(field) = field else {
                continue;
            };
            cx.warm(i)?;
            let Some(pieces) = cx.county_pieces(i)? else {
                continue;
            };
            let codes = cx.admin_codes();
            for (k, f) in layer.features.iter().enumerate() {
                let Some(county) = pieces.largest(k) else {
                    continue;
                };
                let own = text_at(f, Some(field));
                let (dm, mc) = &codes[county];
                let agree = !own.is_empty()
                    && (own.starts_with(dm.as_str()) || dm.starts_with(own.as_str()));
                if agree {
                    continue;
                }
                let mut x = cx.finding(
                    self.id(),
                    cfg,
                    i,
                    k,
                    format!(
                        "{} has {} '{own}' but lies in {mc} ({dm})",
                        f.id, layer.fields[field].name
                    ),
                )?;
                x.layers.push(cx.code(admin));
                x.features.push(cx.layer(admin).features[county].id.clone());
                x.field = Some(layer.fields[field].name.clone());
                x.value = Some(own.clone());
                x.location = super::first_vertex(&f.geometry);
                out.push(x);
            }
        }
        Ok(())
    }
}
