"""environment.yml (conda) and pyproject.toml (pip) name the same packages with compatible versions."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _split(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*(#.*)?$", req)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def _pyproject() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = meta["dependencies"] + meta["optional-dependencies"]["test"]
    return dict(_split(r) for r in reqs)


def _environment() -> tuple[dict[str, str], dict[str, str], list]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda, pip = {}, {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for p in dep["pip"]:
                if not p.startswith("-e"):
                    name, spec = _split(p)
                    pip[name] = spec
        else:
            name, spec = _split(dep.replace("=", "==", 1) if re.match(r"^[\w\-]+=\d", dep) else dep)
            conda[name] = spec
    return conda, pip, env["dependencies"]


def test_same_packages_and_versions():
    py = _pyproject()
    conda, pip, _ = _environment()
    both = {**conda, **pip}
    missing = sorted(set(py) - set(both))
    assert not missing, f"in pyproject.toml but not environment.yml: {missing}"
    extra = sorted(set(both) - set(py) - {"python", "pip"})
    assert not extra, f"in environment.yml but not pyproject.toml: {extra}"
    differ = {n: (py[n], both[n]) for n in py if py[n] != both[n]}
    assert not differ, f"version specs differ (pyproject, environment): {differ}"


def test_python_and_editable_install():
    conda, _, deps = _environment()
    assert conda["python"] == "==3.11"
    pip = next(d["pip"] for d in deps if isinstance(d, dict))
    assert "-e ." in pip
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"] == ">=3.11"
