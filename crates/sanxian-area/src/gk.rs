//! The Gauss-Krüger inverse as the area needs it: longitude offset and sin/cos of latitude.
//!
//! # Why not `TransverseMercator::inverse`
//! The generic inverse of `sanxian-types` returns degrees and finds the geodetic latitude by
//! Newton's method on the conformal latitude (atanh, sinh, hypot per step, two or three steps),
//! then atan; the area needs only `λ − λ0` in radians and `sin B`. Here the same Krüger
//! n-series (Karney 2011, sixth order) takes ζ = ξ + iη to the conformal sphere, and then
//!
//! - `sin χ = sin ξ′ / cosh η′`, `cos χ = √(sinh²η′ + cos²ξ′) / cosh η′`, `tan λ = sinh η′ / cos ξ′`;
//! - the geodetic latitude is `φ = χ + Σ c_j sin 2jχ`, the conformal-to-geodetic series in the
//!   third flattening n to sixth order (error below 1e-16 rad), evaluated by Clenshaw from
//!   `sin χ`, `cos χ` without any trigonometric call;
//! - `sin ξ′`, `sinh η′` come from `sin ξ`, `sinh η` and the small Krüger corrections by
//!   angle-addition with Taylor sines (the corrections are below 4·10⁻³ rad);
//! - `λ = atan(tan λ)` by its odd power series when |tan λ| < 1/8 (±7° of the central
//!   meridian: every 3° or 6° zone), `atan2` beyond.
//!
//! That is one `sin_cos`, one `exp`, one `sqrt` and about eighty multiply-adds per vertex
//! ([`GaussKrugerInverse::dlon_sin_cos_lat`]). Along a ring two more steps remove the library
//! calls and the latency:
//!
//! - a cursor ([`GkCursor`]) keeps the exact `sin ξ`, `cos ξ`, `sinh η`, `cosh η` and λ of an
//!   anchor vertex; vertices within 12.7 km of it get theirs by angle addition with Taylor
//!   series of the difference (exact to 1e-25), and λ as the anchor's plus the small angle
//!   between them ([`GaussKrugerInverse::dlon_sin_cos_lat_near`]);
//! - four vertices go through every step together ([`GaussKrugerInverse::dlon_sin_lat_lanes`]),
//!   because one vertex alone is a chain of ~300 cycles of dependent operations that leaves the
//!   processor idle; four independent chains fill it.
//!
//! Measured: 53–57 ns per vertex for the whole ellipsoid area (inverse included) against 343–432 ns
//! with `TransverseMercator::inverse` (`benches/area.rs`). Checked against
//! `TransverseMercator::inverse` to 1e-10° across 3° and 6° zones, and each shortcut against
//! the direct path to a few 1e-16 rad (`tests/gauss_kruger.rs`).

use sanxian_types::{Ellipsoid, GkZone, KruegerSeries};

/// The Gauss-Krüger inverse of one zone on one ellipsoid, specialised for area computation.
///
/// Coordinates are (x east, y north) in metres, the GIS convention, as in
/// [`sanxian_types::TransverseMercator`].
///
/// # Examples
/// ```
/// use sanxian_area::GaussKrugerInverse;
/// use sanxian_types::{Ellipsoid, GkZone, TransverseMercator};
/// let zone = GkZone::three_degree_prefixed(39);
/// let fast = GaussKrugerInverse::new(&Ellipsoid::CGCS2000, &zone);
/// let exact = zone.projection(&Ellipsoid::CGCS2000);
/// let (lon, lat) = fast.lon_lat_deg(39_512_345.678, 3_456_789.012);
/// let (lon2, lat2) = exact.inverse(39_512_345.678, 3_456_789.012);
/// assert!((lon - lon2).abs() < 1e-10 && (lat - lat2).abs() < 1e-10);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GaussKrugerInverse {
    lon0_deg: f64,
    fe: f64,
    fnorth: f64,
    /// 1 / (k0 · rectifying radius).
    inv_k0a: f64,
    /// Krüger's β_j, ζ → ζ′.
    beta: [f64; 6],
    /// Conformal → geodetic latitude, φ = χ + Σ c_j sin 2jχ.
    chi: [f64; 6],
}

