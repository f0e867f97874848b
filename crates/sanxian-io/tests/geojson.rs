//! GeoJSON reading and writing: committed fixtures (testdata/geojson) and real files from
//! ../shared/realdata when present.

use std::path::{Path, PathBuf};

use sanxian_io::geojson::{self, GeoJsonCoordinates};
use sanxian_io::{Error, ReadOptions};
use sanxian_types::{Crs, CrsSource, LayerKind, Severity, Value};

fn testdata(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel)
}

fn realdata(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/realdata")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} not present (shared real data absent)",
            p.display()
        );
        None
    }
}

#[test]
fn reads_projected_farmland_with_crs_member() {
    let layer = geojson::read(
        &testdata("geojson/farmland_4527.geojson"),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(layer.kind, LayerKind::PermanentBasicFarmland);
    assert_eq!(layer.crs, Crs::from_epsg(4527));
    assert_eq!(layer.crs_source, CrsSource::GeoJsonCrsMember);
    assert_eq!(layer.features.len(), 3);
    assert_eq!(layer.source_records, 3);
    assert!(layer.diagnostics.is_empty(), "{:?}", layer.diagnostics);
    let names: Vec<_> = layer.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["BSM", "DLBM", "DLMC", "XZQDM", "MJ"]);
    // 10000.0 and 9600 mix real and integer: the field is real.
    assert_eq!(layer.fields[4].field_type, sanxian_types::FieldType::Real);
    let f = &layer.features[1];
    assert_eq!(f.id.record, 2);
    assert_eq!(f.id.bsm.as_deref(), Some("330783002"));
    assert_eq!(f.attributes[2], Value::Text("旱地".into()));
    assert_eq!(f.attributes[4], Value::Real(9600.0));
    assert_eq!(f.geometry.0[0].interiors().len(), 1);
    assert_eq!(layer.features[2].geometry.0.len(), 2);
    assert_eq!(layer.features[2].attributes[4], Value::Null);
    assert_eq!(layer.vertex_count(), 5 + 10 + 10);
}

