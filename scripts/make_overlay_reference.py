"""Make the GEOS (shapely 2) reference for the overlay and coverage of a draft folder.

    python3 -m venv .venv && .venv/bin/pip install shapely pyogrio
    .venv/bin/python scripts/make_overlay_reference.py testdata/demo testdata/reference/demo

or, for a draft that is not committed, with a third argument saying how it was made:

    cargo run --release -p sanxian-gen -- --scale 0.05 --conflicts realistic --out target/realistic
    .venv/bin/python scripts/make_overlay_reference.py target/realistic testdata/reference/realistic \
        "sanxian-gen --scale 0.05 --seed 42 --conflicts realistic"

Writes, for the three control-line pairs and each layer (with DLTB when present) within itself (STRtree candidates,
then shapely.intersection on every candidate pair):
  overlaps.csv   layer_a,record_a,layer_b,record_b,area_m2   (pairs with area > 0.0001 m²)
  outside.csv    layer,record,area_m2   (area of each control-line or DLTB feature outside the union of XZQ)
Invalid inputs are made valid first with shapely.make_valid (GEOS MakeValid), as sanxian
repairs them before the overlay. Records are 1-based positions in the shapefile.
"""
import csv
import os
import sys

import numpy as np
import pyogrio
import pyogrio.raw
import shapely

TOL = 1e-4
folder, out = sys.argv[1], sys.argv[2]
made_by = sys.argv[3] if len(sys.argv) > 3 else None
os.makedirs(out, exist_ok=True)


def load(code):
    _, _, wkb, _ = pyogrio.raw.read(os.path.join(folder, code + ".shp"), encoding="GBK")
    geoms = shapely.from_wkb(wkb)
    invalid = ~shapely.is_valid(geoms)
    geoms[invalid] = shapely.make_valid(geoms[invalid])
    # make_valid may return collections with lines; keep the polygonal part.
    geoms = np.array([g if g.geom_type in ("Polygon", "MultiPolygon") else
                      shapely.union_all([p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")])
                      for g in geoms])
    return geoms


# The land survey (DLTB) when the draft has one: it must not overlap itself and must lie
# inside XZQ, as the control lines.
CODES = [c for c in ["STBHHX", "YJJBNTBHTB", "CZKFBJ", "XZQ", "DLTB"]
         if os.path.exists(os.path.join(folder, c + ".shp"))]
layers = {c: load(c) for c in CODES}
rows = []


def pairs(a, b, within):
    ga, gb = layers[a], layers[b]
    tree = shapely.STRtree(gb)
    ia, ib = tree.query(ga, predicate="intersects")
    if within:
        keep = ia < ib
        ia, ib = ia[keep], ib[keep]
    areas = shapely.area(shapely.intersection(ga[ia], gb[ib]))
    for i, j, ar in zip(ia, ib, areas):
        if ar > TOL:
            rows.append((a, int(i) + 1, b, int(j) + 1, float(ar)))


for a in CODES:
    pairs(a, a, True)
for a, b in [("STBHHX", "YJJBNTBHTB"), ("STBHHX", "CZKFBJ"), ("YJJBNTBHTB", "CZKFBJ")]:
    pairs(a, b, False)
rows.sort()
with open(os.path.join(out, "overlaps.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["layer_a", "record_a", "layer_b", "record_b", "area_m2"])
    for r in rows:
        w.writerow([r[0], r[1], r[2], r[3], repr(r[4])])

admin = shapely.union_all(layers["XZQ"])
with open(os.path.join(out, "outside.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["layer", "record", "area_m2"])
    for code in [c for c in CODES if c != "XZQ"]:
        outside = shapely.area(shapely.difference(layers[code], admin))
        for i, ar in enumerate(outside):
            if ar > 0.01:
                w.writerow([code, i + 1, repr(float(ar))])
with open(os.path.join(out, "README.md"), "w") as f:
    draft = f"the draft written by `{made_by}`" if made_by else "the draft in the parent folder"
    f.write(f"GEOS {shapely.geos_version_string} (shapely {shapely.__version__}) reference for {draft}; "
            "made by scripts/make_overlay_reference.py.\n")
print(len(rows), "overlapping pairs")
