"""Shapely (GEOS) and PROJ reference for the site occupancy of testdata/plans/.

Run from the repository root after scripts/make_plans_testdata.py, with shapely, pyogrio and
pyproj:

    python3 scripts/make_plans_reference.py

Writes testdata/plans/reference.json, computed independently of the engine and compared by
crates/sanxian-plans/tests/plans.rs. Areas are planar (EPSG:4527, shapely) and official
ellipsoid areas: the land-survey series of DOMAIN.md §3 (first eccentricity, CGCS2000) written
here in Python on vertices inverse-projected to lon/lat by PROJ (EPSG:4527 → EPSG:4490). (The plan
comparison's reference is scripts/make_ledgers_reference.py.)

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
        "occupy": occupy(),
    }
    (PLANS / "reference.json").write_text(json.dumps(ref, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
