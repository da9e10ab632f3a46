"""The roadshow plan for people: its views (itinerary, delegations, whom to meet …), plan.json and itinerary.xlsx,
the notebook's headings, summary and method, and the route drawn."""

from __future__ import annotations

import functools
import json
import math
import re
import weakref
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from ..ahead import MISSING, can_fork, start_ahead
from ..version import __version__
from ..forecast import percent_text
from ..labels import bracketed, has_label, joined, label
from ..planner import RoadshowPlan, Route, plan_roadshows
from ..planner.calendar import WEEKDAYS_ZH, final_ceremony, reason_text
from ..planner.leads import lead_weights
from ..planner.outcome import conversion_rates
from ..regions import HOME, TRAVEL_SOURCE, load_regions
from .excel import write_workbook
from .html import NUMBER_TEXT
from .context import Prepared, prepared_with
from .redact import contact_names, redact_frame

__all__ = ['plan_for', 'prepare_plan', 'SHEETS', 'plan_view', 'view_table', 'show_view', 'work_ahead', 'write_plan_outputs', 'heading', 'plan_summary', 'method_notes', 'plot_route']


def _plan_key(plan_start: Any, plan_end: Any, as_of: Any, regions: Any, max_trips_per_unit: Any, lang: str) -> tuple:
    return ("plan", str(plan_start), str(plan_end), as_of, regions, max_trips_per_unit, lang)


def plan_for(campaign, plan_start: Any, plan_end: Any, *, as_of: Any = None, regions: Any = None,
             max_trips_per_unit: int | None = None, lang: str = "zh") -> RoadshowPlan:
    """:func:`~yeji_analysis.planner.plan_roadshows` of the campaign, for the plan notebook: the plan ``yeji plan``
    worked out of this very campaign with these very arguments while the kernel started (:func:`prepare_plan`),
    else worked out here."""
    made = prepared_with(campaign, _plan_key(plan_start, plan_end, as_of, regions, max_trips_per_unit, lang))
    if made is not None:
        return made["plan"]
    return plan_roadshows(campaign, plan_start, plan_end, as_of=as_of, regions=regions,
                          max_trips_per_unit=max_trips_per_unit, lang=lang)


def prepare_plan(read: Callable[[], Any], params: dict) -> Prepared:
    """``read()`` (the campaign, as the notebook would read it) and the plan of ``params`` (the plan notebook's
    parameters, passed as the notebook passes them to :func:`plan_for`): what ``yeji plan`` works out on another
    core while the kernel starts and imports. A plan that cannot be made is left to the notebook, whose cell then
    shows why."""
    camp = read()
    args = dict(as_of=params.get("as_of") or None, regions=params.get("regions") or None,
                max_trips_per_unit=params.get("max_trips_per_unit") or None, lang=params.get("lang", "zh"))
    key = _plan_key(params["plan_start"], params["plan_end"], **args)
    try:
        plan = plan_roadshows(camp, params["plan_start"], params["plan_end"], **args)
    except Exception:   # noqa: BLE001 - made again, and its error shown, by the notebook's cell
        return Prepared(camp, key, {})
    return Prepared(camp, key, {"plan": plan})



#: The workbook's sheets: label key -> plan view (see :func:`yeji_analysis.planner.plan_view`).
SHEETS = {"plan.sheet.itinerary": "itinerary", "plan.sheet.delegations": "delegations",
          "plan.sheet.contacts": "contacts", "plan.sheet.needs": "needs", "plan.sheet.route": "route",
          "plan.sheet.days": "days"}

_VIEW_COLS = {
    "itinerary": ["date", "weekday", "tour", "stop", "region", "units", "head_units", "groups", "leads"],
    "delegations": ["unit", "group", "date", "region", "head_led", "purpose", "affinity"],
    "contacts": ["region", "rank", "lead_id", "investor", "project", "stage", "investment_wan", "sector",
                 "unit", "group", "contact", "phone", "days_since_contact", "score", "reason", "visit_date"],
    "needs": ["unit", "group", "month", "trips", "head_trips", "trips_needed", "head_needed", "planned",
              "planned_head", "unmet"],
    "route": ["leg", "from", "to", "mode", "hours"],
    "days": ["date", "weekday", "usable", "reason"],
    "outcome": ["measure", "leads_met", "rate", "expected_added", "actual", "goal", "baseline_expected",
                "baseline_probability", "with_plan_expected"],
}
_VIEW_KEY = {"days": {"reason": "plan.why_blocked"}}


