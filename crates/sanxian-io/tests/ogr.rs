//! Reading through GDAL/OGR and writing GeoPackages (feature `gdal`): committed fixtures
//! (testdata/ogr, made by scripts/make_ogr_fixtures.py), files made here, and real files from
//! ../shared/realdata when present.
#![cfg(feature = "gdal")]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use geo_types::{LineString, MultiPolygon, Polygon};
use sanxian_io::{geojson, ogr, read_layer, read_path, Error, ReadOptions};
use sanxian_types::{
    Crs, CrsSource, Datum, Feature, FeatureId, Field, FieldType, GkZone, Layer, LayerKind,
    Severity, SourceFormat, Value,
};

fn testdata(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/ogr")
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

fn ring(points: &[(f64, f64)]) -> LineString<f64> {
    LineString::from(points.to_vec())
}

/// A square of `size` metres at (`x`, `y`).
fn square(x: f64, y: f64, size: f64) -> LineString<f64> {
    ring(&[
        (x, y),
        (x + size, y),
        (x + size, y + size),
        (x, y + size),
        (x, y),
    ])
}

/// The rings of a multipolygon, each without its closing point, starting at its smallest vertex
/// and running in the direction that makes the sequence smallest.
fn canonical(geometry: &MultiPolygon<f64>) -> Vec<Vec<Vec<(f64, f64)>>> {
    let ring = |r: &LineString<f64>| {
        let mut points: Vec<(f64, f64)> = r.0.iter().map(|c| (c.x, c.y)).collect();
        points.pop();
        let rotated = |mut v: Vec<(f64, f64)>| {
            let start = (0..v.len())
                .min_by(|&a, &b| v[a].partial_cmp(&v[b]).unwrap())
                .unwrap_or(0);
            v.rotate_left(start);
            v
        };
        let forward = rotated(points.clone());
        points.reverse();
        let backward = rotated(points);
        if forward.partial_cmp(&backward) == Some(std::cmp::Ordering::Greater) {
            backward
        } else {
            forward
        }
    };
    geometry
        .0
        .iter()
        .map(|p| {
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .map(ring)
                .collect()
        })
        .collect()
}

fn messages(layer: &Layer, severity: Severity) -> Vec<(Option<u64>, String)> {
    layer
        .diagnostics_of(severity)
        .map(|d| (d.record, d.message.clone()))
        .collect()
}

/// An in-memory red-line layer in EPSG:4527 with Chinese text, a hole, a two-part feature, nulls
/// and record numbers that do not start at 1 or run without gaps.
fn red_line_layer() -> Layer {
    let source: Arc<str> = Arc::from("STBHHX.shp");
    let id = |record, bsm: &str| FeatureId {
        source: Arc::clone(&source),
        record,
        bsm: Some(bsm.to_string()),
    };
    let (e, n) = (39_520_000.0, 3_520_000.0);
    let features = vec![
        Feature {
            id: id(3, "340104STBHHX0003"),
            geometry: MultiPolygon(vec![Polygon::new(
                square(e, n, 1500.0),
                vec![ring(&[
                    (e + 500.0, n + 500.0),
                    (e + 500.0, n + 900.0),
                    (e + 900.0, n + 900.0),
                    (e + 900.0, n + 500.0),
                    (e + 500.0, n + 500.0),
                ])],
            )]),
            attributes: vec![
                Value::Text("340104STBHHX0003".into()),
                Value::Text("董铺水库水源涵养生态保护红线".into()),
                Value::Integer(1),
                Value::Real(2_090_000.25),
                Value::Date("2022-09-30".into()),
            ],
        },
        Feature {
            id: id(7, "340111STBHHX0007"),
            geometry: MultiPolygon(vec![
                Polygon::new(square(e, n + 3000.0, 800.0), vec![]),
                Polygon::new(square(e + 1000.0, n + 3000.0, 600.0), vec![]),
            ]),
            attributes: vec![
                Value::Text("340111STBHHX0007".into()),
                Value::Text("巢湖湿地生态保护红线".into()),
                Value::Null,
                Value::Real(1_000_000.0),
                Value::Null,
            ],
        },
        Feature {
            id: id(12, "340104STBHHX0012"),
            geometry: MultiPolygon(vec![Polygon::new(
                square(e + 0.125, n + 0.375, 10.5),
                vec![],
            )]),
            attributes: vec![
                Value::Text("340104STBHHX0012".into()),
                Value::Null,
                Value::Integer(-2),
                Value::Null,
                Value::Date("2023-01-15".into()),
            ],
        },
    ];
    Layer {
        name: "STBHHX".into(),
        kind: LayerKind::EcologicalRedLine,
        crs: Crs::from_epsg(4527),
        crs_source: CrsSource::Epsg,
        fields: vec![
            Field::new("BSM", FieldType::Text),
            Field::new("HXMC", FieldType::Text),
            Field::new("BHDJ", FieldType::Integer),
            Field::new("MJ", FieldType::Real),
            Field::new("PZRQ", FieldType::Date),
        ],
        features,
        format: SourceFormat::Shapefile,
        path: "STBHHX.shp".into(),
        encoding: None,
        diagnostics: Vec::new(),
        source_records: 12,
    }
}

/// Takes the zone number 39 off the eastings of every vertex.
fn drop_zone_prefix(layer: &mut Layer) {
    let shift = |r: &mut LineString<f64>| r.0.iter_mut().for_each(|c| c.x -= 39_000_000.0);
    for f in &mut layer.features {
        for p in &mut f.geometry.0 {
            p.exterior_mut(shift);
            p.interiors_mut(|rings| rings.iter_mut().for_each(shift));
        }
    }
}

#[test]
fn gpkg_round_trip_keeps_geometry_attributes_crs_and_record_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.gpkg");
    let original = red_line_layer();
    ogr::write_gpkg(&[&original], &path).unwrap();

    let layers = ogr::read(&path, &ReadOptions::default()).unwrap();
    assert_eq!(layers.len(), 1);
    let layer = &layers[0];
    assert!(layer.diagnostics.is_empty(), "{:?}", layer.diagnostics);
    assert_eq!(layer.name, "STBHHX");
    assert_eq!(layer.kind, LayerKind::EcologicalRedLine);
    assert_eq!(layer.crs, Crs::from_epsg(4527));
    assert_eq!(layer.crs_source, CrsSource::Epsg);
    assert_eq!(layer.format, SourceFormat::Ogr("GPKG".into()));
    assert_eq!(layer.encoding.as_deref(), Some("UTF-8 (GDAL)"));
    assert_eq!(layer.path, path.display().to_string());
    assert_eq!(layer.source_records, 3);
    let fields: Vec<_> = layer
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.field_type))
        .collect();
    let want: Vec<_> = original
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.field_type))
        .collect();
    assert_eq!(fields, want);
    assert_eq!(layer.features.len(), 3);
    for (read, written) in layer.features.iter().zip(&original.features) {
        assert_eq!(&*read.id.source, "out.gpkg:STBHHX");
        assert_eq!(
            read.id.record, written.id.record,
            "FIDs keep record numbers"
        );
        assert_eq!(read.id.bsm, written.id.bsm);
        assert_eq!(read.geometry, written.geometry, "record {}", read.id.record);
        assert_eq!(
            read.attributes, written.attributes,
            "record {}",
            read.id.record
        );
    }
    assert_eq!(
        layer.features[0].attributes[1].as_str(),
        Some("董铺水库水源涵养生态保护红线")
    );

    // Writing again replaces the file, leaving nothing else in the folder.
    let mut other = red_line_layer();
    other.name = "YJJBNTBHTB".into();
    other.features.truncate(1);
    ogr::write_gpkg(&[&original, &other], &path).unwrap();
    let layers = ogr::read(&path, &ReadOptions::default()).unwrap();
    let names: Vec<_> = layers.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["STBHHX", "YJJBNTBHTB"]);
    assert_eq!(layers[1].kind, LayerKind::PermanentBasicFarmland);
    assert_eq!(layers[1].features.len(), 1);
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files, ["out.gpkg"]);
}

