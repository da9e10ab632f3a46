"""Work done ahead (提前生成), on another core, while the process goes on with the rest.

A report's kernel runs its sections one after another on one core while the machine's other cores wait. The
longest (the battle map, the output files) do not depend on the sections before them, only on the report's
context, so a forked copy of the kernel can work them out meanwhile: :func:`start_ahead` forks it, and when the
notebook reaches such a section, :meth:`Ahead.take` hands over what the copy made (the same object, pickled),
replaying its warnings here. The planner does the same with one of its two simulations. Whatever the copy could not make (an error, no result in time, a platform without
``fork``) the notebook's own call makes instead, as it would have without this: an error then shows in its cell,
with its traceback, as always.

The copy never writes to the notebook: its standard output and error go to ``/dev/null`` (a kernel's streams are
sockets of the parent's threads, which a forked process does not have), and it leaves with ``os._exit``. It writes
its results into temporary files opened, and already removed from the disk, before the fork: nothing is left behind
however either side ends. It runs in a process group of its own, so the signals a kernel's shutdown sends to its
group do not reach it; the kernel stops and reaps it when the results are taken, when their :class:`Ahead` goes,
or when the kernel exits.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import tempfile
import time
import weakref
from typing import IO, Any, Callable

# MISSING: what Ahead.take returns for a job it has no result of (the one sentinel handoff.take_over returns too)
from .handoff import MISSING, replay, run_recorded, silence_output
from .runtime import forking_quietly, usable_cores

__all__ = ["Ahead", "start_ahead", "MISSING", "can_fork"]


#: The longest the notebook waits for a job's result before making it itself (the copy is then stopped).
WAIT_SECONDS = 120.0


def can_fork() -> bool:
    """Whether a second core and ``os.fork`` are here (not on Windows; one core gains nothing)."""
    return hasattr(os, "fork") and usable_cores() > 1


def _end(pid: int, ready: int, files: list[IO[bytes]], kill: bool) -> None:
    """Stop waiting on the process ``pid``: reap it (stopped first when ``kill``), close its pipe and files."""
    if kill:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    os.close(ready)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    for f in files:
        f.close()


class Ahead:
    """The jobs a forked process works out, in order, and what it made of each (see :func:`start_ahead`)."""

    def __init__(self, names: list[str], pid: int, ready: int, files: list[IO[bytes]], key: Any = None):
        self.names, self.pid, self._ready, self._files = names, pid, ready, files
        self.key = key   # what the caller made the jobs from, to check before taking
        self._done = 0   # how many results the process has announced
        # left untaken (a notebook stopped early, a context read again): the process goes with this object, or when
        # the kernel exits
        self._end = weakref.finalize(self, _end, pid, ready, files, True)

    def take(self, name: str) -> Any:
        """The result of job ``name`` (its warnings re-issued here), waiting for it; :data:`MISSING` when the
        process raised, died, took longer than :data:`WAIT_SECONDS`, or was given no such job. Each job is
        handed over once."""
        if name not in self.names or not self._end.alive:
            return MISSING
        k = self.names.index(name)
        deadline = time.monotonic() + WAIT_SECONDS
        while self._done <= k:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._ready], [], [], left)[0]:
                self.close(kill=True)
                return MISSING
            got = os.read(self._ready, 64)
            if not got:   # the process ended before announcing this job
                self.close()
                return MISSING
            self._done += len(got)
        f = self._files[k]
        try:
            f.seek(0)
            ok, value, caught = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return MISSING
        finally:
            f.truncate(0)
        replay(caught)
        self.names[k] = None   # handed over
        if not any(self.names):
            self.close()
        return value if ok else MISSING

    def close(self, kill: bool = False) -> None:
        """Stop waiting: reap the process (stopping it first when ``kill``) and close its files."""
        if self._end.detach() is not None:
            _end(self.pid, self._ready, self._files, kill)


def start_ahead(jobs: dict[str, Callable[[], Any]], key: Any = None) -> Ahead | None:
    """Fork a process that runs each of ``jobs`` (name -> a call without arguments), in order, and keeps each
    result for :meth:`Ahead.take`; None where it cannot (see :func:`can_fork`) or there are no jobs. ``key`` is kept
    as :attr:`Ahead.key` (what the jobs were made from, for the caller to check)."""
    if not jobs or not can_fork():
        return None
    files = [tempfile.TemporaryFile(prefix="yeji-ahead-") for _ in jobs]   # unlinked already: nothing to remove
    ready, announce = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        with forking_quietly():
            pid = os.fork()
    except OSError:   # no process to be had (EAGAIN, ENOMEM): nothing ahead, every job made where it is shown
        os.close(ready)
        os.close(announce)
        for f in files:
            f.close()
        return None
    if pid == 0:   # the copy: work the jobs out, say each is ready with one byte, leave without clean-up
        try:
            os.setpgid(0, 0)   # out of the kernel's process group: its shutdown's signals are for the kernel
            os.close(ready)
            silence_output()
            for f, job in zip(files, jobs.values()):
                ok, value, notes = run_recorded(job)   # a job that raised is made again, and raises, in the notebook
                try:
                    data = pickle.dumps((ok, value, notes))
                except Exception:
                    data = pickle.dumps((False, None, notes))
                f.write(data)
                f.flush()
                os.write(announce, b"1")
        finally:
            os._exit(0)
    try:
        os.setpgid(pid, pid)   # here too (the usual pair): the group is the copy's own whichever runs first
    except OSError:  # pragma: no cover - the copy already did it and left
        pass
    os.close(announce)
    return Ahead(list(jobs), pid, ready, files, key)
