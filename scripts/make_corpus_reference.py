"""GEOS reference for the overlay corpus (testdata/corpus/overlay, see its README.md): for every
two-geometry case the areas of A, B and A∩B; for every one-geometry case its area and GEOS's
validity. Writes testdata/corpus/overlay/reference.json, read by
crates/sanxian-overlay/tests/corpus.rs.

    python3 scripts/make_corpus_reference.py

Cases where GEOS itself is wrong or raises are listed with `geos_wrong` and the reason (from
the corpus README), so that the test does not hold sanxian to a wrong answer.
"""

import json
import pathlib

import shapely

DIR = pathlib.Path(__file__).resolve().parent.parent / "testdata" / "corpus" / "overlay"
GEOS_WRONG = {
    "geos-1344-union-shared-edge-wrong": "GEOS 3.14 returns all of A as A∩B; the true overlap is a 1-ulp sliver",
    "geos-trac-0719-hole-outside-shell": "GEOS raises on every overlay of this invalid input",
}


def main():
    out = {"shapely": shapely.__version__, "geos": shapely.geos_version_string, "cases": {}}
    for f in sorted(DIR.glob("*.wkt")):
        geoms = [shapely.from_wkt(l) for l in f.read_text().splitlines() if l.strip()]
        case = {"geometries": len(geoms), "areas": [g.area for g in geoms], "valid": [bool(g.is_valid) for g in geoms]}
        if f.stem in GEOS_WRONG:
            case["geos_wrong"] = GEOS_WRONG[f.stem]
        elif len(geoms) == 2:
            try:
                case["intersection_area"] = shapely.intersection(geoms[0], geoms[1]).area
            except shapely.errors.GEOSException as e:
                case["geos_wrong"] = f"GEOS raises: {e}"
        out["cases"][f.stem] = case
    (DIR / "reference.json").write_text(json.dumps(out, indent=1) + "\n")
    print(len(out["cases"]), "cases")


if __name__ == "__main__":
    main()
