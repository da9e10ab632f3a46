"""Installs like a package (issue 14): a wheel built from the source tree carries the notebooks, and the
installed package, in a fresh environment away from the source tree, runs ``yeji report`` and ``yeji plan``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
NOTEBOOKS = ["explore.ipynb", "retrospective.ipynb", "roadshow_plan.ipynb"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # a copy of the source tree, so setuptools' build/ and egg-info folders stay out of the checkout
    src = tmp_path_factory.mktemp("src") / "yeji-analysis"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", "data",
        "reports", "plans", "lab", "province", "benchmarks", ".ipynb_checkpoints"))
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)], check=True,
                   env=env, cwd=src, timeout=600)
    found = sorted(out.glob("yeji_analysis-*.whl"))
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def fresh(wheel, tmp_path_factory) -> tuple[Path, dict]:
    """A new virtual environment with the wheel installed (not editable); the dependencies come from this
    environment's site-packages through a .pth path (no download), without its editable yeji_analysis."""
    venv = tmp_path_factory.mktemp("venv") / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--no-deps", "-q",
                    str(wheel)], check=True, timeout=300)
    # nbconvert's templates are data files of this environment (share/jupyter), as they would be of the new one
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    return venv, env


def test_the_wheel_carries_the_notebooks_and_the_resources(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for nb in NOTEBOOKS:
        assert f"yeji_analysis/notebooks/{nb}" in names
    assert "yeji_analysis/resources/campaign.toml" in names and "yeji_analysis/resources/regions.csv" in names
    assert not [n for n in names if n.startswith(("notebooks/", "tests/", "data/"))]


def test_the_installed_package_finds_its_own_notebooks(fresh, tmp_path):
    venv, env = fresh
    code = ("import yeji_analysis; from yeji_analysis.commands.report import find_template; "
            "print(yeji_analysis.__file__); print(find_template()); print(find_template('roadshow_plan.ipynb'))")
    lines = subprocess.run([str(venv / "bin" / "python"), "-c", code], check=True, capture_output=True, text=True,
                           cwd=tmp_path, env=env).stdout.split()
    assert all(line.startswith(str(venv)) for line in lines), lines  # not the source tree
    assert lines[1].endswith("yeji_analysis/notebooks/retrospective.ipynb")


def test_the_installed_commands_build_a_report_and_a_plan(fresh, tmp_path):
    venv, env = fresh
    yeji = str(venv / "bin" / "yeji")
    r = subprocess.run([yeji, "report", str(SAMPLE), "--period", "2021-07", "--out", "r"], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert {"retrospective.html", "dispatch.xlsx", "metrics.json", "index.html"} <= {p.name for p in (tmp_path / "r").iterdir()}
    assert "一、总体进度与区级目标" in (tmp_path / "r" / "retrospective.html").read_text(encoding="utf-8")
    p = subprocess.run([yeji, "plan", str(SAMPLE), "--from", "2021-09-06", "--to", "2021-09-10", "--out", "p"],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    assert {"roadshow_plan.html", "itinerary.xlsx", "plan.json"} <= {x.name for x in (tmp_path / "p").iterdir()}
    # nothing but the two folders was written where the commands ran
    assert sorted(x.name for x in tmp_path.iterdir()) == ["p", "r"]
