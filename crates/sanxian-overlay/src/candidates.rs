//! Step 1 of conflict detection: the candidate join on envelopes.
//!
//! Every part (polygon) of every feature is one entry of an R-tree, bulk-loaded (rstar's OMT
//! packing); two trees are joined node against node
//! ([`rstar::RTree::intersection_candidates_with_other_tree`]), so the cost is the size of the
//! output plus a logarithmic factor rather than one query per feature. Parts, not features, are
//! indexed so that a multi-part feature spread over a county does not become one huge box; the
//! part pairs found are reduced to feature pairs.
//!
//! Boxes are closed: features whose boxes only touch are candidates too (refinement then
//! dismisses them), so the join never misses a pair that refinement would find.

use rayon::prelude::*;
use rstar::{RTree, RTreeObject, AABB};
use serde::Serialize;

use crate::prepare::PreparedLayer;

/// A candidate pair: positions of the two features in their layers' feature lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Candidate {
    /// Position of the feature in the first layer.
    pub a: u32,
    /// Position of the feature in the second layer (the same layer within one layer).
    pub b: u32,
}

#[derive(Debug, Clone, Copy)]
struct PartEntry {
    env: AABB<[f64; 2]>,
    feature: u32,
}

impl RTreeObject for PartEntry {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        self.env
    }
}

fn entries(layer: &PreparedLayer<'_>) -> (Vec<PartEntry>, bool) {
    let mut single = true;
    let v: Vec<PartEntry> = layer
        .features
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, f)| {
            f.parts
                .iter()
                .filter(|p| !p.bbox.is_empty())
                .map(move |p| PartEntry {
                    env: p.bbox.aabb(),
                    feature: i as u32,
                })
        })
        .collect();
    if v.len() != layer.features.len() || v.windows(2).any(|w| w[0].feature == w[1].feature) {
        single = false;
    }
    (v, single)
}

/// Feature pairs of `a` × `b` whose part boxes meet, sorted by `(a, b)`.
pub fn candidate_join(a: &PreparedLayer<'_>, b: &PreparedLayer<'_>) -> Vec<Candidate> {
    let ((ea, single_a), (eb, single_b)) = rayon::join(|| entries(a), || entries(b));
    let (ta, tb) = rayon::join(|| RTree::bulk_load(ea), || RTree::bulk_load(eb));
    let mut out: Vec<Candidate> = ta
        .intersection_candidates_with_other_tree(&tb)
        .map(|(x, y)| Candidate {
            a: x.feature,
            b: y.feature,
        })
        .collect();
    out.par_sort_unstable();
    if !(single_a && single_b) {
        out.dedup();
    }
    out
}

/// Feature pairs within `a` whose part boxes meet, each pair once with `a < b`, sorted.
pub fn candidate_join_within(a: &PreparedLayer<'_>) -> Vec<Candidate> {
    let (ea, single) = entries(a);
    let t = RTree::bulk_load(ea);
    let mut out: Vec<Candidate> = t
        .intersection_candidates_with_other_tree(&t)
        .filter(|(x, y)| x.feature < y.feature)
        .map(|(x, y)| Candidate {
            a: x.feature,
            b: y.feature,
        })
        .collect();
    out.par_sort_unstable();
    if !single {
        out.dedup();
    }
    out
}

/// The same join by testing every pair of parts: quadratic, the oracle for tests of
/// [`candidate_join`] (and [`candidate_join_within`] when `a` and `b` are the same layer,
/// keeping only `a < b`).
pub fn candidate_join_brute_force(
    a: &PreparedLayer<'_>,
    b: &PreparedLayer<'_>,
    within: bool,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = (0..a.features.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            let fa = &a.features[i];
            b.features
                .iter()
                .enumerate()
                .filter(move |(j, fb)| {
                    (!within || i < *j)
                        && fa.parts.iter().any(|pa| {
                            !pa.bbox.is_empty()
                                && fb
                                    .parts
                                    .iter()
                                    .any(|pb| !pb.bbox.is_empty() && pa.bbox.intersects(&pb.bbox))
                        })
                })
                .map(move |(j, _)| Candidate {
                    a: i as u32,
                    b: j as u32,
                })
        })
        .collect();
    out.sort_unstable();
    out
}
