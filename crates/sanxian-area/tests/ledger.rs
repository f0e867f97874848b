//! Area ledgers, declared-area comparison, methods and CRS handling (oracles: hand-computed
//! planar squares, sums of the per-feature figures, and the single-threaded run).

mod common;

use geo_types::{polygon, Coord, LineString, MultiPolygon, Polygon};
use sanxian_area::{
    survey_densify, AreaCalculator, AreaLedger, AreaMethod, AreaTolerance, AreaUnit, ControlTotals,
    DeclaredAreaField, Error, Hundredths, LedgerOptions,
};
use sanxian_types::{
    Crs, CrsSource, Feature, FeatureId, Field, FieldType, Layer, LayerKind, SourceFormat, Value,
};

fn square(x0: f64, y0: f64, size: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![polygon![
        (x: x0, y: y0), (x: x0 + size, y: y0), (x: x0 + size, y: y0 + size), (x: x0, y: y0 + size),
    ]])
}

fn layer(crs: Option<Crs>, features: Vec<(MultiPolygon<f64>, &str, &str, Value)>) -> Layer {
    Layer {
        name: "DLTB".into(),
        kind: LayerKind::LandUseSurvey,
        crs,
        crs_source: CrsSource::Epsg,
        fields: vec![
            Field::new("XZQDM", FieldType::Text),
            Field::new("DLBM", FieldType::Text),
            Field::new("tbmj", FieldType::Real),
            Field::new("Shape_Area", FieldType::Real),
        ],
        features: features
            .into_iter()
            .enumerate()
            .map(|(i, (geometry, xzqdm, dlbm, declared))| Feature {
                id: FeatureId {
                    source: "DLTB.shp".into(),
                    record: i as u64 + 1,
                    bsm: Some(format!("BSM{}", i + 1)),
                },
                geometry,
                attributes: vec![
                    Value::Text(xzqdm.into()),
                    Value::Text(dlbm.into()),
                    declared,
                    Value::Real(1.0),
                ],
            })
            .collect(),
        format: SourceFormat::Shapefile,
        path: "DLTB.shp".into(),
        encoding: None,
        diagnostics: vec![],
        source_records: 0,
    }
}

fn epsg4527() -> Crs {
    Crs::from_epsg(4527).unwrap()
}

/// Farmland on the central meridian of zone 39 near 30°N, where Gauss-Krüger scale is 1: the
/// ellipsoid area of an s×s square is s² to ~1e-9.
fn sample_layer() -> Layer {
    let y = 3_320_000.0;
    layer(
        Some(epsg4527()),
        vec![
            (
                square(39_500_000.0, y, 100.0),
                "330110001",
                "0101",
                Value::Real(10_000.0),
            ),
            (
                square(39_500_200.0, y, 50.0),
                "330110002",
                "0201",
                Value::Real(2_600.0),
            ),
            (
                square(39_500_400.0, y, 50.0),
                "330110001",
                "0101",
                Value::Null,
            ),
            (
                square(39_500_600.0, y, 20.0),
                "330110002",
                "1001",
                Value::Text(" 400.2 ".into()),
            ),
        ],
    )
}

