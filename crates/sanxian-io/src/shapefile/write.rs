//! Writing a layer as `.shp`, `.shx`, `.dbf`, `.cpg` and `.prj`.
//!
//! Everything that can fail on the data (field names, unencodable text, values too wide) is
//! checked before the first file is created, so a failed write leaves no half-written shapefile.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;
use geo_types::{Coord, MultiPolygon};
use sanxian_types::{Feature, FieldType, Layer, Value};

use super::rings::signed_area2;
use super::shp::POLYGON;
use crate::encoding::{display_name, ldid_for, resolve_label};
use crate::{Error, Result};

/// A DBF column as it will be written.
struct Column {
    name: Vec<u8>,
    kind: FieldType,
    width: usize,
    decimals: usize,
    /// Reals written in their shortest exact form rather than with `decimals` places.
    exact: bool,
}

/// The path of a companion file, its extension in the case of the `.shp`'s (`FOO.SHP` → `FOO.DBF`).
fn companion(path: &Path, ext: &str) -> PathBuf {
    let upper = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.chars().all(|c| c.is_ascii_uppercase()) && !e.is_empty());
    if upper {
        path.with_extension(ext.to_ascii_uppercase())
    } else {
        path.with_extension(ext)
    }
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    File::create(path)
        .map(|f| BufWriter::with_capacity(1 << 20, f))
        .map_err(|e| Error::io(path, e))
}

/// Writes `layer` as a polygon shapefile at `path` (`.shp`) with attributes in `encoding`.
pub(super) fn write(layer: &Layer, path: &Path, encoding: &str) -> Result<()> {
    let enc = resolve_label(encoding)?;
    let dbf_path = companion(path, "dbf");
    let columns = plan_columns(layer, enc, &dbf_path)?;
    for f in &layer.features {
        check_coordinates(f, path)?;
    }
    let dbf = dbf_bytes(layer, &columns, enc, &dbf_path)?;
    write_shp_shx(layer, path)?;
    let mut out = create(&dbf_path)?;
    out.write_all(&dbf)
        .and_then(|()| out.flush())
        .map_err(|e| Error::io(&dbf_path, e))?;
    let cpg = companion(path, "cpg");
    std::fs::write(&cpg, display_name(enc)).map_err(|e| Error::io(&cpg, e))?;
    let prj = companion(path, "prj");
    let wkt = layer
        .crs
        .as_ref()
        .map(crate::prj::to_esri_wkt)
        .unwrap_or_default();
    if wkt.is_empty() {
        // A .prj left over from an earlier file of the same name would state a wrong CRS.
        if prj.exists() {
            std::fs::remove_file(&prj).map_err(|e| Error::io(&prj, e))?;
        }
    } else {
        std::fs::write(&prj, wkt).map_err(|e| Error::io(&prj, e))?;
    }
    Ok(())
}

fn check_coordinates(f: &Feature, path: &Path) -> Result<()> {
    let bad = f
        .geometry
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|r| r.0.iter())
        .any(|c| !c.x.is_finite() || !c.y.is_finite());
    if bad {
        return Err(Error::format(
            path,
            format!("feature {}: a coordinate is NaN or infinite", f.id),
        ));
    }
    Ok(())
}

/// The rings of a multipolygon in shapefile order and orientation: each shell clockwise,
/// followed by its holes counter-clockwise. Empty rings are left out.
fn oriented_rings(mp: &MultiPolygon<f64>) -> Vec<(bool, &[Coord<f64>])> {
    let mut out = Vec::new();
    for p in &mp.0 {
        if p.exterior().0.is_empty() {
            continue;
        }
        let ext = &p.exterior().0[..];
        out.push((signed_area2(ext) > 0.0, ext));
        for h in p.interiors() {
            if !h.0.is_empty() {
                out.push((signed_area2(&h.0) < 0.0, &h.0[..]));
            }
        }
    }
    out
}

fn bbox<'a>(coords: impl Iterator<Item = &'a Coord<f64>>) -> Option<[f64; 4]> {
    let mut b: Option<[f64; 4]> = None;
    for c in coords {
        let v = b.get_or_insert([c.x, c.y, c.x, c.y]);
        v[0] = v[0].min(c.x);
        v[1] = v[1].min(c.y);
        v[2] = v[2].max(c.x);
        v[3] = v[3].max(c.y);
    }
    b
}

fn header(shape_type: i32, words: u64, bbox: [f64; 4], path: &Path) -> Result<[u8; 100]> {
    let words = i32::try_from(words)
        .map_err(|_| Error::format(path, "more than 4 GB: too large for the shapefile format"))?;
    let mut h = [0u8; 100];
    h[0..4].copy_from_slice(&9994i32.to_be_bytes());
    h[24..28].copy_from_slice(&words.to_be_bytes());
    h[28..32].copy_from_slice(&1000i32.to_le_bytes());
    h[32..36].copy_from_slice(&shape_type.to_le_bytes());
    for (i, v) in bbox.iter().enumerate() {
        h[36 + 8 * i..44 + 8 * i].copy_from_slice(&v.to_le_bytes());
    }
    Ok(h)
}

