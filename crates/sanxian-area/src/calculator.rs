//! Area of rings, polygons and multipolygons in any sanxian CRS, by any [`AreaMethod`].

use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use geographiclib_rs::{Geodesic, PolygonArea, Winding};
use sanxian_types::{Crs, Ellipsoid, GkZone, TransverseMercator};

use crate::series::{open_ring, wrap_degrees};
use crate::{AreaMethod, Error, GaussKrugerInverse, GkCursor, Lanes, Result, SurveySeries, LANES};

/// Farthest a projected vertex may lie from the central meridian (easting minus false easting)
/// before it is taken for a CRS mistake: 1000 km, far beyond any 3° or 6° zone in China
/// (±340 km) yet well inside the range where the Krüger series stays exact.
pub const MAX_OFFSET_FROM_CENTRAL_MERIDIAN_M: f64 = 1_000_000.0;

/// Segments longer than this are densified by the `survey` method **\[practice\]**.
pub const SURVEY_DENSIFY_STEP_M: f64 = 70.0;

/// Decimals of Gauss-Krüger coordinates (metres) kept by the `survey` method **\[practice\]**.
pub const SURVEY_XY_DECIMALS: u32 = 4;

/// Decimals of B and L in arc-seconds kept by the `survey` method **\[practice\]**.
pub const SURVEY_ARCSEC_DECIMALS: u32 = 6;

/// Computes areas in one CRS by one method; built once, with coefficients and projection
/// precomputed, and shared across threads.
///
/// # Units
/// Coordinates in the units of the CRS: metres (x east, y north) for Gauss-Krüger, degrees
/// (x longitude, y latitude) for geographic CRSs. Areas in m².
///
/// # Assumptions
/// Polygons are valid: holes inside their shell, parts of a multipolygon disjoint (overlapping
/// parts are counted twice). Rings may be closed or not, in any orientation. No ring contains a
/// pole.
///
/// # Examples
/// A 100 m × 100 m square in EPSG:4527 (zone 39) near 30°N, in 公顷 and 亩:
/// ```
/// use geo_types::polygon;
/// use sanxian_area::{AreaCalculator, AreaMethod, AreaUnit};
/// use sanxian_types::Crs;
///
/// let crs = Crs::from_epsg(4527).unwrap();
/// let calc = AreaCalculator::new(crs, AreaMethod::Ellipsoid).unwrap();
/// let field = polygon![
///     (x: 39_500_000.0, y: 3_320_000.0), (x: 39_500_100.0, y: 3_320_000.0),
///     (x: 39_500_100.0, y: 3_320_100.0), (x: 39_500_000.0, y: 3_320_100.0),
/// ];
/// let area_m2 = calc.polygon_area_m2(&field).unwrap();
/// assert!((area_m2 - 10_000.0).abs() < 0.01); // scale 1 on the central meridian
/// assert!((AreaUnit::Hectares.from_m2(area_m2) - 1.0).abs() < 1e-6);
/// assert!((AreaUnit::Mu.from_m2(area_m2) - 15.0).abs() < 1e-5);
/// ```
#[derive(Debug, Clone)]
pub struct AreaCalculator {
    crs: Crs,
    ellipsoid: Ellipsoid,
    method: AreaMethod,
    series: SurveySeries,
    zone: Option<ZoneInverse>,
    geodesic: Option<Geodesic>,
}

#[derive(Debug, Clone, Copy)]
struct ZoneInverse {
    zone: GkZone,
    fast: GaussKrugerInverse,
    exact: TransverseMercator,
}

impl AreaCalculator {
    /// A calculator for `crs` on the ellipsoid of its datum.
    ///
    /// # Errors
    /// [`Error::PlanarNeedsProjectedCrs`] for the planar method on a geographic CRS.
    pub fn new(crs: Crs, method: AreaMethod) -> Result<AreaCalculator> {
        AreaCalculator::with_ellipsoid(crs, crs.ellipsoid(), method)
    }

