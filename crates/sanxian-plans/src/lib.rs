#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod compare;
mod error;
pub mod mapping;
pub mod occupy;
pub mod overlaps;
pub mod write;

pub use compare::{compare_plans, PlanComparison};
pub use error::{Error, Result};
pub use mapping::{Category, Plan, PlanMapping};
pub use occupy::{land_group, occupy, LandGroup, Occupancy};
pub use overlaps::{overlaps_among, MeasuredOverlaps};

use sanxian_overlay::{overlaps_between, OverlapOptions};
use sanxian_types::geo_types::MultiPolygon;
use sanxian_types::{Crs, Layer, LayerKind};

/// For each control-line layer (by code), which of `pieces` overlap it with positive area.
fn line_flags(
    pieces: &[&MultiPolygon<f64>],
    lines: &[&Layer],
    crs: Crs,
) -> Result<Vec<(String, Vec<bool>)>> {
    if lines.is_empty() {
        return Ok(Vec::new());
    }
    let layer = Layer::from_geometries(
        "pieces",
        LayerKind::Other,
        Some(crs),
        pieces.iter().map(|g| (*g).clone()),
    );
    let mut opts = OverlapOptions::default();
    opts.area_tolerance_m2 = 0.0;
    let mut out = Vec::new();
    for line in lines {
        let mut hit = vec![false; pieces.len()];
        for c in &overlaps_between(&layer, line, &opts)?.conflicts {
            if c.planar_m2 > 0.0 {
                hit[c.index_a] = true;
            }
        }
        out.push((line.code(), hit));
    }
    Ok(out)
}
