"""Reading the ledgers (台账) units send in: messy Excel and CSV into one validated Campaign."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import difflib
import hashlib
import io
import math
import re
import unicodedata
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import numpy as np
import pandas as pd

from .config import load_config
from .model import Campaign, ModelError

__all__ = ["load_campaign", "LedgerError", "LEDGERS", "ColumnSpec", "LedgerSpec", "parse_amount_wan",
           "parse_date", "parse_bool", "parse_stage", "parse_screening", "split_names", "normalize_text",
           "normalize_header", "ledger_docs", "write_ledger_docs", "read_table_file"]


class LedgerError(ValueError):
    """A folder of ledgers that cannot be read at all (a missing ledger or column); says which and where."""


# ----------------------------------------------------------------------------- text normalisation

def normalize_text(value: Any) -> str:
    """Full-width to half-width (NFKC), trimmed; ``None``/NaN become "".

    Examples
    --------
    >>> normalize_text("２０２１年７月１５日"), normalize_text("１２，０００"), normalize_text(None)
    ('2021年7月15日', '12,000', '')
    """
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    s = unicodedata.normalize("NFKC", str(value))
    return s.replace("\u3000", " ").strip()


_UNIT_IN_HEADER = re.compile(r"[（(\[【]\s*(?:单位\s*[:：]\s*)?(亿元|万元|元|亿|万)\s*[)）\]】]")


def normalize_header(value: Any) -> tuple[str, str | None]:
    """A header cell as a comparable key, and the money unit written in it, if any.

    Line breaks and spaces inside are removed, full-width folded, and a bracketed unit taken out.

    Examples
    --------
    >>> normalize_header("出发\\n日期"), normalize_header("计划投资额（万元）"), normalize_header("指 标")
    (('出发日期', None), ('计划投资额', '万元'), ('指标', None))
    """
    s = unicodedata.normalize("NFKC", str(value or ""))
    unit = None
    m = _UNIT_IN_HEADER.search(s.replace(" ", ""))
    s = re.sub(r"\s+", "", s)
    if m:
        unit = {"亿": "亿元", "万": "万元"}.get(m.group(1), m.group(1))
        s = _UNIT_IN_HEADER.sub("", s)
    s = s.strip("*＊:：")
    return s.lower(), unit


# ----------------------------------------------------------------------------- cell parsers
# Each parser takes the raw cell (and context) and returns the parsed value, or raises CellError
# with a reason in plain Chinese.

class CellError(ValueError):
    """A cell that cannot be read; the message is the reason shown to the analyst."""


_MONEY = re.compile(r"^(-?\d+(?:\.\d+)?)\s*(亿元|亿|万元|万|元)?$")
_TO_WAN = {"亿元": 10000.0, "亿": 10000.0, "万元": 1.0, "万": 1.0, "元": 1e-4}


def parse_amount_wan(value: Any, default_unit: str | None = "万元") -> float | None:
    """An amount in 万元. An explicit unit in the cell wins over ``default_unit`` (from the header or the
    sheet's 单位 line). Blank gives None.

    Examples
    --------
    >>> parse_amount_wan("1.2亿元"), parse_amount_wan("5000万元"), parse_amount_wan("8000万"), parse_amount_wan("1.5亿")
    (12000.0, 5000.0, 8000.0, 15000.0)
    >>> parse_amount_wan("12,000"), parse_amount_wan("１２，０００"), parse_amount_wan(3, "亿元")
    (12000.0, 12000.0, 30000.0)
    """
    if isinstance(value, bool):
        raise CellError(f"金额应为数字，实际为“{value}”")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None
        amount, unit = float(value), None
    else:
        s = normalize_text(value).replace(",", "").replace(" ", "")
        if s in ("", "-", "/", "—"):
            return None
        m = _MONEY.match(s)
        if not m:
            raise CellError(f"金额无法识别：“{value}”（应为数字，可带 万元/亿元）")
        amount, unit = float(m.group(1)), m.group(2)
    if amount < 0:
        raise CellError(f"金额不能为负数：“{value}”")
    return round(amount * _TO_WAN[unit or default_unit or "万元"], 6)


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_DATE_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?$"),
    re.compile(r"^(?P<y>\d{4})[./\-](?P<m>\d{1,2})[./\-](?P<d>\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
]
_NO_YEAR = re.compile(r"^(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]$")
_VAGUE = re.compile(r"(上旬|中旬|下旬|月初|月底|月末|左右|前后|约|待定|近期|本月|下月|\?|？)")


def parse_date(value: Any, *, year: int | None = None) -> tuple[pd.Timestamp | None, str | None]:
    """A date from what people write; returns (date, warning). Blank gives (None, None).

    Accepts real date cells, Excel serial numbers, ``2021年7月15日``, ``2021.7.15``, ``2021/7/15``,
    ``2021-07-15``, ``20210715`` and full-width digits. ``7月15日`` takes ``year`` with a warning.
    Vague dates (``7月中旬``) and impossible ones (``2021-02-30``) raise CellError.

    Examples
    --------
    >>> parse_date("2021年7月15日")[0].date(), parse_date("2021.7.15")[0].date(), parse_date(44392)[0].date()
    (datetime.date(2021, 7, 15), datetime.date(2021, 7, 15), datetime.date(2021, 7, 15))
    """
    if value is None:
        return None, None
    if isinstance(value, (dt.datetime, dt.date)):
        return pd.Timestamp(value).normalize(), None
    if isinstance(value, bool):
        raise CellError(f"日期无法识别：“{value}”")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None, None
        if 20000 <= value <= 80000:  # an Excel serial day number (1954..2119)
            return pd.Timestamp(_EXCEL_EPOCH + dt.timedelta(days=int(value))), None
        if 19000101 <= value <= 21001231 and float(value).is_integer():
            value = str(int(value))
        else:
            raise CellError(f"日期无法识别：“{value}”（应为 2021年7月15日、2021/7/15 或 2021-07-15）")
    s = normalize_text(value)
    if s in ("", "-", "/", "—"):
        return None, None
    if _VAGUE.search(s):
        raise CellError(f"日期不明确：“{value}”，请填写具体日期（如 2021年7月15日）")
    for pat in _DATE_PATTERNS:
        m = pat.match(s)
        if m:
            return _ymd(int(m["y"]), int(m["m"]), int(m["d"]), value), None
    m = _NO_YEAR.match(s)
    if m and year:
        return _ymd(year, int(m["m"]), int(m["d"]), value), f"日期“{value}”未写年份，按 {year} 年读取"
    raise CellError(f"日期无法识别：“{value}”（应为 2021年7月15日、2021/7/15 或 2021-07-15）")


def _ymd(y: int, m: int, d: int, raw: Any) -> pd.Timestamp:
    try:
        return pd.Timestamp(dt.date(y, m, d))
    except ValueError:
        raise CellError(f"日期不存在：“{raw}”") from None


_YES = {"是", "√", "✓", "✔", "y", "yes", "true", "1", "有", "带队", "○"}
_NO = {"否", "×", "✗", "✘", "x", "n", "no", "false", "0", "无", "-", "/", "—"}


def parse_bool(value: Any) -> bool | None:
    """是/否, √/×, Y/N and the like; blank gives None.

    Examples
    --------
    >>> parse_bool("√"), parse_bool("否"), parse_bool("Y"), parse_bool("")
    (True, False, True, None)
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and not (isinstance(value, float) and math.isnan(value)):
        if value in (0, 1):
            return bool(value)
    s = normalize_text(value).lower()
    if s == "":
        return None
    if s in _YES:
        return True
    if s in _NO:
        return False
    raise CellError(f"无法识别的是/否：“{value}”（应为 是/否、√/×、Y/N）")


STAGE_WORDS = {
    "lead": ["线索", "初步接洽", "接洽", "洽谈", "跟踪", "lead"],
    "intention": ["意向", "在谈", "有意向", "达成意向", "签订意向", "意向洽谈", "intention"],
    "signed": ["签约", "已签约", "签订合同", "正式签约", "signed"],
    "started": ["开工", "已开工", "在建", "开工建设", "started"],
    "producing": ["投产", "已投产", "竣工投产", "producing"],
}
_STAGE_MAP = {w: st for st, ws in STAGE_WORDS.items() for w in ws}


def parse_stage(value: Any) -> str | None:
    """A stage word (线索, 意向/在谈, 签约/已签约, 开工/已开工, 投产/已投产) as its canonical stage; blank None.

    Examples
    --------
    >>> parse_stage("在谈"), parse_stage("已开工"), parse_stage(" 签约 ")
    ('intention', 'started', 'signed')
    """
    s = re.sub(r"\s+", "", normalize_text(value)).lower()
    if not s:
        return None
    if s in _STAGE_MAP:
        return _STAGE_MAP[s]
    raise CellError(f"无法识别的阶段：“{value}”（应为 线索、意向/在谈、签约/已签约、开工/已开工、投产/已投产）")


SCREENING_WORDS = {True: ["有效", "是", "√", "通过", "合格", "valid"], False: ["无效", "否", "×", "不通过", "不合格", "invalid"],
                   None: ["", "待甄别", "未甄别", "-", "/"]}
_SCREEN_MAP = {w: v for v, ws in SCREENING_WORDS.items() for w in ws}


def parse_screening(value: Any) -> bool | None:
    """The lead unit's screening (甄别结果): 有效 True, 无效 False, blank or 待甄别 None.

    Examples
    --------
    >>> parse_screening("有效"), parse_screening("无效"), parse_screening("")
    (True, False, None)
    """
    s = re.sub(r"\s+", "", normalize_text(value)).lower()
    if s in _SCREEN_MAP:
        return _SCREEN_MAP[s]
    raise CellError(f"无法识别的甄别结果：“{value}”（应为 有效/无效，或留空）")


_SPLIT = re.compile(r"[、，,；;／/|\n]+")


def split_names(value: Any) -> list[str]:
    """Several names in one cell, separated by 、，,；; or line breaks.

    Examples
    --------
    >>> split_names("史河街道、平岗街道；三元镇"), split_names("")
    (['史河街道', '平岗街道', '三元镇'], [])
    """
    if _blank(value):
        return []
    s = str(value).replace("\u3000", " ")
    return list(dict.fromkeys(p.strip() for p in _SPLIT.split(s) if p.strip()))   # each name once, in order


EVENT_WORDS = {
    "policy_launch": ["政策发布", "发布会"],
    "training": ["培训"],
    "speech_contest": ["演讲"],
    "roadshow": ["推介"],
    "consultant_signing": ["顾问"],
    "signing_ceremony": ["签约"],
    "groundbreaking": ["开工"],
}


def parse_event_type(value: Any) -> str:
    """The event's kind from its name (招商政策发布会 → policy_launch …); an unknown name raises."""
    s = normalize_text(value)
    if not s:
        raise CellError("活动类型为空")
    for kind, words in EVENT_WORDS.items():
        if any(w in s for w in words):
            return kind
    if s in EVENT_WORDS:
        return s
    raise CellError(f"无法识别的活动类型：“{value}”（应为 政策发布会、培训会、演讲比赛、推介会、顾问签约、集中签约仪式、集中开工仪式）")


# ----------------------------------------------------------------------------- ledger specifications

@dataclasses.dataclass(frozen=True)
class ColumnSpec:
    """One column of a ledger: its canonical name, the headers that mean it, and how to read it."""
    name: str
    headers: tuple[str, ...]
    kind: str = "text"          # text, date, amount, bool, stage, screening, names, event_type, int
    required: bool = False      # the column must be present in the header
    nonblank: bool = False      # a row with this cell blank is rejected
    doc: str = ""


@dataclasses.dataclass(frozen=True)
class LedgerSpec:
    """One kind of ledger: the sheet/file names that mean it, its columns, its record key."""
    name: str
    zh: str
    names: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...]
    required: bool = True

    def column(self, name: str) -> ColumnSpec:
        return next(c for c in self.columns if c.name == name)


