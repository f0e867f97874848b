//! Reading the `.dbf` attribute table (dBase III+, as shapefiles use it).
//!
//! Header: version, date, row count (u32 LE at 4), header length (u16 LE at 8), row length
//! (u16 LE at 10), language driver id (byte 29), then 32-byte field descriptors ended by 0x0D.
//! Rows follow the header: a deletion flag (`*` = deleted) and fixed-width ASCII-padded fields.

use encoding_rs::Encoding;
use sanxian_types::{Field, FieldType, Severity, Text, Value};

use crate::encoding::{classify, decode, TextKind};

/// How a DBF field is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    Text,
    Integer,
    Real,
    Boolean,
    Date,
}

/// A field descriptor as found.
pub(super) struct DbfField {
    name: Vec<u8>,
    type_code: u8,
    column: Column,
    offset: usize,
    width: usize,
    decimals: u8,
}

/// A parsed `.dbf` held in memory.
pub(super) struct Dbf<'a> {
    data: &'a [u8],
    /// Language driver id (header byte 29).
    pub ldid: u8,
    /// Rows present in the file.
    pub rows: usize,
    header_len: usize,
    record_len: usize,
    fields: Vec<DbfField>,
}

fn u16_le(b: &[u8], at: usize) -> usize {
    b.get(at..at + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]) as usize)
        .unwrap_or(0)
}

/// The field value without the padding writers put around it.
fn trim(raw: &[u8]) -> &[u8] {
    let end = raw
        .iter()
        .rposition(|&b| b != b' ' && b != 0)
        .map_or(0, |i| i + 1);
    let raw = &raw[..end];
    let start = raw.iter().position(|&b| b != b' ').unwrap_or(raw.len());
    &raw[start..]
}

fn type_name(code: u8) -> &'static str {
    match code {
        b'M' => "memo",
        b'G' => "general/OLE",
        b'B' => "binary",
        b'I' => "binary integer",
        b'O' => "binary double",
        b'Y' => "currency",
        b'T' | b'@' => "date-time",
        b'+' => "autoincrement",
        b'V' => "varchar",
        _ => "unknown",
    }
}

impl<'a> Dbf<'a> {
    /// Parses the header; `Err` says why the table cannot be read at all.
    pub fn parse(data: &'a [u8]) -> Result<(Dbf<'a>, Vec<(Severity, String)>), String> {
        let len = data.len();
        if len < 32 {
            return Err(format!(
                "file is {len} bytes, shorter than the 32-byte DBF header"
            ));
        }
        let declared_rows = u32::from_le_bytes([data[4], data[5], data[6], data[7]]) as usize;
        let header_len = u16_le(data, 8);
        let record_len = u16_le(data, 10);
        if header_len < 33 || header_len > len {
            return Err(format!(
                "header length {header_len} is impossible for a file of {len} bytes"
            ));
        }
        if record_len == 0 {
            return Err("row length is 0".into());
        }
        let mut notes = Vec::new();
        let mut fields = Vec::new();
        let mut offset = 1usize;
        let mut at = 32;
        while at + 32 <= header_len && data[at] != 0x0D {
            let d = &data[at..at + 32];
            let name_end = d[..11].iter().position(|&b| b == 0).unwrap_or(11);
            let type_code = d[11].to_ascii_uppercase();
            // shapelib reads the decimals byte of non-numeric fields as the high byte of the
            // width (Clipper's long character fields).
            let (width, decimals) = match type_code {
                b'N' | b'F' => (d[16] as usize, d[17]),
                _ => (d[16] as usize + 256 * d[17] as usize, 0),
            };
            let column = match type_code {
                b'C' => Column::Text,
                b'N' if decimals == 0 && width <= 18 => Column::Integer,
                b'N' | b'F' => Column::Real,
                b'L' => Column::Boolean,
                b'D' => Column::Date,
                _ => Column::Text,
            };
            fields.push(DbfField {
                name: d[..name_end].to_vec(),
                type_code,
                column,
                offset,
                width,
                decimals,
            });
            offset += width;
            at += 32;
        }
        if offset > record_len {
            return Err(format!(
                "its fields need {offset} bytes per row but the header gives rows of {record_len} bytes"
            ));
        }
        if offset < record_len {
            notes.push((
                Severity::Warning,
                format!(
                    "rows are {record_len} bytes but the fields fill only {offset}: the rest is ignored"
                ),
            ));
        }
        let present = (len - header_len) / record_len;
        let rows = declared_rows.min(present);
        if rows < declared_rows {
            notes.push((
                Severity::Warning,
                format!(
                    "the .dbf header declares {declared_rows} rows but the file holds only {rows}: the .dbf is cut short"
                ),
            ));
        }
        let dbf = Dbf {
            data,
            ldid: data[29],
            rows,
            header_len,
            record_len,
            fields,
        };
        Ok((dbf, notes))
    }

