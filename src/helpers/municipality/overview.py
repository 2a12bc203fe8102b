"""The overview per actielijn and pijler: what a municipality does, beside its peers.

    ov = overview.build(fs, tips.of(fs))   # fs: a model.Factsheet
    ov.pillars[0].own.text                 # "75%": the share of the topic's practices it has
    ov.pillars[0].groups["class"].text     # the same on average in its urbanity class, or "†"
    ov.pillars[0].practices                # one row per practice: has it?, the groups' shares
    ov.as_dict()                           # JSON-ready, for the monitor and the factsheet

The practices are those of the tips' editorial data (data/raw/advies.yaml): a topic's
score is the share of its practices the municipality has, of those it answered (a
follow-up it was not asked, such as the members of a coalition it does not have, is left
out). Beside it, per group (its urbanity class, its province, the country) the average
over those same practices of the share of the group's municipalities that have each.

A group's average is made only from figures the factsheet shows: where any of its
practices' figures of that group is suppressed (`helpers.disclosure`, as decided in
`model.build`), the average is suppressed too, so it tells nothing the shown figures do
not. Each practice row carries the groups' shares as the factsheet shows them, whether
it is a tip or a strong point (`helpers.municipality.tips`), and its change since the
year before.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from helpers.data import codebook
from helpers.disclosure import SUPPRESSED
from helpers.municipality import summary, tips
from helpers.municipality.model import NATIONAL, Factsheet
from helpers.report import fmt

SCOPES = ("class", "province", "nation")  # the columns, most similar first
TIP = "kans"  # a practice that is a tip, as the overview marks it
STRONG = "sterk punt"  # a practice that is a strong point
HAS = {True: "ja", False: "nee"}  # does the municipality have the practice?
NOT_ANSWERED = fmt.MISSING  # not asked (a follow-up) or not answered
# what the last column counts
SINCE = (
    "Sinds {previous}: hoeveel werkwijzen uw gemeente toen en nu toepaste, van wat zij in "
    "beide jaren beantwoordde."
)


@dataclass
class Cell:
    """A share as the reader sees it ("62%", SUPPRESSED or MISSING) and its value (rounded
    as shown; None where nothing is shown)."""

    text: str
    pct: float | None


@dataclass
class Practice:
    column: str
    question: str
    name: str  # Dutch: "Een kartrekker voor de coalitie of het netwerk"
    own: str  # HAS[...] or NOT_ANSWERED
    has: bool | None  # None: not asked or not answered
    groups: dict[str, Cell]  # scope -> the share of the group that has it
    flag: str  # TIP, STRONG or ""
    change: str  # "nee → ja", "gelijk", "" (no previous answer to compare)


@dataclass
class Pillar:
    topic: str  # codebook topic id
    heading: str  # "Pijler 2 · Sterk netwerk"
    own: Cell  # share of the practices it answered that it has
    own_count: str  # "3 van 4"
    groups: dict[str, Cell]  # scope -> the average share over the same practices
    flag: str  # "2 kansen · 1 sterk punt" or ""
    change: str  # "2 van 4 → 3 van 4", "gelijk", ""
    practices: list[Practice]


@dataclass
class Overview:
    scopes: dict[str, str]  # scope -> its name in a column header (the groups it has)
    pillars: list[Pillar]
    notes: list[str]  # what the table leaves out, a sentence each (Dutch)

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def heading(topic: dict) -> str:
    """A topic as the pages head it: "Pijler 2 · Sterk netwerk"; its title alone where that
    starts with its label ("Uitdagingen en ondersteuningsbehoeften")."""
    if topic["title"].startswith(topic["label"]):
        return topic["title"]
    return f"{topic['label']} · {topic['title']}"


def scope_names(fs: Factsheet) -> dict[str, str]:
    """The groups the factsheet and monitor show columns of, in SCOPES order, by the short
    name a header gives them: the class and the province only where any figure of theirs
    is shown (a column of daggers only tells that a group is small), the country always."""
    names = {"class": fs.klasse_label and f"{fs.klasse_label[0].upper()}{fs.klasse_label[1:]}"}
    names |= {"province": fs.provincie, "nation": NATIONAL}
    shown = {"class": fs.class_any, "province": fs.province_any, "nation": True}
    return {scope: names[scope] for scope in SCOPES if shown[scope]}


def _has(code, question: codebook.Question, editorial: tips.Editorial) -> bool | None:
    if code is None or not editorial.knows(question, int(code)):
        return None
    return int(code) in question.headline


def _own(code, question: codebook.Question, has: bool | None) -> str:
    """HAS[has], or what it answered where that says neither ("weet niet"), or MISSING."""
    if has is not None:
        return HAS[has]
    if code is None:
        return NOT_ANSWERED
    return summary.lower_first(dict(codebook.load().answers(question))[int(code)])


def _cell(pct: float | None, shown: bool = True) -> Cell:
    if not shown:
        return Cell(SUPPRESSED, None)
    if pct is None or pct != pct:  # NaN: nobody of the group answered
        return Cell(NOT_ANSWERED, None)
    return Cell(fmt.pct(pct), fmt.round_half_up(pct))


def _count(has: int, of: int) -> str:
    return f"{fmt.number(has)} van {fmt.number(of)}"


def headline_shares(fs: Factsheet) -> dict[tuple[str, str], float]:
    """(column, scope) -> the exact share of the group that gave the column's headline
    answer (NaN where the factsheet does not show the group's figure)."""
    cb = codebook.load()
    headline: dict[tuple[str, str], float] = {}
    for s in fs.share_records:
        if s["code"] in cb.questions[s["question"]].headline:
            for scope in SCOPES:
                key = (s["column"], scope)
                headline[key] = headline.get(key, 0.0) + s[f"pct_{scope}"]
    return headline


def build(fs: Factsheet, advice: tips.Advice, editorial: tips.Editorial | None = None) -> Overview:
    """The overview of `fs`, with its `advice` (`tips.of(fs)`) marking the practices."""
    editorial = editorial or tips.load()
    cb = codebook.load()
    rows = {r["column"]: r for r in fs.row_records}
    headline = headline_shares(fs)
    flags = {t.column: TIP for t in advice.tips} | {s.column: STRONG for s in advice.strong_points}
    scopes = scope_names(fs)

    pillars = []
    for topic in fs.topics:
        practices = []
        for p in editorial.practices:
            row = rows.get(p.column)
            if row is None or row["topic"] != topic["id"]:
                continue  # not asked this year, or another topic
            q = cb.questions[p.question]
            has = _has(row["own_code"], q, editorial)
            before = _has(row["previous_code"], q, editorial)
            shown = {s: s == "nation" or row[f"{s}_shown"] for s in scopes}
            change = ""
            if has is not None and before is not None:
                change = "gelijk" if has == before else f"{HAS[before]} → {HAS[has]}"
            practices.append(
                Practice(
                    column=p.column,
                    question=p.question,
                    name=p.name,
                    own=_own(row["own_code"], q, has),
                    has=has,
                    groups={s: _cell(headline[(p.column, s)], shown[s]) for s in scopes},
                    flag=flags.get(p.column, ""),
                    change=change,
                )
            )
        if practices:
            pillars.append(_pillar(topic, practices, rows, headline, scopes, editorial))
    return Overview(scopes, pillars, _notes(fs, pillars, editorial))


def _notes(fs: Factsheet, pillars: list[Pillar], editorial: tips.Editorial) -> list[str]:
    """Sentences under the table: how many practices it has in all; what the table leaves
    out: the actielijn of the programme's own support (no practices: the tips name it),
    and answers that say neither."""
    cb = codebook.load()
    notes = []
    answered = [p for pillar in pillars for p in pillar.practices if p.has is not None]
    if answered:  # all it does, not only the few strong points, at a glance
        notes.append(
            f"In totaal past uw gemeente {fmt.number(sum(p.has for p in answered))} van de "
            f"{fmt.number(len(answered))} werkwijzen toe waarop zij een antwoord gaf."
        )
    support = cb.questions[editorial.support_question].topic
    topic = next((t for t in fs.topics if t["id"] == support), None)
    if topic is not None and support not in {p.topic for p in pillars}:
        notes.append(
            f"{topic['label']} ({summary.lower_first(topic['title'])}) staat er niet in: die "
            "gaat over de producten en diensten van het programma zelf, en elke tip noemt "
            "die als hulp."
        )
    unknown = sorted({p.own for pillar in pillars for p in pillar.practices if _unknown(p)})
    if unknown:
        said = fmt.join([f"‘{u}’" for u in unknown], style="or")
        notes.append(
            f"Een werkwijze waarop uw gemeente {said} antwoordde, telt niet mee: niet als "
            "toegepast en niet als kans."
        )
    return notes


def _unknown(p: Practice) -> bool:
    return p.has is None and p.own != NOT_ANSWERED


def _pillar(
    topic: dict,
    practices: list[Practice],
    rows: dict,
    headline: dict,
    scopes: dict,
    editorial: tips.Editorial,
) -> Pillar:
    """A topic's row: its score and the groups' averages (`headline`: (column, scope) ->
    the exact headline share), the marks and the change of its `practices`."""
    cb = codebook.load()
    answered = [p for p in practices if p.has is not None]
    over = answered or practices  # the groups' averages: over what it answered
    groups = {}
    for scope in scopes:
        cells = [p.groups[scope] for p in over]
        if any(c.text == SUPPRESSED for c in cells):
            groups[scope] = _cell(None, shown=False)
        else:  # an average of the exact shares the cells show rounded
            values = [headline[(p.column, scope)] for p in over]
            values = [v for v in values if v == v]
            groups[scope] = _cell(sum(values) / len(values) if values else None)
    has = sum(bool(p.has) for p in answered)
    own = _cell(100 * has / len(answered) if answered else None)
    tips_n = sum(p.flag == TIP for p in practices)
    strong_n = sum(p.flag == STRONG for p in practices)
    flag = " · ".join(
        text
        for n, one, many in [(tips_n, TIP, "kansen"), (strong_n, STRONG, "sterke punten")]
        if n
        for text in [f"{fmt.number(n)} {one if n == 1 else many}"]
    )
    # the change: over the practices it answered both years (the list may have grown)
    both = [
        (before, p.has)
        for p in answered
        if (before := _has(rows[p.column]["previous_code"], cb.questions[p.question], editorial))
        is not None
    ]
    change = ""
    if both:
        then = _count(sum(b for b, _ in both), len(both))
        now = _count(sum(n for _, n in both), len(both))
        change = "gelijk" if then == now else f"{then} → {now}"
    return Pillar(
        topic=topic["id"],
        heading=heading(topic),
        own=own,
        own_count=_count(has, len(answered)) if answered else NOT_ANSWERED,
        groups=groups,
        flag=flag,
        change=change,
        practices=practices,
    )
