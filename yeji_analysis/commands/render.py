"""Running a notebook into a report folder (报告生成): papermill, then HTML without code, moved into place whole."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import keyword
import copy
import os
import re
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from ..handoff import hand_over
from ..runtime import gc_paused

__all__ = ["RenderError", "run_notebook", "export_html", "export_pdf", "check_params", "folder_lock", "section_heading",
           "PLAIN_TYPES", "KERNEL_ARGUMENTS", "campaign_read_ahead", "report_read_ahead", "plan_read_ahead"]

#: The only parameter types passed to papermill: plain values, never code.
PLAIN_TYPES = (str, int, float, bool, type(None))

_ANSI = re.compile("\x1b\\[(K|.*?m)")

#: The kernel logs only what is critical: not ipykernel's "running over TCP without encryption" warning (the
#: kernel listens on localhost for this one run) nor the "KeyboardInterrupt caught in kernel" jupyter_client's
#: shutdown provokes (it interrupts the kernel before asking it to stop). A cell's errors still come back to
#: papermill as the cell's output, and a crash of the kernel as papermill's error.
#: The kernel also starts with the cyclic garbage collector off: the notebook's first cell imports pandas, matplotlib,
#: seaborn and the package (~1M objects, no garbage), and each full collection on the way rescans all of them;
#: :func:`yeji_analysis.present.context.imports_done` (called once the imports are done) freezes them and turns it on.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL", "--IPKernelApp.exec_lines=import gc; gc.disable()"]


class RenderError(RuntimeError):
    """A notebook that failed to run or convert; the message is the failing cell's error in one line."""

    def __init__(self, message: str, *, failed_notebook: Path | None = None, cell: int | None = None):
        super().__init__(message)
        self.failed_notebook = failed_notebook
        self.cell = cell


def check_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``params`` as a dict after checking every value is a plain str/int/float/bool/None.

    Examples
    --------
    >>> check_params({"start": "2021-07-01", "redact": True})
    {'start': '2021-07-01', 'redact': True}
    >>> check_params({"x": [1]})
    Traceback (most recent call last):
    ...
    TypeError: notebook parameter 'x' must be a plain str, int, float, bool or None, not list
    """
    out = {}
    for key, value in params.items():
        if not isinstance(key, str) or not key.isidentifier() or keyword.iskeyword(key):
            raise TypeError(f"notebook parameter name {key!r} is not a Python identifier")
        if not isinstance(value, PLAIN_TYPES):
            raise TypeError(f"notebook parameter {key!r} must be a plain str, int, float, bool or None, "
                            f"not {type(value).__name__}")
        out[key] = value
    return out


@contextlib.contextmanager
def folder_lock(dest: Path) -> Iterator[None]:
    """Hold an exclusive lock (a ``.<name>.lock`` file beside ``dest``) while the body runs; the file is
    removed when the lock is released, so no lock files pile up beside the outputs.

    A process that waited on a lock file its holder then removed finds the path gone or pointing at
    another file once it gets the lock, and tries again on the file now there: one holder at a time.
    """
    dest = Path(dest)
    lock_path = dest.parent / f".{dest.name}.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fh = open(lock_path, "a+")
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            held, now = os.fstat(fh.fileno()), os.stat(lock_path)
            if (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino):
                break
        except FileNotFoundError:  # removed by the holder before us
            pass
        fh.close()
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock_path)  # still holding the lock: a waiter sees the path gone and retries
        fh.close()


def _literal_path(path: Path) -> str:
    """``path`` as papermill should take it: papermill formats its paths with the parameters
    (``str.format``), so braces in a folder name are doubled to stay literal."""
    return str(path).replace("{", "{{").replace("}", "}}")


def _hold(folder: Path) -> int:
    """Lock ``folder`` (an exclusive ``flock`` on the folder itself) for as long as the returned
    descriptor stays open; the lock dies with the process, so a killed run's folder is free."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise
    return fd


