//! Rule settings checked against the registry: defaults of every rule, and a rules file read
//! with every rule and parameter known (a misspelt one is an error, never ignored).

use sanxian_rules::{RuleConfig, RuleSettings};

use crate::rules::REGISTRY;
use crate::{Error, Result, Rule};

/// The default settings of a rule.
pub(crate) fn default_config(rule: &dyn Rule) -> RuleConfig {
    RuleConfig {
        enabled: true,
        severity: rule.meta().severity,
        params: rule.default_params(),
    }
}

/// Every rule of the registry with its defaults, in registry order (what `sanxian rules`
/// prints).
pub fn default_settings() -> RuleSettings {
    RuleSettings {
        rules: REGISTRY
            .iter()
            .map(|r| (r.meta().id.to_string(), default_config(*r)))
            .collect(),
    }
}

/// The settings a check runs with: for every rule of the registry, the given settings or the
/// defaults.
pub fn effective_settings(given: &RuleSettings) -> RuleSettings {
    RuleSettings {
        rules: REGISTRY
            .iter()
            .map(|r| {
                let id = r.meta().id;
                let cfg = given.get(id).cloned().unwrap_or_else(|| default_config(*r));
                (id.to_string(), cfg)
            })
            .collect(),
    }
}

/// Reads a rules file: one table per rule (`[sliver]`), each with `enabled`, `severity` and the
/// rule's parameters; rules and keys left out keep their defaults.
///
/// ```
/// let s = sanxian_check::parse_rules("[sliver]\nmin_area_m2 = 50\n").unwrap();
/// let sliver = s.get("sliver").unwrap();
/// assert!(sliver.enabled);
/// assert_eq!(sliver.params["min_area_m2"].as_float(), Some(50.0));
/// assert_eq!(sliver.params["max_thinness"].as_float(), Some(0.1));
/// assert!(sanxian_check::parse_rules("[sliver]\nmin_area = 50\n").is_err());
/// ```
///
/// # Errors
/// [`Error::Rules`] for TOML that does not parse, a rule that does not exist, an unknown key or
/// a value of the wrong type, naming the rule and the key.
pub fn parse_rules(text: &str) -> Result<RuleSettings> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| Error::Rules(e.to_string()))?;
    let mut out = default_settings();
    for (id, value) in table {
        let Some(rule) = REGISTRY.iter().find(|r| r.meta().id == id) else {
            let known: Vec<&str> = REGISTRY.iter().map(|r| r.meta().id).collect();
            return Err(Error::Rules(format!(
                "unknown rule [{id}]; the rules are: {}",
                known.join(", ")
            )));
        };
        let toml::Value::Table(mut t) = value else {
            return Err(Error::Rules(format!("[{id}] must be a table")));
        };
        let mut cfg = default_config(*rule);
        if let Some(v) = t.remove("enabled") {
            cfg.enabled = v
                .as_bool()
                .ok_or_else(|| Error::Rules(format!("[{id}] enabled must be true or false")))?;
        }
        if let Some(v) = t.remove("severity") {
            cfg.severity = v.try_into().map_err(|_| {
                Error::Rules(format!(
                    "[{id}] severity must be \"error\", \"warning\" or \"info\""
                ))
            })?;
        }
        cfg.params = rule
            .resolve_params(&t)
            .map_err(|e| Error::Rules(format!("[{id}] {e}")))?;
        if let Some(slot) = out.rules.iter_mut().find(|(k, _)| *k == id) {
            slot.1 = cfg;
        }
    }
    Ok(out)
}
