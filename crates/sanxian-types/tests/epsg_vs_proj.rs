//! Every EPSG code of `Crs::from_epsg` against PROJ's EPSG database.
//!
//! Oracle: `testdata/crs/epsg_params.csv`, made by `scripts/make_crs_reference.py`.

use sanxian_types::{Crs, Datum, Ellipsoid};

struct Row {
    epsg: u32,
    projected: bool,
    /// lat_0, lon_0, k, x_0, y_0 (projected CRSs only).
    tm: Option<[f64; 5]>,
    a: f64,
    rf: f64,
    name: String,
}

fn rows() -> Vec<Row> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/crs/epsg_params.csv"
    );
    let text = std::fs::read_to_string(path).expect("read epsg_params.csv");
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    assert_eq!(
        lines.next(),
        Some("epsg,kind,lat_0,lon_0,k,x_0,y_0,a,rf,name")
    );
    lines
        .map(|line| {
            let f: Vec<&str> = line.splitn(10, ',').collect();
            assert_eq!(f.len(), 10, "{line}");
            let num = |s: &str| s.parse::<f64>().expect(line);
            let projected = f[1] == "projected";
            Row {
                epsg: f[0].parse().expect(line),
                projected,
                tm: projected.then(|| [num(f[2]), num(f[3]), num(f[4]), num(f[5]), num(f[6])]),
                a: num(f[7]),
                rf: num(f[8]),
                name: f[9].to_string(),
            }
        })
        .collect()
}

#[test]
fn every_code_matches_proj() {
    let rows = rows();
    assert_eq!(rows.len(), 4 + 64 + 64 + 42 + 22);
    for row in &rows {
        let crs = Crs::from_epsg(row.epsg)
            .unwrap_or_else(|| panic!("EPSG:{} ({}) unknown to sanxian", row.epsg, row.name));
        let ctx = format!("EPSG:{} ({}) vs sanxian {}", row.epsg, row.name, crs.name());
        let e = crs.ellipsoid();
        assert_eq!(e.a, row.a, "{ctx}: a");
        assert!(
            (e.inv_f - row.rf).abs() < 1e-9,
            "{ctx}: 1/f {} vs {}",
            e.inv_f,
            row.rf
        );
        assert_eq!(crs.is_projected(), row.projected, "{ctx}");
        if let (Crs::GaussKruger { zone, .. }, Some([lat_0, lon_0, k, x_0, y_0])) = (crs, row.tm) {
            assert_eq!(lat_0, 0.0, "{ctx}: latitude of origin");
            assert_eq!(zone.central_meridian, lon_0, "{ctx}: central meridian");
            assert_eq!(zone.scale_factor, k, "{ctx}: scale factor");
            assert_eq!(zone.false_easting, x_0, "{ctx}: false easting");
            assert_eq!(zone.false_northing, y_0, "{ctx}: false northing");
        }
        // The name sanxian gives must be PROJ's, so that reports and EPSG agree.
        let datum_name = match crs.datum() {
            Datum::Cgcs2000 => "CGCS2000",
            Datum::Wgs84 => "WGS 84",
            Datum::Xian1980 => "Xian 1980",
            Datum::Beijing1954 => "Beijing 1954",
        };
        if row.projected {
            let ours = crs.name().replacen(crs.datum().name(), datum_name, 1);
            assert_eq!(ours, row.name, "{ctx}: name");
        }
        // And the code goes back to itself.
        assert_eq!(crs.epsg(), Some(row.epsg), "{ctx}");
    }
}

#[test]
fn ellipsoids_are_the_epsg_ones() {
    // The geographic CRSs carry each datum's ellipsoid; CGCS2000 is not WGS84.
    let rows = rows();
    let find = |code| rows.iter().find(|r| r.epsg == code).expect("code in csv");
    for (code, ell) in [
        (4490, Ellipsoid::CGCS2000),
        (4326, Ellipsoid::WGS84),
        (4610, Ellipsoid::XIAN1980),
        (4214, Ellipsoid::KRASSOWSKY),
    ] {
        let r = find(code);
        assert!(!r.projected);
        assert!(
            ell.same_as(&Ellipsoid {
                name: "",
                a: r.a,
                inv_f: r.rf
            }),
            "EPSG:{code}"
        );
        assert_eq!(
            Datum::from_ellipsoid(r.a, r.rf).map(|d| d.geographic_epsg()),
            Some(code)
        );
    }
}
