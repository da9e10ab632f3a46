"""The planner's calendar (可用日期): China's working days, dispatch meetings, ceremonies and the days a plan may use."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

import pandas as pd

from ..labels import label
from ..periods import day, meeting_schedule

__all__ = ['PlanError', 'WEEKDAYS_ZH', 'working_days', 'dispatch_meetings', 'final_ceremony', 'blocked_days', 'plan_days', 'reason_text']


WEEKDAYS_ZH = "一二三四五六日"
_CEREMONY_TYPES = {"signing_ceremony": "plan.block.ceremony", "groundbreaking": "plan.block.groundbreaking"}

class PlanError(ValueError):
    """Planning parameters that cannot make a plan (window, regions); the message says what to change."""

def _is_workday(d: dt.date) -> bool:
    import chinese_calendar  # deferred: its holiday tables load only when a plan needs them

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
    s, e = day(start), day(end)
    ex = {day(x) for x in exclude}
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

    m = meeting_schedule(config)
    return m.rename(columns={"start": "window_start", "end": "window_end"})[["window", "window_start", "window_end",
                                                                              "meeting_on"]]


def final_ceremony(config: dict, events: pd.DataFrame | None) -> tuple[pd.Timestamp | None, bool]:
    """The last configured signing ceremony's date: held (events ledger) or assumed at its deadline."""
    cers = config["district"].get("ceremonies") or []
    if not cers:
        return None, False
    last = max(cers, key=lambda c: day(c["latest"]))
    lo, hi = day(last["earliest"]), day(last["latest"])
    if events is not None and len(events):
        events = events.assign(held_on=pd.to_datetime(events["held_on"]))
        held = events.loc[events["event_type"].eq("signing_ceremony"), "held_on"].dropna()
        held = held[(held >= lo) & (held <= hi)]
        if len(held):
            return day(held.min()), True
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
    s, e = day(start), day(end)
    rows = []
    for m in dispatch_meetings(config)["meeting_on"]:
        rows.append((m, "plan.block.meeting"))
    ev = events if events is not None else pd.DataFrame(columns=["event_type", "held_on"])
    ev = ev.assign(held_on=pd.to_datetime(ev["held_on"]))
    for etype, key in _CEREMONY_TYPES.items():
        for d in ev.loc[ev["event_type"].eq(etype), "held_on"].dropna():
            rows.append((day(d), key))
    held = ev.loc[ev["event_type"].eq("signing_ceremony"), "held_on"].dropna().map(day)
    for c in config["district"].get("ceremonies") or []:
        lo, hi = day(c["earliest"]), day(c["latest"])
        if not ((held >= lo) & (held <= hi)).any():
            rows.append((hi, "plan.block.ceremony_planned"))
    final, _ = final_ceremony(config, events)
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
    s, e = day(start), day(end)
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
    return out.assign(reason=[reason_text(k) for k in out["reason_key"]])


def reason_text(keys: str, lang: str = "zh") -> str:
    """Labels of a ``|``-joined list of reason keys, joined for reading."""
    return ("、" if lang == "zh" else "; ").join(label(k, lang) for k in keys.split("|") if k)
