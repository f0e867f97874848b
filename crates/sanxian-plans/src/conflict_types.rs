//! The rule table of a plan comparison: named conflict types over the vector of classes a
//! piece has in every plan and control line, each with its usual resolution.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::mapping::{PlanMapping, CONSTRUCTION, NON_CONSTRUCTION};
use crate::{Error, Result};

/// What a condition of a conflict type accepts for one plan or control line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Accept {
    /// `any`: anything, inside or outside.
    Any,
    /// `none`: the piece lies outside the plan (or line).
    Outside,
    /// `*` (or `in` for a control line): the piece lies inside it.
    Inside,
    /// A category of the plan's mapping table.
    Category(String),
}

impl Accept {
    fn parse(word: &str) -> Accept {
        match word.trim() {
            "any" => Accept::Any,
            "none" => Accept::Outside,
            "*" | "in" => Accept::Inside,
            c => Accept::Category(c.to_string()),
        }
    }

    fn accepts(&self, state: Option<&str>) -> bool {
        match self {
            Accept::Any => true,
            Accept::Outside => state.is_none(),
            Accept::Inside => state.is_some(),
            Accept::Category(c) => state == Some(c.as_str()),
        }
    }
}

/// One conflict type: a piece is of this type when, for every plan and control line named in
/// `when`, its class there is one of those accepted (plans and lines not named accept
/// anything).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictType {
    /// Short code (written in every ledger).
    pub code: String,
    /// Its name, in Chinese as the bureau says it.
    pub name_zh: String,
    /// The usual resolution (处理建议), when the table gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// Whether pieces of this type are difference patches (差异图斑).
    pub difference: bool,
    /// Per plan name or control-line code: what is accepted (any of the list).
    pub when: BTreeMap<String, Vec<Accept>>,
}

impl ConflictType {
    /// Whether a piece with these classes (per plan name or line code: its category, `None`
    /// outside) is of this type.
    pub fn matches<'s>(&self, state: &dyn Fn(&str) -> Option<&'s str>) -> bool {
        self.when.iter().all(|(key, accept)| {
            let s = state(key);
            accept.iter().any(|a| a.accepts(s))
        })
    }
}

