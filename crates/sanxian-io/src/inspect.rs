//! A summary of a layer as read: what `sanxian info` reports.

use sanxian_types::{CrsSource, Diagnostic, Field, Layer};
use serde::Serialize;

/// The CRS part of a [`LayerInfo`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrsInfo {
    /// EPSG code derived from the parameters, when one exists.
    pub epsg: Option<u32>,
    /// Human-readable name.
    pub name: String,
    /// How it was recognised.
    pub recognised_by: CrsSource,
    /// PROJ definition.
    pub proj: String,
}

/// Everything `sanxian info` says about one layer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerInfo {
    /// Layer name.
    pub name: String,
    /// Path as given.
    pub path: String,
    /// Standard code of the detected kind (`STBHHX` …).
    pub kind_code: &'static str,
    /// Kind in Chinese.
    pub kind_zh: &'static str,
    /// Kind in English.
    pub kind_en: &'static str,
    /// File format.
    pub format: String,
    /// Attribute text encoding and how it was chosen.
    pub encoding: Option<String>,
    /// The CRS, when known.
    pub crs: Option<CrsInfo>,
    /// Records in the source.
    pub records: u64,
    /// Features read (records minus those skipped, each listed in `diagnostics`).
    pub features: usize,
    /// Polygon parts.
    pub parts: usize,
    /// Interior rings (holes).
    pub holes: usize,
    /// Vertices, closing points included.
    pub vertices: usize,
    /// `[xmin, ymin, xmax, ymax]` in the layer's CRS.
    pub extent: Option<[f64; 4]>,
    /// Attribute fields.
    pub fields: Vec<Field>,
    /// What the reader noticed.
    pub diagnostics: Vec<Diagnostic>,
}

impl From<&Layer> for LayerInfo {
    fn from(layer: &Layer) -> Self {
        let polygons = layer.features.iter().flat_map(|f| f.geometry.0.iter());
        let (parts, holes) =
            polygons.fold((0, 0), |(p, h), poly| (p + 1, h + poly.interiors().len()));
        LayerInfo {
            name: layer.name.clone(),
            path: layer.path.clone(),
            kind_code: layer.kind.code(),
            kind_zh: layer.kind.name_zh(),
            kind_en: layer.kind.name_en(),
            format: layer.format.to_string(),
            encoding: layer.encoding.clone(),
            crs: layer.crs.map(|crs| CrsInfo {
                epsg: crs.epsg(),
                name: crs.name(),
                recognised_by: layer.crs_source.clone(),
                proj: crs.proj_string(),
            }),
            records: layer.source_records,
            features: layer.features.len(),
            parts,
            holes,
            vertices: layer.vertex_count(),
            extent: layer
                .extent()
                .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y]),
            fields: layer.fields.clone(),
            diagnostics: layer.diagnostics.clone(),
        }
    }
}

/// One input layer as a job saw it: how it was read and how many records it used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputSummary {
    /// Code the layer is reported under (`STBHHX` …, or its name).
    pub layer: String,
    /// Path as given.
    pub path: String,
    /// Format.
    pub format: String,
    /// CRS of the file.
    pub crs: Option<String>,
    /// Its EPSG code.
    pub epsg: Option<u32>,
    /// Records in the file (the largest count of its parts: .shp, .shx, .dbf).
    pub records: u64,
    /// Features used.
    pub features: usize,
    /// Records of the source that did not become features (`records − features`).
    pub skipped: u64,
    /// Why: the reader's errors (file, record where it concerns one, reason).
    pub skipped_reasons: Vec<String>,
    /// Vertices.
    pub vertices: usize,
}

impl From<&Layer> for InputSummary {
    fn from(l: &Layer) -> Self {
        let skipped_reasons: Vec<String> = l
            .diagnostics
            .iter()
            .filter(|d| d.severity == sanxian_types::Severity::Error)
            .map(|d| d.to_string())
            .collect();
        InputSummary {
            layer: l.code(),
            path: l.path.clone(),
            format: l.format.to_string(),
            crs: l.crs.map(|c| c.to_string()),
            epsg: l.crs.and_then(|c| c.epsg()),
            records: l.source_records,
            features: l.features.len(),
            // Records of the file that are not features: every one has an error diagnostic
            // (one may cover several, e.g. rows of the .dbf beyond the .shp).
            skipped: l.source_records.saturating_sub(l.features.len() as u64),
            skipped_reasons,
            vertices: l.vertex_count(),
        }
    }
}
