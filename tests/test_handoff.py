"""A value worked out by one process for another (handoff): the command reads the ledgers while the kernel starts.

Small cases known by hand: a job returning 6 * 7 hands over 42 under its key, and nothing under another key; a
job that raises, or a process killed before it wrote, hands over nothing, and the waiting side learns so at once
(the lock goes with the process), not at its time-out. The campaign handed over is the one the notebook would have
read: every frame equal to a read of its own.
"""

from __future__ import annotations

import os
import signal
import time
import warnings
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from yeji_analysis import handoff as H
from yeji_analysis.commands import render
from yeji_analysis.ahead import can_fork
from yeji_analysis.present.context import read_campaign

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs os.fork and a second core")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"


def test_the_value_comes_over_under_its_key_only(tmp_path):
    path = tmp_path / "v.pickle"
    got = H.hand_over(path, lambda: {"answer": 6 * 7, "pid": os.getpid()}, key=("a", 1))
    value = H.take_over(path, ("a", 1))
    assert value["answer"] == 42 and value["pid"] != os.getpid()   # made in the other process
    assert H.take_over(path, ("b", 1)) is H.MISSING                 # made from other inputs: not taken
    got.close()
    assert list(tmp_path.iterdir()) == []                           # the file and its lock are gone
    assert H.take_over(path, ("a", 1)) is H.MISSING                 # nothing left to take


def test_a_failing_job_or_a_killed_process_hands_over_nothing_at_once(tmp_path):
    def boom():
        raise ValueError("x")
    got = H.hand_over(tmp_path / "boom.pickle", boom, key=1)
    assert H.take_over(tmp_path / "boom.pickle", 1) is H.MISSING
    got.close()
    slow = H.hand_over(tmp_path / "slow.pickle", lambda: time.sleep(30), key=1)
    time.sleep(0.2)
    os.kill(slow.pid, signal.SIGKILL)
    t0 = time.monotonic()
    assert H.take_over(tmp_path / "slow.pickle", 1, timeout=20) is H.MISSING
    assert time.monotonic() - t0 < 10   # the lock went with the process: no waiting for the time-out
    slow.close()
    assert list(tmp_path.iterdir()) == []


def test_a_job_still_running_after_the_time_out_is_not_waited_for(tmp_path):
    slow = H.hand_over(tmp_path / "slow.pickle", lambda: time.sleep(30) or 1, key=1)
    assert H.take_over(tmp_path / "slow.pickle", 1, timeout=0.3) is H.MISSING
    pid = slow.pid
    slow.close()   # stopped and reaped
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


class _Loaded:
    """Notes whether the collector was on when it was unpickled."""

    def __init__(self):
        self.made = True   # some state, so that unpickling calls __setstate__

    def __setstate__(self, state):
        import gc
        self.collecting = gc.isenabled()


def test_the_value_is_loaded_with_the_collector_paused_and_it_is_on_again_after(tmp_path):
    # the kernel's collector is on when it takes the value (imports_done): the value is loaded with it paused, as the
    # ledgers are read (runtime.gc_paused), and it is on again afterwards
    import gc

    got = H.hand_over(tmp_path / "g.pickle", _Loaded, key=0)
    assert gc.isenabled()
    value = H.take_over(tmp_path / "g.pickle", 0)
    got.close()
    assert value.collecting is False and gc.isenabled()


def test_warnings_of_the_job_are_issued_where_it_is_taken(tmp_path):
    def warns():
        warnings.warn("区域名称未识别", UserWarning)
        return 1
    got = H.hand_over(tmp_path / "w.pickle", warns, key=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert H.take_over(tmp_path / "w.pickle", 0) == 1
    assert [str(w.message) for w in caught] == ["区域名称未识别"]
    got.close()


def _frames_equal(a, b) -> None:
    frames = [k for k, v in vars(a).items() if isinstance(v, pd.DataFrame)]
    assert {"leads", "trips", "receptions", "warnings", "rejections"} <= set(frames)
    assert frames == [k for k, v in vars(b).items() if isinstance(v, pd.DataFrame)]
    for name in frames:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)
    assert a.config == b.config


