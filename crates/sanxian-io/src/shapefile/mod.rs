//! ESRI Shapefile reading and writing, in pure Rust.
//!
//! Hand-written rather than built on the `shapefile` or `dbase` crates because sanxian needs
//! per-record recovery (a damaged record is skipped, the rest is read), an exact report of every
//! record that was skipped or repaired and why, and its own decision on the text encoding of the
//! attribute table (see [`crate::encoding`]). Those crates stop at the first bad record and
//! decode text with one fixed encoding.
//!
//! # Reading
//! The `.shp`, `.shx`, `.dbf`, `.prj` and `.cpg` are found case-insensitively (`FOO.SHP` with
//! `foo.dbf`) and read whole into memory; records are located through the `.shx` when it agrees
//! with the `.shp` (otherwise by walking the `.shp`) and decoded in parallel.
//!
//! * Polygon, PolygonZ and PolygonM records are read; Z and M are dropped (one warning).
//! * Rings are assembled by orientation: clockwise rings are outer rings, counter-clockwise
//!   rings are holes of the smallest outer ring containing them. Vertex order is kept.
//! * Every problem with a record is a [`Diagnostic`] with the record number (from 1, the
//!   position in the file): [`Severity::Error`] when the record was skipped (null shape, NaN or
//!   infinite coordinates, no usable ring, a truncated record), [`Severity::Warning`] when it was
//!   repaired or guessed (ring closed, ring dropped, hole without shell, deleted DBF row, number
//!   that does not parse). Nothing is dropped silently.
//! * Features are paired with DBF rows by position; record counts of `.shp`, `.shx` and `.dbf`
//!   are compared and every mismatch is reported.
//!
//! A DBF row marked deleted keeps its shape and gets null attributes, with a warning (GDAL
//! leaves such features out when reading sequentially).

mod dbf;
mod files;
mod rings;
mod shp;
mod write;

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use sanxian_types::{
    Crs, CrsSource, Diagnostic, Feature, FeatureId, Layer, LayerKind, Severity, SourceFormat, Value,
};

use crate::{Error, ReadOptions, Result};

/// What a reader noticed about one record or file, before it becomes a [`Diagnostic`].
type Notes = Vec<(Severity, String)>;

/// Records per parallel task: small enough to balance, large enough to amortise scheduling.
const CHUNK: usize = 256;

fn diag(
    severity: Severity,
    file: &str,
    record: Option<u64>,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic {
        severity,
        file: file.to_string(),
        record,
        message: message.into(),
    }
}