#[test]
fn crs_without_epsg_code_round_trips_through_wkt() {
    // A city's local Gauss-Krüger system: CGCS2000 with central meridian 117°30'E.
    let local = Crs::GaussKruger {
        datum: Datum::Cgcs2000,
        zone: GkZone {
            central_meridian: 117.5,
            false_easting: 500_000.0,
            false_northing: 0.0,
            scale_factor: 1.0,
            width: None,
        },
    };
    assert_eq!(local.epsg(), None);
    let mut layer = red_line_layer();
    layer.crs = Some(local);
    drop_zone_prefix(&mut layer);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("local.gpkg");
    ogr::write_gpkg(&[&layer], &path).unwrap();
    let back = read_layer(&path, &ReadOptions::default()).unwrap();
    assert_eq!(back.crs_source, CrsSource::Wkt, "{:?}", back.diagnostics);
    match back.crs {
        Some(Crs::GaussKruger { datum, zone }) => {
            assert_eq!(datum, Datum::Cgcs2000);
            assert_eq!(zone.central_meridian, 117.5);
            assert_eq!(zone.false_easting, 500_000.0);
            assert_eq!(zone.scale_factor, 1.0);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn gpkg_write_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.gpkg");
    std::fs::write(&path, b"keep me").unwrap();
    let layer = red_line_layer();
    let err = ogr::write_gpkg(&[&layer, &layer], &path).unwrap_err();
    assert!(matches!(err, Error::Format { .. }), "{err}");
    assert!(
        err.to_string().contains("two layers are named 'STBHHX'"),
        "{err}"
    );
    // A failed write leaves the old file and no temporary file.
    assert_eq!(std::fs::read(&path).unwrap(), b"keep me");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    // Record numbers that cannot be FIDs are renumbered from 1.
    let mut dup = red_line_layer();
    dup.features[1].id.record = 3;
    ogr::write_gpkg(&[&dup], &path).unwrap();
    let back = ogr::read(&path, &ReadOptions::default()).unwrap();
    let records: Vec<u64> = back[0].features.iter().map(|f| f.id.record).collect();
    assert_eq!(records, [1, 2, 3]);
}

#[test]
fn draft_gpkg_reads_both_layers_with_diagnostics() {
    let path = testdata("draft.gpkg");
    let layers = ogr::read(&path, &ReadOptions::default()).unwrap();
    let names: Vec<_> = layers.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["STBHHX", "YJJBNTBHTB"]);
    for layer in &layers {
        assert_eq!(layer.crs, Crs::from_epsg(4527), "{}", layer.name);
        assert_eq!(layer.crs_source, CrsSource::Epsg);
        assert_eq!(layer.format, SourceFormat::Ogr("GPKG".into()));
        assert_eq!(layer.source_records, 4);
        assert_eq!(layer.features.len(), 3);
        assert!(messages(layer, Severity::Warning).is_empty());
    }

    let red = &layers[0];
    assert_eq!(red.kind, LayerKind::EcologicalRedLine);
    let fields: Vec<_> = red
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.field_type))
        .collect();
    assert_eq!(
        fields,
        [
            ("BSM", FieldType::Text),
            ("HXMC", FieldType::Text),
            ("XZQDM", FieldType::Text),
            ("XZQMC", FieldType::Text),
            ("BHDJ", FieldType::Integer),
            ("MJ", FieldType::Real),
            ("PZRQ", FieldType::Date),
        ]
    );
    let records: Vec<u64> = red.features.iter().map(|f| f.id.record).collect();
    assert_eq!(records, [1, 2, 4]);
    assert_eq!(
        messages(red, Severity::Error),
        [(Some(3), "empty geometry; record skipped".to_string())]
    );
    assert_eq!(red.diagnostics[0].file, "draft.gpkg:STBHHX");
    let f2 = &red.features[1];
    assert_eq!(&*f2.id.source, "draft.gpkg:STBHHX");
    assert_eq!(f2.id.bsm.as_deref(), Some("340104STBHHX0002"));
    assert_eq!(
        f2.id.to_string(),
        "draft.gpkg:STBHHX#2 (BSM 340104STBHHX0002)"
    );
    assert_eq!(f2.geometry.0.len(), 1);
    assert_eq!(f2.geometry.0[0].interiors().len(), 1);
    assert_eq!(
        f2.attributes[1],
        Value::Text("董铺水库水源涵养生态保护红线".into())
    );
    assert_eq!(f2.attributes[3], Value::Text("蜀山区".into()));
    assert_eq!(f2.attributes[4], Value::Integer(1));
    assert_eq!(f2.attributes[5], Value::Real(2_090_000.0));
    assert_eq!(f2.attributes[6], Value::Date("2022-09-30".into()));
    let f4 = &red.features[2];
    assert_eq!(f4.geometry.0.len(), 2);
    assert_eq!(f4.attributes[3], Value::Text("包河区".into()));
    assert_eq!(f4.attributes[6], Value::Null);
    let extent = red.extent().unwrap();
    assert_eq!(extent.min().x, 39_520_000.0);
    assert_eq!(extent.max().y, 3_523_800.0);

    let farmland = &layers[1];
    assert_eq!(farmland.kind, LayerKind::PermanentBasicFarmland);
    assert_eq!(
        messages(farmland, Severity::Error),
        [(Some(4), "empty geometry (null); record skipped".to_string())]
    );
    assert_eq!(
        farmland.features[1].attributes[3],
        Value::Text("旱地".into())
    );
    assert_eq!(farmland.vertex_count(), 15);
}

