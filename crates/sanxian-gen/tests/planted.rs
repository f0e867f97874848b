//! Planted errors are where the manifest says, with the figures it gives, and cause nothing else.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{
    county, county_of_features, geodesic_area, id, is_valid, layer, overlapping_pairs,
    repeated_vertex, Id,
};
use geo::Area;
use sanxian_gen::{County, PlantedError, PlantedKind};

/// Seeds checked; the scale is small so that the geo oracle stays quick.
const SEEDS: [u64; 2] = [42, 7];

fn planted_counties() -> impl Iterator<Item = County> {
    SEEDS.into_iter().map(|seed| county(0.01, seed, true))
}

fn ids(e: &PlantedError) -> Vec<Id> {
    e.features
        .iter()
        .map(|f| {
            let code: &'static str = match f.layer.as_str() {
                "STBHHX" => "STBHHX",
                "YJJBNTBHTB" => "YJJBNTBHTB",
                "CZKFBJ" => "CZKFBJ",
                "XZQ" => "XZQ",
                other => panic!("unexpected layer {other}"),
            };
            (code, f.record)
        })
        .collect()
}

fn of_kind<'a>(c: &'a County, name: &str) -> Vec<&'a PlantedError> {
    c.manifest
        .planted_errors
        .iter()
        .filter(|e| e.kind.name() == name)
        .collect()
}

#[test]
fn manifest_lists_every_kind_and_names_features_right() {
    for c in planted_counties() {
        let kinds: BTreeSet<&str> = c
            .manifest
            .planted_errors
            .iter()
            .map(|e| e.kind.name())
            .collect();
        assert_eq!(kinds.len(), 26, "{kinds:?}");
        assert_eq!(c.manifest.planted_errors.len(), 31);
        for e in &c.manifest.planted_errors {
            for r in &e.features {
                let l = layer(&c, &r.layer);
                let f = &l.features[r.record as usize - 1];
                assert_eq!(f.id.bsm.as_deref(), Some(r.bsm.as_str()), "error {}", e.id);
            }
        }
    }
}

#[test]
fn overlaps_are_exactly_the_planted_ones() {
    for c in planted_counties() {
        let found = overlapping_pairs(&c, 1e-4);
        let mut expected: BTreeMap<(Id, Id), f64> = BTreeMap::new();
        for e in &c.manifest.planted_errors {
            let area = match e.kind {
                PlantedKind::Overlap { overlap_area_m2 }
                | PlantedKind::CrossLayerOverlap { overlap_area_m2 }
                | PlantedKind::DuplicateGeometry { overlap_area_m2 } => overlap_area_m2,
                _ => continue,
            };
            let v = ids(e);
            expected.insert((v[0].min(v[1]), v[0].max(v[1])), area);
        }
        assert_eq!(expected.len(), 6);
        assert_eq!(
            found.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "found {found:?}"
        );
        for (k, want) in &expected {
            let got = found[k];
            assert!(
                (got - want).abs() < 0.01 + 1e-6 * want,
                "{k:?}: {got} vs {want}"
            );
        }
    }
}

#[test]
fn only_the_planted_patch_leaves_the_counties_and_only_planted_codes_are_wrong() {
    for c in planted_counties() {
        let outside: Vec<_> = of_kind(&c, "outside_admin_area");
        // Codes naming another county, and the one cut to five digits.
        let mismatched: BTreeSet<Id> = of_kind(&c, "admin_code_mismatch")
            .iter()
            .chain(&of_kind(&c, "bad_format"))
            .map(|e| ids(e)[0])
            .collect();
        assert_eq!(mismatched.len(), 3);
        // Areas of bow-ties depend on how they are repaired: they are checked apart.
        let bow_ties: BTreeSet<Id> = of_kind(&c, "self_intersection")
            .iter()
            .map(|e| ids(e)[0])
            .collect();
        let mut found_outside = Vec::new();
        let mut found_mismatch = BTreeSet::new();
        for l in [&c.red_line, &c.farmland, &c.urban_boundary] {
            for (i, (code, inside, area)) in county_of_features(&c, l).into_iter().enumerate() {
                if !bow_ties.contains(&id(l, i)) && (inside - area).abs() > 1e-6 * area + 1e-3 {
                    found_outside.push((id(l, i), area - inside));
                }
                if l.features[i].attributes[2].as_str() != Some(code.as_str()) {
                    found_mismatch.insert(id(l, i));
                }
            }
        }
        assert_eq!(found_mismatch, mismatched);
        assert_eq!(found_outside.len(), 1, "{found_outside:?}");
        let PlantedKind::OutsideAdminArea {
            outside_area_m2, ..
        } = outside[0].kind
        else {
            unreachable!()
        };
        assert_eq!(found_outside[0].0, ids(outside[0])[0]);
        assert!((found_outside[0].1 - outside_area_m2).abs() < 0.01);
    }
}

