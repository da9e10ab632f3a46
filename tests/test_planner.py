"""Tests of the roadshow planner (yeji_analysis.planner) on tiny hand-made campaigns and the sample."""

from __future__ import annotations

import itertools
from pathlib import Path

import chinese_calendar
import pandas as pd
import pytest

from yeji_analysis.config import load_config
from yeji_analysis.model import Campaign
from yeji_analysis.planner import (PlanError, assign_delegations, blocked_days, dispatch_meetings, expected_outcome,
                                   hours_matrix, leg_hours, plan_days, plan_roadshows, plan_route, rank_leads,
                                   unit_needs, working_days)

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
D = pd.Timestamp


def _campaign(config: dict | None = None, events: pd.DataFrame | None = None) -> Campaign:
    """Three units in two groups; six leads; one head-led trip in September.

    史河街道 (家居板材组): 1 head-led trip on 9/2 to 临沂, visiting 华丰木业 -> needs 1 more trip in Sept.
    孙岗乡 (家居板材组): no trip -> needs 2 trips, one head-led.
    经开区 (化工组): 2 trips in Sept, one head-led -> needs nothing.
    """
    units = pd.DataFrame({"unit": ["史河街道", "孙岗乡", "经开区"], "group": ["家居板材组", "家居板材组", "化工组"]})
    groups = pd.DataFrame({"group": ["家居板材组", "化工组"], "regions": [["临沂", "南浔"], ["常州"]],
                           "industries": [["家居板材"], ["化工新材料"]]})
    leads = pd.DataFrame({
        "lead_id": ["L1", "L2", "L3", "L4", "L5", "L6"],
        "investor": ["临沂市华丰木业有限公司", "乙电池公司", "常州丙化工有限公司", "佛山丁家具", "临沂戊板材", "华丰木业（临沂）"],
        "unit": ["史河街道", "孙岗乡", "经开区", "孙岗乡", "史河街道", "经开区"],
        "reported_on": ["2021-07-10", "2021-08-01", "2021-08-10", "2021-07-05", "2021-07-20", "2021-08-25"],
        "origin": ["临沂市", "临沂", "常州市", "佛山市", "临沂", "临沂"],
        "industry": ["板材", "电池", "化工", "家具", "板材", "木业"],
        "investment_wan": [20000.0, 3000.0, 15000.0, 12000.0, 8000.0, 5000.0],
        "intention_on": ["2021-08-20", None, None, None, None, None],
        "signed_on": [None, None, None, "2021-08-15", None, None],
        "screened_valid": [True, None, None, True, False, None],
        "consultant": ["顾问甲", "", "", "", "", ""],
        "contact": ["张三", "李四", "王五", "赵六", "钱七", "孙八"],
        "phone": ["13800000001", "13800000002", "13800000003", "13800000004", "13800000005", "13800000006"],
    })
    trips = pd.DataFrame({
        "trip_id": ["T1", "T2", "T3"],
        "start_on": ["2021-09-02", "2021-09-01", "2021-09-03"],
        "units": [["史河街道"], ["经开区"], ["经开区"]],
        "destination": ["临沂", "常州", "南京"],
        "head_led": [True, True, False],
        "companies": [["华丰木业"], [], []],
    })
    return Campaign.from_frames(units=units, groups=groups, leads=leads, trips=trips, events=events,
                                config=config)


AFFINITY = pd.DataFrame({
    "unit": ["史河街道", "史河街道", "孙岗乡", "孙岗乡", "经开区", "经开区"],
    "group": ["家居板材组", "家居板材组", "家居板材组", "家居板材组", "化工组", "化工组"],
    "region": ["临沂", "常州"] * 3,
    "affinity": [1.0, 0.2, 0.5, 0.6, 0.1, 0.9],
})


# ------------------------------------------------------------------------------------------ calendar
def test_working_days_follow_the_official_calendar():
    days = set(working_days("2021-09-13", "2021-09-30"))
    # 中秋 2021: 19-21 Sep off; Saturday 18 Sep and Sunday 26 Sep are make-up working days
    assert D("2021-09-18") in days and D("2021-09-26") in days
    assert not {D("2021-09-19"), D("2021-09-20"), D("2021-09-21"), D("2021-09-25")} & days
    assert all(chinese_calendar.is_workday(d.date()) for d in days)


