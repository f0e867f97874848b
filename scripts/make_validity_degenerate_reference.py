"""Make testdata/validity/degenerate.json: polygons on a small integer grid with GEOS's verdict.

On a grid of a few units, random rings touch at vertices, share edges, cross through shared
vertices, visit a point twice and nest in every way, which is where validity algorithms go
wrong; the 400 smooth cases of make_validity_reference.py rarely do. The oracle for
crates/sanxian-overlay/tests/validity_vs_geos.rs. Needs shapely 2:
    python3 -m venv .venv && .venv/bin/pip install shapely && .venv/bin/python scripts/make_validity_degenerate_reference.py
"""
import json
import random

import shapely
from shapely.geometry import LinearRing, MultiPolygon, Polygon

rng = random.Random(20261202)


def ring(n, lo, hi):
    """A closed ring of n random grid points (no consecutive repeats), or None."""
    pts = []
    while len(pts) < n:
        p = (rng.randint(lo, hi), rng.randint(lo, hi))
        if pts and pts[-1] == p:
            continue
        pts.append(p)
    if pts[0] == pts[-1]:
        pts.pop()
    if len(set(pts)) < 3:
        return None
    return [list(p) for p in pts] + [list(pts[0])]


def square(x0, y0, s):
    return [[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]]


def facts(parts):
    """Independent facts behind a verdict, for cases where GEOS names another defect first:
    which rings are not simple, which rings of one polygon overlap partially (their discs share
    area and neither holds the other), which parts share area."""
    discs = [[Polygon(r).buffer(0) for r in p] for p in parts]
    not_simple = [[i, k] for i, p in enumerate(parts) for k, r in enumerate(p) if not LinearRing(r).is_simple]
    rings_cross = []
    for i, d in enumerate(discs):
        for k in range(len(d)):
            for m in range(k + 1, len(d)):
                a, b = d[k], d[m]
                if a.intersection(b).area > 0 and not (a.contains(b) or b.contains(a)):
                    rings_cross.append([i, k, m])
    shapes = [Polygon(p[0], p[1:]).buffer(0) for p in parts]
    parts_overlap = [[i, j] for i in range(len(shapes)) for j in range(i + 1, len(shapes)) if shapes[i].intersection(shapes[j]).area > 0]
    return {"not_simple": not_simple, "rings_cross": rings_cross, "parts_overlap": parts_overlap}


cases = []
while len(cases) < 1600:
    kind = len(cases) % 10
    if kind == 0:  # one random ring
        parts = [[ring(rng.randint(3, 8), 0, 5)]]
    elif kind == 1:  # square shell with random holes
        parts = [[square(0, 0, 8)] + [ring(rng.randint(3, 5), 0, 8) for _ in range(rng.randint(1, 3))]]
    elif kind == 2:  # two or three random parts
        parts = [[ring(rng.randint(3, 5), 0, 6)] for _ in range(rng.randint(2, 3))]
    elif kind == 3:  # squares on a grid: shared edges, shared corners, nesting
        parts = []
        for _ in range(rng.randint(2, 3)):
            s = rng.randint(1, 4)
            parts.append([square(rng.randint(0, 4), rng.randint(0, 4), s)])
    elif kind == 4:  # shell with square holes that touch the shell or each other
        holes = []
        for _ in range(rng.randint(1, 4)):
            s = rng.randint(1, 3)
            holes.append(square(rng.randint(0, 6), rng.randint(0, 6), s))
        parts = [[square(0, 0, 8)] + holes]
    elif kind == 5:  # a part inside a hole of another, or not
        s = rng.randint(1, 5)
        x, y = rng.randint(1, 5), rng.randint(1, 5)
        parts = [[square(0, 0, 8), square(2, 2, 4)], [square(x, y, s)]]
    elif kind == 6:  # holes in distinct cells of a lattice: touching at corners or edges
        cells = rng.sample([(x, y) for x in (1, 3, 5) for y in (1, 3, 5)], rng.randint(2, 5))
        parts = [[square(0, 0, 8)] + [square(x, y, 2) for x, y in cells]]
    elif kind == 7:  # triangles around a common apex: touching there, or crossing through it
        parts = []
        for _ in range(rng.randint(2, 4)):
            a = [rng.randint(0, 8), rng.randint(0, 8)]
            b = [rng.randint(0, 8), rng.randint(0, 8)]
            parts.append([[[4, 4], a, b, [4, 4]]])
        if any(len({tuple(q) for q in r[0][:3]}) < 3 or (r[0][1][0] - 4) * (r[0][2][1] - 4) == (r[0][2][0] - 4) * (r[0][1][1] - 4) for r in parts):
            continue
    elif kind == 8:  # diamond holes whose corners touch the shell or each other
        holes = []
        for _ in range(rng.randint(1, 3)):
            cx, cy, r = rng.randint(1, 7), rng.randint(1, 7), rng.randint(1, 2)
            holes.append([[cx - r, cy], [cx, cy - r], [cx + r, cy], [cx, cy + r], [cx - r, cy]])
        parts = [[square(0, 0, 8)] + holes]
    else:  # a hole anywhere near the shell: inside, touching, crossing or outside
        s = rng.randint(1, 3)
        parts = [[square(0, 0, 8), square(rng.randint(-4, 11), rng.randint(-4, 11), s)]]
    if any(r is None for p in parts for r in p):
        continue
    geom = MultiPolygon([Polygon(p[0], p[1:]) for p in parts])
    cases.append({
        "parts": parts,
        "valid": bool(shapely.is_valid(geom)),
        "reason": shapely.is_valid_reason(geom),
        "facts": facts(parts),
    })

with open("testdata/validity/degenerate.json", "w") as f:
    json.dump({"oracle": f"GEOS {shapely.geos_version_string} via shapely {shapely.__version__}", "cases": cases}, f)
print(sum(c["valid"] for c in cases), "valid of", len(cases))
