"""What a factsheet says, as data: the one source of its notebook, HTML page and PDF.

    doc = content.document(model.build("GM0363", 2023))
    doc.summary, doc.overview, doc.tips, doc.strong   # page 1: the summary
    doc.details                                       # page 2: the detail

Every word and number a reader sees is made here (numbers formatted by
`helpers.report.fmt`); the templates (`page`: HTML with Jinja2, PDF with Typst) only lay
it out. Text that mixes bold and plain is a list of `Run`s.

Page 1 is what to talk about with the adviser: the municipality in a few lines
(`summary`); per actielijn and pijler the share of its practices it has beside the
averages of its urbanity class ("vergelijkbare gemeenten"), province and country, what
stands out and the change since the year before (`overview`, as a table); and "Wat uw
gemeente nog meer kan doen": the first `tips_on_factsheet` tips (data/raw/advies.yaml;
the monitor shows them all) and the strong points (`tips`).

Page 2 shows, for every answer column (a single question, a matrix row or a
multiple-choice option), the municipality's answer and the share of municipalities that
gave its headline answer (the codebook's `positive` codes; "Wel" for a multiple-choice
option) in its class, its province (each where disclosure control allows, see
`helpers.disclosure`; else SUPPRESSED) and the country. The whole distributions are in
the online monitor. A group of which the factsheet shows no figure at all has no column.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from helpers import disclosure
from helpers.data import codebook
from helpers.disclosure import NOT_SHOWN, SUPPRESSED
from helpers.municipality import overview, summary, tips
from helpers.municipality.model import (
    NATIONAL,
    NOT_ASKED,
    NOT_ASKED_NOTE,
    SCOPES,
    Factsheet,
    answered_words,
    klasse_name,
)
from helpers.municipality.overview import SINCE
from helpers.municipality.style import COLORS
from helpers.report import fmt

DEFAULT_HEADLINE = "Ja"  # what page 2 counts unless a question says otherwise
MONITOR = "de online eenzaamheidsmonitor"  # where the rest is: every distribution, every tip
MONITOR_ONLY = summary.MONITOR_ONLY  # the questions page 2 leaves to the monitor


@dataclass(frozen=True)
class Run:
    """A piece of text, bold or not."""

    text: str
    strong: bool = False


@dataclass
class TipItem:
    """A tip as page 1 shows it: what to do, why, and the support that helps."""

    action: str  # "Bezoek 75-plussers thuis ..."
    reason: str  # "90% van de weinig stedelijke gemeenten doet dit al."
    support: str  # "Hulp van het programma: Toolkit ‘Over de drempel: huisbezoeken’."


@dataclass
class Row:
    """One answer column of the detail: label, own answer, a share per group shown."""

    label: str
    note: str  # what the shares count, for a single question: "% ‘Ja’" ("" in a group)
    own: list[Run]  # the municipality's answer, bold when it is the headline answer
    shares: list[str]  # per column of `Document.details_header` after the first two


@dataclass
class Group:
    """The rows of one question: its text heads them when it has several rows."""

    question: str | None  # None: a single question, whose text is its row's label
    note: str  # what the shares count, e.g. "% ‘Wel’" (a single question: on its row)
    rows: list[Row]


@dataclass
class Section:
    heading: str  # "Pijler 1 · Bestuurlijk commitment"
    groups: list[Group]


@dataclass
class Document:
    year: int  # of the benchmark
    date: dict[str, int]  # the PDF's date (PDF/A needs one): the data's, `answered_until`
    title: str
    page_title: str  # of the HTML page: "Factsheet Almere · 2023"
    footer: str  # of each PDF page
    publisher: str  # the PDF's author
    lead: list[Run]
    notice: list[Run]  # empty unless synthetic
    colors: dict[str, str]  # COLORS
    # page 1: the municipality in a few lines
    summary_heading: str
    summary: list[str]
    # page 1: per actielijn and pijler (`helpers.municipality.overview`), as a table
    overview_heading: str
    overview_intro: str
    overview_header: list[str]
    overview_groups: int  # how many of its columns are groups (after topic and own score)
    overview: list[list[str]]  # one row per topic, the cells as `overview_header`
    # page 1: what the municipality can still do, and its strong points (`tips`)
    tips_heading: str
    tips: list[TipItem]  # the first `tips_on_factsheet`, the most common first
    tips_more: str  # "Nog 3 tips ..." ("" when all are shown)
    tips_message: str  # in place of the tips when there are none ("" otherwise)
    strong_heading: str
    strong: list[list[Run]]  # name (bold) and reason, rarest first
    strong_message: str  # in place of the strong points when there are none
    # page 2: every answer column against the groups
    details_heading: str
    details_intro: str
    details_header: list[str]  # the columns: answer column, own answer, the groups
    details: list[Section]
    footnotes: list[str]

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


# --- the pieces -----------------------------------------------------------------------------


def headline_label(question: codebook.Question) -> str:
    """ "Ja", "Ingezet", "Helemaal mee eens of mee eens": what the shares of a question count."""
    labels = dict(codebook.load().answers(question))
    names = [labels[c] for c in question.headline]
    first = {n.split(",")[0] for n in names}
    if len(names) > 1 and len(first) == 1:  # "Ja, ..." in several forms: "Ja"
        return first.pop()
    return fmt.join([names[0], *map(summary.lower_first, names[1:])], style="or")


def _own(row: dict) -> list[Run]:
    """The municipality's answer, "Nee → Ja" when it changed; bold: the headline answer."""
    mark = pd.notna(row["own_code"]) and int(row["own_code"]) in row["headline"]
    own = [Run(row["own"], strong=bool(mark))]
    return [Run(f"{row['previous']} → "), *own] if row["changed"] else own


