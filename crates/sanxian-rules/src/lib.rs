#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod error;
pub mod finding;
mod meta;
mod settings;

pub use error::{Error, Result};
pub use finding::{CheckReport, Finding};
pub use meta::{FindingSeverity, RuleId, RuleMeta, Stage};
pub use sanxian_area::AreaFigures;
pub use settings::{RuleConfig, RuleSettings};
