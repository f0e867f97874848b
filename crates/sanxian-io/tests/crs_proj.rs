//! `transform_layer_with_proj` (feature `proj`, system PROJ) against the pure-Rust transformer.
#![cfg(feature = "proj")]

use std::sync::Arc;

use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use sanxian_io::reproject::{self, Transformer};
use sanxian_io::{prj, Error};
use sanxian_types::{Crs, CrsSource, Feature, FeatureId, Layer, LayerKind, Severity, SourceFormat};

fn epsg(code: u32) -> Crs {
    Crs::from_epsg(code).expect("known code")
}

/// A layer of `n` small rings whose first vertices are a grid over `lon`×`lat` in `crs`.
fn grid_layer(crs: Crs, lon: (f64, f64), lat: (f64, f64), n: usize) -> Layer {
    let to = Transformer::new(&Crs::Geographic { datum: crs.datum() }, &crs).unwrap();
    let side = (n as f64).sqrt().ceil() as usize;
    let source: Arc<str> = "grid.shp".into();
    let features = (0..n)
        .map(|i| {
            let (u, v) = (
                (i % side) as f64 / side as f64,
                (i / side) as f64 / side as f64,
            );
            let (lo, la) = (lon.0 + u * (lon.1 - lon.0), lat.0 + v * (lat.1 - lat.0));
            let ring: Vec<Coord<f64>> = [(0.0, 0.0), (0.01, 0.0), (0.01, 0.01), (0.0, 0.0)]
                .iter()
                .map(|(dx, dy)| {
                    let (x, y) = to.apply(lo + dx, la + dy);
                    Coord { x, y }
                })
                .collect();
            Feature {
                id: FeatureId {
                    source: source.clone(),
                    record: i as u64 + 1,
                    bsm: None,
                },
                geometry: MultiPolygon(vec![Polygon::new(LineString(ring), vec![])]),
                attributes: Vec::new(),
            }
        })
        .collect();
    Layer {
        name: "grid".into(),
        kind: LayerKind::Other,
        crs: Some(crs),
        crs_source: CrsSource::User,
        fields: Vec::new(),
        features,
        format: SourceFormat::Shapefile,
        path: "grid.shp".into(),
        encoding: None,
        diagnostics: Vec::new(),
        source_records: n as u64,
    }
}

fn max_difference(a: &Layer, b: &Layer) -> f64 {
    let mut max = 0.0f64;
    for (fa, fb) in a.features.iter().zip(&b.features) {
        for (pa, pb) in fa.geometry.0.iter().zip(&fb.geometry.0) {
            for (ca, cb) in pa.exterior().0.iter().zip(&pb.exterior().0) {
                max = max.max((ca.x - cb.x).abs()).max((ca.y - cb.y).abs());
            }
        }
    }
    max
}

/// (source EPSG code, definition given to PROJ, target EPSG code, lon range, lat range)
type Case = (u32, String, u32, (f64, f64), (f64, f64));

#[test]
fn proj_agrees_with_pure_rust_within_a_micrometre() {
    let esri_4527 = prj::to_esri_wkt(&epsg(4527));
    let cases: [Case; 5] = [
        (4490, "EPSG:4490".into(), 4527, (115.0, 119.0), (18.0, 54.0)),
        (4527, "EPSG:4527".into(), 4528, (117.5, 119.5), (20.0, 50.0)),
        (4527, esri_4527, 4490, (115.4, 118.6), (18.0, 54.0)),
        (
            4497,
            epsg(4497).proj_string(),
            4548,
            (110.0, 118.0),
            (25.0, 45.0),
        ),
        (2363, "EPSG:2363".into(), 2364, (117.5, 119.5), (25.0, 45.0)),
    ];
    for (from, definition, to, lon, lat) in cases {
        let layer = grid_layer(epsg(from), lon, lat, 300);
        let by_proj = reproject::transform_layer_with_proj(&layer, &definition, &epsg(to))
            .unwrap_or_else(|e| panic!("{from} -> {to}: {e}"));
        let by_rust = reproject::transform_layer(&layer, &epsg(to)).unwrap();
        assert_eq!(by_proj.crs, Some(epsg(to)));
        let max = max_difference(&by_proj, &by_rust);
        let tolerance = if epsg(to).is_projected() { 1e-6 } else { 1e-9 };
        assert!(max < tolerance, "EPSG:{from} -> EPSG:{to}: {max:e}");
        eprintln!("EPSG:{from} -> EPSG:{to}: 300 features, PROJ vs pure Rust max {max:.3e}");
        assert!(by_proj
            .diagnostics_of(Severity::Info)
            .any(|d| d.message.contains("transformed by PROJ")));
    }
}

#[test]
fn proj_reads_crs_sanxian_cannot_represent() {
    // UTM zone 50N (WGS84) into CGCS2000 zone 39: compare with inverse UTM by hand-rolled
    // transverse Mercator (k = 0.9996) followed by the pure-Rust forward.
    let utm = sanxian_types::GkZone {
        central_meridian: 117.0,
        false_easting: 500_000.0,
        false_northing: 0.0,
        scale_factor: 0.9996,
        width: None,
    };
    let utm_crs = Crs::GaussKruger {
        datum: sanxian_types::Datum::Wgs84,
        zone: utm,
    };
    let layer = grid_layer(utm_crs, (115.6, 118.4), (22.0, 45.0), 200);
    let by_proj = reproject::transform_layer_with_proj(&layer, "EPSG:32650", &epsg(4527)).unwrap();
    let by_rust = reproject::transform_layer(&layer, &epsg(4527)).unwrap();
    let max = max_difference(&by_proj, &by_rust);
    assert!(max < 1e-6, "{max:e}");
    // PROJ has no WGS84 → CGCS2000 shift either: coincident, with a warning.
    assert!(by_proj
        .diagnostics_of(Severity::Warning)
        .any(|d| d.message.contains("same datum")));
}

#[test]
fn proj_refuses_to_ignore_a_datum_shift() {
    let layer = grid_layer(epsg(2363), (117.0, 117.5), (30.0, 31.0), 4);
    let e = reproject::transform_layer_with_proj(&layer, "EPSG:2363", &epsg(4527)).unwrap_err();
    assert!(matches!(e, Error::Transform { .. }));
    assert!(
        e.to_string().contains("provincial conversion parameters"),
        "{e}"
    );
    // The same datum given as a PROJ string on the Xi'an ellipsoid.
    let xian = "+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +ellps=IAU76 +units=m";
    let e = reproject::transform_layer_with_proj(&layer, xian, &epsg(4527)).unwrap_err();
    assert!(
        e.to_string().contains("provincial conversion parameters"),
        "{e}"
    );
    let e = reproject::transform_layer_with_proj(&layer, "not a crs", &epsg(4527)).unwrap_err();
    assert!(e.to_string().contains("PROJ"), "{e}");
}
