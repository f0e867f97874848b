//! Preparing a layer for the overlay: per-feature boxes and ring facts, validation, repair,
//! and an edge index for large features.

use std::borrow::Cow;

use geo::{Coord, MultiPolygon, Polygon};
use rayon::prelude::*;
use sanxian_types::{FeatureId, Layer};

use crate::edge_index::EdgeIndex;
use crate::geom::{Bbox, Location, RayCounter};
use crate::report::Repair;
use crate::validity::{validate_with, IssueKind, Strictness, Validity, ValidityScratch};
use crate::{repair, Error, OverlapOptions, Result};
use sanxian_types::planar::ring_signed_area;

/// One edge of a feature, with where it comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Seg {
    pub a: Coord,
    pub b: Coord,
    /// Ring number within the feature.
    pub ring: u32,
    /// Edge number within the ring (edge `i` runs from vertex `i` to `i + 1`).
    pub idx: u32,
}

/// What is known about one ring.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RingInfo {
    /// Part (polygon) number.
    pub part: u32,
    /// Hole number within the part, `u32::MAX` for the exterior.
    pub hole: u32,
    /// Is the polygon's interior to the left of the ring's edges?
    pub interior_left: bool,
    pub bbox: Bbox,
}

/// What is known about one part (polygon).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PartInfo {
    /// Its rings are `first_ring..first_ring + ring_count`.
    pub first_ring: u32,
    pub ring_count: u32,
    pub bbox: Bbox,
}

/// A feature ready for the overlay: its (possibly repaired) geometry, ring facts, and an edge
/// index when it is large.
#[derive(Debug)]
pub struct PreparedFeature<'a> {
    pub(crate) id: &'a FeatureId,
    pub(crate) geom: Cow<'a, MultiPolygon<f64>>,
    pub(crate) rings: Vec<RingInfo>,
    pub(crate) parts: Vec<PartInfo>,
    pub(crate) bbox: Bbox,
    pub(crate) vertices: usize,
    pub(crate) index: Option<EdgeIndex>,
    /// Why the feature cannot take part in the overlay, if it cannot.
    pub(crate) unusable: Option<String>,
    /// Validity of the input geometry (before any repair).
    validity: Validity,
    /// The repair made, until the layer collects it.
    repair: Option<Box<Repair<'a>>>,
}

impl<'a> PreparedFeature<'a> {
    pub(crate) fn new(id: &'a FeatureId, geom: Cow<'a, MultiPolygon<f64>>) -> Self {
        let mut f = PreparedFeature {
            id,
            geom,
            rings: Vec::new(),
            parts: Vec::new(),
            bbox: Bbox::EMPTY,
            vertices: 0,
            index: None,
            unusable: None,
            validity: Validity::default(),
            repair: None,
        };
        f.describe();
        f
    }

    /// Fills rings, parts, box and vertex count from the geometry.
    fn describe(&mut self) {
        let mut rings = Vec::new();
        let mut parts = Vec::with_capacity(self.geom.0.len());
        let mut bbox = Bbox::EMPTY;
        let mut vertices = 0usize;
        for (p, poly) in self.geom.0.iter().enumerate() {
            let first = rings.len() as u32;
            let mut pb = Bbox::EMPTY;
            let mut pv = 0usize;
            let all = std::iter::once((u32::MAX, poly.exterior())).chain(
                poly.interiors()
                    .iter()
                    .enumerate()
                    .map(|(h, r)| (h as u32, r)),
            );
            for (hole, ring) in all {
                let coords = &ring.0;
                let rb = Bbox::of_coords(coords);
                let area = ring_signed_area(coords);
                rings.push(RingInfo {
                    part: p as u32,
                    hole,
                    interior_left: if hole == u32::MAX {
                        area > 0.0
                    } else {
                        area < 0.0
                    },
                    bbox: rb,
                });
                pb = pb.union(&rb);
                pv += coords.len();
            }
            parts.push(PartInfo {
                first_ring: first,
                ring_count: rings.len() as u32 - first,
                bbox: pb,
            });
            bbox = bbox.union(&pb);
            vertices += pv;
        }
        self.rings = rings;
        self.parts = parts;
        self.bbox = bbox;
        self.vertices = vertices;
    }

