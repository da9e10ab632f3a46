"""The shipped sample read end to end: conservation, planted bad rows, equality with the generator's truth, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from yeji_analysis.commands.main import main
from yeji_analysis.ledgers import load_campaign
from yeji_analysis.synth import WARNED_KINDS, sample_campaign

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
MANIFEST = json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def campaign():
    return load_campaign(SAMPLE)


@pytest.fixture(scope="module")
def truth():
    return sample_campaign(MANIFEST["seed"])


def test_conservation_matches_the_manifest(campaign):
    for ledger, m in MANIFEST["ledgers"].items():
        st = campaign.stats.loc[ledger]
        assert st["read"] == st["accepted"] + st["duplicates"] + st["rejected"], ledger
        # the generator counted what it wrote; a superseded correction counts as a duplicate
        assert (st["read"], st["accepted"], st["rejected"], st["duplicates"]) == \
            (m["rows"], m["accepted"], m["bad"], m["exact_duplicates"] + m["corrections"]), ledger
    assert len(campaign.rejections) == sum(m["bad"] for m in MANIFEST["ledgers"].values())


def test_every_planted_bad_row_is_rejected_where_it_is(campaign):
    bad = [p for p in MANIFEST["planted"] if p["kind"] not in ("exact_duplicate", "correction", *WARNED_KINDS)]
    got = {(r.source, r.sheet, int(r.row), r.column) for r in campaign.rejections.itertuples()}
    for p in bad:   # the column named on one line (the manifest has the header as its cell wraps it: 出发\n日期)
        assert (p["file"], p["sheet"], p["row"], p["column"].replace("\n", "")) in got, p
    assert all(isinstance(r, str) and r for r in campaign.rejections["reason"])


def test_every_planted_optional_cell_is_warned_and_its_row_kept(campaign):
    # the amount 待定 and the stage 暂缓 are optional cells: the lead is accepted, that field unknown (issue 12)
    warned = [p for p in MANIFEST["planted"] if p["kind"] in WARNED_KINDS]
    assert len(warned) == 2
    w = {(r.source, r.sheet, int(r.row), r.column): r.value for r in campaign.warnings.itertuples() if pd.notna(r.row)}
    kept = {(s, sh, int(r)) for s, sh, r in campaign.leads[["source", "sheet", "row"]].itertuples(index=False)}
    for p in warned:
        assert w.get((p["file"], p["sheet"], p["row"], p["column"])) == p["value"], p
        assert (p["file"], p["sheet"], p["row"]) in kept, p


def test_the_correction_wins_and_is_warned(campaign):
    corr = next(p for p in MANIFEST["planted"] if p["kind"] == "correction")
    lead = campaign.leads.set_index("lead_id").loc[corr["value"]]
    assert lead["source"] == corr["file"] and lead["row"] == corr["row"]
    warned = campaign.warnings[campaign.warnings["message"].str.contains(corr["value"])]
    assert len(warned) == 1 and "更正" in warned.iloc[0]["message"]


def _norm(df: pd.DataFrame, cols: list[str], key: list[str]) -> pd.DataFrame:
    out = df[cols].copy()
    for c in cols:
        if out[c].map(lambda v: isinstance(v, list)).any():
            out[c] = out[c].map(lambda v: tuple(sorted(v)))
        elif str(out[c].dtype) in ("boolean", "category"):
            out[c] = out[c].astype(object)
        elif out[c].dtype == object or str(out[c].dtype).startswith("str"):
            out[c] = out[c].astype(object).where(out[c].notna(), None)
    return out.sort_values(key).reset_index(drop=True)


@pytest.mark.parametrize("frame,cols,key", [
    ("leads", ["lead_id", "project", "investor", "origin", "region", "industry", "investment_wan", "unit", "group",
               "reported_on", "stage", "intention_on", "signed_on", "started_on", "screened_valid", "consultant",
               "contact", "phone"], ["lead_id"]),
    ("trips", ["start_on", "end_on", "units", "destination", "region", "head_led", "companies", "outcome"],
     ["start_on", "destination", "outcome", "units"]),
    ("receptions", ["received_on", "unit", "company", "origin", "region", "lead_id"], ["received_on", "unit", "company"]),
    ("units", ["unit", "unit_type", "group", "head"], ["unit"]),
    ("groups", ["group", "leader", "lead_unit", "industries", "regions"], ["group"]),
    ("events", ["event_type", "held_on", "place"], ["held_on", "event_type"]),
    ("contestants", ["group", "contestant"], ["group", "contestant"]),
])
def test_reader_recovers_the_generators_truth(campaign, truth, frame, cols, key):
    """Everything accepted equals what the generator meant to write, after all the mess it put in."""
    got = _norm(getattr(campaign, frame), cols, key)
    want = _norm(getattr(truth, frame), cols, key)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_check_exit_code_and_json(capsys):
    assert main(["check", str(SAMPLE)]) == 1          # the sample's planted bad rows
    out = capsys.readouterr().out
    assert "拒收" in out and "史和街道" in out
    assert main(["check", str(SAMPLE), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data["tables"]["leads"]) == {"read", "accepted", "duplicates", "rejected", "skipped"}
    assert {"source", "sheet", "row", "column", "value", "reason"} <= set(data["rejections"][0])
    assert isinstance(data["warnings"], list)


def test_check_usage_errors_exit_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "missing")]) == 2
    assert main(["check", str(tmp_path)]) == 2           # an empty folder: no ledgers
    assert "没有找到" in capsys.readouterr().err
    proc = subprocess.run([sys.executable, "-m", "yeji_analysis", "check"], capture_output=True, text=True)
    assert proc.returncode == 2


def test_clean_folder_exits_0(tmp_path):
    sys.path.insert(0, str(Path(__file__).parent))
    from test_ledgers import base_folder
    assert main(["check", str(base_folder(tmp_path))]) == 0


def test_dispatch_window_3_judges_july_as_the_campaign_report_does(campaign):
    # Window 3 is 7-29..8-11 as of 8-11: July ended by 8-11, so it is judged on the whole month, and every
    # unit's July statuses equal the whole-campaign report's (as of 9-30). August holds 8-11: pace, never missed.
    from yeji_analysis.periods import dispatch_window
    from yeji_analysis.rules import unit_compliance

    s, e = dispatch_window(campaign.config, 3)
    w3 = unit_compliance(campaign, s, e, e)
    camp = unit_compliance(campaign, "2021-07-01", "2021-09-30")
    cols = ["unit", "trips", "head_trips", "receptions", "trips_status", "head_trips_status", "receptions_status", "status"]
    july = lambda uc: uc[uc["month"] == "2021-07"][cols].reset_index(drop=True)
    pd.testing.assert_frame_equal(july(w3), july(camp))
    assert len(july(w3)) == len(campaign.units)
    assert "missed" not in set(w3.loc[w3["month"] == "2021-08", "status"])
