//! Seeded synthetic planning layers for tests and benchmarks (shared by `tests/` and
//! `benches/` through `#[path]`): a jittered-grid coverage of patches with shared edges, and
//! star-shaped polygons with fractal boundaries.
#![allow(dead_code)]

use std::f64::consts::TAU;

use sanxian_types::geo_types::{Coord, LineString, MultiPolygon, Polygon};
use sanxian_types::{
    Crs, CrsSource, Datum, Feature, FeatureId, GkZone, Layer, LayerKind, SourceFormat,
};

/// SplitMix64: small, seeded, good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// A deterministic hash of integers, for data shared between neighbours.
fn hash(a: i64, b: i64, c: i64, seed: u64) -> u64 {
    let mut r = Rng::new(
        seed ^ (a as u64).wrapping_mul(0x9E37_79B9)
            ^ (b as u64).rotate_left(21)
            ^ (c as u64).rotate_left(42),
    );
    r.next_u64();
    r.next_u64()
}

fn unit(h: u64) -> f64 {
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// Origin of the synthetic county: a Gauss-Krüger easting/northing with zone prefix, so that
/// coordinates have the magnitude of real data.
pub const ORIGIN: Coord = Coord {
    x: 39_500_000.0,
    y: 3_300_000.0,
};

/// The working CRS of synthetic layers (EPSG:4527, CGCS2000 3° zone 39).
pub fn crs() -> Crs {
    Crs::GaussKruger {
        datum: Datum::Cgcs2000,
        zone: GkZone::three_degree_prefixed(39),
    }
}

/// A jittered-grid coverage of `nx × ny` patches of `cell` metres: corners jittered, each side
/// with `side_points` intermediate vertices shared by both neighbours, so neighbours share
/// edges exactly. About `4 + 4·side_points` vertices per patch.
pub fn coverage(
    nx: usize,
    ny: usize,
    cell: f64,
    side_points: usize,
    seed: u64,
) -> Vec<MultiPolygon<f64>> {
    let corner = |i: usize, j: usize| -> Coord {
        let h = hash(i as i64, j as i64, 0, seed);
        let jx = (unit(h) - 0.5) * 0.5 * cell;
        let jy = (unit(h.rotate_left(32)) - 0.5) * 0.5 * cell;
        Coord {
            x: ORIGIN.x + i as f64 * cell + jx,
            y: ORIGIN.y + j as f64 * cell + jy,
        }
    };
    // Intermediate points of the side from corner (i,j) to (i+di, j+dj), in that direction.
    let side = |i: usize, j: usize, horizontal: bool| -> Vec<Coord> {
        let a = corner(i, j);
        let b = if horizontal {
            corner(i + 1, j)
        } else {
            corner(i, j + 1)
        };
        let d = b - a;
        let len = (d.x * d.x + d.y * d.y).sqrt();
        let n = Coord {
            x: -d.y / len,
            y: d.x / len,
        };
        (1..=side_points)
            .map(|k| {
                let t = k as f64 / (side_points + 1) as f64;
                let h = hash(
                    i as i64,
                    j as i64,
                    if horizontal { k as i64 } else { -(k as i64) },
                    seed ^ 0xABCD,
                );
                let off = (unit(h) - 0.5) * 0.06 * cell;
                Coord {
                    x: a.x + t * d.x + off * n.x,
                    y: a.y + t * d.y + off * n.y,
                }
            })
            .collect()
    };
    let mut out = Vec::with_capacity(nx * ny);
    for j in 0..ny {
        for i in 0..nx {
            let mut ring = Vec::with_capacity(4 + 4 * side_points + 1);
            ring.push(corner(i, j));
            ring.extend(side(i, j, true));
            ring.push(corner(i + 1, j));
            ring.extend(side(i + 1, j, false));
            ring.push(corner(i + 1, j + 1));
            ring.extend(side(i, j + 1, true).into_iter().rev());
            ring.push(corner(i, j + 1));
            ring.extend(side(i, j, false).into_iter().rev());
            ring.push(corner(i, j));
            out.push(MultiPolygon(vec![Polygon::new(LineString(ring), vec![])]));
        }
    }
    out
}

/// A star-shaped polygon with a fractal boundary of `n` vertices around `center`, mean radius
/// `radius`: radii by periodic midpoint displacement (roughness `h`), angles evenly spaced,
/// so the ring is simple.
pub fn fractal_star(center: Coord, radius: f64, n: usize, h: f64, rng: &mut Rng) -> Polygon<f64> {
    let want = n.max(8);
    let n = want.next_power_of_two();
    let mut r = vec![0.0f64; n];
    let mut step = n / 8;
    for k in 0..8 {
        r[k * step] = rng.range(-0.35, 0.35);
    }
    let mut amp = 0.35;
    while step > 1 {
        let half = step / 2;
        amp *= 0.5f64.powf(h);
        let mut k = 0;
        while k < n {
            let a = r[k];
            let b = r[(k + step) % n];
            r[k + half] = 0.5 * (a + b) + rng.range(-amp, amp);
            k += step;
        }
        step = half;
    }
    // Keep `want` of the `n` radii, evenly spread: still star-shaped.
    let mut ring: Vec<Coord> = (0..want)
        .map(|i| {
            let k = i * n / want;
            let t = TAU * k as f64 / n as f64;
            let rr = radius * r[k].exp();
            Coord {
                x: center.x + rr * t.cos(),
                y: center.y + rr * t.sin(),
            }
        })
        .collect();
    ring.push(ring[0]);
    Polygon::new(LineString(ring), vec![])
}

/// A layer from geometries: source `<name>.shp`, records from 1, BSM = record number.
pub fn layer(name: &str, kind: LayerKind, geoms: Vec<MultiPolygon<f64>>) -> Layer {
    let source: std::sync::Arc<str> = format!("{name}.shp").into();
    let features = geoms
        .into_iter()
        .enumerate()
        .map(|(i, g)| Feature {
            id: FeatureId {
                source: source.clone(),
                record: i as u64 + 1,
                bsm: Some(format!("{}", i + 1)),
            },
            geometry: g,
            attributes: vec![],
        })
        .collect();
    Layer {
        name: name.to_string(),
        kind,
        crs: Some(crs()),
        crs_source: CrsSource::User,
        fields: vec![],
        features,
        format: SourceFormat::Shapefile,
        path: format!("{name}.shp"),
        encoding: None,
        diagnostics: vec![],
        source_records: 0,
    }
}

/// A synthetic county: a coverage of farmland patches, fractal red-line polygons and urban
/// polygons, scaled by `patches` (≈ number of farmland patches).
pub struct County {
    pub farmland: Layer,
    pub redline: Layer,
    pub urban: Layer,
}

/// Builds a county with about `patches` farmland patches of ~25 vertices (100 m cells),
/// `red` red-line stars with about `red_vertices` vertices in total (2·10³–4·10⁴ each) and
/// `urban` urban stars.
pub fn county(patches: usize, red: usize, red_vertices: usize, urban: usize, seed: u64) -> County {
    let side = (patches as f64).sqrt().ceil() as usize;
    let cell = 100.0;
    let extent = side as f64 * cell;
    let farmland = coverage(side, side, cell, 5, seed);
    let mut rng = Rng::new(seed ^ 0x5EED);
    // Red-line sizes from 2·10³ to 4·10⁴ vertices (fewer where the total is small), skewed so
    // that most are small and a few are large, summing to about `red_vertices`.
    let floor = (red_vertices / red.max(1)).clamp(64, 2000);
    let weights: Vec<f64> = (0..red)
        .map(|_| 20f64.powf(rng.f64().powi(4)) - 1.0)
        .collect();
    let wsum: f64 = weights.iter().sum::<f64>().max(1e-9);
    let extra = red_vertices.saturating_sub(floor * red) as f64;
    let sizes: Vec<usize> = weights
        .iter()
        .map(|w| (floor + (extra * w / wsum) as usize).min(40_000))
        .collect();
    // Radii ∝ √n, so that the red line covers about a quarter of the county (a star's area is
    // about 1.3 π r² here).
    let total: f64 = sizes.iter().map(|&n| n as f64).sum();
    let k = (0.25 * extent * extent / (1.3 * std::f64::consts::PI * total)).sqrt();
    let mut red_polys = Vec::with_capacity(red);
    for n in sizes {
        let c = Coord {
            x: ORIGIN.x + rng.range(0.05, 0.95) * extent,
            y: ORIGIN.y + rng.range(0.05, 0.95) * extent,
        };
        let radius = k * (n as f64).sqrt() * rng.range(0.8, 1.2);
        red_polys.push(MultiPolygon(vec![fractal_star(
            c, radius, n, 0.7, &mut rng,
        )]));
    }
    let mut urban_polys = Vec::with_capacity(urban);
    for _ in 0..urban {
        let c = Coord {
            x: ORIGIN.x + rng.range(0.1, 0.9) * extent,
            y: ORIGIN.y + rng.range(0.1, 0.9) * extent,
        };
        let radius = extent * rng.range(0.02, 0.06);
        urban_polys.push(MultiPolygon(vec![fractal_star(
            c, radius, 512, 0.9, &mut rng,
        )]));
    }
    County {
        farmland: layer("YJJBNTBHTB", LayerKind::PermanentBasicFarmland, farmland),
        redline: layer("STBHHX", LayerKind::EcologicalRedLine, red_polys),
        urban: layer("CZKFBJ", LayerKind::UrbanDevelopmentBoundary, urban_polys),
    }
}
