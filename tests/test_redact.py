"""Contacts' names and phone numbers stay out of shared outputs."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from yeji_analysis.present.excel import write_workbook
from yeji_analysis.model import Campaign
from yeji_analysis.present.redact import contact_names, find_strings, mask_names, mask_phones, redact_frame


@pytest.mark.parametrize("text, expected", [
    ("13812345678", "138********"),
    ("电话：138-1234-5678。", "电话：138********。"),
    ("+86 138 1234 5678", "138********"),
    ("座机 0564-6601234", "座机 056********"),
    ("（0564）6601234 办公室", "056******** 办公室"),
    ("投资 12000 万元，2021-07-15", "投资 12000 万元，2021-07-15"),  # amounts and dates stay
    ("编号 XS0012，138123456789", "编号 XS0012，138123456789"),  # 12 digits: not a phone number
])
def test_mask_phones(text, expected):
    assert mask_phones(text) == expected


def test_mask_names_longest_first():
    assert mask_names("王总和王总监", ["王总", "王总监"]) == "王*和王**"
    assert mask_names("无关文字", ["王总"]) == "无关文字"


def test_names_masked_one_after_another_where_they_overlap():
    # names 张三丰 (3) and 李张 (2), longest first, each over the text as the previous left it:
    # "李张三丰" -> 张三丰 masked: "李张**" -> 李张 masked: "李***". (Masking only where a name starts
    # at the leftmost place would give "李*三丰", leaving 三丰 readable.)
    assert mask_names("李张三丰", ["李张", "张三丰"]) == "李***"
    df = pd.DataFrame({"note": ["李张三丰", "李张三丰", "无名"], "n": [1, 2, 3]})
    out = redact_frame(df, names=["李张", "张三丰"])
    assert out["note"].tolist() == ["李***", "李***", "无名"] and out["n"].tolist() == [1, 2, 3]


def test_redact_frame_drops_contacts_and_masks_text():
    df = pd.DataFrame({"lead_id": ["L1", "L2"], "contact": ["张经理", ""], "phone": ["13912345678", ""],
                       "联系电话": ["13900000000", ""],
                       "note": ["张经理说 139-1234-5678 周五回电", "无"], "investment_wan": [12000.0, 5.0]})
    out = redact_frame(df, names=["张经理"])
    assert list(out.columns) == ["lead_id", "note", "investment_wan"]
    assert out["note"].tolist() == ["张**说 139******** 周五回电", "无"]
    assert out["investment_wan"].tolist() == [12000.0, 5.0]
    assert list(df.columns)[1] == "contact"  # the argument is not changed
    kept = redact_frame(df, drop=False)
    assert kept["contact"].tolist() == ["", ""] and "phone" in kept


def test_redact_rejections_value_of_contact_columns():
    rej = pd.DataFrame({"ledger": ["leads", "leads"], "column": ["联系电话", "报送日期"],
                        "value": ["1391234567x", "2021-13-01"], "reason": ["不是电话", "日期无效"]})
    out = redact_frame(rej)
    assert out["value"].tolist() == ["（已隐去）", "2021-13-01"]


def test_contact_names_from_campaign():
    c = Campaign.from_frames(units=pd.DataFrame({"unit": ["A"], "group": ["G"]}),
                             leads=pd.DataFrame({"lead_id": ["L1", "L2"], "investor": ["甲", "乙"], "unit": ["A", "A"],
                                                 "reported_on": ["2021-07-01", "2021-07-02"],
                                                 "contact": ["李总", ""], "phone": ["13700000000", ""]}))
    assert contact_names(c) == ["李总"]


def test_find_strings_reads_html_json_and_xlsx(tmp_path):
    html = tmp_path / "r.html"
    html.write_text("<p>&#26446;&#24635; 137-0000-0000</p>", encoding="utf-8")  # 李总 as entities
    js = tmp_path / "m.json"
    js.write_text(json.dumps({"c": "李总"}, ensure_ascii=True), encoding="utf-8")  # \\u escapes
    xlsx = write_workbook(tmp_path / "d.xlsx", {"s": pd.DataFrame({"联系人": ["李总"]})}, labels=False)
    clean = tmp_path / "ok.html"
    clean.write_text("<p>李*</p>", encoding="utf-8")
    wanted = ["李总", "13700000000"]
    assert find_strings(html, wanted) == ["李总", "13700000000"]
    assert find_strings(js, wanted) == ["李总"]
    assert find_strings(xlsx, wanted) == ["李总"]
    assert find_strings(clean, wanted) == []


def test_a_withheld_value_reads_in_the_reports_language():
    # the same rejections as above: the 联系电话 row's value is withheld, the 报送日期 row's kept; an English
    # report says so in English, a Chinese one (the default) in Chinese
    rej = pd.DataFrame({"ledger": ["leads", "leads"], "column": ["联系电话", "报送日期"],
                        "value": ["1391234567x", "2021-13-01"], "reason": ["不是电话", "日期无效"]})
    assert redact_frame(rej, lang="en")["value"].tolist() == ["(withheld)", "2021-13-01"]
    assert redact_frame(rej, lang="zh")["value"].tolist() == ["（已隐去）", "2021-13-01"]


def test_corrections_table_withholds_a_contact_cell_in_the_reports_language():
    from types import SimpleNamespace
    from yeji_analysis.present.outputs import corrections_table

    # two corrections: one of a phone cell (its old and new values both withheld), one of a date (shown); the
    # first applied, the second not (its reason is the reader's own words, kept as given)
    corr = pd.DataFrame({"file": ["a.xlsx", "a.xlsx"], "sheet": ["线索", "线索"], "row": [3, 4],
                         "column": ["联系电话", "报送日期"], "raw": ["1391234567x", "2021-13-01"],
                         "value": ["13912345678", "2021-07-01"], "applied": [True, False],
                         "reason": ["", "该行已拒收"]})
    camp = SimpleNamespace(corrections=corr)
    en = corrections_table(camp, "en")
    assert en[["value", "corrected", "status"]].values.tolist() == [
        ["(withheld)", "(withheld)", "applied"], ["2021-13-01", "2021-07-01", "该行已拒收"]]
    zh = corrections_table(camp, "zh")
    assert zh[["value", "corrected", "status"]].values.tolist() == [
        ["（已隐去）", "（已隐去）", "已应用"], ["2021-13-01", "2021-07-01", "该行已拒收"]]


def test_a_header_holding_a_contact_word_withholds_its_value():
    # warnings of columns the ledger does not have, with their first value: a header that holds 联系人, 电话 or 手机
    # (联系人及电话, 对接人手机) is contact details whatever else it says; 报送日期 and 备注 are not
    rej = pd.DataFrame({"column": ["联系人及电话", "对接人手机", "Contact person", "报送日期", "备注"],
                        "value": ["张科长 13905641234", "13800001111", "Mr Li", "2021-08-02", "联合外出"]})
    assert redact_frame(rej)["value"].tolist() == ["（已隐去）", "（已隐去）", "（已隐去）", "2021-08-02", "联合外出"]
