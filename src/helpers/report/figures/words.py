"""The words of a figure: title, caption, cross-reference label, alt text
and its data as a Dutch-labelled table. All words come from the codebook; numbers are
formatted by `helpers.report.fmt`. Functions that read the bars take them as `data`
when the caller has them already (`bars` is computed once per shown figure). The
footnotes drawn under the bars are in `draw.notes`.
"""

from __future__ import annotations

import pandas as pd

from helpers.data import codebook
from helpers.report import fmt, maps
from helpers.report.figures.bars import bars, is_map, shown_year, spec
from helpers.report.indicators import ALL, PANEL, Tables

DATA_COLUMNS = {
    "row": "Rij",
    "year": "Jaar",
    "population": "Selectie",
    "answer": "Antwoord",
    "count": "Aantal",
    "total": "Totaal",
    "pct": "Percentage",
}


def title(tables: Tables, fig_id: str) -> str:
    """The figure title as in the report, without "Figuur n.".

    A question shown in more than one figure (Figuur 19 and 20) gets the year it
    shows in parentheses before its final question mark: "... gemeente (2022)?".
    """
    cb = codebook.load()
    if is_map(fig_id):
        return cb.figure(fig_id).title
    q, _ = spec(fig_id)
    text = q.text.strip()
    if len(q.figures) > 1:
        end = text[-1] if text[-1] in "?.:" else ""
        text = f"{text.removesuffix(end)} ({shown_year(tables, fig_id)}){end}"
    return text


def caption(tables: Tables, fig_id: str) -> str:
    """The full caption as the report prints it: "Figuur 3. Doet uw gemeente mee ...?"."""
    return f"Figuur {codebook.load().figure(fig_id).number}. {title(tables, fig_id)}"


def label(fig_id: str) -> str:
    """Quarto cross-reference label, stable across years: "fig-" + id, hyphenated."""
    return codebook.load().figure(fig_id).label


def panel_note(tables: Tables) -> str:
    """ "*Selectie van gemeenten die in 2022 én 2023 hebben meegedaan aan de benchmark.\""""
    note = codebook.load().panel_footnote.format(previous=tables.previous_year, year=tables.year)
    return "*" + note


def alt_text(tables: Tables, fig_id: str, data: pd.DataFrame | None = None) -> str:
    """A Dutch description of the figure's data, complete enough to replace it."""
    if is_map(fig_id):
        return maps.alt_text(tables, fig_id)
    q, fig = spec(fig_id)
    data = bars(tables, fig_id) if data is None else data
    kind = {
        "trend": "per jaar",
        "current": f"in {shown_year(tables, fig_id)}",
        "previous": f"in {shown_year(tables, fig_id)}",
    }[fig.show]
    composition = fig.show == "trend" and q.type == "multiple"
    if composition:
        what = "hoe vaak elk antwoord is aangekruist, als deel van alle aangekruiste antwoorden"
        unit = "keer aangekruist"
    else:
        what, unit = "de verdeling over de antwoorden", "gemeenten"
    head = (
        f"Liggend gestapeld staafdiagram (0% tot 100%) met {kind} {what}. "
        f"Vraag: {title(tables, fig_id)}"
    )
    rows = []
    for row, part in data.groupby("row", sort=False):
        segments = fmt.join(
            f"{a} {fmt.number(c)} ({fmt.pct(p)})"
            for a, c, p in zip(part["answer"], part["count"], part["pct"], strict=True)
        )
        total = fmt.number(part["total"].iloc[0])
        rows.append(f"{row}: {segments}; totaal {total} {unit}.")
    tail = []
    if (data["population"] == PANEL).any():
        tail.append("Rijen met een sterretje (*): " + panel_note(tables)[1:])
    return " ".join([head, *rows, *tail])


def figure_data(tables: Tables, fig_id: str, data: pd.DataFrame | None = None) -> pd.DataFrame:
    """The figure's numbers as a tidy table with Dutch column names and labels.

    One row per bar segment: Rij, Jaar, Selectie, Antwoord, Aantal, Totaal, Percentage
    (rounded half up to one decimal). For the maps see `helpers.report.maps.figure_data`.
    """
    if is_map(fig_id):
        return maps.figure_data(tables, fig_id)
    data = bars(tables, fig_id) if data is None else data
    data = data.assign(
        population=data["population"].map(
            {ALL: "Alle deelnemers", PANEL: f"Deelnemers {tables.previous_year} én {tables.year}"}
        ),
        pct=data["pct"].map(lambda x: fmt.round_half_up(x, 1)),
    )
    return data[list(DATA_COLUMNS)].rename(columns=DATA_COLUMNS)


def unavailable_sentence(tables: Tables, fig_id: str) -> str:
    """What the report says instead of a figure whose question was not asked."""
    number = codebook.load().figure(fig_id).number
    if shown_year(tables, fig_id) is None:
        return f"Figuur {number} vervalt: er is geen benchmark van het jaar ervoor."
    return f"Figuur {number} vervalt: de vraag is in {shown_year(tables, fig_id)} niet gesteld."
