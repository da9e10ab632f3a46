"""Versions of one ledger file (ledgers/versions.py): which files are one ledger sent again, which is the later, and
which row of an older version the later one corrected in a key cell."""

import pandas as pd
import pytest
from test_ledgers import write_xlsx

from yeji_analysis.ledgers import load_campaign
from yeji_analysis.ledgers.cells import id_value, show_change, show_written
from yeji_analysis.ledgers.versions import (corrected_in_place, is_revision, lineage, submission_rank,
                                             superseded_message)


def test_the_names_of_one_ledgers_versions():
    # the same ledger: a date in the name, a revision word, a copy's number, brackets and separators aside
    assert {lineage(n) for n in ["孙岗乡外出台账.xlsx", "孙岗乡外出台账（修改版）.xlsx", "孙岗乡_外出台账_20210815.xlsx",
                                 "孙岗乡外出台账 v2.xlsx", "孙岗乡外出台账(2).xlsx", "孙岗乡外出台账-更正版.xlsx"]} == {"孙岗乡外出台账"}
    # other ledgers: another unit, another month (8月 and 9月 are two ledgers, not two versions)
    assert lineage("平岗街道外出台账.xlsx") != lineage("孙岗乡外出台账.xlsx")
    assert lineage("外出招商台账_2021年8月.csv") != lineage("外出招商台账_2021年9月.csv")
    assert [is_revision(n) for n in ["a（修改版）.xlsx", "a_第2版.xlsx", "a v2.xlsx", "a_20210815.xlsx", "a.xlsx"]] == \
        [True, True, True, False, False]


def test_which_version_is_the_later():
    # A dated 8-02, its 修改版 undated, B (another ledger) undated, C dated 8-05 and C's 修改版 dated 8-01: by the rule,
    # the undated 修改版 of A takes A's date (it ranks after A); B stays undated (before every dated file); C's 修改版
    # keeps its own date (a date given is the date: it ranks before C)
    r = submission_rank(["A.xlsx", "A（修改版）.xlsx", "B.xlsx", "C.xlsx", "C（修改版）.xlsx"],
                        ["2021-08-02", None, None, "2021-08-05", "2021-08-01"])
    assert r["dated"].tolist() == [True, True, False, True, True]
    assert [None if pd.isna(d) else str(d.date()) for d in r["on"]] == ["2021-08-02", "2021-08-02", None, "2021-08-05",
                                                                       "2021-08-01"]
    assert r["revision"].tolist() == [False, True, False, False, True]


def _rows(source, sheet, rows, dates, dest):
    return pd.DataFrame({"source": source, "sheet": sheet, "row": rows, "start_on": pd.to_datetime(dates),
                         "units": [("甲",)] * len(rows), "destination": dest})


KEY = ["start_on", "units", "destination"]


def _pair(new_dates, new_dest, new_rows=None):
    """甲台账.xlsx (rows 3-5: 7-05 常州, 7-12 合肥, 7-19 临沂) and its 修改版 as one frame (labels 0-2 the old rows, 3- the
    new), with what the key merge keeps: each new row whose key an old row has absorbs that old row."""
    old = _rows("甲台账.xlsx", "外出", [3, 4, 5], ["2021-07-05", "2021-07-12", "2021-07-19"], ["常州", "合肥", "临沂"])
    new = _rows("甲台账（修改版）.xlsx", "外出", new_rows or list(range(3, 3 + len(new_dates))), new_dates, new_dest)
    df = pd.concat([old, new], ignore_index=True)
    keys = list(df[KEY].itertuples(index=False, name=None))
    merged = {i: j for i in range(3) for j in range(3, len(df)) if keys[i] == keys[j]}
    kept = [i for i in range(len(df)) if i not in merged]
    return df, submission_rank(df["source"], [None] * len(df)), kept, merged


def test_a_key_cell_corrected_in_a_revision_is_matched_between_the_same_shared_records():
    shared = {("甲台账.xlsx", "甲台账（修改版）.xlsx")}
    # in place: 7-12 合肥 (label 1) is 7-21 合肥 at the same row (label 4); 常州 and 临沂 repeated -> one trip, corrected
    df, rank, kept, merged = _pair(["2021-07-05", "2021-07-21", "2021-07-19"], ["常州", "合肥", "临沂"])
    assert corrected_in_place(df, df[KEY], rank, shared, kept, merged) == [(1, 4, "start_on")]
    # versions that repeat no record of each other are not a revision (a later file of only new trips): no match
    assert corrected_in_place(df, df[KEY], rank, set(), kept, merged) == []
    # a trip added above the correction (7-15 南京, new row 4; 7-21 合肥 moves to row 5): between 常州 and 临沂 the old
    # book has 7-12 合肥, the new 7-15 南京 and 7-21 合肥; only 7-21 合肥 differs from it in one cell (南京 in two) -> matched
    df, rank, kept, merged = _pair(["2021-07-05", "2021-07-15", "2021-07-21", "2021-07-19"], ["常州", "南京", "合肥", "临沂"])
    assert corrected_in_place(df, df[KEY], rank, shared, kept, merged) == [(1, 5, "start_on")]
    # two candidates (7-21 合肥 and 7-28 合肥 both differ from 7-12 合肥 in the date only): not guessed, no match
    df, rank, kept, merged = _pair(["2021-07-05", "2021-07-21", "2021-07-28", "2021-07-19"], ["常州", "合肥", "合肥", "临沂"])
    assert corrected_in_place(df, df[KEY], rank, shared, kept, merged) == []
    # re-sorted: 7-21 合肥 moved below 临沂 (a shared record). The 修改版 repeats 2 of the 3 rows (a cumulative
    # resubmission) and 7-21 合肥 is 7-12 合肥's only one-cell counterpart, and the other way round -> matched
    df, rank, kept, merged = _pair(["2021-07-05", "2021-07-19", "2021-07-21"], ["常州", "临沂", "合肥"])
    assert corrected_in_place(df, df[KEY], rank, shared, kept, merged) == [(1, 5, "start_on")]
    # a later month's file that repeats one of the three (临沂) at its end: its 8-05 常州 and 8-12 合肥 lie before the one
    # repeated record and differ from 7-05 常州 and 7-12 合肥 in the date only, but 1 of 3 is not a cumulative
    # resubmission: new trips, no match
    df, rank, kept, merged = _pair(["2021-08-05", "2021-08-12", "2021-07-19"], ["常州", "合肥", "临沂"])
    assert corrected_in_place(df, df[KEY], rank, shared, kept, merged) == []
    # two cells of the key differ (date and destination: 7-21 芜湖): another trip
    df, rank, kept, merged = _pair(["2021-07-05", "2021-07-21", "2021-07-19"], ["常州", "芜湖", "临沂"])
    assert corrected_in_place(df, df[KEY], rank, shared, kept, merged) == []


