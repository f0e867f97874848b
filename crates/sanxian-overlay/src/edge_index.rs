//! The edge index of a large feature: what makes refinement cost follow local complexity.
//!
//! A red-line polygon may have 4·10⁴ vertices and touch thousands of farmland patches; a patch
//! needs only the few dozen edges near it. Two structures are built once per large feature:
//!
//! - **chunks** of [`CHUNK_EDGES`] consecutive edges of one ring, each with its box, bulk-loaded
//!   into an R-tree: "which edges meet this box?" costs one tree query plus the edges of the
//!   chunks found;
//! - **y-stripes** (as in tidwall/tg): the feature's y-range cut into horizontal stripes, each
//!   listing the edges whose y-range meets it. Point-in-polygon casts a ray towards +x and tests
//!   only the edges of the point's stripe. The stripe count is chosen from the data so that a
//!   stripe holds about as many edges as a horizontal line crosses (`Σ|Δy| / height`), which
//!   keeps the lists at about two entries per edge whatever the shape;
//! - a **cell grid** of about one cell per edge over the feature's box: cells touched by an
//!   edge are marked, every other cell knows whether it is inside or outside (one scanline per
//!   row of cells through the stripes). A patch whose box covers only unmarked cells of one
//!   status is decided with no tree query and no point-in-polygon at all — the common case of a
//!   farmland patch well inside or well outside a red line.

use geo::Coord;
use rstar::{RTree, RTreeObject, AABB};

use crate::geom::{Bbox, Location, RayCounter};
use crate::prepare::{PreparedFeature, Seg};

/// Number of consecutive edges per chunk of the R-tree.
pub(crate) const CHUNK_EDGES: usize = 16;

/// One edge: ring number within the feature and edge number within the ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EdgeRef {
    pub ring: u32,
    pub idx: u32,
}

#[derive(Debug, Clone, Copy)]
struct Chunk {
    ring: u32,
    start: u32,
    end: u32,
}

#[derive(Debug, Clone, Copy)]
struct ChunkEntry {
    env: AABB<[f64; 2]>,
    chunk: u32,
}

impl RTreeObject for ChunkEntry {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        self.env
    }
}

/// Chunk R-tree and y-stripes over all rings of one feature.
#[derive(Debug)]
pub(crate) struct EdgeIndex {
    chunks: Vec<Chunk>,
    tree: RTree<ChunkEntry>,
    y0: f64,
    inv_h: f64,
    stripes: usize,
    offsets: Vec<u32>,
    edges: Vec<EdgeRef>,
    grid: Option<CellGrid>,
}

/// Cell status in the grid.
const MARKED: u8 = 0;
const INSIDE: u8 = 1;
const OUTSIDE: u8 = 2;

/// The cell grid (see the module documentation).
#[derive(Debug)]
struct CellGrid {
    x0: f64,
    y0: f64,
    inv_w: f64,
    inv_h: f64,
    w: f64,
    h: f64,
    nx: usize,
    ny: usize,
    /// Margin by which edges and queries are widened, covering rounding of cell numbers.
    eps: f64,
    cells: Vec<u8>,
}

impl CellGrid {
    #[inline]
    fn col(&self, x: f64) -> usize {
        (((x - self.x0) * self.inv_w) as usize).min(self.nx - 1)
    }

    #[inline]
    fn row(&self, y: f64) -> usize {
        (((y - self.y0) * self.inv_h) as usize).min(self.ny - 1)
    }

    /// Inside (`Some(true)`), outside (`Some(false)`), or unknown, for every point of the
    /// closed box `r`.
    #[inline]
    fn decide(&self, r: &Bbox) -> Option<bool> {
        let (i0, i1) = (self.col(r.min_x - self.eps), self.col(r.max_x + self.eps));
        let (j0, j1) = (self.row(r.min_y - self.eps), self.row(r.max_y + self.eps));
        if (i1 - i0 + 1) * (j1 - j0 + 1) > 64 {
            return None;
        }
        let first = self.cells[j0 * self.nx + i0];
        if first == MARKED {
            return None;
        }
        for j in j0..=j1 {
            for &c in &self.cells[j * self.nx + i0..=j * self.nx + i1] {
                if c != first {
                    return None;
                }
            }
        }
        Some(first == INSIDE)
    }
}

