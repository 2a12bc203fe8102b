"""What a result depends on, as digests: the one way the build decides what is out of
date (its incremental rebuild).

The data step of a year: `helpers.data.stamp` (its digest is stored by the data step
itself, in data/processed/.build/<year>.json).

A chapter's inputs are its notebook's cells without outputs, the processed tables of
the year, the code it runs (helpers.data and helpers.report), the other files that code
reads (the codebook, the report's editorial data data/raw/rapport.yaml, the house
colours of quarto/_brand.yml, the book's chapter list, whose numbers the introduction
names), the injected parameters,
the Python, pyproject.toml, requirements.lock and every installed package version.
Their digest is stored in reports/<year>/.build/<name>.json; a chapter whose digest is
unchanged is not executed again.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

from helpers import paths
from helpers.data.stamp import DATA_CODE, HELPERS, code
from helpers.data.stamp import STAMPS as STAMPS  # also reports/<year>/.build/: chapters, site
from helpers.files import hash_files, tree
from helpers.pipeline import execute
from helpers.report.chapters import CHAPTERS

# Bump when the build changes what it writes into an executed notebook: every chapter
# is executed again.
BUILD_VERSION = 3

# The code a chapter runs (what the notebooks import): the data step's and the report's;
# the build and factsheet packages are neither, so editing them executes nothing again.
CHAPTER_CODE = (*DATA_CODE, "report")
SITE_STAMP = "site.json"


def notebook_digest(path: Path) -> str:
    """The cells of a notebook without outputs or execution counts: running it in
    JupyterLab and saving does not make the chapter stale, editing a cell does."""
    nb = json.loads(path.read_text("utf-8"))
    cells = []
    for cell in nb.get("cells", []):
        meta = {k: v for k, v in cell.get("metadata", {}).items() if k not in ("execution",)}
        source = cell.get("source", "")
        cells.append([cell.get("cell_type"), "".join(source), meta])
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    payload = json.dumps([cells, kernel], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def installed_distributions() -> list[str]:
    """`name==version` of every distribution installed in this Python (the kernel's too:
    it is the same environment), names normalised as in PEP 503, sorted."""
    from importlib import metadata

    return sorted(
        {
            f"{re.sub(r'[-_.]+', '-', d.metadata['Name']).lower()}=={d.version}"
            for d in metadata.distributions()
        }
    )


def shared_inputs(year: int, processed_root: Path, parameters: dict) -> dict[str, str]:
    """Digests of the inputs every chapter of `year` shares. "environment" is the
    Python, pyproject.toml, requirements.lock and every installed package version: a
    package upgraded in .venv executes the chapters again, even with the lock unchanged."""
    processed = Path(processed_root) / str(year)
    env = f"{sys.version}|{execute.KERNEL_NAME}|build {BUILD_VERSION}"
    for name in ("pyproject.toml", "requirements.lock"):
        file = paths.ROOT / name
        if file.exists():
            env += f"|{name} " + hashlib.sha256(file.read_bytes()).hexdigest()
    env += "|" + " ".join(installed_distributions())
    return {
        "processed": hash_files(tree(processed), processed),
        "helpers": hash_files(code(CHAPTER_CODE, HELPERS), HELPERS),
        "codebook": hashlib.sha256(paths.CODEBOOK.read_bytes()).hexdigest(),
        "report_text": hashlib.sha256(paths.REPORT_TEXT.read_bytes()).hexdigest(),
        # the chapters and their parts, not the rest of _quarto.yml (only the render reads it)
        "chapters": hashlib.sha256(repr([(c.name, c.part) for c in CHAPTERS]).encode()).hexdigest(),
        "brand": hashlib.sha256(paths.BRAND.read_bytes()).hexdigest(),  # the figures' colours
        "parameters": hashlib.sha256(json.dumps(parameters, sort_keys=True).encode()).hexdigest(),
        "environment": hashlib.sha256(env.encode()).hexdigest(),
    }


def chapter_inputs(source: Path, shared: dict[str, str]) -> dict[str, str]:
    return {"notebook": notebook_digest(source), **shared}