def test_dispatch_meetings_are_the_friday_after_each_window():
    m = dispatch_meetings(load_config())
    # windows end 07-14 (Wed), 07-28, 08-11, 08-25, 09-08, 09-22 -> the Friday after; the last window ends 09-30
    # and its Friday (10-01) is after the campaign, so its meeting is the campaign's last day
    assert m["meeting_on"].dt.strftime("%m-%d").tolist() == ["07-16", "07-30", "08-13", "08-27", "09-10", "09-24", "09-30"]
    assert (m["meeting_on"].iloc[:-1].dt.day_of_week == 4).all()


def test_blocked_days_keep_the_week_before_the_last_ceremony():
    ev = pd.DataFrame({"event_type": ["signing_ceremony", "signing_ceremony", "groundbreaking"],
                       "held_on": ["2021-07-16", "2021-09-28", "2021-09-10"]})
    b = blocked_days(load_config(), "2021-09-01", "2021-09-30", ev)
    why = b.groupby("date")["reason_key"].apply(set)
    # ceremony 9/28, 7 days kept: 9/22..9/27 blocked (9/21 is 7 days before, allowed)
    assert why[D("2021-09-28")] == {"plan.block.ceremony"}
    for d in pd.date_range("2021-09-22", "2021-09-27"):
        assert "plan.block.before_ceremony" in why[d]
    assert D("2021-09-21") not in why.index
    # the groundbreaking on 9/10 is also a dispatch-meeting day (the Friday after the window 8/26-9/8)
    assert why[D("2021-09-10")] == {"plan.block.groundbreaking", "plan.block.meeting"}
    assert "plan.block.meeting" in why[D("2021-09-24")] and D("2021-09-17") not in why.index
    # the ledger records both ceremonies: 9/30 is blocked only as the last window's meeting, not as an assumed ceremony
    assert why[D("2021-09-30")] == {"plan.block.meeting"}


def test_plan_days_use_make_up_days_when_the_ceremony_leaves_room():
    cfg = load_config()
    cfg["planner"]["min_days_before_ceremony"] = 0
    days = plan_days(cfg, "2021-09-13", "2021-09-29")
    ok = set(days.loc[days["usable"], "date"])
    # ceremony assumed at 9/30 (deadline), nothing kept before it; meetings 9/24 (and 9/30, outside the window)
    assert D("2021-09-18") in ok and D("2021-09-26") in ok
    assert D("2021-09-20") not in ok
    assert D("2021-09-24") not in ok      # the dispatch meeting
    assert days.set_index("date").loc[D("2021-09-20"), "reason_key"] == "plan.block.holiday"


# ------------------------------------------------------------------------------------------ leads
def test_rank_leads_scores_by_hand():
    c = _campaign()
    r = rank_leads(c, "临沂", "2021-09-05")
    # L5 screened invalid -> out; L4 is in 佛山 and signed -> out.
    # L1: intention 30 + 2亿 25 + 家居板材 in 临沂 cluster 15 + last contact 9/2 (trip visited 华丰木业):
    #     3 days / 30 (intention yellow) * 15 = 1.5 + consultant 10 + contention (L6 same investor, 化工组) 5 = 86.5
    # L6: lead 10 + 5000/10000*25 = 12.5 + 家居板材 15 + 3/21*15 = 2.14 + contention 5 = 44.6
    # L2: lead 10 + 3000/10000*25 = 7.5 + 其他 0 + 35 days >= 21: 15 = 32.5
    assert r[["rank", "lead_id", "score"]].values.tolist() == [[1, "L1", 86.5], [2, "L6", 44.6], [3, "L2", 32.5]]
    assert r["days_since_contact"].tolist() == [3, 3, 35]
    l1 = r.iloc[0]["reason"]
    assert "已达成意向" in l1 and "亿元以上" in l1 and "契合临沂产业集群" in l1 and "招商顾问" in l1 and "撞单" in l1
    assert "非主导产业" in r.iloc[2]["reason"]


def test_rank_leads_takes_stage_as_of_the_date():
    c = _campaign()
    # on 8/10 L1 was still a lead (intention 8/20), and L6 not reported yet
    r = rank_leads(c, "临沂", "2021-08-10")
    assert r["lead_id"].tolist() == ["L1", "L2"]
    assert r.set_index("lead_id").loc["L1", "stage"] == "lead"


