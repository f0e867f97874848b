//! `extends`: a profile that starts from another and lists only what it changes.
//!
//! Tables merge key by key (`[math]`, `[tolerances]`, `[rules.gap]` …); layers merge by
//! `code` and their fields by `name`, key by key, new ones appended in order; conditions,
//! formulas and controls with the id of an inherited one replace it, others are appended; a
//! dictionary of the same name replaces the inherited one whole (a variant's code list is the
//! list, not an addition).

use std::path::Path;

use toml::{Table, Value};

/// Deepest chain of `extends` followed (a longer one is a cycle, or a mistake).
const MAX_DEPTH: usize = 8;

/// The profile text `text` (from `origin`, whose directory holds relative `extends` paths)
/// with everything it extends merged in.
pub(super) fn resolve(
    text: &str,
    origin: &str,
    dir: Option<&Path>,
    depth: usize,
) -> Result<Table, String> {
    let table: Table = text
        .parse()
        .map_err(|e: toml::de::Error| format!("{origin}: {}", e.to_string().trim_end()))?;
    let Some(parent) = table
        .get("profile")
        .and_then(|p| p.get("extends"))
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .ok_or_else(|| format!("{origin}: [profile] extends must be a name or a path"))
        })
        .transpose()?
    else {
        return Ok(table);
    };
    if depth >= MAX_DEPTH {
        return Err(format!(
            "{origin}: extends more than {MAX_DEPTH} profiles deep (a cycle?)"
        ));
    }
    let mut base = if let Some((_, t)) = super::BUILTIN.iter().find(|(n, _)| *n == parent) {
        resolve(t, &format!("built-in {parent}"), None, depth + 1)?
    } else {
        let p = match dir {
            Some(d) => d.join(&parent),
            None => Path::new(&parent).to_path_buf(),
        };
        let t = std::fs::read_to_string(&p).map_err(|e| {
            format!(
                "{origin}: extends '{parent}', which is neither a built-in profile nor a readable file ({e})"
            )
        })?;
        let shown = p.display().to_string();
        resolve(&t, &shown, p.parent(), depth + 1)?
    };
    merge_root(&mut base, table);
    Ok(base)
}

fn merge_root(base: &mut Table, over: Table) {
    for (k, v) in over {
        match (k.as_str(), v) {
            ("layer", Value::Array(items)) => merge_by(base, &k, items, "code", true),
            ("condition" | "formula" | "control", Value::Array(items)) => {
                merge_by(base, &k, items, "id", false)
            }
            ("dictionary", Value::Table(dicts)) => {
                let slot = base.entry(k).or_insert_with(|| Value::Table(Table::new()));
                match slot {
                    Value::Table(t) => t.extend(dicts),
                    other => *other = Value::Table(dicts),
                }
            }
            (_, v) => merge_value(base, k, v),
        }
    }
}

/// Merges tables key by key (deeply); anything else replaces.
fn merge_value(base: &mut Table, k: String, v: Value) {
    match (base.get_mut(&k), v) {
        (Some(Value::Table(b)), Value::Table(o)) => {
            for (k2, v2) in o {
                merge_value(b, k2, v2);
            }
        }
        (_, v) => {
            base.insert(k, v);
        }
    }
}

/// Merges an array of tables by an identity key: same identity → merged (deeply when `deep`,
/// with a layer's `field` array merged by name) or replaced; new identities appended.
fn merge_by(base: &mut Table, key: &str, items: Vec<Value>, id: &str, deep: bool) {
    let slot = base
        .entry(key.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(existing) = slot else {
        *slot = Value::Array(items);
        return;
    };
    for item in items {
        let ident = item
            .get(id)
            .and_then(Value::as_str)
            .map(str::to_ascii_uppercase);
        let found = ident.as_ref().and_then(|want| {
            existing.iter_mut().find(|e| {
                e.get(id)
                    .and_then(Value::as_str)
                    .is_some_and(|s| s.to_ascii_uppercase() == *want)
            })
        });
        match (found, item) {
            (Some(Value::Table(old)), Value::Table(new)) if deep => {
                for (k, v) in new {
                    if k == "field" {
                        if let Value::Array(fields) = v {
                            merge_by(old, "field", fields, "name", true);
                            continue;
                        }
                        old.insert(k, v);
                    } else {
                        merge_value(old, k, v);
                    }
                }
            }
            (Some(old), new) => *old = new,
            (None, new) => existing.push(new),
        }
    }
}