C = ColumnSpec
LEDGERS: dict[str, LedgerSpec] = {s.name: s for s in [
    LedgerSpec("units", "责任单位", ("责任单位", "单位", "单位名单", "责任单位名单", "units"), (
        C("unit", ("单位名称", "责任单位", "单位", "unit", "name"), required=True, nonblank=True),
        C("unit_type", ("单位类型", "类型", "单位性质", "unit_type", "type")),
        C("group", ("所属招商小组", "招商小组", "所属小组", "小组", "group"), required=True, nonblank=True),
        C("head", ("主要负责人", "负责人", "head")),
    ), key=("unit",)),
    LedgerSpec("groups", "招商小组", ("招商小组", "招商责任小组", "小组", "groups"), (
        C("group", ("小组名称", "招商小组", "小组", "group", "name"), required=True, nonblank=True),
        C("leader", ("牵头领导", "领导", "leader")),
        C("lead_unit", ("牵头单位", "lead_unit")),
        C("industries", ("主攻产业", "产业", "主导产业", "industries"), kind="names"),
        C("regions", ("主攻区域", "目标区域", "区域", "regions"), kind="names"),
    ), key=("group",)),
    LedgerSpec("consultants", "招商顾问", ("招商顾问", "顾问", "consultants"), (
        C("consultant", ("顾问姓名", "姓名", "招商顾问", "consultant", "name"), required=True, nonblank=True),
        C("employer", ("工作单位", "单位", "employer")),
        C("location", ("所在地", "所在城市", "location")),
        C("appointed_on", ("聘任日期", "签约日期", "appointed_on"), kind="date"),
    ), key=("consultant",), required=False),
    LedgerSpec("leads", "项目线索台账", ("项目线索台账", "项目线索", "线索台账", "线索", "招商线索", "leads"), (
        C("lead_id", ("线索编号", "项目编号", "编号", "lead_id", "id"), kind="id", required=True, nonblank=True),
        C("project", ("项目名称", "项目", "project")),
        C("investor", ("投资方", "投资主体", "投资企业", "企业名称", "investor"), required=True, nonblank=True),
        C("origin", ("来源地", "来源", "投资方所在地", "origin")),
        C("industry", ("产业类别", "产业", "行业", "所属产业", "industry")),
        C("investment_wan", ("计划投资额", "计划总投资", "投资额", "总投资", "investment_wan", "investment"), kind="amount"),
        C("unit", ("报送单位", "责任单位", "填报单位", "unit"), required=True, nonblank=True),
        C("reported_on", ("报送日期", "上报日期", "填报日期", "reported_on"), kind="date", required=True, nonblank=True),
        C("stage", ("当前阶段", "项目阶段", "进展阶段", "阶段", "stage"), kind="stage"),
        C("intention_on", ("意向日期", "达成意向日期", "intention_on"), kind="date"),
        C("signed_on", ("签约日期", "signed_on"), kind="date"),
        C("started_on", ("开工日期", "started_on"), kind="date"),
        C("producing_on", ("投产日期", "producing_on"), kind="date"),
        C("screened_valid", ("甄别结果", "甄别", "是否有效", "screening"), kind="screening"),
        C("consultant", ("引荐顾问", "招商顾问", "consultant")),
        C("contact", ("联系人", "contact")),
        C("phone", ("联系电话", "电话", "手机", "phone")),
        C("note", ("备注", "note")),
    ), key=("lead_id",)),
    LedgerSpec("trips", "外出招商台账", ("外出招商台账", "外出招商", "外出", "trips"), (
        C("start_on", ("出发日期", "外出日期", "开始日期", "start_on"), kind="date", required=True, nonblank=True),
        C("end_on", ("返回日期", "结束日期", "end_on"), kind="date"),
        C("units", ("参与单位", "外出单位", "责任单位", "单位", "units"), kind="names", required=True, nonblank=True),
        C("destination", ("目的地", "外出地点", "地点", "destination"), nonblank=True),
        C("head_led", ("主要负责人带队", "负责人带队", "是否主要负责人带队", "带队", "head_led"), kind="head"),
        C("companies", ("拜访企业", "走访企业", "对接企业", "companies"), kind="names"),
        C("outcome", ("成果", "外出成果", "outcome")),
    ), key=("start_on", "units", "destination")),
    LedgerSpec("receptions", "接待客商台账", ("接待客商台账", "接待客商", "接待", "receptions"), (
        C("received_on", ("接待日期", "日期", "received_on"), kind="date", required=True, nonblank=True),
        C("unit", ("接待单位", "责任单位", "单位", "unit"), required=True, nonblank=True),
        C("company", ("来访企业", "客商", "企业名称", "company")),
        C("origin", ("来源地", "来源", "origin")),
        C("lead_id", ("线索编号", "lead_id"), kind="id"),
        C("note", ("备注", "note")),
    ), key=("received_on", "unit", "company")),
    LedgerSpec("events", "活动", ("活动", "活动台账", "攻坚季活动", "events"), (
        C("event_type", ("活动类型", "活动名称", "活动", "event_type"), kind="event_type", required=True, nonblank=True),
        C("held_on", ("日期", "活动日期", "举办日期", "held_on"), kind="date", required=True, nonblank=True),
        C("place", ("地点", "举办地点", "place")),
        C("note", ("备注", "note")),
    ), key=("event_type", "held_on", "place"), required=False),
    LedgerSpec("contestants", "演讲比赛", ("演讲比赛", "演讲比赛选手", "选手", "contestants"), (
        C("group", ("招商小组", "所属小组", "小组", "group"), required=True, nonblank=True),
        C("contestant", ("选手姓名", "选手", "姓名", "contestant"), required=True, nonblank=True),
    ), key=("group", "contestant"), required=False),
]}
del C

