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


def _label_boxes(ax, prefix):
    ax.figure.canvas.draw()
    r = ax.figure.canvas.get_renderer()
    return {t.get_gid().split(":", 1)[1]: t.get_window_extent(r) for t in ax.texts
            if (t.get_gid() or "").startswith(prefix)}


def test_battle_map_over_the_provinces_with_targets_highlighted(G, camp, tmp_path):
    from matplotlib.colors import to_hex

    from yeji_analysis.present.mapping import HIGHLIGHT_FILL, HOME_FILL
    fig, ax = plt.subplots(figsize=(11, 8))
    draw_battle_map(G, camp, ax=ax)
    fills = {p.get_gid().split(":", 1)[1]: to_hex(p.get_facecolor()) for p in ax.patches
             if (p.get_gid() or "").startswith("province:")}
    assert len(fills) == 34  # 31 provincial units of the mainland, Hong Kong, Macao, Taiwan
    # the five target regions of regions.csv (临沂 南浔 常州 佛山 成都) lie in 山东 浙江 江苏 广东 四川
    assert {n for n, c in fills.items() if c == HIGHLIGHT_FILL} == {"山东", "浙江", "江苏", "广东", "四川"}
    assert fills["安徽"] == HOME_FILL  # 叶集's province
    boxes = _label_boxes(ax, "region-label:")
    texts = {t.get_gid().split(":", 1)[1]: t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("region-")}
    # every target region's label: trips, leads, investment. 南浔: no trip, L002 5000 万元 = 0.5 亿元;
    # 常州: T2, L003 15000 万元 = 1.5 亿元
    assert texts["南浔"] == "南浔\n外出0次 · 线索1条 · 0.5亿元"
    assert texts["常州"] == "常州\n外出1次 · 线索1条 · 1.5亿元"
    # no two labels overlap, and every label stays inside the map
    frame = ax.get_window_extent().expanded(1.001, 1.001)  # a label may touch the frame (rounding)
    names = sorted(boxes)
    for i, a in enumerate(names):
        assert frame.x0 <= boxes[a].x0 and boxes[a].x1 <= frame.x1 and frame.y0 <= boxes[a].y0 and boxes[a].y1 <= frame.y1, a
        for b in names[i + 1:]:
            assert not boxes[a].overlaps(boxes[b]), (a, b)
    plt.close(fig)


def test_labels_kept_apart_even_when_points_coincide(tmp_path):
    # the control for the overlap check: three labels drawn at one point do overlap until placed
    from yeji_analysis.present.mapping import place_labels
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    texts = [ax.text(5, 5, f"区域{k}\n外出{k}次 · 线索{k}条", gid=f"region-label:{k}") for k in range(3)]
    before = _label_boxes(ax, "region-label:")
    assert before["0"].overlaps(before["1"])
    place_labels(ax, texts, [(5, 5)] * 3)
    after = _label_boxes(ax, "region-label:")
    assert not after["0"].overlaps(after["1"]) and not after["1"].overlaps(after["2"]) and not after["0"].overlaps(after["2"])
    plt.close(fig)


