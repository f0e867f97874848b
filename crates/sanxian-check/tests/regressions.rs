//! One test per defect of 0.1.0 found by users, each with its oracle named.

use sanxian_check::rules::ids;
use sanxian_check::{Draft, RuleSettings};
use sanxian_types::geo_types::{polygon, MultiPolygon};
use sanxian_types::{Crs, Field, FieldType, Layer, LayerKind, Value};

fn square(x: f64, y: f64, s: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![polygon![
        (x: x, y: y), (x: x + s, y: y), (x: x + s, y: y + s), (x: x, y: y + s), (x: x, y: y)
    ]])
}

const X0: f64 = 39_500_000.0;
const Y0: f64 = 3_300_000.0;

fn admin() -> Layer {
    let mut xzq = Layer::new("XZQ", LayerKind::AdministrativeArea, Crs::from_epsg(4527))
        .with_fields(vec![
            Field::new("XZQDM", FieldType::Text),
            Field::new("XZQMC", FieldType::Text),
        ]);
    xzq.push(
        square(X0, Y0, 1000.0),
        vec![Value::Text("330101".into()), Value::Text("甲县".into())],
    );
    xzq.push(
        square(X0 + 1000.0, Y0, 1000.0),
        vec![Value::Text("330102".into()), Value::Text("乙县".into())],
    );
    xzq
}

/// Regression: results were looked up by record number as if record = position + 1; a GDAL
/// source or an embedder's layer numbers records otherwise, and then coverage pieces vanished
/// and features inside their county were reported outside it. Oracle: by construction every
/// feature lies inside the counties, half in each.
#[test]
fn records_not_numbered_by_position_are_checked_right() {
    let mut farm = Layer::new(
        "YJJBNTBHTB",
        LayerKind::PermanentBasicFarmland,
        Crs::from_epsg(4527),
    )
    .with_fields(vec![Field::new("XZQDM", FieldType::Text)]);
    for k in 0..10 {
        let x = X0 + 10.0 + 190.0 * k as f64;
        // The county holding the larger part: the one with the square's centre.
        let code = if x + 50.0 < X0 + 1000.0 {
            "330101"
        } else {
            "330102"
        };
        farm.push(square(x, Y0 + 10.0, 100.0), vec![Value::Text(code.into())]);
    }
    // Records numbered like an OGR source with deleted features, and not in order.
    for (f, r) in farm
        .features
        .iter_mut()
        .zip([907u64, 3, 55, 12, 1000, 7, 8, 400, 2, 99])
    {
        f.id.record = r;
    }
    let draft = Draft::from_layers("memory", vec![admin(), farm]).unwrap();
    let report = draft.check(&RuleSettings::default()).unwrap();
    let outside: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == ids::OUTSIDE_ADMIN)
        .collect();
    assert!(outside.is_empty(), "{:#?}", outside);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.rule != ids::XZQDM_MISMATCH),
        "{:#?}",
        report.findings
    );
    let per_county: Vec<usize> = report
        .counties
        .iter()
        .map(|c| c.layers[0].features)
        .collect();
    assert_eq!(per_county, [5, 5]);
    let total: f64 = report
        .counties
        .iter()
        .map(|c| c.layers[0].ellipsoid.m2)
        .sum();
    // Ten 100 m squares 20 km off nothing: the planar area is 100 000 m²; the ellipsoid area
    // on the central meridian differs by the scale (< 1e-8 here: the squares sit on it).
    assert!((total - 100_000.0).abs() < 0.01, "{total}");
}

/// Regression: an area that could not be computed became NaN, and `null` in the totals,
/// silently. Oracle: by construction the second feature has a vertex that is not a number
/// (what an embedding program can hand over; the readers refuse such records).
#[test]
fn an_area_that_cannot_be_computed_is_a_finding_not_a_nan() {
    let mut farm = Layer::new(
        "YJJBNTBHTB",
        LayerKind::PermanentBasicFarmland,
        Crs::from_epsg(4527),
    )
    // The profile's area field of farmland.
    .with_fields(vec![Field::new("YJJBNTTBMJ", FieldType::Real)]);
    farm.push(
        square(X0 + 10.0, Y0 + 10.0, 100.0),
        vec![Value::Real(10_000.0)],
    );
    let mut broken = square(X0 + 200.0, Y0 + 10.0, 100.0);
    broken.0[0].exterior_mut(|r| r.0[2].x = f64::NAN);
    farm.push(broken, vec![Value::Real(10_000.0)]);
    let draft = Draft::from_layers("memory", vec![admin(), farm]).unwrap();
    let report = draft.check(&RuleSettings::default()).unwrap();
    let not: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == ids::AREA_NOT_COMPUTABLE)
        .collect();
    assert_eq!(not.len(), 1, "{:#?}", report.findings);
    assert_eq!(not[0].features[0].record, 2);
    assert!(
        not[0].message.contains("non-finite coordinate"),
        "{}",
        not[0].message
    );
    let declared: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == ids::DECLARED_AREA)
        .collect();
    assert_eq!(declared.len(), 1);
    assert!(
        declared[0].message.contains("cannot be compared"),
        "{}",
        declared[0].message
    );
    for c in &report.counties {
        for l in &c.layers {
            assert!(l.ellipsoid.m2.is_finite());
        }
    }
}

/// Regression: summary figures differed in the last digits between two identical runs
/// (parallel summation). Oracle: the same report, byte for byte, on 1 and on 2 threads.
#[test]
fn two_runs_give_the_same_report_byte_for_byte() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/demo");
    let draft = Draft::open(demo).unwrap();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let r = draft.check(&RuleSettings::default()).unwrap();
            let findings: Vec<String> = r
                .findings
                .iter()
                .map(|f| {
                    format!(
                        "{} {:?} {:?} {:?} {}",
                        f.rule, f.features, f.ellipsoid, f.planar_m2, f.message
                    )
                })
                .collect();
            (serde_json::to_string(&r).unwrap(), findings)
        })
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(2));
}

/// Regression: a polygon of 50 000 identical rings made `check` grow past 13 GB in two
/// minutes without finishing. Oracle: identical rings overlap (by construction); the check
/// reports the feature as invalid and finishes.
#[test]
fn a_polygon_of_fifty_thousand_identical_rings_is_checked() {
    let ring = square(X0 + 10.0, Y0 + 10.0, 100.0).0[0].exterior().clone();
    let parts: Vec<_> = (0..50_000)
        .map(|_| sanxian_types::geo_types::Polygon::new(ring.clone(), vec![]))
        .collect();
    let red = Layer::from_geometries(
        "STBHHX",
        LayerKind::EcologicalRedLine,
        Crs::from_epsg(4527),
        [MultiPolygon(parts)],
    );
    let draft = Draft::from_layers("memory", vec![admin(), red]).unwrap();
    let report = draft.check(&RuleSettings::default()).unwrap();
    let invalid: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == ids::GEOMETRY_INVALID)
        .collect();
    assert_eq!(invalid.len(), 1);
    assert!(
        invalid[0].message.starts_with("parts overlap"),
        "{}",
        invalid[0].message
    );
}
