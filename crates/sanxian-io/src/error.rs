use std::path::PathBuf;

use thiserror::Error;

/// Errors that stop a file from being read or written at all.
///
/// Problems with single records do not stop a read: they become [`sanxian_types::Diagnostic`]s
/// on the layer, listing what was skipped or changed and why.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// The operating system refused a file operation. The OS message is part of this
    /// message, not a separate source, so that it is not printed twice.
    #[error("{}: {}", crate::escaped(path), os_message(cause))]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        cause: std::io::Error,
    },
    /// An output folder that cannot be written as asked (not sanxian's, held by another run).
    #[error("{}: {message}", crate::escaped(path))]
    Output {
        /// The folder.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// A path given by the user does not exist.
    #[error("{}: no such file or folder", crate::escaped(path))]
    NotFound {
        /// The path.
        path: PathBuf,
    },
    /// A file that the format requires is missing (e.g. the `.dbf` of a shapefile).
    #[error("{}: missing {what}: {hint}", crate::escaped(path))]
    MissingCompanion {
        /// The main file.
        path: PathBuf,
        /// What is missing, e.g. `attribute table (.dbf)`.
        what: String,
        /// What to do.
        hint: String,
    },
    /// The file is not of the format it claims, or is damaged beyond use.
    #[error("{}: {message}", crate::escaped(path))]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong, naming the record or byte offset where possible.
        message: String,
    },
    /// The CRS of the file could not be recognised and none was stated.
    #[error(
        "{}: unknown CRS: {message}; state it with --crs EPSG:CODE",
        crate::escaped(path)
    )]
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
    #[error("{}: unsupported format: {hint}", crate::escaped(path))]
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
    #[error("{}: GDAL: {cause}", crate::escaped(path))]
    Gdal {
        /// The file.
        path: PathBuf,
        /// GDAL's error (part of the message, not a separate source).
        cause: gdal::errors::GdalError,
    },
}

/// The OS's message without Rust's " (os error N)" suffix.
fn os_message(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, cause: std::io::Error) -> Self {
        let path = path.into();
        if cause.kind() == std::io::ErrorKind::NotFound {
            return Error::NotFound { path };
        }
        Error::Io { path, cause }
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
