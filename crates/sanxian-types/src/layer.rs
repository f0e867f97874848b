//! Layers, features and their attributes.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use geo_types::MultiPolygon;
use serde::Serialize;

use crate::{Crs, CrsSource, Error};

/// What a layer holds, in planning terms.
///
/// Recognised from file or layer names with [`LayerKind::recognise`]; a user can always state it
/// with [`LayerKind::from_str`], which also accepts the standard codes and Chinese names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerKind {
    /// 生态保护红线, `STBHHX`.
    EcologicalRedLine,
    /// 永久基本农田, `YJJBNTBHTB` / `YJJBNTTB`.
    PermanentBasicFarmland,
    /// 城镇开发边界, `CZKFBJ`.
    UrbanDevelopmentBoundary,
    /// 行政区, `XZQ`.
    AdministrativeArea,
    /// 地类图斑 of the land-use survey, `DLTB`.
    LandUseSurvey,
    /// An older plan (land-use plan, urban plan …) for multi-plan integration.
    Plan,
    /// Project parcels for site occupancy analysis.
    ProjectSite,
    /// Anything else.
    Other,
}

impl LayerKind {
    /// All kinds, in a fixed order.
    pub const ALL: [LayerKind; 8] = [
        LayerKind::EcologicalRedLine,
        LayerKind::PermanentBasicFarmland,
        LayerKind::UrbanDevelopmentBoundary,
        LayerKind::AdministrativeArea,
        LayerKind::LandUseSurvey,
        LayerKind::Plan,
        LayerKind::ProjectSite,
        LayerKind::Other,
    ];

    /// The standard layer code (`STBHHX` …), or a lower-case word for kinds without one.
    pub fn code(self) -> &'static str {
        match self {
            LayerKind::EcologicalRedLine => "STBHHX",
            LayerKind::PermanentBasicFarmland => "YJJBNTBHTB",
            LayerKind::UrbanDevelopmentBoundary => "CZKFBJ",
            LayerKind::AdministrativeArea => "XZQ",
            LayerKind::LandUseSurvey => "DLTB",
            LayerKind::Plan => "plan",
            LayerKind::ProjectSite => "site",
            LayerKind::Other => "other",
        }
    }

    /// The Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            LayerKind::EcologicalRedLine => "生态保护红线",
            LayerKind::PermanentBasicFarmland => "永久基本农田",
            LayerKind::UrbanDevelopmentBoundary => "城镇开发边界",
            LayerKind::AdministrativeArea => "行政区",
            LayerKind::LandUseSurvey => "地类图斑",
            LayerKind::Plan => "规划",
            LayerKind::ProjectSite => "项目用地",
            LayerKind::Other => "其他",
        }
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        match self {
            LayerKind::EcologicalRedLine => "ecological protection red line",
            LayerKind::PermanentBasicFarmland => "permanent basic farmland",
            LayerKind::UrbanDevelopmentBoundary => "urban development boundary",
            LayerKind::AdministrativeArea => "administrative area",
            LayerKind::LandUseSurvey => "land-use survey",
            LayerKind::Plan => "plan",
            LayerKind::ProjectSite => "project site",
            LayerKind::Other => "other",
        }
    }

    /// Is this one of the three control lines?
    pub fn is_control_line(self) -> bool {
        matches!(
            self,
            LayerKind::EcologicalRedLine
                | LayerKind::PermanentBasicFarmland
                | LayerKind::UrbanDevelopmentBoundary
        )
    }

    /// Recognises a standard layer from a file or layer name (without directory; the extension
    /// may be present), case-insensitively. `None` when the name is not a standard one.
    ///
    /// The name matches when, after removing the extension, it equals a standard code or Chinese
    /// name, or starts or ends with one separated by `_`, `-`, `.` or a space (so
    /// `330110_STBHHX.shp` and `STBHHX_2023` are red lines, `DLTBX` is not).
    ///
    /// ```
    /// use sanxian_types::LayerKind;
    /// assert_eq!(LayerKind::recognise("yjjbnttb.shp"), Some(LayerKind::PermanentBasicFarmland));
    /// assert_eq!(LayerKind::recognise("330110生态保护红线.geojson"), Some(LayerKind::EcologicalRedLine));
    /// assert_eq!(LayerKind::recognise("roads.shp"), None);
    /// ```
    pub fn recognise(name: &str) -> Option<LayerKind> {
        let stem = strip_extension(name).to_uppercase();
        const CODES: [(&str, LayerKind); 6] = [
            ("YJJBNTBHTB", LayerKind::PermanentBasicFarmland),
            ("YJJBNTTB", LayerKind::PermanentBasicFarmland),
            ("STBHHX", LayerKind::EcologicalRedLine),
            ("CZKFBJ", LayerKind::UrbanDevelopmentBoundary),
            ("DLTB", LayerKind::LandUseSurvey),
            ("XZQ", LayerKind::AdministrativeArea),
        ];
        const NAMES_ZH: [(&str, LayerKind); 5] = [
            ("生态保护红线", LayerKind::EcologicalRedLine),
            ("永久基本农田", LayerKind::PermanentBasicFarmland),
            ("城镇开发边界", LayerKind::UrbanDevelopmentBoundary),
            ("行政区", LayerKind::AdministrativeArea),
            ("地类图斑", LayerKind::LandUseSurvey),
        ];
        let is_sep = |c: char| matches!(c, '_' | '-' | '.' | ' ');
        for (code, kind) in CODES {
            if stem == code {
                return Some(kind);
            }
            if let Some(rest) = stem.strip_prefix(code) {
                if rest.starts_with(is_sep) {
                    return Some(kind);
                }
            }
            if let Some(rest) = stem.strip_suffix(code) {
                if rest.ends_with(is_sep) || rest.chars().all(|c| c.is_ascii_digit()) {
                    return Some(kind);
                }
            }
        }
        // Chinese names are specific enough to match anywhere in the name.
        NAMES_ZH
            .iter()
            .find(|(zh, _)| stem.contains(zh))
            .map(|&(_, kind)| kind)
    }
}

