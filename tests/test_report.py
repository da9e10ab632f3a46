"""``yeji report``: run for real on the sample (papermill, nbconvert) once, then read the outputs back."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import openpyxl
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from yeji_analysis import __version__, periods, rules
from yeji_analysis.commands import report
from yeji_analysis.present import index_pages, outputs
from yeji_analysis.commands.common import UsageError
from yeji_analysis.commands.main import main
from yeji_analysis.config import load_config
from yeji_analysis.present.redact import find_strings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ["retrospective.html", "dispatch.xlsx", "metrics.json", "index.html"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    path = ROOT / "data" / "sample"
    if (path / "MANIFEST.json").is_file():
        return path
    from yeji_analysis.synth import write_sample
    return Path(write_sample(tmp_path_factory.mktemp("sample") / "sample"))


@pytest.fixture(scope="module")
def contacts(sample) -> list[str]:
    c = json.loads((sample / "MANIFEST.json").read_text(encoding="utf-8"))["contacts"]
    strings = list(c["names"]) + list(c["phones"])
    assert len(strings) > 10
    return strings


@pytest.fixture(scope="module")
def built(sample, tmp_path_factory):
    """One real run: the July report of the sample, as of 2021-07-31, into <tmp>/reports/2021-07."""
    reports = tmp_path_factory.mktemp("run") / "reports"
    out = reports / "2021-07"
    rc = main(["report", str(sample), "--period", "2021-07", "--out", str(out), "--index", str(reports / "index.html")])
    assert rc == 0
    return out


@pytest.fixture(scope="module")
def campaign(sample):
    from yeji_analysis.ledgers import load_campaign
    return load_campaign(sample)


# ---------------------------------------------------------------------------------- the run
def test_outputs_exist(built):
    names = sorted(p.name for p in built.iterdir())
    assert names == ["dispatch.xlsx", "index.html", "metrics.json", "retrospective.html", "retrospective.ipynb",
                     "retrospective.pdf"]
    assert (built.parent / "index.html").is_file()
    assert not [p for p in built.parent.iterdir() if p.is_dir() and p.name != "2021-07"]  # no build left over


def test_html_has_no_code_and_every_chart_is_embedded(built):
    html = (built / "retrospective.html").read_text(encoding="utf-8")
    assert not re.search(r'class="[^"]*(jp-CodeMirrorEditor|hl-ipython3|jp-InputPrompt)', html)
    for code in ("load_context", "S.headline", "import ", "data_dir: str"):
        assert code not in html
    imgs = re.findall(r"<img\b[^>]*>", html)
    assert len(imgs) >= 6  # heatmap, funnel, stage times, forecast, scoreboard, battle map
    assert all(re.search(r'src="data:image/png;base64,', i) for i in imgs)
    assert "<script" not in html.lower()
    assert not re.search(r'<link[^>]+href="https?:', html)


def test_html_is_chinese_and_stamped(built, campaign):
    html = (built / "retrospective.html").read_text(encoding="utf-8")
    for heading in ("一、总体进度与区级目标", "二、各单位逐月达标情况", "六、双周调度得分与发言安排", "九、数据质量",
                    "十、计算方法与数据来源"):
        assert heading in html
    assert "Headline against" not in html  # the bilingual notebook headings stay out of the HTML
    assert campaign.fingerprint[:16] in html and f"程序版本 {__version__}" in html
    # the parameters line in the reader's words (issue 14: raw keys only in the English report and metrics.json)
    assert "起=2021-07-01" in html and "止=2021-07-31" in html and "脱敏=是" in html and "报告期=2021年7月" in html
    assert "start=2021-07-01" not in html and "redact=True" not in html


def test_no_contacts_in_shared_outputs(built, contacts):
    for path in [*(built / n for n in SHARED), built.parent / "index.html", built / "retrospective.ipynb"]:
        assert find_strings(path, contacts) == [], path.name


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext (apt-get install poppler-utils)")
def test_pdf_beside_the_html_has_its_chinese_text_and_sections(built, contacts):
    html = (built / "retrospective.html").read_text(encoding="utf-8")
    headings = [re.sub(r"\s+", "", h) for h in re.findall(r"<h2[^>]*>([^<]+)</h2>", html)]
    assert len(headings) >= 8 and "一、总体进度与区级目标" in headings  # the report's sections
    text = subprocess.run(["pdftotext", str(built / "retrospective.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = [re.sub(r"\s+", "", p) for p in text.split("\f")[:-1]]
    flat = "".join(pages)
    assert "叶集区“双招双引”集中攻坚季阶段报告" in pages[0]
    for h in headings:
        assert h in flat, h
    # a numbered section starts a page: its heading is on the page after the previous one's
    first = [next(i for i, p in enumerate(pages) if h in p) for h in headings if re.match("[二三四五六七八九十]、", h)]
    assert first == sorted(first) and len(set(first)) == len(first)
    assert "第1页/共" in pages[0] and f"第{len(pages)}页/共{len(pages)}页" in pages[-1]
    assert not [c for c in contacts if c in flat]


def test_metrics_equal_the_package_functions(built, campaign):
    m = json.loads((built / "metrics.json").read_text(encoding="utf-8"))
    assert m["period"] == {"start": "2021-07-01", "end": "2021-07-31", "as_of": "2021-07-31"}
    assert m["data_fingerprint"] == campaign.fingerprint and m["package_version"] == __version__
    head = rules.headline(campaign, "2021-07-01", "2021-07-31", "2021-07-31")
    assert m["district"] == head
    for k in ("signed_100m", "started", "valid_leads", "trips", "receptions"):
        assert isinstance(m["district"][k], int)
    uc = rules.unit_compliance(campaign, "2021-07-01", "2021-07-31", "2021-07-31")
    assert [{k: u[k] for k in ("unit", "month", "trips", "head_trips", "receptions", "status")} for u in m["units"]] == \
        uc[["unit", "month", "trips", "head_trips", "receptions", "status"]].to_dict("records")
    gv = rules.group_valid_leads(campaign, "2021-07-01", "2021-07-31", "2021-07-31")
    assert [{k: g[k] for k in ("group", "month", "valid_leads", "status")} for g in m["groups"]] == \
        gv[["group", "month", "valid_leads", "status"]].to_dict("records")
    # reproducible: computing again gives the same figures
    again = outputs.metrics(campaign, "2021-07-01", "2021-07-31", "2021-07-31", parameters=m["parameters"])
    assert again == m


def test_workbook_sheets_and_statuses(built):
    wb = openpyxl.load_workbook(built / "dispatch.xlsx")
    # 撞单 (leads by two or more groups) and 多单位对接 (visited or received by several units) are two sheets
    assert wb.sheetnames[:7] == ["单位达标", "小组线索", "调度得分", "停滞项目", "撞单", "多单位对接", "拒收行"]
    ws = wb["单位达标"]
    assert ws.freeze_panes == "A2" and [c.value for c in ws[1]][:3] == ["单位", "招商小组", "月份"]
    status_col = [c.value for c in ws[1]].index("状态") + 1
    assert {ws.cell(row=r, column=status_col).value for r in range(2, ws.max_row + 1)} <= {"达标", "未达标"}
    sb = [c.value for c in wb["调度得分"][1]]
    assert "交流发言" in sb and "表态发言" in sb
    assert wb["拒收行"].max_row >= 2  # the sample plants bad rows; they are listed, not fatal


def test_period_and_parent_index(built):
    page = (built / "index.html").read_text(encoding="utf-8")
    assert "2021-07-01 – 2021-07-31" in page
    for link in ("retrospective.html", "dispatch.xlsx", "metrics.json"):
        assert f'href="{link}"' in page
    parent = (built.parent / "index.html").read_text(encoding="utf-8")
    assert 'href="2021-07/retrospective.html"' in parent


def test_executed_notebook_kept_for_analysts(built):
    nb = nbformat.read(built / "retrospective.ipynb", as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert 'period = "2021-07"' in injected.source and "redact = True" in injected.source


# ---------------------------------------------------------------------------------- bad parameters
# the no_kernel fixture is in conftest.py


@pytest.mark.parametrize("args, message", [
    (["--period", "2021-13"], "unknown period"),
    (["--period", "last-month"], "unknown period"),
    (["--period", "2021-10"], "outside the campaign window"),
    (["--dispatch", "9"], "unknown dispatch window 9"),
    (["--start", "2021-07-31", "--end", "2021-07-01"], "ends (2021-07-01) before it starts"),
    (["--start", "2021-06-01", "--end", "2021-07-01"], "outside the campaign window"),
    (["--start", "2021-07-01", "--end", "2021-07-31", "--as-of", "2021-10-05"], "outside the campaign window"),
    (["--start", "2021-07-01", "--end", "2021/07/31"], "not a date"),
    (["--period", "2021-07", "--start", "2021-07-01"], "give one of"),
    ([], "which period"),
])
def test_bad_parameters_exit_2_before_a_kernel(sample, args, message, capsys, no_kernel, tmp_path):
    rc = main(["report", str(sample), *args, "--out", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert rc == 2 and message in err and err.count("\n") == 1
    assert not (tmp_path / "r").exists()


def test_missing_data_folder_exits_2(tmp_path, capsys, no_kernel):
    rc = main(["report", str(tmp_path / "nope"), "--period", "2021-07", "--out", str(tmp_path / "r")])
    assert rc == 2 and "data folder not found" in capsys.readouterr().err


def test_missing_config_exits_2(sample, tmp_path, capsys, no_kernel):
    rc = main(["report", str(sample), "--period", "2021-07", "--config", str(tmp_path / "x.toml"), "--out", str(tmp_path / "r")])
    assert rc == 2 and "config file not found" in capsys.readouterr().err


def test_failing_run_leaves_the_previous_report(sample, tmp_path, capsys, monkeypatch):
    out = tmp_path / "reports" / "2021-08"
    out.mkdir(parents=True)
    for name in SHARED:
        (out / name).write_text(f"previous {name}", encoding="utf-8")
    broken = tmp_path / "retrospective.ipynb"
    cell = new_code_cell('data_dir = ""  # folder')
    cell.metadata["tags"] = ["parameters"]
    nbformat.write(new_notebook(cells=[cell, new_code_cell('raise KeyError("台账缺少列：报送日期")')],
                                metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                         "language": "python"}}), broken)
    monkeypatch.setattr(report, "find_template", lambda name="retrospective.ipynb": broken)
    rc = main(["report", str(sample), "--period", "2021-08", "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert rc == 1 and "KeyError" in err and "台账缺少列：报送日期" in err
    for name in SHARED:
        assert (out / name).read_text(encoding="utf-8") == f"previous {name}"
    assert (out / "retrospective.failed.ipynb").is_file()


# ---------------------------------------------------------------------------------- periods and index
def test_resolve_period():
    cfg = load_config()
    p = periods.resolve_period(cfg, period="2021-09")
    assert (p.name, p.start, p.end, p.as_of) == ("2021-09", dt.date(2021, 9, 1), dt.date(2021, 9, 30), dt.date(2021, 9, 30))
    p = periods.resolve_period(cfg, period="campaign", as_of="2021-08-15")
    assert (p.name, p.start, p.end, p.as_of) == ("campaign", dt.date(2021, 7, 1), dt.date(2021, 9, 30), dt.date(2021, 8, 15))
    # dispatch windows: 14 days from 07-01; the 7th starts 07-01 + 84 days = 09-23 and is cut at 09-30
    p = periods.resolve_period(cfg, dispatch=7)
    assert (p.name, p.start, p.end) == ("dispatch-07", dt.date(2021, 9, 23), dt.date(2021, 9, 30))
    p = periods.resolve_period(cfg, start="2021-07-05", end="2021-07-18")
    assert p.name == "2021-07-05_2021-07-18" and p.kind == "custom"
    with pytest.raises(UsageError, match="before the period starts"):
        periods.resolve_period(cfg, period="2021-08", as_of="2021-07-20")


def _fake_report(parent: Path, name: str, start: str, end: str, district: dict) -> None:
    (parent / name).mkdir(parents=True)
    (parent / name / "metrics.json").write_text(json.dumps({
        "period": {"start": start, "end": end, "as_of": end}, "data_fingerprint": "f", "district": district}),
        encoding="utf-8")


def test_reports_index_lists_every_period_with_its_trend(tmp_path):
    d = {"signed_100m": 1, "started": 0, "valid_leads": 5, "trips": 10, "receptions": 4}
    _fake_report(tmp_path, "2021-08", "2021-08-01", "2021-08-31", {**d, "trips": 12})
    _fake_report(tmp_path, "2021-07", "2021-07-01", "2021-07-31", d)
    _fake_report(tmp_path, "dispatch-01", "2021-07-01", "2021-07-14", d)
    (tmp_path / "notes").mkdir()  # not a report: no metrics.json
    page = index_pages.write_reports_index(tmp_path).read_text(encoding="utf-8")
    # months in date order, July before August; August's trips 12 = July's 10 + 2
    assert page.index('href="2021-07/') < page.index('href="2021-08/')
    assert "▲2" in page and "<svg" in page
    assert 'href="dispatch-01/retrospective.html"' in page and "notes" not in page
    assert "月报" in page and "双周调度" in page


def test_sections_in_english(campaign):
    from yeji_analysis.present import context as C
    from yeji_analysis.present import retrospective as S
    ctx = C.ReportContext(campaign, "2021-07-01", "2021-07-31", "2021-07-31", lang="en", period="2021-07")
    html = S.headline(ctx)._repr_html_() + S.groups(ctx)._repr_html_()
    assert "1. Headline against the district targets" in html and "3. Groups" in html
    assert "达标" not in html and re.search(r">(\d+ )?met</td>", html)


def test_an_english_report_writes_its_own_words_and_marks_in_english(campaign):
    # what the report itself writes (not the ledgers' own names and the reader's messages, which stay as given):
    # the district targets' notes, the problems and commitments of the scoreboard, the counts after headings
    from yeji_analysis.present import context as C
    from yeji_analysis.present import retrospective as S
    ctx = C.ReportContext(campaign, "2021-07-01", "2021-07-31", "2021-07-31", lang="en", period="2021-07")
    head = S.headline(ctx)._repr_html_()
    assert not re.search("已举行|未举行|已到|未到|计划投资额", head)
    assert re.search(r"(held|not held) [(\d]", head) and "planned investment &gt;= 10000 (10k yuan)" in head
    board = S.scoreboard(ctx)._repr_html_()
    assert "：" not in board and "；" not in board and "（" not in board
    quality = S.data_quality(ctx)._repr_html_()
    assert re.search(r"Rejected rows \(counted nowhere\) \(\d+\)</h3>", quality)
    zh = C.ReportContext(campaign, "2021-07-01", "2021-07-31", "2021-07-31", lang="zh", period="2021-07")
    assert re.search(r"（\d+）</h3>", S.data_quality(zh)._repr_html_())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext (apt-get install poppler-utils)")
def test_pdf_prints_each_region_name_whole_in_the_region_tables(built):
    # 外出招商与推介成效 and 区域覆盖 are a region column beside ten or eleven figures: printed, the region was a
    # character wide (苏/州 over two lines). Each region the HTML table lists (its first column) now begins a line of the
    # PDF's text, whole, followed by that row's figures.
    html = (built / "retrospective.html").read_text(encoding="utf-8")
    text = subprocess.run(["pdftotext", "-layout", str(built / "retrospective.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    for heading, sub in (("外出招商与推介成效", None), ("挂图作战", "区域覆盖")):
        sec = html[html.index(heading):]
        sec = sec[sec.index(sub):] if sub else sec
        table = sec[sec.index("<tbody>"):sec.index("</tbody>")]
        regions = re.findall(r"<tr><td[^>]*>([^<]+)</td>", table)
        assert len(regions) >= 3, heading
        printed = text[text.index(heading):]
        printed = printed[printed.index(sub):] if sub else printed
        for r in regions:
            assert re.search(rf"^\s*{re.escape(r)}\s+\d", printed, re.M), (heading, r)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext (apt-get install poppler-utils)")
def test_pdf_prints_the_warnings_short_columns_whole(built):
    # 数据质量's 警告 table: printed, its 台账 column was a character wide (项/目/线/索/台/账 down six lines beside a long
    # 说明). A column of texts up to 6 characters now prints on one line: each row the HTML table lists under 项目线索台账
    # has the name whole on a line of the PDF's text (the 工作表 column may add more)
    html = (built / "retrospective.html").read_text(encoding="utf-8")
    sec = html[html.index("警告（已计入"):]
    table = sec[sec.index("<tbody>"):sec.index("</tbody>")]
    rows = len(re.findall(r"<tr><td[^>]*>项目线索台账</td>", table))
    assert rows >= 2
    text = subprocess.run(["pdftotext", "-layout", str(built / "retrospective.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    printed = text[text.index("警告（已计入"):]
    printed = printed[:printed.index("十、")]
    assert sum("项目线索台账" in line for line in printed.splitlines()) >= rows
