"""Reading messy ledgers: one small fixture per messy feature, with its expected parsed values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from yeji_analysis.ledgers import (LedgerError, check_folder, load_campaign, parse_amount_wan, parse_date, parse_stage,
                                   normalize_header, split_names, ledger_docs)
from yeji_analysis.ledgers import CellError
from yeji_analysis import rules


def write_xlsx(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


UNITS = [["单位名称", "单位类型", "所属招商小组", "主要负责人"],
         ["史河街道", "街道", "家居组", "张三"],
         ["平岗街道", "街道", "家居组", "李四"],
         ["区商务局", "区政府部门", "化工组", "王五"]]
GROUPS = [["小组名称", "牵头领导", "牵头单位", "主攻产业", "主攻区域"],
          ["家居组", "赵副区长", "史河街道", "家居板材、专业市场", "临沂、佛山"],
          ["化工组", "钱副区长", "区商务局", "化工新材料", "常州"]]
TRIPS = [["出发\n日期", "返回日期", "参与单位", "目的地", "主要负责人带队", "拜访企业", "成果"],
         ["2021-07-05", "2021-07-07", "史河街道", "临沂市", "是", "甲木业", ""]]
RECEPTIONS = [["接待日期", "接待单位", "来访企业", "来源地", "线索编号", "备注"],
              ["2021/7/9", "平岗街道", "乙家居", "佛山", "", ""]]
LEADS = [["线索编号", "项目名称", "投资方", "来源地", "产业类别", "计划投资额", "报送单位", "报送日期", "当前阶段",
          "意向日期", "签约日期", "开工日期", "甄别结果", "引荐顾问", "联系人", "联系电话", "备注"],
         ["L1", "板材项目", "甲木业有限公司", "临沂", "板材", "1.2亿元", "史河街道", "2021-07-02", "签约",
          "2021-07-10", "2021-07-20", None, "有效", "", "王经理", "13800000001", ""]]


def base_folder(tmp_path: Path, **override) -> Path:
    """A minimal complete set of ledgers; ``override`` replaces a ledger's rows."""
    sheets = {"责任单位": UNITS, "招商小组": GROUPS, "外出招商台账": TRIPS, "接待客商台账": RECEPTIONS, "项目线索台账": LEADS}
    sheets.update(override)
    write_xlsx(tmp_path / "ledgers.xlsx", sheets)
    return tmp_path


def test_minimal_folder_reads(tmp_path):
    c = load_campaign(base_folder(tmp_path))
    assert list(c.units["unit"]) == ["史河街道", "平岗街道", "区商务局"]
    lead = c.leads.iloc[0]
    assert lead["investment_wan"] == 12000.0 and lead["stage"] == "signed" and bool(lead["screened_valid"])
    assert lead["region"] == "临沂" and lead["group"] == "家居组" and lead["sector"] == "家居板材"
    trip = c.trips.iloc[0]
    assert trip["units"] == ["史河街道"] and trip["head_led"] and trip["start_on"] == pd.Timestamp("2021-07-05")
    assert trip["region"] == "临沂"
    assert c.receptions.iloc[0]["received_on"] == pd.Timestamp("2021-07-09")
    assert c.rejections.empty
    # the header row of each sheet is the only structural row
    assert c.stats.loc["leads", "read"] == 1 and c.stats.loc["leads", "skipped"] == 1


def test_title_rows_unit_line_seq_column_totals_footnotes_blank(tmp_path):
    leads = [["叶集区项目线索台账", None, None, None, None, None, None, None],
             ["单位：亿元", None, None, None, None, None, None, None],
             ["序号", "线索编号", "投资方", "来源地", "产业类别", "计 划 投 资 额", "报送单位", "报送日期"],
             [1, "L1", "甲公司", "南浔", "家具", 1.5, "史河街道", "2021年7月3日"],
             [None, None, None, None, None, None, None, None],
             [2, "L2", "乙公司", "常州市", "涂料", "3000万元", "区商务局", "2021.7.4"],
             ["合计", None, None, None, None, 1.8, None, None],
             ["注：计划投资额单位为亿元。", None, None, None, None, None, None, None]]
    c = load_campaign(base_folder(tmp_path, 项目线索台账=leads))
    got = c.leads.set_index("lead_id")["investment_wan"].to_dict()
    # 1.5 with the sheet's unit line 亿元 -> 15000 万元; "3000万元" carries its own unit -> 3000
    assert got == {"L1": 15000.0, "L2": 3000.0}
    st = c.stats.loc["leads"]
    # title, unit line, header, blank, 合计, 注 = 6 structural rows; 2 data rows
    assert (st["read"], st["accepted"], st["rejected"], st["skipped"]) == (2, 2, 0, 6)
    assert c.leads.set_index("lead_id").loc["L2", "reported_on"] == pd.Timestamp("2021-07-04")


