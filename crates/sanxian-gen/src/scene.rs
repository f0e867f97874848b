//! The geometry of a synthetic county before it becomes layers: grid, counties, red-line and
//! urban shapes in their places, farmland cells, and the vacant cells reserved for planted errors.

use std::collections::BTreeMap;

use geo_types::Coord;
use rayon::prelude::*;

use crate::blobs::{place_discs, Star, StarShape};
use crate::grid::{Grid, MEAN_CELL_AREA};
use crate::layout::{lay_out, trace_county, Layout, OUTSIDE};
use crate::realistic::{self, Offset};
use crate::rng::{hash, mm, to_signed, SplitMix64};
use crate::{Conflicts, CountySpec};

/// Clearance kept around every red-line and urban polygon, m: no other feature comes nearer, and
/// planted overlaps at a polygon's edge stay inside it.
pub const CLEARANCE: f64 = 40.0;
/// Share of eligible cells that become farmland; the rest are gaps (villages, woods, water).
const FARMLAND_SHARE: f64 = 0.62;
/// Centre of the study area in EPSG:4527 (about 117.2°E, 30.35°N).
const CENTRE: Coord<f64> = Coord {
    x: 39_520_000.0,
    y: 3_360_000.0,
};

/// Stream tags, one per purpose, so that adding draws to one purpose leaves the others alone.
pub mod tag {
    pub const RED: u64 = 0x7265_6400_0000_0000;
    pub const URBAN: u64 = 0x7572_6200_0000_0000;
    pub const GRID: u64 = 0x6772_6964;
    pub const LAYOUT: u64 = 0x6c61_796f;
    pub const PLACE: u64 = 0x706c_6163;
    pub const RESERVE: u64 = 0x7265_7365;
    pub const NOISE: u64 = 0x6e6f_6973;
    pub const LAND: u64 = 0x6c61_6e64;
    pub const ATTR: u64 = 0x6174_7472;
    pub const PLANT: u64 = 0x706c_616e;
    pub const SURVEY: u64 = 0x7375_7276;
}

/// Feature counts derived from the scale.
#[derive(Debug, Clone, Copy)]
pub struct Counts {
    /// Farmland patches.
    pub farmland: usize,
    /// Red-line polygons.
    pub red: usize,
    /// Urban-boundary polygons.
    pub urban: usize,
    /// Linear size factor of red-line and urban shapes (and of their vertex counts): √scale, ≤ 1.
    pub lin: f64,
}

impl Counts {
    /// Counts for a scale.
    pub fn of(scale: f64) -> Counts {
        Counts {
            farmland: ((scale * 1e5).round() as usize).max(100),
            red: ((scale * 300.0).round() as usize).max(10),
            urban: ((scale * 20.0).round() as usize).max(3),
            lin: scale.sqrt().min(1.0),
        }
    }
}

/// A red-line or urban polygon in its place.
#[derive(Debug, Clone)]
pub struct Placed {
    /// Closed counter-clockwise shell (working orientation, reversed in the layer).
    pub shell: Vec<Coord<f64>>,
    /// Closed clockwise holes (working orientation, reversed in the layer).
    pub holes: Vec<Vec<Coord<f64>>>,
    /// Centre of the star.
    pub centre: Coord<f64>,
    /// Bounding radius around the centre.
    pub r_max: f64,
    /// Inner radius around the centre.
    pub r_in: f64,
    /// Index of the shell vertex farthest from the centre.
    pub i_max: usize,
    /// County index.
    pub county: u8,
}

/// Interior cells reserved for stand-alone planted features.
pub const RESERVED_CELLS: usize = 4;

/// Vacant cells kept for planted errors (vacant in clean output too, so that both agree).
#[derive(Debug, Clone)]
pub struct Reserved {
    /// Interior cells (row, col): nothing else within one cell of them.
    pub interior: Vec<(usize, usize)>,
    /// A cell on the west edge of the study area, with straight neighbours above and below.
    pub west_edge: (usize, usize),
}

