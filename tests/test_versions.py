"""Versions of one ledger file (ledgers/versions.py): which files are one ledger sent again, which is the later, and
which row of an older version the later one corrected in a key cell."""

import pandas as pd

from yeji_analysis.ledgers import load_campaign
from yeji_analysis.ledgers.versions import corrected_in_place, is_revision, lineage, submission_rank


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
    # re-sorted: 7-21 合肥 moved below 临沂 (a shared record): not matched, counted as two trips as before
    df, rank, kept, merged = _pair(["2021-07-05", "2021-07-19", "2021-07-21"], ["常州", "临沂", "合肥"])
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
