"""Every label people read comes from the one table (yeji_analysis/labels.py): an unknown key raises, and every report
and plan section renders in Chinese and English without a raw key showing."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import openpyxl
import pytest

from yeji_analysis.labels import _TABLE, LabelError, has_label, label
from yeji_analysis.ledgers import load_campaign
from yeji_analysis.planner import plan_roadshows
from yeji_analysis.present import outputs, retrospective as S, roadshow as R
from yeji_analysis.present.context import load_context

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
SECTIONS = ["title", "headline", "compliance", "groups", "pipeline", "forecast", "scoreboard", "battle_map", "roadshow",
            "contention", "data_quality", "method"]
#: Keys that look like code (a dot or an underscore): none of them may reach a reader as text.
CODE_KEYS = sorted((k for k in _TABLE if re.search(r"[._]", k)), key=len, reverse=True)


def _visible(page: str) -> str:
    page = re.sub(r'src="data:[^"]*"', "", page)          # embedded pictures
    page = re.sub(r"<style.*?</style>", "", page, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", page))


def _raw_keys(text: str) -> list[str]:
    # a key counts as shown when it stands alone (not inside a longer word, a file name or a config path)
    return [k for k in CODE_KEYS if re.search(rf"(?<![\w./-]){re.escape(k)}(?![\w./-])", text)]


def test_an_unknown_key_raises_and_a_known_one_does_not():
    assert label("met") == "达标" and label("met", "en") == "met"
    assert has_label("met") and not has_label("no.such.key")
    with pytest.raises(LabelError, match="no.such.key"):
        label("no.such.key")


@pytest.fixture(scope="module")
def camp():
    return load_campaign(SAMPLE)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("window", [("2021-07-01", "2021-09-30", "campaign"), ("2021-07-29", "2021-08-11", "dispatch-03")])
def test_every_report_section_renders_without_a_raw_key(lang, window, tmp_path):
    start, end, period = window
    ctx = load_context(str(SAMPLE), start, end, "", lang, True, "", period)
    shown = {name: _visible(getattr(S, name)(ctx)._repr_html_()) for name in SECTIONS}
    assert all(shown.values())
    for name, text in shown.items():
        assert _raw_keys(text) == [], (name, _raw_keys(text))
    # the workbook's sheet names and headers, as written, are labels too
    outputs.write_outputs(ctx, tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "dispatch.xlsx", read_only=True)
    assert len(wb.sheetnames) >= 7
    for ws in wb:
        heads = " ".join(str(c) for c in next(ws.iter_rows(max_row=1, values_only=True)))
        assert _raw_keys(ws.title) == [] and _raw_keys(heads) == [], (ws.title, _raw_keys(heads))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_plan_view_renders_without_a_raw_key(camp, lang):
    plan = plan_roadshows(camp, "2021-09-01", "2021-09-24", lang=lang)
    for key, view in R.SHEETS.items():
        df = R.view_table(plan, view, lang=lang)
        assert len(df.columns) and _raw_keys(label(key, lang)) == [], view
        assert _raw_keys(" ".join(map(str, df.columns))) == [], (view, _raw_keys(" ".join(map(str, df.columns))))
    notes = R.plan_summary(plan, lang).data + R.method_notes(plan, camp, lang).data
    assert _raw_keys(notes) == []
