//! Area units of Chinese planning tables and the rounding they are reported with.
//!
//! 1 公顷 (hectare) = 10 000 m² and 1 亩 (mu) = 2000/3 m² exactly, so 15 亩 = 1 公顷
//! (DOMAIN §4). Areas are carried unrounded in `f64` square metres and rounded only where a
//! table reports them, half away from zero, see [`round_half_away`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Square metres in one hectare (公顷).
pub const M2_PER_HECTARE: f64 = 10_000.0;

/// Square metres in one mu (亩) are `M2_PER_MU_NUMERATOR / M2_PER_MU_DENOMINATOR` = 2000/3
/// exactly; conversions multiply and divide by these integers, never by 666.67.
pub const M2_PER_MU_NUMERATOR: f64 = 2000.0;
/// See [`M2_PER_MU_NUMERATOR`].
pub const M2_PER_MU_DENOMINATOR: f64 = 3.0;

/// A unit in which areas are reported.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum AreaUnit {
    /// 平方米, m².
    #[default]
    SquareMetres,
    /// 公顷, ha = 10 000 m².
    Hectares,
    /// 亩, mu = 2000/3 m².
    Mu,
}

impl AreaUnit {
    /// All units, in a fixed order.
    pub const ALL: [AreaUnit; 3] = [AreaUnit::SquareMetres, AreaUnit::Hectares, AreaUnit::Mu];

    /// Converts an area in square metres to this unit.
    ///
    /// # Units
    /// `area_m2` in m²; the result in this unit.
    ///
    /// # Examples
    /// ```
    /// use sanxian_area::AreaUnit;
    /// assert_eq!(AreaUnit::Mu.from_m2(2000.0), 3.0);
    /// assert_eq!(AreaUnit::Mu.from_m2(10_000.0), 15.0);
    /// assert_eq!(AreaUnit::Hectares.from_m2(12_345.0), 1.2345);
    /// ```
    pub fn from_m2(self, area_m2: f64) -> f64 {
        match self {
            AreaUnit::SquareMetres => area_m2,
            AreaUnit::Hectares => m2_to_ha(area_m2),
            AreaUnit::Mu => m2_to_mu(area_m2),
        }
    }

    /// Converts an area in this unit to square metres.
    ///
    /// # Units
    /// `value` in this unit; the result in m².
    ///
    /// # Examples
    /// ```
    /// use sanxian_area::AreaUnit;
    /// assert_eq!(AreaUnit::Mu.to_m2(3.0), 2000.0);
    /// assert_eq!(AreaUnit::Hectares.to_m2(1.5), 15_000.0);
    /// ```
    pub fn to_m2(self, value: f64) -> f64 {
        match self {
            AreaUnit::SquareMetres => value,
            AreaUnit::Hectares => ha_to_m2(value),
            AreaUnit::Mu => mu_to_m2(value),
        }
    }

    /// Short code: `m2`, `ha`, `mu`.
    pub fn code(self) -> &'static str {
        match self {
            AreaUnit::SquareMetres => "m2",
            AreaUnit::Hectares => "ha",
            AreaUnit::Mu => "mu",
        }
    }

    /// Symbol for table headings: `m²`, `ha`, `亩`.
    pub fn symbol(self) -> &'static str {
        match self {
            AreaUnit::SquareMetres => "m²",
            AreaUnit::Hectares => "ha",
            AreaUnit::Mu => "亩",
        }
    }

    /// Chinese name: 平方米, 公顷, 亩.
    pub fn name_zh(self) -> &'static str {
        match self {
            AreaUnit::SquareMetres => "平方米",
            AreaUnit::Hectares => "公顷",
            AreaUnit::Mu => "亩",
        }
    }
}

impl fmt::Display for AreaUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for AreaUnit {
    type Err = Error;

