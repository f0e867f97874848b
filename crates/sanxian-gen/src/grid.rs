//! The jittered grid every polygon boundary of the county follows: farmland patches are its
//! cells, counties are unions of its cells.
//!
//! Nodes sit on irregular column and row lines and are jittered; each grid edge between two nodes
//! carries [`EDGE_POINTS`] intermediate points displaced across the edge by a hash of the edge's
//! index. A cell's ring is the concatenation of its four edges, so two neighbouring cells (or a
//! cell and its county) compute the very same coordinates along their common edge: a coverage
//! with shared vertices, as digitised planning data is.
//!
//! Jitter and displacement are small against the spacing (nodes move at most [`JITTER`] m on
//! cells at least 75 × 70 m, edge points at most 2 % of the edge length across it), so cell angles
//! stay above 50° and no two edges of the grid cross: every cell ring is simple.

use std::ops::Range;

use geo_types::Coord;

use crate::rng::{hash, mm, SplitMix64};

/// Intermediate points on every grid edge (a cell ring has 4 + 4·5 + 1 = 25 vertices).
pub const EDGE_POINTS: usize = 5;
/// Largest node displacement from its nominal position, m.
pub const JITTER: f64 = 7.0;
/// Bound on the displacement of an edge point from the straight node-to-node segment, m.
pub const WIGGLE_BOUND: f64 = 3.5;
/// Displacement of edge points as a fraction of the edge length.
const WIGGLE_FRAC: f64 = 0.02;
/// Column widths are drawn in this range, m.
const COL_WIDTH: (f64, f64) = (75.0, 135.0);
/// Row heights are drawn in this range, m.
const ROW_HEIGHT: (f64, f64) = (70.0, 130.0);
/// Mean cell area, m², for sizing the county.
pub const MEAN_CELL_AREA: f64 = 105.0 * 100.0;
/// Half-size of the square around a cell's centre that lies inside the cell whatever the jitter:
/// the nominal half-height (35 m) less the centre's shift (7 m), an edge's shift (7 + 3.5 m) and
/// a margin.
pub const INNER_HALF: f64 = 16.0;

/// A grid edge taken in a direction: the edge from node (r, c) eastward (`horizontal`) or
/// northward, reversed when `!forward`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DirEdge {
    /// Row of the edge's canonical start node.
    pub r: usize,
    /// Column of the edge's canonical start node.
    pub c: usize,
    /// East-going (true) or north-going (false) edge.
    pub horizontal: bool,
    /// Traversed from the canonical start node.
    pub forward: bool,
}

/// The jittered grid.
#[derive(Debug, Clone)]
pub struct Grid {
    /// Number of cell rows (rows grow northward).
    pub rows: usize,
    /// Number of cell columns (columns grow eastward).
    pub cols: usize,
    xs: Vec<f64>,
    ys: Vec<f64>,
    nodes: Vec<Coord<f64>>,
    seed: u64,
}

impl Grid {
    /// A grid of `rows` × `cols` cells whose south-west nominal corner is `origin`.
    pub fn new(seed: u64, origin: Coord<f64>, rows: usize, cols: usize) -> Grid {
        let mut rng = SplitMix64::new(seed, 0x6772_6964);
        let mut xs = Vec::with_capacity(cols + 1);
        let mut x = origin.x;
        xs.push(x);
        for _ in 0..cols {
            x += rng.range(COL_WIDTH.0, COL_WIDTH.1);
            xs.push(x);
        }
        let mut ys = Vec::with_capacity(rows + 1);
        let mut y = origin.y;
        ys.push(y);
        for _ in 0..rows {
            y += rng.range(ROW_HEIGHT.0, ROW_HEIGHT.1);
            ys.push(y);
        }
        let mut nodes = Vec::with_capacity((rows + 1) * (cols + 1));
        for (r, &y) in ys.iter().enumerate() {
            for (c, &x) in xs.iter().enumerate() {
                let mut h = SplitMix64::new(hash(seed, 0x6e6f_6465, r as u64, c as u64), 0);
                nodes.push(Coord {
                    x: mm(x + JITTER * h.signed()),
                    y: mm(y + JITTER * h.signed()),
                });
            }
        }
        Grid {
            rows,
            cols,
            xs,
            ys,
            nodes,
            seed,
        }
    }