def test_the_campaign_handed_over_is_the_one_read_here_and_other_inputs_are_read_anew(tmp_path):
    params = {"data_dir": str(SAMPLE), "config": "", "corrections": ""}
    name, job, key = render.campaign_read_ahead(params)
    assert name == "campaign_file"
    got = H.hand_over(tmp_path / "c.pickle", job, key)
    taken = read_campaign(str(SAMPLE), "", "", str(tmp_path / "c.pickle"))
    _frames_equal(taken, read_campaign(str(SAMPLE)))
    # the same file offered for another folder: that folder is read, not the sample handed over
    other = ROOT / "tests" / "data" / "office_b"
    mine = read_campaign(str(other), "", "", str(tmp_path / "c.pickle"))
    assert len(mine.leads) != len(taken.leads)
    _frames_equal(mine, read_campaign(str(other)))
    got.close()


def _same_figure(a, b) -> bool:
    import networkx as nx

    if isinstance(a, pd.DataFrame):
        return a.equals(b) and list(a.columns) == list(b.columns) and a.dtypes.equals(b.dtypes)
    if isinstance(a, nx.Graph):   # compared as written (an unknown amount is NaN, which equals nothing)
        return (str(sorted(a.nodes(data=True), key=str)) == str(sorted(b.nodes(data=True), key=str))
                and str(sorted(a.edges(data=True, keys=True), key=str)) == str(sorted(b.edges(data=True, keys=True), key=str)))
    return a == b


def test_the_report_figures_worked_out_ahead_are_the_reports_own_and_only_its_own(tmp_path):
    # yeji report hands over the campaign with every figure of its report (prepare_report) worked out while the
    # kernel imports: load_context of the same parameters takes them, each equal to the figure worked out here
    # (the sample's campaign report, 2021-07-01 to 2021-09-30); the same file for another as-of date, another
    # language or another period takes the campaign but works its own figures out
    from yeji_analysis.present.context import _COMPUTE, load_context

    params = {"data_dir": str(SAMPLE), "start": "2021-07-01", "end": "2021-09-30", "as_of": "2021-09-30",
              "lang": "zh", "redact": True, "config": "", "period": "campaign", "corrections": "", "out_dir": "."}
    name, job, key = render.report_read_ahead(params)
    path = tmp_path / "c.pickle"
    got = H.hand_over(path, job, key)
    os.waitpid(got.pid, 0)   # done before it is asked for, as while a kernel imports (else it stops where it is)
    args = {k: params[k] for k in ("start", "end", "as_of", "lang", "redact", "config", "period", "corrections")}
    ctx = load_context(str(SAMPLE), **args, campaign_file=str(path))
    assert sorted(ctx._cache) == sorted(_COMPUTE)   # every figure came over, none worked out yet here
    mine = load_context(str(SAMPLE), **args)
    assert mine._cache == {}
    for k in _COMPUTE:
        assert _same_figure(ctx.frame(k), mine.frame(k)), k
    for other in ({"as_of": "2021-08-31"}, {"lang": "en"}, {"period": "2021-q3"}):
        ctx2 = load_context(str(SAMPLE), **(args | other), campaign_file=str(path))
        assert ctx2._cache == {} and len(ctx2.campaign.leads) == len(mine.campaign.leads), other
    # the campaign alone for a notebook that only reads (the plan's): read_campaign takes it from the same file
    assert len(read_campaign(str(SAMPLE), "", "", str(path)).leads) == len(mine.campaign.leads)
    got.close()


def test_a_report_figure_that_fails_ahead_is_left_to_the_report(monkeypatch):
    # a figure that raises while worked out ahead is not handed over (the report's own cell then works it out and
    # shows its error there, as without the hand-over); the others are
    from yeji_analysis.present import context as C

    def boom(ctx):
        raise RuntimeError("this figure cannot be made")

    monkeypatch.setitem(C._COMPUTE, "stalled_leads", boom)
    prepared = C.prepare_report(lambda: read_campaign(str(SAMPLE)), {"data_dir": str(SAMPLE), "start": "2021-07-01",
                                                                     "end": "2021-09-30", "period": "campaign"})
    assert "stalled_leads" not in prepared.frames and "unit_compliance" in prepared.frames
    assert prepared.key == ("2021-07-01", "2021-09-30", "2021-09-30", "zh", True, "campaign")


