"""The roadshow plan command (推介路线规划命令): ``yeji plan``, its parameter checks and the files it writes.

``yeji plan DATA --from 2021-09-01 --to 2021-09-22 [--as-of DATE] [--regions 临沂,佛山]
[--max-trips-per-unit N] --out DIR`` checks its parameters (exit 2 before any kernel starts), runs
``notebooks/roadshow_plan.ipynb`` with papermill into a temporary folder (via
:func:`yeji_analysis.render.run_notebook`) and moves the folder into place only when complete.
The notebook's last step calls :func:`write_plan_outputs`, which writes ``plan.json`` and
``itinerary.xlsx`` from the plan the notebook shows.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from .cli import UsageError, parse_day as _date, say as _say
from .labels import label, register

__all__ = ["PlanParams", "check_plan_params", "run_plan_cli", "build_plan", "write_plan_outputs", "view_table",
           "show_view", "heading", "plan_summary", "method_notes", "SHEETS"]

#: The workbook's sheets: label key -> plan view (see :func:`yeji_analysis.planner.plan_view`).
SHEETS = {"plan.sheet.itinerary": "itinerary", "plan.sheet.delegations": "delegations",
          "plan.sheet.contacts": "contacts", "plan.sheet.needs": "needs", "plan.sheet.route": "route",
          "plan.sheet.days": "days"}

register({
    "plan.title": ("叶集区“双招双引”定向招商推介路线规划", "Yeji District investment campaign: roadshow plan"),
    "plan.sheet.itinerary": ("日程", "itinerary"), "plan.sheet.delegations": ("出行安排", "delegations"),
    "plan.sheet.contacts": ("拜访对象", "whom to meet"), "plan.sheet.needs": ("补足外出任务", "trip gaps"),
    "plan.sheet.route": ("路线", "route"), "plan.sheet.days": ("可用日期", "calendar"),
    "plan.h.summary": ("规划概要", "Summary"), "plan.h.days": ("可用日期（法定工作日，避开调度会与仪式）",
                                                      "Usable days (official working days, no meetings or ceremonies)"),
    "plan.h.route": ("巡回路线与行程时间", "Route and travel time"),
    "plan.h.itinerary": ("逐日日程", "Day-by-day itinerary"),
    "plan.h.delegations": ("出行单位安排", "Delegations"),
    "plan.h.needs": ("各单位外出任务缺口与安排", "Units' trip gaps and what the plan gives them"),
    "plan.h.contacts": ("各区域拜访对象（按得分排序）", "Whom to meet per region (ranked)"),
    "plan.h.outcome": ("预期成效", "Expected outcome"),
    "plan.h.method": ("计算方法与参数", "Method and parameters"),
})


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
    from .planner import plan_days
    from .regions import HOME, load_regions, normalize_place

    w0, w1 = config["window"]["start"], config["window"]["end"]
    window = f"{w0} – {w1}"
    lo, hi = _date(plan_start, "--from"), _date(plan_end, "--to")
    if hi < lo:
        raise _usage(f"--from {lo} 晚于 --to {hi} / the window ends before it starts")
    for what, d in (("--from", lo), ("--to", hi)):
        if not w0 <= d <= w1:
            raise _usage(f"{what} {d} 不在活动期 {window} 内 / is outside the campaign window {window}")
    cut = lo - dt.timedelta(days=1) if not as_of else _date(as_of, "--as-of")
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
               config: str | Path | None = None, progress: bool = True) -> Path:
    """Run the roadshow notebook with ``params`` into ``out`` (atomically); return ``out``.

    Raises :class:`yeji_analysis.render.RenderError` when the notebook fails (a previous plan in
    ``out`` stays as it was).
    """
    from .render import run_notebook
    from .report import find_template

    nb_params = {"data_dir": str(Path(data).resolve()), "plan_start": params["plan_start"],
                 "plan_end": params["plan_end"], "as_of": params["as_of"], "regions": ",".join(params["regions"]),
                 "max_trips_per_unit": params["max_trips_per_unit"] or 0, "lang": lang, "redact": bool(redact),
                 "config": str(Path(config).resolve()) if config else "", "out_dir": "."}

    def finalize(build: Path) -> None:
        missing = [f for f in ("plan.json", "itinerary.xlsx") if not (build / f).is_file()]
        if missing:
            raise RuntimeError(f"the notebook did not write {', '.join(missing)}")

    title = f"{label('plan.title', lang)} {params['plan_start']} – {params['plan_end']}"
    return run_notebook(find_template("roadshow_plan.ipynb"), nb_params, out, html_name="roadshow_plan.html",
                        progress=progress, title=title, finalize=finalize, lang=lang)


def run_plan_cli(args) -> int:
    """``yeji plan``: check the parameters (UsageError → exit 2), build the plan, say where it is."""
    from .cli import checked_inputs
    from .render import RenderError

    data = Path(args.data)
    cfg = checked_inputs(args)
    params = check_plan_params(cfg, plan_start=args.plan_start, plan_end=args.plan_end, as_of=args.as_of,
                               regions=args.regions, max_trips_per_unit=args.max_trips_per_unit)
    out = Path(args.out) if args.out else Path("plans") / f"{params['plan_start']}_{params['plan_end']}"
    if out.exists() and not out.is_dir():
        raise _usage(f"--out {out} exists and is not a folder")
    _say(f"yeji plan: {params['plan_start']} – {params['plan_end']} (as of {params['as_of']}), "
         f"regions {'、'.join(params['regions'])} → {out}/")
    try:
        build_plan(data, params, out=out, lang=args.lang, redact=args.redact, config=args.config)
    except RenderError as exc:
        _say(f"yeji plan: failed: {exc}")
        return 1
    _say(f"yeji plan: wrote {out / 'roadshow_plan.html'} (and itinerary.xlsx, plan.json, roadshow_plan.ipynb)")
    return 0


# ----------------------------------------------------------------------------------- outputs
def view_table(plan, view: str, *, lang: str = "zh", redact: bool = True, names: Any = ()) -> pd.DataFrame:
    """A plan view (:func:`yeji_analysis.planner.plan_view`) ready to share: contacts' names and
    phone numbers removed unless ``redact`` is False (``names``: the contact names to mask in text)."""
    from .planner import plan_view
    from .redact import redact_frame

    df = plan_view(plan, view, lang)
    return redact_frame(df, names=names) if redact else df


def show_view(plan, view: str, *, lang: str = "zh", redact: bool = True, names: Any = ()) -> Any:
    """:func:`view_table` for the notebook: every row shown, no index, text left-aligned (a Styler)."""
    df = view_table(plan, view, lang=lang, redact=redact, names=names)
    money = {label("plan.investment_wan", lang)}
    fmt = {c: ("{:,.0f}" if c in money else "{:.2f}") for c in df.columns if pd.api.types.is_float_dtype(df[c])}
    short = [c for c in df.columns if df[c].astype(str).str.len().max() <= 12 if len(df)]
    sty = (df.style.hide(axis="index").format(fmt, na_rep="—")
           .set_properties(**{"text-align": "left", "vertical-align": "top"})
           .set_table_styles([{"selector": "th", "props": [("text-align", "left"), ("white-space", "nowrap")]}]))
    long = [c for c in df.columns if c not in short]
    if long:
        sty = sty.set_properties(subset=long, **{"min-width": "14em"})
    return sty.set_properties(subset=short, **{"white-space": "nowrap"}) if short else sty


def write_plan_outputs(plan, campaign, out_dir: str | Path = ".", *, lang: str = "zh", redact: bool = True) -> dict:
    """Write ``plan.json`` and ``itinerary.xlsx`` for ``plan`` into ``out_dir``; return the JSON dict.

    The JSON holds lead ids, never contacts; the workbook's sheets (:data:`SHEETS`) are redacted
    like the HTML unless ``redact`` is False. An empty ``out_dir`` writes nothing.
    """
    from . import __version__
    from .excel import write_workbook
    from .redact import contact_names

    doc = plan.to_json()
    doc["data_fingerprint"] = getattr(campaign, "fingerprint", "")
    doc["package_version"] = __version__
    doc["redacted"] = bool(redact)
    if not out_dir:
        return doc
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "plan.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    names = contact_names(campaign) if redact else ()
    sheets = {label(k, lang): view_table(plan, v, lang=lang, redact=redact, names=names) for k, v in SHEETS.items()}
    write_workbook(out / "itinerary.xlsx", sheets, lang=lang, labels=False)
    return doc


# ----------------------------------------------------------------------------------- notebook helpers
def heading(key: str, lang: str = "zh", level: int = 2) -> Any:
    """A section heading for the notebook, from the labels table (an IPython ``Markdown`` object)."""
    from IPython.display import Markdown

    return Markdown("#" * level + " " + label(key, lang))


def plan_summary(plan, lang: str = "zh") -> Any:
    """The plan's headline in a few sentences (Markdown): window, days, visits, units, route, notes."""
    from IPython.display import Markdown

    p = plan.params
    usable = int(plan.days["usable"].sum())
    units = plan.delegations["unit"].nunique()
    behind = plan.needs.loc[plan.needs["needed"] > 0, "unit"].nunique()
    closed = plan.needs.loc[(plan.needs["needed"] > 0) & (plan.needs["unmet"] == 0), "unit"].nunique()
    route = " → ".join(["叶集" if lang == "zh" else "Yeji", *plan.route.order, "叶集" if lang == "zh" else "Yeji"])
    sig = plan.outcome.set_index("measure")
    if lang == "zh":
        lines = [f"- 规划期：{p['plan_start']} 至 {p['plan_end']}（数据截至 {p['as_of']}），可安排工作日 {usable} 天",
                 f"- 路线：{route}，一轮共 {plan.route.total_hours:g} 小时",
                 f"- 安排 {len(plan.visits)} 站次、{units} 个单位出行；外出任务有缺口的单位 {behind} 个，其中 {closed} 个本计划可补足",
                 f"- 拜访线索 {int(plan.contacts['visit_date'].notna().sum())} 条，预计新增意向 "
                 f"{sig.loc['intention', 'expected_added']:g} 个、签约 {sig.loc['signed', 'expected_added']:g} 个"
                 f"（亿元以上 {sig.loc['signed_100m', 'expected_added']:g} 个）"]
        lines += [f"- 说明：{n}" for n in plan.notes]
    else:
        lines = [f"- Window: {p['plan_start']} to {p['plan_end']} (data as of {p['as_of']}), {usable} usable working days",
                 f"- Route: {route}, {plan.route.total_hours:g} hours per tour",
                 f"- {len(plan.visits)} visits, {units} units travel; {behind} units short on trips, {closed} of them closed by this plan",
                 f"- {int(plan.contacts['visit_date'].notna().sum())} leads met; expected "
                 f"{sig.loc['intention', 'expected_added']:g} new intentions and {sig.loc['signed', 'expected_added']:g} "
                 f"signings ({sig.loc['signed_100m', 'expected_added']:g} of 1 亿 or more)"]
        lines += [f"- Note: {n}" for n in plan.notes]
    return Markdown("\n".join(lines))


