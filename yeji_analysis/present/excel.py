"""Writing workbooks officials open and print (调度表): Chinese headers, frozen header row, widths, status
fills, and a page setup for paper (landscape A4, one page wide, the header row on every page)."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from copy import copy
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from ..labels import has_label, joined, label
from .palette import STATUS_FILL

__all__ = ["write_workbook", "display_width", "STATUS_FILLS", "status_columns_of"]

#: status key -> fill colour as openpyxl writes it (RGB hex): the palette's fills (present/palette.py).
STATUS_FILLS = {k: v.lstrip("#").upper() for k, v in STATUS_FILL.items() if k != "none"}
_HEADER_FILL = "DDEBF7"
#: widest column (display columns, CJK double): longer text wraps onto more lines within it
_MAX_WIDTH = 30
#: a header longer than this wraps over its column rather than widen a column of short values
_HEADER_WRAP = 10
#: points per line of a wrapped row (11-point text and its leading, CJK faces included)
_LINE_PT = 15.0
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def display_width(value: object) -> int:
    """Columns a value takes on screen: East Asian wide/full-width characters count double.

    Examples
    --------
    >>> display_width("达标"), display_width("met"), display_width(12000.5)
    (4, 3, 7)
    """
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def status_columns_of(df: pd.DataFrame) -> list[str]:
    """Columns that hold a status: ``status``, ``*_status``, ``level``, ``stall_level``, ``grade``."""
    return [c for c in df.columns if isinstance(c, str)
            and (c == "status" or c.endswith("_status") or c in ("level", "stall_level", "grade"))]


def _cell_value(value: object, lang: str) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple, set)):
        return joined(value, lang)
    if isinstance(value, (bool,)) or type(value).__name__ == "bool_":
        return label("yes" if value else "no", lang)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date() if value == value.normalize() else value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        try:
            return value.item()
        except (ValueError, AttributeError):
            return str(value)
    return value


def _sheet_title(name: str, used: set[str]) -> str:
    title = _BAD_SHEET_CHARS.sub("_", str(name)).strip("'") or "Sheet"
    title = title[:31]
    base, i = title, 2
    while title in used:
        suffix = f"({i})"
        title = base[: 31 - len(suffix)] + suffix
        i += 1
    used.add(title)
    return title


def _lines(width: int, column: int) -> int:
    """Lines a value of ``width`` display columns takes in a column of ``column``: one if it fits, else
    wrapped with a tenth spare (lines break at punctuation and spaces rather than mid-word).

    Examples
    --------
    >>> _lines(8, 10), _lines(30, 30), _lines(31, 30), _lines(80, 30)
    (1, 1, 2, 3)
    """
    return 1 if width <= column else math.ceil(width * 1.1 / column)


def _print_setup(ws, lang: str) -> None:
    """Landscape A4, one page wide and as many down as it takes, row 1 on every page, grid lines,
    the sheet's name in the header and the page numbers in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # 0: as many pages down as needed
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.oddHeader.center.text = "&A"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页" if lang == "zh" else "Page &P of &N"


