"""The project pipeline (项目推进): leads by stage at a date, cohort funnel, days between stages, stalled leads.

A lead's stage at a date (:func:`stages_on`, the one home of that rule: it is defined beside the
stages in :mod:`yeji_analysis.schemas`, so the model can derive a lead's stage with it, and is
``pipeline.stages_on`` for every caller) is the latest stage whose
date (``reported_on``, ``intention_on``, ``signed_on``, ``started_on``, ``producing_on``) is on or
before that date; where the ledger records a later stage without its date (当前阶段 已签约, no
签约日期) and no date places it after that date, the recorded stage is kept with an unknown entry
date (``stage_since`` NaT, ``stage_dated`` False). Leads reported after the date are not in the
pipeline yet.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .periods import day
from .schemas import STAGE_DATE, STAGE_DTYPE, STAGES, stages_on

__all__ = ["stage_at", "stages_on", "pipeline_by_stage", "cohort_funnel", "stage_durations", "stage_order_problems",
           "stalled_leads", "GRADES"]

#: Stall grades, worst first; ``undated`` is a lead whose stage has no date (days in stage unknown).
GRADES = ["red", "yellow", "undated", "green"]

def stage_at(campaign, at: Any) -> pd.DataFrame:
    """Each lead's stage at date ``at`` and the date it entered it, for leads reported by then.

    Returns ``lead_id``, ``project``, ``investor``, ``group``, ``unit``, ``sector``, ``leading``,
    ``investment_wan``, ``stage`` (ordered categorical), ``stage_since``, ``stage_dated`` (see
    :func:`stages_on`).

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
    """Whether each lead reached ``stage`` by ``as_of`` (any time when None): its stage then
    (:func:`stages_on`) is that stage or a later one."""
    return pd.Series(stages_on(leads, as_of)["stage"].cat.codes >= STAGES.index(stage), index=leads.index)


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


def _out_of_order(ld: pd.DataFrame, a: str, b: str, as_of: pd.Timestamp | None) -> pd.Series:
    """Leads whose date of stage ``b`` is before their date of stage ``a`` (by ``as_of``)."""
    da, db = ld[STAGE_DATE[a]], ld[STAGE_DATE[b]]
    bad = da.notna() & db.notna() & (db < da)
    return bad & (db <= as_of) if as_of is not None else bad


def stage_order_problems(campaign, as_of: Any = None) -> pd.DataFrame:
    """Leads whose stage dates are out of order (阶段日期倒置): a later stage dated before an earlier one.

    One row per lead and pair of consecutive recorded stages where the later date is the earlier:
    ``lead_id``, ``from_stage``, ``to_stage``, ``from_on``, ``to_on``, ``source``, ``sheet``,
    ``row``. These steps are left out of :func:`stage_durations`.
    """
    as_of = None if as_of is None else day(as_of)
    ld = campaign.leads
    parts = []
    for a, b in zip(STAGES[:-1], STAGES[1:]):
        bad = _out_of_order(ld, a, b, as_of)
        hit = ld[bad]
        parts.append(pd.DataFrame({"lead_id": hit["lead_id"], "from_stage": a, "to_stage": b,
                                   "from_on": hit[STAGE_DATE[a]], "to_on": hit[STAGE_DATE[b]],
                                   "source": hit["source"], "sheet": hit["sheet"], "row": hit["row"]}))
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["lead_id", "from_on"], kind="stable").reset_index(drop=True)


def stage_durations(campaign, as_of: Any = None) -> pd.DataFrame:
    """Days between consecutive stages (阶段用时), over leads with both dates recorded in order.

    One row per step (lead→intention, intention→signed, signed→started, started→producing):
    ``from_stage``, ``to_stage``, ``n``, ``median_days``, ``mean_days``, ``min_days``,
    ``max_days``, ``lead_ids``, and ``out_of_order_ids``: leads whose later date is before the
    earlier, left out of the figures and listed (:func:`stage_order_problems`). Dates after
    ``as_of`` (when given) are ignored.
    """
    as_of = None if as_of is None else day(as_of)
    ld = campaign.leads
    rows = []
    for a, b in zip(STAGES[:-1], STAGES[1:]):
        da, db = ld[STAGE_DATE[a]], ld[STAGE_DATE[b]]
        bad = _out_of_order(ld, a, b, as_of)
        ok = da.notna() & db.notna() & ~bad
        if as_of is not None:
            ok &= db <= as_of
        days = (db[ok] - da[ok]).dt.days
        rows.append({"from_stage": a, "to_stage": b, "n": int(ok.sum()),
                     "median_days": float(days.median()) if len(days) else np.nan,
                     "mean_days": float(days.mean()) if len(days) else np.nan,
                     "min_days": float(days.min()) if len(days) else np.nan,
                     "max_days": float(days.max()) if len(days) else np.nan,
                     "lead_ids": sorted(ld.loc[ok, "lead_id"]), "out_of_order_ids": sorted(ld.loc[bad, "lead_id"])})
    return pd.DataFrame(rows)


def stalled_leads(campaign, as_of: Any) -> pd.DataFrame:
    """Open leads graded by the days since their last stage change (停滞预警): green, yellow, red.

    For each lead whose stage at ``as_of`` has thresholds in ``stall_days`` (by default lead,
    intention and signed), ``days_in_stage = as_of − stage_since`` in days; the grade is red when
    ``days_in_stage >= red_days``, yellow when ``>= yellow_days``, else green; a lead whose stage
    has no date (:func:`stages_on`: e.g. 签约 with no 签约日期) is ``undated`` (日期不详), its days
    unknown (NA), never shown at an earlier stage. Sorted worst first
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
    days = pd.array((as_of - s["stage_since"]).dt.days, dtype="Int64")
    yellow = s["stage"].astype(str).map(lambda st: th[st][0]).astype("int64")
    red = s["stage"].astype(str).map(lambda st: th[st][1]).astype("int64")
    d = pd.Series(days, index=s.index)
    grade = np.where(d.isna(), "undated",
                     np.where(d.fillna(0) >= red, "red", np.where(d.fillna(0) >= yellow, "yellow", "green")))
    out = s.assign(days_in_stage=days, yellow_days=yellow, red_days=red, grade=grade)
    out = out.assign(_g=out["grade"].map(GRADES.index)).sort_values(["_g", "days_in_stage", "lead_id"],
                                                                    ascending=[True, False, True])
    return out.drop(columns="_g").reset_index(drop=True)
