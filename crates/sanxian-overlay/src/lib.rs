#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod boolean;
mod candidates;
mod clip;
mod edge_index;
mod error;
mod geom;
mod local;
mod prepare;
mod refine;
pub mod repair;
mod report;
mod snap;
pub mod validity;
mod window;

pub use candidates::{
    candidate_join, candidate_join_brute_force, candidate_join_within, Candidate,
};
pub use error::{Error, Result};
pub use prepare::{PreparedFeature, PreparedLayer};
pub use refine::{overlap_of, refine, RefineStats};
pub use report::{serialize_geojson, Conflict, NotComputable, OverlapReport, PairSummary, Repair};

use sanxian_types::{Crs, Layer, LayerKind};

/// Settings of an overlap job.
///
/// ```
/// let mut opts = sanxian_overlay::OverlapOptions::default();
/// opts.area_tolerance_m2 = 1.0; // the practitioners' 1 m²
/// assert!(opts.use_edge_index);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct OverlapOptions {
    /// Overlaps with a smaller area (m²) are not conflicts; they are counted in
    /// [`PairSummary::below_tolerance`]. Default 0.0001 m² (1 cm²): real overlaps of 0.0005 m²
    /// occur and are kept; rounding slivers of shared edges are far below it.
    pub area_tolerance_m2: f64,
    /// Use the local methods (edge index, point-in-polygon, classification without overlay,
    /// exact walk, local windows). `false` forces one boolean operation on the whole
    /// geometries of every candidate pair: slow, and for testing that the local methods
    /// give the same answers. Default `true`.
    pub use_edge_index: bool,
    /// Features with at least this many vertices get an edge index. Default 128.
    pub index_min_vertices: usize,
}

impl Default for OverlapOptions {
    fn default() -> Self {
        OverlapOptions {
            area_tolerance_m2: 1e-4,
            use_edge_index: true,
            index_min_vertices: 128,
        }
    }
}

impl OverlapOptions {
    /// Checks the settings.
    ///
    /// # Errors
    /// [`Error::InvalidOption`] for a negative or non-finite tolerance.
    pub fn check(&self) -> Result<()> {
        if !(self.area_tolerance_m2.is_finite() && self.area_tolerance_m2 >= 0.0) {
            return Err(Error::InvalidOption(format!(
                "area tolerance must be a finite number of m² ≥ 0, not {}",
                self.area_tolerance_m2
            )));
        }
        Ok(())
    }
}

/// The three pairwise checks of the control lines (不交叉、不重叠、不冲突): red line × farmland,
/// red line × urban boundary, farmland × urban boundary.
pub const CONTROL_LINE_PAIRS: [(LayerKind, LayerKind); 3] = [
    (
        LayerKind::EcologicalRedLine,
        LayerKind::PermanentBasicFarmland,
    ),
    (
        LayerKind::EcologicalRedLine,
        LayerKind::UrbanDevelopmentBoundary,
    ),
    (
        LayerKind::PermanentBasicFarmland,
        LayerKind::UrbanDevelopmentBoundary,
    ),
];

/// Positions `(i, j)` of the layer pairs among `layers` that the control-line rule checks,
/// in the order of [`CONTROL_LINE_PAIRS`] (every combination when a kind occurs in several
/// layers).
pub fn control_line_pairs(layers: &[&Layer]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (ka, kb) in CONTROL_LINE_PAIRS {
        for (i, a) in layers.iter().enumerate() {
            for (j, b) in layers.iter().enumerate() {
                if a.kind == ka && b.kind == kb && i != j {
                    out.push((i, j));
                }
            }
        }
    }
    out
}

/// The working CRS of a job: every layer must be in the same projected CRS.
///
/// # Errors
/// [`Error::UnknownCrs`], [`Error::NotProjected`] or [`Error::CrsMismatch`], naming the layer.
pub fn working_crs(layers: &[&Layer]) -> Result<Option<Crs>> {
    let mut first: Option<(&Layer, Crs)> = None;
    for l in layers {
        let crs = l.crs.ok_or_else(|| Error::UnknownCrs {
            layer: l.name.clone(),
        })?;
        if !crs.is_projected() {
            return Err(Error::NotProjected {
                layer: l.name.clone(),
                crs: crs.to_string(),
            });
        }
        match &first {
            None => first = Some((l, crs)),
            Some((fl, fc)) if *fc != crs => {
                return Err(Error::CrsMismatch {
                    layer_a: fl.name.clone(),
                    crs_a: fc.to_string(),
                    layer_b: l.name.clone(),
                    crs_b: crs.to_string(),
                })
            }
            Some(_) => {}
        }
    }
    Ok(first.map(|(_, c)| c))
}

/// [`overlaps_between`] on layers prepared once (the way to run several pairs over the same
/// layers, e.g. the three control-line pairs).
///
/// # Errors
/// [`Error::CrsMismatch`] when the layers are in different CRSs.
pub fn overlaps_between_prepared<'a>(
    a: &PreparedLayer<'a>,
    b: &PreparedLayer<'a>,
    opts: &OverlapOptions,
) -> Result<OverlapReport<'a>> {
    opts.check()?;
    working_crs(&[a.layer, b.layer])?;
    let candidates = candidate_join(a, b);
    Ok(refine(a, b, &candidates, opts))
}

/// [`overlaps_within`] on a layer prepared once.
///
/// # Errors
/// Invalid options.
pub fn overlaps_within_prepared<'a>(
    a: &PreparedLayer<'a>,
    opts: &OverlapOptions,
) -> Result<OverlapReport<'a>> {
    opts.check()?;
    let candidates = candidate_join_within(a);
    Ok(refine(a, a, &candidates, opts))
}

/// Every overlap between a feature of `a` and a feature of `b`, with exact geometry and area.
///
/// Both layers must be in one projected CRS (the caller reprojects). Invalid geometries are
/// repaired and reported; pairs that cannot be computed are reported with the reason.
///
/// # Errors
/// CRS problems ([`working_crs`]) and invalid options.
pub fn overlaps_between<'a>(
    a: &'a Layer,
    b: &'a Layer,
    opts: &OverlapOptions,
) -> Result<OverlapReport<'a>> {
    opts.check()?;
    working_crs(&[a, b])?;
    let (pa, pb) = rayon::join(
        || PreparedLayer::new(a, opts),
        || PreparedLayer::new(b, opts),
    );
    let (pa, pb) = (pa?, pb?);
    let candidates = candidate_join(&pa, &pb);
    Ok(refine(&pa, &pb, &candidates, opts))
}

/// Every pair of features of `a` that overlap each other with positive area, each pair once
/// (first feature id < second), with exact geometry and area.
///
/// # Errors
/// CRS problems ([`working_crs`]) and invalid options.
pub fn overlaps_within<'a>(a: &'a Layer, opts: &OverlapOptions) -> Result<OverlapReport<'a>> {
    opts.check()?;
    working_crs(&[a])?;
    let pa = PreparedLayer::new(a, opts)?;
    let candidates = candidate_join_within(&pa);
    Ok(refine(&pa, &pa, &candidates, opts))
}
