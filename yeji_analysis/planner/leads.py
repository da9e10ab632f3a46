"""Whom to meet (拜访对象): the leads of a region ranked out of 100, with their reasons in words."""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd

from ..config import default_config
from ..investors import investor_index
from ..periods import day
from ..pipeline import stages_on
from ..rules import at_least_100m, investor_contention
from ..regions import load_regions

__all__ = ['LEADS_PER_VISIT', 'lead_weights', 'rank_leads']


#: How many leads one visit is given to meet, at most (the best-ranked first).
LEADS_PER_VISIT = 5

def lead_weights(config: dict) -> dict[str, float]:
    """The weights of the whom-to-meet score (0-100): ``config["planner"]["lead_weights"]`` over the shipped defaults.

    The notice gives none; the shipped configuration documents the planner's defaults.
    """
    return {**default_config()["planner"]["lead_weights"], **(config.get("planner", {}).get("lead_weights") or {})}


def _last_contact(campaign, leads: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """Latest of: reported, intention, a reception linked by lead_id, a trip that visited the investor."""
    last = leads["reported_on"].copy()
    if "intention_on" in leads.columns:
        io = leads["intention_on"].where(leads["intention_on"] <= as_of)
        last = pd.concat([last, io], axis=1).max(axis=1)
    rc = campaign.receptions
    rc = rc[(rc["received_on"] <= as_of) & rc["lead_id"].astype(str).ne("")]
    if len(rc):
        by_lead = rc.groupby(rc["lead_id"].astype(str))["received_on"].max()
        last = pd.concat([last, leads["lead_id"].map(by_lead)], axis=1).max(axis=1)
    ix = investor_index(campaign)
    tr = campaign.trips[campaign.trips["start_on"] <= as_of]
    visits: dict[str, pd.Timestamp] = {}
    for on, companies in zip(tr["start_on"], tr["companies"]):
        for c in companies or []:
            k = ix.key(c)
            if k and (k not in visits or on > visits[k]):
                visits[k] = on
    if visits:
        # a visit matches a lead when their names reduce to the same key, as the graph's visited edges do
        hit = pd.Series(ix.keys(leads["investor"]), index=leads.index).map(visits)
        last = pd.concat([last, pd.to_datetime(hit)], axis=1).max(axis=1)
    return last.astype("datetime64[ns]")


def _contended(campaign, leads: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """True where the lead's investor was reported by two or more groups by ``as_of`` (撞单,
    :func:`yeji_analysis.rules.investor_contention`)."""
    ct = investor_contention(campaign, as_of=as_of)
    return leads["lead_id"].isin(set(ct["lead_id"]))


def _wan_text(w: float, lang: str) -> str:
    if w >= 10000:
        return f"{w / 10000:.4g}亿元" if lang == "zh" else f"{w / 100:,.4g}m yuan"   # 1.2亿元 = 120m yuan
    return f"{w:.0f}万元" if lang == "zh" else f"{w / 100:,.4g}m yuan"


def rank_leads(campaign, region: str | Sequence[str] | None, as_of: Any, *, weights: dict | None = None,
               lang: str = "zh") -> pd.DataFrame:
    """Whom to meet in a region (拜访对象): unsigned leads located there, ranked by a transparent score.

    A lead qualifies when it was reported by ``as_of``, had not signed by then, lies in ``region``
    (a name, a list, or None for every region) and was not screened invalid. Its score (0-100) is
    the sum of ``weight × part`` over six parts, each between 0 and 1:

    - ``stage``: 1 for an intention (意向), 1/3 for a lead;
    - ``investment``: planned investment ÷ the 亿元 threshold (``groups.signed_min_wan``), capped at 1;
    - ``industry``: 1 for a leading industry the region's cluster has, 0.6 for another leading
      industry, 0.3 for a supporting one (设计研发), 0 otherwise;
    - ``recency``: days since the last contact ÷ the stage's yellow stall threshold
      (``stall_days``), capped at 1; the last contact is the latest of the report, the intention,
      a reception linked by ``lead_id`` and a trip whose visited companies name the investor;
    - ``consultant``: 1 when a consultant (招商顾问) referred it;
    - ``contention``: 1 when two or more groups reported the same investor (撞单: meet it to settle
      one owner).

    Weights: :data:`LEAD_WEIGHTS`, or ``config["planner"]["lead_weights"]``, or ``weights``.
    The ``reason`` column says the same in words (Chinese, or English with ``lang="en"``).

    Examples
    --------
    >>> from yeji_analysis.model import Campaign
    >>> c = Campaign.from_frames(
    ...     units=pd.DataFrame({"unit": ["史河街道"], "group": ["家居组"]}),
    ...     leads=pd.DataFrame({"lead_id": ["L1", "L2"], "investor": ["甲木业", "乙公司"],
    ...                         "unit": ["史河街道"] * 2, "reported_on": ["2021-07-01"] * 2,
    ...                         "origin": ["临沂市"] * 2, "industry": ["板材", "电池"],
    ...                         "investment_wan": [20000.0, 3000.0]}))
    >>> r = rank_leads(c, "临沂", "2021-07-22")
    >>> r[["rank", "lead_id", "score"]].values.tolist()
    [[1, 'L1', 65.0], [2, 'L2', 32.5]]
    """
    as_of = day(as_of)
    cfg = campaign.config
    w = {**lead_weights(cfg), **(weights or {})}
    regions = None if region is None else ([region] if isinstance(region, str) else list(region))
    ld = campaign.leads
    ld = ld[ld["reported_on"] <= as_of]
    stage = stages_on(ld, as_of)["stage"]
    keep = stage.isin(["lead", "intention"]) & ld["screened_valid"].ne(False).fillna(True).astype(bool)
    if regions is not None:
        keep &= ld["region"].isin(regions)
    else:
        keep &= ld["region"].notna()
    contended = _contended(campaign, ld, as_of)
    ld = ld[keep].assign(stage_as_of=stage[keep], contention=contended[keep])
    cols = ["region", "rank", "lead_id", "investor", "project", "unit", "group", "stage", "investment_wan",
            "sector", "leading", "consultant", "contact", "phone", "last_contact_on", "days_since_contact",
            "contention", "score", "score_stage", "score_investment", "score_industry", "score_recency",
            "score_consultant", "score_contention", "reason"]
    if ld.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    cluster = load_regions().set_index("region")["cluster_industries"].to_dict()
    leading = set(cfg["industries"]["leading"])
    supporting = set(cfg["industries"]["supporting"])
    threshold = float(cfg["groups"]["signed_min_wan"])
    stall = cfg["stall_days"]
    last = _last_contact(campaign, ld, as_of)
    days = (as_of - last).dt.days.clip(lower=0)
    rows = []
    for (i, r), lc, dd in zip(ld.iterrows(), last, days):
        st = r["stage_as_of"]
        inv = r["investment_wan"]
        in_cluster = r["sector"] in (cluster.get(r["region"]) or [])
        parts = {
            "stage": 1.0 if st == "intention" else 1 / 3,
            "investment": 0.0 if pd.isna(inv) else min(float(inv) / threshold, 1.0),
            "industry": (1.0 if in_cluster else 0.6) if r["sector"] in leading else (0.3 if r["sector"] in supporting else 0.0),
            "recency": min(dd / float(stall.get(st, stall["lead"])[0]), 1.0),
            "consultant": 1.0 if str(r["consultant"]).strip() else 0.0,
            "contention": 1.0 if r["contention"] else 0.0,
        }
        words = _reason_words(r, st, inv, in_cluster, r["sector"] in leading, dd, threshold, lang)
        rows.append({"region": r["region"], "lead_id": r["lead_id"], "investor": r["investor"],
                     "project": r["project"], "unit": r["unit"], "group": r["group"], "stage": st,
                     "investment_wan": inv, "sector": r["sector"], "leading": bool(r["leading"]),
                     "consultant": r["consultant"], "contact": r["contact"], "phone": r["phone"],
                     "last_contact_on": lc, "days_since_contact": int(dd),
                     "contention": bool(r["contention"]),
                     **{f"score_{k}": round(w[k] * v, 1) for k, v in parts.items()},
                     "score": round(sum(w[k] * v for k, v in parts.items()), 1), "reason": words})
    out = pd.DataFrame(rows)
    out = out.sort_values(["region", "score", "investment_wan", "lead_id"], ascending=[True, False, False, True],
                          na_position="last", ignore_index=True)
    out["rank"] = out.groupby("region").cumcount() + 1
    out["last_contact_on"] = out["last_contact_on"].astype("datetime64[ns]")
    return out[cols]


def _reason_words(r: pd.Series, st: str, inv: float, in_cluster: bool, is_leading: bool, days: int,
                  threshold: float, lang: str) -> str:
    zh = lang == "zh"
    parts = [("已达成意向" if zh else "intention reached") if st == "intention" else ("尚处线索阶段" if zh else "still a lead")]
    if pd.isna(inv):
        parts.append("投资额未填" if zh else "investment not given")
    else:
        big = at_least_100m(inv, threshold)
        parts.append((f"计划投资{_wan_text(inv, lang)}" + ("（亿元以上）" if big else "")) if zh
                     else f"plans {_wan_text(inv, lang)}" + (" (100m yuan or more)" if big else ""))
    if is_leading:
        parts.append((f"主导产业{r['sector']}" + (f"，契合{r['region']}产业集群" if in_cluster else "")) if zh
                     else f"leading industry {r['sector']}" + (f", fits the {r['region']} cluster" if in_cluster else ""))
    else:
        parts.append(f"非主导产业（{r['sector']}）" if zh else f"not a leading industry ({r['sector']})")
    parts.append((f"已{days}天未联系" if days > 0 else "截至当日刚联系") if zh else f"{days} days since the last contact")
    if str(r["consultant"]).strip():
        parts.append("招商顾问推荐" if zh else "referred by a consultant")
    if r["contention"]:
        parts.append("多个小组同时跟进（撞单），需明确牵头" if zh else "several groups chase it: settle one owner")
    return ("；" if zh else "; ").join(parts)
