"""The monitors of a year, written as files.

    run_batch(2023)                      # every respondent, into reports/2023/monitor/
    run_batch(2023, only=["GM0743"])     # just these

Each respondent gets <code>-<name>.html (the stem of its factsheet), and the folder one
lib/ with the scripts they share. A full run removes the pages of non-respondents.
Failures are gathered, not raised: one municipality's error does not stop the others.
Monitors are confidential: never part of the site (helpers.publish refuses them).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from helpers import paths
from helpers.files import private_folder, write_if_changed
from helpers.monitor import data, page
from helpers.municipality import model
from helpers.municipality.respondents import tasks

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


def run_batch(
    year: int,
    *,
    target: Path | None = None,
    processed_root: str | Path | None = None,
    only: Iterable[str] | None = None,
    progress: bool = True,
) -> BatchResult:
    """Write the monitor of every respondent of `year` (or of `only`) into `target`."""
    from tqdm import tqdm

    start = time.perf_counter()
    target = Path(target) if target is not None else out_dir(year)
    todo = tasks(year, processed_root, only)
    for y in data.processed_years(year, processed_root):  # read every year once, up front
        model.year_data(y, processed_root)
    private_folder(target)
    page.write_lib(target)
    if only is None:
        stems = {stem for _, stem in todo}
        for old in target.glob("GM*.html"):
            if old.stem not in stems:
                old.unlink()
    pages, failures = [], {}
    # disable=None: no bar where stderr is not a terminal (log files, CI)
    for code, stem in tqdm(
        todo, desc=f"monitor {year}", unit="gemeente", disable=None if progress else True
    ):
        path = target / f"{stem}.html"
        try:
            write_if_changed(path, page.html(data.monitor(code, year, processed_root), stem))
        except Exception as err:  # gathered: the others are still written
            failures[code] = f"{type(err).__name__}: {err}"
            path.unlink(missing_ok=True)  # no stale monitor looking current
            continue
        pages.append(path)
    return BatchResult(year, target, pages, failures, time.perf_counter() - start)
