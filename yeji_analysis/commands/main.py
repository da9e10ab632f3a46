"""The command line (命令行): ``yeji check``, ``yeji report``, ``yeji plan``, ``yeji sample``, ``yeji docs``.

Each ``_cmd_*`` imports its command's module when it runs (deferred on purpose: a command loads only its own
stack, so ``yeji check`` does not pay for papermill, matplotlib and the report's modules)."""

from __future__ import annotations

import argparse
import sys

from .common import UsageError

__all__ = ['main', 'build_parser']


def _cmd_check(args: argparse.Namespace) -> int:
    from .check import run_check  # deferred: each command loads only its own stack
    return run_check(args.data, as_json=args.json, config=args.config, corrections=args.corrections)


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import run_report_cli  # deferred (see the module docstring)
    return run_report_cli(args)


def _cmd_plan(args: argparse.Namespace) -> int:
    from .plan import run_plan_cli  # deferred (see the module docstring)
    return run_plan_cli(args)


def _cmd_sample(args: argparse.Namespace) -> int:
    from ..synth import write_province, write_sample  # deferred (see the module docstring)
    if args.province:
        path = write_province(args.out, districts=args.districts, fmt=args.format, seed=args.seed)
    else:
        path = write_sample(args.out, seed=args.seed)
    print(f"wrote {path}")
    return 0


def _cmd_docs(args: argparse.Namespace) -> int:
    from ..ledgers import write_ledger_docs  # deferred (see the module docstring)
    path = write_ledger_docs(args.out)
    print(f"wrote {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="yeji", description="叶集区“双招双引”攻坚季分析 / Yeji campaign analysis")
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("check", help="读取并检查台账 / read and check the ledgers in a folder")
    c.add_argument("data", help="folder of ledgers (.xlsx/.xlsm/.xls/.ods/.csv)")
    c.add_argument("--json", action="store_true", help="print the result as JSON")
    c.add_argument("--config", help="campaign configuration file (TOML); default: the 2021 notice")
    c.add_argument("--corrections", metavar="FILE.xlsx",
                   help="更正表: apply it if it exists, then (re)write it with one row per rejected or warned cell")
    c.set_defaults(func=_cmd_check)

    r = sub.add_parser("report", help="生成阶段报告 / build the period report")
    r.add_argument("data", help="folder of ledgers (.xlsx/.xlsm/.xls/.ods/.csv)")
    r.add_argument("--start", help="first day of the period (YYYY-MM-DD)")
    r.add_argument("--end", help="last day of the period (YYYY-MM-DD)")
    r.add_argument("--period", help="shortcut: a month (2021-07) or 'campaign' (the whole window)")
    r.add_argument("--dispatch", type=int, help="shortcut: the Nth two-week dispatch window (1, 2, ...)")
    r.add_argument("--as-of", dest="as_of", help="the date the figures are as of (default: the period's end)")
    r.add_argument("--out", help="output folder (default: reports/<period>/)")
    r.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the report (default zh)")
    r.add_argument("--no-redact", dest="redact", action="store_false",
                   help="keep contacts' names and phone numbers (internal use only)")
    r.add_argument("--config", help="campaign configuration file (TOML)")
    r.add_argument("--corrections", metavar="FILE.xlsx", help="更正表 applied on reading (one in DATA is applied anyway)")
    r.set_defaults(func=_cmd_report)

    pl = sub.add_parser("plan", help="规划推介路线 / plan the roadshows")
    pl.add_argument("data", help="folder of ledgers (.xlsx/.xlsm/.xls/.ods/.csv)")
    pl.add_argument("--from", dest="plan_start", required=True, help="first day of the planning window")
    pl.add_argument("--to", dest="plan_end", required=True, help="last day of the planning window")
    pl.add_argument("--as-of", dest="as_of", help="the date the campaign state is taken at (default: the day before --from)")
    pl.add_argument("--regions", help="comma-separated regions, e.g. 临沂,佛山 (default: the five target regions)")
    pl.add_argument("--max-trips-per-unit", dest="max_trips_per_unit", type=int, help="a unit's load in the window")
    pl.add_argument("--out", help="output folder (default: plans/<from>_<to>/)")
    pl.add_argument("--lang", choices=["zh", "en"], default="zh")
    pl.add_argument("--no-redact", dest="redact", action="store_false")
    pl.add_argument("--config", help="campaign configuration file (TOML)")
    pl.add_argument("--corrections", metavar="FILE.xlsx", help="更正表 applied on reading (one in DATA is applied anyway)")
    pl.set_defaults(func=_cmd_plan)

    s = sub.add_parser("sample", help="生成样例台账 / write the seeded sample ledgers")
    s.add_argument("out", help="output folder")
    s.add_argument("--seed", type=int, default=2021)
    s.add_argument("--province", action="store_true", help="write the province-scale benchmark set instead")
    s.add_argument("--districts", type=int, default=100)
    s.add_argument("--format", choices=["csv", "parquet"], default="csv")
    s.set_defaults(func=_cmd_sample)

    d = sub.add_parser("docs", help="生成台账说明 / write docs/ledgers.md from the code's alias tables")
    d.add_argument("--out", default="docs/ledgers.md")
    d.set_defaults(func=_cmd_docs)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"yeji {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
