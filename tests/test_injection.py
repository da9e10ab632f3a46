"""Code injection through papermill parameters: refused (exit 2) or passed as plain strings, never run.

Every payload below would run ``touch $YEJI_INJECTION_MARK`` if the kernel evaluated it as code;
the marker file must not exist after the run, and the executed notebook's injected-parameters
cell must assign exactly the strings given, as literals.
"""

from __future__ import annotations

import ast
import json
import math
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from yeji_analysis.commands.main import main
from yeji_analysis.commands.render import check_params, run_notebook

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}

RUN = "__import__('os').system('touch $YEJI_INJECTION_MARK')"
#: strings that break out of a Python string literal in every way we know (and some path tricks)
PAYLOADS = {
    "double_quote": f'"+{RUN}+"',
    "single_quote": f"'+{RUN}+'",
    "newline": f'x"\n{RUN}\n"',
    "carriage_return": f'x"\r{RUN}\r"',
    "triple_double": f'"""\n{RUN}\n"""',
    "triple_single": f"'''\n{RUN}\n'''",
    "escaped_quote": f'\\"; {RUN}; "\\',
    "trailing_backslash": "C:\\data\\",
    "line_separators": f'\u2028"{RUN}\x85"\x0c',
    "nul": f'\x00"{RUN}',
    "braces": "{data_dir}{0}{",
    "fstring": f"{{{RUN}}}",
    "html": '<img src=x onerror="alert(1)"><script>alert(2)</script>',
    "chinese": "叶集区“双招双引”\\n台账",
}
#: the same, as one file or folder name (no "/" and no NUL there)
NAME = "inj\"'\n" + RUN + "\n\"\"\"'''\\{data_dir}<img src=x onerror=alert(1)>\\"


@pytest.fixture
def mark(tmp_path_factory, monkeypatch) -> Path:
    """The file the payloads would create; the kernel inherits the variable naming it."""
    path = tmp_path_factory.mktemp("mark") / "INJECTED"
    monkeypatch.setenv("YEJI_INJECTION_MARK", str(path))
    return path


def test_the_payload_does_run_when_evaluated(mark):
    # the control: the marker mechanism works, so its absence below means nothing ran
    eval(RUN)  # noqa: S307 - on purpose
    assert mark.exists()


def _injected(executed: Path) -> dict:
    """The values the injected-parameters cell assigns, parsed as Python literals (never executed)."""
    nb = nbformat.read(executed, as_version=4)
    cells = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    tree = ast.parse(cells[0].source)
    out = {}
    for node in tree.body:  # nothing but `name = <literal>`: no call, no expression statement
        assert isinstance(node, ast.Assign) and len(node.targets) == 1, ast.dump(node)
        out[node.targets[0].id] = _literal(node.value)
    return out


def _literal(node: ast.expr):
    """A literal, or papermill's spelling of a non-finite float: ``float('inf')`` and no other call."""
    if isinstance(node, ast.Call):
        assert (isinstance(node.func, ast.Name) and node.func.id == "float" and not node.keywords
                and len(node.args) == 1 and isinstance(node.args[0], ast.Constant)
                and node.args[0].value in ("inf", "-inf", "nan")), ast.dump(node)
        return float(node.args[0].value)
    return ast.literal_eval(node)


