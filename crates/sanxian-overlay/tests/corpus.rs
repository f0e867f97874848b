//! The overlay corpus (testdata/corpus/overlay, 25 inputs from public bug reports against geo,
//! i_overlay, GEOS and shapely; origins in its README.md): nothing panics or hangs, validity
//! agrees with GEOS, and where GEOS is right (testdata/corpus/overlay/reference.json, made by
//! scripts/make_corpus_reference.py) the intersection area agrees with it.

use std::path::PathBuf;

use geo::{Geometry, MultiPolygon};
use sanxian_overlay::validity::{validate, Strictness};
use sanxian_overlay::{boolean, overlaps_between, OverlapOptions, PreparedLayer};
use sanxian_types::{Crs, Layer, LayerKind};
use wkt::TryFromWkt;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/corpus/overlay")
}

fn multi(text: &str) -> MultiPolygon<f64> {
    match Geometry::<f64>::try_from_wkt_str(text).unwrap() {
        Geometry::Polygon(p) => MultiPolygon(vec![p]),
        Geometry::MultiPolygon(m) => m,
        g => panic!("not polygonal: {g:?}"),
    }
}

fn layer(name: &str, g: &MultiPolygon<f64>) -> Layer {
    // The overlay wants a projected CRS; the corpus coordinates are planar numbers of any kind.
    Layer::from_geometries(name, LayerKind::Other, Crs::from_epsg(4527), [g.clone()])
}

#[test]
fn every_case_of_the_corpus() {
    let text = std::fs::read_to_string(dir().join("reference.json")).unwrap();
    let reference: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cases = reference["cases"].as_object().unwrap();
    assert_eq!(cases.len(), 25);
    let mut compared = 0;
    for (name, want) in cases {
        let text = std::fs::read_to_string(dir().join(format!("{name}.wkt"))).unwrap();
        let geoms: Vec<MultiPolygon<f64>> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(multi)
            .collect();
        // Validity: the OGC verdict of GEOS — except an EMPTY hole, which GEOS skips and
        // sanxian reports (a ring without points is a defect of the data, changing no area).
        for (g, valid) in geoms.iter().zip(want["valid"].as_array().unwrap()) {
            let ours = validate(g);
            if let Some(d) = ours.issue(Strictness::Ogc) {
                if name == "geos-trac-0234-empty-ring-in-multipolygon" {
                    assert_eq!(
                        (d.kind, d.ring),
                        (sanxian_overlay::validity::IssueKind::TooFewPoints, 1)
                    );
                    continue;
                }
            }
            assert_eq!(
                ours.is_valid(Strictness::Ogc),
                valid.as_bool().unwrap(),
                "{name}: {:?}",
                ours.issue(Strictness::Ogc)
            );
        }
        // Preparing (validation, repair) and union never panic.
        for (k, g) in geoms.iter().enumerate() {
            let l = layer(&format!("{name}-{k}"), g);
            PreparedLayer::new(&l, &OverlapOptions::default()).unwrap();
            let _ = boolean::union_all([g]);
        }
        if geoms.len() != 2 {
            continue;
        }
        let (a, b) = (layer("a", &geoms[0]), layer("b", &geoms[1]));
        for use_index in [true, false] {
            let mut opts = OverlapOptions::default();
            opts.area_tolerance_m2 = 0.0;
            opts.use_edge_index = use_index;
            opts.index_min_vertices = 4;
            let r = overlaps_between(&a, &b, &opts).unwrap();
            if !r.not_computable.is_empty() {
                // Said, with the reason: allowed, never silent.
                assert!(
                    r.not_computable.iter().all(|n| !n.reason.is_empty()),
                    "{name}"
                );
                continue;
            }
            let ours: f64 = r.conflicts.iter().map(|c| c.planar_m2).sum();
            let areas: Vec<f64> = want["areas"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect();
            let scale = areas[0].max(areas[1]);
            assert!(
                ours <= areas[0].min(areas[1]) * (1.0 + 1e-9) + 1e-9 * scale,
                "{name}: {ours}"
            );
            let both_valid = want["valid"]
                .as_array()
                .unwrap()
                .iter()
                .all(|v| v.as_bool() == Some(true));
            if let (Some(geos), true) = (want["intersection_area"].as_f64(), both_valid) {
                // The local methods are exact up to the rounding of crossing points; geo's
                // BooleanOps (the path without index) computes on a fixed-point grid scaled to
                // the extent, a few 1e-9 of it.
                let tol = if use_index { 1e-9 } else { 1e-8 };
                assert!(
                    (ours - geos).abs() <= tol * scale.max(1.0),
                    "{name} (index {use_index}): ours {ours}, GEOS {geos}"
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 20, "{compared} comparisons with GEOS");
}
