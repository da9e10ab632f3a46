"""``yeji lab [DATA]`` (issue 14): the explore notebook with DATA as its parameter, served by JupyterLab at the URL
it prints; --allow-root added as root."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from yeji_analysis.commands.lab import lab_command, prepare_notebook
from yeji_analysis.commands.main import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"


def _injected(nb_path: Path) -> str:
    nb = nbformat.read(nb_path, as_version=4)
    return next(c.source for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))


def test_the_notebook_gets_data_as_its_parameter_and_keeps_the_analysts_cells(tmp_path):
    nb = prepare_notebook(SAMPLE, tmp_path / "lab")
    assert f'data_dir = "{SAMPLE.resolve()}"' in _injected(nb)
    assert all(c.outputs == [] for c in nbformat.read(nb, as_version=4).cells if c.cell_type == "code")
    # an analyst's cell survives a second `yeji lab` with other data; only the parameters change
    book = nbformat.read(nb, as_version=4)
    book.cells.append(nbformat.v4.new_code_cell("my_own = 1"))
    nbformat.write(book, nb)
    other = tmp_path / "other"
    other.mkdir()
    prepare_notebook(other, tmp_path / "lab")
    book = nbformat.read(nb, as_version=4)
    assert book.cells[-1].source == "my_own = 1" and f'data_dir = "{other.resolve()}"' in _injected(nb)
    assert sum("injected-parameters" in c.metadata.get("tags", []) for c in book.cells) == 1


@pytest.mark.parametrize("root", [True, False])
def test_allow_root_only_as_root(root):
    argv, url = lab_command("lab", port=8890, token="abc", is_root=root)
    assert ("--allow-root" in argv) is root
    assert url == "http://127.0.0.1:8890/lab/tree/explore.ipynb?token=abc" and "--IdentityProvider.token=abc" in argv


def test_an_empty_data_folder_is_refused_before_jupyterlab(tmp_path, capsys, no_kernel):
    (tmp_path / "empty").mkdir()
    assert main(["lab", str(tmp_path / "empty"), "--dir", str(tmp_path / "lab")]) == 2
    assert "没有找到" in capsys.readouterr().err and not (tmp_path / "lab").exists()


def test_yeji_lab_serves_the_notebook_at_the_url_it_prints(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "yeji_analysis", "lab", str(SAMPLE), "--dir", str(tmp_path / "lab"),
                             "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            cwd=tmp_path, env={**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")})
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://\S+", line).group(0)
        api = url.replace("/lab/tree/explore.ipynb", "/api/contents/explore.ipynb")
        deadline, page = time.monotonic() + 90, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(api, timeout=5) as r:
                    page = json.load(r)
                break
            except OSError:
                time.sleep(0.5)
        assert page is not None, f"JupyterLab did not answer at {url} (exit {proc.poll()})"
        cells = page["content"]["cells"]
        injected = next(c for c in cells if "injected-parameters" in c["metadata"].get("tags", []))
        assert str(SAMPLE.resolve()) in injected["source"]
        with urllib.request.urlopen(url, timeout=10) as r:
            assert r.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)