/// Reads a shapefile (`.shp` with its `.shx`, `.dbf`, `.prj`, `.cpg`) into a [`Layer`].
///
/// # Errors
/// [`Error::Io`] when a file cannot be read, [`Error::MissingCompanion`] without a `.dbf`,
/// [`Error::Format`] when the `.shp` or `.dbf` header is unusable or the file holds points or
/// lines, [`Error::UnknownEncoding`] for an unknown `options.encoding`. Problems with single
/// records are [`Layer::diagnostics`], never errors.
pub fn read(path: &Path, options: &ReadOptions) -> Result<Layer> {
    let shp_name = files::name(path);
    let shp_bytes = files::read(path)?;
    let companions = files::find(path)?;
    let Some(dbf_path) = companions.dbf.as_deref() else {
        return Err(Error::MissingCompanion {
            path: path.to_path_buf(),
            what: "attribute table (.dbf)".into(),
            hint: "shapefiles need their .dbf; copy it next to the .shp".into(),
        });
    };
    let header = shp::parse_header(&shp_bytes).map_err(|m| Error::format(path, m))?;
    match header.shape_type {
        0 | shp::POLYGON | shp::POLYGON_Z | shp::POLYGON_M => {}
        t => {
            return Err(Error::format(
                path,
                format!(
                    "shape type {t} ({}): sanxian reads polygon layers only",
                    shp::shape_type_name(t)
                ),
            ))
        }
    }
    let mut head = Vec::new();
    if header.version != 1000 {
        head.push(diag(
            Severity::Warning,
            &shp_name,
            None,
            format!("header version is {}, expected 1000", header.version),
        ));
    }

    let dbf_name = files::name(dbf_path);
    let dbf_bytes = files::read(dbf_path)?;
    let (table, table_notes) =
        dbf::Dbf::parse(&dbf_bytes).map_err(|m| Error::format(dbf_path, m))?;

    let (located, shx_count) = locate(
        &shp_bytes,
        companions.shx.as_deref(),
        table.rows,
        &shp_name,
        &mut head,
    )?;

    // The encoding of the attribute table.
    let cpg = match companions.cpg.as_deref() {
        Some(p) => Some(String::from_utf8_lossy(&files::read(p)?).into_owned()),
        None => None,
    };
    let choice = crate::encoding::choose(
        options.encoding.as_deref(),
        cpg.as_deref(),
        Some(table.ldid),
        || table.classify_text(),
    )?;
    let enc = choice.encoding;
    let label = choice.describe();
    let mut notes = table_notes;
    notes.extend(choice.notes.iter().cloned());
    let fields = table.layer_fields(enc, &label, &mut notes);
    head.extend(notes.into_iter().map(|(s, m)| diag(s, &dbf_name, None, m)));
    let names: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
    let bsm = fields
        .iter()
        .position(|f| f.name.eq_ignore_ascii_case("BSM"));

    // Decode geometry and attributes; records are independent once located.
    let shp_data = &shp_bytes;
    let decoded: Vec<shp::Decoded> = located
        .spans
        .par_iter()
        .with_min_len(CHUNK)
        .map(|s| shp::decode(shp_data.get(s.content.clone()).unwrap_or_default()))
        .collect();
    let rows: Vec<Option<(Vec<Value>, Notes)>> = decoded
        .par_iter()
        .enumerate()
        .with_min_len(CHUNK)
        .map(|(i, d)| {
            if i >= table.rows || d.geometry.is_none() {
                return None;
            }
            let mut notes = Vec::new();
            let values = table.read_row(i, enc, &label, &names, &mut notes);
            Some((values, notes))
        })
        .collect();

    let z = header.shape_type == shp::POLYGON_Z
        || decoded.iter().any(|d| d.shape_type == shp::POLYGON_Z);
    let m = header.shape_type == shp::POLYGON_M
        || decoded.iter().any(|d| d.shape_type == shp::POLYGON_M);
    let dropped = match (z, m) {
        (true, true) => Some("Z and M values"),
        (true, false) => Some("Z values"),
        (false, true) => Some("M values"),
        (false, false) => None,
    };
    if let Some(what) = dropped {
        head.push(diag(
            Severity::Warning,
            &shp_name,
            None,
            format!(
                "shape type {}: {what} dropped (sanxian works in 2D)",
                shp::shape_type_name(header.shape_type)
            ),
        ));
    }

    let (crs, crs_source) = resolve_crs(options, companions.prj.as_deref(), &shp_name, &mut head)?;

    let shp_count = located.shp_count();
    let counts_agree = shx_count.is_none_or(|c| c == shp_count) && table.rows == shp_count;
    if !counts_agree {
        let shx = shx_count.map_or("no .shx".to_string(), |c| format!(".shx has {c}"));
        head.push(diag(
            Severity::Warning,
            &shp_name,
            None,
            format!(
                "record counts disagree: .shp has {shp_count}, {shx}, .dbf has {}",
                table.rows
            ),
        ));
    }

    // Features, with every record's diagnostics in file order.
    let source: Arc<str> = Arc::from(shp_name.as_str());
    let mut diagnostics = head;
    let mut features = Vec::with_capacity(decoded.len());
    for (i, ((span, d), row)) in located.spans.iter().zip(decoded).zip(rows).enumerate() {
        let record = i as u64 + 1;
        if i64::from(span.number) != record as i64 {
            diagnostics.push(diag(
                Severity::Warning,
                &shp_name,
                Some(record),
                format!(
                    "record number in the file is {}, expected {record}: numbered by position",
                    span.number
                ),
            ));
        }
        diagnostics.extend(
            d.notes
                .into_iter()
                .map(|(s, msg)| diag(s, &shp_name, Some(record), msg)),
        );
        let Some(geometry) = d.geometry else {
            continue;
        };
        let attributes = match row {
            Some((values, notes)) => {
                diagnostics.extend(
                    notes
                        .into_iter()
                        .map(|(s, msg)| diag(s, &dbf_name, Some(record), msg)),
                );
                values
            }
            None => {
                diagnostics.push(diag(
                    Severity::Warning,
                    &dbf_name,
                    Some(record),
                    "no row in the .dbf: attributes are null",
                ));
                vec![Value::Null; fields.len()]
            }
        };
        let bsm = bsm
            .and_then(|j| attributes.get(j))
            .filter(|v| **v != Value::Null)
            .map(|v| v.to_string());
        features.push(Feature {
            id: FeatureId {
                source: Arc::clone(&source),
                record,
                bsm,
            },
            geometry,
            attributes,
        });
    }

    // What comes after the last record read.
    if let Some(stop) = &located.stop {
        diagnostics.push(diag(
            Severity::Error,
            &shp_name,
            Some(stop.record as u64),
            stop.message.clone(),
        ));
    } else if header.declared_len > shp_bytes.len() as u64 {
        diagnostics.push(diag(
            Severity::Error,
            &shp_name,
            None,
            format!(
                "the header declares {} bytes but the file has {}: the .shp is cut short after record {shp_count} and the rest of the file is missing",
                header.declared_len,
                shp_bytes.len()
            ),
        ));
    } else if header.declared_len < shp_bytes.len() as u64 {
        diagnostics.push(diag(
            Severity::Warning,
            &shp_name,
            None,
            format!(
                "the header declares {} bytes but the file has {}",
                header.declared_len,
                shp_bytes.len()
            ),
        ));
    }
    let shx_more = shx_count.filter(|&c| c > shp_count);
    if let (Some(c), None, true) = (
        shx_more,
        &located.stop,
        header.declared_len <= shp_bytes.len() as u64,
    ) {
        diagnostics.push(diag(
            Severity::Error,
            &shp_name,
            None,
            format!(
                "the .shx lists {c} records but the .shp holds {shp_count}: records {}..{c} have no shape: not read",
                shp_count + 1
            ),
        ));
    }
    if table.rows > shp_count {
        let rows = if table.rows == shp_count + 1 {
            format!("row {} of the .dbf has", table.rows)
        } else {
            format!("rows {}..{} of the .dbf have", shp_count + 1, table.rows)
        };
        diagnostics.push(diag(
            Severity::Error,
            &dbf_name,
            None,
            format!("{rows} no shape in the .shp: not read"),
        ));
    }

    let mut layer = Layer {
        name: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        kind: options
            .kind
            .or_else(|| LayerKind::recognise(&shp_name))
            .unwrap_or(LayerKind::Other),
        crs,
        crs_source,
        fields,
        features,
        format: SourceFormat::Shapefile,
        path: crate::escaped(path),
        encoding: Some(label),
        diagnostics,
        // Every record any part of the shapefile knows of, so that records the .shx or .dbf
        // hold beyond the .shp count as not read.
        source_records: shp_count.max(shx_count.unwrap_or(0)).max(table.rows) as u64,
    };
    if let (Some(Crs::GaussKruger { zone, .. }), Some(extent)) = (layer.crs, layer.extent()) {
        if let Some(message) = zone.check_eastings(extent.min().x, extent.max().x) {
            layer
                .diagnostics
                .push(diag(Severity::Warning, &shp_name, None, message));
        }
    }
    Ok(layer)
}

