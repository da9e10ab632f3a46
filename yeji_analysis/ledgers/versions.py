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

import difflib
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


def corrected_in_place(df: pd.DataFrame, key: pd.DataFrame, rank: pd.DataFrame, shared: set[tuple[str, str]],
                       kept: Iterable, merged_into: dict | None = None) -> list[tuple[int, int, str]]:
    """The rows an older version of a file corrected in a key column, as ``(older row label, newer row label,
    key column)``.

    ``df``: every row of the ledger before the key-based merge; ``key``: one column per key field, values comparable,
    indexed as ``df``; ``rank``: :func:`submission_rank` of ``df``'s rows; ``shared``: the (older, newer) file pairs the
    merge found the same record in; ``kept``: the labels the merge kept; ``merged_into``: each label it dropped, with
    the label of the later copy it was merged into.

    Two versions of one lineage (:func:`lineage`) that share records are read side by side, sheet by sheet, in row
    order. Their shared records (equal keys) are anchors; what lies between two anchors is the same stretch of the
    ledger in both (difflib's alignment of the two key sequences). In such a stretch, an older row and a newer row
    whose keys differ in exactly one column are one record written again: the newer version changed that cell
    (姚李镇's trip of 7-12 in its first book is 7-21 in its 修改版). When the stretch holds as many rows in both, they are
    paired in order (a correction in place); otherwise only a row whose one such counterpart is also its own (a row
    added or dropped beside a correction). Versions that share no record are not a revision of each other (a later
    file may list only what is new since: its rows are other records); a row moved past a shared record, or whose
    counterpart is not unique, is not matched, and counts as it did (two records)."""
    kept = set(kept)
    merged_into = merged_into or {}
    pairs = {(a, b) for a, b in shared if a != b and lineage(a) == lineage(b)}
    if df.empty or not pairs:
        return []
    cols = list(key.columns)
    sources, sheets = df["source"].astype(str), df["sheet"].astype(str)
    rows = pd.to_numeric(df["row"], errors="coerce")
    # the versions in rank order: an older file's rows are matched with the next version's
    order = pd.DataFrame({"source": sources, "dated": rank["dated"].to_numpy(), "on": rank["on"].to_numpy(),
                          "revision": rank["revision"].to_numpy()}, index=df.index)
    later = order.sort_values(["dated", "on", "revision", "source"], kind="stable", na_position="first")["source"]
    place = {s: i for i, s in enumerate(pd.unique(later))}
    keyed = [tuple(None if _missing(v) else v for v in t) for t in key[cols].itertuples(index=False, name=None)]
    keyed = pd.Series(keyed, index=df.index, dtype=object)

    def final(label):   # the copy a row was merged into, followed to the one kept
        seen = set()
        while label not in kept and label in merged_into and label not in seen:
            seen.add(label)
            label = merged_into[label]
        return label if label in kept else None

    def one_off(a, b) -> str | None:   # the one key column two rows differ in, if exactly one
        differ = [c for c, x, y in zip(cols, keyed[a], keyed[b]) if not same_value(x, y)]
        return differ[0] if len(differ) == 1 else None

    out: list[tuple[int, int, str]] = []
    taken: set = set()
    for a, b in sorted(pairs, key=lambda p: (place.get(p[0], 0), place.get(p[1], 0))):
        for sheet in pd.unique(sheets[sources.eq(a)]):
            old = rows[sources.eq(a) & sheets.eq(sheet)].sort_values(kind="stable").index.tolist()
            new = rows[sources.eq(b) & sheets.eq(sheet)].sort_values(kind="stable").index.tolist()
            if not old or not new:
                continue
            match = difflib.SequenceMatcher(None, keyed[old].tolist(), keyed[new].tolist(), autojunk=False)
            for op, i1, i2, j1, j2 in match.get_opcodes():
                if op != "replace":
                    continue
                olds = [x for x in old[i1:i2] if x in kept and x not in taken]
                news = [(y, final(y)) for y in new[j1:j2]]
                news = [(y, z) for y, z in news if z is not None]
                if len(olds) == len(news):
                    found = [(x, y, z, one_off(x, y)) for x, (y, z) in zip(olds, news)]
                else:
                    cand = {x: [(y, z, c) for y, z in news if (c := one_off(x, y))] for x in olds}
                    back: dict = {}
                    for x, cs in cand.items():
                        for y, _, _ in cs:
                            back.setdefault(y, []).append(x)
                    found = [(x, cs[0][0], cs[0][1], cs[0][2]) for x, cs in cand.items()
                             if len(cs) == 1 and len(back[cs[0][0]]) == 1]
                for x, _, z, c in found:
                    if c is not None and z != x:
                        out.append((x, z, c))
                        taken.add(x)
    return out


def _missing(v) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):   # a list or tuple
        return False
