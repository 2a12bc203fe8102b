"""Disclosure control: may a figure about a group of municipalities be shown to one of them?

    disclosure.decide(question, "kartrekker", own, nation, groups, ...)  # {"province": True, ...}
    disclosure.together(question, {column: decided, ...}, told)  # rule 6, per question
    disclosure.note(disclosure.PROVINCE)  # the rule in Dutch: "† niet getoond: ..."

`decide` decides, for every group figure of one answer column on one municipality's
pages, by rules 1-5 below, and `together` then the options of one question by rule 6;
the other functions are their parts.

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
  that one which way (e.g. who visits, asked only where there are home visits). For
  the same reason a follow-up's group figure is shown only where that of the question
  it follows is (`after_the_lead`).

3. Figures shown together must not give away a smaller group by difference. A reader
   knows who responded (the report's map) and every municipality's province and class
   (public CBS data). When the municipalities that answered a column in one group shown
   to it are some of those in another group shown to it, the difference of the two
   figures is the figure of the rest, which must pass rules 1 and 2 (whole
   distribution, headline split, follow-up base) too: the country minus the province or
   the class (e.g. "nobody outside this province ticked it"), the class against the
   province when one lies within the other, and the same group a year apart in the
   monitor, when one year's answering municipalities lie within the other's. A year
   apart, both figures are taken of the others only (the reader knows its own answers,
   which may differ between the years or be missing in one; Sluis, 2023), and the
   difference is the newcomers' answers only if those in both years answered alike both
   times; where it comes out negative that is visibly not so, and it tells nothing.
   `may_show_beside` tests one such pair; `decide` finds the nested ones. A province
   and a class that overlap without one lying within the other split the
   country into four parts (in both, in the province only, in the class only, in
   neither): the two figures and the national one bound how many of each part gave
   each answer, or none (the bases are shown). No part may be left one answer (or only
   headline answers, or none of them) among those of it that answered, or no answer
   at all, and where the figures fix a part's counts they must pass rules 1 and 2
   (`tells_a_part`; Veere: no other in its class said "bekend, niet ingezet", no other
   in Zeeland "onbekend", so the four in both said "ingezet"). When
   a pair fails, the figure added later is suppressed: the class before the province,
   this year's before an earlier year's (so what was shown before stays as it was),
   never the national one.

4. A suppression must not tell what the neighbours answered. A reader sees the
   national figure and its own answer, and knows how many other municipalities of the
   group responded (the map). A † then means that the figure failed rule 1, 2 or 3, and
   the national figure may leave only one way for that to happen: with 98% "ja" of 174,
   six neighbours can fail only by all saying "ja" (the rest of the country cannot all
   agree, nor can fewer than five of them answer). So a group's figure is shown only
   where the national figure and the sizes leave a † at least two readings of the
   group's others (`outcomes`): all gave the headline answer, none did, or some did
   (and rule 1 or 3 failed). For a follow-up, whose group base the question it follows
   may give away, both "all" and "none" must stay possible for every other respondent
   of the group. The decision uses only what the reader knows already, so the † it
   causes tells nothing. The headline split is enough: when all gave one answer they
   are all on one side of it, so an open side leaves the answer open too.

5. Nor together with the other group's figure. Where one group's figure is suppressed
   for a reason that depends on what its others answered (rule 4 passed, and at least
   `MIN_OTHERS` other municipalities of the group responded), the other group's figure
   is suppressed too. Otherwise the reader, who knows these rules, could try every
   answer the neighbours might have given and keep those that suppress one figure and
   show the other, or suppress both, as the page does (Noord-Beveland, SpUK: before this
   rule, † beside † could only mean that all 8 others in Zeeland said "wel"; the audit
   in tests/test_suppression_reveals_nothing.py tries this for every reader). Suppressed
   together, the two †s tell only that one of the figures failed, which rule 4 keeps
   open for each. Where the suppressed
   group's † follows from its size alone (fewer than `MIN_OTHERS` others responded, which
   the map shows), it tells nothing, and the other group's figure is shown unless the
   reader could split the country into the others in both groups, in the suppressed
   group only, in the shown one only and in neither (sizes from the map), and the shown
   figure (its headline count and base) with the national one may leave the suppressed
   group one reading (`pins`). Then the shown figure is suppressed too; for a follow-up
   always. Rule 5 comes last, after rule 3 between the two groups, so it decides
   between one suppressed and one shown figure whichever group that is; the national
   figure is never suppressed. A year apart the same holds for one group, checked with
   rule 3 a year apart: where an earlier year's figure has a † that could depend on the
   answers (`telling`, whichever rule set it; `Earlier.shown` False), this year's figure
   of the same group goes when the others that answered are those of that year, or lie
   within them or around them: if they answered alike both years, it would give back
   what the † hid (an attacker's review: 128 of 238 such pairs left one reading).

6. The options of a multiple-choice question with an exclusive option ("Geen", codebook
   `exclusive`) are read together: "geen" is ticked only where no other option is, so a
   shown "geen" caps the others and a shown option rules out "all geen", and a † that
   rule 4 keeps open alone may not be beside them (Middelburg, 2022: Zeeland's "geen"
   showed 1 of 7 others, so its † on "gemeenteraad" could only mean that none of the 7
   had ticked it). Where any option's group figure is suppressed for a reason that
   depends on the answers (`telling`), the question shows no group figure, of either
   group (`together`, applied by the caller to the decisions of every option).

A figure that fails is not shown, nor its base: the reader sees `SUPPRESSED` (†) and
`NOT_SHOWN` ("niet getoond") for any of these reasons alike, so that the marker does
not tell which rule applied (`note` says the rules in Dutch). What remains known is that
a figure was suppressed: that can tell that the group's other municipalities may all
have given the same answer, but (rules 4 to 6) never which, from the figures of one
year on one municipality's pages.

Not covered: an earlier year's figure beside this year's where neither year's
respondents lie within the other's (rules 3 and 5 a year apart need them nested: one
newcomer and one leaver escape both), and this year's † beside an earlier figure that
is shown, which rule 4 would weigh a year apart (with fewer than `MIN_OTHERS` newcomers
or leavers, rule 3 takes it whatever the answers). Each tells something only if the
municipalities in both years answered alike both times; counting every overlap so
(readings as in `outcomes`) took about half the province figures of 2023 when tried
(3428 of 10788 shown, against 7497). Also not covered: a question without an exclusive
option read as a whole (no test checks it; a
review found that "every respondent ticks at least one option" bounded no suppressed
figure in 2019-2023). The national figure is always shown. The rules hold
against the reader of one municipality's pages; several municipalities of one province
or one class that pool their pages and answers know more, and the rules do not claim
to hold then.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from helpers.data import codebook

MIN_OTHERS = 5  # other municipalities of the group needed to show its figure
MIN_DISTINCT = 2  # different answers among those others needed to show its figure
SUPPRESSED = "†"  # marks an answer column whose group figure is not shown
# what is said beside a suppressed figure, whichever rule applied (not "aantal te klein":
# most † stand beside a group large enough, suppressed for what a figure would give away)
NOT_SHOWN = "niet getoond"
ALL_ALIKE = "zij allemaal hetzelfde antwoord gaven"  # rule 2 in words (MIN_DISTINCT = 2)
ONE = ({"all"}, {"none"})  # `outcomes` that tell what a group's others answered


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
    both groups whole where the reader is in both or in neither (the difference is then
    others only); a year apart, of the others only (the reader's answer may have
    changed). A negative difference (two years, whose common municipalities did not all
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


def headline(
    question: codebook.Question, column: str, own: Mapping[str, object], group
) -> tuple[int, int]:
    """(gave the headline answer, answered) among the group's others for `column`; counts
    as in `may_show`."""
    answers = others(group, own, column, [c for c, _ in codebook.load().answers(question)])
    return sum(answers[c] for c in question.headline), sum(answers.values())


@dataclass(frozen=True)
class Overlap:
    """How many other respondents (the reader's municipality not counted) are in both
    groups, in the suppressed group only, in the shown group only, and in neither (for
    rule 4 alone: both and shown 0)."""

    both: int
    hidden: int
    shown: int
    rest: int


@functools.cache  # a function of a few counts, which recur on every page and year
def outcomes(
    nation: tuple[int, int], sizes: Overlap, shown: tuple[int, int] = (0, 0)
) -> frozenset[str]:
    """Rules 4 and 5 of the module doc: what a suppressed group's others may have
    answered, over every split of the country that agrees with the national figure and
    the shown group's figure (each as: others that gave the headline answer, others that
    answered) and in which the group's figure fails rule 1, 2 or 3 (against the
    country): "all" gave the headline answer, "none" did, "some" did, or "nobody"
    answered."""
    found = set()
    for n_both in range(sizes.both + 1):
        n_shown = shown[1] - n_both
        y_both = (max(0, shown[0] - n_shown), min(n_both, shown[0]))  # lowest, highest
        if not 0 <= n_shown <= sizes.shown or y_both[0] > y_both[1]:
            continue
        for n_hidden in range(sizes.hidden + 1):
            n_rest = nation[1] - n_both - n_hidden - n_shown
            free = nation[0] - shown[0]  # headline answers outside the shown group
            y_hidden = (max(0, free - n_rest), min(n_hidden, free))
            if not 0 <= n_rest <= sizes.rest or y_hidden[0] > y_hidden[1]:
                continue
            n, low, high = n_both + n_hidden, y_both[0] + y_hidden[0], y_both[1] + y_hidden[1]
            found |= {"nobody"} if n == 0 else set()
            found |= {"none"} if n and low == 0 else set()
            found |= {"all"} if n and high == n else set()
            # some did, and the figure fails rule 1, or rule 3 (the rest of the country)
            some = range(max(low, 1), min(high, n - 1) + 1)
            candidates = some if n < MIN_OTHERS or nation[1] - n < MIN_OTHERS else ()
            candidates = [*candidates, nation[0], nation[0] - (nation[1] - n)]
            if any(y in some for y in candidates):
                found.add("some")
    return frozenset(found)


def plausible(
    question: codebook.Question,
    column: str,
    own: Mapping[str, object],
    nation: Mapping[tuple[str, object], int],
    size: int,
    respondents: int,
) -> bool:
    """Rule 4 of the module doc: may a group's figure for `column` be shown, given the
    national figure (`nation`, counts as in `may_show`), the group's other respondents
    (`size`) and the country's (`respondents`, the municipality itself not counted)?"""
    yes, answered = headline(question, column, own, nation)
    if question.asked_if:
        return min(yes, answered - yes) >= size
    return outcomes((yes, answered), Overlap(0, size, 0, respondents - size)) not in ONE


