//! Recognising CRSs from WKT (`.prj` files, ESRI and OGC flavours) by their parameters.

use sanxian_types::Crs;

/// A CRS recognised from WKT, with notes on what was inferred.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognised {
    /// The CRS.
    pub crs: Crs,
    /// Notes for the user, e.g. a name that disagrees with the parameters.
    pub notes: Vec<String>,
}

/// Recognises the CRS of a WKT definition by its parameters.
pub fn parse(wkt: &str) -> Result<Recognised, String> {
    let _ = wkt;
    Err("WKT recognition not implemented yet".into())
}

/// ESRI-flavoured WKT for a `.prj` file, as ArcGIS writes it.
pub fn to_esri_wkt(crs: &Crs) -> String {
    let _ = crs;
    String::new()
}
