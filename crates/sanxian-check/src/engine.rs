//! `Draft::check`: every rule of the registry over one shared context, exceptions applied,
//! and the report with its verdict.

use rayon::prelude::*;
use sanxian_area::AreaFigures;
use sanxian_rules::finding::{CategorySummary, ProfileSummary, RuleSummary, Verdict};
use sanxian_rules::{
    CheckReport, Exceptions, FindingSeverity, Profile, RuleSettings, Stage, CATEGORIES,
};
use sanxian_types::planar;

use crate::counties::county_summaries;
use crate::rules::REGISTRY;
use crate::settings::{apply_rules_toml, effective_settings, profile_settings};
use crate::{Context, Draft, Findings, Result};

/// What a check runs with: the profile, the settings of every rule (the profile's, tuned by a
/// rules file), and the exceptions.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The standard profile.
    pub profile: Profile,
    /// The settings of every rule.
    pub settings: RuleSettings,
    /// Explained findings, when given.
    pub exceptions: Option<Exceptions>,
}

impl CheckOptions {
    /// A check by `profile`: every rule with the profile's level and parameters.
    ///
    /// # Errors
    /// The profile's `[rules]` name an unknown rule or key.
    pub fn new(profile: Profile) -> Result<CheckOptions> {
        let settings = profile_settings(&profile)?;
        Ok(CheckOptions {
            profile,
            settings,
            exceptions: None,
        })
    }

    /// The settings tuned by a rules file's text (key by key over the profile's).
    ///
    /// # Errors
    /// An unknown rule or key, a value of the wrong type; `origin` names the file.
    pub fn with_rules_toml(mut self, text: &str, origin: &str) -> Result<CheckOptions> {
        apply_rules_toml(&mut self.settings, text, origin)?;
        Ok(self)
    }

    /// With exceptions.
    pub fn with_exceptions(mut self, exceptions: Exceptions) -> CheckOptions {
        self.exceptions = Some(exceptions);
        self
    }
}

impl Draft {
    /// Checks the draft by the default profile with `settings` (rules missing from them run
    /// with the profile's settings; `RuleSettings::default()` runs every rule so).
    ///
    /// ```
    /// use sanxian_check::{Draft, RuleSettings};
    /// let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/demo");
    /// let report = Draft::open(demo)?.check(&RuleSettings::default())?;
    /// assert!(report.has_errors()); // the demo draft has planted errors
    /// # Ok::<(), sanxian_check::Error>(())
    /// ```
    ///
    /// # Errors
    /// A layer the overlay refuses, or a rule's parameters of the wrong type.
    pub fn check(&self, settings: &RuleSettings) -> Result<CheckReport> {
        let mut opts = CheckOptions::new(Profile::default())?;
        opts.settings = effective_settings(settings, &opts.settings);
        self.check_with(&opts, &mut |_| {})
    }

