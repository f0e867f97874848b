#!/usr/bin/env bash
# Multi-plan comparison and overlay ledgers: engine only (criterion) and end to end (the
# commands as a user runs them, read-compute-write), beside the two-layer overlaps they
# correspond to and the geopandas (GEOS) twin on the same files, in one run. Wall times by
# hyperfine, peak memory by GNU time. Figures go to docs/BENCHMARKS.md by hand.
#   scripts/bench_ledgers.sh [RUNS]      (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
plans="target/bench-data/plans-1e5"
county="target/bench-data/survey-realistic-s1-seed42"
out="target/bench-out"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/pip install -q shapely pyogrio pyproj geopandas numpy
[ -f "$plans/c.shp" ] || .venv/bin/python scripts/make_plans_bench.py "$plans"
cargo build --release -q -p sanxian-cli -p sanxian-gen
bin=target/release/sanxian
[ -f "$county/manifest.json" ] || target/release/sanxian-gen --scale 1 --seed 42 --survey \
    --conflicts realistic --out "$county"
mkdir -p "$out"
echo "== machine"
nproc
grep -m1 "model name" /proc/cpuinfo || true
free -g | head -2

SANXIAN_BENCH_SCALE=1 cargo bench -p sanxian-benches --bench plans

peak() { /usr/bin/time -f "peak %M KB, %e s wall, %U s user, %S s sys" "$@" >/dev/null; }
p=$plans
two="compare-plans --plan a=$p/a.shp:DLBM --plan b=$p/b.shp:YDDM --mapping $p/mapping.toml"
three="$two --plan c=$p/c.shp:GHLX"
echo "== end to end: plans (1e5 patches each)"
hyperfine -N -w 1 -r "$runs" \
    "$bin overlaps $p/a.shp $p/b.shp --out $out/plans-overlaps" \
    "$bin $two --out $out/plans-two" \
    "$bin $three --out $out/plans-three"
peak "$bin" overlaps "$p/a.shp" "$p/b.shp" --out "$out/plans-overlaps"
peak $bin $two --out "$out/plans-two"
peak $bin $three --out "$out/plans-three"
du -sh "$out/plans-overlaps" "$out/plans-two" "$out/plans-three"
echo "== end to end: farmland × DLTB"
c=$county
hyperfine -N -w 1 -r "$runs" \
    "$bin overlaps $c/YJJBNTBHTB.shp $c/DLTB.shp --out $out/ledger-overlaps" \
    "$bin tabulate $c/YJJBNTBHTB.shp:XZQDM $c/DLTB.shp:DLBM --out $out/ledger-tabulate"
peak "$bin" overlaps "$c/YJJBNTBHTB.shp" "$c/DLTB.shp" --out "$out/ledger-overlaps"
peak "$bin" tabulate "$c/YJJBNTBHTB.shp:XZQDM" "$c/DLTB.shp:DLBM" --out "$out/ledger-tabulate"
echo "== geopandas (GEOS) twin, compute only"
.venv/bin/python scripts/bench_ledgers_geopandas.py "$plans" "$county"