fn write_shp_shx(layer: &Layer, path: &Path) -> Result<()> {
    let all = layer
        .features
        .iter()
        .flat_map(|f| f.geometry.0.iter())
        .flat_map(|p| p.exterior().0.iter());
    let file_bbox = bbox(all).unwrap_or([0.0; 4]);
    let shx_path = companion(path, "shx");
    let mut shp = create(path)?;
    let mut shx = create(&shx_path)?;
    let n = layer.features.len() as u64;
    // Lengths first: both headers carry the file length.
    let mut contents = Vec::with_capacity(layer.features.len());
    let mut total_words = 50u64;
    for f in &layer.features {
        let rings = oriented_rings(&f.geometry);
        let points: usize = rings.iter().map(|r| r.1.len()).sum();
        let bytes = if rings.is_empty() {
            4
        } else {
            44 + 4 * rings.len() + 16 * points
        } as u64;
        total_words += 4 + bytes / 2;
        contents.push(bytes / 2);
    }
    let shp_err = |e| Error::io(path, e);
    let shx_err = |e| Error::io(&shx_path, e);
    shp.write_all(&header(POLYGON, total_words, file_bbox, path)?)
        .map_err(shp_err)?;
    shx.write_all(&header(POLYGON, 50 + 4 * n, file_bbox, &shx_path)?)
        .map_err(shx_err)?;
    let mut offset = 50u64;
    let mut buf = Vec::new();
    for (i, (f, &words)) in layer.features.iter().zip(&contents).enumerate() {
        let number = i32::try_from(i + 1)
            .map_err(|_| Error::format(path, "more records than the format allows"))?;
        buf.clear();
        buf.extend(number.to_be_bytes());
        buf.extend((words as i32).to_be_bytes());
        let rings = oriented_rings(&f.geometry);
        if rings.is_empty() {
            buf.extend(0i32.to_le_bytes());
        } else {
            let b = bbox(rings.iter().flat_map(|r| r.1.iter())).unwrap_or([0.0; 4]);
            let points: usize = rings.iter().map(|r| r.1.len()).sum();
            buf.extend(POLYGON.to_le_bytes());
            for v in b {
                buf.extend(v.to_le_bytes());
            }
            buf.extend((rings.len() as i32).to_le_bytes());
            buf.extend((points as i32).to_le_bytes());
            let mut start = 0i32;
            for r in &rings {
                buf.extend(start.to_le_bytes());
                start += r.1.len() as i32;
            }
            for &(reverse, coords) in &rings {
                let mut put = |c: &Coord<f64>| {
                    buf.extend(c.x.to_le_bytes());
                    buf.extend(c.y.to_le_bytes());
                };
                if reverse {
                    coords.iter().rev().for_each(&mut put);
                } else {
                    coords.iter().for_each(&mut put);
                }
            }
        }
        shp.write_all(&buf).map_err(shp_err)?;
        shx.write_all(&(offset as i32).to_be_bytes())
            .map_err(shx_err)?;
        shx.write_all(&(words as i32).to_be_bytes())
            .map_err(shx_err)?;
        offset += 4 + words;
    }
    shp.flush().map_err(shp_err)?;
    shx.flush().map_err(shx_err)?;
    Ok(())
}

/// Formats a real number to fit `width` bytes: with `decimals` places when given, otherwise in
/// the shortest form that reads back exactly; with fewer places when that is too wide.
fn format_real(x: f64, width: usize, decimals: Option<usize>) -> Option<String> {
    let first = match decimals {
        Some(d) => format!("{x:.d$}"),
        None => format!("{x}"),
    };
    if first.len() <= width {
        return Some(first);
    }
    if decimals.is_none() {
        // Very large or small magnitudes: the exponent form still reads back exactly.
        let e = format!("{x:e}");
        if e.len() <= width {
            return Some(e);
        }
    }
    (0..=decimals.unwrap_or(15).min(15))
        .rev()
        .map(|d| format!("{x:.d$}"))
        .find(|s| s.len() <= width)
}

