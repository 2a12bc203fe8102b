"""The process pool of the steps that use several cores (the chapters, the monitors).

Its workers are spawned (they do not inherit the caller's threads) and ignore Ctrl-C from
their first instruction: a terminal sends Ctrl-C to every process of the command, and only
the caller is to stop the work (`cli.run` says so in one line), with no traceback from
each worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

_MASKS = hasattr(signal, "pthread_sigmask")  # not on Windows


@contextlib.contextmanager
def pool(
    fn: Callable,
    calls: Iterable[tuple],
    workers: int,
    *,
    initializer: Callable | None = None,
    initargs: tuple = (),
    scratch: Path | None = None,
) -> Iterator[dict[Future, tuple]]:
    """`fn(*args)` for every `args` of `calls` on `workers` processes: yields {future: args}.

    On Ctrl-C the workers are ended at once (a chapter's kernel follows its worker:
    ipykernel watches its parent), also on a second Ctrl-C while they are being stopped;
    on any other error of the caller no other call starts and the running ones finish.
    `scratch`: the workers' folder for temporary files (a kernel's connection file), for
    the caller to remove."""
    # made here, outside _ctrl_c_held: it starts multiprocessing's resource tracker, which
    # unblocks SIGINT on the way
    executor = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_started,
        initargs=(scratch, initializer, initargs),
    )
    try:
        with _ctrl_c_held():  # the workers start at the first calls
            futures = {executor.submit(fn, *args): args for args in calls}
        yield futures
    except KeyboardInterrupt:
        _end(executor)
        raise
    finally:
        try:
            executor.shutdown(cancel_futures=True)
        except KeyboardInterrupt:  # again, while waiting for them: they would outlive us
            _end(executor)
            raise


def _end(executor: ProcessPoolExecutor) -> None:
    for process in list(executor._processes.values()):  # 3.14: terminate_workers()
        process.terminate()


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Processes started inside inherit an ignored SIGINT, which Python leaves so; a
    Ctrl-C that comes meanwhile is held (blocked in this thread) and arrives at the end.
    Outside the main thread (where no handler can be set), or on Windows: nothing."""
    if threading.current_thread() is not threading.main_thread() or not _MASKS:
        yield
        return
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a held Ctrl-C: raised here


def _started(scratch: Path | None, initializer: Callable | None, initargs: tuple) -> None:
    """A worker's first step: a Ctrl-C held while it started is dropped (SIGINT is
    ignored), then the pool's own initializer."""
    if _MASKS:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if scratch is not None:
        tempfile.tempdir = str(scratch)
    if initializer is not None:
        initializer(*initargs)
