"""The reader: a folder of ledgers into one validated Campaign, every row accepted, merged or rejected with its reason."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

from ..config import load_config
from ..handoff import reading_key
from ..identities import reconcile_campaign
from ..model import Campaign, ModelError
from ..runtime import gc_paused
from .cells import (CellError, LedgerError, NameIndex, cell_text, cell_texts_of, factorize_cells, id_value, is_blank,
                    name_key, normalize_header, normalize_text, parse_amount, parse_bool, parse_date, parse_event_type,
                    parse_screening, parse_stage, same_value, show_change, show_value, split_names, text_value)
from .corrections import (CORRECTION_COLUMNS, correction_header_row, load_corrections_file, raw_text, read_corrections,
                          same_raw)
from .sheets import (DROPDOWN_SHEET, IGNORED_HEADERS, STRUCT_LABEL, STRUCT_NOTE, STRUCT_TOTAL, UNIT_LINE, Sheet,
                     cell_texts, detect_ledger, fill_merged, fingerprint, folder_files, header_guess, name_hint, read_table_file,
                     structural_looking, submission_date, unread_reason)
from .columns import distinct_values
from .doubts import warn_doubts
from .specs import LEDGERS, PRIVATE_COLUMNS, READ_ORDER, ColumnSpec
from .versions import corrected_in_place, lineage, moved_ids, renumbered_leads, shared_lead_ids, shared_lead_refs, submission_rank, superseded_message

__all__ = ["load_campaign", "check_folder", "campaign_reading"]


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
        self.unread: list[dict] = []             # files and sheets not read, with the reason
        self.issues: list[dict] = []             # every rejected or warned data cell (the corrections workbook's rows)
        self.given: list[dict] = []              # corrections given (更正值 filled), from the folder or --corrections
        self.correction_files: list[Path] = []   # corrections workbooks found in the folder (not ledgers)
        self.applied: list[dict] = []            # what became of each correction given

    # -- messages
    def warn(self, ledger: str, source: str, sheet: str, row: int | None, column: str | None, value: Any, message: str,
             raw: Any = None, cell: bool = False) -> None:
        """A warning; ``cell=True`` when it is about one data cell (``raw`` its raw value), which then gets a row in
        the corrections workbook."""
        self.warnings.append(dict(ledger=ledger, source=source, sheet=sheet, row=row, column=column,
                                  value="" if is_blank(value) else str(value), message=message))
        if cell:
            self.issues.append(dict(source=source, sheet=sheet, row=row, column=column, raw=raw_text(raw), reason=message,
                                    kind="警告"))

    # -- discovery
    def discover(self, files: list[Path]) -> None:
        for path in files:
            reason = unread_reason(path)
            if reason is not None:
                self.unread.append(dict(source=str(path.relative_to(self.root)), sheet="", reason=reason))
                continue
            try:
                tables = read_table_file(path, self.root)
            except LedgerError as exc:
                if path.suffix.lower() in (".csv", ".parquet"):
                    raise
                # a workbook that cannot be opened (corrupt, password-protected, an HTML page named .xls):
                # listed and warned, so one broken attachment does not stop the whole folder
                rel = str(path.relative_to(self.root))
                why = str(exc).split(": ", 1)[-1]
                self.unread.append(dict(source=rel, sheet="", reason=f"未读取：{why}；请用 Excel 或 WPS 打开后另存为 .xlsx"))
                self.warn("", rel, "", None, None, "", f"{why}，未读取；请用 Excel 或 WPS 打开后另存为 .xlsx 再报送")
                continue
            if any(correction_header_row(t.rows) is not None for t in tables if not t.hidden):
                # a corrections workbook (更正表) placed in the folder: applied, not read as a ledger
                self.correction_files.append(path)
                for t in tables:
                    hr = correction_header_row(t.rows)
                    if hr is not None and not t.hidden:
                        self.given += read_corrections(t, hr, t.source)
                continue
            for t in tables:
                rows = fill_merged(t)
                if not any(not is_blank(v) for r in rows for v in r):
                    continue
                hint = name_hint(t.sheet) or name_hint(Path(t.source).stem)
                found = detect_ledger(rows, hint)
                if t.hidden:   # not read: a drop-down list (数据验证) is skipped quietly, anything else is warned too
                    if found is None or DROPDOWN_SHEET.search(t.sheet):
                        self.unread.append(dict(source=t.source, sheet=t.sheet, reason="隐藏的下拉选项表，已跳过"))
                    else:
                        zh = LEDGERS[found[0]].zh
                        self.unread.append(dict(source=t.source, sheet=t.sheet, reason=f"隐藏的工作表（像是{zh}），未读取"))
                        self.warn("", t.source, t.sheet, None, None, "", f"隐藏的工作表（像是{zh}），未读取；如其中有台账数据，请取消隐藏后重新报送")
                    continue
                if found is None:
                    self.unrecognised.append((t.source, t.sheet, header_guess(rows)))
                    self.unread.append(dict(source=t.source, sheet=t.sheet, reason="未识别为任何台账（表头不符），已跳过"))
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

    # -- corrections: each 更正值 replaces its cell's raw value before parsing (in memory; the ledgers are not written)
    def apply_corrections(self) -> None:
        by_sheet = {(s.table.source, s.table.sheet): s for s in self.sheets}
        by_file: dict[str, list[str]] = {}
        for s in self.sheets:
            by_file.setdefault(s.table.source, []).append(s.table.sheet)
        for c in self.given:
            out = dict(file=c["file"], sheet=c["sheet"], row=c["row"], column=c["column"], raw=c["raw"],
                       value=raw_text(c["value"]), applied=False, why=c["why"], workbook=c["workbook"])
            s = by_sheet.get((c["file"], c["sheet"]))
            if s is None and c["file"] in by_file and len(by_file[c["file"]]) == 1 and not c["sheet"]:
                s = by_sheet[(c["file"], by_file[c["file"]][0])]
            j = None
            if s is not None:
                want = normalize_header(c["column"])[0]
                j = next((j for j, v in s.columns.items() if normalize_header(v[1])[0] == want), None)
            r = c["row"]
            if s is None:
                out["reason"] = f"找不到文件“{c['file']}”" + (f"的工作表“{c['sheet']}”" if c["sheet"] else "") + "（或它不是台账）"
            elif j is None:
                out["reason"] = f"该工作表没有台账列“{c['column']}”"
            elif r is None or r <= s.header_row + 1 or r > len(s.table.rows):
                out["reason"] = f"第 {r} 行不是该表的数据行"
            else:
                cells = s.table.rows[r - 1]
                cur = cells[j] if j < len(cells) else None
                if not same_raw(cur, c["raw"]):
                    out["reason"] = f"单元格现为“{raw_text(cur)}”，不是更正表中的原值“{c['raw']}”（台账已改动），未应用"
                else:
                    if j >= len(cells):
                        cells.extend([""] * (j + 1 - len(cells)))
                    cells[j] = c["value"]
                    out["applied"], out["reason"] = True, "已应用：以更正值替换原值后读取"
            self.applied.append(out)
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
        width = max(map(len, body))
        if min(map(len, body)) < width:   # rows are of one width after fill_merged; a correction may have widened one
            body = [r + [""] * (width - len(r)) for r in body]
        data = pd.DataFrame(body, dtype=object)
        rownum = np.arange(s.header_row + 2, s.header_row + 2 + len(data))
        # A row whose required cells are all filled with ordinary values is a data row. Only the others
        # (a required cell blank, or looking like 合计/注) can be structural: look at those closely.
        req = [j for j, v in s.columns.items() if spec.column(v[0]).nonblank] or list(s.columns)
        cand = np.zeros(len(data), bool)
        txts = {}
        # a required column is factorized once: the same codes parse it below; a column of text cells (a CSV's
        # always) has its texts and looks worked out per distinct value here too (a text never equals a number, so
        # no value stands for another)
        once: dict[int, tuple[np.ndarray, np.ndarray, bool]] = {}
        for j in req:
            raw = data[j].to_numpy(object)
            codes, uniques, strings = once[j] = factorize_cells(raw)
            if strings:
                txt_u = cell_texts_of(uniques)
                txts[j] = txt_u[codes]
                cand |= structural_looking(txt_u)[codes]
            else:
                txts[j] = cell_texts(raw)
                cand |= structural_looking(txts[j])
        if len(req) > 1:   # one value in every required cell: a label merged across the row
            same = np.ones(len(data), bool)
            for j in req[1:]:
                same &= txts[j] == txts[req[0]]
            cand |= same
        # rows (0-based, in the sheet) inside a merged range spanning two or more columns
        across = {r for r0, c0, r1, c1 in t.merged if c1 > c0 for r in range(r0, r1 + 1)}
        empty, total, note, outside, label = (np.zeros(len(data), bool) for _ in range(5))
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
            elif len({x for _, _, x in cells}) == 1 and isinstance(cells[0][1], str) and (
                    s.header_row + 1 + i in across or (len(cells) == 1 and STRUCT_LABEL.search(cells[0][2]))):
                label[i] = True       # a section label (补报线索, 二、8月新增): merged across the row, or alone and worded so
        skip = empty | total | note | outside | label
        st["skipped"] += int(skip.sum())
        keep = ~skip
        st["read"] += int(keep.sum())
        if not keep.any():
            return
        if not keep.all():
            data = data.loc[keep].reset_index(drop=True)
            once = {j: (codes[keep], uniques, strings) for j, (codes, uniques, strings) in once.items()}
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
        bad = np.zeros(n, bool)   # rows with an unreadable required cell
        for j, (name, header, hunit) in s.columns.items():
            col = spec.column(name)
            headers[name] = header
            raw = data[j].to_numpy(object)
            raws[name] = raw
            codes, uniques, strings = once[j] if j in once else factorize_cells(raw)
            unit = hunit or s.money_unit
            val_u, err_u, warn_u, erred, warned = distinct_values(col, uniques, strings, header,
                                                                  lambda u: self.parse_cell(col, u, unit))
            values[name], errors[name] = val_u[codes], err_u[codes]
            if erred.any():
                bad |= erred[codes]
            if warned.any():
                for i in np.flatnonzero(warned[codes]):
                    self.warn(s.ledger, t.source, t.sheet, int(rownum[i]), header, raw[i], warn_u[codes[i]], raw=raw[i],
                              cell=True)
        sheet_no = len(self.headers)
        self.headers.append(headers)
        for i in np.flatnonzero(bad):
            errs = [(headers[nm], raws[nm][i], errors[nm][i]) for nm in values if errors[nm][i] is not None]
            header, raw, reason = errs[0]
            more = "" if len(errs) == 1 else f"（另有 {len(errs) - 1} 处问题：" + "；".join(f"“{h}”{e}" for h, _, e in errs[1:]) + "）"
            self._reject_at(s.ledger, t.source, t.sheet, int(rownum[i]), header, raw, reason + more)
            for h, r_, e in errs[1:]:   # the row's other unreadable cells, each its own row in the corrections workbook
                self.issues.append(dict(source=t.source, sheet=t.sheet, row=int(rownum[i]), column=h, raw=raw_text(r_),
                                        reason=e, kind="拒收"))
        ok = ~bad
        m = int(ok.sum())
        # cells stay Python objects here (inferring a dtype per column is left to the model, which sets each): one
        # object block, then the typed columns (dates, row numbers) in their places
        frame = pd.DataFrame({**{name: values[name][ok] for name in values if values[name].dtype == object},
                              **{f"_raw_{name}": raws[name][ok] for name in values},
                              "source": np.full(m, t.source, dtype=object), "sheet": np.full(m, t.sheet, dtype=object)},
                             dtype=object)
        for loc, name in enumerate(values):
            if values[name].dtype != object:
                frame.insert(loc, name, values[name][ok])
        frame["row"] = rownum[ok]
        frame["_submitted"] = pd.Series([s.submitted if s.submitted is not None else pd.NaT] * m, dtype="datetime64[ns]")
        frame["_sheet_no"] = np.full(m, sheet_no)
        self.parts[s.ledger].append(frame)

    def parse_cell(self, col: ColumnSpec, raw: Any, money_unit: str | None) -> tuple[Any, str | None]:
        """(value, warning) for one cell; raises CellError with the reason when it cannot be read."""
        kind = col.kind
        if kind == "date":
            return parse_date(raw, year=self.year)
        if kind == "amount":
            return parse_amount(raw, money_unit)
        if kind == "stage":
            return parse_stage(raw), None
        if kind == "screening":
            return parse_screening(raw), None
        if kind == "names":
            return split_names(raw), None
        if kind == "units":   # split once the units are known (a unit's name may hold 和 or a space)
            return ("" if is_blank(raw) else normalize_text(raw)), None
        if kind == "event_type":
            return parse_event_type(raw), None
        if kind == "head":
            # 是/否, or the units (or heads) that led: resolved once the units are known
            if is_blank(raw):
                return False, None
            try:
                return parse_bool(raw), None
            except CellError:
                return normalize_text(raw), None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if kind == "id":
            return ("" if is_blank(raw) else id_value(str(raw))), None
        return ("" if is_blank(raw) else text_value(str(raw))), None

    def _reject_at(self, ledger: str, source: str, sheet: str, row: int, column: str | None, value: Any, reason: str) -> None:
        self.rejections.append(dict(ledger=ledger, source=source, sheet=sheet, row=row, column=column,
                                    value="" if is_blank(value) else str(value), reason=reason))
        self.issues.append(dict(source=source, sheet=sheet, row=row, column=column, raw=raw_text(value), reason=reason,
                                kind="拒收"))
        self.stats[ledger]["rejected"] += 1

    def _header(self, rec: Any, name: str, *also: Any, ledger: str = "") -> str:   # as rec's sheet, else also's, else the spec
        got = next((h for r in (rec, *also) if (h := self.headers[int(r["_sheet_no"])].get(name))), None)
        return got or (LEDGERS[ledger].column(name).headers[0] if ledger else name)

    def _raw(self, rec: Any, name: str) -> Any:
        return rec.get(f"_raw_{name}") if hasattr(rec, "get") else None

    # -- references, duplicates, doubts
    def collect(self) -> None:
        """The parsed rows of each ledger as one frame, in reading order."""
        for ledger, parts in self.parts.items():
            df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["source", "sheet", "row", "_submitted", "_sheet_no"])
            df["_order"] = np.arange(len(df))
            self.frames[ledger] = df

    def resolve(self) -> None:
        self.collect()
        groups = NameIndex(self.frames["groups"]["group"] if "group" in self.frames["groups"] else [])
        self._check_refs("units", "group", groups, "招商小组")
        self.frames["units"] = self._dedupe("units")
        units = self.frames["units"]
        known_units = NameIndex(units["unit"] if "unit" in units else [])
        self._check_refs("groups", "lead_unit", known_units, "责任单位", optional=True)
        self.frames["groups"] = self._dedupe("groups")
        self._check_refs("contestants", "group", groups, "招商小组")
        for ledger, col in [("leads", "unit"), ("receptions", "unit"), ("trips", "units")]:
            self._check_refs(ledger, col, known_units, "责任单位")
        heads = {u: name_key(h) for u, h in zip(units.get("unit", []), units.get("head", [])) if name_key(h)}
        self._resolve_heads(heads, known_units)
        ld, renamed, also = self.frames["leads"], {}, []
        if shared := shared_lead_ids(ld):   # two leads under one 线索编号: two leads (versions.py)
            rows = [i for i, *_ in shared]
            at = ld.loc[rows, ["source", "sheet", "row", "lead_id", "unit", "_sheet_no"]]
            for (i, lid, by_unit, why), (src, sheet, row, was, unit, no) in zip(shared, at.itertuples(index=False, name=None)):
                self.warn("leads", src, sheet, int(row), self._header({"_sheet_no": no}, "lead_id"), was, why)
                if by_unit:
                    renamed[str(was), str(unit)] = lid
                else:
                    also.append((str(was), lid))
            ld.loc[rows, "lead_id"] = [lid for _, lid, _, _ in shared]
        self.frames["receptions"] = shared_lead_refs(self.frames["receptions"], ld, renamed, also)   # 乙镇's 001: 001（乙镇）
        for ledger in ["consultants", "leads", "trips", "receptions", "events", "contestants"]:
            self.frames[ledger] = self._dedupe(ledger)
        warn_doubts(self)

    def _drop(self, ledger: str, mask: np.ndarray) -> None:
        self.frames[ledger] = self.frames[ledger].loc[~mask].reset_index(drop=True) if mask.any() else self.frames[ledger]

    def _check_refs(self, ledger: str, col: str, known: NameIndex, what: str, optional: bool = False) -> None:
        """Each name in ``col`` as the known name it spells (brackets, spaces, widths aside), stored in the known
        ledger's spelling; a row naming an unknown one is rejected with the nearest known name (an optional cell
        is left blank with a warning instead). A list cell (the units of a trip) is split here, known names first."""
        df = self.frames[ledger]
        if col not in df or not known or df.empty:
            return
        codes, uniques = pd.factorize(df[col].map(lambda v: v if isinstance(v, str) else raw_text(v)).to_numpy(object),
                                      use_na_sentinel=False)
        is_list = LEDGERS[ledger].column(col).kind == "units"
        canon = np.empty(len(uniques), object)
        bad_u = np.empty(len(uniques), object)
        for k, u in enumerate(uniques):
            if is_list:
                names, unknown = known.split(u)
                canon[k], bad_u[k] = names, (unknown[0] if unknown else None)
            elif not u:
                canon[k], bad_u[k] = u, None
            else:
                hit = known.get(u)
                canon[k], bad_u[k] = (hit, None) if hit is not None else (u, normalize_text(u))
        df[col] = canon[codes] if not is_list else pd.Series(list(canon[codes]), index=df.index, dtype=object)
        first_bad = bad_u[codes]
        mask = pd.notna(first_bad)
        names = known.names
        keyed = {name_key(n): n for n in names}
        for i in np.flatnonzero(mask):
            rec = df.iloc[i]
            v = first_bad[i]
            near = difflib.get_close_matches(name_key(v), list(keyed), n=1, cutoff=0.5)
            hint = f"，是否为“{keyed[near[0]]}”？" if near else ""
            if optional:
                self.warn(ledger, rec["source"], rec["sheet"], int(rec["row"]), self._header(rec, col), rec.get(f"_raw_{col}", v),
                          f"未知的{what}“{v}”{hint}；该项按未填处理，记录照常接收", raw=rec.get(f"_raw_{col}", v), cell=True)
            else:
                self._reject_at(ledger, rec["source"], rec["sheet"], int(rec["row"]), self._header(rec, col),
                                rec.get(f"_raw_{col}", v), f"未知的{what}“{v}”{hint}")
        if optional:
            if mask.any():
                df.loc[mask, col] = ""
            self.frames[ledger] = df
        else:
            self.frames[ledger] = df
            self._drop(ledger, mask)

    def _resolve_heads(self, heads: dict[str, str], known: NameIndex) -> None:
        """Who led each trip: 是/否 (every unit on it, or none), or the units or heads named, with decoration
        (陈建国带队, 由陈建国带队, 陈建国（局长）). A cell naming nobody on the trip leaves the trip kept, not head-led,
        with a warning."""
        df = self.frames["trips"]
        if df.empty:
            df["head_units"] = pd.Series(dtype=object)
            return
        if "head_led" not in df:
            df["head_led"] = False
        by_head = {}
        for u, h in heads.items():
            by_head.setdefault(h, []).append(u)
        head_units, head_led = [], []
        for i, (units, hv) in enumerate(zip(df["units"], df["head_led"])):
            if isinstance(hv, str):
                text = name_key(hv)
                named = [u for u in units if name_key(u) in text or (heads.get(u) and heads[u] in text)]
                if not named:
                    rec = df.iloc[i]
                    others = [f"{h}是{'、'.join(us)}的主要负责人" for h, us in by_head.items() if h in text] + \
                             [f"{u}" for u in known.names if name_key(u) in text]
                    why = (f"“{hv}”不是本次外出的参与单位或其主要负责人（{'；'.join(others)}）" if others else
                           f"无法识别的带队人“{hv}”（应为 是/否，或参与单位名、其主要负责人姓名）")
                    self.warn("trips", rec["source"], rec["sheet"], int(rec["row"]), self._header(rec, "head_led"), hv,
                              why + "；该次外出照常接收，不计为主要负责人带队", raw=rec.get("_raw_head_led"), cell=True)
                head_units.append(named)
                head_led.append(bool(named))
            else:
                head_units.append(list(units) if hv else [])
                head_led.append(bool(hv))
        df["head_units"], df["head_led"] = head_units, head_led
        self.frames["trips"] = df

    def _dedupe(self, ledger: str) -> pd.DataFrame:
        """Keep one record per key: an equal one is a duplicate; a differing one is a correction and the
        later submission wins (see ``docs/ledgers.md``, "Resubmissions")."""
        df, keys = self.frames[ledger], list(LEDGERS[ledger].key)
        if df.empty:
            return df
        df = df.assign(   # a key cell no sheet has, or left NaN by a sheet without its column, is blank as a blank cell is
            **{k: df[k].where(df[k].notna(), "") if k in df else "" for k in keys if k not in df or df[k].dtype == object})
        spec = LEDGERS[ledger]   # only a list kind (names; units once split) holds lists
        lists = [k for k in keys if spec.column(k).kind in ("names", "units") and df[k].map(type).eq(list).any()]
        plain = [k for k in keys if k not in lists]
        # a record can equal another only where its plain keys do: list cells (sorted) are keyed for those rows only
        maybe = df[plain].duplicated(keep=False).to_numpy() if plain else np.ones(len(df), bool)
        renumbered = renumbered_leads(df) if ledger == "leads" else set()   # a revision's leads under new ids
        if not maybe.any() and not renumbered:
            return df
        kf = pd.DataFrame({k: df[k] for k in plain}, index=df.index)
        for k in lists:
            keyed = np.full(len(df), None, dtype=object)
            vals = df[k].to_numpy(object)
            for i in np.flatnonzero(maybe).tolist():
                v = vals[i]
                keyed[i] = tuple(sorted(v)) if isinstance(v, list) else v
            kf[k] = keyed
        kf = kf[keys]
        dup = kf.duplicated(keep=False).to_numpy() & maybe
        if not dup.any() and not renumbered:
            return df
        key = pd.Series(list(zip(*[kf[k][dup] for k in keys])), index=df.index[dup])
        fields = [c.name for c in LEDGERS[ledger].columns if c.name in df]
        rank = submission_rank(df["source"], df["_submitted"]).set_axis(df.index)   # which version is the later
        sub = df.loc[dup].assign(_key=key, _dated=rank["dated"], _on=rank["on"], _level=rank["level"])
        sub = sub.sort_values(["_dated", "_on", "_level", "source", "sheet", "row"], kind="stable", na_position="first")
        merged: dict[int, int] = {}   # a dropped row -> the later copy it was merged into
        shared: set[tuple[str, str]] = set(renumbered)   # (older file, newer file) that hold the same record
        for k, grp in sub.groupby("_key", sort=False):
            recs = list(grp.iterrows())
            idx, prev = recs[0]
            for jdx, rec in recs[1:]:
                self._superseded(ledger, fields, prev, rec, k)
                shared.add((str(prev["source"]), str(rec["source"])))
                merged[idx] = jdx
                idx, prev = jdx, rec
        out = df.drop(index=list(merged))
        if any(a != b and lineage(a) == lineage(b) for a, b in shared):   # a key cell corrected (versions.py)
            every = pd.DataFrame({k: [tuple(sorted(v)) if isinstance(v, list) else v for v in df[k]] for k in keys}, index=df.index)
            who = df["investor"].map(name_key) if ledger == "leads" else None   # one key column: the investor too
            day = next((c.name for c in LEDGERS[ledger].columns if c.kind == "date"), "")   # the record's own date
            moved = corrected_in_place(df, every, rank, shared, out.index, merged, identity=who, when=df.get(day))
            for old, new, _ in moved:
                self._superseded(ledger, fields, out.loc[old], out.loc[new], tuple(every.loc[new]))
            if ledger == "leads" and (ids := moved_ids(out, moved)):   # a reception naming 2 is of its revision's XS002
                rc = self.frames["receptions"]
                self.frames["receptions"] = rc.assign(lead_id=rc["lead_id"].map(lambda v: ids.get(str(v), v))) if "lead_id" in rc else rc
            out = out.drop(index=[old for old, _, _ in moved])
        return out.reset_index(drop=True)

    def _superseded(self, ledger: str, fields: list[str], prev: Any, rec: Any, key: tuple) -> None:
        """Count ``prev`` as a duplicate of the later ``rec`` (kept) and warn of what ``rec`` changed, if anything."""
        self.stats[ledger]["duplicates"] += 1
        diffs = [f for f in fields if not same_value(prev.get(f), rec.get(f))]
        if diffs:
            # contacts' names and phones never go into a message: it reaches shared reports
            head = {f: self._header(rec, f, prev, ledger=ledger) for f in diffs}
            changes = [(head[f], None, None) if f in PRIVATE_COLUMNS else (head[f], *show_change(
                self._raw(prev, f), prev.get(f), self._raw(rec, f), rec.get(f),
                "万元" if LEDGERS[ledger].column(f).kind == "amount" else "")) for f in diffs]
            self.warn(ledger, rec["source"], rec["sheet"], int(rec["row"]), head[diffs[0]], changes[0][2] or "",
                      superseded_message("、".join(show_value(x) for x in key), prev, rec, changes))

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


def check_folder(path: str | Path, config: dict | str | Path | None = None,
                 corrections: str | Path | None = None) -> None:
    """Raise the :class:`LedgerError` :func:`load_campaign` would raise for a folder that cannot make a campaign (no
    such folder, no ledger files, a file that cannot be decoded, a required ledger or column missing), having found
    its ledgers but not parsed their rows: the commands' check before a kernel starts."""
    _discovered(Path(path), config if isinstance(config, dict) else load_config(config), corrections)