/// The whole geometry.
#[derive(Debug, Clone)]
pub struct Scene {
    pub grid: Grid,
    pub layout: Layout,
    /// Closed clockwise ring of each county.
    pub county_rings: Vec<Vec<Coord<f64>>>,
    pub red: Vec<Placed>,
    pub urban: Vec<Placed>,
    /// Farmland cells (row, col) in row-major order.
    pub farmland: Vec<(usize, usize)>,
    /// Whether each cell is farmland.
    pub is_farmland: Vec<bool>,
    pub reserved: Reserved,
    /// Land-class noise in [-1, 1) per farmland cell, for DLBM.
    pub land_noise: Vec<f64>,
    /// Cells within the clearance of a red-line or urban polygon.
    pub covered: Vec<bool>,
    /// With realistic conflicts: the rings (closed, in the cells' orientation) of the cells in
    /// the clearance rings that the farmland may use, redrawn along the polygons' outlines.
    /// A cell split into two strips across the outline has two rings.
    pub redrawn: BTreeMap<usize, Vec<Vec<Coord<f64>>>>,
}

/// Draws the red-line shapes (independent streams per polygon, so they parallelise).
fn red_shapes(seed: u64, counts: &Counts) -> Vec<Star> {
    // Stratified sizes (one draw per quantile, in shuffled order) keep the total vertex count
    // close to its expectation despite the heavy tail.
    let mut strata: Vec<usize> = (0..counts.red).collect();
    let mut shuffle = SplitMix64::new(seed, tag::RED);
    for i in (1..strata.len()).rev() {
        strata.swap(i, shuffle.below(i + 1));
    }
    (0..counts.red)
        .into_par_iter()
        .map(|i| {
            let mut rng = SplitMix64::new(seed, tag::RED + 1 + i as u64);
            let u = (strata[i] as f64 + rng.unit()) / counts.red as f64;
            let u4 = (u * u) * (u * u);
            let u16 = (u4 * u4) * (u4 * u4);
            // Heavy tail: most polygons near the minimum, one in 300 at the maximum.
            let x = if i % 300 == 0 { 20.0 } else { 1.0 + 19.0 * u16 };
            let n = ((2000.0 * counts.lin * x).round() as usize).max(64);
            let x34 = x.sqrt() * x.sqrt().sqrt();
            let shape = StarShape {
                n,
                radius: 400.0 * counts.lin * x34,
                harmonic_amp: rng.range(0.2, 0.35),
                octave_amp: rng.range(0.10, 0.15),
                octave_decay: 0.6,
            };
            let mut star = shape.draw(&mut rng);
            if rng.chance(0.25) {
                let holes = 1 + rng.below(3);
                let margin = (0.1 * star.r_in).max(30.0);
                star.punch_holes(holes, margin, &mut rng);
            }
            star
        })
        .collect()
}

/// Draws the urban shapes.
fn urban_shapes(seed: u64, counts: &Counts) -> Vec<Star> {
    (0..counts.urban)
        .into_par_iter()
        .map(|i| {
            let mut rng = SplitMix64::new(seed, tag::URBAN + i as u64);
            let u = rng.unit();
            let x = 1.0 + 9.0 * u * u;
            let shape = StarShape {
                n: ((300.0 * counts.lin * x).round() as usize).max(48),
                radius: 600.0 * counts.lin * x.sqrt(),
                harmonic_amp: rng.range(0.15, 0.3),
                octave_amp: rng.range(0.06, 0.1),
                octave_decay: 0.55,
            };
            shape.draw(&mut rng)
        })
        .collect()
}

