//! Realistic conflicts: farmland digitised independently of the red line and the urban boundary.
//!
//! In a real draft the farmland patches along a control line were traced on another base map
//! than the line itself, so their common border disagrees by centimetres to metres (sliver
//! overlaps and sliver gaps all along it), and in places the farmland reaches well into the
//! line. This module redraws the farmland cells in the clearance ring of every red-line and urban
//! polygon that way: each vertex lying inside the polygon's outline shifted by a digitising
//! offset ε(θ) is moved radially onto that shifted outline. ε is smooth periodic value noise of
//! the angle around the polygon's centre: −1.0 … +0.1 m (mostly a few decimetres inside, i.e.
//! overlapping), and along about a fifth of the outline a further 0 … 20 m inside, where the
//! farmland crosses into the line.
//!
//! The move is a function of the vertex's position alone, so the vertices two patches share move
//! alike and the farmland stays a coverage. Coordinates are rounded to the millimetre; repeated
//! vertices and spikes that a move creates are dropped; a cell whose redrawn ring is not a valid
//! polygon of at least 100 m² (a cell lying in the line, or rarely one whose edge runs along a ray
//! from the centre) is left out of the farmland.

use geo::{Area, Validation};
use geo_types::{Coord, LineString, Polygon};

use crate::rng::{hash, mm, to_signed};
use crate::scene::{Placed, StarIndex};

/// Vertices nearer than this to an outline (or inside it) are drawn on the shifted outline, m.
const SNAP: f64 = crate::scene::CLEARANCE;
/// Beyond the snapped band, this much is stretched to fill the space it leaves, m.
const STRETCH: f64 = 60.0;
/// Beyond the farmland's border, this much is snapped onto it and stretched, m.
const REACH: f64 = SNAP + STRETCH;
/// Deepest reach of the farmland into a line, m.
const MAX_CROSSING: f64 = 20.0;
/// How far from an outline vertices may move, m.
pub(crate) const NEAR: f64 = MAX_CROSSING + REACH;
/// Redrawn cells smaller than this, m², lie in the line and are left out.
const MIN_AREA: f64 = 100.0;
/// Tag of the digitising-offset streams.
const TAG: u64 = 0x7265_616c;
/// Spacing of the fine offset's lattice along the outline, m.
const FINE_SPACING: f64 = 60.0;
/// Spacing of the crossing stretches' lattice along the outline, m.
const COARSE_SPACING: f64 = 320.0;

/// The digitising offset of one polygon's outline as seen by the farmland.
pub(crate) struct Offset<'a> {
    star: StarIndex<'a>,
    centre: Coord<f64>,
    seed: u64,
    fine: u64,
    coarse: u64,
}