# ------------------------------------------------------------------------------------------ route
def _brute(m: pd.DataFrame, home: str, cities: list[str]) -> float:
    best = float("inf")
    for perm in itertools.permutations(cities):
        path = [home, *perm, home]
        best = min(best, sum(m.loc[a, b] for a, b in zip(path, path[1:])))
    return best


def test_route_equals_brute_force_on_five_cities():
    five = ["临沂", "南浔", "常州", "佛山", "成都"]
    m = hours_matrix(five)
    r = plan_route(five)
    assert r.exact and sorted(r.order) == sorted(five)
    assert r.total_hours == pytest.approx(_brute(m, "叶集", five))
    assert r.legs["from"].iloc[0] == "叶集" and r.legs["to"].iloc[-1] == "叶集"
    assert r.total_hours == pytest.approx(r.legs["hours"].sum())


def test_route_on_a_hand_made_matrix():
    # a square A-B-C-D with diagonals 10: the perimeter 1+1+1+1+... is best.
    names = ["H", "A", "B", "C"]
    h = pd.DataFrame([[0, 1, 10, 1], [1, 0, 1, 10], [10, 1, 0, 1], [1, 10, 1, 0]], index=names, columns=names, dtype=float)
    r = plan_route(["A", "B", "C"], hours=h, home="H")
    # H-A-B-C-H = 1+1+1+1 = 4 (or its reverse); any other order uses a diagonal of 10
    assert r.total_hours == 4.0 and r.order in (["A", "B", "C"], ["C", "B", "A"])


def test_route_heuristic_above_the_exact_limit_is_no_worse_than_given_order():
    cities = ["临沂", "南浔", "常州", "佛山", "成都", "上海", "杭州", "南京", "武汉"]
    r = plan_route(cities)
    m = hours_matrix(cities)
    given = sum(m.loc[a, b] for a, b in zip(["叶集", *cities], [*cities, "叶集"]))
    assert not r.exact and r.total_hours <= given + 1e-9


def test_legs_via_hefei_from_yeji_match_the_regions_table():
    # from Yeji, rail goes by road to Hefei first: the table's travel_hours
    assert leg_hours("叶集", "佛山") == (6.2, "air")
    assert leg_hours("佛山", "叶集") == (6.2, "air")


def test_unknown_region_in_a_route_is_an_error():
    with pytest.raises(PlanError, match="unknown region"):
        plan_route(["临沂", "火星"])


# ------------------------------------------------------------------------------------------ delegations
def test_unit_needs_by_hand():
    n = unit_needs(_campaign(), "2021-09-06", "2021-09-16", "2021-09-05").set_index("unit")
    # 史河: 1 trip (head-led) -> 1 more trip; 孙岗: none -> 2 trips incl. 1 head-led; 经开区: 2 incl. head -> 0
    assert n.loc["史河街道", ["trips", "head_trips", "trips_needed", "head_needed", "needed"]].tolist() == [1, 1, 1, 0, 1]
    assert n.loc["孙岗乡", ["trips_needed", "head_needed", "needed"]].tolist() == [2, 1, 2]
    assert n.loc["经开区", "needed"] == 0


def test_assign_delegations_serves_the_behind_units_by_affinity():
    slots = pd.DataFrame({"date": pd.to_datetime(["2021-09-06", "2021-09-07", "2021-09-08", "2021-09-09"]),
                          "region": ["临沂", "常州", "临沂", "常州"], "month": ["2021-09"] * 4})
    needs = unit_needs(_campaign(), "2021-09-06", "2021-09-09", "2021-09-05")
    d = assign_delegations(slots, needs, AFFINITY, max_trips_per_unit=2)
    # 孙岗 first (head gap): 常州 0.6 best -> 9/7 (head-led), then 常州 again 9/9.
    # 史河 (1 trip): 临沂 1.0 -> 9/6. 经开区 needs nothing and both regions are covered.
    got = d[["date", "region", "unit", "head_led", "purpose"]].assign(date=d["date"].dt.strftime("%m-%d")).values.tolist()
    assert got == [["09-06", "临沂", "史河街道", False, "trips"], ["09-07", "常州", "孙岗乡", True, "head"],
                   ["09-09", "常州", "孙岗乡", False, "trips"]]


