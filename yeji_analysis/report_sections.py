"""The retrospective's sections (报告各节): one call per notebook section, each returning a displayable block.

The notebook stays thin: its parameters cell, :func:`load_context`, then one call per section.
The choosing of columns, relabelling, redaction and drawing lives here. Each section returns a
:class:`Section` that renders as HTML (tables with Chinese headers, charts as embedded PNG) and
keeps the frames it shows in ``.frames`` for anyone who wants the rows. Figures are computed once
per context and cached, so the sections, ``metrics.json`` and ``dispatch.xlsx`` share them.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import functools
import html
import io
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd

from .labels import label, register
from .redact import contact_names, redact_frame

__all__ = ["ReportContext", "Section", "load_context", "resolve_data_dir", "title", "headline", "compliance",
           "groups", "pipeline", "forecast", "scoreboard", "battle_map", "contention", "data_quality",
           "method", "outputs", "workbook_frames", "column_label", "COLUMN_LABELS", "html_table", "figure_html",
           "slice_campaign", "drill"]

_NEW_LABELS = {
    "sec.title": ("叶集区“双招双引”集中攻坚季 阶段报告", "Yeji District investment campaign: period report"),
    "sec.headline": ("一、总体进度与区级目标", "1. Headline against the district targets"),
    "sec.compliance": ("二、各单位逐月达标情况", "2. Units' monthly compliance"),
    "sec.groups": ("三、各小组有效线索与签约", "3. Groups' valid leads and signings"),
    "sec.pipeline": ("四、项目推进：漏斗、阶段用时与停滞预警", "4. Pipeline: funnel, stage times, stalled leads"),
    "sec.forecast": ("五、目标完成预测", "5. Forecast of target attainment"),
    "sec.scoreboard": ("六、双周调度得分与发言安排", "6. Dispatch scoreboard, speakers and commitments"),
    "sec.battle_map": ("七、挂图作战：区域覆盖", "7. Battle map and region coverage"),
    "sec.contention": ("八、撞单与招商顾问", "8. Contention and consultants"),
    "sec.data_quality": ("九、数据质量", "9. Data quality"),
    "sec.method": ("十、计算方法与数据来源", "10. How this was computed"),
    "txt.period": ("报告期 {start} 至 {end}，数据截至 {as_of}。", "Period {start} to {end}, figures as of {as_of}."),
    "txt.stamp": ("参数：{params}；数据指纹 {fp}；程序版本 {version}。",
                  "Parameters: {params}; data fingerprint {fp}; package version {version}."),
    "txt.redacted": ("联系人姓名和电话已隐去。", "Contacts' names and phone numbers are withheld."),
    "txt.not_redacted": ("内部版：含联系人信息，请勿外发。", "INTERNAL: contains contact details, do not share."),
    "txt.compliance": ("单位-月共 {n} 个：达标 {met}，进度正常 {on_track}，进度滞后 {behind}，未达标 {missed}。"
                       "格内数字依次为外出招商次数·主要负责人带队次数·接待客商次数。",
                       "{n} unit-months: {met} met, {on_track} on track, {behind} behind, {missed} missed. "
                       "Each cell reads trips · head-led trips · receptions."),
    "txt.compliance_rule": ("要求：每月外出招商不少于 {trips} 次，主要负责人带头外出不少于 {head} 次，接待客商不少于 {rec} 次；"
                            "当月未结束的按进度判断（进度正常/进度滞后），不判未达标。",
                            "Rules: at least {trips} trips, {head} head-led trip(s) and {rec} reception(s) a month; "
                            "a month still in progress is judged on pace (on track / behind), never missed."),
    "txt.lagging_units": ("未达标或进度滞后的单位-月", "Unit-months missed or behind"),
    "txt.none": ("（无）", "(none)"),
    "txt.groups_rule": ("要求：各小组（含驻外招商中心）每月上报有效线索不少于 {n} 条；每小组亿元以上主导产业签约项目不少于 {s} 个。",
                        "Rules: each group (incl. outposts) reports at least {n} valid lead(s) a month and signs at least "
                        "{s} leading-industry project(s) of 100m yuan or more."),
    "txt.group_signing": ("小组亿元以上主导产业签约", "Groups' signings of 100m yuan or more"),
    "txt.speech": ("演讲比赛参赛人数", "Speech-contest entries"),
    "txt.funnel": ("漏斗：截至数据截至日在库的全部线索（含攻坚季前上报的），到达各阶段的数量。",
                   "Funnel: every lead on file by the as-of date (including those reported before the campaign), by the stages reached."),
    "txt.pipeline_now": ("截至日各阶段项目与计划投资", "Leads and planned investment by stage on the as-of date"),
    "txt.stalled": ("停滞预警（红、黄）", "Stalled leads (red, yellow)"),
    "txt.stalled_rule": ("超过 {rules} 天无阶段变化分别预警黄、红。", "Yellow/red after {rules} days without a stage change."),
    "txt.forecast": ("基于截至日的项目推进情况的蒙特卡洛模拟（{draws} 次，种子 {seed}），预测至攻坚季结束（{end}）。",
                     "Monte-Carlo simulation ({draws} draws, seed {seed}) of the pipeline on the as-of date, to the campaign's end ({end})."),
    "txt.speakers": ("交流发言（工作成效明显）", "To speak (did well)"),
    "txt.committers": ("表态发言（工作进度滞后）", "To state commitments (lagging)"),
    "txt.problems": ("滞后单位存在的问题", "What the lagging units missed"),
    "txt.coverage": ("区域覆盖", "Region coverage"),
    "txt.contention": ("撞单：两个及以上小组接触的投资方", "Contention: investors touched by two or more groups"),
    "txt.consultants": ("招商顾问（以商招商）成效", "Consultants' referrals"),
    "txt.stats": ("各台账读取情况", "Rows read per ledger"),
    "txt.rejections": ("拒收行（未计入任何指标）", "Rejected rows (counted nowhere)"),
    "txt.warnings": ("警告（已计入，请核实）", "Warnings (counted; please check)"),
    "txt.more_rows": ("另有 {n} 行，完整清单见 dispatch.xlsx。", "{n} more rows: see dispatch.xlsx for all."),
    "txt.rubric": ("专项考核计分办法（通知未规定权重，以下为配置值）", "Scoring rubric (the notice sets no weights; these are configured)"),
    "txt.thresholds": ("考核标准（配置文件）", "Thresholds in force (configuration)"),
    "txt.files": ("输入文件与指纹", "Input files and fingerprints"),
    "txt.lagging_groups": ("进度滞后的小组：", "Lagging groups: "),
    "txt.no_problems": ("本期没有滞后的单位。", "No unit lagged in this period."),
    "setting": ("设置", "setting"), "setting_value": ("取值", "value"),
    "weight": ("权重", "weight"), "file": ("文件", "file"), "sha256": ("SHA-256", "SHA-256"), "bytes": ("字节", "bytes"),
    "n_unit_months": ("单位-月", "unit-months"),
    "col.trips": ("外出招商（次）", "trips"), "col.receptions": ("接待客商（次）", "receptions"),
    "col.leads": ("项目数", "leads"), "col.contestants": ("参赛人数", "contestants"),
    "col.groups": ("接触的小组", "groups involved"), "leading": ("主导产业", "leading industry"),
    "unknown_investment": ("投资额未填", "amount unknown"),
    "yes": ("是", "yes"), "no": ("否", "no"),
    "n_units": ("单位数", "units"), "head_led_trips": ("负责人带队外出", "head-led trips"),
    "pipeline_wan": ("在谈投资额（万元）", "pipeline (10k yuan)"), "conversion": ("签约转化率", "conversion"),
    "potential": ("潜力", "potential"), "coverage": ("覆盖度", "coverage"), "potential_gap": ("有潜力未覆盖", "potential gap"),
    "n_groups": ("接触小组数", "groups"), "touches": ("接触次数", "touches"), "consultant": ("招商顾问", "consultant"),
    "employer": ("工作单位", "employer"), "signed_rate": ("签约率", "signed rate"), "lift": ("相对无引荐提升", "lift"),
    "name": ("名称", "name"), "how": ("计算方法", "how"), "rule": ("规则", "rule"),
    "txt.no_consultant": ("（无顾问引荐）", "(no referral)"),
    "sec.roadshow": ("外出招商与推介成效", "Roadshow effectiveness"),
    "txt.ref": ("记录编号", "record"),
    "signed_ids": ("签约项目编号", "signed lead ids"), "started_ids": ("开工项目编号", "started lead ids"),
    "txt.roadshow": ("按区域统计本期外出招商，以及首次外出之后该区域新增的线索、意向和签约（先后关系，不代表因果）。",
                     "Per region: this period's trips, and the leads, intentions and signings of that region after the first trip "
                     "(what followed, not necessarily what was caused)."),
    "period.campaign": ("攻坚季全程", "whole campaign"), "period.dispatch": ("第{n}期双周调度", "dispatch window {n}"), "fc.group_signing": ("{group}·亿元签约", "{group}: signing"),
}

#: Column -> label key where the column's own key names something else (a ledger, an event).
COLUMN_LABELS = {"trips": "col.trips", "receptions": "col.receptions", "leads": "col.leads",
                 "contestants": "col.contestants", "groups": "col.groups"}


def column_label(col: str, lang: str = "zh") -> str:
    """The header people read for a frame's column (see :data:`COLUMN_LABELS`)."""
    return label(COLUMN_LABELS.get(col, col), lang)


