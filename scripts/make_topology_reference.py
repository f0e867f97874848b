"""Makes the GEOS (shapely 2) reference for the gap finder and the coverage check.

    python3 -m venv .venv && .venv/bin/pip install shapely pyogrio
    .venv/bin/python scripts/make_topology_reference.py

Writes testdata/topology/:
  tiles.geojson   a 10 x 10 grid of 100 m tiles (EPSG:4527, legacy crs member) with planted gaps:
                  a missing tile, a ring of missing tiles around a kept one (an island), a
                  0.2 m sliver, a 0.0005 m sliver (under the 0.001 m topology tolerance), a
                  3 m triangle cut at a corner, and a notch on the outer boundary (not a gap);
  admin.geojson   the 1000 m square the tiles should cover (one XZQ feature);
  allowed.geojson a polygon over the missing tile (an allowed gap);
  reference.json  for tiles.geojson and for the demo's XZQ and DLTB: every hole of the union
                  (minus the union's polygons inside it) with its area and its width (twice
                  the radius of shapely.maximum_inscribed_circle), and for each administrative
                  feature the area of the parts of it no tile covers (parts of 0.01 m² or more).
"""
import json
import pathlib

import pyogrio.raw
import shapely
from shapely.geometry import Polygon, box, mapping

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "testdata" / "topology"
X0, Y0, S = 39500000.0, 3300000.0, 100.0


def tile(r, c):
    return (X0 + c * S, Y0 + r * S, X0 + (c + 1) * S, Y0 + (r + 1) * S)


def tiles():
    out = []
    missing = {(2, 2)} | {(6 + dr, 6 + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)} - {(6, 6)}
    for r in range(10):
        for c in range(10):
            if (r, c) in missing:
                continue
            x0, y0, x1, y1 = tile(r, c)
            if (r, c) == (4, 8):
                g = box(x0, y0, x1 - 0.2, y1)  # a 0.2 m sliver gap east of it
            elif (r, c) == (8, 2):
                g = box(x0, y0, x1 - 0.0005, y1)  # under the topology tolerance
            elif (r, c) == (0, 5):
                g = box(x0, y0 + 5.0, x1, y1)  # a notch on the outer boundary
            elif (r, c) == (2, 7):
                g = Polygon([(x0, y0), (x1, y0), (x1, y1 - 3.0), (x1 - 3.0, y1), (x0, y1)])
            else:
                g = box(x0, y0, x1, y1)
            out.append((f"T{r}{c}", g))
    return out


def gaps(geoms):
    union = shapely.union_all(geoms)
    polys = list(shapely.get_parts(union))
    found = []
    for i, p in enumerate(polys):
        for ring in p.interiors:
            hole = Polygon(ring)
            inside = [q for j, q in enumerate(polys) if j != i and q.intersects(hole)]
            g = hole.difference(shapely.union_all(inside)) if inside else hole
            for part in shapely.get_parts(g):
                if part.area <= 0:
                    continue
                radius = shapely.maximum_inscribed_circle(part, tolerance=part.length * 1e-6).length
                c = part.representative_point()
                found.append({"area_m2": part.area, "width_m": 2 * radius, "x": c.x, "y": c.y})
    found.sort(key=lambda g: (round(g["x"], 3), round(g["y"], 3)))
    return found


def uncovered(admin, geoms):
    union = shapely.union_all(geoms)
    out = []
    for a in admin:
        rest = a.difference(union)
        out.append(sum(p.area for p in shapely.get_parts(rest) if p.area >= 0.01))
    return out


def write(name, feats, field="BSM"):
    fc = {
        "type": "FeatureCollection",
        "name": name,
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4527"}},
        "features": [{"type": "Feature", "properties": {field: k}, "geometry": mapping(g)} for k, g in feats],
    }
    (OUT / f"{name}.geojson").write_text(json.dumps(fc, ensure_ascii=False) + "\n", encoding="utf-8")


def read(path):
    _, _, wkb, _ = pyogrio.raw.read(path, encoding="GBK")
    return list(shapely.from_wkb(wkb))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    t = tiles()
    write("tiles", t)
    admin = [box(X0, Y0, X0 + 10 * S, Y0 + 10 * S)]
    write("admin", [("A1", admin[0])])
    write("allowed", [("Y1", box(*tile(2, 2)).buffer(1.0, join_style="mitre"))])
    demo = ROOT / "testdata" / "demo"
    xzq, dltb = read(demo / "XZQ.shp"), read(demo / "DLTB.shp")
    ref = {
        "geos": shapely.geos_version_string,
        "shapely": shapely.__version__,
        "tiles": {"gaps": gaps([g for _, g in t]), "uncovered_m2": uncovered(admin, [g for _, g in t])},
        "demo_xzq": {"gaps": gaps(xzq)},
        "demo_dltb": {"gaps": gaps(dltb), "uncovered_m2": uncovered(xzq, dltb)},
    }
    (OUT / "reference.json").write_text(json.dumps(ref, indent=1) + "\n", encoding="utf-8")
    for k, v in ref.items():
        if isinstance(v, dict):
            print(k, [(round(g["area_m2"], 4), round(g["width_m"], 4)) for g in v["gaps"]], v.get("uncovered_m2"))


if __name__ == "__main__":
    main()