fn plan_columns(layer: &Layer, enc: &'static Encoding, path: &Path) -> Result<Vec<Column>> {
    let mut columns = Vec::with_capacity(layer.fields.len());
    for (j, field) in layer.fields.iter().enumerate() {
        let (name, _, bad) = enc.encode(&field.name);
        if bad || name.is_empty() || name.len() > 10 {
            return Err(Error::format(
                path,
                format!(
                    "field name '{}' is {} bytes in {}; DBF field names hold 1 to 10 bytes",
                    field.name,
                    name.len(),
                    display_name(enc)
                ),
            ));
        }
        let declared = field.width.map(usize::from);
        let values = layer.features.iter().map(|f| (f, f.attributes.get(j)));
        let mut exact = false;
        let (width, decimals) = match field.field_type {
            FieldType::Text => {
                let mut w = 1usize;
                for (f, v) in values {
                    let Some(text) = text_of(v) else { continue };
                    let bytes = encode_text(enc, &text, f, &field.name, path)?;
                    if bytes.len() > 254 {
                        return Err(Error::format(
                            path,
                            format!(
                                "feature {} field {}: text of {} bytes is longer than the 254 a DBF field holds",
                                f.id,
                                field.name,
                                bytes.len()
                            ),
                        ));
                    }
                    w = w.max(bytes.len());
                }
                // A declared width above what a DBF text field holds (C255 of the standards'
                // tables) is written as the largest, 254.
                (
                    declared
                        .map(|d| d.min(254))
                        .filter(|&d| d >= w)
                        .unwrap_or(w),
                    0,
                )
            }
            FieldType::Integer => {
                let mut w = 1usize;
                for (f, v) in values {
                    if let Some(i) = integer_of(v, f, &field.name, path)? {
                        w = w.max(i.to_string().len());
                    }
                }
                let base = declared.unwrap_or(10).min(18);
                (w.max(base), 0)
            }
            FieldType::Real => match (declared, field.decimals) {
                (Some(w), Some(d)) if w <= 254 && usize::from(d) < w => (w, usize::from(d)),
                _ => {
                    exact = true;
                    (24, 15)
                }
            },
            FieldType::Boolean => (1, 0),
            FieldType::Date => (8, 0),
        };
        columns.push(Column {
            name: name.into_owned(),
            kind: field.field_type,
            width,
            decimals,
            exact,
        });
    }
    let row: usize = 1 + columns.iter().map(|c| c.width).sum::<usize>();
    if row > usize::from(u16::MAX) || 33 + 32 * columns.len() > usize::from(u16::MAX) {
        return Err(Error::format(
            path,
            format!(
                "{} fields of {row} bytes per row exceed what a DBF can hold",
                columns.len()
            ),
        ));
    }
    Ok(columns)
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::Text(s) | Value::Date(s) => Some(s.to_string()),
        other => Some(other.to_string()),
    }
}

fn encode_text(
    enc: &'static Encoding,
    text: &str,
    f: &Feature,
    field: &str,
    path: &Path,
) -> Result<Vec<u8>> {
    let (bytes, _, bad) = enc.encode(text);
    if bad {
        let first = text
            .chars()
            .find(|c| enc.encode(c.encode_utf8(&mut [0; 4])).2)
            .unwrap_or('?');
        return Err(Error::format(
            path,
            format!(
                "feature {} field {field}: '{text}' has a character {} cannot encode ('{first}'); write as UTF-8 instead",
                f.id,
                display_name(enc)
            ),
        ));
    }
    Ok(bytes.into_owned())
}

fn integer_of(v: Option<&Value>, f: &Feature, field: &str, path: &Path) -> Result<Option<i64>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Integer(i)) => Ok(Some(*i)),
        Some(Value::Real(x)) if x.fract() == 0.0 && x.abs() < 9.0e18 => Ok(Some(*x as i64)),
        Some(Value::Boolean(b)) => Ok(Some(i64::from(*b))),
        Some(other) => Err(mismatch(other, "an integer", f, field, path)),
    }
}

fn mismatch(v: &Value, want: &str, f: &Feature, field: &str, path: &Path) -> Error {
    Error::format(
        path,
        format!("feature {} field {field}: '{v}' is not {want}", f.id),
    )
}

