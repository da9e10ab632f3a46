"""Tests of the two-weekly dispatch (yeji_analysis.dispatch), worked by hand on a 4-unit fixture."""

import pandas as pd
import pytest

from yeji_analysis.config import load_config
from yeji_analysis.dispatch import (dispatch_scoreboard, dispatch_window, dispatch_windows, lagging_groups, rubric,
                                    special_score, unit_scores)
from yeji_analysis.model import Campaign


@pytest.fixture
def four():
    # G1 = A (lead unit), B; G2 = C (lead unit), D. speakers set to 2 for this fixture.
    cfg = load_config()
    cfg["dispatch"]["speakers"] = 2
    units = pd.DataFrame({"unit": ["A", "B", "C", "D"], "group": ["G1", "G1", "G2", "G2"]})
    groups = pd.DataFrame({"group": ["G1", "G2"], "lead_unit": ["A", "C"]})
    trips = pd.DataFrame({"trip_id": ["T1", "T2", "T3", "T4"],
                          "start_on": ["2021-07-05", "2021-07-06", "2021-07-12", "2021-07-20"],
                          "units": [["A", "B"], ["C"], ["C"], ["D"]], "head_units": [["A"], [], [], []]})
    rec = pd.DataFrame({"reception_id": ["R1"], "received_on": ["2021-07-08"], "unit": ["A"]})
    leads = pd.DataFrame({"lead_id": ["L1"], "investor": ["甲木业"], "unit": ["A"], "industry": ["板材"],
                          "reported_on": ["2021-07-09"]})
    return Campaign.from_frames(units=units, groups=groups, trips=trips, receptions=rec, leads=leads, config=cfg)


def test_windows_dates(four):
    # every 14 days from 7-01: 7-01..7-14, 7-15..7-28, ..., the 7th 9-23..9-30 (cut at the window's end)
    assert [str(d.date()) for d in dispatch_window(four, 1)] == ["2021-07-01", "2021-07-14"]
    assert [str(d.date()) for d in dispatch_window(four, 3)] == ["2021-07-29", "2021-08-11"]
    assert [str(d.date()) for d in dispatch_window(four, 7)] == ["2021-09-23", "2021-09-30"]
    w = dispatch_windows(four)
    assert len(w) == 7 and w["days"].tolist() == [14] * 6 + [8]
    # meeting: the first Friday on or after the window's end; 7-14 is a Wednesday -> 7-16
    assert str(w.loc[0, "meeting_on"].date()) == "2021-07-16"
    for bad in (0, 8):
        with pytest.raises(ValueError):
            dispatch_window(four, bad)