#[test]
fn lonlat_without_crs_is_rfc7946_wgs84() {
    let layer = geojson::read(
        &testdata("geojson/lonlat_no_crs.geojson"),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(layer.crs, Some(Crs::WGS84));
    assert_eq!(layer.crs_source, CrsSource::Rfc7946Default);
    let red = geojson::read(
        &testdata("geojson/redline_4490.geojson"),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(red.crs, Some(Crs::CGCS2000));
    assert_eq!(red.kind, LayerKind::EcologicalRedLine);
}

#[test]
fn projected_without_crs_is_unknown_unless_stated() {
    let path = testdata("geojson/bad/projected_no_crs.geojson");
    let layer = geojson::read(&path, &ReadOptions::default()).unwrap();
    assert_eq!(layer.crs, None);
    assert!(layer
        .diagnostics
        .iter()
        .any(|d| d.message.contains("not longitude/latitude")));
    let stated = ReadOptions {
        crs: Crs::from_epsg(4527),
        ..Default::default()
    };
    let layer = geojson::read(&path, &stated).unwrap();
    assert_eq!(layer.crs, Crs::from_epsg(4527));
    assert_eq!(layer.crs_source, CrsSource::User);
}

#[test]
fn unknown_crs_member_is_reported() {
    let layer = geojson::read(
        &testdata("geojson/bad/unknown_crs.geojson"),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(layer.crs, None);
    let d = &layer.diagnostics[0];
    assert!(
        d.message
            .contains("unknown CRS 'urn:ogc:def:crs:EPSG::32650'"),
        "{d}"
    );
}

#[test]
fn not_a_feature_collection_is_an_error() {
    let err = geojson::read(
        &testdata("geojson/bad/not_a_collection.geojson"),
        &ReadOptions::default(),
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, Error::Format { .. }));
    assert!(
        msg.contains("not_a_collection.geojson") && msg.contains("is a GeoJSON Feature"),
        "{msg}"
    );
}

#[test]
fn truncated_json_is_an_error_with_position() {
    let err = geojson::read(
        &testdata("geojson/bad/truncated.geojson"),
        &ReadOptions::default(),
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("truncated.geojson") && msg.contains("line"),
        "{msg}"
    );
}

#[test]
fn every_bad_record_is_accounted_for() {
    let layer = geojson::read(
        &testdata("geojson/bad/mixed.geojson"),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(layer.source_records, 8);
    // Used: record 1 (Z dropped) and 5 (closed).
    let used: Vec<u64> = layer.features.iter().map(|f| f.id.record).collect();
    assert_eq!(used, [1, 5]);
    let skipped: Vec<(u64, &str)> = layer
        .diagnostics_of(Severity::Error)
        .map(|d| (d.record.unwrap(), d.message.as_str()))
        .collect();
    let expect = [
        (2, "geometry is a Point, not a Polygon or MultiPolygon"),
        (3, "empty geometry (null)"),
        (4, "ring has 3 points, fewer than the 4"),
        (6, "invalid Polygon coordinates: number out of range"),
        (7, "geometry is a LineString"),
        (8, "empty geometry (no polygons)"),
    ];
    assert_eq!(skipped.len(), expect.len(), "{skipped:?}");
    for ((rec, msg), (want_rec, want)) in skipped.iter().zip(expect) {
        assert_eq!(*rec, want_rec);
        assert!(
            msg.contains(want) && msg.ends_with("record skipped"),
            "{rec}: {msg}"
        );
    }
    let warnings: Vec<String> = layer
        .diagnostics_of(Severity::Warning)
        .map(|d| d.to_string())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("record 5") && w.contains("not closed")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("Z or M ordinates")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("'N'") && w.contains("different types")),
        "{warnings:?}"
    );
    // Used + skipped = records in the file: nothing lost silently.
    assert_eq!(layer.features.len() + skipped.len(), 8);
}

#[test]
fn native_round_trip_is_lossless() {
    let src = testdata("geojson/farmland_4527.geojson");
    let layer = geojson::read(&src, &ReadOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("YJJBNTBHTB.geojson");
    geojson::write(&layer, &out, GeoJsonCoordinates::Native).unwrap();
    let back = geojson::read(&out, &ReadOptions::default()).unwrap();
    assert_eq!(back.crs, layer.crs);
    assert_eq!(back.fields, layer.fields);
    for (a, b) in layer.features.iter().zip(&back.features) {
        assert_eq!(a.geometry, b.geometry);
        assert_eq!(a.attributes, b.attributes);
    }
}

#[test]
fn lonlat_output_projects_back_to_the_same_coordinates() {
    let layer = geojson::read(
        &testdata("geojson/farmland_4527.geojson"),
        &ReadOptions::default(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.geojson");
    geojson::write(&layer, &out, GeoJsonCoordinates::LonLat).unwrap();
    let back = geojson::read(&out, &ReadOptions::default()).unwrap();
    assert_eq!(back.crs_source, CrsSource::Rfc7946Default);
    let Some(Crs::GaussKruger { zone, .. }) = layer.crs else {
        panic!()
    };
    let tm = zone.projection(&sanxian_types::Ellipsoid::CGCS2000);
    for (a, b) in layer.features.iter().zip(&back.features) {
        for (pa, pb) in a.geometry.0.iter().zip(&b.geometry.0) {
            for (ca, cb) in pa.exterior().0.iter().zip(&pb.exterior().0) {
                let (x, y) = tm.forward(cb.x, cb.y);
                assert!((x - ca.x).abs() < 1e-6 && (y - ca.y).abs() < 1e-6);
            }
        }
    }
}

/// Counts from ../shared/realdata/SOURCES.md (GDAL 3.12 + shapely 2.2).
#[test]
fn real_osm_and_chinese_admin_files() {
    let cases = [
        ("osm_liechtenstein_2013/landuse.geojson", 142, 5295),
        ("osm_liechtenstein_2013/protected_areas.geojson", 4, 328),
        ("osm_liechtenstein_2013/admin_boundaries.geojson", 14, 6279),
        ("cn_admin_amap/china_provinces.geojson", 34, 786_496),
        ("cn_admin_amap/counties_zhejiang.geojson", 90, 124_526),
        ("cn_admin_amap/china_country.geojson", 1, 154_357),
    ];
    for (rel, features, vertices) in cases {
        let Some(path) = realdata(rel) else { return };
        let layer = geojson::read(&path, &ReadOptions::default()).unwrap();
        assert_eq!(layer.features.len(), features, "{rel}");
        assert_eq!(layer.vertex_count(), vertices, "{rel}");
        assert!(
            layer.diagnostics_of(Severity::Error).next().is_none(),
            "{rel}"
        );
        assert_eq!(layer.crs, Some(Crs::WGS84), "{rel}");
    }
    let Some(path) = realdata("cn_admin_amap/counties_zhejiang.geojson") else {
        return;
    };
    let layer = geojson::read(&path, &ReadOptions::default()).unwrap();
    let name = layer.field_index("name").unwrap();
    assert!(layer
        .features
        .iter()
        .any(|f| f.attributes[name] == Value::Text("西湖区".into())));
}

/// Regression: coordinates written to GeoJSON read back one unit in the last place off (the
/// JSON parser's fast float path), moving vertices by 1e-9 m and areas in the ninth digit.
/// Oracle: bit equality of every coordinate after a write and a read, on doubles with all
/// seventeen significant digits in use.
#[test]
fn coordinates_read_back_bit_for_bit() {
    use sanxian_types::geo_types::{Coord, LineString, MultiPolygon, Polygon};
    use sanxian_types::Layer;
    let mut s = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut layer = Layer::new("STBHHX", LayerKind::EcologicalRedLine, Crs::from_epsg(4527));
    let mut written = Vec::new();
    for _ in 0..200 {
        let (x0, y0) = (
            39_500_000.0 + 50_000.0 * next(),
            3_300_000.0 + 50_000.0 * next(),
        );
        let mut ring: Vec<Coord<f64>> = (0..6)
            .map(|k| {
                let a = std::f64::consts::TAU * k as f64 / 6.0;
                Coord {
                    x: x0 + (10.0 + next()) * a.cos() + 0.00005,
                    y: y0 + (10.0 + next()) * a.sin(),
                }
            })
            .collect();
        ring.push(ring[0]);
        written.push(ring.clone());
        layer.push(
            MultiPolygon(vec![Polygon::new(LineString(ring), vec![])]),
            vec![],
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("STBHHX.geojson");
    geojson::write(&layer, &path, GeoJsonCoordinates::Native).unwrap();
    let back = sanxian_io::read_layer(&path, &ReadOptions::default()).unwrap();
    assert_eq!(back.features.len(), written.len());
    for (f, ring) in back.features.iter().zip(&written) {
        let got = &f.geometry.0[0].exterior().0;
        // The reader may start or orient a ring differently; compare as sets of bit patterns.
        let mut a: Vec<(u64, u64)> = got.iter().map(|c| (c.x.to_bits(), c.y.to_bits())).collect();
        let mut b: Vec<(u64, u64)> = ring
            .iter()
            .map(|c| (c.x.to_bits(), c.y.to_bits()))
            .collect();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b);
    }
}
