"""The floor for a report run: a notebook that only imports what the report imports, run and converted the same way.

    python benchmarks/floor_notebook.py OUT_DIR [--html-only]

Converted the same way: to HTML and to PDF, as ``yeji report`` and ``yeji plan`` convert theirs (since issue 14);
``--html-only`` stops at the HTML, the floor as it was before the reports were printed to PDF.
"""

import sys
import tempfile
from pathlib import Path

import nbformat

from yeji_analysis.commands.render import run_notebook

IMPORTS = """\
import pandas, numpy, networkx, matplotlib, seaborn, openpyxl
import yeji_analysis
from yeji_analysis.present import fonts
fonts.use_cjk_font()
"""


def main(out: str, pdf: bool = True) -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('data_dir: str = "data/sample"  # unused: the floor reads nothing')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(IMPORTS)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "floor.ipynb"
        nbformat.write(nb, template)
        run_notebook(template, {"data_dir": "data/sample"}, out, html_name="floor.html", progress=False,
                     pdf_name="floor.pdf" if pdf else None)


if __name__ == "__main__":
    main(sys.argv[1], pdf="--html-only" not in sys.argv[2:])
