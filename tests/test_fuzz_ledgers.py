"""Bad input, by machine (issue 7): the sample ledgers corrupted the way people corrupt them, by hypothesis.

Each example copies ``data/sample`` to a temporary folder, edits cells with openpyxl (or the csv module, keeping the
file's encoding), and reads it again. Properties: nothing crashes (``load_campaign`` returns, or raises only
``LedgerError`` naming the file); every corrupted row is rejected with its file, sheet, row and column, or parsed to
the same value as before; read = accepted + duplicates + rejected for every ledger; rows not touched give the same
records as the uncorrupted load (keyed by source, sheet, row).

Cells are chosen among accepted data rows only (``campaign.leads[["source", "sheet", "row"]]`` and friends) and never
inside a merged range, so titles, 合计 rows and merged unit cells are left alone.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from yeji_analysis.ledgers import LEDGERS, STAGE_WORDS, LedgerError, load_campaign, normalize_header

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
MANIFEST = json.loads((SAMPLE / "MANIFEST.json").read_text(encoding="utf-8"))
LEDGER_NAMES = list(LEDGERS)

def n(examples: int) -> int:
    """Examples per property: each reads the whole sample (~0.5 s), so the defaults keep this file near a minute;
    YEJI_FUZZ_SCALE=4 (say) runs a longer search."""
    return max(1, round(examples * float(os.environ.get("YEJI_FUZZ_SCALE", "1"))))


# no shrinking: a failing example is reported as found (each example reads the whole sample, ~0.5 s)
FAST = dict(deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.generate])


# ------------------------------------------------------------------------------------------------ helpers

def _encoding(source: str) -> str:
    return MANIFEST["files"][source].get("encoding", "utf-8")


def _comparable(v):
    if isinstance(v, (list, tuple)):
        return tuple(v)
    if v is None or (not isinstance(v, (list, tuple)) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.normalize()
    return str(v) if not isinstance(v, (int, float, bool)) else v


def records(c) -> dict[str, dict[tuple, tuple]]:
    """Accepted records of every ledger as {(source, sheet, row): reader columns}; ids (renumbered) left out."""
    out = {}
    for name, spec in LEDGERS.items():
        df = getattr(c, name)
        cols = [x.name for x in spec.columns if x.name in df.columns] + (["head_units"] if name == "trips" else [])
        out[name] = {(s, sh, int(r)): tuple(_comparable(v) for v in vals)
                     for s, sh, r, *vals in df[["source", "sheet", "row", *cols]].itertuples(index=False)}
    return out


def by_key(c) -> dict[str, dict[tuple, tuple]]:
    """Accepted records keyed by the ledger's record key, provenance left out (for copies of whole files)."""
    out = {}
    for name, spec in LEDGERS.items():
        df = getattr(c, name)
        cols = [x.name for x in spec.columns if x.name in df.columns]
        key = [cols.index(k) for k in spec.key]
        out[name] = {tuple(_comparable(vals[j]) for j in key): tuple(_comparable(v) for v in vals)
                     for vals in df[cols].itertuples(index=False)}
    return out


def assert_conserved(c) -> None:
    s = c.stats
    for name in LEDGER_NAMES:
        r = s.loc[name]
        assert r["read"] == r["accepted"] + r["duplicates"] + r["rejected"], (name, r.to_dict())
        assert r["accepted"] == len(getattr(c, name)), name


def load_or_ledger_error(root: Path, must_name: list[str]):
    """load_campaign, allowing only a LedgerError whose message names one of ``must_name``."""
    try:
        return load_campaign(root)
    except LedgerError as exc:
        assert any(Path(n).name in str(exc) for n in must_name), str(exc)
        return None


@functools.lru_cache(maxsize=1)
def baseline():
    c = load_campaign(SAMPLE)
    return c, records(c)


