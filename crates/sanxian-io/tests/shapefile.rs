//! Shapefile reading and writing: committed fixtures (testdata/shp, testdata/bad/shapefile, made
//! by testdata/make_shapefile_fixtures.py), round trips, and real files from ../shared/realdata
//! when present.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use sanxian_io::{shapefile, Error, ReadOptions};
use sanxian_types::{
    Crs, CrsSource, Feature, FeatureId, Field, FieldType, Layer, LayerKind, Severity, SourceFormat,
    Value,
};

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

fn read(rel: &str) -> Layer {
    read_with(rel, &ReadOptions::default())
}

fn read_with(rel: &str, options: &ReadOptions) -> Layer {
    let path = testdata(rel);
    shapefile::read(&path, options).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Asserts that the layer has exactly one diagnostic with this severity, file, record and
/// message part.
#[track_caller]
fn assert_diag(layer: &Layer, severity: Severity, file: &str, record: Option<u64>, part: &str) {
    let n = layer
        .diagnostics
        .iter()
        .filter(|d| {
            d.severity == severity
                && d.file == file
                && d.record == record
                && d.message.contains(part)
        })
        .count();
    assert_eq!(
        n,
        1,
        "want one {severity:?} {file} {record:?} '{part}' in\n{}",
        dump(layer)
    );
}

fn dump(layer: &Layer) -> String {
    layer
        .diagnostics
        .iter()
        .map(|d| format!("  {d}\n"))
        .collect()
}

/// Diagnostics of at least this severity.
fn count_at_least(layer: &Layer, severity: Severity) -> usize {
    layer
        .diagnostics
        .iter()
        .filter(|d| d.severity >= severity)
        .count()
}

fn records(layer: &Layer) -> Vec<u64> {
    layer.features.iter().map(|f| f.id.record).collect()
}

fn text(v: &str) -> Value {
    Value::Text(v.to_string().into())
}

// ---------------------------------------------------------------------------------------------
// Bad input: every case reports exactly what happened and reads the rest.

#[test]
fn truncated_shp_reads_the_records_before_the_cut() {
    let l = read("bad/shapefile/truncated.shp");
    assert_eq!(records(&l), [1, 2]);
    // The fixture script wrote 4 records: the .shx and the .dbf list them all, the .shp is cut
    // inside the third. The layer counts every record any part knows of.
    assert_eq!(l.source_records, 4);
    assert_diag(
        &l,
        Severity::Error,
        "truncated.shp",
        Some(3),
        "record truncated: its content needs 128 bytes but the file ends after 20; the .shp is cut short and the rest of the file is missing",
    );
    assert_diag(
        &l,
        Severity::Warning,
        "truncated.shp",
        None,
        "record counts disagree: .shp has 3, .shx has 4, .dbf has 4",
    );
    assert_diag(
        &l,
        Severity::Error,
        "truncated.dbf",
        None,
        "row 4 of the .dbf has no shape in the .shp",
    );
    assert_eq!(count_at_least(&l, Severity::Warning), 3, "{}", dump(&l));
}

#[test]
fn truncated_shp_without_shx_is_found_by_walking() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["shp", "dbf"] {
        std::fs::copy(
            testdata(&format!("bad/shapefile/truncated.{ext}")),
            dir.path().join(format!("t.{ext}")),
        )
        .unwrap();
    }
    let l = shapefile::read(&dir.path().join("t.shp"), &ReadOptions::default()).unwrap();
    assert_eq!(records(&l), [1, 2]);
    assert_diag(&l, Severity::Error, "t.shp", Some(3), "record truncated");
    assert_diag(
        &l,
        Severity::Warning,
        "t.shp",
        None,
        ".shp has 3, no .shx, .dbf has 4",
    );
}

#[test]
fn missing_shx_reads_sequentially() {
    let l = read("bad/shapefile/no_shx.shp");
    assert_eq!(records(&l), [1, 2, 3]);
    assert_diag(
        &l,
        Severity::Warning,
        "no_shx.shp",
        None,
        "no .shx: read sequentially without the index",
    );
    assert_eq!(count_at_least(&l, Severity::Warning), 1, "{}", dump(&l));
}

#[test]
fn missing_dbf_is_an_error_with_a_hint() {
    let path = testdata("bad/shapefile/no_dbf.shp");
    match shapefile::read(&path, &ReadOptions::default()) {
        Err(Error::MissingCompanion {
            path: p,
            what,
            hint,
        }) => {
            assert_eq!(p, path);
            assert!(what.contains(".dbf"), "{what}");
            assert_eq!(hint, "shapefiles need their .dbf; copy it next to the .shp");
        }
        other => panic!("want MissingCompanion, got {other:?}"),
    }
}

