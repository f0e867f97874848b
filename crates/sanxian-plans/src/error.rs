use thiserror::Error;

/// Errors of the overlay analyses: anything that stops one as a whole.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file.
    #[error(transparent)]
    Io(#[from] sanxian_io::Error),
    /// The area computation refused the working CRS.
    #[error(transparent)]
    Area(#[from] sanxian_area::Error),
    /// The overlay refused a layer.
    #[error(transparent)]
    Overlay(#[from] sanxian_overlay::Error),
    /// A plan mapping table (code → construction / non-construction).
    #[error("{0}")]
    Mapping(String),
    /// A layer lacks a field the job needs.
    #[error("layer {layer} has no field {field}; its fields are: {available}")]
    MissingField {
        /// The layer.
        layer: String,
        /// The field.
        field: String,
        /// The fields it has.
        available: String,
    },
    /// A layer has no CRS (the job needs one projected working CRS).
    #[error("layer {layer} has no CRS; state it with --crs or a .prj")]
    NoCrs {
        /// The layer.
        layer: String,
    },
    /// An overlay of no layers.
    #[error("an overlay needs at least one layer")]
    NoLayers,
    /// A rule or priority table of a plan comparison, or a tabulation's settings.
    #[error("{0}")]
    Settings(String),
    /// Serialising a result.
    #[error("{0}")]
    Json(String),
}

/// Result with the plans [`Error`](enum@Error).
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The position of field `name` in `layer`, or [`Error::MissingField`].
pub(crate) fn field(layer: &sanxian_types::Layer, name: &str) -> Result<usize> {
    layer.field_index(name).ok_or_else(|| Error::MissingField {
        layer: layer.name.clone(),
        field: name.to_string(),
        available: layer.field_list(),
    })
}