def _questions(fs: Factsheet) -> dict[str, list[dict]]:
    """Question id -> its answer columns (`fs.row_records`, with their `headline`), in
    factsheet order: plain Python, as this runs for every municipality."""
    questions = codebook.load().questions
    out: dict[str, list[dict]] = {}
    for row in fs.row_records:
        row = row | {"headline": questions[row["question"]].headline}
        out.setdefault(row["question"], []).append(row)
    return out


def scopes(fs: Factsheet) -> list[str]:
    """The groups whose figures the factsheet shows, as its columns (`overview.scope_names`)."""
    return list(overview.scope_names(fs))


def details(fs: Factsheet) -> list[Section]:
    """Per topic, every answer column's headline share in each group shown (SUPPRESSED
    where the factsheet does not show the group's figure)."""
    cb = codebook.load()
    columns = scopes(fs)
    headline = overview.headline_shares(fs)
    by_topic: dict[str, list[Group]] = {t["id"]: [] for t in fs.topics}
    for qid, rows in _questions(fs).items():
        if qid in MONITOR_ONLY:
            continue
        q = cb.questions[qid]
        out = []
        for r in rows:
            shares = [
                fmt.pct(headline[(r["column"], scope)])
                if scope == "nation" or r[f"{scope}_shown"]
                else SUPPRESSED
                for scope in columns
            ]
            out.append(Row(r["label"], "", _own(r), shares))
        label = headline_label(q)
        note = f"% ‘{label}’"
        if q.type == "single" and label != DEFAULT_HEADLINE:  # the intro says ‘Ja’
            out[0].note = note
        by_topic[q.topic].append(Group(q.text if q.type != "single" else None, note, out))
    return [Section(overview.heading(t), by_topic[t["id"]]) for t in fs.topics if by_topic[t["id"]]]


def lead(fs: Factsheet) -> list[Run]:
    klasse = f" · {fs.klasse_label}" if fs.klasse is not None else ""
    return [
        Run(f"Benchmark Eén tegen eenzaamheid {fs.year}", strong=True),
        Run(
            f" · gemeente {fs.naam} ({fs.gemeente}) · provincie {fs.provincie}{klasse} · "
            f"{answered_words(fs)} · vertrouwelijk, alleen voor uw gemeente"
        ),
    ]


def notice(fs: Factsheet) -> list[Run]:
    years = [fs.year] if fs.synthetic else []
    if fs.in_panel and fs.synthetic_previous:
        years.insert(0, fs.previous_year)
    if not years:
        return []
    which = fmt.join([str(y) for y in years])
    return [
        Run("Let op: synthetische gegevens.", strong=True),
        Run(
            f" De cijfers over {which} zijn verzonnen (gegenereerd) en niet de echte "
            "antwoorden van gemeenten. Gebruik deze factsheet alleen om de opmaak te beoordelen."
        ),
    ]


def _groups_in_words(fs: Factsheet, columns: list[str]) -> str:
    """ "vergelijkbare gemeenten (weinig stedelijk), Groningen en Nederland"."""
    names = {"class": klasse_name(fs), "province": fs.provincie, "nation": NATIONAL}
    return fmt.join([names[scope] for scope in columns])


# --- page 1: the overview per actielijn and pijler, the tips ----------------------------------