#[test]
fn record_counts_that_disagree_are_reported() {
    let l = read("bad/shapefile/count_mismatch.shp");
    assert_eq!(records(&l), [1, 2, 3]);
    assert_diag(
        &l,
        Severity::Warning,
        "count_mismatch.shp",
        None,
        "record counts disagree: .shp has 3, .shx has 3, .dbf has 2",
    );
    assert_diag(
        &l,
        Severity::Warning,
        "count_mismatch.dbf",
        Some(3),
        "no row in the .dbf: attributes are null",
    );
    assert_eq!(l.features[2].attributes, [Value::Null, Value::Null]);
    assert_eq!(l.features[2].id.bsm, None);

    let l = read("bad/shapefile/extra_dbf_rows.shp");
    assert_eq!(records(&l), [1, 2]);
    assert_diag(
        &l,
        Severity::Warning,
        "extra_dbf_rows.shp",
        None,
        ".shp has 2, .shx has 2, .dbf has 4",
    );
    assert_diag(
        &l,
        Severity::Error,
        "extra_dbf_rows.dbf",
        None,
        "rows 3..4 of the .dbf have no shape in the .shp: not read",
    );
}

#[test]
fn point_file_is_rejected_naming_the_type() {
    let path = testdata("bad/shapefile/points.shp");
    match shapefile::read(&path, &ReadOptions::default()) {
        Err(Error::Format { path: p, message }) => {
            assert_eq!(p, path);
            assert_eq!(
                message,
                "shape type 1 (Point): sanxian reads polygon layers only"
            );
        }
        other => panic!("want Format, got {other:?}"),
    }
}

#[test]
fn a_record_of_another_shape_type_is_skipped() {
    let l = read("bad/shapefile/mixed_types.shp");
    assert_eq!(records(&l), [1, 3]);
    assert_diag(
        &l,
        Severity::Error,
        "mixed_types.shp",
        Some(2),
        "shape type 3 (PolyLine) in a polygon file: skipped",
    );
    assert_eq!(l.source_records, 3);
}

#[test]
fn nan_and_infinite_coordinates_skip_the_record() {
    let l = read("bad/shapefile/nan_coords.shp");
    assert_eq!(records(&l), [1]);
    assert_diag(
        &l,
        Severity::Error,
        "nan_coords.shp",
        Some(2),
        "NaN coordinate at point 3 (part 1): skipped",
    );
    assert_diag(
        &l,
        Severity::Error,
        "nan_coords.shp",
        Some(3),
        "infinite coordinate at point 7 (part 2): skipped",
    );
}

#[test]
fn rings_with_fewer_than_four_points_are_dropped() {
    let l = read("bad/shapefile/short_ring.shp");
    assert_eq!(records(&l), [2, 3]);
    assert_diag(
        &l,
        Severity::Error,
        "short_ring.shp",
        Some(1),
        "ring 1 has 3 points (a ring needs at least 4): no ring left, skipped",
    );
    assert_diag(
        &l,
        Severity::Warning,
        "short_ring.shp",
        Some(2),
        "ring 2 has 3 points (a ring needs at least 4): ring dropped",
    );
    let g = &l.features[0].geometry;
    assert_eq!(g.0.len(), 1);
    assert!(g.0[0].interiors().is_empty());
}

#[test]
fn unclosed_rings_are_closed() {
    let l = read("bad/shapefile/unclosed_ring.shp");
    assert_eq!(records(&l), [1, 2, 3]);
    assert_diag(
        &l,
        Severity::Warning,
        "unclosed_ring.shp",
        Some(1),
        "ring 1 is not closed: closed it",
    );
    let ring = &l.features[0].geometry.0[0].exterior().0;
    assert_eq!(ring.len(), 5);
    assert_eq!(ring.first(), ring.last());
}

#[test]
fn null_shapes_are_skipped() {
    let l = read("bad/shapefile/null_shape.shp");
    assert_eq!(records(&l), [1, 3]);
    assert_diag(
        &l,
        Severity::Error,
        "null_shape.shp",
        Some(2),
        "empty geometry (null shape), skipped",
    );
    // Records keep their DBF rows: record 3 has row 3.
    assert_eq!(l.features[1].attributes, [Value::Integer(3), text("p3")]);
}

#[test]
fn undecodable_text_under_a_declared_encoding_is_replaced_and_reported() {
    let l = read("bad/shapefile/bad_text.shp");
    assert_eq!(l.encoding.as_deref(), Some("UTF-8 (from .cpg)"));
    assert_diag(
        &l,
        Severity::Warning,
        "bad_text.dbf",
        Some(2),
        "field NAME: bytes that are not valid UTF-8 (from .cpg): replaced with U+FFFD",
    );
    assert_eq!(l.features[0].attributes[1], text("城镇"));
    assert!(matches!(&l.features[1].attributes[1], Value::Text(s) if s.contains('\u{FFFD}')));
    assert_eq!(l.features[2].attributes[1], text("农田"));
}

