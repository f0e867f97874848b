//! A ledger: one table written as CSV (UTF-8 with BOM) and as an Excel workbook beside it
//! (same name, `.xlsx`), so that every command's tables open in Excel with their codes intact.

use std::path::Path;

use crate::csv::CsvWriter;
use crate::xlsx::{Book, SheetId};
use crate::Result;

/// A CSV ledger and its workbook, written row by row.
pub struct Ledger {
    csv: CsvWriter,
    book: Book,
    sheet: SheetId,
}

impl Ledger {
    /// Creates `path` (CSV) and the workbook `path` with `.xlsx` (one sheet named `sheet`),
    /// each with the header row.
    ///
    /// # Errors
    /// A file cannot be created.
    pub fn create(path: &Path, sheet: &str, header: &[String]) -> Result<Ledger> {
        let csv = CsvWriter::create(path, header)?;
        let mut book = Book::create(&path.with_extension("xlsx"));
        let sheet = book.sheet(sheet, header)?;
        Ok(Ledger { csv, book, sheet })
    }

    /// Writes one row to both.
    ///
    /// # Errors
    /// A file cannot be written.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> Result<()> {
        self.csv.row(cells.iter().map(|c| c.as_ref().as_bytes()))?;
        self.book.row(self.sheet, cells)
    }

    /// Closes both files.
    ///
    /// # Errors
    /// A file cannot be written.
    pub fn finish(self) -> Result<()> {
        self.csv.finish()?;
        self.book.finish()
    }
}
