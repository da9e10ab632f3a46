"""The two-weekly dispatch (双周调度): windows, the units' scoreboard, speakers, commitments, and the special score.

The scoring rubric (专项考核，单独计分) is configuration (``[scoring]``); :func:`rubric` returns the
one in force so a report can print it. A unit's score over a window is

    score = Σ_rule weight_rule × min(actual_rule / required_rule, cap)

with ``required`` pro-rated to the days scored (the window up to ``as_of``): the monthly rules
(trips, head_trips, receptions from ``[units]``; valid_leads from ``groups.valid_leads_per_month``,
asked of each unit) by the days of each month inside the window over that month's days; the
campaign rules (``scoring.required.signed``, ``scoring.required.started``) by the window's days
over the campaign window's days. A rule whose pro-rated requirement is 0 scores ratio 1.
Units are ranked by score; equal scores are split by the keys of ``dispatch.speaker_tiebreak`` in
turn (by default the uncapped score ``raw_score`` — who went furthest beyond the cap — then valid
leads, then signings), and units equal on every key share the best rank. Scores are kept to
:data:`SCORE_DECIMALS` decimals, the one precision every output shows.

Scores measure the window's activity (本期); who lags, the problems in words and who must state
commitments come from the rules' statuses on calendar months
(:func:`yeji_analysis.rules.unit_compliance`, :func:`yeji_analysis.rules.group_valid_leads`). With the
default weights summing to 100, a unit doing exactly what is asked scores 100; the cap bounds
the reward for overshooting one rule (150 at most).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .config import SCORED_RULES
from .labels import label
from .periods import day, in_period, meeting_schedule, period_bounds, period_months
from .periods import dispatch_window as _period_window
from .rules import collect_ids, group_valid_leads, head_led_mask, signed_100m_mask, unit_compliance, valid_leads

#: Decimals every score is kept to and shown with (HTML, xlsx, metrics).
SCORE_DECIMALS = 2

__all__ = ["SCORE_DECIMALS", "speaker_places", "dispatch_window", "dispatch_windows", "meeting_schedule", "rubric", "unit_scores", "lagging_groups", "unit_issues",
           "dispatch_scoreboard", "special_score"]

# ------------------------------------------------------------------------------------ windows
def _window_bounds(campaign) -> tuple[pd.Timestamp, pd.Timestamp]:
    w = campaign.config["window"]
    return day(w["start"]), day(w["end"])


def dispatch_window(campaign, n: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The Nth (1-based) dispatch window: :func:`yeji_analysis.periods.dispatch_window` (the one
    definition of the windows, ``dispatch.cadence_days`` days from the campaign's start, the last cut
    at the campaign's end).

    Examples
    --------
    >>> from yeji_analysis.model import Campaign
    >>> c = Campaign.from_frames(units=pd.DataFrame({"unit": ["A"], "group": ["G"]}))
    >>> [str(d.date()) for d in dispatch_window(c, 2)]
    ['2021-07-15', '2021-07-28']
    """
    return _period_window(campaign.config, n)


def dispatch_windows(campaign) -> pd.DataFrame:
    """All dispatch windows of the campaign with their meeting day (see :func:`meeting_schedule`)."""
    return meeting_schedule(campaign.config)


# ------------------------------------------------------------------------------------ rubric
_PER = {"trips": ("month", "units.trips_per_month"), "head_trips": ("month", "units.head_trips_per_month"),
        "receptions": ("month", "units.receptions_per_month"),
        "valid_leads": ("month", "groups.valid_leads_per_month"),
        "signed": ("campaign", "scoring.required.signed"), "started": ("campaign", "scoring.required.started")}


def _base_required(cfg: dict, rule: str) -> float:
    sect, *rest = _PER[rule][1].split(".")
    v = cfg[sect]
    for k in rest:
        v = v[k]
    return float(v)