#[test]
fn garbage_prj_means_unknown_crs() {
    let l = read("bad/shapefile/garbage_prj.shp");
    assert_eq!(l.crs, None);
    assert_eq!(l.crs_source, CrsSource::Unknown);
    assert_diag(
        &l,
        Severity::Warning,
        "garbage_prj.prj",
        None,
        "unknown CRS: ",
    );
    assert_eq!(l.features.len(), 3);
}

#[test]
fn no_prj_means_unknown_crs() {
    let l = read("bad/shapefile/no_prj.shp");
    assert_eq!(l.crs, None);
    assert_eq!(l.crs_source, CrsSource::Unknown);
    assert_diag(
        &l,
        Severity::Warning,
        "no_prj.shp",
        None,
        "no .prj: CRS unknown; state it with --crs",
    );
    // A stated CRS needs no .prj.
    let stated = ReadOptions {
        crs: Crs::from_epsg(4490),
        ..ReadOptions::default()
    };
    let l = read_with("bad/shapefile/no_prj.shp", &stated);
    assert_eq!(l.crs, Crs::from_epsg(4490));
    assert_eq!(l.crs_source, CrsSource::User);
    assert_eq!(count_at_least(&l, Severity::Warning), 0, "{}", dump(&l));
}

#[test]
fn an_index_that_disagrees_with_the_shp_is_not_used() {
    let l = read("bad/shapefile/bad_shx.shp");
    assert_eq!(records(&l), [1, 2, 3]);
    assert_eq!(l.features[1].attributes[1], text("p2"));
    assert_diag(
        &l,
        Severity::Warning,
        "bad_shx.shx",
        None,
        "the .shx index disagrees with the .shp (entries 2 and 3 point at overlapping records",
    );
}

#[test]
fn deleted_dbf_rows_keep_the_shape_with_null_attributes() {
    let l = read("bad/shapefile/deleted_row.shp");
    assert_eq!(records(&l), [1, 2, 3]);
    assert_eq!(l.features[1].attributes, [Value::Null, Value::Null]);
    assert_diag(
        &l,
        Severity::Warning,
        "deleted_row.dbf",
        Some(2),
        "the .dbf row is marked deleted: attributes read as null, the shape is kept",
    );
}

#[test]
fn record_numbers_out_of_sequence_are_reported() {
    let l = read("bad/shapefile/out_of_sequence.shp");
    assert_eq!(records(&l), [1, 2, 3]);
    assert_diag(
        &l,
        Severity::Warning,
        "out_of_sequence.shp",
        Some(2),
        "record number in the file is 5, expected 2: numbered by position",
    );
}

#[test]
fn values_that_do_not_parse_are_null_with_a_warning() {
    let l = read("bad/shapefile/bad_values.shp");
    let types: Vec<FieldType> = l.fields.iter().map(|f| f.field_type).collect();
    use FieldType::*;
    assert_eq!(types, [Integer, Real, Date, Boolean, Text]);
    assert_diag(
        &l,
        Severity::Warning,
        "bad_values.dbf",
        None,
        "field BZ has DBF type 'M' (memo), read as text",
    );
    for part in [
        "field BSM: 'abc' is not an integer: read as null",
        "field MJ: '1.2.3' is not a number: read as null",
        "field PZRQ: '20241345' is not a date",
        "field SFYX: 'X' is not a logical value",
    ] {
        assert_diag(&l, Severity::Warning, "bad_values.dbf", Some(2), part);
    }
    assert_eq!(
        l.features[0].attributes,
        [
            Value::Integer(1),
            Value::Real(12.5),
            Value::Date("2024-02-29".into()),
            Value::Boolean(true),
            text("1"),
        ]
    );
    assert!(l.features[1].attributes[..4]
        .iter()
        .all(|v| *v == Value::Null));
    // Blank, '*'-filled and zero dates are null without a warning.
    assert!(l.features[2].attributes.iter().all(|v| *v == Value::Null));
    assert!(!l.diagnostics.iter().any(|d| d.record == Some(3)));
}

#[test]
fn counter_clockwise_outer_rings_are_read_as_shells_with_a_warning() {
    let l = read("bad/shapefile/orientation.shp");
    assert_diag(
        &l,
        Severity::Warning,
        "orientation.shp",
        Some(1),
        "all 2 rings are counter-clockwise (holes by the specification): read each as an outer ring",
    );
    assert_diag(
        &l,
        Severity::Warning,
        "orientation.shp",
        Some(2),
        "ring 2 is counter-clockwise (a hole) but lies in no outer ring: read as an outer ring",
    );
    for f in &l.features[..2] {
        assert_eq!(f.geometry.0.len(), 2);
        assert!(f.geometry.0.iter().all(|p| p.interiors().is_empty()));
    }
}

