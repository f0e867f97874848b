"""Copies the small real datasets the tests use into testdata/realdata/, from the collection
described in that folder's README.md (upstream sources, licences). Geometry is untouched.

    python3 scripts/vendor_realdata.py /path/to/realdata-collection

- liechtenstein/: OpenStreetMap, Liechtenstein 2013-08-03 (osm2pgsql test data), the GDAL OSM
  driver's multipolygons split by tag: landuse, natural, protected_areas, admin_boundaries.
  ODbL 1.0, © OpenStreetMap contributors.
- ne_europe.geojson: nine Central European countries of Natural Earth v5.1.1 1:10m Admin-0
  (public domain), as they are in the collection's shapefile, attributes NAME and ADM0_A3 only.
- geotools_chinese_poly/: the GeoTools sample shapefile with GBK attributes and no .cpg.
"""

import json
import pathlib
import shutil
import sys

import pyogrio
import shapely

SRC = pathlib.Path(sys.argv[1])
OUT = pathlib.Path(__file__).resolve().parent.parent / "testdata" / "realdata"


def main():
    li = OUT / "liechtenstein"
    li.mkdir(parents=True, exist_ok=True)
    for name in ("landuse", "natural", "protected_areas", "admin_boundaries"):
        shutil.copyfile(SRC / "osm_liechtenstein_2013" / f"{name}.geojson", li / f"{name}.geojson")
    shutil.copyfile(SRC / "osm_liechtenstein_2013" / "NOTICE.txt", li / "NOTICE.txt")

    gt = OUT / "geotools_chinese_poly"
    gt.mkdir(exist_ok=True)
    for f in (SRC / "shp_encoding_quirks" / "geotools_chinese_poly").iterdir():
        shutil.copyfile(f, gt / f.name)

    keep = ("LIE", "CHE", "AUT", "LUX", "BEL", "NLD", "SVN", "CZE", "DEU")
    meta, _, geoms, fields = pyogrio.raw.read(SRC / "ne_10m_admin0_countries" / "ne_10m_admin_0_countries_deu.shp", encoding="UTF-8")
    names = list(meta["fields"])
    a3, nm = names.index("ADM0_A3"), names.index("NAME")
    feats = []
    for i, g in enumerate(shapely.from_wkb(geoms)):
        if fields[a3][i] in keep:
            feats.append({"type": "Feature", "properties": {"ADM0_A3": fields[a3][i], "NAME": fields[nm][i]}, "geometry": json.loads(shapely.to_geojson(g))})
    feats.sort(key=lambda f: f["properties"]["ADM0_A3"])
    fc = {"type": "FeatureCollection", "name": "ne_europe", "features": feats}
    (OUT / "ne_europe.geojson").write_text(json.dumps(fc, ensure_ascii=False) + "\n", encoding="utf-8")
    print(len(feats), "countries")


if __name__ == "__main__":
    main()
