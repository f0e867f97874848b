//! Which layer of a draft is which layer of the profile: by name (code or alias), by the
//! element codes its features carry, or by its field set.
//!
//! A planning institute names files as it likes (`永农_2023.shp`, `红线成果.shp`); the standard
//! identifies a layer by its element code (YSDM) and its fields as well. A layer whose name
//! says nothing is recognised by its content, and the report says how; one that nothing
//! identifies is listed with the closest candidate.

use sanxian_rules::finding::Recognition;
use sanxian_rules::profile::{LayerSpec, Presence};
use sanxian_rules::Profile;
use sanxian_types::{Layer, LayerKind};

use crate::Draft;

/// Share of the features whose element code must be one of the spec's (among those that
/// have one) to recognise a layer by it.
const YSDM_SHARE: f64 = 0.5;
/// Share of a spec's mandatory fields a layer must have to be recognised by its fields.
const FIELD_SHARE: f64 = 0.8;

/// Whether a file or layer name names the spec: its code or an alias as the whole name, or as
/// a prefix or suffix set off by `_`, `-`, `.`, a space or digits; a non-ASCII (Chinese) alias
/// anywhere in the name.
pub fn name_matches(spec: &LayerSpec, name: &str) -> bool {
    let stem = stem(name).to_uppercase();
    let is_sep = |c: char| matches!(c, '_' | '-' | '.' | ' ') || c.is_ascii_digit();
    std::iter::once(&spec.code)
        .chain(&spec.aliases)
        .any(|alias| {
            let a = alias.to_uppercase();
            if a.is_empty() {
                return false;
            }
            if !a.is_ascii() {
                return stem.contains(&a);
            }
            stem == a
                || stem
                    .strip_prefix(&a)
                    .is_some_and(|rest| rest.starts_with(is_sep))
                || stem
                    .strip_suffix(&a)
                    .is_some_and(|rest| rest.ends_with(is_sep))
        })
}

fn stem(name: &str) -> &str {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    // `file.gpkg:layer` names the layer after the colon.
    let base = base.rsplit(':').next().unwrap_or(base);
    match base.rfind('.') {
        Some(d) if d > 0 => &base[..d],
        _ => base,
    }
}

/// Of the features that carry an element code, the share whose code is one the spec lists
/// (`None` when the spec lists none or the layer has no such field or no codes).
pub fn ysdm_share(spec: &LayerSpec, layer: &Layer) -> Option<(f64, usize)> {
    let f = spec.field(&spec.identify_by)?;
    if f.values.is_empty() {
        return None;
    }
    let i = std::iter::once(&f.name)
        .chain(&f.aliases)
        .find_map(|n| layer.field_index(n))?;
    let mut with = 0usize;
    let mut hits = 0usize;
    for feat in &layer.features {
        let v = crate::text_at(feat, Some(i));
        if v.is_empty() {
            continue;
        }
        with += 1;
        if f.values.iter().any(|x| value_matches(x, &v)) {
            hits += 1;
        }
    }
    (with > 0).then(|| (hits as f64 / with as f64, hits))
}

/// Whether a listed value (a trailing `*` makes it a prefix) matches `v`.
pub fn value_matches(listed: &str, v: &str) -> bool {
    match listed.strip_suffix('*') {
        Some(p) => v.starts_with(p),
        None => listed == v,
    }
}

/// The share of the spec's mandatory fields the layer has (by name or alias), and how many.
pub fn field_share(spec: &LayerSpec, layer: &Layer) -> (f64, usize, usize) {
    let mandatory: Vec<_> = spec
        .fields
        .iter()
        .filter(|f| f.presence == Presence::M)
        .collect();
    let have = mandatory
        .iter()
        .filter(|f| {
            std::iter::once(&f.name)
                .chain(&f.aliases)
                .any(|n| layer.field_index(n).is_some())
        })
        .count();
    let n = mandatory.len();
    ((have as f64) / (n.max(1) as f64), have, n)
}

