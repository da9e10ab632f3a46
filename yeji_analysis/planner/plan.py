"""The roadshow plan (推介路线规划): the calendar, route, delegations, whom to meet and the expected outcome, together."""

from __future__ import annotations

import dataclasses
import math
import re
from typing import Any, Sequence

import pandas as pd

from ..ahead import MISSING, start_ahead
from ..forecast import forecast_targets
from ..graph import build_graph
from ..graph_analyses import unit_region_affinity
from ..periods import day
from ..regions import HOME, load_regions
from ..rules import unit_compliance
from .calendar import PlanError, plan_days, reason_text
from .delegations import assign_delegations, simple_affinity, unit_needs
from .leads import LEADS_PER_VISIT, rank_leads
from . import outcome as outcome_model  # conversion_rates looked up through the module: tests substitute hand rates
from .outcome import expected_outcome
from .route import Route, plan_route

__all__ = ['RoadshowPlan', 'plan_roadshows']


@dataclasses.dataclass
class RoadshowPlan:
    """A roadshow plan: its parameters and tidy frames.

    ``days`` (every day of the window, usable or why not), ``route`` (:class:`Route`), ``visits``
    (one row a stop: date, region, units, groups, head_units, leads), ``delegations`` (one row per
    unit and visit), ``contacts`` (whom to meet per region, ranked, with the visit date if
    scheduled), ``needs`` (each unit's monthly gap, what the plan gives it and what stays short),
    ``outcome`` (:func:`expected_outcome`), ``notes`` (plain sentences on what was adjusted), and ``rates``
    (the lead→intention and intention→signed chances behind ``outcome``, unrounded:
    :func:`~yeji_analysis.planner.outcome.conversion_rates` at ``as_of``; None in a plan made without them).
    """

    params: dict
    days: pd.DataFrame
    route: Route
    visits: pd.DataFrame
    delegations: pd.DataFrame
    contacts: pd.DataFrame
    needs: pd.DataFrame
    outcome: pd.DataFrame
    notes: list[str]
    rates: tuple[float, float] | None = None

    @property
    def total_travel_hours(self) -> float:
        """Hours of one tour of the route (home → regions → home)."""
        return self.route.total_hours

    def to_json(self) -> dict:
        """The plan for machines: params, visits (lead ids only), route, total hours, delegations, needs."""
        def iso(d: Any) -> str | None:
            return None if pd.isna(d) else pd.Timestamp(d).strftime("%Y-%m-%d")
        visits = [{"date": iso(v.date), "region": v.region, "tour": int(v.tour), "stop": int(v.stop),
                   "units": list(v.units), "groups": list(v.groups), "head_units": list(v.head_units),
                   "leads": list(v.leads)} for v in self.visits.itertuples()]
        dele = [{"date": iso(d.date), "region": d.region, "unit": d.unit, "group": d.group,
                 "head_led": bool(d.head_led), "purpose": d.purpose} for d in self.delegations.itertuples()]
        needs = [{"unit": n.unit, "month": n.month, "needed": int(n.needed), "head_needed": int(n.head_needed),
                  "planned": int(n.planned), "planned_head": int(n.planned_head), "unmet": int(n.unmet)}
                 for n in self.needs.itertuples() if n.needed > 0]
        outcome = [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
                   for r in self.outcome.to_dict("records")]
        return {"params": self.params, "visits": visits, "route": list(self.route.order),
                "route_legs": [{k: (float(v) if k == "hours" else v) for k, v in r.items()}
                               for r in self.route.legs.assign(leg=self.route.legs["leg"].astype(int)).to_dict("records")],
                "total_travel_hours": float(self.route.total_hours), "route_exact": bool(self.route.exact),
                "delegations": dele, "needs": needs, "expected": outcome,
                "blocked_days": [{"date": iso(r.date), "reasons": r.reason_key.split("|")}
                                 for r in self.days.itertuples() if not r.usable],
                "notes": list(self.notes)}