fn strip_extension(name: &str) -> &str {
    let lower = name.to_ascii_lowercase();
    for ext in [".shp", ".geojson", ".json", ".gpkg", ".gdb", ".csv", ".dbf"] {
        if lower.ends_with(ext) {
            return &name[..name.len() - ext.len()];
        }
    }
    name
}

impl fmt::Display for LayerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for LayerKind {
    type Err = Error;

    /// Parses a kind stated by a user: a standard code, a Chinese or English name, or one of
    /// `redline`, `farmland`, `urban`, `admin`, `survey`, `plan`, `site`, `other`.
    fn from_str(s: &str) -> Result<Self, Error> {
        let t = s.trim();
        if let Some(kind) = LayerKind::recognise(t) {
            return Ok(kind);
        }
        let lower = t.to_lowercase().replace(['-', '_'], " ");
        let kind = match lower.as_str() {
            "redline" | "red line" | "ecological red line" | "ecological protection red line" => {
                LayerKind::EcologicalRedLine
            }
            "farmland" | "permanent basic farmland" | "basic farmland" => {
                LayerKind::PermanentBasicFarmland
            }
            "urban" | "urban boundary" | "urban development boundary" => {
                LayerKind::UrbanDevelopmentBoundary
            }
            "admin" | "administrative" | "administrative area" => LayerKind::AdministrativeArea,
            "survey" | "land use survey" | "landuse" => LayerKind::LandUseSurvey,
            "plan" | "规划" => LayerKind::Plan,
            "site" | "project" | "project site" | "parcel" | "项目用地" => {
                LayerKind::ProjectSite
            }
            "other" | "其他" => LayerKind::Other,
            _ => return Err(Error::UnknownLayerKind(s.to_string())),
        };
        Ok(kind)
    }
}

