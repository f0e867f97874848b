//! Official ellipsoid area of the generated county's farmland (EPSG:4527), inverse projection
//! included, on one core. Side by side with pyproj: scripts/bench_area_county_pyproj.py.
//!
//! SANXIAN_BENCH_SCALE=1 cargo bench -p sanxian-benches --bench area

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sanxian::area::{AreaCalculator, AreaMethod};
use sanxian::types::LayerKind;

fn area(c: &mut Criterion) {
    let dir = sanxian_benches::county_dir(sanxian_benches::scale(), "shp");
    let path = dir.join("YJJBNTBHTB.shp");
    let layer = sanxian::io::read_layer(&path, &Default::default()).expect("read farmland");
    assert_eq!(layer.kind, LayerKind::PermanentBasicFarmland);
    let crs = layer.crs.expect("CRS");
    let vertices = layer.vertex_count() as u64;
    let mut group = c.benchmark_group("area");
    group.sample_size(10);
    group.throughput(Throughput::Elements(vertices));
    for method in [
        AreaMethod::Ellipsoid,
        AreaMethod::Planar,
        AreaMethod::Geodesic,
    ] {
        let calc = AreaCalculator::new(crs, method).expect("calculator");
        group.bench_function(format!("farmland {method}, one core"), |b| {
            b.iter(|| {
                layer
                    .features
                    .iter()
                    .map(|f| calc.multipolygon_area_m2(&f.geometry).expect("area"))
                    .sum::<f64>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, area);
criterion_main!(benches);
