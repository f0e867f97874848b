//! Findings of a check and the report that gathers them.

use geo_types::MultiPolygon;
use sanxian_types::FeatureId;
use serde::Serialize;

use crate::{FindingSeverity, RuleId, RuleSettings};

/// An area in the three units of official tables: m², 公顷 (ha) and 亩 (mu, 2000/3 m²).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AreaFigures {
    /// Square metres.
    pub m2: f64,
    /// Hectares (10 000 m²).
    pub ha: f64,
    /// Mu (2000/3 m² exactly).
    pub mu: f64,
}

impl AreaFigures {
    /// From square metres.
    pub fn from_m2(m2: f64) -> Self {
        AreaFigures {
            m2,
            ha: m2 / 10_000.0,
            mu: m2 * 3.0 / 2000.0,
        }
    }
}

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
    /// Official ellipsoid area of `geometry`, when it has one.
    pub area: Option<AreaFigures>,
    /// Planar area of `geometry` in the working CRS, m².
    pub planar_m2: Option<f64>,
    /// Administrative code of the county it lies in, when known.
    pub xzqdm: Option<String>,
    /// How such a finding is usually resolved.
    pub resolution: &'static str,
}

/// One input layer as the check saw it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputSummary {
    /// Standard code of the layer (`STBHHX` …).
    pub layer: String,
    /// Path as given.
    pub path: String,
    /// Format.
    pub format: String,
    /// CRS of the file.
    pub crs: Option<String>,
    /// Its EPSG code.
    pub epsg: Option<u32>,
    /// Records in the file.
    pub records: u64,
    /// Features used.
    pub features: usize,
    /// Vertices.
    pub vertices: usize,
}

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
    /// Number of findings.
    pub count: usize,
    /// Of which error severity.
    pub errors: usize,
    /// Official ellipsoid area of the findings that have one, m².
    pub area_m2: f64,
}

/// Overlaps between two layers (or within one: both names the same).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerPairSummary {
    /// The two layer codes.
    pub layers: [String; 2],
    /// Overlapping feature pairs above the tolerance.
    pub pairs: usize,
    /// Their planar area in the working CRS, m².
    pub area_m2: f64,
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
    /// Features attributed to the county.
    pub features: usize,
    /// Official ellipsoid area.
    pub area: AreaFigures,
}

/// Totals of one county (XZQDM).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountySummary {
    /// Administrative code.
    pub xzqdm: String,
    /// Name.
    pub xzqmc: String,
    /// Official area of the county polygon itself.
    pub area: AreaFigures,
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