def test_two_dated_versions_of_a_cumulative_ledger_are_merged_and_an_incremental_one_is_not(tmp_path):
    # one unit's trips sent on 8-01 and again on 8-15, as a whole (cumulative: 7-05 Linyi repeated, 7-12 Hefei corrected
    # to 7-21 in place) and, in another folder, only what is new (incremental: 8-01 Nanjing, then 8-05 Hefei at the
    # same row as 7-12 Hefei). By hand: cumulative -> 7-05, 7-21 = 2 trips (the 7-12 row is the 7-21 one's earlier
    # version); incremental -> 7-05, 7-12, 8-01, 8-05 = 4 trips (the 8-15 file repeats no record of the 8-01 one: it
    # is not a revision of it, and its 8-05 is another trip)
    units = "单位名称,所属招商小组\n甲镇,一组\n"
    head = "出发日期,参与单位,目的地\n"
    for name, second, want in (("cumulative", head + "2021-07-05,甲镇,临沂\n2021-07-21,甲镇,合肥\n", ["2021-07-05", "2021-07-21"]),
                               ("incremental", head + "2021-08-01,甲镇,南京\n2021-08-05,甲镇,合肥\n",
                                ["2021-07-05", "2021-07-12", "2021-08-01", "2021-08-05"])):
        d = tmp_path / name
        d.mkdir()
        (d / "责任单位.csv").write_text(units, encoding="utf-8")
        (d / "招商小组.csv").write_text("小组名称,牵头单位\n一组,甲镇\n", encoding="utf-8")
        (d / "接待客商台账.csv").write_text("接待日期,接待单位,客商名称\n2021-07-08,甲镇,某公司\n", encoding="utf-8")
        (d / "甲镇外出台账_20210801.csv").write_text(head + "2021-07-05,甲镇,临沂\n2021-07-12,甲镇,合肥\n", encoding="utf-8")
        (d / "甲镇外出台账_20210815.csv").write_text(second, encoding="utf-8")
        (d / "项目线索台账.csv").write_text("线索编号,投资方,责任单位,报送日期\nL1,某公司,甲镇,2021-07-05\n", encoding="utf-8")
        c = load_campaign(d)
        assert sorted(str(x.date()) for x in c.trips["start_on"]) == want, name


def test_a_revision_that_adds_a_trip_above_a_corrected_one_counts_it_once(tmp_path):
    # 甲镇外出台账.csv: 7-05 临沂, 7-12 合肥, 7-19 常州. Its 修改版 adds 7-08 南京 after 7-05 and corrects 7-12 to 7-21, so
    # every later row moves down one. By hand: 7-05 临沂, 7-08 南京, 7-21 合肥, 7-19 常州 = 4 trips (7-12 合肥 is 7-21
    # 合肥's earlier version: between the repeated 临沂 and 常州 it is the one row that differs from it in one cell);
    # 7 rows read = 4 accepted + 3 duplicates (临沂, 常州 repeated; 合肥 corrected), with the correction warned
    d = tmp_path / "d"
    d.mkdir()
    (d / "责任单位.csv").write_text("单位名称,所属招商小组\n甲镇,一组\n", encoding="utf-8")
    (d / "招商小组.csv").write_text("小组名称,牵头单位\n一组,甲镇\n", encoding="utf-8")
    (d / "接待客商台账.csv").write_text("接待日期,接待单位,客商名称\n2021-07-08,甲镇,某公司\n", encoding="utf-8")
    (d / "项目线索台账.csv").write_text("线索编号,投资方,责任单位,报送日期\nL1,某公司,甲镇,2021-07-05\n", encoding="utf-8")
    head = "出发日期,参与单位,目的地\n"
    (d / "甲镇外出台账.csv").write_text(head + "2021-07-05,甲镇,临沂\n2021-07-12,甲镇,合肥\n2021-07-19,甲镇,常州\n",
                                     encoding="utf-8")
    (d / "甲镇外出台账（修改版）.csv").write_text(
        head + "2021-07-05,甲镇,临沂\n2021-07-08,甲镇,南京\n2021-07-21,甲镇,合肥\n2021-07-19,甲镇,常州\n", encoding="utf-8")
    c = load_campaign(d)
    assert sorted((str(x.date()), y) for x, y in zip(c.trips["start_on"], c.trips["destination"])) == [
        ("2021-07-05", "临沂"), ("2021-07-08", "南京"), ("2021-07-19", "常州"), ("2021-07-21", "合肥")]
    assert c.stats.loc["trips", ["read", "accepted", "duplicates"]].tolist() == [7, 4, 3]
    fixed = c.warnings[c.warnings["message"].str.contains("2021-07-12") & c.warnings["message"].str.contains("2021-07-21")]
    assert len(fixed) == 1 and fixed["row"].iloc[0] == 4 and "修改版" in fixed["source"].iloc[0]