def rubric(campaign, lang: str = "zh") -> pd.DataFrame:
    """The scoring rubric in force (评分细则), one row per rule, for a report to print.

    Columns: ``rule``, ``name`` (in ``lang``), ``weight``, ``required`` (per unit), ``per``
    ("month" or "campaign"), ``config_key`` (where the requirement is set), ``cap``, ``how`` (the
    formula in words).

    Examples
    --------
    >>> from yeji_analysis.model import Campaign
    >>> c = Campaign.from_frames(units=pd.DataFrame({"unit": ["A"], "group": ["G"]}))
    >>> rubric(c)[["rule", "weight", "required"]].head(2).values.tolist()
    [['trips', 25, 2.0], ['head_trips', 15, 1.0]]
    """
    cfg = campaign.config
    cap = float(cfg["scoring"]["cap"])
    how = {"zh": "得分 = 权重 × min(完成数 ÷ 按天折算的要求数, {cap:g})",
           "en": "points = weight × min(actual ÷ requirement pro-rated by days, {cap:g})"}[lang].format(cap=cap)
    rows = []
    for r in SCORED_RULES:
        w = cfg["scoring"]["weights"].get(r, 0)
        rows.append({"rule": r, "name": label(f"rule.{r}", lang), "weight": w, "required": _base_required(cfg, r),
                     "per": _PER[r][0], "config_key": _PER[r][1], "cap": cap, "how": how})
    return pd.DataFrame(rows)


def _required(cfg: dict, rule: str, start: pd.Timestamp, cut: pd.Timestamp) -> float:
    """The requirement of ``rule`` over ``[start, cut]``, pro-rated by days."""
    base = _base_required(cfg, rule)
    if cut < start:
        return 0.0
    if _PER[rule][0] == "month":
        tot = 0.0
        for _, ms, me in period_months(start, cut):
            days = (min(me, cut) - max(ms, start)).days + 1
            tot += base * days / me.day
        return tot
    w0, w1 = day(cfg["window"]["start"]), day(cfg["window"]["end"])
    lo, hi = max(start, w0), min(cut, w1)
    days = max((hi - lo).days + 1, 0)
    return base * days / ((w1 - w0).days + 1)


# ------------------------------------------------------------------------------------ scores
def unit_scores(campaign, start: Any, end: Any, as_of: Any = None) -> pd.DataFrame:
    """Each unit's figures over ``[start, min(end, as_of)]`` and its score by the :func:`rubric`.

    Figures: ``trips`` (distinct trips the unit took part in, joint trips for each unit),
    ``head_trips`` (those its head led), ``receptions``, ``valid_leads`` (the unit's reports in
    :func:`~yeji_analysis.rules.valid_leads`), ``signed`` (projects signed of at least
    ``district.signed_min_wan``), ``started`` (projects started). For each scored rule
    ``<rule>_required`` (pro-rated) and ``<rule>_points``; then ``score`` (rounded to 2
    decimals), ``raw_score`` (the same without the cap, which breaks ties), ``rank`` (by score,
    then raw_score; units equal on both share the best rank), and the ids: ``trip_ids``, ``head_trip_ids``, ``reception_ids``, ``lead_ids``
    (valid), ``signed_ids``, ``started_ids``.
    """
    start, end, as_of = period_bounds(start, end, as_of)
    cut = min(end, as_of)
    cfg = campaign.config
    cap = float(cfg["scoring"]["cap"])
    # the columns counted, then the rows (a row filter takes every column of the frame)
    tu = campaign.trip_units[["unit", "trip_id", "head_led"]][in_period(campaign.trip_units["start_on"], start, cut)]
    rc = campaign.receptions[["unit", "reception_id"]][in_period(campaign.receptions["received_on"], start, cut)]
    vl = valid_leads(campaign, start, cut) if cut >= start else valid_leads(campaign, start, start).iloc[0:0]
    ld = campaign.leads
    sg = ld[["unit", "lead_id"]][signed_100m_mask(ld, cfg["district"]["signed_min_wan"], start, cut)]
    stt = ld[["unit", "lead_id"]][in_period(ld["started_on"], start, cut)]
    def per_unit(df: pd.DataFrame, idcol: str) -> dict[str, list[str]]:
        return {k[0]: v for k, v in collect_ids(df, ["unit"], idcol).items()}

    by = {"trip_ids": per_unit(tu, "trip_id"), "head_trip_ids": per_unit(tu[head_led_mask(tu)], "trip_id"),
          "reception_ids": per_unit(rc, "reception_id"), "lead_ids": per_unit(vl, "lead_id"),
          "signed_ids": per_unit(sg, "lead_id"), "started_ids": per_unit(stt, "lead_id")}
    fig = {"trips": "trip_ids", "head_trips": "head_trip_ids", "receptions": "reception_ids",
           "valid_leads": "lead_ids", "signed": "signed_ids", "started": "started_ids"}
    req = {r: _required(cfg, r, start, cut) for r in SCORED_RULES}
    rows = []
    for unit, group in zip(campaign.units["unit"], campaign.units["group"]):
        row: dict[str, Any] = {"unit": unit, "group": group}
        ids = {k: list(s.get(unit, [])) for k, s in by.items()}
        score = raw = 0.0
        for r in SCORED_RULES:
            n = len(ids[fig[r]])
            w = float(cfg["scoring"]["weights"].get(r, 0))
            ratio = 1.0 if req[r] <= 0 else min(n / req[r], cap)
            pts = w * ratio
            row.update({r: n, f"{r}_required": round(req[r], 4), f"{r}_points": round(pts, SCORE_DECIMALS)})
            score += pts
            raw += w * (1.0 if req[r] <= 0 else n / req[r])
        row["score"] = round(score, SCORE_DECIMALS)
        row["raw_score"] = round(raw, SCORE_DECIMALS)
        row.update(ids)
        rows.append(row)
    cols = (["unit", "group"] + list(SCORED_RULES) + [f"{r}_required" for r in SCORED_RULES]
            + [f"{r}_points" for r in SCORED_RULES] + ["score", "raw_score"] + list(by))
    out = pd.DataFrame(rows, columns=cols)
    out["rank"] = _rank(out, _tiebreak(cfg))
    return out


