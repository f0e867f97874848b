//! Standard profiles: what a delivery must hold, as data.
//!
//! A profile (one TOML file) declares the layers of a standard (name, aliases, element codes,
//! geometry rules), the fields of each (type, length, presence, dictionary, pattern, range,
//! uniqueness), the code dictionaries, conditional rules and formulas between fields, sums that
//! must equal control areas, the mathematical basis (datum, projection, zones, precision),
//! tolerances, and the level and parameters of each rule of the check engine. Every entry
//! says where it comes from (`source`). Provincial variants are copies of a built-in profile
//! with their changes: `sanxian profile` prints one to start from.
//!
//! The built-in profiles are [`Profile::builtin`]: `three-lines` (the default: STBHHX,
//! YJJBNTBHTB, CZKFBJ, XZQ, optional DLTB) and `dltb-3rd-survey` (a third-land-survey DLTB
//! delivery).

mod checks;
mod dictionary;
pub mod expr;
mod extends;
mod interval;
mod layer;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use checks::{Condition, ControlSum, Formula};
pub use dictionary::Dictionary;
pub use interval::Interval;
pub use layer::{FieldKind, FieldSpec, LayerSpec, Presence};

use crate::{Error, Result};

/// The built-in profiles: (name, TOML text).
pub const BUILTIN: [(&str, &str); 2] = [
    (
        "three-lines",
        include_str!("../../profiles/three-lines.toml"),
    ),
    (
        "dltb-3rd-survey",
        include_str!("../../profiles/dltb-3rd-survey.toml"),
    ),
];

/// What the profile is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileInfo {
    /// Short name (`three-lines`).
    pub id: String,
    /// Title.
    pub title: String,
    /// Version of the profile (not of sanxian).
    pub version: String,
    /// Where its content comes from, overall.
    pub source: String,
    /// What it is for.
    #[serde(default)]
    pub description: Option<String>,
    /// The profile it starts from: a built-in name or a path relative to this file.
    #[serde(default)]
    pub extends: Option<String>,
}

/// The mathematical basis a delivery must have (数学基础).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MathSpec {
    /// Required datum: `CGCS2000` (or `Xian1980`, `Beijing1954`, `WGS84` for other standards).
    pub datum: String,
    /// Required projection of projected layers: `gauss-kruger` or `any`.
    pub projection: String,
    /// Zone width of Gauss-Krüger layers: 3, 6, or 0 for either.
    #[serde(default)]
    pub zone_width: u8,
    /// Zone number before the eastings: `required`, `forbidden` or `any`.
    #[serde(default = "any")]
    pub zone_prefix: String,
    /// Layers that may be delivered in geographic coordinates (`*`: any layer).
    #[serde(default)]
    pub geographic_layers: Vec<String>,
    /// Coordinate precision of projected layers, m (a power of ten: 0.0001).
    pub precision_m: f64,
    /// Coordinate precision of geographic layers, degrees (a power of ten).
    pub precision_deg: f64,
    /// Where it comes from.
    pub source: String,
}

fn any() -> String {
    "any".into()
}

/// What a delivery may hold besides its layers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliverySpec {
    /// File names of documents a delivery may hold beside the layers (metadata, reports,
    /// tables); `*` matches any characters, case is ignored. Other files that are not layers
    /// are findings (`entry-unrecognised`).
    #[serde(default)]
    pub documents: Vec<String>,
    /// Where it comes from.
    #[serde(default)]
    pub source: String,
}

impl DeliverySpec {
    /// Whether a file name is one of the documents.
    ///
    /// ```
    /// let d = sanxian_rules::profile::DeliverySpec { documents: vec!["*.pdf".into(), "元数据*.xml".into()], source: String::new() };
    /// assert!(d.is_document("说明.PDF"));
    /// assert!(d.is_document("元数据_2023.xml"));
    /// assert!(!d.is_document("roads.shp"));
    /// ```
    pub fn is_document(&self, name: &str) -> bool {
        let name = name.to_lowercase();
        self.documents
            .iter()
            .any(|p| glob(&p.to_lowercase(), &name))
    }
}

