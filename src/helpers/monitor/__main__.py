"""Command line: `python -m helpers.monitor [--year YEAR] [--only GMxxxx ...]`
(`make monitor`): the monitor of every municipality that responded, see `batch`.

Exit status 1, with one line per problem, when the year has no processed tables, a code
is not a respondent, or any monitor failed.
"""

from __future__ import annotations

import logging
import os
import sys

from helpers import cli, logs, paths
from helpers.data import codebook
from helpers.monitor.batch import run_batch
from helpers.municipality import model

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    parser = cli.batch_parser(
        "Write the online eenzaamheidsmonitor (an HTML page that opens offline) of every "
        "municipality that responded in YEAR.",
        "reports/YEAR/monitor",
        __spec__,
    )
    parser.add_argument(
        "--workers", type=int, default=min(2, os.cpu_count() or 1), help="processes side by side"
    )
    args = parser.parse_args(argv)
    year = logs.setup_for_year(args.year, "monitor", codebook.latest_year)
    if year is None:
        return 1
    try:
        for note in model.notes(year, args.processed):
            log.warning(note)
        result = run_batch(
            year,
            target=args.out,
            processed_root=args.processed,
            only=args.only,
            workers=args.workers,
            progress=not args.no_progress,
        )
    except (OSError, ValueError) as err:  # no tables, not a respondent, an unusable --out
        log.error(str(err))
        return 1
    n = len(result.pages)
    where = paths.relative(result.out_dir)
    log.info(f"wrote {n} monitor{'s' * (n != 1)} to {where} in {result.seconds:.1f} s")
    return 1 if cli.failed(log, result.failures) else 0


if __name__ == "__main__":
    sys.exit(cli.run(main))
