"""The words of the chapter Inleiding (notebooks/inleiding.ipynb) that depend on the year
or the data: the programme's target group, the main conclusions, and
what the panel comparison is."""

from __future__ import annotations

from helpers.report import chapters, fmt
from helpers.report.indicators import Tables
from helpers.report.text.lookup import has_panel
from helpers.report.text.shared import panel_phrase
from helpers.report.text.subjects import Conclusion, main_conclusions
from helpers.report.text.thresholds import EDITORIAL

# How the introduction states each main conclusion, after "Uit de benchmark blijkt dat".
CONCLUSION_CLAUSES = {
    Conclusion.ACTIVE: "gemeenten zich actief inzetten in de aanpak van eenzaamheid",
    Conclusion.SUPPORT: (
        "zij veelvuldig gebruikmaken van de ondersteuning die door het actieprogramma "
        "Eén tegen eenzaamheid wordt geboden"
    ),
}


def programme_focus_sentence(year: int) -> str:
    """The target group of the programme in `year`: context the data cannot tell, from
    the programme's periods in data/raw/rapport.yaml (an error for a year in none)."""
    period = EDITORIAL.period(year)
    return period.focus.format(first=period.first, last=period.last)


def reading_guide_sentence() -> str:
    """Where the summary and the results are, by the numbers the book gives their
    chapters (the results: the chapters of the book's first part)."""
    parts = [c.part for c in chapters.CHAPTERS if c.part]
    if not parts:
        raise ValueError("_quarto.yml: book.chapters has no part, so no chapters of results")
    results = [c.name for c in chapters.CHAPTERS if c.part == parts[0]]
    first, last = chapters.number(results[0]), chapters.number(results[-1])
    where = f"hoofdstuk {first}" if first == last else f"de hoofdstukken {first} tot en met {last}"
    return (
        "De samenvatting van de benchmarkresultaten wordt gegeven in hoofdstuk "
        f"{chapters.number('samenvatting')}. Daarna volgt een gedetailleerde beschrijving van "
        f"de resultaten in {where}."
    )


def conclusion_clauses(t: Tables) -> list[str]:
    """The main conclusions the data carry, as clauses after "Uit de benchmark blijkt dat"."""
    return [CONCLUSION_CLAUSES[c] for c in main_conclusions(t)]


def panel_sentence(t: Tables) -> str:
    """Why and which panel is shown, or why there is no comparison."""
    if t.previous_year is None:
        return (
            f"Er zijn geen benchmarkgegevens van vóór {t.year}; deze rapportage bevat daarom "
            "nog geen vergelijking met een vorig jaar."
        )
    if not has_panel(t):
        return (
            f"Geen enkele gemeente heeft zowel in {t.previous_year} als {t.year} deelgenomen; "
            "een vergelijking binnen dezelfde groep gemeenten is daarom niet mogelijk."
        )
    return (
        "Om de ontwikkeling ten opzichte van vorig jaar zuiver te meten, tonen we waar mogelijk "
        f"ook de resultaten van {panel_phrase(t)} - dit zijn er {fmt.number(t.meta['panel_size'])}."
    )
