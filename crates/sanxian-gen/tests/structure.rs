//! Counts, ranges, rings, shared edges and attributes, checked directly on the layers.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{county, min_vertex_angle, repeated_vertex};
use sanxian_gen::{PlantedKind, COUNTIES, LAND_CLASSES};
use sanxian_types::{Crs, Layer, LayerKind};

fn rings(layer: &Layer) -> impl Iterator<Item = &geo_types::LineString<f64>> {
    layer
        .features
        .iter()
        .flat_map(|f| &f.geometry.0)
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
}

fn signed_area(ring: &[geo_types::Coord<f64>]) -> f64 {
    let o = ring[0];
    ring.windows(2)
        .map(|w| (w[0].x - o.x) * (w[1].y - o.y) - (w[1].x - o.x) * (w[0].y - o.y))
        .sum::<f64>()
        / 2.0
}

#[test]
fn counts_and_vertex_totals_follow_the_scale() {
    let c = county(0.05, 3, false);
    assert_eq!(c.farmland.features.len(), 5000);
    assert_eq!(c.farmland.vertex_count(), 25 * 5000);
    assert_eq!(c.red_line.features.len(), 15);
    assert_eq!(c.urban_boundary.features.len(), 3);
    assert_eq!(c.admin_area.features.len(), 4);
    // Red lines: 2000·√S .. 40000·√S vertices each, one at the maximum.
    let lin = 0.05f64.sqrt();
    let per: Vec<usize> = c
        .red_line
        .features
        .iter()
        .map(|f| f.geometry.0[0].exterior().0.len() - 1)
        .collect();
    assert!(per
        .iter()
        .all(|&n| n as f64 >= (2000.0 * lin).floor() && n as f64 <= (40000.0 * lin).ceil()));
    assert_eq!(*per.iter().max().unwrap(), (40000.0 * lin).round() as usize);
    for (l, s) in c.layers().into_iter().zip(&c.manifest.layers) {
        assert_eq!(s.features, l.features.len());
        assert_eq!(s.vertices, l.vertex_count());
    }
}

#[test]
fn patches_are_half_to_two_hectares_and_coordinates_are_zone_39() {
    let c = county(0.02, 42, false);
    let mut mj: Vec<f64> = c
        .farmland
        .features
        .iter()
        .map(|f| {
            f.attributes[sanxian_gen::schema::farm::YJJBNTTBMJ]
                .as_f64()
                .unwrap()
        })
        .collect();
    mj.sort_by(f64::total_cmp);
    assert!(
        mj[0] > 4_000.0 && mj[mj.len() - 1] < 22_000.0,
        "{} {}",
        mj[0],
        mj[mj.len() - 1]
    );
    let median = mj[mj.len() / 2];
    assert!((8_000.0..13_000.0).contains(&median), "{median}");
    for l in c.layers() {
        assert_eq!(l.crs, Crs::from_epsg(4527));
        let e = l.extent().unwrap();
        assert!(
            e.min().x > 39_400_000.0 && e.max().x < 39_700_000.0,
            "{e:?}"
        );
        assert!(e.min().y > 3_300_000.0 && e.max().y < 3_500_000.0, "{e:?}");
    }
}

#[test]
fn rings_are_closed_without_repeats_short_edged_and_spike_free() {
    for plant in [false, true] {
        let c = county(0.02, 42, plant);
        let repeated: BTreeSet<(String, u64)> = c
            .manifest
            .planted_errors
            .iter()
            .filter(|e| matches!(e.kind, PlantedKind::DuplicateVertex { .. }))
            .map(|e| (e.layer.clone(), e.features[0].record))
            .collect();
        for l in c.layers() {
            for ring in rings(l) {
                assert!(ring.0.len() >= 4);
                assert_eq!(ring.0.first(), ring.0.last());
                for w in ring.0.windows(2) {
                    let d = (w[1].x - w[0].x).hypot(w[1].y - w[0].y);
                    assert!(d < 70.0, "{}: edge of {d} m", l.name);
                }
            }
            for f in &l.features {
                let key = (l.kind.code().to_string(), f.id.record);
                assert_eq!(
                    repeated_vertex(&f.geometry).is_some(),
                    repeated.contains(&key),
                    "{}",
                    f.id
                );
                if !plant {
                    let a = min_vertex_angle(&f.geometry);
                    assert!(a > 20.0, "{}: vertex angle {a}°", f.id);
                    // Shapefile orientation: shells clockwise, holes counter-clockwise.
                    for p in &f.geometry.0 {
                        assert!(signed_area(&p.exterior().0) < 0.0, "{}", f.id);
                        for h in p.interiors() {
                            assert!(signed_area(&h.0) > 0.0, "{}", f.id);
                        }
                    }
                }
            }
        }
        assert_eq!(repeated.len(), usize::from(plant));
    }
}

