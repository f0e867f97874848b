#!/usr/bin/env bash
# End-to-end benchmarks: the commands as a user runs them (read, compute, write) on the
# generated county with realistic conflicts, from Shapefile and from GeoJSON, beside the
# GDAL + GEOS twin of `overlaps` on the same files in the same run. Wall times by hyperfine
# (Debian: apt-get install hyperfine), peak memory by GNU time. Figures go to
# docs/BENCHMARKS.md by hand.
#   scripts/bench_e2e.sh [SCALE] [RUNS]      (defaults 1 and 5)
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-1}"
runs="${2:-5}"
data="target/bench-data/realistic-s${scale}-seed42"
out="target/bench-out"
cargo build --release -q -p sanxian-cli -p sanxian-gen
bin=target/release/sanxian
for fmt in shp geojson; do
    if [ ! -f "$data/$fmt/manifest.json" ]; then
        target/release/sanxian-gen --scale "$scale" --seed 42 --conflicts realistic \
            --format "$fmt" --out "$data/$fmt"
    fi
done
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/pip install -q shapely pyogrio pyproj geopandas numpy
mkdir -p "$out"
echo "== machine"
nproc
grep -m1 "model name" /proc/cpuinfo || true
free -g | head -2
du -sh "$data/shp/YJJBNTBHTB.shp" "$data/shp/STBHHX.shp" "$data/geojson/YJJBNTBHTB.geojson"

peak() { /usr/bin/time -f "peak %M KB, %e s wall, %U s user, %S s sys" "$@" >/dev/null; }

for fmt in shp geojson; do
    d="$data/$fmt"
    echo "== overlaps YJJBNTBHTB × STBHHX ($fmt)"
    hyperfine -N -w 1 -r "$runs" \
        "$bin overlaps $d/YJJBNTBHTB.$fmt $d/STBHHX.$fmt --out $out/overlaps-$fmt"
    peak "$bin" overlaps "$d/YJJBNTBHTB.$fmt" "$d/STBHHX.$fmt" --out "$out/overlaps-$fmt"
    echo "== check ($fmt)"
    hyperfine -N -w 1 -r "$runs" "$bin check $d --out $out/check-$fmt --exit-zero -q"
    peak "$bin" check "$d" --out "$out/check-$fmt" --exit-zero -q
done
for fmt in shp geojson; do
    d="$data/$fmt"
    echo "== GDAL + GEOS twin of overlaps ($fmt)"
    .venv/bin/python scripts/bench_overlaps_geos.py "$d/YJJBNTBHTB.$fmt" "$d/STBHHX.$fmt" \
        "$out/geos-$fmt"
done
echo "== read only (sanxian info) and GDAL's read"
hyperfine -N -w 1 -r "$runs" "$bin info $data/shp/YJJBNTBHTB.shp" \
    "$bin info $data/geojson/YJJBNTBHTB.geojson"
