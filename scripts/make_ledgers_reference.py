"""geopandas (GEOS) and PROJ reference for the N-plan comparison and the overlay ledgers
(`sanxian tabulate`), computed independently of the engine.

Run from the repository root after scripts/make_plans_testdata.py and
scripts/make_bureau_testdata.py, with geopandas, shapely, pyproj (Python ≥ 3.11 for tomllib):

    python3 scripts/make_ledgers_reference.py

Writes testdata/plans/ledgers_reference.json, compared by crates/sanxian-plans/tests/ledgers.rs.

Comparison (`compare2`: plan_a × plan_b; `compare2_self`: plan_a_self × plan_b; `compare3`:
plan_a × plan_b × plan_c): the plans overlaid by chained `geopandas.overlay(how="union")`,
then cut by the red line (testdata/demo/STBHHX.shp, made valid and dissolved) with
`how="identity"`. Per key (BSM of the piece's feature in each plan, "" outside; whether it
lies in the red line) the planar area (EPSG:4527) and the official ellipsoid area (the series
of scripts/oracle_area.py on PROJ lon/lat, after dropping exactly collinear vertices with
`shapely.simplify(g, 0)`), keys under 1e-4 m² left out; the conflict type by the rule table
(the default construction table for two plans, testdata/plans/rules.toml for three, evaluated
here in Python), the unified class and whether the priority decided it (default priority for
two plans: lines then plans; testdata/plans/priority.toml for three; decided by priority
where the plans covering the piece disagree).

Tabulations (testdata/bureau with testdata/demo): each layer dissolved by its fields
(`GeoDataFrame.dissolve`), overlaid with `how="intersection"` / `how="difference"`, cut by the
dissolved XZQ with `how="identity"` where a county layer is given; per row (county, values) the
planar and ellipsoid area.
"""

import json
import pathlib
import sys
import tomllib

import geopandas as gpd
import pandas as pd
import pyproj
import shapely

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import oracle_area  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
PLANS = ROOT / "testdata" / "plans"
DEMO = ROOT / "testdata" / "demo"
BUREAU = ROOT / "testdata" / "bureau"
MIN = 1e-4
TO_LONLAT = pyproj.Transformer.from_crs("EPSG:4527", "EPSG:4490", always_xy=True)


def ellipsoid(g):
    return oracle_area.area(shapely.simplify(g, 0), TO_LONLAT)


def valid(df):
    df = df.copy()
    df["geometry"] = [g if g.is_valid else shapely.make_valid(g) for g in df.geometry]
    df = df.explode(index_parts=False)
    df = df[df.geom_type.isin(["Polygon", "MultiPolygon"])]
    return df.dissolve(by="__row", as_index=False) if "__row" in df else df


def read(path):
    df = gpd.read_file(path)
    df["__row"] = range(len(df))
    return valid(df)


def polygonal(df):
    df = df[~df.geometry.is_empty]
    df = df.explode(index_parts=False)
    return df[df.geom_type.isin(["Polygon", "MultiPolygon"])]


MAPPING = tomllib.loads((PLANS / "mapping.toml").read_text(encoding="utf-8"))


def plan(name, file, field):
    df = read(PLANS / file)
    out = gpd.GeoDataFrame(
        {
            f"bsm_{name}": df["BSM"].astype(str),
            f"cat_{name}": [
                MAPPING[name].get(str(c), {"category": "unmapped"})["category"] for c in df[field]
            ],
            f"ydyh_{name}": [MAPPING[name].get(str(c), {}).get("ydyh") for c in df[field]],
        },
        geometry=list(df.geometry),
        crs=df.crs,
    )
    return out


def default_types(names):
    n = len(names)
    sets = [[i for i in range(n) if mask & (1 << i)] for mask in range(1 << n)]
    sets.sort(key=lambda s: (-len(s), s))
    out = []
    for s in sets:
        if len(s) == n:
            code = "both_construction" if n == 2 else "all_construction"
        elif not s:
            code = "neither"
        else:
            code = "only_" + "+".join(names[i] for i in s)
        when = {
            names[i]: (["construction"] if i in s else ["non-construction", "none"]) for i in range(n)
        }
        out.append({"code": code, "when": when})
    return out


def accepts(words, state):
    for w in words:
        if w == "any":
            return True
        if w == "none" and state is None:
            return True
        if w in ("*", "in") and state is not None:
            return True
        if state is not None and w == state:
            return True
    return False


def classify(types, state):
    if any(v == "unmapped" for v in state.values()):
        return "unmapped"
    for t in types:
        if all(accepts(w if isinstance(w, list) else [w], state.get(k)) for k, w in t["when"].items()):
            return t["code"]
    return "unclassified"


def unify(order, row, names):
    """The unified class: the first entry covering the piece (a line it lies in, a plan with a
    mapped code); the priority decided when the covering plans disagree (用地用海 code, else
    category)."""
    chosen, labels = None, set()
    for e in order:
        if e == "STBHHX":
            if row["in_red"] and chosen is None:
                chosen = "STBHHX"
            continue
        if e in names:
            if not row[f"bsm_{e}"]:
                continue
            cat = row[f"cat_{e}"]
            if cat == "unmapped":
                continue
            y = row[f"ydyh_{e}"]
            labels.add(cat if pd.isna(y) or not y else y)
            if chosen is None:
                chosen = cat
    return chosen or "", len(labels) > 1


