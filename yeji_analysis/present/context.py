"""A report's context (报告上下文): the campaign, the window, the language, and every figure computed once."""

from __future__ import annotations

import dataclasses
import functools
import gc
import weakref
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import dispatch, forecast, graph, graph_analyses, pipeline, roadshow_effect, rules
from ..dispatch import dispatch_window
from ..handoff import MISSING, asked, take_over
from ..ledgers import campaign_reading
from ..labels import LabelError, has_label, label
from ..rules import trace
from ..runtime import freeze_at_exit, freeze_imports
from . import fonts
from .html import column_label
from .redact import contact_names, redact_frame

__all__ = ['ReportContext', 'load_context', 'report_context', 'prepare_report', 'Prepared', 'prepared_with', 'read_campaign', 'imports_done', 'resolve_data_dir', 'scoreboard_window', 'slice_campaign', 'drill', 'show', 'overview']


def resolve_data_dir(data_dir: str | Path) -> Path:
    """The data folder: as given when it exists, else relative to the folder above the working directory
    or to the source tree (so a notebook's default ``data/sample`` works from the repository's root, from
    ``notebooks/`` and from a ``yeji lab`` folder)."""
    p = Path(data_dir)
    if p.is_dir() or p.is_absolute():
        return p
    root = Path(__file__).resolve().parents[2]   # present/ -> yeji_analysis/ -> the source tree
    for base in (Path.cwd().parent, root):
        if (base / p).is_dir():
            return base / p
    return p


def imports_done() -> None:
    """Call once a notebook's imports are done (``load_context`` does): what they made is moved out of the cyclic
    garbage collector's sight (``gc.freeze``: modules, classes, functions, never garbage) and the collector is on.

    A report or plan kernel starts with the collector off (see ``commands.render.KERNEL_ARGUMENTS``), so the
    imports are not rescanned at every full collection on the way; frozen, they are not rescanned afterwards
    either (the sample's report: ~0.5 s of the kernel's work). Elsewhere (``yeji lab``) the collector was on
    already. Either kernel also freezes what it holds at its exit (:func:`~yeji_analysis.runtime.freeze_at_exit`),
    so its shutdown does not rescan it.
    Only a process that froze nothing yet freezes (:func:`yeji_analysis.runtime.freeze_imports`).
    """
    freeze_imports()
    freeze_at_exit()   # and the kernel's last collection, at its shutdown, does not rescan what the notebook made
    gc.enable()


@dataclasses.dataclass
class ReportContext:
    """One report's inputs: the campaign, the period, the language and whether to redact.

    Computed frames are cached on the context (``ctx.frame("unit_compliance")``), so every section
    and every output file uses one set of figures.
    """

    campaign: Any
    start: str
    end: str
    as_of: str
    lang: str = "zh"
    redact: bool = True
    period: str = ""
    parameters: dict = dataclasses.field(default_factory=dict)
    _cache: dict = dataclasses.field(default_factory=dict, repr=False)
    #: sections worked out on another core meanwhile (:mod:`yeji_analysis.ahead`), or None
    ahead: Any = dataclasses.field(default=None, repr=False)

    @property
    def cut(self) -> str:
        """The last day that counts: the earlier of the period's end and the as-of date."""
        return min(self.end, self.as_of)

    @property
    def config(self) -> dict:
        return self.campaign.config

    @functools.cached_property
    def names(self) -> list[str]:
        """Contacts' names to mask in shared output."""
        return contact_names(self.campaign)

    def safe(self, df: pd.DataFrame) -> pd.DataFrame:
        """``df`` redacted when the report is for sharing (the default)."""
        return redact_frame(df, names=self.names, lang=self.lang) if self.redact else df

    def frame(self, key: str) -> Any:
        """A figure computed once per report: see :data:`_COMPUTE` for the keys."""
        if key not in self._cache:
            self._cache[key] = _COMPUTE[key](self)
        return self._cache[key]


def _first_report(ctx: ReportContext) -> str:
    first = ctx.campaign.leads["reported_on"].min()
    return str(min(pd.Timestamp(ctx.config["window"]["start"]), first if pd.notna(first) else pd.Timestamp.max).date())