def english_range(text: Any) -> Any:
    """A count with its range as the planner writes it (7（4–10）) written for an English page: 7 (4–10).

    >>> english_range("7（4–10）"), english_range("3"), english_range("")
    ('7 (4–10)', '3', '')
    """
    return re.sub(r"（([^（）]*)）", lambda m: bracketed(m[1], "en"), text) if isinstance(text, str) else text


def plan_view(plan: RoadshowPlan, view: str, lang: str = "zh") -> pd.DataFrame:
    """A frame of ``plan`` for people: one of itinerary, delegations, contacts, needs, route, days,
    outcome; columns and coded values labelled in ``lang``, lists joined, dates as text.

    Contacts keep their ``contact``/``phone`` columns here: redact the result before sharing.
    """
    if view not in _VIEW_COLS:
        raise ValueError(f"unknown view {view!r}: expected one of {', '.join(_VIEW_COLS)}")
    if view == "itinerary":
        names = dict(zip(plan.contacts["lead_id"], plan.contacts["investor"]))
        df = plan.visits.assign(weekday=plan.visits["date"].dt.day_of_week + 1,
                                leads=plan.visits["leads"].map(lambda ids: [names.get(i, "") + bracketed(i, lang) for i in ids]))
    elif view == "route":
        df = plan.route.legs.assign(mode=plan.route.legs["mode"].map(lambda m: label(f"plan.mode.{m}", lang) if m else ""))
    elif view == "outcome":   # counts as a median with its 80% range, chances as percentages
        o = plan.outcome
        bracket = (lambda t: t) if lang == "zh" else english_range
        df = o.assign(measure=o["measure"].map(lambda m: label(f"plan.measure.{m}", lang)),
                      actual=o["actual"].round().astype("Int64"), goal=o["goal"].round().astype("Int64"),
                      rate=o["rate"].map(percent_text), expected_added=o["added_range"].map(bracket),
                      baseline_expected=o["baseline_range"].map(bracket), with_plan_expected=o["with_plan_range"].map(bracket),
                      baseline_probability=o["baseline_probability"].map(lambda p: "" if pd.isna(p) else percent_text(p)))
    else:
        df = getattr(plan, {"delegations": "delegations", "contacts": "contacts", "needs": "needs", "days": "days"}[view])
    df = df.copy()
    if view == "needs":
        df = df[df["needed"] > 0]
    if view == "days":
        df = df.assign(reason=[reason_text(k, lang) for k in df["reason_key"]],
                       usable=df["usable"].map(lambda b: ("是" if b else "否") if lang == "zh" else ("yes" if b else "no")))
    if view == "delegations":
        df = df.assign(purpose=df["purpose"].map(lambda p: label(f"plan.purpose.{p}", lang)),
                       affinity=df["affinity"].round(2))
    if view == "contacts":
        df = df.assign(stage=df["stage"].map(lambda s: label(s, lang)))
    if "head_led" in df.columns:
        df["head_led"] = df["head_led"].map(lambda b: ("是" if b else "") if lang == "zh" else ("yes" if b else ""))
    if "weekday" in df.columns:
        df["weekday"] = df["weekday"].map(lambda k: f"周{WEEKDAYS_ZH[k - 1]}" if lang == "zh"
                                          else ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][k - 1])
    for c in ("units", "head_units", "groups", "leads"):
        if c in df.columns:
            df[c] = df[c].map(lambda xs: joined(xs, lang))
    for c in ("date", "visit_date"):
        if c in df.columns:
            df[c] = df[c].map(lambda d: "" if pd.isna(d) else pd.Timestamp(d).strftime("%Y-%m-%d"))
    df = df[[c for c in _VIEW_COLS[view] if c in df.columns]]
    keys = _VIEW_KEY.get(view, {})
    # a column's plan-specific label where the plan words it differently, else the column's common one
    return df.rename(columns={c: label(keys.get(c, f"plan.{c}" if has_label(f"plan.{c}") else c), lang)
                              for c in df.columns}).reset_index(drop=True)


