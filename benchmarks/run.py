"""Benchmarks: measure each task and its floor in the same run, print, and write benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/run.py [--runs 3] [--districts 100] [--work /tmp/yeji-bench]

The province set is one folder per district (``yeji sample OUT --province``); its tasks read, apply the
rules to and build the graph of each district, the province's figure being the total.
Each measurement runs in a fresh subprocess (so imports and peak memory are its own); the figure is the
median wall time of ``--runs`` runs and the largest peak RSS. A task's ratio is its time over its floor's:
the floor is the least any tool must do for the same job (read the same files with plain pandas, build the
same edges with networkx, run a notebook that only imports the same libraries). Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

# name -> (python code run in a subprocess with WORK and ROOT set; it must set `t` to the seconds measured)
PRELUDE = """
import os, sys, time, resource, json
from pathlib import Path
WORK = Path(os.environ["BENCH_WORK"]); ROOT = Path(os.environ["BENCH_ROOT"])
DISTRICTS = sorted(p for p in (WORK / "province").glob("D*") if p.is_dir())   # one folder per district
extra = {}
"""
EPILOGUE = """
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print("BENCH " + json.dumps({"seconds": t, "peak_mb": peak, "extra": extra}))
"""

# The reader's libraries imported before its timing starts, as pandas is before the floor's: pandera imports its check
# backends on its first validation (with hypothesis where the test tools are installed, ~0.1-0.2 s), once a process.
READER_IMPORTS = """
from yeji_analysis.ledgers import load_campaign
t_imports = time.perf_counter()
import pandera.backends.pandas.builtin_checks
extra["s_pandera_backends_import"] = round(time.perf_counter() - t_imports, 3)
"""

TASKS: dict[str, tuple[str, str, str]] = {
    # name: (description, code, floor name)
    "read_50k_floor": ("pandas.read_excel(engine='calamine') of the 50k-row leads workbook", """
import pandas as pd
t0 = time.perf_counter(); pd.read_excel(WORK / "big" / "leads_50k.xlsx", engine="calamine", header=None, sheet_name=None); t = time.perf_counter() - t0
""", ""),
    "read_50k": ("load_campaign on the 50k-row leads workbook (+ the sample's reference ledgers)", READER_IMPORTS + """
t0 = time.perf_counter(); c = load_campaign(WORK / "big"); t = time.perf_counter() - t0
assert len(c.leads) > 40000, len(c.leads)
""", "read_50k_floor"),
    "read_province_floor": ("pandas.read_csv of every CSV of every district folder", """
import pandas as pd
t0 = time.perf_counter()
for f in sorted((WORK / "province").glob("D*/*.csv")): pd.read_csv(f, dtype=str)
t = time.perf_counter() - t0
""", ""),
    "read_province": ("load_campaign on each district folder of the province set (all kept in memory)", READER_IMPORTS + """
campaigns, at10 = [], None
t0 = time.perf_counter()
for d in DISTRICTS:
    campaigns.append(load_campaign(d))
    if len(campaigns) == 10: at10 = time.perf_counter() - t0
t = time.perf_counter() - t0
extra |= {"districts": len(campaigns), "leads": sum(len(c.leads) for c in campaigns), "s_first_10": at10}
import pickle
(WORK / "province_pkl").mkdir(exist_ok=True)
for d, c in zip(DISTRICTS, campaigns): pickle.dump(c, open(WORK / "province_pkl" / f"{d.name}.pkl", "wb"))
""", "read_province_floor"),
    "rules_province": ("unit_compliance + group_valid_leads + district_targets + dispatch_scoreboard of each district", """
import pickle
from yeji_analysis import rules, dispatch
s, e = "2021-07-01", "2021-09-30"
t = 0.0
for d in DISTRICTS:
    c = pickle.load(open(WORK / "province_pkl" / f"{d.name}.pkl", "rb"))
    t0 = time.perf_counter()
    rules.unit_compliance(c, s, e, as_of="2021-09-15"); rules.group_valid_leads(c, s, e, as_of="2021-09-15")
    rules.district_targets(c, s, e, as_of="2021-09-15"); dispatch.dispatch_scoreboard(c, 6)
    t += time.perf_counter() - t0
