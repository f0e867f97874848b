//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod synth;

use geo::{BoundingRect, MultiPolygon};
use sanxian_overlay::OverlapReport;
use sanxian_types::Layer;

/// The grid error of plain boolean operations on a pair: i_overlay snaps every vertex of both
/// geometries to a grid of 2³⁰ steps across their common box, which moves an area by at most a
/// step times the perimeters (doubled: both inputs are snapped).
fn grid_error(la: &Layer, lb: &Layer, ia: usize, ib: usize) -> f64 {
    let (a, b) = (&la.features[ia].geometry, &lb.features[ib].geometry);
    let r = |g: &MultiPolygon<f64>| g.bounding_rect().unwrap();
    let (ra, rb) = (r(a), r(b));
    let side = (ra.max().x.max(rb.max().x) - ra.min().x.min(rb.min().x))
        .max(ra.max().y.max(rb.max().y) - ra.min().y.min(rb.min().y));
    2.0 * side / 2f64.powi(30)
        * (sanxian_types::planar::perimeter(a) + sanxian_types::planar::perimeter(b))
}

/// Pairs and areas of the local methods (`a`) and of plain boolean operations (`b`) agree, up
/// to the grid error of the plain ones ([`grid_error`], per pair; the local methods match GEOS
/// far closer: see `realdata.rs`, `corpus.rs`). A pair found by one path only must have an area
/// under the conflict tolerance (1e-4 m²) plus that error.
pub fn assert_agree(
    a: &OverlapReport<'_>,
    b: &OverlapReport<'_>,
    la: &Layer,
    lb: &Layer,
    what: &str,
) {
    fn key<'r>(
        r: &'r OverlapReport<'_>,
    ) -> Vec<(
        &'r sanxian_types::FeatureId,
        &'r sanxian_types::FeatureId,
        f64,
        usize,
        usize,
    )> {
        r.conflicts
            .iter()
            .map(|c| (c.feature_a, c.feature_b, c.planar_m2, c.index_a, c.index_b))
            .collect()
    }
    let (ka, kb) = (key(a), key(b));
    let (mut i, mut j) = (0, 0);
    while i < ka.len() || j < kb.len() {
        match (ka.get(i), kb.get(j)) {
            (Some(x), Some(y)) if (x.0, x.1) == (y.0, y.1) => {
                let tol = grid_error(la, lb, x.3, x.4) + 1e-9 * x.2.max(y.2);
                assert!(
                    (x.2 - y.2).abs() <= tol,
                    "{what}: {} × {}: {} vs {} (grid error {tol})",
                    x.0,
                    x.1,
                    x.2,
                    y.2
                );
                i += 1;
                j += 1;
            }
            (Some(x), y) if y.is_none_or(|y| (x.0, x.1) < (y.0, y.1)) => {
                let tol = 1e-4 + grid_error(la, lb, x.3, x.4);
                assert!(
                    x.2 < tol,
                    "{what}: only in first: {} × {} area {}",
                    x.0,
                    x.1,
                    x.2
                );
                i += 1;
            }
            (_, Some(y)) => {
                let tol = 1e-4 + grid_error(la, lb, y.3, y.4);
                assert!(
                    y.2 < tol,
                    "{what}: only in second: {} × {} area {}",
                    y.0,
                    y.1,
                    y.2
                );
                j += 1;
            }
            _ => unreachable!(),
        }
    }
}
