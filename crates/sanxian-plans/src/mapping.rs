//! The mapping table of a plan comparison: each plan's class codes to a category
//! (construction, non-construction, or any category the user's rule table speaks of) and,
//! optionally, a first-level 用地用海 code.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The category of construction land (建设用地).
pub const CONSTRUCTION: &str = "construction";
/// The category of everything else (非建设用地).
pub const NON_CONSTRUCTION: &str = "non-construction";
/// The category of a code missing from the mapping table: never guessed.
pub const UNMAPPED: &str = "unmapped";
/// Words of the rule and priority tables that cannot be categories.
const RESERVED: [&str; 5] = [UNMAPPED, "none", "any", "*", "in"];

/// One row of a mapping table: the category of a class code and, optionally, its first-level
/// 用地用海 code ("01".."24").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MappedClass {
    /// `construction`, `non-construction`, or another category named by the table.
    pub category: String,
    /// First-level 用地用海 code, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ydyh: Option<String>,
}

/// The mapping of every plan's class codes to categories, per plan name.
///
/// TOML form: one table per plan (the plan names the command gives; `a` and `b` for the two
/// positional plans), each code a plain category or a table:
/// ```toml
/// [landuse]
/// "0101" = "non-construction"
/// "0701" = { category = "construction", ydyh = "07" }
/// [urban]
/// "R2" = { category = "construction", ydyh = "07" }
/// ```
/// CSV form (header required, `ydyh` may be empty, fields may be quoted):
/// `plan,code,category,ydyh`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlanMapping {
    /// Per plan name: its codes.
    pub plans: BTreeMap<String, BTreeMap<String, MappedClass>>,
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

fn mapped(code: &str, category: &str, ydyh: Option<String>) -> Result<MappedClass> {
    let category = category.trim();
    if category.is_empty() || RESERVED.contains(&category) {
        return Err(Error::Mapping(format!(
            "code {code}: category must be 'construction', 'non-construction' or a name of your own, not '{category}'"
        )));
    }
    let ydyh = ydyh.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    if let Some(y) = &ydyh {
        let ok = y.len() == 2 && matches!(y.parse::<u8>(), Ok(1..=24));
        if !ok {
            return Err(Error::Mapping(format!(
                "code {code}: ydyh must be a first-level 用地用海 code 01..24, not '{y}'"
            )));
        }
    }
    Ok(MappedClass {
        category: category.to_string(),
        ydyh,
    })
}

impl PlanMapping {
    /// Parses the TOML form.
    ///
    /// # Errors
    /// [`Error::Mapping`] for bad TOML, categories or 用地用海 codes.
    pub fn from_toml_str(text: &str) -> Result<PlanMapping> {
        let raw: BTreeMap<String, BTreeMap<String, TomlEntry>> =
            toml::from_str(text).map_err(|e| Error::Mapping(format!("mapping TOML: {e}")))?;
        let mut out = PlanMapping::default();
        for (plan, codes) in raw {
            let mut table = BTreeMap::new();
            for (code, e) in codes {
                let c = match e {
                    TomlEntry::Plain(c) => mapped(&code, &c, None),
                    TomlEntry::Full { category, ydyh } => mapped(&code, &category, ydyh),
                }
                .map_err(|e| Error::Mapping(format!("plan {plan}: {e}")))?;
                table.insert(code, c);
            }
            out.plans.insert(plan, table);
        }
        Ok(out)
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
            if rec.len() < 3 || rec[0].is_empty() {
                return Err(Error::Mapping(format!(
                    "mapping CSV line {line}: expected plan,code,category[,ydyh]"
                )));
            }
            let class = mapped(&rec[1], &rec[2], rec.get(3).map(str::to_string))
                .map_err(|e| Error::Mapping(format!("mapping CSV line {line}: {e}")))?;
            out.plans
                .entry(rec[0].to_string())
                .or_default()
                .insert(rec[1].to_string(), class);
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
    ///
    /// # Errors
    /// [`Error::Mapping`] when the table has no plan of that name, listing the ones it has.
    pub fn table(&self, plan: &str) -> Result<&BTreeMap<String, MappedClass>> {
        self.plans.get(plan).ok_or_else(|| {
            let have: Vec<&str> = self.plans.keys().map(String::as_str).collect();
            Error::Mapping(format!(
                "the mapping table has no plan '{plan}'; it maps the plans: {}",
                have.join(", ")
            ))
        })
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
        assert_eq!(m.plans["a"]["07,01"].category, CONSTRUCTION);
        assert_eq!(m.plans["a"]["07,01"].ydyh.as_deref(), Some("07"));
        assert_eq!(m.plans["b"]["R2"].category, NON_CONSTRUCTION);
        let err = PlanMapping::from_csv_str("plan,code,category\nc,01,unmapped\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
