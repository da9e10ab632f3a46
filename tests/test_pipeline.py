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


def test_out_of_order_dates_and_signed_without_a_date():
    # L1: intention 7-20 but signed 7-10 -> the signed date is before the intention: out of order, left out of
    #     intention->signed and listed.  L2: intention 7-05, signed 7-15 -> 10 days.
    # L3: the ledger says 已签约 (stage signed) with no 签约日期; intention 7-05.
    # intention->signed: only L2 -> n 1, median 10; out_of_order_ids [L1].
    # lead->intention: L1 19, L2 4, L3 4 days -> n 3, median 4.
    # Stalled at 8-01: L3 is 签约 with the date unknown (stage_since NaT, days NA, grade undated), not 意向.
    from yeji_analysis.model import Campaign
    from yeji_analysis.pipeline import stage_durations, stage_order_problems, stalled_leads

    leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"], "investor": ["甲", "乙", "丙"], "unit": ["A"] * 3,
                          "reported_on": ["2021-07-01"] * 3, "intention_on": ["2021-07-20", "2021-07-05", "2021-07-05"],
                          "signed_on": ["2021-07-10", "2021-07-15", None], "stage": ["signed", "signed", "signed"]})
    c = Campaign.from_frames(units=pd.DataFrame({"unit": ["A"], "group": ["G"]}), leads=leads)
    sd = stage_durations(c).set_index("to_stage")
    assert sd.loc["signed", ["n", "median_days", "lead_ids", "out_of_order_ids"]].tolist() == [1, 10.0, ["L2"], ["L1"]]
    assert sd.loc["intention", ["n", "median_days"]].tolist() == [3, 4.0]
    so = stage_order_problems(c)
    assert so[["lead_id", "from_stage", "to_stage"]].values.tolist() == [["L1", "intention", "signed"]]
    st = stalled_leads(c, "2021-08-01").set_index("lead_id")
    assert st.loc["L3", "stage"] == "signed" and pd.isna(st.loc["L3", "stage_since"])
    assert pd.isna(st.loc["L3", "days_in_stage"]) and st.loc["L3", "grade"] == "undated"
    # L2 signed 7-15 -> 17 days at 8-01 < 30 -> green
    assert (st.loc["L2", "days_in_stage"], st.loc["L2", "grade"]) == (17, "green")
