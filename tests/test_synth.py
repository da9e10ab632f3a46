"""Tests of the seeded sample-data generator (yeji_analysis.synth): determinism, manifest, consistency."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from yeji_analysis.config import load_config
from yeji_analysis.synth import (HEADERS, WARNED_KINDS, sample_campaign, sample_truth, write_big_leads_xlsx, write_province,
                                 write_sample)

KNOWN = {h for hs in HEADERS.values() for h in hs} | {"序号"}
FW = str.maketrans("０１２３４５６７８９，．－／：", "0123456789,.-/:")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return write_sample(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def manifest(sample) -> dict:
    return json.loads((sample / "MANIFEST.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------------ independent readers (test-only)
def _norm(h) -> str:
    return re.sub(r"\s+", "", str(h or ""))


def _rows(folder: Path, fname: str, sheet: str, encoding: str | None) -> list[tuple[int, list]]:
    """(row number as the spreadsheet shows it, values) for every row of one sheet or CSV."""
    if fname.endswith(".csv"):
        text = (folder / fname).read_bytes().decode(encoding)
        return [(i, r) for i, r in enumerate(csv.reader(io.StringIO(text)), 1)]
    ws = openpyxl.load_workbook(folder / fname)[sheet]
    return [(i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), 1)]


def _header_at(rows) -> int:
    """Index into rows of the header: the first row with at least three known header names."""
    for k, (_, vals) in enumerate(rows):
        if sum(_norm(v) in {_norm(h) for h in KNOWN} for v in vals) >= 3:
            return k
    raise AssertionError("no header row")


def _classify(vals: list) -> str:
    cells = [v for v in vals if v not in (None, "")]
    if not cells:
        return "blank"
    first = cells[0]
    if isinstance(first, str) and (first.startswith("注") or "合计" in first or "小计" in first):
        return "structural"
    return "data"


def _table(folder: Path, fname: str, sheet: str, encoding: str | None):
    rows = _rows(folder, fname, sheet, encoding)
    k = _header_at(rows)
    header = [str(h) if h is not None else "" for h in rows[k][1]]
    body = rows[k + 1:]
    while body and _classify(body[-1][1]) == "blank":   # trailing emptiness is not part of the table
        body.pop()
    return header, body


def _date(v) -> dt.date | None:
    """Parse the date forms the generator writes (test-only, deliberately small)."""
    if v in (None, ""):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, (int, float)):
        return dt.date(1899, 12, 30) + dt.timedelta(int(v))
    s = str(v).translate(FW)
    m = re.fullmatch(r"(\d{4})[年./-](\d{1,2})[月./-](\d{1,2})日?", s)
    assert m, f"unexpected date form {v!r}"
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


# ------------------------------------------------------------------ determinism
def test_same_seed_gives_same_files(sample, tmp_path):
    again = write_sample(tmp_path / "again")
    names = sorted(p.name for p in sample.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    assert len(names) == 11   # ten ledgers and the manifest
    for name in names:
        if name.endswith(".xlsx"):
            a, b = openpyxl.load_workbook(sample / name), openpyxl.load_workbook(again / name)
            assert a.sheetnames == b.sheetnames
            for s in a.sheetnames:
                assert list(a[s].iter_rows(values_only=True)) == list(b[s].iter_rows(values_only=True)), (name, s)
        # CSVs and the manifest byte for byte; the workbooks too (fixed document and zip times)
        assert (sample / name).read_bytes() == (again / name).read_bytes(), name


def test_another_seed_gives_other_data(sample, tmp_path):
    other = write_sample(tmp_path / "other", seed=7)
    name = "外出招商台账_2021年9月.csv"
    assert (sample / name).read_bytes() != (other / name).read_bytes()
    assert json.loads((other / "MANIFEST.json").read_text(encoding="utf-8"))["seed"] == 7


def test_rewrite_replaces_previous_files(tmp_path):
    out = write_sample(tmp_path / "s")
    (out / "stale.txt").write_text("kept: not ours")
    before = sorted(p.name for p in out.iterdir())
    write_sample(out)
    assert sorted(p.name for p in out.iterdir()) == before


# ------------------------------------------------------------------ the manifest
def test_manifest_counts_equal_a_direct_count(sample, manifest):
    totals = {k: {"rows": 0, "structural": 0} for k in HEADERS}
    for fname, info in manifest["files"].items():
        for sheet, kind in info["ledgers"].items():
            header, body = _table(sample, fname, sheet, info.get("encoding"))
            assert {_norm(h) for h in header if h} >= {_norm(h) for h in HEADERS[kind]} or kind == "leads" and \
                "计划投资额（万元）" in {_norm(h) for h in header}, (fname, header)
            kinds = [_classify(v) for _, v in body]
            n_data = kinds.count("data")
            assert n_data == info["rows"][sheet], (fname, sheet)
            totals[kind]["rows"] += n_data
            totals[kind]["structural"] += len(kinds) - n_data
    for kind, got in totals.items():
        want = manifest["ledgers"][kind]
        assert (got["rows"], got["structural"]) == (want["rows"], want["structural"]), kind
        assert want["accepted"] == want["rows"] - want["bad"] - want["exact_duplicates"] - want["corrections"]
    planted = manifest["planted"]
    for kind in HEADERS:
        want = manifest["ledgers"][kind]
        mine = [p for p in planted if p["ledger"] == kind]
        assert want["exact_duplicates"] == sum(p["kind"] == "exact_duplicate" for p in mine)
        assert want["corrections"] == sum(p["kind"] == "correction" for p in mine)
        assert want["bad"] + want["warned"] == len(mine) - want["exact_duplicates"] - want["corrections"]
        assert want["warned"] == sum(p["kind"] in WARNED_KINDS for p in mine)
    bad = [p for p in planted if p["kind"] not in ("exact_duplicate", "correction")]
    assert 6 <= len(bad) <= 10
    # the accepted leads are exactly the ground truth's leads, plus those sent with an unreadable optional cell
    # (kept with a warning, issue 12)
    assert manifest["ledgers"]["leads"]["accepted"] == len(sample_truth()["leads"]) + manifest["ledgers"]["leads"]["warned"]


def test_planted_rows_point_at_their_cells(sample, manifest):
    cache = {}

    def cell(file, sheet, row, column):
        if (file, sheet) not in cache:
            rows = _rows(sample, file, sheet, manifest["files"][file].get("encoding"))
            k = _header_at(rows)
            cache[file, sheet] = ([str(h) if h is not None else "" for h in rows[k][1]], dict(rows))
        header, rows = cache[file, sheet]
        v = rows[row][header.index(column)]
        return "" if v is None else str(v)

    kinds = set()
    for p in manifest["planted"]:
        kinds.add(p["kind"])
        assert cell(p["file"], p["sheet"], p["row"], p["column"]) == p["value"], p
        if p["kind"] == "exact_duplicate":
            s = p["same_as"]
            col = "线索编号" if s["file"].startswith("洪集镇") else "线索\n编号"
            assert cell(s["file"], s["sheet"], s["row"], col) == p["value"]
        if p["kind"] == "correction":
            r = p["replaces"]
            for ch in p["changes"]:
                assert cell(r["file"], r["sheet"], r["row"], ch["column"]) == ch["old"]
                assert cell(p["file"], p["sheet"], p["row"], ch["column"]) == ch["new"]
    assert {"unknown_unit", "vague_date", "impossible_date", "bad_amount", "unknown_stage", "missing_unit",
            "exact_duplicate", "correction"} <= kinds
    values = {p["value"] for p in manifest["planted"]}
    assert {"史和街道", "待定", "平冈街道"} <= values


def test_contacts_listed_cover_every_lead_row(sample, manifest):
    names, phones = set(manifest["contacts"]["names"]), set(manifest["contacts"]["phones"])
    seen = 0
    for fname, info in manifest["files"].items():
        for sheet, kind in info["ledgers"].items():
            if kind != "leads":
                continue
            header, body = _table(sample, fname, sheet, info.get("encoding"))
            ci, pi = header.index("联系人"), header.index("联系电话")
            for _, v in body:
                if _classify(v) == "data":
                    assert v[ci] in names and v[pi] in phones
                    assert re.fullmatch(r"1\d{10}", v[pi])
                    seen += 1
    assert seen == manifest["ledgers"]["leads"]["rows"]


# ------------------------------------------------------------------ facts consistent
def test_stage_dates_consistent_in_every_written_lead(sample, manifest):
    end = load_config()["window"]["end"]
    bad = {(p["file"], p["row"]) for p in manifest["planted"] if p["kind"] not in ("exact_duplicate", "correction")}
    checked = 0
    for fname, info in manifest["files"].items():
        for sheet, kind in info["ledgers"].items():
            if kind != "leads":
                continue
            header, body = _table(sample, fname, sheet, info.get("encoding"))
            idx = {_norm(h): i for i, h in enumerate(header)}
            for row, v in body:
                if _classify(v) != "data" or (fname, row) in bad:
                    continue
                dates = [_date(v[idx[c]]) for c in ("报送日期", "意向日期", "签约日期", "开工日期")]
                present = [d for d in dates if d]
                assert present == sorted(present), (fname, row, dates)
                assert all(d <= end for d in present)
                # a later stage date never exists without the earlier ones
                assert all(dates[i] for i in range(len(dates)) if any(dates[i:])), (fname, row, dates)
                checked += 1
    # every data row but the planted ones (rejected, and warned: their cell was spoilt on purpose)
    leads = manifest["ledgers"]["leads"]
    assert checked == leads["rows"] - leads["bad"] - leads["warned"]


def test_truth_reaches_the_planned_targets_and_misses():
    cfg = load_config()
    camp = sample_campaign()
    facts = sample_truth()["meta"]["facts"]
    ld = camp.leads
    w0, w1 = (pd_ts(cfg["window"][k]) for k in ("start", "end"))
    signed = ld[(ld.signed_on >= w0) & (ld.signed_on <= w1) & (ld.investment_wan >= cfg["district"]["signed_min_wan"])]
    started = ld[(ld.started_on >= w0) & (ld.started_on <= w1)]
    # signings reach the target exactly (9); starts miss it narrowly (6 - 1 = 5)
    assert len(signed) == cfg["district"]["signed_100m"] == len(facts["signed_100m_in_window"])
    assert len(started) == cfg["district"]["started"] - 1
    assert 145 <= len(ld) <= 155 and ld.lead_id.is_unique
    assert set(ld.stage) >= {"lead", "intention", "signed", "started", "producing"}
    tu = camp.trip_units.assign(month=camp.trip_units.start_on.dt.month)
    assert 300 <= len(camp.trips) <= 400 and 130 <= len(camp.receptions) <= 170
    assert ((tu.unit == "区财政局") & (tu.month == 8)).sum() == 1
    # that is the only unit-month under 2 trips (22 units x 3 months = 66 unit-months)
    per = tu.groupby(["unit", "month"]).size().reindex(
        [(u, m) for u in camp.units.unit for m in (7, 8, 9)], fill_value=0)
    assert list(per[per < 2].index) == [("区财政局", 8)]
    # every group reports a valid lead every month, except 新兴产业招商组 in August
    valid = ld[ld.screened_valid.fillna(ld.leading).astype(bool)]
    months = valid.assign(month=valid.reported_on.dt.month).groupby(["group", "month"]).size()
    missing = [(g, m) for g in camp.groups.group for m in (7, 8, 9) if months.get((g, m), 0) == 0]
    assert missing == [("新兴产业招商组", 8)]
    assert not tu[(tu.unit == "区自然资源局")].head_led.any()
    led = tu[tu.head_led].groupby(["unit", "month"]).size()
    no_head = sorted((u, m) for u in camp.units.unit for m in (7, 8, 9) if led.get((u, m), 0) == 0)
    assert no_head == [("区农业农村局", 7), ("区自然资源局", 7), ("区自然资源局", 8), ("区自然资源局", 9)]
    rc = camp.receptions
    assert not ((rc.unit == "孙岗乡") & (rc.received_on.dt.month == 9)).any()
    assert camp.contestants.groupby("group").size().min() == 1
    assert (camp.contestants.groupby("group").size() >= 2).sum() == len(camp.groups) - 1
    roadshow_regions = set(camp.events.loc[camp.events.event_type == "roadshow", "region"])
    assert set(cfg["district"]["roadshow_regions"]) - roadshow_regions == {"常州"}
    assert (camp.events.event_type == "signing_ceremony").sum() == 2
    assert camp.groups.is_outpost.sum() == 2 and len(camp.groups) == 7
    # 撞单: three investors reported twice by different groups
    cols = sample_truth()["meta"]["collisions"]
    assert len(cols) == 3
    by_id = ld.set_index("lead_id")
    for a, b in cols:
        assert by_id.loc[a, "group"] != by_id.loc[b, "group"] and by_id.loc[a, "investor"] != by_id.loc[b, "investor"]


def pd_ts(d):
    import pandas as pd
    return pd.Timestamp(d)


# ------------------------------------------------------------------ benchmark sets
@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_province_tiny(tmp_path, fmt):
    import pandas as pd
    out = write_province(tmp_path / "p", districts=2, fmt=fmt)
    man = json.loads((out / "MANIFEST.json").read_text(encoding="utf-8"))
    files = {"责任单位": "units", "招商小组": "groups", "招商顾问": "consultants", "项目线索台账": "leads",
             "外出招商台账": "trips", "接待客商台账": "receptions", "活动": "events", "演讲比赛": "contestants"}
    # one folder per district, each with one file per ledger
    assert sorted(p.name for p in out.iterdir()) == ["D001", "D002", "MANIFEST.json"]
    assert man["folders"] == ["D001", "D002"]
    leads_names = {}
    for code in ("D001", "D002"):
        assert sorted(p.name for p in (out / code).iterdir()) == sorted(f"{n}.{fmt}" for n in files)
        frames = {}
        for name, kind in files.items():
            path = out / code / f"{name}.{fmt}"
            df = pd.read_csv(path, dtype=str, keep_default_na=False) if fmt == "csv" else pd.read_parquet(path)
            assert list(df.columns) == HEADERS[kind], name
            assert len(df) == man["rows_by_district"][code][path.name]
            frames[kind] = df
        # a district's own names: the sample's 22 units, no district prefix
        units = frames["units"]["单位名称"]
        assert len(units) == 22 and units.is_unique and not units.str.contains("D00").any()
        assert len(frames["leads"]) == 1000 and frames["leads"]["线索编号"].is_unique
        assert set(frames["leads"]["报送单位"]) <= set(units)
        trip_units = frames["trips"]["参与单位"].str.split("、").explode()
        assert set(trip_units) <= set(units)
        assert len(trip_units) == man["rows_by_district"][code]["trip_unit_rows"]
        # about 1.25 trip-unit rows a trip: 8,000 trips -> about 10,000
        assert 9500 < len(trip_units) < 10500
        # a reception names a lead of its own district, or none
        linked = frames["receptions"]["线索编号"]
        assert set(linked[linked != ""]) <= set(frames["leads"]["线索编号"])
        leads_names[code] = frames["leads"]
    # the totals are the districts' sums
    for name in files:
        assert man["rows"][f"{name}.{fmt}"] == sum(man["rows_by_district"][c][f"{name}.{fmt}"] for c in ("D001", "D002"))
    assert man["trip_unit_rows"] == sum(man["rows_by_district"][c]["trip_unit_rows"] for c in ("D001", "D002"))
    # the two districts are different draws, not copies
    assert not leads_names["D001"]["投资方"].equals(leads_names["D002"]["投资方"])


def test_big_leads_xlsx_small(tmp_path):
    a = write_big_leads_xlsx(tmp_path / "a.xlsx", rows=120, seed=3)
    b = write_big_leads_xlsx(tmp_path / "b.xlsx", rows=120, seed=3)
    assert a.read_bytes() == b.read_bytes()
    header, body = _table(tmp_path, "a.xlsx", "项目线索台账", None)
    assert [_norm(h) for h in header] == ["序号"] + HEADERS["leads"]
    assert [_classify(v) for _, v in body].count("data") == 120