#[test]
fn draft_gdb_reads_like_the_gpkg() {
    let gdb = ogr::read(&testdata("draft.gdb"), &ReadOptions::default()).unwrap();
    let gpkg = ogr::read(&testdata("draft.gpkg"), &ReadOptions::default()).unwrap();
    assert_eq!(gdb.len(), 2);
    for (a, b) in gdb.iter().zip(&gpkg) {
        assert_eq!(a.name, b.name);
        assert_eq!(a.kind, b.kind);
        assert_eq!(a.format, SourceFormat::Ogr("OpenFileGDB".into()));
        assert_eq!(
            a.crs,
            Crs::from_epsg(4527),
            "{}: {:?}",
            a.name,
            a.diagnostics
        );
        assert_eq!(a.source_records, 4);
        assert_eq!(a.features.len(), b.features.len());
        for (fa, fb) in a.features.iter().zip(&b.features) {
            assert_eq!(&*fa.id.source, format!("draft.gdb:{}", a.name));
            assert_eq!(fa.id.record, fb.id.record);
            assert_eq!(fa.id.bsm, fb.id.bsm);
            // FileGDB stores shells clockwise: compare the rings whatever their direction.
            assert_eq!(
                canonical(&fa.geometry),
                canonical(&fb.geometry),
                "{}",
                fa.id
            );
            assert_eq!(fa.attributes, fb.attributes);
        }
        // The skipped record is reported in both, whatever FileGDB makes of an empty polygon.
        let skipped: Vec<_> = a
            .diagnostics_of(Severity::Error)
            .map(|d| d.record)
            .collect();
        let want: Vec<_> = b
            .diagnostics_of(Severity::Error)
            .map(|d| d.record)
            .collect();
        assert_eq!(skipped, want);
    }
    // FileGDB has no date-only type before ArcGIS Pro 3.2: the date-time keeps its date.
    assert!(gdb[0]
        .diagnostics_of(Severity::Info)
        .any(|d| d.message.contains("'PZRQ' holds date-times")));
}

