"""Reading one cell of a ledger: text, headers, amounts, dates, yes/no, stages, screening, name lists."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

import pandas as pd

__all__ = ["LedgerError", "CellError", "normalize_text", "normalize_header", "parse_amount_wan", "parse_date",
           "parse_bool", "parse_stage", "parse_screening", "split_names", "parse_event_type", "is_blank", "cell_text",
           "STAGE_WORDS", "SCREENING_WORDS", "EVENT_WORDS", "YES_WORDS", "NO_WORDS"]


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


YES_WORDS = {"是", "√", "✓", "✔", "y", "yes", "true", "1", "有", "带队", "○"}
NO_WORDS = {"否", "×", "✗", "✘", "x", "n", "no", "false", "0", "无", "-", "/", "—"}


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
    if s in YES_WORDS:
        return True
    if s in NO_WORDS:
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
    if is_blank(value):
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


def is_blank(v: Any) -> bool:
    """A cell with nothing in it: ``None``, NaN or white space only."""
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip())


def cell_text(v: Any) -> str:
    """A cell as text without any white space ("" for blank), for recognising structural rows."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, str):
        return "".join(v.split())
    return str(v)
