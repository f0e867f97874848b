#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod config;
mod error;
pub mod finding;
pub mod shape;
pub mod validity;

pub use config::{FindingSeverity, RuleId, RuleSettings};
pub use error::{Error, Result};
pub use finding::{AreaFigures, CheckReport, Finding};