    /// The feature's identity.
    pub fn id(&self) -> &'a FeatureId {
        self.id
    }

    /// The geometry used for the overlay: the input, or its repair.
    pub fn geometry(&self) -> &MultiPolygon<f64> {
        &self.geom
    }

    /// Validity of the feature's geometry as read (before any repair): the one validation of
    /// the feature, which the check's geometry rules read too.
    pub fn validity(&self) -> &Validity {
        &self.validity
    }

    /// Why the feature cannot take part in the overlay (invalid beyond repair, non-finite
    /// coordinates), if it cannot.
    pub fn unusable(&self) -> Option<&str> {
        self.unusable.as_deref()
    }

    /// Was an edge index built for this feature?
    pub fn is_indexed(&self) -> bool {
        self.index.is_some()
    }

    #[inline]
    pub(crate) fn ring_count(&self) -> usize {
        self.rings.len()
    }

    #[inline]
    pub(crate) fn ring_coords(&self, r: usize) -> &[Coord] {
        let info = &self.rings[r];
        let poly = &self.geom.0[info.part as usize];
        if info.hole == u32::MAX {
            &poly.exterior().0
        } else {
            &poly.interiors()[info.hole as usize].0
        }
    }

    #[inline]
    pub(crate) fn ring_part(&self, r: usize) -> u32 {
        self.rings[r].part
    }

    #[inline]
    pub(crate) fn part_polygon(&self, p: usize) -> &Polygon<f64> {
        &self.geom.0[p]
    }

    /// Rings of part `p`.
    #[inline]
    pub(crate) fn part_rings(&self, p: usize) -> std::ops::Range<usize> {
        let info = &self.parts[p];
        info.first_ring as usize..(info.first_ring + info.ring_count) as usize
    }

    /// Appends the edges whose box meets the closed box `rect` (of one part, or of all).
    pub(crate) fn edges_in(&self, rect: &Bbox, part: Option<u32>, out: &mut Vec<Seg>) {
        if let Some(ix) = &self.index {
            ix.edges_in(self, rect, part, out);
            return;
        }
        let rings = match part {
            Some(p) => self.part_rings(p as usize),
            None => 0..self.rings.len(),
        };
        for r in rings {
            if !self.rings[r].bbox.intersects(rect) {
                continue;
            }
            for (i, w) in self.ring_coords(r).windows(2).enumerate() {
                let (a, b) = (w[0], w[1]);
                if a != b && rect.meets_segment(a, b) {
                    out.push(Seg {
                        a,
                        b,
                        ring: r as u32,
                        idx: i as u32,
                    });
                }
            }
        }
    }

    /// Location of `q` relative to the feature (or to one of its parts), exact.
    pub(crate) fn locate(&self, q: Coord, part: Option<u32>) -> Location {
        if let Some(ix) = &self.index {
            return ix.locate(self, q, part);
        }
        let rings = match part {
            Some(p) => self.part_rings(p as usize),
            None => 0..self.rings.len(),
        };
        let mut rc = RayCounter::new(q);
        for r in rings {
            let b = &self.rings[r].bbox;
            if q.y < b.min_y || q.y > b.max_y || q.x > b.max_x {
                continue;
            }
            for w in self.ring_coords(r).windows(2) {
                rc.add(w[0], w[1]);
            }
            if rc.is_on_boundary() {
                return Location::Boundary;
            }
        }
        rc.location()
    }

    /// Any vertex of part `p` (its first exterior vertex), if the part has one.
    pub(crate) fn part_vertex(&self, p: usize) -> Option<Coord> {
        self.part_polygon(p).exterior().0.first().copied()
    }
}

/// A layer ready for the overlay: every feature validated (and repaired where needed), large
/// features indexed.
///
/// Build it once with [`PreparedLayer::new`] and reuse it for several pairs; the overlap
/// functions of this crate prepare their layers themselves.
#[derive(Debug)]
pub struct PreparedLayer<'a> {
    pub(crate) layer: &'a Layer,
    pub(crate) features: Vec<PreparedFeature<'a>>,
    pub(crate) repairs: Vec<Repair<'a>>,
}

