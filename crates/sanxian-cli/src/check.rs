//! `sanxian check`, `sanxian rules` and `sanxian profile`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use sanxian::check::CheckOptions;
use sanxian::rules::{Exceptions, Profile};
use sanxian::Draft;

use crate::inputs::{say_skipped, say_unused};
use crate::InputArgs;

pub struct CheckArgs<'a> {
    pub draft: &'a Path,
    pub out: &'a Path,
    pub profile: &'a str,
    pub rules: Option<&'a PathBuf>,
    pub exceptions: Option<&'a PathBuf>,
    pub input: &'a InputArgs,
    pub json: bool,
    pub quiet: bool,
    pub exit_zero: bool,
}

/// A built-in profile by name, or a profile file.
fn load_profile(name: &str) -> anyhow::Result<Profile> {
    if sanxian::rules::profile::BUILTIN
        .iter()
        .any(|(n, _)| *n == name)
    {
        return Ok(Profile::builtin(name)?);
    }
    let path = Path::new(name);
    if !path.exists() {
        let names: Vec<&str> = sanxian::rules::profile::BUILTIN
            .iter()
            .map(|(n, _)| *n)
            .collect();
        anyhow::bail!(
            "profile {name}: neither a built-in profile ({}) nor a file",
            names.join(", ")
        );
    }
    Ok(Profile::from_path(path)?)
}

/// `sanxian rules`: the settings of every rule under a profile.
pub fn rules(profile: &str) -> anyhow::Result<ExitCode> {
    let p = load_profile(profile)?;
    let s = sanxian::check::profile_settings(&p)?;
    out!(
        "# rule settings of profile {} {} ({})\n# level: 1 fatal (error), 2 serious (warning), 3 minor (info)\n",
        p.profile.id,
        p.profile.version,
        p.origin
    );
    out!("{}", s.to_toml().trim_end());
    Ok(ExitCode::SUCCESS)
}

/// `sanxian profile`: a profile's text, or the list of built-in ones.
pub fn profile(name: &str, resolved: bool, list: bool) -> anyhow::Result<ExitCode> {
    if list {
        for (n, _) in sanxian::rules::profile::BUILTIN {
            let p = Profile::builtin(n)?;
            out!(
                "{n:<16} {} (version {}; layers {})",
                p.profile.title,
                p.profile.version,
                p.layers
                    .iter()
                    .map(|l| if l.required {
                        l.code.clone()
                    } else {
                        format!("[{}]", l.code)
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let p = load_profile(name)?;
    if resolved {
        out!("{}", toml::to_string_pretty(&p)?.trim_end());
    } else {
        out!("{}", p.text.trim_end());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(args: CheckArgs<'_>) -> anyhow::Result<ExitCode> {
    let mut opts = CheckOptions::new(load_profile(args.profile)?)?;
    if let Some(p) = args.rules {
        let text = std::fs::read_to_string(p)
            .with_context(|| format!("cannot read the rules file {}", sanxian::io::escaped(p)))?;
        opts = opts.with_rules_toml(&text, &sanxian::io::escaped(p))?;
    }
    if let Some(p) = args.exceptions {
        opts = opts.with_exceptions(Exceptions::from_path(p)?);
    }
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
    let draft = Draft::open_profile(args.draft, &options, &opts.profile)?;
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
    let report = draft.check_with(&opts, &mut |stage| {
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
    let code = if !report.verdict.passed && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends now: the operating system takes the memory back faster than freeing a
    // county's millions of values one by one.
    std::mem::forget((report, draft));
    Ok(code)
}

fn print_summary(report: &sanxian::CheckReport, draft: &Draft, out: &Path) {
    out!(
        "三线质检 quality check · profile {} {} · working CRS {}",
        report.profile.id,
        report.profile.version,
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
    for r in &report.recognised {
        out!("  {} recognised as {} by {}", r.path, r.layer, r.by);
    }
    if !draft.unused.is_empty() {
        out!(
            "  {} entries of the folder not read (listed above)",
            draft.unused.len()
        );
    }
    out!("findings by category (level 1 fatal / 2 serious / 3 minor, excepted):");
    for c in report
        .categories
        .iter()
        .filter(|c| c.levels.iter().sum::<usize>() + c.excepted > 0)
    {
        out!(
            "  {} {:<22} {:>6} / {:>6} / {:>6}   {} excepted  {}",
            c.category,
            c.name_en,
            c.levels[0],
            c.levels[1],
            c.levels[2],
            c.excepted,
            c.name_zh
        );
    }
    out!("findings by rule:");
    for r in report.rules.iter().filter(|r| r.count > 0) {
        let excepted = if r.excepted > 0 {
            format!(", {} excepted", r.excepted)
        } else {
            String::new()
        };
        out!(
            "  {} {:<22} {:>7}  (level {}{excepted})  {:>14.2} m²  {} {}",
            r.code,
            r.rule.as_str(),
            r.count,
            r.level,
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
    if let Some(e) = &report.exceptions {
        out!(
            "exceptions {e}: {} findings excepted, {} exceptions match nothing",
            report.verdict.excepted,
            report.stale_exceptions.len()
        );
        for x in &report.stale_exceptions {
            out!(
                "  stale: {} {} {} {} ({})",
                x.code,
                x.layer,
                x.bsm,
                x.field,
                x.at
            );
        }
    }
    let v = &report.verdict;
    out!(
        "verdict: {} — {} level-1, {} level-2, {} level-3 findings{}; report written to {}",
        v.label,
        v.levels[0],
        v.levels[1],
        v.levels[2],
        if v.excepted > 0 {
            format!(" ({} excepted)", v.excepted)
        } else {
            String::new()
        },
        out.display()
    );
}
