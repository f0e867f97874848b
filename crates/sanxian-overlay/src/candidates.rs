//! Step 1 of conflict detection: the candidate join on envelopes.
//!
//! Every part (polygon) of every feature is one entry of an R-tree, bulk-loaded (rstar 0.12's
//! OMT packing); two trees are joined node against node — the join of
//! [`rstar::RTree::intersection_candidates_with_other_tree`], written here over rstar's public
//! node structure so that it can run in parallel (rayon, over the pairs of subtrees two levels
//! down) and, within one layer, visit each unordered pair of nodes once. The cost is the size
//! of the output plus a logarithmic factor rather than one query per feature.
//!
//! Parts, not features, are indexed, so that a multi-part feature spread over a county does not
//! become one huge box; part pairs are reduced to feature pairs.
//!
//! Boxes are closed: features whose boxes only touch are candidates too (refinement dismisses
//! them), so the join never misses a pair that refinement would find.

use rayon::prelude::*;
use rstar::{Envelope, ParentNode, RTree, RTreeNode, RTreeObject, AABB};
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

type Node = RTreeNode<PartEntry>;

/// Part entries of a layer, and whether every feature has exactly one part.
fn entries(layer: &PreparedLayer<'_>) -> (Vec<PartEntry>, bool) {
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
    let single = !v.windows(2).any(|w| w[0].feature == w[1].feature);
    (v, single)
}

/// Joins two subtrees into `out`. With `same` (one node against itself, within a layer),
/// each unordered pair of children is visited once and pairs are emitted with `a < b`.
fn join(a: &Node, b: &Node, same: bool, within: bool, out: &mut Vec<Candidate>) {
    match (a, b) {
        (RTreeNode::Leaf(x), RTreeNode::Leaf(y)) => {
            if !within {
                out.push(Candidate {
                    a: x.feature,
                    b: y.feature,
                });
            } else if x.feature != y.feature {
                out.push(Candidate {
                    a: x.feature.min(y.feature),
                    b: x.feature.max(y.feature),
                });
            }
        }
        (RTreeNode::Parent(pa), RTreeNode::Parent(pb)) => join_parents(pa, pb, same, within, out),
        (RTreeNode::Leaf(_), RTreeNode::Parent(pb)) => {
            let env = a.envelope();
            for cb in pb.children() {
                if env.intersects(&cb.envelope()) {
                    join(a, cb, false, within, out);
                }
            }
        }
        (RTreeNode::Parent(pa), RTreeNode::Leaf(_)) => {
            let env = b.envelope();
            for ca in pa.children() {
                if env.intersects(&ca.envelope()) {
                    join(ca, b, false, within, out);
                }
            }
        }
    }
}

fn join_parents(
    pa: &ParentNode<PartEntry>,
    pb: &ParentNode<PartEntry>,
    same: bool,
    within: bool,
    out: &mut Vec<Candidate>,
) {
    for (i, ca) in pa.children().iter().enumerate() {
        let ea = ca.envelope();
        let from = if same { i } else { 0 };
        for (j, cb) in pb.children().iter().enumerate().skip(from) {
            if ea.intersects(&cb.envelope()) {
                join(ca, cb, same && i == j, within, out);
            }
        }
    }
}

/// Pairs of subtrees (as in [`join_parents`]) expanded `depth` levels, for parallel work.
fn split<'t>(
    a: &'t Node,
    b: &'t Node,
    same: bool,
    depth: usize,
    out: &mut Vec<(&'t Node, &'t Node, bool)>,
) {
    match (a, b) {
        (RTreeNode::Parent(pa), RTreeNode::Parent(pb)) if depth > 0 => {
            for (i, ca) in pa.children().iter().enumerate() {
                let ea = ca.envelope();
                let from = if same { i } else { 0 };
                for (j, cb) in pb.children().iter().enumerate().skip(from) {
                    if ea.intersects(&cb.envelope()) {
                        split(ca, cb, same && i == j, depth - 1, out);
                    }
                }
            }
        }
        _ => out.push((a, b, same)),
    }
}

fn tree_join(ta: &RTree<PartEntry>, tb: &RTree<PartEntry>, within: bool) -> Vec<Candidate> {
    let (ra, rb) = (ta.root(), tb.root());
    if ra.children().is_empty() || rb.children().is_empty() {
        return Vec::new();
    }
    if !ra.envelope().intersects(&rb.envelope()) {
        return Vec::new();
    }
    // Wrap the roots as nodes without copying: split at the root's children.
    let mut tasks = Vec::new();
    for (i, ca) in ra.children().iter().enumerate() {
        let ea = ca.envelope();
        let from = if within { i } else { 0 };
        for (j, cb) in rb.children().iter().enumerate().skip(from) {
            if ea.intersects(&cb.envelope()) {
                split(ca, cb, within && i == j, 2, &mut tasks);
            }
        }
    }
    let mut out: Vec<Candidate> = tasks
        .par_iter()
        .fold(Vec::new, |mut v, &(a, b, same)| {
            join(a, b, same, within, &mut v);
            v
        })
        .reduce(Vec::new, |mut x, mut y| {
            if x.len() < y.len() {
                std::mem::swap(&mut x, &mut y);
            }
            x.extend(y);
            x
        });
    out.par_sort_unstable();
    out
}

/// Feature pairs of `a` × `b` whose part boxes meet, sorted by `(a, b)`.
pub fn candidate_join(a: &PreparedLayer<'_>, b: &PreparedLayer<'_>) -> Vec<Candidate> {
    let ((ea, single_a), (eb, single_b)) = rayon::join(|| entries(a), || entries(b));
    let (ta, tb) = rayon::join(|| RTree::bulk_load(ea), || RTree::bulk_load(eb));
    let mut out = tree_join(&ta, &tb, false);
    if !(single_a && single_b) {
        out.dedup();
    }
    out
}

/// Feature pairs within `a` whose part boxes meet, each pair once with `a < b`, sorted.
pub fn candidate_join_within(a: &PreparedLayer<'_>) -> Vec<Candidate> {
    let (ea, single) = entries(a);
    let t = RTree::bulk_load(ea);
    let mut out = tree_join(&t, &t, true);
    if !single {
        out.dedup();
    }
    out
}

/// The same join by testing every pair of parts: quadratic, the oracle for tests of
/// [`candidate_join`] (and of [`candidate_join_within`] with `within`, when `a` and `b` are the
/// same layer: pairs with `a < b` only).
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
