//! Attribute values (属性值): mandatory values present, codes from their dictionaries, names
//! naming their codes, values matching their patterns and ranges, identifiers and numbers
//! unique.

use std::collections::BTreeMap;

use sanxian_rules::profile::expr::{Expr, Val};
use sanxian_rules::profile::{FieldSpec, Presence};
use sanxian_rules::{FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};
use sanxian_types::{Feature, Value};

use crate::{Context, Findings, Result, Rule};

/// `value-mandatory`.
pub const VALUE_MANDATORY: RuleId = RuleId(&RuleMeta {
    id: "value-mandatory",
    code: 4001,
    title_zh: "必填字段为空",
    title_en: "mandatory value missing",
    resolution: "Fill in the value.",
    severity: FindingSeverity::Error,
    stage: Stage::Attributes,
});

/// `value-dictionary`.
pub const VALUE_DICTIONARY: RuleId = RuleId(&RuleMeta {
    id: "value-dictionary",
    code: 4002,
    title_zh: "代码不在值域内",
    title_en: "value outside its code dictionary",
    resolution: "Use a code of the standard's dictionary.",
    severity: FindingSeverity::Error,
    stage: Stage::Attributes,
});

/// `code-name-mismatch`.
pub const CODE_NAME_MISMATCH: RuleId = RuleId(&RuleMeta {
    id: "code-name-mismatch",
    code: 4003,
    title_zh: "代码与名称不一致",
    title_en: "name does not match its code",
    resolution: "Write the name of the class the code stands for (or correct the code).",
    severity: FindingSeverity::Error,
    stage: Stage::Attributes,
});

/// `value-pattern`.
pub const VALUE_PATTERN: RuleId = RuleId(&RuleMeta {
    id: "value-pattern",
    code: 4004,
    title_zh: "值格式不符",
    title_en: "value not in its format",
    resolution:
        "Write the value in the standard's format (XZQDM: 6, 9 or 12 digits of a real division).",
    severity: FindingSeverity::Error,
    stage: Stage::Attributes,
});

/// `value-range`.
pub const VALUE_RANGE: RuleId = RuleId(&RuleMeta {
    id: "value-range",
    code: 4005,
    title_zh: "数值超出范围",
    title_en: "value out of range",
    resolution: "Correct the value.",
    severity: FindingSeverity::Error,
    stage: Stage::Attributes,
});

/// `value-unique`.
pub const VALUE_UNIQUE: RuleId = RuleId(&RuleMeta {
    id: "value-unique",
    code: 4006,
    title_zh: "值不唯一",
    title_en: "value not unique",
    resolution: "Give each feature its own identifier (BSM) or number within its unit.",
    severity: FindingSeverity::Error,
    stage: Stage::Attributes,
});

/// A value for messages: as written, `''` for a blank one.
pub(crate) fn shown(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(v) => v.to_string(),
    }
}

fn is_empty(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::Text(t)) => t.trim().is_empty(),
        _ => false,
    }
}

/// Runs `check` on every (feature, spec field present in the layer) of every layer with a
/// spec, in parallel per layer; findings come back in feature order, fields in spec order.
fn each_value<F>(
    cx: &Context<'_>,
    rule: RuleId,
    cfg: &RuleConfig,
    out: &mut Findings,
    check: F,
) -> Result<()>
where
    F: Fn(usize, usize, &Feature, &FieldSpec, &Value) -> Option<String> + Sync,
{
    for &i in cx.checked() {
        let Some(spec) = cx.spec(i) else { continue };
        let fields: Vec<(&FieldSpec, usize)> = spec
            .fields
            .iter()
            .zip(cx.spec_fields(i))
            .filter_map(|(s, at)| at.map(|k| (s, k)))
            .collect();
        if fields.is_empty() {
            continue;
        }
        let layer = cx.layer(i);
        out.extend(cx.each_feature_all(i, |k, f| {
            let mut found = Vec::new();
            for &(s, fi) in &fields {
                let v = f.attributes.get(fi).unwrap_or(&Value::Null);
                if let Some(m) = check(i, k, f, s, v) {
                    let mut x = cx
                        .finding(rule, cfg, i, k, m)?
                        .with_value(layer.fields[fi].name.clone(), shown(Some(v)));
                    x.location = super::first_vertex(&f.geometry);
                    found.push(x);
                }
            }
            Ok(found)
        })?);
    }
    Ok(())
}

