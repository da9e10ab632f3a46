"""The corrections workbook (更正表): fixes to ledger cells kept apart from the units' own ledgers.

``yeji check DATA --corrections FILE.xlsx`` writes one row per rejected or warned cell with the columns
文件, 工作表, 行, 列, 原值, 原因 and an empty 更正值. Filled in and placed in the data folder (it is recognised by those
headers) or given with ``--corrections FILE``, it is applied on every read: each 更正值 replaces its cell's raw value
before parsing, in memory only; the ledgers themselves are never written. A correction whose cell no longer holds the
原值 it was written for is not applied, and is reported.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from .cells import is_blank, name_key, normalize_header
from .sheets import RawTable, fill_merged, read_table_file

__all__ = ["CORRECTION_HEADERS", "CORRECTION_COLUMNS", "correction_header_row", "read_corrections", "load_corrections_file",
           "write_corrections", "raw_text", "same_raw"]

#: The columns of a corrections workbook, in order (a filled one is recognised by them).
CORRECTION_HEADERS = ("文件", "工作表", "行", "列", "原值", "原因", "更正值")
#: The columns of ``Campaign.corrections`` (and of ``check --json``'s ``corrections`` list).
CORRECTION_COLUMNS = ["file", "sheet", "row", "column", "raw", "value", "applied", "reason", "why", "workbook"]


def raw_text(v: Any) -> str:
    """A raw cell as the text a message and the corrections workbook show ("" for blank)."""
    return "" if is_blank(v) else str(v)


def same_raw(cell: Any, written: Any) -> bool:
    """Whether a cell still holds the 原值 a correction was written for (spaces, widths and 2000 / 2000.0 aside)."""
    def norm(v: Any) -> str:
        if isinstance(v, float) and not math.isnan(v) and v.is_integer():
            v = int(v)
        return name_key(v)
    return norm(cell) == norm(written) or name_key(raw_text(cell)) == name_key(raw_text(written))


def correction_header_row(rows: list[list[Any]], scan: int = 5) -> int | None:
    """The index of the header row when a sheet is a corrections workbook (all its columns present), else None."""
    want = set(CORRECTION_HEADERS)
    for r, cells in enumerate(rows[:scan]):
        got = {normalize_header(v)[0] for v in cells if isinstance(v, str)}
        if want <= got:
            return r
    return None


def read_corrections(table: RawTable, header_row: int, workbook: str) -> list[dict]:
    """The filled rows (更正值 not blank) of a corrections sheet, as dicts with the workbook named."""
    rows = fill_merged(table) if table.merged else table.rows
    idx = {normalize_header(v)[0]: j for j, v in enumerate(rows[header_row]) if isinstance(v, str)}
    col = {h: idx[h] for h in CORRECTION_HEADERS}
    out = []
    for i, cells in enumerate(rows[header_row + 1:], start=header_row + 2):
        get = (lambda h: cells[col[h]] if col[h] < len(cells) else None)
        if is_blank(get("更正值")):
            continue
        row = get("行")
        try:
            row = int(float(row))
        except (TypeError, ValueError):
            row = None
        sheet = get("工作表")
        out.append({"file": raw_text(get("文件")).strip(), "sheet": "" if is_blank(sheet) else str(sheet).strip(), "row": row,
                    "column": raw_text(get("列")).strip(), "raw": raw_text(get("原值")), "value": get("更正值"),
                    "why": raw_text(get("原因")), "workbook": workbook, "workbook_row": i})
    return out


def load_corrections_file(path: Path) -> list[dict]:
    """The filled corrections of a workbook given with ``--corrections``; [] when it does not exist yet."""
    if not path.is_file():
        return []
    out = []
    for t in read_table_file(path, path.parent):
        hr = correction_header_row(t.rows)
        if hr is not None:
            out += read_corrections(t, hr, str(path))
    return out


def write_corrections(path: str | Path, campaign) -> Path:
    """Write the corrections workbook for ``campaign``: first every correction already given (with whether it was
    applied), so a workbook written over the one that was read keeps them; then one row per rejected or warned cell
    still open, 更正值 empty. Returns the path."""
    import openpyxl   # deferred: only writing a corrections workbook needs it
    from openpyxl.styles import Font, PatternFill   # deferred (as above)

    p = Path(path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "更正表"
    ws.append([*CORRECTION_HEADERS, "状态"])
    for c in ws[1]:
        c.font = Font(bold=True)
    given = getattr(campaign, "corrections", None)
    if given is not None and len(given):
        for r in given.itertuples(index=False):
            status = "已应用" if r.applied else f"未应用：{r.reason}"
            ws.append([r.file, r.sheet, None if pd.isna(r.row) else int(r.row), r.column, r.raw, r.why, _cell_value(r.value), status])
    issues = getattr(campaign, "issues", None)
    if issues is not None and len(issues):
        fill = PatternFill("solid", fgColor="FFF2CC")
        for r in issues.itertuples(index=False):
            ws.append([r.source, r.sheet, int(r.row), r.column, r.raw, r.reason, None, r.kind])
            ws.cell(ws.max_row, 7).fill = fill
    for letter, width in zip("ABCDEFGH", (34, 14, 6, 18, 24, 60, 18, 24)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    p.parent.mkdir(parents=True, exist_ok=True)
    wb.save(p)
    return p


def _cell_value(v: Any) -> Any:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v
