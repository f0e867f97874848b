//! Coordinate reference systems of Chinese planning data, identified by their parameters.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::{Error, TransverseMercator};

/// A reference ellipsoid, given by its semi-major axis and inverse flattening.
///
/// Ellipsoids are values passed to every computation that needs one; nothing in sanxian
/// assumes a particular ellipsoid.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ellipsoid {
    /// Name, e.g. `CGCS2000`.
    pub name: &'static str,
    /// Semi-major axis in metres.
    pub a: f64,
    /// Inverse flattening 1/f.
    pub inv_f: f64,
}

impl Ellipsoid {
    /// CGCS2000: a = 6 378 137 m, 1/f = 298.257 222 101.
    pub const CGCS2000: Ellipsoid = Ellipsoid {
        name: "CGCS2000",
        a: 6_378_137.0,
        inv_f: 298.257_222_101,
    };
    /// WGS84: a = 6 378 137 m, 1/f = 298.257 223 563.
    pub const WGS84: Ellipsoid = Ellipsoid {
        name: "WGS84",
        a: 6_378_137.0,
        inv_f: 298.257_223_563,
    };
    /// Xi'an 1980 (IAG 1975): a = 6 378 140 m, 1/f = 298.257.
    pub const XIAN1980: Ellipsoid = Ellipsoid {
        name: "Xian1980",
        a: 6_378_140.0,
        inv_f: 298.257,
    };
    /// Krassowsky 1940, the ellipsoid of Beijing 1954: a = 6 378 245 m, 1/f = 298.3.
    pub const KRASSOWSKY: Ellipsoid = Ellipsoid {
        name: "Krassowsky1940",
        a: 6_378_245.0,
        inv_f: 298.3,
    };

    /// Flattening f.
    pub fn f(&self) -> f64 {
        1.0 / self.inv_f
    }

    /// Semi-minor axis b = a(1 − f), metres.
    pub fn b(&self) -> f64 {
        self.a * (1.0 - self.f())
    }

    /// First eccentricity squared e² = (a² − b²)/a² = f(2 − f).
    pub fn e2(&self) -> f64 {
        let f = self.f();
        f * (2.0 - f)
    }

    /// Second eccentricity squared e′² = (a² − b²)/b² = e²/(1 − e²).
    pub fn ep2(&self) -> f64 {
        let e2 = self.e2();
        e2 / (1.0 - e2)
    }

    /// Third flattening n = (a − b)/(a + b) = f/(2 − f).
    pub fn n(&self) -> f64 {
        let f = self.f();
        f / (2.0 - f)
    }

    /// Is this (numerically) the same ellipsoid as `other`? GRS80 and CGCS2000 differ by
    /// 1e-12 in flattening and count as the same; WGS84 and CGCS2000 do not.
    pub fn same_as(&self, other: &Ellipsoid) -> bool {
        (self.a - other.a).abs() < 1e-3 && (self.inv_f - other.inv_f).abs() < 1e-7
    }
}

/// A geodetic datum of Chinese planning data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Datum {
    /// China Geodetic Coordinate System 2000, the official datum.
    Cgcs2000,
    /// WGS84 (and GeoJSON's RFC 7946 lon/lat).
    Wgs84,
    /// Xi'an 1980.
    Xian1980,
    /// Beijing 1954.
    Beijing1954,
}

impl Datum {
    /// The datum's ellipsoid.
    pub fn ellipsoid(self) -> Ellipsoid {
        match self {
            Datum::Cgcs2000 => Ellipsoid::CGCS2000,
            Datum::Wgs84 => Ellipsoid::WGS84,
            Datum::Xian1980 => Ellipsoid::XIAN1980,
            Datum::Beijing1954 => Ellipsoid::KRASSOWSKY,
        }
    }

    /// EPSG code of the datum's geographic CRS.
    pub fn geographic_epsg(self) -> u32 {
        match self {
            Datum::Cgcs2000 => 4490,
            Datum::Wgs84 => 4326,
            Datum::Xian1980 => 4610,
            Datum::Beijing1954 => 4214,
        }
    }

