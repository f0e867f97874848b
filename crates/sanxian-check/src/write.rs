//! Writing a check's report folder.

use std::path::Path;

use sanxian_report::MapLayer;
use sanxian_rules::CheckReport;
use sanxian_types::LayerKind;

use crate::{Draft, Error};

impl Draft {
    /// Writes the report of `report` (made by [`Draft::check`] on this draft) into `dir`:
    /// summary.json, findings.geojson, findings.csv, report.html (and findings.gpkg with the
    /// gdal feature). `dir` is replaced only when sanxian wrote it; see
    /// [`sanxian_io::output::OutputDir`].
    ///
    /// # Errors
    /// `dir` exists and was not written by sanxian, another run holds it, or a file cannot be
    /// written.
    pub fn write_report(&self, report: &CheckReport, dir: &Path) -> Result<(), Error> {
        let layers: Vec<MapLayer> = self
            .layers
            .iter()
            .filter(|l| l.kind.is_control_line() || l.kind == LayerKind::AdministrativeArea)
            .map(|l| MapLayer {
                code: l.code(),
                label: format!("{} {}", l.kind.name_zh(), l.kind.name_en()),
                style: None,
                geometries: l.features.iter().map(|f| &f.geometry).collect(),
            })
            .collect();
        sanxian_report::write_report(dir, report, &layers, &self.working_crs)?;
        Ok(())
    }
}
