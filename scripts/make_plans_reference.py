"""Shapely (GEOS) and PROJ reference for the plan comparison and the site occupancy of
testdata/plans/.

Run from the repository root after scripts/make_plans_testdata.py, with shapely, pyogrio and
pyproj:

    python3 scripts/make_plans_reference.py

Writes testdata/plans/reference.json, computed independently of the engine and compared by
crates/sanxian-plans/tests/plans.rs. Areas are planar (EPSG:4527, shapely) and official
ellipsoid areas: the land-survey series of DOMAIN.md §3 (first eccentricity, CGCS2000) written
here in Python on vertices inverse-projected to lon/lat by PROJ (EPSG:4527 → EPSG:4490). The
series depends on the vertices of a polygon (a vertex inside a long straight edge moves it), so
the piece areas of `compare` are measured after dropping exactly collinear vertices
(`shapely.simplify(g, 0)`), as the test does with the engine's pieces.

- `compare` (plan_a × plan_b) and `compare_self` (plan_a_self × plan_b): per class
  (both_construction, only_a, only_b, neither, unmapped) the count, planar and ellipsoid area
  of the pieces — every A∩B, each A feature minus the union of the B features, each B feature
  minus the union of the A features, pieces below 1e-4 m² dropped — and how many of them
  overlap the red line; per county (XZQDM of the A feature, else of the B feature) the area
  per class; each plan's feature areas, the sums of the pieces on its side, and its
  self-overlap (every pair of its features overlapping by at least 1e-4 m²).
- `occupy`: per parcel BSM (parcels.geojson and parcels_overlapping.geojson), planar and
  ellipsoid area of parcel ∩ union(features) of each control line, of each land group of
  dltb.geojson (same grouping table as `sanxian::plans::land_group`) and of each 耕地
  subclass, and by how much the per-feature pieces exceed the union (features overlapping
  each other inside the parcel).
"""

import json
import pathlib
import sys

import pyogrio
import pyproj
import shapely

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import oracle_area  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
PLANS = ROOT / "testdata" / "plans"
MIN = 1e-4
TO_LONLAT = pyproj.Transformer.from_crs("EPSG:4527", "EPSG:4490", always_xy=True)



def ellipsoid(g):
    return oracle_area.area(g, TO_LONLAT)


def polys(g):
    """The polygonal part of an intersection result."""
    if g.is_empty:
        return g
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    return shapely.union_all([x for x in getattr(g, "geoms", []) if x.geom_type in ("Polygon", "MultiPolygon")])


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


CLASSES = ("both_construction", "only_a", "only_b", "neither", "unmapped")


def classify(ca, cb):
    if "unmapped" in (ca, cb):
        return "unmapped"
    return {(True, True): "both_construction", (True, False): "only_a", (False, True): "only_b", (False, False): "neither"}[
        (ca == "construction", cb == "construction")
    ]


