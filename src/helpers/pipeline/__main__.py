"""`python -m helpers.pipeline [YEAR]`: the national report of one year (see `book`)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from helpers import cli, logs, paths
from helpers.data import codebook
from helpers.paths import relative
from helpers.pipeline import book
from helpers.pipeline.errors import BuildError

logger = logging.getLogger("helpers.pipeline")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=cli.prog(__spec__),
        description="Build the national report of one year (see `make report`).",
    )
    parser.add_argument("year", nargs="?", type=int, help="default: the latest in data/raw")
    parser.add_argument("-j", "--jobs", type=int, help="chapters in parallel (default: cores)")
    parser.add_argument("--force", action="store_true", help="execute every chapter again")
    parser.add_argument("--no-render", action="store_true", help="skip `quarto render`")
    parser.add_argument("--reports", type=Path, default=paths.REPORTS, help="reports root")
    parser.add_argument("--processed", type=Path, default=paths.PROCESSED, help="processed root")
    parser.add_argument(
        "--data-only",
        action="store_true",
        help="only the data step, for YEAR and every earlier year, where needed (make lab/test)",
    )
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    name = "data-up-to" if args.data_only else "report"
    year = logs.setup_for_year(args.year, name, codebook.latest_year)
    if year is None:
        return 1
    if args.data_only:
        try:
            book.ensure_processed(year, args.processed, logger.info, earlier=True)
        except BuildError as err:
            logger.error(str(err))
            return 1
        return 0
    try:
        res = book.build(
            year,
            reports_root=args.reports,
            processed_root=args.processed,
            jobs=args.jobs,
            force=args.force,
            render_site=not args.no_render,
            quiet=args.quiet,
        )
    except BuildError as err:
        for line in err.lines:
            logger.error(line)
        return 1
    done = f"executed {len(res.executed)}" if res.executed else "nothing to execute"
    (logger.debug if args.quiet else logger.info)(
        f"report {year}: {done}, {len(res.fresh)} up to date, site: {res.site} "
        f"({res.seconds:.1f} s) -> {relative(res.report)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(cli.run(main))
