"""The Jinja2 environment of the HTML pages (factsheets, monitor), one per template folder."""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2


@functools.cache
def environment(folder: Path) -> jinja2.Environment:
    """HTML-escaping, strict (an undefined name is an error), blocks trimmed."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
