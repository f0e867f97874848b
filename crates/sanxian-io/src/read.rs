//! Reading any supported file into [`Layer`]s, and finding the layers of a draft folder.

use std::path::{Path, PathBuf};

use sanxian_types::{Crs, Layer, LayerKind};

use crate::{Error, Result};

/// What a user may state about an input instead of letting sanxian detect it.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The layer kind; otherwise recognised from the file or layer name ([`LayerKind::recognise`]),
    /// falling back to [`LayerKind::Other`].
    pub kind: Option<LayerKind>,
    /// The CRS; overrides whatever the file declares (a warning says when they differ).
    pub crs: Option<Crs>,
    /// Text encoding label for shapefile attributes (`GBK`, `UTF-8` …); overrides `.cpg`,
    /// the DBF language byte and detection.
    pub encoding: Option<String>,
}

/// File extensions sanxian reads without GDAL.
/// Extensions read through GDAL when the `gdal` feature is on.
pub(crate) const OGR: [&str; 6] = ["gpkg", "gdb", "kml", "gml", "sqlite", "tab"];

pub(crate) fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Splits `file.gpkg:layer` into the file and the layer name, when `path` itself does not
/// exist but the part before one of its `:` does (the first such `:`, so `C:\d\a.gpkg:x` and
/// layer names containing `:` work). `None` for every other path.
pub(crate) fn split_layer_path(path: &Path) -> Option<(PathBuf, String)> {
    if path.exists() {
        return None;
    }
    let s = path.to_str()?;
    s.match_indices(':').find_map(|(i, _)| {
        let (file, layer) = (&s[..i], &s[i + 1..]);
        (!file.is_empty() && !layer.is_empty() && Path::new(file).exists())
            .then(|| (PathBuf::from(file), layer.to_string()))
    })
}

/// Reads every layer a path holds: one for a Shapefile or GeoJSON file, all of them for a
/// container such as a GeoPackage (gdal feature), and every supported file of a folder.
///
/// With the gdal feature, `file.gpkg:layer` (or `folder.gdb:layer`) reads one layer of a
/// container; see the `ogr` module.
pub fn read_path(path: &Path, options: &ReadOptions) -> Result<Vec<Layer>> {
    if path.is_dir() && extension(path) != "gdb" {
        // Each file of the folder is read (and checked) by `read_path` itself.
        return Ok(crate::folder::read_draft(path, options)?.layers);
    }
    let mut layers = read_any(path, options)?;
    for l in &mut layers {
        crate::domain::check_domain(l)?;
    }
    Ok(layers)
}

fn read_any(path: &Path, options: &ReadOptions) -> Result<Vec<Layer>> {
    #[cfg(feature = "gdal")]
    if split_layer_path(path).is_some() {
        return crate::ogr::read(path, options);
    }
    #[cfg(not(feature = "gdal"))]
    if let Some((file, _)) = split_layer_path(path) {
        return Err(Error::UnsupportedFormat {
            path: file,
            hint: "naming a layer (file:layer) needs GDAL: build sanxian with --features gdal"
                .into(),
        });
    }
    if !path.exists() && std::fs::symlink_metadata(path).is_err() {
        return Err(Error::NotFound {
            path: path.to_path_buf(),
        });
    }
    match extension(path).as_str() {
        "shp" => Ok(vec![crate::shapefile::read(path, options)?]),
        "geojson" | "json" => Ok(vec![crate::geojson::read(path, options)?]),
        #[cfg(feature = "gdal")]
        _ => crate::ogr::read(path, options),
        #[cfg(not(feature = "gdal"))]
        ext => Err(Error::UnsupportedFormat {
            path: path.to_path_buf(),
            hint: if ext.is_empty() {
                "give a .shp, .geojson or .json file, or a folder of them".into()
            } else {
                format!(
                    "'.{ext}' needs GDAL: build sanxian with --features gdal, or convert to Shapefile or GeoJSON"
                )
            },
        }),
    }
}

/// Reads a single layer; an error when the path holds none or several.
pub fn read_layer(path: &Path, options: &ReadOptions) -> Result<Layer> {
    let mut layers = read_path(path, options)?;
    match layers.len() {
        1 => Ok(layers.remove(0)),
        0 => Err(Error::format(path, "holds no layer")),
        n => Err(Error::format(
            path,
            format!("holds {n} layers; name one (path:layer) or pass the folder"),
        )),
    }
}

/// Whether the start of a `.json` file names a GeoJSON type.
pub(crate) fn looks_like_geojson(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4096];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..n]);
    [
        "FeatureCollection",
        "\"Feature\"",
        "\"Polygon\"",
        "\"MultiPolygon\"",
    ]
    .iter()
    .any(|t| head.contains(t))
}
