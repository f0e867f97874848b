//! Invalid input never crashes or silently corrupts a result: it is repaired and reported,
//! or the pair is reported as not computable. CRS and option errors name the layer.

mod common;

use common::synth;
use sanxian_overlay::{overlaps_between, overlaps_within, Error, OverlapOptions};
use sanxian_types::geo_types::{Coord, LineString, MultiPolygon, Polygon};
use sanxian_types::{Crs, LayerKind};

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

fn poly(pts: &[(f64, f64)]) -> Polygon<f64> {
    Polygon::new(ring(pts), vec![])
}

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Polygon<f64> {
    poly(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
}

fn options() -> [OverlapOptions; 2] {
    let mut plain = OverlapOptions::default();
    plain.use_edge_index = false;
    [OverlapOptions::default(), plain]
}

#[test]
fn bow_tie_is_repaired_and_reported() {
    let bow = MultiPolygon(vec![poly(&[(0., 0.), (10., 10.), (10., 0.), (0., 10.)])]);
    let red = synth::layer("STBHHX", LayerKind::EcologicalRedLine, vec![bow]);
    let farm = synth::layer(
        "YJJBNTBHTB",
        LayerKind::PermanentBasicFarmland,
        vec![MultiPolygon(vec![rect(0., 0., 10., 5.)])],
    );
    for o in options() {
        let r = overlaps_between(&red, &farm, &o).unwrap();
        assert_eq!(r.repaired.len(), 1);
        let rep = &r.repaired[0];
        assert_eq!((rep.layer, rep.feature.record), ("STBHHX", 1));
        assert!(rep.problem.contains("self-intersection"), "{}", rep.problem);
        assert_eq!(rep.parts_after, 2);
        assert!((rep.planar_after_m2 - 50.0).abs() < 1e-9);
        // Two triangles, each with 12.5 m² below y = 5.
        assert_eq!(r.summary.pairs, 1);
        assert!(
            (r.conflicts[0].planar_m2 - 25.0).abs() < 1e-6,
            "{}",
            r.conflicts[0].planar_m2
        );
    }
}

#[test]
fn wrong_nesting_and_overlapping_parts_are_repaired() {
    // A hole outside its exterior ring.
    let stray_hole = MultiPolygon(vec![Polygon::new(
        ring(&[(0., 0.), (4., 0.), (4., 4.), (0., 4.)]),
        vec![ring(&[(10., 10.), (12., 10.), (12., 12.), (10., 12.)])],
    )]);
    // Two parts overlapping each other.
    let doubled = MultiPolygon(vec![rect(20., 0., 24., 4.), rect(22., 0., 26., 4.)]);
    let l = synth::layer(
        "L",
        LayerKind::Other,
        vec![
            stray_hole,
            doubled,
            MultiPolygon(vec![rect(0., 0., 30., 30.)]),
        ],
    );
    for o in options() {
        let r = overlaps_within(&l, &o).unwrap();
        assert_eq!(r.repaired.len(), 2, "{:?}", r.repaired);
        assert!(
            r.repaired[0]
                .problem
                .starts_with("hole lies outside shell at (39500010.000, 3300010.000)"),
            "{}",
            r.repaired[0].problem
        );
        assert!(
            r.repaired[1].problem.contains("overlap"),
            "{}",
            r.repaired[1].problem
        );
        // The parts are unioned: 6 × 4, not 6 × 4 − 2 × 4 (odd-even) nor 8 × 4 (sum).
        assert!((r.repaired[1].planar_after_m2 - 24.0).abs() < 1e-9);
        let areas: Vec<(u64, u64, f64)> = r
            .conflicts
            .iter()
            .map(|k| (k.feature_a.record, k.feature_b.record, k.planar_m2))
            .collect();
        // The stray hole became an island (odd-even): 16 + 4 m² inside the big square.
        assert_eq!(areas.len(), 2, "{areas:?}");
        assert_eq!((areas[0].0, areas[0].1), (1, 3));
        assert!((areas[0].2 - 20.0).abs() < 1e-6, "{areas:?}");
        assert_eq!((areas[1].0, areas[1].1), (2, 3));
        assert!((areas[1].2 - 24.0).abs() < 1e-6, "{areas:?}");
    }
}

#[test]
fn non_finite_coordinates_make_pairs_not_computable() {
    let mut bad = rect(0., 0., 10., 10.);
    bad.exterior_mut(|ls| ls.0[2].x = f64::NAN);
    let l = synth::layer(
        "L",
        LayerKind::Other,
        vec![
            MultiPolygon(vec![bad]),
            MultiPolygon(vec![rect(5., 5., 15., 15.)]),
        ],
    );
    for o in options() {
        let r = overlaps_within(&l, &o).unwrap();
        assert_eq!(r.summary.pairs, 0);
        assert_eq!(r.not_computable.len(), 1);
        let n = &r.not_computable[0];
        assert_eq!((n.feature_a.record, n.feature_b.record), (1, 2));
        assert!(
            n.reason.contains("non-finite") && n.reason.contains("L.shp#1"),
            "{}",
            n.reason
        );
    }
}

#[test]
fn crs_must_be_known_projected_and_shared() {
    let mk = || {
        synth::layer(
            "A",
            LayerKind::Other,
            vec![MultiPolygon(vec![rect(0., 0., 1., 1.)])],
        )
    };
    let mut none = mk();
    none.crs = None;
    assert!(matches!(
        overlaps_within(&none, &OverlapOptions::default()),
        Err(Error::UnknownCrs { .. })
    ));
    let mut geographic = mk();
    geographic.crs = Some(Crs::CGCS2000);
    let e = overlaps_within(&geographic, &OverlapOptions::default()).unwrap_err();
    assert!(matches!(e, Error::NotProjected { .. }));
    assert!(e.to_string().contains("'A'"), "{e}");
    let mut other = mk();
    other.name = "B".into();
    other.crs = Crs::from_epsg(4528);
    let e = overlaps_between(&mk(), &other, &OverlapOptions::default()).unwrap_err();
    assert!(matches!(e, Error::CrsMismatch { .. }));
    assert!(
        e.to_string().contains("EPSG:4527") && e.to_string().contains("EPSG:4528"),
        "{e}"
    );
    let mut o = OverlapOptions::default();
    o.area_tolerance_m2 = -1.0;
    assert!(matches!(
        overlaps_within(&mk(), &o),
        Err(Error::InvalidOption(_))
    ));
}
