"""Pictures of the campaign graph (关系图与挂图作战): a layered network per region or group, and the battle map."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import json
import math
from importlib import resources
from typing import Any, Iterable

import matplotlib as mpl
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from .fonts import use_cjk_font
from ..graph import node_id
from ..graph_analyses import region_coverage
from ..labels import label
from ..regions import HOME, load_regions

__all__ = ["draw_network", "draw_battle_map", "draw_china", "china_outlines", "place_labels", "base_map_note", "STAGE_COLORS", "HIGHLIGHT_FILL", "HOME_FILL"]

#: Colour of a lead by its stage (线索 grey → 开工/投产 green).
STAGE_COLORS = {"lead": "#b0b7c3", "intention": "#f2b134", "signed": "#3a87c8", "started": "#2e9e5b",
                "producing": "#1b6b3a"}
_KIND_COLORS = {"group": "#7b5ea7", "unit": "#e07b39", "region": "#4c9bd6", "consultant": "#c2477e",
                "industry": "#8c8c8c"}
_TOUCH_STYLE = {"reported": "-", "visited": "--", "received": ":", "member_of": "-", "trip_to": "-",
                "located_in": "-", "referred": "-"}

def _ax(ax):
    use_cjk_font()
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 7.5))
    return ax


def _short(text: Any, n: int = 12) -> str:
    s = "" if text is None else str(text)
    return s if len(s) <= n else s[: n - 1] + "…"


def _resolve(G: nx.MultiDiGraph, kind: str, name: str) -> str:
    n = name if str(name).startswith(f"{kind}:") else node_id(kind, name)
    if n not in G:
        known = sorted(d.get("label", x) for x, d in G.nodes(data=True) if d.get("kind") == kind)
        raise ValueError(f"{kind} {name!r} is not in the graph; known: {', '.join(map(str, known)) or 'none'}")
    return n


def _inv(d: dict) -> float:
    v = d.get("investment_wan")
    return 0.0 if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def _lead_label(d: dict, lang: str) -> str:
    name = d.get("investor") or d.get("label") or ""
    v = _inv(d)
    money = label("map.yi", lang).format(v=v / 10000, m=v / 100) if v else ""
    return f"{_short(name, 12)}\n{label(d.get('stage', 'lead'), lang)} {money}".rstrip()


def _trips_note(G: nx.MultiDiGraph, units: set | None, lang: str) -> dict[str, str]:
    """Region node -> "（外出N次）": distinct trips there by ``units`` (all units when None)."""
    trips: dict[str, set] = {}
    for u, v, k, e in G.edges(keys=True, data=True):
        if k == "trip_to" and (units is None or u in units):
            trips.setdefault(v, set()).update(e.get("trip_ids") or [])
    return {r: "（" + label("map.trips_n", lang).format(n=len(ids)) + "）" for r, ids in trips.items()}


def _layers(G: nx.MultiDiGraph, region: str | None, group: str | None,
            lang: str) -> tuple[list[list[str]], str, list[tuple], dict[str, str]]:
    """Layers of node ids (left to right), a title, the edges (u, v, kind, weight) and label suffixes.

    Edges of kind ``trip_to_count`` weigh in the ranking but are not drawn (the region's label
    carries the trips instead).
    """
    edges: list[tuple] = []
    if region is not None:
        R = _resolve(G, "region", region)
        leads = [u for u, _, k in G.in_edges(R, keys=True) if k == "located_in"]
        units = {u for u, _, k in G.in_edges(R, keys=True) if k == "trip_to"}
        for ln in leads:
            for u, _, k, e in G.in_edges(ln, keys=True, data=True):
                if k in ("reported", "visited", "received"):
                    units.add(u)
                    edges.append((u, ln, k, e.get("weight", 1) or 1))
        groups = {v for u in units for _, v, k in G.out_edges(u, keys=True) if k == "member_of"}
        edges += [(u, g, "member_of", 1) for u in units for _, g, k in G.out_edges(u, keys=True) if k == "member_of"]
        rname = G.nodes[R].get("name_en") if lang == "en" and G.nodes[R].get("name_en") else G.nodes[R].get("label", region)
        title = label("map.network_region", lang).format(region=rname)
        return [sorted(groups), sorted(units), leads], title, edges, {}
    if group is not None:
        Gn = _resolve(G, "group", group)
        units = [u for u, _, k in G.in_edges(Gn, keys=True) if k == "member_of"]
        leads, regions = set(), set()
        for u in units:
            edges.append((u, Gn, "member_of", 1))
            for _, v, k, e in G.out_edges(u, keys=True, data=True):
                if k in ("reported", "visited", "received"):
                    leads.add(v)
                    edges.append((u, v, k, e.get("weight", 1) or 1))
                elif k == "trip_to":
                    regions.add(v)
                    edges.append((u, v, "trip_to_count", e.get("weight", 1) or 1))
        for ln in leads:
            for _, v, k in G.out_edges(ln, keys=True):
                if k == "located_in":
                    regions.add(v)
                    edges.append((ln, v, k, 1))
        title = label("map.network_group", lang).format(group=G.nodes[Gn].get("label", group))
        return ([[Gn], sorted(units), sorted(leads), sorted(regions)], title, edges,
                _trips_note(G, set(units), lang))
    # overview: groups → regions, weighted by trips of their units
    # distinct trips (a joint trip of two units of one group is one trip of that group)
    w: dict[tuple[str, str], set] = {}
    for u, v, k, e in G.edges(keys=True, data=True):
        if k == "trip_to":
            g = node_id("group", G.nodes[u].get("group", ""))
            ids = e.get("trip_ids") or [f"{u}#{i}" for i in range(int(e.get("weight", 1) or 1))]
            w.setdefault((g, v), set()).update(ids)
    edges = [(g, r, "trip_to", len(ids)) for (g, r), ids in w.items()]
    groups = sorted(n for n, d in G.nodes(data=True) if d.get("kind") == "group")
    regions = sorted(n for n, d in G.nodes(data=True) if d.get("kind") == "region" and d.get("label") != HOME)
    return [groups, regions], label("map.network_all", lang), edges, _trips_note(G, None, lang)


def _score(G: nx.MultiDiGraph, n: str, edges: list[tuple]) -> float:
    d = G.nodes[n]
    if d.get("kind") == "lead":
        return _inv(d) + 1e-3 * (d.get("stage_rank") or 0)
    return float(sum(w for u, v, _, w in edges if n in (u, v)))


def draw_network(G: nx.MultiDiGraph, *, region: str | None = None, group: str | None = None, top: int = 15,
                 ax=None, lang: str = "zh"):
    """A layered picture of one region's or one group's part of the graph (关系图), never a hairball.

    - ``region``: its groups → the units that went there or touched its leads → its leads;
    - ``group``: the group → its units → the leads they touched → the regions of trips and leads;
    - neither: groups → regions, lines weighted by the groups' trips.

    Each layer keeps its ``top`` nodes (leads by planned investment, others by the weight of their
    lines) and every kept node is labelled; how many were left out is written under the picture.
    Leads are coloured by stage and sized by investment; line style says how a unit touched a
    lead (solid reported, dashed visited, dotted received), width the number of trips.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _ax(ax)
    layers, title, edges, notes = _layers(G, region, group, lang)
    overview = region is None and group is None
    kept_layers, dropped = [], 0
    for layer in layers:
        ranked = sorted(layer, key=lambda n: (-_score(G, n, edges), str(n)))
        kept_layers.append(ranked[:top])
        dropped += max(len(ranked) - top, 0)
    kept = {n for layer in kept_layers for n in layer}
    edges = [e for e in edges if e[0] in kept and e[1] in kept]

    # order each layer by the mean position of its neighbours in the previous layer (fewer crossings)
    pos: dict[str, tuple[float, float]] = {}
    for i, layer in enumerate(kept_layers):
        if i > 0:
            prev = {n: pos[n][1] for n in kept_layers[i - 1]}

            def bary(n: str) -> float:
                ys = [prev[u] for u, v, *_ in edges if v == n and u in prev] + \
                     [prev[v] for u, v, *_ in edges if u == n and v in prev]
                return float(np.mean(ys)) if ys else -1.0

            layer = sorted(layer, key=lambda n: (-bary(n), str(n)))  # top of the column = highest neighbours
            kept_layers[i] = layer
        m = len(layer)
        for j, n in enumerate(layer):
            pos[n] = (float(i), 1.0 - (j + 0.5) / m if m else 0.5)
    nlayers = len(kept_layers)

    maxw = max([w for *_, w in edges] or [1])
    pair_n: dict[tuple[str, str], int] = {}
    for u, v, *_ in edges:
        pair_n[(u, v)] = pair_n.get((u, v), 0) + 1
    pair_i: dict[tuple[str, str], int] = {}
    for u, v, kind, w in edges:
        if kind.endswith("_count"):
            continue
        (x1, y1), (x2, y2) = pos[u], pos[v]
        i = pair_i[(u, v)] = pair_i.get((u, v), -1) + 1
        off = (i - (pair_n[(u, v)] - 1) / 2) * 0.018  # parallel lines for a unit that reported and visited
        y1, y2 = y1 + off, y2 + off
        # the overview is near-complete bipartite: let the heavy links stand out, the light ones fade
        alpha = 0.1 + 0.75 * (w / maxw) ** 1.5 if overview else 0.55
        ax.plot([x1, x2], [y1, y2], ls=_TOUCH_STYLE.get(kind, "-"), lw=0.6 + (4.0 if overview else 3.0) * w / maxw,
                color="#999999" if kind in ("member_of", "located_in") else "#555555", alpha=alpha, zorder=1)

    maxinv = max([_inv(G.nodes[n]) for n in kept] or [0]) or 1.0
    for n in kept:
        d = G.nodes[n]
        kind = d.get("kind")
        if kind == "lead":
            color, size = STAGE_COLORS.get(d.get("stage", "lead"), "#cccccc"), 60 + 600 * _inv(d) / maxinv
            text = _lead_label(d, lang)
        else:
            color, size = _KIND_COLORS.get(kind, "#999999"), 60 + 40 * min(_score(G, n, edges), 10)
            text = _short(d.get("name_en") if kind == "region" and lang == "en" and d.get("name_en")
                          else d.get("label", n), 14)
            text += notes.get(n, "")
        x, y = pos[n]
        ax.scatter([x], [y], s=size, color=color, edgecolor="white", linewidth=0.8, zorder=3)
        gap = math.sqrt(size) / 2 + 4  # marker radius in points, plus a little air
        if x == 0:
            ax.annotate(text, (x, y), xytext=(-gap, 0), textcoords="offset points", ha="right", va="center",
                        fontsize=9, zorder=4)
        elif x == nlayers - 1:
            ax.annotate(text, (x, y), xytext=(gap, 0), textcoords="offset points", ha="left", va="center",
                        fontsize=9, zorder=4)
        else:
            ax.annotate(text, (x, y), xytext=(gap if kind == "lead" else 0, 0 if kind == "lead" else gap),
                        textcoords="offset points", ha="left" if kind == "lead" else "center",
                        va="center" if kind == "lead" else "bottom", fontsize=7.5, zorder=4, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.7))

    kinds = [G.nodes[layer[0]].get("kind") for layer in kept_layers if layer] or []
    for i, layer in enumerate(kept_layers):
        if layer:
            ax.text(i, 1.04, label(f"graph.{G.nodes[layer[0]].get('kind')}", lang), ha="center", va="bottom",
                    fontsize=10, fontweight="bold", transform=ax.transData)
    handles = []
    if "lead" in kinds:
        present = {G.nodes[n].get("stage") for n in kept if G.nodes[n].get("kind") == "lead"}
        handles += [Line2D([], [], marker="o", ls="", color=c, label=label(s, lang), markersize=8)
                    for s, c in STAGE_COLORS.items() if s in present]
        handles += [Line2D([], [], ls=_TOUCH_STYLE[k], color="#555555", label=label(f"graph.{k}", lang))
                    for k in ("reported", "visited", "received")]
    if "region" in kinds and "lead" not in kinds:
        handles += [Line2D([], [], color="#555555", lw=2, label=label("graph.trip_to", lang))]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=max(len(handles), 1),
              frameon=False, fontsize=8)
    if dropped:
        ax.text(0.5, -0.12, label("map.more", lang).format(n=dropped, top=top), transform=ax.transAxes,
                ha="center", va="top", fontsize=8, color="#666666")
    if not kept:
        ax.text(0.5, 0.5, label("map.no_data", lang), transform=ax.transAxes, ha="center", va="center")
    ax.set_title(title, fontsize=12, pad=22)
    ax.set_xlim(-0.9 if nlayers > 1 else -1, nlayers - 1 + 0.9 if nlayers > 1 else 1)
    ax.set_ylim(-0.02, 1.08)
    ax.set_axis_off()
    return ax


