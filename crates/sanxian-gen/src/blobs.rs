//! Star-shaped polygons for red lines and urban areas, and their placement inside counties.
//!
//! A shape is r(θ) = R·(1 + Σₕ aₕ sin(hθ + φₕ) + Σₒ Aₒ·noiseₒ(θ)): six low harmonics for the
//! overall lobes and octaves of periodic value noise with amplitudes falling geometrically (a
//! 1/f-like boundary) for the detail. The amplitudes add up to less than 0.75, so r > 0.25·R:
//! vertices at strictly increasing angles with positive radii always make a simple ring.
//! Octaves stop where a noise cell would span fewer than 6 vertices, so the boundary turns
//! smoothly from vertex to vertex (no spikes).
//!
//! Each shape records its bounding radius (largest vertex radius: the polygon lies in that disc)
//! and its inner radius (nearest approach of an edge to the centre: the disc of that radius lies
//! inside the polygon). Exclusion is then exact and cheap: discs of different shapes never meet,
//! holes stay inside the inner disc, and farmland cells stay out of every bounding disc.

use geo_types::Coord;

use crate::grid::Grid;
use crate::layout::OUTSIDE;
use crate::rng::{sin_cos, SplitMix64};

/// The finest noise octave spans at least this many vertices per noise cell.
const VERTICES_PER_NOISE_CELL: usize = 4;

/// Parameters of a star-shaped polygon.
#[derive(Debug, Clone, Copy)]
pub struct StarShape {
    /// Number of distinct vertices.
    pub n: usize,
    /// Mean radius R, m.
    pub radius: f64,
    /// Sum of the harmonic amplitudes (relative to R).
    pub harmonic_amp: f64,
    /// Amplitude of the first noise octave (relative to R).
    pub octave_amp: f64,
    /// Amplitude ratio between successive octaves.
    pub octave_decay: f64,
}

/// A star-shaped polygon around the origin, with optional holes.
#[derive(Debug, Clone)]
pub struct Star {
    /// Closed counter-clockwise shell (the generator's working orientation; layers get the
    /// shapefile's), offsets from the centre in m.
    pub shell: Vec<Coord<f64>>,
    /// Closed clockwise holes, offsets from the centre in m.
    pub holes: Vec<Vec<Coord<f64>>>,
    /// Largest vertex radius, m: the polygon lies inside this disc.
    pub r_max: f64,
    /// Smallest distance from the centre to a shell edge, m: this disc lies inside the shell.
    pub r_in: f64,
    /// Index of the shell vertex of largest radius.
    pub i_max: usize,
}

impl StarShape {
    /// Draws the polygon.
    pub fn draw(&self, rng: &mut SplitMix64) -> Star {
        let tau = std::f64::consts::TAU;
        let harmonics: Vec<(f64, f64, f64)> = {
            let raw: Vec<(f64, f64, f64)> = (2..=7)
                .map(|h| {
                    let h = h as f64;
                    (h, rng.range(0.3, 1.0) / (h * h.sqrt()), rng.range(0.0, tau))
                })
                .collect();
            let sum: f64 = raw.iter().map(|t| t.1).sum();
            raw.iter()
                .map(|&(h, a, p)| (h, a * self.harmonic_amp / sum, p))
                .collect()
        };
        let mut octaves: Vec<(usize, f64, Vec<f64>)> = Vec::new();
        let (mut p, mut amp) = (8usize, self.octave_amp);
        while p * VERTICES_PER_NOISE_CELL <= self.n {
            octaves.push((p, amp, (0..p).map(|_| rng.signed()).collect()));
            p *= 2;
            amp *= self.octave_decay;
        }
        let n = self.n;
        let mut shell = Vec::with_capacity(n + 1);
        let (mut r_max, mut i_max) = (0.0f64, 0usize);
        for k in 0..n {
            let turn = (k as f64 + 0.35 * rng.signed()) / n as f64;
            let theta = tau * turn;
            let mut rel = 1.0;
            for &(h, a, ph) in &harmonics {
                rel += a * sin_cos(h * theta + ph).0;
            }
            for (p, a, values) in &octaves {
                let u = turn * *p as f64;
                let i = u.floor();
                let f = u - i;
                let s = f * f * (3.0 - 2.0 * f);
                // `turn` of the first vertex may be slightly negative: wrap around the circle.
                let i = (i as i64).rem_euclid(*p as i64) as usize;
                rel += a * (values[i] * (1.0 - s) + values[(i + 1) % p] * s);
            }
            let r = self.radius * rel;
            if r > r_max {
                r_max = r;
                i_max = k;
            }
            let (sn, cs) = sin_cos(theta);
            shell.push(Coord {
                x: r * cs,
                y: r * sn,
            });
        }
        shell.push(shell[0]);
        let r_in = shell
            .windows(2)
            .map(|w| origin_distance(w[0], w[1]))
            .fold(f64::MAX, f64::min);
        Star {
            shell,
            holes: Vec::new(),
            r_max,
            r_in,
            i_max,
        }
    }
}