def period_title(name: str, lang: str = "zh") -> str:
    """A period's name as people read it: "campaign" 攻坚季全程, "dispatch-03" 第3期双周调度, "2021-07" 2021年7月.

    Examples
    --------
    >>> period_title("campaign"), period_title("dispatch-03"), period_title("2021-07"), period_title("2021-07", "en")
    ('攻坚季全程', '第3期双周调度', '2021年7月', '2021-07')
    """
    import re as _re
    if name == "campaign":
        return label("period.campaign", lang)
    m = _re.fullmatch(r"dispatch-(\d+)", name)
    if m:
        return label("period.dispatch", lang).format(n=int(m.group(1)))
    m = _re.fullmatch(r"(\d{4})-(\d{2})", name)
    if m and lang == "zh":
        return f"{m.group(1)}年{int(m.group(2))}月"
    return name


register(_NEW_LABELS)

_STATUS_VALUES = {"met", "missed", "on_track", "behind", "red", "yellow", "green"}
_STATUS_CSS = {"met": "#c6efce", "on_track": "#e2f0d9", "behind": "#ffeb9c", "missed": "#ffc7ce",
               "green": "#c6efce", "yellow": "#ffeb9c", "red": "#ffc7ce"}
_MAX_ROWS = 40


# --------------------------------------------------------------------------------------- context
def resolve_data_dir(data_dir: str | Path) -> Path:
    """The data folder: as given when it exists, else relative to the source tree (so the
    notebook's default ``data/sample`` works from ``notebooks/`` too)."""
    p = Path(data_dir)
    if p.is_dir() or p.is_absolute():
        return p
    here = Path(__file__).resolve().parent.parent
    for base in (Path.cwd().parent, here):
        if (base / p).is_dir():
            return base / p
    return p


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
        return redact_frame(df, names=self.names) if self.redact else df

    def frame(self, key: str) -> Any:
        """A figure computed once per report: see :data:`_COMPUTE` for the keys."""
        if key not in self._cache:
            self._cache[key] = _COMPUTE[key](self)
        return self._cache[key]


