"""The regions reference table (目标区域): places, provinces, coordinates, clusters and travel time from Yeji."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib import resources

import pandas as pd

__all__ = ["load_regions", "normalize_place", "travel_hours", "haversine_km", "HOME"]

HOME = "叶集"

# Travel-time model. Figures are estimates computed from coordinates, not timetables:
#  road: great-circle km x ROAD_DETOUR, at ROAD_KMH, plus ROAD_OVERHEAD_H;
#  rail: by road to Hefei (合肥南), then high-speed rail great-circle km / RAIL_KMH plus
#        RAIL_OVERHEAD_H (station access, waiting);
#  air:  by road to Hefei (新桥机场), then great-circle km / AIR_KMH plus AIR_OVERHEAD_H
#        (check-in, boarding, taxi to town).
# Coordinates are the city or district seats (WGS84, to 3 decimals, from public gazetteers).
ROAD_DETOUR, ROAD_KMH, ROAD_OVERHEAD_H = 1.25, 90.0, 0.3
RAIL_KMH, RAIL_OVERHEAD_H = 220.0, 1.0
AIR_KMH, AIR_OVERHEAD_H = 650.0, 2.5
HUB = "合肥"
TRAVEL_SOURCE = ("估算：由坐标计算。公路=大圆距离×1.25÷90km/h+0.3h；高铁/航空=先经公路到合肥，"
                 "高铁 大圆距离÷220km/h+1h，航空 大圆距离÷650km/h+2.5h")

_SUFFIX = re.compile(r"(特别行政区|自治区|自治州|新区|地区|省|市|区|县|镇|乡|街道)$")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km.

    Examples
    --------
    >>> round(haversine_km(0, 0, 0, 1))
    111
    """
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _road_h(km: float) -> float:
    return km * ROAD_DETOUR / ROAD_KMH + ROAD_OVERHEAD_H


def travel_hours(a: tuple[float, float], b: tuple[float, float], mode: str, hub: tuple[float, float] | None = None) -> float:
    """Estimated one-way hours from ``a`` to ``b`` (lat, lon) by ``mode`` (road, rail, air).

    Rail and air go by road from ``a`` to ``hub`` first (Hefei for Yeji).
    """
    if mode == "road":
        return _road_h(haversine_km(*a, *b))
    hub = hub or a
    access = _road_h(haversine_km(*a, *hub)) if hub != a else 0.0
    km = haversine_km(*hub, *b)
    if mode == "rail":
        return access + km / RAIL_KMH + RAIL_OVERHEAD_H
    if mode == "air":
        return access + km / AIR_KMH + AIR_OVERHEAD_H
    raise ValueError(f"unknown travel mode {mode!r}: expected road, rail or air")


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    with resources.files("yeji_analysis").joinpath("resources/regions.csv").open(encoding="utf-8") as fh:
        t = pd.read_csv(fh, dtype=str, keep_default_na=False)
    t["lat"] = t["lat"].astype(float)
    t["lon"] = t["lon"].astype(float)
    t["aliases"] = t["aliases"].map(lambda s: [x for x in s.split("|") if x])
    t["modes"] = t["modes"].map(lambda s: s.split("|"))
    t["cluster_industries"] = t["cluster_industries"].map(lambda s: [x for x in s.split("|") if x])
    home = t.loc[t["region"] == HOME, ["lat", "lon"]].iloc[0]
    hub = t.loc[t["region"] == HUB, ["lat", "lon"]].iloc[0]
    h, hb = (home.lat, home.lon), (hub.lat, hub.lon)
    rows = []
    for r in t.itertuples():
        dest = (r.lat, r.lon)
        road = round(travel_hours(h, dest, "road"), 1)
        other = {m: round(travel_hours(h, dest, m, hb), 1) for m in r.modes if m != "road"}
        best_mode = min(({"road": road} | other).items(), key=lambda kv: kv[1]) if "road" in r.modes else min(other.items(), key=lambda kv: kv[1])
        rows.append({"travel_hours_road": road,
                     "travel_hours_rail": other.get("rail", float("nan")),
                     "travel_hours_air": other.get("air", float("nan")),
                     "travel_mode": best_mode[0], "travel_hours": best_mode[1] if r.region != HOME else 0.0})
    t = pd.concat([t, pd.DataFrame(rows, index=t.index)], axis=1)
    t["is_target"] = t["kind"].eq("target")
    t["travel_source"] = TRAVEL_SOURCE
    return t


def load_regions() -> pd.DataFrame:
    """The shipped regions table: one row a region, with ``region`` (Chinese short name), ``name_en``,
    ``province``, ``area`` (长三角/珠三角/本地/其他), ``kind`` (home/target/broad/other), ``lat``, ``lon``,
    ``cluster_industries`` (list), travel hours by road/rail/air and the fastest ``travel_mode`` and
    ``travel_hours`` from Yeji, and ``travel_source`` saying how the hours were estimated.

    Examples
    --------
    >>> r = load_regions().set_index("region")
    >>> sorted(r.index[r["is_target"]])
    ['临沂', '佛山', '南浔', '常州', '成都']
    """
    return _table().copy()


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    """Each region's kind (target, other, home, broad)."""
    return dict(zip(_table()["region"], _table()["kind"]))


@lru_cache(maxsize=1)
def _alias_map() -> dict[str, str]:
    m: dict[str, str] = {}
    for r in _table().itertuples():
        for name in [r.region, *r.aliases, r.name_en.lower()]:
            m.setdefault(name, r.region)
    return m


def normalize_place(text: object, extra: dict[str, str] | None = None) -> str | None:
    """Canonical region for a place as written ("临沂市" -> "临沂", "广东佛山" -> "佛山"), or None.

    Tries the whole text, then without 省/市/区/县 suffixes, then the longest known name inside it.

    Examples
    --------
    >>> normalize_place("临沂市"), normalize_place("浙江省湖州市南浔区"), normalize_place("火星")
    ('临沂', '南浔', None)
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    s = re.sub(r"\s+", "", str(text))
    if not s:
        return None
    amap = (_alias_map() | extra) if extra else _alias_map()   # read only: the cached map itself when nothing is added
    if s in amap:
        return amap[s]
    if s.lower() in amap:
        return amap[s.lower()]
    bare = s
    while True:
        nb = _SUFFIX.sub("", bare)
        if nb == bare or not nb:
            break
        bare = nb
        if bare in amap:
            return amap[bare]
    # the most specific known name inside the text (target regions before broad areas)
    hits = [(name, reg) for name, reg in amap.items() if len(name) >= 2 and name in s]
    if hits:
        kinds = _kinds()
        rank = {"target": 0, "other": 1, "home": 2, "broad": 3}
        hits.sort(key=lambda nr: (rank.get(kinds.get(nr[1], "other"), 1), -len(nr[0])))
        return hits[0][1]
    return None
