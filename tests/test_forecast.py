"""Tests of the target forecast (yeji_analysis.forecast): small campaigns whose answer is worked out by hand."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from yeji_analysis.config import load_config
from yeji_analysis.forecast import (DAYS_PER_MONTH, ceremony_calendar, ceremony_yields, forecast_targets,
                                    transition_rates)
from yeji_analysis.model import Campaign

UNITS = pd.DataFrame({"unit": ["A", "B"], "group": ["G1", "G2"]})


def _cfg(**forecast):
    """The shipped config with one age bin (1-365 days), every day's evidence weighing the same."""
    cfg = load_config()
    cfg["forecast"].update({"half_life_days": 0, "age_bins_days": [365], **forecast})
    return cfg


def _first_bin(rates, stage):
    return rates[(rates["from_stage"] == stage) & (rates["age_from"] == 1)].iloc[0]


def _events(*rows):
    return pd.DataFrame([{"event_type": t, "held_on": d} for t, d in rows], columns=["event_type", "held_on"])


def _leads(n_open=20):
    rows = [{"lead_id": f"O{i}", "investor": f"甲{i}", "unit": "A" if i % 2 else "B", "industry": "板材",
             "investment_wan": 15000.0, "reported_on": "2021-07-01",
             "intention_on": "2021-07-10" if i % 3 == 0 else None} for i in range(n_open)]
    return pd.DataFrame(rows)


def _burst_campaign(cfg=None):
    # five leads in intention since 07-01; a signing ceremony on 07-16 signs I1-I3; I4 signs on 07-21
    # (a quiet day); I5 has not signed by the as-of date 07-31.
    leads = pd.DataFrame({"lead_id": [f"I{i}" for i in range(1, 6)], "investor": list("甲乙丙丁戊"), "unit": ["A"] * 5,
                          "investment_wan": [20000.0] * 5, "reported_on": ["2021-06-20"] * 5,
                          "intention_on": ["2021-07-01"] * 5,
                          "signed_on": ["2021-07-16"] * 3 + ["2021-07-21", None]})
    return Campaign.from_frames(units=UNITS, leads=leads, events=_events(("signing_ceremony", "2021-07-16")),
                                config=cfg or _cfg())


def test_the_burst_does_not_inflate_the_background_rate():
    # intention -> signed, as of 07-31, one age bin, no decay.
    # Background moves: only I4 (07-21); the three signings of 07-16 are the ceremony's: k = 1.
    # Days at risk: I1-I3 07-02..07-16 = 15 days each, less the ceremony day = 14 -> 42;
    # I4 07-02..07-21 = 20, less 07-16 = 19; I5 07-02..07-31 = 30, less 07-16 = 29.  E = 42 + 19 + 29 = 90.
    # Prior [1, 3] = 1 move in 4 lead-months = 121.75 lead-days: Gamma(1 + 1, 121.75 + 90) = Gamma(2, 211.75).
    # Counting the burst as background would give 4 moves in 95 days (about 0.04 a day), not 2 / 211.75 (0.0094).
    r = _first_bin(transition_rates(_burst_campaign(), "2021-07-31"), "intention")
    assert r["transitions"] == 1 and r["ceremony_moves"] == 3
    assert r["exposure_days"] == pytest.approx(90)
    assert r["shape"] == pytest.approx(2) and r["rate"] == pytest.approx(4 * DAYS_PER_MONTH + 90)
    assert r["daily_rate"] == pytest.approx(1 - math.exp(-2 / 211.75))


def test_ceremony_yield_by_hand():
    # at 07-16 the five leads were ready (in intention since 07-01) and three moved: n = 5, k = 3.
    # The background alone would have moved 5 * (1 - exp(-2/211.75)) = 0.0470 of them; extra = 3 - 0.0470.
    # No groundbreaking held: it borrows the signing ceremonies' Gamma(0.5 + extra, 1 ceremony) at the
    # configured weight 0.25: Gamma(0.25 (0.5 + extra), 0.25), the same mean with four times the variance.
    y = ceremony_yields(_burst_campaign(), "2021-07-31").set_index("kind")
    h = 1 - math.exp(-2 / 211.75)
    assert y.loc["signing", ["held", "ready", "moved"]].tolist() == [1, 5, 3]
    assert y.loc["signing", "extra"] == pytest.approx(3 - 5 * h)
    assert y.loc["signing", "basis"] == "own" and y.loc["groundbreaking", "basis"] == "borrowed"
    assert y.loc["signing", ["count_shape", "count_rate"]].tolist() == pytest.approx([0.5 + 3 - 5 * h, 1.0])
    assert y.loc["groundbreaking", ["count_shape", "count_rate"]].tolist() == pytest.approx([0.25 * (0.5 + 3 - 5 * h), 0.25])


