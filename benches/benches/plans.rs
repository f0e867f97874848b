//! Comparing two plans of ~10^5 patches each over the generated county (多规合一).
//!
//! Plan A is the county's farmland layer (DLBM 0101/0102/0103); plan B is the same tiling
//! shifted 37 m east and 23 m north, so that nearly every patch of A overlaps four of B. The
//! mapping makes 0101 construction land in A and 0102 construction land in B, so every class
//! occurs. SANXIAN_BENCH_SCALE=1 cargo bench -p sanxian-benches --bench plans

use criterion::{criterion_group, criterion_main, Criterion};
use sanxian::overlay::validity::{validate, Strictness};
use sanxian::types::LayerKind;
use sanxian::{compare_plans, PlanMapping};

const MAPPING: &str = r#"
[a]
"0101" = "construction"
"0102" = "non-construction"
"0103" = "non-construction"
[b]
"0101" = "non-construction"
"0102" = "construction"
"0103" = "non-construction"
"#;

fn plans(c: &mut Criterion) {
    let dir = sanxian_benches::county_dir(sanxian_benches::scale(), "shp");
    let draft = sanxian::Draft::open(&dir).expect("read draft");
    let farmland = draft
        .layer(LayerKind::PermanentBasicFarmland)
        .expect("farmland");
    // Plans are coverages: the planted errors (bow-tie, duplicate, overlap …) are not part of
    // what a plan comparison measures, so only valid, non-duplicated patches are kept.
    let mut a = farmland.clone();
    a.kind = LayerKind::Plan;
    a.features
        .retain(|f| validate(&f.geometry).is_valid(Strictness::Ogc));
    let mut b = a.clone();
    for f in &mut b.features {
        for p in &mut f.geometry.0 {
            p.exterior_mut(|r| {
                r.0.iter_mut().for_each(|c| {
                    c.x += 37.0;
                    c.y += 23.0;
                })
            });
            p.interiors_mut(|rs| {
                for r in rs {
                    r.0.iter_mut().for_each(|c| {
                        c.x += 37.0;
                        c.y += 23.0;
                    })
                }
            });
        }
    }
    let mapping = PlanMapping::from_toml_str(MAPPING).expect("mapping");
    let mut group = c.benchmark_group("plans");
    group.sample_size(10);
    group.bench_function("compare two plans of ~1e5 patches", |bench| {
        bench.iter(|| {
            compare_plans(&a, "DLBM", &b, "DLBM", &mapping, &[])
                .expect("compare")
                .pieces
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, plans);
criterion_main!(benches);
