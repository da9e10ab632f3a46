"""Who goes (出行单位): each unit's gap against the monthly rules, and the delegations that close it."""

from __future__ import annotations

from typing import Any, Sequence

import pandas as pd

from ..periods import day, period_months
from ..regions import load_regions
from ..rules import head_led_mask

__all__ = ['unit_needs', 'assign_delegations', 'simple_affinity']


def _count_trips(campaign, start: pd.Timestamp, as_of: pd.Timestamp) -> pd.DataFrame:
    """Trips and head-led trips per unit × month up to ``as_of`` (the rules' counting, for when no
    compliance frame is given): a trip counts for each unit on it, in the month it starts."""
    tu = campaign.trip_units
    tu = tu[(tu["start_on"] >= start) & (tu["start_on"] <= as_of)]
    if tu.empty:
        return pd.DataFrame(columns=["unit", "month", "trips", "head_trips"])
    return (tu.assign(month=tu["start_on"].dt.strftime("%Y-%m"), head=head_led_mask(tu))
              .groupby(["unit", "month"], as_index=False)
              .agg(trips=("trip_id", "size"), head_trips=("head", "sum")))


def unit_needs(campaign, plan_start: Any, plan_end: Any, as_of: Any, compliance: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each unit's gap on the monthly trip rules (外出招商/主要负责人带队) for the months the plan covers.

    One row per unit and month touched by ``plan_start``..``plan_end``: the ``trips`` and
    ``head_trips`` counted up to ``as_of`` (from ``compliance``, the rules' unit × month frame,
    when given; otherwise counted here the same way), ``trips_needed`` = max(0, rule − trips),
    ``head_needed`` likewise, ``needed`` = max of the two (a head-led trip is a trip too) and
    ``behind`` (``needed`` > 0). ``status`` is the rules' status where ``compliance`` has one.
    """
    s, e, as_of = day(plan_start), day(plan_end), day(as_of)
    cfg = campaign.config
    months = [m for m, _, _ in period_months(s, e)]
    first = pd.Timestamp(months[0] + "-01")
    if compliance is not None and len(compliance):
        counts = compliance[compliance["month"].isin(months)]
        keep = [c for c in ["unit", "month", "trips", "head_trips", "trips_status", "head_trips_status"] if c in counts]
        counts = counts[keep]
    else:
        counts = _count_trips(campaign, first, as_of)
    grid = pd.MultiIndex.from_product([campaign.units["unit"], months], names=["unit", "month"]).to_frame(index=False)
    out = grid.merge(counts, on=["unit", "month"], how="left")
    out["trips"] = out["trips"].fillna(0).astype(int)
    out["head_trips"] = out["head_trips"].fillna(0).astype(int)
    out["group"] = out["unit"].map(dict(zip(campaign.units["unit"], campaign.units["group"])))
    out["trips_needed"] = (cfg["units"]["trips_per_month"] - out["trips"]).clip(lower=0).astype(int)
    out["head_needed"] = (cfg["units"]["head_trips_per_month"] - out["head_trips"]).clip(lower=0).astype(int)
    out["needed"] = out[["trips_needed", "head_needed"]].max(axis=1).astype(int)
    out["behind"] = out["needed"].gt(0)
    for c in ("trips_status", "head_trips_status"):
        if c not in out.columns:
            out[c] = ""
        out[c] = out[c].fillna("").astype(str)
    cols = ["unit", "group", "month", "trips", "head_trips", "trips_needed", "head_needed", "needed", "behind",
            "trips_status", "head_trips_status"]
    return out[cols].sort_values(["month", "unit"], ignore_index=True)


def simple_affinity(campaign, regions: Sequence[str]) -> pd.DataFrame:
    """Unit-region affinity when the graph's is not given: past trips (scaled 0-1), the group's target
    region (1) and the group's industries the region's cluster has (0.5)."""
    table = load_regions().set_index("region")
    g = campaign.groups.set_index("group")
    tu = campaign.trip_units
    past = tu.groupby(["unit", "region"]).size()
    top = max(int(past.max()) if len(past) else 0, 1)
    rows = []
    for u, grp in zip(campaign.units["unit"], campaign.units["group"]):
        targets = list(g.loc[grp, "regions"]) if grp in g.index else []
        inds = set(g.loc[grp, "industries"]) if grp in g.index else set()
        for r in regions:
            n = int(past.get((u, r), 0))
            cl = set(table.loc[r, "cluster_industries"]) if r in table.index else set()
            tr, fit = r in targets, bool(inds & cl)
            rows.append({"unit": u, "group": grp, "region": r, "affinity": n / top + tr + 0.5 * fit,
                         "past_trips": n, "target_region": tr, "industry_fit": float(fit)})
    return pd.DataFrame(rows, columns=["unit", "group", "region", "affinity", "past_trips", "target_region",
                                       "industry_fit"])


def assign_delegations(slots: pd.DataFrame, needs: pd.DataFrame, affinity: pd.DataFrame, *,
                       max_trips_per_unit: int, max_units_per_visit: int | None = None,
                       cover_regions: bool = True) -> pd.DataFrame:
    """Which units go where and when (出行安排): the behind units first, then one unit per empty region.

    ``slots`` has one row per usable day with its ``date``, ``region`` and ``month`` (the route's stop
    for that day). Units with a gap (``needs.needed`` > 0) are served first, those short of a
    head-led trip before the rest, larger gaps before smaller: each needed trip goes to the slot in
    that month where the unit is free that day and has the highest ``affinity`` for the region
    (ties: a region the unit has not been given yet, a slot others already go to, the earlier
    date). A unit is never in two places on one day and never gets more than
    ``max_trips_per_unit`` trips; a visit never gets more than ``max_units_per_visit`` units. With
    ``cover_regions``, a region nobody was sent to gets the free unit with the highest affinity.

    Returns one row per unit and visit: ``date``, ``region``, ``unit``, ``group``, ``head_led``,
    ``affinity``, ``purpose`` (``trips``/``head``/``cover``), ``month``.

    Examples
    --------
    >>> slots = pd.DataFrame({"date": pd.to_datetime(["2021-09-01", "2021-09-02"]),
    ...                       "region": ["临沂", "佛山"], "month": ["2021-09"] * 2})
    >>> needs = pd.DataFrame({"unit": ["甲", "乙"], "group": ["G", "G"], "month": ["2021-09"] * 2,
    ...                       "trips_needed": [2, 0], "head_needed": [1, 0], "needed": [2, 0]})
    >>> aff = pd.DataFrame({"unit": ["甲", "甲", "乙", "乙"], "region": ["临沂", "佛山"] * 2,
    ...                     "affinity": [2.0, 1.0, 0.0, 3.0]})
    >>> d = assign_delegations(slots, needs, aff, max_trips_per_unit=2)
    >>> d[["region", "unit", "head_led", "purpose"]].values.tolist()
    [['临沂', '甲', True, 'head'], ['佛山', '甲', False, 'trips']]
    """
    cols = ["date", "region", "unit", "group", "head_led", "affinity", "purpose", "month"]
    aff = {(u, r): float(a) for u, r, a in zip(affinity["unit"], affinity["region"], affinity["affinity"])}
    group_of = dict(zip(needs["unit"], needs["group"]))
    if "group" in affinity.columns:
        for u, g in zip(affinity["unit"], affinity["group"]):
            group_of.setdefault(u, g)
    slots = slots.sort_values("date", ignore_index=True)
    load: dict[str, int] = {}
    busy: set[tuple[str, pd.Timestamp]] = set()
    size: dict[int, int] = {}
    went: set[tuple[str, str]] = set()
    rows: list[dict] = []

    def free(unit: str, i: int) -> bool:
        return ((unit, slots.at[i, "date"]) not in busy
                and (max_units_per_visit is None or size.get(i, 0) < max_units_per_visit))

    def book(unit: str, i: int, head: bool, purpose: str) -> None:
        d, r = slots.at[i, "date"], slots.at[i, "region"]
        busy.add((unit, d))
        went.add((unit, r))
        size[i] = size.get(i, 0) + 1
        load[unit] = load.get(unit, 0) + 1
        rows.append({"date": d, "region": r, "unit": unit, "group": group_of.get(unit, ""), "head_led": head,
                     "affinity": aff.get((unit, r), 0.0), "purpose": purpose, "month": slots.at[i, "month"]})

    todo = needs[needs["needed"] > 0].sort_values(["month", "head_needed", "needed", "unit"],
                                                   ascending=[True, False, False, True])
    # one pass per needed trip, so that when visits fill up every behind unit gets its first trip first
    rounds = int(todo["needed"].max()) if len(todo) else 0
    for k in range(rounds):
        for r in todo.itertuples():
            if k >= r.needed or load.get(r.unit, 0) >= max_trips_per_unit:
                continue
            cand = [i for i in slots.index[slots["month"].eq(r.month)] if free(r.unit, i)]
            if not cand:
                continue
            i = max(cand, key=lambda i: (aff.get((r.unit, slots.at[i, "region"]), 0.0),
                                         (r.unit, slots.at[i, "region"]) not in went,
                                         size.get(i, 0), -slots.at[i, "date"].value))
            head = k < r.head_needed
            book(r.unit, i, head, "head" if head else "trips")
    if cover_regions:
        for region in dict.fromkeys(slots["region"]):
            if any(x["region"] == region for x in rows):
                continue
            best = None
            for i in slots.index[slots["region"].eq(region)]:
                units = sorted({u for u, _ in aff} | set(group_of), key=lambda u: (-aff.get((u, region), 0.0), u))
                for u in units:
                    if load.get(u, 0) < max_trips_per_unit and free(u, i):
                        best = (u, i)
                        break
                if best:
                    break
            if best:
                book(best[0], best[1], False, "cover")
    out = pd.DataFrame(rows, columns=cols)
    out["date"] = pd.to_datetime(out["date"]).astype("datetime64[ns]")
    out["head_led"] = out["head_led"].astype(bool)
    return out.sort_values(["date", "unit"], ignore_index=True)
