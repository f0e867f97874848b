//! A county's three-lines draft: its layers, read and brought into one working CRS.

use std::path::{Path, PathBuf};

use sanxian_io::ReadOptions;
use sanxian_rules::finding::InputSummary;
use sanxian_types::{Crs, Layer, LayerKind};

use crate::Error;

/// A draft: the layers of a delivery (STBHHX, YJJBNTBHTB, CZKFBJ, XZQ, and any others), all in
/// one projected working CRS chosen from the data.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Where the draft was read from.
    pub source: PathBuf,
    /// The layers, transformed into [`Draft::working_crs`].
    pub layers: Vec<Layer>,
    /// The inputs as they were in their files (CRS, counts).
    pub inputs: Vec<InputSummary>,
    /// The working CRS: the most common CGCS2000 Gauss-Krüger zone of the inputs, else the zone
    /// of their mean longitude.
    pub working_crs: Crs,
}

impl Draft {
    /// Reads a draft folder (or a single file or container) with default options.
    ///
    /// # Errors
    /// When a file cannot be read, a layer's CRS is unknown, two layers claim the same control
    /// line, or the layers cannot be brought into one CRS.
    pub fn open(path: impl AsRef<Path>) -> Result<Draft, Error> {
        Draft::open_with(path, &ReadOptions::default())
    }

    /// Reads a draft with stated options (CRS, encoding; a stated kind applies to every layer,
    /// so it is rarely what a folder needs).
    pub fn open_with(path: impl AsRef<Path>, options: &ReadOptions) -> Result<Draft, Error> {
        let path = path.as_ref();
        let layers = sanxian_io::read_path(path, options)?;
        if layers.is_empty() {
            return Err(Error::Draft(format!(
                "{}: no Shapefile, GeoJSON or GDAL layers found",
                path.display()
            )));
        }
        Draft::from_layers(path, layers)
    }

    /// A draft from layers already read (e.g. from a database by the embedding application).
    pub fn from_layers(source: impl Into<PathBuf>, layers: Vec<Layer>) -> Result<Draft, Error> {
        for kind in [
            LayerKind::EcologicalRedLine,
            LayerKind::PermanentBasicFarmland,
            LayerKind::UrbanDevelopmentBoundary,
            LayerKind::AdministrativeArea,
        ] {
            let same: Vec<&str> = layers
                .iter()
                .filter(|l| l.kind == kind)
                .map(|l| l.path.as_str())
                .collect();
            if same.len() > 1 {
                return Err(Error::Draft(format!(
                    "{} layers are all {} ({}): keep one per control line, or merge them first",
                    same.join(", "),
                    kind.code(),
                    kind.name_zh()
                )));
            }
        }
        let inputs = layers
            .iter()
            .map(|l| InputSummary {
                layer: layer_code(l),
                path: l.path.clone(),
                format: l.format.to_string(),
                crs: l.crs.map(|c| c.to_string()),
                epsg: l.crs.and_then(|c| c.epsg()),
                records: l.source_records,
                features: l.features.len(),
                vertices: l.vertex_count(),
            })
            .collect();
        for l in &layers {
            if l.crs.is_none() {
                return Err(Error::Draft(format!(
                    "{}: unknown CRS; state it with --crs EPSG:CODE",
                    l.path
                )));
            }
        }
        let refs: Vec<&Layer> = layers.iter().collect();
        let working_crs = sanxian_io::reproject::working_crs(&refs)?;
        let layers = layers
            .into_iter()
            .map(|l| sanxian_io::reproject::transform_layer(&l, &working_crs))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Draft {
            source: source.into(),
            layers,
            inputs,
            working_crs,
        })
    }

    /// The layer of a kind, if the draft has one.
    pub fn layer(&self, kind: LayerKind) -> Option<&Layer> {
        self.layers.iter().find(|l| l.kind == kind)
    }
}

/// The name a layer goes by in reports: its standard code, or its own name for other layers.
pub fn layer_code(layer: &Layer) -> String {
    match layer.kind {
        LayerKind::Plan | LayerKind::ProjectSite | LayerKind::Other => layer.name.clone(),
        kind => kind.code().to_string(),
    }
}
