"""Sentences that more than one chapter prints word for word: a question or topic not
in that year's questionnaire, the panel of municipalities that took part in both
years, administrative commitment, the SpUK, and whether the panel confirms a trend.
"""

from __future__ import annotations

from collections.abc import Mapping

from helpers.data import codebook
from helpers.report import fmt
from helpers.report.indicators import PANEL, Share, Tables, shown_change
from helpers.report.text.changes import change_words, from_to, trend_sentence, was_phrase
from helpers.report.text.lookup import (
    asked,
    items,
    pair,
    question,
    series,
    topic_questions,
)
from helpers.report.text.phrasing import paragraph, paren
from helpers.report.text.thresholds import trend

# --- the questionnaire --------------------------------------------------------------------


def not_asked_sentence(qid: str, year: int, item: str = "") -> str:
    """Sentence for a question (or option) that is not part of the questionnaire of `year`."""
    q = question(qid)
    subject, period = f"De vraag “{q.text}”", q
    if item and q.asked_in(year):
        period = next(o for o in q.options if str(o.code) == str(item))
        subject = f"De antwoordmogelijkheid ‘{period.label}’ bij de vraag “{q.text}”"
    if period.asked_in(year):
        raise ValueError(f"{qid} {item} is asked in {year}")
    if period.since is not None and year < period.since:
        return f"{subject} maakt pas sinds {period.since} deel uit van de vragenlijst."
    return f"{subject} is na {period.until} niet meer gesteld."


def topic_not_asked_sentence(topic: str, year: int) -> str:
    """Sentence for a topic without any question in the questionnaire of `year` (empty
    when it has questions)."""
    if topic_questions(topic, year):
        return ""
    tp = next(x for x in codebook.load().topics if x["id"] == topic)
    return (
        f"In de vragenlijst van {year} waren nog geen vragen over "
        f"{tp['label'].lower()} ({tp['title'].lower()}) opgenomen."
    )


# --- the panel ------------------------------------------------------------------------------


def panel_phrase(t: Tables) -> str:
    """ "gemeenten die zowel in 2022 als 2023 hebben deelgenomen aan de benchmark"."""
    return (
        f"gemeenten die zowel in {t.previous_year} als {t.year} hebben deelgenomen aan de benchmark"
    )


def monitoring_trend_paragraph(t: Tables) -> str:
    """How the share that monitors and evaluates its policy moved over the years, and
    whether the panel shows the same change (pijler 5 and the summary say it alike)."""
    q = "monitoring_evaluatie"
    values = series(t, q)
    subject = "Het aandeel gemeenten dat het eenzaamheidsbeleid monitort en evalueert"
    return paragraph(
        trend_sentence(subject, values),
        panel_confirms_sentence(t, values, pair(t, q, population=PANEL)),
    )


def panel_confirms_sentence(
    t: Tables, values: Mapping[int, Share], panel: tuple[Share | None, Share | None]
) -> str:
    """Whether the panel shows the same change as all respondents from last year on: "Dit
    blijkt ook" only where both rose or fell (the sentence before tells of years, so
    "this" is a movement); else the panel's own change, "echter" where it differs."""
    change = shown_change(*panel)
    prev = t.previous_year
    if change is None or prev not in values:
        return ""
    last = trend(shown_change(values[prev], values[t.year]))
    if trend(change) == last != 0:
        return f"Dit blijkt ook als we kijken naar {panel_phrase(t)}."
    however = "echter " if trend(change) != last else ""
    return (
        f"Bij de {panel_phrase(t)} is het aandeel {however}{change_words(change)} "
        f"({from_to(panel[0], panel[1], prev, t.year)})."
    )


# --- pijler 1: bestuurlijk commitment -------------------------------------------------------


def commitment_sentence(t: Tables) -> str:
    """Whether administrative commitment improved: the mean change of the three
    commitment statements (gemeenteraad, wethouder, uitvoeringsplan)."""
    q = "bestuurlijk_commitment"
    changes = [shown_change(*pair(t, q, item=item)) for item in items(t, q) if item != "geen"]
    changes = [c for c in changes if c is not None]
    if not changes:
        return ""
    words = change_words(sum(changes) / len(changes), rise="verbeterd", fall="verslechterd")
    return (
        f"Het bestuurlijk commitment voor het thema eenzaamheid is {words} ten opzichte van "
        "vorig jaar."
    )


def spuk_sentence(t: Tables) -> str:
    """Use of the Specifieke Uitkering (an answer option since its first year)."""
    before, now = pair(t, "financiering", item="spuk")
    if now is None:
        return ""
    if not asked("financiering", t.previous_year, "spuk"):
        return (
            "Anders dan vorig jaar kunnen gemeenten sinds dit jaar gebruikmaken van het "
            "steunpakket Specifieke Uitkering (SpUK) en dit wordt door "
            f"{fmt.pct(now.pct)} van de gemeenten gedaan."
        )
    return (
        f"Van het steunpakket Specifieke Uitkering (SpUK) maakt {fmt.pct(now.pct)} van de "
        f"gemeenten gebruik{paren(was_phrase(now, before, t.previous_year))}."
    )
