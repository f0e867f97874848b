//! TEMPORARY: dumps inputs and results for comparison with shapely.
mod common;
use common::synth::{self, Rng};
use sanxian_overlay::{overlaps_between, OverlapOptions};
use sanxian_types::geo_types::{Coord, MultiPolygon};
use sanxian_types::LayerKind;

fn wkt(mp: &MultiPolygon<f64>) -> String {
    let ring = |r: &sanxian_types::geo_types::LineString<f64>| {
        format!(
            "({})",
            r.0.iter()
                .map(|c| format!("{:.17} {:.17}", c.x, c.y))
                .collect::<Vec<_>>()
                .join(",")
        )
    };
    format!(
        "MULTIPOLYGON({})",
        mp.0.iter()
            .map(|p| format!(
                "({})",
                std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .map(ring)
                    .collect::<Vec<_>>()
                    .join(",")
            ))
            .collect::<Vec<_>>()
            .join(",")
    )
}

#[test]
#[ignore]
fn dump() {
    let farm = synth::coverage(24, 24, 100.0, 5, 11);
    let mut rng = Rng::new(5);
    let star = |rng: &mut Rng, center: Coord, radius: f64| -> sanxian_types::geo_types::Polygon<f64> {
        let n = [8, 13, 40, 150, 400][rng.below(5)];
        let outer = synth::fractal_star(center, radius, n, 0.6, rng);
        if rng.below(4) == 0 {
            let hole = synth::fractal_star(center, radius * 0.2, 16 + rng.below(40), 0.6, rng);
            sanxian_types::geo_types::Polygon::new(outer.exterior().clone(), vec![hole.exterior().clone()])
        } else { outer }
    };
    let mut extra: Vec<MultiPolygon<f64>> = (0..150).map(|_| {
        let c = Coord { x: synth::ORIGIN.x + rng.range(0.0, 2400.0), y: synth::ORIGIN.y + rng.range(0.0, 2400.0) };
        MultiPolygon(vec![star(&mut rng, c, rng.range(10.0, 250.0))])
    }).collect();
    let mut farm = farm; farm.append(&mut extra);
    let stars: Vec<MultiPolygon<f64>> = (0..6)
        .map(|_| {
            let c = Coord {
                x: synth::ORIGIN.x + rng.range(300.0, 2100.0),
                y: synth::ORIGIN.y + rng.range(300.0, 2100.0),
            };
            let n = [64, 256, 1024, 4096][rng.below(4)];
            MultiPolygon(vec![synth::fractal_star(
                c,
                rng.range(150.0, 700.0),
                n,
                0.7,
                &mut rng,
            )])
        })
        .collect();
    let farm = synth::layer("F", LayerKind::PermanentBasicFarmland, farm);
    let red = synth::layer("R", LayerKind::EcologicalRedLine, stars);
    let mut o = OverlapOptions::default();
    let fast = overlaps_between(&farm, &red, &o).unwrap();
    o.use_edge_index = false;
    let slow = overlaps_between(&farm, &red, &o).unwrap();
    let mut s = String::new();
    for f in &farm.features {
        s += &format!("A\t{}\t{}\n", f.id.record, wkt(&f.geometry));
    }
    for f in &red.features {
        s += &format!("B\t{}\t{}\n", f.id.record, wkt(&f.geometry));
    }
    for c in &fast.conflicts {
        s += &format!(
            "F\t{}\t{}\t{:.17}\n",
            c.feature_a.record, c.feature_b.record, c.area_m2
        );
    }
    for c in &slow.conflicts {
        s += &format!(
            "S\t{}\t{}\t{:.17}\n",
            c.feature_a.record, c.feature_b.record, c.area_m2
        );
    }
    std::fs::write("/tmp/ovl_dump.tsv", s).unwrap();
}