fn options(fields: &[&str]) -> LedgerOptions {
    LedgerOptions {
        group_fields: fields.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

#[test]
fn ledger_totals_by_any_field_in_sorted_order() {
    let ledger = AreaLedger::compute(
        &sample_layer(),
        AreaMethod::Ellipsoid,
        &options(&["xzqdm", "DLBM"]),
    )
    .unwrap();
    assert_eq!(ledger.group_fields, ["XZQDM", "DLBM"]);
    assert_eq!(ledger.declared_field.as_deref(), Some("tbmj"));
    assert_eq!(ledger.features.len(), 4);
    assert!(ledger.problems.is_empty());
    let f0 = &ledger.features[0];
    assert!((f0.area_m2 - 10_000.0).abs() < 1e-3, "{}", f0.area_m2);
    assert!((f0.area_mu - 15.0).abs() < 2e-6 && (f0.area_ha - 1.0).abs() < 1e-7);

    let by_xzq = ledger.totals_by("XZQDM").unwrap();
    let groups: Vec<(&str, usize)> = by_xzq
        .iter()
        .map(|g| (g.group.as_str(), g.features))
        .collect();
    assert_eq!(groups, [("330110001", 2), ("330110002", 2)]);
    assert!((by_xzq[0].area_m2 - 12_500.0).abs() < 1e-3);
    assert_eq!(by_xzq[0].declared_m2, Some(10_000.0));
    let by_dlbm = ledger.totals_by("dlbm").unwrap();
    assert_eq!(
        by_dlbm.iter().map(|g| g.group.as_str()).collect::<Vec<_>>(),
        ["0101", "0201", "1001"]
    );
    let total = ledger.total();
    let sum: f64 = ledger.features.iter().map(|f| f.area_m2).sum();
    assert_eq!(total.features, 4);
    assert!((total.area_m2 - sum).abs() < 1e-9);
    assert!((total.area_m2 - 15_400.0).abs() < 1e-3);
    assert!(matches!(
        ledger.totals_by("TBBH"),
        Err(Error::NotAGroupField { .. })
    ));
    let json = serde_json::to_string(&ledger).unwrap();
    assert!(
        json.contains("\"area_m2\"") && json.contains("330110002"),
        "{json}"
    );
}

#[test]
fn declared_areas_are_compared_within_tolerance() {
    let ledger =
        AreaLedger::compute(&sample_layer(), AreaMethod::Ellipsoid, &options(&[])).unwrap();
    let report = ledger.compare_declared(AreaTolerance::default()).unwrap();
    assert_eq!(report.field, "tbmj");
    assert_eq!(report.compared, 3);
    assert_eq!(report.missing.len(), 1);
    assert_eq!(report.missing[0].record, 3);
    // 2600 declared for a 2500 m² square; 400.2 for 400 is within 1 m².
    assert_eq!(report.differences.len(), 1);
    let d = &report.differences[0];
    assert_eq!(d.id.record, 2);
    assert!((d.difference_m2 - 100.0).abs() < 1e-3 && (d.relative - 0.04).abs() < 1e-6);
    // A tight tolerance flags the 0.2 m² too.
    let tight = AreaTolerance {
        abs_m2: 0.01,
        relative: 1e-6,
    };
    assert_eq!(ledger.compare_declared(tight).unwrap().differences.len(), 2);

    // Declared areas in 公顷.
    let mut opts = options(&[]);
    opts.declared = DeclaredAreaField::Named("TBMJ".into());
    opts.declared_unit = AreaUnit::Hectares;
    let l = AreaLedger::compute(&sample_layer(), AreaMethod::Ellipsoid, &opts).unwrap();
    assert_eq!(l.features[0].declared_m2, Some(100_000_000.0));

    // Off, and an unknown field.
    opts.declared = DeclaredAreaField::Off;
    let l = AreaLedger::compute(&sample_layer(), AreaMethod::Ellipsoid, &opts).unwrap();
    assert!(matches!(
        l.compare_declared(AreaTolerance::default()),
        Err(Error::NoDeclaredAreaField { .. })
    ));
    opts.declared = DeclaredAreaField::Named("MJ".into());
    let err = AreaLedger::compute(&sample_layer(), AreaMethod::Ellipsoid, &opts).unwrap_err();
    assert!(
        err.to_string().contains("XZQDM, DLBM, tbmj, Shape_Area"),
        "{err}"
    );
}

#[test]
fn shape_area_is_not_declared_on_lon_lat_layers() {
    let mut l = sample_layer();
    l.fields[2].name = "REMARK".into();
    let projected = AreaLedger::compute(&l, AreaMethod::Planar, &options(&[])).unwrap();
    assert_eq!(projected.declared_field.as_deref(), Some("Shape_Area"));
    l.crs = Some(Crs::CGCS2000);
    for f in &mut l.features {
        f.geometry = square(117.0, 30.0, 0.001);
    }
    let geographic = AreaLedger::compute(&l, AreaMethod::Ellipsoid, &options(&[])).unwrap();
    assert_eq!(geographic.declared_field, None);
}

#[test]
fn features_that_fail_are_listed_not_dropped() {
    let mut l = sample_layer();
    // A 6-digit easting in a zone-prefixed CRS, and a NaN.
    l.features[1].geometry = square(500_200.0, 3_320_000.0, 50.0);
    l.features[3].geometry = square(f64::NAN, 3_320_000.0, 20.0);
    let ledger = AreaLedger::compute(&l, AreaMethod::Ellipsoid, &options(&["XZQDM"])).unwrap();
    assert_eq!(ledger.features.len(), 2);
    assert_eq!(ledger.problems.len(), 2);
    assert_eq!(ledger.problems[0].id.record, 2);
    assert!(ledger.problems[0].message.contains("DLTB.shp#2 (BSM BSM2)"));
    assert!(
        ledger.problems[0].message.contains("zone prefix"),
        "{}",
        ledger.problems[0].message
    );
    assert_eq!(ledger.total().features, 2);
}

#[test]
fn crs_must_be_known_and_match() {
    let mut l = sample_layer();
    l.crs = None;
    assert!(matches!(
        AreaLedger::compute(&l, AreaMethod::Ellipsoid, &options(&[])),
        Err(Error::MissingCrs { .. })
    ));
    // A stated calculator CRS reads a layer without one.
    let calc = AreaCalculator::new(epsg4527(), AreaMethod::Ellipsoid).unwrap();
    assert!(AreaLedger::from_layer(&l, &calc, &options(&[])).is_ok());
    l.crs = Crs::from_epsg(4528);
    assert!(matches!(
        AreaLedger::from_layer(&l, &calc, &options(&[])),
        Err(Error::CrsMismatch { .. })
    ));
}

/// The ledger does not depend on the number of threads.
#[test]
fn ledger_is_the_same_on_one_thread() {
    let polys = common::farmland_4527(3000, 25, 5);
    let features: Vec<(MultiPolygon<f64>, &str, &str, Value)> = polys
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            (
                MultiPolygon(vec![p]),
                if i % 3 == 0 { "a" } else { "b" },
                "0101",
                Value::Null,
            )
        })
        .collect();
    let l = layer(Some(epsg4527()), features);
    let many = AreaLedger::compute(&l, AreaMethod::Ellipsoid, &options(&["XZQDM"])).unwrap();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let one = pool
        .install(|| AreaLedger::compute(&l, AreaMethod::Ellipsoid, &options(&["XZQDM"])))
        .unwrap();
    assert_eq!(many, one);
    assert_eq!(
        many.totals_by("XZQDM").unwrap(),
        one.totals_by("XZQDM").unwrap()
    );
}