def test_calendar_ledger_first_then_config():
    cfg = _cfg()
    c = Campaign.from_frames(units=UNITS, leads=_leads(2), events=_events(("signing_ceremony", "2021-07-16")), config=cfg)
    cal = ceremony_calendar(c, "2021-07-10").set_index(["kind", "status"])
    # the ledger's 07-16 ceremony is announced and fills the July slot; the September slot is expected
    # from 09-01 to 09-30; the groundbreaking (活动期间) anywhere from the day after as-of to 09-30
    assert cal.loc[("signing", "announced"), "on"] == pd.Timestamp("2021-07-16")
    assert cal.loc[("signing", "expected"), ["earliest", "latest"]].tolist() == [pd.Timestamp("2021-09-01"), pd.Timestamp("2021-09-30")]
    assert cal.loc[("groundbreaking", "expected"), "earliest"] == pd.Timestamp("2021-07-11")
    # without the ledger row, the July slot's last day (07-20) passed by 07-31: not held, not simulated
    c2 = Campaign.from_frames(units=UNITS, leads=_leads(2), config=cfg)
    st = ceremony_calendar(c2, "2021-07-31").set_index("name")["status"]
    assert st["7月中旬集中签约"] == "not_held" and st["9月底前集中签约"] == "expected"


def _ready_campaign(extra_events=()):
    # ten leads of 2 亿 in intention since 06-01, reported then; the ceremony of 07-16 signed A1-A5.
    # The config keeps only the July signing slot and no groundbreaking slot, so any later ceremony
    # must come from the ledger.
    cfg = _cfg()
    cfg["district"]["ceremonies"] = cfg["district"]["ceremonies"][:1]
    cfg["district"]["groundbreakings"] = []
    leads = pd.DataFrame({"lead_id": [f"A{i}" for i in range(1, 11)], "investor": [f"甲{i}" for i in range(10)],
                          "unit": ["A"] * 10, "investment_wan": [20000.0] * 10, "reported_on": ["2021-06-01"] * 10,
                          "intention_on": ["2021-06-01"] * 10, "signed_on": ["2021-07-16"] * 5 + [None] * 5})
    return Campaign.from_frames(units=UNITS, leads=leads, config=cfg,
                                events=_events(("signing_ceremony", "2021-07-16"), *extra_events))


def test_an_announced_ceremony_moves_signings_into_the_window():
    # As of 08-01: 5 signed (counted), 5 ready leads left. Background: no move in 520 lead-days
    # (A1-A5 06-02..07-16 less the ceremony day = 44 each, A6-A10 06-02..08-01 less it = 60 each)
    # -> Gamma(1, 121.75 + 520): about 0.0016 a day, so the 5 leads sign about 5 * (1 - e^(-60 * 0.0016))
    # = 0.45 times by 09-30 and no new leads come (none reported in the last 28 days... the stream's
    # rate is Gamma(0.5, 28)/day, about 1 lead by 09-30, which rarely signs in time).
    # A ceremony announced for 09-20 takes K ~ Poisson(m·g) of them, m ~ Gamma(0.5 + ~4.98, 1): mean
    # min(K, 5) a little over 4. Announced after the window's end (10-10), it changes nothing.
    quiet = forecast_targets(_ready_campaign(), "2021-08-01", draws=2000, seed=3).set_index("target").loc["signed_100m"]
    ann = forecast_targets(_ready_campaign([("signing_ceremony", "2021-09-20")]), "2021-08-01", draws=2000,
                           seed=3).set_index("target").loc["signed_100m"]
    late = forecast_targets(_ready_campaign([("signing_ceremony", "2021-10-10")]), "2021-08-01", draws=2000,
                            seed=3).set_index("target").loc["signed_100m"]
    assert quiet["actual"] == ann["actual"] == 5
    assert quiet["expected"] - 5 < 1.0
    assert 3.5 < ann["expected"] - 5 <= 5.0
    assert ann["probability"] > quiet["probability"] + 0.3       # goal 9: needs 4 of the 5
    assert late["expected"] == pytest.approx(quiet["expected"], abs=0.15)


def test_reproducible_under_seed():
    c = Campaign.from_frames(units=UNITS, leads=_leads())
    a = forecast_targets(c, "2021-07-15", draws=400, seed=7)
    b = forecast_targets(c, "2021-07-15", draws=400, seed=7)
    pd.testing.assert_frame_equal(a, b)
    other = forecast_targets(c, "2021-07-15", draws=400, seed=8)
    assert not a["expected"].equals(other["expected"])
    assert a["probability"].between(0, 1).all()
    # 20 open leads of 15,000 万元 in 家居板材: all are candidates for signed_100m
    assert a.set_index("target").loc["signed_100m", "candidates"] == 20