#[test]
fn file_colon_layer_reads_one_layer() {
    let path = testdata("draft.gpkg:YJJBNTBHTB");
    let layers = ogr::read(&path, &ReadOptions::default()).unwrap();
    assert_eq!(layers.len(), 1);
    assert_eq!(layers[0].name, "YJJBNTBHTB");
    let layer = read_layer(&path, &ReadOptions::default()).unwrap();
    assert_eq!(layer.features.len(), 3);
    let layer = read_layer(&testdata("draft.gdb:stbhhx"), &ReadOptions::default()).unwrap();
    assert_eq!(layer.name, "STBHHX");

    let err = read_layer(&testdata("draft.gpkg"), &ReadOptions::default()).unwrap_err();
    assert!(err.to_string().contains("holds 2 layers"), "{err}");
    let err = read_path(&testdata("draft.gpkg:DLTB"), &ReadOptions::default()).unwrap_err();
    assert!(matches!(err, Error::Format { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("has no layer 'DLTB'; its layers are: STBHHX (Multi Polygon), YJJBNTBHTB"),
        "{err}"
    );
}

#[test]
fn stated_kind_and_crs_override_the_file() {
    let options = ReadOptions {
        kind: Some(LayerKind::Plan),
        crs: Crs::from_epsg(4528),
        encoding: None,
    };
    let layers = ogr::read(&testdata("draft.gpkg"), &options).unwrap();
    for layer in &layers {
        assert_eq!(layer.kind, LayerKind::Plan);
        assert_eq!(layer.crs, Crs::from_epsg(4528));
        assert_eq!(layer.crs_source, CrsSource::User);
        let warnings = messages(layer, Severity::Warning);
        assert!(
            warnings[0].1.starts_with("the file declares EPSG:4527")
                && warnings[0].1.contains("but EPSG:4528"),
            "{warnings:?}"
        );
        // Zone-39 eastings do not fit zone 40.
        assert!(
            warnings.iter().any(|(_, m)| m.contains("zone 39")),
            "{warnings:?}"
        );
    }
}

#[test]
fn bad_geometries_are_listed_and_the_rest_read() {
    // CSV with a WKT column: a layer of no declared geometry type, one record per case.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parcels.csv");
    std::fs::write(
        &path,
        "WKT,BSM,NAME\n\
         \"POLYGON ((0 0,10 0,10 10,0 10,0 0))\",1,平面\n\
         \"POINT (5 5)\",2,点\n\
         \"CURVEPOLYGON (CIRCULARSTRING (0 0,1 1,2 0,1 -1,0 0))\",3,圆\n\
         \"POLYGON Z ((0 0 7,10 0 7,10 10 7,0 0 7))\",4,三维\n\
         \"POLYGON ((0 0,10 0,10 10))\",5,未闭合\n\
         ,6,空\n",
    )
    .unwrap();
    let layers = ogr::read(&path, &ReadOptions::default()).unwrap();
    assert_eq!(layers.len(), 1);
    let layer = &layers[0];
    assert_eq!(layer.format, SourceFormat::Ogr("CSV".into()));
    assert_eq!(layer.source_records, 6);
    let records: Vec<u64> = layer.features.iter().map(|f| f.id.record).collect();
    assert_eq!(records, [1, 3, 4, 5]);
    assert_eq!(layer.features[1].id.bsm.as_deref(), Some("3"));
    assert_eq!(layer.features[1].attributes[2], Value::Text("圆".into()));
    assert!(layer.features[1].geometry.0[0].exterior().0.len() > 20);
    assert_eq!(
        messages(layer, Severity::Error),
        [
            (
                Some(2),
                "POINT geometry, not a polygon; record skipped".to_string()
            ),
            (Some(6), "empty geometry (null); record skipped".to_string()),
        ]
    );
    let warnings = messages(layer, Severity::Warning);
    let has = |record: Option<u64>, text: &str| {
        warnings
            .iter()
            .any(|(r, m)| *r == record && m.contains(text))
    };
    assert!(has(None, "declares no CRS"), "{warnings:?}");
    assert!(
        has(Some(5), "polygon 1 shell: ring not closed"),
        "{warnings:?}"
    );
    assert!(
        has(None, "geometries of 1 record(s) carry Z or M"),
        "{warnings:?}"
    );
    assert!(
        has(None, "curves of 1 record(s) linearised"),
        "{warnings:?}"
    );
    assert_eq!(layer.crs, None);
    assert_eq!(layer.crs_source, CrsSource::Unknown);
}

#[test]
fn non_finite_coordinates_and_wrong_zone_are_diagnosed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("STBHHX.gpkg");
    let mut layer = red_line_layer();
    // Unprefixed eastings in a prefixed CRS: the coordinates contradict the CRS, refused.
    let mut unprefixed = layer.clone();
    drop_zone_prefix(&mut unprefixed);
    ogr::write_gpkg(&[&unprefixed], &path).unwrap();
    let err = read_layer(&path, &ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("contradict its CRS") && err.contains("without a zone prefix"),
        "{err}"
    );
    std::fs::remove_file(&path).unwrap();
    // A NaN in a hole: that record is skipped, the others read.
    layer.features[0].geometry.0[0].interiors_mut(|rs| rs[0].0[1].y = f64::NAN);
    ogr::write_gpkg(&[&layer], &path).unwrap();
    let back = read_layer(&path, &ReadOptions::default()).unwrap();
    assert_eq!(back.features.len(), 2);
    let errors = messages(&back, Severity::Error);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].0, Some(3));
    assert!(
        errors[0]
            .1
            .starts_with("polygon 1 hole 1: vertex 2 has a non-finite coordinate"),
        "{errors:?}"
    );
}

