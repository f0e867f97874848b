//! Real data: real overlapping land-use polygons checked against GEOS (vendored in
//! testdata/realdata, always run), and shared edges without overlap in large Chinese boundary
//! layers that are not redistributed (run only where a local copy of the collection described
//! in testdata/realdata/README.md sits beside the checkout as `shared/realdata`).
//!
//! The files are lon/lat GeoJSON; they are parsed here with serde_json (the GeoJSON reader is
//! another crate's job) and projected with `sanxian_types::TransverseMercator` on the CGCS2000
//! ellipsoid. Tests print a note and pass when the shared data is absent.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use sanxian_overlay::{overlaps_within, OverlapOptions, OverlapReport};
use sanxian_types::geo_types::{Coord, LineString, MultiPolygon, Polygon};
use sanxian_types::{
    Crs, CrsSource, Datum, Ellipsoid, Feature, FeatureId, GkZone, Layer, LayerKind, SourceFormat,
    TransverseMercator,
};
use serde_json::Value;

fn realdata() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/realdata");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("note: {} not found; real-data test skipped", p.display());
        None
    }
}

fn ring(v: &Value, tm: &TransverseMercator) -> LineString<f64> {
    let pts = v.as_array().expect("ring is an array");
    LineString(
        pts.iter()
            .map(|p| {
                let p = p.as_array().expect("position is an array");
                let (lon, lat) = (p[0].as_f64().expect("lon"), p[1].as_f64().expect("lat"));
                let (x, y) = tm.forward(lon, lat);
                Coord { x, y }
            })
            .collect(),
    )
}

fn polygon(v: &Value, tm: &TransverseMercator) -> Polygon<f64> {
    let rings = v.as_array().expect("polygon is an array of rings");
    let ext = ring(&rings[0], tm);
    let holes = rings[1..].iter().map(|r| ring(r, tm)).collect();
    Polygon::new(ext, holes)
}

/// Reads a GeoJSON FeatureCollection of (Multi)Polygons into a layer projected on a
/// transverse Mercator with central meridian `cm` (false easting 500 km).
fn read(path: &PathBuf, cm: f64, kind: LayerKind) -> Layer {
    let text = std::fs::read_to_string(path).expect("readable GeoJSON");
    let doc: Value = serde_json::from_str(&text).expect("valid JSON");
    let tm = TransverseMercator::new(&Ellipsoid::CGCS2000, cm, 1.0, 500_000.0, 0.0);
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("layer")
        .to_string();
    let source: Arc<str> = path
        .file_name()
        .and_then(|s| s.to_str())
        .unwrap_or("x")
        .into();
    let features = doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let g = &f["geometry"];
            let coords = &g["coordinates"];
            let geometry = match g["type"].as_str() {
                Some("Polygon") => MultiPolygon(vec![polygon(coords, &tm)]),
                Some("MultiPolygon") => MultiPolygon(
                    coords
                        .as_array()
                        .expect("parts")
                        .iter()
                        .map(|p| polygon(p, &tm))
                        .collect(),
                ),
                other => panic!("unexpected geometry {other:?}"),
            };
            Feature {
                id: FeatureId {
                    source: source.clone(),
                    record: i as u64 + 1,
                    bsm: None,
                },
                geometry,
                attributes: vec![],
            }
        })
        .collect::<Vec<_>>();
    Layer {
        name,
        kind,
        crs: Some(Crs::GaussKruger {
            datum: Datum::Cgcs2000,
            zone: GkZone {
                central_meridian: cm,
                false_easting: 500_000.0,
                false_northing: 0.0,
                scale_factor: 1.0,
                width: None,
            },
        }),
        crs_source: CrsSource::User,
        fields: vec![],
        source_records: features.len() as u64,
        features,
        format: SourceFormat::GeoJson,
        path: path.display().to_string(),
        encoding: None,
        diagnostics: vec![],
    }
}

fn no_index() -> OverlapOptions {
    let mut o = OverlapOptions::default();
    o.use_edge_index = false;
    o
}

fn assert_no_conflicts(r: &OverlapReport<'_>) {
    assert_eq!(
        r.summary.pairs,
        0,
        "unexpected conflicts: {:?}",
        r.conflicts
            .iter()
            .take(5)
            .map(|c| (c.feature_a.record, c.feature_b.record, c.planar_m2))
            .collect::<Vec<_>>()
    );
    assert_eq!(r.summary.below_tolerance, 0);
    assert!(r.repaired.is_empty() && r.not_computable.is_empty());
}

/// Provinces of China share edges but do not overlap. (SOURCES.md: the duplicated
/// Beijing/Tianjin/Shanghai province-and-city geometries are in the package's city files, not
/// in `china_provinces.geojson`, which holds the 34 provinces only.)
#[test]
fn china_provinces_touch_but_do_not_overlap() {
    let Some(dir) = realdata() else { return };
    let l = read(
        &dir.join("cn_admin_amap/china_provinces.geojson"),
        110.0,
        LayerKind::AdministrativeArea,
    );
    assert_eq!(l.features.len(), 34);
    let r = overlaps_within(&l, &OverlapOptions::default()).unwrap();
    // GEOS (shapely 2.2, same projection by pyproj): 70 intersecting pairs (84 feature-box
    // candidates; sanxian joins part boxes, so it has fewer), 0 with positive overlap area.
    assert!(r.summary.candidates >= 70, "{}", r.summary.candidates);
    assert_no_conflicts(&r);
    assert_no_conflicts(&overlaps_within(&l, &no_index()).unwrap());
}