def write_workbook(path: str | Path, sheets: Mapping[str, pd.DataFrame], *,
                   status_columns: Iterable[str] | None = None, lang: str = "zh",
                   labels: bool = True, header_keys: Mapping[str, str] | None = None) -> Path:
    """Write ``sheets`` (sheet name -> tidy frame) to an ``.xlsx`` workbook the way officials expect it.

    Each sheet gets headers through the labels table (``lang``), a bold, frozen header row with
    an auto-filter, column widths from the content (CJK characters count double; a column is as
    wide as its widest value, at most 30, longer text wraps within it; a header longer than 10
    wraps rather than widen a column of short values), dates as ``yyyy-mm-dd``, lists joined with
    、, and conditional fills on the status columns: 达标 green, 进度正常 pale green, 进度滞后 amber,
    未达标 red (and 绿/黄/红 stall levels).

    Printed, every sheet is A4 landscape, scaled to one page wide (as many pages down as it
    takes), with the header row repeated on each page, grid lines, the sheet's name at the top
    and "第 N 页，共 M 页" at the foot.

    Parameters
    ----------
    path : the workbook to write
    sheets : sheet name -> frame, in order (names are cut to Excel's 31 characters)
    status_columns : the columns whose values are statuses (met/missed/on_track/behind/...); by
        default every column named ``status``, ``*_status``, ``level`` or ``stall_level``.
        Their values are written as labels (达标 …) and filled by value.
    lang : "zh" (default) or "en", for headers and status labels
    labels : relabel headers through the labels table (False: write column names as they are)
    header_keys : column -> label key, where a column's header is not its own key's label

    Returns
    -------
    The path written.
    """

    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    explicit = None if status_columns is None else list(status_columns)
    for name, df in sheets.items():
        ws = wb.create_sheet(_sheet_title(name, used))
        df = df.reset_index(drop=True)
        status_cols = [c for c in (explicit if explicit is not None else status_columns_of(df)) if c in df.columns]
        keys = dict(header_keys or {})
        headers = [label(keys.get(str(c), str(c)), lang) if labels else str(c) for c in df.columns]
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        widths = [min(display_width(h), _HEADER_WRAP) for h in headers]
        shown_widths = []  # per row, each value's display width: the row's height once widths are known
        for row in df.itertuples(index=False, name=None):
            values, row_widths = [], []
            for j, (col, v) in enumerate(zip(df.columns, row)):
                if col in status_cols and isinstance(v, str) and has_label(v):
                    v = label(v, lang)   # a status key; other text (已应用, a reason) is written as it is
                v = _cell_value(v, lang)
                values.append(v)
                shown = v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v
                if isinstance(v, float):
                    shown = f"{v:,.2f}"
                row_widths.append(display_width(shown))
                widths[j] = max(widths[j], row_widths[-1])
            ws.append(values)
            shown_widths.append(row_widths)
        n = len(df)
        top = Alignment(vertical="top")
        wrapped = Alignment(vertical="top", wrap_text=True)
        for j, col in enumerate(df.columns, start=1):
            letter = get_column_letter(j)
            ws.column_dimensions[letter].width = min(_MAX_WIDTH, widths[j - 1]) + 2
            if n:  # long text wraps inside its column; every cell sits at the top of its row
                kind = df[col].dtype
                fmt = None
                if pd.api.types.is_datetime64_any_dtype(kind):
                    fmt = "yyyy-mm-dd"
                elif pd.api.types.is_float_dtype(kind):
                    fmt = "#,##0.##"
                how = wrapped if widths[j - 1] > _MAX_WIDTH else top
                # cells that had the same style before get the same style after: the first of them is styled, the
                # others take a copy of its array of indexes into the workbook's style lists (openpyxl's own
                # worksheet copy does so) rather than every style being looked up again. Keyed by the style the
                # cell had, not shared by the whole column: openpyxl gave each date written into a column of mixed
                # values its own date format, which a text's or a number's style must not replace
                restyled: dict[tuple | None, object] = {}
                for (cell,) in ws.iter_rows(min_row=2, max_row=n + 1, min_col=j, max_col=j):
                    had = None if cell._style is None else tuple(cell._style)
                    done = restyled.get(had)
                    if done is not None:
                        cell._style = copy(done)
                        continue
                    cell.alignment = how
                    if fmt:
                        cell.number_format = fmt
                    restyled[had] = cell._style
        # rows of wrapped text are as tall as their longest cell's lines (no viewer is relied on to refit)
        text_widths = [max(min(_MAX_WIDTH, w), 1) for w in widths]
        for i, row_widths in enumerate([[display_width(h) for h in headers], *shown_widths], start=1):
            lines = max([_lines(w, cw) for w, cw in zip(row_widths, text_widths)] or [1])
            if lines > 1:
                ws.row_dimensions[i].height = lines * _LINE_PT + 2
        ws.freeze_panes = "A2"
        _print_setup(ws, lang)
        if df.columns.size:
            ws.auto_filter.ref = f"A1:{get_column_letter(df.columns.size)}{max(n + 1, 1)}"
        for col in status_cols:
            j = list(df.columns).index(col) + 1
            letter = get_column_letter(j)
            rng = f"{letter}2:{letter}{max(n + 1, 2)}"
            for key, colour in STATUS_FILLS.items():
                ws.conditional_formatting.add(
                    rng, CellIsRule(operator="equal", formula=[f'"{label(key, lang)}"'],
                                    fill=PatternFill("solid", start_color=colour, end_color=colour)))
    if not wb.sheetnames:
        wb.create_sheet("Sheet")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