def _region_table(G: nx.MultiDiGraph, campaign) -> pd.DataFrame:
    ref = (campaign.regions if campaign is not None else load_regions()).set_index("region")
    cov = region_coverage(G)
    lat, lon, en = [], [], []
    for r in cov["region"]:
        d = G.nodes.get(node_id("region", r), {})
        la, lo = d.get("lat"), d.get("lon")
        if (la is None or lo is None) and r in ref.index:
            la, lo = ref.loc[r, "lat"], ref.loc[r, "lon"]
        lat.append(np.nan if la is None else float(la))
        lon.append(np.nan if lo is None else float(lo))
        en.append(d.get("name_en") or (ref.loc[r, "name_en"] if r in ref.index else r))
    cov = cov.assign(lat=lat, lon=lon, name_en=en)
    keep = cov["is_target"] | (cov["trips"] > 0) | (cov["leads"] > 0)
    return cov[keep & cov["lat"].notna()].reset_index(drop=True)


@functools.lru_cache(maxsize=1)
def china_outlines() -> dict:
    """China's provincial outlines (and the neighbours' in grey) shipped in ``resources/china_provinces.json``.

    Natural Earth 1:10m admin-1 / admin-0 v4.1.0 (public domain) as generalised by QGIS
    (``world_map.gpkg`` of Debian's ``qgis-common``), rounded by ``scripts/china_outlines.py``;
    see ``resources/README.md``. ``{"source", "provinces": [{"name", "name_en", "polygons"}],
    "neighbours": [{"a3", "polygons"}]}``; a polygon is a list of rings (the outline, then holes)
    of ``[lon, lat]``.

    Examples
    --------
    >>> d = china_outlines()
    >>> len(d["provinces"]), "Natural Earth" in d["source"], {"山东", "浙江", "台湾"} <= {p["name"] for p in d["provinces"]}
    (34, True, True)
    """
    text = resources.files("yeji_analysis").joinpath("resources/china_provinces.json").read_text(encoding="utf-8")
    return json.loads(text)


