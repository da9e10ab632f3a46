"""One record per real-world event (同一事项只计一次): the same trip or reception sent in two ledgers, and investors' names.

The reader keeps one record per exact key within the ledgers (a resubmission's correction wins).
What it cannot see is the same event written differently in two ledgers: the office's compiled trip
ledger says 临沂, a unit's own says 山东临沂市; one says 佛山宏达家具有限公司, the other
佛山宏达家具有限责任公司. :func:`reconcile_campaign` runs once over a read campaign:

- :func:`same_trips`: two trips are one when they start on the same day, with the same set of units,
  to the same destination after place normalisation (:func:`place_key`: 临沂 = 临沂市 = 山东临沂市 =
  山东省临沂市); trips on different days, or of different units, are never merged;
- :func:`same_receptions`: two receptions are one when the same unit received the same investor
  (:func:`yeji_analysis.investors.investor_index`) on the same day;
- only records from different ledgers (file or sheet) are merged; the record of the later submission
  is kept (the reader's rule for resubmissions), the other dropped and warned with both sources;
- investors' names without a place that several placed companies share are warned and listed
  (:class:`yeji_analysis.investors.InvestorIndex`), not guessed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .investors import PROVINCES, investor_index
from .regions import normalize_place

__all__ = ["place_key", "same_trips", "same_receptions", "ambiguous_investor_warnings", "reconcile_campaign"]

_WARN_COLS = ["ledger", "source", "sheet", "row", "column", "value", "message"]
_SUFFIX = re.compile(r"(特别行政区|自治区|自治州|地区|省|市|区|县)$")
_PROVINCE_PREFIX = re.compile("^(" + "|".join(sorted((p + s for p in PROVINCES for s in ("省", "市", "自治区", "")),
                                                    key=len, reverse=True)) + ")")


def place_key(place: Any) -> str:
    """A destination as one key: the known region it names, else the place without its province and
    its 省/市/区/县 suffix ("" for none).

    Examples
    --------
    >>> [place_key(p) for p in ("临沂", "临沂市", "山东临沂市", "山东省临沂市")]
    ['临沂', '临沂', '临沂', '临沂']
    >>> place_key("江西省赣州市") == place_key("赣州")
    True
    """
    if place is None or (isinstance(place, float) and place != place):
        return ""
    return _place_key(str(place))


@lru_cache(maxsize=65536)
def _place_key(place: str) -> str:
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", place))
    if not s:
        return ""
    known = normalize_place(s)
    if known is not None:
        return known
    rest = _PROVINCE_PREFIX.sub("", s) or s
    return _SUFFIX.sub("", rest) or rest


def _submitted(campaign, frame: pd.DataFrame) -> pd.DataFrame:
    """How each row's sheet ranks as a version (the reader's ``sheets``: ``ranked_on``, the date it ranks by, a
    revision's being its dated original's; ``revision``), as columns ``_sub`` and ``_revision``; undated and not a
    revision for a campaign made from frames."""
    sh = campaign.sheets
    out = pd.DataFrame({"_sub": pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]"), "_revision": False},
                       index=frame.index)
    if not isinstance(sh, pd.DataFrame) or sh.empty or "submitted" not in sh:
        return out
    on = sh["ranked_on"] if "ranked_on" in sh else sh["submitted"]
    rev = sh["revision"] if "revision" in sh else pd.Series(False, index=sh.index)
    when = {(str(a), str(b)): (c, bool(d)) for a, b, c, d in zip(sh["source"], sh["sheet"], on, rev)}
    got = [when.get((str(a), str(b)), (None, False)) for a, b in zip(frame["source"], frame["sheet"])]
    out["_sub"] = pd.to_datetime(pd.Series([g[0] for g in got], index=frame.index, dtype=object), errors="coerce")
    out["_revision"] = [g[1] for g in got]
    return out


def _where(rec: pd.Series) -> str:
    row = rec["row"]
    at = f"{rec['source']}" + (f"“{rec['sheet']}”" if rec["sheet"] else "") + ("" if pd.isna(row) else f" 第 {int(row)} 行")
    return at or "（来源不详）"


def _headers(campaign) -> dict[tuple[str, str], dict[str, str]]:
    """(source, sheet) -> {field: its header as that sheet writes it} (the reader's ``sheets`` table; none for a
    campaign made from frames)."""
    sh = campaign.sheets
    if not isinstance(sh, pd.DataFrame) or sh.empty or "headers" not in sh:
        return {}
    return {(str(a), str(b)): h for a, b, h in zip(sh["source"], sh["sheet"], sh["headers"]) if isinstance(h, dict)}


def _merge(campaign, frame: pd.DataFrame, keys: pd.Series, idcol: str, ledger: str, column: str,
           what: Any) -> tuple[list, list[dict]]:
    """The ids to drop (all but the latest submission of each key spanning two ledgers) and warnings, each naming
    ``column`` by its header in the warned row's sheet (目的地, 去往城市 …)."""
    ok = keys.notna()
    ok &= keys.where(ok, None).duplicated(keep=False) & ok
    if not ok.any():
        return [], []
    df = frame[ok].assign(_key=keys[ok]).join(_submitted(campaign, frame)[ok])
    df = df.assign(_has=df["_sub"].notna(), _ledger=list(zip(df["source"], df["sheet"])))
    drop, warns = [], []
    headers = _headers(campaign)
    for _, grp in df.groupby("_key", sort=False):
        if len(grp) < 2 or grp["_ledger"].nunique() < 2:
            continue
        grp = grp.sort_values(["_has", "_sub", "_revision", "source", "sheet", "row"], kind="stable", na_position="first")
        kept = grp.iloc[-1]
        for _, rec in grp.iloc[:-1].iterrows():
            if rec["_ledger"] == kept["_ledger"]:
                continue
            drop.append(rec[idcol])
            warns.append({"ledger": ledger, "source": rec["source"], "sheet": rec["sheet"], "row": rec["row"],
                          "column": headers.get((str(rec["source"]), str(rec["sheet"])), {}).get(column, column),
                          "value": what(rec),
                          "message": f"同一{'次外出' if ledger == 'trips' else '次接待'}（{rec['_key'][0]}）另见 {_where(kept)}"
                                     f"（写作“{what(kept)}”）：两份台账各报一次，只计一次，采用较晚报送的 {_where(kept)}，"
                                     f"本行 {_where(rec)} 未计入"})
    return drop, warns


