"""The public website: each year's rendered book at /<year>/ and a landing page that
lists every year with its report and PDF.

A site folder is the record of what is published. `add_year` replaces one year's folder
by the year's rendered book (reports/<year>/_book/) and notes it in the site's
`jaren.json`; the other years stay exactly as they were published, so a site checked out
from the gh-pages branch keeps last year's report when this year's is added. The landing
page (`index.html`) is written from `jaren.json` each time, with the accessibility
statement (`toegankelijkheid.html`, from toegankelijkheid.yml) beside it. Nothing but
the public report goes in: a book holding factsheets, monitors or data files is refused
(`check_public`).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import jinja2
import yaml

from helpers import paths
from helpers.data import codebook, rawdata, sources
from helpers.delivery import handout, pages
from helpers.factsheets import batch as factsheets
from helpers.files import recover_swaps, swap_in, write_if_changed
from helpers.monitor import batch as monitors
from helpers.paths import relative
from helpers.pipeline.quarto import MIN_QUARTO, output_file
from helpers.report import fmt, style
from helpers.report.chapters import load_quarto_template
from helpers.report.indicators import Tables, synthetic_years

SITE = paths.SITE
MANIFEST = "jaren.json"
TEMPLATES = Path(__file__).with_name("templates")
# Confidential or raw material that must never reach the public site: the per-municipality
# outputs and the list of their links (folders) and data files, whatever folder they are in.
PRIVATE_FOLDERS = frozenset({factsheets.FOLDER, monitors.FOLDER, handout.FOLDER})
DATA_SUFFIXES = frozenset(
    {".csv", ".parquet", ".xlsx", ".xls", ".sav", ".zip", ".ipynb", ".gz", ".tar", ".7z"}
)


class PublishError(Exception):
    """A year that cannot be published; the message names the folder and what is wrong."""


@dataclass(frozen=True)
class Edition:
    """One published year, as listed on the landing page."""

    year: int
    title: str
    subtitle: str
    pdf: str  # file name inside the year's folder
    synthetic: list[int]  # years of synthetic data the report draws on (empty: real data)
    code: str = ""  # the code version the book was made with (its colophon); "": not known


def book_dir(year: int, reports_root: Path = paths.REPORTS) -> Path:
    return Path(reports_root) / str(year) / "_book"


def check_public(folder: Path, pdfs: Iterable[str] = ()) -> None:
    """Raise PublishError when `folder` holds anything that is not for the public.

    Refused: a folder named factsheets, monitor or handout (in any case), or hidden (but
    .git); a data file or notebook; a file with the mark or the data of a municipality's
    page (`helpers.delivery.pages.confidential_content`); a PDF but those of `pdfs` (paths
    in `folder`: the books' own). A municipality's page is let in only sealed, in a
    gemeenten/ folder (`helpers.delivery.pages.check`)."""
    folder, allowed = Path(folder), set(pdfs)
    found = []
    for p in sorted(folder.rglob("*")):
        parts = p.relative_to(folder).parts
        if parts[0] == ".git" or pages.GEMEENTEN in parts[:-1]:
            continue  # git's own files; the pages' folder is checked whole
        if p.name == pages.GEMEENTEN and p.is_dir():
            try:
                pages.check(p)
            except pages.DeliveryError as err:
                raise PublishError(str(err)) from None
        elif p.is_dir():
            if p.name.lower() in PRIVATE_FOLDERS or p.name.startswith("."):
                found.append(relative(p))
        elif p.suffix.lower() in DATA_SUFFIXES:
            found.append(relative(p))
        elif p.suffix.lower() == ".pdf":
            if "/".join(parts) not in allowed:
                found.append(relative(p))
        elif reason := pages.confidential_content(p.read_bytes()):
            found.append(f"{relative(p)} ({reason})")
    if found:
        raise PublishError(
            f"{relative(folder)} holds what must never be published: {', '.join(found[:5])}"
            + (f" and {len(found) - 5} more" if len(found) > 5 else "")
        )


def check_site(site: Path) -> None:
    """`check_public` of the whole site, as it is pushed: the PDFs of its books allowed."""
    books = read_manifest(site).values()
    check_public(site, [f"{e.year}/{e.pdf}" for e in books])


def check_labels(year: int, raw_root: Path = paths.RAW) -> None:
    """PublishError where a year the report of `year` draws on is labelled real while a
    synthetic.json beside its files lists others (a synthetic year copied as a trial and
    changed): the site never shows invented answers as real. The workflow removes every
    synthetic.json with the exports it puts in place."""
    for y in [y for y in codebook.available_years(raw_root) if y <= year]:
        try:
            stale = rawdata.stale_marker(y, raw_root)
        except ValueError as err:  # a damaged marker: says so itself
            stale = str(err)
        if stale:
            raise PublishError(f"{year} not published: {stale}")


def edition(year: int, reports_root: Path, processed_root: Path) -> Edition:
    """What the landing page says about `year`, from its rendered book and its data."""
    book = book_dir(year, reports_root)
    config_path = Path(reports_root) / str(year) / "_quarto.yml"
    if not (book / "index.html").is_file() or not config_path.is_file():
        raise PublishError(
            f"{relative(book)}: no rendered book of {year}; `make report YEAR={year}` makes "
            f"it when Quarto >= {'.'.join(map(str, MIN_QUARTO))} is installed (README)"
        )
    config = yaml.safe_load(config_path.read_text("utf-8"))
    variables = config_path.with_name("_variables.yml")
    made_with = yaml.safe_load(variables.read_text("utf-8")) if variables.is_file() else {}
    pdf = output_file(config) + ".pdf"
    if not (book / pdf).is_file():
        raise PublishError(f"{relative(book)}: the rendered book of {year} has no {pdf}")
    return Edition(
        year=year,
        title=config["book"]["title"],
        subtitle=config["book"].get("subtitle", ""),
        pdf=pdf,
        synthetic=synthetic_years(Tables(year, processed_root)),
        code=str((made_with or {}).get("code_version", "")),
    )


def read_manifest(site: Path) -> dict[int, Edition]:
    path = Path(site) / MANIFEST
    if not path.is_file():
        return {}
    try:
        return {e["year"]: Edition(**e) for e in json.loads(path.read_text("utf-8"))}
    except (ValueError, TypeError, KeyError) as err:
        problem = f"{type(err).__name__}: {err}"
        raise PublishError(f"{relative(path)} cannot be read ({problem})") from err


def add_year(
    site: Path,
    year: int,
    reports_root: Path = paths.REPORTS,
    processed_root: Path = paths.PROCESSED,
) -> Edition:
    """Put the rendered book of `year` into `site`/<year>/ (replacing that folder only)."""
    site = Path(site)
    found = edition(year, reports_root, processed_root)
    book = book_dir(year, reports_root)
    check_public(book, [found.pdf])
    editions = read_manifest(site) | {year: found}
    site.mkdir(parents=True, exist_ok=True)
    recover_swaps(site)
    staging, target = site / f".{year}.new", site / str(year)
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(book, staging)
    # the municipalities' pages stay until `helpers.delivery` replaces them
    if (target / pages.GEMEENTEN).is_dir():
        shutil.copytree(target / pages.GEMEENTEN, staging / pages.GEMEENTEN)
    swap_in(staging, target)
    write_if_changed(
        site / MANIFEST,
        json.dumps([asdict(e) for _, e in sorted(editions.items())], indent=1) + "\n",
    )
    return found


def series_title(book: dict) -> str:
    """The report series' name: the book title (of _quarto.yml) without its year."""
    return book["title"].replace("{year}", "").strip()


def statement() -> dict:
    """The facts of the accessibility statement (toegankelijkheid.yml), its date in words."""
    facts = yaml.safe_load(paths.ACCESSIBILITY.read_text("utf-8"))
    return facts | {"datum": fmt.date(facts["datum"])}


def _render(template: str, **values) -> str:
    """A page of the site's own (templates/, base.html.j2): with the publisher, the map
    credit, the house colours and the link to the accessibility statement."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["dutch_list"] = lambda years: fmt.join([str(y) for y in years])
    book = load_quarto_template()["book"]
    return env.get_template(template).render(
        author=book["author"],
        map_credit=sources.MAP_CREDIT,
        colors=style.PALETTE,
        statement=paths.STATEMENT,
        **values,
    )


def write_landing(site: Path) -> list[Edition]:
    """Write index.html listing every year of the site's manifest, newest first, and the
    accessibility statement beside it."""
    site = Path(site)
    recover_swaps(site)
    editions = sorted(read_manifest(site).values(), key=lambda e: -e.year)
    lost = [e.year for e in editions if not (site / str(e.year) / "index.html").is_file()]
    if lost:
        raise PublishError(f"{relative(site)}: {MANIFEST} lists {lost} without its folder")
    title = series_title(load_quarto_template()["book"])
    write_if_changed(site / "index.html", _render("index.html.j2", title=title, editions=editions))
    write_if_changed(site / paths.STATEMENT, _render("toegankelijkheid.html.j2", s=statement()))
    # GitHub Pages from a branch: serve the files as they are (Jekyll would skip every
    # file whose name starts with "_" or ".").
    write_if_changed(site / ".nojekyll", "")
    return editions