#: What a context computes, once: key -> function of the context (the package's functions, as they are).
_COMPUTE = {
    "headline": lambda c: rules.headline(c.campaign, c.start, c.end, c.as_of),
    "headline_cumulative": lambda c: rules.headline(c.campaign, c.start, c.end, c.as_of, basis="cumulative"),
    "district_targets": lambda c: rules.district_targets(c.campaign, c.start, c.end, c.as_of, c.lang),
    "unit_compliance": lambda c: rules.unit_compliance(c.campaign, c.start, c.end, c.as_of),
    "group_valid_leads": lambda c: rules.group_valid_leads(c.campaign, c.start, c.end, c.as_of),
    "group_signing": lambda c: rules.group_signing(c.campaign, c.start, c.end, c.as_of),
    "speech_entries": lambda c: rules.speech_entries(c.campaign),
    "pipeline_by_stage": lambda c: pipeline.pipeline_by_stage(c.campaign, c.as_of),
    "cohort_funnel": lambda c: pipeline.cohort_funnel(c.campaign, _first_report(c), c.as_of, c.as_of),
    "stage_durations": lambda c: pipeline.stage_durations(c.campaign, c.as_of),
    "stage_order_problems": lambda c: pipeline.stage_order_problems(c.campaign, c.as_of),
    "stalled_leads": lambda c: pipeline.stalled_leads(c.campaign, c.as_of),
    "forecast_targets": lambda c: forecast.forecast_targets(c.campaign, c.as_of),
    "dispatch_scoreboard": lambda c: dispatch.dispatch_scoreboard(c.campaign, scoreboard_window(c),
                                                                       as_of=c.as_of, lang=c.lang),
    "rubric": lambda c: dispatch.rubric(c.campaign, lang=c.lang),
    "graph": lambda c: graph.build_graph(c.campaign, c.start, c.cut),
    "region_coverage": lambda c: graph_analyses.region_coverage(c.frame("graph")),
    "contention": lambda c: graph_analyses.contention(c.frame("graph")),
    "investor_contention": lambda c: rules.investor_contention(c.campaign, c.start, c.end, c.as_of),
    "investor_coordination": lambda c: rules.investor_coordination(c.campaign, c.start, c.end, c.as_of),
    "consultant_attribution": lambda c: graph_analyses.consultant_attribution(c.frame("graph")),
    "roadshow_effectiveness": lambda c: roadshow_effect.roadshow_effectiveness(c.campaign, c.start, c.cut),
}

def scoreboard_window(ctx: "ReportContext"):
    """The dispatch window number when the period is one (``dispatch-03``), else the (start, end) pair."""
    if ctx.period.startswith("dispatch-") and ctx.period[9:].isdigit():
        n = int(ctx.period[9:])
        s, e = dispatch_window(ctx.campaign, n)
        if (str(s.date()), str(e.date())) == (ctx.start, ctx.end):
            return n
    return (ctx.start, ctx.end)


def read_campaign(data_dir: str, config: str = "", corrections: str = "", campaign_file: str = ""):
    """The notebook's read of the ledgers: :func:`~yeji_analysis.ledgers.load_campaign` of ``data_dir``
    (:func:`resolve_data_dir`), with the configuration and corrections given ("" for none).

    ``campaign_file`` (set by ``yeji report`` and ``yeji plan``, "" otherwise) names the campaign the command read
    from the same inputs while the kernel started (:mod:`yeji_analysis.handoff`): it is taken instead of reading
    the folder again, when it was read from these very inputs; else the folder is read here, as without it.
    """
    read, key = campaign_reading(resolve_data_dir(data_dir), config, corrections)
    got = take_over(campaign_file, key) if campaign_file else MISSING
    if got is MISSING:
        return read()
    if not isinstance(got, Prepared):
        return got
    # what came with it, for the notebook's next call (prepared_with): held by the campaign's id with a weak reference
    # to it (not the campaign itself, which would then live as long as the process), and gone with it
    _PREPARED[id(got.campaign)] = (weakref.ref(got.campaign), got.key, got.frames)
    weakref.finalize(got.campaign, _PREPARED.pop, id(got.campaign), None)
    return got.campaign