/// Builds the scene of a spec. Panics only if no layout fits after many enlargements, which the
/// sizing rules out for scales in (0, 100].
pub fn build(spec: &CountySpec) -> Scene {
    let counts = Counts::of(spec.scale);
    let seed = spec.seed;
    let reds = red_shapes(seed, &counts);
    let urbans = urban_shapes(seed, &counts);
    let radii: Vec<f64> = urbans
        .iter()
        .chain(&reds)
        .map(|s| s.r_max + CLEARANCE)
        .collect();
    let disc_area: f64 = radii.iter().map(|r| std::f64::consts::PI * r * r).sum();
    let farm_area = counts.farmland as f64 / FARMLAND_SHARE * MEAN_CELL_AREA / 0.88;
    let base_area = (farm_area + 1.5 * disc_area) / 0.95;

    let mut area = base_area;
    for attempt in 0..16u64 {
        if attempt > 0 {
            area *= 1.12;
        }
        let width = (area * 1.25).sqrt();
        let height = area / width;
        let cols = ((width / 105.0) * 1.04).ceil() as usize + 2;
        let rows = (height / 100.0).ceil() as usize + 2;
        let origin = Coord {
            x: (CENTRE.x - 0.5 * cols as f64 * 105.0).round(),
            y: (CENTRE.y - 0.5 * rows as f64 * 100.0).round(),
        };
        let aseed = hash(seed, attempt, 0, 0);
        let grid = Grid::new(hash(aseed, tag::GRID, 0, 0), origin, rows, cols);
        let layout = lay_out(&grid, &mut SplitMix64::new(aseed, tag::LAYOUT));
        let Some(county_rings) = (0..4u8)
            .map(|k| trace_county(&grid, &layout.county, k))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let Some(places) = place_discs(
            &grid,
            &layout.county,
            &radii,
            &mut SplitMix64::new(aseed, tag::PLACE),
        ) else {
            continue;
        };
        let (urban_places, red_places) = places.split_at(urbans.len());
        let red = put(&reds, red_places);
        let urban = put(&urbans, urban_places);
        // Cells within the clearance of a red-line or urban polygon are never farmland, unless
        // the farmland is drawn with realistic conflicts: then those whose centre lies outside
        // the polygon are redrawn along its outline (see `realistic`).
        let mut covered = vec![false; rows * cols];
        for p in red.iter().chain(&urban) {
            cover(&grid, p, &mut covered);
        }
        let Some(reserved) = reserve(&grid, &layout, &covered, aseed) else {
            continue;
        };
        let mut blocked = covered.clone();
        let mut redrawn: BTreeMap<usize, realistic::Redrawn> = BTreeMap::new();
        if spec.conflicts == Conflicts::Realistic {
            for (i, cell) in redraw_near(&grid, &red, &urban, seed) {
                blocked[i] = cell.is_none();
                if let Some(cell) = cell {
                    redrawn.insert(i, cell);
                }
            }
        }
        for &(r, c) in reserved.interior.iter().chain([&reserved.west_edge]) {
            blocked[grid.cell_index(r, c)] = true;
        }
        let eligible: Vec<usize> = (0..rows * cols)
            .filter(|&i| layout.county[i] != OUTSIDE && !layout.road[i] && !blocked[i])
            .collect();
        if (eligible.len() as f64) * 0.8 < counts.farmland as f64 {
            continue;
        }
        let noise_seed = hash(seed, tag::NOISE, 0, 0);
        // Farmland zones are about 1.6 km across at full size, smaller in small drafts.
        let zone_cell = 1600.0 * counts.lin.max(0.3);
        let o = grid.extent();
        let value = |i: usize| {
            let p = grid.cell_centre(i / cols, i % cols);
            fbm(noise_seed, p.x - o[0], p.y - o[1], zone_cell, 3)
        };
        // Realistic: farmland reaches up to the lines wherever it can (the lines were often drawn
        // along farmland), so cells abutting an outline come first.
        let boost = |i: usize| match redrawn.get(&i) {
            Some(cell) if cell.abuts => 2.0,
            _ => 0.0,
        };
        let mut ranked: Vec<(f64, usize)> = eligible
            .par_iter()
            .map(|&i| (value(i) + boost(i), i))
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // Cells split into strips give two patches each; take cells until the count is reached.
        let mut chosen: Vec<usize> = Vec::with_capacity(counts.farmland);
        let mut rings: BTreeMap<usize, Vec<Vec<Coord<f64>>>> = BTreeMap::new();
        let mut patches = 0;
        for &(_, i) in &ranked {
            if patches == counts.farmland {
                break;
            }
            chosen.push(i);
            patches += 1;
            if let Some(cell) = redrawn.remove(&i) {
                match cell.strips {
                    Some(strips) if patches < counts.farmland => {
                        patches += 1;
                        rings.insert(i, strips.to_vec());
                    }
                    _ => {
                        rings.insert(i, vec![cell.ring]);
                    }
                }
            }
        }
        if patches < counts.farmland {
            continue;
        }
        chosen.sort_unstable();
        let redrawn = rings;
        let mut is_farmland = vec![false; rows * cols];
        for &i in &chosen {
            is_farmland[i] = true;
        }
        let land_seed = hash(seed, tag::LAND, 0, 0);
        let land_noise = chosen
            .iter()
            .map(|&i| {
                let p = grid.cell_centre(i / cols, i % cols);
                fbm(land_seed, p.x - o[0], p.y - o[1], 900.0, 2)
            })
            .collect();
        let farmland = chosen.iter().map(|&i| (i / cols, i % cols)).collect();

        return Scene {
            red,
            urban,
            grid,
            layout,
            county_rings,
            farmland,
            is_farmland,
            reserved,
            land_noise,
            covered,
            redrawn,
        };
    }
    panic!(
        "sanxian-gen: no layout found for scale {} seed {}",
        spec.scale, spec.seed
    );
}