def comparison(specs, types, order):
    names = [n for n, _, _ in specs]
    frames = [plan(*s) for s in specs]
    acc = frames[0]
    for f in frames[1:]:
        acc = polygonal(gpd.overlay(acc, f, how="union", keep_geom_type=True))
    red = read(DEMO / "STBHHX.shp")
    red = gpd.GeoDataFrame({"in_red": [True]}, geometry=[shapely.union_all(list(red.geometry))], crs=red.crs)
    acc = polygonal(gpd.overlay(acc, red, how="identity", keep_geom_type=True))
    acc["in_red"] = acc["in_red"].fillna(False).astype(bool)
    for n in names:
        acc[f"bsm_{n}"] = acc[f"bsm_{n}"].fillna("")
        acc[f"cat_{n}"] = acc[f"cat_{n}"].where(acc[f"bsm_{n}"] != "", None)
    keys = {}
    for _, row in acc.iterrows():
        key = "|".join([row[f"bsm_{n}"] for n in names] + ["red" if row["in_red"] else ""])
        k = keys.setdefault(key, {"geoms": [], "row": row})
        k["geoms"].append(row.geometry)
    out = {}
    for key, k in sorted(keys.items()):
        g = shapely.union_all(k["geoms"])
        if g.area < MIN:
            continue
        row = k["row"]
        state = {n: (row[f"cat_{n}"] if row[f"bsm_{n}"] else None) for n in names}
        state["STBHHX"] = "in" if row["in_red"] else None
        unified, by_priority = unify(order, row, names)
        out[key] = {
            "planar_m2": g.area,
            "ellipsoid_m2": ellipsoid(g),
            "class": classify(types, state),
            "unified": unified,
            "by_priority": by_priority,
        }
    plans = {n: float(sum(g.area for g in f.geometry)) for n, f in zip(names, frames)}
    return {"plans_planar_m2": plans, "pieces": out}


def dissolved(path, fields, rename):
    df = read(path)
    keep = df[fields + ["geometry"]].copy() if fields else df[["geometry"]].copy()
    for f in fields:
        keep[f] = keep[f].astype(str).str.strip()
    if fields:
        keep = keep.dissolve(by=fields, as_index=False)
    else:
        keep = gpd.GeoDataFrame(geometry=[shapely.union_all(list(keep.geometry))], crs=df.crs)
    return keep.rename(columns=rename)


def tabulation(layers, minus=(), county=None):
    acc = None
    columns = []
    for path, fields in layers:
        stem = pathlib.Path(path).stem
        rename = {f: f"{stem}.{f}" for f in fields}
        columns += list(rename.values())
        d = dissolved(path, fields, rename)
        acc = d if acc is None else polygonal(gpd.overlay(acc, d, how="intersection", keep_geom_type=True))
    for path in minus:
        d = dissolved(path, [], {})
        acc = polygonal(gpd.overlay(acc, d, how="difference", keep_geom_type=True))
    if county:
        d = dissolved(county, ["XZQDM"], {"XZQDM": "__county"})
        acc = polygonal(gpd.overlay(acc, d, how="identity", keep_geom_type=True))
        acc["__county"] = acc["__county"].fillna("")
    else:
        acc["__county"] = ""
    rows = {}
    for _, r in acc.iterrows():
        key = "|".join([r["__county"]] + [str(r[c]) for c in columns])
        rows.setdefault(key, []).append(r.geometry)
    out = {}
    for key, geoms in sorted(rows.items()):
        g = shapely.union_all(geoms)
        if g.area < MIN:
            continue
        out[key] = {"planar_m2": g.area, "ellipsoid_m2": ellipsoid(g)}
    return {"columns": columns, "rows": out}


def main():
    two = [("a", "plan_a.geojson", "DLBM"), ("b", "plan_b.geojson", "YDDM")]
    two_self = [("a", "plan_a_self.geojson", "DLBM"), ("b", "plan_b.geojson", "YDDM")]
    three = two + [("c", "plan_c.geojson", "GHLX")]
    rules = tomllib.loads((PLANS / "rules.toml").read_text(encoding="utf-8"))["type"]
    order3 = tomllib.loads((PLANS / "priority.toml").read_text(encoding="utf-8"))["order"]
    ref = {
        "compare2": comparison(two, default_types(["a", "b"]), ["STBHHX", "a", "b"]),
        "compare2_self": comparison(two_self, default_types(["a", "b"]), ["STBHHX", "a", "b"]),
        "compare3": comparison(three, rules, order3),
        "tabulate": {
            "unsupplied": tabulation([(BUREAU / "PZYD.shp", ["PZWH"])], [BUREAU / "GDYD.shp"], DEMO / "XZQ.shp"),
            "construction_on_farmland": tabulation(
                [(BUREAU / "JSTB.shp", ["JSLX"]), (DEMO / "YJJBNTBHTB.shp", [])], county=DEMO / "XZQ.shp"
            ),
            "mining_in_red_line": tabulation([(BUREAU / "KYQ.shp", ["XKZH", "KYQLX"]), (DEMO / "STBHHX.shp", [])]),
            "new_farmland": tabulation([(DEMO / "DLTB.shp", ["DLBM"]), (BUREAU / "DLTB2019.shp", ["DLBM"])]),
            "land_swap": tabulation([(BUREAU / "ZJGG.shp", ["XMBH", "LX"]), (DEMO / "DLTB.shp", ["DLBM"])]),
        },
    }
    (PLANS / "ledgers_reference.json").write_text(json.dumps(ref, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for k in ("compare2", "compare2_self", "compare3"):
        print(k, len(ref[k]["pieces"]), "keys")
    for k, v in ref["tabulate"].items():
        print(k, len(v["rows"]), "rows")


if __name__ == "__main__":
    main()
