"""Shapely (GEOS) reference for the plan comparison and the site occupancy of testdata/plans/.

Run from the repository root after scripts/make_plans_testdata.py:

    python3 scripts/make_plans_reference.py

Writes testdata/plans/reference.json: planar areas (EPSG:4527, m²) computed independently of
the engine, compared by crates/sanxian/tests/plans.rs:
- `compare`: per class (both_construction, only_a, only_b, neither, unmapped) the count and the
  planar area of the pieces: every A∩B, each A feature minus the union of the B features, each
  B feature minus the union of the A features, pieces below 1e-4 m² dropped;
- `occupy`: per parcel BSM, the planar area occupied of each control line (sum over the line's
  features of parcel ∩ feature) and of each land group of dltb.geojson (same grouping table as
  `sanxian::occupy::land_group`).
"""

import json
import pathlib

import pyogrio
import shapely

ROOT = pathlib.Path(__file__).resolve().parent.parent
PLANS = ROOT / "testdata" / "plans"
MIN = 1e-4


def read(path):
    meta, _, geoms, fields = pyogrio.raw.read(path)
    names = list(meta["fields"])
    g = shapely.from_wkb(geoms)
    rows = [{n: fields[j][i] for j, n in enumerate(names)} for i in range(len(g))]
    return list(g), rows


def mapping():
    import tomllib

    m = tomllib.loads((PLANS / "mapping.toml").read_text(encoding="utf-8"))
    return {p: {k: v["category"] for k, v in m[p].items()} for p in ("a", "b")}


def land_group(code):
    d = code.strip()[:4]
    if len(d) != 4 or not d.isdigit():
        return "unknown"
    f = d[:2]
    if f == "01":
        return "cultivated"
    if f in ("02", "03", "04") or d in ("1006", "1103", "1104", "1107", "1202", "1203"):
        return "other_agricultural"
    if f in ("05", "06", "07", "08", "09", "10") or d in ("1109", "1201"):
        return "construction"
    if f in ("11", "12"):
        return "unused"
    return "unknown"


def compare():
    ga, ra = read(PLANS / "plan_a.geojson")
    gb, rb = read(PLANS / "plan_b.geojson")
    m = mapping()
    cat_a = [m["a"].get(str(r["DLBM"]), "unmapped") for r in ra]
    cat_b = [m["b"].get(str(r["YDDM"]), "unmapped") for r in rb]
    tree_b = shapely.STRtree(gb)
    tree_a = shapely.STRtree(ga)
    pieces = []  # (cat_a or None, cat_b or None, area)
    for i, a in enumerate(ga):
        for j in tree_b.query(a):
            x = a.intersection(gb[j]).area
            if x > 0:
                pieces.append((cat_a[i], cat_b[j], x))
        rest = a.difference(shapely.union_all([gb[j] for j in tree_b.query(a)])).area
        pieces.append((cat_a[i], None, rest))
    for j, b in enumerate(gb):
        rest = b.difference(shapely.union_all([ga[i] for i in tree_a.query(b)])).area
        pieces.append((None, cat_b[j], rest))
    out = {c: {"count": 0, "planar_m2": 0.0} for c in ("both_construction", "only_a", "only_b", "neither", "unmapped")}
    for ca, cb, x in pieces:
        if x < MIN:
            continue
        if "unmapped" in (ca, cb):
            c = "unmapped"
        else:
            c = {(True, True): "both_construction", (True, False): "only_a", (False, True): "only_b", (False, False): "neither"}[
                (ca == "construction", cb == "construction")
            ]
        out[c]["count"] += 1
        out[c]["planar_m2"] += x
    out["plan_a_planar_m2"] = sum(a.area for a in ga)
    out["plan_b_planar_m2"] = sum(b.area for b in gb)
    return out


def occupy():
    gp, rp = read(PLANS / "parcels.geojson")
    lines = {n: read(ROOT / "testdata" / "demo" / f"{n}.shp")[0] for n in ("STBHHX", "YJJBNTBHTB", "CZKFBJ")}
    gs, rs = read(PLANS / "dltb.geojson")
    out = {}
    for p, r in zip(gp, rp):
        entry = {"planar_m2": p.area, "lines": {}, "groups": {}}
        for n, gl in lines.items():
            total = 0.0
            for g in gl:
                if not g.intersects(p):
                    continue
                x = p.intersection(g if g.is_valid else shapely.make_valid(g)).area
                if x >= MIN:
                    total += x
            entry["lines"][n] = total
        for g, s in zip(gs, rs):
            x = p.intersection(g).area if g.intersects(p) else 0.0
            if x >= MIN:
                k = land_group(str(s["DLBM"]))
                entry["groups"][k] = entry["groups"].get(k, 0.0) + x
        out[str(r["BSM"])] = entry
    return out


def main():
    ref = {"shapely": shapely.__version__, "geos": shapely.geos_version_string, "compare": compare(), "occupy": occupy()}
    (PLANS / "reference.json").write_text(json.dumps(ref, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
