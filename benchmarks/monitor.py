"""Benchmark of the monitors of a year (not a test: timings vary).

    python benchmarks/monitor.py --year 2023 [--runs 3]

Each run is `python -m helpers.monitor` in a fresh process (as `make monitor` runs it:
imports, reading every processed year, the Vega bundle, every page), into a temporary
folder; of reports/ it writes only the step's log (reports/logs/monitor-<year>.log).
The Vega bundle comes from its cache in data/external/vega/, made before the first run
when missing (as the first `make monitor` makes it). Prints the median wall time of
`--runs` runs against the 5 s the monitors of all respondents may take, with the load
average before and after, since the machine may be shared.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common

from helpers.data import codebook
from helpers.monitor import page

BUDGET = 5.0  # seconds for all monitors of a year (the requirement)


def run_once(year: int, processed_root: Path | None) -> float:
    """Wall seconds of one `python -m helpers.monitor` for every respondent of `year`."""
    with tempfile.TemporaryDirectory(prefix="monitor-bench-") as tmp:
        command = [sys.executable, "-m", "helpers.monitor", "--year", str(year)]
        command += ["--out", tmp, "--no-progress"]
        if processed_root is not None:
            command += ["--processed", str(processed_root)]
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds = time.perf_counter() - start
        if len(list(Path(tmp).glob("GM*.html"))) != common.n_respondents(year, processed_root):
            raise SystemExit("not every respondent got a monitor")
    return seconds


def main(argv: list[str] | None = None) -> int:
    args = common.parser(__doc__).parse_args(argv)
    year = args.year or codebook.latest_year()
    n = common.n_respondents(year, args.processed)
    with tempfile.TemporaryDirectory(prefix="monitor-bench-") as tmp:
        page.write_lib(Path(tmp))  # the Vega bundle cached, if it was not yet
    print(f"monitor {year}: {n} respondents; load average {common.load()}")
    median = common.median_of(args.runs, lambda: run_once(year, args.processed))
    print(
        f"monitors, all {n} (fresh process, imports included): median {median:.1f} s "
        f"({median / n:.3f} s each) of {args.runs} runs; budget {BUDGET:.0f} s: "
        f"{'within' if median <= BUDGET else 'OVER'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