def _discovered(root: Path, cfg: dict, corrections: str | Path | None) -> tuple[_Reader, list[Path], Path | None]:
    """The reader with the folder's ledgers found (and the corrections given), the folder's files, and the
    corrections workbook from outside the folder; raises LedgerError when a campaign cannot be made of them."""
    if not root.is_dir():
        raise LedgerError(f"数据文件夹不存在 / data folder not found: {root}")
    everything = folder_files(root)
    if not any(unread_reason(p) is None for p in everything):
        raise LedgerError(f"{root}: 没有找到 .xlsx、.xls、.ods 或 .csv 台账文件")
    reader = _Reader(root, cfg)
    extra = Path(corrections) if corrections else None
    if extra is not None and extra.resolve() in {p.resolve() for p in everything}:
        extra = None   # the workbook is in the folder: found and applied there, not twice
    reader.discover(everything)
    if extra is not None:
        reader.given += load_corrections_file(extra)
    found = {s.ledger for s in reader.sheets}
    missing = [s for s in LEDGERS.values() if s.required and s.name not in found]
    if missing:
        skipped = "".join(f"；未识别的工作表：{src}" + (f"“{sh}”" if sh else "") + (f"（前几行：{hd}）" if hd else "")
                          for src, sh, hd in reader.unrecognised)
        skipped += "".join(f"；{u['source']}：{u['reason']}" for u in reader.unread if not u["sheet"])
        raise LedgerError(f"{root}: 缺少必需的台账：" + "、".join(f"{s.zh}（{s.name}）" for s in missing)
                          + "。按工作表名、文件名或表头识别台账，见 docs/ledgers.md" + skipped)
    return reader, everything, extra