impl GaussKrugerInverse {
    /// The inverse of `zone` on `ellipsoid`.
    pub fn new(ellipsoid: &Ellipsoid, zone: &GkZone) -> GaussKrugerInverse {
        GaussKrugerInverse::with_parameters(
            ellipsoid,
            zone.central_meridian,
            zone.scale_factor,
            zone.false_easting,
            zone.false_northing,
        )
    }

    /// The inverse of the transverse Mercator with central meridian `lon0` (degrees), scale
    /// `k0`, and false easting/northing in metres.
    pub fn with_parameters(
        ellipsoid: &Ellipsoid,
        lon0: f64,
        k0: f64,
        fe: f64,
        fnorth: f64,
    ) -> GaussKrugerInverse {
        let k = KruegerSeries::new(ellipsoid);
        let (rect, beta, chi) = (k.rectifying_radius, k.beta, k.chi);
        GaussKrugerInverse {
            lon0_deg: lon0,
            fe,
            fnorth,
            inv_k0a: 1.0 / (k0 * rect),
            beta,
            chi,
        }
    }

    /// Central meridian in degrees.
    pub fn central_meridian(&self) -> f64 {
        self.lon0_deg
    }

    /// False easting in metres.
    pub fn false_easting(&self) -> f64 {
        self.fe
    }

    /// (λ − λ0, sin B, cos B) of the projected point (x east, y north).
    ///
    /// # Units
    /// Metres in; the longitude offset from the central meridian in radians.
    #[inline]
    pub fn dlon_sin_cos_lat(&self, x: f64, y: f64) -> (f64, f64, f64) {
        let xi = (y - self.fnorth) * self.inv_k0a;
        let eta = (x - self.fe) * self.inv_k0a;
        let (s, c) = xi.sin_cos();
        let (sh, ch) = sinh_cosh(eta);
        let (shp, cxp, sin_phi, cos_phi) = self.after_trig(s, c, sh, ch);
        (atan_ratio(shp, cxp), sin_phi, cos_phi)
    }

    /// [`GaussKrugerInverse::dlon_sin_cos_lat`] for a sequence of nearby points, such as the
    /// vertices of a ring: the same figures to rounding, about twice as fast.
    ///
    /// The cursor keeps the exact `sin ξ`, `cos ξ`, `sinh η`, `cosh η` and longitude of an
    /// anchor point; points within 0.002 rad (12.7 km) of it get theirs by angle addition with
    /// Taylor series of the small difference, and the longitude as the anchor's plus the small
    /// angle between them. A point farther away becomes the new anchor. Start each sequence
    /// with `GkCursor::default()`.
    ///
    /// # Units
    /// Metres in; the longitude offset from the central meridian in radians.
    #[inline]
    pub fn dlon_sin_cos_lat_near(&self, x: f64, y: f64, cursor: &mut GkCursor) -> (f64, f64, f64) {
        let xi = (y - self.fnorth) * self.inv_k0a;
        let eta = (x - self.fe) * self.inv_k0a;
        let a = &cursor.anchor;
        let (d1, d2) = (xi - a.xi, eta - a.eta);
        if !cursor.set || d1.abs() > ANCHOR_STEP || d2.abs() > ANCHOR_STEP {
            let (s, c) = xi.sin_cos();
            let (sh, ch) = sinh_cosh(eta);
            let (shp, cxp, sin_phi, cos_phi) = self.after_trig(s, c, sh, ch);
            let lam = atan_ratio(shp, cxp);
            *cursor = GkCursor {
                set: true,
                anchor: Anchor {
                    xi,
                    s,
                    c,
                    eta,
                    sh,
                    ch,
                    shp,
                    cxp,
                    lam,
                },
            };
            return (lam, sin_phi, cos_phi);
        }
        let (sd, cd) = taylor_sin_cos(d1);
        let s = a.s * cd + a.c * sd;
        let c = a.c * cd - a.s * sd;
        let (shd, chd) = taylor_sinh_cosh(d2);
        let sh = a.sh * chd + a.ch * shd;
        let ch = a.ch * chd + a.sh * shd;
        let (shp, cxp, sin_phi, cos_phi) = self.after_trig(s, c, sh, ch);
        // λ − λ_anchor is the angle between (cos ξ′, sinh η′) and the anchor's.
        let cross = shp * a.cxp - cxp * a.shp;
        let dot = cxp * a.cxp + shp * a.shp;
        (a.lam + atan_small(cross / dot), sin_phi, cos_phi)
    }

