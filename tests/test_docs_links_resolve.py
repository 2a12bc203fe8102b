"""Every relative link of the docs leads somewhere: the file exists, and a `#part` names
one of its headings (as GitHub makes a heading's anchor). The docs moved between files
more than once; a pointer left behind would send a reader nowhere."""

import re
from pathlib import Path

import pytest

from helpers import paths

DOCS = sorted(
    [
        paths.ROOT / "README.md",
        *(paths.ROOT / "docs").glob("*.md"),
        *paths.RAW.glob("*.md"),
        *(paths.ROOT / "src" / "helpers").rglob("*.md"),
    ]
)
LINK = re.compile(r"\]\((?!https?:|mailto:)([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.M)
FENCE = re.compile(r"^```.*?^```", re.M | re.S)


def anchors(path: Path) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown file: lower case, without
    what is neither a letter, a digit, a space, "-" nor "_", spaces as "-", a repeat
    numbered."""
    found: set[str] = set()
    for heading in HEADING.findall(FENCE.sub("", path.read_text("utf-8"))):
        slug = re.sub(r"[^\w\- ]", "", heading.replace("`", "").lower()).replace(" ", "-")
        n, candidate = 0, slug
        while candidate in found:
            n += 1
            candidate = f"{slug}-{n}"
        found.add(candidate)
    return found


def test_the_docs_are_found():
    assert {p.name for p in DOCS} >= {"README.md", "ASSUMPTIONS.md", "delivery.md"}


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(paths.ROOT)))
def test_every_relative_link_resolves(doc):
    broken = []
    for target in LINK.findall(FENCE.sub("", doc.read_text("utf-8"))):
        file, _, part = target.partition("#")
        path = (doc.parent / file).resolve() if file else doc
        if not path.exists():
            broken.append(f"{target}: no such file")
        elif part and path.suffix == ".md" and part not in anchors(path):
            broken.append(f"{target}: no heading '#{part}' in {path.name}")
    assert not broken, f"{doc.relative_to(paths.ROOT)}: " + "; ".join(broken)
