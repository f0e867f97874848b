//! The `.shp` main file and its `.shx` index: header, locating records, decoding polygons.
//!
//! Layout (ESRI Shapefile Technical Description, 1998): a 100-byte header (big-endian file code
//! 9994 and length in 16-bit words, little-endian version, shape type and bounding box), then
//! records of an 8-byte big-endian header (record number, content length in words) and a
//! little-endian content. The `.shx` has the same header and one 8-byte entry (offset, content
//! length, both in words, big-endian) per record.

use std::ops::Range;

use geo_types::{Coord, MultiPolygon};
use sanxian_types::Severity;

use super::rings::{assemble, signed_area2, Ring};

/// Shape type codes sanxian reads as polygons.
pub(super) const POLYGON: i32 = 5;
pub(super) const POLYGON_Z: i32 = 15;
pub(super) const POLYGON_M: i32 = 25;

/// The name of a shape type code, as the specification spells it.
pub(super) fn shape_type_name(t: i32) -> &'static str {
    match t {
        0 => "Null",
        1 => "Point",
        3 => "PolyLine",
        5 => "Polygon",
        8 => "MultiPoint",
        11 => "PointZ",
        13 => "PolyLineZ",
        15 => "PolygonZ",
        18 => "MultiPointZ",
        21 => "PointM",
        23 => "PolyLineM",
        25 => "PolygonM",
        28 => "MultiPointM",
        31 => "MultiPatch",
        _ => "unknown",
    }
}

pub(super) fn be_i32(b: &[u8], at: usize) -> Option<i32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(i32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

pub(super) fn le_i32(b: &[u8], at: usize) -> Option<i32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(i32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

#[inline]
fn f64_at(s: &[u8]) -> f64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&s[..8]);
    f64::from_le_bytes(a)
}

/// The parts of a `.shp` / `.shx` header sanxian uses.
pub(super) struct Header {
    pub shape_type: i32,
    /// File length the header declares, in bytes.
    pub declared_len: u64,
    pub version: i32,
}

/// Parses a 100-byte main-file or index header; `Err` says what is wrong.
pub(super) fn parse_header(b: &[u8]) -> Result<Header, String> {
    if b.len() < 100 {
        return Err(format!(
            "file is {} bytes, shorter than the 100-byte shapefile header",
            b.len()
        ));
    }
    let code = be_i32(b, 0).unwrap_or(0);
    if code != 9994 {
        return Err(format!("not a shapefile: file code {code}, expected 9994"));
    }
    Ok(Header {
        shape_type: le_i32(b, 32).unwrap_or(0),
        declared_len: be_i32(b, 24).unwrap_or(0).max(0) as u64 * 2,
        version: le_i32(b, 28).unwrap_or(0),
    })
}

/// A located record: the number in its header and the byte range of its content.
pub(super) struct Span {
    pub number: i32,
    pub content: Range<usize>,
}

/// Why locating records stopped before the end of the file.
pub(super) struct Stop {
    /// Position (from 1) of the record concerned.
    pub record: usize,
    pub message: String,
    /// The record's header is in the file (it counts as a `.shp` record).
    pub header_present: bool,
    /// The file is cut short (rather than damaged in the middle).
    pub truncated: bool,
}

/// Records found in the `.shp`, by walking it or through the `.shx`.
pub(super) struct Located {
    pub spans: Vec<Span>,
    pub stop: Option<Stop>,
}

impl Located {
    /// Number of records in the `.shp`, a truncated one included.
    pub fn shp_count(&self) -> usize {
        self.spans.len() + usize::from(self.stop.as_ref().is_some_and(|s| s.header_present))
    }
}

const MISSING: &str = "the .shp is cut short and the rest of the file is missing";

/// Walks the records one after another from byte 100.
pub(super) fn walk(shp: &[u8]) -> Located {
    let len = shp.len();
    let mut spans = Vec::new();
    let mut pos = 100usize;
    let mut stop = None;
    while pos < len {
        let record = spans.len() + 1;
        let (Some(number), Some(words)) = (be_i32(shp, pos), be_i32(shp, pos + 4)) else {
            stop = Some(Stop {
                record,
                message: format!(
                    "record missing: the file ends inside its header at byte {pos}; {MISSING}"
                ),
                header_present: false,
                truncated: true,
            });
            break;
        };
        if words < 2 {
            stop = Some(Stop {
                record,
                message: format!(
                    "invalid record header at byte {pos} (content length {words} words): the remaining {} bytes of the .shp cannot be read without a valid .shx",
                    len - pos
                ),
                header_present: false,
                truncated: false,
            });
            break;
        }
        let clen = words as usize * 2;
        let start = pos + 8;
        if start + clen > len {
            stop = Some(Stop {
                record,
                message: format!(
                    "record truncated: its content needs {clen} bytes but the file ends after {}; {MISSING}",
                    len - start
                ),
                header_present: true,
                truncated: true,
            });
            break;
        }
        spans.push(Span {
            number,
            content: start..start + clen,
        });
        pos = start + clen;
    }
    Located { spans, stop }
}

