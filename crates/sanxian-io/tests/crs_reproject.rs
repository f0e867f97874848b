//! Reprojection (`reproject`): against PROJ figures, round trips, datum rules, working CRS.
//!
//! Oracle: `testdata/crs/zone_to_zone_reference.csv` (EPSG:4527 → 4528 and → 4490 by PROJ),
//! made by `scripts/make_tmerc_reference.py`.

use std::sync::Arc;

use geo_types::{polygon, MultiPolygon};
use sanxian_io::reproject::{self, Transformer};
use sanxian_io::Error;
use sanxian_types::{
    Crs, CrsSource, Datum, Feature, FeatureId, Layer, LayerKind, Severity, SourceFormat,
};

fn epsg(code: u32) -> Crs {
    Crs::from_epsg(code).expect("known code")
}

/// (from, to, x_from, y_from, x_to, y_to) rows of the PROJ reference.
fn reference() -> Vec<(u32, u32, f64, f64, f64, f64)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/crs/zone_to_zone_reference.csv"
    );
    let text = std::fs::read_to_string(path).expect("read reference");
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    assert_eq!(lines.next(), Some("from,to,x_from,y_from,x_to,y_to"));
    lines
        .map(|l| {
            let f: Vec<f64> = l.split(',').map(|s| s.parse().expect(l)).collect();
            (f[0] as u32, f[1] as u32, f[2], f[3], f[4], f[5])
        })
        .collect()
}

#[test]
fn zone_39_to_zone_40_and_to_lonlat_agree_with_proj() {
    let rows = reference();
    assert_eq!(rows.len(), 500);
    let (mut max_m, mut max_deg) = (0.0f64, 0.0f64);
    for (from, to, x0, y0, x1, y1) in rows {
        let t = Transformer::new(&epsg(from), &epsg(to)).unwrap();
        let (x, y) = t.apply(x0, y0);
        let err = (x - x1).abs().max((y - y1).abs());
        if to == 4490 {
            assert!(
                err < 1e-9,
                "{from}->{to} ({x0}, {y0}): ({x}, {y}) vs ({x1}, {y1})"
            );
            max_deg = max_deg.max(err);
        } else {
            assert!(
                err < 1e-6,
                "{from}->{to} ({x0}, {y0}): ({x}, {y}) vs ({x1}, {y1})"
            );
            max_m = max_m.max(err);
        }
    }
    eprintln!("vs PROJ: zone 39 -> 40 max {max_m:.3e} m; zone 39 -> lon/lat max {max_deg:.3e}°");
}

#[test]
fn round_trip_4527_4490_4527_within_a_micrometre() {
    let to_geo = Transformer::new(&epsg(4527), &epsg(4490)).unwrap();
    let back = Transformer::new(&epsg(4490), &epsg(4527)).unwrap();
    let mut max = 0.0f64;
    for (_, _, x0, y0, _, _) in reference() {
        let (lon, lat) = to_geo.apply(x0, y0);
        let (x, y) = back.apply(lon, lat);
        max = max.max((x - x0).abs().max((y - y0).abs()));
    }
    assert!(max < 1e-6, "{max}");
    eprintln!("round trip 4527 -> 4490 -> 4527: max {max:.3e} m");
}

fn layer(name: &str, crs: Option<Crs>, polygons: Vec<MultiPolygon<f64>>) -> Layer {
    let source: Arc<str> = format!("{name}.geojson").into();
    Layer {
        name: name.into(),
        kind: LayerKind::recognise(name).unwrap_or(LayerKind::Other),
        crs,
        crs_source: CrsSource::User,
        fields: Vec::new(),
        features: polygons
            .into_iter()
            .enumerate()
            .map(|(i, geometry)| Feature {
                id: FeatureId {
                    source: source.clone(),
                    record: i as u64 + 1,
                    bsm: None,
                },
                geometry,
                attributes: Vec::new(),
            })
            .collect(),
        format: SourceFormat::GeoJson,
        path: format!("drafts/{name}.geojson"),
        encoding: None,
        diagnostics: Vec::new(),
        source_records: 1,
    }
}

fn square(x: f64, y: f64, d: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![polygon![
        (x: x, y: y), (x: x + d, y: y), (x: x + d, y: y + d), (x: x, y: y + d), (x: x, y: y),
    ]])
}

