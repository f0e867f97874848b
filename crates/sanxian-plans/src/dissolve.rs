//! Dissolving a layer by a key so that no ground counts twice: where features of the same key
//! overlap, the later feature gives up what the earlier ones cover. The layer keeps its
//! features (positions, ids, attributes); only geometries shrink, so an overlay of the
//! result still names the source features.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;
use sanxian_overlay::{boolean, overlaps_within, OverlapOptions};
use sanxian_types::geo_types::MultiPolygon;
use sanxian_types::{Feature, Layer};
use serde::Serialize;

use crate::Result;

/// Result of [`dissolve_by`].
#[derive(Debug, Clone)]
pub struct Dissolved<'a> {
    /// The layer, its overlapping features of one key made disjoint (the input itself when
    /// none overlap).
    pub layer: Cow<'a, Layer>,
    /// What was done and what remains, for the summary.
    pub report: DissolveReport,
}

/// What a dissolve did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DissolveReport {
    /// The layer.
    pub layer: String,
    /// Pairs of features with the same key that overlapped (now counted once).
    pub same_key_pairs: usize,
    /// Their overlap, planar m² (the area no longer counted twice).
    pub same_key_planar_m2: f64,
    /// Pairs of features with different keys that overlap: their overlap lies in both
    /// keys' totals (it is of both), listed as `feature × feature: m²`.
    pub different_keys: Vec<String>,
    /// Their overlap, planar m².
    pub different_keys_planar_m2: f64,
    /// The same pairs, by position (for the overlay's known overlaps).
    #[serde(skip)]
    pub different_key_pairs: Vec<(usize, usize)>,
    /// What could not be computed.
    pub not_computable: Vec<String>,
}

/// Dissolves `layer` by `key`: each feature minus its overlaps with the earlier features
/// (by position) of the same key. Overlaps of less than `min_m2` are left alone.
///
/// # Errors
/// Those of the overlay engine (no CRS, invalid tolerance).
pub fn dissolve_by<'a, K: Eq + Send + Sync>(
    layer: &'a Layer,
    key: impl Fn(&Feature) -> K + Sync,
    min_m2: f64,
) -> Result<Dissolved<'a>> {
    let mut opts = OverlapOptions::default();
    opts.area_tolerance_m2 = min_m2;
    let within = overlaps_within(layer, &opts)?;
    let mut report = DissolveReport {
        layer: layer.name.clone(),
        ..DissolveReport::default()
    };
    let keys: Vec<K> = layer.features.par_iter().map(&key).collect();
    let mut cut: BTreeMap<usize, Vec<&MultiPolygon<f64>>> = BTreeMap::new();
    for c in &within.conflicts {
        let (first, later) = (c.index_a.min(c.index_b), c.index_a.max(c.index_b));
        if keys[first] == keys[later] {
            report.same_key_pairs += 1;
            report.same_key_planar_m2 += c.planar_m2;
            cut.entry(later).or_default().push(&c.overlap);
        } else {
            report.different_keys_planar_m2 += c.planar_m2;
            report.different_key_pairs.push((first, later));
            report.different_keys.push(format!(
                "{} × {}: {:.4} m²",
                c.feature_a, c.feature_b, c.planar_m2
            ));
        }
    }
    for nc in &within.not_computable {
        report.not_computable.push(format!(
            "{} × {}: {}",
            nc.feature_a, nc.feature_b, nc.reason
        ));
    }
    if cut.is_empty() {
        return Ok(Dissolved {
            layer: Cow::Borrowed(layer),
            report,
        });
    }
    let mut out = layer.clone();
    let cut: Vec<(usize, Vec<&MultiPolygon<f64>>)> = cut.into_iter().collect();
    let done: Vec<(usize, std::result::Result<MultiPolygon<f64>, String>)> = cut
        .par_iter()
        .map(|(k, pieces)| {
            (
                *k,
                boolean::difference_all(&layer.features[*k].geometry, pieces.iter().copied()),
            )
        })
        .collect();
    for (k, g) in done {
        match g {
            Ok(g) => out.features[k].geometry = g,
            Err(why) => report.not_computable.push(format!(
                "{}: its overlap with earlier features of the same values could not be cut out ({why}); counted twice",
                layer.features[k].id
            )),
        }
    }
    Ok(Dissolved {
        layer: Cow::Owned(out),
        report,
    })
}
