//! The attribute checks a profile declares as data: conditional rules between fields, formulas
//! between area fields, and sums that must equal a control area.

use serde::{Deserialize, Serialize};

/// A conditional rule: where `when` holds, `then` must hold (三调: DLBM in 05*, 06* … →
/// CZCSXM filled).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Short id, unique in the profile, shown with each finding.
    pub id: String,
    /// Layer code.
    pub layer: String,
    /// Where the rule applies (an expression; always when absent).
    #[serde(default)]
    pub when: Option<String>,
    /// What must hold there.
    pub then: String,
    /// Level of its findings (1, 2, 3) when it differs from the rule's.
    #[serde(default)]
    pub level: Option<u8>,
    /// What the rule means, in words (for the finding).
    #[serde(default)]
    pub message: Option<String>,
    /// Where it comes from.
    pub source: String,
}

/// A formula between fields that must hold within a tolerance (TBDLMJ = TBMJ − KCMJ).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Formula {
    /// Short id, unique in the profile.
    pub id: String,
    /// Layer code.
    pub layer: String,
    /// Where the formula applies (an expression; always when absent).
    #[serde(default)]
    pub when: Option<String>,
    /// The formula: a comparison, `=` holding within `tolerance`.
    pub check: String,
    /// Largest difference of the two sides that still counts as equal.
    #[serde(default = "hundredth")]
    pub tolerance: f64,
    /// Level of its findings (1, 2, 3) when it differs from the rule's.
    #[serde(default)]
    pub level: Option<u8>,
    /// Where it comes from.
    pub source: String,
}

fn hundredth() -> f64 {
    0.01
}

/// Patch areas summed per administrative unit must equal the unit's control area (分级控制:
/// Σ TBMJ of a county = its DCMJ).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlSum {
    /// Short id, unique in the profile.
    pub id: String,
    /// Layer whose field is summed.
    pub layer: String,
    /// Field summed (m²).
    pub field: String,
    /// Field of `layer` telling the unit: the unit's code is a prefix of it (ZLDWDM 19 digits
    /// within the 6-digit county).
    pub group_field: String,
    /// Layer of the units.
    pub control_layer: String,
    /// Field of the unit's code.
    pub control_code_field: String,
    /// Field of the unit's control area (m²).
    pub control_field: String,
    /// Largest difference that passes, m².
    pub tolerance_m2: f64,
    /// Where it comes from.
    pub source: String,
}
