"""`yeji report` as people really run it: two at once into one folder, and one killed half-way.

tests/test_render.py proves the mechanism with two processes and a tiny notebook; here the real
command runs on the sample, so the parent index, the workbook and the metrics are in play too.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import openpyxl
import pytest

from yeji_analysis.commands.main import main
from yeji_analysis.labels import label

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
FILES = ["dispatch.xlsx", "index.html", "metrics.json", "retrospective.html", "retrospective.ipynb",
         "retrospective.pdf"]


def _command(out: Path, lang: str) -> list[str]:
    return [sys.executable, "-m", "yeji_analysis", "report", str(SAMPLE), "--period", "2021-07",
            "--lang", lang, "--out", str(out), "--index", str(out.parent / "index.html")]


def _lang_of_every_file(out: Path) -> dict[str, str]:
    """The language each file of a report folder was written in (zh or en), read from the file itself."""
    nb = nbformat.read(out / "retrospective.ipynb", as_version=4)
    injected = next(c.source for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    sheets = openpyxl.load_workbook(out / "dispatch.xlsx", read_only=True).sheetnames
    html = (out / "retrospective.html").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    pdf = "?"
    if shutil.which("pdftotext"):  # the PDF's first page carries the title (spaces dropped: pdftotext spaces CJK freely)
        text = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-l", "1", str(out / "retrospective.pdf"), "-"],
                                                 capture_output=True, text=True, check=True).stdout)
        pdf = ("zh" if re.sub(r"\s+", "", label("report_title", "zh")) in text else
               "en" if re.sub(r"\s+", "", label("report_title", "en")) in text else "?")
    return {
        **({"retrospective.pdf": pdf} if shutil.which("pdftotext") else {}),
        "metrics.json": json.loads((out / "metrics.json").read_text(encoding="utf-8"))["parameters"]["lang"],
        "retrospective.ipynb": "zh" if 'lang = "zh"' in injected else "en" if 'lang = "en"' in injected else "?",
        "dispatch.xlsx": ("zh" if label("sheet_units", "zh") in sheets else
                          "en" if label("sheet_units", "en") in sheets else "?"),
        "retrospective.html": ("zh" if label("report_title", "zh") in html else
                               "en" if label("report_title", "en") in html else "?"),
        "index.html": "zh" if '<html lang="zh-CN">' in index else "en" if '<html lang="en">' in index else "?",
    }


def _litter(parent: Path) -> list[str]:
    """Build and old folders and lock files left beside the reports (issue 14: the lock files go too)."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def raced(tmp_path_factory) -> tuple[Path, list]:
    """Two `yeji report` processes, one Chinese and one English, into the same folder at once."""
    out = tmp_path_factory.mktemp("race") / "reports" / "2021-07"
    logs = tmp_path_factory.mktemp("logs")
    procs = []
    for lang in ("zh", "en"):
        with open(logs / f"{lang}.log", "wb") as err:
            procs.append(subprocess.Popen(_command(out, lang), stdout=subprocess.DEVNULL, stderr=err))
    codes = [p.wait(timeout=300) for p in procs]
    return out, [(c, (logs / f"{lang}.log").read_text(errors="replace")[-2000:])
                 for c, lang in zip(codes, ("zh", "en"))]


def test_two_reports_at_once_leave_one_complete_report(raced):
    out, results = raced
    assert [c for c, _ in results] == [0, 0], results
    assert sorted(p.name for p in out.iterdir()) == FILES
    # no mix: every file was written by the same run (one language throughout)
    langs = _lang_of_every_file(out)
    assert len(set(langs.values())) == 1 and set(langs.values()) <= {"zh", "en"}, langs
    assert _litter(out.parent) == []
    # the all-reports page lists the folder with the figures of the report that stayed
    m = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    index = (out.parent / "index.html").read_text(encoding="utf-8")
    assert 'href="2021-07/retrospective.html"' in index
    assert f"<td>{m['district']['trips']}" in index


