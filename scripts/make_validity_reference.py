"""Make testdata/validity/reference.json: random polygons with GEOS's validity verdict.

The oracle for crates/sanxian-rules/tests/validity_vs_geos.rs. Needs shapely 2:
    python3 -m venv .venv && .venv/bin/pip install shapely && .venv/bin/python scripts/make_validity_reference.py
"""
import json
import math
import random

import shapely
from shapely.geometry import MultiPolygon, Polygon

rng = random.Random(20261126)


def star(cx, cy, r, n, jitter):
    pts = []
    for k in range(n):
        a = 2 * math.pi * k / n
        rr = r * (1 + rng.uniform(-jitter, jitter))
        pts.append((round(cx + rr * math.cos(a), 3), round(cy + rr * math.sin(a), 3)))
    pts.append(pts[0])
    return pts


cases = []
for i in range(400):
    kind = i % 8
    n = rng.randint(5, 60)
    if kind == 0:  # simple star
        shell, holes, parts = star(0, 0, 100, n, 0.3), [], None
    elif kind == 1:  # jitter so strong rings may cross themselves
        shell, holes, parts = star(0, 0, 100, n, 0.95), [], None
    elif kind == 2:  # random vertex order: usually self-intersecting
        pts = [(round(rng.uniform(0, 100), 3), round(rng.uniform(0, 100), 3)) for _ in range(n)]
        shell, holes, parts = pts + [pts[0]], [], None
    elif kind == 3:  # hole somewhere near the shell
        shell = star(0, 0, 100, n, 0.2)
        holes = [star(rng.uniform(-90, 90), rng.uniform(-90, 90), rng.uniform(5, 40), 8, 0.2)]
        parts = None
    elif kind == 4:  # two holes that may overlap each other
        shell = star(0, 0, 100, n, 0.1)
        holes = [star(rng.uniform(-30, 30), 0, 25, 7, 0.2), star(rng.uniform(-30, 30), 10, 25, 7, 0.2)]
        parts = None
    elif kind == 5:  # two parts that may overlap, nest or be apart
        d = rng.uniform(0, 250)
        parts = [(star(0, 0, 100, n, 0.2), []), (star(d, 0, rng.uniform(10, 120), 9, 0.2), [])]
        shell = holes = None
    elif kind == 6:  # part inside the hole of another (valid island in a lake)
        parts = [(star(0, 0, 100, n, 0.05), [star(0, 0, 50, 12, 0.05)]), (star(0, 0, rng.uniform(10, 60), 10, 0.05), [])]
        shell = holes = None
    else:  # a spike: out and back along the same line
        base = star(0, 0, 100, n, 0.1)[:-1]
        k = rng.randrange(len(base))
        x, y = base[k]
        base = base[: k + 1] + [(x * 1.5, y * 1.5), (x, y)] + base[k + 1 :]
        shell, holes, parts = base + [base[0]], [], None
    if parts is None:
        geom = MultiPolygon([Polygon(shell, holes)])
        parts = [(shell, holes)]
    else:
        geom = MultiPolygon([Polygon(s, h) for s, h in parts])
    cases.append({
        "parts": [[s] + h for s, h in parts],
        "valid": bool(shapely.is_valid(geom)),
        "reason": shapely.is_valid_reason(geom),
    })

with open("testdata/validity/reference.json", "w") as f:
    json.dump({"oracle": f"GEOS {shapely.geos_version_string} via shapely {shapely.__version__}", "cases": cases}, f)
print(sum(c["valid"] for c in cases), "valid of", len(cases))
