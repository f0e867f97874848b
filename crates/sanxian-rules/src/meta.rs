//! What a rule is, as reports see it: its id, code, titles, resolution and default severity.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize, Serializer};

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

impl FindingSeverity {
    /// The level of 质检 catalogues: 1 fatal (the delivery is rejected) for errors, 2 serious
    /// for warnings, 3 minor for information.
    pub fn level(self) -> u8 {
        match self {
            FindingSeverity::Error => 1,
            FindingSeverity::Warning => 2,
            FindingSeverity::Info => 3,
        }
    }

    /// The severity of a level (1, 2, 3).
    pub fn from_level(level: u8) -> Option<FindingSeverity> {
        match level {
            1 => Some(FindingSeverity::Error),
            2 => Some(FindingSeverity::Warning),
            3 => Some(FindingSeverity::Info),
            _ => None,
        }
    }
}

/// The categories of checks, by the first digit of their codes.
pub const CATEGORIES: [(u8, &str, &str); 7] = [
    (1, "完整性", "completeness"),
    (2, "数学基础", "mathematical basis"),
    (3, "属性结构", "attribute structure"),
    (4, "属性值", "attribute values"),
    (5, "面积", "area arithmetic"),
    (6, "图形与拓扑", "geometry and topology"),
    (7, "图层间关系", "between layers"),
];

impl fmt::Display for FindingSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FindingSeverity::Info => "info",
            FindingSeverity::Warning => "warning",
            FindingSeverity::Error => "error",
        })
    }
}

/// The stage of a check a rule belongs to (for progress displays).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Stage {
    /// Layers present, mathematical basis, field structure.
    Structure,
    /// Attribute values, conditions, formulas.
    Attributes,
    /// Reading and geometry validity, slivers, duplicates.
    Validate,
    /// Overlaps within and across layers.
    Overlaps,
    /// Coverage by the administrative area.
    Coverage,
    /// Gaps and holes of layers that tile.
    Topology,
    /// The lines against the land survey.
    Survey,
    /// Official areas and totals.
    Areas,
}

impl Stage {
    /// A label for progress displays.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Structure => "checking layers and fields",
            Stage::Attributes => "checking attribute values",
            Stage::Validate => "validating geometry",
            Stage::Overlaps => "finding overlaps",
            Stage::Coverage => "checking coverage",
            Stage::Topology => "finding gaps",
            Stage::Survey => "comparing with the land survey",
            Stage::Areas => "measuring areas",
        }
    }
}

/// The description of one rule, declared once by the rule itself.
#[derive(Debug)]
pub struct RuleMeta {
    /// The id as written in rules files and reports (`overlap-across` …).
    pub id: &'static str,
    /// A four-digit code whose first digit is the category, as 质检 catalogues number their
    /// checks: 1 completeness, 2 mathematical basis, 3 attribute structure, 4 attribute values,
    /// 5 area arithmetic, 6 geometry and topology within a layer, 7 between layers.
    pub code: u16,
    /// Chinese title.
    pub title_zh: &'static str,
    /// English title.
    pub title_en: &'static str,
    /// How such a finding is usually resolved (for the report; never applied silently).
    pub resolution: &'static str,
    /// Severity of its findings unless the settings say otherwise.
    pub severity: FindingSeverity,
    /// When it runs.
    pub stage: Stage,
}

/// A rule, by reference to its [`RuleMeta`]: cheap to copy, compared and ordered by code then
/// id, serialised as the id.
#[derive(Debug, Clone, Copy)]
pub struct RuleId(pub &'static RuleMeta);

impl RuleId {
    /// The id (`overlap-across` …).
    pub fn as_str(self) -> &'static str {
        self.0.id
    }

    /// The four-digit code.
    pub fn code(self) -> u16 {
        self.0.code
    }

    /// Title in Chinese and English.
    pub fn title(self) -> (&'static str, &'static str) {
        (self.0.title_zh, self.0.title_en)
    }

    /// How such a finding is usually resolved.
    pub fn resolution(self) -> &'static str {
        self.0.resolution
    }

    /// The rule's description.
    pub fn meta(self) -> &'static RuleMeta {
        self.0
    }
}

impl PartialEq for RuleId {
    fn eq(&self, o: &Self) -> bool {
        self.0.id == o.0.id
    }
}

impl Eq for RuleId {}

impl Hash for RuleId {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.0.id.hash(h);
    }
}

impl Ord for RuleId {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.0.code, self.0.id).cmp(&(o.0.code, o.0.id))
    }
}

impl PartialOrd for RuleId {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.id)
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.id)
    }
}
