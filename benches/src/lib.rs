//! Shared set-up of the benchmarks: a generated county on disk, made once and reused.
//!
//! `SANXIAN_BENCH_SCALE` (default 1) sets the county scale. The county has realistic conflicts
//! (farmland drawn independently along the red line and the urban boundary: about 1.3·10⁴
//! overlapping pairs per 10⁵ patches, no planted errors); `SANXIAN_BENCH_CONFLICTS=apart` gives
//! the county whose lines are kept apart, with planted errors. The files live under
//! `target/bench-data/{realistic,county}-s{scale}-seed42/{shp,geojson}/` (one draft folder per
//! format) and are regenerated when missing.

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
    let apart = std::env::var("SANXIAN_BENCH_CONFLICTS").is_ok_and(|v| v == "apart");
    let base = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/bench-data")
        .join(if apart {
            format!("county-s{scale}-seed42")
        } else {
            format!("realistic-s{scale}-seed42")
        });
    let dir = base.join(format);
    if !dir.join("manifest.json").exists() {
        let county = sanxian_gen::generate(&sanxian_gen::CountySpec {
            seed: 42,
            scale,
            plant_errors: apart,
            survey: false,
            conflicts: if apart {
                sanxian_gen::Conflicts::Apart
            } else {
                sanxian_gen::Conflicts::Realistic
            },
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

/// Folder of the generated county at `scale` with the land survey (DLTB), realistic
/// conflicts, Shapefiles; generated if missing.
pub fn survey_dir(scale: f64) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/bench-data")
        .join(format!("survey-realistic-s{scale}-seed42"));
    if !dir.join("manifest.json").exists() {
        let county = sanxian_gen::generate(&sanxian_gen::CountySpec {
            seed: 42,
            scale,
            plant_errors: false,
            survey: true,
            conflicts: sanxian_gen::Conflicts::Realistic,
        });
        std::fs::create_dir_all(&dir).expect("create bench data folder");
        sanxian_gen::write(&county, &dir, sanxian_gen::OutputFormats::Shapefile)
            .expect("write bench county");
    }
    dir
}

/// Folder of the three plans of 10⁵ patches each made by `scripts/make_plans_bench.py`
/// (`scripts/bench_ledgers.sh` makes them; a bench needing them stops with this message).
pub fn plans_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-data/plans-1e5");
    assert!(
        dir.join("c.shp").exists(),
        "{} is missing: run scripts/bench_ledgers.sh (or python3 scripts/make_plans_bench.py {})",
        dir.display(),
        dir.display()
    );
    dir
}
