"""A year's encrypted pages on the site: <site>/<year>/gemeenten/.

    write_year(site, 2023, secret)    # every respondent's page, from reports/2023/
    check(site / "2023" / "gemeenten")  # DeliveryError unless only sealed pages are there

A page is the municipality's monitor (reports/<year>/monitor/<stem>.html, as `make
monitor` wrote it) with its factsheet PDF and HTML (reports/<year>/factsheets/, `make
factsheets`) in the place of the links to them, as data: URLs the reader downloads. That
plaintext is sealed (`seal.encrypt`) into a small page of its own (templates/) whose
script (templates/ontsleutel.js) decrypts it with the key of the link's fragment and
puts the monitor in its place. Beside the pages, lib/ holds the monitor's scripts and
styles (public: no data) and that script.

Every page of a year is padded to one size (the largest, rounded up to `PAD`), so the
size of a page tells nothing of its answers or whose it is; its file name is
`seal.page_name`, which says nothing either.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import shutil
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from helpers import paths
from helpers.delivery import seal
from helpers.factsheets import batch as factsheets
from helpers.files import recover_swaps, swap_in, write_bytes_if_changed
from helpers.monitor import batch as monitors
from helpers.monitor import charts
from helpers.monitor import page as monitor_page
from helpers.municipality.respondents import tasks
from helpers.templates import CONFIDENTIAL, environment, script_json

GEMEENTEN = "gemeenten"  # <site>/<year>/gemeenten/
TEMPLATES = Path(__file__).with_name("templates")
SCRIPT = "ontsleutel.js"
PAD = 64 * 1024  # bytes
NAME = re.compile(r"[0-9a-f]{32}\.html")
PAYLOAD_START = '<script type="application/json" id="versleuteld">'
PAYLOAD_SLOT = "@PAYLOAD@"  # where `shell` puts the payload into the rendered template
FACTSHEET_TYPES = {"pdf": "application/pdf", "html": "text/html;charset=utf-8"}
# Everything the page says before it is opened (Dutch); the script takes them from the page.
WORDS = {
    "title": "Eenzaamheidsmonitor {year} · vertrouwelijk",
    "heading": "Eenzaamheidsmonitor en factsheet {year}",
    "about": "Deze pagina is vertrouwelijk: alleen de gemeente die de link kreeg, kan haar "
    "openen. De monitor en de factsheet worden in uw browser geopend; de sleutel in de "
    "link gaat nooit naar de server.",
    "opening": "De pagina wordt geopend…",
    "no_key": "Open deze pagina met de persoonlijke link die uw gemeente kreeg, of plak die "
    "link of de sleutel eruit hieronder.",
    "wrong_key": "Met deze link of sleutel gaat de pagina niet open. Kopieer de link uit het "
    "bericht helemaal (ook het deel na #) en probeer het opnieuw. Lukt het niet, vraag dan "
    "een nieuwe link aan.",
    "no_crypto": "Uw browser kan deze pagina niet openen (Web Crypto ontbreekt). Gebruik "
    "een recente versie van Edge, Chrome, Firefox of Safari.",
    "no_script": "Deze pagina heeft JavaScript nodig om te openen.",
    "key_label": "Link of sleutel",
    "open": "Openen",
    "footer": "Benchmark Eén tegen eenzaamheid {year} · vertrouwelijk, alleen voor de "
    "gemeente die de link kreeg",
    "statement": "Toegankelijkheid",
}


class DeliveryError(Exception):
    """A page that cannot be made or a folder that holds what it must not; the message
    names the file and what to do (and never a secret or a key)."""


def page_path(secret: bytes, year: int, code: str) -> str:
    """The page of `code` within the site: <year>/gemeenten/<name>.html."""
    return path_of(year, seal.page_name(secret, year, code))


def path_of(year: int, name: str) -> str:
    """The page named `name` in the year's folder of pages, within the site."""
    return f"{year}/{GEMEENTEN}/{name}.html"


