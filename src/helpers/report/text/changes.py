"""Changes and trends in Dutch words: how a share moved from one year to the next or
over all years ("iets gestegen", "vergelijkbaar met 2022 (82%)", "was van 2019 naar
2020 flink gedaald, maar neemt sinds 2020 weer geleidelijk toe").

Every change is graded by `thresholds.grade`; which words go with a grade is decided
here. Comparisons use the numbers the reader sees: the difference of the two rounded
percentages (`indicators.shown_change`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from helpers.report import fmt
from helpers.report.fmt import round_half_up
from helpers.report.indicators import Share, shown_change
from helpers.report.text.phrasing import around_phrase, number_word, quantity_phrase
from helpers.report.text.thresholds import EDITORIAL, Grade, grade, sign, trend

# The words of each grade; {verb} is "gestegen" or "gedaald" (or the caller's verbs).
GRADE_WORDS = {
    Grade.SAME: "gelijk gebleven",
    Grade.ALMOST_SAME: "vrijwel gelijk gebleven",
    Grade.SLIGHT: "iets {verb}",
    Grade.PLAIN: "{verb}",
    Grade.LARGE: "flink {verb}",
}

# --- one change -----------------------------------------------------------------------


def change_phrase(change: float, amount: bool = False) -> str:
    """The verb of a change next to its amount: 6.2 -> "gestegen", -3 -> "gedaald",
    0.3 -> "gelijk gebleven"; with amount=True "met 6%-punt gestegen". Every change
    above `Grade.SAME` is a rise or a fall (0.5 points rounds to 1: "gestegen")."""
    direction = sign(change)
    if direction == 0:
        return "gelijk gebleven"
    verb = "gestegen" if direction > 0 else "gedaald"
    return f"met {fmt.pp(change)} {verb}" if amount else verb


def change_words(change: float | None, rise: str = "gestegen", fall: str = "gedaald") -> str:
    """A change in words by its grade (bounds in data/raw/rapport.yaml): "gelijk
    gebleven", "vrijwel gelijk gebleven", "iets gestegen", "gestegen", "flink gestegen";
    likewise `fall`. Empty for None."""
    if change is None:
        return ""
    return GRADE_WORDS[grade(change)].format(verb=rise if change > 0 else fall)


def is_stable(change: float | None) -> bool:
    """A change too small to name without its amount (below `EDITORIAL.moved_from`)."""
    return change is not None and trend(change) == 0


def rose(change: float | None) -> bool:
    return trend(change) > 0


def fell(change: float | None) -> bool:
    return trend(change) < 0


def sub_clause_change(change: float) -> str:
    """A change in a subordinate clause: "met 11%-punt is gestegen", "gelijk is gebleven"."""
    direction = sign(change)
    if direction == 0:
        return "gelijk is gebleven"
    return f"met {fmt.pp(change)} is {'gestegen' if direction > 0 else 'gedaald'}"


def more_less(change: float) -> str:
    """ "6%-punt meer", "3%-punt minder", "evenveel"."""
    direction = sign(change)
    if direction == 0:
        return "evenveel"
    return f"{fmt.pp(change)} {'meer' if direction > 0 else 'minder'}"


def higher_lower(change: float) -> str:
    """ "5%-punt hoger", "2%-punt lager", "even hoog"."""
    direction = sign(change)
    if direction == 0:
        return "even hoog"
    return f"{fmt.pp(change)} {'hoger' if direction > 0 else 'lager'}"


def more_municipalities(change: float | None) -> str:
    """ "in steeds meer gemeenten" / "in minder gemeenten" / "in ongeveer evenveel gemeenten"."""
    if rose(change):
        return "in steeds meer gemeenten"
    if fell(change):
        return "in minder gemeenten"
    return "in ongeveer evenveel gemeenten"


def grouped_changes(changes: Sequence[tuple[str, float]]) -> list[tuple[list[str], str]]:
    """Items with the same rounded change grouped, largest change first:
    [("A", 11.2), ("B", 10.6), ("C", 4.8)] -> [(["A", "B"], "met 11%-punt gestegen"),
    (["C"], "met 5%-punt gestegen")]. Changes below 1 point are "gelijk gebleven"."""
    groups: dict[int, list[str]] = {}
    for name, change in changes:
        groups.setdefault(round_half_up(change), []).append(name)
    return [
        (names, change_phrase(p, amount=True))
        for p, names in sorted(groups.items(), key=lambda g: -g[0])
    ]


# --- the report year against earlier years --------------------------------------------


def was_phrase(now: Share | None, before: Share | None, before_year: int | None) -> str:
    """ "was 12% in 2022" -- or "vorig jaar ook 43%" when the rounded shares are equal.

    Empty when there is nothing to compare with. Meant for a parenthesis after the
    current share.
    """
    if now is None or before is None or before_year is None:
        return ""
    if round_half_up(now.pct) == round_half_up(before.pct):
        return f"vorig jaar ook {fmt.pct(before.pct)}"
    return f"was {fmt.pct(before.pct)} in {before_year}"


def compare_clause(now: Share | None, before: Share | None, before_year: int | None) -> str:
    """The report year against the previous one, for "... en dat is {clause}":
    "hetzelfde aandeel als in 2022", "vergelijkbaar met 2022 (82%)",
    "meer dan in 2022 (74%)", "minder dan in 2022 (90%)". Empty without a comparison."""
    p = shown_change(before, now)
    if p is None:
        return ""
    if grade(p) == Grade.SAME:
        return f"hetzelfde aandeel als in {before_year}"
    if is_stable(p):
        return f"vergelijkbaar met {before_year} ({fmt.pct(before.pct)})"
    return f"{'meer' if p > 0 else 'minder'} dan in {before_year} ({fmt.pct(before.pct)})"


def from_to(before: Share | None, now: Share | None, before_year: int | None, year: int) -> str:
    """ "van 34% in 2022 naar 13% in 2023"; empty without a previous share."""
    if before is None or now is None:
        return ""
    return f"van {fmt.pct(before.pct)} in {before_year} naar {fmt.pct(now.pct)} in {year}"


def development(subject: str, now: Share, before: Share | None, before_year: int | None) -> str:
    """`subject` ends in its verb: "Qua bekostiging is het aandeel ..." ->
    "... iets gedaald (34%; was 37% in 2022)." -- or "... 34%." without a previous year."""
    if before is None:
        return f"{subject} {fmt.pct(now.pct)}."
    was = was_phrase(now, before, before_year)
    return f"{subject} {change_words(shown_change(before, now))} ({fmt.pct(now.pct)}; {was})."


def also_in(year: int, now: Share, before: Share | None) -> str:
    """ "Ook in 2023" when the share is described by the same words as last year,
    else "In 2023"."""
    if before is not None and quantity_phrase(before.pct) == quantity_phrase(now.pct):
        return f"Ook in {year}"
    return f"In {year}"


def compared_with_years_sentence(
    values: Mapping[int, Share], year: int, had: str, subject: str = "Dit"
) -> str:
    """ "Dit is hetzelfde aandeel als vorig jaar, maar in 2021 had nog 82% van de gemeenten
    {had}." -- the previous year, and the year before when it differed clearly."""
    now = values.get(year)
    prev = max((y for y in values if y < year), default=None)
    if now is None or prev is None:
        return ""
    change = shown_change(values[prev], now)
    if grade(change) == Grade.SAME:
        first = f"{subject} is hetzelfde aandeel als vorig jaar"
    elif is_stable(change):
        first = f"{subject} is vergelijkbaar met vorig jaar ({fmt.pct(values[prev].pct)})"
    else:
        word = "meer" if change > 0 else "minder"
        first = f"{subject} is {word} dan vorig jaar ({fmt.pct(values[prev].pct)})"
    before = max((y for y in values if y < prev), default=None)
    if before is None or not is_stable(change):
        return f"{first}."
    earlier = shown_change(values[before], now)
    if is_stable(earlier):
        return f"{first}."
    still = "nog" if earlier < 0 else "slechts"
    then = fmt.pct(values[before].pct)
    return f"{first}, maar in {before} had {still} {then} van de gemeenten {had}."