    /// The datum whose ellipsoid has these parameters, if any.
    pub fn from_ellipsoid(a: f64, inv_f: f64) -> Option<Datum> {
        let probe = Ellipsoid { name: "", a, inv_f };
        [
            Datum::Cgcs2000,
            Datum::Wgs84,
            Datum::Xian1980,
            Datum::Beijing1954,
        ]
        .into_iter()
        .find(|d| d.ellipsoid().same_as(&probe))
    }

    /// The datum of a name as profiles and users write it (`CGCS2000`, `Xian1980`, `Xi'an 1980`,
    /// `Beijing1954`, `WGS84`), case and spaces ignored.
    ///
    /// ```
    /// use sanxian_types::Datum;
    /// assert_eq!(Datum::from_name("cgcs 2000"), Some(Datum::Cgcs2000));
    /// assert_eq!(Datum::from_name("Xi'an 1980"), Some(Datum::Xian1980));
    /// assert_eq!(Datum::from_name("ED50"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Datum> {
        let n: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        Some(match n.as_str() {
            "cgcs2000" => Datum::Cgcs2000,
            "wgs84" => Datum::Wgs84,
            "xian1980" => Datum::Xian1980,
            "beijing1954" => Datum::Beijing1954,
            _ => return None,
        })
    }

    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            Datum::Cgcs2000 => "CGCS2000",
            Datum::Wgs84 => "WGS84",
            Datum::Xian1980 => "Xian 1980",
            Datum::Beijing1954 => "Beijing 1954",
        }
    }
}

/// Width of a Gauss-Krüger zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ZoneWidth {
    /// 3° zones: zone n has central meridian 3n.
    #[serde(rename = "3")]
    Three,
    /// 6° zones: zone n has central meridian 6n − 3.
    #[serde(rename = "6")]
    Six,
}

/// A Gauss-Krüger (transverse Mercator, scale 1, latitude of origin 0) zone.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GkZone {
    /// Central meridian, degrees east.
    pub central_meridian: f64,
    /// False easting in metres: 500 000, or zone·10⁶ + 500 000 with a zone prefix.
    pub false_easting: f64,
    /// False northing in metres (0 in China).
    pub false_northing: f64,
    /// Scale factor on the central meridian (1 for Gauss-Krüger).
    pub scale_factor: f64,
    /// Zone width, when known from the definition.
    pub width: Option<ZoneWidth>,
}

impl GkZone {
    /// 3° zone `n` with the zone prefix in the easting (e.g. zone 39: CM 117°E, FE 39 500 000).
    pub fn three_degree_prefixed(n: u32) -> GkZone {
        GkZone {
            central_meridian: 3.0 * n as f64,
            false_easting: n as f64 * 1e6 + 500_000.0,
            false_northing: 0.0,
            scale_factor: 1.0,
            width: Some(ZoneWidth::Three),
        }
    }

    /// 3° zone with the given central meridian and no zone prefix (FE 500 000).
    pub fn three_degree_cm(central_meridian: f64) -> GkZone {
        GkZone {
            central_meridian,
            false_easting: 500_000.0,
            false_northing: 0.0,
            scale_factor: 1.0,
            width: Some(ZoneWidth::Three),
        }
    }

    /// 6° zone `n` with the zone prefix (zone n: CM 6n − 3, FE n·10⁶ + 500 000).
    pub fn six_degree_prefixed(n: u32) -> GkZone {
        GkZone {
            central_meridian: 6.0 * n as f64 - 3.0,
            false_easting: n as f64 * 1e6 + 500_000.0,
            false_northing: 0.0,
            scale_factor: 1.0,
            width: Some(ZoneWidth::Six),
        }
    }

    /// 6° zone with the given central meridian and no zone prefix.
    pub fn six_degree_cm(central_meridian: f64) -> GkZone {
        GkZone {
            width: Some(ZoneWidth::Six),
            ..GkZone::three_degree_cm(central_meridian)
        }
    }

    /// The zone number carried in the false easting, if any (39 for FE 39 500 000).
    pub fn prefix(&self) -> Option<u32> {
        let z = (self.false_easting - 500_000.0) / 1e6;
        (z >= 1.0 && (z - z.round()).abs() < 1e-9).then_some(z.round() as u32)
    }