def telling(
    question: codebook.Question,
    column: str,
    own: Mapping[str, object],
    nation: Mapping[tuple[str, object], int],
    size: int,
    respondents: int,
) -> bool:
    """Would a † on a group's figure for `column` depend on what the group's others
    answered? Not where the group has fewer than `MIN_OTHERS` others (the map shows it)
    or rule 4 fails (the national figure shows it): then it tells nothing. Arguments as
    in `plausible`."""
    return size >= MIN_OTHERS and plausible(question, column, own, nation, size, respondents)


def tells_a_part(
    question: codebook.Question,
    column: str,
    own: Mapping[str, object],
    nation: Mapping[tuple[str, object], int],
    groups: Mapping[str, Mapping[tuple[str, object], int]],
    members: Mapping[str, frozenset],
    respondents: int,
) -> bool:
    """Rule 3 for two groups that overlap: do the province's and the class's figures, both
    shown, with the national one tell something of a part of the other respondents (in
    both groups, in the province only, in the class only, in neither): that all of it
    gave one answer, or none answered, or the headline answer, or another; or, where
    they fix a part's counts exactly, counts that fail rules 1 and 2 ("no answer" counted
    as an answer: the bases are shown)? E.g. a class figure with no other "bekend, niet
    ingezet" beside a province figure with no other "onbekend" tells that the
    municipalities in both all said "ingezet". `respondents`: all of them, the reader
    among them; other arguments as in `decide`."""
    codes = [c for c, _ in codebook.load().answers(question)]
    province, klasse = members["province"], members["class"]
    both = len(province & klasse) - 1  # the reader is in both
    size = {
        "province": len(province) - 1 - both,
        "class": len(klasse) - 1 - both,
        "rest": respondents - len(province | klasse),
    }

    def split(counts, total: int) -> list[int]:
        got = others(counts, own, column, codes)
        return [got[c] for c in codes] + [total - sum(got.values())]  # the last: no answer

    p = split(groups["province"], len(province) - 1)
    k = split(groups["class"], len(klasse) - 1)
    n = split(nation, respondents - 1)
    every = range(len(p))
    # the bounds of each answer's count among those in both groups ...
    lo = [max(0, p[i] + k[i] - n[i], p[i] - size["province"], k[i] - size["class"]) for i in every]
    hi = [min(p[i], k[i], both, p[i] + k[i] + size["rest"] - n[i]) for i in every]
    # ... of any set of answers, given that the counts add up to those in both
    answers = list(range(len(codes)))
    headline = [i for i in answers if codes[i] in question.headline]
    # a part tells its answers where one of these sets is empty in it: all that answered
    # gave one answer, the headline answer, or another one
    empty = {tuple(j for j in answers if j != i) for i in answers}
    empty |= {tuple(headline), tuple(i for i in answers if i not in headline)}
    blank = (len(codes),)  # ... or where none of it answered
    sum_lo, sum_hi = sum(lo), sum(hi)

    @functools.cache  # sets recur (with two answers, all of them are single answers)
    def ranges(chosen: tuple[int, ...]) -> dict[str, tuple[int, int]]:
        """The fewest and most of each part in the answers `chosen`."""
        low, high = sum(lo[i] for i in chosen), sum(hi[i] for i in chosen)
        fewest = max(low, both - (sum_hi - high))
        most = min(high, both - (sum_lo - low))
        a, b, t = (sum(x[i] for i in chosen) for x in (p, k, n))
        return {
            "both": (fewest, most),
            "province": (a - most, a - fewest),
            "class": (b - most, b - fewest),
            "rest": (t - a - b + fewest, t - a - b + most),
        }

    total = {"both": both, **size}
    for chosen in empty:
        if any(total[part] and most == 0 for part, (_, most) in ranges(chosen).items()):
            return True
    if any(total[part] and fewest >= total[part] for part, (fewest, _) in ranges(blank).items()):
        return True
    # where the figures fix a part's counts, they must pass rules 1 and 2 as a group's
    exact = [ranges((i,)) for i in answers]
    for part in total:
        counts = [r[part][0] for r in exact]
        if total[part] and all(r[part][0] == r[part][1] for r in exact):
            yes = sum(counts[i] for i in headline)
            if not (disclosable(counts) and disclosable([yes, sum(counts) - yes])):
                return True
    return False


