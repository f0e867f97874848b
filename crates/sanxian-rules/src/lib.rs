#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod error;
pub mod exceptions;
pub mod finding;
mod meta;
pub mod profile;
mod settings;

pub use error::{Error, Result};
pub use exceptions::{Exception, Exceptions};
pub use finding::{CheckReport, Finding};
pub use meta::{FindingSeverity, RuleId, RuleMeta, Stage, CATEGORIES};
pub use profile::Profile;
pub use sanxian_area::AreaFigures;
pub use settings::{RuleConfig, RuleSettings};
