"""axe-core in the browser tests: the WCAG 2.0 and 2.1 rules of levels A and AA.

axe-core comes from the npm registry at the version package-lock.json pins, installed
by `make axe` (`npm ci`, which `make test` runs) into node_modules/ (git-ignored). The
tests inject its script into the page that selenium has open and run it there:

    assert_accessible(browser, "monitor Asten, Pijler 2")

Without node_modules/axe-core these checks skip with how to install it, except under CI
(CI=true), where a missing axe-core is a failure. No rule is switched off: `EXCEPTIONS`
is empty, and a test keeps it so.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
# rule id -> why it does not apply to these pages (none does: every rule runs)
EXCEPTIONS: dict[str, str] = {}


@functools.cache
def axe_source() -> str:
    if not AXE.is_file():
        message = f"axe-core not installed ({AXE.relative_to(ROOT)}): run `make axe` (npm ci)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return AXE.read_text("utf-8")


def axe_version() -> str:
    return json.loads((AXE.parent / "package.json").read_text("utf-8"))["version"]


def violations(browser) -> list[dict]:
    """What axe finds on the page as it is now: [{id, impact, help, nodes: [target, ...]}].
    axe runs without building a CSS selector for every node it checks (a fifth of its
    time), and only where it finds something runs again with them, to say where."""
    source = axe_source()
    if not browser.execute_script("return !!window.axe"):
        browser.execute_script(source)  # a new page, or one that replaced its document
    browser.set_script_timeout(60)
    run = """const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: "tag", values: arguments[0]},
                           rules: arguments[1], resultTypes: ["violations"],
                           selectors: arguments[2]})
          .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: (n.target || []).join(" "),
                                      summary: n.failureSummary}))}))))
          .catch(e => done([{id: "axe-error", help: String(e), nodes: []}]));"""
    rules = {rule: {"enabled": False} for rule in EXCEPTIONS}
    found = browser.execute_async_script(run, list(TAGS), rules, False)
    if found:  # again, to say where; should the second run find nothing, the first counts
        found = browser.execute_async_script(run, list(TAGS), rules, True) or found
    return found


def assert_accessible(browser, where: str) -> None:
    found = violations(browser)
    assert not found, f"{where}: axe {axe_version()} found " + "; ".join(
        f"{v['id']} ({v['help']}) at {[n['target'] for n in v['nodes'][:5]]}"
        f"{' ' + v['nodes'][0]['summary'] if v['nodes'] else ''}"
        for v in found
    )


# --- PDF/UA, read back with pikepdf (qpdf) ---------------------------------------------------


def _xmp(pdf) -> str:
    meta = pdf.Root.get("/Metadata")
    return meta.read_bytes().decode("utf-8") if meta is not None else ""


def _claims(xmp: str, prefix: str, field: str) -> str | None:
    """The value of an XMP identification field (element or attribute form), e.g.
    pdfuaid:part -> "1"."""
    import re

    m = re.search(rf"<{prefix}:{field}>\s*([^<\s]+)\s*</{prefix}:{field}>", xmp) or re.search(
        rf'{prefix}:{field}="([^"]+)"', xmp
    )
    return m.group(1) if m else None


def _fonts(resources, seen: set) -> list:
    """Every font of a resource dictionary, and of the form XObjects in it (recursively)."""
    if resources is None:
        return []
    if resources.is_indirect:  # shared between pages or forms; a direct one is not
        if resources.objgen in seen:
            return []
        seen.add(resources.objgen)
    fonts = list((resources.get("/Font") or {}).values())
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/Subtype") == "/Form":
            fonts += _fonts(xobject.get("/Resources"), seen)
    return fonts


def embedded(font) -> bool:
    """Whether a font (a pikepdf dictionary) is in the PDF: its glyphs or its font file."""
    if font.get("/Subtype") == "/Type3":  # glyphs drawn in the PDF itself
        return True
    if "/DescendantFonts" in font:
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )


def structure(pdf) -> list:
    """Every structure element of the structure tree of a pikepdf.Pdf, depth first."""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    found, todo = [], [root.get("/K")] if root is not None else []
    while todo:
        node = todo.pop()
        if isinstance(node, pikepdf.Array):
            todo.extend(reversed(list(node)))
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(node)
            if node.get("/K") is not None:
                todo.append(node.K)
    return found


def open_pdf(source):
    """A pikepdf.Pdf of a path or of bytes (use it in a `with`)."""
    import io

    import pikepdf

    return pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source)


def pdf_problems(
    source, title: str | None = None, pdfa: bool = False, ua: bool = True
) -> list[str]:
    """What keeps the PDF (a path or bytes) from the promises of PDF/UA-1 that a reader can
    check (docs/accessibility.md): its identification in the XMP metadata (and PDF/A-2a
    with `pdfa`), /Lang nl, a structure tree of a tagged PDF, /Alt on every figure, its
    title in the document info (`title`, when given) shown as the window title, and every
    font embedded; without `ua`, all but the identification. Empty: none."""
    with open_pdf(source) as pdf:
        root, problems = pdf.Root, []
        xmp = _xmp(pdf)
        if ua and _claims(xmp, "pdfuaid", "part") != "1":
            problems.append("no PDF/UA-1 identification (pdfuaid:part 1) in the XMP metadata")
        if pdfa and (_claims(xmp, "pdfaid", "part"), _claims(xmp, "pdfaid", "conformance")) != (
            "2",
            "A",
        ):
            problems.append("no PDF/A-2a identification (pdfaid:part 2, conformance A)")
        lang = str(root.get("/Lang", ""))
        if not lang.lower().startswith("nl"):
            problems.append(f"/Lang is {lang!r}, not nl")
        if not (root.get("/MarkInfo") or {}).get("/Marked"):
            problems.append("not a tagged PDF (/MarkInfo /Marked)")
        elements = structure(pdf)
        if not elements:
            problems.append("no structure tree")
        figures = [e for e in elements if e.S == "/Figure"]
        problems += [
            f"a figure without /Alt ({i + 1} of {len(figures)})"
            for i, e in enumerate(figures)
            if not str(e.get("/Alt", "")).strip()
        ]
        info_title = str(pdf.docinfo["/Title"]) if "/Title" in pdf.docinfo else None
        if not info_title or (title is not None and info_title != title):
            problems.append(f"document title {info_title!r}, not {title!r}")
        if not (root.get("/ViewerPreferences") or {}).get("/DisplayDocTitle"):
            problems.append("the title is not shown as the window title (/DisplayDocTitle)")
        seen: set = set()
        for number, pdf_page in enumerate(pdf.pages, 1):
            for font in _fonts(pdf_page.obj.get("/Resources"), seen):
                if not embedded(font):
                    problems.append(f"page {number}: font {font.get('/BaseFont')} not embedded")
    return problems