def pins(
    question: codebook.Question,
    nation: tuple[int, int],
    shown: tuple[int, int],
    sizes: Overlap,
) -> bool:
    """Rule 5 of the module doc: do the national figure and the shown group's figure
    (each as in `outcomes`) leave a suppressed group's others one answer (a follow-up:
    always taken to)?"""
    return bool(question.asked_if) or outcomes(nation, sizes, shown) in ONE


@dataclass(frozen=True, kw_only=True)
class Earlier:
    """A group's figure of the same answer column in an earlier year, on the same pages
    (the monitor): the kind of group, the group's respondents that answered the column
    then, its counts then and the reader's own answers then (as `decide` takes this
    year's), and whether it was shown (False: a † that could depend on the answers, as
    `telling` decides, whichever rule set it)."""

    scope: str
    answered_then: frozenset
    counts: Mapping[tuple[str, object], int]
    own: Mapping[str, object]
    shown: bool = True


def _others_counts(
    question: codebook.Question,
    column: str,
    own: Mapping[str, object],
    group: Mapping[tuple[str, object], int],
) -> dict[tuple[str, object], int]:
    """A group's counts for `column` (and for the question a follow-up follows) without
    the reader's own answers: those of its others."""
    cb = codebook.load()
    columns = [(column, question)]
    if cond := question.asked_if:
        columns.append((cond["question"], cb.questions[cond["question"]]))
    out = {}
    for col, q in columns:
        codes = [c for c, _ in cb.answers(q) if (col, c) in group]
        out |= {(col, c): n for c, n in others(group, own, col, codes).items()}
    return out


