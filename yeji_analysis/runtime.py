"""How the package's bulk work runs: the cyclic garbage collector paused while frames and graphs are built, and the
cores and forks the reports' parallel steps use."""

from __future__ import annotations

import atexit
import gc
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused", "freeze_imports", "freeze_at_exit", "usable_cores", "forking_quietly"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (restored on exit, if it was on).

    Reading a folder of ledgers or building the graph makes hundreds of thousands of small objects that hold no
    reference cycles; the collector would otherwise rescan everything already kept (other districts' campaigns, the
    graph so far) again and again: a fifth of a district's read when the province's campaigns are kept.
    Reference counting still frees what is dropped; a cycle made meanwhile waits for the next collection.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def freeze_imports() -> None:
    """Move what the process has made so far out of the collector's sight (``gc.freeze``), once a process.

    Called when the imports are done (the ``yeji`` command once its arguments are parsed, a notebook through
    ``present.context.imports_done``): modules, classes and functions are never garbage, and frozen they are
    not rescanned at every full collection. Only a process that froze nothing yet freezes: a later call (a lab
    session's next ``load_context``, a test calling the command again) would freeze the session's own objects
    (figures, old contexts), whose cycles would then never be collected.
    """
    if not gc.get_freeze_count():
        gc.freeze()


_AT_EXIT: list[bool] = []


def freeze_at_exit() -> None:
    """At the process's exit, move what it holds out of the collector's sight (``gc.freeze``) before the interpreter's
    last collection, once a process (an ``atexit`` handler, run after every handler registered later).

    A command's process ends once its report is written: what it made (papermill's, nbconvert's and WeasyPrint's
    objects, the run's own) goes with the process, and that last collection would only rescan it all (about a
    quarter of a second after ``yeji report``). In a process that goes on (a test calling the command, a lab
    session) nothing is frozen before its end.
    """
    if not _AT_EXIT:
        _AT_EXIT.append(True)
        atexit.register(gc.freeze)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - platforms without affinity
        return max(1, os.cpu_count() or 1)


@contextmanager
def forking_quietly() -> Iterator[None]:
    """Forks made inside are of a process whose other threads are its libraries' (a kernel's, zmq's), idle then:
    Python 3.12 warns of any such fork, and not showing that warning is all this does."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"This process .* is multi-threaded", DeprecationWarning)
        yield
