//! Duplicates within a layer: identical geometries, identifiers (BSM) used twice.

use sanxian_rules::{FindingSeverity, RuleConfig, RuleId, RuleMeta, Stage};
use sanxian_types::Layer;

use crate::{Context, Findings, Result, Rule};

/// `duplicate-feature`.
pub const DUPLICATE_FEATURE: RuleId = RuleId(&RuleMeta {
    id: "duplicate-feature",
    code: 6103,
    title_zh: "重复要素",
    title_en: "duplicate feature",
    resolution: "Delete one of the copies, keeping the one whose attributes are right.",
    severity: FindingSeverity::Error,
    stage: Stage::Validate,
});

/// Features of one layer with bit-identical geometry (the same vertices in the same order),
/// in groups. Overlap rules leave pairs within a group to `duplicate-feature`.
#[derive(Debug, Default)]
pub struct IdenticalGroups {
    /// Each group of two or more features (positions, ascending), groups by their first.
    pub groups: Vec<Vec<usize>>,
    /// For each feature, the index of its group, if it has one.
    group_of: Vec<Option<u32>>,
}

impl IdenticalGroups {
    /// Are features `a` and `b` copies of each other?
    pub fn same(&self, a: usize, b: usize) -> bool {
        let g = |k: usize| self.group_of.get(k).copied().flatten();
        g(a).is_some() && g(a) == g(b)
    }
}

pub(crate) fn identical_groups(layer: &Layer) -> IdenticalGroups {
    let mut keyed: Vec<(Vec<u64>, usize)> = layer
        .features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let key = f
                .geometry
                .0
                .iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                .flat_map(|r| {
                    r.0.iter()
                        .flat_map(|c| [c.x.to_bits(), c.y.to_bits()])
                        .chain([u64::MAX])
                })
                .collect();
            (key, i)
        })
        .collect();
    keyed.sort();
    let mut groups = Vec::new();
    let mut k = 0;
    while k < keyed.len() {
        let mut j = k + 1;
        while j < keyed.len() && keyed[j].0 == keyed[k].0 {
            j += 1;
        }
        if j - k > 1 {
            let mut g: Vec<usize> = keyed[k..j].iter().map(|x| x.1).collect();
            g.sort_unstable();
            groups.push(g);
        }
        k = j;
    }
    groups.sort();
    let mut group_of = vec![None; layer.features.len()];
    for (n, g) in groups.iter().enumerate() {
        for &m in g {
            group_of[m] = Some(n as u32);
        }
    }
    IdenticalGroups { groups, group_of }
}

/// Features with exactly the geometry of another feature of their layer.
pub struct DuplicateFeature;

impl Rule for DuplicateFeature {
    fn meta(&self) -> &'static RuleMeta {
        DUPLICATE_FEATURE.0
    }

    fn run(&self, cx: &Context<'_>, cfg: &RuleConfig, out: &mut Findings) -> Result<()> {
        for &i in cx.checked() {
            cx.warm(i)?;
            let layer = cx.layer(i);
            for g in &cx.duplicates(i)?.groups {
                let fa = &layer.features[g[0]];
                for &b in &g[1..] {
                    let fb = &layer.features[b];
                    let mut x = cx.finding(
                        self.id(),
                        cfg,
                        i,
                        g[0],
                        format!("{} has exactly the geometry of {}", fb.id, fa.id),
                    )?;
                    x.features.push(fb.id.clone());
                    x.location = super::first_vertex(&fa.geometry);
                    out.push(x);
                }
            }
        }
        Ok(())
    }
}
