"""Sections worked out ahead in a forked process (yeji_analysis.ahead): what comes back is what the notebook's own call makes.

The jobs below are small enough to know their results by hand: 6 * 7 = 42; a job that raises, one whose value
cannot be pickled and one that outlives the wait give nothing back (MISSING), so the notebook's own call runs.
"""

from __future__ import annotations

import json
import os
import time
import warnings
from pathlib import Path

import openpyxl
import pytest

from yeji_analysis import ahead as A

pytestmark = pytest.mark.skipif(not A.can_fork(), reason="needs os.fork and a second core")

ROOT = Path(__file__).resolve().parents[1]


def test_results_come_back_in_any_order_once_each():
    got = A.start_ahead({"a": lambda: 6 * 7, "b": lambda: {"pid": os.getpid()}, "c": lambda: [1, 2]})
    assert got.take("c") == [1, 2]
    assert got.take("a") == 42
    assert got.take("b")["pid"] != os.getpid()   # made in the other process
    assert got.take("a") is A.MISSING            # handed over once
    assert got.take("nothing") is A.MISSING


def test_a_failing_or_unpicklable_job_gives_nothing_and_the_next_still_comes():
    def boom():
        raise ValueError("x")
    got = A.start_ahead({"boom": boom, "lock": lambda: (lambda: 1), "after": lambda: "ok"})
    assert got.take("boom") is A.MISSING
    assert got.take("lock") is A.MISSING         # a lambda cannot be pickled
    assert got.take("after") == "ok"


def test_warnings_of_the_job_are_issued_where_it_is_taken():
    def warns():
        warnings.warn("区域名称未识别", UserWarning)
        return 1
    got = A.start_ahead({"w": warns})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert got.take("w") == 1
    assert [str(w.message) for w in caught] == ["区域名称未识别"]


def test_a_job_that_takes_too_long_is_stopped(monkeypatch):
    monkeypatch.setattr(A, "WAIT_SECONDS", 0.5)
    got = A.start_ahead({"slow": lambda: time.sleep(30), "next": lambda: 1})
    assert got.take("slow") is A.MISSING         # given up on after WAIT_SECONDS, the process stopped
    assert got.take("next") is A.MISSING          # the process is gone
    with pytest.raises(ChildProcessError):
        os.waitpid(got.pid, os.WNOHANG)           # and reaped


def test_the_report_sections_made_ahead_are_the_ones_made_here(tmp_path):
    from yeji_analysis.present import retrospective as S
    from yeji_analysis.present.context import load_context

    def context():
        return load_context(str(ROOT / "data" / "sample"), "2021-07-29", "2021-08-11", "", "zh", True, "", "dispatch-03")

    here, there = context(), context()
    (tmp_path / "here").mkdir()
    (tmp_path / "there").mkdir()
    S.work_ahead(there, str(tmp_path / "there"))
    assert there.ahead is not None
    made = S.battle_map(there)
    assert there.ahead.names[0] is None                      # handed over, not made again here
    mine = S.battle_map(here)
    assert made._repr_html_() == mine._repr_html_()
    assert made.frames["region_coverage"].equals(mine.frames["region_coverage"])
    S.outputs(there, str(tmp_path / "there"))
    assert not any(there.ahead.names)                        # the files too were written there
    S.outputs(here, str(tmp_path / "here"))
    metrics = [json.loads((tmp_path / d / "metrics.json").read_text(encoding="utf-8")) for d in ("here", "there")]
    for m in metrics:
        m.pop("generated_at", None)
    assert metrics[0] == metrics[1]
    books = [openpyxl.load_workbook(tmp_path / d / "dispatch.xlsx") for d in ("here", "there")]
    assert books[0].sheetnames == books[1].sheetnames
    for name in books[0].sheetnames:
        assert list(books[0][name].values) == list(books[1][name].values), name


def test_a_changed_context_makes_its_own(tmp_path):
    import dataclasses

    from yeji_analysis.present import retrospective as S
    from yeji_analysis.present.context import load_context

    ctx = load_context(str(ROOT / "data" / "sample"), "2021-07-01", "2021-09-30", "", "zh", True, "", "campaign")
    S.work_ahead(ctx, str(tmp_path))
    other = dataclasses.replace(ctx, as_of="2021-08-11", _cache={})   # shares ctx.ahead, but not what it was made from
    assert S._made_ahead(other, "battle_map") is S.MISSING
    assert ctx.ahead.names[0] == "battle_map"                        # still there for ctx itself
    assert S._made_ahead(ctx, "battle_map") is not S.MISSING