def test_a_record_kept_over_its_earlier_copy_is_warned_as_a_correction_only_within_one_ledger():
    at = {"sheet": "外出", "row": 4}
    book = {"source": "甲镇外出台账.xlsx", "_submitted": pd.Timestamp("2021-08-02"), **at}
    revised = {"source": "甲镇外出台账（修改版）.xlsx", "_submitted": pd.NaT, **at}
    other = {"source": "乙镇外出台账.xlsx", "_submitted": pd.NaT, **at}
    # a version of the same book: a correction, the undated 修改版 said to rank after its original
    m = superseded_message("2021-07-05、甲镇、临沂", book, revised, [("备注", "（空）", "镇长带队"), ("联系人", None, None)])
    assert m.startswith("更正：同一记录（2021-07-05、甲镇、临沂）另见 甲镇外出台账.xlsx 外出 第 4 行")
    assert "未注明报送日期（修改版：排在其原版之后）" in m and "旧版本 甲镇外出台账.xlsx 报送于 2021-08-02" in m
    assert "“备注”由“（空）”改为“镇长带队”" in m and "“联系人”已更正" in m
    # another unit's book holding the same joint trip: not a correction; counted once, and where the two differ
    m = superseded_message("2021-07-05、甲镇、乙镇、临沂", other, book, [("备注", "乙镇分管领导参加", "甲镇镇长带队")])
    assert not m.startswith("更正") and "两份台账各报一次，只计一次" in m and "另一份 乙镇外出台账.xlsx" in m
    assert "“备注”另一份写作“乙镇分管领导参加”，本行写作“甲镇镇长带队”" in m
    # the same file (a trip listed in its 7月 and 8月 tabs): written twice in one ledger, not a correction
    m = superseded_message("2021-07-30、甲镇、南京", {**book, "sheet": "7月", "row": 9}, {**book, "sheet": "8月", "row": 3}, [])
    assert m.startswith("重复：同一记录（2021-07-30、甲镇、南京）在本台账中另见 7月 第 9 行：只计一次")


def test_a_changed_cell_is_shown_as_its_ledgers_write_it():
    assert show_change("待甄别", None, "有效", True) == ("待甄别", "有效")
    assert show_change(None, None, "2021/7/21", pd.Timestamp("2021-07-21")) == ("（空）", "2021/7/21")
    # written alike, read differently (another 单位 line): as read, with the unit
    assert show_change("8000", 8000.0, "8000", 80000000.0, "万元") == ("8000万元", "80000000万元")
    assert [show_written(v) for v in (True, 12000.0, pd.NaT, pd.Timestamp("2021-07-05"), " 临沂 ")] == \
        ["是", "12000", "（空）", "2021-07-05", "临沂"]


def _folder(tmp_path, files: dict[str, str], books: dict[str, dict[str, list[list]]] | None = None):
    """A folder of CSV ledgers (``files``: name -> text) and workbooks (``books``: name -> sheet -> rows), read."""
    d = tmp_path / "d"
    d.mkdir(parents=True)
    for name, sheets in (books or {}).items():
        write_xlsx(d / name, sheets)
    base = {"责任单位.csv": "单位名称,所属招商小组\n甲镇,一组\n", "招商小组.csv": "小组名称,牵头单位\n一组,甲镇\n",
            "接待客商台账.csv": "接待日期,接待单位,客商名称\n2021-07-08,甲镇,某公司\n",
            "外出招商台账.csv": "出发日期,参与单位,目的地\n2021-07-05,甲镇,临沂\n"}
    if not any("线索" in name for name in [*files, *(books or {})]):
        base["甲镇线索.csv"] = "线索编号,投资方,报送单位,报送日期\nL1,某公司,甲镇,2021-07-05\n"
    for name, text in {**base, **files}.items():
        (d / name).write_text(text, encoding="utf-8")
    return load_campaign(d)


def test_a_later_window_of_new_leads_that_repeats_one_is_not_read_as_corrections(tmp_path):
    # 8-01: L1-L10 reported in July. 8-15: the window's new leads L11-L19, and L5 again (signed since) as its 5th row.
    # One lineage sharing one record, but 1 of 10 repeated is not a cumulative resubmission, and a lead is another lead
    # unless its investor is the same: by hand 19 leads (L5 once, as the 8-15 file has it), 10 reported in July;
    # 20 read = 19 accepted + 1 duplicate (the review's finding: 10 leads, July's valid leads 10 -> 1)
    head = "线索编号,投资方,报送单位,报送日期,当前阶段,签约日期\n"
    first = [f"L{i},公司{i},甲镇,2021-07-{i + 5:02d},线索," for i in range(1, 11)]
    later = [f"L{i},公司{i},甲镇,2021-08-{i - 8:02d},线索," for i in range(11, 20)]
    later.insert(4, "L5,公司5,甲镇,2021-07-10,签约,2021-08-06")
    c = _folder(tmp_path, {"项目线索台账_20210801.csv": head + "\n".join(first) + "\n",
                           "项目线索台账_20210815.csv": head + "\n".join(later) + "\n"})
    assert sorted(c.leads["lead_id"], key=lambda s: int(s[1:])) == [f"L{i}" for i in range(1, 20)]
    assert int((c.leads["reported_on"].dt.month == 7).sum()) == 10
    assert c.leads.set_index("lead_id").loc["L5", "stage"] == "signed"
    assert c.stats.loc["leads", ["read", "accepted", "duplicates"]].tolist() == [20, 19, 1]


def test_a_repeated_record_is_never_the_counterpart_of_a_corrected_one(tmp_path):
    # 7-05 合肥, 7-12 临沂, 7-19 常州, 7-26 临沂 and a 修改版 adding 7-01 南京 and 7-20 南京, listing 7-26 临沂 third, and
    # without 7-12 临沂. 7-26 临沂 is repeated: it cannot also be 7-12's corrected copy. By hand: 7-01, 7-05, 7-12 (left
    # out of the 修改版, still counted), 7-19, 7-20, 7-26 = 6 trips (the review's finding: 5)
    head = "出发日期,参与单位,目的地\n"
    c = _folder(tmp_path, {
        "外出招商台账.csv": head + "2021-07-05,甲镇,合肥\n2021-07-12,甲镇,临沂\n2021-07-19,甲镇,常州\n2021-07-26,甲镇,临沂\n",
        "外出招商台账（修改版）.csv": head + "2021-07-01,甲镇,南京\n2021-07-05,甲镇,合肥\n2021-07-26,甲镇,临沂\n"
                                     "2021-07-20,甲镇,南京\n2021-07-19,甲镇,常州\n"})
    assert sorted(str(d.date()) for d in c.trips["start_on"]) == ["2021-07-01", "2021-07-05", "2021-07-12", "2021-07-19",
                                                                   "2021-07-20", "2021-07-26"]
    assert not c.warnings["message"].str.startswith("更正").any()


