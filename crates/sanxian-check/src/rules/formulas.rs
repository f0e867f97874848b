//! Area arithmetic between fields: the profile's formulas (TBDLMJ = TBMJ − KCMJ) within their
//! tolerance.

use sanxian_rules::profile::expr::{fmt_num, Expr, Val};
use sanxian_rules::{FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};

use crate::{Context, FieldRefs, Findings, Result, Rule};

/// `area-formula`.
pub const AREA_FORMULA: RuleId = RuleId(&RuleMeta {
    id: "area-formula",
    code: 5201,
    title_zh: "面积字段计算关系不符",
    title_en: "area fields do not add up",
    resolution: "Recompute the derived area field from the others (to 2 decimals).",
    severity: FindingSeverity::Warning,
    stage: Stage::Attributes,
});

/// Features where a formula of the profile applies and its two sides differ by more than its
/// tolerance. A side that cannot be computed (an empty field) is not judged: value-mandatory
/// reports the empty field.
pub struct AreaFormula;

impl Rule for AreaFormula {
    fn meta(&self) -> &'static RuleMeta {
        AREA_FORMULA.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for fo in &cx.profile().formulas {
            let Some(i) = cx.bound(&fo.layer) else {
                continue;
            };
            let when = match fo.when.as_deref().map(Expr::parse).transpose() {
                Ok(w) => w,
                Err(_) => continue,
            };
            let Ok(check) = Expr::parse(&fo.check) else {
                continue;
            };
            let Some((left, _, right)) = check.sides() else {
                continue;
            };
            if check.fields().iter().any(|f| cx.field(i, f).is_none()) {
                continue; // field-missing says so
            }
            let severity = fo
                .level
                .and_then(FindingSeverity::from_level)
                .unwrap_or(cfg.severity);
            let layer = cx.layer(i);
            let target = match left {
                Expr::Field(n) => cx.field(i, n),
                _ => None,
            };
            let refs = FieldRefs::new(
                cx,
                i,
                check
                    .fields()
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
                if check.eval(&get, fo.tolerance) != Val::Bool(false) {
                    return Ok(Vec::new());
                }
                let (l, r) = (left.eval(&get, 0.0), right.eval(&get, 0.0));
                let diff = match (&l, &r) {
                    (Val::Num(a), Val::Num(b)) => format!(", differ by {}", fmt_num(a - b)),
                    _ => String::new(),
                };
                let mut x = cx.finding(
                    self.id(),
                    cfg,
                    i,
                    k,
                    format!(
                        "[{}] {}: {l} but {r}{diff} (tolerance {})",
                        fo.id,
                        fo.check,
                        fmt_num(fo.tolerance)
                    ),
                )?;
                if let Some(t) = target {
                    x = x.with_value(
                        layer.fields[t].name.clone(),
                        super::values::shown(f.attributes.get(t)),
                    );
                }
                x.severity = severity;
                x.location = super::first_vertex(&f.geometry);
                Ok(vec![x])
            })?);
        }
        Ok(())
    }
}