def test_assign_delegations_respects_load_and_days():
    # one unit needs 3 trips, cap 2; two slots share a date: never two places on one day
    slots = pd.DataFrame({"date": pd.to_datetime(["2021-09-06", "2021-09-06", "2021-09-07", "2021-09-08"]),
                          "region": ["临沂", "常州", "临沂", "常州"], "month": ["2021-09"] * 4})
    needs = pd.DataFrame({"unit": ["甲"], "group": ["G"], "month": ["2021-09"], "trips_needed": [3],
                          "head_needed": [0], "needed": [3]})
    aff = pd.DataFrame({"unit": ["甲", "甲"], "region": ["临沂", "常州"], "affinity": [1.0, 0.9]})
    d = assign_delegations(slots, needs, aff, max_trips_per_unit=2)
    assert len(d) == 2 and d["date"].is_unique
    d3 = assign_delegations(slots, needs, aff, max_trips_per_unit=5)
    assert len(d3) == 3 and d3["date"].is_unique  # only three distinct days exist


def test_max_units_per_visit_spreads_units():
    slots = pd.DataFrame({"date": pd.to_datetime(["2021-09-06", "2021-09-07"]), "region": ["临沂", "临沂"],
                          "month": ["2021-09"] * 2})
    needs = pd.DataFrame({"unit": ["甲", "乙"], "group": ["G", "G"], "month": ["2021-09"] * 2,
                          "trips_needed": [1, 1], "head_needed": [0, 0], "needed": [1, 1]})
    aff = pd.DataFrame({"unit": ["甲", "乙"], "region": ["临沂", "临沂"], "affinity": [1.0, 1.0]})
    d = assign_delegations(slots, needs, aff, max_trips_per_unit=2, max_units_per_visit=1)
    assert d.groupby("date").size().tolist() == [1, 1]


# ------------------------------------------------------------------------------------------ whole plan
def _hand_rates(campaign, as_of):
    # the conversion rates worked by hand for the expected-outcome tests (the arithmetic is what they
    # check; the rates themselves come from the forecast's model: test_rates_are_the_forecasts_model)
    return 3 / 11, 1 / 3


def _plan(**kw):
    c = _campaign()
    comp = None
    return c, plan_roadshows(c, "2021-09-06", "2021-09-16", as_of="2021-09-05", regions=["临沂", "常州"],
                             affinity=AFFINITY, compliance=comp, forecast=pd.DataFrame(), **kw)


def test_plan_roadshows_invariants():
    c, p = _plan()
    cfg = c.config
    # working days 9/6-9/10 and 9/13-9/16 = 9, less 9/10, the dispatch meeting (the Friday after 8/26-9/8) = 8
    assert p.days["usable"].sum() == 8
    meetings = set(dispatch_meetings(cfg)["meeting_on"])
    for d in p.visits["date"]:
        assert chinese_calendar.is_workday(d.date()) and d not in meetings
    assert not p.delegations.duplicated(["unit", "date"]).any()
    assert (p.delegations.groupby("unit").size() <= cfg["planner"]["max_trips_per_unit"]).all()
    # every behind unit gets what it needs (capacity 2 allows it)
    behind = p.needs[p.needs["needed"] > 0]
    assert (behind["planned"] >= behind["needed"]).all() and (behind["planned_head"] >= behind["head_needed"]).all()
    assert p.route.order == ["临沂", "常州"] and p.total_travel_hours == pytest.approx(4.8 + 2.8 + 4.2)
    # leads handed to visits: 临沂 9/6 (史河) meets L1, L6, L2 in rank order; 常州 9/7 meets L3
    v = p.visits.set_index("date")
    assert v.loc[D("2021-09-06"), "leads"] == ["L1", "L6", "L2"]
    assert v.loc[D("2021-09-07"), "leads"] == ["L3"]


def test_rates_are_the_forecasts_model():
    from yeji_analysis.forecast import conversion_chances
    from yeji_analysis.planner.outcome import conversion_rates

    c = _campaign()
    ch = conversion_chances(c, "2021-09-05")
    assert conversion_rates(c, pd.Timestamp("2021-09-05")) == (ch["lead_to_intention"], ch["intention_to_signed"])
    # 25 days left and a September signing ceremony still expected (09-06..09-30): an intention met
    # today has a real chance; a lead must first become an intention, so less
    assert 0 < ch["lead_to_signed"] < ch["intention_to_signed"] < 1


@pytest.fixture
def hand_rates(monkeypatch):
    import yeji_analysis.planner.outcome as outcome
    monkeypatch.setattr(outcome, "conversion_rates", _hand_rates)