# Review 18's finding: a unit numbering its leads 1, 2… afresh in each monthly file. By hand, 甲镇's 7月 file: 1 公司甲
# (7-06), 2 公司乙 (7-12); its 8月 file: 1 公司丙 (8-05), 2 公司丁 (8-20). Each 8月 row differs from the 7月 row of its id in
# investor, 报送日期 and ledger: four leads, not a correction (the code before kept 2, 8月's). The later two are counted
# as 1（甲镇，2021-08-05） and 2（甲镇，2021-08-20）, each warned; 4 read, 4 accepted, no duplicate; 2 reported in July.
# A 9月 file repeating 8月's 1 公司丙 (8-05) under 1 is that lead again (counted under 1（甲镇，2021-08-05）, once), and
# its 3 公司戊 (9-02) a fifth lead: 6 read, 5 accepted, 1 duplicate.
_HEAD = "线索编号,投资方,报送单位,报送日期\n"
_JUL = _HEAD + "1,公司甲,甲镇,2021-07-06\n2,公司乙,甲镇,2021-07-12\n"
_AUG = _HEAD + "1,公司丙,甲镇,2021-08-05\n2,公司丁,甲镇,2021-08-20\n"


def test_a_unit_numbering_its_leads_afresh_each_month_keeps_every_months_leads(tmp_path):
    c = _folder(tmp_path, {"项目线索台账（7月）.csv": _JUL, "项目线索台账（8月）.csv": _AUG})
    ld = c.leads.set_index("lead_id")
    assert ld["investor"].to_dict() == {"1": "公司甲", "2": "公司乙", "1（甲镇，2021-08-05）": "公司丙",
                                        "2（甲镇，2021-08-20）": "公司丁"}
    assert int((c.leads["reported_on"].dt.month == 7).sum()) == 2
    assert c.stats.loc["leads", ["read", "accepted", "duplicates"]].tolist() == [4, 4, 0]
    warned = c.warnings[c.warnings["column"].eq("线索编号")]
    assert len(warned) == 2 and warned["message"].str.contains("不是同一线索的更正").all()
    assert warned["message"].str.contains("公司甲").sum() == 1 and warned["message"].str.contains("公司丁").sum() == 1


def test_a_later_months_file_repeating_a_renumbered_lead_counts_it_once(tmp_path):
    sep = _HEAD + "1,公司丙,甲镇,2021-08-05\n3,公司戊,甲镇,2021-09-02\n"
    c = _folder(tmp_path, {"项目线索台账（7月）.csv": _JUL, "项目线索台账（8月）.csv": _AUG, "项目线索台账（9月）.csv": sep})
    assert sorted(c.leads["investor"]) == ["公司丁", "公司丙", "公司乙", "公司戊", "公司甲"]
    assert c.leads.set_index("investor").loc["公司丙", "lead_id"] == "1（甲镇，2021-08-05）"
    assert c.stats.loc["leads", ["read", "accepted", "duplicates"]].tolist() == [6, 5, 1]


# The boundaries that stay one lead. By hand: 8月's 1 is 公司甲 again (a cumulative file: one investor) → 1 lead under 1;
# 8月's 1 names 公司丙 but with 7月's 报送日期 7-06 (the investor's name corrected) → still one lead under 1, 8月's version
# kept. Either way 3 leads: 1, 2 and 8月's 3.
@pytest.mark.parametrize("row", ["1,公司甲,甲镇,2021-07-06", "1,公司丙,甲镇,2021-07-06"])
def test_a_later_months_row_of_the_same_investor_or_day_stays_one_lead(tmp_path, row):
    aug = _HEAD + row + "\n3,公司戊,甲镇,2021-08-09\n"
    c = _folder(tmp_path, {"项目线索台账（7月）.csv": _JUL, "项目线索台账（8月）.csv": aug})
    assert sorted(c.leads["lead_id"]) == ["1", "2", "3"]
    assert c.leads.set_index("lead_id").loc["1", "investor"] == row.split(",")[1]
    assert c.stats.loc["leads", ["read", "accepted", "duplicates"]].tolist() == [4, 3, 1]


# A reception quoting 线索编号 1: naming 公司丙 it is of 8月's lead, 1（甲镇，2021-08-05）; naming a company of no lead it
# is of the first lead read under 1 (7月's 公司甲), as a unit's own reception of a shared id is.
def test_a_reception_quoting_a_renumbered_id_is_of_the_lead_its_company_names(tmp_path):
    rec = "接待日期,接待单位,客商名称,线索编号\n2021-08-10,甲镇,公司丙,1\n2021-08-11,甲镇,某公司,1\n"
    c = _folder(tmp_path, {"项目线索台账（7月）.csv": _JUL, "项目线索台账（8月）.csv": _AUG, "接待客商台账.csv": rec})
    got = dict(zip(c.receptions["received_on"].dt.strftime("%m-%d"), c.receptions["lead_id"]))
    assert got == {"08-10": "1（甲镇，2021-08-05）", "08-11": "1"}


