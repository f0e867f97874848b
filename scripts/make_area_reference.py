#!/usr/bin/env python3
"""GeographicLib (through PROJ) reference areas for sanxian-area.

Writes, from the repository root:

* testdata/area/polygons_4527.wkt — one `id<TAB>WKT` line per test polygon in EPSG:4527
  (CGCS2000 3-degree Gauss-Kruger zone 39, CM 117E, false easting 39 500 000), coordinates
  rounded to 0.0001 m as in delivered data. Farmland-like patches (~1 ha, edges under 200 m) at
  latitudes 20-50N and up to 150 km off the central meridian, patches with holes, a
  multipolygon, a 1 km2 block, a township-sized polygon (10 km edges) and a county-sized one.
* testdata/area/polygons_4490.wkt — the same polygons inverse-projected by PROJ to CGCS2000
  lon/lat (EPSG:4490, axis order lon, lat), printed with 17 significant digits, so that a test
  can separate projection differences from area differences.
* testdata/area/reference.csv — per polygon: number of vertices; Karney's geodesic area and
  perimeter by pyproj.Geod(a=6378137, rf=298.257222101).polygon_area_perimeter on the
  lon/lat vertices (shell minus holes, per ring absolute values); the planar area in EPSG:4527
  by shapely. Oracle of crates/sanxian-area/tests/reference.rs.

    /path/to/venv/bin/python scripts/make_area_reference.py

Needs pyproj and shapely. The polygons come from a seeded SplitMix64 generator, so reruns give
the same files (for the same PROJ version, written in the header comment of reference.csv).
"""

import math
import pathlib

import pyproj
import shapely
from shapely.geometry import MultiPolygon, Polygon

OUT = pathlib.Path("testdata/area")
CM_EASTING = 39_500_000.0
GEOD = pyproj.Geod(a=6378137.0, rf=298.257222101)
TO_LONLAT = pyproj.Transformer.from_crs("EPSG:4527", "EPSG:4490", always_xy=True)


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFFFFFFFFFF

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def uniform(self, lo, hi):
        return lo + (hi - lo) * ((self.next_u64() >> 11) * 2.0**-53)


def star(rng, cx, cy, n, r_lo, r_hi):
    """A star-shaped ring around (cx, cy): n vertices at sorted random angles, random radii."""
    angles = sorted(rng.uniform(0.0, 2.0 * math.pi) for _ in range(n))
    pts = []
    for a in angles:
        r = rng.uniform(r_lo, r_hi)
        pts.append((round(cx + r * math.cos(a), 4), round(cy + r * math.sin(a), 4)))
    return pts


def northing_at(lat):
    x, y = pyproj.Transformer.from_crs("EPSG:4490", "EPSG:4527", always_xy=True).transform(
        117.0, lat
    )
    return y


def polygons():
    rng = SplitMix64(20_240_527)
    out = []
    # Farmland patches: ~1 ha, 5-24 vertices, edges well under 200 m.
    for lat in (20.5, 25.0, 30.0, 35.0, 40.0, 45.0, 50.0):
        for off_km in (0.0, 60.0, -140.0):
            cx = CM_EASTING + off_km * 1000.0 + rng.uniform(-500, 500)
            cy = northing_at(lat) + rng.uniform(-500, 500)
            n = int(rng.uniform(5, 25))
            ring = star(rng, cx, cy, n, 40.0, 70.0)
            out.append((f"patch_{lat:g}N_{off_km:+g}km", Polygon(ring)))
    # Patches with holes (10 ha shell, two holes).
    for lat, off_km in ((31.2, 20.0), (42.7, -100.0)):
        cx = CM_EASTING + off_km * 1000.0
        cy = northing_at(lat)
        shell = star(rng, cx, cy, 40, 160.0, 200.0)
        holes = [
            star(rng, cx - 60.0, cy, 8, 15.0, 25.0),
            star(rng, cx + 60.0, cy + 20.0, 6, 10.0, 20.0),
        ]
        out.append((f"holed_{lat:g}N_{off_km:+g}km", Polygon(shell, holes)))
    # A three-part multipolygon near 28N.
    cy = northing_at(28.0)
    parts = [Polygon(star(rng, CM_EASTING + 30_000.0 + dx, cy, 12, 50.0, 90.0)) for dx in (0.0, 400.0, 900.0)]
    out.append(("multi_28N_+30km", MultiPolygon(parts)))
    # A 1 km2 block with ~200 m edges.
    out.append(("block_36N_+80km", Polygon(star(rng, CM_EASTING + 80_000.0, northing_at(36.0), 24, 520.0, 600.0))))
    # Township: 10 km edges.
    out.append(("township_33N_-50km", Polygon(star(rng, CM_EASTING - 50_000.0, northing_at(33.0), 12, 15_000.0, 22_000.0))))
    # County: 200 vertices, edges ~600 m, 40 km across.
    out.append(("county_39N_+10km", Polygon(star(rng, CM_EASTING + 10_000.0, northing_at(39.0), 200, 17_000.0, 21_000.0))))
    return out


def rings(geom):
    polys = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
    for p in polys:
        yield p.exterior, 1.0
        for hole in p.interiors:
            yield hole, -1.0


def geodesic(geom):
    area = perimeter = 0.0
    for ring, sign in rings(geom):
        xs, ys = zip(*ring.coords[:-1])
        lons, lats = TO_LONLAT.transform(xs, ys)
        a, p = GEOD.polygon_area_perimeter(lons, lats)
        area += sign * abs(a)
        perimeter += p
    return area, perimeter


def to_lonlat_wkt(geom):
    def ring_wkt(ring):
        xs, ys = zip(*ring.coords)
        lons, lats = TO_LONLAT.transform(xs, ys)
        return "(" + ", ".join(f"{lo:.17g} {la:.17g}" for lo, la in zip(lons, lats)) + ")"

    def poly_wkt(p):
        return "(" + ", ".join([ring_wkt(p.exterior)] + [ring_wkt(h) for h in p.interiors]) + ")"

    if isinstance(geom, MultiPolygon):
        return "MULTIPOLYGON (" + ", ".join(poly_wkt(p) for p in geom.geoms) + ")"
    return "POLYGON " + poly_wkt(geom)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    polys = polygons()
    with open(OUT / "polygons_4527.wkt", "w") as f:
        for pid, geom in polys:
            f.write(f"{pid}\t{shapely.to_wkt(geom, rounding_precision=4, trim=True)}\n")
    with open(OUT / "polygons_4490.wkt", "w") as f:
        for pid, geom in polys:
            f.write(f"{pid}\t{to_lonlat_wkt(geom)}\n")
    with open(OUT / "reference.csv", "w") as f:
        f.write(
            f"# Karney geodesic areas (GeographicLib in PROJ {pyproj.proj_version_str}, "
            f"pyproj {pyproj.__version__}) on a=6378137 rf=298.257222101 of the EPSG:4527 polygons "
            f"in polygons_4527.wkt inverse-projected by PROJ; planar areas by shapely "
            f"{shapely.__version__}; made by scripts/make_area_reference.py\n"
        )
        f.write("id,vertices,geodesic_area_m2,geodesic_perimeter_m,planar_area_m2\n")
        for pid, geom in polys:
            n = sum(len(r.coords) - 1 for r, _ in rings(geom))
            area, perimeter = geodesic(geom)
            f.write(f"{pid},{n},{area!r},{perimeter!r},{geom.area!r}\n")
    print(f"wrote {len(polys)} polygons to {OUT}")


if __name__ == "__main__":
    main()