def _m(name: str):
    import importlib
    return importlib.import_module(f"yeji_analysis.{name}")


def _first_report(ctx: ReportContext) -> str:
    first = ctx.campaign.leads["reported_on"].min()
    return str(min(pd.Timestamp(ctx.config["window"]["start"]), first if pd.notna(first) else pd.Timestamp.max).date())


#: What a context computes, once: key -> function of the context (the package's functions, as they are).
_COMPUTE = {
    "headline": lambda c: _m("rules").headline(c.campaign, c.start, c.end, c.as_of),
    "district_targets": lambda c: _m("rules").district_targets(c.campaign, c.start, c.end, c.as_of),
    "unit_compliance": lambda c: _m("rules").unit_compliance(c.campaign, c.start, c.end, c.as_of),
    "group_valid_leads": lambda c: _m("rules").group_valid_leads(c.campaign, c.start, c.end, c.as_of),
    "group_signing": lambda c: _m("rules").group_signing(c.campaign, c.start, c.end, c.as_of),
    "speech_entries": lambda c: _m("rules").speech_entries(c.campaign),
    "pipeline_by_stage": lambda c: _m("pipeline").pipeline_by_stage(c.campaign, c.as_of),
    "cohort_funnel": lambda c: _m("pipeline").cohort_funnel(c.campaign, _first_report(c), c.as_of, c.as_of),
    "stage_durations": lambda c: _m("pipeline").stage_durations(c.campaign, c.as_of),
    "stalled_leads": lambda c: _m("pipeline").stalled_leads(c.campaign, c.as_of),
    "forecast_targets": lambda c: _m("forecast").forecast_targets(c.campaign, c.as_of),
    "dispatch_scoreboard": lambda c: _m("dispatch").dispatch_scoreboard(c.campaign, _scoreboard_window(c),
                                                                       as_of=c.as_of, lang=c.lang),
    "rubric": lambda c: _m("dispatch").rubric(c.campaign, lang=c.lang),
    "graph": lambda c: _m("graph").build_graph(c.campaign, c.start, c.cut),
    "region_coverage": lambda c: _m("graph").region_coverage(c.frame("graph")),
    "contention": lambda c: _m("graph").contention(c.frame("graph")),
    "consultant_attribution": lambda c: _m("graph").consultant_attribution(c.frame("graph")),
    "roadshow_effectiveness": lambda c: _m("roadshow_effect").roadshow_effectiveness(c.campaign, c.start, c.cut),
}