/// Locates the records of the `.shp`: through the `.shx` when it agrees with the `.shp`,
/// otherwise by walking the `.shp`; says in `head` which and why. Also returns the number of
/// `.shx` entries.
fn locate(
    shp_bytes: &[u8],
    shx_path: Option<&Path>,
    dbf_rows: usize,
    shp_name: &str,
    head: &mut Vec<Diagnostic>,
) -> Result<(shp::Located, Option<usize>)> {
    let walked = shp::walk(shp_bytes);
    let mut shx_count = None;
    let located = match shx_path {
        None => {
            head.push(diag(
                Severity::Warning,
                shp_name,
                None,
                "no .shx: read sequentially without the index",
            ));
            walked
        }
        Some(shx_path) => {
            let shx = files::read(shx_path)?;
            let shx_name = files::name(shx_path);
            shx_count = Some(shx.len().saturating_sub(100) / 8);
            match shp::index(&shx, shp_bytes) {
                Ok(indexed) => {
                    let (ix, wk) = (indexed.shp_count(), walked.shp_count());
                    if walked.stop.as_ref().is_some_and(|s| !s.truncated) {
                        head.push(diag(
                            Severity::Info,
                            shp_name,
                            None,
                            "the .shp holds bytes between records that are not records: read through the .shx index",
                        ));
                        indexed
                    } else if ix == wk {
                        indexed
                    } else if wk == dbf_rows {
                        // The .dbf sides with the walk: the index is stale or cut short.
                        head.push(diag(
                            Severity::Warning,
                            &shx_name,
                            None,
                            format!("the .shx lists {ix} records but the .shp holds {wk}, as many as the .dbf rows: read the .shp sequentially"),
                        ));
                        walked
                    } else {
                        head.push(diag(
                            Severity::Warning,
                            &shx_name,
                            None,
                            format!("the .shx lists {ix} records but walking the .shp finds {wk}: read through the .shx"),
                        ));
                        indexed
                    }
                }
                Err(reason) => {
                    head.push(diag(
                        Severity::Warning,
                        &shx_name,
                        None,
                        format!(
                            "the .shx index disagrees with the .shp ({reason}): read the .shp sequentially without it"
                        ),
                    ));
                    walked
                }
            }
        }
    };
    Ok((located, shx_count))
}