def test_no_report_figure_is_begun_ahead_once_the_kernel_waits(tmp_path, monkeypatch):
    # the kernel asks for the campaign (take_over) while the process is still working figures out: it gets the
    # figures made by then and works the rest out itself, instead of waiting for them all (a big folder's: the
    # forecast alone ~13 s of 50,000 leads). Here "first" is made before the kernel asks (it leaves a mark the test
    # waits for), "second" is under way when it asks (it goes on until the ask), and "third" would take 60 s: the
    # kernel, waiting up to 30 s, takes the campaign with the first two (before: it waited for "third" too, past its
    # 30 s, and took nothing, not even the campaign)
    from yeji_analysis.present import context as C

    made = tmp_path / "first.made"
    hand = tmp_path / "hand"
    hand.mkdir()

    def second(ctx):
        for _ in range(3000):   # up to 30 s for the kernel's ask
            if H.asked():
                return "second"
            time.sleep(0.01)
        return "never asked"

    monkeypatch.setattr(C, "_COMPUTE", {"first": lambda ctx: made.touch() or "first", "second": second,
                                        "third": lambda ctx: time.sleep(60) or "third"})
    params = {"data_dir": str(SAMPLE), "start": "2021-07-01", "end": "2021-09-30", "as_of": "2021-09-30",
              "lang": "zh", "redact": True, "config": "", "period": "campaign", "corrections": "", "out_dir": "."}
    name, job, key = render.report_read_ahead(params)
    got = H.hand_over(hand / "c.pickle", job, key)
    for _ in range(3000):   # up to 30 s for the campaign to be read and "first" made
        if made.exists():
            break
        time.sleep(0.01)
    taken = H.take_over(hand / "c.pickle", key, timeout=30)
    got.close()
    assert isinstance(taken, C.Prepared) and taken.frames == {"first": "first", "second": "second"}
    assert list(hand.iterdir()) == []   # the note that the kernel asked goes with the other files


def test_the_plan_worked_out_ahead_is_the_plan_of_its_own_arguments_only(tmp_path):
    # yeji plan hands over the campaign with the plan of the notebook's parameters (prepare_plan) worked out while
    # the kernel imports: plan_for with the same arguments takes it, a plan equal to one made here (September 1-24,
    # as of 2021-08-31: every frame of it equal); other arguments, or another campaign, make their own
    import dataclasses

    from yeji_analysis.planner import plan_roadshows
    from yeji_analysis.present.roadshow import plan_for

    params = {"data_dir": str(SAMPLE), "plan_start": "2021-09-01", "plan_end": "2021-09-24", "as_of": "2021-08-31",
              "regions": "", "max_trips_per_unit": 0, "lang": "zh", "redact": True, "config": "", "out_dir": ".",
              "corrections": ""}
    name, job, key = render.plan_read_ahead(params)
    path = tmp_path / "p.pickle"
    got = H.hand_over(path, job, key)
    campaign = read_campaign(str(SAMPLE), "", "", str(path))
    args = dict(as_of="2021-08-31", regions=None, max_trips_per_unit=None, lang="zh")
    taken = plan_for(campaign, "2021-09-01", "2021-09-24", **args)
    here = plan_roadshows(read_campaign(str(SAMPLE)), "2021-09-01", "2021-09-24", **args)
    for field in dataclasses.fields(here):
        a, b = getattr(taken, field.name), getattr(here, field.name)
        same = a.equals(b) if isinstance(a, pd.DataFrame) else str(a) == str(b)
        assert same, field.name
    assert plan_for(campaign, "2021-09-01", "2021-09-24", **args) is taken      # taken each time it is asked for
    other = plan_for(campaign, "2021-09-01", "2021-09-17", **args)               # another window: made here
    assert other is not taken and other.days["date"].max() <= pd.Timestamp("2021-09-17")
    assert plan_for(read_campaign(str(SAMPLE)), "2021-09-01", "2021-09-24", **args) is not taken
    got.close()


