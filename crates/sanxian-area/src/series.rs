//! The land-survey ellipsoid area series (国土调查办发〔2008〕32号, TD/T 1014-2007, TD/T 1055-2019).
//!
//! # Method
//! With e² the first eccentricity squared and b the semi-minor axis, the area of the trapezoid
//! between an edge (B1, L1)–(B2, L2) and the reference meridian L0 is (DOMAIN §3)
//!
//! ```text
//! S = 2·b²·ΔL·[ A·sin(ΔB/2)·cos(Bm) − B·sin(3ΔB/2)·cos(3Bm) + C·sin(5ΔB/2)·cos(5Bm)
//!             − D·sin(7ΔB/2)·cos(7Bm) + E·sin(9ΔB/2)·cos(9Bm) ]
//! ```
//!
//! with ΔB = B2 − B1, Bm = (B1 + B2)/2, ΔL = (L1 + L2)/2 − L0, and the polygon area is |Σ S|.
//!
//! Since `sin(kΔB/2)·cos(kBm) = (sin kB2 − sin kB1)/2`, the bracket is `(G(B2) − G(B1))/2`
//! with `G(B) = A sin B − B sin 3B + C sin 5B − D sin 7B + E sin 9B`, and expanding the multiple
//! angles shows `G(B) = s + ⅔e²s³ + ⅗e⁴s⁵ + 4⁄7e⁶s⁷ + 5⁄9e⁸s⁹` with `s = sin B`: the series
//! of the authalic (equal-area) latitude truncated after e⁸. So the survey formula is the
//! trapezoid (shoelace) rule in the plane (L, b²·G(B)) of the cylindrical equal-area projection,
//! and this module evaluates it that way: one `G` per vertex instead of ten sines per edge.
//! The two forms are the same polynomial; they agree to rounding (checked in the tests against
//! the literal per-edge form, [`SurveySeries::trapezoid_m2`]).
//!
//! The reference meridian L0 cancels on a closed ring; the ring's first vertex is used, which
//! keeps the summands small and the rounding error near 1e-15 of the area.
//!
//! # Assumptions
//! Each edge is the straight line between its ends in the equal-area plane. That is exact along
//! parallels and meridians (map-sheet areas) and differs from the geodesic by a lens of
//! order κ·s³ for an edge of length s; see the crate README for measured figures.

use geo_types::Coord;
use sanxian_types::Ellipsoid;
use serde::Serialize;

/// Which eccentricity the series is built with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Eccentricity {
    /// The first eccentricity e² = (a² − b²)/a², as the formula requires.
    First,
    /// The second eccentricity e′² = (a² − b²)/b² where e² belongs: the 2008 sample code's
    /// mistake, high by about 2(e′² − e²)·sin²B = 9.0e-5·sin²B (23 ppm at 30°N, 45 ppm at
    /// 45°N). Only to reproduce old software.
    SecondLegacy,
}

/// The survey area series on one ellipsoid, with its coefficients computed once.
///
/// # Examples
/// The theoretical area of the 1°×1° map cell between 30°N and 31°N on CGCS2000
/// (DOMAIN §3 check value):
/// ```
/// use sanxian_area::SurveySeries;
/// use sanxian_types::Ellipsoid;
/// let series = SurveySeries::new(&Ellipsoid::CGCS2000);
/// let area_m2 = series.sheet_area_m2(0.0, 30.0, 1.0, 31.0);
/// assert!((area_m2 - 10_642_393_438.71).abs() < 0.005);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SurveySeries {
    ellipsoid: Ellipsoid,
    eccentricity: Eccentricity,
    b2: f64,
    /// A, B, C, D, E.
    coefficients: [f64; 5],
    /// ⅔e², ⅗e⁴, 4⁄7e⁶, 5⁄9e⁸: G as a polynomial in sin B.
    poly: [f64; 4],
}

impl SurveySeries {
    /// The series of the survey formula on `ellipsoid`, with the first eccentricity.
    pub fn new(ellipsoid: &Ellipsoid) -> SurveySeries {
        SurveySeries::build(ellipsoid, Eccentricity::First)
    }

