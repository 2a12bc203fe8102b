"""What a result depends on, as digests: the one way the build decides what is out of
date (its incremental rebuild).

The data step of a year depends on data/raw/ (exports and codebook), the code of
helpers.data and the CBS class files it reads (`helpers.data.classes.located`: a file
that appears, goes or changes counts); its digest is stored in
data/processed/.build/<year>.json.

A chapter's inputs are its notebook's cells without outputs, the processed tables of
the year, the code it runs (helpers.data and helpers.report), the codebook, the
injected parameters, the Python, pyproject.toml, requirements.lock and every
installed package version. Their digest is stored in reports/<year>/.build/<name>.json;
a chapter whose digest is unchanged is not executed again.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

from helpers import paths
from helpers.data import classes, codebook
from helpers.files import write_if_changed
from helpers.pipeline import execute

# Bump when the build changes what it writes into an executed notebook: every chapter
# is executed again.
BUILD_VERSION = 3

HELPERS = Path(__file__).resolve().parents[1]
# The code a chapter runs (what the notebooks import) and the code of the data step;
# the build and factsheet packages are neither, so editing them executes nothing again.
DATA_CODE = ("__init__.py", "paths.py", "logs.py", "data")  # what processing imports
CHAPTER_CODE = (*DATA_CODE, "report")
STAMPS = ".build"  # reports/<year>/.build/: one stamp per chapter, and the site's;
# data/processed/.build/: one per year
SITE_STAMP = "site.json"


def _hash_files(files: list[Path], base: Path) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.relative_to(base).as_posix().encode() + b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def tree(folder: Path) -> list[Path]:
    if not folder.exists():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def code(parts: tuple[str, ...]) -> list[Path]:
    """The files of these parts of the helpers package (modules or sub-packages)."""
    files = []
    for part in parts:
        path = HELPERS / part
        files += [path] if path.is_file() else tree(path)
    return files


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
        "processed": _hash_files(tree(processed), processed),
        "helpers": _hash_files(code(CHAPTER_CODE), HELPERS),
        "codebook": hashlib.sha256(paths.CODEBOOK.read_bytes()).hexdigest(),
        "parameters": hashlib.sha256(json.dumps(parameters, sort_keys=True).encode()).hexdigest(),
        "environment": hashlib.sha256(env.encode()).hexdigest(),
    }


def data_inputs() -> str:
    """The digest of what the data step of any year reads: data/raw/, its code and the
    CBS urbanity classes of every raw year."""
    raw = _hash_files(tree(paths.RAW), paths.RAW)
    peers = classes.digest(codebook.available_years(paths.RAW))
    return combined({"raw": raw, "code": _hash_files(code(DATA_CODE), HELPERS), "classes": peers})


def chapter_inputs(source: Path, shared: dict[str, str]) -> dict[str, str]:
    return {"notebook": notebook_digest(source), **shared}


def combined(inputs: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def read_stamp(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def write_stamp(path: Path, data: dict) -> None:
    write_if_changed(path, json.dumps(data, indent=1, sort_keys=True) + "\n")
