"""Schemas of the campaign model's frames (pandera models), declared once and used to validate."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

__all__ = ["STAGES", "STAGE_DTYPE", "STAGE_DATE", "stages_on", "Units", "Groups", "Consultants", "Leads", "Trips",
           "TripUnits", "Receptions", "Events", "Contestants", "Rejections", "Warnings", "SCHEMAS", "PRIVATE_COLUMNS"]

#: Pipeline stages in order (线索 → 意向 → 签约 → 开工 → 投产).
STAGES = ["lead", "intention", "signed", "started", "producing"]
STAGE_DTYPE = pd.CategoricalDtype(STAGES, ordered=True)
#: The date column that records when a lead reached each stage.
STAGE_DATE = {"lead": "reported_on", "intention": "intention_on", "signed": "signed_on",
              "started": "started_on", "producing": "producing_on"}

#: Columns holding contacts' personal data, with the headers they carry in ledgers and outputs: their values are
#: never written into a message, and shared outputs drop or mask them (the one list; ``present.redact`` reads it).
PRIVATE_COLUMNS = {"contact": ("联系人",), "phone": ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "联系人电话")}

_DATE = "datetime64[ns]"


class _Provenance(pa.DataFrameModel):
    source: Series[str] = pa.Field(nullable=True)   # file name inside the data folder
    sheet: Series[str] = pa.Field(nullable=True)    # sheet name ("" for CSV)
    row: Series[int] = pa.Field(nullable=True)      # row number as the spreadsheet shows it (CSV: line)

    class Config:
        strict = False
        coerce = True


class Units(_Provenance):
    """责任单位: one row a unit."""
    unit: Series[str] = pa.Field(unique=True)
    unit_type: Series[str] = pa.Field(nullable=True)
    group: Series[str]
    head: Series[str] = pa.Field(nullable=True)


class Groups(_Provenance):
    """招商小组: one row a group; outpost centres count as groups."""
    group: Series[str] = pa.Field(unique=True)
    leader: Series[str] = pa.Field(nullable=True)
    lead_unit: Series[str] = pa.Field(nullable=True)
    industries: Series[object]
    regions: Series[object]
    is_outpost: Series[bool]


class Consultants(_Provenance):
    """招商顾问: one row a consultant."""
    consultant: Series[str] = pa.Field(unique=True)
    employer: Series[str] = pa.Field(nullable=True)
    location: Series[str] = pa.Field(nullable=True)
    appointed_on: Series[_DATE] = pa.Field(nullable=True)


class Leads(_Provenance):
    """项目线索台账: one row a lead (project), with the date of each stage it reached."""
    lead_id: Series[str] = pa.Field(unique=True)
    project: Series[str] = pa.Field(nullable=True)
    investor: Series[str]
    origin: Series[str] = pa.Field(nullable=True)
    region: Series[str] = pa.Field(nullable=True)
    industry: Series[str] = pa.Field(nullable=True)
    sector: Series[str]
    leading: Series[bool]
    investment_wan: Series[float] = pa.Field(nullable=True, ge=0)
    unit: Series[str]
    group: Series[str]
    reported_on: Series[_DATE]
    stage: Series[pd.CategoricalDtype] = pa.Field(dtype_kwargs={"categories": STAGES, "ordered": True})
    intention_on: Series[_DATE] = pa.Field(nullable=True)
    signed_on: Series[_DATE] = pa.Field(nullable=True)
    started_on: Series[_DATE] = pa.Field(nullable=True)
    producing_on: Series[_DATE] = pa.Field(nullable=True)
    screened_valid: Series[pd.BooleanDtype] = pa.Field(nullable=True)
    consultant: Series[str] = pa.Field(nullable=True)
    contact: Series[str] = pa.Field(nullable=True)
    phone: Series[str] = pa.Field(nullable=True)
    note: Series[str] = pa.Field(nullable=True)


class Trips(_Provenance):
    """外出招商台账: one row a trip; ``units`` lists every unit that took part."""
    trip_id: Series[str] = pa.Field(unique=True)
    start_on: Series[_DATE]
    end_on: Series[_DATE] = pa.Field(nullable=True)
    units: Series[object]
    head_units: Series[object]
    destination: Series[str] = pa.Field(nullable=True)
    region: Series[str] = pa.Field(nullable=True)
    head_led: Series[bool]
    companies: Series[object]
    outcome: Series[str] = pa.Field(nullable=True)
    note: Series[str] = pa.Field(nullable=True)


class TripUnits(pa.DataFrameModel):
    """One row per trip and participating unit (the counting unit of the trips rule)."""
    trip_id: Series[str]
    unit: Series[str]
    group: Series[str]
    start_on: Series[_DATE]
    region: Series[str] = pa.Field(nullable=True)
    head_led: Series[bool]

    class Config:
        strict = False
        coerce = True


class Receptions(_Provenance):
    """接待客商台账: one row a reception of visiting investors."""
    reception_id: Series[str] = pa.Field(unique=True)
    received_on: Series[_DATE]
    unit: Series[str]
    group: Series[str]
    company: Series[str] = pa.Field(nullable=True)
    origin: Series[str] = pa.Field(nullable=True)
    region: Series[str] = pa.Field(nullable=True)
    lead_id: Series[str] = pa.Field(nullable=True)
    note: Series[str] = pa.Field(nullable=True)


EVENT_TYPES = ["policy_launch", "training", "speech_contest", "roadshow", "consultant_signing",
               "signing_ceremony", "groundbreaking", "other"]


class Events(_Provenance):
    """活动: the campaign's events (发布会, 培训会, 演讲比赛, 推介会, 顾问签约, 集中签约, 集中开工)."""
    event_type: Series[str] = pa.Field(isin=EVENT_TYPES)
    held_on: Series[_DATE]
    place: Series[str] = pa.Field(nullable=True)
    region: Series[str] = pa.Field(nullable=True)
    note: Series[str] = pa.Field(nullable=True)


