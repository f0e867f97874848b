//! Rule settings: every rule has an id, a severity and documented defaults, and can be tuned or
//! switched off in a TOML file (`sanxian check --rules FILE`; `sanxian rules` prints the defaults).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// How serious a finding is. Error-severity findings make `sanxian check` exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingSeverity {
    /// Worth knowing; nothing to fix.
    Info,
    /// Should be looked at; does not block submission.
    Warning,
    /// Must be fixed before submission.
    Error,
}

impl fmt::Display for FindingSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FindingSeverity::Info => "info",
            FindingSeverity::Warning => "warning",
            FindingSeverity::Error => "error",
        })
    }
}

/// The rules, in the order they run and are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleId {
    /// A record of an input could not be used (empty geometry, bad coordinates …).
    InputSkipped,
    /// OGC-invalid geometry: self-intersection, hole outside shell, nested shells, spike …
    GeometryInvalid,
    /// Duplicate consecutive vertices.
    DuplicatePoints,
    /// Two features of a layer with identical geometry.
    DuplicateFeature,
    /// Two features of a layer with the same identifier BSM.
    DuplicateBsm,
    /// A multipart feature where single parts are expected.
    Multipart,
    /// A sliver: tiny, or thin and small.
    Sliver,
    /// Two features of one layer overlap.
    OverlapWithin,
    /// Features of two control lines overlap.
    OverlapAcross,
    /// A control line lies (partly) outside the administrative area.
    OutsideAdmin,
    /// A feature's XZQDM differs from the administrative area it lies in.
    XzqdmMismatch,
    /// The declared area field differs from the official ellipsoid area.
    DeclaredArea,
}

impl RuleId {
    /// All rules.
    pub const ALL: [RuleId; 12] = [
        RuleId::InputSkipped,
        RuleId::GeometryInvalid,
        RuleId::DuplicatePoints,
        RuleId::DuplicateFeature,
        RuleId::DuplicateBsm,
        RuleId::Multipart,
        RuleId::Sliver,
        RuleId::OverlapWithin,
        RuleId::OverlapAcross,
        RuleId::OutsideAdmin,
        RuleId::XzqdmMismatch,
        RuleId::DeclaredArea,
    ];

    /// The id as written in files (`overlap-across` …).
    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::InputSkipped => "input-skipped",
            RuleId::GeometryInvalid => "geometry-invalid",
            RuleId::DuplicatePoints => "duplicate-points",
            RuleId::DuplicateFeature => "duplicate-feature",
            RuleId::DuplicateBsm => "duplicate-bsm",
            RuleId::Multipart => "multipart",
            RuleId::Sliver => "sliver",
            RuleId::OverlapWithin => "overlap-within",
            RuleId::OverlapAcross => "overlap-across",
            RuleId::OutsideAdmin => "outside-admin",
            RuleId::XzqdmMismatch => "xzqdm-mismatch",
            RuleId::DeclaredArea => "declared-area",
        }
    }

    /// Title in Chinese and English.
    pub fn title(self) -> (&'static str, &'static str) {
        match self {
            RuleId::InputSkipped => ("无法读取的要素", "unreadable record"),
            RuleId::GeometryInvalid => ("几何无效", "invalid geometry"),
            RuleId::DuplicatePoints => ("重复节点", "duplicate vertices"),
            RuleId::DuplicateFeature => ("重复要素", "duplicate feature"),
            RuleId::DuplicateBsm => ("标识码重复", "duplicate BSM"),
            RuleId::Multipart => ("多部件要素", "multipart feature"),
            RuleId::Sliver => ("碎片多边形", "sliver polygon"),
            RuleId::OverlapWithin => ("图层内重叠", "overlap within a layer"),
            RuleId::OverlapAcross => ("控制线之间重叠", "overlap between control lines"),
            RuleId::OutsideAdmin => ("超出行政区范围", "outside the administrative area"),
            RuleId::XzqdmMismatch => ("行政区代码不符", "XZQDM does not match"),
            RuleId::DeclaredArea => ("面积字段不符", "declared area differs"),
        }
    }

    /// How such a finding is usually resolved (for the report; never applied silently).
    pub fn resolution(self) -> &'static str {
        match self {
            RuleId::InputSkipped => "Repair the record in the source file (empty or broken geometry) and deliver it again.",
            RuleId::GeometryInvalid => "Repair the geometry (ArcGIS Repair Geometry / QGIS Fix geometries) and check the result by eye.",
            RuleId::DuplicatePoints => "Remove the repeated vertices (simplify with zero tolerance).",
            RuleId::DuplicateFeature => "Delete one of the copies, keeping the one whose attributes are right.",
            RuleId::DuplicateBsm => "Give each feature its own identifier (BSM is unique within a layer).",
            RuleId::Multipart => "Explode the feature into single parts, each with its own BSM.",
            RuleId::Sliver => "Merge the sliver into its neighbour along the longest shared edge (Eliminate), or delete it.",
            RuleId::OverlapWithin => "Cut the overlap out of one of the two features so the layer tiles without overlap.",
            RuleId::OverlapAcross => "Farmland inside the red line is withdrawn or cut out as a hole (开天窗) and re-designated (补划) elsewhere in the county; the urban boundary yields to both lines.",
            RuleId::OutsideAdmin => "Clip the feature to the administrative boundary, or correct the boundary if the feature is right.",
            RuleId::XzqdmMismatch => "Set XZQDM to the code of the administrative area the feature lies in, or split it at the boundary.",
            RuleId::DeclaredArea => "Recompute the area field as the CGCS2000 ellipsoid area (sanxian area) and write it back.",
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RuleId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        RuleId::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| Error::UnknownRule(s.to_string()))
    }
}

