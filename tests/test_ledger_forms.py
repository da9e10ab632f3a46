"""Issue 12, one form at a time: the dates, amounts, unit lists, leader cells and structural rows offices write, each
with the value worked out by hand; and the reader's promises around them (no file unmentioned, optional cells never
sink a row, check --json never crashes)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from yeji_analysis.commands.main import main as yeji_main
from yeji_analysis.ledgers import CellError, LEDGERS, ledger_docs, load_campaign, parse_date
from yeji_analysis.ledgers.cells import NameIndex, parse_amount

D = pd.Timestamp


# ------------------------------------------------------------------------------------------------ dates

@pytest.mark.parametrize("raw, expected, warned", [
    ("21.7.15", D("2021-07-15"), False), ("21/7/15", D("2021-07-15"), False), ("21-7-15", D("2021-07-15"), False),
    ("7.15", D("2021-07-15"), True), ("7/15", D("2021-07-15"), True), ("7月15日", D("2021-07-15"), True),   # the campaign's year
    ("2021年7月15日（周四）", D("2021-07-15"), False),            # 2021-07-15 was a Thursday
    ("2021-07-15 星期四", D("2021-07-15"), False), ("2021/7/15 14:30", D("2021-07-15"), False),
    ("2021.7.15(星期四)", D("2021-07-15"), False),
    ("二〇二一年七月十五日", D("2021-07-15"), False), ("二零二一年七月十五号", D("2021-07-15"), False),
    ("七月十五日", D("2021-07-15"), True),
    (7.15, D("2021-07-15"), True),                                 # 7.15 typed into a number cell
    ("2021年7月15日（周五）", D("2021-07-15"), True),              # the weekday does not fit: read by the date, warned
])
def test_date_forms(raw, expected, warned):
    d, warning = parse_date(raw, year=2021)
    assert d == expected
    assert bool(warning) is warned, warning


@pytest.mark.parametrize("raw, words", [("7月中旬", "不明确"), ("7月底", "不明确"), ("上旬", "不明确"),
                                        (7.1, "不明确"),      # 7.1 could be 7月1日 or 7月10日
                                        ("2021年7月", "无法识别"), ("2021-02-29", "不存在")])
def test_vague_or_impossible_dates_raise(raw, words):
    with pytest.raises(CellError, match=words):
        parse_date(raw, year=2021)


# ------------------------------------------------------------------------------------------------ amounts

@pytest.mark.parametrize("raw, unit, wan, approx", [
    ("1亿2000万", None, 10000 + 2000, False), ("1.2亿元人民币", None, 12000.0, False), ("人民币5000万元", None, 5000.0, False),
    ("1.2 亿", None, 12000.0, False), ("五千万", None, 5000.0, False), ("一亿二千万", None, 12000.0, False),
    ("两千万", None, 2000.0, False), ("五千", "万元", 5000.0, False),           # no unit in the cell: the header's
    ("1亿2000万", "亿元", 12000.0, False),                                     # the cell's own units win
    ("约5000万元", None, 5000.0, True), ("预计8000万", None, 8000.0, True), ("3000万左右", None, 3000.0, True),
    ("5000多万", None, 5000.0, True),
])
def test_amount_forms(raw, unit, wan, approx):
    got, warning = parse_amount(raw, unit)
    assert got == wan
    assert bool(warning) is approx and (not approx or "约数" in warning)


@pytest.mark.parametrize("raw, words", [("5000-8000万", "区间"), ("5000~8000万元", "区间"), ("1-2亿", "区间"),
                                        ("1500万美元", "美元"), ("港币3000万", "港币"), ("200万欧元", "欧元"),
                                        ("-3000", "负数"), ("见附件", "无法识别")])
def test_amounts_that_raise_name_the_reason(raw, words):
    with pytest.raises(CellError, match=words):
        parse_amount(raw, None)


# ------------------------------------------------------------------------------------------------ unit lists

UNITS = ["史河街道", "区经济和信息化局（区科技局）", "三元镇", "区商务局"]


@pytest.mark.parametrize("cell, units, unknown", [
    ("史河街道、三元镇", ["史河街道", "三元镇"], []),
    ("史河街道 三元镇", ["史河街道", "三元镇"], []),                       # a space
    ("史河街道及区商务局", ["史河街道", "区商务局"], []),
    ("三元镇与区商务局", ["三元镇", "区商务局"], []),
    ("区经济和信息化局（区科技局）和史河街道", ["区经济和信息化局（区科技局）", "史河街道"], []),   # 和 inside a name, kept whole
    ("区经济和信息化局(区科技局)", ["区经济和信息化局（区科技局）"], []),   # half-width brackets: the units ledger's spelling
    ("区经济和信息化局 （区科技局）；三元镇/史河街道", ["区经济和信息化局（区科技局）", "三元镇", "史河街道"], []),
    ("史河街道，史河街道", ["史河街道"], []),                              # once
    ("史和街道", [], ["史和街道"]),                                       # unknown, whole (not split on 和)
    ("史河街道和叶集区招商局", ["史河街道"], ["叶集区招商局"]),
])
def test_unit_lists(cell, units, unknown):
    assert NameIndex(UNITS).split(cell) == (units, unknown)


# ------------------------------------------------------------------------------------------------ whole folders

def _book(path: Path, sheets: list[tuple]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows, *rest in sheets:
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        for m in (rest[0] if rest else []):
            ws.merge_cells(m)
        if len(rest) > 1 and rest[1]:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def _folder(root: Path, trips=None, leads=None, extra=()) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    _book(root / "基础.xlsx", [("责任单位", [["单位名称", "所属招商小组", "主要负责人"],
                                           ["史河街道", "家居组（一）", "陈建国"], ["区经济和信息化局（区科技局）", "家居组（一）", "王立新"],
                                           ["三元镇", "家居组（一）", "胡志强"]]),
                              ("招商小组", [["小组名称", "牵头单位"], ["家居组(一)", "史河街道"]])])
    _book(root / "台账.xlsx", [
        ("项目线索", leads or [["线索编号", "投资方", "报送单位", "报送日期"], ["L1", "甲公司", "史河街道", "2021-07-02"]]),
        ("外出招商", trips or [["出发日期", "参与单位", "目的地"], ["2021-07-05", "史河街道", "临沂"]]),
        ("接待客商", [["接待日期", "接待单位"], ["2021-07-09", "三元镇"]]), *extra])
    return root


def test_group_names_match_whatever_the_bracket_width(tmp_path):
    c = load_campaign(_folder(tmp_path / "d"))
    # the units ledger writes 家居组（一）, the groups ledger 家居组(一): one group, in the groups ledger's spelling
    assert set(c.units["group"]) == {"家居组(一)"} and list(c.groups["group"]) == ["家居组(一)"]


@pytest.mark.parametrize("cell, heads", [
    ("陈建国带队", ["史河街道"]), ("由陈建国带队", ["史河街道"]), ("陈建国（局长）", ["史河街道"]),
    ("王立新、陈建国", ["史河街道", "区经济和信息化局（区科技局）"]), ("是", ["史河街道", "区经济和信息化局（区科技局）"]),
    ("否", []), ("区经济和信息化局(区科技局)", ["区经济和信息化局（区科技局）"]),
])
def test_leader_cells(tmp_path, cell, heads):
    trips = [["出发日期", "参与单位", "目的地", "带队"], ["2021-07-05", "史河街道、区经济和信息化局（区科技局）", "临沂", cell]]
    c = load_campaign(_folder(tmp_path / "d", trips=trips))
    assert c.rejections.empty
    assert sorted(c.trips.iloc[0]["head_units"]) == sorted(heads)


def test_a_head_not_on_the_trip_keeps_the_trip(tmp_path):
    trips = [["出发日期", "参与单位", "目的地", "带队"], ["2021-07-05", "史河街道", "临沂", "胡志强带队"]]
    c = load_campaign(_folder(tmp_path / "d", trips=trips))
    # 胡志强 heads 三元镇, not on this trip: the trip counts for 史河街道 (1 trip, 0 head-led), with a warning
    assert c.rejections.empty and len(c.trip_units) == 1 and not c.trip_units.iloc[0]["head_led"]
    w = c.warnings.iloc[0]
    assert (w["source"], w["sheet"], w["row"], w["column"]) == ("台账.xlsx", "外出招商", 2, "带队")
    assert "胡志强是三元镇的主要负责人" in w["message"]


def test_merged_labels_are_structural_and_rows_below_a_total_are_data(tmp_path):
    leads = [["线索编号", "投资方", "报送单位", "报送日期"],
             ["L1", "甲公司", "史河街道", "2021-07-02"],
             ["合计", None, None, None],
             ["补报线索", None, None, None],            # merged A4:D4 below
             ["L2", "乙公司", "三元镇", "2021-08-02"],
             ["二、8月新增", None, None, None],          # not merged, alone in the row and worded as a label
             ["L3", "丙公司", "史河街道", "2021-08-05"]]
    c = load_campaign(_folder_merged(tmp_path / "d", leads))
    # 3 data rows read and accepted; skipped: the header, 合计, and the two labels = 4
    assert tuple(c.stats.loc["leads", ["read", "accepted", "rejected", "skipped"]]) == (3, 3, 0, 4)
    assert sorted(c.leads["lead_id"]) == ["L1", "L2", "L3"]


def _folder_merged(root: Path, leads: list[list]) -> Path:
    _folder(root)
    _book(root / "台账.xlsx", [("项目线索", leads, ["A4:D4"]),
                              ("外出招商", [["出发日期", "参与单位", "目的地"], ["2021-07-05", "史河街道", "临沂"]]),
                              ("接待客商", [["接待日期", "接待单位"], ["2021-07-09", "三元镇"]])])
    return root


def test_no_file_unmentioned_and_json_never_crashes(tmp_path, capsys):
    root = _folder(tmp_path / "d", extra=[("项目线索（旧）", [["线索编号", "投资方", "报送单位", "报送日期"],
                                                          ["L9", "丁公司", "史河街道", "2021-07-03"]], [], True),
                                          ("下拉", [["史河街道"], ["三元镇"]], [], True)])
    (root / "说明.docx").write_bytes(b"PK placeholder")
    (root / "~$台账.xlsx").write_bytes(b"lock")
    c = load_campaign(root)
    un = {(r.source, r.sheet): r.reason for r in c.unread.itertuples()}
    assert un[("说明.docx", "")] == "未读取（请另存为 .xlsx）" and "临时文件" in un[("~$台账.xlsx", "")]
    assert "下拉" in un[("台账.xlsx", "下拉")] and "隐藏" in un[("台账.xlsx", "项目线索（旧）")]
    assert list(c.leads["lead_id"]) == ["L1"]                     # the hidden old copy is not read
    # the hidden ledger-like sheet's warning has no row: --json gives "row": null, and the exit code stays 0
    assert yeji_main(["check", str(root), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    hidden = [w for w in out["warnings"] if w["sheet"] == "项目线索（旧）"]
    assert len(hidden) == 1 and hidden[0]["row"] is None
    assert {(u["source"], u["sheet"]) for u in out["unread"]} == set(un)


def test_required_and_optional_cells_are_in_the_spec_and_the_docs():
    # who, when and the ledger's key place a record; the rest are optional (issue 12, item 7)
    req = {name: [c.name for c in spec.columns if c.nonblank] for name, spec in LEDGERS.items()}
    assert req["leads"] == ["lead_id", "investor", "unit", "reported_on"]
    assert req["trips"] == ["start_on", "units", "destination"] and req["receptions"] == ["received_on", "unit"]
    docs = ledger_docs()
    assert "required to place a record" in docs and "optional" in docs


@pytest.mark.parametrize("raw, wan", [("1.2亿（人民币）", 12000.0), ("人民币1.2亿元", 12000.0), ("RMB 5000万", 5000.0),
                                      ("1亿2千万", 12000.0), ("壹亿贰仟万元", 12000.0), ("计划投资5000万", 5000.0)])
def test_more_amount_words(raw, wan):
    assert parse_amount(raw, None) == (wan, None)


def test_a_workbook_that_cannot_be_opened_is_listed_not_fatal(tmp_path):
    root = _folder(tmp_path / "d")
    (root / "外出招商（网页导出）.xls").write_bytes(b"<html><table><tr><td>not really xls</td></tr></table></html>")
    c = load_campaign(root)
    un = c.unread.set_index("source")["reason"]
    assert "无法打开工作簿" in un["外出招商（网页导出）.xls"] and "另存为 .xlsx" in un["外出招商（网页导出）.xls"]
    assert len(c.leads) == 1


def test_a_missing_ledger_error_names_the_files_not_read(tmp_path):
    root = tmp_path / "d"
    _folder(root)
    _book(root / "台账.xlsx", [("项目线索", [["线索编号", "投资方", "报送单位", "报送日期"], ["L1", "甲公司", "史河街道", "2021-07-02"]]),
                              ("接待客商", [["接待日期", "接待单位"], ["2021-07-09", "三元镇"]])])
    (root / "外出招商台账.wps").write_bytes(b"wps")
    with pytest.raises(Exception, match="外出招商台账.wps：未读取（请另存为 .xlsx）"):
        load_campaign(root)