/// Moves shapes to their places, rounding to the millimetre.
fn put(stars: &[Star], places: &[crate::blobs::Placement]) -> Vec<Placed> {
    stars
        .iter()
        .zip(places)
        .map(|(s, p)| {
            let abs = |ring: &Vec<Coord<f64>>| -> Vec<Coord<f64>> {
                ring.iter()
                    .map(|q| Coord {
                        x: mm(p.centre.x + q.x),
                        y: mm(p.centre.y + q.y),
                    })
                    .collect()
            };
            Placed {
                shell: abs(&s.shell),
                holes: s.holes.iter().map(abs).collect(),
                centre: p.centre,
                r_max: s.r_max,
                r_in: s.r_in,
                i_max: s.i_max,
                county: p.county,
            }
        })
        .collect()
}

/// The cells within reach of the realistic redrawing around each polygon, redrawn, or `None`
/// when the redrawn ring is not a valid polygon (the cell is then left out).
fn redraw_near(
    grid: &Grid,
    red: &[Placed],
    urban: &[Placed],
    seed: u64,
) -> Vec<(usize, Option<realistic::Redrawn>)> {
    let placed: Vec<&Placed> = red.iter().chain(urban).collect();
    let mut near: Vec<(usize, u32)> = Vec::new();
    for (s, p) in placed.iter().enumerate() {
        each_cell_near(grid, p, realistic::NEAR, |i| near.push((i, s as u32)));
    }
    let offsets: Vec<Offset> = placed
        .par_iter()
        .enumerate()
        .map(|(s, p)| Offset::new(p, seed, s as u64))
        .collect();
    near.sort_unstable();
    near.dedup();
    let mut cells: Vec<(usize, Vec<u32>)> = Vec::new();
    for (i, s) in near {
        match cells.last_mut() {
            Some((j, list)) if *j == i => list.push(s),
            _ => cells.push((i, vec![s])),
        }
    }
    cells
        .into_par_iter()
        .map(|(i, stars)| {
            let (r, c) = (i / grid.cols, i % grid.cols);
            let offs: Vec<&Offset> = stars.iter().map(|&s| &offsets[s as usize]).collect();
            let towards = placed[stars[0] as usize].centre - grid.cell_centre(r, c);
            (i, realistic::redraw(&grid.cell_ring(r, c), towards, &offs))
        })
        .collect()
}

