//! The priority table of the integrated plan (一张图): which plan or control line decides the
//! unified class of a piece where several cover it.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Plans and control lines in order of precedence: the first that covers a piece (a plan
/// with a mapped class) gives its unified class.
///
/// TOML form: `order = ["STBHHX", "YJJBNTBHTB", "CZKFBJ", "landuse", "urban"]`. Plans and
/// lines the table leaves out follow it in the default order (control lines first, then the
/// plans as given), and the summary says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Priority {
    /// Plan names and control-line codes, first decides.
    pub order: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlPriority {
    order: Vec<String>,
}

impl Priority {
    /// Control lines first — the red line, permanent basic farmland, the urban development
    /// boundary, then any other line in the order given — then the plans as given.
    pub fn default_for(plans: &[&str], lines: &[String]) -> Priority {
        let rank = |code: &str| match code {
            "STBHHX" => 0,
            "YJJBNTBHTB" => 1,
            "CZKFBJ" => 2,
            _ => 3,
        };
        let mut ordered: Vec<String> = Vec::new();
        for l in lines {
            if !ordered.contains(l) {
                ordered.push(l.clone());
            }
        }
        ordered.sort_by_key(|l| rank(l));
        ordered.extend(plans.iter().map(|p| p.to_string()));
        Priority { order: ordered }
    }

    /// Parses the TOML form.
    ///
    /// # Errors
    /// [`Error::Settings`] for bad TOML or an entry given twice.
    pub fn from_toml_str(text: &str) -> Result<Priority> {
        let raw: TomlPriority = toml::from_str(text)
            .map_err(|e| Error::Settings(format!("priority table TOML: {e}")))?;
        for (i, e) in raw.order.iter().enumerate() {
            if raw.order[..i].contains(e) {
                return Err(Error::Settings(format!(
                    "priority table: '{e}' is given twice"
                )));
            }
        }
        Ok(Priority { order: raw.order })
    }

    /// Reads a priority table file (TOML).
    ///
    /// # Errors
    /// [`Error::Settings`] when the file cannot be read or parsed.
    pub fn from_path(path: &Path) -> Result<Priority> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::Settings(format!("cannot read {}: {e}", sanxian_io::escaped(path)))
        })?;
        Priority::from_toml_str(&text)
            .map_err(|e| Error::Settings(format!("{}: {e}", sanxian_io::escaped(path))))
    }

    /// The order over exactly these plans and lines: unknown entries refused, missing ones
    /// appended in the default order; returns the order and the entries appended.
    ///
    /// # Errors
    /// [`Error::Settings`] for an entry that is neither a plan nor a control line.
    pub fn resolve(&self, plans: &[&str], lines: &[String]) -> Result<(Vec<String>, Vec<String>)> {
        for e in &self.order {
            if !plans.contains(&e.as_str()) && !lines.contains(e) {
                return Err(Error::Settings(format!(
                    "priority table: '{e}' is neither a plan ({}) nor a control line ({})",
                    plans.join(", "),
                    lines.join(", ")
                )));
            }
        }
        let mut order = self.order.clone();
        let mut appended = Vec::new();
        for e in Priority::default_for(plans, lines).order {
            if !order.contains(&e) {
                order.push(e.clone());
                appended.push(e);
            }
        }
        Ok((order, appended))
    }
}
