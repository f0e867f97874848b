//! Cross-check against GEOS, by hand: writes a synthetic county's features (WKT) and the
//! conflicts found (between and within layers) to the file named by `SANXIAN_GEOS_DUMP`;
//! `testdata/compare_geos.py` recomputes every overlap with shapely and compares.
//!
//! ```text
//! SANXIAN_GEOS_DUMP=dump.tsv cargo test -p sanxian-overlay --test geos_dump -- --ignored
//! python3 crates/sanxian-overlay/testdata/compare_geos.py dump.tsv
//! ```

mod common;

use common::synth::{self, Rng};
use sanxian_overlay::{overlaps_between, overlaps_within, OverlapOptions};
use sanxian_types::geo_types::{Coord, LineString, MultiPolygon, Polygon};
use sanxian_types::LayerKind;

fn wkt(mp: &MultiPolygon<f64>) -> String {
    let ring = |r: &LineString<f64>| {
        let pts: Vec<String> = r.0.iter().map(|c| format!("{:?} {:?}", c.x, c.y)).collect();
        format!("({})", pts.join(","))
    };
    let polys: Vec<String> =
        mp.0.iter()
            .map(|p| {
                let rings: Vec<String> = std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .map(ring)
                    .collect();
                format!("({})", rings.join(","))
            })
            .collect();
    format!("MULTIPOLYGON({})", polys.join(","))
}

#[test]
#[ignore = "writes a file for testdata/compare_geos.py; run by hand"]
fn dump_for_geos() {
    let Ok(path) = std::env::var("SANXIAN_GEOS_DUMP") else {
        eprintln!("note: set SANXIAN_GEOS_DUMP to the output file");
        return;
    };
    let mut rng = Rng::new(5);
    // Layer A: a coverage plus overlapping stars (some with holes); layer B: fractal stars.
    let mut a = synth::coverage(24, 24, 100.0, 5, 11);
    for _ in 0..150 {
        let c = Coord {
            x: synth::ORIGIN.x + rng.range(0.0, 2400.0),
            y: synth::ORIGIN.y + rng.range(0.0, 2400.0),
        };
        let r = rng.range(10.0, 250.0);
        let n = [8, 13, 40, 150, 400][rng.below(5)];
        let outer = synth::fractal_star(c, r, n, 0.6, &mut rng);
        let p = if rng.below(4) == 0 {
            let hole = synth::fractal_star(c, r * 0.2, 16 + rng.below(40), 0.6, &mut rng);
            Polygon::new(outer.exterior().clone(), vec![hole.exterior().clone()])
        } else {
            outer
        };
        a.push(MultiPolygon(vec![p]));
    }
    let b: Vec<MultiPolygon<f64>> = (0..6)
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
    let la = synth::layer("A", LayerKind::PermanentBasicFarmland, a);
    let lb = synth::layer("B", LayerKind::EcologicalRedLine, b);
    let opts = OverlapOptions::default();
    let between = overlaps_between(&la, &lb, &opts).unwrap();
    let within = overlaps_within(&la, &opts).unwrap();
    let mut s = String::new();
    for f in &la.features {
        s += &format!("A\t{}\t{}\n", f.id.record, wkt(&f.geometry));
    }
    for f in &lb.features {
        s += &format!("B\t{}\t{}\n", f.id.record, wkt(&f.geometry));
    }
    for k in &between.conflicts {
        s += &format!(
            "AB\t{}\t{}\t{:?}\n",
            k.feature_a.record, k.feature_b.record, k.planar_m2
        );
    }
    for k in &within.conflicts {
        s += &format!(
            "AA\t{}\t{}\t{:?}\n",
            k.feature_a.record, k.feature_b.record, k.planar_m2
        );
    }
    std::fs::write(&path, s).unwrap();
    eprintln!("wrote {path}: {:?} / {:?}", between.stats, within.stats);
}
