"""Command line of the municipalities' encrypted pages.

    python -m helpers.delivery pages [--year YEAR] [--site SITE]      # make delivery
    python -m helpers.delivery handout [--year YEAR] --site-url URL   # make handout
    python -m helpers.delivery secret     # is a usable secret set? (make checks it first)

`pages` seals the monitor and factsheet of every respondent of YEAR (as `make monitor`
and `make factsheets` wrote them) into SITE/YEAR/gemeenten/. `handout` writes the list of
links, reports/YEAR/handout/links-YEAR.csv. Both need the deployment's secret
(EEN_DELIVERY_SECRET or EEN_DELIVERY_SECRET_FILE) and exit 1 with one line without it;
`secret` only checks that, so that `make delivery` stops before it builds anything.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from helpers import cli, logs, paths
from helpers.data import codebook
from helpers.delivery import handout, pages, seal

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=cli.prog(__spec__),
        description="The municipalities' encrypted pages on the site, and the list of their links.",
    )
    parser.add_argument("what", choices=["pages", "handout", "secret"])
    parser.add_argument("--year", type=int, help="default: the latest year in data/raw")
    parser.add_argument(
        "--site", type=Path, default=paths.SITE, help="the site folder (pages; handout checks it)"
    )
    parser.add_argument("--site-url", help="the site's https:// address (handout)")
    parser.add_argument("--reports", type=Path, default=paths.REPORTS, help="reports root")
    parser.add_argument("--processed", type=Path, help="processed tables (default data/processed)")
    args = parser.parse_args(argv)
    year = logs.setup_for_year(args.year, f"delivery-{args.what}", codebook.latest_year)
    if year is None:
        return 1
    try:
        secret = seal.load_secret()
        if args.what == "secret":
            log.info("the secret is usable")
            return 0
        if args.what == "pages":
            done = pages.write_year(
                args.site, year, secret, reports_root=args.reports, processed_root=args.processed
            )
            log.info(
                f"sealed {done.pages} pages of {year} ({done.size // 1024} kB each) into "
                f"{paths.relative(done.folder)} in {done.seconds:.1f} s"
            )
        else:
            written, warning = handout.write(
                year,
                secret,
                args.site_url,
                site=args.site,
                reports_root=args.reports,
                processed_root=args.processed,
            )
            if warning:
                log.warning(warning)
            log.info(
                f"wrote the links of {year} to {paths.relative(written)}: confidential, "
                "send each municipality its own link only (docs/delivery.md)"
            )
    except (OSError, ValueError, pages.DeliveryError) as err:  # SecretError is a ValueError
        log.error(str(err))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(cli.run(main))
