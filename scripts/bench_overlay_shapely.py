"""GEOS (shapely 2) on the generated county, the same work as benches/benches/overlay.rs.

    .venv/bin/python scripts/bench_overlay_shapely.py target/bench-data/county-s1-seed42/shp

Loading is not timed. Two ways per task:
  predicate: STRtree on the second layer, query with the first (predicate "intersects", which
             prepares the query geometries), vectorised shapely.intersection on the hits;
  boxes:     STRtree query on envelopes only, vectorised intersection on every candidate pair
             (the plain "STRtree plus vectorised intersection").
Areas > 0.0001 m² are kept. Invalid inputs are made valid first (untimed). Best of 3 runs.
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


def between(a, b, predicate="intersects"):
    tree = shapely.STRtree(b)
    ia, ib = tree.query(a, predicate=predicate)
    areas = shapely.area(shapely.intersection(a[ia], b[ib]))
    return int((areas > 1e-4).sum()), float(areas[areas > 1e-4].sum())


def within(a, predicate="intersects"):
    tree = shapely.STRtree(a)
    ia, ib = tree.query(a, predicate=predicate)
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
for name, pred in [("predicate", "intersects"), ("boxes", None)]:
    t, r = best(lambda: between(farm, red, pred))
    print(f"{name}: farmland x red line (farmland queries): {t:.2f} s  {r}")
    t, r = best(lambda: between(red, farm, pred))
    print(f"{name}: red line x farmland (red lines query): {t:.2f} s  {r}")
    t, r = best(lambda: [between(red, farm, pred), between(red, urban, pred), between(farm, urban, pred)])
    print(f"{name}: three control-line pairs: {t:.2f} s  {r}")
    t, r = best(lambda: within(farm, pred), runs=1 if pred is None else 3)
    print(f"{name}: farmland within: {t:.2f} s  {r}")
