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


# ------------------------------------------------------------------ issue 14: no coded value in the other language
from html.parser import HTMLParser  # noqa: E402

#: The coded values a reader must only ever see as labels: stages, statuses, ledgers.
CODED = ["lead", "intention", "signed", "started", "producing", "met", "missed", "on_track", "behind", "green", "yellow",
         "red", "units", "groups", "consultants", "leads", "trips", "receptions", "events", "contestants"]
#: What a Chinese page must not show as a cell: the codes and their English labels ("on_track", "on track").
NOT_IN_ZH = set(CODED) | {label(k, "en") for k in CODED}
#: What an English page must not show as a cell: their Chinese labels (达标, 签约, 外出招商台账 ...).
NOT_IN_EN = {label(k, "zh") for k in CODED}
#: Columns that quote the ledgers as they were sent (file, sheet, column, value, reason): data, not codes.
PROVENANCE = ["source", "sheet", "column", "value", "reason", "message"]


class _Tables(HTMLParser):
    """Every table of a page as (headers, rows of cell texts)."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._row = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append(([], []))
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(("th" if tag == "th" else "td", "".join(self._cell).strip()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            heads, rows = self.tables[-1]
            if all(kind == "th" for kind, _ in self._row) and not heads:
                heads.extend(t for _, t in self._row)
            else:
                rows.append([t for _, t in self._row])
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _coded_cells(page: str, lang: str) -> list[tuple[str, str]]:
    """(header, cell) of every cell that shows a coded value in the wrong language."""
    bad_values = NOT_IN_ZH if lang == "zh" else NOT_IN_EN
    skip = {label(c, lang) for c in PROVENANCE}
    parser = _Tables()
    parser.feed(page)
    found = []
    for heads, rows in parser.tables:
        for row in rows:
            for j, text in enumerate(row):
                head = heads[j] if j < len(heads) else ""
                if head not in skip and text in bad_values:
                    found.append((head, text))
        found += [("<header>", h) for h in heads if h in bad_values]
    return found


def _workbook_cells(path: Path, lang: str) -> list[tuple[str, str, str]]:
    bad_values = NOT_IN_ZH if lang == "zh" else NOT_IN_EN
    skip = {label(c, lang) for c in PROVENANCE}
    found = []
    for ws in openpyxl.load_workbook(path, read_only=True):
        rows = ws.iter_rows(values_only=True)
        heads = [str(h) for h in next(rows)]
        found += [(ws.title, "<header>", h) for h in heads if h in bad_values]
        for row in rows:
            found += [(ws.title, h, v) for h, v in zip(heads, row) if h not in skip and isinstance(v, str) and v in bad_values]
    return found


@pytest.fixture(scope="module")
def contexts():
    return {(lang, period): load_context(str(SAMPLE), start, end, "", lang, True, "", period)
            for lang in ("zh", "en")
            for start, end, period in [("2021-07-01", "2021-09-30", "campaign"), ("2021-08-01", "2021-08-31", "2021-08")]}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("period", ["campaign", "2021-08"])
def test_no_coded_value_of_the_other_language_in_any_section(contexts, lang, period, tmp_path):
    ctx = contexts[(lang, period)]
    for name in SECTIONS:
        page = getattr(S, name)(ctx)._repr_html_()
        assert _coded_cells(page, lang) == [], name
    # the control: the same check sees a stage left as its code in a Chinese table, and 签约 in an English one
    assert _coded_cells("<table><tr><th>当前阶段</th></tr><tr><td>signed</td></tr></table>", "zh") == [("当前阶段", "signed")]
    assert _coded_cells("<table><tr><th>stage</th></tr><tr><td>签约</td></tr></table>", "en") == [("stage", "签约")]
    outputs.write_outputs(ctx, tmp_path)
    assert _workbook_cells(tmp_path / "dispatch.xlsx", lang) == []


@pytest.mark.parametrize("lang, expected", [("zh", ["攻坚季全程", "2021年8月"]), ("en", ["whole campaign", "August 2021"])])
def test_titles_name_the_period_as_people_read_it(contexts, lang, expected):
    titles = [_visible(S.title(contexts[(lang, p)])._repr_html_()) for p in ("campaign", "2021-08")]
    for text, name in zip(titles, expected):
        assert name in text
    if lang == "zh":  # the folder names stay out of a Chinese title and its parameters line
        assert not any(re.search(r"(?<![\w-])(campaign|dispatch-\d+)(?![\w-])", t) for t in titles)


def test_method_appendix_names_settings_in_chinese(contexts):
    zh = _visible(S.method(contexts[("zh", "campaign")])._repr_html_())
    en = _visible(S.method(contexts[("en", "campaign")])._repr_html_())
    # the thresholds of the notice by name: 每月外出招商不少于 2 次 is "各单位每月外出招商（次）" = 2
    assert "各单位每月外出招商（次）" in zh and "调度会星期" in zh and "星期五" in zh
    assert not re.search(r"\b(units|groups|district|dispatch|stall_days|window|scoring)\.\w+", zh)
    # in English the raw key follows the label, for the analyst who edits the configuration
    assert "trips per unit per month (units.trips_per_month)" in en and "Friday" in en