def test_merged_unit_cell_belongs_to_every_row(tmp_path):
    leads = [["线索编号", "投资方", "报送单位", "报送日期", "计划投资额（万元）"],
             ["L1", "甲公司", "平岗街道", "2021-07-01", 100],
             ["L2", "乙公司", None, "2021-07-02", "8000万"],
             ["L3", "丙公司", None, "2021-07-03", "1.5亿"]]
    folder = tmp_path
    write_xlsx(folder / "a.xlsx", {"责任单位": UNITS, "招商小组": GROUPS, "外出招商台账": TRIPS, "接待客商台账": RECEPTIONS,
                                   "项目线索台账": leads}, merges={"项目线索台账": ["C2:C4"]})
    c = load_campaign(folder)
    assert c.leads["unit"].tolist() == ["平岗街道"] * 3
    assert c.leads["investment_wan"].tolist() == [100.0, 8000.0, 15000.0]


def test_full_width_digits_dates_serials_real_dates(tmp_path):
    trips = [["出发日期", "参与单位", "目的地", "主要负责人带队"],
             ["２０２１年７月１５日", "史河街道、平岗街道", "山东临沂", "√"],
             [44392, "区商务局", "常州", "×"],                          # Excel serial 44392 = 2021-07-15
             [dt.datetime(2021, 8, 2), "平岗街道；区商务局", "佛山市", "N"],
             ["2021/9/30", "史河街道", "浙江湖州南浔区", "Y"]]
    c = load_campaign(base_folder(tmp_path, 外出招商台账=trips))
    t = c.trips.sort_values("start_on")
    assert t["start_on"].dt.strftime("%Y-%m-%d").tolist() == ["2021-07-15", "2021-07-15", "2021-08-02", "2021-09-30"]
    assert t["region"].tolist() == ["临沂", "常州", "佛山", "南浔"]
    assert t["head_led"].tolist() == [True, False, False, True]
    # the joint trips explode into one trip_units row per unit: 2 + 1 + 2 + 1 = 6
    assert len(c.trip_units) == 6


def test_head_led_naming_units(tmp_path):
    trips = [["出发日期", "参与单位", "目的地", "主要负责人带队"],
             ["2021-07-15", "史河街道、平岗街道", "临沂", "平岗街道"],     # only 平岗's head led
             ["2021-07-16", "史河街道、区商务局", "常州", "王五"],          # 王五 heads 区商务局
             ["2021-07-17", "史河街道", "常州", "李四"],                    # 李四 heads 平岗, not on this trip
             ["2021-07-18", "史河街道、区商务局", "佛山", "由张三带队"],     # decorated: 张三 heads 史河街道
             ["2021-07-19", "平岗街道", "佛山", "李四（主任）"]]             # 李四 heads 平岗街道
    c = load_campaign(base_folder(tmp_path, 外出招商台账=trips))
    tu = c.trip_units.set_index(["trip_id", "unit"])["head_led"]
    assert tu[("T0001", "平岗街道")] and not tu[("T0001", "史河街道")]
    assert tu[("T0002", "区商务局")] and not tu[("T0002", "史河街道")]
    # issue 12: a head-led cell naming someone not on the trip no longer sinks the trip: kept, not head-led, warned
    assert c.rejections.empty and len(c.trips) == 5
    assert not tu[("T0003", "史河街道")]
    w = c.warnings[c.warnings["row"] == 4]
    assert len(w) == 1 and "李四是平岗街道的主要负责人" in w.iloc[0]["message"]
    assert tu[("T0004", "史河街道")] and not tu[("T0004", "区商务局")]
    assert tu[("T0005", "平岗街道")]


