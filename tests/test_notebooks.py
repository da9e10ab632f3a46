"""The notebooks: documented parameters, committed without outputs, paired with their py:percent source."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jupytext
import nbformat
import papermill as pm
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ["retrospective", "explore"]
REPORT_PARAMS = {"data_dir", "start", "end", "as_of", "lang", "redact", "config"}


def _nb(name: str):
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


@pytest.mark.parametrize("name", NAMES)
def test_parameters_are_documented(name):
    # what `papermill --help-notebook` prints: every parameter with a type, a default and a comment
    params = pm.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    assert params, "no cell tagged 'parameters'"
    for p in params.values():
        assert p["help"].strip(), f"{p['name']} has no comment"
        assert p["inferred_type_name"] in ("str", "bool", "int", "float"), p
        assert p["default"] not in (None, "None"), p


def test_report_notebook_parameters_are_the_contract():
    params = pm.inspect_notebook(str(NOTEBOOKS / "retrospective.ipynb"))
    assert REPORT_PARAMS <= set(params)
    assert params["lang"]["default"] == '"zh"' and params["redact"]["default"] == "True"


@pytest.mark.parametrize("name", NAMES)
def test_parameters_cell_holds_only_annotated_literals(name):
    cell = next(c for c in _nb(name).cells if "parameters" in c.metadata.get("tags", []))
    for stmt in ast.parse(cell.source).body:
        assert isinstance(stmt, ast.AnnAssign), ast.dump(stmt)
        assert isinstance(stmt.value, ast.Constant), f"{stmt.target.id} is not a literal"


@pytest.mark.parametrize("name", NAMES)
def test_committed_without_outputs_and_runnable_as_is(name):
    nb = _nb(name)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert nb.metadata["kernelspec"] == {"name": "python3", "display_name": "Python 3", "language": "python"}
    assert nb.metadata["language_info"]["name"] == "python"
    assert nb.metadata["jupytext"]["formats"] == "ipynb,py:percent"


@pytest.mark.parametrize("name", NAMES + ["roadshow_plan"])
def test_ipynb_in_sync_with_py_source(name):
    text = jupytext.read(NOTEBOOKS / f"{name}.py")
    nb = _nb(name)
    assert [(c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in text.cells] == \
           [(c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in nb.cells]


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_thin(name):
    nb = _nb(name)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    for src in code:
        tree = ast.parse(src)
        assert not any(isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda, ast.For, ast.While))
                       for n in ast.walk(tree)), src


def test_report_sections_are_one_call_each_under_a_heading():
    nb = _nb("retrospective")
    cells = nb.cells
    setup = next(i for i, c in enumerate(cells) if c.cell_type == "code" and "load_context" in c.source)
    calls = [c for c in cells[setup + 1:] if c.cell_type == "code"]
    for c in calls:
        body = ast.parse(c.source).body
        assert len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Call), c.source
    headings = [c for c in cells[setup + 1:] if c.cell_type == "markdown" and c.source.startswith("## ")]
    # every section call after the title has its heading just before it
    for i, c in enumerate(cells[setup + 2:], start=setup + 2):
        if c.cell_type == "code":
            assert cells[i - 1].cell_type == "markdown" and cells[i - 1].source.startswith("## "), c.source
    assert len(headings) == 12  # eleven sections and the output files
    called = {ast.parse(c.source).body[0].value.func.attr for c in calls}
    assert {"headline", "compliance", "groups", "pipeline", "forecast", "scoreboard", "battle_map",
            "roadshow", "contention", "data_quality", "method", "outputs"} <= called


def test_explore_notebook_runs_on_the_sample(tmp_path):
    sample = NOTEBOOKS.parent / "data" / "sample"
    if not (sample / "MANIFEST.json").is_file():
        pytest.skip("data/sample not written yet")
    out = tmp_path / "explore.ipynb"
    pm.execute_notebook(str(NOTEBOOKS / "explore.ipynb"), str(out), parameters={"data_dir": str(sample)},
                        progress_bar=False, cwd=str(tmp_path))
    nb = nbformat.read(out, as_version=4)
    drill = next(c for c in nb.cells if c.cell_type == "code" and "S.drill" in c.source)
    html = drill.outputs[0]["data"]["text/html"]
    assert "来源文件" in html and "行号" in html  # the rows behind the figure, with where they came from
    # every frame the notebook shows has its column names in Chinese (issue 14): no header left as a code
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            page = out.get("data", {}).get("text/html", "")
            heads = re.findall(r"<th[^>]*>([^<]*)</th>", page)
            assert not [h for h in heads if re.fullmatch(r"[a-z_]+", h.strip())], (cell.source, heads)
