"""Tests of the campaign's rules (yeji_analysis.rules), each figure worked by hand in a comment."""

import pandas as pd
import pytest

from yeji_analysis.model import Campaign
from yeji_analysis.investors import InvestorIndex
from yeji_analysis.rules import (district_targets, duplicate_investors, group_signing, group_valid_leads, headline,
                                 investor_contention, investor_coordination, judge, normalize_investor, speech_entries,
                                 trace, unit_compliance, valid_leads)

UNITS = pd.DataFrame({"unit": ["A", "B", "C"], "group": ["G1", "G1", "G2"]})
GROUPS = pd.DataFrame({"group": ["G1", "G2"], "lead_unit": ["A", "C"]})


@pytest.fixture
def activity():
    # T1: joint trip of A and B, led by A's head, starts 7-05.
    # T2: A alone, starts on 7-31 and ends 8-02 -> counts in July.
    # T3: A alone, 8-01.  R1: B receives on 7-10.
    trips = pd.DataFrame({"trip_id": ["T1", "T2", "T3"],
                          "start_on": ["2021-07-05", "2021-07-31", "2021-08-01"],
                          "end_on": ["2021-07-06", "2021-08-02", "2021-08-01"],
                          "units": [["A", "B"], ["A"], ["A"]], "head_units": [["A"], [], []]})
    rec = pd.DataFrame({"reception_id": ["R1"], "received_on": ["2021-07-10"], "unit": ["B"]})
    return Campaign.from_frames(units=UNITS, groups=GROUPS, trips=trips, receptions=rec)


def _row(df, unit, month):
    return df[(df["unit"] == unit) & (df["month"] == month)].iloc[0]


def test_joint_trip_31st_and_head_led(activity):
    uc = unit_compliance(activity, "2021-07-01", "2021-08-31")
    # 3 units x 2 months, zero-filled
    assert len(uc) == 6
    a7, b7, a8, c7 = _row(uc, "A", "2021-07"), _row(uc, "B", "2021-07"), _row(uc, "A", "2021-08"), _row(uc, "C", "2021-07")
    # A July: T1 (joint) + T2 (starts 7-31) = 2 trips >= 2 -> met; head-led T1 -> 1 -> met;
    # no reception -> missed; overall missed.
    assert (a7.trips, a7.trips_status, a7.head_trips, a7.head_trips_status) == (2, "met", 1, "met")
    assert a7.trip_ids == ["T1", "T2"] and a7.head_trip_ids == ["T1"]
    assert (a7.receptions_status, a7.status) == ("missed", "missed")
    # B July: the joint trip T1 counts for B too (1 < 2 -> missed); A's head led it, not B's -> 0 head trips.
    assert (b7.trips, b7.trips_status, b7.head_trips, b7.head_trips_status) == (1, "missed", 0, "missed")
    assert (b7.receptions, b7.reception_ids, b7.receptions_status) == (1, ["R1"], "met")
    # A August: only T3 (T2 started in July) -> 1 -> missed.
    assert (a8.trips, a8.trip_ids, a8.trips_status) == (1, ["T3"], "missed")
    # C has nothing: zero-filled row, missed.
    assert (c7.trips, c7.trip_ids, c7.status) == (0, [], "missed")


def test_month_in_progress_pace(activity):
    # as_of 7-15: July has 15 of 31 days elapsed. Pace asks trips >= 2*15/31 = 0.97:
    # A has 1 (T1; T2 is after as_of) -> 1*31 = 31 >= 2*15 = 30 -> on_track; C has 0 -> behind.
    uc = unit_compliance(activity, "2021-07-01", "2021-09-30", as_of="2021-07-15")
    a7, c7 = _row(uc, "A", "2021-07"), _row(uc, "C", "2021-07")
    assert (a7.trips, a7.trips_status, a7.elapsed_days, a7.judged) == (1, "on_track", 15, False)
    assert c7.trips_status == "behind" and c7.status == "behind"
    # one day later, 2*16 = 32 > 31 -> A is behind; never missed inside the month
    uc16 = unit_compliance(activity, "2021-07-01", "2021-09-30", as_of="2021-07-16")
    assert _row(uc16, "A", "2021-07").trips_status == "behind"
    assert "missed" not in set(uc16.loc[uc16["month"] == "2021-07", ["trips_status", "head_trips_status",
                                                                      "receptions_status"]].values.ravel())
    # August begins after as_of: 未开始 (not_started), never "on track", not judged
    a8 = _row(uc, "A", "2021-08")
    assert (a8.trips, a8.trips_status, a8.judged, a8.elapsed_days) == (0, "not_started", False, 0)
    assert (a8.status, a8.month_basis) == ("not_started", "not_started")


