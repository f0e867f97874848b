//! Areas of committed EPSG:4527 polygons against GeographicLib as PROJ runs it (pyproj) and
//! shapely's planar area: `testdata/area/reference.csv`, made by
//! `scripts/make_area_reference.py` (see `testdata/README.md`).

mod common;

use std::collections::HashMap;

use sanxian_area::{AreaCalculator, AreaMethod};
use sanxian_types::Crs;

struct Reference {
    vertices: usize,
    geodesic_m2: f64,
    planar_m2: f64,
}

fn reference() -> HashMap<String, Reference> {
    let text = std::fs::read_to_string(common::testdata().join("reference.csv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].to_string(),
                Reference {
                    vertices: f[1].parse().unwrap(),
                    geodesic_m2: f[2].parse().unwrap(),
                    planar_m2: f[4].parse().unwrap(),
                },
            )
        })
        .collect()
}

fn open_vertices(mp: &geo_types::MultiPolygon<f64>) -> usize {
    mp.0.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|r| r.0.len() - 1)
        .sum()
}

/// Oracle: pyproj.Geod(a=6378137, rf=298.257222101).polygon_area_perimeter on the vertices
/// inverse-projected by PROJ.
///
/// On PROJ's own lon/lat (`polygons_4490.wkt`), geographiclib-rs reproduces pyproj to the
/// last bit: bound 1e-6 m² + 1e-12 of the area. Through sanxian's Gauss-Krüger inverse (one or
/// two units in the last place, ~1.5 nm, from PROJ) the areas differ by up to 1.2e-4 m²: not
/// the projection but Karney's algorithm, whose per-edge terms (areas down to the equator,
/// ~10⁸–10¹² m²) amplify a 1-ulp change of a vertex to ~1e-5 m² (shown below by moving every
/// vertex north by one ulp, which leaves the true area unchanged to 1e-13). Bound there: 2e-5 m² per
/// vertex.
#[test]
fn geodesic_method_matches_pyproj_geod() {
    let refs = reference();
    let polygons = common::read_wkt_file("polygons_4527.wkt");
    let lonlat = common::read_wkt_file("polygons_4490.wkt");
    assert_eq!(polygons.len(), refs.len());
    let crs = Crs::from_epsg(4527).unwrap();
    let calc = AreaCalculator::new(crs, AreaMethod::Geodesic).unwrap();
    let calc_lonlat = AreaCalculator::new(Crs::CGCS2000, AreaMethod::Geodesic).unwrap();
    let mut worst: (f64, f64) = (0.0, 0.0);
    for ((id, mp), (id2, ll)) in polygons.iter().zip(&lonlat) {
        assert_eq!(id, id2);
        let r = &refs[id];
        assert_eq!(open_vertices(mp), r.vertices, "{id}");
        let ours = calc.multipolygon_area_m2(mp).unwrap();
        let on_proj_lonlat = calc_lonlat.multipolygon_area_m2(ll).unwrap();
        let d = (ours - r.geodesic_m2).abs();
        let d_ll = (on_proj_lonlat - r.geodesic_m2).abs();
        println!(
            "{id:<22} {:>20.6} m²  Δ {d:.1e} m² ({:.1e}); on PROJ's lon/lat Δ {d_ll:.1e} m²",
            r.geodesic_m2,
            d / r.geodesic_m2
        );
        worst.0 = worst.0.max(d);
        worst.1 = worst.1.max(d / r.geodesic_m2);
        assert!(
            d_ll <= 1e-6 + 1e-12 * r.geodesic_m2,
            "{id}: on PROJ's lon/lat {on_proj_lonlat} vs {}",
            r.geodesic_m2
        );
        let bound = 1e-6 + 1e-12 * r.geodesic_m2 + 2e-5 * r.vertices as f64;
        assert!(d <= bound, "{id}: {ours} vs {} (Δ {d:e} m²)", r.geodesic_m2);
    }
    println!(
        "worst |Δ| {:.2e} m², worst relative {:.2e}",
        worst.0, worst.1
    );

    // Karney's sensitivity: every vertex one ulp north (a translation by ~0.4 nm, which changes
    // the true area by ~1e-13 of it).
    let mut moved: f64 = 0.0;
    for (_, ll) in &lonlat {
        let mut nudged = ll.clone();
        for p in &mut nudged.0 {
            p.exterior_mut(|r| r.0.iter_mut().for_each(|c| c.y = c.y.next_up()));
        }
        let a = calc_lonlat.multipolygon_area_m2(ll).unwrap();
        let b = calc_lonlat.multipolygon_area_m2(&nudged).unwrap();
        moved = moved.max((a - b).abs());
    }
    println!("moving every vertex one ulp north changes Karney's area by up to {moved:.1e} m²");
    assert!(moved > 1e-6, "{moved:e}");
}

/// Oracle: the same pyproj geodesic areas. The series takes edges as straight lines of the
/// equal-area cylinder, Karney as geodesics; on these polygons the measured deviation is at most
/// 1.2e-6 for the farmland patches, 1.4e-6 for the 1 km² block, 1.5e-6 for the county and
/// 6.2e-5 for the township (10 km edges); the survey method (70 m pieces) stays within 7.2e-7.
/// The bounds leave a factor of 5–8 (see the README for why not 1e-9).
#[test]
fn series_is_near_pyproj_geod_by_the_measured_edge_lens() {
    let refs = reference();
    let crs = Crs::from_epsg(4527).unwrap();
    let ellipsoid = AreaCalculator::new(crs, AreaMethod::Ellipsoid).unwrap();
    let survey = AreaCalculator::new(crs, AreaMethod::Survey).unwrap();
    for (id, mp) in common::read_wkt_file("polygons_4527.wkt") {
        let r = &refs[&id];
        let e = (ellipsoid.multipolygon_area_m2(&mp).unwrap() - r.geodesic_m2) / r.geodesic_m2;
        let s = (survey.multipolygon_area_m2(&mp).unwrap() - r.geodesic_m2) / r.geodesic_m2;
        println!("{id:<22} ellipsoid − Karney {e:>10.2e}   survey − Karney {s:>10.2e}");
        let bound = if id.starts_with("township") {
            3e-4
        } else {
            1e-5
        };
        assert!(e.abs() < bound, "{id}: ellipsoid {e:e}");
        assert!(s.abs() < 3e-6, "{id}: survey {s:e}");
    }
}

/// Oracle: shapely's planar area of the same polygons, 1e-12 relative (both are the shoelace
/// formula on the same coordinates; only summation order differs).
#[test]
fn planar_method_matches_shapely() {
    let refs = reference();
    let calc = AreaCalculator::new(Crs::from_epsg(4527).unwrap(), AreaMethod::Planar).unwrap();
    for (id, mp) in common::read_wkt_file("polygons_4527.wkt") {
        let r = &refs[&id];
        let a = calc.multipolygon_area_m2(&mp).unwrap();
        let rel = ((a - r.planar_m2) / r.planar_m2).abs();
        assert!(rel < 1e-12, "{id}: {a} vs {} ({rel:e})", r.planar_m2);
    }
}