def header_map(source: str, sheet: str, header_row: int, ledger: str) -> dict[str, tuple[int, str]]:
    """canonical column -> (0-based column index, header as written, on one line: 出发\\n日期 is named 出发日期) in one
    sheet or CSV."""
    aliases = {normalize_header(h)[0]: col.name for col in LEDGERS[ledger].columns for h in (*col.headers, col.name)}
    cells = read_rows(SAMPLE, source, sheet)[header_row - 1]
    out = {}
    for i, v in enumerate(cells):
        if isinstance(v, str) and v.strip():
            name = aliases.get(normalize_header(v)[0])
            if name and name not in out:
                out[name] = (i, re.sub(r"\s*\n\s*", "", v).strip())
    return out


def read_rows(root: Path, source: str, sheet: str) -> list[list]:
    p = root / source
    if p.suffix == ".csv":
        return [list(r) for r in csv.reader(io.StringIO(p.read_bytes().decode(_encoding(source)), newline=""))]
    ws = openpyxl.load_workbook(p)[sheet]
    return [list(r) for r in ws.iter_rows(values_only=True)]


@functools.lru_cache(maxsize=None)
def merged_cells(source: str, sheet: str) -> frozenset[tuple[int, int]]:
    """(row, col), both 1-based, of every cell inside a merged range."""
    if source.endswith(".csv"):
        return frozenset()
    ws = openpyxl.load_workbook(SAMPLE / source)[sheet]
    return frozenset((r, c) for m in ws.merged_cells.ranges
                     for r in range(m.min_row, m.max_row + 1) for c in range(m.min_col, m.max_col + 1))


def edit(root: Path, source: str, sheet: str, cells: dict[tuple[int, int], object]) -> None:
    """Set cells {(row 1-based, col 0-based): value} of one sheet or CSV, keeping the CSV's encoding."""
    p = root / source
    if p.suffix == ".csv":
        enc = _encoding(source)
        rows = [list(r) for r in csv.reader(io.StringIO(p.read_bytes().decode(enc), newline=""))]
        for (r, c), v in cells.items():
            rows[r - 1].extend([""] * (c + 1 - len(rows[r - 1])))
            rows[r - 1][c] = "" if v is None else str(v)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(rows)
        p.write_bytes(buf.getvalue().encode(enc))
        return
    wb = openpyxl.load_workbook(p)
    ws = wb[sheet]
    for (r, c), v in cells.items():
        ws.cell(r, c + 1).value = v
    wb.save(p)


def edit_many(root: Path, edits: list[tuple[tuple[str, str], tuple[int, int], object]]) -> None:
    """Several cell edits [((source, sheet), (row, col), value)], one open and save per sheet."""
    by_sheet: dict[tuple[str, str], dict] = {}
    for where, cell, value in edits:
        by_sheet.setdefault(where, {})[cell] = value
    for (source, sheet), cells in by_sheet.items():
        edit(root, source, sheet, cells)


class Copy:
    """A fresh copy of the sample in a temporary folder."""

    def __enter__(self) -> Path:
        self._tmp = tempfile.TemporaryDirectory(prefix="yeji-fuzz-")
        root = Path(self._tmp.name) / "sample"
        shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("MANIFEST.json"))
        return root

    def __exit__(self, *exc) -> None:
        self._tmp.cleanup()


# (ledger, canonical column) -> kind of corruption we aim at it
TARGET_COLUMNS = {
    "leads": ["investment_wan", "reported_on", "intention_on", "unit", "stage", "screened_valid"],
    "trips": ["start_on", "end_on", "units", "head_led"],
    "receptions": ["received_on", "unit"],
}


@functools.lru_cache(maxsize=1)
def targets() -> list[tuple]:
    """Every (ledger, source, sheet, row, column, col index, header as written, current value) we may corrupt."""
    c, _ = baseline()
    hdr = {(s, sh): h for s, sh, h in c.sheets[["source", "sheet", "header_row"]].itertuples(index=False)}
    out = []
    for ledger, cols in TARGET_COLUMNS.items():
        df = getattr(c, ledger)
        for (source, sheet), grp in df.groupby(["source", "sheet"], sort=True):
            hm = header_map(source, sheet, hdr[(source, sheet)], ledger)
            raw = read_rows(SAMPLE, source, sheet)
            merged = merged_cells(source, sheet)
            for i in grp.index:
                row = int(df.at[i, "row"])
                for col in cols:
                    if col not in hm or (row, hm[col][0] + 1) in merged:
                        continue
                    out.append((ledger, source, sheet, row, col, hm[col][0], hm[col][1], raw[row - 1][hm[col][0]], i))
    return out


