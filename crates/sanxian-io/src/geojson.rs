//! GeoJSON reading and writing, pure Rust.
//!
//! Reading parses the whole file once into borrowed per-feature slices and then decodes the
//! features in parallel straight into geo-types (no intermediate `serde_json::Value` tree for
//! geometry), which is what makes it faster than GDAL on large files.
//!
//! CRS: the legacy `crs` member (`urn:ogc:def:crs:EPSG::4527`, as GDAL writes projected GeoJSON)
//! when present; otherwise RFC 7946 longitude/latitude (WGS84), unless the coordinates cannot be
//! lon/lat, in which case the CRS is unknown and must be stated ([`ReadOptions::crs`]).

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use rayon::prelude::*;
use sanxian_types::{
    Crs, CrsSource, Diagnostic, Feature, FeatureId, Field, FieldType, Layer, LayerKind, Severity,
    SourceFormat, Value,
};
use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::rings::{assemble_ring, RingOutcome};
use crate::{Error, ReadOptions, Result};

/// Coordinates of a written GeoJSON file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeoJsonCoordinates {
    /// RFC 7946: longitude/latitude (the layer is transformed to its datum's lon/lat).
    LonLat,
    /// The layer's own CRS, declared with the legacy `crs` member as GDAL writes it.
    Native,
}

#[derive(Deserialize)]
struct RawCollection<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(borrow)]
    features: Option<Vec<&'a RawValue>>,
    crs: Option<serde_json::Value>,
    name: Option<String>,
}

#[derive(Deserialize)]
struct RawFeature<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    properties: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(borrow)]
    geometry: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct RawGeometry<'a> {
    #[serde(rename = "type")]
    kind: String,
    #[serde(borrow)]
    coordinates: Option<&'a RawValue>,
}

/// A position: x, y and whether more ordinates (Z, M) followed.
struct Position {
    coord: Coord<f64>,
    extra: bool,
}

impl<'de> Deserialize<'de> for Position {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct PositionVisitor;
        impl<'de> Visitor<'de> for PositionVisitor {
            type Value = Position;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a position [x, y]")
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Position, A::Error> {
                let x: f64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let y: f64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                let mut extra = false;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    extra = true;
                }
                Ok(Position {
                    coord: Coord { x, y },
                    extra,
                })
            }
        }
        deserializer.deserialize_seq(PositionVisitor)
    }
}

type RawRing = Vec<Position>;
type RawPolygon = Vec<RawRing>;

/// What decoding one feature produced.
struct Decoded {
    feature: Option<Feature>,
    properties: serde_json::Map<String, serde_json::Value>,
    diagnostics: Vec<Diagnostic>,
    had_extra_ordinates: bool,
}

/// Reads a GeoJSON FeatureCollection of polygons and multipolygons.
///
/// Records that cannot be used (no geometry, non-polygon geometry, rings with fewer than four
/// points …) are listed in [`Layer::diagnostics`] with their position, never dropped silently.
pub fn read(path: &Path, options: &ReadOptions) -> Result<Layer> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let file_name: Arc<str> = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
        .into();
    read_bytes(&bytes, path, file_name, options)
}

