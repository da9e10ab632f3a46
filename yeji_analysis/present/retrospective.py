"""The retrospective's sections (报告各节): one call per notebook section, each returning a displayable block.

The notebook stays thin: its parameters cell, :func:`~yeji_analysis.present.context.load_context`, then one call
per section. Each returns a :class:`~yeji_analysis.present.html.Section` that renders as HTML and keeps the frames it
shows in ``.frames``; the figures come from the context, computed once, so the sections, ``metrics.json`` and
``dispatch.xlsx`` share them.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd

from ..version import __version__
from ..forecast import backtest_line, count_text, percent_text
from ..labels import bracketed, has_label, joined, label
from ..dispatch import SCORE_DECIMALS
from ..ahead import MISSING, start_ahead
from .context import ReportContext
from .html import (MAX_ROWS, Section, format_value, bullets, figure_html, html_table, new_figure, paragraph, period_title,
                   subheading)
from .mapping import draw_battle_map
from .palette import STATUS_FILL
from .outputs import HEADLINE_KEYS, corrections_table, unread_table, window_headed, write_outputs
from .plots import compliance_heatmap, figure_height, forecast_chart, pipeline_funnel, scoreboard_chart, stage_times_chart

__all__ = ['title', 'headline', 'compliance', 'groups', 'pipeline', 'forecast', 'scoreboard', 'battle_map', 'roadshow', 'contention', 'data_quality', 'method', 'outputs', 'work_ahead']


def parameters_text(params: dict, lang: str) -> str:
    """The parameters a report ran with, as a reader reads them (参数名 = 值), each name from the labels table."""
    def value(k: str, v: Any) -> str:
        if isinstance(v, bool):
            return label("yes" if v else "no", lang)
        if k == "period" and v:
            return period_title(str(v), lang)
        if k == "lang":
            return label(f"param.lang.{v}", lang)
        return str(v) if v not in ("", None) else label("param.none", lang)
    sep = "，" if lang == "zh" else "; "
    return sep.join(f"{label('param.' + k, lang)}={value(k, v)}" for k, v in params.items())


def title(ctx: ReportContext) -> Section:
    """The report's title, period and stamp (parameters, data fingerprint, package version)."""

    lang = ctx.lang
    params = parameters_text(ctx.parameters, lang)
    parts = [paragraph(label("txt.period", lang).format(start=ctx.start, end=ctx.end, as_of=ctx.as_of)),
             paragraph(label("txt.stamp", lang).format(params=params, fp=ctx.campaign.fingerprint[:16], version=__version__),
                "yeji-note"),
             paragraph(label("txt.redacted" if ctx.redact else "txt.not_redacted", lang), "yeji-note")]
    head = label("sec.title", lang) + (f" · {period_title(ctx.period, lang)}" if ctx.period else "")
    return Section(head, parts, level=1)


def _cards(h: dict, lang: str) -> str:
    return "".join(f'<div class="yeji-card"><b>{h[k]}</b>{html.escape(label("hl." + k, lang))}</div>'
                   for k in HEADLINE_KEYS if k in h)


def headline(ctx: ReportContext) -> Section:
    """The headline figures, 本期 (the window) and 累计 (campaign to as-of), and the district targets
    (全区目标), judged 累计: a row's 完成 is the number its status is judged on."""

    lang = ctx.lang
    h = ctx.frame("headline")
    hc = ctx.frame("headline_cumulative")
    w0 = ctx.config["window"]["start"]
    dt_ = ctx.frame("district_targets")
    show = dt_.assign(target=dt_["target"].map(lambda t: label(f"rule.{t}", lang)))[
        ["target", "period_actual", "actual", "goal", "status", "deadline", "notes"]].rename(
        columns={"actual": "actual_cumulative"})
    return Section(label("sec.headline", lang),
                   [paragraph(label("txt.basis_window", lang).format(start=ctx.start, end=ctx.cut), "yeji-note"),
                    f'<div class="yeji-cards">{_cards(h, lang)}</div>',
                    paragraph(label("txt.basis_cumulative", lang).format(start=min(str(w0), ctx.start), end=ctx.cut), "yeji-note"),
                    f'<div class="yeji-cards">{_cards(hc, lang)}</div>',
                    paragraph(label("txt.targets_cumulative", lang), "yeji-note"), html_table(show, lang)],
                   {"headline": h, "headline_cumulative": hc, "district_targets": dt_})