/// Counties of Zhejiang share edges but do not overlap.
#[test]
fn zhejiang_counties_touch_but_do_not_overlap() {
    let Some(dir) = realdata() else { return };
    let l = read(
        &dir.join("cn_admin_amap/counties_zhejiang.geojson"),
        120.0,
        LayerKind::AdministrativeArea,
    );
    assert_eq!(l.features.len(), 90);
    let r = overlaps_within(&l, &OverlapOptions::default()).unwrap();
    // GEOS: 219 intersecting pairs (283 feature-box candidates), 0 with positive area.
    assert!(r.summary.candidates >= 219, "{}", r.summary.candidates);
    assert_no_conflicts(&r);
    assert_no_conflicts(&overlaps_within(&l, &no_index()).unwrap());
}

/// The 31 overlapping pairs of Liechtenstein land use, with areas from GEOS.
///
/// Oracle: shapely 2.2.0 / GEOS 3.14.1, `a.intersection(b).area` for every pair of features
/// whose geometries intersect, after projecting with pyproj
/// `+proj=tmerc +lat_0=0 +lon_0=9.5 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80`; pairs numbered by
/// feature position from 1.
const LIECHTENSTEIN_GEOS: [(u64, u64, f64); 31] = [
    (2, 16, 2995.7837043687036),
    (2, 121, 8.292280117429454),
    (3, 108, 1769.8279829677415),
    (13, 15, 2781.936855724853),
    (14, 15, 675.8279671767637),
    (15, 61, 31.63727628300168),
    (15, 63, 108.90423341439384),
    (15, 64, 51.971293807315405),
    (15, 65, 2449.860267143734),
    (24, 26, 23.056141009223726),
    (27, 46, 74.33601688126127),
    (42, 68, 20853.920848239588),
    (42, 69, 509.18232663215804),
    (42, 70, 705.5161293176409),
    (42, 71, 134.97545684724383),
    (44, 45, 3.5189082962438274),
    (46, 119, 1291.502883844603),
    (46, 120, 1513.0339077023787),
    (47, 139, 1843.7171676736612),
    (48, 126, 3.9279810913252495),
    (68, 69, 509.18232663215804),
    (68, 70, 705.5161293176409),
    (68, 71, 134.97545684724383),
    (72, 79, 5529.150393223719),
    (73, 79, 149.1293981096283),
    (74, 79, 813.9422931799006),
    (86, 87, 3313.3351141113085),
    (116, 121, 28.832428230802165),
    (117, 121, 580.5063888385005),
    (121, 122, 15.207626394813975),
    (128, 134, 585.2744406456648),
];

fn check_liechtenstein(r: &OverlapReport<'_>, abs: f64, rel: f64) {
    let got: Vec<(u64, u64, f64)> = r
        .conflicts
        .iter()
        .map(|c| (c.feature_a.record, c.feature_b.record, c.planar_m2))
        .collect();
    assert_eq!(got.len(), 31, "{got:?}");
    for ((a, b, area), (ga, gb, garea)) in LIECHTENSTEIN_GEOS.iter().zip(&got) {
        assert_eq!((*a, *b), (*ga, *gb));
        let tol = abs + rel * area;
        assert!(
            (area - garea).abs() <= tol,
            "#{a} × #{b}: GEOS {area}, sanxian {garea}, diff {}",
            (area - garea).abs()
        );
    }
    assert_eq!(r.summary.below_tolerance, 0);
    assert!(r.repaired.is_empty() && r.not_computable.is_empty());
}

#[test]
fn liechtenstein_landuse_has_the_31_overlaps_of_geos() {
    // Vendored in testdata/realdata (ODbL), so this runs everywhere.
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/realdata");
    let l = read(
        &dir.join("liechtenstein/landuse.geojson"),
        9.5,
        LayerKind::Other,
    );
    assert_eq!(l.features.len(), 142);
    let r = overlaps_within(&l, &OverlapOptions::default()).unwrap();
    // The local methods: within 1e-6 m² + 1e-9 relative of GEOS.
    check_liechtenstein(&r, 1e-6, 1e-9);
    // Plain boolean operations on whole geometries snap to i_overlay's grid: looser.
    let p = overlaps_within(&l, &no_index()).unwrap();
    check_liechtenstein(&p, 1e-3, 1e-7);
    // Serialises as documented.
    let json = serde_json::to_value(&r.summary).unwrap();
    assert_eq!(json["layers"], serde_json::json!(["landuse", "landuse"]));
    assert_eq!(json["pairs"], 31);
}
