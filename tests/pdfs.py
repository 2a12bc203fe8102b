"""PDFs read back in the tests, with PDFium (pypdfium2): the text of each page, and the
size every character is drawn at. Their structure (PDF/UA) is read with pikepdf, in
tests/a11y.py."""

from __future__ import annotations

import math

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


def page_texts(pdf) -> list[str]:
    """The text of every page of a PDF (a path or bytes), white space as one space."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in doc]
    finally:
        doc.close()


def read_back(pdf) -> tuple[list[tuple[float, float]], list[tuple[float, str]], str]:
    """(width, height) in pt of every page, (effective size in pt, character) of every
    character drawn, and the text of page 1 of a PDF (a path or bytes), read with PDFium.
    The effective size is the font size times the scale of the matrix the character is
    drawn with (text matrix and transformation matrix together)."""
    doc = pdfium.PdfDocument(pdf)
    sizes, pages, first = [], [], ""
    try:
        for number, pdf_page in enumerate(doc):
            pages.append(tuple(pdf_page.get_size()))
            text = pdf_page.get_textpage()
            if number == 0:
                first = text.get_text_range()
            matrix = pdfium_c.FS_MATRIX()
            for i in range(text.count_chars()):
                char = chr(pdfium_c.FPDFText_GetUnicode(text, i))
                if char.isspace() or pdfium_c.FPDFText_IsGenerated(text, i):
                    continue
                pdfium_c.FPDFText_GetMatrix(text, i, matrix)
                scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
                sizes.append((pdfium_c.FPDFText_GetFontSize(text, i) * scale, char))
    finally:
        doc.close()
    return pages, sizes, first