def _outline_path(polygons: list) -> MplPath:
    verts, codes = [], []
    for poly in polygons:
        for ring in poly:
            verts += [*ring, ring[0]]
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 1) + [MplPath.CLOSEPOLY]
    return MplPath(np.asarray(verts, dtype=float), codes)


#: fill of a target region's province, and of the home province, on the maps
HIGHLIGHT_FILL, HOME_FILL = "#fde3c8", "#efe3c6"


def draw_china(ax, *, highlight: Iterable[str] = (), home: str | None = None) -> list:
    """Draw the provinces' outlines under a map on ``ax`` (longitude, latitude): the sea pale blue,
    neighbouring countries grey, provinces in ``highlight`` (Chinese names, e.g. 山东) tinted, the
    ``home`` province shaded (:data:`HIGHLIGHT_FILL`, :data:`HOME_FILL`); offline, from
    :func:`china_outlines`. Each patch's gid is ``province:<name>`` or ``country:<ISO A3>``.
    Returns the patches.
    """
    highlight = set(highlight)
    data = china_outlines()
    ax.set_facecolor("#e9f1f8")
    patches = []
    for n in data["neighbours"]:
        patches.append(PathPatch(_outline_path(n["polygons"]), fc="#eeeeec", ec="#cfcfcf", lw=0.4, zorder=0.2,
                                 gid=f"country:{n['a3']}"))
    for p in data["provinces"]:
        fc = HIGHLIGHT_FILL if p["name"] in highlight else HOME_FILL if p["name"] == home else "#fbfaf6"
        patches.append(PathPatch(_outline_path(p["polygons"]), fc=fc, ec="#9e9e9e", lw=0.6, zorder=0.3,
                                 gid=f"province:{p['name']}"))
    # add_patch would walk every segment of every outline (32,000 vertices) in Python for the data limits, 0.28 s;
    # the outlines are straight segments, so their vertices are the limits: the same dataLim, updated once
    for patch in patches:
        ax.add_artist(patch)
    ax.update_datalim(np.vstack([patch.get_path().vertices for patch in patches]))
    return patches


