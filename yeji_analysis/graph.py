"""The campaign as a graph (招商关系图): units, groups, regions, leads, consultants and industries in networkx."""

from __future__ import annotations

import datetime as dt
import gc
import math
from collections import defaultdict
from contextlib import contextmanager
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from .config import default_config
from .investors import normalize_investor
from .periods import day_or_none
from .regions import HOME, normalize_place
from .schemas import STAGE_DATE, STAGES

__all__ = ["build_graph", "write_graphml", "write_gexf", "region_coverage", "contention",
           "consultant_attribution", "unit_reach", "unit_region_affinity", "node_id", "NODE_KINDS",
           "EDGE_KINDS"]

#: Node kinds, in the order the pictures lay them out.
NODE_KINDS = ["group", "unit", "consultant", "lead", "industry", "region"]
#: Edge kinds and their direction.
EDGE_KINDS = {"member_of": ("unit", "group"), "reported": ("unit", "lead"), "visited": ("unit", "lead"),
              "received": ("unit", "lead"), "trip_to": ("unit", "region"), "located_in": ("lead", "region"),
              "in_industry": ("lead", "industry"), "referred": ("consultant", "lead")}
_TOUCHES = ("reported", "visited", "received")

def node_id(kind: str, name: Any) -> str:
    """The graph's id of a node: ``"<kind>:<name>"``.

    Examples
    --------
    >>> node_id("unit", "史河街道")
    'unit:史河街道'
    """
    return f"{kind}:{name}"


# ---------------------------------------------------------------------------------------- helpers
def _missing(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, (np.floating,)) and bool(np.isnan(v))


def _py(v: Any) -> Any:
    """A plain Python value for a node/edge attribute (None for missing)."""
    if isinstance(v, (list, tuple, set, np.ndarray)):
        return [_py(x) for x in v]
    if _missing(v):
        return None
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    if isinstance(v, dt.datetime) and not isinstance(v, pd.Timestamp):
        return pd.Timestamp(v)
    return v


def _stage_at(given: Any, dates: tuple, end: pd.Timestamp | None) -> str:
    """The stage a lead had reached by ``end`` (its recorded stage ``given`` when no end).

    ``dates`` are the lead's stage dates of ``STAGES[1:]`` (intention_on … producing_on), in order.
    """
    given = str(given)
    if end is None:
        return given
    stage = "lead"
    for s, d in zip(STAGES[1:], dates):
        if not _missing(d) and pd.Timestamp(d) <= end:
            stage = s
    # a stage given without a date (e.g. "signed" with no signed_on) is kept: nothing says when
    gi = STAGES.index(given)
    if gi > STAGES.index(stage) and all(_missing(d) for d in dates[:gi]):
        stage = given
    return stage


def _in(d: Any, start: pd.Timestamp | None, end: pd.Timestamp | None) -> bool:
    if _missing(d):
        return False
    d = pd.Timestamp(d)
    return (start is None or d >= start) and (end is None or d <= end)