# A later month's file listing the unit's earlier leads again, renumbered (review 19's finding against the first version
# of the rule above: 5 leads, not 3). By hand, 7月: 1 公司甲 (7-06), 2 公司乙 (7-12). 8月 swapped: 1 公司乙 (7-12), 2 公司甲
# (7-06), 3 公司丙 (8-05): its 1 and 2 repeat July's leads (the same investor and 报送日期, another ledger) and are counted
# under July's ids → 3 leads: 1 公司甲, 2 公司乙, 3 公司丙; read 5, accepted 3, duplicates 2. 8月 with the new first: 1 公司丙
# (8-05), 2 公司丁 (8-20), 3 公司甲 (7-06), 4 公司乙 (7-12) → 3 is July's 1, 4 July's 2; its 1 and 2 are new leads under
# ids of their own → 4 leads; read 6, accepted 4, duplicates 2. No unit collides with itself (撞单).
@pytest.mark.parametrize("aug, leads", [
    ("1,公司乙,甲镇,2021-07-12\n2,公司甲,甲镇,2021-07-06\n3,公司丙,甲镇,2021-08-05\n",
     {"1": "公司甲", "2": "公司乙", "3": "公司丙"}),
    ("1,公司丙,甲镇,2021-08-05\n2,公司丁,甲镇,2021-08-20\n3,公司甲,甲镇,2021-07-06\n4,公司乙,甲镇,2021-07-12\n",
     {"1": "公司甲", "2": "公司乙", "1（甲镇，2021-08-05）": "公司丙", "2（甲镇，2021-08-20）": "公司丁"})])
def test_a_later_months_file_listing_earlier_leads_renumbered_counts_each_once(tmp_path, aug, leads):
    from yeji_analysis.rules import duplicate_investors
    c = _folder(tmp_path, {"项目线索台账（7月）.csv": _JUL, "项目线索台账（8月）.csv": _HEAD + aug})
    assert c.leads.set_index("lead_id")["investor"].to_dict() == leads
    read = 2 + aug.count("\n")
    assert c.stats.loc["leads", ["read", "accepted", "duplicates"]].tolist() == [read, len(leads), read - len(leads)]
    assert duplicate_investors(c).empty


# Review 19: monthly files named by date are one lineage (甲镇线索_20210731.csv, 甲镇线索_20210831.csv), so they were read
# as versions of one ledger and the unit numbering afresh in them still lost July's leads (2, not 4). Files of one lineage
# that share no lead (no investor and 报送日期 in common) are two months' files. By hand: 4 leads, as in the 7月/8月 case
# above; read 4, accepted 4. A dated file that repeats one of the earlier leads stays its version: the 8-15 case above
# (test_a_later_window_of_new_leads_that_repeats_one_is_not_read_as_corrections).
def test_monthly_files_named_by_date_numbering_afresh_keep_every_months_leads(tmp_path):
    c = _folder(tmp_path, {"甲镇线索_20210731.csv": _JUL, "甲镇线索_20210831.csv": _AUG})
    assert c.leads.set_index("lead_id")["investor"].to_dict() == {"1": "公司甲", "2": "公司乙", "1（甲镇，2021-08-05）": "公司丙",
                                                                 "2（甲镇，2021-08-20）": "公司丁"}
    assert c.stats.loc["leads", ["read", "accepted", "duplicates"]].tolist() == [4, 4, 0]


# Review 19: an office's compiled monthly file in which each unit numbers its own leads 1, 2. By hand, 7月: 甲镇 1 公司甲
# (7-06), 2 公司乙 (7-12); 乙镇 1 公司子 (7-07), 2 公司丑 (7-13). 8月: 甲镇 1 公司丙 (8-05), 2 公司丁 (8-20); 乙镇 1 公司寅
# (8-06), 2 公司卯 (8-21). Eight companies, two units, no row repeating another: 8 leads, 4 of each unit, 4 reported in
# July; read 8, accepted 8, no duplicate. The code before read 乙镇's rows of one file as corrections of 甲镇's under the
# same id (another unit in the same ledger: "the key-based merge decides") and kept 6, losing 甲镇's July leads.
# 乙镇's July leads are counted as 1（乙镇）, 2（乙镇）; the August ones by unit and 报送日期, as in the cases above.
def test_a_compiled_file_in_which_each_unit_numbers_its_own_leads_keeps_every_units_leads(tmp_path):
    units = "单位名称,所属招商小组\n甲镇,一组\n乙镇,一组\n"
    jul = _HEAD + "1,公司甲,甲镇,2021-07-06\n2,公司乙,甲镇,2021-07-12\n1,公司子,乙镇,2021-07-07\n2,公司丑,乙镇,2021-07-13\n"
    aug = _HEAD + "1,公司丙,甲镇,2021-08-05\n2,公司丁,甲镇,2021-08-20\n1,公司寅,乙镇,2021-08-06\n2,公司卯,乙镇,2021-08-21\n"
    rec = "接待日期,接待单位,客商名称,线索编号\n2021-07-20,乙镇,公司子,1\n"
    c = _folder(tmp_path, {"责任单位.csv": units, "项目线索台账（7月）.csv": jul, "项目线索台账（8月）.csv": aug,
                           "接待客商台账.csv": rec})
    assert c.leads.set_index("lead_id")["investor"].to_dict() == {
        "1": "公司甲", "2": "公司乙", "1（乙镇）": "公司子", "2（乙镇）": "公司丑", "1（甲镇，2021-08-05）": "公司丙",
        "2（甲镇，2021-08-20）": "公司丁", "1（乙镇，2021-08-06）": "公司寅", "2（乙镇，2021-08-21）": "公司卯"}
    assert c.leads["unit"].value_counts().to_dict() == {"甲镇": 4, "乙镇": 4}
    assert int((c.leads["reported_on"].dt.month == 7).sum()) == 4
    assert c.stats.loc["leads", ["read", "accepted", "duplicates"]].tolist() == [8, 8, 0]
    assert c.receptions["lead_id"].tolist() == ["1（乙镇）"]   # 乙镇's reception of its own lead 1, 公司子


# The same in a unit's own file: 甲镇 writes 1 twice, for 公司甲 (7-06) and, three rows on, for 公司丙 (7-12): two
# companies, two days, so two leads (1 and 1（甲镇，2021-07-12）), warned; with 2 公司乙 3 leads, read 3, accepted 3. Where
# the second 1 names the same company (公司甲 again, 7-20: the row written twice) or the same day (7-06, the name
# corrected to 甲公司), it is that lead once, the later row kept: 2 leads, read 3, accepted 2, 1 duplicate.
@pytest.mark.parametrize("again, leads", [
    ("1,公司丙,甲镇,2021-07-12", {"1": "公司甲", "2": "公司乙", "1（甲镇，2021-07-12）": "公司丙"}),
    ("1,公司甲,甲镇,2021-07-20", {"1": "公司甲", "2": "公司乙"}),
    ("1,甲公司,甲镇,2021-07-06", {"1": "甲公司", "2": "公司乙"})])