def test_already_met_gives_one():
    # 9 leads signed >= 10,000 万元 in July, 6 of them started: both district targets met by 7-31,
    # and both groups have a leading-industry signing >= 1 亿 -> probability 1 everywhere.
    leads = pd.DataFrame({"lead_id": [f"S{i}" for i in range(9)], "investor": [f"乙{i}" for i in range(9)],
                          "unit": ["A", "B"] * 4 + ["A"], "industry": ["板材"] * 9, "investment_wan": [10000.0] * 9,
                          "reported_on": ["2021-07-01"] * 9, "signed_on": ["2021-07-15"] * 9,
                          "started_on": ["2021-07-20"] * 6 + [None] * 3})
    c = Campaign.from_frames(units=UNITS, leads=leads)
    f = forecast_targets(c, "2021-07-31", draws=300, seed=1)
    assert (f["probability"] == 1.0).all()
    d = f.set_index(["target", "group"])
    assert d.loc[("signed_100m", ""), ["actual", "low"]].tolist() == [9, 9.0]
    assert d.loc[("started", ""), "actual"] == 6


def test_no_days_left_is_the_count():
    # as of the window's end nothing more can happen: probability 0 when short, every figure = the count
    c = Campaign.from_frames(units=UNITS, leads=_leads())
    f = forecast_targets(c, "2021-09-30", draws=200, seed=1).set_index("target")
    assert f.loc["signed_100m", ["actual", "expected", "median", "probability", "low", "high", "remaining_days"]].tolist() == \
        [0, 0.0, 0.0, 0.0, 0.0, 0.0, 0]


def test_seed_from_config():
    c = Campaign.from_frames(units=UNITS, leads=_leads(4))
    f = forecast_targets(c, "2021-08-01", draws=50)
    assert f.attrs["seed"] == c.config["forecast"]["seed"] and f.attrs["draws"] == 50
    with pytest.raises(ValueError):
        forecast_targets(c, "2021-08-01", draws=0)


def test_half_life_weighs_recent_days_more():
    # one lead in intention 06-01..07-31, no move: 60 days at risk, as of 07-31.
    # Half-life 30: day t weighs 2^((t - 07-31)/30); Σ over t = 06-02..07-31 = Σ_{i=0}^{59} 2^(-i/30)
    # = (1 - 2^(-2)) / (1 - 2^(-1/30)) = 0.75 / 0.022840 = 32.84 lead-days instead of 60.
    leads = pd.DataFrame({"lead_id": ["L"], "investor": ["甲"], "unit": ["A"], "reported_on": ["2021-06-01"],
                          "intention_on": ["2021-06-01"]})
    c = Campaign.from_frames(units=UNITS, leads=leads, config=_cfg(half_life_days=30))
    r = _first_bin(transition_rates(c, "2021-07-31"), "intention")
    assert r["exposure_days"] == pytest.approx(0.75 / (1 - 2 ** (-1 / 30)), rel=1e-9)
    c0 = Campaign.from_frames(units=UNITS, leads=leads, config=_cfg())
    assert _first_bin(transition_rates(c0, "2021-07-31"), "intention")["exposure_days"] == 60


def test_a_bin_without_data_takes_the_bin_before():
    # bins 1-30 and 31+: a lead in intention for 10 days has no exposure in 31+, so that bin's prior is
    # the first bin's posterior mean at the prior's weight (121.75 lead-days): same mean.
    leads = pd.DataFrame({"lead_id": ["L"], "investor": ["甲"], "unit": ["A"], "reported_on": ["2021-07-21"],
                          "intention_on": ["2021-07-21"]})
    c = Campaign.from_frames(units=UNITS, leads=leads, config=_cfg(age_bins_days=[30]))
    r = transition_rates(c, "2021-07-31")
    r = r[r["from_stage"] == "intention"].reset_index()
    # first bin: Gamma(1, 121.75 + 10); second: Gamma(121.75 / 131.75, 121.75)
    assert r.loc[0, "rate"] == pytest.approx(131.75)
    assert r.loc[1, "shape"] / r.loc[1, "rate"] == pytest.approx(1 / 131.75)
    assert np.isinf(r.loc[1, "age_to"])


