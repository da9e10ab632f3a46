"""``yeji lab [DATA]``: the explore notebook with DATA as its parameter, opened in JupyterLab (探索笔记本)."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
from pathlib import Path

from ..present.context import resolve_data_dir
from .common import checked_campaign, checked_inputs, say
from .report import find_template

__all__ = ['prepare_notebook', 'lab_command', 'run_lab_cli', 'NOTEBOOK']

#: The notebook ``yeji lab`` opens, in its folder (``lab/`` by default; ignored by git).
NOTEBOOK = "explore.ipynb"


def prepare_notebook(data: str | Path, folder: str | Path, *, config: str | None = None) -> Path:
    """Write ``folder/explore.ipynb`` with ``data_dir`` (an absolute path) and ``config`` as its parameters.

    A notebook already there keeps the analyst's cells: only papermill's injected-parameters cell is
    replaced. Nothing runs (papermill's ``prepare_only``)."""
    import papermill as pm  # deferred: papermill only when a notebook is prepared

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / NOTEBOOK
    source = dest if dest.is_file() else find_template(NOTEBOOK)
    params = {"data_dir": str(Path(data).resolve()), "config": str(Path(config).resolve()) if config else ""}
    pm.execute_notebook(str(source).replace("{", "{{").replace("}", "}}"), str(dest).replace("{", "{{").replace("}", "}}"),
                        parameters=params, prepare_only=True, progress_bar=False, kernel_name=None)
    return dest


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lab_command(folder: str | Path, *, port: int = 0, browser: bool = True, token: str | None = None,
                is_root: bool | None = None) -> tuple[list[str], str]:
    """The JupyterLab command for ``folder`` (its root) opening the explore notebook, and the URL it serves
    it at (a fresh token; a free port unless given). ``--allow-root`` is added when run as root.

    Examples
    --------
    >>> argv, url = lab_command("lab", port=8899, token="t0k", browser=False, is_root=True)
    >>> url
    'http://127.0.0.1:8899/lab/tree/explore.ipynb?token=t0k'
    >>> "--allow-root" in argv, "--no-browser" in argv, "--allow-root" in lab_command("lab", is_root=False)[0]
    (True, True, False)
    """
    port = port or _free_port()
    token = token or secrets.token_hex(16)
    is_root = (os.geteuid() == 0) if is_root is None else is_root
    argv = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={Path(folder).resolve()}",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", NOTEBOOK]
    if not browser:
        argv.append("--no-browser")
    if is_root:
        argv.append("--allow-root")
    return argv, f"http://127.0.0.1:{port}/lab/tree/{NOTEBOOK}?token={token}"


def run_lab_cli(args) -> int:
    """``yeji lab``: check DATA (exit 2 as ``yeji check`` would), write the notebook, start JupyterLab, print its URL."""
    args.data = str(resolve_data_dir(args.data))
    cfg = checked_inputs(args)
    checked_campaign(args.data, cfg)
    nb = prepare_notebook(args.data, args.lab_dir, config=args.config)
    argv, url = lab_command(args.lab_dir, port=args.port, browser=args.browser)
    say(f"yeji lab: {nb}（数据 / data {args.data}）")
    print(f"JupyterLab: {url}", flush=True)
    say("yeji lab: Ctrl-C 两次停止 / press Ctrl-C twice to stop")
    proc = subprocess.Popen(argv, cwd=str(Path(args.lab_dir).resolve()))
    # Ctrl-C reaches JupyterLab too (one process group): it asks, or stops on the second; a SIGTERM sent
    # to yeji alone is passed on, so no server is left running without us
    previous = signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
    try:
        while True:
            try:
                return proc.wait()
            except KeyboardInterrupt:
                continue
    finally:
        signal.signal(signal.SIGTERM, previous)
