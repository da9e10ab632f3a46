"""Periods (报告期): days, calendar months, the dispatch windows and meeting days, a report's window and as-of."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .errors import UsageError

__all__ = ['day', 'day_or_none', 'period_bounds', 'in_period', 'period_months', 'BASES', 'MONTH_BASES', 'campaign_bounds',
           'cumulative_bounds', 'month_basis', 'judge_month', 'judged_months', 'meeting_schedule', 'window_days',
           'dispatch_window', 'Period', 'period_kind', 'resolve_period', 'parse_day']


def day(x: Any) -> pd.Timestamp:
    """``x`` as a day: a ``Timestamp`` at midnight (the one time helper of the package).

    Examples
    --------
    >>> day("2021-07-15 14:30")
    Timestamp('2021-07-15 00:00:00')
    """
    return pd.Timestamp(x).normalize()


def day_or_none(x: Any) -> pd.Timestamp | None:
    """:func:`day`, or ``None`` for a missing value (None, "", NaT)."""
    if x is None or (isinstance(x, str) and not x):
        return None
    t = pd.Timestamp(x)
    return None if pd.isna(t) else t.normalize()


def period_bounds(start: Any, end: Any, as_of: Any = None) -> tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp]:
    """``(start, end, as_of)`` as days, ``as_of`` defaulting to ``end``; a ``ValueError`` when the end is before the start."""
    start, end = day(start), day(end)
    if end < start:
        raise ValueError(f"period end {end.date()} is before its start {start.date()}")
    as_of = end if as_of is None else day(as_of)
    return start, end, as_of

def in_period(dates: pd.Series, lo: pd.Timestamp, hi: pd.Timestamp) -> pd.Series:
    """Which of ``dates`` fall on ``lo``..``hi`` (both included); a missing date never does."""
    return dates.notna() & (dates >= lo) & (dates <= hi)


def period_months(start: Any, end: Any) -> list[tuple[str, pd.Timestamp, pd.Timestamp]]:
    """Every calendar month overlapping ``[start, end]`` as ``("2021-07", first_day, last_day)``.

    Examples
    --------
    >>> [m for m, _, _ in period_months("2021-07-15", "2021-09-01")]
    ['2021-07', '2021-08', '2021-09']
    """
    start, end = day(start), day(end)
    out = []
    for p in pd.period_range(start.to_period("M"), end.to_period("M"), freq="M"):
        out.append((str(p), p.start_time.normalize(), p.end_time.normalize()))
    return out

#: What a figure counts (每个数字的口径): ``window`` 本期 (inside the report's window, cut at as-of) or
#: ``cumulative`` 累计 (from the campaign's start to as-of).
BASES = ("window", "cumulative")

#: How a calendar month is judged at an as-of date: ``whole`` (ended by as-of, judged on the whole
#: month), ``pace`` (holds as-of: count so far against threshold × share of the month elapsed),
#: ``not_started`` (begins after as-of: 未开始, never judged).
MONTH_BASES = ("whole", "pace", "not_started")


def campaign_bounds(config: dict) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The campaign window (活动期) of a configuration as days: ``(window.start, window.end)``."""
    return day(config["window"]["start"]), day(config["window"]["end"])


