#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod crs;
mod error;
mod layer;
pub mod planar;
mod tmerc;

pub use crs::{Crs, CrsSource, Datum, Ellipsoid, GkZone, ZoneWidth};
pub use error::{Error, Result};
pub use layer::{
    Diagnostic, Feature, FeatureId, Field, FieldType, Layer, LayerKind, Severity, SourceFormat,
    Text, Value,
};
pub use tmerc::{KruegerSeries, TransverseMercator};

/// Re-exported geometry types, so that embedders use the same version as sanxian.
pub use geo_types;
