#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod compare;
pub mod conflict_types;
pub mod dissolve;
mod error;
pub mod mapping;
pub mod occupy;
pub mod overlaps;
pub mod overlay;
pub mod priority;
pub mod tabulate;
pub mod valid;
pub mod write;

pub use compare::{compare_plans, CompareSettings, PlanComparison, PlanInput};
pub use conflict_types::ConflictTypes;
pub use error::{Error, Result};
pub use mapping::PlanMapping;
pub use occupy::{land_group, occupy, LandGroup, Occupancy};
pub use overlaps::{overlaps_among, MeasuredOverlaps};
pub use overlay::{overlay, How, OverlayLayer};
pub use priority::Priority;
pub use tabulate::{tabulate, CountyBy, TabulateLayer, Tabulation};