def test_window_across_month_boundary_judges_calendar_months(activity):
    # Window 7-29..8-11 (dispatch window 3), as of 8-11 (a date in the second month).
    # July ended by 8-11 -> judged on the WHOLE month, though only 7-29..7-31 lie in the window:
    #   A: T1 (7-05) + T2 (7-31) = 2 trips >= 2 -> met (T1 is outside the window and still counts);
    #      head-led T1 -> 1 >= 1 -> met; receptions 0 -> missed.
    #   B: T1 -> 1 trip < 2 -> missed; R1 (7-10) -> met.
    # August holds 8-11 -> pace: 11 of 31 days elapsed.
    #   A: T3 (8-01) -> 1 trip: 1 x 31 = 31 >= 2 x 11 = 22 -> on_track; head 0: 0 < 1 x 11 -> behind.
    #   C: 0 trips -> behind (never missed inside the month).
    uc = unit_compliance(activity, "2021-07-29", "2021-08-11", as_of="2021-08-11")
    assert sorted(uc["month"].unique()) == ["2021-07", "2021-08"]
    a7, b7, a8, c8 = _row(uc, "A", "2021-07"), _row(uc, "B", "2021-07"), _row(uc, "A", "2021-08"), _row(uc, "C", "2021-08")
    assert (a7.trips, a7.trip_ids, a7.trips_status, a7.head_trips_status, a7.receptions_status) == \
        (2, ["T1", "T2"], "met", "met", "missed")
    assert (a7.month_basis, a7.judged, a7.elapsed_days) == ("whole", True, 31)
    assert (b7.trips, b7.trips_status, b7.receptions_status) == (1, "missed", "met")
    assert (a8.trips, a8.trips_status, a8.head_trips_status, a8.month_basis, a8.elapsed_days) == \
        (1, "on_track", "behind", "pace", 11)
    assert (c8.trips_status, c8.status) == ("behind", "behind")
    # the same months in the whole-campaign report as of 8-11: July's statuses are the same
    camp = unit_compliance(activity, "2021-07-01", "2021-09-30", as_of="2021-08-11")
    cols = ["unit", "trips", "trips_status", "head_trips_status", "receptions_status", "status"]
    assert camp[camp["month"] == "2021-07"][cols].values.tolist() == uc[uc["month"] == "2021-07"][cols].values.tolist()
    # Window 8-25..9-07 as of 8-31: August ended -> whole: A has T3 only -> 1 < 2 -> missed;
    # September begins after 8-31 -> 未开始 (not_started), never "on track".
    late = unit_compliance(activity, "2021-08-25", "2021-09-07", as_of="2021-08-31")
    assert _row(late, "A", "2021-08").trips_status == "missed"
    s9 = _row(late, "A", "2021-09")
    assert (s9.trips_status, s9.status, s9.month_basis, s9.elapsed_days) == ("not_started", "not_started", "not_started", 0)


def test_judge_zero_requirement_and_met_early():
    # required 0 -> met; actual 2 of 2 by 7-03 -> met already (cannot be lost)
    assert judge(0, 0, "2021-07-01", "2021-07-31", "2021-07-01", "2021-07-31", "2021-07-31")["status"] == "met"
    assert judge(2, 2, "2021-07-01", "2021-07-31", "2021-07-01", "2021-07-31", "2021-07-03")["status"] == "met"


def test_normalize_investor():
    # legal forms and bracket widths fold; the place (most specific, canonical) stays in the key
    assert normalize_investor("临沂市华丰木业有限公司") == normalize_investor("华丰木业（临沂）有限公司") \
        == normalize_investor("华丰木业(临沂)有限责任公司") == "华丰木业（临沂）"
    assert normalize_investor("山东省临沂华丰木业股份有限公司") == "华丰木业（临沂）"
    assert normalize_investor("【佛山】华丰木业") == "华丰木业（佛山）"
    assert normalize_investor("ＡＢＣ 家居 控股") == normalize_investor("abc家居集团") == "abc家居"
    # a bracket that is not a place keeps its text
    assert normalize_investor("华丰（国际）木业") == "华丰国际木业"
    assert normalize_investor("") == "" and normalize_investor(None) == ""
    # the key is a fixed point: normalising a key gives the key
    assert normalize_investor("华丰木业（临沂）") == "华丰木业（临沂）"