def _tiebreak(cfg: dict) -> list[str]:
    return list(cfg["dispatch"].get("speaker_tiebreak") or ["score", "raw_score"])


def _rank(df: pd.DataFrame, keys: list[str]) -> pd.Series:
    """1-based rank by ``keys`` (each higher first); rows equal on every key share the best rank."""
    if df.empty:
        return pd.Series(pd.array([], dtype="int64"), index=df.index)
    key = pd.Series(list(zip(*(-df[k].astype(float) for k in keys))), index=df.index)
    return pd.Series(pd.array(key.rank(method="min").astype("int64"), dtype="int64"), index=df.index)


def speaker_places(board: pd.DataFrame, places: int, keys: list[str]) -> pd.DataFrame:
    """Who speaks (交流发言) on a scoreboard: ``places`` places among the eligible units, ties listed.

    ``board`` holds one row a unit with the ``keys`` columns and ``eligible`` (may speak: a score
    above 0 and no rule missed or behind in the window's months). Eligible units are placed by
    ``keys`` (each higher first; units equal on every key share a place, the next place skipping as
    ranks do); a unit speaks when its place is at most ``places``. Where the units sharing the last
    place speaking run past ``places``, they all speak and are marked tied (并列).

    Returns ``speak_place`` (NA for a unit that is not eligible), ``speak`` and ``speak_tied``,
    indexed as ``board``.

    Examples
    --------
    >>> b = pd.DataFrame({"score": [120.0, 120.0, 120.0, 90.0], "raw_score": [300.0, 250.0, 250.0, 90.0],
    ...                   "eligible": [True, True, True, True]})
    >>> speaker_places(b, 2, ["score", "raw_score"]).values.tolist()
    [[1, True, False], [2, True, True], [2, True, True], [4, False, False]]
    """
    el = board[board["eligible"].astype(bool)]
    place = pd.Series(pd.array([pd.NA] * len(board), dtype="Int64"), index=board.index)
    speak = pd.Series(False, index=board.index)
    tied = pd.Series(False, index=board.index)
    if len(el) and places > 0:
        p = _rank(el, keys)
        place.loc[el.index] = p.to_numpy()
        on = p[p <= places]
        speak.loc[on.index] = True
        if len(on):
            last = on.max()
            at_last = on[on == last]
            if len(at_last) > 1 and last + len(at_last) - 1 > places:
                tied.loc[at_last.index] = True
    return pd.DataFrame({"speak_place": place, "speak": speak, "speak_tied": tied}, index=board.index)


