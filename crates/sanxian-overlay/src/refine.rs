//! Step 2 of conflict detection: exact refinement of the candidate pairs, in parallel.

use std::cmp::Ordering;

use geo::{BooleanOps, MultiPolygon, Polygon};
use rayon::prelude::*;
use serde::Serialize;

use crate::candidates::Candidate;
use crate::local::{refine_part, Method, Scratch};
use crate::prepare::{PreparedFeature, PreparedLayer};
use crate::report::{Conflict, NotComputable, OverlapReport, PairSummary};

use crate::OverlapOptions;

/// How the refined parts were decided, for benchmarks and for explaining costs.
///
/// A "unit" is one part of the subject feature (the one with fewer vertices) against the whole
/// other feature.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RefineStats {
    /// Units whose boxes only touched.
    pub boxes: usize,
    /// Units decided by one point-in-polygon (no edge of the other feature near the part).
    pub point_in_polygon: usize,
    /// Units without crossing edges decided without overlay (shared edges, containment).
    pub classified: usize,
    /// Units clipped by the exact walk (crossings in general position).
    pub walked: usize,
    /// Units computed by a boolean operation on a local window.
    pub window: usize,
    /// Units computed by a boolean operation on whole geometries (no edge index, or fallback).
    pub whole: usize,
}

impl RefineStats {
    fn add(&mut self, m: Method) {
        match m {
            Method::Boxes => self.boxes += 1,
            Method::PointInPolygon => self.point_in_polygon += 1,
            Method::Classified => self.classified += 1,
            Method::Walk => self.walked += 1,
            Method::Window => self.window += 1,
            Method::Whole => self.whole += 1,
        }
    }

    fn merge(mut self, o: RefineStats) -> RefineStats {
        self.boxes += o.boxes;
        self.point_in_polygon += o.point_in_polygon;
        self.classified += o.classified;
        self.walked += o.walked;
        self.window += o.window;
        self.whole += o.whole;
        self
    }
}

enum Outcome<'a> {
    Conflict(Conflict<'a>),
    Below,
    NotComputable(NotComputable<'a>),
}

/// The subject of a pair is the feature with fewer vertices (then the smaller box, then the
/// smaller coordinates), so that `(A, B)` and `(B, A)` run the same computation.
fn subject_first<'f, 'a>(
    fa: &'f PreparedFeature<'a>,
    fb: &'f PreparedFeature<'a>,
) -> (&'f PreparedFeature<'a>, &'f PreparedFeature<'a>) {
    let key = |f: &PreparedFeature<'_>| {
        (
            f.vertices,
            f.bbox.min_x,
            f.bbox.min_y,
            f.bbox.max_x,
            f.bbox.max_y,
        )
    };
    let (ka, kb) = (key(fa), key(fb));
    let ord =
        ka.0.cmp(&kb.0)
            .then(ka.1.total_cmp(&kb.1))
            .then(ka.2.total_cmp(&kb.2))
            .then(ka.3.total_cmp(&kb.3))
            .then(ka.4.total_cmp(&kb.4));
    // Equal keys: the first differing coordinate decides (identical geometries give identical
    // computations either way).
    let ord = ord.then_with(|| {
        let coords = |f: &'f PreparedFeature<'a>| {
            (0..f.ring_count()).flat_map(move |r| f.ring_coords(r).iter().flat_map(|c| [c.x, c.y]))
        };
        coords(fa)
            .zip(coords(fb))
            .map(|(u, v)| u.total_cmp(&v))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    });
    if ord == Ordering::Greater {
        (fb, fa)
    } else {
        (fa, fb)
    }
}

/// The exact overlap of two prepared features, and how its units were decided.
///
/// With `use_edge_index` off, one boolean operation on the whole geometries.
pub fn overlap_of(
    fa: &PreparedFeature<'_>,
    fb: &PreparedFeature<'_>,
    opts: &OverlapOptions,
) -> (MultiPolygon<f64>, RefineStats) {
    let mut s = Scratch::default();
    overlap_with(fa, fb, opts, &mut s)
}

fn overlap_with(
    fa: &PreparedFeature<'_>,
    fb: &PreparedFeature<'_>,
    opts: &OverlapOptions,
    s: &mut Scratch,
) -> (MultiPolygon<f64>, RefineStats) {
    let mut stats = RefineStats::default();
    if !opts.use_edge_index {
        stats.whole += 1;
        return (fa.geom.intersection(&*fb.geom), stats);
    }
    let (x, y) = subject_first(fa, fb);
    let mut pieces: Vec<Polygon<f64>> = Vec::new();
    for part in 0..x.parts.len() {
        if !x.parts[part].bbox.intersects(&y.bbox) {
            continue;
        }
        stats.add(refine_part(x, part, y, s, &mut pieces));
    }
    (MultiPolygon(pieces), stats)
}

/// Candidates per parallel task of [`refine`].
const REFINE_CHUNK: usize = 2048;