def test_an_id_written_twice_in_one_file_is_two_leads_only_for_two_companies_on_two_days(tmp_path, again, leads):
    c = _folder(tmp_path, {"甲镇线索.csv": _HEAD + "1,公司甲,甲镇,2021-07-06\n2,公司乙,甲镇,2021-07-08\n" + again + "\n"})
    assert c.leads.set_index("lead_id")["investor"].to_dict() == leads
    assert c.stats.loc["leads", ["read", "accepted", "duplicates"]].tolist() == [3, len(leads), 3 - len(leads)]
    if len(leads) == 3:
        m = c.warnings.loc[c.warnings["column"].eq("线索编号"), "message"].tolist()
        assert len(m) == 1 and "不是同一线索" in m[0] and "另一份台账" not in m[0] and "第 2 行" in m[0]


# Review 19: 线索编号 written 无 or / (no number given yet) on several leads. By hand: 7月 无 公司甲, 无 公司乙, / 公司丁,
# 8月 无 公司丙, / 公司戊, 3 公司己: five rows without an id, rejected as a blank 线索编号 is, each saying what was
# written; one lead (3). The code before took 无 and / as two ids and kept 4 leads, 公司甲 merged into 公司乙 as a
# "duplicate". A reception's 线索编号 written 无 names no lead: blank, not an unknown lead warned.
def test_an_id_written_as_none_is_no_id(tmp_path):
    rec = "接待日期,接待单位,客商名称,线索编号\n2021-07-08,甲镇,某公司,无\n2021-07-09,甲镇,公司己,3\n"
    c = _folder(tmp_path, {"甲镇线索（7月）.csv": _HEAD + "无,公司甲,甲镇,2021-07-06\n无,公司乙,甲镇,2021-07-12\n／,公司丁,甲镇,2021-07-13\n",
                           "甲镇线索（8月）.csv": _HEAD + "无,公司丙,甲镇,2021-08-05\n/,公司戊,甲镇,2021-08-06\n3,公司己,甲镇,2021-08-07\n",
                           "接待客商台账.csv": rec})
    assert c.leads["lead_id"].tolist() == ["3"]
    assert c.stats.loc["leads", ["read", "accepted", "duplicates", "rejected"]].tolist() == [6, 1, 0, 5]
    rj = c.rejections[c.rejections["ledger"].eq("leads")]
    assert rj["value"].tolist() == ["无", "无", "／", "无", "/"]
    assert rj["reason"].str.fullmatch("必填项“线索编号”为空（写作“[无/／]”，不是编号）").all()
    assert c.receptions["lead_id"].tolist() == ["", "3"]
    assert c.warnings.empty


# Review 20's findings against the first version of the two rules above (29d192a). By hand:
# (a) 甲镇's running ledger: 1 临沂华祥木业 (7-06), 2 公司乙, 3 公司丙, then 1 临沂华祥木业有限公司 (8-03): one investor once
#     the legal form is folded (DOMAIN.md; normalize_investor), under one id: one lead, not 1（甲镇，2021-08-03）. 3 leads,
#     read 4, 1 duplicate (the later row kept), and 甲镇 does not collide with itself (撞单).
# (b) a compiled file with district-wide ids: XS001 临沂华祥木业 甲镇 (7-06), XS002 公司乙 乙镇, XS001 临沂华祥木业有限公司
#     乙镇 (7-06): XS001 moved to 乙镇, written in full. One lead, 乙镇's: 甲镇 0, 乙镇 2; no "请各单位使用全区统一的线索编号".
# (c) a lead of the id's second unit moved in one compiled file: 甲镇 1 公司甲, 乙镇 1 公司子, 乙镇 2 公司丑, then 丙镇 1 公司子
#     (same day): 公司子 once, now 丙镇's: 甲镇 1, 乙镇 1, 丙镇 1 (the first version: 乙镇 2, 公司子 twice).
def test_one_investor_under_one_id_is_one_lead_whatever_its_legal_form_or_unit(tmp_path):
    from yeji_analysis.rules import duplicate_investors
    c = _folder(tmp_path, {"甲镇线索.csv": _HEAD + "1,临沂华祥木业,甲镇,2021-07-06\n2,公司乙,甲镇,2021-07-08\n"
                           "3,公司丙,甲镇,2021-07-10\n1,临沂华祥木业有限公司,甲镇,2021-08-03\n"})
    assert c.leads.set_index("lead_id")["investor"].to_dict() == {"1": "临沂华祥木业有限公司", "2": "公司乙", "3": "公司丙"}
    assert c.stats.loc["leads", ["read", "accepted", "duplicates"]].tolist() == [4, 3, 1]
    assert duplicate_investors(c).empty


def test_a_lead_moved_to_another_unit_in_one_compiled_file_is_counted_once_for_the_later(tmp_path):
    units = "单位名称,所属招商小组\n甲镇,一组\n乙镇,一组\n丙镇,一组\n"
    c = _folder(tmp_path, {"责任单位.csv": units, "项目线索汇总表.csv": _HEAD + "XS001,临沂华祥木业,甲镇,2021-07-06\n"
                           "XS002,公司乙,乙镇,2021-07-08\nXS001,临沂华祥木业有限公司,乙镇,2021-07-06\n"})
    assert c.leads.set_index("lead_id")["unit"].to_dict() == {"XS001": "乙镇", "XS002": "乙镇"}
    assert not c.warnings["message"].str.contains("全区统一").any()
    c = _folder(tmp_path / "c", {"责任单位.csv": units, "项目线索汇总表.csv": _HEAD + "1,公司甲,甲镇,2021-07-06\n"
                                 "1,公司子,乙镇,2021-07-07\n2,公司丑,乙镇,2021-07-09\n1,公司子,丙镇,2021-07-07\n"})
    assert c.leads.groupby("unit")["investor"].apply(sorted).to_dict() == {"丙镇": ["公司子"], "乙镇": ["公司丑"], "甲镇": ["公司甲"]}


