"""The build's one addition to pyproject.toml: the notebooks ship inside the package.

``notebooks/*.ipynb`` stay where they are in the source tree (the tests, the jupytext pairing and the README's
commands use them there); building a wheel copies them into ``yeji_analysis/notebooks/``, where
``yeji_analysis.commands.report.find_template`` finds them once the package is installed (``pip install .``).
An editable install needs no copy: it finds ``notebooks/`` of the source tree.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"


class BuildWithNotebooks(build_py):
    """``build_py`` and then the notebook templates into ``build/lib/yeji_analysis/notebooks/``."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        dest = Path(self.build_lib) / "yeji_analysis" / "notebooks"
        dest.mkdir(parents=True, exist_ok=True)
        found = sorted(NOTEBOOKS.glob("*.ipynb"))
        if not found:
            raise RuntimeError(f"no notebooks to ship in {NOTEBOOKS}")
        for nb in found:
            shutil.copyfile(nb, dest / nb.name)


setup(cmdclass={"build_py": BuildWithNotebooks})