    /// The zone width implied by the parameters: a prefixed zone tells it exactly; an unprefixed
    /// central meridian of 75°+6k°E could be either and keeps the declared width (3° when none).
    pub fn implied_width(&self) -> Option<ZoneWidth> {
        let cm = self.central_meridian;
        if let Some(z) = self.prefix() {
            let z = z as f64;
            if (cm - 3.0 * z).abs() < 1e-9 {
                return Some(ZoneWidth::Three);
            }
            if (cm - (6.0 * z - 3.0)).abs() < 1e-9 {
                return Some(ZoneWidth::Six);
            }
            return None;
        }
        self.width
    }

    /// The transverse Mercator projection of this zone on `ellipsoid`.
    pub fn projection(&self, ellipsoid: &Ellipsoid) -> TransverseMercator {
        TransverseMercator::new(
            ellipsoid,
            self.central_meridian,
            self.scale_factor,
            self.false_easting,
            self.false_northing,
        )
    }

    /// Checks projected coordinates (eastings `x_min..x_max`) against the zone prefix: returns a
    /// warning when they disagree, e.g. 6-digit eastings in a prefixed CRS.
    pub fn check_eastings(&self, x_min: f64, x_max: f64) -> Option<String> {
        // Within a zone, eastings stay within ~±400 km of the central meridian (±1.5° or ±3° at
        // China's latitudes); allow a margin for features that extend past the zone edge.
        let lo = self.false_easting - 700_000.0;
        let hi = self.false_easting + 700_000.0;
        if x_min >= lo && x_max <= hi {
            return None;
        }
        let data_prefix = (x_min / 1e6).floor();
        let hint = if x_min >= 1e7 && (x_max / 1e6).floor() == data_prefix {
            format!(
                "; the eastings carry zone prefix {data_prefix}, so the CRS is probably zone {data_prefix}"
            )
        } else if x_max < 1e6 && self.prefix().is_some() {
            "; the eastings have no zone prefix, so the CRS is probably the CM (unprefixed) variant"
                .to_string()
        } else {
            String::new()
        };
        Some(format!(
            "eastings {x_min:.1}..{x_max:.1} do not fit the CRS (central meridian {}°E, false easting {}){hint}",
            self.central_meridian, self.false_easting
        ))
    }
}

/// A coordinate reference system sanxian can compute in without PROJ.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Crs {
    /// Longitude/latitude in degrees on a datum.
    Geographic {
        /// The datum.
        datum: Datum,
    },
    /// Gauss-Krüger projected coordinates (x east, y north, metres) on a datum.
    GaussKruger {
        /// The datum.
        datum: Datum,
        /// The zone.
        zone: GkZone,
    },
}

/// How a layer's CRS was determined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CrsSource {
    /// Stated by the user.
    User,
    /// From an EPSG code in the file.
    Epsg,
    /// From the parameters of a WKT definition (`.prj`, GeoPackage, OGR).
    Wkt,
    /// From the legacy GeoJSON `crs` member.
    GeoJsonCrsMember,
    /// GeoJSON without a `crs` member: RFC 7946 says WGS84 lon/lat.
    Rfc7946Default,
    /// Not determined.
    Unknown,
}

impl fmt::Display for CrsSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CrsSource::User => "stated by the user",
            CrsSource::Epsg => "EPSG code",
            CrsSource::Wkt => "WKT parameters",
            CrsSource::GeoJsonCrsMember => "GeoJSON crs member",
            CrsSource::Rfc7946Default => "RFC 7946 default (no crs member)",
            CrsSource::Unknown => "unknown",
        })
    }
}

impl Crs {
    /// CGCS2000 longitude/latitude, EPSG:4490.
    pub const CGCS2000: Crs = Crs::Geographic {
        datum: Datum::Cgcs2000,
    };
    /// WGS84 longitude/latitude, EPSG:4326.
    pub const WGS84: Crs = Crs::Geographic {
        datum: Datum::Wgs84,
    };

