"""The roadshow planner (招商推介路线规划): when, where, who goes, whom to meet and in what order."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
import re
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from .config import default_config
from .labels import label, register
from .pipeline import stages_on
from .rules import period_months
from .regions import HOME, load_regions, travel_hours

__all__ = ["PlanError", "LEAD_WEIGHTS", "LEADS_PER_VISIT", "working_days", "dispatch_meetings",
           "blocked_days", "plan_days", "rank_leads", "leg_hours", "hours_matrix", "Route", "plan_route",
           "unit_needs", "assign_delegations", "expected_outcome", "RoadshowPlan", "plan_roadshows",
           "plan_view", "plot_route"]

#: Weights of the whom-to-meet score (0-100). The notice gives none; these are the planner's
#: documented defaults, overridden by ``config["planner"]["lead_weights"]`` when a config has it.
LEAD_WEIGHTS = dict(default_config()["planner"]["lead_weights"])
#: How many leads one visit is given to meet, at most (the best-ranked first).
LEADS_PER_VISIT = 5

register({
    "plan.date": ("日期", "date"), "plan.weekday": ("星期", "weekday"), "plan.region": ("目标区域", "region"),
    "plan.tour": ("轮次", "tour"), "plan.stop": ("站序", "stop"),
    "plan.units": ("出行单位", "units"), "plan.groups": ("招商小组", "groups"),
    "plan.head_units": ("主要负责人带队单位", "units led by their head"),
    "plan.leads": ("拜访线索", "leads to meet"), "plan.n_units": ("单位数", "units"),
    "plan.unit": ("单位", "unit"), "plan.group": ("招商小组", "group"), "plan.head_led": ("主要负责人带队", "head-led"),
    "plan.affinity": ("匹配度", "affinity"), "plan.purpose": ("出行目的", "purpose"),
    "plan.month": ("月份", "month"), "plan.trips": ("本月已外出", "trips so far"),
    "plan.head_trips": ("本月负责人已带队", "head-led so far"),
    "plan.trips_needed": ("还需外出", "trips needed"), "plan.head_needed": ("还需负责人带队", "head-led needed"),
    "plan.planned": ("已安排", "planned"), "plan.planned_head": ("已安排负责人带队", "head-led planned"),
    "plan.unmet": ("仍缺", "still short"),
    "plan.rank": ("排序", "rank"), "plan.lead_id": ("线索编号", "lead id"), "plan.investor": ("投资方", "investor"),
    "plan.project": ("项目名称", "project"), "plan.stage": ("当前阶段", "stage"),
    "plan.investment_wan": ("计划投资额（万元）", "planned investment (10k yuan)"),
    "plan.sector": ("产业", "industry"), "plan.days_since_contact": ("距上次联系（天）", "days since contact"),
    "plan.last_contact_on": ("上次联系", "last contact"), "plan.score": ("得分", "score"),
    "plan.reason": ("推荐理由", "why"), "plan.visit_date": ("拜访日期", "visit date"),
    "plan.contact": ("联系人", "contact"), "plan.phone": ("联系电话", "phone"),
    "plan.leg": ("路段", "leg"), "plan.from": ("出发", "from"), "plan.to": ("到达", "to"),
    "plan.mode": ("交通方式", "mode"), "plan.hours": ("用时（小时）", "hours"),
    "plan.usable": ("可安排", "usable"), "plan.why_blocked": ("不安排原因", "why not"),
    "plan.measure": ("指标", "measure"), "plan.leads_met": ("拜访线索数", "leads met"),
    "plan.rate": ("转化率", "conversion rate"), "plan.expected_added": ("预计新增", "expected added"),
    "plan.actual": ("截至当日", "so far"), "plan.goal": ("目标", "goal"),
    "plan.baseline_expected": ("原预测（期末）", "forecast (end)"),
    "plan.with_plan_expected": ("加上本计划", "with this plan"),
    "plan.baseline_probability": ("原预测达标概率", "forecast chance of target"),
    "plan.plan_lift": ("本计划增量", "lift from this plan"),
    "plan.trips_made": ("外出次数", "trips"), "plan.units_went": ("出行单位数", "units"),
    "plan.mode.road": ("公路", "road"), "plan.mode.rail": ("高铁", "rail"), "plan.mode.air": ("航空", "air"),
    "plan.purpose.trips": ("补足本月外出次数", "close the monthly trips gap"),
    "plan.purpose.head": ("主要负责人带队，补足本月带队次数", "head leads it: close the head-led gap"),
    "plan.purpose.cover": ("覆盖目标区域", "cover the region"),
    "plan.block.meeting": ("双周调度会", "dispatch meeting"),
    "plan.block.ceremony": ("集中签约仪式", "signing ceremony"),
    "plan.block.ceremony_planned": ("集中签约仪式（按方案最晚日期预计）", "signing ceremony (assumed at its deadline)"),
    "plan.block.groundbreaking": ("集中开工仪式", "groundbreaking ceremony"),
    "plan.block.before_ceremony": ("签约仪式前预留（意向转签约）", "kept free before the signing ceremony"),
    "plan.block.holiday": ("法定节假日/休息日", "public holiday or weekend"),
    "plan.block.past": ("已过（数据截至日及以前）", "already past (on or before the as-of date)"),
    "plan.measure.intention": ("新增意向", "new intentions"),
    "plan.w.stage": ("阶段", "stage"), "plan.w.investment": ("投资额", "investment"),
    "plan.w.industry": ("产业契合", "industry fit"), "plan.w.recency": ("久未联系", "days since contact"),
    "plan.w.consultant": ("顾问推荐", "consultant"), "plan.w.contention": ("撞单", "contention"),
    "plan.measure.signed": ("新增签约", "new signings"),
    "plan.measure.signed_100m": ("新增亿元以上签约", "new signings of 1 亿 or more"),
})

_WEEKDAYS_ZH = "一二三四五六日"
_CEREMONY_TYPES = {"signing_ceremony": "plan.block.ceremony", "groundbreaking": "plan.block.groundbreaking"}


class PlanError(ValueError):
    """Planning parameters that cannot make a plan (window, regions); the message says what to change."""


# ---------------------------------------------------------------------------------------------- dates
def _day(x: Any) -> pd.Timestamp:
    return pd.Timestamp(x).normalize()


def _is_workday(d: dt.date) -> bool:
    import chinese_calendar

    try:
        return bool(chinese_calendar.is_workday(d))
    except NotImplementedError:  # a year the package does not know yet: Monday to Friday
        return d.weekday() < 5


def working_days(start: Any, end: Any, *, exclude: Iterable[Any] = ()) -> pd.DatetimeIndex:
    """Official working days (工作日) from ``start`` to ``end`` inclusive, less the ``exclude`` dates.

    China's calendar comes from the ``chinese-calendar`` package: public holidays are off and the
    make-up working days (调休上班) on weekends are on; years it does not know fall back to Monday-Friday.

    Examples
    --------
    >>> days = working_days("2021-09-17", "2021-09-27")
    >>> [d.strftime("%m-%d") for d in days]
    ['09-17', '09-18', '09-22', '09-23', '09-24', '09-26', '09-27']
    >>> len(working_days("2021-09-17", "2021-09-27", exclude=["2021-09-24"]))
    6
    """
    s, e = _day(start), _day(end)
    ex = {_day(x) for x in exclude}
    keep = [d for d in pd.date_range(s, e, freq="D") if d not in ex and _is_workday(d.date())]
    return pd.DatetimeIndex(keep, name="date")


def dispatch_meetings(config: dict) -> pd.DataFrame:
    """The two-weekly dispatch meetings (双周调度会): one row a dispatch window with its meeting day,
    as :func:`yeji_analysis.dispatch.meeting_schedule` sets them (one rule for the report and the plan).

    Examples
    --------
    >>> from yeji_analysis.config import load_config
    >>> dispatch_meetings(load_config())["meeting_on"].dt.strftime("%m-%d").tolist()[:3]
    ['07-16', '07-30', '08-13']
    """
    from .dispatch import meeting_schedule

    m = meeting_schedule(config)
    return m.rename(columns={"start": "window_start", "end": "window_end"})[["window", "window_start", "window_end",
                                                                              "meeting_on"]]


def _final_ceremony(config: dict, events: pd.DataFrame | None) -> tuple[pd.Timestamp | None, bool]:
    """The last configured signing ceremony's date: held (events ledger) or assumed at its deadline."""
    cers = config["district"].get("ceremonies") or []
    if not cers:
        return None, False
    last = max(cers, key=lambda c: _day(c["latest"]))
    lo, hi = _day(last["earliest"]), _day(last["latest"])
    if events is not None and len(events):
        events = events.assign(held_on=pd.to_datetime(events["held_on"]))
        held = events.loc[events["event_type"].eq("signing_ceremony"), "held_on"].dropna()
        held = held[(held >= lo) & (held <= hi)]
        if len(held):
            return _day(held.min()), True
    return hi, False


