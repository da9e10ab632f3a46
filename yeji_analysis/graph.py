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

from .investors import investor_index
from .periods import day_or_none
from .regions import HOME, normalize_place
from .pipeline import stages_on
from .schemas import STAGE_DATE, STAGES

__all__ = ["build_graph", "write_graphml", "write_gexf", "node_id", "is_missing", "NODE_KINDS", "EDGE_KINDS", "TOUCHES"]

#: Node kinds, in the order the pictures lay them out.
NODE_KINDS = ["group", "unit", "consultant", "lead", "industry", "region"]
#: Edge kinds and their direction.
EDGE_KINDS = {"member_of": ("unit", "group"), "reported": ("unit", "lead"), "visited": ("unit", "lead"),
              "received": ("unit", "lead"), "trip_to": ("unit", "region"), "located_in": ("lead", "region"),
              "in_industry": ("lead", "industry"), "referred": ("consultant", "lead")}
TOUCHES = ("reported", "visited", "received")

def node_id(kind: str, name: Any) -> str:
    """The graph's id of a node: ``"<kind>:<name>"``.

    Examples
    --------
    >>> node_id("unit", "史河街道")
    'unit:史河街道'
    """
    return f"{kind}:{name}"


# ---------------------------------------------------------------------------------------- helpers
def is_missing(v: Any) -> bool:
    """A missing attribute value: None, NA, NaT or NaN."""
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, (np.floating,)) and bool(np.isnan(v))


def _py(v: Any) -> Any:
    """A plain Python value for a node/edge attribute (None for missing)."""
    if isinstance(v, (list, tuple, set, np.ndarray)):
        return [_py(x) for x in v]
    if is_missing(v):
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


def _in(d: Any, start: pd.Timestamp | None, end: pd.Timestamp | None) -> bool:
    if is_missing(d):
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
      (:func:`yeji_analysis.investors.investor_index`) equals the lead's investor's (``trip_ids``, ``dates``, ``weight`` = trips);
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
    norm = investor_index(campaign).key

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
        if is_missing(r) or not str(r):
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
    # the stage as of end: pipeline.stages_on (the one rule); the recorded stage when there is no end
    stages = (col["stage"] if end is None else stages_on(leads, end)["stage"].tolist())
    edges: list[tuple[str, str, str, dict]] = []
    for i, lead_id in enumerate(col["lead_id"]):
        n = node_id("lead", lead_id)
        stage = str(stages[i])
        investor, unit, reported_on = col["investor"][i], col["unit"][i], col["reported_on"][i]
        key = norm(investor)
        by_key[key].append(n)
        enqueue(n, dict(kind="lead", label=(col["project"][i] or investor), lead_id=lead_id,
                        investor=investor, investor_key=key, project=col["project"][i], stage=stage,
                        stage_rank=STAGES.index(stage), investment_wan=float(col["investment_wan"][i]),
                        **{c: (_py(v) if end is None or is_missing(v) or v <= end else None)
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
    del edges, col, stages

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
