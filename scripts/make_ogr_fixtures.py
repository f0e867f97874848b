#!/usr/bin/env python3
"""Makes the OGR reader fixtures testdata/ogr/draft.gpkg and testdata/ogr/draft.gdb.

Run from anywhere with pyogrio, shapely and pyproj installed (pip install pyogrio shapely pyproj):

    python3 scripts/make_ogr_fixtures.py

Both files hold the same two layers in EPSG:4527 (CGCS2000 / 3-degree Gauss-Kruger zone 39),
near Hefei (117.2 E, 31.8 N):

- STBHHX (ecological red line), 4 records: a plain polygon, a polygon with a hole,
  an empty polygon (record 3), a two-part multipolygon with a null date.
- YJJBNTBHTB (permanent basic farmland), 4 records: three polygons and a null geometry
  (record 4).

Attributes are Chinese text, 32-bit integers, reals and dates. The GeoPackage is written as
GeoPackage 1.3 and the FileGDB with pyogrio's OpenFileGDB driver (GDAL >= 3.6 writes it), so the
GDAL 3.6 of Debian bookworm reads both without warnings. Rewriting gives the same data
(file timestamps differ).
"""

from pathlib import Path
import shutil

import numpy as np
import pyogrio
from pyogrio.raw import write
from pyproj import Transformer
import shapely
from shapely.geometry import MultiPolygon, Polygon

OUT = Path(__file__).resolve().parent.parent / "testdata" / "ogr"
CRS = "EPSG:4527"
# Round kilometre offsets from a base point in zone 39, so coordinates are easy to assert on.
E0, N0 = 39_520_000.0, 3_520_000.0


def square(e, n, size, hole=None):
    """A square of `size` metres with its lower-left corner at offset (e, n) from the base."""
    x, y = E0 + e, N0 + n
    shell = [(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]
    holes = []
    if hole is not None:
        he, hn, hs = hole
        hx, hy = x + he, y + hn
        # Holes run clockwise, shells counter-clockwise (OGC orientation).
        holes.append([(hx, hy), (hx, hy + hs), (hx + hs, hy + hs), (hx + hs, hy), (hx, hy)])
    return Polygon(shell, holes)


def dates(values):
    return np.array([np.datetime64(v) if v else np.datetime64("NaT") for v in values], dtype="datetime64[D]")


STBHHX = {
    "geometry": [
        square(0, 0, 1000),
        square(2000, 0, 1500, hole=(500, 500, 400)),
        Polygon(),
        MultiPolygon([square(0, 3000, 800), square(1000, 3000, 600)]),
    ],
    "fields": {
        "BSM": np.array(["340104STBHHX0001", "340104STBHHX0002", "340104STBHHX0003", "340111STBHHX0004"], dtype=object),
        "HXMC": np.array(["大蜀山森林公园生态保护红线", "董铺水库水源涵养生态保护红线", "待核实图斑", "巢湖湿地生态保护红线"], dtype=object),
        "XZQDM": np.array(["340104", "340104", "340104", "340111"], dtype=object),
        "XZQMC": np.array(["蜀山区", "蜀山区", "蜀山区", "包河区"], dtype=object),
        "BHDJ": np.array([1, 1, 2, 1], dtype=np.int32),
        "MJ": np.array([1_000_000.0, 2_090_000.0, 0.0, 1_000_000.0]),
        "PZRQ": dates(["2022-09-30", "2022-09-30", "2023-01-15", None]),
    },
}

YJJBNTBHTB = {
    "geometry": [
        square(5000, 0, 500),
        square(5600, 0, 400),
        square(5000, 600, 700),
        None,
    ],
    "fields": {
        "BSM": np.array(["340104YJJBNT0001", "340104YJJBNT0002", "340104YJJBNT0003", "340104YJJBNT0004"], dtype=object),
        "TBBH": np.array(["0001", "0002", "0003", "0004"], dtype=object),
        "DLBM": np.array(["0101", "0103", "0101", "0102"], dtype=object),
        "DLMC": np.array(["水田", "旱地", "水田", "水浇地"], dtype=object),
        "ZLDWMC": np.array(["南岗镇长岗村", "南岗镇长岗村", "小庙镇复兴村", "小庙镇复兴村"], dtype=object),
        "ZLDJ": np.array([5, 7, 6, 6], dtype=np.int32),
        "TBMJ": np.array([250_000.0, 160_000.0, 490_000.0, 0.0]),
    },
}

LAYERS = {"STBHHX": STBHHX, "YJJBNTBHTB": YJJBNTBHTB}


def write_all(path, driver, dataset_options):
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    for i, (name, layer) in enumerate(LAYERS.items()):
        geometry = np.array([None if g is None else shapely.to_wkb(g) for g in layer["geometry"]], dtype=object)
        write(
            str(path),
            geometry,
            list(layer["fields"].values()),
            list(layer["fields"].keys()),
            layer=name,
            driver=driver,
            crs=CRS,
            geometry_type="MultiPolygon",
            encoding="UTF-8",
            append=i > 0,
            dataset_options=dataset_options if i == 0 else None,
        )


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    lon, lat = Transformer.from_crs(CRS, "EPSG:4490", always_xy=True).transform(E0, N0)
    print(f"base point {E0} {N0} in {CRS} is {lon:.4f} E {lat:.4f} N")
    write_all(OUT / "draft.gpkg", "GPKG", {"VERSION": "1.3"})
    write_all(OUT / "draft.gdb", "OpenFileGDB", None)
    for p in ("draft.gpkg", "draft.gdb"):
        for name, ty in pyogrio.list_layers(OUT / p):
            info = pyogrio.read_info(OUT / p, layer=name)
            print(p, name, ty, info["features"], info["crs"], list(zip(info["fields"], info["dtypes"])))


if __name__ == "__main__":
    main()