#[test]
fn an_unknown_encoding_option_is_an_error() {
    let options = ReadOptions {
        encoding: Some("EBCDIC-klingon".into()),
        ..ReadOptions::default()
    };
    let r = shapefile::read(&testdata("shp/xzq_gbk.shp"), &options);
    assert!(
        matches!(r, Err(Error::UnknownEncoding(ref l)) if l == "EBCDIC-klingon"),
        "{r:?}"
    );
}

/// Cutting or damaging files anywhere never panics: every outcome is a layer or an error.
#[test]
fn damaged_bytes_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let shp = std::fs::read(testdata("shp/holes.shp")).unwrap();
    let shx = std::fs::read(testdata("shp/holes.shx")).unwrap();
    let dbf = std::fs::read(testdata("shp/holes.dbf")).unwrap();
    let path = dir.path().join("d.shp");
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut cases = Vec::new();
    for cut in (0..shp.len()).step_by(7) {
        cases.push((shp[..cut].to_vec(), shx.clone(), dbf.clone()));
    }
    for cut in (0..dbf.len()).step_by(5) {
        cases.push((
            shp.clone(),
            shx[..cut.min(shx.len())].to_vec(),
            dbf[..cut].to_vec(),
        ));
    }
    for _ in 0..300 {
        let (mut s, mut x, mut d) = (shp.clone(), shx.clone(), dbf.clone());
        for _ in 0..4 {
            let r = next();
            let target = match r % 3 {
                0 => &mut s,
                1 => &mut x,
                _ => &mut d,
            };
            if !target.is_empty() {
                let i = (r >> 8) as usize % target.len();
                target[i] = (r >> 40) as u8;
            }
        }
        cases.push((s, x, d));
    }
    for (s, x, d) in cases {
        std::fs::write(&path, s).unwrap();
        std::fs::write(path.with_extension("shx"), x).unwrap();
        std::fs::write(path.with_extension("dbf"), d).unwrap();
        let _ = shapefile::read(&path, &ReadOptions::default());
    }
}

// ---------------------------------------------------------------------------------------------
// Good files.

#[test]
fn gbk_attributes_declared_by_cpg() {
    let l = read("shp/xzq_gbk.shp");
    assert_eq!(l.name, "xzq_gbk");
    assert_eq!(l.kind, LayerKind::AdministrativeArea);
    assert_eq!(l.format, SourceFormat::Shapefile);
    assert_eq!(l.encoding.as_deref(), Some("GBK (from .cpg)"));
    assert_eq!(l.crs, Crs::from_epsg(4490));
    assert_eq!(l.crs_source, CrsSource::Wkt);
    assert_eq!(l.source_records, 2);
    let names: Vec<&str> = l.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["BSM", "XZQDM", "XZQMC", "MJ", "名称"]);
    assert_eq!(l.fields[3].field_type, FieldType::Real);
    assert_eq!(
        (l.fields[3].width, l.fields[3].decimals),
        (Some(18), Some(2))
    );
    assert_eq!(
        l.features[0].attributes,
        [
            Value::Integer(1),
            text("330110001"),
            text("余杭街道"),
            Value::Real(1234.5),
            text("甲"),
        ]
    );
    assert_eq!(l.features[1].attributes[2], text("仓前街道"));
    assert_eq!(l.features[0].id.to_string(), "xzq_gbk.shp#1 (BSM 1)");
    assert!(Arc::ptr_eq(
        &l.features[0].id.source,
        &l.features[1].id.source
    ));
    assert!(l.diagnostics.is_empty(), "{}", dump(&l));
}

#[test]
fn utf8_attributes_declared_by_cpg_with_dates_and_logicals() {
    let l = read("shp/czkfbj_utf8.shp");
    assert_eq!(l.kind, LayerKind::UrbanDevelopmentBoundary);
    assert_eq!(l.encoding.as_deref(), Some("UTF-8 (from .cpg)"));
    assert_eq!(
        l.features[0].attributes,
        [
            text("CZKFBJ0001"),
            text("城镇集中建设区"),
            Value::Date("2023-12-31".into()),
            Value::Boolean(true),
        ]
    );
    assert_eq!(l.features[1].attributes[2..], [Value::Null, Value::Null]);
    assert_eq!(l.features[1].id.bsm.as_deref(), Some("CZKFBJ0002"));
    assert!(l.diagnostics.is_empty(), "{}", dump(&l));
}

