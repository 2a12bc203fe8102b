"""What a factsheet says, as data: the one source of its notebook, HTML page and PDF.

    doc = content.document(model.build("GM0363", 2023))
    doc.overview        # page 1: per topic, each headline answer against province and country
    doc.details         # page 2: the questions with more than two answers, as tables

Every word and number a reader sees is made here (numbers formatted by
`helpers.report.fmt`); the templates (`page`: HTML with Jinja2, PDF with Typst) only lay
it out. Text that mixes bold and plain is a list of `Run`s.

The overview shows, for every answer column (a single question, a matrix row or a
multiple-choice option), the share of municipalities that gave its headline answer
(the codebook's `positive` codes; "Wel" for a multiple-choice option) in the province
and among similar municipalities (its CBS urbanity class), each where disclosure control
allows (see `helpers.disclosure`), and in the country, next to the municipality's own
answer: "45% · 50% (52%)", groups first, in the order of `model.SCOPES`. The detail
tables give the whole distribution of the questions with more than two answers.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from helpers import disclosure
from helpers.data import codebook
from helpers.disclosure import SUPPRESSED
from helpers.factsheets import summary
from helpers.factsheets.model import NATIONAL, NOT_ASKED, SCOPES, Factsheet
from helpers.report import fmt, style

NOT_ASKED_NOTE = f"{NOT_ASKED}: niet gevraagd (hangt af van een eerder antwoord)."
# The house colours (quarto/_brand.yml): the province blue, the country grey, as in the
# report's figures; similar municipalities (the class) Okabe-Ito's vermillion.
COLORS = {
    "province": style.OKABE_ITO["blue"],
    "class": style.OKABE_ITO["vermillion"],
    "nation": style.GREY,
    "text": style.TEXT,
    "accent": style.PALETTE["dark-blue"],
    "header": style.PALETTE["pale-blue"],
    "notice": "#FFF4DC",  # the pale orange of a warning, as Quarto's callout
    "note": "#666666",  # secondary text
}


BETWEEN = "\u00a0·\u00a0"  # between the groups' shares: "45% · 50%"


@dataclass(frozen=True)
class Run:
    """A piece of text, bold or not."""

    text: str
    strong: bool = False


def plain(text: str) -> list[Run]:
    return [Run(text)]


@dataclass
class Bar:
    scope: str  # "province", "class" or "nation"
    pct: float  # rounded as shown: the data hold no more than the reader sees
    text: str  # the share as the reader sees it, e.g. "45%"


def _bar(scope: str, pct: float) -> Bar:
    return Bar(scope, fmt.round_half_up(pct), fmt.pct(pct))


def _both(groups: list[str], nation: str) -> str:
    """The groups' shares with the national one beside it: "45% · 50% (52%)"; only the
    national one when no group is shown."""
    if not groups:
        return nation
    return f"{BETWEEN.join(groups)}\u00a0({nation})"


def _scopes(fs: Factsheet) -> list[str]:
    """The groups of which the factsheet shows any figure, in `SCOPES` order."""
    return [scope for scope in SCOPES if getattr(fs, f"{scope}_any")]


def klasse_name(fs: Factsheet) -> str:
    """The peer group in words: "vergelijkbare gemeenten (weinig stedelijk)"."""
    return f"vergelijkbare gemeenten ({fs.klasse_label})"


@dataclass
class Row:
    """One answer column in the overview."""

    label: str
    note: str  # what the bars count, for a single question: "% ‘Ja’" ("" in a group)
    own: list[Run]  # the municipality's answer, bold when it is the headline answer
    bars: list[Bar]  # province and class (each when shown), then nation
    shares: str  # the bars as text: "45% · 50% (52%)", "– · 50% (52%)", or "52%"
    suppressed: bool  # a group's figure not shown here, shown elsewhere (marked SUPPRESSED)


@dataclass
class Group:
    """The rows of one question: its text heads them when it has several rows."""

    question: str | None  # None: a single question, whose text is its row's label
    note: str  # what the bars count, e.g. "% ‘Wel’" (a single question: on its row)
    rows: list[Row]


@dataclass
class Section:
    heading: str  # "Pijler 1 · Bestuurlijk commitment"
    groups: list[Group]


@dataclass
class Table:
    """A question with more than two answers: one row per answer column."""

    caption: str  # the question
    header: list[str]
    rows: list[list[list[Run]]]  # cells


@dataclass
class Document:
    year: int  # of the benchmark; the PDF's document date is 1 January of it (PDF/A needs one)
    title: str
    page_title: str  # of the HTML page: "Factsheet Almere · 2023"
    footer: str  # of each PDF page
    publisher: str  # the PDF's author
    lead: list[Run]
    notice: list[Run]  # empty unless synthetic
    summary_heading: str
    summary: list[str]
    scopes: dict[str, str]  # "province"/"class"/"nation" -> name in the legend (those shown)
    colors: dict[str, str]  # COLORS
    suppressed: str  # SUPPRESSED
    overview_heading: str
    overview_intro: str
    overview_header: list[str]  # the columns: answer column, own answer, bar, shares
    overview: list[Section]
    details_heading: str
    details_intro: str
    details: list[Table]
    footnotes: list[str]

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


# --- the pieces -----------------------------------------------------------------------------


def headline_label(question: codebook.Question) -> str:
    """ "Ja", "Ingezet", "Helemaal mee eens of mee eens": what the bars of a question count."""
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
    return [Run(f"{row['previous']} → "), *own] if "→" in row["change"] else own


def _questions(fs: Factsheet) -> dict[str, list[dict]]:
    """Question id -> its answer columns (`fs.row_records`, with their `headline`), in
    factsheet order: plain Python, as this runs for every municipality."""
    questions = codebook.load().questions
    out: dict[str, list[dict]] = {}
    for row in fs.row_records:
        row = row | {"headline": questions[row["question"]].headline}
        out.setdefault(row["question"], []).append(row)
    return out


def _shares(fs: Factsheet) -> dict:
    """(column, code) -> that answer's shares."""
    return {(s["column"], s["code"]): s for s in fs.share_records}


