//! The rules of a check, one family per file, and the registry that lists them in the order
//! they run.
//!
//! To add a rule: write its file here (a [`RuleMeta`](sanxian_rules::RuleMeta), a parameter
//! struct if it takes any, a type implementing [`Rule`]) and add one line to [`REGISTRY`].

pub(crate) mod areas;
pub(crate) mod coverage;
pub(crate) mod declared_area;
pub(crate) mod duplicates;
pub(crate) mod input;
pub(crate) mod overlaps;
pub(crate) mod shape;
pub(crate) mod validity;
pub(crate) mod xzqdm;

use crate::Rule;

/// Every rule, in the order it runs.
pub static REGISTRY: [&dyn Rule; 13] = [
    &input::InputSkipped,
    &validity::GeometryInvalid,
    &validity::DuplicatePoints,
    &duplicates::DuplicateFeature,
    &duplicates::DuplicateBsm,
    &shape::Multipart,
    &shape::Sliver,
    &overlaps::OverlapWithin,
    &overlaps::OverlapAcross,
    &coverage::OutsideAdmin,
    &xzqdm::XzqdmMismatch,
    &declared_area::DeclaredArea,
    &areas::AreaNotComputable,
];

/// The ids of the rules, for code that looks for the findings of one rule.
pub mod ids {
    pub use super::areas::AREA_NOT_COMPUTABLE;
    pub use super::coverage::OUTSIDE_ADMIN;
    pub use super::declared_area::DECLARED_AREA;
    pub use super::duplicates::{DUPLICATE_BSM, DUPLICATE_FEATURE};
    pub use super::input::INPUT_SKIPPED;
    pub use super::overlaps::{OVERLAP_ACROSS, OVERLAP_WITHIN};
    pub use super::shape::{MULTIPART, SLIVER};
    pub use super::validity::{DUPLICATE_POINTS, GEOMETRY_INVALID};
    pub use super::xzqdm::XZQDM_MISMATCH;
}

/// The first vertex of a geometry, to zoom to.
pub(crate) fn first_vertex(g: &sanxian_types::geo_types::MultiPolygon<f64>) -> Option<[f64; 2]> {
    g.0.first()
        .and_then(|p| p.exterior().0.first())
        .map(|c| [c.x, c.y])
}
