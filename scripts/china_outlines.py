"""Write yeji_analysis/resources/china_provinces.json: China's provincial outlines for the maps, offline.

Source: Natural Earth 1:10m "Admin 1 – States, Provinces" and "Admin 0 – Countries" (v4.1.0, public
domain), as generalised by the QGIS project into ``world_map.gpkg``, which Debian ships in the
package ``qgis-common`` (``/usr/share/qgis/resources/data/world_map.gpkg``; its README beside it
says how it was simplified). To rebuild (a maintainer's step, not part of the setup):

    apt-get download qgis-common && dpkg -x qgis-common_*.deb /tmp/qgis
    python scripts/china_outlines.py /tmp/qgis/usr/share/qgis/resources/data/world_map.gpkg

Only the standard library: a GeoPackage is SQLite, its geometries a small header and WKB. Kept:
the 31 provincial units of the mainland, Hong Kong, Macao and Taiwan (one outline each, Chinese
names), and the neighbouring countries' outlines inside the box below (grey context on the map);
coordinates rounded to 0.01° (about 1 km, finer than the source's generalisation), repeated
points dropped; the neighbours (grey context) at 0.05°, their points beyond the box moved onto its edge.
"""

from __future__ import annotations

import json
import sqlite3
import struct
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "yeji_analysis" / "resources" / "china_provinces.json"
BOX = (70.0, 138.0, 15.0, 56.0)  # lon0, lon1, lat0, lat1: what a map of China can show

NAMES_ZH = {
    "Anhui": "安徽", "Beijing": "北京", "Chongqing": "重庆", "Fujian": "福建", "Gansu": "甘肃", "Guangdong": "广东",
    "Guangxi": "广西", "Guizhou": "贵州", "Hainan": "海南", "Hebei": "河北", "Heilongjiang": "黑龙江", "Henan": "河南",
    "Hubei": "湖北", "Hunan": "湖南", "Inner Mongol": "内蒙古", "Jiangsu": "江苏", "Jiangxi": "江西", "Jilin": "吉林",
    "Liaoning": "辽宁", "Ningxia": "宁夏", "Paracel Islands": "海南", "Qinghai": "青海", "Shaanxi": "陕西",
    "Shandong": "山东", "Shanghai": "上海", "Shanxi": "山西", "Sichuan": "四川", "Tianjin": "天津", "Xinjiang": "新疆",
    "Xizang": "西藏", "Yunnan": "云南", "Zhejiang": "浙江",
}
#: admin-0 units drawn as one province each (from the countries layer: one outline, no district lines)
WHOLE = {"TWN": ("台湾", "Taiwan"), "HKG": ("香港", "Hong Kong"), "MAC": ("澳门", "Macao")}


def _wkb_polygons(blob: bytes) -> list[list[list[tuple[float, float]]]]:
    """The polygons (rings of (lon, lat)) of a GeoPackage geometry blob holding a (multi)polygon."""
    assert blob[:2] == b"GP", "not a GeoPackage geometry"
    envelope = (blob[3] >> 1) & 0b111
    pos = 8 + {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[envelope]

    def read(fmt: str, order: str):
        nonlocal pos
        vals = struct.unpack_from(order + fmt, blob, pos)
        pos += struct.calcsize(order + fmt)
        return vals

    def geometry():
        order = "<" if blob[pos] == 1 else ">"
        _advance(1)
        (kind,) = read("I", order)
        if kind == 3:
            return [polygon(order)]
        if kind == 6:
            (n,) = read("I", order)
            out = []
            for _ in range(n):
                o = "<" if blob[pos] == 1 else ">"
                _advance(1)
                (k,) = read("I", o)
                assert k == 3, k
                out.append(polygon(o))
            return out
        raise ValueError(f"geometry type {kind} is not a polygon")

    def polygon(order):
        (nrings,) = read("I", order)
        rings = []
        for _ in range(nrings):
            (npts,) = read("I", order)
            pts = read(f"{2 * npts}d", order)
            rings.append(list(zip(pts[0::2], pts[1::2])))
        return rings

    def _advance(k):
        nonlocal pos
        pos += k

    return geometry()


def _clean(ring: list[tuple[float, float]], clamp: bool = False, step: float = 0.01) -> list[list[float]]:
    """``ring`` rounded to ``step`` degrees, repeated points dropped; ``clamp``: points outside :data:`BOX`
    moved onto its edge (the part of a neighbour beyond the box then runs along the box, out of view)."""
    out: list[list[float]] = []
    for x, y in ring:
        if clamp:
            x, y = min(max(x, BOX[0]), BOX[1]), min(max(y, BOX[2]), BOX[3])
        p = [round(round(x / step) * step, 2), round(round(y / step) * step, 2)]
        if not out or p != out[-1]:
            out.append(p)
    return out


def _in_box(polys) -> bool:
    xs = [x for poly in polys for x, _ in poly[0]]
    ys = [y for poly in polys for _, y in poly[0]]
    return bool(xs) and min(xs) < BOX[1] and max(xs) > BOX[0] and min(ys) < BOX[3] and max(ys) > BOX[2]


def build(gpkg: str) -> dict:
    con = sqlite3.connect(gpkg)
    provinces: dict[str, dict] = {}
    for name, blob in con.execute("select name, geom from states_provinces where adm0_a3 = 'CHN' order by name"):
        zh = NAMES_ZH[name]
        entry = provinces.setdefault(zh, {"name": zh, "name_en": "Hainan" if zh == "海南" else name, "polygons": []})
        entry["polygons"] += [[_clean(r) for r in poly] for poly in _wkb_polygons(blob)]
    for a3, (zh, en) in WHOLE.items():
        (blob,) = con.execute("select geom from countries where ISO_A3 = ?", (a3,)).fetchone()
        provinces[zh] = {"name": zh, "name_en": en, "polygons": [[_clean(r) for r in poly] for poly in _wkb_polygons(blob)]}
    neighbours = []
    for a3, blob in con.execute("select ISO_A3, geom from countries order by ISO_A3"):
        if a3 in ("CHN", *WHOLE) or a3 is None or a3 in ("USA", "UMI"):  # None: unnamed bits; US islands
            continue
        polys = _wkb_polygons(blob)
        if _in_box(polys):
            neighbours.append({"a3": a3, "polygons": [[_clean(poly[0], clamp=True, step=0.05)] for poly in polys
                                                      if _in_box([poly])]})
    for p in [*provinces.values(), *neighbours]:  # drop slivers that rounding left with under 4 points
        p["polygons"] = [[r for r in poly if len(r) >= 4] for poly in p["polygons"] if len(poly[0]) >= 4]
    return {"source": "Natural Earth 1:10m Admin 1 – States, Provinces and Admin 0 – Countries v4.1.0 "
                      "(public domain), generalised by QGIS (world_map.gpkg, Debian package qgis-common); "
                      "rounded to 0.01 degree (neighbours 0.05) by scripts/china_outlines.py",
            "provinces": sorted(provinces.values(), key=lambda p: p["name_en"]), "neighbours": neighbours}


if __name__ == "__main__":
    doc = build(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/qgis/resources/data/world_map.gpkg")
    OUT.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(doc['provinces'])} provinces, {len(doc['neighbours'])} neighbours, "
          f"{OUT.stat().st_size / 1024:.0f} KB")
