//! Every OGR vector format through GDAL (feature `gdal`): [`read`] takes GeoPackage, FileGDB
//! (OpenFileGDB driver), Shapefile, GeoJSON, KML and whatever else the installed GDAL opens;
//! [`write_gpkg`] writes layers to a GeoPackage.
//!
//! # Choosing a layer: `file:layer`
//!
//! [`read`] returns every polygon layer of a data source. To read a single one, append its name
//! after a colon: `draft.gpkg:STBHHX`, `draft.gdb:YJJBNTBHTB`. The path is split only when it
//! does not exist as given but the part before a colon does, so file names with colons still
//! work. [`crate::read_path`] accepts the same syntax.
//!
//! # What is read
//!
//! - **Layers.** Layers declared as polygon, multipolygon, curve polygon or multisurface; layers
//!   of unknown or mixed geometry type (KML, GeoJSON, CSV …) when at least one record is a
//!   polygon. Other layers (points, lines, tables without geometry) are skipped, and an info
//!   diagnostic on the first layer returned names them; a data source without any polygon layer
//!   is an [`Error::Format`] naming the layers it has and their geometry types.
//! - **Record numbers.** A feature's [`FeatureId::record`] is its OGR feature id (FID) when every
//!   feature of the layer has an FID of at least 1 and no two share one — GeoPackage and FileGDB
//!   FIDs, the numbers QGIS and ArcGIS show. Otherwise (Shapefiles and GeoJSON read through OGR
//!   count FIDs from 0) it is the feature's position in the layer, counted from 1. The source is
//!   `file:layer` with the file name, without its folder.
//! - **Geometry**, in 2D and in the layer's CRS. Z and M values are dropped and curves are
//!   linearised by OGR, each with one warning for the layer. A record without geometry, with an
//!   empty or non-polygon geometry, or with a NaN or infinite coordinate is an error diagnostic
//!   and is skipped.
//! - **Attributes.** OGR string, integer, real and date fields keep their type (date-times keep
//!   only their date, as `YYYY-MM-DD`); other types (lists, binary, time) are read as text with
//!   a warning. A field named `BSM` (any case) gives [`FeatureId::bsm`]. Text is UTF-8 as GDAL
//!   decodes it; [`ReadOptions::encoding`] is not used.
//! - **CRS.** From the layer's spatial reference: its EPSG code when it has one that
//!   [`Crs::from_epsg`] knows, else its parameters through [`crate::prj::parse`]. A CRS that is
//!   not recognised leaves the layer without one, with a warning; [`ReadOptions::crs`] overrides
//!   whatever the file says. Gauss-Krüger eastings are checked against the zone.

mod crs;
mod geometry;
mod write;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use gdal::errors::GdalError;
use gdal::vector::{
    field_type_to_name, geometry_type_flatten, geometry_type_to_name, Feature as OgrFeature,
    FieldValue, LayerAccess, OGRFieldType, OGRwkbGeometryType,
};
use gdal::{Dataset, DatasetOptions, GdalOpenFlags};
use sanxian_types::{
    Crs, Diagnostic, Feature, FeatureId, Field, FieldType, Layer, LayerKind, Severity,
    SourceFormat, Value,
};

use crate::read::split_layer_path;
use crate::{Error, ReadOptions, Result};

pub use write::write_gpkg;

use geometry::Rejected;

/// Maps a GDAL error to [`Error::Gdal`] for `path`.
fn gdal_error(path: &Path) -> impl FnOnce(GdalError) -> Error + '_ {
    move |cause| Error::Gdal {
        path: path.to_path_buf(),
        cause,
    }
}

