#!/usr/bin/env python3
"""Write the WKT fixtures of testdata/crs/ that PROJ can make (see testdata/README.md).

    python3 scripts/make_crs_fixtures.py

ESRI WKT comes from PROJ's ESRI dialect (the names and parameter order ArcGIS writes, taken by
PROJ from ESRI's projection engine tables); OGC WKT1 is PROJ's WKT1_GDAL, the form GDAL 3 writes
(ogrinfo, GeoPackage gpkg_spatial_ref_sys.definition); WKT2 is WKT2_2019 as GDAL 3 writes it.
The hand-made fixtures (mislabelled zone, truncated WKT) are derived here too so that every
byte is reproducible. Also writes testdata/crs/epsg_esri_wkt.tsv, the ESRI WKT of every EPSG
code sanxian knows, the oracle of `prj::to_esri_wkt`.
"""

import pathlib

import pyproj
from pyproj.enums import WktVersion

from make_crs_reference import CODES

ESRI = WktVersion.WKT1_ESRI
GDAL = WktVersion.WKT1_GDAL
WKT2 = WktVersion.WKT2_2019


def wkt(code_or_def, version, pretty=False):
    crs = pyproj.CRS.from_user_input(code_or_def)
    return crs.to_wkt(version, pretty=pretty)


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    out = root / "testdata" / "crs"
    fixtures = {
        "esri_cgcs2000_3_degree_gk_zone_39.prj": wkt(4527, ESRI),
        "esri_cgcs2000_3_degree_gk_cm_117e.prj": wkt(4548, ESRI),
        "esri_cgcs2000_gk_zone_19.prj": wkt(4497, ESRI),
        "esri_xian_1980_3_degree_gk_zone_39.prj": wkt(2363, ESRI),
        "esri_beijing_1954_3_degree_gk_cm_117e.prj": wkt(2436, ESRI),
        "esri_gcs_wgs_1984.prj": wkt(4326, ESRI),
        "ogc_wkt1_gdal_epsg4527.prj": wkt(4527, GDAL),
        "ogc_wkt1_gdal_epsg4490.prj": wkt(4490, GDAL),
        "ogc_wkt1_gdal_epsg4509.prj": wkt(4509, GDAL),
        "ogc_wkt1_gdal_epsg2436.prj": wkt(2436, GDAL),
        "wkt2_2019_epsg4527.prj": wkt(4527, WKT2, pretty=True),
        "wkt2_2019_epsg4490.prj": wkt(4490, WKT2),
        "wkt2_2019_epsg4326.prj": wkt(4326, WKT2),
        # Lambert conformal conic on CGCS2000 (China-wide maps): must be refused.
        "esri_lambert_cgcs2000.prj": wkt(
            "+proj=lcc +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +x_0=0 +y_0=0 +ellps=GRS80 "
            "+units=m +type=crs",
            ESRI,
        ),
    }
    # Name says zone 38, parameters say zone 39 (FE 39 500 000, CM 117): as public snippets
    # mislabel them.
    zone39 = fixtures["esri_cgcs2000_3_degree_gk_zone_39.prj"]
    fixtures["esri_mislabelled_zone_38.prj"] = zone39.replace("GK_Zone_39", "GK_Zone_38")
    assert fixtures["esri_mislabelled_zone_38.prj"] != zone39
    # A .prj cut off in the middle (interrupted copy).
    fixtures["garbage_truncated.prj"] = zone39[: zone39.index("PROJECTION") + 12]
    for name, text in fixtures.items():
        (out / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"testdata/crs/{name}")

    lines = [f"# PROJ {pyproj.proj_version_str} (pyproj {pyproj.__version__}) WKT1_ESRI; "
             "made by scripts/make_crs_fixtures.py"]
    lines += [f"{code}\t{wkt(code, ESRI)}" for code in CODES]
    (out / "epsg_esri_wkt.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"testdata/crs/epsg_esri_wkt.tsv: {len(CODES)} codes")


if __name__ == "__main__":
    main()