def _rows_in(rows: np.ndarray, among: np.ndarray) -> np.ndarray:
    """The rows of ``rows`` (pairs of indexes, n × 2) that are also rows of ``among``, in their order: what
    adjustText's ``rows[(rows[:, None] == among).all(-1).any(-1)]`` selects, without comparing every row with every
    row (each pair is one integer, looked up with ``np.isin``)."""
    if len(rows) == 0 or len(among) == 0:
        return rows[:0]
    base = int(max(rows[:, 1].max(), among[:, 1].max())) + 1
    return rows[np.isin(rows[:, 0] * base + rows[:, 1], among[:, 0] * base + among[:, 1])]


def _shifts(coords: np.ndarray, other: np.ndarray, xo: np.ndarray, yo: np.ndarray, *, texts: bool):
    # the pairs that overlap in x and in y; then adjustText's own arithmetic, on the same pairs in the same order
    overlaps = _rows_in(yo, xo)
    n = coords.shape[0]
    if len(overlaps) == 0:
        return np.zeros(n), np.zeros(n)
    if texts:
        diff = other[overlaps[:, 1]] - coords[overlaps[:, 0]]
        dx, dy = diff[:, :2], diff[:, 2:]
    else:
        dx = coords[overlaps[:, 0], :2] - other[overlaps[:, 1], -3::-1]
        dy = coords[overlaps[:, 0], 2:] - other[overlaps[:, 1], -1:-3:-1]
    xs = np.where(np.abs(dx[:, 0]) < np.abs(dx[:, 1]), dx[:, 0], dx[:, 1])
    ys = np.where(np.abs(dy[:, 0]) < np.abs(dy[:, 1]), dy[:, 0], dy[:, 1])
    return np.bincount(overlaps[:, 0], xs, minlength=n), np.bincount(overlaps[:, 0], ys, minlength=n)


