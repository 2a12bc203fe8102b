"""What the command lines share: how they are named in their help (`prog`), how Ctrl-C
stops them (`run`), and for the per-municipality batches
(factsheets, monitor) their common options and how they report failures."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path


def prog(module) -> str | None:
    """How a step is run, for its --help and usage lines: "python -m helpers.monitor"
    (Python before 3.14 says "__main__.py"). `module`: its __spec__, or a module name."""
    if module is None:  # run as a file, not as a module: argparse's own name
        return None
    name = module if isinstance(module, str) else module.name
    return "python -m " + name.removesuffix(".__main__")


def run(main: Callable[[], int]) -> int:
    """`main()` of a step's command (in its `__main__` block only), where Ctrl-C stops it
    with one line instead of a traceback. The KeyboardInterrupt is left uncaught, so that
    Python cleans up as usual and then ends as killed by SIGINT (exit status 130 in the
    shell), and make or a shell loop stops too. What the step had finished is kept and
    what it had not yet put in place is not, as for a failure."""
    sys.excepthook = _ctrl_c_in_one_line
    return main()


def _ctrl_c_in_one_line(kind, value, traceback) -> None:
    if issubclass(kind, KeyboardInterrupt):
        logging.getLogger("helpers").error("stopped (Ctrl-C)")
    else:
        sys.__excepthook__(kind, value, traceback)


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
