"""Editorial thresholds: every number at which the wording of the report changes and the
words of each step, with the programme's context, read from data/raw/rapport.yaml
(`EDITORIAL`, checked by `load`), and the one scale on which every change is graded
(`grade`).

Shares are compared as the reader sees them: rounded half up to whole percentages
(`fmt.round_half_up`); changes as whole percentage points, the difference of the two
shown percentages (`indicators.shown_change`, the one definition of a change). A
bound's name says how it compares: `_from` (at least), `_above` (more than), `_below`
(less than), `_up_to` (at most).

Changes are graded on one scale (`Grade`, the smallest rounded size of each grade in
`change_grades`), from the smallest up:

    grade                      SAME    ALMOST_SAME     SLIGHT  PLAIN      LARGE
    in words (change_words)    gelijk  vrijwel gelijk  iets    gestegen   flink gestegen

The sentences read that one scale in two ways, and the report needs both:

* the verb of a change that states its amount ("met 1%-punt gestegen", `sign`) names
  every change above SAME a rise or a fall: the reader sees the amount;
* a judgement without the amount ("is gestegen", "vaker genoemd", "vergelijkbaar met",
  `trend`) needs at least `moved_from`: below it a change is "vrijwel gelijk", not a
  rise.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from enum import IntEnum
from fractions import Fraction
from pathlib import Path

from helpers import paths
from helpers.data import codebook
from helpers.report.fmt import round_half_up


class Grade(IntEnum):
    """How large a change is, on its size rounded half up to whole percentage points."""

    SAME = 0
    """Rounds to 0 points: "gelijk gebleven"."""
    ALMOST_SAME = 1
    """Too small to call a rise or fall without its amount: "vrijwel gelijk gebleven"."""
    SLIGHT = 2
    """A small rise or fall: "iets gestegen"."""
    PLAIN = 3
    """A rise or fall: "gestegen"."""
    LARGE = 4
    """A large rise or fall: "flink gestegen"."""


@dataclass(frozen=True)
class Period:
    """A period of the programme, and how the introduction says whom it aims at."""

    first: int
    last: int
    focus: str  # a sentence; {first} and {last} are filled in


@dataclass(frozen=True)
class Editorial:
    """The editorial data of the report text, as data/raw/rapport.yaml holds them (its
    comments say what each one means and the ASSUMPTIONS.md why). Percentages are whole
    shares as shown (a fraction of all as a float: 2/3 is 66.67); ladders are
    (bound, words), the largest bound first."""

    source: str  # the file, for messages
    programme: tuple[Period, ...]
    broad_target_group_from: int
    change_grades: tuple[tuple[int, Grade], ...]  # (smallest size, grade), largest first
    moved_from: Grade
    fractions: tuple[tuple[float, str], ...]
    fraction_tolerance: float
    around_step: int
    around_spread: int
    quantity: tuple[tuple[int, str], ...]
    frequency: tuple[tuple[int, str], ...]
    main_conclusion_above: float
    little_used_below: float
    rarely_below: float
    big_challenge_from: float
    few_mentions_up_to: float
    high_response_from: float
    nearly_all_from: float
    large_number_from: float
    only_below: float
    target_groups_min: int
    earlier_years: int

    def period(self, year: int) -> Period:
        """The period of the programme that `year` falls in; a ValueError naming the file
        when none does (a new programme is an editorial fact to add, not to guess)."""
        for period in self.programme:
            if period.first <= year <= period.last:
                return period
        raise ValueError(
            f"{self.source}: programme: no period covers {year}; add the programme that "
            f"runs in {year} (its years and how the introduction describes it)"
        )


# the fields of rapport.yaml by the kind of value they take
PERCENTAGES = (
    "main_conclusion_above", "little_used_below", "rarely_below", "big_challenge_from",
    "few_mentions_up_to", "high_response_from", "nearly_all_from", "large_number_from",
    "only_below",
)  # fmt: skip
POINTS = ("fraction_tolerance", "around_step", "around_spread")
COUNTS = ("target_groups_min", "earlier_years")
LADDERS = ("quantity", "frequency")


@functools.cache
def load(path: Path = paths.REPORT_TEXT) -> Editorial:
    """The editorial data of the report text, checked: a ValueError with one line per
    problem (file, key, value)."""
    where = paths.relative(path)
    raw = codebook.read_yaml(path)
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a mapping, got {type(raw).__name__}")
    known = {f.name for f in dataclasses.fields(Editorial)} - {"source"}
    problems += [f"{where}: {key}: unknown; known: {', '.join(sorted(known))}" for key in
                 sorted(raw.keys() - known, key=str)]  # fmt: skip
    problems += [f"{where}: {key}: missing" for key in sorted(known - raw.keys())]
    if problems:
        raise ValueError("\n".join(problems))

    def check(key: str, ok: bool, what: str):
        if not ok:
            problems.append(f"{where}: {key}: {raw[key]!r} is not {what}")

    values: dict = {"source": where}
    for key in PERCENTAGES:
        values[key] = _percentage(raw[key])
        check(key, values[key] is not None, "a whole percentage (0-100) or a fraction (2/3)")
    for key in POINTS:
        check(key, _whole(raw[key]) and raw[key] >= 1, "a whole number of points (1 or more)")
        values[key] = raw[key]
    for key in (*COUNTS, "broad_target_group_from"):
        check(key, _whole(raw[key]) and raw[key] >= 1, "a whole number (1 or more)")
        values[key] = raw[key]
    for key in LADDERS:
        ladder = raw[key]
        good = (
            isinstance(ladder, dict)
            and 0 in ladder
            and all(_whole(b) and 0 <= b <= 100 and _words(w) for b, w in ladder.items())
        )
        check(key, good, "whole percentages (0-100, 0 included) with their words")
        values[key] = tuple(sorted(ladder.items(), reverse=True)) if good else ()
    fractions = raw["fractions"]
    pairs = [(_fraction(f), w) for f, w in fractions.items()] if isinstance(fractions, dict) else []
    good = bool(pairs) and all(p is not None and _words(w) for p, w in pairs)
    check("fractions", good, "fractions of all (1/4) with their words")
    values["fractions"] = tuple(sorted(pairs)) if good else ()

    grades = raw["change_grades"]
    names = {g.name.lower(): g for g in Grade}
    good = (
        isinstance(grades, dict)
        and grades.keys() == names.keys()
        and all(_whole(b) for b in grades.values())
        and [grades[g.name.lower()] for g in Grade] == sorted(set(grades.values()))
        and grades["same"] == 0
    )
    check("change_grades", good, f"the smallest size of each grade ({', '.join(names)}), "
          "rising from same: 0")  # fmt: skip
    values["change_grades"] = (
        tuple(sorted(((b, names[g]) for g, b in grades.items()), reverse=True)) if good else ()
    )
    # a change of 0 is never a rise or a fall: `same` cannot be where one starts
    moving = {name: g for name, g in names.items() if g > Grade.SAME}
    moved = raw["moved_from"]
    values["moved_from"] = moving.get(moved) if isinstance(moved, str) else None
    check("moved_from", values["moved_from"] is not None, f"a grade ({', '.join(moving)})")
    values["programme"] = _programme(raw["programme"], where, problems)
    if problems:
        raise ValueError("\n".join(problems))
    return Editorial(**values)


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _words(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _percentage(value) -> float | None:
    """A whole percentage as it is; a fraction of all ("2/3") as a percentage; None for
    anything else."""
    if _whole(value) and 0 <= value <= 100:
        return value
    return _fraction(value)


def _fraction(value) -> float | None:
    """A fraction of all ("2/3", at most 1) as a percentage; None for anything else."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", value) if isinstance(value, str) else None
    if not m or int(m[2]) == 0 or int(m[1]) > int(m[2]):
        return None
    return float(100 * Fraction(int(m[1]), int(m[2])))


