//! `sanxian check` and `sanxian rules`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use sanxian::rules::FindingSeverity;
use sanxian::{Draft, RuleSettings};

use crate::inputs::{say_skipped, say_unused};
use crate::InputArgs;

pub struct CheckArgs<'a> {
    pub draft: &'a Path,
    pub out: &'a Path,
    pub rules: Option<&'a PathBuf>,
    pub input: &'a InputArgs,
    pub json: bool,
    pub quiet: bool,
    pub exit_zero: bool,
}

pub fn run(args: CheckArgs<'_>) -> anyhow::Result<ExitCode> {
    let rules = match args.rules {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| {
                format!("cannot read the rules file {}", sanxian::io::escaped(p))
            })?;
            sanxian::parse_rules(&text).with_context(|| sanxian::io::escaped(p))?
        }
        None => RuleSettings::default(),
    };
    let options = args.input.read_options()?;
    // Refuse an output folder that is not ours before spending a minute on the check.
    sanxian::io::output::preflight(args.out)?;
    let show = !args.quiet && std::io::stderr().is_terminal();
    let spinner = |msg: &str| -> Option<ProgressBar> {
        show.then(|| {
            let pb = ProgressBar::new_spinner();
            pb.set_style(
                ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            pb.set_message(msg.to_string());
            pb.enable_steady_tick(Duration::from_millis(100));
            pb
        })
    };
    let pb = spinner("reading draft");
    let draft = Draft::open_with(args.draft, &options)?;
    if let Some(pb) = pb {
        pb.finish_with_message(format!("read {} layers", draft.layers.len()));
    }
    if !args.quiet {
        say_unused(&draft.unused);
        for l in &draft.layers {
            say_skipped(l);
        }
    }
    let mut current: Option<ProgressBar> = None;
    let report = draft.check_with_progress(&rules, &mut |stage| {
        if let Some(pb) = current.take() {
            pb.finish();
        }
        current = spinner(stage.label());
    })?;
    if let Some(pb) = current.take() {
        pb.finish();
    }
    let pb = spinner("writing report");
    draft.write_report(&report, args.out)?;
    if let Some(pb) = pb {
        pb.finish();
    }
    if args.json {
        out!("{}", serde_json::to_string_pretty(&report)?);
    } else if !args.quiet {
        print_summary(&report, &draft, args.out);
    }
    Ok(if report.has_errors() && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_summary(report: &sanxian::CheckReport, draft: &Draft, out: &Path) {
    out!(
        "三线检查 three control lines check · working CRS {}",
        report.working_crs
    );
    for i in &report.inputs {
        let skipped = if i.skipped > 0 {
            format!(", {} skipped", i.skipped)
        } else {
            String::new()
        };
        out!(
            "  {:<11} {} features of {} records{skipped}, {} ({})",
            i.layer,
            i.features,
            i.records,
            i.crs.as_deref().unwrap_or("CRS unknown"),
            i.path
        );
    }
    if !draft.unused.is_empty() {
        out!(
            "  {} entries of the folder not read (listed above)",
            draft.unused.len()
        );
    }
    out!("findings by rule:");
    for r in report.rules.iter().filter(|r| r.count > 0) {
        out!(
            "  {} {:<20} {:>7}  ({} errors)  {:>14.2} m² ellipsoid  {} {}",
            r.code,
            r.rule.as_str(),
            r.count,
            r.errors,
            r.ellipsoid_m2,
            r.title_zh,
            r.title_en
        );
    }
    out!("overlaps by layer pair:");
    for p in &report.layer_pairs {
        out!(
            "  {:>10} × {:<10} {:>7} pairs {:>14.4} m² ellipsoid ({:.4} m² planar)",
            p.layers[0],
            p.layers[1],
            p.pairs,
            p.ellipsoid_m2,
            p.planar_m2
        );
    }
    let sev = |s| report.findings.iter().filter(|f| f.severity == s).count();
    out!(
        "{} errors, {} warnings; report written to {}",
        sev(FindingSeverity::Error),
        sev(FindingSeverity::Warning),
        out.display()
    );
}