/// Mandatory values (M, and C where the field's condition holds) that are null or blank.
pub struct ValueMandatory;

impl Rule for ValueMandatory {
    fn meta(&self) -> &'static RuleMeta {
        VALUE_MANDATORY.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        // Conditions parse: the profile was validated when it was read.
        let whens: BTreeMap<(usize, String), Expr> = cx
            .checked()
            .iter()
            .filter_map(|&i| cx.spec(i).map(|s| (i, s)))
            .flat_map(|(i, s)| {
                s.fields.iter().filter_map(move |f| {
                    let e = Expr::parse(f.when.as_deref()?).ok()?;
                    Some(((i, f.name.clone()), e))
                })
            })
            .collect();
        each_value(cx, self.id(), cfg, out, |i, k, _, s, v| {
            if !is_empty(Some(v)) {
                return None;
            }
            match s.presence {
                Presence::M => Some(format!("{} is empty; the standard requires it", s.name)),
                Presence::C => {
                    let e = whens.get(&(i, s.name.clone()))?;
                    let get = |n: &str| cx.value(i, k, n);
                    (e.eval(&get, 0.0) == Val::Bool(true)).then(|| {
                        format!(
                            "{} is empty; the standard requires it where {}",
                            s.name,
                            s.when.as_deref().unwrap_or_default()
                        )
                    })
                }
                Presence::O => None,
            }
        })
    }
}

/// Values outside the field's dictionary or list of values.
pub struct ValueDictionary;

impl Rule for ValueDictionary {
    fn meta(&self) -> &'static RuleMeta {
        VALUE_DICTIONARY.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let dicts = &cx.profile().dictionaries;
        each_value(cx, self.id(), cfg, out, |_, _, _, s, v| {
            if is_empty(Some(v)) {
                return None;
            }
            let text = v.to_string();
            let text = text.trim();
            if let Some(d) = s
                .dictionary
                .as_ref()
                .and_then(|d| dicts.get(d).map(|x| (d, x)))
            {
                if d.1.lookup(text).is_none() {
                    return Some(format!(
                        "{} = '{text}' is not in the dictionary {} ({})",
                        s.name, d.0, d.1.title
                    ));
                }
            }
            if !s.values.is_empty()
                && !s
                    .values
                    .iter()
                    .any(|x| crate::recognise::value_matches(x, text))
            {
                return Some(format!(
                    "{} = '{text}' is not one of {}",
                    s.name,
                    s.values.join(", ")
                ));
            }
            None
        })
    }
}

/// Name fields (DLMC) that do not name the class of their code field (DLBM).
pub struct CodeNameMismatch;

impl Rule for CodeNameMismatch {
    fn meta(&self) -> &'static RuleMeta {
        CODE_NAME_MISMATCH.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let profile = cx.profile();
        each_value(cx, self.id(), cfg, out, |i, k, _, s, v| {
            let code_field = s.names.as_deref()?;
            if is_empty(Some(v)) {
                return None;
            }
            let spec = cx.spec(i)?;
            let dict = spec
                .field(code_field)
                .and_then(|c| c.dictionary.as_ref())
                .and_then(|d| profile.dictionaries.get(d))?;
            let code = match cx.value(i, k, code_field) {
                Val::Text(t) => t,
                Val::Num(x) => sanxian_rules::profile::expr::fmt_num(x),
                _ => return None,
            };
            let names = dict.names_of(&code);
            let name = v.to_string();
            let name = name.trim();
            if names.is_empty() || names.iter().any(|n| n == name) {
                return None;
            }
            Some(format!(
                "{} = '{name}' does not name {code_field} {code} ({})",
                s.name, names[0]
            ))
        })
    }
}

/// Values that do not match the field's pattern.
pub struct ValuePattern;

