//! Areas the generator writes into `MJ`/`DCMJ`, and the small planar tools it needs to state the
//! expected facts of planted errors.
//!
//! # Method
//! `MJ` is the **ellipsoid area** of the official land-survey method (国土调查办发〔2008〕32号, see
//! `DOMAIN.md` §3): every vertex is inverted from EPSG:4527 Gauss-Krüger coordinates to (B, L) on
//! CGCS2000 with [`sanxian_types::TransverseMercator`], then the trapezoid series with the *first*
//! eccentricity is summed over the edges, holes subtracted, and the result rounded half away from
//! zero to 0.01 m². No densification is applied: every generated edge is shorter than the 70 m
//! threshold of the third-survey practice, so densifying would not change the figure.

use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use sanxian_types::{Ellipsoid, GkZone, TransverseMercator};

use crate::rng::sin_cos;

/// The ellipsoid-area calculator of one Gauss-Krüger zone.
#[derive(Debug, Clone, Copy)]
pub struct EllipsoidArea {
    tm: TransverseMercator,
    lon0: f64,
    b2: f64,
    coef: [f64; 5],
}

impl EllipsoidArea {
    /// The calculator for coordinates of `zone` on `ellipsoid`.
    pub fn new(ellipsoid: &Ellipsoid, zone: &GkZone) -> Self {
        let e2 = ellipsoid.e2();
        let (e4, e6, e8) = (e2 * e2, e2 * e2 * e2, e2 * e2 * e2 * e2);
        let a = 1.0 + 3.0 / 6.0 * e2 + 30.0 / 80.0 * e4 + 35.0 / 112.0 * e6 + 630.0 / 2304.0 * e8;
        let b = 1.0 / 6.0 * e2 + 15.0 / 80.0 * e4 + 21.0 / 112.0 * e6 + 420.0 / 2304.0 * e8;
        let c = 3.0 / 80.0 * e4 + 7.0 / 112.0 * e6 + 180.0 / 2304.0 * e8;
        let d = 1.0 / 112.0 * e6 + 45.0 / 2304.0 * e8;
        let e = 5.0 / 2304.0 * e8;
        let bb = ellipsoid.b();
        EllipsoidArea {
            tm: zone.projection(ellipsoid),
            lon0: zone.central_meridian,
            b2: bb * bb,
            coef: [a, b, c, d, e],
        }
    }

    /// EPSG:4527 (CGCS2000, 3° Gauss-Krüger zone 39 with prefix).
    pub fn epsg4527() -> Self {
        EllipsoidArea::new(&Ellipsoid::CGCS2000, &GkZone::three_degree_prefixed(39))
    }

    /// Signed ellipsoid area of a ring of projected coordinates, m² (positive when
    /// counter-clockwise).
    ///
    /// # Units
    /// Square metres on the ellipsoid.
    pub fn ring_signed(&self, ring: &[Coord<f64>]) -> f64 {
        let bl: Vec<(f64, f64)> = ring
            .iter()
            .map(|c| {
                let (lon, lat) = self.tm.inverse(c.x, c.y);
                (lat.to_radians(), (lon - self.lon0).to_radians())
            })
            .collect();
        self.ring_signed_radians(&bl)
    }