    fn row(&self, i: usize) -> &'a [u8] {
        let start = self.header_len + i * self.record_len;
        self.data
            .get(start..start + self.record_len)
            .unwrap_or_default()
    }

    fn value_bytes(&self, row: &'a [u8], f: &DbfField) -> &'a [u8] {
        row.get(f.offset..f.offset + f.width).unwrap_or_default()
    }

    /// What the text of the table (field names and text values) looks like, for detection.
    pub fn classify_text(&self) -> TextKind {
        let text: Vec<&DbfField> = self
            .fields
            .iter()
            .filter(|f| f.column == Column::Text)
            .collect();
        let names = self.fields.iter().map(|f| &f.name[..]);
        let values = (0..self.rows).flat_map(|i| {
            let row = self.row(i);
            text.iter().map(move |f| trim(self.value_bytes(row, f)))
        });
        classify(names.chain(values))
    }

    /// The layer's fields, names decoded; notes on names that do not decode and on field types
    /// read as text.
    pub fn layer_fields(
        &self,
        encoding: &'static Encoding,
        label: &str,
        notes: &mut Vec<(Severity, String)>,
    ) -> Vec<Field> {
        self.fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let (name, bad) = decode(encoding, trim(&f.name));
                let mut name = name.into_owned();
                if bad {
                    notes.push((
                        Severity::Warning,
                        format!(
                            "field {} name has bytes that are not valid {label}: replaced with U+FFFD",
                            i + 1
                        ),
                    ));
                }
                if name.is_empty() {
                    name = format!("FIELD{}", i + 1);
                    notes.push((
                        Severity::Warning,
                        format!("field {} has no name: called it {name}", i + 1),
                    ));
                }
                let known = matches!(f.type_code, b'C' | b'N' | b'F' | b'L' | b'D');
                if !known {
                    notes.push((
                        Severity::Warning,
                        format!(
                            "field {name} has DBF type {} ({}), read as text",
                            if f.type_code.is_ascii_graphic() {
                                format!("'{}'", f.type_code as char)
                            } else {
                                format!("byte 0x{:02X}", f.type_code)
                            },
                            type_name(f.type_code)
                        ),
                    ));
                }
                let field_type = match f.column {
                    Column::Text => FieldType::Text,
                    Column::Integer => FieldType::Integer,
                    Column::Real => FieldType::Real,
                    Column::Boolean => FieldType::Boolean,
                    Column::Date => FieldType::Date,
                };
                Field {
                    name,
                    field_type,
                    width: Some(f.width.min(u16::MAX as usize) as u16),
                    decimals: matches!(f.type_code, b'N' | b'F').then_some(f.decimals),
                }
            })
            .collect()
    }

    /// Reads row `i` (from 0). `names` are the decoded field names for messages.
    pub fn read_row(
        &self,
        i: usize,
        encoding: &'static Encoding,
        label: &str,
        names: &[String],
        notes: &mut Vec<(Severity, String)>,
    ) -> Vec<Value> {
        let row = self.row(i);
        if row.first() == Some(&b'*') {
            notes.push((
                Severity::Warning,
                "the .dbf row is marked deleted: attributes read as null, the shape is kept"
                    .to_string(),
            ));
            return vec![Value::Null; self.fields.len()];
        }
        self.fields
            .iter()
            .zip(names)
            .map(|(f, name)| {
                let t = trim(self.value_bytes(row, f));
                parse_value(f.column, t, encoding, label, name, notes)
            })
            .collect()
    }
}

