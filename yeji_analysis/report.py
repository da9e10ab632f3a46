"""The per-period report (阶段报告): ``yeji report``, its periods, and the files written beside the notebook.

``yeji report DATA --period 2021-07`` checks its parameters (exit 2 before any kernel starts),
runs ``notebooks/retrospective.ipynb`` with papermill into a temporary folder, and moves the
folder into ``reports/<period>/`` only when complete. The notebook's last step calls
:func:`write_outputs`, which writes ``metrics.json`` and ``dispatch.xlsx`` from the same figures
the notebook shows; :func:`write_period_index` and :func:`write_reports_index` write the index
pages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import re
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from .cli import UsageError, parse_day as _date, say as _say
from .labels import label, register

__all__ = ["Period", "resolve_period", "dispatch_windows", "run_report_cli", "build_report", "metrics",
           "dispatch_sheets", "write_outputs", "write_period_index", "write_reports_index", "find_template",
           "HEADLINE_KEYS", "package_version"]

#: The district figures of ``metrics.json`` (and of every index page), in display order.
HEADLINE_KEYS = ["signed_100m", "started", "valid_leads", "trips", "receptions"]

register({
    "report_title": ("叶集区“双招双引”集中攻坚季 阶段报告", "Yeji District investment campaign: period report"),
    "reports_title": ("叶集区“双招双引”集中攻坚季 各期报告", "Yeji District investment campaign: all period reports"),
    "period": ("报告期", "period"), "as_of": ("数据截至", "as of"), "start": ("起", "from"), "end": ("止", "to"),
    "headline": ("主要指标", "headline"), "files": ("文件", "files"), "trend": ("趋势", "trend"),
    "hl.signed_100m": ("新签约亿元以上项目", "new signings >= 100m yuan"), "hl.started": ("新开工项目", "projects started"),
    "hl.valid_leads": ("有效线索", "valid leads"), "hl.trips": ("外出招商（次）", "outbound trips"),
    "hl.receptions": ("接待客商（次）", "receptions"), "hl.head_trips": ("主要负责人带队外出（次）", "head-led trips"),
    "hl.leads": ("新报线索", "leads reported"),
    "file_html": ("报告（网页）", "report (HTML)"), "file_xlsx": ("调度表（Excel）", "dispatch workbook (Excel)"),
    "file_json": ("指标（JSON）", "metrics (JSON)"), "file_ipynb": ("分析笔记本", "analysis notebook"),
    "data_fingerprint": ("数据指纹", "data fingerprint"), "package_version": ("程序版本", "package version"),
    "parameters": ("参数", "parameters"), "kind_month": ("月报", "months"), "kind_dispatch": ("双周调度", "dispatch windows"),
    "kind_campaign": ("全程", "whole campaign"), "kind_custom": ("自定义期间", "custom periods"),
    "no_reports": ("尚无报告", "no reports yet"), "change": ("较上期", "vs previous"),
    "sheet_units": ("单位达标", "unit compliance"), "sheet_groups": ("小组线索", "group leads"),
    "sheet_scoreboard": ("调度得分", "scoreboard"), "sheet_stalled": ("停滞项目", "stalled leads"),
    "sheet_contention": ("撞单", "contention"), "sheet_rejections": ("拒收行", "rejections"),
    "sheet_warnings": ("警告", "warnings"),
})

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DISPATCH = re.compile(r"^dispatch-(\d+)$")


def package_version() -> str:
    """The installed package's version (``yeji_analysis.__version__``)."""
    from . import __version__
    return __version__


# ----------------------------------------------------------------------------------- periods
@dataclasses.dataclass(frozen=True)
class Period:
    """A reporting period: its folder ``name`` (2021-07, campaign, dispatch-03, or start_end) and dates."""

    name: str
    start: dt.date
    end: dt.date
    as_of: dt.date

    @property
    def kind(self) -> str:
        """month, dispatch, campaign or custom."""
        return _kind(self.name)


