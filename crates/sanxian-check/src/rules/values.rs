//! Attribute values (属性值): mandatory values present, codes from their dictionaries, names
//! naming their codes, values matching their patterns and ranges, identifiers and numbers
//! unique.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;

use sanxian_rules::profile::expr::{Expr, Val};
use sanxian_rules::profile::{Dictionary, FieldSpec, Presence};
use sanxian_rules::{FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};
use sanxian_types::{Feature, Value};

use crate::{text_of, Context, FieldRefs, Findings, Result, Rule};

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
        Some(Value::Text(t)) => crate::trimmed(t).is_empty(),
        _ => false,
    }
}

/// Runs `check` on every (feature, spec field present in the layer for which `applies`) of
/// every layer with a spec, in parallel per layer; findings come back in feature order,
/// fields in spec order.
fn each_value<A, F>(
    cx: &Context<'_>,
    rule: RuleId,
    cfg: &RuleConfig,
    out: &mut Findings,
    applies: A,
    check: F,
) -> Result<()>
where
    A: Fn(&FieldSpec) -> bool,
    F: Fn(usize, &Feature, &FieldSpec, &Value) -> Option<String> + Sync,
{
    for &i in cx.checked() {
        let Some(spec) = cx.spec(i) else { continue };
        let fields: Vec<(&FieldSpec, usize)> = spec
            .fields
            .iter()
            .zip(cx.spec_fields(i))
            .filter(|(s, _)| applies(s))
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
                if let Some(m) = check(i, f, s, v) {
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
        // Conditions parse: the profile was validated when it was read. Per layer: each
        // conditional field's condition, and the fields the conditions read.
        let mut whens: BTreeMap<(usize, &str), Expr> = BTreeMap::new();
        let mut refs: BTreeMap<usize, FieldRefs> = BTreeMap::new();
        for &i in cx.checked() {
            let Some(spec) = cx.spec(i) else { continue };
            for f in &spec.fields {
                if let Some(e) = f.when.as_deref().and_then(|w| Expr::parse(w).ok()) {
                    whens.insert((i, f.name.as_str()), e);
                }
            }
            let names: Vec<&str> = whens
                .iter()
                .filter(|((j, _), _)| *j == i)
                .flat_map(|(_, e)| e.fields())
                .collect();
            refs.insert(i, FieldRefs::new(cx, i, names));
        }
        let applies = |s: &FieldSpec| matches!(s.presence, Presence::M | Presence::C);
        each_value(cx, self.id(), cfg, out, applies, |i, f, s, v| {
            if !is_empty(Some(v)) {
                return None;
            }
            match s.presence {
                Presence::M => Some(format!("{} is empty; the standard requires it", s.name)),
                Presence::C => {
                    let e = whens.get(&(i, s.name.as_str()))?;
                    let r = &refs[&i];
                    let get = |n: &str| r.value(f, n);
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
        let applies = |s: &FieldSpec| s.dictionary.is_some() || !s.values.is_empty();
        each_value(cx, self.id(), cfg, out, applies, |_, _, s, v| {
            if is_empty(Some(v)) {
                return None;
            }
            let text = text_of(v);
            let text = text.as_ref();
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
        // Per layer: (name field, position of its code field, the code's dictionary).
        let mut pairs: BTreeMap<usize, Vec<(&str, usize, &Dictionary)>> = BTreeMap::new();
        for &i in cx.checked() {
            let Some(spec) = cx.spec(i) else { continue };
            for f in &spec.fields {
                let Some(code_field) = f.names.as_deref() else {
                    continue;
                };
                let dict = spec
                    .field(code_field)
                    .and_then(|c| c.dictionary.as_ref())
                    .and_then(|d| profile.dictionaries.get(d));
                if let (Some(at), Some(dict)) = (cx.field(i, code_field), dict) {
                    pairs
                        .entry(i)
                        .or_default()
                        .push((f.name.as_str(), at, dict));
                }
            }
        }
        let applies = |s: &FieldSpec| s.names.is_some();
        each_value(cx, self.id(), cfg, out, applies, |i, f, s, v| {
            let &(_, at, dict) = pairs.get(&i)?.iter().find(|p| p.0 == s.name)?;
            if is_empty(Some(v)) {
                return None;
            }
            let code = match f.attributes.get(at)? {
                Value::Real(x) => Cow::Owned(sanxian_rules::profile::expr::fmt_num(*x)),
                other => text_of(other),
            };
            let name = text_of(v);
            if code.is_empty() || dict.names_match(&code, &name) != Some(false) {
                return None;
            }
            let names = dict.names_of(&code);
            Some(format!(
                "{} = '{name}' does not name {} {code} ({})",
                s.name,
                s.names.as_deref().unwrap_or_default(),
                names[0]
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
        let applies = |s: &FieldSpec| s.pattern.is_some();
        each_value(cx, self.id(), cfg, out, applies, |_, _, s, v| {
            let p = s.pattern.as_deref()?;
            if is_empty(Some(v)) {
                return None;
            }
            let text = text_of(v);
            let text = text.as_ref();
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
        let applies = |s: &FieldSpec| s.range.is_some();
        each_value(cx, self.id(), cfg, out, applies, |_, _, s, v| {
            let r = s.range?;
            if is_empty(Some(v)) {
                return None;
            }
            let x = match v {
                Value::Integer(i) => *i as f64,
                Value::Real(x) => *x,
                other => match text_of(other).parse::<f64>() {
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
                // (hash of (unit, value), feature) of every feature with a value, sorted:
                // features with equal keys are in runs of equal hashes, in feature order.
                // Sorting 10⁵ integers beats sorting or hashing into a table 10⁵ identifiers
                // sharing long prefixes, which cost more than the rest of the value checks.
                let key = |k: usize| -> Option<(Cow<'_, str>, Cow<'_, str>)> {
                    let f = &layer.features[k];
                    let v = f.attributes.get(fi).filter(|v| !is_empty(Some(v)))?;
                    let u = unit
                        .and_then(|u| f.attributes.get(u))
                        .map_or(Cow::Borrowed(""), text_of);
                    Some((u, text_of(v)))
                };
                let mut hashed: Vec<(u64, usize)> = (0..layer.features.len())
                    .into_par_iter()
                    .filter_map(|k| {
                        let mut h = DefaultHasher::new();
                        key(k)?.hash(&mut h);
                        Some((h.finish(), k))
                    })
                    .collect();
                hashed.par_sort_unstable();
                let mut twice: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
                for run in hashed.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
                    // Equal hashes, most likely equal keys: group by the key itself.
                    let mut by_key: BTreeMap<(Cow<'_, str>, Cow<'_, str>), Vec<usize>> =
                        BTreeMap::new();
                    for &(_, k) in run {
                        if let Some(kk) = key(k) {
                            by_key.entry(kk).or_default().push(k);
                        }
                    }
                    for ((u, v), ks) in by_key.into_iter().filter(|(_, ks)| ks.len() > 1) {
                        twice.insert((u.into_owned(), v.into_owned()), ks);
                    }
                }
                let name = &layer.fields[fi].name;
                for ((u, v), ks) in twice {
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
