"""The index pages: a period's index.html and the all-periods reports/index.html with the trend."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
from pathlib import Path

from ..labels import LANGS, label
from ..periods import period_kind
from .html import period_title
from .outputs import HEADLINE_KEYS

__all__ = ['write_period_index', 'write_reports_index', 'write_reports_indexes', 'index_name', 'folder_period']


def index_name(name: str, lang: str) -> str:
    """The all-periods index's file name in ``lang``: ``index.html`` in Chinese, ``index.en.html`` in English.

    Examples
    --------
    >>> index_name("index.html", "zh"), index_name("index.html", "en"), index_name("all.htm", "en")
    ('index.html', 'index.en.html', 'all.en.htm')
    """
    if lang == "zh":
        return name
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{lang}.{ext}" if dot and stem else f"{name}.{lang}"


def folder_period(folder_name: str, metrics: dict | None = None) -> tuple[str, str]:
    """``(period name, language)`` of a report folder: ``2021-08`` is the Chinese report, ``2021-08.en`` the
    English one (the language written in its metrics.json wins when there is one).

    Examples
    --------
    >>> folder_period("2021-08"), folder_period("dispatch-03.en")
    (('2021-08', 'zh'), ('dispatch-03', 'en'))
    """
    name, lang = folder_name, "zh"
    for code in LANGS:
        if code != "zh" and folder_name.endswith(f".{code}"):
            name, lang = folder_name[: -len(code) - 1], code
    stated = ((metrics or {}).get("parameters") or {}).get("lang")
    return name, (stated if stated in LANGS else lang)


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


def write_period_index(folder: str | Path, *, lang: str = "zh", name: str | None = None,
                       home: str | None = None) -> Path:
    """Write ``index.html`` in a report folder: the period, the headline, links to the other files, and to
    the all-periods index at ``home`` (a link relative to the folder; none when ``None``)."""
    folder = Path(folder)
    m = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    p, d = m["period"], m["district"]
    title = f"{label('report_title', lang)} {period_title(name or folder_period(folder.name, m)[0], lang)}"
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
            f'{label("package_version", lang)} {html.escape(str(m.get("package_version", "")))}'
            + (f' · <a href="{html.escape(home)}">{html.escape(label("reports_title", lang))}</a>' if home else "")
            + "</p>")
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
    return sorted(found, key=lambda fm: (fm[1]["period"]["start"], fm[1]["period"]["end"], fm[1]["period"]["as_of"],
                                         fm[0].name))


def _by_period(reports: list[tuple[Path, dict]], lang: str) -> list[tuple[str, dict, dict[str, Path]]]:
    """One entry per period: its name, the metrics shown (the report in ``lang`` when there is one) and the
    folder of each language's report."""
    out: dict[str, tuple[dict, dict[str, Path]]] = {}
    for folder, m in reports:
        name, code = folder_period(folder.name, m)
        shown, folders = out.setdefault(name, (m, {}))
        folders[code] = folder
        if code == lang:
            out[name] = (m, folders)
    return [(name, m, folders) for name, (m, folders) in out.items()]


def write_reports_index(parent: str | Path, *, lang: str = "zh", path: str | Path | None = None) -> Path:
    """Write the all-periods index (``parent/index.html``, or ``path``) in ``lang``: every report found in
    ``parent`` (a sub-folder with a ``metrics.json``) with its headline, grouped by kind (months, dispatch
    windows, the whole campaign, custom periods) with the change against the previous report of the same kind
    and a sparkline of each figure, so a reader can go from this fortnight back to July. A period reported in
    both languages (``2021-08/`` and ``2021-08.en/``) is one row linking both."""
    parent = Path(parent)
    path = Path(path) if path is not None else parent / index_name("index.html", lang)
    reports = _by_period(_report_folders(parent), lang)
    title = label("reports_title", lang)
    zh_name = _zh_name(path.name, lang)
    switch = " · ".join(f'<a href="{html.escape(index_name(zh_name, c))}">{html.escape(label("param.lang." + c, c))}</a>'
                        for c in LANGS if c != lang)
    parts = [f"<h1>{html.escape(title)}</h1>", f'<p class="muted">{switch}</p>']
    if not reports:
        parts.append(f"<p>{label('no_reports', lang)}</p>")
    heads = "".join(f"<th>{html.escape(_headline_label(k, lang))}</th>" for k in HEADLINE_KEYS)

    def rel(folder: Path, file: str) -> str:
        return html.escape(Path(os.path.relpath(folder / file, path.parent)).as_posix())

    for kind in ("month", "dispatch", "campaign", "custom"):
        group = [(n, m, fs) for n, m, fs in reports if period_kind(n) == kind]
        if not group:
            continue
        parts.append(f"<h2>{html.escape(label('kind_' + kind, lang))}</h2>")
        rows, prev = [], None
        for name, m, folders in group:
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
            first = folders.get(lang) or next(iter(folders.values()))
            link = f'<a href="{rel(first, "retrospective.html")}">{html.escape(period_title(name, lang))}</a>'
            langs = " · ".join(f'<a href="{rel(folders[c], "retrospective.html")}">{html.escape(label("param.lang." + c, c))}</a>'
                               f' (<a href="{rel(folders[c], "dispatch.xlsx")}">xlsx</a>)' for c in LANGS if c in folders)
            rows.append(f'<tr><td class="t">{link}</td><td class="t">{p["start"]} – {p["end"]}</td>'
                        f'<td class="t">{p["as_of"]}</td>{"".join(cells)}<td class="t">{langs}</td></tr>')
            prev = d
        parts.append(f'<table><tr><th class="t">{label("period", lang)}</th><th class="t">{label("start", lang)} – '
                     f'{label("end", lang)}</th><th class="t">{label("as_of", lang)}</th>{heads}'
                     f'<th class="t">{label("files", lang)}</th></tr>{"".join(rows)}')
        if len(group) > 1:
            sparks = "".join(f"<td>{_sparkline([float(m['district'].get(k, 0) or 0) for _, m, _ in group])}</td>"
                             for k in HEADLINE_KEYS)
            parts.append(f'<tr><th class="t" colspan="3">{label("trend", lang)}</th>{sparks}<td></td></tr>')
        parts.append("</table>")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{dt.datetime.now().strftime('%H%M%S%f')}.{os.getpid()}.tmp"
    tmp.write_text(_page(title, "\n".join(parts), lang), encoding="utf-8")
    tmp.replace(path)
    return path


def _zh_name(name: str, lang: str) -> str:
    """The Chinese index's file name from the one in ``lang`` (``index.en.html`` → ``index.html``)."""
    return name.replace(f".{lang}.", ".", 1) if f".{lang}." in name else name


def write_reports_indexes(path: str | Path, reports: str | Path | None = None) -> list[Path]:
    """Write the all-periods index at ``path`` in Chinese and its English twin beside it (``index.en.html``),
    both listing every report in the folder ``reports`` (default: ``path``'s folder), each linking the other."""
    path = Path(path)
    parent = Path(reports) if reports is not None else path.parent
    return [write_reports_index(parent, lang=code, path=path.with_name(index_name(path.name, code)))
            for code in LANGS]
