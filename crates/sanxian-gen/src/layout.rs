//! The county layout on the grid: the study area's outline, the counties (unions of grid cells,
//! so their borders run along the same shared edges as the farmland) and the roads.
//!
//! Counties are laid out two by two: a west/east split line `sc(row)` and, on each side, a
//! south/north split line `sr(col)`, inside an outline bounded by four more such lines. Every
//! line is a meandering walk that moves at most one cell per step, which keeps each county row-
//! or column-convex near its borders; where two lines meet (the junction, the outline's corners
//! and ends) one of them is held straight, so no county touches itself at a single node.
//! [`trace_county`] checks that anyway and the caller lays out again if it ever fails.

use geo_types::Coord;

use crate::grid::{DirEdge, Grid};
use crate::rng::SplitMix64;

/// County index of cells outside the study area.
pub const OUTSIDE: u8 = u8::MAX;

/// Counties of the cells of a grid.
#[derive(Debug, Clone)]
pub struct Layout {
    /// County index (0..4) of each cell, [`OUTSIDE`] outside the study area.
    pub county: Vec<u8>,
    /// Whether a cell lies on a road (never farmland).
    pub road: Vec<bool>,
    /// First column inside the study area, per row.
    pub west: Vec<usize>,
}

/// Lays out four counties and the roads on the grid; [`trace_county`] tells whether each county
/// came out as one simple polygon.
pub fn lay_out(grid: &Grid, rng: &mut SplitMix64) -> Layout {
    let (rows, cols) = (grid.rows as i64, grid.cols as i64);
    // Half-widths of the meanders: outline, west/east split, south/north splits.
    let (wo, ho) = ((cols / 20).max(1), (rows / 20).max(1));
    let wc = (cols / 14).max(1);
    let wr = (rows / 14).max(1);
    let c0 = (cols as f64 * rng.range(0.42, 0.58)).round() as i64;
    let r0w = (rows as f64 * rng.range(0.35, 0.65)).round() as i64;
    let r0e = (rows as f64 * rng.range(0.35, 0.65)).round() as i64;

    // Where two boundaries meet, one of them is held straight.
    let near_rows_ends: Vec<bool> = (0..rows)
        .map(|i| i <= 2 * ho + 3 || i + 2 * ho + 3 >= rows)
        .collect();
    let near_cols_ends = |j: i64| j <= 2 * wo + 3 || j + 2 * wo + 3 >= cols;
    let flat_outline_sn: Vec<bool> = (0..cols)
        .map(|j| near_cols_ends(j) || (j - c0).abs() <= wc + 2)
        .collect();
    let flat_sr: Vec<bool> = (0..cols)
        .map(|j| near_cols_ends(j) || (j - c0).abs() <= wc + 2)
        .collect();
    let flat_sc: Vec<bool> = (0..rows)
        .map(|i| i >= r0w.min(r0e) - wr - 2 && i <= r0w.max(r0e) + wr + 2)
        .collect();

    let shifted = |w: Vec<i64>, base: i64| -> Vec<i64> { w.iter().map(|v| base + v).collect() };
    let west = shifted(walk(rows, wo, &near_rows_ends, rng), wo);
    let east = shifted(walk(rows, wo, &near_rows_ends, rng), cols - wo);
    let south = shifted(walk(cols, ho, &flat_outline_sn, rng), ho);
    let north = shifted(walk(cols, ho, &flat_outline_sn, rng), rows - ho);
    let sc = shifted(walk(rows, wc, &flat_sc, rng), c0);
    let srw = shifted(walk(cols, wr, &flat_sr, rng), r0w);
    let sre = shifted(walk(cols, wr, &flat_sr, rng), r0e);

    let mut county = vec![OUTSIDE; grid.rows * grid.cols];
    for i in 0..rows {
        for j in 0..cols {
            let (iu, ju) = (i as usize, j as usize);
            if j < west[iu] || j >= east[iu] || i < south[ju] || i >= north[ju] {
                continue;
            }
            let is_west = j < sc[iu];
            let split = if is_west { srw[ju] } else { sre[ju] };
            let is_north = i >= split;
            county[grid.cell_index(iu, ju)] = 2 * is_north as u8 + !is_west as u8;
        }
    }

    let road = roads(grid, rng);
    Layout {
        county,
        road,
        west: west.iter().map(|&v| v as usize).collect(),
    }
}

/// A meandering walk of offsets in −hw..=hw: it keeps its direction for a while, moves at most 1
/// per step, and is 0 on `flat` (it eases in, so the 1-per-step bound holds there too).
fn walk(len: i64, hw: i64, flat: &[bool], rng: &mut SplitMix64) -> Vec<i64> {
    let len = len as usize;
    let mut raw = Vec::with_capacity(len);
    let (mut v, mut dir) = (0i64, if rng.chance(0.5) { 1 } else { -1 });
    for _ in 0..len {
        if rng.chance(0.08) {
            dir = -dir;
        }
        if rng.chance(0.6) {
            v += dir;
            if v.abs() > hw {
                v = v.clamp(-hw, hw);
                dir = -dir;
            }
        }
        raw.push(v);
    }
    // Distance to the nearest flat index bounds the offset, so the walk is 1-Lipschitz.
    let far = i64::MAX / 4;
    let mut dist = vec![far; len];
    let mut d = far;
    for i in 0..len {
        d = if flat[i] { 0 } else { d.saturating_add(1) };
        dist[i] = d;
    }
    d = far;
    for i in (0..len).rev() {
        d = if flat[i] { 0 } else { d.saturating_add(1) };
        dist[i] = dist[i].min(d);
    }
    raw.iter()
        .zip(&dist)
        .map(|(&v, &d)| {
            let lim = hw.min(d);
            v.clamp(-lim, lim)
        })
        .collect()
}

