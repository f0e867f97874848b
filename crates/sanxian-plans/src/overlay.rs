//! The overlay of any number of layers into pieces: every piece lies wholly inside or wholly
//! outside each feature of every layer, and knows its source feature in each layer. One
//! engine under every ledger of this crate (plan comparison, tabulation); it is the chained
//! pairwise overlay that geopandas' `overlay(how=...)` performs, on the overlay engine's
//! candidate join and exact refinement.

use std::collections::BTreeSet;

use rayon::prelude::*;
use sanxian_overlay::{boolean, overlaps_between, overlaps_within, OverlapOptions};
use sanxian_types::geo_types::MultiPolygon;
use sanxian_types::{planar, Crs, Layer, LayerKind};
use serde::Serialize;

use crate::{Error, Result};

/// How a layer joins the overlay of the layers before it (geopandas' `how`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// Keep every piece: in both, in the earlier layers only, in this layer only.
    Union,
    /// Keep the pieces in both.
    Intersection,
    /// Keep the pieces of the earlier layers outside this layer.
    Difference,
    /// Keep the pieces of the earlier layers, cut by this layer.
    Identity,
}

/// One layer of an overlay. The first layer's `how` is not used: its features are the
/// starting pieces.
#[derive(Debug, Clone)]
pub struct OverlayLayer<'a> {
    /// The layer.
    pub layer: &'a Layer,
    /// How it joins.
    pub how: How,
    /// Pairs of its features (positions) that may overlap each other, when the caller knows
    /// them (a dissolved layer): the overlay then does not search for them. `None`: found by
    /// the overlay engine and reported in [`Overlay::self_overlap`].
    pub known_overlaps: Option<Vec<(usize, usize)>>,
}

impl<'a> OverlayLayer<'a> {
    /// A layer joining as `how`, its self-overlap found by the overlay.
    pub fn new(layer: &'a Layer, how: How) -> OverlayLayer<'a> {
        OverlayLayer {
            layer,
            how,
            known_overlaps: None,
        }
    }
}

/// One piece of an overlay.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// Per layer (in the order given): the position of the feature the piece lies in, or
    /// `None` when it lies outside that layer.
    pub sources: Vec<Option<usize>>,
    /// The piece, in the working CRS.
    pub geometry: MultiPolygon<f64>,
    /// Its planar area, m².
    pub planar_m2: f64,
}

/// Two features of one layer that overlap each other (their overlap pieces count once per
/// feature).
#[derive(Debug, Clone, PartialEq)]
pub struct SelfOverlap {
    /// Position of the first feature.
    pub index_a: usize,
    /// Position of the second feature.
    pub index_b: usize,
    /// Their overlap.
    pub overlap: MultiPolygon<f64>,
    /// Its planar area, m².
    pub planar_m2: f64,
}

/// Result of [`overlay`].
#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    /// The pieces, sorted by their sources (layer by layer, outside before inside).
    pub pieces: Vec<Piece>,
    /// Per layer: planar area of the pieces under the minimum piece size dropped on its side.
    pub dropped_planar_m2: Vec<f64>,
    /// Per layer: its features that overlap each other (at least the minimum piece size), as
    /// the overlay engine finds them (empty for layers given with known overlaps).
    pub self_overlap: Vec<Vec<SelfOverlap>>,
    /// What could not be computed, naming the features.
    pub not_computable: Vec<String>,
}

/// The accumulated pieces of the layers overlaid so far.
struct Pieces {
    sources: Vec<Vec<Option<usize>>>,
    /// Their geometries as a layer, for the overlay engine.
    layer: Layer,
    /// Whether pieces may overlap each other (a layer overlaid so far overlaps itself).
    may_overlap: bool,
}

