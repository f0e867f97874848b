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
    /// A plan mapping table (code → construction / non-construction).
    #[error("{0}")]
    Mapping(String),
    /// A layer lacks a field the job needs.
    #[error("layer {layer} has no field {field}")]
    MissingField {
        /// The layer.
        layer: String,
        /// The field.
        field: String,
    },
    /// A layer has no CRS (the job needs one projected working CRS).
    #[error("layer {layer} has no CRS; state it with --crs or a .prj")]
    NoCrs {
        /// The layer.
        layer: String,
    },
    /// The rules file.
    #[error(transparent)]
    Rules(#[from] sanxian_rules::Error),
}