def _nested(a: frozenset, b: frozenset) -> bool:
    return a < b or b < a


def decide(
    question: codebook.Question,
    column: str,
    own: Mapping[str, object],
    nation: Mapping[tuple[str, object], int],
    groups: Mapping[str, Mapping[tuple[str, object], int] | None],
    members: Mapping[str, frozenset | None],
    answered: frozenset,
    respondents: int,
    earlier: Iterable[Earlier] = (),
    reader: str | None = None,
) -> dict[str, bool]:
    """Whether each group's figure for `column` may be shown on one municipality's pages
    (rules 1-5 of the module doc, in that order). `own`, `nation` and each of `groups`
    (the province's, "province", and the class's, "class"; None where the municipality has
    no such group) as in `may_show`; `members`: each group's respondents, the municipality
    among them (None likewise); `answered`: the respondents that answered `column`;
    `respondents`: how many responded; `earlier`: the figures of earlier years on the
    same pages, decided before and kept as they were (those shown, and those whose †
    could depend on the answers); `reader`: the municipality whose pages these are
    (needed with `earlier`)."""
    q, col, earlier = question, column, list(earlier)
    if earlier and reader is None:
        raise ValueError("decide: the figures of earlier years need the reader")
    shown = {}
    for scope, group in groups.items():
        ok = group is not None and may_show(q, col, own, group)  # rules 1 and 2
        ok = ok and may_show_beside(q, col, nation, group)  # rule 3, the country
        ok = ok and plausible(q, col, own, nation, len(members[scope]) - 1, respondents - 1)
        for past in earlier:  # rule 3, a year apart: the others only, both years
            if not (ok and past.scope == scope):
                continue
            # the reader knows its own answers, which may differ between the years or be
            # missing in one: left out of both sides, the difference is the others'
            now, then = (members[scope] & answered) - {reader}, past.answered_then - {reader}
            if not past.shown:  # rule 5 a year apart: beside that †, this figure would
                # tell what made it, if those in both years answered alike both times
                ok = not (then and (now <= then or then <= now))  # none answered: nothing
            elif _nested(now, then):
                mine = _others_counts(q, col, own, group)
                theirs = _others_counts(q, col, past.own, past.counts)
                whole, part = (mine, theirs) if then < now else (theirs, mine)
                ok = may_show_beside(q, col, whole, part)
        shown[scope] = ok
    if shown.get("province") and shown.get("class"):  # rule 3, the class and the province
        a, b = members["province"] & answered, members["class"] & answered
        if _nested(a, b):
            whole, part = ("class", "province") if a < b else ("province", "class")
            shown["class"] = may_show_beside(q, col, groups[whole], groups[part])
        shown["class"] = shown["class"] and not tells_a_part(
            q, col, own, nation, groups, members, respondents
        )
    if None not in members.values() and sum(shown.values()) == 1:  # rule 5
        hidden, seen = sorted(shown, key=shown.get)
        size = len(members[hidden]) - 1
        if telling(q, col, own, nation, size, respondents - 1):
            shown[seen] = False  # its † depends on the answers: both go
        elif size < MIN_OTHERS and plausible(q, col, own, nation, size, respondents - 1):
            # its † follows from its size: the shown figure must not pin its others
            both = len(members[hidden] & members[seen])
            sizes = Overlap(
                both=both - 1,
                hidden=len(members[hidden]) - both,
                shown=len(members[seen]) - both,
                rest=respondents - len(members[hidden] | members[seen]),
            )
            shown[seen] = not pins(
                q, headline(q, col, own, nation), headline(q, col, own, groups[seen]), sizes
            )
    return shown