def test_bad_cells_are_rejected_with_where_and_why(tmp_path):
    leads = [["线索编号", "投资方", "报送单位", "报送日期", "计划投资额", "当前阶段"],
             ["L1", "甲公司", "史和街道", "2021-07-01", 100, "线索"],       # unknown unit (typo)
             ["L2", "乙公司", "史河街道", "7月中旬", 100, "线索"],          # vague date
             ["L3", "丙公司", "史河街道", "2021-02-30", 100, "线索"],       # impossible date
             ["L4", "丁公司", "史河街道", "2021-07-01", "待定", "线索"],    # text amount (optional: warned)
             ["L5", "戊公司", "史河街道", "2021-07-01", 100, "谈着呢"],     # unknown stage (optional: warned)
             ["L6", "己公司", "史河街道", "2021-07-01", 100, "意向"]]       # fine
    c = load_campaign(base_folder(tmp_path, 项目线索台账=leads))
    rej = c.rejections.set_index("row")
    # required cells (who, when) reject their row: rows 2-4; optional cells never do (issue 12): rows 5, 6 kept
    assert sorted(rej.index) == [2, 3, 4]
    assert "史河街道" in rej.loc[2, "reason"] and rej.loc[2, "column"] == "报送单位" and rej.loc[2, "value"] == "史和街道"
    assert "不明确" in rej.loc[3, "reason"] and rej.loc[3, "column"] == "报送日期"
    assert "不存在" in rej.loc[4, "reason"]
    assert set(rej["source"]) == {"ledgers.xlsx"} and set(rej["sheet"]) == {"项目线索台账"}
    w = c.warnings.set_index("row")
    assert w.loc[5, "column"] == "计划投资额" and w.loc[5, "value"] == "待定" and "金额无法识别" in w.loc[5, "message"]
    assert w.loc[6, "column"] == "当前阶段" and "无法识别的阶段" in w.loc[6, "message"]
    st = c.stats.loc["leads"]
    assert st["read"] == st["accepted"] + st["duplicates"] + st["rejected"] == 6
    ld = c.leads.set_index("lead_id")
    assert ld.index.tolist() == ["L4", "L5", "L6"]
    assert pd.isna(ld.loc["L4", "investment_wan"]) and ld.loc["L5", "investment_wan"] == 100.0
    assert str(ld.loc["L5", "stage"]) == "lead"   # unknown stage: the latest stage with a date (none: 线索)


def test_duplicates_and_corrected_resubmission(tmp_path):
    base_folder(tmp_path)   # office ledger: L1 at 1.2亿元, no submission date
    again = [["填报日期：2021年8月15日"], LEADS[0],
             LEADS[1],                                                            # identical copy
             ["L9", "", "新公司", "临沂", "板材", "2000", "史河街道", "2021-08-01"]]
    corrected = [LEADS[0], ["L1"] + LEADS[1][1:5] + ["1.3亿元"] + LEADS[1][6:]]
    write_xlsx(tmp_path / "史河街道_项目线索_20210815.xlsx", {"项目线索台账": again})
    write_xlsx(tmp_path / "史河街道_项目线索_20210901.xlsx", {"项目线索台账": corrected})
    c = load_campaign(tmp_path)
    st = c.stats.loc["leads"]
    # rows read: 1 (office) + 2 (0815) + 1 (0901) = 4; kept L1 and L9; the 0815 copy of L1 is a duplicate,
    # and the office's L1 is superseded by the 0901 correction: 2 duplicates
    assert (st["read"], st["accepted"], st["duplicates"], st["rejected"]) == (4, 2, 2, 0)
    l1 = c.leads.set_index("lead_id").loc["L1"]
    assert l1["investment_wan"] == 13000.0 and l1["source"] == "史河街道_项目线索_20210901.xlsx"
    msgs = c.warnings[c.warnings["message"].str.startswith("更正")]["message"].tolist()
    # the change as the two ledgers write it (1.2亿元 -> 1.3亿元), for the unit to find in its own book
    assert len(msgs) == 1 and "由“1.2亿元”改为“1.3亿元”" in msgs[0]


def test_csv_encodings(tmp_path):
    base_folder(tmp_path, 接待客商台账=[RECEPTIONS[0]])
    text = "接待日期,接待单位,来访企业,来源地\n2021-07-09,平岗街道,乙家居,佛山\n2021-07-10,史河街道,丙家居,临沂市\n"
    (tmp_path / "接待_gbk.csv").write_bytes(text.encode("gb18030"))
    (tmp_path / "接待_bom.csv").write_bytes(text.replace("乙家居", "丁家居").replace("丙家居", "戊家居").encode("utf-8-sig"))
    c = load_campaign(tmp_path)
    assert sorted(c.receptions["company"]) == ["丁家居", "丙家居", "乙家居", "戊家居"]
    r = c.receptions.set_index("company")
    # CSV rows: the header is line 1, so the first record is line 2
    assert r.loc["乙家居", "row"] == 2 and r.loc["乙家居", "source"] == "接待_gbk.csv" and r.loc["乙家居", "sheet"] == ""


