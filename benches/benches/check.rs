//! The whole check of a generated county: read, validate, all overlaps, coverage, areas, write.
//!
//! SANXIAN_BENCH_SCALE=1 cargo bench -p sanxian-benches --bench check

use criterion::{criterion_group, criterion_main, Criterion};

fn check(c: &mut Criterion) {
    let dir = sanxian_benches::county_dir(sanxian_benches::scale(), "shp");
    let out = dir.join("../bench-report");
    let rules = sanxian::RuleSettings::default();
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    group.bench_function("read+check+write", |b| {
        b.iter(|| {
            let draft = sanxian::Draft::open(&dir).expect("read draft");
            let report = draft.check(&rules).expect("check");
            draft.write_report(&report, &out).expect("write report");
            report.errors
        })
    });
    let draft = sanxian::Draft::open(&dir).expect("read draft");
    group.bench_function("check only", |b| {
        b.iter(|| draft.check(&rules).expect("check").errors)
    });
    group.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
