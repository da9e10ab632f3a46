"""Tables for readers (present.html.html_table): figures right-aligned, whatever their type."""

import pandas as pd

from yeji_analysis.present.html import html_table


def test_figures_are_right_aligned_even_as_text():
    # a count (int), a share already formatted as text, a config value as text, and two words
    df = pd.DataFrame({"unit": ["区财政局", "孙岗乡"], "trips": [3, 12], "conversion": ["100%", "0%"],
                       "value": ["10000", "1,076,700"], "reason": ["达标", "2021-09-30"]})
    html = html_table(df, max_rows=None)
    cells = [c for c in html.split("<td")[1:]]
    # row by row: unit text, trips number, conversion figure, value figure, reason text
    kinds = [c.startswith(' class="num"') for c in cells]
    assert kinds == [False, True, True, True, False] * 2


def test_a_list_in_a_cell_is_joined_in_the_tables_language():
    # one cell holding two units: 、 between them on a Chinese page, a comma on an English one
    df = pd.DataFrame({"group": ["G1"], "units": [["史河街道", "孙岗乡"]]})
    assert "史河街道、孙岗乡" in html_table(df, "zh")
    en = html_table(df, "en")
    assert "史河街道, 孙岗乡" in en and "、" not in en


def test_a_plan_view_is_styled_by_column_not_cell_by_cell_and_the_same_each_time():
    # each view's table carries its styles as its own rules by column (td.colK), no cell an id or a rule of its own
    # (the plan's 1,700 cells were 1,700 ids, each an anchor the PDF had to place); its id is the view's, so two
    # renderings are the same page. Every column's rule says what its kind needs: figures right and on one line,
    # short texts left on one line, long texts left, wrapped, with a least and a most width
    import re

    from yeji_analysis.ledgers import load_campaign
    from yeji_analysis.planner import plan_roadshows
    from yeji_analysis.present import roadshow as R

    from pathlib import Path
    plan = plan_roadshows(load_campaign(Path(__file__).resolve().parents[1] / "data" / "sample"), "2021-09-01", "2021-09-24")
    for view in ("contacts", "days"):
        page = R._styled(plan, view, lang="zh", redact=True, names=()).to_html()
        assert page == R._styled(plan, view, lang="zh", redact=True, names=()).to_html()
        assert re.search(rf'<table [^>]*id="T_{view}"', page) and len(re.findall(r"\bid=", page)) == 1
        assert not re.search(r"<t[dh][^>]*\bid=", page)
        kinds = dict(re.findall(r'<td class="data row0 (col\d+) ([\w-]+)"', page))
        assert kinds and set(kinds.values()) <= {"num", "yeji-long", "yeji-mid", "yeji-nowrap"}
        for col, kind in kinds.items():
            rule = re.search(rf"#T_{view} td\.{col} {{([^}}]*)}}", page).group(1)
            if kind == "num":
                assert "text-align: right" in rule and "white-space: nowrap" in rule
            elif kind == "yeji-long":
                assert "white-space: normal" in rule and "min-width" in rule and "max-width: 16em" in rule
            else:
                assert "text-align: left" in rule and "white-space: nowrap" in rule


def test_each_text_column_is_classed_by_its_longest_text():
    # by hand (a CJK character about 1 em, a Latin letter or digit about 0.55): 台账 项目线索台账 6 em -> on one line
    # (yeji-nowrap); 单位 叶集经济开发区管委会 10 em -> at least 4.5 wide (yeji-mid), and so is the wide 小组 column of
    # 4-character names; 说明, 20 characters, wraps freely (no class); 行 is a figure (num); the dates are Latin text,
    # not broken inside a word, and left as they were (no class)
    df = pd.DataFrame({"ledger": ["项目线索台账", "外出招商台账"], "reported_on": ["2021-07-06", "2021-07-31"],
                       "unit": ["叶集经济开发区管委会", "孙岗乡"], "group": ["家居板材组", "化工组"], "row": [44, 8],
                       "message": ["金额无法识别：“待定”（应为数字，可带万元）", "未写年份"]})
    html = html_table(df, wide=["group"], max_rows=None)
    first = html.split("<tr>")[2]
    import re
    assert re.findall(r'<td(?: class="([\w-]+)")?', first) == ["yeji-nowrap", "", "yeji-mid", "yeji-mid", "num", ""]
