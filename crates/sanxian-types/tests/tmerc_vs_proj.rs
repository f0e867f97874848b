//! Gauss-Krüger forward and inverse against PROJ on whole zones.
//!
//! Oracle: `testdata/crs/tmerc_reference.csv`, made by `scripts/make_tmerc_reference.py`
//! (PROJ's `tmerc`, the exact Poder/Engsager algorithm): points at 18°–54°N across four zones
//! and half a degree past their edges.

use sanxian_types::{Crs, TransverseMercator};

/// Forward tolerance, metres.
const FORWARD_M: f64 = 1e-6;
/// Inverse tolerance, degrees (1e-9° ≈ 0.1 mm).
const INVERSE_DEG: f64 = 1e-9;

fn projection(epsg: u32) -> TransverseMercator {
    match Crs::from_epsg(epsg) {
        Some(Crs::GaussKruger { datum, zone }) => zone.projection(&datum.ellipsoid()),
        other => panic!("EPSG:{epsg} is not Gauss-Krüger: {other:?}"),
    }
}

#[test]
fn forward_and_inverse_agree_with_proj() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/crs/tmerc_reference.csv"
    );
    let text = std::fs::read_to_string(path).expect("read tmerc_reference.csv");
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    assert_eq!(lines.next(), Some("epsg,lon,lat,x,y"));
    let (mut n, mut max_fwd, mut max_inv) = (0, 0.0f64, 0.0f64);
    let mut codes = std::collections::BTreeSet::new();
    for line in lines {
        let f: Vec<f64> = line.split(',').map(|s| s.parse().expect(line)).collect();
        let [code, lon, lat, x, y] = f[..] else {
            panic!("bad line {line}")
        };
        let code = code as u32;
        codes.insert(code);
        let tm = projection(code);
        let (px, py) = tm.forward(lon, lat);
        let fwd = (px - x).abs().max((py - y).abs());
        assert!(
            fwd < FORWARD_M,
            "EPSG:{code} forward({lon}, {lat}) = ({px}, {py}), PROJ ({x}, {y}): {fwd:e} m"
        );
        let (plon, plat) = tm.inverse(x, y);
        let inv = (plon - lon).abs().max((plat - lat).abs());
        assert!(
            inv < INVERSE_DEG,
            "EPSG:{code} inverse({x}, {y}) = ({plon}, {plat}), want ({lon}, {lat}): {inv:e}°"
        );
        max_fwd = max_fwd.max(fwd);
        max_inv = max_inv.max(inv);
        n += 1;
    }
    assert_eq!(n, 1996, "every reference point of tmerc_reference.csv");
    assert_eq!(
        codes.into_iter().collect::<Vec<_>>(),
        [2363, 4497, 4527, 4548]
    );
    eprintln!("{n} points: max forward error {max_fwd:.3e} m, max inverse error {max_inv:.3e}°");
}
