"""Tests of the Monte-Carlo forecast (yeji_analysis.forecast)."""

import pandas as pd
import pytest

from yeji_analysis.forecast import DAYS_PER_MONTH, forecast_targets, transition_rates
from yeji_analysis.model import Campaign

UNITS = pd.DataFrame({"unit": ["A", "B"], "group": ["G1", "G2"]})


def _leads(n_open=20):
    rows = [{"lead_id": f"O{i}", "investor": f"甲{i}", "unit": "A" if i % 2 else "B", "industry": "板材",
             "investment_wan": 15000.0, "reported_on": "2021-07-01",
             "intention_on": "2021-07-10" if i % 3 == 0 else None} for i in range(n_open)]
    return pd.DataFrame(rows)


def test_transition_rates_by_hand():
    # as of 7-31: F1 lead 7-01 -> intention 7-11 (10 lead-days, 1 transition; 20 intention-days to as_of);
    # F2 lead since 7-01 (30 lead-days). F3 signs 8-05, after as_of: ignored (still a lead, 30 days).
    # lead->intention: k = 1, m = 70/30.4375; posterior Beta(1+1, 4 + m - 1).
    # intention->signed: k = 0, m = 20/30.4375 -> Beta(1, 3 + m). signed->started: nothing -> prior Beta(1, 2).
    leads = pd.DataFrame({"lead_id": ["F1", "F2", "F3"], "investor": ["甲", "乙", "丙"], "unit": ["A", "A", "A"],
                          "reported_on": ["2021-07-01"] * 3, "intention_on": ["2021-07-11", None, None],
                          "signed_on": [None, None, "2021-08-05"]})
    c = Campaign.from_frames(units=UNITS, leads=leads)
    r = transition_rates(c, "2021-07-31").set_index("from_stage")
    m = 70 / DAYS_PER_MONTH
    assert r.loc["lead", "transitions"] == 1
    assert r.loc["lead", "post_a"] == 2.0
    assert r.loc["lead", "post_b"] == pytest.approx(4 + m - 1, abs=1e-3)
    assert r.loc["intention", "post_b"] == pytest.approx(3 + 20 / DAYS_PER_MONTH, abs=1e-3)
    assert r.loc["signed", ["transitions", "post_a", "post_b"]].tolist() == [0, 1.0, 2.0]


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
    # as of the window's end nothing more can happen: probability 0 when short, expected = actual
    c = Campaign.from_frames(units=UNITS, leads=_leads())
    f = forecast_targets(c, "2021-09-30", draws=200, seed=1).set_index("target")
    assert f.loc["signed_100m", ["actual", "expected", "probability", "low", "high", "remaining_days"]].tolist() == \
        [0, 0.0, 0.0, 0.0, 0.0, 0]


def test_seed_from_config():
    c = Campaign.from_frames(units=UNITS, leads=_leads(4))
    f = forecast_targets(c, "2021-08-01", draws=50)
    assert f.attrs["seed"] == c.config["forecast"]["seed"] and f.attrs["draws"] == 50
    with pytest.raises(ValueError):
        forecast_targets(c, "2021-08-01", draws=0)
