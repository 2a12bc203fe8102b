""" "Wat uw gemeente nog meer kan doen": tips and strong points computed from the answers.

    advice = tips.build("GM0363", 2023)   # one municipality (reuses model.year_data)
    advice.tips            # what it lacks and most of its peers have, most common first
    advice.strong_points   # what it has and few municipalities nationally have, rarest first
    advice.message         # a Dutch sentence instead of the tips when there are none
    advice.as_dict()       # the same, JSON-ready, for the monitor and the factsheet

    tips.advise(gemeente, answers, data, peers)   # from answers given (e.g. made up in a test)

What counts as a practice, which support of the programme helps with it and the
thresholds are editorial data (`load`, data/raw/advies.yaml; its header says the rules),
validated against the codebook when read. A practice is one answer column: the
municipality has it when it gave the headline answer (`codebook.Question.headline`),
lacks it when it answered otherwise, and neither when it did not answer or was not asked.

- A **tip** is a practice the municipality lacks that at least `tip_from` percent of its
  peers have. The peers are the first of `peer_groups` whose figure for that column its
  factsheet shows (`helpers.disclosure` decides, in `model.build`): its urbanity class,
  else every municipality in the country (always shown). A suppressed figure is never
  used, not even to decide.
  Tips are ranked by that share (exact, not rounded), ties in the order of the YAML.
- A **strong point** is a practice it has that at most `strong_up_to` percent of the
  municipalities in the country have, rarest first.

Shares are compared as the reader sees them (rounded half up, as
`helpers.report.text.thresholds` does) and are counts of the processed tables
(`model.YearData.counts`): nothing is counted here. Every text is Dutch and plain (no
markup), numbers formatted by `helpers.report.fmt`.
"""

from __future__ import annotations

import dataclasses
import functools
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.data import codebook
from helpers.municipality import model
from helpers.municipality.summary import lower_first
from helpers.report import fmt
from helpers.report.indicators import Share, latest_processed_year

TITLE = "Wat uw gemeente nog meer kan doen"
STRONG_TITLE = "Sterke punten van uw gemeente"
SUPPORT_INTRO = "Hulp van het programma"
LABEL = "label"  # the one placeholder `action` and `name` may hold
PERCENTAGES = ("tip_from", "strong_up_to")  # the thresholds that are whole percentages
COUNTS = ("tips_on_factsheet",)  # the thresholds that are numbers of items


# --- the editorial data ----------------------------------------------------------------


@dataclass(frozen=True)
class Support:
    """A product or service of the programme (a row of the codebook's support question)."""

    code: str
    label: str  # Dutch, the codebook's


@dataclass(frozen=True)
class Practice:
    """Something a municipality can do: one answer column, with what the advice says."""

    question: str
    item: str  # matrix row / option code; "" for a single question
    column: str
    action: str  # Dutch, imperative: what a tip says
    name: str  # Dutch: what a strong point calls it
    support: tuple[Support, ...]
    among: str  # Dutch, for a follow-up: who it was asked of ("met een lokale coalitie")


@dataclass(frozen=True)
class Editorial:
    path: Path
    tip_from: int  # %: a tip when at least this share of the peers has the practice
    strong_up_to: int  # %: a strong point when at most this share nationally has it
    tips_on_factsheet: int  # how many tips the factsheet's first page shows (the monitor: all)
    practices: tuple[Practice, ...]
    support_question: str  # the codebook question whose rows are the programme's support
    unknown_answers: frozenset[str] = frozenset()  # label_key of answers that say "not known"

    def knows(self, question: codebook.Question, code) -> bool:
        """Whether answer `code` to `question` says if the municipality has the practice
        (not "Weet niet": that neither has nor lacks it)."""
        labels = dict(codebook.load().answers(question))
        return codebook.label_key(str(labels.get(code, ""))) not in self.unknown_answers


@functools.cache
def load(path: Path | None = None) -> Editorial:
    """The editorial data (default data/raw/advies.yaml), checked against the codebook;
    ValueError with one line per problem (file, entry, value)."""
    path = Path(path or paths.ADVICE)
    raw = codebook.read_yaml(path)
    return parse(raw, path, codebook.entry_lines(path, "practices"))