def test_chengdu_and_linyi_are_two_investors():
    # 成都华祥木业有限公司 -> trade 华祥木业, place 成都; 临沂华祥木业有限责任公司 -> 华祥木业, 临沂;
    # 临沂市华祥木业有限公司 -> 华祥木业, 临沂 (市 folds, 有限公司 = 有限责任公司).
    # Both names of the first pair carry a place and the places differ -> two companies.
    assert normalize_investor("成都华祥木业有限公司") == "华祥木业（成都）"
    assert normalize_investor("临沂华祥木业有限责任公司") == normalize_investor("临沂市华祥木业有限公司") == "华祥木业（临沂）"
    # As leads: A (G1) reports 成都华祥 on 7-03, C (G2) reports 临沂华祥 on 7-10, both leading (木业 -> 家居板材).
    # Two investors -> both valid (G1 and G2 one each in July), no 撞单 between them.
    # B (G1) reports 临沂市华祥木业有限公司 on 7-12: the same investor as C's -> not valid again, and
    # 临沂华祥 is now reported by G2 and G1 -> 撞单 (2 groups, first G2).
    leads = pd.DataFrame({"lead_id": ["L1", "L2", "L3"],
                          "investor": ["成都华祥木业有限公司", "临沂华祥木业有限责任公司", "临沂市华祥木业有限公司"],
                          "unit": ["A", "C", "B"], "industry": ["木业"] * 3,
                          "reported_on": ["2021-07-03", "2021-07-10", "2021-07-12"]})
    c = Campaign.from_frames(units=UNITS, groups=GROUPS, leads=leads)
    assert valid_leads(c, "2021-07-01", "2021-07-31")["lead_id"].tolist() == ["L1", "L2"]
    assert duplicate_investors(c)[["lead_id", "first_lead_id"]].values.tolist() == [["L3", "L2"]]
    ct = investor_contention(c)
    assert ct["lead_id"].tolist() == ["L2", "L3"] and set(ct["investor_key"]) == {"华祥木业（临沂）"}
    assert ct[["n_groups", "first_group"]].drop_duplicates().values.tolist() == [[2, "G2"]]


def test_name_without_place_matches_the_one_placed_company():
    # 华祥木业有限公司 has no place. Among the campaign's names one company with that trade name has a
    # place (临沂) -> it is that company. 华美家居 has two placed companies (成都, 佛山) -> not guessed:
    # keeps its own key and is listed as ambiguous.
    ix = InvestorIndex(["临沂华祥木业有限责任公司", "华祥木业有限公司", "成都华美家居有限公司", "佛山华美家居有限公司",
                        "华美家居"])
    assert ix.key("华祥木业有限公司") == "华祥木业（临沂）"
    assert ix.key("华美家居") == "华美家居"
    assert ix.ambiguous["name"].tolist() == ["华美家居"]
    assert ix.ambiguous["candidates"].iloc[0] == ["华美家居（佛山）", "华美家居（成都）"]
    # a province-only name matches the one company of that trade name in that province: 山东 -> 临沂
    assert InvestorIndex(["山东华祥木业", "临沂华祥木业", "成都华祥木业"]).key("山东华祥木业") == "华祥木业（临沂）"


def test_contention_apart_from_coordination():
    # 撞单: an investor reported as a lead by two groups. Coordination: an investor visited or received by
    # several units. L1 (A, G1) and L2 (C, G2) report 佛山宏达家具 -> 撞单 (G1, G2).
    # 常州某板材 is visited by A and B together (T1) and received by C (R1) -> 3 units: coordination, no lead -> not 撞单.
    # 成都某家居 is visited by A only -> neither.
    leads = pd.DataFrame({"lead_id": ["L1", "L2"], "investor": ["佛山宏达家具有限公司", "佛山宏达家具有限责任公司"],
                          "unit": ["A", "C"], "reported_on": ["2021-07-03", "2021-07-20"]})
    trips = pd.DataFrame({"trip_id": ["T1", "T2"], "start_on": ["2021-07-05", "2021-07-06"], "units": [["A", "B"], ["A"]],
                          "companies": [["常州某板材有限公司"], ["成都某家居"]]})
    rec = pd.DataFrame({"reception_id": ["R1"], "received_on": ["2021-07-08"], "unit": ["C"], "company": ["常州某板材"]})
    c = Campaign.from_frames(units=UNITS, groups=GROUPS, leads=leads, trips=trips, receptions=rec)
    ct = investor_contention(c, "2021-07-15", "2021-07-28")
    assert ct["lead_id"].tolist() == ["L1", "L2"] and ct["in_window"].tolist() == [False, True]
    co = investor_coordination(c)
    assert set(co["investor_key"]) == {"某板材（常州）"}
    assert co[["touch", "unit", "ref"]].values.tolist() == [["visited", "A", "T1"], ["visited", "B", "T1"],
                                                            ["received", "C", "R1"]]
    assert co["n_units"].unique().tolist() == [3] and not co["contended"].any()


