#![doc = include_str!("../README.md")]
// `deny`, not `forbid`: `ogr` allows it for two OGR calls the gdal crate does not wrap.
#![deny(unsafe_code)]

pub mod csv;
pub mod domain;
pub mod encoding;
mod error;
mod folder;
pub mod geojson;
pub mod inspect;
pub mod ledger;
#[cfg(feature = "gdal")]
pub mod ogr;
pub mod output;
pub mod prj;
mod read;
pub mod reproject;
mod rings;
pub mod shapefile;
pub mod xlsx;

pub use error::{Error, Result};
pub use folder::{read_draft, DraftFolder, Unused};
pub use read::{read_layer, read_path, ReadOptions};

use std::path::Path;

/// A path as messages show it: as is when it is valid Unicode, with each byte that is not shown
/// as `\xNN` (where `Path::display` would print `�` and lose which byte it was).
///
/// ```
/// use std::path::Path;
/// assert_eq!(sanxian_io::escaped(Path::new("testdata/永久基本农田.shp")), "testdata/永久基本农田.shp");
/// # #[cfg(unix)] {
/// use std::os::unix::ffi::OsStrExt;
/// let gbk = std::ffi::OsStr::from_bytes(b"\xd3\xc0.shp"); // 永 in GBK
/// assert_eq!(sanxian_io::escaped(Path::new(gbk)), "\\xd3\\xc0.shp");
/// # }
/// ```
pub fn escaped(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::fmt::Write;
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.display().to_string()
    }
}
