"""`python -m helpers.publish [YEAR ...]`: build each year's report and put it on the site.

    python -m helpers.publish                     # every year in data/raw -> reports/site/
    python -m helpers.publish 2022 2023           # these years
    python -m helpers.publish --latest --site _site  # the yearly workflow: the latest year
                                                     # added to a checkout of gh-pages

Each year is built first (`helpers.build`, a no-op when up to date; its render needs
Quarto) and then replaces its own folder in the site; years already in the site stay as
published. A year that fails keeps its published version and is listed at the end (exit
1); the others are still published and the landing page lists every year in the site.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from helpers import logs, paths
from helpers.build import book
from helpers.build.errors import BuildError
from helpers.data import codebook
from helpers.paths import relative
from helpers.publish import site

logger = logging.getLogger("helpers.publish")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build the reports of YEARs and publish them on the site (see `make site`)."
    )
    parser.add_argument("years", nargs="*", type=int, help="default: every year in data/raw")
    parser.add_argument("--latest", action="store_true", help="only the latest year in data/raw")
    parser.add_argument("--site", type=Path, default=site.SITE, help="the site folder")
    parser.add_argument("--reports", type=Path, default=paths.REPORTS, help="reports root")
    parser.add_argument("--processed", type=Path, default=paths.PROCESSED, help="processed root")
    parser.add_argument(
        "--no-build", action="store_true", help="publish the books as they are, build nothing"
    )
    args = parser.parse_args(argv)
    logs.setup("publish")
    if args.latest and args.years:
        parser.error("give YEARs or --latest, not both")
    years = args.years or codebook.available_years()
    years = years[-1:] if args.latest else years
    if not years:
        logger.error(f"{relative(paths.RAW)}: no year folders, nothing to publish")
        return 1
    failed: dict[int, str] = {}
    for year in years:
        try:
            if not args.no_build:
                res = book.build(year, reports_root=args.reports, processed_root=args.processed)
                logger.info(f"report {year}: site {res.site}")
            found = site.add_year(args.site, year, args.reports, args.processed)
            logger.info(f"published {year}: {found.title} -> {relative(args.site / str(year))}")
        except (BuildError, site.PublishError) as err:
            lines = err.lines if isinstance(err, BuildError) else [str(err)]
            failed[year] = lines[0]
            for line in lines:
                logger.error(line)
    try:
        listed = site.write_landing(args.site)
    except site.PublishError as err:
        logger.error(str(err))
        return 1
    logger.info(
        f"site {relative(args.site)}: {len(listed)} year(s) on the landing page "
        f"({', '.join(str(e.year) for e in listed) or 'none'})"
    )
    if failed:
        logger.error(f"not published: {', '.join(map(str, failed))} (see above)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