impl EdgeIndex {
    /// Builds the index over the rings of `f` (which must have no index yet).
    pub fn build(f: &PreparedFeature<'_>) -> EdgeIndex {
        let mut chunks = Vec::new();
        let mut entries = Vec::new();
        let mut n_edges = 0usize;
        let mut sum_dy = 0.0f64;
        for r in 0..f.ring_count() {
            let ring = f.ring_coords(r);
            let m = ring.len().saturating_sub(1);
            n_edges += m;
            let mut start = 0;
            while start < m {
                let end = (start + CHUNK_EDGES).min(m);
                let b = Bbox::of_coords(&ring[start..=end]);
                entries.push(ChunkEntry {
                    env: b.aabb(),
                    chunk: chunks.len() as u32,
                });
                chunks.push(Chunk {
                    ring: r as u32,
                    start: start as u32,
                    end: end as u32,
                });
                start = end;
            }
            for w in ring.windows(2) {
                sum_dy += (w[1].y - w[0].y).abs();
            }
        }
        let tree = RTree::bulk_load(entries);
        let bbox = f.bbox;
        let height = bbox.height();
        // Crossings of an average horizontal line; a stripe should hold about that many edges.
        let crossings = if height > 0.0 { sum_dy / height } else { 1.0 };
        let stripes = if height > 0.0 {
            ((n_edges as f64 / crossings.max(1.0)).ceil() as usize).clamp(1, n_edges.max(1))
        } else {
            1
        };
        let (y0, inv_h) = if height > 0.0 {
            (bbox.min_y, stripes as f64 / height)
        } else {
            (bbox.min_y, 0.0)
        };
        // Truncation is floor here: y ≥ y0 (and `as` saturates).
        let stripe_of = |y: f64| -> usize { (((y - y0) * inv_h) as usize).min(stripes - 1) };
        // Two passes (count, fill) into one flat array: memory ~ two entries per edge.
        let mut counts = vec![0u32; stripes + 1];
        for r in 0..f.ring_count() {
            for w in f.ring_coords(r).windows(2) {
                let (lo, hi) = (w[0].y.min(w[1].y), w[0].y.max(w[1].y));
                for c in &mut counts[stripe_of(lo) + 1..=stripe_of(hi) + 1] {
                    *c += 1;
                }
            }
        }
        let mut offsets = counts;
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut fill = offsets.clone();
        let mut edges = vec![EdgeRef { ring: 0, idx: 0 }; offsets[stripes] as usize];
        for r in 0..f.ring_count() {
            for (i, w) in f.ring_coords(r).windows(2).enumerate() {
                let (lo, hi) = (w[0].y.min(w[1].y), w[0].y.max(w[1].y));
                for s in stripe_of(lo)..=stripe_of(hi) {
                    edges[fill[s] as usize] = EdgeRef {
                        ring: r as u32,
                        idx: i as u32,
                    };
                    fill[s] += 1;
                }
            }
        }
        let mut ix = EdgeIndex {
            chunks,
            tree,
            y0,
            inv_h,
            stripes,
            offsets,
            edges,
            grid: None,
        };
        ix.grid = ix.build_grid(f, n_edges);
        ix
    }

