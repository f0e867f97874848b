//! Writing layers to a GeoPackage.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use gdal::errors::GdalError;
use gdal::spatial_ref::SpatialRef;
use gdal::vector::{
    Feature as OgrFeature, FieldDefn, LayerAccess, LayerOptions, OGRFieldType, OGRwkbGeometryType,
    ToGdal,
};
use gdal::{Dataset, DriverManager};
use sanxian_types::{Crs, Field, FieldType, Layer, Value};

use super::{gdal_error, layer_path};
use crate::{Error, Result};

/// Writes layers to a GeoPackage, one table per layer, replacing `path` if it exists.
///
/// Each table is named after [`Layer::name`] and has MultiPolygon geometry, the layer's fields
/// with their types and the layer's CRS: by EPSG code when [`Crs::epsg`] gives one, else from
/// [`crate::prj::to_esri_wkt`] (or the CRS's PROJ string when that is not available). Feature ids
/// (FIDs) are the features' record numbers when these are all different and at least 1, so
/// reading the file back gives the same [`sanxian_types::FeatureId::record`]s; otherwise they are
/// numbered from 1. Boolean fields become integer 0/1 fields.
///
/// Each layer is written in one transaction, and the whole file is written under a temporary name
/// in the same folder and then renamed over `path`: readers never see a half-written file, and a
/// failed write leaves an existing file as it was.
///
/// # Errors
///
/// [`Error::Format`] when two layers have the same name (ignoring case, as GeoPackage does);
/// [`Error::Gdal`] when GDAL fails, naming `path:layer` for a failure within a layer;
/// [`Error::Io`] when the file cannot be renamed into place.
pub fn write_gpkg(layers: &[&Layer], path: &Path) -> Result<()> {
    let mut names = HashSet::new();
    for layer in layers {
        if !names.insert(layer.name.to_lowercase()) {
            return Err(Error::format(
                path,
                format!(
                    "two layers are named '{}'; GeoPackage table names must differ (ignoring case)",
                    layer.name
                ),
            ));
        }
    }
    let file_name = path
        .file_name()
        .ok_or_else(|| Error::format(path, "is not a file name"))?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    // The `.gpkg` ending keeps GDAL from warning about a non-standard extension.
    let temporary = folder.join(format!(
        ".{}.{}-{}.tmp.gpkg",
        file_name.to_string_lossy(),
        std::process::id(),
        SEQUENCE.fetch_add(1, Ordering::Relaxed)
    ));

    let written = write_all(layers, path, &temporary)
        .and_then(|()| std::fs::rename(&temporary, path).map_err(|e| Error::io(path, e)));
    if written.is_err() {
        // Best effort: the error that matters is the one returned.
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

fn write_all(layers: &[&Layer], path: &Path, temporary: &Path) -> Result<()> {
    let driver = DriverManager::get_driver_by_name("GPKG").map_err(gdal_error(path))?;
    let mut dataset = driver
        .create_vector_only(temporary)
        .map_err(gdal_error(path))?;
    for layer in layers {
        write_layer(&mut dataset, layer).map_err(gdal_error(&layer_path(path, &layer.name)))?;
    }
    dataset.close().map_err(gdal_error(path))
}

fn write_layer(dataset: &mut Dataset, layer: &Layer) -> std::result::Result<(), GdalError> {
    let srs = spatial_ref(layer.crs.as_ref())?;
    let fid_column = unused_name("fid", &layer.fields);
    let geometry_column = unused_name("geom", &layer.fields);
    let creation = [
        format!("FID={fid_column}"),
        format!("GEOMETRY_NAME={geometry_column}"),
    ];
    let creation: Vec<&str> = creation.iter().map(String::as_str).collect();
    let mut records = HashSet::with_capacity(layer.features.len());
    let keep_records = layer.features.iter().all(|f| {
        f.id.record >= 1 && i64::try_from(f.id.record).is_ok() && records.insert(f.id.record)
    });

    let mut transaction = dataset.start_transaction()?;
    {
        let table = transaction.create_layer(LayerOptions {
            name: &layer.name,
            srs: srs.as_ref(),
            ty: OGRwkbGeometryType::wkbMultiPolygon,
            options: Some(&creation),
        })?;
        for field in &layer.fields {
            let definition = FieldDefn::new(&field.name, ogr_field_type(field.field_type))?;
            if let (FieldType::Text, Some(width)) = (field.field_type, field.width) {
                definition.set_width(width.into());
            }
            definition.add_to_layer(&table)?;
        }
        let defn = table.defn();
        for feature in &layer.features {
            let mut out = OgrFeature::new(defn)?;
            if keep_records {
                set_fid(&out, feature.id.record)?;
            }
            out.set_geometry(feature.geometry.to_gdal()?)?;
            for index in 0..layer.fields.len() {
                set_value(
                    &mut out,
                    index,
                    feature.attributes.get(index).unwrap_or(&Value::Null),
                )?;
            }
            out.create(&table)?;
        }
    }
    transaction.commit()
}

fn ogr_field_type(ty: FieldType) -> OGRFieldType::Type {
    match ty {
        FieldType::Text => OGRFieldType::OFTString,
        FieldType::Integer => OGRFieldType::OFTInteger64,
        FieldType::Real => OGRFieldType::OFTReal,
        FieldType::Boolean => OGRFieldType::OFTInteger,
        FieldType::Date => OGRFieldType::OFTDate,
    }
}

fn set_value(
    feature: &mut OgrFeature<'_>,
    index: usize,
    value: &Value,
) -> std::result::Result<(), GdalError> {
    match value {
        Value::Null => feature.set_field_null(index),
        // OGR parses YYYY-MM-DD text into a date field.
        Value::Text(s) | Value::Date(s) => feature.set_field_string(index, s),
        Value::Integer(i) => feature.set_field_integer64(index, *i),
        Value::Real(x) => feature.set_field_double(index, *x),
        Value::Boolean(b) => feature.set_field_integer(index, i32::from(*b)),
    }
}

/// `base`, or `base_1`, `base_2` … when a field already has that name.
fn unused_name(base: &str, fields: &[Field]) -> String {
    let taken = |name: &str| fields.iter().any(|f| f.name.eq_ignore_ascii_case(name));
    if !taken(base) {
        return base.to_string();
    }
    (1..)
        .map(|n| format!("{base}_{n}"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| base.to_string())
}

/// The GDAL spatial reference of a CRS: by EPSG code, else from ESRI WKT, else from PROJ.
fn spatial_ref(crs: Option<&Crs>) -> std::result::Result<Option<SpatialRef>, GdalError> {
    let Some(crs) = crs else {
        return Ok(None);
    };
    if let Some(code) = crs.epsg() {
        return SpatialRef::from_epsg(code).map(Some);
    }
    let wkt = crate::prj::to_esri_wkt(crs);
    if !wkt.trim().is_empty() {
        if let Ok(srs) = SpatialRef::from_esri(&wkt) {
            return Ok(Some(srs));
        }
    }
    SpatialRef::from_proj4(&crs.proj_string()).map(Some)
}

/// Sets a feature's FID, which the gdal crate does not wrap.
#[allow(unsafe_code)]
fn set_fid(feature: &OgrFeature<'_>, fid: u64) -> std::result::Result<(), GdalError> {
    let fid = i64::try_from(fid).map_err(|_| GdalError::OgrError {
        err: gdal_sys::OGRErr::OGRERR_FAILURE,
        method_name: "OGR_F_SetFID",
    })?;
    // SAFETY: `c_feature` is the handle `feature` owns and keeps alive for the call;
    // OGR_F_SetFID only stores the number in it.
    let rv = unsafe { gdal_sys::OGR_F_SetFID(feature.c_feature(), fid) };
    if rv == gdal_sys::OGRErr::OGRERR_NONE {
        Ok(())
    } else {
        Err(GdalError::OgrError {
            err: rv,
            method_name: "OGR_F_SetFID",
        })
    }
}