# Columns that name a unit or group and must match the units / groups ledgers.
_UNIT_REFS = {("leads", "unit"), ("receptions", "unit"), ("trips", "units"), ("groups", "lead_unit")}
_GROUP_REFS = {("units", "group"), ("contestants", "group")}
_READ_ORDER = ["groups", "units", "consultants", "leads", "trips", "receptions", "events", "contestants"]

# a whole cell such as 合计, 小计：, 7月小计, 本页合计（万元）; not 总计划… (a project's name)
_STRUCT_TOTAL = re.compile(r"(?:[\d一二三四五六七八九十]{1,2}月份?|本页|本月|本期|全区|全部|总)?(?:合计|小计|总计|共计|累计)(?:[:：(（].*)?")
_STRUCT_NOTE = re.compile(r"^(注|备注|说明|填报人|审核人|制表|联系人|填表说明|数据来源)\s*[:：\d、.]")
_UNIT_LINE = re.compile(r"单位\s*[:：]\s*(亿元|万元|元|亿|万)")
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
    """Every sheet of an .xlsx/.xlsm/.xls workbook, or one .csv file, as raw tables."""
    rel = str(path.relative_to(root)) if root else path.name
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = _decode_csv(path.read_bytes(), path)
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
        return [RawTable(rel, "", rows, [])]
    if suffix == ".parquet":
        df = pd.read_parquet(path)
        rows = [list(df.columns)] + df.astype(object).where(df.notna(), None).values.tolist()
        return [RawTable(rel, "", rows, [])]
    import python_calamine as pc
    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # a corrupt or password-protected workbook
        raise LedgerError(f"{rel}: 无法打开工作簿（{type(exc).__name__}: {exc}）") from None
    out = []
    hidden = {m.name for m in wb.sheets_metadata if m.visible != pc.SheetVisibleEnum.Visible}
    for name in wb.sheet_names:
        if name in hidden:   # a hidden sheet (drop-down lists, old copies) is not read; the reader says so
            out.append(RawTable(rel, name, [], [], hidden=True))
            continue
        sh = wb.get_sheet_by_name(name)
        rows = sh.to_python(skip_empty_area=False)
        merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sh.merged_cell_ranges or [])]
        out.append(RawTable(rel, name, rows, merged))
    return out


def _fill_merged(t: RawTable) -> list[list[Any]]:
    rows = [list(r) for r in t.rows]
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend([""] * (width - len(r)))
    for r0, c0, r1, c1 in t.merged:
        if r0 >= len(rows) or c0 >= width:
            continue
        v = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                rows[r][c] = v
    return rows


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip())


# ----------------------------------------------------------------------------- header detection

def _alias_index() -> dict[str, dict[str, str]]:
    idx: dict[str, dict[str, str]] = {}
    for spec in LEDGERS.values():
        idx[spec.name] = {normalize_header(h)[0]: c.name for c in spec.columns for h in (*c.headers, c.name)}
    return idx


