//! WKT recognition (`prj::parse`) on committed `.prj` fixtures, and `prj::to_esri_wkt` against
//! PROJ's ESRI WKT of every EPSG code sanxian knows.
//!
//! Fixtures: `testdata/crs/`, see `testdata/README.md` for how each was made.

use sanxian_io::prj::{self, Recognised};
use sanxian_types::{Crs, Datum, GkZone, ZoneWidth};

fn fixture(name: &str) -> String {
    let path = format!("{}/../../testdata/crs/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse_fixture(name: &str) -> Recognised {
    prj::parse(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn epsg(code: u32) -> Crs {
    Crs::from_epsg(code).expect("known code")
}

/// Fixtures that must be recognised as exactly this EPSG CRS, without notes.
#[test]
fn recognises_every_flavour_without_notes() {
    let cases = [
        ("esri_cgcs2000_3_degree_gk_zone_39.prj", 4527),
        ("esri_cgcs2000_3_degree_gk_cm_117e.prj", 4548),
        ("esri_cgcs2000_gk_zone_19.prj", 4497),
        ("esri_xian_1980_3_degree_gk_zone_39.prj", 2363),
        ("esri_beijing_1954_3_degree_gk_cm_117e.prj", 2436),
        ("esri_gcs_wgs_1984.prj", 4326),
        ("ogc_wkt1_gdal_epsg4527.prj", 4527),
        ("ogc_wkt1_gdal_epsg4490.prj", 4490),
        ("ogc_wkt1_gdal_epsg4509.prj", 4509),
        ("ogc_wkt1_gdal_epsg2436.prj", 2436),
        ("wkt2_2019_epsg4527.prj", 4527),
        ("wkt2_2019_epsg4490.prj", 4490),
        ("wkt2_2019_epsg4326.prj", 4326),
        ("geotools_chinese_poly.prj", 4326),
    ];
    for (file, code) in cases {
        let r = parse_fixture(file);
        assert_eq!(r.crs, epsg(code), "{file}");
        assert_eq!(r.crs.epsg(), Some(code), "{file}");
        assert!(r.notes.is_empty(), "{file}: {:?}", r.notes);
    }
}

#[test]
fn unprefixed_cm_117_width_comes_from_name_or_code() {
    // Same parameters, different EPSG codes: the 3-degree name and the 6° code decide.
    let three = parse_fixture("esri_cgcs2000_3_degree_gk_cm_117e.prj").crs;
    let six = parse_fixture("ogc_wkt1_gdal_epsg4509.prj").crs;
    assert_eq!(three.epsg(), Some(4548));
    assert_eq!(six.epsg(), Some(4509));
    // A name that says nothing: 3°, with a note.
    let wkt = fixture("esri_cgcs2000_3_degree_gk_cm_117e.prj")
        .replace("CGCS2000_3_Degree_GK_CM_117E", "Custom");
    let r = prj::parse(&wkt).unwrap();
    assert_eq!(r.crs.epsg(), Some(4548));
    assert!(
        r.notes.iter().any(|n| n.contains("3° assumed")),
        "{:?}",
        r.notes
    );
}

#[test]
fn mislabelled_zone_is_read_by_parameters() {
    let r = parse_fixture("esri_mislabelled_zone_38.prj");
    assert_eq!(r.crs, epsg(4527));
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
    let note = &r.notes[0];
    assert!(
        note.contains("says zone 38") && note.contains("parameters say zone 39"),
        "{note}"
    );
}

#[test]
fn authority_code_is_only_a_cross_check() {
    // OGC WKT1 of EPSG:4527 with its false easting changed to zone 40's and the CM to 120°E.
    let wkt = fixture("ogc_wkt1_gdal_epsg4527.prj")
        .replace("\"false_easting\",39500000", "\"false_easting\",40500000")
        .replace("\"central_meridian\",117", "\"central_meridian\",120");
    let r = prj::parse(&wkt).unwrap();
    assert_eq!(r.crs, epsg(4528));
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("EPSG:4527") && n.contains("using the parameters")),
        "{:?}",
        r.notes
    );
    // Name says zone 39 too.
    assert!(
        r.notes.iter().any(|n| n.contains("says zone 39")),
        "{:?}",
        r.notes
    );
}

#[test]
fn parameters_decide_the_datum_not_names() {
    // CGCS2000-named GCS with WGS84's flattening is WGS84, with a note.
    let wkt =
        fixture("esri_cgcs2000_3_degree_gk_zone_39.prj").replace("298.257222101", "298.257223563");
    let r = prj::parse(&wkt).unwrap();
    assert_eq!(r.crs.datum(), Datum::Wgs84);
    assert!(
        r.notes.iter().any(|n| n.contains("D_China_2000")),
        "{:?}",
        r.notes
    );
    assert_eq!(r.crs.epsg(), None);
}

#[test]
fn refuses_what_it_cannot_represent() {
    let lambert = prj::parse(&fixture("esri_lambert_cgcs2000.prj")).unwrap_err();
    assert!(
        lambert.contains("projection Lambert_Conformal_Conic is not Gauss-Krüger"),
        "{lambert}"
    );
    let truncated = prj::parse(&fixture("garbage_truncated.prj")).unwrap_err();
    assert!(truncated.contains("WKT ends early"), "{truncated}");
    let cases = [
        ("", "empty"),
        ("this is not a projection file", "not WKT"),
        ("PROJCS[\"x\"", "unclosed"),
        (
            r#"GEOGCS["GCS_North_American_1927",DATUM["D_North_American_1927",SPHEROID["Clarke_1866",6378206.4,294.9786982]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#,
            "ellipsoid Clarke_1866 (a = 6378206.4 m, 1/f = 294.9786982) is not",
        ),
    ];
    for (wkt, want) in cases {
        let e = prj::parse(wkt).unwrap_err();
        assert!(e.contains(want), "{wkt:?}: {e}");
    }
    // Feet and a non-zero latitude of origin.
    let feet = fixture("esri_cgcs2000_3_degree_gk_zone_39.prj").replace(
        "UNIT[\"Meter\",1.0]",
        "UNIT[\"Foot_US\",0.3048006096012192]",
    );
    let e = prj::parse(&feet).unwrap_err();
    assert!(
        e.contains("linear unit Foot_US") && e.contains("not the metre"),
        "{e}"
    );
    let lat0 = fixture("esri_cgcs2000_3_degree_gk_zone_39.prj")
        .replace("\"Latitude_Of_Origin\",0.0", "\"Latitude_Of_Origin\",30.0");
    let e = prj::parse(&lat0).unwrap_err();
    assert!(e.contains("latitude of origin 30"), "{e}");
}

#[test]
fn round_brackets_towgs84_and_whitespace() {
    let wkt = r#"
      PROJCS("Xian 1980 / 3-degree Gauss-Kruger zone 39",
        GEOGCS("Xian 1980",
          DATUM("Xian_1980", SPHEROID("IAG 1975", 6378140, 298.257, AUTHORITY("EPSG","7049")),
                TOWGS84(24, -123, -94, 0.02, -0.25, -0.13, 1.1), AUTHORITY("EPSG","6610")),
          PRIMEM("Greenwich", 0), UNIT("degree", 0.0174532925199433), AUTHORITY("EPSG","4610")),
        PROJECTION("Transverse_Mercator"),
        PARAMETER("latitude_of_origin", 0), PARAMETER("central_meridian", 117),
        PARAMETER("scale_factor", 1), PARAMETER("false_easting", 39500000),
        PARAMETER("false_northing", 0),
        UNIT("metre", 1, AUTHORITY("EPSG","9001")),
        AXIS("Easting", EAST), AXIS("Northing", NORTH),
        AUTHORITY("EPSG","2363"))
    "#;
    let r = prj::parse(wkt).unwrap();
    assert_eq!(r.crs, epsg(2363));
    assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
    assert!(r.notes[0].contains("TOWGS84 shift"), "{:?}", r.notes);
    // Quoted names with brackets, commas and doubled quotes do not confuse the tree.
    let wkt = fixture("esri_gcs_wgs_1984.prj").replace("GCS_WGS_1984", r#"a [tricky], ""name"" ("#);
    assert_eq!(prj::parse(&wkt).unwrap().crs, Crs::WGS84);
}

#[test]
fn non_gauss_kruger_transverse_mercator_is_kept_with_a_note() {
    // UTM zone 50N on WGS84: transverse Mercator with k = 0.9996.
    let wkt = r#"PROJCS["WGS_1984_UTM_Zone_50N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
    let r = prj::parse(wkt).unwrap();
    let Crs::GaussKruger { datum, zone } = r.crs else {
        panic!("{:?}", r.crs)
    };
    assert_eq!(datum, Datum::Wgs84);
    assert_eq!((zone.central_meridian, zone.scale_factor), (117.0, 0.9996));
    assert_eq!(zone.width, None);
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("not a Gauss-Krüger zone")),
        "{:?}",
        r.notes
    );
}