def test_sheet_recognised_by_header_when_named_sheet1(tmp_path):
    write_xlsx(tmp_path / "a.xlsx", {"责任单位": UNITS, "招商小组": GROUPS, "外出招商台账": TRIPS, "接待客商台账": RECEPTIONS})
    write_xlsx(tmp_path / "b.xlsx", {"Sheet1": LEADS})
    c = load_campaign(tmp_path)
    assert c.leads["lead_id"].tolist() == ["L1"]


def test_missing_ledger_and_missing_column_are_one_clear_error(tmp_path):
    write_xlsx(tmp_path / "a.xlsx", {"责任单位": UNITS, "招商小组": GROUPS, "接待客商台账": RECEPTIONS, "项目线索台账": LEADS})
    with pytest.raises(LedgerError, match="外出招商台账"):
        load_campaign(tmp_path)
    other = tmp_path / "b"
    other.mkdir()
    no_date = [["参与单位", "目的地", "拜访企业"], ["史河街道", "临沂", "甲"]]
    base_folder(other, 外出招商台账=no_date)
    with pytest.raises(LedgerError, match="缺少必需列“出发日期”") as exc:
        load_campaign(other)
    assert "ledgers.xlsx" in str(exc.value) and "外出招商台账" in str(exc.value)


def test_check_folder_refuses_what_load_campaign_refuses_without_reading_rows(tmp_path):
    # The commands' check before a kernel starts: the same LedgerError (the same words) as load_campaign for a
    # missing folder, a folder without ledger files, a missing ledger and a missing required column; nothing for a
    # readable folder, even one whose rows are all rejected (rows are the notebook's to read and report).
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "说明.txt").write_text("不是台账", encoding="utf-8")
    no_trips = tmp_path / "no_trips"
    no_trips.mkdir()
    write_xlsx(no_trips / "a.xlsx", {"责任单位": UNITS, "招商小组": GROUPS, "接待客商台账": RECEPTIONS, "项目线索台账": LEADS})
    (tmp_path / "no_date").mkdir()
    (tmp_path / "bad_rows").mkdir()
    no_date = base_folder(tmp_path / "no_date", 外出招商台账=[["参与单位", "目的地", "拜访企业"], ["史河街道", "临沂", "甲"]])
    for folder in (tmp_path / "missing", empty, no_trips, no_date):
        with pytest.raises(LedgerError) as read:
            load_campaign(folder)
        with pytest.raises(LedgerError) as checked:
            check_folder(folder)
        assert str(checked.value) == str(read.value)
    bad_rows = base_folder(tmp_path / "bad_rows", 外出招商台账=[TRIPS[0], ["不是日期", "", "史河街道", "临沂", "", "", ""]])
    check_folder(bad_rows)
    assert len(load_campaign(bad_rows).rejections) == 1


def test_doubtful_values_are_kept_and_warned(tmp_path):
    leads = [LEADS[0], ["L1", "", "甲公司", "临沂", "板材", "100", "史河街道", "2021-07-10", "签约",
                        "2021-07-05", "2021-07-01", None, "", "", "", "", ""],
             ["L2", "", "乙公司", "临沂", "板材", "100", "史河街道", "2021-10-20", "线索"] + [None] * 8]
    c = load_campaign(base_folder(tmp_path, 项目线索台账=leads))
    assert sorted(c.leads["lead_id"]) == ["L1", "L2"]
    msgs = " ".join(c.warnings["message"])
    assert "早于前一阶段" in msgs and "不在活动期内" in msgs


@pytest.mark.parametrize("raw,unit,expected", [
    ("1.2亿元", None, 12000.0), ("5000万元", None, 5000.0), ("8000万", None, 8000.0), ("1.5亿", None, 15000.0),
    ("12,000", "万元", 12000.0), ("１２，０００", "万元", 12000.0), (2, "亿元", 20000.0), ("3万元", "亿元", 3.0),
    ("", None, None), (50000000, "元", 5000.0)])
def test_amounts(raw, unit, expected):
    assert parse_amount_wan(raw, unit) == expected


@pytest.mark.parametrize("raw", ["2021年7月15日", "2021.7.15", "2021/7/15", "2021-07-15", "20210715", 44392,
                                 dt.date(2021, 7, 15), "２０２１年７月１５日", "2021-07-15 00:00:00"])
