"""The report's files for machines and the meeting: metrics.json and the 调度表 dispatch.xlsx, from one report context."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from .. import dispatch, rules
from ..version import __version__
from ..labels import has_label, label
from .excel import write_workbook
from .html import COLUMN_LABELS
from .redact import CONTACT_HEADER

__all__ = ['HEADLINE_KEYS', 'CODED_COLUMNS', 'WINDOW_COLUMNS', 'window_headed', 'labelled_values', 'package_version', 'metrics', 'workbook_frames',
           'dispatch_sheets', 'write_outputs', 'unread_table', 'corrections_table']


#: The district figures of ``metrics.json`` (and of every index page), in display order.
HEADLINE_KEYS = ["signed_100m", "started", "valid_leads", "trips", "receptions"]

def package_version() -> str:
    """The installed package's version (``yeji_analysis.__version__``)."""
    return __version__

def _month_str(m: Any) -> str:
    return f"{m.year}-{m.month:02d}" if hasattr(m, "year") else str(m)


def _plain(v: Any) -> Any:
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        return v.item()
    return v


def metrics(campaign, start: Any, end: Any, as_of: Any = None, *, parameters: dict | None = None,
            figures: dict | None = None) -> dict:
    """The headline figures for machines (``metrics.json``), taken as they are from the package functions.

    ``district`` is :func:`yeji_analysis.rules.headline`; ``units`` the rows of
    :func:`~yeji_analysis.rules.unit_compliance`; ``groups`` the rows of
    :func:`~yeji_analysis.rules.group_valid_leads`; also the period, the data fingerprint, the
    package version and the parameters the report ran with. Added beside them: ``basis`` (what
    each block counts: 本期 ``window`` or 累计 ``cumulative``), ``district_cumulative``
    (:func:`~yeji_analysis.rules.headline` with ``basis="cumulative"``), ``district_targets`` (judged
    累计: ``actual`` is the number the status is judged on, ``period_actual`` the window's),
    ``dispatch`` (the scoreboard's who speaks, tied, who commits, lagging groups, the tie-break keys)
    and ``contention`` (撞单 and coordination counts). ``figures`` may hold the frames already
    computed (``headline``, ``unit_compliance``, ``group_valid_leads``, ...), as a report context does.
    """

    as_of = end if as_of is None else as_of
    figures = figures or {}
    head = figures.get("headline") or rules.headline(campaign, start, end, as_of)
    uc = figures.get("unit_compliance")
    uc = rules.unit_compliance(campaign, start, end, as_of) if uc is None else uc
    gv = figures.get("group_valid_leads")
    gv = rules.group_valid_leads(campaign, start, end, as_of) if gv is None else gv
    cum = figures.get("headline_cumulative") or rules.headline(campaign, start, end, as_of, basis="cumulative")
    dt_ = figures.get("district_targets")
    dt_ = rules.district_targets(campaign, start, end, as_of) if dt_ is None else dt_
    out = {
        "period": {"start": str(start)[:10], "end": str(end)[:10], "as_of": str(as_of)[:10]},
        "data_fingerprint": campaign.fingerprint,
        "package_version": package_version(),
        "parameters": dict(parameters or {}),
        "district": {k: _plain(v) for k, v in head.items()},
        "units": [{"unit": str(r.unit), "group": str(r.group), "month": _month_str(r.month), "trips": int(r.trips),
                   "head_trips": int(r.head_trips), "receptions": int(r.receptions), "status": str(r.status)}
                  for r in uc.itertuples(index=False)],
        "groups": [{"group": str(r.group), "month": _month_str(r.month), "valid_leads": int(r.valid_leads),
                    "status": str(r.status)} for r in gv.itertuples(index=False)],
        "basis": {"district": "window", "district_cumulative": "cumulative", "district_targets": "cumulative",
                  "units": "calendar_month", "groups": "calendar_month"},
        "district_cumulative": {k: _plain(v) for k, v in cum.items()},
        "district_targets": [{"target": str(r.target), "actual": int(r.actual), "period_actual": int(r.period_actual),
                              "goal": int(r.goal), "status": str(r.status)} for r in dt_.itertuples(index=False)],
    }
    for r, row in zip(out["units"], uc.itertuples(index=False)):
        r["month_basis"] = str(getattr(row, "month_basis", ""))
    sb = figures.get("dispatch_scoreboard")
    if sb is None:
        sb = dispatch.dispatch_scoreboard(campaign, (start, end), as_of=as_of)
    out["dispatch"] = {k: sb.attrs.get(k) for k in ("start", "end", "as_of", "speak", "tied", "commit", "lagging",
                                                    "tiebreak", "speakers")}
    ct, co = figures.get("investor_contention"), figures.get("investor_coordination")
    ct = rules.investor_contention(campaign, start, end, as_of) if ct is None else ct
    co = rules.investor_coordination(campaign, start, end, as_of) if co is None else co
    out["contention"] = {"contended_investors": int(ct["investor_key"].nunique()), "contended_leads": int(len(ct)),
                         "coordination_investors": int(co["investor_key"].nunique()), "coordination_touches": int(len(co))}
    return out


def unread_table(campaign) -> pd.DataFrame:
    """The data folder's files and sheets that were not read, with the reason (source, sheet, reason)."""
    un = getattr(campaign, "unread", None)
    if un is None or not len(un):
        return pd.DataFrame(columns=["source", "sheet", "reason"])
    return un[["source", "sheet", "reason"]].reset_index(drop=True)


