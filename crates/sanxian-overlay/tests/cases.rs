//! Hand-computed cases: touching is not overlapping, containment, duplicates, holes,
//! crossings, slivers at the tolerance. Each runs with and without the edge index.

mod common;

use common::synth;
use sanxian_overlay::{overlaps_between, overlaps_within, OverlapOptions, OverlapReport};
use sanxian_types::geo_types::{Coord, LineString, MultiPolygon, Polygon};
use sanxian_types::{Layer, LayerKind};

fn c(x: f64, y: f64) -> Coord {
    Coord {
        x: synth::ORIGIN.x + x,
        y: synth::ORIGIN.y + y,
    }
}

fn ring(pts: &[(f64, f64)]) -> LineString<f64> {
    let mut v: Vec<Coord> = pts.iter().map(|&(x, y)| c(x, y)).collect();
    v.push(v[0]);
    LineString(v)
}

fn poly(pts: &[(f64, f64)]) -> MultiPolygon<f64> {
    MultiPolygon(vec![Polygon::new(ring(pts), vec![])])
}

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> MultiPolygon<f64> {
    poly(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
}

fn layer(geoms: Vec<MultiPolygon<f64>>) -> Layer {
    synth::layer("L", LayerKind::Other, geoms)
}

/// Both option sets: local methods (indexing every feature) and plain boolean operations.
fn both() -> [OverlapOptions; 3] {
    let mut indexed = OverlapOptions::default();
    indexed.index_min_vertices = 4;
    let mut plain = OverlapOptions::default();
    plain.use_edge_index = false;
    [OverlapOptions::default(), indexed, plain]
}

fn within(geoms: Vec<MultiPolygon<f64>>) -> Vec<(u64, u64, f64, usize)> {
    let l = layer(geoms);
    let mut first: Option<Vec<(u64, u64, f64, usize)>> = None;
    for o in both() {
        let r = overlaps_within(&l, &o).unwrap();
        let v = summary(&r);
        match &first {
            None => first = Some(v),
            Some(f) => {
                assert_eq!(f.len(), v.len(), "{f:?} vs {v:?} ({o:?})");
                for (x, y) in f.iter().zip(&v) {
                    assert_eq!((x.0, x.1, x.3), (y.0, y.1, y.3), "{o:?}");
                    assert!((x.2 - y.2).abs() < 1e-6, "{x:?} vs {y:?} ({o:?})");
                }
            }
        }
    }
    first.unwrap_or_default()
}

fn summary(r: &OverlapReport<'_>) -> Vec<(u64, u64, f64, usize)> {
    let mut v: Vec<_> = r
        .conflicts
        .iter()
        .map(|k| {
            (
                k.feature_a.record,
                k.feature_b.record,
                k.planar_m2,
                r.summary.below_tolerance,
            )
        })
        .collect();
    if v.is_empty() {
        v.push((0, 0, 0.0, r.summary.below_tolerance));
    }
    v
}

const NONE: (u64, u64, f64, usize) = (0, 0, 0.0, 0);

fn assert_one(got: &[(u64, u64, f64, usize)], a: u64, b: u64, area: f64) {
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].1), (a, b));
    assert!(
        (got[0].2 - area).abs() <= 1e-9 * area.max(1.0),
        "{} vs {area}",
        got[0].2
    );
}

#[test]
fn neighbours_sharing_an_edge_do_not_overlap() {
    assert_eq!(
        within(vec![rect(0., 0., 1., 1.), rect(1., 0., 2., 1.)]),
        vec![NONE]
    );
}

#[test]
fn touching_at_a_corner_is_not_overlapping() {
    assert_eq!(
        within(vec![rect(0., 0., 1., 1.), rect(1., 1., 2., 2.)]),
        vec![NONE]
    );
}

#[test]
fn t_junction_neighbours_do_not_overlap() {
    // The lower patch has a vertex (1, 1) where the two upper patches meet.
    let lower = poly(&[(0., 0.), (2., 0.), (2., 1.), (1., 1.), (0., 1.)]);
    assert_eq!(
        within(vec![lower, rect(0., 1., 1., 2.), rect(1., 1., 2., 2.)]),
        vec![NONE]
    );
}

/// Shares edges, no vertex strictly inside the other, no proper crossing — and still overlaps.
#[test]
fn overlap_without_crossings_or_inner_vertices() {
    let got = within(vec![rect(0., 0., 2., 1.), rect(1., 0., 3., 1.)]);
    assert_one(&got, 1, 2, 1.0);
}

#[test]
fn contained_patch_overlaps_by_its_area() {
    let got = within(vec![rect(0., 0., 10., 10.), rect(2., 3., 5., 7.)]);
    assert_one(&got, 1, 2, 12.0);
    // Contained and sharing two edges with the container.
    let got = within(vec![rect(0., 0., 10., 10.), rect(0., 0., 4., 5.)]);
    assert_one(&got, 1, 2, 20.0);
}

#[test]
fn exact_duplicates_overlap_completely() {
    // The same ring, started at another vertex and reversed (as in the cnmaps city copies).
    let a = poly(&[(0., 0.), (4., 0.), (4., 3.), (1., 5.), (0., 3.)]);
    let b = poly(&[(4., 3.), (4., 0.), (0., 0.), (0., 3.), (1., 5.)]);
    let got = within(vec![a, b]);
    assert_one(&got, 1, 2, 12.0 + 0.5 * 4.0 * 2.0);
}