/// `*`-wildcard match of a whole name.
fn glob(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !name.starts_with(first) || !name.ends_with(last) || name.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

/// Tolerances shared by several checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tolerances {
    /// XY tolerance, m: vertices nearer than this are one.
    pub xy_m: f64,
    /// Topology tolerance, m: gaps no wider than this are closed by it and not reported.
    pub topology_m: f64,
    /// Where they come from.
    pub source: String,
}

/// A standard profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// What the profile is.
    pub profile: ProfileInfo,
    /// Mathematical basis.
    pub math: MathSpec,
    /// Shared tolerances.
    pub tolerances: Tolerances,
    /// What the delivery may hold besides its layers.
    #[serde(default)]
    pub delivery: DeliverySpec,
    /// The layers.
    #[serde(rename = "layer")]
    pub layers: Vec<LayerSpec>,
    /// Code dictionaries by name.
    #[serde(default, rename = "dictionary")]
    pub dictionaries: BTreeMap<String, Dictionary>,
    /// Conditional rules.
    #[serde(default, rename = "condition")]
    pub conditions: Vec<Condition>,
    /// Formulas between fields.
    #[serde(default, rename = "formula")]
    pub formulas: Vec<Formula>,
    /// Sums that must equal control areas.
    #[serde(default, rename = "control")]
    pub controls: Vec<ControlSum>,
    /// Level and parameters of the engine's rules, one table per rule id (validated by the
    /// engine, which knows the rules).
    #[serde(default)]
    pub rules: toml::Table,
    /// Where the profile was read from (`built-in three-lines` or a path).
    #[serde(skip)]
    pub origin: String,
    /// The text it was read from.
    #[serde(skip)]
    pub text: String,
}

impl Default for Profile {
    /// The built-in `three-lines` profile.
    fn default() -> Profile {
        static DEFAULT: OnceLock<Profile> = OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                Profile::from_toml(BUILTIN[0].1, "built-in three-lines")
                    .expect("the built-in profile is valid (tested)")
            })
            .clone()
    }
}

impl Profile {
    /// A built-in profile by name (`three-lines`, `dltb-3rd-survey`).
    ///
    /// ```
    /// let p = sanxian_rules::Profile::builtin("three-lines").unwrap();
    /// assert!(p.layer("STBHHX").unwrap().required);
    /// assert!(sanxian_rules::Profile::builtin("no-such").is_err());
    /// ```
    ///
    /// # Errors
    /// [`Error::Profile`] for an unknown name (the message lists the built-in ones).
    pub fn builtin(name: &str) -> Result<Profile> {
        let Some((_, text)) = BUILTIN.iter().find(|(n, _)| *n == name) else {
            let names: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
            return Err(Error::Profile(format!(
                "no built-in profile '{name}'; the built-in profiles are {}",
                names.join(", ")
            )));
        };
        Profile::from_toml(text, &format!("built-in {name}"))
    }

