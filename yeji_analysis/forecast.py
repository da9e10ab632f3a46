"""Forecast of the campaign targets (目标预测): will the pipeline reach them by the window's end?

Method
------
1. **Transition rates.** For each step lead→intention, intention→signed and signed→started, the
   data up to ``as_of`` give ``k`` transitions observed and an exposure of ``m`` lead-months spent
   in the earlier stage (days from entering the stage to leaving it or to ``as_of``, divided by
   30.4375). A lead that skipped a stage (e.g. a signing without an intention date) entered the
   skipped stage on the day it left it. Treating each lead-month as one trial, the monthly
   probability ``p`` of moving on has the posterior ``Beta(a + k, b + max(m − k, 0))``, where
   ``(a, b)`` is the configured prior ``forecast.prior_<from>_to_<to>``: with few transitions the
   prior dominates, with many the data do.
2. **Simulation.** Each of ``draws`` Monte-Carlo draws samples one ``p`` per step from its
   posterior (so the uncertainty of the rates is carried) and turns it into a daily probability
   ``1 − (1 − p)^(1 / 30.4375)``. Every open lead (stage lead, intention or signed at ``as_of``)
   waits a geometric number of days at each step (memoryless: time already spent in a stage does
   not matter), so, given the draw, a lead now in stage ``j`` reaches stage ``k`` within the days
   left until the window's end with probability ``P_j→k`` = P(sum of the waits of steps j..k−1 ≤
   days left), computed exactly by convolving the geometric distributions. Leads are independent
   given the draw, so the new arrivals among ``n_j`` like leads are drawn as
   ``Binomial(n_j, P_j→k)`` — the same distribution as moving each lead day by day, at a cost
   that does not grow with the number of leads. Each target's count is drawn this way on its
   own (the figures are per-target, not joint).
3. **Counting.** Each target's final count is what already counts by ``as_of`` (as
   :func:`~yeji_analysis.rules.district_targets` and :func:`~yeji_analysis.rules.group_signing`
   count it, from the window's start) plus the simulated new arrivals that qualify: signings of at
   least ``district.signed_min_wan`` for ``signed_100m``; starts for ``started``; signings in a
   leading industry of at least ``groups.signed_min_wan`` for each group's signing rule.
4. **Summary.** ``expected`` is the mean final count, ``probability`` the share of draws reaching
   the goal, ``low``/``high`` the 10th and 90th percentiles (an 80% interval). A target already
   met has probability 1; with no days left the forecast is the count itself.

Limits: leads not yet reported are not simulated (new leads rarely sign inside one window), the
rates are pooled over groups and industries, and a stage without a date is not placed in time.
The generator is ``numpy.random.default_rng(seed)``: the same data, ``as_of``, ``draws`` and
``seed`` give the same figures.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .periods import day
from .pipeline import stage_at
from .rules import at_least_100m, signed_100m_mask, signing_groups
from .schemas import STAGE_DATE, STAGES

__all__ = ["transition_rates", "forecast_targets", "STEPS", "DAYS_PER_MONTH"]

DAYS_PER_MONTH = 30.4375
#: The simulated steps, in order.
STEPS = [("lead", "intention"), ("intention", "signed"), ("signed", "started")]

def _entry_dates(leads: pd.DataFrame, as_of: pd.Timestamp) -> dict[str, pd.Series]:
    """Date each lead entered each stage (by ``as_of``); a skipped stage is entered when it is left."""
    entry: dict[str, pd.Series] = {}
    later = pd.Series(pd.NaT, index=leads.index, dtype="datetime64[ns]")
    for s in reversed(STAGES):
        d = leads[STAGE_DATE[s]].where(leads[STAGE_DATE[s]] <= as_of)
        d = d.fillna(later)
        entry[s] = d
        later = d
    return entry


def transition_rates(campaign, as_of: Any) -> pd.DataFrame:
    """The monthly stage-transition rates estimated on the data up to ``as_of``, with their priors.

    One row per step: ``from_stage``, ``to_stage``, ``transitions`` (k), ``exposure_months`` (m),
    ``prior_a``, ``prior_b``, ``post_a``, ``post_b`` and ``monthly_rate`` (posterior mean). See the
    module docstring.
    """
    as_of = day(as_of)
    cfg = campaign.config["forecast"]
    ld = campaign.leads[campaign.leads["reported_on"] <= as_of]
    entry = _entry_dates(ld, as_of)
    rows = []
    for a, b in STEPS:
        ea, eb = entry[a], entry[b]
        inn = ea.notna()
        left = inn & eb.notna()
        stop = eb.where(left, as_of)
        days = (stop[inn] - ea[inn]).dt.days.clip(lower=0)
        k = int(left.sum())
        m = float(days.sum()) / DAYS_PER_MONTH
        pa, pb = cfg[f"prior_{a}_to_{b}"]
        post_a, post_b = pa + k, pb + max(m - k, 0.0)
        rows.append({"from_stage": a, "to_stage": b, "transitions": k, "exposure_months": round(m, 3),
                     "prior_a": float(pa), "prior_b": float(pb), "post_a": float(post_a), "post_b": float(post_b),
                     "monthly_rate": post_a / (post_a + post_b)})
    return pd.DataFrame(rows)


def _daily(rates: pd.DataFrame, draws: int, rng: np.random.Generator) -> np.ndarray:
    """Daily transition probabilities, shape (draws, steps): one monthly rate per step drawn from its posterior."""
    p = np.column_stack([rng.beta(r.post_a, r.post_b, size=draws) for r in rates.itertuples()])
    daily = 1.0 - np.power(1.0 - np.clip(p, 0.0, 1.0 - 1e-12), 1.0 / DAYS_PER_MONTH)
    return np.clip(daily, 1e-12, 1.0)


def _reach(daily: np.ndarray, days_left: int) -> dict[tuple[int, int], np.ndarray]:
    """P(a lead now in stage j reaches stage k within ``days_left`` days), per draw, for j < k <= started.

    The time to reach k is the sum of the geometric waits of steps j..k-1; its distribution over
    1..days_left is built by discrete convolution (exact, no sampling).
    """
    draws, d = daily.shape[0], days_left
    t = np.arange(d + 1)
    out: dict[tuple[int, int], np.ndarray] = {}
    for j in range(len(STEPS)):
        pmf = np.zeros((draws, d + 1))
        pmf[:, 0] = 1.0  # zero days spent so far
        for k in range(j + 1, len(STEPS) + 1):
            h = daily[:, [k - 1]]
            step = np.where(t[None, :] >= 1, h * np.power(1.0 - h, np.maximum(t - 1, 0)[None, :]), 0.0)
            conv = np.zeros_like(pmf)
            for s_ in range(d + 1):
                if not pmf[:, s_].any():
                    continue
                conv[:, s_:] += pmf[:, [s_]] * step[:, : d + 1 - s_]
            pmf = conv
            out[(j, k)] = np.clip(pmf.sum(axis=1), 0.0, 1.0)
    return out


def _arrivals(reach: dict, stage_idx: np.ndarray, mask: np.ndarray, k: int, draws: int,
              rng: np.random.Generator) -> np.ndarray:
    """Simulated new arrivals at stage ``k`` among the masked leads: Σ_j Binomial(n_j, P_j→k), per draw."""
    total = np.zeros(draws, dtype=np.int64)
    for j in range(k):
        n = int(np.sum(mask & (stage_idx == j)))
        if n and (j, k) in reach:
            total += rng.binomial(n, reach[(j, k)])
    return total


def _summary(final: np.ndarray, goal: float) -> dict:
    return {"expected": float(final.mean()), "probability": float((final >= goal).mean()),
            "low": float(np.quantile(final, 0.1, method="inverted_cdf")),
            "high": float(np.quantile(final, 0.9, method="inverted_cdf"))}


def forecast_targets(campaign, as_of: Any, *, draws: int | None = None, seed: int | None = None) -> pd.DataFrame:
    """Probability of reaching the district targets and each group's signing rule by the window's end.

    Monte-Carlo over the pipeline at ``as_of`` (see the module docstring for the method);
    ``draws`` and ``seed`` default to ``forecast.draws`` and ``forecast.seed``.

    Returns one row per target: ``target`` ("signed_100m", "started", "group_signing"), ``group``
    ("" for district targets), ``actual`` (counted by ``as_of``), ``goal``, ``expected``,
    ``probability``, ``low``, ``high`` (80% interval), ``remaining_days``, ``candidates``,
    ``candidate_ids`` (open leads that could still count), ``counted_ids``. ``attrs`` holds the
    ``rates`` frame (:func:`transition_rates`), ``draws`` and ``seed``.

    Examples
    --------
    >>> from yeji_analysis.model import Campaign
    >>> c = Campaign.from_frames(units=pd.DataFrame({"unit": ["A"], "group": ["G"]}),
    ...     leads=pd.DataFrame({"lead_id": ["L1"], "investor": ["甲"], "unit": ["A"], "industry": ["板材"],
    ...                         "reported_on": ["2021-07-01"], "intention_on": ["2021-07-05"],
    ...                         "investment_wan": [20000.0]}))
    >>> f = forecast_targets(c, "2021-07-10", draws=500, seed=1)
    >>> f.equals(forecast_targets(c, "2021-07-10", draws=500, seed=1))
    True
    """
    as_of = day(as_of)
    cfg = campaign.config
    draws = int(draws if draws is not None else cfg["forecast"]["draws"])
    seed = int(seed if seed is not None else cfg["forecast"]["seed"])
    if draws < 1:
        raise ValueError(f"draws = {draws}: expected >= 1")
    w0, w1 = day(cfg["window"]["start"]), day(cfg["window"]["end"])
    cut = min(as_of, w1)
    days_left = max((w1 - as_of).days, 0)
    rates = transition_rates(campaign, as_of)
    st = stage_at(campaign, as_of)
    idx = st["stage"].astype(str).map(STAGES.index).to_numpy()
    rng = np.random.default_rng(seed)
    daily = _daily(rates, draws, rng)
    reach = _reach(daily, days_left) if days_left > 0 else {}
    ld = campaign.leads
    rows = []

    def add(target, group, counted, goal, mask, before):
        # candidates: open leads still before the stage the target counts
        k = STAGES.index(before)
        final = len(counted) + _arrivals(reach, idx, mask, k, draws, rng)
        cand = sorted(st.loc[mask & (idx < k), "lead_id"])
        rows.append({"target": target, "group": group, "actual": len(counted), "goal": goal,
                     **_summary(final, goal), "remaining_days": days_left, "candidates": len(cand),
                     "candidate_ids": cand, "counted_ids": counted})

    d = cfg["district"]
    counted = sorted(ld.loc[signed_100m_mask(ld, d["signed_min_wan"], w0, cut, False), "lead_id"])
    add("signed_100m", "", counted, d["signed_100m"], at_least_100m(st["investment_wan"], d["signed_min_wan"]).to_numpy(), "signed")
    s_on = ld["started_on"]
    counted = sorted(ld.loc[s_on.notna() & (s_on >= w0) & (s_on <= cut), "lead_id"])
    add("started", "", counted, d["started"], np.ones(len(st), dtype=bool), "started")
    g = cfg["groups"]
    signed_g = ld[signed_100m_mask(ld, g["signed_min_wan"], w0, cut, True)]
    for group in signing_groups(campaign):
        counted = sorted(signed_g.loc[signed_g["group"] == group, "lead_id"])
        mask = (st["group"] == group).to_numpy() & st["leading"].to_numpy(dtype=bool) & at_least_100m(st["investment_wan"], g["signed_min_wan"]).to_numpy()
        add("group_signing", group, counted, g["signed_projects"], mask, "signed")
    out = pd.DataFrame(rows)
    out.attrs.update(rates=rates, draws=draws, seed=seed, as_of=str(as_of.date()))
    return out
