use std::path::PathBuf;

use thiserror::Error;

/// Errors that stop a file from being read or written at all.
///
/// Problems with single records do not stop a read: they become [`sanxian_types::Diagnostic`]s
/// on the layer, listing what was skipped or changed and why.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// The operating system refused a file operation.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file that the format requires is missing (e.g. the `.dbf` of a shapefile).
    #[error("{}: missing {what}: {hint}", path.display())]
    MissingCompanion {
        /// The main file.
        path: PathBuf,
        /// What is missing, e.g. `attribute table (.dbf)`.
        what: String,
        /// What to do.
        hint: String,
    },
    /// The file is not of the format it claims, or is damaged beyond use.
    #[error("{}: {message}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong, naming the record or byte offset where possible.
        message: String,
    },
    /// The CRS of the file could not be recognised and none was stated.
    #[error("{}: unknown CRS: {message}; state it with --crs EPSG:CODE", path.display())]
    UnknownCrs {
        /// The file.
        path: PathBuf,
        /// What was found instead.
        message: String,
    },
    /// A text encoding was named that sanxian does not know.
    #[error("unknown text encoding '{0}': use UTF-8, GBK, GB18030, CP936 or another WHATWG label")]
    UnknownEncoding(String),
    /// The file's format is not supported (without the gdal feature, only Shapefile and GeoJSON).
    #[error("{}: unsupported format: {hint}", path.display())]
    UnsupportedFormat {
        /// The file.
        path: PathBuf,
        /// What to do.
        hint: String,
    },
    /// A coordinate transformation between two CRSs is not possible.
    #[error("cannot transform from {from} to {to}: {message}")]
    Transform {
        /// Source CRS.
        from: String,
        /// Target CRS.
        to: String,
        /// Why.
        message: String,
    },
    /// An error reported by GDAL.
    #[cfg(feature = "gdal")]
    #[error("{}: GDAL: {source}", path.display())]
    Gdal {
        /// The file.
        path: PathBuf,
        /// GDAL's error.
        #[source]
        source: gdal::errors::GdalError,
    },
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn format(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Error::Format {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// Result with the io [`Error`](enum@Error).
pub type Result<T, E = Error> = std::result::Result<T, E>;
