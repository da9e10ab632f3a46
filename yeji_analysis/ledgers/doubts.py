"""Doubtful values of a read (kept, each with a warning): a date outside the campaign window, a stage date before the
previous stage's, a stage without its date, a return before the departure, a reception naming an unknown lead."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["warn_doubts"]


def warn_doubts(r: Any) -> None:
    """Warn every doubtful value of the reader ``r``'s resolved frames (``ledgers.reader._Reader``: its ``frames``,
    ``cfg``, ``warn`` and ``_header``), each as a warned cell of the corrections workbook."""
    w = r.cfg["window"]
    lo, hi = pd.Timestamp(w["start"]), pd.Timestamp(w["end"])
    year_before = lo - pd.Timedelta(days=366)

    def flag(ledger: str, df: pd.DataFrame, mask: Any, col: str, message: Any) -> None:
        for i in np.flatnonzero(np.asarray(mask, bool)):
            rec = df.iloc[i]
            v = rec.get(col)
            r.warn(ledger, rec["source"], rec["sheet"], int(rec["row"]), r._header(rec, col),
                   v.date() if isinstance(v, pd.Timestamp) else v, message(rec) if callable(message) else message,
                   raw=rec.get(f"_raw_{col}"), cell=True)

    # stage dates may lie before the window (a lead found earlier); flag only those after it
    for ledger, cols in [("leads", ["reported_on", "intention_on", "signed_on", "started_on", "producing_on"]), ("trips", ["start_on"]),
                         ("receptions", ["received_on"]), ("events", ["held_on"])]:
        df = r.frames[ledger]
        for c in cols:
            if c not in df or df.empty:
                continue
            d = pd.to_datetime(df[c])
            mask = (d > hi) | (d < year_before) | ((d < lo) if ledger != "leads" else False)
            flag(ledger, df, mask.fillna(False).to_numpy(bool), c, f"日期不在活动期内（{lo.date()} 至 {hi.date()}）")
    df = r.frames["leads"]
    order = [c for c in ["reported_on", "intention_on", "signed_on", "started_on", "producing_on"] if c in df]
    if not df.empty and len(order) > 1:
        dates = pd.DataFrame({c: pd.to_datetime(df[c]) for c in order})
        before = dates.ffill(axis=1).shift(axis=1)
        for c in order[1:]:
            mask = (dates[c] < before[c]).fillna(False).to_numpy(bool)

            def msg(rec, c=c):
                prev = [p for p in order[:order.index(c)] if pd.notna(rec.get(p))][-1]
                return f"阶段日期早于前一阶段（{r._header(rec, prev)} {rec.get(prev).date()}）"
            flag("leads", df, mask, c, msg)
    if not df.empty and "stage" in df:
        need = {"intention": "intention_on", "signed": "signed_on", "started": "started_on"}
        word = {"intention": "意向", "signed": "签约", "started": "开工"}
        for st_, col in need.items():
            mask = df["stage"].eq(st_).to_numpy(bool) & (pd.to_datetime(df[col]).isna().to_numpy() if col in df else True)
            flag("leads", df, mask, "stage",
                 lambda rec, st_=st_: f"阶段为“{rec.get('_raw_stage')}”但未填{word[st_]}日期；按所填阶段计，该阶段不计入按日期统计的数据")
    df = r.frames["trips"]
    if not df.empty and "end_on" in df:
        mask = (pd.to_datetime(df["end_on"]) < pd.to_datetime(df["start_on"])).fillna(False).to_numpy(bool)
        flag("trips", df, mask, "end_on", "返回日期早于出发日期")
    df = r.frames["receptions"]
    if not df.empty and "lead_id" in df:
        ids = r.frames["leads"]["lead_id"] if "lead_id" in r.frames["leads"] else []
        # a reception names a lead only where its cell holds an id: a sheet without the 线索编号 column leaves
        # its rows missing (NaN) once the sheets are joined, and NaN is true as a bool
        given = df["lead_id"].fillna("").astype(str).ne("")
        mask = (given & ~df["lead_id"].isin(ids)).to_numpy(bool)
        flag("receptions", df, mask, "lead_id", "线索编号在项目线索台账中不存在")