def _across_ledgers(frame: pd.DataFrame, by: dict[str, Any]) -> np.ndarray:
    """Rows whose values of ``by`` (name -> column values) are shared by rows of two or more ledgers (file or sheet):
    the only rows a merge can touch, since rows of one ledger are never merged (an empty result when one ledger)."""
    ledger = frame["source"].astype(str) + "\x00" + frame["sheet"].astype(str)
    if ledger.nunique() < 2:
        return np.zeros(len(frame), bool)
    df = pd.DataFrame({**by, "_ledger": ledger.to_numpy()}, index=frame.index)
    n = df.groupby(list(by), dropna=True, sort=False)["_ledger"].transform("nunique")
    return n.ge(2).to_numpy(bool)


def same_trips(campaign) -> tuple[list[str], list[dict]]:
    """The trips sent twice across ledgers (same start day, same set of units, same destination after
    :func:`place_key`): ``(trip ids to drop, warnings)``; the later submission is kept."""
    tr = campaign.trips
    if tr.empty:
        return [], []
    units = ["、".join(sorted(u)) for u in tr["units"]]
    cand = _across_ledgers(tr, {"_day": tr["start_on"].to_numpy(), "_units": units})
    keys: list = [None] * len(tr)
    for i in np.flatnonzero(cand):
        d, u, k = tr["start_on"].iat[i], tr["units"].iat[i], place_key(tr["destination"].iat[i])
        if pd.notna(d) and len(u):
            keys[i] = (f"{d:%Y-%m-%d}，{units[i]}，{k or '目的地未填'}", d, tuple(sorted(u)), k)
    keys = pd.Series(keys, index=tr.index, dtype=object)
    return _merge(campaign, tr, keys, "trip_id", "trips", "destination", lambda r: r["destination"])