def _shifts_texts(coords: np.ndarray):
    """adjustText's ``get_shifts_texts`` (how far each label is pushed by the labels it overlaps), the same values."""
    from adjustText.arrops import overlap_intervals  # deferred, with adjustText

    xo = overlap_intervals(coords[:, 0], coords[:, 1], coords[:, 0], coords[:, 1])
    yo = overlap_intervals(coords[:, 2], coords[:, 3], coords[:, 2], coords[:, 3])
    return _shifts(coords, coords, xo[xo[:, 0] != xo[:, 1]], yo[yo[:, 0] != yo[:, 1]], texts=True)


def _shifts_extra(coords: np.ndarray, extra_coords: np.ndarray):
    """adjustText's ``get_shifts_extra`` (how far each label is pushed by the markers it overlaps), the same values."""
    from adjustText.arrops import overlap_intervals  # deferred, with adjustText

    xo = overlap_intervals(coords[:, 0], coords[:, 1], extra_coords[:, 0], extra_coords[:, 1])
    yo = overlap_intervals(coords[:, 2], coords[:, 3], extra_coords[:, 2], extra_coords[:, 3])
    return _shifts(coords, extra_coords, xo, yo, texts=False)


def _remove_crossings(coords: np.ndarray, target_coords: np.ndarray, step: int) -> np.ndarray:
    """adjustText's ``remove_crossings``: two labels whose leader lines (label centre to point) cross swap places,
    pair by pair in its order (each label after each earlier one); the pairs are tested all at once, with its
    arithmetic (its ``intersect``), instead of one Python call per pair."""
    connections = np.hstack([np.mean(coords[:, :2], axis=1)[:, np.newaxis],
                             np.mean(coords[:, 2:], axis=1)[:, np.newaxis], target_coords])
    later, earlier = np.tril_indices(len(connections), -1)   # (1, 0), (2, 0), (2, 1), ...: its loops' order
    x1, y1, x2, y2 = connections[later].T
    x3, y3, x4, y4 = connections[earlier].T
    with np.errstate(divide="ignore", invalid="ignore"):
        denom = (y4 - y3) * (x2 - x1) - (x4 - x3) * (y2 - y1)
        ua = ((x4 - x3) * (y1 - y3) - (y4 - y3) * (x1 - x3)) / denom
        ub = ((x2 - x1) * (y1 - y3) - (y2 - y1) * (x1 - x3)) / denom
    crossing = (denom != 0) & ~((ua < 0) | (ua > 1)) & ~((ub < 0) | (ub > 1))   # not parallel, both within range
    for i, j in zip(later[crossing], earlier[crossing]):
        coords[i], coords[j] = coords[j].copy(), coords[i].copy()
    return coords


