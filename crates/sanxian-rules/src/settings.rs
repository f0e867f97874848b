//! Rule settings: for every rule, on/off, severity and its own parameters, read from and
//! written as TOML (`sanxian check --rules FILE`; `sanxian rules` prints the defaults).
//!
//! This crate holds the settings as data; which rules exist and which parameters each takes is
//! known to the check engine's registry, which validates a file against it (an unknown rule or
//! key is an error, never ignored).

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use crate::FindingSeverity;

/// The settings of one rule. In TOML, one table:
/// ```toml
/// [sliver]
/// enabled = true
/// severity = "warning"
/// min_area_m2 = 200.0
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleConfig {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Severity of its findings.
    pub severity: FindingSeverity,
    /// The rule's own parameters, complete (defaults filled in).
    #[serde(flatten)]
    pub params: toml::Table,
}

impl RuleConfig {
    /// The parameters as the rule's typed parameter struct.
    ///
    /// # Errors
    /// A parameter of the wrong type or unknown to the struct.
    pub fn params<T: for<'de> Deserialize<'de>>(&self) -> Result<T, String> {
        T::deserialize(toml::Value::Table(self.params.clone())).map_err(|e| e.to_string())
    }
}

/// The settings of every rule of a check, in the order of the engine's registry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleSettings {
    /// (rule id, settings), in registry order.
    pub rules: Vec<(String, RuleConfig)>,
}

impl RuleSettings {
    /// The settings of the rule with this id.
    pub fn get(&self, id: &str) -> Option<&RuleConfig> {
        self.rules.iter().find(|(k, _)| k == id).map(|(_, c)| c)
    }

    /// The settings as TOML, one table per rule, every parameter written out.
    pub fn to_toml(&self) -> String {
        let mut table = toml::Table::new();
        for (id, cfg) in &self.rules {
            if let Ok(toml::Value::Table(t)) = toml::Value::try_from(cfg) {
                table.insert(id.clone(), toml::Value::Table(t));
            }
        }
        // toml's tables are sorted; write them in registry order instead.
        let mut out = String::new();
        for (id, _) in &self.rules {
            if let Some(toml::Value::Table(t)) = table.get(id) {
                let mut one = toml::Table::new();
                one.insert(id.clone(), toml::Value::Table(t.clone()));
                out.push_str(&toml::to_string_pretty(&one).unwrap_or_default());
                out.push('\n');
            }
        }
        out
    }
}

impl Serialize for RuleSettings {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.rules.len()))?;
        for (id, cfg) in &self.rules {
            m.serialize_entry(id, cfg)?;
        }
        m.end()
    }
}