_ALIASES = _alias_index()


#: Columns holding contacts' personal data: their values are never written into a message.
_PRIVATE = {"contact", "phone"}

#: Headers of columns a ledger may carry that are not read, without a warning.
_IGNORED_HEADERS = {"序号", "序", "no", "no.", "编号序号"}

_CANONICAL = {spec.name: {normalize_header(c.headers[0])[0] for c in spec.columns} for spec in LEDGERS.values()}


def _match_header(cells: list[Any], ledger: str) -> dict[int, tuple[str, str, str | None]]:
    """Column index -> (canonical, header as written, unit in header) for one ledger's aliases."""
    aliases = _ALIASES[ledger]
    found: dict[int, tuple[str, str, str | None]] = {}
    used: set[str] = set()
    for i, cell in enumerate(cells):
        if _blank(cell) or not isinstance(cell, str):
            continue
        key, unit = normalize_header(cell)
        name = aliases.get(key)
        if name and name not in used:
            found[i] = (name, str(cell), unit)
            used.add(name)
    return found


def _header_guess(rows: list[list[Any]]) -> str:
    """The first non-empty cells of a sheet, to name it in an error."""
    cells = [normalize_text(v) for r in rows[:5] for v in r if not _blank(v)]
    return "、".join(cells[:8])


def _name_hint(text: str) -> str | None:
    t = re.sub(r"\s+", "", normalize_text(text)).lower()
    best = None
    for spec in LEDGERS.values():
        for n in spec.names:
            if n.lower() in t and (best is None or len(n) > best[1]):
                best = (spec.name, len(n))
    return best[0] if best else None


def _detect(rows: list[list[Any]], hint: str | None, scan: int = 20) -> tuple[str, int, dict] | None:
    """(ledger, header row index, column map) for the best header among the first ``scan`` rows."""
    best = None
    for r, cells in enumerate(rows[:scan]):
        for spec in LEDGERS.values():
            cols = _match_header(cells, spec.name)
            names = {v[0] for v in cols.values()}
            req = [c.name for c in spec.columns if c.required]
            n_req = sum(n in names for n in req)
            if len(cols) < 2 or n_req == 0:
                continue
            n_canon = sum(normalize_header(v[1])[0] in _CANONICAL[spec.name] for v in cols.values())
            score = (n_req == len(req), len(cols) + (1.5 if spec.name == hint else 0), n_canon, n_req)
            if best is None or score > best[0]:
                best = (score, spec.name, r, cols)
    if best is None:
        return None
    return best[1], best[2], best[3]


# ----------------------------------------------------------------------------- parsing rows

@dataclasses.dataclass
class _Sheet:
    ledger: str
    table: RawTable
    header_row: int
    columns: dict[int, tuple[str, str, str | None]]
    money_unit: str | None
    submitted: pd.Timestamp | None
    submitted_basis: str


def _submission_date(title_rows: list[list[Any]], source: str) -> tuple[pd.Timestamp | None, str]:
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