/// The layer's CRS from the user's statement and the `.prj`, with what to tell the user.
fn resolve_crs(
    options: &ReadOptions,
    prj: Option<&Path>,
    shp_name: &str,
    out: &mut Vec<Diagnostic>,
) -> Result<(Option<Crs>, CrsSource)> {
    let parsed = match prj {
        Some(p) => {
            let text = String::from_utf8_lossy(&files::read(p)?).into_owned();
            let text = text.trim_start_matches('\u{feff}').to_string();
            Some((files::name(p), crate::prj::parse(&text)))
        }
        None => None,
    };
    Ok(match (options.crs, parsed) {
        (Some(user), Some((name, Ok(found)))) => {
            if found.crs != user {
                out.push(diag(
                    Severity::Warning,
                    &name,
                    None,
                    format!(
                        "the .prj says {}, but the stated CRS {user} is used",
                        found.crs
                    ),
                ));
            }
            (Some(user), CrsSource::User)
        }
        (Some(user), Some((name, Err(reason)))) => {
            out.push(diag(
                Severity::Info,
                &name,
                None,
                format!("the .prj is not recognised ({reason}); the stated CRS {user} is used"),
            ));
            (Some(user), CrsSource::User)
        }
        (Some(user), None) => (Some(user), CrsSource::User),
        (None, Some((name, Ok(found)))) => {
            out.extend(
                found
                    .notes
                    .into_iter()
                    .map(|n| diag(Severity::Info, &name, None, n)),
            );
            (Some(found.crs), CrsSource::Wkt)
        }
        (None, Some((name, Err(reason)))) => {
            out.push(diag(
                Severity::Warning,
                &name,
                None,
                format!("unknown CRS: {reason}; state it with --crs"),
            ));
            (None, CrsSource::Unknown)
        }
        (None, None) => {
            out.push(diag(
                Severity::Warning,
                shp_name,
                None,
                "no .prj: CRS unknown; state it with --crs",
            ));
            (None, CrsSource::Unknown)
        }
    })
}

/// Writes a layer as a polygon shapefile with attributes in the given encoding (and a `.cpg`
/// naming it): `.shp`, `.shx`, `.dbf`, `.cpg`, and a `.prj` when the layer has a CRS with an
/// ESRI WKT ([`crate::prj::to_esri_wkt`]); a stale `.prj` of the same name is removed otherwise.
///
/// Outer rings are written clockwise and holes counter-clockwise, as the specification
/// requires, whatever their orientation in the layer. Field types map to DBF types: Text → C
/// (as wide as the longest encoded value, 1–254 bytes), Integer → N(w, 0) (values of more than
/// 18 digits read back as Real), Real → N(24, 15)
/// written in the shortest form that reads back exactly (or N(w, d) when the field declares
/// width and decimals), Boolean → L, Date → D. The language driver byte is 0x4D for GBK.
///
/// # Errors
/// [`Error::UnknownEncoding`] for an unknown label; [`Error::Format`] naming the feature and
/// field for text the encoding cannot represent, values that do not fit or do not match the
/// field type, field names longer than 10 bytes, non-finite coordinates; [`Error::Io`]. Data is
/// checked before any file is created.
pub fn write(layer: &sanxian_types::Layer, path: &Path, encoding: &str) -> Result<()> {
    write::write(layer, path, encoding)
}