def _kind(name: str) -> str:
    if _MONTH.match(name):
        return "month"
    if _DISPATCH.match(name):
        return "dispatch"
    return "campaign" if name == "campaign" else "custom"


def _usage(message: str) -> Exception:
    return UsageError(message)


def dispatch_windows(config: dict) -> list[tuple[dt.date, dt.date]]:
    """The campaign's two-week dispatch windows (双周调度) as dates, from
    :func:`yeji_analysis.dispatch.meeting_schedule` (one definition of the windows).

    Examples
    --------
    >>> from yeji_analysis.config import load_config
    >>> w = dispatch_windows(load_config())
    >>> len(w), [str(d) for d in w[0]], [str(d) for d in w[-1]]
    (7, ['2021-07-01', '2021-07-14'], ['2021-09-23', '2021-09-30'])
    """
    from .dispatch import meeting_schedule

    w = meeting_schedule(config)
    return [(s.date(), e.date()) for s, e in zip(w["start"], w["end"])]


def resolve_period(config: dict, *, start: str | None = None, end: str | None = None, period: str | None = None,
                   dispatch: int | None = None, as_of: str | None = None) -> Period:
    """Turn the command's period options into a :class:`Period`, or raise ``UsageError``.

    Exactly one of ``period`` (``2021-07`` or ``campaign``), ``dispatch`` (N, 1-based) or
    ``start``/``end`` (both) is given. Every date must lie inside the campaign window, the end on
    or after the start, and ``as_of`` (default: the period's end) on or after the start.

    Examples
    --------
    >>> from yeji_analysis.config import load_config
    >>> p = resolve_period(load_config(), period="2021-08")
    >>> p.name, str(p.start), str(p.end), str(p.as_of)
    ('2021-08', '2021-08-01', '2021-08-31', '2021-08-31')
    >>> resolve_period(load_config(), dispatch=2).name
    'dispatch-02'
    """
    w_start, w_end = config["window"]["start"], config["window"]["end"]
    window = f"{w_start} – {w_end}"
    given = [x for x in ("period" if period else None, "dispatch" if dispatch is not None else None,
                         "start/end" if (start or end) else None) if x]
    if len(given) > 1:
        raise _usage("give one of --period, --dispatch or --start/--end, not " + " and ".join(given))
    if not given:
        raise _usage("which period? give --period 2021-07, --period campaign, --dispatch N or --start/--end")
    if period:
        p = period.strip().lower()
        if p == "campaign":
            name, lo, hi = "campaign", w_start, w_end
        else:
            m = _MONTH.match(p)
            if not m or not 1 <= int(m.group(2)) <= 12:
                raise _usage(f"unknown period {period!r}: expected a month like 2021-07, or 'campaign'")
            y, mo = int(m.group(1)), int(m.group(2))
            lo = dt.date(y, mo, 1)
            hi = (dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1))
            name = f"{y}-{mo:02d}"
            if hi < w_start or lo > w_end:
                raise _usage(f"period {period!r} is outside the campaign window {window}")
            lo, hi = max(lo, w_start), min(hi, w_end)
    elif dispatch is not None:
        windows = dispatch_windows(config)
        if not 1 <= dispatch <= len(windows):
            raise _usage(f"unknown dispatch window {dispatch}: the campaign {window} has windows 1 to {len(windows)}")
        lo, hi = windows[dispatch - 1]
        name = f"dispatch-{dispatch:02d}"
    else:
        if not (start and end):
            raise _usage("give both --start and --end (or use --period / --dispatch)")
        lo, hi = _date(start, "--start"), _date(end, "--end")
        name = f"{lo}_{hi}"
    if hi < lo:
        raise _usage(f"the period ends ({hi}) before it starts ({lo})")
    for what, d in (("--start", lo), ("--end", hi)):
        if not w_start <= d <= w_end:
            raise _usage(f"{what} {d} is outside the campaign window {window}")
    cut = hi if as_of is None else _date(as_of, "--as-of")
    if not w_start <= cut <= w_end:
        raise _usage(f"--as-of {cut} is outside the campaign window {window}")
    if cut < lo:
        raise _usage(f"--as-of {cut} is before the period starts ({lo})")
    return Period(name, lo, hi, cut)