#: The adjustText functions :func:`_shifts_texts`, :func:`_shifts_extra` and :func:`_remove_crossings` stand in for
#: (``intersect`` is the arithmetic the last repeats), by the SHA-256 (first 16 digits) of the source they were
#: checked against (adjustText 1.4.0); where any differs, adjustText is left to run as it is.
_ADJUST_SOURCES = {"get_shifts_texts": ("3daf3e838e54165f", _shifts_texts),
                   "get_shifts_extra": ("35d3eb5b62f44d49", _shifts_extra),
                   "remove_crossings": ("c3eb228394c2ee42", _remove_crossings),
                   "intersect": ("ca5bd51c7f7d17c6", None)}


@functools.lru_cache(maxsize=1)
def _known_adjust_text() -> bool:
    import adjustText  # deferred, with adjustText

    try:
        return all(hashlib.sha256(inspect.getsource(getattr(adjustText, name)).encode()).hexdigest()[:16] == digest
                   for name, (digest, _) in _ADJUST_SOURCES.items())
    except (AttributeError, OSError, TypeError):
        return False


@contextlib.contextmanager
def _quicker_overlaps():
    """adjustText with its overlaps found in linear time (:func:`_rows_in`) while labels are placed: it compares
    every overlap in x with every overlap in y on each of its 400 iterations, and tests each pair of leader lines in
    Python (together half the battle map's 0.9 s). The same shifts and swaps, so the same picture; where adjustText's
    functions are not the ones checked, they are left alone."""
    import adjustText  # deferred, with adjustText

    if not _known_adjust_text():
        yield
        return
    saved = {name: getattr(adjustText, name) for name, (_, ours) in _ADJUST_SOURCES.items() if ours is not None}
    try:
        for name, (_, ours) in _ADJUST_SOURCES.items():
            if ours is not None:
                setattr(adjustText, name, ours)
        yield
    finally:
        for name, f in saved.items():
            setattr(adjustText, name, f)