    /// The CRS of an EPSG code, for the codes of Chinese planning data: 4490, 4491–4554
    /// (CGCS2000 GK), 4326, 4610, 4214, 2327–2390 (Xi'an 1980 GK), 2401–2442 and
    /// 21413–21423, 21453–21463 (Beijing 1954 GK).
    pub fn from_epsg(code: u32) -> Option<Crs> {
        let geo = |datum| Some(Crs::Geographic { datum });
        let gk = |datum, zone| Some(Crs::GaussKruger { datum, zone });
        match code {
            4490 => geo(Datum::Cgcs2000),
            4326 => geo(Datum::Wgs84),
            4610 => geo(Datum::Xian1980),
            4214 => geo(Datum::Beijing1954),
            4491..=4501 => gk(
                Datum::Cgcs2000,
                GkZone::six_degree_prefixed(code - 4491 + 13),
            ),
            4502..=4512 => gk(
                Datum::Cgcs2000,
                GkZone::six_degree_cm(75.0 + 6.0 * (code - 4502) as f64),
            ),
            4513..=4533 => gk(
                Datum::Cgcs2000,
                GkZone::three_degree_prefixed(code - 4513 + 25),
            ),
            4534..=4554 => gk(
                Datum::Cgcs2000,
                GkZone::three_degree_cm(75.0 + 3.0 * (code - 4534) as f64),
            ),
            2327..=2337 => gk(
                Datum::Xian1980,
                GkZone::six_degree_prefixed(code - 2327 + 13),
            ),
            2338..=2348 => gk(
                Datum::Xian1980,
                GkZone::six_degree_cm(75.0 + 6.0 * (code - 2338) as f64),
            ),
            2349..=2369 => gk(
                Datum::Xian1980,
                GkZone::three_degree_prefixed(code - 2349 + 25),
            ),
            2370..=2390 => gk(
                Datum::Xian1980,
                GkZone::three_degree_cm(75.0 + 3.0 * (code - 2370) as f64),
            ),
            21413..=21423 => gk(
                Datum::Beijing1954,
                GkZone::six_degree_prefixed(code - 21413 + 13),
            ),
            21453..=21463 => gk(
                Datum::Beijing1954,
                GkZone::six_degree_cm(75.0 + 6.0 * (code - 21453) as f64),
            ),
            2401..=2421 => gk(
                Datum::Beijing1954,
                GkZone::three_degree_prefixed(code - 2401 + 25),
            ),
            2422..=2442 => gk(
                Datum::Beijing1954,
                GkZone::three_degree_cm(75.0 + 3.0 * (code - 2422) as f64),
            ),
            _ => None,
        }
    }

    /// The EPSG code of this CRS, derived from its parameters; `None` when no code has them.
    ///
    /// An unprefixed zone on a central meridian of 75°+6k°E exists as both a 3° and a 6° code
    /// with identical parameters; the declared width decides, 3° when none was declared.
    pub fn epsg(&self) -> Option<u32> {
        match *self {
            Crs::Geographic { datum } => Some(datum.geographic_epsg()),
            Crs::GaussKruger { datum, zone } => {
                if zone.scale_factor != 1.0 || zone.false_northing != 0.0 {
                    return None;
                }
                let cm = zone.central_meridian;
                if (cm - cm.round()).abs() > 1e-9 {
                    return None;
                }
                let cm = cm.round() as i64;
                // (6° prefixed base, 6° CM base, 3° prefixed base, 3° CM base)
                let bases: (u32, u32, u32, u32) = match datum {
                    Datum::Cgcs2000 => (4491, 4502, 4513, 4534),
                    Datum::Xian1980 => (2327, 2338, 2349, 2370),
                    Datum::Beijing1954 => (21413, 21453, 2401, 2422),
                    Datum::Wgs84 => return None,
                };
                let width = zone.implied_width();
                match zone.prefix() {
                    Some(z) => {
                        let z = z as i64;
                        match width? {
                            ZoneWidth::Six if (13..=23).contains(&z) => {
                                Some(bases.0 + (z - 13) as u32)
                            }
                            ZoneWidth::Three if (25..=45).contains(&z) => {
                                Some(bases.2 + (z - 25) as u32)
                            }
                            _ => None,
                        }
                    }
                    None if zone.false_easting == 500_000.0 => {
                        if !(75..=135).contains(&cm) || cm % 3 != 0 {
                            return None;
                        }
                        let six_ok = (cm - 75) % 6 == 0;
                        match width {
                            Some(ZoneWidth::Six) if six_ok => {
                                Some(bases.1 + ((cm - 75) / 6) as u32)
                            }
                            Some(ZoneWidth::Six) => None,
                            _ => Some(bases.3 + ((cm - 75) / 3) as u32),
                        }
                    }
                    None => None,
                }
            }
        }
    }