def compliance(ctx: ReportContext) -> Section:
    """The unit × month compliance heatmap (外出招商、带头外出、接待客商) and the units that lag."""

    lang = ctx.lang
    uc = ctx.frame("unit_compliance")
    counts = uc["status"].value_counts()
    need = ctx.config["units"]
    text = label("txt.compliance", lang).format(n=len(uc), **{s: int(counts.get(s, 0))
                                                               for s in ("met", "on_track", "behind", "missed", "not_started")})
    rule = label("txt.compliance_rule", lang).format(trips=need["trips_per_month"], head=need["head_trips_per_month"],
                                                     rec=need["receptions_per_month"])
    n_months = uc["month"].nunique()
    fig, ax = new_figure(max(6.5, 1.5 * n_months + 5), figure_height(uc["unit"].nunique()) + 0.6)
    compliance_heatmap(uc, ax=ax, lang=lang)
    lag = uc[uc["status"].isin(["missed", "behind"])][
        ["unit", "group", "month", "month_basis", "trips", "head_trips", "receptions", "trips_status", "head_trips_status",
         "receptions_status", "status"]]
    return Section(label("sec.compliance", lang),
                   [paragraph(rule, "yeji-note"), figure_html(fig), paragraph(text), subheading(label("txt.lagging_units", lang)),
                    html_table(lag, lang, label_values=["month_basis"])], {"unit_compliance": uc})


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
            f'<td class="num" style="background:{STATUS_FILL[by_m.loc[m, "status"]]}">{int(by_m.loc[m, "valid_leads"])}'
            f' {html.escape(label(by_m.loc[m, "status"], lang))}</td>' for m in months)
        body.append(f"<tr><td>{html.escape(str(g))}</td>{cells}</tr>")
    pivot = (f'<table class="yeji-table"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
             if body else paragraph(label("txt.none", lang)))
    gs = ctx.frame("group_signing")
    sp = ctx.frame("speech_entries")
    return Section(label("sec.groups", lang),
                   [paragraph(label("txt.groups_rule", lang).format(n=cfg["valid_leads_per_month"], s=cfg["signed_projects"]),
                       "yeji-note"), pivot,
                    subheading(label("txt.group_signing", lang)),
                    html_table(gs[["group", "period_signed", "signed", "required", "status", "lead_ids"]].rename(
                        columns={"signed": "signed_cumulative"}), lang),
                    subheading(label("txt.speech", lang)),
                    html_table(sp.assign(status=np.where(sp["met"], "met", "missed"))[
                        ["group", "contestants", "required", "status"]], lang)],
                   {"group_valid_leads": gv, "group_signing": gs, "speech_entries": sp})


def pipeline(ctx: ReportContext) -> Section:
    """The pipeline funnel (线索→意向→签约→开工), days between stages and the stalled leads."""

    lang = ctx.lang
    cf = ctx.frame("cohort_funnel")
    fig1, ax1 = new_figure(7, 3.2)
    pipeline_funnel(cf, ax=ax1, lang=lang)
    sd = ctx.frame("stage_durations")
    fig2, ax2 = new_figure(7, 3.2)
    stage_times_chart(sd, ax=ax2, lang=lang)
    pb = ctx.frame("pipeline_by_stage")
    st = ctx.frame("stalled_leads")
    alarm = ctx.safe(st[st["grade"].isin(["red", "yellow", "undated"])][
        ["lead_id", "project", "investor", "group", "unit", "stage", "stage_since", "days_in_stage", "grade"]])
    so = ctx.frame("stage_order_problems")
    rules_txt = joined((f"{label(s, lang)} {a}/{b}" for s, (a, b) in ctx.config["stall_days"].items()), lang, clauses=True)
    return Section(label("sec.pipeline", lang),
                   [paragraph(label("txt.funnel", lang), "yeji-note"), figure_html(fig1),
                    subheading(label("txt.pipeline_now", lang)),
                    html_table(pb[["stage", "leads", "investment_wan", "unknown_investment"]], lang, label_values=["stage"]),
                    figure_html(fig2),
                    subheading(label("txt.stalled", lang)), paragraph(label("txt.stalled_rule", lang).format(rules=rules_txt), "yeji-note"),
                    html_table(alarm, lang, label_values=["stage", "grade"], max_rows=25),
                    subheading(label("txt.stage_order", lang) + bracketed(len(so), lang)),
                    html_table(so, lang, label_values=["from_stage", "to_stage"])],
                   {"cohort_funnel": cf, "stage_durations": sd, "pipeline_by_stage": pb, "stalled_leads": st,
                    "stage_order_problems": so})


