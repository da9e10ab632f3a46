"""The reader: a folder of ledgers into one validated Campaign, every row accepted, merged or rejected with its reason."""

from __future__ import annotations

import difflib
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..config import load_config
from ..identities import reconcile_campaign
from ..model import Campaign, ModelError
from .cells import (STAGE_WORDS, CellError, LedgerError, cell_text, is_blank, normalize_header, normalize_text,
                    parse_amount_wan, parse_bool, parse_date, parse_event_type, parse_screening, parse_stage, split_names)
from .sheets import (IGNORED_HEADERS, STRUCT_NOTE, STRUCT_TOTAL, UNIT_LINE, Sheet, detect_ledger, fill_merged,
                     fingerprint, header_guess, ledger_files, name_hint, read_table_file, submission_date)
from .specs import LEDGERS, PRIVATE_COLUMNS, READ_ORDER, ColumnSpec

__all__ = ["load_campaign"]


class _Reader:
    def __init__(self, root: Path, config: dict):
        self.root = root
        self.cfg = config
        self.year = config["window"]["start"].year
        self.rejections: list[dict] = []
        self.warnings: list[dict] = []
        self.stats: dict[str, dict[str, int]] = {n: dict(read=0, accepted=0, duplicates=0, rejected=0, skipped=0) for n in LEDGERS}
        self.parts: dict[str, list[pd.DataFrame]] = {n: [] for n in LEDGERS}   # parsed rows, per sheet
        self.frames: dict[str, pd.DataFrame] = {}                               # per ledger, once collected
        self.headers: list[dict[str, str]] = []                                 # per sheet: column -> header as written
        self.sheets: list[Sheet] = []
        self.unrecognised: list[tuple[str, str]] = []

    # -- messages
    def warn(self, ledger: str, source: str, sheet: str, row: int | None, column: str | None, value: Any, message: str) -> None:
        self.warnings.append(dict(ledger=ledger, source=source, sheet=sheet, row=row, column=column,
                                  value="" if is_blank(value) else str(value), message=message))

    # -- discovery
    def discover(self, files: list[Path]) -> None:
        for path in files:
            for t in read_table_file(path, self.root):
                if t.hidden:
                    self.warn("", t.source, t.sheet, None, None, "", "隐藏的工作表，未读取；如其中有台账数据，请取消隐藏后重新报送")
                    continue
                rows = fill_merged(t)
                if not any(not is_blank(v) for r in rows for v in r):
                    continue
                hint = name_hint(t.sheet) or name_hint(Path(t.source).stem)
                found = detect_ledger(rows, hint)
                if found is None:
                    self.unrecognised.append((t.source, t.sheet, header_guess(rows)))
                    self.warn("", t.source, t.sheet, None, None, "", "未识别为任何台账（表头不符），已跳过整张表；如为台账请检查表头")
                    continue
                ledger, hr, cols = found
                title = rows[:hr]
                unit = None
                for cells in title:
                    for v in cells:
                        m = UNIT_LINE.search(normalize_text(v).replace(" ", ""))
                        if m:
                            unit = {"亿": "亿元", "万": "万元"}.get(m.group(1), m.group(1))
                submitted, basis = submission_date(title, t.source)
                t.rows = rows
                self.sheets.append(Sheet(ledger, t, hr, cols, unit, submitted, basis))
                spec = LEDGERS[ledger]
                present = {v[0] for v in cols.values()}
                missing = [c for c in spec.columns if c.required and c.name not in present]
                if missing:
                    where = f"{t.source}" + (f"，工作表“{t.sheet}”" if t.sheet else "")
                    raise LedgerError("；".join(
                        f"{where}（{spec.zh}，表头在第 {hr + 1} 行）缺少必需列“{c.headers[0]}”（可用表头：{'、'.join(c.headers)}）"
                        for c in missing))

    # -- parsing (column by column: each distinct raw value of a column is parsed once)
    def parse_sheet(self, s: Sheet) -> None:
        spec = LEDGERS[s.ledger]
        t = s.table
        st = self.stats[s.ledger]
        st["skipped"] += s.header_row + 1   # title rows and the header itself
        amount_cols = [c for c, v in s.columns.items() if spec.column(v[0]).kind == "amount"]
        if amount_cols and s.money_unit is None and not any(s.columns[c][2] for c in amount_cols):
            self.warn(s.ledger, t.source, t.sheet, s.header_row + 1, s.columns[amount_cols[0]][1], "",
                      "金额单位未注明（表头和“单位：”行均无），纯数字按万元读取")
        body = t.rows[s.header_row + 1:]
        if not body:
            return
        width = max(len(r) for r in body)
        data = pd.DataFrame([r + [""] * (width - len(r)) for r in body], dtype=object)
        rownum = np.arange(s.header_row + 2, s.header_row + 2 + len(data))
        # A row whose required cells are all filled with ordinary values is a data row. Only the others
        # (a required cell blank, or looking like 合计/注) can be structural: look at those closely.
        req = [j for j, v in s.columns.items() if spec.column(v[0]).nonblank] or list(s.columns)
        cand = np.zeros(len(data), bool)
        for j in req:
            txt = data[j].map(cell_text)
            cand |= (txt.eq("") | txt.str.fullmatch(STRUCT_TOTAL).fillna(False) |
                     txt.str.match(STRUCT_NOTE).fillna(False)).to_numpy(bool)
        empty, total, note, outside = (np.zeros(len(data), bool) for _ in range(4))
        for i in np.flatnonzero(cand):
            cells = [(j, v, cell_text(v)) for j, v in enumerate(body[i]) if cell_text(v)]
            if not cells:
                empty[i] = True
            elif any(STRUCT_TOTAL.fullmatch(x) for _, _, x in cells[:3]):
                total[i] = True
            elif STRUCT_NOTE.match(cells[0][2]) and len({normalize_text(v) for _, v, _ in cells}) <= 2:
                note[i] = True        # a footnote (merged across the row, it fills every cell it spans)
            elif not any(j in s.columns for j, _, _ in cells):
                outside[i] = True     # only a 序号 or cells beyond the ledger's columns
        skip = empty | total | note | outside
        st["skipped"] += int(skip.sum())
        keep = ~skip
        st["read"] += int(keep.sum())
        if not keep.any():
            return
        data = data.loc[keep].reset_index(drop=True)
        rownum = rownum[keep]
        header_cells = t.rows[s.header_row]
        for j in data.columns:
            if j in s.columns:
                continue
            head = header_cells[j] if j < len(header_cells) else ""
            if normalize_header(head)[0] in IGNORED_HEADERS:
                continue
            filled = data[j].map(cell_text).ne("")
            if filled.any():
                first = int(rownum[int(np.argmax(filled.to_numpy()))])
                what = f"表头“{normalize_text(head)}”不是{spec.zh}的列" if not is_blank(head) else "该列没有表头"
                self.warn(s.ledger, t.source, t.sheet, s.header_row + 1, normalize_text(head) or f"第 {j + 1} 列",
                          data[j][filled].iloc[0], f"{what}，其中 {int(filled.sum())} 个单元格有数据（首个在第 {first} 行），未读取；"
                          "如为台账字段，请改用 docs/ledgers.md 中的表头")
        n = len(data)
        values: dict[str, np.ndarray] = {}
        errors: dict[str, np.ndarray] = {}
        raws: dict[str, np.ndarray] = {}
        headers = {}
        for j, (name, header, hunit) in s.columns.items():
            col = spec.column(name)
            headers[name] = header
            raw = data[j].to_numpy(object)
            raws[name] = raw
            codes, uniques = pd.factorize(raw, use_na_sentinel=False)
            val_u = np.empty(len(uniques), object)
            err_u = np.empty(len(uniques), object)
            warn_u = np.empty(len(uniques), object)
            for k, u in enumerate(uniques):
                try:
                    v, w = self.parse_cell(col, u, hunit or s.money_unit)
                    if col.nonblank and (v is None or v == "" or v == []):
                        val_u[k], err_u[k], warn_u[k] = None, f"必填项“{header}”为空", None
                    else:
                        val_u[k], err_u[k], warn_u[k] = v, None, w
                except CellError as exc:
                    val_u[k], err_u[k], warn_u[k] = None, str(exc), None
            values[name], errors[name] = val_u[codes], err_u[codes]
            for i in np.flatnonzero(pd.notna(warn_u[codes])):
                self.warn(s.ledger, t.source, t.sheet, int(rownum[i]), header, raw[i], warn_u[codes][i])
        bad = np.zeros(n, bool)
        for name in values:
            bad |= pd.notna(errors[name])
        sheet_no = len(self.headers)
        self.headers.append(headers)
        for i in np.flatnonzero(bad):
            errs = [(headers[nm], raws[nm][i], errors[nm][i]) for nm in values if errors[nm][i] is not None]
            header, raw, reason = errs[0]
            more = "" if len(errs) == 1 else f"（另有 {len(errs) - 1} 处问题：" + "；".join(f"“{h}”{e}" for h, _, e in errs[1:]) + "）"
            self._reject_at(s.ledger, t.source, t.sheet, int(rownum[i]), header, raw, reason + more)
        ok = ~bad
        frame = pd.DataFrame({name: values[name][ok] for name in values})
        for name in values:
            frame[f"_raw_{name}"] = raws[name][ok]
        frame["source"], frame["sheet"], frame["row"] = t.source, t.sheet, rownum[ok]
        frame["_submitted"] = s.submitted if s.submitted is not None else pd.NaT
        frame["_sheet_no"] = sheet_no
        self.parts[s.ledger].append(frame)

    def parse_cell(self, col: ColumnSpec, raw: Any, money_unit: str | None) -> tuple[Any, str | None]:
        """(value, warning) for one cell; raises CellError with the reason when it cannot be read."""
        kind = col.kind
        if kind == "date":
            return parse_date(raw, year=self.year)
        if kind == "amount":
            return parse_amount_wan(raw, money_unit), None
        if kind == "stage":
            return parse_stage(raw), None
        if kind == "screening":
            return parse_screening(raw), None
        if kind == "names":
            return split_names(raw), None
        if kind == "event_type":
            return parse_event_type(raw), None
        if kind == "head":
            # 是/否, or the units (or heads) that led: resolved once the units are known
            if is_blank(raw):
                return False, None
            try:
                return parse_bool(raw), None
            except CellError:
                return split_names(raw), None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if kind == "id":
            return re.sub(r"\s+", "", normalize_text(raw)), None
        return ("" if is_blank(raw) else str(raw).replace("\u3000", " ").strip()), None

    def _reject_at(self, ledger: str, source: str, sheet: str, row: int, column: str | None, value: Any, reason: str) -> None:
        self.rejections.append(dict(ledger=ledger, source=source, sheet=sheet, row=row, column=column,
                                    value="" if is_blank(value) else str(value), reason=reason))
        self.stats[ledger]["rejected"] += 1

    def _header(self, rec: Any, name: str) -> str:
        return self.headers[int(rec["_sheet_no"])].get(name, name)

    def _raw(self, rec: Any, name: str) -> Any:
        return rec.get(f"_raw_{name}") if hasattr(rec, "get") else None

    # -- references, duplicates, doubts
    def collect(self) -> None:
        """The parsed rows of each ledger as one frame, in reading order."""
        for ledger, parts in self.parts.items():
            if parts:
                df = pd.concat(parts, ignore_index=True)
            else:
                df = pd.DataFrame(columns=["source", "sheet", "row", "_submitted", "_sheet_no"])
            df["_order"] = np.arange(len(df))
            self.frames[ledger] = df

    def resolve(self) -> None:
        self.collect()
        groups = set(self.frames["groups"]["group"]) if "group" in self.frames["groups"] else set()
        self._check_refs("units", "group", groups, "招商小组")
        self.frames["units"] = self._dedupe("units")
        units = self.frames["units"]
        known_units = set(units["unit"]) if "unit" in units else set()
        self._check_refs("groups", "lead_unit", known_units, "责任单位")
        self.frames["groups"] = self._dedupe("groups")
        self._check_refs("contestants", "group", groups, "招商小组")
        for ledger, col in [("leads", "unit"), ("receptions", "unit"), ("trips", "units")]:
            self._check_refs(ledger, col, known_units, "责任单位")
        heads = {normalize_text(h): u for u, h in zip(units.get("unit", []), units.get("head", [])) if h}
        self._resolve_heads(heads)
        for ledger in ["consultants", "leads", "trips", "receptions", "events", "contestants"]:
            self.frames[ledger] = self._dedupe(ledger)
        self._doubts()

    def _drop(self, ledger: str, mask: np.ndarray) -> None:
        if mask.any():
            self.frames[ledger] = self.frames[ledger].loc[~mask].reset_index(drop=True)

    def _check_refs(self, ledger: str, col: str, known: set[str], what: str) -> None:
        df = self.frames[ledger]
        if col not in df or not known or df.empty:
            return
        if df[col].map(type).eq(list).any():    # a list of names: the first unknown one of each row
            names_ = df[col].explode()
            unknown = names_[names_.notna() & ~names_.isin(known)]
            first_bad = unknown[~unknown.index.duplicated()].reindex(df.index)
        else:
            first_bad = df[col].where(df[col].astype(bool) & ~df[col].isin(known))
        mask = first_bad.notna().to_numpy()
        names = sorted(known)
        for i in np.flatnonzero(mask):
            rec = df.iloc[i]
            v = first_bad.iat[i]
            near = difflib.get_close_matches(v, names, n=1, cutoff=0.5)
            hint = f"，是否为“{near[0]}”？" if near else ""
            self._reject_at(ledger, rec["source"], rec["sheet"], int(rec["row"]), self._header(rec, col),
                            rec.get(f"_raw_{col}", v), f"未知的{what}“{v}”{hint}")
        self._drop(ledger, mask)

    def _resolve_heads(self, heads: dict[str, str]) -> None:
        df = self.frames["trips"]
        if df.empty:
            df["head_units"] = pd.Series(dtype=object)
            return
        if "head_led" not in df:
            df["head_led"] = False
        head_units, head_led, bad = [], [], np.zeros(len(df), bool)
        for i, (units, hv) in enumerate(zip(df["units"], df["head_led"])):
            if isinstance(hv, list):
                named = []
                for x in hv:
                    unit = x if x in units else heads.get(x)
                    if unit is None or unit not in units:
                        rec = df.iloc[i]
                        self._reject_at("trips", rec["source"], rec["sheet"], int(rec["row"]), self._header(rec, "head_led"),
                                        rec.get("_raw_head_led"),
                                        f"“主要负责人带队”应为 是/否，或写明带队的参与单位/负责人；“{x}”不是本次外出的参与单位或其负责人")
                        bad[i] = True
                        break
                    named.append(unit)
                head_units.append(named)
                head_led.append(bool(named))
            else:
                head_units.append(list(units) if hv else [])
                head_led.append(bool(hv))
        df["head_units"], df["head_led"] = head_units, head_led
        self.frames["trips"] = df
        self._drop("trips", bad)

    def _dedupe(self, ledger: str) -> pd.DataFrame:
        """Keep one record per key: an equal one is a duplicate; a differing one is a correction and the
        later submission wins (see ``docs/ledgers.md``, "Resubmissions")."""
        df = self.frames[ledger]
        keys = list(LEDGERS[ledger].key)
        if df.empty or not all(k in df for k in keys):
            return df
        kf = pd.DataFrame({k: (df[k].map(lambda v: tuple(sorted(v)) if isinstance(v, list) else v)
                               if df[k].dtype == object and df[k].map(type).eq(list).any() else df[k]) for k in keys})
        dup = kf.duplicated(keep=False).to_numpy()
        if not dup.any():
            return df
        key = pd.Series(list(zip(*[kf[k][dup] for k in keys])), index=df.index[dup])
        fields = [c.name for c in LEDGERS[ledger].columns if c.name in df]
        sub = df.loc[dup].assign(_key=key, _has=df.loc[dup, "_submitted"].notna())
        sub = sub.sort_values(["_has", "_submitted", "source", "sheet", "row"], kind="stable", na_position="first")
        drop: list[int] = []
        for k, grp in sub.groupby("_key", sort=False):
            recs = list(grp.iterrows())
            idx, prev = recs[0]
            for jdx, rec in recs[1:]:
                self.stats[ledger]["duplicates"] += 1
                diffs = [f for f in fields if not _same(prev.get(f), rec.get(f))]
                if diffs:
                    # contacts' names and phones never go into a message: it reaches shared reports
                    changes = "；".join(f"“{self._header(rec, f)}”已更正" if f in PRIVATE_COLUMNS else
                                       f"“{self._header(rec, f)}”由“{_show(prev.get(f))}”改为“{_show(rec.get(f))}”" for f in diffs)
                    self.warn(ledger, rec["source"], rec["sheet"], int(rec["row"]), self._header(rec, diffs[0]),
                              "" if diffs[0] in PRIVATE_COLUMNS else _show(rec.get(diffs[0])),
                              f"更正：同一记录（{'、'.join(_show(x) for x in k)}）另见 {prev['source']} {prev['sheet']} 第 {prev['row']} 行；"
                              f"采用较晚报送的版本（{_submitted_text(rec)}，旧版本 {_submitted_text(prev)}）：{changes}")
                drop.append(idx)
                idx, prev = jdx, rec
        return df.drop(index=drop).reset_index(drop=True)

    def _doubts(self) -> None:
        w = self.cfg["window"]
        lo, hi = pd.Timestamp(w["start"]), pd.Timestamp(w["end"])
        year_before = lo - pd.Timedelta(days=366)

        def flag(ledger: str, df: pd.DataFrame, mask: Any, col: str, message: Any) -> None:
            for i in np.flatnonzero(np.asarray(mask, bool)):
                rec = df.iloc[i]
                v = rec.get(col)
                self.warn(ledger, rec["source"], rec["sheet"], int(rec["row"]), self._header(rec, col),
                          v.date() if isinstance(v, pd.Timestamp) else v, message(rec) if callable(message) else message)

        # stage dates may lie before the window (a lead found earlier); flag only those after it
        for ledger, cols in [("leads", ["reported_on", "intention_on", "signed_on", "started_on", "producing_on"]), ("trips", ["start_on"]),
                             ("receptions", ["received_on"]), ("events", ["held_on"])]:
            df = self.frames[ledger]
            for c in cols:
                if c not in df or df.empty:
                    continue
                d = pd.to_datetime(df[c])
                mask = (d > hi) | (d < year_before) | ((d < lo) if ledger != "leads" else False)
                flag(ledger, df, mask.fillna(False).to_numpy(bool), c, f"日期不在活动期内（{lo.date()} 至 {hi.date()}）")
        df = self.frames["leads"]
        order = [c for c in ["reported_on", "intention_on", "signed_on", "started_on", "producing_on"] if c in df]
        if not df.empty and len(order) > 1:
            dates = pd.DataFrame({c: pd.to_datetime(df[c]) for c in order})
            before = dates.ffill(axis=1).shift(axis=1)
            for c in order[1:]:
                mask = (dates[c] < before[c]).fillna(False).to_numpy(bool)

                def msg(rec, c=c):
                    prev = [p for p in order[:order.index(c)] if pd.notna(rec.get(p))][-1]
                    return f"阶段日期早于前一阶段（{self._header(rec, prev)} {rec.get(prev).date()}）"
                flag("leads", df, mask, c, msg)
        if not df.empty and "stage" in df:
            need = {"intention": "intention_on", "signed": "signed_on", "started": "started_on"}
            word = {"intention": "意向", "signed": "签约", "started": "开工"}
            for st_, col in need.items():
                mask = df["stage"].eq(st_).to_numpy(bool) & (pd.to_datetime(df[col]).isna().to_numpy() if col in df else True)
                flag("leads", df, mask, "stage",
                     lambda rec, st_=st_: f"阶段为“{rec.get('_raw_stage')}”但未填{word[st_]}日期；按所填阶段计，该阶段不计入按日期统计的数据")
        df = self.frames["trips"]
        if not df.empty and "end_on" in df:
            mask = (pd.to_datetime(df["end_on"]) < pd.to_datetime(df["start_on"])).fillna(False).to_numpy(bool)
            flag("trips", df, mask, "end_on", "返回日期早于出发日期")
        df = self.frames["receptions"]
        if not df.empty and "lead_id" in df:
            ids = set(self.frames["leads"].get("lead_id", []))
            mask = (df["lead_id"].astype(bool) & ~df["lead_id"].isin(ids)).to_numpy(bool)
            flag("receptions", df, mask, "lead_id", "线索编号在项目线索台账中不存在")

    def frame(self, ledger: str) -> pd.DataFrame:
        df = self.frames[ledger]
        self.stats[ledger]["accepted"] = len(df)
        if df.empty:
            return pd.DataFrame(columns=[c.name for c in LEDGERS[ledger].columns] + ["source", "sheet", "row"])
        cols = [c.name for c in LEDGERS[ledger].columns if c.name in df] + ["source", "sheet", "row"]
        if ledger == "trips" and "head_units" in df:
            cols.append("head_units")
        df = df[cols].copy()
        for c in cols:
            if c.endswith("_on"):
                df[c] = pd.to_datetime(df[c])
        if ledger == "trips" and len(df):
            df = df.sort_values(["start_on", "source", "sheet", "row"], kind="stable").reset_index(drop=True)
            df.insert(0, "trip_id", [f"T{i + 1:04d}" for i in range(len(df))])
        if ledger == "receptions" and len(df):
            df = df.sort_values(["received_on", "source", "sheet", "row"], kind="stable").reset_index(drop=True)
            df.insert(0, "reception_id", [f"R{i + 1:04d}" for i in range(len(df))])
        return df


