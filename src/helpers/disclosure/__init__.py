"""Disclosure control: may a figure about a group of municipalities be shown to one of them?

    disclosure.may_show(question, "kartrekker", own, group)  # True: show the group's figure
    disclosure.note(disclosure.PROVINCE)  # the rule in Dutch: "† aantal te klein: ..."

A factsheet or monitor shows a municipality, beside its own answer to an answer column (a
single question, a matrix row or a multiple-choice option), the share of each answer
among the municipalities of a group it belongs to. The group is the caller's: the
municipality's province (`PROVINCE`) or the municipalities of its CBS urbanity class
(`CLASS`, "vergelijkbare gemeenten"), each passed the same way. Such a figure is made
from the answers of the group's other municipalities (the municipality itself never
counted), so it may be shown only when, for each split of those others' answers that it
reveals, both rules hold:

1. At least `MIN_OTHERS` other municipalities of the group answered: otherwise a share
   says too much about a few neighbours.
2. They gave at least `MIN_DISTINCT` different answers: when they all gave the same
   one, a share of 0% or 100% tells the reader every neighbour's answer (group
   disclosure), however many they are.

`disclosable` tests one split. `may_show` tests every split a column's figure reveals:
- the whole distribution of the others' answers;
- its headline split (`codebook.Question.headline`, the answers a headline share adds
  up, against the rest), so that neither a headline share nor a table can tell that all
  neighbours did, or did not, give the headline answer;
- for a follow-up question (codebook `asked_if`), the split of the others' answers to
  the question it follows: its base would otherwise tell how many neighbours answered
  that one which way (e.g. who visits, asked only where there are home visits).

3. Figures shown together must not give away a smaller group by difference. A reader
   knows who responded (the report's map) and every municipality's province and class
   (public CBS data). When the municipalities that answered a column in one group shown
   to it are some of those in another group shown to it, the difference of the two
   figures is the figure of the rest, which must pass rules 1 and 2 (whole
   distribution, headline split, follow-up base) too: the country minus the province or
   the class (e.g. "nobody outside this province ticked it"), the class against the
   province when one lies within the other, and the same group a year apart in the
   monitor, when one year's answering municipalities lie within the other's. A year
   apart, the difference is the newcomers' answers only if those in both years answered
   alike both times; where it comes out negative that is visibly not so, and it tells
   nothing. `may_show_beside` tests one such pair; which pairs are nested is the
   caller's (`helpers.factsheets.model`). When a pair fails, the figure added later is
   suppressed: the class before the province, this year's before an earlier year's (so
   what was shown before stays as it was), never the national one.

A figure that fails is not shown, nor its base: the reader sees `SUPPRESSED` (†) and
`TOO_SMALL` ("aantal te klein") for any of these reasons alike, so that the marker does
not tell which rule applied (`note` says the rules in Dutch). What remains known is that
a figure was suppressed, which can hint that the neighbours agreed, never on what. The
national figure is always shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from helpers.data import codebook

MIN_OTHERS = 5  # other municipalities of the group needed to show its figure
MIN_DISTINCT = 2  # different answers among those others needed to show its figure
SUPPRESSED = "†"  # marks an answer column whose group figure is not shown
TOO_SMALL = "aantal te klein"  # what is said instead of a suppressed figure
ALL_ALIKE = "zij allemaal hetzelfde antwoord gaven"  # rule 2 in words (MIN_DISTINCT = 2)


@dataclass(frozen=True)
class Grouping:
    """A way of grouping municipalities, in the words the rule is told with (Dutch)."""

    figure: str  # a figure about one group: "een provinciaal cijfer"
    others: str  # the other members of a group: "andere gemeenten uit de provincie"


PROVINCE = Grouping("een provinciaal cijfer", "andere gemeenten uit de provincie")
# the peer group: municipalities of the same CBS urbanity class (helpers.data.classes)
CLASS = Grouping(
    "een cijfer van vergelijkbare gemeenten", "andere gemeenten met dezelfde stedelijkheid"
)


def disclosable(others: Iterable[int]) -> bool:
    """May a split be shown, given how many other municipalities of the group are on each
    side of it (e.g. gave each answer)? Both rules of the module doc."""
    others = list(others)
    return sum(others) >= MIN_OTHERS and sum(k > 0 for k in others) >= MIN_DISTINCT


def others(
    group: Mapping[tuple[str, object], int], own: Mapping[str, object], column: str, codes
) -> dict:
    """How many other municipalities of the group gave each answer `codes` to `column`:
    the group's counts without the municipality's own answer (`own[column]`, None: no
    answer)."""
    mine = own.get(column)
    return {c: group[(column, c)] - (mine == c) for c in codes}


def _passes(question: codebook.Question, column: str, counts) -> bool:
    """Do the splits a figure for `column` reveals pass, given `counts(column, codes)`:
    how many of the group counted (others only) gave each answer? A follow-up's split of
    the question it follows is not checked where `counts` gives None for it."""
    cb = codebook.load()
    answers = counts(column, [c for c, _ in cb.answers(question)])
    yes = sum(answers[c] for c in question.headline)
    if not (disclosable(answers.values()) and disclosable([yes, sum(answers.values()) - yes])):
        return False
    if cond := question.asked_if:  # a follow-up: also the split of the question it follows
        first = cb.questions[cond["question"]]
        before = counts(first.id, [c for c, _ in cb.answers(first)])
        if before is None:
            return True
        asked = sum(before[c] for c in cond["codes"])
        return disclosable([asked, sum(before.values()) - asked])
    return True


def may_show(
    question: codebook.Question,
    column: str,
    own: Mapping[str, object],
    group: Mapping[tuple[str, object], int],
) -> bool:
    """May the figure about a group for `column` (an answer column of `question`) be shown
    to a municipality of the group? `own`: the municipality's answer code per column
    (None: no answer); `group`: how many municipalities of the group, the municipality
    itself among them, gave each answer, per (column, code). See the module doc."""
    return _passes(question, column, lambda col, codes: others(group, own, col, codes))


def may_show_beside(
    question: codebook.Question,
    column: str,
    whole: Mapping[tuple[str, object], int],
    part: Mapping[tuple[str, object], int],
) -> bool:
    """May two figures for `column` be shown to the same reader, when the municipalities
    that answered it in group `part` are some (not all) of those in `whole`? Rule 3 of
    the module doc: the difference must pass rules 1 and 2. Counts as in `may_show`, of
    both groups whole; the reader is in both or in neither, so the difference is others
    only. A negative difference (two years, whose common municipalities did not all
    answer alike) reveals nothing: allowed."""

    def minus(col: str, codes) -> dict | None:
        """The difference; None where it tells nothing (negative, or a code one lacks)."""
        keys = [(col, c) for c in codes]
        if any(k not in whole or k not in part for k in keys):
            return None
        diff = {c: whole[(col, c)] - part[(col, c)] for c in codes}
        return None if min(diff.values()) < 0 else diff

    if minus(column, [c for c, _ in codebook.load().answers(question)]) is None:
        return True
    return _passes(question, column, minus)


def note(grouping: Grouping) -> str:
    """The rules as a footnote says them, for figures of `grouping`."""
    return (
        f"{SUPPRESSED} {TOO_SMALL}: {grouping.figure} staat er alleen als minstens "
        f"{MIN_OTHERS} {grouping.others} de vraag beantwoordden, en niet als {ALL_ALIKE}. "
        "Dat geldt ook voor de tweedeling tussen het antwoord waar het om gaat (zoals ‘Ja’) "
        "en de andere antwoorden, en bij een vervolgvraag voor de vraag waarop die volgt, "
        "en voor het verschil met een ander cijfer dat u ziet (het landelijke, dat van de "
        "andere groep of dat van een eerder jaar)."
    )
