//! Findings of a check and the report that gathers them.

use geo_types::MultiPolygon;
use sanxian_area::AreaFigures;
use sanxian_types::FeatureId;
use serde::Serialize;

use crate::{Exception, FindingSeverity, RuleId, RuleSettings};

/// One thing to fix (or look at), located and measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule that found it.
    pub rule: RuleId,
    /// How serious it is.
    pub severity: FindingSeverity,
    /// Layer codes concerned (one, or two for overlaps across layers).
    pub layers: Vec<String>,
    /// Features concerned (one or two), with source record and BSM.
    pub features: Vec<FeatureId>,
    /// What is wrong, in one line.
    pub message: String,
    /// Where: the overlap, the part outside, the sliver itself … in the working CRS.
    #[serde(skip)]
    pub geometry: Option<MultiPolygon<f64>>,
    /// A point to zoom to, in the working CRS.
    pub location: Option<[f64; 2]>,
    /// Official CGCS2000 ellipsoid area of `geometry` in m², 公顷 and 亩, when it has one.
    pub ellipsoid: Option<AreaFigures>,
    /// Planar area of `geometry` in the working CRS, m².
    pub planar_m2: Option<f64>,
    /// Administrative code of the county it lies in, when known.
    pub xzqdm: Option<String>,
    /// The field, for attribute findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The offending value as written in the data, for attribute findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The land-survey classes beneath the finding's geometry, largest first (when the draft
    /// has a DLTB layer).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub beneath: Vec<ClassArea>,
    /// The reason of the exception that explains it: shown apart, not counted toward the
    /// verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excepted: Option<String>,
}

/// Area of one land-survey class (DLBM) beneath a finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassArea {
    /// DLBM.
    pub dlbm: String,
    /// Its name in the profile's dictionary (DLMC), when known.
    pub dlmc: String,
    /// Official ellipsoid area, m².
    pub ellipsoid_m2: f64,
}

impl Finding {
    /// A finding of `rule` about `features` of the layers `layers`, with a message; no
    /// geometry, location or county yet.
    pub fn new(
        rule: RuleId,
        severity: FindingSeverity,
        layers: Vec<String>,
        features: Vec<FeatureId>,
        message: String,
    ) -> Finding {
        Finding {
            rule,
            severity,
            layers,
            features,
            message,
            geometry: None,
            location: None,
            ellipsoid: None,
            planar_m2: None,
            xzqdm: None,
            field: None,
            value: None,
            beneath: Vec::new(),
            excepted: None,
        }
    }

    /// The finding about attribute `field` whose value is `value`.
    pub fn with_value(mut self, field: impl Into<String>, value: impl Into<String>) -> Finding {
        self.field = Some(field.into());
        self.value = Some(value.into());
        self
    }

    /// Whether it counts toward the verdict (not excepted).
    pub fn counts(&self) -> bool {
        self.excepted.is_none()
    }

    /// How such a finding is usually resolved.
    pub fn resolution(&self) -> &'static str {
        self.rule.resolution()
    }
}

pub use sanxian_io::inspect::InputSummary;

/// Count and area of the findings of one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleSummary {
    /// The rule.
    pub rule: RuleId,
    /// Chinese title.
    pub title_zh: &'static str,
    /// English title.
    pub title_en: &'static str,
    /// Whether it ran.
    pub enabled: bool,
    /// Its four-digit code.
    pub code: u16,
    /// Number of findings.
    pub count: usize,
    /// Of which error severity.
    pub errors: usize,
    /// Of which excepted.
    pub excepted: usize,
    /// Level of its findings by default (1 fatal, 2 serious, 3 minor).
    pub level: u8,
    /// Official ellipsoid area of the findings that have one, m² (summed in finding order).
    pub ellipsoid_m2: f64,
}

/// Counts of one category of checks (the first digit of the codes).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategorySummary {
    /// First digit of the codes.
    pub category: u8,
    /// Chinese name.
    pub name_zh: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Findings counted toward the verdict, by level 1, 2, 3.
    pub levels: [usize; 3],
    /// Excepted findings.
    pub excepted: usize,
}

