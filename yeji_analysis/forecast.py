"""Forecast of the campaign targets (目标预测): will the pipeline reach them by the window's end?

The campaign's calendar drives it: most signings land on the two signing ceremonies (集中签约, the
notice's 7月中旬 and 9月底前) and most starts on the groundbreaking ceremony (集中开工). Between
these days leads move on at a background rate. Everything is estimated on the data up to
``as_of`` (dates after it are not looked at); nothing is fitted to any particular data set.

Method
------
Stages are ``0`` 线索 (lead), ``1`` 意向 (intention), ``2`` 签约 (signed), ``3`` 开工 (started, or
later). Step ``j`` is the move from stage ``j`` to ``j + 1``. A signing ceremony acts on step 1
(intention → signed), a groundbreaking on step 2 (signed → started); step 0 has no ceremony.

1. **Calendar** (:func:`ceremony_calendar`). Ceremony days come from the events ledger
   (``signing_ceremony``, ``groundbreaking``): *held* when on or before ``as_of``, *announced* when
   after it. Each configured slot (``district.ceremonies`` for signings, ``district.groundbreakings``
   for starts, each ``{name, earliest, latest}``) that no ledger ceremony falls into and whose
   ``latest`` day is still ahead is *expected*: its day is drawn uniformly from
   ``[max(earliest, as_of + 1), latest]`` in every simulation. A slot whose ``latest`` day passed
   without a ledger entry is taken as not held.

2. **Background hazards** (:func:`transition_rates`). A lead entered stage ``j`` on day ``e_j``
   (a skipped stage is entered on the day it is left) and is at risk of step ``j`` on each day
   ``t = e_j + 1 … min(e_{j+1}, as_of)``, at age ``a = t − e_j``. Ages are cut into bins by
   ``forecast.age_bins_days`` (e.g. ``[30, 60, 120]`` → 1–30, 31–60, 61–120, 121+ days), since a
   lead that has waited long is not as likely to move as a fresh one. Each day's evidence weighs
   ``w_t = 2^(−(as_of − t)/forecast.half_life_days)`` (1 for every day when the half-life is 0): the
   campaign changes how people work, and the recent weeks say more about the weeks ahead. In bin
   ``b``, ``k_jb`` counts the background moves (the step taken at an age in ``b``, **not** on a day
   of a held ceremony acting on step ``j``) and ``E_jb`` the lead-days at risk in ``b`` **minus**
   the at-risk days that were ceremony days, each move and day weighted by ``w_t``. So a
   ceremony's burst is neither a background move nor background exposure: it does not inflate
   the quiet weeks. With the configured prior
   ``forecast.prior_<from>_to_<to> = [a, b]`` read as ``a`` moves in ``a + b`` lead-months, the
   daily hazard has the posterior

       λ_j0 ~ Gamma(shape = a + k_j0, rate = W + E_j0),   W = (a + b)·30.4375   (per day),

   and in a later bin the prior is the bin before's posterior mean at the same weight ``W``:
   ``λ_jb ~ Gamma(W·λ̄_j,b−1 + k_jb, W + E_jb)``. The daily probability of the step is
   ``h_jb = 1 − exp(−λ_jb)``. A zero-day stay (a skipped stage) is neither a move nor exposure.

3. **Ceremony counts** (:func:`ceremony_yields`). At a held ceremony on day ``c`` acting on step
   ``j``, ``n_c`` leads were ready (in stage ``j`` at the start of day ``c``) and ``k_c`` of them moved
   that day; the background alone would have moved ``b_c = Σ_ready h_j,bin(age)`` of them (posterior
   mean hazards), so the ceremony's own moves are ``x_c = max(0, k_c − b_c)``. What a ceremony of the
   kind moves on its own has the mean ``m ~ Gamma(shape = 0.5 + Σ x_c, rate = number held)`` (Poisson
   counts, Jeffreys prior). A kind not yet held borrows the other kind's ``m``: a campaign whose
   leads did not crowd onto its signing ceremony is not taken to crowd onto its groundbreaking, and
   the other way round; but another kind of ceremony is weaker evidence, so its Gamma's shape and
   rate are both multiplied by ``ω = forecast.borrow_weight`` (same mean, variance ``1/ω`` times). With no ceremony of either kind held, a ceremony moves a share
   ``z ~ Beta(α, β)`` of its ready leads, ``[α, β] = forecast.prior_<kind>_yield``.

4. **Shared shock.** A ceremony moves many leads at once, so its leads are not independent: in every
   simulation each future ceremony draws once ``K_c ~ Poisson(m·g_c)`` with ``g_c ~ Gamma(κ, κ)``
   (mean 1, variance ``1/κ``, ``κ = forecast.ceremony_concentration``) and moves ``K_c`` of its ready
   leads, chosen at random, besides those the background moves that day (all of them when fewer are
   ready). Before any ceremony is held, the share drawn is ``z_c ~ Beta(κ·z, κ·(1 − z))`` instead,
   each ready lead moving with it.

5. **New leads.** Leads still to be reported arrive as a Poisson stream: with ``n_R`` leads
   reported in the last ``R = forecast.arrival_days`` days, the daily rate is
   ``ν ~ Gamma(0.5 + n_R, R)``; each new lead arrives on a uniform day after ``as_of``, copies the
   amount, group and industry of a recently reported lead (drawn at random) and then moves like
   the others.

6. **Simulation.** Each of ``draws`` simulations draws every ``λ_jb``, ``m``, ``g_c`` (or ``z``,
   ``z_c``), ``ν`` and the expected ceremony days once (the uncertainty of the rates and the shared ceremony shock), then
   walks every open lead day by day from ``as_of + 1`` to the window's end: a lead in stage
   ``j < 3`` of age ``a`` moves with ``h_j,bin(a)`` (ceremony days as in 4), at most one step a day.

7. **Counting and summary.** A target's final count is what counts by ``as_of`` (as
   :func:`~yeji_analysis.rules.district_targets` and :func:`~yeji_analysis.rules.group_signing`
   count it, from the window's start) plus the simulated moves inside the window that qualify:
   signings of at least ``district.signed_min_wan`` for ``signed_100m``; starts for ``started``;
   leading-industry signings of at least ``groups.signed_min_wan`` for a group's signing rule.
   ``expected`` is the mean, ``median`` the median, ``low``/``high`` an 80% interval (the 10th and
   90th percentiles, an end moved in by one count when that brings the share inside nearer 80%:
   :func:`interval80`), ``probability`` the share of simulations reaching the goal. A target already
   met has probability 1; with no days left the count is the answer.

Limits: rates are pooled over groups, industries and amounts (a big project moves like a small
one, and a ceremony picks its leads at random among the ready); ready for a ceremony means "in the
stage the day before", with no minimum preparation time; a bin of long waits with no data takes
the rate of the bin before it (at the prior's weight), so early in a campaign long-waiting leads are
taken to move as the younger ones do, which over-forecasts where stale leads never move.
The generator is ``numpy.random.default_rng(seed)``: the same data, ``as_of``, ``draws`` and
``seed`` give the same figures.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Iterable

import numpy as np
import pandas as pd

from .labels import bracketed, label
from .periods import day
from .pipeline import stage_at
from .rules import signed_100m_mask, signing_groups
from .schemas import STAGE_DATE, STAGES

__all__ = ["transition_rates", "ceremony_calendar", "ceremony_yields", "forecast_targets", "simulate", "interval80",
           "conversion_chances", "backtest_summary",
           "STEPS", "DAYS_PER_MONTH", "KINDS"]

DAYS_PER_MONTH = 30.4375
#: The simulated steps, in order.
STEPS = [("lead", "intention"), ("intention", "signed"), ("signed", "started")]
#: Ceremony kinds: (events-ledger type, step it acts on, config slots key).
KINDS = {"signing": ("signing_ceremony", 1, "ceremonies"), "groundbreaking": ("groundbreaking", 2, "groundbreakings")}


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


def _open_entries(open_: pd.DataFrame, leads: pd.DataFrame, as_of: pd.Timestamp, draws: int,
                  rng: np.random.Generator) -> np.ndarray:
    """The day each open lead entered its stage, as a day index (0 is ``as_of``, −10 ten days before), per draw.

    A dated stage's day is the same in every draw. A lead whose recorded stage has no date
    (:func:`~yeji_analysis.schemas.stages_on`: e.g. 签约 with no 签约日期) entered it on a day no one
    wrote down: no earlier than the last date the ledger gives it by ``as_of`` (its 报送日期 when it has
    no other) and no later than ``as_of``. Each simulation draws that day, every day between equally
    likely, rather than guessing one.
    """
    since = pd.to_datetime(open_["stage_since"])
    known = -(as_of - since).dt.days.to_numpy(dtype=float)
    out = np.broadcast_to(np.nan_to_num(known).astype(np.int64), (draws, len(open_))).copy()
    undated = np.flatnonzero(since.isna().to_numpy())
    if len(undated):
        ld = leads.set_index("lead_id").loc[open_["lead_id"].iloc[undated]]
        dates = [ld[c].where(ld[c] <= as_of) for c in STAGE_DATE.values() if c in ld.columns]
        last = pd.concat(dates, axis=1).max(axis=1).fillna(ld["reported_on"])
        lo = -(as_of - last).dt.days.to_numpy(dtype=np.int64)
        out[:, undated] = rng.integers(lo, 1, size=(draws, len(undated)))
    return out


def _edges(cfg: dict) -> np.ndarray:
    return np.asarray(cfg["forecast"]["age_bins_days"], dtype=np.int64)


def _bin_bounds(edges: np.ndarray) -> list[tuple[int, float]]:
    lo = np.concatenate([[1], edges + 1])
    hi = np.concatenate([edges, [np.inf]])
    return list(zip(lo.tolist(), hi.tolist()))


# ------------------------------------------------------------------------------------------ calendar
def ceremony_calendar(campaign, as_of: Any) -> pd.DataFrame:
    """The ceremonies that drive the forecast: held, announced (ledger) and expected (config).

    One row a ceremony: ``kind`` ("signing" or "groundbreaking"), ``name``, ``status`` ("held",
    "announced", "expected" or "not_held"), ``source`` ("ledger" or "config"), ``on`` (the day,
    NaT when expected), ``earliest``/``latest`` (the days it may fall on). See the module docstring.
    """
    as_of = day(as_of)
    cfg = campaign.config
    ev = campaign.events
    rows = []
    for kind, (etype, _, slot_key) in KINDS.items():
        days = sorted(set(pd.to_datetime(ev.loc[ev["event_type"] == etype, "held_on"]).dropna().dt.normalize()))
        notes = {d: "" for d in days}
        for _, r in ev[ev["event_type"] == etype].iterrows():
            if pd.notna(r["held_on"]):
                notes[day(r["held_on"])] = notes.get(day(r["held_on"])) or str(r.get("note", "") or "")
        for d in days:
            rows.append({"kind": kind, "name": notes[d] or etype, "status": "held" if d <= as_of else "announced",
                         "source": "ledger", "on": d, "earliest": d, "latest": d})
        for slot in cfg["district"].get(slot_key, []):
            lo, hi = day(slot["earliest"]), day(slot["latest"])
            if any(lo <= d <= hi for d in days):
                continue
            if hi <= as_of:
                status, lo2 = "not_held", lo
            else:
                status, lo2 = "expected", max(lo, as_of + pd.Timedelta(days=1))
            rows.append({"kind": kind, "name": slot["name"], "status": status, "source": "config",
                         "on": pd.NaT, "earliest": lo2, "latest": hi})
    cols = ["kind", "name", "status", "source", "on", "earliest", "latest"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("on", "earliest", "latest"):
        out[c] = pd.to_datetime(out[c]).astype("datetime64[ns]")
    return out.sort_values(["earliest", "kind"], ignore_index=True)


def _held_days(calendar: pd.DataFrame, step: int) -> list[pd.Timestamp]:
    kinds = [k for k, (_, j, _) in KINDS.items() if j == step]
    held = calendar[calendar["kind"].isin(kinds) & calendar["status"].eq("held")]
    return sorted(set(held["on"]))


# ------------------------------------------------------------------------------------------ rates
def _step_frame(leads: pd.DataFrame, as_of: pd.Timestamp):
    """Per step: entry day of the stage, the day it was left (NaT if not by ``as_of``)."""
    entry = _entry_dates(leads, as_of)
    out = []
    for a, b in STEPS:
        ea = entry[a]
        eb = entry[b]
        if b == "started":
            eb = eb.fillna(entry["producing"])
        out.append((ea, eb))
    return out


def transition_rates(campaign, as_of: Any, calendar: pd.DataFrame | None = None) -> pd.DataFrame:
    """The background daily hazards of each step and age bin, estimated on the data up to ``as_of``.

    One row per step and age bin: ``from_stage``, ``to_stage``, ``age_from``, ``age_to`` (days in the
    stage; ``age_to`` infinite for the last bin), ``transitions`` (background moves), ``weighted_transitions``
    (k, each move weighted by its day's half-life weight), ``exposure_days`` (E, weighted lead-days at risk,
    ceremony days left out), ``ceremony_moves`` (moves on held ceremony days, not in k), ``prior_shape``,
    ``prior_rate`` (the bin's Gamma prior: the configured ``forecast.prior_<from>_to_<to> = [a, b]`` as
    a moves in a + b lead-months for the first bin, the bin before's posterior mean at that weight for
    the others), ``shape``, ``rate`` (the Gamma posterior of the daily hazard) and ``daily_rate`` (its
    mean, as a daily probability ``1 − exp(−λ)``). See the module docstring, step 2.
    """
    as_of = day(as_of)
    cfg = campaign.config
    cal = ceremony_calendar(campaign, as_of) if calendar is None else calendar
    ld = campaign.leads[campaign.leads["reported_on"] <= as_of]
    bounds = _bin_bounds(_edges(cfg))
    rows = []
    for j, ((a, b), (ea, eb)) in enumerate(zip(STEPS, _step_frame(ld, as_of))):
        inn = ea.notna().to_numpy()
        e = ea.to_numpy(dtype="datetime64[D]")[inn]
        x = eb.to_numpy(dtype="datetime64[D]")[inn]
        left = ~np.isnat(x)
        stop = np.where(left, x, np.datetime64(as_of.date(), "D"))
        dur = (stop - e).astype(np.int64)
        dur = np.maximum(dur, 0)
        cer_days = [np.datetime64(d.date(), "D") for d in _held_days(cal, j)]
        on_cer = left & np.isin(x, np.array(cer_days, dtype="datetime64[D]")) if cer_days else np.zeros(len(x), bool)
        moved = left & (dur > 0)
        bg = moved & ~on_cer
        # evidence weight of a day t: r^(t − as_of), r = 2^(1/half-life); 1 for every day when the half-life is 0
        hl = float(cfg["forecast"]["half_life_days"])
        r = 2.0 ** (1.0 / hl) if hl > 0 else 1.0
        off = (e - np.datetime64(as_of.date(), "D")).astype(np.int64)      # e − as_of (<= 0)
        wx = r ** (off + dur).astype(float)                                  # weight of the move day
        pa, pb = cfg["forecast"][f"prior_{a}_to_{b}"]
        w0 = (pa + pb) * DAYS_PER_MONTH          # the prior's weight, in lead-days
        prior_shape = float(pa)                  # first bin: the configured prior; later bins: the bin before
        for lo, hi in bounds:
            in_bin = (dur >= lo) & (dur <= hi)
            k = float(np.sum(wx[bg & in_bin]))
            top = np.minimum(dur, hi if np.isfinite(hi) else 10**9).astype(float)
            if r == 1.0:
                expo = float(np.clip(top - lo + 1, 0, None).sum())
            else:
                expo = float(np.where(top >= lo, r ** off.astype(float) * (r ** (top + 1) - r ** lo) / (r - 1.0), 0.0).sum())
            for c in cer_days:  # a ceremony day at risk is the ceremony's trial, not background exposure
                age = (c - e).astype(np.int64)
                at = (c > e) & (c <= stop) & (age >= lo) & (age <= hi)
                expo -= float(np.sum(at)) * r ** float((c - np.datetime64(as_of.date(), "D")).astype(np.int64))
            cm = int(np.sum(moved & on_cer & in_bin))
            shape, rate = prior_shape + k, w0 + max(expo, 0.0)
            rows.append({"from_stage": a, "to_stage": b, "age_from": int(lo), "age_to": float(hi),
                         "transitions": int(np.sum(bg & in_bin)), "weighted_transitions": k,
                         "exposure_days": max(expo, 0.0), "ceremony_moves": cm,
                         "prior_shape": prior_shape, "prior_rate": w0, "shape": float(shape), "rate": float(rate),
                         "daily_rate": float(1.0 - np.exp(-shape / rate))})
            prior_shape = w0 * shape / rate
    return pd.DataFrame(rows)


def _age_bin(age: np.ndarray, edges: np.ndarray) -> np.ndarray:
    return (age[..., None] > edges).sum(axis=-1)


def ceremony_yields(campaign, as_of: Any, calendar: pd.DataFrame | None = None,
                    rates: pd.DataFrame | None = None) -> pd.DataFrame:
    """What the held ceremonies moved, per kind: the evidence for what a future ceremony moves.

    One row per ceremony kind: ``kind``, ``held`` (ceremonies held by ``as_of``), ``ready`` (Σ n_c,
    leads in the stage the ceremony acts on at the start of its day), ``moved`` (Σ k_c),
    ``background`` (Σ n_c·h̄_c, the moves the background rate alone would have made that day),
    ``extra`` (Σ max(0, k_c − n_c·h̄_c), the ceremony's own moves), ``basis`` ("own": this kind's
    ceremonies; "borrowed": none held, the other kind's; "prior": none of either kind held),
    ``count_shape``/``count_rate`` (Gamma posterior of the extra moves per ceremony, for "own" and
    "borrowed") and ``prior_a``/``prior_b`` (``forecast.prior_<kind>_yield``, the share of the ready
    leads a ceremony moves, for "prior"). See the module docstring, step 3.
    """
    as_of = day(as_of)
    cfg = campaign.config
    cal = ceremony_calendar(campaign, as_of) if calendar is None else calendar
    rates = transition_rates(campaign, as_of, cal) if rates is None else rates
    edges = _edges(cfg)
    ld = campaign.leads[campaign.leads["reported_on"] <= as_of]
    steps = _step_frame(ld, as_of)
    rows = []
    for kind, (_, j, _) in KINDS.items():
        ea, eb = steps[j]
        e = ea.to_numpy(dtype="datetime64[D]")
        x = eb.to_numpy(dtype="datetime64[D]")
        haz = rates[rates["from_stage"] == STAGES[j]]["daily_rate"].to_numpy()
        n = k = 0
        bg = extra = 0.0
        held = cal[(cal["kind"] == kind) & (cal["status"] == "held")]
        for c in held["on"]:
            c = np.datetime64(c.date(), "D")
            ready = ~np.isnat(e) & (e < c) & (np.isnat(x) | (x >= c))
            kc = int(np.sum(ready & (x == c)))
            hc = float(haz[_age_bin((c - e[ready]).astype(np.int64), edges)].sum()) if ready.any() else 0.0
            n, k, bg, extra = n + int(ready.sum()), k + kc, bg + hc, extra + max(0.0, kc - hc)
        pa, pb = cfg["forecast"][f"prior_{kind}_yield"]
        rows.append({"kind": kind, "held": int(len(held)), "ready": n, "moved": k, "background": bg, "extra": extra,
                     "basis": "own" if len(held) else "prior", "count_shape": 0.5 + extra,
                     "count_rate": float(len(held)), "prior_a": float(pa), "prior_b": float(pb)})
    out = pd.DataFrame(rows)
    own = out[out["basis"] == "own"]
    if len(own):   # the other kind's evidence, at forecast.borrow_weight of its weight (same mean, wider)
        w = float(cfg["forecast"]["borrow_weight"])
        shape, rate = w * (0.5 + own["extra"].sum()), w * float(own["held"].sum())
        none = out["basis"] == "prior"
        out.loc[none, "basis"] = "borrowed"
        out.loc[none, "count_shape"] = shape
        out.loc[none, "count_rate"] = rate
    return out


# ------------------------------------------------------------------------------------------ simulation
def simulate(campaign, as_of: Any, *, draws: int, rng: np.random.Generator,
             calendar: pd.DataFrame | None = None, probes: tuple[int, ...] = ()) -> dict:
    """Run the day-by-day simulation of step 6 of the module docstring.

    Returns a dict: ``sign_day`` and ``start_day`` (draws × leads, the day index after ``as_of`` the
    lead signed / started in that simulation, 0 if not), ``open`` (the open leads at ``as_of``, one
    row a column of the arrays, new leads after them), ``n_open``, ``template`` (draws × new-lead
    slots: the row of ``recent`` each new lead copies; −1 for an empty slot), ``recent`` (the leads
    new ones copy), ``horizon`` (days simulated), ``calendar``, ``rates``, ``yields``.
    """
    as_of = day(as_of)
    cfg = campaign.config
    fc = cfg["forecast"]
    w1 = day(cfg["window"]["end"])
    H = max((w1 - as_of).days, 0)
    cal = ceremony_calendar(campaign, as_of) if calendar is None else calendar
    rates = transition_rates(campaign, as_of, cal)
    yields = ceremony_yields(campaign, as_of, cal, rates)
    edges = _edges(cfg)
    nb = len(edges) + 1
    st = stage_at(campaign, as_of)
    sidx = st["stage"].astype(str).map(STAGES.index).clip(upper=3).to_numpy()
    open_ = st[sidx < 3].reset_index(drop=True)
    s_open = sidx[sidx < 3]
    e_open = _open_entries(open_, campaign.leads, as_of, draws, rng)
    n_open = len(open_)
    # rates per draw: daily probabilities (draws, 3, nb)
    lam = rng.gamma(rates["shape"].to_numpy(), 1.0 / rates["rate"].to_numpy(), size=(draws, len(rates)))
    h = (1.0 - np.exp(-lam)).reshape(draws, 3, nb)
    # new leads
    ld = campaign.leads[campaign.leads["reported_on"] <= as_of]
    R = int(fc["arrival_days"])
    recent = ld[ld["reported_on"] > as_of - pd.Timedelta(days=R)]
    if len(recent) == 0:
        recent = ld
    recent = recent.reset_index(drop=True)
    n_r = int((ld["reported_on"] > as_of - pd.Timedelta(days=R)).sum())
    if H > 0 and len(recent):
        nu = rng.gamma(0.5 + n_r, 1.0 / R, size=draws)
        n_new = rng.poisson(nu * H)
    else:
        n_new = np.zeros(draws, dtype=np.int64)
    M = int(n_new.max()) if draws else 0
    slot = np.arange(M)[None, :]
    live = slot < n_new[:, None]
    template = np.where(live, rng.integers(0, max(len(recent), 1), size=(draws, M)), -1)
    arrive = np.where(live, rng.integers(1, max(H, 1) + 1, size=(draws, M)), H + 1)
    pr = np.asarray(probes, dtype=np.int64)
    N = n_open + M + len(pr)
    stage = np.concatenate([np.broadcast_to(s_open, (draws, n_open)), np.zeros((draws, M), np.int64),
                            np.broadcast_to(pr, (draws, len(pr)))], axis=1).astype(np.int64)
    entry = np.concatenate([e_open, arrive,
                            np.zeros((draws, len(pr)), np.int64)], axis=1).astype(np.int64)
    sign_day = np.zeros((draws, N), np.int16)
    start_day = np.zeros((draws, N), np.int16)
    # future ceremonies: day index per draw, and what each moves (drawn once per simulation)
    fut = []
    kappa = float(fc["ceremony_concentration"])
    ys = yields.set_index("kind")
    for r in cal.itertuples():
        if r.status == "announced":
            d = np.full(draws, (r.on - as_of).days)
        elif r.status == "expected":
            lo, hi = (r.earliest - as_of).days, (r.latest - as_of).days
            d = rng.integers(lo, hi + 1, size=draws)
        else:
            continue
        y = ys.loc[r.kind]
        if y.basis == "prior":   # share of the ready leads: z ~ Beta(prior), this ceremony's ~ Beta(κz, κ(1−z))
            zbar = rng.beta(y.prior_a, y.prior_b, size=draws)
            z = rng.beta(np.maximum(kappa * zbar, 1e-9), np.maximum(kappa * (1 - zbar), 1e-9))
            fut.append((KINDS[r.kind][1], d, "share", z))
        else:                    # a number of leads: K ~ Poisson(m·g), m ~ Gamma posterior, g ~ Gamma(κ, κ)
            m = rng.gamma(y.count_shape, 1.0 / y.count_rate, size=draws)
            g = rng.gamma(kappa, 1.0 / kappa, size=draws)
            fut.append((KINDS[r.kind][1], d, "count", rng.poisson(m * g)))
    hflat = h.reshape(draws, 3 * nb)
    rows_ = np.arange(draws)
    # p[d, i] = hflat[d, s * nb + b]: one take from the flat array (row d's cells start at d * 3 * nb), the same
    # values np.take_along_axis picks, without its index broadcasting on every day
    hravel, row_start = hflat.ravel(), (rows_ * (3 * nb))[:, None]
    for t in range(1, H + 1):
        active = (stage < 3) & (entry < t)
        if not active.any():
            break
        age = t - entry
        b = np.zeros_like(age)
        for ed in edges:
            b += age > ed
        s = np.minimum(stage, 2)
        p = np.take(hravel, s * nb + b + row_start)
        move = active & (rng.random((draws, N)) < p)
        for j, d, how, v in fut:
            today = d == t
            if not today.any():
                continue
            ready = today[:, None] & (stage == j) & (entry < t)
            if how == "share":
                move |= ready & (rng.random((draws, N)) < v[:, None])
            else:   # the ceremony takes K extra of its ready leads, at random, on top of the background
                keys = np.where(ready & ~move, rng.random((draws, N)), 2.0)
                srt = np.sort(keys, axis=1)
                kk = np.minimum(v, (ready & ~move).sum(axis=1))
                thr = np.where(kk > 0, srt[rows_, np.maximum(kk - 1, 0)], -1.0)
                move |= ready & (keys <= thr[:, None])
        stage += move
        entry = np.where(move, t, entry)
        sign_day[move & (stage == 2)] = t
        start_day[move & (stage == 3)] = t
    lead_probe_intention = stage[:, n_open + M] >= 1 if 0 in probes else np.zeros(draws, bool)
    return {"sign_day": sign_day, "start_day": start_day, "open": open_, "n_open": n_open, "template": template,
            "n_probes": len(pr), "lead_probe_intention": lead_probe_intention,
            "recent": recent, "horizon": H, "calendar": cal, "rates": rates, "yields": yields}


def _attr(sim: dict, draws: int, open_vals: np.ndarray, recent_vals: np.ndarray) -> np.ndarray:
    """A per-lead attribute as (draws, leads): open leads' values, then each new lead's template's (probes: False)."""
    tmpl = sim["template"]
    new = np.where(tmpl >= 0, recent_vals[np.clip(tmpl, 0, None)] if len(recent_vals) else False, False)
    return np.concatenate([np.broadcast_to(open_vals, (draws, len(open_vals))), new,
                           np.zeros((draws, sim.get("n_probes", 0)), bool)], axis=1)


def conversion_chances(campaign, as_of: Any, *, draws: int | None = None, seed: int | None = None) -> dict[str, float]:
    """What a lead met on ``as_of`` may do by the window's end, by the forecast's model.

    Simulates (as :func:`forecast_targets` does) one lead entering 线索 and one entering 意向 on
    ``as_of``: ``lead_to_intention`` = P(the lead reaches 意向 by the window's end),
    ``lead_to_signed`` = P(it signs by then), ``intention_to_signed`` = P(the 意向 signs by then).
    With no days left all are 0.
    """
    as_of = day(as_of)
    cfg = campaign.config
    draws = int(draws if draws is not None else cfg["forecast"]["draws"])
    seed = int(seed if seed is not None else cfg["forecast"]["seed"])
    sim = simulate(campaign, as_of, draws=draws, rng=np.random.default_rng(seed), probes=(0, 1))
    if sim["horizon"] == 0:
        return {"lead_to_intention": 0.0, "lead_to_signed": 0.0, "intention_to_signed": 0.0}
    # the probe lead's stage at the end: signed if it has a signing day; intention if it moved at all
    sd = sim["sign_day"][:, -2:]
    lead_sign = float((sd[:, 0] > 0).mean())
    return {"lead_to_intention": float(sim["lead_probe_intention"].mean()), "lead_to_signed": lead_sign,
            "intention_to_signed": float((sd[:, 1] > 0).mean())}


def interval80(final: np.ndarray) -> tuple[float, float]:
    """The 80% interval of simulated counts: the one, of the inclusive 10th–90th percentile interval
    and those with either end moved in by one count, whose share of the simulations is nearest 80%
    (ties: the tails nearer equal, then the wider). Never past the median.

    For counts, the inclusive 10th–90th percentile interval holds more than 80% (often 90% when the
    count takes few values); this one holds about 80%, as it says.

    >>> interval80(np.array([5] * 10)), interval80(np.arange(10)), interval80(np.array([0] * 15 + [1] * 70 + [2] * 15))
    ((5.0, 5.0), (1.0, 8.0), (0.0, 1.0))
    """
    x = np.sort(np.asarray(final))
    n = len(x)
    med = float(x[(n - 1) // 2])
    a = float(x[max(int(np.ceil(0.1 * n)) - 1, 0)])          # inverted_cdf 10th percentile
    b = float(x[max(int(np.ceil(0.9 * n)) - 1, 0)])          # inverted_cdf 90th percentile
    lows = sorted({a, float(x[min(np.searchsorted(x, a, side="right"), n - 1)])})
    highs = sorted({b, float(x[max(np.searchsorted(x, b, side="left") - 1, 0)])})
    best = None
    for lo in lows:
        for hi in highs:
            lo2, hi2 = min(lo, med), max(hi, med)
            below, above = np.mean(x < lo2), np.mean(x > hi2)
            key = (abs(1 - below - above - 0.8), abs(below - above), -(hi2 - lo2))
            if best is None or key < best[0]:
                best = (key, lo2, hi2)
    return best[1], best[2]


def _summary(final: np.ndarray, goal: float) -> dict:
    low, high = interval80(final)
    return {"expected": float(final.mean()), "median": float(np.quantile(final, 0.5, method="inverted_cdf")),
            "probability": float((final >= goal).mean()), "low": low, "high": high}


def forecast_targets(campaign, as_of: Any, *, draws: int | None = None, seed: int | None = None) -> pd.DataFrame:
    """Probability of reaching the district targets and each group's signing rule by the window's end.

    Simulation over the pipeline and the ceremony calendar at ``as_of`` (see the module docstring for
    the method); ``draws`` and ``seed`` default to ``forecast.draws`` and ``forecast.seed``.

    Returns one row per target: ``target`` ("signed_100m", "started", "group_signing"), ``group``
    ("" for district targets), ``actual`` (counted by ``as_of``), ``goal``, ``expected`` (mean),
    ``median``, ``probability``, ``low``, ``high`` (80% interval), ``remaining_days``, ``candidates``,
    ``candidate_ids`` (open leads that could still count), ``counted_ids``. ``attrs`` holds the
    ``rates`` frame (:func:`transition_rates`), ``calendar`` (:func:`ceremony_calendar`), ``yields``
    (:func:`ceremony_yields`), ``draws``, ``seed`` and ``as_of``.

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
    rng = np.random.default_rng(seed)
    sim = simulate(campaign, as_of, draws=draws, rng=rng)
    op, rec = sim["open"], sim["recent"]
    t0 = max((w0 - as_of).days, 1)  # first simulated day inside the window
    signed_in = (sim["sign_day"] >= t0)
    started_in = (sim["start_day"] >= t0)
    inv_o = op["investment_wan"].fillna(-1).to_numpy()
    inv_r = rec["investment_wan"].fillna(-1).to_numpy() if len(rec) else np.zeros(0)
    ld = campaign.leads
    rows = []
    s_open = op["stage"].astype(str).map(STAGES.index).to_numpy()

    def add(target, group, counted, goal, moved, mask_o, mask_r, before):
        mask = _attr(sim, draws, mask_o, mask_r)
        final = len(counted) + (moved & mask).sum(axis=1)
        k = STAGES.index(before)
        cand = sorted(op.loc[mask_o & (s_open < k), "lead_id"])
        rows.append({"target": target, "group": group, "actual": len(counted), "goal": goal,
                     **_summary(final, goal), "remaining_days": days_left, "candidates": len(cand),
                     "candidate_ids": cand, "counted_ids": counted})

    d = cfg["district"]
    counted = sorted(ld.loc[signed_100m_mask(ld, d["signed_min_wan"], w0, cut, False), "lead_id"])
    add("signed_100m", "", counted, d["signed_100m"], signed_in, inv_o >= d["signed_min_wan"],
        inv_r >= d["signed_min_wan"], "signed")
    s_on = ld["started_on"]
    counted = sorted(ld.loc[s_on.notna() & (s_on >= w0) & (s_on <= cut), "lead_id"])
    add("started", "", counted, d["started"], started_in, np.ones(len(op), bool), np.ones(len(rec), bool), "started")
    g = cfg["groups"]
    signed_g = ld[signed_100m_mask(ld, g["signed_min_wan"], w0, cut, True)]
    for group in signing_groups(campaign):
        counted = sorted(signed_g.loc[signed_g["group"] == group, "lead_id"])
        mo = (op["group"] == group).to_numpy() & op["leading"].to_numpy(dtype=bool) & (inv_o >= g["signed_min_wan"])
        mr = ((rec["group"] == group).to_numpy() & rec["leading"].to_numpy(dtype=bool) & (inv_r >= g["signed_min_wan"])
              if len(rec) else np.zeros(0, bool))
        add("group_signing", group, counted, g["signed_projects"], signed_in, mo, mr, "signed")
    out = pd.DataFrame(rows)
    out.attrs.update(rates=sim["rates"], calendar=sim["calendar"], yields=sim["yields"], draws=draws, seed=seed,
                     as_of=str(as_of.date()))
    return out


def backtest_summary() -> dict | None:
    """The published backtest's figures (``resources/forecast_backtest.json``, written by
    ``benchmarks/forecast_backtest.py``), or None when the file is missing or unreadable."""
    try:
        return json.loads((resources.files("yeji_analysis") / "resources" / "forecast_backtest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None




def count_text(median: float, low: float, high: float, lang: str = "zh") -> str:
    """A simulated count for readers: the median, with the 80% interval when it is not one number (in brackets
    of ``lang``'s kind).

    >>> count_text(11.0, 8.0, 14.0), count_text(9.0, 9.0, 9.0), count_text(11.0, 8.0, 14.0, "en")
    ('11（8–14）', '9', '11 (8–14)')
    """
    m, lo, hi = (int(round(float(x))) for x in (median, low, high))
    return str(m) if lo == hi else f"{m}{bracketed(f'{lo}–{hi}', lang)}"


def percent_text(p: float) -> str:
    """A probability as a percentage; "<1%" and ">99%" rather than a rounded 0% or 100% that is not certain.

    >>> percent_text(0.0), percent_text(0.004), percent_text(0.5), percent_text(0.996), percent_text(1.0)
    ('0%', '<1%', '50%', '>99%', '100%')
    """
    p = float(p)
    if 0 < p < 0.005:
        return "<1%"
    if 0.995 <= p < 1:
        return ">99%"
    return f"{p:.0%}"


def backtest_line(lang: str = "zh") -> str:
    """One sentence on how the published backtest scored (from :func:`backtest_summary`); "" when there is none."""
    b = backtest_summary()
    try:
        m, sw, sl = (b["province"][k] for k in ("model", "stage_weighted", "straight_line"))
        return label("fc.backtest", lang).format(districts=b["districts"], n=int(m["n"]), cov=f"{m['coverage']:.0%}",
                                                 brier=m["brier"], sw=sw["brier"], sl=sl["brier"])
    except (TypeError, KeyError):
        return ""


def sum_of_chances_text(p: Iterable[float], shift: float = 0.0) -> str:
    """How many of independent events with chances ``p`` happen, for readers (``shift`` added first):
    the median and the 80% interval of the exact distribution (Poisson-binomial, by convolution),
    as :func:`count_text` writes them.

    >>> sum_of_chances_text([0.5, 0.5]), sum_of_chances_text([]), sum_of_chances_text([1.0, 1.0], shift=3)
    ('1（0–2）', '0', '5')
    """
    pmf = np.array([1.0])
    for q in p:
        q = float(min(max(q, 0.0), 1.0))
        pmf = np.convolve(pmf, [1.0 - q, q])
    cdf = np.cumsum(pmf)
    k = np.arange(len(pmf)) + shift

    def q_at(level: float) -> float:
        return float(k[min(int(np.searchsorted(cdf, level - 1e-12)), len(k) - 1)])
    return count_text(q_at(0.5), q_at(0.1), q_at(0.9))
