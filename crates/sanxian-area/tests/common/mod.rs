//! Helpers shared by the integration tests and the benchmark: a seeded generator, synthetic
//! patches, and a reader for the WKT fixtures.
#![allow(dead_code)]

use std::path::PathBuf;

use geo_types::{Coord, LineString, MultiPolygon, Polygon};

/// SplitMix64: small, seedable, the same sequence in `scripts/*.py`.
#[derive(Debug, Clone)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [lo, hi).
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * ((self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64))
    }

    /// Uniform integer in [lo, hi].
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }
}

/// A star-shaped ring of `n` vertices around (cx, cy) at sorted random angles and radii in
/// [r_lo, r_hi), closed.
pub fn star(
    rng: &mut SplitMix64,
    cx: f64,
    cy: f64,
    n: usize,
    r_lo: f64,
    r_hi: f64,
) -> LineString<f64> {
    let mut angles: Vec<f64> = (0..n)
        .map(|_| rng.uniform(0.0, std::f64::consts::TAU))
        .collect();
    angles.sort_by(f64::total_cmp);
    let mut pts: Vec<Coord<f64>> = angles
        .iter()
        .map(|a| {
            let r = rng.uniform(r_lo, r_hi);
            Coord {
                x: cx + r * a.cos(),
                y: cy + r * a.sin(),
            }
        })
        .collect();
    pts.push(pts[0]);
    LineString(pts)
}

/// Farmland-like patches for the benchmark: rotated rectangles of 80–125 m sides (~1 ha) with
/// `vertices` jittered vertices along the boundary, spread over EPSG:4527 (±150 km of the
/// central meridian, northings 2 500–5 300 km, i.e. about 22.6°N to 47.8°N). Uses no
/// trigonometry, so `scripts/bench_area_pyproj.py` generates the same polygons bit for bit.
pub fn farmland_4527(count: usize, vertices: usize, seed: u64) -> Vec<Polygon<f64>> {
    let mut rng = SplitMix64(seed);
    (0..count)
        .map(|_| {
            let cx = 39_500_000.0 + rng.uniform(-150_000.0, 150_000.0);
            let cy = rng.uniform(2_500_000.0, 5_300_000.0);
            let w = rng.uniform(80.0, 125.0);
            let h = rng.uniform(80.0, 125.0);
            let t = rng.uniform(-0.4, 0.4);
            let (cos, sin) = ((1.0 - t * t) / (1.0 + t * t), 2.0 * t / (1.0 + t * t));
            let perimeter = 2.0 * (w + h);
            let mut ring: Vec<Coord<f64>> = (0..vertices)
                .map(|k| {
                    let s = (k as f64 + rng.uniform(-0.25, 0.25)) * perimeter / vertices as f64;
                    let s = s.rem_euclid(perimeter);
                    let (px, py) = if s < w {
                        (s, 0.0)
                    } else if s < w + h {
                        (w, s - w)
                    } else if s < 2.0 * w + h {
                        (w - (s - w - h), h)
                    } else {
                        (0.0, h - (s - 2.0 * w - h))
                    };
                    let px = px - 0.5 * w + rng.uniform(-0.5, 0.5);
                    let py = py - 0.5 * h + rng.uniform(-0.5, 0.5);
                    Coord {
                        x: cx + px * cos - py * sin,
                        y: cy + px * sin + py * cos,
                    }
                })
                .collect();
            ring.push(ring[0]);
            Polygon::new(LineString(ring), vec![])
        })
        .collect()
}

/// The repository's `testdata/area` directory.
pub fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/area")
}

/// Reads `id<TAB>WKT` lines (POLYGON or MULTIPOLYGON).
pub fn read_wkt_file(name: &str) -> Vec<(String, MultiPolygon<f64>)> {
    let text = std::fs::read_to_string(testdata().join(name)).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (id, wkt) = l.split_once('\t').unwrap();
            (id.to_string(), parse_wkt(wkt))
        })
        .collect()
}

/// A minimal WKT reader for POLYGON and MULTIPOLYGON (2D).
pub fn parse_wkt(wkt: &str) -> MultiPolygon<f64> {
    let wkt = wkt.trim();
    let upper = wkt.to_ascii_uppercase();
    let body = &wkt[wkt.find('(').unwrap()..];
    let mut p = Parser {
        s: body.as_bytes(),
        i: 0,
    };
    if upper.starts_with("MULTIPOLYGON") {
        MultiPolygon(p.list(|p| p.polygon()))
    } else {
        MultiPolygon(vec![p.polygon()])
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> T) -> Vec<T> {
        assert!(self.eat(b'('), "expected ( at {}", self.i);
        let mut out = vec![item(self)];
        while self.eat(b',') {
            out.push(item(self));
        }
        assert!(self.eat(b')'), "expected ) at {}", self.i);
        out
    }

    fn number(&mut self) -> f64 {
        self.ws();
        let start = self.i;
        while self.i < self.s.len()
            && (self.s[self.i].is_ascii_digit() || b"+-.eE".contains(&self.s[self.i]))
        {
            self.i += 1;
        }
        std::str::from_utf8(&self.s[start..self.i])
            .unwrap()
            .parse()
            .unwrap()
    }

    fn ring(&mut self) -> LineString<f64> {
        LineString(self.list(|p| {
            let x = p.number();
            let y = p.number();
            Coord { x, y }
        }))
    }

    fn polygon(&mut self) -> Polygon<f64> {
        let mut rings = self.list(|p| p.ring());
        let shell = rings.remove(0);
        Polygon::new(shell, rings)
    }
}

/// Converts a ring in local metres east/north of (lon0, lat0) to lon/lat degrees with the
/// geodesic direct problem, so that test patches have the intended size at any latitude.
pub fn local_to_lonlat(
    geod: &geographiclib_rs::Geodesic,
    lon0: f64,
    lat0: f64,
    ring: &LineString<f64>,
) -> LineString<f64> {
    use geographiclib_rs::DirectGeodesic;
    LineString(
        ring.0
            .iter()
            .map(|c| {
                let dist = c.x.hypot(c.y);
                let azi = c.x.atan2(c.y).to_degrees();
                let (lat, lon): (f64, f64) = geod.direct(lat0, lon0, azi, dist);
                Coord { x: lon, y: lat }
            })
            .collect(),
    )
}