def same_receptions(campaign) -> tuple[list[str], list[dict]]:
    """The receptions sent twice across ledgers (same unit, same day, same investor after
    :func:`yeji_analysis.investors.investor_index`): ``(reception ids to drop, warnings)``."""
    rc = campaign.receptions
    if rc.empty:
        return [], []
    cand = _across_ledgers(rc, {"_day": rc["received_on"].to_numpy(), "_unit": rc["unit"].to_numpy()})
    names = rc["company"]
    keys: list = [None] * len(rc)
    if cand.any():   # the investor of a reception naming no company is its lead's
        by_lead = dict(zip(campaign.leads["lead_id"], campaign.leads["investor"]))
        names = [c or by_lead.get(lid, "") for c, lid in zip(rc["company"], rc["lead_id"])]
        ix = investor_index(campaign)
        for i in np.flatnonzero(cand):
            d, u, k = rc["received_on"].iat[i], rc["unit"].iat[i], ix.key(names[i])
            if pd.notna(d) and k:
                keys[i] = (f"{d:%Y-%m-%d}，{u}，{k}", d, u, k)
    keys = pd.Series(keys, index=rc.index, dtype=object)
    return _merge(campaign, rc.assign(_name=names), keys, "reception_id", "receptions", "company", lambda r: r["_name"])


def ambiguous_investor_warnings(campaign) -> list[dict]:
    """A warning for every lead or reception whose investor is named without a place that several
    placed companies share (not guessed: counted as its own investor)."""
    amb = investor_index(campaign).ambiguous
    if amb.empty:
        return []
    cand = dict(zip(amb["name"], amb["candidates"]))
    out = []
    for ledger, frame, col in (("leads", campaign.leads, "investor"), ("receptions", campaign.receptions, "company")):
        for _, rec in frame[frame[col].isin(list(cand))].iterrows():
            out.append({"ledger": ledger, "source": rec["source"], "sheet": rec["sheet"], "row": rec["row"], "column": col,
                        "value": rec[col], "message": f"投资方“{rec[col]}”未写地名，同名企业有 {len(cand[rec[col]])} 家："
                                                      f"{'、'.join(cand[rec[col]])}；未归并到任何一家，请补写所在地"})
    return out


def reconcile_campaign(campaign):
    """The campaign with one record per real-world trip and reception, and the warnings that say so.

    Drops the trips of :func:`same_trips` (and their ``trip_units`` rows) and the receptions of
    :func:`same_receptions`, adds their warnings and those of :func:`ambiguous_investor_warnings`,
    and counts each merged record as a duplicate in ``stats`` (accepted − 1, duplicates + 1), so
    read = accepted + duplicates + rejected still holds. Returns a new :class:`~yeji_analysis.model.Campaign`.

    Examples
    --------
    >>> from yeji_analysis.model import Campaign
    >>> c = Campaign.from_frames(units=pd.DataFrame({"unit": ["A"], "group": ["G"]}),
    ...     trips=pd.DataFrame({"trip_id": ["T1", "T2"], "start_on": ["2021-07-05"] * 2, "units": [["A"], ["A"]],
    ...                         "destination": ["临沂", "山东临沂市"], "source": ["汇总.xlsx", "A.xlsx"]}))
    >>> r = reconcile_campaign(c)
    >>> len(r.trips), len(r.warnings)
    (1, 1)
    """
    trip_ids, tw = same_trips(campaign)
    rec_ids, rw = same_receptions(campaign)
    aw = ambiguous_investor_warnings(campaign)
    if not (trip_ids or rec_ids or aw):
        return campaign
    new = {}
    if trip_ids:
        gone = set(trip_ids)
        new["trips"] = campaign.trips[~campaign.trips["trip_id"].isin(gone)].reset_index(drop=True)
        new["trip_units"] = campaign.trip_units[~campaign.trip_units["trip_id"].isin(gone)].reset_index(drop=True)
    if rec_ids:
        new["receptions"] = campaign.receptions[~campaign.receptions["reception_id"].isin(set(rec_ids))].reset_index(drop=True)
    add = pd.DataFrame(tw + rw + aw, columns=_WARN_COLS)
    add["row"] = pd.array(add["row"], dtype="Int64")
    base = campaign.warnings
    new["warnings"] = pd.concat([base, add], ignore_index=True) if len(base) else add
    stats = campaign.stats
    if isinstance(stats, pd.DataFrame) and not stats.empty:
        stats = stats.copy()
        for ledger, n in (("trips", len(trip_ids)), ("receptions", len(rec_ids))):
            if n and ledger in stats.index:
                stats.loc[ledger, "accepted"] -= n
                stats.loc[ledger, "duplicates"] += n
        new["stats"] = stats
    return campaign.replace(**new)   # keeps the investor index (and what else is derived) of the frames left as they were
