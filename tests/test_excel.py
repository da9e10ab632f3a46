"""The dispatch workbook: Chinese headers, frozen header row, widths, status fills."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from yeji_analysis.present.excel import display_width, status_columns_of, write_workbook


@pytest.fixture
def compliance():
    return pd.DataFrame({
        "unit": ["史河街道", "区商务局", "孙岗乡"],
        "month": ["2021-07", "2021-07", "2021-08"],
        "trips": [2, 1, 0],
        "trips_status": ["met", "missed", "behind"],
        "status": ["met", "missed", "on_track"],
        "trip_ids": [["T1", "T2"], ["T3"], []],
        "reported_on": pd.to_datetime(["2021-07-05", "2021-07-31", None]),
        "investment_wan": [12000.5, None, 300.0],
        "leading": [True, False, True],
    })


def test_display_width_counts_cjk_double():
    # 4 CJK characters = 8 columns; ASCII 1 each; full-width digits are wide too
    assert display_width("招商小组") == 8
    assert display_width("ab12") == 4
    assert display_width("１２") == 4
    assert display_width(None) == 0


def test_status_columns_found_by_name(compliance):
    assert status_columns_of(compliance) == ["trips_status", "status"]


def test_workbook_headers_freeze_widths_and_values(tmp_path, compliance):
    path = write_workbook(tmp_path / "d.xlsx", {"单位达标": compliance, "空表": compliance.iloc[0:0]})
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["单位达标", "空表"]
    ws = wb["单位达标"]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["单位", "月份", "外出招商台账"]  # through the labels table
    assert headers[4] == "状态"
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.bold
    # statuses written as their Chinese labels
    assert [ws.cell(row=r, column=5).value for r in (2, 3, 4)] == ["达标", "未达标", "进度正常"]
    assert [ws.cell(row=r, column=4).value for r in (2, 3, 4)] == ["达标", "未达标", "进度滞后"]
    # lists joined, dates as dates, blanks empty, booleans in words
    assert ws["F2"].value == "T1、T2" and ws["F4"].value is None
    assert ws["G2"].value.date() == dt.date(2021, 7, 5) and ws["G2"].number_format == "yyyy-mm-dd"
    assert ws["G4"].value is None and ws["H3"].value is None
    # every data cell of a column takes its column's format and sits at the top of its row, the blank third row's
    # too; the header's bold and fill stay in the header (the column's cells share one style)
    assert [ws.cell(row=r, column=7).number_format for r in (2, 3, 4)] == ["yyyy-mm-dd"] * 3
    assert [ws.cell(row=r, column=8).number_format for r in (2, 3, 4)] == ["#,##0.##"] * 3
    assert ws["A3"].number_format == "General"
    assert {ws.cell(row=r, column=c).alignment.vertical for r in (2, 3, 4) for c in range(1, 10)} == {"top"}
    assert not any(ws.cell(row=r, column=c).font.bold or ws.cell(row=r, column=c).fill.fill_type
                   for r in (2, 3, 4) for c in range(1, 10))
    assert ws["I2"].value == "是" and ws["I3"].value == "否"
    # width of the unit column: the widest of 单位 (4) and 叶... 史河街道 (8) + 2 padding = 10
    assert ws.column_dimensions["A"].width == 10
    # the month column: "2021-07" = 7, header 月份 = 4 → 9
    assert ws.column_dimensions["B"].width == 9
    # an empty frame still has its header row
    assert [c.value for c in wb["空表"][1]][:2] == ["单位", "月份"] and wb["空表"].max_row == 1


def test_conditional_fills_on_status_columns(tmp_path, compliance):
    path = write_workbook(tmp_path / "d.xlsx", {"s": compliance})
    ws = openpyxl.load_workbook(path)["s"]
    rules = {}
    for rng in ws.conditional_formatting:
        for rule in rng.rules:
            rules.setdefault(str(rng.sqref), {})[rule.formula[0]] = rule.dxf.fill.fgColor.rgb
    # status columns D (trips_status) and E (status), rows 2..4
    assert set(rules) == {"D2:D4", "E2:E4"}
    fills = rules["E2:E4"]
    assert fills['"达标"'].endswith("C6EFCE") and fills['"未达标"'].endswith("FFC7CE")
    assert fills['"进度滞后"'].endswith("FFEB9C") and '"进度正常"' in fills


def test_english_headers_and_long_sheet_names(tmp_path, compliance):
    name = "x" * 40
    path = write_workbook(tmp_path / "e.xlsx", {name: compliance, name + "y": compliance, "a/b": compliance},
                          lang="en", header_keys={"trips": "head_trips"})
    wb = openpyxl.load_workbook(path)
    assert [len(n) for n in wb.sheetnames[:2]] == [31, 31] and wb.sheetnames[0] != wb.sheetnames[1]
    assert wb.sheetnames[2] == "a_b"
    ws = wb[wb.sheetnames[0]]
    assert [c.value for c in ws[1]][:3] == ["unit", "month", "head-led trips"]
    assert ws["E3"].value == "missed"


def test_every_sheet_prints_landscape_one_page_wide_with_its_header(tmp_path):
    # a 40-character reason (80 display columns), a short unit, and a header of 13 CJK characters (26 columns)
    long_text = "原因" * 20
    df = pd.DataFrame({"unit": ["区财政局", "孙岗乡"], "note": [long_text, "短"], "主要负责人带队外出次数合计": [1, 2]})
    path = write_workbook(tmp_path / "p.xlsx", {"甲": df, "乙": df.head(1)}, labels=False)
    wb = openpyxl.load_workbook(path)
    for ws in wb:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.paperSize == 9  # A4 in the OOXML paper-size table
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == "$1:$1"
        assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    ws = wb["甲"]
    # the long text: 80 columns, capped at 30 (+2 padding) and wrapped, in every row; the short unit column not
    assert ws.column_dimensions["B"].width == 32
    assert ws["B2"].alignment.wrap_text and ws["B3"].alignment.wrap_text
    assert not ws["A2"].alignment.wrap_text
    # 区财政局 = 8 columns, header unit = 4 → 8 + 2
    assert ws.column_dimensions["A"].width == 10
    # the 26-column header over one-digit values wraps at 10 (+2 padding)
    assert ws.column_dimensions["C"].width == 12 and ws["C1"].alignment.wrap_text
    # rows as tall as their wrapped lines: the 80-column note in a 30-column text area → ceil(88 / 30) = 3 lines
    # of 15 points (+2); the header row: the 26-column header in 10 → ceil(28.6 / 10) = 3 lines as well
    assert ws.row_dimensions[2].height == 3 * 15 + 2 and ws.row_dimensions[1].height == 3 * 15 + 2
    assert ws.row_dimensions[3].height is None  # one line: left to the viewer's default


def test_dates_in_a_column_of_mixed_values_keep_their_date_format(tmp_path):
    # a corrections sheet's 更正值 as officials type them: a text, an Excel date, a number. openpyxl gives each
    # date cell a date format as it is written; the column's other cells stay General. Read back, by hand:
    # row 2 the text, row 3 the date 2021-08-16 (not its serial 44424), row 4 the number 6000 (not 1916-06-04);
    # a first cell that is a date does not make the numbers below it dates either (column B).
    df = pd.DataFrame({"corrected": pd.Series(["史河街道", dt.date(2021, 8, 16), 6000], dtype=object),
                       "raw": pd.Series([dt.datetime(2021, 8, 16, 9, 30), 6000, "2021年8月中旬"], dtype=object)})
    p = write_workbook(tmp_path / "mixed.xlsx", {"t": df}, labels=False)
    ws = openpyxl.load_workbook(p)["t"]
    assert [ws.cell(row=r, column=1).value for r in (2, 3, 4)] == ["史河街道", dt.datetime(2021, 8, 16), 6000]
    assert ws["A3"].number_format == "yyyy-mm-dd" and ws["A2"].number_format == ws["A4"].number_format == "General"
    assert [ws.cell(row=r, column=2).value for r in (2, 3, 4)] == [dt.datetime(2021, 8, 16, 9, 30), 6000, "2021年8月中旬"]
    assert ws["B3"].number_format == "General"
    # and every data cell still sits at the top of its row
    assert {ws.cell(row=r, column=c).alignment.vertical for r in (2, 3, 4) for c in (1, 2)} == {"top"}


def test_an_english_workbook_joins_lists_the_english_way(tmp_path, compliance):
    # the first row's trip_ids [T1, T2]: "T1、T2" in a Chinese workbook (above), "T1, T2" in an English one; the
    # empty list of the third row stays a blank cell in both
    ws = openpyxl.load_workbook(write_workbook(tmp_path / "en.xlsx", {"c": compliance}, lang="en"))["c"]
    assert ws["F2"].value == "T1, T2" and ws["F3"].value == "T3" and ws["F4"].value is None
