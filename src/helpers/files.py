"""Writing a text file atomically, and only when its content changes; digests of files
and the stamps that store them.

The one way the build (stamps, Quarto project files) and the per-municipality outputs
(HTML pages, PDFs) write a file in place: a reader never sees half a file,
and a file whose content is unchanged keeps its mtime (nothing downstream, such as
Quarto, redoes it).
The data step writes its tables otherwise: it swaps in a whole folder at once
(`helpers.data.process.write`), and only its stamp with `write_stamp`. Publishing does
the same with `swap_in`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path


def private_folder(path: Path) -> Path:
    """Make the folder `path` (and its parents) and let only its owner in: it holds one
    municipality's answers per file (factsheets, monitors, the list of links)."""
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` (UTF-8) to `path` unless it already holds exactly that; True when written.

    Written to a hidden temporary file beside `path`, then renamed over it; the parent
    folder is made when missing.
    """
    return write_bytes_if_changed(path, text.encode("utf-8"))


def write_bytes_if_changed(path: Path, data: bytes) -> bool:
    """`write_if_changed` for bytes (a PDF)."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # processes may race to write it
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def swap_in(staging: Path, target: Path) -> None:
    """Put the finished folder `staging` in the place of `target`: the old folder is moved
    aside (.<name>.old) and removed only once the new one is in place, so a reader finds
    the old or the new folder, never half of one (`recover_swaps` mends an interrupted swap).
    """
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def recover_swaps(folder: Path) -> None:
    """Put back every folder of `folder` whose swap was interrupted (moved aside, the new
    one not yet in place), so that what was published is never lost."""
    for old in Path(folder).glob(".*.old"):
        target = old.with_name(old.name.removeprefix(".").removesuffix(".old"))
        if not target.exists():
            old.rename(target)


# --- digests and stamps: what a result was made from (helpers.pipeline.stamps) -----------


def tree(folder: Path) -> list[Path]:
    """Every file under `folder`, sorted, but those in hidden folders or __pycache__."""
    if not folder.exists():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def hash_files(files: list[Path], base: Path) -> str:
    """sha256 over the names (relative to `base`) and bytes of `files`, in their order."""
    h = hashlib.sha256()
    for f in files:
        h.update(f.relative_to(base).as_posix().encode() + b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def combined(inputs: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def read_stamp(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def write_stamp(path: Path, data: dict) -> None:
    write_if_changed(path, json.dumps(data, indent=1, sort_keys=True) + "\n")
