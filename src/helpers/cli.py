"""What the command lines share: how they are named in their help (`prog`), how Ctrl-C
stops them (`run`, `starting_workers`), and for the per-municipality batches
(factsheets, monitor) their common options and how they report failures."""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

INTERRUPTED = 130  # the shell's exit status for a command stopped by SIGINT (128 + 2)
_MASKS = hasattr(signal, "pthread_sigmask")  # not on Windows


def prog(module) -> str | None:
    """How a step is run, for its --help and usage lines: "python -m helpers.monitor"
    (Python before 3.14 says "__main__.py"). `module`: its __spec__, or a module name."""
    if module is None:  # run as a file, not as a module: argparse's own name
        return None
    name = module if isinstance(module, str) else module.name
    return "python -m " + name.removesuffix(".__main__")


def run(main: Callable[[], int]) -> int:
    """`main()`, or one line and INTERRUPTED when Ctrl-C stops it. What a step had finished
    is kept and what it had not yet put in place is not, as for a failure."""
    try:
        return main()
    except KeyboardInterrupt:
        logging.getLogger("helpers").error("stopped (Ctrl-C)")
        return INTERRUPTED


@contextlib.contextmanager
def starting_workers() -> Iterator[None]:
    """Start a pool's worker processes inside, with `worker_started` as the pool's
    initializer: the workers ignore Ctrl-C from their first instruction (they inherit an
    ignored SIGINT, which Python leaves so). The terminal sends Ctrl-C to every process of
    the command; the caller alone then stops the work, with no traceback from each worker.
    A Ctrl-C that comes meanwhile is held (blocked in this thread) and reaches the caller
    once the workers are started. Outside the main thread (where no signal handler can be
    set), or without signal masks (Windows), nothing changes."""
    if threading.current_thread() is not threading.main_thread() or not _MASKS:
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a held Ctrl-C: now


def worker_started() -> None:
    """A worker's first step (see `starting_workers`): a Ctrl-C held while it started is
    dropped, and later ones are ignored."""
    if _MASKS:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def batch_parser(description: str, default_out: str, spec) -> argparse.ArgumentParser:
    """--year, --only, --out, --processed and --no-progress; add the batch's own options."""
    parser = argparse.ArgumentParser(prog=prog(spec), description=description)
    parser.add_argument("--year", type=int, help="default: the latest year in data/raw")
    parser.add_argument("--only", nargs="+", metavar="GMxxxx", help="just these municipalities")
    parser.add_argument("--out", type=Path, help=f"output folder (default {default_out})")
    parser.add_argument("--processed", type=Path, help="processed tables (default data/processed)")
    parser.add_argument("--no-progress", action="store_true")
    return parser


def failed(log: logging.Logger, failures: dict[str, str]) -> bool:
    """Log one line per failed municipality; True when there was any."""
    if failures:
        log.error(f"{len(failures)} failed:")
        for code, error in sorted(failures.items()):
            log.error(f"{code}: {error}")
    return bool(failures)