/// The cell text of one value, right-aligned numbers and left-aligned text, `width` bytes.
fn cell(
    col: &Column,
    v: Option<&Value>,
    enc: &'static Encoding,
    f: &Feature,
    field: &str,
    path: &Path,
    out: &mut Vec<u8>,
) -> Result<()> {
    let w = col.width;
    let start = out.len();
    match col.kind {
        FieldType::Text => {
            if let Some(t) = text_of(v) {
                out.extend(encode_text(enc, &t, f, field, path)?);
            }
        }
        FieldType::Integer => {
            if let Some(i) = integer_of(v, f, field, path)? {
                out.extend(format!("{i:>w$}").bytes());
            }
        }
        FieldType::Real => {
            let x = match v {
                None | Some(Value::Null) => None,
                Some(Value::Real(x)) => Some(*x),
                Some(Value::Integer(i)) => Some(*i as f64),
                Some(other) => return Err(mismatch(other, "a number", f, field, path)),
            };
            if let Some(x) = x.filter(|x| x.is_finite()) {
                let d = (!col.exact).then_some(col.decimals);
                let s = format_real(x, w, d).ok_or_else(|| {
                    Error::format(
                        path,
                        format!(
                            "feature {} field {field}: {x} does not fit in {w} characters",
                            f.id
                        ),
                    )
                })?;
                out.extend(format!("{s:>w$}").bytes());
            }
        }
        FieldType::Boolean => out.push(match v {
            Some(Value::Boolean(true)) => b'T',
            Some(Value::Boolean(false)) => b'F',
            None | Some(Value::Null) => b'?',
            Some(other) => return Err(mismatch(other, "true or false", f, field, path)),
        }),
        FieldType::Date => match v {
            None | Some(Value::Null) => {}
            Some(Value::Date(s)) | Some(Value::Text(s)) => {
                let digits: String = s.chars().filter(|c| *c != '-').collect();
                if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(mismatch(
                        &Value::Text(s.clone()),
                        "a date (YYYY-MM-DD)",
                        f,
                        field,
                        path,
                    ));
                }
                out.extend(digits.bytes());
            }
            Some(other) => return Err(mismatch(other, "a date (YYYY-MM-DD)", f, field, path)),
        },
    }
    out.resize(start + w, b' ');
    Ok(())
}

/// The DBF header's "last update" as (years since 1900, month, day).
///
/// Not today's date: the same layer must give the same bytes on any day. The date is taken from
/// `SOURCE_DATE_EPOCH` (the reproducible-builds convention) when set, else 2000-01-01.
fn header_date() -> [u8; 3] {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(946_684_800);
    // Days to civil date (H. Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    [(y - 1900).clamp(0, 255) as u8, m as u8, d as u8]
}

/// The whole `.dbf`, built in memory so that a bad value stops the write before any file exists.
fn dbf_bytes(
    layer: &Layer,
    columns: &[Column],
    enc: &'static Encoding,
    path: &Path,
) -> Result<Vec<u8>> {
    let rows = u32::try_from(layer.features.len())
        .map_err(|_| Error::format(path, "more rows than a DBF can hold"))?;
    let header_len = 32 + 32 * columns.len() + 1;
    let record_len = 1 + columns.iter().map(|c| c.width).sum::<usize>();
    let mut out = Vec::with_capacity(header_len + record_len * layer.features.len() + 1);
    out.extend([0x03]);
    out.extend(header_date());
    out.extend(rows.to_le_bytes());
    out.extend((header_len as u16).to_le_bytes());
    out.extend((record_len as u16).to_le_bytes());
    out.extend([0u8; 17]);
    out.push(ldid_for(enc));
    out.extend([0u8; 2]);
    for c in columns {
        let mut d = [0u8; 32];
        d[..c.name.len()].copy_from_slice(&c.name);
        d[11] = match c.kind {
            FieldType::Text => b'C',
            FieldType::Integer | FieldType::Real => b'N',
            FieldType::Boolean => b'L',
            FieldType::Date => b'D',
        };
        d[16] = (c.width & 0xFF) as u8;
        d[17] = if c.kind == FieldType::Text {
            (c.width >> 8) as u8
        } else {
            c.decimals as u8
        };
        out.extend(d);
    }
    out.push(0x0D);
    for f in &layer.features {
        if f.attributes.len() != columns.len() {
            return Err(Error::format(
                path,
                format!(
                    "feature {} has {} attributes for {} fields",
                    f.id,
                    f.attributes.len(),
                    columns.len()
                ),
            ));
        }
        out.push(b' ');
        for ((c, field), v) in columns.iter().zip(&layer.fields).zip(&f.attributes) {
            cell(c, Some(v), enc, f, &field.name, path, &mut out)?;
        }
    }
    out.push(0x1A);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reals_format_exactly_or_with_declared_decimals() {
        assert_eq!(format_real(0.1, 24, None).as_deref(), Some("0.1"));
        assert_eq!(format_real(1234.5, 24, Some(2)).as_deref(), Some("1234.50"));
        assert_eq!(format_real(1e-30, 24, None).as_deref(), Some("1e-30"));
        assert_eq!(format_real(-1.5e300, 24, None).as_deref(), Some("-1.5e300"));
        assert_eq!(
            format_real(1e9 + 0.25, 24, Some(15)).as_deref(),
            Some("1000000000.2500000000000")
        );
        assert_eq!(format_real(1e30, 24, Some(2)), None);
    }

    #[test]
    fn companions_follow_the_case_of_the_extension() {
        assert_eq!(
            companion(Path::new("a/FOO.SHP"), "dbf"),
            Path::new("a/FOO.DBF")
        );
        assert_eq!(
            companion(Path::new("a/foo.shp"), "dbf"),
            Path::new("a/foo.dbf")
        );
    }
}
