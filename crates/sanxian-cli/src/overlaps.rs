//! `sanxian overlaps`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use sanxian::io::csv::CsvWriter;
use sanxian::layer_code;
use sanxian::overlay::{overlaps_between, overlaps_within, OverlapOptions, OverlapReport};
use sanxian::types::{Crs, Layer};

use crate::InputArgs;

pub struct OverlapArgs<'a> {
    pub layers: &'a [PathBuf],
    pub within: bool,
    pub out: &'a Path,
    pub tolerance_m2: f64,
    pub input: &'a InputArgs,
    pub json: bool,
}

pub fn run(args: OverlapArgs<'_>) -> anyhow::Result<ExitCode> {
    let options = args.input.read_options()?;
    let mut layers = Vec::new();
    for p in args.layers {
        let layer = sanxian::io::read_layer(p, &options)
            .with_context(|| format!("cannot read {}", p.display()))?;
        layers.push(layer);
    }
    if !args.within && layers.len() < 2 {
        anyhow::bail!("give at least two layers, or --within LAYER for overlaps inside one layer");
    }
    let refs: Vec<&Layer> = layers.iter().collect();
    let working = sanxian::io::reproject::working_crs(&refs)?;
    let layers: Vec<Layer> = layers
        .iter()
        .map(|l| sanxian::io::reproject::transform_layer(l, &working))
        .collect::<Result<_, _>>()?;
    let mut opts = OverlapOptions::default();
    opts.area_tolerance_m2 = args.tolerance_m2;
    let mut reports: Vec<(String, String, OverlapReport)> = Vec::new();
    if args.within {
        for l in &layers {
            reports.push((layer_code(l), layer_code(l), overlaps_within(l, &opts)?));
        }
    } else {
        for i in 0..layers.len() {
            for j in i + 1..layers.len() {
                let r = overlaps_between(&layers[i], &layers[j], &opts)?;
                reports.push((layer_code(&layers[i]), layer_code(&layers[j]), r));
            }
        }
    }
    std::fs::create_dir_all(args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    write_outputs(args.out, &reports, &working)?;
    for (a, b, r) in &reports {
        if args.json {
            let mut v = serde_json::to_value(&r.summary)?;
            v["layers"] = serde_json::json!([a, b]);
            println!("{}", serde_json::to_string(&v)?);
        } else {
            println!(
                "{a} × {b}: {} overlapping pairs, {:.4} m² (planar, {}); {} candidate pairs, {} below the {} m² tolerance, {} repaired, {} not computable",
                r.summary.pairs,
                r.summary.area_m2,
                working,
                r.summary.candidates,
                r.summary.below_tolerance,
                r.summary.area_tolerance_m2,
                r.summary.repaired,
                r.summary.not_computable
            );
            for rep in &r.repaired {
                println!(
                    "  repaired {} ({}): {} by {}",
                    rep.feature, rep.layer, rep.problem, rep.method
                );
            }
            for n in &r.not_computable {
                println!(
                    "  not computable {} × {}: {}",
                    n.feature_a, n.feature_b, n.reason
                );
            }
        }
    }
    if !args.json {
        println!(
            "overlaps written to {}/overlaps.geojson and overlaps.csv",
            args.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn write_outputs(
    out: &Path,
    reports: &[(String, String, OverlapReport)],
    working: &Crs,
) -> anyhow::Result<()> {
    let csv_path = out.join("overlaps.csv");
    let mut csv = CsvWriter::create(
        &csv_path,
        [
            "layer_a",
            "feature_a",
            "bsm_a",
            "layer_b",
            "feature_b",
            "bsm_b",
            "area_m2",
        ],
    )?;
    let mut features = Vec::new();
    for (a, b, r) in reports {
        for c in &r.conflicts {
            let id = |f: &sanxian::FeatureId| format!("{}#{}", f.source, f.record);
            let bsm = |f: &sanxian::FeatureId| f.bsm.clone().unwrap_or_default();
            csv.row([
                a.clone(),
                id(c.feature_a),
                bsm(c.feature_a),
                b.clone(),
                id(c.feature_b),
                bsm(c.feature_b),
                format!("{:.4}", c.area_m2),
            ])?;
            let props = serde_json::json!({
                "layer_a": a, "feature_a": id(c.feature_a), "bsm_a": bsm(c.feature_a),
                "layer_b": b, "feature_b": id(c.feature_b), "bsm_b": bsm(c.feature_b),
                "area_m2": c.area_m2,
            });
            features.push((props, &c.overlap));
        }
    }
    csv.finish()?;
    sanxian::io::geojson::write_lonlat_features(
        &out.join("overlaps.geojson"),
        "overlaps",
        working,
        features,
    )?;
    Ok(())
}
