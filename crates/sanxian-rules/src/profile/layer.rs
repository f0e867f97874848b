//! What a profile says of one layer and of each of its fields.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Interval;

/// A layer of the standard: how it is named and recognised, its geometry rules and its fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerSpec {
    /// Standard layer code (`STBHHX` …): the name findings report it under.
    pub code: String,
    /// Chinese name.
    pub name: String,
    /// What it holds: `redline`, `farmland`, `urban`, `admin`, `survey`, or `other`.
    pub kind: String,
    /// A required layer missing or empty fails the delivery.
    #[serde(default)]
    pub required: bool,
    /// Geometry type; only `polygon` is checked today.
    #[serde(default = "polygon")]
    pub geometry: String,
    /// Other names of its file or container layer (Chinese file names, older codes). Matched
    /// like the code: whole name, or a prefix or suffix separated by `_`, `-`, `.`, a space or
    /// digits; a Chinese alias anywhere in the name.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The field whose listed `values` identify the layer (its element code, `YSDM`): a layer
    /// whose name says nothing is recognised when most of its features carry one of them.
    #[serde(default = "ysdm")]
    pub identify_by: String,
    /// Whether the layer must tile its area without gaps (XZQ, DLTB).
    #[serde(default)]
    pub tiles: bool,
    /// Whether features may have holes.
    #[serde(default = "yes")]
    pub holes: bool,
    /// Whether features may have several parts.
    #[serde(default = "yes")]
    pub multipart: bool,
    /// Whether the features must lie inside the administrative area (XZQ).
    #[serde(default)]
    pub within_admin: bool,
    /// The field holding the declared area (m²) to compare with the ellipsoid area.
    #[serde(default)]
    pub area_field: Option<String>,
    /// The field holding the administrative code to compare with the county it lies in.
    #[serde(default)]
    pub admin_code_field: Option<String>,
    /// Where the structure comes from.
    pub source: String,
    /// The fields, in the standard's order.
    #[serde(default, rename = "field")]
    pub fields: Vec<FieldSpec>,
}

fn ysdm() -> String {
    "YSDM".into()
}

fn polygon() -> String {
    "polygon".into()
}

fn yes() -> bool {
    true
}

impl LayerSpec {
    /// The field spec named `name` (or having it as an alias), case-insensitively.
    pub fn field(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.answers_to(name))
    }
}

/// Field types as the standards' tables write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// `C` 字符型 (Char): text.
    Text,
    /// `N` 数值型: a number, whole or with decimals.
    Numeric,
    /// `I` 整型 (Int): a whole number.
    Integer,
    /// `D` 双精度 (Float, Double): a number with decimals.
    Double,
    /// `date` 日期型.
    Date,
}

impl FieldKind {
    /// The letter of the standards' tables.
    pub fn letter(self) -> &'static str {
        match self {
            FieldKind::Text => "C",
            FieldKind::Numeric => "N",
            FieldKind::Integer => "I",
            FieldKind::Double => "D",
            FieldKind::Date => "date",
        }
    }

    fn parse(s: &str) -> Option<FieldKind> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "c" | "char" | "text" | "string" => FieldKind::Text,
            "n" | "numeric" | "number" => FieldKind::Numeric,
            "i" | "int" | "integer" => FieldKind::Integer,
            "d" | "double" | "float" | "real" => FieldKind::Double,
            "date" => FieldKind::Date,
            _ => return None,
        })
    }
}

impl fmt::Display for FieldKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.letter())
    }
}

impl Serialize for FieldKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.letter())
    }
}

impl<'de> Deserialize<'de> for FieldKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FieldKind, D::Error> {
        let s = String::deserialize(d)?;
        FieldKind::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "type '{s}' is not one of C, N, I, D, date (Char, Int, Float, Double, Date)"
            ))
        })
    }
}

/// Whether a value must be present: 必选 M, 条件必选 C (when its condition holds), 可选 O.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Presence {
    /// Mandatory.
    M,
    /// Conditional: mandatory when the field's `when` holds.
    C,
    /// Optional.
    O,
}

/// A field of a layer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Standard name.
    pub name: String,
    /// Other names accepted for it (`XJXZQDM` for `XZQDM` …).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Chinese name (for messages).
    #[serde(default)]
    pub title: Option<String>,
    /// Type.
    #[serde(rename = "type")]
    pub kind: FieldKind,
    /// Length (characters of a C field as bytes in the file's encoding, digits of a number).
    #[serde(default)]
    pub length: Option<u16>,
    /// Decimals of a number.
    #[serde(default)]
    pub decimals: Option<u8>,
    /// M, C or O.
    #[serde(default = "optional")]
    pub presence: Presence,
    /// For `presence = "C"`: when the value is required (an expression over the layer's fields).
    #[serde(default)]
    pub when: Option<String>,
    /// Name of the code dictionary the value must come from.
    #[serde(default)]
    pub dictionary: Option<String>,
    /// Allowed values listed here (the YSDM of a layer …); `*` at the end matches a prefix.
    #[serde(default)]
    pub values: Vec<String>,
    /// For a name field (DLMC): the code field whose class it must name, in its dictionary.
    #[serde(default)]
    pub names: Option<String>,
    /// A regular expression the whole value must match.
    #[serde(default)]
    pub pattern: Option<String>,
    /// The numeric range, e.g. `(0, inf)`.
    #[serde(default)]
    pub range: Option<Interval>,
    /// Values must be unique in the layer.
    #[serde(default)]
    pub unique: bool,
    /// Values must be unique among the features with the same value of this field (numbering
    /// within its unit: TBBH within ZLDWDM).
    #[serde(default)]
    pub unique_within: Option<String>,
    /// Where the definition comes from.
    #[serde(default)]
    pub source: Option<String>,
}

fn optional() -> Presence {
    Presence::O
}

impl FieldSpec {
    /// Whether `name` is this field's name or an alias (case-insensitive).
    pub fn answers_to(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    }

    /// `C12`, `N(15,2)`, `I` …, as the standards write a field's type.
    pub fn type_text(&self) -> String {
        match (self.length, self.decimals) {
            (Some(l), Some(d)) => format!("{}({l},{d})", self.kind.letter()),
            (Some(l), None) => format!("{}{l}", self.kind.letter()),
            _ => self.kind.letter().to_string(),
        }
    }
}