def together(
    question: codebook.Question,
    shown: Mapping[str, Mapping[str, bool]],
    told: Callable[[str, str], bool],
) -> dict[str, dict[str, bool]]:
    """Rule 6: the options of a multiple-choice question with an exclusive option (codebook
    `exclusive`, "Geen": ticked only where no other is) are read together. A group's
    shown "geen" caps what its others can have ticked elsewhere, and a shown option
    rules out that they all ticked "geen", so a † that leaves "all" and "none" open
    alone may leave one of them beside them. So where any option's group figure is
    suppressed and its † could tell something (`told(column, scope)`, as `telling`
    decides; asked only of suppressed figures), the question shows no group figure at
    all, of either group (as rule 5). `shown`: per option column, `decide`'s decision;
    any other question is returned as it is."""
    out = {column: dict(scopes) for column, scopes in shown.items()}
    if question.type != "multiple" or not any(o.exclusive for o in question.options):
        return out
    if any(
        not ok and told(column, scope) for column, s in shown.items() for scope, ok in s.items()
    ):
        for scopes in out.values():
            scopes.update(dict.fromkeys(scopes, False))
    return out


def after_the_lead(shown: Mapping[str, bool], lead: Mapping[str, bool]) -> dict[str, bool]:
    """A follow-up's group figures (`shown`, per group) only where those of the question
    it follows (`lead`) are shown: the follow-up's base is how many of the group were
    asked, which gives the suppressed figure of that question back (Borsele, 2023: the
    home visits of Zeeland, suppressed by rule 3 a year apart, were in the base of who
    makes them, 8 of 9)."""
    return {scope: ok and lead.get(scope, False) for scope, ok in shown.items()}