    /// Parses `m2`, `m²`, `sqm`, `平方米`; `ha`, `hectare(s)`, `公顷`; `mu`, `亩`
    /// (case-insensitive).
    fn from_str(s: &str) -> Result<Self> {
        let t = s.trim().to_lowercase();
        match t.as_str() {
            "m2" | "m²" | "sqm" | "square metres" | "square meters" | "平方米" => {
                Ok(AreaUnit::SquareMetres)
            }
            "ha" | "hectare" | "hectares" | "公顷" => Ok(AreaUnit::Hectares),
            "mu" | "亩" => Ok(AreaUnit::Mu),
            _ => Err(Error::UnknownUnit(s.to_string())),
        }
    }
}

/// Square metres to hectares (÷ 10 000, one correctly rounded division).
///
/// # Units
/// m² in, ha out.
pub fn m2_to_ha(area_m2: f64) -> f64 {
    area_m2 / M2_PER_HECTARE
}

/// An area in the three units of official tables: m², 公顷 (ha) and 亩 (mu, 2000/3 m²), each
/// converted once from m² by [`m2_to_ha`] and [`m2_to_mu`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct AreaFigures {
    /// Square metres.
    pub m2: f64,
    /// Hectares.
    pub ha: f64,
    /// Mu.
    pub mu: f64,
}

impl AreaFigures {
    /// From square metres (`-0.0` becomes `0.0`).
    ///
    /// ```
    /// let a = sanxian_area::AreaFigures::from_m2(20_000.0);
    /// assert_eq!((a.ha, a.mu), (2.0, 30.0));
    /// ```
    pub fn from_m2(m2: f64) -> AreaFigures {
        let m2 = m2 + 0.0;
        AreaFigures {
            m2,
            ha: m2_to_ha(m2),
            mu: m2_to_mu(m2),
        }
    }
}

/// Hectares to square metres.
///
/// # Units
/// ha in, m² out.
pub fn ha_to_m2(area_ha: f64) -> f64 {
    area_ha * M2_PER_HECTARE
}

/// Square metres to mu: × 3 ÷ 2000, exact for whole multiples (2000 m² = 3 亩).
///
/// # Units
/// m² in, 亩 out.
pub fn m2_to_mu(area_m2: f64) -> f64 {
    area_m2 * M2_PER_MU_DENOMINATOR / M2_PER_MU_NUMERATOR
}

/// Mu to square metres: × 2000 ÷ 3 (3 亩 = 2000 m² exactly).
///
/// # Units
/// 亩 in, m² out.
pub fn mu_to_m2(area_mu: f64) -> f64 {
    area_mu * M2_PER_MU_NUMERATOR / M2_PER_MU_DENOMINATOR
}

/// A decimal rounded at some digit: `negative`, the integer `digits` of value·10^scale.
struct Rounded {
    negative: bool,
    digits: String,
    scale: u32,
}

/// Rounds the shortest decimal representation of `x` at `scale` decimals, half away from zero.
/// `None` for NaN and infinities.
fn round_decimal(x: f64, scale: u32) -> Option<Rounded> {
    if !x.is_finite() {
        return None;
    }
    // `{:e}` prints the shortest decimal that reads back as `x`: "d.ddde±k".
    let repr = format!("{:e}", x.abs());
    let (mantissa, exp) = repr.split_once('e')?;
    let exp: i64 = exp.parse().ok()?;
    let mant: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    // value = 0.MANT × 10^point
    let point = exp + 1;
    let keep = point + i64::from(scale);
    let len = mant.len() as i64;
    let mut kept: Vec<u8> = if keep >= len {
        let mut v = mant.clone();
        v.extend(std::iter::repeat_n(b'0', (keep - len) as usize));
        v
    } else if keep < 0 {
        vec![b'0']
    } else {
        let round_up = mant[keep as usize] >= b'5';
        let mut v: Vec<u8> = mant[..keep as usize].to_vec();
        if round_up {
            let mut i = v.len();
            loop {
                if i == 0 {
                    v.insert(0, b'1');
                    break;
                }
                i -= 1;
                if v[i] == b'9' {
                    v[i] = b'0';
                } else {
                    v[i] += 1;
                    break;
                }
            }
        }
        if v.is_empty() {
            v.push(b'0');
        }
        v
    };
    while kept.len() > 1 && kept[0] == b'0' {
        kept.remove(0);
    }
    let digits = String::from_utf8(kept).ok()?;
    let negative = x < 0.0 && digits != "0";
    Some(Rounded {
        negative,
        digits,
        scale,
    })
}