""", "read_province"),
    "graph_province_floor": ("networkx.from_pandas_edgelist of the same edges as build_graph, district by district", """
import pickle, networkx as nx, pandas as pd
from yeji_analysis.graph import build_graph
t, edges_n = 0.0, 0
for d in DISTRICTS:
    c = pickle.load(open(WORK / "province_pkl" / f"{d.name}.pkl", "rb"))
    G = build_graph(c)
    edges = pd.DataFrame([(u, v, d.get("kind")) for u, v, d in G.edges(data=True)], columns=["s", "t", "kind"])
    del G
    t0 = time.perf_counter(); H = nx.from_pandas_edgelist(edges, "s", "t", edge_attr=["kind"], create_using=nx.MultiDiGraph); t += time.perf_counter() - t0
    edges_n += H.number_of_edges(); del H
extra = {"edges": edges_n}
""", ""),
    "graph_province": ("build_graph of each district (the province's edges are the total)", """
import pickle
from yeji_analysis.graph import build_graph
t, edges_n, nodes_n, at = 0.0, 0, 0, {}
for i, d in enumerate(DISTRICTS, 1):
    c = pickle.load(open(WORK / "province_pkl" / f"{d.name}.pkl", "rb"))
    t0 = time.perf_counter(); G = build_graph(c); t += time.perf_counter() - t0
    edges_n += G.number_of_edges(); nodes_n += G.number_of_nodes(); del G, c
    if i in (10, 20): at[i] = edges_n
extra = {"edges": edges_n, "nodes": nodes_n, "edges_first_10": at.get(10), "edges_first_20": at.get(20),
         "edges_20_over_10": round(at[20] / at[10], 2) if 20 in at else None}
""", "graph_province_floor"),
    "notebook_floor": ("a notebook that only imports the report's libraries, run by papermill and converted to HTML and PDF "
                       "as the report and the plan are", """
import subprocess
t0 = time.perf_counter()
subprocess.run([sys.executable, str(ROOT / "benchmarks" / "floor_notebook.py"), str(WORK / "floor")], check=True)
t = time.perf_counter() - t0
""", ""),
    "notebook_floor_html": ("the same notebook converted to HTML only (the floor before the reports were printed to PDF)", """
import subprocess
t0 = time.perf_counter()
subprocess.run([sys.executable, str(ROOT / "benchmarks" / "floor_notebook.py"), str(WORK / "floor_html"), "--html-only"],
               check=True)
t = time.perf_counter() - t0
""", ""),
    "report_sample": ("yeji report data/sample --period campaign", """
