"""WCAG 2.1 AA on every page a reader gets, checked by axe-core in headless Chromium
(tests/a11y.py: the rules tagged wcag2a, wcag2aa, wcag21a and wcag21aa, none switched
off), and the monitor used with the keyboard alone.

Pages: the landing page and the accessibility statement; the monitor in every kind of
view a user can reach with its controls (the overview it opens on, with every pillar
opened, and the question view a row of it leads to; each year, each theme with its first
and last question, a question not asked that year, a suppressed province, the changes toggle, a
table folded away), as a plain page and as the municipality's encrypted page (locked
with its key form and error message, and opened); and, where Quarto is installed, every
page of the rendered book. Every page links to the statement in its footer. Without
chromium or axe-core these tests skip, except under CI.
The factsheets (every HTML page and PDF of 2023): test_accessibility_factsheets.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

import pytest
from a11y import EXCEPTIONS, open_pdf, pdf_problems, structure, violations
from pdfs import page_texts
from test_delivery_browser import _link, built, server
from test_monitor_browser import LARGE, SUPPRESSED, YEAR, _choose, _wait, browser, downloads

from helpers import paths
from helpers.monitor import batch as monitors
from helpers.monitor import data
from helpers.municipality import model
from helpers.pipeline import book, quarto
from helpers.pipeline.errors import BuildError
from helpers.publish import site
from helpers.report import chapters, fmt
from helpers.report.chapters import load_quarto_template

__all__ = ["browser", "built", "downloads", "server"]  # fixtures of the other browser tests

# Tests of named municipalities (Asten, Almere) are about the shipped synthetic data.
synthetic = pytest.mark.synthetic_data
slow = pytest.mark.slow  # a browser, or the rendered book


class Findings:
    """axe's violations per view, gathered over many views and asserted once at the end."""

    def __init__(self, browser):
        self.browser, self.views, self.found = browser, [], {}

    def check(self, view: str) -> None:
        self.views.append(view)
        if found := violations(self.browser):
            self.found[view] = [
                f"{v['id']} ({v['help']}) at {[n['target'] for n in v['nodes'][:3]]}" for v in found
            ]

    def assert_none(self, at_least: int) -> None:
        assert len(self.views) >= at_least, self.views  # the views were all reached
        assert not self.found, json.dumps(self.found, indent=1, ensure_ascii=False)


def _statement_link(browser) -> str:
    """Where the footer's link to the accessibility statement leads (absolute URL)."""
    from selenium.webdriver.common.by import By

    links = browser.find_elements(By.CSS_SELECTOR, "footer a")
    (link,) = [a for a in links if a.get_attribute("href").endswith("/" + paths.STATEMENT)]
    assert link.text == "Toegankelijkheid"
    return link.get_attribute("href")


def _select_values(browser, select_id: str) -> list[str]:
    return browser.execute_script(
        "return [...document.getElementById(arguments[0]).options].map(o => o.value)", select_id
    )


def test_no_rule_is_switched_off():
    """Every WCAG A/AA rule of axe runs: an exception would need a name, a reason and a
    test of its own that keeps it narrow."""
    assert EXCEPTIONS == {}