/// Marks the cells that come within [`CLEARANCE`] of a placed polygon or lie inside it.
///
/// A cell that meets the polygon or comes within the clearance of it either has a vertex of the
/// shell within `CLEARANCE + longest edge` of its box (some edge passes near), or lies wholly
/// inside the shell (its centre is inside). Both are tested exactly: vertices by bucketing them
/// into the cells around them, insideness by the star shape (the ray from the centre meets one
/// edge, found by binary search on a pseudo-angle).
fn cover(grid: &Grid, p: &Placed, covered: &mut [bool]) {
    each_cell_near(grid, p, CLEARANCE, |i| covered[i] = true);
    let star = StarIndex::new(p);
    let r = p.r_max;
    for row in grid.rows_overlapping(p.centre.y - r, p.centre.y + r) {
        for col in grid.cols_overlapping(p.centre.x - r, p.centre.x + r) {
            let i = grid.cell_index(row, col);
            if !covered[i] && star.contains(grid.cell_centre(row, col)) {
                covered[i] = true;
            }
        }
    }
}

/// Calls `f` with the index of every cell whose box comes within `reach` plus the longest shell
/// edge of a shell vertex (so every cell with a point within `reach` of the outline), once per
/// such vertex.
fn each_cell_near(grid: &Grid, p: &Placed, reach: f64, mut f: impl FnMut(usize)) {
    let longest = p
        .shell
        .windows(2)
        .map(|w| {
            let d = w[1] - w[0];
            (d.x * d.x + d.y * d.y).sqrt()
        })
        .fold(0.0, f64::max);
    let reach = reach + longest;
    for v in &p.shell {
        for row in grid.rows_overlapping(v.y - reach, v.y + reach) {
            for col in grid.cols_overlapping(v.x - reach, v.x + reach) {
                let [x0, y0, x1, y1] = grid.cell_bbox(row, col);
                if v.x >= x0 - reach && v.x <= x1 + reach && v.y >= y0 - reach && v.y <= y1 + reach
                {
                    f(grid.cell_index(row, col));
                }
            }
        }
    }
}

/// Point-in-polygon for a star-shaped shell around its centre.
pub(crate) struct StarIndex<'a> {
    centre: Coord<f64>,
    ring: &'a [Coord<f64>],
    /// Pseudo-angles of the ring's vertices, rotated to increase from `start`.
    angles: Vec<f64>,
    start: usize,
}

/// A monotonic stand-in for the angle of a direction, in [0, 4), with `/` only.
fn pseudo_angle(d: Coord<f64>) -> f64 {
    let p = d.x / (d.x.abs() + d.y.abs());
    if d.y >= 0.0 {
        1.0 - p
    } else {
        3.0 + p
    }
}

impl<'a> StarIndex<'a> {
    pub(crate) fn new(p: &'a Placed) -> Self {
        let ring = &p.shell[..p.shell.len() - 1];
        let raw: Vec<f64> = ring.iter().map(|&v| pseudo_angle(v - p.centre)).collect();
        let start = (0..raw.len())
            .min_by(|&a, &b| raw[a].total_cmp(&raw[b]))
            .unwrap_or(0);
        let angles = (0..raw.len())
            .map(|k| raw[(start + k) % raw.len()])
            .collect();
        StarIndex {
            centre: p.centre,
            ring,
            angles,
            start,
        }
    }

    pub(crate) fn contains(&self, q: Coord<f64>) -> bool {
        let (u, v) = self.edge_towards(pseudo_angle(q - self.centre));
        (v.x - u.x) * (q.y - u.y) - (v.y - u.y) * (q.x - u.x) > 0.0
    }

    /// The shell edge the ray from the centre at pseudo-angle `a` meets.
    fn edge_towards(&self, a: f64) -> (Coord<f64>, Coord<f64>) {
        let n = self.ring.len();
        // Edge from the last vertex at or below the angle to the next one (cyclically).
        let k = self.angles.partition_point(|&x| x <= a);
        let from = (self.start + k + n - 1) % n;
        (self.ring[from], self.ring[(from + 1) % n])
    }

