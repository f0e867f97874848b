//! Exceptions (例外): findings an institute has explained, kept from run to run.
//!
//! An exceptions file lists, one per row, the rule (its four-digit code or its id), the layer,
//! the feature's BSM and optionally the field, with the reason. A finding that matches a row is
//! shown apart, marked excepted, and does not count toward the verdict; a row that matches no
//! finding is listed as stale, so that an exception does not outlive what it explained.
//!
//! CSV (UTF-8, a BOM allowed), with a header naming the columns in English or Chinese:
//! ```text
//! code,layer,bsm,field,reason
//! 4002,YJJBNTBHTB,349901100000123,DLBM,2023 年变更调查已确认为可调整地类
//! 6301,XZQ,,,与邻县界线争议区，按省厅意见保留
//! ```
//! or TOML (`.toml`), one `[[exception]]` table per row with the same keys. An empty BSM
//! excepts every finding of the rule in the layer (and the layer-level ones); an empty field
//! matches any field.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{Error, Finding, Result};

/// One explained finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exception {
    /// The rule: its four-digit code (`4002`) or its id (`value-dictionary`).
    #[serde(alias = "rule")]
    pub code: String,
    /// The layer code.
    pub layer: String,
    /// BSM of the feature; empty: every finding of the rule in the layer.
    #[serde(default)]
    pub bsm: String,
    /// The field, for attribute findings; empty: any.
    #[serde(default)]
    pub field: String,
    /// Why it is not an error.
    pub reason: String,
    /// Where it was read: file and row (for messages and the stale list).
    #[serde(default, skip_deserializing)]
    pub at: String,
}

impl Exception {
    /// Whether this exception explains `f`.
    pub fn matches(&self, f: &Finding) -> bool {
        let code = self.code.trim();
        let rule = code == f.rule.code().to_string() || code.eq_ignore_ascii_case(f.rule.as_str());
        rule && f
            .layers
            .iter()
            .any(|l| l.eq_ignore_ascii_case(self.layer.trim()))
            && (self.bsm.trim().is_empty()
                || f.features
                    .iter()
                    .any(|id| id.bsm.as_deref().map(str::trim) == Some(self.bsm.trim())))
            && (self.field.trim().is_empty()
                || f.field
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case(self.field.trim())))
    }
}

/// A list of exceptions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Exceptions {
    /// Where they were read from.
    pub origin: String,
    /// The rows, in file order.
    pub rows: Vec<Exception>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlFile {
    #[serde(default)]
    exception: Vec<Exception>,
}

impl Exceptions {
    /// Reads an exceptions file: TOML when it ends in `.toml`, CSV otherwise.
    ///
    /// # Errors
    /// [`Error::Exceptions`] naming the file and row: unreadable, a missing column, a row
    /// without code, layer or reason.
    pub fn from_path(path: &Path) -> Result<Exceptions> {
        let origin = path.display().to_string();
        let bytes = std::fs::read(path)
            .map_err(|e| Error::Exceptions(format!("{origin}: cannot read: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::Exceptions(format!(
                "{origin}: not UTF-8 text (save the table as CSV UTF-8)"
            ))
        })?;
        let is_toml = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        if is_toml {
            Exceptions::from_toml(&text, &origin)
        } else {
            Exceptions::from_csv(&text, &origin)
        }
    }

    /// Parses the TOML form.
    ///
    /// # Errors
    /// As [`Exceptions::from_path`].
    pub fn from_toml(text: &str, origin: &str) -> Result<Exceptions> {
        let f: TomlFile = toml::from_str(text)
            .map_err(|e| Error::Exceptions(format!("{origin}: {}", e.to_string().trim_end())))?;
        let mut rows = f.exception;
        for (i, r) in rows.iter_mut().enumerate() {
            r.at = format!("{origin} [[exception]] {}", i + 1);
        }
        Exceptions::checked(origin, rows)
    }

    /// Parses the CSV form.
    ///
    /// ```
    /// let x = sanxian_rules::Exceptions::from_csv(
    ///     "\u{feff}规则编码,图层,标识码,字段,原因\n4002,YJJBNTBHTB,1001,DLBM,已确认\n", "x.csv").unwrap();
    /// assert_eq!((x.rows[0].code.as_str(), x.rows[0].field.as_str()), ("4002", "DLBM"));
    /// assert!(sanxian_rules::Exceptions::from_csv("code,layer\n4002,XZQ\n", "x.csv").is_err());
    /// ```
    ///
    /// # Errors
    /// As [`Exceptions::from_path`].
    pub fn from_csv(text: &str, origin: &str) -> Result<Exceptions> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut r = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header = r
            .headers()
            .map_err(|e| Error::Exceptions(format!("{origin}: {e}")))?
            .clone();
        let col = |names: &[&str]| {
            header
                .iter()
                .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
        };
        let code = col(&["code", "rule", "规则编码", "规则", "检查项编码", "编码"]);
        let layer = col(&["layer", "图层", "图层名"]);
        let bsm = col(&["bsm", "标识码"]);
        let field = col(&["field", "字段", "字段名"]);
        let reason = col(&["reason", "原因", "说明", "例外说明"]);
        let (Some(code), Some(layer), Some(reason)) = (code, layer, reason) else {
            return Err(Error::Exceptions(format!(
                "{origin}: the header must name the columns code, layer, reason (and bsm, field); it is: {}",
                header.iter().collect::<Vec<_>>().join(",")
            )));
        };
        let mut rows = Vec::new();
        for (i, rec) in r.records().enumerate() {
            let line = i + 2;
            let rec = rec.map_err(|e| Error::Exceptions(format!("{origin} line {line}: {e}")))?;
            if rec.iter().all(str::is_empty) {
                continue;
            }
            let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").to_string();
            rows.push(Exception {
                code: get(Some(code)),
                layer: get(Some(layer)),
                bsm: get(bsm),
                field: get(field),
                reason: get(Some(reason)),
                at: format!("{origin} line {line}"),
            });
        }
        Exceptions::checked(origin, rows)
    }

    fn checked(origin: &str, rows: Vec<Exception>) -> Result<Exceptions> {
        for r in &rows {
            for (name, v) in [
                ("code", &r.code),
                ("layer", &r.layer),
                ("reason", &r.reason),
            ] {
                if v.trim().is_empty() {
                    return Err(Error::Exceptions(format!("{}: {name} is empty", r.at)));
                }
            }
        }
        Ok(Exceptions {
            origin: origin.to_string(),
            rows,
        })
    }
}
