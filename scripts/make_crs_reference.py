#!/usr/bin/env python3
"""Dump PROJ's parameters for every EPSG code sanxian knows (Crs::from_epsg).

Writes testdata/crs/epsg_params.csv, the oracle of
crates/sanxian-types/tests/epsg_vs_proj.rs. Run from the repository root:

    python3 scripts/make_crs_reference.py

Needs pyproj (any version bundling PROJ >= 9); the PROJ version used is written into the
CSV header comment.
"""

import csv
import io
import pathlib
import sys

import pyproj

CODES = (
    [4490, 4326, 4610, 4214]
    + list(range(4491, 4555))
    + list(range(2327, 2391))
    + list(range(2401, 2443))
    + list(range(21413, 21424))
    + list(range(21453, 21464))
)

# EPSG parameter codes of the Transverse Mercator method (EPSG:9807).
LAT_0, LON_0, K, X_0, Y_0 = 8801, 8802, 8805, 8806, 8807


def row(code):
    crs = pyproj.CRS.from_epsg(code)
    ell = crs.ellipsoid
    out = {
        "epsg": code,
        "kind": "geographic" if crs.is_geographic else "projected",
        "lat_0": "",
        "lon_0": "",
        "k": "",
        "x_0": "",
        "y_0": "",
        "a": repr(ell.semi_major_metre),
        "rf": repr(ell.inverse_flattening),
        "name": crs.name,
    }
    if crs.is_projected:
        op = crs.coordinate_operation
        if op.method_code != "9807":
            sys.exit(f"EPSG:{code}: method {op.method_name} is not Transverse Mercator")
        params = {int(p.code): p for p in op.params}
        for key, pc in (("lat_0", LAT_0), ("lon_0", LON_0), ("k", K), ("x_0", X_0), ("y_0", Y_0)):
            p = params[pc]
            unit = p.unit_name.lower()
            if unit not in ("degree", "metre", "unity"):
                sys.exit(f"EPSG:{code}: parameter {p.name} in unexpected unit {p.unit_name}")
            out[key] = repr(float(p.value))
        axis_units = {a.unit_name for a in crs.axis_info}
        if axis_units != {"metre"}:
            sys.exit(f"EPSG:{code}: axis units {axis_units}")
    if "," in out["name"]:
        sys.exit(f"EPSG:{code}: name contains a comma")
    return out


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    dest = root / "testdata" / "crs" / "epsg_params.csv"
    buf = io.StringIO()
    buf.write(
        f"# PROJ {pyproj.proj_version_str} (pyproj {pyproj.__version__}), "
        "EPSG database parameters; made by scripts/make_crs_reference.py\n"
    )
    fields = ["epsg", "kind", "lat_0", "lon_0", "k", "x_0", "y_0", "a", "rf", "name"]
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    for code in CODES:
        w.writerow(row(code))
    dest.write_text(buf.getvalue(), encoding="utf-8")
    print(f"{dest.relative_to(root)}: {len(CODES)} codes")


if __name__ == "__main__":
    main()
