"""A ledger big enough to be read column-wise (ledgers.cells.COLUMN_WISE distinct values or more) reads as it does
one cell at a time: the same values, the same structural rows skipped."""

from __future__ import annotations

import pandas as pd

from test_ledgers import GROUPS, LEADS, RECEPTIONS, UNITS, base_folder
from yeji_analysis.ledgers import cells, load_campaign, sheets

N = 300   # leads and trips: more distinct values in a column than COLUMN_WISE (256)
CITIES = ["临沂市", "佛山市", "常州市", "成都市", "湖州市", "上海市", "苏州市", "杭州市", "宁波市", "合肥市", "南京市"]


def _folder(tmp_path):
    leads = [LEADS[0]]
    for i in range(1, N + 1):
        investor = f"临沂甲{i:03d}木业有限公司"
        lead_id = f"L{i:03d}"
        if i == 7:
            investor = "\u3000临沂乙木业有限公司 "    # an ideographic space before, a space after
        if i == 8:
            lead_id = "ＬＸ 8"                        # full width, a space inside
        leads.append([lead_id, f"板材项目{i}", investor, "临沂", "板材", "5000", "史河街道", "2021-07-02", "线索",
                      None, None, None, "有效", "", "", "", ""])
        if i == 150:
            leads.append([None] * 17)                  # a blank row between two leads (a blank last row is not kept)
    leads += [["合计", None, None, None, None, "1500000", None, None, None, None, None, None, None, None, None, None, None],
              ["注：金额单位为万元"] + [None] * 16,
              # a subtotal row with every required cell filled: looked at for its 小计, a total row
              ["小计", "—", "共300家", "—", "—", "1500000", "史河街道", "2021-07-31", "—", None, None, None, None,
               None, None, None, None]]
    trips = [["出发日期", "返回日期", "参与单位", "目的地", "主要负责人带队", "拜访企业", "成果"]]
    for i in range(1, N + 1):
        companies = {1: "甲木业、乙家居", 2: "，丁公司", 3: "戊公司 ；己公司"}.get(i, f"临沂丙{i:03d}木业")
        # one trip a day and destination (a trip's key is its date, units and destination)
        trips.append([f"2021-07-{(i % 28) + 1:02d}", None, "史河街道", CITIES[i // 28], "否", companies, f"洽谈{i}"])
    return base_folder(tmp_path, 项目线索台账=leads, 外出招商台账=trips, 责任单位=UNITS, 招商小组=GROUPS,
                       接待客商台账=RECEPTIONS)


def test_a_big_ledger_reads_its_values_and_skips_its_structural_rows(tmp_path):
    c = load_campaign(_folder(tmp_path))
    # 300 lead rows read and accepted; skipped: the header, the blank row, 合计, 注, 小计 = 5
    st = c.stats.loc["leads"]
    assert (st["read"], st["accepted"], st["rejected"], st["skipped"]) == (N, N, 0, 5)
    ld = c.leads.set_index("lead_id")
    assert ld.loc["L007", "investor"] == "临沂乙木业有限公司"   # text_value: \u3000 as a space, the ends trimmed
    assert "LX8" in ld.index and "L008" not in ld.index        # id_value: NFKC, no spaces
    tr = c.trips.sort_values("row")
    assert tr["companies"].iloc[:4].tolist() == [["甲木业", "乙家居"], ["丁公司"], ["戊公司", "己公司"], ["临沂丙004木业"]]
    assert c.stats.loc["trips", "accepted"] == N


def test_column_wise_and_cell_by_cell_give_the_same_campaign(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    a = load_campaign(folder)
    monkeypatch.setattr(cells, "COLUMN_WISE", 10 ** 9)    # every column read one cell at a time
    monkeypatch.setattr(sheets, "COLUMN_WISE", 10 ** 9)
    b = load_campaign(folder)
    for name in ["units", "groups", "leads", "trips", "receptions", "stats", "warnings", "rejections", "issues"]:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)


def test_each_text_function_column_wise_equals_one_by_one():
    # strings of every character Python takes for white space, the name separators, full-width forms, NFKC-changed
    # ideographs and plain CJK/ASCII, up to 6 long: what the column-wise reading keeps as written must be what the
    # function gives, and the rest is the function's own answer
    import random

    import numpy as np

    rnd = random.Random(0)
    pool = ([chr(c) for c in range(0x3100) if chr(c).isspace()] + list("、，,；;／/|\n\r") + list("史河街道临沂ABCab01-_.#（）()·")
            + ["\u3000", "\ufeff", "\u200b", "Ｘ", "０", "\uff0c", "\uff1b", "\uff0f", "\u3038", "\uf900", "\u2028"])
    strings = sorted({"".join(rnd.choice(pool) for _ in range(rnd.randint(0, 6))) for _ in range(20000)}
                     | {"史河街道", "XS0057", "甲、乙", "甲,", "临沂华祥木业有限公司"})
    arr = np.array(strings, dtype=object)
    for many, one in [(cells.text_values, cells.text_value), (cells.id_values, cells.id_value),
                      (cells.cell_texts_of, cells.cell_text), (cells.split_names_of, cells.split_names)]:
        assert list(many(arr)) == [one(x) for x in strings], many.__name__


def test_factorize_cells_codes_a_column_as_pandas_does_and_says_whether_it_is_all_strings():
    # a column of 300 cells 乙, 甲, 乙, 乙, 甲, 乙 ...: uniques in the order first seen, 乙 then 甲, so codes 0, 1, 0;
    # then the same column with one cell another kind (a missing cell, a number, a string pyarrow cannot encode):
    # those are factorized by pandas, and only the all-string ones say so
    import numpy as np

    col = np.array(["乙", "甲", "乙"] * 100, dtype=object)
    codes, uniques, strings = cells.factorize_cells(col)
    assert list(uniques) == ["乙", "甲"] and list(codes[:3]) == [0, 1, 0] and strings
    assert codes.dtype == np.intp and uniques.dtype == object
    for odd, all_strings in [(None, False), (5, False), (float("nan"), False), ("\ud800", True)]:
        c = col.copy()
        c[150] = odd
        codes, uniques, strings = cells.factorize_cells(c)
        want_codes, want_uniques = pd.factorize(c, use_na_sentinel=False)
        assert list(codes) == list(want_codes) and len(uniques) == 3 and strings is all_strings, repr(odd)
        assert codes[150] == 2 and list(codes[:3]) == [0, 1, 0]
    codes, uniques, strings = cells.factorize_cells(np.array(["甲", "乙", "甲"], dtype=object))   # short: pandas
    assert list(codes) == [0, 1, 0] and list(uniques) == ["甲", "乙"] and strings