def parse(raw, path: Path, lines: list[int] | None = None) -> Editorial:
    """`raw` (the YAML as read) checked and expanded, one `Practice` per answer column;
    `lines`: the line of each practice in the file, for the messages."""
    where = paths.relative(path)
    problems: list[str] = []
    cb = codebook.load()
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a mapping with `practices`, got {type(raw).__name__}")
    known_keys = {"support_question", "thresholds", "among", "unknown_answers", "practices"}
    _unknown_keys(raw, known_keys, where, problems)

    support_q = cb.questions.get(raw.get("support_question"))
    if support_q is None or support_q.type != "matrix":
        problems.append(
            f"{where}: support_question: {raw.get('support_question')!r} is not a matrix "
            "question of the codebook"
        )
    rows = {r.code: Support(r.code, r.label) for r in (support_q.rows if support_q else ())}

    thresholds = raw.get("thresholds") or {}
    _unknown_keys(thresholds, {*PERCENTAGES, *COUNTS}, f"{where}: thresholds", problems)
    for key in (*PERCENTAGES, *COUNTS):
        value = thresholds.get(key)
        whole = not isinstance(value, bool) and isinstance(value, int)
        if key in PERCENTAGES and not (whole and 0 <= value <= 100):
            problems.append(f"{where}: thresholds: {key}: {value!r} is not a whole % (0-100)")
        elif key in COUNTS and not (whole and value >= 1):
            problems.append(
                f"{where}: thresholds: {key}: {value!r} is not a whole number (1 or more)"
            )

    unknown = raw.get("unknown_answers") or []
    labels = {codebook.label_key(o.label) for q in cb.questions.values() for o in q.options}
    if not isinstance(unknown, list):
        problems.append(f"{where}: unknown_answers: {unknown!r} is not a list of answer labels")
        unknown = []
    for label in unknown:
        if not isinstance(label, str) or codebook.label_key(label) not in labels:
            problems.append(f"{where}: unknown_answers: {label!r} is no answer label of a scale")

    among = raw.get("among") or {}
    for qid, words in among.items():
        q = cb.questions.get(qid)
        if q is None or not q.asked_if:
            problems.append(f"{where}: among: {qid!r} is not a follow-up question (asked_if)")
        elif not isinstance(words, str) or not words.strip():
            problems.append(f"{where}: among: {qid}: {words!r} is not a text")

    practices: list[Practice] = []
    entries = raw.get("practices")
    if not isinstance(entries, list) or not entries:
        problems.append(f"{where}: practices: a list of practices is needed, got {entries!r}")
        entries = []
    lines = lines or []
    for i, entry in enumerate(entries, 1):
        line = f", line {lines[i - 1]}" if i <= len(lines) else ""
        practices += _practice(
            entry, f"{where}: practice {i}{line}", cb, support_q, rows, among, problems
        )

    seen: set[str] = set()
    for p in practices:
        if p.column in seen:
            problems.append(f"{where}: answer column {p.column!r} is a practice twice")
        seen.add(p.column)
    if problems:
        raise ValueError("\n".join(problems))
    return Editorial(
        path,
        **{k: thresholds[k] for k in (*PERCENTAGES, *COUNTS)},
        practices=tuple(practices),
        support_question=support_q.id,
        unknown_answers=frozenset(codebook.label_key(label) for label in unknown),
    )


def _unknown_keys(entry, known: set[str], where: str, problems: list[str]) -> None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected a mapping, got {entry!r}")
        return
    for key in entry.keys() - known:
        problems.append(f"{where}: unknown key {key!r}; known: {', '.join(sorted(known))}")


def _practice(entry, where, cb, support_q, rows, among, problems) -> list[Practice]:
    """The practices of one YAML entry (one per item), its problems added to `problems`."""
    _unknown_keys(entry, {"question", "items", "action", "name", "support"}, where, problems)
    if not isinstance(entry, dict):
        return []
    q = cb.questions.get(entry.get("question"))
    if q is None:
        problems.append(f"{where}: question: unknown question {entry.get('question')!r}")
        return []
    where = f"{where} ({q.id})"
    n = len(problems)
    if q == support_q:
        problems.append(f"{where}: question: {q.id!r} is the support, not a practice")
    if q.asked_if and q.id not in among:
        problems.append(f"{where}: question: {q.id!r} is a follow-up; say who in `among`")

    items = entry.get("items")
    known = {str(o.code): o.label for o in q.items()}
    if q.type == "single":
        if items is not None:
            problems.append(f"{where}: items: {items!r}, but {q.id} is a single question")
        labelled = [("", "")]
    elif not isinstance(items, list) or not items:
        problems.append(f"{where}: items: {q.id} is {q.type}; name its rows or options")
        labelled = []
    else:
        labelled = []
        for item in map(str, items):
            if item not in known:
                problems.append(f"{where}: items: unknown code {item!r}; codes: {', '.join(known)}")
            else:
                labelled.append((item, lower_first(known[item])))

    texts = {}
    for key in ("action", "name"):
        text = entry.get(key)
        fields = _fields(text)
        if not isinstance(text, str) or not text.strip() or fields is None:
            problems.append(f"{where}: {key}: {text!r} is not a text")
        elif fields - {LABEL} or (fields and q.type == "single"):
            problems.append(
                f"{where}: {key}: placeholders {sorted(fields)} in {text!r}; only "
                f"{{{LABEL}}}, of a row or option"
            )
        texts[key] = text

    support = entry.get("support")
    if not isinstance(support, list) or not support:
        problems.append(f"{where}: support: name at least one of {', '.join(rows)}")
        support = []
    for code in support:
        if code not in rows:
            problems.append(
                f"{where}: support: unknown {support_q.id if support_q else 'support'} "
                f"row {code!r}; rows: {', '.join(rows)}"
            )
    if len(problems) > n:
        return []
    return [
        Practice(
            question=q.id,
            item=item,
            column=f"{q.id}_{item}" if item else q.id,
            action=texts["action"].format(**{LABEL: label}),
            name=texts["name"].format(**{LABEL: label}),
            support=tuple(rows[c] for c in support),
            among=among.get(q.id, ""),
        )
        for item, label in labelled
    ]