def plaintext(year: int, stem: str, reports_root: Path = paths.REPORTS) -> bytes:
    """The monitor page of `stem` with its factsheet files in the place of their links."""
    source = monitors.out_dir(year, reports_root) / f"{stem}.html"
    html = _read(source, "monitor", year).decode("utf-8")
    for suffix, media_type in FACTSHEET_TYPES.items():
        file = factsheets.out_dir(year, reports_root) / f"{stem}.{suffix}"
        data = base64.b64encode(_read(file, "factsheets", year)).decode("ascii")
        link = f'href="{monitor_page.factsheet_href(stem, suffix)}"'
        if html.count(link) != 1:
            raise DeliveryError(f"{paths.relative(source)}: no single link {link} to replace")
        html = html.replace(link, f'href="data:{media_type};base64,{data}"')
    return html.encode("utf-8")


def _read(file: Path, make: str, year: int) -> bytes:
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise DeliveryError(
            f"{paths.relative(file)} is missing: run `make {make} YEAR={year}`"
        ) from None


def shell(year: int, nonce: bytes, ciphertext: bytes) -> bytes:
    """The page (UTF-8) that holds a sealed plaintext; the same for every municipality but
    its payload. Made as bytes: a page is 400 kB, and a year has 174 of them."""
    prefix, suffix = _shell_parts(year)
    iv, ct = base64.b64encode(nonce), base64.b64encode(ciphertext)
    # JSON written out: base64 needs no escaping (SEALED is its form)
    return b"".join([prefix, b'{"v":1,"iv":"', iv, b'","ct":"', ct, b'"}', suffix])


@functools.cache
def _shell_parts(year: int) -> tuple[bytes, bytes]:
    """The page around its payload: (before, after), in UTF-8."""
    words = {k: v.format(year=year) for k, v in WORDS.items()}
    page = (
        environment(TEMPLATES)
        .get_template("pagina.html.j2")
        .render(
            w=words,
            words_json=script_json(words),
            payload_json=PAYLOAD_SLOT,
            colors=charts.COLORS,
            lib=monitor_page.LIB,
            script=SCRIPT,
            statement=monitor_page.STATEMENT,
        )
    )
    before, after = page.encode("utf-8").split(PAYLOAD_SLOT.encode())
    return before, after


def read_payload(html: str | bytes) -> tuple[bytes, bytes]:
    """(nonce, ciphertext) of a page made by `shell` (DeliveryError when there is none)."""
    html = html.decode("utf-8") if isinstance(html, bytes) else html
    try:
        start = html.index(PAYLOAD_START) + len(PAYLOAD_START)
        payload = json.loads(html[start : html.index("</script>", start)])
        if set(payload) != {"v", "iv", "ct"} or payload["v"] != 1:
            raise ValueError("unknown fields")
        nonce = base64.b64decode(payload["iv"], validate=True)
        ciphertext = base64.b64decode(payload["ct"], validate=True)
    except (ValueError, TypeError) as err:
        raise DeliveryError(f"not a sealed page ({type(err).__name__})") from None
    if len(nonce) != seal.NONCE_BYTES:
        raise DeliveryError("not a sealed page (nonce length)")
    return nonce, ciphertext


def _lib_files(year: int, reports_root: Path) -> dict[str, bytes]:
    """lib/ of the site's pages: the monitor's (as `make monitor` wrote it) and the script."""
    source = monitors.out_dir(year, reports_root) / monitor_page.LIB
    files = {name: _read(source / name, "monitor", year) for name in monitor_page.LIB_FILES}
    files[SCRIPT] = (TEMPLATES / SCRIPT).read_bytes()
    return files


