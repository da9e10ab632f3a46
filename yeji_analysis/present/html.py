"""HTML for leaders: tables with Chinese headers and status colours, charts as embedded PNG, a section's block."""

from __future__ import annotations

import base64
import calendar
import dataclasses
import datetime as dt
import html
import io
import re
from typing import Any, Iterable

import numpy as np
import pandas as pd

from ..labels import joined, label
from .palette import STATUS_FILL

__all__ = ['Section', 'html_table', 'figure_html', 'new_figure', 'column_label', 'COLUMN_LABELS', 'period_title', 'paragraph', 'subheading', 'bullets', 'format_value', 'MAX_ROWS', 'print_css', 'CJK_FONT_STACK', 'NUMBER_TEXT']


#: Column -> label key where the column's own key names something else (a ledger, an event).
COLUMN_LABELS = {"trips": "col.trips", "receptions": "col.receptions", "leads": "col.leads",
                 "contestants": "col.contestants", "groups": "col.groups"}


def column_label(col: str, lang: str = "zh") -> str:
    """The header people read for a frame's column (see :data:`COLUMN_LABELS`)."""
    return label(COLUMN_LABELS.get(col, col), lang)


def period_title(name: str, lang: str = "zh") -> str:
    """A period's name as people read it: "campaign" 攻坚季全程, "dispatch-03" 第3期双周调度, "2021-07" 2021年7月
    (whole campaign, dispatch window 3, July 2021 in English); a custom period ``start_end`` as its two dates.

    Examples
    --------
    >>> period_title("campaign"), period_title("dispatch-03"), period_title("2021-07"), period_title("2021-07", "en")
    ('攻坚季全程', '第3期双周调度', '2021年7月', 'July 2021')
    >>> period_title("2021-07-05_2021-07-18")
    '2021-07-05 至 2021-07-18'
    """
    if name == "campaign":
        return label("period.campaign", lang)
    m = re.fullmatch(r"dispatch-(\d+)", name)
    if m:
        return label("period.dispatch", lang).format(n=int(m.group(1)))
    m = re.fullmatch(r"(\d{4})-(\d{2})", name)
    if m and 1 <= int(m.group(2)) <= 12:
        y, mo = m.group(1), int(m.group(2))
        return f"{y}年{mo}月" if lang == "zh" else f"{calendar.month_name[mo]} {y}"
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})", name)
    if m:
        return f"{m.group(1)} 至 {m.group(2)}" if lang == "zh" else f"{m.group(1)} to {m.group(2)}"
    return name

_STATUS_VALUES = {"met", "missed", "on_track", "behind", "not_started", "red", "yellow", "green"}
MAX_ROWS = 40
#: a cell whose text is a figure (12、1,076,700、-3.5、100%、<1%) is right-aligned like a number
NUMBER_TEXT = re.compile(r"[<>]?[-+−]?\d[\d,]*(\.\d+)?%?")

def format_value(v: Any, lang: str) -> str:
    if v is None or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, float) and np.isnan(v):
        return ""
    if isinstance(v, (list, tuple, set, np.ndarray)):
        return joined(v, lang)
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
               max_rows: int | None = MAX_ROWS, label_values: Iterable[str] = (),
               percent: Iterable[str] = (), wide: Iterable[str] = ()) -> str:
    """A frame as an HTML table for readers: labelled headers, statuses labelled and coloured,
    ``label_values`` columns' values labelled, ``percent`` columns as percentages, lists joined
    with 、, dates as YYYY-MM-DD; long tables cut at ``max_rows`` with a note. A column of short texts prints on one
    line, one of names up to twelve characters at least 4.5 characters wide, as do ``wide`` columns (``td.yeji-mid``):
    a table of many columns would otherwise print them a character a line (区/商/务/局, 项/目/线/索/台/账)."""
    percent, wide = set(percent), set(wide)
    status_columns = set(status_columns) | {c for c in df.columns
                                            if c == "status" or str(c).endswith("_status") or c in ("grade",)}
    label_values = set(label_values)
    if df.empty:
        return f"<p>{label('txt.none', lang)}</p>"
    shown = df if max_rows is None else df.head(max_rows)
    head = "".join(f"<th>{html.escape(column_label(str(c), lang))}</th>" for c in df.columns)
    texts = []   # each cell's (text, style, is it a figure), row by row; then each column's class from its texts
    for r in shown.itertuples(index=False, name=None):
        cells = []
        for c, v in zip(df.columns, r):
            style = ""
            if c in status_columns and isinstance(v, str) and v in _STATUS_VALUES:
                style = f' style="background:{STATUS_FILL[v]}"'
                text = label(v, lang)
            elif c in label_values and isinstance(v, str):
                text = label(v, lang)
            elif c in percent and isinstance(v, (float, np.floating)) and not np.isnan(v):
                text = f"{v:.0%}"
            else:
                text = format_value(v, lang)
            num = ((isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_)))
                   or bool(NUMBER_TEXT.fullmatch(text)))  # figures formatted before they got here: 100%, 10000
            cells.append((text, style, num))
        texts.append(cells)
    kinds = [_text_kind(c in wide, [row[k][0] for row in texts if not row[k][2]]) for k, c in enumerate(df.columns)]
    rows = ["<tr>" + "".join(f'<td class="{"num" if num else kind}"{style}>{html.escape(text)}</td>' if num or kind
                             else f"<td{style}>{html.escape(text)}</td>"
                             for (text, style, num), kind in zip(cells, kinds)) + "</tr>" for cells in texts]
    more = ""
    if max_rows is not None and len(df) > max_rows:
        more = f'<p class="yeji-note">{html.escape(label("txt.more_rows", lang).format(n=len(df) - max_rows))}</p>'
    return f'<table class="yeji-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>{more}'