    /// [`GaussKrugerInverse::dlon_sin_cos_lat_near`] for [`LANES`] points at once, all from the
    /// cursor's anchor: the same arithmetic step by step across the lanes, so that the
    /// processor works on independent chains (one point alone is a ~300-cycle chain of
    /// dependent operations). Returns (λ − λ0, sin B) per lane, or `None` when the cursor has
    /// no anchor or a point is farther than [`LANE_ANCHOR_STEP`] from it; then use the one-point
    /// method, which moves the anchor.
    #[inline]
    pub fn dlon_sin_lat_lanes(
        &self,
        x: &Lanes,
        y: &Lanes,
        cursor: &GkCursor,
    ) -> Option<(Lanes, Lanes)> {
        let a = cursor.anchor()?;
        let d1 = lanes(|i| (y[i] - self.fnorth) * self.inv_k0a - a.xi);
        let d2 = lanes(|i| (x[i] - self.fe) * self.inv_k0a - a.eta);
        if (0..LANES).any(|i| !(d1[i].abs() <= LANE_ANCHOR_STEP && d2[i].abs() <= LANE_ANCHOR_STEP))
        {
            return None;
        }
        // sin ξ, cos ξ, sinh η, cosh η by angle addition from the anchor.
        let sc = lanes2(|i| taylor_sin_cos(d1[i]));
        let shc = lanes2(|i| taylor_sinh_cosh(d2[i]));
        let s = lanes(|i| a.s * sc.1[i] + a.c * sc.0[i]);
        let c = lanes(|i| a.c * sc.1[i] - a.s * sc.0[i]);
        let sh = lanes(|i| a.sh * shc.1[i] + a.ch * shc.0[i]);
        let ch = lanes(|i| a.ch * shc.1[i] + a.sh * shc.0[i]);
        // ζ′ = ζ − Σ β_j sin 2jζ (Clenshaw, lane by lane).
        let s2 = lanes(|i| 2.0 * s[i] * c[i]);
        let c2 = lanes(|i| (c[i] - s[i]) * (c[i] + s[i]));
        let sh2 = lanes(|i| 2.0 * sh[i] * ch[i]);
        let ch2 = lanes(|i| sh[i] * sh[i] + ch[i] * ch[i]);
        let tr = lanes(|i| 2.0 * c2[i] * ch2[i]);
        let ti = lanes(|i| -2.0 * s2[i] * sh2[i]);
        let (mut b1r, mut b1i, mut b2r, mut b2i) =
            ([0.0; LANES], [0.0; LANES], [0.0; LANES], [0.0; LANES]);
        for &cj in self.beta.iter().rev() {
            let b0r = lanes(|i| tr[i] * b1r[i] - ti[i] * b1i[i] - b2r[i] + cj);
            let b0i = lanes(|i| tr[i] * b1i[i] + ti[i] * b1r[i] - b2i[i]);
            b2r = b1r;
            b2i = b1i;
            b1r = b0r;
            b1i = b0i;
        }
        let sr = lanes(|i| s2[i] * ch2[i]);
        let si = lanes(|i| c2[i] * sh2[i]);
        let d_xi = lanes(|i| sr[i] * b1r[i] - si[i] * b1i[i]);
        let d_eta = lanes(|i| sr[i] * b1i[i] + si[i] * b1r[i]);
        let sdc = lanes2(|i| taylor_sin_cos(d_xi[i]));
        let shd = lanes2(|i| taylor_sinh_cosh(d_eta[i]));
        let sxp = lanes(|i| s[i] * sdc.1[i] - c[i] * sdc.0[i]);
        let cxp = lanes(|i| c[i] * sdc.1[i] + s[i] * sdc.0[i]);
        let shp = lanes(|i| sh[i] * shd.1[i] - ch[i] * shd.0[i]);
        let chp = lanes(|i| ch[i] * shd.1[i] - sh[i] * shd.0[i]);
        // Conformal latitude; longitude from the anchor's by the angle between them.
        let inv_chp = lanes(|i| 1.0 / chp[i]);
        let sin_chi = lanes(|i| sxp[i] * inv_chp[i]);
        let cos_chi = lanes(|i| (shp[i] * shp[i] + cxp[i] * cxp[i]).sqrt() * inv_chp[i]);
        let u = lanes(|i| (shp[i] * a.cxp - cxp[i] * a.shp) / (cxp[i] * a.cxp + shp[i] * a.shp));
        if (0..LANES).any(|i| u[i].is_nan() || u[i].abs() > LANE_MAX_ANGLE) {
            return None;
        }
        let lam = lanes(|i| a.lam + atan_series(u[i]));
        // Geodetic latitude φ = χ + Σ c_j sin 2jχ.
        let s2c = lanes(|i| 2.0 * sin_chi[i] * cos_chi[i]);
        let t = lanes(|i| 2.0 * (cos_chi[i] - sin_chi[i]) * (cos_chi[i] + sin_chi[i]));
        let (mut b1, mut b2) = ([0.0; LANES], [0.0; LANES]);
        for &cj in self.chi.iter().rev() {
            let b0 = lanes(|i| t[i] * b1[i] - b2[i] + cj);
            b2 = b1;
            b1 = b0;
        }
        let dsc = lanes2(|i| taylor_sin_cos(s2c[i] * b1[i]));
        let sin_phi = lanes(|i| sin_chi[i] * dsc.1[i] + cos_chi[i] * dsc.0[i]);
        Some((lam, sin_phi))
    }