@dataclasses.dataclass
class Prepared:
    """A campaign the command read while the kernel started, with what the notebook works out of it next worked
    out beside it: a report's figures (:func:`prepare_report`), a plan (``present.roadshow.prepare_plan``).
    ``key`` says from what (the notebook's parameters), ``frames`` holds them."""

    campaign: Any
    key: tuple
    frames: dict


#: campaign's id -> (a weak reference to the campaign, the key and the frames of the Prepared it came in:
#: read_campaign), while the campaign lives
_PREPARED: dict[int, tuple[weakref.ref, tuple, dict]] = {}


def prepared_with(campaign: Any, key: tuple) -> dict | None:
    """What was worked out with ``campaign`` ahead (:class:`Prepared`) from ``key``; None when nothing was, or from
    other parameters."""
    got = _PREPARED.get(id(campaign))
    return got[2] if got is not None and got[0]() is campaign and got[1] == key else None


def _frames_key(ctx: ReportContext) -> tuple:
    """What a context's figures are worked out from, beside its campaign."""
    return (ctx.start, ctx.end, ctx.as_of, ctx.lang, ctx.redact, ctx.period)


def report_context(campaign: Any, start: str, end: str, as_of: str = "", lang: str = "zh", redact: bool = True,
                   config: str = "", period: str = "", corrections: str = "", data_dir: str = "") -> ReportContext:
    """The report's context of a campaign read already, from the notebook's parameters as they are (``as_of`` ""
    means the period's end); :func:`load_context` without the reading."""
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    start, end = str(pd.Timestamp(start).date()), str(pd.Timestamp(end).date())
    as_of = str(pd.Timestamp(as_of).date()) if as_of else end
    params = {"data_dir": Path(str(data_dir)).name, "start": start, "end": end, "as_of": as_of, "lang": lang,
              "redact": bool(redact), "config": Path(config).name if config else "", "period": period,
              "corrections": Path(corrections).name if corrections else ""}
    return ReportContext(campaign, start, end, as_of, lang=lang, redact=bool(redact), period=period, parameters=params)


def load_context(data_dir: str, start: str, end: str, as_of: str = "", lang: str = "zh", redact: bool = True,
                 config: str = "", period: str = "", corrections: str = "", campaign_file: str = "",
                 **extra: Any) -> ReportContext:
    """Read the ledgers (:func:`read_campaign`) and set up the report: the notebook's one loading call.

    Takes the notebook's parameters as they are (``as_of`` "" means the period's end, ``config``
    "" the shipped configuration); sets the CJK font and the chart theme once. A campaign handed over with this
    very report's figures worked out (``yeji report``'s :func:`prepare_report`) brings them into the context.
    """

    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    fonts.set_theme(style="whitegrid")  # the last of the imports (seaborn)
    imports_done()
    camp = read_campaign(data_dir, config, corrections, campaign_file)
    ctx = report_context(camp, start, end, as_of, lang, redact, config, period, corrections, data_dir)
    ctx._cache.update(prepared_with(camp, _frames_key(ctx)) or {})
    return ctx


def prepare_report(read: Any, params: dict) -> Prepared:
    """``read()`` (the campaign, as the notebook would read it) and every figure of the report of ``params`` (the
    notebook's parameters): what ``yeji report`` works out on another core while the kernel starts and imports,
    for :func:`load_context` to take over. A figure that raises is left for the report's own cell to work out,
    where its error shows as it always did. Once the kernel waits for them (:func:`yeji_analysis.handoff.asked`), no
    further figure is begun: it takes those made and works the others out itself, while its ``work_ahead`` copy
    makes the battle map and the files on the other core (a big folder's figures, worked out here one after the
    other, took longer than that: 50,000 leads, ~18 s of them before the kernel could start, the report 28 -> 45 s)."""
    camp = read()
    ctx = report_context(camp, params["start"], params["end"], params.get("as_of", ""), params.get("lang", "zh"),
                         params.get("redact", True), params.get("config", ""), params.get("period", ""),
                         params.get("corrections", ""), params.get("data_dir", ""))
    for key in _COMPUTE:
        if asked():   # the kernel waits already: it takes what is made and works the rest out, beside its work_ahead
            break
        try:
            ctx.frame(key)
        except Exception:   # noqa: BLE001 - worked out again, and shown, by the section that needs it
            ctx._cache.pop(key, None)
    return Prepared(camp, _frames_key(ctx), dict(ctx._cache))