def campaign_reading(folder: str | Path, config: str | Path | None = "",
                     corrections: str | Path | None = "") -> tuple[Callable[[], Campaign], tuple]:
    """A notebook's read of ``folder`` (:func:`load_campaign` with the configuration and corrections files given,
    "" or None for none) as a call without arguments, and the key a campaign read so is handed over under
    (:func:`yeji_analysis.handoff.reading_key`): the command that reads it while the kernel starts and the notebook
    that takes it over (``present.context.read_campaign``) get both from here."""
    folder, config, corrections = Path(folder), config or "", corrections or ""
    return (lambda: load_campaign(folder, config=config or None, corrections=corrections or None),
            reading_key(folder, config, corrections))


def load_campaign(path: str | Path, config: dict | str | Path | None = None,
                  corrections: str | Path | None = None) -> Campaign:
    """Read a folder of ledgers (.xlsx, .xlsm, .xls, .ods, .csv) into a validated :class:`Campaign`.

    Each sheet is recognised by its header row (with its sheet or file name as a tie-break), rows are
    parsed cell by cell, and a row whose required cell cannot be read is rejected with its file, sheet, row,
    column, raw value and a reason in Chinese; an unreadable optional cell leaves its field unknown with a warning;
    nothing is dropped silently. Every file of the folder is read or listed in ``campaign.unread`` with the reason
    (as are hidden sheets). For every ledger, read = accepted + duplicates + rejected, and structural rows (titles,
    header, blank, 合计, 注, section labels) are counted as skipped (``campaign.stats``).

    A corrections workbook (更正表, see :mod:`yeji_analysis.ledgers.corrections`) in the folder, or given as
    ``corrections``, is applied before parsing; what became of each correction is ``campaign.corrections``.
    Raises :class:`LedgerError` when a required ledger (units, groups, leads, trips, receptions) or a required
    column is missing.
    """
    with gc_paused():   # the many small objects of a read hold no cycles (see runtime.gc_paused)
        return _load(Path(path), config if isinstance(config, dict) else load_config(config), corrections)


