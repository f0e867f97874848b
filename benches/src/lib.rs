//! Shared set-up of the benchmarks: a generated county on disk, made once and reused.
//!
//! `SANXIAN_BENCH_SCALE` (default 1) sets the county scale; the files live under
//! `target/bench-data/county-s{scale}-seed42/{shp,geojson}/` (one draft folder per format) and
//! are regenerated when missing.

use std::path::{Path, PathBuf};

/// Scale of the benchmark county, from `SANXIAN_BENCH_SCALE` (default 1).
pub fn scale() -> f64 {
    std::env::var("SANXIAN_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0)
}

/// Draft folder of the generated county at `scale` in `format` (`"shp"` or `"geojson"`),
/// generated if missing.
pub fn county_dir(scale: f64, format: &str) -> PathBuf {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/bench-data")
        .join(format!("county-s{scale}-seed42"));
    let dir = base.join(format);
    if !dir.join("manifest.json").exists() {
        let county = sanxian_gen::generate(&sanxian_gen::CountySpec {
            seed: 42,
            scale,
            plant_errors: true,
            survey: false,
            conflicts: sanxian_gen::Conflicts::Apart,
        });
        for (sub, formats) in [
            ("shp", sanxian_gen::OutputFormats::Shapefile),
            ("geojson", sanxian_gen::OutputFormats::GeoJson),
        ] {
            let d = base.join(sub);
            std::fs::create_dir_all(&d).expect("create bench data folder");
            sanxian_gen::write(&county, &d, formats).expect("write bench county");
        }
    }
    dir
}