# (d) an office's compiled file, each unit numbering its own, sent again as a 修改版 with one more lead a unit: 甲镇 1 公司甲,
#     2 公司乙, 乙镇 1 公司子, 2 公司丑; the 修改版 the same four and 甲镇 3 公司丙, 乙镇 3 公司寅. By hand 甲镇 3, 乙镇 3;
#     read 10, accepted 6, 4 duplicates (the first version: 甲镇 1, 乙镇 5, its rows of 乙镇 merged into 甲镇's 1).
def test_a_compiled_file_numbered_by_unit_sent_again_keeps_each_units_leads(tmp_path):
    units = "单位名称,所属招商小组\n甲镇,一组\n乙镇,一组\n"
    rows = "1,公司甲,甲镇,2021-07-06\n2,公司乙,甲镇,2021-07-12\n1,公司子,乙镇,2021-07-07\n2,公司丑,乙镇,2021-07-13\n"
    c = _folder(tmp_path, {"责任单位.csv": units, "项目线索汇总表.csv": _HEAD + rows,
                           "项目线索汇总表（修改版）.csv": _HEAD + rows + "3,公司丙,甲镇,2021-07-20\n3,公司寅,乙镇,2021-07-21\n"})
    assert c.leads.groupby("unit")["investor"].apply(sorted).to_dict() == {"乙镇": ["公司丑", "公司子", "公司寅"],
                                                                          "甲镇": ["公司丙", "公司乙", "公司甲"]}
    assert c.stats.loc["leads", ["read", "accepted", "duplicates"]].tolist() == [10, 6, 4]


# (e) one workbook, a sheet a month, the 8月 sheet cumulative and renumbered: 7月 1 公司甲 (7-06), 2 公司乙 (7-12); 8月 1 公司丙
#     (8-05, new), 2 公司甲 (7-06), 3 公司乙 (7-12). 8月's 2 and 3 repeat July's leads (the same investor and 报送日期, another
#     sheet): 3 leads, 1 公司甲, 2 公司乙, 1（甲镇，2021-08-05） 公司丙; read 5, 2 duplicates (the first version: 5 leads).
#     The warning on 8月's 1 names the row it differs from by its sheet: 7月 第 2 行.
def test_a_workbooks_later_sheet_repeating_earlier_leads_renumbered_counts_each_once(tmp_path):
    head = ["线索编号", "投资方", "报送单位", "报送日期"]
    c = _folder(tmp_path, {}, {"项目线索台账.xlsx": {
        "7月": [head, [1, "公司甲", "甲镇", "2021-07-06"], [2, "公司乙", "甲镇", "2021-07-12"]],
        "8月": [head, [1, "公司丙", "甲镇", "2021-08-05"], [2, "公司甲", "甲镇", "2021-07-06"], [3, "公司乙", "甲镇", "2021-07-12"]]}})
    assert c.leads.set_index("lead_id")["investor"].to_dict() == {"1": "公司甲", "2": "公司乙", "1（甲镇，2021-08-05）": "公司丙"}
    assert c.stats.loc["leads", ["read", "accepted", "duplicates"]].tolist() == [5, 3, 2]
    m = c.warnings.loc[c.warnings["message"].str.contains("1（甲镇，2021-08-05）") & c.warnings["sheet"].eq("8月"), "message"]
    assert m.str.contains("项目线索台账.xlsx 7月 第 2 行").any()


# (f) more ways of writing "no id" (review 20): each rejected as a blank 线索编号; ids that only start like one are ids.
@pytest.mark.parametrize("written, rejected", [("（无）", True), ("无。", True), ("#N/A", True), ("---", True), ("——", True),
                                               ("暂无编号", True), ("×", True), ("nA", True), ("待补", True), ("无（待补）", True),
                                               ("暂无（8月补）", True), ("无1", False), ("NA001", False), ("-1", False),
                                               ("0", False), ("XS001（待定）", False)])
def test_each_way_of_writing_no_id(tmp_path, written, rejected):
    c = _folder(tmp_path, {"甲镇线索.csv": _HEAD + f"{written},公司甲,甲镇,2021-07-06\n"})
    assert c.stats.loc["leads", "rejected"] == int(rejected)
    assert c.leads["lead_id"].tolist() == ([] if rejected else [id_value(written)])   # full width folded: XS001(待定)


# Review 21's findings against 9c15d09, by hand:
# (g) a workbook's cumulative 8月 sheet renumbered and a date corrected: 7月 1 公司甲 (7-06), 2 公司乙 (7-12); 8月 1 公司丙
#     (8-03), 2 公司甲 (7-08), 3 公司乙 (7-12). 8月's 2 is 甲镇's lead of 公司甲 listed again with its 报送日期 corrected
#     (another sheet, another id; 2 was 公司乙's there): 3 leads, 1 公司甲 reported 7-08 (the later kept), 2 公司乙 and
#     1（甲镇，2021-08-03） 公司丙; read 5, 2 duplicates (9c15d09: 4, 公司甲 twice).
def test_a_later_sheet_renumbering_a_lead_and_correcting_its_day_counts_it_once(tmp_path):
    head = ["线索编号", "投资方", "报送单位", "报送日期"]
    c = _folder(tmp_path, {}, {"甲镇线索台账.xlsx": {
        "7月": [head, [1, "公司甲", "甲镇", "2021-07-06"], [2, "公司乙", "甲镇", "2021-07-12"]],
        "8月": [head, [1, "公司丙", "甲镇", "2021-08-03"], [2, "公司甲", "甲镇", "2021-07-08"], [3, "公司乙", "甲镇", "2021-07-12"]]}})
    ld = c.leads.set_index("lead_id")
    assert ld["investor"].to_dict() == {"1": "公司甲", "2": "公司乙", "1（甲镇，2021-08-03）": "公司丙"}
    assert str(ld.at["1", "reported_on"].date()) == "2021-07-08"
    assert c.stats.loc["leads", ["read", "accepted", "duplicates"]].tolist() == [5, 3, 2]