def test_expected_outcome_by_hand(hand_rates):
    c, p = _plan()
    o = p.outcome.set_index("measure")
    # as of 9/5: 6 leads reported; p1 = 3/11, p2 = 1/3 (_hand_rates).
    # met: L1 (intention), L2, L6, L3 (leads) -> intentions 3*3/11 = 0.82;
    # signings 3*(3/11)(1/3) + 1/3 = 0.61; 亿元+: L1 (1/3) + L3 (1/11) = 0.42; signed 亿元+ so far: L4 = 1
    assert o.loc["intention", "expected_added"] == pytest.approx(0.82)
    assert o.loc["signed", "expected_added"] == pytest.approx(0.61)
    assert o.loc["signed_100m", "expected_added"] == pytest.approx(0.42)
    assert o.loc["signed_100m", "actual"] == 1 and o.loc["signed_100m", "goal"] == 9
    assert o.loc["signed_100m", "with_plan_expected"] == pytest.approx(1.42)


def test_expected_outcome_uses_the_forecast_baseline(hand_rates):
    c, p = _plan()
    f = pd.DataFrame({"target": ["signed_100m", "started"], "group": ["", ""], "expected": [3.5, 2.0],
                      "probability": [0.1, 0.2]})
    o = expected_outcome(c, p.contacts, "2021-09-05", forecast=f).set_index("measure")
    assert o.loc["signed_100m", "baseline_expected"] == 3.5
    assert o.loc["signed_100m", "with_plan_expected"] == pytest.approx(3.92)
    assert o.loc["signed_100m", "baseline_probability"] == 0.1


def test_expected_outcome_does_not_count_what_the_forecast_already_expects(hand_rates):
    c, p = _plan()
    f = pd.DataFrame({"target": ["signed_100m"], "group": [""], "actual": [1], "expected": [2.0], "probability": [0.0],
                      "candidates": [4], "candidate_ids": [["L1", "L3", "X8", "X9"]]})
    o = expected_outcome(c, p.contacts, "2021-09-05", forecast=f).set_index("measure")
    # the forecast expects (2 - 1) / 4 = 0.25 per candidate; met L1 signs with 1/3 (+0.083),
    # met L3 with 3/11 * 1/3 = 0.091 (< 0.25: adds nothing) -> lift 0.08, with the plan 2.08
    assert o.loc["signed_100m", "plan_lift"] == pytest.approx(0.08)
    assert o.loc["signed_100m", "with_plan_expected"] == pytest.approx(2.08)


def test_the_rates_are_worked_out_on_another_core_and_here_when_that_fails(monkeypatch):
    import os

    import yeji_analysis.planner.outcome as outcome
    from yeji_analysis.ahead import can_fork

    here = os.getpid()

    def plan():   # the forecast worked out too: the rates' copy runs beside it
        return plan_roadshows(_campaign(), "2021-09-06", "2021-09-16", as_of="2021-09-05", regions=["临沂", "常州"],
                              affinity=AFFINITY, forecast=None)
    # rates that say where they were made: 3/11 in another process, 1/11 here (the arithmetic: test_expected_outcome_by_hand)
    monkeypatch.setattr(outcome, "conversion_rates", lambda c, a: (3 / 11 if os.getpid() != here else 1 / 11, 1 / 3))
    assert plan().rates == ((3 / 11) if can_fork() else (1 / 11), 1 / 3)
    assert _plan()[1].rates == (1 / 11, 1 / 3)   # a forecast given: nothing to run beside, made here

    def fails_elsewhere(c, a):
        if os.getpid() != here:
            raise RuntimeError("the copy fails")
        return 1 / 11, 1 / 3
    monkeypatch.setattr(outcome, "conversion_rates", fails_elsewhere)
    assert plan().rates == (1 / 11, 1 / 3)   # made here instead