class _Reader:
    def __init__(self, root: Path, config: dict):
        self.root = root
        self.cfg = config
        self.year = config["window"]["start"].year
        self.rejections: list[dict] = []
        self.warnings: list[dict] = []
        self.stats: dict[str, dict[str, int]] = {n: dict(read=0, accepted=0, duplicates=0, rejected=0, skipped=0) for n in LEDGERS}
        self.parts: dict[str, list[pd.DataFrame]] = {n: [] for n in LEDGERS}   # parsed rows, per sheet
        self.frames: dict[str, pd.DataFrame] = {}                               # per ledger, once collected
        self.headers: list[dict[str, str]] = []                                 # per sheet: column -> header as written
        self.sheets: list[_Sheet] = []
        self.unrecognised: list[tuple[str, str]] = []

    # -- messages
    def warn(self, ledger: str, source: str, sheet: str, row: int | None, column: str | None, value: Any, message: str) -> None:
        self.warnings.append(dict(ledger=ledger, source=source, sheet=sheet, row=row, column=column,
                                  value="" if _blank(value) else str(value), message=message))

    # -- discovery
    def discover(self, files: list[Path]) -> None:
        for path in files:
            for t in read_table_file(path, self.root):
                if t.hidden:
                    self.warn("", t.source, t.sheet, None, None, "", "隐藏的工作表，未读取；如其中有台账数据，请取消隐藏后重新报送")
                    continue
                rows = _fill_merged(t)
                if not any(not _blank(v) for r in rows for v in r):
                    continue
                hint = _name_hint(t.sheet) or _name_hint(Path(t.source).stem)
                found = _detect(rows, hint)
                if found is None:
                    self.unrecognised.append((t.source, t.sheet, _header_guess(rows)))
                    self.warn("", t.source, t.sheet, None, None, "", "未识别为任何台账（表头不符），已跳过整张表；如为台账请检查表头")
                    continue
                ledger, hr, cols = found
                title = rows[:hr]
                unit = None
                for cells in title:
                    for v in cells:
                        m = _UNIT_LINE.search(normalize_text(v).replace(" ", ""))
                        if m:
                            unit = {"亿": "亿元", "万": "万元"}.get(m.group(1), m.group(1))
                submitted, basis = _submission_date(title, t.source)
                t.rows = rows
                self.sheets.append(_Sheet(ledger, t, hr, cols, unit, submitted, basis))
                spec = LEDGERS[ledger]
                present = {v[0] for v in cols.values()}
                missing = [c for c in spec.columns if c.required and c.name not in present]
                if missing:
                    where = f"{t.source}" + (f"，工作表“{t.sheet}”" if t.sheet else "")
                    raise LedgerError("；".join(
                        f"{where}（{spec.zh}，表头在第 {hr + 1} 行）缺少必需列“{c.headers[0]}”（可用表头：{'、'.join(c.headers)}）"
                        for c in missing))

    # -- parsing (column by column: each distinct raw value of a column is parsed once)
    def parse_sheet(self, s: _Sheet) -> None:
        spec = LEDGERS[s.ledger]
        t = s.table
        st = self.stats[s.ledger]
        st["skipped"] += s.header_row + 1   # title rows and the header itself
        amount_cols = [c for c, v in s.columns.items() if spec.column(v[0]).kind == "amount"]
        if amount_cols and s.money_unit is None and not any(s.columns[c][2] for c in amount_cols):
            self.warn(s.ledger, t.source, t.sheet, s.header_row + 1, s.columns[amount_cols[0]][1], "",
                      "金额单位未注明（表头和“单位：”行均无），纯数字按万元读取")
        body = t.rows[s.header_row + 1:]
        if not body:
            return
        width = max(len(r) for r in body)
        data = pd.DataFrame([r + [""] * (width - len(r)) for r in body], dtype=object)
        rownum = np.arange(s.header_row + 2, s.header_row + 2 + len(data))
        # A row whose required cells are all filled with ordinary values is a data row. Only the others
        # (a required cell blank, or looking like 合计/注) can be structural: look at those closely.
        req = [j for j, v in s.columns.items() if spec.column(v[0]).nonblank] or list(s.columns)
        cand = np.zeros(len(data), bool)
        for j in req:
            txt = data[j].map(_cell_text)
            cand |= (txt.eq("") | txt.str.fullmatch(_STRUCT_TOTAL).fillna(False) |
                     txt.str.match(_STRUCT_NOTE).fillna(False)).to_numpy(bool)
        empty, total, note, outside = (np.zeros(len(data), bool) for _ in range(4))
        for i in np.flatnonzero(cand):
            cells = [(j, v, _cell_text(v)) for j, v in enumerate(body[i]) if _cell_text(v)]
            if not cells:
                empty[i] = True
            elif any(_STRUCT_TOTAL.fullmatch(x) for _, _, x in cells[:3]):
                total[i] = True
            elif _STRUCT_NOTE.match(cells[0][2]) and len({normalize_text(v) for _, v, _ in cells}) <= 2:
                note[i] = True        # a footnote (merged across the row, it fills every cell it spans)
            elif not any(j in s.columns for j, _, _ in cells):
                outside[i] = True     # only a 序号 or cells beyond the ledger's columns
        skip = empty | total | note | outside
        st["skipped"] += int(skip.sum())
        keep = ~skip
        st["read"] += int(keep.sum())
        if not keep.any():
            return
        data = data.loc[keep].reset_index(drop=True)
        rownum = rownum[keep]
        header_cells = t.rows[s.header_row]
        for j in data.columns:
            if j in s.columns:
                continue
            head = header_cells[j] if j < len(header_cells) else ""
            if normalize_header(head)[0] in _IGNORED_HEADERS:
                continue
            filled = data[j].map(_cell_text).ne("")
            if filled.any():
                first = int(rownum[int(np.argmax(filled.to_numpy()))])
                what = f"表头“{normalize_text(head)}”不是{spec.zh}的列" if not _blank(head) else "该列没有表头"
                self.warn(s.ledger, t.source, t.sheet, s.header_row + 1, normalize_text(head) or f"第 {j + 1} 列",
                          data[j][filled].iloc[0], f"{what}，其中 {int(filled.sum())} 个单元格有数据（首个在第 {first} 行），未读取；"
                          "如为台账字段，请改用 docs/ledgers.md 中的表头")
        n = len(data)
        values: dict[str, np.ndarray] = {}
        errors: dict[str, np.ndarray] = {}
        raws: dict[str, np.ndarray] = {}
        headers = {}
        for j, (name, header, hunit) in s.columns.items():
            col = spec.column(name)
            headers[name] = header
            raw = data[j].to_numpy(object)
            raws[name] = raw
            codes, uniques = pd.factorize(raw, use_na_sentinel=False)
            val_u = np.empty(len(uniques), object)
            err_u = np.empty(len(uniques), object)
            warn_u = np.empty(len(uniques), object)
            for k, u in enumerate(uniques):
                try:
                    v, w = self.parse_cell(col, u, hunit or s.money_unit)
                    if col.nonblank and (v is None or v == "" or v == []):
                        val_u[k], err_u[k], warn_u[k] = None, f"必填项“{header}”为空", None
                    else:
                        val_u[k], err_u[k], warn_u[k] = v, None, w
                except CellError as exc:
                    val_u[k], err_u[k], warn_u[k] = None, str(exc), None
            values[name], errors[name] = val_u[codes], err_u[codes]
            for i in np.flatnonzero(pd.notna(warn_u[codes])):
                self.warn(s.ledger, t.source, t.sheet, int(rownum[i]), header, raw[i], warn_u[codes][i])
        bad = np.zeros(n, bool)
        for name in values:
            bad |= pd.notna(errors[name])
        sheet_no = len(self.headers)
        self.headers.append(headers)
        for i in np.flatnonzero(bad):
            errs = [(headers[nm], raws[nm][i], errors[nm][i]) for nm in values if errors[nm][i] is not None]
            header, raw, reason = errs[0]
            more = "" if len(errs) == 1 else f"（另有 {len(errs) - 1} 处问题：" + "；".join(f"“{h}”{e}" for h, _, e in errs[1:]) + "）"
            self._reject_at(s.ledger, t.source, t.sheet, int(rownum[i]), header, raw, reason + more)
        ok = ~bad
        frame = pd.DataFrame({name: values[name][ok] for name in values})
        for name in values:
            frame[f"_raw_{name}"] = raws[name][ok]
        frame["source"], frame["sheet"], frame["row"] = t.source, t.sheet, rownum[ok]
        frame["_submitted"] = s.submitted if s.submitted is not None else pd.NaT
        frame["_sheet_no"] = sheet_no
        self.parts[s.ledger].append(frame)

    def parse_cell(self, col: ColumnSpec, raw: Any, money_unit: str | None) -> tuple[Any, str | None]:
        """(value, warning) for one cell; raises CellError with the reason when it cannot be read."""
        kind = col.kind
        if kind == "date":
            return parse_date(raw, year=self.year)
        if kind == "amount":
            return parse_amount_wan(raw, money_unit), None
        if kind == "stage":
            return parse_stage(raw), None
        if kind == "screening":
            return parse_screening(raw), None
        if kind == "names":
            return split_names(raw), None
        if kind == "event_type":
            return parse_event_type(raw), None
        if kind == "head":
            # 是/否, or the units (or heads) that led: resolved once the units are known
            if _blank(raw):
                return False, None
            try:
                return parse_bool(raw), None
            except CellError:
                return split_names(raw), None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if kind == "id":
            return re.sub(r"\s+", "", normalize_text(raw)), None
        return ("" if _blank(raw) else str(raw).replace("\u3000", " ").strip()), None

    def _reject_at(self, ledger: str, source: str, sheet: str, row: int, column: str | None, value: Any, reason: str) -> None:
        self.rejections.append(dict(ledger=ledger, source=source, sheet=sheet, row=row, column=column,
                                    value="" if _blank(value) else str(value), reason=reason))
        self.stats[ledger]["rejected"] += 1

    def _header(self, rec: Any, name: str) -> str:
        return self.headers[int(rec["_sheet_no"])].get(name, name)

    def _raw(self, rec: Any, name: str) -> Any:
        return rec.get(f"_raw_{name}") if hasattr(rec, "get") else None

    # -- references, duplicates, doubts
    def collect(self) -> None:
        """The parsed rows of each ledger as one frame, in reading order."""
        for ledger, parts in self.parts.items():
            cols = [c.name for c in LEDGERS[ledger].columns]
            if parts:
                df = pd.concat(parts, ignore_index=True)
            else:
                df = pd.DataFrame(columns=["source", "sheet", "row", "_submitted", "_sheet_no"])
            df["_order"] = np.arange(len(df))
            self.frames[ledger] = df

    def resolve(self) -> None:
        self.collect()
        groups = set(self.frames["groups"]["group"]) if "group" in self.frames["groups"] else set()
        self._check_refs("units", "group", groups, "招商小组")
        self.frames["units"] = self._dedupe("units")
        units = self.frames["units"]
        known_units = set(units["unit"]) if "unit" in units else set()
        self._check_refs("groups", "lead_unit", known_units, "责任单位")
        self.frames["groups"] = self._dedupe("groups")
        self._check_refs("contestants", "group", groups, "招商小组")
        for ledger, col in [("leads", "unit"), ("receptions", "unit"), ("trips", "units")]:
            self._check_refs(ledger, col, known_units, "责任单位")
        heads = {normalize_text(h): u for u, h in zip(units.get("unit", []), units.get("head", [])) if h}
        self._resolve_heads(heads)
        for ledger in ["consultants", "leads", "trips", "receptions", "events", "contestants"]:
            self.frames[ledger] = self._dedupe(ledger)
        self._doubts()

    def _drop(self, ledger: str, mask: np.ndarray) -> None:
        if mask.any():
            self.frames[ledger] = self.frames[ledger].loc[~mask].reset_index(drop=True)

    def _check_refs(self, ledger: str, col: str, known: set[str], what: str) -> None:
        df = self.frames[ledger]
        if col not in df or not known or df.empty:
            return
        if df[col].map(type).eq(list).any():    # a list of names: the first unknown one of each row
            names_ = df[col].explode()
            unknown = names_[names_.notna() & ~names_.isin(known)]
            first_bad = unknown[~unknown.index.duplicated()].reindex(df.index)
        else:
            first_bad = df[col].where(df[col].astype(bool) & ~df[col].isin(known))
        mask = first_bad.notna().to_numpy()
        names = sorted(known)
        for i in np.flatnonzero(mask):
            rec = df.iloc[i]
            v = first_bad.iat[i]
            near = difflib.get_close_matches(v, names, n=1, cutoff=0.5)
            hint = f"，是否为“{near[0]}”？" if near else ""
            self._reject_at(ledger, rec["source"], rec["sheet"], int(rec["row"]), self._header(rec, col),
                            rec.get(f"_raw_{col}", v), f"未知的{what}“{v}”{hint}")
        self._drop(ledger, mask)

    def _resolve_heads(self, heads: dict[str, str]) -> None:
        df = self.frames["trips"]
        if df.empty:
            df["head_units"] = pd.Series(dtype=object)
            return
        if "head_led" not in df:
            df["head_led"] = False
        head_units, head_led, bad = [], [], np.zeros(len(df), bool)
        for i, (units, hv) in enumerate(zip(df["units"], df["head_led"])):
            if isinstance(hv, list):
                named = []
                for x in hv:
                    unit = x if x in units else heads.get(x)
                    if unit is None or unit not in units:
                        rec = df.iloc[i]
                        self._reject_at("trips", rec["source"], rec["sheet"], int(rec["row"]), self._header(rec, "head_led"),
                                        rec.get("_raw_head_led"),
                                        f"“主要负责人带队”应为 是/否，或写明带队的参与单位/负责人；“{x}”不是本次外出的参与单位或其负责人")
                        bad[i] = True
                        break
                    named.append(unit)
                head_units.append(named)
                head_led.append(bool(named))
            else:
                head_units.append(list(units) if hv else [])
                head_led.append(bool(hv))
        df["head_units"], df["head_led"] = head_units, head_led
        self.frames["trips"] = df
        self._drop("trips", bad)

    def _dedupe(self, ledger: str) -> pd.DataFrame:
        """Keep one record per key: an equal one is a duplicate; a differing one is a correction and the
        later submission wins (see ``docs/ledgers.md``, "Resubmissions")."""
        df = self.frames[ledger]
        keys = list(LEDGERS[ledger].key)
        if df.empty or not all(k in df for k in keys):
            return df
        kf = pd.DataFrame({k: (df[k].map(lambda v: tuple(sorted(v)) if isinstance(v, list) else v)
                               if df[k].dtype == object and df[k].map(type).eq(list).any() else df[k]) for k in keys})
        dup = kf.duplicated(keep=False).to_numpy()
        if not dup.any():
            return df
        key = pd.Series(list(zip(*[kf[k][dup] for k in keys])), index=df.index[dup])
        fields = [c.name for c in LEDGERS[ledger].columns if c.name in df]
        sub = df.loc[dup].assign(_key=key, _has=df.loc[dup, "_submitted"].notna())
        sub = sub.sort_values(["_has", "_submitted", "source", "sheet", "row"], kind="stable", na_position="first")
        drop: list[int] = []
        for k, grp in sub.groupby("_key", sort=False):
            recs = list(grp.iterrows())
            idx, prev = recs[0]
            for jdx, rec in recs[1:]:
                self.stats[ledger]["duplicates"] += 1
                diffs = [f for f in fields if not _same(prev.get(f), rec.get(f))]
                if diffs:
                    # contacts' names and phones never go into a message: it reaches shared reports
                    changes = "；".join(f"“{self._header(rec, f)}”已更正" if f in _PRIVATE else
                                       f"“{self._header(rec, f)}”由“{_show(prev.get(f))}”改为“{_show(rec.get(f))}”" for f in diffs)
                    self.warn(ledger, rec["source"], rec["sheet"], int(rec["row"]), self._header(rec, diffs[0]),
                              "" if diffs[0] in _PRIVATE else _show(rec.get(diffs[0])),
                              f"更正：同一记录（{'、'.join(_show(x) for x in k)}）另见 {prev['source']} {prev['sheet']} 第 {prev['row']} 行；"
                              f"采用较晚报送的版本（{_submitted_text(rec)}，旧版本 {_submitted_text(prev)}）：{changes}")
                drop.append(idx)
                idx, prev = jdx, rec
        return df.drop(index=drop).reset_index(drop=True)

    def _doubts(self) -> None:
        w = self.cfg["window"]
        lo, hi = pd.Timestamp(w["start"]), pd.Timestamp(w["end"])
        year_before = lo - pd.Timedelta(days=366)

        def flag(ledger: str, df: pd.DataFrame, mask: Any, col: str, message: Any) -> None:
            for i in np.flatnonzero(np.asarray(mask, bool)):
                rec = df.iloc[i]
                v = rec.get(col)
                self.warn(ledger, rec["source"], rec["sheet"], int(rec["row"]), self._header(rec, col),
                          v.date() if isinstance(v, pd.Timestamp) else v, message(rec) if callable(message) else message)

        # stage dates may lie before the window (a lead found earlier); flag only those after it
        for ledger, cols in [("leads", ["reported_on", "intention_on", "signed_on", "started_on", "producing_on"]), ("trips", ["start_on"]),
                             ("receptions", ["received_on"]), ("events", ["held_on"])]:
            df = self.frames[ledger]
            for c in cols:
                if c not in df or df.empty:
                    continue
                d = pd.to_datetime(df[c])
                mask = (d > hi) | (d < year_before) | ((d < lo) if ledger != "leads" else False)
                flag(ledger, df, mask.fillna(False).to_numpy(bool), c, f"日期不在活动期内（{lo.date()} 至 {hi.date()}）")
        df = self.frames["leads"]
        order = [c for c in ["reported_on", "intention_on", "signed_on", "started_on", "producing_on"] if c in df]
        if not df.empty and len(order) > 1:
            dates = pd.DataFrame({c: pd.to_datetime(df[c]) for c in order})
            before = dates.ffill(axis=1).shift(axis=1)
            for c in order[1:]:
                mask = (dates[c] < before[c]).fillna(False).to_numpy(bool)

                def msg(rec, c=c):
                    prev = [p for p in order[:order.index(c)] if pd.notna(rec.get(p))][-1]
                    return f"阶段日期早于前一阶段（{self._header(rec, prev)} {rec.get(prev).date()}）"
                flag("leads", df, mask, c, msg)
        if not df.empty and "stage" in df:
            need = {"intention": "intention_on", "signed": "signed_on", "started": "started_on"}
            word = {"intention": "意向", "signed": "签约", "started": "开工"}
            for st_, col in need.items():
                mask = df["stage"].eq(st_).to_numpy(bool) & (pd.to_datetime(df[col]).isna().to_numpy() if col in df else True)
                flag("leads", df, mask, "stage",
                     lambda rec, st_=st_: f"阶段为“{rec.get('_raw_stage')}”但未填{word[st_]}日期；按所填阶段计，该阶段不计入按日期统计的数据")
        df = self.frames["trips"]
        if not df.empty and "end_on" in df:
            mask = (pd.to_datetime(df["end_on"]) < pd.to_datetime(df["start_on"])).fillna(False).to_numpy(bool)
            flag("trips", df, mask, "end_on", "返回日期早于出发日期")
        df = self.frames["receptions"]
        if not df.empty and "lead_id" in df:
            ids = set(self.frames["leads"].get("lead_id", []))
            mask = (df["lead_id"].astype(bool) & ~df["lead_id"].isin(ids)).to_numpy(bool)
            flag("receptions", df, mask, "lead_id", "线索编号在项目线索台账中不存在")

    def frame(self, ledger: str) -> pd.DataFrame:
        df = self.frames[ledger]
        self.stats[ledger]["accepted"] = len(df)
        if df.empty:
            return pd.DataFrame(columns=[c.name for c in LEDGERS[ledger].columns] + ["source", "sheet", "row"])
        cols = [c.name for c in LEDGERS[ledger].columns if c.name in df] + ["source", "sheet", "row"]
        if ledger == "trips" and "head_units" in df:
            cols.append("head_units")
        df = df[cols].copy()
        for c in cols:
            if c.endswith("_on"):
                df[c] = pd.to_datetime(df[c])
        if ledger == "trips" and len(df):
            df = df.sort_values(["start_on", "source", "sheet", "row"], kind="stable").reset_index(drop=True)
            df.insert(0, "trip_id", [f"T{i + 1:04d}" for i in range(len(df))])
        if ledger == "receptions" and len(df):
            df = df.sort_values(["received_on", "source", "sheet", "row"], kind="stable").reset_index(drop=True)
            df.insert(0, "reception_id", [f"R{i + 1:04d}" for i in range(len(df))])
        return df


