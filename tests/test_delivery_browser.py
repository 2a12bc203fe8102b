"""The municipalities' encrypted pages in a real browser (headless Chromium, selenium),
served over http from this machine as the site would be.

A page opened with its link shows the same monitor as the plain page, numbers in chart
and table alike, and its factsheet downloads byte for byte; opened with another
municipality's key, a key of the wrong length, a changed byte or no key, it shows only
the Dutch message: none of the data, no console error. The key never reaches the server.
Without chromium and chromedriver these tests skip, except under CI (see
test_monitor_browser.py, whose browser they share).
"""

import functools
import http.server
import threading
import time
from pathlib import Path

import pytest
from pdfs import page_texts
from test_delivery import SECRET
from test_monitor_browser import _chart_labels, _choose, _errors, _table, _wait, browser, downloads

from helpers.delivery import handout, pages
from helpers.factsheets import batch as factsheets
from helpers.monitor import batch as monitors

__all__ = ["browser", "downloads"]  # fixtures shared with the monitor's browser tests

pytestmark = [pytest.mark.synthetic_data, pytest.mark.slow]
YEAR = 2023
LARGE = "GM0743"  # Asten, Noord-Brabant
SUPPRESSED = "GM0034"  # Almere, Flevoland: no provincial figure


@pytest.fixture(scope="module")
def built(processed, tmp_path_factory) -> tuple[Path, Path]:
    """(reports root with the plain monitors and factsheets, site with their sealed pages)."""
    reports, site = tmp_path_factory.mktemp("reports"), tmp_path_factory.mktemp("site")
    for batch in (monitors, factsheets):
        result = batch.run_batch(
            YEAR,
            target=batch.out_dir(YEAR, reports),
            processed_root=processed,
            only=[LARGE, SUPPRESSED],
            progress=False,
        )
        assert not result.failures
    pages.write_year(
        site, YEAR, SECRET, reports_root=reports, processed_root=processed, only=[LARGE, SUPPRESSED]
    )
    return reports, site


class _Handler(http.server.SimpleHTTPRequestHandler):
    requests: list[str]

    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        self.requests.append(self.requestline)


@pytest.fixture(scope="module")
def server(built):
    """The site served on 127.0.0.1 (a secure context, as https is); the request lines it saw."""
    seen: list[str] = []
    handler = type("Handler", (_Handler,), {"requests": seen})
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(built[1]))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def _link(server, code: str) -> str:
    return handout.link(server[0], SECRET, YEAR, code)


def _view(browser) -> dict:
    """What the monitor shows now: its three tables and the value labels of its chart."""
    tables = ("tabel-antwoord", "tabel-trend", "tabel-veranderingen")
    return {t: _table(browser, t) for t in tables} | {
        "chart": _chart_labels(browser, "grafiek-antwoord")
    }


def test_a_link_opens_the_same_monitor_as_the_plain_page(browser, built, server):
    """Asten, with its link: the same tables and chart as its plain page, in the first
    view and after choosing a theme and a question; the key never went to the server."""
    reports, _ = built
    (plain,) = monitors.out_dir(YEAR, reports).glob(f"{LARGE}-*.html")
    views = []
    for url in (plain.as_uri(), _link(server, LARGE)):
        browser.get(url)
        _wait(browser)
        first = _view(browser)
        _choose(browser, "thema", "pijler2")
        _choose(browser, "vraag", "lokale_coalitie")
        title = browser.execute_script("return document.title")
        views.append((title, browser.title, first, _view(browser)))
        assert not _errors(browser)
    assert views[0] == views[1]
    assert "Asten" in views[1][0] and views[1][2]["chart"]
    key = _link(server, LARGE).split("#")[1]
    assert server[1] and not any(key in line for line in server[1])


