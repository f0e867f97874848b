#!/usr/bin/env python3
"""Times pyproj on the polygons of sanxian-area's benchmark, to run side by side with it.

    python3 scripts/bench_area_pyproj.py          # needs pyproj (and numpy, which it brings)
    cargo bench -p sanxian-area

Generates the same 10 000 farmland-like patches of 25 vertices in EPSG:4527 as
`farmland_4527` in crates/sanxian-area/tests/common/mod.rs (SplitMix64 with the same seed, the
same arithmetic, no trigonometry, so the coordinates are identical bit for bit), then times on
one core, best of five runs:

* the inverse projection EPSG:4527 -> EPSG:4490 of all vertices in one vectorised
  Transformer.transform call;
* Geod(a=6378137, rf=298.257222101).polygon_area_perimeter per patch (Karney's method);
* both together, which is what sanxian's `ellipsoid` and `geodesic` benchmarks measure.

Prints ns per vertex (closing vertices not counted) and the total area, which must agree
with the benchmark's printed ellipsoid total to a few ppm (the two edge models differ by that).
"""

import time

import numpy as np
import pyproj

POLYGONS = 10_000
VERTICES = 25
SEED = 4527
MASK = 0xFFFFFFFFFFFFFFFF


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self, lo, hi):
        return lo + (hi - lo) * ((self.next_u64() >> 11) * (1.0 / float(1 << 53)))


def farmland_4527(count, vertices, seed):
    """Mirror of farmland_4527 in tests/common/mod.rs; returns open rings (no closing vertex)."""
    rng = SplitMix64(seed)
    out = []
    for _ in range(count):
        cx = 39_500_000.0 + rng.uniform(-150_000.0, 150_000.0)
        cy = rng.uniform(2_500_000.0, 5_300_000.0)
        w = rng.uniform(80.0, 125.0)
        h = rng.uniform(80.0, 125.0)
        t = rng.uniform(-0.4, 0.4)
        cos, sin = (1.0 - t * t) / (1.0 + t * t), 2.0 * t / (1.0 + t * t)
        perimeter = 2.0 * (w + h)
        ring = []
        for k in range(vertices):
            s = (k + rng.uniform(-0.25, 0.25)) * perimeter / vertices
            s = s % perimeter
            if s < w:
                px, py = s, 0.0
            elif s < w + h:
                px, py = w, s - w
            elif s < 2.0 * w + h:
                px, py = w - (s - w - h), h
            else:
                px, py = 0.0, h - (s - 2.0 * w - h)
            px = px - 0.5 * w + rng.uniform(-0.5, 0.5)
            py = py - 0.5 * h + rng.uniform(-0.5, 0.5)
            ring.append((cx + px * cos - py * sin, cy + px * sin + py * cos))
        out.append(ring)
    return out


def best_of(n, f):
    best, result = float("inf"), None
    for _ in range(n):
        t0 = time.perf_counter()
        result = f()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main():
    rings = farmland_4527(POLYGONS, VERTICES, SEED)
    xs = np.array([x for r in rings for x, _ in r])
    ys = np.array([y for r in rings for _, y in r])
    n = len(xs)
    transformer = pyproj.Transformer.from_crs("EPSG:4527", "EPSG:4490", always_xy=True)
    geod = pyproj.Geod(a=6378137.0, rf=298.257222101)

    def project():
        return transformer.transform(xs, ys)

    t_proj, (lons, lats) = best_of(5, project)
    lon_rings = lons.reshape(POLYGONS, VERTICES)
    lat_rings = lats.reshape(POLYGONS, VERTICES)

    def areas():
        return sum(
            abs(geod.polygon_area_perimeter(lon_rings[i], lat_rings[i])[0])
            for i in range(POLYGONS)
        )

    t_area, total = best_of(5, areas)

    def both():
        lo, la = transformer.transform(xs, ys)
        lo, la = lo.reshape(POLYGONS, VERTICES), la.reshape(POLYGONS, VERTICES)
        return sum(abs(geod.polygon_area_perimeter(lo[i], la[i])[0]) for i in range(POLYGONS))

    t_both, total_both = best_of(5, both)
    assert total == total_both
    print(f"pyproj {pyproj.__version__}, PROJ {pyproj.proj_version_str}; {POLYGONS} patches x {VERTICES} vertices")
    print(f"first vertex {rings[0][0][0]!r} {rings[0][0][1]!r}")
    print(f"geodesic area total {total:.6f} m2 (mean {total / POLYGONS:.1f} m2)")
    print(f"inverse projection (vectorised): {t_proj / n * 1e9:8.1f} ns/vertex")
    print(f"Geod.polygon_area_perimeter:     {t_area / n * 1e9:8.1f} ns/vertex")
    print(f"both:                            {t_both / n * 1e9:8.1f} ns/vertex")


if __name__ == "__main__":
    main()