def test_dates(raw):
    assert parse_date(raw)[0] == pd.Timestamp("2021-07-15")


def test_vague_and_yearless_dates():
    with pytest.raises(CellError):
        parse_date("7月中旬")
    d, warning = parse_date("7月15日", year=2021)
    assert d == pd.Timestamp("2021-07-15") and "未写年份" in warning


def test_words():
    assert [parse_stage(x) for x in ["线索", "意向", "在谈", "签约", "已签约", "开工", "已开工", "投产", "已投产"]] == \
        ["lead", "intention", "intention", "signed", "signed", "started", "started", "producing", "producing"]
    assert split_names("史河街道，平岗街道,三元镇；孙岗乡;洪集镇") == ["史河街道", "平岗街道", "三元镇", "孙岗乡", "洪集镇"]
    assert normalize_header("出发\n日期")[0] == "出发日期"


def test_docs_are_current():
    doc = Path(__file__).resolve().parents[1] / "docs" / "ledgers.md"
    assert doc.read_text(encoding="utf-8") == ledger_docs(), "docs/ledgers.md is stale: run `yeji docs`"


def test_a_corrected_contact_is_warned_without_the_names_or_phones(tmp_path):
    """A resubmission that changes the contact says so, but neither the old nor the new name or phone
    appears in the warning (warnings reach shared reports)."""
    base_folder(tmp_path)   # office ledger: L1 with 王经理 13800000001
    corrected = [LEADS[0], LEADS[1][:14] + ["赵总", "13900000002", ""]]
    write_xlsx(tmp_path / "史河街道_项目线索_20210901.xlsx", {"项目线索台账": corrected})
    c = load_campaign(tmp_path)
    assert c.leads.set_index("lead_id").loc["L1", "contact"] == "赵总"
    text = c.warnings.astype(str).to_string()
    # the office's ledger and the unit's file are two ledgers (not versions of one): the record is counted once, the
    # later kept, and the contact only said to differ
    assert "两份台账各报一次，只计一次" in text and "“联系人”两处不同" in text
    for secret in ("王经理", "赵总", "13800000001", "13900000002"):
        assert secret not in text


def test_a_header_wrapped_in_its_cell_is_named_on_one_line(tmp_path):
    # 出发\n日期 (a header cell wrapped over two lines) is the trips' 出发日期: a row whose date cannot be read is
    # rejected under the column 出发日期, and the message names it so, not with the line break inside it
    trips = [["出发\n日期", "参与\n单位", "目的地"], ["下旬", "史河街道", "临沂"], ["2021-07-05", "史河街道", "临沂"]]
    c = load_campaign(base_folder(tmp_path, 外出招商台账=trips))
    assert len(c.trips) == 1 and len(c.rejections) == 1
    r = c.rejections.iloc[0]
    assert (r["row"], r["column"], r["value"]) == (2, "出发日期", "下旬")
    assert "\n" not in r["reason"] and c.sheets.set_index("ledger").loc["trips", "headers"]["start_on"] == "出发日期"


def test_a_reception_sheet_naming_its_company_客商名称_is_read_and_deduplicated(tmp_path):
    # 客商名称, 来访客商 and 来访单位 are the company column too. The office's ledger (来访客商: 7-09 乙家居), a unit's sheet
    # (客商名称: 7-09 乙家居, 7-20 丙木业) and its copy in a compilation (来访单位: the same two): by hand 5 read, 2
    # receptions (7-09 乙家居, 7-20 丙木业), 3 duplicates; with the company unread the copies were not even comparable
    rows = [["接待日期", "接待单位", "客商名称"], ["2021-07-09", "平岗街道", "乙家居"], ["2021-07-20", "史河街道", "丙木业"]]
    write_xlsx(tmp_path / "平岗街道接待台账.xlsx", {"接待客商台账": rows})
    write_xlsx(tmp_path / "接待汇总.xlsx", {"接待": [["接待日期", "接待单位", "来访单位"], *rows[1:]]})
    c = load_campaign(base_folder(tmp_path, 接待客商台账=[["接待日期", "接待单位", "来访客商"], ["2021-07-09", "平岗街道", "乙家居"]]))
    assert sorted(zip(c.receptions["received_on"].astype(str), c.receptions["company"])) == [
        ("2021-07-09", "乙家居"), ("2021-07-20", "丙木业")]
    assert c.stats.loc["receptions", ["read", "accepted", "duplicates"]].tolist() == [5, 2, 3]
    assert not c.warnings["message"].str.contains("不是接待客商台账的列").any()