def _fields(text) -> set[str] | None:
    """The placeholder names in `text` (None: not a text, or broken braces)."""
    if not isinstance(text, str):
        return None
    try:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError:
        return None


# --- the groups a municipality is compared with -----------------------------------------


@dataclass(frozen=True)
class Peers:
    """A group of municipalities whose shares a tip may cite."""

    words: str  # Dutch, after "van de": "gemeenten in Nederland"
    # {(column, code): (count, n, pct)}, as `model.YearData.counts[scope]`
    counts: Mapping = dataclasses.field(repr=False)
    # the columns whose figure of this group the municipality's factsheet shows (its
    # `<scope>_shown`, decided by helpers.disclosure); None: the country, always shown
    shown: frozenset[str] | None = None

    def may_show(self, unit: model.Unit) -> bool:
        """May this group's figure for `unit` be shown to (or used for) the municipality?"""
        return self.shown is None or unit.column in self.shown

    def share(self, unit: model.Unit) -> Share:
        """How many of the group's municipalities that answered `unit` have the practice."""
        count = sum(self.counts[(unit.column, c)][0] for c in unit.question.headline)
        return Share(count, self.counts[(unit.column, unit.codes[0])][1])


def national(data: model.YearData) -> Peers:
    return Peers(f"gemeenten in {model.NATIONAL}", data.counts[model.NATIONAL])


def shown(fs: model.Factsheet, scope: str) -> frozenset[str]:
    """The columns whose figure of `scope` ("province", "class") the factsheet shows."""
    return frozenset(r["column"] for r in fs.row_records if r[f"{scope}_shown"])


def similar(data: model.YearData, fs: model.Factsheet) -> Peers | None:
    """The municipalities of the same urbanity class (CBS stedelijkheid) as the
    factsheet's; None when the year has no classes."""
    if fs.klasse is None:
        return None
    return Peers(model.klasse_name(fs), data.class_counts[fs.klasse], shown(fs, "class"))


def peer_groups(data: model.YearData, fs: model.Factsheet) -> list[Peers]:
    """The groups a tip may cite, in order of preference: the most similar first, the
    country last (always shown, so every column has a figure)."""
    return [p for p in (similar(data, fs),) if p is not None] + [national(data)]


# --- the advice of one municipality -----------------------------------------------------


@dataclass(frozen=True)
class Point:
    """A practice with a share of a group: what tips and strong points have in common."""

    column: str  # the answer column (codebook question id, _row or _option)
    question: str
    topic: str  # codebook topic id ("pijler2")
    name: str  # Dutch: what the practice is ("Structureel budget voor de aanpak ...")
    pct: float  # share of the group that has the practice, rounded as shown
    share: str  # that share as shown: "83%"
    group: str  # Dutch, the municipalities it is a share of: "gemeenten in Nederland"
    reason: str  # Dutch: "83% van de gemeenten in Nederland doet dit al (143 van 172)."


@dataclass(frozen=True)
class Tip(Point):
    action: str  # Dutch: "Zet een lokale coalitie op ..."
    support: tuple[Support, ...]


@dataclass(frozen=True)
class StrongPoint(Point):
    """The group is the country; the reason: "Dat geldt voor 21% van de gemeenten in
    Nederland (37 van 174)."."""


