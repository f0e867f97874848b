//! Reading the generated county from Shapefile and from GeoJSON.
//! Side by side with GDAL: `scripts/bench_read_gdal.py` on the same files.
//!
//! cargo bench -p sanxian-benches --bench read

use criterion::{criterion_group, criterion_main, Criterion};
use sanxian_io::ReadOptions;

fn read(c: &mut Criterion) {
    let scale = sanxian_benches::scale();
    let mut group = c.benchmark_group("read");
    group.sample_size(10);
    for layer in ["YJJBNTBHTB", "STBHHX"] {
        for ext in ["shp", "geojson"] {
            let dir =
                sanxian_benches::county_dir(scale, if ext == "shp" { "shp" } else { "geojson" });
            let path = dir.join(format!("{layer}.{ext}"));
            group.bench_function(format!("{layer}.{ext}"), |b| {
                b.iter(|| sanxian_io::read_layer(&path, &ReadOptions::default()).expect("read"))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, read);
criterion_main!(benches);