#[test]
fn lonlat_farmland_and_4527_layers_meet_in_one_working_crs() {
    // A 2022-style delivery: red line in EPSG:4490, farmland and urban boundary in EPSG:4527.
    let redline = layer("STBHHX", Some(epsg(4490)), vec![square(117.2, 31.8, 0.01)]);
    let to_4527 = Transformer::new(&epsg(4490), &epsg(4527)).unwrap();
    let (x, y) = to_4527.apply(117.2, 31.8);
    let farmland = layer("YJJBNTBHTB", Some(epsg(4527)), vec![square(x, y, 500.0)]);
    let urban = layer(
        "CZKFBJ",
        Some(epsg(4527)),
        vec![square(x + 600.0, y, 500.0)],
    );
    let working = reproject::working_crs(&[&redline, &farmland, &urban]).unwrap();
    assert_eq!(working, epsg(4527));

    let moved = reproject::transform_layer(&redline, &working).unwrap();
    assert_eq!(moved.crs, Some(epsg(4527)));
    let first = moved.features[0].geometry.0[0].exterior().0[0];
    assert!((first.x - x).abs() < 1e-9 && (first.y - y).abs() < 1e-9);
    // Every vertex is the projection of the original.
    for (a, b) in redline.features[0].geometry.0[0]
        .exterior()
        .0
        .iter()
        .zip(&moved.features[0].geometry.0[0].exterior().0)
    {
        let (px, py) = to_4527.apply(a.x, a.y);
        assert_eq!((px, py), (b.x, b.y));
    }
    let info: Vec<_> = moved.diagnostics_of(Severity::Info).collect();
    assert_eq!(info.len(), 1);
    assert!(
        info[0].message.contains("transformed from EPSG:4490")
            && info[0].message.contains("to EPSG:4527"),
        "{}",
        info[0].message
    );
    assert_eq!(info[0].file, "drafts/STBHHX.geojson");
    assert_eq!(moved.diagnostics_of(Severity::Warning).count(), 0);
    // Transforming into its own CRS changes nothing.
    let same = reproject::transform_layer(&farmland, &working).unwrap();
    assert_eq!(same.features, farmland.features);
    assert!(same.diagnostics.is_empty());
}

#[test]
fn working_crs_is_most_common_cgcs2000_zone_with_deterministic_ties() {
    let a = layer("a", Some(epsg(4528)), vec![square(40_500_000.0, 3e6, 10.0)]);
    let b = layer("b", Some(epsg(4527)), vec![square(39_500_000.0, 3e6, 10.0)]);
    let c = layer("c", Some(epsg(4528)), vec![square(40_500_000.0, 3e6, 10.0)]);
    let x = layer("x", Some(epsg(2363)), vec![square(39_500_000.0, 3e6, 10.0)]);
    assert_eq!(
        reproject::working_crs(&[&a, &b, &c, &x]).unwrap(),
        epsg(4528)
    );
    // One each: the lower EPSG code, whatever the order.
    assert_eq!(reproject::working_crs(&[&a, &b]).unwrap(), epsg(4527));
    assert_eq!(reproject::working_crs(&[&b, &a]).unwrap(), epsg(4527));
}

#[test]
fn working_crs_without_gauss_kruger_layers_follows_mean_longitude() {
    let west = layer("w", Some(epsg(4490)), vec![square(113.0, 30.0, 0.5)]);
    let east = layer("e", Some(epsg(4326)), vec![square(116.0, 30.0, 0.5)]);
    // Centres 113.25 and 116.25: mean 114.75 → zone 38 (CM 114°E).
    assert_eq!(reproject::working_crs(&[&west, &east]).unwrap(), epsg(4526));
    // A delivery wholly on Xi'an 1980 is worked in its own zone (a check then reports the
    // datum); mixed with CGCS2000 it counts by its longitude only.
    let xian = layer(
        "x",
        Some(epsg(2364)),
        vec![square(40_500_000.0, 3.3e6, 100.0)],
    );
    assert_eq!(reproject::working_crs(&[&xian]).unwrap(), epsg(2364));
    // 116.25°E and 120°E: the middle of 116°E–120°E is 118°E, in zone 39.
    assert_eq!(reproject::working_crs(&[&xian, &east]).unwrap(), epsg(4527));
    let none = layer("n", None, vec![square(1.0, 1.0, 1.0)]);
    let e = reproject::working_crs(&[&none]).unwrap_err();
    assert!(matches!(e, Error::UnknownCrs { .. }), "{e}");
    assert!(reproject::working_crs(&[]).is_err());
}

