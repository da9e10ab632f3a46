"""Tests of the pipeline (yeji_analysis.pipeline), each figure worked by hand in a comment."""

import pandas as pd
import pytest

from yeji_analysis.model import Campaign
from yeji_analysis.pipeline import cohort_funnel, pipeline_by_stage, stage_at, stage_durations, stalled_leads


@pytest.fixture
def camp():
    # default stall_days: lead [21, 45], intention [30, 60], signed [30, 60]
    leads = pd.DataFrame({
        "lead_id": ["P1", "P2", "P3", "P4", "P5"],
        "investor": ["甲", "乙", "丙", "丁", "戊"],
        "unit": ["A"] * 5,
        "investment_wan": [100.0, 200.0, 300.0, 12000.0, None],
        "reported_on": ["2021-08-11", "2021-08-10", "2021-07-01", "2021-07-05", "2021-07-20"],
        "intention_on": [None, None, "2021-07-02", None, None],
        "signed_on": [None, None, None, "2021-07-20", "2021-07-21"],
        "started_on": [None, None, None, "2021-08-01", None]})
    return Campaign.from_frames(units=pd.DataFrame({"unit": ["A"], "group": ["G"]}), leads=leads)


def test_stalled_each_grade(camp):
    s = stalled_leads(camp, "2021-08-31").set_index("lead_id")
    # P1: lead since 8-11 -> 20 days < 21 -> green
    # P2: lead since 8-10 -> 21 days = yellow threshold -> yellow
    # P3: intention since 7-02 -> 60 days = red threshold -> red
    # P5: signed since 7-21 -> 41 days, >= 30, < 60 -> yellow
    # P4: started -> not an open stage, not listed
    assert s.loc["P1", ["days_in_stage", "grade"]].tolist() == [20, "green"]
    assert s.loc["P2", ["days_in_stage", "grade"]].tolist() == [21, "yellow"]
    assert s.loc["P3", ["stage", "days_in_stage", "grade"]].tolist() == ["intention", 60, "red"]
    assert s.loc["P5", ["stage", "days_in_stage", "grade"]].tolist() == ["signed", 41, "yellow"]
    assert "P4" not in s.index
    # worst first: red, then yellow by days (P5 41 before P2 21), then green
    assert s.index.tolist() == ["P3", "P5", "P2", "P1"]


def test_pipeline_by_stage(camp):
    # at 7-25: reported by then P3, P4, P5. P3 intention (300); P4 signed 7-20 (12000); P5 signed (no amount).
    p = pipeline_by_stage(camp, "2021-07-25").set_index("stage")
    assert p.loc["lead", "leads"] == 0
    assert p.loc["intention", ["leads", "investment_wan", "lead_ids"]].tolist() == [1, 300.0, ["P3"]]
    assert p.loc["signed", ["leads", "investment_wan", "unknown_investment"]].tolist() == [2, 12000.0, 1]
    # at 8-31: P1, P2 lead (300); P4 started
    p = pipeline_by_stage(camp, "2021-08-31").set_index("stage")
    assert p.loc["lead", ["leads", "investment_wan"]].tolist() == [2, 300.0]
    assert p.loc["started", "lead_ids"] == ["P4"]
    assert stage_at(camp, "2021-07-19").set_index("lead_id").loc["P4", "stage"] == "lead"


def test_cohort_funnel(camp):
    # July cohort: P3, P4, P5 (3). intention reached: P3, and P4/P5 via their later signing -> 3;
    # signed: P4, P5 -> 2 (share 2/3, of previous 2/3); started: P4 -> 1 (of previous 1/2)
    f = cohort_funnel(camp, "2021-07-01", "2021-07-31").set_index("stage")
    assert f["leads"].tolist() == [3, 3, 2, 1, 0]
    assert f.loc["signed", "share"] == pytest.approx(2 / 3)
    assert f.loc["started", "share_of_previous"] == pytest.approx(0.5)
    # as of 7-31 P4 has not started yet
    assert cohort_funnel(camp, "2021-07-01", "2021-07-31", as_of="2021-07-31").set_index("stage").loc["started", "leads"] == 0


def test_stage_durations(camp):
    d = stage_durations(camp).set_index("from_stage")
    # lead->intention: P3 1 day; intention->signed: none with both dates; signed->started: P4 12 days
    assert d.loc["lead", ["n", "median_days"]].tolist() == [1, 1.0]
    assert d.loc["intention", "n"] == 0
    assert d.loc["signed", ["n", "median_days", "lead_ids"]].tolist() == [1, 12.0, ["P4"]]
