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

pub use findings::{write_findings_csv, write_findings_geojson};
pub use html::{render_html, render_map};

/// Errors writing a report.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// A file operation failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Writing through sanxian-io failed.
    #[error(transparent)]
    Output(#[from] sanxian_io::Error),
}

impl Error {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
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
}

/// Writes `summary.json`, `findings.geojson`, `findings.csv`, `report.html` (and
/// `findings.gpkg` with the gdal feature) into `dir`, atomically: everything is written into a
/// temporary sibling folder which then replaces `dir`.
pub fn write_report(
    dir: &Path,
    report: &CheckReport,
    map_layers: &[MapLayer<'_>],
    working_crs: &Crs,
) -> Result<()> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let tmp = parent.join(format!(".{name}.partial-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
    }
    std::fs::create_dir(&tmp).map_err(|e| Error::io(&tmp, e))?;
    let result = write_all(&tmp, report, map_layers, working_crs);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if dir.exists() {
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        std::fs::rename(dir, &old).map_err(|e| Error::io(dir, e))?;
        std::fs::rename(&tmp, dir).map_err(|e| Error::io(dir, e))?;
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(&tmp, dir).map_err(|e| Error::io(dir, e))?;
    }
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
    let html = dir.join("report.html");
    std::fs::write(&html, render_html(report, map_layers)).map_err(|e| Error::io(&html, e))?;
    #[cfg(feature = "gdal")]
    findings::write_findings_gpkg(&dir.join("findings.gpkg"), &report.findings, working_crs)?;
    Ok(())
}
