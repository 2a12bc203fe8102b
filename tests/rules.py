"""The disclosure rules of helpers.disclosure, written out again for the tests that check
what the pages show (so that a change of the rules there makes them fail, not follow).

A group figure may be shown when, for every split of the group's answers it reveals, at
least 5 municipalities are counted and they gave at least 2 different answers: the
whole distribution, the headline split (codebook `positive`, else the first code), and
for a follow-up question the split of the question it follows (asked or not).
"""

from __future__ import annotations

import functools

MIN_OTHERS = 5
MIN_DISTINCT = 2


def disclosable(counts) -> bool:
    counts = list(counts)
    return sum(counts) >= MIN_OTHERS and sum(c > 0 for c in counts) >= MIN_DISTINCT


def passes(unit, counts: dict, before: tuple[dict, tuple] | None = None) -> bool:
    """May a group's figure of `unit` be shown, given how many of the group (others
    only) gave each answer (`counts`: {code: count}) and, for a follow-up, their answers
    to the question it follows with the codes it is asked after (`before`)?"""
    headline = tuple(unit.question.positive) or (1,)
    yes = sum(n for c, n in counts.items() if c in headline)
    splits = [counts.values(), [yes, sum(counts.values()) - yes]]
    if before is not None:
        first, asked_codes = before
        asked = sum(n for c, n in first.items() if c in asked_codes)
        splits.append([asked, sum(first.values()) - asked])
    return all(disclosable(s) for s in splits)


@functools.cache  # the audits ask it for the same few sizes again and again
def readings(nation: tuple[int, int], size: int, rest: int) -> frozenset[str]:
    """What a suppressed figure of a group with `size` other respondents may mean, against
    the national figure only (`nation`: others with the headline answer, others that
    answered; `rest`: the other respondents outside the group): every way the group's
    others may have answered that fits it and fails the rules above (rule 3 against the
    country included): "all" gave the headline answer, "none", "some", "nobody"
    answered."""
    yes, answered = nation
    out = set()
    for n in range(size + 1):
        for y in range(n + 1):
            if not (0 <= yes - y <= answered - n <= rest):
                continue
            if disclosable([y, n - y]) and disclosable([yes - y, answered - n - (yes - y)]):
                continue  # the figure would pass: no reading of a suppression
            out.add("nobody" if n == 0 else "none" if y == 0 else "all" if y == n else "some")
    return frozenset(out)


def plausible(question, nation: tuple[int, int], size: int, rest: int) -> bool:
    """Rule 4: a group's figure may be shown only where a suppression of it would leave
    the reader more than one of those readings; for a follow-up (whose base the question
    it follows may give away), both "all" and "none" for every other respondent."""
    if question.asked_if:
        return min(nation[0], nation[1] - nation[0]) >= size
    return readings(nation, size, rest) not in ({"all"}, {"none"})
