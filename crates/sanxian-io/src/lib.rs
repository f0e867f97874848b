#![doc = include_str!("../README.md")]
// `deny`, not `forbid`: `ogr` allows it for two OGR calls the gdal crate does not wrap.
#![deny(unsafe_code)]

pub mod csv;
pub mod encoding;
mod error;
pub mod geojson;
#[cfg(feature = "gdal")]
pub mod ogr;
pub mod prj;
mod read;
pub mod reproject;
mod rings;
pub mod shapefile;

pub use error::{Error, Result};
pub use read::{discover, read_layer, read_path, ReadOptions};