impl Rule for ValuePattern {
    fn meta(&self) -> &'static RuleMeta {
        VALUE_PATTERN.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        let mut patterns: BTreeMap<&str, regex::Regex> = BTreeMap::new();
        for &i in cx.checked() {
            for f in cx.spec(i).map(|s| s.fields.as_slice()).unwrap_or_default() {
                if let Some(p) = &f.pattern {
                    if let Ok(r) = regex::Regex::new(&format!("^(?:{p})$")) {
                        patterns.insert(p.as_str(), r);
                    }
                }
            }
        }
        each_value(cx, self.id(), cfg, out, |_, _, _, s, v| {
            let p = s.pattern.as_deref()?;
            if is_empty(Some(v)) {
                return None;
            }
            let text = v.to_string();
            let text = text.trim();
            if patterns.get(p).is_none_or(|r| r.is_match(text)) {
                return None;
            }
            Some(format!(
                "{} = '{text}' does not have the standard's format ({p})",
                s.name
            ))
        })
    }
}

/// Numbers outside the field's range, and text where a number is required.
pub struct ValueRange;

impl Rule for ValueRange {
    fn meta(&self) -> &'static RuleMeta {
        VALUE_RANGE.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        each_value(cx, self.id(), cfg, out, |_, _, _, s, v| {
            let r = s.range?;
            if is_empty(Some(v)) {
                return None;
            }
            let x = match v {
                Value::Integer(i) => *i as f64,
                Value::Real(x) => *x,
                other => match other.to_string().trim().parse::<f64>() {
                    Ok(x) => x,
                    Err(_) => {
                        return Some(format!("{} = '{other}' is not a number", s.name));
                    }
                },
            };
            if x.is_nan() || !r.contains(x) {
                return Some(format!("{} = {v} is outside {r}", s.name));
            }
            None
        })
    }
}

/// Values that must be unique in the layer (BSM) or within their unit (TBBH within ZLDWDM)
/// and are not: one finding per value, naming every feature that has it.
pub struct ValueUnique;

impl Rule for ValueUnique {
    fn meta(&self) -> &'static RuleMeta {
        VALUE_UNIQUE.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for &i in cx.checked() {
            let Some(spec) = cx.spec(i) else { continue };
            cx.warm(i)?;
            let layer = cx.layer(i);
            for (s, at) in spec.fields.iter().zip(cx.spec_fields(i)) {
                let Some(fi) = *at else { continue };
                if !s.unique && s.unique_within.is_none() {
                    continue;
                }
                let unit = s.unique_within.as_deref().and_then(|u| cx.field(i, u));
                if s.unique_within.is_some() && unit.is_none() {
                    continue; // the unit field is missing: field-missing says so
                }
                let mut groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
                for (k, f) in layer.features.iter().enumerate() {
                    let v = f.attributes.get(fi);
                    if is_empty(v) {
                        continue;
                    }
                    let u = unit.map(|u| shown(f.attributes.get(u))).unwrap_or_default();
                    groups
                        .entry((u, shown(v).trim().to_string()))
                        .or_default()
                        .push(k);
                }
                let name = &layer.fields[fi].name;
                for ((u, v), ks) in groups.into_iter().filter(|(_, ks)| ks.len() > 1) {
                    let records: Vec<String> = ks
                        .iter()
                        .map(|&k| layer.features[k].id.record.to_string())
                        .collect();
                    let within = match &s.unique_within {
                        Some(w) => format!(" within {w} {u}"),
                        None => String::new(),
                    };
                    let mut x = cx
                        .finding(
                            self.id(),
                            cfg,
                            i,
                            ks[0],
                            format!(
                                "{name} {v} is used by {} features{within}: records {}",
                                ks.len(),
                                records.join(", ")
                            ),
                        )?
                        .with_value(name.clone(), v);
                    x.features = ks.iter().map(|&k| layer.features[k].id.clone()).collect();
                    x.location = super::first_vertex(&layer.features[ks[0]].geometry);
                    out.push(x);
                }
            }
        }
        Ok(())
    }
}
