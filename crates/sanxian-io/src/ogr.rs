//! Every OGR vector format through GDAL (feature `gdal`).

use std::path::Path;

use sanxian_types::Layer;

use crate::{ReadOptions, Result};

/// Reads every polygon layer of an OGR data source.
pub fn read(path: &Path, options: &ReadOptions) -> Result<Vec<Layer>> {
    let _ = options;
    Err(crate::Error::format(
        path,
        "GDAL reading not implemented yet",
    ))
}