def years_before_previous(values: Mapping[int, Share], year: int) -> int:
    """+1 when every year before the previous one had a clearly higher share than `year`,
    -1 when clearly lower, 0 otherwise (or when there are no such years)."""
    prev = max((y for y in values if y < year), default=None)
    older = [y for y in values if prev is not None and y < prev]
    if not older or year not in values:
        return 0
    diffs = [shown_change(values[year], values[y]) for y in older]
    if all(rose(d) for d in diffs):
        return 1
    if all(fell(d) for d in diffs):
        return -1
    return 0


def earlier_years_sentence(
    values: Mapping[int, Share], year: int, subject: str, n: int = EDITORIAL.earlier_years
) -> str:
    """ "In de vorige drie jaren was de deelname ook rond de 90%." -- the (up to) `n`
    years before `year`; their values listed when they are not alike."""
    earlier = sorted(y for y in values if y < year)[-n:]
    if not earlier:
        return ""
    pcts = [values[y].pct for y in earlier]
    if len(earlier) == 1:
        return f"In {earlier[0]} was {subject} {fmt.pct(pcts[0])}."
    when = f"In de vorige {number_word(len(earlier))} jaren"
    around = around_phrase(pcts)
    if around:
        also = " ook" if around_phrase([*pcts, values[year].pct]) == around else ""
        return f"{when} was {subject}{also} {around}."
    listed = fmt.join([f"{fmt.pct(p)} ({y})" for y, p in zip(earlier, pcts, strict=True)])
    return f"{when} was {subject} {listed}."


