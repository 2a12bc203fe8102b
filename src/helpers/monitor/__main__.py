"""Command line: `python -m helpers.monitor [--year YEAR] [--only GMxxxx ...]`
(`make monitor`): the monitor of every municipality that responded, see `batch`.

Exit status 1, with one line per problem, when the year has no processed tables, a code
is not a respondent, or any monitor failed.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from helpers import logs
from helpers.data import codebook
from helpers.monitor.batch import run_batch

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write the online eenzaamheidsmonitor (an HTML page that opens offline) "
        "of every municipality that responded in YEAR."
    )
    parser.add_argument("--year", type=int, help="default: the latest year in data/raw")
    parser.add_argument("--only", nargs="+", metavar="GMxxxx", help="just these municipalities")
    parser.add_argument("--out", type=Path, help="output folder (default reports/YEAR/monitor)")
    parser.add_argument("--processed", type=Path, help="processed tables (default data/processed)")
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args(argv)
    logs.setup(f"monitor-{args.year}" if args.year else "monitor")
    try:
        result = run_batch(
            args.year or codebook.latest_year(),
            target=args.out,
            processed_root=args.processed,
            only=args.only,
            progress=not args.no_progress,
        )
    except (FileNotFoundError, ValueError) as err:
        log.error(str(err))
        return 1
    log.info(f"wrote {len(result.pages)} monitors to {result.out_dir} in {result.seconds:.1f} s")
    if result.failures:
        log.error(f"{len(result.failures)} failed:")
        for code, error in sorted(result.failures.items()):
            log.error(f"{code}: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
