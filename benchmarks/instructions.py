"""The reader's and the rules' work counted in CPU instructions (valgrind's cachegrind), against their floors.

    .venv/bin/python benchmarks/instructions.py [--work /tmp/yeji-bench] [--districts 20] [--only read_50k,...]

Wall time on a shared 2-core machine drifts by a fifth within minutes (the floor of the same read has taken 1.0 s and
1.6 s an hour apart), so two medians minutes apart can disagree on a ratio by more than a change gains. The number of
instructions a process executes does not drift: it is the same, run after run, for the same code and input. This
script runs each task and its floor under ``valgrind --tool=cachegrind --cache-sim=no`` (the instruction count only,
~30x slower than a plain run), once with the task and once importing the same modules only, and prints the task's
instructions (the difference) and its ratio to the floor's. It needs the inputs ``benchmarks/run.py`` writes and
``valgrind`` (``apt-get install valgrind``). It measures work, not time: a ratio here leaves out what instructions
do not show (waiting for memory, the kernel's page faults, the allocator's system calls), which ``run.py`` measures.
Nothing here asserts anything.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PY = sys.executable

# name -> (what, imports, the task, floor name); WORK, N and DISTRICTS (the first N district folders) are set
PRELUDE = """
import os, sys
from pathlib import Path
WORK = Path(os.environ["BENCH_WORK"]); N = int(os.environ["BENCH_DISTRICTS"])
DISTRICTS = sorted(p for p in (WORK / "province").glob("D*") if p.is_dir())[:N]
"""
READER = "from yeji_analysis.ledgers import load_campaign\nimport pandera.backends.pandas.builtin_checks\n"
RULES = ("import pickle\nfrom yeji_analysis import rules, dispatch\n"
         "cs = [pickle.load(open(WORK / 'province_pkl' / f'{d.name}.pkl', 'rb')) for d in DISTRICTS]\n")
TASKS: dict[str, tuple[str, str, str, str]] = {
    # name: (what, imports, task, floor)
    "read_50k_floor": ("pandas.read_excel(engine='calamine') of the 50k-row leads workbook", "import pandas as pd\n",
                       "pd.read_excel(WORK / 'big' / 'leads_50k.xlsx', engine='calamine', header=None, sheet_name=None)", ""),
    "read_50k": ("load_campaign on the 50k-row leads workbook's folder", READER, "load_campaign(WORK / 'big')",
                 "read_50k_floor"),
    "read_province_floor": ("pandas.read_csv of every CSV of the first {n} district folders", "import pandas as pd\n",
                            "for d in DISTRICTS:\n    for f in sorted(d.glob('*.csv')): pd.read_csv(f, dtype=str)", ""),
    "read_province": ("load_campaign on each of the first {n} district folders (all kept)", READER,
                      "keep = [load_campaign(d) for d in DISTRICTS]", "read_province_floor"),
    "rules_province": ("unit_compliance + group_valid_leads + district_targets + dispatch_scoreboard of each",
                       RULES, "s, e = '2021-07-01', '2021-09-30'\nfor c in cs:\n"
                       "    rules.unit_compliance(c, s, e, as_of='2021-09-15'); rules.group_valid_leads(c, s, e, as_of='2021-09-15')\n"
                       "    rules.district_targets(c, s, e, as_of='2021-09-15'); dispatch.dispatch_scoreboard(c, 6)",
                       "read_province"),
}


def instructions(code: str, env: dict[str, str]) -> int:
    """The instructions a Python process running ``code`` executes (cachegrind's ``I refs``)."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as fh:
        fh.write(code)
    try:
        out = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                              PY, fh.name], env=env, capture_output=True, text=True, check=True)
    finally:
        os.unlink(fh.name)
    m = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if not m:
        raise RuntimeError(out.stderr[-2000:])
    return int(m.group(1).replace(",", ""))


def measure(name: str, env: dict[str, str]) -> int:
    """A task's instructions: the run with the task less the run with its imports only (each in its own process)."""
    _, imports, task, _ = TASKS[name]
    with ThreadPoolExecutor(2) as pool:   # the two runs at once: valgrind runs one thread a process
        full = pool.submit(instructions, PRELUDE + imports + task + "\n", env)
        bare = pool.submit(instructions, PRELUDE + imports, env)
        return full.result() - bare.result()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default="/tmp/yeji-bench", help="the inputs benchmarks/run.py writes")
    ap.add_argument("--districts", type=int, default=20, help="district folders read (each ~30x slower than plain)")
    ap.add_argument("--only", help="comma-separated task names")
    args = ap.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    work = Path(args.work)
    if not (work / "big").is_dir() or not (work / "province_pkl").is_dir():
        print(f"{work}: no inputs; run benchmarks/run.py first (it writes them)", file=sys.stderr)
        return 2
    env = {**os.environ, "BENCH_WORK": str(work), "BENCH_DISTRICTS": str(args.districts)}
    names = args.only.split(",") if args.only else list(TASKS)
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = measure(name, env)
        print(f"  {name}: {counts[name]:,} instructions", flush=True)
    print("\n| task | what | instructions | floor | ratio |\n|---|---|---|---|---|")
    for name in names:
        what, _, _, floor = TASKS[name]
        ratio = f"{counts[name] / counts[floor]:.2f}×" if floor in counts else ""
        print(f"| {name} | {what.format(n=args.districts)} | "
              f"{counts[name] / 1e9:.2f} G | {floor} | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
