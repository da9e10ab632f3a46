"""The campaign as a graph (招商关系图): units, groups, regions, leads, consultants and industries in networkx."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from itertools import chain
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from .investors import investor_index
from .periods import day_or_none
from .regions import HOME, normalize_place
from .runtime import gc_paused
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
    with gc_paused():  # millions of new edge dicts and lists: the cyclic collector would rescan them over and over
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
    # attribute columns converted once: stage dates after ``end`` left out, missing values as None
    dates = {c: [None if is_missing(v) else v for v in (leads[c] if end is None else leads[c].where(leads[c] <= end)).tolist()]
             for c in STAGE_DATE.values()}
    region_v = [_py(v) for v in col["region"]]
    valid_v = [_py(v) for v in col["screened_valid"]]
    in_period = _in_mask(leads["reported_on"], start, end).tolist()
    edges: list[tuple[str, str, str, dict]] = []
    for i, lead_id in enumerate(col["lead_id"]):
        n = node_id("lead", lead_id)
        stage = str(stages[i])
        investor, unit, reported_on = col["investor"][i], col["unit"][i], col["reported_on"][i]
        key = norm(investor)
        by_key[key].append(n)
        project = col["project"][i]
        enqueue(n, {"kind": "lead", "label": (project or investor), "lead_id": lead_id,
                    "investor": investor, "investor_key": key, "project": project, "stage": stage,
                    "stage_rank": STAGES.index(stage), "investment_wan": float(col["investment_wan"][i]),
                    "reported_on": dates["reported_on"][i], "intention_on": dates["intention_on"][i],
                    "signed_on": dates["signed_on"][i], "started_on": dates["started_on"][i],
                    "producing_on": dates["producing_on"][i],
                    "region": region_v[i], "industry": col["industry"][i], "sector": col["sector"][i],
                    "leading": bool(col["leading"][i]), "screened_valid": valid_v[i], "unit": unit,
                    "group": col["group"][i], "consultant": col["consultant"][i],
                    "reported_in_period": in_period[i]})
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

    # trips and receptions: one row per touch (an edge, an id, a date) in the order met, grouped below;
    # column-wise: a trip's region and a visited company's leads are looked up once per distinct value
    trips = campaign.trips[_in_mask(campaign.trips["start_on"], start, end)]
    t_ids = trips["trip_id"].to_numpy(object)
    t_on = trips["start_on"].to_numpy("datetime64[ns]").view("int64")
    r_code, r_uniq = pd.factorize(trips["region"])
    t_reg = np.array([add_region(r) for r in r_uniq] + [None], dtype=object)[r_code]   # first met, first added
    flush()
    units_l, heads_l, comps_l = trips["units"].tolist(), trips["head_units"].tolist(), trips["companies"].tolist()
    # one row per trip and unit (r), in the order met
    u_trip = np.repeat(np.arange(len(units_l)), [len(x) for x in units_l])
    u_node = "unit:" + np.array(list(chain.from_iterable(units_l)), dtype=object)
    u_head = np.array([u in heads_l[t] for u, t in zip(chain.from_iterable(units_l), u_trip.tolist())], dtype=bool)
    # visited companies: each distinct one keyed once; a trip's targets are the leads its companies match
    c_trip = np.repeat(np.arange(len(comps_l)), [len(x) for x in comps_l])
    c_code, c_uniq = pd.factorize(pd.Series(list(chain.from_iterable(comps_l)), dtype=object))
    c_hits = [(by_key.get(k, []) if k else []) for k in map(norm, c_uniq)] + [[]]   # -1 (missing): no lead
    c_none = np.array([not h for h in c_hits], dtype=bool)[c_code]
    G.graph["unmatched_visits"] = int(c_none.sum())
    targets: dict[int, list[str]] = {}
    for j in np.flatnonzero(~c_none).tolist():
        targets.setdefault(int(c_trip[j]), []).extend(c_hits[c_code[j]])
    touch = _Touches()
    # trip_to: every trip-unit row of a trip with a region (order: the row, then 0)
    rows = np.flatnonzero(np.array([r is not None for r in t_reg], dtype=bool)[u_trip]) if len(u_trip) else np.zeros(0, int)
    touch.extend(u_node[rows], t_reg[u_trip[rows]], "trip_to", t_ids[u_trip[rows]], t_on[u_trip[rows]], u_head[rows],
                 rows, np.zeros(len(rows), np.int64))
    # visited: each unit of a trip to each lead its companies match (order: the row, then 1, 2 … per lead)
    if targets:
        first_row = np.concatenate(([0], np.cumsum([len(x) for x in units_l])))
        vu, vv, vt, vr, vm = [], [], [], [], []
        for t, hits in targets.items():
            hits = list(dict.fromkeys(hits))
            for r in range(int(first_row[t]), int(first_row[t + 1])):
                vu += [u_node[r]] * len(hits)
                vv += hits
                vt += [t] * len(hits)
                vr += [r] * len(hits)
                vm += range(1, len(hits) + 1)
        vt = np.array(vt, dtype=np.int64)
        touch.extend(np.array(vu, dtype=object), np.array(vv, dtype=object), "visited", t_ids[vt], t_on[vt],
                     np.zeros(len(vt), bool), np.array(vr, dtype=np.int64), np.array(vm, dtype=np.int64))

    # receptions: by lead id when given, else by company name (order: after every trip, in the order met)
    rec = campaign.receptions[_in_mask(campaign.receptions["received_on"], start, end)]
    r_on = rec["received_on"].to_numpy("datetime64[ns]").view("int64")
    ru, rv, ri, rn, rm = [], [], [], [], []
    base = len(u_trip)
    for i, (rid, lead_id, unit, company) in enumerate(zip(rec["reception_id"].tolist(), rec["lead_id"].tolist(),
                                                         rec["unit"].tolist(), rec["company"].tolist())):
        ln = node_id("lead", lead_id) if lead_id else None
        if ln in G:
            hits = [ln]
        else:
            k = norm(company)
            hits = by_key.get(k, []) if k else []
        for m, h in enumerate(hits):
            ru.append(node_id("unit", unit)); rv.append(h); ri.append(rid); rn.append(r_on[i]); rm.append(m)
    touch.extend(np.array(ru, dtype=object), np.array(rv, dtype=object), "received", np.array(ri, dtype=object),
                 np.array(rn, dtype=np.int64), np.zeros(len(ru), bool), base + np.arange(len(ru)), np.array(rm, dtype=np.int64))
    G.add_edges_from(touch.edges())
    return G


class _Touches:
    """Touches (a trip or reception per unit and target) kept flat, then turned into one edge per (unit, target, kind).

    Each block of touches comes with its place in the order met (``major``, then ``minor``). An
    edge's ids and dates are sorted by date, ties in the order met; edges come in the order their
    first touch was met. Each distinct date becomes one shared Timestamp.
    """

    def __init__(self) -> None:
        self.blocks: list[tuple] = []

    def extend(self, u: np.ndarray, v: np.ndarray, kind: str, ids: np.ndarray, on: np.ndarray, head: np.ndarray,
               major: np.ndarray, minor: np.ndarray) -> None:
        if len(u):
            self.blocks.append((u, v, np.full(len(u), kind, dtype=object), ids, on, head, major, minor))

    def edges(self):
        if not self.blocks:
            return
        u, v, kind, ids, on, head, major, minor = (np.concatenate(x) for x in zip(*self.blocks))
        order = np.lexsort((minor, major))  # the order met
        u, v, kind, ids, on, head = u[order], v[order], kind[order], ids[order], on[order], head[order]
        code, _ = pd.factorize(u + "\x1f" + v + "\x1f" + kind)   # an edge's code: the order its first touch was met
        _, first = np.unique(code, return_index=True)
        pairs = zip(u[first].tolist(), v[first].tolist(), kind[first].tolist())
        order = np.lexsort((np.arange(len(code)), on, code))  # by edge, then date, then order met
        code, on = code[order], on[order]
        ids, head = ids[order], head[order]
        stamp = {d: pd.Timestamp(d, unit="ns") for d in np.unique(on).tolist()}
        bounds = np.flatnonzero(np.diff(code)) + 1
        starts = np.concatenate(([0], bounds)).tolist()
        stops = np.concatenate((bounds, [len(code)])).tolist()
        dates_all = [stamp[d] for d in on.tolist()]
        ids_all = ids.tolist()
        for (u_, v_, k_), a, b in zip(pairs, starts, stops):
            dates = dates_all[a:b]
            attrs = {"kind": k_, "reception_ids" if k_ == "received" else "trip_ids": ids_all[a:b],
                     "dates": dates, "weight": b - a, "first_on": dates[0], "last_on": dates[-1]}
            if k_ == "trip_to":
                attrs["head_led"] = int(head[a:b].sum())
            yield u_, v_, k_, attrs


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