    /// The cell grid: marks cells touched by edges (each edge widened by `eps`), then gives
    /// every unmarked cell the status of its centre by one scanline per row.
    fn build_grid(&self, f: &PreparedFeature<'_>, n_edges: usize) -> Option<CellGrid> {
        let b = f.bbox;
        let (bw, bh) = (b.width(), b.height());
        if !(bw > 0.0 && bh > 0.0) || n_edges < 16 {
            return None;
        }
        let target = n_edges.clamp(16, 1 << 22) as f64;
        let nx = ((target * bw / bh).sqrt().ceil() as usize).clamp(1, 4096);
        let ny = ((target / nx as f64).ceil() as usize).clamp(1, 4096);
        let (w, h) = (bw / nx as f64, bh / ny as f64);
        let scale = b
            .min_x
            .abs()
            .max(b.max_x.abs())
            .max(b.min_y.abs())
            .max(b.max_y.abs());
        let mut g = CellGrid {
            x0: b.min_x,
            y0: b.min_y,
            inv_w: 1.0 / w,
            inv_h: 1.0 / h,
            w,
            h,
            nx,
            ny,
            eps: 1e-9 * scale + 1e-9 * (w + h),
            cells: vec![OUTSIDE; nx * ny],
        };
        // Mark: per edge, per row of cells it spans, the columns of its x-range in that row.
        for r in 0..f.ring_count() {
            for wdw in f.ring_coords(r).windows(2) {
                let (a, c) = (wdw[0], wdw[1]);
                let (lo_y, hi_y) = (a.y.min(c.y) - g.eps, a.y.max(c.y) + g.eps);
                let (j0, j1) = (g.row(lo_y.max(g.y0)), g.row(hi_y));
                for j in j0..=j1 {
                    let band_lo = (g.y0 + j as f64 * g.h).max(lo_y);
                    let band_hi = (g.y0 + (j + 1) as f64 * g.h).min(hi_y);
                    let (xa, xb) = if a.y == c.y || j0 == j1 {
                        (a.x.min(c.x), a.x.max(c.x))
                    } else {
                        let at = |y: f64| {
                            let t = ((y - a.y) / (c.y - a.y)).clamp(0.0, 1.0);
                            a.x + t * (c.x - a.x)
                        };
                        let (p, q) = (at(band_lo), at(band_hi));
                        (p.min(q), p.max(q))
                    };
                    let (i0, i1) = (g.col((xa - g.eps).max(g.x0)), g.col(xb + g.eps));
                    for cell in &mut g.cells[j * nx + i0..=j * nx + i1] {
                        *cell = MARKED;
                    }
                }
            }
        }
        // Status of unmarked cells: parity of the edge crossings left of the cell centre on
        // the row's centre line. Unmarked cells are clear of every edge by at least `eps`, so
        // rounding of the crossings cannot change a parity.
        let mut xs: Vec<f64> = Vec::new();
        for j in 0..ny {
            let yc = g.y0 + (j as f64 + 0.5) * g.h;
            if !g.cells[j * nx..(j + 1) * nx].contains(&OUTSIDE) {
                continue;
            }
            xs.clear();
            let st = self.stripe_of(yc);
            let mut cached = u32::MAX;
            let mut ring: &[Coord] = &[];
            for e in &self.edges[self.offsets[st] as usize..self.offsets[st + 1] as usize] {
                if e.ring != cached {
                    cached = e.ring;
                    ring = f.ring_coords(e.ring as usize);
                }
                let (a, c) = (ring[e.idx as usize], ring[e.idx as usize + 1]);
                if (a.y > yc) != (c.y > yc) {
                    xs.push(a.x + (yc - a.y) / (c.y - a.y) * (c.x - a.x));
                }
            }
            xs.sort_unstable_by(f64::total_cmp);
            let mut k = 0;
            for i in 0..nx {
                let xc = g.x0 + (i as f64 + 0.5) * g.w;
                while k < xs.len() && xs[k] < xc {
                    k += 1;
                }
                let cell = &mut g.cells[j * nx + i];
                if *cell != MARKED {
                    *cell = if k % 2 == 1 { INSIDE } else { OUTSIDE };
                }
            }
        }
        Some(g)
    }

    #[inline]
    fn stripe_of(&self, y: f64) -> usize {
        (((y - self.y0) * self.inv_h) as usize).min(self.stripes - 1)
    }

