//! The mapping table of a plan comparison: each plan's class codes to construction or not.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// What a class code of a plan means for the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Construction land (建设用地).
    Construction,
    /// Anything else (非建设用地).
    NonConstruction,
    /// The code is not in the mapping table: never guessed.
    Unmapped,
}

impl Category {
    /// `construction`, `non-construction` or `unmapped`.
    pub fn code(self) -> &'static str {
        match self {
            Category::Construction => "construction",
            Category::NonConstruction => "non-construction",
            Category::Unmapped => "unmapped",
        }
    }
}

/// One row of a mapping table: the category of a class code and, optionally, its first-level
/// 用地用海 code ("01".."24").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MappedClass {
    /// Construction or not.
    pub category: Category,
    /// First-level 用地用海 code, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ydyh: Option<String>,
}

/// Which plan of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Plan {
    /// The first plan.
    A,
    /// The second plan.
    B,
}

/// The mapping of both plans' class codes to categories.
///
/// TOML form (a plain string or a table per code):
/// ```toml
/// [a]
/// "0101" = "non-construction"
/// "0701" = { category = "construction", ydyh = "07" }
/// [b]
/// "R2" = { category = "construction", ydyh = "07" }
/// ```
/// CSV form (header required, `ydyh` may be empty, fields may be quoted):
/// `plan,code,category,ydyh`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlanMapping {
    /// Codes of plan A.
    pub a: BTreeMap<String, MappedClass>,
    /// Codes of plan B.
    pub b: BTreeMap<String, MappedClass>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TomlEntry {
    Plain(String),
    Full {
        category: String,
        #[serde(default)]
        ydyh: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlMapping {
    #[serde(default)]
    a: BTreeMap<String, TomlEntry>,
    #[serde(default)]
    b: BTreeMap<String, TomlEntry>,
}

fn mapped(code: &str, category: &str, ydyh: Option<String>) -> Result<MappedClass> {
    let category = match category.trim() {
        "construction" => Category::Construction,
        "non-construction" => Category::NonConstruction,
        other => {
            return Err(Error::Mapping(format!(
                "code {code}: category must be 'construction' or 'non-construction', not '{other}'"
            )))
        }
    };
    let ydyh = ydyh.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    if let Some(y) = &ydyh {
        let ok = y.len() == 2 && matches!(y.parse::<u8>(), Ok(1..=24));
        if !ok {
            return Err(Error::Mapping(format!(
                "code {code}: ydyh must be a first-level 用地用海 code 01..24, not '{y}'"
            )));
        }
    }
    Ok(MappedClass { category, ydyh })
}

impl PlanMapping {
    /// Parses the TOML form.
    ///
    /// # Errors
    /// [`Error::Mapping`] for bad TOML, categories or 用地用海 codes.
    pub fn from_toml_str(text: &str) -> Result<PlanMapping> {
        let raw: TomlMapping =
            toml::from_str(text).map_err(|e| Error::Mapping(format!("mapping TOML: {e}")))?;
        let conv = |m: BTreeMap<String, TomlEntry>| -> Result<BTreeMap<String, MappedClass>> {
            m.into_iter()
                .map(|(code, e)| {
                    let c = match e {
                        TomlEntry::Plain(c) => mapped(&code, &c, None)?,
                        TomlEntry::Full { category, ydyh } => mapped(&code, &category, ydyh)?,
                    };
                    Ok((code, c))
                })
                .collect()
        };
        Ok(PlanMapping {
            a: conv(raw.a)?,
            b: conv(raw.b)?,
        })
    }

    /// Parses the CSV form (`plan,code,category[,ydyh]`, RFC 4180 quoting, a UTF-8 BOM
    /// allowed), read with the `csv` crate.
    ///
    /// # Errors
    /// [`Error::Mapping`] for a bad header, plan, category or 用地用海 code, naming the line.
    pub fn from_csv_str(text: &str) -> Result<PlanMapping> {
        let text = text.trim_start_matches('\u{feff}');
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| Error::Mapping(format!("mapping CSV: {e}")))?
            .iter()
            .map(|h| h.to_lowercase())
            .collect();
        if header.len() < 3 || header[0] != "plan" || header[1] != "code" || header[2] != "category"
        {
            return Err(Error::Mapping(
                "mapping CSV must start with the header plan,code,category[,ydyh]".into(),
            ));
        }
        let mut out = PlanMapping::default();
        for (n, rec) in reader.records().enumerate() {
            let line = n + 2;
            let rec = rec.map_err(|e| Error::Mapping(format!("mapping CSV line {line}: {e}")))?;
            if rec.iter().all(str::is_empty) {
                continue;
            }
            if rec.len() < 3 {
                return Err(Error::Mapping(format!(
                    "mapping CSV line {line}: expected plan,code,category[,ydyh]"
                )));
            }
            let class = mapped(&rec[1], &rec[2], rec.get(3).map(str::to_string))
                .map_err(|e| Error::Mapping(format!("mapping CSV line {line}: {e}")))?;
            let table = match rec[0].to_lowercase().as_str() {
                "a" => &mut out.a,
                "b" => &mut out.b,
                other => {
                    return Err(Error::Mapping(format!(
                        "mapping CSV line {line}: plan must be a or b, not '{other}'"
                    )))
                }
            };
            table.insert(rec[1].to_string(), class);
        }
        Ok(out)
    }

    /// Reads a mapping file: `.csv` as CSV, anything else as TOML.
    ///
    /// # Errors
    /// [`Error::Mapping`] when the file cannot be read or parsed.
    pub fn from_path(path: &Path) -> Result<PlanMapping> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::Mapping(format!("cannot read {}: {e}", sanxian_io::escaped(path)))
        })?;
        let is_csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let parsed = if is_csv {
            PlanMapping::from_csv_str(&text)
        } else {
            PlanMapping::from_toml_str(&text)
        };
        parsed.map_err(|e| Error::Mapping(format!("{}: {e}", sanxian_io::escaped(path))))
    }

    /// The table of one plan.
    pub fn table(&self, plan: Plan) -> &BTreeMap<String, MappedClass> {
        match plan {
            Plan::A => &self.a,
            Plan::B => &self.b,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_csv_fields_are_read_whole() {
        // A code with a comma and a quoted category: the hand-written reader split these.
        let m = PlanMapping::from_csv_str(
            "plan,code,category,ydyh\na,\"07,01\",\"construction\",07\nb,\"R2\",non-construction,\n",
        )
        .unwrap();
        assert_eq!(m.a["07,01"].category, Category::Construction);
        assert_eq!(m.a["07,01"].ydyh.as_deref(), Some("07"));
        assert_eq!(m.b["R2"].category, Category::NonConstruction);
        let err = PlanMapping::from_csv_str("plan,code,category\nc,01,construction\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