#[test]
fn neighbouring_patches_share_their_edge_vertices_exactly() {
    let c = county(0.02, 42, false);
    let key = |p: &geo_types::Coord<f64>| (p.x.to_bits(), p.y.to_bits());
    let mut owners: BTreeMap<(u64, u64), Vec<usize>> = BTreeMap::new();
    for (i, f) in c.farmland.features.iter().enumerate() {
        let ring = &f.geometry.0[0].exterior().0;
        for p in &ring[..ring.len() - 1] {
            owners.entry(key(p)).or_default().push(i);
        }
    }
    let mut shared: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for v in owners.values() {
        for (a, &i) in v.iter().enumerate() {
            for &j in &v[a + 1..] {
                *shared.entry((i.min(j), i.max(j))).or_default() += 1;
            }
        }
    }
    let edge_pairs: Vec<_> = shared.iter().filter(|(_, &n)| n >= 2).collect();
    // A typical patch has several farmland neighbours.
    assert!(
        edge_pairs.len() > c.farmland.features.len(),
        "{}",
        edge_pairs.len()
    );
    for (&(i, j), &n) in &edge_pairs {
        // A whole common edge: two nodes and five intermediate points, in reverse order.
        assert_eq!(n, 7, "patches {i} and {j}");
        let ri = &c.farmland.features[i].geometry.0[0].exterior().0;
        let rj = &c.farmland.features[j].geometry.0[0].exterior().0;
        let pos = |r: &Vec<geo_types::Coord<f64>>| -> Vec<usize> {
            (0..r.len() - 1)
                .filter(|&k| rj.contains(&r[k]) && ri.contains(&r[k]))
                .collect()
        };
        assert_eq!(pos(ri).len(), 7);
        assert_eq!(pos(rj).len(), 7);
    }
    // County borders run along the same vertices.
    let farm: BTreeSet<(u64, u64)> = owners.keys().copied().collect();
    for f in &c.admin_area.features {
        let ring = &f.geometry.0[0].exterior().0;
        let on = ring.iter().filter(|p| farm.contains(&key(p))).count();
        assert!(on > ring.len() / 10, "{on} of {}", ring.len());
    }
}