def _clear_stale(out_dir: Path) -> None:
    """Remove what killed runs left beside ``out_dir`` (call under :func:`folder_lock`).

    A ``.<name>.build-*`` folder nobody holds (see :func:`_hold`) belongs to a run that died; a
    ``.<name>.old-*`` folder only exists inside a swap, which runs under the lock, so any found
    here is left over: it is put back when ``out_dir`` is missing (killed between the two
    renames), removed otherwise.
    """
    builds, olds = [], []
    for p in out_dir.parent.iterdir() if out_dir.parent.is_dir() else []:
        if p.name.startswith(f".{out_dir.name}.build-"):
            builds.append(p)
        elif p.name.startswith(f".{out_dir.name}.old-"):
            olds.append(p)
    for p in builds:
        try:
            fd = _hold(p)
        except OSError:  # a live run's folder (or gone already)
            continue
        try:
            shutil.rmtree(p, ignore_errors=True)
        finally:
            os.close(fd)
    for p in sorted(olds, key=lambda q: q.name, reverse=True):
        if not out_dir.exists():
            os.rename(p, out_dir)
        else:
            shutil.rmtree(p, ignore_errors=True)


def section_heading(source: str, lang: str = "zh") -> str | None:
    """The section a markdown cell opens, as the progress line names it: its first line when that is a
    heading of level 2 or more (``## …``; the notebook's ``#`` title is not a section), the Chinese part
    before " · " (the English part after it for ``lang="en"``); ``None`` for any other cell.

    Examples
    --------
    >>> section_heading("## 总体进度与区级目标 · Headline against the district targets")
    '总体进度与区级目标'
    >>> section_heading("## 总体进度与区级目标 · Headline", "en"), section_heading("# 阶段报告 · Period report")
    ('Headline', None)
    """
    first = next((ln for ln in str(source).splitlines() if ln.strip()), "")
    m = re.match(r"^\s{0,3}#{2,6}\s+(.+?)\s*#*\s*$", first)
    if not m:
        return None
    parts = [x.strip() for x in m.group(1).split(" · ") if x.strip()]
    return (parts[-1] if lang == "en" else parts[0]) if parts else None


class _SectionProgress:
    """One line on stderr per section of the notebook as papermill reaches it (``[3/12] 各单位逐月达标``),
    instead of papermill's cell counter; the sections are the notebook's markdown headings."""

    def __init__(self, nb: Any, lang: str, prefix: str = "") -> None:
        self.lang, self.prefix, self.done = lang, prefix, 0
        self.total = sum(1 for c in nb.cells if c.cell_type == "markdown" and section_heading(c.source, lang))

    def __call__(self, cell: Any = None, cell_index: int | None = None, **_: Any) -> None:
        if cell is None or cell.cell_type != "markdown":
            return
        name = section_heading(cell.source, self.lang)
        if name:
            self.done += 1
            print(f"{self.prefix}[{self.done}/{self.total}] {name}", file=sys.stderr, flush=True)