    /// The datum.
    pub fn datum(&self) -> Datum {
        match *self {
            Crs::Geographic { datum } | Crs::GaussKruger { datum, .. } => datum,
        }
    }

    /// The ellipsoid.
    pub fn ellipsoid(&self) -> Ellipsoid {
        self.datum().ellipsoid()
    }

    /// Is this a projected CRS (metres)?
    pub fn is_projected(&self) -> bool {
        matches!(self, Crs::GaussKruger { .. })
    }

    /// The Gauss-Krüger projection of a projected CRS on its datum's ellipsoid (`None` for
    /// longitude/latitude): what turns its coordinates into lon/lat and back.
    pub fn projection(&self) -> Option<TransverseMercator> {
        match self {
            Crs::GaussKruger { zone, .. } => Some(zone.projection(&self.ellipsoid())),
            Crs::Geographic { .. } => None,
        }
    }

    /// A PROJ string for this CRS, e.g.
    /// `+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +ellps=GRS80 +units=m +no_defs`.
    pub fn proj_string(&self) -> String {
        let ellps = match self.datum() {
            Datum::Cgcs2000 => "+ellps=GRS80".to_string(),
            Datum::Wgs84 => "+ellps=WGS84".to_string(),
            Datum::Xian1980 => "+ellps=IAU76".to_string(),
            Datum::Beijing1954 => "+ellps=krass".to_string(),
        };
        match self {
            Crs::Geographic { .. } => format!("+proj=longlat {ellps} +no_defs"),
            Crs::GaussKruger { zone, .. } => format!(
                "+proj=tmerc +lat_0=0 +lon_0={} +k={} +x_0={} +y_0={} {ellps} +units=m +no_defs",
                zone.central_meridian, zone.scale_factor, zone.false_easting, zone.false_northing
            ),
        }
    }

    /// A human-readable name, e.g. `CGCS2000 / 3-degree Gauss-Kruger zone 39`.
    pub fn name(&self) -> String {
        match self {
            Crs::Geographic { datum } => format!("{} (lon/lat)", datum.name()),
            Crs::GaussKruger { datum, zone } if zone.width.is_none() && zone.prefix().is_none() => {
                format!(
                    "{} / Transverse Mercator CM {}E (working plane centred on the data)",
                    datum.name(),
                    zone.central_meridian
                )
            }
            Crs::GaussKruger { datum, zone } => {
                let w = match zone.implied_width() {
                    Some(ZoneWidth::Three) | None => "3-degree ",
                    Some(ZoneWidth::Six) => "",
                };
                match zone.prefix() {
                    Some(z) => format!("{} / {w}Gauss-Kruger zone {z}", datum.name()),
                    None => format!(
                        "{} / {w}Gauss-Kruger CM {}E",
                        datum.name(),
                        zone.central_meridian
                    ),
                }
            }
        }
    }

    /// A transverse Mercator plane on `datum` with its central meridian at `lon` (scale 1,
    /// false easting 500 000 m, no zone): the working plane for data outside the CGCS2000
    /// zones (73.5°E–136.5°E).
    pub fn transverse_mercator_at(datum: Datum, lon: f64) -> Crs {
        Crs::GaussKruger {
            datum,
            zone: GkZone {
                central_meridian: lon,
                false_easting: 500_000.0,
                false_northing: 0.0,
                scale_factor: 1.0,
                width: None,
            },
        }
    }

    /// The CGCS2000 3° Gauss-Krüger zone (with prefix) whose central meridian is nearest to
    /// `lon` — the working CRS for lon/lat data at that longitude (clamped to the zones of
    /// China, 25–45; data outside them gets [`Crs::transverse_mercator_at`]).
    pub fn cgcs2000_zone_for_longitude(lon: f64) -> Crs {
        let n = (lon / 3.0).round().clamp(25.0, 45.0) as u32;
        Crs::GaussKruger {
            datum: Datum::Cgcs2000,
            zone: GkZone::three_degree_prefixed(n),
        }
    }
}

