"""The one table of labels people read (界面文字): Chinese by default, English on request."""

from __future__ import annotations

from typing import Iterable, Mapping

import pandas as pd

__all__ = ["label", "register", "relabel", "LANGS"]

LANGS = ("zh", "en")

# key -> (zh, en). Modules add their own keys with register(); a key is defined once.
_TABLE: dict[str, tuple[str, str]] = {
    # stages
    "lead": ("线索", "lead"), "intention": ("意向", "intention"), "signed": ("签约", "signed"),
    "started": ("开工", "started"), "producing": ("投产", "producing"),
    # ledgers
    "units": ("责任单位", "units"), "groups": ("招商小组", "groups"), "consultants": ("招商顾问", "consultants"),
    "leads": ("项目线索台账", "leads"), "trips": ("外出招商台账", "trips"),
    "receptions": ("接待客商台账", "receptions"), "events": ("活动", "events"),
    "contestants": ("演讲比赛", "speech contest"),
    # common columns
    "unit": ("单位", "unit"), "group": ("招商小组", "group"), "month": ("月份", "month"),
    "region": ("区域", "region"), "industry": ("产业", "industry"), "sector": ("产业类别", "sector"),
    "lead_id": ("线索编号", "lead id"), "investor": ("投资方", "investor"), "project": ("项目名称", "project"),
    "investment_wan": ("计划投资额（万元）", "planned investment (10k yuan)"),
    "stage": ("当前阶段", "stage"), "reported_on": ("报送日期", "reported on"),
    "intention_on": ("意向日期", "intention on"), "signed_on": ("签约日期", "signed on"),
    "started_on": ("开工日期", "started on"), "head_trips": ("主要负责人带队外出", "head-led trips"),
    "valid_leads": ("有效线索", "valid leads"), "status": ("状态", "status"),
    "source": ("来源文件", "source file"), "sheet": ("工作表", "sheet"), "row": ("行号", "row"),
    "column": ("列", "column"), "value": ("原值", "value"), "reason": ("原因", "reason"),
    "message": ("说明", "message"), "ledger": ("台账", "ledger"),
    "read": ("读取行数", "read"), "accepted": ("接收", "accepted"), "duplicates": ("重复", "duplicates"),
    "rejected": ("拒收", "rejected"), "skipped": ("跳过（标题/空行/合计/注释）", "skipped"),
    # statuses
    "met": ("达标", "met"), "missed": ("未达标", "missed"), "on_track": ("进度正常", "on track"),
    "behind": ("进度滞后", "behind"), "green": ("绿", "green"), "yellow": ("黄", "yellow"), "red": ("红", "red"),
}


def register(entries: Mapping[str, tuple[str, str]]) -> None:
    """Add labels; a key already defined with different text is an error (one table, no drift)."""
    for key, pair in entries.items():
        if key in _TABLE and _TABLE[key] != tuple(pair):
            raise ValueError(f"label {key!r} already defined as {_TABLE[key]}, not {tuple(pair)}")
        _TABLE[key] = tuple(pair)


def label(key: str, lang: str = "zh") -> str:
    """The label for ``key`` in ``lang`` ("zh" or "en"); an unknown key is returned as it is.

    Examples
    --------
    >>> label("signed"), label("signed", "en"), label("no-such-key")
    ('签约', 'signed', 'no-such-key')
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    pair = _TABLE.get(key)
    return key if pair is None else pair[LANGS.index(lang)]


def relabel(df: pd.DataFrame, lang: str = "zh", values: Iterable[str] = ()) -> pd.DataFrame:
    """A copy of ``df`` for people: column names labelled, and the listed columns' values too."""
    out = df.copy()
    for col in values:
        if col in out.columns:
            out[col] = out[col].map(lambda v: label(v, lang) if isinstance(v, str) else v)
    return out.rename(columns={c: label(c, lang) for c in out.columns})