JUNK = {
    # (约3亿 and 三千万 were junk before issue 12; they are read now, so they are no longer here)
    "investment_wan": ["待定", "不详", "1.2.3", "5000美元", "见附件", "-200", "12%", "TBD", "5000-8000万"],
    "date": ["2021-02-30", "2021年13月1日", "2021/9/31", "2021.6.31", "8月中旬", "2021年8月", "下周", "2021-00-10", "昨天"],
    "unit": ["史和街道", "平冈街道", "三园镇", "区商务厅", "不详", "叶集区政府"],
    "stage": ["暂缓", "已放弃", "推进中", "意象", "签约?"],
    "screened_valid": ["可能有效", "未知", "待定?", "有效吧"],
    "head_led": ["可能", "副职带队", "王某某"],
}


def junk_for(col: str) -> list[str]:
    if col.endswith("_on"):
        return JUNK["date"]
    if col in ("unit", "units"):
        return JUNK["unit"]
    return JUNK[col]


def distinct_rows(picks: list[tuple]) -> list[tuple]:
    seen, out = set(), []
    for t in picks:
        if (t[1], t[2], t[3]) not in seen:
            seen.add((t[1], t[2], t[3]))
            out.append(t)
    return out


# ------------------------------------------------------------------------------------------------ properties

def test_sample_baseline_holds():
    c, _ = baseline()
    assert_conserved(c)
    assert len(targets()) > 500


@settings(max_examples=n(20), **FAST)
@given(st.lists(st.tuples(st.integers(0, 10 ** 6), st.integers(0, 10 ** 6)), min_size=1, max_size=5))
def test_unreadable_cells_reject_their_row_and_nothing_else(draws):
    """Text in number cells, impossible or vague dates, unknown units, unknown stage/screening/head words.

    A required cell (who, when: 报送单位, 报送日期, 出发日期, 参与单位, 接待日期 …) rejects its row; an optional one
    (amount, stage dates, stage, screening, 返回日期, 带队) leaves the row accepted, with a warning on that cell
    (issue 12: optional cells never sink a row)."""
    c0, rec0 = baseline()
    T = targets()
    picks = distinct_rows([T[a % len(T)] for a, _ in draws])
    bad = [(t, junk_for(t[4])[b % len(junk_for(t[4]))]) for t, (_, b) in zip(picks, draws)]
    with Copy() as root:
        edit_many(root, [((t[1], t[2]), (t[3], t[5]), value) for t, value in bad])
        c = load_campaign(root)
    assert_conserved(c)
    rej, w = c.rejections, c.warnings
    hit_rows, kept_rows = set(), set()
    for (ledger, source, sheet, row, col, ci, header, raw, _), value in bad:
        hit = rej[(rej["source"] == source) & (rej["sheet"] == sheet) & (rej["row"] == row)]
        if LEDGERS[ledger].column(col).nonblank:
            assert len(hit) == 1, (source, sheet, row, col, value, rej.tail(5).to_dict("records"))
            h = hit.iloc[0]
            assert h["ledger"] == ledger and h["column"] == header and h["value"] == value and h["reason"], h.to_dict()
            hit_rows.add((source, sheet, row))
        else:
            assert len(hit) == 0, (source, sheet, row, col, value, hit.to_dict("records"))
            ww = w[(w["source"] == source) & (w["sheet"] == sheet) & (w["row"] == row) & (w["column"] == header)]
            assert (ww["value"] == value).any() and ww["message"].str.len().gt(0).all(), (source, row, col, value)
            kept_rows.add((source, sheet, row))
    rec = records(c)
    for name in LEDGER_NAMES:
        for k, v in rec0[name].items():
            if k in hit_rows:
                assert k not in rec[name]
            elif k in kept_rows:
                assert k in rec[name], (name, k)
            else:
                assert rec[name].get(k) == v, (name, k)