#[test]
fn chinese_file_name_with_gbk_from_the_language_driver_byte() {
    let l = read("shp/永久基本农田.shp");
    assert_eq!(l.name, "永久基本农田");
    assert_eq!(l.kind, LayerKind::PermanentBasicFarmland);
    assert_eq!(
        l.encoding.as_deref(),
        Some("GBK (from the DBF language driver byte 0x4D)")
    );
    assert_eq!(l.features[1].attributes[1], text("水浇地"));
    assert_eq!(&*l.features[1].id.source, "永久基本农田.shp");
    assert_eq!(l.features[1].id.bsm.as_deref(), Some("YJJBNT0002"));
    assert!(l.path.ends_with("永久基本农田.shp"));
    assert!(l.diagnostics.is_empty(), "{}", dump(&l));
    // The user's statement wins over the language byte.
    let stated = ReadOptions {
        encoding: Some("GB18030".into()),
        kind: Some(LayerKind::Plan),
        ..ReadOptions::default()
    };
    let l = read_with("shp/永久基本农田.shp", &stated);
    assert_eq!(l.encoding.as_deref(), Some("GB18030 (stated by the user)"));
    assert_eq!(l.kind, LayerKind::Plan);
    assert_eq!(l.features[0].attributes[1], text("水田"));
}

#[test]
fn polygon_z_drops_z_with_one_warning() {
    let l = read("shp/polygonz.shp");
    assert_eq!(l.crs, Crs::from_epsg(4527));
    assert_diag(
        &l,
        Severity::Warning,
        "polygonz.shp",
        None,
        "shape type PolygonZ: Z values dropped (sanxian works in 2D)",
    );
    assert_eq!(l.diagnostics.len(), 1, "{}", dump(&l));
    let ring = &l.features[0].geometry.0[0].exterior().0;
    assert_eq!(ring.len(), 5);
    assert_eq!(
        ring[0],
        Coord {
            x: 39_500_000.0,
            y: 3_300_000.0
        }
    );
}

#[test]
fn holes_go_to_the_smallest_shell_containing_them() {
    let l = read("shp/holes.shp");
    assert!(l.diagnostics.is_empty(), "{}", dump(&l));
    let (x0, y0) = (39_500_000.0, 3_300_000.0);
    let first = |p: &Polygon<f64>| p.exterior().0[0];
    let hole_first =
        |p: &Polygon<f64>| -> Vec<Coord<f64>> { p.interiors().iter().map(|r| r.0[0]).collect() };
    // Record 1: outer with a lake, an island in the lake with a pond, a separate square.
    let g = &l.features[0].geometry;
    assert_eq!(g.0.len(), 3);
    // Vertex order as in the file (clockwise squares start at their lower-left corner).
    assert_eq!(first(&g.0[0]), Coord { x: x0, y: y0 });
    assert_eq!(
        hole_first(&g.0[0]),
        [Coord {
            x: x0 + 20.0,
            y: y0 + 20.0
        }]
    );
    assert_eq!(
        first(&g.0[1]),
        Coord {
            x: x0 + 30.0,
            y: y0 + 30.0
        }
    );
    assert_eq!(
        hole_first(&g.0[1]),
        [Coord {
            x: x0 + 40.0,
            y: y0 + 40.0
        }]
    );
    assert_eq!(
        first(&g.0[2]),
        Coord {
            x: x0 + 200.0,
            y: y0
        }
    );
    assert!(g.0[2].interiors().is_empty());
    // Record 2: hole, shell, hole in the file; both holes belong to the shell.
    let g = &l.features[1].geometry;
    assert_eq!(g.0.len(), 1);
    assert_eq!(
        hole_first(&g.0[0]),
        [
            Coord {
                x: x0 + 310.0,
                y: y0 + 10.0
            },
            Coord {
                x: x0 + 330.0,
                y: y0 + 30.0
            }
        ]
    );
}

#[test]
fn companions_are_found_case_insensitively() {
    let l = read("shp/case/FOO.SHP");
    assert_eq!(l.features.len(), 3);
    assert_eq!(l.features[2].attributes, [Value::Integer(3), text("p3")]);
    assert_eq!(l.encoding.as_deref(), Some("UTF-8 (from .cpg)"));
    assert_eq!(l.crs, Crs::from_epsg(4490));
    assert!(l.diagnostics.is_empty(), "{}", dump(&l));
}

