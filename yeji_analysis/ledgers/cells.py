"""Reading one cell of a ledger: text, headers, amounts, dates, yes/no, stages, screening, name lists."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["LedgerError", "CellError", "normalize_text", "normalize_header", "parse_amount_wan", "parse_date",
           "parse_bool", "parse_stage", "parse_screening", "split_names", "parse_event_type", "is_blank", "cell_text",
           "name_key", "NameIndex", "factorize_cells", "parse_amount", "same_value", "show_value", "show_written", "show_change", "text_value", "id_value", "NO_ID_WORDS", "no_id", "no_ids",
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
    return _normalize_header(str(value or ""))


@lru_cache(maxsize=8192)
def _normalize_header(text: str) -> tuple[str, str | None]:
    s = unicodedata.normalize("NFKC", text)
    unit = None
    m = _UNIT_IN_HEADER.search(s.replace(" ", ""))
    s = re.sub(r"\s+", "", s)
    if m:
        unit = {"亿": "亿元", "万": "万元"}.get(m.group(1), m.group(1))
        s = _UNIT_IN_HEADER.sub("", s)
    s = s.strip("*＊:：")
    return s.lower(), unit


_SPACES = re.compile(r"\s+")


def text_value(text: str) -> str:
    """A text cell's value (a name, a note): ideographic spaces as spaces, the ends trimmed.

    Examples
    --------
    >>> text_value("\u3000临沂 华祥 ")
    '临沂 华祥'
    """
    return text.replace("\u3000", " ").strip()


def id_value(text: str) -> str:
    """An id cell's value (线索编号): full width folded (NFKC), every space removed.

    Examples
    --------
    >>> id_value("ＸＳ 00５7")
    'XS0057'
    """
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


#: What an id cell holds where a unit had no number to give (lower case, without brackets or end punctuation): no id.
#: A 线索编号 written 无 or / on every unborn lead is not one lead's id; read as one, it merged a unit's leads into one.
NO_ID_WORDS = frozenset({"无", "暂无", "待定", "未定", "未编号", "无编号", "暂无编号", "暂未编号", "待编号", "待编", "未填", "不详",
                         "无号", "无编码", "没有", "未知", "空", "空白", "待补", "暂缺", "缺", "未录入", "待录入", "待分配",
                         "未分配", "待填", "n/a", "na", "n.a.", "#n/a", "null", "none", "nil", "?", "??"})
_NO_ID_WRAP = "（）()【】[]〔〕<>《》\"'“”‘’。.，,、；;：:！! \t"
_NO_ID_REMARK = re.compile(r"[（(【\[].*$")
_NO_ID_MARK_CHARS = "-‐‑‒–—―−－_~～/／\\|·.…×"   # dashes, slashes, dots: ---, ///, ——, …, ×
_NO_ID_MARKS = re.compile(f"^[{re.escape(_NO_ID_MARK_CHARS)}]+$")


def no_id(value: str) -> bool:
    """An id cell's value (:func:`id_value`'s) says there is no id: a word of :data:`NO_ID_WORDS` in any case and in
    brackets or not (（无）, 无。, N/A, #N/A), or before a remark in brackets (无（待补）), or only dashes, slashes and dots
    (-, ——, ///, …). 无1, NA001, -1 and XS001（待定） are ids.

    Examples
    --------
    >>> [no_id(v) for v in ["无", "（无）", "无。", "N/A", "#N/A", "---", "—", "暂无编号", "无（待补）", "无1", "NA001", "-1", "0",
    ...                     "XS001（待定）"]]
    [True, True, True, True, True, True, True, True, True, False, False, False, False, False]
    """
    if len(value) > 12:
        return False
    core = value.strip(_NO_ID_WRAP)
    head = _NO_ID_REMARK.sub("", core).strip(_NO_ID_WRAP)   # 无（待补）, 暂无（8月补）: the word before a remark
    return core.casefold() in NO_ID_WORDS or head.casefold() in NO_ID_WORDS or bool(_NO_ID_MARKS.match(value))


#: the first characters a :func:`no_id` value can have: most ids (XS0057, 1) are told apart by their first alone
_NO_ID_FIRST = frozenset({w[0] for w in NO_ID_WORDS} | {w[0].upper() for w in NO_ID_WORDS} | set(_NO_ID_WRAP)
                         | set(_NO_ID_MARK_CHARS))


def no_ids(values: np.ndarray) -> np.ndarray:
    """:func:`no_id` of each of an object array of id values (False for a value that is not a string)."""
    first = _NO_ID_FIRST
    return np.fromiter((isinstance(v, str) and v[:1] in first and no_id(v) for v in values), dtype=bool, count=len(values))


# ----------------------------------------------------------------------------- cell parsers
# Each parser takes the raw cell (and context) and returns the parsed value, or raises CellError
# with a reason in plain Chinese.

class CellError(ValueError):
    """A cell that cannot be read; the message is the reason shown to the analyst."""


_MONEY = re.compile(r"^(-?\d+(?:\.\d+)?)\s*(亿元|亿|万元|万|元)?$")
_TO_WAN = {"亿元": 10000.0, "亿": 10000.0, "万元": 1.0, "万": 1.0, "元": 1e-4}
#: Currencies other than 人民币, as written in a cell; an amount in one is never read as 元.
FOREIGN_CURRENCIES = {"美元": "美元", "美金": "美元", "usd": "美元", "us$": "美元", "$": "美元", "港币": "港币", "港元": "港币",
                      "hkd": "港币", "欧元": "欧元", "eur": "欧元", "€": "欧元", "日元": "日元", "jpy": "日元", "英镑": "英镑",
                      "gbp": "英镑", "£": "英镑", "新台币": "新台币", "台币": "新台币", "韩元": "韩元", "澳元": "澳元", "加元": "加元"}
_CURRENCY = re.compile("|".join(re.escape(k) for k in sorted(FOREIGN_CURRENCIES, key=len, reverse=True)))
#: Words that make an amount approximate (read, with a warning): 约5000万元, 预计…, …左右, 5000多万.
APPROX_WORDS = ("大约", "约", "预计", "预估", "估计", "估算", "左右", "上下", "以上", "余", "多")
_APPROX = re.compile("|".join(APPROX_WORDS))
_NEUTRAL = re.compile(r"人民币|rmb|cny|计划总投资|计划投资|拟投资|总投资|投资额|投资|计划|拟")
_RANGE = re.compile(r"[\d〇零一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟.]\s*(?:-|~|～|—|–|至|到)\s*[\d〇零一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟]")
_CN_AMOUNT = re.compile(r"^[\d.〇零一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+$")
_CN_DIGITS = re.compile(r"[〇零一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟]")


def parse_amount(value: Any, default_unit: str | None = "万元") -> tuple[float | None, str | None]:
    """An amount in 万元 and a warning (for an approximate amount), from what people write. Blank gives (None, None).

    An explicit unit in the cell wins over ``default_unit`` (from the header or the sheet's 单位 line); 人民币/元 words
    are dropped; Chinese numerals (五千万, 一亿二千万) and mixed forms (1亿2000万) are read with cn2an; 约…, 预计…,
    …左右 are read and warned as approximate. A range (5000-8000万), a foreign currency (1500万美元), a negative
    amount or anything else raises CellError with the reason.

    Examples
    --------
    >>> parse_amount("1亿2000万"), parse_amount("人民币5000万元"), parse_amount("一亿二千万")
    ((12000.0, None), (5000.0, None), (12000.0, None))
    >>> parse_amount("约5000万元")
    (5000.0, '金额为约数：“约5000万元”，按 5000 万元读取')
    """
    if isinstance(value, bool):
        raise CellError(f"金额应为数字，实际为“{value}”")
    warning = None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None, None
        amount, unit = float(value), None
    else:
        s = normalize_text(value).replace(",", "").replace(" ", "")
        if s in ("", "-", "/", "—"):
            return None, None
        m = _MONEY.match(s)
        if m:
            amount, unit = float(m.group(1)), m.group(2)
        else:
            amount, unit, approx = _amount_words(s.lower(), value)
            if approx:
                wan = round(amount * _TO_WAN[unit or default_unit or "万元"], 6)
                warning = f"金额为约数：“{value}”，按 {wan:g} 万元读取"
    if amount < 0:
        raise CellError(f"金额不能为负数：“{value}”")
    return round(amount * _TO_WAN[unit or default_unit or "万元"], 6), warning


def _amount_words(s: str, raw: Any) -> tuple[float, str | None, bool]:
    """(amount, unit or None, approximate) for an amount written with words; raises CellError."""
    cur = _CURRENCY.search(s)
    if cur:
        name = FOREIGN_CURRENCIES[cur.group(0)]
        raise CellError(f"金额为外币（{name}）：“{raw}”，未按人民币读取；请换算为人民币万元后填写")
    s = _NEUTRAL.sub("", s)
    approx = bool(_APPROX.search(s))
    s = re.sub(r"[()\[\]【】{}]", "", _APPROX.sub("", s)).strip(":：")
    if _RANGE.search(s):
        raise CellError(f"金额为区间：“{raw}”，请填写一个金额（万元）")
    m = _MONEY.match(s)
    if m:
        return float(m.group(1)), m.group(2), approx
    core = s[:-1] if s.endswith("元") else s
    if core and _CN_AMOUNT.match(core) and (_CN_DIGITS.search(core) or "亿" in core or "万" in core):
        import cn2an   # deferred: the Chinese-numeral parser, loaded only for cells that need it

        try:
            n = float(cn2an.cn2an(core, "smart"))
        except (ValueError, KeyError, IndexError, TypeError):
            n = None
        if n is not None:
            if "亿" in core or "万" in core or s.endswith("元"):
                return n, "元", approx
            return n, None, approx
    raise CellError(f"金额无法识别：“{raw}”（应为数字，可带 万元/亿元）")


def parse_amount_wan(value: Any, default_unit: str | None = "万元") -> float | None:
    """An amount in 万元 (see :func:`parse_amount`, which also gives the warning for an approximate amount).

    Examples
    --------
    >>> parse_amount_wan("1.2亿元"), parse_amount_wan("5000万元"), parse_amount_wan("8000万"), parse_amount_wan("1.5亿")
    (12000.0, 5000.0, 8000.0, 15000.0)
    >>> parse_amount_wan("12,000"), parse_amount_wan("１２，０００"), parse_amount_wan(3, "亿元")
    (12000.0, 12000.0, 30000.0)
    """
    return parse_amount(value, default_unit)[0]


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_DATE_PATTERNS = [
    re.compile(r"^(?P<y>\d{4}|\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?$"),
    re.compile(r"^(?P<y>\d{4}|\d{2})[./\-](?P<m>\d{1,2})[./\-](?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
]
_NO_YEAR = [re.compile(r"^(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?$"), re.compile(r"^(?P<m>\d{1,2})[./](?P<d>\d{1,2})$")]
_VAGUE = re.compile(r"(上旬|中旬|下旬|月初|月中|月底|月末|左右|前后|约|待定|近期|本月|下月|\?|？)")
_WEEKDAY = re.compile(r"\s*\(?\s*(?:星期|周|礼拜)([一二三四五六日天1-7])\s*\)?\s*$")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "1": 0, "2": 1, "3": 2, "4": 3, "5": 4,
             "6": 5, "7": 6}
_TIME = re.compile(r"(?:[ T]|(?<=[日号]))\s*(?:上午|下午|晚上|中午)?\s*\d{1,2}\s*(?::\d{2}(?::\d{2}(?:\.\d+)?)?|时(?:\d{1,2}分)?)$")
_CN_DATE = re.compile(r"[〇零一二三四五六七八九十]")
_DATE_HINT = "应为 2021年7月15日、2021/7/15 或 2021-07-15"


def parse_date(value: Any, *, year: int | None = None) -> tuple[pd.Timestamp | None, str | None]:
    """A date from what people write; returns (date, warning). Blank gives (None, None).

    Accepts real date cells, Excel serial numbers, ``2021年7月15日``, ``2021.7.15``, ``2021/7/15``,
    ``2021-07-15``, ``20210715``, two-digit years (``21.7.15``, ``21/7/15``), a weekday or a time after the date
    (``2021年7月15日（周四）``, ``2021-07-15 星期四``, ``2021/7/15 14:30``), Chinese numerals
    (``二〇二一年七月十五日``) and full-width digits. A date without its year (``7月15日``, ``7.15``, ``7/15``) takes
    ``year`` with a warning; a weekday that does not fit the date is warned. Vague dates (``7月中旬``) and
    impossible ones (``2021-02-30``) raise CellError.

    Examples
    --------
    >>> parse_date("2021年7月15日")[0].date(), parse_date("21.7.15")[0].date(), parse_date(44392)[0].date()
    (datetime.date(2021, 7, 15), datetime.date(2021, 7, 15), datetime.date(2021, 7, 15))
    >>> parse_date("二〇二一年七月十五日（周四）")[0].date(), parse_date("7.15", year=2021)
    (datetime.date(2021, 7, 15), (Timestamp('2021-07-15 00:00:00'), '日期“7.15”未写年份，按 2021 年读取'))
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
        elif 1 <= value < 13 and not float(value).is_integer():
            # 7.15 typed into a cell Excel keeps as a number: 7月15日; 7.1 may have been 7.1 or 7.10
            text = repr(float(value))
            month, day = text.split(".")
            if len(day) == 1 and int(day) <= 3:
                raise CellError(f"日期不明确：“{value}”（可能是 {month}月{day}日 或 {month}月{day}0日），请写成 2021年7月15日")
            value = text
        else:
            raise CellError(f"日期无法识别：“{value}”（{_DATE_HINT}）")
    s = normalize_text(value)
    if s in ("", "-", "/", "—"):
        return None, None
    if _VAGUE.search(s):
        raise CellError(f"日期不明确：“{value}”，请填写具体日期（如 2021年7月15日）")
    weekday = None
    m = _WEEKDAY.search(s)
    if m:
        weekday, s = _WEEKDAYS[m.group(1)], s[:m.start()].strip()
    m = _TIME.search(s)
    if m:
        s = s[:m.start()].strip()
    if _CN_DATE.search(s):
        import cn2an   # deferred: the Chinese-numeral parser, loaded only for cells that need it

        try:
            s = cn2an.transform(s, "cn2an")
        except (ValueError, KeyError, IndexError, TypeError):
            raise CellError(f"日期无法识别：“{value}”（{_DATE_HINT}）") from None
    d, warning = None, None
    for pat in _DATE_PATTERNS:
        m = pat.match(s)
        if m:
            y = int(m["y"])
            d = _ymd(y + 2000 if y < 100 else y, int(m["m"]), int(m["d"]), value)
            break
    else:
        for pat in _NO_YEAR:
            m = pat.match(s)
            if m and year:
                d = _ymd(year, int(m["m"]), int(m["d"]), value)
                warning = f"日期“{value}”未写年份，按 {year} 年读取"
                break
    if d is None:
        raise CellError(f"日期无法识别：“{value}”（{_DATE_HINT}）")
    if weekday is not None and d.weekday() != weekday:
        names = "一二三四五六日"
        warning = ((warning + "；") if warning else "") + (
            f"日期“{value}”写的是星期{names[weekday]}，但 {d.date()} 是星期{names[d.weekday()]}；按日期读取，请核实")
    return d, warning


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
    parts = [p.strip() for p in _SPLIT.split(str(value).replace("\u3000", " "))]
    return list(dict.fromkeys(p for p in parts if p))   # each name once, in order


# ----------------------------------------------------------------------------- a column's distinct texts at once
# The functions below give, for an array of distinct strings, what text_value, id_value, cell_text and split_names
# give one by one. A string that the function would leave as it is (checked column-wise by a regular expression,
# pyarrow's RE2) is taken as it is; the others are read one by one. The expressions name characters explicitly,
# since RE2's \s and Python's whitespace differ: _SAFE holds no character that Python takes for white space.
_SAFE = r"\x{21}-\x{7e}\x{3001}-\x{303f}\x{4e00}-\x{9fff}\x{ff01}-\x{ffee}"
_NO_SPACE = f"^[{_SAFE}]*$"                                         # cell_text leaves it
_TRIMMED = f"^[{_SAFE}](?:[^\\x{{3000}}]*[{_SAFE}])?$"               # text_value leaves it
_ID_PLAIN = r"^[\x{21}-\x{7e}\x{4e00}-\x{9fff}]+$"                  # id_value leaves it (NFKC leaves these alone)
_NAME_EDGE = (r"\x{21}-\x{2b}\x{2d}\x{2e}\x{30}-\x{3a}\x{3c}-\x{7b}\x{7d}\x{7e}\x{3002}-\x{303f}\x{4e00}-\x{9fff}"
              r"\x{ff01}-\x{ff0b}\x{ff0d}\x{ff0e}\x{ff10}-\x{ff1a}\x{ff1c}-\x{ffee}")   # _SAFE less 、，,；;／/|
_ONE_NAME = f"^[{_NAME_EDGE}](?:[^\\x{{3000}}、，,；;／/|\\n]*[{_NAME_EDGE}])?$"   # split_names gives [it]
#: Below this many strings a column is read one by one (the column-wise call costs more than it saves).
COLUMN_WISE = 256


def regex_matches(strings: np.ndarray, pattern: str) -> np.ndarray:
    """Which of an object array of strings ``pattern`` (RE2) matches, as a boolean array."""
    return pc.match_substring_regex(pa.array(strings, pa.string()), pattern).to_numpy(zero_copy_only=False)


def factorize_cells(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
    """``pd.factorize(raw, use_na_sentinel=False)`` of a column of cells (an object array), and whether every cell
    is a string. A long column of strings alone (a CSV's always, most of a workbook's) is dictionary-encoded by
    pyarrow, which takes about half the time of pandas' hash table of objects: the same codes, and the same uniques
    in the order they first appear. Any other column (a number, a date, a missing cell among its strings) is
    factorized by pandas."""
    if len(raw) >= COLUMN_WISE and type(raw[0]) is str and type(raw[-1]) is str:
        try:
            arr = pa.array(raw, pa.string())
        except (pa.ArrowException, UnicodeError):   # a cell that is not a string (or not encodable)
            arr = None
        if arr is not None and not arr.null_count:
            enc = arr.dictionary_encode()
            return (enc.indices.to_numpy().astype(np.intp),
                    np.asarray(enc.dictionary.to_numpy(zero_copy_only=False), dtype=object), True)
    codes, uniques = pd.factorize(raw, use_na_sentinel=False)
    return codes, uniques, pd.api.types.infer_dtype(uniques, skipna=False) == "string"


def _objects(values: Any, count: int) -> np.ndarray:
    # an object array of the values, one element each (a list stays one element, never a row of a 2-D array)
    return np.fromiter(values, dtype=object, count=count)


def _each(strings: np.ndarray, one: Any, same: str, listed: bool = False) -> np.ndarray:
    """``one(x)`` of each string; where ``same`` matches, ``x`` itself (``[x]`` when ``listed``) without the call."""
    if len(strings) < COLUMN_WISE:
        return _objects(map(one, strings), len(strings))
    kept = regex_matches(strings, same)
    out = np.empty(len(strings), object)
    at, rest = np.flatnonzero(kept), np.flatnonzero(~kept)
    out[at] = _objects(([x] for x in strings[at]), len(at)) if listed else strings[at]
    out[rest] = _objects(map(one, strings[rest]), len(rest))
    return out


def text_values(strings: np.ndarray) -> np.ndarray:
    """:func:`text_value` of each of an object array of strings."""
    return _each(strings, text_value, _TRIMMED)


def id_values(strings: np.ndarray) -> np.ndarray:
    """:func:`id_value` of each of an object array of strings."""
    return _each(strings, id_value, _ID_PLAIN)


def cell_texts_of(strings: np.ndarray) -> np.ndarray:
    """:func:`cell_text` of each of an object array of strings."""
    return _each(strings, cell_text, _NO_SPACE)


def split_names_of(strings: np.ndarray) -> np.ndarray:
    """:func:`split_names` of each of an object array of strings (each a list)."""
    return _each(strings, split_names, _ONE_NAME, listed=True)


def name_key(value: Any) -> str:
    """A unit's or group's name as a comparable key: full/half width and bracket width folded (NFKC), every space
    removed, lower case.

    Examples
    --------
    >>> name_key("区经济和信息化局 (区科技局)") == name_key("区经济和信息化局（区科技局）") == name_key("区经济和信息化局(区科技局) ")
    True
    """
    if is_blank(value):
        return ""
    return "".join(unicodedata.normalize("NFKC", str(value)).split()).lower()


_SEP_CHARS = r"、，,；;／/|\s及和与"
_HARD_SPLIT = re.compile(r"[、，,；;／/|\s]+")


class NameIndex:
    """Known names (units or groups, in their own ledger's spelling), found in what people write regardless of
    bracket width, spaces and full/half width.

    Examples
    --------
    >>> ix = NameIndex(["史河街道", "区经济和信息化局（区科技局）", "三元镇"])
    >>> ix.get("区经济和信息化局(区科技局)")
    '区经济和信息化局（区科技局）'
    >>> ix.split("区经济和信息化局(区科技局)和史河街道 三元镇")
    (['区经济和信息化局（区科技局）', '史河街道', '三元镇'], [])
    >>> ix.split("史河街道及叶集区招商局")
    (['史河街道'], ['叶集区招商局'])
    """

    def __init__(self, names: Any):
        self.canon: dict[str, str] = {}
        for n in names:
            k = name_key(n)
            if k:
                self.canon.setdefault(k, str(n))
        self.names = sorted(self.canon.values())
        self._pattern: re.Pattern | None = None

    def __bool__(self) -> bool:
        return bool(self.canon)

    def get(self, value: Any) -> str | None:
        """The known name ``value`` spells, or None."""
        return self.canon.get(name_key(value))

    def _regex(self) -> re.Pattern:
        if self._pattern is None:   # every known name, longest first, spaces allowed between its characters
            alts = "|".join(r"\s*".join(map(re.escape, k)) for k in sorted(self.canon, key=len, reverse=True))
            self._pattern = re.compile(rf"(?<![^{_SEP_CHARS}])(?:{alts})(?![^{_SEP_CHARS}])")
        return self._pattern

    def split(self, value: Any) -> tuple[list[str], list[str]]:
        """(the known names a cell lists, each once, in the order written; the pieces that are no known name).

        The cell is split on 、，,；;/ line breaks, spaces, 及, 和 and 与, but a known name that holds one of them
        (区经济和信息化局) is matched whole first."""
        if is_blank(value):
            return [], []
        hit = self.get(value)
        if hit is not None:
            return [hit], []
        s = unicodedata.normalize("NFKC", str(value)).lower()
        pieces = [p for p in _SPLIT.split(s) if p.strip()]
        got = [self.get(p) for p in pieces]
        if all(g is not None for g in got):
            return list(dict.fromkeys(got)), []
        found, rest, last = [], [], 0
        if self.canon:
            for m in self._regex().finditer(s):
                found.append(self.canon[name_key(m.group(0))])
                rest.append(s[last:m.start()])
                last = m.end()
        rest.append(s[last:])
        # what is left is no known name: split only on the hard separators, so 史和街道 is reported whole
        unknown = [p.strip("及和与") for chunk in rest for p in _HARD_SPLIT.split(chunk)]
        return list(dict.fromkeys(found)), [p for p in unknown if p]


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


def same_value(a: Any, b: Any) -> bool:
    """Two fields of a resubmitted record are the same (blank, None, NaN and NaT alike; lists by their items)."""
    if isinstance(a, list) or isinstance(b, list):
        return list(a or []) == list(b or [])
    a_na = a is None or a is pd.NaT or (isinstance(a, float) and math.isnan(a)) or a == ""
    b_na = b is None or b is pd.NaT or (isinstance(b, float) and math.isnan(b)) or b == ""
    if a_na or b_na:
        return a_na and b_na
    return a == b


def show_value(v: Any) -> str:
    """A field as a message shows it (阶段 in Chinese, 是/否, dates without time, （空） for nothing)."""
    if isinstance(v, str) and v in STAGE_WORDS:
        return STAGE_WORDS[v][0]
    if isinstance(v, bool):
        return "是" if v else "否"
    if v is None or v is pd.NaT:
        return "（空）"
    if isinstance(v, pd.Timestamp):
        return str(v.date())
    if isinstance(v, (list, tuple)):
        return "、".join(map(str, v))
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def show_written(raw: Any) -> str:
    """A raw cell as its ledger writes it, for a message (dates without a time, 2000.0 as 2000, （空） for nothing)."""
    if is_blank(raw) or raw is pd.NaT or raw is pd.NA:
        return "（空）"
    if isinstance(raw, str):   # as written (show_value would read a stage word)
        return raw.strip()
    if isinstance(raw, dt.datetime) and raw.time() != dt.time():
        return str(raw)
    # TRUE/FALSE as 是/否, a date without its time, 2000.0 as 2000: as show_value shows a field
    return show_value(pd.Timestamp(raw) if isinstance(raw, dt.datetime) else raw)


def show_change(old_raw: Any, old: Any, new_raw: Any, new: Any, unit: str = "") -> tuple[str, str]:
    """How a message shows a field a resubmission changed, old and new: as the two ledgers write it (待甄别 → 有效, not
    （空） → 是), unless both write it alike (an amount read under another 单位 line): then as read, with ``unit``."""
    a, b = show_written(old_raw), show_written(new_raw)
    if a != b:
        return a, b
    return show_value(old) + (unit if not is_blank(old) else ""), show_value(new) + (unit if not is_blank(new) else "")
