"""Every figure of the national report, named by its id in the codebook (a question id,
e.g. "week_deelname"; numbered in codebook order, as in the 2023 report).

One module per job, in the order a figure is made; this package exports their API:

    bars       what a bar figure shows: its segments and colours
    words      title, caption, label, alt text, data table
    draw       the drawing (stacked bars, footnotes under them) and PNG bytes
    markdown   the notebook output: Quarto Markdown, shown by helpers.report.display
    previews   PNG files of every figure (`python -m helpers.report.figures 2023`)

    figure(tables, id)       matplotlib Figure in the house style (fixed size)
    available(tables, id)    False when the question was not asked for that year
    title(tables, id)        the report's figure title ("... uw gemeente (2022)?")
    caption(tables, id)      "Figuur n. <title>"
    label(id)                Quarto cross-reference label, e.g. "fig-week-deelname"
    alt_text(tables, id)     Dutch description of the data, for screen readers
    notes(tables, id)        the footnotes drawn under the bars
    figure_data(tables, id)  tidy Dutch-labelled table (website data table, CSV)
    show(tables, id)         notebook output: Quarto figure + collapsible data table
    quarto_markdown(...)     the Markdown that show() displays
    stacked_bars(data, ...)  the drawing routine, for any tidy bar data

The response figures (respons_kaart, respons_provincies) are maps, drawn by
`helpers.report.maps`; the rest are horizontal 100%-stacked bars, laid out by the codebook
entry of the question:

    show: trend     one bar per year the question was asked, up to the report year,
                    then the panel rows "Y-1*" and "Y*" (municipalities that took
                    part in both years) with the codebook's `panel_footnote`; no
                    panel rows when there is no previous year (2019).
                    A multiple-choice question (Figuur 13) gets one bar per year
                    split into its options: each option's share of all ticks.
    show: current   one bar per matrix row / multiple-choice option, report year
                    (multiple choice as Wel/Niet, as in Figuur 16-17).
    show: previous  the same for the year before the report year (Figuur 19).

Counts are printed inside the segments unless the number does not fit; then the
report's note under Figuur 12 is added. All words come from the codebook;
numbers are formatted by `helpers.report.fmt`.

Notebooks and Quarto. The chapter notebooks are executed by papermill (the build) and Quarto
renders the stored outputs without executing them, so a caption or alt text that
depends on the data cannot be a static `#| fig-cap:` cell option. Therefore:

* Recommended: a cell with just `figures.show(t, "week_deelname")` (no `#| label:`/`#| fig-cap:`
  options). It displays one output (Markdown for Quarto, the same as HTML for
  JupyterLab, see `helpers.report.display`): the PNG as a data URI (the executed
  notebook is self-contained; Quarto >= 1.5 hands data URIs to Typst) with the
  caption `title`, the label `label(id)` and `fig-alt`, so the text can refer to
  `@fig-week-deelname`; then, on HTML only, a folded <details> with
  `figure_data`. Quarto numbers the figure itself ("Figuur 3.1" in a book with
  `crossref: fig-title: Figuur`), which is why the caption has no "Figuur n.".
  A question that was not asked gives an italic sentence instead of a figure.
* Alternative: `#| label: fig-...` and `#| fig-cap: "..."` cell options with a cell
  that returns `figures.figure(t, id)`; the PNG (plain "png", fixed dpi, no
  unitless width/height, see `helpers.report.style`) then goes through Quarto's own
  figure handling, but caption and alt text are static text in the notebook.
* Outside Quarto (previews, slides) use `caption` for the printed "Figuur n. ..."
  and `save`/`png` for the file.
"""

from __future__ import annotations

from helpers.report.figures.bars import (
    NotAsked,
    available,
    bars,
    colors,
    is_map,
    shown_year,
    spec,
)
from helpers.report.figures.draw import OMITTED_NOTE, figure, notes, png, save, stacked_bars
from helpers.report.figures.markdown import (
    DATA_TITLE,
    data_markdown,
    markdown,
    quarto_markdown,
    show,
)
from helpers.report.figures.words import (
    alt_text,
    caption,
    figure_data,
    label,
    panel_note,
    title,
    unavailable_sentence,
)

__all__ = [
    "DATA_TITLE",
    "OMITTED_NOTE",
    "NotAsked",
    "alt_text",
    "available",
    "bars",
    "caption",
    "colors",
    "data_markdown",
    "figure",
    "figure_data",
    "is_map",
    "label",
    "markdown",
    "notes",
    "panel_note",
    "png",
    "quarto_markdown",
    "save",
    "shown_year",
    "show",
    "spec",
    "stacked_bars",
    "title",
    "unavailable_sentence",
]