#[test]
fn undeclared_gbk_is_detected_in_the_committed_geotools_fixture() {
    let l = read("shp/geotools_chinese_poly/chinese_poly.shp");
    assert_eq!(l.encoding.as_deref(), Some("GBK (detected)"));
    assert_diag(
        &l,
        Severity::Warning,
        "chinese_poly.dbf",
        None,
        "no .cpg or language byte declares the encoding: detected GBK",
    );
    let name = l.field_index("NAME").unwrap();
    assert_eq!(l.features[0].attributes[name], text("黑龙江省"));
    assert_eq!(l.features[0].attributes[0], Value::Integer(230000));
    assert_eq!(l.vertex_count(), 77);
    // Stating a wrong encoding is obeyed and reported.
    let utf8 = ReadOptions {
        encoding: Some("UTF-8".into()),
        ..ReadOptions::default()
    };
    let l = read_with("shp/geotools_chinese_poly/chinese_poly.shp", &utf8);
    assert_diag(
        &l,
        Severity::Warning,
        "chinese_poly.dbf",
        Some(1),
        "field NAME: bytes that are not valid UTF-8 (stated by the user)",
    );
}

#[test]
fn a_stated_crs_overrides_the_prj_with_a_warning_and_eastings_are_checked() {
    let stated = ReadOptions {
        crs: Crs::from_epsg(4548), // CGCS2000 3° CM 117E: no zone prefix
        ..ReadOptions::default()
    };
    let l = read_with("shp/holes.shp", &stated);
    assert_eq!(l.crs, Crs::from_epsg(4548));
    assert_eq!(l.crs_source, CrsSource::User);
    assert_diag(
        &l,
        Severity::Warning,
        "holes.prj",
        None,
        "the .prj says EPSG:4527",
    );
    assert_diag(
        &l,
        Severity::Warning,
        "holes.shp",
        None,
        "the eastings carry zone prefix 39",
    );
}

// ---------------------------------------------------------------------------------------------
// Round trips.

fn ring(pts: &[(f64, f64)]) -> LineString<f64> {
    LineString(pts.iter().map(|&(x, y)| Coord { x, y }).collect())
}

/// A closed square; clockwise is the shapefile's outer-ring orientation.
fn square(x: f64, y: f64, s: f64, clockwise: bool) -> LineString<f64> {
    let mut pts = vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)];
    if clockwise {
        pts.reverse();
    }
    ring(&pts)
}

fn sample_layer() -> Layer {
    let (x0, y0) = (39_512_345.678_9, 3_312_345.012_3);
    let source: Arc<str> = Arc::from("sample");
    let fields = vec![
        Field::new("BSM", FieldType::Text),
        Field::new("DLMC", FieldType::Text),
        Field::new("TBBH", FieldType::Integer),
        Field::new("MJ", FieldType::Real),
        Field::new("SFYX", FieldType::Boolean),
        Field::new("PZRQ", FieldType::Date),
        Field::new("地类", FieldType::Text),
    ];
    let geometries = [
        // Two parts: a square with a hole, and an island with a pond inside another lake.
        MultiPolygon(vec![
            Polygon::new(
                square(x0, y0, 100.0, true),
                vec![square(x0 + 10.0, y0 + 10.0, 30.0, false)],
            ),
            Polygon::new(square(x0 + 500.0, y0, 0.123_456_789, true), vec![]),
        ]),
        MultiPolygon(vec![Polygon::new(
            ring(&[
                (x0, y0),
                (x0 + 0.5, y0 + 70.25),
                (x0 + 80.125, y0 + 60.0),
                (x0, y0),
            ]),
            vec![],
        )]),
        MultiPolygon(vec![Polygon::new(
            square(x0 - 1000.0, y0 - 1000.0, 50.0, true),
            vec![
                square(x0 - 990.0, y0 - 990.0, 5.0, false),
                square(x0 - 970.0, y0 - 970.0, 5.0, false),
            ],
        )]),
    ];
    let rows = [
        vec![
            text("330110001"),
            text("水田"),
            Value::Integer(1),
            Value::Real(6_666.666_666_666_667),
            Value::Boolean(true),
            Value::Date("2023-12-31".into()),
            text("耕地"),
        ],
        vec![
            text("330110002"),
            text("旱地 (dry land)"),
            Value::Integer(-42),
            Value::Real(0.1),
            Value::Boolean(false),
            Value::Null,
            text("园地"),
        ],
        vec![
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null,
        ],
    ];
    let features = geometries
        .into_iter()
        .zip(rows)
        .enumerate()
        .map(|(i, (geometry, attributes))| Feature {
            id: FeatureId {
                source: Arc::clone(&source),
                record: i as u64 + 1,
                bsm: None,
            },
            geometry,
            attributes,
        })
        .collect();
    Layer {
        name: "sample".into(),
        kind: LayerKind::PermanentBasicFarmland,
        crs: Crs::from_epsg(4527),
        crs_source: CrsSource::User,
        fields,
        features,
        format: SourceFormat::Shapefile,
        path: String::new(),
        encoding: None,
        diagnostics: Vec::new(),
        source_records: 3,
    }
}