def plan_roadshows(campaign, plan_start: Any, plan_end: Any, *, as_of: Any = None,
                   regions: Sequence[str] | str | None = None, max_trips_per_unit: int | None = None,
                   compliance: pd.DataFrame | None = None, affinity: pd.DataFrame | None = None,
                   forecast: pd.DataFrame | None = None, leads_per_visit: int = LEADS_PER_VISIT,
                   max_units_per_visit: int | None = None, lang: str = "zh") -> RoadshowPlan:
    """Plan the roadshows (定向招商推介) for ``plan_start``..``plan_end`` from the campaign at ``as_of``.

    Steps: the usable days (:func:`plan_days`); the route through ``regions`` (default: the
    configured ``district.roadshow_regions``) with the least travel (:func:`plan_route`); one stop
    per usable day, following the route and starting it again when a tour ends (``tour``, ``stop``);
    each unit's gap on the monthly trip rules (:func:`unit_needs`; ``compliance`` defaults to
    :func:`yeji_analysis.rules.unit_compliance` up to ``as_of``); the delegations
    (:func:`assign_delegations`; ``affinity`` defaults to
    :func:`yeji_analysis.graph.unit_region_affinity` on the graph up to ``as_of``); stops nobody
    goes to are dropped; each region's ranked leads (:func:`rank_leads`) are handed to its visits,
    the leads of the visiting units and groups first, at most ``leads_per_visit`` each; and the
    expected outcome (:func:`expected_outcome`; ``forecast`` defaults to
    :func:`yeji_analysis.forecast.forecast_targets` at ``as_of``, pass an empty frame to skip it).
    Days up to ``as_of`` are not planned.

    ``as_of`` defaults to the day before ``plan_start``; ``max_trips_per_unit`` to
    ``planner.max_trips_per_unit``. A window outside the campaign, a start after the end, an
    unknown region or a window with no usable day raise :class:`PlanError`; a window running over
    the campaign's edge is clipped, with a note.
    """
    cfg = campaign.config
    s, e = day(plan_start), day(plan_end)
    w0, w1 = day(cfg["window"]["start"]), day(cfg["window"]["end"])
    notes: list[str] = []
    if s > e:
        raise PlanError(f"规划起始日 {s:%Y-%m-%d} 晚于结束日 {e:%Y-%m-%d} / --from is after --to")
    if s > w1 or e < w0:
        raise PlanError(f"规划窗口 {s:%Y-%m-%d}–{e:%Y-%m-%d} 不在活动期 {w0:%Y-%m-%d}–{w1:%Y-%m-%d} 内 / "
                        f"the planning window lies outside the campaign window")
    if s < w0 or e > w1:
        notes.append(f"规划窗口已截取到活动期内：{max(s, w0):%Y-%m-%d}–{min(e, w1):%Y-%m-%d}")
        s, e = max(s, w0), min(e, w1)
    as_of = day(as_of) if as_of is not None else s - pd.Timedelta(days=1)
    if isinstance(regions, str):
        regions = [x.strip() for x in re.split(r"[,，、\s]+", regions) if x.strip()]
    regions = list(dict.fromkeys(regions or cfg["district"]["roadshow_regions"]))
    table = load_regions()
    known = set(table["region"])
    unknown = [r for r in regions if r not in known or r == HOME]
    if unknown:
        raise PlanError(f"未知区域 / unknown region(s): {', '.join(unknown)}; "
                        f"known: {', '.join(r for r in table['region'] if r != HOME)}")
    cap = int(max_trips_per_unit if max_trips_per_unit is not None else cfg["planner"]["max_trips_per_unit"])
    if cap < 0:
        raise PlanError(f"--max-trips-per-unit 须为非负整数 / must be >= 0, not {cap}")

    days = plan_days(cfg, s, e, campaign.events)
    past = days["date"] <= as_of
    if past.any() and days.loc[past, "usable"].any():
        notes.append(f"{as_of:%Y-%m-%d} 及以前的日期已过，不再安排")
    days.loc[past & days["usable"], "reason_key"] = "plan.block.past"
    days.loc[past, "usable"] = False
    days["reason"] = [reason_text(k) for k in days["reason_key"]]
    usable = days.loc[days["usable"], "date"].tolist()
    if not usable:
        raise PlanError(f"{s:%Y-%m-%d}–{e:%Y-%m-%d} 内没有可安排的工作日（已除去节假日、调度会、仪式及签约前预留日）/ "
                        f"no usable working day in the window")
    route = plan_route(regions, table=table)
    n = len(route.order)
    slots = pd.DataFrame({"date": usable, "region": [route.order[i % n] for i in range(len(usable))],
                          "tour": [i // n + 1 for i in range(len(usable))],
                          "stop": [i % n + 1 for i in range(len(usable))]})
    slots["date"] = slots["date"].astype("datetime64[ns]")
    slots["month"] = slots["date"].dt.strftime("%Y-%m")

    if compliance is None:

        first = pd.Timestamp(f"{s:%Y-%m}-01")
        compliance = (unit_compliance(campaign, first, as_of, as_of=as_of) if as_of >= first
                      else pd.DataFrame(columns=["unit", "month", "trips", "head_trips"]))
    needs = unit_needs(campaign, s, e, as_of, compliance)
    if affinity is None:

        affinity = unit_region_affinity(build_graph(campaign, end=as_of), campaign)
    missing_aff = [r for r in regions if r not in set(affinity["region"])]
    if missing_aff:  # regions the graph does not hold: the simple estimate for those
        affinity = pd.concat([affinity, simple_affinity(campaign, missing_aff)], ignore_index=True)
    dele = assign_delegations(slots, needs, affinity, max_trips_per_unit=cap, max_units_per_visit=max_units_per_visit)

    got = dele.groupby(["unit", "month"]).agg(planned=("date", "size"), planned_head=("head_led", "sum"))
    needs = needs.merge(got.reset_index(), on=["unit", "month"], how="left")
    needs["planned"] = needs["planned"].fillna(0).astype(int)
    needs["planned_head"] = needs["planned_head"].fillna(0).astype(int)
    needs["unmet"] = (needs["needed"] - needs["planned"]).clip(lower=0).astype(int)

    contacts = rank_leads(campaign, regions, as_of, lang=lang)
    contacts = contacts.assign(visit_date=pd.Series(pd.NaT, index=contacts.index, dtype="datetime64[ns]"))
    visit_rows = []
    for (d, r), grp in dele.groupby(["date", "region"], sort=True):
        slot = slots[slots["date"].eq(d)].iloc[0]
        units = grp["unit"].tolist()
        groups = list(dict.fromkeys(grp["group"]))
        pool = contacts[contacts["region"].eq(r) & contacts["visit_date"].isna()]
        own = pool["unit"].isin(units) | pool["group"].isin(groups)
        pick = pd.concat([pool[own], pool[~own]]).head(leads_per_visit)
        pick = pick.sort_values("rank")
        contacts.loc[pick.index, "visit_date"] = d
        visit_rows.append({"date": d, "region": r, "tour": int(slot["tour"]), "stop": int(slot["stop"]),
                           "units": units, "groups": groups,
                           "head_units": grp.loc[grp["head_led"], "unit"].tolist(),
                           "leads": pick["lead_id"].tolist(), "n_units": len(units)})
    visits = pd.DataFrame(visit_rows, columns=["date", "region", "tour", "stop", "units", "groups", "head_units",
                                               "leads", "n_units"])
    visits["date"] = visits["date"].astype("datetime64[ns]")
    missing = [r for r in regions if r not in set(visits["region"])]
    if missing:
        notes.append(f"以下区域本期未能安排单位前往：{'、'.join(missing)}")
    short = needs[needs["unmet"] > 0]
    if len(short):
        notes.append(f"{short['unit'].nunique()} 个单位在本窗口内仍不能补足外出次数（受每单位上限 {cap} 次或可用日期所限）")
    rates_ahead = None
    if forecast is None:
        # the plan's two simulations side by side: the conversion rates' in a forked copy (yeji_analysis.ahead) while
        # the forecast's runs here (the rates are made below, here, where no copy could be made or it made nothing)
        rates_ahead = start_ahead({"rates": lambda: outcome_model.conversion_rates(campaign, as_of)})
        try:
            forecast = forecast_targets(campaign, as_of)
        except BaseException:   # the copy goes with the failure, not when the error's traceback is let go
            if rates_ahead is not None:
                rates_ahead.close(kill=True)
            raise
    rates = rates_ahead.take("rates") if rates_ahead is not None else MISSING
    if rates is MISSING:   # a simulation: kept for the method notes, not run twice
        rates = outcome_model.conversion_rates(campaign, as_of)
    outcome = expected_outcome(campaign, contacts, as_of, forecast=forecast, rates=rates)
    params = {"plan_start": f"{s:%Y-%m-%d}", "plan_end": f"{e:%Y-%m-%d}", "as_of": f"{as_of:%Y-%m-%d}",
              "regions": regions, "max_trips_per_unit": cap, "leads_per_visit": leads_per_visit}
    return RoadshowPlan(params=params, days=days, route=route, visits=visits, delegations=dele,
                        contacts=contacts, needs=needs, outcome=outcome, notes=notes, rates=rates)