def plot_route(route: Route, *, table: pd.DataFrame | None = None, ax: Any = None, lang: str = "zh") -> Any:
    """Draw the tour over China's province outlines (offline, see
    :func:`yeji_analysis.present.mapping.draw_china`): home, the stops numbered in order, legs as
    arrows with their hours; the stops' provinces tinted, labels moved apart so none overlaps.

    Returns the matplotlib ``Axes``; never shows or saves.
    """
    import matplotlib.pyplot as plt  # deferred: pyplot only when drawing the route

    from .fonts import use_cjk_font  # deferred, with matplotlib
    from .mapping import base_map_note, draw_china, place_labels  # deferred: mapping loads pyplot

    use_cjk_font()
    t = (table if table is not None else load_regions()).set_index("region")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 6))
    names = [HOME, *route.order]
    province = t["province"].to_dict() if "province" in t.columns else {}
    draw_china(ax, highlight={province.get(n) for n in route.order} - {None}, home=province.get(HOME))
    lons = [float(t.loc[n, "lon"]) for n in names]
    lats = [float(t.loc[n, "lat"]) for n in names]
    pad = 1.5
    ax.set_xlim(min(lons) - pad, max(lons) + pad + 1.0)
    ax.set_ylim(min(lats) - pad, max(lats) + pad)
    ax.set_aspect(1.0 / math.cos(math.radians(sum(lats) / len(lats))))
    ax.set_xticks([])
    ax.set_yticks([])
    for leg in route.legs.itertuples():
        a, b = t.loc[leg._2], t.loc[leg.to]
        ax.annotate("", xy=(b["lon"], b["lat"]), xytext=(a["lon"], a["lat"]), zorder=3,
                    arrowprops={"arrowstyle": "-|>", "color": "#3b6ea5", "lw": 1.6, "shrinkA": 6, "shrinkB": 6})
        ax.text((a["lon"] + b["lon"]) / 2, (a["lat"] + b["lat"]) / 2, f"{leg.hours:g}h", fontsize=8, zorder=4,
                color="#2c4f78", ha="center", va="center",
                bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.8))
    texts = []
    for k, name in enumerate(names):
        r = t.loc[name]
        ax.scatter(r["lon"], r["lat"], s=160 if k == 0 else 90, marker="*" if k == 0 else "o",
                   color="#c0392b" if k == 0 else "#2c3e50", edgecolor="white", zorder=5)
        text = name if lang == "zh" else r["name_en"]
        texts.append(ax.text(r["lon"] + 0.3, r["lat"] + 0.3, text if k == 0 else f"{k}. {text}", fontsize=10,
                             fontweight="bold", zorder=6, gid=f"stop-label:{name}",
                             bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85)))
    markers = ax.scatter(lons, lats, s=[160] + [90] * (len(names) - 1), alpha=0.0, zorder=0)
    title = (f"巡回路线：共 {route.total_hours:g} 小时" if lang == "zh"
             else f"Tour: {route.total_hours:g} hours in all")
    ax.set_title(title)
    ax.text(0.0, -0.02, base_map_note(lang), transform=ax.transAxes, fontsize=7, color="#555555", ha="left",
            va="top")
    place_labels(ax, texts, list(zip(lons, lats)), markers)  # last: it fixes the layout
    return ax

def view_table(plan, view: str, *, lang: str = "zh", redact: bool = True, names: Any = ()) -> pd.DataFrame:
    """A plan view (:func:`yeji_analysis.planner.plan_view`) ready to share: contacts' names and
    phone numbers removed unless ``redact`` is False (``names``: the contact names to mask in text)."""

    df = plan_view(plan, view, lang)
    return redact_frame(df, names=names, lang=lang) if redact else df


#: the widest a column of long text (推荐理由, 项目名称 …) grows on screen before its text wraps
_LONG_TEXT_EM = 16