#[test]
fn wgs84_and_cgcs2000_are_coincident_with_a_warning() {
    let wgs = layer("STBHHX", Some(Crs::WGS84), vec![square(117.2, 31.8, 0.01)]);
    let t = Transformer::new(&Crs::WGS84, &Crs::CGCS2000).unwrap();
    assert!(t.is_identity());
    let out = reproject::transform_layer(&wgs, &epsg(4527)).unwrap();
    let warnings: Vec<_> = out.diagnostics_of(Severity::Warning).collect();
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].message.contains("same datum"),
        "{}",
        warnings[0].message
    );
    // Same longitude/latitude, projected on the CGCS2000 ellipsoid.
    let direct = Transformer::new(&Crs::CGCS2000, &epsg(4527)).unwrap();
    let (x, y) = direct.apply(117.2, 31.8);
    let c = out.features[0].geometry.0[0].exterior().0[0];
    assert_eq!((c.x, c.y), (x, y));
}

#[test]
fn xian_and_beijing_to_cgcs2000_are_refused() {
    for code in [2363, 2436, 4610, 4214] {
        let e = Transformer::new(&epsg(code), &epsg(4527)).unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, Error::Transform { .. }), "{msg}");
        assert!(msg.contains("provincial conversion parameters"), "{msg}");
    }
    let xian = layer(
        "XZQ",
        Some(epsg(2363)),
        vec![square(39_500_000.0, 3.5e6, 100.0)],
    );
    let msg = reproject::transform_layer(&xian, &epsg(4527))
        .unwrap_err()
        .to_string();
    assert!(msg.contains("drafts/XZQ.geojson"), "{msg}");
    // Within one datum, Xi'an 1980 zones convert.
    assert!(Transformer::new(&epsg(2363), &epsg(4610)).is_ok());
}

#[test]
fn layer_without_crs_names_its_path() {
    let l = layer("CZKFBJ", None, vec![square(1.0, 1.0, 1.0)]);
    let e = reproject::transform_layer(&l, &epsg(4527)).unwrap_err();
    assert!(matches!(e, Error::UnknownCrs { .. }));
    assert!(e.to_string().contains("drafts/CZKFBJ.geojson"), "{e}");
}

#[test]
fn projected_coordinates_declared_as_lonlat_are_refused() {
    let l = layer(
        "YJJBNTBHTB",
        Some(epsg(4490)),
        vec![square(39_500_000.0, 3.5e6, 10.0)],
    );
    let e = reproject::transform_layer(&l, &epsg(4527)).unwrap_err();
    assert!(e.to_string().contains("not longitude/latitude"), "{e}");
}

#[test]
fn cm_variant_with_same_parameters_is_relabelled_not_moved() {
    // EPSG:4548 (3° CM 117E) and EPSG:4509 (6° CM 117E) have identical parameters.
    let l = layer(
        "DLTB",
        Some(epsg(4548)),
        vec![square(500_000.0, 3.5e6, 10.0)],
    );
    let t = Transformer::new(&epsg(4548), &epsg(4509)).unwrap();
    assert!(t.is_identity());
    let out = reproject::transform_layer(&l, &epsg(4509)).unwrap();
    assert_eq!(out.features, l.features);
    assert_eq!(out.crs, Some(epsg(4509)));
    assert!(out.diagnostics[0].message.contains("relabelled"));
}

#[test]
fn transform_geometry_keeps_holes_and_parts() {
    let g = MultiPolygon(vec![
        geo_types::Polygon::new(
            square(117.0, 30.0, 1.0).0[0].exterior().clone(),
            vec![square(117.2, 30.2, 0.1).0[0].exterior().clone()],
        ),
        square(118.0, 30.0, 0.5).0[0].clone(),
    ]);
    let t = Transformer::new(&epsg(4490), &epsg(4527)).unwrap();
    let out = reproject::transform_geometry(&g, &t);
    assert_eq!(out.0.len(), 2);
    assert_eq!(out.0[0].interiors().len(), 1);
    let back = Transformer::new(&epsg(4527), &epsg(4490)).unwrap();
    let again = reproject::transform_geometry(&out, &back);
    for (a, b) in g.0.iter().zip(&again.0) {
        for (p, q) in a.exterior().0.iter().zip(&b.exterior().0) {
            assert!((p.x - q.x).abs() < 1e-11 && (p.y - q.y).abs() < 1e-11);
        }
    }
    assert_eq!(Datum::Cgcs2000, epsg(4527).datum());
}
