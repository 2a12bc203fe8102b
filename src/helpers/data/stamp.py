"""Whether a year's processed tables are up to date: the data half of the one staleness
mechanism (content digests, `helpers.pipeline.stamps`).

The tables of a year depend on the year folders of data/raw/ (exports, invited lists)
and the codebook, the code of helpers.data and the CBS class files it reads
(`helpers.data.classes.located`: a file that appears, goes or changes counts).
`helpers.data.process` stores the digest of those inputs in
<processed>/.build/<year>.json beside each year it writes, so every way to the tables
(`make data`, `make processed`, the report's data step) knows what the others made, and
the report's data step runs only where the digest differs. The rest of data/raw/ (the
editorial rapport.yaml and advies.yaml, the docs, the published numbers) is read by
later stages, whose own digests count it.
"""

from __future__ import annotations

from pathlib import Path

from helpers import paths
from helpers.data import classes, codebook
from helpers.files import combined, hash_files, read_stamp, tree, write_stamp

HELPERS = Path(__file__).resolve().parents[1]
# what processing imports (and helpers.cli, for its command line only: no table depends on it)
DATA_CODE = ("__init__.py", "paths.py", "logs.py", "files.py", "data")
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
    """The digest of what the data step of any year reads: the year folders of the raw
    folder (default data/raw), the codebook, the step's code and the CBS urbanity classes
    of every raw year."""
    raw_root = Path(paths.RAW if raw_root is None else raw_root)
    years = codebook.available_years(raw_root)
    raw = hash_files([f for y in years for f in tree(raw_root / str(y))], raw_root)
    return combined(
        {
            "raw": raw,
            "codebook": hash_files([paths.CODEBOOK], paths.CODEBOOK.parent),
            "code": hash_files(code(DATA_CODE), HELPERS),
            "classes": classes.digest(years),
        }
    )


def path(year: int, processed_root: Path) -> Path:
    return Path(processed_root) / STAMPS / f"{year}.json"


def write(year: int, processed_root: Path, digest: str) -> None:
    """Record that the tables of `year` were made from the inputs with `digest`."""
    write_stamp(path(year, processed_root), {"hash": digest})


def has_tables(year: int, processed_root: Path) -> bool:
    return (Path(processed_root) / str(year) / "meta.json").exists()


def is_stale(year: int, processed_root: Path, digest: str) -> bool:
    """No tables of `year`, or made from other inputs than those with `digest`."""
    if not has_tables(year, processed_root):
        return True
    return read_stamp(path(year, processed_root)).get("hash") != digest


def stale_note(year: int, processed_root: Path | None = None) -> str | None:
    """A warning for a step that reads the tables of `year` and earlier years without
    making them (`python -m helpers.factsheets`, `helpers.monitor`): which of them are
    missing or older than data/raw, and what to run; None when every one is current. `make
    factsheets` and `make monitor` bring them up to date first."""
    processed_root = Path(processed_root or paths.PROCESSED)
    digest = inputs()
    years = [y for y in codebook.available_years() if y <= year]
    stale = [y for y in years if is_stale(y, processed_root, digest)]
    if not stale:
        return None
    missing = [y for y in stale if not has_tables(y, processed_root)]
    older = [y for y in stale if y not in missing]
    said = []
    if missing:
        said.append(f"no tables of {', '.join(map(str, missing))}")
    if older:
        said.append(
            f"the tables of {', '.join(map(str, older))} are older than data/raw (an "
            "export, the codebook or the data code changed)"
        )
    return (
        f"{paths.relative(processed_root)}: {'; '.join(said)}, so these pages show what "
        f"there is; `make processed YEAR={year}` brings them up to date (`make factsheets` "
        "and `make monitor` do that first)"
    )