class Contestants(_Provenance):
    """演讲比赛: one row a contestant entered by a group."""
    group: Series[str]
    contestant: Series[str]


class Rejections(pa.DataFrameModel):
    """Rows that could not be read: where, what, why."""
    ledger: Series[str]
    source: Series[str]
    sheet: Series[str] = pa.Field(nullable=True)
    row: Series[int] = pa.Field(nullable=True)
    column: Series[str] = pa.Field(nullable=True)
    value: Series[str] = pa.Field(nullable=True)
    reason: Series[str]

    class Config:
        coerce = True


class Warnings(pa.DataFrameModel):
    """Accepted but doubtful values, and corrected resubmissions."""
    ledger: Series[str]
    source: Series[str] = pa.Field(nullable=True)
    sheet: Series[str] = pa.Field(nullable=True)
    row: Series[int] = pa.Field(nullable=True)
    column: Series[str] = pa.Field(nullable=True)
    value: Series[str] = pa.Field(nullable=True)
    message: Series[str]

    class Config:
        coerce = True


SCHEMAS = {"units": Units, "groups": Groups, "consultants": Consultants, "leads": Leads,
           "trips": Trips, "trip_units": TripUnits, "receptions": Receptions, "events": Events,
           "contestants": Contestants, "rejections": Rejections, "warnings": Warnings}


def stages_on(leads: pd.DataFrame, at: Any = None) -> pd.DataFrame:
    """For the given leads (indexed as they are): ``stage``, the latest stage whose date is on or
    before ``at`` (any date when ``at`` is None; 线索 when none is), ``stage_since``, the date it was
    entered, and ``stage_dated``.

    Where the leads carry a recorded ``stage`` later than the dated one, the recorded stage's date
    is missing, and no stage date up to it lies after ``at``, the lead is at the recorded stage
    with ``stage_since`` NaT and ``stage_dated`` False (e.g. 已签约 with no 签约日期: 签约, date
    unknown). The one home of "a lead's stage at a date": the model, the pipeline, the graph, the
    forecast and the planner call it.

    Examples
    --------
    >>> ld = pd.DataFrame({"reported_on": pd.to_datetime(["2021-07-01"]), "intention_on": pd.to_datetime(["2021-07-10"]),
    ...                    "signed_on": pd.NaT, "started_on": pd.NaT, "producing_on": pd.NaT})
    >>> stages_on(ld, "2021-07-05")["stage"].tolist(), stages_on(ld, "2021-07-10")["stage"].tolist()
    (['lead'], ['intention'])
    >>> stages_on(ld.assign(stage=["signed"]), "2021-07-20")[["stage", "stage_dated"]].values.tolist()
    [['signed', False]]
    """
    at = None if at is None else pd.Timestamp(at).normalize()
    stage = pd.Series("lead", index=leads.index, dtype=object)
    since = leads["reported_on"].copy()
    later = pd.Series(False, index=leads.index)   # a date up to the recorded stage lies after at
    rank = pd.Series(0, index=leads.index)
    for i, s in enumerate(STAGES[1:], start=1):
        d = leads[STAGE_DATE[s]] if STAGE_DATE[s] in leads.columns else pd.Series(pd.NaT, index=leads.index)
        hit = d.notna() & ((d <= at) if at is not None else True)
        stage[hit] = s
        since[hit] = d[hit]
        rank[hit] = i
    dated = pd.Series(True, index=leads.index)
    if "stage" in leads.columns:
        rec = leads["stage"].astype(object).map({s: i for i, s in enumerate(STAGES)}).fillna(0).astype(int)
        own = pd.Series(pd.NaT, index=leads.index, dtype="datetime64[ns]")
        for i, s in enumerate(STAGES):
            d = leads[STAGE_DATE[s]] if STAGE_DATE[s] in leads.columns else pd.Series(pd.NaT, index=leads.index)
            if at is not None:
                later |= (rec >= i) & d.notna() & (d > at)
            own[rec == i] = d[rec == i]
        undated = (rec > rank) & own.isna() & ~later
        stage[undated] = leads["stage"].astype(object)[undated]
        since[undated] = pd.NaT
        dated = ~undated
    return pd.DataFrame({"stage": stage.astype(STAGE_DTYPE), "stage_since": since, "stage_dated": dated},
                        index=leads.index)