# (h) two projects of one investor on one day: 7月 1 家具厂 公司甲 20000, 2 涂料车间 公司甲 8000 (both 7-06); the cumulative
#     8月 sheet: 1 仓储 公司丙 (8-03) and both projects again under 2 and 3, in either order. Each repeat is its own
#     project's (paired by 项目名称): 3 leads, 1 家具厂 20000, 2 涂料车间 8000 (9c15d09 mapped both onto 1: 家具厂 lost).
# (i) the same investor's second project on another day in the next sheet, under an id 7月 gave another company: 7月 1
#     家具厂 公司甲 (7-06), 2 板材厂 公司乙; 8月 1 仓储 公司丙, 2 涂料车间 公司甲 (8-10): another project, not 1 again: 4 leads.
@pytest.mark.parametrize("order", [["家具厂", "涂料车间"], ["涂料车间", "家具厂"]])
def test_two_projects_of_one_investor_repeated_in_a_later_sheet_stay_two(tmp_path, order):
    head = ["线索编号", "项目名称", "投资方", "报送单位", "报送日期", "计划投资额（万元）"]
    amount = {"家具厂": 20000, "涂料车间": 8000}
    c = _folder(tmp_path, {}, {"项目线索台账.xlsx": {
        "7月": [head, [1, "家具厂", "公司甲", "甲镇", "2021-07-06", 20000], [2, "涂料车间", "公司甲", "甲镇", "2021-07-06", 8000]],
        "8月": [head, [1, "仓储", "公司丙", "甲镇", "2021-08-03", 3000]]
               + [[k, p, "公司甲", "甲镇", "2021-07-06", amount[p]] for k, p in zip((2, 3), order)]}})
    ld = c.leads.set_index("lead_id")
    assert ld[["project", "investment_wan"]].to_dict("index") == {
        "1": {"project": "家具厂", "investment_wan": 20000.0}, "2": {"project": "涂料车间", "investment_wan": 8000.0},
        "1（甲镇，2021-08-03）": {"project": "仓储", "investment_wan": 3000.0}}


def test_an_investors_second_project_under_a_reused_id_is_another_lead(tmp_path):
    head = ["线索编号", "项目名称", "投资方", "报送单位", "报送日期"]
    c = _folder(tmp_path, {}, {"项目线索台账.xlsx": {
        "7月": [head, [1, "家具厂", "公司甲", "甲镇", "2021-07-06"], [2, "板材厂", "公司乙", "甲镇", "2021-07-12"]],
        "8月": [head, [1, "仓储", "公司丙", "甲镇", "2021-08-03"], [2, "涂料车间", "公司甲", "甲镇", "2021-08-10"]]}})
    assert sorted(c.leads["project"]) == sorted(["家具厂", "板材厂", "仓储", "涂料车间"])


# (j) an investor first written without its place: 甲镇 1 华祥木业 (7-06), 2 公司乙, then 1 临沂华祥木业有限公司 (8-03): the one
#     company of that trade name with a place, as the 撞单 check keys it (investors.InvestorIndex): one lead; 2 leads.
# (k) the same in a compiled file, the lead moved: 甲镇 1 华祥木业, 乙镇 1 公司子, 乙镇 1 临沂华祥木业有限公司 (8-03): 华祥 moved
#     to 乙镇: 乙镇 2, 甲镇 0 (9c15d09: 3 and 2 a unit).
def test_an_investor_written_without_then_with_its_place_is_one_lead(tmp_path):
    units = "单位名称,所属招商小组\n甲镇,一组\n乙镇,一组\n"
    c = _folder(tmp_path, {"甲镇线索.csv": _HEAD + "1,华祥木业,甲镇,2021-07-06\n2,公司乙,甲镇,2021-07-12\n"
                           "1,临沂华祥木业有限公司,甲镇,2021-08-03\n"})
    assert sorted(c.leads["investor"]) == ["临沂华祥木业有限公司", "公司乙"]
    c = _folder(tmp_path / "k", {"责任单位.csv": units, "项目线索汇总表.csv": _HEAD + "1,华祥木业,甲镇,2021-07-06\n"
                                 "1,公司子,乙镇,2021-07-07\n1,临沂华祥木业有限公司,乙镇,2021-08-03\n"})
    assert c.leads.groupby("unit")["investor"].apply(sorted).to_dict() == {"乙镇": ["临沂华祥木业有限公司", "公司子"]}


# Review 21 (d04b): a ledger sent three times, X.csv, X（修改版）.csv and X（修改版2）.csv, the last correcting 2 公司丑 to
# 公司丑科技. By name 修改版2 sorted before 修改版 ("2" before "）"), so the 修改版 was taken as the later and the correction
# lost. By the number the name gives (versions.revision_level: 0, 1, 2) 修改版2 is the latest: 公司丑科技 is counted,
# 3 leads, read 9, 6 duplicates.
def test_a_second_revision_named_2_is_later_than_the_first(tmp_path):
    rows = "1,公司甲,甲镇,2021-07-06\n3,公司丙,甲镇,2021-07-20\n"
    c = _folder(tmp_path, {"甲镇线索.csv": _HEAD + "2,公司丑,甲镇,2021-07-13\n" + rows,
                           "甲镇线索（修改版）.csv": _HEAD + "2,公司丑,甲镇,2021-07-13\n" + rows,
                           "甲镇线索（修改版2）.csv": _HEAD + "2,公司丑科技,甲镇,2021-07-13\n" + rows})
    assert c.leads.set_index("lead_id")["investor"].to_dict() == {"1": "公司甲", "2": "公司丑科技", "3": "公司丙"}
    assert c.stats.loc["leads", ["read", "accepted", "duplicates"]].tolist() == [9, 3, 6]