def test_two_units_numbering_their_own_leads_001_are_two_leads(tmp_path):
    # 史河街道's book: 001 临沂华祥木业 (7-05), 002 常州某化工 (7-08); 平岗街道's book: 001 佛山宏达家具 (7-06). The two 001
    # are two units' leads of two investors in two ledgers: by hand 3 leads (not 2), 史河街道's counted under 001 (its
    # book is read first: 史 sorts before 平) and 平岗街道's under 001（平岗街道）, with one warning naming both investors;
    # with the office's own L1, 4 leads and no duplicate
    head = ["线索编号", "投资方", "报送单位", "报送日期", "产业类别"]
    write_xlsx(tmp_path / "史河街道项目线索台账.xlsx", {"项目线索台账": [head, ["001", "临沂华祥木业", "史河街道", "2021-07-05", "家居板材"],
                                                               ["002", "常州某化工", "史河街道", "2021-07-08", "化工新材料"]]})
    write_xlsx(tmp_path / "平岗街道项目线索.xlsx", {"项目线索台账": [head, ["001", "佛山宏达家具", "平岗街道", "2021-07-06", "家居板材"]]})
    c = load_campaign(base_folder(tmp_path))
    ld = c.leads.set_index("lead_id")
    assert len(c.leads) == 4 and c.stats.loc["leads", "duplicates"] == 0
    assert ld.loc["001", "investor"] == "临沂华祥木业" and ld.loc["001（平岗街道）", "investor"] == "佛山宏达家具"
    w = c.warnings[c.warnings["message"].str.contains("不是同一线索")]
    assert len(w) == 1 and "佛山宏达家具" in w["message"].iloc[0] and "临沂华祥木业" in w["message"].iloc[0]


def test_a_phone_headed_手机号_or_联系方式_is_the_leads_phone(tmp_path):
    # 史河街道's book heads its phones 手机号, 平岗街道's 联系方式 (PRIVATE_COLUMNS' words): each is the lead's phone, read
    # (and kept out of shared outputs as every phone is), not warned as "不是项目线索台账的列" with its first number shown
    head = ["线索编号", "投资方", "报送单位", "报送日期", "联系人"]
    write_xlsx(tmp_path / "史河街道项目线索台账.xlsx", {"项目线索台账": [head + ["手机号"],
                                                               ["S1", "临沂华祥木业", "史河街道", "2021-07-05", "王经理", "13800000002"]]})
    write_xlsx(tmp_path / "平岗街道项目线索.xlsx", {"项目线索台账": [head + ["联系方式"],
                                                            ["P1", "佛山宏达家具", "平岗街道", "2021-07-06", "李经理", "0757-86001234"]]})
    c = load_campaign(base_folder(tmp_path))
    assert dict(zip(c.leads["lead_id"], c.leads["phone"])) == {"L1": "13800000001", "S1": "13800000002", "P1": "0757-86001234"}
    assert not c.warnings["message"].str.contains("不是项目线索台账的列").any()


def test_a_reception_naming_a_shared_lead_id_is_of_its_own_units_lead(tmp_path):
    # The two books above (史河街道's 001 临沂华祥木业, 平岗街道's 001 佛山宏达家具) and three receptions naming 线索编号
    # 001 with no company: 平岗街道's (7-12) is of its own lead, 001（平岗街道）; 史河街道's (7-13) of 001; 区商务局's (7-14),
    # whose unit has no 001, of the first 001 (史河街道's). No "线索编号…不存在" warning. So by hand, in the coordination
    # list (investors touched by two or more units): 临沂华祥木业 received by 史河街道 and 区商务局 (2 units, 2 rows);
    # 佛山宏达家具 received by 平岗街道 alone, not listed. Before: all three were of 临沂华祥木业 (3 units, 3 rows)
    head = ["线索编号", "投资方", "报送单位", "报送日期", "产业类别"]
    write_xlsx(tmp_path / "史河街道项目线索台账.xlsx", {"项目线索台账": [head, ["001", "临沂华祥木业", "史河街道", "2021-07-05", "家居板材"]]})
    write_xlsx(tmp_path / "平岗街道项目线索.xlsx", {"项目线索台账": [head, ["001", "佛山宏达家具", "平岗街道", "2021-07-06", "家居板材"]]})
    rc = [["接待日期", "接待单位", "来访企业", "来源地", "线索编号"], ["2021-07-12", "平岗街道", "", "", "001"],
          ["2021-07-13", "史河街道", "", "", "001"], ["2021-07-14", "区商务局", "", "", "001"]]
    c = load_campaign(base_folder(tmp_path, 接待客商台账=rc))
    got = dict(zip(c.receptions["unit"], c.receptions["lead_id"]))
    assert got == {"平岗街道": "001（平岗街道）", "史河街道": "001", "区商务局": "001"}
    assert not c.warnings["message"].str.contains("不存在").any()
    co = rules.investor_coordination(c)
    assert sorted(zip(co["investor"], co["unit"])) == [("临沂华祥木业", "区商务局"), ("临沂华祥木业", "史河街道")]