# ------------------------------------------------------------------------- run_notebook directly
def test_run_notebook_passes_payloads_as_plain_strings(tmp_path, mark):
    params = dict(PAYLOADS, number=3, ratio=-0.25, big=math.inf, flag=False, nothing=None)
    cell = new_code_cell("\n".join(f"{k} = None" for k in params))
    cell.metadata["tags"] = ["parameters"]
    body = new_code_cell("import json\nNAMES = " + repr(sorted(params)) + "\n"
                         "json.dump({k: globals()[k] for k in NAMES}, open('seen.json', 'w', encoding='utf-8'),"
                         " ensure_ascii=False)")
    folder = tmp_path / "tpl{data_dir}{0}"  # papermill formats its paths: braces must stay literal
    folder.mkdir()
    nb = folder / "t{number}.ipynb"
    nbformat.write(new_notebook(cells=[cell, body], metadata={"kernelspec": KERNELSPEC}), nb)
    out = tmp_path / "out" / NAME
    run_notebook(nb, params, out, html_name="t.html", progress=False)
    assert not mark.exists()
    assert sorted(p.name for p in out.iterdir()) == ["seen.json", "t.html", "t{number}.ipynb"]
    seen = json.loads((out / "seen.json").read_text(encoding="utf-8"))
    assert seen == params  # the kernel holds exactly these values (JSON keeps inf as Infinity)
    assert _injected(out / "t{number}.ipynb") == params
    html = (out / "t.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "onerror" not in html


@pytest.mark.parametrize("name", ["__import__('os').system('x')", "a=1\nb", "import", "class", "", "1x"])
def test_parameter_names_that_are_not_plain_names_are_refused(name):
    with pytest.raises(TypeError, match="identifier"):
        check_params({name: "x"})


def test_non_plain_values_are_refused():
    class Sneaky:
        def __repr__(self):
            return RUN

    for value in (Sneaky(), [RUN], {"k": RUN}, b"x", ("a",)):
        with pytest.raises(TypeError, match="plain"):
            check_params({"x": value})


# ------------------------------------------------------------------------- the commands, refused
# the no_kernel fixture is in conftest.py


def _exit_code(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:  # argparse: bad choice or not a number
        return exc.code


P = PAYLOADS["double_quote"]


@pytest.mark.parametrize("args", [
    ["--period", P], ["--period", "2021-07" + PAYLOADS["newline"]], ["--dispatch", P],
    ["--start", P, "--end", "2021-07-31"], ["--start", "2021-07-01", "--end", "2021-07-31\n" + RUN],
    ["--period", "2021-07", "--as-of", PAYLOADS["triple_double"]], ["--period", "2021-07", "--lang", P],
    ["--period", "2021-07", "--config", str(SAMPLE / PAYLOADS["single_quote"])],
])
def test_report_refuses_payloads_in_checked_parameters(args, tmp_path, mark, no_kernel, capsys):
    assert _exit_code(["report", str(SAMPLE), *args, "--out", str(tmp_path / "r")]) == 2
    assert not mark.exists() and not (tmp_path / "r").exists()


@pytest.mark.parametrize("args", [
    ["--from", P, "--to", "2021-09-10"], ["--from", "2021-09-01", "--to", "2021-09-10\n" + RUN],
    ["--from", "2021-09-01", "--to", "2021-09-10", "--regions", P],
    ["--from", "2021-09-01", "--to", "2021-09-10", "--regions", "临沂," + PAYLOADS["triple_single"]],
    ["--from", "2021-09-01", "--to", "2021-09-10", "--as-of", PAYLOADS["escaped_quote"]],
    ["--from", "2021-09-01", "--to", "2021-09-10", "--max-trips-per-unit", P],
    ["--from", "2021-09-01", "--to", "2021-09-10", "--lang", P],
])
def test_plan_refuses_payloads_in_checked_parameters(args, tmp_path, mark, no_kernel, capsys):
    assert _exit_code(["plan", str(SAMPLE), *args, "--out", str(tmp_path / "p")]) == 2
    assert not mark.exists() and not (tmp_path / "p").exists()


# ------------------------------------------------------------------------- the commands, for real
@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, Path]:
    """The sample ledgers in a folder, and the shipped configuration in a file, named with the payload."""
    base = tmp_path_factory.mktemp("hostile")
    data = base / NAME
    shutil.copytree(SAMPLE, data)
    config = base / f"cfg{NAME}.toml"
    shutil.copyfile(ROOT / "yeji_analysis" / "resources" / "campaign.toml", config)
    return data, config


def test_report_takes_hostile_paths_as_plain_strings(hostile, tmp_path, mark):
    data, config = hostile
    out = tmp_path / "reports" / NAME
    rc = main(["report", str(data), "--period", "2021-07", "--config", str(config), "--out", str(out),
               "--index", str(out.parent / "index.html")])
    assert rc == 0 and not mark.exists()
    got = _injected(out / "retrospective.ipynb")
    assert got["data_dir"] == str(data.resolve()) and got["config"] == str(config.resolve())
    assert got["out_dir"] == "." and got["period"] == "2021-07"
    # the report read the ledgers from that folder and shows its name as text, escaped
    m = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert m["parameters"]["data_dir"] == NAME and m["district"]["trips"] > 0
    html = (out / "retrospective.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img src=x" not in html
    # no litter beside the report; the parent index links the folder by its (escaped) name
    assert sorted(p.name for p in out.parent.iterdir()) == ["index.en.html", "index.html", NAME]
    assert "<img src=x" not in (out.parent / "index.html").read_text(encoding="utf-8")


def test_plan_takes_hostile_paths_as_plain_strings(hostile, tmp_path, mark):
    data, config = hostile
    out = tmp_path / "plans" / NAME
    rc = main(["plan", str(data), "--from", "2021-09-06", "--to", "2021-09-10", "--regions", "临沂市,Foshan",
               "--config", str(config), "--out", str(out)])
    assert rc == 0 and not mark.exists()
    got = _injected(out / "roadshow_plan.ipynb")
    assert got["data_dir"] == str(data.resolve()) and got["config"] == str(config.resolve())
    assert got["regions"] == "临沂,佛山"
    assert (out / "roadshow_plan.html").is_file() and (out / "plan.json").is_file()
    assert [p.name for p in out.parent.iterdir()] == [NAME]
