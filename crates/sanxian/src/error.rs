use thiserror::Error;

/// Errors of the facade: anything that stops a job.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file.
    #[error(transparent)]
    Io(#[from] sanxian_io::Error),
    /// The draft cannot be checked as delivered.
    #[error("{0}")]
    Draft(String),
    /// The area computation refused the input.
    #[error(transparent)]
    Area(#[from] sanxian_area::Error),
    /// The overlay refused the input.
    #[error(transparent)]
    Overlay(#[from] sanxian_overlay::Error),
    /// Writing the report.
    #[error(transparent)]
    Report(#[from] sanxian_report::Error),
    /// The rules file.
    #[error(transparent)]
    Rules(#[from] sanxian_rules::Error),
}
