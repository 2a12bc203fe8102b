"""The hand-out: the confidential list of each municipality's link, for the bureau's
mail merge (`make handout`).

    write(2023, secret, "https://example.github.io/benchmark")
    # -> reports/2023/handout/links-2023.csv: gemeentecode;gemeentenaam;link

The links hold the keys, so the list is as confidential as the answers: it is written
under reports/ (never published: helpers.publish refuses a handout/ folder), readable
by its owner only, and neither it nor a link is ever logged. It is made on the bureau's
own machine with the secret the site was built with.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from urllib.parse import urlsplit

from helpers import paths
from helpers.delivery import pages, seal
from helpers.files import private_folder, write_if_changed
from helpers.municipality.respondents import respondents

HEADER = ["gemeentecode", "gemeentenaam", "link"]
LOCAL = {"localhost", "127.0.0.1", "[::1]"}


def check_site_url(site_url: str) -> str:
    """The site's address without a trailing slash; ValueError unless it is https (Web
    Crypto, which opens the pages, works only there and on this machine)."""
    parts = urlsplit(site_url or "")
    local = parts.scheme == "http" and parts.netloc.split(":")[0] in LOCAL
    if not parts.netloc or not (parts.scheme == "https" or local) or parts.fragment:
        shown = (site_url or "").split("#")[0]  # never what follows a #: it may be a key
        raise ValueError(
            f"the site's address must be an https:// address without #, such as "
            f"https://<owner>.github.io/<repository> (give it with SITE_URL=...), not {shown!r}"
            + (" followed by #..." if "#" in (site_url or "") else "")
        )
    return site_url.rstrip("/")


def link(site_url: str, secret: bytes, year: int, code: str) -> str:
    key = seal.key_text(seal.page_key(secret, year, code))
    return f"{check_site_url(site_url)}/{pages.page_path(secret, year, code)}#{key}"


FOLDER = "handout"  # in reports/<year>/; the site refuses a folder of this name


def path(year: int, reports_root: Path = paths.REPORTS) -> Path:
    return Path(reports_root) / str(year) / FOLDER / f"links-{year}.csv"


def write(
    year: int,
    secret: bytes,
    site_url: str,
    *,
    reports_root: Path = paths.REPORTS,
    processed_root: str | Path | None = None,
) -> Path:
    """Write the list of links of every respondent of `year`; its path."""
    site_url = check_site_url(site_url)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in respondents(year, processed_root).itertuples():
        writer.writerow(
            [row.gemeentecode, row.gemeentenaam, link(site_url, secret, year, row.gemeentecode)]
        )
    target = path(year, reports_root)
    private_folder(target.parent)
    write_if_changed(target, "\ufeff" + out.getvalue())  # with a BOM, as Excel reads UTF-8
    os.chmod(target, 0o600)
    return target
