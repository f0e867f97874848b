//! `sanxian overlaps`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sanxian::io::inspect::InputSummary;
use sanxian::plans::write::{pair_json, write_overlaps};

use crate::inputs::{read_one, say_skipped, to_working};
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
    if !args.within && args.layers.len() < 2 {
        anyhow::bail!("give at least two layers, or --within LAYER for overlaps inside one layer");
    }
    sanxian::io::output::preflight(args.out)?;
    let mut layers = Vec::new();
    for p in args.layers {
        layers.push(read_one(p, &options)?);
    }
    let mut lost = false;
    for l in &layers {
        lost |= say_skipped(l);
    }
    let inputs: Vec<InputSummary> = layers.iter().map(InputSummary::from).collect();
    let (working, layers) = to_working(layers)?;
    let pairs = sanxian::overlaps_among(&layers, args.within, args.tolerance_m2)?;
    write_overlaps(args.out, &pairs, &inputs, &working)?;
    for p in &pairs {
        let s = &p.report.summary;
        if args.json {
            out!("{}", serde_json::to_string(&pair_json(p))?);
            continue;
        }
        out!(
            "{} × {}: {} overlapping pairs, {:.4} m² ellipsoid (CGCS2000 official area), {:.4} m² planar in {working}; {} candidate pairs, {} below the {} m² tolerance, {} repaired, {} not computable",
            p.layers[0],
            p.layers[1],
            s.pairs,
            p.ellipsoid_total_m2,
            s.planar_m2,
            s.candidates,
            s.below_tolerance,
            s.area_tolerance_m2,
            s.repaired,
            s.not_computable
        );
        if p.not_measured > 0 {
            out!("  {} overlaps have no ellipsoid area (left out of the total; see overlaps.geojson)", p.not_measured);
        }
        for rep in &p.report.repaired {
            out!(
                "  repaired {} ({}): {} by {}",
                rep.feature,
                rep.layer,
                rep.problem,
                rep.method
            );
        }
        for n in &p.report.not_computable {
            out!(
                "  not computable {} × {}: {}",
                n.feature_a,
                n.feature_b,
                n.reason
            );
        }
    }
    if !args.json {
        out!(
            "overlaps written to {}/overlaps.geojson, overlaps.csv, summary.json",
            args.out.display()
        );
    }
    // The process ends now: the operating system takes the memory back faster than freeing the
    // layers value by value.
    std::mem::forget(pairs);
    std::mem::forget(layers);
    if lost {
        eprintln!("records of a control line could not be read (listed above): the overlaps leave them out; exit code 1");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
