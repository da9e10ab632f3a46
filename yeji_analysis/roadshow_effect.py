"""Roadshow effectiveness (推介成效): per region, the trips made and the leads, intentions and signings that followed."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .investors import investor_index
from .rules import at_least_100m, head_led_mask

__all__ = ["roadshow_effectiveness"]

def _ids(s: pd.Series) -> list[str]:
    return sorted(str(x) for x in s)


def roadshow_effectiveness(campaign, start: Any, end: Any) -> pd.DataFrame:
    """Per region, the outbound trips (外出招商) and promotion events (推介会) of ``start``..``end``
    and what followed them in the pipeline.

    A region's trips are those whose destination lies in it and that start inside the period
    (``trips`` a trip once, ``unit_trips`` once per unit on it, ``head_led_trips`` those a unit's
    head led). What *followed*: leads located in the region whose report, intention or signing
    date falls between the region's first trip of the period and ``end`` (``leads``,
    ``intentions``, ``signings``, ``signed_100m`` of at least ``district.signed_min_wan``, and
    ``signed_wan`` their planned investment). ``visited_leads`` are the region's leads whose
    investor a trip of the period visited (the trips' companies matched to investors as the
    rules match them); ``visited_progressed`` those that reached intention or signing after the
    visit, up to ``end``. Following is not causing: a lead may have come anyway.

    Regions with a trip or a lead in the period appear; ids are kept (``trip_ids``, ``lead_ids``,
    ``intention_ids``, ``signed_ids``) so each figure can be traced. Sorted by trips, then leads.

    Examples
    --------
    >>> from yeji_analysis.model import Campaign
    >>> c = Campaign.from_frames(
    ...     units=pd.DataFrame({"unit": ["甲", "乙"], "group": ["G", "G"]}),
    ...     trips=pd.DataFrame({"trip_id": ["T1"], "start_on": ["2021-08-02"], "units": [["甲", "乙"]],
    ...                         "destination": ["临沂"], "head_led": [True]}),
    ...     leads=pd.DataFrame({"lead_id": ["L1", "L2"], "investor": ["A", "B"], "unit": ["甲", "甲"],
    ...                         "reported_on": ["2021-07-01", "2021-08-05"], "origin": ["临沂", "临沂"],
    ...                         "intention_on": ["2021-08-10", None]}))
    >>> e = roadshow_effectiveness(c, "2021-08-01", "2021-08-31")
    >>> e[["region", "trips", "unit_trips", "leads", "intentions", "signings"]].values.tolist()
    [['临沂', 1, 2, 1, 1, 0]]
    """

    lo, hi = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    cfg = campaign.config
    big = float(cfg["district"]["signed_min_wan"])
    tr = campaign.trips
    tr = tr[tr["start_on"].between(lo, hi) & tr["region"].notna()]
    tu = campaign.trip_units
    tu = tu[tu["trip_id"].isin(tr["trip_id"])]
    ev = campaign.events
    ev = ev[ev["event_type"].eq("roadshow") & ev["held_on"].between(lo, hi)]
    ld = campaign.leads[campaign.leads["region"].notna()]
    regions = sorted(set(tr["region"]) | set(ld.loc[ld["reported_on"].between(lo, hi), "region"]))
    ix = investor_index(campaign)
    visits: dict[str, list[tuple[pd.Timestamp, str]]] = {}
    for r, on, companies in zip(tr["region"], tr["start_on"], tr["companies"]):
        for c in companies or []:
            visits.setdefault(r, []).append((on, ix.key(c)))
    rows = []
    for r in regions:
        t = tr[tr["region"].eq(r)]
        u = tu[tu["region"].eq(r)]
        first = t["start_on"].min() if len(t) else lo
        here = ld[ld["region"].eq(r)]
        rep = here[here["reported_on"].between(first, hi)]
        inten = here[here["intention_on"].between(first, hi)]
        sig = here[here["signed_on"].between(first, hi)]
        keys = ix.keys(here["investor"])
        seen, moved = [], []
        for lid, key, io, so in zip(here["lead_id"], keys, here["intention_on"], here["signed_on"]):
            when = [on for on, k in visits.get(r, []) if key and k == key]
            if not when:
                continue
            seen.append(lid)
            v = min(when)
            if any(pd.notna(d) and v <= d <= hi for d in (io, so)):
                moved.append(lid)
        rows.append({
            "region": r, "trips": len(t), "unit_trips": len(u), "head_led_trips": int(head_led_mask(t).sum()),
            "units": sorted(set(u["unit"])), "roadshows": int(ev["region"].eq(r).sum()),
            "first_trip_on": t["start_on"].min() if len(t) else pd.NaT,
            "leads": len(rep), "intentions": len(inten), "signings": len(sig),
            "signed_100m": int(at_least_100m(sig["investment_wan"], big).sum()),
            "signed_wan": float(sig["investment_wan"].fillna(0).sum()),
            "visited_leads": len(seen), "visited_progressed": len(moved),
            "leads_per_trip": round(len(rep) / len(t), 2) if len(t) else np.nan,
            "trip_ids": _ids(t["trip_id"]), "lead_ids": _ids(rep["lead_id"]),
            "intention_ids": _ids(inten["lead_id"]), "signed_ids": _ids(sig["lead_id"]),
        })
    cols = ["region", "trips", "unit_trips", "head_led_trips", "units", "roadshows", "first_trip_on", "leads",
            "intentions", "signings", "signed_100m", "signed_wan", "visited_leads", "visited_progressed",
            "leads_per_trip", "trip_ids", "lead_ids", "intention_ids", "signed_ids"]
    out = pd.DataFrame(rows, columns=cols)
    out["first_trip_on"] = pd.to_datetime(out["first_trip_on"]).astype("datetime64[ns]")
    return out.sort_values(["trips", "leads", "region"], ascending=[False, False, True], ignore_index=True)
