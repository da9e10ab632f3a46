"""What a plan may bring (预期成效): intentions and signings from the leads it meets."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..forecast import conversion_chances, count_text, sum_of_chances_text
from ..periods import day
from ..rules import at_least_100m, signed_100m_mask

__all__ = ['conversion_rates', 'expected_outcome']


def conversion_rates(campaign, as_of: pd.Timestamp) -> tuple[float, float]:
    """Lead→intention and intention→signed: the chance that a lead (an intention) met on ``as_of``
    gets there by the window's end, by the forecast's own model (ceremony calendar, background
    rates; :func:`yeji_analysis.forecast.conversion_chances`)."""
    c = conversion_chances(campaign, as_of)
    return float(c["lead_to_intention"]), float(c["intention_to_signed"])


def expected_outcome(campaign, contacts: pd.DataFrame, as_of: Any, *, forecast: pd.DataFrame | None = None,
                     rates: tuple[float, float] | None = None) -> pd.DataFrame:
    """What the plan may add (预期成效): intentions and signings from the leads it meets.

    Every lead in ``contacts`` with a ``visit_date`` is met once. A lead-stage lead becomes an
    intention with the pipeline's lead→intention rate p1 and then signs with its intention→signed
    rate p2 (so it signs with p1·p2); an intention signs with p2. The rates are the forecast's model
    (:func:`conversion_rates`: the chance, by the window's end, for a lead or an intention met on
    ``as_of``). Expected additions
    are the sums of these probabilities; ``signed_100m`` counts only leads of at least
    ``district.signed_min_wan``. These are what the met leads may bring, not all of it new: see
    ``plan_lift`` for the part the forecast does not already expect.

    ``forecast``, when given, is the forecast frame (:func:`yeji_analysis.forecast.forecast_targets`:
    one row per target with ``expected``, ``probability``, ``actual``, ``candidates`` and
    ``candidate_ids``); its ``signed_100m`` row gives ``baseline_expected`` and
    ``baseline_probability``. ``rates``, when given, are :func:`conversion_rates` at ``as_of`` computed
    already (a simulation of the forecast's model: :func:`plan_roadshows` keeps them for the method notes). The forecast already expects some of the met leads to sign: its
    open candidates share ``(expected − actual) / candidates`` on average, so a met candidate
    adds only what its plan probability exceeds that share by (never less than nothing):
    ``with_plan_expected = baseline_expected + Σ max(0, p_plan − p_baseline)`` and ``plan_lift``
    is that sum. Without a forecast row, ``with_plan_expected = actual + expected_added``.

    Returns rows ``intention``, ``signed``, ``signed_100m`` with ``leads_met``, ``rate``,
    ``expected_added``, ``actual`` (new signings so far in the campaign window, for the signing
    rows), ``goal``, ``baseline_expected``, ``baseline_probability``, ``plan_lift``,
    ``with_plan_expected``, and for readers ``added_range`` (the met leads' additions as a median
    and 80% range, their chances taken as independent), ``baseline_range`` (the forecast's median
    and 80% range) and ``with_plan_range`` (that range moved by the lift; without a forecast, the
    count so far plus the additions).
    """
    as_of = day(as_of)
    cfg = campaign.config
    p1, p2 = rates if rates is not None else conversion_rates(campaign, as_of)
    met = contacts[contacts["visit_date"].notna()] if "visit_date" in contacts.columns else contacts.iloc[0:0]
    big = at_least_100m(met["investment_wan"], cfg["district"]["signed_min_wan"])
    is_lead, is_int = met["stage"].eq("lead"), met["stage"].eq("intention")
    p_sign = is_lead * (p1 * p2) + is_int * p2
    w0, w1 = day(cfg["window"]["start"]), day(cfg["window"]["end"])
    ld = campaign.leads
    signed = ld["signed_on"].between(w0, min(w1, as_of))
    signed_big = signed_100m_mask(ld, cfg["district"]["signed_min_wan"], w0, min(w1, as_of))
    rows = [
        {"measure": "intention", "leads_met": int(is_lead.sum()), "rate": p1,
         "expected_added": float(is_lead.sum() * p1), "actual": np.nan, "goal": np.nan},
        {"measure": "signed", "leads_met": int(len(met)), "rate": p2,
         "expected_added": float(p_sign.sum()), "actual": float(signed.sum()), "goal": np.nan},
        {"measure": "signed_100m", "leads_met": int(big.sum()), "rate": p2,
         "expected_added": float(p_sign[big].sum()), "actual": float(signed_big.sum()),
         "goal": float(cfg["district"]["signed_100m"])},
    ]
    out = pd.DataFrame(rows)
    chances = {"intention": is_lead * p1, "signed": p_sign, "signed_100m": p_sign[big]}
    out["added_range"] = [sum_of_chances_text(chances[m]) for m in out["measure"]]
    out["with_plan_range"] = [sum_of_chances_text(chances[m], a) if m != "intention" else ""
                              for m, a in zip(out["measure"], out["actual"].fillna(0))]
    out["baseline_range"] = ""
    out["baseline_expected"] = np.nan
    out["baseline_probability"] = np.nan
    out["plan_lift"] = out["expected_added"]
    out["with_plan_expected"] = out["actual"] + out["expected_added"]
    row = None
    if forecast is not None and len(forecast) and "target" in forecast.columns:
        f = forecast[forecast["target"].eq("signed_100m")]
        row = f.iloc[0] if len(f) else None
    if row is not None and "expected" in row.index:
        at = out["measure"].eq("signed_100m")
        base = float(row["expected"])
        base_actual = float(row["actual"]) if "actual" in row.index else float(signed_big.sum())
        n_cand = float(row["candidates"]) if "candidates" in row.index else 0.0
        p_base = (base - base_actual) / n_cand if n_cand > 0 else 0.0
        cand = set(row["candidate_ids"]) if "candidate_ids" in row.index and isinstance(row["candidate_ids"], (list, tuple, set, np.ndarray)) else None
        mask = big if cand is None else big & met["lead_id"].isin(cand)
        lift = float((p_sign[mask] - p_base).clip(lower=0).sum())
        out.loc[at, "baseline_expected"] = base
        out.loc[at, "baseline_probability"] = float(row["probability"]) if "probability" in row.index else np.nan
        out.loc[at, "plan_lift"] = lift
        out.loc[at, "with_plan_expected"] = base + lift
        if {"median", "low", "high"} <= set(row.index):
            out.loc[at, "baseline_range"] = count_text(row["median"], row["low"], row["high"])
            out.loc[at, "with_plan_range"] = count_text(row["median"] + lift, row["low"] + lift, row["high"] + lift)
    out.loc[out["measure"].eq("intention"), ["with_plan_expected", "plan_lift"]] = np.nan
    out["rate"] = out["rate"].round(3)
    for c in ("expected_added", "with_plan_expected", "baseline_expected", "plan_lift"):
        out[c] = out[c].round(2)
    return out[["measure", "leads_met", "rate", "expected_added", "actual", "goal", "baseline_expected",
                "baseline_probability", "plan_lift", "with_plan_expected", "added_range", "baseline_range",
                "with_plan_range"]]