def _forecast_display(fc: pd.DataFrame, lang: str) -> pd.DataFrame:
    names = [label(f"rule.{t}", lang) if not g else label("fc.group_signing", lang).format(group=g)
             for t, g in zip(fc["target"], fc["group"])]
    return fc.assign(target=names)


def forecast(ctx: ReportContext) -> Section:
    """The forecast of target attainment by the campaign's end (目标完成预测); on or after the
    campaign's last day, the final outcome (nothing is left to forecast)."""

    lang = ctx.lang
    fc = ctx.frame("forecast_targets")
    show = _forecast_display(fc, lang)
    if len(fc) and (fc["remaining_days"] <= 0).all():
        table = show[["target", "actual", "goal"]].assign(
            final_status=[label("fc.met" if a >= g else "fc.not_met", lang) for a, g in zip(show["actual"], show["goal"])]
        ).rename(columns={"actual": "actual_cumulative"})
        note = label("txt.forecast_final", lang).format(end=ctx.config["window"]["end"])
        return Section(label("sec.forecast", lang), [paragraph(note, "yeji-note"), html_table(table, lang)],
                       {"forecast_targets": fc})
    fig, ax = new_figure(8, 0.55 * len(show) + 1.4)
    forecast_chart(show, ax=ax, lang=lang)
    table = show[["target", "actual", "goal"]].assign(
        forecast_range=[count_text(m, lo, hi, lang) for m, lo, hi in zip(show["median"], show["low"], show["high"])],
        probability=[percent_text(p) for p in show["probability"]], candidates=show["candidates"]
    ).rename(columns={"actual": "actual_cumulative"})
    f = ctx.config["forecast"]
    note = label("txt.forecast", lang).format(draws=fc.attrs.get("draws", f["draws"]), seed=fc.attrs.get("seed", f["seed"]),
                                              end=ctx.config["window"]["end"])
    body = [paragraph(note, "yeji-note")]
    bt = backtest_line(lang)
    if bt:
        body.append(paragraph(bt, "yeji-note"))
    return Section(label("sec.forecast", lang), body + [figure_html(fig), html_table(table, lang)],
                   {"forecast_targets": fc})


