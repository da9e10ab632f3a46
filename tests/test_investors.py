"""The investor identity's column-wise reading (investors._parts_columns) against the one-name reading (_parts_of)."""

from __future__ import annotations

import itertools

from yeji_analysis.investors import COMPANY_FORMS, InvestorIndex, _parts_columns, _parts_of, _place_index


def _parts_of_many(names, extra):
    # the three columns as one (trade, place, level) per name, as _parts_of gives them
    return list(zip(*_parts_columns(names, extra)))


# Worked from normalize_investor's rules (its docstring): forms removed (a name they would empty keeps them), then
# leading place names read off while something is left; the place is the last city named, else the last province.
HAND = {
    "山东省临沂市华祥木业有限公司": ("华祥木业", "临沂", "city"),     # province then city: the city
    "临沂市华祥木业山东": ("华祥木业山东", "临沂", "city"),           # only a leading place is a place
    "山东华祥木业": ("华祥木业", "山东", "province"),
    "华祥木业有限责任公司": ("华祥木业", "", ""),
    "临沂市": ("临沂市", "", ""),                                     # a place that is the whole name is its trade name
    "临沂市临沂": ("临沂", "临沂", "city"),                           # 临沂市 read off; 临沂 is all that is left
    "公司": ("公司", "", ""),                                         # removing 公司 would empty it: kept
    "ABC家居控股": ("abc家居", "", ""),                               # ASCII lower-cased
    "华祥木业（临沂）有限公司": ("华祥木业", "临沂", "city"),         # a bracket: read one by one
    "ＡＢＣ家居": ("abc家居", "", ""),                                # full width: read one by one (NFKC)
}


def test_hand_worked_names_both_ways():
    places = _place_index(())
    names = list(HAND) * 8   # 80 names: past the size read one by one
    assert [_parts_of(n, places) for n in HAND] == list(HAND.values())
    assert _parts_of_many(names, ()) == [HAND[n] for n in names]


def test_column_wise_equals_one_by_one_on_combined_names():
    # every combination of up to two leading places, a trade name and a form: 12 * 12 * 6 * 8 = 6,912 names
    lead = ["", "山东", "山东省", "临沂", "临沂市", "成都", "四川省成都市", "广东佛山", "佛山市顺德区", "上海", "江苏常州", "中国"]
    trade = ["华祥木业", "临沂", "市", "a", "Abc木业", "家居"]
    form = [""] + COMPANY_FORMS
    names = ["".join(p) for p in itertools.product(lead, lead, trade, form)]
    places = _place_index(())
    assert _parts_of_many(names, ()) == [_parts_of(n, places) for n in names]


def test_an_index_keys_a_name_without_a_place_to_the_one_company_with_one_column_wise():
    # 70 companies of distinct trade names in 临沂, and 华祥木业 without a place: one 华祥木业 carries a place, so the
    # bare name takes its key (InvestorIndex's docstring); 70 names are read column-wise
    names = [f"临沂市华祥{i:02d}木业有限公司" for i in range(69)] + ["临沂华祥木业有限公司", "华祥木业有限公司"]
    ix = InvestorIndex(names)
    assert ix.key("华祥木业有限公司") == "华祥木业（临沂）"
    assert ix.key("临沂市华祥07木业有限公司") == "华祥07木业（临沂）"