def overview(fs: Factsheet, questions: dict, shares: dict) -> list[Section]:
    """Per topic, every answer column's headline share (`questions`, `shares`: as
    `_questions` and `_shares` give them)."""
    cb = codebook.load()
    scopes = _scopes(fs)
    by_topic: dict[str, list[Group]] = {t["id"]: [] for t in fs.topics}
    for qid, rows in questions.items():
        q = cb.questions[qid]
        out = []
        for r in rows:
            picked = [shares[(r["column"], c)] for c in r["headline"]]
            bars, texts = [], []
            for scope in scopes:
                if r[f"{scope}_shown"]:
                    bars.append(_bar(scope, sum(s[f"pct_{scope}"] for s in picked)))
                    texts.append(bars[-1].text)
                else:
                    texts.append(fmt.MISSING)
            bars.append(_bar("nation", sum(s["pct_nation"] for s in picked)))
            text = _both(texts, bars[-1].text)
            suppressed = fmt.MISSING in texts
            out.append(Row(r["label"], "", _own(r), bars, text, suppressed))
        note = f"% ‘{headline_label(q)}’"
        if q.type == "single":
            out[0].note = note
        group = Group(q.text if q.type != "single" else None, note, out)
        by_topic[q.topic].append(group)
    return [Section(f"{t['label']} · {t['title']}", by_topic[t["id"]]) for t in fs.topics]


def details(fs: Factsheet, questions: dict, shares: dict) -> list[Table]:
    """The questions with more than two answers: their whole distribution, a table each
    (a matrix: a row per item; a single question: one row)."""
    cb = codebook.load()
    scopes = _scopes(fs)
    tables = []
    for qid, rows in questions.items():
        q = cb.questions[qid]
        options = cb.answers(q)
        if q.type == "multiple" or len(options) <= 2:
            continue  # the overview shows these whole
        matrix = q.type == "matrix"
        caption = q.text
        body = []
        for r in rows:
            hidden = not all(r[f"{scope}_shown"] for scope in scopes)
            mark = f" {SUPPRESSED}" if hidden else ""
            cells = [plain(r["label"] + mark)] if matrix else []
            caption += "" if matrix else mark
            cells.append(_own(r))
            for code, _ in options:
                s = shares[(r["column"], code)]
                groups = [
                    fmt.pct(s[f"pct_{scope}"]) if r[f"{scope}_shown"] else fmt.MISSING
                    for scope in scopes
                ]
                text = _both(groups, fmt.pct(s["pct_nation"]))
                cells.append([Run(text, strong=bool(s["own"]))])
            body.append(cells)
        header = (["Onderdeel"] if matrix else []) + ["Uw gemeente"]
        tables.append(Table(caption, header + [label for _, label in options], body))
    return tables