/// Identity of a feature, traceable to its source.
///
/// Ordered by source, then record number: the order results are reported in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FeatureId {
    /// File name (or `file:layer` for multi-layer containers) the feature was read from.
    pub source: Arc<str>,
    /// Record number in the source, counted from 1 as desktop GIS shows it (shapefile record
    /// number, GeoJSON feature position, OGR feature id).
    pub record: u64,
    /// The standard identifier `BSM` when the layer has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bsm: Option<String>,
}

impl fmt::Display for FeatureId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.source, self.record)?;
        if let Some(bsm) = &self.bsm {
            write!(f, " (BSM {bsm})")?;
        }
        Ok(())
    }
}

/// Type of an attribute field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// Text.
    Text,
    /// Whole number.
    Integer,
    /// Floating-point number.
    Real,
    /// True/false.
    Boolean,
    /// Calendar date, kept as `YYYY-MM-DD`.
    Date,
}

/// An attribute field of a layer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// Field name as in the source.
    pub name: String,
    /// Field type.
    pub field_type: FieldType,
    /// Declared width (DBF), when the format has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u16>,
    /// Declared decimal places (DBF numeric), when the format has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
}

impl Field {
    /// A field without declared width.
    pub fn new(name: impl Into<String>, field_type: FieldType) -> Self {
        Field {
            name: name.into(),
            field_type,
            width: None,
            decimals: None,
        }
    }
}

/// Text of an attribute value: inline up to 24 bytes (every code, BSM and most names), on the
/// heap beyond. Derefs to `str`; `String`, `&str` and `char` iterators convert `.into()` it.
pub type Text = compact_str::CompactString;

/// An attribute value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// No value.
    Null,
    /// Text.
    Text(Text),
    /// Whole number.
    Integer(i64),
    /// Floating-point number.
    Real(f64),
    /// True/false.
    Boolean(bool),
    /// Date as `YYYY-MM-DD`.
    Date(Text),
}

impl Value {
    /// The value as text, if it is text or a date.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) | Value::Date(s) => Some(s),
            _ => None,
        }
    }

    /// The value as a number, if it is numeric.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::Integer(i) => Some(i as f64),
            Value::Real(x) => Some(x),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => Ok(()),
            Value::Text(s) | Value::Date(s) => f.write_str(s),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Real(x) => write!(f, "{x}"),
            Value::Boolean(b) => write!(f, "{b}"),
        }
    }
}

/// One feature: identity, geometry and attributes (in the order of [`Layer::fields`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// Where the feature came from.
    pub id: FeatureId,
    /// The geometry, in the layer's CRS. A single polygon is a one-part multipolygon.
    pub geometry: MultiPolygon<f64>,
    /// Attribute values, one per field of the layer.
    pub attributes: Vec<Value>,
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Something the user should know; the data was used as stated.
    Info,
    /// Data was changed or guessed (Z dropped, encoding detected, ring closed).
    Warning,
    /// A record could not be used and was skipped; it is listed, never dropped silently.
    Error,
}

/// Something a reader noticed about a file or record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The file concerned.
    pub file: String,
    /// The record (counted from 1), when it concerns one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// What happened, in one line.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match self.record {
            Some(r) => write!(f, "{sev}: {} record {r}: {}", self.file, self.message),
            None => write!(f, "{sev}: {}: {}", self.file, self.message),
        }
    }
}

/// The file format a layer was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// ESRI Shapefile.
    Shapefile,
    /// GeoJSON.
    GeoJson,
    /// Any format read through GDAL/OGR, with the driver's short name.
    Ogr(String),
    /// Built in memory by the embedding program ([`Layer::new`]).
    Memory,
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceFormat::Shapefile => f.write_str("ESRI Shapefile"),
            SourceFormat::GeoJson => f.write_str("GeoJSON"),
            SourceFormat::Ogr(d) => write!(f, "{d} (GDAL)"),
            SourceFormat::Memory => f.write_str("in memory"),
        }
    }
}

