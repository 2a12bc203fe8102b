"""The factsheets of a year: the notebook executed per respondent, written as files.

    run_batch(2023)                        # every respondent, into reports/2023/factsheets/
    run_batch(2023, only=["GM0363"])       # just these

notebooks/factsheet.ipynb (papermill parameters `gemeente`, `year`, `processed_root`)
runs on the shared notebook engine (helpers.build.engine): `workers` kernels, each
reused for many municipalities. As each notebook finishes, while the kernels go on with
the next ones, it is written as <code>-<name>.ipynb (a failed one into failed/), and the
document it displayed (`page.document_of`) becomes <code>-<name>.html and .pdf (`page`:
Jinja2 and Typst, in this process; no Quarto needed). One progress bar covers it all. A
full run removes the files of non-respondents. Factsheets are confidential: never part of
the site.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.build import engine
from helpers.factsheets import model, page
from helpers.files import write_bytes_if_changed, write_if_changed

NOTEBOOK = paths.ROOT / "notebooks" / "factsheet.ipynb"


def out_dir(year: int, reports_root: Path = paths.REPORTS) -> Path:
    """Where the factsheets of `year` go (never part of the public site)."""
    return Path(reports_root) / str(year) / "factsheets"


def slug(name: str) -> str:
    """File-name form of a municipality name: "Súdwest-Fryslân" -> "sudwest-fryslan"."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def respondents(year: int, processed_root: str | Path | None = None) -> pd.DataFrame:
    """Code, name and factsheet stem of every municipality that responded in `year`."""
    file = model.folder(year, processed_root) / "responses.parquet"
    frame = pd.read_parquet(file, columns=["gemeentecode", "gemeentenaam"])
    frame = frame.sort_values("gemeentecode", ignore_index=True)
    frame["stem"] = frame["gemeentecode"] + "-" + frame["gemeentenaam"].map(slug)
    return frame


def tasks(
    year: int, processed_root: str | Path | None = None, only: Iterable[str] | None = None
) -> list[tuple[str, str]]:
    """(code, file stem) of every respondent of `year`, or of `only` (ValueError for a code
    that did not respond), in that order."""
    everyone = respondents(year, processed_root)
    stems = dict(zip(everyone["gemeentecode"], everyone["stem"], strict=True))
    if only is None:
        return list(stems.items())
    only = list(dict.fromkeys(only))
    data = model.year_data(year, processed_root)
    for code in only:
        model.check_respondent(code, year, data)
    return [(code, stems[code]) for code in only]


def parameters(gemeente: str, year: int, processed_root=None) -> dict:
    return {
        "gemeente": gemeente,
        "year": int(year),
        "processed_root": None if processed_root is None else str(processed_root),
    }


@dataclass
class BatchResult:
    year: int
    out_dir: Path
    notebooks: list[Path]
    failures: dict[str, str]  # gemeentecode -> error
    seconds: float
    rendered: list[Path] = field(default_factory=list)  # the HTML pages and PDFs


def write_pages(nb, path: Path) -> list[Path]:
    """Write the HTML page and the PDF of the executed notebook `path` (from `nb`)."""
    doc = page.document_of(nb)
    html, pdf = path.with_suffix(".html"), path.with_suffix(".pdf")
    write_if_changed(html, page.html_page(doc))
    write_bytes_if_changed(pdf, page.pdf(doc))
    return [html, pdf]


def _execute_all(todo, year, processed_root, target, workers, progress, render):
    """Run the factsheet notebook for every (code, stem) on `workers` kernels; write each
    executed notebook, with its HTML and PDF, as it finishes (a failed one into failed/).

    The writing runs on a thread of its own, so the kernels are handed their next
    municipality at once instead of waiting for a PDF."""
    import nbformat
    from tqdm import tqdm

    template = nbformat.read(NOTEBOOK, as_version=4)
    stems = dict(todo)
    written, rendered, failures = [], [], {}
    bar = tqdm(total=len(todo), desc=f"factsheets {year}", unit="gemeente", disable=not progress)

    def fail(key: str, nb, path: Path, error: str) -> None:
        failures[key] = error
        for stale in (path, path.with_suffix(".html"), path.with_suffix(".pdf")):
            stale.unlink(missing_ok=True)  # no stale factsheet looking current
        write_if_changed(target / "failed" / path.name, nbformat.writes(nb) + "\n")

    def write(outcome: engine.Outcome) -> None:
        path = target / f"{stems[outcome.key]}.ipynb"
        try:
            if not outcome.ok:
                fail(outcome.key, outcome.nb, path, outcome.error.message)
                return
            write_if_changed(path, nbformat.writes(outcome.nb) + "\n")
            if render:
                try:
                    rendered.extend(write_pages(outcome.nb, path))
                except Exception as err:  # a document the templates cannot lay out
                    fail(outcome.key, outcome.nb, path, f"HTML/PDF: {type(err).__name__}: {err}")
                    return
            else:  # only notebooks: no older page or PDF beside a newer notebook
                path.with_suffix(".html").unlink(missing_ok=True)
                path.with_suffix(".pdf").unlink(missing_ok=True)
            written.append(path)
            (target / "failed" / path.name).unlink(missing_ok=True)
        finally:
            bar.update()

    jobs = [engine.Job(code, template, parameters(code, year, processed_root)) for code, _ in todo]
    engine.ensure_kernel()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="factsheet-writer") as writer:
        pending = []
        try:
            engine.run(
                jobs,
                kernel=engine.KERNEL_NAME,
                cwd=NOTEBOOK.parent,
                workers=workers,
                done=lambda outcome: pending.append(writer.submit(write, outcome)),
            )
        except BaseException:  # Ctrl-C or a broken engine: stop writing, say why
            writer.shutdown(cancel_futures=True)
            bar.close()
            raise
        try:
            for future in pending:
                future.result()  # re-raise what `write` did not expect (a full disk)
        finally:
            bar.close()
    return written, rendered, failures


def run_batch(
    year: int,
    *,
    target: Path | None = None,
    processed_root: str | Path | None = None,
    only: Iterable[str] | None = None,
    workers: int = 2,
    render: bool = True,
    progress: bool = True,
) -> BatchResult:
    """Write the factsheet of every respondent of `year` (or of `only`) into `target`.

    `workers` kernels run side by side; each executes the notebook for many
    municipalities in turn. A full run (no `only`) also removes factsheets of codes
    that are not respondents. Failures are gathered, not raised.
    """
    start = time.perf_counter()
    target = Path(target) if target is not None else out_dir(year)
    todo = tasks(year, processed_root, only)
    target.mkdir(parents=True, exist_ok=True)
    if only is None:
        _remove_stale(target, {stem for _, stem in todo})
    written, rendered, failures = _execute_all(
        todo, year, processed_root, target, workers, progress, render
    )
    order = {stem: i for i, (_, stem) in enumerate(todo)}
    written.sort(key=lambda p: order[p.stem])
    rendered.sort(key=lambda p: (order[p.stem], p.suffix))
    return BatchResult(year, target, written, failures, time.perf_counter() - start, rendered)


def _remove_stale(target: Path, stems: set[str]) -> None:
    for path in target.glob("GM*"):
        stem = path.name.split(".")[0]
        if path.is_file() and stem not in stems and path.suffix in {".ipynb", ".html", ".pdf"}:
            path.unlink()
    failed = target / "failed"
    if failed.is_dir():
        for path in failed.glob("*.ipynb"):
            if path.stem not in stems:
                path.unlink()