#[test]
fn data_source_without_polygons_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roads.geojson");
    std::fs::write(
        &path,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}]}"#,
    )
    .unwrap();
    let err = ogr::read(&path, &ReadOptions::default()).unwrap_err();
    assert!(matches!(err, Error::Format { .. }), "{err}");
    assert!(
        err.to_string()
            .ends_with("holds no polygon layer; its layers are: roads (Line String)"),
        "{err}"
    );
    let err = ogr::read(&dir.path().join("missing.gpkg"), &ReadOptions::default()).unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err}");
    assert!(
        err.to_string()
            .ends_with("missing.gpkg: no such file or folder"),
        "{err}"
    );
    let text = dir.path().join("notes.gpkg");
    std::fs::write(&text, "not a GeoPackage").unwrap();
    let err = ogr::read(&text, &ReadOptions::default()).unwrap_err();
    assert!(matches!(err, Error::UnsupportedFormat { .. }), "{err}");
}

#[test]
fn osm_pbf_gives_its_multipolygons_layer_only() {
    let Some(path) = realdata("osm_liechtenstein_2013/liechtenstein-2013-08-03.osm.pbf") else {
        return;
    };
    let layers = ogr::read(&path, &ReadOptions::default()).unwrap();
    let names: Vec<_> = layers.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["multipolygons"]);
    let layer = &layers[0];
    assert_eq!(layer.crs, Some(Crs::WGS84));
    assert!(layer.features.len() > 4000, "{}", layer.features.len());
    let info: Vec<_> = layer.diagnostics_of(Severity::Info).collect();
    assert!(
        info[0].message.contains("points (Point)")
            && info[0].message.contains("lines (Line String)"),
        "{info:?}"
    );
}

#[test]
fn ogr_geojson_matches_the_native_reader() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/realdata/liechtenstein/landuse.geojson");
    let native = geojson::read(&path, &ReadOptions::default()).unwrap();
    let layers = ogr::read(&path, &ReadOptions::default()).unwrap();
    let via_ogr = &layers[0];
    assert_eq!(via_ogr.format, SourceFormat::Ogr("GeoJSON".into()));
    assert_eq!(via_ogr.crs, Some(Crs::WGS84));
    assert_eq!(via_ogr.features.len(), native.features.len());
    for (a, b) in via_ogr.features.iter().zip(&native.features) {
        // OGR counts GeoJSON FIDs from 0, so records are positions, as in the native reader.
        assert_eq!(a.id.record, b.id.record);
        assert_eq!(a.geometry.0.len(), b.geometry.0.len());
        for (pa, pb) in a.geometry.0.iter().zip(&b.geometry.0) {
            assert_eq!(pa.interiors().len(), pb.interiors().len());
            for (ca, cb) in pa.exterior().0.iter().zip(&pb.exterior().0) {
                assert!((ca.x - cb.x).abs() < 1e-12 && (ca.y - cb.y).abs() < 1e-12);
            }
        }
    }
}