impl<'a> PreparedLayer<'a> {
    /// Validates every feature, repairs invalid ones (see [`crate::repair`] for the method),
    /// and indexes features with more than [`OverlapOptions::index_min_vertices`] vertices.
    ///
    /// The layer must be in a projected CRS.
    ///
    /// # Errors
    /// [`Error::UnknownCrs`] or [`Error::NotProjected`] when the layer is not in a projected
    /// CRS; [`Error::TooLarge`] past 2³² − 1 features, parts, rings or vertices per ring.
    pub fn new(layer: &'a Layer, opts: &OverlapOptions) -> Result<Self> {
        opts.check()?;
        match &layer.crs {
            None => {
                return Err(Error::UnknownCrs {
                    layer: layer.name.clone(),
                })
            }
            Some(crs) if !crs.is_projected() => {
                return Err(Error::NotProjected {
                    layer: layer.name.clone(),
                    crs: crs.to_string(),
                })
            }
            Some(_) => {}
        }
        let too_large = |what: &str| Error::TooLarge {
            layer: layer.name.clone(),
            what: what.to_string(),
        };
        if layer.features.len() >= u32::MAX as usize {
            return Err(too_large("features"));
        }
        let oversized = layer.features.par_iter().any(|f| {
            f.geometry.0.len() >= u32::MAX as usize
                || f.geometry.0.iter().any(|p| {
                    p.interiors().len() >= u32::MAX as usize - 1
                        || std::iter::once(p.exterior())
                            .chain(p.interiors())
                            .any(|r| r.0.len() >= u32::MAX as usize)
                })
        });
        if oversized {
            return Err(too_large("parts, rings or vertices of one feature"));
        }
        // Collected in place (features are large; no second copy), repairs picked out after.
        let mut features: Vec<PreparedFeature<'a>> = Vec::with_capacity(layer.features.len());
        layer
            .features
            .par_iter()
            .enumerate()
            .map_init(ValidityScratch::default, |scratch, (index, feat)| {
                prepare_feature(&layer.name, index, &feat.id, &feat.geometry, opts, scratch)
            })
            .collect_into_vec(&mut features);
        let repairs = features
            .iter_mut()
            .filter_map(|f| f.repair.take().map(|r| *r))
            .collect();
        Ok(PreparedLayer {
            layer,
            features,
            repairs,
        })
    }

    /// The layer.
    pub fn layer(&self) -> &'a Layer {
        self.layer
    }

    /// The prepared features, in layer order.
    pub fn features(&self) -> &[PreparedFeature<'a>] {
        &self.features
    }

    /// Features that were repaired, in layer order.
    pub fn repairs(&self) -> &[Repair<'a>] {
        &self.repairs
    }
}

fn prepare_feature<'a>(
    layer: &'a str,
    index: usize,
    id: &'a FeatureId,
    geom: &'a MultiPolygon<f64>,
    opts: &OverlapOptions,
    scratch: &mut ValidityScratch,
) -> PreparedFeature<'a> {
    let mut f = PreparedFeature::new(id, Cow::Borrowed(geom));
    let validity = validate_with(geom, scratch);
    let mut repair_record = None;
    if let Some(problem) = validity.issue(Strictness::Overlay) {
        if problem.kind == IssueKind::NonFiniteCoordinate {
            f.unusable =
                Some("non-finite coordinate (NaN or infinity) in the geometry".to_string());
            f.validity = validity;
            return f;
        }
        let mut g = match repair::repair(geom) {
            Ok(fixed) => {
                let planar_m2 = sanxian_types::planar::multipolygon_area(&fixed);
                let mut g = PreparedFeature::new(id, Cow::Owned(fixed));
                if let Some(left) = validate_with(&g.geom, scratch).issue(Strictness::Overlay) {
                    g.unusable = Some(format!(
                        "invalid geometry ({}) that repair did not fix ({})",
                        problem.describe(),
                        left.describe()
                    ));
                } else {
                    repair_record = Some(Box::new(Repair {
                        layer,
                        index,
                        feature: id,
                        problem: problem.describe(),
                        method: repair::METHOD,
                        parts_after: g.parts.len(),
                        planar_after_m2: planar_m2,
                    }));
                }
                g
            }
            Err(e) => {
                f.unusable = Some(format!(
                    "invalid geometry ({}) that could not be repaired: {e}",
                    problem.describe()
                ));
                f.validity = validity;
                return f;
            }
        };
        g.validity = validity;
        if g.unusable.is_some() {
            return g;
        }
        f = g;
    } else {
        f.validity = validity;
    }
    if opts.use_edge_index && f.vertices >= opts.index_min_vertices {
        f.index = Some(EdgeIndex::build(&f));
    }
    f.repair = repair_record;
    f
}
