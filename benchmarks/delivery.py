"""Benchmark of the municipalities' encrypted pages of a year (not a test: timings vary).

    python benchmarks/delivery.py --year 2023 [--runs 3]

Each run is `python -m helpers.delivery pages` in a fresh process (as `make delivery`
runs it once `make monitor` and `make factsheets` are done: imports, reading the
monitors and factsheets in reports/<year>/, sealing every page, the check of the folder),
into a temporary site, with a throwaway secret made here and never shown. Prints the
median wall time of `--runs` runs against the 2 s the pages may add to `make monitor`.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common

from helpers.data import codebook
from helpers.delivery import pages, seal
from helpers.factsheets import batch as factsheets
from helpers.monitor import batch as monitors

BUDGET = 2.0  # seconds on top of `make monitor` (the requirement)


def run_once(year: int, processed_root: Path | None, secret: str) -> float:
    with tempfile.TemporaryDirectory(prefix="delivery-bench-") as tmp:
        command = [sys.executable, "-m", "helpers.delivery", "pages", "--year", str(year)]
        command += ["--site", tmp]
        if processed_root is not None:
            command += ["--processed", str(processed_root)]
        start = time.perf_counter()
        subprocess.run(
            command, check=True, capture_output=True, env=os.environ | {seal.SECRET_ENV: secret}
        )
        seconds = time.perf_counter() - start
        found = list((Path(tmp) / str(year) / pages.GEMEENTEN).glob("*.html"))
        if len(found) != common.n_respondents(year, processed_root):
            raise SystemExit("not every respondent got a page")
    return seconds


def main(argv: list[str] | None = None) -> int:
    args = common.parser(__doc__).parse_args(argv)
    year = args.year or codebook.latest_year()
    for folder, make in (
        (monitors.out_dir(year), "monitor"),
        (factsheets.out_dir(year), "factsheets"),
    ):
        if not any(folder.glob("GM*.html")):
            raise SystemExit(
                f"no {make} of {year} in {folder}: run `make {make} YEAR={year}` first"
            )
    secret = secrets.token_urlsafe(32)
    n = common.n_respondents(year, args.processed)
    print(f"delivery {year}: {n} respondents; load average {common.load()}")
    median = common.median_of(args.runs, lambda: run_once(year, args.processed, secret), 2)
    print(
        f"encrypted pages, all {n} (fresh process, imports included): median {median:.2f} s "
        f"of {args.runs} runs; budget {BUDGET:.0f} s on top of make monitor: "
        f"{'within' if median <= BUDGET else 'OVER'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
