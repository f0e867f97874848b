"""Makes the land-administration demo layers under testdata/bureau/ (deterministic, no
randomness) for the `sanxian tabulate` recipes of the README.

Run from the repository root with a Python that has shapely, pyogrio and geopandas:

    python3 scripts/make_bureau_testdata.py

Reads the demo county (testdata/demo, EPSG:4527) and writes Shapefiles in EPSG:4527 (UTF-8,
with .cpg and .prj):
- PZYD: approved construction land (批准用地), 24 parcels around the urban development
  boundary; BSM, PZWH (approval number), PZNF (year), XZQDM;
- GDYD: supplied land (供地), for 16 of the approvals the supplied part (the whole parcel,
  its western half, or its southern two thirds); BSM, PZWH, GDFS (出让 / 划拨);
- JSTB: construction patches of remote-sensing monitoring (新增建设图斑), 40 patches, half of
  them placed on permanent basic farmland patches, some on supplied land; BSM, JCBH, JSLX
  (大棚房, 厂房, 住宅, 道路);
- KYQ: mining rights (矿业权), 8 rectangles, three across the red line; XKZH, KYQLX
  (采矿权 / 探矿权), KQMC;
- ZJGG: an urban-rural construction land swap (增减挂钩) project: 拆旧区 patches on rural
  settlement land (DLTB 0702) outside the urban boundary, 建新区 patches inside it; XMBH, LX;
- DLTB2019: the survey of an earlier year: the demo DLTB with the codes of 30 of its cropland
  patches (0103) set back to what they were before land consolidation (0404 其他草地, 1206
  裸土地, 0307 其他林地), for the new-farmland recipe.
"""

import pathlib

import geopandas as gpd
import shapely
from shapely.geometry import box

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEMO = ROOT / "testdata" / "demo"
OUT = ROOT / "testdata" / "bureau"
CRS = "EPSG:4527"


def read(name):
    return gpd.read_file(DEMO / f"{name}.shp")


def write(name, rows, geoms):
    df = gpd.GeoDataFrame(rows, geometry=list(geoms), crs=CRS)
    df.to_file(OUT / f"{name}.shp", driver="ESRI Shapefile", encoding="UTF-8")


