//! Conditional attribute logic: the profile's "where … then …" rules between fields.

use sanxian_rules::profile::expr::{Expr, Val};
use sanxian_rules::{FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};

use crate::{Context, FieldRefs, Findings, Result, Rule};

/// `value-condition`.
pub const VALUE_CONDITION: RuleId = RuleId(&RuleMeta {
    id: "value-condition",
    code: 4301,
    title_zh: "属性逻辑不符",
    title_en: "conditional rule not met",
    resolution: "Correct the fields so that the profile's rule holds (its message says which).",
    severity: FindingSeverity::Warning,
    stage: Stage::Attributes,
});

/// Features where a condition of the profile applies (`when`) and its requirement (`then`)
/// does not hold. A requirement on an empty field fails (CZCSXM = '204' with CZCSXM blank);
/// a condition that cannot be decided (an empty field in `when`) does not apply.
pub struct ValueCondition;

impl Rule for ValueCondition {
    fn meta(&self) -> &'static RuleMeta {
        VALUE_CONDITION.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for c in &cx.profile().conditions {
            let Some(i) = cx.bound(&c.layer) else {
                continue;
            };
            // Both parse: the profile was validated when it was read.
            let when = match c.when.as_deref().map(Expr::parse).transpose() {
                Ok(w) => w,
                Err(_) => continue,
            };
            let Ok(then) = Expr::parse(&c.then) else {
                continue;
            };
            let fields = then.fields();
            let Some(first) = fields.first().map(|f| f.to_string()) else {
                continue;
            };
            // A rule over a field the layer lacks is not judged: field-missing says so.
            if then
                .fields()
                .iter()
                .chain(when.as_ref().map(|w| w.fields()).unwrap_or_default().iter())
                .any(|f| cx.field(i, f).is_none())
            {
                continue;
            }
            let severity = c
                .level
                .and_then(FindingSeverity::from_level)
                .unwrap_or(cfg.severity);
            let layer = cx.layer(i);
            let fi = cx.field(i, &first);
            let refs = FieldRefs::new(
                cx,
                i,
                then.fields()
                    .into_iter()
                    .chain(when.as_ref().map(|w| w.fields()).unwrap_or_default()),
            );
            out.extend(cx.each_feature_all(i, |k, f| {
                let get = |n: &str| refs.value(f, n);
                if let Some(w) = &when {
                    if w.eval(&get, 0.0) != Val::Bool(true) {
                        return Ok(Vec::new());
                    }
                }
                if then.eval(&get, 0.0) == Val::Bool(true) {
                    return Ok(Vec::new());
                }
                let shown: Vec<String> =
                    fields.iter().map(|n| format!("{n} = {}", get(n))).collect();
                let what = c.message.clone().unwrap_or_else(|| match &c.when {
                    Some(w) => format!("where {w}: {}", c.then),
                    None => c.then.clone(),
                });
                let mut x = cx
                    .finding(
                        self.id(),
                        cfg,
                        i,
                        k,
                        format!("[{}] {what}; here {}", c.id, shown.join(", ")),
                    )?
                    .with_value(
                        fi.map(|fi| layer.fields[fi].name.clone())
                            .unwrap_or_else(|| first.clone()),
                        super::values::shown(fi.and_then(|fi| f.attributes.get(fi))),
                    );
                x.severity = severity;
                x.location = super::first_vertex(&f.geometry);
                Ok(vec![x])
            })?);
        }
        Ok(())
    }
}