import subprocess
t0 = time.perf_counter()
subprocess.run([str(Path(sys.executable).parent / "yeji"), "report", str(ROOT / "data" / "sample"), "--period", "campaign",
                "--out", str(WORK / "report")], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
t = time.perf_counter() - t0
""", "notebook_floor"),
    "plan_sample": ("yeji plan data/sample --from 2021-09-01 --to 2021-09-24", """
import subprocess
t0 = time.perf_counter()
subprocess.run([str(Path(sys.executable).parent / "yeji"), "plan", str(ROOT / "data" / "sample"), "--from", "2021-09-01",
                "--to", "2021-09-24", "--out", str(WORK / "plan")], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
t = time.perf_counter() - t0
""", "notebook_floor"),
}


def prepare(work: Path, districts: int) -> dict:
    """Write the benchmark inputs (outside the repo) once; returns how long writing them took (seconds by set)."""
    import time
    from yeji_analysis.synth import write_big_leads_xlsx, write_province
    took = {}
    big = work / "big"
    if not (big / "leads_50k.xlsx").exists():
        big.mkdir(parents=True, exist_ok=True)
        for f in (ROOT / "data" / "sample").iterdir():   # the reference ledgers the leads refer to
            if f.suffix in (".xlsx", ".csv") and "线索" not in f.name:
                shutil.copy(f, big / f.name)
        t0 = time.perf_counter()
        write_big_leads_xlsx(big / "leads_50k.xlsx", rows=50000)
        took["leads_50k.xlsx"] = time.perf_counter() - t0
    prov = work / "province"
    man = prov / "MANIFEST.json"
    meta = json.loads(man.read_text(encoding="utf-8")) if man.exists() else {}
    if meta.get("districts") != districts or "folders" not in meta:   # missing, another size, or the old one-folder layout
        shutil.rmtree(prov, ignore_errors=True)
        shutil.rmtree(work / "province_pkl", ignore_errors=True)
        t0 = time.perf_counter()
        write_province(prov, districts=districts, fmt="csv")
        took["province"] = time.perf_counter() - t0
    return took


def measure(name: str, work: Path) -> dict:
    code = PRELUDE + textwrap.dedent(TASKS[name][1]) + EPILOGUE
    env = dict(os.environ, BENCH_WORK=str(work), BENCH_ROOT=str(ROOT))
    proc = subprocess.run([PY, "-c", code], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    line = next(l for l in proc.stdout.splitlines() if l.startswith("BENCH "))
    return json.loads(line[6:])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--districts", type=int, default=100)
    ap.add_argument("--work", default="/tmp/yeji-bench")
    ap.add_argument("--only", help="comma-separated task names")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    args = ap.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    print(f"preparing inputs in {work} …", flush=True)
    took = prepare(work, args.districts)
    for k, v in took.items():
        print(f"  wrote {k} in {v:.1f} s", flush=True)
    names = args.only.split(",") if args.only else list(TASKS)
    # rounds: every task once per round, so a task and its floor are measured minutes, not an hour, apart
    # (the machine is shared: its load drifts)
    runs: dict[str, list[dict]] = {name: [] for name in names}
    for i in range(args.runs):
        for name in names:
            if runs[name] and "error" in runs[name][-1]:
                continue
            print(f"  round {i + 1}/{args.runs}: {name} …", flush=True)
            runs[name].append(measure(name, work))
            print(f"    {runs[name][-1]}", flush=True)
    results: dict[str, dict] = {}
    for name in names:
        ok = [r for r in runs[name] if "error" not in r]
        results[name] = ({"median_s": statistics.median(r["seconds"] for r in ok), "peak_mb": max(r["peak_mb"] for r in ok),
                          "runs": len(ok), "extra": ok[-1].get("extra") or {},
                          "all_s": [r["seconds"] for r in ok]} if len(ok) == len(runs[name]) else {"error": runs[name][-1]["error"]})
        print(f"  {name}: {results[name]}", flush=True)
    lines = ["# Benchmark results", "",
             f"- date: {dt.datetime.now().isoformat(timespec='seconds')}",
             f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}",
             f"- runs per task: {args.runs}, in rounds (each task once per round); median wall time, peak RSS the largest of the runs;"
             f" province set: {args.districts} districts",
             "- command: `" + " ".join([".venv/bin/python benchmarks/run.py", *(sys.argv[1:] if argv is None else argv)]) + "`",
             *(["- writing the inputs took: " + ", ".join(f"{k} {v:.0f} s" for k, v in took.items())] if took else []),
             "", "| task | what | median s | runs s | peak MB | floor | floor s | ratio | counted (last run) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name in names:
        desc, _, floor = TASKS[name]
        r = results[name]
        if "error" in r:
            lines.append(f"| {name} | {desc} | error: {r['error']} | | | {floor} | | | |")
            continue
        f = results.get(floor, {})
        fs = f.get("median_s")
        ratio = f"{r['median_s'] / fs:.2f}×" if fs else ""
        counted = ", ".join(f"{k} {v:,.2f}" if isinstance(v, float) else f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}"
                            for k, v in r.get("extra", {}).items())
        html_floor = results.get("notebook_floor_html", {}).get("median_s")
        if floor == "notebook_floor" and html_floor:   # also against the floor as it was before the PDFs
            counted = ", ".join(x for x in [counted, f"ratio to notebook_floor_html {r['median_s'] / html_floor:.2f}×"] if x)
        each = " ".join(f"{x:.2f}" for x in r["all_s"])
        lines.append(f"| {name} | {desc} | {r['median_s']:.2f} | {each} | {r['peak_mb']:.0f} | {floor} | {'' if fs is None else f'{fs:.2f}'} | {ratio} | {counted} |")
    notes = Path(args.out).with_name("NOTES.md")
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8")]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