def _programme(entries, where: str, problems: list[str]) -> tuple[Period, ...]:
    periods: list[Period] = []
    for i, entry in enumerate(entries if isinstance(entries, list) else [entries], 1):
        at = f"{where}: programme, period {i}"
        if not isinstance(entry, dict) or entry.keys() - {"years", "focus"}:
            problems.append(f"{at}: {entry!r} is not a mapping of `years` and `focus` only")
            continue
        years, focus = entry.get("years"), entry.get("focus")
        if not (isinstance(years, list) and len(years) == 2 and all(map(_whole, years))
                and years[0] <= years[1]):  # fmt: skip
            problems.append(f"{at}: years: {years!r} is not [first, last]")
            continue
        try:
            ok = isinstance(focus, str) and bool(focus.format(first=0, last=0).strip())
        except Exception:  # any field but {first} and {last}, however written
            ok = False
        if not ok:
            problems.append(f"{at}: focus: {focus!r} is not a sentence ({{first}}, {{last}})")
            continue
        if periods and years[0] <= periods[-1].last:
            problems.append(f"{at}: years: {years!r} overlap or precede the period before")
        periods.append(Period(years[0], years[1], " ".join(focus.split())))
    if not periods and not problems:
        problems.append(f"{where}: programme: no period")
    return tuple(periods)


EDITORIAL = load()


def grade(change: float) -> Grade:
    """The grade of a change of `change` percentage points (the sign aside)."""
    size = abs(round_half_up(change))
    return next(g for bound, g in EDITORIAL.change_grades if size >= bound)


def sign(change: float) -> int:
    """+1 or -1 for a change above SAME, else 0: the verb next to a stated amount."""
    if grade(change) == Grade.SAME:
        return 0
    return 1 if change > 0 else -1


def trend(change: float | None) -> int:
    """+1 or -1 for a change of at least `moved_from`, else 0 (also for None): a rise or
    fall named without its amount."""
    if change is None or grade(change) < EDITORIAL.moved_from:
        return 0
    return 1 if change > 0 else -1


def from_ladder(pct: float, ladder: tuple[tuple[int, str], ...]) -> str:
    """The words of the first bound of `ladder` that the rounded `pct` reaches (the last
    words when it reaches none)."""
    p = round_half_up(pct)
    return next((words for bound, words in ladder if p >= bound), ladder[-1][1])
