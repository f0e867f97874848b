//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod synth;

use sanxian_overlay::OverlapReport;

/// Pairs and areas agree. Plain boolean operations snap every vertex to i_overlay's grid of
/// 2³⁰ steps across both geometries, so areas agree within 1e-3 m² + 1e-7 relative (the local
/// methods themselves match GEOS far closer: see `realdata.rs`); a pair found by one only must
/// be within that of the tolerance.
pub fn assert_agree(a: &OverlapReport<'_>, b: &OverlapReport<'_>, what: &str) {
    let ka: Vec<_> = a
        .conflicts
        .iter()
        .map(|c| (c.feature_a, c.feature_b, c.planar_m2))
        .collect();
    let kb: Vec<_> = b
        .conflicts
        .iter()
        .map(|c| (c.feature_a, c.feature_b, c.planar_m2))
        .collect();
    let (mut i, mut j) = (0, 0);
    while i < ka.len() || j < kb.len() {
        match (ka.get(i), kb.get(j)) {
            (Some(x), Some(y)) if (x.0, x.1) == (y.0, y.1) => {
                let tol = 1e-3 + 1e-7 * x.2.max(y.2);
                assert!(
                    (x.2 - y.2).abs() <= tol,
                    "{what}: {} × {}: {} vs {}",
                    x.0,
                    x.1,
                    x.2,
                    y.2
                );
                i += 1;
                j += 1;
            }
            (Some(x), y) if y.is_none_or(|y| (x.0, x.1) < (y.0, y.1)) => {
                assert!(
                    x.2 < 1.1e-3,
                    "{what}: only in first: {} × {} area {}",
                    x.0,
                    x.1,
                    x.2
                );
                i += 1;
            }
            (_, Some(y)) => {
                assert!(
                    y.2 < 1.1e-3,
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