#: The views the plan notebook shows, in its order, and those it shows with the contacts' names masked in their text
#: (:func:`work_ahead` formats them so; a view shown with other arguments is formatted where it is shown).
_NOTEBOOK_VIEWS = ("route", "itinerary", "delegations", "needs", "contacts", "outcome", "days")
_NAMED_VIEWS = ("itinerary", "delegations", "contacts")


#: plan's id -> what :func:`work_ahead` started for it (the entry goes with the plan)
_AHEAD: dict[int, Any] = {}


class _Formatted:
    """What the notebook's display formatter made of a Styler elsewhere (:func:`work_ahead`): shown as it was. The
    Styler's own attributes (``to_html``, ``hide``, ``data`` ...) are those of the Styler made here by ``make`` when
    first asked for, and once it is made it is what is shown (whatever was done to it since)."""

    def __init__(self, bundle: tuple[dict, dict], make: Callable[[], Any]):
        self._bundle, self._make, self._real = bundle, make, None

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        if self._real is None:
            return self._bundle
        from IPython import get_ipython  # deferred, as in work_ahead (a Formatted is only made in a kernel)

        shell = get_ipython()
        if shell is None:
            return {"text/html": self._real.to_html(), "text/plain": repr(self._real)}, {}
        return shell.display_formatter.format(self._real, include=include, exclude=exclude)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):   # the display machinery's probes (_repr_html_, _ipython_display_ ...): not a Styler's
            raise AttributeError(name)
        if self._real is None:
            self._real = self._make()
        return getattr(self._real, name)


def work_ahead(plan, campaign, out_dir: str = "", *, lang: str = "zh", redact: bool = True, names: Any = ()) -> None:
    """Format the plan's views for the notebook (:func:`show_view`, with the notebook's display formatter) and
    write its output files (:func:`write_plan_outputs`) on another core (:mod:`yeji_analysis.ahead`) while the
    notebook draws the route; :func:`show_view` and :func:`write_plan_outputs` then hand over what was made
    there, for the same plan and arguments (any other call makes its own). Nothing happens outside a notebook's
    kernel, on one core or without fork."""
    try:
        from IPython import get_ipython  # deferred: IPython only in a notebook's kernel
    except ImportError:  # pragma: no cover - IPython is a dependency (jupyterlab)
        return
    shell = get_ipython()
    if shell is None or not can_fork():
        return
    jobs: dict[str, Callable[[], Any]] = {}
    for v in _NOTEBOOK_VIEWS:
        shown = tuple(names) if v in _NAMED_VIEWS else ()
        jobs[_view_key(v, lang, redact, shown)] = functools.partial(_formatted_view, shell, plan, v, lang, redact, shown)
    jobs[_outputs_key(campaign, out_dir, lang, redact)] = lambda: write_plan_outputs(
        plan, campaign, out_dir, lang=lang, redact=redact)
    ahead = start_ahead(jobs)
    if ahead is not None:   # kept beside the plan, not on it (a plan stays a plain value: copied, pickled), while it lives
        _AHEAD[id(plan)] = ahead
        weakref.finalize(plan, _AHEAD.pop, id(plan), None)


def _formatted_view(shell: Any, plan, view: str, lang: str, redact: bool, names: tuple) -> tuple[dict, dict]:
    """What the notebook's display formatter makes of :func:`show_view` (what :func:`work_ahead`'s copy hands over)."""
    return shell.display_formatter.format(show_view(plan, view, lang=lang, redact=redact, names=names))


def _view_key(view: str, lang: str, redact: bool, names: Any) -> str:
    return repr(("view", view, lang, bool(redact), tuple(names)))


def _outputs_key(campaign, out_dir: Any, lang: str, redact: bool) -> str:
    return repr(("outputs", id(campaign), str(out_dir), lang, bool(redact)))


def _made_ahead(plan, key: str) -> Any:
    """What :func:`work_ahead` made under ``key`` for this very plan (:data:`~yeji_analysis.ahead.MISSING` if nothing)."""
    ahead = _AHEAD.get(id(plan))
    return ahead.take(key) if ahead is not None else MISSING


