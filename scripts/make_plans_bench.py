"""Three plans of 10^5 patches each over one county, for the multi-plan benchmark
(scripts/bench_ledgers.sh). Deterministic (numpy seed 42).

    python3 scripts/make_plans_bench.py OUT_DIR [CELLS]

Plan A (land use, DLBM) is the Voronoi tiling of CELLS random points over a 40 km × 40 km
square in EPSG:4527; plans B (urban, YDDM) and C (mineral, GHLX) tile the same square from the
same points moved by up to 15 % of the cell spacing — plans drawn from different base maps,
whose patches mostly agree but whose every boundary disagrees by metres, so each patch
overlaps several of the other plans'. Writes a.shp, b.shp, c.shp and mapping.toml.
"""

import pathlib
import sys

import geopandas as gpd
import numpy as np
import shapely

X0, Y0, SIDE = 39_500_000.0, 3_350_000.0, 40_000.0


def tiling(points, frame):
    cells = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=frame)
    cells = shapely.intersection(shapely.get_parts(cells), frame)
    # Voronoi cells come in no particular order: sort them by their seed point's position.
    tree = shapely.STRtree(cells)
    idx = tree.query(shapely.points(points), predicate="intersects")
    order = {}
    for p, c in zip(idx[0], idx[1]):
        order.setdefault(int(c), int(p))
    return [cells[c] for c in sorted(order, key=order.get)]


def main():
    out = pathlib.Path(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(42)
    frame = shapely.box(X0, Y0, X0 + SIDE, Y0 + SIDE)
    pts = np.column_stack([X0 + rng.random(n) * SIDE, Y0 + rng.random(n) * SIDE])
    spacing = SIDE / np.sqrt(n)
    plans = {
        "a": ("DLBM", ["0101", "0103", "0301", "0702", "0601", "1001", "1101", "0404"]),
        "b": ("YDDM", ["R2", "M1", "G1", "E1", "A1", "S1", "E2"]),
        "c": ("GHLX", ["BH", "KC", "CB"]),
    }
    for name, (field, codes) in plans.items():
        moved = pts if name == "a" else pts + (rng.random((n, 2)) - 0.5) * 0.3 * spacing
        cells = tiling(moved, frame)
        values = [codes[k] for k in rng.integers(0, len(codes), len(cells))]
        df = gpd.GeoDataFrame(
            {"BSM": [f"{name.upper()}{i + 1:07d}" for i in range(len(cells))], field: values},
            geometry=cells,
            crs="EPSG:4527",
        )
        df.to_file(out / f"{name}.shp", driver="ESRI Shapefile", encoding="UTF-8")
        print(name, len(df), "patches")
    (out / "mapping.toml").write_text(
        """[a]
"0101" = "non-construction"
"0103" = "non-construction"
"0301" = "non-construction"
"0404" = "non-construction"
"1101" = "non-construction"
"0702" = "construction"
"0601" = "construction"
"1001" = "construction"
[b]
R2 = "construction"
M1 = "construction"
A1 = "construction"
S1 = "construction"
G1 = "non-construction"
E1 = "non-construction"
E2 = "non-construction"
[c]
KC = "construction"
BH = "non-construction"
CB = "non-construction"
""",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