def _one_line(text: str, limit: int = 400) -> str:
    text = " ".join(_ANSI.sub("", str(text)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _error_message(exc: Exception) -> tuple[str, int | None]:
    """The failing cell's error as one readable line, and the cell's execution count."""
    ename = getattr(exc, "ename", None)
    if ename is not None:  # papermill.exceptions.PapermillExecutionError
        count = getattr(exc, "exec_count", None)
        where = f"cell [{count}]" if count is not None else f"cell #{getattr(exc, 'cell_index', '?')}"
        return _one_line(f"{where}: {ename}: {getattr(exc, 'evalue', '')}"), count
    return _one_line(f"{type(exc).__name__}: {exc}"), None


def _strip_for_sharing(nb: Any) -> Any:
    """A copy of ``nb`` for readers: no stderr streams, no cells tagged ``remove_cell``, no code
    cells left without output."""

    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if "remove_cell" in tags or "injected-parameters" in tags:
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
            if not cell.outputs:  # nothing a reader would see
                continue
        cells.append(cell)
    nb.cells = cells
    return nb


def _warm_up(pdf: bool) -> threading.Thread:
    """Import nbconvert (and WeasyPrint and pikepdf when a PDF follows) in a background thread, started while the kernel runs.

    This process only waits for the kernel then, and the imports (~0.3 s and ~0.5 s) would otherwise come after
    the last cell, before the HTML. Only imports: no state is shared, and whatever fails here fails again, with
    its message, where the module is used."""

    def run() -> None:
        with contextlib.suppress(Exception):
            import nbconvert.exporters.html  # noqa: F401  deferred: nbconvert (heavy), warmed while the kernel runs
            if pdf:
                import weasyprint  # noqa: F401  deferred: WeasyPrint (and Pango), warmed while the kernel runs
                import pikepdf  # noqa: F401  deferred: pikepdf (qpdf), warmed while the kernel runs

    thread = threading.Thread(target=run, name="yeji-warm-up", daemon=True)
    thread.start()
    return thread


def export_html(nb: Any, *, title: str | None = None, lang: str = "zh") -> str:
    """The notebook as one self-contained HTML page: no input cells, no prompts, images inline.

    Charts already live in the outputs as base64 PNG and are written as ``data:`` URIs; markdown
    images are embedded too; scripts are removed (nothing is fetched), so the page opens offline.
    Cells tagged ``remove_cell`` and papermill's injected-parameters cell are left out, and so
    are stderr streams (warnings are for analysts, in the executed notebook). ``lang`` ("zh" or
    "en") is the page's declared language, so browsers and screen readers treat the text right.
    """
    from nbconvert import HTMLExporter  # deferred: nbconvert (heavy) only when a page is exported

    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.exclude_anchor_links = True
    exporter.embed_images = True
    exporter.mathjax_url = ""
    exporter.require_js_url = ""
    exporter.language_code = lang   # ISO 639-1, as nbconvert expects
    nb = _strip_for_sharing(nb)
    if title:
        nb.metadata["title"] = title
    with gc_paused():  # nbconvert's tree in a process holding pandas and papermill: no full rescans of them
        body, _ = exporter.from_notebook_node(nb)
    # a report needs no JavaScript: drop every script (MathJax, require.js, mermaid loaders fetch from CDNs)
    body = re.sub(r"<script\b[^>]*>.*?</script>", "", body, flags=re.S | re.I)
    return body


def export_pdf(html_path: str | os.PathLike, pdf_path: str | os.PathLike, *, header: str,
               landscape: bool = False, parts: int | None = None, lang: str = "zh") -> Path:
    """Print the page ``html_path`` to ``pdf_path``: A4, the running ``header`` (title and period),
    page numbers (in ``lang``: 第 N 页 / 共 M 页, Page N of M), each section on a new page, table rows never cut and their headers repeated,
    the Chinese fonts embedded (subsets). The layout is :func:`yeji_analysis.present.html.print_css`.

    WeasyPrint lays the page out (CSS paged media: margin boxes, ``counter(pages)``, repeated
    ``thead``); nothing is fetched: only ``data:`` URIs (the embedded charts) are read.
    ``landscape`` turns the pages (the plan's wide tables). A notebook's page with several sections is
    laid out in up to ``parts`` processes at once (default: the cores this process may use, at most 4;
    see :mod:`yeji_analysis.commands.pdf`), the same pages as when laid out whole. Returns ``pdf_path``.
    """
    from .pdf import print_page  # deferred: WeasyPrint and pikepdf only when a PDF is printed

    html_path, pdf_path = Path(html_path), Path(pdf_path)
    print_page(html_path.read_text(encoding="utf-8"), pdf_path, base_url=str(html_path.parent), header=header,
               landscape=landscape, parts=parts, lang=lang)
    return pdf_path


def campaign_read_ahead(params: Mapping[str, Any]) -> tuple[str, Callable[[], Any], tuple]:
    """``read_ahead`` for a notebook that reads its campaign with
    :func:`~yeji_analysis.present.context.read_campaign` from ``params``' ``data_dir`` (absolute), ``config`` and
    ``corrections`` (paths or ""): the ledgers read as it would read them, handed over as ``campaign_file``."""
    from ..ledgers import campaign_reading  # deferred: the ledger reader only for the commands that read

    read, key = campaign_reading(params["data_dir"], params["config"], params["corrections"])
    return "campaign_file", read, key


def report_read_ahead(params: Mapping[str, Any]) -> tuple[str, Callable[[], Any], tuple]:
    """:func:`campaign_read_ahead` for the report notebook, whose figures (``present.context.prepare_report``) are
    worked out in the same process once the ledgers are read: the kernel spends that time on its imports, with
    the other core idle."""
    name, read, key = campaign_read_ahead(params)

    def job() -> Any:
        from ..present.context import prepare_report  # deferred: the report's stack only in the process that needs it

        return prepare_report(read, dict(params))

    return name, job, key


def plan_read_ahead(params: Mapping[str, Any]) -> tuple[str, Callable[[], Any], tuple]:
    """:func:`campaign_read_ahead` for the plan notebook, whose plan (``present.roadshow.prepare_plan``) is worked
    out in the same process once the ledgers are read, while the kernel imports."""
    name, read, key = campaign_read_ahead(params)

    def job() -> Any:
        from ..present.roadshow import prepare_plan  # deferred: the planner's stack only in the process that needs it

        return prepare_plan(read, dict(params))

    return name, job, key


def run_notebook(template: str | os.PathLike, params: Mapping[str, Any], out_dir: str | os.PathLike, *,
                 html_name: str, progress: bool = True, title: str | None = None,
                 timeout: int | None = 600, finalize: Callable[[Path], None] | None = None,
                 lang: str = "zh", progress_prefix: str = "  ", pdf_name: str | None = None,
                 pdf_landscape: bool = False, read_ahead: tuple[str, Callable[[], Any], Any] | None = None) -> Path:
    """Execute ``template`` with papermill into ``out_dir`` and export it as HTML with code hidden.

    The run happens in a fresh temporary folder beside ``out_dir`` (the kernel's working
    directory, so any file the notebook writes to ``"."`` becomes part of the output). Only when
    the notebook ran and converted does the folder replace ``out_dir``, under a lock, so two runs
    into the same folder leave one complete report and never a mix; build folders of runs
    that were killed are removed by the next run into the same folder. A failed run leaves
    ``out_dir`` as it was, adds the executed notebook beside it as ``<stem>.failed.ipynb`` and
    raises :class:`RenderError` whose message is the failing cell's error in one line.

    Parameters
    ----------
    template : path of the notebook (its kernelspec names the kernel, e.g. ``python3``)
    params : papermill parameters, plain str/int/float/bool/None only
    out_dir : the destination folder; holds ``<stem>.ipynb`` and ``html_name`` afterwards
    html_name : file name of the HTML page, e.g. ``"retrospective.html"``
    progress : one line on stderr per section (the notebook's markdown headings, in ``lang``) as it runs
    progress_prefix : what each progress line starts with, e.g. ``"yeji report: "``
    title : the HTML page's ``<title>`` (default: the notebook's stem)
    pdf_name : file name of the printable copy of the page (:func:`export_pdf`), e.g.
        ``"retrospective.pdf"``; None: no PDF. ``pdf_landscape`` turns its pages.
    finalize : called with the build folder after the HTML (and PDF) is written and before the swap, to add
        files (an index page); an exception there fails the run like a failing cell
    read_ahead : ``(parameter, job, key)``: ``job()`` is worked out in a forked process while the kernel starts
        (:func:`yeji_analysis.handoff.hand_over`, with ``key``) into a file of the build folder, whose path the
        notebook gets as ``parameter`` ("" where nothing is forked) to take it over
        (:func:`~yeji_analysis.handoff.take_over`); the file is gone before the folder is moved into place

    Returns
    -------
    Path of ``out_dir``.

    Notes
    -----
    Safe across processes (two ``yeji report`` commands), not across threads of one process:
    papermill changes the process's working directory while it starts the kernel.
    """
    import nbformat  # deferred: nbformat and papermill (heavy) only when a notebook runs
    import papermill as pm  # deferred (see above)

    template = Path(template).resolve()
    out_dir = Path(out_dir).resolve()
    params = check_params(params)
    if not template.is_file():
        raise RenderError(f"找不到笔记本 / notebook not found: {template}")
    nb_name = template.stem + ".ipynb"
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(out_dir):  # a run starting now cannot take this build folder for a dead one
        _clear_stale(out_dir)
        build = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.build-", dir=out_dir.parent))
        guard = _hold(build)
    handoff = None
    try:
        executed = build / nb_name
        warm = None
        try:
            hooks = {"on_cell_start": _SectionProgress(nbformat.read(template, as_version=4), lang,
                                                       progress_prefix)} if progress else {}
            if read_ahead is not None:   # forked before the warm-up's thread starts
                name, job, key = read_ahead
                handoff = hand_over(build / f".{name}.pickle", job, key)
                params = {**params, name: str(handoff.path) if handoff else ""}
            warm = _warm_up(pdf=bool(pdf_name))
            try:
                pm.execute_notebook(_literal_path(template), _literal_path(executed), parameters=params,
                                    progress_bar=False, cwd=str(build), kernel_name=None, log_output=False,
                                    request_save_on_cell_execute=False, execution_timeout=timeout,
                                    extra_arguments=list(KERNEL_ARGUMENTS), **hooks)
            finally:
                if handoff is not None:   # taken or not, its process and files are done with
                    handoff.close()
        except Exception as exc:  # papermill saved the executed notebook with the error in it
            message, count = _error_message(exc)
            failed = None
            if executed.exists():
                with folder_lock(out_dir):
                    out_dir.mkdir(parents=True, exist_ok=True)
                    failed = out_dir / f"{template.stem}.failed.ipynb"
                    shutil.copyfile(executed, failed)
            raise RenderError(f"{template.name}: {message}"
                              + (f"（已执行的笔记本保存在 / executed notebook kept in {failed}）" if failed else ""),
                              failed_notebook=failed, cell=count) from None
        warm.join()   # its imports done before the exports use them (and before the PDF's processes are forked)
        try:
            nb = nbformat.read(executed, as_version=4)
            html = export_html(nb, title=title or template.stem, lang=lang)
            (build / html_name).write_text(html, encoding="utf-8")
        except Exception as exc:
            raise RenderError(f"{template.name}: 导出网页失败 / HTML export failed: {_one_line(str(exc))}") from exc
        if pdf_name:
            try:
                export_pdf(build / html_name, build / pdf_name, header=title or template.stem,
                           landscape=pdf_landscape, lang=lang)
            except Exception as exc:
                raise RenderError(f"{template.name}: 导出 PDF 失败 / PDF export failed: {_one_line(str(exc))}") from exc
        if finalize is not None:
            try:
                finalize(build)
            except Exception as exc:
                raise RenderError(f"{template.name}: 收尾失败 / finishing the report failed: {_error_message(exc)[0]}") from exc
        _swap_into_place(build, out_dir)
        build = None
        return out_dir
    finally:
        if handoff is not None:
            handoff.close()
        if warm is not None:
            warm.join()  # a failed run does not leave the process while a module is half imported
        if build is not None and build.exists():
            shutil.rmtree(build, ignore_errors=True)
        os.close(guard)


def _swap_into_place(build: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``build`` (same parent folder: renames, no copies), under the lock."""
    with folder_lock(out_dir):
        stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S%f")
        old = out_dir.parent / f".{out_dir.name}.old-{stamp}-{os.getpid()}"
        if out_dir.exists():
            os.rename(out_dir, old)
        try:
            os.rename(build, out_dir)
        except Exception:
            if old.exists() and not out_dir.exists():
                os.rename(old, out_dir)
            raise
        os.chmod(out_dir, 0o755)
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)
