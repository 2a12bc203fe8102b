"""The Jinja2 environment of the HTML pages (factsheets, monitor), one per template folder,
and the mark every confidential page carries (`confidential` in a template)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import jinja2
from markupsafe import Markup

# In the <head> of every page about one municipality (factsheet, monitor): publishing
# refuses any file that holds it (helpers.publish.site.check_public).
CONFIDENTIAL = '<meta name="een-tegen-eenzaamheid" content="vertrouwelijk">'


@functools.cache
def environment(folder: Path) -> jinja2.Environment:
    """HTML-escaping, strict (an undefined name is an error), blocks trimmed."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["confidential"] = Markup(CONFIDENTIAL)
    return env


def script_json(value) -> str:
    """JSON for inside a <script> element: every "<" written as its JSON escape, so no
    text (a municipality's own words) can end the element or open a comment in it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c")