def _in_mask(d: pd.Series, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.Series:
    """:func:`_in` over a date column."""
    m = d.notna()
    if start is not None:
        m &= d >= start
    if end is not None:
        m &= d <= end
    return m


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector (restored on exit); the graph's containers hold no cycles to free."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _keyer(extra_places: tuple[str, ...]):
    """``name -> normalize_investor(name)`` ("" for a missing name), each distinct name normalised once."""

    cache: dict[str, str] = {}

    def norm(name: Any) -> str:
        if isinstance(name, str):
            k = cache.get(name)
            if k is None:
                k = cache[name] = normalize_investor(name, extra_places)
            return k
        return "" if _missing(name) else normalize_investor(name, extra_places)

    return norm


# ---------------------------------------------------------------------------------------- building
def build_graph(campaign, start: Any = None, end: Any = None) -> nx.MultiDiGraph:
    """The campaign as a directed multigraph (招商关系图).

    Nodes (ids namespaced ``kind:name``; every node has ``kind`` and ``label``):

    - ``group:<group>`` — leader, lead_unit, industries, regions (lists), is_outpost;
    - ``unit:<unit>`` — group, unit_type;
    - ``lead:<lead_id>`` — investor, investor_key (normalised name), project, stage (as of ``end``),
      stage_rank (0 lead … 4 producing), investment_wan, reported_on, intention_on, signed_on,
      started_on, producing_on, region, industry, sector, leading, screened_valid, unit, group,
      consultant, reported_in_period. Contacts and phone numbers are left out;
    - ``region:<region>`` — region_kind (home/target/broad/other), is_target, name_en, province, area,
      lat, lon, cluster_industries, travel_hours. The target regions, the groups' regions and
      every region a lead, trip or reception names;
    - ``industry:<sector>`` — leading, supporting (every configured industry, plus 其他 when used);
    - ``consultant:<name>`` — employer, location, appointed_on.

    Edges (key = kind, so ``G.edges[u, v, "trip_to"]``; at most one edge of a kind per pair):

    - member_of unit→group;
    - reported unit→lead (``on`` = reported_on);
    - visited unit→lead: a trip's visited company whose normalised name
      (:func:`yeji_analysis.rules.normalize_investor`) equals the lead's investor's (``trip_ids``, ``dates``, ``weight`` = trips);
    - received unit→lead: a reception naming the lead's id, or else its company matching the
      investor (``reception_ids``, ``dates``, ``weight``);
    - trip_to unit→region (``weight`` = trips, ``trip_ids``, ``dates``, ``head_led`` = head-led trips);
      a joint trip gives one edge per unit;
    - located_in lead→region; in_industry lead→industry; referred consultant→lead (``on``).

    Parameters
    ----------
    campaign : Campaign
    start, end : date-like, optional
        Trips and receptions are those starting/held in [start, end]. Leads are the pipeline as
        of ``end``: reported on or before it, at the stage reached by then; ``reported_in_period``
        says whether the report falls in [start, end]. None: no bound.

    Returns
    -------
    networkx.MultiDiGraph
        ``G.graph`` holds start, end, home (叶集) and its coordinates, the leading industries, and
        ``unmatched_visits`` (visited companies that matched no lead).

    Examples
    --------
    >>> from yeji_analysis import Campaign
    >>> c = Campaign.from_frames(
    ...     units=pd.DataFrame({"unit": ["史河街道"], "group": ["家居组"]}),
    ...     leads=pd.DataFrame({"lead_id": ["L1"], "investor": ["临沂甲木业有限公司"], "unit": ["史河街道"],
    ...                         "reported_on": ["2021-07-05"], "origin": ["临沂市"], "industry": ["板材"]}),
    ...     trips=pd.DataFrame({"start_on": ["2021-07-10"], "units": [["史河街道"]],
    ...                         "destination": ["山东临沂"], "companies": [["甲木业"]]}))
    >>> G = build_graph(c)
    >>> sorted(k for _, _, k in G.out_edges("unit:史河街道", keys=True))
    ['member_of', 'reported', 'trip_to', 'visited']
    >>> G.edges["unit:史河街道", "region:临沂", "trip_to"]["weight"]
    1
    """
    with _gc_paused():  # millions of new edge dicts and lists: the cyclic collector would rescan them over and over
        return _build_graph(campaign, start, end)


def _build_graph(campaign, start: Any, end: Any) -> nx.MultiDiGraph:
    start, end = day_or_none(start), day_or_none(end)
    if start is not None and end is not None and end < start:
        raise ValueError(f"build_graph: end {end:%Y-%m-%d} is before start {start:%Y-%m-%d}")
    cfg = campaign.config
    norm = _keyer(tuple(str(r) for r in campaign.regions["region"]))

    G = nx.MultiDiGraph()
    regions = campaign.regions.set_index("region")
    home = regions.loc[HOME] if HOME in regions.index else None
    leading = list(cfg["industries"]["leading"])
    supporting = list(cfg["industries"].get("supporting", []))
    G.graph.update(name="叶集区“双招双引”攻坚季", start=start, end=end, home=HOME,
                   home_lat=None if home is None else float(home["lat"]),
                   home_lon=None if home is None else float(home["lon"]),
                   leading_industries=leading, unmatched_visits=0)

    # Nodes are queued in the order they were first met and added in bulk (add_nodes_from), so the
    # graph's node order is what adding them one by one would give; ``pending`` mirrors the queue.
    queue: list[tuple[str, dict]] = []
    pending: set[str] = set()

    def known(n: str) -> bool:
        return n in pending or n in G

    def enqueue(n: str, attrs: dict) -> None:
        queue.append((n, attrs))
        pending.add(n)

    def flush() -> None:
        G.add_nodes_from(queue)
        queue.clear()
        pending.clear()

    def add_region(r: Any) -> str | None:
        if _missing(r) or not str(r):
            return None
        n = node_id("region", r)
        if not known(n):
            if r in regions.index:
                x = regions.loc[r]
                enqueue(n, dict(kind="region", label=str(r), region_kind=str(x["kind"]), is_target=bool(x["is_target"]),
                                name_en=str(x["name_en"]), province=str(x["province"]), area=str(x["area"]),
                                lat=float(x["lat"]), lon=float(x["lon"]),
                                cluster_industries=list(x["cluster_industries"]),
                                travel_hours=_py(float(x["travel_hours"]))))
            else:
                enqueue(n, dict(kind="region", label=str(r), region_kind="other", is_target=False, name_en=str(r),
                                province="", area="", lat=None, lon=None, cluster_industries=[], travel_hours=None))
        return n

    def add_industry(sector: str) -> str:
        n = node_id("industry", sector)
        if not known(n):
            enqueue(n, dict(kind="industry", label=sector, leading=sector in leading, supporting=sector in supporting))
        return n

    # groups and units
    for r in campaign.groups.itertuples(index=False):
        G.add_node(node_id("group", r.group), kind="group", label=r.group, leader=r.leader, lead_unit=r.lead_unit,
                   industries=list(r.industries), regions=list(r.regions), is_outpost=bool(r.is_outpost))
    for r in campaign.units.itertuples(index=False):
        G.add_node(node_id("unit", r.unit), kind="unit", label=r.unit, group=r.group, unit_type=r.unit_type)
        G.add_edge(node_id("unit", r.unit), node_id("group", r.group), key="member_of", kind="member_of")
    for r in list(cfg["district"].get("roadshow_regions", [])) + list(regions.index[regions["is_target"]]):
        add_region(r)
    for rs in campaign.groups["regions"]:
        for r in rs:
            add_region(r if r in regions.index else (_place(r) or r))
    for s in leading + supporting:
        add_industry(s)
    flush()
    for r in campaign.consultants.itertuples(index=False):
        G.add_node(node_id("consultant", r.consultant), kind="consultant", label=r.consultant, employer=r.employer,
                   location=r.location, appointed_on=_py(r.appointed_on))

    # leads: the pipeline as of end (one pass over column lists; each distinct investor normalised once)
    leads = campaign.leads
    if end is not None:
        leads = leads[leads["reported_on"] <= end]
    by_key: dict[str, list[str]] = defaultdict(list)
    col = {c: leads[c].tolist() for c in ["lead_id", "project", "investor", "stage", "investment_wan", "reported_on",
                                          "region", "industry", "sector", "leading", "screened_valid", "unit",
                                          "group", "consultant", *STAGE_DATE.values()]}
    stage_dates = list(zip(*(col[STAGE_DATE[s]] for s in STAGES[1:])))
    edges: list[tuple[str, str, str, dict]] = []
    for i, lead_id in enumerate(col["lead_id"]):
        n = node_id("lead", lead_id)
        stage = _stage_at(col["stage"][i], stage_dates[i], end)
        investor, unit, reported_on = col["investor"][i], col["unit"][i], col["reported_on"][i]
        key = norm(investor)
        by_key[key].append(n)
        enqueue(n, dict(kind="lead", label=(col["project"][i] or investor), lead_id=lead_id,
                        investor=investor, investor_key=key, project=col["project"][i], stage=stage,
                        stage_rank=STAGES.index(stage), investment_wan=float(col["investment_wan"][i]),
                        **{c: (_py(v) if end is None or _missing(v) or v <= end else None)
                           for c in STAGE_DATE.values() for v in (col[c][i],)},
                        region=_py(col["region"][i]), industry=col["industry"][i], sector=col["sector"][i],
                        leading=bool(col["leading"][i]), screened_valid=_py(col["screened_valid"][i]), unit=unit,
                        group=col["group"][i], consultant=col["consultant"][i],
                        reported_in_period=_in(reported_on, start, end)))
        un = node_id("unit", unit)
        if not known(un):  # add_edge would have made it
            enqueue(un, {})
        edges.append((un, n, "reported", {"kind": "reported", "on": _py(reported_on), "weight": 1}))
        reg = add_region(col["region"][i])
        if reg:
            edges.append((n, reg, "located_in", {"kind": "located_in"}))
        edges.append((n, add_industry(col["sector"][i]), "in_industry", {"kind": "in_industry"}))
        consultant = col["consultant"][i]
        if consultant:
            cn = node_id("consultant", consultant)
            if not known(cn):
                enqueue(cn, dict(kind="consultant", label=consultant, employer="", location="", appointed_on=None))
            edges.append((cn, n, "referred", {"kind": "referred", "on": _py(reported_on)}))
    flush()
    G.add_edges_from(edges)
    del edges, col, stage_dates

    # trips and receptions: one row per touch (an edge, an id, a date) in the order met, grouped below
    touch = _Touches()
    trips = campaign.trips[_in_mask(campaign.trips["start_on"], start, end)]
    t_ids, t_on = trips["trip_id"].tolist(), trips["start_on"].to_numpy("datetime64[ns]").view("int64")
    t_reg = [add_region(r) for r in trips["region"].tolist()]
    flush()
    unmatched = 0
    for t, (units, heads, companies) in enumerate(zip(trips["units"].tolist(), trips["head_units"].tolist(),
                                                      trips["companies"].tolist())):
        targets: list[str] = []
        for comp in companies:
            k = norm(comp)
            hits = by_key.get(k, []) if k else []
            unmatched += not hits
            targets += hits
        targets = list(dict.fromkeys(targets))
        reg, tid, on = t_reg[t], t_ids[t], t_on[t]
        for u in units:
            un = node_id("unit", u)
            if reg:
                touch.add(un, reg, "trip_to", tid, on, u in heads)
            for ln in targets:
                touch.add(un, ln, "visited", tid, on)
    G.graph["unmatched_visits"] = unmatched

    # receptions: by lead id when given, else by company name
    rec = campaign.receptions[_in_mask(campaign.receptions["received_on"], start, end)]
    r_on = rec["received_on"].to_numpy("datetime64[ns]").view("int64")
    for i, (rid, lead_id, unit, company) in enumerate(zip(rec["reception_id"].tolist(), rec["lead_id"].tolist(),
                                                         rec["unit"].tolist(), rec["company"].tolist())):
        ln = node_id("lead", lead_id) if lead_id else None
        k = norm(company)
        hits = [ln] if ln in G else by_key.get(k, []) if k else []
        for h in hits:
            touch.add(node_id("unit", unit), h, "received", rid, r_on[i])
    G.add_edges_from(touch.edges())
    return G


class _Touches:
    """Touches (a trip or reception per unit and target) kept flat, then turned into one edge per (unit, target, kind).

    An edge's ids and dates are sorted by date, ties in the order met; edges come in the order
    their first touch was met. Each distinct date becomes one shared Timestamp.
    """

    def __init__(self) -> None:
        self.codes: dict[tuple[str, str, str], int] = {}
        self.code: list[int] = []
        self.ids: list[str] = []
        self.on: list[int] = []
        self.head: list[bool] = []

    def add(self, u: str, v: str, kind: str, ref: str, on: int, head: bool = False) -> None:
        c = self.codes.setdefault((u, v, kind), len(self.codes))
        self.code.append(c)
        self.ids.append(ref)
        self.on.append(on)
        self.head.append(head)

    def edges(self):
        if not self.code:
            return
        code = np.asarray(self.code, dtype=np.int64)
        on = np.asarray(self.on, dtype=np.int64)
        order = np.lexsort((np.arange(len(code)), on, code))  # by edge, then date, then order met
        code, on = code[order], on[order]
        ids = np.asarray(self.ids, dtype=object)[order]
        head = np.asarray(self.head, dtype=bool)[order]
        stamp = {d: pd.Timestamp(d, unit="ns") for d in np.unique(on).tolist()}
        bounds = np.flatnonzero(np.diff(code)) + 1
        starts = np.concatenate(([0], bounds)).tolist()
        stops = np.concatenate((bounds, [len(code)])).tolist()
        dates_all = [stamp[d] for d in on.tolist()]
        for (u, v, kind), a, b in zip(self.codes, starts, stops):
            dates = dates_all[a:b]
            attrs = {"kind": kind, "reception_ids" if kind == "received" else "trip_ids": ids[a:b].tolist(),
                     "dates": dates, "weight": b - a, "first_on": dates[0], "last_on": dates[-1]}
            if kind == "trip_to":
                attrs["head_led"] = int(head[a:b].sum())
            yield u, v, kind, attrs


def _place(text: str) -> str | None:
    return normalize_place(text)


# ---------------------------------------------------------------------------------------- export
def _export_value(v: Any) -> Any:
    v = _py(v)
    if v is None:
        return None
    if isinstance(v, list):
        return "|".join("" if x is None else _export_value(x) if not isinstance(x, str) else x for x in v)
    if isinstance(v, (pd.Timestamp, dt.date)):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


def _exportable(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    H = nx.MultiDiGraph()
    H.graph.update({k: x for k, v in G.graph.items() if (x := _export_value(v)) is not None})
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: x for k, v in d.items() if (x := _export_value(v)) is not None})
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=k, **{a: x for a, y in d.items() if (x := _export_value(y)) is not None})
    return H


