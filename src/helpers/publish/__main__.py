"""`python -m helpers.publish [YEAR ...]`: build each year's report and put it on the site.

    python -m helpers.publish                     # every year in data/raw -> reports/site/
    python -m helpers.publish 2022 2023           # these years
    python -m helpers.publish --unpublished --site _site
                        # the yearly workflow: every year in data/raw the site lacks

Each year is built first (`helpers.pipeline`, a no-op when up to date; its render needs
Quarto: without it the year fails, whatever an older _book/ holds; then the monitors and
factsheets) and then replaces its own folder in the site: the book at /<year>/ and the
municipalities' encrypted pages at /<year>/gemeenten/ (`helpers.delivery`, with the
secret of EEN_DELIVERY_SECRET; --no-pages leaves the pages as they are). The other years
in the site stay as published. With
--unpublished a year the site already has is left alone (published again only when
named on purpose). A year that fails keeps its published version and is listed at the end (exit
1); the others are still published and the landing page lists every year in the site.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from helpers import cli, logs, paths
from helpers.data import codebook
from helpers.delivery import pages, seal
from helpers.factsheets import batch as factsheets
from helpers.monitor import batch as monitors
from helpers.paths import relative
from helpers.pipeline import book
from helpers.pipeline.errors import BuildError
from helpers.pipeline.quarto import NOT_RENDERED
from helpers.publish import site

logger = logging.getLogger("helpers.publish")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=cli.prog(__spec__),
        description="Build the reports of YEARs and publish them on the site (see `make site`).",
    )
    parser.add_argument("years", nargs="*", type=int, help="default: every year in data/raw")
    parser.add_argument(
        "--unpublished", action="store_true", help="skip the years the site already has"
    )
    parser.add_argument("--site", type=Path, default=site.SITE, help="the site folder")
    parser.add_argument("--reports", type=Path, default=paths.REPORTS, help="reports root")
    parser.add_argument("--processed", type=Path, default=paths.PROCESSED, help="processed root")
    parser.add_argument(
        "--no-build",
        action="store_true",
        help="publish the books, monitors and factsheets as they are, build nothing",
    )
    parser.add_argument(
        "--no-pages",
        action="store_true",
        help="publish the books only; the municipalities' pages in the site stay as they are",
    )
    args = parser.parse_args(argv)
    logs.setup("publish")
    try:
        secret = None if args.no_pages else seal.load_secret()
    except seal.SecretError as err:
        logger.error(str(err))
        return 1
    years = args.years or codebook.available_years()
    if not years:
        logger.error(f"{relative(paths.RAW)}: no year folders, nothing to publish")
        return 1
    if args.unpublished:
        try:
            published = set(site.read_manifest(args.site))
        except site.PublishError as err:
            logger.error(str(err))
            return 1
        if published & set(years):
            logger.info(f"published already, left as they are: {sorted(published & set(years))}")
        years = [y for y in years if y not in published]
        if not years:
            logger.info("nothing new to publish")
            return 0
    failed: dict[int, str] = {}
    for year in years:
        try:
            site.check_labels(year)  # before anything is built
            if not args.no_build:
                res = book.build(year, reports_root=args.reports, processed_root=args.processed)
                if res.site in NOT_RENDERED:  # any _book/ there is older than the chapters
                    raise site.PublishError(f"{year}: the book was not rendered ({res.site})")
                if secret is not None:
                    _build_pages(year, args.reports, args.processed)
            site.edition(year, args.reports, args.processed)  # a book to publish, first
            if secret is not None:  # the pages next, so that a year that fails keeps its book
                done = pages.write_year(
                    args.site,
                    year,
                    secret,
                    reports_root=args.reports,
                    processed_root=args.processed,
                )
                logger.info(f"sealed {done.pages} municipalities' pages of {year}")
            found = site.add_year(args.site, year, args.reports, args.processed)
            logger.info(f"published {year}: {found.title} -> {relative(args.site / str(year))}")
        except (BuildError, site.PublishError, pages.DeliveryError, OSError, ValueError) as err:
            lines = err.lines if isinstance(err, BuildError) else [str(err)]
            failed[year] = lines[0]
            for line in lines:
                logger.error(line)
    try:
        listed = site.write_landing(args.site)
        site.check_site(args.site)  # as it will be pushed
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


def _build_pages(year: int, reports: Path, processed: Path) -> None:
    """The monitors and factsheets of `year`, which the pages seal (PublishError if any failed)."""
    for name, batch in {"monitors": monitors, "factsheets": factsheets}.items():
        result = batch.run_batch(
            year, target=batch.out_dir(year, reports), processed_root=processed, progress=False
        )
        if result.failures:
            code, error = sorted(result.failures.items())[0]
            raise site.PublishError(
                f"{year}: {len(result.failures)} {name} failed (the first, {code}: {error})"
            )


if __name__ == "__main__":
    sys.exit(cli.run(main))