impl fmt::Display for Crs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.epsg() {
            Some(code) => write!(f, "EPSG:{code} ({})", self.name()),
            None => f.write_str(&self.name()),
        }
    }
}

impl FromStr for Crs {
    type Err = Error;

    /// Parses `EPSG:4527`, `epsg:4490`, `4527` or `urn:ogc:def:crs:EPSG::4527`, and
    /// `OGC:CRS84` / `urn:ogc:def:crs:OGC:1.3:CRS84` (WGS84 lon/lat).
    fn from_str(s: &str) -> Result<Self, Error> {
        let t = s.trim();
        let upper = t.to_ascii_uppercase();
        if upper.ends_with("CRS84") {
            return Ok(Crs::WGS84);
        }
        let digits = upper
            .rsplit(':')
            .next()
            .filter(|_| upper.contains("EPSG") || upper.chars().all(|c| c.is_ascii_digit()))
            .unwrap_or("");
        digits
            .parse::<u32>()
            .ok()
            .and_then(Crs::from_epsg)
            .ok_or_else(|| Error::UnknownCrs(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_supported_epsg_code_round_trips() {
        let ranges = [
            4490..=4490,
            4326..=4326,
            4610..=4610,
            4214..=4214,
            4491..=4554,
            2327..=2390,
            2401..=2442,
            21413..=21423,
            21453..=21463,
        ];
        let mut n = 0;
        for code in ranges.into_iter().flatten() {
            let crs = Crs::from_epsg(code).unwrap();
            assert_eq!(crs.epsg(), Some(code), "{code}: {}", crs.name());
            n += 1;
        }
        assert_eq!(n, 4 + 64 + 64 + 42 + 22);
    }

    #[test]
    fn epsg_4527_is_zone_39() {
        let crs = Crs::from_epsg(4527).unwrap();
        assert_eq!(
            crs.proj_string(),
            "+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +ellps=GRS80 +units=m +no_defs"
        );
        assert_eq!(crs.name(), "CGCS2000 / 3-degree Gauss-Kruger zone 39");
        assert_eq!("urn:ogc:def:crs:EPSG::4527".parse::<Crs>(), Ok(crs));
        assert_eq!("epsg:4527".parse::<Crs>(), Ok(crs));
        assert!("EPSG:9999".parse::<Crs>().is_err());
    }

    #[test]
    fn unprefixed_cm_117_prefers_declared_width() {
        let mut zone = GkZone::three_degree_cm(117.0);
        let crs = Crs::GaussKruger {
            datum: Datum::Cgcs2000,
            zone,
        };
        assert_eq!(crs.epsg(), Some(4548));
        zone.width = Some(ZoneWidth::Six);
        let crs = Crs::GaussKruger {
            datum: Datum::Cgcs2000,
            zone,
        };
        assert_eq!(crs.epsg(), Some(4509));
    }

    #[test]
    fn ellipsoid_constants_match_domain_reference() {
        // ../shared DOMAIN §3: b = 6356752.31414036, e² = 0.00669438002290, e′² = 0.00673949677548
        let e = Ellipsoid::CGCS2000;
        assert!((e.b() - 6_356_752.314_140_36).abs() < 1e-6);
        assert!((e.e2() - 0.006_694_380_022_90).abs() < 1e-14);
        assert!((e.ep2() - 0.006_739_496_775_48).abs() < 1e-14);
        assert!(!e.same_as(&Ellipsoid::WGS84));
    }

    #[test]
    fn eastings_are_checked_against_the_prefix() {
        let zone = GkZone::three_degree_prefixed(39);
        assert!(zone.check_eastings(39_400_000.0, 39_600_000.0).is_none());
        let w = zone.check_eastings(400_000.0, 600_000.0).unwrap();
        assert!(w.contains("no zone prefix"), "{w}");
        let w = zone.check_eastings(40_400_000.0, 40_500_000.0).unwrap();
        assert!(w.contains("zone 40"), "{w}");
    }
}
