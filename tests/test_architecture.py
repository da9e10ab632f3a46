"""The package's layout (docs/architecture.md): imports run commands → present → domain → base, never up, never
in a circle; no module reaches another's private names or loads the package's own modules by name; a
function-level import only where a heavy import is deferred on purpose, saying so; no module over 700 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PKG = Path(__file__).resolve().parent.parent / "yeji_analysis"

#: The floors, lowest first. A module may import from its own floor or below.
BASE = {"config", "schemas", "model", "regions", "labels", "errors", "version", "periods", "runtime"}
FLOORS = {"base": 0, "domain": 1, "present": 2, "commands": 3}


def _modules() -> dict[str, Path]:
    out = {}
    for p in sorted(PKG.rglob("*.py")):
        parts = list(p.relative_to(PKG.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


MODULES = _modules()


def _floor(mod: str) -> int | None:
    parts = mod.split(".")[1:]
    if not parts or parts == ["__main__"]:
        return None                      # the package's facade and entry point
    if parts[0] in ("commands", "present"):
        return FLOORS[parts[0]]
    return FLOORS["base"] if parts[0] in BASE else FLOORS["domain"]


def _resolve(mod: str, node: ast.ImportFrom) -> list[str]:
    """The package modules an ``import from`` statement of module ``mod`` loads."""
    if node.level == 0:
        base = node.module or ""
        if not base.startswith("yeji_analysis"):
            return []
    else:
        pkg = mod.split(".") if MODULES[mod].name == "__init__.py" else mod.split(".")[:-1]
        pkg = pkg[: len(pkg) - (node.level - 1)]
        base = ".".join(pkg + ([node.module] if node.module else []))
    found = []
    for a in node.names:
        sub = f"{base}.{a.name}"
        found.append(sub if sub in MODULES else base)
    return found


def _imports():
    """(importer, imported, name, lineno, function-level?) for every import of a package module."""
    rows = []
    for mod, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        funcs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        inner = {id(x) for f in funcs for x in ast.walk(f) if x is not f}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for target, a in zip(_resolve(mod, node), node.names):
                    rows.append((mod, target, a.name, node.lineno, id(node) in inner))
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.startswith("yeji_analysis"):
                        rows.append((mod, a.name, a.name, node.lineno, id(node) in inner))
    return rows


IMPORTS = _imports()


def test_the_layout_has_the_floors_the_docs_name():
    # a slip in the parser would make every check below pass vacuously: it must see the real stack
    assert {"yeji_analysis.commands.main", "yeji_analysis.present.retrospective", "yeji_analysis.rules",
            "yeji_analysis.ledgers.reader", "yeji_analysis.planner.plan", "yeji_analysis.periods"} <= set(MODULES)
    assert ("yeji_analysis.present.context", "yeji_analysis.rules") in {(a, b) for a, b, *_ in IMPORTS}
    assert ("yeji_analysis.commands.report", "yeji_analysis.commands.render") in {(a, b) for a, b, *_ in IMPORTS}


def test_no_import_cycle_counting_function_level_imports():
    G = nx.DiGraph()
    for a, b, *_ in IMPORTS:
        if a != b and b in MODULES:
            # a package's __init__ re-exports its submodules: importing the package is importing those
            G.add_edge(a, b)
    cycles = list(nx.simple_cycles(G))
    # a submodule importing its own package's __init__ (which imports it back) is the one legal loop shape
    real = [c for c in cycles if not any(MODULES[m].name == "__init__.py" for m in c)]
    assert real == [], f"import cycles: {real}"


def test_imports_never_go_up_a_floor():
    up = [(a, b, line) for a, b, _, line, _ in IMPORTS
          if _floor(a) is not None and _floor(b) is not None and _floor(b) > _floor(a)]
    assert up == [], f"imports going up (importer, imported, line): {up}"


def test_no_private_name_crosses_a_module():
    crossing = [(a, b, name, line) for a, b, name, line, _ in IMPORTS
                if name.startswith("_") and not name.startswith("__") and a != b]
    assert crossing == [], crossing


def test_the_package_never_loads_its_own_modules_by_name():
    hits = []
    for mod, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "import_module":
                hits.append((mod, node.lineno))
    assert hits == [], hits


def test_a_function_level_import_says_why_it_is_deferred():
    unexplained = []
    for mod, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").split("\n")
        tree = ast.parse("\n".join(lines))
        for f in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            for node in ast.walk(f):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    text = lines[node.lineno - 1] + lines[node.end_lineno - 1]
                    if "deferred" not in text:
                        unexplained.append((mod, node.lineno, lines[node.lineno - 1].strip()))
    assert unexplained == [], unexplained


@pytest.mark.parametrize("mod", sorted(MODULES))
def test_no_module_over_700_lines_but_the_sample_generator(mod):
    if mod == "yeji_analysis.synth":
        pytest.skip("synth.py stays whole: the self-contained sample generator")
    n = len(MODULES[mod].read_text(encoding="utf-8").split("\n"))
    assert n <= 700, f"{mod}: {n} lines"


def test_one_palette_and_one_list_of_personal_data_columns():
    from yeji_analysis.present import excel, html, palette, plots, redact
    from yeji_analysis.schemas import PRIVATE_COLUMNS

    # the workbook's fills are the palette's, written as openpyxl wants them; the charts' colours are the palette's
    assert excel.STATUS_FILLS == {k: v.lstrip("#").upper() for k, v in palette.STATUS_FILL.items() if k != "none"}
    assert plots.STATUS_COLOURS is palette.STATUS_COLOURS
    assert html.STATUS_FILL is palette.STATUS_FILL
    # no other module defines a colour table of statuses
    for path in PKG.rglob("*.py"):
        if path.name != "palette.py":
            assert '"met": "#' not in path.read_text(encoding="utf-8"), path
    assert set(redact.SENSITIVE_COLUMNS) >= set(PRIVATE_COLUMNS)
    assert {h for hs in PRIVATE_COLUMNS.values() for h in hs} <= set(redact.SENSITIVE_COLUMNS)