/// Reads GeoJSON from memory; `path` names the source in messages.
pub fn read_bytes(
    bytes: &[u8],
    path: &Path,
    source: Arc<str>,
    options: &ReadOptions,
) -> Result<Layer> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let raw: RawCollection = serde_json::from_slice(bytes)
        .map_err(|e| Error::format(path, format!("not valid GeoJSON: {e}")))?;
    match raw.kind.as_deref() {
        Some("FeatureCollection") => {}
        Some(other) => {
            return Err(Error::format(
                path,
                format!("is a GeoJSON {other}, not a FeatureCollection; wrap it in one"),
            ))
        }
        None => {
            return Err(Error::format(
                path,
                "has no \"type\" member: not a GeoJSON FeatureCollection",
            ))
        }
    }
    let raw_features = raw
        .features
        .ok_or_else(|| Error::format(path, "FeatureCollection has no \"features\" array"))?;
    let file = source.to_string();

    let decoded: Vec<Decoded> = raw_features
        .par_iter()
        .enumerate()
        .map(|(i, f)| decode_feature(f, i as u64 + 1, &file, &source))
        .collect();

    let mut diagnostics = Vec::new();
    let (fields, mixed) = infer_fields(decoded.iter().map(|d| &d.properties));
    for name in mixed {
        diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            file: file.clone(),
            record: None,
            message: format!("property '{name}' has values of different types: read as text"),
        });
    }
    let bsm = fields
        .iter()
        .position(|f| f.name.eq_ignore_ascii_case("BSM"));
    let mut features = Vec::with_capacity(decoded.len());
    let mut extra = false;
    for d in decoded {
        diagnostics.extend(d.diagnostics);
        extra |= d.had_extra_ordinates;
        if let Some(mut feature) = d.feature {
            feature.attributes = fields
                .iter()
                .map(|f| convert_value(d.properties.get(&f.name), f.field_type))
                .collect();
            if let Some(i) = bsm {
                feature.id.bsm = bsm_text(&feature.attributes[i]);
            }
            features.push(feature);
        }
    }
    if extra {
        diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            file: file.clone(),
            record: None,
            message: "positions carry Z or M ordinates: dropped, sanxian works in 2D".into(),
        });
    }

    let mut layer = Layer {
        name: raw.name.clone().unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        }),
        kind: options
            .kind
            .or_else(|| LayerKind::recognise(&file))
            .or_else(|| raw.name.as_deref().and_then(LayerKind::recognise))
            .unwrap_or(LayerKind::Other),
        crs: None,
        crs_source: CrsSource::Unknown,
        fields,
        features,
        format: SourceFormat::GeoJson,
        path: path.display().to_string(),
        encoding: Some("UTF-8 (GeoJSON)".into()),
        diagnostics,
        source_records: raw_features.len() as u64,
    };
    resolve_crs(&mut layer, raw.crs.as_ref(), options);
    Ok(layer)
}

fn bsm_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn resolve_crs(layer: &mut Layer, member: Option<&serde_json::Value>, options: &ReadOptions) {
    let file = layer.path.clone();
    let warn = |layer: &mut Layer, severity, message: String| {
        layer.diagnostics.push(Diagnostic {
            severity,
            file: file.clone(),
            record: None,
            message,
        })
    };
    let declared = member.map(|m| {
        let name = m
            .pointer("/properties/name")
            .and_then(|n| n.as_str())
            .map(str::to_string)
            .or_else(|| {
                m.pointer("/properties/code")
                    .and_then(|c| c.as_u64())
                    .map(|c| format!("EPSG:{c}"))
            })
            .unwrap_or_else(|| m.to_string());
        (name.parse::<Crs>(), name)
    });
    let extent = layer.extent();
    match (options.crs, declared) {
        (Some(user), declared) => {
            layer.crs = Some(user);
            layer.crs_source = CrsSource::User;
            if let Some((Ok(crs), name)) = declared {
                if crs != user {
                    warn(
                        layer,
                        Severity::Warning,
                        format!(
                            "the file declares {name}, but {user} was stated: using the stated CRS"
                        ),
                    );
                }
            }
        }
        (None, Some((Ok(crs), _))) => {
            layer.crs = Some(crs);
            layer.crs_source = CrsSource::GeoJsonCrsMember;
        }
        (None, Some((Err(_), name))) => warn(
            layer,
            Severity::Warning,
            format!("unknown CRS '{name}' in the crs member: state it with --crs EPSG:CODE"),
        ),
        (None, None) => {
            let lonlat = extent.is_none_or(|r| {
                r.min().x >= -180.0 && r.max().x <= 180.0 && r.min().y >= -90.0 && r.max().y <= 90.0
            });
            if lonlat {
                layer.crs = Some(Crs::WGS84);
                layer.crs_source = CrsSource::Rfc7946Default;
            } else {
                warn(
                    layer,
                    Severity::Warning,
                    "no crs member and the coordinates are not longitude/latitude: CRS unknown; state it with --crs EPSG:CODE".into(),
                );
            }
        }
    }
    if let (Some(Crs::GaussKruger { zone, .. }), Some(r)) = (layer.crs, extent) {
        if let Some(message) = zone.check_eastings(r.min().x, r.max().x) {
            warn(layer, Severity::Warning, message);
        }
    }
}