/// Controls from an administrative layer's area field, and adjustment of the ledger to them.
#[test]
fn ledger_adjusts_to_controls_from_an_administrative_layer() {
    let ledger =
        AreaLedger::compute(&sample_layer(), AreaMethod::Ellipsoid, &options(&["XZQDM"])).unwrap();
    let mut xzq = layer(
        Some(epsg4527()),
        vec![
            (square(0.0, 0.0, 1.0), "330110001", "", Value::Real(1.25)),
            (square(0.0, 0.0, 1.0), "330110002", "", Value::Real(0.2)),
            (
                square(0.0, 0.0, 1.0),
                "330110002",
                "",
                Value::Real(0.0900001),
            ),
        ],
    );
    xzq.name = "XZQ".into();
    let controls = ControlTotals::from_layer(&xzq, "xzqdm", "TBMJ", AreaUnit::Hectares).unwrap();
    assert_eq!(controls.get("330110001"), Some(Hundredths(125)));
    assert_eq!(controls.get("330110002"), Some(Hundredths(29)));
    let adj = ledger.adjust("XZQDM", &controls).unwrap();
    assert_eq!(adj.unit, AreaUnit::Hectares);
    for g in &adj.groups {
        assert_eq!(
            g.items.iter().map(|i| i.adjusted).sum::<Hundredths>(),
            g.control
        );
    }
    // 1.00 ha + 0.25 ha: already 1.25. 0.25 + 0.04 ha = 0.29: already equal.
    assert_eq!(adj.groups[0].difference(), Hundredths(0));
    assert!(adj.groups_without_control.is_empty() && adj.controls_without_items.is_empty());

    xzq.features[0].attributes[2] = Value::Null;
    let err = ControlTotals::from_layer(&xzq, "XZQDM", "TBMJ", AreaUnit::Hectares).unwrap_err();
    assert!(
        err.to_string().contains("XZQ line 1") || err.to_string().contains("XZQ"),
        "{err}"
    );
    assert!(matches!(
        ControlTotals::from_layer(&xzq, "XZQDM", "DCMJ", AreaUnit::Hectares),
        Err(Error::UnknownField { .. })
    ));
}

#[test]
fn methods_parse_and_planar_needs_a_projected_crs() {
    for m in AreaMethod::ALL {
        assert_eq!(m.name().parse::<AreaMethod>().unwrap(), m);
    }
    assert_eq!("Survey".parse::<AreaMethod>().unwrap(), AreaMethod::Survey);
    assert_eq!(AreaMethod::default(), AreaMethod::Ellipsoid);
    assert!("exact".parse::<AreaMethod>().is_err());
    assert!(matches!(
        AreaCalculator::new(Crs::CGCS2000, AreaMethod::Planar),
        Err(Error::PlanarNeedsProjectedCrs { .. })
    ));
}

