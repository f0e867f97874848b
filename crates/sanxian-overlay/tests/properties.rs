//! Property tests on seeded random polygons (fractal stars, with holes and several parts):
//! area(A∩B) ≤ min(area A, area B); area(A∩B) + area(A∖B) = area(A); (A, B) and (B, A) give
//! the same results; the local methods agree with plain boolean operations.

mod common;

use common::synth::{self, Rng};
use geo::{Area, BooleanOps};
use sanxian_overlay::{overlaps_between, overlaps_within, OverlapOptions, OverlapReport};
use sanxian_types::geo_types::{Coord, MultiPolygon, Polygon};
use sanxian_types::{FeatureId, Layer, LayerKind};

fn star(rng: &mut Rng, center: Coord, radius: f64) -> Polygon<f64> {
    let n = [8, 13, 40, 150, 400][rng.below(5)];
    let outer = synth::fractal_star(center, radius, n, 0.6, rng);
    if rng.below(4) == 0 {
        // Radii of a star lie within a factor of ~2 of the mean, so a hole of a fifth fits.
        let hole = synth::fractal_star(center, radius * 0.2, 16 + rng.below(40), 0.6, rng);
        Polygon::new(outer.exterior().clone(), vec![hole.exterior().clone()])
    } else {
        outer
    }
}

fn random_layer(name: &str, n: usize, rng: &mut Rng) -> Layer {
    let geoms = (0..n)
        .map(|_| {
            let c = Coord {
                x: synth::ORIGIN.x + rng.range(0.0, 1500.0),
                y: synth::ORIGIN.y + rng.range(0.0, 1500.0),
            };
            let r = rng.range(10.0, 250.0);
            let mut parts = vec![star(rng, c, r)];
            if rng.below(5) == 0 {
                // A second part, far enough not to touch the first.
                let c2 = Coord {
                    x: c.x + 6.0 * r,
                    y: c.y + rng.range(-r, r),
                };
                parts.push(star(rng, c2, r * 0.5));
            }
            MultiPolygon(parts)
        })
        .collect();
    synth::layer(name, LayerKind::Other, geoms)
}

fn perimeter(mp: &MultiPolygon<f64>) -> f64 {
    mp.0.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|r| r.0.windows(2))
        .map(|w| ((w[1].x - w[0].x).powi(2) + (w[1].y - w[0].y).powi(2)).sqrt())
        .sum()
}

fn geometry<'a>(l: &'a Layer, id: &FeatureId) -> &'a MultiPolygon<f64> {
    &l.features[id.record as usize - 1].geometry
}

fn check_invariants(r: &OverlapReport<'_>, la: &Layer, lb: &Layer) {
    for k in &r.conflicts {
        let (a, b) = (geometry(la, k.feature_a), geometry(lb, k.feature_b));
        let (area_a, area_b) = (a.unsigned_area(), b.unsigned_area());
        assert!(
            k.planar_m2 <= area_a.min(area_b) * (1.0 + 1e-12) + 1e-9,
            "{k:?}"
        );
        // A∖B by plain boolean operations, which snap to a grid of 2^-29 of the extent.
        let diff = a.difference(b).unsigned_area();
        let ext = 3000.0;
        let tol = 2f64.powi(-29) * ext * (perimeter(a) + perimeter(b)) + 1e-9 * area_a;
        assert!(
            (k.planar_m2 + diff - area_a).abs() <= tol,
            "{} × {}: {} + {} vs {} (tol {tol})",
            k.feature_a,
            k.feature_b,
            k.planar_m2,
            diff,
            area_a
        );
        // The reported area is the area of the reported geometry.
        assert!((geo::Area::unsigned_area(&k.overlap) - k.planar_m2).abs() <= 1e-9 * k.planar_m2);
    }
}

#[test]
fn random_stars_satisfy_the_area_invariants() {
    let opts = OverlapOptions::default();
    let mut plain = OverlapOptions::default();
    plain.use_edge_index = false;
    let mut small_index = OverlapOptions::default();
    small_index.index_min_vertices = 16;
    for seed in 0..4u64 {
        let mut rng = Rng::new(100 + seed);
        let la = random_layer("A", 40, &mut rng);
        let lb = random_layer("B", 40, &mut rng);
        let ab = overlaps_between(&la, &lb, &opts).unwrap();
        eprintln!("seed {seed}: {:?}", ab.stats);
        assert!(ab.summary.pairs > 5, "seed {seed}: {:?}", ab.summary);
        assert!(ab.repaired.is_empty() && ab.not_computable.is_empty());
        check_invariants(&ab, &la, &lb);

        // (A, B) and (B, A): the same pairs with bit-identical areas.
        let ba = overlaps_between(&lb, &la, &opts).unwrap();
        let mut back: Vec<_> = ba
            .conflicts
            .iter()
            .map(|k| (k.feature_b.record, k.feature_a.record, k.planar_m2))
            .collect();
        back.sort_by_key(|x| (x.0, x.1));
        let fwd: Vec<_> = ab
            .conflicts
            .iter()
            .map(|k| (k.feature_a.record, k.feature_b.record, k.planar_m2))
            .collect();
        assert_eq!(fwd, back, "seed {seed}");
        assert_eq!(ab.summary.below_tolerance, ba.summary.below_tolerance);

        // With and without the index, and with every feature indexed.
        let p = overlaps_between(&la, &lb, &plain).unwrap();
        common::assert_agree(&ab, &p, &la, &lb, "stars A × B, plain");
        let s = overlaps_between(&la, &lb, &small_index).unwrap();
        common::assert_agree(&ab, &s, &la, &lb, "stars A × B, all indexed");
        for (x, y) in ab.conflicts.iter().zip(&s.conflicts) {
            assert!((x.planar_m2 - y.planar_m2).abs() <= 1e-6 + 1e-9 * x.planar_m2);
        }

        // Within one layer.
        let w = overlaps_within(&la, &opts).unwrap();
        check_invariants(&w, &la, &la);
        let wp = overlaps_within(&la, &plain).unwrap();
        common::assert_agree(&w, &wp, &la, &la, "stars within A, plain");
        for k in &w.conflicts {
            assert!(k.feature_a < k.feature_b);
        }
    }
}
