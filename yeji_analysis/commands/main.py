"""The command line (命令行): ``yeji check``, ``yeji report``, ``yeji plan``, ``yeji lab``, ``yeji sample``, ``yeji docs``.

Each ``_cmd_*`` imports its command's module when it runs (deferred on purpose: a command loads only its own
stack, so ``yeji check`` does not pay for papermill, matplotlib and the report's modules)."""

from __future__ import annotations

import argparse
import os
import sys

from ..runtime import freeze_at_exit, freeze_imports
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


def _cmd_lab(args: argparse.Namespace) -> int:
    from .lab import run_lab_cli  # deferred (see the module docstring)
    return run_lab_cli(args)


def _cmd_sample(args: argparse.Namespace) -> int:
    from ..synth import write_province, write_sample  # deferred (see the module docstring)
    if args.province:
        path = write_province(args.out, districts=args.districts, fmt=args.format, seed=args.seed)
    else:
        path = write_sample(args.out, seed=args.seed)
    print(f"已写出 / wrote {path}")
    return 0


def _cmd_docs(args: argparse.Namespace) -> int:
    from ..ledgers import write_ledger_docs  # deferred (see the module docstring)
    path = write_ledger_docs(args.out)
    print(f"已写出 / wrote {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="yeji", description="叶集区“双招双引”攻坚季分析 / Yeji campaign analysis")
    sub = p.add_subparsers(dest="command", required=True, metavar="命令 / command")
    data_help = "台账文件夹（.xlsx/.xlsm/.xls/.ods/.csv） / folder of ledgers (.xlsx/.xlsm/.xls/.ods/.csv)"
    config_help = "活动配置文件（TOML），默认为2021年通知 / campaign configuration file (TOML); default: the 2021 notice"
    lang_help = "语言：zh 中文（默认）或 en 英文 / language: zh (default) or en"
    redact_help = "保留联系人姓名和电话（仅限内部） / keep contacts' names and phone numbers (internal use only)"
    corrections_help = ("读取时应用的更正表（DATA 中的更正表总会应用） / corrections workbook applied on reading "
                        "(one in DATA is applied anyway)")

    c = sub.add_parser("check", help="读取并检查台账 / read and check the ledgers in a folder",
                       description="读取并检查台账：各台账行数及每一条拒收行（有拒收时退出码 1） / "
                                   "read and check the ledgers: counts per ledger and every rejected row (exit 1 if any)")
    c.add_argument("data", help=data_help)
    c.add_argument("--json", action="store_true", help="以 JSON 输出 / print the result as JSON")
    c.add_argument("--config", help=config_help)
    c.add_argument("--corrections", metavar="FILE.xlsx",
                   help="更正表：存在则先应用，再按每个拒收或警告的单元格一行重写 / apply it if it exists, then "
                        "(re)write it with one row per rejected or warned cell")
    c.set_defaults(func=_cmd_check)

    r = sub.add_parser("report", help="生成阶段报告 / build the period report",
                       description="生成阶段报告（网页、调度表、指标） / build the period report (HTML, workbook, metrics)")
    r.add_argument("data", help=data_help)
    r.add_argument("--start", help="报告期第一天（YYYY-MM-DD） / first day of the period (YYYY-MM-DD)")
    r.add_argument("--end", help="报告期最后一天（YYYY-MM-DD） / last day of the period (YYYY-MM-DD)")
    r.add_argument("--period", help="报告期：月份（2021-07、2021年7月、7月）或全程（campaign、攻坚季全程） / "
                                    "a month (2021-07, 2021年7月, 7月) or the whole campaign (campaign, 攻坚季全程)")
    r.add_argument("--dispatch", type=int, help="第 N 期双周调度（1、2……） / the Nth two-week dispatch window (1, 2, ...)")
    r.add_argument("--as-of", dest="as_of", help="数据截至日（默认报告期最后一天） / the date the figures are as of "
                                                 "(default: the period's end)")
    r.add_argument("--out", help="输出文件夹（默认 reports/<报告期>/，英文版 reports/<报告期>.en/） / output folder "
                                 "(default: reports/<period>/, in English reports/<period>.en/)")
    r.add_argument("--index", help="各期报告索引页写到此文件（默认仅在默认输出时写 reports/index.html） / write the "
                                   "all-periods index to this file (default: reports/index.html, only without --out)")
    r.add_argument("--lang", choices=["zh", "en"], default="zh", help=lang_help)
    r.add_argument("--no-redact", dest="redact", action="store_false", help=redact_help)
    r.add_argument("--config", help=config_help)
    r.add_argument("--corrections", metavar="FILE.xlsx", help=corrections_help)
    r.set_defaults(func=_cmd_report)

    pl = sub.add_parser("plan", help="规划推介路线 / plan the roadshows",
                        description="规划定向招商推介路线（网页、日程表、plan.json） / plan the roadshows "
                                    "(HTML, itinerary workbook, plan.json)")
    pl.add_argument("data", help=data_help)
    pl.add_argument("--from", dest="plan_start", required=True,
                    help="规划期第一天（YYYY-MM-DD） / first day of the planning window")
    pl.add_argument("--to", dest="plan_end", required=True, help="规划期最后一天（YYYY-MM-DD） / last day of the planning window")
    pl.add_argument("--as-of", dest="as_of", help="取数日期（默认 --from 前一天） / the date the campaign state is taken at "
                                                  "(default: the day before --from)")
    pl.add_argument("--regions", help="区域，逗号分隔，如 临沂,佛山（默认五个目标区域） / comma-separated regions, "
                                      "e.g. 临沂,佛山 (default: the five target regions)")
    pl.add_argument("--max-trips-per-unit", dest="max_trips_per_unit", type=int,
                    help="每个单位在规划期内最多外出次数 / a unit's load in the window")
    pl.add_argument("--out", help="输出文件夹（默认 plans/<起>_<止>/，英文版加 .en） / output folder "
                                  "(default: plans/<from>_<to>/, in English with .en)")
    pl.add_argument("--lang", choices=["zh", "en"], default="zh", help=lang_help)
    pl.add_argument("--no-redact", dest="redact", action="store_false", help=redact_help)
    pl.add_argument("--config", help=config_help)
    pl.add_argument("--corrections", metavar="FILE.xlsx", help=corrections_help)
    pl.set_defaults(func=_cmd_plan)

    lb = sub.add_parser("lab", help="用 JupyterLab 打开探索笔记本 / open the explore notebook in JupyterLab",
                        description="准备 lab/explore.ipynb（参数为 DATA）并启动 JupyterLab，打印网址 / write "
                                    "lab/explore.ipynb with DATA as its parameter, start JupyterLab and print its URL")
    lb.add_argument("data", nargs="?", default="data/sample",
                    help="台账文件夹（默认 data/sample） / folder of ledgers (default: data/sample)")
    lb.add_argument("--config", help=config_help)
    lb.add_argument("--dir", dest="lab_dir", default="lab",
                    help="笔记本所在文件夹（默认 lab/） / folder for the notebook (default: lab/)")
    lb.add_argument("--port", type=int, default=0, help="端口（默认自动选择） / port (default: a free one)")
    lb.add_argument("--no-browser", dest="browser", action="store_false",
                    help="不打开浏览器 / do not open a browser")
    lb.set_defaults(func=_cmd_lab)

    s = sub.add_parser("sample", help="生成样例台账 / write the seeded sample ledgers",
                       description="生成样例台账（固定随机种子） / write the seeded sample ledgers")
    s.add_argument("out", help="输出文件夹 / output folder")
    s.add_argument("--seed", type=int, default=2021, help="随机种子 / random seed")
    s.add_argument("--province", action="store_true",
                   help="改为生成全省规模的基准数据，每个区县一个文件夹（D001 …） / write the province-scale benchmark set instead: one folder per district (D001 …)")
    s.add_argument("--districts", type=int, default=100, help="区县数（全省规模） / districts (province scale)")
    s.add_argument("--format", choices=["csv", "parquet"], default="csv", help="文件格式 / file format")
    s.set_defaults(func=_cmd_sample)

    d = sub.add_parser("docs", help="生成台账说明 / write docs/ledgers.md from the code's alias tables",
                       description="由代码中的别名表生成台账说明 / write docs/ledgers.md from the code's alias tables")
    d.add_argument("--out", default="docs/ledgers.md", help="输出文件 / output file")
    d.set_defaults(func=_cmd_docs)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    freeze_imports()  # what the imports made (pandas, the package) is never garbage: out of every later full collection
    freeze_at_exit()  # and what the command made is not rescanned at the process's exit
    try:
        code = args.func(args)
        sys.stdout.flush()  # here, where a closed pipe is caught below, not at the interpreter's exit
        return code
    except UsageError as exc:
        print(f"yeji {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断 / interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # whoever read our output stopped (``yeji check … | head -1``): end quietly, as ``cat`` would, and
        # point stdout at /dev/null so the interpreter's last flush does not complain either
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, the status of a program the pipe stopped


if __name__ == "__main__":
    sys.exit(main())