def cumulative_bounds(config: dict, start: Any, as_of: Any) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The span a 累计 (cumulative) figure counts: from the campaign's start (or the report's start,
    when earlier) to ``as_of``.

    Examples
    --------
    >>> from yeji_analysis.config import load_config
    >>> [str(d.date()) for d in cumulative_bounds(load_config(), "2021-07-29", "2021-08-11")]
    ['2021-07-01', '2021-08-11']
    """
    w0, _ = campaign_bounds(config)
    return min(w0, day(start)), day(as_of)


def month_basis(month_start: Any, month_end: Any, as_of: Any) -> str:
    """How the month ``[month_start, month_end]`` is judged at ``as_of``: see :data:`MONTH_BASES`.

    Examples
    --------
    >>> [month_basis("2021-07-01", "2021-07-31", a) for a in ("2021-08-11", "2021-07-31", "2021-07-20", "2021-06-30")]
    ['whole', 'whole', 'pace', 'not_started']
    """
    ms, me, as_of = day(month_start), day(month_end), day(as_of)
    if as_of >= me:
        return "whole"
    return "pace" if as_of >= ms else "not_started"


def judge_month(actual: float, required: float, month_start: Any, month_end: Any, as_of: Any) -> dict:
    """Judge one monthly rule on its calendar month at ``as_of`` (the one rule for monthly statuses).

    - ``whole`` month (ended by ``as_of``): ``met`` when ``actual >= required``, else ``missed``;
      whatever part of the month a report's window covers;
    - ``pace`` (the month holds ``as_of``): ``met`` when ``actual >= required`` already, else
      ``on_track`` when ``actual × days_in_month >= required × elapsed_days`` (elapsed days count the
      month's first day to ``as_of``, both included), else ``behind``; never ``missed``;
    - ``not_started`` (the month begins after ``as_of``): status ``not_started`` (未开始).

    ``actual`` must count the month's records up to ``as_of`` (:func:`judged_months` gives the span).
    Returns ``{"status", "basis", "judged", "elapsed_days", "days_in_month", "pace_required"}``,
    ``pace_required`` being what the rule asks by ``as_of`` (``required`` for a whole month).

    Examples
    --------
    >>> judge_month(1, 2, "2021-07-01", "2021-07-31", "2021-08-11")["status"]      # July ended: whole month
    'missed'
    >>> judge_month(1, 2, "2021-08-01", "2021-08-31", "2021-08-11")["status"]      # 1 x 31 >= 2 x 11
    'on_track'
    >>> judge_month(0, 2, "2021-09-01", "2021-09-30", "2021-08-11")["status"]
    'not_started'
    """
    return dict(_judged_month(actual, required, month_start, month_end, as_of))   # a copy: the caller's own


@lru_cache(maxsize=4096)   # a report judges the same few months for every unit and rule
def _judged_month(actual: float, required: float, month_start: Any, month_end: Any, as_of: Any) -> dict:
    ms, me, as_of = day(month_start), day(month_end), day(as_of)
    basis = month_basis(ms, me, as_of)
    dim = (me - ms).days + 1
    elapsed = dim if basis == "whole" else (0 if basis == "not_started" else (as_of - ms).days + 1)
    pace_req = required * elapsed / dim if dim else 0.0
    if basis == "not_started":
        status = "not_started"
    elif required <= 0 or actual >= required:
        status = "met"
    elif basis == "whole":
        status = "missed"
    else:
        status = "on_track" if actual * dim >= required * elapsed else "behind"
    return {"status": status, "basis": basis, "judged": basis == "whole", "elapsed_days": elapsed,
            "days_in_month": dim, "pace_required": pace_req}


def judged_months(start: Any, end: Any, as_of: Any) -> list[dict]:
    """The calendar months a report of window ``[start, end]`` shows, each with the span its figures count.

    Every month overlapping the window, with ``month`` ("2021-07"), ``month_start``, ``month_end``,
    ``basis`` (:func:`month_basis` at ``as_of``) and ``count_from``/``count_to``: the whole month when
    it ended by ``as_of``, its first day to ``as_of`` when it holds it, an empty span when not begun.
    The window selects which months are shown; it never cuts a month's count. Together the spans
    cover ``[first month's start, min(last month's end, as_of)]``.

    Examples
    --------
    >>> [(m["month"], m["basis"], str(m["count_to"].date())) for m in judged_months("2021-07-29", "2021-08-11", "2021-08-11")]
    [('2021-07', 'whole', '2021-07-31'), ('2021-08', 'pace', '2021-08-11')]
    """
    as_of = day(as_of)
    out = []
    for m, ms, me in period_months(start, end):
        b = month_basis(ms, me, as_of)
        out.append({"month": m, "month_start": ms, "month_end": me, "basis": b, "count_from": ms,
                    "count_to": me if b == "whole" else (as_of if b == "pace" else ms - pd.Timedelta(days=1))})
    return out


def dispatch_window(config: dict, n: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The Nth (1-based) dispatch window of :func:`meeting_schedule` as ``(start, end)`` days; a
    ``ValueError`` for a number outside 1..(number of windows).

    Examples
    --------
    >>> from yeji_analysis.config import load_config
    >>> [str(d.date()) for d in dispatch_window(load_config(), 3)]
    ['2021-07-29', '2021-08-11']
    """
    w = meeting_schedule(config)
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or not 1 <= n <= len(w):
        raise ValueError(f"dispatch window {n!r}: expected a whole number from 1 to {len(w)}")
    row = w.iloc[int(n) - 1]
    return row["start"], row["end"]


