"""The project pipeline (项目推进): leads by stage at a date, cohort funnel, days between stages, stalled leads.

A lead's stage at a date is the latest stage whose date (``reported_on``, ``intention_on``,
``signed_on``, ``started_on``, ``producing_on``) is on or before that date; a stage recorded
without a date cannot be placed in time and is not used here. Leads reported after the date are
not in the pipeline yet.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .periods import day
from .schemas import STAGE_DATE, STAGE_DTYPE, STAGES

__all__ = ["stage_at", "stages_on", "pipeline_by_stage", "cohort_funnel", "stage_durations", "stalled_leads", "GRADES"]

#: Stall grades, worst first.
GRADES = ["red", "yellow", "green"]

def stage_at(campaign, at: Any) -> pd.DataFrame:
    """Each lead's stage at date ``at`` and the date it entered it, for leads reported by then.

    Returns ``lead_id``, ``project``, ``investor``, ``group``, ``unit``, ``sector``, ``leading``,
    ``investment_wan``, ``stage`` (ordered categorical), ``stage_since``.

    Examples
    --------
    >>> from yeji_analysis.model import Campaign
    >>> c = Campaign.from_frames(units=pd.DataFrame({"unit": ["A"], "group": ["G"]}),
    ...     leads=pd.DataFrame({"lead_id": ["L1"], "investor": ["甲"], "unit": ["A"],
    ...                         "reported_on": ["2021-07-01"], "signed_on": ["2021-08-01"]}))
    >>> stage_at(c, "2021-07-20")["stage"].tolist(), stage_at(c, "2021-08-01")["stage"].tolist()
    (['lead'], ['signed'])
    """
    at = day(at)
    ld = campaign.leads
    ld = ld[ld["reported_on"] <= at]
    cols = ["lead_id", "project", "investor", "group", "unit", "sector", "leading", "investment_wan"]
    return ld[cols].join(stages_on(ld, at)).reset_index(drop=True)


def stages_on(leads: pd.DataFrame, at: Any) -> pd.DataFrame:
    """For the given leads (indexed as they are): ``stage``, the latest stage whose date is on or
    before ``at`` (线索 when none is), and ``stage_since``, the date it was entered.

    Examples
    --------
    >>> ld = pd.DataFrame({"reported_on": pd.to_datetime(["2021-07-01"]), "intention_on": pd.to_datetime(["2021-07-10"]),
    ...                    "signed_on": pd.NaT, "started_on": pd.NaT, "producing_on": pd.NaT})
    >>> stages_on(ld, "2021-07-05")["stage"].tolist(), stages_on(ld, "2021-07-10")["stage"].tolist()
    (['lead'], ['intention'])
    """
    at = day(at)
    stage = pd.Series("lead", index=leads.index, dtype=object)
    since = leads["reported_on"].copy()
    for s in STAGES[1:]:
        d = leads[STAGE_DATE[s]]
        hit = d.notna() & (d <= at)
        stage[hit] = s
        since[hit] = d[hit]
    return pd.DataFrame({"stage": stage.astype(STAGE_DTYPE), "stage_since": since}, index=leads.index)


def pipeline_by_stage(campaign, at: Any) -> pd.DataFrame:
    """Leads and planned investment by stage at a date (项目推进情况), every stage shown.

    Returns ``stage``, ``leads``, ``investment_wan`` (sum of the known amounts, 万元),
    ``unknown_investment`` (leads without an amount), ``lead_ids``.

    Examples
    --------
    >>> from yeji_analysis.model import Campaign
    >>> c = Campaign.from_frames(units=pd.DataFrame({"unit": ["A"], "group": ["G"]}),
    ...     leads=pd.DataFrame({"lead_id": ["L1", "L2"], "investor": ["甲", "乙"], "unit": ["A", "A"],
    ...                         "reported_on": ["2021-07-01", "2021-07-02"], "investment_wan": [100.0, 50.0],
    ...                         "intention_on": [None, "2021-07-10"]}))
    >>> pipeline_by_stage(c, "2021-07-31")[["stage", "leads", "investment_wan"]].head(2).values.tolist()
    [['lead', 1, 100.0], ['intention', 1, 50.0]]
    """
    s = stage_at(campaign, at)
    rows = []
    for st in STAGES:
        g = s[s["stage"] == st]
        rows.append({"stage": st, "leads": len(g), "investment_wan": float(g["investment_wan"].sum()),
                     "unknown_investment": int(g["investment_wan"].isna().sum()),
                     "lead_ids": sorted(g["lead_id"])})
    out = pd.DataFrame(rows)
    return out.assign(stage=out["stage"].astype(STAGE_DTYPE))


def _reached(campaign, leads: pd.DataFrame, stage: str, as_of: pd.Timestamp | None) -> pd.Series:
    """Whether each lead reached ``stage`` (its date or any later stage's date, by ``as_of``)."""
    hit = pd.Series(False, index=leads.index)
    for s in STAGES[STAGES.index(stage):]:
        d = leads[STAGE_DATE[s]]
        hit |= d.notna() & ((d <= as_of) if as_of is not None else True)
    return hit


def cohort_funnel(campaign, start: Any, end: Any, as_of: Any = None) -> pd.DataFrame:
    """Of the leads reported in ``[start, end]``, how many reached each later stage (转化漏斗).

    A lead reached a stage when that stage's date, or a later stage's date, is recorded (on or
    before ``as_of`` when given). Returns ``stage``, ``leads``, ``share`` (of the cohort),
    ``share_of_previous`` (of those reaching the stage before), ``lead_ids``.
    """
    start, end = day(start), day(end)
    as_of = None if as_of is None else day(as_of)
    ld = campaign.leads
    ld = ld[(ld["reported_on"] >= start) & (ld["reported_on"] <= end)]
    if as_of is not None:
        ld = ld[ld["reported_on"] <= as_of]
    n = len(ld)
    rows, prev = [], None
    for st in STAGES:
        ids = sorted(ld.loc[_reached(campaign, ld, st, as_of), "lead_id"])
        rows.append({"stage": st, "leads": len(ids), "share": len(ids) / n if n else np.nan,
                     "share_of_previous": (1.0 if n else np.nan) if prev is None else (len(ids) / prev if prev else np.nan),
                     "lead_ids": ids})
        prev = len(ids)
    out = pd.DataFrame(rows)
    return out.assign(stage=out["stage"].astype(STAGE_DTYPE))


def stage_durations(campaign, as_of: Any = None) -> pd.DataFrame:
    """Days between consecutive stages (阶段用时), over leads with both dates recorded.

    One row per step (lead→intention, intention→signed, signed→started, started→producing):
    ``from_stage``, ``to_stage``, ``n``, ``median_days``, ``mean_days``, ``min_days``,
    ``max_days``, ``lead_ids``. Dates after ``as_of`` (when given) are ignored.
    """
    as_of = None if as_of is None else day(as_of)
    ld = campaign.leads
    rows = []
    for a, b in zip(STAGES[:-1], STAGES[1:]):
        da, db = ld[STAGE_DATE[a]], ld[STAGE_DATE[b]]
        ok = da.notna() & db.notna()
        if as_of is not None:
            ok &= db <= as_of
        days = (db[ok] - da[ok]).dt.days
        rows.append({"from_stage": a, "to_stage": b, "n": int(ok.sum()),
                     "median_days": float(days.median()) if len(days) else np.nan,
                     "mean_days": float(days.mean()) if len(days) else np.nan,
                     "min_days": float(days.min()) if len(days) else np.nan,
                     "max_days": float(days.max()) if len(days) else np.nan,
                     "lead_ids": sorted(ld.loc[ok, "lead_id"])})
    return pd.DataFrame(rows)


def stalled_leads(campaign, as_of: Any) -> pd.DataFrame:
    """Open leads graded by the days since their last stage change (停滞预警): green, yellow, red.

    For each lead whose stage at ``as_of`` has thresholds in ``stall_days`` (by default lead,
    intention and signed), ``days_in_stage = as_of − stage_since`` in days; the grade is red when
    ``days_in_stage >= red_days``, yellow when ``>= yellow_days``, else green. Sorted worst first
    (grade, then most days). Returns the :func:`stage_at` columns plus ``days_in_stage``,
    ``yellow_days``, ``red_days``, ``grade``.

    Examples
    --------
    >>> from yeji_analysis.model import Campaign
    >>> c = Campaign.from_frames(units=pd.DataFrame({"unit": ["A"], "group": ["G"]}),
    ...     leads=pd.DataFrame({"lead_id": ["L1"], "investor": ["甲"], "unit": ["A"],
    ...                         "reported_on": ["2021-07-01"]}))
    >>> stalled_leads(c, "2021-07-22")[["days_in_stage", "grade"]].values.tolist()  # 21 days: yellow
    [[21, 'yellow']]
    """
    as_of = day(as_of)
    th = campaign.config["stall_days"]
    s = stage_at(campaign, as_of)
    s = s[s["stage"].astype(str).isin(list(th))]
    days = (as_of - s["stage_since"]).dt.days.astype("int64")
    yellow = s["stage"].astype(str).map(lambda st: th[st][0]).astype("int64")
    red = s["stage"].astype(str).map(lambda st: th[st][1]).astype("int64")
    grade = np.where(days >= red, "red", np.where(days >= yellow, "yellow", "green"))
    out = s.assign(days_in_stage=days, yellow_days=yellow, red_days=red, grade=grade)
    out = out.assign(_g=out["grade"].map(GRADES.index)).sort_values(["_g", "days_in_stage", "lead_id"],
                                                                    ascending=[True, False, True])
    return out.drop(columns="_g").reset_index(drop=True)