    /// The 2008 sample code's series: the second eccentricity e′² put where e² belongs.
    /// Reproduces areas of old software: larger than [`SurveySeries::new`] by about
    /// 9.0e-5·sin²B, 23 ppm at 30°N.
    pub fn legacy(ellipsoid: &Ellipsoid) -> SurveySeries {
        SurveySeries::build(ellipsoid, Eccentricity::SecondLegacy)
    }

    fn build(ellipsoid: &Ellipsoid, eccentricity: Eccentricity) -> SurveySeries {
        let e2 = match eccentricity {
            Eccentricity::First => ellipsoid.e2(),
            Eccentricity::SecondLegacy => ellipsoid.ep2(),
        };
        let e4 = e2 * e2;
        let e6 = e4 * e2;
        let e8 = e6 * e2;
        let a = 1.0
            + (3.0 / 6.0) * e2
            + (30.0 / 80.0) * e4
            + (35.0 / 112.0) * e6
            + (630.0 / 2304.0) * e8;
        let b = (1.0 / 6.0) * e2 + (15.0 / 80.0) * e4 + (21.0 / 112.0) * e6 + (420.0 / 2304.0) * e8;
        let c = (3.0 / 80.0) * e4 + (7.0 / 112.0) * e6 + (180.0 / 2304.0) * e8;
        let d = (1.0 / 112.0) * e6 + (45.0 / 2304.0) * e8;
        let e = (5.0 / 2304.0) * e8;
        let semi_minor = ellipsoid.b();
        SurveySeries {
            ellipsoid: *ellipsoid,
            eccentricity,
            b2: semi_minor * semi_minor,
            coefficients: [a, b, c, d, e],
            poly: [
                2.0 / 3.0 * e2,
                3.0 / 5.0 * e4,
                4.0 / 7.0 * e6,
                5.0 / 9.0 * e8,
            ],
        }
    }

    /// The ellipsoid.
    pub fn ellipsoid(&self) -> &Ellipsoid {
        &self.ellipsoid
    }

    /// Which eccentricity the coefficients were built with.
    pub fn eccentricity(&self) -> Eccentricity {
        self.eccentricity
    }

    /// The coefficients A, B, C, D, E of the formula.
    pub fn coefficients(&self) -> [f64; 5] {
        self.coefficients
    }

    /// b², the square of the semi-minor axis, in m².
    pub fn b_squared_m2(&self) -> f64 {
        self.b2
    }

    /// `G(B)` for `sin_b = sin B`: the bracket of the formula is `(G(B2) − G(B1))/2`.
    #[inline]
    pub fn g(&self, sin_b: f64) -> f64 {
        let s2 = sin_b * sin_b;
        let [p1, p2, p3, p4] = self.poly;
        sin_b * (1.0 + s2 * (p1 + s2 * (p2 + s2 * (p3 + s2 * p4))))
    }

    /// The signed trapezoid area S of one edge by the literal per-edge formula.
    ///
    /// # Units
    /// Latitudes B and longitudes L in radians; the result in m² (positive for an edge that runs
    /// north while east of `l0`).
    pub fn trapezoid_m2(&self, b1: f64, l1: f64, b2: f64, l2: f64, l0: f64) -> f64 {
        let [a, b, c, d, e] = self.coefficients;
        let db = b2 - b1;
        let bm = 0.5 * (b1 + b2);
        let dl = 0.5 * (l1 + l2) - l0;
        let k = |k: f64| (k * db / 2.0).sin() * (k * bm).cos();
        2.0 * self.b2 * dl * (a * k(1.0) - b * k(3.0) + c * k(5.0) - d * k(7.0) + e * k(9.0))
    }

    /// The theoretical area of the graticule cell (map sheet, 图幅理论面积) between two
    /// meridians and two parallels: exact for this series, since its edges lie on meridians and
    /// parallels.
    ///
    /// # Units
    /// Degrees in; m² out.
    ///
    /// # Examples
    /// ```
    /// use sanxian_area::SurveySeries;
    /// use sanxian_types::Ellipsoid;
    /// let s = SurveySeries::new(&Ellipsoid::CGCS2000);
    /// let legacy = SurveySeries::legacy(&Ellipsoid::CGCS2000);
    /// let (a, b) = (s.sheet_area_m2(0.0, 30.0, 1.0, 31.0), legacy.sheet_area_m2(0.0, 30.0, 1.0, 31.0));
    /// assert!(((b - a) / a - 23e-6).abs() < 1e-6);
    /// ```
    pub fn sheet_area_m2(&self, west: f64, south: f64, east: f64, north: f64) -> f64 {
        let dl = (east - west).to_radians();
        let dg = self.g(north.to_radians().sin()) - self.g(south.to_radians().sin());
        (self.b2 * dl * dg).abs()
    }

