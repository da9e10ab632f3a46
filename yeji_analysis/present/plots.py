"""The report's charts (报告图表): compliance heatmap, funnel, stage times, forecast, scoreboard.

Each function takes its data (a frame from the rules modules) and an optional ``ax``, draws, and
returns the ``Axes``; none calls ``show()`` or ``savefig()``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import fonts
from ..labels import label
from .palette import STATUS_COLOURS
from ..schemas import STAGES

__all__ = ["STATUS_COLOURS", "compliance_heatmap", "pipeline_funnel", "stage_times_chart",
           "forecast_chart", "scoreboard_chart", "figure_height"]

_STATUS_ORDER = ["met", "on_track", "behind", "missed", "not_started"]

def _ax(ax, size=(8, 4)):
    fonts.use_cjk_font()
    if ax is None:
        import matplotlib.pyplot as plt  # deferred: pyplot only when no Axes is given
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def figure_height(n_rows: int, *, per_row: float = 0.32, minimum: float = 2.5, maximum: float = 30.0) -> float:
    """Inches of figure height for a chart of ``n_rows`` rows.

    Examples
    --------
    >>> figure_height(10)
    3.7
    """
    return float(min(maximum, max(minimum, round(0.5 + per_row * n_rows, 2))))


def _month_label(m: object) -> str:
    if isinstance(m, pd.Period):
        return f"{m.year}-{m.month:02d}"
    if isinstance(m, pd.Timestamp):
        return f"{m.year}-{m.month:02d}"
    return str(m)


def compliance_heatmap(data: pd.DataFrame, *, ax=None, lang: str = "zh", annotate: bool = True):
    """Units × months coloured by status (达标 / 进度正常 / 进度滞后 / 未达标), with a legend.

    ``data`` is :func:`yeji_analysis.rules.unit_compliance` output: one row per unit and month
    with ``unit``, ``month``, ``status`` and, when ``annotate``, ``trips``, ``head_trips`` and
    ``receptions`` (written in the cell as ``trips·head·receptions``).
    """
    from matplotlib.colors import ListedColormap  # deferred: matplotlib/IPython only when drawing or displaying
    from matplotlib.patches import Patch  # deferred: matplotlib/IPython only when drawing or displaying

    df = data.assign(month=data["month"].map(_month_label))
    units = list(dict.fromkeys(df.sort_values(["group", "unit"] if "group" in df else ["unit"])["unit"]))
    months = sorted(df["month"].unique())
    ax = _ax(ax, (max(6.0, 1.6 * len(months) + 4), figure_height(len(units))))
    codes = {s: i for i, s in enumerate(["none", *_STATUS_ORDER])}
    grid = np.zeros((len(units), len(months)))
    text = np.full((len(units), len(months)), "", dtype=object)
    pos_u = {u: i for i, u in enumerate(units)}
    pos_m = {m: j for j, m in enumerate(months)}
    for r in df.itertuples(index=False):
        i, j = pos_u[r.unit], pos_m[r.month]
        grid[i, j] = codes.get(str(r.status), 0)
        if annotate and {"trips", "head_trips", "receptions"} <= set(df.columns):
            text[i, j] = f"{int(r.trips)}·{int(r.head_trips)}·{int(r.receptions)}"
    cmap = ListedColormap([STATUS_COLOURS[s] for s in ["none", *_STATUS_ORDER]])
    ax.imshow(grid, cmap=cmap, vmin=-0.5, vmax=len(codes) - 0.5, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(months)), months)
    ax.set_yticks(range(len(units)), units)
    ax.tick_params(axis="x", top=True, labeltop=True, bottom=False, labelbottom=False)
    ax.set_xticks(np.arange(-0.5, len(months)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(units)), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="minor", length=0)
    for i in range(len(units)):
        for j in range(len(months)):
            if text[i, j]:
                dark = grid[i, j] in (codes["met"], codes["missed"])
                ax.text(j, i, text[i, j], ha="center", va="center", fontsize=8,
                        color="white" if dark else "black")
    present = [s for s in _STATUS_ORDER if codes[s] in set(grid.ravel())] or _STATUS_ORDER
    ax.legend(handles=[Patch(color=STATUS_COLOURS[s], label=label(s, lang)) for s in present],
              loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.set_title(label("chart_compliance", lang), loc="left", pad=24)
    for side in ax.spines.values():
        side.set_visible(False)
    return ax


def _stage_counts(data: pd.DataFrame) -> pd.Series:
    """Counts per stage from a funnel frame (``stage`` + a count column) or a leads frame."""
    if "stage" not in data.columns:
        raise ValueError("funnel data need a 'stage' column")
    counts = [c for c in ("reached", "leads", "count", "n") if c in data.columns]
    if counts:
        s = data.groupby(data["stage"].astype(str))[counts[0]].sum()
    else:
        s = data["stage"].astype(str).value_counts()
    order = [st for st in STAGES if st in s.index] + [st for st in s.index if st not in STAGES]
    return s.reindex(order).fillna(0)


def pipeline_funnel(data: pd.DataFrame, *, ax=None, lang: str = "zh"):
    """Horizontal funnel: how many leads reached each stage (线索 → 意向 → 签约 → 开工 → 投产)."""
    s = _stage_counts(data)
    ax = _ax(ax, (7, 0.6 * len(s) + 1.2))
    y = np.arange(len(s))[::-1]
    colours = ["#90caf9", "#64b5f6", "#1e88e5", "#1565c0", "#0d47a1"][: len(s)]
    ax.barh(y, s.to_numpy(), color=colours + ["#0d47a1"] * (len(s) - len(colours)), height=0.7)
    top = float(s.max()) if len(s) else 0.0
    for yi, v in zip(y, s.to_numpy()):
        ax.text(v + top * 0.01, yi, f"{int(v)}", va="center")
    ax.set_yticks(y, [label(st, lang) for st in s.index])
    ax.set_xlabel(label("n_leads", lang))
    ax.set_title(label("chart_funnel", lang), loc="left")
    ax.set_xlim(0, top * 1.12 + 1)
    return ax


def stage_times_chart(data: pd.DataFrame, *, ax=None, lang: str = "zh"):
    """Days between consecutive stages (线索→意向 …): the median as a bar, the range as a line, n beside.

    ``data`` is :func:`yeji_analysis.pipeline.stage_durations` output: one row per step with
    ``from_stage``, ``to_stage``, ``n``, ``median_days``, ``min_days``, ``max_days``. Steps no
    lead has made yet are shown empty with n = 0.
    """
    df = data.reset_index(drop=True)
    names = [f"{label(str(a), lang)}→{label(str(b), lang)}" for a, b in zip(df["from_stage"], df["to_stage"])]
    ax = _ax(ax, (7, 0.6 * max(1, len(df)) + 1.2))
    y = np.arange(len(df))[::-1]
    med = df["median_days"].astype(float).fillna(0).to_numpy()
    ax.barh(y, med, height=0.55, color="#64b5f6", label=label("median_days", lang))
    lo = df["min_days"].astype(float).to_numpy()
    hi = df["max_days"].astype(float).to_numpy()
    ok = ~np.isnan(lo) & ~np.isnan(hi)
    ax.hlines(y[ok], lo[ok], hi[ok], color="#263238", linewidth=1.5)
    top = float(np.nanmax(np.r_[hi[ok], med, 1.0]))
    for yi, m, n in zip(y, med, df["n"].astype(int)):
        ax.text(top * 1.02, yi, f"n={n}" + (f"，{label('median_days', lang)} {m:g}" if n else ""), va="center", fontsize=8)
    ax.set_yticks(y, names)
    ax.set_xlabel(label("days", lang))
    ax.set_xlim(0, top * 1.2 + 1)
    ax.set_title(label("chart_stage_times", lang), loc="left")
    return ax


def forecast_chart(data: pd.DataFrame, *, ax=None, lang: str = "zh"):
    """Each district target: achieved so far, forecast median with an 80% band, and the goal.

    ``data``: :func:`yeji_analysis.forecast.forecast_targets` output, one row per target with
    ``target`` (a label), ``actual``, ``goal``, ``median`` (else ``expected``), ``low`` and ``high``:
    the dot is the median, as the report's table writes the count.
    """
    df = data.reset_index(drop=True)
    mid = "median" if "median" in df.columns else "expected"
    lo = "low" if "low" in df.columns else None
    hi = "high" if "high" in df.columns else None
    ax = _ax(ax, (7, 0.9 * len(df) + 1.2))
    y = np.arange(len(df))[::-1]
    ax.barh(y, df["actual"].astype(float), height=0.5, color="#90caf9", label=label("actual_now", lang))
    if lo and hi:
        ax.hlines(y, df[lo].astype(float), df[hi].astype(float), color="#1565c0", linewidth=3,
                  label=label("forecast_band", lang))
    ax.scatter(df[mid].astype(float), y, color="#1565c0", zorder=3, s=40, label=label("median" if mid == "median" else "forecast_expected", lang))
    ax.scatter(df["goal"].astype(float), y, marker="|", s=600, color="#d84343", zorder=4,
               label=label("target_goal", lang))
    ax.set_yticks(y, [str(t) for t in df["target"]])   # the names as shown (the caller labels them)
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_title(label("chart_forecast", lang), loc="left")
    ax.set_xlim(left=0)
    return ax


def scoreboard_chart(data: pd.DataFrame, *, ax=None, lang: str = "zh", top: int | None = None):
    """Units' dispatch scores (the window's: the axis reads 本期得分) as horizontal bars, the speakers (交流发言) and
    the lagging (表态发言) coloured. ``data``: ``unit`` and ``score``, optionally boolean ``speak``/``commit``
    (or a ``role`` column holding speak / commit)."""
    df = data.sort_values("score", ascending=False).reset_index(drop=True)
    if top:
        df = df.head(top)
    role = df["role"].astype(str) if "role" in df.columns else pd.Series(
        np.where(df.get("speak", False), "speak", np.where(df.get("commit", False), "commit", "neither")),
        index=df.index)
    colours = {"speak": "#2e7d32", "commit": "#d84343", "neither": "#90a4ae"}
    ax = _ax(ax, (8, figure_height(len(df), per_row=0.28)))
    y = np.arange(len(df))[::-1]
    ax.barh(y, df["score"].astype(float), color=[colours.get(r, "#90a4ae") for r in role], height=0.7)
    ax.set_yticks(y, df["unit"].astype(str))
    ax.set_xlabel(label("window_score", lang))   # the window's score (本期得分), as the table beside it heads it
    from matplotlib.patches import Patch  # deferred: matplotlib/IPython only when drawing or displaying
    ax.legend(handles=[Patch(color=colours[k], label=label(k, lang)) for k in ("speak", "commit", "neither")
                       if (role == k).any()], loc="lower right", frameon=False, fontsize=8)
    ax.set_title(label("chart_scoreboard", lang), loc="left")
    return ax