def lead(fs: Factsheet) -> list[Run]:
    klasse = f" · {fs.klasse_label}" if fs.klasse is not None else ""
    return [
        Run(f"Benchmark Eén tegen eenzaamheid {fs.year}", strong=True),
        Run(
            f" · gemeente {fs.naam} ({fs.gemeente}) · provincie {fs.provincie}{klasse} · "
            "vertrouwelijk, alleen voor uw gemeente"
        ),
    ]


def _names(fs: Factsheet) -> dict[str, str]:
    """Each scope shown, by the name a reader sees: the province, the peer group, Nederland."""
    names = {"province": fs.provincie, "class": klasse_name(fs) if fs.klasse else ""}
    return {scope: names[scope] for scope in _scopes(fs)} | {"nation": NATIONAL}


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


def _where(fs: Factsheet) -> str:
    """ "in Utrecht, met dezelfde stedelijkheid (matig stedelijk) en in heel Nederland"."""
    names = _names(fs)
    places = [f"in {names['province']}"] if "province" in names else []
    places += [f"met dezelfde stedelijkheid ({fs.klasse_label})"] if "class" in names else []
    return fmt.join([*places, f"in heel {NATIONAL}"])


def overview_intro(fs: Factsheet) -> str:
    text = (
        f"Per onderdeel het antwoord van uw gemeente en het percentage gemeenten "
        f"{_where(fs)} dat het antwoord gaf dat bij de vraag staat, zoals % ‘Ja’ (van wie "
        "de vraag beantwoordde). Vet: uw gemeente gaf dat antwoord."
    )
    if fs.in_panel:
        text += f" ‘Nee → Ja’: veranderd van {fs.previous_year} naar {fs.year}."
    return text


def footnotes(fs: Factsheet) -> list[str]:
    notes = [disclosure.note(SCOPES[scope]) for scope in _scopes(fs)]
    if any(NOT_ASKED in (r["own"], r["previous"]) for r in fs.row_records):
        notes.append(NOT_ASKED_NOTE)
    return notes


def document(fs: Factsheet) -> Document:
    questions, shares = _questions(fs), _shares(fs)
    names = _names(fs)
    groups = [names[scope] for scope in _scopes(fs)]
    details_intro = (
        f"Per antwoord het percentage gemeenten {_where(fs).rsplit(' en ', 1)[0]} "
        f"(tussen haakjes: heel {NATIONAL}); vet: het antwoord van uw gemeente."
        if groups
        else f"Per antwoord het percentage gemeenten in heel {NATIONAL}; vet: het antwoord "
        "van uw gemeente."
    )
    return Document(
        year=fs.year,
        title=f"Factsheet {fs.naam}",
        page_title=f"Factsheet {fs.naam} · {fs.year}",
        footer=f"Factsheet {fs.naam} {fs.year} · vertrouwelijk, alleen voor uw gemeente",
        publisher=f"Benchmark Eén tegen eenzaamheid {fs.year}",
        lead=lead(fs),
        notice=notice(fs),
        summary_heading="Samenvatting",
        summary=summary.sentences(fs),
        scopes=names,
        colors=COLORS,
        suppressed=SUPPRESSED,
        overview_heading="In één oogopslag",
        overview_intro=overview_intro(fs),
        overview_header=[
            "Onderdeel",
            "Uw gemeente",
            "",
            _both(groups, NATIONAL),
        ],
        overview=overview(fs, questions, shares),
        details_heading="Vragen met meer dan twee antwoorden",
        details_intro=details_intro,
        details=details(fs, questions, shares),
        footnotes=footnotes(fs),
    )
