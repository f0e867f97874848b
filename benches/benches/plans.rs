//! Multi-plan integration (多规合一) and overlay ledgers, engine only (the layers read once,
//! nothing written), beside the two-layer overlaps they correspond to.
//!
//! - Plans: three Voronoi tilings of 10⁵ patches each from `scripts/make_plans_bench.py`
//!   (every boundary of one plan disagrees with the others' by metres): the overlay engine's
//!   `overlaps_between` of plans A × B, `compare_plans` of A, B and of A, B, C.
//! - Ledgers: the generated county with the land survey (SANXIAN_BENCH_SCALE, default 1):
//!   `overlaps_between` farmland × DLTB, and `tabulate` of farmland × DLTB by XZQDM × DLBM.
//!
//! scripts/bench_ledgers.sh runs it with the end-to-end commands and the geopandas twin.

use criterion::{criterion_group, criterion_main, Criterion};
use sanxian::overlay::{overlaps_between, OverlapOptions};
use sanxian::plans::{tabulate, CountyBy, TabulateLayer};
use sanxian::{compare_plans, CompareSettings, PlanInput, PlanMapping};

fn read(path: &std::path::Path) -> sanxian::types::Layer {
    sanxian::io::read_layer(path, &sanxian::io::ReadOptions::default()).expect("read layer")
}

fn plans(c: &mut Criterion) {
    let dir = sanxian_benches::plans_dir();
    let a = read(&dir.join("a.shp"));
    let b = read(&dir.join("b.shp"));
    let cc = read(&dir.join("c.shp"));
    let mapping = PlanMapping::from_path(&dir.join("mapping.toml")).expect("mapping");
    let input = |name: &'static str, layer, class_field: &'static str| PlanInput {
        name,
        layer,
        class_field,
    };
    let two = [input("a", &a, "DLBM"), input("b", &b, "YDDM")];
    let three = [
        input("a", &a, "DLBM"),
        input("b", &b, "YDDM"),
        input("c", &cc, "GHLX"),
    ];
    let settings = CompareSettings::default();
    let mut group = c.benchmark_group("plans");
    group.sample_size(10);
    group.bench_function("overlaps_between plan A × plan B (1e5 × 1e5)", |bench| {
        bench.iter(|| {
            overlaps_between(&a, &b, &OverlapOptions::default())
                .expect("overlaps")
                .conflicts
                .len()
        })
    });
    group.bench_function("compare_plans A, B", |bench| {
        bench.iter(|| {
            compare_plans(&two, &mapping, &[], &settings)
                .expect("compare")
                .pieces
                .len()
        })
    });
    group.bench_function("compare_plans A, B, C", |bench| {
        bench.iter(|| {
            compare_plans(&three, &mapping, &[], &settings)
                .expect("compare")
                .pieces
                .len()
        })
    });
    group.finish();
}

fn ledgers(c: &mut Criterion) {
    let dir = sanxian_benches::survey_dir(sanxian_benches::scale());
    let farmland = read(&dir.join("YJJBNTBHTB.shp"));
    let dltb = read(&dir.join("DLTB.shp"));
    let layers = [
        TabulateLayer {
            layer: &farmland,
            fields: vec!["XZQDM".into()],
        },
        TabulateLayer {
            layer: &dltb,
            fields: vec!["DLBM".into()],
        },
    ];
    let mut group = c.benchmark_group("ledgers");
    group.sample_size(10);
    group.bench_function("overlaps_between farmland × DLTB", |bench| {
        bench.iter(|| {
            overlaps_between(&farmland, &dltb, &OverlapOptions::default())
                .expect("overlaps")
                .conflicts
                .len()
        })
    });
    group.bench_function("tabulate farmland × DLTB by XZQDM × DLBM", |bench| {
        bench.iter(|| {
            tabulate(&layers, &[], CountyBy::Field)
                .expect("tabulate")
                .cells
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, plans, ledgers);
criterion_main!(benches);