def _load(root: Path, cfg: dict, corrections: str | Path | None) -> Campaign:
    reader, everything, extra = _discovered(root, cfg, corrections)
    reader.apply_corrections()
    by_ledger = sorted(reader.sheets, key=lambda s: READ_ORDER.index(s.ledger))
    for s in by_ledger:
        reader.parse_sheet(s)
    reader.resolve()
    frames = {n: reader.frame(n) for n in LEDGERS}
    stats = pd.DataFrame(reader.stats).T[["read", "accepted", "duplicates", "rejected", "skipped"]]
    rej = pd.DataFrame(reader.rejections, columns=["ledger", "source", "sheet", "row", "column", "value", "reason"])
    wrn = pd.DataFrame(reader.warnings, columns=["ledger", "source", "sheet", "row", "column", "value", "message"])
    issues = pd.DataFrame(reader.issues, columns=["source", "sheet", "row", "column", "raw", "reason", "kind"])
    issues = issues.drop_duplicates(["source", "sheet", "row", "column", "reason"]).reset_index(drop=True)
    corr = pd.DataFrame(reader.applied, columns=CORRECTION_COLUMNS)
    for df in (rej, wrn, issues, corr):
        df["row"] = pd.array(df["row"], dtype="Int64")
    corr["applied"] = corr["applied"].astype(bool)
    unread = pd.DataFrame(reader.unread, columns=["source", "sheet", "reason"])
    read_files = [p for p in everything if unread_reason(p) is None]
    file_table, fp = fingerprint(root, read_files)
    if extra is not None and extra.is_file():   # corrections given from outside change the data read: in the fingerprint
        _, fp = fingerprint(extra.parent, [extra], base=fp)
    # every file of the folder: 台账 (read as ledgers), 更正表 (a corrections workbook), or why it was not read
    file_table["role"] = ["更正表" if p in reader.correction_files else "台账" for p in read_files]
    others = pd.DataFrame({"file": unread.loc[unread["sheet"].eq(""), "source"], "sha256": "", "bytes": 0,
                           "role": unread.loc[unread["sheet"].eq(""), "reason"]})
    if len(others):
        others["bytes"] = [(root / f).stat().st_size for f in others["file"]]
        file_table = pd.concat([file_table, others], ignore_index=True).sort_values("file", kind="stable").reset_index(drop=True)
    sheets = pd.DataFrame([{"source": s.table.source, "sheet": s.table.sheet, "ledger": s.ledger, "header_row": s.header_row + 1,
                            "submitted": s.submitted, "submitted_basis": s.submitted_basis,
                            "headers": {name: header for name, header, _ in s.columns.values()}} for s in reader.sheets])
    if len(sheets):   # how each sheet ranks as a version (versions.submission_rank), for the merge across ledgers too
        rank = submission_rank(sheets["source"], sheets["submitted"]).set_axis(sheets.index)
        sheets["ranked_on"], sheets["revision"] = rank["on"].where(rank["dated"]), rank["revision"]
    try:
        camp = reconcile_campaign(Campaign.from_frames(config=cfg, stats=stats, files=file_table, fingerprint=fp,
                                                       data_dir=str(root), rejections=rej, warnings=wrn, sheets=sheets,
                                                       **frames))
    except ModelError as exc:
        raise LedgerError(f"{root}: {exc}") from None
    camp.unread, camp.corrections, camp.issues = unread, corr, issues
    return camp
