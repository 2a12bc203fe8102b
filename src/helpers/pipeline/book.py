"""One command from a year's survey data to the national report: `make report YEAR=2023`.

    python -m helpers.pipeline 2023             # data step if needed, chapters, quarto render
    python -m helpers.pipeline 2023 --force     # re-execute every chapter
    python -m helpers.pipeline 2023 --no-render # stop after the executed notebooks

This module runs the steps; each step's knowledge is in its own module:

1. Data: `python -m helpers.data.process <year>` when data/processed/<year>/ is missing or
   was made from other inputs: the digest of data/raw/, helpers.data and the CBS class
   files (`helpers.data.stamp`), kept in data/processed/.build/<year>.json (the step is
   atomic per year).
2. Chapters: every notebook of `chapters.CHAPTERS` (book.chapters of _quarto.yml) whose
   inputs changed (`stamps`) is executed by papermill (`execute`), one process and one
   fresh kernel per chapter, `--jobs` side by side, into a staging folder, with `year`
   and `processed_root` injected as papermill parameters (relative to notebooks/, so no
   machine path is in the output).
   Only when every chapter succeeded are the new notebooks moved in; a failure leaves
   the previous report as it was and prints one line per failing chapter (notebook,
   cell, error). Failed notebooks are kept in reports/.failed/<year>/ for inspection.
3. Quarto (`quarto`): the project files are written into reports/<year>/, which is then
   a Quarto book project: `quarto render` makes the website and the Typst PDF in
   reports/<year>/_book/. Quarto never executes the notebooks again (`execute:
   enabled: false`). Without Quarto (on PATH or in .venv) the build says how to install
   it and still succeeds with the executed notebooks.

A rebuild with no changes executes nothing and renders nothing: a fraction of a second.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from helpers import paths
from helpers.data import codebook, stamp
from helpers.files import combined, read_stamp, write_stamp
from helpers.paths import relative
from helpers.pipeline import execute
from helpers.pipeline.errors import BuildError
from helpers.pipeline.quarto import quarto_files, quarto_safe, render, write_quarto_files
from helpers.pipeline.stamps import STAMPS, chapter_inputs, shared_inputs
from helpers.report.chapters import CHAPTERS, NOTEBOOKS, validate_chapters
from helpers.report.indicators import Tables, answered_until

logger = logging.getLogger(__name__)

FAILED = ".failed"  # reports/.failed/<year>/: outside the Quarto project of the year


@dataclass
class Failure:
    chapter: str
    notebook: Path  # the source notebook
    cell: int | None  # 1-based index among the source notebook's cells
    exec_count: int | None
    error: str
    line_in_cell: int | None = None

    def line(self) -> str:
        where = f"cell {self.cell}" if self.cell else ""
        if self.line_in_cell is not None:
            where = f"{where or 'a cell'}, line {self.line_in_cell}"
        if self.exec_count is not None:
            where = f"{where or 'a cell'} [In {self.exec_count}]"
        where = f" in {where}" if where else ""
        return f"{relative(self.notebook)}: chapter {self.chapter!r} failed{where}: {self.error}"


def check_editorial() -> None:
    """The report's editorial data (data/raw/rapport.yaml) checked once, before any
    chapter runs: every problem a line, where each chapter would fail on the first."""
    try:
        from helpers.report.text import thresholds  # raises at import where it is broken

        thresholds.load(paths.REPORT_TEXT)
    except ValueError as err:
        raise BuildError(str(err).splitlines()) from None
    except OSError as err:
        where = relative(paths.REPORT_TEXT)
        raise BuildError([f"{where}: cannot be read ({err.strerror})"]) from None


# --- step 1: the processed data --------------------------------------------------------


def ensure_processed(
    year: int, processed_root: Path, log=logger.info, earlier: bool = False
) -> bool:
    """Run the data step for `year` (with `earlier`: and every earlier raw year) where
    needed; True when it ran."""
    if year not in codebook.available_years():  # one line, before any processing
        raise BuildError([f"no raw data for {year} ({codebook.raw_years_note()})"])
    years = [y for y in codebook.available_years() if y < year] + [year] if earlier else [year]
    inputs = stamp.inputs()
    stale = [y for y in years if stamp.is_stale(y, processed_root, inputs)]
    if not stale:
        return False
    log(f"data: processing {', '.join(map(str, stale))} into {relative(Path(processed_root))}")
    cmd = [sys.executable, "-m", "helpers.data.process", *map(str, stale)]
    cmd += ["--processed", str(processed_root)]
    done = subprocess.run(cmd, cwd=paths.ROOT)
    if done.returncode != 0:
        log_file = relative(paths.LOGS / "data.log")
        raise BuildError([f"data step failed (exit {done.returncode}): see above, or {log_file}"])
    return True  # the data step stamped what it wrote (helpers.data.stamp)


# --- step 2: executing the chapters ----------------------------------------------------


def run_chapters(jobs: list[execute.Job], workers: int, quiet: bool = False):
    """Execute the chapters' jobs in `workers` processes (helpers.pipeline.execute), with
    a progress bar and one line per chapter; every outcome, failures included."""
    from tqdm import tqdm

    bar = tqdm(total=len(jobs), desc="chapters", unit="nb", disable=quiet or None, leave=False)

    def done(outcome: execute.Outcome) -> None:
        bar.update(1)
        state = "ok" if outcome.ok else "FAILED"
        line = f"  {outcome.name:<14} {state:<6} {outcome.seconds:5.1f} s"
        if not quiet:
            bar.write(line)  # above the progress bar
        logger.debug(line.strip())

    try:
        return execute.run(jobs, workers=workers, done=done)
    finally:
        bar.close()


# --- the build ------------------------------------------------------------------------


@dataclass
class BuildResult:
    year: int
    report: Path
    executed: list[str] = field(default_factory=list)
    fresh: list[str] = field(default_factory=list)
    reasons: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    site: str = "not rendered"


def failed_dir(reports_root: Path, year: int) -> Path:
    return Path(reports_root) / FAILED / str(year)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1


def build(
    year: int,
    *,
    chapters=CHAPTERS,
    notebooks: Path = NOTEBOOKS,
    reports_root: Path = paths.REPORTS,
    processed_root: Path = paths.PROCESSED,
    jobs: int | None = None,
    force: bool = False,
    data_step: bool = True,
    quarto: bool = True,
    render_site: bool = True,
    quiet: bool = False,
) -> BuildResult:
    """Build the report of `year`; raises BuildError (previous report untouched)."""
    start = time.perf_counter()
    log = logger.debug if quiet else logger.info
    chapters = validate_chapters(chapters)
    notebooks, reports_root = Path(notebooks), Path(reports_root)
    processed_root = Path(processed_root).resolve()
    report = reports_root / str(year)
    result = BuildResult(year=year, report=report)

    missing = [c.notebook for c in chapters if not (notebooks / c.notebook).exists()]
    if missing:
        raise BuildError(
            [f"{relative(notebooks)}: missing chapter notebook(s): {', '.join(missing)}"]
        )
    files = quarto_files(year) if quarto else {}
    check_editorial()  # a mistake there costs no data step first
    if data_step:  # earlier years too: the factsheets and a report of Y-1 need them
        ensure_processed(year, processed_root, log, earlier=True)
    if not (processed_root / str(year)).exists():
        raise BuildError(
            [f"{relative(processed_root / str(year))}: no processed tables for {year}"]
        )

    # relative to the kernel's working directory (notebooks/): no machine path in the output
    parameters = {
        "year": year,
        "processed_root": os.path.relpath(processed_root, notebooks.resolve()),
    }
    shared = shared_inputs(year, processed_root, parameters)
    stamps = report / STAMPS
    stale = []
    for c in chapters:
        inputs = chapter_inputs(notebooks / c.notebook, shared)
        old = read_stamp(stamps / f"{c.name}.json")
        if not force and old.get("hash") == combined(inputs) and (report / c.notebook).exists():
            result.fresh.append(c.name)
            # up to date again (a mistake undone): its failed run is history
            (failed_dir(reports_root, year) / c.notebook).unlink(missing_ok=True)
            continue
        before = old.get("inputs")
        if not before or not (report / c.notebook).exists():
            result.reasons[c.name] = ["new"]
        else:
            result.reasons[c.name] = [k for k in inputs if before.get(k) != inputs[k]] or ["forced"]
        stale.append((c, inputs, old.get("seconds", float("inf"))))

    if stale:
        execute.ensure_kernel()
        report.mkdir(parents=True, exist_ok=True)
        # beside the report folder (same file system: moves are renames), not in it:
        # never part of the Quarto project, even when a build is killed
        staging = Path(tempfile.mkdtemp(prefix=f".staging-{year}-", dir=reports_root))
        try:
            # longest first (durations of the last run), so the kernels finish together
            stale.sort(key=lambda s: -s[2])
            if not quiet:
                names = ", ".join(
                    f"{c.name} ({', '.join(result.reasons[c.name])})" for c, _, _ in stale
                )
                log(f"report {year}: executing {len(stale)} chapter(s): {names}")
            cwd = notebooks.resolve()
            jobs_ = [
                execute.Job(c.name, notebooks / c.notebook, staging / c.notebook, parameters, cwd)
                for c, _, _ in stale
            ]
            outcomes = {o.name: o for o in run_chapters(jobs_, jobs or default_jobs(), quiet)}
            failures = []
            for c, _, _ in stale:
                outcome = outcomes[c.name]
                if outcome.ok:
                    nb = nbformat.read(staging / c.notebook, as_version=4)
                    quarto_safe(nb)
                    nbformat.write(nb, staging / c.notebook)
                else:
                    failures.append(
                        Failure(
                            chapter=c.name,
                            notebook=notebooks / c.notebook,
                            cell=outcome.cell,
                            exec_count=outcome.exec_count,
                            error=outcome.error,
                            line_in_cell=outcome.line,
                        )
                    )
            if failures:
                kept = failed_dir(reports_root, year)
                kept.mkdir(parents=True, exist_ok=True)
                for f in failures:
                    executed = staging / f"{f.chapter}.ipynb"
                    if executed.exists():
                        executed.replace(kept / executed.name)
                raise BuildError(
                    [f.line() for f in failures]
                    + [
                        f"report {year}: {len(failures)} of {len(stale)} chapter(s) failed; "
                        f"{relative(report)} left as it was (failed notebooks in {relative(kept)})"
                    ]
                )
            # all succeeded: swap in, notebook first, then its stamp (an interrupted swap
            # leaves a stamp that does not match, so that chapter runs again next time)
            for c, inputs, _ in stale:
                (staging / c.notebook).replace(report / c.notebook)
                record = {
                    "hash": combined(inputs),
                    "inputs": inputs,
                    "seconds": round(outcomes[c.name].seconds, 2),
                }
                write_stamp(stamps / f"{c.name}.json", record)
                (failed_dir(reports_root, year) / c.notebook).unlink(missing_ok=True)
                result.executed.append(c.name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    if quarto:
        report.mkdir(parents=True, exist_ok=True)
        write_quarto_files(report, files)
        if render_site:
            site = {c.name: read_stamp(stamps / f"{c.name}.json").get("hash", "") for c in chapters}
            site.update({n: hashlib.sha256(t.encode()).hexdigest() for n, t in files.items()})
            site_inputs = combined(site)
            day = answered_until(Tables(year, processed_root).table("responses"))
            result.site = render(report, site_inputs, day, force=force, log=log)
    result.seconds = time.perf_counter() - start
    return result
