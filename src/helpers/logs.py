"""Logging of the command-line steps (the standard `logging` module).

The console shows what it always showed: messages as plain lines, problems as
"error: ..." on stderr. Each run of a step also writes its own file,
reports/logs/<step>.log (git-ignored, replaced by the next run of that step), with the
time and the module of every line and the details the console leaves out.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from helpers import paths

FILE_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
# set (non-empty; the yearly workflow, whose log is public): messages leave values out
WITHHOLD_ENV = "EEN_WITHHOLD_VALUES"


def withholding() -> bool:
    """Must messages leave out what the data hold (WITHHOLD_ENV is set)?"""
    return bool(os.environ.get(WITHHOLD_ENV))


def one_line(err: BaseException) -> str:
    """An error as one line, "<kind>: <the first line of its message>" (a notebook cell's
    error as papermill reports it: its `ename` and `evalue`). Only its kind where values are
    withheld: the message of an error on the data (a KeyError on an answer code) may quote
    a municipality's answer."""
    name = getattr(err, "ename", None) or type(err).__name__
    if withholding():
        return f"{name} (message withheld: {WITHHOLD_ENV} is set)"
    text = str(getattr(err, "evalue", None) or err).strip().splitlines()
    return f"{name}: {text[0] if text else ''}".rstrip(": ")


class _Console(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        prefix = {logging.ERROR: "error: ", logging.WARNING: "warning: "}.get(record.levelno, "")
        return prefix + record.getMessage()


FILE_ONLY = {"console": False}  # `extra` of a line for the log file only


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
    for handler in (out, err):
        handler.addFilter(lambda record: getattr(record, "console", True))
    file = logging.FileHandler(path, mode="w", encoding="utf-8")
    with contextlib.suppress(OSError):  # another's file, or a file system without modes
        os.chmod(path, 0o600)  # it may quote the answers: for its owner only, as the tables
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