def lagging_groups(campaign, start: Any, end: Any, as_of: Any = None, *,
                   compliance: pd.DataFrame | None = None) -> pd.DataFrame:
    """Groups whose rules are lagging (进度滞后的责任小组) over a period, with the unit to state commitments.

    A group's checks are its member units' monthly trips, head-led trips and receptions
    (:func:`~yeji_analysis.rules.unit_compliance`) and its own monthly valid leads
    (:func:`~yeji_analysis.rules.group_valid_leads`), on the calendar months overlapping the period
    and judged at ``as_of`` (a month ended judged whole, the month in progress on pace, a month not
    begun left out); a check passes when ``met`` or ``on_track``. The group lags when ``rules_met / rules_checked < dispatch.lagging_share``;
    its lead unit (牵头单位) is then asked to state commitments (表态发言). Columns: ``group``,
    ``lead_unit``, ``rules_checked``, ``rules_met``, ``share_met``, ``lagging``, ``commit_unit``.
    ``compliance``: the period's :func:`~yeji_analysis.rules.unit_compliance` when the caller has it.
    """
    share = float(campaign.config["dispatch"]["lagging_share"])
    uc = unit_compliance(campaign, start, end, as_of) if compliance is None else compliance
    gv = group_valid_leads(campaign, start, end, as_of)
    ok = ("met", "on_track")
    rows = []
    lead_unit = dict(zip(campaign.groups["group"], campaign.groups["lead_unit"]))
    checks: dict[str, list[str]] = {}   # each group's statuses: its units' three monthly rules, its own valid leads
    for c in ("trips_status", "head_trips_status", "receptions_status"):
        for g, x in zip(uc["group"].tolist(), uc[c].tolist()):
            checks.setdefault(g, []).append(x)
    for g, x in zip(gv["group"].tolist(), gv["status"].tolist()):
        checks.setdefault(g, []).append(x)
    for group in campaign.groups["group"]:
        st = [x for x in checks.get(group, []) if x != "not_started"]
        met = sum(s in ok for s in st)
        sh = met / len(st) if st else 1.0
        lag = sh < share
        rows.append({"group": group, "lead_unit": lead_unit.get(group, ""), "rules_checked": len(st),
                     "rules_met": met, "share_met": round(sh, 4), "lagging": lag,
                     "commit_unit": (lead_unit.get(group, "") or group) if lag else ""})
    return pd.DataFrame(rows, columns=["group", "lead_unit", "rules_checked", "rules_met", "share_met", "lagging",
                                       "commit_unit"])


_UNIT_RULES = {"trips": "units.trips_per_month", "head_trips": "units.head_trips_per_month",
               "receptions": "units.receptions_per_month"}