/// Reads the polygon layers of an OGR data source, or the one layer named by `file:layer`.
///
/// See the [module documentation](self) for which layers are read and how records, geometry,
/// attributes and the CRS are taken.
///
/// # Errors
///
/// [`Error::Io`] when the file does not exist; [`Error::UnsupportedFormat`] when GDAL recognises
/// no vector format in it; [`Error::Gdal`] when GDAL fails to open it or a layer;
/// [`Error::Format`] when it holds no polygon layer, or when the named layer does not exist or
/// holds no polygons.
pub fn read(path: &Path, options: &ReadOptions) -> Result<Vec<Layer>> {
    let (file, wanted) = match split_layer_path(path) {
        Some((file, layer)) => (file, Some(layer)),
        None => (path.to_path_buf(), None),
    };
    let dataset = open(&file)?;
    let source = Source {
        path: path.display().to_string(),
        file_name: file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.display().to_string()),
        driver: dataset.driver().short_name(),
    };

    let mut catalogue = Vec::with_capacity(dataset.layer_count());
    for index in 0..dataset.layer_count() {
        let layer = dataset.layer(index).map_err(gdal_error(&file))?;
        catalogue.push((layer.name(), declared_geometry_type(&layer)));
    }
    let listing = || {
        catalogue
            .iter()
            .map(|(name, ty)| format!("{name} ({})", type_name(*ty)))
            .collect::<Vec<_>>()
            .join(", ")
    };

    if let Some(wanted) = wanted {
        let index = catalogue
            .iter()
            .position(|(name, _)| *name == wanted)
            .or_else(|| {
                catalogue
                    .iter()
                    .position(|(name, _)| name.eq_ignore_ascii_case(&wanted))
            })
            .ok_or_else(|| {
                Error::format(
                    &file,
                    format!("has no layer '{wanted}'; its layers are: {}", listing()),
                )
            })?;
        let mut layer = dataset.layer(index).map_err(gdal_error(&file))?;
        let read = read_layer(&mut layer, &source, options);
        if read.polygon_records == 0 && !geometry::is_polygonal(catalogue[index].1) {
            return Err(Error::format(
                &file,
                format!(
                    "layer '{}' holds {}, not polygons",
                    catalogue[index].0,
                    read.describe_geometry(catalogue[index].1)
                ),
            ));
        }
        return Ok(vec![read.layer]);
    }

    let mut layers = Vec::new();
    let mut skipped = Vec::new();
    for (index, (name, ty)) in catalogue.iter().enumerate() {
        let polygonal = geometry::is_polygonal(*ty);
        let mixed = matches!(
            geometry_type_flatten(*ty),
            OGRwkbGeometryType::wkbUnknown | OGRwkbGeometryType::wkbGeometryCollection
        );
        if !polygonal && !mixed {
            skipped.push(format!("{name} ({})", type_name(*ty)));
            continue;
        }
        let mut layer = dataset.layer(index).map_err(gdal_error(&file))?;
        let read = read_layer(&mut layer, &source, options);
        if polygonal || read.polygon_records > 0 {
            layers.push(read.layer);
        } else {
            skipped.push(format!("{name} ({})", read.describe_geometry(*ty)));
        }
    }
    if layers.is_empty() {
        let message = if catalogue.is_empty() {
            "holds no layers".to_string()
        } else {
            format!("holds no polygon layer; its layers are: {}", listing())
        };
        return Err(Error::format(&file, message));
    }
    if !skipped.is_empty() {
        layers[0].diagnostics.insert(
            0,
            Diagnostic {
                severity: Severity::Info,
                file: source.file_name.clone(),
                record: None,
                message: format!(
                    "layers without polygons were skipped: {}",
                    skipped.join(", ")
                ),
            },
        );
    }
    Ok(layers)
}

