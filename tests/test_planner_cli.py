"""Tests of ``yeji plan`` (yeji_analysis.planner_cli): parameter checks and a real papermill run."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from yeji_analysis.commands import main as cli
from yeji_analysis.config import load_config
from yeji_analysis.commands.plan import check_plan_params

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


# the no_kernel fixture is in conftest.py


@pytest.mark.parametrize("extra,words", [
    (["--from", "2021-10-08", "--to", "2021-10-20"], "outside the campaign window"),
    (["--from", "2021-09-01", "--to", "2021-10-20"], "outside the campaign window"),
    (["--from", "2021-09-20", "--to", "2021-09-10"], "ends before it starts"),
    (["--from", "2021-09-01", "--to", "2021-09-10", "--regions", "临沂,火星"], "unknown region '火星'"),
    (["--from", "2021-9-1", "--to", "2021-09-10"], "is not a date"),
    (["--from", "2021-09-01", "--to", "2021-09-10", "--as-of", "2021-09-15"], "after the planning window"),
    (["--from", "2021-09-01", "--to", "2021-09-10", "--max-trips-per-unit", "0"], "expected a whole number >= 1"),
    (["--from", "2021-09-19", "--to", "2021-09-21"], "no usable working day"),  # 中秋 holiday only
])
def test_bad_parameters_exit_2_before_any_kernel(tmp_path, capsys, no_kernel, extra, words):
    rc = cli.main(["plan", str(tmp_path), *extra, "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.startswith("yeji plan: ") and words in err
    assert not (tmp_path / "out").exists()


def test_missing_data_folder_exits_2(tmp_path, capsys, no_kernel):
    rc = cli.main(["plan", str(tmp_path / "nope"), "--from", "2021-09-01", "--to", "2021-09-10"])
    assert rc == 2 and "data folder not found" in capsys.readouterr().err


def test_missing_config_exits_2(tmp_path, capsys, no_kernel):
    rc = cli.main(["plan", str(tmp_path), "--from", "2021-09-01", "--to", "2021-09-10", "--config", str(tmp_path / "x.toml")])
    assert rc == 2 and "config file not found" in capsys.readouterr().err


def test_check_plan_params_normalises_regions_and_defaults():
    p = check_plan_params(load_config(), plan_start="2021-09-06", plan_end="2021-09-16", regions="临沂市，Foshan、常州")
    assert p["regions"] == ["临沂", "佛山", "常州"]
    assert p["as_of"] == "2021-09-05"
    d = check_plan_params(load_config(), plan_start="2021-09-06", plan_end="2021-09-16")
    assert d["regions"] == ["临沂", "南浔", "常州", "佛山", "成都"]


# ------------------------------------------------------------------------------------------ a real run
@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    if any(SAMPLE.glob("*.xlsx")) or any(SAMPLE.glob("*.csv")):
        return SAMPLE
    from yeji_analysis.synth import write_sample  # data/sample not written yet: the same generator
    return write_sample(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def plan_run(data_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("plans") / "sept"
    rc = cli.main(["plan", str(data_dir), "--from", "2021-09-01", "--to", "2021-09-30", "--out", str(out)])
    return rc, out


def test_plan_command_writes_every_file(plan_run):
    rc, out = plan_run
    assert rc == 0
    for f in ("roadshow_plan.ipynb", "roadshow_plan.html", "roadshow_plan.pdf", "itinerary.xlsx", "plan.json"):
        assert (out / f).is_file(), f
    assert not list(out.parent.glob(".sept.build-*"))  # the build folder was moved into place


def test_plan_json_matches_the_package(plan_run, data_dir):
    from yeji_analysis.ledgers import load_campaign
    from yeji_analysis.planner import plan_roadshows

    _, out = plan_run
    doc = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert {"visits", "route", "total_travel_hours"} <= set(doc)
    assert doc["visits"] and all({"date", "region", "units", "leads"} <= set(v) for v in doc["visits"])
    plan = plan_roadshows(load_campaign(data_dir), "2021-09-01", "2021-09-30")
    assert doc["route"] == plan.route.order
    assert doc["total_travel_hours"] == pytest.approx(plan.total_travel_hours)
    assert [(v["date"], v["region"], v["units"], v["leads"]) for v in doc["visits"]] == [
        (d.strftime("%Y-%m-%d"), r, u, l) for d, r, u, l in plan.visits[["date", "region", "units", "leads"]].itertuples(index=False)]
    # every planned date is a working day, never a meeting or ceremony day, never 9/20 (中秋)
    import chinese_calendar
    blocked = {b["date"] for b in doc["blocked_days"]}
    for v in doc["visits"]:
        assert chinese_calendar.is_workday(pd.Timestamp(v["date"]).date()) and v["date"] not in blocked
    assert "2021-09-20" not in {v["date"] for v in doc["visits"]}
    # no unit in two places on one day
    pairs = [(v["date"], u) for v in doc["visits"] for u in v["units"]]
    assert len(pairs) == len(set(pairs))


def test_workbook_has_the_three_views(plan_run):
    from openpyxl import load_workbook

    _, out = plan_run
    wb = load_workbook(out / "itinerary.xlsx", read_only=True)
    assert wb.sheetnames[:3] == ["日程", "出行安排", "拜访对象"]
    head = [c.value for c in next(wb["日程"].iter_rows(max_row=1))]
    assert head[0] == "日期" and "拜访线索" in head


def test_html_hides_code_and_contacts(plan_run, data_dir):
    from yeji_analysis.ledgers import load_campaign
    from yeji_analysis.present.redact import contact_names, find_strings

    _, out = plan_run
    html = (out / "roadshow_plan.html").read_text(encoding="utf-8")
    assert "plan_roadshows(" not in html and "show_view(" not in html  # no code cells
    assert 'class="jp-InputArea' not in html and "hl-ipython3" not in html
    assert "巡回路线与行程时间" in html and "data:image/png;base64" in html  # Chinese headings, chart embedded
    assert "Traceback" not in html
    campaign = load_campaign(data_dir)
    phones = [p for p in campaign.leads["phone"] if isinstance(p, str) and p.strip()]
    secrets = contact_names(campaign) + phones
    assert secrets
    for f in ("roadshow_plan.html", "itinerary.xlsx", "plan.json"):
        assert find_strings(out / f, secrets) == [], f


def test_plan_in_english_with_regions(data_dir, tmp_path):
    out = tmp_path / "en"
    rc = cli.main(["plan", str(data_dir), "--from", "2021-09-06", "--to", "2021-09-16", "--regions", "临沂,佛山",
                   "--max-trips-per-unit", "1", "--lang", "en", "--out", str(out)])
    assert rc == 0
    doc = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert sorted(doc["route"]) == ["临沂", "佛山"] and {v["region"] for v in doc["visits"]} <= {"临沂", "佛山"}
    units = [u for v in doc["visits"] for u in v["units"]]
    assert max(units.count(u) for u in set(units)) == 1  # --max-trips-per-unit 1
    html = (out / "roadshow_plan.html").read_text(encoding="utf-8")
    assert "Day-by-day itinerary" in html
    # the plan's own words and marks in English (the ledgers' names stay as written): amounts in yuan, ranges in
    # round brackets, no 亿/万 units
    assert not re.search(r"亿 or more|亿 yuan|万 yuan|\d（\d", html)
    assert re.search(r"\d \(\d+–\d+\)", html) and "m yuan" in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext (apt-get install poppler-utils)")
def test_plan_pdf_is_landscape_with_its_sections(plan_run):
    rc, out = plan_run
    info = subprocess.run(["pdfinfo", str(out / "roadshow_plan.pdf")], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)", info), info  # A4 landscape
    text = subprocess.run(["pdftotext", str(out / "roadshow_plan.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = re.sub(r"\s+", "", text)
    for h in ("叶集区“双招双引”定向招商推介路线规划", "规划概要", "巡回路线与行程时间", "逐日日程",
              "各区域拜访对象（按得分排序）", "计算方法与参数"):
        assert h in flat, h
    # the running header: the title and the window, on page 2 on
    assert "定向招商推介路线规划2021-09-01–2021-09-30" in re.sub(r"\s+", "", text.split("\f")[1])


@pytest.mark.parametrize("command", [["report", "--period", "campaign"], ["plan", "--from", "2021-09-01", "--to", "2021-09-10"]])
def test_an_output_folder_inside_the_data_folder_is_refused(tmp_path, capsys, monkeypatch, no_kernel, command):
    # cd DATA && yeji report . would write reports/ into DATA, and the next read would take the report's own
    # dispatch.xlsx for a ledger: refused (exit 2) before anything is written, with --out inside DATA too
    from yeji_analysis.commands.main import main as yeji_main

    data = tmp_path / "office"
    shutil.copytree(SAMPLE, data)
    before = sorted(p.name for p in data.iterdir())
    monkeypatch.chdir(data)
    assert yeji_main([command[0], ".", *command[1:]]) == 2
    assert yeji_main([command[0], str(data), *command[1:], "--out", str(data / "out")]) == 2
    assert "在数据文件夹" in capsys.readouterr().err
    assert sorted(p.name for p in data.iterdir()) == before
    monkeypatch.chdir(tmp_path)   # beside it, not inside: the checks pass, and the kernel would start
    with pytest.raises(AssertionError, match="a kernel was started"):
        yeji_main([command[0], str(data), *command[1:], "--out", str(tmp_path / "out")])
