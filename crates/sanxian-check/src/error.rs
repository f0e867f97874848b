use thiserror::Error;

/// Errors of the check engine: anything that stops a check as a whole. Problems of single
/// features are findings, not errors.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file.
    #[error(transparent)]
    Io(#[from] sanxian_io::Error),
    /// The draft cannot be checked as delivered.
    #[error("{0}")]
    Draft(String),
    /// The area computation refused the working CRS.
    #[error(transparent)]
    Area(#[from] sanxian_area::Error),
    /// The overlay refused a layer.
    #[error(transparent)]
    Overlay(#[from] sanxian_overlay::Error),
    /// Writing the report.
    #[error(transparent)]
    Report(#[from] sanxian_report::Error),
    /// A rules file names an unknown rule or parameter, or a value of the wrong type.
    #[error("rules file: {0}")]
    Rules(String),
}

/// Result with the check [`Error`](enum@Error).
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The errors a shared computation of the context can end in, kept to answer every rule that
/// asks again.
#[derive(Debug, Clone)]
pub(crate) enum ComputeError {
    Overlay(sanxian_overlay::Error),
}

impl From<ComputeError> for Error {
    fn from(e: ComputeError) -> Error {
        match e {
            ComputeError::Overlay(e) => Error::Overlay(e),
        }
    }
}
