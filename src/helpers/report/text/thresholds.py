"""Editorial thresholds: every number at which the wording of the report changes, in one
table (`EDITORIAL`), and the one scale on which every change is graded (`grade`).

Shares are compared as the reader sees them: rounded half up to whole percentages
(`fmt.round_half_up`); changes as whole percentage points, the difference of the two
shown percentages (`indicators.shown_change`, the one definition of a change). A
bound's name says how it compares: `_from` (at least), `_above` (more than), `_below`
(less than), `_up_to` (at most).

Changes (`Grade`, bounds in `Editorial.change_grades`):

    rounded change in points   0      1-2             3-4     5-9        10 or more
    grade                      SAME   ALMOST_SAME     SLIGHT  PLAIN      LARGE
    in words (change_words)    gelijk vrijwel gelijk  iets    gestegen   flink gestegen

The sentences read that one scale in two ways, and the report needs both:

* the verb of a change that states its amount ("met 1%-punt gestegen", `sign`) names
  every change above SAME a rise or a fall: the reader sees the amount;
* a judgement without the amount ("is gestegen", "vaker genoemd", "vergelijkbaar met",
  `trend`) needs at least `Editorial.moved_from` (SLIGHT): 1 or 2 points is "vrijwel
  gelijk", not a rise.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

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
class Editorial:
    """The editorial thresholds of the report text. Percentages are whole, rounded shares."""

    change_grades: tuple[tuple[int, Grade], ...] = (
        (10, Grade.LARGE),
        (5, Grade.PLAIN),
        (3, Grade.SLIGHT),
        (1, Grade.ALMOST_SAME),
        (0, Grade.SAME),
    )
    """The smallest rounded change, in points, of each grade (largest first)."""

    moved_from: Grade = Grade.SLIGHT
    """A change named without its amount is a rise or fall from this grade on; below it
    the sentence says "vrijwel gelijk", "vergelijkbaar" or leaves the item out."""

    fractions: tuple[tuple[float, str], ...] = (
        (25.0, "een kwart"),
        (100 / 3, "een derde"),
        (50.0, "de helft"),
        (200 / 3, "twee derde"),
        (75.0, "driekwart"),
    )
    """The common fractions a share may be written as ("zo'n driekwart")."""

    fraction_tolerance: float = 3.0
    """A share is written as a fraction only within this many points of it; otherwise as
    a percentage."""

    around_step: int = 5
    """"rond de 90%" names a multiple of this many points ..."""

    around_spread: int = 3
    """... and only when every share lies within this many points of it."""

    quantity: tuple[tuple[int, str], ...] = (
        (100, "alle"),
        (95, "vrijwel alle"),
        (85, "een zeer groot deel van de"),
        (60, "een groot deel van de"),
        (51, "ruim de helft van de"),
        (50, "de helft van de"),
        (40, "bijna de helft van de"),
        (15, "een deel van de"),
        (6, "een klein deel van de"),
        (1, "vrijwel geen van de"),
        (0, "geen van de"),
    )
    """How many of the municipalities, in words before the noun ("een groot deel van de
    gemeenten"): the words of the first bound the share reaches."""

    frequency: tuple[tuple[int, str], ...] = (
        (100, "altijd"),
        (95, "vrijwel altijd"),
        (75, "meestal"),
        (50, "vaak"),
        (20, "soms"),
        (0, "zelden"),
    )
    """How often, in words ("spelen meestal een rol"): as `quantity`."""

    main_conclusion_above: int = 50
    """A main conclusion (gemeenten zetten zich actief in; gebruiken de ondersteuning)
    is drawn only when more than this share has a local coalition, or uses the
    advisers: it speaks of most municipalities."""

    little_used_below: int = 50
    """A toolkit used by less than this share in the previous year is "weinig ingezet"."""

    rarely_below: int = 50
    """The least involved coalition partners "komen juist niet vaak voor" below this
    share, else "het minst vaak"."""

    big_challenge_from: int = 50
    """A challenge named by at least this share in both years "blijft voor veel gemeenten
    een grote uitdaging"."""

    few_mentions_up_to: int = 5
    """The least named challenge gets its own sentence when at most this share names it."""

    high_response_from: int = 60
    """A response rate of at least this is "hoog"."""

    nearly_all_from: int = 95
    """Target groups with attention in at least this share: "vrijwel alle gemeenten"."""

    large_number_from: float = 200 / 3
    """Target groups with attention in at least two thirds (67% and more): "een groot
    aantal gemeenten"; below it "minder vaak specifieke aandacht"."""

    only_below: int = 15
    """"Slechts" before the share that uses no best practices when it is below this."""

    target_groups_min: int = 4
    """The summary names the two target groups with the most and the two with the least
    attention, so it needs this many groups (none named twice)."""

    earlier_years: int = 3
    """How many years before the report year a sentence on earlier years recalls."""


EDITORIAL = Editorial()


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