def test_route_map_over_the_provinces(tmp_path):
    from matplotlib.colors import to_hex

    from yeji_analysis.planner import plan_route
    from yeji_analysis.present.mapping import HIGHLIGHT_FILL
    from yeji_analysis.present.roadshow import plot_route
    route = plan_route(["临沂", "佛山"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots(figsize=(7, 6))
        plot_route(route, ax=ax)
        fig.savefig(tmp_path / "route.png", dpi=60)
    assert not [w for w in caught if GLYPH.search(str(w.message))]
    fills = {p.get_gid().split(":", 1)[1]: to_hex(p.get_facecolor()) for p in ax.patches
             if (p.get_gid() or "").startswith("province:")}
    assert {n for n, c in fills.items() if c == HIGHLIGHT_FILL} == {"山东", "广东"}  # 临沂, 佛山
    boxes = _label_boxes(ax, "stop-label:")
    assert set(boxes) == {"叶集", "临沂", "佛山"}
    assert not boxes["叶集"].overlaps(boxes["临沂"]) and not boxes["叶集"].overlaps(boxes["佛山"])
    labels = {t.get_gid().split(":", 1)[1]: t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("stop-")}
    assert labels["叶集"] == "叶集" and {labels["临沂"], labels["佛山"]} == {f"{k}. {n}" for k, n in enumerate(route.order, 1)}
    plt.close(fig)


def test_battle_map_of_the_sample_keeps_the_eastern_labels_apart():
    # the sample's Yangtze delta: 常州 南浔 苏州 无锡 上海 杭州 宁波 南京 合肥 within a few degrees of each other
    from pathlib import Path

    from yeji_analysis.graph import build_graph
    from yeji_analysis.ledgers import load_campaign
    from yeji_analysis.present.html import new_figure
    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    if not any(sample.glob("*.xlsx")):
        pytest.skip("data/sample not written")
    camp = load_campaign(sample)
    fig, ax = new_figure(11, 8)  # as the report draws it (constrained layout)
    draw_battle_map(build_graph(camp), camp, ax=ax)
    fig.draw_without_rendering()
    boxes = {t.get_gid().split(":", 1)[1]: t.get_window_extent() for t in ax.texts
             if (t.get_gid() or "").startswith("region-label:")}
    assert {"常州", "南浔", "苏州", "上海", "杭州"} <= set(boxes)
    names = sorted(boxes)
    assert [(a, b) for i, a in enumerate(names) for b in names[i + 1:] if boxes[a].overlaps(boxes[b])] == []
    texts = {t.get_gid().split(":", 1)[1]: t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("region-")}
    assert texts["南浔"].startswith("南浔\n外出") and "线索" in texts["南浔"] and "亿元" in texts["南浔"]


def test_the_china_outlines_set_the_axes_data_limits_to_their_extent():
    # the data limits are the outlines' extent: the least and greatest longitude and latitude of any ring's point,
    # taken here straight from the shipped file (autoscaling a map without set_xlim shows all of it)
    from yeji_analysis.present.mapping import china_outlines, draw_china
    data = china_outlines()
    points = [pt for shape in data["provinces"] + data["neighbours"] for poly in shape["polygons"] for ring in poly
              for pt in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    fig, ax = plt.subplots()
    patches = draw_china(ax, highlight={"山东"})
    (x0, y0), (x1, y1) = ax.dataLim.get_points()
    assert (x0, x1, y0, y1) == (min(lons), max(lons), min(lats), max(lats))
    assert len(ax.patches) == len(patches) == 54 and all(p.axes is ax for p in patches)
    plt.close(fig)


def test_labels_are_pushed_apart_as_adjusttext_pushes_them():
    # place_labels runs adjustText with its overlap pairs found by lookup instead of comparing every pair in x with
    # every pair in y (_rows_in), and its leader lines' crossings tested at once: the shifts and swaps must be
    # adjustText's own, to the last bit, on boxes that overlap, touch, coincide or keep apart, with and without
    # markers, and the functions are adjustText's again afterwards
    import adjustText
    import numpy as np

    from yeji_analysis.present import mapping as M

    if not M._known_adjust_text():
        pytest.skip(f"adjustText {adjustText.__version__}: not the functions _shifts_texts was checked against")
    rng = np.random.default_rng(7)

    def boxes(n, spread):
        x0, y0 = rng.integers(0, spread, n).astype(float), rng.integers(0, spread, n).astype(float)
        w, h = rng.integers(1, 6, n), rng.integers(1, 4, n)
        return np.column_stack([x0, x0 + w, y0, y0 + h])   # x0, x1, y0, y1, as adjustText keeps its boxes

    cases = [boxes(n, s) for n, s in [(1, 5), (2, 3), (12, 6), (40, 30), (60, 10)]]
    cases.append(np.array([[0.0, 2, 0, 2], [0, 2, 0, 2], [2, 4, 2, 4], [5, 6, 5, 6]]))   # coinciding, touching, apart
    for coords in cases:
        assert all(np.array_equal(a, b) for a, b in zip(M._shifts_texts(coords), adjustText.get_shifts_texts(coords)))
        for extra in (boxes(1, 5), boxes(30, 8), coords[::-1].copy()):
            ours, theirs = M._shifts_extra(coords, extra), adjustText.get_shifts_extra(coords, extra)
            assert all(np.array_equal(a, b) for a, b in zip(ours, theirs))
    # leader lines (label centre to point) that cross swap their labels, pair by pair in adjustText's order: labels
    # scattered over their points, lines on one line (parallel), a label on its own point, the same swaps
    for coords in [*cases, np.array([[0.0, 2, 0, 2], [4, 6, 0, 2], [8, 10, 0, 2]]), np.array([[0.0, 0, 0, 0]] * 3)]:
        targets = rng.permutation(np.column_stack([coords[:, :2].mean(1), coords[:, 2:].mean(1)]))
        for t in (targets, targets[:, ::-1].copy(), np.zeros_like(targets)):
            assert np.array_equal(M._remove_crossings(coords.copy(), t, 0), adjustText.remove_crossings(coords.copy(), t, 0))
    assert any(not np.array_equal(adjustText.remove_crossings(c.copy(), c[::-1, [0, 2]].copy(), 0), c) for c in cases)
    real = adjustText.get_shifts_texts, adjustText.get_shifts_extra, adjustText.remove_crossings
    with M._quicker_overlaps():
        assert (adjustText.get_shifts_texts, adjustText.get_shifts_extra, adjustText.remove_crossings) == (
            M._shifts_texts, M._shifts_extra, M._remove_crossings)
    assert (adjustText.get_shifts_texts, adjustText.get_shifts_extra, adjustText.remove_crossings) == real


def test_an_adjusttext_not_checked_is_left_as_it_is(monkeypatch):
    import adjustText

    from yeji_analysis.present import mapping as M

    monkeypatch.setattr(M, "_known_adjust_text", lambda: False)   # another version's source
    real = adjustText.get_shifts_texts
    with M._quicker_overlaps():
        assert adjustText.get_shifts_texts is real


def test_the_stand_ins_take_adjusttexts_own_arguments():
    # the guard checks the bodies of adjustText's functions, not how adjust_text calls them: by position in 1.4.0, but
    # a version calling get_shifts_extra(coords, extra_coords=...) with the same bodies would pass it. Each stand-in
    # takes the arguments of the function it stands in for, by the same names, in the same order
    import inspect

    import adjustText

    from yeji_analysis.present import mapping as M

    for name, (_, ours) in M._ADJUST_SOURCES.items():
        if ours is not None:
            assert list(inspect.signature(ours).parameters) == list(inspect.signature(getattr(adjustText, name)).parameters), name
