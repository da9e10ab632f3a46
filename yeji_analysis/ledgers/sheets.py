"""Finding the ledgers in a folder: files into raw tables, merged cells, header rows, title lines."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .cells import COLUMN_WISE, CellError, LedgerError, cell_text, is_blank, normalize_header, normalize_text, parse_date, regex_matches
from .specs import LEDGERS

__all__ = ["RawTable", "Sheet", "read_table_file", "fill_merged", "cell_texts", "structural_looking", "detect_ledger", "header_guess", "name_hint",
           "submission_date", "ledger_files", "fingerprint", "HEADER_ALIASES", "CANONICAL_HEADERS", "IGNORED_HEADERS",
           "STRUCT_TOTAL", "STRUCT_NOTE", "STRUCT_LABEL", "UNIT_LINE", "LEDGER_SUFFIXES", "NOT_READ",
           "folder_files", "unread_reason", "DROPDOWN_SHEET"]

# a whole cell such as 合计, 小计：, 7月小计, 本页合计（万元）; not 总计划… (a project's name)
STRUCT_TOTAL = re.compile(r"(?:[\d一二三四五六七八九十]{1,2}月份?|本页|本月|本期|全区|全部|总)?(?:合计|小计|总计|共计|累计)(?:[:：(（].*)?")
STRUCT_NOTE = re.compile(r"^(注|备注|说明|填报人|审核人|制表|联系人|填表说明|数据来源)\s*[:：\d、.]")
#: The words without which neither STRUCT_TOTAL nor STRUCT_NOTE can match (for a column-wise first look).
_STRUCT_WORDS = "合计|小计|总计|共计|累计|^(?:注|备注|说明|填报人|审核人|制表|联系人|填表说明|数据来源)"
#: A section label written across the rows of a ledger (补报线索, 二、8月新增, （一）外出招商, 第二批): structural.
STRUCT_LABEL = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十\d]+[批期部])"
                          r"|补报|新增|续报|补充|追加|以下为|^[\d一二三四五六七八九十]{1,2}月份?$")
#: Names of sheets that hold drop-down lists (数据验证的序列来源).
DROPDOWN_SHEET = re.compile(r"下拉|字典|选项|列表|序列|数据验证|有效性|list|dict|lookup|option", re.I)
UNIT_LINE = re.compile(r"单位\s*[:：]\s*(亿元|万元|元|亿|万)")
_SUBMIT_LINE = re.compile(r"(填报|报送|上报|提交)(日期|时间)\s*[:：]\s*(\d{4}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*[日号]?)")
_NAME_DATE = re.compile(r"(20\d{2})[-_.年]?(\d{1,2})[-_.月]?(\d{1,2})日?")


# ----------------------------------------------------------------------------- reading files into raw tables

@dataclasses.dataclass
class RawTable:
    """A sheet (or CSV file) as rows of raw cells, with where it came from."""
    source: str
    sheet: str
    rows: list[list[Any]]   # rows[i] is spreadsheet row i+1 (CSV: line i+1)
    merged: list[tuple[int, int, int, int]]   # (r0, c0, r1, c1), 0-based, inclusive
    hidden: bool = False


def _decode_csv(data: bytes, path: Path) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise LedgerError(f"{path.name}: 无法识别的文本编码（已尝试 UTF-8、UTF-8 BOM、GB18030/GBK）")


def read_table_file(path: Path, root: Path | None = None) -> list[RawTable]:
    """Every sheet of an .xlsx/.xlsm/.xlsb/.xls/.ods workbook (python-calamine reads them all), or one .csv file, as raw
    tables. Hidden sheets are read too and marked ``hidden`` (the reader decides what to say about them)."""
    rel = str(path.relative_to(root)) if root else path.name
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = _decode_csv(path.read_bytes(), path)
        rows = list(csv.reader(io.StringIO(text, newline="")))   # each row a new list
        return [RawTable(rel, "", rows, [])]
    if suffix == ".parquet":
        df = pd.read_parquet(path)
        rows = [list(df.columns)] + df.astype(object).where(df.notna(), None).values.tolist()
        return [RawTable(rel, "", rows, [])]
    import python_calamine as pc  # deferred: only when a workbook is read
    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # a corrupt or password-protected workbook
        raise LedgerError(f"{rel}: 无法打开工作簿（{type(exc).__name__}: {exc}）") from None
    out = []
    hidden = {m.name for m in wb.sheets_metadata if m.visible != pc.SheetVisibleEnum.Visible}
    for name in wb.sheet_names:
        sh = wb.get_sheet_by_name(name)
        rows = sh.to_python(skip_empty_area=False)
        merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sh.merged_cell_ranges or [])]
        out.append(RawTable(rel, name, rows, merged, hidden=name in hidden))
    return out


def fill_merged(t: RawTable) -> list[list[Any]]:
    """The table's rows, each as wide as the widest ("" added) and every cell of a merged range holding the range's
    value. Works on the table's own rows (in place) and returns them."""
    rows = t.rows
    width = max(map(len, rows), default=0)
    for r in rows:
        if len(r) < width:
            r.extend([""] * (width - len(r)))
    for r0, c0, r1, c1 in t.merged:
        if r0 >= len(rows) or c0 >= width:
            continue
        v = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                rows[r][c] = v
    return rows