fn decode_feature(raw: &RawValue, record: u64, file: &str, source: &Arc<str>) -> Decoded {
    let mut out = Decoded {
        feature: None,
        properties: serde_json::Map::new(),
        diagnostics: Vec::new(),
        had_extra_ordinates: false,
    };
    let skip = |out: &mut Decoded, message: String| {
        out.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            record: Some(record),
            message: format!("{message}; record skipped"),
        })
    };
    let parsed: RawFeature = match serde_json::from_str(raw.get()) {
        Ok(f) => f,
        Err(e) => {
            skip(&mut out, format!("not a valid GeoJSON Feature: {e}"));
            return out;
        }
    };
    out.properties = parsed.properties.unwrap_or_default();
    if parsed.kind.as_deref() != Some("Feature") {
        skip(
            &mut out,
            format!(
                "member of \"features\" has type {:?}, not \"Feature\"",
                parsed.kind.as_deref().unwrap_or("(none)")
            ),
        );
        return out;
    }
    let geometry = match parsed.geometry.filter(|g| g.get() != "null") {
        Some(g) => g,
        None => {
            skip(&mut out, "empty geometry (null)".into());
            return out;
        }
    };
    let geometry: RawGeometry = match serde_json::from_str(geometry.get()) {
        Ok(g) => g,
        Err(e) => {
            skip(&mut out, format!("invalid geometry: {e}"));
            return out;
        }
    };
    let coords = geometry.coordinates.map(|c| c.get()).unwrap_or("null");
    let polygons: std::result::Result<Vec<RawPolygon>, String> = match geometry.kind.as_str() {
        "Polygon" => serde_json::from_str::<RawPolygon>(coords)
            .map(|p| vec![p])
            .map_err(|e| format!("invalid Polygon coordinates: {e}")),
        "MultiPolygon" => serde_json::from_str::<Vec<RawPolygon>>(coords)
            .map_err(|e| format!("invalid MultiPolygon coordinates: {e}")),
        other => Err(format!(
            "geometry is a {other}, not a Polygon or MultiPolygon"
        )),
    };
    let polygons = match polygons {
        Ok(p) => p,
        Err(message) => {
            skip(&mut out, message);
            return out;
        }
    };
    let mut parts = Vec::with_capacity(polygons.len());
    for (pi, raw_polygon) in polygons.into_iter().enumerate() {
        let mut rings = raw_polygon.into_iter();
        let Some(shell) = rings.next() else {
            out.diagnostics.push(warning(
                file,
                record,
                format!("polygon {} has no rings: ignored", pi + 1),
            ));
            continue;
        };
        let shell = match take_ring(shell, &mut out.had_extra_ordinates) {
            RingOutcome::Ok(r) => r,
            RingOutcome::Repaired(r, note) => {
                out.diagnostics.push(warning(
                    file,
                    record,
                    format!("polygon {} shell: {note}", pi + 1),
                ));
                r
            }
            RingOutcome::Unusable(why) => {
                skip(&mut out, format!("polygon {} shell: {why}", pi + 1));
                return out;
            }
        };
        let mut holes = Vec::new();
        for (hi, hole) in rings.enumerate() {
            match take_ring(hole, &mut out.had_extra_ordinates) {
                RingOutcome::Ok(r) => holes.push(r),
                RingOutcome::Repaired(r, note) => {
                    out.diagnostics.push(warning(
                        file,
                        record,
                        format!("polygon {} hole {}: {note}", pi + 1, hi + 1),
                    ));
                    holes.push(r)
                }
                RingOutcome::Unusable(why) => out.diagnostics.push(warning(
                    file,
                    record,
                    format!("polygon {} hole {}: {why}; hole dropped", pi + 1, hi + 1),
                )),
            }
        }
        parts.push(Polygon::new(shell, holes));
    }
    if parts.is_empty() {
        skip(&mut out, "empty geometry (no polygons)".into());
        return out;
    }
    out.feature = Some(Feature {
        id: FeatureId {
            source: Arc::clone(source),
            record,
            bsm: None,
        },
        geometry: MultiPolygon(parts),
        attributes: Vec::new(),
    });
    out
}