def meeting_schedule(config: dict) -> pd.DataFrame:
    """The dispatch windows (双周调度) of a configuration: ``window`` (1-based), ``start``, ``end``, ``days``
    and ``meeting_on``, the first ``dispatch.meeting_weekday`` on or after the window's last day, so the
    meeting reviews the whole fortnight; where that day falls after the campaign, the campaign's last day.

    Examples
    --------
    >>> from yeji_analysis.config import load_config
    >>> load_config()["dispatch"]["meeting_weekday"]   # Friday
    5
    >>> meeting_schedule(load_config())["meeting_on"].dt.strftime("%m-%d").tolist()
    ['07-16', '07-30', '08-13', '08-27', '09-10', '09-24', '09-30']
    """
    w0, w1 = day(config["window"]["start"]), day(config["window"]["end"])
    cad = int(config["dispatch"]["cadence_days"])
    wd = int(config["dispatch"]["meeting_weekday"]) - 1
    rows, n, s = [], 1, w0
    while s <= w1:
        e = min(s + pd.Timedelta(days=cad - 1), w1)
        meet = min(e + pd.Timedelta(days=(wd - e.weekday()) % 7), w1)
        rows.append({"window": n, "start": s, "end": e, "days": (e - s).days + 1, "meeting_on": meet})
        n, s = n + 1, s + pd.Timedelta(days=cad)
    return pd.DataFrame(rows, columns=["window", "start", "end", "days", "meeting_on"])

def window_days(config: dict) -> list[tuple[dt.date, dt.date]]:
    """The campaign's two-week dispatch windows (双周调度) as dates, from
    :func:`meeting_schedule` (one definition of the windows).

    Examples
    --------
    >>> from yeji_analysis.config import load_config
    >>> w = window_days(load_config())
    >>> len(w), [str(d) for d in w[0]], [str(d) for d in w[-1]]
    (7, ['2021-07-01', '2021-07-14'], ['2021-09-23', '2021-09-30'])
    """

    w = meeting_schedule(config)
    return [(s.date(), e.date()) for s, e in zip(w["start"], w["end"])]

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DISPATCH = re.compile(r"^dispatch-(\d+)$")

@dataclasses.dataclass(frozen=True)
class Period:
    """A reporting period: its folder ``name`` (2021-07, campaign, dispatch-03, or start_end) and dates."""

    name: str
    start: dt.date
    end: dt.date
    as_of: dt.date

    @property
    def kind(self) -> str:
        """month, dispatch, campaign or custom."""
        return period_kind(self.name)


def period_kind(name: str) -> str:
    if _MONTH.match(name):
        return "month"
    if _DISPATCH.match(name):
        return "dispatch"
    return "campaign" if name == "campaign" else "custom"

def parse_day(text: str, what: str):
    """A date parameter written YYYY-MM-DD, or :class:`UsageError` naming the parameter.

    Examples
    --------
    >>> parse_day("2021-09-01", "--from")
    datetime.date(2021, 9, 1)
    """
    s = str(text).strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            raise ValueError
        return dt.date.fromisoformat(s)
    except ValueError:
        raise UsageError(f"{what} {text!r} 不是日期 / is not a date: expected YYYY-MM-DD, e.g. 2021-09-01") from None

_ZH_MONTH = re.compile(r"^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月(?:份)?$")
_ZH_DISPATCH = re.compile(r"^第\s*(\d+)\s*期(?:双周调度)?$")
_CAMPAIGN_NAMES = ("campaign", "攻坚季全程", "攻坚季", "全程")


def _month_of(period: str, w_start: dt.date, w_end: dt.date) -> tuple[int, int] | None:
    """``(year, month)`` of a month written 2021-07, 2021年7月 or 7月 (the year of the campaign window that
    holds that month), or ``None`` when ``period`` is not a month."""
    m = _MONTH.match(period)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = _ZH_MONTH.match(period)
    if not m:
        return None
    mo = int(m.group(2))
    if m.group(1):
        return int(m.group(1)), mo
    years = [y for y in range(w_start.year, w_end.year + 1) if (y, mo) >= (w_start.year, w_start.month)
             and (y, mo) <= (w_end.year, w_end.month)]
    return (years[0] if years else w_start.year), mo


