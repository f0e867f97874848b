//! Repair of invalid feature geometry before the overlay.
//!
//! # Method
//! Each part (polygon) is repaired with geo's [`MakeValid`]: the constrained-triangulation
//! method of Ledoux, Arroyo Ohori and Meijers (2014), "A triangulation-based approach to
//! automatically repair GIS polygons", *Computers & Geosciences* 66, 121–131, with the
//! **odd-even** rule: a bow-tie becomes its two triangles, a spike or an edge shared by two rings
//! cancels, a hole outside its exterior becomes an island. When the feature has several parts,
//! the repaired parts are then **unioned** (geo's `unary_union`, i.e. i_overlay with the
//! non-zero rule on consistently oriented rings), so that parts that overlapped count once —
//! which is what a planner means by a multi-part patch, where the odd-even rule would cut the
//! overlap out.
//!
//! Every repair is reported with the feature id, the defect found and the area after repair
//! ([`crate::Repair`]); a feature whose repair fails or leaves a defect is reported as not
//! computable in every candidate pair it takes part in, never dropped silently.

use geo::orient::{Direction, Orient};
use geo::{Coord, LineString, MakeValid, MultiPolygon};

/// The repair method, as reported.
pub const METHOD: &str =
    "geo MakeValid per part (constrained triangulation, odd-even rule), then union of the parts";

/// `geom` repaired when it is invalid for the overlay: `Ok(None)` when it is valid,
/// `Ok(Some((repaired, defect)))` when it was repaired (the defect described), `Err(why)` when
/// it cannot be used (non-finite coordinates, a repair that fails or leaves a defect).
///
/// # Errors
/// As said: the reason the geometry cannot be used.
pub fn repair_if_invalid(
    geom: &MultiPolygon<f64>,
) -> Result<Option<(MultiPolygon<f64>, String)>, String> {
    use crate::validity::{validate, IssueKind, Strictness};
    let validity = validate(geom);
    let Some(problem) = validity.issue(Strictness::Overlay) else {
        return Ok(None);
    };
    if problem.kind == IssueKind::NonFiniteCoordinate {
        return Err("non-finite coordinate (NaN or infinity) in the geometry".into());
    }
    let fixed = repair(geom).map_err(|e| {
        format!(
            "invalid geometry ({}) that could not be repaired: {e}",
            problem.describe()
        )
    })?;
    let after = validate(&fixed);
    if let Some(left) = after.issue(Strictness::Overlay) {
        return Err(format!(
            "invalid geometry ({}) that repair did not fix ({})",
            problem.describe(),
            left.describe()
        ));
    }
    Ok(Some((fixed, problem.describe())))
}

/// Repairs `geom` as described in the module documentation.
pub(crate) fn repair(geom: &MultiPolygon<f64>) -> Result<MultiPolygon<f64>, String> {
    let mut parts = Vec::new();
    for poly in &geom.0 {
        let fixed = crate::boolean::guarded(|| poly.make_valid())
            .map_err(|m| format!("geo MakeValid panicked ({m})"))?
            .map_err(|e| format!("geo MakeValid failed: {e:?}"))?;
        parts.extend(fixed.0.into_iter().map(|p| p.orient(Direction::Default)));
    }
    if parts.len() <= 1 || geom.0.len() <= 1 {
        return Ok(canonical(MultiPolygon(parts)));
    }
    crate::boolean::guarded(|| geo::unary_union(&parts))
        .map(canonical)
        .map_err(|m| format!("union of the repaired parts panicked ({m})"))
}

/// The same polygons in one fixed form: every ring starting at its lexicographically smallest
/// vertex, holes and parts sorted by that vertex.
///
/// geo's MakeValid returns the same rings from a different starting vertex from one run to the
/// next (its triangulation walks a hash map), and the overlay that follows would then differ
/// in the last digits; a report must not.
fn canonical(mut mp: MultiPolygon<f64>) -> MultiPolygon<f64> {
    fn key(c: &Coord<f64>) -> (u64, u64) {
        // Coordinates are finite here; order by value, -0.0 as 0.0.
        let k = |v: f64| {
            let b = (v + 0.0).to_bits();
            if b >> 63 == 1 {
                !b
            } else {
                b | (1 << 63)
            }
        };
        (k(c.x), k(c.y))
    }
    fn rotate(r: &mut LineString<f64>) {
        let n = r.0.len();
        if n < 2 {
            return;
        }
        let open = &r.0[..n - 1];
        let start = (0..open.len()).min_by_key(|&i| key(&open[i])).unwrap_or(0);
        let mut v: Vec<Coord<f64>> = open[start..]
            .iter()
            .chain(&open[..start])
            .copied()
            .collect();
        v.push(v[0]);
        r.0 = v;
    }
    for p in &mut mp.0 {
        p.exterior_mut(rotate);
        p.interiors_mut(|holes| {
            for h in holes.iter_mut() {
                rotate(h);
            }
            holes.sort_by_key(|h| h.0.first().map(key));
        });
    }
    mp.0.sort_by_key(|p| p.exterior().0.first().map(key));
    mp
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Area};

    #[test]
    fn bow_tie_becomes_two_triangles() {
        let bow = polygon![(x: 0., y: 0.), (x: 0., y: 10.), (x: 10., y: 0.), (x: 10., y: 10.), (x: 0., y: 0.)];
        let fixed = repair(&MultiPolygon(vec![bow])).unwrap();
        assert_eq!(fixed.0.len(), 2);
        assert!((fixed.unsigned_area() - 50.0).abs() < 1e-9);
    }

    #[test]
    fn overlapping_parts_are_unioned() {
        let a = polygon![(x: 0., y: 0.), (x: 2., y: 0.), (x: 2., y: 2.), (x: 0., y: 2.)];
        let b = polygon![(x: 1., y: 0.), (x: 3., y: 0.), (x: 3., y: 2.), (x: 1., y: 2.)];
        let fixed = repair(&MultiPolygon(vec![a, b])).unwrap();
        assert!((fixed.unsigned_area() - 6.0).abs() < 1e-9);
    }
}