def write_graphml(G: nx.MultiDiGraph, path) -> None:
    """Write ``G`` as GraphML (for yEd or Gephi): dates as YYYY-MM-DD, lists joined with ``|``, missing values left out."""
    nx.write_graphml(_exportable(G), path)


def write_gexf(G: nx.MultiDiGraph, path) -> None:
    """Write ``G`` as GEXF (for Gephi): dates as YYYY-MM-DD, lists joined with ``|``, missing values left out."""
    nx.write_gexf(_exportable(G), path)


# ---------------------------------------------------------------------------------------- frames from the graph
def _nodes(G: nx.MultiDiGraph, kind: str) -> pd.DataFrame:
    rows = [{"node": n, **d} for n, d in G.nodes(data=True) if d.get("kind") == kind]
    return pd.DataFrame(rows)


def _edges(G: nx.MultiDiGraph, kind: str) -> pd.DataFrame:
    rows = [{"source": u, "target": v, **d} for u, v, k, d in G.edges(keys=True, data=True) if d.get("kind") == kind]
    return pd.DataFrame(rows, columns=["source", "target"] if not rows else None)


def _leading(G: nx.MultiDiGraph) -> list[str]:
    lead = G.graph.get("leading_industries")
    if isinstance(lead, str):
        lead = [x for x in lead.split("|") if x]
    if lead:
        return list(lead)
    return [d["label"] for _, d in G.nodes(data=True) if d.get("kind") == "industry" and d.get("leading")]