fn warning(file: &str, record: u64, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        file: file.to_string(),
        record: Some(record),
        message,
    }
}

fn take_ring(raw: RawRing, extra: &mut bool) -> RingOutcome {
    let mut coords = Vec::with_capacity(raw.len());
    for p in raw {
        *extra |= p.extra;
        coords.push(p.coord);
    }
    assemble_ring(coords)
}

/// Infers typed fields from properties, in first-seen order. Returns the names of properties
/// whose values mix types (read as text).
fn infer_fields<'a>(
    properties: impl Iterator<Item = &'a serde_json::Map<String, serde_json::Value>>,
) -> (Vec<Field>, Vec<String>) {
    use serde_json::Value as J;
    // (name, type so far, mixed)
    let mut fields: Vec<(String, Option<FieldType>, bool)> = Vec::new();
    let mut index: std::collections::BTreeMap<String, usize> = Default::default();
    for props in properties {
        for (k, v) in props {
            let i = *index.entry(k.clone()).or_insert_with(|| {
                fields.push((k.clone(), None, false));
                fields.len() - 1
            });
            let t = match v {
                J::Null => continue,
                J::Bool(_) => FieldType::Boolean,
                J::Number(n) if n.is_i64() => FieldType::Integer,
                J::Number(_) => FieldType::Real,
                _ => FieldType::Text,
            };
            let entry = &mut fields[i];
            entry.1 = Some(match entry.1 {
                None => t,
                Some(prev) if prev == t => t,
                Some(FieldType::Integer) if t == FieldType::Real => FieldType::Real,
                Some(FieldType::Real) if t == FieldType::Integer => FieldType::Real,
                Some(_) => {
                    entry.2 = true;
                    FieldType::Text
                }
            });
        }
    }
    let mixed = fields.iter().filter(|f| f.2).map(|f| f.0.clone()).collect();
    let fields = fields
        .into_iter()
        .map(|(name, t, _)| Field::new(name, t.unwrap_or(FieldType::Text)))
        .collect();
    (fields, mixed)
}

fn convert_value(v: Option<&serde_json::Value>, t: FieldType) -> Value {
    use serde_json::Value as J;
    match (v, t) {
        (None | Some(J::Null), _) => Value::Null,
        (Some(J::Bool(b)), FieldType::Boolean) => Value::Boolean(*b),
        (Some(J::Number(n)), FieldType::Integer) => n.as_i64().map_or(Value::Null, Value::Integer),
        (Some(J::Number(n)), FieldType::Real) => n.as_f64().map_or(Value::Null, Value::Real),
        (Some(J::String(s)), _) => Value::Text(s.as_str().into()),
        (Some(other), _) => Value::Text(other.to_string().into()),
    }
}

/// Writes a layer as a GeoJSON FeatureCollection, one feature per line.
///
/// With [`GeoJsonCoordinates::LonLat`] the coordinates are transformed to the datum's
/// longitude/latitude (RFC 7946; no `crs` member); with [`GeoJsonCoordinates::Native`] they stay in
/// the layer's CRS, declared by the legacy `crs` member as GDAL writes it. Numbers are written in
/// the shortest form that reads back to the same `f64`, so nothing is lost.
pub fn write(layer: &Layer, path: &Path, coordinates: GeoJsonCoordinates) -> Result<()> {
    let file = File::create(path).map_err(|e| Error::io(path, e))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    write_to(layer, &mut w, coordinates)
        .and_then(|_| w.flush())
        .map_err(|e| Error::io(path, e))
}