def load_context(data_dir: str, start: str, end: str, as_of: str = "", lang: str = "zh", redact: bool = True,
                 config: str = "", period: str = "", **extra: Any) -> ReportContext:
    """Read the ledgers and set up the report: the notebook's one loading call.

    Takes the notebook's parameters as they are (``as_of`` "" means the period's end, ``config``
    "" the shipped configuration); sets the CJK font and the chart theme once.
    """
    from . import fonts
    from .ledgers import load_campaign

    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    fonts.set_theme(style="whitegrid")
    camp = load_campaign(resolve_data_dir(data_dir), config=config or None)
    start, end = str(pd.Timestamp(start).date()), str(pd.Timestamp(end).date())
    as_of = str(pd.Timestamp(as_of).date()) if as_of else end
    params = {"data_dir": Path(str(data_dir)).name, "start": start, "end": end, "as_of": as_of, "lang": lang,
              "redact": bool(redact), "config": Path(config).name if config else "", "period": period}
    return ReportContext(camp, start, end, as_of, lang=lang, redact=bool(redact), period=period, parameters=params)


# --------------------------------------------------------------------------------------- rendering
def _fmt(v: Any, lang: str) -> str:
    if v is None or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, float) and np.isnan(v):
        return ""
    if isinstance(v, (list, tuple, set, np.ndarray)):
        return "、".join(str(x) for x in v)
    if isinstance(v, (bool, np.bool_)):
        return label("yes" if v else "no", lang)
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (float, np.floating)):
        return f"{v:,.0f}" if abs(v) >= 100 else f"{v:,.2f}".rstrip("0").rstrip(".")
    return str(v)


