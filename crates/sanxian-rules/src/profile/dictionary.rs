//! Code dictionaries (代码表): the codes a field may hold and the names they stand for.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A code dictionary: code → name, with suffix letters some codes may carry (三调's `K` for
/// adjustable classes: `0201K`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dictionary {
    /// What the dictionary is.
    pub title: String,
    /// Where it comes from.
    pub source: String,
    /// Code → name.
    pub codes: BTreeMap<String, String>,
    /// Suffix → the codes that may carry it (`K = ["0201", …]`).
    #[serde(default)]
    pub suffixes: BTreeMap<String, Vec<String>>,
}

impl Dictionary {
    /// The code a value stands for (the value itself, or without an allowed suffix) and its
    /// name; `None` when the value is not in the dictionary.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use sanxian_rules::profile::Dictionary;
    /// let d = Dictionary {
    ///     title: "DLBM".into(),
    ///     source: "-".into(),
    ///     codes: BTreeMap::from([("0201".into(), "果园".into()), ("0101".into(), "水田".into())]),
    ///     suffixes: BTreeMap::from([("K".into(), vec!["0201".into()])]),
    /// };
    /// assert_eq!(d.lookup("0201K"), Some(("0201", "果园")));
    /// assert_eq!(d.lookup("0101K"), None);
    /// assert_eq!(d.lookup("0101"), Some(("0101", "水田")));
    /// ```
    pub fn lookup(&self, value: &str) -> Option<(&str, &str)> {
        if let Some((k, v)) = self.codes.get_key_value(value) {
            return Some((k.as_str(), v.as_str()));
        }
        for (suffix, bases) in &self.suffixes {
            if let Some(base) = value.strip_suffix(suffix.as_str()) {
                if bases.iter().any(|b| b == base) {
                    if let Some((k, v)) = self.codes.get_key_value(base) {
                        return Some((k.as_str(), v.as_str()));
                    }
                }
            }
        }
        None
    }

    /// Whether `name` is one of the names `value` may be written with ([`Dictionary::names_of`]),
    /// without building them; `None` when `value` is not a code of the dictionary.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use sanxian_rules::profile::Dictionary;
    /// let d = Dictionary {
    ///     title: "DLBM".into(),
    ///     source: "-".into(),
    ///     codes: BTreeMap::from([("0201".into(), "果园".into())]),
    ///     suffixes: BTreeMap::from([("K".into(), vec!["0201".into()])]),
    /// };
    /// assert_eq!(d.names_match("0201", "果园"), Some(true));
    /// assert_eq!(d.names_match("0201", "可调整果园"), Some(false));
    /// assert_eq!(d.names_match("0201K", "可调整果园"), Some(true));
    /// assert_eq!(d.names_match("0201K", "果园"), Some(true));
    /// assert_eq!(d.names_match("0201K", "水田"), Some(false));
    /// assert_eq!(d.names_match("9999", "水田"), None);
    /// ```
    pub fn names_match(&self, value: &str, name: &str) -> Option<bool> {
        let (code, n) = self.lookup(value)?;
        Some(name == n || (code != value && name.strip_prefix("可调整") == Some(n)))
    }

    /// The names a code may be written with: its name, and for a suffixed code also the name
    /// with 可调整 before it (0201K 可调整果园), as deliveries write both.
    pub fn names_of(&self, value: &str) -> Vec<String> {
        let Some((code, name)) = self.lookup(value) else {
            return Vec::new();
        };
        if code == value {
            vec![name.to_string()]
        } else {
            vec![name.to_string(), format!("可调整{name}")]
        }
    }
}