SWAP_PAIRS = {"leads": [("investment_wan", "reported_on"), ("unit", "reported_on"), ("stage", "investment_wan"),
                        ("unit", "stage"), ("intention_on", "screened_valid")],
              "trips": [("start_on", "units"), ("end_on", "units"), ("units", "head_led")],
              "receptions": [("received_on", "unit")]}


@functools.lru_cache(maxsize=1)
def swap_targets() -> list[tuple]:
    """(ledger, source, sheet, row, (ci, header, raw) of one column, the same of the other) for SWAP_PAIRS."""
    rows: dict[tuple, dict] = {}
    for ledger, source, sheet, row, col, ci, header, raw, _ in targets():
        rows.setdefault((ledger, source, sheet, row), {})[col] = (ci, header, raw)
    out = []
    for (ledger, source, sheet, row), cols in sorted(rows.items()):
        for x, y in SWAP_PAIRS[ledger]:
            if x in cols and y in cols and not _empty(cols[x][2]) and not _empty(cols[y][2]) and cols[x][2] != cols[y][2]:
                out.append((ledger, source, sheet, row, cols[x], cols[y]))
    return out


def _empty(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


@settings(max_examples=n(12), **FAST)
@given(st.lists(st.integers(0, 10 ** 6), min_size=1, max_size=4))
def test_values_swapped_between_cells_reject_the_row_or_are_warned(draws):
    """Two cells of a row typed into each other's column (an amount under 报送日期, a unit under 当前阶段 …): the
    row is rejected, or (an amount that happens to be a valid Excel serial day) kept with a warning on that row."""
    c0, rec0 = baseline()
    S = swap_targets()
    picks, seen = [], set()
    for a in draws:
        t = S[a % len(S)]
        if t[1:4] not in seen:
            seen.add(t[1:4])
            picks.append(t)
    with Copy() as root:
        edit_many(root, [e for ledger, source, sheet, row, (xi, _, xv), (yi, _, yv) in picks
                         for e in (((source, sheet), (row, xi), yv), ((source, sheet), (row, yi), xv))])
        c = load_campaign(root)
    assert_conserved(c)
    rej, w = c.rejections, c.warnings
    hit = set()
    for ledger, source, sheet, row, (xi, xh, xv), (yi, yh, yv) in picks:
        r = rej[(rej["source"] == source) & (rej["sheet"] == sheet) & (rej["row"] == row)]
        if len(r):
            assert len(r) == 1 and r.iloc[0]["column"] in (xh, yh), r.to_dict("records")
        else:
            ww = w[(w["source"] == source) & (w["sheet"] == sheet) & (w["row"] == row)]
            assert ww["column"].isin([xh, yh]).any(), (source, sheet, row, xh, xv, yh, yv)
        hit.add((source, sheet, row))
    rec = records(c)
    for name in LEDGER_NAMES:
        for k, v in rec0[name].items():
            if k not in hit:
                assert rec[name].get(k) == v, (name, k)


def _num(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


def _rewrite(col: str, raw, val, b: int):
    """Another accepted way to write the same value, or None when there is none to try."""
    if col.endswith("_on"):
        if val is None or pd.isna(val):
            return None
        d = pd.Timestamp(val).date()
        forms = [f"{d.year}年{d.month}月{d.day}日", f"{d.year}.{d.month}.{d.day}", f"{d.year}/{d.month}/{d.day}",
                 d.isoformat(), f"{d.year}{d.month:02d}{d.day:02d}", f"{d.isoformat()} 10:30",
                 d.isoformat().translate({ord(ch): ord(ch) + 0xFEE0 for ch in "0123456789-"}),
                 dt.datetime(d.year, d.month, d.day), (d - dt.date(1899, 12, 30)).days]
        return forms[b % len(forms)]
    if col == "investment_wan":
        if val is None or pd.isna(val):
            return None
        wan, yi = _num(val), _num(val / 10000)
        forms = [f"{wan}万元", f"{wan}万", f"{yi}亿元", f"{yi} 亿", f"{val:,.0f}" if val == int(val) else wan,
                 wan.translate({ord(ch): ord(ch) + 0xFEE0 for ch in "0123456789."}) + "万元", float(val)]
        return forms[b % len(forms)]
    if col == "stage":
        if val is None or pd.isna(val):
            return None
        words = STAGE_WORDS[str(val)]
        return words[b % len(words)]
    if col == "screened_valid":
        words = {True: ["有效", "是", "√", "通过", "合格"], False: ["无效", "否", "×", "不通过", "不合格"]}
        if val is None or pd.isna(val):
            return ["", "待甄别", "未甄别", "-", "/"][b % 5]
        return words[bool(val)][b % 5]
    if col == "unit":
        return [f" {val}", f"{val} ", f"\u3000{val}\u3000", f"{val}\u3000"][b % 4]
    if col == "units":
        sep = ["、", "，", ",", "；", ";", "\n", " 、 "][b % 7]
        return sep.join(val) + (" " if b % 2 else "")
    if col == "head_led":
        return None   # its value depends on the units; left to test_unseen_ledgers
    return None


@settings(max_examples=n(20), **FAST)
@given(st.lists(st.tuples(st.integers(0, 10 ** 6), st.integers(0, 10 ** 6)), min_size=1, max_size=5))
def test_cells_rewritten_in_another_accepted_form_give_the_same_record(draws):
    """The same value written as 1.2亿元 / 12,000 / 2021年7月15日 / Excel serial / 在谈 / full-width …"""
    c0, rec0 = baseline()
    T = targets()
    picks = distinct_rows([T[a % len(T)] for a, _ in draws])
    edits = []
    for t, (_, b) in zip(picks, draws):
        ledger, source, sheet, row, col, ci, header, raw, i = t
        new = _rewrite(col, raw, getattr(c0, ledger).at[i, col], b)
        if new is None or (source.endswith(".csv") and isinstance(new, (dt.datetime, int, float))):
            continue
        edits.append((t, new))
    with Copy() as root:
        edit_many(root, [((t[1], t[2]), (t[3], t[5]), new) for t, new in edits])
        c = load_campaign(root)
    assert_conserved(c)
    assert c.stats.equals(c0.stats)
    rec = records(c)
    for name in LEDGER_NAMES:
        assert rec[name] == rec0[name], [(t[1], t[3], t[4], n) for t, n in edits]


def _swappable(source: str, sheet: str, header_row: int, width: int) -> list[int]:
    """0-based columns (not the first, which holds the 合计/注 labels) crossed by no vertical merge below the header."""
    merges = []
    if not source.endswith(".csv"):
        merges = [m for m in openpyxl.load_workbook(SAMPLE / source)[sheet].merged_cells.ranges
                  if m.max_row >= header_row and m.min_row != m.max_row]
    return [ci for ci in range(1, width) if not any(m.min_col <= ci + 1 <= m.max_col for m in merges)]


@functools.lru_cache(maxsize=1)
def all_sheets() -> list[tuple]:
    """(source, sheet, ledger, header row, swappable columns) of every ledger sheet of the sample."""
    c, _ = baseline()
    out = []
    for s, sh, led, h in c.sheets[["source", "sheet", "ledger", "header_row"]].itertuples(index=False):
        cells = read_rows(SAMPLE, s, sh)[h - 1]
        width = max(i for i, v in enumerate(cells) if v not in (None, "")) + 1
        out.append((s, sh, led, h, tuple(_swappable(s, sh, h, width))))
    return out


def ledger_sheets() -> list[tuple]:
    return [t for t in all_sheets() if len(t[4]) >= 2]


@settings(max_examples=n(10), **FAST)
@given(st.integers(0, 10 ** 6), st.integers(0, 10 ** 6), st.integers(1, 10 ** 6))
def test_swapped_columns_read_the_same(a, b, k):
    """A unit that reorders its columns (header and data together) changes nothing."""
    c0, rec0 = baseline()
    source, sheet, ledger, h, cols = ledger_sheets()[a % len(ledger_sheets())]
    x = cols[b % len(cols)]
    y = cols[(b + k) % len(cols)]
    if x == y:
        y = cols[(cols.index(x) + 1) % len(cols)]
    rows = read_rows(SAMPLE, source, sheet)
    merged = merged_cells(source, sheet)
    cells = {}
    for r in range(h, len(rows) + 1):
        if (r, x + 1) in merged or (r, y + 1) in merged:
            continue   # a horizontally merged 合计/注 row stays as it is
        row = rows[r - 1] + [None] * (max(x, y) + 1 - len(rows[r - 1]))
        cells[(r, x)], cells[(r, y)] = row[y], row[x]
    with Copy() as root:
        edit(root, source, sheet, cells)
        c = load_campaign(root)
    assert_conserved(c)
    assert c.stats.equals(c0.stats), (source, sheet, x, y)
    assert records(c) == rec0, (source, sheet, x, y)
    key = ["source", "sheet", "row"]
    assert sorted(map(tuple, c.rejections[key].astype(str).values)) == sorted(map(tuple, c0.rejections[key].astype(str).values))


@settings(max_examples=n(8), **FAST)
@given(st.integers(0, 10 ** 6), st.integers(0, 10 ** 6))
def test_deleted_required_header_is_one_error_naming_it(a, b):
    """A required ledger's required header deleted: one LedgerError naming the ledger; an optional ledger's: that
    sheet is reported (a LedgerError naming the file, or a warning naming file and sheet) and nothing else changes."""
    c0, rec0 = baseline()
    source, sheet, ledger, h, _ = all_sheets()[a % len(all_sheets())]
    hm = header_map(source, sheet, h, ledger)
    req = [col.name for col in LEDGERS[ledger].columns if col.required and col.name in hm]
    ci, header = hm[req[b % len(req)]]
    with Copy() as root:
        edit(root, source, sheet, {(h, ci): None})
        if LEDGERS[ledger].required:
            with pytest.raises(LedgerError) as exc:
                load_campaign(root)
            assert LEDGERS[ledger].zh in str(exc.value) or header in str(exc.value), str(exc.value)
            return
        c = load_or_ledger_error(root, [source])
    if c is not None:
        w = c.warnings
        assert ((w["source"] == source) & (w["sheet"] == sheet)).any()
        assert_conserved(c)
        rec = records(c)
        assert all(rec[n] == rec0[n] for n in LEDGER_NAMES if n != ledger)


def test_missing_ledger_error_names_the_sheet_that_was_skipped():
    with Copy() as root:
        edit(root, "叶集区招商基础信息.xlsx", "招商小组", {(1, 0): None})   # 小组名称 deleted
        with pytest.raises(LedgerError) as exc:
            load_campaign(root)
    assert "叶集区招商基础信息.xlsx" in str(exc.value)


@settings(max_examples=n(2), **FAST)
@given(st.integers(0, 10 ** 6), st.integers(0, 10 ** 6))
def test_deleted_optional_header_is_warned(a, b):
    c0, _ = baseline()
    source, sheet, ledger, h, _ = all_sheets()[a % len(all_sheets())]
    hm = header_map(source, sheet, h, ledger)
    opt = [col.name for col in LEDGERS[ledger].columns if not col.required and col.name in hm
           and getattr(c0, ledger)[col.name].astype(str).str.len().gt(0).any()]
    if not opt:
        return
    ci, header = hm[opt[b % len(opt)]]
    with Copy() as root:
        edit(root, source, sheet, {(h, ci): None})
        c = load_campaign(root)
    w = c.warnings
    new = w[(w["source"] == source) & (w["sheet"] == sheet)]
    old = c0.warnings[(c0.warnings["source"] == source) & (c0.warnings["sheet"] == sheet)]
    assert len(new) > len(old), (source, sheet, header)


EXTRA_SHEETS = {
    "empty": [],
    "instructions": [["填表说明"], ["1. 日期请填写 2021年7月15日 格式"], ["2. 金额单位为万元"]],
    "summary": [["序号", "报送单位", "线索数", "签约数"], [1, "史河街道", 9, 2], [2, "洪集镇", 4, 1]],
    "dropdown": [["当前阶段", "甄别结果"], ["线索", "有效"], ["意向", "无效"], ["签约", ""]],
    "notes": [["注：本表由区招商服务中心汇总"]],
}


@settings(max_examples=n(8), **FAST)
@given(st.integers(0, 10 ** 6), st.sampled_from(sorted(EXTRA_SHEETS) + ["copy"]), st.booleans())
def test_extra_sheets_change_no_record(a, kind, hidden):
    """A workbook gains a sheet: empty, instructions, a summary, a hidden dropdown list, or a copy of a ledger sheet."""
    c0, rec0 = baseline()
    books = sorted(f for f in MANIFEST["files"] if f.endswith(".xlsx"))
    source = books[a % len(books)]
    with Copy() as root:
        wb = openpyxl.load_workbook(root / source)
        if kind == "copy":
            orig = wb.worksheets[a % len(wb.worksheets)]
            ws = wb.copy_worksheet(orig)
            ws.title = orig.title + "（备份）"
        else:
            ws = wb.create_sheet("Sheet9")
            for r in EXTRA_SHEETS[kind]:
                ws.append(r)
        if hidden:
            ws.sheet_state = "hidden"
        wb.save(root / source)
        c = load_or_ledger_error(root, [source])
    if c is None:
        return
    assert_conserved(c)
    if kind == "copy":   # an identical copy: the same records, kept from either sheet
        assert by_key(c) == by_key(c0)
        return
    rec = records(c)
    for name in LEDGER_NAMES:
        for k, v in rec0[name].items():
            assert rec[name].get(k) == v, (name, k, kind)
        assert len(rec[name]) == len(rec0[name]), (name, kind)


@settings(max_examples=n(6), **FAST)
@given(st.integers(0, 10 ** 6), st.sampled_from(["{stem} - 副本{suf}", "副本_{stem}{suf}", "备份/{stem}{suf}", "{stem}(1){suf}"]))
def test_duplicated_files_are_counted_as_duplicates(a, pattern):
    c0, _ = baseline()
    files = sorted(MANIFEST["files"])
    source = files[a % len(files)]
    p = Path(source)
    with Copy() as root:
        dest = root / pattern.format(stem=p.stem, suf=p.suffix)
        dest.parent.mkdir(exist_ok=True)
        shutil.copy2(root / source, dest)
        c = load_campaign(root)
    assert_conserved(c)
    assert by_key(c) == by_key(c0), (source, pattern)
    copied = sum(MANIFEST["files"][source]["rows"].values())
    s, s0 = c.stats, c0.stats
    # every data row of the copy is read again and ends up a duplicate or rejected again
    assert (s["read"] - s0["read"]).sum() == copied
    assert (s["accepted"] == s0["accepted"]).all()


CSVS = sorted(f for f in MANIFEST["files"] if f.endswith(".csv"))


@pytest.mark.parametrize("source", CSVS)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_re_encoded_reads_the_same(source, encoding):
    c0, rec0 = baseline()
    with Copy() as root:
        p = root / source
        p.write_bytes(p.read_bytes().decode(_encoding(source)).encode(encoding))
        c = load_campaign(root)
    assert records(c) == rec0 and c.stats.equals(c0.stats)


@pytest.mark.parametrize("source", CSVS)
def test_csv_in_an_unreadable_encoding_is_one_error_naming_the_file(source):
    with Copy() as root:
        p = root / source
        p.write_bytes(p.read_bytes().decode(_encoding(source)).encode("utf-16"))
        with pytest.raises(LedgerError) as exc:
            load_campaign(root)
    assert source in str(exc.value)