    /// Node at row line `r`, column line `c`.
    #[inline]
    pub fn node(&self, r: usize, c: usize) -> Coord<f64> {
        self.nodes[r * (self.cols + 1) + c]
    }

    /// Index of a cell.
    #[inline]
    pub fn cell_index(&self, r: usize, c: usize) -> usize {
        r * self.cols + c
    }

    /// The intermediate points of the edge from node (r, c) east (`horizontal`) or north, in
    /// canonical order; the same for every caller.
    pub fn edge_points(&self, r: usize, c: usize, horizontal: bool) -> [Coord<f64>; EDGE_POINTS] {
        let a = self.node(r, c);
        let b = if horizontal {
            self.node(r, c + 1)
        } else {
            self.node(r + 1, c)
        };
        let mut rng = SplitMix64::new(
            hash(
                self.seed,
                0x6564_6765 + horizontal as u64,
                r as u64,
                c as u64,
            ),
            0,
        );
        let d = b - a;
        let len = (d.x * d.x + d.y * d.y).sqrt();
        let n = Coord {
            x: -d.y / len,
            y: d.x / len,
        };
        let mut out = [a; EDGE_POINTS];
        for (k, p) in out.iter_mut().enumerate() {
            let f = (k + 1) as f64 / (EDGE_POINTS + 1) as f64 + 0.03 * rng.signed();
            let off = WIGGLE_FRAC * len * rng.signed();
            *p = Coord {
                x: mm(a.x + d.x * f + n.x * off),
                y: mm(a.y + d.y * f + n.y * off),
            };
        }
        out
    }

    /// Appends the start node and intermediate points of a directed edge (not its end node).
    pub fn push_edge(&self, out: &mut Vec<Coord<f64>>, e: DirEdge) {
        let pts = self.edge_points(e.r, e.c, e.horizontal);
        let start = match (e.horizontal, e.forward) {
            (_, true) => (e.r, e.c),
            (true, false) => (e.r, e.c + 1),
            (false, false) => (e.r + 1, e.c),
        };
        out.push(self.node(start.0, start.1));
        if e.forward {
            out.extend_from_slice(&pts);
        } else {
            out.extend(pts.iter().rev());
        }
    }

    /// The four edges of a cell, counter-clockwise from its south-west corner.
    pub fn cell_edges(r: usize, c: usize) -> [DirEdge; 4] {
        [
            DirEdge {
                r,
                c,
                horizontal: true,
                forward: true,
            },
            DirEdge {
                r,
                c: c + 1,
                horizontal: false,
                forward: true,
            },
            DirEdge {
                r: r + 1,
                c,
                horizontal: true,
                forward: false,
            },
            DirEdge {
                r,
                c,
                horizontal: false,
                forward: false,
            },
        ]
    }

    /// The closed clockwise ring of a cell (25 vertices, shapefile orientation), from its
    /// south-west corner up its west edge: index 6 is the north-west corner, 12 the north-east,
    /// 18 the south-east.
    pub fn cell_ring(&self, r: usize, c: usize) -> Vec<Coord<f64>> {
        let mut ring = Vec::with_capacity(4 * (EDGE_POINTS + 1) + 1);
        for e in Grid::cell_edges(r, c) {
            self.push_edge(&mut ring, e);
        }
        ring.push(ring[0]);
        ring.reverse();
        ring
    }

    /// Centre of a cell (mean of its corners).
    pub fn cell_centre(&self, r: usize, c: usize) -> Coord<f64> {
        let (a, b) = (self.node(r, c), self.node(r, c + 1));
        let (d, e) = (self.node(r + 1, c), self.node(r + 1, c + 1));
        Coord {
            x: 0.25 * (a.x + b.x + d.x + e.x),
            y: 0.25 * (a.y + b.y + d.y + e.y),
        }
    }

    /// A box (x0, y0, x1, y1) that contains the cell.
    pub fn cell_bbox(&self, r: usize, c: usize) -> [f64; 4] {
        let corners = [
            self.node(r, c),
            self.node(r, c + 1),
            self.node(r + 1, c),
            self.node(r + 1, c + 1),
        ];
        let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        for p in corners {
            b[0] = b[0].min(p.x);
            b[1] = b[1].min(p.y);
            b[2] = b[2].max(p.x);
            b[3] = b[3].max(p.y);
        }
        [
            b[0] - WIGGLE_BOUND,
            b[1] - WIGGLE_BOUND,
            b[2] + WIGGLE_BOUND,
            b[3] + WIGGLE_BOUND,
        ]
    }

