//! The area methods sanxian offers.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// How an area is computed.
///
/// | method | what | use |
/// |---|---|---|
/// | `ellipsoid` | the land-survey series (DOMAIN §3) with the first eccentricity | official area, the default |
/// | `survey` | the series after the third survey's evaluation details **\[practice\]** | reproducing 三调 software |
/// | `geodesic` | Karney's geodesic polygon area (GeographicLib) | the reference |
/// | `planar` | shoelace in the projected CRS (ArcGIS `Shape_Area`) | comparing with `Shape_Area` |
/// | `legacy` | the series with the 2008 sample code's swapped eccentricity | reproducing old software, 9.0e-5·sin²B high (23 ppm at 30°N) |
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum AreaMethod {
    /// The survey series with the first eccentricity e², vertices as given (GK vertices
    /// inverse-projected exactly). The official ellipsoid area (椭球面积).
    #[default]
    Ellipsoid,
    /// The third land survey's evaluation details **\[practice\]**: Gauss-Krüger x, y rounded to
    /// 0.0001 m, edges longer than 70 m densified with ⌊len/70⌋ evenly spaced points, B and L
    /// rounded to 0.000001″, then the series. For longitude/latitude layers (no Gauss-Krüger
    /// plane to follow) only the arc-second rounding applies.
    Survey,
    /// Karney's exact geodesic polygon area on the same ellipsoid (edges are geodesics).
    Geodesic,
    /// The planar shoelace area in the projected CRS; not defined for longitude/latitude.
    Planar,
    /// The series with the second eccentricity e′² where e² belongs, as the 2008 sample code
    /// had it: larger than `ellipsoid` by about 2(e′² − e²)·sin²B = 9.0e-5·sin²B, i.e. 23 ppm
    /// at 30°N (the figure usually quoted), 14 ppm at 23°N, 45 ppm at 45°N.
    Legacy,
}

impl AreaMethod {
    /// All methods, in a fixed order.
    pub const ALL: [AreaMethod; 5] = [
        AreaMethod::Ellipsoid,
        AreaMethod::Survey,
        AreaMethod::Geodesic,
        AreaMethod::Planar,
        AreaMethod::Legacy,
    ];

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            AreaMethod::Ellipsoid => "ellipsoid",
            AreaMethod::Survey => "survey",
            AreaMethod::Geodesic => "geodesic",
            AreaMethod::Planar => "planar",
            AreaMethod::Legacy => "legacy",
        }
    }

    /// One line saying what the method computes.
    pub fn description(self) -> &'static str {
        match self {
            AreaMethod::Ellipsoid => {
                "land-survey ellipsoid area (国土调查办发〔2008〕32号 series, first eccentricity)"
            }
            AreaMethod::Survey => {
                "ellipsoid area with the third land survey's rounding and 70 m densification"
            }
            AreaMethod::Geodesic => "Karney's geodesic polygon area (GeographicLib)",
            AreaMethod::Planar => "planar area in the projected CRS (ArcGIS Shape_Area)",
            AreaMethod::Legacy => {
                "2008 sample-code series with swapped eccentricities (9e-5·sin²B high, 23 ppm at 30°N)"
            }
        }
    }
}

impl fmt::Display for AreaMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for AreaMethod {
    type Err = Error;

    /// Parses `ellipsoid`, `survey`, `geodesic`, `planar` or `legacy` (case-insensitive).
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim().to_ascii_lowercase();
        AreaMethod::ALL
            .into_iter()
            .find(|m| m.name() == t)
            .ok_or_else(|| Error::UnknownMethod(s.to_string()))
    }
}
