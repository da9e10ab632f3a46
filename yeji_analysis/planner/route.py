"""The roadshow route (巡回路线): travel hours between regions and the shortest tour from Yeji and back."""

from __future__ import annotations

import dataclasses
import itertools
import math
from typing import Sequence

import numpy as np
import pandas as pd

from ..regions import HOME, load_regions, travel_hours
from .calendar import PlanError

__all__ = ['leg_hours', 'hours_matrix', 'Route', 'plan_route', 'known_regions']


def _region_row(table: pd.DataFrame, name: str) -> pd.Series:
    if name not in table.index:
        raise PlanError(f"未知区域 / unknown region {name!r}; known regions: {', '.join(table.index)}")
    return table.loc[name]


def leg_hours(a: str, b: str, table: pd.DataFrame | None = None, *, home: str = HOME) -> tuple[float, str]:
    """Hours and mode of the fastest leg between two regions, from the regions table.

    A leg from or to ``home`` (Yeji) is the table's ``travel_hours``/``travel_mode`` (rail and air go
    by road to Hefei first, as people travel). Between two other cities it is the fastest mode both
    cities have (else the destination's), estimated with :func:`yeji_analysis.regions.travel_hours`
    from the cities' coordinates. Rounded to 0.1 h.

    Examples
    --------
    >>> leg_hours("叶集", "常州")
    (4.2, 'rail')
    >>> leg_hours("常州", "南浔") == leg_hours("南浔", "常州")
    True
    """
    t = table if table is not None else load_regions()
    if "region" in t.columns:
        t = t.set_index("region")
    if a == b:
        return 0.0, ""
    ra, rb = _region_row(t, a), _region_row(t, b)
    if a == home or b == home:
        other = rb if a == home else ra
        return round(float(other["travel_hours"]), 1), str(other["travel_mode"])
    modes = [m for m in ra["modes"] if m in rb["modes"]] or list(rb["modes"]) or ["road"]
    best = min(((round(travel_hours((ra["lat"], ra["lon"]), (rb["lat"], rb["lon"]), m), 1), m) for m in modes))
    return best


def hours_matrix(regions: Sequence[str], table: pd.DataFrame | None = None, *, home: str = HOME) -> pd.DataFrame:
    """Square frame of leg hours between ``home`` and every region (index = from, columns = to).

    Examples
    --------
    >>> m = hours_matrix(["临沂", "佛山"])
    >>> list(m.index), float(m.loc["叶集", "佛山"])
    (['叶集', '临沂', '佛山'], 6.2)
    """
    table = table if table is not None else load_regions()
    names = [home] + [r for r in regions if r != home]
    return pd.DataFrame([[leg_hours(a, b, table, home=home)[0] for b in names] for a in names],
                        index=names, columns=names)


@dataclasses.dataclass(frozen=True)
class Route:
    """A tour from home and back: ``order`` (regions, home not repeated), ``legs`` (leg, from, to,
    mode, hours), ``total_hours`` and whether it is ``exact`` (brute force) or heuristic."""

    order: list[str]
    legs: pd.DataFrame
    total_hours: float
    exact: bool


def _tour_cost(m: np.ndarray, perm: Sequence[int]) -> float:
    path = [0, *perm, 0]
    return float(sum(m[a, b] for a, b in zip(path, path[1:])))


def plan_route(regions: Sequence[str], *, hours: pd.DataFrame | None = None, table: pd.DataFrame | None = None,
               home: str = HOME, exact_limit: int = 8) -> Route:
    """The tour from ``home`` through ``regions`` and back with the least travel time (巡回路线).

    Leg hours come from :func:`hours_matrix` (or ``hours``, a square frame indexed by region names
    that includes ``home``). Up to ``exact_limit`` cities the tour is exact: every permutation is
    tried (8! = 40,320), the first cheapest in the order ``regions`` are given wins. Above it the
    tour is nearest-neighbour improved by 2-opt, and ``exact`` is False.

    Examples
    --------
    >>> r = plan_route(["成都", "常州", "南浔"])
    >>> r.order, r.total_hours, r.exact
    (['成都', '南浔', '常州'], 20.3, True)
    """
    regions = list(dict.fromkeys(r for r in regions if r != home))
    if hours is None:
        hours = hours_matrix(regions, table, home=home)
    missing = [r for r in [home, *regions] if r not in hours.index or r not in hours.columns]
    if missing:
        raise PlanError(f"未知区域 / unknown region(s) {', '.join(missing)}: not in the travel-time table")
    names = [home, *regions]
    m = hours.loc[names, names].to_numpy(dtype=float)
    n = len(regions)
    idx = list(range(1, n + 1))
    exact = n <= exact_limit
    if n == 0:
        best: list[int] = []
    elif exact:
        best, best_cost = idx, math.inf
        for perm in itertools.permutations(idx):
            c = _tour_cost(m, perm)
            if c < best_cost - 1e-9:
                best, best_cost = list(perm), c
    else:
        left, best, cur = set(idx), [], 0
        while left:
            cur = min(left, key=lambda j: (m[cur, j], j))
            best.append(cur)
            left.remove(cur)
        improved = True
        while improved:
            improved = False
            for i in range(n - 1):
                for j in range(i + 1, n):
                    cand = best[:i] + best[i:j + 1][::-1] + best[j + 1:]
                    if _tour_cost(m, cand) < _tour_cost(m, best) - 1e-9:
                        best, improved = cand, True
    order = [names[i] for i in best]
    path = [home, *order, home] if order else []
    legs = []
    for k, (a, b) in enumerate(zip(path, path[1:]), start=1):
        h = float(hours.loc[a, b])
        mode = leg_hours(a, b, table, home=home)[1] if a in known_regions() and b in known_regions() else ""
        legs.append({"leg": k, "from": a, "to": b, "mode": mode, "hours": h})
    legs_df = pd.DataFrame(legs, columns=["leg", "from", "to", "mode", "hours"])
    return Route(order=order, legs=legs_df, total_hours=round(float(legs_df["hours"].sum()), 1), exact=exact)


def known_regions() -> set[str]:
    return set(load_regions()["region"])