#[test]
fn holes_are_respected() {
    let with_hole = MultiPolygon(vec![Polygon::new(
        ring(&[(0., 0.), (10., 0.), (10., 10.), (0., 10.)]),
        vec![ring(&[(3., 3.), (7., 3.), (7., 7.), (3., 7.)])],
    )]);
    // Inside the hole, touching its edges: no overlap.
    assert_eq!(
        within(vec![with_hole.clone(), rect(3., 3., 7., 7.)]),
        vec![NONE]
    );
    // Across the hole's edge: the part outside the hole.
    let got = within(vec![with_hole.clone(), rect(2., 4., 4., 6.)]);
    assert_one(&got, 1, 2, 2.0);
    // A patch around the hole: its area minus the hole.
    let got = within(vec![with_hole, rect(1., 1., 9., 9.)]);
    assert_one(&got, 1, 2, 64.0 - 16.0);
}

#[test]
fn crossing_in_general_position() {
    // A square and a diamond: the overlap is the square minus four corner triangles.
    let sq = rect(0., 0., 2., 2.);
    let diamond = poly(&[(1., -0.5), (2.5, 1.), (1., 2.5), (-0.5, 1.)]);
    let got = within(vec![sq, diamond]);
    // Each corner triangle has legs 0.5: area 0.125.
    assert_one(&got, 1, 2, 4.0 - 4.0 * 0.125);
}

#[test]
fn multipart_features() {
    let a = MultiPolygon(
        [rect(0., 0., 1., 1.), rect(5., 0., 6., 1.)]
            .into_iter()
            .flat_map(|m| m.0)
            .collect(),
    );
    let b = rect(0.5, 0., 5.5, 1.);
    let got = within(vec![a, b]);
    assert_one(&got, 1, 2, 1.0);
}

#[test]
fn sliver_at_the_tolerance() {
    // 0.0005 m² (5 µm × 100 m) is a real overlap at the default tolerance of 0.0001 m².
    let got = within(vec![
        rect(0., 0., 100., 100.),
        rect(100. - 5e-6, 0., 200., 100.),
    ]);
    // `summary` lists a placeholder when there is no conflict: the pair itself must be there.
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].0, got[0].1), (1, 2), "{got:?}");
    // The width as represented at Gauss-Krüger magnitudes (ulp 7.5e-9 m).
    let width = c(100., 0.).x - c(100. - 5e-6, 0.).x;
    assert!((width - 5e-6).abs() < 1e-8);
    assert!((got[0].2 - width * 100.0).abs() < 1e-12, "{}", got[0].2);
    // 0.00005 m² is below it: counted, not a conflict.
    let l = layer(vec![
        rect(0., 0., 100., 100.),
        rect(100. - 5e-7, 0., 200., 100.),
    ]);
    let r = overlaps_within(&l, &OverlapOptions::default()).unwrap();
    assert_eq!((r.summary.pairs, r.summary.below_tolerance), (0, 1));
    // A tolerance of 1 m² (the practitioners' figure) drops the 0.0005 m² one too.
    let l = layer(vec![
        rect(0., 0., 100., 100.),
        rect(100. - 5e-6, 0., 200., 100.),
    ]);
    let mut o = OverlapOptions::default();
    o.area_tolerance_m2 = 1.0;
    let r = overlaps_within(&l, &o).unwrap();
    assert_eq!((r.summary.pairs, r.summary.below_tolerance), (0, 1));
}

#[test]
fn between_layers_reports_both_identities_and_geojson() {
    let a = synth::layer(
        "STBHHX",
        LayerKind::EcologicalRedLine,
        vec![rect(0., 0., 10., 10.)],
    );
    let b = synth::layer(
        "YJJBNTBHTB",
        LayerKind::PermanentBasicFarmland,
        vec![rect(20., 0., 30., 10.), rect(5., 5., 15., 15.)],
    );
    let r = overlaps_between(&a, &b, &OverlapOptions::default()).unwrap();
    assert_eq!(r.summary.pairs, 1);
    assert_eq!(
        r.summary.layers,
        ["STBHHX".to_string(), "YJJBNTBHTB".to_string()]
    );
    let k = &r.conflicts[0];
    assert_eq!((k.layer_a, k.layer_b), ("STBHHX", "YJJBNTBHTB"));
    assert_eq!((k.feature_a.record, k.feature_b.record), (1, 2));
    assert_eq!(k.feature_b.bsm.as_deref(), Some("2"));
    assert!((k.planar_m2 - 25.0).abs() < 1e-9);
    assert!((geo::Area::unsigned_area(&k.overlap) - 25.0).abs() < 1e-9);
    let json = serde_json::to_value(k).unwrap();
    assert_eq!(json["overlap"]["type"], "MultiPolygon");
    assert_eq!(json["feature_b"]["bsm"], "2");
    let s = serde_json::to_value(&r.summary).unwrap();
    assert_eq!(s["layers"], serde_json::json!(["STBHHX", "YJJBNTBHTB"]));
    assert_eq!(s["pairs"], 1);
    assert_eq!(s["planar_m2"], 25.0);
}
