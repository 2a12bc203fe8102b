"""Command line: `python -m helpers.factsheets [--year YEAR] [--only GMxxxx ...]`
(`make factsheets`): the factsheet of every municipality that responded, see `batch`.

Exit status 1, with one line per problem, when the year has no processed tables, a
code is not a respondent, or any factsheet failed.
"""

from __future__ import annotations

import logging
import os
import sys

from helpers import cli, logs
from helpers.data import codebook
from helpers.factsheets.batch import run_batch

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    parser = cli.batch_parser(
        "Write the factsheet (executed notebook, HTML page and PDF) of every municipality "
        "that responded in YEAR.",
        "reports/YEAR/factsheets",
    )
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--no-render", action="store_true", help="only the notebooks: no HTML/PDF")
    args = parser.parse_args(argv)
    logs.setup(f"factsheets-{args.year}" if args.year else "factsheets")
    try:
        result = run_batch(
            args.year or codebook.latest_year(),
            target=args.out,
            processed_root=args.processed,
            only=args.only,
            workers=args.workers,
            render=not args.no_render,
            progress=not args.no_progress,
        )
    except (OSError, ValueError) as err:  # no tables, not a respondent, an unusable --out
        log.error(str(err))
        return 1
    log.info(
        f"wrote {len(result.notebooks)} factsheets ({len(result.rendered)} HTML pages and PDFs) "
        f"to {result.out_dir} in {result.seconds:.1f} s ({args.workers} workers)"
    )
    if cli.failed(log, result.failures):
        if (result.out_dir / "failed").is_dir():
            log.error(f"failed notebooks: {result.out_dir / 'failed'}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