/// The rule table: conflict types in order, the first that matches decides.
///
/// TOML form:
/// ```toml
/// [[type]]
/// code = "urban-on-farmland"
/// name = "城规建设用地占永久基本农田"
/// resolution = "调出城镇建设用地或补划永久基本农田"
/// when = { urban = "construction", YJJBNTBHTB = "in" }
///
/// [[type]]
/// code = "urban-only"
/// name = "仅城规为建设用地"
/// when = { urban = "construction", landuse = ["non-construction", "none"] }
/// ```
/// A value is a category of the plan's mapping, `*` (inside the plan, any class; `in` for a
/// control line), `none` (outside it) or `any`, or a list of them. `difference` defaults to
/// `true`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictTypes {
    /// The types, in order.
    pub types: Vec<ConflictType>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Words {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlType {
    code: String,
    name: String,
    #[serde(default)]
    resolution: Option<String>,
    #[serde(default)]
    difference: Option<bool>,
    #[serde(default)]
    when: BTreeMap<String, Words>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlTypes {
    #[serde(rename = "type", default)]
    types: Vec<TomlType>,
}

impl ConflictTypes {
    /// Parses the TOML form.
    ///
    /// # Errors
    /// [`Error::Settings`] for bad TOML, an empty table or a repeated code.
    pub fn from_toml_str(text: &str) -> Result<ConflictTypes> {
        let raw: TomlTypes =
            toml::from_str(text).map_err(|e| Error::Settings(format!("rule table TOML: {e}")))?;
        if raw.types.is_empty() {
            return Err(Error::Settings(
                "the rule table has no [[type]] entries".into(),
            ));
        }
        let mut seen = BTreeSet::new();
        let mut types = Vec::new();
        for t in raw.types {
            if !seen.insert(t.code.clone()) {
                return Err(Error::Settings(format!(
                    "rule table: the code '{}' is given twice",
                    t.code
                )));
            }
            let when = t
                .when
                .into_iter()
                .map(|(k, w)| {
                    let words = match w {
                        Words::One(s) => vec![s],
                        Words::Many(v) => v,
                    };
                    (k, words.iter().map(|w| Accept::parse(w)).collect())
                })
                .collect();
            types.push(ConflictType {
                code: t.code,
                name_zh: t.name,
                resolution: t.resolution,
                difference: t.difference.unwrap_or(true),
                when,
            });
        }
        Ok(ConflictTypes { types })
    }

    /// Reads a rule table file (TOML).
    ///
    /// # Errors
    /// [`Error::Settings`] when the file cannot be read or parsed.
    pub fn from_path(path: &Path) -> Result<ConflictTypes> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::Settings(format!("cannot read {}: {e}", sanxian_io::escaped(path)))
        })?;
        ConflictTypes::from_toml_str(&text)
            .map_err(|e| Error::Settings(format!("{}: {e}", sanxian_io::escaped(path))))
    }

    /// The default table over the construction category: for every set of plans, a type for
    /// the pieces that are construction land in exactly those plans (and in none of the
    /// others, or outside them). With two plans `a` and `b` these are `both_construction`,
    /// `only_a`, `only_b` and `neither`.
    pub fn construction_default(plans: &[&str]) -> ConflictTypes {
        let n = plans.len();
        let mut sets: Vec<Vec<usize>> = (0..(1u64 << n.min(16)))
            .map(|mask| (0..n).filter(|i| mask & (1 << i) != 0).collect())
            .collect();
        sets.sort_by(|a: &Vec<usize>, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let types = sets
            .into_iter()
            .map(|set| {
                let names: Vec<&str> = set.iter().map(|&i| plans[i]).collect();
                let (code, name_zh) = if set.len() == n && n == 2 {
                    (
                        "both_construction".to_string(),
                        "两规均为建设用地".to_string(),
                    )
                } else if set.len() == n {
                    (
                        "all_construction".to_string(),
                        "各规划均为建设用地".to_string(),
                    )
                } else if set.is_empty() && n == 2 {
                    ("neither".to_string(), "两规均非建设用地".to_string())
                } else if set.is_empty() {
                    ("neither".to_string(), "各规划均非建设用地".to_string())
                } else {
                    (
                        format!("only_{}", names.join("+")),
                        format!("仅{}为建设用地（差异图斑）", names.join("、")),
                    )
                };
                let when = (0..n)
                    .map(|i| {
                        let accept = if set.contains(&i) {
                            vec![Accept::Category(CONSTRUCTION.into())]
                        } else {
                            vec![Accept::Category(NON_CONSTRUCTION.into()), Accept::Outside]
                        };
                        (plans[i].to_string(), accept)
                    })
                    .collect();
                ConflictType {
                    difference: !set.is_empty() && set.len() < n,
                    code,
                    name_zh,
                    resolution: None,
                    when,
                }
            })
            .collect();
        ConflictTypes { types }
    }

    /// The categories of each plan's mapping that no type names (a typo in a mapping, or a
    /// category the table forgot): `plan a: category 'x' (codes 0702, 0703)`.
    pub fn unused_categories(&self, mapping: &PlanMapping, plans: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for plan in plans {
            let Some(table) = mapping.plans.get(*plan) else {
                continue;
            };
            let mut cats: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for (code, m) in table {
                cats.entry(m.category.as_str()).or_default().push(code);
            }
            for (cat, codes) in cats {
                let named = self.types.iter().any(|t| {
                    t.when.get(*plan).is_some_and(|acc| {
                        acc.iter()
                            .any(|a| matches!(a, Accept::Category(c) if c == cat))
                    })
                });
                if !named {
                    out.push(format!(
                        "plan {plan}: category '{cat}' (codes {}) is named by no conflict type",
                        codes.join(", ")
                    ));
                }
            }
        }
        out
    }

    /// Checks the table against the plans and control lines of a comparison: every name in a
    /// condition is one of them, every category one the plan's mapping gives.
    ///
    /// # Errors
    /// [`Error::Settings`] naming the type and the unknown name or category.
    pub fn check(&self, mapping: &PlanMapping, plans: &[&str], lines: &[String]) -> Result<()> {
        for t in &self.types {
            for (key, accept) in &t.when {
                let is_line = lines.iter().any(|l| l == key);
                if !is_line && !plans.contains(&key.as_str()) {
                    let hint = if lines.is_empty() {
                        "; no control lines were given: add them with --lines"
                    } else {
                        ""
                    };
                    return Err(Error::Settings(format!(
                        "rule table type '{}': '{key}' is neither a plan ({}) nor a control line ({}){hint}",
                        t.code,
                        plans.join(", "),
                        lines.join(", ")
                    )));
                }
                for a in accept {
                    let Accept::Category(c) = a else { continue };
                    let known = !is_line
                        && mapping
                            .plans
                            .get(key)
                            .is_some_and(|m| m.values().any(|v| &v.category == c));
                    if !known {
                        return Err(Error::Settings(format!(
                            "rule table type '{}': {key} has no category '{c}' (a control line accepts in, none, any; a plan the categories of its mapping, *, none, any)",
                            t.code
                        )));
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_table_of_two_plans_is_the_classic_one() {
        let t = ConflictTypes::construction_default(&["a", "b"]);
        let codes: Vec<&str> = t.types.iter().map(|t| t.code.as_str()).collect();
        assert_eq!(codes, ["both_construction", "only_a", "only_b", "neither"]);
        let state = |k: &str| (k == "a").then_some(CONSTRUCTION);
        let hit: Vec<&str> = t
            .types
            .iter()
            .filter(|t| t.matches(&state))
            .map(|t| t.code.as_str())
            .collect();
        assert_eq!(hit, ["only_a"]);
        let three = ConflictTypes::construction_default(&["x", "y", "z"]);
        assert_eq!(three.types.len(), 8);
        assert_eq!(three.types[0].code, "all_construction");
        assert_eq!(three.types[1].code, "only_x+y");
        assert_eq!(three.types[7].code, "neither");
    }

    #[test]
    fn a_rule_table_is_read_and_checked() {
        let t = ConflictTypes::from_toml_str(
            "[[type]]\ncode = \"u\"\nname = \"城规占农\"\nresolution = \"调整\"\nwhen = { urban = \"construction\", YJJBNTBHTB = \"in\" }\n",
        )
        .unwrap();
        assert_eq!(t.types[0].when["YJJBNTBHTB"], [Accept::Inside]);
        let m = PlanMapping::from_toml_str("[urban]\nR2 = \"construction\"\n").unwrap();
        t.check(&m, &["urban"], &["YJJBNTBHTB".into()]).unwrap();
        let err = t.check(&m, &["city"], &["YJJBNTBHTB".into()]).unwrap_err();
        assert!(err.to_string().contains("'urban' is neither"), "{err}");
        let typo = ConflictTypes::from_toml_str(
            "[[type]]\ncode = \"u\"\nname = \"x\"\nwhen = { urban = \"constrution\" }\n",
        )
        .unwrap();
        let err = typo.check(&m, &["urban"], &[]).unwrap_err();
        assert!(
            err.to_string().contains("no category 'constrution'"),
            "{err}"
        );
    }
}