def test_a_修改版_that_renumbered_every_lead_is_one_lead_each(tmp_path):
    # 史河街道's book: 1 临沂华祥木业 (7-05, 有效), 2 常州某化工 (7-08, 有效), 3 佛山宏达家具 (7-12, 待甄别); its 修改版 (no
    # date line: ranked after its original) numbers them XS001-XS003, the same investors, unit and 报送日期, and screens
    # XS003 有效. No id repeats, but all 3 of the older version's leads are written again (more than half): the two
    # versions are read side by side and each pair differs in its 线索编号 alone: corrected in place. By hand, with the
    # folder's own L1: 4 leads (L1, XS001, XS002, XS003; not 7), 3 duplicates, 3 correction warnings (XS003's naming
    # 甄别结果 too), July's valid leads L1 and XS001-XS003 (4), and no unit listed as contending with itself (撞单).
    # 史河街道's August file (another lineage: 8月) naming 临沂华祥木业 again, 8-03 as S8-1, is another report, kept.
    head = ["线索编号", "投资方", "报送单位", "报送日期", "产业类别", "甄别结果"]
    v1 = [head, ["1", "临沂华祥木业", "史河街道", "2021-07-05", "家居板材", "有效"],
          ["2", "常州某化工", "史河街道", "2021-07-08", "化工新材料", "有效"],
          ["3", "佛山宏达家具", "史河街道", "2021-07-12", "家居板材", "待甄别"]]
    v2 = [head, ["XS001", *v1[1][1:]], ["XS002", *v1[2][1:]], ["XS003", *v1[3][1:5], "有效"]]
    write_xlsx(tmp_path / "史河街道项目线索台账.xlsx", {"项目线索台账": v1})
    write_xlsx(tmp_path / "史河街道项目线索台账（修改版）.xlsx", {"项目线索台账": v2})
    write_xlsx(tmp_path / "史河街道项目线索台账（8月）.xlsx", {"项目线索台账": [head, ["S8-1", "临沂华祥木业", "史河街道", "2021-08-03", "家居板材", "有效"]]})
    c = load_campaign(base_folder(tmp_path))
    assert sorted(c.leads["lead_id"]) == ["L1", "S8-1", "XS001", "XS002", "XS003"]
    assert c.stats.loc["leads", ["read", "accepted", "duplicates"]].tolist() == [8, 5, 3]
    fixed = c.warnings[c.warnings["message"].str.startswith("更正")]
    assert sorted(fixed["row"].tolist()) == [2, 3, 4] and "甄别结果" in fixed.loc[fixed["row"] == 4, "message"].iloc[0]
    assert sorted(rules.valid_leads(c, "2021-07-01", "2021-07-31")["lead_id"]) == ["L1", "XS001", "XS002", "XS003"]
    dup = rules.duplicate_investors(c)
    assert dup[["lead_id", "first_lead_id"]].values.tolist() == [["S8-1", "XS001"]]   # August's report of the investor


