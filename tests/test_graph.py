"""Tests of yeji_analysis.graph on a small hand-built campaign (every expected figure worked by hand)."""

from collections import Counter

import networkx as nx
import pytest

from conftest import small_campaign  # noqa: F401  (the hand-built campaign worked by hand)
from yeji_analysis.graph import build_graph, write_gexf, write_graphml
from yeji_analysis.graph_analyses import (consultant_attribution, contention, region_coverage, unit_reach,
                                          unit_region_affinity)


# small_campaign(), and the fixtures camp and G built from it, live in conftest.py.


def kinds(G):
    return Counter(d["kind"] for _, d in G.nodes(data=True)), Counter(d["kind"] for *_, d in G.edges(data=True))


def test_node_and_edge_counts_by_kind(G):
    nodes, edges = kinds(G)
    # groups 2, units 3, leads 5; consultants 2 (王顾问 from the frame, 李顾问 only named by L004);
    # industries: 3 leading + 1 supporting from config (every lead maps to one of them, no 其他);
    # regions: the 5 targets (临沂 南浔 常州 佛山 成都) cover every group, lead and trip region.
    assert nodes == {"group": 2, "unit": 3, "lead": 5, "consultant": 2, "industry": 4, "region": 5}
    # member_of 3; reported 5; located_in 5; in_industry 5; referred 3 (L001, L002 by 王; L004 by 李);
    # trip_to: 史河→临沂 (T1, T3), 孙岗→临沂 (T1), 经信→常州 (T2), 孙岗→成都 (T4) = 4;
    # visited: T1's 鑫源木业 = L001 and L005 for both 史河 and 孙岗 (4), T2's 新材化工 = L003 for 经信 (1) = 5;
    # received: R1 by company → L001, L005 (2); R2 by lead id → L002 (1) = 3.        total 33
    assert edges == {"member_of": 3, "reported": 5, "located_in": 5, "in_industry": 5, "referred": 3,
                     "trip_to": 4, "visited": 5, "received": 3}
    assert G.graph["unmatched_visits"] == 0
    # every node has a kind and a label; ids are namespaced
    assert all(n.startswith(d["kind"] + ":") and d["label"] for n, d in G.nodes(data=True))
    # no phone numbers in the graph
    assert "phone" not in G.nodes["lead:L001"]


def test_joint_trip_gives_two_trip_to_edges(G):
    # T1 (史河街道 + 孙岗乡 to 临沂) gives one trip_to edge per unit; 史河 also went on T3 → weight 2
    e1 = G.edges["unit:史河街道", "region:临沂", "trip_to"]
    e2 = G.edges["unit:孙岗乡", "region:临沂", "trip_to"]
    assert (e1["weight"], e1["trip_ids"], e1["head_led"]) == (2, ["T1", "T3"], 1)
    assert (e2["weight"], e2["trip_ids"], e2["head_led"]) == (1, ["T1"], 0)


def test_window_bounds_trips_and_stage_as_of_end(camp):
    # the campaign window drops T4 (10 October): 孙岗→成都 disappears, 3 trip_to edges left
    G = build_graph(camp, "2021-07-01", "2021-09-30")
    assert kinds(G)[1]["trip_to"] == 3 and not G.has_edge("unit:孙岗乡", "region:成都")
    # by 31 July: L004 (3 Aug) and L005 (15 Aug) not yet reported; L001 (signed 10 Aug) still a lead
    H = build_graph(camp, "2021-07-01", "2021-07-31")
    assert sorted(n for n, d in H.nodes(data=True) if d["kind"] == "lead") == ["lead:L001", "lead:L002", "lead:L003"]
    assert H.nodes["lead:L001"]["stage"] == "lead" and H.nodes["lead:L001"]["signed_on"] is None
    assert G.nodes["lead:L003"]["stage"] == "started"


