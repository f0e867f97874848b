//! Overlaps on the generated county, after loading: farmland × red line, all three control-line
//! pairs, farmland within itself. Side by side with GEOS: scripts/bench_overlay_shapely.py on
//! the same files (scripts/bench.sh runs both).
//!
//! SANXIAN_BENCH_SCALE=1 cargo bench -p sanxian-benches --bench overlay

use criterion::{criterion_group, criterion_main, Criterion};
use sanxian::overlay::{overlaps_between, overlaps_within, OverlapOptions};
use sanxian::types::LayerKind;

fn overlay(c: &mut Criterion) {
    let dir = sanxian_benches::county_dir(sanxian_benches::scale(), "shp");
    let draft = sanxian::Draft::open(&dir).expect("read draft");
    let red = draft.layer(LayerKind::EcologicalRedLine).expect("STBHHX");
    let farm = draft
        .layer(LayerKind::PermanentBasicFarmland)
        .expect("YJJBNTBHTB");
    let urban = draft
        .layer(LayerKind::UrbanDevelopmentBoundary)
        .expect("CZKFBJ");
    let opts = OverlapOptions::default();
    let mut group = c.benchmark_group("overlay");
    group.sample_size(10);
    group.bench_function("farmland x red line", |b| {
        b.iter(|| {
            overlaps_between(farm, red, &opts)
                .expect("overlay")
                .summary
                .pairs
        })
    });
    group.bench_function("three control-line pairs", |b| {
        b.iter(|| {
            let a = overlaps_between(red, farm, &opts)
                .expect("overlay")
                .summary
                .pairs;
            let b2 = overlaps_between(red, urban, &opts)
                .expect("overlay")
                .summary
                .pairs;
            let c2 = overlaps_between(farm, urban, &opts)
                .expect("overlay")
                .summary
                .pairs;
            a + b2 + c2
        })
    });
    group.bench_function("farmland within", |b| {
        b.iter(|| overlaps_within(farm, &opts).expect("overlay").summary.pairs)
    });
    group.finish();
}

criterion_group!(benches, overlay);
criterion_main!(benches);
