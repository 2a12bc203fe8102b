"""The chapters of the national report: the notebooks listed in `book: chapters:` of the
Quarto template `_quarto.yml` at the repository root, the one list (`CHAPTERS`), and
the number the book gives each (`number`).

A new chapter: write notebooks/<name>.ipynb (a cell tagged `parameters` with `year`
and `processed_root = None`, the project kernel, `execute.KERNEL_NAME`) and list it in
book.chapters of _quarto.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpers import paths

NOTEBOOKS = paths.ROOT / "notebooks"
QUARTO_TEMPLATE = paths.ROOT / "_quarto.yml"


@dataclass(frozen=True)
class Chapter:
    """One chapter of the report: notebooks/<name>.ipynb -> reports/<year>/<name>.ipynb."""

    name: str
    part: str | None = None  # the book part it belongs to (None: top level)

    def __post_init__(self):
        if not re.fullmatch(r"[a-z][a-z0-9_-]*", self.name):
            raise ValueError(f"chapter name {self.name!r}: lower-case letters, digits, - and _")

    @property
    def notebook(self) -> str:
        return f"{self.name}.ipynb"


def validate_chapters(chapters) -> tuple[Chapter, ...]:
    names = [c.name for c in chapters]
    if len(set(names)) != len(names):
        raise ValueError(f"chapter names appear twice: {names}")
    if "index" in names:
        raise ValueError("`index` is the book's preface (quarto/index.qmd), not a chapter")
    return tuple(chapters)


def load_quarto_template(path: Path = QUARTO_TEMPLATE) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def chapters_of(config: dict) -> tuple[Chapter, ...]:
    """The chapters in book order: every notebook in `book: chapters:` of a Quarto config
    (index.qmd is the preface), with the part it stands in."""
    out = []
    for entry in config["book"]["chapters"]:
        if isinstance(entry, dict):
            out += [Chapter(Path(n).stem, part=entry["part"]) for n in entry["chapters"]]
        elif Path(entry).suffix == ".ipynb":
            out.append(Chapter(Path(entry).stem))
    return validate_chapters(out)


CHAPTERS = chapters_of(load_quarto_template())


def number(name: str) -> int:
    """The number the book gives a chapter: its place among the notebooks of
    book.chapters (the preface, index.qmd, has none; a part takes none)."""
    names = [c.name for c in CHAPTERS]
    if name not in names:
        raise ValueError(f"_quarto.yml: book.chapters has no chapter {name!r}")
    return 1 + names.index(name)
