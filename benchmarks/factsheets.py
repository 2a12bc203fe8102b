"""Benchmark of the factsheet batch against the naive way (not a test: timings vary).

    python benchmarks/factsheets.py --year 2023 [--runs 3] [--sample 10] [--workers 2]

* batch: `make factsheets`, i.e. `batch.run_batch` for every respondent: notebooks on one
  kernel per worker, each finished notebook made into its HTML page and PDF meanwhile;
* its two phases apart: the notebooks alone (`render=False`), and the HTML pages and PDFs
  made afterwards from those notebooks in one process (one Typst compiler, fonts loaded once);
* naive: one `papermill.execute_notebook` per municipality (a kernel start each), and one
  `typst.compile` per PDF (the fonts loaded each time), on the first `--sample`
  respondents, extrapolated linearly to all respondents (said so in the output).

Medians of `--runs` runs. Everything is written to temporary folders; reports/ is left
alone. The machine may be shared: the load average before and after is printed, so run it
when the machine is quiet and repeat.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from helpers.build import engine
from helpers.data import codebook
from helpers.factsheets import batch, page


def run_naive(year: int, codes, target: Path, processed_root=None) -> tuple[float, float]:
    """One papermill run (one kernel start) per municipality, then one `typst.compile`
    (fonts loaded anew) per PDF; returns the wall seconds of each."""
    import papermill
    import typst

    everyone = batch.respondents(year, processed_root)
    stems = dict(everyone[["gemeentecode", "stem"]].to_numpy())
    target.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for code in codes:
        papermill.execute_notebook(
            str(batch.NOTEBOOK),
            str(target / f"{stems[code]}.ipynb"),
            parameters=batch.parameters(code, year, processed_root),
            kernel_name=engine.KERNEL_NAME,
            cwd=str(batch.NOTEBOOK.parent),
            progress_bar=False,
        )
    notebooks = time.perf_counter() - start
    start = time.perf_counter()
    for code in codes:
        doc = page.document_of(nbformat.read(target / f"{stems[code]}.ipynb", as_version=4))
        (target / f"{stems[code]}.html").write_text(page.html_page(doc), "utf-8")
        typst.compile(
            page.TEMPLATES / "factsheet.typ",
            output=target / f"{stems[code]}.pdf",
            font_paths=[page.FONTS],
            ignore_system_fonts=True,
            sys_inputs={"doc": json.dumps(doc)},
        )
    return notebooks, time.perf_counter() - start


def render_all(notebooks: list[Path]) -> float:
    """The render phase alone: HTML page and PDF of each executed notebook; wall seconds."""
    start = time.perf_counter()
    for path in notebooks:
        batch.write_pages(nbformat.read(path, as_version=4), path)
    return time.perf_counter() - start


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on Linux
        return "n/a"


def _batch(year, workers, processed_root, render: bool):
    tmp = tempfile.TemporaryDirectory(prefix="factsheet-bench-")
    start = time.perf_counter()
    result = batch.run_batch(
        year,
        target=Path(tmp.name),
        processed_root=processed_root,
        workers=workers,
        render=render,
        progress=False,
    )
    seconds = time.perf_counter() - start
    if result.failures:
        raise SystemExit(f"batch failed: {result.failures}")
    return seconds, result, tmp


def bench(year: int, runs: int = 3, sample: int = 10, workers: int = 2, processed_root=None):
    everyone = batch.respondents(year, processed_root)
    n_all = len(everyone)
    codes = list(everyone["gemeentecode"][:sample])
    times: dict[str, list[float]] = {k: [] for k in ("all", "nb", "render", "naive_nb", "naive_r")}
    print(f"factsheets {year}: {n_all} respondents; load average {_load()}")
    for run in range(1, runs + 1):
        seconds, result, tmp = _batch(year, workers, processed_root, render=True)
        times["all"].append(seconds)
        assert len(result.rendered) == 2 * n_all
        tmp.cleanup()
        seconds, result, tmp = _batch(year, workers, processed_root, render=False)
        times["nb"].append(seconds)
        times["render"].append(render_all(result.notebooks))
        tmp.cleanup()
        with tempfile.TemporaryDirectory(prefix="factsheet-bench-") as naive:
            naive_nb, naive_r = run_naive(year, codes, Path(naive), processed_root)
        times["naive_nb"].append(naive_nb)
        times["naive_r"].append(naive_r)
        print(
            f"  run {run}: batch {times['all'][-1]:5.1f} s (notebooks {times['nb'][-1]:.1f} s, "
            f"then HTML+PDF {times['render'][-1]:.1f} s) | naive {naive_nb + naive_r:5.1f} s "
            f"({len(codes)} factsheets)"
        )
    med = {k: statistics.median(v) for k, v in times.items()}
    scale = n_all / len(codes)
    print(f"load average after: {_load()}")
    print()
    print(f"{'':46}{'median':>9}{'per factsheet':>15}")
    lines = [
        (f"batch, all {n_all}: notebooks + HTML + PDF", med["all"], n_all),
        ("  phase 1, notebooks alone", med["nb"], n_all),
        ("  phase 2, HTML + PDF from the notebooks", med["render"], n_all),
        (f"naive, notebooks, sample of {len(codes)}", med["naive_nb"], len(codes)),
        (f"naive, HTML + PDF, sample of {len(codes)}", med["naive_r"], len(codes)),
    ]
    for label, seconds, n in lines:
        print(f"{label:46}{seconds:8.1f}s{seconds / n:14.3f}s")
    naive_all = (med["naive_nb"] + med["naive_r"]) * scale
    print(f"{'naive, extrapolated to ' + str(n_all):46}{naive_all:8.1f}s")
    print()
    print(
        f"speed-up: {naive_all / med['all']:.1f}x (naive extrapolated linearly from "
        f"{len(codes)} to {n_all} municipalities; medians of {runs} runs). The batch overlaps "
        "its phases: each notebook becomes HTML and PDF while the kernels run the next."
    )
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, help="default: the latest year in data/raw")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sample", type=int, default=10, help="municipalities, naive way")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--processed", type=Path, help="processed tables (default data/processed)")
    args = parser.parse_args(argv)
    bench(args.year or codebook.latest_year(), args.runs, args.sample, args.workers, args.processed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
