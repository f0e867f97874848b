"""Makes the multi-plan / site-occupancy demo data under testdata/plans/ (deterministic).

Run from the repository root with a Python that has shapely and pyogrio:

    python3 scripts/make_plans_testdata.py

Reads the demo county (testdata/demo, EPSG:4527) and writes, all in EPSG:4527 with the legacy
GeoJSON `crs` member:
- plan_a.geojson: a land-use plan, 600 m grid cells over the demo extent, field DLBM, XZQDM;
- plan_b.geojson: an urban plan, 850 m cells offset by 300 m, field YDDM, XZQDM;
- plan_c.geojson: a mineral-resources plan, 1000 m cells offset by 450 m, field GHLX (KC 开采区,
  BH 保护区, CB 储备区), XZQDM;
- mapping.toml / mapping.csv: the code mapping (one code of each plan deliberately unmapped);
- parcels.geojson: five project parcels (plain, multipolygon with a hole, across a county
  border, on the red line, touching nothing);
- dltb.geojson: a DLTB-like survey around the parcels: the demo farmland patches (0101–0103)
  plus 100 m cells of other survey codes outside the farmland;
- parcels_overlapping.geojson: two parcels over farmland that overlaps itself — P6 over the
  demo's duplicated patch, P7 over the two patches whose shared edge was pushed into each
  other (their records read from the demo's manifest.json) — for occupancy by union;
- plan_a_self.geojson: plan A with two features added that overlap other features of plan A
  (a copy of cell A0005, and a cell across A0006/A0007), for the self-overlap report.
"""

import json
import pathlib

import pyogrio
import shapely
from shapely.geometry import box, mapping

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "testdata" / "plans"
CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4527"}}


def read(name):
    meta, _, geoms, fields = pyogrio.raw.read(ROOT / "testdata" / "demo" / f"{name}.shp")
    names = list(meta["fields"])
    g = shapely.from_wkb(geoms)
    rows = [{n: fields[j][i] for j, n in enumerate(names)} for i in range(len(g))]
    return g, rows


def write(name, feats):
    fc = {"type": "FeatureCollection", "name": name, "crs": CRS, "features": []}
    for props, g in feats:
        fc["features"].append(
            {"type": "Feature", "properties": props, "geometry": mapping(g)}
        )
    text = json.dumps(fc, ensure_ascii=False)
    (OUT / f"{name}.geojson").write_text(text + "\n", encoding="utf-8")


def county(xzq, xzq_rows, g):
    c = g.representative_point()
    for geom, row in zip(xzq, xzq_rows):
        if geom.contains(c):
            return str(row["XZQDM"])
    return ""