def test_contention_across_two_groups(G):
    c = contention(G)
    # only 鑫源木业 is touched by two groups: reported L001 by 史河 (家居组) 7-05, visited on T1 by 史河
    # and 孙岗 7-08, received R1 by 经信局 (化工组) 7-15, reported L005 by 经信局 8-15 → 5 touches.
    # 新材化工 (经信局 only) and 华美地板 (孙岗乡 only) are single-group.
    assert c["investor_key"].nunique() == 1
    assert len(c) == 5
    assert c["n_groups"].iloc[0] == 2 and c["groups"].iloc[0] == ["化工组", "家居组"]
    assert c["first_group"].iloc[0] == "家居组"
    assert list(zip(c["unit"], c["touch"], c["ref"])) == [
        ("史河街道", "reported", "L001"), ("史河街道", "visited", "T1"), ("孙岗乡", "visited", "T1"),
        ("经信局", "received", "R1"), ("经信局", "reported", "L005")]
    assert c["on"].dt.strftime("%m-%d").tolist() == ["07-05", "07-08", "07-08", "07-15", "08-15"]


def test_consultant_conversion_by_hand(G):
    a = consultant_attribution(G).set_index("consultant", drop=False)
    # 王顾问: L001 (signed) + L002 (intention) → 2 leads, 2 at intention or later, 1 signed,
    #   signed rate 1/2 = 0.5, investment 20000 + 5000 = 25000, signed value 20000.
    w = a.loc["王顾问"]
    assert (w["leads"], w["intention"], w["signed"], w["signed_rate"]) == (2, 2, 1, 0.5)
    assert (w["investment_wan"], w["signed_wan"], w["employer"]) == (25000.0, 20000.0, "某商会")
    # 李顾问: L004 (lead) → 1 lead, none signed
    assert (a.loc["李顾问", "leads"], a.loc["李顾问", "signed_rate"]) == (1, 0.0)
    # no referral: L003 (started) + L005 (lead) → 2 leads, 1 signed, rate 0.5, 1 started
    base = a.iloc[-1]
    assert (bool(base["referred"]), base["leads"], base["signed"], base["started"], base["signed_rate"]) == \
        (False, 2, 1, 1, 0.5)
    # lift = 0.5 / 0.5 = 1.0 for 王顾问, 0 / 0.5 = 0 for 李顾问
    assert a.loc["王顾问", "lift"] == 1.0 and a.loc["李顾问", "lift"] == 0.0
    assert a["consultant"].iloc[:2].tolist() == ["王顾问", "李顾问"]


def test_region_coverage_by_hand(G):
    r = region_coverage(G).set_index("region")
    # 临沂: trips T1, T3 (2) by 史河街道 and 孙岗乡; leads L001 + L005 = 23000 万元; 1 signed of 2 → 0.5
    assert r.loc["临沂", "units"] == ["史河街道", "孙岗乡"]
    assert (r.loc["临沂", "trips"], r.loc["临沂", "leads"], r.loc["临沂", "pipeline_wan"],
            r.loc["临沂", "conversion"]) == (2, 2, 23000.0, 0.5)
    # 常州: L003 is started, so counts as signed: 1/1
    assert r.loc["常州", "conversion"] == 1.0
    # potential = (leads/2 + pipeline/23000 + cluster_fit)/3, coverage = trips/2 (max trips 2):
    # 佛山 (0.5 + 8000/23000 + 2/3)/3 = 0.5048, coverage 0 → gap 0.505 → flagged;
    # 南浔 (0.5 + 5000/23000 + 1/3)/3 = 0.3502 → gap 0.350 → flagged;
    # 常州 (0.5 + 15000/23000 + 2/3)/3 = 0.6063, coverage 0.5 → 0.106 → not;
    # 临沂 0.7778 - 1 < 0; 成都 (0 + 0 + 1/3)/3 - 0.5 < 0.
    assert r.loc["佛山", "gap_score"] == pytest.approx(0.50483, abs=1e-4)
    assert r.loc["南浔", "gap_score"] == pytest.approx(0.35024, abs=1e-4)
    assert r.loc["常州", "gap_score"] == pytest.approx(0.10628, abs=1e-4)
    assert sorted(r.index[r["potential_gap"]]) == ["佛山", "南浔"]