    /// Checks the draft with `options`, calling `progress` as each stage starts.
    ///
    /// # Errors
    /// As [`Draft::check`].
    pub fn check_with(
        &self,
        options: &CheckOptions,
        progress: &mut dyn FnMut(Stage),
    ) -> Result<CheckReport> {
        let settings = effective_settings(&options.settings, &options.settings);
        let enabled: Vec<_> = REGISTRY
            .iter()
            .filter_map(|r| {
                let cfg = settings.get(r.meta().id)?;
                cfg.enabled.then_some((*r, cfg))
            })
            .collect();
        let tolerance = enabled
            .iter()
            .filter_map(|(r, cfg)| r.overlap_tolerance_m2(cfg))
            .fold(f64::INFINITY, f64::min);
        let tolerance = if tolerance.is_finite() {
            tolerance
        } else {
            1e-4
        };
        let cx = Context::new(self, &settings, &options.profile, tolerance)?;
        let mut out = Findings::default();
        let mut stage = None;
        for (rule, cfg) in &enabled {
            let s = rule.meta().stage;
            if stage != Some(s) {
                progress(s);
                stage = Some(s);
            }
            rule.run(&cx, cfg, &mut out)?;
        }
        let Findings {
            mut findings,
            layer_pairs,
        } = out;
        // Every finding with a geometry gets its official and planar area.
        findings.par_iter_mut().for_each(|f| {
            if let Some(g) = &f.geometry {
                if f.ellipsoid.is_none() {
                    f.ellipsoid = cx.ellipsoid_m2(g).ok().map(AreaFigures::from_m2);
                }
                if f.planar_m2.is_none() {
                    f.planar_m2 = Some(planar::multipolygon_area(g));
                }
            }
        });
        findings.sort_by(|a, b| {
            (
                a.rule,
                &a.layers,
                &a.features,
                &a.field,
                a.severity,
                &a.message,
            )
                .cmp(&(
                    b.rule,
                    &b.layers,
                    &b.features,
                    &b.field,
                    b.severity,
                    &b.message,
                ))
        });
        let mut stale = Vec::new();
        if let Some(ex) = &options.exceptions {
            let mut used = vec![false; ex.rows.len()];
            for f in &mut findings {
                if let Some(k) = ex.rows.iter().position(|e| e.matches(f)) {
                    f.excepted = Some(ex.rows[k].reason.clone());
                    used[k] = true;
                    for (u, e) in used.iter_mut().zip(&ex.rows).skip(k + 1) {
                        if e.matches(f) {
                            *u = true;
                        }
                    }
                }
            }
            stale = ex
                .rows
                .iter()
                .zip(&used)
                .filter(|(_, u)| !**u)
                .map(|(e, _)| e.clone())
                .collect();
        }
        // Excepted findings are shown apart: after the others, in the same order.
        findings.sort_by_key(|f| f.excepted.is_some());
        let counties = county_summaries(&cx, &findings)?;
        let mut by_code: Vec<&&dyn crate::Rule> = REGISTRY.iter().collect();
        by_code.sort_by_key(|r| r.id());
        let rules = by_code
            .into_iter()
            .map(|r| {
                let id = r.id();
                let of: Vec<_> = findings.iter().filter(|f| f.rule == id).collect();
                RuleSummary {
                    rule: id,
                    title_zh: id.title().0,
                    title_en: id.title().1,
                    enabled: settings.get(id.as_str()).is_some_and(|c| c.enabled),
                    code: id.code(),
                    count: of.len(),
                    errors: of
                        .iter()
                        .filter(|f| f.severity == FindingSeverity::Error && f.counts())
                        .count(),
                    excepted: of.iter().filter(|f| !f.counts()).count(),
                    level: settings
                        .get(id.as_str())
                        .map_or(id.meta().severity, |c| c.severity)
                        .level(),
                    ellipsoid_m2: 0.0
                        + of.iter()
                            .filter_map(|f| f.ellipsoid)
                            .map(|a| a.m2)
                            .sum::<f64>(),
                }
            })
            .collect();
        let count = |s| {
            findings
                .iter()
                .filter(|f| f.severity == s && f.counts())
                .count()
        };
        let categories = CATEGORIES
            .iter()
            .map(|&(category, name_zh, name_en)| {
                let of = || {
                    findings
                        .iter()
                        .filter(move |f| f.rule.code() / 1000 == u16::from(category))
                };
                let v = Verdict::of(&of().cloned().collect::<Vec<_>>());
                CategorySummary {
                    category,
                    name_zh,
                    name_en,
                    levels: v.levels,
                    excepted: v.excepted,
                }
            })
            .collect();
        Ok(CheckReport {
            sanxian_version: env!("CARGO_PKG_VERSION"),
            verdict: Verdict::of(&findings),
            profile: ProfileSummary {
                id: options.profile.profile.id.clone(),
                title: options.profile.profile.title.clone(),
                version: options.profile.profile.version.clone(),
                origin: options.profile.origin.clone(),
            },
            recognised: self.recognised.clone(),
            categories,
            exceptions: options.exceptions.as_ref().map(|e| e.origin.clone()),
            stale_exceptions: stale,
            inputs: self.inputs.clone(),
            working_crs: self.working_crs.to_string(),
            errors: count(FindingSeverity::Error),
            warnings: count(FindingSeverity::Warning),
            settings,
            rules,
            layer_pairs,
            counties,
            findings,
        })
    }
}
