"""Compare sanxian-overlay's conflicts with GEOS (shapely 2), for tests/geos_dump.rs.

Usage: python3 compare_geos.py DUMP.tsv [ABS_TOL_M2 REL_TOL]

Recomputes every positive-area overlap of layer A x layer B and of A within itself with
shapely, and reports pairs missing on either side (above the 0.0001 m2 tolerance) and area
differences above ABS_TOL_M2 + REL_TOL * area (default 1e-6 m2 + 1e-9). Exit status 1 on any.
"""
import sys

from shapely import wkt
from shapely.strtree import STRtree


def main():
    path = sys.argv[1]
    abs_tol = float(sys.argv[2]) if len(sys.argv) > 2 else 1e-6
    rel_tol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-9
    layers = {"A": {}, "B": {}}
    found = {"AB": {}, "AA": {}}
    for line in open(path, encoding="utf-8"):
        t = line.rstrip("\n").split("\t")
        if t[0] in layers:
            layers[t[0]][int(t[1])] = wkt.loads(t[2])
        else:
            found[t[0]][(int(t[1]), int(t[2]))] = float(t[3])
    keys = list(layers["A"])
    tree = STRtree([layers["A"][k] for k in keys])
    geos = {"AB": {}, "AA": {}}
    for kb, gb in layers["B"].items():
        for i in tree.query(gb):
            area = layers["A"][keys[i]].intersection(gb).area
            if area > 0:
                geos["AB"][(keys[i], kb)] = area
    for ka, ga in layers["A"].items():
        for i in tree.query(ga):
            kb = keys[i]
            if ka < kb:
                area = ga.intersection(layers["A"][kb]).area
                if area > 0:
                    geos["AA"][(ka, kb)] = area
    bad = 0
    for name in ("AB", "AA"):
        worst = 0.0
        for pair in set(geos[name]) | set(found[name]):
            g, s = geos[name].get(pair, 0.0), found[name].get(pair, 0.0)
            if g < 1e-4 and s < 1e-4:
                continue
            tol = abs_tol + rel_tol * g
            worst = max(worst, abs(g - s) / tol)
            if abs(g - s) > tol:
                bad += 1
                print(f"{name} {pair}: GEOS {g!r} sanxian {s!r}")
        n_geos = sum(1 for v in geos[name].values() if v >= 1e-4)
        print(f"{name}: {len(found[name])} conflicts, GEOS {n_geos}; largest difference {worst:.3g} of the tolerance")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
