//! Excel workbooks of the ledgers (rust_xlsxwriter): every code as a text cell, so that Excel
//! keeps `0101` and an 18-digit BSM as written; areas as numbers with their decimals; a frozen
//! header and filters on every sheet. Rows are streamed (constant memory); a sheet that would
//! pass Excel's 1 048 576 rows continues on a sheet of the same name with ` (2)`, ` (3)` ….
//! The document's creation time is fixed, so the same ledger gives the same bytes.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

use crate::{Error, Result};

/// Rows per sheet, the header included (Excel's limit).
const MAX_ROWS: u32 = 1_048_576;

/// How a column of a ledger is written, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Text (codes, ids, names: never turned into numbers).
    Text,
    /// A count.
    Integer,
    /// A number shown with this many decimals.
    Decimal(u8),
}

impl ColumnKind {
    /// The kind of a column by the naming of sanxian's ledgers: `planar_m2` 4 decimals, `*_m2`
    /// 2, `*_ha` 4, `*_mu` 2, `*_pct` 4; `pieces`, `count`, `features`, `pairs`, `records`,
    /// `findings`, `no` and `level` integers; everything else text.
    pub fn of(name: &str) -> ColumnKind {
        let n = name.to_ascii_lowercase();
        if n == "planar_m2" || n.ends_with("_planar_m2") {
            ColumnKind::Decimal(4)
        } else if n.ends_with("_m2") || n.ends_with("_mu") {
            ColumnKind::Decimal(2)
        } else if n.ends_with("_ha") || n.ends_with("_pct") {
            ColumnKind::Decimal(4)
        } else if matches!(
            n.as_str(),
            "pieces"
                | "count"
                | "features"
                | "pairs"
                | "records"
                | "findings"
                | "no"
                | "piece"
                | "level"
        ) {
            ColumnKind::Integer
        } else {
            ColumnKind::Text
        }
    }
}

/// One sheet being written (its parts when it passes Excel's row limit).
struct Sheet {
    name: String,
    header: Vec<String>,
    kinds: Vec<ColumnKind>,
    /// Position of its current part in the workbook.
    index: usize,
    /// Rows written in the current part, the header included.
    rows: u32,
    parts: usize,
}

/// A workbook being written.
pub struct Book {
    workbook: Workbook,
    path: PathBuf,
    sheets: Vec<Sheet>,
    header: Format,
    decimals: [Format; 5],
    integer: Format,
    /// Parts of sheets that reached the row limit: (worksheet, rows, columns).
    full: Vec<(usize, u32, u16)>,
}

/// A sheet of a [`Book`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetId(usize);

/// The error of a workbook that cannot be written.
fn err(path: &Path) -> impl FnOnce(rust_xlsxwriter::XlsxError) -> Error + '_ {
    move |e| Error::Output {
        path: path.to_path_buf(),
        message: format!("the workbook cannot be written: {e}"),
    }
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str, part: usize) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let suffix = if part > 1 {
        format!(" ({part})")
    } else {
        String::new()
    };
    let keep = 31 - suffix.chars().count();
    let mut out: String = clean.chars().take(keep).collect();
    if out.is_empty() {
        out.push_str("sheet");
    }
    out + &suffix
}

impl Book {
    /// A new workbook to be saved at `path` by [`Book::finish`].
    pub fn create(path: &Path) -> Book {
        let mut workbook = Workbook::new();
        let fixed = ExcelDateTime::from_ymd(2000, 1, 1).expect("a valid date");
        workbook.set_properties(&DocProperties::new().set_creation_datetime(&fixed));
        let decimals = [0, 1, 2, 3, 4].map(|d: usize| {
            let pattern = if d == 0 {
                "0".to_string()
            } else {
                format!("0.{}", "0".repeat(d))
            };
            Format::new().set_num_format(pattern)
        });
        Book {
            workbook,
            path: path.to_path_buf(),
            sheets: Vec::new(),
            header: Format::new().set_bold(),
            decimals,
            integer: Format::new().set_num_format("0"),
            full: Vec::new(),
        }
    }

