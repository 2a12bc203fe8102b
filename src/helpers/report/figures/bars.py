"""What a bar figure shows: the segments of its bars, by figure id, and their colours.

    bars(tables, id)       one row per (bar, answer) in drawing order, with counts and %
    colors(tables, id)     answer label -> colour (the legend, in order)
    available(tables, id)  False when the question was not asked in the year shown
    spec, shown_year, is_map: which question, which year, bars or a map

Trend figures show one bar per year plus the panel rows; current/previous figures one
bar per matrix row or multiple-choice option (see the package docstring).
"""

from __future__ import annotations

import pandas as pd

from helpers.data import codebook
from helpers.report import style
from helpers.report.indicators import ALL, PANEL, Tables


class NotAsked(LookupError):
    """The figure's question was not asked in the year the figure shows."""


def is_map(fig_id: str) -> bool:
    """A response figure (helpers.report.maps) rather than a question's bars."""
    return codebook.load().figure(fig_id).question is None


def spec(fig_id: str) -> tuple[codebook.Question, codebook.Figure]:
    """The question feeding bar figure `fig_id` and how it is shown."""
    cb = codebook.load()
    fig = cb.figure(fig_id)
    if fig.question is None:
        raise ValueError(f"{fig_id} (Figuur {fig.number}) is a map (helpers.report.maps), not bars")
    return cb.questions[fig.question], fig


def shown_year(tables: Tables, fig_id: str) -> int:
    """The year a current/previous figure shows (the report year for trends and maps)."""
    fig = codebook.load().figure(fig_id)
    return tables.previous_year if fig.show == "previous" else tables.year


def available(tables: Tables, fig_id: str) -> bool:
    """Whether Figuur `fig_id` can be drawn for this report year."""
    if is_map(fig_id):
        return True
    q, _ = spec(fig_id)
    year = shown_year(tables, fig_id)
    if year is None or not q.asked_in(year):  # None: no previous year
        return False
    t = tables.question_table(q.id)
    return bool(((t["year"] == year) & (t["population"] == ALL)).any())


def _check(tables: Tables, fig_id: str) -> None:
    if not available(tables, fig_id):
        q, fig = spec(fig_id)
        raise NotAsked(
            f"Figuur {fig.number} ({fig_id}) cannot be drawn for report year {tables.year}: "
            f"the question was not asked in {shown_year(tables, fig_id)} "
            f"(asked since {q.since}{f' until {q.until}' if q.until else ''}); "
            "check figures.available() first"
        )


def _answers(q: codebook.Question) -> list[tuple[object, str, bool]]:
    """(code, label, positive) of the segments of an answer bar, in display order."""
    positive = (1,) if q.type == "multiple" else q.positive  # multiple choice: "Wel"
    return [(code, label, code in positive) for code, label in codebook.load().answers(q)]


def _year_rows(t: pd.DataFrame, year: int) -> list[tuple[str, int, str]]:
    """(row label, year, population) of a trend figure: all years, then the panel."""
    years = sorted(y for y in t.loc[t["population"] == ALL, "year"].unique() if y <= year)
    rows = [(str(y), int(y), ALL) for y in years]
    # the panel rows that processing wrote: the previous year and this one, or none
    panel_years = sorted(t.loc[t["population"] == PANEL, "year"].unique())
    if len(panel_years) == 2:
        rows += [(f"{y}*", int(y), PANEL) for y in panel_years]
    return rows


def bars(tables: Tables, fig_id: str) -> pd.DataFrame:
    """The segments of bar figure `fig_id`: one row per (bar, answer), in drawing order.

    Columns: row (bar label as drawn), year, population, answer (Dutch label),
    positive, count, total (the bar's 100%), pct (of total, unrounded).
    """
    _check(tables, fig_id)
    q, fig = spec(fig_id)
    t = tables.question_table(q.id)
    year = shown_year(tables, fig_id)
    answers = _answers(q)
    parts = []
    if fig.show == "trend" and q.type == "multiple":
        for row, y, pop in _year_rows(t, year):
            ticked = t[(t["year"] == y) & (t["population"] == pop) & (t["code"] == 1)]
            labels = {str(i.code): i.label for i in q.items(y)}
            parts.append(
                pd.DataFrame(
                    {
                        "row": row,
                        "year": y,
                        "population": pop,
                        "answer": ticked["item"].map(labels).to_numpy(),
                        "positive": True,
                        "count": ticked["count"].to_numpy(),
                        "total": ticked["count"].sum(),
                    }
                )
            )
    elif fig.show == "trend":
        if q.type != "single":
            raise NotImplementedError(f"trend figure of a {q.type} question ({q.id})")
        for row, y, pop in _year_rows(t, year):
            parts.append(_answer_bar(t, answers, row, y, pop, ""))
    else:
        units = [(i.label, str(i.code)) for i in q.items(year)] or [(str(year), "")]
        present = set(t.loc[(t["year"] == year) & (t["population"] == ALL), "item"])
        for row, item in units:
            if item in present:
                parts.append(_answer_bar(t, answers, row, year, ALL, item))
    out = pd.concat(parts, ignore_index=True)
    out["count"] = out["count"].astype(int)
    out["total"] = out["total"].astype(int)
    out["pct"] = (100 * out["count"] / out["total"]).where(out["total"] > 0)
    return out


def _answer_bar(t, answers, row: str, year: int, population: str, item: str) -> pd.DataFrame:
    sel = t[(t["year"] == year) & (t["population"] == population) & (t["item"] == item)]
    counts = sel.set_index("code")["count"]
    total = int(sel["n"].iloc[0]) if len(sel) else 0
    return pd.DataFrame(
        {
            "row": row,
            "year": year,
            "population": population,
            "answer": [label for _, label, _ in answers],
            "positive": [p for _, _, p in answers],
            "count": [int(counts.get(code, 0)) for code, _, _ in answers],
            "total": total,
        }
    )


def colors(tables: Tables, fig_id: str) -> dict[str, str]:
    """Answer label -> colour of bar figure `fig_id` (the legend, in order)."""
    q, fig = spec(fig_id)
    if fig.show == "trend" and q.type == "multiple":
        labels = [i.label for i in q.items(shown_year(tables, fig_id))]
        return dict(zip(labels, style.answer_colors(labels, [], ordered=False), strict=True))
    answers = _answers(q)
    labels = [label for _, label, _ in answers]
    positive = [p for _, _, p in answers]
    return dict(zip(labels, style.answer_colors(labels, positive), strict=True))