def test_scoreboard_window_1(four):
    # Window 1 = 7-01..7-14: 14 of July's 31 days; the campaign has 92 days. Requirements pro-rated:
    #   trips 2*14/31 = 0.9032; head_trips, receptions, valid_leads 1*14/31 = 0.4516; signed, started 14/92.
    # A: T1 (joint, its head led) 1 trip -> 25 * 31/28 = 27.68; head 1/0.4516 = 2.2 -> cap 1.5 * 15 = 22.5;
    #    R1 -> 1.5 * 20 = 30; L1 valid -> 1.5 * 20 = 30; total 110.18
    # B: T1 -> 27.68.   C: T2, T3 -> 2/0.9032 = 2.2 -> cap -> 1.5 * 25 = 37.5.   D: T4 is 7-20 -> 0.
    b = dispatch_scoreboard(four, 1).set_index("unit")
    assert b.loc[["A", "B", "C", "D"], "score"].tolist() == [110.18, 27.68, 37.5, 0.0]
    assert b.loc[["A", "C", "B", "D"], "rank"].tolist() == [1, 2, 3, 4]
    assert b.loc["A", "trips_required"] == pytest.approx(28 / 31, abs=1e-4)
    assert b.loc["A", ["trip_ids", "head_trip_ids", "reception_ids", "lead_ids"]].tolist() == \
        [["T1"], ["T1"], ["R1"], ["L1"]]
    # speakers = 2 places, but a unit behind on or missing a rule in the window cannot speak:
    # C (head-led and reception behind, below) and B (head-led, reception behind) are out; D scores 0.
    # -> only A speaks (交流发言), place 1.
    assert b.index[b["speak"]].tolist() == ["A"] and b.loc["A", "speak_place"] == 1
    assert b.loc[["B", "C", "D"], "eligible"].tolist() == [False, False, False]
    # lagging (pace on 14 of 31 days; pass = met or on_track):
    #  G1: A trips 1 (31 >= 28 on_track), head met, reception met; B trips on_track, head behind,
    #      reception behind; G1 valid leads 1 met -> 5 of 7 = 0.71 >= 0.5 -> not lagging.
    #  G2: C trips 2 met, head behind, reception behind; D all 3 behind; G2 valid leads 0 behind
    #      -> 1 of 7 = 0.14 < 0.5 -> lagging -> its lead unit C states commitments (表态发言).
    lg = lagging_groups(four, "2021-07-01", "2021-07-14").set_index("group")
    assert lg.loc["G1", ["rules_checked", "rules_met", "lagging"]].tolist() == [7, 5, False]
    assert lg.loc["G2", ["rules_met", "lagging", "commit_unit"]].tolist() == [1, True, "C"]
    assert b.index[b["commit"]].tolist() == ["C"]
    assert b.attrs["commit"] == ["C"] and b.attrs["speak"] == ["A"]
    # words: D has three behind rules; A none (trips on track)
    assert len(b.loc["D", "issues"]) == 3
    assert b.loc["D", "issues"][0] == "2021-07 每月外出招商：0 次，要求 ≥ 2 次，按进度应 ≥ 0.9 次（进度滞后）"
    assert b.loc["A", "issues"] == []
    # first window: no previous -> change is NA
    assert b["trips_change"].isna().all() and b["score_prev"].isna().all()


def test_scoreboard_change_vs_previous(four):
    # Window 2 = 7-15..7-28: D has T4 (1 trip), A has nothing. Change vs window 1: D +1, A -1, C -2.
    b = dispatch_scoreboard(four, 2).set_index("unit")
    assert b.loc[["A", "C", "D"], "trips_change"].tolist() == [-1, -2, 1]
    # D: 1/0.9032 -> 27.68, was 0 -> +27.68
    assert b.loc["D", ["score", "score_prev", "score_change"]].tolist() == [27.68, 0.0, 27.68]
    # a (start, end) pair equal to window 2 gives the same board
    p = dispatch_scoreboard(four, ("2021-07-15", "2021-07-28")).set_index("unit")
    assert p["score"].equals(b["score"]) and p["trips_change"].equals(b["trips_change"])


def test_special_score_and_rubric(four):
    # whole window (92 days, Jul-Sep): trips 2*3 = 6, head 3, receptions 3, valid leads 3, signed 1, started 1.
    # A: 25*1/6 + 15*1/3 + 20*1/3 + 20*1/3 = 4.1667 + 5 + 6.6667 + 6.6667 = 22.5
    s = special_score(four).set_index("unit")
    assert s.loc["A", "score"] == 22.5 and s.loc["A", "rank"] == 1
    # C: 2 trips -> 25*2/6 = 8.33
    assert s.loc["C", "score"] == 8.33
    r = rubric(four)
    assert r["weight"].sum() == 100
    assert r.set_index("rule").loc["trips", ["required", "per", "config_key"]].tolist() == \
        [2.0, "month", "units.trips_per_month"]
    assert unit_scores(four, "2021-07-01", "2021-09-30")["score"].tolist() == \
        special_score(four).set_index("unit").loc[["A", "B", "C", "D"], "score"].tolist()


def test_rank_ties_broken_by_uncapped_score():
    # window 1 (14 of 31 July days): trips required 2*14/31 = 0.9032. X and Z have 2 trips, Y 3:
    # capped all 25 * 1.5 = 37.5; uncapped X = Z = 25 * 2 * 31/28 = 55.36, Y = 25 * 3 * 31/28 = 83.04
    # -> Y rank 1, X and Z share rank 2.
    units = pd.DataFrame({"unit": ["X", "Y", "Z"], "group": ["G", "G", "G"]})
    trips = pd.DataFrame({"start_on": ["2021-07-02"] * 7,
                          "units": [["X"], ["X"], ["Y"], ["Y"], ["Y"], ["Z"], ["Z"]]})
    c = Campaign.from_frames(units=units, trips=trips)
    s = unit_scores(c, "2021-07-01", "2021-07-14").set_index("unit")
    assert s["score"].tolist() == [37.5, 37.5, 37.5]
    assert s.loc["Y", "raw_score"] == 83.04 and s.loc["X", "raw_score"] == 55.36
    assert s.loc[["Y", "X", "Z"], "rank"].tolist() == [1, 2, 2]