def _submitted_text(rec: Any) -> str:
    sub = rec["_submitted"]
    return f"{rec['source']} 报送于 {sub.date()}" if pd.notna(sub) else f"{rec['source']} 未注明报送日期"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return list(a or []) == list(b or [])
    a_na = a is None or a is pd.NaT or (isinstance(a, float) and math.isnan(a)) or a == ""
    b_na = b is None or b is pd.NaT or (isinstance(b, float) and math.isnan(b)) or b == ""
    if a_na or b_na:
        return a_na and b_na
    return a == b


def _show(v: Any) -> str:
    if isinstance(v, str) and v in STAGE_WORDS:
        return STAGE_WORDS[v][0]
    if isinstance(v, bool):
        return "是" if v else "否"
    if v is None:
        return "（空）"
    if isinstance(v, pd.Timestamp):
        return str(v.date())
    if isinstance(v, (list, tuple)):
        return "、".join(map(str, v))
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def load_campaign(path: str | Path, config: dict | str | Path | None = None) -> Campaign:
    """Read a folder of ledgers (.xlsx, .csv) into a validated :class:`Campaign`.

    Each sheet is recognised by its header row (with its sheet or file name as a tie-break), rows are
    parsed cell by cell, and a row that cannot be read is rejected with its file, sheet, row, column,
    raw value and a reason in Chinese; nothing is dropped silently. For every ledger,
    read = accepted + duplicates + rejected, and structural rows (titles, header, blank, 合计, 注) are
    counted as skipped (``campaign.stats``). Raises :class:`LedgerError` when a required ledger
    (units, groups, leads, trips, receptions) or a required column is missing.
    """
    root = Path(path)
    if not root.is_dir():
        raise LedgerError(f"数据文件夹不存在 / data folder not found: {root}")
    cfg = config if isinstance(config, dict) else load_config(config)
    files = ledger_files(root)
    if not files:
        raise LedgerError(f"{root}: 没有找到 .xlsx 或 .csv 台账文件")
    reader = _Reader(root, cfg)
    reader.discover(files)
    found = {s.ledger for s in reader.sheets}
    missing = [s for s in LEDGERS.values() if s.required and s.name not in found]
    if missing:
        skipped = "".join(f"；未识别的工作表：{src}" + (f"“{sh}”" if sh else "") + (f"（前几行：{hd}）" if hd else "")
                          for src, sh, hd in reader.unrecognised)
        raise LedgerError(f"{root}: 缺少必需的台账：" + "、".join(f"{s.zh}（{s.name}）" for s in missing)
                          + "。按工作表名、文件名或表头识别台账，见 docs/ledgers.md" + skipped)
    by_ledger = sorted(reader.sheets, key=lambda s: READ_ORDER.index(s.ledger))
    for s in by_ledger:
        reader.parse_sheet(s)
    reader.resolve()
    frames = {n: reader.frame(n) for n in LEDGERS}
    stats = pd.DataFrame(reader.stats).T[["read", "accepted", "duplicates", "rejected", "skipped"]]
    rej = pd.DataFrame(reader.rejections, columns=["ledger", "source", "sheet", "row", "column", "value", "reason"])
    wrn = pd.DataFrame(reader.warnings, columns=["ledger", "source", "sheet", "row", "column", "value", "message"])
    for df in (rej, wrn):
        df["row"] = pd.array(df["row"], dtype="Int64")
    file_table, fp = fingerprint(root, files)
    sheets = pd.DataFrame([{"source": s.table.source, "sheet": s.table.sheet, "ledger": s.ledger, "header_row": s.header_row + 1,
                            "submitted": s.submitted, "submitted_basis": s.submitted_basis} for s in reader.sheets])
    try:
        return reconcile_campaign(Campaign.from_frames(config=cfg, stats=stats, files=file_table, fingerprint=fp, data_dir=str(root),
                                    rejections=rej, warnings=wrn, sheets=sheets, **frames))
    except ModelError as exc:
        raise LedgerError(f"{root}: {exc}") from None
