//! A draft folder, entry by entry: every entry is either read as a layer (or as the companion
//! file of one) or listed with the reason it was not.
//!
//! A folder that a planning institute delivers holds the layers and much else: metadata,
//! spreadsheets, `.DS_Store`, a `.dbf` whose `.shp` was forgotten, a link that points nowhere.
//! Skipping such entries silently once dropped a whole farmland layer (its `.shp` was a
//! dangling link); so nothing is skipped without saying why.

use std::path::{Path, PathBuf};

use sanxian_types::Layer;

use crate::read::{extension, looks_like_geojson, read_path};
use crate::{escaped, Error, ReadOptions, Result};

/// An entry of a draft folder that holds no layer, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unused {
    /// The entry.
    #[serde(serialize_with = "serialize_path")]
    pub path: PathBuf,
    /// Why it was not read, in one line.
    pub reason: String,
}

fn serialize_path<S: serde::Serializer>(p: &Path, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&escaped(p))
}

/// The layers of a draft and the entries that hold none.
#[derive(Debug, Default)]
pub struct DraftFolder {
    /// Layers, in the order of their file names.
    pub layers: Vec<Layer>,
    /// Every other entry of the folder, with its reason, in file-name order.
    pub unused: Vec<Unused>,
}

/// Files that belong to a Shapefile (`<stem>.<ext>`), read with it or ignored by design.
const SHAPEFILE_PARTS: [&str; 13] = [
    "shx", "dbf", "prj", "cpg", "qix", "sbn", "sbx", "fbn", "fbx", "ain", "aih", "atx", "qmd",
];

/// Reads a draft: a folder entry by entry (every entry read or listed with its reason), or any other path
/// as [`read_path`] does.
///
/// # Errors
/// A folder that cannot be listed, and every error of reading a layer file.
pub fn read_draft(path: &Path, options: &ReadOptions) -> Result<DraftFolder> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_dir() || extension(path) == "gdb" {
        return Ok(DraftFolder {
            layers: read_path(path, options)?,
            unused: Vec::new(),
        });
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| Error::io(path, e))?
        .map(|e| e.map(|e| e.path()).map_err(|err| Error::io(path, err)))
        .collect::<Result<_>>()?;
    entries.sort();
    let mut out = DraftFolder::default();
    let mut shp_stems: Vec<String> = Vec::new();
    let mut parts: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let unused = |reason: String| Unused {
            path: entry.clone(),
            reason,
        };
        let kind = match entry_kind(&entry) {
            Ok(k) => k,
            Err(reason) => {
                out.unused.push(unused(reason));
                continue;
            }
        };
        let ext = extension(&entry);
        match kind {
            Kind::Dir if ext == "gdb" => {
                if cfg!(feature = "gdal") {
                    out.layers.extend(read_path(&entry, options)?);
                } else {
                    out.unused.push(unused(
                        "FileGDB folder: reading it needs GDAL (build sanxian with --features gdal)"
                            .into(),
                    ));
                }
            }
            Kind::Dir if is_layer_extension(&ext) => out.unused.push(unused(format!(
                "a folder named like a layer file (.{ext}), not a file"
            ))),
            Kind::Dir => out.unused.push(unused(
                "a sub-folder: a draft's layers are read from the folder itself, not from sub-folders".into(),
            )),
            Kind::Special(what) => out.unused.push(unused(format!(
                "not a regular file ({what})"
            ))),
            Kind::File => match ext.as_str() {
                "shp" => {
                    out.layers.extend(read_path(&entry, options)?);
                    shp_stems.push(stem_lower(&entry));
                }
                "geojson" => out.layers.extend(read_path(&entry, options)?),
                "json" if looks_like_geojson(&entry) => {
                    out.layers.extend(read_path(&entry, options)?)
                }
                "json" => out
                    .unused
                    .push(unused("JSON that is not GeoJSON (no FeatureCollection or geometry type in its first 4 KiB)".into())),
                e if SHAPEFILE_PARTS.contains(&e) => parts.push(entry.clone()),
                "xml" if entry.to_string_lossy().to_ascii_lowercase().ends_with(".shp.xml") => {
                    parts.push(entry.clone())
                }
                e if crate::read::OGR.contains(&e) => {
                    if cfg!(feature = "gdal") {
                        out.layers.extend(read_path(&entry, options)?);
                    } else {
                        out.unused.push(unused(format!(
                            ".{e} file: reading it needs GDAL (build sanxian with --features gdal)"
                        )));
                    }
                }
                "" => out
                    .unused
                    .push(unused("no file extension: not a layer format sanxian reads".into())),
                e => out.unused.push(unused(format!(
                    "not a layer format sanxian reads (.{e})"
                ))),
            },
        }
    }
    for part in parts {
        let stem = stem_lower(&part);
        let stem = stem.strip_suffix(".shp").unwrap_or(&stem).to_string();
        if !shp_stems.contains(&stem) {
            out.unused.push(Unused {
                reason: format!(
                    "orphan .{} file: no Shapefile '{}.shp' beside it",
                    extension(&part),
                    part.file_stem()
                        .map(|s| escaped(Path::new(s)))
                        .unwrap_or_default()
                        .trim_end_matches(".shp")
                ),
                path: part,
            });
        }
    }
    out.unused.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

enum Kind {
    File,
    Dir,
    Special(&'static str),
}

/// What an entry is, following symbolic links; why it cannot be read otherwise.
fn entry_kind(path: &Path) -> std::result::Result<Kind, String> {
    let link = std::fs::symlink_metadata(path)
        .map_err(|e| format!("cannot be inspected ({})", os_message(&e)))?;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if link.file_type().is_symlink() => {
            let target = std::fs::read_link(path)
                .map(|t| escaped(&t))
                .unwrap_or_else(|_| "?".into());
            return Err(if e.kind() == std::io::ErrorKind::NotFound {
                format!("dangling symbolic link: its target {target} does not exist")
            } else if e.raw_os_error() == Some(40) {
                format!("symbolic link loop (through {target})")
            } else {
                format!(
                    "symbolic link to {target} that cannot be followed ({})",
                    os_message(&e)
                )
            });
        }
        Err(e) => return Err(format!("cannot be inspected ({})", os_message(&e))),
    };
    let t = meta.file_type();
    if t.is_dir() {
        return Ok(Kind::Dir);
    }
    if t.is_file() {
        return Ok(Kind::File);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Ok(Kind::Special("a FIFO"));
        }
        if t.is_socket() {
            return Ok(Kind::Special("a socket"));
        }
        if t.is_block_device() || t.is_char_device() {
            return Ok(Kind::Special("a device"));
        }
    }
    Ok(Kind::Special("neither a file nor a folder"))
}

/// The OS's message without Rust's "(os error N)" suffix.
fn os_message(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn stem_lower(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

fn is_layer_extension(ext: &str) -> bool {
    matches!(ext, "shp" | "geojson" | "json") || crate::read::OGR.contains(&ext)
}
