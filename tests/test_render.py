"""Running a notebook into a report folder: papermill, HTML without code, all-or-nothing moves, locks."""

from __future__ import annotations

import re
import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from yeji_analysis.commands.render import RenderError, check_params, export_html, run_notebook

KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def _notebook(path, body: str, *, params: str = 'marker: str = "none"  # a value to find in the outputs'):
    """A tiny notebook: a parameters cell, a markdown heading, ``body`` as one code cell, a hidden cell."""
    param_cell = new_code_cell(params)
    param_cell.metadata["tags"] = ["parameters"]
    hidden = new_code_cell("print('HIDDEN-CELL-OUTPUT')")
    hidden.metadata["tags"] = ["remove_cell"]
    nb = new_notebook(cells=[param_cell, new_markdown_cell("## 标题 heading"), new_code_cell(body), hidden],
                      metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    nbformat.write(nb, path)
    return path


PLOT = """
import sys
import matplotlib
matplotlib.use("Agg")
from matplotlib.figure import Figure
from IPython.display import Image, display
import io
print("RESULT", marker)
print("to stderr", file=sys.stderr)
fig = Figure(figsize=(2, 2)); fig.add_subplot().plot([1, 2], [3, 1])
buf = io.BytesIO(); fig.savefig(buf, format="png")
display(Image(buf.getvalue()))
"""


def test_check_params_accepts_plain_values_only():
    assert check_params({"a": "x", "b": 1, "c": 1.5, "d": True, "e": None}) == {"a": "x", "b": 1, "c": 1.5, "d": True,
                                                                                 "e": None}
    for bad in ([1], {"k": 1}, object()):
        with pytest.raises(TypeError, match="plain"):
            check_params({"x": bad})
    with pytest.raises(TypeError, match="identifier"):
        check_params({"not a name": 1})


def test_run_writes_notebook_and_html_without_code(tmp_path):
    nb = _notebook(tmp_path / "tiny.ipynb", PLOT)
    out = tmp_path / "reports" / "one"
    run_notebook(nb, {"marker": "M-123"}, out, html_name="tiny.html", progress=False)
    assert sorted(p.name for p in out.iterdir()) == ["tiny.html", "tiny.ipynb"]
    html = (out / "tiny.html").read_text(encoding="utf-8")
    executed = nbformat.read(out / "tiny.ipynb", as_version=4)
    # the executed notebook keeps everything (the injected parameters too)
    assert any("M-123" in str(c.get("outputs", "")) for c in executed.cells)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)
    # the HTML: the output, but no code, no prompts, no hidden cell, no stderr, no scripts
    assert "RESULT M-123" in html
    assert "matplotlib.use" not in html and "marker: str" not in html and "print(" not in html
    assert not re.search(r'class="[^"]*(jp-CodeMirrorEditor|hl-ipython3|jp-InputPrompt)', html)
    assert "In&nbsp;[" not in html
    assert "HIDDEN-CELL-OUTPUT" not in html and "to stderr" not in html
    assert "<script" not in html.lower()
    imgs = re.findall(r'<img[^>]*src="([^"]*)"', html)
    assert len(imgs) == 1 and imgs[0].startswith("data:image/png;base64,")
    # no build folders left beside the report
    assert [p.name for p in (tmp_path / "reports").iterdir() if p.name.startswith(".") and "build" in p.name] == []


def test_failed_run_keeps_previous_report_and_says_why(tmp_path):
    out = tmp_path / "reports" / "2021-07"
    out.mkdir(parents=True)
    (out / "retro.html").write_text("previous report", encoding="utf-8")
    (out / "metrics.json").write_text('{"old": true}', encoding="utf-8")
    nb = _notebook(tmp_path / "retro.ipynb", 'print("start")\nraise ValueError("第3行：日期 2021-13-01 无效\\nsecond line")')
    with pytest.raises(RenderError) as info:
        run_notebook(nb, {"marker": "x"}, out, html_name="retro.html", progress=False)
    msg = str(info.value)
    assert "\n" not in msg  # one readable line
    assert "ValueError" in msg and "2021-13-01" in msg and "retro.ipynb" in msg
    # the previous report is untouched; the failed notebook sits beside it
    assert (out / "retro.html").read_text(encoding="utf-8") == "previous report"
    assert (out / "metrics.json").read_text(encoding="utf-8") == '{"old": true}'
    failed = out / "retro.failed.ipynb"
    assert failed.is_file() and info.value.failed_notebook == failed
    assert "ValueError" in failed.read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == ["metrics.json", "retro.failed.ipynb", "retro.html"]


