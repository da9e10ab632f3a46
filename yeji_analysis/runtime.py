"""How the package's bulk work runs: the cyclic garbage collector paused while frames and graphs are built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused", "freeze_imports"]


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
