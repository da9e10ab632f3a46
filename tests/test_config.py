"""Tests of the campaign configuration (yeji_analysis.config): a bad file names key, value and expectation."""

import pytest

from yeji_analysis.config import ConfigError, load_config


def _write(tmp_path, text):
    p = tmp_path / "campaign.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_defaults_are_the_notice():
    c = load_config()
    assert (c["units"]["trips_per_month"], c["district"]["signed_100m"], c["district"]["started"]) == (2, 9, 6)
    assert c["district"]["signed_min_wan"] == 10000 and c["dispatch"]["cadence_days"] == 14
    assert sum(c["scoring"]["weights"].values()) == 100
    assert c["scoring"]["required"] == {"signed": 1, "started": 1}


def test_override_keeps_the_rest(tmp_path):
    c = load_config(_write(tmp_path, "[units]\ntrips_per_month = 3\n[scoring.required]\nstarted = 2\n"))
    assert c["units"]["trips_per_month"] == 3 and c["units"]["receptions_per_month"] == 1
    assert c["scoring"]["required"] == {"signed": 1, "started": 2}


@pytest.mark.parametrize("text, key, value, expected", [
    ('[units]\ntrips_per_month = "two"\n', "units.trips_per_month", "'two'", "whole number"),
    ("[dispatch]\nlagging_share = 1.5\n", "dispatch.lagging_share", "1.5", "between 0 and 1"),
    ("[forecast]\nprior_lead_to_intention = [0, 4]\n", "forecast.prior_lead_to_intention", "[0, 4]", "two numbers > 0"),
    ("[scoring.weights]\nspeeches = 10\n", "scoring.weights.speeches", "10", "scored rules"),
    ("[scoring.required]\ntrips = 3\n", "scoring.required.trips", "", "known keys"),
    ("[scoring]\ncap = 0.5\n", "scoring.cap", "0.5", ">= 1"),
    ("[stall_days]\nlead = [45, 21]\n", "stall_days.lead", "[45, 21]", "yellow <= red"),
    ("[window]\nend = 2021-06-01\n", "window.end", "2021-06-01", "on or after window.start"),
    ("[forecast]\ndraws = 0\n", "forecast.draws", "0", ">= 1"),
    ('[dispatch]\nspeaker_tiebreak = ["raw_score"]\n', "dispatch.speaker_tiebreak", "['raw_score']", 'starting with "score"'),
    ('[dispatch]\nspeaker_tiebreak = ["score", "luck"]\n', "dispatch.speaker_tiebreak", "'luck'", "distinct keys"),
    ("[forecast]\nage_bins_days = [60, 30]\n", "forecast.age_bins_days", "[60, 30]", "increasing"),
    ("[forecast]\nceremony_concentration = 0\n", "forecast.ceremony_concentration", "0", "> 0"),
    ("[forecast]\nborrow_weight = 1.5\n", "forecast.borrow_weight", "1.5", "<= 1"),
    ("[forecast]\nprior_signing_yield = [1]\n", "forecast.prior_signing_yield", "[1]", "two numbers > 0"),
    ('[district]\ngroundbreakings = [{ name = "x", earliest = 2021-09-30, latest = 2021-09-01 }]\n',
     "district.groundbreakings[0]", "x", "earliest <= latest"),
])
def test_bad_config_names_key_value_expectation(tmp_path, text, key, value, expected):
    p = _write(tmp_path, text)
    with pytest.raises(ConfigError) as e:
        load_config(p)
    msg = str(e.value)
    assert key in msg and value in msg and expected in msg and str(p) in msg


def test_not_toml(tmp_path):
    with pytest.raises(ConfigError, match="TOML"):
        load_config(_write(tmp_path, "[units\n"))