# ----------------------------------------------------------------------------- header detection

def _alias_index() -> dict[str, dict[str, str]]:
    idx: dict[str, dict[str, str]] = {}
    for spec in LEDGERS.values():
        idx[spec.name] = {normalize_header(h)[0]: c.name for c in spec.columns for h in (*c.headers, c.name)}
    return idx


HEADER_ALIASES = _alias_index()


#: Headers of columns a ledger may carry that are not read, without a warning.
IGNORED_HEADERS = {"序号", "序", "no", "no.", "编号序号"}

CANONICAL_HEADERS = {spec.name: {normalize_header(c.headers[0])[0] for c in spec.columns} for spec in LEDGERS.values()}


def _header_keys(cells: list[Any]) -> list[tuple[int, str, str, str | None]]:
    """(column index, cell, key, unit in header) of a row's text cells, as :func:`normalize_header` reads them."""
    return [(i, cell, *normalize_header(cell)) for i, cell in enumerate(cells) if isinstance(cell, str) and cell.strip()]


def _match_header(keys: list[tuple[int, str, str, str | None]], ledger: str) -> dict[int, tuple[str, str, str | None]]:
    """Column index -> (canonical, header as written, unit in header) for one ledger's aliases. A header wrapped
    over lines in its cell (出发\\n日期) is written on one line (出发日期): the messages, the corrections workbook
    and the reports name the column so; a correction's column is matched by :func:`normalize_header` either way."""
    aliases = HEADER_ALIASES[ledger]
    found: dict[int, tuple[str, str, str | None]] = {}
    used: set[str] = set()
    for i, cell, key, unit in keys:
        name = aliases.get(key)
        if name and name not in used:
            found[i] = (name, re.sub(r"\s*\n\s*", "", str(cell)).strip(), unit)
            used.add(name)
    return found


def header_guess(rows: list[list[Any]]) -> str:
    """The first non-empty cells of a sheet, to name it in an error."""
    cells = [normalize_text(v) for r in rows[:5] for v in r if not is_blank(v)]
    return "、".join(cells[:8])


def name_hint(text: str) -> str | None:
    t = re.sub(r"\s+", "", normalize_text(text)).lower()
    best = None
    for spec in LEDGERS.values():
        for n in spec.names:
            if n.lower() in t and (best is None or len(n) > best[1]):
                best = (spec.name, len(n))
    return best[0] if best else None


def detect_ledger(rows: list[list[Any]], hint: str | None, scan: int = 20) -> tuple[str, int, dict] | None:
    """(ledger, header row index, column map) for the best header among the first ``scan`` rows."""
    best = None
    for r, cells in enumerate(rows[:scan]):
        keys = _header_keys(cells)
        if len(keys) < 2:
            continue
        for spec in LEDGERS.values():
            cols = _match_header(keys, spec.name)
            names = {v[0] for v in cols.values()}
            req = [c.name for c in spec.columns if c.required]
            n_req = sum(n in names for n in req)
            if len(cols) < 2 or n_req == 0:
                continue
            n_canon = sum(normalize_header(v[1])[0] in CANONICAL_HEADERS[spec.name] for v in cols.values())
            score = (n_req == len(req), len(cols) + (1.5 if spec.name == hint else 0), n_canon, n_req)
            if best is None or score > best[0]:
                best = (score, spec.name, r, cols)
    if best is None:
        return None
    return best[1], best[2], best[3]


# ----------------------------------------------------------------------------- parsing rows

