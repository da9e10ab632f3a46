"""Tests of yeji_analysis.mapping and yeji_analysis.fonts: pictures render, Chinese labels are real glyphs."""

import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from yeji_analysis.present import fonts  # noqa: E402
from yeji_analysis.present.mapping import draw_battle_map, draw_network  # noqa: E402

GLYPH = re.compile(r"glyph.*missing|missing.*glyph", re.IGNORECASE)


def render(draw, path):
    """Draw and save to ``path``; return (axes texts incl. title, glyph warnings)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots(figsize=(10, 7))
        out = draw(ax)
        fig.savefig(path, dpi=60)
        texts = [t.get_text() for t in out.texts] + [out.get_title()]
        plt.close(fig)
    assert out is ax
    return texts, [str(w.message) for w in caught if GLYPH.search(str(w.message))]


def test_a_cjk_font_is_found():
    fam = fonts.use_cjk_font()
    assert fam is not None, "no CJK font: apt-get install fonts-noto-cjk"
    assert matplotlib.rcParams["font.sans-serif"][0] == fam
    assert matplotlib.rcParams["axes.unicode_minus"] is False


def test_glyph_check_can_fail(tmp_path):
    # the control: Chinese drawn with a Latin-only font does raise the warning the other tests look for
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        texts, bad = render(lambda ax: (ax.text(0.5, 0.5, "史河街道"), ax)[1], tmp_path / "control.png")
    assert bad


def test_network_per_region(G, tmp_path):
    texts, bad = render(lambda ax: draw_network(G, region="临沂", ax=ax), tmp_path / "net_region.png")
    assert not bad
    assert (tmp_path / "net_region.png").stat().st_size > 0
    joined = "\n".join(texts)
    # title, layer headings, the units that went to 临沂 and its two leads with their stage
    for s in ["临沂：小组—单位—线索关系", "招商小组", "责任单位", "史河街道", "孙岗乡", "经信局", "家居组",
              "临沂鑫源木业有限公司", "签约 2.0亿元"]:
        assert s in joined, s
    assert "成都" not in joined  # another region's lead or trip does not appear


def test_network_per_group_and_top(G, tmp_path):
    texts, bad = render(lambda ax: draw_network(G, group="家居组", ax=ax), tmp_path / "net_group.png")
    assert not bad
    joined = "\n".join(texts)
    for s in ["家居组：单位—线索—区域关系", "史河街道", "孙岗乡", "临沂", "成都", "佛山顺德家具集团"]:
        assert s in joined, s
    assert "经信局" not in joined  # a unit of the other group
    # top=1 on 临沂: groups 2 → 1, units 3 → 1, leads 2 → 1: 1 + 2 + 1 = 4 nodes not shown
    texts, bad = render(lambda ax: draw_network(G, region="临沂", top=1, ax=ax), tmp_path / "top.png")
    assert "另有 4 个节点未显示（仅显示每层前 1 个）" in texts


def test_network_overview_and_english(G, tmp_path):
    texts, bad = render(lambda ax: draw_network(G, ax=ax), tmp_path / "net_all.png")
    assert not bad
    # 临沂: T1 (joint, 史河+孙岗) and T3 = 2 distinct trips, not 3 unit-trips
    assert "临沂（外出2次）" in texts and "各招商小组外出招商区域" in texts
    texts, bad = render(lambda ax: draw_network(G, region="临沂", ax=ax, lang="en"), tmp_path / "en.png")
    assert "Linyi: groups, units and leads" in texts and "lead" in texts


def test_network_unknown_region(G):
    with pytest.raises(ValueError, match="火星"):
        draw_network(G, region="火星")


def test_battle_map(G, camp, tmp_path):
    texts, bad = render(lambda ax: draw_battle_map(G, camp, ax=ax), tmp_path / "battle.png")
    assert not bad
    joined = "\n".join(texts)
    assert "挂图作战：叶集区外出招商与线索分布" in joined and "叶集区" in joined
    # 临沂: 2 trips, leads L001 + L005 = 23000 万元 = 2.3 亿元; 佛山: no trips, L004 8000 万元
    assert "临沂\n外出2次 · 线索2条 · 2.3亿元" in texts
    assert "佛山\n外出0次 · 线索1条 · 0.8亿元" in texts
    assert "成都\n外出1次 · 线索0条" in texts
    texts, bad = render(lambda ax: draw_battle_map(G, ax=ax, lang="en"), tmp_path / "battle_en.png")
    assert "Linyi\n2 trips · 2 leads · 230M yuan" in texts


def test_set_theme_keeps_the_cjk_font(G, tmp_path):
    fam = fonts.set_theme()
    assert fam is not None and matplotlib.rcParams["font.sans-serif"][0] == fam
    texts, bad = render(lambda ax: draw_network(G, group="化工组", ax=ax), tmp_path / "themed.png")
    assert not bad and "经信局" in texts
    matplotlib.rcdefaults()


def test_no_font_warns_once(monkeypatch):
    monkeypatch.setattr(fonts, "_family", None)
    monkeypatch.setattr(fonts, "_warned", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert fonts.use_cjk_font() is None
        assert fonts.use_cjk_font() is None
    msgs = [str(w.message) for w in caught]
    assert len(msgs) == 1 and "fonts-noto-cjk" in msgs[0]
