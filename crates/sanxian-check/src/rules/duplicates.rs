//! Duplicates within a layer: identical geometries, identifiers (BSM) used twice.

use geo::{Coord, LineString, MultiPolygon};
use rayon::prelude::*;
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
    // Features are sorted by a hash of their coordinates' bits; runs of equal hashes are split
    // into groups of exactly equal geometries (a collision only costs a comparison).
    let mut keyed: Vec<(u64, usize)> = layer
        .features
        .par_iter()
        .enumerate()
        .map(|(i, f)| (geometry_hash(&f.geometry), i))
        .collect();
    keyed.sort_unstable();
    let mut groups = Vec::new();
    let mut k = 0;
    while k < keyed.len() {
        let mut j = k + 1;
        while j < keyed.len() && keyed[j].0 == keyed[k].0 {
            j += 1;
        }
        if j - k > 1 {
            let mut run: Vec<usize> = keyed[k..j].iter().map(|x| x.1).collect();
            while let Some(first) = run.first().copied() {
                let geometry = &layer.features[first].geometry;
                let (same, rest): (Vec<usize>, Vec<usize>) = run
                    .iter()
                    .partition(|&&m| bit_identical(&layer.features[m].geometry, geometry));
                if same.len() > 1 {
                    groups.push(same);
                }
                run = rest;
            }
        }
        k = j;
    }
    for g in &mut groups {
        g.sort_unstable();
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

/// The rings of a geometry in order, each as its coordinates.
fn rings(g: &MultiPolygon<f64>) -> impl Iterator<Item = &LineString<f64>> {
    g.0.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
}

/// A hash of the coordinates' bits and the ring lengths (FxHash-style mixing: fast, and the
/// same on every machine).
fn geometry_hash(g: &MultiPolygon<f64>) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |h: u64, v: u64| (h.rotate_left(5) ^ v).wrapping_mul(K);
    rings(g).fold(0, |h, r| {
        let h =
            r.0.iter()
                .fold(h, |h, c| mix(mix(h, c.x.to_bits()), c.y.to_bits()));
        mix(h, r.0.len() as u64)
    })
}

/// The same rings with the same vertices, bit for bit.
fn bit_identical(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> bool {
    let bits = |c: &Coord<f64>| (c.x.to_bits(), c.y.to_bits());
    rings(a).count() == rings(b).count()
        && rings(a).zip(rings(b)).all(|(x, y)| {
            x.0.len() == y.0.len() && x.0.iter().zip(&y.0).all(|(p, q)| bits(p) == bits(q))
        })
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
