#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod context;
mod counties;
mod draft;
mod engine;
mod error;
mod rule;
pub mod rules;
mod settings;
mod write;

pub use context::{text_at, Context, Measured, PairOverlaps};
pub use counties::{CountyPiece, CountyPieces};
pub use draft::Draft;
pub use error::{Error, Result};
pub use rule::{params_of, Findings, Rule};
pub use rules::duplicates::IdenticalGroups;
pub use sanxian_rules::{CheckReport, Finding, FindingSeverity, RuleId, RuleSettings, Stage};
pub use settings::{default_settings, effective_settings, parse_rules};