    /// A calculator for `crs` on a stated ellipsoid (for instance to measure Xi'an 1980
    /// coordinates as if on CGCS2000, or to compare ellipsoids).
    ///
    /// # Errors
    /// [`Error::PlanarNeedsProjectedCrs`] for the planar method on a geographic CRS.
    pub fn with_ellipsoid(
        crs: Crs,
        ellipsoid: Ellipsoid,
        method: AreaMethod,
    ) -> Result<AreaCalculator> {
        if method == AreaMethod::Planar && !crs.is_projected() {
            return Err(Error::PlanarNeedsProjectedCrs {
                crs: crs.to_string(),
            });
        }
        let series = match method {
            AreaMethod::Legacy => SurveySeries::legacy(&ellipsoid),
            _ => SurveySeries::new(&ellipsoid),
        };
        let zone = match crs {
            Crs::GaussKruger { zone, .. } => Some(ZoneInverse {
                zone,
                fast: GaussKrugerInverse::new(&ellipsoid, &zone),
                exact: zone.projection(&ellipsoid),
            }),
            Crs::Geographic { .. } => None,
        };
        let geodesic =
            (method == AreaMethod::Geodesic).then(|| Geodesic::new(ellipsoid.a, ellipsoid.f()));
        Ok(AreaCalculator {
            crs,
            ellipsoid,
            method,
            series,
            zone,
            geodesic,
        })
    }

    /// The CRS coordinates are read in.
    pub fn crs(&self) -> Crs {
        self.crs
    }

    /// The ellipsoid areas are computed on.
    pub fn ellipsoid(&self) -> Ellipsoid {
        self.ellipsoid
    }

    /// The method.
    pub fn method(&self) -> AreaMethod {
        self.method
    }

    /// The survey series in use (first eccentricity, or the legacy one).
    pub fn series(&self) -> &SurveySeries {
        &self.series
    }

    /// Area of one ring, unsigned, whatever its orientation.
    ///
    /// # Units
    /// Coordinates in CRS units; the result in m².
    ///
    /// # Errors
    /// [`Error::InvalidCoordinate`] for a non-finite vertex or a latitude beyond ±90°,
    /// [`Error::OutsideZone`] for a projected vertex more than
    /// [`MAX_OFFSET_FROM_CENTRAL_MERIDIAN_M`] from the central meridian.
    ///
    /// # Examples
    /// ```
    /// use geo_types::line_string;
    /// use sanxian_area::{AreaCalculator, AreaMethod};
    /// use sanxian_types::Crs;
    /// let calc = AreaCalculator::new(Crs::CGCS2000, AreaMethod::Ellipsoid).unwrap();
    /// let cell = line_string![(x: 0.0, y: 30.0), (x: 1.0, y: 30.0), (x: 1.0, y: 31.0), (x: 0.0, y: 31.0)];
    /// let area_m2 = calc.ring_area_m2(&cell).unwrap();
    /// assert!((area_m2 - 10_642_393_438.71).abs() < 0.005);
    /// ```
    pub fn ring_area_m2(&self, ring: &LineString<f64>) -> Result<f64> {
        self.ring_coords_area_m2(&ring.0)
    }

    /// Area of a ring given as a coordinate slice; see [`AreaCalculator::ring_area_m2`].
    ///
    /// # Units
    /// Coordinates in CRS units; the result in m².
    pub fn ring_coords_area_m2(&self, ring: &[Coord<f64>]) -> Result<f64> {
        let pts = open_ring(ring);
        if pts.len() < 3 {
            // Still check the vertices, so that a broken ring is reported, not measured as 0.
            for c in pts {
                self.check(c)?;
            }
            return Ok(0.0);
        }
        match self.method {
            AreaMethod::Ellipsoid | AreaMethod::Legacy => self.series_ring(pts),
            AreaMethod::Survey => self.survey_ring(pts),
            AreaMethod::Geodesic => self.geodesic_ring(pts),
            AreaMethod::Planar => self.planar_ring(pts),
        }
    }

