//! CSV ledgers that open in Excel: UTF-8 with a byte-order mark, so Chinese text shows.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use sanxian_types::Layer;

use crate::{Error, Result};

/// A CSV file being written, UTF-8 with BOM.
pub struct CsvWriter {
    inner: csv::Writer<BufWriter<File>>,
    path: PathBuf,
}

impl CsvWriter {
    /// Creates the file and writes the BOM and the header row.
    pub fn create<I, S>(path: &Path, header: I) -> Result<CsvWriter>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        let file = File::create(path).map_err(|e| Error::io(path, e))?;
        let mut buf = BufWriter::new(file);
        buf.write_all(b"\xEF\xBB\xBF")
            .map_err(|e| Error::io(path, e))?;
        let mut w = CsvWriter {
            inner: csv::WriterBuilder::new().from_writer(buf),
            path: path.to_path_buf(),
        };
        w.row(header)?;
        Ok(w)
    }

    /// Writes one row.
    pub fn row<I, S>(&mut self, fields: I) -> Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        self.inner.write_record(fields).map_err(|e| self.error(e))
    }

    /// Flushes and closes the file.
    pub fn finish(mut self) -> Result<()> {
        self.inner.flush().map_err(|e| Error::io(&self.path, e))
    }

    fn error(&self, e: csv::Error) -> Error {
        match e.into_kind() {
            csv::ErrorKind::Io(io) => Error::io(&self.path, io),
            other => Error::format(&self.path, format!("{other:?}")),
        }
    }
}

/// Writes a layer's attribute table (with the feature id columns first) as CSV.
pub fn write_attributes(layer: &Layer, path: &Path) -> Result<()> {
    let header = ["source", "record"]
        .into_iter()
        .map(str::to_string)
        .chain(layer.fields.iter().map(|f| f.name.clone()));
    let mut w = CsvWriter::create(path, header)?;
    for f in &layer.features {
        let row = [f.id.source.to_string(), f.id.record.to_string()]
            .into_iter()
            .chain(f.attributes.iter().map(|v| v.to_string()));
        w.row(row)?;
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_bom_and_quotes() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        let mut w = CsvWriter::create(&p, ["名称", "面积"]).unwrap();
        w.row(["永久基本农田, 一号", "1.5"]).unwrap();
        w.finish().unwrap();
        let bytes = std::fs::read(&p).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(text, "名称,面积\n\"永久基本农田, 一号\",1.5\n");
    }
}