/// On/off and severity of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Switch {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Severity of its findings.
    pub severity: FindingSeverity,
}

/// Sliver thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SliverRule {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Severity of its findings.
    pub severity: FindingSeverity,
    /// Features smaller than this are slivers, m² (practice: patches under 200 m² are merged
    /// into a neighbour).
    pub min_area_m2: f64,
    /// Thinness 4πA/P² (1 for a circle, → 0 for a line) under which a feature is thin.
    pub max_thinness: f64,
    /// Thin features are slivers only when smaller than this, m² (large natural areas with
    /// long fractal boundaries are thin by the ratio but not slivers).
    pub thin_max_area_m2: f64,
}

impl Default for SliverRule {
    fn default() -> Self {
        SliverRule {
            enabled: true,
            severity: FindingSeverity::Warning,
            min_area_m2: 200.0,
            max_thinness: 0.1,
            thin_max_area_m2: 10_000.0,
        }
    }
}

/// Overlap settings (within a layer and across control lines).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OverlapRule {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Severity of overlaps of at least `error_above_m2`.
    pub severity: FindingSeverity,
    /// Overlaps below this are not conflicts at all (counted separately), m².
    pub tolerance_m2: f64,
    /// Overlaps below this get `minor_severity` (practice: above 1 m² is a real conflict), m².
    pub error_above_m2: f64,
    /// Severity of overlaps between `tolerance_m2` and `error_above_m2`.
    pub minor_severity: FindingSeverity,
}

impl Default for OverlapRule {
    fn default() -> Self {
        OverlapRule {
            enabled: true,
            severity: FindingSeverity::Error,
            tolerance_m2: 1e-4,
            error_above_m2: 1.0,
            minor_severity: FindingSeverity::Warning,
        }
    }
}

/// Coverage by the administrative area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CoverageRule {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Severity of its findings.
    pub severity: FindingSeverity,
    /// Parts outside smaller than this are ignored, m².
    pub tolerance_m2: f64,
}

impl Default for CoverageRule {
    fn default() -> Self {
        CoverageRule {
            enabled: true,
            severity: FindingSeverity::Error,
            tolerance_m2: 0.01,
        }
    }
}

/// XZQDM consistency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct XzqdmRule {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Severity of its findings.
    pub severity: FindingSeverity,
    /// Fields holding the feature's administrative code, first present wins.
    pub fields: Vec<String>,
}

impl Default for XzqdmRule {
    fn default() -> Self {
        XzqdmRule {
            enabled: true,
            severity: FindingSeverity::Error,
            fields: vec!["XZQDM".into(), "XJXZQDM".into()],
        }
    }
}

/// Declared area against the official ellipsoid area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DeclaredAreaRule {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Severity of its findings.
    pub severity: FindingSeverity,
    /// Area fields, first present wins (m²).
    pub fields: Vec<String>,
    /// Allowed absolute difference, m².
    pub tolerance_m2: f64,
}

impl Default for DeclaredAreaRule {
    fn default() -> Self {
        DeclaredAreaRule {
            enabled: true,
            severity: FindingSeverity::Warning,
            fields: vec!["MJ".into(), "TBMJ".into(), "YJJBNTMJ".into(), "DCMJ".into()],
            tolerance_m2: 1.0,
        }
    }
}

/// Multipart features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MultipartRule {
    /// Whether the rule runs.
    pub enabled: bool,
    /// Severity of its findings.
    pub severity: FindingSeverity,
    /// Layer codes whose features must be single polygons.
    pub layers: Vec<String>,
}

impl Default for MultipartRule {
    fn default() -> Self {
        MultipartRule {
            enabled: true,
            severity: FindingSeverity::Warning,
            layers: vec!["YJJBNTBHTB".into()],
        }
    }
}