def show_view(plan, view: str, *, lang: str = "zh", redact: bool = True, names: Any = ()) -> Any:
    """:func:`view_table` for the notebook (a Styler): every row shown, no index, numbers right-aligned
    (their headers too), text left-aligned; short columns kept on one line, long text wrapped
    within at most 16em, headers wrapped, so the widest view (各区域拜访对象) fits a 1,400 px
    window and an A4 landscape page. What :func:`work_ahead` formatted for these arguments is handed over."""
    made = _made_ahead(plan, _view_key(view, lang, redact, names))
    if made is not MISSING:
        # the plan by a weak reference: a view kept (the kernel's Out) does not keep the plan, and its _AHEAD entry
        return _Formatted(made, lambda ref=weakref.ref(plan): _styled(_alive(ref), view, lang=lang, redact=redact,
                                                                      names=names))
    return _styled(plan, view, lang=lang, redact=redact, names=names)


def _alive(ref: Any) -> Any:
    plan = ref()
    if plan is None:
        raise ReferenceError("这张表所依据的规划已不存在 / the plan this view was made from is gone: call show_view again")
    return plan


def _styled(plan, view: str, *, lang: str, redact: bool, names: Any) -> Any:
    """:func:`show_view`'s Styler, made here."""
    df = view_table(plan, view, lang=lang, redact=redact, names=names)
    money = {label("plan.investment_wan", lang)}
    fmt = {c: ("{:,.0f}" if c in money else "{:.2f}") for c in df.columns if pd.api.types.is_float_dtype(df[c])}
    # numbers, and columns of figures already formatted as text (20%, 1,500): right-aligned
    numeric = [c for c in df.columns if (pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]))
               or (len(df) and df[c].map(lambda v: v is None or v != v or v == "" or v == "—"
                                         or bool(NUMBER_TEXT.fullmatch(str(v)))).all()
                   and df[c].map(lambda v: bool(NUMBER_TEXT.fullmatch(str(v)))).any())]
    text = [c for c in df.columns if c not in numeric]
    chars = {c: int(df[c].astype(str).str.len().max()) if len(df) else 0 for c in text}
    long = [c for c in text if chars[c] > 12]
    short = [c for c in text if c not in long]
    # cell classes for the print stylesheet (present.html.print_css): numbers and ≤6-character
    # columns stay on one line on paper too, the others may wrap there
    kinds = {c: "num" if c in numeric else "yeji-long" if c in long else
             "yeji-nowrap" if chars[c] <= 6 else "yeji-mid" for c in df.columns}
    classes = pd.DataFrame({c: [kinds[c]] * len(df) for c in df.columns}, index=df.index)
    # every style is the table's, by column: no cell gets an id or a rule of its own (one per cell made the plan's
    # 1,700 cells 1,700 ids, each an anchor for WeasyPrint to place: a quarter of the PDF's layout); the table's id
    # is the view's, so the page is the same from run to run
    by_column = {c: [{"selector": "td", "props": [("text-align", "right"), ("white-space", "nowrap")]}] for c in numeric}
    by_column |= {c: [{"selector": "td", "props": [("text-align", "left"), ("white-space", "nowrap")]}] for c in short}
    for c in long:  # wrapped, at least a quarter of its longest text wide (6em to 16em): a reason stays readable
        width = min(max(chars[c] / 4, 6), _LONG_TEXT_EM)
        by_column[c] = [{"selector": "td", "props": [("text-align", "left"), ("white-space", "normal"),
                                                     ("min-width", f"{width:g}em"), ("max-width", f"{_LONG_TEXT_EM}em")]}]
    for c in numeric:
        by_column[c] = by_column[c] + [{"selector": "th", "props": [("text-align", "right")]}]
    from pandas.io.formats.style import Styler  # deferred: jinja2 only when a table is shown

    sty = (Styler(df, uuid=re.sub(r"\W", "-", view), cell_ids=False).hide(axis="index").format(fmt, na_rep="—")
           .set_table_attributes('class="yeji-table yeji-plan-table"').set_td_classes(classes)
           .set_table_styles([
               {"selector": "", "props": [("border-collapse", "collapse"), ("font-size", "13px"), ("max-width", "100%")]},
               {"selector": "th", "props": [("text-align", "left"), ("white-space", "normal"), ("vertical-align", "bottom"),
                                            ("background", "#ddebf7"), ("border", "1px solid #bbb"), ("padding", "3px 6px")]},
               {"selector": "td", "props": [("border", "1px solid #ccc"), ("padding", "3px 6px"), ("vertical-align", "top")]},
           ]))
    return sty.set_table_styles(by_column, overwrite=False) if by_column else sty


