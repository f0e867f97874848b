//! The rules of a check, one family per file, and the registry that lists them in the order
//! they run.
//!
//! To add a rule: write its file here (a [`RuleMeta`](sanxian_rules::RuleMeta), a parameter
//! struct if it takes any, a type implementing [`Rule`]) and add one line to [`REGISTRY`].
//! What a rule checks of a particular standard (layers, fields, codes) comes from the profile
//! ([`crate::Context::profile`]), not from the rule.

pub(crate) mod areas;
pub(crate) mod completeness;
pub(crate) mod conditions;
pub(crate) mod controls;
pub(crate) mod coverage;
pub(crate) mod declared_area;
pub(crate) mod duplicates;
pub(crate) mod formulas;
pub(crate) mod input;
pub(crate) mod math;
pub(crate) mod overlaps;
pub(crate) mod shape;
pub(crate) mod structure;
pub(crate) mod survey;
pub mod topology;
pub(crate) mod validity;
pub(crate) mod values;
pub(crate) mod xzqdm;

use crate::Rule;

/// Every rule, in the order it runs.
pub static REGISTRY: [&dyn Rule; 40] = [
    // 1 completeness
    &completeness::LayerMissing,
    &completeness::LayerEmpty,
    &completeness::EntryUnrecognised,
    &completeness::LayerMisnamed,
    &input::InputSkipped,
    // 2 mathematical basis
    &math::CrsDatum,
    &math::CrsProjection,
    &math::CrsMixed,
    &math::ZoneBand,
    &math::CoordinatePrecision,
    // 3 attribute structure
    &structure::FieldMissing,
    &structure::FieldTypeMismatch,
    &structure::FieldLength,
    &structure::FieldExtra,
    // 4 attribute values
    &values::ValueMandatory,
    &values::ValueDictionary,
    &values::CodeNameMismatch,
    &values::ValuePattern,
    &values::ValueRange,
    &values::ValueUnique,
    &conditions::ValueCondition,
    // 5 area arithmetic between fields
    &formulas::AreaFormula,
    // 6 geometry of single features
    &validity::GeometryInvalid,
    &validity::DuplicatePoints,
    &duplicates::DuplicateFeature,
    &shape::Multipart,
    &shape::Fragment,
    &shape::Sliver,
    // 6 and 7: overlaps within and across layers, coverage
    &overlaps::OverlapWithin,
    &overlaps::OverlapAcross,
    &coverage::OutsideAdmin,
    &xzqdm::XzqdmMismatch,
    // 6 topology of layers that tile
    &topology::GapRule,
    &topology::HoleForbidden,
    // 7 against the land survey
    &survey::AdminNotCovered,
    &survey::FarmlandNotCropland,
    &survey::FarmlandDlbmMismatch,
    // 5 official areas
    &declared_area::DeclaredArea,
    &areas::AreaNotComputable,
    &controls::AreaControl,
];

/// The ids of the rules, for code that looks for the findings of one rule.
pub mod ids {
    pub use super::areas::AREA_NOT_COMPUTABLE;
    pub use super::completeness::{ENTRY_UNRECOGNISED, LAYER_EMPTY, LAYER_MISNAMED, LAYER_MISSING};
    pub use super::conditions::VALUE_CONDITION;
    pub use super::controls::AREA_CONTROL;
    pub use super::coverage::OUTSIDE_ADMIN;
    pub use super::declared_area::DECLARED_AREA;
    pub use super::duplicates::DUPLICATE_FEATURE;
    pub use super::formulas::AREA_FORMULA;
    pub use super::input::INPUT_SKIPPED;
    pub use super::math::{COORDINATE_PRECISION, CRS_DATUM, CRS_MIXED, CRS_PROJECTION, ZONE_BAND};
    pub use super::overlaps::{OVERLAP_ACROSS, OVERLAP_WITHIN};
    pub use super::shape::{FRAGMENT, MULTIPART, SLIVER};
    pub use super::structure::{FIELD_EXTRA, FIELD_LENGTH, FIELD_MISSING, FIELD_TYPE};
    pub use super::survey::{ADMIN_NOT_COVERED, FARMLAND_DLBM_MISMATCH, FARMLAND_NOT_CROPLAND};
    pub use super::topology::{GAP, HOLE_FORBIDDEN};
    pub use super::validity::{DUPLICATE_POINTS, GEOMETRY_INVALID};
    pub use super::values::{
        CODE_NAME_MISMATCH, VALUE_DICTIONARY, VALUE_MANDATORY, VALUE_PATTERN, VALUE_RANGE,
        VALUE_UNIQUE,
    };
    pub use super::xzqdm::XZQDM_MISMATCH;
}

/// The first vertex of a geometry, to zoom to.
pub(crate) fn first_vertex(g: &sanxian_types::geo_types::MultiPolygon<f64>) -> Option<[f64; 2]> {
    g.0.first()
        .and_then(|p| p.exterior().0.first())
        .map(|c| [c.x, c.y])
}