/// All methods on one patch 100 km east of the central meridian at 30°N: the planar area
/// carries the Gauss-Krüger scale (1 + y²/2R²)² ≈ 1 + 2.47e-4, the legacy series its
/// eccentricity excess; the others agree to ppm.
#[test]
fn methods_agree_where_they_should() {
    let p: Polygon<f64> = common::farmland_4527(1, 25, 77).remove(0);
    let mut shifted = p.clone();
    shifted.exterior_mut(|r| {
        for c in r.0.iter_mut() {
            c.x += 39_600_000.0 - p.exterior().0[0].x;
            c.y += 3_320_000.0 - p.exterior().0[0].y;
        }
    });
    let crs = epsg4527();
    let area = |m| {
        AreaCalculator::new(crs, m)
            .unwrap()
            .polygon_area_m2(&shifted)
            .unwrap()
    };
    let e = area(AreaMethod::Ellipsoid);
    for m in [AreaMethod::Survey, AreaMethod::Geodesic] {
        assert!(((area(m) - e) / e).abs() < 1e-5, "{m}");
    }
    // The legacy excess is ≈ 2(e′² − e²)·sin²B = 9.02e-5 · ¼ at 30°N.
    let legacy = (area(AreaMethod::Legacy) - e) / e;
    assert!((legacy - 2.255e-5).abs() < 0.01e-5, "{legacy:e}");
    let planar = (area(AreaMethod::Planar) - e) / e;
    assert!((planar - 2.47e-4).abs() < 0.02e-4, "{planar:e}");
}

/// Oracle: hand-computed piece counts of the 70 m rule.
#[test]
fn survey_densifies_segments_over_70_m() {
    let ring = [
        Coord { x: 0.0, y: 0.0 },
        Coord { x: 150.0, y: 0.0 },  // 150 m: 2 points, 3 pieces of 50 m
        Coord { x: 150.0, y: 70.0 }, // 70 m: none
        Coord {
            x: 150.0,
            y: 140.00005,
        }, // rounds to 140.0001: 70.0001 m, 1 point
        Coord {
            x: 0.0,
            y: 140.0001,
        }, // back edge 150 m: 2 points; closing edge 140 m: 2 points
    ];
    let out = survey_densify(&ring);
    // 5 vertices and 2 + 0 + 1 + 2 + 2 inserted points.
    assert_eq!(out.len(), 12);
    assert_eq!(out[1], Coord { x: 50.0, y: 0.0 });
    assert_eq!(out[2], Coord { x: 100.0, y: 0.0 });
    assert_eq!(out[3], Coord { x: 150.0, y: 0.0 });
    assert_eq!(
        out[5],
        Coord {
            x: 150.0,
            y: 105.00005
        }
    );
    assert_eq!(out[6].y, 140.0001);
    // Rounding to 0.0001 m, half away from zero as printed.
    let out = survey_densify(&[
        Coord {
            x: 1.000_05,
            y: -2.000_05,
        },
        Coord { x: 2.0, y: 0.0 },
        Coord { x: 0.0, y: 1.0 },
    ]);
    assert_eq!(
        out[0],
        Coord {
            x: 1.0001,
            y: -2.0001
        }
    );
}

/// On lon/lat layers the survey method only rounds B and L to 0.000001″ (3e-5 m), which
/// moves a hectare by well under 1e-6.
#[test]
fn survey_on_lon_lat_rounds_only() {
    let calc = AreaCalculator::new(Crs::CGCS2000, AreaMethod::Survey).unwrap();
    let e = AreaCalculator::new(Crs::CGCS2000, AreaMethod::Ellipsoid).unwrap();
    let ring = LineString(vec![
        Coord { x: 117.0, y: 30.0 },
        Coord {
            x: 117.001_234_567_89,
            y: 30.000_1,
        },
        Coord {
            x: 117.000_3,
            y: 30.000_987_654_3,
        },
        Coord { x: 117.0, y: 30.0 },
    ]);
    let (a, b) = (
        calc.ring_area_m2(&ring).unwrap(),
        e.ring_area_m2(&ring).unwrap(),
    );
    assert!(((a - b) / b).abs() < 1e-6 && a != b, "{a} {b}");
}