    fn begin_part(&mut self, id: usize) -> Result<()> {
        if self.sheets[id].parts > 0 {
            let s = &self.sheets[id];
            self.full
                .push((s.index, s.rows, s.header.len().max(1) as u16));
        }
        let index = self.workbook.worksheets().len();
        let part = self.sheets[id].parts + 1;
        let name = sheet_name(&self.sheets[id].name, part);
        let header = self.sheets[id].header.clone();
        let kinds = self.sheets[id].kinds.clone();
        let head_format = self.header.clone();
        let ws = self
            .workbook
            .add_worksheet_with_constant_memory()
            .map_err(err(&self.path))?;
        let r = (|| -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
            ws.set_name(&name)?;
            ws.set_freeze_panes(1, 0)?;
            for (c, (h, kind)) in header.iter().zip(&kinds).enumerate() {
                let width = match kind {
                    ColumnKind::Text => (h.chars().count() as f64 * 1.4).clamp(8.0, 28.0),
                    _ => (h.chars().count() as f64 * 1.2).clamp(10.0, 18.0),
                };
                ws.set_column_width(c as u16, width)?;
                ws.write_string_with_format(0, c as u16, h, &head_format)?;
            }
            Ok(())
        })();
        r.map_err(err(&self.path))?;
        let s = &mut self.sheets[id];
        s.index = index;
        s.rows = 1;
        s.parts = part;
        Ok(())
    }

    /// Adds a sheet with this header (kinds by [`ColumnKind::of`]).
    ///
    /// # Errors
    /// The workbook refuses the sheet.
    pub fn sheet(&mut self, name: &str, header: &[String]) -> Result<SheetId> {
        self.sheets.push(Sheet {
            name: name.to_string(),
            header: header.to_vec(),
            kinds: header.iter().map(|h| ColumnKind::of(h)).collect(),
            index: 0,
            rows: 0,
            parts: 0,
        });
        let id = self.sheets.len() - 1;
        self.begin_part(id)?;
        Ok(SheetId(id))
    }

    /// Writes one row: text columns as text, number columns as numbers (a value that does
    /// not parse as one is written as the text it is, never lost).
    ///
    /// # Errors
    /// The workbook refuses the row.
    pub fn row<S: AsRef<str>>(&mut self, sheet: SheetId, cells: &[S]) -> Result<()> {
        if self.sheets[sheet.0].rows >= MAX_ROWS {
            self.begin_part(sheet.0)?;
        }
        // Disjoint borrows: the sheet's kinds beside the workbook, no copy per row.
        let Book {
            workbook,
            path,
            sheets,
            decimals,
            integer,
            ..
        } = self;
        let s = &mut sheets[sheet.0];
        let ws: &mut Worksheet = workbook.worksheet_from_index(s.index).map_err(err(path))?;
        for (c, cell) in cells.iter().enumerate() {
            let text = cell.as_ref();
            if text.is_empty() {
                continue;
            }
            let (row, col) = (s.rows, c as u16);
            let kind = s.kinds.get(c).copied().unwrap_or(ColumnKind::Text);
            match (kind, text.parse::<f64>()) {
                (ColumnKind::Decimal(d), Ok(x)) if x.is_finite() => {
                    // No -0 in a ledger.
                    let x = if x == 0.0 { 0.0 } else { x };
                    ws.write_number_with_format(row, col, x, &decimals[d.min(4) as usize])
                        .map_err(err(path))?;
                }
                (ColumnKind::Integer, Ok(x)) if x.is_finite() => {
                    ws.write_number_with_format(row, col, x, integer)
                        .map_err(err(path))?;
                }
                _ => {
                    ws.write_string(row, col, text).map_err(err(path))?;
                }
            }
        }
        s.rows += 1;
        Ok(())
    }

    /// Puts the filters on every sheet and saves the workbook.
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn finish(mut self) -> Result<()> {
        let mut parts = std::mem::take(&mut self.full);
        parts.extend(
            self.sheets
                .iter()
                .map(|s| (s.index, s.rows, s.header.len().max(1) as u16)),
        );
        for (i, rows, cols) in parts {
            let r = self.workbook.worksheet_from_index(i).and_then(|ws| {
                ws.autofilter(0, 0, rows.saturating_sub(1), cols - 1)
                    .map(|_| ())
            });
            r.map_err(err(&self.path))?;
        }
        self.workbook.save(&self.path).map_err(err(&self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_ledgers_names() {
        assert_eq!(ColumnKind::of("BSM"), ColumnKind::Text);
        assert_eq!(ColumnKind::of("DLBM"), ColumnKind::Text);
        assert_eq!(ColumnKind::of("ellipsoid_m2"), ColumnKind::Decimal(2));
        assert_eq!(ColumnKind::of("planar_m2"), ColumnKind::Decimal(4));
        assert_eq!(ColumnKind::of("ellipsoid_ha"), ColumnKind::Decimal(4));
        assert_eq!(ColumnKind::of("STBHHX_mu"), ColumnKind::Decimal(2));
        assert_eq!(ColumnKind::of("pieces"), ColumnKind::Integer);
    }

    #[test]
    fn sheet_names_are_what_excel_takes() {
        assert_eq!(sheet_name("a/b:c", 1), "a_b_c");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, 1).chars().count(), 31);
        assert!(sheet_name(&long, 2).ends_with(" (2)"));
        assert_eq!(sheet_name(&long, 2).chars().count(), 31);
    }
}
