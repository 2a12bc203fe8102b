"""A factsheet document (`content.Document`) as HTML and as PDF, and in the notebook.

    page.show(doc)            # in the notebook: the HTML
    page.pdf(doc_dict)        # PDF bytes (Typst, in-process: the `typst` package)
    page.html_page(doc_dict)  # a self-contained HTML page

The notebook shows the same HTML as the page's body. The PDF uses only the DejaVu fonts
that ship with matplotlib (system fonts ignored), and carries the data's date (the last
answer of the year), so the same document gives the same bytes on any machine. It
conforms to PDF/UA-1 and PDF/A-2a (`PDF_STANDARDS`, checked by Typst as it compiles).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from helpers.factsheets.content import Document
from helpers.templates import environment

TEMPLATES = Path(__file__).with_name("templates")


_local = threading.local()


def fonts() -> Path:
    """The folder of the only fonts the PDFs use: DejaVu, as matplotlib ships it."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _compiler():
    """The Typst compiler of this thread (one compiles one document at a time), made once
    with its fonts loaded."""
    if not hasattr(_local, "compiler"):
        import typst

        _local.compiler = typst.Compiler(
            TEMPLATES / "factsheet.typ", font_paths=[fonts()], ignore_system_fonts=True
        )
    return _local.compiler


# The standards each PDF conforms to (Typst checks them as it compiles, and says so in the
# PDF's XMP metadata): PDF/UA-1, accessible PDF, and PDF/A-2a, for archiving.
PDF_STANDARDS = ["ua-1", "a-2a"]


def pdf(doc: dict) -> bytes:
    """The PDF (Typst releases the GIL while it compiles: threads can make PDFs side by side)."""
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
    """Display the factsheet in the notebook: the body of its HTML page."""
    from IPython.display import display

    display({"text/html": html(doc.as_dict())}, raw=True)
