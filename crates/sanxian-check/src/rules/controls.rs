//! Areas controlled level by level (分级控制): patch areas summed per administrative unit equal
//! the unit's control area.

use sanxian_rules::profile::expr::fmt_num;
use sanxian_rules::{Finding, FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};

use crate::context::text_at;
use crate::{Context, Findings, Result, Rule};

/// `area-control`.
pub const AREA_CONTROL: RuleId = RuleId(&RuleMeta {
    id: "area-control",
    code: 5301,
    title_zh: "汇总面积与控制面积不符",
    title_en: "summed areas differ from the control area",
    resolution: "Adjust the patch areas to the control area (平差) or correct the control area.",
    severity: FindingSeverity::Error,
    stage: Stage::Areas,
});

/// For each control of the profile: per unit (an XZQ feature), the sum of the layer's area
/// field over the features whose unit code starts with the unit's code, against the unit's
/// control field; features in no unit are reported with their count and sum.
pub struct AreaControl;

impl Rule for AreaControl {
    fn meta(&self) -> &'static RuleMeta {
        AREA_CONTROL.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for c in &cx.profile().controls {
            let (Some(i), Some(u)) = (cx.bound(&c.layer), cx.bound(&c.control_layer)) else {
                continue;
            };
            let (Some(field), Some(group), Some(code), Some(control)) = (
                cx.field(i, &c.field),
                cx.field(i, &c.group_field),
                cx.field(u, &c.control_code_field),
                cx.field(u, &c.control_field),
            ) else {
                continue; // field-missing says so
            };
            let layer = cx.layer(i);
            let units = cx.layer(u);
            let codes: Vec<String> = units
                .features
                .iter()
                .map(|f| text_at(f, Some(code)))
                .collect();
            // Sums in feature order (a fixed order: the same input gives the same figures).
            let mut sums = vec![0.0f64; codes.len()];
            let mut counts = vec![0usize; codes.len()];
            let mut stray = (0usize, 0.0f64, None);
            for f in &layer.features {
                let Some(v) = f.attributes.get(field).and_then(|v| {
                    v.as_f64()
                        .or_else(|| v.as_str().and_then(|t| t.trim().parse().ok()))
                }) else {
                    continue; // value-mandatory or value-range says so
                };
                let g = text_at(f, Some(group));
                // The longest unit code that prefixes the feature's unit code.
                let hit = codes
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !c.is_empty() && g.starts_with(c.as_str()))
                    .max_by_key(|(k, c)| (c.len(), std::cmp::Reverse(*k)))
                    .map(|(k, _)| k);
                match hit {
                    Some(k) => {
                        sums[k] += v;
                        counts[k] += 1;
                    }
                    None => {
                        stray.0 += 1;
                        stray.1 += v;
                        stray.2.get_or_insert(f.id.clone());
                    }
                }
            }
            let layer_code = cx.code(i);
            for (k, uf) in units.features.iter().enumerate() {
                let Some(want) = uf.attributes.get(control).and_then(|v| {
                    v.as_f64()
                        .or_else(|| v.as_str().and_then(|t| t.trim().parse().ok()))
                }) else {
                    continue;
                };
                let diff = sums[k] - want;
                if diff.abs() <= c.tolerance_m2 {
                    continue;
                }
                let mut x = cx.finding(
                    self.id(),
                    cfg,
                    u,
                    k,
                    format!(
                        "[{}] Σ {layer_code}.{} of the {} features with {} starting {} = {:.2} m², but {}.{} = {:.2} m² (differ by {} m², tolerance {})",
                        c.id,
                        c.field,
                        counts[k],
                        c.group_field,
                        codes[k],
                        sums[k],
                        cx.code(u),
                        c.control_field,
                        want,
                        fmt_num((diff * 100.0).round() / 100.0),
                        fmt_num(c.tolerance_m2)
                    ),
                )?;
                x.layers.push(layer_code.clone());
                x = x.with_value(c.control_field.clone(), fmt_num(want));
                out.push(x);
            }
            if stray.0 > 0 {
                let mut x = Finding::new(
                    self.id(),
                    cfg.severity,
                    vec![layer_code.clone()],
                    stray.2.into_iter().collect(),
                    format!(
                        "[{}] {} features of {layer_code} ({:.2} m²) have a {} in no unit of {}",
                        c.id,
                        stray.0,
                        stray.1,
                        c.group_field,
                        cx.code(u)
                    ),
                );
                x.field = Some(c.group_field.clone());
                out.push(x);
            }
        }
        Ok(())
    }
}
