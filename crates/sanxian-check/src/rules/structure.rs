//! Attribute structure (属性结构): every field of the standard present, of its type, length
//! and decimals; fields the standard does not list reported as information.

use sanxian_rules::profile::{FieldKind, FieldSpec};
use sanxian_rules::{Finding, FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};
use sanxian_types::{Field, FieldType, Layer, SourceFormat, Value};

use crate::{Context, Findings, Result, Rule};

/// `field-missing`.
pub const FIELD_MISSING: RuleId = RuleId(&RuleMeta {
    id: "field-missing",
    code: 3001,
    title_zh: "缺少字段",
    title_en: "field missing",
    resolution: "Add the field with the standard's name, type and length.",
    severity: FindingSeverity::Error,
    stage: Stage::Structure,
});

/// `field-type`.
pub const FIELD_TYPE: RuleId = RuleId(&RuleMeta {
    id: "field-type",
    code: 3002,
    title_zh: "字段类型不符",
    title_en: "field of the wrong type",
    resolution: "Change the field to the standard's type (text codes as C, areas as N …), keeping leading zeros of codes.",
    severity: FindingSeverity::Error,
    stage: Stage::Structure,
});

/// `field-length`.
pub const FIELD_LENGTH: RuleId = RuleId(&RuleMeta {
    id: "field-length",
    code: 3003,
    title_zh: "字段长度或小数位不符",
    title_en: "field length or decimals not as the standard",
    resolution: "Set the field's length and decimals to the standard's.",
    severity: FindingSeverity::Warning,
    stage: Stage::Structure,
});

/// `field-extra`.
pub const FIELD_EXTRA: RuleId = RuleId(&RuleMeta {
    id: "field-extra",
    code: 3004,
    title_zh: "多余字段",
    title_en: "field not in the standard",
    resolution: "Nothing to do if the field is wanted; the standard does not list it.",
    severity: FindingSeverity::Info,
    stage: Stage::Structure,
});

fn finding(rule: RuleId, cfg: &RuleConfig, layer: String, field: &str, m: String) -> Finding {
    let mut x = Finding::new(rule, cfg.severity, vec![layer], Vec::new(), m);
    x.field = Some(field.to_string());
    x
}

/// How a field of the file is typed, as the standards' tables write it.
fn file_type(f: &Field) -> String {
    let letter = match f.field_type {
        FieldType::Text => "C",
        FieldType::Integer => "N (integer)",
        FieldType::Real => "N",
        FieldType::Boolean => "L (logical)",
        FieldType::Date => "date",
    };
    match (f.width, f.decimals) {
        (Some(w), Some(d)) if d > 0 => format!("{letter}({w},{d})"),
        (Some(w), _) => format!("{letter}{w}"),
        _ => letter.to_string(),
    }
}

/// Whether the field of the file has the spec's type. Formats without declared types
/// (GeoJSON) tell the type by the values: a field without any value is not judged.
fn type_fits(spec: &FieldSpec, f: &Field, layer: &Layer, index: usize) -> bool {
    let declared = layer.format != SourceFormat::GeoJson;
    if !declared
        && layer
            .features
            .iter()
            .all(|x| matches!(x.attributes.get(index), None | Some(Value::Null)))
    {
        return true;
    }
    match spec.kind {
        FieldKind::Text => f.field_type == FieldType::Text,
        FieldKind::Integer => f.field_type == FieldType::Integer,
        FieldKind::Numeric | FieldKind::Double => {
            matches!(f.field_type, FieldType::Integer | FieldType::Real)
        }
        FieldKind::Date => {
            f.field_type == FieldType::Date || (!declared && f.field_type == FieldType::Text)
        }
    }
}

/// Fields of the standard the layer does not have (by name or alias).
pub struct FieldMissing;

