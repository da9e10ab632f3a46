"""``yeji report``: check the period and inputs, run the retrospective notebook, write the report folder."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from ..labels import label
from ..periods import Period, resolve_period
from ..present.html import period_title
from ..present.index_pages import index_name, write_period_index, write_reports_indexes
from .common import UsageError, checked_campaign, checked_corrections, checked_inputs, checked_out, default_folder, say
from . import render
from .render import RenderError

__all__ = ['find_template', 'report_title', 'build_report', 'run_report_cli']


def find_template(name: str = "retrospective.ipynb") -> Path:
    """The notebook template: ``notebooks/<name>`` of the source tree, else the copy installed with the package
    (``yeji_analysis/notebooks/``, put there when a wheel is built), else ``notebooks/`` of the working directory."""
    package = Path(str(resources.files("yeji_analysis")))
    for base in (package.parent / "notebooks", package / "notebooks", Path.cwd() / "notebooks"):
        if (base / name).is_file():
            return base / name
    raise FileNotFoundError(f"找不到笔记本模板 {name} / notebook template {name} not found (looked in notebooks/ of the "
                            f"source tree and yeji_analysis/notebooks/ of the installed package)")


def report_title(period: Period, lang: str) -> str:
    """The report's title with its period as people read it (攻坚季全程, 2021年8月, 第3期双周调度)."""
    return f"{label('report_title', lang)} {period_title(period.name, lang)}"


def build_report(data: str | Path, period: Period, *, out: str | Path | None = None, lang: str = "zh",
                 redact: bool = True, config: str | Path | None = None, corrections: str | Path | None = None,
                 progress: bool = True, index: str | Path | None = None) -> Path:
    """Run the retrospective notebook for ``period`` and write the report folder; return it.

    ``out`` defaults to ``reports/<period>/`` (``reports/<period>.en/`` in English). The all-periods index is
    written to ``index`` when given (and its English twin beside it, see
    :func:`~yeji_analysis.present.index_pages.write_reports_indexes`), else only for the default folder
    (``reports/index.html``): a run with ``--out DIR`` writes nothing outside DIR but its transient build
    folder and lock.

    Raises :class:`yeji_analysis.render.RenderError` when the notebook fails (the previous
    report stays as it was).
    """

    out_dir = Path(out) if out else default_folder("reports", period.name, lang)
    if index is None and out is None:
        index = Path("reports") / "index.html"
    params = {"data_dir": str(Path(data).resolve()), "start": period.start.isoformat(), "end": period.end.isoformat(),
              "as_of": period.as_of.isoformat(), "lang": lang, "redact": bool(redact),
              "config": str(Path(config).resolve()) if config else "", "period": period.name, "out_dir": ".",
              "corrections": str(Path(corrections).resolve()) if corrections else ""}
    home = (Path(os.path.relpath(Path(index).resolve(), out_dir.resolve())).as_posix() if index else None)
    if home and lang != "zh":
        home = str(Path(home).with_name(index_name(Path(home).name, lang)))

    def finalize(build: Path) -> None:
        missing = [f for f in ("metrics.json", "dispatch.xlsx") if not (build / f).is_file()]
        if missing:
            raise RuntimeError(f"笔记本未写出 / the notebook did not write {', '.join(missing)}")
        write_period_index(build, lang=lang, name=period.name, home=home)

    render.run_notebook(find_template(), params, out_dir, html_name="retrospective.html", progress=progress,
                        title=report_title(period, lang), finalize=finalize, lang=lang,
                        pdf_name="retrospective.pdf", read_ahead=render.report_read_ahead(params))
    if index:  # every report beside this one, listed at ``index``
        write_reports_indexes(Path(index), out_dir.resolve().parent)
    return out_dir


def run_report_cli(args) -> int:
    """``yeji report``: check the parameters and the data (UsageError → exit 2), build the report, say where it is."""

    cfg = checked_inputs(args)
    corrections = checked_corrections(args)
    period = resolve_period(cfg, start=args.start, end=args.end, period=args.period,
                            dispatch=args.dispatch, as_of=args.as_of)
    out = checked_out(args.data, Path(args.out) if args.out else default_folder("reports", period.name, args.lang))
    index = getattr(args, "index", None)
    if index and Path(index).is_dir():
        raise UsageError(f"--index {index} 是文件夹，应为文件（如 reports/index.html） / is a folder: give a file, "
                         f"e.g. reports/index.html")
    checked_campaign(args.data, cfg, corrections)
    say(f"yeji report: {period_title(period.name, 'zh')}（{period.start} 至 {period.end}，数据截至 {period.as_of}）→ {out}/ · "
        f"{period_title(period.name, 'en')} ({period.start} – {period.end}, as of {period.as_of})")
    try:
        build_report(args.data, period, out=args.out and out, lang=args.lang, redact=args.redact, config=args.config,
                     corrections=corrections, index=index)
    except RenderError as exc:
        say(f"yeji report: 失败 / failed: {exc}")
        return 1
    where = index or (None if args.out else Path("reports") / "index.html")
    say(f"yeji report: 已写出 / wrote {out / 'retrospective.html'}（及 / and retrospective.pdf, dispatch.xlsx, metrics.json, index.html）"
        + (f"；各期报告 / all reports: {where}" if where else ""))
    return 0
