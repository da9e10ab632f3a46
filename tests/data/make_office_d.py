"""Write tests/data/office_d/: a fourth office's RESUBMITTED ledgers (a red team on docs/ledgers.md, "Resubmissions").

The files are committed; this script is how they were made, so they can be remade or changed on purpose:

    .venv/bin/python tests/data/make_office_d.py          # openpyxl only

Office D (区投资促进中心's desk for four units) keeps one small folder per question, each a complete data folder
(units and groups, leads, trips, receptions) that tests/test_office_d.py reads on its own:

  case1  a 修改版 that inserts a forgotten trip above a trip whose 出发日期 it corrects (三元镇; 平岗街道 the same,
         but the forgotten trip goes to the same city as the corrected one)
  case2  a 修改版 that deletes a row (a trip that did not happen) and corrects the date of the next one (史河街道)
  case3  a 修改版 that corrects a date and re-sorts, so the corrected row moves past a repeated one (区经济和信息化局)
  case4  leads sent twice with 填报日期 lines: 史河街道's book, SAME file name, in the folders 8月1日报送/ and 8月15日报送/
         (by name the later sorts first); the later changes a lead's stage, amount and the form of its id (YJ-002 →
         YJ002). 区经济和信息化局 re-exports its whole book with every id reformatted (JX-01 → JX01)
  case5  an incremental monthly file beside a cumulative one (史河街道: no record shared); 三元镇's August file
         that repeats one July trip at its end, under a 补报 label
  case6  平岗街道's own book, its 修改版 (no 填报日期 line) and the office's compiled 汇总 (dated like the original),
         with a 县级领导带队 column (a district leader led: not the unit's head) beside 主要负责人带队; the 汇总 writes
         临沂 where the unit writes 山东临沂
  case7  区经济和信息化局's book and its 修改版 with the sheets renamed (外出招商 → 外出招商台账, 接待客商 → 接待) and other
         headers (出发日期 → 外出日期, 参与单位 → 外出单位, 接待日期 → 日期 …)

Unlike yeji_analysis.synth (one generated campaign) and office_b/office_c (one folder of many habits), office D types
its dates as text 2021.7.12, puts 填报单位/填报日期 in the second title row, and sends its reference CSVs in GB18030
(as WPS exports them). Every figure expected is worked out by hand in tests/test_office_d.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

OUT = Path(__file__).resolve().parent / "office_d"

SY, PG, SH, JX = "三元镇", "平岗街道", "史河街道", "区经济和信息化局"
HOME, CHEM = "家居板材招商小组", "化工新材料招商小组"

# ---------------------------------------------------------------------------------------------------- reference ledgers
UNITS = [["叶集区“双招双引”责任单位名单"] + [None] * 3,
         ["单位名称", "单位类型", "所属招商小组", "主要负责人"],
         [SY, "乡镇", HOME, "陈立"],
         [PG, "街道", HOME, "周明"],
         [SH, "街道", CHEM, "孙海"],
         [JX, "区政府部门", CHEM, "郑刚"]]
GROUPS = [["小组名称", "牵头领导", "牵头单位", "主攻产业", "主攻区域"],
          [HOME, "李副区长", SY, "家居板材、智能家居", "临沂、南浔"],
          [CHEM, "王副区长", JX, "化工新材料", "常州、长三角"]]
REF_LEADS = ("线索编号,项目名称,投资方,来源地,产业类别,计划投资额（万元）,报送单位,报送日期,甄别结果\n"
             "CK-01,家具五金项目,临沂市鑫达五金有限公司,山东临沂,家居板材,3000,三元镇,2021.7.6,有效\n")
REF_RECEPTIONS = "接待日期,接待单位,来访企业,来源地\n2021.7.9,三元镇,临沂市鑫达五金有限公司,山东临沂\n"
REF_TRIPS = "出发日期,参与单位,目的地\n2021.7.6,三元镇,山东临沂\n"

TRIP_HEAD = ["序号", "出发日期", "返回日期", "参与单位", "目的地", "主要负责人带队"]


def _trips(title: str, filed: str | None, rows: list[list], head: list = TRIP_HEAD, tail: list | None = None) -> list:
    """A trips sheet as office D writes it: a title row, 填报单位/填报日期 (when given), the header, 序号-numbered rows."""
    out = [[title] + [None] * (len(head) - 1)]
    if filed:
        out.append([f"填报单位：{rows[0][2]}　填报日期：{filed}"] + [None] * (len(head) - 1))
    out.append(head)
    numbered = head[0] == "序号"
    out += [([i] if numbered else []) + r for i, r in enumerate(rows, 1)]
    return out + (tail or [])


# ---------------------------------------------------------------------------------------------------- case 1
C1_SY_OLD = [["2021.7.5", "2021.7.6", SY, "山东临沂", "是"],
             ["2021.7.12", "2021.7.13", SY, "合肥", "否"],          # wrong: the trip left on 7-14
             ["2021.7.19", "2021.7.21", SY, "江苏常州", "否"],
             ["2021.8.3", "2021.8.5", SY, "广东佛山", "否"]]
C1_SY_NEW = [["2021.7.5", "2021.7.6", SY, "山东临沂", "是"],
             ["2021.7.9", "2021.7.10", SY, "江苏南京", "否"],       # forgotten, inserted in date order
             ["2021.7.14", "2021.7.15", SY, "合肥", "否"],          # corrected (was 2021.7.12 / 2021.7.13)
             ["2021.7.19", "2021.7.21", SY, "江苏常州", "否"],
             ["2021.8.3", "2021.8.5", SY, "广东佛山", "否"]]
C1_PG_OLD = [["2021.7.6", "2021.7.7", PG, "山东临沂", "否"],
             ["2021.7.13", "2021.7.14", PG, "合肥", "否"],          # wrong: the trip left on 7-16
             ["2021.7.27", "2021.7.28", PG, "江苏常州", "否"]]
C1_PG_NEW = [["2021.7.6", "2021.7.7", PG, "山东临沂", "否"],
             ["2021.7.9", "2021.7.10", PG, "合肥", "否"],           # forgotten, ALSO to 合肥
             ["2021.7.16", "2021.7.17", PG, "合肥", "否"],          # corrected (was 2021.7.13 / 2021.7.14)
             ["2021.7.27", "2021.7.28", PG, "江苏常州", "否"]]

# ---------------------------------------------------------------------------------------------------- case 2
C2_OLD = [["2021.7.2", "2021.7.3", SH, "江苏常州", "是"],
          ["2021.7.8", "2021.7.9", SH, "上海", "否"],               # did not take place: deleted in the 修改版
          ["2021.7.15", "2021.7.16", SH, "江苏苏州", "否"],          # wrong: left on 7-18
          ["2021.7.26", "2021.7.27", SH, "山东临沂", "否"]]
C2_NEW = [["2021.7.2", "2021.7.3", SH, "江苏常州", "是"],
          ["2021.7.18", "2021.7.19", SH, "江苏苏州", "否"],
          ["2021.7.26", "2021.7.27", SH, "山东临沂", "否"]]
C2_NOTE = [["注：删除7月8日赴上海行程（未成行），更正赴苏州出发日期"]]

# ---------------------------------------------------------------------------------------------------- case 3
C3_OLD = [["2021.7.7", "2021.7.8", JX, "江苏常州", "郑刚带队"],
          ["2021.7.12", "2021.7.13", JX, "合肥", "否"],             # wrong: left on 7-22
          ["2021.7.20", "2021.7.21", JX, "江苏苏州", "否"],
          ["2021.8.2", "2021.8.3", JX, "上海", "否"]]
C3_NEW = [["2021.7.7", "2021.7.8", JX, "江苏常州", "郑刚带队"],
          ["2021.7.20", "2021.7.21", JX, "江苏苏州", "否"],
          ["2021.7.22", "2021.7.23", JX, "合肥", "否"],             # corrected, then sorted by date: below 苏州
          ["2021.8.2", "2021.8.3", JX, "上海", "否"]]

# ---------------------------------------------------------------------------------------------------- case 4
LEAD_HEAD = ["序号", "线索编号", "项目名称", "投资方", "来源地", "产业类别", "计划投资额（万元）", "报送单位", "报送日期",
             "当前阶段", "意向日期", "签约日期", "甄别结果"]
YJ1 = ["YJ-001", "精细化工中间体项目", "常州市华润精细化工有限公司", "江苏常州", "化工新材料", "5000", SH, "2021.7.6", "线索",
       None, None, "有效"]
YJ2_OLD = ["YJ-002", "环保涂料项目", "苏州市绿源涂料有限公司", "江苏苏州", "化工新材料", "6000", SH, "2021.7.15", "意向",
           "2021.7.28", None, "有效"]
YJ2_NEW = ["YJ002", "环保涂料项目", "苏州市绿源涂料有限公司", "江苏苏州", "化工新材料", "1.2亿", SH, "2021.7.15", "签约",
           "2021.7.28", "2021.8.10", "有效"]
YJ3 = ["YJ-003", "树脂助剂项目", "上海市申联化工有限公司", "上海", "化工新材料", "2000", SH, "2021.7.22", "线索",
       None, None, None]
YJ4 = ["YJ-004", "改性塑料项目", "常州市金坛新材料有限公司", "江苏常州", "化工新材料", "8000", SH, "2021.8.9", "线索",
       None, None, "有效"]


def _sh_leads(filed: str, rows: list[list]) -> list:
    return ([["史河街道项目线索台账"] + [None] * 12, [f"填报日期：{filed}"] + [None] * 12, LEAD_HEAD]
            + [[i] + r for i, r in enumerate(rows, 1)])


JX_LEAD_HEAD = ["线索编号", "项目名称", "投资方", "来源地", "产业类别", "计划投资额（万元）", "报送单位", "报送日期", "当前阶段",
                "签约日期", "甄别结果"]
JX_OLD = [["填报日期：2021年8月2日"] + [None] * 10, JX_LEAD_HEAD,
          ["JX-01", "高性能树脂项目", "常州市新航化工有限公司", "江苏常州", "化工新材料", "8000", JX, "2021.7.9", "线索", None, "有效"],
          ["JX-02", "阻燃材料项目", "湖州市南浔华达新材料有限公司", "浙江南浔", "化工新材料", "4000", JX, "2021.7.21", "线索", None,
           "有效"]]
JX_NEW = [["填报日期：2021年8月16日"] + [None] * 10, JX_LEAD_HEAD,
          ["JX01", "高性能树脂项目", "常州市新航化工有限公司", "江苏常州", "化工新材料", "1.5亿", JX, "2021.7.9", "签约", "2021.8.6",
           "有效"],
          ["JX02", "阻燃材料项目", "湖州市南浔华达新材料有限公司", "浙江南浔", "化工新材料", "4000", JX, "2021.7.21", "线索", None,
           "有效"]]

# ---------------------------------------------------------------------------------------------------- case 5
C5_SH_CUM = [["2021.7.5", "2021.7.6", SH, "江苏常州", "是"],
             ["2021.7.19", "2021.7.20", SH, "江苏苏州", "否"],
             ["2021.8.5", "2021.8.6", SH, "江苏常州", "否"],
             ["2021.8.19", "2021.8.20", SH, "江苏苏州", "是"]]
C5_SH_INC = [["2021.9.5", "2021.9.6", SH, "江苏常州", "否"],
             ["2021.9.19", "2021.9.20", SH, "江苏苏州", "否"]]
C5_SY_JUL = [["2021.7.5", "2021.7.6", SY, "江苏常州", "否"],
             ["2021.7.19", "2021.7.20", SY, "江苏苏州", "是"],
             ["2021.7.28", "2021.8.1", SY, "上海", "否"]]
C5_SY_AUG_HEAD = [["三元镇8月份外出招商（新增）"] + [None] * 5, TRIP_HEAD,
                  [1, "2021.8.5", "2021.8.6", SY, "江苏常州", "否"],
                  [2, "2021.8.19", "2021.8.20", SY, "江苏苏州", "否"],
                  ["补报7月外出"] + ["补报7月外出"] * 5,                 # merged A5:F5
                  [3, "2021.7.28", "2021.8.1", SY, "上海", "否"]]         # = the July file's row 5

# ---------------------------------------------------------------------------------------------------- case 6
C6_HEAD = ["序号", "出发日期", "返回日期", "参与单位", "目的地", "主要负责人带队", "县级领导带队"]
C6_OLD = [["平岗街道外出招商台账"] + [None] * 6, ["填报单位：平岗街道　填报日期：2021年8月3日"] + [None] * 6, C6_HEAD,
          [1, "2021.7.6", "2021.7.8", PG, "山东临沂", "否", None],
          [2, "2021.7.20", "2021.7.22", PG, "广东佛山", "否", None]]
C6_NEW = [["平岗街道外出招商台账（修改版）"] + [None] * 6, C6_HEAD,                # no 填报日期 line
          [1, "2021.7.6", "2021.7.8", PG, "山东临沂", "是", "王副区长"],       # 周明 went, with 王副区长
          [2, "2021.7.20", "2021.7.22", PG, "广东佛山", "否", "王副区长"]]     # only 县级领导带队 changed
C6_SUM = [["叶集区“双招双引”外出招商情况汇总表"] + [None] * 6,
          ["填报单位：区投资促进中心　填报日期：2021年8月3日"] + [None] * 6,
          ["序号", "出发日期", "返回日期", "参与单位", "目的地", "县级领导带队", "是否主要负责人带队"],
          [1, "2021.7.6", "2021.7.8", PG, "临沂", "王副区长", "否"],
          [2, "2021.7.20", "2021.7.22", PG, "广东佛山", "王副区长", "否"],
          [3, "2021.7.27", "2021.7.28", SH, "江苏常州", None, "是"]]

# ---------------------------------------------------------------------------------------------------- case 7
C7_OLD_TRIPS = [["填报日期：2021年8月2日"] + [None] * 5, TRIP_HEAD,
                [1, "2021.7.8", "2021.7.9", JX, "江苏常州", "否"],
                [2, "2021.7.15", "2021.7.16", JX, "上海", "否"],         # wrong: left on 7-16
                [3, "2021.7.23", "2021.7.25", JX, "浙江南浔", "否"]]
C7_OLD_REC = [["填报日期：2021年8月2日"] + [None] * 3, ["接待日期", "接待单位", "来访企业", "来源地"],
              ["2021.7.13", JX, "常州市新航化工有限公司", "江苏常州"]]
C7_NEW_TRIPS = [["填报日期：2021年8月9日"] + [None] * 4, ["外出日期", "结束日期", "外出单位", "外出地点", "负责人带队"],
                ["2021.7.8", "2021.7.9", JX, "江苏常州", "是"],          # 带队 corrected
                ["2021.7.16", "2021.7.17", JX, "上海", "否"],            # 外出日期 corrected in place
                ["2021.7.23", "2021.7.25", JX, "浙江南浔", "否"]]
C7_NEW_REC = [["填报日期：2021年8月9日"] + [None] * 3, ["日期", "单位", "客商", "来源"],
              ["2021.7.13", JX, "常州市新航化工有限公司", "江苏常州"],
              ["2021.8.4", JX, "上海市申联化工有限公司", "上海"]]


def _book(path: Path, sheets: list[tuple]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows, *merges in sheets:
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        for m in (merges[0] if merges else []):
            ws.merge_cells(m)
    wb.save(path)


def _csv(path: Path, text: str) -> None:
    path.write_bytes(text.encode("gb18030"))


def _reference(folder: Path, leads: bool = True, receptions: bool = True, trips: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    _book(folder / "叶集区双招双引责任单位名单.xlsx", [("责任单位", UNITS, ["A1:D1"]), ("招商小组", GROUPS)])
    if leads:
        _csv(folder / "项目线索台账.csv", REF_LEADS)
    if receptions:
        _csv(folder / "接待客商台账.csv", REF_RECEPTIONS)
    if trips:
        _csv(folder / "外出招商台账.csv", REF_TRIPS)


def _trip_book(path: Path, title: str, filed: str | None, rows: list[list], tail: list | None = None) -> None:
    _book(path, [("外出招商", _trips(title, filed, rows, tail=tail), ["A1:F1"])])


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    c = OUT / "case1"
    _reference(c)
    _trip_book(c / "三元镇外出招商台账.xlsx", "三元镇外出招商台账", "2021年8月5日", C1_SY_OLD)
    _trip_book(c / "三元镇外出招商台账（修改版）.xlsx", "三元镇外出招商台账", "2021年8月12日", C1_SY_NEW,
               tail=[["注：补报7月9日赴南京外出1次；赴合肥出发日期由7月12日更正为7月14日"]])
    _trip_book(c / "平岗街道外出招商台账.xlsx", "平岗街道外出招商台账", "2021年8月5日", C1_PG_OLD)
    _trip_book(c / "平岗街道外出招商台账（修改版）.xlsx", "平岗街道外出招商台账", "2021年8月12日", C1_PG_NEW)

    c = OUT / "case2"
    _reference(c)
    _trip_book(c / "史河街道外出招商台账.xlsx", "史河街道外出招商台账", "2021年8月4日", C2_OLD)
    _trip_book(c / "史河街道外出招商台账（修改版）.xlsx", "史河街道外出招商台账", "2021年8月11日", C2_NEW, tail=C2_NOTE)

    c = OUT / "case3"
    _reference(c)
    _trip_book(c / "区经济和信息化局外出招商台账.xlsx", "区经济和信息化局外出招商台账", "2021年8月3日", C3_OLD)
    _trip_book(c / "区经济和信息化局外出招商台账（修改版）.xlsx", "区经济和信息化局外出招商台账", "2021年8月10日", C3_NEW)

    c = OUT / "case4"
    _reference(c, leads=False, trips=True)
    _book(c / "8月1日报送" / "史河街道项目线索台账.xlsx", [("项目线索", _sh_leads("2021年8月1日", [YJ1, YJ2_OLD, YJ3]))])
    _book(c / "8月15日报送" / "史河街道项目线索台账.xlsx", [("项目线索", _sh_leads("2021年8月15日", [YJ1, YJ2_NEW, YJ3, YJ4]))])
    _book(c / "区经济和信息化局项目线索.xlsx", [("线索", JX_OLD)])
    _book(c / "区经济和信息化局项目线索（修改版）.xlsx", [("线索", JX_NEW)])

    c = OUT / "case5"
    _reference(c)
    _book(c / "史河街道外出招商台账_20210901.xlsx", [("外出招商", _trips("史河街道外出招商台账（7-8月）", None, C5_SH_CUM))])
    _book(c / "史河街道外出招商台账_20210915.xlsx", [("外出招商", _trips("史河街道9月份外出招商（新增）", None, C5_SH_INC))])
    _book(c / "三元镇外出招商台账_20210802.xlsx", [("外出招商", _trips("三元镇7月份外出招商台账", None, C5_SY_JUL))])
    _book(c / "三元镇外出招商台账_20210901.xlsx", [("外出招商", C5_SY_AUG_HEAD, ["A5:F5"])])

    c = OUT / "case6"
    _reference(c)
    _book(c / "平岗街道外出招商台账.xlsx", [("外出招商", C6_OLD)])
    _book(c / "平岗街道外出招商台账（修改版）.xlsx", [("外出招商", C6_NEW)])
    _book(c / "叶集区外出招商情况汇总表.xlsx", [("汇总", C6_SUM, ["A1:G1"])])

    c = OUT / "case7"
    _reference(c, receptions=False)
    _book(c / "区经济和信息化局双招双引台账.xlsx", [("外出招商", C7_OLD_TRIPS), ("接待客商", C7_OLD_REC)])
    _book(c / "区经济和信息化局双招双引台账（修改版）.xlsx", [("外出招商台账", C7_NEW_TRIPS), ("接待", C7_NEW_REC)])


if __name__ == "__main__":
    main()