def test_finalize_error_fails_the_run_without_touching_the_folder(tmp_path):
    out = tmp_path / "r"
    out.mkdir()
    (out / "keep.txt").write_text("old", encoding="utf-8")
    nb = _notebook(tmp_path / "t.ipynb", "print(1)")

    def finalize(build):
        raise RuntimeError("metrics.json missing")

    with pytest.raises(RenderError, match="metrics.json missing"):
        run_notebook(nb, {}, out, html_name="t.html", progress=False, finalize=finalize)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_two_concurrent_runs_leave_one_complete_report(tmp_path):
    # two processes (two `yeji report` commands) writing the same folder at the same time
    nb = _notebook(tmp_path / "c.ipynb", 'print("RUN", marker)\nopen("extra.txt", "w").write(marker)')
    out = tmp_path / "reports" / "same"
    code = ("import sys; from yeji_analysis.commands.render import run_notebook; "
            "run_notebook(sys.argv[1], {'marker': sys.argv[2]}, sys.argv[3], html_name='c.html', progress=False)")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(nb), m, str(out)], stderr=subprocess.PIPE)
             for m in ("AAA", "BBB")]
    results = [(p.wait(timeout=120), p.stderr.read().decode()) for p in procs]
    assert [rc for rc, _ in results] == [0, 0], results
    assert sorted(p.name for p in out.iterdir()) == ["c.html", "c.ipynb", "extra.txt"]
    # every file comes from the same run: the marker in the HTML, the notebook and the file agree
    marker = (out / "extra.txt").read_text()
    assert marker in ("AAA", "BBB")
    other = "BBB" if marker == "AAA" else "AAA"
    assert f"RUN {marker}" in (out / "c.html").read_text(encoding="utf-8")
    assert f"RUN {marker}" in (out / "c.ipynb").read_text(encoding="utf-8")
    assert f"RUN {other}" not in (out / "c.html").read_text(encoding="utf-8")
    assert f"RUN {other}" not in (out / "c.ipynb").read_text(encoding="utf-8")
    # no build or old folders left behind
    assert [p.name for p in (tmp_path / "reports").iterdir() if p.is_dir()] == ["same"]


def test_export_html_drops_tagged_cells_and_stderr():
    shown = new_code_cell("x = 1", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text="visible-out"),
        nbformat.v4.new_output("stream", name="stderr", text="a warning")])
    hidden = new_markdown_cell("hidden markdown")
    hidden.metadata["tags"] = ["remove_cell"]
    nb = new_notebook(cells=[new_markdown_cell("# 报告"), hidden, shown], metadata={"kernelspec": KERNELSPEC})
    html = export_html(nb, title="t")
    assert "visible-out" in html and "报告" in html
    assert "a warning" not in html and "hidden markdown" not in html and "x = 1" not in html


def test_a_kernel_starts_with_the_collector_off_until_the_imports_are_done(tmp_path):
    # the kernel's first cell sees the collector off (KERNEL_ARGUMENTS); after imports_done() it is on and
    # the objects made so far are frozen (the modules imported: thousands at least, never zero)
    body = ("import gc\nprint('BEFORE', gc.isenabled())\n"
            "from yeji_analysis.present.context import imports_done\nimports_done()\n"
            "print('AFTER', gc.isenabled(), gc.get_freeze_count() > 1000)")
    nb = _notebook(tmp_path / "gc.ipynb", body)
    out = tmp_path / "gc"
    run_notebook(nb, {}, out, html_name="gc.html", progress=False)
    html = (out / "gc.html").read_text(encoding="utf-8")
    assert "BEFORE False" in html and "AFTER True True" in html


def test_imports_done_freezes_once_a_process():
    # a second call (a lab session's next load_context) freezes nothing more: the objects made in between stay
    # collectable; the collector is on after either call
    import gc
    from yeji_analysis.present import context
    context.imports_done()
    frozen = gc.get_freeze_count()
    garbage = [[] for _ in range(1000)]  # 1,000 new tracked objects
    gc.disable()
    context.imports_done()
    assert gc.get_freeze_count() == frozen and gc.isenabled()
    del garbage


def test_a_process_freezes_what_it_holds_only_at_its_exit():
    # freeze_at_exit (the yeji command's, the floor benchmark's): nothing is frozen while the process goes on (the
    # 1,000 lists made after the call stay collectable), and at its exit, after the handlers registered later,
    # what it holds is frozen before the interpreter's last collection; called twice, it registers once
    code = """
import atexit, gc
atexit.register(lambda: print("AT EXIT", gc.get_freeze_count() > 1000))   # registered first, so run last
from yeji_analysis.runtime import freeze_at_exit
before = atexit._ncallbacks()
freeze_at_exit(); freeze_at_exit()
print("REGISTERED", atexit._ncallbacks() - before)
garbage = [[] for _ in range(1000)]
print("RUNNING", gc.get_freeze_count())
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:3] == ["REGISTERED 1", "RUNNING 0", "AT EXIT True"]