def test_a_run_says_one_line_per_section_and_nothing_from_the_kernel(raced):
    # issue 14: no "[IPKernelApp] WARNING | Kernel is running over TCP without encryption", no
    # "KeyboardInterrupt caught in kernel", no papermill cell counter; a line per section, in the run's language
    for (code, log), heading in zip(raced[1], ("总体进度与区级目标", "Headline against the district targets")):
        assert "IPKernelApp" not in log and "KeyboardInterrupt" not in log and "Executing" not in log, log
        assert re.search(rf"^  \[\d+/\d+\] {re.escape(heading)}$", log, flags=re.M), log
        assert re.search(r"^  \[1/\d+\] ", log, flags=re.M) and "Traceback" not in log


def _children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (the kernel papermill started), from /proc."""
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_killed_run_leaves_the_previous_report_and_the_next_run_works(raced, tmp_path):
    first, _ = raced
    out = tmp_path / "reports" / "2021-07"
    shutil.copytree(first, out)
    before = _hashes(out)
    was = json.loads((out / "metrics.json").read_text(encoding="utf-8"))["parameters"]["lang"]
    other = "en" if was == "zh" else "zh"

    # start a run and kill it (SIGKILL: no clean-up of any kind) once its kernel is executing cells
    log = open(tmp_path / "killed.log", "wb")
    proc = subprocess.Popen(_command(out, other), stdout=subprocess.DEVNULL, stderr=log)
    kernels: list[int] = []
    try:
        build = None
        for _ in range(1200):  # papermill writes the notebook into the build folder once cells run
            if proc.poll() is not None:
                break
            builds = [p for p in out.parent.glob(".2021-07.build-*") if (p / "retrospective.ipynb").is_file()]
            if builds:
                build = builds[0]
                kernels = _children(proc.pid)
                break
            time.sleep(0.1)
        assert proc.poll() is None and build is not None, "the run ended before it could be interrupted"
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
        # the kill left its build folder behind, and the previous report exactly as it was
        assert build.is_dir()
        assert _hashes(out) == before
        # the orphaned kernel notices its parent died and stops (ipykernel's parent poller)
        for _ in range(300):
            if not any(_alive(k) for k in kernels):
                break
            time.sleep(0.1)
        assert not any(_alive(k) for k in kernels)
    finally:
        log.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for k in kernels:
            if _alive(k):
                os.kill(k, signal.SIGKILL)

    # the next run is not blocked by the dead run's lock file or folder, and clears the folder away
    assert main(["report", str(SAMPLE), "--period", "2021-07", "--lang", other, "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == FILES
    assert set(_lang_of_every_file(out).values()) == {other}
    assert _litter(out.parent) == []


def test_leftovers_of_killed_runs_are_cleared_but_a_live_build_is_not(tmp_path):
    # what kills leave beside reports/r: a dead run's build folder, the previous report moved aside
    # by a run killed between its two renames (so reports/r is missing), and a live run's build folder
    from nbformat.v4 import new_code_cell, new_notebook

    from yeji_analysis.commands.render import RenderError, _hold, run_notebook

    parent = tmp_path / "reports"
    dead, old, live = parent / ".r.build-dead", parent / ".r.old-20210731-1", parent / ".r.build-live"
    for folder in (dead, old, live):
        folder.mkdir(parents=True)
    (old / "r.html").write_text("previous report", encoding="utf-8")
    nb = tmp_path / "r.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell('raise ValueError("台账有误")')],
                                metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                         "language": "python"}}), nb)
    guard = _hold(live)  # as a running `yeji report` holds its build folder
    try:
        with pytest.raises(RenderError, match="台账有误"):
            run_notebook(nb, {}, parent / "r", html_name="r.html", progress=False)
    finally:
        os.close(guard)
    # the previous report is back in place (the failed notebook beside it); the dead build is gone
    assert (parent / "r" / "r.html").read_text(encoding="utf-8") == "previous report"
    assert sorted(p.name for p in (parent / "r").iterdir()) == ["r.failed.ipynb", "r.html"]
    assert _litter(parent) == [".r.build-live"]
