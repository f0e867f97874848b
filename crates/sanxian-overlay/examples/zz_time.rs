#[path = "../tests/common/synth.rs"]
mod synth;
use sanxian_overlay::*;
use std::time::Instant;

fn main() {
    let s: f64 = std::env::var("SANXIAN_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let t = Instant::now();
    let county = synth::county(
        (100_000.0 * s) as usize,
        ((300.0 * s) as usize).max(3),
        (1_250_000.0 * s) as usize,
        ((20.0 * s) as usize).max(2),
        42,
    );
    eprintln!(
        "gen {:?}: farmland {} / {}, red {} / {}, urban {} / {}",
        t.elapsed(),
        county.farmland.features.len(),
        county.farmland.vertex_count(),
        county.redline.features.len(),
        county.redline.vertex_count(),
        county.urban.features.len(),
        county.urban.vertex_count()
    );
    let opts = OverlapOptions::default();
    for _ in 0..2 {
        let t = Instant::now();
        let pf = PreparedLayer::new(&county.farmland, &opts).unwrap();
        let t1 = t.elapsed();
        let pr = PreparedLayer::new(&county.redline, &opts).unwrap();
        let t2 = t.elapsed();
        let c = candidate_join(&pf, &pr);
        let t3 = t.elapsed();
        let r = refine(&pf, &pr, &c, &opts);
        let t4 = t.elapsed();
        eprintln!(
            "F×R prep farm {:?} prep red {:?} join {:?} ({}) refine {:?}: {:?} {:?}",
            t1,
            t2 - t1,
            t3 - t2,
            c.len(),
            t4 - t3,
            r.summary,
            r.stats
        );
        let t = Instant::now();
        let cw = candidate_join_within(&pf);
        let t1 = t.elapsed();
        let r = refine(&pf, &pf, &cw, &opts);
        eprintln!(
            "within join {:?} ({}) refine {:?}: {} {:?}",
            t1,
            cw.len(),
            t.elapsed() - t1,
            r.summary.pairs,
            r.stats
        );
        let t = Instant::now();
        let pu = PreparedLayer::new(&county.urban, &opts).unwrap();
        let (pf, pr) = sanxian_overlay_join(
            || PreparedLayer::new(&county.farmland, &opts).unwrap(),
            || PreparedLayer::new(&county.redline, &opts).unwrap(),
        );
        let tp = t.elapsed();
        let r1 = overlaps_between_prepared(&pr, &pf, &opts).unwrap();
        let r2 = overlaps_between_prepared(&pr, &pu, &opts).unwrap();
        let r3 = overlaps_between_prepared(&pf, &pu, &opts).unwrap();
        eprintln!(
            "three pairs prepared-once {:?} (prep {:?}): {} {} {}  {:?} {:?}",
            t.elapsed(),
            tp,
            r1.summary.pairs,
            r2.summary.pairs,
            r3.summary.pairs,
            r2.stats,
            r3.stats
        );
        let t = Instant::now();
        let r = overlaps_within(&county.farmland, &opts).unwrap();
        eprintln!("within total {:?} {}", t.elapsed(), r.summary.pairs);
    }
}
fn sanxian_overlay_join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    std::thread::scope(|s| {
        let h = s.spawn(a);
        let y = b();
        (h.join().unwrap(), y)
    })
}
