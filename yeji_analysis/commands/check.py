"""``yeji check``: read a folder of ledgers and report what was accepted, rejected and doubtful (数据检查)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

from ..config import ConfigError, load_config
from ..ledgers import LEDGERS, LedgerError, load_campaign

__all__ = ["run_check", "check_result"]


def check_result(campaign) -> dict:
    """The check as plain data: per-ledger counts, rejections and warnings (the ``--json`` shape)."""
    tables = {name: {k: int(v) for k, v in row.items()} for name, row in campaign.stats.iterrows()}

    def records(df: pd.DataFrame) -> list[dict]:
        out = []
        for r in df.to_dict("records"):
            out.append({k: (None if v is pd.NA or (isinstance(v, float) and v != v) else (int(v) if k == "row" else v))
                        for k, v in r.items()})
        return out

    return {"tables": tables,
            "rejections": records(campaign.rejections[["source", "sheet", "row", "column", "value", "reason", "ledger"]]),
            "warnings": records(campaign.warnings),
            "data_fingerprint": campaign.fingerprint}


def _one_line(text) -> str:
    return " ".join(str(text if text is not None else "").split()) if "\n" in str(text) else str(text if text is not None else "")


def _print_text(campaign, out) -> None:
    print(f"数据文件夹 {campaign.data_dir}：{len(campaign.files)} 个文件，指纹 {campaign.fingerprint[:16]}", file=out)
    print(f"{'台账':<14}{'读取':>6}{'接收':>6}{'重复':>6}{'拒收':>6}{'跳过':>6}", file=out)
    for name, row in campaign.stats.iterrows():
        zh = LEDGERS[name].zh
        pad = 14 - sum(2 if ord(ch) > 127 else 1 for ch in zh) + len(zh)
        print(f"{zh:<{pad}}{row['read']:>8}{row['accepted']:>8}{row['duplicates']:>8}{row['rejected']:>8}{row['skipped']:>8}", file=out)
    if len(campaign.rejections):
        print(f"\n拒收 {len(campaign.rejections)} 行（文件 / 工作表 / 行 / 列：原值 — 原因）：", file=out)
        for r in campaign.rejections.itertuples():
            sheet = f" / {r.sheet}" if r.sheet else ""
            col = _one_line(r.column)
            print(f"  {r.source}{sheet} / 第 {r.row} 行 / {col}：“{_one_line(r.value)}” — {_one_line(r.reason)}", file=out)
    if len(campaign.warnings):
        print(f"\n警告 {len(campaign.warnings)} 条（已接收，请核实）：", file=out)
        for r in campaign.warnings.itertuples():
            where = f"{r.source}" + (f" / {r.sheet}" if r.sheet else "") + (f" / 第 {r.row} 行" if pd.notna(r.row) else "")
            col = f" / {_one_line(r.column)}" if isinstance(r.column, str) and r.column else ""
            print(f"  {where}{col}：{_one_line(r.message)}", file=out)
    if not len(campaign.rejections):
        print("\n全部数据行均已接收。", file=out)


def run_check(data: str | Path, *, as_json: bool = False, config: str | None = None, out=None) -> int:
    """Run the check; exit code 0 when nothing was rejected, 1 when something was, 2 when unusable."""
    out = out or sys.stdout
    try:
        cfg = load_config(config)
        campaign = load_campaign(data, cfg)
    except (LedgerError, ConfigError) as exc:
        if as_json:
            print(json.dumps({"error": str(exc)}, ensure_ascii=False), file=out)
        print(f"yeji check: {exc}", file=sys.stderr)
        return 2
    if as_json:
        print(json.dumps(check_result(campaign), ensure_ascii=False, indent=2, default=str), file=out)
    else:
        _print_text(campaign, out)
    return 1 if len(campaign.rejections) else 0
