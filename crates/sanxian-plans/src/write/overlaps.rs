//! `overlaps.geojson`, `overlaps.csv` and `summary.json` of `sanxian overlaps`.

use std::path::Path;

use sanxian_io::geojson::write_lonlat_features;
use sanxian_io::inspect::InputSummary;
use sanxian_io::ledger::Ledger;
use sanxian_io::output::OutputDir;
use sanxian_types::Crs;

use super::{figures_text, id_text, summary_with, write_json};
use crate::{MeasuredOverlaps, Result};

/// Writes the overlaps of `pairs` into `dir`: every conflict as a GeoJSON feature and a CSV
/// row (both features, planar and ellipsoid areas), and a summary per layer pair.
///
/// # Errors
/// `dir` is not sanxian's, another run holds it, or a file cannot be written.
pub fn write_overlaps(
    dir: &Path,
    pairs: &[MeasuredOverlaps<'_>],
    inputs: &[InputSummary],
    working: &Crs,
) -> Result<()> {
    let out = OutputDir::create(dir, "overlaps")?;
    let mut csv = Ledger::create(
        &out.path().join("overlaps.csv"),
        "重叠 overlaps",
        &[
            "layer_a",
            "feature_a",
            "bsm_a",
            "layer_b",
            "feature_b",
            "bsm_b",
            "planar_m2",
            "ellipsoid_m2",
            "ellipsoid_ha",
            "ellipsoid_mu",
        ]
        .map(String::from),
    )?;
    let mut features = Vec::new();
    for p in pairs {
        for (c, e) in p.report.conflicts.iter().zip(&p.ellipsoid_m2) {
            let bsm = |f: &sanxian_types::FeatureId| f.bsm.clone().unwrap_or_default();
            let [m2, ha, mu] = match e {
                Ok(m2) => figures_text(*m2),
                Err(_) => Default::default(),
            };
            csv.row(&[
                p.layers[0].clone(),
                id_text(c.feature_a),
                bsm(c.feature_a),
                p.layers[1].clone(),
                id_text(c.feature_b),
                bsm(c.feature_b),
                sanxian_area::format_half_away(c.planar_m2, 4),
                m2,
                ha,
                mu,
            ])?;
            let a = e
                .as_ref()
                .ok()
                .map(|m2| sanxian_area::AreaFigures::from_m2(*m2));
            let props = serde_json::json!({
                "layer_a": p.layers[0], "feature_a": id_text(c.feature_a), "bsm_a": c.feature_a.bsm,
                "layer_b": p.layers[1], "feature_b": id_text(c.feature_b), "bsm_b": c.feature_b.bsm,
                "planar_m2": c.planar_m2,
                "ellipsoid_m2": a.map(|a| a.m2),
                "ellipsoid_ha": a.map(|a| a.ha),
                "ellipsoid_mu": a.map(|a| a.mu),
                "ellipsoid_error": e.as_ref().err(),
            });
            features.push((props, &c.overlap));
        }
    }
    csv.finish()?;
    write_lonlat_features(
        &out.path().join("overlaps.geojson"),
        "overlaps",
        working,
        features,
    )?;
    let summary = summary_with(
        inputs,
        working,
        serde_json::json!({
            "pairs": pairs.iter().map(|p| pair_json(p)).collect::<Vec<_>>(),
        }),
    );
    write_json(&out.path().join("summary.json"), &summary)?;
    out.commit()?;
    Ok(())
}

/// The summary of one layer pair, as `summary.json` and `--json` print it.
pub fn pair_json(p: &MeasuredOverlaps<'_>) -> serde_json::Value {
    let s = &p.report.summary;
    serde_json::json!({
        "layers": p.layers,
        "pairs": s.pairs,
        "planar_m2": s.planar_m2,
        "ellipsoid_m2": p.ellipsoid_total_m2,
        "not_measured": p.not_measured,
        "candidates": s.candidates,
        "below_tolerance": s.below_tolerance,
        "area_tolerance_m2": s.area_tolerance_m2,
        "repaired": p.report.repaired.iter().map(|r| serde_json::json!({
            "layer": r.layer, "feature": r.feature.to_string(), "problem": r.problem, "method": r.method,
            "planar_after_m2": r.planar_after_m2,
        })).collect::<Vec<_>>(),
        "not_computable": p.report.not_computable.iter().map(|n| serde_json::json!({
            "feature_a": n.feature_a.to_string(), "feature_b": n.feature_b.to_string(), "reason": n.reason,
        })).collect::<Vec<_>>(),
    })
}