/// Rounds `x` to `digits` decimals, half away from zero, as the value reads in decimal.
///
/// The decision is taken on the shortest decimal representation of `x` (the digits Rust,
/// Python and GIS attribute tables print), not on the exact binary expansion: `1.005` → `1.01`
/// and `2.675` → `2.68`, although the nearest doubles are slightly below those decimals. An area
/// is a computed value with an error far larger than one unit in the last place, and the
/// planning table must agree with the digits a user sees; rounding the binary expansion would
/// turn printed halves into downward roundings at random. Exact binary halves such as `0.125`
/// round away from zero too (`0.13`), and `-1.005` gives `-1.01`.
///
/// NaN and infinities are returned unchanged; a result of zero is `+0.0`.
///
/// # Examples
/// ```
/// use sanxian_area::round_half_away;
/// assert_eq!(round_half_away(0.125, 2), 0.13);
/// assert_eq!(round_half_away(1.005, 2), 1.01);
/// assert_eq!(round_half_away(2.675, 2), 2.68);
/// assert_eq!(round_half_away(-2.5, 0), -3.0);
/// assert_eq!(round_half_away(1234.5649, 2), 1234.56);
/// ```
pub fn round_half_away(x: f64, digits: u32) -> f64 {
    if !x.is_finite() {
        return x;
    }
    if let Some(r) = round_fast(x, digits) {
        return r;
    }
    match round_decimal(x, digits) {
        Some(r) => {
            let s = format!(
                "{}{}e-{}",
                if r.negative { "-" } else { "" },
                r.digits,
                r.scale
            );
            s.parse().unwrap_or(x)
        }
        None => x,
    }
}

/// Powers of ten that are exact in `f64`.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// The common case of [`round_half_away`] without formatting: when x·10^digits is small enough
/// that its fraction is known to ±2⁻¹¹ and is not within 2⁻⁸ of one half, rounding the binary
/// product decides exactly as rounding the decimal representation would. `None` otherwise.
#[inline]
fn round_fast(x: f64, digits: u32) -> Option<f64> {
    let scale = *POW10.get(digits as usize)?;
    let p = x.abs() * scale;
    if p >= (1u64 << 40) as f64 {
        return None;
    }
    let frac = p - p.floor();
    if (frac - 0.5).abs() <= 1.0 / 256.0 {
        return None;
    }
    let r = p.round() / scale;
    Some(if x < 0.0 && r != 0.0 { -r } else { r })
}

/// Formats `x` rounded half away from zero ([`round_half_away`]) with exactly `digits`
/// decimals, e.g. `format_half_away(1.005, 2)` is `"1.01"` and `format_half_away(-0.001, 2)`
/// is `"0.00"`. NaN and infinities print as Rust prints them.
///
/// # Examples
/// ```
/// use sanxian_area::format_half_away;
/// assert_eq!(format_half_away(10_642_393_438.713, 2), "10642393438.71");
/// assert_eq!(format_half_away(2.675, 2), "2.68");
/// assert_eq!(format_half_away(0.5, 0), "1");
/// ```
pub fn format_half_away(x: f64, digits: u32) -> String {
    match round_decimal(x, digits) {
        Some(r) => with_decimal_point(r.negative, &r.digits, r.scale),
        None => format!("{x}"),
    }
}