# --------------------------------------------------------------------------------------- exploring
def slice_campaign(campaign, *, unit: str | None = None, group: str | None = None, region: str | None = None,
                   start: Any = None, end: Any = None) -> dict[str, pd.DataFrame]:
    """The leads, trips (one row per unit) and receptions of one unit, group, region or period.

    Returns ``{"leads", "trip_units", "receptions"}``; each keeps its ids and provenance columns
    (source, sheet, row) where the frame has them, so any figure can be followed to its rows.
    """
    lo = pd.Timestamp(start) if start is not None else None
    hi = pd.Timestamp(end) if end is not None else None

    def cut(df: pd.DataFrame, date_col: str) -> pd.DataFrame:
        m = pd.Series(True, index=df.index)
        if unit is not None:
            m &= df["unit"] == unit
        if group is not None:
            m &= df["group"] == group
        if region is not None:
            m &= df["region"] == region
        if lo is not None:
            m &= df[date_col] >= lo
        if hi is not None:
            m &= df[date_col] <= hi
        return df[m].reset_index(drop=True)

    return {"leads": cut(campaign.leads, "reported_on"), "trip_units": cut(campaign.trip_units, "start_on"),
            "receptions": cut(campaign.receptions, "received_on")}


def drill(campaign, row: pd.Series | dict) -> pd.DataFrame:
    """The ledger rows behind one row of a figure's frame (its ``*_ids`` / ``ids`` lists), with
    file, sheet and row number: :func:`yeji_analysis.rules.trace` over every id the row holds."""

    ids: list[str] = []
    for k, v in dict(row).items():
        if (k == "ids" or str(k).endswith("_ids")) and isinstance(v, (list, tuple, np.ndarray)):
            ids += [str(x) for x in v]
        elif k in ("lead_id", "trip_id", "reception_id", "ref") and isinstance(v, str):
            ids.append(v)
    return trace(campaign, dict.fromkeys(ids))


#: Columns whose values are codes shown as their labels (a stage, a ledger, a status).
_CODED = ("stage", "ledger", "status", "grade")


def show(df: pd.DataFrame, lang: str = "zh", **where: Any) -> pd.DataFrame:
    """``df`` as an analyst reads it in the explore notebook: the rows where each ``where`` column equals its
    value (``show(compliance, unit="史河街道")``), column names through the labels table (a column without a
    label keeps its name), stages, ledgers and statuses as labels, yes/no as 是/否. The figures and the ids
    stay as they are, so a row can still be followed to its ledger row.

    Examples
    --------
    >>> show(pd.DataFrame({"unit": ["史河街道", "孙岗乡"], "stage": ["signed", "lead"], "head_led": [True, False]}),
    ...      unit="史河街道").to_dict("records")
    [{'单位': '史河街道', '当前阶段': '签约', '主要负责人带队': '是'}]
    """
    out = df
    for col, value in where.items():
        out = out[out[col] == value]
    out = out.reset_index(drop=True)
    for col in out.columns:
        name = str(col)
        if name in _CODED or name.endswith("_status"):
            out[col] = out[col].map(lambda v: label(v, lang) if isinstance(v, str) and has_label(v) else v)
        elif out[col].dtype == bool:
            out[col] = out[col].map(lambda v: label("yes" if v else "no", lang))

    def head(col) -> str:
        try:
            return column_label(str(col), lang)
        except LabelError:  # a column of the campaign's own (no label yet): as written
            return str(col)
    return out.rename(columns={c: head(c) for c in out.columns})


def overview(campaign, lang: str = "zh") -> pd.DataFrame:
    """What the campaign holds, as :func:`show` writes it: rows per frame, with each ledger's read, accepted,
    duplicate, rejected and skipped rows (``Campaign.summary``), the frames by their Chinese names."""
    df = campaign.summary()
    names = [label(f"frame.{f}", lang) if has_label(f"frame.{f}") else label(f, lang) if has_label(f) else f
             for f in df["frame"]]
    return show(df.assign(frame=names), lang)
