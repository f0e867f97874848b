//! Validity stays O(n log n) in time and linear in memory on inputs made to defeat it. Not timed
//! here (CI would catch a run that does not finish); the figures are in docs/BENCHMARKS.md.
//! Expected verdicts are by construction: identical rings overlap, a lattice of separate
//! square holes inside a square shell is valid, a comb of thin teeth is valid.

use geo::{Coord, LineString, MultiPolygon, Polygon};
use sanxian_overlay::validity::{validate, IssueKind, Strictness};

fn square(x: f64, y: f64, s: f64) -> LineString<f64> {
    LineString(
        [(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)]
            .iter()
            .map(|&(x, y)| Coord { x, y })
            .collect(),
    )
}

#[test]
fn fifty_thousand_identical_rings_stop_at_the_first_vertex() {
    let parts: Vec<Polygon<f64>> = (0..50_000)
        .map(|_| Polygon::new(square(0., 0., 10.), vec![]))
        .collect();
    let v = validate(&MultiPolygon(parts));
    assert_eq!(
        v.issue(Strictness::Overlay).map(|d| d.kind),
        Some(IssueKind::PartsOverlap)
    );
    let holes: Vec<LineString<f64>> = (0..50_000).map(|_| square(1., 1., 2.)).collect();
    let v = validate(&MultiPolygon(vec![Polygon::new(
        square(0., 0., 10.),
        holes,
    )]));
    assert_eq!(
        v.issue(Strictness::Overlay).map(|d| d.kind),
        Some(IssueKind::SelfIntersection)
    );
}

#[test]
fn a_hundred_thousand_holes_are_valid() {
    // 316 × 316 unit holes 2 m apart inside one square: 1e5 rings, 5e5 vertices.
    let n = 316;
    let holes: Vec<LineString<f64>> = (0..n * n)
        .map(|k| square(1.0 + 2.0 * (k % n) as f64, 1.0 + 2.0 * (k / n) as f64, 1.0))
        .collect();
    let shell = square(0., 0., 2.0 * n as f64 + 1.0);
    let v = validate(&MultiPolygon(vec![Polygon::new(
        shell.clone(),
        holes.clone(),
    )]));
    assert!(
        v.is_valid(Strictness::Ogc),
        "{:?}",
        v.issue(Strictness::Ogc)
    );
    // One hole in the middle moved 1.5 m east, half onto its neighbour: found.
    let mut bad = holes;
    let (col, row) = (100, 158);
    bad[row * n + col] = square(1.0 + 2.0 * col as f64 + 1.5, 1.0 + 2.0 * row as f64, 1.0);
    let v = validate(&MultiPolygon(vec![Polygon::new(shell, bad)]));
    assert_eq!(
        v.issue(Strictness::Ogc).map(|d| d.kind),
        Some(IssueKind::SelfIntersection)
    );
}

#[test]
fn a_comb_of_long_teeth_is_valid() {
    // Every tooth spans the whole height, so every edge's box meets every other's: the case
    // that makes box-pair methods quadratic.
    let teeth = 20_000;
    let mut pts = vec![Coord { x: 0.0, y: 0.0 }];
    for t in 0..teeth {
        let x = 3.0 * t as f64;
        pts.push(Coord {
            x: x + 1.0,
            y: 1000.0,
        });
        pts.push(Coord {
            x: x + 2.0,
            y: 1000.0,
        });
        pts.push(Coord { x: x + 3.0, y: 0.0 });
    }
    pts.push(Coord {
        x: 3.0 * teeth as f64,
        y: -10.0,
    });
    pts.push(Coord { x: 0.0, y: -10.0 });
    pts.push(Coord { x: 0.0, y: 0.0 });
    let comb = MultiPolygon(vec![Polygon::new(LineString(pts), vec![])]);
    let v = validate(&comb);
    assert!(
        v.is_valid(Strictness::Ogc),
        "{:?}",
        v.issue(Strictness::Ogc)
    );
}