fn parse_value(
    column: Column,
    t: &[u8],
    encoding: &'static Encoding,
    label: &str,
    name: &str,
    notes: &mut Vec<(Severity, String)>,
) -> Value {
    let mut unreadable = |what: &str| {
        notes.push((
            Severity::Warning,
            format!(
                "field {name}: '{}' is not {what}: read as null",
                String::from_utf8_lossy(t)
            ),
        ));
        Value::Null
    };
    match column {
        Column::Text => {
            if t.is_empty() {
                return Value::Null;
            }
            let (s, bad) = decode(encoding, t);
            if bad {
                notes.push((
                    Severity::Warning,
                    format!("field {name}: bytes that are not valid {label}: replaced with U+FFFD"),
                ));
            }
            Value::Text(Text::from(&*s))
        }
        Column::Integer | Column::Real => {
            if t.is_empty() || t.iter().all(|&b| b == b'*') {
                return Value::Null;
            }
            let Ok(s) = std::str::from_utf8(t) else {
                return unreadable("a number");
            };
            if column == Column::Integer {
                if let Ok(v) = s.parse::<i64>() {
                    return Value::Integer(v);
                }
                return match s.parse::<f64>() {
                    Ok(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.0e18 => {
                        Value::Integer(x as i64)
                    }
                    _ => unreadable("an integer"),
                };
            }
            match s.parse::<f64>() {
                Ok(x) if x.is_finite() => Value::Real(x),
                _ => unreadable("a number"),
            }
        }
        Column::Boolean => match t.first() {
            None | Some(b'?') => Value::Null,
            Some(b'T' | b't' | b'Y' | b'y') => Value::Boolean(true),
            Some(b'F' | b'f' | b'N' | b'n') => Value::Boolean(false),
            Some(_) => unreadable("a logical value (T/F/Y/N/?)"),
        },
        Column::Date => {
            if t.is_empty() || t.iter().all(|&b| b == b'0') {
                return Value::Null;
            }
            let digits: Vec<u8> = t.iter().copied().filter(|&b| b != b'-').collect();
            let ok = digits.len() == 8
                && (t.len() == 8 || (t.len() == 10 && t[4] == b'-' && t[7] == b'-'))
                && digits.iter().all(u8::is_ascii_digit);
            let num = |r: std::ops::Range<usize>| {
                digits[r]
                    .iter()
                    .fold(0u32, |a, &b| a * 10 + u32::from(b - b'0'))
            };
            if !ok || !(1..=12).contains(&num(4..6)) || !(1..=31).contains(&num(6..8)) {
                return unreadable("a date (YYYYMMDD)");
            }
            let d = String::from_utf8_lossy(&digits);
            Value::Date(format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8]).into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(column: Column, raw: &[u8]) -> (Value, Vec<(Severity, String)>) {
        let mut notes = Vec::new();
        let v = parse_value(column, trim(raw), encoding_rs::GBK, "GBK", "F", &mut notes);
        (v, notes)
    }

    #[test]
    fn values_parse_like_gdal() {
        assert_eq!(value(Column::Integer, b"   42").0, Value::Integer(42));
        assert_eq!(value(Column::Integer, b"  -7.0").0, Value::Integer(-7));
        assert_eq!(value(Column::Integer, b"     ").0, Value::Null);
        assert_eq!(value(Column::Integer, b"*****").0, Value::Null);
        let (v, n) = value(Column::Real, b" 1.2.3");
        assert_eq!(v, Value::Null);
        assert_eq!(n[0].1, "field F: '1.2.3' is not a number: read as null");
        assert_eq!(value(Column::Real, b"  12.50").0, Value::Real(12.5));
        assert_eq!(value(Column::Boolean, b"?").0, Value::Null);
        assert_eq!(value(Column::Boolean, b"y").0, Value::Boolean(true));
        assert_eq!(
            value(Column::Date, b"20231231").0,
            Value::Date("2023-12-31".into())
        );
        assert_eq!(value(Column::Date, b"00000000").0, Value::Null);
        assert_eq!(value(Column::Date, b"20231331").0, Value::Null);
        assert_eq!(value(Column::Text, b"  ").0, Value::Null);
        let (v, n) = value(Column::Text, &[0xBA, 0xDA, 0xC1, 0xFA, b' ', b' ']);
        assert_eq!(v, Value::Text("黑龙".into()));
        assert!(n.is_empty());
    }
}
