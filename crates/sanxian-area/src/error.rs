use thiserror::Error;

/// Errors of area computation, ledgers and area adjustment.
///
/// Messages name the layer, feature, file or group concerned and say what to do.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// An area method was named that sanxian does not know.
    #[error("unknown area method '{0}': use one of ellipsoid, survey, geodesic, planar, legacy")]
    UnknownMethod(String),
    /// An area unit was named that sanxian does not know.
    #[error("unknown area unit '{0}': use m2 (平方米), ha (公顷) or mu (亩)")]
    UnknownUnit(String),
    /// Planar area was asked for longitude/latitude data.
    #[error("planar area needs a projected CRS, but {crs} is longitude/latitude: use the ellipsoid method, or reproject the layer to a Gauss-Krüger zone")]
    PlanarNeedsProjectedCrs {
        /// The CRS of the layer.
        crs: String,
    },
    /// A layer without a CRS cannot be measured on the ellipsoid.
    #[error("layer '{layer}' has no CRS: state it (e.g. EPSG:4527 or EPSG:4490) so that areas can be computed on the ellipsoid")]
    MissingCrs {
        /// The layer name.
        layer: String,
    },
    /// A layer was measured with a calculator built for another CRS.
    #[error("layer '{layer}' is in {layer_crs}, but the area calculator was built for {calculator_crs}: build it from the layer's CRS")]
    CrsMismatch {
        /// The layer name.
        layer: String,
        /// The layer's CRS.
        layer_crs: String,
        /// The calculator's CRS.
        calculator_crs: String,
    },
    /// A vertex is not a finite number, or a latitude is beyond ±90°.
    #[error("vertex ({x}, {y}) is not a valid coordinate: repair the geometry")]
    InvalidCoordinate {
        /// First coordinate (easting or longitude).
        x: f64,
        /// Second coordinate (northing or latitude).
        y: f64,
    },
    /// A projected vertex lies far outside the zone of the CRS, usually a wrong CRS.
    #[error("vertex ({x:.3}, {y:.3}) is {offset_km:.0} km from the central meridian of {crs}: the coordinates do not belong to this zone; check the CRS (zone prefix of the eastings, central meridian)")]
    OutsideZone {
        /// Easting.
        x: f64,
        /// Northing.
        y: f64,
        /// Distance from the central meridian in km (easting minus false easting).
        offset_km: f64,
        /// The CRS.
        crs: String,
    },
    /// A field named by the user is not in the layer.
    #[error("layer '{layer}' has no field '{field}'; its fields are: {available}")]
    UnknownField {
        /// The layer name.
        layer: String,
        /// The field asked for.
        field: String,
        /// The fields the layer has, comma-separated.
        available: String,
    },
    /// A ledger was asked for totals by a field it was not built with.
    #[error("the area ledger was not grouped by '{field}': build it with this field among the group fields (it has: {available})")]
    NotAGroupField {
        /// The field asked for.
        field: String,
        /// The group fields of the ledger.
        available: String,
    },
    /// The ledger has no declared-area field to compare with.
    #[error("layer '{layer}' has no declared area field (MJ, TBMJ, Shape_Area …): name the field to compare")]
    NoDeclaredAreaField {
        /// The layer name.
        layer: String,
    },
    /// An area to adjust is negative, not finite, or absurdly large.
    #[error("item {item}: area {area} cannot be adjusted: areas must be finite, not negative and below 1e18")]
    InvalidArea {
        /// The item (feature) concerned.
        item: String,
        /// Its area.
        area: f64,
    },
    /// A control total cannot be distributed.
    #[error("group '{group}': control total {control} cannot be distributed: {reason}")]
    CannotDistribute {
        /// The group.
        group: String,
        /// The control total, in the unit of the controls.
        control: String,
        /// Why.
        reason: String,
    },
    /// A control-total file or field has a value sanxian cannot use.
    #[error("{source_name}{}: {message}", line.map(|l| format!(" line {l}")).unwrap_or_default())]
    InvalidControl {
        /// The file or layer the controls came from.
        source_name: String,
        /// The line (CSV, counted from 1) or record number, when known.
        line: Option<u64>,
        /// What is wrong and what to do.
        message: String,
    },
    /// A number is too large for the fixed-point amounts of official tables.
    #[error("{0} is too large for an area table (at most 9.2·10¹⁶ in hundredths of the unit)")]
    AmountOverflow(String),
}

/// Result with the area [`enum@Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
