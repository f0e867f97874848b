#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod findings;
mod html;
mod svg;

use std::path::{Path, PathBuf};

use geo_types::MultiPolygon;
use sanxian_rules::CheckReport;
use sanxian_types::Crs;
use thiserror::Error;

pub use findings::{write_findings_csv, write_findings_geojson, write_findings_xlsx};
pub use html::{render_html, render_map};

/// Errors writing a report.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// A file operation failed.
    #[error("{}: {cause}", sanxian_io::escaped(path))]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause (part of the message, not a separate source).
        cause: std::io::Error,
    },
    /// Writing through sanxian-io failed.
    #[error(transparent)]
    Output(#[from] sanxian_io::Error),
}

impl Error {
    pub(crate) fn io(path: &Path, cause: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            cause,
        }
    }
}

/// Result with the report [`Error`](enum@Error).
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A layer drawn on the report's map.
#[derive(Debug, Clone)]
pub struct MapLayer<'a> {
    /// Layer code (`STBHHX` …), used for styling and the legend.
    pub code: String,
    /// Legend label.
    pub label: String,
    /// Geometries in the working CRS.
    pub geometries: Vec<&'a MultiPolygon<f64>>,
    /// Fill colour (`#rrggbb`) and opacity; `None`: the colour of the layer code (the control
    /// lines' colours, grey for others).
    pub style: Option<(String, f64)>,
}

/// Writes `summary.json`, `findings.geojson`, `findings.csv`, `report.html` (and
/// `findings.gpkg` with the gdal feature) into `dir` through
/// [`sanxian_io::output::OutputDir`]: only a folder sanxian wrote (or a new or empty one) is
/// replaced, crash-safely, and never while another run writes it.
///
/// # Errors
/// `dir` is not sanxian's or is held by another run; a file cannot be written.
pub fn write_report(
    dir: &Path,
    report: &CheckReport,
    map_layers: &[MapLayer<'_>],
    working_crs: &Crs,
) -> Result<()> {
    let out = sanxian_io::output::OutputDir::create(dir, "check")?;
    write_all(out.path(), report, map_layers, working_crs)?;
    out.commit()?;
    Ok(())
}

fn write_all(
    dir: &Path,
    report: &CheckReport,
    map_layers: &[MapLayer<'_>],
    working_crs: &Crs,
) -> Result<()> {
    let summary = dir.join("summary.json");
    let text = serde_json::to_string_pretty(report).map_err(|e| Error::io(&summary, e.into()))?;
    std::fs::write(&summary, text + "\n").map_err(|e| Error::io(&summary, e))?;
    write_findings_geojson(&dir.join("findings.geojson"), &report.findings, working_crs)?;
    write_findings_csv(&dir.join("findings.csv"), &report.findings)?;
    write_findings_xlsx(&dir.join("findings.xlsx"), &report.findings)?;
    let html = dir.join("report.html");
    std::fs::write(&html, render_html(report, map_layers)).map_err(|e| Error::io(&html, e))?;
    #[cfg(feature = "gdal")]
    findings::write_findings_gpkg(&dir.join("findings.gpkg"), &report.findings, working_crs)?;
    Ok(())
}