    /// Inside (`Some(true)`) or outside (`Some(false)`) for every point of the closed box `r`,
    /// when the cell grid knows; `None` otherwise.
    #[inline]
    pub fn decide_box(&self, r: &Bbox) -> Option<bool> {
        self.grid.as_ref().and_then(|g| g.decide(r))
    }

    /// Appends to `out` every edge of `f` whose box meets the closed box `rect`, optionally only
    /// of rings of one part. Edges of zero length are left out.
    pub fn edges_in(
        &self,
        f: &PreparedFeature<'_>,
        rect: &Bbox,
        part: Option<u32>,
        out: &mut Vec<Seg>,
    ) {
        let _ = self.tree.locate_in_envelope_intersecting_int(
            &rect.aabb(),
            |e| -> std::ops::ControlFlow<()> {
                let ch = self.chunks[e.chunk as usize];
                if let Some(p) = part {
                    if f.ring_part(ch.ring as usize) != p {
                        return std::ops::ControlFlow::Continue(());
                    }
                }
                let ring = f.ring_coords(ch.ring as usize);
                for i in ch.start as usize..ch.end as usize {
                    let (a, b) = (ring[i], ring[i + 1]);
                    if a != b && rect.meets_segment(a, b) {
                        out.push(Seg {
                            a,
                            b,
                            ring: ch.ring,
                            idx: i as u32,
                        });
                    }
                }
                std::ops::ControlFlow::Continue(())
            },
        );
    }

    /// Location of `q` relative to the feature (even-odd over all rings, or over the rings of
    /// one part), by a ray towards +x through the point's stripe.
    pub fn locate(&self, f: &PreparedFeature<'_>, q: Coord, part: Option<u32>) -> Location {
        let bbox = f.bbox;
        if !bbox.contains(q) {
            return Location::Outside;
        }
        // The grid knows the whole feature, not single parts.
        if let (Some(g), None) = (&self.grid, part) {
            match g.cells[g.row(q.y) * g.nx + g.col(q.x)] {
                INSIDE => return Location::Inside,
                OUTSIDE => return Location::Outside,
                _ => {}
            }
        }
        let s = self.stripe_of(q.y);
        let mut rc = RayCounter::new(q);
        let mut cached_ring = u32::MAX;
        let mut ring: &[Coord] = &[];
        let mut skip = false;
        for e in &self.edges[self.offsets[s] as usize..self.offsets[s + 1] as usize] {
            if e.ring != cached_ring {
                cached_ring = e.ring;
                ring = f.ring_coords(e.ring as usize);
                skip = part.is_some_and(|p| f.ring_part(e.ring as usize) != p);
            }
            if skip {
                continue;
            }
            let i = e.idx as usize;
            rc.add(ring[i], ring[i + 1]);
            if rc.is_on_boundary() {
                return Location::Boundary;
            }
        }
        rc.location()
    }