/// A planning layer: named, of a kind, in a CRS, with typed fields and features.
#[derive(Debug, Clone)]
pub struct Layer {
    /// Layer name (file stem or container layer name).
    pub name: String,
    /// What the layer holds.
    pub kind: LayerKind,
    /// Its coordinate reference system, when known.
    pub crs: Option<Crs>,
    /// How the CRS was determined.
    pub crs_source: CrsSource,
    /// Attribute fields.
    pub fields: Vec<Field>,
    /// Features that were read (records that could not be used are in `diagnostics`).
    pub features: Vec<Feature>,
    /// Format of the source.
    pub format: SourceFormat,
    /// Path of the source as given by the user.
    pub path: String,
    /// Text encoding of attributes and how it was chosen, e.g. `GBK (from .cpg)`.
    pub encoding: Option<String>,
    /// Everything the reader noticed, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Number of records in the source, used or not.
    pub source_records: u64,
}

impl Layer {
    /// An empty layer built in memory: no fields, no features, format [`SourceFormat::Memory`],
    /// the CRS stated by the caller ([`CrsSource::User`]). Add fields with
    /// [`Layer::with_fields`] and features with [`Layer::push`].
    ///
    /// ```
    /// use sanxian_types::geo_types::{polygon, MultiPolygon};
    /// use sanxian_types::{Crs, Field, FieldType, Layer, LayerKind, Value};
    ///
    /// let mut red = Layer::new("STBHHX", LayerKind::EcologicalRedLine, Crs::from_epsg(4527))
    ///     .with_fields(vec![Field::new("BSM", FieldType::Text)]);
    /// red.push(
    ///     MultiPolygon(vec![polygon![(x: 39_500_000., y: 3_300_000.), (x: 39_500_100., y: 3_300_000.),
    ///                                (x: 39_500_100., y: 3_300_100.), (x: 39_500_000., y: 3_300_000.)]]),
    ///     vec![Value::Text("H1".into())],
    /// );
    /// assert_eq!(red.features[0].id.to_string(), "STBHHX#1 (BSM H1)");
    /// assert_eq!(red.source_records, 1);
    /// ```
    pub fn new(name: impl Into<String>, kind: LayerKind, crs: Option<Crs>) -> Layer {
        let name = name.into();
        Layer {
            path: name.clone(),
            name,
            kind,
            crs,
            crs_source: CrsSource::User,
            fields: Vec::new(),
            features: Vec::new(),
            format: SourceFormat::Memory,
            encoding: None,
            diagnostics: Vec::new(),
            source_records: 0,
        }
    }

    /// A layer built in memory from geometries alone (no attributes).
    pub fn from_geometries(
        name: impl Into<String>,
        kind: LayerKind,
        crs: Option<Crs>,
        geometries: impl IntoIterator<Item = MultiPolygon<f64>>,
    ) -> Layer {
        let mut layer = Layer::new(name, kind, crs);
        for g in geometries {
            layer.push(g, Vec::new());
        }
        layer
    }

    /// The layer with these attribute fields (set them before pushing features).
    pub fn with_fields(mut self, fields: Vec<Field>) -> Layer {
        self.fields = fields;
        self
    }

    /// The layer with `path` as the source it is reported under.
    pub fn with_path(mut self, path: impl Into<String>) -> Layer {
        self.path = path.into();
        self
    }

    /// Appends a feature as the next record: its id is the layer name and the record number
    /// (from 1), with the BSM taken from a field named `BSM` when there is one. Attributes are
    /// padded with [`Value::Null`] (or cut) to the number of fields.
    pub fn push(&mut self, geometry: MultiPolygon<f64>, mut attributes: Vec<Value>) -> &Feature {
        attributes.resize(self.fields.len(), Value::Null);
        let bsm = self
            .field_index("BSM")
            .and_then(|i| attributes.get(i))
            .map(|v| v.to_string())
            .filter(|s| !s.trim().is_empty());
        self.source_records += 1;
        let source: Arc<str> = match self.features.first() {
            Some(f) => f.id.source.clone(),
            None => self.name.as_str().into(),
        };
        self.features.push(Feature {
            id: FeatureId {
                source,
                record: self.source_records,
                bsm,
            },
            geometry,
            attributes,
        });
        &self.features[self.features.len() - 1]
    }