def test_the_factsheet_downloads_from_the_opened_page(browser, built, server, downloads):
    from selenium.webdriver.common.by import By

    reports, _ = built
    browser.get(_link(server, SUPPRESSED))
    _wait(browser)
    for suffix in ("pdf", "html"):
        for old in downloads.glob(f"*.{suffix}"):
            old.unlink()
        link = browser.find_element(By.CSS_SELECTOR, f'a[download$=".{suffix}"]')
        (original,) = factsheets.out_dir(YEAR, reports).glob(f"{SUPPRESSED}-*.{suffix}")
        link.click()
        # the browser may show the file's name before it has written all of it
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not (
            (files := list(downloads.glob(f"*.{suffix}")))
            and files[0].stat().st_size == original.stat().st_size
        ):
            time.sleep(0.1)
        (file,) = files
        assert file.read_bytes() == original.read_bytes()
        assert file.name == f"factsheet-{YEAR}-{original.name}"
    text = " ".join(page_texts(downloads / file.name.replace("html", "pdf")))
    assert "Almere" in text
    assert not _errors(browser)


def _tampered(site: Path, code: str) -> str:
    """A copy of the page of `code` beside it with one byte of its ciphertext changed."""
    page = site / pages.page_path(SECRET, YEAR, code)
    html = page.read_text("utf-8")
    nonce, ciphertext = pages.read_payload(html)
    changed = bytearray(ciphertext)
    changed[len(changed) // 2] ^= 0x01
    copy = page.with_name("0" * 32 + ".html")
    copy.write_bytes(pages.shell(YEAR, nonce, bytes(changed)))
    return copy.name


@pytest.mark.parametrize("case", ["other key", "short key", "changed byte", "no key", "not base64"])
def test_without_its_own_key_a_page_shows_only_the_message(browser, built, server, case):
    from selenium.webdriver.common.by import By

    base, path_and_key = _link(server, LARGE).split("/2023/")
    path, key = path_and_key.split("#")
    other = _link(server, SUPPRESSED).split("#")[1]
    url = {
        "other key": f"{base}/2023/{path}#{other}",
        "short key": f"{base}/2023/{path}#{key[:22]}",
        "changed byte": f"{base}/2023/gemeenten/{_tampered(built[1], LARGE)}#{key}",
        "no key": f"{base}/2023/{path}",
        "not base64": f"{base}/2023/{path}#{key[:20]}!{key[21:]}",
    }[case]
    browser.get("about:blank")  # a page loaded anew, not the last case's with another #
    browser.get(url)
    words = pages.WORDS["no_key" if case == "no key" else "wrong_key"]
    status = browser.find_element(By.ID, "status")
    deadline = time.monotonic() + 10
    while status.text != words and time.monotonic() < deadline:
        time.sleep(0.05)
    assert status.text == words
    assert browser.find_element(By.ID, "sleutel").is_displayed()  # the form to paste a key
    body = browser.execute_script("return document.documentElement.outerHTML")
    assert "monitor-data" not in body and "Asten" not in body and "Almere" not in body
    assert not browser.execute_script("return window.monitorReady")
    assert not _errors(browser)


def test_a_pasted_link_opens_the_page(browser, built, server):
    """Opened without the key, the form takes the whole link (or the key alone), also as a
    mail program quotes it, in angle brackets with a full stop after."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    link = _link(server, LARGE)
    browser.get(link.split("#")[0])
    field = browser.find_element(By.ID, "sleutel")
    field.send_keys(f"<{link}>.", Keys.ENTER)
    _wait(browser)
    assert browser.title.startswith("Eenzaamheidsmonitor Asten")
    assert not _errors(browser)
    browser.get("about:blank")
    browser.get(f"{link})")  # clicked where a mail ended the sentence on it
    _wait(browser)
    assert browser.title.startswith("Eenzaamheidsmonitor Asten")


def test_a_link_within_the_opened_page_keeps_the_key_in_the_address(browser, built, server):
    """The skip links move the focus to their heading without writing to the address's #,
    which holds the key: the page can still be reloaded or bookmarked."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    link = _link(server, LARGE)
    browser.get("about:blank")
    browser.get(link)
    _wait(browser)
    skip = browser.find_element(By.CSS_SELECTOR, "nav.skip a[href='#vragen-kop']")
    skip.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "vragen-kop"
    assert browser.current_url == link
    browser.refresh()
    _wait(browser)
    assert browser.title.startswith("Eenzaamheidsmonitor Asten")
