#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod basis;
mod context;
mod counties;
mod draft;
mod engine;
mod error;
mod field_refs;
pub mod recognise;
mod rule;
pub mod rules;
mod settings;
mod write;

pub use context::{expr_value, text_at, Context, Measured, PairOverlaps};
pub use counties::{CountyPiece, CountyPieces};
pub use draft::Draft;
pub use engine::CheckOptions;
pub use error::{Error, Result};
pub use field_refs::{text_of, trimmed, FieldRefs};
pub use rule::{params_of, Findings, Rule};
pub use rules::duplicates::IdenticalGroups;
pub use sanxian_rules::{
    CheckReport, Exceptions, Finding, FindingSeverity, Profile, RuleId, RuleSettings, Stage,
};
pub use settings::{
    apply_rules, apply_rules_toml, default_settings, effective_settings, parse_rules,
    profile_settings,
};