def test_a_plan_that_cannot_be_made_stops_its_copy_at_once(monkeypatch):
    # 9/19-9/21 is the 中秋 holiday: the plan fails before any copy is forked. A forecast that fails fails after its
    # copy was forked to work the rates out: the error's traceback (held here by pytest.raises, in a notebook by
    # sys.last_traceback) must not keep the copy, its pipe and its file: the copy is reaped when the error is raised
    import os

    import yeji_analysis.planner.plan as plan_mod
    from yeji_analysis.ahead import can_fork, start_ahead

    if not can_fork():
        pytest.skip("one core or no fork: no copy is started")
    started = []
    monkeypatch.setattr(plan_mod, "start_ahead", lambda jobs: started.append(start_ahead(jobs)) or started[-1])
    with pytest.raises(PlanError, match="no usable working day"):
        plan_roadshows(_campaign(), "2021-09-19", "2021-09-21", affinity=AFFINITY, forecast=None)
    assert started == []

    def fails(campaign, as_of):
        raise RuntimeError("the forecast fails")
    monkeypatch.setattr(plan_mod, "forecast_targets", fails)
    with pytest.raises(RuntimeError, match="the forecast fails") as raised:
        plan_roadshows(_campaign(), "2021-09-06", "2021-09-16", as_of="2021-09-05", regions=["临沂", "常州"],
                       affinity=AFFINITY, forecast=None)
    assert raised.traceback and len(started) == 1 and started[0] is not None
    assert not started[0]._end.alive              # closed: its pipe and file closed
    with pytest.raises(ChildProcessError):        # and the process reaped
        os.waitpid(started[0].pid, os.WNOHANG)


def test_plan_to_json_has_the_contract_keys():
    c, p = _plan()
    j = p.to_json()
    assert {"visits", "route", "total_travel_hours"} <= set(j)
    assert set(j["visits"][0]) >= {"date", "region", "units", "leads"}
    assert j["route"] == ["临沂", "常州"]
    import json
    text = json.dumps(j, ensure_ascii=False)
    assert "13800000001" not in text and "张三" not in text  # lead ids only, never contacts


def test_plan_with_capacity_one_leaves_a_gap_and_says_so():
    c, p = _plan(max_trips_per_unit=1)
    n = p.needs.set_index("unit")
    assert n.loc["孙岗乡", "planned"] == 1 and n.loc["孙岗乡", "unmet"] == 1
    assert n.loc["孙岗乡", "planned_head"] == 1  # the head-led trip comes first
    assert any("仍不能补足" in x for x in p.notes)


@pytest.mark.parametrize("start,end,match", [
    ("2021-10-08", "2021-10-20", "outside the campaign window"),
    ("2021-09-20", "2021-09-10", "after --to"),
])
def test_bad_windows_raise(start, end, match):
    with pytest.raises(PlanError, match=match):
        plan_roadshows(_campaign(), start, end, affinity=AFFINITY, forecast=pd.DataFrame())


def test_unknown_region_raises():
    with pytest.raises(PlanError, match="unknown region"):
        plan_roadshows(_campaign(), "2021-09-06", "2021-09-16", regions=["临沂", "火星"], affinity=AFFINITY,
                       forecast=pd.DataFrame())


def test_window_with_no_usable_day_raises():
    # 9/19-9/21 is the 中秋 holiday
    with pytest.raises(PlanError, match="no usable working day"):
        plan_roadshows(_campaign(), "2021-09-19", "2021-09-21", affinity=AFFINITY, forecast=pd.DataFrame())


def test_plan_on_make_up_days_with_no_ceremony_margin():
    cfg = load_config()
    cfg["planner"]["min_days_before_ceremony"] = 0
    c = _campaign(config=cfg)
    p = plan_roadshows(c, "2021-09-18", "2021-09-26", as_of="2021-09-17", regions=["临沂", "常州", "南浔"],
                       affinity=AFFINITY, forecast=pd.DataFrame())
    usable = set(p.days.loc[p.days["usable"], "date"])
    # 9/18 (Sat, make-up), 9/22, 9/23, 9/26 (Sun, make-up); 9/24 is the meeting; 9/19-21 holiday
    assert usable == {D("2021-09-18"), D("2021-09-22"), D("2021-09-23"), D("2021-09-26")}
    assert D("2021-09-20") not in set(p.visits["date"])
    assert set(p.visits["date"]) <= usable


# ------------------------------------------------------------------------------------------ the sample
@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    from yeji_analysis.ledgers import load_campaign
    if any(SAMPLE.glob("*.xlsx")) or any(SAMPLE.glob("*.csv")):
        return load_campaign(SAMPLE)
    from yeji_analysis.synth import write_sample  # the sample folder not written yet: the same generator
    return load_campaign(write_sample(tmp_path_factory.mktemp("sample")))


