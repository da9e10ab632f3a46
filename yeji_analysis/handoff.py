"""A value worked out by one process for another (交接): the command reads the ledgers while the kernel starts.

``yeji report`` and ``yeji plan`` start a kernel, which imports its libraries for about two seconds on one core
while the command's process only waits. The command's process can read the ledgers meanwhile: :func:`hand_over`
forks a process that works the value out and pickles it into a file the notebook is told of, and the notebook's
:func:`take_over` waits for it and loads it, instead of reading the folder again. Whatever goes wrong on the way (no
``fork``, one core, the job raised, the process died or was stopped, the file was made from other inputs) leaves
no file, or one not taken: the notebook then reads the folder itself, as it would have without this, so an error
still shows in its cell with its own message.

The file is written whole before it gets its name (``os.replace``). While the job runs its process holds an
exclusive ``flock`` on a lock file beside it: the lock goes with the process however it ends, so the waiting side
never waits for a process that is gone.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import Any, Callable

from .runtime import forking_quietly, gc_paused, usable_cores
from .version import __version__

__all__ = ["Handoff", "hand_over", "take_over", "asked", "reading_key", "MISSING", "run_recorded", "replay",
           "silence_output"]

#: What :func:`take_over` returns when there is nothing to take (and :meth:`yeji_analysis.ahead.Ahead.take`: one
#: sentinel for both).
MISSING = object()

#: The longest :func:`take_over` waits for the value before the notebook works it out itself.
WAIT_SECONDS = 120.0


def reading_key(*inputs: Any) -> tuple:
    """A key for a value read from ``inputs`` (as text) by this interpreter and this copy of the package: a taking
    side that runs in another environment does not match it, and works the value out itself."""
    return (*map(str, inputs), sys.executable, os.path.dirname(os.path.abspath(__file__)), __version__)


def run_recorded(job: Callable[[], Any]) -> tuple[bool, Any, list[tuple]]:
    """``(ok, value, warnings)`` of calling ``job``: ``ok`` False (and no value) when it raised; the warnings it
    issued as ``(message, category, filename, lineno)``, for :func:`replay` in the process that takes the value."""
    with warnings.catch_warnings(record=True) as caught:
        try:
            ok, value = True, job()
        except BaseException:   # made again, and raised there, by the taking side's own call
            ok, value = False, None
    return ok, value, [(str(w.message), w.category, w.filename, w.lineno) for w in caught]


def replay(notes: list[tuple]) -> None:
    """Issue again, here, the warnings :func:`run_recorded` recorded elsewhere."""
    for message, category, filename, lineno in notes:
        warnings.warn_explicit(message, category, filename, lineno)


def silence_output() -> None:
    """A forked process's standard output and error to /dev/null (the parent's streams are not its to write to)."""
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    sys.stdout = sys.stderr = open(os.devnull, "w")


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _asked_path(path: Path) -> Path:
    return path.with_name(path.name + ".asked")


#: In the process :func:`hand_over` forked, the value's path (for :func:`asked`); None elsewhere.
_HANDING: Path | None = None


def asked() -> bool:
    """In a job :func:`hand_over` runs: whether the taking side has begun to wait for its value (:func:`take_over`
    was called). A job made of parts that can stop there and return what it has made so far: the taking side then
    waits for no more than the part under way, and works the rest out itself."""
    return _HANDING is not None and _asked_path(_HANDING).exists()


class Handoff:
    """The process :func:`hand_over` started: :meth:`close` stops it if it still runs and removes its files."""

    def __init__(self, pid: int, path: Path):
        self.pid, self.path = pid, path

    def close(self) -> None:
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0
        for p in (self.path, _lock_path(self.path), self.path.with_name(self.path.name + ".part"),
                  _asked_path(self.path)):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()


def hand_over(path: str | Path, job: Callable[[], Any], key: Any) -> Handoff | None:
    """Fork a process that works ``job()`` out and pickles it, after ``key`` (what it was made from) and with the
    warnings it issued, into ``path`` for :func:`take_over`; None where processes cannot be forked, there is one
    core, or the process runs other threads (only the calling thread goes on in a fork, and a lock another one
    held would never be released there): then nothing is written, and the taking side works the value out
    itself. Call it before starting any thread."""
    import fcntl  # deferred: POSIX only, and only when a value is handed over

    if not hasattr(os, "fork") or usable_cores() < 2 or threading.active_count() > 1:
        return None
    path = Path(path)
    lock = os.open(_lock_path(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)   # taken before the fork: the waiting side never finds it free too early
        sys.stdout.flush()
        sys.stderr.flush()
        with forking_quietly():
            pid = os.fork()
    except OSError:   # no process to be had (EAGAIN, ENOMEM): as where there is no fork, nothing handed over
        os.close(lock)
        with contextlib.suppress(FileNotFoundError):
            _lock_path(path).unlink()
        return None
    if pid == 0:   # the copy: work it out, write it whole, leave without clean-up (the lock goes with the process)
        global _HANDING
        try:
            _HANDING = path
            silence_output()
            ok, value, notes = run_recorded(job)
            if ok:
                part = path.with_name(path.name + ".part")
                with open(part, "wb") as f:   # the key first: a taking side with another key loads nothing more
                    pickle.dump(key, f, protocol=pickle.HIGHEST_PROTOCOL)
                    pickle.dump((value, notes), f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(part, path)
        finally:
            os._exit(0)
    os.close(lock)   # the copy holds it now, alone
    return Handoff(pid, path)


def take_over(path: str | Path, key: Any, timeout: float = WAIT_SECONDS) -> Any:
    """The value :func:`hand_over` made into ``path`` from ``key`` (its warnings issued again here), waiting for
    its process to finish; :data:`MISSING` when there is no such file, it was made from another key, it does not
    load, or the process took longer than ``timeout`` seconds."""
    import fcntl  # deferred, as in hand_over

    path = Path(path)
    try:
        lock = os.open(_lock_path(path), os.O_RDONLY)
    except OSError:
        return MISSING
    with contextlib.suppress(OSError):   # a job that can stop early (asked) hands over what it has made so far
        _asked_path(path).touch()
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return MISSING
                time.sleep(0.005)
    finally:
        os.close(lock)
    try:
        # loaded with the collector paused: a report's figures are a million objects or more of a big folder, none in
        # a cycle, which the kernel's collector (on since its imports) would otherwise rescan as they come (50,000
        # leads: 1.1-1.3 s -> 0.4 s)
        with open(path, "rb") as f, gc_paused():
            if pickle.load(f) != key:   # made from other inputs: its value is not even loaded
                return MISSING
            value, notes = pickle.load(f)
    except Exception:   # whatever does not load (another pandas' objects raise what they raise) is not taken
        return MISSING
    replay(notes)
    return value