/// Locates records through the `.shx`. `Err` says where the index disagrees with the `.shp`.
pub(super) fn index(shx: &[u8], shp: &[u8]) -> Result<Located, String> {
    parse_header(shx).map_err(|e| format!("its header is unusable ({e})"))?;
    let n = (shx.len() - 100) / 8;
    let len = shp.len();
    let mut spans = Vec::with_capacity(n);
    let mut stop = None;
    for i in 0..n {
        let e = 100 + 8 * i;
        let (Some(off), Some(words)) = (be_i32(shx, e), be_i32(shx, e + 4)) else {
            break;
        };
        let record = i + 1;
        if off < 50 || words < 2 {
            return Err(format!(
                "entry {record} gives offset {} and content length {} bytes",
                off as i64 * 2,
                words as i64 * 2
            ));
        }
        let (off, clen) = (off as usize * 2, words as usize * 2);
        let Some(hwords) = be_i32(shp, off + 4) else {
            stop = Some(Stop {
                record,
                message: format!(
                    "record missing: the .shx places it at byte {off}, past the end of the .shp ({len} bytes); {MISSING} (the .shx lists {n} records)"
                ),
                header_present: false,
                truncated: true,
            });
            break;
        };
        if hwords != words {
            return Err(format!(
                "entry {record} says the record at byte {off} has {clen} content bytes, its header says {}",
                hwords as i64 * 2
            ));
        }
        let start = off + 8;
        if start + clen > len {
            stop = Some(Stop {
                record,
                message: format!(
                    "record truncated: its content needs {clen} bytes but the file ends after {}; {MISSING} (the .shx lists {n} records)",
                    len - start
                ),
                header_present: true,
                truncated: true,
            });
            break;
        }
        spans.push(Span {
            number: be_i32(shp, off).unwrap_or(0),
            content: start..start + clen,
        });
    }
    // Offsets need not ascend (shapelib appends rewritten records at the end), but records
    // must not overlap: two entries pointing at one record mean the index is wrong.
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_unstable_by_key(|&i| spans[i].content.start);
    for w in order.windows(2) {
        let (a, b) = (&spans[w[0]], &spans[w[1]]);
        if b.content.start < a.content.end + 8 {
            let (first, second) = (w[0].min(w[1]) + 1, w[0].max(w[1]) + 1);
            return Err(format!(
                "entries {first} and {second} point at overlapping records (bytes {} and {})",
                a.content.start - 8,
                b.content.start - 8
            ));
        }
    }
    Ok(Located { spans, stop })
}

/// A decoded record: its geometry (`None` when skipped) and what happened.
pub(super) struct Decoded {
    pub geometry: Option<MultiPolygon<f64>>,
    pub notes: Vec<(Severity, String)>,
    pub shape_type: i32,
}

fn skipped(shape_type: i32, message: String) -> Decoded {
    Decoded {
        geometry: None,
        notes: vec![(Severity::Error, message)],
        shape_type,
    }
}