#[test]
fn identities_and_attributes() {
    let c = county(0.02, 42, false);
    let names: BTreeSet<&str> = COUNTIES.iter().map(|c| c.1).collect();
    for l in c.layers() {
        let code = l.kind.code();
        assert_eq!(l.name, code);
        assert_eq!(l.encoding.as_deref(), Some("GBK"));
        let mut bsms = BTreeSet::new();
        for (i, f) in l.features.iter().enumerate() {
            assert_eq!(f.id.record, i as u64 + 1);
            assert_eq!(&*f.id.source, format!("{code}.shp"));
            assert_eq!(f.id.bsm.as_deref(), f.attributes[0].as_str());
            assert!(bsms.insert(f.id.bsm.clone().unwrap()), "unique BSM");
            assert_eq!(f.attributes.len(), l.fields.len());
            assert!(f.id.bsm.as_ref().unwrap().starts_with('3'));
            if l.kind == LayerKind::LandUseSurvey {
                continue;
            }
            assert!(names.contains(f.attributes[3].as_str().unwrap()));
            let code6 = f.attributes[2].as_str().unwrap();
            assert_eq!(code6.len(), 6);
            assert!(f.id.bsm.as_ref().unwrap().starts_with(code6));
        }
    }
    let field_names = |l: &Layer| l.fields.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
    // The fields of the built-in three-lines profile, in its order.
    assert_eq!(
        field_names(&c.farmland),
        [
            "BSM",
            "YSDM",
            "XZQDM",
            "XZQMC",
            "YJJBNTTBBH",
            "TBBH",
            "DLBM",
            "DLMC",
            "QSXZ",
            "QSDWDM",
            "ZLDWDM",
            "YJJBNTTBMJ",
            "KCDLBM",
            "KCXS",
            "KCMJ",
            "YJJBNTMJ",
            "GDLX",
            "GDPDJB",
            "TBXHDM",
            "ZZSXDM",
            "GDDB",
            "SJNF",
            "BZ"
        ]
    );
    assert_eq!(
        field_names(&c.red_line),
        ["BSM", "YSDM", "XJXZQDM", "XJXZQMC", "HXMC", "HXLX", "MJ", "BZ"]
    );
    assert_eq!(
        field_names(&c.urban_boundary),
        ["BSM", "YSDM", "XZQDM", "XZQMC", "GHFQDM", "GHFQMC", "MJ", "BZ"]
    );
    assert_eq!(
        field_names(&c.admin_area),
        ["BSM", "YSDM", "XZQDM", "XZQMC", "DCMJ", "JSMJ", "BZ"]
    );
    let mut classes = BTreeMap::new();
    for f in &c.farmland.features {
        let pair = (
            f.attributes[sanxian_gen::schema::farm::DLBM]
                .as_str()
                .unwrap(),
            f.attributes[sanxian_gen::schema::farm::DLMC]
                .as_str()
                .unwrap(),
        );
        assert!(LAND_CLASSES.contains(&pair));
        *classes.entry(pair.0).or_insert(0) += 1;
    }
    assert_eq!(
        classes.len(),
        3,
        "all three land classes occur: {classes:?}"
    );
    assert_eq!(c.farmland.kind, LayerKind::PermanentBasicFarmland);
    assert_eq!(c.red_line.kind, LayerKind::EcologicalRedLine);
}

#[test]
fn many_seeds_and_scales_generate_with_every_planted_error() {
    for seed in 0..10 {
        for scale in [0.002, 0.01, 0.03] {
            let c = county(scale, seed, true);
            let farmland = ((scale * 1e5).round() as usize).max(100);
            assert_eq!(c.farmland.features.len(), farmland + 8, "{seed} {scale}");
            assert_eq!(c.manifest.planted_errors.len(), 31, "{seed} {scale}");
            assert_eq!(c.admin_area.features.len(), 4);
        }
    }
}

#[test]
fn realistic_conflicts_keep_counts_rings_and_orientation() {
    let spec = sanxian_gen::CountySpec {
        seed: 11,
        scale: 0.05,
        plant_errors: false,
        survey: false,
        conflicts: sanxian_gen::Conflicts::Realistic,
    };
    let c = sanxian_gen::generate(&spec);
    assert_eq!(c.farmland.features.len(), 5000);
    assert!(c.manifest.planted_errors.is_empty());
    let redrawn = c
        .farmland
        .features
        .iter()
        .filter(|f| f.geometry.0[0].exterior().0.len() != 25)
        .count();
    assert!(redrawn > 100, "only {redrawn} patches redrawn");
    for f in &c.farmland.features {
        assert!(common::is_valid(&f.geometry), "{:?}", f.id);
        assert_eq!(repeated_vertex(&f.geometry), None, "{:?}", f.id);
        // Shapefile orientation: shells clockwise.
        assert!(
            signed_area(&f.geometry.0[0].exterior().0) < 0.0,
            "{:?}",
            f.id
        );
    }
    // Same spec, same county.
    let again = sanxian_gen::generate(&spec);
    assert_eq!(
        sanxian_gen::manifest_json(&c.manifest),
        sanxian_gen::manifest_json(&again.manifest)
    );
    assert!(c
        .farmland
        .features
        .iter()
        .zip(&again.farmland.features)
        .all(|(a, b)| a.geometry == b.geometry));
}

#[test]
#[should_panic(expected = "realistic conflicts")]
fn errors_are_not_planted_with_realistic_conflicts() {
    sanxian_gen::generate(&sanxian_gen::CountySpec {
        seed: 1,
        scale: 0.02,
        plant_errors: true,
        survey: false,
        conflicts: sanxian_gen::Conflicts::Realistic,
    });
}
