"""Write tests/data/office_b/: a red-team folder of ledgers from another office's habits (issue 12).

The files are committed; this script is how they were made, so they can be remade or changed on purpose:

    python tests/data/make_office_b.py          # needs openpyxl, xlwt and odfpy (xlwt/odfpy: not project packages)

Unlike ``yeji_analysis.synth`` and ``tests/test_unseen_ledgers.py``, the office here (the district's investment
promotion centre, 投促中心) compiles trips and receptions in an old ``.xls`` workbook with a hidden 字典 sheet,
三元镇 sends its leads as LibreOffice ``.ods``, 史河街道 sends a macro workbook ``.xlsm``, and Word/WPS/PDF files
lie in the same folder. Dates are written ``21.7.6``, ``21/7/13``, ``7.20``, ``2021年7月15日（周四）``,
``2021-08-03 星期二``, ``2021/8/10 14:30``, ``二〇二一年八月十二日``; amounts ``1亿2000万``, ``1.2亿元人民币``,
``人民币5000万元``, ``1.2 亿``, ``五千万``, ``一亿二千万``, ``约5000万元``, ``预计8000万``, ``3000万左右``,
``5000-8000万``, ``1500万美元``; units joined by a space, 及, 和, 与; a unit whose name holds 和 and brackets
written both widths; leaders ``陈建国带队``, ``由胡志强带队``, ``王立新（局长）``; merged label rows ``补报线索`` and
``二、8月新增``; rows below 合计. Every figure expected from it is worked out by hand in tests/test_office_b.py.
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parent / "office_b"

A = "叶集区责任单位及招商小组（2021版）.xlsx"
B = "投促中心汇总台账.xls"
C = "三元镇项目线索台账.ods"
D = "史河街道线索台账（补报）.xlsm"
PLACEHOLDERS = {
    "工作总结（8月）.docx": b"PK\x03\x04 placeholder: a Word report, not a ledger\n",
    "外出招商台账（WPS表格）.et": b"\xd0\xcf\x11\xe0 placeholder: a WPS spreadsheet saved in its own format\n",
    "三元镇汇报材料.wps": b"\xd0\xcf\x11\xe0 placeholder: a WPS text document\n",
    "签约协议扫描件.pdf": b"%PDF-1.4\n% placeholder: a scanned agreement\n%%EOF\n",
}

UNITS = [["叶集区双招双引责任单位名单"] + [None] * 4,
         ["序号", "单位名称", "单位类型", "所属招商小组", "主要负责人"],
         [1, "史河街道", "乡镇/街道", "家居产业招商小组", "陈建国"],
         [2, "区经济和信息化局（区科技局）", "区政府部门", "家居产业招商小组", "王立新"],
         [3, "三元镇", "乡镇/街道", "化工新材料招商小组（园区）", "胡志强"],
         [4, "区商务局", "区政府部门", "化工新材料招商小组（园区）", "李红梅"],
         [5, "驻合肥招商中心", "驻外招商中心", "驻合肥招商中心", "周明"]]
GROUPS = [["小组名称", "牵头领导", "牵头单位", "主攻产业", "主攻区域"],
          ["家居产业招商小组", "陈副区长", "史河街道", "家居板材", "临沂、佛山"],
          ["化工新材料招商小组(园区)", "王副区长", "三元镇", "化工新材料", "常州"],
          ["驻合肥招商中心", "周主任", "驻合肥招商中心", "家居板材、化工新材料", "长三角"]]
DROPDOWN = [["史河街道", "线索", "有效"], ["区经济和信息化局（区科技局）", "意向", "无效"], ["三元镇", "签约", None],
            ["区商务局", "开工", None], ["驻合肥招商中心", None, None]]

TRIPS = [["2021年攻坚季外出招商登记（投促中心汇总）"] + [None] * 7,
         ["序号", "出发日期", "返回日期", "参与单位", "目的地", "带队", "拜访企业", "成果"],
         [1, "21.7.6", "21.7.8", "史河街道 区经济和信息化局(区科技局)", "山东临沂", "陈建国带队", "临沂鑫源木业有限公司", "对接企业1家"],
         [2, "21/7/13", "21/7/14", "三元镇及区商务局", "江苏常州", "由胡志强带队", "常州华润化工有限公司", None],
         [3, "2021年7月15日（周四）", None, "区经济和信息化局（区科技局）和史河街道", "广东佛山", "王立新（局长）", None, None],
         [4, "7.20", "7.21", "驻合肥招商中心", "上海", "李红梅", None, None],
         ["二、8月新增"] + [None] * 7,
         [5, "2021-08-03 星期二", None, "史河街道与三元镇", "浙江湖州南浔", "是", None, None],
         [6, "2021/8/10 14:30", None, "区商务局", "合肥", "否", None, None],
         ["合计", "6次", None, None, None, None, None, None],
         [7, "2021年8月中旬", None, "三元镇", "常州", "是", None, None],
         [8, "2021.9.2", "2021.9.3", "驻合肥招商中心、史河街道", "南京", "周明", None, None],
         [9, "2021.9.6", None, "史河街道，叶集区招商局", "临沂", "否", None, None]]
RECEPTIONS = [["接待日期", "接待单位", "来访企业", "来源地", "备注"],
              ["2021-07-15 星期四", "史河街道", "临沂鑫源木业有限公司", "临沂", None],
              ["2021/7/22 14:30", "区经济和信息化局 (区科技局)", "佛山市优居门窗有限公司", "佛山", None],
              ["二〇二一年八月十二日", "三元镇", "常州华润化工有限公司", "常州", None],
              ["8月18日", "区商务局", "合肥顺达物流有限公司", "合肥", None],
              ["7月底", "驻合肥招商中心", "某企业", "合肥", None]]
DICT = [["是", "线索"], ["否", "意向"], [None, "签约"], [None, "开工"]]

LEADS_C = [["三元镇招商项目线索台账"],
           ["线索编号", "项目名称", "投资方", "来源地", "产业类别", "计划投资额（万元）", "报送单位", "报送日期", "当前阶段",
            "签约日期", "甄别结果", "备注"],
           ["SY-01", "树脂新材料项目", "常州华润化工有限公司", "江苏常州", "化工新材料", "1.2 亿", "三元镇", "7月15日", "线索", None, "有效", None],
           ["SY-02", "定制家具项目", "成都华祥家具有限公司", "四川成都", "家居板材", "五千万", "三元镇", "2021-07-28", "线索", None, None, None],
           ["SY-03", "涂料项目", "南京某涂料有限公司", "南京", "化工新材料", "一亿二千万", "三元镇", "2021.8.9", "签约", "2021年8月中旬", "有效", None],
           ["二、8月新增"],
           ["SY-04", "助剂项目", "上海某助剂有限公司", "上海", "化工新材料", "预计8000万", "三元镇", "2021.8.16", "线索", None, "无效", None],
           ["SY-05", "板材项目", "临沂某板材有限公司", "临沂", "家居板材", "3000万左右", "三元镇", "2021.8.23", "线索", None, "有效", None],
           ["SY-06", "家具出口项目", "香港某贸易有限公司", "香港", "家居板材", "1500万美元", "三元镇", "2021.8.25", "线索", None, "有效", None],
           ["SY-07", "物流仓储项目", "合肥某物流有限公司", "合肥", "专业市场", "5000-8000万", "三元镇", "2021.9.1", "线索", None, None, None],
           ["SY-08", "新材料项目", "某新材料有限公司", "常州", "化工新材料", 2000, "三元镇", "9月中旬", "线索", None, "有效", None]]

LEADS_D = [["史河街道项目线索台账"] + [None] * 16,
           ["填报日期：2021年9月5日"] + [None] * 16,
           ["序号", "线索编号", "项目名称", "投资方", "来源地", "产业类别", "计划投资额（亿元）", "报送单位", "报送日期", "当前阶段",
            "意向日期", "签约日期", "开工日期", "甄别结果", "联系人", "联系电话", "备注"],
           [1, "SH-01", "板式家具项目", "临沂鑫源木业有限公司", "山东临沂", "家居板材", "1亿2000万", "史河街道", "21.7.12", "签约",
            "21.7.20", "21.8.3", None, "有效", "张经理", "13900001111", None],
           [2, "SH-02", "智能门窗项目", "佛山市优居门窗有限公司", "广东佛山", "家居板材", "1.2亿元人民币", "史河街道",
            "2021年7月20日（周二）", "意向", "2021-07-30 星期五", None, None, "有效", None, None, None],
           ["合计", None, None, None, None, None, 2.4] + [None] * 10,
           [3, "SH-03", "门窗配套项目", "南浔某木业有限公司", "浙江南浔", "家居板材", 0.8, "史河街道", "2021/8/6", "线索",
            None, None, None, None, None, None, None],
           ["补报线索"] + [None] * 16,
           [4, "SH-04", "家居商城项目", "合肥顺达商贸有限公司", "合肥", "专业市场", "约5000万元", "区经济和信息化局(区科技局)",
            "2021.8.18", "线索", None, None, None, "无效", None, None, None],
           [5, "SH-05", "家具配件项目", "佛山某五金有限公司", "佛山", "家居板材", "人民币5000万元", "史河街道", "2021年8月30日", "签约",
            "8月中旬", "2021.9.3", None, "有效", None, None, None],
           [6, "SH-06", "软体家具项目", "某家居有限公司", "临沂", "家居板材", "3000 万", "史河街道", "2021.9.8", "线索",
            None, None, None, "基本有效", None, None, None],
           [7, "SH-07", "某项目", "某公司", "上海", "其他", None, "史和街道", "2021.9.9", "线索", None, None, None, None, None, None, None]]


def _xlsx(path: Path, sheets: list[tuple]) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows, merges, hidden in sheets:
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        for m in merges:
            ws.merge_cells(m)
        if hidden:
            ws.sheet_state = "hidden"
    wb.save(path)


def _xls(path: Path) -> None:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")

    def sheet(name, rows, merged_rows=(), hidden=False):
        ws = wb.add_sheet(name)
        width = max(len(r) for r in rows)
        for i, r in enumerate(rows):
            if i in merged_rows:
                ws.write_merge(i, i, 0, width - 1, r[0])
                continue
            for j, v in enumerate(r):
                if v is not None:
                    ws.write(i, j, v)
        if hidden:
            ws.visibility = 1
    sheet("外出招商", TRIPS, merged_rows=(0, 6))
    sheet("接待客商", RECEPTIONS)
    sheet("字典", DICT, hidden=True)
    wb.save(str(path))


def _ods(path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    t = Table(name="项目线索")
    width = max(len(r) for r in LEADS_C)
    for r in LEADS_C:
        row = TableRow()
        if len(r) == 1:   # a title or label written across the row (LibreOffice: merged, 合并单元格)
            c = TableCell(valuetype="string", numbercolumnsspanned=width)
            c.addElement(P(text=r[0]))
            row.addElement(c)
            for _ in range(width - 1):
                row.addElement(CoveredTableCell())
        else:
            for v in r:
                if v is None:
                    row.addElement(TableCell())
                elif isinstance(v, (int, float)):
                    c = TableCell(valuetype="float", value=v)
                    c.addElement(P(text=str(v)))
                    row.addElement(c)
                else:
                    c = TableCell(valuetype="string")
                    c.addElement(P(text=v))
                    row.addElement(c)
        t.addElement(row)
    doc.spreadsheet.addElement(t)
    doc.save(str(path))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    _xlsx(OUT / A, [("责任单位", UNITS, ["A1:E1"], False), ("招商小组", GROUPS, [], False), ("下拉选项", DROPDOWN, [], True)])
    _xls(OUT / B)
    _ods(OUT / C)
    _xlsx(OUT / D, [("线索", LEADS_D, ["A1:Q1", "A2:Q2", "A8:Q8"], False)])
    for name, data in PLACEHOLDERS.items():
        (OUT / name).write_bytes(data)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
