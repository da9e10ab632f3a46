"""One investor identity (客商名称归一): company names folded so the same investor matches across ledgers and rules."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Iterable

import numpy as np
import pandas as pd

from .regions import load_regions

__all__ = ['normalize_investor', 'investor_keys', 'COMPANY_FORMS']


_PROVINCES = ["北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
              "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西",
              "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门", "中国"]
_PLACE_SUFFIXES = ["壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市", "区", "县", ""]
#: Company-form words removed from an investor's name (longest first).
COMPANY_FORMS = ["股份有限公司", "有限责任公司", "有限公司", "集团", "控股", "股份", "公司"]
_OPEN, _CLOSE = "(（[【〔［{｛<《", ")）]】〕］}｝>》"
_BRACKET = re.compile(f"[{re.escape(_OPEN)}]([^{re.escape(_OPEN + _CLOSE)}]*)[{re.escape(_CLOSE)}]")
_BRACKET_CHAR = re.compile(f"[{re.escape(_OPEN + _CLOSE)}]")


@lru_cache(maxsize=8)
def _place_names(extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    regions = load_regions()
    bases = set(_PROVINCES) | set(extra)
    for r in regions.itertuples():
        bases.add(r.region)
        bases.update(a for a in r.aliases)
        for p in str(r.province).split("/"):
            bases.add(p)
    names = set()
    for b in bases:
        b = unicodedata.normalize("NFKC", str(b)).replace(" ", "")
        if len(b) < 2:
            continue
        for suf in _PLACE_SUFFIXES:
            names.add(b + suf)
    return tuple(sorted(names, key=len, reverse=True))


@lru_cache(maxsize=8)
def _place_index(extra: tuple[str, ...] = ()) -> tuple[frozenset, tuple[int, ...]]:
    # the place names (_place_names) as a set, and their lengths longest first
    names = _place_names(extra)
    return frozenset(names), tuple(sorted({len(n) for n in names}, reverse=True))


def _place_prefix(s: str, place_index: tuple[frozenset, tuple[int, ...]]) -> int:
    """The length of the longest place name ``s`` starts with (0 for none): a set look-up per length."""
    index, lengths = place_index
    for n in lengths:
        if n <= len(s) and s[:n] in index:
            return n
    return 0


def _strip_places(s: str, place_index: tuple[frozenset, tuple[int, ...]]) -> str:
    while True:
        n = _place_prefix(s, place_index)
        if not n or n >= len(s):
            return s
        s = s[n:]


@lru_cache(maxsize=8)
def _extra_key(extra: tuple) -> tuple[str, ...]:
    return tuple(sorted(set(extra)))


def normalize_investor(name: Any, extra_places: Iterable[str] = ()) -> str:
    """The key under which two investor names are the same investor (撞单 check).

    Full-width characters become half-width (NFKC), Latin letters lower case; spaces are removed;
    bracketed text that is only a place name is dropped, other brackets are removed but their text
    kept; company-form words (:data:`COMPANY_FORMS`: 有限公司, 有限责任公司, 股份有限公司, 集团, 控股,
    and the bare 股份/公司 left behind) are removed; leading place names are removed, repeatedly
    (provinces, and the regions table's names and aliases, each with or without 省/市/区/县). A
    name that would be emptied keeps its last non-empty form. ``extra_places`` adds place names
    (e.g. regions a user's data add).

    Examples
    --------
    >>> normalize_investor("临沂市华丰木业有限公司"), normalize_investor("华丰木业（临沂）有限公司")
    ('华丰木业', '华丰木业')
    >>> normalize_investor("山东 临沂 华丰木业 集团"), normalize_investor("【广东佛山】ＡＢＣ家居控股")
    ('华丰木业', 'abc家居')
    """
    if name is None or name is pd.NA or (isinstance(name, float) and np.isnan(name)):
        return ""
    extra = extra_places if isinstance(extra_places, tuple) else tuple(extra_places)
    return _normalize(str(name), _extra_key(extra))


@lru_cache(maxsize=65536)
def _normalize(name: str, extra: tuple[str, ...]) -> str:
    s = unicodedata.normalize("NFKC", name).lower()
    s = re.sub(r"\s+", "", s)
    places = _place_index(extra)

    def inner(m: re.Match) -> str:
        body = m.group(1)
        rest = body
        while rest:
            n = _place_prefix(rest, places)
            if not n:
                break
            rest = rest[n:]
        return "" if not rest else body

    prev = None
    while prev != s:  # nested brackets
        prev, s = s, _BRACKET.sub(inner, s)
    s = _BRACKET_CHAR.sub("", s)
    for w in COMPANY_FORMS:
        t = s.replace(w, "")
        s = t if t else s
    return _strip_places(s, places)


def investor_keys(names: pd.Series, extra_places: tuple[str, ...] = ()) -> list[str]:
    """:func:`normalize_investor` of every name of a column ("" for a missing one), for keying a frame at once."""
    return ["" if n is None or n is pd.NA or (isinstance(n, float) and np.isnan(n)) else _normalize(str(n), extra_places)
            for n in names.tolist()]