def write_plan_outputs(plan, campaign, out_dir: str | Path = ".", *, lang: str = "zh", redact: bool = True) -> dict:
    """Write ``plan.json`` and ``itinerary.xlsx`` for ``plan`` into ``out_dir``; return the JSON dict.

    The JSON holds lead ids, never contacts; the workbook's sheets (:data:`SHEETS`) are redacted
    like the HTML unless ``redact`` is False. An empty ``out_dir`` writes nothing. Written by
    :func:`work_ahead`'s copy already, they are not written again.
    """

    made = _made_ahead(plan, _outputs_key(campaign, out_dir, lang, redact))
    if made is not MISSING:
        return made
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
    from IPython.display import Markdown  # deferred: matplotlib/IPython only when drawing or displaying

    return Markdown("#" * level + " " + label(key, lang))


def plan_summary(plan, lang: str = "zh") -> Any:
    """The plan's headline in a few sentences (Markdown): window, days, visits, units, route, notes."""
    from IPython.display import Markdown  # deferred: matplotlib/IPython only when drawing or displaying

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
                 f"{sig.loc['intention', 'added_range']} 个、签约 {sig.loc['signed', 'added_range']} 个"
                 f"（亿元以上 {sig.loc['signed_100m', 'added_range']} 个；括号内为 80% 区间）"]
        lines += [f"- 说明：{n}" for n in plan.notes]
    else:
        lines = [f"- Window: {p['plan_start']} to {p['plan_end']} (data as of {p['as_of']}), {usable} usable working days",
                 f"- Route: {route}, {plan.route.total_hours:g} hours per tour",
                 f"- {len(plan.visits)} visits, {units} units travel; {behind} units short on trips, {closed} of them closed by this plan",
                 f"- {int(plan.contacts['visit_date'].notna().sum())} leads met; expected "
                 f"{english_range(sig.loc['intention', 'added_range'])} new intentions and "
                 f"{english_range(sig.loc['signed', 'added_range'])} signings "
                 f"({english_range(sig.loc['signed_100m', 'added_range'])} of 100m yuan or more; 80% range in brackets)"]
        lines += [f"- Note: {n}" for n in plan.notes]
    return Markdown("\n".join(lines))


def method_notes(plan, campaign, lang: str = "zh") -> Any:
    """How the plan was computed (Markdown): calendar, ceremonies, route, score weights, rates."""
    from IPython.display import Markdown  # deferred: matplotlib/IPython only when drawing or displaying


    cfg = campaign.config
    w = lead_weights(cfg)
    final, held = final_ceremony(cfg, campaign.events)
    p1, p2 = plan.rates if plan.rates is not None else conversion_rates(campaign, pd.Timestamp(plan.params["as_of"]))
    gap = cfg["planner"]["min_days_before_ceremony"]
    ws = joined((f"{label('plan.w.' + k, lang)} {v:g}" for k, v in w.items()), lang)
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
            f"- 预期成效：按目标预测的同一模型（仪式日历与各阶段转化速度），今日拜访的线索到攻坚季结束前"
            f"转为意向的概率 {p1:.0%}、意向转为签约的概率 {p2:.0%}，"
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
            f"- Expected outcome: the forecast's own model (ceremony calendar, stage rates): a lead met today becomes an "
            f"intention by the campaign's end with {p1:.0%}, an intention signs with {p2:.0%}; "
            "the lift counts only what exceeds the forecast's own expectation per lead.",
            f"- Data fingerprint {campaign.fingerprint[:12] or '—'}.",
        ]
    return Markdown("\n".join(lines))
