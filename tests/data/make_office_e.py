"""Write tests/data/office_e/: a fifth office's ledgers (a red team of the dispatch report), kept the way a district
promotion office compiles them: ONE consolidated workbook per month with every unit in it.

    .venv/bin/python tests/data/make_office_e.py          # openpyxl only

The office's habits (unlike office_b/c/d):
- 叶集区双招双引工作台账（7月）.xlsx, （8月）.xlsx, （9月）.xlsx: one book a month, compiled by the 区投资促进中心, each with
  the sheets 外出招商 / 接待客商 / 项目线索; row 1 a title, row 2 "填报单位：…　填报日期：…", row 3 the header, data from row 4;
  the unit (参与单位 / 接待单位) merged down over its rows; a 合计 row under the data; in August a 补报 section label
  and a late row BELOW the 合计 row; a 备注 column everywhere;
- 是否主要负责人带队 filled with the head's NAME (周建华, 刘德山带队, 陈刚（镇长）) or 否; once, wrongly, with another unit's
  head (洪集镇's trip "周建华", who heads 平岗街道);
- dates: July and September typed as text without a year (7月5日), August as real Excel dates shown 2021/8/3;
- a trip crossing the month end (平岗街道 8.30 → 9.1) entered in the August book AND again in the September book
  (临沂市 there, 山东临沂 in August);
- a lead whose stage moved is listed again in a later month's book with its new stage (HJ-01 签约 in August's,
  SW-01 签约 in September's);
- 区商务局 also sends its own book 区商务局外出招商台账.xlsx (no 填报日期 line, dates 2021/8/6 as text): its trips and
  one reception again, places and companies written its own way (山东省临沂市 / 临沂, 常州市 / 江苏常州, 三元镇、区商务局 /
  区商务局、三元镇, 常州市恒力树脂有限责任公司 / 常州恒力树脂有限公司);
- once the compiler typed a unit by its short name (洪集 for 洪集镇): docs/ledgers.md does not accept short names, so
  that row must be rejected with file, sheet, row and column.
Every figure expected from it is worked out by hand in tests/test_office_e.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

OUT = Path(__file__).resolve().parent / "office_e"

UNITS_BOOK = "叶集区双招双引责任单位及招商小组名单.xlsx"
JUL = "叶集区双招双引工作台账（7月）.xlsx"
AUG = "叶集区双招双引工作台账（8月）.xlsx"
SEP = "叶集区双招双引工作台账（9月）.xlsx"
SW_OWN = "区商务局外出招商台账.xlsx"

PG, HJ, SW, SY = "平岗街道", "洪集镇", "区商务局", "三元镇"
d = dt.datetime

TRIP_HEAD = ["序号", "参与单位", "出发日期", "返回日期", "目的地", "是否主要负责人带队", "拜访企业", "备注"]
REC_HEAD = ["序号", "接待单位", "接待日期", "来访企业", "来源地", "线索编号", "备注"]
LEAD_HEAD = ["序号", "线索编号", "项目名称", "投资方", "来源地", "产业类别", "计划投资额（万元）", "报送单位", "报送日期",
             "当前阶段", "意向日期", "签约日期", "开工日期", "甄别结果", "联系人", "联系电话", "备注"]


def sheet(wb, name, title, filed, header, rows, merges=(), date_cols=()):
    """Row 1 the title, row 2 the filing line (when given), then the header and the rows; ``merges`` as 'B4:B5'."""
    ws = wb.create_sheet(name)
    ws.append([title] + [None] * (len(header) - 1))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    if filed:
        ws.append([filed] + [None] * (len(header) - 1))
    ws.append(header)
    for r in rows:
        ws.append(list(r) + [None] * (len(header) - len(r)))
    for m in merges:
        ws.merge_cells(m)
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, dt.datetime):
                c.number_format = "yyyy/m/d"
    return ws


def book(name, *sheets_):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for s in sheets_:
        sheet(wb, *s)
    wb.save(OUT / name)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for f in OUT.glob("*.xlsx"):
        f.unlink()

    # ------------------------------------------------------------------------------------------ units and groups
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "责任单位"
    for r in [["叶集区“双招双引”集中攻坚季责任单位名单", None, None, None, None],
              ["序号", "单位名称", "单位类型", "所属招商小组", "主要负责人"],
              [1, PG, "街道", "家居板材招商小组", "周建华"],
              [2, HJ, "乡镇", None, "刘德山"],
              [3, SW, "区政府部门", "化工新材料招商小组", "王志强"],
              [4, SY, "乡镇", None, "陈刚"]]:
        ws.append(r)
    ws.merge_cells("D3:D4")
    ws.merge_cells("D5:D6")
    ws2 = wb.create_sheet("招商小组")
    for r in [["小组名称", "牵头领导", "牵头单位", "主攻产业", "主攻区域"],
              ["家居板材招商小组", "张副区长", PG, "家居板材、智能家居", "临沂、南浔、佛山"],
              ["化工新材料招商小组", "李副区长", SW, "化工新材料", "常州、长三角"]]:
        ws2.append(r)
    wb.save(OUT / UNITS_BOOK)

    # ------------------------------------------------------------------------------------------ July (text dates, no year)
    filed = "填报单位：区投资促进中心（汇总）　填报日期：2021年8月2日"
    trips = [[1, PG, "7月5日", "7月7日", "山东临沂", "周建华", "临沂华祥木业有限公司", None],          # r4
             [2, None, "7月19日", "7月19日", "浙江南浔", "否", None, None],                             # r5 (B4:B5)
             [3, HJ, "7月8日", "7月9日", "广东佛山", "刘德山带队", "佛山宏达家具有限公司", None],       # r6
             [4, None, "7月22日", "7月22日", "合肥", "否", None, None],                                 # r7 (B6:B7)
             [5, "洪集", "7月30日", "7月30日", "合肥", "否", None, "补录"],                             # r8 short name
             [6, SW, "7月12日", "7月14日", "江苏常州", "王志强", "常州新航化工有限公司", None],         # r9
             [7, None, "7月26日", "7月26日", "上海", "否", None, None],                                 # r10 (B9:B10)
             [8, SY, "7月15日", "7月15日", "江苏苏州", "否", None, None],                               # r11
             [9, None, "7月28日", "7月28日", "南京", "陈刚", None, None],                               # r12 (B11:B12)
             ["合计", None, None, None, None, None, None, "共9次"]]                                     # r13
    recs = [[1, PG, "7月20日", "临沂华祥木业有限公司", "临沂", "PG-01", None],                          # r4
            [2, HJ, "7月16日", "佛山宏达家具有限公司", "佛山", "HJ-01", None],                          # r5
            [3, SW, "7月21日", "常州新航化工有限公司", "常州", "SW-01", None],                          # r6
            [4, SY, "7月27日", "江苏常州恒力树脂有限公司", "常州", "SY-01", None],                      # r7
            ["合计", None, None, None, None, None, "共4次"]]                                            # r8
    leads = [[1, "PG-01", "华祥木业扩建项目", "临沂华祥木业有限公司", "山东临沂", "家居板材", 8000, PG, "7月6日",
              "线索", None, None, None, "有效", "张经理", "13805391234", None],                         # r4
             [2, "HJ-01", "宏达家具生产基地", "佛山宏达家具有限公司", "广东佛山", "家居板材", "1.5亿", HJ, "7月20日",
              "线索", None, None, None, "有效", "李总", "13702881234", None],                           # r5
             [3, "SW-01", "新航化工新材料项目", "常州新航化工有限公司", "江苏常州", "化工新材料", "1.2亿元", SW, "7月9日",
              "意向", "7月30日", None, None, "有效", "王经理", "13912301234", None],                   # r6
             [4, "SY-01", "恒力树脂项目", "江苏常州恒力树脂有限公司", "江苏常州", "化工新材料", 5000, SY, "7月14日",
              "线索", None, None, None, None, "赵经理", "13861201234", "待甄别"]]                      # r7
    book(JUL,
         ("外出招商", "叶集区“双招双引”外出招商台账（7月）", filed, TRIP_HEAD, trips, ["B4:B5", "B6:B7", "B9:B10", "B11:B12"]),
         ("接待客商", "叶集区“双招双引”接待客商台账（7月）", filed, REC_HEAD, recs),
         ("项目线索", "叶集区“双招双引”项目线索台账（7月）", filed, LEAD_HEAD, leads))

    # ------------------------------------------------------------------------------------------ August (Excel dates)
    filed = "填报单位：区投资促进中心（汇总）　填报日期：2021年9月1日"
    trips = [[1, PG, d(2021, 8, 3), d(2021, 8, 5), "四川成都", "周建华", None, None],                   # r4
             [2, None, d(2021, 8, 24), d(2021, 8, 27), "江苏常州", "否", None, None],                  # r5
             [3, None, d(2021, 8, 30), d(2021, 9, 1), "山东临沂", "否", None, "跨月"],                 # r6 (B4:B6)
             [4, HJ, d(2021, 8, 10), d(2021, 8, 11), "广东佛山", "周建华", None, None],                # r7 wrong head
             [5, SW, d(2021, 8, 6), d(2021, 8, 6), "临沂", "否", None, None],                          # r8
             [6, "区商务局、三元镇", d(2021, 8, 27), d(2021, 8, 28), "江苏常州", "王志强", None, "联合外出"],  # r9
             ["合计", None, None, None, None, None, None, "共6次"],                                    # r10
             ["补报"],                                                                                 # r11 (A11:H11)
             [7, SY, d(2021, 8, 20), d(2021, 8, 20), "上海", "陈刚", None, "8月20日外出，补报"]]       # r12
    recs = [[1, PG, d(2021, 8, 12), "湖州南浔森林木业有限公司", "南浔", None, None],                   # r4
            [2, SW, d(2021, 8, 18), "常州新航化工有限公司", "常州", "SW-01", None],                     # r5
            [3, SY, d(2021, 8, 9), "苏州华策工程咨询有限公司", "苏州", None, None],                     # r6
            ["合计", None, None, None, None, None, "共3次"]]                                            # r7
    leads = [[1, "HJ-01", "宏达家具生产基地", "佛山宏达家具有限公司", "广东佛山", "家居板材", "1.5亿", HJ,
              d(2021, 7, 20), "签约", None, d(2021, 8, 18), None, "有效", "李总", "13702881234", "进展更新"],  # r4
             [2, "PG-02", "华祥木业二期", "临沂市华祥木业有限责任公司", "山东临沂", "家居板材", 3000, PG,
              d(2021, 8, 16), "线索", None, None, None, "有效", "张经理", "13805391234", None],          # r5
             [3, "HJ-02", "云帆电商产业园", "上海云帆电子商务有限公司", "上海", "电子商务", 2000, HJ,
              d(2021, 8, 23), "线索", None, None, None, None, "周经理", "13601601234", None],          # r6
             [4, "SW-02", "华祥木业板材项目", "成都华祥木业有限公司", "四川成都", "家居板材", 6000, SW,
              d(2021, 8, 31), "线索", None, None, None, "有效", "刘经理", "13982801234", None]]         # r7
    book(AUG,
         ("外出招商", "叶集区“双招双引”外出招商台账（8月）", filed, TRIP_HEAD, trips, ["B4:B6", "A11:H11"]),
         ("接待客商", "叶集区“双招双引”接待客商台账（8月）", filed, REC_HEAD, recs),
         ("项目线索", "叶集区“双招双引”项目线索台账（8月）", filed, LEAD_HEAD, leads))

    # ------------------------------------------------------------------------------------------ September (to 9-08)
    filed = "填报单位：区投资促进中心（汇总）　填报日期：2021年9月8日"
    trips = [[1, PG, "8月30日", "9月1日", "临沂市", "否", None, "8月跨月外出"],                         # r4
             [2, None, "9月2日", "9月3日", "浙江南浔", "周建华", None, None],                           # r5 (B4:B5)
             [3, SW, "9月1日", "9月2日", "山东临沂", "王志强", None, None],                             # r6
             [4, SY, "9月3日", "9月4日", "南京", "陈刚（镇长）", None, None],                           # r7
             ["合计", None, None, None, None, None, None, "共4次"]]                                     # r8
    recs = [[1, SY, "9月2日", "江苏常州恒力树脂有限公司", "常州", "SY-01", None],                       # r4
            [2, SW, "9月3日", "常州恒力树脂有限公司", "常州", None, None],                              # r5
            [3, PG, "9月6日", "临沂华祥木业有限公司", "临沂", "PG-01", None],                           # r6
            ["合计", None, None, None, None, None, "共3次"]]                                            # r7
    leads = [[1, "SW-01", "新航化工新材料项目", "常州新航化工有限公司", "江苏常州", "化工新材料", "1.2亿元", SW,
              "7月9日", "签约", "7月30日", "9月7日", None, "有效", "王经理", "13912301234", "进展更新"],   # r4
             [2, "HJ-03", "顺联家居项目", "佛山顺联家居有限公司", "广东佛山", "家居板材", 4000, HJ, "9月3日",
              "线索", None, None, None, "无效", "陈经理", "13702881999", "投资方实力不足"],             # r5
             [3, "SY-02", "华策设计研发中心", "苏州华策工程咨询有限公司", "江苏苏州", "设计研发", 2000, SY, "9月5日",
              "线索", None, None, None, None, "孙经理", "13951201234", None]]                          # r6
    book(SEP,
         ("外出招商", "叶集区“双招双引”外出招商台账（9月）", filed, TRIP_HEAD, trips, ["B4:B5"]),
         ("接待客商", "叶集区“双招双引”接待客商台账（9月）", filed, REC_HEAD, recs),
         ("项目线索", "叶集区“双招双引”项目线索台账（9月）", filed, LEAD_HEAD, leads))

    # ------------------------------------------------------------------------------------------ 区商务局's own book
    own_trips = [[1, "2021/8/6", "2021/8/6", SW, "山东省临沂市", "否", None],                          # r3
                 [2, "2021/8/27", "2021/8/28", "三元镇、区商务局", "常州市", "王志强带队", "联合外出"],  # r4
                 [3, "2021/9/1", "2021/9/2", SW, "临沂市", "王志强带队", None]]                         # r5
    own_recs = [[1, "2021/9/3", SW, "常州市恒力树脂有限责任公司", None]]                              # r3
    book(SW_OWN,
         ("外出招商", "区商务局外出招商台账", None, ["序号", "出发日期", "返回日期", "外出单位", "目的地", "带队", "备注"],
          own_trips),
         ("接待客商", "区商务局接待客商台账", None, ["序号", "接待日期", "接待单位", "客商名称", "备注"], own_recs))


if __name__ == "__main__":
    main()
