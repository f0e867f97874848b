//! `sanxian compare-plans` and `sanxian occupy`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sanxian::area::format_half_away;
use sanxian::io::inspect::InputSummary;
use sanxian::io::ReadOptions;
use sanxian::plans::write::{comparison_json, write_comparison, write_occupancy};
use sanxian::plans::PlanMapping;
use sanxian::types::Layer;

use crate::inputs::{read_lines, read_one, say_skipped, to_working};
use crate::InputArgs;

pub struct CompareArgs<'a> {
    pub plan_a: &'a Path,
    pub class_a: &'a str,
    pub plan_b: &'a Path,
    pub class_b: &'a str,
    pub mapping: &'a Path,
    pub lines: &'a [PathBuf],
    pub out: &'a Path,
    pub input: &'a InputArgs,
    pub json: bool,
}

fn summaries(layers: &[Layer]) -> (Vec<InputSummary>, bool) {
    let mut lost = false;
    for l in layers {
        lost |= say_skipped(l);
    }
    (layers.iter().map(InputSummary::from).collect(), lost)
}

pub fn compare(args: CompareArgs<'_>) -> anyhow::Result<ExitCode> {
    let options = args.input.read_options()?;
    let mapping = PlanMapping::from_path(args.mapping)?;
    sanxian::io::output::preflight(args.out)?;
    let mut layers = vec![
        read_one(args.plan_a, &options)?,
        read_one(args.plan_b, &options)?,
    ];
    layers.extend(read_lines(args.lines, &options)?);
    let (inputs, lost) = summaries(&layers);
    let lost_plan = inputs.iter().take(2).any(|i| i.skipped > 0);
    let (working, layers) = to_working(layers)?;
    let lines: Vec<&Layer> = layers[2..].iter().collect();
    let cmp = sanxian::compare_plans(
        &layers[0],
        args.class_a,
        &layers[1],
        args.class_b,
        &mapping,
        &lines,
    )?;
    write_comparison(args.out, &cmp, &inputs, &working)?;
    if args.json {
        out!(
            "{}",
            serde_json::to_string(&comparison_json(&cmp, &inputs, &working))?
        );
    } else {
        for s in &cmp.summary {
            out!(
                "{:<18} {:>6} pieces {:>14} ha {:>7}%  (CGCS2000 ellipsoid area)",
                s.class.code(),
                s.count,
                format_half_away(s.ellipsoid_ha, 4),
                format_half_away(s.share * 100.0, 2)
            );
        }
        for p in &cmp.plans {
            if !p.self_overlap.is_empty() {
                out!(
                    "plan {:?} overlaps itself: {} pairs, {} m² ellipsoid; {}",
                    p.plan,
                    p.self_overlap.len(),
                    format_half_away(p.self_overlap_ellipsoid_m2, 2),
                    p.invariant
                );
            }
        }
        for u in &cmp.unmapped {
            out!(
                "unmapped code of plan {:?}: '{}' ({} features)",
                u.plan,
                u.code,
                u.features
            );
        }
        for n in &cmp.not_computable {
            out!("not computed: {n}");
        }
        out!(
            "written to {}/differences.geojson, pieces.csv, summary.json, summary.html",
            args.out.display()
        );
    }
    if lost || lost_plan {
        eprintln!("records of an input could not be read (listed above): the comparison leaves them out; exit code 1");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

pub struct OccupyArgs<'a> {
    pub parcels: &'a Path,
    pub lines: &'a [PathBuf],
    pub survey: Option<&'a Path>,
    pub dlbm: &'a str,
    pub out: &'a Path,
    pub input: &'a InputArgs,
    pub json: bool,
}

pub fn occupy(args: OccupyArgs<'_>) -> anyhow::Result<ExitCode> {
    let options = args.input.read_options()?;
    sanxian::io::output::preflight(args.out)?;
    let mut layers = vec![read_one(args.parcels, &options)?];
    let has_survey = args.survey.is_some();
    if let Some(s) = args.survey {
        let survey_options = ReadOptions {
            kind: None,
            ..options.clone()
        };
        layers.push(read_one(s, &survey_options)?);
    }
    layers.extend(read_lines(args.lines, &options)?);
    let (inputs, lost) = summaries(&layers);
    let lost = lost || inputs.iter().any(|i| i.skipped > 0);
    let (working, layers) = to_working(layers)?;
    let first_line = if has_survey { 2 } else { 1 };
    let lines: Vec<&Layer> = layers[first_line..].iter().collect();
    let survey = has_survey.then(|| (&layers[1], args.dlbm));
    let occ = sanxian::occupy(&layers[0], &lines, survey)?;
    write_occupancy(args.out, &occ, &inputs, &working, has_survey)?;
    if args.json {
        out!("{}", serde_json::to_string(&occ)?);
    } else {
        for p in &occ.parcels {
            let mut parts: Vec<String> = p
                .lines
                .iter()
                .map(|(k, a)| format!("{k} {} m²", format_half_away(a.m2, 2)))
                .collect();
            parts.extend(
                p.groups
                    .iter()
                    .map(|(k, a)| format!("{} {} m²", k.name_zh(), format_half_away(a.m2, 2))),
            );
            let detail = if p.clear {
                " — clear".to_string()
            } else {
                format!("; {}", parts.join(", "))
            };
            out!(
                "{}: {} m²{detail}",
                p.parcel,
                format_half_away(p.ellipsoid.m2, 2)
            );
            for (layer, a) in &p.self_overlap {
                out!(
                    "  features of {layer} overlap each other inside it by {} m²: counted once",
                    format_half_away(a.m2, 2)
                );
            }
        }
        for n in &occ.not_computable {
            out!("not computed: {n}");
        }
        out!(
            "areas are CGCS2000 ellipsoid areas; written to {}/occupancy.csv, occupancy.json, pieces.geojson",
            args.out.display()
        );
    }
    if lost {
        eprintln!("records of an input could not be read (listed above): the occupancy leaves them out; exit code 1");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
