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
//!   keeps the lists at about two entries per edge whatever the shape.

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
        let stripe_of = |y: f64| -> usize {
            let s = ((y - y0) * inv_h).floor();
            if s <= 0.0 {
                0
            } else {
                (s as usize).min(stripes - 1)
            }
        };
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
        EdgeIndex {
            chunks,
            tree,
            y0,
            inv_h,
            stripes,
            offsets,
            edges,
        }
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
        let s = {
            let v = ((q.y - self.y0) * self.inv_h).floor();
            if v <= 0.0 {
                0
            } else {
                (v as usize).min(self.stripes - 1)
            }
        };
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
