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
import secrets
import urllib.error
import urllib.request
from itertools import pairwise
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
    Crypto, which opens the pages, works only there and on this machine), without a query
    or #, and not a page or a year's folder of pages (the links add
    <year>/gemeenten/<page>.html to it)."""
    site_url = site_url or ""
    # never what follows a # (as %23 too, as mail scanners write it): it may be a key
    shown, *key = re.split(r"#|%23", site_url, maxsplit=1, flags=re.IGNORECASE)
    parts = urlsplit(site_url)
    local = parts.scheme == "http" and parts.netloc.split(":")[0] in LOCAL
    steps = [step for step in parts.path.split("/") if step]
    within = bool(steps) and steps[-1].endswith(".html")
    within |= any(re.fullmatch(r"\d{4}", a) and b == pages.GEMEENTEN for a, b in pairwise(steps))
    scheme = parts.scheme == "https" or local
    if not parts.netloc or not scheme or key or "?" in site_url or within:
        raise ValueError(
            f"the site's address must be the https:// address of its root, without ? or #, "
            f"such as https://<owner>.github.io/<repository> (give it with SITE_URL=...), "
            f"not {shown!r}"
            + (" followed by #..." if key else "")
            + (": that is a page or a folder of pages within the site" if within else "")
        )
    return site_url.rstrip("/")


def link(site_url: str, secret: bytes, year: int, code: str) -> str:
    key = seal.key_text(seal.page_key(secret, year, code))
    return f"{check_site_url(site_url)}/{pages.page_path(secret, year, code)}#{key}"


FOLDER = "handout"  # in reports/<year>/; the site refuses a folder of this name


def path(year: int, reports_root: Path = paths.REPORTS) -> Path:
    return Path(reports_root) / str(year) / FOLDER / f"links-{year}.csv"


def check_links(year: int, secret: bytes, codes: list, site: Path, site_url: str) -> str | None:
    """That the links lead to pages, so that no municipality is sent a link to nothing: a
    ValueError where a page is not there (a wrong secret: none is), a warning where it
    cannot be told, None when the pages are there. Checked against the local copy of the
    site (`site`, SITE) where it has the year's folder of pages, and against the site
    itself (one page, at random): a page missing there is an error without a local copy, and
    with one a warning (not published yet, or another address or secret), as is a site
    that has a page no secret gives (it answers every address)."""
    if not codes:
        return None
    folder = Path(site) / str(year) / pages.GEMEENTEN
    kept = "; the earlier list of links is left as it was"
    wrong = "this secret is not the one the pages were sealed with"
    if folder.is_dir():
        if not any(folder.glob("*.html")):
            raise ValueError(
                f"{paths.relative(folder)} holds no pages: `make delivery YEAR={year}` seals "
                f"them{kept}"
            )
        missing = [
            c for c in codes if not (Path(site) / pages.page_path(secret, year, c)).is_file()
        ]
        if missing:
            raise ValueError(
                f"{len(missing)} of the {len(codes)} links would lead to no page of "
                f"{paths.relative(folder)}: "
                + (
                    wrong
                    if len(missing) == len(codes)
                    else f"`make delivery YEAR={year}` seals them"
                )
                + kept
            )
    # a page chosen at random: which one is asked for tells the host no municipality
    online = _asked(site_url, pages.page_path(secret, year, secrets.choice(codes)))
    where = f"{site_url}/{year}/{pages.GEMEENTEN}/"
    # a site that answers every address (a catch-all page) has a page no name leads to
    if online is None and _asked(site_url, _no_page(year)) is None:
        return (
            f"{site_url} answers for a page that does not exist too (a catch-all), so the "
            "links were not checked on the site"
        )
    if online == MISSING and not folder.is_dir():
        raise ValueError(
            f"the links would lead to no page of {where}: {wrong}, or the pages of {year} "
            f"are not published yet, or SITE_URL is not the site's address{kept}"
        )
    if online == MISSING:
        return (
            f"the pages are here but not at {where}: not published yet, or SITE_URL is not "
            "the site's address, or the site was sealed with another secret"
        )
    return f"{online}, so the links were not checked on the site" if online else None


MISSING = "missing"


def _no_page(year: int) -> str:
    """A page of the year's folder that no secret gives: a random name of another length."""
    return pages.path_of(year, secrets.token_hex(seal.NAME_BYTES + 1))


def _asked(site_url: str, page: str) -> str | None:
    """Whether the site has `page` (HEAD, else GET where HEAD is not allowed): None when
    it does, MISSING when it answers 404 or with another page, else why it cannot tell."""
    address = f"{site_url}/{page}"
    for method in ("HEAD", "GET"):
        try:
            request = urllib.request.Request(address, method=method)
            with urllib.request.urlopen(request, timeout=20) as answer:
                # a redirect to another host keeps the page's path (a custom domain)
                return None if urlsplit(answer.geturl()).path.endswith(page) else MISSING
        except urllib.error.HTTPError as err:
            if err.code == 405 and method == "HEAD":
                continue
            return MISSING if err.code == 404 else f"{site_url} answers {err.code} {err.reason}"
        except (OSError, ValueError) as err:  # no network, no such host
            return f"{site_url} cannot be reached ({type(err).__name__})"
    return None  # not reached: GET answers or raises


def write(
    year: int,
    secret: bytes,
    site_url: str,
    *,
    site: Path = paths.SITE,
    reports_root: Path = paths.REPORTS,
    processed_root: str | Path | None = None,
) -> tuple[Path, str | None]:
    """Write the list of links of every respondent of `year`, once `check_links` finds
    their pages: its path, and the warning where that could not be told."""
    site_url = check_site_url(site_url)
    who = respondents(year, processed_root)
    warning = check_links(year, secret, list(who["gemeentecode"]), site, site_url)
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