/// Writes a layer as GeoJSON to any writer. See [`write`](fn@write).
pub fn write_to<W: Write>(
    layer: &Layer,
    w: &mut W,
    coordinates: GeoJsonCoordinates,
) -> std::io::Result<()> {
    let to_lonlat = match coordinates {
        GeoJsonCoordinates::LonLat => layer.crs.and_then(|c| c.projection()),
        GeoJsonCoordinates::Native => None,
    };
    w.write_all(b"{\"type\":\"FeatureCollection\",\"name\":")?;
    serde_json::to_writer(&mut *w, &layer.name)?;
    if coordinates == GeoJsonCoordinates::Native {
        if let Some(code) = layer.crs.and_then(|c| c.epsg()) {
            write!(
                w,
                ",\"crs\":{{\"type\":\"name\",\"properties\":{{\"name\":\"urn:ogc:def:crs:EPSG::{code}\"}}}}"
            )?;
        }
    }
    w.write_all(b",\"features\":[\n")?;
    // Features are formatted in parallel, a batch at a time, and written in order.
    let mut first = true;
    for batch in layer.features.chunks(WRITE_BATCH) {
        let texts: Vec<String> = batch
            .par_chunks(WRITE_CHUNK)
            .map(|chunk| {
                let vertices: usize = chunk.iter().map(|f| vertex_count(&f.geometry)).sum();
                let mut s = String::with_capacity(512 * chunk.len() + 40 * vertices);
                for feature in chunk {
                    feature_json(layer, feature, to_lonlat.as_ref(), &mut s);
                }
                s
            })
            .collect();
        for text in texts {
            // Each feature's text starts with ",\n"; the first one's is dropped.
            let text = if first { &text[2..] } else { &text[..] };
            first = false;
            w.write_all(text.as_bytes())?;
        }
    }
    w.write_all(b"\n]}\n")?;
    Ok(())
}

fn vertex_count(g: &MultiPolygon<f64>) -> usize {
    g.0.iter()
        .map(|p| p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>())
        .sum()
}

/// Features formatted per parallel task, and per batch held in memory before writing.
const WRITE_CHUNK: usize = 256;
const WRITE_BATCH: usize = 16 * 1024;

/// Appends `,\n` and one feature of a layer.
fn feature_json(
    layer: &Layer,
    feature: &sanxian_types::Feature,
    tm: Option<&sanxian_types::TransverseMercator>,
    s: &mut String,
) {
    s.push_str(",\n{\"type\":\"Feature\",\"properties\":{");
    for (j, (field, value)) in layer.fields.iter().zip(&feature.attributes).enumerate() {
        if j > 0 {
            s.push(',');
        }
        push_json(s, &field.name);
        s.push(':');
        match value {
            Value::Real(x) if !x.is_finite() => s.push_str("null"),
            v => push_json(s, v),
        }
    }
    s.push_str("},\"geometry\":");
    geometry_json(&feature.geometry, tm, s);
    s.push('}');
}

/// Appends the JSON of a serialisable value.
fn push_json<T: serde::Serialize + ?Sized>(s: &mut String, v: &T) {
    // Field names and values (text, numbers, booleans; non-finite numbers are written as null
    // before this) always serialise: serde_json fails only on maps with non-string keys.
    s.push_str(&serde_json::to_string(v).expect("values serialise"));
}

/// Writes RFC 7946 GeoJSON (longitude/latitude) of features given as properties and a geometry
/// in `crs`: for results that are not [`Layer`]s (overlaps, findings, pieces). Empty geometries
/// are left out.
pub fn write_lonlat_features<'g>(
    path: &Path,
    name: &str,
    crs: &Crs,
    features: impl IntoIterator<Item = (serde_json::Value, &'g MultiPolygon<f64>)>,
) -> Result<()> {
    let items: Vec<(serde_json::Value, &MultiPolygon<f64>)> = features.into_iter().collect();
    write_lonlat_features_with(path, name, crs, &items, |_, (p, g)| Some((p, *g)))
}