def compare(plan_a):
    ga, ra = read(PLANS / plan_a)
    gb, rb = read(PLANS / "plan_b.geojson")
    red, _ = read(ROOT / "testdata" / "demo" / "STBHHX.shp")
    red = shapely.union_all([g if g.is_valid else shapely.make_valid(g) for g in red])
    m = mapping()
    cat_a = [m["a"].get(str(r["DLBM"]), "unmapped") for r in ra]
    cat_b = [m["b"].get(str(r["YDDM"]), "unmapped") for r in rb]
    xa = [str(r["XZQDM"]) for r in ra]
    xb = [str(r["XZQDM"]) for r in rb]
    tree_b = shapely.STRtree(gb)
    tree_a = shapely.STRtree(ga)
    pieces = []  # (index in A or None, index in B or None, geometry)
    for i, a in enumerate(ga):
        near = sorted(tree_b.query(a))
        for j in near:
            x = polys(a.intersection(gb[j]))
            if x.area >= MIN:
                pieces.append((i, j, x))
        pieces.append((i, None, a.difference(shapely.union_all([gb[j] for j in near]))))
    for j, b in enumerate(gb):
        near = sorted(tree_a.query(b))
        pieces.append((None, j, b.difference(shapely.union_all([ga[i] for i in near]))))
    out = {c: {"count": 0, "planar_m2": 0.0, "ellipsoid_m2": 0.0, "overlapping_red_line": 0} for c in CLASSES}
    by_county = {}
    side = {"a": 0.0, "b": 0.0}
    for i, j, g in pieces:
        if g.area < MIN:
            continue
        c = classify(cat_a[i] if i is not None else None, cat_b[j] if j is not None else None)
        # The series depends on the vertices: a vertex in the middle of a long straight edge
        # moves the area by ~0.05 m² on 600 m edges. Pieces of two overlay engines differ in
        # such vertices only; both sides drop exactly collinear vertices before measuring.
        e = ellipsoid(shapely.simplify(g, 0))
        out[c]["count"] += 1
        out[c]["planar_m2"] += g.area
        out[c]["ellipsoid_m2"] += e
        if g.intersection(red).area > 0:
            out[c]["overlapping_red_line"] += 1
        county = (xa[i] if i is not None and xa[i] else "") or (xb[j] if j is not None else "")
        by_county.setdefault(county, {k: 0.0 for k in CLASSES})[c] += e
        if i is not None:
            side["a"] += g.area
        if j is not None:
            side["b"] += g.area
    self_overlap = {}
    for name, geoms, rows in (("a", ga, ra), ("b", gb, rb)):
        tree = shapely.STRtree(geoms)
        pairs = []
        for i, g in enumerate(geoms):
            for j in sorted(tree.query(g)):
                if j <= i:
                    continue
                x = polys(g.intersection(geoms[j]))
                if x.area >= MIN:
                    pairs.append({"bsm": [str(rows[i]["BSM"]), str(rows[j]["BSM"])], "planar_m2": x.area, "ellipsoid_m2": ellipsoid(x)})
        self_overlap[name] = pairs
    return {
        "classes": out,
        "by_county_ellipsoid_m2": by_county,
        "plan_a_planar_m2": sum(a.area for a in ga),
        "plan_b_planar_m2": sum(b.area for b in gb),
        "pieces_a_planar_m2": side["a"],
        "pieces_b_planar_m2": side["b"],
        "self_overlap": self_overlap,
    }


def occupy():
    lines = {}
    for n in ("STBHHX", "YJJBNTBHTB", "CZKFBJ"):
        g, _ = read(ROOT / "testdata" / "demo" / f"{n}.shp")
        lines[n] = [x if x.is_valid else shapely.make_valid(x) for x in g]
    gs, rs = read(PLANS / "dltb.geojson")
    out = {}
    for file in ("parcels.geojson", "parcels_overlapping.geojson"):
        gp, rp = read(PLANS / file)
        for p, r in zip(gp, rp):
            entry = {"planar_m2": p.area, "ellipsoid_m2": ellipsoid(p), "lines": {}, "groups": {}, "cultivated": {}, "self_overlap_ellipsoid_m2": {}}
            buckets = {}
            for n, gl in lines.items():
                buckets[n] = [polys(p.intersection(g)) for g in gl if g.intersects(p)]
            for g, s in zip(gs, rs):
                if not g.intersects(p):
                    continue
                code = str(s["DLBM"])
                x = polys(p.intersection(g))
                buckets.setdefault("survey:" + land_group(code), []).append(x)
                if land_group(code) == "cultivated":
                    buckets.setdefault("cultivated:" + code.strip()[:4], []).append(x)
            for key, pieces in buckets.items():
                pieces = [x for x in pieces if x.area >= MIN]
                union = shapely.union_all(pieces) if pieces else shapely.Polygon()
                value = {"planar_m2": union.area, "ellipsoid_m2": ellipsoid(union)}
                twice = sum(ellipsoid(x) for x in pieces) - value["ellipsoid_m2"]
                if twice >= MIN:
                    entry["self_overlap_ellipsoid_m2"][key] = twice
                if key.startswith("survey:"):
                    entry["groups"][key[7:]] = value
                elif key.startswith("cultivated:"):
                    entry["cultivated"][key[11:]] = value
                else:
                    entry["lines"][key] = value
            out[str(r["BSM"])] = entry
    return out


def main():
    ref = {
        "shapely": shapely.__version__,
        "geos": shapely.geos_version_string,
        "proj": pyproj.proj_version_str,
        "compare": compare("plan_a.geojson"),
        "compare_self": compare("plan_a_self.geojson"),
        "occupy": occupy(),
    }
    (PLANS / "reference.json").write_text(json.dumps(ref, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
