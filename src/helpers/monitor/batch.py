"""The monitors of a year, written as files.

    run_batch(2023)                      # every respondent, into reports/2023/monitor/
    run_batch(2023, only=["GM0743"])     # just these

Each respondent gets <code>-<name>.html (the stem of its factsheet), and the folder one
lib/ with the scripts they share. A full run removes the pages of non-respondents.
`workers` processes make the pages side by side (the model is pure Python, so threads
would take turns). Failures are gathered, not raised: one municipality's error does not
stop the others.
Monitors are confidential: never part of the site (helpers.publish refuses them).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from helpers import paths
from helpers.files import private_folder, write_if_changed
from helpers.logs import one_line
from helpers.monitor import data, page
from helpers.municipality import model, tips
from helpers.municipality.respondents import tasks
from helpers.workers import pool

FOLDER = "monitor"  # in reports/<year>/; the site refuses a folder of this name


def out_dir(year: int, reports_root: Path = paths.REPORTS) -> Path:
    """Where the monitors of `year` go (never part of the public site)."""
    return Path(reports_root) / str(year) / FOLDER


@dataclass
class BatchResult:
    year: int
    out_dir: Path
    pages: list[Path]
    failures: dict[str, str]  # gemeentecode -> error
    seconds: float


# Below this many pages one process is quicker: a worker first spends about a second on
# its imports and reading every year, a page then takes about 20 ms (2023, 2 cores).
POOL_FROM = 100


def _read_years(year: int, processed_root) -> None:
    """Read every year a monitor of `year` shows once, up front (cached in `model`)."""
    for y in data.processed_years(year, processed_root):
        model.year_data(y, processed_root)


_UNREADABLE = ""  # in a worker: why the years could not be read (the caller says it, once)


def _read_years_in_worker(year: int, processed_root) -> None:
    """`_read_years`, without the traceback a pool prints for a failing initializer."""
    global _UNREADABLE
    try:
        _read_years(year, processed_root)
    except Exception as err:
        _UNREADABLE = one_line(err)


def _attempt(code: str, stem: str, year: int, processed_root) -> tuple[str, str, bool | None]:
    """(code, the page, True), or (code, the error, False) when it fails; None in place of
    True or False where this worker could not read the years."""
    if _UNREADABLE:
        return code, _UNREADABLE, None
    try:
        return code, page.html(data.monitor(code, year, processed_root), stem), True
    except Exception as err:  # gathered: the others are still made
        return code, one_line(err), False


def _pooled(todo, workers: int) -> bool:
    return workers > 1 and len(todo) >= POOL_FROM


def _outcomes(todo, year, processed_root, workers: int) -> Iterator[tuple[str, str, bool]]:
    """`_attempt` of every (code, stem) in `todo`, in the order they are made; the error of
    reading the years raised, as in one process."""
    if not _pooled(todo, workers):  # the years were read up front (run_batch)
        for code, stem in todo:
            yield _attempt(code, stem, year, processed_root)
        return
    calls = [(code, stem, year, processed_root) for code, stem in todo]
    initargs = (year, processed_root)
    # on Ctrl-C the workers end at once (a page is written here, whole, or not at all)
    with pool(
        _attempt, calls, workers, initializer=_read_years_in_worker, initargs=initargs
    ) as futures:
        for future in as_completed(futures):
            try:
                code, outcome, ok = future.result()
            except BrokenProcessPool as err:  # a worker died (memory): stop, pages kept
                raise OSError(f"monitors of {year} stopped: {one_line(err)}") from None
            if ok is None:  # the years are unreadable: read here, for the error
                _read_years(year, processed_root)
                raise ValueError(f"a worker could not read the processed years: {outcome}")
            yield code, outcome, ok


def run_batch(
    year: int,
    *,
    target: Path | None = None,
    processed_root: str | Path | None = None,
    only: Iterable[str] | None = None,
    workers: int = 2,
    progress: bool = True,
) -> BatchResult:
    """Write the monitor of every respondent of `year` (or of `only`) into `target`,
    `workers` processes side by side (1, or fewer than `POOL_FROM` pages: this process)."""
    from tqdm import tqdm

    start = time.perf_counter()
    target = Path(target) if target is not None else out_dir(year)
    todo = tasks(year, processed_root, only)
    tips.load()  # checked once, before a page goes: a mistake is one message, not one a page
    if not _pooled(todo, workers):
        _read_years(year, processed_root)  # an unreadable year stops it before a page goes
    private_folder(target)
    page.write_lib(target)
    stems = dict(todo)
    if only is None:
        for old in target.glob("GM*.html"):
            if old.stem not in stems.values():
                old.unlink()
    pages, failures = [], {}
    # disable=None: no bar where stderr is not a terminal (log files, CI)
    bar = tqdm(
        total=len(todo), desc=f"monitor {year}", unit="gemeente", disable=None if progress else True
    )
    outcomes = _outcomes(todo, year, processed_root, workers)
    with bar, contextlib.closing(outcomes):  # closed at once on an error: workers stop
        for code, outcome, ok in outcomes:
            path = target / f"{stems[code]}.html"
            if ok:
                write_if_changed(path, outcome)
                pages.append(path)
            else:
                failures[code] = outcome
                path.unlink(missing_ok=True)  # no stale monitor looking current
            bar.update()
    order = {stem: i for i, (_, stem) in enumerate(todo)}
    pages.sort(key=lambda p: order[p.stem])
    return BatchResult(year, target, pages, failures, time.perf_counter() - start)