impl Rule for FieldMissing {
    fn meta(&self) -> &'static RuleMeta {
        FIELD_MISSING.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for &i in cx.checked() {
            let Some(spec) = cx.spec(i) else { continue };
            for (f, at) in spec.fields.iter().zip(cx.spec_fields(i)) {
                if at.is_some() {
                    continue;
                }
                let also = if f.aliases.is_empty() {
                    String::new()
                } else {
                    format!(" (or {})", f.aliases.join(", "))
                };
                out.push(finding(
                    self.id(),
                    cfg,
                    cx.code(i),
                    &f.name,
                    format!(
                        "{} has no field {}{also}{}, {}; its fields are: {}",
                        cx.layer(i).path,
                        f.name,
                        f.title
                            .as_deref()
                            .map(|t| format!(" {t}"))
                            .unwrap_or_default(),
                        f.type_text(),
                        cx.layer(i).field_list()
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Fields of another type than the standard's.
pub struct FieldTypeMismatch;

impl Rule for FieldTypeMismatch {
    fn meta(&self) -> &'static RuleMeta {
        FIELD_TYPE.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for &i in cx.checked() {
            let Some(spec) = cx.spec(i) else { continue };
            let layer = cx.layer(i);
            for (s, at) in spec.fields.iter().zip(cx.spec_fields(i)) {
                let Some(k) = *at else { continue };
                let f = &layer.fields[k];
                if type_fits(s, f, layer, k) {
                    continue;
                }
                let mut x = finding(
                    self.id(),
                    cfg,
                    cx.code(i),
                    &f.name,
                    format!(
                        "{} is {} in {}; the standard has {}",
                        f.name,
                        file_type(f),
                        layer.path,
                        s.type_text()
                    ),
                );
                x.value = Some(file_type(f));
                out.push(x);
            }
        }
        Ok(())
    }
}

/// Fields whose declared length or decimals differ from the standard's (formats that declare
/// them: DBF, GeoPackage text widths).
pub struct FieldLength;

impl Rule for FieldLength {
    fn meta(&self) -> &'static RuleMeta {
        FIELD_LENGTH.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for &i in cx.checked() {
            let Some(spec) = cx.spec(i) else { continue };
            let layer = cx.layer(i);
            for (s, at) in spec.fields.iter().zip(cx.spec_fields(i)) {
                let Some(k) = *at else { continue };
                let f = &layer.fields[k];
                if !type_fits(s, f, layer, k) {
                    continue; // field-type says it
                }
                let mut wrong = Vec::new();
                if let (Some(want), Some(have)) = (s.length, f.width) {
                    // A DBF text field holds at most 254 bytes: C255 and longer are met by 254.
                    let dbf_max = layer.format == SourceFormat::Shapefile
                        && f.field_type == FieldType::Text
                        && want > 254
                        && have == 254;
                    if want != have && !dbf_max {
                        wrong.push(format!("length {have} (standard {want})"));
                    }
                }
                if let (Some(want), Some(_)) = (s.decimals, f.width) {
                    let have = f.decimals.unwrap_or(0);
                    if want != have {
                        wrong.push(format!("{have} decimals (standard {want})"));
                    }
                }
                if wrong.is_empty() {
                    continue;
                }
                let mut x = finding(
                    self.id(),
                    cfg,
                    cx.code(i),
                    &f.name,
                    format!(
                        "{} is {} in {}: {}",
                        f.name,
                        file_type(f),
                        layer.path,
                        wrong.join(", ")
                    ),
                );
                x.value = Some(file_type(f));
                out.push(x);
            }
        }
        Ok(())
    }
}

/// Fields the standard does not list.
pub struct FieldExtra;

impl Rule for FieldExtra {
    fn meta(&self) -> &'static RuleMeta {
        FIELD_EXTRA.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for &i in cx.checked() {
            let Some(spec) = cx.spec(i) else { continue };
            let layer = cx.layer(i);
            for (k, f) in layer.fields.iter().enumerate() {
                if cx.spec_fields(i).contains(&Some(k)) {
                    continue;
                }
                out.push(finding(
                    self.id(),
                    cfg,
                    cx.code(i),
                    &f.name,
                    format!(
                        "{} has the field {} ({}), which the standard does not list for {}",
                        layer.path,
                        f.name,
                        file_type(f),
                        spec.code
                    ),
                ));
            }
        }
        Ok(())
    }
}
