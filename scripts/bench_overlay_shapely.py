"""GEOS (shapely 2) on the generated county, the same work as benches/benches/overlay.rs.

    .venv/bin/python scripts/bench_overlay_shapely.py target/bench-data/county-s1-seed42/shp

Loading is not timed. Each task: STRtree on one layer, query with the other (predicate
"intersects"), vectorised shapely.intersection on the candidate pairs, areas, keep > 0.0001 m².
Invalid inputs are made valid first (untimed). Best of 3 runs.
"""
import sys
import time

import numpy as np
import pyogrio.raw
import shapely

folder = sys.argv[1]


def load(code):
    _, _, wkb, _ = pyogrio.raw.read(f"{folder}/{code}.shp", encoding="GBK")
    g = shapely.from_wkb(wkb)
    bad = ~shapely.is_valid(g)
    g[bad] = shapely.make_valid(g[bad])
    return g


red, farm, urban = load("STBHHX"), load("YJJBNTBHTB"), load("CZKFBJ")
for g in (red, farm, urban):
    shapely.prepare(g)


def between(a, b):
    tree = shapely.STRtree(b)
    ia, ib = tree.query(a, predicate="intersects")
    areas = shapely.area(shapely.intersection(a[ia], b[ib]))
    return int((areas > 1e-4).sum()), float(areas[areas > 1e-4].sum())


def within(a):
    tree = shapely.STRtree(a)
    ia, ib = tree.query(a, predicate="intersects")
    keep = ia < ib
    ia, ib = ia[keep], ib[keep]
    areas = shapely.area(shapely.intersection(a[ia], a[ib]))
    return int((areas > 1e-4).sum()), float(areas[areas > 1e-4].sum())


def best(f, runs=3):
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


print(f"GEOS {shapely.geos_version_string}, shapely {shapely.__version__}")
t, r = best(lambda: between(farm, red))
print(f"farmland x red line: {t:.2f} s  {r}")
t, r = best(lambda: [between(red, farm), between(red, urban), between(farm, urban)])
print(f"three control-line pairs: {t:.2f} s  {r}")
t, r = best(lambda: within(farm))
print(f"farmland within: {t:.2f} s  {r}")