@dataclass(frozen=True)
class Advice:
    gemeente: str
    year: int
    tips: tuple[Tip, ...]
    strong_points: tuple[StrongPoint, ...]
    message: str | None  # Dutch, in place of the tips when there are none (else None)

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def build(
    gemeente: str, year: int | None = None, processed_root: str | Path | None = None
) -> Advice:
    """The advice of `gemeente` for `year` (default: the latest processed year; ValueError
    if it did not respond)."""
    if year is None:
        year = latest_processed_year(Path(processed_root or paths.PROCESSED))
    return of(model.build(gemeente, year, processed_root), processed_root)


def of(fs: model.Factsheet, processed_root: str | Path | None = None) -> Advice:
    """The advice that goes with a factsheet (its municipality, year and shown figures),
    from the processed tables it was built from (`processed_root`, if given, must be those:
    ValueError otherwise)."""
    if processed_root is not None and Path(processed_root).resolve() != fs.processed:
        raise ValueError(
            f"the factsheet of {fs.gemeente} was built from {fs.processed}, not {processed_root}"
        )
    data = model.year_data(fs.year, fs.processed)
    return advise(fs.gemeente, data.answers[fs.gemeente], data, peer_groups(data, fs))


def advise(
    gemeente: str,
    answers: Mapping[str, object],
    data: model.YearData,
    peers: Sequence[Peers],
    editorial: Editorial | None = None,
) -> Advice:
    """The advice for `gemeente` with these `answers` ({column: code}, as a row of
    `data.answers`), its tips citing the first of `peers` (last: the country) that may be
    shown for each column."""
    editorial = editorial or load()
    units = {u.column: u for u in data.units}
    own = {column: _code(answers.get(column)) for column in units}
    country = national(data)
    tips, strong = [], []
    answered = lacking = 0
    for p in editorial.practices:
        unit = units.get(p.column)
        if unit is None or own[p.column] is None:
            continue  # not asked this year, not applicable (a follow-up) or not answered
        if not editorial.knows(unit.question, own[p.column]):
            continue  # "Weet niet": neither has nor lacks it
        answered += 1
        if own[p.column] in unit.question.headline:
            share = country.share(unit)
            if fmt.round_half_up(share.pct) <= editorial.strong_up_to:
                strong.append((share.pct, _point(p, unit, share, country, tip=False)))
            continue
        lacking += 1
        group = next((g for g in peers if g.may_show(unit)), None)
        if group is None:
            continue  # peers without the country, all suppressed here: no figure to use
        share = group.share(unit)
        if fmt.round_half_up(share.pct) >= editorial.tip_from:
            tips.append((-share.pct, _point(p, unit, share, group, tip=True)))
    tips.sort(key=lambda t: t[0])  # stable: ties keep the order of the YAML
    strong.sort(key=lambda t: t[0])
    return Advice(
        gemeente=gemeente,
        year=data.year,
        tips=tuple(t for _, t in tips),
        strong_points=tuple(s for _, s in strong),
        message=None if tips else _message(answered, lacking, editorial),
    )


def _code(value):
    return None if value is None or pd.isna(value) else int(value)


def _words(p: Practice, group: Peers) -> str:
    return f"{group.words} {p.among}" if p.among else group.words


def _point(p: Practice, unit: model.Unit, share: Share, group: Peers, tip: bool) -> Point:
    words, shown = _words(p, group), fmt.pct(share.pct)
    cited = {
        "column": p.column,
        "question": p.question,
        "topic": unit.topic,
        "name": p.name,
        "pct": fmt.round_half_up(share.pct),
        "share": shown,
        "group": words,
    }
    # the count beside the share: 67% of 9 is not 67% of 172 (both figures are shown
    # elsewhere already: the share, and the group's n in the monitor)
    of = f"({fmt.number(share.count)} van {fmt.number(share.n)})"
    if tip:
        reason = f"{shown} van de {words} doet dit al {of}."
        return Tip(**cited, reason=reason, action=p.action, support=p.support)
    # "geldt voor": a name is a thing ("Best practices uit onderzoeken van ZonMw"), no deed
    return StrongPoint(**cited, reason=f"Dat geldt voor {shown} van de {words} {of}.")


def _message(answered: int, lacking: int, editorial: Editorial) -> str:
    """Why there are no tips, in Dutch."""
    if not answered:
        return "Uw gemeente beantwoordde geen van de vragen waarop deze tips berusten."
    if not lacking:
        return (
            f"Uw gemeente doet alles al waarover deze tips gaan: bij alle "
            f"{fmt.number(answered)} onderdelen die zij beantwoordde. Bespreek met uw "
            "adviseur hoe u dat vasthoudt en verder uitbouwt."
        )
    return (
        "Wat uw gemeente nog niet doet, doen de meeste andere gemeenten ook niet: "
        f"telkens minder dan {fmt.pct(editorial.tip_from)}. Daarom staan hier geen tips."
    )