fn with_decimal_point(negative: bool, digits: &str, scale: u32) -> String {
    let scale = scale as usize;
    let padded = if digits.len() <= scale {
        format!("{}{}", "0".repeat(scale + 1 - digits.len()), digits)
    } else {
        digits.to_string()
    };
    let (int, frac) = padded.split_at(padded.len() - scale);
    let sign = if negative { "-" } else { "" };
    if scale == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// An amount in hundredths of an area unit (0.01 m², 0.01 公顷, 0.01 亩), the resolution of
/// official area tables; exact integer arithmetic for totals and area adjustment.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Hundredths(pub i64);

impl Hundredths {
    /// Zero.
    pub const ZERO: Hundredths = Hundredths(0);

    /// Rounds `value` half away from zero at two decimals ([`round_half_away`]).
    /// `None` for NaN, infinities and values beyond ±9.2·10¹⁶.
    ///
    /// # Examples
    /// ```
    /// use sanxian_area::Hundredths;
    /// assert_eq!(Hundredths::from_value(1.005), Some(Hundredths(101)));
    /// assert_eq!(Hundredths::from_value(-0.125), Some(Hundredths(-13)));
    /// ```
    pub fn from_value(value: f64) -> Option<Hundredths> {
        if !value.is_finite() {
            return None;
        }
        if let Some(r) = round_fast(value, 2) {
            // |r·100| < 2⁴⁰: exact in i64.
            return Some(Hundredths((r * 100.0).round() as i64));
        }
        let r = round_decimal(value, 2)?;
        let n: i64 = r.digits.parse().ok()?;
        Some(Hundredths(if r.negative { -n } else { n }))
    }

    /// Parses a decimal number with at most two decimals exactly (`"1234.5"` → 123 450),
    /// without going through binary floating point. Further decimals are accepted only when
    /// they are zeros. `None` for anything else.
    ///
    /// # Examples
    /// ```
    /// use sanxian_area::Hundredths;
    /// assert_eq!(Hundredths::parse_exact("1234.5"), Some(Hundredths(123_450)));
    /// assert_eq!(Hundredths::parse_exact("-0.07"), Some(Hundredths(-7)));
    /// assert_eq!(Hundredths::parse_exact("1.005"), None);
    /// ```
    pub fn parse_exact(s: &str) -> Option<Hundredths> {
        let t = s.trim();
        let (negative, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if frac.len() > 2 && frac[2..].bytes().any(|b| b != b'0') {
            return None;
        }
        let mut n: i64 = 0;
        for b in int.bytes() {
            n = n.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
        let mut fb = frac.bytes().chain(std::iter::repeat(b'0'));
        for _ in 0..2 {
            let b = fb.next().unwrap_or(b'0');
            n = n.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
        Some(Hundredths(if negative { -n } else { n }))
    }

    /// The amount as a number of units (`Hundredths(12345).value()` is `123.45`).
    pub fn value(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

impl fmt::Display for Hundredths {
    /// Exactly two decimals: `123.45`, `-0.05`, `0.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.unsigned_abs();
        let s = with_decimal_point(self.0 < 0, &n.to_string(), 2);
        f.pad(&s)
    }
}

impl std::iter::Sum for Hundredths {
    fn sum<I: Iterator<Item = Hundredths>>(iter: I) -> Hundredths {
        Hundredths(iter.map(|h| h.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_and_decimal_rounding_agree() {
        // A small deterministic generator; values with few decimals hit exact halves often.
        let mut s: u64 = 0x1234_5678;
        let mut next = || {
            s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        for i in 0..20_000 {
            let r = next();
            let x = match i % 3 {
                0 => (r % 10_000_000) as f64 / 1000.0,
                1 => (r % 1_000_000_000) as f64 / 1e5 - 5000.0,
                _ => f64::from_bits(0x3FF0_0000_0000_0000 | (r >> 12)) * 1e3,
            };
            for d in 0..5 {
                let slow = round_decimal(x, d).unwrap();
                let s = format!(
                    "{}{}e-{}",
                    if slow.negative { "-" } else { "" },
                    slow.digits,
                    d
                );
                let want: f64 = s.parse().unwrap();
                assert_eq!(round_half_away(x, d), want, "{x} at {d}");
                assert_eq!(format_half_away(x, d).parse::<f64>().unwrap(), want);
            }
        }
    }

    #[test]
    fn display_of_hundredths() {
        assert_eq!(Hundredths(12345).to_string(), "123.45");
        assert_eq!(Hundredths(-5).to_string(), "-0.05");
        assert_eq!(Hundredths(0).to_string(), "0.00");
        assert_eq!(Hundredths(7).to_string(), "0.07");
        assert_eq!(Hundredths(i64::MIN).to_string(), "-92233720368547758.08");
    }
}