def corrections_table(campaign, lang: str = "zh") -> pd.DataFrame:
    """Every correction given in a corrections workbook, applied or not, as shown to readers: source, sheet, row,
    column, value (the raw value it replaced), corrected (更正值), status (已应用 / applied in ``lang``, or why it was
    not applied, in the reader's words). A contact's name or phone is never shown: those cells' values read （已隐去）
    / (withheld) in ``lang``."""
    corr = getattr(campaign, "corrections", None)
    cols = ["source", "sheet", "row", "column", "value", "corrected", "status"]
    if corr is None or not len(corr):
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame({"source": corr["file"], "sheet": corr["sheet"], "row": corr["row"], "column": corr["column"],
                        "value": corr["raw"], "corrected": corr["value"],
                        "status": [(label("txt.correction_applied", lang) if a else str(r))
                                   for a, r in zip(corr["applied"], corr["reason"])]})
    private = out["column"].map(lambda c: isinstance(c, str) and bool(CONTACT_HEADER.search(c))).astype(bool)
    out.loc[private, ["value", "corrected"]] = label("txt.withheld", lang)
    return out[cols].reset_index(drop=True)


#: Columns whose values are codes people read as labels in a workbook: stages and ledgers (statuses are
#: labelled and coloured by :func:`~yeji_analysis.present.excel.write_workbook` itself).
CODED_COLUMNS = ("stage", "from_stage", "to_stage", "ledger", "month_basis")
#: The scoreboard's counts and score, headed in the 调度表 as the window's (本期外出招商（次）…): the 单位达标 sheet
#: beside it heads the whole month's counts 外出招商（次）.
WINDOW_COLUMNS = ("trips", "head_trips", "receptions", "valid_leads", "signed", "started", "score")


def window_headed(scoreboard: pd.DataFrame) -> pd.DataFrame:
    """The scoreboard with its :data:`WINDOW_COLUMNS` renamed ``window_*``, headed 本期… wherever it is shown (the
    调度表's 调度得分 sheet, the report's 双周调度得分 table)."""
    return scoreboard.rename(columns={c: f"window_{c}" for c in WINDOW_COLUMNS})


def labelled_values(df: pd.DataFrame, lang: str, columns=CODED_COLUMNS) -> pd.DataFrame:
    """``df`` with the coded values of ``columns`` (a stage such as ``signed``, a ledger such as ``trips``)
    written as their labels (签约, 外出招商台账); a value that is no label key stays as it is."""
    out = df
    for col in columns:
        if col in df.columns:
            out = out.assign(**{col: df[col].map(lambda v: label(v, lang) if isinstance(v, str) and has_label(v) else v)})
    return out


def workbook_frames(ctx) -> dict[str, pd.DataFrame]:
    """The 调度表's sheets (label key -> frame), redacted when the report is for sharing, coded values
    (stages, ledgers) as labels."""
    frames = _workbook_frames(ctx)
    return {k: labelled_values(df, ctx.lang) for k, df in frames.items()}


def _workbook_frames(ctx) -> dict[str, pd.DataFrame]:
    uc = ctx.frame("unit_compliance")
    gv = ctx.frame("group_valid_leads")
    sb = ctx.frame("dispatch_scoreboard")
    sb = sb.drop(columns=[c for c in sb.columns if c in ("issues",) or c.endswith(("_required", "_points"))
                          or (c.endswith("_change") and c != "score_change")])
    sb = window_headed(sb)
    st = ctx.frame("stalled_leads")
    ct = ctx.frame("investor_contention")
    co = ctx.frame("investor_coordination")
    return {
        "sheet_units": uc.drop(columns=[c for c in ("judged", "elapsed_days", "days_in_month") if c in uc]),
        "sheet_groups": gv.drop(columns=[c for c in ("judged", "elapsed_days") if c in gv]),
        "sheet_scoreboard": ctx.safe(sb),
        "sheet_stalled": ctx.safe(st),
        "sheet_contention": ctx.safe(ct),
        "sheet_coordination": ctx.safe(co.assign(touch=co["touch"].map(lambda t: label(f"graph.{t}", ctx.lang)))
                                       .rename(columns={"touch": "graph.touch", "on": "graph.on", "ref": "txt.ref"})),
        "sheet_rejections": ctx.safe(ctx.campaign.rejections),
        "sheet_warnings": ctx.safe(ctx.campaign.warnings),
        "sheet_corrections": ctx.safe(corrections_table(ctx.campaign, ctx.lang)),
        "sheet_unread": unread_table(ctx.campaign),
    }


def dispatch_sheets(ctx) -> dict:
    """The 调度表's sheets (label key -> frame), built from a report context (see ``report_sections``)."""

    return {label(k, ctx.lang): df for k, df in workbook_frames(ctx).items()}


def write_outputs(ctx, out_dir: str | Path = ".") -> dict:
    """Write ``metrics.json`` and ``dispatch.xlsx`` for a report context into ``out_dir``; return the metrics.

    Called by the notebook's last cell, so the files hold the figures the notebook shows. With
    an empty ``out_dir`` nothing is written (an analyst running the notebook by hand).
    """

    m = metrics(ctx.campaign, ctx.start, ctx.end, ctx.as_of, parameters=ctx.parameters,
                figures={k: ctx.frame(k) for k in ("headline", "headline_cumulative", "unit_compliance", "group_valid_leads",
                                                   "district_targets", "dispatch_scoreboard", "investor_contention",
                                                   "investor_coordination")})
    if not out_dir:
        return m
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "metrics.json").write_text(json.dumps(m, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    write_workbook(out / "dispatch.xlsx", dispatch_sheets(ctx), lang=ctx.lang, header_keys=COLUMN_LABELS)
    return m
