//! ESRI Shapefile reading and writing.

use std::path::Path;

use sanxian_types::Layer;

use crate::{ReadOptions, Result};

/// Reads a shapefile (`.shp` with its `.shx`, `.dbf`, `.prj`, `.cpg`).
pub fn read(path: &Path, options: &ReadOptions) -> Result<Layer> {
    let _ = options;
    Err(crate::Error::format(
        path,
        "shapefile reading not implemented yet",
    ))
}

/// Writes a layer as a shapefile with attributes in the given encoding (and a `.cpg` naming it).
pub fn write(layer: &Layer, path: &Path, encoding: &str) -> Result<()> {
    let _ = (layer, encoding);
    Err(crate::Error::format(
        path,
        "shapefile writing not implemented yet",
    ))
}
