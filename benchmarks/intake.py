"""Benchmark of reading a year's export as an Excel workbook instead of a CSV (not a test:
timings vary).

    python benchmarks/intake.py --year 2023 [--runs 3]

The year's shipped export (data/raw/<year>/, read as text) is written as a workbook
(.xlsx, pandas and openpyxl) into a temporary folder; each run then reads the CSV and the
workbook into the frame of strings validation gets (`helpers.data.rawdata.read_text`), in
this process: the workbook's first run includes importing its reader (python-calamine),
as `make data` does once. A fresh process per run would time mostly pandas' import, the
same for both. Prints both medians and the time the workbook adds, against the 1 s it
may add.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import common

from helpers import paths
from helpers.data import codebook
from helpers.data.rawdata import read_text, source

BUDGET = 1.0  # seconds a workbook may add to reading a year's export (the target)


def run_once(path: Path) -> float:
    start = time.perf_counter()
    read_text(path)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    args = common.parser(__doc__).parse_args(argv)
    year = args.year or codebook.latest_year()
    csv = source(paths.RAW / str(year), codebook.load().export_file(year))
    with tempfile.TemporaryDirectory(prefix="intake-bench-") as tmp:
        workbook = Path(tmp) / csv.with_suffix(".xlsx").name
        read_text(csv).to_excel(workbook, sheet_name="Blad1", index=False)
        medians = {}
        for path in (csv, workbook):
            print(f"{year}: reading {path.name}, {args.runs} runs")
            medians[path.suffix] = common.median_of(args.runs, lambda p=path: run_once(p), 3)
    added = medians[".xlsx"] - medians[csv.suffix]
    print(
        f"median: {csv.suffix} {medians[csv.suffix]:.3f} s, .xlsx {medians['.xlsx']:.3f} s; "
        f"the workbook adds {added:.3f} s; budget {BUDGET:.0f} s: "
        f"{'within' if added <= BUDGET else 'OVER'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