/// What the profile says a layer is, and how it knows; `None` when nothing identifies it.
fn identify(profile: &Profile, layer: &Layer) -> Option<(usize, String)> {
    if let Some(s) = profile
        .layers
        .iter()
        .position(|s| name_matches(s, &layer.path) || name_matches(s, &layer.name))
    {
        return Some((s, "its name".into()));
    }
    let by_code: Vec<(usize, f64, usize)> = profile
        .layers
        .iter()
        .enumerate()
        .filter_map(|(s, spec)| ysdm_share(spec, layer).map(|(share, n)| (s, share, n)))
        .filter(|&(_, share, _)| share >= YSDM_SHARE)
        .collect();
    if let [(s, share, n)] = by_code[..] {
        let spec = &profile.layers[s];
        return Some((
            s,
            format!(
                "its {} values ({n} features, {:.0} %)",
                spec.identify_by,
                share * 100.0
            ),
        ));
    }
    let mut by_fields: Vec<(usize, f64, usize, usize)> = profile
        .layers
        .iter()
        .enumerate()
        .map(|(s, spec)| {
            let (share, have, n) = field_share(spec, layer);
            (s, share, have, n)
        })
        .filter(|&(_, share, have, _)| share >= FIELD_SHARE && have >= 3)
        .collect();
    by_fields.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.2.cmp(&a.2)));
    match by_fields[..] {
        [(s, _, have, n)] => Some((s, format!("its fields ({have} of {n} mandatory fields)"))),
        [(s, sa, ha, n), (_, sb, hb, _), ..] if sa > sb || ha > hb => {
            Some((s, format!("its fields ({ha} of {n} mandatory fields)")))
        }
        _ => None,
    }
}

/// Why a layer is not any layer of the profile, with the closest candidate.
pub fn explain(profile: &Profile, layer: &Layer) -> String {
    let best = profile
        .layers
        .iter()
        .map(|s| (s, field_share(s, layer)))
        .max_by(|a, b| a.1 .0.total_cmp(&b.1 .0).then(b.0.code.cmp(&a.0.code)));
    let mut why =
        "neither its name nor its element codes nor its fields match a layer of the profile"
            .to_string();
    if let Some((s, (_, have, n))) = best {
        if have > 0 {
            why.push_str(&format!(
                "; closest: {} {} ({have} of its {n} mandatory fields)",
                s.code, s.name
            ));
        }
    }
    why
}

impl Draft {
    /// Recognises the layers that their names did not identify (kind `Other`) by the
    /// profile: its aliases, the element codes (YSDM) of their features, their field sets.
    /// A layer is given a kind only when no other layer of the draft has it. Returns what it
    /// recognised (also kept in [`Draft::recognised`]).
    pub fn recognise(&mut self, profile: &Profile) -> Vec<Recognition> {
        let mut found = Vec::new();
        for i in 0..self.layers.len() {
            if self.layers[i].kind != LayerKind::Other {
                continue;
            }
            let Some((s, how)) = identify(profile, &self.layers[i]) else {
                continue;
            };
            let spec = &profile.layers[s];
            let Ok(kind) = spec.kind.parse::<LayerKind>() else {
                continue;
            };
            if kind == LayerKind::Other || self.layers.iter().any(|l| l.kind == kind) {
                continue;
            }
            self.layers[i].kind = kind;
            if let Some(input) = self.inputs.get_mut(i) {
                input.layer = spec.code.clone();
            }
            found.push(Recognition {
                path: self.layers[i].path.clone(),
                layer: spec.code.clone(),
                by: how,
            });
        }
        self.recognised.extend(found.iter().cloned());
        found
    }
}

/// The profile layer each draft layer is, by position: by kind for the standard kinds, by
/// name for the profile's other layers.
pub(crate) fn bind(profile: &Profile, layers: &[Layer]) -> Vec<Option<usize>> {
    let mut taken = vec![false; profile.layers.len()];
    layers
        .iter()
        .map(|l| {
            let s = profile.layers.iter().enumerate().position(|(s, spec)| {
                !taken[s]
                    && match spec.kind.parse::<LayerKind>() {
                        Ok(LayerKind::Other) | Err(_) => {
                            l.kind == LayerKind::Other
                                && (name_matches(spec, &l.path) || name_matches(spec, &l.name))
                        }
                        Ok(kind) => l.kind == kind,
                    }
            })?;
            taken[s] = true;
            Some(s)
        })
        .collect()
}
