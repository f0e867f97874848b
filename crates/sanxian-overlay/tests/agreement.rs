//! Every predicate with and without the edge index: the local methods (edge index,
//! point-in-polygon, classification, exact walk, windows) must give the answers of plain
//! boolean operations on whole geometries.

mod common;

use common::assert_agree;
use common::synth::{self, Rng};
use sanxian_overlay::{overlaps_between, overlaps_within, OverlapOptions};
use sanxian_types::geo_types::{Coord, MultiPolygon};
use sanxian_types::LayerKind;

fn plain() -> OverlapOptions {
    let mut o = OverlapOptions::default();
    o.use_edge_index = false;
    o
}

fn indexed() -> OverlapOptions {
    let mut o = OverlapOptions::default();
    // Index even small features so that both index paths run.
    o.index_min_vertices = 64;
    o
}

#[test]
fn coverage_within_has_no_conflicts_and_no_overlay() {
    let l = synth::layer(
        "YJJBNTBHTB",
        LayerKind::PermanentBasicFarmland,
        synth::coverage(30, 30, 100.0, 5, 7),
    );
    let r = overlaps_within(&l, &OverlapOptions::default()).unwrap();
    assert_eq!(
        r.summary.pairs,
        0,
        "{:?}",
        r.conflicts
            .first()
            .map(|c| (c.feature_a, c.feature_b, c.planar_m2))
    );
    assert_eq!(r.summary.below_tolerance, 0);
    assert!(r.summary.candidates > 3000, "{}", r.summary.candidates);
    assert_eq!(
        r.stats.window + r.stats.whole + r.stats.walked,
        0,
        "{:?}",
        r.stats
    );
    let p = overlaps_within(&l, &plain()).unwrap();
    assert_eq!(p.summary.pairs, 0);
}

#[test]
fn stars_against_coverage_agree_with_plain_boolean_ops() {
    let farm = synth::coverage(24, 24, 100.0, 5, 11);
    let mut rng = Rng::new(5);
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
    let farm = synth::layer("YJJBNTBHTB", LayerKind::PermanentBasicFarmland, farm);
    let red = synth::layer("STBHHX", LayerKind::EcologicalRedLine, stars);
    let fast = overlaps_between(&farm, &red, &indexed()).unwrap();
    let slow = overlaps_between(&farm, &red, &plain()).unwrap();
    eprintln!("{:?} {:?}", fast.summary, fast.stats);
    assert!(fast.summary.pairs > 100);
    assert_agree(&fast, &slow, &farm, &red, "farmland × red line");
    // (A, B) and (B, A) give the same pairs and areas.
    let back = overlaps_between(&red, &farm, &indexed()).unwrap();
    assert_eq!(back.summary.pairs, fast.summary.pairs);
    let mut pairs: Vec<_> = back
        .conflicts
        .iter()
        .map(|c| (c.feature_b, c.feature_a, c.planar_m2))
        .collect();
    pairs.sort_by_key(|x| (x.0, x.1));
    for (c, (fa, fb, area)) in fast.conflicts.iter().zip(pairs) {
        assert_eq!((c.feature_a, c.feature_b), (fa, fb));
        assert_eq!(c.planar_m2, area, "{fa} × {fb}");
    }
    // Within the red line (stars overlap each other).
    let w_fast = overlaps_within(&red, &indexed()).unwrap();
    let w_slow = overlaps_within(&red, &plain()).unwrap();
    assert_agree(&w_fast, &w_slow, &red, &red, "red line within");
}