/// Roads: lines of cells every 14–30 rows or columns, each running over a random stretch.
fn roads(grid: &Grid, rng: &mut SplitMix64) -> Vec<bool> {
    let mut road = vec![false; grid.rows * grid.cols];
    let lines = |n: usize, m: usize, rng: &mut SplitMix64| -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut i = 8 + rng.below(12);
        while i < n {
            let len = m * (4 + rng.below(7)) / 10;
            let start = rng.below(m - len + 1);
            out.push((i, start, start + len));
            i += 14 + rng.below(17);
        }
        out
    };
    for (r, a, b) in lines(grid.rows, grid.cols, rng) {
        for c in a..b {
            road[grid.cell_index(r, c)] = true;
        }
    }
    for (c, a, b) in lines(grid.cols, grid.rows, rng) {
        for r in a..b {
            road[grid.cell_index(r, c)] = true;
        }
    }
    road
}

/// The closed clockwise (shapefile orientation) boundary ring of county `k`, following the grid edges, or `None`
/// when the county's cells do not form one simple polygon (several components, holes, or cells
/// touching at a corner only).
pub fn trace_county(grid: &Grid, county: &[u8], k: u8) -> Option<Vec<Coord<f64>>> {
    let nc = grid.cols + 1;
    let node_id = |r: usize, c: usize| r * nc + c;
    let mut next: Vec<u32> = vec![u32::MAX; (grid.rows + 1) * nc];
    let mut edge_at: Vec<DirEdge> = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    let in_k = |r: i64, c: i64| {
        r >= 0
            && c >= 0
            && (r as usize) < grid.rows
            && (c as usize) < grid.cols
            && county[grid.cell_index(r as usize, c as usize)] == k
    };
    for r in 0..grid.rows {
        for c in 0..grid.cols {
            if county[grid.cell_index(r, c)] != k {
                continue;
            }
            let (ri, ci) = (r as i64, c as i64);
            let across = [(ri - 1, ci), (ri, ci + 1), (ri + 1, ci), (ri, ci - 1)];
            for (e, (nr, ncol)) in Grid::cell_edges(r, c).into_iter().zip(across) {
                if in_k(nr, ncol) {
                    continue;
                }
                let (a, b) = endpoints(e);
                let from = node_id(a.0, a.1);
                if next[from] != u32::MAX {
                    return None; // two boundary edges leave one node: a pinch
                }
                next[from] = edge_at.len() as u32;
                edge_at.push(e);
                starts.push(node_id(b.0, b.1));
            }
        }
    }
    let first_edge = *edge_at.first()?;
    let (a0, _) = endpoints(first_edge);
    let start = node_id(a0.0, a0.1);
    let mut ring = Vec::new();
    let mut node = start;
    let mut used = 0usize;
    loop {
        let idx = next[node];
        if idx == u32::MAX {
            return None;
        }
        grid.push_edge(&mut ring, edge_at[idx as usize]);
        used += 1;
        node = starts[idx as usize];
        if node == start {
            break;
        }
        if used > edge_at.len() {
            return None;
        }
    }
    if used != edge_at.len() {
        return None; // more than one loop: a hole or a second component
    }
    ring.push(ring[0]);
    ring.reverse();
    Some(ring)
}

/// (start node, end node) of a directed edge as (row, column) pairs.
fn endpoints(e: DirEdge) -> ((usize, usize), (usize, usize)) {
    let a = (e.r, e.c);
    let b = if e.horizontal {
        (e.r, e.c + 1)
    } else {
        (e.r + 1, e.c)
    };
    if e.forward {
        (a, b)
    } else {
        (b, a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_move_by_one_and_rest_on_flat_ground() {
        let mut rng = SplitMix64::new(3, 3);
        let flat: Vec<bool> = (0..200).map(|i| (90..110).contains(&i)).collect();
        let w = walk(200, 6, &flat, &mut rng);
        assert!(w.windows(2).all(|p| (p[0] - p[1]).abs() <= 1));
        assert!(w.iter().all(|v| v.abs() <= 6));
        assert!((90..110).all(|i| w[i] == 0));
    }

    #[test]
    fn four_simple_counties() {
        for seed in 0..20 {
            let g = Grid::new(seed, Coord { x: 0.0, y: 0.0 }, 60, 70);
            let lay = lay_out(&g, &mut SplitMix64::new(seed, 9));
            let mut total = 0.0;
            for k in 0..4 {
                let ring = trace_county(&g, &lay.county, k).expect("simple county");
                let a = -crate::area::planar_signed(&ring);
                assert!(a > 0.0);
                total += a;
            }
            let cells: f64 = (0..g.rows)
                .flat_map(|r| (0..g.cols).map(move |c| (r, c)))
                .filter(|&(r, c)| lay.county[g.cell_index(r, c)] != OUTSIDE)
                .map(|(r, c)| -crate::area::planar_signed(&g.cell_ring(r, c)))
                .sum();
            assert!((total - cells).abs() < 1e-3 * cells, "{total} {cells}");
        }
    }
}
