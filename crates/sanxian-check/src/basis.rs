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
    let mut scale = 1.0f64;
    for d in 0..=MAX_DECIMALS {
        let s = x * scale;
        // An f64 holds about 15.9 significant digits: beyond them every value "has" the
        // decimals, so stop judging when the scaled value leaves the exact integer range.
        if s.abs() >= 2f64.powi(52) {
            return d;
        }
        let tol = (s.abs() * 8.0 * f64::EPSILON).max(1e-6);
        if (s - s.round()).abs() <= tol {
            return d;
        }
        scale *= 10.0;
    }
    MAX_DECIMALS + 1
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
            finer: [u64; MAX_DECIMALS + 1],
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
                    finer: [0; MAX_DECIMALS + 1],
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
                    let d = decimals(c.x).max(decimals(c.y));
                    for slot in &mut a.finer[..d.min(MAX_DECIMALS + 1)] {
                        *slot += 1;
                    }
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
            for (s, v) in out.finer_than.iter_mut().zip(a.finer) {
                *s += v;
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
}