def _score_text(df: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """Scores as text with :data:`~yeji_analysis.dispatch.SCORE_DECIMALS` decimals (one precision everywhere)."""
    return df.assign(**{c: [("" if pd.isna(v) else f"{float(v):.{SCORE_DECIMALS}f}") for v in df[c]]
                        for c in cols if c in df.columns})


def speak_rule_text(config: dict, lang: str) -> str:
    """The speakers' rule in force, in words (for the scoreboard and the method section)."""
    keys = (config["dispatch"].get("speaker_tiebreak") or ["score", "raw_score"])[1:]
    names = joined((label(k, lang) for k in keys), lang) or label("txt.none", lang)
    return label("txt.speak_rule", lang).format(n=config["dispatch"]["speakers"], keys=names)


def scoreboard(ctx: ReportContext) -> Section:
    """The dispatch scoreboard (双周调度): the window's scores (本期), who speaks (交流发言, places with ties
    marked 并列), who commits (表态发言) and each lagging unit's missed or behind rules in words, both
    from the rules' statuses on calendar months."""

    lang = ctx.lang
    sb = ctx.frame("dispatch_scoreboard")
    fig, ax = new_figure(8, figure_height(len(sb), per_row=0.26) + 0.6)
    scoreboard_chart(sb, ax=ax, lang=lang)
    sp = sb[sb["speak"].astype(bool)]
    tied = label("speak_tied", lang)
    speak = [f"{u}{bracketed(tied, lang)}" if t else str(u) for u, t in zip(sp["unit"], sp["speak_tied"])]
    lag = sb.attrs.get("lagging", [])
    com = sb[sb["commit"].astype(bool)]
    commit = [f"{u}{bracketed(g, lang)}" for u, g in zip(com["unit"], com["group"])]
    worst = sb[sb["issues"].map(len) > 0].sort_values(["rank", "unit"], ascending=[False, True])
    problems = [f"{u}：{t}" if lang == "zh" else f"{u}: " + "; ".join(i)
                for u, t, i in zip(worst["unit"], worst["issues_text"], worst["issues"])]
    cols = [c for c in ["rank", "unit", "group", "score", "score_change", "trips", "head_trips", "receptions",
                        "valid_leads", "signed", "started", "speak", "speak_tied", "commit"] if c in sb.columns]
    window = label("txt.scoreboard_basis", lang).format(start=sb.attrs.get("start", ctx.start),
                                                          end=min(sb.attrs.get("end", ctx.end), ctx.as_of))
    return Section(label("sec.scoreboard", lang),
                   [paragraph(window, "yeji-note"), figure_html(fig),
                    subheading(label("txt.speakers", lang)), paragraph(speak_rule_text(ctx.config, lang), "yeji-note"),
                    bullets(speak) or paragraph(label("txt.none", lang)),
                    subheading(label("txt.committers", lang)), bullets(commit) or paragraph(label("txt.none", lang)),
                    paragraph(label("txt.lagging_groups", lang) + (joined(lag, lang) or label("txt.none", lang)), "yeji-note"),
                    subheading(label("txt.problems", lang)), bullets(problems[:MAX_ROWS]) or paragraph(label("txt.no_problems", lang)),
                    html_table(window_headed(_score_text(sb[cols], ["score", "score_change"])), lang, max_rows=None,
                               wide=["unit", "group"])],
                   {"dispatch_scoreboard": sb})


def work_ahead(ctx: ReportContext, out_dir: str = "") -> None:
    """Start the battle map and the output files (the report's longest sections, ~1.2 s of the sample's) on another
    core while the notebook goes on (:mod:`~yeji_analysis.ahead`); :func:`battle_map` and :func:`outputs`
    then hand over what was made there, the same section and files. They are made from the context as it is now:
    call it right after ``load_context``. Nothing happens on one core or without fork."""
    ctx.ahead = start_ahead({"battle_map": lambda: _battle_map(ctx), f"outputs:{out_dir}": lambda: _outputs(ctx, out_dir)},
                            key=_ahead_key(ctx))


def _ahead_key(ctx: ReportContext) -> tuple:
    return (id(ctx), id(ctx.campaign), ctx.start, ctx.end, ctx.as_of, ctx.lang, ctx.redact, ctx.period)


def _made_ahead(ctx: ReportContext, name: str) -> Any:
    """What :func:`work_ahead` made for ``name`` from this very context (a copy or a changed one makes its own)."""
    if ctx.ahead is None or ctx.ahead.key != _ahead_key(ctx):
        return MISSING
    return ctx.ahead.take(name)


def battle_map(ctx: ReportContext) -> Section:
    """The battle map (挂图作战) and each region's coverage: trips, leads, pipeline, gaps."""
    made = _made_ahead(ctx, "battle_map")
    return made if made is not MISSING else _battle_map(ctx)


def _battle_map(ctx: ReportContext) -> Section:
    lang = ctx.lang
    fig, ax = new_figure(11, 8)
    draw_battle_map(ctx.frame("graph"), ctx.campaign, ax=ax, lang=lang)
    rc = ctx.frame("region_coverage")
    cols = [c for c in ["region", "n_units", "trips", "head_led_trips", "leads", "pipeline_wan", "signed",
                        "conversion", "potential", "coverage", "potential_gap"] if c in rc.columns]
    return Section(label("sec.battle_map", lang),
                   [figure_html(fig), subheading(label("txt.coverage", lang)),
                    html_table(rc[cols], lang, percent=["conversion", "potential", "coverage"], wide=["region"])],
                   {"region_coverage": rc})


def roadshow(ctx: ReportContext) -> Section:
    """Roadshow effectiveness (外出招商成效): per region, the trips made and the leads, intentions and
    signings that followed them in the period."""
    lang = ctx.lang
    eff = ctx.frame("roadshow_effectiveness")
    cols = [c for c in ["trips", "unit_trips", "head_led_trips", "roadshows", "first_trip_on", "leads", "intentions",
                        "signings", "signed_100m", "signed_wan", "visited_leads", "visited_progressed"] if c in eff.columns]
    show = eff[["region", *cols]].rename(columns={c: f"eff.{c}" for c in cols})
    return Section(label("sec.roadshow", lang), [paragraph(label("txt.roadshow", lang), "yeji-note"),
                                                html_table(show, lang, wide=["region"])],
                   {"roadshow_effectiveness": eff})


def contention_summary(ct: pd.DataFrame) -> pd.DataFrame:
    """One row per contended investor of :func:`~yeji_analysis.rules.investor_contention` (撞单)."""
    cols = ["investor_key", "n_groups", "groups", "first_group", "lead_ids", "in_window"]
    if ct.empty:
        return pd.DataFrame(columns=cols)
    return (ct.groupby("investor_key", sort=False)
              .agg(n_groups=("n_groups", "first"), groups=("groups", "first"), first_group=("first_group", "first"),
                   lead_ids=("lead_id", list), in_window=("in_window", "any"))
              .reset_index()
              .sort_values(["n_groups", "investor_key"], ascending=[False, True], kind="stable")[cols])


def coordination_summary(co: pd.DataFrame) -> pd.DataFrame:
    """One row per investor of :func:`~yeji_analysis.rules.investor_coordination` (several units, not 撞单)."""
    cols = ["investor_key", "n_units", "units", "touches", "contended", "in_window"]
    if co.empty:
        return pd.DataFrame(columns=cols)
    return (co.groupby("investor_key", sort=False)
              .agg(n_units=("n_units", "first"), units=("units", "first"), touches=("ref", "size"),
                   contended=("contended", "first"), in_window=("in_window", "any"))
              .reset_index()
              .sort_values(["n_units", "touches", "investor_key"], ascending=[False, False, True], kind="stable")[cols])


def contention(ctx: ReportContext) -> Section:
    """撞单 for the meeting (investors reported as leads by several groups: who owns them), apart from
    investors visited or received by several units (coordination), and the consultants' referrals."""
    lang = ctx.lang
    ct = ctx.frame("investor_contention")
    co = ctx.frame("investor_coordination")
    ca = ctx.frame("consultant_attribution")
    cols = [c for c in ["consultant", "employer", "leads", "intention", "signed", "started", "investment_wan",
                        "signed_rate", "lift"] if c in ca.columns]
    cs, cos = contention_summary(ct), coordination_summary(co)
    return Section(label("sec.contention", lang),
                   [subheading(label("txt.contention", lang) + bracketed(len(cs), lang)), html_table(ctx.safe(cs), lang),
                    subheading(label("txt.coordination", lang) + bracketed(len(cos), lang)), html_table(ctx.safe(cos), lang),
                    subheading(label("txt.consultants", lang)),
                    html_table(ctx.safe(ca[cols].assign(consultant=ca["consultant"].fillna(label("txt.no_consultant", lang)))),
                               lang, percent=["signed_rate"])],
                   {"investor_contention": ct, "investor_coordination": co, "consultant_attribution": ca})


def data_quality(ctx: ReportContext) -> Section:
    """What the ledgers held: rows read per ledger, rejected rows and warnings (数据质量)."""
    lang = ctx.lang
    c = ctx.campaign
    stats = c.stats.rename_axis("ledger").reset_index() if not c.stats.empty else pd.DataFrame()
    if not stats.empty:
        stats = stats.assign(ledger=stats["ledger"].map(lambda x: label(str(x), lang)))
    rej = ctx.safe(c.rejections)
    wrn = ctx.safe(c.warnings)
    unread = unread_table(c)
    corr = ctx.safe(corrections_table(c, lang))
    parts = [subheading(label("txt.stats", lang)), html_table(stats, lang)]
    if len(unread):
        parts += [subheading(label("txt.unread", lang) + bracketed(len(unread), lang)), html_table(unread, lang)]
    if len(corr):
        n_applied = int(c.corrections["applied"].sum())
        parts += [subheading(label("txt.corrections", lang) + bracketed(f"{n_applied}/{len(corr)}", lang)), html_table(corr, lang)]
    parts += [subheading(label("txt.rejections", lang) + bracketed(len(rej), lang)), html_table(rej, lang, label_values=["ledger"]),
              subheading(label("txt.warnings", lang) + bracketed(len(wrn), lang)), html_table(wrn, lang, label_values=["ledger"])]
    return Section(label("sec.data_quality", lang), parts,
                   {"rejections": rej, "warnings": wrn, "unread": unread, "corrections": corr})


def setting_label(key: str, lang: str) -> str:
    """A configuration key as the method appendix names it: its label (``cfg.<key>``); in English the key
    follows in brackets, for analysts who change the file. A key without a label (a campaign's own
    addition) shows as written."""
    text = label(f"cfg.{key}", lang) if has_label(f"cfg.{key}") else key
    return f"{text} ({key})" if lang != "zh" and text != key else text


def _setting_value(key: str, v: Any, lang: str) -> str:
    if isinstance(v, list) and v and isinstance(v[0], dict):
        return joined((f"{x.get('name', '')} {x.get('earliest', '')}–{x.get('latest', '')}" for x in v), lang, clauses=True)
    if key == "dispatch.speaker_tiebreak":
        return " > ".join(label(x, lang) for x in v)
    if isinstance(v, list) and lang != "zh" and key != "district.events":
        return ", ".join(str(x) for x in v)
    if key == "district.events":
        return joined((label(f"rule.{e}", lang) if has_label(f"rule.{e}") else str(e) for e in v), lang)
    if key == "dispatch.meeting_weekday" and has_label(f"weekday.{v}"):
        return label(f"weekday.{v}", lang)
    if key == "dispatch.lagging_share" and isinstance(v, (int, float)):
        return f"{v:.0%}"
    return v if isinstance(v, str) else format_value(v, lang)


def _thresholds(config: dict, lang: str = "zh") -> pd.DataFrame:
    rows = []
    for sect in ("window", "units", "groups", "district", "dispatch", "stall_days"):
        for k, v in config[sect].items():
            key = f"{sect}.{k}"
            rows.append({"setting": setting_label(key, lang), "setting_value": _setting_value(key, v, lang)})
    return pd.DataFrame(rows)


def method(ctx: ReportContext) -> Section:
    """How it was computed: the scoring rubric and thresholds in force, the input files' fingerprints,
    the package version and the parameters."""

    lang = ctx.lang
    rb = ctx.frame("rubric")
    rb_show = rb.assign(per=rb["per"].map(lambda p: label(f"per.{p}", lang)),
                        config_key=rb["config_key"].map(lambda k: setting_label(str(k), lang)))[
        [c for c in ["name", "weight", "required", "per", "cap", "config_key", "how"] if c in rb.columns]]
    files = ctx.campaign.files
    if isinstance(files, pd.DataFrame) and not files.empty:
        files = files.assign(sha256=files["sha256"].str[:16])
    params = parameters_text(ctx.parameters, lang)
    return Section(label("sec.method", lang),
                   [subheading(label("txt.periods", lang)), paragraph(label("txt.period_rule", lang)),
                    subheading(label("txt.speakers", lang)), paragraph(speak_rule_text(ctx.config, lang)),
                    subheading(label("txt.rubric", lang)), html_table(rb_show, lang, max_rows=None),
                    subheading(label("txt.thresholds", lang)), html_table(_thresholds(ctx.config, lang), lang, max_rows=None),
                    subheading(label("txt.files", lang)), html_table(files if isinstance(files, pd.DataFrame) else pd.DataFrame(), lang, max_rows=None),
                    paragraph(label("txt.stamp", lang).format(params=params, fp=ctx.campaign.fingerprint, version=__version__))],
                   {"rubric": rb})


def outputs(ctx: ReportContext, out_dir: str = "") -> None:
    """Write ``metrics.json`` and ``dispatch.xlsx`` into ``out_dir`` (nothing when it is "")."""
    if _made_ahead(ctx, f"outputs:{out_dir}") is MISSING:
        _outputs(ctx, out_dir)


def _outputs(ctx: ReportContext, out_dir: str) -> None:
    if out_dir:
        write_outputs(ctx, out_dir)
