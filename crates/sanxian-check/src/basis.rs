//! The mathematical basis of each input layer as delivered, measured before the layers are
//! brought into the working CRS: its CRS, how many decimals its coordinates carry, and how
//! many vertices lie outside the band of its Gauss-Krüger zone.

use rayon::prelude::*;
use sanxian_types::{Crs, Layer, ZoneWidth};

/// Decimals up to which [`LayerBasis::finer_than`] counts.
pub const MAX_DECIMALS: usize = 12;

/// The mathematical basis of one input layer, in its own CRS.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerBasis {
    /// The CRS of the file.
    pub crs: Option<Crs>,
    /// Vertices, closing points included.
    pub vertices: u64,
    /// `finer_than[d]`: vertices with a coordinate that is not a multiple of 10⁻ᵈ (in the
    /// layer's unit: metres or degrees), for d = 0 ..= [`MAX_DECIMALS`].
    pub finer_than: [u64; MAX_DECIMALS + 1],
    /// Vertices outside the longitude band of the layer's Gauss-Krüger zone (0 for other CRSs).
    pub outside_zone: u64,
    /// The first such vertex (in the layer's CRS).
    pub first_outside: Option<[f64; 2]>,
    /// The zone's band in degrees of longitude, when the layer has a Gauss-Krüger zone.
    pub zone_band: Option<(f64, f64)>,
}

/// The smallest number of decimals `d` at which `x` is a multiple of 10⁻ᵈ (within what an
/// `f64` of its size can tell), or `MAX_DECIMALS + 1` when none up to the maximum is.
fn decimals(x: f64) -> usize {
    decimals_from(x, 0)
}

const POW10: [f64; MAX_DECIMALS + 1] = {
    let mut p = [1.0; MAX_DECIMALS + 1];
    let mut d = 1;
    while d <= MAX_DECIMALS {
        p[d] = p[d - 1] * 10.0;
        d += 1;
    }
    p
};

/// Beyond this an f64 holds no fraction: every scaled value "has" the decimals.
const EXACT: f64 = 4_503_599_627_370_496.0; // 2⁵²

/// Whether `x` is a multiple of 10⁻ᵈ within what an `f64` of its size can tell (always, once
/// the scaled value leaves the range where an f64 holds fractions).
fn multiple_at(x: f64, d: usize) -> bool {
    let s = x * POW10[d];
    if s.abs() >= EXACT {
        return true;
    }
    let a = s.abs();
    let tol = (a * 8.0 * f64::EPSILON).max(1e-6);
    // The nearest integer, by adding and taking away 2⁵² (exact below 2⁵²): `f64::round` is a
    // call into libm on the baseline x86-64 target, and this runs for every coordinate.
    let nearest = (a + EXACT) - EXACT;
    (a - nearest).abs() <= tol
}

/// As [`decimals`], judging only `d ≥ from`.
fn decimals_from(x: f64, from: usize) -> usize {
    (from..=MAX_DECIMALS)
        .find(|&d| multiple_at(x, d))
        .unwrap_or(MAX_DECIMALS + 1)
}

impl LayerBasis {
    /// Measures a layer as read.
    pub fn of(layer: &Layer) -> LayerBasis {
        let band = match layer.crs {
            Some(Crs::GaussKruger { zone, .. }) => {
                let half = match zone.implied_width().or(zone.width) {
                    Some(ZoneWidth::Six) => 3.0,
                    _ => 1.5,
                };
                Some((zone.central_meridian - half, zone.central_meridian + half))
            }
            _ => None,
        };
        let inverse = layer.crs.as_ref().and_then(|c| c.projection());
        let false_easting = match layer.crs {
            Some(Crs::GaussKruger { zone, .. }) => Some(zone.false_easting),
            _ => None,
        };
        struct Acc {
            vertices: u64,
            // Vertices by their number of decimals (0 ..= MAX_DECIMALS + 1).
            by_decimals: [u64; MAX_DECIMALS + 2],
            outside: u64,
            first: Option<(u64, [f64; 2])>,
        }
        let per_feature: Vec<Acc> = layer
            .features
            .par_iter()
            .enumerate()
            .map(|(k, f)| {
                let mut a = Acc {
                    vertices: 0,
                    by_decimals: [0; MAX_DECIMALS + 2],
                    outside: 0,
                    first: None,
                };
                for (n, c) in f
                    .geometry
                    .0
                    .iter()
                    .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                    .flat_map(|r| r.0.iter())
                    .enumerate()
                {
                    a.vertices += 1;
                    let dx = decimals(c.x);
                    let d = decimals_from(c.y, dx);
                    a.by_decimals[d.min(MAX_DECIMALS + 1)] += 1;
                    if let (Some((w, e)), Some(tm), Some(fe)) = (band, &inverse, false_easting) {
                        // Inside for sure when nearer the central meridian than the band's
                        // narrowest half-width in China (1.5° at 54°N ≈ 98 km; 3°: 196 km).
                        let half_km = if e - w > 3.5 { 190_000.0 } else { 95_000.0 };
                        let sure = (c.x - fe).abs() < half_km && c.y.abs() < 6.0e6;
                        if !sure {
                            let (lon, _) = tm.inverse(c.x, c.y);
                            if lon < w - 1e-9 || lon > e + 1e-9 {
                                a.outside += 1;
                                if a.first.is_none() {
                                    a.first = Some((((k as u64) << 32) | n as u64, [c.x, c.y]));
                                }
                            }
                        }
                    }
                }
                a
            })
            .collect();
        let mut out = LayerBasis {
            crs: layer.crs,
            vertices: 0,
            finer_than: [0; MAX_DECIMALS + 1],
            outside_zone: 0,
            first_outside: None,
            zone_band: band,
        };
        for a in per_feature {
            out.vertices += a.vertices;
            for (t, s) in out.finer_than.iter_mut().enumerate() {
                *s += a.by_decimals[t + 1..].iter().sum::<u64>();
            }
            out.outside_zone += a.outside;
            if out.first_outside.is_none() {
                out.first_outside = a.first.map(|f| f.1);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::decimals;

    #[test]
    fn decimals_of_coordinates() {
        assert_eq!(decimals(39_512_345.0), 0);
        assert_eq!(decimals(39_512_345.5), 1);
        assert_eq!(decimals(39_512_345.123_4), 4);
        assert_eq!(decimals(3_360_000.001), 3);
        assert_eq!(decimals(117.123_456_789), 9);
        assert_eq!(decimals(0.1 + 0.2), 1);
        // A value with more digits than an f64 of its size can tell is judged at its limit.
        assert!(decimals(39_512_345.123_456_78) <= 9);
    }

    /// The nearest integer by 2⁵² is `f64::round`'s (but for ties, where both are 0.5 away).
    #[test]
    fn nearest_integer_as_round() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for n in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let x = (seed >> 11) as f64 / (1u64 << (n % 53)) as f64;
            let d = (n % 13) as usize;
            let s = x * super::POW10[d];
            if s >= super::EXACT {
                continue;
            }
            let tol = (s * 8.0 * f64::EPSILON).max(1e-6);
            assert_eq!(
                super::multiple_at(x, d),
                (s - s.round()).abs() <= tol,
                "{x:?} at {d}"
            );
        }
    }
}
