//! Numeric ranges of profile fields, in interval notation: `(0, inf)`, `[0, inf)`, `[1, 5]`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A numeric interval with open or closed ends (either end may be infinite).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower bound (`-inf` for none).
    pub lo: f64,
    /// Whether the lower bound belongs to the interval.
    pub lo_closed: bool,
    /// Upper bound (`inf` for none).
    pub hi: f64,
    /// Whether the upper bound belongs to the interval.
    pub hi_closed: bool,
}

impl Interval {
    /// Parses `(0, inf)`, `[0, 100]`, `[1, 5)` …; `inf`, `+inf`, `-inf` and `∞` are infinite.
    ///
    /// ```
    /// use sanxian_rules::profile::Interval;
    /// let r: Interval = "(0, inf)".parse().unwrap();
    /// assert!(r.contains(0.01) && !r.contains(0.0));
    /// let r: Interval = "[1, 5]".parse().unwrap();
    /// assert!(r.contains(1.0) && r.contains(5.0) && !r.contains(5.5));
    /// assert!("0..5".parse::<Interval>().is_err());
    /// ```
    ///
    /// # Errors
    /// Text that is not an interval, or a lower bound above the upper one.
    pub fn parse(s: &str) -> Result<Interval, String> {
        let t = s.trim();
        let bad = || format!("'{s}' is not an interval like \"(0, inf)\" or \"[1, 5]\"");
        let lo_closed = match t.chars().next() {
            Some('[') => true,
            Some('(') => false,
            _ => return Err(bad()),
        };
        let hi_closed = match t.chars().last() {
            Some(']') => true,
            Some(')') => false,
            _ => return Err(bad()),
        };
        let inner = &t[1..t.len() - 1];
        let (a, b) = inner.split_once(',').ok_or_else(bad)?;
        let num = |x: &str| -> Result<f64, String> {
            match x.trim() {
                "inf" | "+inf" | "∞" | "+∞" => Ok(f64::INFINITY),
                "-inf" | "-∞" => Ok(f64::NEG_INFINITY),
                v => v.parse::<f64>().map_err(|_| bad()),
            }
        };
        let (lo, hi) = (num(a)?, num(b)?);
        if lo.is_nan() || hi.is_nan() || lo > hi {
            return Err(format!("'{s}': the lower bound is above the upper one"));
        }
        Ok(Interval {
            lo,
            lo_closed: lo_closed && lo.is_finite(),
            hi,
            hi_closed: hi_closed && hi.is_finite(),
        })
    }

    /// Whether `x` lies in the interval.
    pub fn contains(&self, x: f64) -> bool {
        let above = if self.lo_closed {
            x >= self.lo
        } else {
            x > self.lo
        };
        let below = if self.hi_closed {
            x <= self.hi
        } else {
            x < self.hi
        };
        above && below
    }
}

impl std::str::FromStr for Interval {
    type Err = String;

    fn from_str(s: &str) -> Result<Interval, String> {
        Interval::parse(s)
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let end = |x: f64| {
            if x == f64::INFINITY {
                "inf".to_string()
            } else if x == f64::NEG_INFINITY {
                "-inf".to_string()
            } else {
                super::expr::fmt_num(x)
            }
        };
        write!(
            f,
            "{}{}, {}{}",
            if self.lo_closed { '[' } else { '(' },
            end(self.lo),
            end(self.hi),
            if self.hi_closed { ']' } else { ')' }
        )
    }
}

impl Serialize for Interval {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Interval, D::Error> {
        let s = String::deserialize(d)?;
        Interval::parse(&s).map_err(serde::de::Error::custom)
    }
}
