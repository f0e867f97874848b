//! The outputs of the overlay analyses, as the commands write them.
//!
//! Every area is written as both the official ellipsoid area (`ellipsoid_m2`, `_ha`, `_mu`)
//! and the planar area in the working CRS (`planar_m2`), named so. Layers are RFC 7946
//! GeoJSON (lon/lat); tables are CSV (UTF-8 with BOM); summaries JSON. Each folder is written
//! through [`sanxian_io::output::OutputDir`].

mod compare;
mod occupy;
mod overlaps;
mod tabulate;

pub use compare::{summary_json as comparison_json, write_comparison};
pub use occupy::write_occupancy;
pub use overlaps::{pair_json, write_overlaps};
pub use tabulate::{tabulation_json, write_tabulation, TOTAL};

use std::path::Path;

use sanxian_area::format_half_away;
use sanxian_io::inspect::InputSummary;
use sanxian_types::FeatureId;

use crate::{Error, Result};

/// `source#record`, as a GIS user finds the feature.
pub(crate) fn id_text(f: &FeatureId) -> String {
    format!("{}#{}", f.source, f.record)
}

/// m², ha and 亩 of an area, rounded half away from zero to 2, 4 and 2 decimals.
pub(crate) fn figures_text(m2: f64) -> [String; 3] {
    let a = sanxian_area::AreaFigures::from_m2(m2);
    [
        format_half_away(a.m2, 2),
        format_half_away(a.ha, 4),
        format_half_away(a.mu, 2),
    ]
}

pub(crate) fn write_json(path: &Path, value: &impl serde::Serialize) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Error::Json(e.to_string()))?;
    std::fs::write(path, text + "\n").map_err(|e| Error::Io(io_error(path, e)))
}

pub(crate) fn write_text(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|e| Error::Io(io_error(path, e)))
}

fn io_error(path: &Path, e: std::io::Error) -> sanxian_io::Error {
    sanxian_io::Error::Output {
        path: path.to_path_buf(),
        message: format!("cannot be written: {e}"),
    }
}

/// A summary.json of an analysis: the version, the working CRS and every input with its
/// records used and skipped, then `body`'s entries (a JSON object).
pub(crate) fn summary_with(
    inputs: &[InputSummary],
    working: &sanxian_types::Crs,
    body: serde_json::Value,
) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    m.insert("sanxian_version".into(), env!("CARGO_PKG_VERSION").into());
    m.insert("working_crs".into(), working.to_string().into());
    m.insert(
        "inputs".into(),
        serde_json::to_value(inputs).unwrap_or_default(),
    );
    if let serde_json::Value::Object(rest) = body {
        m.extend(rest);
    }
    serde_json::Value::Object(m)
}