    /// Area of a polygon: its shell minus its holes.
    ///
    /// # Units
    /// Coordinates in CRS units; the result in m².
    ///
    /// # Examples
    /// ```
    /// use geo_types::polygon;
    /// use sanxian_area::{AreaCalculator, AreaMethod};
    /// use sanxian_types::Crs;
    /// let calc = AreaCalculator::new(Crs::from_epsg(4527).unwrap(), AreaMethod::Planar).unwrap();
    /// let with_hole = polygon!(
    ///     exterior: [(x: 39_500_000.0, y: 3_000_000.0), (x: 39_500_100.0, y: 3_000_000.0),
    ///                (x: 39_500_100.0, y: 3_000_100.0), (x: 39_500_000.0, y: 3_000_100.0)],
    ///     interiors: [[(x: 39_500_010.0, y: 3_000_010.0), (x: 39_500_020.0, y: 3_000_010.0),
    ///                  (x: 39_500_020.0, y: 3_000_020.0), (x: 39_500_010.0, y: 3_000_020.0)]],
    /// );
    /// assert_eq!(calc.polygon_area_m2(&with_hole).unwrap(), 9_900.0);
    /// ```
    pub fn polygon_area_m2(&self, polygon: &Polygon<f64>) -> Result<f64> {
        let mut area = self.ring_area_m2(polygon.exterior())?;
        for hole in polygon.interiors() {
            area -= self.ring_area_m2(hole)?;
        }
        Ok(area)
    }

    /// Area of a multipolygon: the sum of its parts.
    ///
    /// # Units
    /// Coordinates in CRS units; the result in m².
    pub fn multipolygon_area_m2(&self, multipolygon: &MultiPolygon<f64>) -> Result<f64> {
        multipolygon
            .0
            .iter()
            .try_fold(0.0, |sum, p| Ok(sum + self.polygon_area_m2(p)?))
    }

    /// Longitude and latitude in degrees of a vertex, exactly (the generic Gauss-Krüger inverse
    /// for projected CRSs).
    pub fn lon_lat_deg(&self, c: &Coord<f64>) -> Result<(f64, f64)> {
        self.check(c)?;
        Ok(match &self.zone {
            Some(z) => z.exact.inverse(c.x, c.y),
            None => (c.x, c.y),
        })
    }

    #[inline]
    fn check(&self, c: &Coord<f64>) -> Result<()> {
        if !c.x.is_finite() || !c.y.is_finite() {
            return Err(Error::InvalidCoordinate { x: c.x, y: c.y });
        }
        match &self.zone {
            Some(z) => {
                let offset = c.x - z.zone.false_easting;
                if offset.abs() > MAX_OFFSET_FROM_CENTRAL_MERIDIAN_M
                    || (c.y - z.zone.false_northing).abs() > 10_002_000.0
                {
                    return Err(Error::OutsideZone {
                        x: c.x,
                        y: c.y,
                        offset_km: offset / 1000.0,
                        crs: self.crs.to_string(),
                    });
                }
            }
            None => {
                if c.y.abs() > 90.0 {
                    return Err(Error::InvalidCoordinate { x: c.x, y: c.y });
                }
            }
        }
        Ok(())
    }

    /// The survey series on the vertices as given.
    fn series_ring(&self, pts: &[Coord<f64>]) -> Result<f64> {
        let series = &self.series;
        let sum = match &self.zone {
            Some(z) => {
                for c in pts {
                    self.check(c)?;
                }
                gk_series_sum(&z.fast, series, pts)
            }
            None => {
                let lon0 = pts[0].x;
                trapezoid_sum_checked(pts, |c| {
                    self.check(c)?;
                    Ok((
                        wrap_degrees(c.x - lon0).to_radians(),
                        series.g(c.y.to_radians().sin()),
                    ))
                })?
            }
        };
        Ok(series.b_squared_m2() * sum.abs())
    }