fn names(layers: &[OverlayLayer<'_>], sources: &[Option<usize>]) -> String {
    sources
        .iter()
        .zip(layers)
        .filter_map(|(s, l)| s.map(|k| l.layer.features[k].id.to_string()))
        .collect::<Vec<_>>()
        .join(" ∩ ")
}

/// `geometry` minus `pieces`; empty without a boolean operation when the pieces (known to be
/// disjoint) cover it up to less than `min_piece_m2`.
fn rest(
    geometry: &MultiPolygon<f64>,
    pieces: &[&MultiPolygon<f64>],
    disjoint: bool,
    min_piece_m2: f64,
) -> std::result::Result<MultiPolygon<f64>, String> {
    if pieces.is_empty() {
        return Ok(geometry.clone());
    }
    let covered: f64 = pieces.iter().map(|p| planar::multipolygon_area(p)).sum();
    if disjoint && planar::multipolygon_area(geometry) - covered < min_piece_m2 {
        return Ok(MultiPolygon(Vec::new()));
    }
    boolean::difference_all(geometry, pieces.iter().copied())
}

/// Overlays `layers` in order: the first layer's features are the starting pieces, each next
/// layer joins the pieces so far as its [`How`] says. All layers must be in one projected
/// working CRS. Pieces below `min_piece_m2` (planar m²) are dropped as slivers of shared
/// edges, their area kept per layer in [`Overlay::dropped_planar_m2`]; overlaps of less than
/// that between a piece and a feature are not cut out.
///
/// Where the features of a layer overlap each other, the pieces inside their overlap are
/// there once per feature; [`Overlay::self_overlap`] lists such pairs so that callers report
/// (or dissolve) them. Every boolean operation goes through the overlay's guarded path: a
/// piece that cannot be computed is named in [`Overlay::not_computable`].
///
/// # Errors
/// No layer, a layer without a CRS, layers in different CRSs, invalid `min_piece_m2`.
pub fn overlay(layers: &[OverlayLayer<'_>], min_piece_m2: f64) -> Result<Overlay> {
    let first = layers.first().ok_or(Error::NoLayers)?;
    let crs: Crs = first.layer.crs.ok_or_else(|| Error::NoCrs {
        layer: first.layer.name.clone(),
    })?;
    let mut opts = OverlapOptions::default();
    opts.area_tolerance_m2 = min_piece_m2;
    let n = layers.len();
    let mut self_overlap = Vec::with_capacity(n);
    for l in layers {
        if l.known_overlaps.is_some() {
            self_overlap.push(Vec::new());
            continue;
        }
        let within = overlaps_within(l.layer, &opts)?;
        self_overlap.push(
            within
                .conflicts
                .iter()
                .map(|c| SelfOverlap {
                    index_a: c.index_a,
                    index_b: c.index_b,
                    overlap: c.overlap.clone(),
                    planar_m2: c.planar_m2,
                })
                .collect::<Vec<_>>(),
        );
    }
    let overlapping: Vec<BTreeSet<(usize, usize)>> = self_overlap
        .iter()
        .zip(layers)
        .map(|(pairs, l)| match &l.known_overlaps {
            Some(known) => known.iter().map(|&(a, b)| (a.min(b), a.max(b))).collect(),
            None => pairs
                .iter()
                .map(|p| (p.index_a.min(p.index_b), p.index_a.max(p.index_b)))
                .collect(),
        })
        .collect();
    let mut not_computable = Vec::new();
    let mut dropped = vec![0.0f64; n];

    // The starting pieces: the first layer's features. The first step overlays the layer
    // itself, later steps the layer of the pieces so far.
    let start_sources: Vec<Vec<Option<usize>>> = (0..first.layer.features.len())
        .map(|k| {
            let mut s = vec![None; n];
            s[0] = Some(k);
            s
        })
        .collect();
    let mut acc: Option<Pieces> = None;
    for (step, next) in layers.iter().enumerate().skip(1) {
        let (acc_layer, acc_sources, acc_overlap) = match &acc {
            None => (first.layer, &start_sources, !overlapping[0].is_empty()),
            Some(p) => (&p.layer, &p.sources, p.may_overlap),
        };
        let report = overlaps_between(acc_layer, next.layer, &opts)?;
        for nc in &report.not_computable {
            not_computable.push(format!(
                "{} × {}: {}",
                names(layers, &acc_sources[nc.index_a]),
                next.layer.features[nc.index_b].id,
                nc.reason
            ));
        }
        let mut in_acc: Vec<Vec<(&MultiPolygon<f64>, usize)>> =
            vec![Vec::new(); acc_layer.features.len()];
        let mut in_next: Vec<Vec<(&MultiPolygon<f64>, usize)>> =
            vec![Vec::new(); next.layer.features.len()];
        for c in &report.conflicts {
            in_acc[c.index_a].push((&c.overlap, c.index_b));
            in_next[c.index_b].push((&c.overlap, c.index_a));
        }
        let mut sources: Vec<Vec<Option<usize>>> = Vec::new();
        let mut geometries: Vec<MultiPolygon<f64>> = Vec::new();
        if next.how != How::Difference {
            for c in &report.conflicts {
                let mut s = acc_sources[c.index_a].clone();
                s[step] = Some(c.index_b);
                sources.push(s);
                geometries.push(c.overlap.clone());
            }
        }
        if matches!(next.how, How::Union | How::Difference | How::Identity) {
            // The pieces so far outside the layer: disjoint cover unless the layer overlaps
            // itself inside the piece.
            let other = &overlapping[step];
            let rests: Vec<_> = acc_layer
                .features
                .par_iter()
                .zip(in_acc.par_iter())
                .map(|(f, inside)| {
                    let disjoint = inside.iter().enumerate().all(|(k, (_, j))| {
                        inside[k + 1..]
                            .iter()
                            .all(|(_, l)| !other.contains(&((*j).min(*l), (*j).max(*l))))
                    });
                    let pieces: Vec<&MultiPolygon<f64>> = inside.iter().map(|(p, _)| *p).collect();
                    rest(&f.geometry, &pieces, disjoint, min_piece_m2)
                })
                .collect();
            for (k, r) in rests.into_iter().enumerate() {
                match r {
                    Ok(g) => {
                        sources.push(acc_sources[k].clone());
                        geometries.push(g);
                    }
                    Err(why) => not_computable.push(format!(
                        "{}: its part outside {} could not be computed ({why})",
                        names(layers, &acc_sources[k]),
                        next.layer.name
                    )),
                }
            }
        }
        if next.how == How::Union {
            let rests: Vec<_> = next
                .layer
                .features
                .par_iter()
                .zip(in_next.par_iter())
                .map(|(f, inside)| {
                    let pieces: Vec<&MultiPolygon<f64>> = inside.iter().map(|(p, _)| *p).collect();
                    rest(&f.geometry, &pieces, !acc_overlap, min_piece_m2)
                })
                .collect();
            for (k, r) in rests.into_iter().enumerate() {
                match r {
                    Ok(g) => {
                        let mut s = vec![None; n];
                        s[step] = Some(k);
                        sources.push(s);
                        geometries.push(g);
                    }
                    Err(why) => not_computable.push(format!(
                        "{}: its part outside the layers before it could not be computed ({why})",
                        next.layer.features[k].id
                    )),
                }
            }
        }
        // Slivers of shared edges are dropped; what they add up to is kept per layer.
        let mut kept_sources = Vec::with_capacity(sources.len());
        let mut kept = Vec::with_capacity(sources.len());
        for (s, g) in sources.into_iter().zip(geometries) {
            let a = planar::multipolygon_area(&g);
            if a >= min_piece_m2 {
                kept_sources.push(s);
                kept.push(g);
            } else {
                for (k, src) in s.iter().enumerate() {
                    if src.is_some() {
                        dropped[k] += a;
                    }
                }
            }
        }
        let may_overlap =
            acc_overlap || (next.how != How::Difference && !overlapping[step].is_empty());
        acc = Some(Pieces {
            sources: kept_sources,
            layer: Layer::from_geometries("pieces", LayerKind::Other, Some(crs), kept),
            may_overlap,
        });
    }
    let (sources, geometries): (Vec<Vec<Option<usize>>>, Vec<MultiPolygon<f64>>) = match acc {
        None => (
            start_sources,
            first
                .layer
                .features
                .iter()
                .map(|f| f.geometry.clone())
                .collect(),
        ),
        Some(p) => (
            p.sources,
            p.layer.features.into_iter().map(|f| f.geometry).collect(),
        ),
    };
    let mut pieces: Vec<Piece> = Vec::with_capacity(sources.len());
    for (sources, geometry) in sources.into_iter().zip(geometries) {
        let planar_m2 = planar::multipolygon_area(&geometry);
        if planar_m2 < min_piece_m2 {
            // Only the starting pieces of a single layer come here unfiltered.
            for (k, src) in sources.iter().enumerate() {
                if src.is_some() {
                    dropped[k] += planar_m2;
                }
            }
            continue;
        }
        pieces.push(Piece {
            sources,
            geometry,
            planar_m2,
        });
    }
    // Sources are unique per piece except where a layer overlaps itself: a stable sort keeps
    // those in the order they were made.
    pieces.sort_by(|a, b| a.sources.cmp(&b.sources));
    Ok(Overlay {
        pieces,
        dropped_planar_m2: dropped,
        self_overlap,
        not_computable,
    })
}