fn round_trip(encoding: &str, want_label: &str, want_cpg: &str, want_ldid: u8) {
    let layer = sample_layer();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("样本.shp");
    shapefile::write(&layer, &path, encoding).unwrap();
    assert_eq!(
        std::fs::read_to_string(path.with_extension("cpg")).unwrap(),
        want_cpg
    );
    let dbf = std::fs::read(path.with_extension("dbf")).unwrap();
    assert_eq!(dbf[29], want_ldid);
    let back = shapefile::read(&path, &ReadOptions::default()).unwrap();
    assert_eq!(back.encoding.as_deref(), Some(want_label));
    assert_eq!(back.features.len(), 3);
    for (a, b) in layer.features.iter().zip(&back.features) {
        assert_eq!(a.geometry, b.geometry, "record {}", b.id.record);
        assert_eq!(a.attributes, b.attributes, "record {}", b.id.record);
    }
    let fields: Vec<(&str, FieldType)> = back
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.field_type))
        .collect();
    let want: Vec<(&str, FieldType)> = layer
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.field_type))
        .collect();
    assert_eq!(fields, want);
    assert_eq!(back.features[0].id.bsm.as_deref(), Some("330110001"));
    assert_eq!(back.crs, layer.crs);
    assert!(back.diagnostics.is_empty(), "{}", dump(&back));
}

#[test]
fn round_trip_gbk() {
    round_trip("GBK", "GBK (from .cpg)", "GBK", 0x4D);
}

#[test]
fn round_trip_utf8() {
    round_trip("utf8", "UTF-8 (from .cpg)", "UTF-8", 0);
}

#[test]
fn writing_fixes_ring_orientation() {
    let mut layer = sample_layer();
    // Outer ring counter-clockwise, hole clockwise: the opposite of the specification.
    layer.features[0].geometry = MultiPolygon(vec![Polygon::new(
        square(0.0, 0.0, 10.0, false),
        vec![square(2.0, 2.0, 2.0, true)],
    )]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.shp");
    shapefile::write(&layer, &path, "UTF-8").unwrap();
    let back = shapefile::read(&path, &ReadOptions::default()).unwrap();
    let p = &back.features[0].geometry.0[0];
    let mut reversed = square(0.0, 0.0, 10.0, false).0;
    reversed.reverse();
    assert_eq!(p.exterior().0, reversed);
    let mut hole = square(2.0, 2.0, 2.0, true).0;
    hole.reverse();
    assert_eq!(p.interiors()[0].0, hole);
}

#[test]
fn a_read_layer_writes_back_identically() {
    let layer = read("shp/xzq_gbk.shp");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xzq.shp");
    shapefile::write(&layer, &path, "GBK").unwrap();
    let back = shapefile::read(&path, &ReadOptions::default()).unwrap();
    assert_eq!(back.fields, layer.fields);
    for (a, b) in layer.features.iter().zip(&back.features) {
        assert_eq!(a.geometry, b.geometry);
        assert_eq!(a.attributes, b.attributes);
    }
}

#[test]
fn unwritable_data_is_refused_before_any_file_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.shp");
    let mut layer = sample_layer();
    layer.features[1].attributes[1] = text("emoji 😀 in GBK");
    let err = shapefile::write(&layer, &path, "GBK")
        .unwrap_err()
        .to_string();
    assert!(err.contains("sample#2"), "{err}");
    assert!(
        err.contains("DLMC") && err.contains("GBK cannot encode ('😀')"),
        "{err}"
    );
    assert!(!path.exists());

    let mut layer = sample_layer();
    layer.fields[1].name = "ELEVENBYTES".into();
    let err = shapefile::write(&layer, &path, "GBK")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("field name 'ELEVENBYTES' is 11 bytes"),
        "{err}"
    );
    assert!(!path.exists());

    let mut layer = sample_layer();
    layer.features[0].attributes[2] = text("not a number");
    let err = shapefile::write(&layer, &path, "GBK")
        .unwrap_err()
        .to_string();
    assert!(err.contains("sample#1 field TBBH"), "{err}");
    assert!(!path.exists());

    let err = shapefile::write(&sample_layer(), &path, "klingon").unwrap_err();
    assert!(matches!(err, Error::UnknownEncoding(_)));
}

// ---------------------------------------------------------------------------------------------
// Real data (../shared/realdata), skipped when absent.