fn esri_oracle() -> Vec<(u32, String)> {
    fixture("epsg_esri_wkt.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let (code, wkt) = l.split_once('\t').expect("tab");
            (code.parse().expect("code"), wkt.to_string())
        })
        .collect()
}

#[test]
fn esri_wkt_is_what_arcgis_writes_for_every_code() {
    let oracle = esri_oracle();
    assert_eq!(oracle.len(), 196);
    for (code, want) in oracle {
        assert_eq!(prj::to_esri_wkt(&epsg(code)), want, "EPSG:{code}");
    }
    // The example of the brief, verbatim.
    assert_eq!(
        prj::to_esri_wkt(&epsg(4527)),
        r#"PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#
    );
}

#[test]
fn esri_wkt_round_trips_for_every_code() {
    let ranges = [
        4490..=4490,
        4326..=4326,
        4610..=4610,
        4214..=4214,
        4491..=4554,
        2327..=2390,
        2401..=2442,
        21413..=21423,
        21453..=21463,
    ];
    let mut n = 0;
    for code in ranges.into_iter().flatten() {
        let crs = epsg(code);
        let wkt = prj::to_esri_wkt(&crs);
        let r = prj::parse(&wkt).unwrap_or_else(|e| panic!("EPSG:{code}: {e}\n{wkt}"));
        assert_eq!(r.crs, crs, "EPSG:{code}: {wkt}");
        assert!(r.notes.is_empty(), "EPSG:{code}: {:?}", r.notes);
        n += 1;
    }
    assert_eq!(n, 196);
}

#[test]
fn non_epsg_zones_round_trip() {
    let zones = [
        Crs::GaussKruger {
            datum: Datum::Wgs84,
            zone: GkZone::three_degree_prefixed(39),
        },
        Crs::GaussKruger {
            datum: Datum::Cgcs2000,
            zone: GkZone {
                central_meridian: 114.5,
                width: None,
                ..GkZone::three_degree_cm(114.5)
            },
        },
        Crs::GaussKruger {
            datum: Datum::Cgcs2000,
            zone: GkZone {
                scale_factor: 0.9996,
                width: None,
                ..GkZone::three_degree_cm(117.0)
            },
        },
    ];
    for crs in zones {
        let wkt = prj::to_esri_wkt(&crs);
        assert_eq!(prj::parse(&wkt).unwrap().crs, crs, "{wkt}");
    }
    let six = GkZone::six_degree_prefixed(20);
    assert_eq!(six.width, Some(ZoneWidth::Six));
}