def blocked_days(config: dict, start: Any, end: Any, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Days in ``start``..``end`` no delegation should be away, each with the reason (key and words).

    Blocked: every dispatch-meeting day; every ceremony the events ledger records (signing
    ceremonies, the groundbreaking); each configured signing ceremony the ledger does not record
    yet, assumed at its deadline (``latest``); and the ``planner.min_days_before_ceremony`` days
    before the last signing ceremony, so that an intention met on the road has that long to
    become a signing (a visit on day d needs ceremony − d >= min_days).

    Returns a frame with ``date``, ``reason_key`` and ``reason`` (Chinese), one row per date and
    reason, sorted by date.

    Examples
    --------
    >>> from yeji_analysis.config import load_config
    >>> b = blocked_days(load_config(), "2021-09-20", "2021-09-30")
    >>> b.drop_duplicates("date")["date"].dt.strftime("%d").tolist()
    ['24', '25', '26', '27', '28', '29', '30']
    """
    s, e = _day(start), _day(end)
    rows = []
    for m in dispatch_meetings(config)["meeting_on"]:
        rows.append((m, "plan.block.meeting"))
    ev = events if events is not None else pd.DataFrame(columns=["event_type", "held_on"])
    ev = ev.assign(held_on=pd.to_datetime(ev["held_on"]))
    for etype, key in _CEREMONY_TYPES.items():
        for d in ev.loc[ev["event_type"].eq(etype), "held_on"].dropna():
            rows.append((_day(d), key))
    held = ev.loc[ev["event_type"].eq("signing_ceremony"), "held_on"].dropna().map(_day)
    for c in config["district"].get("ceremonies") or []:
        lo, hi = _day(c["earliest"]), _day(c["latest"])
        if not ((held >= lo) & (held <= hi)).any():
            rows.append((hi, "plan.block.ceremony_planned"))
    final, _ = _final_ceremony(config, events)
    gap = int(config["planner"]["min_days_before_ceremony"])
    if final is not None and gap > 0:
        for k in range(1, gap):
            rows.append((final - pd.Timedelta(days=k), "plan.block.before_ceremony"))
    out = pd.DataFrame(rows, columns=["date", "reason_key"]).drop_duplicates()
    out["date"] = pd.to_datetime(out["date"]).astype("datetime64[ns]")
    out = out[(out["date"] >= s) & (out["date"] <= e)].sort_values(["date", "reason_key"], ignore_index=True)
    return out.assign(reason=out["reason_key"].map(label))


def plan_days(config: dict, start: Any, end: Any, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every day of the planning window: ``date``, ``usable`` and, when not, ``reason_key``/``reason``.

    ``reason_key`` holds every reason's label key, joined with ``|`` (a meeting on a ceremony day
    has both); ``reason`` says them in Chinese.

    Usable = an official working day (:func:`working_days`) that :func:`blocked_days` leaves free.

    Examples
    --------
    >>> from yeji_analysis.config import load_config
    >>> d = plan_days(load_config(), "2021-08-26", "2021-08-31")
    >>> d[["usable", "reason_key"]].values.tolist()[:3]
    [[True, ''], [False, 'plan.block.meeting'], [False, 'plan.block.holiday']]
    """
    s, e = _day(start), _day(end)
    blocked = blocked_days(config, s, e, events)
    why = blocked.groupby("date")["reason_key"].agg("|".join)
    work = set(working_days(s, e))
    rows = []
    for d in pd.date_range(s, e, freq="D"):
        key = why.get(d, "")
        if not key and d not in work:
            key = "plan.block.holiday"
        rows.append({"date": d, "weekday": d.isoweekday(), "usable": not key, "reason_key": key})
    out = pd.DataFrame(rows, columns=["date", "weekday", "usable", "reason_key"])
    out["date"] = out["date"].astype("datetime64[ns]")
    return out.assign(reason=[_reason_text(k) for k in out["reason_key"]])


def _reason_text(keys: str, lang: str = "zh") -> str:
    """Labels of a ``|``-joined list of reason keys, joined for reading."""
    return ("、" if lang == "zh" else "; ").join(label(k, lang) for k in keys.split("|") if k)


# ---------------------------------------------------------------------------------------------- leads
def _name_key(text: Any) -> str:
    """A company name reduced for matching, as the rules match investors (撞单)."""
    from .rules import normalize_investor

    return normalize_investor(text) if isinstance(text, str) else ""


def _last_contact(campaign, leads: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """Latest of: reported, intention, a reception linked by lead_id, a trip that visited the investor."""
    last = leads["reported_on"].copy()
    if "intention_on" in leads.columns:
        io = leads["intention_on"].where(leads["intention_on"] <= as_of)
        last = pd.concat([last, io], axis=1).max(axis=1)
    rc = campaign.receptions
    rc = rc[(rc["received_on"] <= as_of) & rc["lead_id"].astype(str).ne("")]
    if len(rc):
        by_lead = rc.groupby(rc["lead_id"].astype(str))["received_on"].max()
        last = pd.concat([last, leads["lead_id"].map(by_lead)], axis=1).max(axis=1)
    tr = campaign.trips[campaign.trips["start_on"] <= as_of]
    visits: dict[str, pd.Timestamp] = {}
    for on, companies in zip(tr["start_on"], tr["companies"]):
        for c in companies or []:
            k = _name_key(c)
            if k and (k not in visits or on > visits[k]):
                visits[k] = on
    if visits:
        # a visit matches a lead when their names reduce to the same key, as the graph's visited edges do
        hit = leads["investor"].map(_name_key).map(visits)
        last = pd.concat([last, pd.to_datetime(hit)], axis=1).max(axis=1)
    return last.astype("datetime64[ns]")


def _contended(leads: pd.DataFrame) -> pd.Series:
    """True where the same investor (name key) was reported by two or more groups (撞单)."""
    keys = leads["investor"].map(_name_key)
    groups = leads.groupby(keys)["group"].nunique()
    return keys.map(groups).fillna(0).gt(1) & keys.ne("")


def _wan_text(w: float, lang: str) -> str:
    if w >= 10000:
        return f"{w / 10000:.4g}亿元" if lang == "zh" else f"{w / 10000:.4g} 亿 yuan"
    return f"{w:.0f}万元" if lang == "zh" else f"{w:.0f} 万 yuan"


def rank_leads(campaign, region: str | Sequence[str] | None, as_of: Any, *, weights: dict | None = None,
               lang: str = "zh") -> pd.DataFrame:
    """Whom to meet in a region (拜访对象): unsigned leads located there, ranked by a transparent score.

    A lead qualifies when it was reported by ``as_of``, had not signed by then, lies in ``region``
    (a name, a list, or None for every region) and was not screened invalid. Its score (0-100) is
    the sum of ``weight × part`` over six parts, each between 0 and 1:

    - ``stage``: 1 for an intention (意向), 1/3 for a lead;
    - ``investment``: planned investment ÷ the 亿元 threshold (``groups.signed_min_wan``), capped at 1;
    - ``industry``: 1 for a leading industry the region's cluster has, 0.6 for another leading
      industry, 0.3 for a supporting one (设计研发), 0 otherwise;
    - ``recency``: days since the last contact ÷ the stage's yellow stall threshold
      (``stall_days``), capped at 1; the last contact is the latest of the report, the intention,
      a reception linked by ``lead_id`` and a trip whose visited companies name the investor;
    - ``consultant``: 1 when a consultant (招商顾问) referred it;
    - ``contention``: 1 when two or more groups reported the same investor (撞单: meet it to settle
      one owner).

    Weights: :data:`LEAD_WEIGHTS`, or ``config["planner"]["lead_weights"]``, or ``weights``.
    The ``reason`` column says the same in words (Chinese, or English with ``lang="en"``).

    Examples
    --------
    >>> from yeji_analysis.model import Campaign
    >>> c = Campaign.from_frames(
    ...     units=pd.DataFrame({"unit": ["史河街道"], "group": ["家居组"]}),
    ...     leads=pd.DataFrame({"lead_id": ["L1", "L2"], "investor": ["甲木业", "乙公司"],
    ...                         "unit": ["史河街道"] * 2, "reported_on": ["2021-07-01"] * 2,
    ...                         "origin": ["临沂市"] * 2, "industry": ["板材", "电池"],
    ...                         "investment_wan": [20000.0, 3000.0]}))
    >>> r = rank_leads(c, "临沂", "2021-07-22")
    >>> r[["rank", "lead_id", "score"]].values.tolist()
    [[1, 'L1', 65.0], [2, 'L2', 32.5]]
    """
    as_of = _day(as_of)
    cfg = campaign.config
    w = {**LEAD_WEIGHTS, **(cfg.get("planner", {}).get("lead_weights") or {}), **(weights or {})}
    regions = None if region is None else ([region] if isinstance(region, str) else list(region))
    ld = campaign.leads
    ld = ld[ld["reported_on"] <= as_of]
    stage = stages_on(ld, as_of)["stage"]
    keep = stage.isin(["lead", "intention"]) & ld["screened_valid"].ne(False).fillna(True).astype(bool)
    if regions is not None:
        keep &= ld["region"].isin(regions)
    else:
        keep &= ld["region"].notna()
    contended = _contended(ld)
    ld = ld[keep].assign(stage_as_of=stage[keep], contention=contended[keep])
    cols = ["region", "rank", "lead_id", "investor", "project", "unit", "group", "stage", "investment_wan",
            "sector", "leading", "consultant", "contact", "phone", "last_contact_on", "days_since_contact",
            "contention", "score", "score_stage", "score_investment", "score_industry", "score_recency",
            "score_consultant", "score_contention", "reason"]
    if ld.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    cluster = load_regions().set_index("region")["cluster_industries"].to_dict()
    leading = set(cfg["industries"]["leading"])
    supporting = set(cfg["industries"]["supporting"])
    threshold = float(cfg["groups"]["signed_min_wan"])
    stall = cfg["stall_days"]
    last = _last_contact(campaign, ld, as_of)
    days = (as_of - last).dt.days.clip(lower=0)
    rows = []
    for (i, r), lc, dd in zip(ld.iterrows(), last, days):
        st = r["stage_as_of"]
        inv = r["investment_wan"]
        in_cluster = r["sector"] in (cluster.get(r["region"]) or [])
        parts = {
            "stage": 1.0 if st == "intention" else 1 / 3,
            "investment": 0.0 if pd.isna(inv) else min(float(inv) / threshold, 1.0),
            "industry": (1.0 if in_cluster else 0.6) if r["sector"] in leading else (0.3 if r["sector"] in supporting else 0.0),
            "recency": min(dd / float(stall.get(st, stall["lead"])[0]), 1.0),
            "consultant": 1.0 if str(r["consultant"]).strip() else 0.0,
            "contention": 1.0 if r["contention"] else 0.0,
        }
        words = _reason_words(r, st, inv, in_cluster, r["sector"] in leading, dd, threshold, lang)
        rows.append({"region": r["region"], "lead_id": r["lead_id"], "investor": r["investor"],
                     "project": r["project"], "unit": r["unit"], "group": r["group"], "stage": st,
                     "investment_wan": inv, "sector": r["sector"], "leading": bool(r["leading"]),
                     "consultant": r["consultant"], "contact": r["contact"], "phone": r["phone"],
                     "last_contact_on": lc, "days_since_contact": int(dd),
                     "contention": bool(r["contention"]),
                     **{f"score_{k}": round(w[k] * v, 1) for k, v in parts.items()},
                     "score": round(sum(w[k] * v for k, v in parts.items()), 1), "reason": words})
    out = pd.DataFrame(rows)
    out = out.sort_values(["region", "score", "investment_wan", "lead_id"], ascending=[True, False, False, True],
                          na_position="last", ignore_index=True)
    out["rank"] = out.groupby("region").cumcount() + 1
    out["last_contact_on"] = out["last_contact_on"].astype("datetime64[ns]")
    return out[cols]


def _reason_words(r: pd.Series, st: str, inv: float, in_cluster: bool, is_leading: bool, days: int,
                  threshold: float, lang: str) -> str:
    zh = lang == "zh"
    parts = [("已达成意向" if zh else "intention reached") if st == "intention" else ("尚处线索阶段" if zh else "still a lead")]
    if pd.isna(inv):
        parts.append("投资额未填" if zh else "investment not given")
    else:
        big = inv >= threshold
        parts.append((f"计划投资{_wan_text(inv, lang)}" + ("（亿元以上）" if big else "")) if zh
                     else f"plans {_wan_text(inv, lang)}" + (" (1 亿 or more)" if big else ""))
    if is_leading:
        parts.append((f"主导产业{r['sector']}" + (f"，契合{r['region']}产业集群" if in_cluster else "")) if zh
                     else f"leading industry {r['sector']}" + (f", fits the {r['region']} cluster" if in_cluster else ""))
    else:
        parts.append(f"非主导产业（{r['sector']}）" if zh else f"not a leading industry ({r['sector']})")
    parts.append((f"已{days}天未联系" if days > 0 else "截至当日刚联系") if zh else f"{days} days since the last contact")
    if str(r["consultant"]).strip():
        parts.append("招商顾问推荐" if zh else "referred by a consultant")
    if r["contention"]:
        parts.append("多个小组同时跟进（撞单），需明确牵头" if zh else "several groups chase it: settle one owner")
    return ("；" if zh else "; ").join(parts)


# ---------------------------------------------------------------------------------------------- route
def _region_row(table: pd.DataFrame, name: str) -> pd.Series:
    if name not in table.index:
        raise PlanError(f"未知区域 / unknown region {name!r}; known regions: {', '.join(table.index)}")
    return table.loc[name]


def leg_hours(a: str, b: str, table: pd.DataFrame | None = None, *, home: str = HOME) -> tuple[float, str]:
    """Hours and mode of the fastest leg between two regions, from the regions table.

    A leg from or to ``home`` (Yeji) is the table's ``travel_hours``/``travel_mode`` (rail and air go
    by road to Hefei first, as people travel). Between two other cities it is the fastest mode both
    cities have (else the destination's), estimated with :func:`yeji_analysis.regions.travel_hours`
    from the cities' coordinates. Rounded to 0.1 h.

    Examples
    --------
    >>> leg_hours("叶集", "常州")
    (4.2, 'rail')
    >>> leg_hours("常州", "南浔") == leg_hours("南浔", "常州")
    True
    """
    t = table if table is not None else load_regions()
    if "region" in t.columns:
        t = t.set_index("region")
    if a == b:
        return 0.0, ""
    ra, rb = _region_row(t, a), _region_row(t, b)
    if a == home or b == home:
        other = rb if a == home else ra
        return round(float(other["travel_hours"]), 1), str(other["travel_mode"])
    modes = [m for m in ra["modes"] if m in rb["modes"]] or list(rb["modes"]) or ["road"]
    best = min(((round(travel_hours((ra["lat"], ra["lon"]), (rb["lat"], rb["lon"]), m), 1), m) for m in modes))
    return best


def hours_matrix(regions: Sequence[str], table: pd.DataFrame | None = None, *, home: str = HOME) -> pd.DataFrame:
    """Square frame of leg hours between ``home`` and every region (index = from, columns = to).

    Examples
    --------
    >>> m = hours_matrix(["临沂", "佛山"])
    >>> list(m.index), float(m.loc["叶集", "佛山"])
    (['叶集', '临沂', '佛山'], 6.2)
    """
    table = table if table is not None else load_regions()
    names = [home] + [r for r in regions if r != home]
    return pd.DataFrame([[leg_hours(a, b, table, home=home)[0] for b in names] for a in names],
                        index=names, columns=names)


@dataclasses.dataclass(frozen=True)
class Route:
    """A tour from home and back: ``order`` (regions, home not repeated), ``legs`` (leg, from, to,
    mode, hours), ``total_hours`` and whether it is ``exact`` (brute force) or heuristic."""

    order: list[str]
    legs: pd.DataFrame
    total_hours: float
    exact: bool


def _tour_cost(m: np.ndarray, perm: Sequence[int]) -> float:
    path = [0, *perm, 0]
    return float(sum(m[a, b] for a, b in zip(path, path[1:])))


def plan_route(regions: Sequence[str], *, hours: pd.DataFrame | None = None, table: pd.DataFrame | None = None,
               home: str = HOME, exact_limit: int = 8) -> Route:
    """The tour from ``home`` through ``regions`` and back with the least travel time (巡回路线).

    Leg hours come from :func:`hours_matrix` (or ``hours``, a square frame indexed by region names
    that includes ``home``). Up to ``exact_limit`` cities the tour is exact: every permutation is
    tried (8! = 40,320), the first cheapest in the order ``regions`` are given wins. Above it the
    tour is nearest-neighbour improved by 2-opt, and ``exact`` is False.

    Examples
    --------
    >>> r = plan_route(["成都", "常州", "南浔"])
    >>> r.order, r.total_hours, r.exact
    (['成都', '南浔', '常州'], 20.3, True)
    """
    regions = list(dict.fromkeys(r for r in regions if r != home))
    if hours is None:
        hours = hours_matrix(regions, table, home=home)
    missing = [r for r in [home, *regions] if r not in hours.index or r not in hours.columns]
    if missing:
        raise PlanError(f"未知区域 / unknown region(s) {', '.join(missing)}: not in the travel-time table")
    names = [home, *regions]
    m = hours.loc[names, names].to_numpy(dtype=float)
    n = len(regions)
    idx = list(range(1, n + 1))
    exact = n <= exact_limit
    if n == 0:
        best: list[int] = []
    elif exact:
        best, best_cost = idx, math.inf
        for perm in itertools.permutations(idx):
            c = _tour_cost(m, perm)
            if c < best_cost - 1e-9:
                best, best_cost = list(perm), c
    else:
        left, best, cur = set(idx), [], 0
        while left:
            cur = min(left, key=lambda j: (m[cur, j], j))
            best.append(cur)
            left.remove(cur)
        improved = True
        while improved:
            improved = False
            for i in range(n - 1):
                for j in range(i + 1, n):
                    cand = best[:i] + best[i:j + 1][::-1] + best[j + 1:]
                    if _tour_cost(m, cand) < _tour_cost(m, best) - 1e-9:
                        best, improved = cand, True
    order = [names[i] for i in best]
    path = [home, *order, home] if order else []
    legs = []
    for k, (a, b) in enumerate(zip(path, path[1:]), start=1):
        h = float(hours.loc[a, b])
        mode = leg_hours(a, b, table, home=home)[1] if a in _known() and b in _known() else ""
        legs.append({"leg": k, "from": a, "to": b, "mode": mode, "hours": h})
    legs_df = pd.DataFrame(legs, columns=["leg", "from", "to", "mode", "hours"])
    return Route(order=order, legs=legs_df, total_hours=round(float(legs_df["hours"].sum()), 1), exact=exact)


def _known() -> set[str]:
    return set(load_regions()["region"])


# ---------------------------------------------------------------------------------------------- who goes
def _count_trips(campaign, start: pd.Timestamp, as_of: pd.Timestamp) -> pd.DataFrame:
    """Trips and head-led trips per unit × month up to ``as_of`` (the rules' counting, for when no
    compliance frame is given): a trip counts for each unit on it, in the month it starts."""
    tu = campaign.trip_units
    tu = tu[(tu["start_on"] >= start) & (tu["start_on"] <= as_of)]
    if tu.empty:
        return pd.DataFrame(columns=["unit", "month", "trips", "head_trips"])
    return (tu.assign(month=tu["start_on"].dt.strftime("%Y-%m"))
              .groupby(["unit", "month"], as_index=False)
              .agg(trips=("trip_id", "size"), head_trips=("head_led", "sum")))


def unit_needs(campaign, plan_start: Any, plan_end: Any, as_of: Any, compliance: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each unit's gap on the monthly trip rules (外出招商/主要负责人带队) for the months the plan covers.

    One row per unit and month touched by ``plan_start``..``plan_end``: the ``trips`` and
    ``head_trips`` counted up to ``as_of`` (from ``compliance``, the rules' unit × month frame,
    when given; otherwise counted here the same way), ``trips_needed`` = max(0, rule − trips),
    ``head_needed`` likewise, ``needed`` = max of the two (a head-led trip is a trip too) and
    ``behind`` (``needed`` > 0). ``status`` is the rules' status where ``compliance`` has one.
    """
    s, e, as_of = _day(plan_start), _day(plan_end), _day(as_of)
    cfg = campaign.config
    months = [m for m, _, _ in period_months(s, e)]
    first = pd.Timestamp(months[0] + "-01")
    if compliance is not None and len(compliance):
        counts = compliance[compliance["month"].isin(months)]
        keep = [c for c in ["unit", "month", "trips", "head_trips", "trips_status", "head_trips_status"] if c in counts]
        counts = counts[keep]
    else:
        counts = _count_trips(campaign, first, as_of)
    grid = pd.MultiIndex.from_product([campaign.units["unit"], months], names=["unit", "month"]).to_frame(index=False)
    out = grid.merge(counts, on=["unit", "month"], how="left")
    out["trips"] = out["trips"].fillna(0).astype(int)
    out["head_trips"] = out["head_trips"].fillna(0).astype(int)
    out["group"] = out["unit"].map(dict(zip(campaign.units["unit"], campaign.units["group"])))
    out["trips_needed"] = (cfg["units"]["trips_per_month"] - out["trips"]).clip(lower=0).astype(int)
    out["head_needed"] = (cfg["units"]["head_trips_per_month"] - out["head_trips"]).clip(lower=0).astype(int)
    out["needed"] = out[["trips_needed", "head_needed"]].max(axis=1).astype(int)
    out["behind"] = out["needed"].gt(0)
    for c in ("trips_status", "head_trips_status"):
        if c not in out.columns:
            out[c] = ""
        out[c] = out[c].fillna("").astype(str)
    cols = ["unit", "group", "month", "trips", "head_trips", "trips_needed", "head_needed", "needed", "behind",
            "trips_status", "head_trips_status"]
    return out[cols].sort_values(["month", "unit"], ignore_index=True)


def _simple_affinity(campaign, regions: Sequence[str]) -> pd.DataFrame:
    """Unit-region affinity when the graph's is not given: past trips (scaled 0-1), the group's target
    region (1) and the group's industries the region's cluster has (0.5)."""
    table = load_regions().set_index("region")
    g = campaign.groups.set_index("group")
    tu = campaign.trip_units
    past = tu.groupby(["unit", "region"]).size()
    top = max(int(past.max()) if len(past) else 0, 1)
    rows = []
    for u, grp in zip(campaign.units["unit"], campaign.units["group"]):
        targets = list(g.loc[grp, "regions"]) if grp in g.index else []
        inds = set(g.loc[grp, "industries"]) if grp in g.index else set()
        for r in regions:
            n = int(past.get((u, r), 0))
            cl = set(table.loc[r, "cluster_industries"]) if r in table.index else set()
            tr, fit = r in targets, bool(inds & cl)
            rows.append({"unit": u, "group": grp, "region": r, "affinity": n / top + tr + 0.5 * fit,
                         "past_trips": n, "target_region": tr, "industry_fit": float(fit)})
    return pd.DataFrame(rows, columns=["unit", "group", "region", "affinity", "past_trips", "target_region",
                                       "industry_fit"])


def assign_delegations(slots: pd.DataFrame, needs: pd.DataFrame, affinity: pd.DataFrame, *,
                       max_trips_per_unit: int, max_units_per_visit: int | None = None,
                       cover_regions: bool = True) -> pd.DataFrame:
    """Which units go where and when (出行安排): the behind units first, then one unit per empty region.

    ``slots`` has one row per usable day with its ``date``, ``region`` and ``month`` (the route's stop
    for that day). Units with a gap (``needs.needed`` > 0) are served first, those short of a
    head-led trip before the rest, larger gaps before smaller: each needed trip goes to the slot in
    that month where the unit is free that day and has the highest ``affinity`` for the region
    (ties: a region the unit has not been given yet, a slot others already go to, the earlier
    date). A unit is never in two places on one day and never gets more than
    ``max_trips_per_unit`` trips; a visit never gets more than ``max_units_per_visit`` units. With
    ``cover_regions``, a region nobody was sent to gets the free unit with the highest affinity.

    Returns one row per unit and visit: ``date``, ``region``, ``unit``, ``group``, ``head_led``,
    ``affinity``, ``purpose`` (``trips``/``head``/``cover``), ``month``.

    Examples
    --------
    >>> slots = pd.DataFrame({"date": pd.to_datetime(["2021-09-01", "2021-09-02"]),
    ...                       "region": ["临沂", "佛山"], "month": ["2021-09"] * 2})
    >>> needs = pd.DataFrame({"unit": ["甲", "乙"], "group": ["G", "G"], "month": ["2021-09"] * 2,
    ...                       "trips_needed": [2, 0], "head_needed": [1, 0], "needed": [2, 0]})
    >>> aff = pd.DataFrame({"unit": ["甲", "甲", "乙", "乙"], "region": ["临沂", "佛山"] * 2,
    ...                     "affinity": [2.0, 1.0, 0.0, 3.0]})
    >>> d = assign_delegations(slots, needs, aff, max_trips_per_unit=2)
    >>> d[["region", "unit", "head_led", "purpose"]].values.tolist()
    [['临沂', '甲', True, 'head'], ['佛山', '甲', False, 'trips']]
    """
    cols = ["date", "region", "unit", "group", "head_led", "affinity", "purpose", "month"]
    aff = {(u, r): float(a) for u, r, a in zip(affinity["unit"], affinity["region"], affinity["affinity"])}
    group_of = dict(zip(needs["unit"], needs["group"]))
    if "group" in affinity.columns:
        for u, g in zip(affinity["unit"], affinity["group"]):
            group_of.setdefault(u, g)
    slots = slots.sort_values("date", ignore_index=True)
    load: dict[str, int] = {}
    busy: set[tuple[str, pd.Timestamp]] = set()
    size: dict[int, int] = {}
    went: set[tuple[str, str]] = set()
    rows: list[dict] = []

    def free(unit: str, i: int) -> bool:
        return ((unit, slots.at[i, "date"]) not in busy
                and (max_units_per_visit is None or size.get(i, 0) < max_units_per_visit))

    def book(unit: str, i: int, head: bool, purpose: str) -> None:
        d, r = slots.at[i, "date"], slots.at[i, "region"]
        busy.add((unit, d))
        went.add((unit, r))
        size[i] = size.get(i, 0) + 1
        load[unit] = load.get(unit, 0) + 1
        rows.append({"date": d, "region": r, "unit": unit, "group": group_of.get(unit, ""), "head_led": head,
                     "affinity": aff.get((unit, r), 0.0), "purpose": purpose, "month": slots.at[i, "month"]})

    todo = needs[needs["needed"] > 0].sort_values(["month", "head_needed", "needed", "unit"],
                                                   ascending=[True, False, False, True])
    # one pass per needed trip, so that when visits fill up every behind unit gets its first trip first
    rounds = int(todo["needed"].max()) if len(todo) else 0
    for k in range(rounds):
        for r in todo.itertuples():
            if k >= r.needed or load.get(r.unit, 0) >= max_trips_per_unit:
                continue
            cand = [i for i in slots.index[slots["month"].eq(r.month)] if free(r.unit, i)]
            if not cand:
                continue
            i = max(cand, key=lambda i: (aff.get((r.unit, slots.at[i, "region"]), 0.0),
                                         (r.unit, slots.at[i, "region"]) not in went,
                                         size.get(i, 0), -slots.at[i, "date"].value))
            head = k < r.head_needed
            book(r.unit, i, head, "head" if head else "trips")
    if cover_regions:
        for region in dict.fromkeys(slots["region"]):
            if any(x["region"] == region for x in rows):
                continue
            best = None
            for i in slots.index[slots["region"].eq(region)]:
                units = sorted({u for u, _ in aff} | set(group_of), key=lambda u: (-aff.get((u, region), 0.0), u))
                for u in units:
                    if load.get(u, 0) < max_trips_per_unit and free(u, i):
                        best = (u, i)
                        break
                if best:
                    break
            if best:
                book(best[0], best[1], False, "cover")
    out = pd.DataFrame(rows, columns=cols)
    out["date"] = pd.to_datetime(out["date"]).astype("datetime64[ns]")
    out["head_led"] = out["head_led"].astype(bool)
    return out.sort_values(["date", "unit"], ignore_index=True)


# ---------------------------------------------------------------------------------------------- outcome
def _rates(campaign, as_of: pd.Timestamp) -> tuple[float, float]:
    """Lead→intention and intention→signed conversion: the pipeline's own shares up to ``as_of``,
    shrunk towards the configured Beta priors (``forecast.prior_*``) as pseudo-counts."""
    ld = campaign.leads[campaign.leads["reported_on"] <= as_of]
    stage = stages_on(ld, as_of)["stage"]
    reached_i = stage.isin(["intention", "signed", "started", "producing"])
    reached_s = stage.isin(["signed", "started", "producing"])
    a1, b1 = campaign.config["forecast"]["prior_lead_to_intention"]
    a2, b2 = campaign.config["forecast"]["prior_intention_to_signed"]
    p_li = (reached_i.sum() + a1) / (len(ld) + a1 + b1)
    p_is = (reached_s.sum() + a2) / (reached_i.sum() + a2 + b2)
    return float(p_li), float(p_is)


def expected_outcome(campaign, contacts: pd.DataFrame, as_of: Any, *, forecast: pd.DataFrame | None = None) -> pd.DataFrame:
    """What the plan may add (预期成效): intentions and signings from the leads it meets.

    Every lead in ``contacts`` with a ``visit_date`` is met once. A lead-stage lead becomes an
    intention with the pipeline's lead→intention rate p1 and then signs with its intention→signed
    rate p2 (so it signs with p1·p2); an intention signs with p2. The rates are the campaign's own
    shares up to ``as_of`` (of leads reported, those that reached intention; of those, those that
    signed), shrunk towards the configured Beta priors ``forecast.prior_*``. Expected additions
    are the sums of these probabilities; ``signed_100m`` counts only leads of at least
    ``district.signed_min_wan``. These are what the met leads may bring, not all of it new: see
    ``plan_lift`` for the part the forecast does not already expect.

    ``forecast``, when given, is the forecast frame (:func:`yeji_analysis.forecast.forecast_targets`:
    one row per target with ``expected``, ``probability``, ``actual``, ``candidates`` and
    ``candidate_ids``); its ``signed_100m`` row gives ``baseline_expected`` and
    ``baseline_probability``. The forecast already expects some of the met leads to sign: its
    open candidates share ``(expected − actual) / candidates`` on average, so a met candidate
    adds only what its plan probability exceeds that share by (never less than nothing):
    ``with_plan_expected = baseline_expected + Σ max(0, p_plan − p_baseline)`` and ``plan_lift``
    is that sum. Without a forecast row, ``with_plan_expected = actual + expected_added``.

    Returns rows ``intention``, ``signed``, ``signed_100m`` with ``leads_met``, ``rate``,
    ``expected_added``, ``actual`` (new signings so far in the campaign window, for the signing
    rows), ``goal``, ``baseline_expected``, ``baseline_probability``, ``plan_lift``,
    ``with_plan_expected``.
    """
    as_of = _day(as_of)
    cfg = campaign.config
    p1, p2 = _rates(campaign, as_of)
    met = contacts[contacts["visit_date"].notna()] if "visit_date" in contacts.columns else contacts.iloc[0:0]
    big = met["investment_wan"].fillna(0) >= float(cfg["district"]["signed_min_wan"])
    is_lead, is_int = met["stage"].eq("lead"), met["stage"].eq("intention")
    p_sign = is_lead * (p1 * p2) + is_int * p2
    w0, w1 = _day(cfg["window"]["start"]), _day(cfg["window"]["end"])
    ld = campaign.leads
    signed = ld["signed_on"].between(w0, min(w1, as_of))
    signed_big = signed & (ld["investment_wan"].fillna(0) >= float(cfg["district"]["signed_min_wan"]))
    rows = [
        {"measure": "intention", "leads_met": int(is_lead.sum()), "rate": p1,
         "expected_added": float(is_lead.sum() * p1), "actual": np.nan, "goal": np.nan},
        {"measure": "signed", "leads_met": int(len(met)), "rate": p2,
         "expected_added": float(p_sign.sum()), "actual": float(signed.sum()), "goal": np.nan},
        {"measure": "signed_100m", "leads_met": int(big.sum()), "rate": p2,
         "expected_added": float(p_sign[big].sum()), "actual": float(signed_big.sum()),
         "goal": float(cfg["district"]["signed_100m"])},
    ]
    out = pd.DataFrame(rows)
    out["baseline_expected"] = np.nan
    out["baseline_probability"] = np.nan
    out["plan_lift"] = out["expected_added"]
    out["with_plan_expected"] = out["actual"] + out["expected_added"]
    row = None
    if forecast is not None and len(forecast) and "target" in forecast.columns:
        f = forecast[forecast["target"].eq("signed_100m")]
        row = f.iloc[0] if len(f) else None
    if row is not None and "expected" in row.index:
        at = out["measure"].eq("signed_100m")
        base = float(row["expected"])
        base_actual = float(row["actual"]) if "actual" in row.index else float(signed_big.sum())
        n_cand = float(row["candidates"]) if "candidates" in row.index else 0.0
        p_base = (base - base_actual) / n_cand if n_cand > 0 else 0.0
        cand = set(row["candidate_ids"]) if "candidate_ids" in row.index and isinstance(row["candidate_ids"], (list, tuple, set, np.ndarray)) else None
        mask = big if cand is None else big & met["lead_id"].isin(cand)
        lift = float((p_sign[mask] - p_base).clip(lower=0).sum())
        out.loc[at, "baseline_expected"] = base
        out.loc[at, "baseline_probability"] = float(row["probability"]) if "probability" in row.index else np.nan
        out.loc[at, "plan_lift"] = lift
        out.loc[at, "with_plan_expected"] = base + lift
    out.loc[out["measure"].eq("intention"), ["with_plan_expected", "plan_lift"]] = np.nan
    out["rate"] = out["rate"].round(3)
    for c in ("expected_added", "with_plan_expected", "baseline_expected", "plan_lift"):
        out[c] = out[c].round(2)
    return out[["measure", "leads_met", "rate", "expected_added", "actual", "goal", "baseline_expected",
                "baseline_probability", "plan_lift", "with_plan_expected"]]


# ---------------------------------------------------------------------------------------------- the plan
@dataclasses.dataclass
class RoadshowPlan:
    """A roadshow plan: its parameters and tidy frames.

    ``days`` (every day of the window, usable or why not), ``route`` (:class:`Route`), ``visits``
    (one row a stop: date, region, units, groups, head_units, leads), ``delegations`` (one row per
    unit and visit), ``contacts`` (whom to meet per region, ranked, with the visit date if
    scheduled), ``needs`` (each unit's monthly gap, what the plan gives it and what stays short),
    ``outcome`` (:func:`expected_outcome`), and ``notes`` (plain sentences on what was adjusted).
    """

    params: dict
    days: pd.DataFrame
    route: Route
    visits: pd.DataFrame
    delegations: pd.DataFrame
    contacts: pd.DataFrame
    needs: pd.DataFrame
    outcome: pd.DataFrame
    notes: list[str]

    @property
    def total_travel_hours(self) -> float:
        """Hours of one tour of the route (home → regions → home)."""
        return self.route.total_hours

    def to_json(self) -> dict:
        """The plan for machines: params, visits (lead ids only), route, total hours, delegations, needs."""
        def iso(d: Any) -> str | None:
            return None if pd.isna(d) else pd.Timestamp(d).strftime("%Y-%m-%d")
        visits = [{"date": iso(v.date), "region": v.region, "tour": int(v.tour), "stop": int(v.stop),
                   "units": list(v.units), "groups": list(v.groups), "head_units": list(v.head_units),
                   "leads": list(v.leads)} for v in self.visits.itertuples()]
        dele = [{"date": iso(d.date), "region": d.region, "unit": d.unit, "group": d.group,
                 "head_led": bool(d.head_led), "purpose": d.purpose} for d in self.delegations.itertuples()]
        needs = [{"unit": n.unit, "month": n.month, "needed": int(n.needed), "head_needed": int(n.head_needed),
                  "planned": int(n.planned), "planned_head": int(n.planned_head), "unmet": int(n.unmet)}
                 for n in self.needs.itertuples() if n.needed > 0]
        outcome = [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
                   for r in self.outcome.to_dict("records")]
        return {"params": self.params, "visits": visits, "route": list(self.route.order),
                "route_legs": [{k: (float(v) if k == "hours" else v) for k, v in r.items()}
                               for r in self.route.legs.assign(leg=self.route.legs["leg"].astype(int)).to_dict("records")],
                "total_travel_hours": float(self.route.total_hours), "route_exact": bool(self.route.exact),
                "delegations": dele, "needs": needs, "expected": outcome,
                "blocked_days": [{"date": iso(r.date), "reasons": r.reason_key.split("|")}
                                 for r in self.days.itertuples() if not r.usable],
                "notes": list(self.notes)}


def plan_roadshows(campaign, plan_start: Any, plan_end: Any, *, as_of: Any = None,
                   regions: Sequence[str] | str | None = None, max_trips_per_unit: int | None = None,
                   compliance: pd.DataFrame | None = None, affinity: pd.DataFrame | None = None,
                   forecast: pd.DataFrame | None = None, leads_per_visit: int = LEADS_PER_VISIT,
                   max_units_per_visit: int | None = None, lang: str = "zh") -> RoadshowPlan:
    """Plan the roadshows (定向招商推介) for ``plan_start``..``plan_end`` from the campaign at ``as_of``.

    Steps: the usable days (:func:`plan_days`); the route through ``regions`` (default: the
    configured ``district.roadshow_regions``) with the least travel (:func:`plan_route`); one stop
    per usable day, following the route and starting it again when a tour ends (``tour``, ``stop``);
    each unit's gap on the monthly trip rules (:func:`unit_needs`; ``compliance`` defaults to
    :func:`yeji_analysis.rules.unit_compliance` up to ``as_of``); the delegations
    (:func:`assign_delegations`; ``affinity`` defaults to
    :func:`yeji_analysis.graph.unit_region_affinity` on the graph up to ``as_of``); stops nobody
    goes to are dropped; each region's ranked leads (:func:`rank_leads`) are handed to its visits,
    the leads of the visiting units and groups first, at most ``leads_per_visit`` each; and the
    expected outcome (:func:`expected_outcome`; ``forecast`` defaults to
    :func:`yeji_analysis.forecast.forecast_targets` at ``as_of``, pass an empty frame to skip it).
    Days up to ``as_of`` are not planned.

    ``as_of`` defaults to the day before ``plan_start``; ``max_trips_per_unit`` to
    ``planner.max_trips_per_unit``. A window outside the campaign, a start after the end, an
    unknown region or a window with no usable day raise :class:`PlanError`; a window running over
    the campaign's edge is clipped, with a note.
    """
    cfg = campaign.config
    s, e = _day(plan_start), _day(plan_end)
    w0, w1 = _day(cfg["window"]["start"]), _day(cfg["window"]["end"])
    notes: list[str] = []
    if s > e:
        raise PlanError(f"规划起始日 {s:%Y-%m-%d} 晚于结束日 {e:%Y-%m-%d} / --from is after --to")
    if s > w1 or e < w0:
        raise PlanError(f"规划窗口 {s:%Y-%m-%d}–{e:%Y-%m-%d} 不在活动期 {w0:%Y-%m-%d}–{w1:%Y-%m-%d} 内 / "
                        f"the planning window lies outside the campaign window")
    if s < w0 or e > w1:
        notes.append(f"规划窗口已截取到活动期内：{max(s, w0):%Y-%m-%d}–{min(e, w1):%Y-%m-%d}")
        s, e = max(s, w0), min(e, w1)
    as_of = _day(as_of) if as_of is not None else s - pd.Timedelta(days=1)
    if isinstance(regions, str):
        regions = [x.strip() for x in re.split(r"[,，、\s]+", regions) if x.strip()]
    regions = list(dict.fromkeys(regions or cfg["district"]["roadshow_regions"]))
    table = load_regions()
    known = set(table["region"])
    unknown = [r for r in regions if r not in known or r == HOME]
    if unknown:
        raise PlanError(f"未知区域 / unknown region(s): {', '.join(unknown)}; "
                        f"known: {', '.join(r for r in table['region'] if r != HOME)}")
    cap = int(max_trips_per_unit if max_trips_per_unit is not None else cfg["planner"]["max_trips_per_unit"])
    if cap < 0:
        raise PlanError(f"--max-trips-per-unit 须为非负整数 / must be >= 0, not {cap}")

    days = plan_days(cfg, s, e, campaign.events)
    past = days["date"] <= as_of
    if past.any() and days.loc[past, "usable"].any():
        notes.append(f"{as_of:%Y-%m-%d} 及以前的日期已过，不再安排")
    days.loc[past & days["usable"], "reason_key"] = "plan.block.past"
    days.loc[past, "usable"] = False
    days["reason"] = [_reason_text(k) for k in days["reason_key"]]
    usable = days.loc[days["usable"], "date"].tolist()
    if not usable:
        raise PlanError(f"{s:%Y-%m-%d}–{e:%Y-%m-%d} 内没有可安排的工作日（已除去节假日、调度会、仪式及签约前预留日）/ "
                        f"no usable working day in the window")
    route = plan_route(regions, table=table)
    n = len(route.order)
    slots = pd.DataFrame({"date": usable, "region": [route.order[i % n] for i in range(len(usable))],
                          "tour": [i // n + 1 for i in range(len(usable))],
                          "stop": [i % n + 1 for i in range(len(usable))]})
    slots["date"] = slots["date"].astype("datetime64[ns]")
    slots["month"] = slots["date"].dt.strftime("%Y-%m")

    if compliance is None:
        from .rules import unit_compliance

        first = pd.Timestamp(f"{s:%Y-%m}-01")
        compliance = (unit_compliance(campaign, first, as_of, as_of=as_of) if as_of >= first
                      else pd.DataFrame(columns=["unit", "month", "trips", "head_trips"]))
    needs = unit_needs(campaign, s, e, as_of, compliance)
    if affinity is None:
        from .graph import build_graph, unit_region_affinity

        affinity = unit_region_affinity(build_graph(campaign, end=as_of), campaign)
    missing_aff = [r for r in regions if r not in set(affinity["region"])]
    if missing_aff:  # regions the graph does not hold: the simple estimate for those
        affinity = pd.concat([affinity, _simple_affinity(campaign, missing_aff)], ignore_index=True)
    dele = assign_delegations(slots, needs, affinity, max_trips_per_unit=cap, max_units_per_visit=max_units_per_visit)

    got = dele.groupby(["unit", "month"]).agg(planned=("date", "size"), planned_head=("head_led", "sum"))
    needs = needs.merge(got.reset_index(), on=["unit", "month"], how="left")
    needs["planned"] = needs["planned"].fillna(0).astype(int)
    needs["planned_head"] = needs["planned_head"].fillna(0).astype(int)
    needs["unmet"] = (needs["needed"] - needs["planned"]).clip(lower=0).astype(int)

    contacts = rank_leads(campaign, regions, as_of, lang=lang)
    contacts = contacts.assign(visit_date=pd.Series(pd.NaT, index=contacts.index, dtype="datetime64[ns]"))
    visit_rows = []
    for (d, r), grp in dele.groupby(["date", "region"], sort=True):
        slot = slots[slots["date"].eq(d)].iloc[0]
        units = grp["unit"].tolist()
        groups = list(dict.fromkeys(grp["group"]))
        pool = contacts[contacts["region"].eq(r) & contacts["visit_date"].isna()]
        own = pool["unit"].isin(units) | pool["group"].isin(groups)
        pick = pd.concat([pool[own], pool[~own]]).head(leads_per_visit)
        pick = pick.sort_values("rank")
        contacts.loc[pick.index, "visit_date"] = d
        visit_rows.append({"date": d, "region": r, "tour": int(slot["tour"]), "stop": int(slot["stop"]),
                           "units": units, "groups": groups,
                           "head_units": grp.loc[grp["head_led"], "unit"].tolist(),
                           "leads": pick["lead_id"].tolist(), "n_units": len(units)})
    visits = pd.DataFrame(visit_rows, columns=["date", "region", "tour", "stop", "units", "groups", "head_units",
                                               "leads", "n_units"])
    visits["date"] = visits["date"].astype("datetime64[ns]")
    missing = [r for r in regions if r not in set(visits["region"])]
    if missing:
        notes.append(f"以下区域本期未能安排单位前往：{'、'.join(missing)}")
    short = needs[needs["unmet"] > 0]
    if len(short):
        notes.append(f"{short['unit'].nunique()} 个单位在本窗口内仍不能补足外出次数（受每单位上限 {cap} 次或可用日期所限）")
    if forecast is None:
        from .forecast import forecast_targets

        forecast = forecast_targets(campaign, as_of)
    outcome = expected_outcome(campaign, contacts, as_of, forecast=forecast)
    params = {"plan_start": f"{s:%Y-%m-%d}", "plan_end": f"{e:%Y-%m-%d}", "as_of": f"{as_of:%Y-%m-%d}",
              "regions": regions, "max_trips_per_unit": cap, "leads_per_visit": leads_per_visit}
    return RoadshowPlan(params=params, days=days, route=route, visits=visits, delegations=dele,
                        contacts=contacts, needs=needs, outcome=outcome, notes=notes)


# ---------------------------------------------------------------------------------------------- views
_VIEW_COLS = {
    "itinerary": ["date", "weekday", "tour", "stop", "region", "units", "head_units", "groups", "leads"],
    "delegations": ["unit", "group", "date", "region", "head_led", "purpose", "affinity"],
    "contacts": ["region", "rank", "lead_id", "investor", "project", "stage", "investment_wan", "sector",
                 "unit", "group", "contact", "phone", "days_since_contact", "score", "reason", "visit_date"],
    "needs": ["unit", "group", "month", "trips", "head_trips", "trips_needed", "head_needed", "planned",
              "planned_head", "unmet"],
    "route": ["leg", "from", "to", "mode", "hours"],
    "days": ["date", "weekday", "usable", "reason"],
    "outcome": ["measure", "leads_met", "rate", "expected_added", "actual", "goal", "baseline_expected",
                "baseline_probability", "plan_lift", "with_plan_expected"],
}
_VIEW_KEY = {"days": {"reason": "plan.why_blocked"}}


def plan_view(plan: RoadshowPlan, view: str, lang: str = "zh") -> pd.DataFrame:
    """A frame of ``plan`` for people: one of itinerary, delegations, contacts, needs, route, days,
    outcome; columns and coded values labelled in ``lang``, lists joined, dates as text.

    Contacts keep their ``contact``/``phone`` columns here: redact the result before sharing.
    """
    if view not in _VIEW_COLS:
        raise ValueError(f"unknown view {view!r}: expected one of {', '.join(_VIEW_COLS)}")
    sep = "、" if lang == "zh" else ", "
    if view == "itinerary":
        names = dict(zip(plan.contacts["lead_id"], plan.contacts["investor"]))
        paren = "（{}）" if lang == "zh" else " ({})"
        df = plan.visits.assign(weekday=plan.visits["date"].dt.day_of_week + 1,
                                leads=plan.visits["leads"].map(lambda ids: [names.get(i, "") + paren.format(i) for i in ids]))
    elif view == "route":
        df = plan.route.legs.assign(mode=plan.route.legs["mode"].map(lambda m: label(f"plan.mode.{m}", lang) if m else ""))
    elif view == "outcome":
        df = plan.outcome.assign(measure=plan.outcome["measure"].map(lambda m: label(f"plan.measure.{m}", lang)),
                                 actual=plan.outcome["actual"].round().astype("Int64"),
                                 goal=plan.outcome["goal"].round().astype("Int64"))
    else:
        df = getattr(plan, {"delegations": "delegations", "contacts": "contacts", "needs": "needs", "days": "days"}[view])
    df = df.copy()
    if view == "needs":
        df = df[df["needed"] > 0]
    if view == "days":
        df = df.assign(reason=[_reason_text(k, lang) for k in df["reason_key"]],
                       usable=df["usable"].map(lambda b: ("是" if b else "否") if lang == "zh" else ("yes" if b else "no")))
    if view == "delegations":
        df = df.assign(purpose=df["purpose"].map(lambda p: label(f"plan.purpose.{p}", lang)),
                       affinity=df["affinity"].round(2))
    if view == "contacts":
        df = df.assign(stage=df["stage"].map(lambda s: label(s, lang)))
    if "head_led" in df.columns:
        df["head_led"] = df["head_led"].map(lambda b: ("是" if b else "") if lang == "zh" else ("yes" if b else ""))
    if "weekday" in df.columns:
        df["weekday"] = df["weekday"].map(lambda k: f"周{_WEEKDAYS_ZH[k - 1]}" if lang == "zh"
                                          else ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][k - 1])
    for c in ("units", "head_units", "groups", "leads"):
        if c in df.columns:
            df[c] = df[c].map(lambda xs: sep.join(map(str, xs)))
    for c in ("date", "visit_date"):
        if c in df.columns:
            df[c] = df[c].map(lambda d: "" if pd.isna(d) else pd.Timestamp(d).strftime("%Y-%m-%d"))
    df = df[[c for c in _VIEW_COLS[view] if c in df.columns]]
    keys = _VIEW_KEY.get(view, {})
    return df.rename(columns={c: label(keys.get(c, f"plan.{c}"), lang) for c in df.columns}).reset_index(drop=True)


def plot_route(route: Route, *, table: pd.DataFrame | None = None, ax: Any = None, lang: str = "zh") -> Any:
    """Draw the tour at the regions' coordinates (no map tiles): home, stops numbered, legs with hours.

    Returns the matplotlib ``Axes``; never shows or saves.
    """
    import matplotlib.pyplot as plt

    t = (table if table is not None else load_regions()).set_index("region")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 6))
    for leg in route.legs.itertuples():
        a, b = t.loc[leg._2], t.loc[leg.to]
        ax.annotate("", xy=(b["lon"], b["lat"]), xytext=(a["lon"], a["lat"]),
                    arrowprops={"arrowstyle": "->", "color": "#3b6ea5", "lw": 1.5})
        ax.text((a["lon"] + b["lon"]) / 2, (a["lat"] + b["lat"]) / 2, f"{leg.hours:g}h", fontsize=8,
                color="#555555", ha="center")
    names = [HOME, *route.order]
    for k, name in enumerate(names):
        r = t.loc[name]
        ax.scatter(r["lon"], r["lat"], s=120 if k == 0 else 70, color="#c0392b" if k == 0 else "#2c3e50", zorder=3)
        text = name if lang == "zh" else r["name_en"]
        ax.text(r["lon"] + 0.3, r["lat"] + 0.3, text if k == 0 else f"{k}. {text}", fontsize=10)
    title = (f"巡回路线：共 {route.total_hours:g} 小时" if lang == "zh"
             else f"Tour: {route.total_hours:g} hours in all")
    ax.set_title(title)
    ax.set_xlabel("经度" if lang == "zh" else "longitude")
    ax.set_ylabel("纬度" if lang == "zh" else "latitude")
    ax.set_aspect("equal", adjustable="datalim")
    return ax