@slow
@synthetic
@pytest.mark.parametrize("code", [LARGE, SUPPRESSED])
def test_every_kind_of_monitor_view(browser, built, processed, code):
    """One page load per municipality, every kind of state the controls reach: each year
    (with the first year's and the not-in-panel messages), each theme with its first and
    last question (two-answer, many-answer, multi-part and follow-up questions among
    them), all answers instead of only the changed ones, a table folded away, and a
    question that was not asked that year. Asten: a province figure; Almere: none."""
    reports, _ = built
    (plain,) = monitors.out_dir(YEAR, reports).glob(f"{code}-*.html")
    browser.get(plain.as_uri())
    _wait(browser)
    views = Findings(browser)
    views.check("first view: the overview and the advice")
    browser.execute_script("document.querySelectorAll('button.toggle').forEach(b => b.click())")
    opened = "return [...document.querySelectorAll('tbody.practices')].every(b => !b.hidden)"
    assert browser.execute_script(opened)
    views.check("the overview with every pillar opened")
    browser.execute_script("document.querySelector('tbody.practices button.view').click()")
    _wait(browser)
    assert browser.switch_to.active_element.get_attribute("id") == "antwoord-kop"
    views.check("a practice's question, from the overview")
    for year in _select_values(browser, "jaar"):
        _choose(browser, "jaar", year)
        views.check(f"year {year}")
    _choose(browser, "jaar", str(YEAR))
    for theme in _select_values(browser, "thema"):
        _choose(browser, "thema", theme)
        questions = _select_values(browser, "vraag")
        views.check(f"{theme}, {questions[0]}")
        _choose(browser, "vraag", questions[-1])
        views.check(f"{theme}, {questions[-1]}")
    browser.execute_script("document.getElementById('alleen-veranderd').click()")
    views.check("all answers, not only the changed ones")
    browser.execute_script("document.querySelector('#blok-antwoord summary').click()")
    views.check("the table of the chart folded away")
    first = min(data.years_taken_part(code, YEAR, processed))
    asked_then = {u.column for u in model.units(first)}
    later = [u for u in model.units(YEAR) if u.column not in asked_then]
    if later:
        _choose(browser, "jaar", str(first))
        _choose(browser, "thema", later[0].topic)
        _choose(browser, "vraag", later[0].column)
        said = data.WORDS["not_asked_year"].format(year=first)
        assert browser.find_element("id", "eigen").text == said
        views.check(f"{later[0].column}, not asked in {first}")
    assert _statement_link(browser).endswith(f"/{paths.STATEMENT}")
    themes = len(_select_values(browser, "thema"))
    views.assert_none(at_least=3 + len(_select_values(browser, "jaar")) + 2 * themes + 2)