macro_rules! simple_rule {
    ($name:ident, $sev:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct $name {
            /// Whether the rule runs.
            pub enabled: bool,
            /// Severity of its findings.
            pub severity: FindingSeverity,
        }

        impl Default for $name {
            fn default() -> Self {
                $name {
                    enabled: true,
                    severity: FindingSeverity::$sev,
                }
            }
        }
    };
}

simple_rule!(InputSkippedRule, Error, "Records a reader had to skip.");
simple_rule!(
    DuplicateBsmRule,
    Error,
    "Identifiers (BSM) used twice within a layer."
);
simple_rule!(GeometryRule, Error, "OGC validity.");
simple_rule!(
    DuplicatePointsRule,
    Warning,
    "Duplicate consecutive vertices."
);
simple_rule!(
    DuplicateFeatureRule,
    Error,
    "Identical features within a layer."
);

/// All rule settings of a check.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct RuleSettings {
    /// Records a reader had to skip.
    pub input_skipped: InputSkippedRule,
    /// OGC validity.
    pub geometry_invalid: GeometryRule,
    /// Duplicate consecutive vertices.
    pub duplicate_points: DuplicatePointsRule,
    /// Identical features.
    pub duplicate_feature: DuplicateFeatureRule,
    /// Identifiers used twice.
    pub duplicate_bsm: DuplicateBsmRule,
    /// Multipart features.
    pub multipart: MultipartRule,
    /// Slivers.
    pub sliver: SliverRule,
    /// Overlaps within a layer.
    pub overlap_within: OverlapRule,
    /// Overlaps between control lines.
    pub overlap_across: OverlapRule,
    /// Outside the administrative area.
    pub outside_admin: CoverageRule,
    /// XZQDM consistency.
    pub xzqdm_mismatch: XzqdmRule,
    /// Declared area.
    pub declared_area: DeclaredAreaRule,
}

impl RuleSettings {
    /// Parses a rules file; missing sections and keys keep their defaults, unknown ones are
    /// errors (a misspelt key must not be ignored silently).
    pub fn from_toml(text: &str) -> Result<RuleSettings> {
        toml::from_str(text).map_err(|e| Error::Rules(e.to_string()))
    }

    /// The settings as TOML, with every default written out.
    pub fn to_toml(&self) -> String {
        // Serialising plain structs of numbers, strings and booleans cannot fail.
        toml::to_string_pretty(self).unwrap_or_default()
    }

    /// On/off and severity of a rule.
    pub fn switch(&self, rule: RuleId) -> Switch {
        let (enabled, severity) = match rule {
            RuleId::InputSkipped => (self.input_skipped.enabled, self.input_skipped.severity),
            RuleId::GeometryInvalid => (
                self.geometry_invalid.enabled,
                self.geometry_invalid.severity,
            ),
            RuleId::DuplicatePoints => (
                self.duplicate_points.enabled,
                self.duplicate_points.severity,
            ),
            RuleId::DuplicateFeature => (
                self.duplicate_feature.enabled,
                self.duplicate_feature.severity,
            ),
            RuleId::DuplicateBsm => (self.duplicate_bsm.enabled, self.duplicate_bsm.severity),
            RuleId::Multipart => (self.multipart.enabled, self.multipart.severity),
            RuleId::Sliver => (self.sliver.enabled, self.sliver.severity),
            RuleId::OverlapWithin => (self.overlap_within.enabled, self.overlap_within.severity),
            RuleId::OverlapAcross => (self.overlap_across.enabled, self.overlap_across.severity),
            RuleId::OutsideAdmin => (self.outside_admin.enabled, self.outside_admin.severity),
            RuleId::XzqdmMismatch => (self.xzqdm_mismatch.enabled, self.xzqdm_mismatch.severity),
            RuleId::DeclaredArea => (self.declared_area.enabled, self.declared_area.severity),
        };
        Switch { enabled, severity }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_round_trip_through_toml() {
        let d = RuleSettings::default();
        let text = d.to_toml();
        assert!(
            text.contains("[sliver]") && text.contains("min_area_m2 = 200.0"),
            "{text}"
        );
        assert_eq!(RuleSettings::from_toml(&text).unwrap(), d);
    }

    #[test]
    fn partial_files_keep_defaults_and_typos_are_errors() {
        let s = RuleSettings::from_toml("[sliver]\nenabled = false\nmin_area_m2 = 50\n").unwrap();
        assert!(!s.sliver.enabled);
        assert_eq!(s.sliver.min_area_m2, 50.0);
        assert_eq!(s.sliver.max_thinness, 0.1);
        assert_eq!(s.overlap_across, OverlapRule::default());
        let err = RuleSettings::from_toml("[sliver]\nmin_area = 50\n").unwrap_err();
        assert!(err.to_string().contains("min_area"), "{err}");
    }

    #[test]
    fn rule_ids_parse() {
        for r in RuleId::ALL {
            assert_eq!(r.as_str().parse::<RuleId>().unwrap(), r);
        }
    }
}
