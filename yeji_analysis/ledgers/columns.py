"""A ledger column's distinct cells read at once: each distinct raw value parsed once, with its error or warning."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pandas as pd

from .cells import CellError, id_values, no_ids, split_names_of, text_values
from .specs import ColumnSpec

__all__ = ["distinct_values"]


def distinct_values(col: ColumnSpec, uniques: np.ndarray, strings: bool, header: str,
                    parse: Callable[[Any], tuple[Any, str | None]]) -> tuple[np.ndarray, ...]:
    """(values, errors, warnings, unreadable, warned) of a column's distinct raw values ``uniques`` (``strings``: all of
    them known to be strings), one entry each; ``parse`` reads one value, (value, warning), or raises CellError.

    A text, id or names column of strings is read column-wise (:func:`~yeji_analysis.ledgers.cells.text_values` and
    its kin); any other through ``parse``. A required cell read as empty is unreadable ("必填项为空"); an optional
    cell that cannot be read is left unknown with a warning. An id written 无, / or 待定
    (:func:`~yeji_analysis.ledgers.cells.no_id`) is no id: blank. Dates come as datetime64.
    """
    n_u = len(uniques)
    written = uniques
    val_u = np.empty(n_u, object)
    err_u = np.empty(n_u, object)
    warn_u = np.empty(n_u, object)
    erred = np.zeros(n_u, bool)    # per distinct value (then per cell through the codes): unreadable, warned
    warned = np.zeros(n_u, bool)
    if col.kind in ("text", "id", "names") and not strings:
        strings = pd.api.types.infer_dtype(uniques, skipna=False) == "string"
    if col.kind in ("text", "id") and strings:
        # a column of text cells (a CSV's always): read without parse_cell's dispatch per distinct value
        val_u[:] = text_values(uniques) if col.kind == "text" else id_values(uniques)
        if col.nonblank:
            erred = val_u == ""
            val_u[erred], err_u[erred] = None, f"必填项“{header}”为空"
        uniques = ()
    elif col.kind == "names" and strings:   # 拜访企业: most cells name one company
        val_u[:] = split_names_of(uniques)
        if col.nonblank:
            erred = np.fromiter(map(len, val_u), dtype=np.int64, count=n_u) == 0
            val_u[erred], err_u[erred] = None, f"必填项“{header}”为空"
        uniques = ()
    for k, u in enumerate(uniques):
        try:
            v, w = parse(u)
            if col.nonblank and (v is None or v == "" or v == []):
                val_u[k], err_u[k], warn_u[k] = None, f"必填项“{header}”为空", None
                erred[k] = True
            else:
                val_u[k], err_u[k], warn_u[k] = v, None, w
                if w is not None:
                    warned[k] = True
        except CellError as exc:
            val_u[k], err_u[k], warn_u[k] = None, str(exc), None
            erred[k] = True
    if col.kind == "id" and (none := no_ids(val_u) & ~erred).any():   # 无, /, 待定: no id, as a blank cell is
        if col.nonblank:
            err_u[none] = [f"必填项“{header}”为空（写作“{str(v).strip()}”，不是编号）" for v in np.asarray(written, dtype=object)[none]]
            val_u[none], warn_u[none], warned[none] = None, None, False
            erred = erred | none
        else:
            val_u[none] = ""
    if not col.nonblank and erred.any():
        # an optional cell never sinks its row: the field is left unknown, with a warning
        warn_u = np.where(erred, np.array([f"{e}；该项按未填处理，记录照常接收" if e is not None else None
                                           for e in err_u], dtype=object), warn_u)
        warned = warned | erred
        err_u = np.full(n_u, None, dtype=object)
        erred = np.zeros(n_u, bool)
    if col.kind == "date":   # as datetime64 once per distinct value, not per cell later
        val_u = pd.to_datetime(pd.Series(val_u, dtype=object)).to_numpy()
    return val_u, err_u, warn_u, erred, warned
