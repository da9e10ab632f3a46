"""The campaign's rules as code (考核规则): unit, group and district rules counted exactly as the notice sets them.

Every function takes the :class:`~yeji_analysis.model.Campaign` first, a period ``[start, end]``
(both days included) and, where it matters, an ``as_of`` date (default: the period's end); it
returns a new tidy frame that keeps the ids it counted, so each figure can be expanded to its
ledger rows with :func:`trace`.

Statuses (``met``, ``missed``, ``on_track``, ``behind``, ``not_started``) of the monthly rules follow one
rule, :func:`yeji_analysis.periods.judge_month` (:func:`judge` here): monthly rules are judged on calendar
months, whatever part of a month a report's window covers —

- a month ended by ``as_of`` is judged whole: ``met`` or ``missed``;
- the month holding ``as_of`` is judged on pace: ``met`` when the count already reaches the
  requirement, else ``on_track`` when ``actual × days_in_month ≥ required × elapsed_days`` (the
  month's first day to ``as_of``), else ``behind``; never ``missed``;
- a month that begins after ``as_of`` is ``not_started`` (未开始), never "on track".

District targets, events and the groups' campaign rules are judged 累计 (from the campaign's start
to ``as_of``, :func:`yeji_analysis.periods.cumulative_bounds`); their ``actual`` is that count, the
number their status is judged on, and ``period_actual`` the 本期 count inside the window.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

import numpy as np
import pandas as pd

from .investors import investor_index, normalize_investor
from .labels import joined, label
from .periods import cumulative_bounds, day, in_period, judge_month, judged_months, period_bounds, period_months

__all__ = ["collect_ids", "STATUSES", "judge", "period_months", "unit_compliance", "normalize_investor", "valid_leads",
           "duplicate_investors", "group_valid_leads", "group_signing", "speech_entries",
           "district_targets", "headline", "trace", "signing_groups", "signed_100m_mask", "at_least_100m", "head_led_mask",
           "investor_contention", "investor_coordination"]

#: Rule statuses, worst first.
STATUSES = ["missed", "behind", "on_track", "met", "not_started"]



# ---------------------------------------------------------------------------------------- helpers
_DIGITS = re.compile(r"(\d+)")


@lru_cache(maxsize=None)
def _natkey(s: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(str(s)))


def judge(actual: float, required: float, month_start: Any, month_end: Any, start: Any, end: Any,
          as_of: Any) -> dict:
    """Judge one monthly rule on its calendar month at ``as_of``: :func:`yeji_analysis.periods.judge_month`.

    ``start`` and ``end`` (the report's window) are accepted for the callers' convenience and do not
    change the status: a month is judged whole, on pace or not started by ``as_of`` alone.

    Examples
    --------
    >>> judge(1, 2, "2021-07-01", "2021-07-31", "2021-07-01", "2021-09-30", "2021-07-15")["status"]
    'on_track'
    >>> judge(1, 2, "2021-07-01", "2021-07-31", "2021-07-29", "2021-08-11", "2021-08-11")["status"]
    'missed'
    """
    return judge_month(actual, required, month_start, month_end, as_of)


def _overall(statuses: Iterable[str]) -> str:
    s = set(statuses)
    for st in STATUSES:
        if st in s:
            return st
    return "met"




def _month(dates: pd.Series) -> pd.Series:
    """``dates.dt.strftime("%Y-%m")``, formatted once per distinct date (a campaign has a few dozen)."""
    codes, uniq = pd.factorize(dates, use_na_sentinel=False)
    return pd.Series(pd.DatetimeIndex(uniq).strftime("%Y-%m").take(codes), index=dates.index, name=dates.name)


def _idkey(s: str) -> tuple[int, str]:
    # natural order for ids of one prefix and varying digits ("L9" < "L10"), cheaply
    return (len(s), s)


def _ids(values: Iterable) -> list[str]:
    return sorted({str(v) for v in values}, key=_idkey)


def collect_ids(df: pd.DataFrame, keys: list[str], idcol: str) -> dict[tuple, list[str]]:
    """``{(key values): sorted distinct ids}`` over the rows of ``df``."""
    acc: dict[tuple, set] = {}
    for k, i in zip(zip(*(df[c].tolist() for c in keys)), df[idcol].astype(str).tolist()):
        acc.setdefault(k, set()).add(i)
    return {k: sorted(v, key=_idkey) for k, v in acc.items()}


# ----------------------------------------------------------------------------- unit compliance
def unit_compliance(campaign, start: Any, end: Any, as_of: Any = None) -> pd.DataFrame:
    """Each unit's monthly trips (外出招商), head-led trips and receptions (接待客商) against the rules.

    A trip counts once for every unit that took part (joint trips count for each unit), in the
    month of its start date; a trip led by a unit's head also counts for that unit's
    ``head_trips``. A reception counts for the receiving unit in the month of its date. The months
    shown are those overlapping ``[start, end]``; each counts as :func:`yeji_analysis.periods.judged_months`
    says (a month ended by ``as_of`` whole, even where the window covers only part of it; the month
    holding ``as_of`` up to it). Thresholds come from the ``[units]`` table of the configuration;
    statuses follow :func:`judge` (see the module docstring).

    Returns one row per unit and calendar month overlapping the period (zero-filled): ``unit``,
    ``group``, ``month``, ``trips``, ``head_trips``, ``receptions``, ``trips_status``,
    ``head_trips_status``, ``receptions_status``, ``status`` (the worst of the three: missed,
    behind, on_track, met; not_started for a month not begun), ``month_basis`` (whole, pace,
    not_started), ``judged`` (the month ended by ``as_of``, judged whole),
    ``elapsed_days``, ``days_in_month``, and the ids counted: ``trip_ids``, ``head_trip_ids``,
    ``reception_ids``.

    Examples
    --------
    >>> from yeji_analysis.model import Campaign
    >>> c = Campaign.from_frames(units=pd.DataFrame({"unit": ["A", "B"], "group": ["G", "G"]}),
    ...     trips=pd.DataFrame({"trip_id": ["T1"], "start_on": ["2021-07-31"], "units": [["A", "B"]]}))
    >>> unit_compliance(c, "2021-07-01", "2021-07-31")[["unit", "month", "trips", "trips_status"]].values.tolist()
    [['A', '2021-07', 1, 'missed'], ['B', '2021-07', 1, 'missed']]
    """
    start, end, as_of = period_bounds(start, end, as_of)
    need = campaign.config["units"]
    req = {"trips": need["trips_per_month"], "head_trips": need["head_trips_per_month"],
           "receptions": need["receptions_per_month"]}
    months = judged_months(start, end, as_of)
    lo, hi = months[0]["count_from"], min(months[-1]["month_end"], as_of)
    tu = campaign.trip_units   # the columns counted, then the rows (a row filter takes every column)
    tu = tu[["unit", "trip_id", "start_on", "head_led"]][in_period(tu["start_on"], lo, hi)]
    tu = tu.assign(month=_month(tu["start_on"]))
    rc = campaign.receptions
    rc = rc[["unit", "reception_id", "received_on"]][in_period(rc["received_on"], lo, hi)]
    rc = rc.assign(month=_month(rc["received_on"]))
    trips = collect_ids(tu, ["unit", "month"], "trip_id")
    heads = collect_ids(tu[head_led_mask(tu)], ["unit", "month"], "trip_id")
    recs = collect_ids(rc, ["unit", "month"], "reception_id")
    rows = []
    for unit, group in zip(campaign.units["unit"], campaign.units["group"]):
        for mo in months:
            m = mo["month"]
            ids = {"trips": trips.get((unit, m), []), "head_trips": heads.get((unit, m), []),
                   "receptions": recs.get((unit, m), [])}
            row = {"unit": unit, "group": group, "month": m}
            row.update({r: len(v) for r, v in ids.items()})
            jd = {}
            for r in req:
                jd = judge_month(row[r], req[r], mo["month_start"], mo["month_end"], as_of)
                row[f"{r}_status"] = jd["status"]
            row["status"] = _overall(row[f"{r}_status"] for r in req)
            row.update(month_basis=jd["basis"], judged=jd["judged"], elapsed_days=jd["elapsed_days"],
                       days_in_month=jd["days_in_month"], trip_ids=ids["trips"], head_trip_ids=ids["head_trips"],
                       reception_ids=ids["receptions"])
            rows.append(row)
    cols = ["unit", "group", "month", "trips", "head_trips", "receptions", "trips_status", "head_trips_status",
            "receptions_status", "status", "month_basis", "judged", "elapsed_days", "days_in_month", "trip_ids",
            "head_trip_ids", "reception_ids"]
    out = pd.DataFrame(rows, columns=cols)
    return out.astype({"trips": "int64", "head_trips": "int64", "receptions": "int64"})


def head_led_mask(trips: pd.DataFrame) -> pd.Series:
    """Which trips count as led by a unit's head (主要负责人带头外出): the one test of the head-led rule.

    On ``campaign.trip_units`` (one row per trip and unit) a row counts for its unit when that unit's
    head led it (``head_led``); on ``campaign.trips`` a trip counts once when any unit's head led it
    (``head_units`` not empty).
    """
    if "head_units" in trips.columns:
        return trips["head_units"].map(len).gt(0)
    return trips["head_led"].astype(bool)


# ------------------------------------------------------------------------------------ leads
def _keyed_leads(campaign) -> pd.DataFrame:
    """The leads with their investor key, validity and its basis, in report order; worked out once per campaign
    (:meth:`~yeji_analysis.model.Campaign.derived`, with the leads and the investor index it came from)."""
    ld, ix = campaign.leads, investor_index(campaign)
    return campaign.derived("keyed_leads", (ld, ix), lambda: _key_leads(ld, ix))


def _key_leads(ld: pd.DataFrame, ix) -> pd.DataFrame:
    keys = ix.keys(ld["investor"])
    sv = ld["screened_valid"]
    valid = sv.fillna(ld["leading"]).astype(bool).tolist()
    basis = np.where(sv.isna(), "industry", "screened")
    out = ld.assign(investor_key=pd.Series([k if k else f"#{i}" for k, i in zip(keys, ld["lead_id"])], index=ld.index,
                                           dtype=object),
                    valid=valid, basis=basis)
    dates, lids = out["reported_on"].tolist(), out["lead_id"].tolist()
    order = sorted(range(len(out)), key=lambda i: (dates[i], _natkey(lids[i])))
    return out.iloc[order].reset_index(drop=True)


def valid_leads(campaign, start: Any, end: Any) -> pd.DataFrame:
    """The valid leads (有效价值线索) reported in ``[start, end]``, one row per lead that counts.

    A lead is valid when its lead unit's screening (甄别) says valid (``screened_valid`` True);
    where no screening was recorded (NA), when its industry is a leading industry (主导产业).
    Among valid leads, one investor counts once — the investors are the same when their
    :func:`normalize_investor` keys match — credited to the earliest valid report (by
    ``reported_on``, ties by lead id in natural order). Reports before ``start`` take part in
    this, so an investor already reported earlier does not count again in the period; an
    invalid earlier report does not block a later valid one (see :func:`duplicate_investors`
    for every later report, 撞单).

    Returns ``lead_id``, ``group``, ``unit``, ``month`` ("2021-07"), ``reported_on``,
    ``investor``, ``investor_key``, ``basis`` ("screened" or "industry"), ``sector``.
    """
    start, end, _ = period_bounds(start, end)
    ld = _keyed_leads(campaign)
    ld = ld[["lead_id", "group", "unit", "reported_on", "investor", "investor_key", "basis", "sector", "valid"]]
    ld = ld[ld["valid"] & (ld["reported_on"] <= end)]
    ld = ld.drop_duplicates("investor_key", keep="first")
    ld = ld[ld["reported_on"] >= start]
    out = ld.assign(month=_month(ld["reported_on"]),
                    investor_key=ld["investor_key"].map(lambda k: "" if k.startswith("#") else k))
    return out[["lead_id", "group", "unit", "month", "reported_on", "investor", "investor_key", "basis",
                "sector"]].reset_index(drop=True)


def duplicate_investors(campaign, start: Any = None, end: Any = None) -> pd.DataFrame:
    """Later reports of an investor already reported (撞单), each with the first reporter.

    Every lead (valid or not) whose investor key (:func:`normalize_investor`) matches an earlier
    report (earlier ``reported_on``; ties by lead id) is listed, if its own report date falls in
    ``[start, end]`` (open ends when None), beside the earliest report of that investor.

    Returns ``investor_key``, ``lead_id``, ``investor``, ``unit``, ``group``, ``reported_on``,
    ``valid``, ``first_lead_id``, ``first_investor``, ``first_unit``, ``first_group``,
    ``first_reported_on``, ``first_valid``, ``same_group``.
    """
    ld = _keyed_leads(campaign)
    ld = ld[~ld["investor_key"].str.startswith("#")]
    first = ld.drop_duplicates("investor_key", keep="first").set_index("investor_key")
    later = ld[ld.duplicated("investor_key", keep="first")]
    if start is not None:
        later = later[later["reported_on"] >= day(start)]
    if end is not None:
        later = later[later["reported_on"] <= day(end)]
    f = first.reindex(later["investor_key"])
    out = pd.DataFrame({
        "investor_key": later["investor_key"].to_numpy(), "lead_id": later["lead_id"].to_numpy(),
        "investor": later["investor"].to_numpy(), "unit": later["unit"].to_numpy(),
        "group": later["group"].to_numpy(), "reported_on": later["reported_on"].to_numpy(),
        "valid": later["valid"].to_numpy(dtype=bool),
        "first_lead_id": f["lead_id"].to_numpy(), "first_investor": f["investor"].to_numpy(),
        "first_unit": f["unit"].to_numpy(), "first_group": f["group"].to_numpy(),
        "first_reported_on": f["reported_on"].to_numpy(), "first_valid": f["valid"].to_numpy(dtype=bool),
    })
    out["same_group"] = out["group"] == out["first_group"]
    return out.reset_index(drop=True)


def investor_contention(campaign, start: Any = None, end: Any = None, as_of: Any = None) -> pd.DataFrame:
    """撞单 for the meeting: investors reported as leads by two or more groups (the meeting settles who owns them).

    Every lead reported by ``as_of`` (default ``end``; all when both are None) is keyed by
    :func:`yeji_analysis.investors.investor_index`; an investor whose leads come from two or more
    groups is contended, 累计 (since the first report). One row per lead of a contended investor,
    earliest first: ``investor_key``, ``investor`` (as written), ``n_groups``, ``groups``,
    ``first_group`` (the group that reported it first), ``lead_id``, ``unit``, ``group``,
    ``reported_on``, ``valid``, ``in_window`` (reported in ``[start, min(end, as_of)]``).

    Examples
    --------
    >>> from yeji_analysis.model import Campaign
    >>> c = Campaign.from_frames(units=pd.DataFrame({"unit": ["A", "B", "C"], "group": ["G1", "G2", "G2"]}),
    ...     leads=pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "investor": ["临沂华祥木业有限公司", "临沂市华祥木业有限责任公司",
    ...                         "成都华祥木业有限公司"], "unit": ["A", "B", "C"], "reported_on": ["2021-07-01", "2021-07-09", "2021-07-10"]}))
    >>> investor_contention(c)[["lead_id", "group", "n_groups", "first_group"]].values.tolist()
    [['L1', 'G1', 2, 'G1'], ['L2', 'G2', 2, 'G1']]
    """
    cut = day(as_of) if as_of is not None else (day(end) if end is not None else None)
    ld = _keyed_leads(campaign)
    ld = ld[~ld["investor_key"].str.startswith("#")]
    if cut is not None:
        ld = ld[ld["reported_on"] <= cut]
    cols = ["investor_key", "investor", "n_groups", "groups", "first_group", "lead_id", "unit", "group",
            "reported_on", "valid", "in_window"]
    n = ld.groupby("investor_key", sort=False)["group"].nunique()
    ld = ld[ld["investor_key"].isin(n.index[n >= 2])]
    per = ld.groupby("investor_key", sort=False).agg(n_groups=("group", "nunique"),
                                                     groups=("group", lambda g: sorted(set(g))),
                                                     first_group=("group", "first")).reset_index()
    out = ld[ld["investor_key"].isin(per["investor_key"])].merge(per, on="investor_key", how="left")
    lo = day(start) if start is not None else None
    inw = out["reported_on"].notna()
    if lo is not None:
        inw &= out["reported_on"] >= lo
    if cut is not None:
        inw &= out["reported_on"] <= cut
    out = out.assign(in_window=inw.astype(bool), valid=out["valid"].astype(bool))
    out = out.sort_values(["investor_key", "reported_on", "lead_id"], kind="stable")
    return out[cols].reset_index(drop=True)


def investor_coordination(campaign, start: Any = None, end: Any = None, as_of: Any = None) -> pd.DataFrame:
    """Investors visited or received by several units (协调对接): not 撞单, a matter of coordination.

    Touches by ``as_of`` (default ``end``; all when both are None), 累计: each company a trip
    visited, for every unit on the trip (``visited``), and each reception's company, or the investor
    of the lead it names (``received``), for the receiving unit; keyed by
    :func:`yeji_analysis.investors.investor_index`. An investor touched by two or more units is
    listed, one row per touch: ``investor_key``, ``investor`` (as written), ``n_units``, ``units``,
    ``contended`` (also 撞单, :func:`investor_contention`), ``touch``, ``unit``, ``group``, ``on``,
    ``ref`` (trip or reception id), ``in_window`` (on a day of ``[start, min(end, as_of)]``).
    """
    cut = day(as_of) if as_of is not None else (day(end) if end is not None else None)
    ix = investor_index(campaign)
    rows = []
    tr = campaign.trips if cut is None else campaign.trips[campaign.trips["start_on"] <= cut]
    unit_group = dict(zip(campaign.units["unit"], campaign.units["group"]))
    for tid, on, units, companies in zip(tr["trip_id"], tr["start_on"], tr["units"], tr["companies"]):
        for comp in companies or []:
            k = ix.key(comp)
            if k:
                rows += [(k, comp, "visited", u, on, tid) for u in units]
    rc = campaign.receptions if cut is None else campaign.receptions[campaign.receptions["received_on"] <= cut]
    by_lead = dict(zip(campaign.leads["lead_id"], campaign.leads["investor"]))
    for rid, on, unit, comp, lid in zip(rc["reception_id"], rc["received_on"], rc["unit"], rc["company"], rc["lead_id"]):
        name = comp or by_lead.get(lid, "")
        k = ix.key(name)
        if k:
            rows.append((k, name, "received", unit, on, rid))
    t = pd.DataFrame(rows, columns=["investor_key", "investor", "touch", "unit", "on", "ref"])
    cols = ["investor_key", "investor", "n_units", "units", "contended", "touch", "unit", "group", "on", "ref", "in_window"]
    if t.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    n = t.groupby("investor_key")["unit"].nunique()
    t = t[t["investor_key"].isin(n.index[n >= 2])]
    per = t.groupby("investor_key").agg(n_units=("unit", "nunique"), units=("unit", lambda u: sorted(set(u)))).reset_index()
    t = t[t["investor_key"].isin(per["investor_key"])].merge(per, on="investor_key", how="left")
    hot = set(investor_contention(campaign, as_of=cut)["investor_key"]) if len(t) else set()
    inw = t["on"].notna()
    if start is not None:
        inw &= t["on"] >= day(start)
    if cut is not None:
        inw &= t["on"] <= cut
    t = t.assign(group=t["unit"].map(unit_group), contended=t["investor_key"].isin(hot), in_window=inw.astype(bool))
    t = t.sort_values(["investor_key", "on", "unit", "ref"], kind="stable")
    return t[cols].reset_index(drop=True)


def group_valid_leads(campaign, start: Any, end: Any, as_of: Any = None) -> pd.DataFrame:
    """Each group's (招商责任小组, incl. 驻外招商中心) valid leads per month against the monthly rule.

    Counts :func:`valid_leads` for the group that reported them, in the month reported, over the
    calendar months overlapping ``[start, end]``, each counted as
    :func:`yeji_analysis.periods.judged_months` says (whole when ended by ``as_of``); the requirement
    is ``groups.valid_leads_per_month``; statuses follow :func:`judge`. One row per group × month
    (zero-filled): ``group``, ``month``, ``valid_leads``, ``status``, ``month_basis``, ``judged``,
    ``elapsed_days``, ``lead_ids``.
    """
    start, end, as_of = period_bounds(start, end, as_of)
    req = campaign.config["groups"]["valid_leads_per_month"]
    months = judged_months(start, end, as_of)
    lo, hi = months[0]["count_from"], min(months[-1]["month_end"], as_of)
    vl = valid_leads(campaign, lo, hi) if hi >= lo else valid_leads(campaign, lo, lo).iloc[0:0]
    ids = collect_ids(vl, ["group", "month"], "lead_id")
    rows = []
    for group in campaign.groups["group"]:
        for mo in months:
            got = ids.get((group, mo["month"]), [])
            jd = judge_month(len(got), req, mo["month_start"], mo["month_end"], as_of)
            rows.append({"group": group, "month": mo["month"], "valid_leads": len(got), "status": jd["status"],
                         "month_basis": jd["basis"], "judged": jd["judged"], "elapsed_days": jd["elapsed_days"],
                         "lead_ids": got})
    out = pd.DataFrame(rows, columns=["group", "month", "valid_leads", "status", "month_basis", "judged",
                                      "elapsed_days", "lead_ids"])
    return out.astype({"valid_leads": "int64"})


# ---------------------------------------------------------------------------- group rules
def signing_groups(campaign) -> list[str]:
    """The groups the signing and speech rules apply to: the 招商小组, not the outpost centres
    (the notice counts outposts as groups only for the valid-lead rule)."""
    g = campaign.groups
    return [x for x, o in zip(g["group"], g["is_outpost"]) if not o]


def at_least_100m(investment_wan, min_wan: float):
    """Which planned investments reach the 亿元 threshold (``min_wan`` 万元; 10,000 counts, 9,999 does
    not, a missing amount never): the one test of "≥ 1 亿". A Series gives a boolean Series, one
    amount a bool.

    Examples
    --------
    >>> at_least_100m(pd.Series([10000.0, 9999.0, None]), 10000).tolist(), at_least_100m(12000.0, 10000)
    ([True, False, False], True)
    """
    if isinstance(investment_wan, pd.Series):
        return investment_wan.fillna(-1) >= float(min_wan)
    return bool(not pd.isna(investment_wan) and float(investment_wan) >= float(min_wan))


def signed_100m_mask(leads: pd.DataFrame, min_wan: float, lo: Any = None, hi: Any = None,
                     leading_only: bool = False) -> pd.Series:
    """Which leads count as signed projects of at least 1 亿元 (亿元以上签约): the one home of that rule.

    A lead counts when its ``signed_on`` falls in ``[lo, hi]`` (open ends when None; a lead without
    a signing date never counts), its planned investment passes :func:`at_least_100m`, and, with
    ``leading_only`` (the groups' rule), its industry is a leading one (主导产业).

    Examples
    --------
    >>> ld = pd.DataFrame({"signed_on": pd.to_datetime(["2021-07-05", "2021-07-06", None]),
    ...                    "investment_wan": [10000.0, 9999.0, 50000.0], "leading": [True, True, True]})
    >>> signed_100m_mask(ld, 10000, "2021-07-01", "2021-07-31").tolist()
    [True, False, False]
    """
    d = leads["signed_on"]
    m = d.notna()
    if lo is not None:
        m &= d >= day(lo)
    if hi is not None:
        m &= d <= day(hi)
    m &= at_least_100m(leads["investment_wan"], min_wan)
    return m & leads["leading"].astype(bool) if leading_only else m


def group_signing(campaign, start: Any, end: Any, as_of: Any = None) -> pd.DataFrame:
    """Each group's signed leading-industry projects of at least 1 亿元 (亿元以上主导产业签约项目), 累计.

    A campaign rule, judged 累计: ``signed`` counts the group's leads passing :func:`signed_100m_mask`
    (leading industry, ``investment_wan >= groups.signed_min_wan``) signed from the campaign's start
    to ``as_of`` (:func:`yeji_analysis.periods.cumulative_bounds`); ``period_signed`` those signed in
    ``[start, min(end, as_of)]`` (本期). ``met`` when ``signed`` reaches ``groups.signed_projects``;
    ``status`` is judged as the district targets are (:func:`district_targets`): ``met``, ``missed``
    once the campaign has ended by ``as_of``, else ``on_track`` or ``behind`` by pace. Outpost centres
    are left out (:func:`signing_groups`). Columns: ``group``, ``signed``, ``period_signed``,
    ``required``, ``met``, ``status``, ``lead_ids`` (累计), ``period_ids``.
    """
    start, end, as_of = period_bounds(start, end, as_of)
    cfg = campaign.config["groups"]
    c0, c1 = cumulative_bounds(campaign.config, start, min(end, as_of))
    ld = campaign.leads[signed_100m_mask(campaign.leads, cfg["signed_min_wan"], c0, c1, True)]
    in_win = in_period(ld["signed_on"], start, min(end, as_of))
    deadline = max(day(campaign.config["window"]["end"]), end)
    rows = []
    for group in signing_groups(campaign):
        mine = ld["group"] == group
        ids = _ids(ld.loc[mine, "lead_id"])
        pids = _ids(ld.loc[mine & in_win, "lead_id"])
        met = len(ids) >= cfg["signed_projects"]
        rows.append({"group": group, "signed": len(ids), "period_signed": len(pids), "required": cfg["signed_projects"],
                     "met": met, "status": _target_status(len(ids), cfg["signed_projects"], deadline, c0, as_of),
                     "lead_ids": ids, "period_ids": pids})
    return pd.DataFrame(rows, columns=["group", "signed", "period_signed", "required", "met", "status", "lead_ids",
                                       "period_ids"])


def speech_entries(campaign) -> pd.DataFrame:
    """Each group's contestants in the speech contest (招商主题演讲比赛) against the minimum.

    Distinct contestant names per group; ``met`` when they reach ``groups.speech_contestants``.
    Outpost centres are left out (:func:`signing_groups`). Columns: ``group``, ``contestants``,
    ``required``, ``met``, ``contestant_names``.
    """
    req = campaign.config["groups"]["speech_contestants"]
    ct = campaign.contestants
    rows = []
    for group in signing_groups(campaign):
        names = sorted({str(x).strip() for x in ct.loc[ct["group"] == group, "contestant"] if str(x).strip()})
        rows.append({"group": group, "contestants": len(names), "required": req, "met": len(names) >= req,
                     "contestant_names": names})
    return pd.DataFrame(rows, columns=["group", "contestants", "required", "met", "contestant_names"])


# ------------------------------------------------------------------------- district targets
def _event_ids(ev: pd.DataFrame) -> pd.Series:
    if "event_id" in ev.columns:
        return ev["event_id"].astype(str)
    return pd.Series([f"E{i + 1:03d}" for i in ev.index], index=ev.index)


def _target_status(actual: float, goal: float, deadline: pd.Timestamp, start: pd.Timestamp,
                   as_of: pd.Timestamp) -> str:
    if actual >= goal:
        return "met"
    if as_of >= deadline:
        return "missed"
    total = (deadline - start).days + 1
    elapsed = min(max((as_of - start).days + 1, 0), total)
    return "on_track" if actual * total >= goal * elapsed else "behind"


def _district_counts(campaign, lo: pd.Timestamp, hi: pd.Timestamp, lang: str = "zh") -> dict[str, dict]:
    """target -> {"ids", "notes"} for records dated in [lo, hi] (the notes in ``lang``; the ceremonies' also
    "held", the names of those held)."""
    d = campaign.config["district"]
    ld = campaign.leads
    out = {"signed_100m": {"ids": _ids(ld.loc[signed_100m_mask(ld, d["signed_min_wan"], lo, hi), "lead_id"]),
                           "notes": label("note.signed_min", lang).format(wan=d["signed_min_wan"])},
           "started": {"ids": _ids(ld.loc[in_period(ld["started_on"], lo, hi), "lead_id"]), "notes": ""}}
    ev = campaign.events
    eid = _event_ids(ev)
    ev = ev[in_period(ev["held_on"], lo, hi)]
    cer = ev[ev["event_type"] == "signing_ceremony"]
    ids, notes, held = [], [], []
    for c in d["ceremonies"]:
        clo, chi = day(c["earliest"]), day(c["latest"])
        hit = cer[in_period(cer["held_on"], clo, chi)]
        if len(hit):
            ids.append(eid[hit.index[hit["held_on"].argmin()]])
            held.append(c["name"])
            notes.append(label("note.ceremony_held", lang).format(name=c["name"], on=hit["held_on"].min().date()))
        else:
            notes.append(label("note.ceremony_not_held", lang).format(name=c["name"], earliest=clo.date(),
                                                                      latest=chi.date()))
    out["ceremonies"] = {"ids": _ids(ids), "notes": joined(notes, lang, clauses=True), "held": held}
    rs = ev[ev["event_type"] == "roadshow"]
    regions = list(d["roadshow_regions"])
    covered = [r for r in regions if (rs["region"] == r).any()]
    missing = [r for r in regions if r not in covered]
    out["roadshows"] = {"ids": _ids(eid[rs.index[rs["region"].isin(regions)]]), "count": len(covered),
                        "notes": joined([x for x in [label("note.regions_reached", lang) + joined(covered, lang) if covered else "",
                                                     label("note.regions_not_reached", lang) + joined(missing, lang) if missing else ""]
                                         if x], lang, clauses=True)}
    for et in d["events"]:
        hit = ev[ev["event_type"] == et]
        out[et] = {"ids": _ids(eid[hit.index]), "notes": joined((x.date() for x in sorted(hit["held_on"])), lang)}
    for v in out.values():
        v.setdefault("count", len(v["ids"]))
    return out


def district_targets(campaign, start: Any, end: Any, as_of: Any = None, lang: str = "zh") -> pd.DataFrame:
    """The district's campaign targets (全区目标), judged 累计 (campaign start to as-of), with the period's count.

    Rows, by DOMAIN.md's rule ids:

    - ``signed_100m``: leads with ``signed_on`` in the period and ``investment_wan >=
      district.signed_min_wan`` (亿元以上: 10,000 万元 counts, 9,999 does not), any industry;
    - ``started``: leads with ``started_on`` in the period (新开工);
    - ``ceremonies``: the configured signing ceremonies (集中签约仪式), each counted when a
      ``signing_ceremony`` event is held inside its [earliest, latest] window;
    - ``roadshows``: the configured regions that had a ``roadshow`` event (定向招商推介);
    - one row per other configured event type (``district.events``), goal 1.

    Every row is judged 累计: ``actual`` counts records dated from the campaign window's start (or
    the period's start, if earlier) to ``min(end, as_of)`` — the number the status is judged on —
    and ``period_actual`` those dated in ``[start, min(end, as_of)]`` (本期; a project counts in
    the period its stage date falls in). ``met`` is ``actual >= goal``; ``status`` is ``met`` when
    ``actual`` reaches the goal; ``missed`` once the ``deadline`` has passed by ``as_of`` (the
    campaign window's end, or the period's end if later; for ceremonies, a ceremony's latest day);
    otherwise ``on_track`` when ``actual × total_days >= goal × elapsed_days`` counted from the
    campaign's start to the deadline, else ``behind`` (ceremonies not yet due are ``on_track``).
    Columns: ``target``, ``actual``, ``goal``, ``met``, ``period_actual``, ``campaign_actual`` (=
    ``actual``, kept for callers), ``status``, ``deadline``, ``ids`` (lead or event ids counted,
    累计), ``period_ids`` (本期), ``campaign_ids`` (= ``ids``), ``notes`` (the campaign's progress in
    words, in ``lang`` (zh or en; the names of ceremonies and regions as configured): ceremonies held, regions
    reached, dates of events).
    """
    start, end, as_of = period_bounds(start, end, as_of)
    cut = min(end, as_of)
    d = campaign.config["district"]
    w0, w1 = day(campaign.config["window"]["start"]), day(campaign.config["window"]["end"])
    c0 = min(start, w0)
    deadline = max(w1, end)
    per = _district_counts(campaign, start, cut, lang)
    cum = _district_counts(campaign, c0, cut, lang)
    goals = {"signed_100m": d["signed_100m"], "started": d["started"], "ceremonies": len(d["ceremonies"]),
             "roadshows": len(d["roadshow_regions"]), **{et: 1 for et in d["events"]}}
    rows = []
    for t, goal in goals.items():
        row = {"target": t, "actual": cum[t]["count"], "goal": goal, "met": cum[t]["count"] >= goal,
               "period_actual": per[t]["count"], "campaign_actual": cum[t]["count"], "deadline": deadline,
               "ids": cum[t]["ids"], "period_ids": per[t]["ids"], "campaign_ids": cum[t]["ids"], "notes": cum[t]["notes"]}
        if t == "ceremonies":
            lates = [day(c["latest"]) for c in d["ceremonies"]]
            row["deadline"] = max(lates, default=deadline)
            late = [c for c, lt in zip(d["ceremonies"], lates) if as_of >= lt and c["name"] not in cum[t]["held"]]
            row["status"] = "met" if row["actual"] >= goal else ("missed" if late else "on_track")
        else:
            row["status"] = _target_status(row["actual"], goal, deadline, c0, as_of)
        rows.append(row)
    return pd.DataFrame(rows, columns=["target", "actual", "goal", "met", "period_actual", "campaign_actual", "status",
                                       "deadline", "ids", "period_ids", "campaign_ids", "notes"])


def headline(campaign, start: Any, end: Any, as_of: Any = None, basis: str = "window") -> dict:
    """District totals for metrics.json and the report's cards, 本期 or 累计.

    With ``basis="window"`` (本期, the default) the figures count ``[start, min(end, as_of)]``;
    with ``basis="cumulative"`` (累计) from the campaign's start to ``min(end, as_of)``. Keys:
    ``signed_100m`` and ``started`` (as :func:`district_targets` counts them); ``valid_leads`` =
    rows of :func:`valid_leads`; ``trips`` = distinct trips started (a joint trip once);
    ``head_trips`` = distinct trips led by at least one unit head (:func:`head_led_mask`);
    ``receptions`` = receptions; ``leads`` = leads reported.
    """
    start, end, as_of = period_bounds(start, end, as_of)
    if basis not in ("window", "cumulative"):
        raise ValueError(f"basis must be 'window' or 'cumulative', not {basis!r}")
    cut = min(end, as_of)
    if basis == "cumulative":
        start = cumulative_bounds(campaign.config, start, cut)[0]
    dt_ = district_targets(campaign, start, end, as_of).set_index("target")
    tr = campaign.trips[in_period(campaign.trips["start_on"], start, cut)]
    ld = campaign.leads
    return {
        "signed_100m": int(dt_.loc["signed_100m", "period_actual"]),
        "started": int(dt_.loc["started", "period_actual"]),
        "valid_leads": int(len(valid_leads(campaign, start, cut))) if cut >= start else 0,
        "trips": int(tr["trip_id"].nunique()),
        "head_trips": int(tr.loc[head_led_mask(tr), "trip_id"].nunique()),
        "receptions": int(in_period(campaign.receptions["received_on"], start, cut).sum()),
        "leads": int(in_period(ld["reported_on"], start, cut).sum()),
    }


def trace(campaign, ids: Iterable[str]) -> pd.DataFrame:
    """The ledger rows behind a list of ids (lead, trip, reception or event ids): where each came from.

    Returns ``id``, ``ledger``, ``date``, ``unit``, ``source``, ``sheet``, ``row``.
    """
    want = [str(i) for i in ids]
    parts = []
    ev = campaign.events.assign(event_id=_event_ids(campaign.events), unit="")
    for ledger, frame, idcol, datecol, unitcol in [
            ("leads", campaign.leads, "lead_id", "reported_on", "unit"),
            ("trips", campaign.trips.assign(unit=campaign.trips["units"].map("、".join)), "trip_id", "start_on", "unit"),
            ("receptions", campaign.receptions, "reception_id", "received_on", "unit"),
            ("events", ev, "event_id", "held_on", "unit")]:
        hit = frame[frame[idcol].astype(str).isin(want)]
        parts.append(pd.DataFrame({"id": hit[idcol].astype(str), "ledger": ledger, "date": hit[datecol],
                                   "unit": hit[unitcol].astype(str), "source": hit["source"],
                                   "sheet": hit["sheet"], "row": hit["row"]}))
    out = pd.concat(parts, ignore_index=True)
    order = {i: n for n, i in enumerate(want)}
    return out.sort_values("id", key=lambda s: s.map(order)).reset_index(drop=True)
