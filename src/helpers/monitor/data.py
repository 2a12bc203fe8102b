"""What one municipality's monitor shows, as JSON-ready data.

    data = monitor("GM0743", 2023)   # Asten: its answers of 2019-2023 against province and country

The monitor of `year` holds every year up to `year` in which the municipality responded.
Each year is that year's model (`helpers.municipality.model.build`), as the factsheet's,
so the same disclosure control (`helpers.disclosure`) applies unchanged, with that
year's answers: a province or class distribution is in the data only where the
factsheet shows it, and otherwise it and its base are null. Apart from the
municipality's own answers, the data hold only national, provincial and class shares
(rounded as shown, with their text from `helpers.report.fmt`) and the number of
municipalities they are shares of (the base n, which the monitor shows and the factsheet
does not): no other municipality's answer, code or name.

Per year and answer column (`by_year[year]["units"][column]`): `own`, `own_label`,
`previous_label`, `changed` (None: no answer in one of the years), `n_nation`, `nation`,
`n_province`, `province`, `n_class`, `class`, each distribution a list of [pct rounded,
text] per answer in codebook order;
per year `klasse` names the peer group (None: no classes that year).

The monitor opens on the overview of `year` (`overview`: `helpers.municipality.overview`
of that year's factsheet, so its group averages are made from shown figures only, with
"†" where any is suppressed) and its advice (`advice`: `helpers.municipality.tips`). They
are of `year` only: the year chosen on the page changes the question view, not the
overview (its heading names its year). Where the province has too few other respondents
for any figure, `province_missing` says so, in the factsheet's words (`summary`).

Every word the page shows is made here (`WORDS`, for the script) or in the template; the
JavaScript only lays out these data.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from helpers import disclosure
from helpers.data import codebook
from helpers.municipality import model, summary, tips
from helpers.municipality import overview as pillars
from helpers.report import fmt

# The words of the page's controls, charts, tables and CSV files that the JavaScript
# needs (the template holds the rest of the text).
WORDS = {
    "year": "Jaar",
    "theme": "Thema",
    "question": "Vraag",
    "part": "Onderdeel",
    "answer": "Antwoord",
    "municipality": "Gemeente",
    "n": "n",
    "missing": fmt.MISSING,
    "own_answer": "Uw antwoord",
    "own_marker": "(uw antwoord)",
    "share": "Percentage gemeenten",
    "base": "Aantal gemeenten (n)",
    "nation": model.NATIONAL,
    "not_shown": f"{disclosure.SUPPRESSED} {disclosure.NOT_SHOWN}",
    "changed": "Veranderd",
    "yes": "ja",
    "no": "nee",
    "none_changed": "Geen van de antwoorden is veranderd.",
    "no_previous": "Geen vergelijking: uw gemeente deed in {previous} niet mee.",
    "first_year": "Geen vergelijking: er is geen eerder jaar.",
    "answers_heading": "Antwoorden in {year}",
    "changes_heading": "Veranderd sinds {previous}",
    "changes_heading_first": "Veranderd sinds het jaar ervoor",
    "not_asked_year": "Deze vraag is in {year} niet gesteld.",
    "no_classes": "Voor {year} zijn er geen CBS-stedelijkheidsklassen: de vergelijking met "
    "vergelijkbare gemeenten ontbreekt in dat jaar.",
    "chart_answers": "Staafdiagram van de cijfers in de tabel hieronder ({year}).",
    "chart_trend": "Lijndiagram van de cijfers in de tabel hieronder; omcirkeld: uw antwoord.",
    "csv_name": "eenzaamheidsmonitor",
    "csv_trend": "jaren",
    "csv_changes": "veranderingen",
    # the overview and the advice
    "overview_caption": "Overzicht {year}: welk deel van de werkwijzen uit de tips uw "
    "gemeente toepast, per actielijn en pijler, naast het gemiddelde van andere gemeenten",
    "pillar": "Actielijn of pijler",
    "own_municipality": "Uw gemeente",
    "stands_out": "Valt op",
    "since": "Sinds {previous}",
    "to_question": "Naar de vraag",
    "view": "Bekijk",
    "view_pillar": "de vragen over {heading}",
    "view_practice": "de vraag over: {name}",
    "support": tips.SUPPORT_INTRO,
}


# which years a monitor shows: the model's (its disclosure control looks back as far)
processed_years = model.processed_years
years_taken_part = model.years_taken_part


def _shares(pcts: list[float]) -> tuple[tuple, ...] | None:
    """((pct rounded as shown, its text), ...) per answer; None when suppressed (NaN)."""
    if any(pd.isna(p) for p in pcts):
        return None
    return _formatted(tuple(pcts))


@functools.cache  # the same national and provincial shares recur on many pages
def _formatted(pcts: tuple[float, ...]) -> tuple[tuple, ...]:
    return tuple((int(fmt.round_half_up(p)), fmt.pct(p)) for p in pcts)


def _year(fs: model.Factsheet, columns: set[str]) -> dict:
    """One year of the monitor: the factsheet data of that year, per answer column of
    `columns` (those of the monitor's year: the page shows no other)."""
    shares: dict[str, list[dict]] = {}
    for s in fs.share_records:
        shares.setdefault(s["column"], []).append(s)
    units = {}
    for r in fs.row_records:
        if r["column"] not in columns:
            continue
        s = shares[r["column"]]
        units[r["column"]] = {
            "own": r["own_code"],
            "own_label": f"{r['own']}: ‘{r['own_text']}’" if r["own_text"] else r["own"],
            "previous_label": r["previous"],
            # None: not to compare, no answer in one of the years ("n.v.t." is none)
            "changed": bool(r["changed"]) if r["comparable"] else None,
            "n_nation": int(r["n_nation"]),
            "nation": _shares([x["pct_nation"] for x in s]),
            "n_province": r["n_province"],
            "province": _shares([x["pct_province"] for x in s]) if r["province_shown"] else None,
            "n_class": r["n_class"],
            "class": _shares([x["pct_class"] for x in s]) if r["class_shown"] else None,
        }
    return {
        "previous": fs.previous_year,  # None: no earlier year
        "in_panel": fs.in_panel,  # also responded that year
        # the peer group that year: "vergelijkbare gemeenten (weinig stedelijk)"; None:
        # no CBS classes that year, so no class figure at all
        "klasse": model.klasse_name(fs),
        "units": units,
    }


def _overview(fs: model.Factsheet, advice: tips.Advice, klasse: str | None) -> dict:
    """The overview of `fs` as the page shows it: only the texts it lays out (the
    class named as in the question view, `klasse`); `previous` None: no column of changes
    (no year before, or the municipality did not take part in it)."""
    ov = pillars.build(fs, advice)
    names = ov.scopes | ({"class": klasse} if "class" in ov.scopes else {})

    def row(x: pillars.Pillar | pillars.Practice) -> dict:
        return {
            "groups": [x.groups[s].text for s in ov.scopes],
            "flag": x.flag,
            "change": x.change,
        }

    return {
        "year": fs.year,
        "previous": fs.previous_year if fs.in_panel else None,
        "scopes": [names[s] for s in ov.scopes],
        "pillars": [
            {
                "topic": p.topic,
                "heading": p.heading,
                "own": f"{p.own.text} ({p.own_count})" if p.own.pct is not None else p.own.text,
                "unit": p.practices[0].column,  # where the row leads: its first practice
                **row(p),
                "practices": [
                    {"unit": x.column, "name": x.name, "own": x.own, **row(x)} for x in p.practices
                ],
            }
            for p in ov.pillars
        ],
        "notes": ov.notes,
    }


def _advice(advice: tips.Advice) -> dict:
    """The tips and strong points as the page lists them (plain Dutch text)."""
    return {
        "tips": [
            {
                "unit": t.column,
                "action": t.action,
                "reason": t.reason,
                "support": fmt.join([s.label for s in t.support]),  # as the factsheet
            }
            for t in advice.tips
        ],
        "strong_points": [
            {"unit": s.column, "name": s.name, "reason": s.reason} for s in advice.strong_points
        ],
        "message": advice.message,
    }


def monitor(gemeente: str, year: int, processed_root: str | Path | None = None) -> dict:
    """The data of the monitor of `gemeente` for `year` (ValueError if it did not respond)."""
    data = model.year_data(year, processed_root)
    model.check_respondent(gemeente, year, data)
    answers = data.responses.loc[gemeente]
    cb_topics = codebook.load().topics
    questions: dict[str, dict] = {}
    units = {}
    for u in data.units:
        q = questions.setdefault(
            u.question.id,
            {"id": u.question.id, "topic": u.topic, "text": u.question.text, "units": []},
        )
        q["units"].append(u.column)
        units[u.column] = {
            "label": "" if u.question.type == "single" else u.label,
            "answers": [[int(c), label] for c, label in zip(u.codes, u.labels, strict=True)],
        }
    topics = {q["topic"] for q in questions.values()}
    years = years_taken_part(gemeente, year, processed_root)
    sheets = {y: model.build(gemeente, y, processed_root) for y in years}
    by_year = {str(y): _year(fs, set(units)) for y, fs in sheets.items()}
    advice = tips.of(sheets[year], processed_root)
    return {
        "gemeente": gemeente,
        "naam": answers["gemeentenaam"],
        "provincie": answers["provincienaam"],
        "klasse_label": sheets[year].klasse_label,  # "weinig stedelijk"; None: no classes
        # the order of the groups in every table, chart and legend: most similar first
        "scopes": list(pillars.SCOPES),
        "year": year,
        "answered_until": model.answered_words(sheets[year]),
        "years": years,
        # benchmark years between its first and last it did not take part in: the trend
        # breaks there
        "skipped": [
            y
            for y in model.processed_years(year, processed_root)
            if years[0] < y < years[-1] and y not in years
        ],
        "synthetic": [y for y, fs in sheets.items() if fs.synthetic],
        "themes": [
            {"id": t["id"], "label": t["label"], "heading": pillars.heading(t)}
            for t in cb_topics
            if t["id"] in topics
        ],
        "questions": list(questions.values()),
        "units": units,
        "by_year": by_year,
        "overview": _overview(sheets[year], advice, by_year[str(year)]["klasse"]),
        "province_missing": summary.province_missing(sheets[year]),
        "advice": _advice(advice),
        "words": WORDS,
    }