    /// Reads a profile file.
    ///
    /// # Errors
    /// [`Error::Profile`] naming the file, for a file that cannot be read or a profile that
    /// does not parse or is not consistent.
    pub fn from_path(path: &Path) -> Result<Profile> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Profile(format!("{origin}: cannot read the profile: {e}")))?;
        Profile::parse(&text, &origin, path.parent())
    }

    /// Parses and validates a profile; `origin` names it in errors.
    ///
    /// # Errors
    /// [`Error::Profile`]: TOML that does not parse, an unknown key, a field referring to a
    /// dictionary or field that does not exist, an expression or pattern that does not parse.
    pub fn from_toml(text: &str, origin: &str) -> Result<Profile> {
        Profile::parse(text, origin, None)
    }

    fn parse(text: &str, origin: &str, dir: Option<&Path>) -> Result<Profile> {
        let table = extends::resolve(text, origin, dir, 0).map_err(Error::Profile)?;
        let mut p: Profile = Profile::deserialize(toml::Value::Table(table))
            .map_err(|e| Error::Profile(format!("{origin}: {}", e.to_string().trim_end())))?;
        p.origin = origin.to_string();
        p.text = text.to_string();
        p.validate()
            .map_err(|m| Error::Profile(format!("{origin}: {m}")))?;
        Ok(p)
    }

    /// The layer spec with this code.
    pub fn layer(&self, code: &str) -> Option<&LayerSpec> {
        self.layers
            .iter()
            .find(|l| l.code.eq_ignore_ascii_case(code))
    }

    fn validate(&self) -> std::result::Result<(), String> {
        if self.profile.id.trim().is_empty() {
            return Err("[profile] id is empty".into());
        }
        let m = &self.math;
        if sanxian_types::Datum::from_name(&m.datum).is_none() {
            return Err(format!(
                "[math] datum '{}' is not one of CGCS2000, Xian1980, Beijing1954, WGS84",
                m.datum
            ));
        }
        if !["gauss-kruger", "any"].contains(&m.projection.as_str()) {
            return Err(format!(
                "[math] projection '{}' is not gauss-kruger or any",
                m.projection
            ));
        }
        if ![0, 3, 6].contains(&m.zone_width) {
            return Err(format!(
                "[math] zone_width {} is not 3, 6 or 0",
                m.zone_width
            ));
        }
        if !["required", "forbidden", "any"].contains(&m.zone_prefix.as_str()) {
            return Err(format!(
                "[math] zone_prefix '{}' is not required, forbidden or any",
                m.zone_prefix
            ));
        }
        for (name, p) in [
            ("precision_m", m.precision_m),
            ("precision_deg", m.precision_deg),
        ] {
            if decimals_of(p).is_none() {
                return Err(format!(
                    "[math] {name} = {p} is not a power of ten from 1 to 1e-12"
                ));
            }
        }
        let t = &self.tolerances;
        for (name, v) in [("xy_m", t.xy_m), ("topology_m", t.topology_m)] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(format!("[tolerances] {name} must be a number ≥ 0"));
            }
        }
        let mut codes: Vec<&str> = Vec::new();
        for l in &self.layers {
            let at = format!("[[layer]] {}", l.code);
            if codes.iter().any(|c| c.eq_ignore_ascii_case(&l.code)) {
                return Err(format!("{at}: the code appears twice"));
            }
            codes.push(&l.code);
            l.kind.parse::<sanxian_types::LayerKind>().map_err(|_| {
                format!(
                    "{at}: kind '{}' is not redline, farmland, urban, admin, survey or other",
                    l.kind
                )
            })?;
            if l.geometry != "polygon" {
                return Err(format!(
                    "{at}: geometry '{}': only polygon layers are checked",
                    l.geometry
                ));
            }
            let mut names: Vec<&str> = Vec::new();
            for f in &l.fields {
                let fat = format!("{at} field {}", f.name);
                for n in std::iter::once(&f.name).chain(&f.aliases) {
                    if names.iter().any(|x| x.eq_ignore_ascii_case(n)) {
                        return Err(format!("{fat}: the name {n} is used twice in the layer"));
                    }
                    names.push(n);
                }
                if let Some(d) = &f.dictionary {
                    if !self.dictionaries.contains_key(d) {
                        return Err(format!("{fat}: no [dictionary.{d}] in the profile"));
                    }
                }
                if let Some(n) = &f.names {
                    let code = l.field(n).ok_or_else(|| {
                        format!("{fat}: names = '{n}', which is not a field of the layer")
                    })?;
                    if code.dictionary.is_none() {
                        return Err(format!(
                            "{fat}: names = '{n}', but {n} has no dictionary to take names from"
                        ));
                    }
                }
                if let Some(p) = &f.pattern {
                    regex::Regex::new(&format!("^(?:{p})$"))
                        .map_err(|e| format!("{fat}: pattern does not parse: {e}"))?;
                }
                if f.presence == Presence::C && f.when.is_none() {
                    return Err(format!(
                        "{fat}: presence \"C\" needs a `when` saying when the value is required"
                    ));
                }
                if let Some(w) = &f.when {
                    check_expr(l, w).map_err(|e| format!("{fat} when: {e}"))?;
                }
                if let Some(u) = &f.unique_within {
                    if l.field(u).is_none() {
                        return Err(format!(
                            "{fat}: unique_within = '{u}', which is not a field of the layer"
                        ));
                    }
                }
                if let (FieldKind::Text | FieldKind::Date, Some(_)) = (f.kind, f.decimals) {
                    return Err(format!("{fat}: decimals on a {} field", f.kind));
                }
            }
            if !l.fields.is_empty() && l.field(&l.identify_by).is_none() {
                return Err(format!(
                    "{at}: identify_by = '{}', which is not a field of the layer",
                    l.identify_by
                ));
            }
            for (key, v) in [
                ("area_field", &l.area_field),
                ("admin_code_field", &l.admin_code_field),
            ] {
                if let Some(n) = v {
                    if l.field(n).is_none() {
                        return Err(format!(
                            "{at}: {key} = '{n}', which is not a field of the layer"
                        ));
                    }
                }
            }
        }
        let mut ids: Vec<String> = Vec::new();
        let mut unique_id = |kind: &str, id: &str| {
            if ids.iter().any(|x| x == id) {
                return Err(format!("[[{kind}]] {id}: the id is used twice"));
            }
            ids.push(id.to_string());
            Ok(())
        };
        for c in &self.conditions {
            unique_id("condition", &c.id)?;
            let at = format!("[[condition]] {}", c.id);
            let l = self
                .layer(&c.layer)
                .ok_or_else(|| format!("{at}: no [[layer]] {}", c.layer))?;
            if let Some(w) = &c.when {
                check_expr(l, w).map_err(|e| format!("{at} when: {e}"))?;
            }
            check_expr(l, &c.then).map_err(|e| format!("{at} then: {e}"))?;
            check_level(c.level).map_err(|e| format!("{at}: {e}"))?;
        }
        for f in &self.formulas {
            unique_id("formula", &f.id)?;
            let at = format!("[[formula]] {}", f.id);
            let l = self
                .layer(&f.layer)
                .ok_or_else(|| format!("{at}: no [[layer]] {}", f.layer))?;
            if let Some(w) = &f.when {
                check_expr(l, w).map_err(|e| format!("{at} when: {e}"))?;
            }
            let e = check_expr(l, &f.check).map_err(|e| format!("{at} check: {e}"))?;
            if e.sides().is_none() {
                return Err(format!(
                    "{at}: check must be a comparison such as A = B - C"
                ));
            }
            if !(f.tolerance.is_finite() && f.tolerance >= 0.0) {
                return Err(format!("{at}: tolerance must be a number ≥ 0"));
            }
            check_level(f.level).map_err(|e| format!("{at}: {e}"))?;
        }
        for c in &self.controls {
            unique_id("control", &c.id)?;
            let at = format!("[[control]] {}", c.id);
            let l = self
                .layer(&c.layer)
                .ok_or_else(|| format!("{at}: no [[layer]] {}", c.layer))?;
            let u = self
                .layer(&c.control_layer)
                .ok_or_else(|| format!("{at}: no [[layer]] {}", c.control_layer))?;
            for (lay, f) in [
                (l, &c.field),
                (l, &c.group_field),
                (u, &c.control_code_field),
                (u, &c.control_field),
            ] {
                if lay.field(f).is_none() {
                    return Err(format!("{at}: {f} is not a field of {}", lay.code));
                }
            }
        }
        for (id, v) in &self.rules {
            if !v.is_table() {
                return Err(format!("[rules.{id}] must be a table"));
            }
        }
        Ok(())
    }
}

fn check_level(level: Option<u8>) -> std::result::Result<(), String> {
    match level {
        None | Some(1..=3) => Ok(()),
        Some(l) => Err(format!("level {l} is not 1, 2 or 3")),
    }
}

fn check_expr(l: &LayerSpec, text: &str) -> std::result::Result<expr::Expr, String> {
    let e = expr::Expr::parse(text).map_err(|e| format!("'{text}' {e}"))?;
    for f in e.fields() {
        if l.field(f).is_none() {
            return Err(format!("'{text}': {f} is not a field of {}", l.code));
        }
    }
    Ok(e)
}

/// The number of decimals of a power of ten (`0.0001` → 4), `None` for other numbers.
pub fn decimals_of(p: f64) -> Option<u32> {
    (0..=12).find(|&d| (p * 10f64.powi(d as i32) - 1.0).abs() < 1e-9)
}