def place_labels(ax, texts: list, points: list[tuple[float, float]], markers=None) -> None:
    """Move ``texts`` (matplotlib Text artists, one per point of ``points``, most important first) so
    that none overlaps another or leaves the axes and they keep off the markers (``markers``: a
    scatter whose circles the labels avoid); each label away from its point gets a thin leader line.

    adjustText (a label-repulsion library) spreads the labels; it converges on most pictures but
    guarantees nothing, so any overlap it leaves is then settled here: a later label that still
    touches an earlier one (or the frame) moves up or down to the nearest free spot. Draw
    everything else first: the figure's layout is computed here and then kept.
    """
    from adjustText import adjust_text  # deferred: adjustText loads scipy, only when labels are placed

    if not texts:
        return
    # lay the figure out once and keep it: a layout engine that ran again at saving would move the
    # axes and so the points under labels placed for the old layout (labels stay inside the axes,
    # so the layout needs nothing from them)
    fig = ax.figure
    fig.draw_without_rendering()
    if fig.get_layout_engine() is not None:
        fig.set_layout_engine("none")
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    with _quicker_overlaps():
        adjust_text(texts, target_x=xs, target_y=ys, x=xs, y=ys, objects=markers, ax=ax, expand=(1.1, 1.25),
                    force_text=(0.4, 0.6), force_static=(0.4, 0.6), force_pull=(0.02, 0.02), max_move=(25, 25),
                    ensure_inside_axes=True, iter_lim=400)  # a count, not adjustText's default 1 s: the same picture every run
    _settle(ax, texts)
    to_data = ax.transData.inverted()
    for text, (x, y) in zip(texts, points):
        box = text.get_window_extent()
        px, py = ax.transData.transform((x, y))
        # the leader starts at the point of the label's box nearest to the marker
        qx, qy = min(max(px, box.x0), box.x1), min(max(py, box.y0), box.y1)
        if math.hypot(px - qx, py - qy) > 6:
            ax.annotate("", xy=(x, y), xytext=tuple(to_data.transform((qx, qy))), zorder=4.5,
                        arrowprops=dict(arrowstyle="-", color="#555555", lw=0.6, shrinkA=0, shrinkB=2))


def _settle(ax, texts: list, gap: float = 4.0) -> None:
    """Move each label that overlaps an earlier one, or sticks out of the axes, up or down (the nearest
    free spot first) in steps of a fifth of its height."""
    frame = ax.get_window_extent()
    to_data = ax.transData.inverted()
    placed = []
    for text in texts:
        box = text.get_window_extent()
        x0, y0 = ax.transData.transform(text.get_position())

        def free(dy: float) -> bool:
            b = box.translated(0, dy)
            if b.y0 < frame.y0 or b.y1 > frame.y1 or b.x0 < frame.x0 - 0.5 or b.x1 > frame.x1 + 0.5:
                return False
            return not any(b.x0 < p.x1 + gap and p.x0 < b.x1 + gap and b.y0 < p.y1 + gap and p.y0 < b.y1 + gap
                           for p in placed)

        step = box.height / 5
        shift = next((d for k in range(0, 400) for d in ((k * step, -k * step) if k else (0.0,)) if free(d)), 0.0)
        if shift:
            text.set_position(tuple(to_data.transform((x0, y0 + shift))))
        placed.append(box.translated(0, shift))


