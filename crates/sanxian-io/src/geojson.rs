//! GeoJSON reading and writing.

use std::path::Path;

use sanxian_types::Layer;

use crate::{ReadOptions, Result};

/// Coordinates of a written GeoJSON file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeoJsonCoordinates {
    /// RFC 7946: longitude/latitude (the layer is transformed to its datum's lon/lat).
    LonLat,
    /// The layer's own CRS, declared with the legacy `crs` member as GDAL writes it.
    Native,
}

/// Reads a GeoJSON FeatureCollection of polygons and multipolygons.
pub fn read(path: &Path, options: &ReadOptions) -> Result<Layer> {
    let _ = options;
    Err(crate::Error::format(
        path,
        "GeoJSON reading not implemented yet",
    ))
}

/// Writes a layer as a GeoJSON FeatureCollection.
pub fn write(layer: &Layer, path: &Path, coordinates: GeoJsonCoordinates) -> Result<()> {
    let _ = (layer, coordinates);
    Err(crate::Error::format(
        path,
        "GeoJSON writing not implemented yet",
    ))
}