def overview_table(fs: Factsheet, ov: overview.Overview) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the overview: topic, own score, the groups' averages (the
    groups of `scopes`), what stands out, and the change since the year before (only when
    the municipality took part then)."""
    columns = scopes(fs)
    header = ["Actielijn of pijler", "Uw gemeente", *(ov.scopes[s] for s in columns), "Valt op"]
    changes = fs.in_panel
    if changes:
        header.append(f"Sinds {fs.previous_year}")
    rows = []
    for p in ov.pillars:
        own = p.own.text if p.own.pct is None else f"{p.own.text} ({p.own_count})"
        cells = [p.heading, own, *(p.groups[s].text for s in columns), p.flag]
        rows.append(cells + [p.change] if changes else cells)
    return header, rows


def overview_intro(fs: Factsheet) -> str:
    text = (
        "Per actielijn en pijler: welk deel van de werkwijzen waarover de tips gaan uw "
        "gemeente toepast (van wat zij beantwoordde), en hoeveel gemeenten elk van die "
        f"werkwijzen gemiddeld toepassen: {_groups_in_words(fs, scopes(fs))}. Valt op: "
        "kansen (de tips hieronder) en sterke punten."
    )
    if fs.in_panel:
        text += " " + SINCE.format(previous=fs.previous_year)
    return text


def overview_note(rows: list[list[str]]) -> list[str]:
    """Why an average is missing, where one is (SUPPRESSED)."""
    if not any(SUPPRESSED in cells for cells in rows):
        return []
    return [
        f"{SUPPRESSED} bij een gemiddelde per actielijn of pijler: een van de cijfers waaruit "
        f"het bestaat (die van de werkwijzen waarover uw gemeente een antwoord gaf), is "
        f"{NOT_SHOWN}."
    ]


def _tips(advice: tips.Advice, editorial: tips.Editorial) -> tuple[list[TipItem], str]:
    """The tips page 1 shows (`tips_on_factsheet`), and where the others are."""
    shown = advice.tips[: editorial.tips_on_factsheet]
    items = [
        TipItem(
            t.action,
            t.reason,
            f"{tips.SUPPORT_INTRO}: {fmt.join([s.label for s in t.support])}.",
        )
        for t in shown
    ]
    more = len(advice.tips) - len(shown)
    if not more:
        return items, ""
    which = "staat nog 1 tip" if more == 1 else f"staan nog {fmt.number(more)} tips"
    return items, f"In {MONITOR} {which}."


def _strong(advice: tips.Advice, ov: overview.Overview, editorial: tips.Editorial):
    """The strong points as runs, or why there are none."""
    points = [[Run(f"{s.name}.", strong=True), Run(f" {s.reason}")] for s in advice.strong_points]
    if points:
        return points, ""
    if not any(p.has for pillar in ov.pillars for p in pillar.practices):
        return [], "Uw gemeente gaf bij geen van deze werkwijzen aan dat zij die toepast."
    return [], (
        "Wat uw gemeente doet, doen ook veel andere gemeenten: telkens meer dan "
        f"{fmt.pct(editorial.strong_up_to)} van de gemeenten in {NATIONAL}."
    )


# --- page 2: every answer ---------------------------------------------------------------------


def details_intro(fs: Factsheet) -> str:
    changed = f"; ‘Nee → Ja’: veranderd sinds {fs.previous_year}" if fs.in_panel else ""
    # the dagger's note stands once, under page 1's tips: point there from this page too
    dagger = (
        f" {SUPPRESSED}: {NOT_SHOWN} (de toelichting staat onder de tips)."
        if fs.class_any or fs.province_any
        else ""
    )
    return (
        f"Uw antwoord (vet: het antwoord waar het om gaat{changed}) en het percentage "
        f"gemeenten dat ‘{DEFAULT_HEADLINE}’ antwoordde, of het antwoord dat erbij staat, van "
        f"wie de vraag beantwoordde: {_groups_in_words(fs, scopes(fs))}. In {MONITOR}: alle "
        "antwoorden met hun verdeling, eerdere jaren, de uitdagingen en wie de huisbezoeken "
        f"doet.{dagger}"
    )


def footnotes(fs: Factsheet) -> list[str]:
    suppressed = [SCOPES[scope] for scope in SCOPES if getattr(fs, f"{scope}_any")]
    notes = [disclosure.note(*suppressed)] if suppressed else []
    if any(NOT_ASKED in (r["own"], r["previous"]) for r in fs.row_records):
        notes.append(NOT_ASKED_NOTE)
    return notes


def document(fs: Factsheet) -> Document:
    """The factsheet of `fs` (its tips from the processed tables `fs` was built from)."""
    editorial = tips.load()
    advice = tips.of(fs)
    ov = overview.build(fs, advice, editorial)
    header, rows = overview_table(fs, ov)
    tip_items, more = _tips(advice, editorial)
    strong, strong_message = _strong(advice, ov, editorial)
    day = fs.answered_until
    return Document(
        year=fs.year,
        title=f"Factsheet {fs.naam}",
        page_title=f"Factsheet {fs.naam} · {fs.year}",
        footer=f"Factsheet {fs.naam} {fs.year} · vertrouwelijk, alleen voor uw gemeente",
        publisher=f"Benchmark Eén tegen eenzaamheid {fs.year}",
        date={"year": day.year, "month": day.month, "day": day.day},
        lead=lead(fs),
        notice=notice(fs),
        colors=COLORS,
        summary_heading="Uw gemeente in het kort",
        summary=summary.sentences(fs),
        overview_heading="Overzicht per actielijn en pijler",
        overview_intro=" ".join([overview_intro(fs), *ov.notes]),
        overview_header=header,
        overview_groups=len(scopes(fs)),
        overview=rows,
        tips_heading=tips.TITLE,
        tips=tip_items,
        tips_more=more,
        tips_message=advice.message or "",
        strong_heading=tips.STRONG_TITLE,
        strong=strong,
        strong_message=strong_message,
        details_heading="Alle antwoorden",
        details_intro=details_intro(fs),
        details_header=["Onderdeel", "Uw gemeente", *(ov.scopes[s] for s in scopes(fs))],
        details=details(fs),
        footnotes=overview_note(rows) + footnotes(fs),
    )
