//! Seeded randomness and platform-independent arithmetic.
//!
//! Everything the generator draws comes from [`SplitMix64`] streams or from [`hash`] of a seed and
//! grid indices, so the output depends only on the seed and the scale. Trigonometry goes through
//! [`sin_cos`], written with `+`, `*` and `/` only: IEEE 754 makes those (and `sqrt`) exact to the
//! last bit on every machine, whereas the platform `libm` may differ in the last ulp.

/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, fast, full-period 64-bit generator.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

impl SplitMix64 {
    /// A generator for `seed` on the stream named by `tag` (independent streams per purpose).
    pub fn new(seed: u64, tag: u64) -> Self {
        SplitMix64 {
            state: mix(seed ^ mix(tag.wrapping_add(GOLDEN))),
        }
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix(self.state)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        to_unit(self.next_u64())
    }

    /// Uniform in [-1, 1).
    pub fn signed(&mut self) -> f64 {
        2.0 * self.unit() - 1.0
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform integer in 0..n (n > 0), by Lemire's multiply-shift (bias < 2⁻⁶⁴·n).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// The SplitMix64 finaliser: a bijective avalanche mix of 64 bits.
#[inline]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A hash of a seed and up to three indices, for values attached to grid nodes and edges that
/// must come out the same whichever neighbour asks for them.
#[inline]
pub fn hash(seed: u64, a: u64, b: u64, c: u64) -> u64 {
    let mut h = mix(seed ^ GOLDEN);
    h = mix(h ^ a.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    h = mix(h ^ b.wrapping_mul(0xA076_1D64_78BD_642F));
    mix(h ^ c.wrapping_mul(0xE703_7ED1_A0B4_28DB))
}

/// 53 random bits as a float in [0, 1).
#[inline]
pub fn to_unit(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A hashed value in [-1, 1).
#[inline]
pub fn to_signed(bits: u64) -> f64 {
    2.0 * to_unit(bits) - 1.0
}

/// (sin x, cos x), identical on every platform; error below 2·10⁻¹⁶ for |x| < 10⁵.
///
/// Cody-Waite reduction by π/2 with a 33-bit head (so k·head is exact for |k| < 2²⁰), then Taylor
/// polynomials on [-π/4, π/4] taken to the term below 10⁻¹⁷.
pub fn sin_cos(x: f64) -> (f64, f64) {
    const PIO2_HI: f64 = 1.570_796_326_734_125_6; // fdlibm pio2_1
    const PIO2_LO: f64 = 6.077_100_506_506_192e-11; // fdlibm pio2_1t
    let k = (x * std::f64::consts::FRAC_2_PI).round();
    let r = (x - k * PIO2_HI) - k * PIO2_LO;
    let r2 = r * r;
    // sin r = r(1 - r²/3! + r⁴/5! - …), cos r = 1 - r²/2! + r⁴/4! - …
    let s = r
        * (1.0
            + r2 * (-1.0 / 6.0
                + r2 * (1.0 / 120.0
                    + r2 * (-1.0 / 5040.0
                        + r2 * (1.0 / 362_880.0
                            + r2 * (-1.0 / 39_916_800.0
                                + r2 * (1.0 / 6_227_020_800.0
                                    + r2 * (-1.0 / 1_307_674_368_000.0))))))));
    let c = 1.0
        + r2 * (-0.5
            + r2 * (1.0 / 24.0
                + r2 * (-1.0 / 720.0
                    + r2 * (1.0 / 40_320.0
                        + r2 * (-1.0 / 3_628_800.0
                            + r2 * (1.0 / 479_001_600.0
                                + r2 * (-1.0 / 87_178_291_200.0
                                    + r2 * (1.0 / 20_922_789_888_000.0))))))));
    match (k as i64).rem_euclid(4) {
        0 => (s, c),
        1 => (c, -s),
        2 => (-s, -c),
        _ => (-c, s),
    }
}

/// Rounds a coordinate to the millimetre, the precision the generator writes.
#[inline]
pub fn mm(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sin_cos_matches_libm() {
        let mut rng = SplitMix64::new(1, 2);
        for _ in 0..10_000 {
            let x = rng.range(-1000.0, 1000.0);
            let (s, c) = sin_cos(x);
            assert!((s - x.sin()).abs() < 1e-13, "{x}");
            assert!((c - x.cos()).abs() < 1e-13, "{x}");
        }
        assert_eq!(sin_cos(0.0), (0.0, 1.0));
    }

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4)
            .scan(SplitMix64::new(42, 1), |r, _| Some(r.next_u64()))
            .collect();
        let b: Vec<u64> = (0..4)
            .scan(SplitMix64::new(42, 1), |r, _| Some(r.next_u64()))
            .collect();
        let c: Vec<u64> = (0..4)
            .scan(SplitMix64::new(42, 2), |r, _| Some(r.next_u64()))
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        let mut r = SplitMix64::new(7, 7);
        assert!((0..1000).all(|_| r.below(10) < 10));
    }
}