def note(*groupings: Grouping) -> str:
    """The rules as a footnote says them, for figures of `groupings`: one note for both
    groups where a page has both (the rules are the same)."""
    if not groupings or len(set(groupings)) < len(groupings):
        raise ValueError(f"one or two different groupings, not {groupings}")
    figure = " of ".join(g.figure for g in groupings)
    # "andere gemeenten uit de provincie of met dezelfde stedelijkheid"
    common = os.path.commonprefix([g.others for g in groupings]).rpartition(" ")[0] + " "
    others = common + " of ".join(g.others.removeprefix(common) for g in groupings)
    # rule 1 and 2 in words; the rest (the split into the headline answer and the others,
    # a follow-up's question, differences and omissions) as what they prevent: a reader
    # of the footnote asked for one sentence, not each rule
    return (
        f"{SUPPRESSED} {NOT_SHOWN}: {figure} staat er alleen als minstens "
        f"{MIN_OTHERS} {others} de vraag beantwoordden, en niet als {ALL_ALIKE}. Een cijfer "
        "ontbreekt ook waar u anders, met een ander cijfer (het landelijke, dat van de "
        "andere groep, dat van een eerder jaar of dat van een ander antwoord op de vraag), "
        "zou kunnen afleiden wat die gemeenten antwoordden."
    )
