"""pyproj on the generated county's farmland, the same work as benches/benches/area.rs.

    .venv/bin/python scripts/bench_area_county_pyproj.py target/bench-data/county-s1-seed42/shp

Inverse projection of every vertex (Transformer EPSG:4527 -> 4490, vectorised) and the geodesic
polygon area per feature (Geod on CGCS2000), timed together; loading untimed; best of 3.
"""
import sys
import time

import numpy as np
import pyogrio.raw
import shapely
from pyproj import Geod, Transformer

folder = sys.argv[1]
_, _, wkb, _ = pyogrio.raw.read(f"{folder}/YJJBNTBHTB.shp", encoding="GBK")
geoms = shapely.from_wkb(wkb)
rings = []
for g in geoms:
    for p in shapely.get_parts(g):
        rings.append((np.asarray(p.exterior.coords), [np.asarray(r.coords) for r in p.interiors]))
n = sum(len(e) + sum(len(h) for h in hs) for e, hs in rings)
tr = Transformer.from_crs(4527, 4490, always_xy=True)
geod = Geod(a=6378137.0, rf=298.257222101)


def run():
    xs = np.concatenate([e[:, 0] for e, _ in rings] + [h[:, 0] for _, hs in rings for h in hs])
    ys = np.concatenate([e[:, 1] for e, _ in rings] + [h[:, 1] for _, hs in rings for h in hs])
    lon, lat = tr.transform(xs, ys)
    total, k = 0.0, 0
    for e, hs in rings:
        m = len(e)
        a, _ = geod.polygon_area_perimeter(lon[k:k + m], lat[k:k + m])
        total += abs(a)
        k += m
        for h in hs:
            m = len(h)
            a, _ = geod.polygon_area_perimeter(lon[k:k + m], lat[k:k + m])
            total -= abs(a)
            k += m
    return total


times = []
for _ in range(3):
    t = time.perf_counter()
    total = run()
    times.append(time.perf_counter() - t)
print(f"pyproj: {n} vertices, best {min(times):.3f} s = {min(times) / n * 1e9:.0f} ns/vertex, total {total:.2f} m²")