def resolve_period(config: dict, *, start: str | None = None, end: str | None = None, period: str | None = None,
                   dispatch: int | None = None, as_of: str | None = None) -> Period:
    """Turn the command's period options into a :class:`Period`, or raise ``UsageError`` (in Chinese and English).

    Exactly one of ``period``, ``dispatch`` (N, 1-based) or ``start``/``end`` (both) is given. ``period`` is a
    month (``2021-07``, ``2021年7月``, or ``7月`` in the campaign's year), the whole campaign (``campaign``,
    ``攻坚季全程``, ``全程``) or a dispatch window (``第3期``, ``第3期双周调度``, ``dispatch-03``). Every date must
    lie inside the campaign window, the end on or after the start, and ``as_of`` (default: the period's end)
    on or after the start.

    Examples
    --------
    >>> from yeji_analysis.config import load_config
    >>> p = resolve_period(load_config(), period="2021-08")
    >>> p.name, str(p.start), str(p.end), str(p.as_of)
    ('2021-08', '2021-08-01', '2021-08-31', '2021-08-31')
    >>> resolve_period(load_config(), period="2021年8月").name, resolve_period(load_config(), period="8月").name
    ('2021-08', '2021-08')
    >>> resolve_period(load_config(), dispatch=2).name, resolve_period(load_config(), period="第3期双周调度").name
    ('dispatch-02', 'dispatch-03')
    >>> resolve_period(load_config(), period="攻坚季全程").name
    'campaign'
    """
    w_start, w_end = config["window"]["start"], config["window"]["end"]
    window = f"{w_start} – {w_end}"
    given = [x for x in ("--period" if period else None, "--dispatch" if dispatch is not None else None,
                         "--start/--end" if (start or end) else None) if x]
    if len(given) > 1:
        raise UsageError("只能给出 --period、--dispatch 或 --start/--end 之一 / give one of --period, --dispatch or "
                         "--start/--end, not " + " and ".join(given))
    if not given:
        raise UsageError("请指定报告期：--period 2021-07（或 2021年7月、7月）、--period campaign（攻坚季全程）、"
                         "--dispatch N 或 --start/--end / which period? give --period 2021-07, --period campaign, "
                         "--dispatch N or --start/--end")
    if period:
        p = period.strip().lower()
        zd = _ZH_DISPATCH.match(p) or _DISPATCH.match(p)
        if p in _CAMPAIGN_NAMES:
            name, lo, hi = "campaign", w_start, w_end
        elif zd:
            return resolve_period(config, dispatch=int(zd.group(1)), as_of=as_of)
        else:
            ym = _month_of(p, w_start, w_end)
            if ym is None or not 1 <= ym[1] <= 12:
                raise UsageError(f"无法识别的报告期 {period!r}：应为月份（如 2021-07、2021年7月、7月）或 campaign（攻坚季全程）"
                                 f" / unknown period {period!r}: expected a month like 2021-07, or 'campaign'")
            y, mo = ym
            lo = dt.date(y, mo, 1)
            hi = (dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1))
            name = f"{y}-{mo:02d}"
            if hi < w_start or lo > w_end:
                raise UsageError(f"报告期 {period!r} 不在活动期 {window} 内 / period {period!r} is outside the "
                                 f"campaign window {window}")
            lo, hi = max(lo, w_start), min(hi, w_end)
    elif dispatch is not None:
        windows = window_days(config)
        if not 1 <= dispatch <= len(windows):
            raise UsageError(f"没有第 {dispatch} 期双周调度：活动期 {window} 共 {len(windows)} 期 / unknown dispatch "
                             f"window {dispatch}: the campaign {window} has windows 1 to {len(windows)}")
        lo, hi = windows[dispatch - 1]
        name = f"dispatch-{dispatch:02d}"
    else:
        if not (start and end):
            raise UsageError("请同时给出 --start 和 --end（或用 --period / --dispatch） / give both --start and --end "
                             "(or use --period / --dispatch)")
        lo, hi = parse_day(start, "--start"), parse_day(end, "--end")
        name = f"{lo}_{hi}"
    if hi < lo:
        raise UsageError(f"报告期的结束日 {hi} 早于开始日 {lo} / the period ends ({hi}) before it starts ({lo})")
    for what, d in (("--start", lo), ("--end", hi)):
        if not w_start <= d <= w_end:
            raise UsageError(f"{what} {d} 不在活动期 {window} 内 / is outside the campaign window {window}")
    cut = hi if as_of is None else parse_day(as_of, "--as-of")
    if not w_start <= cut <= w_end:
        raise UsageError(f"--as-of {cut} 不在活动期 {window} 内 / is outside the campaign window {window}")
    if cut < lo:
        raise UsageError(f"--as-of {cut} 早于报告期开始日 {lo} / is before the period starts ({lo})")
    return Period(name, lo, hi, cut)