# --- a share over all years -----------------------------------------------------------


def trend_phrase(values: Mapping[int, float]) -> str:
    """How a yearly share moved, as a clause after "het aandeel ...".

    Examples: "is van 2019 naar 2020 flink gedaald, maar neemt sinds 2020 weer
    geleidelijk toe"; "is sinds 2019 vrijwel gelijk gebleven"; "is van 2022 naar 2023
    gestegen". Empty for a single year.
    """
    years = sorted(values)
    if len(years) < 2:
        return ""
    v = [round_half_up(values[y]) for y in years]
    first, last = years[0], years[-1]
    if is_stable(max(v) - min(v)):
        level = around_phrase(v) or f"tussen {fmt.pct(min(v))} en {fmt.pct(max(v))}"
        return f"is sinds {first} vrijwel gelijk gebleven ({level})"
    steps = [b - a for a, b in zip(v, v[1:], strict=False)]
    if len(years) == 2:
        return f"is van {first} naar {last} {change_words(steps[0])}"
    # one turning point: an extreme strictly inside, monotone on either side
    for k in range(1, len(v) - 1):
        left, right = steps[:k], steps[k:]
        down_up = all(s <= 0 for s in left) and all(s >= 0 for s in right)
        up_down = all(s >= 0 for s in left) and all(s <= 0 for s in right)
        if (down_up or up_down) and not is_stable(v[k] - v[0]) and not is_stable(v[-1] - v[k]):
            turn = years[k]
            first_move = change_words(v[k] - v[0])
            pace = "geleidelijk " if len(right) > 1 else ""
            again = "toe" if down_up else "af"
            since = f"sinds {turn}" if len(right) > 1 else f"in {last}"
            return (
                f"was van {first} naar {turn} {first_move}, maar neemt {since} weer {pace}{again}"
            )
    if all(s >= 0 for s in steps) or all(s <= 0 for s in steps):
        span = f"van {fmt.pct(v[0])} naar {fmt.pct(v[-1])}"
        return f"is sinds {first} {change_words(v[-1] - v[0])} ({span})"
    return (
        f"schommelt sinds {first} tussen {fmt.pct(min(v))} en {fmt.pct(max(v))} "
        f"({fmt.pct(v[-1])} in {last})"
    )


def trend_sentence(subject: str, values: Mapping[int, Share]) -> str:
    """ "{subject} was van 2019 naar 2020 flink gedaald, maar neemt ..." over all years."""
    phrase = trend_phrase({y: s.pct for y, s in values.items()})
    return f"{subject} {phrase}." if phrase else ""
