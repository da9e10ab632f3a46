"""``yeji plan``: check the plan's parameters, run the roadshow_plan notebook, write the plan folder."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path


from ..labels import label
from ..planner import plan_days
from ..regions import HOME, load_regions, normalize_place
from .common import (UsageError, checked_campaign, checked_corrections, checked_inputs, checked_out, default_folder,
                     parse_day, say)
from . import render
from .render import RenderError
from .report import find_template

__all__ = ['PlanParams', 'check_plan_params', 'build_plan', 'run_plan_cli']


def _usage(message: str) -> Exception:
    return UsageError(message)


class PlanParams(dict):
    """The checked parameters of one plan: plan_start, plan_end, as_of, regions (list), max_trips_per_unit."""


def check_plan_params(config: dict, *, plan_start: str, plan_end: str, as_of: str | None = None,
                      regions: str | None = None, max_trips_per_unit: int | None = None) -> PlanParams:
    """Check ``yeji plan``'s parameters against the campaign configuration; raise ``UsageError``.

    Both dates must be dates inside the campaign window, ``--from`` on or before ``--to``;
    ``--as-of`` (default: the day before ``--from``) no later than ``--to``; every region known to
    the regions table (written as ``临沂``, ``临沂市`` or ``Linyi``); ``--max-trips-per-unit`` >= 1;
    and at least one working day left once holidays, dispatch meetings and ceremonies are removed.

    Examples
    --------
    >>> from yeji_analysis.config import load_config
    >>> p = check_plan_params(load_config(), plan_start="2021-09-01", plan_end="2021-09-10", regions="临沂市,Foshan")
    >>> p["regions"], p["as_of"]
    (['临沂', '佛山'], '2021-08-31')
    """

    w0, w1 = config["window"]["start"], config["window"]["end"]
    window = f"{w0} – {w1}"
    lo, hi = parse_day(plan_start, "--from"), parse_day(plan_end, "--to")
    if hi < lo:
        raise _usage(f"--from {lo} 晚于 --to {hi} / the window ends before it starts")
    for what, d in (("--from", lo), ("--to", hi)):
        if not w0 <= d <= w1:
            raise _usage(f"{what} {d} 不在活动期 {window} 内 / is outside the campaign window {window}")
    cut = lo - dt.timedelta(days=1) if not as_of else parse_day(as_of, "--as-of")
    if cut > hi:
        raise _usage(f"--as-of {cut} 晚于 --to {hi} / is after the planning window: nothing left to plan")
    table = load_regions()
    known = [r for r in table["region"] if r != HOME]
    names = [x.strip() for x in re.split(r"[,，、;；\s]+", regions or "") if x.strip()]
    canon = []
    for n in names:
        r = normalize_place(n)
        if r is None or r == HOME or r not in known:
            raise _usage(f"--regions: 未知区域 / unknown region {n!r}; known: {'、'.join(known)}")
        canon.append(r)
    canon = list(dict.fromkeys(canon)) or list(config["district"]["roadshow_regions"])
    for r in canon:
        if r not in known:
            raise _usage(f"config district.roadshow_regions: unknown region {r!r}; known: {'、'.join(known)}")
    if max_trips_per_unit is not None and max_trips_per_unit < 1:
        raise _usage(f"--max-trips-per-unit {max_trips_per_unit}: expected a whole number >= 1")
    days = plan_days(config, max(lo, cut + dt.timedelta(days=1)), hi)
    if not days["usable"].any():
        raise _usage(f"{lo} – {hi} 内没有可安排的工作日（节假日、调度会、仪式及签约前预留日已除去）/ "
                     f"no usable working day in the window")
    return PlanParams(plan_start=lo.isoformat(), plan_end=hi.isoformat(), as_of=cut.isoformat(), regions=canon,
                      max_trips_per_unit=max_trips_per_unit)


def build_plan(data: str | Path, params: PlanParams, *, out: str | Path, lang: str = "zh", redact: bool = True,
               config: str | Path | None = None, corrections: str | Path | None = None, progress: bool = True) -> Path:
    """Run the roadshow notebook with ``params`` into ``out`` (atomically); return ``out``.

    Raises :class:`yeji_analysis.render.RenderError` when the notebook fails (a previous plan in
    ``out`` stays as it was).
    """

    nb_params = {"data_dir": str(Path(data).resolve()), "plan_start": params["plan_start"],
                 "plan_end": params["plan_end"], "as_of": params["as_of"], "regions": ",".join(params["regions"]),
                 "max_trips_per_unit": params["max_trips_per_unit"] or 0, "lang": lang, "redact": bool(redact),
                 "config": str(Path(config).resolve()) if config else "", "out_dir": ".",
                 "corrections": str(Path(corrections).resolve()) if corrections else ""}

    def finalize(build: Path) -> None:
        missing = [f for f in ("plan.json", "itinerary.xlsx") if not (build / f).is_file()]
        if missing:
            raise RuntimeError(f"笔记本未写出 / the notebook did not write {', '.join(missing)}")

    title = f"{label('plan.title', lang)} {params['plan_start']} – {params['plan_end']}"
    return render.run_notebook(find_template("roadshow_plan.ipynb"), nb_params, out, html_name="roadshow_plan.html",
                        progress=progress, title=title, finalize=finalize, lang=lang,
                        pdf_name="roadshow_plan.pdf", pdf_landscape=True,
                        read_ahead=render.plan_read_ahead(nb_params))


def run_plan_cli(args) -> int:
    """``yeji plan``: check the parameters (UsageError → exit 2), build the plan, say where it is."""

    cfg = checked_inputs(args)
    corrections = checked_corrections(args)
    params = check_plan_params(cfg, plan_start=args.plan_start, plan_end=args.plan_end, as_of=args.as_of,
                               regions=args.regions, max_trips_per_unit=args.max_trips_per_unit)
    out = checked_out(args.data, Path(args.out) if args.out
                      else default_folder("plans", f"{params['plan_start']}_{params['plan_end']}", args.lang))
    checked_campaign(args.data, cfg, corrections)
    say(f"yeji plan: {params['plan_start']} 至 {params['plan_end']}（数据截至 {params['as_of']}），区域 "
        f"{'、'.join(params['regions'])} → {out}/ · {params['plan_start']} – {params['plan_end']} "
        f"(as of {params['as_of']}), regions {', '.join(params['regions'])}")
    try:
        build_plan(args.data, params, out=out, lang=args.lang, redact=args.redact, config=args.config,
                   corrections=corrections)
    except RenderError as exc:
        say(f"yeji plan: 失败 / failed: {exc}")
        return 1
    say(f"yeji plan: 已写出 / wrote {out / 'roadshow_plan.html'}（及 / and roadshow_plan.pdf, itinerary.xlsx, plan.json, roadshow_plan.ipynb）")
    return 0
