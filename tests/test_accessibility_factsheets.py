"""The factsheets of every respondent of 2023, as readers get them: each HTML page without
a violation of axe's WCAG 2.1 A/AA rules (tests/a11y.py, headless Chromium), and each PDF
conforming to PDF/UA-1 and PDF/A-2a as far as reading it back can tell (`a11y.pdf_problems`).

The pages and PDFs are those the batch writes (conftest's `written`).
"""

from __future__ import annotations

import json
from html import unescape

import pikepdf
import pytest
from a11y import open_pdf, pdf_problems, structure
from test_accessibility import Findings
from test_monitor_browser import YEAR, browser, downloads

from helpers.factsheets import content, page
from helpers.municipality import model, respondents

__all__ = ["browser", "downloads"]  # fixtures of the monitor's browser tests
pytestmark = pytest.mark.slow  # a browser, every factsheet


@pytest.fixture(scope="module")
def pages(written) -> dict[str, str]:
    """file stem -> the factsheet HTML page of every respondent of 2023 (conftest's
    `written`: as `make factsheets` writes them)."""
    files = [p for p in written.factsheets.rendered if p.suffix == ".html"]
    return {p.stem: p.read_text("utf-8") for p in files}


def _between(html: str, tag: str) -> str:
    """The text of the first <tag> of a page."""
    return unescape(html.split(f"<{tag}>")[1].split(f"</{tag}>")[0])


def test_every_factsheet_pdf_of_2023_is_pdf_ua(written, pages, processed):
    """PDF/UA-1 and PDF/A-2a in the XMP metadata, /Lang nl, a structure tree with headings
    and tables, /Alt on every figure, the title in the document info (the heading of
    the HTML page beside it), fonts embedded."""
    assert len(pages) == len(respondents.respondents(YEAR, processed))
    pdfs = {stem: written.factsheets.out_dir / f"{stem}.pdf" for stem in pages}
    problems = {}
    for stem, path in pdfs.items():
        if found := pdf_problems(path, title=_between(pages[stem], "h1"), pdfa=True):
            problems[stem] = found
    assert not problems, problems
    stem, path = next(iter(pdfs.items()))  # a reader can follow it: headings, tables, lists
    with open_pdf(path) as pdf:
        kinds = {str(e.S) for e in structure(pdf)}
    assert {"/H1", "/H2", "/Table", "/TH", "/L"} <= kinds, stem


def test_the_pdf_checks_can_fail(processed):
    """The same factsheet compiled without the standards fails the check; a bare PDF fails
    every part of it."""
    import io

    code, _ = respondents.tasks(YEAR, processed)[0]
    doc = json.loads(json.dumps(content.document(model.build(code, YEAR, processed)).as_dict()))
    plain = page._compiler().compile(format="pdf", sys_inputs={"doc": json.dumps(doc)})
    found = pdf_problems(plain, title=doc["title"], pdfa=True)
    assert found[:2] == [
        "no PDF/UA-1 identification (pdfuaid:part 1) in the XMP metadata",
        "no PDF/A-2a identification (pdfaid:part 2, conformance A)",
    ]
    with pikepdf.new() as bare_pdf:
        bare_pdf.add_blank_page(page_size=(595, 842))
        out = io.BytesIO()
        bare_pdf.save(out)
    bare = pdf_problems(out.getvalue(), title=doc["title"])
    for words in ("PDF/UA-1", "/Lang", "tagged", "structure tree", "document title", "window"):
        assert any(words in p for p in bare), words


def test_every_factsheet_page_of_2023(browser, pages, processed, tmp_path):
    """Each page is written into one open tab (document.write: the same parse as a page
    load, without loading axe again for each of the 174 pages)."""
    assert len(pages) == len(respondents.respondents(YEAR, processed))
    first = tmp_path / "first.html"
    first.write_text(next(iter(pages.values())), "utf-8")
    browser.get(first.as_uri())
    views = Findings(browser)
    for stem, html in pages.items():
        browser.execute_script(
            "document.open(); document.write(arguments[0]); document.close()", html
        )
        assert browser.title == _between(html, "title")
        views.check(stem)
    views.assert_none(at_least=len(pages))
