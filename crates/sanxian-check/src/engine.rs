//! `Draft::check`: every rule of the registry over one shared context, and the report.

use rayon::prelude::*;
use sanxian_area::AreaFigures;
use sanxian_rules::finding::RuleSummary;
use sanxian_rules::{CheckReport, FindingSeverity, RuleSettings, Stage};
use sanxian_types::planar;

use crate::counties::county_summaries;
use crate::rules::REGISTRY;
use crate::settings::effective_settings;
use crate::{Context, Draft, Findings, Result};

impl Draft {
    /// Checks the draft against `settings` (rules missing from them run with their defaults;
    /// `RuleSettings::default()` runs every rule with its defaults).
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
        self.check_with_progress(settings, &mut |_| {})
    }

    /// [`Draft::check`], calling `progress` as each stage starts.
    ///
    /// # Errors
    /// As [`Draft::check`].
    pub fn check_with_progress(
        &self,
        settings: &RuleSettings,
        progress: &mut dyn FnMut(Stage),
    ) -> Result<CheckReport> {
        let settings = effective_settings(settings);
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
        let cx = Context::new(self, &settings, tolerance)?;
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
            (a.rule, &a.layers, &a.features, a.severity, &a.message).cmp(&(
                b.rule,
                &b.layers,
                &b.features,
                b.severity,
                &b.message,
            ))
        });
        let counties = county_summaries(&cx, &findings)?;
        let rules = REGISTRY
            .iter()
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
                        .filter(|f| f.severity == FindingSeverity::Error)
                        .count(),
                    ellipsoid_m2: 0.0
                        + of.iter()
                            .filter_map(|f| f.ellipsoid)
                            .map(|a| a.m2)
                            .sum::<f64>(),
                }
            })
            .collect();
        let count = |s| findings.iter().filter(|f| f.severity == s).count();
        Ok(CheckReport {
            sanxian_version: env!("CARGO_PKG_VERSION"),
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
