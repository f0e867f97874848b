#!/usr/bin/env python3
"""PROJ reference figures for sanxian's Gauss-Krüger projection and zone-to-zone reprojection.

Writes, from the repository root:

* testdata/crs/tmerc_reference.csv — lon/lat → (x east, y north) by PROJ for points covering
  whole zones (latitudes 18°–54°N, longitudes across each zone and past its edges) of
  EPSG:4527 (CGCS2000 3° zone 39), EPSG:4548 (CGCS2000 3° CM 117E, no prefix),
  EPSG:4497 (CGCS2000 6° zone 19) and EPSG:2363 (Xi'an 1980 3° zone 39). Oracle of
  crates/sanxian-types/tests/tmerc_vs_proj.rs.
* testdata/crs/zone_to_zone_reference.csv — EPSG:4527 → EPSG:4528 (zone 39 → zone 40) and
  EPSG:4527 → EPSG:4490 by PROJ, oracle of crates/sanxian-io/tests/crs_reproject.rs.

    python3 scripts/make_tmerc_reference.py

Points are a regular grid plus seeded pseudo-random points, so reruns give the same file
(for the same PROJ version, written in the header comment).
"""

import io
import pathlib
import random

import pyproj

# (EPSG code, central meridian, half-width of the zone in degrees)
ZONES = [(4527, 117.0, 1.5), (4548, 117.0, 1.5), (4497, 111.0, 3.0), (2363, 117.0, 1.5)]
PAST_EDGE = 0.5  # degrees beyond each zone edge
LAT_MIN, LAT_MAX = 18.0, 54.0


def points(cm, half, seed):
    lon_lo, lon_hi = cm - half - PAST_EDGE, cm + half + PAST_EDGE
    pts = []
    for i in range(19):  # latitude 18, 20, …, 54
        lat = LAT_MIN + i * (LAT_MAX - LAT_MIN) / 18
        for j in range(21):
            lon = lon_lo + j * (lon_hi - lon_lo) / 20
            pts.append((lon, lat))
    rng = random.Random(seed)
    for _ in range(100):
        pts.append((rng.uniform(lon_lo, lon_hi), rng.uniform(LAT_MIN, LAT_MAX)))
    return pts


def header(what):
    return (
        f"# {what}; PROJ {pyproj.proj_version_str} (pyproj {pyproj.__version__}); "
        "made by scripts/make_tmerc_reference.py\n"
    )


def tmerc(root):
    buf = io.StringIO()
    buf.write(header("lon/lat (degrees) -> x east, y north (metres)"))
    buf.write("epsg,lon,lat,x,y\n")
    n = 0
    for code, cm, half in ZONES:
        geo = pyproj.CRS.from_epsg(code).geodetic_crs
        t = pyproj.Transformer.from_crs(geo, pyproj.CRS.from_epsg(code), always_xy=True)
        for lon, lat in points(cm, half, seed=code):
            x, y = t.transform(lon, lat, errcheck=True)
            buf.write(f"{code},{lon!r},{lat!r},{x!r},{y!r}\n")
            n += 1
    (root / "testdata/crs/tmerc_reference.csv").write_text(buf.getvalue(), encoding="utf-8")
    print(f"testdata/crs/tmerc_reference.csv: {n} points")


def zone_to_zone(root):
    buf = io.StringIO()
    buf.write(header("EPSG:from x,y -> EPSG:to x,y (GK metres east/north; 4490 lon/lat degrees)"))
    buf.write("from,to,x_from,y_from,x_to,y_to\n")
    src = pyproj.CRS.from_epsg(4527)
    to_geo = pyproj.Transformer.from_crs(src.geodetic_crs, src, always_xy=True)
    n = 0
    for target in (4528, 4490):
        t = pyproj.Transformer.from_crs(src, pyproj.CRS.from_epsg(target), always_xy=True)
        # Along both sides of the zone 39/40 boundary at 118.5°E, where data crosses zones.
        for lon, lat in points(118.5, 1.0, seed=target)[::2]:
            x0, y0 = to_geo.transform(lon, lat, errcheck=True)
            x1, y1 = t.transform(x0, y0, errcheck=True)
            buf.write(f"4527,{target},{x0!r},{y0!r},{x1!r},{y1!r}\n")
            n += 1
    (root / "testdata/crs/zone_to_zone_reference.csv").write_text(buf.getvalue(), encoding="utf-8")
    print(f"testdata/crs/zone_to_zone_reference.csv: {n} points")


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    tmerc(root)
    zone_to_zone(root)


if __name__ == "__main__":
    main()
