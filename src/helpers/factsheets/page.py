"""A factsheet document (`content.Document`) as HTML and as PDF, and in the notebook.

    page.show(doc)            # in the notebook: the HTML, plus the document as JSON
    page.pdf(doc_dict)        # PDF bytes (Typst, in-process: the `typst` package)
    page.html_page(doc_dict)  # a self-contained HTML page

The executed notebook holds the document (DOCUMENT_MIME), so the batch makes the HTML
page and the PDF from exactly what the notebook computed. The PDF uses only the DejaVu
fonts that ship with matplotlib (system fonts ignored), and carries a fixed date (1 January
of the benchmark year), so the same document gives the same bytes on any machine. It
conforms to PDF/UA-1 and PDF/A-2a (`PDF_STANDARDS`, checked by Typst as it compiles).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import matplotlib

from helpers.factsheets.content import Document
from helpers.templates import environment

TEMPLATES = Path(__file__).with_name("templates")
DOCUMENT_MIME = "application/vnd.een-tegen-eenzaamheid.factsheet+json"
FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"  # DejaVu Sans, embedded in PDFs


@functools.cache
def _compiler():
    import typst  # the Typst compiler; one per process keeps its fonts loaded

    return typst.Compiler(TEMPLATES / "factsheet.typ", font_paths=[FONTS], ignore_system_fonts=True)


# The standards each PDF conforms to (Typst checks them as it compiles, and says so in the
# PDF's XMP metadata): PDF/UA-1, accessible PDF, and PDF/A-2a, for archiving.
PDF_STANDARDS = ["ua-1", "a-2a"]


def pdf(doc: dict) -> bytes:
    return _compiler().compile(
        format="pdf", sys_inputs={"doc": json.dumps(doc)}, pdf_standards=PDF_STANDARDS
    )


def html(doc: dict) -> str:
    """The factsheet as an HTML fragment with its own styles (the notebook shows it)."""
    return environment(TEMPLATES).get_template("factsheet.html.j2").render(d=doc)


def html_page(doc: dict) -> str:
    """A whole HTML page: no script, no image file, nothing fetched from elsewhere."""
    return environment(TEMPLATES).get_template("page.html.j2").render(d=doc, body=html(doc))


def show(doc: Document) -> None:
    """Display the factsheet in the notebook, with the document for the batch."""
    from IPython.display import display

    data = doc.as_dict()
    display({"text/html": html(data), DOCUMENT_MIME: data}, raw=True)


def document_of(nb) -> dict:
    """The document an executed factsheet notebook displayed (KeyError: none)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if DOCUMENT_MIME in output.get("data", {}):
                return output["data"][DOCUMENT_MIME]
    raise KeyError(f"the notebook displayed no {DOCUMENT_MIME}")
