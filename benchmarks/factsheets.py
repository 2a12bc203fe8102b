"""Benchmark of the factsheet batch (not a test: timings vary).

    python benchmarks/factsheets.py --year 2023 [--runs 3] [--workers 2]

* batch: `python -m helpers.factsheets` in a fresh process, as `make factsheets` runs it
  (imports, reading the year, every respondent's HTML page and PDF), on `--workers`
  threads, and on one thread for comparison;
* where the time goes, in one thread of this process: the documents (`model.build` and
  `content.document`), the HTML pages (Jinja2) and the PDFs (Typst) of all respondents.

Medians of `--runs` runs, against the 12 s that all factsheets of a year may take, with
the CPU seconds the command used (user + system), which depend less on what else the
machine runs than the wall time does. Everything is written to temporary folders; of
reports/ only the step's log (reports/logs/factsheets-<year>.log). The machine may be
shared: the load average is printed with each run, so run it when the machine is quiet
and repeat.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common

from helpers.data import codebook
from helpers.factsheets import content, page
from helpers.municipality import model, respondents

BUDGET = 12.0  # seconds for all factsheets of a year (the requirement)


def run_once(year: int, workers: int, processed_root: Path | None) -> tuple[float, float]:
    """Wall and CPU seconds of one `python -m helpers.factsheets` for every respondent of
    `year`."""
    with tempfile.TemporaryDirectory(prefix="factsheet-bench-") as tmp:
        command = [sys.executable, "-m", "helpers.factsheets", "--year", str(year)]
        command += ["--out", tmp, "--no-progress", "--workers", str(workers)]
        if processed_root is not None:
            command += ["--processed", str(processed_root)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        n = common.n_respondents(year, processed_root)
        if len(list(Path(tmp).glob("GM*.pdf"))) != n or len(list(Path(tmp).glob("GM*.html"))) != n:
            raise SystemExit("not every respondent got a factsheet")
    return seconds, cpu


def phases(year: int, processed_root: Path | None) -> dict[str, float]:
    """Seconds of each step for all respondents, one after the other in this thread."""
    codes = list(respondents.respondents(year, processed_root)["gemeentecode"])
    model.year_data(year, processed_root)
    times = dict.fromkeys(("documents", "html", "pdf"), 0.0)
    for code in codes:
        start = time.perf_counter()
        doc = content.document(model.build(code, year, processed_root)).as_dict()
        made = time.perf_counter()
        page.html_page(doc)
        html = time.perf_counter()
        page.pdf(doc)
        times["documents"] += made - start
        times["html"] += html - made
        times["pdf"] += time.perf_counter() - html
    return times


def main(argv: list[str] | None = None) -> int:
    parser = common.parser(__doc__)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    year = args.year or codebook.latest_year()
    n = common.n_respondents(year, args.processed)
    print(f"factsheets {year}: {n} respondents; load average {common.load()}")
    keys = ("batch", "batch cpu", "one", "one cpu", "documents", "html", "pdf")
    times: dict[str, list[float]] = {k: [] for k in keys}
    for run in range(1, args.runs + 1):
        for key, workers in (("batch", args.workers), ("one", 1)):
            seconds, cpu = run_once(year, workers, args.processed)
            times[key].append(seconds)
            times[f"{key} cpu"].append(cpu)
        for step, seconds in phases(year, args.processed).items():
            times[step].append(seconds)
        print(
            f"  run {run}: batch {times['batch'][-1]:5.1f} s ({args.workers} threads; "
            f"CPU {times['batch cpu'][-1]:.1f} s), {times['one'][-1]:5.1f} s (1 thread; "
            f"CPU {times['one cpu'][-1]:.1f} s); load {common.load()}"
        )
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"load average after: {common.load()}")
    print()
    print(f"{'':52}{'median':>9}{'per factsheet':>15}")
    lines = [
        (f"batch, all {n}, {args.workers} threads (fresh process)", med["batch"]),
        ("  its CPU (user + system)", med["batch cpu"]),
        (f"batch, all {n}, 1 thread (fresh process)", med["one"]),
        ("  its CPU (user + system)", med["one cpu"]),
        ("  in one thread: documents (model + content)", med["documents"]),
        ("  in one thread: HTML pages (Jinja2)", med["html"]),
        ("  in one thread: PDFs (Typst)", med["pdf"]),
    ]
    for label, seconds in lines:
        print(f"{label:52}{seconds:8.1f}s{seconds / n:14.3f}s")
    print()
    print(
        f"factsheets, all {n} (HTML + PDF, fresh process, imports included): median "
        f"{med['batch']:.1f} s of {args.runs} runs; budget {BUDGET:.0f} s: "
        f"{'within' if med['batch'] <= BUDGET else 'OVER'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
