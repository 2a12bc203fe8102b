"""Lookups for the text: questions and labels from the codebook, shares from the
processed tables.

An unknown question id or item code is a KeyError, never a quiet None. `None` (or an
empty list) means only that the question, option or population was not asked that
year or has no respondents: `share`, `pair`, `series`, `ranked` and `items` return
what there is, and the sentences leave the rest out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from helpers.data import codebook
from helpers.report.fmt import round_half_up
from helpers.report.indicators import ALL, PANEL, Share, Tables
from helpers.report.text.phrasing import in_sentence, short_label

# --- the codebook ---------------------------------------------------------------------


def question(qid: str) -> codebook.Question:
    return codebook.load().questions[qid]


def item_label(qid: str, item: str) -> str:
    """The codebook label of a matrix row or multiple-choice option."""
    for o in question(qid).rows + question(qid).options:
        if str(o.code) == str(item):
            return o.label
    raise KeyError(f"{qid}: no item {item!r}")


def labels(qid: str, items_: Iterable[str], short: bool = True) -> list[str]:
    """Labels of items inside a sentence ("ouderen", "financiële sector")."""
    out = []
    for item in items_:
        label = item_label(qid, item)
        out.append(in_sentence(short_label(label) if short else label))
    return out


def asked(qid: str, year: int | None, item: str = "") -> bool:
    """Was the question (and that matrix row or option) asked in `year`? An id or item
    the codebook does not know is a KeyError, never a quiet False."""
    q = question(qid)
    unit = None
    if item:
        unit = next((u for u in q.items() if str(u.code) == str(item)), None)
        if unit is None:
            raise KeyError(f"{qid}: no item {item!r} in the codebook")
    if year is None or not q.asked_in(year):
        return False
    return unit is None or unit.asked_in(year)


def topics(prefix: str = "") -> list[dict]:
    """Topics of the questionnaire (codebook `topics`), optionally those whose id starts
    with `prefix` ("pijler", "actielijn")."""
    return [tp for tp in codebook.load().topics if tp["id"].startswith(prefix)]


def topic_questions(topic: str, year: int) -> list[codebook.Question]:
    return [q for q in codebook.load().asked(year) if q.topic == topic]


def new_questions(year: int) -> list[codebook.Question]:
    """Questions first asked in `year` (not in the first year of the benchmark)."""
    cb = codebook.load()
    return [q for q in cb.asked(year) if q.since == year and year > cb.first_year]


def new_options(year: int) -> list[tuple[codebook.Question, codebook.Option]]:
    """Answer options added in `year` to a question that existed before."""
    out = []
    for q in codebook.load().asked(year):
        for o in q.options:
            if o.since == year and q.since < year:
                out.append((q, o))
    return out


# --- the processed tables -------------------------------------------------------------


def has_panel(t: Tables) -> bool:
    return bool(t.meta.get("panel_size"))


def share(
    t: Tables,
    qid: str,
    codes=None,
    item: str = "",
    year: int | None = None,
    population: str = ALL,
) -> Share | None:
    """`Tables.share`, or None when the question/option/population was not asked or has no
    respondents that year (an unknown id or item raises KeyError).

    `codes` defaults to the question's headline codes (`Question.headline`: `positive` in
    the codebook, or "Wel" for an option of a multiple-choice question).
    """
    year = t.which_year(year)
    if not asked(qid, year, item) or year not in t.meta["years"]:
        return None
    if population == PANEL and (not has_panel(t) or year not in (t.year, t.previous_year)):
        return None
    codes = question(qid).headline if codes is None else codes
    s = t.share(qid, codes, item, year, population)  # asked, so its rows must be there
    return s if s.n else None


def series(
    t: Tables, qid: str, codes=None, item: str = "", population: str = ALL
) -> dict[int, Share]:
    """Share per year, for every year up to the report year in which it was asked."""
    years = t.meta["years"] if population == ALL else [t.previous_year, t.year]
    out = {}
    for y in years:
        s = share(t, qid, codes, item, y, population)
        if s is not None:
            out[y] = s
    return out


def pair(
    t: Tables, qid: str, codes=None, item: str = "", population: str = ALL
) -> tuple[Share | None, Share | None]:
    """(previous year, report year) shares; either may be None."""
    prev = t.previous_year
    return (
        share(t, qid, codes, item, prev, population) if prev else None,
        share(t, qid, codes, item, t.year, population),
    )


def items(t: Tables, qid: str, year: int | None = None) -> list[str]:
    """Item codes (matrix rows / options) of a question asked in `year`, codebook order."""
    year = t.which_year(year)
    q = question(qid)
    if not q.asked_in(year):
        return []
    return [str(o.code) for o in q.items(year)]


def ranked(
    t: Tables,
    qid: str,
    codes=None,
    year: int | None = None,
    population: str = ALL,
    exclude: Iterable[str] = (),
) -> list[tuple[str, Share]]:
    """(item, share) of every item, highest share first (ties in codebook order)."""
    rows = []
    for item in items(t, qid, year):
        if item in exclude:
            continue
        s = share(t, qid, codes, item, year, population)
        if s is not None:
            rows.append((item, s))
    return sorted(rows, key=lambda r: -r[1].pct)


def top_tied(ranking: Sequence[tuple[str, Share]]) -> list[tuple[str, Share]]:
    """The leading items of a `ranked` list that share the top rounded percentage."""
    if not ranking:
        return []
    top = round_half_up(ranking[0][1].pct)
    return [r for r in ranking if round_half_up(r[1].pct) == top]