    /// The third survey's evaluation details, then the series.
    fn survey_ring(&self, pts: &[Coord<f64>]) -> Result<f64> {
        for c in pts {
            self.check(c)?;
        }
        // (L, B) in arc-seconds, rounded.
        let arcsec: Vec<(f64, f64)> = match &self.zone {
            Some(z) => {
                let plane = survey_densify(pts);
                let mut cursor = GkCursor::default();
                let lon0 = z.fast.central_meridian();
                plane
                    .iter()
                    .map(|c| {
                        let (lam, sin_b, cos_b) =
                            z.fast.dlon_sin_cos_lat_near(c.x, c.y, &mut cursor);
                        survey_arcsec(lon0 + lam.to_degrees(), sin_b.atan2(cos_b).to_degrees())
                    })
                    .collect()
            }
            None => pts.iter().map(|c| survey_arcsec(c.x, c.y)).collect(),
        };
        let l0 = arcsec[0].0;
        let series = &self.series;
        let sum = crate::series::trapezoid_sum(arcsec.iter().map(|&(l, b)| {
            (
                arcsec_to_rad(wrap_arcsec(l - l0)),
                series.g(arcsec_to_rad(b).sin()),
            )
        }));
        Ok(series.b_squared_m2() * sum.abs())
    }

    /// Karney's geodesic polygon area.
    fn geodesic_ring(&self, pts: &[Coord<f64>]) -> Result<f64> {
        let geodesic = match &self.geodesic {
            Some(g) => *g,
            None => Geodesic::new(self.ellipsoid.a, self.ellipsoid.f()),
        };
        let mut pa = PolygonArea::new(&geodesic, Winding::CounterClockwise);
        for c in pts {
            let (lon, lat) = self.lon_lat_deg(c)?;
            pa.add_point(lat, lon);
        }
        let (_perimeter, area, _n) = pa.compute(true);
        Ok(area.abs())
    }

    /// The shoelace area in the plane of the CRS: the workspace's one planar area
    /// ([`sanxian_types::planar::ring_signed_area`]), so that `planar` here and every planar
    /// figure of a check agree to the last digit.
    fn planar_ring(&self, pts: &[Coord<f64>]) -> Result<f64> {
        for c in pts {
            self.check(c)?;
        }
        let closed = pts.first() == pts.last();
        Ok(if closed {
            sanxian_types::planar::ring_signed_area(pts).abs()
        } else {
            let mut ring = pts.to_vec();
            ring.push(pts[0]);
            sanxian_types::planar::ring_signed_area(&ring).abs()
        })
    }
}

/// The trapezoid rule of the series over a ring of Gauss-Krüger vertices (checked already):
/// vertices go through the inverse [`LANES`] at a time from the ring's anchor, one at a time
/// where the lanes decline (far from the anchor) and for the last few.
fn gk_series_sum(inv: &GaussKrugerInverse, series: &SurveySeries, pts: &[Coord<f64>]) -> f64 {
    let Some((first, rest)) = pts.split_first() else {
        return 0.0;
    };
    let mut cursor = GkCursor::default();
    let (lam0, s0, _) = inv.dlon_sin_cos_lat_near(first.x, first.y, &mut cursor);
    let y0 = series.g(s0);
    let (mut px, mut py) = (0.0, y0);
    let mut sum = 0.0;
    let mut chunks = rest.chunks_exact(LANES);
    for chunk in &mut chunks {
        let xs: Lanes = std::array::from_fn(|i| chunk[i].x);
        let ys: Lanes = std::array::from_fn(|i| chunk[i].y);
        match inv.dlon_sin_lat_lanes(&xs, &ys, &cursor) {
            Some((lam, sin_b)) => {
                let g: Lanes = std::array::from_fn(|i| series.g(sin_b[i]));
                for i in 0..LANES {
                    let x = lam[i] - lam0;
                    sum += (px + x) * (g[i] - py);
                    px = x;
                    py = g[i];
                }
            }
            None => {
                for c in chunk {
                    let (lam, sin_b, _) = inv.dlon_sin_cos_lat_near(c.x, c.y, &mut cursor);
                    let (x, y) = (lam - lam0, series.g(sin_b));
                    sum += (px + x) * (y - py);
                    px = x;
                    py = y;
                }
            }
        }
    }
    for c in chunks.remainder() {
        let (lam, sin_b, _) = inv.dlon_sin_cos_lat_near(c.x, c.y, &mut cursor);
        let (x, y) = (lam - lam0, series.g(sin_b));
        sum += (px + x) * (y - py);
        px = x;
        py = y;
    }
    sum += px * (y0 - py);
    0.5 * sum
}