    /// Number of entries in the stripe lists and chunks (for memory accounting in tests).
    #[cfg(test)]
    pub fn sizes(&self) -> (usize, usize, usize) {
        (self.chunks.len(), self.stripes, self.edges.len())
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use geo::{Coord, LineString, MultiPolygon, Polygon};
    use sanxian_types::FeatureId;

    use super::*;

    /// A spiky ring around `c` with `n` vertices (star-shaped, so simple), seeded.
    fn spiky(c: Coord, r: f64, n: usize, seed: u64) -> LineString<f64> {
        let mut s = seed;
        let mut next = || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut v: Vec<Coord> = (0..n)
            .map(|k| {
                let t = std::f64::consts::TAU * k as f64 / n as f64;
                let rr = r * (0.55 + 0.45 * next());
                Coord {
                    x: c.x + rr * t.cos(),
                    y: c.y + rr * t.sin(),
                }
            })
            .collect();
        v.push(v[0]);
        LineString(v)
    }

    /// Does the closed segment meet the closed box? (Liang–Barsky.)
    fn segment_meets_box(a: Coord, b: Coord, r: &Bbox) -> bool {
        let d = b - a;
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-d.x, a.x - r.min_x),
            (d.x, r.max_x - a.x),
            (-d.y, a.y - r.min_y),
            (d.y, r.max_y - a.y),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else if p < 0.0 {
                t0 = t0.max(q / p);
            } else {
                t1 = t1.min(q / p);
            }
        }
        t0 <= t1
    }

    fn brute(f: &PreparedFeature<'_>, q: Coord) -> Location {
        let mut rc = RayCounter::new(q);
        for r in 0..f.ring_count() {
            for w in f.ring_coords(r).windows(2) {
                rc.add(w[0], w[1]);
            }
        }
        rc.location()
    }

    #[test]
    fn index_answers_like_brute_force() {
        let id = FeatureId {
            source: "t".into(),
            record: 1,
            bsm: None,
        };
        let o = Coord {
            x: 39_500_000.0,
            y: 3_300_000.0,
        };
        let outer = spiky(o, 1000.0, 3000, 1);
        let hole = spiky(o, 300.0, 500, 2);
        let island = spiky(
            Coord {
                x: o.x + 2500.0,
                y: o.y,
            },
            400.0,
            800,
            3,
        );
        let mp = MultiPolygon(vec![
            Polygon::new(outer, vec![hole]),
            Polygon::new(island, vec![]),
        ]);
        let f = PreparedFeature::new(&id, Cow::Owned(mp));
        let ix = EdgeIndex::build(&f);
        let (chunks, stripes, entries) = ix.sizes();
        assert!(chunks > 200 && stripes > 1);
        // About two stripe entries per edge.
        assert!(
            entries < 4 * f.vertices,
            "{entries} entries for {} vertices",
            f.vertices
        );
        let mut s = 7u64;
        let mut next = || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        let b = f.bbox;
        for _ in 0..20_000 {
            let q = Coord {
                x: b.min_x + next() * b.width(),
                y: b.min_y + next() * b.height(),
            };
            assert_eq!(ix.locate(&f, q, None), brute(&f, q), "{q:?}");
            // Boxes the grid decides have no edge inside and the status of their corners.
            let d = next() * 80.0;
            let r = Bbox {
                min_x: q.x,
                min_y: q.y,
                max_x: q.x + d,
                max_y: q.y + d,
            };
            if let Some(inside) = ix.decide_box(&r) {
                let mut edges = Vec::new();
                f.edges_in(&r, None, &mut edges);
                assert!(
                    !edges.iter().any(|e| segment_meets_box(e.a, e.b, &r)),
                    "{r:?}"
                );
                let want = if inside {
                    Location::Inside
                } else {
                    Location::Outside
                };
                for corner in [
                    (r.min_x, r.min_y),
                    (r.max_x, r.min_y),
                    (r.max_x, r.max_y),
                    (r.min_x, r.max_y),
                ] {
                    assert_eq!(
                        brute(
                            &f,
                            Coord {
                                x: corner.0,
                                y: corner.1
                            }
                        ),
                        want
                    );
                }
            }
        }
        // Vertices and edge midpoints are on the boundary; parts can be singled out.
        for r in 0..f.ring_count() {
            for w in f.ring_coords(r).windows(2).step_by(37) {
                assert_eq!(ix.locate(&f, w[0], None), Location::Boundary);
            }
        }
        let in_island = Coord {
            x: o.x + 2500.0,
            y: o.y,
        };
        assert_eq!(ix.locate(&f, in_island, None), Location::Inside);
        assert_eq!(ix.locate(&f, in_island, Some(0)), Location::Outside);
        assert_eq!(ix.locate(&f, in_island, Some(1)), Location::Inside);
        assert_eq!(ix.locate(&f, o, None), Location::Outside);
    }
}
