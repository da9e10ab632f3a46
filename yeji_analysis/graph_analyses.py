"""Reading the campaign graph (关系图分析): region coverage, 撞单 contention, consultants' attribution, units' reach
and unit–region affinity, each a frame computed from :func:`~yeji_analysis.graph.build_graph`'s graph."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
import pandas as pd

from .config import default_config
from .graph import TOUCHES, is_missing
from .regions import HOME
from .schemas import STAGES

__all__ = ["region_coverage", "contention", "consultant_attribution", "unit_reach", "unit_region_affinity"]


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
                value += 0.0 if is_missing(inv) else float(inv)
                if (ld.get("stage_rank") or 0) >= STAGES.index("signed"):
                    signed += 1
                    signed_wan += 0.0 if is_missing(inv) else float(inv)
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
        if k not in TOUCHES:
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
        inv = [0.0 if is_missing(leads[n].get("investment_wan")) else float(leads[n]["investment_wan"]) for n in ls]
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
    df["lift"] = [r / base if base and not is_missing(base) and not is_missing(r) else float("nan") for r in df["signed_rate"]]
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
        touched: dict[str, set] = {k: set() for k in TOUCHES}
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
                     "pipeline_wan": sum(0.0 if is_missing(x.get("investment_wan")) else float(x["investment_wan"]) for x in rep),
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
        touched = {v for _, v, k in G.out_edges(n, keys=True) if k in TOUCHES}
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