    /// From sin ξ, cos ξ, sinh η, cosh η to (sinh η′, cos ξ′, sin φ, cos φ).
    #[inline(always)]
    fn after_trig(&self, s: f64, c: f64, sh: f64, ch: f64) -> (f64, f64, f64, f64) {
        // ζ′ = ζ − Σ β_j sin 2jζ, by Clenshaw on sin 2ζ, cos 2ζ built from sin ξ, sinh η.
        let s2 = 2.0 * s * c;
        let c2 = (c - s) * (c + s);
        let sh2 = 2.0 * sh * ch;
        let ch2 = sh * sh + ch * ch;
        let (d_xi, d_eta) = clenshaw_complex(&self.beta, s2, c2, sh2, ch2);
        let (sd, cd) = small_sin_cos(d_xi);
        let sxp = s * cd - c * sd;
        let cxp = c * cd + s * sd;
        let (shd, chd) = small_sinh_cosh(d_eta);
        let shp = sh * chd - ch * shd;
        let chp = ch * chd - sh * shd;
        // Conformal latitude on the sphere.
        let r = (shp * shp + cxp * cxp).sqrt();
        let inv_chp = 1.0 / chp;
        let sin_chi = sxp * inv_chp;
        let cos_chi = r * inv_chp;
        // Geodetic latitude φ = χ + δ.
        let s2c = 2.0 * sin_chi * cos_chi;
        let c2c = (cos_chi - sin_chi) * (cos_chi + sin_chi);
        let delta = clenshaw_real(&self.chi, s2c, c2c);
        let (sdel, cdel) = small_sin_cos(delta);
        let sin_phi = sin_chi * cdel + cos_chi * sdel;
        let cos_phi = cos_chi * cdel - sin_chi * sdel;
        (shp, cxp, sin_phi, cos_phi)
    }

    /// Longitude and latitude in degrees of the projected point (x east, y north) in metres.
    pub fn lon_lat_deg(&self, x: f64, y: f64) -> (f64, f64) {
        let (lam, s, c) = self.dlon_sin_cos_lat(x, y);
        (self.lon0_deg + lam.to_degrees(), s.atan2(c).to_degrees())
    }
}

