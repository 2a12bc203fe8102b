"""Writing a text file atomically, and only when its content changes.

The one way the build (stamps, Quarto project files) and the per-municipality outputs
(HTML pages, PDFs) write a file in place: a reader never sees half a file,
and a file whose content is unchanged keeps its mtime (nothing downstream, such as
Quarto, redoes it).
The data step does not use it: it swaps in a whole folder at once
(`helpers.data.process.write`).
"""

from __future__ import annotations

import os
from pathlib import Path


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