def _share(a: float, b: float) -> float:
    return float(a) / float(b) if b else float("nan")


def region_coverage(G: nx.MultiDiGraph, *, gap: float = 0.2) -> pd.DataFrame:
    """Per region, who went and what it holds (区域覆盖): units, trips, leads, pipeline value, conversion.

    ``potential`` = mean of three shares in [0, 1]: the region's leads / the most leads in any
    region, its pipeline value / the largest pipeline, and ``cluster_fit`` (the share of the
    district's leading industries in the region's cluster). ``coverage`` = the region's trips /
    the most trips to any region. ``gap_score`` = potential − coverage; ``potential_gap`` is True
    where gap_score >= ``gap`` (potential, but few trips) and the region holds leads or is a
    target region (a broad area such as 长三角 with neither is not flagged on its cluster alone).
    Yeji itself is left out.

    Parameters
    ----------
    G : MultiDiGraph from :func:`build_graph`
    gap : float
        Threshold on gap_score for ``potential_gap``.

    Returns
    -------
    DataFrame
        One row per region: region, region_kind, is_target, units (list), n_units, trips,
        trip_ids, head_led_trips, leads, lead_ids, pipeline_wan, signed (leads at signed or
        later), signed_wan, conversion (signed / leads), cluster_fit, potential, coverage,
        gap_score, potential_gap; sorted by gap_score, largest first.

    Examples
    --------
    >>> G = nx.MultiDiGraph(leading_industries=["家居板材"])
    >>> G.add_node("region:临沂", kind="region", label="临沂", region_kind="target", is_target=True,
    ...            cluster_industries=["家居板材"])
    >>> G.add_node("lead:L1", kind="lead", investment_wan=20000.0, stage_rank=2)
    >>> _ = G.add_edge("lead:L1", "region:临沂", key="located_in", kind="located_in")
    >>> region_coverage(G)[["region", "leads", "trips", "conversion", "potential_gap"]].values.tolist()
    [['临沂', 1, 0, 1.0, True]]
    """
    leading = set(_leading(G))
    rows = []
    for n, d in G.nodes(data=True):
        if d.get("kind") != "region" or d.get("label") == G.graph.get("home", HOME) or d.get("region_kind") == "home":
            continue
        trip_ids, units, head = set(), set(), 0
        lead_ids, value, signed, signed_wan = [], 0.0, 0, 0.0
        for u, _, k, e in G.in_edges(n, keys=True, data=True):
            if k == "trip_to":
                trip_ids.update(_aslist(e.get("trip_ids")))
                units.add(G.nodes[u].get("label", u))
                head += int(e.get("head_led", 0) or 0)
            elif k == "located_in":
                ld = G.nodes[u]
                lead_ids.append(ld.get("lead_id", u.split(":", 1)[-1]))
                inv = ld.get("investment_wan")
                value += 0.0 if _missing(inv) else float(inv)
                if (ld.get("stage_rank") or 0) >= STAGES.index("signed"):
                    signed += 1
                    signed_wan += 0.0 if _missing(inv) else float(inv)
        cluster = set(_aslist(d.get("cluster_industries")))
        rows.append({"region": d.get("label", n), "region_kind": d.get("region_kind", "other"),
                     "is_target": bool(d.get("is_target", False)), "units": sorted(units), "n_units": len(units),
                     "trips": len(trip_ids), "trip_ids": sorted(trip_ids), "head_led_trips": head,
                     "leads": len(lead_ids), "lead_ids": sorted(lead_ids), "pipeline_wan": value, "signed": signed,
                     "signed_wan": signed_wan, "conversion": _share(signed, len(lead_ids)),
                     "cluster_fit": _share(len(cluster & leading), len(leading)) if leading else 0.0})
    cols = ["region", "region_kind", "is_target", "units", "n_units", "trips", "trip_ids", "head_led_trips", "leads",
            "lead_ids", "pipeline_wan", "signed", "signed_wan", "conversion", "cluster_fit", "potential", "coverage",
            "gap_score", "potential_gap"]
    if not rows:
        return pd.DataFrame(columns=cols)
    df = pd.DataFrame(rows)

    def norm(s: pd.Series) -> pd.Series:
        m = s.max()
        return s / m if m > 0 else s * 0.0

    df = df.assign(potential=(norm(df["leads"]) + norm(df["pipeline_wan"]) + df["cluster_fit"].fillna(0)) / 3,
                   coverage=norm(df["trips"].astype(float)))
    df = df.assign(gap_score=df["potential"] - df["coverage"])
    df = df.assign(potential_gap=(df["gap_score"] >= gap) & ((df["leads"] > 0) | df["is_target"]))
    return df.sort_values(["gap_score", "region"], ascending=[False, True], ignore_index=True)[cols]