/// Farthest (in ξ or η, radians of the conformal sphere) a point may be from the cursor's anchor
/// before it becomes the new anchor: 0.002 rad, 12.7 km. Within it the Taylor series used are
/// exact to 1e-25, and the longitude difference stays below [`LANE_MAX_ANGLE`] up to 85°N.
const ANCHOR_STEP: f64 = 0.002;

/// State of [`GaussKrugerInverse::dlon_sin_cos_lat_near`] along a sequence of nearby points.
#[derive(Debug, Clone, Copy, Default)]
pub struct GkCursor {
    set: bool,
    anchor: Anchor,
}

impl GkCursor {
    /// The anchor, once one is set.
    fn anchor(&self) -> Option<&Anchor> {
        self.set.then_some(&self.anchor)
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Anchor {
    xi: f64,
    s: f64,
    c: f64,
    eta: f64,
    sh: f64,
    ch: f64,
    shp: f64,
    cxp: f64,
    lam: f64,
}

/// Points computed together by [`GaussKrugerInverse::dlon_sin_lat_lanes`].
pub const LANES: usize = 4;

/// One value per lane.
pub type Lanes = [f64; LANES];

/// Farthest (in ξ or η) a lane may be from the anchor: 0.002 rad, 12.7 km, as for one point.
pub const LANE_ANCHOR_STEP: f64 = ANCHOR_STEP;

/// Largest longitude difference (as tan) from the anchor the lanes take, 0.05 (2.9°).
const LANE_MAX_ANGLE: f64 = 0.05;

#[inline(always)]
fn lanes(f: impl FnMut(usize) -> f64) -> Lanes {
    std::array::from_fn(f)
}

#[inline(always)]
fn lanes2(mut f: impl FnMut(usize) -> (f64, f64)) -> (Lanes, Lanes) {
    let mut a = [0.0; LANES];
    let mut b = [0.0; LANES];
    for i in 0..LANES {
        (a[i], b[i]) = f(i);
    }
    (a, b)
}

#[inline]
fn sinh_cosh(x: f64) -> (f64, f64) {
    let e = x.exp();
    let ie = 1.0 / e;
    (0.5 * (e - ie), 0.5 * (e + ie))
}

/// sin and cos by Taylor series, for |d| ≤ [`ANCHOR_STEP`] (error below 1e-20).
#[inline(always)]
fn taylor_sin_cos(d: f64) -> (f64, f64) {
    let d2 = d * d;
    let s = d * (1.0 - d2 * (1.0 / 6.0) * (1.0 - d2 * (1.0 / 20.0) * (1.0 - d2 * (1.0 / 42.0))));
    let c = 1.0 - d2 * 0.5 * (1.0 - d2 * (1.0 / 12.0) * (1.0 - d2 * (1.0 / 30.0)));
    (s, c)
}

/// sinh and cosh by Taylor series, for |d| ≤ [`ANCHOR_STEP`].
#[inline(always)]
fn taylor_sinh_cosh(d: f64) -> (f64, f64) {
    let d2 = d * d;
    let s = d * (1.0 + d2 * (1.0 / 6.0) * (1.0 + d2 * (1.0 / 20.0) * (1.0 + d2 * (1.0 / 42.0))));
    let c = 1.0 + d2 * 0.5 * (1.0 + d2 * (1.0 / 12.0) * (1.0 + d2 * (1.0 / 30.0)));
    (s, c)
}

/// atan(u) for small u by its series to u¹³ (|u| ≤ 0.02: error below 1e-26), `atan` beyond.
#[inline(always)]
fn atan_small(u: f64) -> f64 {
    if u.abs() > 0.02 {
        return u.atan();
    }
    atan_series(u)
}

/// The series of atan to u¹³, for |u| ≤ [`LANE_MAX_ANGLE`] (error below 2e-21 relative).
#[inline(always)]
fn atan_series(u: f64) -> f64 {
    let w = u * u;
    u * (1.0
        - w * (1.0 / 3.0
            - w * (1.0 / 5.0
                - w * (1.0 / 7.0 - w * (1.0 / 9.0 - w * (1.0 / 11.0 - w * (1.0 / 13.0)))))))
}

/// Σ c_j sin(2jζ), ζ = ξ + iη, j = 1..6, from sin 2ξ, cos 2ξ, sinh 2η, cosh 2η (Clenshaw).
#[inline]
fn clenshaw_complex(c: &[f64; 6], s2: f64, c2: f64, sh2: f64, ch2: f64) -> (f64, f64) {
    // sin 2ζ = sin 2ξ cosh 2η + i cos 2ξ sinh 2η; 2 cos 2ζ = 2(cos 2ξ cosh 2η − i sin 2ξ sinh 2η)
    let (sr, si) = (s2 * ch2, c2 * sh2);
    let (tr, ti) = (2.0 * c2 * ch2, -2.0 * s2 * sh2);
    let (mut b1r, mut b1i) = (0.0, 0.0);
    let (mut b2r, mut b2i) = (0.0, 0.0);
    for &cj in c.iter().rev() {
        let b0r = tr * b1r - ti * b1i - b2r + cj;
        let b0i = tr * b1i + ti * b1r - b2i;
        b2r = b1r;
        b2i = b1i;
        b1r = b0r;
        b1i = b0i;
    }
    (sr * b1r - si * b1i, sr * b1i + si * b1r)
}

/// Σ c_j sin(2jχ), j = 1..6, from sin 2χ and cos 2χ (Clenshaw).
#[inline]
fn clenshaw_real(c: &[f64; 6], s2: f64, c2: f64) -> f64 {
    let t = 2.0 * c2;
    let (mut b1, mut b2) = (0.0, 0.0);
    for &cj in c.iter().rev() {
        let b0 = t * b1 - b2 + cj;
        b2 = b1;
        b1 = b0;
    }
    s2 * b1
}

/// sin and cos of a small angle by Taylor series (|d| ≤ 0.01 rad: error below 1e-20),
/// `sin_cos` beyond.
#[inline]
fn small_sin_cos(d: f64) -> (f64, f64) {
    if d.abs() > 0.01 {
        return d.sin_cos();
    }
    taylor_sin_cos(d)
}

/// sinh and cosh of a small argument by Taylor series, the exponential beyond 0.01.
#[inline]
fn small_sinh_cosh(d: f64) -> (f64, f64) {
    if d.abs() > 0.01 {
        return sinh_cosh(d);
    }
    taylor_sinh_cosh(d)
}

/// atan(y/x) for x > 0 by the power series when |y/x| < 1/8 (truncation below 1e-19
/// relative), `atan2` otherwise.
#[inline]
fn atan_ratio(y: f64, x: f64) -> f64 {
    if x > 0.0 && y.abs() < 0.125 * x {
        let z = y / x;
        let w = z * z;
        // 1 − w/3 + w²/5 − … − w⁹/19
        let p = 1.0
            - w * (1.0 / 3.0
                - w * (1.0 / 5.0
                    - w * (1.0 / 7.0
                        - w * (1.0 / 9.0
                            - w * (1.0 / 11.0
                                - w * (1.0 / 13.0
                                    - w * (1.0 / 15.0 - w * (1.0 / 17.0 - w * (1.0 / 19.0)))))))));
        z * p
    } else {
        y.atan2(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_angle_helpers_match_libm() {
        for &d in &[0.0, 1e-9, -3.3e-3, 0.0099, 0.02, -0.5] {
            let (s, c) = small_sin_cos(d);
            assert!((s - d.sin()).abs() < 1e-17 && (c - d.cos()).abs() < 2e-16);
            let (sh, ch) = small_sinh_cosh(d);
            assert!((sh - d.sinh()).abs() < 1e-16 && (ch - d.cosh()).abs() < 3e-16);
        }
        for &z in &[0.0, 1e-6, 0.05, -0.1249, 0.2, -3.0] {
            assert!(
                (atan_ratio(z, 1.0) - z.atan()).abs() <= 2e-16 * z.abs(),
                "{z}"
            );
        }
        assert!((atan_ratio(1.0, -1.0) - 1.0f64.atan2(-1.0)).abs() < 1e-16);
    }
}