/// Distance from the origin to segment a–b.
fn origin_distance(a: Coord<f64>, b: Coord<f64>) -> f64 {
    let d = b - a;
    let len2 = d.x * d.x + d.y * d.y;
    let t = if len2 > 0.0 {
        (-(a.x * d.x + a.y * d.y) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let p = Coord {
        x: a.x + t * d.x,
        y: a.y + t * d.y,
    };
    (p.x * p.x + p.y * p.y).sqrt()
}

impl Star {
    /// Punches up to `count` holes into the polygon, each a small star strictly inside the disc
    /// of radius `r_in − margin` and apart from the others.
    pub fn punch_holes(&mut self, count: usize, margin: f64, rng: &mut SplitMix64) {
        let room = self.r_in - margin;
        if room < 40.0 {
            return;
        }
        let mut placed: Vec<(Coord<f64>, f64)> = Vec::new();
        for _ in 0..count {
            for _try in 0..50 {
                let hr = room * rng.range(0.08, 0.22);
                let shape = StarShape {
                    n: (hr * 0.8).clamp(24.0, 400.0) as usize,
                    radius: hr,
                    harmonic_amp: 0.2,
                    octave_amp: 0.06,
                    octave_decay: 0.6,
                };
                let hole = shape.draw(rng);
                let max_off = room - hole.r_max;
                if max_off <= 0.0 {
                    continue;
                }
                let off = max_off * rng.unit().sqrt();
                let (sn, cs) = sin_cos(rng.range(0.0, std::f64::consts::TAU));
                let c = Coord {
                    x: off * cs,
                    y: off * sn,
                };
                let clear = placed.iter().all(|&(pc, pr)| {
                    let d = c - pc;
                    (d.x * d.x + d.y * d.y).sqrt() > pr + hole.r_max + margin
                });
                if !clear {
                    continue;
                }
                placed.push((c, hole.r_max));
                let mut ring: Vec<Coord<f64>> = hole.shell.iter().map(|&p| p + c).collect();
                ring.reverse();
                self.holes.push(ring);
                break;
            }
        }
    }
}

/// A disc placed in a county.
#[derive(Debug, Clone, Copy)]
pub struct Placement {
    /// Centre.
    pub centre: Coord<f64>,
    /// County index.
    pub county: u8,
}

/// Places discs of the given radii (largest first) inside single counties without meeting each
/// other, by dart throwing; `None` when one cannot be placed (the caller enlarges the county).
pub fn place_discs(
    grid: &Grid,
    county: &[u8],
    radii: &[f64],
    rng: &mut SplitMix64,
) -> Option<Vec<Placement>> {
    let mut order: Vec<usize> = (0..radii.len()).collect();
    order.sort_by(|&a, &b| radii[b].total_cmp(&radii[a]).then(a.cmp(&b)));
    let [x0, y0, x1, y1] = grid.extent();
    let mut out: Vec<Option<Placement>> = vec![None; radii.len()];
    let mut placed: Vec<(Coord<f64>, f64)> = Vec::with_capacity(radii.len());
    for i in order {
        let r = radii[i];
        if x1 - x0 <= 2.0 * r || y1 - y0 <= 2.0 * r {
            return None;
        }
        let mut found = None;
        for _try in 0..4000 {
            let c = Coord {
                x: rng.range(x0 + r, x1 - r),
                y: rng.range(y0 + r, y1 - r),
            };
            if !grid.covers(c.x - r, c.y - r, c.x + r, c.y + r) {
                continue;
            }
            let clear = placed.iter().all(|&(pc, pr)| {
                let d = c - pc;
                d.x * d.x + d.y * d.y > (r + pr) * (r + pr)
            });
            if !clear {
                continue;
            }
            if let Some(k) = disc_county(grid, county, c, r) {
                found = Some(Placement {
                    centre: c,
                    county: k,
                });
                break;
            }
        }
        let p = found?;
        placed.push((p.centre, r));
        out[i] = Some(p);
    }
    out.into_iter().collect()
}

/// The county holding the whole disc, if one does.
fn disc_county(grid: &Grid, county: &[u8], c: Coord<f64>, r: f64) -> Option<u8> {
    let mut k = None;
    for row in grid.rows_overlapping(c.y - r, c.y + r) {
        for col in grid.cols_overlapping(c.x - r, c.x + r) {
            if !grid.cell_meets_disc(row, col, c, r) {
                continue;
            }
            let ck = county[grid.cell_index(row, col)];
            if ck == OUTSIDE || k.is_some_and(|k| k != ck) {
                return None;
            }
            k = Some(ck);
        }
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_are_bounded_and_ordered() {
        let mut rng = SplitMix64::new(11, 0);
        let shape = StarShape {
            n: 3000,
            radius: 800.0,
            harmonic_amp: 0.3,
            octave_amp: 0.16,
            octave_decay: 0.6,
        };
        let mut s = shape.draw(&mut rng);
        assert_eq!(s.shell.len(), 3001);
        assert!(s.r_in > 0.25 * 800.0 && s.r_in < s.r_max);
        assert!(crate::area::planar_signed(&s.shell) > 0.0);
        s.punch_holes(3, 30.0, &mut rng);
        assert!(!s.holes.is_empty());
        for h in &s.holes {
            assert!(crate::area::planar_signed(h) < 0.0);
            assert!(h
                .iter()
                .all(|p| (p.x * p.x + p.y * p.y).sqrt() < s.r_in - 30.0));
        }
    }
}