/// Decodes the content of one record as a (multi)polygon, dropping Z and M.
pub(super) fn decode(content: &[u8]) -> Decoded {
    let Some(t) = le_i32(content, 0) else {
        return skipped(
            0,
            format!(
                "content of {} bytes is too short for a shape type: skipped",
                content.len()
            ),
        );
    };
    match t {
        0 => return skipped(0, "empty geometry (null shape), skipped".into()),
        POLYGON | POLYGON_Z | POLYGON_M => {}
        _ => {
            return skipped(
                t,
                format!(
                    "shape type {t} ({}) in a polygon file: skipped",
                    shape_type_name(t)
                ),
            )
        }
    }
    let (Some(nparts), Some(npoints)) = (le_i32(content, 36), le_i32(content, 40)) else {
        return skipped(
            t,
            format!(
                "content of {} bytes is too short for a polygon header (44 bytes): skipped",
                content.len()
            ),
        );
    };
    if nparts < 0 || npoints < 0 {
        return skipped(
            t,
            format!("negative part or point count ({nparts} parts, {npoints} points): skipped"),
        );
    }
    if nparts == 0 || npoints == 0 {
        return skipped(
            t,
            format!("empty geometry ({nparts} parts, {npoints} points), skipped"),
        );
    }
    // In u64 so that absurd counts cannot overflow on 32-bit targets.
    let need = 44 + 4 * nparts as u64 + 16 * npoints as u64;
    if need > content.len() as u64 {
        return skipped(
            t,
            format!(
                "content of {} bytes is too short for {nparts} parts and {npoints} points ({need} bytes): skipped",
                content.len()
            ),
        );
    }
    let (nparts, npoints) = (nparts as usize, npoints as usize);
    let points_at = 44 + 4 * nparts;
    let need = points_at + 16 * npoints;
    let mut starts = Vec::with_capacity(nparts + 1);
    for p in 0..nparts {
        let s = le_i32(content, 44 + 4 * p).unwrap_or(-1);
        let prev = starts.last().copied().unwrap_or(0);
        if s < 0 || s as usize >= npoints || (s as usize) < prev {
            return skipped(
                t,
                format!(
                    "part {} starts at point {s}, outside 0..{npoints} or before the previous part: skipped",
                    p + 1
                ),
            );
        }
        starts.push(s as usize);
    }
    starts.push(npoints);
    let points = &content[points_at..need];
    let mut notes = Vec::new();
    let mut rings = Vec::with_capacity(nparts);
    let mut dropped = Vec::new();
    for p in 0..nparts {
        let bytes = &points[16 * starts[p]..16 * starts[p + 1]];
        let n = bytes.len() / 16;
        let mut coords: Vec<Coord<f64>> = Vec::with_capacity(n + 1);
        for (k, c) in bytes.chunks_exact(16).enumerate() {
            let (x, y) = (f64_at(&c[..8]), f64_at(&c[8..]));
            if !x.is_finite() || !y.is_finite() {
                let what = if x.is_nan() || y.is_nan() {
                    "NaN"
                } else {
                    "infinite"
                };
                return skipped(
                    t,
                    format!(
                        "{what} coordinate at point {} (part {}): skipped",
                        starts[p] + k + 1,
                        p + 1
                    ),
                );
            }
            coords.push(Coord { x, y });
        }
        let mut closed_it = false;
        if let (Some(&first), Some(&last)) = (coords.first(), coords.last()) {
            if first != last {
                coords.push(first);
                closed_it = true;
            }
        }
        if coords.len() < 4 {
            dropped.push(format!(
                "ring {} has {n} points (a ring needs at least 4)",
                p + 1
            ));
            continue;
        }
        if closed_it {
            notes.push((
                Severity::Warning,
                format!("ring {} is not closed: closed it", p + 1),
            ));
        }
        rings.push(Ring {
            part: p + 1,
            coords,
        });
    }
    if rings.is_empty() {
        return skipped(t, format!("{}: no ring left, skipped", dropped.join("; ")));
    }
    // A dropped ring that leaves only holes was their outer ring: the holes alone would be
    // exactly the land the record excludes.
    if !dropped.is_empty() && rings.iter().all(|r| signed_area2(&r.coords) > 0.0) {
        return skipped(
            t,
            format!("{}: only holes are left, skipped", dropped.join("; ")),
        );
    }
    for d in dropped {
        notes.push((Severity::Warning, format!("{d}: ring dropped")));
    }
    let geometry = assemble(rings, &mut notes);
    Decoded {
        geometry: Some(geometry),
        notes,
        shape_type: t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn polygon_content(t: i32, parts: &[&[(f64, f64)]]) -> Vec<u8> {
        let npoints: usize = parts.iter().map(|p| p.len()).sum();
        let mut b = Vec::new();
        b.extend(t.to_le_bytes());
        b.extend([0u8; 32]);
        b.extend((parts.len() as i32).to_le_bytes());
        b.extend((npoints as i32).to_le_bytes());
        let mut at = 0i32;
        for p in parts {
            b.extend(at.to_le_bytes());
            at += p.len() as i32;
        }
        for p in parts {
            for &(x, y) in *p {
                b.extend(x.to_le_bytes());
                b.extend(y.to_le_bytes());
            }
        }
        b
    }

    #[test]
    fn decodes_a_square_and_rejects_damage() {
        let sq = [(0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0), (0.0, 0.0)];
        let d = decode(&polygon_content(5, &[&sq]));
        assert!(d.notes.is_empty());
        assert_eq!(d.geometry.map(|g| g.0.len()), Some(1));
        let mut c = polygon_content(5, &[&sq]);
        c.truncate(c.len() - 1);
        let d = decode(&c);
        assert!(d.geometry.is_none());
        assert!(d.notes[0].1.contains("too short"), "{:?}", d.notes);
        let d = decode(&polygon_content(
            5,
            &[&[(0.0, 0.0), (0.0, 1.0), (0.0, 0.0)]],
        ));
        assert!(d.geometry.is_none());
        assert!(
            d.notes[0].1.contains("ring 1 has 3 points"),
            "{:?}",
            d.notes
        );
        let hole = [(0.2, 0.2), (0.8, 0.2), (0.8, 0.8), (0.2, 0.2)];
        let d = decode(&polygon_content(
            5,
            &[&[(0.0, 0.0), (0.0, 1.0), (0.0, 0.0)], &hole],
        ));
        assert_eq!(
            d.notes[0].1,
            "ring 1 has 3 points (a ring needs at least 4): only holes are left, skipped"
        );
        let d = decode(&polygon_content(5, &[&sq[..4]]));
        assert_eq!(d.notes[0].1, "ring 1 is not closed: closed it");
        let d = decode(&polygon_content(5, &[&sq, &[(f64::INFINITY, 0.0)]]));
        assert_eq!(
            d.notes[0].1,
            "infinite coordinate at point 6 (part 2): skipped"
        );
    }
}