def test_sample_plan_invariants(sample):
    cfg = sample.config
    p = plan_roadshows(sample, "2021-09-01", "2021-09-30", as_of="2021-08-31")
    meetings = set(dispatch_meetings(cfg)["meeting_on"])
    ceremonies = set(sample.events.loc[sample.events["event_type"].isin(["signing_ceremony", "groundbreaking"]),
                                       "held_on"])
    for d in p.visits["date"]:
        assert chinese_calendar.is_workday(d.date())
        assert d not in meetings and d not in ceremonies
    assert D("2021-09-20") not in set(p.visits["date"])
    assert not p.delegations.duplicated(["unit", "date"]).any()
    cap = cfg["planner"]["max_trips_per_unit"]
    assert (p.delegations.groupby("unit").size() <= cap).all()
    # a behind unit is short only where its load cap or the days ran out
    short = p.needs[p.needs["unmet"] > 0]
    assert (short["planned"] >= short["needed"].clip(upper=cap)).all()
    assert set(p.route.order) == set(cfg["district"]["roadshow_regions"])
    assert p.total_travel_hours == pytest.approx(_brute(hours_matrix(p.route.order), "叶集", p.route.order))


# ------------------------------------------------------------------------------------------ effectiveness
def test_roadshow_effectiveness_by_hand():
    from yeji_analysis.roadshow_effect import roadshow_effectiveness

    c = _campaign()
    e = roadshow_effectiveness(c, "2021-09-01", "2021-09-30").set_index("region")
    # September trips: T1 临沂 9/2 (史河, head-led, visited 华丰木业), T2 常州 9/1, T3 南京 9/3.
    # After 9/2 nothing new in 临沂: no lead reported, no intention, no signing (L1's intention is 8/20).
    # L1 and L6 (both 华丰木业) were visited on 9/2; neither moved on afterwards.
    assert e.loc["临沂", ["trips", "unit_trips", "head_led_trips", "leads", "intentions", "signings"]].tolist() == [1, 1, 1, 0, 0, 0]
    assert e.loc["临沂", "visited_leads"] == 2 and e.loc["临沂", "visited_progressed"] == 0
    assert set(e.index) == {"临沂", "常州", "南京"}
    a = roadshow_effectiveness(c, "2021-07-01", "2021-08-31").set_index("region")
    # no trips in July-August: regions appear through leads reported there; "followed" counts from the start.
    # 临沂: L1 (7/10), L2 (8/1), L5 (7/20), L6 (8/25) reported; L1 intention 8/20. 佛山: L4 signed 8/15 (1.2亿).
    assert a.loc["临沂", ["trips", "leads", "intentions"]].tolist() == [0, 4, 1]
    assert a.loc["佛山", ["signings", "signed_100m", "signed_wan"]].tolist() == [1, 1, 12000.0]
    assert a.loc["佛山", "signed_ids"] == ["L4"]


def test_outcome_view_shows_ranges_and_percentages(hand_rates):
    from yeji_analysis.present.roadshow import plan_view

    c, p = _plan()
    v = plan_view(p, "outcome", "zh")
    # rows intention, signed, signed_100m. Rates 3/11 = 27% and 1/3 = 33%. Three met leads each become an
    # intention with 3/11: P(0) = (8/11)^3 = 0.385, P(<=1) = 0.385 + 3(3/11)(8/11)^2 = 0.817,
    # P(<=2) = 0.980 -> median 1, 10th percentile 0, 90th 2: "1（0–2）".
    assert "27%" in v.iloc[0].tolist() and "1（0–2）" in v.iloc[0].tolist()
    assert "33%" in v.iloc[1].tolist()
    # no count shown with decimals
    assert not any(isinstance(x, float) and not pd.isna(x) and x != round(x) for x in v.to_numpy().ravel())


def test_a_plan_keeps_the_rates_behind_its_outcome(hand_rates):
    # the plan keeps the rates it computed the outcome with (3/11 and 1/3, _hand_rates), unrounded, for the method
    # notes: p1 = 3/11 = 27.27...% is shown as 27%, p2 = 1/3 as 33%
    c, p = _plan()
    assert p.rates == (3 / 11, 1 / 3)
    assert p.outcome.set_index("measure").loc["intention", "rate"] == 0.273  # the frame's rate is rounded
    from yeji_analysis.present.roadshow import method_notes
    notes = method_notes(p, c, "zh").data
    assert "转为意向的概率 27%" in notes and "意向转为签约的概率 33%" in notes