@dataclasses.dataclass
class Sheet:
    ledger: str
    table: RawTable
    header_row: int
    columns: dict[int, tuple[str, str, str | None]]
    money_unit: str | None
    submitted: pd.Timestamp | None
    submitted_basis: str


def submission_date(title_rows: list[list[Any]], source: str) -> tuple[pd.Timestamp | None, str]:
    for cells in title_rows:
        for v in cells:
            m = _SUBMIT_LINE.search(normalize_text(v))
            if m:
                try:
                    d, _ = parse_date(m.group(3).strip())
                    if d is not None:
                        return d, "填报日期行"
                except CellError:
                    pass
    m = _NAME_DATE.search(normalize_text(Path(source).stem))
    if m:
        try:
            return pd.Timestamp(dt.date(int(m[1]), int(m[2]), int(m[3]))), "文件名中的日期"
        except ValueError:
            pass
    return None, "无"


#: Files the reader opens: workbooks python-calamine reads, CSV and parquet.
LEDGER_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".parquet"}
NOT_READ = "未读取（请另存为 .xlsx）"


def ledger_files(root: Path) -> list[Path]:
    """The files of a folder (and its subfolders) the reader opens."""
    return [p for p in folder_files(root) if unread_reason(p) is None]


def folder_files(root: Path) -> list[Path]:
    """Every file in a folder and its subfolders, sorted: each is read or listed as not read."""
    return sorted(p for p in root.rglob("*") if p.is_file())


def unread_reason(path: Path) -> str | None:
    """Why a file is not read (None: it is). 文字处理、WPS、Numbers、PDF and the rest: 未读取（请另存为 .xlsx）.

    Examples
    --------
    >>> unread_reason(Path("a.xls")), unread_reason(Path("汇报.wps")), unread_reason(Path("~$台账.xlsx"))
    (None, '未读取（请另存为 .xlsx）', '未读取（Excel 打开文件时留下的临时文件）')
    """
    if path.name.startswith("~$"):
        return "未读取（Excel 打开文件时留下的临时文件）"
    if path.name.startswith("."):
        return "未读取（隐藏文件）"
    if path.suffix.lower() in LEDGER_SUFFIXES:
        return None
    return NOT_READ


def fingerprint(root: Path, files: list[Path], base: str = "") -> tuple[pd.DataFrame, str]:
    """The files' table (file, sha256, bytes) and one fingerprint over them (chained to ``base`` when given)."""
    rows = []
    for p in files:
        h = hashlib.sha256(p.read_bytes()).hexdigest()
        rows.append({"file": str(p.relative_to(root)), "sha256": h, "bytes": p.stat().st_size})
    text = "\n".join(f"{r['file']}\t{r['sha256']}" for r in rows)
    overall = hashlib.sha256(((base + "\n") if base else "").encode() + text.encode()).hexdigest()
    return pd.DataFrame(rows, columns=["file", "sha256", "bytes"]), overall


def cell_texts(raw: np.ndarray) -> np.ndarray:
    """:func:`cell_text` of every cell of a column, computed once per distinct value and type (1, 1.0 and True are
    one value to a hash but three texts)."""
    codes, uniques = pd.factorize(raw, use_na_sentinel=False)
    if len(raw) and pd.api.types.infer_dtype(uniques, skipna=False) != "string":
        kinds, _ = pd.factorize(np.fromiter(map(type, raw), dtype=object, count=len(raw)))
        _, first, codes = np.unique(codes * (int(kinds.max()) + 1) + kinds, return_index=True, return_inverse=True)
        uniques = raw[first]
    return np.array([cell_text(v) for v in uniques], dtype=object)[codes]


def structural_looking(txt: np.ndarray) -> np.ndarray:
    """Cells that may belong to a structural row: blank, 合计-like or 注-like (those rows are looked at closely)."""
    codes, uniques = pd.factorize(txt)
    look = np.ones(len(uniques), bool)
    if len(uniques) >= COLUMN_WISE:   # only a text holding a 合计 word or starting with a 注 word can match: those looked at
        look = regex_matches(uniques, _STRUCT_WORDS) | (uniques == "")
    out = np.zeros(len(uniques), bool)
    at = np.flatnonzero(look)
    out[at] = [not t or bool(STRUCT_TOTAL.fullmatch(t)) or bool(STRUCT_NOTE.match(t)) for t in uniques[at].tolist()]
    return out[codes]