def test_tie_at_the_last_speaker_place():
    # speakers = 3 places; valid_leads weighs 0 here so it can only break ties (tie-break: score, raw_score,
    # valid_leads, signed). Window 1 = 7-01..7-14 as of 7-14: 14 of 31 July days, 14 of 92 campaign days.
    # Pro-rated requirements: trips 2*14/31 = 0.9032; head-led and receptions 14/31 = 0.4516; signed 14/92 = 0.1522.
    # P: 2 head-led trips, 1 reception -> trips 2/0.9032 = 2.21 -> cap 1.5 -> 37.5; head 22.5; reception 30 -> 90.00.
    # Q, R, S: 1 head-led trip, 1 reception each -> 25*1.1071 = 27.68 + 22.5 + 30 = 80.18, uncapped all equal
    #    (27.68 + 15*2.214 + 20*2.214 = 105.18); Q also reported a valid lead (weight 0) -> Q ahead of R and S.
    # T: 2 head-led trips and a 2亿 signing on 7-10, no reception -> 37.5 + 22.5 + 0 + 15*1.5 = 82.50, but
    #    receptions 0 x 31 < 1 x 14 -> behind -> T cannot speak though it scores second.
    # Eligible places: P 1, Q 2, R and S share 3 -> all four speak, R and S marked 并列 (tied).
    cfg = load_config()
    cfg["dispatch"]["speakers"] = 3
    cfg["scoring"]["weights"]["valid_leads"] = 0
    units = pd.DataFrame({"unit": list("PQRST"), "group": ["G"] * 5})
    trips = pd.DataFrame({"start_on": ["2021-07-02", "2021-07-03", "2021-07-02", "2021-07-02", "2021-07-02",
                                       "2021-07-02", "2021-07-03"],
                          "units": [["P"], ["P"], ["Q"], ["R"], ["S"], ["T"], ["T"]],
                          "head_units": [["P"], ["P"], ["Q"], ["R"], ["S"], ["T"], ["T"]]})
    rec = pd.DataFrame({"received_on": ["2021-07-05"] * 4, "unit": list("PQRS")})
    leads = pd.DataFrame({"lead_id": ["L1", "L2"], "investor": ["甲木业", "乙家居"], "unit": ["Q", "T"],
                          "industry": ["板材", "家居"], "reported_on": ["2021-07-05", "2021-07-02"],
                          "signed_on": [None, "2021-07-10"], "investment_wan": [5000.0, 20000.0]})
    c = Campaign.from_frames(units=units, trips=trips, receptions=rec, leads=leads, config=cfg)
    b = dispatch_scoreboard(c, 1).set_index("unit")
    assert b.loc[list("PQRST"), "score"].tolist() == [90.0, 80.18, 80.18, 80.18, 82.5]
    assert b.loc[list("PTQRS"), "rank"].tolist() == [1, 2, 3, 4, 4]
    assert b.loc["T", "eligible"] == False and not b.loc["T", "speak"]
    assert b.loc[list("PQRS"), "speak_place"].tolist() == [1, 2, 3, 3]
    assert b.attrs["speak"] == ["P", "Q", "R", "S"] and b.attrs["tied"] == ["R", "S"]
    assert b.loc[list("PQRS"), "speak_tied"].tolist() == [False, False, True, True]
    # with 4 places, R and S share places 3-4: no tie runs past the places, nobody is marked 并列
    cfg["dispatch"]["speakers"] = 4
    b4 = dispatch_scoreboard(Campaign.from_frames(units=units, trips=trips, receptions=rec, leads=leads, config=cfg), 1)
    assert b4.attrs["speak"] == ["P", "Q", "R", "S"] and b4.attrs["tied"] == []