/// The trapezoid rule over a ring (see [`crate::series`]), with x taken relative to the first
/// vertex's x and a fallible vertex map.
#[inline]
fn trapezoid_sum_checked<F>(pts: &[Coord<f64>], mut f: F) -> Result<f64>
where
    F: FnMut(&Coord<f64>) -> Result<(f64, f64)>,
{
    let Some((first, rest)) = pts.split_first() else {
        return Ok(0.0);
    };
    let (xr, y0) = f(first)?;
    let (mut px, mut py) = (0.0, y0);
    let mut sum = 0.0;
    for c in rest {
        let (x, y) = f(c)?;
        let x = x - xr;
        sum += (px + x) * (y - py);
        px = x;
        py = y;
    }
    sum += px * (y0 - py);
    Ok(0.5 * sum)
}

/// The `survey` method's plane: coordinates rounded to 0.0001 m, then every segment longer
/// than 70 m gets ⌊len/70⌋ evenly spaced points (so it is cut into ⌊len/70⌋ + 1 equal pieces).
/// Takes and returns the open ring (no repeated closing vertex); the closing segment is
/// densified too.
pub fn survey_densify(pts: &[Coord<f64>]) -> Vec<Coord<f64>> {
    let rounded: Vec<Coord<f64>> = pts
        .iter()
        .map(|c| Coord {
            x: crate::round_half_away(c.x, SURVEY_XY_DECIMALS),
            y: crate::round_half_away(c.y, SURVEY_XY_DECIMALS),
        })
        .collect();
    let mut out = Vec::with_capacity(rounded.len() * 2);
    for (i, a) in rounded.iter().enumerate() {
        let b = rounded[(i + 1) % rounded.len()];
        out.push(*a);
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let len = dx.hypot(dy);
        if len.is_finite() && len > SURVEY_DENSIFY_STEP_M {
            // Capped so that absurd input cannot exhaust memory; 10⁶ points is 70 000 km.
            let k = (len / SURVEY_DENSIFY_STEP_M).floor().min(1e6) as usize;
            let parts = (k + 1) as f64;
            for j in 1..=k {
                let t = j as f64 / parts;
                out.push(Coord {
                    x: a.x + t * dx,
                    y: a.y + t * dy,
                });
            }
        }
    }
    out
}

/// (L, B) in arc-seconds rounded to 0.000001″ from degrees.
fn survey_arcsec(lon: f64, lat: f64) -> (f64, f64) {
    (
        crate::round_half_away(lon * 3600.0, SURVEY_ARCSEC_DECIMALS),
        crate::round_half_away(lat * 3600.0, SURVEY_ARCSEC_DECIMALS),
    )
}

fn arcsec_to_rad(s: f64) -> f64 {
    s * (std::f64::consts::PI / 648_000.0)
}

/// Longitude difference in arc-seconds wrapped into [−180°, 180°), untouched when inside.
fn wrap_arcsec(d: f64) -> f64 {
    const HALF_TURN: f64 = 648_000.0;
    if (-HALF_TURN..HALF_TURN).contains(&d) {
        d
    } else {
        (d + HALF_TURN).rem_euclid(2.0 * HALF_TURN) - HALF_TURN
    }
}
