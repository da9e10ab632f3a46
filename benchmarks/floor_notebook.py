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
from yeji_analysis.runtime import freeze_at_exit, freeze_imports

# What the report's and the plan's first cells import, and what they do once the imports are done: imports_done()
# moves what they made out of the collector's sight and turns it on (the command starts kernels with it off). Without
# it the kernel ends with an uncollected heap, whose last collection at exit made this floor ~0.55 s slower than a
# report's own ending (stop 20: 4.31-4.39 s against 3.70-3.86 s, its kernel's last cell to papermill's end 0.72 s
# against 0.12 s), so that the ratios to it were flattered by as much.
IMPORTS = """\
import pandas, numpy, networkx, matplotlib, seaborn, openpyxl
import yeji_analysis
from yeji_analysis.present import fonts
fonts.use_cjk_font()
from yeji_analysis.present.context import imports_done
imports_done()
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
    freeze_imports()   # as the yeji command does once its arguments are parsed: the imports out of the collector's sight,
    freeze_at_exit()   # and its process ends without rescanning what it made
    main(sys.argv[1], pdf="--html-only" not in sys.argv[2:])