def unit_issues(campaign, start: Any, end: Any, as_of: Any = None, lang: str = "zh", *,
                compliance: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """Each unit's missed or behind monthly rules, in words (Chinese by default).

    E.g. ``"2021-07 每月外出招商：1 次，要求 ≥ 2 次（未达标）"``; a month judged by pace adds what
    the pace asks by then (``按进度应 ≥ 0.9 次``). ``compliance``: the period's
    :func:`~yeji_analysis.rules.unit_compliance` when the caller has it.
    """
    uc = unit_compliance(campaign, start, end, as_of) if compliance is None else compliance
    cfg = campaign.config["units"]
    out: dict[str, list[str]] = {u: [] for u in campaign.units["unit"]}
    for r in uc.itertuples():
        for rule, key in _UNIT_RULES.items():
            status = getattr(r, f"{rule}_status")
            if status not in ("missed", "behind"):
                continue
            need = cfg[key.split(".")[1]]
            actual = getattr(r, rule)
            name = label(f"rule.{rule}", lang)
            if lang == "zh":
                text = f"{r.month} {name}：{actual} 次，要求 ≥ {need:g} 次"
                if status == "behind":
                    text += f"，按进度应 ≥ {need * r.elapsed_days / r.days_in_month:.1f} 次"
                text += f"（{label(status, lang)}）"
            else:
                text = f"{r.month} {name}: {actual}, required >= {need:g}"
                if status == "behind":
                    text += f", pace asks >= {need * r.elapsed_days / r.days_in_month:.1f} by now"
                text += f" ({label(status, lang)})"
            out[r.unit].append(text)
    return out


def _resolve(campaign, window) -> tuple[int | None, pd.Timestamp, pd.Timestamp, tuple | None]:
    """(n, start, end, previous (start, end) or None) for a window number or a (start, end) pair."""
    w0, _ = _window_bounds(campaign)
    if isinstance(window, (int, np.integer)) and not isinstance(window, bool):
        s, e = dispatch_window(campaign, int(window))
        prev = dispatch_window(campaign, int(window) - 1) if window > 1 else None
        return int(window), s, e, prev
    s, e = day(window[0]), day(window[1])
    if e < s:
        raise ValueError(f"window end {e.date()} is before its start {s.date()}")
    length = pd.Timedelta(days=(e - s).days + 1)
    ps, pe = s - length, s - pd.Timedelta(days=1)
    return None, s, e, ((max(ps, w0), pe) if pe >= w0 else None)


def dispatch_scoreboard(campaign, window, *, as_of: Any = None, lang: str = "zh") -> pd.DataFrame:
    """The dispatch meeting's scoreboard (双周调度) for a window: figures, change, score, rank, who speaks.

    ``window`` is a dispatch window number (1-based, :func:`dispatch_window`) or a ``(start, end)``
    pair; the previous window is the one before it (for a pair, the same number of days just
    before it, cut at the campaign's start; none before the campaign's start). ``as_of``
    (default: the window's end) cuts the figures.

    One row per unit, best first: ``window`` (number or None), ``start``, ``end``, the
    :func:`unit_scores` columns, ``<figure>_change`` and ``score_prev``/``score_change`` against
    the previous window (NA for the first), ``rank`` (1 = best, see :func:`unit_scores`),
    ``issues`` (the unit's missed/behind rules in words, :func:`unit_issues`, from the statuses of
    the calendar months overlapping the window) and ``issues_text`` (joined with "；"),
    ``eligible`` (may speak: score > 0 and no issue), ``speak_place``, ``speak`` and ``speak_tied``
    (交流发言: ``dispatch.speakers`` places among the eligible, ties at the last place all listed and
    marked 并列, :func:`speaker_places`), ``commit`` (表态发言: the unit is the lead unit of a lagging
    group, :func:`lagging_groups`). ``attrs`` holds ``speak`` (units), ``tied``, ``tiebreak`` (the
    keys in force), ``speakers``, ``commit`` (lead units) and ``lagging`` (groups).
    """
    n, s, e, prev = _resolve(campaign, window)
    as_of = e if as_of is None else day(as_of)
    cfg = campaign.config
    cur = unit_scores(campaign, s, e, as_of)
    figs = list(SCORED_RULES)
    if prev is not None:
        pv = unit_scores(campaign, prev[0], prev[1]).set_index("unit")
        for f in figs:
            cur[f"{f}_change"] = pd.array(cur[f] - cur["unit"].map(pv[f]), dtype="Int64")
        cur["score_prev"] = cur["unit"].map(pv["score"]).astype(float)
        cur["score_change"] = (cur["score"] - cur["score_prev"]).round(2)
    else:
        for f in figs:
            cur[f"{f}_change"] = pd.array([pd.NA] * len(cur), dtype="Int64")
        cur["score_prev"] = np.nan
        cur["score_change"] = np.nan
    uc = unit_compliance(campaign, s, e, as_of)   # read by both: worked out once
    lag = lagging_groups(campaign, s, e, as_of, compliance=uc)
    commit_units = [u for u in lag["commit_unit"] if u]
    issues = unit_issues(campaign, s, e, as_of, lang, compliance=uc)
    cur["issues"] = cur["unit"].map(lambda u: issues.get(u, []))
    cur["issues_text"] = cur["issues"].map("；".join)
    cur["eligible"] = (cur["score"] > 0) & (cur["issues"].map(len) == 0)
    keys = _tiebreak(cfg)
    cur = cur.join(speaker_places(cur, int(cfg["dispatch"]["speakers"]), keys))
    cur["commit"] = cur["unit"].isin(commit_units)
    cur.insert(0, "end", e)
    cur.insert(0, "start", s)
    cur.insert(0, "window", n)
    cur = cur.sort_values(["rank", "unit"]).reset_index(drop=True)
    cur.attrs.update(window=n, start=str(s.date()), end=str(e.date()), as_of=str(as_of.date()),
                     speak=list(cur.loc[cur["speak"], "unit"]), tied=list(cur.loc[cur["speak_tied"], "unit"]),
                     tiebreak=keys, speakers=int(cfg["dispatch"]["speakers"]), commit=commit_units,
                     lagging=list(lag.loc[lag["lagging"], "group"]))
    return cur


def special_score(campaign, as_of: Any = None) -> pd.DataFrame:
    """The year-end special score (专项考核，单独计分): the :func:`rubric` over the whole campaign window.

    :func:`unit_scores` from the window's start to its end (cut at ``as_of``, default the
    window's end), best first, with ``rank``.
    """
    w0, w1 = _window_bounds(campaign)
    return unit_scores(campaign, w0, w1, as_of).sort_values(["rank", "unit"]).reset_index(drop=True)