def test_conversion_chances_of_a_lead_met_today():
    from yeji_analysis.forecast import conversion_chances

    # _ready_campaign as of 08-01: an intention met today is, with the 5 open ones, one of 6 ready
    # leads. Without a later ceremony it signs only at the background rate: 1 - e^(-60 * 0.0016) = 0.09.
    # With one announced for 09-20 that takes K (mean about 5.5) of the 6: about 0.7. A lead must
    # first become an intention, so its chance is smaller. On the window's last day all are 0.
    quiet = conversion_chances(_ready_campaign(), "2021-08-01", draws=2000, seed=5)
    ann = conversion_chances(_ready_campaign([("signing_ceremony", "2021-09-20")]), "2021-08-01", draws=2000, seed=5)
    assert quiet["intention_to_signed"] < 0.2 and ann["intention_to_signed"] > 0.5
    assert ann["lead_to_signed"] < ann["intention_to_signed"]
    assert conversion_chances(_ready_campaign(), "2021-09-30", draws=100) == \
        {"lead_to_intention": 0.0, "lead_to_signed": 0.0, "intention_to_signed": 0.0}


def test_report_section_shows_counts_ranges_and_percentages():
    import re

    from yeji_analysis.forecast import backtest_line
    from yeji_analysis.present import retrospective as S
    from yeji_analysis.present.context import ReportContext

    c = _ready_campaign([("signing_ceremony", "2021-09-20")])
    ctx = ReportContext(c, "2021-07-01", "2021-09-30", "2021-08-01", period="campaign")
    text = S.forecast(ctx)._repr_html_()
    table = text[text.index("<table"):]
    # 5 signed of the goal 9, about 4 more expected: a median with its 80% range, a percentage, no 9.47
    assert re.search(r'<td(?: class="[\w-]+")?>\d+（\d+–\d+）</td>', table) and re.search(r'<td( class="num")?>(\d+|<1|>99)%</td>', table.replace("&lt;", "<").replace("&gt;", ">"))
    assert not re.search(r'<td( class="num")?>\d+\.\d+</td>', table)
    assert backtest_line("zh") == "" or "80% 区间覆盖了实际值的" in text
    # on the campaign's last day there is nothing to forecast: the outcome, 5 of 9, not met
    last = S.forecast(ReportContext(c, "2021-07-01", "2021-09-30", "2021-09-30", period="campaign"))._repr_html_()
    assert "最终结果" in last and "未达成" in last and "%" not in last[last.index("<table"):]


def _undated_campaign():
    # As of 08-31: U1 reported 08-01, recorded 签约 with no 签约日期 (the last date written for it: 08-01);
    # U2 reported 08-01, 意向 on 08-21 (dated); U3 reported 08-01, 意向 on 08-11, recorded 签约 with no date
    # (the last date written for it: 08-11).
    leads = pd.DataFrame({"lead_id": ["U1", "U2", "U3"], "investor": ["甲", "乙", "丙"], "unit": ["A"] * 3,
                          "investment_wan": [20000.0] * 3, "reported_on": ["2021-08-01"] * 3,
                          "intention_on": [None, "2021-08-21", "2021-08-11"], "stage": ["signed", "intention", "signed"]})
    return Campaign.from_frames(units=UNITS, leads=leads, config=_cfg())


def test_an_undated_stage_is_entered_on_a_day_drawn_between_its_last_date_and_the_as_of_day():
    # Day indices count from the as-of day 08-31 (0) back: 08-21 is -10, 08-11 is -20, 08-01 is -30.
    # U2 entered 意向 on 08-21: -10 in every draw. U1 signed some day from 08-01 to 08-31: each draw an integer
    # in [-30, 0]; U3 from 08-11: [-20, 0]. With 4,000 draws every day of each range is drawn (a given day is
    # missed with probability (30/31)^4000, about 1e-57), and the mean is near the middle (-15 and -10).
    from yeji_analysis.forecast import _open_entries
    from yeji_analysis.pipeline import stage_at
    c = _undated_campaign()
    as_of = pd.Timestamp("2021-08-31")
    open_ = stage_at(c, as_of)
    assert open_["lead_id"].tolist() == ["U1", "U2", "U3"]
    e = _open_entries(open_, c.leads, as_of, 4000, np.random.default_rng(0))
    assert e.shape == (4000, 3) and e.dtype == np.int64
    assert set(e[:, 1]) == {-10}
    assert set(e[:, 0]) == set(range(-30, 1)) and abs(e[:, 0].mean() + 15) < 1
    assert set(e[:, 2]) == set(range(-20, 1)) and abs(e[:, 2].mean() + 10) < 1


def test_the_forecast_of_a_campaign_with_an_undated_stage_casts_no_missing_day():
    # Before the entry day of an undated stage was drawn, its NaN was cast to an integer (numpy's "invalid value
    # encountered in cast"): a day index of -2**63, on which the lead's age overflowed.
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        out = forecast_targets(_undated_campaign(), "2021-08-31", draws=200, seed=1)
    # no lead counts yet: none has a signing or start date by 08-31
    assert out.loc[out["target"] == "started", "actual"].tolist() == [0]