    /// Does the cell's box meet the disc (centre, radius)? Conservative for the cell itself.
    pub fn cell_meets_disc(&self, r: usize, c: usize, centre: Coord<f64>, radius: f64) -> bool {
        let [x0, y0, x1, y1] = self.cell_bbox(r, c);
        let dx = (x0 - centre.x).max(0.0).max(centre.x - x1);
        let dy = (y0 - centre.y).max(0.0).max(centre.y - y1);
        dx * dx + dy * dy <= radius * radius
    }

    /// Rows whose cells may reach into y0..y1.
    pub fn rows_overlapping(&self, y0: f64, y1: f64) -> Range<usize> {
        overlapping(&self.ys, y0, y1)
    }

    /// Columns whose cells may reach into x0..x1.
    pub fn cols_overlapping(&self, x0: f64, x1: f64) -> Range<usize> {
        overlapping(&self.xs, x0, x1)
    }

    /// Is the box certainly covered by the grid's cells?
    pub fn covers(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> bool {
        let m = JITTER + WIGGLE_BOUND;
        x0 > self.xs[0] + m
            && y0 > self.ys[0] + m
            && x1 < self.xs[self.cols] - m
            && y1 < self.ys[self.rows] - m
    }

    /// Nominal extent (x0, y0, x1, y1).
    pub fn extent(&self) -> [f64; 4] {
        [
            self.xs[0],
            self.ys[0],
            self.xs[self.cols],
            self.ys[self.rows],
        ]
    }
}

fn overlapping(lines: &[f64], lo: f64, hi: f64) -> Range<usize> {
    let m = JITTER + WIGGLE_BOUND;
    let n = lines.len() - 1;
    // cell i spans lines[i] - m ..= lines[i + 1] + m
    let first = lines[1..].partition_point(|&v| v + m < lo);
    let last = lines.partition_point(|&v| v - m <= hi).min(n);
    first.min(last)..last
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        Grid::new(
            5,
            Coord {
                x: 39_500_000.0,
                y: 3_350_000.0,
            },
            6,
            7,
        )
    }

    #[test]
    fn neighbours_share_their_common_edge() {
        let g = grid();
        let a = g.cell_ring(2, 3);
        let b = g.cell_ring(2, 4);
        let up = g.cell_ring(3, 3);
        assert_eq!(a.len(), 25);
        // a's east edge (NE to SE, 12..=18) is b's west edge (SW to NW, 0..=6) reversed.
        let a_east: Vec<_> = a[12..=18].to_vec();
        let mut b_west: Vec<_> = b[0..=6].to_vec();
        b_west.reverse();
        assert_eq!(a_east, b_west);
        // a's north edge (NW to NE, 6..=12) is up's south edge (SE to SW, 18..=24) reversed.
        let mut up_south: Vec<_> = up[18..=24].to_vec();
        up_south.reverse();
        assert_eq!(a[6..=12].to_vec(), up_south);
    }

    #[test]
    fn cells_are_clockwise_and_inside_their_boxes() {
        let g = grid();
        for r in 0..g.rows {
            for c in 0..g.cols {
                let ring = g.cell_ring(r, c);
                assert!(crate::area::planar_signed(&ring) < -4000.0);
                let [x0, y0, x1, y1] = g.cell_bbox(r, c);
                assert!(ring
                    .iter()
                    .all(|p| p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1));
                let rows = g.rows_overlapping(y0 + 5.0, y1 - 5.0);
                let cols = g.cols_overlapping(x0 + 5.0, x1 - 5.0);
                assert!(rows.contains(&r) && cols.contains(&c));
                let ctr = g.cell_centre(r, c);
                let inner = crate::area::rect_ring(ctr, INNER_HALF, INNER_HALF);
                let inside = crate::area::clip_convex(&ring, &inner);
                let a = -crate::area::planar_signed(&inside);
                assert!((a - 4.0 * INNER_HALF * INNER_HALF).abs() < 1e-6);
            }
        }
    }
}
