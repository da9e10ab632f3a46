"""Versions of one ledger file (同一台账的不同版本): which files are a unit's ledger sent again, which version is the
later, which records a later version wrote again with a key cell changed (corrected in place, or moved), and how the
warning on a record kept over its earlier copy reads.

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
from typing import Any, Iterable

import numpy as np
import pandas as pd

from .cells import name_key, normalize_text, same_value

__all__ = ["lineage", "is_revision", "revision_level", "submission_rank", "corrected_in_place", "superseded_message", "shared_lead_ids", "shared_lead_refs", "renumbered_leads", "moved_ids"]

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


_LEVEL = re.compile(r"(?:(?:修改|修订|更正|更新|补充|重报)(?:后)?(?:版|稿)\s*[（(]?\s*(\d{1,2}))|第([0-9]{1,2}|[一二三四五六七八九十])(?:版|稿)"
                    r"|(?<![A-Za-z])v(\d{1,2})(?![A-Za-z\d])", re.I)
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


def revision_level(source: str) -> int:
    """Which revision a file's name says it is: 0 for none, the number written (修改版2, 修改版（3）, 第3版, v2), else 1
    (修改版, 更正版). Two revisions of one ledger rank by it: 修改版2 after 修改版, whatever their names sort as.

    >>> [revision_level(n) for n in ["a.xlsx", "a（修改版）.xlsx", "a（修改版2）.xlsx", "a（修改版（3））.xlsx", "a_第三版.xlsx", "a v2.xlsx"]]
    [0, 1, 2, 3, 3, 2]
    """
    if not is_revision(source):
        return 0
    m = _LEVEL.search(normalize_text(Path(str(source)).stem))
    if m is None:
        return 1
    n = next(g for g in m.groups() if g)
    return _CN_DIGITS.get(n) or int(n)


def submission_rank(sources: Iterable[str], submitted: Iterable) -> pd.DataFrame:
    """For each (source, submitted) pair given (one per row or sheet), how it ranks (module docstring): columns
    ``dated`` (bool), ``on`` (the date ranked by), ``revision`` (bool), ``level`` (:func:`revision_level`), indexed as
    given. Sorting rows by ``[dated, on, level, source, sheet, row]`` puts the later version last."""
    # a file's values worked out once, taken by each row by its file's code
    codes, names = pd.factorize(np.asarray(sources.to_numpy() if isinstance(sources, pd.Series) else list(sources), dtype=object))
    names = [str(s) for s in names]
    if isinstance(submitted, pd.Series) and pd.api.types.is_datetime64_dtype(submitted.dtype):
        sub = submitted.reset_index(drop=True)
    else:
        sub = pd.to_datetime(pd.Series(list(submitted), dtype=object), errors="coerce")
    lines, line_of = np.unique(np.array([lineage(s) for s in names], dtype=object), return_inverse=True)
    line = line_of[codes]
    level = np.array([revision_level(s) for s in names], dtype=np.int64)[codes]
    rev = level > 0
    latest = pd.Series(sub.groupby(line).max().reindex(range(len(lines))).to_numpy()[line] if len(codes) else sub.to_numpy())
    dated = sub.notna()
    borrowed = ~dated & rev & latest.notna()
    on = sub.where(dated, latest.where(borrowed))
    return pd.DataFrame({"dated": dated | borrowed, "on": on, "revision": rev, "level": level})


def corrected_in_place(df: pd.DataFrame, key: pd.DataFrame, rank: pd.DataFrame, shared: set[tuple[str, str]],
                       kept: Iterable, merged_into: dict | None = None,
                       identity: pd.Series | None = None, when: pd.Series | None = None) -> list[tuple[int, int, str]]:
    """The records a later version of a ledger wrote again with one key cell changed, as ``(older row label, newer row
    label, key column)``: the older row is that record's earlier version (corrected in place, or moved).

    ``df``: every row of the ledger before the key-based merge; ``key``: one column per key field, values comparable,
    indexed as ``df``; ``rank``: :func:`submission_rank` of ``df``'s rows; ``shared``: the (older, newer) file pairs the
    merge found the same record in; ``kept``: the labels the merge kept; ``merged_into``: each label it dropped, with
    the label of the later copy it was merged into; ``identity``: for a ledger keyed by one column (a lead's 线索编号),
    what else must be the same for two rows to be one record (the investor): without it such a ledger is not matched,
    since any two of its records differ in one key cell; ``when``: each row's own date (a trip's 出发日期, a lead's
    报送日期): a newer row dated after the older version was submitted is a record it could not have held.

    Two versions of one lineage (:func:`lineage`) are read side by side, sheet by sheet (sheets of one name; or the
    one sheet each has left, renamed), in row order, when the later repeats at least half of the earlier's rows
    (more than half when the earlier is not dated): a cumulative resubmission, where a later window's file that
    repeats a row or two is other records. Their repeated records are anchors (difflib's alignment of the two key sequences). An older row and a newer row whose keys differ
    in exactly one column (姚李镇's trip of 7-12 in its first book is 7-21 in its 修改版) are one record:

    - in a stretch between anchors (or before the first, after the last), in order where it holds as many such rows
      in both, else where each is the other's only such counterpart in it (a row added or dropped beside it);
    - then, for a key of more than one column, where each is the other's only such counterpart among all the rows
      of the two sheets not matched (a row re-sorted after its correction).

    A lead written again under another id with the same investor and 报送日期 counts as repeated for the half (a 修改版
    that renumbered its leads; :func:`renumbered_leads` finds such pairs of files), and rows a stretch cannot pair in
    order are then paired where each is the other's only counterpart.

    Newer rows that repeat an older record (in any of its sheets) are never counterparts, nor is one dated after the
    older version's submission date, and a newer record takes at most one older one. A row with two counterparts is
    not guessed, and counts as it did (two records)."""
    kept = set(kept)
    merged_into = merged_into or {}
    pairs = {(a, b) for a, b in shared if a != b and lineage(a) == lineage(b)}
    cols = list(key.columns)
    if df.empty or not pairs or (len(cols) < 2 and identity is None):
        return []
    sources, sheets = df["source"].astype(str), df["sheet"].astype(str)
    rows = pd.to_numeric(df["row"], errors="coerce")
    place = _in_rank_order(sources, rank)   # an older file's rows are matched with the next version's
    keyed = dict(zip(df.index, (tuple(None if _missing(v) else v for v in t)
                                for t in key[cols].itertuples(index=False, name=None))))
    ident = dict(zip(df.index, identity)) if identity is not None else None
    day = dict(zip(df.index, pd.to_datetime(when, errors="coerce"))) if when is not None else {}
    # the date each file was submitted (its rank's, a revision's being its original's), where known
    sent = pd.Series(rank["on"].to_numpy(), index=df.index).where(rank["dated"].to_numpy()).groupby(sources).max()

    def final(label):   # the copy a row was merged into, followed to the one kept
        seen = set()
        while label not in kept and label in merged_into and label not in seen:
            seen.add(label)
            label = merged_into[label]
        return label if label in kept else None

    def one_off(a, b) -> str | None:   # the one key column two rows differ in, if exactly one (and one identity)
        if ident is not None and not same_value(ident[a], ident[b]):
            return None
        bound, d = sent.get(sources[a]), day.get(b)
        if bound is not None and pd.notna(bound) and d is not None and pd.notna(d) and d > bound:
            return None   # dated after the older version was sent: a later record, not a correction of one of its rows
        differ = [c for c, x, y in zip(cols, keyed[a], keyed[b]) if not same_value(x, y)]
        return differ[0] if len(differ) == 1 else None

    def uniquely(olds: list, news: list) -> list[tuple]:   # (old, kept new, column): each the other's only counterpart
        # rows differing in one column only are equal in all the others: looked up by the key without each column
        by: dict = {}
        def bucket(label, i):   # the key without column i (and the identity: a lead's investor)
            return i, _without(keyed[label], i), ident[label] if ident is not None else None

        for y, z in news:
            for i in range(len(cols)):
                by.setdefault(bucket(y, i), []).append((y, z))
        cand = {x: [(y, z, c) for i in range(len(cols)) for y, z in by.get(bucket(x, i), [])
                    if (c := one_off(x, y))] for x in olds}
        back: dict = {}
        for cs in cand.values():
            for _, z, _ in cs:
                back[z] = back.get(z, 0) + 1
        return [(x, cs[0][1], cs[0][2]) for x, cs in cand.items() if len(cs) == 1 and back[cs[0][1]] == 1]

    out: list[tuple[int, int, str]] = []
    taken: set = set()   # older rows matched (each once)
    for a, b in sorted(pairs, key=lambda p: (place.get(p[0], 0), place.get(p[1], 0))):
        in_a, in_b = df.index[sources.eq(a)], df.index[sources.eq(b)]
        before, later_keys = {keyed[x] for x in in_a}, {keyed[y] for y in in_b}
        # a cumulative resubmission repeats half of the older version's rows; more than half when the older is not
        # dated (no date then tells a later record from a corrected one). A lead written again under another id (the
        # same investor on the same 报送日期: a revision that renumbered its leads) is repeated too
        again = {(ident[y], day[y]) for y in in_b if pd.notna(day.get(y))} if ident is not None and day else set()
        repeated = 2 * sum(keyed[x] in later_keys or (bool(again) and pd.notna(day.get(x)) and (ident[x], day[x]) in again)
                           for x in in_a)
        if repeated < len(in_a) or (repeated == len(in_a) and pd.isna(sent.get(a))):
            continue

        def written_again(ys: list) -> list[tuple]:   # (row, the copy kept) of newer rows no older row repeats
            out_, seen = [], set()
            for y in ys:
                z = final(y) if keyed[y] not in before else None
                if z is not None and z not in seen:   # a record typed twice: one counterpart
                    seen.add(z)
                    out_.append((y, z))
            return out_

        for old, new in _sheet_pairs(rows, sources, sheets, a, b):
            match = difflib.SequenceMatcher(None, [keyed[x] for x in old], [keyed[y] for y in new], autojunk=False)
            found: list[tuple] = []
            for op, i1, i2, j1, j2 in match.get_opcodes():
                if op == "equal":
                    continue
                olds = [x for x in old[i1:i2] if x in kept and x not in taken]
                news = written_again(new[j1:j2])
                if len(olds) == len(news):
                    paired = [(x, z, c) for x, (y, z) in zip(olds, news) if (c := one_off(x, y))]
                    found += paired
                    if len(paired) < len(olds):   # not in order (a 修改版 listing its renumbered leads otherwise)
                        done = {x for x, _, _ in paired} | {z for _, z, _ in paired}
                        found += uniquely([x for x in olds if x not in done], [(y, z) for y, z in news if z not in done])
                else:
                    found += uniquely(olds, news)
            if len(cols) > 1:   # re-sorted rows: unique counterparts anywhere among those not matched
                done = {x for x, _, _ in found} | {z for _, z, _ in found}
                found += uniquely([x for x in old if x in kept and x not in taken and x not in done],
                                  [(y, z) for y, z in written_again(new) if z not in done])
            absorbed: set = set()   # newer rows matched in this pair (each takes one older row)
            for x, z, c in found:
                if z != x and x not in taken and z not in absorbed:
                    out.append((x, z, c))
                    taken.add(x)
                    absorbed.add(z)
    return out


def _sheet_pairs(rows: pd.Series, sources: pd.Series, sheets: pd.Series, a: str, b: str) -> list[tuple[list, list]]:
    """The labels of file ``a``'s and file ``b``'s rows, sheet by sheet in row order: sheets of one name, then the one
    sheet each has left (a sheet renamed: 外出招商 → 外出招商台账)."""
    def rows_of(src: str, sheet: str) -> list:
        return rows[sources.eq(src) & sheets.eq(sheet)].sort_values(kind="stable").index.tolist()

    left, right = list(pd.unique(sheets[sources.eq(a)])), list(pd.unique(sheets[sources.eq(b)]))
    both = [s for s in left if s in right]
    out = [(rows_of(a, s), rows_of(b, s)) for s in both]
    rest_a, rest_b = [s for s in left if s not in both], [s for s in right if s not in both]
    if len(rest_a) == 1 and len(rest_b) == 1:
        out.append((rows_of(a, rest_a[0]), rows_of(b, rest_b[0])))
    return [(x, y) for x, y in out if x and y]


def _without(key: tuple, i: int) -> tuple:
    """A key without its ``i``-th value, hashable (lists as tuples): what a row differing in that column only shares."""
    return tuple(tuple(v) if isinstance(v, list) else v for k, v in enumerate(key) if k != i)


def _missing(v) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):   # a list or tuple
        return False


def _submitted_text(source: str, submitted) -> str:
    if pd.notna(submitted):
        return f"{source} 报送于 {submitted.date()}"
    if is_revision(source):
        return f"{source} 未注明报送日期（修改版：排在其原版之后）"
    return f"{source} 未注明报送日期"


def superseded_message(key: str, prev: Any, rec: Any, changes: list[tuple[str, str | None, str | None]]) -> str:
    """The warning on a record kept over an earlier copy of it (``prev``, ``rec``: rows with source, sheet, row and
    _submitted; ``key``: the record as its key says it; ``changes``: (header, earlier, later) of each field that
    differs, the values None for a contact's, which are only said to differ). Versions of one ledger
    (:func:`lineage`): a correction; one file (another sheet or row of it): the record written twice; two ledgers (a
    unit's own book and the office's compiled one): the same record reported twice; each counted once."""
    sheet = f" {prev['sheet']}" if prev["sheet"] else ""
    if prev["source"] == rec["source"]:
        told = "；".join(f"“{h}”两处不同" if a is None else f"“{h}”另一处写作“{a}”，本行写作“{b}”" for h, a, b in changes)
        return f"重复：同一记录（{key}）在本台账中另见{sheet} 第 {prev['row']} 行：只计一次，采用本行；{told}"
    where = f"{prev['source']}{sheet} 第 {prev['row']} 行"
    same = lineage(prev["source"]) == lineage(rec["source"])
    which = f"采用较晚报送的版本（{_submitted_text(rec['source'], rec['_submitted'])}，" \
            f"{'旧版本' if same else '另一份'} {_submitted_text(prev['source'], prev['_submitted'])}）"
    if same:
        told = "；".join(f"“{h}”已更正" if a is None else f"“{h}”由“{a}”改为“{b}”" for h, a, b in changes)
        return f"更正：同一记录（{key}）另见 {where}；{which}：{told}"
    told = "；".join(f"“{h}”两处不同" if a is None else f"“{h}”另一份写作“{a}”，本行写作“{b}”" for h, a, b in changes)
    return f"同一记录（{key}）另见 {where}：两份台账各报一次，只计一次，{which}；{told}"


def _in_rank_order(sources: pd.Series, rank: pd.DataFrame) -> dict[str, int]:
    """Each file's place among the versions, earliest first: its rows sorted by :func:`submission_rank` (``rank``, one
    row per row of ``sources``), then by name."""
    order = pd.DataFrame({"source": sources.to_numpy(), "dated": rank["dated"].to_numpy(), "on": rank["on"].to_numpy(),
                          "level": rank["level"].to_numpy()})
    later = order.sort_values(["dated", "on", "level", "source"], kind="stable", na_position="first")["source"]
    return {s: i for i, s in enumerate(pd.unique(later))}


def renumbered_leads(leads: pd.DataFrame) -> set[tuple[str, str]]:
    """(older file, newer file) pairs of one lineage (:func:`lineage`) that hold a lead under two 线索编号: the same
    investor (``name_key``), unit and 报送日期 (a revision that renumbered its leads, 1 → XS001, repeats no id). They
    are then read side by side as any two versions are (:func:`corrected_in_place`, which decides whether the newer
    repeats enough of the older to be its revision); the older file of a pair ranks first (:func:`submission_rank`)."""
    need = {"lead_id", "investor", "unit", "reported_on", "source", "_submitted"}
    if leads.empty or not need <= set(leads.columns):
        return set()
    sources = leads["source"].astype(str)
    lines = {src: lineage(src) for src in sources.unique()}
    versions = pd.Series(lines).value_counts()
    many = {src for src, ln in lines.items() if versions[ln] > 1}   # files of a lineage with another version
    if not many:
        return set()
    ld = leads[sources.isin(many) & leads["reported_on"].notna()]
    who = pd.DataFrame({"who": ld["investor"].map(name_key), "unit": ld["unit"].astype(str), "on": ld["reported_on"],
                        "id": ld["lead_id"].astype(str), "line": ld["source"].astype(str).map(lines),
                        "source": ld["source"].astype(str)})
    who = who[who["who"].ne("")]
    place = _in_rank_order(who["source"], submission_rank(ld["source"], ld["_submitted"]).set_axis(ld.index).loc[who.index])
    out: set[tuple[str, str]] = set()
    for _, grp in who.groupby(["line", "who", "unit", "on"], sort=False):
        if grp["id"].nunique() > 1 and grp["source"].nunique() > 1:
            files = sorted(set(grp["source"]), key=place.get)
            out.update(zip(files, files[1:]))
    return out


def shared_lead_ids(leads: pd.DataFrame) -> list[tuple[int, str, bool, str]]:
    """Leads of two units filed under one 线索编号 (each unit numbering its own: 甲镇's 001 临沂华祥木业, 乙镇's 001
    佛山宏达家具), as ``(row label, the id it is counted under, whether that id is its unit's, the warning)``: a row
    whose id an earlier-read row of another unit and another investor has, in the same file or another ledger (not
    another version of its file), is another lead, not a copy of that one (an office's compiled file in which each unit
    numbers its own too); it is counted under its id with its unit (001（乙镇）). So is a row of the same unit whose
    investor and 报送日期 both differ from the earlier one's, in the same file or another ledger (a unit numbering
    1, 2… afresh in each monthly file:
    7月's 1 临沂华祥木业 reported 7-06, 8月's 1 成都华丰家具 reported 8-05): counted under its id with its unit and its
    报送日期 (1（孙岗乡，2021-08-05）). A row of another ledger repeating a unit's lead (its investor and 报送日期) under
    another id (a monthly file or a workbook's later sheet that lists July's leads again, renumbered) is that lead,
    counted under its id. A row of another unit naming the investor of a lead under the id is that lead (sent again or
    moved: counted under its id; the key-based merge keeps the later). Other rows keep their id (a version of the
    ledger correcting the record: the key-based merge decides). Investors are compared as the 撞单 check keys them
    (:class:`~yeji_analysis.investors.InvestorIndex`: legal form and place folded, a name without its place that of
    the one company of its trade name with one). A reception's 线索编号 follows its unit, or its 来访企业
    (:func:`shared_lead_refs`)."""
    if leads.empty or not {"lead_id", "investor", "unit", "source"} <= set(leads.columns):
        return []
    sources = leads["source"].astype(str)
    lines = sources.map({s: lineage(s) for s in sources.unique()})
    units = leads["unit"].astype(str)
    sheets = leads["sheet"].fillna("").astype(str) if "sheet" in leads else pd.Series("", index=leads.index)
    shared = leads["lead_id"].astype(str).duplicated(keep=False)
    # a unit in two ledgers, or two sheets of one (7月, 8月): one may list the other's leads again
    (lc, ln), (sc, sn) = pd.factorize(lines), pd.factorize(sheets)
    across = pd.Series(lc * len(sn) + sc, index=leads.index).groupby(units).transform("nunique").gt(1)
    if not (shared | across).any():
        return []   # no id twice, no unit in two ledgers or sheets: nothing to tell apart (most reads)
    files = sources.groupby(lines).transform("nunique").gt(1)   # a ledger's versions: which are versions is worked out
    leads = leads[shared | across | files]                       # from their rows (_sharing_versions); no other row
    from ..investors import InvestorIndex   # deferred, as in shared_lead_refs: needed for these rows only, rarely
    ids = leads["lead_id"].astype(str).tolist()                  # takes part
    names = leads["investor"].tolist()   # as the 撞单 check keys them: legal form folded, a name without its place
    index = InvestorIndex(names)         # (华祥木业) that of the one company of its trade name with one (临沂)
    who = [index.key(v) if isinstance(v, str) else "" for v in names]
    project = (leads["project"].map(lambda v: v.strip() if isinstance(v, str) else "").tolist() if "project" in leads
               else [""] * len(ids))
    unit = units[leads.index].tolist()
    day = (pd.to_datetime(leads["reported_on"], errors="coerce") if "reported_on" in leads
           else pd.Series(pd.NaT, index=leads.index)).tolist()
    day = [None if pd.isna(d) else d for d in day]
    src = sources[leads.index].tolist()
    sheet = sheets[leads.index].tolist()
    line = _sharing_versions(src, lines[leads.index].tolist(), unit, who, day)
    labels = leads.index.tolist()
    inv, rows_at = names, (leads["row"].tolist() if "row" in leads else [""] * len(ids))   # for the warnings

    def elsewhere(i: int, j: int) -> bool:   # rows of two ledgers, or two sheets of one file (not two versions)
        return line[j] != line[i] or (src[j] == src[i] and sheet[j] != sheet[i])

    # a unit's lead listed again under another id in another ledger, or another sheet of its file: a row of the place
    # (ledger, file, sheet) its investor and day were first read in (within one place, two ids of one investor on one
    # day are two projects: a later place's rows are paired with them one to one, by 项目名称 first, else in order)
    first_at: dict[tuple, tuple] = {}
    firsts: dict[tuple, list[int]] = {}
    taken: dict[tuple, set[int]] = {}
    again: dict[int, int] = {}
    for i in range(len(ids)):
        if who[i] and day[i] is not None:
            key, at = (unit[i], who[i], day[i]), (line[i], src[i], sheet[i])
            if first_at.setdefault(key, at) == at:
                firsts.setdefault(key, []).append(i)
                continue
            used = taken.setdefault((key, at), set())
            free = [c for c in firsts[key] if c not in used]
            j = next((c for c in free if project[i] and project[c] == project[i]), free[0] if free else None)
            if j is None:
                continue   # more rows of it here than where it was first read: another lead
            used.add(j)
            if ids[j] != ids[i] and elsewhere(i, j):
                again[i] = j
    if not again and len(set(ids)) == len(ids):
        return []
    by_unit_who: dict[tuple, int] = {}   # a unit's investor -> the first row naming it
    for i in range(len(ids)):
        if who[i]:
            by_unit_who.setdefault((unit[i], who[i]), i)
    by_id: dict[str, list[int]] = {}
    for i, lid in enumerate(ids):
        if i not in again:
            by_id.setdefault(lid, []).append(i)
    final: dict[int, str] = {}   # row -> the id it is counted under, where not its own
    moved_day: dict[int, int] = {}   # row -> the earlier row of its unit's lead of its investor (another id and day)
    out = []

    def row(i: int) -> str:   # as the reader names a row: file, sheet (a workbook's), row
        return f"{src[i]}{' ' + sheet[i] if sheet[i] else ''} 第 {rows_at[i]} 行"

    def owned(i: int, lid: str, counted: dict, owner: dict, by_unit: bool) -> bool:
        """Whether row ``i`` names the investor of a lead counted under ``lid`` (``owner``: investor -> (unit, lead)):
        that lead, sent again or moved, counted under its id (the key-based merge keeps the later row)."""
        hit = owner.get(who[i]) if who[i] else None
        if hit is None:
            return False
        u, k = hit
        if counted[u].ids[k] != lid:
            final[i] = counted[u].ids[k]
            out.append((labels[i], counted[u].ids[k], by_unit,
                        f"线索编号“{lid}”：本条与 {row(counted[u].rows[k])} 是同一线索（投资方相同），随之记为“{counted[u].ids[k]}”"))
        return True

    for lid, grp in by_id.items():
        if len(grp) < 2:
            continue
        first = grp[0]
        counted = {unit[first]: _UnitLeads(lid, first, who, line, day, src)}   # unit -> its leads under this id
        owner: dict[str, tuple[str, int]] = {who[first]: (unit[first], 0)} if who[first] else {}   # investor -> its lead
        for i in grp[1:]:
            mine = counted.get(unit[i])
            if mine is None:   # a row of another unit under this id
                if owned(i, lid, counted, owner, True):   # a lead under this id, sent again by or moved to this unit
                    continue
                if line[i] == line[first] and src[i] != src[first]:
                    continue   # a version of the id's first ledger giving it another unit and investor: a correction
                new_id = f"{lid}（{unit[i]}）"
                counted[unit[i]] = _UnitLeads(new_id, i, who, line, day, src)
                if who[i]:
                    owner.setdefault(who[i], (unit[i], 0))
                final[i] = new_id
                out.append((labels[i], new_id, True,
                            f"线索编号“{lid}”另有 {unit[first]} 的线索（投资方“{inv[first]}”，{row(first)}）："
                            f"与本条（{unit[i]}，投资方“{inv[i]}”）不是同一线索，本条记为“{new_id}”"
                            "分别计数；请各单位使用全区统一的线索编号"))
                continue
            k = mine.find(i)
            if k is not None:   # one of this unit's leads again: counted under that lead's id
                mine.add(k, i)
                if who[i]:
                    owner.setdefault(who[i], (unit[i], k))
                if mine.ids[k] != lid:
                    final[i] = mine.ids[k]
                    out.append((labels[i], mine.ids[k], k == 0,
                                f"线索编号“{lid}”：本条与 {row(mine.rows[k])} 是 {unit[i]} 的同一线索，随之记为“{mine.ids[k]}”"))
                continue
            if owned(i, lid, counted, owner, False):   # another unit's lead under this id, moved here
                continue
            j = by_unit_who.get((unit[i], who[i])) if who[i] else None
            if (j is not None and ids[j] != lid and elsewhere(i, j)
                    and not (project[i] and project[j] and project[i] != project[j])):
                moved_day[i] = j   # the unit's lead of that investor listed again, renumbered and its day corrected
                continue
            # the same unit, another investor, another day, in the same file or another ledger: another lead (numbered
            # afresh each month, or the number written twice)
            last = mine.rows[-1]
            new_id = f"{lid}（{unit[i]}，{day[i]:%Y-%m-%d}）"
            mine.new(new_id, i)
            if who[i]:
                owner.setdefault(who[i], (unit[i], len(mine.ids) - 1))
            final[i] = new_id
            where = ("不是同一线索；本条记为“{}”分别计数。若确为同一线索，请写同一投资方名称" if src[i] == src[last] else
                     "又在另一份台账，不是同一线索的更正；本条记为“{}”分别计数。若确为更正，请在同一份台账的修改版中报送")
            out.append((labels[i], new_id, False,
                        f"线索编号“{lid}”在 {row(last)} 是 {unit[i]} 的另一条线索（投资方“{inv[last]}”，"
                        f"报送日期 {day[last]:%Y-%m-%d}）：本条投资方“{inv[i]}”、报送日期 "
                        f"{day[i]:%Y-%m-%d} 均不同，{where.format(new_id)}；请使用不重复的线索编号"))
    for i, j in moved_day.items():
        counted_as = final.get(j, ids[j])
        out.append((labels[i], counted_as, False,
                    f"线索编号“{ids[i]}”：本条投资方“{inv[i]}”与 {row(j)}（线索编号“{ids[j]}”）"
                    f"相同，是 {unit[i]} 同一条线索的重报（另一份台账或工作表改了编号，报送日期由 "
                    f"{'（空）' if day[j] is None else f'{day[j]:%Y-%m-%d}'} 改为 {day[i]:%Y-%m-%d}），记为“{counted_as}”只计一次"))
    for i, j in again.items():
        counted_as = final.get(j, ids[j])
        told = "另一份台账" if line[j] != line[i] else "另一张工作表"
        out.append((labels[i], counted_as, False,
                    f"线索编号“{ids[i]}”：本条投资方“{inv[i]}”、报送日期 {day[i]:%Y-%m-%d} 与 {row(j)}"
                    f"（线索编号“{ids[j]}”）相同，是 {unit[i]} 同一条线索的重报（{told}改了编号），记为“{counted_as}”只计一次"))
    return sorted(out, key=lambda x: leads.index.get_loc(x[0]))


def _sharing_versions(sources: list[str], line: list[str], unit: list, who: list, day: list) -> list[str]:
    """Each row's ledger for :func:`shared_lead_ids`: its file's :func:`lineage` (``line``), except that files of one
    lineage sharing no lead (no unit, investor and 报送日期 in common, directly or through another of them) are told
    apart: 甲镇线索_20210731.csv and 甲镇线索_20210831.csv listing different leads are two months' files, not versions."""
    files: dict[str, set[str]] = {}
    for s, ln in zip(sources, line):
        files.setdefault(ln, set()).add(s)
    many = {ln for ln, fs in files.items() if len(fs) > 1}
    if not many:
        return line
    parent = {s: s for ln in many for s in files[ln]}

    def root(s: str) -> str:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    first: dict[tuple, str] = {}
    for s, ln, u, w, d in zip(sources, line, unit, who, day):
        if ln in many and w and d is not None:
            other = first.setdefault((ln, u, w, d), s)
            if other != s:
                parent[root(s)] = root(other)
    return [f"{ln}\0{root(s)}" if ln in many else ln for s, ln in zip(sources, line)]


class _UnitLeads:
    """One unit's leads under one 线索编号 (:func:`shared_lead_ids`): each lead's id and first row, and the lead each
    investor, ledger and 报送日期 was first seen in, so a row is matched to a lead by three lookups, not row by row. A
    ledger matches a row of another of its files (a version) only: one file's rows are not versions of each other."""

    def __init__(self, lid: str, i: int, who: list, line: list, day: list, src: list):
        self.who, self.line, self.day, self.src = who, line, day, src
        self.ids: list[str] = []
        self.rows: list[int] = []
        self.by: tuple[dict, dict] = ({}, {})   # investor, 报送日期 -> the first lead seen with it
        self.files: dict[str, dict[str, int]] = {}   # ledger -> file -> the first lead seen in it
        self.undated: int | None = None   # the first lead with a row without a day: any row may be of it
        self.new(lid, i)

    def new(self, lid: str, i: int) -> None:
        self.ids.append(lid)
        self.rows.append(i)
        self.add(len(self.ids) - 1, i)

    def add(self, k: int, i: int) -> None:
        for d, v in zip(self.by, (self.who[i], self.day[i])):
            if v is not None:
                d.setdefault(v, k)
        self.files.setdefault(self.line[i], {}).setdefault(self.src[i], k)
        if self.day[i] is None and self.undated is None:
            self.undated = k

    def find(self, i: int) -> int | None:
        """The first lead row ``i`` may be of (one investor, one ledger's versions, or no other day), if any."""
        if self.day[i] is None:
            return 0
        versions = self.files.get(self.line[i], {})
        hits = [d.get(v) for d, v in zip(self.by, (self.who[i], self.day[i]))] + [self.undated] + \
               [k for s, k in versions.items() if s != self.src[i]]
        hits = [k for k in hits if k is not None]
        return min(hits) if hits else None


def shared_lead_refs(receptions: pd.DataFrame, leads: pd.DataFrame, renamed: dict[tuple[str, str], str],
                     also: Iterable[tuple[str, str]] = ()) -> pd.DataFrame:
    """The receptions with each 线索编号 that two units' leads share pointed at the lead meant: ``renamed`` maps (the id
    as written, a unit) to the id that unit's lead is counted under (:func:`shared_lead_ids`), ``also`` lists (the id
    as written, an id counted under) of a unit's further leads under it (numbered afresh), ``leads`` holds the
    leads so counted. A reception whose 来访企业 names the investor of one of those leads is of that lead (平岗街道
    receiving 临沂华祥木业 under 史河街道's 001 is of 001); else it is of its own unit's first (乙镇's reception naming
    001 is of 001（乙镇）), else of the first."""
    also = list(also)
    if not (renamed or also) or receptions.empty or not {"lead_id", "unit"} <= set(receptions.columns):
        return receptions
    from ..investors import normalize_investor   # deferred: the investor keys are needed only here, and rarely
    counted: dict[str, list[str]] = {}   # the id as written -> the ids its leads are counted under
    for lid, new in [(lid, new) for (lid, _), new in renamed.items()] + also:
        counted.setdefault(lid, [lid]).append(new)
    wanted = {i for ids in counted.values() for i in ids}
    investor = {str(i): normalize_investor(v) for i, v in zip(leads["lead_id"], leads["investor"]) if str(i) in wanted}
    companies = receptions["company"] if "company" in receptions else pd.Series("", index=receptions.index)
    ids = []
    for lid, unit, company in zip(receptions["lead_id"], receptions["unit"], companies):
        key = normalize_investor(company) if isinstance(company, str) and company.strip() else ""
        named = [i for i in counted.get(str(lid), []) if key and investor.get(i) == key]
        ids.append(named[0] if len(named) == 1 else renamed.get((str(lid), str(unit)), lid))
    return receptions.assign(lead_id=pd.Series(ids, index=receptions.index, dtype=object))


def moved_ids(leads: pd.DataFrame, moved: list[tuple[int, int, str]]) -> dict[str, str]:
    """The 线索编号 a revision corrected (:func:`corrected_in_place`'s ``moved``: (older row, newer row, column) of
    ``leads``) -> the id the lead is now counted under, for ids no kept lead still has: a reception naming 2 is of
    XS002 once the 修改版 renumbered 2 as XS002."""
    if not moved or "lead_id" not in leads:
        return {}
    gone = {str(leads.at[old, "lead_id"]): str(leads.at[new, "lead_id"]) for old, new, _ in moved}
    kept = set(leads.drop(index=[old for old, _, _ in moved])["lead_id"].astype(str))
    return {a: b for a, b in gone.items() if a != b and a not in kept}
