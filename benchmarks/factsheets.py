"""Benchmark of the factsheet batch against the naive way (not a test: timings vary).

    python benchmarks/factsheets.py --year 2023 [--runs 3] [--sample 10] [--workers 2]

* batch: `helpers.factsheets.batch.run_batch` for every respondent (one kernel per worker,
  the notebook executed for many municipalities in turn), `--runs` times;
* naive: one `papermill.execute_notebook` per municipality (a kernel start each), on
  the first `--sample` respondents, `--runs` times, extrapolated linearly to all
  respondents (said so in the output).

Medians of the runs, and the ratio naive / batch. Everything is written to temporary
folders; reports/ is left alone. The machine may be shared: the load average before
and after is printed, so run it when the machine is quiet and repeat.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from helpers.build import engine
from helpers.data import codebook
from helpers.factsheets import batch


def run_naive(year: int, codes, target: Path, processed_root=None) -> float:
    """One papermill run (one kernel start) per municipality; returns wall seconds."""
    import papermill

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
    return time.perf_counter() - start


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on Linux
        return "n/a"


def bench(year: int, runs: int = 3, sample: int = 10, workers: int = 2, processed_root=None):
    everyone = batch.respondents(year, processed_root)
    n_all = len(everyone)
    codes = list(everyone["gemeentecode"][:sample])
    batched, naive = [], []
    print(f"factsheets {year}: {n_all} respondents; load average {_load()}")
    for run in range(1, runs + 1):
        with tempfile.TemporaryDirectory(prefix="factsheet-bench-") as tmp:
            start = time.perf_counter()
            result = batch.run_batch(
                year,
                target=Path(tmp),
                processed_root=processed_root,
                workers=workers,
                render=False,
                progress=False,
            )
            batched.append(time.perf_counter() - start)
            if result.failures:
                raise SystemExit(f"batch failed: {result.failures}")
        with tempfile.TemporaryDirectory(prefix="factsheet-bench-") as tmp:
            naive.append(run_naive(year, codes, Path(tmp), processed_root))
        print(
            f"  run {run}: batch {batched[-1]:6.1f} s ({n_all} factsheets, {workers} workers)"
            f" | naive {naive[-1]:6.1f} s ({len(codes)} factsheets)"
        )
    b, s = statistics.median(batched), statistics.median(naive)
    per = s / len(codes)
    extrapolated = per * n_all
    print(f"load average after: {_load()}")
    print()
    print(f"{'':34}{'median':>10}{'per factsheet':>16}")
    print(f"{'batch, all ' + str(n_all):34}{b:9.1f}s{b / n_all:15.2f}s")
    print(f"{'naive, sample of ' + str(len(codes)):34}{s:9.1f}s{per:15.2f}s")
    print(f"{'naive, extrapolated to ' + str(n_all):34}{extrapolated:9.1f}s")
    print()
    print(
        f"speed-up: {extrapolated / b:.1f}x (naive extrapolated linearly from {len(codes)} "
        f"to {n_all} municipalities; medians of {runs} runs)"
    )
    return {"batch": batched, "naive": naive, "n": n_all, "sample": len(codes)}


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