/// [`write_lonlat_features`] of the features `feature` makes of each item (`None`: no feature),
/// called in parallel with the item's position: the properties are built on every core too.
/// The properties are anything that displays as a JSON object (`serde_json::Value` or a
/// reference to one).
pub fn write_lonlat_features_with<'g, T, P, F>(
    path: &Path,
    name: &str,
    crs: &Crs,
    items: &'g [T],
    feature: F,
) -> Result<()>
where
    T: Sync,
    P: std::fmt::Display,
    F: Fn(usize, &'g T) -> Option<(P, &'g MultiPolygon<f64>)> + Sync,
{
    let tm = crs.projection();
    let file = File::create(path).map_err(|e| Error::io(path, e))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    let mut head = String::from("{\"type\":\"FeatureCollection\",\"name\":");
    head.push_str(&serde_json::Value::from(name).to_string());
    head.push_str(",\"features\":[\n");
    w.write_all(head.as_bytes())
        .map_err(|e| Error::io(path, e))?;
    // Features are made and formatted in parallel, a batch at a time, and written in order.
    let mut first = true;
    let mut at = 0;
    while at < items.len() {
        let end = (at + WRITE_BATCH).min(items.len());
        let texts: Vec<String> = (at..end)
            .into_par_iter()
            .chunks(WRITE_CHUNK)
            .map(|chunk| {
                let mut s = String::new();
                for i in chunk {
                    let Some((properties, geometry)) = feature(i, &items[i]) else {
                        continue;
                    };
                    if geometry.0.is_empty() {
                        continue;
                    }
                    s.reserve(256 + 40 * vertex_count(geometry));
                    let _ = write!(
                        s,
                        ",\n{{\"type\":\"Feature\",\"properties\":{properties},\"geometry\":"
                    );
                    geometry_json(geometry, tm.as_ref(), &mut s);
                    s.push('}');
                }
                s
            })
            .collect();
        for text in texts {
            if text.is_empty() {
                continue;
            }
            let text = if first { &text[2..] } else { &text[..] };
            first = false;
            w.write_all(text.as_bytes())
                .map_err(|e| Error::io(path, e))?;
        }
        at = end;
    }
    w.write_all(b"\n]}\n")
        .and_then(|_| w.flush())
        .map_err(|e| Error::io(path, e))
}

/// Appends a GeoJSON geometry object for `g`, inverse-projecting when `tm` is given.
pub fn geometry_json(
    g: &MultiPolygon<f64>,
    tm: Option<&sanxian_types::TransverseMercator>,
    out: &mut String,
) {
    let single = g.0.len() == 1;
    out.push_str(if single {
        "{\"type\":\"Polygon\",\"coordinates\":"
    } else {
        "{\"type\":\"MultiPolygon\",\"coordinates\":["
    });
    for (pi, p) in g.0.iter().enumerate() {
        if pi > 0 {
            out.push(',');
        }
        out.push('[');
        for (ri, ring) in std::iter::once(p.exterior())
            .chain(p.interiors())
            .enumerate()
        {
            if ri > 0 {
                out.push(',');
            }
            ring_json(ring, tm, out);
        }
        out.push(']');
    }
    out.push_str(if single { "}" } else { "]}" });
}

fn ring_json(
    ring: &LineString<f64>,
    tm: Option<&sanxian_types::TransverseMercator>,
    out: &mut String,
) {
    out.push('[');
    for (i, c) in ring.0.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let (x, y) = match tm {
            Some(tm) => tm.inverse(c.x, c.y),
            None => (c.x, c.y),
        };
        out.push('[');
        push_number(out, x);
        out.push(',');
        push_number(out, y);
        out.push(']');
    }
    out.push(']');
}

/// Appends a finite `f64` exactly as `Display` writes it (the shortest digits that read back to
/// the same number, no exponent), through ryu, which is several times faster.
pub fn push_number(out: &mut String, x: f64) {
    let mut buf = ryu::Buffer::new();
    let text = buf.format(x);
    if text.contains(['e', 'N', 'i']) {
        // Exponent form (|x| < 1e-5 or ≥ 1e16) or not finite: as Display does.
        let _ = write!(out, "{x}");
    } else {
        out.push_str(text.strip_suffix(".0").unwrap_or(text));
    }
}