# ----------------------------------------------------------------------------------- figures
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
    package version and the parameters the report ran with. ``figures`` may hold those three already
    computed (``headline``, ``unit_compliance``, ``group_valid_leads``), as a report context does.
    """
    from . import rules

    as_of = end if as_of is None else as_of
    figures = figures or {}
    head = figures.get("headline") or rules.headline(campaign, start, end, as_of)
    uc = figures.get("unit_compliance")
    uc = rules.unit_compliance(campaign, start, end, as_of) if uc is None else uc
    gv = figures.get("group_valid_leads")
    gv = rules.group_valid_leads(campaign, start, end, as_of) if gv is None else gv
    return {
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
    }


def dispatch_sheets(ctx) -> dict:
    """The 调度表's sheets (label key -> frame), built from a report context (see ``report_sections``)."""
    from . import report_sections as rs

    return {label(k, ctx.lang): df for k, df in rs.workbook_frames(ctx).items()}


def write_outputs(ctx, out_dir: str | Path = ".") -> dict:
    """Write ``metrics.json`` and ``dispatch.xlsx`` for a report context into ``out_dir``; return the metrics.

    Called by the notebook's last cell, so the files hold the figures the notebook shows. With
    an empty ``out_dir`` nothing is written (an analyst running the notebook by hand).
    """
    from .excel import write_workbook

    m = metrics(ctx.campaign, ctx.start, ctx.end, ctx.as_of, parameters=ctx.parameters,
                figures={k: ctx.frame(k) for k in ("headline", "unit_compliance", "group_valid_leads")})
    if not out_dir:
        return m
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "metrics.json").write_text(json.dumps(m, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    from .report_sections import COLUMN_LABELS
    write_workbook(out / "dispatch.xlsx", dispatch_sheets(ctx), lang=ctx.lang, header_keys=COLUMN_LABELS)
    return m


# ----------------------------------------------------------------------------------- index pages
_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;
margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.3em .7em;text-align:right}
th{background:#ddebf7}td.t,th.t{text-align:left;white-space:nowrap}.up{color:#2e7d32}.down{color:#d84343}.muted{color:#777}
a{color:#1565c0}
"""


def _page(title: str, body: str, lang: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>\n{body}\n</body></html>\n")


def _headline_label(key: str, lang: str) -> str:
    return label("hl." + key, lang)


def write_period_index(folder: str | Path, *, lang: str = "zh", name: str | None = None) -> Path:
    """Write ``index.html`` in a report folder: the period, the headline, links to the other files."""
    folder = Path(folder)
    m = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    p, d = m["period"], m["district"]
    title = f"{label('report_title', lang)} {name or folder.name}"
    rows = "".join(f'<tr><th class="t">{html.escape(_headline_label(k, lang))}</th><td>{d.get(k, "")}</td></tr>'
                   for k in HEADLINE_KEYS)
    links = [("retrospective.html", "file_html"), ("dispatch.xlsx", "file_xlsx"),
             ("metrics.json", "file_json"), ("retrospective.ipynb", "file_ipynb")]
    files = "".join(f'<li><a href="{f}">{html.escape(label(k, lang))}</a> <span class="muted">{f}</span></li>'
                    for f, k in links if (folder / f).exists())
    body = (f"<h1>{html.escape(title)}</h1>"
            f"<p>{label('period', lang)}：{p['start']} – {p['end']}；{label('as_of', lang)}：{p['as_of']}</p>"
            f"<h2>{label('headline', lang)}</h2><table>{rows}</table>"
            f"<h2>{label('files', lang)}</h2><ul>{files}</ul>"
            f'<p class="muted">{label("data_fingerprint", lang)} {m.get("data_fingerprint", "")[:16]} · '
            f'{label("package_version", lang)} {html.escape(str(m.get("package_version", "")))} · '
            f'<a href="../index.html">{html.escape(label("reports_title", lang))}</a></p>')
    path = folder / "index.html"
    path.write_text(_page(title, body, lang), encoding="utf-8")
    return path


def _sparkline(values: list[float], width: int = 120, height: int = 28) -> str:
    if len(values) < 2:
        return ""
    top = max(max(values), 1)
    step = (width - 6) / (len(values) - 1)
    pts = " ".join(f"{3 + i * step:.1f},{height - 3 - (v / top) * (height - 6):.1f}" for i, v in enumerate(values))
    last = pts.split()[-1].split(",")
    return (f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">'
            f'<polyline fill="none" stroke="#1565c0" stroke-width="2" points="{pts}"/>'
            f'<circle cx="{last[0]}" cy="{last[1]}" r="2.5" fill="#1565c0"/></svg>')


def _report_folders(parent: Path) -> list[tuple[Path, dict]]:
    found = []
    for sub in sorted(parent.iterdir()) if parent.is_dir() else []:
        if sub.name.startswith(".") or not sub.is_dir():
            continue
        f = sub / "metrics.json"
        if not f.is_file():
            continue
        try:
            m = json.loads(f.read_text(encoding="utf-8"))
            m["period"]["start"], m["period"]["end"], m["district"]  # noqa: B018 - shape check
        except (ValueError, KeyError, TypeError):
            continue
        found.append((sub, m))
    return sorted(found, key=lambda fm: (fm[1]["period"]["start"], fm[1]["period"]["end"], fm[1]["period"]["as_of"]))


def write_reports_index(parent: str | Path, *, lang: str = "zh") -> Path:
    """Write ``index.html`` in the folder holding period reports: every report found (a sub-folder
    with a ``metrics.json``) with its headline, grouped by kind (months, dispatch windows, the whole
    campaign, custom periods) with the change against the previous report of the same kind and a
    sparkline of each figure, so a reader can go from this fortnight back to July."""
    parent = Path(parent)
    reports = _report_folders(parent)
    title = label("reports_title", lang)
    parts = [f"<h1>{html.escape(title)}</h1>"]
    if not reports:
        parts.append(f"<p>{label('no_reports', lang)}</p>")
    heads = "".join(f"<th>{html.escape(_headline_label(k, lang))}</th>" for k in HEADLINE_KEYS)
    for kind in ("month", "dispatch", "campaign", "custom"):
        group = [(f, m) for f, m in reports if _kind(f.name) == kind]
        if not group:
            continue
        parts.append(f"<h2>{html.escape(label('kind_' + kind, lang))}</h2>")
        rows, prev = [], None
        for f, m in group:
            p, d = m["period"], m["district"]
            cells = []
            for k in HEADLINE_KEYS:
                v = d.get(k, "")
                delta = ""
                if prev is not None and isinstance(v, (int, float)) and isinstance(prev.get(k), (int, float)):
                    diff = v - prev[k]
                    if diff:
                        delta = f' <span class="{"up" if diff > 0 else "down"}">{"▲" if diff > 0 else "▼"}{abs(diff):g}</span>'
                cells.append(f"<td>{v}{delta}</td>")
            link = f'<a href="{html.escape(f.name)}/retrospective.html">{html.escape(f.name)}</a>'
            rows.append(f'<tr><td class="t">{link}</td><td class="t">{p["start"]} – {p["end"]}</td>'
                        f'<td class="t">{p["as_of"]}</td>{"".join(cells)}'
                        f'<td class="t"><a href="{html.escape(f.name)}/dispatch.xlsx">xlsx</a></td></tr>')
            prev = d
        parts.append(f'<table><tr><th class="t">{label("period", lang)}</th><th class="t">{label("start", lang)} – '
                     f'{label("end", lang)}</th><th class="t">{label("as_of", lang)}</th>{heads}'
                     f'<th class="t">{label("files", lang)}</th></tr>{"".join(rows)}')
        if len(group) > 1:
            sparks = "".join(f"<td>{_sparkline([float(m['district'].get(k, 0) or 0) for _, m in group])}</td>"
                             for k in HEADLINE_KEYS)
            parts.append(f'<tr><th class="t" colspan="3">{label("trend", lang)}</th>{sparks}<td></td></tr>')
        parts.append("</table>")
    path = parent / "index.html"
    tmp = parent / f".index.html.{dt.datetime.now().strftime('%H%M%S%f')}.tmp"
    tmp.write_text(_page(title, "\n".join(parts), lang), encoding="utf-8")
    tmp.replace(path)
    return path


# ----------------------------------------------------------------------------------- the command
def find_template(name: str = "retrospective.ipynb") -> Path:
    """The notebook template: ``notebooks/<name>`` of the source tree (or the working directory)."""
    here = Path(__file__).resolve().parent
    for base in (here.parent / "notebooks", Path.cwd() / "notebooks", Path(str(resources.files("yeji_analysis")))):
        if (base / name).is_file():
            return base / name
    raise FileNotFoundError(f"notebook template {name} not found (looked in notebooks/ beside the package)")


def build_report(data: str | Path, period: Period, *, out: str | Path | None = None, lang: str = "zh",
                 redact: bool = True, config: str | Path | None = None, progress: bool = True) -> Path:
    """Run the retrospective notebook for ``period`` and write the report folder; return it.

    Raises :class:`yeji_analysis.render.RenderError` when the notebook fails (the previous
    report stays as it was).
    """
    from .render import run_notebook

    out_dir = Path(out) if out else Path("reports") / period.name
    params = {"data_dir": str(Path(data).resolve()), "start": period.start.isoformat(), "end": period.end.isoformat(),
              "as_of": period.as_of.isoformat(), "lang": lang, "redact": bool(redact),
              "config": str(Path(config).resolve()) if config else "", "period": period.name, "out_dir": "."}
    title = f"{label('report_title', lang)} {period.name}"

    def finalize(build: Path) -> None:
        missing = [f for f in ("metrics.json", "dispatch.xlsx") if not (build / f).is_file()]
        if missing:
            raise RuntimeError(f"the notebook did not write {', '.join(missing)}")
        write_period_index(build, lang=lang, name=period.name)

    run_notebook(find_template(), params, out_dir, html_name="retrospective.html", progress=progress,
                 title=title, finalize=finalize, lang=lang)
    write_reports_index(out_dir.resolve().parent, lang=lang)
    return out_dir


def run_report_cli(args) -> int:
    """``yeji report``: check the parameters (UsageError → exit 2), build the report, say where it is."""
    from .cli import checked_inputs
    from .render import RenderError

    data = Path(args.data)
    cfg = checked_inputs(args)
    period = resolve_period(cfg, start=args.start, end=args.end, period=args.period,
                            dispatch=args.dispatch, as_of=args.as_of)
    out = Path(args.out) if args.out else Path("reports") / period.name
    if out.exists() and not out.is_dir():
        raise _usage(f"--out {out} exists and is not a folder")
    _say(f"yeji report: {period.name} ({period.start} – {period.end}, as of {period.as_of}) → {out}/")
    try:
        build_report(data, period, out=out, lang=args.lang, redact=args.redact, config=args.config)
    except RenderError as exc:
        _say(f"yeji report: failed: {exc}")
        return 1
    _say(f"yeji report: wrote {out / 'retrospective.html'} (and dispatch.xlsx, metrics.json, index.html);"
         f" all reports: {out.resolve().parent / 'index.html'}")
    return 0
