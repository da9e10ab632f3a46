"""What a run leaves and says (issue 14): data folders refused before a kernel with check's message, a Chinese
and an English report side by side, nothing outside --out, bilingual help, `yeji check | head` quiet."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from yeji_analysis.commands import render
from yeji_analysis.commands.check import run_check
from yeji_analysis.commands.main import build_parser, main
from yeji_analysis.config import load_config
from yeji_analysis.periods import resolve_period

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
CJK = re.compile(r"[\u4e00-\u9fff]")


# ------------------------------------------------------------------------------- data that cannot make a campaign
def _unusable(kind: str, base: Path) -> Path:
    folder = base / kind
    folder.mkdir()
    if kind == "no_ledgers":
        (folder / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    elif kind == "no_receptions":  # the sample without its receptions ledger (接待客商台账, required)
        for f in SAMPLE.iterdir():
            if f.name != "接待客商台账.xlsx":
                shutil.copy(f, folder / f.name)
    return folder


@pytest.mark.parametrize("kind", ["empty", "no_ledgers", "no_receptions"])
@pytest.mark.parametrize("command", [["report", "--period", "2021-07"], ["plan", "--from", "2021-09-06", "--to", "2021-09-10"]])
def test_a_folder_that_cannot_make_a_campaign_is_refused_before_a_kernel(kind, command, tmp_path, capsys, no_kernel):
    data = _unusable(kind, tmp_path)
    assert run_check(data) == 2
    check_says = capsys.readouterr().err.strip().split(": ", 1)[1]
    out = tmp_path / "out" / "r"
    rc = main([command[0], str(data), *command[1:], "--out", str(out)])
    err = capsys.readouterr().err.strip()
    assert rc == 2 and err == f"yeji {command[0]}: {check_says}"
    assert not (tmp_path / "out").exists()  # no folder, no failed notebook


# ------------------------------------------------------------------------------- folders, languages, index
def _fake_run(template, params, out_dir, *, html_name, finalize=None, lang="zh", **_):
    """What render.run_notebook leaves, without a kernel: the notebook's files, the finalize step, the folder."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    district = {"signed_100m": 1, "started": 0, "valid_leads": 3, "trips": 7, "receptions": 2}
    (out_dir / "metrics.json").write_text(json.dumps({
        "period": {"start": params["start"], "end": params["end"], "as_of": params["as_of"]}, "district": district,
        "data_fingerprint": "f" * 64, "package_version": "0", "parameters": {"lang": lang}}), encoding="utf-8")
    (out_dir / "dispatch.xlsx").write_bytes(b"")
    (out_dir / html_name).write_text(f"<html lang='{lang}'></html>", encoding="utf-8")
    if finalize:
        finalize(out_dir)
    return out_dir


@pytest.fixture
def fake_kernel(monkeypatch):
    monkeypatch.setattr(render, "run_notebook", _fake_run)


def test_chinese_and_english_reports_stay_side_by_side_and_the_index_lists_both(tmp_path, monkeypatch, fake_kernel):
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(SAMPLE), "--period", "2021年8月"]) == 0
    assert main(["report", str(SAMPLE), "--period", "8月", "--lang", "en"]) == 0
    reports = tmp_path / "reports"
    assert sorted(p.name for p in reports.iterdir()) == ["2021-08", "2021-08.en", "index.en.html", "index.html"]
    zh = (reports / "index.html").read_text(encoding="utf-8")
    en = (reports / "index.en.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in zh and '<html lang="en">' in en  # the English run did not switch the index
    for page in (zh, en):
        assert 'href="2021-08/retrospective.html"' in page and 'href="2021-08.en/retrospective.html"' in page
    assert ">2021年8月</a>" in zh and ">August 2021</a>" in en
    assert zh.count("<tr>") == 2  # the header and one row: one period, two languages
    # each period page links back to the index of its language
    assert 'href="../index.html"' in (reports / "2021-08" / "index.html").read_text(encoding="utf-8")
    assert 'href="../index.en.html"' in (reports / "2021-08.en" / "index.html").read_text(encoding="utf-8")


def test_out_writes_only_inside_the_folder_unless_index_says(tmp_path, monkeypatch, fake_kernel):
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(SAMPLE), "--period", "2021-07", "--out", str(tmp_path / "out" / "r")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"] and [p.name for p in (tmp_path / "out").iterdir()] == ["r"]
    assert "index.html" not in (tmp_path / "out" / "r" / "index.html").read_text(encoding="utf-8")  # no link to a page not written
    # --index FILE: the index of the reports beside this one, written there, in both languages, linking back
    assert main(["report", str(SAMPLE), "--period", "2021-07", "--out", str(tmp_path / "out" / "r"),
                 "--index", str(tmp_path / "pages" / "all.html")]) == 0
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["all.en.html", "all.html"]
    assert 'href="../out/r/retrospective.html"' in (tmp_path / "pages" / "all.html").read_text(encoding="utf-8")
    assert 'href="../../pages/all.html"' in (tmp_path / "out" / "r" / "index.html").read_text(encoding="utf-8")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["r"]


def test_no_lock_file_is_left_beside_a_real_folder_swap(tmp_path):
    from nbformat import v4, write
    nb = tmp_path / "n.ipynb"
    write(v4.new_notebook(cells=[v4.new_markdown_cell("## 第一节 · First"), v4.new_code_cell("1 + 1")],
                          metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}), nb)
    render.run_notebook(nb, {}, tmp_path / "reports" / "r", html_name="r.html", progress=False)
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["r"]


# ------------------------------------------------------------------------------- words
def test_periods_in_chinese():
    cfg = load_config()
    assert resolve_period(cfg, period="2021年8月").name == resolve_period(cfg, period="8月").name == "2021-08"
    assert resolve_period(cfg, period="攻坚季全程").name == "campaign"
    # the 3rd window: 07-01 + 2 × 14 days = 07-29, to 08-11
    p = resolve_period(cfg, period="第3期双周调度")
    assert (p.name, str(p.start), str(p.end)) == ("dispatch-03", "2021-07-29", "2021-08-11")


def test_every_subcommand_and_option_is_explained_in_chinese_and_english():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    assert set(sub.choices) >= {"check", "report", "plan", "lab", "sample", "docs"}
    for choice in sub._choices_actions:
        assert CJK.search(choice.help) and " / " in choice.help, choice.dest
    for name, p in sub.choices.items():
        for action in p._actions:
            if action.help and action.help != "show this help message and exit":
                assert CJK.search(action.help) and re.search(r" / [A-Za-z]", action.help), (name, action.dest, action.help)


def test_a_period_error_is_in_both_languages(capsys, no_kernel, tmp_path):
    assert main(["report", str(SAMPLE), "--period", "last-month", "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert "无法识别的报告期" in err and "unknown period" in err


def test_check_into_a_closed_pipe_ends_quietly():
    proc = subprocess.Popen([sys.executable, "-m", "yeji_analysis", "check", str(SAMPLE)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before anything is written, as `| head -0` would be
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141 and err == ""
