//! The error type of the conflict engine.

use thiserror::Error;

/// Why an overlap job could not run at all.
///
/// Problems with single features (invalid or non-finite geometry) are not errors: they are
/// reported in [`crate::OverlapReport`] as repairs or as pairs that could not be computed, and
/// the job goes on.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// A layer has no CRS, so its units cannot be known.
    #[error("layer '{layer}' has no CRS: state it (e.g. EPSG:4527) and reproject every layer to one projected CRS before the overlap")]
    UnknownCrs {
        /// The layer name.
        layer: String,
    },
    /// A layer is in longitude/latitude; areas in m² need projected coordinates.
    #[error("layer '{layer}' is in {crs}, a geographic CRS: reproject it to the job's projected working CRS (a Gauss-Krüger zone) before the overlap")]
    NotProjected {
        /// The layer name.
        layer: String,
        /// The CRS, as displayed.
        crs: String,
    },
    /// Two layers of one job are in different CRSs.
    #[error("layers '{layer_a}' ({crs_a}) and '{layer_b}' ({crs_b}) are in different CRSs: reproject both to one working CRS before the overlap")]
    CrsMismatch {
        /// First layer name.
        layer_a: String,
        /// Its CRS, as displayed.
        crs_a: String,
        /// Second layer name.
        layer_b: String,
        /// Its CRS, as displayed.
        crs_b: String,
    },
    /// An option is out of range.
    #[error("invalid overlap option: {0}")]
    InvalidOption(String),
    /// A layer has more features, parts or rings than the engine can index (2³² − 1).
    #[error("layer '{layer}' is too large for the overlap index ({what})")]
    TooLarge {
        /// The layer name.
        layer: String,
        /// What overflowed.
        what: String,
    },
}

/// Result with the overlay [`Error`](enum@Error).
pub type Result<T, E = Error> = std::result::Result<T, E>;
