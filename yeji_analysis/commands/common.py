"""What the commands share: the usage error (exit 2), date parameters, progress on the terminal, checked inputs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..config import ConfigError, load_config
from ..errors import UsageError
from ..periods import parse_day

__all__ = ['UsageError', 'parse_day', 'say', 'checked_inputs', 'checked_corrections']


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