def method_notes(plan, campaign, lang: str = "zh") -> Any:
    """How the plan was computed (Markdown): calendar, ceremonies, route, score weights, rates."""
    from IPython.display import Markdown

    from .planner import LEAD_WEIGHTS, _final_ceremony, _rates
    from .regions import TRAVEL_SOURCE

    cfg = campaign.config
    w = {**LEAD_WEIGHTS, **(cfg.get("planner", {}).get("lead_weights") or {})}
    final, held = _final_ceremony(cfg, campaign.events)
    p1, p2 = _rates(campaign, pd.Timestamp(plan.params["as_of"]))
    gap = cfg["planner"]["min_days_before_ceremony"]
    ws = ("、" if lang == "zh" else ", ").join(f"{label('plan.w.' + k, lang)} {v:g}" for k, v in w.items())
    if lang == "zh":
        lines = [
            "- 日期：按国务院办公厅公布的法定节假日与调休（chinese-calendar），避开双周调度会（每 "
            f"{cfg['dispatch']['cadence_days']} 天一期，周{'一二三四五六日'[cfg['dispatch']['meeting_weekday'] - 1]}召开）、"
            f"集中签约与开工仪式；末次集中签约仪式按 {final:%Y-%m-%d}{'（台账记录）' if held else '（方案最晚日期）'}，"
            f"其前 {gap} 天内不安排外出，留出意向转签约的时间。",
            f"- 路线：自叶集出发并返回，穷举所有顺序取总用时最短（{'精确' if plan.route.exact else '近似'}）。{TRAVEL_SOURCE}。",
            f"- 拜访对象得分（满分100）：{ws}。",
            f"- 出行单位：本月外出或主要负责人带队未达要求的单位优先，按单位—区域匹配度（以往外出、小组目标区域与产业）选站；"
            f"同一单位同日只去一地，每单位本期至多 {plan.params['max_trips_per_unit']} 次。",
            f"- 预期成效：按本期线索的实际转化率（线索→意向 {p1:.1%}，意向→签约 {p2:.1%}，已按配置先验修正）估算，"
            "预测中已计入的部分不重复计算（本计划增量 = 被拜访线索的签约概率高出原预测平均水平的部分）。",
            f"- 数据指纹 {campaign.fingerprint[:12] or '—'}。",
        ]
    else:
        lines = [
            "- Dates: China's official working calendar (chinese-calendar), no dispatch meetings, no ceremonies; "
            f"the last signing ceremony taken as {final:%Y-%m-%d} ({'ledger' if held else 'its deadline'}), no trips in the "
            f"{gap} days before it.",
            f"- Route: from Yeji and back, every order tried ({'exact' if plan.route.exact else 'heuristic'}). {TRAVEL_SOURCE}.",
            f"- Whom-to-meet score (out of 100): {ws}.",
            "- Delegations: units short on trips or head-led trips this month first, to the regions they fit best; "
            f"one place a day per unit, at most {plan.params['max_trips_per_unit']} trips each.",
            f"- Expected outcome: the pipeline's own conversion (lead→intention {p1:.1%}, intention→signed {p2:.1%}, "
            "shrunk to the configured priors); the lift counts only what exceeds the forecast's own expectation per lead.",
            f"- Data fingerprint {campaign.fingerprint[:12] or '—'}.",
        ]
    return Markdown("\n".join(lines))
