"""Time GDAL (through pyogrio) reading the generated county, for docs/BENCHMARKS.md.

    python3 -m venv .venv && .venv/bin/pip install pyogrio shapely
    cargo bench -p sanxian-benches --bench read      # generates target/bench-data/county-s1-seed42
    .venv/bin/python scripts/bench_read_gdal.py target/bench-data/county-s1-seed42

Reads each file with pyogrio.read_dataframe-free raw arrays (pyogrio.raw.read, geometry as WKB),
which is GDAL's fastest path from Python; the best of 5 runs is reported.
"""
import sys
import time

import pyogrio
from pyogrio.raw import read

folder = sys.argv[1]
print(f"GDAL {pyogrio.__gdal_version_string__}, pyogrio {pyogrio.__version__}")
for layer in ["YJJBNTBHTB", "STBHHX"]:
    for ext in ["shp", "geojson"]:
        path = f"{folder}/{ext if ext == 'shp' else 'geojson'}/{layer}.{ext}"
        best = float("inf")
        for _ in range(5):
            t = time.perf_counter()
            meta, fids, geom, fields = read(path, encoding="GBK" if ext == "shp" else None)
            best = min(best, time.perf_counter() - t)
        print(f"{layer}.{ext}: {len(geom)} features, best {best * 1000:.0f} ms")
