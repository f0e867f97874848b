#!/usr/bin/env bash
# Runs sanxian's benchmarks on the generated county and the GDAL / GEOS / pyproj counterparts on
# the same files, in one run. Figures go to docs/BENCHMARKS.md by hand.
#   scripts/bench.sh [SCALE]      (default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-1}"
export SANXIAN_BENCH_SCALE="$scale"
dir="target/bench-data/realistic-s${scale}-seed42"
# The benchmarks use the county with realistic conflicts (SANXIAN_BENCH_CONFLICTS=apart: the
# county with its lines apart and planted errors, in county-s${scale}-seed42).
[ "${SANXIAN_BENCH_CONFLICTS:-}" = apart ] && dir="target/bench-data/county-s${scale}-seed42"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
    .venv/bin/pip install -q shapely pyogrio pyproj numpy
fi
cargo bench -p sanxian-benches --bench read
.venv/bin/python scripts/bench_read_gdal.py "$dir"
cargo bench -p sanxian-benches --bench overlay
.venv/bin/python scripts/bench_overlay_shapely.py "$dir/shp"
cargo bench -p sanxian-benches --bench area
.venv/bin/python scripts/bench_area_county_pyproj.py "$dir/shp"
cargo bench -p sanxian-benches --bench check
cargo bench -p sanxian-benches --bench plans

echo "== end to end (the commands as a user runs them, beside GDAL + GEOS)"
scripts/bench_e2e.sh "$scale"
