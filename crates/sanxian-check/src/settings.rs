//! Rule settings checked against the registry: defaults of every rule, and a rules file read
//! with every rule and parameter known (a misspelt one is an error, never ignored).

use sanxian_rules::{FindingSeverity, Profile, RuleConfig, RuleSettings};

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

/// The settings a profile gives: every rule's defaults with the profile's `[rules]` tables
/// applied key by key.
///
/// # Errors
/// [`Error::Rules`] for an unknown rule or key in the profile, naming the profile.
pub fn profile_settings(profile: &Profile) -> Result<RuleSettings> {
    let mut s = default_settings();
    apply_rules(
        &mut s,
        &profile.rules,
        &format!("profile {}", profile.origin),
    )?;
    Ok(s)
}

/// The settings a check runs with: for every rule of the registry, the given settings, else
/// those of `base` (the profile's), else the defaults.
pub fn effective_settings(given: &RuleSettings, base: &RuleSettings) -> RuleSettings {
    RuleSettings {
        rules: REGISTRY
            .iter()
            .map(|r| {
                let id = r.meta().id;
                let cfg = given
                    .get(id)
                    .or_else(|| base.get(id))
                    .cloned()
                    .unwrap_or_else(|| default_config(*r));
                (id.to_string(), cfg)
            })
            .collect(),
    }
}

/// Reads a rules file: one table per rule (`[sliver]`), each with `enabled`, `severity` (or
/// `level` 1, 2, 3) and the rule's parameters; rules and keys left out keep their defaults.
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
    let mut out = default_settings();
    apply_rules_toml(&mut out, text, "rules file")?;
    Ok(out)
}

/// Applies a rules file's text to `settings`, key by key (what is not in the text stays).
///
/// # Errors
/// As [`parse_rules`]; `origin` names the file in messages.
pub fn apply_rules_toml(settings: &mut RuleSettings, text: &str, origin: &str) -> Result<()> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| Error::Rules(format!("{origin}: {e}")))?;
    apply_rules(settings, &table, origin)
}

/// Applies rule tables to `settings`, key by key.
///
/// # Errors
/// As [`parse_rules`].
pub fn apply_rules(settings: &mut RuleSettings, table: &toml::Table, origin: &str) -> Result<()> {
    for (id, value) in table {
        let Some(rule) = REGISTRY.iter().find(|r| r.meta().id == id) else {
            let known: Vec<&str> = REGISTRY.iter().map(|r| r.meta().id).collect();
            return Err(Error::Rules(format!(
                "{origin}: unknown rule [{id}]; the rules are: {}",
                known.join(", ")
            )));
        };
        let toml::Value::Table(t) = value else {
            return Err(Error::Rules(format!("{origin}: [{id}] must be a table")));
        };
        let mut t = t.clone();
        let Some(slot) = settings.rules.iter_mut().find(|(k, _)| k == id) else {
            continue;
        };
        let cfg = &mut slot.1;
        // A note on where the setting comes from, as profiles give for every rule.
        t.remove("source");
        if let Some(v) = t.remove("enabled") {
            cfg.enabled = v.as_bool().ok_or_else(|| {
                Error::Rules(format!("{origin}: [{id}] enabled must be true or false"))
            })?;
        }
        if let Some(v) = t.remove("severity") {
            cfg.severity = v.try_into().map_err(|_| {
                Error::Rules(format!(
                    "{origin}: [{id}] severity must be \"error\", \"warning\" or \"info\""
                ))
            })?;
        }
        if let Some(v) = t.remove("level") {
            cfg.severity = v
                .as_integer()
                .and_then(|l| u8::try_from(l).ok())
                .and_then(FindingSeverity::from_level)
                .ok_or_else(|| {
                    Error::Rules(format!(
                        "{origin}: [{id}] level must be 1 (fatal), 2 (serious) or 3 (minor)"
                    ))
                })?;
        }
        let mut params = cfg.params.clone();
        for (k, v) in t {
            if !cfg.params.contains_key(&k) {
                let known: Vec<&String> = cfg.params.keys().collect();
                let keys = if known.is_empty() {
                    "this rule takes only enabled, severity and level".to_string()
                } else {
                    format!(
                        "its keys are enabled, severity, level, {}",
                        known
                            .iter()
                            .map(|k| k.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                return Err(Error::Rules(format!(
                    "{origin}: [{id}] unknown key '{k}' ({keys})"
                )));
            }
            params.insert(k, v);
        }
        cfg.params = rule
            .resolve_params(&params)
            .map_err(|e| Error::Rules(format!("{origin}: [{id}] {e}")))?;
    }
    Ok(())
}
