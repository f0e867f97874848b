//! Conflict-engine benchmark on a synthetic county: farmland coverage × fractal red lines ×
//! urban boundaries, and farmland self-overlaps.
//!
//! Scale with `SANXIAN_BENCH_SCALE` (default 0.05): 1.0 is a realistic county — 10⁵ farmland
//! patches of ~25 vertices sharing edges, 300 red-line polygons with 1.25·10⁶ vertices in total,
//! 20 urban polygons.
//!
//! ```text
//! SANXIAN_BENCH_SCALE=1 cargo bench -p sanxian-overlay --bench overlay
//! ```

#[path = "../tests/common/synth.rs"]
mod synth;

use criterion::{criterion_group, criterion_main, Criterion};
use sanxian_overlay::{
    candidate_join, candidate_join_within, overlaps_between, overlaps_between_prepared,
    overlaps_within, refine, OverlapOptions, PreparedLayer,
};

fn scale() -> f64 {
    std::env::var("SANXIAN_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|s: &f64| *s > 0.0)
        .unwrap_or(0.05)
}

fn bench(c: &mut Criterion) {
    let s = scale();
    let patches = (100_000.0 * s) as usize;
    let red = ((300.0 * s) as usize).max(3);
    let county = synth::county(
        patches,
        red,
        (1_250_000.0 * s) as usize,
        ((20.0 * s) as usize).max(2),
        42,
    );
    let opts = OverlapOptions::default();
    eprintln!(
        "scale {s}: farmland {} features / {} vertices, red line {} / {}, urban {} / {}",
        county.farmland.features.len(),
        county.farmland.vertex_count(),
        county.redline.features.len(),
        county.redline.vertex_count(),
        county.urban.features.len(),
        county.urban.vertex_count()
    );
    for (name, a, b) in [
        ("farmland×redline", &county.farmland, &county.redline),
        ("redline×urban", &county.redline, &county.urban),
        ("farmland×urban", &county.farmland, &county.urban),
    ] {
        let r = overlaps_between(a, b, &opts).expect("synthetic layers share a CRS");
        eprintln!("{name}: {:?}\n  {:?}", r.summary, r.stats);
    }
    let r = overlaps_within(&county.farmland, &opts).expect("synthetic layer is projected");
    eprintln!("farmland within: {:?}\n  {:?}", r.summary, r.stats);

    let mut g = c.benchmark_group("overlay");
    g.sample_size(10);
    g.bench_function("farmland×redline", |bch| {
        bch.iter(|| {
            overlaps_between(&county.farmland, &county.redline, &opts).map(|r| r.summary.pairs)
        })
    });
    // As a caller should run them: each layer prepared once, then the three pairs.
    g.bench_function("three control-line pairs", |bch| {
        bch.iter(|| {
            let (pf, (pr, pu)) = rayon::join(
                || PreparedLayer::new(&county.farmland, &opts),
                || {
                    rayon::join(
                        || PreparedLayer::new(&county.redline, &opts),
                        || PreparedLayer::new(&county.urban, &opts),
                    )
                },
            );
            let (pf, pr, pu) = (
                pf.expect("projected"),
                pr.expect("projected"),
                pu.expect("projected"),
            );
            [(&pr, &pf), (&pr, &pu), (&pf, &pu)]
                .iter()
                .map(|(a, b)| {
                    overlaps_between_prepared(a, b, &opts)
                        .map(|r| r.summary.pairs)
                        .unwrap_or(0)
                })
                .sum::<usize>()
        })
    });
    g.bench_function("farmland within", |bch| {
        bch.iter(|| overlaps_within(&county.farmland, &opts).map(|r| r.summary.pairs))
    });
    // The named steps separately.
    let pf = PreparedLayer::new(&county.farmland, &opts).expect("projected");
    let pr = PreparedLayer::new(&county.redline, &opts).expect("projected");
    g.bench_function("step: prepare farmland", |bch| {
        bch.iter(|| PreparedLayer::new(&county.farmland, &opts).map(|p| p.features().len()))
    });
    g.bench_function("step: prepare red line", |bch| {
        bch.iter(|| PreparedLayer::new(&county.redline, &opts).map(|p| p.features().len()))
    });
    g.bench_function("step: candidate join farmland×redline", |bch| {
        bch.iter(|| candidate_join(&pf, &pr).len())
    });
    g.bench_function("step: candidate join farmland within", |bch| {
        bch.iter(|| candidate_join_within(&pf).len())
    });
    let cands = candidate_join(&pf, &pr);
    g.bench_function("step: refine farmland×redline", |bch| {
        bch.iter(|| refine(&pf, &pr, &cands, &opts).summary.pairs)
    });
    let cw = candidate_join_within(&pf);
    g.bench_function("step: refine farmland within", |bch| {
        bch.iter(|| refine(&pf, &pf, &cw, &opts).summary.pairs)
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
