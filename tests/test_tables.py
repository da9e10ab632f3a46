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