def test_a_renumbered_修改版_listing_its_leads_in_another_order_and_a_reception_naming_an_old_id(tmp_path):
    # review 18's t1 and t3: 史河街道's 1 临沂华祥木业 (7-05), 2 常州某化工 (7-08), 3 佛山宏达家具 (7-12); its 修改版 lists
    # them in reverse as XS001 佛山, XS002 常州, XS003 临沂 (same investors and dates). Paired in order no pair has one
    # investor; each is the other's only counterpart by investor: 3 corrections. By hand 4 leads with the folder's L1
    # (not 6), 3 duplicates, no self-contention; the unit's reception of 7-20 naming lead 2 (no company) is of XS002,
    # not a dangling id ("…不存在"), so XS002's last contact is 7-20
    from yeji_analysis.planner.leads import _last_contact
    head = ["线索编号", "投资方", "报送单位", "报送日期", "产业类别", "甄别结果"]
    v1 = [head, ["1", "临沂华祥木业", "史河街道", "2021-07-05", "家居板材", "有效"],
          ["2", "常州某化工", "史河街道", "2021-07-08", "化工新材料", "有效"],
          ["3", "佛山宏达家具", "史河街道", "2021-07-12", "家居板材", "有效"]]
    v2 = [head, ["XS001", *v1[3][1:]], ["XS002", *v1[2][1:]], ["XS003", *v1[1][1:]]]
    write_xlsx(tmp_path / "史河街道项目线索台账.xlsx", {"项目线索台账": v1})
    write_xlsx(tmp_path / "史河街道项目线索台账（修改版）.xlsx", {"项目线索台账": v2})
    rc = [["接待日期", "接待单位", "来访企业", "来源地", "线索编号"], ["2021-07-20", "史河街道", "", "", "2"]]
    c = load_campaign(base_folder(tmp_path, 接待客商台账=rc))
    assert dict(zip(c.leads["lead_id"], c.leads["investor"])) == {"L1": "甲木业有限公司", "XS001": "佛山宏达家具",
                                                                 "XS002": "常州某化工", "XS003": "临沂华祥木业"}
    assert c.stats.loc["leads", ["read", "accepted", "duplicates"]].tolist() == [7, 4, 3]
    assert rules.duplicate_investors(c).empty and c.receptions["lead_id"].tolist() == ["XS002"]
    assert not c.warnings["message"].str.contains("不存在").any()
    last = dict(zip(c.leads["lead_id"], _last_contact(c, c.leads, pd.Timestamp("2021-07-31"))))
    assert last["XS002"] == pd.Timestamp("2021-07-20")


def test_a_reception_naming_its_company_under_a_shared_id_is_of_that_companys_lead(tmp_path):
    # review 18's t2: 史河街道's 001 临沂华祥木业, 平岗街道's 001 佛山宏达家具 (counted 001（平岗街道）); 平岗街道 receives
    # 临沂华祥木业 on 7-20 quoting 史河街道's 001. The company names the lead: 001, not its own unit's 001（平岗街道）
    head = ["线索编号", "投资方", "报送单位", "报送日期", "产业类别"]
    write_xlsx(tmp_path / "史河街道项目线索台账.xlsx", {"项目线索台账": [head, ["001", "临沂华祥木业", "史河街道", "2021-07-05", "家居板材"]]})
    write_xlsx(tmp_path / "平岗街道项目线索.xlsx", {"项目线索台账": [head, ["001", "佛山宏达家具", "平岗街道", "2021-07-06", "家居板材"]]})
    rc = [["接待日期", "接待单位", "来访企业", "来源地", "线索编号"], ["2021-07-20", "平岗街道", "临沂华祥木业有限公司", "", "001"],
          ["2021-07-21", "平岗街道", "", "", "001"]]
    c = load_campaign(base_folder(tmp_path, 接待客商台账=rc))
    assert c.receptions.sort_values("received_on")["lead_id"].tolist() == ["001", "001（平岗街道）"]


def test_a_resubmission_without_an_optional_key_column_is_still_a_copy(tmp_path):
    # 接待客商台账.csv has no company column at all, and its 修改版 the same two receptions with the column blank; an 活动
    # ledger without 地点 sent twice. A missing key cell is blank, as a blank cell is: by hand 2 receptions (4 read, 2
    # duplicates) and 1 event (2 read, 1 duplicate), not 4 and 2
    base_folder(tmp_path, 接待客商台账=[["接待日期", "接待单位"], ["2021-07-08", "平岗街道"], ["2021-07-15", "平岗街道"]])
    (tmp_path / "接待客商台账（修改版）.csv").write_text("接待日期,接待单位,来访企业\n2021-07-08,平岗街道,\n2021-07-15,平岗街道,\n",
                                                  encoding="utf-8")
    for name in ("活动台账.csv", "活动台账（修改版）.csv"):
        (tmp_path / name).write_text("活动类型,日期\n政策发布会,2021-07-10\n", encoding="utf-8")
    c = load_campaign(tmp_path)
    assert c.stats.loc["receptions", ["read", "accepted", "duplicates"]].tolist() == [4, 2, 2]
    assert c.stats.loc["events", ["read", "accepted", "duplicates"]].tolist() == [2, 1, 1]