def draw_battle_map(G: nx.MultiDiGraph, campaign=None, *, ax=None, lang: str = "zh"):
    """The battle map (挂图作战): Yeji and the regions at their coordinates over China's provinces, offline.

    Province outlines from :func:`china_outlines` (public-domain Natural Earth data shipped with the
    package); the provinces of the target regions tinted, Yeji's province shaded. Lines from Yeji
    to each region are as wide as the trips made (dashed where none); each region's circle has an
    area proportional to its leads' planned investment and a colour for its conversion to signing
    (grey: no leads); target regions have a dark outline and a framed, bold label. Every target
    region's label, and every region's with leads, carries its name, trips, leads and pipeline
    value; a region with trips but no leads its name and trips. Labels are moved apart by
    :func:`place_labels` (no two overlap, none covers a circle or Yeji's star). Regions'
    coordinates come from the graph, else from ``campaign.regions`` or the shipped regions table.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _ax(ax)
    t = _region_table(G, campaign)
    ref = (campaign.regions if campaign is not None else load_regions()).set_index("region")
    hlat = G.graph.get("home_lat") or float(ref.loc[HOME, "lat"])
    hlon = G.graph.get("home_lon") or float(ref.loc[HOME, "lon"])
    province = ref["province"].to_dict() if "province" in ref.columns else {}
    draw_china(ax, highlight={province.get(r) for r in t.loc[t["is_target"], "region"]} - {None},
               home=province.get(HOME))
    cmap = mpl.colormaps["RdYlGn"]
    norm = mpl.colors.Normalize(vmin=0.0, vmax=1.0)
    maxtrips = max(int(t["trips"].max()) if len(t) else 0, 1)
    maxval = max(float(t["pipeline_wan"].max()) if len(t) else 0.0, 1.0)

    for r in t.itertuples():
        if r.trips:
            ax.plot([hlon, r.lon], [hlat, r.lat], color="#c0392b", lw=0.8 + 5.0 * r.trips / maxtrips, alpha=0.5,
                    solid_capstyle="round", zorder=2)
        else:
            ax.plot([hlon, r.lon], [hlat, r.lat], color="#777777", lw=0.8, ls="--", alpha=0.7, zorder=2)
    lons = [hlon, *t["lon"].tolist()]
    lats = [hlat, *t["lat"].tolist()]
    pad = 2.0
    ax.set_xlim(min(lons) - pad - 1.5, max(lons) + pad + 3.0)
    ax.set_ylim(min(lats) - pad, max(lats) + pad)
    ax.set_aspect(1.0 / math.cos(math.radians(float(np.mean(lats)))))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(label("map.battle_title", lang), fontsize=13)
    sm = mpl.cm.ScalarMappable(norm=norm, cmap=cmap)
    ax.figure.colorbar(sm, ax=ax, shrink=0.6, pad=0.02, label=label("graph.conversion", lang))

    fontsize = 8.5
    texts, points, sizes = [], [], []
    order = t.sort_values(["is_target", "pipeline_wan", "trips"], ascending=False, kind="stable")
    for r in order.itertuples():
        size = 90 + 900 * r.pipeline_wan / maxval
        sizes.append(size)
        points.append((r.lon, r.lat))
        color = "#c8c8c8" if not r.leads or pd.isna(r.conversion) else cmap(norm(r.conversion))
        ax.scatter([r.lon], [r.lat], s=size, color=color, edgecolor="#222222" if r.is_target else "white",
                   linewidth=1.8 if r.is_target else 0.8, alpha=0.88, zorder=3)
        name = r.region if lang == "zh" else r.name_en
        lines = [label("map.trips_n", lang).format(n=r.trips)]
        if r.is_target or r.leads:
            lines.append(label("map.leads_n", lang).format(n=r.leads))
            if r.pipeline_wan:
                lines.append(label("map.yi", lang).format(v=r.pipeline_wan / 10000, m=r.pipeline_wan / 100))
        text = f"{name}\n" + " · ".join(lines) if len(lines) > 1 else f"{name} · {lines[0]}"
        box = (dict(boxstyle="round,pad=0.25", fc="#fff8ec", ec="#b03a2e", lw=1.1, alpha=0.95) if r.is_target
               else dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85))
        # start above-right of the circle; place_labels moves it from there
        texts.append(ax.text(r.lon + 0.6, r.lat + 0.6, text, fontsize=fontsize, ha="left", va="bottom", zorder=5, bbox=box,
                             fontweight="bold" if r.is_target else "normal", gid=f"region-label:{r.region}"))
    ax.scatter([hlon], [hlat], marker="*", s=420, color="#c0392b", edgecolor="white", zorder=6)
    home = ax.text(hlon, hlat - 0.5, label("map.home", lang), fontsize=11, fontweight="bold", ha="center", va="top",
                   zorder=6, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
    # the circles (and Yeji's star) as obstacles the labels keep off
    markers = ax.scatter([p[0] for p in points] + [hlon], [p[1] for p in points] + [hlat], s=sizes + [420],
                         alpha=0.0, zorder=0)
    ax.text(0.0, -0.03, label("map.battle_note", lang) + "  " + base_map_note(lang), transform=ax.transAxes,
            fontsize=7.5, color="#555555", ha="left", va="top")
    place_labels(ax, [home, *texts], [(hlon, hlat), *points], markers)  # last: it fixes the layout
    return ax


def base_map_note(lang: str) -> str:
    """The line under a map that names its base map's source."""
    return "底图：Natural Earth 省级行政区（公共领域）" if lang == "zh" else "Base map: Natural Earth admin-1 (public domain)"