/// Refines candidate pairs of `a` × `b` (`a` and `b` the same layer for overlaps within a
/// layer): exact overlap geometry and area for each, conflicts at or above the area tolerance.
///
/// Parallel over candidates (rayon); the result does not depend on the number of threads.
pub fn refine<'a>(
    a: &PreparedLayer<'a>,
    b: &PreparedLayer<'a>,
    candidates: &[Candidate],
    opts: &OverlapOptions,
) -> OverlapReport<'a> {
    let within = std::ptr::eq(a, b);
    let (la, lb) = (a.layer.name.as_str(), b.layer.name.as_str());
    let tol = opts.area_tolerance_m2;
    // Candidates are refined in parallel chunks, each with its own scratch and outcome list;
    // the lists are joined once, in candidate order.
    let chunks: Vec<(Vec<Outcome<'a>>, RefineStats)> = candidates
        .par_chunks(REFINE_CHUNK)
        .map(|chunk| {
            let (mut v, mut st, mut s) = (Vec::new(), RefineStats::default(), Scratch::default());
            for c in chunk {
                let fa = &a.features[c.a as usize];
                let fb = &b.features[c.b as usize];
                let (mut ia, mut ib) = (fa.id, fb.id);
                let (mut pa, mut pb) = (c.a as usize, c.b as usize);
                if within && ib < ia {
                    std::mem::swap(&mut ia, &mut ib);
                    std::mem::swap(&mut pa, &mut pb);
                }
                let bad = fa
                    .unusable
                    .as_ref()
                    .map(|r| (fa.id, r))
                    .or(fb.unusable.as_ref().map(|r| (fb.id, r)));
                let not_computable = |reason: String| {
                    Outcome::NotComputable(NotComputable {
                        index_a: pa,
                        feature_a: ia,
                        index_b: pb,
                        feature_b: ib,
                        reason,
                    })
                };
                if let Some((id, reason)) = bad {
                    v.push(not_computable(format!("{id}: {reason}")));
                    continue;
                }
                // A panic in the geometry code (ours or a dependency's) on some odd input
                // becomes a pair that is not computable, not a crashed job.
                let run = crate::boolean::guarded(|| overlap_with(fa, fb, opts, &mut s));
                let (overlap, pst) = match run {
                    Ok(r) => r,
                    Err(what) => {
                        s = Scratch::default();
                        v.push(not_computable(format!(
                            "the overlay failed on this pair ({what}); please report it with both geometries"
                        )));
                        continue;
                    }
                };
                let planar_m2 = sanxian_types::planar::multipolygon_area(&overlap);
                if planar_m2 >= tol && planar_m2 > 0.0 {
                    v.push(Outcome::Conflict(Conflict {
                        layer_a: la,
                        index_a: pa,
                        feature_a: ia,
                        layer_b: lb,
                        index_b: pb,
                        feature_b: ib,
                        overlap,
                        planar_m2,
                    }));
                } else if planar_m2 > 0.0 {
                    v.push(Outcome::Below);
                }
                st = st.merge(pst);
            }
            (v, st)
        })
        .collect();
    let total = chunks.iter().map(|(v, _)| v.len()).sum();
    let mut outcomes: Vec<Outcome<'a>> = Vec::with_capacity(total);
    let mut stats = RefineStats::default();
    for (v, st) in chunks {
        outcomes.extend(v);
        stats = stats.merge(st);
    }
    let mut conflicts = Vec::new();
    let mut not_computable = Vec::new();
    let mut below = 0;
    for o in outcomes {
        match o {
            Outcome::Conflict(c) => conflicts.push(c),
            Outcome::Below => below += 1,
            Outcome::NotComputable(n) => not_computable.push(n),
        }
    }
    conflicts.par_sort_by(|x, y| {
        (x.feature_a, x.feature_b, x.index_a, x.index_b).cmp(&(
            y.feature_a,
            y.feature_b,
            y.index_a,
            y.index_b,
        ))
    });
    not_computable.sort_by(|x, y| {
        (x.feature_a, x.feature_b, x.index_a, x.index_b).cmp(&(
            y.feature_a,
            y.feature_b,
            y.index_a,
            y.index_b,
        ))
    });
    let mut repaired = a.repairs.clone();
    if !within {
        repaired.extend(b.repairs.iter().cloned());
    }
    let planar_m2 = 0.0 + conflicts.iter().map(|c| c.planar_m2).sum::<f64>();
    let summary = PairSummary {
        layers: [la.to_string(), lb.to_string()],
        pairs: conflicts.len(),
        planar_m2,
        candidates: candidates.len(),
        below_tolerance: below,
        area_tolerance_m2: tol,
        repaired: repaired.len(),
        not_computable: not_computable.len(),
    };
    OverlapReport {
        summary,
        conflicts,
        repaired,
        not_computable,
        stats,
    }
}
