//! Area of farmland-like patches in EPSG:4527, inverse projection included.
//!
//!     cargo bench -p sanxian-area
//!
//! Data: 10 000 patches of 25 vertices (~1 ha, 80–125 m sides) spread over zone 39, from the
//! seeded generator in `tests/common/mod.rs`; `scripts/bench_area_pyproj.py` generates the same
//! polygons bit for bit and times pyproj on them. Throughput is in vertices (closing vertices
//! not counted), so ns/vertex = 1000 / (Melem/s).

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use geo_types::{MultiPolygon, Polygon};
use sanxian_area::{AreaCalculator, AreaLedger, AreaMethod, LedgerOptions, SurveySeries};
use sanxian_types::{
    Crs, CrsSource, Feature, FeatureId, Layer, LayerKind, SourceFormat, TransverseMercator,
};

const POLYGONS: usize = 10_000;
const VERTICES: usize = 25;
const SEED: u64 = 4527;

fn total(calc: &AreaCalculator, polys: &[Polygon<f64>]) -> f64 {
    polys
        .iter()
        .map(|p| calc.polygon_area_m2(p).unwrap_or(f64::NAN))
        .sum()
}

/// The competing path: the generic inverse of sanxian-types (atan, Newton on the conformal
/// latitude) and then the same series.
fn generic_inverse_series(tm: &TransverseMercator, s: &SurveySeries, p: &Polygon<f64>) -> f64 {
    let ring = &p.exterior().0;
    let pts = &ring[..ring.len() - 1];
    let (lon0, _) = tm.inverse(pts[0].x, pts[0].y);
    let mut sum = 0.0;
    let n = pts.len();
    let proj: Vec<(f64, f64)> = pts
        .iter()
        .map(|c| {
            let (lon, lat) = tm.inverse(c.x, c.y);
            ((lon - lon0).to_radians(), s.g(lat.to_radians().sin()))
        })
        .collect();
    for i in 0..n {
        let (x1, y1) = proj[i];
        let (x2, y2) = proj[(i + 1) % n];
        sum += (x1 + x2) * (y2 - y1);
    }
    0.5 * s.b_squared_m2() * sum.abs()
}

fn bench(c: &mut Criterion) {
    let polys = common::farmland_4527(POLYGONS, VERTICES, SEED);
    let vertices = (POLYGONS * VERTICES) as u64;
    let crs = Crs::from_epsg(4527).unwrap_or(Crs::CGCS2000);
    let calc = |m| AreaCalculator::new(crs, m).unwrap();
    let ellipsoid = calc(AreaMethod::Ellipsoid);
    let sum = total(&ellipsoid, &polys);
    let first = polys[0].exterior().0[0];
    println!(
        "{POLYGONS} patches × {VERTICES} vertices, first vertex {:?} {:?}, ellipsoid area total {sum:.6} m² (mean {:.1} m²)",
        first.x,
        first.y,
        sum / POLYGONS as f64
    );

    let mut g = c.benchmark_group("area_4527_one_core");
    g.throughput(Throughput::Elements(vertices));
    g.sample_size(20);
    g.bench_function("ellipsoid (fast GK inverse + series)", |b| {
        b.iter(|| total(&ellipsoid, black_box(&polys)))
    });
    let legacy = calc(AreaMethod::Legacy);
    g.bench_function("legacy", |b| b.iter(|| total(&legacy, black_box(&polys))));
    let planar = calc(AreaMethod::Planar);
    g.bench_function("planar", |b| b.iter(|| total(&planar, black_box(&polys))));
    let tm = sanxian_types::GkZone::three_degree_prefixed(39).projection(&crs.ellipsoid());
    let series = SurveySeries::new(&crs.ellipsoid());
    g.bench_function("generic TransverseMercator::inverse + series", |b| {
        b.iter(|| {
            black_box(&polys)
                .iter()
                .map(|p| generic_inverse_series(&tm, &series, p))
                .sum::<f64>()
        })
    });
    g.sample_size(10);
    let survey = calc(AreaMethod::Survey);
    g.bench_function("survey (rounding, 70 m densification)", |b| {
        b.iter(|| total(&survey, black_box(&polys)))
    });
    let geodesic = calc(AreaMethod::Geodesic);
    g.bench_function("geodesic (Karney)", |b| {
        b.iter(|| total(&geodesic, black_box(&polys)))
    });
    g.finish();

    // The ledger, parallel over features (all cores).
    let layer = Layer {
        name: "bench".into(),
        kind: LayerKind::LandUseSurvey,
        crs: Some(crs),
        crs_source: CrsSource::User,
        fields: vec![],
        features: polys
            .iter()
            .enumerate()
            .map(|(i, p)| Feature {
                id: FeatureId {
                    source: "bench".into(),
                    record: i as u64 + 1,
                    bsm: None,
                },
                geometry: MultiPolygon(vec![p.clone()]),
                attributes: vec![],
            })
            .collect(),
        format: SourceFormat::GeoJson,
        path: "bench".into(),
        encoding: None,
        diagnostics: vec![],
        source_records: POLYGONS as u64,
    };
    let mut g = c.benchmark_group("ledger_4527_all_cores");
    g.throughput(Throughput::Elements(vertices));
    g.sample_size(20);
    g.bench_function("AreaLedger::from_layer ellipsoid", |b| {
        b.iter(|| {
            AreaLedger::from_layer(black_box(&layer), &ellipsoid, &LedgerOptions::default())
                .map(|l| l.features.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
