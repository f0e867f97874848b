//! Finding the companion files of a `.shp`: `FOO.SHP` goes with `foo.dbf` and `Foo.Shx`.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The companion files found next to a `.shp`.
#[derive(Debug, Default)]
pub(super) struct Companions {
    pub shx: Option<PathBuf>,
    pub dbf: Option<PathBuf>,
    pub prj: Option<PathBuf>,
    pub cpg: Option<PathBuf>,
}

/// Looks for `<stem>.shx|dbf|prj|cpg` next to `shp`, extension and stem compared
/// case-insensitively; an exact-case stem wins over other spellings.
pub(super) fn find(shp: &Path) -> Result<Companions> {
    let dir = match shp.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let stem = shp.file_stem().unwrap_or_default();
    let stem_lower = stem.to_string_lossy().to_lowercase();
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    // (extension, exact stem?, file name, path)
    let mut found: Vec<(String, bool, PathBuf)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let (Some(s), Some(ext)) = (path.file_stem(), path.extension()) else {
            continue;
        };
        let ext = ext.to_string_lossy().to_ascii_lowercase();
        if !matches!(ext.as_str(), "shx" | "dbf" | "prj" | "cpg") {
            continue;
        }
        let exact = s == stem;
        if exact || s.to_string_lossy().to_lowercase() == stem_lower {
            found.push((ext, exact, path));
        }
    }
    // Exact stems first, then by name, so the choice does not depend on directory order.
    found.sort_by(|a, b| (!a.1, a.2.file_name()).cmp(&(!b.1, b.2.file_name())));
    let mut c = Companions::default();
    for (ext, _, path) in found {
        let slot = match ext.as_str() {
            "shx" => &mut c.shx,
            "dbf" => &mut c.dbf,
            "prj" => &mut c.prj,
            _ => &mut c.cpg,
        };
        if slot.is_none() {
            *slot = Some(path);
        }
    }
    Ok(c)
}

/// The file name of a path, for messages and feature ids.
pub(super) fn name(path: &Path) -> String {
    path.file_name()
        .unwrap_or(OsStr::new(""))
        .to_string_lossy()
        .into_owned()
}

/// Reads a whole file.
pub(super) fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io(path, e))
}
