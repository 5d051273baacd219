"""Run untrusted work (filling a council's own template) in a child process that cannot hurt us.

A Jinja sandbox stops a template reaching Python's internals, but not a filter or an operator
that builds a gigabyte string or computes a huge power inside one C call, where no deadline in
the same process can interrupt it. Here the work runs in a forked child with its own session
(so its whole process group can be killed), an address-space limit (``RLIMIT_AS``), a CPU limit
(``RLIMIT_CPU``) and a wall-clock deadline; whatever happens to the child, the caller gets a
value or one :class:`ContainedFailure` saying what went wrong.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from ptk_docs._errors import PtkError

T = TypeVar("T")

_IN_CHILD = False


class ContainedFailure(Exception):
    """The child failed: ``reason`` is ``memory``, ``time``, ``crash`` or ``error`` (a
    ``PtkError`` raised in the child, rebuilt as ``error``)."""

    def __init__(self, reason: str, message: str, error: PtkError | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.error = error


def in_child() -> bool:
    """Whether this process is already a contained child (work there needs no new child)."""
    return _IN_CHILD


def can_contain() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith("linux")


def run_contained(
    function: Callable[..., T],
    *args: Any,
    seconds: float,
    memory_bytes: int,
    result_bytes: int,
) -> T:
    """``function(*args)`` run in a contained child; its result (pickled back, at most
    ``result_bytes``), or ``ContainedFailure``. Where the platform cannot fork, or already in a
    contained child, the function runs here."""
    if _IN_CHILD or not can_contain():
        return function(*args)
    reader, writer = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12+ warns about forking a process with threads; the child only computes
        # and exits, never touching locks the other threads may hold at the fork.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which leaves by os._exit
        os.close(reader)
        _child(writer, function, args, seconds, memory_bytes)
    os.close(writer)
    try:
        data = _read_result(reader, seconds, result_bytes)
    finally:
        os.close(reader)
        _kill_group(pid)
    status = _reap(pid)
    if data is None:
        raise ContainedFailure("time", f"took longer than {seconds:g} s")
    if not data:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU:
            raise ContainedFailure("time", f"used more than {seconds:g} s of processor time")
        raise ContainedFailure("memory", "stopped: it needed too much memory or time")
    if len(data) > result_bytes:
        raise ContainedFailure("memory", "gave a result that is too large")
    try:
        outcome = pickle.loads(data)
    except Exception:
        raise ContainedFailure("memory", "stopped: it needed too much memory or time") from None
    if outcome[0] == "ok":
        return outcome[1]  # type: ignore[no-any-return]
    if outcome[0] == "error":
        error: PtkError = outcome[1]
        raise ContainedFailure("error", str(error), error)
    raise ContainedFailure(outcome[0], outcome[1])


def _child(
    writer: int, function: Callable[..., Any], args: tuple[Any, ...], seconds: float, memory: int
) -> None:  # pragma: no cover - runs in the child
    global _IN_CHILD
    _IN_CHILD = True
    code = 0
    try:
        os.setsid()
        _limit_resources(seconds, memory)
        try:
            outcome: tuple[Any, ...] = ("ok", function(*args))
        except PtkError as error:
            outcome = ("error", error)
        except MemoryError:
            outcome = ("memory", "needed too much memory")
        except RecursionError:
            outcome = ("crash", "is nested too deeply")
        except BaseException as error:
            text = " ".join(str(error).split())[:200]
            outcome = ("crash", f"{type(error).__name__}: {text}")
        try:
            data = pickle.dumps(outcome)
        except Exception:
            data = pickle.dumps(("crash", str(outcome[1])[:200]))
        view = memoryview(data)
        while view:
            written = os.write(writer, view)
            view = view[written:]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _limit_resources(seconds: float, memory: int) -> None:  # pragma: no cover - in the child
    import resource

    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/statm") as statm:
            in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (in_use + memory, in_use + memory))
    cpu = int(seconds) + 1
    with contextlib.suppress(OSError, ValueError):
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _read_result(reader: int, seconds: float, limit: int) -> bytes | None:
    """Everything the child writes until it closes the pipe; None past the deadline."""
    chunks: list[bytes] = []
    size = 0
    end = time.monotonic() + seconds
    while True:
        remaining = end - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([reader], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(reader, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            return b"".join(chunks) + chunk
        chunks.append(chunk)


def _kill_group(pid: int) -> None:
    """Kill the child's whole process group (its session), and the child itself in case it
    had not yet made its own group."""
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)


def _reap(pid: int) -> int:
    while True:
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            return 0
        except InterruptedError:
            continue
        return status