def test_unit_reach(G):
    u = unit_reach(G).set_index("unit")
    # 孙岗乡: trips T1, T4 → 2, regions 临沂, 成都; reported L002, L004; visited L001, L005; received L002
    # → 4 distinct leads, 3 distinct investors (鑫源木业 twice); reported pipeline 5000 + 8000 = 13000.
    s = u.loc["孙岗乡"]
    assert (s["trips"], s["regions"], s["reported"], s["visited"], s["received"]) == (2, ["临沂", "成都"], 2, 2, 1)
    assert (s["leads_touched"], s["investors_touched"], s["pipeline_wan"]) == (4, 3, 13000.0)


def test_unit_region_affinity(G, camp):
    a = unit_region_affinity(G, camp)
    assert list(a.columns[:7]) == ["unit", "group", "region", "affinity", "past_trips", "target_region",
                                   "industry_fit"]
    assert len(a) == 3 * 5  # every unit × every region
    x = a.set_index(["unit", "region"])
    # 史河街道 → 临沂: 0.4·2/3 + 0.3·1 + 0.2·1 + 0.1·2/3 (L001, L005 touched there) = 0.8333
    # 孙岗乡 → 临沂: 0.4·1/2 + 0.3 + 0.2 + 0.1·2/3 = 0.7667 (same group and region, one trip fewer)
    assert x.loc[("史河街道", "临沂"), "affinity"] == pytest.approx(0.83333, abs=1e-4)
    assert x.loc[("孙岗乡", "临沂"), "affinity"] == pytest.approx(0.76667, abs=1e-4)
    # a unit with past trips to a region ranks above one without, all else equal: 史河街道 went to 临沂
    # twice, never to 南浔 (also a target with the same cluster): 0.8333 > 0.3 + 0.2 = 0.5
    assert x.loc[("史河街道", "临沂"), "past_trips"] == 2 and x.loc[("史河街道", "南浔"), "past_trips"] == 0
    assert x.loc[("史河街道", "临沂"), "affinity"] > x.loc[("史河街道", "南浔"), "affinity"] == pytest.approx(0.5)
    # 经信局 (化工组) → 常州: 0.4·1/2 + 0.3 + 0.2·(化工新材料 is 1 of 常州's 2 cluster industries) + 0.1·1/2 = 0.65
    assert bool(x.loc[("经信局", "常州"), "target_region"]) and x.loc[("经信局", "常州"), "industry_fit"] == 0.5
    assert x.loc[("经信局", "常州"), "affinity"] == pytest.approx(0.65)
    # weights from the config when given there
    camp2 = small_campaign()
    camp2.config["planner"]["affinity_weights"] = {"trips": 1.0, "target": 0.0, "industry": 0.0, "leads": 0.0}
    y = unit_region_affinity(G, camp2).set_index(["unit", "region"])
    assert y.loc[("史河街道", "临沂"), "affinity"] == pytest.approx(2 / 3)


def test_graphml_round_trip(G, tmp_path):
    path = tmp_path / "campaign.graphml"
    write_graphml(G, path)
    H = nx.read_graphml(path)
    assert H.is_directed() and H.is_multigraph()
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges()) == (21, 33)
    assert kinds(H) == kinds(G)
    assert H.nodes["lead:L001"]["signed_on"] == "2021-08-10"
    assert H.nodes["lead:L001"]["investment_wan"] == 20000.0
    assert H.edges["unit:史河街道", "region:临沂", "trip_to"]["trip_ids"] == "T1|T3"
    # the graph itself was not changed by the export
    assert G.edges["unit:史河街道", "region:临沂", "trip_to"]["trip_ids"] == ["T1", "T3"]


def test_gexf_writes(G, tmp_path):
    path = tmp_path / "campaign.gexf"
    write_gexf(G, path)
    H = nx.read_gexf(path)
    assert (H.number_of_nodes(), H.number_of_edges()) == (21, 33)