def html_table(df: pd.DataFrame, lang: str = "zh", *, status_columns: Iterable[str] = (),
               max_rows: int | None = _MAX_ROWS, label_values: Iterable[str] = (),
               percent: Iterable[str] = ()) -> str:
    """A frame as an HTML table for readers: labelled headers, statuses labelled and coloured,
    ``label_values`` columns' values labelled, ``percent`` columns as percentages, lists joined
    with 、, dates as YYYY-MM-DD; long tables cut at ``max_rows`` with a note."""
    percent = set(percent)
    status_columns = set(status_columns) | {c for c in df.columns
                                            if c == "status" or str(c).endswith("_status") or c in ("grade",)}
    label_values = set(label_values)
    if df.empty:
        return f"<p>{label('txt.none', lang)}</p>"
    shown = df if max_rows is None else df.head(max_rows)
    head = "".join(f"<th>{html.escape(column_label(str(c), lang))}</th>" for c in df.columns)
    rows = []
    for r in shown.itertuples(index=False, name=None):
        cells = []
        for c, v in zip(df.columns, r):
            style = ""
            if c in status_columns and isinstance(v, str) and v in _STATUS_VALUES:
                style = f' style="background:{_STATUS_CSS[v]}"'
                text = label(v, lang)
            elif c in label_values and isinstance(v, str):
                text = label(v, lang)
            elif c in percent and isinstance(v, (float, np.floating)) and not np.isnan(v):
                text = f"{v:.0%}"
            else:
                text = _fmt(v, lang)
            num = isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))
            cls = ' class="num"' if num else ""
            cells.append(f"<td{cls}{style}>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = ""
    if max_rows is not None and len(df) > max_rows:
        more = f'<p class="yeji-note">{html.escape(label("txt.more_rows", lang).format(n=len(df) - max_rows))}</p>'
    return f'<table class="yeji-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>{more}'


def figure_html(fig, *, dpi: int = 110) -> str:
    """A matplotlib figure as an ``<img>`` with the PNG embedded (``data:`` URI); the figure is closed."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    try:
        import matplotlib.pyplot as plt
        plt.close(fig)
    except Exception:  # pragma: no cover - a Figure made without pyplot
        pass
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img class="yeji-chart" alt="chart" src="data:image/png;base64,{data}"/>'


def _figure(width: float, height: float):
    from matplotlib.figure import Figure
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


_STYLE = """<style>
.yeji-section h2{margin-top:0.6em;border-bottom:2px solid #1565c0;padding-bottom:4px}
.yeji-section h3{margin-top:1em}
.yeji-table{border-collapse:collapse;font-size:13px;margin:6px 0}
.yeji-table th{background:#ddebf7;border:1px solid #bbb;padding:3px 8px;text-align:left !important}
.yeji-table td{border:1px solid #ccc;padding:3px 8px;text-align:left !important}
.yeji-table td.num{text-align:right !important}
.yeji-note{color:#666;font-size:12px}
.yeji-cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}
.yeji-card{border:1px solid #ccc;border-radius:6px;padding:8px 14px;min-width:120px}
.yeji-card b{display:block;font-size:26px;color:#1565c0}
.yeji-chart{max-width:100%;height:auto;display:block;margin:6px 0}
</style>"""


@dataclasses.dataclass
class Section:
    """A block of the report: a heading and HTML parts; ``frames`` holds the frames shown."""

    heading: str
    parts: list[str]
    frames: dict = dataclasses.field(default_factory=dict)
    level: int = 2

    def _repr_html_(self) -> str:
        return (f'{_STYLE}<div class="yeji-section"><h{self.level}>{html.escape(self.heading)}</h{self.level}>'
                + "\n".join(self.parts) + "</div>")

    def __repr__(self) -> str:
        return f"Section({self.heading!r}, frames={list(self.frames)})"


def _h3(text: str) -> str:
    return f"<h3>{html.escape(text)}</h3>"


def _p(text: str, cls: str = "") -> str:
    return f'<p{f" class={cls!r}" if cls else ""}>{html.escape(text)}</p>'


def _ul(items: Iterable[str]) -> str:
    items = list(items)
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>" if items else ""


# --------------------------------------------------------------------------------------- sections
def title(ctx: ReportContext) -> Section:
    """The report's title, period and stamp (parameters, data fingerprint, package version)."""
    from . import __version__

    lang = ctx.lang
    params = "，".join(f"{k}={v}" for k, v in ctx.parameters.items())
    parts = [_p(label("txt.period", lang).format(start=ctx.start, end=ctx.end, as_of=ctx.as_of)),
             _p(label("txt.stamp", lang).format(params=params, fp=ctx.campaign.fingerprint[:16], version=__version__),
                "yeji-note"),
             _p(label("txt.redacted" if ctx.redact else "txt.not_redacted", lang), "yeji-note")]
    head = label("sec.title", lang) + (f" · {period_title(ctx.period, lang)}" if ctx.period else "")
    return Section(head, parts, level=1)


def headline(ctx: ReportContext) -> Section:
    """The headline figures and the district targets (全区目标) with their status."""
    from .report import HEADLINE_KEYS

    lang = ctx.lang
    h = ctx.frame("headline")
    cards = "".join(f'<div class="yeji-card"><b>{h[k]}</b>{html.escape(label("hl." + k, lang))}</div>'
                    for k in HEADLINE_KEYS if k in h)
    dt_ = ctx.frame("district_targets")
    show = dt_.assign(target=dt_["target"].map(lambda t: label(f"rule.{t}", lang)))[
        ["target", "actual", "goal", "status", "deadline", "notes"]]
    return Section(label("sec.headline", lang), [f'<div class="yeji-cards">{cards}</div>', html_table(show, lang)],
                   {"headline": h, "district_targets": dt_})


def compliance(ctx: ReportContext) -> Section:
    """The unit × month compliance heatmap (外出招商、带头外出、接待客商) and the units that lag."""
    from .plots import compliance_heatmap, figure_height

    lang = ctx.lang
    uc = ctx.frame("unit_compliance")
    counts = uc["status"].value_counts()
    need = ctx.config["units"]
    text = label("txt.compliance", lang).format(n=len(uc), **{s: int(counts.get(s, 0))
                                                               for s in ("met", "on_track", "behind", "missed")})
    rule = label("txt.compliance_rule", lang).format(trips=need["trips_per_month"], head=need["head_trips_per_month"],
                                                     rec=need["receptions_per_month"])
    n_months = uc["month"].nunique()
    fig, ax = _figure(max(6.5, 1.5 * n_months + 5), figure_height(uc["unit"].nunique()) + 0.6)
    compliance_heatmap(uc, ax=ax, lang=lang)
    lag = uc[uc["status"].isin(["missed", "behind"])][
        ["unit", "group", "month", "trips", "head_trips", "receptions", "trips_status", "head_trips_status",
         "receptions_status", "status"]]
    return Section(label("sec.compliance", lang),
                   [_p(rule, "yeji-note"), figure_html(fig), _p(text), _h3(label("txt.lagging_units", lang)),
                    html_table(lag, lang)], {"unit_compliance": uc})


def groups(ctx: ReportContext) -> Section:
    """Groups' monthly valid leads (有效线索) and their signing rule (亿元以上签约), with speech entries."""
    lang = ctx.lang
    gv = ctx.frame("group_valid_leads")
    cfg = ctx.config["groups"]
    # one row a group, one column a month; the cell shows the count, coloured by its status
    months = sorted(gv["month"].unique())
    head = f"<th>{label('group', lang)}</th>" + "".join(f"<th>{html.escape(str(m))}</th>" for m in months)
    body = []
    for g, part in gv.groupby("group", sort=False):
        by_m = part.set_index("month")
        cells = "".join(
            f'<td class="num" style="background:{_STATUS_CSS[by_m.loc[m, "status"]]}">{int(by_m.loc[m, "valid_leads"])}'
            f' {html.escape(label(by_m.loc[m, "status"], lang))}</td>' for m in months)
        body.append(f"<tr><td>{html.escape(str(g))}</td>{cells}</tr>")
    pivot = (f'<table class="yeji-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
             if body else _p(label("txt.none", lang)))
    gs = ctx.frame("group_signing")
    sp = ctx.frame("speech_entries")
    return Section(label("sec.groups", lang),
                   [_p(label("txt.groups_rule", lang).format(n=cfg["valid_leads_per_month"], s=cfg["signed_projects"]),
                       "yeji-note"), pivot,
                    _h3(label("txt.group_signing", lang)),
                    html_table(gs.assign(status=np.where(gs["met"], "met", "missed"))[
                        ["group", "signed", "required", "status", "lead_ids"]], lang),
                    _h3(label("txt.speech", lang)),
                    html_table(sp.assign(status=np.where(sp["met"], "met", "missed"))[
                        ["group", "contestants", "required", "status"]], lang)],
                   {"group_valid_leads": gv, "group_signing": gs, "speech_entries": sp})


def pipeline(ctx: ReportContext) -> Section:
    """The pipeline funnel (线索→意向→签约→开工), days between stages and the stalled leads."""
    from .plots import pipeline_funnel, stage_times_chart

    lang = ctx.lang
    cf = ctx.frame("cohort_funnel")
    fig1, ax1 = _figure(7, 3.2)
    pipeline_funnel(cf, ax=ax1, lang=lang)
    sd = ctx.frame("stage_durations")
    fig2, ax2 = _figure(7, 3.2)
    stage_times_chart(sd, ax=ax2, lang=lang)
    pb = ctx.frame("pipeline_by_stage")
    st = ctx.frame("stalled_leads")
    alarm = ctx.safe(st[st["grade"].isin(["red", "yellow"])][
        ["lead_id", "project", "investor", "group", "unit", "stage", "stage_since", "days_in_stage", "grade"]])
    rules_txt = "；".join(f"{label(s, lang)} {a}/{b}" for s, (a, b) in ctx.config["stall_days"].items())
    return Section(label("sec.pipeline", lang),
                   [_p(label("txt.funnel", lang), "yeji-note"), figure_html(fig1),
                    _h3(label("txt.pipeline_now", lang)),
                    html_table(pb[["stage", "leads", "investment_wan", "unknown_investment"]], lang, label_values=["stage"]),
                    figure_html(fig2),
                    _h3(label("txt.stalled", lang)), _p(label("txt.stalled_rule", lang).format(rules=rules_txt), "yeji-note"),
                    html_table(alarm, lang, label_values=["stage"], max_rows=25)],
                   {"cohort_funnel": cf, "stage_durations": sd, "pipeline_by_stage": pb, "stalled_leads": st})


def _forecast_display(fc: pd.DataFrame, lang: str) -> pd.DataFrame:
    names = [label(f"rule.{t}", lang) if not g else label("fc.group_signing", lang).format(group=g)
             for t, g in zip(fc["target"], fc["group"])]
    return fc.assign(target=names)


def forecast(ctx: ReportContext) -> Section:
    """The forecast of target attainment by the campaign's end (目标完成预测)."""
    from .plots import forecast_chart

    lang = ctx.lang
    fc = ctx.frame("forecast_targets")
    show = _forecast_display(fc, lang)
    fig, ax = _figure(8, 0.55 * len(show) + 1.4)
    forecast_chart(show, ax=ax, lang=lang)
    table = show[["target", "actual", "goal", "expected", "low", "high", "probability", "candidates"]].assign(
        probability=[f"{p:.0%}" for p in show["probability"]])
    f = ctx.config["forecast"]
    note = label("txt.forecast", lang).format(draws=fc.attrs.get("draws", f["draws"]), seed=fc.attrs.get("seed", f["seed"]),
                                              end=ctx.config["window"]["end"])
    return Section(label("sec.forecast", lang), [_p(note, "yeji-note"), figure_html(fig), html_table(table, lang)],
                   {"forecast_targets": fc})


def _scoreboard_window(ctx: ReportContext):
    """The dispatch window number when the period is one (``dispatch-03``), else the (start, end) pair."""
    if ctx.period.startswith("dispatch-") and ctx.period[9:].isdigit():
        from .dispatch import dispatch_window
        n = int(ctx.period[9:])
        s, e = dispatch_window(ctx.campaign, n)
        if (str(s.date()), str(e.date())) == (ctx.start, ctx.end):
            return n
    return (ctx.start, ctx.end)


def scoreboard(ctx: ReportContext) -> Section:
    """The dispatch scoreboard (双周调度) with who speaks (交流发言), who commits (表态发言), and each
    lagging unit's missed or behind rules in words."""
    from .plots import figure_height, scoreboard_chart

    lang = ctx.lang
    sb = ctx.frame("dispatch_scoreboard")
    fig, ax = _figure(8, figure_height(len(sb), per_row=0.26) + 0.6)
    scoreboard_chart(sb, ax=ax, lang=lang)
    speak = sb.loc[sb["speak"].astype(bool), "unit"].astype(str).tolist()
    lag = sb.attrs.get("lagging", [])
    com = sb[sb["commit"].astype(bool)]
    commit = [f"{u}（{g}）" for u, g in zip(com["unit"], com["group"])]
    worst = sb[sb["issues"].map(len) > 0].sort_values(["rank", "unit"], ascending=[False, True])
    problems = [f"{u}：{t}" for u, t in zip(worst["unit"], worst["issues_text"])]
    cols = [c for c in ["rank", "unit", "group", "score", "score_change", "trips", "head_trips", "receptions",
                        "valid_leads", "signed", "started", "speak", "commit"] if c in sb.columns]
    return Section(label("sec.scoreboard", lang),
                   [figure_html(fig),
                    _h3(label("txt.speakers", lang)), _ul(speak) or _p(label("txt.none", lang)),
                    _h3(label("txt.committers", lang)), _ul(commit) or _p(label("txt.none", lang)),
                    _p(label("txt.lagging_groups", lang) + ("、".join(lag) or label("txt.none", lang)), "yeji-note"),
                    _h3(label("txt.problems", lang)), _ul(problems[:_MAX_ROWS]) or _p(label("txt.no_problems", lang)),
                    html_table(sb[cols], lang, max_rows=None)],
                   {"dispatch_scoreboard": sb})


def battle_map(ctx: ReportContext) -> Section:
    """The battle map (挂图作战) and each region's coverage: trips, leads, pipeline, gaps."""
    from .mapping import draw_battle_map

    lang = ctx.lang
    fig, ax = _figure(11, 8)
    draw_battle_map(ctx.frame("graph"), ctx.campaign, ax=ax, lang=lang)
    rc = ctx.frame("region_coverage")
    cols = [c for c in ["region", "n_units", "trips", "head_led_trips", "leads", "pipeline_wan", "signed",
                        "conversion", "potential", "coverage", "potential_gap"] if c in rc.columns]
    return Section(label("sec.battle_map", lang),
                   [figure_html(fig), _h3(label("txt.coverage", lang)),
                    html_table(rc[cols], lang, percent=["conversion", "potential", "coverage"])],
                   {"region_coverage": rc})


def roadshow(ctx: ReportContext) -> Section:
    """Roadshow effectiveness (外出招商成效): per region, the trips made and the leads, intentions and
    signings that followed them in the period."""
    lang = ctx.lang
    eff = ctx.frame("roadshow_effectiveness")
    cols = [c for c in ["trips", "unit_trips", "head_led_trips", "roadshows", "first_trip_on", "leads", "intentions",
                        "signings", "signed_100m", "signed_wan", "visited_leads", "visited_progressed"] if c in eff.columns]
    show = eff[["region", *cols]].rename(columns={c: f"eff.{c}" for c in cols})
    return Section(label("sec.roadshow", lang), [_p(label("txt.roadshow", lang), "yeji-note"), html_table(show, lang)],
                   {"roadshow_effectiveness": eff})


def _contention_summary(ct: pd.DataFrame) -> pd.DataFrame:
    if ct.empty:
        return pd.DataFrame(columns=["investor", "n_groups", "groups", "first_group"])
    return (ct.groupby("investor_key", sort=False)
              .agg(investor=("investor", "first"), n_groups=("n_groups", "first"), groups=("groups", "first"),
                   first_group=("first_group", "first"), touches=("ref", "size"))
              .reset_index(drop=True)
              .sort_values(["n_groups", "touches", "investor"], ascending=[False, False, True], kind="stable"))


def contention(ctx: ReportContext) -> Section:
    """Contention (撞单: investors touched by several groups) and the consultants' referrals."""
    lang = ctx.lang
    ct = ctx.frame("contention")
    ca = ctx.frame("consultant_attribution")
    cols = [c for c in ["consultant", "employer", "leads", "intention", "signed", "started", "investment_wan",
                        "signed_rate", "lift"] if c in ca.columns]
    return Section(label("sec.contention", lang),
                   [_h3(label("txt.contention", lang)), html_table(ctx.safe(_contention_summary(ct)), lang),
                    _h3(label("txt.consultants", lang)),
                    html_table(ctx.safe(ca[cols].assign(consultant=ca["consultant"].fillna(label("txt.no_consultant", lang)))),
                               lang, percent=["signed_rate"])],
                   {"contention": ct, "consultant_attribution": ca})


def data_quality(ctx: ReportContext) -> Section:
    """What the ledgers held: rows read per ledger, rejected rows and warnings (数据质量)."""
    lang = ctx.lang
    c = ctx.campaign
    stats = c.stats.rename_axis("ledger").reset_index() if not c.stats.empty else pd.DataFrame()
    if not stats.empty:
        stats = stats.assign(ledger=stats["ledger"].map(lambda x: label(str(x), lang)))
    rej = ctx.safe(c.rejections)
    wrn = ctx.safe(c.warnings)
    return Section(label("sec.data_quality", lang),
                   [_h3(label("txt.stats", lang)), html_table(stats, lang),
                    _h3(label("txt.rejections", lang) + f"（{len(rej)}）"), html_table(rej, lang, label_values=["ledger"]),
                    _h3(label("txt.warnings", lang) + f"（{len(wrn)}）"), html_table(wrn, lang, label_values=["ledger"])],
                   {"rejections": rej, "warnings": wrn})


def _thresholds(config: dict) -> pd.DataFrame:
    rows = []
    for sect in ("window", "units", "groups", "district", "dispatch", "stall_days"):
        for k, v in config[sect].items():
            if isinstance(v, list) and v and isinstance(v[0], dict):
                v = "；".join(f"{x.get('name', '')} {x.get('earliest', '')}–{x.get('latest', '')}" for x in v)
            rows.append({"setting": f"{sect}.{k}", "setting_value": _fmt(v, "zh") if not isinstance(v, str) else v})
    return pd.DataFrame(rows)


def method(ctx: ReportContext) -> Section:
    """How it was computed: the scoring rubric and thresholds in force, the input files' fingerprints,
    the package version and the parameters."""
    from . import __version__

    lang = ctx.lang
    rb = ctx.frame("rubric")
    rb_show = rb.assign(per=rb["per"].map(lambda p: label(f"per.{p}", lang)))[
        [c for c in ["name", "weight", "required", "per", "cap", "config_key", "how"] if c in rb.columns]]
    files = ctx.campaign.files
    if isinstance(files, pd.DataFrame) and not files.empty:
        files = files.assign(sha256=files["sha256"].str[:16])
    params = "，".join(f"{k}={v}" for k, v in ctx.parameters.items())
    return Section(label("sec.method", lang),
                   [_h3(label("txt.rubric", lang)), html_table(rb_show, lang, max_rows=None),
                    _h3(label("txt.thresholds", lang)), html_table(_thresholds(ctx.config), lang, max_rows=None),
                    _h3(label("txt.files", lang)), html_table(files if isinstance(files, pd.DataFrame) else pd.DataFrame(), lang, max_rows=None),
                    _p(label("txt.stamp", lang).format(params=params, fp=ctx.campaign.fingerprint, version=__version__))],
                   {"rubric": rb})


def outputs(ctx: ReportContext, out_dir: str = "") -> None:
    """Write ``metrics.json`` and ``dispatch.xlsx`` into ``out_dir`` (nothing when it is "")."""
    from .report import write_outputs

    if out_dir:
        write_outputs(ctx, out_dir)


def workbook_frames(ctx: ReportContext) -> dict[str, pd.DataFrame]:
    """The 调度表's sheets (label key -> frame), redacted when the report is for sharing."""
    uc = ctx.frame("unit_compliance")
    gv = ctx.frame("group_valid_leads")
    sb = ctx.frame("dispatch_scoreboard")
    sb = sb.drop(columns=[c for c in sb.columns if c in ("issues", "raw_score") or c.endswith(("_required", "_points"))
                          or (c.endswith("_change") and c != "score_change")])
    st = ctx.frame("stalled_leads")
    ct = ctx.frame("contention")
    return {
        "sheet_units": uc.drop(columns=[c for c in ("judged", "elapsed_days", "days_in_month") if c in uc]),
        "sheet_groups": gv.drop(columns=[c for c in ("judged", "elapsed_days") if c in gv]),
        "sheet_scoreboard": ctx.safe(sb),
        "sheet_stalled": ctx.safe(st),
        "sheet_contention": ctx.safe(ct.assign(touch=ct["touch"].map(lambda t: label(f"graph.{t}", ctx.lang)))
                                      .rename(columns={"touch": "graph.touch", "on": "graph.on", "ref": "txt.ref"})),
        "sheet_rejections": ctx.safe(ctx.campaign.rejections),
        "sheet_warnings": ctx.safe(ctx.campaign.warnings),
    }


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
    from .rules import trace

    ids: list[str] = []
    for k, v in dict(row).items():
        if (k == "ids" or str(k).endswith("_ids")) and isinstance(v, (list, tuple, np.ndarray)):
            ids += [str(x) for x in v]
        elif k in ("lead_id", "trip_id", "reception_id", "ref") and isinstance(v, str):
            ids.append(v)
    return trace(campaign, dict.fromkeys(ids))
