"""Issue 12's red team: tests/data/office_b/, ledgers as another office sends them, every figure worked out by hand.

The folder (written by tests/data/make_office_b.py, whose docstring lists the habits) holds eight files:

  A  叶集区责任单位及招商小组（2021版）.xlsx   units, groups, a hidden 下拉选项 sheet (a drop-down list)
  B  投促中心汇总台账.xls                      trips, receptions, a hidden 字典 sheet — an old-format .xls
  C  三元镇项目线索台账.ods                    三元镇's leads, LibreOffice
  D  史河街道线索台账（补报）.xlsm              史河街道's leads, a macro workbook
  and 工作总结（8月）.docx, 外出招商台账（WPS表格）.et, 三元镇汇报材料.wps, 签约协议扫描件.pdf: not ledgers a reader
  can open; each must be listed as not read.

Every expectation below was worked out from the cells in make_office_b.py, before the reader ran on them. Rows are
numbered as the spreadsheet shows them. The campaign is 2021-07-01 .. 2021-09-30.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from yeji_analysis import rules
from yeji_analysis.commands.main import main as yeji_main
from yeji_analysis.labels import label
from yeji_analysis.ledgers import load_campaign

FOLDER = Path(__file__).resolve().parent / "data" / "office_b"
A = "叶集区责任单位及招商小组（2021版）.xlsx"
B = "投促中心汇总台账.xls"
C = "三元镇项目线索台账.ods"
D = "史河街道线索台账（补报）.xlsm"
NOT_LEDGERS = ["工作总结（8月）.docx", "外出招商台账（WPS表格）.et", "三元镇汇报材料.wps", "签约协议扫描件.pdf"]
KJ = "区经济和信息化局（区科技局）"       # the units ledger's spelling (full-width brackets)
HOME, CHEM, HEFEI = "家居产业招商小组", "化工新材料招商小组(园区)", "驻合肥招商中心"   # the groups ledger's spelling
T = pd.Timestamp
NaT = pd.NaT


@pytest.fixture(scope="module")
def camp():
    return load_campaign(FOLDER)


def _sha(root: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.iterdir())}


# ------------------------------------------------------------------------------------------------ files and counts

def test_every_file_is_read_or_listed_as_not_read(camp):
    # the four ledger workbooks are read (sheets recognised by their headers); the other four files are listed with
    # the reason; the two hidden drop-down sheets (A 下拉选项, B 字典) are skipped and listed
    got = {(s, sh): led for s, sh, led in camp.sheets[["source", "sheet", "ledger"]].itertuples(index=False)}
    assert got == {(A, "责任单位"): "units", (A, "招商小组"): "groups", (B, "外出招商"): "trips", (B, "接待客商"): "receptions",
                   (C, "项目线索"): "leads", (D, "线索"): "leads"}
    un = camp.unread
    files = un[un["sheet"].eq("")]
    assert sorted(files["source"]) == sorted(NOT_LEDGERS)
    assert files["reason"].str.contains("未读取（请另存为 .xlsx）", regex=False).all()
    sheets = un[un["sheet"].ne("")]
    assert sorted(zip(sheets["source"], sheets["sheet"])) == sorted([(A, "下拉选项"), (B, "字典")])
    assert sheets["reason"].str.contains("下拉").all()
    assert len(camp.files) == 8   # all eight files are named in the file table (and its fingerprint)


# per ledger (read, accepted, duplicates, rejected, skipped), by hand:
#   units   A 责任单位: data rows 3-7 = 5 read, all accepted; skipped the merged title (row 1) and the header (row 2) = 2
#   groups  A 招商小组: rows 2-4 = 3 read, accepted (化工新材料招商小组(园区) half-width here, full-width in the units
#           ledger: the same group); skipped the header = 1
#   leads   C: title (1), header (2), the label 二、8月新增 (6) skipped = 3; rows 3,4,5,7,8,9,10,11 read = 8;
#              rejected row 11 (SY-08, 报送日期 9月中旬: vague in a required date) → 7 accepted
#           D: title (1), 填报日期 line (2), header (3), 合计 (6), the merged label 补报线索 (8) skipped = 5;
#              rows 4,5,7,9,10,11,12 read = 7; rejected row 12 (SH-07, 报送单位 史和街道 unknown) → 6 accepted
#           total read 15, accepted 13, rejected 2, skipped 8
#   trips   B 外出招商: title (1), header (2), the merged label 二、8月新增 (7), 合计 (10) skipped = 4;
#           rows 3,4,5,6,8,9,11,12,13 read = 9; rejected row 11 (出发日期 2021年8月中旬) and row 13 (叶集区招商局 not a
#           unit) → 7 accepted; rows 11-13 lie below 合计 and are data
#   receptions B 接待客商: header skipped = 1; rows 2-6 read = 5; rejected row 6 (接待日期 7月底) → 4 accepted
EXPECTED_STATS = {"units": (5, 5, 0, 0, 2), "groups": (3, 3, 0, 0, 1), "leads": (15, 13, 0, 2, 8),
                  "trips": (9, 7, 0, 2, 4), "receptions": (5, 4, 0, 1, 1),
                  "consultants": (0, 0, 0, 0, 0), "events": (0, 0, 0, 0, 0), "contestants": (0, 0, 0, 0, 0)}


def test_counts_by_ledger(camp):
    for ledger, exp in EXPECTED_STATS.items():
        row = camp.stats.loc[ledger]
        got = (row["read"], row["accepted"], row["duplicates"], row["rejected"], row["skipped"])
        assert got == exp, (ledger, got, exp)
        assert row["read"] == row["accepted"] + row["duplicates"] + row["rejected"]


# every rejection: (source, sheet, row, column as written, raw value, words in the reason)
EXPECTED_REJECTIONS = [
    (B, "外出招商", 11, "出发日期", "2021年8月中旬", "日期不明确"),          # a vague required date
    (B, "外出招商", 13, "参与单位", "史河街道，叶集区招商局", "叶集区招商局"),   # one unit on the trip is not a unit
    (B, "接待客商", 6, "接待日期", "7月底", "日期不明确"),
    (C, "项目线索", 11, "报送日期", "9月中旬", "日期不明确"),
    (D, "线索", 12, "报送单位", "史和街道", "史河街道"),                     # unknown unit, the nearest named
]


def test_every_rejection(camp):
    rej = camp.rejections
    assert len(rej) == len(EXPECTED_REJECTIONS)
    for source, sheet, row, column, value, words in EXPECTED_REJECTIONS:
        hit = rej[(rej["source"] == source) & (rej["sheet"] == sheet) & (rej["row"] == row)]
        assert len(hit) == 1, (source, sheet, row)
        h = hit.iloc[0]
        assert (h["column"], h["value"]) == (column, value) and words in h["reason"], h.to_dict()


# every warning, by ledger: (source, row, column as written, words in the message)
EXPECTED_WARNINGS = {
    "trips": [(B, 6, "出发日期", "年份"),        # 7.20: no year, read as 2021-07-20
              (B, 6, "返回日期", "年份"),        # 7.21
              (B, 6, "带队", "李红梅")],         # 李红梅 heads 区商务局, not on this trip: the trip is kept, not head-led
    "receptions": [(B, 5, "接待日期", "年份")],  # 8月18日
    "leads": [(C, 3, "报送日期", "年份"),                   # SY-01 7月15日
              (C, 5, "签约日期", "不明确"),                 # SY-03 2021年8月中旬: an optional stage date, left unknown
              (C, 5, "当前阶段", "签约"),                   # SY-03 stage 签约 without its date (the date was unreadable)
              (C, 7, "计划投资额（万元）", "约"),           # SY-04 预计8000万: approximate
              (C, 8, "计划投资额（万元）", "约"),           # SY-05 3000万左右
              (C, 9, "计划投资额（万元）", "美元"),         # SY-06 1500万美元: never read as 元; amount unknown
              (C, 10, "计划投资额（万元）", "区间"),        # SY-07 5000-8000万: a range; amount unknown
              (D, 9, "计划投资额（亿元）", "约"),           # SH-04 约5000万元
              (D, 10, "意向日期", "不明确"),                # SH-05 8月中旬
              (D, 11, "甄别结果", "基本有效")],             # SH-06: unreadable screening, left unknown
}


def test_every_warning(camp):
    w = camp.warnings
    for ledger, exp in EXPECTED_WARNINGS.items():
        got = w[w["ledger"] == ledger]
        assert len(got) == len(exp), (ledger, got[["source", "row", "column", "message"]].to_string())
        for source, row, column, words in exp:
            hit = got[(got["source"] == source) & (got["row"] == row) & (got["column"] == column)]
            assert len(hit) == 1 and words in hit.iloc[0]["message"] + hit.iloc[0]["value"], (source, row, column)
    assert set(w["ledger"]) <= set(EXPECTED_WARNINGS)   # none about units, groups, or whole sheets


# ------------------------------------------------------------------------------------------------ values

def test_units_and_groups_in_their_ledgers_spelling(camp):
    u = camp.units.set_index("unit")
    assert list(u.index) == ["史河街道", KJ, "三元镇", "区商务局", "驻合肥招商中心"]
    assert list(u["group"]) == [HOME, HOME, CHEM, CHEM, HEFEI]   # the units ledger wrote （园区）: stored as the groups ledger's
    assert list(u["head"]) == ["陈建国", "王立新", "胡志强", "李红梅", "周明"]
    assert sorted(camp.groups["group"]) == sorted([HOME, CHEM, HEFEI])


# every accepted lead: (unit, reported_on, investment 万元, stage, intention_on, signed_on, screened_valid, group)
EXPECTED_LEADS = {
    # C: header 计划投资额（万元）
    "SY-01": ("三元镇", T("2021-07-15"), 12000.0, "lead", NaT, NaT, True, CHEM),    # 1.2 亿; 7月15日 in the campaign's year
    "SY-02": ("三元镇", T("2021-07-28"), 5000.0, "lead", NaT, NaT, None, CHEM),     # 五千万
    "SY-03": ("三元镇", T("2021-08-09"), 12000.0, "signed", NaT, NaT, True, CHEM),  # 一亿二千万; 签约 as written, date vague
    "SY-04": ("三元镇", T("2021-08-16"), 8000.0, "lead", NaT, NaT, False, CHEM),    # 预计8000万, approximate
    "SY-05": ("三元镇", T("2021-08-23"), 3000.0, "lead", NaT, NaT, True, CHEM),     # 3000万左右
    "SY-06": ("三元镇", T("2021-08-25"), None, "lead", NaT, NaT, True, CHEM),       # 1500万美元: amount unknown
    "SY-07": ("三元镇", T("2021-09-01"), None, "lead", NaT, NaT, None, CHEM),       # 5000-8000万: amount unknown
    # D: header 计划投资额（亿元）; a unit written in the cell wins over the header's
    "SH-01": ("史河街道", T("2021-07-12"), 12000.0, "signed", T("2021-07-20"), T("2021-08-03"), True, HOME),  # 1亿2000万; 21.7.12
    "SH-02": ("史河街道", T("2021-07-20"), 12000.0, "intention", T("2021-07-30"), NaT, True, HOME),   # 1.2亿元人民币; （周二）
    "SH-03": ("史河街道", T("2021-08-06"), 8000.0, "lead", NaT, NaT, None, HOME),    # 0.8 (亿元) below the 合计 row
    "SH-04": (KJ, T("2021-08-18"), 5000.0, "lead", NaT, NaT, False, HOME),           # 约5000万元; (区科技局) half-width
    "SH-05": ("史河街道", T("2021-08-30"), 5000.0, "signed", NaT, T("2021-09-03"), True, HOME),   # 人民币5000万元; 意向 8月中旬
    "SH-06": ("史河街道", T("2021-09-08"), 3000.0, "lead", NaT, NaT, None, HOME),    # 3000 万; 基本有效 unreadable: unknown
}


def test_every_accepted_lead(camp):
    ld = camp.leads.set_index("lead_id")
    assert sorted(ld.index) == sorted(EXPECTED_LEADS)
    cols = ["unit", "reported_on", "investment_wan", "stage", "intention_on", "signed_on", "screened_valid", "group"]
    for lid, exp in EXPECTED_LEADS.items():
        for col, e in zip(cols, exp):
            g = ld.loc[lid, col]
            if e is None or e is NaT:
                assert pd.isna(g), (lid, col, g)
            elif col == "stage":
                assert str(g) == e, (lid, col, g)
            else:
                assert g == e, (lid, col, g, e)
    assert ld.loc["SH-01", "source"] == D and ld.loc["SH-01", "row"] == 4 and ld.loc["SY-01", "row"] == 3


def test_valid_leads_per_group_and_month(camp):
    # valid = screened 有效, or (no screening readable) a leading industry; 无效 is never valid:
    #   家居: Jul SH-01, SH-02 = 2; Aug SH-03 (家居板材, blank), SH-05 = 2 (SH-04 无效); Sep SH-06 (unreadable → 家居板材) = 1
    #   化工: Jul SY-01, SY-02 (家居板材, blank) = 2; Aug SY-03, SY-05, SY-06 = 3 (SY-04 无效); Sep SY-07 (专业市场) = 1
    #   驻合肥招商中心: reported no lead
    g = rules.group_valid_leads(camp, "2021-07-01", "2021-09-30")
    got = {(r.group, r.month): r.valid_leads for r in g.itertuples()}
    assert got == {(HOME, "2021-07"): 2, (HOME, "2021-08"): 2, (HOME, "2021-09"): 1,
                   (CHEM, "2021-07"): 2, (CHEM, "2021-08"): 3, (CHEM, "2021-09"): 1,
                   (HEFEI, "2021-07"): 0, (HEFEI, "2021-08"): 0, (HEFEI, "2021-09"): 0}


# accepted trips by row: (start_on, end_on, units as stored, head_units)
EXPECTED_TRIPS = {
    3: (T("2021-07-06"), T("2021-07-08"), ["史河街道", KJ], ["史河街道"]),          # a space between; 陈建国带队
    4: (T("2021-07-13"), T("2021-07-14"), ["三元镇", "区商务局"], ["三元镇"]),      # 及; 由胡志强带队
    5: (T("2021-07-15"), NaT, [KJ, "史河街道"], [KJ]),                               # 和, 区经济和信息化局 kept whole; 王立新（局长）
    6: (T("2021-07-20"), T("2021-07-21"), ["驻合肥招商中心"], []),                  # 7.20; 李红梅 not on the trip
    8: (T("2021-08-03"), NaT, ["史河街道", "三元镇"], ["史河街道", "三元镇"]),       # 与; 是 = every unit on it
    9: (T("2021-08-10"), NaT, ["区商务局"], []),                                     # 14:30 dropped; 否
    12: (T("2021-09-02"), T("2021-09-03"), ["驻合肥招商中心", "史河街道"], ["驻合肥招商中心"]),   # below 合计; 周明
}


def test_every_accepted_trip(camp):
    t = camp.trips.set_index("row")
    assert sorted(t.index) == sorted(EXPECTED_TRIPS)
    for row, (start, end, units, heads) in EXPECTED_TRIPS.items():
        assert t.loc[row, "start_on"] == start, row
        assert (pd.isna(t.loc[row, "end_on"]) if end is NaT else t.loc[row, "end_on"] == end), row
        assert list(t.loc[row, "units"]) == units, row
        assert sorted(t.loc[row, "head_units"]) == sorted(heads), row
    assert len(camp.trip_units) == 2 + 2 + 2 + 1 + 2 + 1 + 2


def test_receptions(camp):
    r = camp.receptions.set_index("row")
    assert sorted(r.index) == [2, 3, 4, 5]
    assert [r.loc[i, "received_on"] for i in [2, 3, 4, 5]] == [T("2021-07-15"), T("2021-07-22"), T("2021-08-12"), T("2021-08-18")]
    assert [r.loc[i, "unit"] for i in [2, 3, 4, 5]] == ["史河街道", KJ, "三元镇", "区商务局"]   # row 3: “区经济和信息化局 (区科技局)”


# each unit's (trips, head-led trips, receptions) per month, from the trips and receptions above:
#   史河街道   Jul: trips rows 3, 5 = 2, head-led row 3 = 1, reception row 2 = 1; Aug: row 8 = 1, head 1, 0; Sep: row 12 = 1, 0, 0
#   区经信局   Jul: rows 3, 5 = 2, head row 5 = 1, reception row 3 = 1; Aug, Sep: nothing
#   三元镇     Jul: row 4 = 1, head 1, 0; Aug: row 8 = 1, head 1, reception row 4 = 1; Sep: nothing
#   区商务局   Jul: row 4 = 1, 0, 0; Aug: row 9 = 1, 0, reception row 5 = 1; Sep: nothing
#   驻合肥     Jul: row 6 = 1, 0 (李红梅 is not its head), 0; Aug: nothing; Sep: row 12 = 1, head 1 (周明), 0
EXPECTED_UNITS = {
    ("史河街道", "2021-07"): (2, 1, 1), ("史河街道", "2021-08"): (1, 1, 0), ("史河街道", "2021-09"): (1, 0, 0),
    (KJ, "2021-07"): (2, 1, 1), (KJ, "2021-08"): (0, 0, 0), (KJ, "2021-09"): (0, 0, 0),
    ("三元镇", "2021-07"): (1, 1, 0), ("三元镇", "2021-08"): (1, 1, 1), ("三元镇", "2021-09"): (0, 0, 0),
    ("区商务局", "2021-07"): (1, 0, 0), ("区商务局", "2021-08"): (1, 0, 1), ("区商务局", "2021-09"): (0, 0, 0),
    ("驻合肥招商中心", "2021-07"): (1, 0, 0), ("驻合肥招商中心", "2021-08"): (0, 0, 0), ("驻合肥招商中心", "2021-09"): (1, 1, 0),
}


def test_each_units_trips_and_receptions_per_month(camp):
    uc = rules.unit_compliance(camp, "2021-07-01", "2021-09-30")
    got = {(r.unit, r.month): (r.trips, r.head_trips, r.receptions) for r in uc.itertuples()}
    assert got == EXPECTED_UNITS


# ------------------------------------------------------------------------------------------------ the check command

def test_check_json(capsys):
    code = yeji_main(["check", str(FOLDER), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1                       # something was rejected
    for ledger, (read, acc, dup, rej, skipped) in EXPECTED_STATS.items():
        assert out["tables"][ledger] == {"read": read, "accepted": acc, "duplicates": dup, "rejected": rej, "skipped": skipped}
    assert sorted((r["source"], r["sheet"], r["row"]) for r in out["rejections"]) == sorted((s, sh, r) for s, sh, r, *_ in EXPECTED_REJECTIONS)
    assert sorted(u["source"] for u in out["unread"] if not u["sheet"]) == sorted(NOT_LEDGERS)
    assert out["corrections"] == []


def test_check_text_names_every_file_not_read(capsys):
    yeji_main(["check", str(FOLDER)])
    text = capsys.readouterr().out
    for name in NOT_LEDGERS + ["下拉选项", "字典"]:
        assert name in text, name
    assert "8 个文件" in text


# ------------------------------------------------------------------------------------------------ corrections

def test_corrections_workbook_written_filled_and_applied(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(FOLDER, data)
    before = _sha(data)
    book = tmp_path / "更正.xlsx"
    assert yeji_main(["check", str(data), "--corrections", str(book)]) == 1
    capsys.readouterr()
    wb = openpyxl.load_workbook(book)
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0][:7]) == ["文件", "工作表", "行", "列", "原值", "原因", "更正值"]
    body = [r for r in rows[1:] if any(v not in (None, "") for v in r)]
    # one row per rejected cell (5) and per warned cell (3 + 1 + 10 = 14)
    assert len(body) == 5 + 14
    where = {(r[0], r[1], int(r[2]), r[3]): r for r in body}
    r11 = where[(B, "外出招商", 11, "出发日期")]
    assert r11[4] == "2021年8月中旬" and "日期不明确" in r11[5] and r11[6] in (None, "")

    # fill three 更正值 and add one written for a value the cell no longer holds (原值 史和街 ≠ 史和街道)
    col = {h: i + 1 for i, h in enumerate(rows[0]) if h}
    fills = {(B, "外出招商", 11, "出发日期"): "2021-08-16", (B, "接待客商", 6, "接待日期"): "2021-07-30",
             (C, "项目线索", 10, "计划投资额（万元）"): "6000"}
    for i, r in enumerate(rows[1:], start=2):
        key = (r[0], r[1], int(r[2]) if r[2] is not None else None, r[3])
        if key in fills:
            ws.cell(i, col["更正值"], fills[key])
    n = ws.max_row + 1
    for h, v in zip(["文件", "工作表", "行", "列", "原值", "原因", "更正值"], [D, "线索", 12, "报送单位", "史和街", "未知单位", "史河街道"]):
        ws.cell(n, col[h], v)
    wb.save(data / "更正表.xlsx")       # placed in the data folder: recognised by its headers, applied on every read

    c = load_campaign(data)
    assert _sha(data) == {**before, "更正表.xlsx": hashlib.sha256((data / "更正表.xlsx").read_bytes()).hexdigest()}
    # trips: row 11 now 2021-08-16 (三元镇, 是) → accepted 8, rejected 1; receptions: row 6 now 2021-07-30 → 5, 0
    assert tuple(c.stats.loc["trips", ["read", "accepted", "rejected"]]) == (9, 8, 1)
    assert tuple(c.stats.loc["receptions", ["read", "accepted", "rejected"]]) == (5, 5, 0)
    assert tuple(c.stats.loc["leads", ["read", "accepted", "rejected"]]) == (15, 13, 2)   # the stale one is not applied
    assert c.leads.set_index("lead_id").loc["SY-07", "investment_wan"] == 6000.0
    uc = rules.unit_compliance(c, "2021-07-01", "2021-09-30").set_index(["unit", "month"])
    assert tuple(uc.loc[("三元镇", "2021-08"), ["trips", "head_trips"]]) == (2, 2)
    assert uc.loc[("驻合肥招商中心", "2021-07"), "receptions"] == 1
    corr = c.corrections
    assert len(corr) == 4 and corr["applied"].sum() == 3
    stale = corr[~corr["applied"]].iloc[0]
    assert (stale["file"], stale["row"], stale["raw"], stale["value"]) == (D, 12, "史和街", "史河街道")
    assert "更正表.xlsx" not in set(c.unread["source"]) and "更正表.xlsx" not in set(c.sheets["source"])

    assert yeji_main(["check", str(data), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert sorted((x["file"], x["row"], x["applied"]) for x in out["corrections"]) == sorted(
        [(B, 11, True), (B, 6, True), (C, 10, True), (D, 12, False)])
    assert {"file", "sheet", "row", "column", "raw", "value", "applied", "reason"} <= set(out["corrections"][0])


def test_corrections_given_with_the_flag_apply_to_a_read(tmp_path):
    book = tmp_path / "更正.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["文件", "工作表", "行", "列", "原值", "原因", "更正值"])
    ws.append([D, "线索", 12, "报送单位", "史和街道", "未知单位", "史河街道"])
    wb.save(book)
    c = load_campaign(FOLDER, corrections=book)
    # SH-07 now names 史河街道: leads accepted 14, rejected 1 (SY-08)
    assert tuple(c.stats.loc["leads", ["read", "accepted", "rejected"]]) == (15, 14, 1)
    assert c.leads.set_index("lead_id").loc["SH-07", "unit"] == "史河街道"
    assert bool(c.corrections["applied"].iloc[0])


# ------------------------------------------------------------------------------------------------ report and plan

def _one_correction(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["文件", "工作表", "行", "列", "原值", "原因", "更正值"])
    ws.append([D, "线索", 12, "报送单位", "史和街道", "未知单位", "史河街道"])
    wb.save(path)
    return path


def test_report_data_quality_and_dispatch_list_unread_files_and_applied_corrections(tmp_path):
    from yeji_analysis.present import retrospective as S
    from yeji_analysis.present.context import load_context
    from yeji_analysis.present.outputs import workbook_frames

    book = _one_correction(tmp_path / "更正.xlsx")
    ctx = load_context(str(FOLDER), "2021-07-01", "2021-09-30", corrections=str(book))
    sec = S.data_quality(ctx)
    html = sec._repr_html_()
    for name in NOT_LEDGERS + ["下拉选项", "字典"]:
        assert name in html, name
    corr = sec.frames["corrections"]
    assert len(corr) == 1 and corr.iloc[0]["status"] == "已应用" and corr.iloc[0]["corrected"] == "史河街道"
    assert "史河街道" in html and "更正" in html
    frames = workbook_frames(ctx)
    assert len(frames["sheet_corrections"]) == 1 and len(frames["sheet_unread"]) == 4 + 2
    # the dispatch workbook too: the correction's 状态 is written as it is (已应用 is no status key to label)
    from yeji_analysis.present.outputs import write_outputs
    write_outputs(ctx, tmp_path)
    ws = openpyxl.load_workbook(tmp_path / "dispatch.xlsx")[label("sheet_corrections")]
    rows = list(ws.values)
    assert rows[1][rows[0].index("状态")] == "已应用" and rows[1][rows[0].index("更正值")] == "史河街道"


def test_an_english_report_says_a_correction_was_applied_in_english(tmp_path):
    # the same one correction (SH-07's 报送单位 史和街道 -> 史河街道), applied: the English report's data quality section
    # and its workbook say "applied" where the Chinese one says 已应用 (the corrected value stays as written)
    from yeji_analysis.present import retrospective as S
    from yeji_analysis.present.context import load_context
    from yeji_analysis.present.outputs import write_outputs

    book = _one_correction(tmp_path / "更正.xlsx")
    ctx = load_context(str(FOLDER), "2021-07-01", "2021-09-30", lang="en", corrections=str(book))
    corr = S.data_quality(ctx).frames["corrections"]
    assert corr["status"].tolist() == ["applied"] and corr["corrected"].tolist() == ["史河街道"]
    write_outputs(ctx, tmp_path)
    ws = openpyxl.load_workbook(tmp_path / "dispatch.xlsx")[label("sheet_corrections", "en")]
    rows = list(ws.values)
    assert "已应用" not in [v for row in rows for v in row]
    assert [row[rows[0].index(label("status", "en"))] for row in rows[1:]] == ["applied"]


def test_report_and_plan_take_corrections_and_refuse_a_missing_one(tmp_path, capsys):
    from yeji_analysis.commands.main import build_parser

    args = build_parser().parse_args(["report", str(FOLDER), "--period", "campaign", "--corrections", "x.xlsx"])
    assert args.corrections == "x.xlsx"
    args = build_parser().parse_args(["plan", str(FOLDER), "--from", "2021-09-01", "--to", "2021-09-24",
                                      "--corrections", "x.xlsx"])
    assert args.corrections == "x.xlsx"
    missing = str(tmp_path / "none.xlsx")
    assert yeji_main(["report", str(FOLDER), "--period", "campaign", "--corrections", missing]) == 2
    assert yeji_main(["plan", str(FOLDER), "--from", "2021-09-01", "--to", "2021-09-24", "--corrections", missing]) == 2
    assert "更正表不存在" in capsys.readouterr().err
