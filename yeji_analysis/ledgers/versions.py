"""Versions of one ledger file (同一台账的不同版本): which files are a unit's ledger sent again, which version is the
later, and which of an older version's rows the later one corrected in place.

A unit that corrects its ledger sends it again: 姚李镇招商台账.xlsx, then 姚李镇招商台账（修改版）.xlsx; 史河街道_项目线索.xlsx,
then 史河街道_项目线索_20210815.xlsx. Files are versions of one ledger (one *lineage*) when their names are the same once
the marks of a version are taken out: dates (20210815, 2021-08-15, 8月15日), words for a revision (修改版, 修订版, 更正版,
更新版, 最新版, 补充版, 终版, 定稿, 第2版, v2, 副本), a copy's number ((2)), brackets, spaces and separators.

Which version is the later (docs/ledgers.md, "Resubmissions"): the later submission date (the ``填报日期`` line, else a
date in the name); a file with neither ranks before a dated one, except a revision (its name carries a revision word)
whose lineage has a dated version: it is what corrects that version, so it ranks after it. Among files of one date, a
revision ranks after the others; then the file name, sheet and row, as before.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

import pandas as pd

from .cells import normalize_text, same_value

__all__ = ["lineage", "is_revision", "submission_rank", "corrected_in_place"]

_REVISION = re.compile(r"(?:修改|修订|更正|更新|最新|补充|重报|终)(?:后)?(?:版|稿)|定稿|第[0-9一二三四五六七八九十]+(?:版|稿)"
                       r"|(?<![A-Za-z])v\d+(?![A-Za-z])|副本|copy", re.I)
_DATE = re.compile(r"(?:19|20)\d{2}[-._年/]?\d{1,2}[-._月/]?\d{1,2}日?|\d{1,2}月\d{1,2}日|\d{1,2}[.-]\d{1,2}(?!\d)")
_NUMBERED = re.compile(r"[（(]\d{1,2}[)）]")
_MARKS = re.compile(r"[\s_\-—–·.,，、()（）\[\]【】《》<>]+")


def lineage(source: str) -> str:
    """The name a file's versions share: its name without dates, revision words, a copy's number and separators.

    >>> lineage("姚李镇招商台账（修改版）.xlsx") == lineage("姚李镇招商台账.xlsx") == "姚李镇招商台账"
    True
    >>> lineage("史河街道_项目线索_20210815.xlsx") == lineage("史河街道_项目线索.xlsx"), lineage("外出招商台账（7月）.xlsx")
    (True, '外出招商台账7月')
    """
    stem = normalize_text(Path(str(source)).stem)
    stem = _DATE.sub("", _NUMBERED.sub("", _REVISION.sub("", stem)))
    return _MARKS.sub("", stem).lower()


def is_revision(source: str) -> bool:
    """Whether a file's name says it revises another (修改版, 更正版, 第2版, v2, 副本 ...).

    >>> is_revision("姚李镇招商台账（修改版）.xlsx"), is_revision("史河街道_项目线索_20210815.xlsx")
    (True, False)
    """
    return bool(_REVISION.search(normalize_text(Path(str(source)).stem)))


def submission_rank(sources: Iterable[str], submitted: Iterable) -> pd.DataFrame:
    """For each (source, submitted) pair given (one per row or sheet), how it ranks (module docstring): columns
    ``dated`` (bool), ``on`` (the date ranked by), ``revision`` (bool), indexed as given. Sorting rows by
    ``[dated, on, revision, source, sheet, row]`` puts the later version last."""
    src = pd.Series(list(sources), dtype=object).astype(str)
    sub = pd.to_datetime(pd.Series(list(submitted), dtype=object), errors="coerce")
    names = pd.unique(src)
    line = {s: lineage(s) for s in names}
    rev = {s: is_revision(s) for s in names}
    latest = pd.DataFrame({"line": src.map(line), "sub": sub}).groupby("line")["sub"].max()
    dated = sub.notna()
    borrowed = ~dated & src.map(rev) & src.map(line).map(latest).notna()
    on = sub.where(dated, src.map(line).map(latest).where(borrowed))
    return pd.DataFrame({"dated": dated | borrowed, "on": on, "revision": src.map(rev).astype(bool)})


def corrected_in_place(df: pd.DataFrame, key: pd.DataFrame, rank: pd.DataFrame,
                       shared: set[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """The rows an older version of a file corrected in a key column, as ``(older row label, newer row label,
    key column)``: rows of two versions of one lineage (:func:`lineage`) that share other records (``shared``: the
    (older, newer) file pairs the key-based merge found the same record in), in the same sheet at the same row,
    whose keys (``key``: one column per key field, values comparable, indexed as ``df``) differ in exactly one column.

    Two such rows are one record written again: the newer version changed that cell (姚李镇's trip of 7-12 in its
    first book is 7-21 in its 修改版, at the same row of the same sheet). Versions that share no record are not a
    revision of each other (a later file may list only what is new since: its rows are other records); a row whose
    key the newer version has elsewhere is not matched (the key-based merge has joined those already); a row moved
    up or down is not matched either, and counts as it did (two records). ``rank``: :func:`submission_rank` of
    ``df``'s rows."""
    if df.empty or df["source"].nunique() < 2 or not shared:
        return []
    sources = df["source"].astype(str)
    line = sources.map({s: lineage(s) for s in pd.unique(sources)})
    if not line.duplicated(keep=False).any():
        return []
    cols = list(key.columns)
    order = pd.DataFrame({"line": line, "sheet": df["sheet"].astype(str), "row": df["row"], "source": sources,
                          "dated": rank["dated"].to_numpy(), "on": rank["on"].to_numpy(),
                          "revision": rank["revision"].to_numpy()}, index=df.index)
    spot = order.duplicated(["line", "sheet", "row"], keep=False)
    out: list[tuple[int, int, str]] = []
    if not spot.any():
        return out
    at = order[spot].sort_values(["line", "sheet", "row", "dated", "on", "revision", "source"], kind="stable",
                                 na_position="first")
    for _, grp in at.groupby(["line", "sheet", "row"], sort=False):
        labels = list(grp.index)
        for old, new in zip(labels, labels[1:]):
            pair = (order.at[old, "source"], order.at[new, "source"])
            if pair[0] == pair[1] or pair not in shared:
                continue
            differ = [c for c in cols if not same_value(key.at[old, c], key.at[new, c])]
            if len(differ) == 1:
                out.append((old, new, differ[0]))
    return out