/// Opens a vector data source read-only, with errors that say what to do.
fn open(file: &Path) -> Result<Dataset> {
    // GDAL also opens virtual files (`/vsizip/…`) and connection strings (`PG:…`): only plain
    // paths are checked first, for the operating system's clearer message.
    let text = file.to_string_lossy();
    if !text.starts_with("/vsi") && !text.contains(':') {
        std::fs::metadata(file).map_err(|e| Error::io(file, e))?;
    }
    Dataset::open_ex(
        file,
        DatasetOptions {
            open_flags: GdalOpenFlags::GDAL_OF_VECTOR | GdalOpenFlags::GDAL_OF_READONLY,
            ..Default::default()
        },
    )
    .map_err(|source| match source {
        // No driver recognised the file, so none said why.
        GdalError::NullPointer { ref msg, .. } if msg.is_empty() => Error::UnsupportedFormat {
            path: file.to_path_buf(),
            hint: "GDAL recognises no vector format in it; check that it is a GIS file and \
                   not damaged"
                .into(),
        },
        cause => Error::Gdal {
            path: file.to_path_buf(),
            cause,
        },
    })
}

/// What every layer of one data source shares.
struct Source {
    /// The path as the user gave it.
    path: String,
    /// The file (or `.gdb` folder) name, without its folder.
    file_name: String,
    /// GDAL's short driver name, e.g. `GPKG`.
    driver: String,
}

/// The geometry type a layer declares for its first geometry field, `wkbNone` without one.
fn declared_geometry_type(layer: &gdal::vector::Layer<'_>) -> OGRwkbGeometryType::Type {
    layer
        .defn()
        .geom_fields()
        .next()
        .map(|f| f.field_type())
        .unwrap_or(OGRwkbGeometryType::wkbNone)
}

fn type_name(ty: OGRwkbGeometryType::Type) -> String {
    match ty {
        OGRwkbGeometryType::wkbNone => "no geometry".to_string(),
        OGRwkbGeometryType::wkbUnknown => "any geometry".to_string(),
        _ => geometry_type_to_name(ty),
    }
}

/// A layer as read, with what the caller needs to decide whether it is a polygon layer.
struct LayerRead {
    layer: Layer,
    /// Records whose geometry is a polygon, usable or not.
    polygon_records: usize,
    /// OGR names of the non-polygon geometry types met.
    other_types: BTreeSet<String>,
}

impl LayerRead {
    /// The geometry of a layer without polygons, for messages.
    fn describe_geometry(&self, declared: OGRwkbGeometryType::Type) -> String {
        if self.other_types.is_empty() {
            match geometry_type_flatten(declared) {
                OGRwkbGeometryType::wkbNone => "no geometry".to_string(),
                OGRwkbGeometryType::wkbUnknown if self.layer.source_records == 0 => {
                    "no features".to_string()
                }
                OGRwkbGeometryType::wkbUnknown => "no geometry".to_string(),
                _ => type_name(declared),
            }
        } else {
            let types: Vec<&str> = self.other_types.iter().map(String::as_str).collect();
            format!("{} geometry", types.join(", "))
        }
    }
}

/// One OGR feature, before record numbers are decided.
struct Record {
    fid: Option<u64>,
    bsm: Option<String>,
    attributes: Vec<Value>,
    geometry: std::result::Result<geometry::Converted, Rejected>,
    /// Problems with attribute values.
    notes: Vec<String>,
}