def county(xzq, g):
    c = g.representative_point()
    for geom, code in zip(xzq.geometry, xzq["XZQDM"]):
        if geom.contains(c):
            return str(code)
    return ""


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    xzq = read("XZQ")
    urban = shapely.union_all(list(read("CZKFBJ").geometry))
    red = shapely.union_all([shapely.make_valid(g) for g in read("STBHHX").geometry])
    farm = read("YJJBNTBHTB")
    dltb = read("DLTB")
    minx, miny, maxx, maxy = urban.bounds

    # Approvals: a 6 × 4 lattice of 180 m × 140 m parcels over the urban boundary's box.
    approvals = []
    for i in range(24):
        cx = minx + (i % 6 + 0.5) * (maxx - minx) / 6
        cy = miny + (i // 6 + 0.5) * (maxy - miny) / 4
        approvals.append(box(cx - 90, cy - 70, cx + 90, cy + 70))
    pz_rows = [
        {
            "BSM": f"PZ{i + 1:04d}",
            "PZWH": f"闽政地〔{2019 + i % 4}〕{i + 1}号",
            "PZNF": 2019 + i % 4,
            "XZQDM": county(xzq, g),
        }
        for i, g in enumerate(approvals)
    ]
    write("PZYD", pz_rows, approvals)

    # Supply: 16 approvals supplied, whole, west half, or south two thirds.
    supply, gd_rows = [], []
    for i, g in enumerate(approvals[:16]):
        x0, y0, x1, y1 = g.bounds
        part = [g, box(x0, y0, (x0 + x1) / 2, y1), box(x0, y0, x1, y0 + (y1 - y0) * 2 / 3)][i % 3]
        supply.append(part)
        gd_rows.append({"BSM": f"GD{i + 1:04d}", "PZWH": pz_rows[i]["PZWH"], "GDFS": ["出让", "划拨"][i % 2]})
    write("GDYD", gd_rows, supply)

    # Construction patches: 20 on farmland patches (a 40 m square at a patch's point), 20 on
    # supplied land and elsewhere.
    patches, js_rows = [], []
    kinds = ["大棚房", "厂房", "住宅", "道路"]
    farm_sorted = farm.iloc[:: max(1, len(farm) // 20)].head(20)
    for k, g in enumerate(farm_sorted.geometry):
        p = g.representative_point()
        patches.append(box(p.x - 20, p.y - 20, p.x + 20, p.y + 20))
    for k, g in enumerate(supply[:20]):
        x0, y0, x1, y1 = g.bounds
        patches.append(box(x0 + 10, y0 + 10, x0 + 70, y0 + 60))
    while len(patches) < 40:
        k = len(patches)
        patches.append(box(minx + 50 * k, miny - 400, minx + 50 * k + 30, miny - 370))
    for k, g in enumerate(patches):
        js_rows.append({"BSM": f"JS{k + 1:04d}", "JCBH": f"2024-{k + 1:03d}", "JSLX": kinds[k % 4]})
    write("JSTB", js_rows, patches)

    # Mining rights: 8 rectangles of 500 m × 300 m along the red line's box diagonal.
    rminx, rminy, rmaxx, rmaxy = red.bounds
    rights, ky_rows = [], []
    for k in range(8):
        cx = rminx + (k + 0.5) * (rmaxx - rminx) / 8
        cy = rminy + (k + 0.5) * (rmaxy - rminy) / 8
        rights.append(box(cx - 250, cy - 150, cx + 250, cy + 150))
        ky_rows.append(
            {"XKZH": f"C3500002020{k + 1:02d}", "KYQLX": ["采矿权", "探矿权"][k % 2], "KQMC": f"示范矿区{k + 1}"}
        )
    write("KYQ", ky_rows, rights)

    # Land swap: 拆旧 on 0702 patches outside the urban boundary (their inner 80 %), 建新
    # inside it.
    rural = dltb[(dltb["DLBM"] == "0702") & ~dltb.geometry.intersects(urban)].head(12)
    swap, zj_rows = [], []
    for k, g in enumerate(rural.geometry):
        c = g.centroid
        swap.append(shapely.affinity.scale(g, 0.8, 0.8, origin=c).intersection(g))
        zj_rows.append({"XMBH": f"ZJGG-{1 + k // 6}", "LX": "拆旧区"})
    new = []
    for k in range(400):
        x = minx + (k % 20 + 0.5) * (maxx - minx) / 20
        y = miny + (k // 20 + 0.5) * (maxy - miny) / 20
        g = box(x - 50, y - 60, x + 50, y + 60)
        if urban.contains(g) and not any(g.intersects(h) for h in new):
            new.append(g)
        if len(new) == 4:
            break
    for k, g in enumerate(new):
        swap.append(g)
        zj_rows.append({"XMBH": f"ZJGG-{1 + k // 2}", "LX": "建新区"})
    write("ZJGG", zj_rows, swap)

    # The earlier survey: 30 cropland patches had other codes before consolidation.
    before = dltb.copy()
    idx = list(before.index[before["DLBM"] == "0103"][:: 20][:30])
    names = {"0404": "其他草地", "1206": "裸土地", "0307": "其他林地"}
    for k, i in enumerate(idx):
        code = ["0404", "1206", "0307"][k % 3]
        before.loc[i, "DLBM"] = code
        before.loc[i, "DLMC"] = names[code]
    before = before[["BSM", "DLBM", "DLMC", "geometry"]]
    before.to_file(OUT / "DLTB2019.shp", driver="ESRI Shapefile", encoding="UTF-8")


if __name__ == "__main__":
    main()