@pytest.fixture
def leads_campaign():
    leads = pd.DataFrame({
        "lead_id": ["L1", "L2", "L3", "L4", "L5", "L6"],
        "investor": ["临沂市华丰木业有限公司", "华丰木业（临沂）有限公司", "某某化工有限公司", "新能源电池公司",
                     "成都某贸易", "ＡＢＣ 家居 集团"],
        "unit": ["A", "C", "B", "C", "C", "A"],
        "industry": ["板材", "板材", "化工", "新能源电池", "其他", "家居"],
        "reported_on": ["2021-07-03", "2021-07-10", "2021-07-04", "2021-07-05", "2021-07-06", "2021-08-02"],
        "screened_valid": [None, True, False, None, True, None]})
    return Campaign.from_frames(units=UNITS, groups=GROUPS, leads=leads)


def test_valid_leads_duplicates_and_screening(leads_campaign):
    # L1 valid (unscreened, leading 家居板材) -> counts for G1 in July, basis industry.
    # L2 is the same investor (华丰木业) reported later by C/G2 -> not counted (撞单).
    # L3 screened invalid although leading (化工) -> out.  L4 unscreened, not leading -> out.
    # L5 screened valid although not leading -> counts, basis screened.  L6 valid in August.
    vl = valid_leads(leads_campaign, "2021-07-01", "2021-08-31")
    assert vl["lead_id"].tolist() == ["L1", "L5", "L6"]
    assert vl.set_index("lead_id").loc["L1", ["group", "month", "basis", "investor_key"]].tolist() == \
        ["G1", "2021-07", "industry", "华丰木业（临沂）"]
    assert vl.set_index("lead_id").loc["L5", "basis"] == "screened"
    # July only: L1, L5
    assert valid_leads(leads_campaign, "2021-07-01", "2021-07-31")["lead_id"].tolist() == ["L1", "L5"]
    dup = duplicate_investors(leads_campaign)
    assert len(dup) == 1
    d = dup.iloc[0]
    assert (d.lead_id, d.unit, d.group, d.first_lead_id, d.first_unit, d.first_group, d.same_group) == \
        ("L2", "C", "G2", "L1", "A", "G1", False)
    assert str(d.first_reported_on.date()) == "2021-07-03" and str(d.reported_on.date()) == "2021-07-10"
    # outside the later report's dates -> none
    assert duplicate_investors(leads_campaign, start="2021-07-11").empty


def test_earlier_report_before_period_blocks(leads_campaign):
    # period from 7-04: L1 (7-03) is before it but is the earlier report of 华丰木业, so L2 still does not count
    vl = valid_leads(leads_campaign, "2021-07-04", "2021-07-31")
    assert vl["lead_id"].tolist() == ["L5"]


def test_duplicate_tie_by_lead_id():
    # same investor, same day: L9 before L10 (natural order) gets the credit
    leads = pd.DataFrame({"lead_id": ["L10", "L9"], "investor": ["甲木业", "甲木业有限公司"], "unit": ["A", "C"],
                          "industry": ["板材", "板材"], "reported_on": ["2021-07-05", "2021-07-05"]})
    c = Campaign.from_frames(units=UNITS, groups=GROUPS, leads=leads)
    assert valid_leads(c, "2021-07-01", "2021-07-31")["lead_id"].tolist() == ["L9"]
    assert duplicate_investors(c)["lead_id"].tolist() == ["L10"]