    /// `(t, a)`: the ray from the centre through `q` (≠ centre) meets the outline at
    /// `centre + t·(q − centre)`; `a` is the ray's pseudo-angle.
    pub(crate) fn ray_to_outline(&self, q: Coord<f64>) -> (f64, f64) {
        let d = q - self.centre;
        let a = pseudo_angle(d);
        let (u, v) = self.edge_towards(a);
        let (w, e) = (u - self.centre, v - u);
        let t = (w.x * e.y - w.y * e.x) / (d.x * e.y - d.y * e.x);
        (t, a)
    }
}

/// Chooses the vacant cells for planted errors.
fn reserve(grid: &Grid, layout: &Layout, covered: &[bool], seed: u64) -> Option<Reserved> {
    let mut rng = SplitMix64::new(seed, tag::RESERVE);
    let (rows, cols) = (grid.rows, grid.cols);
    let ok = |r: usize, c: usize, k: u8| {
        let i = grid.cell_index(r, c);
        layout.county[i] == k && !covered[i]
    };
    let mut interior: Vec<(usize, usize)> = Vec::new();
    for _ in 0..20_000 {
        if interior.len() == RESERVED_CELLS {
            break;
        }
        let (r, c) = (1 + rng.below(rows - 2), 1 + rng.below(cols - 2));
        let k = layout.county[grid.cell_index(r, c)];
        if k == OUTSIDE || layout.road[grid.cell_index(r, c)] {
            continue;
        }
        let all_ok = (r - 1..=r + 1).all(|rr| (c - 1..=c + 1).all(|cc| ok(rr, cc, k)));
        let apart = interior
            .iter()
            .all(|&(a, b)| a.abs_diff(r).max(b.abs_diff(c)) >= 4);
        if all_ok && apart {
            interior.push((r, c));
        }
    }
    if interior.len() < RESERVED_CELLS {
        return None;
    }
    let w = &layout.west;
    let candidates: Vec<usize> = (2..rows - 2)
        .filter(|&r| w[r - 1] == w[r] && w[r + 1] == w[r])
        .filter(|&r| {
            let i = grid.cell_index(r, w[r]);
            !covered[i] && layout.county[i] != OUTSIDE
        })
        .filter(|&r| {
            interior
                .iter()
                .all(|&(a, b)| a.abs_diff(r).max(b.abs_diff(w[r])) >= 4)
        })
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let r = candidates[rng.below(candidates.len())];
    Some(Reserved {
        interior,
        west_edge: (r, w[r]),
    })
}

/// Fractal value noise in [-1, 1): `octaves` octaves from lattice spacing `cell` m down.
pub fn fbm(seed: u64, x: f64, y: f64, cell: f64, octaves: u32) -> f64 {
    let (mut sum, mut amp, mut norm, mut s) = (0.0, 1.0, 0.0, cell);
    for o in 0..octaves {
        sum += amp * value_noise(hash(seed, o as u64, 0, 0), x / s, y / s);
        norm += amp;
        amp *= 0.5;
        s *= 0.5;
    }
    sum / norm
}

fn value_noise(seed: u64, x: f64, y: f64) -> f64 {
    let (fx, fy) = (x.floor(), y.floor());
    let (tx, ty) = (x - fx, y - fy);
    let (ix, iy) = (fx as i64 as u64, fy as i64 as u64);
    let v = |dx: u64, dy: u64| to_signed(hash(seed, ix.wrapping_add(dx), iy.wrapping_add(dy), 7));
    let sx = tx * tx * (3.0 - 2.0 * tx);
    let sy = ty * ty * (3.0 - 2.0 * ty);
    let a = v(0, 0) + (v(1, 0) - v(0, 0)) * sx;
    let b = v(0, 1) + (v(1, 1) - v(0, 1)) * sx;
    a + (b - a) * sy
}
