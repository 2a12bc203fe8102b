"""Logging of the command-line steps (the standard `logging` module).

The console shows what it always showed: messages as plain lines, problems as
"error: ..." on stderr. Each run of a step also writes its own file,
reports/logs/<step>.log (git-ignored, replaced by the next run of that step), with the
time and the module of every line and the details the console leaves out.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from helpers import paths

FILE_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class _Console(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        prefix = {logging.ERROR: "error: ", logging.WARNING: "warning: "}.get(record.levelno, "")
        return prefix + record.getMessage()


def setup(step: str) -> Path:
    """Send the `helpers` loggers (and `__main__`'s, for `python -m helpers.x.y`) to the
    console and to reports/logs/<step>.log."""
    path = paths.LOGS / f"{step}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    loggers = [logging.getLogger(name) for name in ("helpers", "__main__")]
    for logger in loggers:
        for handler in list(logger.handlers):  # a second run in the same process (tests)
            logger.removeHandler(handler)
            handler.close()
        logger.setLevel(logging.DEBUG)
    out = logging.StreamHandler(sys.stdout)
    out.setLevel(logging.INFO)
    out.addFilter(lambda record: record.levelno < logging.WARNING)
    err = logging.StreamHandler(sys.stderr)
    err.setLevel(logging.WARNING)
    file = logging.FileHandler(path, mode="w", encoding="utf-8")
    file.setFormatter(logging.Formatter(FILE_FORMAT))
    for handler in (out, err):
        handler.setFormatter(_Console())
    for logger in loggers:
        for handler in (out, err, file):
            logger.addHandler(handler)
    return path


def setup_for_year(year: int | None, step: str, latest: Callable[[], int]) -> int | None:
    """The year a step works on, `year` or else `latest()` (the latest in data/raw), with
    its log reports/logs/<step>-<year>.log set up; None, the error logged in <step>.log,
    when there is no year."""
    try:
        year = year or latest()
    except FileNotFoundError as err:  # no data/raw/<year>/
        setup(step)
        logging.getLogger("helpers").error(str(err))
        return None
    setup(f"{step}-{year}")
    return year