impl<'a> Offset<'a> {
    /// The offset around polygon number `index` (red lines first, then urban polygons).
    pub(crate) fn new(p: &'a Placed, seed: u64, index: u64) -> Offset<'a> {
        let perimeter: f64 = p
            .shell
            .windows(2)
            .map(|w| {
                let d = w[1] - w[0];
                (d.x * d.x + d.y * d.y).sqrt()
            })
            .sum();
        let lattice = |spacing: f64| ((perimeter / spacing).round() as u64).max(8);
        Offset {
            star: StarIndex::new(p),
            centre: p.centre,
            seed: hash(seed, TAG, index, 0),
            fine: lattice(FINE_SPACING),
            coarse: lattice(COARSE_SPACING),
        }
    }

    /// ε at pseudo-angle `a` ∈ [0, 4), m (negative: the farmland's border lies inside).
    fn epsilon(&self, a: f64) -> f64 {
        let fine = periodic_noise(self.seed, 1, self.fine, a);
        let coarse = periodic_noise(self.seed, 2, self.coarse, a);
        let crossing = MAX_CROSSING * ((coarse - 0.55) / 0.45).max(0.0);
        -0.45 + 0.55 * fine - crossing
    }

    /// The vertex as the farmland draws it, and whether it lies on the shifted outline.
    ///
    /// Along the ray from the centre, with F = R + ε the farmland's border (R the outline's
    /// distance): ρ ≤ F + SNAP goes to F, ρ ∈ [F + SNAP, F + REACH] is stretched linearly onto
    /// [F, F + REACH], farther vertices stay. The map is continuous and monotone along the ray.
    pub(crate) fn apply(&self, q: Coord<f64>) -> (Coord<f64>, bool) {
        let d = q - self.centre;
        let rho = (d.x * d.x + d.y * d.y).sqrt();
        if rho == 0.0 {
            return (q, false);
        }
        let (t, a) = self.star.ray_to_outline(q);
        let border = t * rho + self.epsilon(a);
        let beyond = rho - border;
        if beyond >= REACH {
            return (q, false);
        }
        let (to, snapped) = if beyond <= SNAP {
            (border, true)
        } else {
            (border + (beyond - SNAP) / STRETCH * REACH, false)
        };
        let s = to / rho;
        let p = Coord {
            x: mm(self.centre.x + s * d.x),
            y: mm(self.centre.y + s * d.y),
        };
        (p, snapped)
    }
}

/// Periodic value noise in [-1, 1) over `n` lattice points around the pseudo-angle circle.
fn periodic_noise(seed: u64, octave: u64, n: u64, a: f64) -> f64 {
    let x = a / 4.0 * n as f64;
    let i = (x.floor() as u64).min(n - 1);
    let t = x - i as f64;
    let v = |k: u64| to_signed(hash(seed, octave, k % n, 3));
    let s = t * t * (3.0 - 2.0 * t);
    v(i) + (v(i + 1) - v(i)) * s
}

/// A grid cell redrawn near the outlines.
#[derive(Debug, Clone)]
pub(crate) struct Redrawn {
    /// The closed ring, in the cell's orientation.
    pub ring: Vec<Coord<f64>>,
    /// Whether the cell reaches the farmland's border along an outline.
    pub abuts: bool,
    /// When it abuts: the cell cut into two strips across the outline (fields run up to the
    /// line), when both are valid.
    pub strips: Option<[Vec<Coord<f64>>; 2]>,
}

/// A cell's closed ring (the grid's 25 vertices, midpoints of its edges at 3, 9, 15 and 21)
/// redrawn by the offsets of the polygons it lies near; `towards` points from the cell to the
/// nearest polygon's centre. `None` when the ring is not a valid polygon of at least `MIN_AREA`.
pub(crate) fn redraw(
    ring: &[Coord<f64>],
    towards: Coord<f64>,
    offsets: &[&Offset<'_>],
) -> Option<Redrawn> {
    let (whole, abuts) = redraw_ring(ring, offsets)?;
    let strips = if abuts && ring.len() == 25 {
        // Cut across the outline: between the west and east midpoints when the polygon lies
        // east or west, else between the north and south ones.
        let (a, b) = if towards.x.abs() > towards.y.abs() {
            (3, 15)
        } else {
            (9, 21)
        };
        let mut one: Vec<Coord<f64>> = ring[a..=b].to_vec();
        one.push(ring[a]);
        let mut two: Vec<Coord<f64>> = ring[b..24].to_vec();
        two.extend_from_slice(&ring[..=a]);
        two.push(ring[b]);
        match (redraw_ring(&one, offsets), redraw_ring(&two, offsets)) {
            (Some((one, _)), Some((two, _))) => Some([one, two]),
            _ => None,
        }
    } else {
        None
    };
    Some(Redrawn {
        ring: whole,
        abuts,
        strips,
    })
}

fn redraw_ring(ring: &[Coord<f64>], offsets: &[&Offset<'_>]) -> Option<(Vec<Coord<f64>>, bool)> {
    let mut pts: Vec<Coord<f64>> = Vec::with_capacity(ring.len());
    let (mut abuts, mut free) = (false, false);
    for &q in &ring[..ring.len() - 1] {
        let mut on_border = false;
        let q = offsets.iter().fold(q, |q, o| {
            let (p, snapped) = o.apply(q);
            on_border |= snapped;
            p
        });
        abuts |= on_border;
        free |= !on_border;
        if pts.last() != Some(&q) {
            pts.push(q);
        }
    }
    // Drop the closing duplicate and spikes (a, b, a) until none is left.
    loop {
        while pts.len() > 1 && pts.first() == pts.last() {
            pts.pop();
        }
        let n = pts.len();
        if n < 3 {
            return None;
        }
        let spike = (0..n).find(|&i| pts[(i + n - 1) % n] == pts[(i + 1) % n]);
        match spike {
            Some(i) => {
                // Remove the spike's tip and one of the two equal neighbours.
                let next = (i + 1) % n;
                let (hi, lo) = if i > next { (i, next) } else { (next, i) };
                pts.remove(hi);
                pts.remove(lo);
            }
            None => break,
        }
    }
    // A ring wholly on the border lies in the line (around the centre it would become the
    // whole outline).
    if !free {
        return None;
    }
    pts.push(pts[0]);
    let polygon = Polygon::new(LineString::from(pts), vec![]);
    let before = Polygon::new(LineString::from(ring.to_vec()), vec![]).unsigned_area();
    let after = polygon.unsigned_area();
    // The stretch widens a band by at most REACH / STRETCH.
    (polygon.is_valid() && after >= MIN_AREA && after <= before * REACH / STRETCH)
        .then(|| (polygon.into_inner().0 .0, abuts))
}
