"""``yeji check``: read a folder of ledgers and report what was accepted, rejected and doubtful (数据检查)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

from ..config import ConfigError, load_config
from ..ledgers import LEDGERS, LedgerError, load_campaign
from ..ledgers.corrections import write_corrections

__all__ = ["run_check", "check_result"]


def _plain(v):
    """A value as JSON has it: missing (None, NaN, NaT, pd.NA) as null, numpy scalars as Python ones."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and v != v:
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            return v.item()
        except (ValueError, AttributeError):
            return v
    return v


def _records(df: pd.DataFrame, columns: list[str] | None = None) -> list[dict]:
    """Rows as dicts; a ``row`` that is missing (a warning about a whole sheet) is null, never an error."""
    if df is None or not len(df):
        return []
    cols = [c for c in (columns or list(df.columns)) if c in df.columns]
    out = []
    for r in df[cols].to_dict("records"):
        rec = {k: _plain(v) for k, v in r.items()}
        if rec.get("row") is not None:
            rec["row"] = int(rec["row"])
        out.append(rec)
    return out


def check_result(campaign) -> dict:
    """The check as plain data (the ``--json`` shape): per-ledger counts, rejections, warnings, the files and sheets
    not read (``unread``) and the corrections given (``corrections``: file, sheet, row, column, raw, value, applied,
    reason)."""
    tables = {name: {k: int(v) for k, v in row.items()} for name, row in campaign.stats.iterrows()}
    corr = _records(getattr(campaign, "corrections", None),
                    ["file", "sheet", "row", "column", "raw", "value", "applied", "reason", "workbook"])
    for c in corr:
        c["applied"] = bool(c["applied"])
    return {"tables": tables,
            "rejections": _records(campaign.rejections, ["source", "sheet", "row", "column", "value", "reason", "ledger"]),
            "warnings": _records(campaign.warnings),
            "unread": _records(getattr(campaign, "unread", None), ["source", "sheet", "reason"]),
            "corrections": corr,
            "files": _records(campaign.files, ["file", "role", "bytes"]),
            "data_fingerprint": campaign.fingerprint}


def _one_line(text) -> str:
    return " ".join(str(text if text is not None else "").split()) if "\n" in str(text) else str(text if text is not None else "")


def _print_text(campaign, out) -> None:
    files = campaign.files
    n_read = int((files["role"] == "台账").sum()) if "role" in files else len(files)
    n_corr = int((files["role"] == "更正表").sum()) if "role" in files else 0
    unread = getattr(campaign, "unread", pd.DataFrame(columns=["source", "sheet", "reason"]))
    n_unread = int(unread["sheet"].eq("").sum()) if len(unread) else 0
    parts = [f"读取 {n_read} 个"] + ([f"更正表 {n_corr} 个"] if n_corr else []) + ([f"未读取 {n_unread} 个"] if n_unread else [])
    print(f"数据文件夹 {campaign.data_dir}：{len(files)} 个文件（{'，'.join(parts)}），指纹 {campaign.fingerprint[:16]}", file=out)
    print(f"{'台账':<14}{'读取':>6}{'接收':>6}{'重复':>6}{'拒收':>6}{'跳过':>6}", file=out)
    for name, row in campaign.stats.iterrows():
        zh = LEDGERS[name].zh
        pad = 14 - sum(2 if ord(ch) > 127 else 1 for ch in zh) + len(zh)
        print(f"{zh:<{pad}}{row['read']:>8}{row['accepted']:>8}{row['duplicates']:>8}{row['rejected']:>8}{row['skipped']:>8}", file=out)
    if len(unread):
        print(f"\n未读取的文件和工作表 {len(unread)} 个：", file=out)
        for r in unread.itertuples():
            print(f"  {r.source}" + (f" / {r.sheet}" if r.sheet else "") + f"：{r.reason}", file=out)
    corr = getattr(campaign, "corrections", None)
    if corr is not None and len(corr):
        print(f"\n更正 {len(corr)} 处（已应用 {int(corr['applied'].sum())} 处；来自更正表）：", file=out)
        for r in corr.itertuples():
            sheet = f" / {r.sheet}" if r.sheet else ""
            print(f"  {r.file}{sheet} / 第 {r.row} 行 / {_one_line(r.column)}：“{_one_line(r.raw)}” → “{_one_line(r.value)}” — "
                  f"{_one_line(r.reason)}", file=out)
    if len(campaign.rejections):
        print(f"\n拒收 {len(campaign.rejections)} 行（文件 / 工作表 / 行 / 列：原值 — 原因）：", file=out)
        for r in campaign.rejections.itertuples():
            sheet = f" / {r.sheet}" if r.sheet else ""
            col = _one_line(r.column)
            row = f"第 {r.row} 行" if pd.notna(r.row) else "（无行号）"
            print(f"  {r.source}{sheet} / {row} / {col}：“{_one_line(r.value)}” — {_one_line(r.reason)}", file=out)
    if len(campaign.warnings):
        print(f"\n警告 {len(campaign.warnings)} 条（已接收，请核实）：", file=out)
        for r in campaign.warnings.itertuples():
            where = f"{r.source}" + (f" / {r.sheet}" if r.sheet else "") + (f" / 第 {r.row} 行" if pd.notna(r.row) else "")
            col = f" / {_one_line(r.column)}" if isinstance(r.column, str) and r.column else ""
            print(f"  {where}{col}：{_one_line(r.message)}", file=out)
    if not len(campaign.rejections):
        print("\n全部数据行均已接收。", file=out)


def run_check(data: str | Path, *, as_json: bool = False, config: str | None = None, corrections: str | None = None,
              out=None) -> int:
    """Run the check; exit code 0 when nothing was rejected, 1 when something was, 2 when unusable.

    With ``corrections`` (a .xlsx path): a filled workbook there is applied first, then the workbook is (re)written
    there with the corrections given (and whether each was applied) and one row per rejected or warned cell, its
    更正值 empty for the analyst to fill."""
    out = out or sys.stdout
    try:
        cfg = load_config(config)
        campaign = load_campaign(data, cfg, corrections=corrections)
        if corrections:
            if Path(corrections).suffix.lower() != ".xlsx":
                raise LedgerError(f"更正表应为 .xlsx 文件：{corrections}")
            write_corrections(corrections, campaign)
    except (LedgerError, ConfigError, OSError) as exc:
        if as_json:
            print(json.dumps({"error": str(exc)}, ensure_ascii=False), file=out)
        print(f"yeji check: {exc}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(check_result(campaign), ensure_ascii=False, indent=2, default=str), file=out)
    else:
        _print_text(campaign, out)
        if corrections:
            print(f"\n更正表已写入 {corrections}：在“更正值”列填写正确的值，放入数据文件夹或用 --corrections 指定，下次读取时应用。",
                  file=out)
    return 1 if len(campaign.rejections) else 0