    /// Area of a ring of longitude/latitude vertices in degrees (closed or not), unsigned.
    ///
    /// # Units
    /// Degrees in; m² out.
    ///
    /// # Assumptions
    /// The ring does not contain a pole; longitudes are taken relative to the first vertex and
    /// wrapped into ±180°, so rings across the antimeridian are measured correctly.
    pub fn ring_area_m2_lonlat(&self, ring: &[Coord<f64>]) -> f64 {
        let Some(first) = ring.first() else {
            return 0.0;
        };
        let lon0 = first.x;
        let sum = trapezoid_sum(open_ring(ring).iter().map(|c| {
            (
                wrap_degrees(c.x - lon0).to_radians(),
                self.g(c.y.to_radians().sin()),
            )
        }));
        self.b2 * sum.abs()
    }
}

/// The ring without its closing vertex (geo-types rings repeat the first vertex at the end).
#[inline]
pub(crate) fn open_ring(ring: &[Coord<f64>]) -> &[Coord<f64>] {
    match ring {
        [first, .., last] if first == last => &ring[..ring.len() - 1],
        _ => ring,
    }
}

/// Longitude difference wrapped into [−180, 180).
#[inline]
pub(crate) fn wrap_degrees(d: f64) -> f64 {
    if (-180.0..180.0).contains(&d) {
        d
    } else {
        (d + 180.0).rem_euclid(360.0) - 180.0
    }
}

/// Σ (x_i + x_{i+1})(y_{i+1} − y_i)/2 over a cyclic sequence of points: the trapezoid rule of
/// the survey formula (with x = L − L0, y = G(B)), i.e. twice nothing but the shoelace area.
#[inline]
pub(crate) fn trapezoid_sum(mut points: impl Iterator<Item = (f64, f64)>) -> f64 {
    let Some((x0, y0)) = points.next() else {
        return 0.0;
    };
    let (mut px, mut py) = (x0, y0);
    let mut sum = 0.0;
    for (x, y) in points {
        sum += (px + x) * (y - py);
        px = x;
        py = y;
    }
    sum += (px + x0) * (y0 - py);
    0.5 * sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_and_telescoped_forms_agree() {
        let s = SurveySeries::new(&Ellipsoid::CGCS2000);
        let ring: [(f64, f64); 5] = [
            (116.91, 30.2),
            (117.05, 30.21),
            (117.2, 30.5),
            (117.0, 30.9),
            (116.8, 30.6),
        ];
        let l0 = 0.0;
        let mut literal = 0.0;
        for i in 0..ring.len() {
            let (l1, b1) = ring[i];
            let (l2, b2) = ring[(i + 1) % ring.len()];
            literal += s.trapezoid_m2(
                b1.to_radians(),
                l1.to_radians(),
                b2.to_radians(),
                l2.to_radians(),
                l0,
            );
        }
        let coords: Vec<Coord<f64>> = ring.iter().map(|&(x, y)| Coord { x, y }).collect();
        let fast = s.ring_area_m2_lonlat(&coords);
        assert!(
            ((literal.abs() - fast) / fast).abs() < 1e-12,
            "{literal} {fast}"
        );
    }

    #[test]
    fn coefficients_follow_the_expansion() {
        // G(90°) = A + B + C + D + E (sin 3·90° = sin 7·90° = −1) = 1 + ⅔e² + ⅗e⁴ + 4⁄7e⁶ + 5⁄9e⁸.
        let s = SurveySeries::new(&Ellipsoid::CGCS2000);
        let [a, b, c, d, e] = s.coefficients();
        assert!((a + b + c + d + e - s.g(1.0)).abs() < 1e-15);
    }

    #[test]
    fn wraps_longitudes() {
        assert_eq!(wrap_degrees(359.0), -1.0);
        assert_eq!(wrap_degrees(-181.0), 179.0);
        assert_eq!(wrap_degrees(12.5), 12.5);
    }
}
