"""A figure as notebook output: Quarto Markdown (captioned, cross-referenceable image
with alt text, then a collapsible data table on HTML), displayed for JupyterLab and
Quarto alike by `helpers.report.display`.

The data table folds into a native <details> element (raw HTML in the Markdown), not a
collapsible Quarto callout, whose header is a <div> with aria-expanded (axe:
aria-allowed-attr): <details> opens with the keyboard and tells a screen reader whether
it is open, in every browser, with no script.
"""

from __future__ import annotations

import base64

import pandas as pd

from helpers.report import display, fmt, style
from helpers.report.figures.bars import available, bars, is_map
from helpers.report.figures.draw import figure, png
from helpers.report.figures.words import alt_text, figure_data, label, title, unavailable_sentence
from helpers.report.indicators import Tables

DATA_TITLE = "Gegevens bij deze figuur"  # title of the collapsible data table
DATA_CLASS = "figuurgegevens"  # its <details> element's class (quarto/theme.scss)


def markdown(
    tables: Tables, fig_id: str, image: str, width: str = "100%", data: pd.DataFrame | None = None
) -> str:
    """Pandoc/Quarto Markdown of the figure: a captioned, cross-referenceable image.

    `image` is the image source: a path or a data URI (see `quarto_markdown`).
    Quarto numbers the figure itself, so the caption is `title` (no "Figuur n.");
    the label is `label(fig_id)`, so the text can refer to it as `@fig-...`.
    """
    alt = alt_text(tables, fig_id, data).replace('"', "'")
    caption = _escape(title(tables, fig_id))
    attrs = f'#{label(fig_id)} fig-alt="{alt}" width="{width}"'
    return f"![{caption}]({image}){{{attrs}}}"


def _escape(text: str) -> str:
    """Escape the characters that Markdown would read as markup."""
    for char in "\\[]*_`<>":
        text = text.replace(char, "\\" + char)
    return text


def data_markdown(tables: Tables, fig_id: str, data: pd.DataFrame | None = None) -> str:
    """The figure's data (`figure_data`) as a Markdown pipe table, Dutch notation."""
    shown = figure_data(tables, fig_id, data).copy()
    for col in shown.columns:
        if col == "Percentage":
            shown[col] = shown[col].map(lambda x: fmt.pct(x, 1))
        elif pd.api.types.is_integer_dtype(shown[col]) and col != "Jaar":
            shown[col] = shown[col].map(fmt.number)
    head = "| " + " | ".join(shown.columns) + " |"
    align = (
        "|"
        + "|".join(
            "--:"
            if col in ("Aantal", "Totaal", "Percentage", "Gemeenten", "Uitgenodigd", "Ingevuld")
            else ":--"
            for col in shown.columns
        )
        + "|"
    )
    body = [
        "| " + " | ".join(_escape(str(v)) for v in row) + " |"
        for row in shown.itertuples(index=False)
    ]
    return "\n".join([head, align, *body])


def quarto_markdown(tables: Tables, fig_id: str, data: bool = True) -> str:
    """Everything `show` displays, as one Markdown string.

    The PNG is embedded as a data URI, so the executed notebook is self-contained
    (no image files, no dependence on the working directory); Quarto >= 1.5 passes
    data URIs on to Typst. The width is a percentage of the text width, so the
    image has a size with units in HTML and Typst alike. With `data`, a folded <details>
    with the figure's numbers follows, on HTML output only.
    """
    if not available(tables, fig_id):
        return f"*{unavailable_sentence(tables, fig_id)}*"
    bars_ = None if is_map(fig_id) else bars(tables, fig_id)  # computed once, used 4 times
    fig = figure(tables, fig_id, data=bars_)
    width = f"{round(100 * fig.get_size_inches()[0] / style.WIDTH_IN)}%"
    uri = "data:image/png;base64," + base64.b64encode(png(fig)).decode("ascii")
    parts = [markdown(tables, fig_id, uri, width, bars_)]
    if data:
        parts += [
            "",
            '::: {.content-visible when-format="html"}',
            f'<details class="{DATA_CLASS}">',
            f"<summary>{DATA_TITLE}</summary>",
            "",
            data_markdown(tables, fig_id, bars_),
            "",
            "</details>",
            ":::",
        ]
    return "\n".join(parts)


def show(tables: Tables, fig_id: str, data: bool = True) -> None:
    """Notebook: display Figuur `fig_id` as a Quarto figure (caption, label, alt text)
    followed by its data table; a sentence instead when the question was not asked.

    Use it in a cell *without* `#| label:`/`#| fig-cap:` options (the label and
    caption travel in the output) and refer to the figure as `@fig-...` (`label`).
    """
    display.show(quarto_markdown(tables, fig_id, data))
