//! The R-tree candidate join against a brute-force join on seeded random data: equal pair sets.

mod common;

use common::synth::{self, Rng};
use sanxian_overlay::{
    candidate_join, candidate_join_brute_force, candidate_join_within, OverlapOptions,
    PreparedLayer,
};
use sanxian_types::geo_types::{Coord, LineString, MultiPolygon, Polygon};
use sanxian_types::LayerKind;

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Polygon<f64> {
    let c = |x, y| Coord {
        x: synth::ORIGIN.x + x,
        y: synth::ORIGIN.y + y,
    };
    Polygon::new(
        LineString(vec![c(x0, y0), c(x1, y0), c(x1, y1), c(x0, y1), c(x0, y0)]),
        vec![],
    )
}

/// Random features of 1–3 rectangular parts on an integer grid (so boxes often touch exactly),
/// sizes from 1 to 200 units.
fn random_layer(name: &str, n: usize, rng: &mut Rng) -> sanxian_types::Layer {
    let geoms = (0..n)
        .map(|_| {
            let parts = 1 + rng.below(3) * rng.below(2);
            MultiPolygon(
                (0..parts)
                    .map(|_| {
                        let x0 = rng.below(1000) as f64;
                        let y0 = rng.below(1000) as f64;
                        let big = rng.below(20) == 0;
                        let w = 1.0 + rng.below(if big { 200 } else { 20 }) as f64;
                        let h = 1.0 + rng.below(if big { 200 } else { 20 }) as f64;
                        rect(x0, y0, x0 + w, y0 + h)
                    })
                    .collect(),
            )
        })
        .collect();
    synth::layer(name, LayerKind::Other, geoms)
}

#[test]
fn tree_join_equals_brute_force() {
    let opts = OverlapOptions::default();
    for seed in 0..8u64 {
        let mut rng = Rng::new(seed);
        let (na, nb) = (50 + rng.below(2000), 1 + rng.below(1500));
        let la = random_layer("A", na, &mut rng);
        let lb = random_layer("B", nb, &mut rng);
        let pa = PreparedLayer::new(&la, &opts).unwrap();
        let pb = PreparedLayer::new(&lb, &opts).unwrap();
        let tree = candidate_join(&pa, &pb);
        let brute = candidate_join_brute_force(&pa, &pb, false);
        assert_eq!(tree, brute, "seed {seed}: A × B");
        assert!(!brute.is_empty());
        let tree = candidate_join_within(&pa);
        let brute = candidate_join_brute_force(&pa, &pa, true);
        assert_eq!(tree, brute, "seed {seed}: within A");
    }
}

#[test]
fn join_of_empty_and_single_layers() {
    let opts = OverlapOptions::default();
    let empty = synth::layer("E", LayerKind::Other, vec![]);
    let one = synth::layer(
        "O",
        LayerKind::Other,
        vec![MultiPolygon(vec![rect(0., 0., 1., 1.)])],
    );
    let pe = PreparedLayer::new(&empty, &opts).unwrap();
    let po = PreparedLayer::new(&one, &opts).unwrap();
    assert!(candidate_join(&pe, &po).is_empty());
    assert!(candidate_join(&po, &pe).is_empty());
    assert!(candidate_join_within(&po).is_empty());
    assert_eq!(candidate_join(&po, &po).len(), 1);
}

#[test]
fn coverage_join_equals_brute_force() {
    let opts = OverlapOptions::default();
    let l = synth::layer("F", LayerKind::Other, synth::coverage(25, 20, 100.0, 3, 3));
    let p = PreparedLayer::new(&l, &opts).unwrap();
    assert_eq!(
        candidate_join_within(&p),
        candidate_join_brute_force(&p, &p, true)
    );
}