def test_what_came_with_a_campaign_goes_with_it(tmp_path):
    # read_campaign keeps the plan that came with the campaign for plan_for "while the campaign lives": once the
    # notebook lets the campaign go, the campaign is freed and nothing of it is kept (before: the table held the
    # campaign itself, so it lived as long as the process and its weakref.finalize never ran)
    import gc
    import weakref

    from yeji_analysis.present import context as C

    params = {"data_dir": str(SAMPLE), "plan_start": "2021-09-01", "plan_end": "2021-09-24", "as_of": "2021-08-31",
              "regions": "", "max_trips_per_unit": 0, "lang": "zh", "redact": True, "config": "", "out_dir": ".",
              "corrections": ""}
    name, job, key = render.plan_read_ahead(params)
    got = H.hand_over(tmp_path / "p.pickle", job, key)
    campaign = read_campaign(str(SAMPLE), "", "", str(tmp_path / "p.pickle"))
    got.close()
    cid, alive = id(campaign), weakref.ref(campaign)
    assert cid in C._PREPARED
    del campaign
    gc.collect()
    assert alive() is None and cid not in C._PREPARED


def test_run_notebook_hands_the_value_to_the_notebook_and_leaves_no_file(tmp_path):
    # the notebook prints what it took over under the key the command gave; the command's job made it
    params = new_code_cell('value_file: str = ""  # handed over by the command')
    params.metadata["tags"] = ["parameters"]
    body = new_code_cell("from yeji_analysis.handoff import take_over\n"
                         "print('TOOK', repr(take_over(value_file, ('k',))) if value_file else 'NOTHING')")
    nb = new_notebook(cells=[params, body], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                     "language": "python"},
                                                      "language_info": {"name": "python"}})
    template = tmp_path / "t.ipynb"
    nbformat.write(nb, template)
    out = tmp_path / "out"
    render.run_notebook(template, {}, out, html_name="t.html", progress=False,
                        read_ahead=("value_file", lambda: "made-by-the-command", ("k",)))
    executed = nbformat.read(out / "t.ipynb", as_version=4)
    assert "TOOK 'made-by-the-command'" in str(executed.cells[-1].outputs)
    assert sorted(p.name for p in out.iterdir()) == ["t.html", "t.ipynb"]   # no pickle, no lock moved in
    assert not [p for p in tmp_path.iterdir() if ".build-" in p.name]


def test_a_process_running_other_threads_is_not_forked(tmp_path):
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert H.hand_over(tmp_path / "t.pickle", lambda: 1, key=0) is None   # nothing forked, nothing written
        assert list(tmp_path.iterdir()) == []
    finally:
        stop.set()
        other.join()


def _explode():
    raise RuntimeError("this value must not be unpickled")


class Explodes:
    """A value that pickles, but whose unpickling raises (as a campaign pickled by another pandas may)."""

    def __reduce__(self):
        return (_explode, ())


def test_a_value_made_from_other_inputs_is_not_unpickled_and_one_that_does_not_load_is_not_taken(tmp_path):
    # made under key "a": offered under key "b" it is not taken, and not even loaded (loading it raises); under
    # its own key it does not load, so it is not taken either: both MISSING, the notebook then reads itself
    path = tmp_path / "x.pickle"
    got = H.hand_over(path, Explodes, key=("a",))
    assert H.take_over(path, ("b",)) is H.MISSING
    assert H.take_over(path, ("a",)) is H.MISSING
    got.close()


def test_a_fork_that_fails_hands_over_nothing_and_leaves_nothing(tmp_path, monkeypatch):
    # os.fork can fail where a kernel still starts (EAGAIN at the process limit, ENOMEM under strict overcommit,
    # where subprocess's vfork/posix_spawn still works): as with no fork at all, None (the notebook reads the
    # folder itself), no lock file left and no descriptor kept open
    import errno

    def no_fork():
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    before = set(os.listdir("/dev/fd"))
    assert H.hand_over(tmp_path / "v.pickle", lambda: 1, key=0) is None
    assert list(tmp_path.iterdir()) == []
    assert set(os.listdir("/dev/fd")) <= before
