"""What the command lines share: how they are named in their help (`prog`), how Ctrl-C
stops them (`run`), and for the per-municipality batches
(factsheets, monitor) their common options and how they report failures."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

INTERRUPTED = 130  # the shell's exit status for a command stopped by SIGINT (128 + 2)


def prog(module) -> str | None:
    """How a step is run, for its --help and usage lines: "python -m helpers.monitor"
    (Python before 3.14 says "__main__.py"). `module`: its __spec__, or a module name."""
    if module is None:  # run as a file, not as a module: argparse's own name
        return None
    name = module if isinstance(module, str) else module.name
    return "python -m " + name.removesuffix(".__main__")


def run(main: Callable[[], int]) -> int:
    """`main()` of a step's command (in its `__main__` block only). Ctrl-C stops it with
    one line; then the process ends as killed by SIGINT, as Python ends on a Ctrl-C it does
    not catch, so that make or a shell loop stops too (exit status 130 in the shell). What
    the step had finished is kept and what it had not yet put in place is not, as for a
    failure."""
    try:
        return main()
    except KeyboardInterrupt:
        logging.getLogger("helpers").error("stopped (Ctrl-C)")
        if os.name != "posix":
            return INTERRUPTED
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
        return INTERRUPTED  # not reached


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
