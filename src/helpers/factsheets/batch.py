"""The factsheets of a year, written as files.

    run_batch(2023)                        # every respondent, into reports/2023/factsheets/
    run_batch(2023, only=["GM0363"])       # just these

Each respondent's factsheet is made in this process, with no notebook or kernel: its
document (`content.document` of `model.build`) becomes <code>-<name>.html and .pdf
(`page`: Jinja2, and Typst in-process; no Quarto needed). `workers` threads make them
side by side: the Typst compiler, where most of the time goes, releases the GIL, so two
threads use two cores without starting, importing and loading the year again in
another process. The main thread writes each factsheet as it is made; the bytes are the
same in any order. One progress bar covers it all. Failures are gathered, not raised:
one municipality's error does not stop the others. Ctrl-C stops the batch once the
factsheets being made are done, each file written whole or not at all. A full run
removes the files of non-respondents. Factsheets are confidential: never part of the
site. notebooks/factsheet.ipynb shows the same document for one municipality.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from helpers import paths
from helpers.factsheets import content, page
from helpers.files import private_folder, write_bytes_if_changed, write_if_changed
from helpers.logs import one_line
from helpers.municipality import model, tips
from helpers.municipality.respondents import tasks

FOLDER = "factsheets"  # in reports/<year>/; the site refuses a folder of this name


def out_dir(year: int, reports_root: Path = paths.REPORTS) -> Path:
    """Where the factsheets of `year` go (never part of the public site)."""
    return Path(reports_root) / str(year) / FOLDER


@dataclass
class BatchResult:
    year: int
    out_dir: Path
    rendered: list[Path]  # the HTML page and the PDF of each factsheet written
    failures: dict[str, str]  # gemeentecode -> error
    seconds: float


def factsheet(code: str, year: int, processed_root=None) -> tuple[str, bytes]:
    """The HTML page and the PDF of the factsheet of `code` in `year`."""
    doc = content.document(model.build(code, year, processed_root)).as_dict()
    return page.html_page(doc), page.pdf(doc)


def _attempt(code: str, year: int, processed_root) -> tuple[str, tuple[str, bytes] | str]:
    """(code, `factsheet`), or (code, the error) when it fails."""
    try:
        return code, factsheet(code, year, processed_root)
    except Exception as err:  # gathered: the others are still made
        return code, one_line(err)


def _outcomes(todo, year, processed_root, workers: int):
    """(code, files or error) of every (code, stem) in `todo`, in the order they are made."""
    if workers <= 1:
        for code, _ in todo:
            yield _attempt(code, year, processed_root)
        return
    pool = ThreadPoolExecutor(workers, thread_name_prefix="factsheet")
    try:
        futures = [pool.submit(_attempt, code, year, processed_root) for code, _ in todo]
        for future in as_completed(futures):
            yield future.result()
    finally:  # done, Ctrl-C or an error in the caller: no new factsheet is started
        pool.shutdown(cancel_futures=True)


def run_batch(
    year: int,
    *,
    target: Path | None = None,
    processed_root: str | Path | None = None,
    only: Iterable[str] | None = None,
    workers: int = 2,
    progress: bool = True,
) -> BatchResult:
    """Write the factsheet of every respondent of `year` (or of `only`) into `target`.

    `workers` threads make them side by side (1: this thread alone). A full run (no
    `only`) also removes factsheets of codes that are not respondents. Failures are
    gathered, not raised.
    """
    from tqdm import tqdm

    start = time.perf_counter()
    target = Path(target) if target is not None else out_dir(year)
    todo = tasks(year, processed_root, only)
    tips.load()  # checked once, before a page goes: a mistake is one message, not one a page
    model.year_data(year, processed_root)  # the tables too, read once: the threads share them
    private_folder(target)
    _remove_stale(target, {stem for _, stem in todo} if only is None else None)
    stems = dict(todo)
    rendered, failures = [], {}
    # disable=None: no bar where stderr is not a terminal (log files, CI)
    bar = tqdm(
        total=len(todo),
        desc=f"factsheets {year}",
        unit="gemeente",
        disable=None if progress else True,
    )
    outcomes = _outcomes(todo, year, processed_root, workers)
    with bar, contextlib.closing(outcomes):  # closed at once on an error: workers stop
        for code, outcome in outcomes:
            html, pdf = target / f"{stems[code]}.html", target / f"{stems[code]}.pdf"
            if isinstance(outcome, str):
                failures[code] = outcome
                html.unlink(missing_ok=True)  # no stale factsheet looking current
                pdf.unlink(missing_ok=True)
            else:
                write_if_changed(html, outcome[0])
                write_bytes_if_changed(pdf, outcome[1])
                rendered += [html, pdf]
            bar.update()
    order = {stem: i for i, (_, stem) in enumerate(todo)}
    rendered.sort(key=lambda p: (order[p.stem], p.suffix))
    return BatchResult(year, target, rendered, failures, time.perf_counter() - start)


def _remove_stale(target: Path, stems: set[str] | None) -> None:
    """Remove the factsheets of codes not in `stems` (None: keep all), and the executed
    notebooks that earlier versions of the batch wrote beside them."""
    for path in target.glob("GM*"):
        stem, suffix = path.name.split(".")[0], path.suffix
        stale = stems is not None and stem not in stems and suffix in {".html", ".pdf"}
        if path.is_file() and (stale or suffix == ".ipynb"):
            path.unlink()
    failed = target / "failed"  # where earlier versions put the notebooks that failed
    if failed.is_dir():
        for path in failed.glob("GM*.ipynb"):
            path.unlink()
        with contextlib.suppress(OSError):  # not empty: not ours to remove
            failed.rmdir()
