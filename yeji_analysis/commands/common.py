"""What the commands share: the usage error (exit 2), date parameters, progress on the terminal, checked inputs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..config import ConfigError, load_config
from ..errors import UsageError
from ..periods import parse_day

__all__ = ['UsageError', 'parse_day', 'say', 'checked_inputs', 'checked_corrections', 'checked_out', 'checked_campaign',
           'default_folder']


def say(text: str) -> None:
    """Progress and results for the person at the terminal (stderr, so stdout stays for data)."""
    print(text, file=sys.stderr, flush=True)


def checked_inputs(args: argparse.Namespace) -> dict:
    """The campaign configuration for a command's DATA and ``--config``, after checking both exist and
    the configuration is valid; raises :class:`UsageError` (exit 2) before any work starts."""
    if not Path(args.data).is_dir():
        raise UsageError(f"数据文件夹不存在 / data folder not found: {args.data}")
    config = getattr(args, "config", None)
    if config and not Path(config).is_file():
        raise UsageError(f"配置文件不存在 / config file not found: {config}")
    try:
        return load_config(config or None)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def checked_corrections(args: argparse.Namespace) -> str | None:
    """The ``--corrections`` workbook of ``report`` and ``plan`` (applied on reading), after checking it exists;
    raises :class:`UsageError` (exit 2) when it does not."""
    path = getattr(args, "corrections", None)
    if not path:
        return None
    if not Path(path).is_file():
        raise UsageError(f"更正表不存在 / corrections workbook not found: {path}")
    return path


def checked_out(data: str | Path, out: str | Path, option: str = "--out") -> Path:
    """The command's output folder, after checking it is not a file and not inside the data folder (where the next
    read would take the report's own workbook for a ledger: ``cd DATA && yeji report .``); raises
    :class:`UsageError` (exit 2) before any work starts.

    Examples
    --------
    >>> str(checked_out("/data/office", "/data/reports/2021-08"))
    '/data/reports/2021-08'
    >>> checked_out("/data/office", "/data/office/reports/2021-08")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    yeji_analysis.errors.UsageError: 输出文件夹 /data/office/reports/2021-08 在数据文件夹 /data/office 内...
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{option} {out} 已存在且不是文件夹 / exists and is not a folder")
    inside, folder = out.resolve(), Path(data).resolve()
    if inside == folder or folder in inside.parents:
        raise UsageError(f"输出文件夹 {out} 在数据文件夹 {data} 内：下次读取会把报告的工作簿当作台账读入。请在数据文件夹之外"
                         f"运行，或用 {option} 指定其外的文件夹 / the output folder is inside the data folder (its "
                         f"workbook would be read as a ledger next time): run from outside it, or give {option} outside it")
    return out


def checked_campaign(data: str | Path, config: dict, corrections: str | Path | None = None) -> None:
    """Refuse (:class:`UsageError`, exit 2) a data folder that cannot make a campaign (empty, no ledgers, a
    required ledger missing) before any kernel starts, with ``yeji check``'s message.

    The ledgers are found here as the notebook finds them (``ledgers.check_folder``: every file opened, each
    sheet recognised, the required ledgers and columns looked for) but their rows are left for the notebook to
    read: reading them twice cost about 0.5 s of a report; a failed run would leave a ``.failed.ipynb``.
    """
    from ..ledgers import LedgerError, check_folder  # deferred: the ledger reader only for the commands that read
    try:
        check_folder(data, config, corrections=corrections)
    except LedgerError as exc:
        raise UsageError(str(exc)) from None


def default_folder(parent: str | Path, name: str, lang: str) -> Path:
    """Where a run goes without ``--out``: ``parent/name`` in Chinese, ``parent/name.en`` in English, so a
    Chinese and an English run of the same period both remain.

    Examples
    --------
    >>> str(default_folder("reports", "2021-08", "zh")), str(default_folder("reports", "2021-08", "en"))
    ('reports/2021-08', 'reports/2021-08.en')
    """
    return Path(parent) / (name if lang == "zh" else f"{name}.{lang}")