def test_group_valid_leads(leads_campaign):
    # G1: July L1 (1 >= 1 met), August L6 (met). G2: July L5 (met), August none -> missed.
    g = group_valid_leads(leads_campaign, "2021-07-01", "2021-08-31").set_index(["group", "month"])
    assert g.loc[("G1", "2021-07"), "lead_ids"] == ["L1"]
    assert g.loc[("G1", "2021-08"), "status"] == "met"
    assert g.loc[("G2", "2021-07"), ["valid_leads", "status"]].tolist() == [1, "met"]
    assert g.loc[("G2", "2021-08"), ["valid_leads", "status"]].tolist() == [0, "missed"]
    # as of 8-01: G1's August is in progress with 0 (L6 is on 8-02): pace 1*1/31 > 0 -> behind
    g2 = group_valid_leads(leads_campaign, "2021-07-01", "2021-08-31", as_of="2021-08-01").set_index(["group", "month"])
    assert g2.loc[("G1", "2021-08"), ["valid_leads", "status"]].tolist() == [0, "behind"]


@pytest.fixture
def projects():
    leads = pd.DataFrame({
        "lead_id": ["S1", "S2", "S3", "S4", "S5"],
        "investor": ["甲", "乙", "丙", "丁", "戊"],
        "unit": ["A", "C", "C", "A", "B"],
        "industry": ["板材", "板材", "其他", "家居", "家居"],
        "investment_wan": [10000.0, 9999.0, 20000.0, 50000.0, 3000.0],
        "reported_on": ["2021-06-01"] * 5,
        "signed_on": ["2021-07-15", "2021-07-16", "2021-07-20", "2021-06-30", "2021-07-01"],
        "started_on": [None, None, None, "2021-08-10", "2021-08-20"]})
    events = pd.DataFrame({
        "event_type": ["signing_ceremony", "signing_ceremony", "roadshow", "roadshow", "roadshow", "policy_launch"],
        "held_on": ["2021-07-15", "2021-08-20", "2021-08-05", "2021-09-01", "2021-09-02", "2021-07-08"],
        "place": ["叶集", "叶集", "山东临沂", "佛山市", "上海", "叶集"]})
    contestants = pd.DataFrame({"group": ["G1", "G1", "G1", "G2"], "contestant": ["王", "李", "李", "张"]})
    return Campaign.from_frames(units=UNITS, groups=GROUPS, leads=leads, events=events, contestants=contestants)


def test_signing_threshold_9999_vs_10000(projects):
    # district signed_100m in the window: S1 (10,000 counts), S3 (20,000, any industry) -> 2;
    # S2 9,999 does not; S4 signed 6-30 is before the window; S5 3,000 too small.
    dt = district_targets(projects, "2021-07-01", "2021-09-30").set_index("target")
    assert dt.loc["signed_100m", ["actual", "goal", "met"]].tolist() == [2, 9, False]
    assert dt.loc["signed_100m", "ids"] == ["S1", "S3"]
    # group signing needs a leading industry: G1 has S1 -> met; G2: S2 too small, S3 not leading -> not met
    gs = group_signing(projects, "2021-07-01", "2021-09-30").set_index("group")
    assert gs.loc["G1", ["signed", "met", "lead_ids"]].tolist() == [1, True, ["S1"]]
    assert gs.loc["G2", ["signed", "met"]].tolist() == [0, False]


def test_district_targets_events(projects):
    dt = district_targets(projects, "2021-07-01", "2021-09-30").set_index("target")
    # started: S4 (8-10), S5 (8-20) -> 2 of 6
    assert dt.loc["started", ["actual", "ids"]].tolist() == [2, ["S4", "S5"]]
    # ceremonies: 7-15 is inside 7-11..7-20; 8-20 is in neither window -> 1 of 2, and 9-30 has passed -> missed
    assert dt.loc["ceremonies", ["actual", "goal", "status", "ids"]].tolist() == [1, 2, "missed", ["E001"]]
    # roadshows: 临沂 and 佛山 of the five (上海 is not one) -> 2 of 5
    assert dt.loc["roadshows", ["actual", "goal", "ids"]].tolist() == [2, 5, ["E003", "E004"]]
    assert dt.loc["policy_launch", ["actual", "met"]].tolist() == [1, True]
    assert dt.loc["training", ["actual", "met", "status"]].tolist() == [0, False, "missed"]
    # as of 8-31 the September ceremony is not due yet: not missed
    dt8 = district_targets(projects, "2021-07-01", "2021-09-30", as_of="2021-08-31").set_index("target")
    assert dt8.loc["ceremonies", "status"] != "missed"
    assert dt8.loc["roadshows", "actual"] == 1  # only 临沂 by 8-31


