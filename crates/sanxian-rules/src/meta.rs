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
    /// Reading and geometry validity, slivers, duplicates.
    Validate,
    /// Overlaps within and across layers.
    Overlaps,
    /// Coverage by the administrative area.
    Coverage,
    /// Official areas and totals.
    Areas,
}

impl Stage {
    /// A label for progress displays.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Validate => "validating geometry",
            Stage::Overlaps => "finding overlaps",
            Stage::Coverage => "checking coverage",
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
