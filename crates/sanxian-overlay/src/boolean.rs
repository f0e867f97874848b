//! Boolean operations on whole geometries, guarded: the one way every crate of sanxian calls
//! geo's overlay.
//!
//! geo's `BooleanOps` (i_overlay) can panic on rare degenerate inputs. A check runs over a whole
//! county; one odd feature must become a finding that names it, not an aborted job. Every
//! boolean operation outside the local methods of this crate therefore goes through these
//! functions, which turn a panic into an error message for the caller to report.

use geo::{BooleanOps, MultiPolygon};

/// Runs `f`, turning a panic into its message.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|e| {
        e.downcast_ref::<&str>()
            .map(|m| m.to_string())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic without a message".to_string())
    })
}

/// `a` minus `b`.
///
/// # Errors
/// The geometry code failed on these inputs (the message says how).
pub fn difference(
    a: &MultiPolygon<f64>,
    b: &MultiPolygon<f64>,
) -> Result<MultiPolygon<f64>, String> {
    guarded(|| a.difference(b))
}

/// `a` minus every geometry of `bs`, one after the other.
///
/// # Errors
/// The geometry code failed on these inputs.
pub fn difference_all<'g>(
    a: &MultiPolygon<f64>,
    bs: impl IntoIterator<Item = &'g MultiPolygon<f64>>,
) -> Result<MultiPolygon<f64>, String> {
    guarded(|| {
        let mut rest = a.clone();
        for b in bs {
            rest = rest.difference(b);
        }
        rest
    })
}

/// `a` ∩ `b`.
///
/// # Errors
/// The geometry code failed on these inputs.
pub fn intersection(
    a: &MultiPolygon<f64>,
    b: &MultiPolygon<f64>,
) -> Result<MultiPolygon<f64>, String> {
    guarded(|| a.intersection(b))
}

/// The union of `geoms` (non-zero rule: overlapping parts count once).
///
/// # Errors
/// The geometry code failed on these inputs.
pub fn union_all<'g>(
    geoms: impl IntoIterator<Item = &'g MultiPolygon<f64>>,
) -> Result<MultiPolygon<f64>, String> {
    let polys: Vec<geo::Polygon<f64>> = geoms
        .into_iter()
        .flat_map(|g| g.0.iter().cloned())
        .collect();
    guarded(|| geo::unary_union(&polys))
}
