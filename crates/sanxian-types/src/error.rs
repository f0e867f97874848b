use thiserror::Error;

/// Errors of the core types: parsing names and codes given by a user.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// A layer kind was named that sanxian does not know.
    #[error("unknown layer kind '{0}': use one of STBHHX, YJJBNTBHTB, CZKFBJ, XZQ, DLTB, plan, site, other (or the Chinese names)")]
    UnknownLayerKind(String),
    /// A CRS was stated that sanxian cannot represent.
    #[error("unknown CRS '{0}': give an EPSG code such as EPSG:4490 or EPSG:4527 (CGCS2000), 4326 (WGS84), or a Xi'an 1980 / Beijing 1954 Gauss-Krüger code")]
    UnknownCrs(String),
}

/// Result with the core [`Error`](enum@Error).
pub type Result<T, E = Error> = std::result::Result<T, E>;
