#!/usr/bin/env python3
"""Writes the shapefile fixtures under testdata/shp/ and testdata/bad/shapefile/.

Standard library only, byte by byte with `struct`, independently of sanxian's own writer, so that
a bug in the writer cannot hide the same bug in the reader. Deterministic: running it again
gives byte-identical files (the DBF date is fixed at 2024-01-01).

    python3 scripts/make_shapefile_fixtures.py

See testdata/README.md for what each file is for.
"""

import math
import os
import struct

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata")
GOOD = os.path.join(HERE, "shp")
BAD = os.path.join(HERE, "bad", "shapefile")

# ESRI WKT as pyproj 3 writes it (CRS.from_epsg(...).to_wkt("WKT1_ESRI")).
PRJ_4490 = (
    'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",'
    'SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],'
    'UNIT["Degree",0.0174532925199433]]'
)
PRJ_4527 = (
    'PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",'
    'DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],'
    'UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],'
    'PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],'
    'PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],'
    'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
)

# ---------------------------------------------------------------------------------------------
# Geometry helpers


def square(x, y, s, clockwise=True):
    """A closed square ring; clockwise = outer ring by the shapefile specification."""
    ring = [(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)]
    return ring[::-1] if clockwise else ring


def finite_bbox(points):
    xs = [p[0] for p in points if math.isfinite(p[0])] or [0.0]
    ys = [p[1] for p in points if math.isfinite(p[1])] or [0.0]
    return min(xs), min(ys), max(xs), max(ys)


def polygon(parts, shape_type=5, z=None):
    """Content of a Polygon (5) or PolygonZ (15) record. `z` gives one Z per point."""
    pts = [p for part in parts for p in part]
    c = struct.pack("<i", shape_type) + struct.pack("<4d", *finite_bbox(pts))
    c += struct.pack("<2i", len(parts), len(pts))
    start = 0
    for part in parts:
        c += struct.pack("<i", start)
        start += len(part)
    for x, y in pts:
        c += struct.pack("<2d", x, y)
    if shape_type == 15:
        z = z or [0.0] * len(pts)
        c += struct.pack("<2d", min(z), max(z)) + struct.pack("<%dd" % len(z), *z)
        # Optional M block, "no data" values as the specification allows.
        c += struct.pack("<2d", -1e39, -1e39) + struct.pack("<%dd" % len(pts), *[-1e39] * len(pts))
    return c


def point(x, y):
    return struct.pack("<i2d", 1, x, y)


def polyline(parts):
    return struct.pack("<i", 3) + polygon(parts)[4:]


NULL = struct.pack("<i", 0)

# ---------------------------------------------------------------------------------------------
# File writers