#[test]
fn geometry_faults_are_exactly_the_planted_ones() {
    for c in planted_counties() {
        let bow_ties: BTreeSet<Id> = of_kind(&c, "self_intersection")
            .iter()
            .map(|e| ids(e)[0])
            .collect();
        let repeats: BTreeSet<Id> = of_kind(&c, "duplicate_vertex")
            .iter()
            .map(|e| ids(e)[0])
            .collect();
        let multi: BTreeSet<Id> = of_kind(&c, "multipart").iter().map(|e| ids(e)[0]).collect();
        let small: BTreeSet<Id> = of_kind(&c, "sliver")
            .iter()
            .chain(&of_kind(&c, "tiny_polygon"))
            .chain(&of_kind(&c, "fragment"))
            .map(|e| ids(e)[0])
            .collect();
        let (mut invalid, mut rep, mut parts, mut tiny) = (
            BTreeSet::new(),
            BTreeSet::new(),
            BTreeSet::new(),
            BTreeSet::new(),
        );
        for l in [&c.red_line, &c.farmland, &c.urban_boundary] {
            for (i, f) in l.features.iter().enumerate() {
                if !is_valid(&f.geometry) {
                    invalid.insert(id(l, i));
                }
                if repeated_vertex(&f.geometry).is_some() {
                    rep.insert(id(l, i));
                }
                if f.geometry.0.len() > 1 {
                    parts.insert(id(l, i));
                }
                if f.geometry.unsigned_area() < 200.0 && !bow_ties.contains(&id(l, i)) {
                    tiny.insert(id(l, i));
                }
            }
        }
        assert_eq!(invalid, bow_ties);
        assert_eq!(rep, repeats);
        assert_eq!(parts, multi);
        assert_eq!(tiny, small);

        // The crossing is where the manifest says: edges (i-1, i) and (i+1, i+2) of the shell.
        for e in of_kind(&c, "self_intersection") {
            let PlantedKind::SelfIntersection {
                crossing_point,
                vertex_index: i,
            } = e.kind
            else {
                unreachable!()
            };
            let l = layer(&c, &e.layer);
            let ring = &l.features[e.features[0].record as usize - 1].geometry.0[0]
                .exterior()
                .0;
            let x = cross(ring[i - 1], ring[i], ring[i + 1], ring[i + 2]).expect("edges cross");
            assert!(
                (x.x - crossing_point[0]).abs() < 1e-3 && (x.y - crossing_point[1]).abs() < 1e-3
            );
        }
        for e in of_kind(&c, "duplicate_vertex") {
            let PlantedKind::DuplicateVertex {
                vertex_index,
                point,
            } = e.kind
            else {
                unreachable!()
            };
            let l = layer(&c, &e.layer);
            let ring = &l.features[e.features[0].record as usize - 1].geometry.0[0]
                .exterior()
                .0;
            assert_eq!(ring[vertex_index], ring[vertex_index - 1]);
            assert_eq!([ring[vertex_index].x, ring[vertex_index].y], point);
        }
        let sliver = of_kind(&c, "sliver")[0];
        let PlantedKind::Sliver { thinness, .. } = sliver.kind else {
            unreachable!()
        };
        assert!(thinness < 0.1);
    }
}

#[test]
fn attribute_faults_are_exactly_the_planted_ones() {
    for c in planted_counties() {
        let bow_ties: BTreeSet<Id> = of_kind(&c, "self_intersection")
            .iter()
            .map(|e| ids(e)[0])
            .collect();
        let area_err = of_kind(&c, "area_mismatch");
        let mut wrong_mj = Vec::new();
        for l in [&c.red_line, &c.farmland, &c.urban_boundary] {
            let k = l
                .field_index("MJ")
                .or_else(|| l.field_index("YJJBNTTBMJ"))
                .unwrap();
            for (i, f) in l.features.iter().enumerate() {
                if bow_ties.contains(&id(l, i)) {
                    continue; // the area of a bow-tie depends on how it is repaired
                }
                let mj = f.attributes[k].as_f64().unwrap();
                let g = geodesic_area(&f.geometry);
                if (mj - g).abs() > 0.011 + 1e-9 * g {
                    wrong_mj.push((id(l, i), mj, g));
                }
            }
        }
        assert_eq!(wrong_mj.len(), 1, "{wrong_mj:?}");
        let PlantedKind::AreaMismatch {
            declared_mj,
            ellipsoid_area_m2,
        } = area_err[0].kind
        else {
            unreachable!()
        };
        assert_eq!(wrong_mj[0].0, ids(area_err[0])[0]);
        assert_eq!(wrong_mj[0].1, declared_mj);
        assert!((wrong_mj[0].2 - ellipsoid_area_m2).abs() < 0.011);

        let mut count: BTreeMap<&str, Vec<Id>> = BTreeMap::new();
        for (i, f) in c.farmland.features.iter().enumerate() {
            count
                .entry(f.id.bsm.as_deref().unwrap())
                .or_default()
                .push(id(&c.farmland, i));
        }
        let dup: Vec<_> = count.iter().filter(|(_, v)| v.len() > 1).collect();
        let planted_dup = of_kind(&c, "duplicate_bsm");
        assert_eq!(dup.len(), 1);
        let mut want = ids(planted_dup[0]);
        want.sort();
        assert_eq!(dup[0].1, &want);
    }
}

fn cross(
    p1: geo_types::Coord<f64>,
    p2: geo_types::Coord<f64>,
    q1: geo_types::Coord<f64>,
    q2: geo_types::Coord<f64>,
) -> Option<geo_types::Coord<f64>> {
    let r = p2 - p1;
    let s = q2 - q1;
    let den = r.x * s.y - r.y * s.x;
    if den == 0.0 {
        return None;
    }
    let t = ((q1.x - p1.x) * s.y - (q1.y - p1.y) * s.x) / den;
    let u = ((q1.x - p1.x) * r.y - (q1.y - p1.y) * r.x) / den;
    ((0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&u)).then_some(geo_types::Coord {
        x: p1.x + t * r.x,
        y: p1.y + t * r.y,
    })
}