def test_an_untaken_job_goes_with_its_ahead():
    import gc

    got = A.start_ahead({"slow": lambda: time.sleep(30)})
    pid = got.pid
    assert os.getpgid(pid) == pid   # a process group of its own: a kernel's shutdown signals its group, not this
    del got
    gc.collect()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)   # stopped and reaped


def test_nothing_is_left_on_disk(tmp_path, monkeypatch):
    monkeypatch.setattr(A.tempfile, "tempdir", str(tmp_path))
    got = A.start_ahead({"a": lambda: "x" * 100_000, "b": lambda: 2})
    assert list(tmp_path.iterdir()) == []          # the results' files are open, but already removed
    assert got.take("a") == "x" * 100_000 and got.take("b") == 2
    assert list(tmp_path.iterdir()) == []


def test_the_plan_views_and_files_made_ahead_are_the_ones_made_here(tmp_path, monkeypatch):
    import re

    import IPython
    from IPython.core.formatters import DisplayFormatter

    from yeji_analysis.ledgers import load_campaign
    from yeji_analysis.planner import plan_roadshows
    from yeji_analysis.present import roadshow as R
    from yeji_analysis.present.redact import contact_names

    class Shell:   # what work_ahead needs of a notebook's kernel: its display formatter
        display_formatter = DisplayFormatter()
    monkeypatch.setattr(IPython, "get_ipython", lambda: Shell)
    campaign = load_campaign(ROOT / "data" / "sample")
    names = contact_names(campaign)
    here, there = (plan_roadshows(campaign, "2021-09-01", "2021-09-24") for _ in range(2))
    for d in ("here", "there"):
        (tmp_path / d).mkdir()
    R.work_ahead(there, campaign, str(tmp_path / "there"), names=names)
    assert id(there) in R._AHEAD

    def shown(obj):   # the page's HTML of a view, without pandas' random table ids
        data, _ = Shell.display_formatter.format(obj)
        return re.sub(r"T_[0-9a-f]{5}", "T_", data["text/html"])
    for view in ("route", "contacts"):
        kw = {"names": names} if view in R._NAMED_VIEWS else {}
        made = R.show_view(there, view, **kw)
        assert isinstance(made, R._Formatted)                    # handed over
        assert shown(made) == shown(R.show_view(here, view, **kw))
    assert R._made_ahead(there, R._view_key("contacts", "zh", True, names)) is A.MISSING   # handed over once
    assert not isinstance(R.show_view(there, "needs", lang="en"), R._Formatted)   # other arguments: made here
    # what is handed over is still show_view's Styler to whoever uses it as one: its rows, its HTML, and what is
    # done to it shown (the days view, 24 days 9/1-9/24, one row a day; a caption set on it is on the page)
    made = R.show_view(there, "days")
    assert isinstance(made, R._Formatted)
    ids = lambda html: re.sub(r"T_[0-9a-f]{5}", "T_", html)
    assert len(made.data) == 24 and ids(made.to_html()) == ids(R.show_view(here, "days").to_html())
    made.set_caption("逐日可用情况")
    assert "逐日可用情况" in shown(made)
    doc = R.write_plan_outputs(there, campaign, str(tmp_path / "there"))
    assert doc == R.write_plan_outputs(here, campaign, str(tmp_path / "here"))
    books = [openpyxl.load_workbook(tmp_path / d / "itinerary.xlsx") for d in ("here", "there")]
    for name in books[0].sheetnames:
        assert list(books[0][name].values) == list(books[1][name].values), name
    del there
    import gc
    gc.collect()
    assert not R._AHEAD                                           # gone with its plan


def test_a_fork_that_fails_leaves_every_job_to_be_made_in_place(monkeypatch):
    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")
    monkeypatch.setattr(A.os, "fork", no_fork)
    before = len(os.listdir("/proc/self/fd"))
    assert A.start_ahead({"a": lambda: 1}) is None    # as on one core: the caller's own call makes it
    assert len(os.listdir("/proc/self/fd")) == before  # its pipe and files closed