def _cell_text(v: Any) -> str:
    """A cell as text without any white space ("" for blank), for recognising structural rows."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, str):
        return "".join(v.split())
    return str(v)


def _submitted_text(rec: Any) -> str:
    sub = rec["_submitted"]
    return f"{rec['source']} 报送于 {sub.date()}" if pd.notna(sub) else f"{rec['source']} 未注明报送日期"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return list(a or []) == list(b or [])
    a_na = a is None or a is pd.NaT or (isinstance(a, float) and math.isnan(a)) or a == ""
    b_na = b is None or b is pd.NaT or (isinstance(b, float) and math.isnan(b)) or b == ""
    if a_na or b_na:
        return a_na and b_na
    return a == b


def _show(v: Any) -> str:
    if isinstance(v, str) and v in STAGE_WORDS:
        return STAGE_WORDS[v][0]
    if isinstance(v, bool):
        return "是" if v else "否"
    if v is None:
        return "（空）"
    if isinstance(v, pd.Timestamp):
        return str(v.date())
    if isinstance(v, (list, tuple)):
        return "、".join(map(str, v))
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


# ----------------------------------------------------------------------------- the entry point

_SUFFIXES = {".xlsx", ".xlsm", ".csv", ".parquet"}


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in _SUFFIXES
                  and not p.name.startswith(("~$", ".")))


def _fingerprint(root: Path, files: list[Path]) -> tuple[pd.DataFrame, str]:
    rows = []
    for p in files:
        h = hashlib.sha256(p.read_bytes()).hexdigest()
        rows.append({"file": str(p.relative_to(root)), "sha256": h, "bytes": p.stat().st_size})
    overall = hashlib.sha256("\n".join(f"{r['file']}\t{r['sha256']}" for r in rows).encode()).hexdigest()
    return pd.DataFrame(rows, columns=["file", "sha256", "bytes"]), overall


def load_campaign(path: str | Path, config: dict | str | Path | None = None) -> Campaign:
    """Read a folder of ledgers (.xlsx, .csv) into a validated :class:`Campaign`.

    Each sheet is recognised by its header row (with its sheet or file name as a tie-break), rows are
    parsed cell by cell, and a row that cannot be read is rejected with its file, sheet, row, column,
    raw value and a reason in Chinese; nothing is dropped silently. For every ledger,
    read = accepted + duplicates + rejected, and structural rows (titles, header, blank, 合计, 注) are
    counted as skipped (``campaign.stats``). Raises :class:`LedgerError` when a required ledger
    (units, groups, leads, trips, receptions) or a required column is missing.
    """
    root = Path(path)
    if not root.is_dir():
        raise LedgerError(f"数据文件夹不存在 / data folder not found: {root}")
    cfg = config if isinstance(config, dict) else load_config(config)
    files = _files(root)
    if not files:
        raise LedgerError(f"{root}: 没有找到 .xlsx 或 .csv 台账文件")
    reader = _Reader(root, cfg)
    reader.discover(files)
    found = {s.ledger for s in reader.sheets}
    missing = [s for s in LEDGERS.values() if s.required and s.name not in found]
    if missing:
        skipped = "".join(f"；未识别的工作表：{src}" + (f"“{sh}”" if sh else "") + (f"（前几行：{hd}）" if hd else "")
                          for src, sh, hd in reader.unrecognised)
        raise LedgerError(f"{root}: 缺少必需的台账：" + "、".join(f"{s.zh}（{s.name}）" for s in missing)
                          + "。按工作表名、文件名或表头识别台账，见 docs/ledgers.md" + skipped)
    by_ledger = sorted(reader.sheets, key=lambda s: _READ_ORDER.index(s.ledger))
    for s in by_ledger:
        reader.parse_sheet(s)
    reader.resolve()
    frames = {n: reader.frame(n) for n in LEDGERS}
    stats = pd.DataFrame(reader.stats).T[["read", "accepted", "duplicates", "rejected", "skipped"]]
    rej = pd.DataFrame(reader.rejections, columns=["ledger", "source", "sheet", "row", "column", "value", "reason"])
    wrn = pd.DataFrame(reader.warnings, columns=["ledger", "source", "sheet", "row", "column", "value", "message"])
    for df in (rej, wrn):
        df["row"] = pd.array(df["row"], dtype="Int64")
    file_table, fp = _fingerprint(root, files)
    sheets = pd.DataFrame([{"source": s.table.source, "sheet": s.table.sheet, "ledger": s.ledger, "header_row": s.header_row + 1,
                            "submitted": s.submitted, "submitted_basis": s.submitted_basis} for s in reader.sheets])
    try:
        return Campaign.from_frames(config=cfg, stats=stats, files=file_table, fingerprint=fp, data_dir=str(root),
                                    rejections=rej, warnings=wrn, sheets=sheets, **frames)
    except ModelError as exc:
        raise LedgerError(f"{root}: {exc}") from None


# ----------------------------------------------------------------------------- docs generated from the tables above

_KIND_DOC = {
    "text": "文字（原样保留，去掉首尾空白）", "id": "编号（全角字符转半角，去掉空白）", "date": "日期：2021年7月15日、2021.7.15、2021/7/15、2021-07-15、20210715、Excel 日期或序列号；全角数字可",
    "amount": "金额，换算为万元：1.2亿元、5000万元、8000万、1.5亿、12,000（单位取自表头括号或“单位：万元”行；单元格内单位优先）",
    "bool": "是/否、√/×、Y/N", "stage": "阶段词", "screening": "有效/无效/留空（未甄别）",
    "names": "多个名称，用 、，,；; 或换行分隔", "event_type": "活动名称（按关键词识别）",
    "head": "是/否、√/×、Y/N（适用于所有参与单位），或写明带队的参与单位名或其主要负责人姓名",
}


def ledger_docs() -> str:
    """The accepted ledgers, headers and values, as Markdown, generated from the tables in this module."""
    out = ["# 台账格式说明 / Accepted ledgers", "",
           "Generated by `yeji docs` from `yeji_analysis/ledgers.py`; do not edit by hand (a test checks it is current).", "",
           "Put any number of `.xlsx` and `.csv` files in one folder. Each sheet (or CSV file) is recognised by its **header row**",
           "(searched in the first 20 rows); its sheet or file name breaks ties. Headers may contain spaces or line breaks",
           "(`出发\\n日期`), full-width characters, and a money unit in brackets (`计划投资额（万元）`). Title rows above the header,",
           "a `单位：万元` line, a `序号` column, merged cells (a merged value belongs to every row it spans), blank rows,",
           "`合计/小计/总计` rows and footnotes (`注：…`) are understood and counted as *skipped*. CSV may be UTF-8, UTF-8 with",
           "BOM or GB18030/GBK.", "",
           "## Rows that are rejected", "",
           "A cell that cannot be read rejects its row; `yeji check` lists the file, sheet, row (as the spreadsheet shows it; CSV:",
           "the record number counting the header as 1, which is the line number unless a quoted cell holds a line break), the",
           "header as written, the raw value and the reason. A unit or group that is not in the units / groups ledger rejects the",
           "row and names the nearest known name. For every ledger: read = accepted + duplicates + rejected.", "",
           "Hidden sheets are not read, and a column whose header is blank or not one of the headers below is not read either;",
           "both are reported as warnings (a `序号` column is ignored quietly). A sheet recognised as no ledger is a warning too,",
           "and is named in the error when a required ledger is missing.", "",
           "## Resubmissions", "",
           "Records are the same when their key columns are equal (listed per ledger below). An identical copy (e.g. a unit's",
           "own ledger and the office's compiled one) is kept once and counted as a duplicate. When two versions differ, the",
           "**later submission** is kept: the submission date is the `填报日期：…` line above the header, else a date in the file",
           "name (`史河街道_项目线索_20210815.xlsx`); files with neither rank before dated ones; ties go to the later file name",
           "and row. A warning shows both values and which was kept.", "",
           "## Doubtful values (kept, with a warning)", "",
           "A date after the campaign window (or, for trips, receptions and events, before it); a stage date before the",
           "previous stage's; a stage without its date; a return before the departure; a reception naming an unknown lead;",
           "a date written without its year (read as the campaign's year); amounts with no unit anywhere (read as 万元).", ""]
    for spec in LEDGERS.values():
        out += [f"## {spec.zh} ({spec.name}){'' if spec.required else ' — optional'}", "",
                f"Recognised sheet/file names: {'、'.join(spec.names)}. Record key: {', '.join(spec.key)}.", "",
                "| column | accepted headers | required | values |", "|---|---|---|---|"]
        for c in spec.columns:
            req = "yes, not blank" if c.nonblank else ("yes" if c.required else "")
            out.append(f"| `{c.name}` | {'、'.join(c.headers)} | {req} | {_KIND_DOC.get(c.kind, c.kind)} |")
        out.append("")
    out += ["## Value words", "", "| stage | words |", "|---|---|"]
    out += [f"| `{k}` | {'、'.join(v)} |" for k, v in STAGE_WORDS.items()]
    out += ["", "| screening | words |", "|---|---|"]
    out += [f"| {'valid' if k else 'invalid' if k is False else 'not screened'} | {'、'.join(w or '（空）' for w in v)} |"
            for k, v in SCREENING_WORDS.items()]
    out += ["", "| yes/no | words |", "|---|---|", f"| yes | {'、'.join(sorted(_YES))} |", f"| no | {'、'.join(sorted(_NO))} |"]
    out += ["", "| event type | words in the event's name |", "|---|---|"]
    out += [f"| `{k}` | {'、'.join(v)} |" for k, v in EVENT_WORDS.items()]
    out += ["", "Place names are matched to the regions table with or without 省/市/区/县 (`临沂市` is `临沂`); see",
            "`yeji_analysis/resources/regions.csv`. Industries are matched by the words in the campaign configuration.", ""]
    return "\n".join(out)


def write_ledger_docs(path: str | Path = "docs/ledgers.md") -> Path:
    """Write :func:`ledger_docs` to ``path``."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(ledger_docs(), encoding="utf-8")
    return p
