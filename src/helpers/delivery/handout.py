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
import re
import urllib.error
import urllib.request
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
    Crypto, which opens the pages, works only there and on this machine) and the site's
    root (the links add <year>/gemeenten/<page>.html to it)."""
    parts = urlsplit(site_url or "")
    local = parts.scheme == "http" and parts.netloc.split(":")[0] in LOCAL
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    within = last.endswith(".html") or last == pages.GEMEENTEN or re.fullmatch(r"\d{4}", last)
    if not parts.netloc or not (parts.scheme == "https" or local) or parts.fragment or within:
        shown = (site_url or "").split("#")[0]  # never what follows a #: it may be a key
        raise ValueError(
            f"the site's address must be the https:// address of its root, without #, such "
            f"as https://<owner>.github.io/<repository> (give it with SITE_URL=...), not "
            f"{shown!r}"
            + (" followed by #..." if "#" in (site_url or "") else "")
            + (": that is a page or a folder within the site" if within else "")
        )
    return site_url.rstrip("/")


def link(site_url: str, secret: bytes, year: int, code: str) -> str:
    key = seal.key_text(seal.page_key(secret, year, code))
    return f"{check_site_url(site_url)}/{pages.page_path(secret, year, code)}#{key}"


FOLDER = "handout"  # in reports/<year>/; the site refuses a folder of this name


def path(year: int, reports_root: Path = paths.REPORTS) -> Path:
    return Path(reports_root) / str(year) / FOLDER / f"links-{year}.csv"


def unchecked(year: int, secret: bytes, codes: list, site: Path, site_url: str) -> str | None:
    """Whether the links lead to pages: an error where a page is not there, which a wrong
    secret gives for every one, so that no municipality is sent a link to nothing. Checked
    against the local copy of the site (`site`, SITE) where it has the pages of `year`,
    else against the site itself (the first page); a warning where neither can be read,
    None when the pages are there."""
    folder = Path(site) / str(year) / pages.GEMEENTEN
    kept = "; the earlier list of links is left as it was"
    wrong = "this secret is not the one the pages were sealed with"
    if not folder.is_dir():
        address = f"{site_url}/{pages.page_path(secret, year, codes[0])}"
        try:
            with urllib.request.urlopen(urllib.request.Request(address, method="HEAD"), timeout=20):
                return None
        except urllib.error.HTTPError as err:
            if err.code != 404:
                return f"{site_url}: {err.code} {err.reason}, so the links were not checked"
            raise ValueError(
                f"the links would lead to no page of {site_url}/{year}/{pages.GEMEENTEN}/: "
                f"{wrong}, or the pages of {year} are not published yet{kept}"
            ) from None
        except (OSError, ValueError) as err:  # no network, no such host
            reason = type(err).__name__
            return f"{site_url} cannot be reached ({reason}), so the links were not checked"
    missing = [c for c in codes if not (Path(site) / pages.page_path(secret, year, c)).is_file()]
    if missing:
        raise ValueError(
            f"{len(missing)} of the {len(codes)} links would lead to no page of "
            f"{paths.relative(folder)}: "
            + (wrong if len(missing) == len(codes) else f"`make delivery YEAR={year}` seals them")
            + kept
        )
    return None


def write(
    year: int,
    secret: bytes,
    site_url: str,
    *,
    site: Path = paths.SITE,
    reports_root: Path = paths.REPORTS,
    processed_root: str | Path | None = None,
) -> tuple[Path, str | None]:
    """Write the list of links of every respondent of `year`, once `unchecked` finds their
    pages: its path, and the warning where they could not be checked."""
    site_url = check_site_url(site_url)
    who = respondents(year, processed_root)
    warning = unchecked(year, secret, list(who["gemeentecode"]), site, site_url)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in who.itertuples():
        writer.writerow(
            [row.gemeentecode, row.gemeentenaam, link(site_url, secret, year, row.gemeentecode)]
        )
    target = path(year, reports_root)
    private_folder(target.parent)
    write_if_changed(target, "\ufeff" + out.getvalue())  # with a BOM, as Excel reads UTF-8
    os.chmod(target, 0o600)
    return target, warning
