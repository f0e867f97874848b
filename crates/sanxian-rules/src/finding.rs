//! Findings of a check and the report that gathers them.

use geo_types::MultiPolygon;
use sanxian_area::AreaFigures;
use sanxian_types::FeatureId;
use serde::Serialize;

use crate::{FindingSeverity, RuleId, RuleSettings};

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
        }
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
    /// Official ellipsoid area of the findings that have one, m² (summed in finding order).
    pub ellipsoid_m2: f64,
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
    /// Inputs.
    pub inputs: Vec<InputSummary>,
    /// The working CRS of the overlay, e.g. `EPSG:4527`.
    pub working_crs: String,
    /// Settings used.
    pub settings: RuleSettings,
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
    /// All findings, sorted by rule, layers, then feature ids.
    #[serde(skip)]
    pub findings: Vec<Finding>,
}

impl CheckReport {
    /// Does any finding have error severity?
    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }
}
