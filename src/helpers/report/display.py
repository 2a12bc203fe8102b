"""Notebook output that reads well in JupyterLab and renders right in Quarto.

A chapter shows its text and figures as Pandoc/Quarto Markdown: cross-references
("@fig-week-deelname"), inline footnotes ("^[...]"), callouts ("::: {.callout-warning}")
and figures with a label and alt text ("![title](data:...){#fig-... fig-alt=...}").
JupyterLab would print that markup as it is. So `show` displays one bundle with two
representations of the same Markdown:

* text/markdown, for Quarto: the Markdown itself, unchanged;
* text/html, for JupyterLab (which prefers HTML): the Markdown made plain, with
  "Figuur 3" for a cross-reference (the codebook's numbering, as in the report of
  2023), a framed box for a callout (a collapsed one as a details element), a
  captioned image, a table's caption without its label, and footnotes under the
  paragraph.

Quarto would prefer text/html for its HTML output as well, so the report's notebook
filter (quarto/lab_view_filter.py, `ipynb-filters` in _quarto.yml) removes the
text/html of every output that also has text/markdown before Quarto reads the
notebook: the report is rendered from the Markdown only.
"""

from __future__ import annotations

import html
import re

import mistune

from helpers.data import codebook
from helpers.report import style

MARKDOWN, HTML, PLAIN = "text/markdown", "text/html", "text/plain"

_FIGURE = re.compile(r"!\[(?P<caption>(?:\\.|[^\]\\])*)\]\((?P<src>[^)\s]+)\)\{(?P<attrs>[^}]*)\}")
_ATTR = re.compile(r'(?P<key>[\w-]+)="(?P<value>[^"]*)"')
_REF = re.compile(r"@(fig-[\w-]+)")
_TABLE_CAPTION = re.compile(r"^: (?P<caption>.+?)(?: \{#tbl-[\w-]+\})?$", re.M)
_FENCE = re.compile(r"^:::+\s*(?:\{(?P<attrs>[^}]*)\})?\s*$")
_DATA_URI = re.compile(r"\(data:[^)]*\)")

# A callout in JupyterLab: a framed box in the house colours (inline style, as
# JupyterLab shows untrusted HTML without its classes' CSS).
_BOX = (
    f"border-left: 4px solid {style.PALETTE['orange']}; padding: 0.2em 0.8em; "
    f"margin: 0.5em 0; background-color: {style.PALETTE['light-grey']};"
)
_render = mistune.create_markdown(escape=False, plugins=["table", "footnotes"])


def bundle(markdown: str) -> dict[str, str]:
    """The MIME bundle of `markdown`: itself, its JupyterLab HTML and a plain text."""
    return {
        MARKDOWN: markdown,
        HTML: lab_html(markdown),
        PLAIN: _DATA_URI.sub("(…)", markdown),
    }


def show(markdown: str) -> None:
    """Display `markdown` (nothing when empty) as one output for JupyterLab and Quarto."""
    if markdown:
        from IPython.display import display

        display(bundle(markdown), raw=True)


def lab_html(markdown: str) -> str:
    """HTML of our Quarto Markdown for JupyterLab (see the module docstring).

    Only the Quarto syntax this package writes is translated; a cross-reference to
    a figure the codebook does not know is a KeyError, never a silent "@fig-...".
    """
    text = _FIGURE.sub(_figure_html, markdown)
    text = _REF.sub(lambda m: f"Figuur {_numbers()[m.group(1)]}", text)
    text = _footnotes(text)
    text = _TABLE_CAPTION.sub(lambda m: f"*Tabel: {m.group('caption')}*", text)
    return _render(_fences(text))


def _numbers() -> dict[str, int]:
    return {f.label: f.number for f in codebook.load().figures}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _figure_html(m: re.Match) -> str:
    attrs = dict(_ATTR.findall(m.group("attrs")))
    label = re.search(r"#([\w-]+)", m.group("attrs"))
    caption = html.escape(_unescape(m.group("caption")))
    if label:
        caption = f"Figuur {_numbers()[label.group(1)]}. {caption}"
    return (
        f'<figure><img src="{m.group("src")}" alt="{html.escape(attrs.get("fig-alt", ""))}" '
        f'style="width: {attrs.get("width", "100%")}"/>'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def _footnotes(text: str) -> str:
    """Pandoc's inline notes "^[...]" as numbered footnotes (mistune's syntax)."""
    notes, out, i = [], [], 0
    while (start := text.find("^[", i)) >= 0:
        depth, end = 0, start + 1
        for end in range(start + 1, len(text)):
            depth += {"[": 1, "]": -1}.get(text[end], 0)
            if depth == 0:
                break
        notes.append(text[start + 2 : end])
        out += [text[i:start], f"[^{len(notes)}]"]
        i = end + 1
    out.append(text[i:])
    defs = [f"[^{n}]: {note}" for n, note in enumerate(notes, 1)]
    return "\n\n".join(["".join(out), *defs]) if defs else text


def _fences(text: str) -> str:
    """Quarto's fenced divs as HTML blocks: callouts framed, a collapsed one folded."""
    lines, closing, in_callout = [], [], False
    for line in text.split("\n"):
        m = _FENCE.match(line)
        if not m:
            if in_callout and line.startswith("## "):  # Quarto's callout title
                line = f"**{line[3:]}**"
            in_callout = in_callout and not line.strip()
            lines.append(line)
        elif m.group("attrs") is None:  # a closing fence
            lines += ["", closing.pop(), ""]
        else:
            attrs = m.group("attrs")
            title = html.escape(dict(_ATTR.findall(attrs)).get("title", ""))
            if ".callout-" in attrs and 'collapse="true"' in attrs:
                lines += ["", f"<details><summary>{title}</summary>", ""]
                closing.append("</details>")
            elif ".callout-" in attrs:
                lines += ["", f'<div style="{_BOX}">', ""]
                in_callout = True
                if title:
                    lines += [f"**{title}**", ""]
                closing.append("</div>")
            else:  # e.g. content-visible when-format="html": JupyterLab shows it
                lines += ["", "<div>", ""]
                closing.append("</div>")
    return "\n".join(lines)
