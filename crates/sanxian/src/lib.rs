#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub use sanxian_area as area;
pub use sanxian_check as check;
pub use sanxian_io as io;
pub use sanxian_overlay as overlay;
pub use sanxian_plans as plans;
pub use sanxian_report as report;
pub use sanxian_rules as rules;
pub use sanxian_types as types;

pub use sanxian_check::{parse_rules, Draft, Error};
pub use sanxian_plans::{
    compare_plans, occupy, overlaps_among, tabulate, CompareSettings, PlanComparison, PlanInput,
    PlanMapping, Tabulation,
};
pub use sanxian_rules::{CheckReport, Finding, RuleSettings};
pub use sanxian_types::{Crs, Ellipsoid, Feature, FeatureId, Layer, LayerKind};
