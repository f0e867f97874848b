//! Overlaps among any layers a user names (`sanxian overlaps`), every one measured planar and
//! on the ellipsoid.

use rayon::prelude::*;
use sanxian_area::{AreaCalculator, AreaMethod};
use sanxian_overlay::{overlaps_between, overlaps_within, OverlapOptions, OverlapReport};
use sanxian_types::Layer;

use crate::{Error, Result};

/// The overlaps of one layer pair (or of one layer with itself), each measured.
#[derive(Debug)]
pub struct MeasuredOverlaps<'a> {
    /// The two layer codes (the same twice within one layer).
    pub layers: [String; 2],
    /// What the overlay found.
    pub report: OverlapReport<'a>,
    /// Official ellipsoid area of each conflict (in the order of `report.conflicts`), or why it
    /// cannot be computed.
    pub ellipsoid_m2: Vec<std::result::Result<f64, String>>,
    /// Their sum, m² (conflicts without an area left out and counted in `not_measured`).
    pub ellipsoid_total_m2: f64,
    /// Conflicts whose ellipsoid area cannot be computed.
    pub not_measured: usize,
}

/// Overlaps among `layers` (already in one projected working CRS): every pair of layers, or
/// with `within` every layer with itself; conflicts of at least `tolerance_m2` (planar).
///
/// # Errors
/// Invalid tolerance, layers not in one projected CRS, a CRS without an ellipsoid area.
pub fn overlaps_among(
    layers: &[Layer],
    within: bool,
    tolerance_m2: f64,
) -> Result<Vec<MeasuredOverlaps<'_>>> {
    let Some(crs) = layers.first().and_then(|l| l.crs) else {
        return Ok(Vec::new());
    };
    let calc = AreaCalculator::new(crs, AreaMethod::Ellipsoid)?;
    let mut opts = OverlapOptions::default();
    opts.area_tolerance_m2 = tolerance_m2;
    let mut reports = Vec::new();
    if within {
        for l in layers {
            reports.push(([l.code(), l.code()], overlaps_within(l, &opts)?));
        }
    } else {
        for i in 0..layers.len() {
            for j in i + 1..layers.len() {
                let r = overlaps_between(&layers[i], &layers[j], &opts)?;
                reports.push(([layers[i].code(), layers[j].code()], r));
            }
        }
    }
    Ok(reports
        .into_iter()
        .map(|(layers, report)| {
            let ellipsoid_m2: Vec<std::result::Result<f64, String>> = report
                .conflicts
                .par_iter()
                .map(|c| {
                    calc.multipolygon_area_m2(&c.overlap)
                        .map_err(|e| e.to_string())
                })
                .collect();
            let ellipsoid_total_m2 = 0.0
                + ellipsoid_m2
                    .iter()
                    .filter_map(|a| a.as_ref().ok())
                    .sum::<f64>();
            let not_measured = ellipsoid_m2.iter().filter(|a| a.is_err()).count();
            MeasuredOverlaps {
                layers,
                report,
                ellipsoid_m2,
                ellipsoid_total_m2,
                not_measured,
            }
        })
        .collect())
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::Json(e.to_string())
    }
}
