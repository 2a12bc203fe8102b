"""Whether a year's processed tables are up to date: the data half of the one staleness
mechanism (content digests, `helpers.pipeline.stamps`).

The tables of a year depend on data/raw/ (exports and codebook), the code of
helpers.data and the CBS class files it reads (`helpers.data.classes.located`: a file
that appears, goes or changes counts). `helpers.data.process` stores the digest of
those inputs in <processed>/.build/<year>.json beside each year it writes, so every way
to the tables (`make data`, `make processed`, the report's data step) knows what the
others made, and the report's data step runs only where the digest differs.
"""

from __future__ import annotations

from pathlib import Path

from helpers import paths
from helpers.data import classes, codebook
from helpers.files import combined, hash_files, read_stamp, tree, write_stamp

HELPERS = Path(__file__).resolve().parents[1]
DATA_CODE = ("__init__.py", "paths.py", "logs.py", "files.py", "data")  # what processing imports
STAMPS = ".build"  # <processed>/.build/<year>.json; reports/<year>/.build/ for chapters


def code(parts: tuple[str, ...], base: Path = HELPERS) -> list[Path]:
    """The files of these parts of the helpers package in `base` (modules or
    sub-packages)."""
    files = []
    for part in parts:
        path = base / part
        files += [path] if path.is_file() else tree(path)
    return files


def inputs(raw_root: Path | None = None) -> str:
    """The digest of what the data step of any year reads: the raw folder (default
    data/raw), its code and the CBS urbanity classes of every raw year."""
    raw_root = paths.RAW if raw_root is None else raw_root
    raw = hash_files(tree(Path(raw_root)), Path(raw_root))
    peers = classes.digest(codebook.available_years(raw_root))
    return combined({"raw": raw, "code": hash_files(code(DATA_CODE), HELPERS), "classes": peers})


def path(year: int, processed_root: Path) -> Path:
    return Path(processed_root) / STAMPS / f"{year}.json"


def write(year: int, processed_root: Path, digest: str) -> None:
    """Record that the tables of `year` were made from the inputs with `digest`."""
    write_stamp(path(year, processed_root), {"hash": digest})


def is_stale(year: int, processed_root: Path, digest: str) -> bool:
    """No tables of `year`, or made from other inputs than those with `digest`."""
    if not (Path(processed_root) / str(year) / "meta.json").exists():
        return True
    return read_stamp(path(year, processed_root)).get("hash") != digest