fn read_layer(
    layer: &mut gdal::vector::Layer<'_>,
    source: &Source,
    options: &ReadOptions,
) -> LayerRead {
    let name = layer.name();
    let label = format!("{}:{name}", source.file_name);
    let id_source: Arc<str> = Arc::from(label.as_str());
    let mut diagnostics = Vec::new();
    let mut note = |severity, record, message: String| {
        diagnostics.push(Diagnostic {
            severity,
            file: label.clone(),
            record,
            message,
        })
    };

    let (fields, ogr_types) = read_fields(layer);
    for (field, &ty) in fields.iter().zip(&ogr_types) {
        if !is_typed(ty) {
            note(
                Severity::Warning,
                None,
                format!(
                    "field '{}' of GDAL type {} is read as text",
                    field.name,
                    field_type_to_name(ty)
                ),
            );
        } else if ty == OGRFieldType::OFTDateTime {
            note(
                Severity::Info,
                None,
                format!(
                    "field '{}' holds date-times; only the dates are kept",
                    field.name
                ),
            );
        }
    }
    let bsm_index = fields
        .iter()
        .position(|f| f.name.eq_ignore_ascii_case("BSM"));

    let (crs, crs_source) = crs::layer_crs(layer.spatial_ref(), options, &mut |sev, msg| {
        note(sev, None, msg)
    });

    let mut records = Vec::new();
    for feature in layer.features() {
        let mut notes = Vec::new();
        let attributes: Vec<Value> = (0..fields.len())
            .map(|i| read_value(&feature, i, &fields[i], ogr_types[i], &mut notes))
            .collect();
        let bsm = bsm_index.and_then(|i| bsm_text(&attributes[i]));
        let geometry = match feature.geometry_by_index(0) {
            Ok(g) => geometry::to_multipolygon(g),
            Err(_) => Err(Rejected::Null),
        };
        records.push(Record {
            fid: feature.fid(),
            bsm,
            attributes,
            geometry,
            notes,
        });
    }

    // FIDs are the record numbers users see in desktop GIS, but only when they are usable as such.
    let mut seen = HashSet::with_capacity(records.len());
    let use_fid = records
        .iter()
        .all(|r| matches!(r.fid, Some(fid) if fid >= 1 && seen.insert(fid)));

    let source_records = records.len() as u64;
    let mut features = Vec::with_capacity(records.len());
    let mut polygon_records = 0;
    let mut other_types = BTreeSet::new();
    let (mut dropped_zm, mut linearised) = (0usize, 0usize);
    for (position, r) in records.into_iter().enumerate() {
        let record = match (use_fid, r.fid) {
            (true, Some(fid)) => fid,
            _ => position as u64 + 1,
        };
        for message in r.notes {
            note(Severity::Warning, Some(record), message);
        }
        match r.geometry {
            Ok(g) => {
                polygon_records += 1;
                dropped_zm += usize::from(g.dropped_zm);
                linearised += usize::from(g.linearised);
                for message in g.notes {
                    note(Severity::Warning, Some(record), message);
                }
                features.push(Feature {
                    id: FeatureId {
                        source: Arc::clone(&id_source),
                        record,
                        bsm: r.bsm,
                    },
                    geometry: g.polygons,
                    attributes: r.attributes,
                });
            }
            Err(rejected) => {
                polygon_records += usize::from(rejected.is_polygon());
                if let Rejected::NotPolygon(ty) = &rejected {
                    other_types.insert(ty.clone());
                }
                note(
                    Severity::Error,
                    Some(record),
                    format!("{rejected}; record skipped"),
                );
            }
        }
    }
    if dropped_zm > 0 {
        note(
            Severity::Warning,
            None,
            format!(
                "geometries of {dropped_zm} record(s) carry Z or M ordinates: dropped, sanxian \
                 works in 2D"
            ),
        );
    }
    if linearised > 0 {
        note(
            Severity::Warning,
            None,
            format!(
                "curves of {linearised} record(s) linearised by GDAL (segments of at most \
                 OGR_ARC_STEPSIZE degrees, 4 by default)"
            ),
        );
    }

    let kind = options
        .kind
        .or_else(|| LayerKind::recognise(&name))
        .or_else(|| LayerKind::recognise(&source.file_name))
        .unwrap_or(LayerKind::Other);
    let mut layer = Layer {
        name,
        kind,
        crs,
        crs_source,
        fields,
        features,
        format: SourceFormat::Ogr(source.driver.clone()),
        path: source.path.clone(),
        encoding: Some("UTF-8 (GDAL)".to_string()),
        diagnostics,
        source_records,
    };
    if let (Some(Crs::GaussKruger { zone, .. }), Some(extent)) = (layer.crs, layer.extent()) {
        if let Some(warning) = zone.check_eastings(extent.min().x, extent.max().x) {
            layer.diagnostics.push(Diagnostic {
                severity: Severity::Warning,
                file: label,
                record: None,
                message: warning,
            });
        }
    }
    LayerRead {
        layer,
        polygon_records,
        other_types,
    }
}