def _text_width(text: str) -> float:
    """About how many em a text takes on one line: a CJK character 1, a Latin letter or digit about half."""
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.55 for ch in text)


def _text_kind(wide: bool, texts: list[str]) -> str:
    """The class of a table column's text cells (``texts``, its cells that are not figures), where they hold Chinese,
    which breaks between any two characters: short texts on one line (``yeji-nowrap``: 达标, 三元镇, 项目线索台账), names
    of up to twelve characters at least 4.5 wide (``yeji-mid``: 叶集经济开发区管委会 over two lines, not ten), longer text
    free to wrap; a ``wide`` column is ``yeji-mid``. A column of Latin text only (dates, English labels) is left free:
    a word is not broken inside, and an English table of many columns needs every em of its page."""
    if wide:
        return "yeji-mid"
    if not any(ord(ch) >= 0x2E80 for t in texts for ch in t):   # Latin words are not broken inside: left as they were
        return ""
    longest = max(map(_text_width, texts), default=0.0)
    return "yeji-nowrap" if longest <= 6 else "yeji-mid" if longest <= 12 else ""


def figure_html(fig, *, dpi: int = 110) -> str:
    """A matplotlib figure as an ``<img>`` with the PNG embedded (``data:`` URI); the figure is closed."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    try:
        import matplotlib.pyplot as plt  # deferred: pyplot only to release a pyplot figure
        plt.close(fig)
    except Exception:  # pragma: no cover - a Figure made without pyplot
        pass
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img class="yeji-chart" alt="chart" src="data:image/png;base64,{data}"/>'


def new_figure(width: float, height: float):
    from matplotlib.figure import Figure  # deferred: matplotlib/IPython only when drawing or displaying
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.add_subplot()


_STYLE = """<style>
.yeji-section h2{margin-top:0.6em;border-bottom:2px solid #1565c0;padding-bottom:4px}
.yeji-section h3{margin-top:1em}
.yeji-table{border-collapse:collapse;font-size:13px;margin:6px 0}
.yeji-table th{background:#ddebf7;border:1px solid #bbb;padding:3px 8px;text-align:left !important}
.yeji-table td{border:1px solid #ccc;padding:3px 8px;text-align:left !important}
.yeji-table td.num{text-align:right !important}
.yeji-table td.yeji-mid{min-width:4.5em}
.yeji-table td.yeji-nowrap{white-space:nowrap}
.yeji-note{color:#666;font-size:12px}
.yeji-cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}
.yeji-card{border:1px solid #ccc;border-radius:6px;padding:8px 14px;min-width:120px}
.yeji-card b{display:block;font-size:26px;color:#1565c0}
.yeji-chart{max-width:100%;height:auto;display:block;margin:6px 0}
</style>"""


#: Font families for Chinese text on a page or in print, Simplified Chinese faces first (a lab-template
#: page otherwise falls back to whichever CJK face the system lists first, often the Japanese one).
CJK_FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei", '
                  '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK JP", sans-serif')


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (quotes, backslashes and line breaks escaped)."""
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + " ".join(out.split()) + '"'


def print_css(header: str, *, landscape: bool = False, margin_boxes: bool = True, lang: str = "zh") -> str:
    r"""The stylesheet that lays a report or plan page out on A4 paper (used by the PDF step).

    A running header (``header``: the title and period) on every page but the first, page numbers
    "第 N 页 / 共 M 页" at the foot, each ``h2`` section on a new page (the title block shares the
    first page with the first section: give the document's first ``h2`` the class ``yeji-first``), headings kept with what follows, table rows never cut,
    nor a table's first or last row left alone on a page, table headers repeated on each page, cells wrapped, numbers right-aligned, charts scaled to the
    page width and never split. ``landscape`` turns the page (the plan's wide tables). The header and the
    page numbers ("Page N of M" where ``lang`` is "en") are the page's margin boxes: ``margin_boxes=False`` leaves them out (a page printed in parts
    gets them stamped on afterwards, see :mod:`yeji_analysis.commands.pdf`).

    The page's margins are half an inch. They always were: the notebook template's ``@page { margin: 0.5in }``
    is the page's own (author) CSS, which outranks this sheet's plain declarations, so the 16/12/15/12 mm once
    written here never applied. ``!important`` now makes this sheet say what the pages get.

    Examples
    --------
    >>> css = print_css('报告 "攻坚季全程"', landscape=True)
    >>> "size: A4 landscape" in css, '"报告 \\"攻坚季全程\\""' in css, "counter(pages)" in print_css("x", margin_boxes=False)
    (True, True, False)
    """
    size = "A4 landscape" if landscape else "A4"
    numbers = ('"第 " counter(page) " 页 / 共 " counter(pages) " 页"' if lang == "zh"
               else '"Page " counter(page) " of " counter(pages)')
    boxes = f"""
  @top-center {{ content: {_css_string(header)}; font-size: 8.5pt; color: #555;
                 border-bottom: 0.5pt solid #bbb; width: 100%; vertical-align: bottom; padding-bottom: 2pt; }}
  @bottom-center {{ content: {numbers}; font-size: 8.5pt; color: #555; }}
}}
@page :first {{ @top-center {{ content: none; border: none; }} }}""" if margin_boxes else "\n}"
    # an English header's words are not broken where they must be: the report's scoreboard of 15 columns (receptions
    # this window) then ran off the portrait page's right edge, its last three cut. A Chinese one breaks anywhere
    # already; the landscape plan's English tables fit whole words
    latin = "\nth { overflow-wrap: anywhere; }" if lang == "en" and not landscape else ""
    return f"""
@page {{ size: {size}; margin: 0.5in !important;{boxes}
html, body {{ font-size: 9.5pt; background: white; }}
body, body * {{ font-family: {CJK_FONT_STACK} !important; }}
body.jp-Notebook {{ padding: 0; margin: 0; }}
.jp-Cell, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output, .jp-RenderedHTMLCommon,
.jp-Cell-outputWrapper, .jp-Cell-outputArea {{ display: block !important; overflow: visible !important; padding: 0 !important;
  margin: 0 !important; max-width: none !important; width: auto !important;
  break-inside: auto !important; }}  /* JupyterLab keeps each output on one page: a long table then jumps */
.jp-RenderedHTMLCommon {{ font-size: 9.5pt; }}
h1 {{ font-size: 17pt; margin: 0 0 6pt 0; }}
h2 {{ break-before: page; break-after: avoid; font-size: 13pt; margin-top: 0; }}
h2.yeji-first {{ break-before: auto; }}
h3, h4 {{ break-after: avoid; }}
table {{ border-collapse: collapse; max-width: 100%; font-size: 8pt; }}
thead {{ display: table-header-group; }}
tr, img, .yeji-card, figure {{ break-inside: avoid; }}
tbody tr:first-child {{ break-after: avoid; }}   /* a table never starts with one row alone at a page's foot ... */
tbody tr:last-child {{ break-before: avoid; }}   /* ... nor ends with one alone at the next page's head */
th, td {{ overflow-wrap: break-word; word-break: normal; padding: 2pt 4pt !important; vertical-align: top; }}
th {{ white-space: normal !important; vertical-align: bottom; }}{latin}
td.yeji-mid, td.yeji-long {{ white-space: normal !important; }}
td.yeji-mid {{ min-width: 4.5em !important; }}
td.yeji-long {{ max-width: none !important; min-width: 7em !important; }}
td.num, td.yeji-nowrap {{ white-space: nowrap !important; }}
td.num, td.yeji-num {{ text-align: right !important; white-space: nowrap !important; }}
img, .yeji-chart {{ max-width: 100% !important; height: auto; }}
.yeji-cards {{ break-inside: avoid; }}
a {{ color: inherit; text-decoration: none; }}
"""


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


def subheading(text: str) -> str:
    return f"<h3>{html.escape(text)}</h3>"


def paragraph(text: str, cls: str = "") -> str:
    return f'<p{f" class={cls!r}" if cls else ""}>{html.escape(text)}</p>'


def bullets(items: Iterable[str]) -> str:
    items = list(items)
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>" if items else ""