def test_district_targets_notes_in_each_language(projects):
    # the campaign to 9-30 from the events above: the July ceremony (window 7-11..7-20) held on 7-15, September's
    # (9-01..9-30) not (8-20 is in neither window); of the five roadshow regions 临沂 (8-05) and 佛山 (9-01) reached,
    # 南浔, 常州, 成都 not (上海 is not one of them); policy_launch held 7-08; the signing rule's floor 10000 万元.
    # Names of ceremonies and regions are the configuration's own, in both languages.
    zh = district_targets(projects, "2021-07-01", "2021-09-30").set_index("target")["notes"]
    assert zh["ceremonies"] == "7月中旬集中签约：2021-07-15 已举行；9月底前集中签约：未举行（2021-09-01–2021-09-30）"
    assert zh["roadshows"] == "已到：临沂、佛山；未到：南浔、常州、成都"
    assert zh["signed_100m"] == "计划投资额 ≥ 10000 万元" and zh["policy_launch"] == "2021-07-08"
    en = district_targets(projects, "2021-07-01", "2021-09-30", lang="en").set_index("target")
    assert en.loc["ceremonies", "notes"] == ("7月中旬集中签约: held 2021-07-15; "
                                             "9月底前集中签约: not held (2021-09-01–2021-09-30)")
    assert en.loc["roadshows", "notes"] == "reached: 临沂, 佛山; not reached: 南浔, 常州, 成都"
    assert en.loc["signed_100m", "notes"] == "planned investment >= 10000 (10k yuan)"
    # the figures do not depend on the language: the September ceremony not held by 9-30 -> missed in both
    zh_all = district_targets(projects, "2021-07-01", "2021-09-30")
    pd.testing.assert_frame_equal(en.reset_index().drop(columns="notes"), zh_all.drop(columns="notes"))
    assert en.loc["ceremonies", "status"] == "missed"


def test_speech_entries(projects):
    # G1: 王, 李 (李 twice counts once) = 2 >= 2 met; G2: 张 = 1 -> not met
    se = speech_entries(projects).set_index("group")
    assert se.loc["G1", ["contestants", "met"]].tolist() == [2, True]
    assert se.loc["G2", ["contestants", "met", "contestant_names"]].tolist() == [1, False, ["张"]]


def test_headline_and_trace(activity):
    # July: distinct trips T1, T2 = 2 (T1 joint counted once); receptions R1 = 1
    h = headline(activity, "2021-07-01", "2021-07-31")
    assert (h["trips"], h["receptions"], h["head_trips"], h["valid_leads"], h["signed_100m"]) == (2, 1, 1, 0, 0)
    t = trace(activity, ["T2", "R1"])
    assert t[["id", "ledger"]].values.tolist() == [["T2", "trips"], ["R1", "receptions"]]


def test_part_of_campaign_progress(projects):
    # August report. District targets are judged 累计 and a row's 完成 (actual) is the number its status
    # is judged on. signed_100m: nothing signed in August -> period_actual (本期) 0; since the campaign's
    # start S1, S3 -> actual 2; pace over Jul 1..Sep 30 (92 days), 62 elapsed: 2*92 = 184 < 9*62 = 558 -> behind.
    aug = district_targets(projects, "2021-08-01", "2021-08-31").set_index("target")
    assert aug.loc["signed_100m", ["period_actual", "actual", "campaign_actual", "status"]].tolist() == [0, 2, 2, "behind"]
    assert aug.loc["signed_100m", "campaign_ids"] == aug.loc["signed_100m", "ids"] == ["S1", "S3"]
    # ceremonies: none held in August; the July one (7-15) was held, September's is not due -> on_track
    assert aug.loc["ceremonies", ["period_actual", "goal", "met", "actual", "status"]].tolist() == \
        [0, 2, False, 1, "on_track"]
    # the policy launch was held 7-08: not in August (本期 0), but 累计 1 -> the campaign target is met
    assert aug.loc["policy_launch", ["period_actual", "actual", "met", "status"]].tolist() == [0, 1, True, "met"]
    # roadshows: 临沂 on 8-05 -> 1 in August
    assert aug.loc["roadshows", ["period_actual", "period_ids"]].tolist() == [1, ["E003"]]