    /// Signed ellipsoid area of a closed ring given as (B, L) in radians, L relative to any fixed
    /// meridian (the sum telescopes, so the reference meridian does not matter).
    pub fn ring_signed_radians(&self, bl: &[(f64, f64)]) -> f64 {
        let [a, b, c, d, e] = self.coef;
        let mut sum = 0.0;
        for w in bl.windows(2) {
            let ((b1, l1), (b2, l2)) = (w[0], w[1]);
            let db = b2 - b1;
            let bm = 0.5 * (b1 + b2);
            let dl = 0.5 * (l1 + l2);
            // sin(kΔB/2) and cos(kBm) for k = 1, 3, 5, 7, 9 by the Chebyshev recurrence
            // f((k+2)x) = 2cos(2x)·f(kx) − f((k−2)x): two sin/cos evaluations per edge.
            let (s1, c1) = sin_cos(0.5 * db);
            let (sb, cb) = sin_cos(bm);
            let t = 2.0 * (c1 * c1 - s1 * s1);
            let u = 2.0 * (cb * cb - sb * sb);
            let (s3, k3) = (t * s1 + s1, u * cb - cb);
            let (s5, k5) = (t * s3 - s1, u * k3 - cb);
            let (s7, k7) = (t * s5 - s3, u * k5 - k3);
            let (s9, k9) = (t * s7 - s5, u * k7 - k5);
            let s = a * s1 * cb - b * s3 * k3 + c * s5 * k5 - d * s7 * k7 + e * s9 * k9;
            sum += dl * s;
        }
        // Green's theorem: ∮ L dB is positive for a counter-clockwise ring in (L east, B north).
        2.0 * self.b2 * sum
    }

    /// Ellipsoid area of a polygon (shell minus holes), m².
    pub fn polygon(&self, p: &Polygon<f64>) -> f64 {
        self.ring_signed(&p.exterior().0).abs()
            - p.interiors()
                .iter()
                .map(|r| self.ring_signed(&r.0).abs())
                .sum::<f64>()
    }

    /// Ellipsoid area of a multipolygon (sum of its parts), m².
    pub fn multi_polygon(&self, mp: &MultiPolygon<f64>) -> f64 {
        mp.0.iter().map(|p| self.polygon(p)).sum()
    }
}

/// Rounds half away from zero to 0.01, the precision of `MJ`.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Signed planar (shoelace) area of a closed ring, m²; positive when counter-clockwise
/// ([`sanxian_types::planar::ring_signed_area`]).
pub fn planar_signed(ring: &[Coord<f64>]) -> f64 {
    sanxian_types::planar::ring_signed_area(ring)
}

/// Planar area of a polygon (shell minus holes), m².
pub fn planar_polygon(p: &Polygon<f64>) -> f64 {
    planar_signed(&p.exterior().0).abs()
        - p.interiors()
            .iter()
            .map(|r| planar_signed(&r.0).abs())
            .sum::<f64>()
}

/// Perimeter of a closed ring, m.
pub fn perimeter(ring: &[Coord<f64>]) -> f64 {
    ring.windows(2)
        .map(|w| (w[1].x - w[0].x).hypot(w[1].y - w[0].y))
        .sum()
}

/// Clips a closed ring by a convex counter-clockwise closed ring (Sutherland–Hodgman).
///
/// The subject may be any simple ring; the result may have degenerate (zero-width) bridges, but
/// its signed area is the area of the intersection, which is all it is used for.
pub fn clip_convex(subject: &[Coord<f64>], clip: &[Coord<f64>]) -> Vec<Coord<f64>> {
    let mut out: Vec<Coord<f64>> = subject[..subject.len().saturating_sub(1)].to_vec();
    for w in clip.windows(2) {
        let (a, b) = (w[0], w[1]);
        let inside = |p: Coord<f64>| (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x) >= 0.0;
        let input = std::mem::take(&mut out);
        for (i, &p) in input.iter().enumerate() {
            let q = input[(i + 1) % input.len()];
            match (inside(p), inside(q)) {
                (true, true) => out.push(q),
                (true, false) => out.push(line_cross(p, q, a, b)),
                (false, true) => {
                    out.push(line_cross(p, q, a, b));
                    out.push(q);
                }
                (false, false) => {}
            }
        }
        if out.is_empty() {
            return out;
        }
    }
    if let Some(&first) = out.first() {
        out.push(first);
    }
    out
}

/// Area of the intersection of a polygon with a convex counter-clockwise ring, m² (planar).
pub fn planar_overlap_convex(p: &Polygon<f64>, clip: &[Coord<f64>]) -> f64 {
    let shell = planar_signed(&clip_convex(&p.exterior().0, clip)).abs();
    let holes: f64 = p
        .interiors()
        .iter()
        .map(|r| planar_signed(&clip_convex(&r.0, clip)).abs())
        .sum();
    shell - holes
}

