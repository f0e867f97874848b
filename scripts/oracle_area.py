"""The land-survey ellipsoid area (国土调查办发〔2008〕32号, DOMAIN.md §3: first eccentricity,
CGCS2000 ellipsoid) written in Python for the reference scripts, on lon/lat from PROJ: an
implementation apart from sanxian-area's, used as its oracle.
"""

import math

import pyproj

A_AXIS = 6378137.0
FLAT = 1 / 298.257222101
B_AXIS = A_AXIS * (1 - FLAT)
E2 = (A_AXIS**2 - B_AXIS**2) / A_AXIS**2
K_A = 1 + 3 / 6 * E2 + 30 / 80 * E2**2 + 35 / 112 * E2**3 + 630 / 2304 * E2**4
K_B = 1 / 6 * E2 + 15 / 80 * E2**2 + 21 / 112 * E2**3 + 420 / 2304 * E2**4
K_C = 3 / 80 * E2**2 + 7 / 112 * E2**3 + 180 / 2304 * E2**4
K_D = 1 / 112 * E2**3 + 45 / 2304 * E2**4
K_E = 5 / 2304 * E2**4


def ring_area_lonlat(lon, lat):
    """Area (m²) of a closed ring given as lists of longitudes and latitudes in degrees."""
    lon0 = math.radians(lon[0])
    s = 0.0
    for k in range(len(lon) - 1):
        l1, b1 = math.radians(lon[k]) - lon0, math.radians(lat[k])
        l2, b2 = math.radians(lon[k + 1]) - lon0, math.radians(lat[k + 1])
        db, bm, dl = b2 - b1, (b1 + b2) / 2, (l1 + l2) / 2
        s += 2 * B_AXIS**2 * dl * (
            K_A * math.sin(db / 2) * math.cos(bm)
            - K_B * math.sin(3 * db / 2) * math.cos(3 * bm)
            + K_C * math.sin(5 * db / 2) * math.cos(5 * bm)
            - K_D * math.sin(7 * db / 2) * math.cos(7 * bm)
            + K_E * math.sin(9 * db / 2) * math.cos(9 * bm)
        )
    return abs(s)


def area(g, to_lonlat):
    """Area (m²) of a shapely (Multi)Polygon whose coordinates `to_lonlat` (a pyproj
    Transformer, always_xy) turns into lon/lat."""
    if g.is_empty:
        return 0.0
    total = 0.0
    for p in getattr(g, "geoms", [g]):
        if p.geom_type != "Polygon":
            continue
        rings = [p.exterior] + list(p.interiors)
        parts = []
        for r in rings:
            xs, ys = zip(*r.coords)
            lon, lat = to_lonlat.transform(list(xs), list(ys))
            parts.append(ring_area_lonlat(list(lon), list(lat)))
        total += parts[0] - sum(parts[1:])
    return total
