//! `sanxian compare-plans` and `sanxian occupy`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sanxian::area::format_half_away;
use sanxian::io::inspect::InputSummary;
use sanxian::io::ReadOptions;
use sanxian::plans::write::{
    comparison_json, tabulation_json, write_comparison, write_occupancy, write_tabulation,
};
use sanxian::plans::{
    CompareSettings, ConflictTypes, CountyBy, PlanInput, PlanMapping, Priority, TabulateLayer,
};
use sanxian::types::Layer;

use crate::inputs::{read_lines, read_one, say_skipped, to_working};
use crate::InputArgs;

pub struct CompareArgs<'a> {
    pub positional: [(Option<PathBuf>, Option<String>); 2],
    pub plans: &'a [String],
    pub mapping: &'a Path,
    pub rules: Option<&'a Path>,
    pub priority: Option<&'a Path>,
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

/// What an analysis repaired, left out and could not compute, one line each.
fn say_not_computed(repaired: &[String], left_out: &[String], items: &[String]) {
    for r in repaired {
        out!("repaired: {r}");
    }
    for l in left_out {
        eprintln!("left out: {l}");
    }
    for n in items {
        out!("not computed: {n}");
    }
}

/// The exit code of an analysis: 1 when records of an input were left out (said on stderr).
fn exit(lost: bool, what: &str) -> ExitCode {
    if lost {
        eprintln!("records of an input could not be read (listed above): the {what} leaves them out; exit code 1");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// `FILE` or `FILE:FIELD,FIELD` (split at the last colon that is not part of a Windows drive
/// letter).
fn split_fields(spec: &str) -> (PathBuf, Vec<String>) {
    match spec.rfind(':') {
        Some(i) if i > 1 && !spec[i + 1..].contains(['/', '\\']) => (
            PathBuf::from(&spec[..i]),
            spec[i + 1..]
                .split(',')
                .map(|f| f.trim().to_string())
                .filter(|f| !f.is_empty())
                .collect(),
        ),
        _ => (PathBuf::from(spec), Vec::new()),
    }
}

/// The plans of a comparison: the two positional ones (`a`, `b`) and every `--plan`.
fn plan_specs(args: &CompareArgs<'_>) -> anyhow::Result<Vec<(String, PathBuf, String)>> {
    let mut out = Vec::new();
    for ((path, field), name) in args.positional.iter().zip(["a", "b"]) {
        match (path, field) {
            (Some(p), Some(f)) => out.push((name.to_string(), p.clone(), f.clone())),
            (Some(_), None) => {
                anyhow::bail!("plan {name}: give its class field with --class-{name}")
            }
            _ => {}
        }
    }
    for spec in args.plans {
        let Some((name, rest)) = spec.split_once('=') else {
            anyhow::bail!("--plan {spec}: expected NAME=FILE:FIELD");
        };
        let (path, fields) = split_fields(rest);
        let [field] = fields.as_slice() else {
            anyhow::bail!("--plan {spec}: expected NAME=FILE:FIELD with one class field");
        };
        out.push((name.trim().to_string(), path, field.clone()));
    }
    if out.len() < 2 {
        anyhow::bail!("compare-plans needs at least two plans (PLAN_A --class-a F PLAN_B --class-b F, or --plan NAME=FILE:FIELD twice or more)");
    }
    Ok(out)
}

pub fn compare(args: CompareArgs<'_>) -> anyhow::Result<ExitCode> {
    let options = args.input.read_options()?;
    let specs = plan_specs(&args)?;
    let mapping = PlanMapping::from_path(args.mapping)?;
    let settings = CompareSettings {
        types: args.rules.map(ConflictTypes::from_path).transpose()?,
        priority: args.priority.map(Priority::from_path).transpose()?,
    };
    sanxian::io::output::preflight(args.out)?;
    let mut layers = Vec::new();
    for (_, path, _) in &specs {
        layers.push(read_one(path, &options)?);
    }
    layers.extend(read_lines(args.lines, &options)?);
    let (inputs, lost) = summaries(&layers);
    let lost_plan = inputs.iter().take(specs.len()).any(|i| i.skipped > 0);
    let (working, layers) = to_working(layers)?;
    let plans: Vec<PlanInput<'_>> = specs
        .iter()
        .zip(&layers)
        .map(|((name, _, field), layer)| PlanInput {
            name,
            layer,
            class_field: field,
        })
        .collect();
    let lines: Vec<&Layer> = layers[specs.len()..].iter().collect();
    let cmp = sanxian::compare_plans(&plans, &mapping, &lines, &settings)?;
    write_comparison(args.out, &cmp, &inputs, &working)?;
    if args.json {
        out!(
            "{}",
            serde_json::to_string(&comparison_json(&cmp, &inputs, &working))?
        );
    } else {
        for s in &cmp.summary {
            let zh = cmp
                .class(&s.class)
                .map(|c| c.name_zh.as_str())
                .unwrap_or("");
            out!(
                "{:<18} {:>6} pieces {:>14} ha {:>7}%  {zh}",
                s.class,
                s.count,
                format_half_away(s.ellipsoid_ha, 4),
                format_half_away(s.share * 100.0, 2)
            );
        }
        out!(
            "integrated plan: priority {}; {} pieces decided by priority (priority.csv)",
            cmp.priority.join(" > "),
            cmp.decided_by_priority().count()
        );
        for p in &cmp.plans {
            if !p.self_overlap.is_empty() {
                out!(
                    "plan {} overlaps itself: {} pairs, {} m² ellipsoid; {}",
                    p.plan,
                    p.self_overlap.len(),
                    format_half_away(p.self_overlap_ellipsoid_m2, 2),
                    p.invariant
                );
            }
        }
        for d in &cmp.lines_dissolved {
            out!(
                "control line {}: {} pairs of its features overlap ({} m² planar), dissolved before the overlay",
                d.layer,
                d.same_key_pairs,
                format_half_away(d.same_key_planar_m2, 2)
            );
        }
        for u in &cmp.unused_categories {
            out!("note: {u}");
        }
        for u in &cmp.unmapped {
            out!(
                "unmapped code of plan {}: '{}' ({} feature(s))",
                u.plan,
                u.code,
                u.features
            );
        }
        say_not_computed(&cmp.repaired, &cmp.left_out, &cmp.not_computable);
        out!(
            "areas are CGCS2000 ellipsoid areas; written to {}/pieces.csv (.xlsx), differences.geojson, integrated.geojson, priority.csv (.xlsx), summary.json, summary.html",
            args.out.display()
        );
    }
    Ok(exit(
        lost || lost_plan || !cmp.left_out.is_empty(),
        "comparison",
    ))
}

pub struct TabulateArgs<'a> {
    pub layers: &'a [String],
    pub minus: &'a [PathBuf],
    pub county: Option<&'a Path>,
    pub county_field: &'a str,
    pub out: &'a Path,
    pub input: &'a InputArgs,
    pub json: bool,
}

pub fn tabulate(args: TabulateArgs<'_>) -> anyhow::Result<ExitCode> {
    let options = ReadOptions {
        kind: None,
        ..args.input.read_options()?
    };
    sanxian::io::output::preflight(args.out)?;
    let specs: Vec<(PathBuf, Vec<String>)> = args.layers.iter().map(|s| split_fields(s)).collect();
    let mut layers = Vec::new();
    for (path, _) in &specs {
        layers.push(read_one(path, &options)?);
    }
    for path in args.minus {
        layers.push(read_one(path, &options)?);
    }
    if let Some(c) = args.county {
        layers.push(read_one(c, &options)?);
    }
    let (inputs, lost) = summaries(&layers);
    let lost = lost || inputs.iter().any(|i| i.skipped > 0);
    let (working, layers) = to_working(layers)?;
    let n = specs.len();
    let tab_layers: Vec<TabulateLayer<'_>> = specs
        .iter()
        .zip(&layers)
        .map(|((_, fields), layer)| TabulateLayer {
            layer,
            fields: fields.clone(),
        })
        .collect();
    let minus: Vec<&Layer> = layers[n..n + args.minus.len()].iter().collect();
    let county = match args.county {
        Some(_) => CountyBy::Layer {
            layer: &layers[n + args.minus.len()],
            field: args.county_field,
        },
        None => CountyBy::Field,
    };
    let t = sanxian::plans::tabulate(&tab_layers, &minus, county)?;
    write_tabulation(args.out, &t, &inputs, &working)?;
    if args.json {
        out!(
            "{}",
            serde_json::to_string(&tabulation_json(&t, &inputs, &working))?
        );
    } else {
        for l in &t.inputs {
            let area = match l.ellipsoid {
                Some(a) => format!(
                    "{:>14} m² {:>12} 亩",
                    format_half_away(a.m2, 2),
                    format_half_away(a.mu, 2)
                ),
                None => String::new(),
            };
            out!(
                "{:<12} {:<12} {:>8} features {area}",
                l.role,
                l.layer,
                l.features
            );
            if let Some(d) = &l.dissolve {
                if d.same_key_pairs > 0 {
                    out!(
                        "  {} pairs of its features with the same values overlap ({} m² planar): dissolved, counted once",
                        d.same_key_pairs,
                        format_half_away(d.same_key_planar_m2, 2)
                    );
                }
                if !d.different_keys.is_empty() {
                    out!(
                        "  {} pairs of its features with different values overlap ({} m² planar): that ground counts under both values",
                        d.different_keys.len(),
                        format_half_away(d.different_keys_planar_m2, 2)
                    );
                }
            }
        }
        let counties = !(t.county_totals.len() == 1 && t.county_totals.contains_key(""));
        let mut by: Vec<String> = t.columns.clone();
        if counties {
            by.push("county".into());
        }
        let cols = if by.is_empty() {
            String::new()
        } else {
            format!(" by {}", by.join(", "))
        };
        if let Some(none) = t.county_totals.get("").filter(|_| counties) {
            out!(
                "{} m² of the pieces lie in no county (XZQDM empty)",
                format_half_away(none.ellipsoid.m2, 2)
            );
        }
        out!(
            "{} pieces in {} rows{cols}: {} m² = {} ha = {} 亩 ({}% of the first layer)",
            t.pieces.len(),
            t.cells.len(),
            format_half_away(t.total.ellipsoid.m2, 2),
            format_half_away(t.total.ellipsoid.ha, 4),
            format_half_away(t.total.ellipsoid.mu, 2),
            format_half_away(t.total.share_of_first * 100.0, 2)
        );
        say_not_computed(&t.repaired, &t.left_out, &t.not_computable);
        out!(
            "areas are CGCS2000 ellipsoid areas; written to {}/tabulation.csv (.xlsx), tabulation.json, pieces.geojson, summary.json",
            args.out.display()
        );
    }
    Ok(exit(lost || !t.left_out.is_empty(), "tabulation"))
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
        say_not_computed(&[], &[], &occ.not_computable);
        out!(
            "areas are CGCS2000 ellipsoid areas; written to {}/occupancy.csv (.xlsx), occupancy.json, pieces.geojson",
            args.out.display()
        );
    }
    Ok(exit(lost, "occupancy"))
}