def check(folder: Path) -> None:
    """DeliveryError unless `folder` holds only lib/ and sealed pages.

    lib/ may hold the monitor's scripts and styles and the opening script: those copied
    from templates as they are, the generated ones (the Vega bundle, the chart specs, the
    notice) without anything of a municipality's page in them. A page must be exactly as
    `shell` writes it, named by 32 hex digits, and its ciphertext must look random (plain
    text compresses; a ciphertext does not). No links: what a link points to is not here.
    A guard against mistakes: it cannot tell a page sealed with the right key."""
    folder = Path(folder)
    year = int(folder.parent.name) if folder.parent.name.isdigit() else 0
    lib = folder / monitor_page.LIB
    copied = {lib / n: TEMPLATES / n for n in (SCRIPT,)} | {
        lib / n: monitor_page.TEMPLATES / n for n in monitor_page.STATIC
    }
    made = {lib / n for n in monitor_page.LIB_FILES} - set(copied)
    for path in sorted(folder.rglob("*")):
        where = paths.relative(path)
        if path.is_symlink():
            raise DeliveryError(f"{where}: a link, in the pages' folder")
        if path == lib:
            continue
        if path in copied:
            if path.read_bytes() != copied[path].read_bytes():
                raise DeliveryError(f"{where}: not the file of this code")
            continue
        if path in made:
            if reason := confidential_content(path.read_bytes()):
                raise DeliveryError(f"{where}: holds {reason}")
            continue
        if path.is_dir() or not NAME.fullmatch(path.name) or path.parent != folder:
            raise DeliveryError(f"{where}: not a sealed page, yet in the pages' folder")
        page = path.read_bytes()
        prefix, suffix = _shell_parts(year)
        framed = page.startswith(prefix) and page.endswith(suffix)
        payload = page[len(prefix) : len(page) - len(suffix)] if framed else b""
        found = SEALED.fullmatch(payload[:CT_START]) and payload.endswith(b'"}')
        ct = payload[CT_START:-2]
        data = ct.rstrip(b"=")
        # only base64 in the ciphertext (translate: far faster than a pattern on 400 kB)
        padding = len(ct) - len(data)
        if not (found and data and len(ct) % 4 == 0 and padding <= 2) or data.translate(
            None, BASE64
        ):
            raise DeliveryError(f"{where}: holds more than a sealed page")
        sample = base64.b64decode(ct[:SAMPLE])
        if len(zlib.compress(sample, 1)) < 0.95 * len(sample):
            raise DeliveryError(f"{where}: its content compresses, so it is not encrypted")


# The payload as `shell` writes it: a 12-byte nonce, then the ciphertext, in base64.
SEALED = re.compile(rb'\{"v":1,"iv":"[A-Za-z0-9+/]{16}","ct":"')
CT_START = len('{"v":1,"iv":"') + 16 + len('","ct":"')
BASE64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
SAMPLE = 4 * 4096  # base64 characters of a ciphertext tried for compression (12 kB)
# What a page about one municipality holds and nothing public does.
_CONFIDENTIAL = {
    CONFIDENTIAL.encode(): "the mark of a confidential page",
    b'id="monitor-data"': "a monitor's data",
    b"%PDF-": "a PDF",
}


def confidential_content(data: bytes) -> str | None:
    """What in `data` belongs to a municipality's page (None: nothing found)."""
    return next((what for mark, what in _CONFIDENTIAL.items() if mark in data), None)


@dataclass
class YearResult:
    year: int
    folder: Path
    pages: int
    size: int  # bytes of every page's plaintext, padded
    seconds: float


def write_year(
    site: Path,
    year: int,
    secret: bytes,
    *,
    reports_root: Path = paths.REPORTS,
    processed_root: str | Path | None = None,
    only: Iterable[str] | None = None,
) -> YearResult:
    """Seal the page of every respondent of `year` (of `only`: then just those) into
    <site>/<year>/gemeenten/, replacing that folder whole once every page is made."""
    start = time.perf_counter()
    todo = tasks(year, processed_root, only)
    plain = {code: plaintext(year, stem, reports_root) for code, stem in todo}
    size = -(-max(map(len, plain.values()), default=0) // PAD) * PAD
    year_dir = Path(site) / str(year)
    year_dir.mkdir(parents=True, exist_ok=True)
    recover_swaps(year_dir)
    staging, target = year_dir / f".{GEMEENTEN}.new", year_dir / GEMEENTEN
    shutil.rmtree(staging, ignore_errors=True)
    (staging / monitor_page.LIB).mkdir(parents=True)
    for name, data in _lib_files(year, reports_root).items():
        (staging / monitor_page.LIB / name).write_bytes(data)
    # written in the order of their names, so that the files' times do not follow the codes
    for name, code in sorted((seal.page_name(secret, year, c), c) for c in plain):
        text = plain[code]
        padded = text + b" " * (size - len(text))  # after </html>: the browser ignores it
        nonce, ciphertext = seal.encrypt(secret, year, code, padded)
        write_bytes_if_changed(staging / f"{name}.html", shell(year, nonce, ciphertext))
    check(staging)
    swap_in(staging, target)
    return YearResult(year, target, len(plain), size, time.perf_counter() - start)