def _aslist(v: Any) -> list:
    if v is None:
        return []
    if isinstance(v, str):
        return [x for x in v.split("|") if x]
    return list(v)


def _touches(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per touch of a lead: reported / visited (one per trip) / received (one per reception)."""
    rows = []
    for u, v, k, e in G.edges(keys=True, data=True):
        if k not in _TOUCHES:
            continue
        ld, un = G.nodes[v], G.nodes[u]
        base = {"investor_key": ld.get("investor_key") or ld.get("investor", ""), "investor": ld.get("investor", ""),
                "lead_id": ld.get("lead_id", v.split(":", 1)[-1]), "unit": un.get("label", u),
                "group": un.get("group", ""), "touch": k}
        if k == "reported":
            rows.append({**base, "on": e.get("on"), "ref": base["lead_id"]})
        else:
            ids = _aslist(e.get("reception_ids" if k == "received" else "trip_ids"))
            dates = _aslist(e.get("dates"))
            for i, ref in enumerate(ids):
                rows.append({**base, "on": dates[i] if i < len(dates) else None, "ref": ref})
    df = pd.DataFrame(rows, columns=["investor_key", "investor", "lead_id", "unit", "group", "touch", "on", "ref"])
    df["on"] = pd.to_datetime(df["on"]).astype("datetime64[ns]")
    return df


def contention(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Investors touched by two or more groups (撞单): who touched them, how and when.

    Leads whose investors' normalised names are equal are one investor. A touch is a lead reported,
    a visit on a trip, or a reception, by a unit; it counts for the unit's group.

    Returns
    -------
    DataFrame
        One row per touch of a contended investor: investor_key, investor, n_groups, groups (list),
        first_group (the group that touched it first: a default owner for the dispatch meeting),
        lead_id, unit, group, touch (reported/visited/received), on, ref (the lead, trip or
        reception id); sorted by investor and date. A trip or reception that met an investor
        reported as several leads is one touch (listed under the first lead id).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("unit:甲", kind="unit", label="甲", group="A组")
    >>> G.add_node("unit:乙", kind="unit", label="乙", group="B组")
    >>> G.add_node("lead:L1", kind="lead", lead_id="L1", investor="某木业", investor_key="某木业")
    >>> _ = G.add_edge("unit:甲", "lead:L1", key="reported", kind="reported", on=pd.Timestamp("2021-07-05"))
    >>> _ = G.add_edge("unit:乙", "lead:L1", key="visited", kind="visited", trip_ids=["T1"],
    ...                dates=[pd.Timestamp("2021-07-09")])
    >>> contention(G)[["group", "touch", "ref", "n_groups", "first_group"]].values.tolist()
    [['A组', 'reported', 'L1', 2, 'A组'], ['B组', 'visited', 'T1', 2, 'A组']]
    """
    t = _touches(G)
    cols = ["investor_key", "investor", "n_groups", "groups", "first_group", "lead_id", "unit", "group", "touch",
            "on", "ref"]
    if t.empty:
        return pd.DataFrame(columns=cols)
    t = t.sort_values(["investor_key", "on", "group", "unit", "touch", "ref"], kind="stable", na_position="last")
    per = t.groupby("investor_key", sort=False).agg(n_groups=("group", "nunique"),
                                                    groups=("group", lambda s: sorted(set(s))),
                                                    first_group=("group", "first"),
                                                    investor=("investor", "first"))
    per = per[per["n_groups"] >= 2]
    out = (t.drop(columns="investor").merge(per, left_on="investor_key", right_index=True)
           .drop_duplicates(["investor_key", "unit", "touch", "ref"]))  # a visit of an investor reported twice: once
    return out[cols].reset_index(drop=True)


def consultant_attribution(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Per consultant (以商招商), the leads referred and how far they got, against leads with no referral.

    Returns
    -------
    DataFrame
        One row per consultant, then one row with ``consultant`` NA and ``referred`` False for the
        leads no consultant referred: consultant, employer, referred, leads, lead_ids, intention,
        signed, started (leads that reached at least that stage), investment_wan, signed_wan,
        intention_rate, signed_rate (shares of leads), lift (signed_rate / the no-referral
        signed_rate; NA when that is 0 or undefined).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("consultant:王", kind="consultant", label="王", employer="")
    >>> for i, r in enumerate([2, 0, 1, 0]):
    ...     G.add_node(f"lead:L{i}", kind="lead", lead_id=f"L{i}", stage_rank=r, investment_wan=1.0)
    >>> _ = G.add_edge("consultant:王", "lead:L0", key="referred", kind="referred")
    >>> _ = G.add_edge("consultant:王", "lead:L1", key="referred", kind="referred")
    >>> consultant_attribution(G)[["referred", "leads", "signed", "signed_rate"]].to_dict("list")
    {'referred': [True, False], 'leads': [2, 2], 'signed': [1, 0], 'signed_rate': [0.5, 0.0]}
    """
    leads = {n: d for n, d in G.nodes(data=True) if d.get("kind") == "lead"}
    referred_any: set[str] = set()
    groups: list[tuple[Any, str, list[str]]] = []
    for n, d in G.nodes(data=True):
        if d.get("kind") != "consultant":
            continue
        ls = [v for _, v, k in G.out_edges(n, keys=True) if k == "referred" and v in leads]
        referred_any.update(ls)
        groups.append((d.get("label", n), d.get("employer", "") or "", ls))
    groups.sort(key=lambda g: (-len(g[2]), str(g[0])))
    groups.append((pd.NA, "", [n for n in leads if n not in referred_any]))
    rows = []
    for name, employer, ls in groups:
        ranks = [leads[n].get("stage_rank") or 0 for n in ls]
        inv = [0.0 if _missing(leads[n].get("investment_wan")) else float(leads[n]["investment_wan"]) for n in ls]
        s_idx, i_idx, st_idx = STAGES.index("signed"), STAGES.index("intention"), STAGES.index("started")
        rows.append({"consultant": name, "employer": employer, "referred": name is not pd.NA, "leads": len(ls),
                     "lead_ids": sorted(leads[n].get("lead_id", n.split(":", 1)[-1]) for n in ls),
                     "intention": sum(r >= i_idx for r in ranks), "signed": sum(r >= s_idx for r in ranks),
                     "started": sum(r >= st_idx for r in ranks), "investment_wan": sum(inv),
                     "signed_wan": sum(x for x, r in zip(inv, ranks) if r >= s_idx)})
    df = pd.DataFrame(rows)
    df = df.assign(intention_rate=[_share(a, b) for a, b in zip(df["intention"], df["leads"])],
                   signed_rate=[_share(a, b) for a, b in zip(df["signed"], df["leads"])])
    base = df["signed_rate"].iloc[-1]
    df["lift"] = [r / base if base and not _missing(base) and not _missing(r) else float("nan") for r in df["signed_rate"]]
    return df


def unit_reach(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Per unit, how far it reaches (单位触达): trips, regions, and the leads and investors it touched.

    Returns
    -------
    DataFrame
        One row per unit: unit, group, trips (distinct trips), regions (list), n_regions, reported,
        visited, received (leads touched that way), leads_touched, investors_touched (distinct
        normalised investors), lead_ids, pipeline_wan and signed (of the leads it reported);
        sorted by leads_touched then trips, largest first.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("unit:甲", kind="unit", label="甲", group="A组")
    >>> G.add_node("region:临沂", kind="region", label="临沂")
    >>> _ = G.add_edge("unit:甲", "region:临沂", key="trip_to", kind="trip_to", weight=2, trip_ids=["T1", "T2"])
    >>> unit_reach(G)[["unit", "trips", "n_regions", "leads_touched"]].values.tolist()
    [['甲', 2, 1, 0]]
    """
    rows = []
    for n, d in G.nodes(data=True):
        if d.get("kind") != "unit":
            continue
        trips, regions = set(), set()
        touched: dict[str, set] = {k: set() for k in _TOUCHES}
        for _, v, k, e in G.out_edges(n, keys=True, data=True):
            if k == "trip_to":
                trips.update(_aslist(e.get("trip_ids")))
                regions.add(G.nodes[v].get("label", v))
            elif k in touched:
                touched[k].add(v)
        all_leads = set().union(*touched.values())
        rep = [G.nodes[v] for v in touched["reported"]]
        rows.append({"unit": d.get("label", n), "group": d.get("group", ""), "trips": len(trips),
                     "regions": sorted(regions), "n_regions": len(regions),
                     **{k: len(s) for k, s in touched.items()}, "leads_touched": len(all_leads),
                     "investors_touched": len({G.nodes[v].get("investor_key") or v for v in all_leads}),
                     "lead_ids": sorted(G.nodes[v].get("lead_id", v) for v in all_leads),
                     "pipeline_wan": sum(0.0 if _missing(x.get("investment_wan")) else float(x["investment_wan"]) for x in rep),
                     "signed": sum((x.get("stage_rank") or 0) >= STAGES.index("signed") for x in rep)})
    cols = ["unit", "group", "trips", "regions", "n_regions", "reported", "visited", "received", "leads_touched",
            "investors_touched", "lead_ids", "pipeline_wan", "signed"]
    if not rows:
        return pd.DataFrame(columns=cols)
    return (pd.DataFrame(rows)[cols]
            .sort_values(["leads_touched", "trips", "unit"], ascending=[False, False, True], ignore_index=True))


def unit_region_affinity(G: nx.MultiDiGraph, campaign=None, *, weights: dict | None = None) -> pd.DataFrame:
    """How natural a unit is to send to a region (单位-区域契合度): the roadshow planner's delegation signal.

    For every unit and every region in ``G`` (Yeji itself left out)::

        affinity = w_trips    * past_trips / (past_trips + 1)
                 + w_target   * target_region
                 + w_industry * industry_fit
                 + w_leads    * leads_there / (leads_there + 1)

    - ``past_trips``: the unit's trips to the region (the trip_to edge's weight);
    - ``target_region``: the region is one of the unit's group's target regions;
    - ``industry_fit``: the share of the region's cluster industries that are the group's
      industries (the group's listed industries, or where none are listed the sectors of the
      leads its units reported, 其他 excluded); 0 when the region lists no cluster;
    - ``leads_there``: leads located in the region that the unit reported, visited or received.

    The trip and lead terms saturate (1 → 0.5, 2 → 0.67, 3 → 0.75), so one more trip matters
    most for a unit that has been rarely. Default weights: the shipped configuration's ``[planner] affinity_weights`` (0.4, 0.3, 0.2,
    0.1) sum to 1, so affinity lies in [0, 1]. ``weights`` overrides them; otherwise
    ``campaign.config["planner"]["affinity_weights"]`` does when present. With ``campaign`` the
    groups' regions and industries are taken from ``campaign.groups``.

    Returns
    -------
    DataFrame
        unit, group, region, affinity, past_trips, target_region (bool), industry_fit (float),
        leads_there; sorted by unit, then affinity (largest first), then region.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("group:A组", kind="group", label="A组", regions=["临沂"], industries=["家居板材"])
    >>> for u in ["甲", "乙"]:
    ...     G.add_node(f"unit:{u}", kind="unit", label=u, group="A组")
    >>> G.add_node("region:临沂", kind="region", label="临沂", cluster_industries=["家居板材"])
    >>> _ = G.add_edge("unit:甲", "region:临沂", key="trip_to", kind="trip_to", weight=1)
    >>> unit_region_affinity(G)[["unit", "past_trips", "affinity"]].values.tolist()
    [['乙', 0, 0.5], ['甲', 1, 0.7]]
    """
    w = dict(default_config()["planner"]["affinity_weights"])
    if weights is None and campaign is not None:
        weights = campaign.config.get("planner", {}).get("affinity_weights")
    w.update(weights or {})
    ginfo: dict[str, dict[str, list]] = {}
    for n, d in G.nodes(data=True):
        if d.get("kind") == "group":
            ginfo[d.get("label", n)] = {"regions": _aslist(d.get("regions")), "industries": _aslist(d.get("industries"))}
    if campaign is not None:
        for r in campaign.groups.itertuples(index=False):
            ginfo[r.group] = {"regions": list(r.regions), "industries": list(r.industries)}
    # sectors each group's units reported (fallback when a group lists no industries)
    reported_sectors: dict[str, set] = defaultdict(set)
    for u, v, k in G.edges(keys=True):
        if k == "reported":
            sector = G.nodes[v].get("sector")
            if sector and sector != "其他":
                reported_sectors[G.nodes[u].get("group", "")].add(sector)
    home = G.graph.get("home", HOME)
    regions = {n: d for n, d in G.nodes(data=True)
               if d.get("kind") == "region" and d.get("label") != home and d.get("region_kind") != "home"}
    cols = ["unit", "group", "region", "affinity", "past_trips", "target_region", "industry_fit", "leads_there"]
    rows = []
    for n, d in G.nodes(data=True):
        if d.get("kind") != "unit":
            continue
        group = d.get("group", "")
        gi = ginfo.get(group, {"regions": [], "industries": []})
        inds = set(gi["industries"]) or reported_sectors.get(group, set())
        trips = {v: int(e.get("weight", 1) or 0) for _, v, k, e in G.out_edges(n, keys=True, data=True) if k == "trip_to"}
        touched = {v for _, v, k in G.out_edges(n, keys=True) if k in _TOUCHES}
        lead_regions = defaultdict(int)
        for ln in touched:
            for _, reg, k in G.out_edges(ln, keys=True):
                if k == "located_in":
                    lead_regions[reg] += 1
        for rn, rd in regions.items():
            label = rd.get("label", rn)
            cluster = set(_aslist(rd.get("cluster_industries")))
            past, there = trips.get(rn, 0), lead_regions.get(rn, 0)
            target = label in gi["regions"]
            fit = len(cluster & inds) / len(cluster) if cluster else 0.0
            aff = (w["trips"] * past / (past + 1) + w["target"] * target + w["industry"] * fit
                   + w["leads"] * there / (there + 1))
            rows.append({"unit": d.get("label", n), "group": group, "region": label, "affinity": round(aff, 6),
                         "past_trips": past, "target_region": bool(target), "industry_fit": float(fit),
                         "leads_there": there})
    if not rows:
        return pd.DataFrame(columns=cols)
    return (pd.DataFrame(rows)[cols]
            .sort_values(["unit", "affinity", "region"], ascending=[True, False, True], ignore_index=True))
