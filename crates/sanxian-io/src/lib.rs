#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod csv;
pub mod encoding;
mod error;
pub mod geojson;
#[cfg(feature = "gdal")]
pub mod ogr;
pub mod prj;
mod read;
mod rings;
pub mod reproject;
pub mod shapefile;

pub use error::{Error, Result};
pub use read::{discover, read_layer, read_path, ReadOptions};