def grid(x0, y0, x1, y1, step, offset):
    cells = []
    y = y0 - offset
    while y < y1:
        x = x0 - offset
        while x < x1:
            cells.append(box(x, y, x + step, y + step))
            x += step
        y += step
    return cells


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    xzq, xzq_rows = read("XZQ")
    x0, y0, x1, y1 = shapely.total_bounds(xzq)
    x0, y0 = float(int(x0 / 100) * 100), float(int(y0 / 100) * 100)

    codes_a = ["0101", "0103", "0301", "0702", "0601", "1001", "1101", "0404", "0702", "0101"]
    feats = []
    for i, c in enumerate(grid(x0, y0, x1, y1, 600.0, 0.0)):
        code = "9999" if i in (17, 40) else codes_a[(i * 7 + i // 13) % len(codes_a)]
        feats.append(({"BSM": f"A{i + 1:04d}", "DLBM": code, "XZQDM": county(xzq, xzq_rows, c)}, c))
    write("plan_a", feats)

    codes_b = ["R2", "M1", "G1", "E1", "A1", "S1", "E2", "R2"]
    feats = []
    for i, c in enumerate(grid(x0, y0, x1, y1, 850.0, 300.0)):
        code = "X9" if i == 23 else codes_b[(i * 5 + i // 11) % len(codes_b)]
        feats.append(({"BSM": f"B{i + 1:04d}", "YDDM": code, "XZQDM": county(xzq, xzq_rows, c)}, c))
    write("plan_b", feats)

    # A third plan (mineral resources): 1000 m cells offset by 450 m.
    codes_c = ["BH", "KC", "CB", "BH", "KC"]
    feats = []
    for i, c in enumerate(grid(x0, y0, x1, y1, 1000.0, 450.0)):
        code = codes_c[(i * 3 + i // 7) % len(codes_c)]
        feats.append(({"BSM": f"C{i + 1:04d}", "GHLX": code, "XZQDM": county(xzq, xzq_rows, c)}, c))
    write("plan_c", feats)

    mapping_a = {
        "0101": ("non-construction", "01"),
        "0103": ("non-construction", "01"),
        "0301": ("non-construction", "03"),
        "0404": ("non-construction", "04"),
        "1101": ("non-construction", "17"),
        "0702": ("construction", "07"),
        "0601": ("construction", "10"),
        "1001": ("construction", "12"),
    }
    mapping_b = {
        "R2": ("construction", "07"),
        "M1": ("construction", "10"),
        "A1": ("construction", "08"),
        "S1": ("construction", "12"),
        "G1": ("non-construction", "14"),
        "E1": ("non-construction", "17"),
        "E2": ("non-construction", "01"),
    }
    mapping_c = {
        "KC": ("construction", "10"),
        "BH": ("non-construction", "03"),
        "CB": ("non-construction", "04"),
    }
    toml = ["# Mapping of plan A (DLBM), plan B (YDDM) and plan C (GHLX) codes; 9999 and X9 are left out on purpose.", "[a]"]
    toml += [f'"{k}" = {{ category = "{c}", ydyh = "{y}" }}' for k, (c, y) in mapping_a.items()]
    toml += ["", "[b]"]
    toml += [f'"{k}" = {{ category = "{c}", ydyh = "{y}" }}' for k, (c, y) in mapping_b.items()]
    toml += ["", "[c]"]
    toml += [f'"{k}" = {{ category = "{c}", ydyh = "{y}" }}' for k, (c, y) in mapping_c.items()]
    (OUT / "mapping.toml").write_text("\n".join(toml) + "\n", encoding="utf-8")
    csv = ["plan,code,category,ydyh"]
    csv += [f"a,{k},{c},{y}" for k, (c, y) in mapping_a.items()]
    csv += [f"b,{k},{c},{y}" for k, (c, y) in mapping_b.items()]
    csv += [f"c,{k},{c},{y}" for k, (c, y) in mapping_c.items()]
    (OUT / "mapping.csv").write_text("\n".join(csv) + "\n", encoding="utf-8")

    red, _ = read("STBHHX")
    rc = red[0].representative_point()
    parcels = [
        ("P1", "plain rectangle", box(39519000, 3358000, 39519600, 3358500)),
        (
            "P2",
            "multipolygon with a hole",
            shapely.MultiPolygon(
                [
                    (
                        [(39521500, 3361500), (39522300, 3361500), (39522300, 3362300), (39521500, 3362300)],
                        [[(39521800, 3361800), (39521800, 3362000), (39522000, 3362000), (39522000, 3361800)]],
                    ),
                    ([(39522600, 3361500), (39522900, 3361500), (39522900, 3361800), (39522600, 3361800)], []),
                ]
            ),
        ),
        ("P3", "across the 349901/349903 border", box(39517000, 3359200, 39517600, 3359900)),
        ("P4", "on the red line", box(round(rc.x) - 150, round(rc.y) - 150, round(rc.x) + 150, round(rc.y) + 150)),
        ("P5", "touching nothing", box(39525000, 3357000, 39525300, 3357300)),
    ]
    counties = {p: sorted({str(r["XZQDM"]) for g, r in zip(xzq, xzq_rows) if g.intersection(geom).area > 0}) for p, _, geom in parcels}
    assert len(counties["P3"]) == 2, counties
    write("parcels", [({"BSM": p, "XMMC": note}, g) for p, note, g in parcels])

    farm, farm_rows = read("YJJBNTBHTB")
    # Valid patches near the parcels only (the demo farmland carries planted defects).
    windows = [g.envelope.buffer(100).envelope for _, _, g in parcels]
    near = [
        (g, r)
        for g, r in zip(farm, farm_rows)
        if g.is_valid and any(g.intersects(w) for w in windows)
    ]
    farm_union = shapely.union_all([g for g, _ in near])
    feats = [({"BSM": f"F{str(r['BSM'])[-6:]}", "DLBM": str(r["DLBM"]), "DLMC": str(r["DLMC"])}, g) for g, r in near]
    others = [("0301", "乔木林地"), ("0702", "农村宅基地"), ("1202", "设施农用地"), ("1101", "河流水面"), ("1006", "农村道路"), ("1206", "裸土地"), ("0601", "工业用地"), ("1109", "水工建筑用地")]
    for _, _, p in parcels[:4]:
        bx0, by0, bx1, by1 = p.buffer(50).bounds
        for j, c in enumerate(grid(bx0, by0, bx1, by1, 100.0, 0.0)):
            rest = c.difference(farm_union)
            if rest.area > 1.0:
                code, name = others[(j * 3 + int(bx0) // 100) % len(others)]
                feats.append(({"BSM": f"S{len(feats) + 1:05d}", "DLBM": code, "DLMC": name}, rest))
    write("dltb", feats)
    print("parcels' counties:", counties)

    # Parcels over farmland that overlaps itself (planted errors of the demo draft).
    # The planted errors' records, from the demo's manifest.
    manifest = json.loads((ROOT / "testdata" / "demo" / "manifest.json").read_text(encoding="utf-8"))
    recs = {p["kind"]: [f["record"] for f in p["features"]] for p in manifest["planted_errors"] if p["kind"] in ("duplicate_geometry", "overlap")}
    dup, ovl = recs["duplicate_geometry"], recs["overlap"]
    over = [
        ("P6", "over a duplicated farmland patch", farm[dup[0] - 1].envelope.buffer(30).envelope),
        ("P7", "over two overlapping farmland patches", shapely.union(farm[ovl[0] - 1], farm[ovl[1] - 1]).envelope.buffer(30).envelope),
    ]
    write("parcels_overlapping", [({"BSM": p, "XMMC": note}, g) for p, note, g in over])

    # Plan A with self-overlap.
    meta, _, geoms, fields = pyogrio.raw.read(OUT / "plan_a.geojson")
    names = list(meta["fields"])
    ga = shapely.from_wkb(geoms)
    rows = [{n: fields[j][i] for j, n in enumerate(names)} for i in range(len(ga))]
    feats = [({k: str(v) for k, v in r.items()}, g) for r, g in zip(rows, ga)]
    copy = dict(feats[4][0], BSM="A9001")
    x0, y0, x1, y1 = ga[5].bounds
    across = box(x0 + 300, y0 + 100, x1 + 300, y1 - 100)
    feats.append((copy, ga[4]))
    feats.append(({"BSM": "A9002", "DLBM": "0702", "XZQDM": feats[5][0]["XZQDM"]}, across))
    write("plan_a_self", feats)


if __name__ == "__main__":
    main()