/// Pass or fail: a delivery fails when any level-1 finding is not excepted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Whether the delivery passes.
    pub passed: bool,
    /// `通过 pass` or `不通过 fail`.
    pub label: &'static str,
    /// Findings counted toward the verdict, by level 1, 2, 3.
    pub levels: [usize; 3],
    /// Excepted findings.
    pub excepted: usize,
}

impl Verdict {
    /// The verdict on these findings.
    pub fn of(findings: &[Finding]) -> Verdict {
        let mut levels = [0; 3];
        let mut excepted = 0;
        for f in findings {
            if f.counts() {
                levels[usize::from(f.severity.level() - 1)] += 1;
            } else {
                excepted += 1;
            }
        }
        let passed = levels[0] == 0;
        Verdict {
            passed,
            label: if passed {
                "通过 pass"
            } else {
                "不通过 fail"
            },
            levels,
            excepted,
        }
    }
}

/// The profile a check ran with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileSummary {
    /// Its id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Version.
    pub version: String,
    /// Where it was read from.
    pub origin: String,
}

/// A layer recognised by its content (element codes or field set) rather than its name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recognition {
    /// The layer's path.
    pub path: String,
    /// The standard layer code it was recognised as.
    pub layer: String,
    /// How, in words.
    pub by: String,
}

/// Overlaps between two layers (or within one: both names the same).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerPairSummary {
    /// The two layer codes.
    pub layers: [String; 2],
    /// Overlapping feature pairs above the tolerance.
    pub pairs: usize,
    /// Their planar area in the working CRS, m².
    pub planar_m2: f64,
    /// Their official ellipsoid area, m².
    pub ellipsoid_m2: f64,
    /// Pairs whose overlap was below the tolerance (not conflicts).
    pub below_tolerance: usize,
}

/// Official areas of one layer within one county.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerArea {
    /// Layer code.
    pub layer: String,
    /// Features attributed to the county (those whose largest piece lies in it).
    pub features: usize,
    /// Official ellipsoid area of the layer's pieces inside the county (clipped by the county
    /// polygon, not grouped by the features' XZQDM field).
    pub ellipsoid: AreaFigures,
}

/// Totals of one county (XZQDM).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountySummary {
    /// Administrative code.
    pub xzqdm: String,
    /// Name.
    pub xzqmc: String,
    /// Official ellipsoid area of the county polygon itself.
    pub ellipsoid: AreaFigures,
    /// Control-line areas in the county.
    pub layers: Vec<LayerArea>,
    /// Findings of error severity located in the county.
    pub errors: usize,
    /// Findings of warning severity located in the county.
    pub warnings: usize,
}

/// Everything a check found, serialisable as the `summary.json` of a report (findings are
/// written separately as GeoJSON and CSV).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// sanxian version that made the report.
    pub sanxian_version: &'static str,
    /// Pass or fail.
    pub verdict: Verdict,
    /// The profile.
    pub profile: ProfileSummary,
    /// Layers recognised by their content.
    pub recognised: Vec<Recognition>,
    /// Inputs.
    pub inputs: Vec<InputSummary>,
    /// The working CRS of the overlay, e.g. `EPSG:4527`.
    pub working_crs: String,
    /// Settings used.
    pub settings: RuleSettings,
    /// Per category of checks.
    pub categories: Vec<CategorySummary>,
    /// Per rule.
    pub rules: Vec<RuleSummary>,
    /// Per layer pair.
    pub layer_pairs: Vec<LayerPairSummary>,
    /// Per county.
    pub counties: Vec<CountySummary>,
    /// Findings of error severity.
    pub errors: usize,
    /// Findings of warning severity.
    pub warnings: usize,
    /// The exceptions file, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exceptions: Option<String>,
    /// Exceptions that matched no finding.
    pub stale_exceptions: Vec<Exception>,
    /// All findings, sorted by rule, layers, then feature ids.
    #[serde(skip)]
    pub findings: Vec<Finding>,
}

impl CheckReport {
    /// Does any finding that counts (not excepted) have error severity (level 1)?
    pub fn has_errors(&self) -> bool {
        !self.verdict.passed
    }
}