    /// The name the layer goes by in reports: its standard code (`STBHHX` …), or its own name
    /// for plans, sites and other layers.
    pub fn code(&self) -> String {
        match self.kind {
            LayerKind::Plan | LayerKind::ProjectSite | LayerKind::Other => self.name.clone(),
            kind => kind.code().to_string(),
        }
    }

    /// Index of a field by name, case-insensitively.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields
            .iter()
            .position(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The names of the fields, comma-separated (for messages that name a missing field).
    pub fn field_list(&self) -> String {
        self.fields
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Total number of vertices of all features (closing points included).
    pub fn vertex_count(&self) -> usize {
        self.features
            .iter()
            .flat_map(|f| f.geometry.0.iter())
            .map(|p| p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>())
            .sum()
    }

    /// Bounding box of all features, `None` for an empty layer.
    pub fn extent(&self) -> Option<geo_types::Rect<f64>> {
        let mut it = self
            .features
            .iter()
            .flat_map(|f| f.geometry.0.iter())
            .flat_map(|p| p.exterior().0.iter());
        let first = it.next()?;
        let (mut x0, mut y0, mut x1, mut y1) = (first.x, first.y, first.x, first.y);
        for c in it {
            x0 = x0.min(c.x);
            y0 = y0.min(c.y);
            x1 = x1.max(c.x);
            y1 = y1.max(c.y);
        }
        Some(geo_types::Rect::new((x0, y0), (x1, y1)))
    }

    /// Diagnostics of a given severity.
    pub fn diagnostics_of(&self, severity: Severity) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(move |d| d.severity == severity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_standard_names() {
        use LayerKind::*;
        let cases = [
            ("STBHHX.shp", Some(EcologicalRedLine)),
            ("stbhhx", Some(EcologicalRedLine)),
            ("330110_STBHHX.geojson", Some(EcologicalRedLine)),
            ("YJJBNTBHTB.shp", Some(PermanentBasicFarmland)),
            ("YJJBNTTB", Some(PermanentBasicFarmland)),
            ("czkfbj_2023.gpkg", Some(UrbanDevelopmentBoundary)),
            ("XZQ.shp", Some(AdministrativeArea)),
            ("DLTB.shp", Some(LandUseSurvey)),
            ("永久基本农田.shp", Some(PermanentBasicFarmland)),
            ("某县城镇开发边界.geojson", Some(UrbanDevelopmentBoundary)),
            ("行政区.shp", Some(AdministrativeArea)),
            ("地类图斑", Some(LandUseSurvey)),
            ("生态保护红线", Some(EcologicalRedLine)),
            ("DLTBX.shp", None),
            ("XZQJX.shp", None),
            ("roads.shp", None),
        ];
        for (name, want) in cases {
            assert_eq!(LayerKind::recognise(name), want, "{name}");
        }
    }

    #[test]
    fn parses_stated_kinds() {
        assert_eq!(
            "farmland".parse::<LayerKind>(),
            Ok(LayerKind::PermanentBasicFarmland)
        );
        assert_eq!(
            "red-line".parse::<LayerKind>(),
            Ok(LayerKind::EcologicalRedLine)
        );
        assert_eq!("site".parse::<LayerKind>(), Ok(LayerKind::ProjectSite));
        assert!("nonsense".parse::<LayerKind>().is_err());
        for kind in LayerKind::ALL {
            assert_eq!(kind.code().parse::<LayerKind>(), Ok(kind));
        }
    }

    #[test]
    fn feature_id_orders_by_source_then_record() {
        let a = FeatureId {
            source: "A.shp".into(),
            record: 10,
            bsm: None,
        };
        let b = FeatureId {
            source: "A.shp".into(),
            record: 9,
            bsm: Some("x".into()),
        };
        assert!(b < a);
        assert_eq!(b.to_string(), "A.shp#9 (BSM x)");
    }
}