def header(shape_type, length_bytes, bbox):
    h = struct.pack(">7i", 9994, 0, 0, 0, 0, 0, length_bytes // 2)
    h += struct.pack("<2i", 1000, shape_type)
    h += struct.pack("<8d", *bbox, 0.0, 0.0, 0.0, 0.0)
    return h


def shp_bytes(contents, shape_type, numbers=None):
    body = b""
    offsets = []
    for i, c in enumerate(contents):
        offsets.append((100 + len(body), len(c)))
        n = numbers[i] if numbers else i + 1
        body += struct.pack(">2i", n, len(c) // 2) + c
    bbox = (0.0, 0.0, 0.0, 0.0)
    shp = header(shape_type, 100 + len(body), bbox) + body
    shx = header(shape_type, 100 + 8 * len(contents), bbox)
    for off, ln in offsets:
        shx += struct.pack(">2i", off // 2, ln // 2)
    return shp, shx


def dbf_bytes(fields, rows, ldid=0, deleted=()):
    """fields: (name bytes, type, width, decimals); rows: lists of bytes or str values."""
    header_len = 32 + 32 * len(fields) + 1
    record_len = 1 + sum(f[2] for f in fields)
    out = bytearray(struct.pack("<B3BIHH", 0x03, 124, 1, 1, len(rows), header_len, record_len))
    out += bytes(17) + bytes([ldid]) + bytes(2)
    for name, ftype, width, dec in fields:
        out += name.ljust(11, b"\0") + ftype.encode() + bytes(4) + bytes([width, dec]) + bytes(14)
    out += b"\r"
    for i, row in enumerate(rows):
        out += b"*" if i in deleted else b" "
        for (name, ftype, width, dec), v in zip(fields, row):
            v = v if isinstance(v, bytes) else str(v).encode("ascii")
            assert len(v) <= width, (name, v)
            out += v.rjust(width) if ftype in "NF" else v.ljust(width)
    out += b"\x1a"
    return bytes(out)


def write(folder, stem, contents, fields, rows, shape_type=5, ldid=0, cpg=None, prj=PRJ_4490,
          shx=True, dbf=True, numbers=None, deleted=(), shp_cut=None, names=None):
    os.makedirs(folder, exist_ok=True)
    shp, shx_data = shp_bytes(contents, shape_type, numbers)
    if shp_cut is not None:
        shp = shp[:shp_cut]
    ext = names or {}
    with open(os.path.join(folder, ext.get("shp", stem + ".shp")), "wb") as f:
        f.write(shp)
    if shx:
        with open(os.path.join(folder, ext.get("shx", stem + ".shx")), "wb") as f:
            f.write(shx_data)
    if dbf:
        with open(os.path.join(folder, ext.get("dbf", stem + ".dbf")), "wb") as f:
            f.write(dbf_bytes(fields, rows, ldid, deleted))
    if cpg is not None:
        with open(os.path.join(folder, ext.get("cpg", stem + ".cpg")), "wb") as f:
            f.write(cpg)
    if prj is not None:
        with open(os.path.join(folder, ext.get("prj", stem + ".prj")), "w") as f:
            f.write(prj)
    return shp, shx_data


def gbk(s):
    return s.encode("gbk")


def utf8(s):
    return s.encode("utf-8")


# A simple attribute table: BSM (N 10) and NAME (C 20).
SIMPLE = [(b"BSM", "N", 10, 0), (b"NAME", "C", 20, 0)]


def simple_rows(n):
    return [[i + 1, "p%d" % (i + 1)] for i in range(n)]


def three_squares():
    return [polygon([square(10.0 * i, 0.0, 5.0)]) for i in range(3)]


# ---------------------------------------------------------------------------------------------
# Good fixtures


def good():
    # Administrative areas, GBK attributes declared by a .cpg, a Chinese field name.
    fields = [(b"BSM", "N", 10, 0), (b"XZQDM", "C", 12, 0), (b"XZQMC", "C", 40, 0),
              (b"MJ", "N", 18, 2), (gbk("名称"), "C", 20, 0)]
    rows = [[1, "330110001", gbk("余杭街道"), "1234.50", gbk("甲")],
            [2, "330110002", gbk("仓前街道"), "99.00", gbk("乙")]]
    write(GOOD, "xzq_gbk", [polygon([square(120.0, 30.0, 0.1)]), polygon([square(120.1, 30.0, 0.1)])],
          fields, rows, cpg=b"GBK")

    # Urban development boundary, UTF-8 declared by a .cpg, with date and logical fields.
    fields = [(b"BSM", "C", 18, 0), (b"GHFQMC", "C", 30, 0), (b"PZRQ", "D", 8, 0),
              (b"SFYX", "L", 1, 0)]
    rows = [["CZKFBJ0001", utf8("城镇集中建设区"), "20231231", "T"],
            ["CZKFBJ0002", utf8("特别用途区"), "        ", "?"]]
    write(GOOD, "czkfbj_utf8", [polygon([square(120.0, 30.0, 0.1)]), polygon([square(120.2, 30.0, 0.1)])],
          fields, rows, cpg=b"UTF-8")

    # A Chinese file name, GBK declared only by the DBF language driver byte 0x4D.
    fields = [(b"BSM", "C", 18, 0), (b"DLMC", "C", 20, 0), (b"YJJBNTMJ", "N", 18, 2)]
    rows = [["YJJBNT0001", gbk("水田"), "6666.67"], ["YJJBNT0002", gbk("水浇地"), "10000.00"]]
    write(GOOD, "永久基本农田", [polygon([square(120.0, 30.0, 0.01)]), polygon([square(120.02, 30.0, 0.01)])],
          fields, rows, ldid=0x4D)

    # PolygonZ in a Gauss-Kruger zone with zone-prefixed eastings (EPSG:4527).
    ring = square(39_500_000.0, 3_300_000.0, 100.0)
    write(GOOD, "polygonz", [polygon([ring], 15, [12.5] * len(ring))],
          SIMPLE, simple_rows(1), shape_type=15, prj=PRJ_4527, cpg=b"UTF-8")

    # Multipolygons with holes: record 1 = outer 0..100 with a lake 20..80, an island 30..70 in
    # the lake with a pond 40..60, plus a separate square 200..210; record 2 = one square with
    # two holes, rings in the order hole, shell, hole (holes need not follow their shell).
    x0, y0 = 39_500_000.0, 3_300_000.0

    def sq(x, y, s, clockwise=True):
        return square(x0 + x, y0 + y, s, clockwise)

    rec1 = polygon([sq(0, 0, 100), sq(20, 20, 60, False), sq(30, 30, 40),
                    sq(40, 40, 20, False), sq(200, 0, 10)])
    rec2 = polygon([sq(310, 10, 10, False), sq(300, 0, 50), sq(330, 30, 10, False)])
    write(GOOD, "holes", [rec1, rec2], SIMPLE, simple_rows(2), prj=PRJ_4527, cpg=b"UTF-8")

    # Companions in other cases than the .shp: FOO.SHP with Foo.shx, foo.dbf, foo.PRJ, FOO.cpg.
    write(os.path.join(GOOD, "case"), "FOO", three_squares(), SIMPLE, simple_rows(3), cpg=b"UTF-8",
          names={"shp": "FOO.SHP", "shx": "Foo.shx", "dbf": "foo.dbf", "prj": "foo.PRJ",
                 "cpg": "FOO.cpg"})


# ---------------------------------------------------------------------------------------------
# Bad fixtures


def bad():
    sq = three_squares()
    rows3 = simple_rows(3)

    # 4 records in .shx and .dbf, the .shp cut 20 bytes into the content of record 3.
    rec3 = 100 + 2 * (8 + len(sq[0]))
    write(BAD, "truncated", [*sq, polygon([square(30, 0, 5)])], SIMPLE, simple_rows(4),
          shp_cut=rec3 + 8 + 20, cpg=b"UTF-8")

    write(BAD, "no_shx", sq, SIMPLE, rows3, shx=False, cpg=b"UTF-8")
    write(BAD, "no_dbf", sq, SIMPLE, rows3, dbf=False, cpg=b"UTF-8")
    write(BAD, "count_mismatch", sq, SIMPLE, simple_rows(2), cpg=b"UTF-8")
    write(BAD, "extra_dbf_rows", sq[:2], SIMPLE, simple_rows(4), cpg=b"UTF-8")
    write(BAD, "points", [point(1, 2), point(3, 4)], SIMPLE, simple_rows(2), shape_type=1,
          cpg=b"UTF-8")
    write(BAD, "mixed_types", [sq[0], polyline([[(0, 0), (1, 1)]]), sq[2]], SIMPLE, rows3,
          cpg=b"UTF-8")
    write(BAD, "nan_coords",
          [sq[0], polygon([[(0, 0), (0, 1), (float("nan"), 1), (1, 0), (0, 0)]]),
           polygon([[(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)], [(0.2, 0.2), (float("inf"), 0.5), (0.2, 0.2)]])],
          SIMPLE, rows3, cpg=b"UTF-8")
    write(BAD, "short_ring",
          [polygon([[(0, 0), (0, 1), (0, 0)]]),
           polygon([square(0, 0, 10), [(2, 2), (3, 3), (2, 2)]]),
           sq[2]],
          SIMPLE, rows3, cpg=b"UTF-8")
    write(BAD, "unclosed_ring", [polygon([[(0, 0), (0, 1), (1, 1), (1, 0)]]), sq[1], sq[2]],
          SIMPLE, rows3, cpg=b"UTF-8")
    write(BAD, "null_shape", [sq[0], NULL, sq[2]], SIMPLE, rows3, cpg=b"UTF-8")
    write(BAD, "bad_text", sq, SIMPLE,
          [[1, utf8("城镇")], [2, gbk("城镇")], [3, utf8("农田")]], cpg=b"UTF-8")
    write(BAD, "garbage_prj", sq, SIMPLE, rows3, cpg=b"UTF-8", prj="this is not a CRS definition")
    write(BAD, "no_prj", sq, SIMPLE, rows3, cpg=b"UTF-8", prj=None)

    # The .shx gives record 2 the offset of record 3 (all records have the same length, so only
    # the overlap shows that the index is wrong).
    _, shx = write(BAD, "bad_shx", sq, SIMPLE, rows3, cpg=b"UTF-8")
    shx = bytearray(shx)
    shx[108:112] = shx[116:120]
    with open(os.path.join(BAD, "bad_shx.shx"), "wb") as f:
        f.write(bytes(shx))

    write(BAD, "deleted_row", sq, SIMPLE, rows3, deleted={1}, cpg=b"UTF-8")
    write(BAD, "out_of_sequence", sq, SIMPLE, rows3, numbers=[1, 5, 3], cpg=b"UTF-8")

    fields = [(b"BSM", "N", 10, 0), (b"MJ", "N", 18, 2), (b"PZRQ", "D", 8, 0),
              (b"SFYX", "L", 1, 0), (b"BZ", "M", 10, 0)]
    rows = [[1, "12.5", "20240229", "T", "1"],
            ["abc", "1.2.3", "20241345", "X", "2"],
            ["**********", "", "00000000", "?", ""]]
    write(BAD, "bad_values", sq, fields, rows, cpg=b"UTF-8")

    # Record 1: both rings counter-clockwise; record 2: a shell and a counter-clockwise ring
    # outside it.
    write(BAD, "orientation",
          [polygon([square(0, 0, 5, False), square(10, 0, 5, False)]),
           polygon([square(0, 0, 5), square(20, 0, 5, False)]),
           sq[2]],
          SIMPLE, rows3, cpg=b"UTF-8")


if __name__ == "__main__":
    good()
    bad()