/// Does sanxian keep the type of an OGR field (rather than reading it as text)?
fn is_typed(ty: OGRFieldType::Type) -> bool {
    matches!(
        ty,
        OGRFieldType::OFTString
            | OGRFieldType::OFTInteger
            | OGRFieldType::OFTInteger64
            | OGRFieldType::OFTReal
            | OGRFieldType::OFTDate
            | OGRFieldType::OFTDateTime
    )
}

/// The layer's fields, and their OGR types.
fn read_fields(layer: &gdal::vector::Layer<'_>) -> (Vec<Field>, Vec<OGRFieldType::Type>) {
    layer
        .defn()
        .fields()
        .map(|f| {
            let ty = f.field_type();
            let field_type = match ty {
                OGRFieldType::OFTInteger | OGRFieldType::OFTInteger64 => FieldType::Integer,
                OGRFieldType::OFTReal => FieldType::Real,
                OGRFieldType::OFTDate | OGRFieldType::OFTDateTime => FieldType::Date,
                _ => FieldType::Text,
            };
            let decimals = match ty {
                OGRFieldType::OFTReal => u8::try_from(f.precision()).ok().filter(|&d| d > 0),
                _ => None,
            };
            let field = Field {
                name: f.name(),
                field_type,
                width: u16::try_from(f.width()).ok().filter(|&w| w > 0),
                decimals,
            };
            (field, ty)
        })
        .unzip()
}

/// One attribute value; a value GDAL cannot give is null, with a note.
fn read_value(
    feature: &OgrFeature<'_>,
    index: usize,
    field: &Field,
    ty: OGRFieldType::Type,
    notes: &mut Vec<String>,
) -> Value {
    let value = if is_typed(ty) {
        feature.field(index).map(|v| v.map(typed_value))
    } else {
        feature
            .field_as_string(index)
            .map(|v| v.map(|s| Value::Text(s.into())))
    };
    match value {
        Ok(v) => v.unwrap_or(Value::Null),
        Err(e) => {
            notes.push(format!(
                "field '{}': GDAL cannot read the value ({e}); read as empty",
                field.name
            ));
            Value::Null
        }
    }
}

fn typed_value(value: FieldValue) -> Value {
    match value {
        FieldValue::StringValue(s) => Value::Text(s.into()),
        FieldValue::IntegerValue(i) => Value::Integer(i.into()),
        FieldValue::Integer64Value(i) => Value::Integer(i),
        FieldValue::RealValue(x) => Value::Real(x),
        // chrono's `NaiveDate` displays as YYYY-MM-DD.
        FieldValue::DateValue(d) => Value::Date(d.to_string().into()),
        FieldValue::DateTimeValue(t) => Value::Date(t.date_naive().to_string().into()),
        FieldValue::IntegerListValue(v) => Value::Text(join(&v).into()),
        FieldValue::Integer64ListValue(v) => Value::Text(join(&v).into()),
        FieldValue::RealListValue(v) => Value::Text(join(&v).into()),
        FieldValue::StringListValue(v) => Value::Text(v.join(",").into()),
    }
}

fn join<T: ToString>(values: &[T]) -> String {
    values
        .iter()
        .map(T::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// The standard identifier as text: text as is, whole numbers without decimals.
fn bsm_text(value: &Value) -> Option<String> {
    let text = match value {
        Value::Text(s) => s.trim().to_string(),
        Value::Integer(i) => i.to_string(),
        Value::Real(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 => {
            format!("{x:.0}")
        }
        Value::Real(x) => x.to_string(),
        Value::Null | Value::Boolean(_) | Value::Date(_) => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// `path:layer`, the path used in errors about one layer of a container.
fn layer_path(path: &Path, layer: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(":");
    s.push(layer);
    PathBuf::from(s)
}
