"""``yeji report``: check the period and inputs, run the retrospective notebook, write the report folder."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..labels import label
from ..periods import Period, resolve_period
from ..present.index_pages import write_period_index, write_reports_index
from .common import UsageError, checked_corrections, checked_inputs, say
from . import render
from .render import RenderError

__all__ = ['find_template', 'build_report', 'run_report_cli']


def find_template(name: str = "retrospective.ipynb") -> Path:
    """The notebook template: ``notebooks/<name>`` of the source tree (or the working directory)."""
    here = Path(__file__).resolve().parent
    for base in (here.parent / "notebooks", Path.cwd() / "notebooks", Path(str(resources.files("yeji_analysis")))):
        if (base / name).is_file():
            return base / name
    raise FileNotFoundError(f"notebook template {name} not found (looked in notebooks/ beside the package)")


def build_report(data: str | Path, period: Period, *, out: str | Path | None = None, lang: str = "zh",
                 redact: bool = True, config: str | Path | None = None, corrections: str | Path | None = None,
                 progress: bool = True) -> Path:
    """Run the retrospective notebook for ``period`` and write the report folder; return it.

    Raises :class:`yeji_analysis.render.RenderError` when the notebook fails (the previous
    report stays as it was).
    """

    out_dir = Path(out) if out else Path("reports") / period.name
    params = {"data_dir": str(Path(data).resolve()), "start": period.start.isoformat(), "end": period.end.isoformat(),
              "as_of": period.as_of.isoformat(), "lang": lang, "redact": bool(redact),
              "config": str(Path(config).resolve()) if config else "", "period": period.name, "out_dir": ".",
              "corrections": str(Path(corrections).resolve()) if corrections else ""}
    title = f"{label('report_title', lang)} {period.name}"

    def finalize(build: Path) -> None:
        missing = [f for f in ("metrics.json", "dispatch.xlsx") if not (build / f).is_file()]
        if missing:
            raise RuntimeError(f"the notebook did not write {', '.join(missing)}")
        write_period_index(build, lang=lang, name=period.name)

    render.run_notebook(find_template(), params, out_dir, html_name="retrospective.html", progress=progress,
                 title=title, finalize=finalize, lang=lang)
    write_reports_index(out_dir.resolve().parent, lang=lang)
    return out_dir


def run_report_cli(args) -> int:
    """``yeji report``: check the parameters (UsageError → exit 2), build the report, say where it is."""

    data = Path(args.data)
    cfg = checked_inputs(args)
    corrections = checked_corrections(args)
    period = resolve_period(cfg, start=args.start, end=args.end, period=args.period,
                            dispatch=args.dispatch, as_of=args.as_of)
    out = Path(args.out) if args.out else Path("reports") / period.name
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} exists and is not a folder")
    say(f"yeji report: {period.name} ({period.start} – {period.end}, as of {period.as_of}) → {out}/")
    try:
        build_report(data, period, out=out, lang=args.lang, redact=args.redact, config=args.config,
                     corrections=corrections)
    except RenderError as exc:
        say(f"yeji report: failed: {exc}")
        return 1
    say(f"yeji report: wrote {out / 'retrospective.html'} (and dispatch.xlsx, metrics.json, index.html);"
         f" all reports: {out.resolve().parent / 'index.html'}")
    return 0