/// Intersection of the line through p, q with the line through a, b.
fn line_cross(p: Coord<f64>, q: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> Coord<f64> {
    let r = q - p;
    let s = b - a;
    let denom = r.x * s.y - r.y * s.x;
    let t = ((a.x - p.x) * s.y - (a.y - p.y) * s.x) / denom;
    Coord {
        x: p.x + t * r.x,
        y: p.y + t * r.y,
    }
}

/// The crossing point of segments p1–p2 and q1–q2 when they properly cross.
pub fn segment_crossing(
    p1: Coord<f64>,
    p2: Coord<f64>,
    q1: Coord<f64>,
    q2: Coord<f64>,
) -> Option<Coord<f64>> {
    let orient = |a: Coord<f64>, b: Coord<f64>, c: Coord<f64>| {
        (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
    };
    let (d1, d2) = (orient(q1, q2, p1), orient(q1, q2, p2));
    let (d3, d4) = (orient(p1, p2, q1), orient(p1, p2, q2));
    (d1 * d2 < 0.0 && d3 * d4 < 0.0).then(|| line_cross(p1, p2, q1, q2))
}

/// A closed axis-aligned counter-clockwise rectangle centred on `c`.
pub fn rect_ring(c: Coord<f64>, half_w: f64, half_h: f64) -> Vec<Coord<f64>> {
    let (x0, x1, y0, y1) = (c.x - half_w, c.x + half_w, c.y - half_h, c.y + half_h);
    [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
        .into_iter()
        .map(|(x, y)| Coord { x, y })
        .collect()
}

/// A polygon without holes from a closed ring.
pub fn polygon(ring: Vec<Coord<f64>>) -> Polygon<f64> {
    Polygon::new(LineString(ring), vec![])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_degree_cell_matches_the_official_check_value() {
        let ea = EllipsoidArea::epsg4527();
        let r = |deg: f64| deg.to_radians();
        // 30°–31°N, 1° of longitude, counter-clockwise.
        let cell = [
            (r(30.0), r(0.0)),
            (r(30.0), r(1.0)),
            (r(31.0), r(1.0)),
            (r(31.0), r(0.0)),
            (r(30.0), r(0.0)),
        ];
        let area = ea.ring_signed_radians(&cell);
        assert!((area - 10_642_393_438.71).abs() < 0.01, "{area}");
    }

    #[test]
    fn ellipsoid_area_is_close_to_planar_near_the_central_meridian() {
        let ea = EllipsoidArea::epsg4527();
        let ring = rect_ring(
            Coord {
                x: 39_500_000.0,
                y: 3_350_000.0,
            },
            50.0,
            50.0,
        );
        let a = ea.ring_signed(&ring);
        // On the central meridian the scale factor is 1: the areas agree to a few ppm.
        assert!((a - 10_000.0).abs() < 0.05, "{a}");
        assert!((planar_signed(&ring) - 10_000.0).abs() < 1e-9);
    }

    #[test]
    fn clipping_by_a_square() {
        let square = rect_ring(Coord { x: 0.0, y: 0.0 }, 1.0, 1.0);
        // An L-shaped (non-convex) subject half covering the clip square.
        let l: Vec<Coord<f64>> = [
            (0.0, -3.0),
            (3.0, -3.0),
            (3.0, 3.0),
            (-0.5, 3.0),
            (-0.5, 2.0),
            (0.0, 2.0),
            (0.0, -3.0),
        ]
        .into_iter()
        .map(|(x, y)| Coord { x, y })
        .collect();
        let a = planar_signed(&clip_convex(&l, &square));
        assert!((a - 2.0).abs() < 1e-12, "{a}");
        let x = segment_crossing(
            Coord { x: 0.0, y: 0.0 },
            Coord { x: 2.0, y: 2.0 },
            Coord { x: 0.0, y: 2.0 },
            Coord { x: 2.0, y: 0.0 },
        );
        assert_eq!(x, Some(Coord { x: 1.0, y: 1.0 }));
    }
}
