"""The geopandas (GEOS) twin of scripts/bench_ledgers.sh: the same overlays on the same files,
compute only (reading and writing not timed).

    python3 scripts/bench_ledgers_geopandas.py PLANS_DIR COUNTY_DIR
"""

import sys
import time

import geopandas as gpd


def timed(label, f):
    t = time.perf_counter()
    n = f()
    print(f"{label}: {time.perf_counter() - t:.2f} s ({n} pieces)", flush=True)


def main():
    plans, county = sys.argv[1], sys.argv[2]
    a = gpd.read_file(f"{plans}/a.shp")
    b = gpd.read_file(f"{plans}/b.shp")
    c = gpd.read_file(f"{plans}/c.shp")
    timed("geopandas overlay A × B how=intersection", lambda: len(gpd.overlay(a, b, how="intersection", keep_geom_type=True)))
    ab = []

    def two():
        ab.append(gpd.overlay(a, b, how="union", keep_geom_type=True))
        return len(ab[0])

    timed("geopandas overlay A, B how=union", two)
    timed("geopandas overlay (A, B) union C", lambda: len(gpd.overlay(ab[0], c, how="union", keep_geom_type=True)))
    farm = gpd.read_file(f"{county}/YJJBNTBHTB.shp", columns=["XZQDM"])
    dltb = gpd.read_file(f"{county}/DLTB.shp", columns=["DLBM"])

    def tab():
        f = farm.dissolve(by="XZQDM", as_index=False)
        d = dltb.dissolve(by="DLBM", as_index=False)
        x = gpd.overlay(f, d, how="intersection", keep_geom_type=True)
        x["m2"] = x.area
        return len(x.groupby(["XZQDM", "DLBM"])["m2"].sum())

    timed("geopandas dissolve + overlay farmland × DLTB + groupby", tab)


if __name__ == "__main__":
    main()
