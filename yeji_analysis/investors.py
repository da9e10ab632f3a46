"""One investor identity (客商名称归一): company names folded so the same investor matches across ledgers and rules.

Every rule, the graph, the planner and roadshow effectiveness key investors through this module:
:func:`normalize_investor` for one name, :func:`investor_index` for a campaign's names (which also
resolves a name written without a place to the one company of that trade name that has a place).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .regions import load_regions, normalize_place

__all__ = ['PROVINCES', 'normalize_investor', 'investor_keys', 'investor_parts', 'InvestorIndex', 'investor_index', 'COMPANY_FORMS']


#: China's provinces and province-level names (a place an investor's name may start with).
PROVINCES = ["北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
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
    bases = set(PROVINCES) | set(extra)
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
def _place_index(extra: tuple[str, ...] = ()) -> tuple[frozenset, dict[str, tuple[int, ...]]]:
    # the place names (_place_names) as a set, and by their first two characters (every name has two or more)
    # the lengths of the names that start so, longest first
    names = _place_names(extra)
    by_start: dict[str, set[int]] = {}
    for n in names:
        by_start.setdefault(n[:2], set()).add(len(n))
    return frozenset(names), {k: tuple(sorted(v, reverse=True)) for k, v in by_start.items()}


def _place_prefix(s: str, place_index: tuple[frozenset, dict[str, tuple[int, ...]]]) -> int:
    """The length of the longest place name ``s`` starts with (0 for none): a set look-up per length of the
    place names that start with its first two characters."""
    index, by_start = place_index
    for n in by_start.get(s[:2], ()):
        if n <= len(s) and s[:n] in index:
            return n
    return 0


@lru_cache(maxsize=8)
def _extra_key(extra: tuple) -> tuple[str, ...]:
    return tuple(sorted(set(extra)))


def normalize_investor(name: Any, extra_places: Iterable[str] = ()) -> str:
    """The key under which two investor names are the same investor (撞单 check, valid leads, visits).

    Full-width characters become half-width (NFKC), Latin letters lower case; spaces are removed;
    bracketed text that is only a place name is read as the company's place, other brackets are
    removed but their text kept (so （）and () fold); company-form words (:data:`COMPANY_FORMS`:
    有限公司, 有限责任公司, 股份有限公司, 集团, 控股, and the bare 股份/公司 left behind) are removed;
    leading place names (provinces, and the regions table's names and aliases, each with or without
    省/市/区/县) are read as the place, repeatedly. What is left is the trade name (字号). The place
    is part of the identity: the most specific place named (a city before its province), written
    canonically (临沂市 → 临沂), follows the trade name in brackets. A name that would be emptied keeps
    its last non-empty form. ``extra_places`` adds place names (e.g. regions a user's data add).

    A name without a place keeps a key without one; :func:`investor_index` matches it to the one
    company of that trade name that carries a place, where there is exactly one.

    Examples
    --------
    >>> normalize_investor("临沂市华丰木业有限公司"), normalize_investor("华丰木业（临沂）有限责任公司")
    ('华丰木业（临沂）', '华丰木业（临沂）')
    >>> normalize_investor("成都华祥木业有限公司") == normalize_investor("临沂华祥木业有限责任公司")
    False
    >>> normalize_investor("山东 临沂 华丰木业 集团"), normalize_investor("ＡＢＣ家居控股")
    ('华丰木业（临沂）', 'abc家居')
    """
    trade, place, _ = investor_parts(name, extra_places)
    return _key(trade, place)


def _key(trade: str, place: str) -> str:
    return f"{trade}（{place}）" if trade and place else trade


def investor_parts(name: Any, extra_places: Iterable[str] = ()) -> tuple[str, str, str]:
    """``(trade name, place, level)`` of an investor's name: the parts :func:`normalize_investor`
    keys it by; ``place`` "" when none is named, ``level`` "province", "city" or "".

    Examples
    --------
    >>> investor_parts("山东省临沂市华祥木业有限公司"), investor_parts("山东华祥木业"), investor_parts("华祥木业")
    (('华祥木业', '临沂', 'city'), ('华祥木业', '山东', 'province'), ('华祥木业', '', ''))
    """
    if name is None or name is pd.NA or (isinstance(name, float) and np.isnan(name)):
        return "", "", ""
    extra = _extra_key(extra_places if isinstance(extra_places, tuple) else tuple(extra_places))
    name, known = str(name), _parts_cache(extra)
    got = known.get(name)
    if got is None:
        got = known[name] = _parts_of(name, _place_index(extra))
    return got


_PROVINCE_SET = frozenset(PROVINCES)
_TOKEN_SUFFIX = re.compile(r"(壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治区|省|市|区|县)$")


@lru_cache(maxsize=4096)
def _canonical_place(token: str) -> tuple[str, str]:
    """(canonical place, level) of a place token as written ("山东省" -> ("山东", "province"))."""
    bare = _TOKEN_SUFFIX.sub("", token) or token
    if bare in _PROVINCE_SET:
        return bare, "province"
    known = normalize_place(token)
    if known is not None and known not in _PROVINCE_SET:
        return known, "city"
    return bare, "city"


_SPACE = re.compile(r"\s+")
_PARTS_CACHE: dict[tuple[str, ...], dict[str, tuple[str, str, str]]] = {}   # extra places -> name -> parts
_PARTS_CACHE_SIZE = 1 << 17   # names kept per set of extra places (about 45 MB at most), then started afresh


def _parts_cache(extra: tuple[str, ...]) -> dict[str, tuple[str, str, str]]:
    """The parts already worked out for names under these extra places, for :func:`investor_parts` and
    :class:`InvestorIndex` alike (one dict per set of extra places: a name is then looked up without hashing the
    places again)."""
    got = _PARTS_CACHE.get(extra)
    if got is None or len(got) > _PARTS_CACHE_SIZE:
        if len(_PARTS_CACHE) >= 4:
            _PARTS_CACHE.clear()
        got = _PARTS_CACHE[extra] = {}
    return got


def _parts_of(name: str, places: tuple[frozenset, dict[str, tuple[int, ...]]]) -> tuple[str, str, str]:
    s = _SPACE.sub("", unicodedata.normalize("NFKC", name).lower())
    found: list[str] = []
    if _BRACKET_CHAR.search(s) is None:   # most names: no brackets to read
        return _strip_forms_and_places(s, found, places)

    def inner(m: re.Match) -> str:
        body = m.group(1)
        rest, toks = body, []
        while rest:
            n = _place_prefix(rest, places)
            if not n:
                break
            toks.append(rest[:n])
            rest = rest[n:]
        if rest:
            return body
        found.extend(toks)
        return ""

    prev = None
    while prev != s:  # nested brackets
        prev, s = s, _BRACKET.sub(inner, s)
    s = _BRACKET_CHAR.sub("", s)
    return _strip_forms_and_places(s, found, places)


def _strip_forms_and_places(s: str, found: list[str], places: tuple[frozenset, dict[str, tuple[int, ...]]]) -> tuple[str, str, str]:
    for w in COMPANY_FORMS:
        t = s.replace(w, "")
        s = t if t else s
    while True:
        n = _place_prefix(s, places)
        if not n or n >= len(s):
            break
        found.append(s[:n])
        s = s[n:]
    if not found:
        return s, "", ""
    canon = [_canonical_place(t) for t in found]
    cities = [c for c in canon if c[1] == "city"]
    place, level = (cities[-1] if cities else canon[-1])
    return s, place, level


#: Names made only of CJK unified ideographs and ASCII letters and digits (most names): unchanged by NFKC, without
#: space or bracket, lower-cased by ASCII's rule alone. :func:`_parts_columns` reads these column-wise.
_PLAIN_NAME = r"^[\x{4e00}-\x{9fff}A-Za-z0-9]+$"


def _parts_columns(names: list[str], extra: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_parts_of` of every name as three object arrays (trade names, places, levels): the plain names
    (:data:`_PLAIN_NAME`) column-wise with pyarrow's string kernels, the others one by one. The same parts, with a
    kernel call per step instead of a Python call per name."""
    places = _place_index(extra)
    trade_all, place_all, level_all = (np.empty(len(names), dtype=object) for _ in range(3))
    if len(names) < 64:
        plain = np.zeros(len(names), bool)
    else:
        arr = pa.array(names, pa.string())
        plain = pc.match_substring_regex(arr, _PLAIN_NAME).to_numpy(zero_copy_only=False)
    for i in np.flatnonzero(~plain).tolist():
        trade_all[i], place_all[i], level_all[i] = _parts_of(names[i], places)
    at = np.flatnonzero(plain)
    if not len(at):
        return trade_all, place_all, level_all
    s = pc.ascii_lower(arr.take(pa.array(at)))
    for w in COMPANY_FORMS:   # str.replace's rule: every occurrence, left to right; a name it would empty is kept
        t = pc.replace_substring(s, w, "")
        s = pc.if_else(pc.equal(t, ""), s, t)
    lengths, sets = _places_by_length(extra)
    m = len(at)
    place = np.full(m, "", dtype=object)     # the last place read off each name, its level, and the last city's
    level = np.full(m, "", dtype=object)
    city = np.full(m, None, dtype=object)
    trade = np.empty(m, dtype=object)
    live = np.arange(m)                      # the names still being read (positions in the plain names) ...
    cur = s                                  # ... and what is left of each
    while len(live):
        size = pc.utf8_length(cur).to_numpy()
        n = np.zeros(len(live), np.int64)
        for L in lengths:   # the longest place name each starts with (_place_prefix)
            if (size >= L).any():
                hit = pc.is_in(pc.utf8_slice_codeunits(cur, 0, L), value_set=sets[L]).to_numpy(zero_copy_only=False)
                n[(n == 0) & hit] = L
        strip = (n > 0) & (n < size)   # a place name that is all that is left is the trade name
        done = np.flatnonzero(~strip)
        trade[live[done]] = cur.take(pa.array(done)).to_numpy(zero_copy_only=False)
        pieces, lives = [], []
        for L in np.unique(n[strip]).tolist():
            idx = np.flatnonzero(strip & (n == L))
            sub = cur.take(pa.array(idx))
            tok = pc.utf8_slice_codeunits(sub, 0, L).dictionary_encode()
            canon = [_canonical_place(t) for t in tok.dictionary.to_pylist()]
            codes = tok.indices.to_numpy()
            p_u = np.array([c[0] for c in canon], dtype=object)[codes]
            l_u = np.array([c[1] for c in canon], dtype=object)[codes]
            rows = live[idx]
            place[rows], level[rows] = p_u, l_u
            is_city = l_u == "city"
            city[rows[is_city]] = p_u[is_city]
            pieces.append(pc.utf8_slice_codeunits(sub, L))
            lives.append(rows)
        if not pieces:
            break
        cur, live = pa.concat_arrays(pieces), np.concatenate(lives)
    has_city = city != None  # noqa: E711 (elementwise)
    place[has_city], level[has_city] = city[has_city], "city"   # the most specific: the last city named, else the last place
    trade_all[at], place_all[at], level_all[at] = trade, place, level
    return trade_all, place_all, level_all


@lru_cache(maxsize=8)
def _places_by_length(extra: tuple[str, ...]) -> tuple[list[int], dict[int, Any]]:
    """The place names' (:func:`_place_names`) lengths, longest first, and the names of each length as a pyarrow array."""
    by_len: dict[int, list[str]] = {}
    for n in _place_names(extra):
        by_len.setdefault(len(n), []).append(n)
    return sorted(by_len, reverse=True), {L: pa.array(sorted(v), pa.string()) for L, v in by_len.items()}


def investor_keys(names: pd.Series, extra_places: tuple[str, ...] = ()) -> list[str]:
    """:func:`normalize_investor` of every name of a column ("" for a missing one), for keying a frame at once."""
    return [normalize_investor(n, extra_places) for n in names.tolist()]


@lru_cache(maxsize=64)
def _province_of() -> dict[str, str]:
    r = load_regions()
    return {str(a): str(b).split("/")[0] for a, b in zip(r["region"], r["province"]) if str(b)}


class InvestorIndex:
    """The investor identity of one campaign's names (leads, receptions, companies visited).

    :meth:`key` is :func:`normalize_investor`, except that a name without a place (华祥木业有限公司),
    or with only a province (山东华祥木业), takes the key of the one company of that trade name that
    carries a place (in that province): 华祥木业（临沂）. Where several places carry the trade name
    it is not guessed: the name keeps its own key and is listed in :attr:`ambiguous` (``name``,
    ``key``, ``candidates``).

    Examples
    --------
    >>> ix = InvestorIndex(["临沂华祥木业有限责任公司", "华祥木业有限公司", "成都华美家居", "临沂华美家居", "华美家居"])
    >>> ix.key("华祥木业有限公司"), ix.key("华美家居")
    ('华祥木业（临沂）', '华美家居')
    >>> ix.ambiguous[["name", "candidates"]].values.tolist()
    [['华美家居', ['华美家居（临沂）', '华美家居（成都）']]]
    """

    def __init__(self, names: Iterable[Any], extra_places: Iterable[str] = ()):
        self.extra = tuple(sorted({str(x) for x in extra_places}))
        extra = _extra_key(self.extra)
        known = _parts_cache(extra)
        uniq = list(dict.fromkeys(n for n in names if isinstance(n, str)))
        new = [n for n in uniq if n not in known]
        cols = _parts_columns(new, extra)   # = investor_parts(n, self.extra) of each
        known.update(zip(new, zip(*cols)))
        self._map: dict[str, str] = {}
        amb: list[dict] = []
        if uniq:
            if len(new) == len(uniq):   # all new: their parts as they came
                trade, place, level = cols
            else:
                trade, place, level = (np.array(x, dtype=object) for x in zip(*[known[n] for n in uniq]))
            named = trade != ""
            keys = np.where(named & (place != ""), trade + "（" + place + "）", trade)   # _key of each
            city = named & (level == "city")
            # a name without a city: keyed to the one city company of its trade name (in its province), if one
            odd = np.flatnonzero(named & ~city)
            if len(odd):
                prov = _province_of()
                want = set(trade[odd].tolist())
                cities: dict[str, set[str]] = {}
                for t, p in zip(trade[city].tolist(), place[city].tolist()):
                    if t in want:
                        cities.setdefault(t, set()).add(p)
                for i in odd.tolist():
                    t, p, lv = trade[i], place[i], level[i]
                    cand = sorted(cities.get(t, set()))
                    if lv == "province":
                        cand = [c for c in cand if prov.get(c) == p]
                    if len(cand) == 1:
                        keys[i] = _key(t, cand[0])
                    elif len(cand) > 1:
                        amb.append({"name": uniq[i], "key": keys[i], "candidates": [_key(t, c) for c in cand]})
            self._map = dict(zip(uniq, keys.tolist()))
        self.ambiguous = pd.DataFrame(amb, columns=["name", "key", "candidates"])

    def key(self, name: Any) -> str:
        """The investor key of ``name`` ("" for a missing name)."""
        if isinstance(name, str):
            k = self._map.get(name)
            return k if k is not None else normalize_investor(name, self.extra)
        return normalize_investor(name, self.extra)

    def keys(self, names: pd.Series) -> list[str]:
        """:meth:`key` of every name of a column."""
        return [self.key(n) for n in names.tolist()]


def _campaign_names(campaign) -> list:
    names = campaign.leads["investor"].tolist() + campaign.receptions["company"].tolist()   # tolist: one conversion
    for cs in campaign.trips["companies"].tolist():
        names.extend(cs or [])
    return names


def investor_index(campaign) -> InvestorIndex:
    """The :class:`InvestorIndex` of a campaign's names (lead investors, received and visited
    companies, with the data's regions as extra places), built once per campaign and kept on it (:meth:`~yeji_analysis.model.Campaign.derived`)."""

    def build() -> InvestorIndex:
        extra = tuple(sorted({str(r) for r in campaign.regions["region"]})) if "region" in campaign.regions else ()
        return InvestorIndex(_campaign_names(campaign), extra)

    return campaign.derived("investor_index", (campaign.leads, campaign.receptions, campaign.trips, campaign.regions),
                            build)