/// Oracle: GDAL 3.12 through pyogrio 0.13 + shapely 2.2 (and ../shared/realdata/SOURCES.md):
/// 250 features, 4254 polygon parts, 18 holes, 547 488 vertices counting every ring's closing
/// point, as shapefiles store them and `Layer::vertex_count` counts. Our per-polygon hole
/// counts, vertex counts and areas were also compared with shapely's, feature by feature: equal.
#[test]
fn natural_earth_countries() {
    let Some(path) = realdata("ne_10m_admin0_countries/ne_10m_admin_0_countries_deu.shp") else {
        return;
    };
    let l = shapefile::read(&path, &ReadOptions::default()).unwrap();
    assert_eq!(l.features.len(), 250);
    let parts: usize = l.features.iter().map(|f| f.geometry.0.len()).sum();
    let holes: usize = l
        .features
        .iter()
        .flat_map(|f| f.geometry.0.iter())
        .map(|p| p.interiors().len())
        .sum();
    assert_eq!((parts, holes, l.vertex_count()), (4254, 18, 547_488));
    // No .cpg, language byte 0, UTF-8 text: detected (GDAL would guess ISO-8859-1).
    assert_eq!(l.encoding.as_deref(), Some("UTF-8 (detected)"));
    let zh = l.field_index("NAME_ZH").unwrap();
    let names: Vec<&str> = l.features[..3]
        .iter()
        .filter_map(|f| f.attributes[zh].as_str())
        .collect();
    assert_eq!(names, ["印度尼西亚", "马来西亚", "智利"]);
    assert_eq!(count_at_least(&l, Severity::Error), 0, "{}", dump(&l));
}

#[test]
fn geotools_chinese_poly_gbk_without_declaration() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/realdata/geotools_chinese_poly/chinese_poly.shp");
    let l = shapefile::read(&path, &ReadOptions::default()).unwrap();
    assert_eq!(l.encoding.as_deref(), Some("GBK (detected)"));
    let name = l.field_index("NAME").unwrap();
    assert_eq!(l.features[0].attributes[name], text("黑龙江省"));
}

// ---------------------------------------------------------------------------------------------
// Index and walk disagreeing, made from a good fixture.

fn copy_fixture(rel_stem: &str, dir: &Path, stem: &str) -> PathBuf {
    for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
        let from = testdata(&format!("{rel_stem}.{ext}"));
        if from.exists() {
            std::fs::copy(&from, dir.join(format!("{stem}.{ext}"))).unwrap();
        }
    }
    dir.join(format!("{stem}.shp"))
}

#[test]
fn junk_between_records_is_skipped_through_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture("bad/shapefile/no_prj", dir.path(), "j");
    let shp = std::fs::read(&path).unwrap();
    let mut shx = std::fs::read(path.with_extension("shx")).unwrap();
    // Record 1 ends where record 2 starts (the offset in .shx entry 2).
    let at = 2 * u32::from_be_bytes(shx[108..112].try_into().unwrap()) as usize;
    let mut damaged = shp[..at].to_vec();
    damaged.extend([0u8; 16]);
    damaged.extend(&shp[at..]);
    for entry in [1usize, 2] {
        let o = 100 + 8 * entry;
        let words = u32::from_be_bytes(shx[o..o + 4].try_into().unwrap()) + 8;
        shx[o..o + 4].copy_from_slice(&words.to_be_bytes());
    }
    let len = (damaged.len() / 2) as u32;
    damaged[24..28].copy_from_slice(&len.to_be_bytes());
    std::fs::write(&path, &damaged).unwrap();
    std::fs::write(path.with_extension("shx"), &shx).unwrap();
    let l = shapefile::read(&path, &ReadOptions::default()).unwrap();
    assert_eq!(records(&l), [1, 2, 3]);
    assert_eq!(l.features[2].attributes[1], text("p3"));
    assert_diag(
        &l,
        Severity::Info,
        "j.shp",
        None,
        "the .shp holds bytes between records that are not records: read through the .shx index",
    );
}

#[test]
fn a_stale_index_is_overruled_when_the_dbf_sides_with_the_shp() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture("bad/shapefile/no_prj", dir.path(), "s");
    let shx = std::fs::read(path.with_extension("shx")).unwrap();
    std::fs::write(path.with_extension("shx"), &shx[..116]).unwrap();
    let l = shapefile::read(&path, &ReadOptions::default()).unwrap();
    assert_eq!(records(&l), [1, 2, 3]);
    assert_diag(
        &l,
        Severity::Warning,
        "s.shx",
        None,
        "the .shx lists 2 records but the .shp holds 3, as many as the .dbf rows: read the .shp sequentially",
    );
    assert_diag(
        &l,
        Severity::Warning,
        "s.shp",
        None,
        "record counts disagree: .shp has 3, .shx has 2, .dbf has 3",
    );
}
