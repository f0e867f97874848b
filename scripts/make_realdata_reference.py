"""Shapely (GEOS) and PROJ reference for the real lon/lat layers of testdata/realdata/, far from
the CGCS2000 zones: the overlaps the engine must find in a transverse Mercator plane centred on
the data, with their planar and official ellipsoid areas.

    python3 scripts/make_realdata_reference.py

For each layer the working plane is the one sanxian chooses for lon/lat data outside 73.5°E–
136.5°E: transverse Mercator, scale 1, false easting 500 km, central meridian the middle of
the layer's longitude range rounded to 0.1°, on the layer's datum (WGS84 here). In that plane
(PROJ), every pair of features is intersected (STRtree + shapely); pairs overlapping by at least
1e-4 m² are listed with the planar area and the land-survey ellipsoid area of the overlap
(scripts/oracle_area.py on PROJ-inverted vertices). Writes testdata/realdata/reference.json,
the oracle of crates/sanxian-plans/tests/realdata.rs. (ne_europe.geojson needs no reference:
the Netherlands' Caribbean islands put it over 85° of longitude, which no single plane holds;
the test expects the refusal.)
"""

import json
import pathlib
import sys

import pyogrio
import pyproj
import shapely

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import oracle_area  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent / "testdata" / "realdata"
MIN = 1e-4


def layer(rel):
    _, _, geoms, _ = pyogrio.raw.read(ROOT / rel)
    g = list(shapely.from_wkb(geoms))
    x0, _, x1, _ = shapely.total_bounds(g)
    cm = round((x0 + x1) / 2 * 10) / 10
    tm = f"+proj=tmerc +lat_0=0 +lon_0={cm} +k=1 +x_0=500000 +y_0=0 +ellps=WGS84 +units=m +no_defs"
    fwd = pyproj.Transformer.from_crs("EPSG:4326", tm, always_xy=True)
    inv = pyproj.Transformer.from_crs(tm, "EPSG:4326", always_xy=True)
    plane = [shapely.transform(x, lambda c: list(zip(*fwd.transform(c[:, 0], c[:, 1]))), interleaved=True) for x in g]
    tree = shapely.STRtree(plane)
    pairs = []
    for i, a in enumerate(plane):
        for j in sorted(tree.query(a)):
            if j <= i:
                continue
            x = a.intersection(plane[j])
            if x.area >= MIN:
                pairs.append({"records": [int(i) + 1, int(j) + 1], "planar_m2": x.area, "ellipsoid_m2": oracle_area.area(x, inv)})
    return {"central_meridian": cm, "features": len(g), "pairs": pairs}


def main():
    ref = {
        "shapely": shapely.__version__,
        "geos": shapely.geos_version_string,
        "proj": pyproj.proj_version_str,
        "liechtenstein_landuse": layer("liechtenstein/landuse.geojson"),
    }
    (ROOT / "reference.json").write_text(json.dumps(ref, indent=1) + "\n", encoding="utf-8")
    for k in ("liechtenstein_landuse",):
        print(k, ref[k]["central_meridian"], len(ref[k]["pairs"]), "pairs")


if __name__ == "__main__":
    main()