@slow
@synthetic
def test_the_municipality_page_locked_and_opened(browser, built, server):
    """The encrypted page: without a key (its form), with a wrong key (its error message),
    and opened with the key pasted into the form (the monitor, then another theme)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from helpers.delivery import pages

    views = Findings(browser)
    link = _link(server, LARGE)
    address, key = link.split("#")
    for case, url, words in (
        ("locked, no key", address, pages.WORDS["no_key"]),
        ("locked, wrong key", f"{address}#{key[:-2]}AA", pages.WORDS["wrong_key"]),
    ):
        browser.get("about:blank")
        browser.get(url)
        status = browser.find_element(By.ID, "status")
        _until(lambda status=status, words=words: status.text == words)
        assert browser.find_element(By.ID, "sleutel").is_displayed()
        views.check(case)
        base = server[0]
        assert _statement_link(browser) == f"{base}/{paths.STATEMENT}"  # the site's root
    browser.find_element(By.ID, "sleutel").send_keys(link, Keys.ENTER)
    _wait(browser)
    views.check("opened: the monitor")
    _choose(browser, "thema", "uitdagingen")
    views.check("opened: Uitdagingen")
    assert _statement_link(browser) == f"{server[0]}/{paths.STATEMENT}"
    views.assert_none(at_least=4)


# WCAG 1.4.10: content reflows at 320 CSS pixels wide (a 1280 px screen at 400 %)
PHONE = {"width": 320, "height": 640, "deviceScaleFactor": 1, "mobile": False}


def _sideways(browser) -> int:
    """How far the page itself scrolls sideways (its own boxes may: a wide table's)."""
    return browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@slow
@synthetic
def test_a_phone_screen_reflows(browser, built, landing, server):
    """320 CSS pixels wide (WCAG 1.4.10, reflow): the monitor (every pillar open, a question,
    all answers), the factsheet page and the landing page never scroll sideways; a wide
    table scrolls in its own box, which the keyboard can reach, and axe finds nothing."""
    from selenium.webdriver.common.by import By

    reports, _ = built
    (monitor,) = monitors.out_dir(YEAR, reports).glob(f"{LARGE}-*.html")
    (factsheet,) = (reports / str(YEAR) / "factsheets").glob(f"{LARGE}-*.html")
    views, wide = Findings(browser), {}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    try:
        browser.get(monitor.as_uri())
        _wait(browser)
        browser.execute_script("document.querySelectorAll('button.toggle').forEach(b => b.click())")
        boxes = browser.find_elements(By.CSS_SELECTOR, ".scroll[tabindex='0'][role='region']")
        assert boxes, "no table scrolls in its own box: the test would not see the case"
        for name, act in (
            ("monitor: every pillar open", None),
            ("monitor: a question", lambda: _choose(browser, "thema", "uitdagingen")),
            (
                "monitor: all answers",
                lambda: browser.execute_script(
                    "document.getElementById('alleen-veranderd').click()"
                ),
            ),
            ("factsheet", lambda: browser.get(factsheet.as_uri())),
            ("landing page", lambda: browser.get((landing / "index.html").as_uri())),
            ("statement", lambda: browser.get((landing / paths.STATEMENT).as_uri())),
            ("encrypted page, locked", lambda: browser.get(_link(server, LARGE).split("#")[0])),
        ):
            if act:
                act()
            wide[name] = _sideways(browser)
            views.check(name)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert wide == dict.fromkeys(wide, 0)
    views.assert_none(at_least=7)


def _until(condition, seconds: float = 10) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert condition()


@pytest.fixture(scope="module")
def landing(processed, tmp_path_factory) -> Path:
    """A site of two years (their books stand-ins: no Quarto here) with its landing page
    and accessibility statement, as helpers.publish writes them."""
    www = tmp_path_factory.mktemp("site")
    editions = []
    for year in (2022, 2023):
        (www / str(year)).mkdir()
        (www / str(year) / "index.html").write_text(f"<h1>Benchmark {year}</h1>", "utf-8")
        pdf = f"benchmark-een-tegen-eenzaamheid-{year}.pdf"
        editions.append(
            site.Edition(year, f"Benchmark {year}", "Landelijke rapportage", pdf, [year])
        )
    (www / site.MANIFEST).write_text(json.dumps([asdict(e) for e in editions]), "utf-8")
    site.write_landing(www)
    return www


def test_the_statement_follows_the_model_and_its_configuration(landing):
    """The statement has the parts of the Dutch model statement, in its order, and its
    contact address and date from toegankelijkheid.yml, which alone holds them."""
    import re

    import yaml

    html = (landing / paths.STATEMENT).read_text("utf-8")
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings == [
        "Verklaring",
        "Nalevingsstatus",
        "Onderbouwing: zo testen wij",
        "Bekende uitzonderingen",
        "Maatregelen",
        "Feedback en contact",
        "Handhavingsprocedure",
        "Datum",
    ]
    facts = yaml.safe_load(paths.ACCESSIBILITY.read_text("utf-8"))
    email = facts["contact"]["email"]
    assert f'<a href="mailto:{email}">{email}</a>' in html
    assert f"opgesteld op {fmt.date(facts['datum'])}." in html
    assert "WCAG 2.1" in html and "PDF/UA-1" in html and "axe-core" in html
    sources = [paths.ROOT / "_quarto.yml", paths.ROOT / "README.md", *paths.ROOT.glob("quarto/*")]
    sources += [*(paths.ROOT / "docs").glob("*.md")]
    sources += [*(paths.ROOT / "src").rglob("*.*")]
    assert not [p for p in sources if p.is_file() and email in p.read_text("utf-8", "ignore")]


def test_the_book_s_footer_links_to_the_statement():
    """The book's pages sit at /<year>/ under the site root that holds the statement."""
    footer = load_quarto_template()["book"]["page-footer"]["left"]
    assert f"[Toegankelijkheid](../{paths.STATEMENT})" in footer


@slow
def test_the_landing_page_and_the_statement(browser, landing):
    views = Findings(browser)
    for name in ("index.html", paths.STATEMENT):
        browser.get((landing / name).as_uri())
        views.check(name)
        assert _statement_link(browser) == (landing / paths.STATEMENT).as_uri()
    views.assert_none(at_least=2)


# --- the monitor with the keyboard alone ------------------------------------------------------

FOCUSABLE = "a[href], button, select, input, textarea, summary, [tabindex]:not([tabindex='-1'])"


def _name(element) -> str:
    text = element.get_attribute("textContent")[:30]
    return element.get_attribute("id") or element.tag_name + ":" + text


@slow
@synthetic
def test_the_monitor_by_keyboard_alone(browser, built, downloads):
    """Tab reaches every control in the order of the page (which is the order seen), each
    with a visible focus ring; Shift+Tab goes back the same way; Tab past the last one
    leaves the page's controls (no trap). The controls work from the keyboard: Enter and
    Space open and fold a pillar of the overview (whose practices' buttons then come next
    in the order), Enter on a row's button leads to its question, arrows change a list,
    Space ticks the box, Enter folds a table and downloads a CSV."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    reports, _ = built
    (plain,) = monitors.out_dir(YEAR, reports).glob(f"{LARGE}-*.html")
    browser.get(plain.as_uri())
    _wait(browser)
    expected = browser.execute_script(
        "return [...document.querySelectorAll(arguments[0])].filter(e => e.checkVisibility()"
        " && !e.disabled).map(e => e.id || e.tagName.toLowerCase() + ':' +"
        " e.textContent.slice(0, 30))",
        FOCUSABLE,
    )
    for control in ("jaar", "thema", "vraag", "alleen-veranderd", "csv-antwoord", "csv-trend"):
        assert control in expected
    toggles = browser.find_elements(By.CSS_SELECTOR, "#tabel-overzicht button.toggle")
    assert [_name(t) for t in toggles] == [n for n in expected if n.startswith("button:")][
        : 2 * len(toggles) : 2
    ]  # each pillar's toggle, then its button to the question
    assert expected.index(_name(toggles[-1])) < expected.index("jaar")  # the overview first
    keys = ActionChains(browser)
    browser.execute_script("document.activeElement.blur()")
    seen, rings = [], {}
    for _ in range(len(expected)):
        keys.send_keys(Keys.TAB).perform()
        active = browser.switch_to.active_element
        seen.append(_name(active))
        rings[seen[-1]] = browser.execute_script(
            "const s = getComputedStyle(arguments[0]);"
            "return [arguments[0].matches(':focus-visible'), s.outlineStyle, s.outlineWidth,"
            " s.outlineColor]",
            active,
        )
    assert seen == expected  # every control, in the order of the page
    for name, (visible, style_, width, _color) in rings.items():
        assert visible and style_ != "none" and float(width.rstrip("px")) >= 2, (name, style_)
    keys.send_keys(Keys.TAB).perform()  # past the last: out of the page's controls
    assert _name(browser.switch_to.active_element) != expected[-1]
    browser.execute_script(
        "document.querySelectorAll(arguments[0])[arguments[1]].focus()",
        FOCUSABLE,
        _index(browser, expected[-1]),
    )
    back = []
    for _ in expected[:-1]:
        keys.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        back.append(_name(browser.switch_to.active_element))
    assert back == list(reversed(expected[:-1]))
    # the controls work: a pillar opens and folds with Enter and Space, and then its
    # practices' buttons follow it in the order; a practice's button leads to its question
    toggle = toggles[1]
    practices = f"#{toggle.get_attribute('aria-controls')} button.view"
    toggle.send_keys(Keys.ENTER)
    assert toggle.get_attribute("aria-expanded") == "true"
    views = browser.find_elements(By.CSS_SELECTOR, practices)
    assert views and all(v.is_displayed() for v in views)
    keys.send_keys(Keys.TAB).send_keys(Keys.TAB).perform()  # past the pillar's own button
    assert browser.switch_to.active_element == views[0]
    keys.send_keys(Keys.ENTER).perform()
    _wait(browser)
    assert _name(browser.switch_to.active_element) == "antwoord-kop"
    toggle.send_keys(Keys.SPACE)
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not any(v.is_displayed() for v in views)
    browser.find_element(By.ID, "jaar").send_keys(Keys.ARROW_DOWN)
    _wait(browser)
    assert browser.find_element(By.ID, "jaar").get_attribute("value") == str(YEAR - 1)
    box = browser.find_element(By.ID, "alleen-veranderd")
    rows = len(browser.find_elements(By.CSS_SELECTOR, "#tabel-veranderingen tbody tr"))
    box.send_keys(Keys.SPACE)
    assert not box.is_selected()
    assert len(browser.find_elements(By.CSS_SELECTOR, "#tabel-veranderingen tbody tr")) > rows
    summary = browser.find_element(By.CSS_SELECTOR, "#blok-antwoord summary")
    summary.send_keys(Keys.ENTER)
    assert browser.find_element(By.ID, "blok-antwoord").get_attribute("open") is None
    for old in downloads.glob("*.csv"):
        old.unlink()
    browser.find_element(By.ID, "csv-trend").send_keys(Keys.ENTER)
    _until(lambda: any(downloads.glob("*.csv")))


def _index(browser, name: str) -> int:
    return browser.execute_script(
        "return [...document.querySelectorAll(arguments[0])].findIndex(e => (e.id ||"
        " e.tagName.toLowerCase() + ':' + e.textContent.slice(0, 30)) === arguments[1])",
        FOCUSABLE,
        name,
    )


# --- the book, where Quarto is installed ------------------------------------------------------

needs_quarto = pytest.mark.skipif(
    quarto.quarto_exe() is None,
    reason="Quarto not installed: the book cannot be rendered here (README, 'Two commands')",
)


@pytest.fixture(scope="module")
def rendered_book(processed, tmp_path_factory) -> Path:
    """The book of 2023 executed and rendered by Quarto: reports/2023/_book/."""
    reports = tmp_path_factory.mktemp("reports")
    result = book.build(
        YEAR, reports_root=reports, processed_root=processed, data_step=False, quiet=True
    )
    assert result.site == "rendered"
    return reports / str(YEAR) / "_book"


@slow
@needs_quarto
def test_every_page_of_the_book(browser, rendered_book):
    pages = sorted(rendered_book.glob("*.html"))
    assert {p.stem for p in pages} >= {c.name for c in chapters.CHAPTERS}
    views = Findings(browser)
    for file in pages:
        browser.get(file.as_uri())
        views.check(file.name)
        assert _statement_link(browser) == (rendered_book.parent / paths.STATEMENT).as_uri()
    views.assert_none(at_least=len(pages))


# The previous/next links at the foot of a page of Quarto 1.9's book (its template
# nav-after-body-postamble.ejs): axe found label-content-name-mismatch on each of them.
QUARTO_PAGINATION = """<!DOCTYPE html><html lang="nl"><head><title>Pijlers</title>
<style>.visually-hidden {position: absolute; width: 1px; height: 1px; overflow: hidden;
clip: rect(0, 0, 0, 0); white-space: nowrap}</style></head><body><main><h1>Pijlers</h1>
<nav class="page-navigation">
  <div class="nav-page nav-page-previous">
      <a href="./actielijnen.html" class="pagination-link" aria-label="Actielijnen">
        <i class="bi bi-arrow-left-short"></i> <span class="nav-page-text"><span
        class="chapter-number">4</span>&nbsp; <span class="chapter-title">Actielijnen</span></span>
      </a>
  </div>
  <div class="nav-page nav-page-next">
      <a href="./uitdagingen.html" class="pagination-link" aria-label="<span
         class='chapter-number'>6</span>&nbsp; <span class='chapter-title'>Uitdagingen</span>">
        <span class="nav-page-text"><span class="chapter-number">6</span>&nbsp; <span
        class="chapter-title">Uitdagingen</span></span> <i class="bi bi-arrow-right-short"></i>
      </a>
  </div>
</nav></main></body></html>"""


@slow
def test_the_book_s_previous_and_next_links_are_named_by_what_they_show(browser, tmp_path):
    """The step after `quarto render` (quarto.accessible_book): axe finds the mismatch on
    Quarto's links and none once the step has run; a second run changes nothing."""
    fixed = quarto.accessible_book(QUARTO_PAGINATION)
    assert quarto.accessible_book(fixed) == fixed
    found = {}
    for name, html in (("quarto", QUARTO_PAGINATION), ("fixed", fixed)):
        (tmp_path / f"{name}.html").write_text(html, "utf-8")
        browser.get((tmp_path / f"{name}.html").as_uri())
        found[name] = {v["id"]: [n["target"] for n in v["nodes"]] for v in violations(browser)}
    # where: each link, named by its selector (a11y.violations runs axe again to say so)
    links = ['a[href$="actielijnen.html"]', 'a[href$="uitdagingen.html"]']
    assert found == {"quarto": {"label-content-name-mismatch": links}, "fixed": {}}
    names = browser.execute_script(
        "return [...document.querySelectorAll('a.pagination-link')].map(a => a.textContent)"
    )
    assert [" ".join(n.split()) for n in names] == [
        "4 Actielijnen (vorige pagina)",
        "6 Uitdagingen (volgende pagina)",
    ]


# A tagged PDF as Quarto's Typst writes the book: in Dutch, titled, a figure with alt
# text, and no PDF standard, so no flag that shows the title.
TYPST_BOOK = """#set document(title: "Benchmark")
#set text(lang: "nl")
= Inleiding
#figure(image(bytes("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>"),
  alt: "Een leeg vlak"), caption: [Figuur])
"""


def test_the_book_pdf_shows_its_title_after_the_render(tmp_path):
    """The step after `quarto render` (quarto.show_title) sets the one flag Typst leaves
    out without PDF/UA, keeps the rest (language, tags, alt text, title), and gives the
    same bytes each time."""
    import typst

    pdf = tmp_path / "book.pdf"
    pdf.write_bytes(typst.compile(TYPST_BOOK.encode()))
    problems = pdf_problems(pdf, title="Benchmark", ua=False)
    assert problems == ["the title is not shown as the window title (/DisplayDocTitle)"]
    again = tmp_path / "again.pdf"
    again.write_bytes(pdf.read_bytes())
    quarto.show_title(pdf)
    assert pdf_problems(pdf, title="Benchmark", ua=False) == []
    with open_pdf(pdf) as doc:
        assert [str(e.get("/Alt")) for e in structure(doc) if e.S == "/Figure"] == ["Een leeg vlak"]
    quarto.show_title(again)
    done = pdf.read_bytes()
    assert again.read_bytes() == done  # the same PDF gives the same bytes
    quarto.show_title(pdf)
    assert pdf.read_bytes() == done  # once set, left alone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.pdf", "book.pdf"]  # no .part
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 not a PDF")
    with pytest.raises(BuildError, match=r"broken.pdf: cannot mark its title for display"):
        quarto.show_title(broken)
    assert not (tmp_path / "broken.pdf.part").exists()


@slow
@needs_quarto
def test_the_book_pdf_is_accessible_but_for_the_pdf_ua_claim(rendered_book):
    """The same checks as the factsheets' (tests/a11y.py), every figure with its alt text,
    but for the PDF/UA-1 identification: the book template cannot make it yet (_quarto.yml,
    docs/accessibility.md). Once it can, this test says so."""
    title = load_quarto_template()["book"]["title"].replace("{year}", str(YEAR))
    (pdf,) = rendered_book.glob("*.pdf")
    assert pdf_problems(pdf, title=title, ua=False) == []
    assert "pdf-standard" not in load_quarto_template()["format"]["typst"], (
        "the book asks for a PDF standard now: check the identification (ua=True)"
    )
    with open_pdf(pdf) as doc:
        figures = [e for e in structure(doc) if e.S == "/Figure"]
    assert len(figures) >= 20  # Figuur 1-20, each with /Alt (pdf_problems)
    # the running heads in Dutch (_quarto.yml, include-before-body)
    text = " ".join(page_texts(pdf))
    assert re.search(r"Hoofdstuk \d+\. ", text)
    assert "Chapter" not in text
