"""A suppressed group figure (†) does not tell what the group answered (docs/disclosure.md;
rules 4 and 5 of helpers.disclosure).

A reader of one municipality's pages sees, per answer column, the national figure, its
own answer and the group figures that are shown (headline count and base), and knows
who responded and every respondent's province and class (the report's map, CBS). Where
a group figure is suppressed, the reader can reason back: which answers of the group's
other municipalities fit everything it sees and make the rules suppress that figure?
When they all have the group's others give the headline answer (or all not give it),
the † has told the reader every neighbour's answer.

This test reasons so by brute force, for every respondent of YEAR, every answer column
and every suppressed group figure: it tries every split of the other respondents into
those in both groups, in the suppressed group only, in the shown group only and in
neither (sizes from the responses), how many of each answered and how many of those gave
the headline answer, keeps the splits that agree with the national figure, the other
group's figure where shown and, for a follow-up, the number of the group asked where the
figure of the question it follows is shown, and in which the suppressed figure fails the
rules (`rules`: at least 5 others, not all alike, the rest of the country likewise, and
rule 4, which the reader can work out), and asserts that what the group answered stays
open. It counts fewer reasons for a † than the rules have (not a follow-up's base, rule 3
between the two groups or a year apart, rule 5), so it is stricter than a reader there;
where both groups are suppressed it lets the other group's answers be anything.

The second test is a reader who also knows the rules, as code: it runs
`disclosure.decide` itself on every answer the neighbours might have given (columns of
two answers that all answered), so it catches what the suppressions of both groups tell
together.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import rules

from helpers import disclosure
from helpers.data import classes
from helpers.municipality import model

pytestmark = [pytest.mark.synthetic_data, pytest.mark.slow]
YEAR = 2023
GROUPS = {"province": "provincienaam", "class": classes.COLUMN}
ONE = ({"all"}, {"none"})  # readings that tell what the group's others answered


def splits(size: int, missing: int) -> np.ndarray:
    """Every (answered, headline) of a part of `size` respondents of which at most
    `missing` did not answer."""
    return np.array([(n, y) for n in range(max(0, size - missing), size + 1) for y in range(n + 1)])


def fails(y, n, nation: tuple[int, int]) -> np.ndarray:
    """Does a group figure with `y` of `n` others giving the headline answer fail rules 1
    to 3 (against the country), on the headline split?"""
    yes, answered = nation

    def disclosable(a, b):
        return (a + b >= rules.MIN_OTHERS) & (a > 0) & (b > 0)

    return ~(disclosable(y, n - y) & disclosable(yes - y, answered - n - (yes - y)))


def readings(nation, sizes: dict, shown, asked, public: bool) -> set[str]:
    """What the suppressed group's others may have answered: "all", "none", "some" gave
    the headline answer, or "nobody" answered, over every split that agrees with what the
    reader sees. `sizes`: others in both groups, the suppressed only, the shown only,
    neither; `shown`: (headline, answered) of the shown group's others, or None;
    `asked`: (least, most) of the suppressed group's others that answered, or None;
    `public`: the figure fails rule 4, whatever the group answered."""
    yes, answered = nation
    missing = sizes["total"] - answered
    if shown is None:  # the other group's answers may be anything: it joins the rest
        part = splits(sizes["both"] + sizes["hidden"], missing)
        n, y = part[:, 0], part[:, 1]
        n_rest, y_rest = answered - n, yes - y
        rest = sizes["shown"] + sizes["rest"]
    else:
        both, hidden = splits(sizes["both"], missing), splits(sizes["hidden"], missing)
        b = np.repeat(both, len(hidden), axis=0)
        h = np.tile(hidden, (len(both), 1))
        n, y = b[:, 0] + h[:, 0], b[:, 1] + h[:, 1]
        n_shown, y_shown = shown[1] - b[:, 0], shown[0] - b[:, 1]
        ok = (0 <= y_shown) & (y_shown <= n_shown) & (n_shown <= sizes["shown"])
        n, y = n[ok], y[ok]
        n_rest, y_rest = answered - n - n_shown[ok], yes - y - y_shown[ok]
        rest = sizes["rest"]
    keep = (0 <= y_rest) & (y_rest <= n_rest) & (n_rest <= rest)
    if asked is not None:
        keep &= (asked[0] <= n) & (n <= asked[1])
    if not public:
        keep &= fails(y, n, nation)
    n, y = n[keep], y[keep]
    found = {
        "nobody": n == 0,
        "none": (n > 0) & (y == 0),
        "all": (n > 0) & (y == n),
        "some": (y > 0) & (y < n),
    }
    return {reading for reading, where in found.items() if where.any()}


def headline(question, counts: dict, own) -> tuple[int, int]:
    """(headline, answered) of a figure's counts ({code: count}) without the reader's own
    answer."""
    positive = tuple(question.positive) or (1,)
    yes = sum(v for c, v in counts.items() if c in positive) - (own in positive)
    return yes, sum(counts.values()) - (own is not None)


def told(code: str, fs: model.Factsheet, frame: pd.DataFrame) -> list[str]:
    """The suppressed group figures on `code`'s page of YEAR whose † tells what the
    group's others answered."""
    units = {u.column: u for u in model.units(YEAR)}
    others = frame.drop(index=code)
    total = len(others)
    inside = {s: others[c] == frame.at[code, c] for s, c in GROUPS.items()}
    counts: dict = {}
    for s in fs.share_records:
        for scope in ("nation", *GROUPS):
            counts.setdefault((s["column"], scope), {})[s["code"]] = s[f"count_{scope}"]
    rows = {r["column"]: r for r in fs.row_records}
    out = []
    for column, r in rows.items():
        unit, own = units[column], r["own_code"]
        q = unit.question
        nation = headline(q, counts[(column, "nation")], own)
        for hidden, seen in (("province", "class"), ("class", "province")):
            if r[f"{hidden}_shown"]:
                continue
            a, b = inside[hidden], inside[seen]
            sizes = {
                "both": int((a & b).sum()),
                "hidden": int((a & ~b).sum()),
                "shown": int((~a & b).sum()),
                "rest": int((~a & ~b).sum()),
                "total": total,
            }
            size = sizes["both"] + sizes["hidden"]
            shown = headline(q, counts[(column, seen)], own) if r[f"{seen}_shown"] else None
            asked = None
            if (cond := q.asked_if) and rows[cond["question"]][f"{hidden}_shown"]:
                first = cond["question"]
                mine = rows[first]["own_code"]
                most = sum(counts[(first, hidden)][c] for c in cond["codes"]) - (
                    mine in cond["codes"]
                )
                everyone = sum(counts[(first, "nation")][c] for c in cond["codes"]) - (
                    mine in cond["codes"]
                )
                asked = (most - (everyone - nation[1]), most)
            public = not rules.plausible(q, nation, size, total - size)
            found = readings(nation, sizes, shown, asked, public)
            # what the figures tell without the † (a national 100%) is not the †'s doing
            if found in ONE and readings(nation, sizes, shown, asked, True) not in ONE:
                out.append(f"{code} {hidden} {column}: {found.pop()} ({size} others)")
    return out


def test_no_suppressed_figure_tells_what_the_group_answered(processed):
    frame = pd.read_parquet(processed / str(YEAR) / "responses.parquet").set_index("gemeentecode")
    assert model.year_data(YEAR, processed).meta["classes"], "no CBS classes for YEAR"
    leaks, suppressed = [], 0
    for code in frame.index:
        fs = model.build(code, YEAR, processed)
        suppressed += sum(not r[f"{s}_shown"] for r in fs.row_records for s in GROUPS)
        leaks += told(code, fs, frame)
    assert suppressed  # the test has something to look at
    assert not leaks, f"{len(leaks)} suppressed figures tell the group's answer, e.g. {leaks[:5]}"


def pinned(data, code: str, unit, page: dict, earlier: list) -> list[str] | None:
    """The parts of `code`'s neighbours (in both groups, the province only, the class
    only) whose answer to `unit` (two answers, asked of all, answered by all) a reader of
    `code`'s page can work out by running the rules themselves (`disclosure.decide`, public
    code) on every answer its neighbours might have given, keeping those that agree with
    the national count (taken as exact) and show or suppress the two group figures as
    the page does (`page`: shown? per group), with the same shown values, beside the
    earlier years' figures its monitor shows (`earlier`, as they were). None where the
    page is not `decide`'s: rule 6 took the question's figures (checked by the caller)."""
    q, col = unit.question, unit.column
    (yes,) = [c for c, _ in model.codebook.load().answers(q) if c in q.headline]
    (no,) = [c for c, _ in model.codebook.load().answers(q) if c not in q.headline]
    answers = data.answers[code]
    own = {col: int(answers[col])}
    nation = {k: v[0] for k, v in data.counts[model.NATIONAL].items()}
    counts = {
        "province": data.counts[answers["provincienaam"]],
        "class": data.class_counts[int(answers[classes.COLUMN])],
    }
    groups = {s: {k: v[0] for k, v in c.items()} for s, c in counts.items()}
    members = {s: data.members(s, answers[column]) for s, column in model.GROUP_COLUMNS.items()}
    n, answered = len(data.responses), data.answered[col]

    def decide(figures):
        return disclosure.decide(q, col, own, nation, figures, members, answered, n, earlier, code)

    seen = decide(groups)
    if seen != page:
        return None
    mine = own[col] == yes
    others = {s: members[s] - {code} for s in members}
    parts = {
        "both": others["province"] & others["class"],
        "province only": others["province"] - others["class"],
        "class only": others["class"] - others["province"],
    }
    rest = n - 1 - len(others["province"] | others["class"])
    total = nation[(col, yes)] - mine  # the others' headline answers
    actual = {s: groups[s][(col, yes)] - mine for s in groups}
    fits, decided = [], {}
    for a in range(len(parts["both"]) + 1):
        for b in range(len(parts["province only"]) + 1):
            for c in range(len(parts["class only"]) + 1):
                world = {"province": a + b, "class": a + c}
                if any(seen[s] and world[s] != actual[s] for s in world):
                    continue
                if not 0 <= total - a - b - c <= rest:
                    continue
                key = tuple(world.values())
                if key not in decided:
                    figures = {
                        s: groups[s]
                        | {
                            (col, yes): world[s] + mine,
                            (col, no): len(others[s]) - world[s] + (not mine),
                        }
                        for s in groups
                    }
                    decided[key] = decide(figures) == seen
                if decided[key]:
                    fits.append((a, b, c))
    truth = tuple(sum(data.answers[m][col] == yes for m in part) for part in parts.values())
    assert truth in fits, (code, col)  # the reader's worlds hold the real one
    return [
        f"{code} {col}: {name} ({len(part)})"
        for i, (name, part) in enumerate(parts.items())
        if part and len({w[i] for w in fits}) == 1 and fits[0][i] in (0, len(part))
    ]


def test_no_two_group_figures_together_tell_a_neighbours_answer(processed):
    """The reader of the module doc, who also knows the rules (the code is public): for
    every respondent of YEAR and every column of two answers that all were asked and all
    answered, no part of its neighbours has one answer in every world that gives its
    page. Before rule 5 suppressed both figures together, † beside † left one answer for
    175 such parts (Noord-Beveland: all 8 others in Zeeland "wel" to the SpUK)."""
    data = model.year_data(YEAR, processed)
    assert data.meta["classes"], "no CBS classes for YEAR"
    units = [
        u
        for u in model.units(YEAR)
        if len(u.codes) == 2
        and not u.question.asked_if
        and len(data.answered[u.column]) == len(data.responses)
    ]
    assert len(units) > 20  # the test has something to look at
    leaks, together = [], 0
    for code in data.responses.index:
        rows = model.build(code, YEAR, processed).rows.set_index("column")
        before = model.shown_before(code, YEAR, processed / str(YEAR))
        for u in units:
            page = {s: bool(rows.loc[u.column, f"{s}_shown"]) for s in GROUPS}
            told = pinned(data, code, u, page, before[u.column])
            if told is None:  # rule 6: no group figure of the question at all
                options = [c for c in rows.index if c.startswith(f"{u.question.id}_")]
                assert any(o.exclusive for o in u.question.options), (code, u.column)
                assert not rows.loc[options, ["province_shown", "class_shown"]].any().any()
                together += 1
                continue
            leaks += told
    assert together  # rule 6 was met, and left nothing of its question
    assert not leaks, f"{len(leaks)} parts of the neighbours told, e.g. {leaks[:5]}"


def test_no_follow_up_base_gives_back_the_question_it_follows(processed):
    """Borsele's case (an attacker's review): a follow-up's group figure, whose base is
    how many of the group were asked, is on no page where the figure of the question it
    follows is suppressed, in any year a 2023 monitor shows."""
    data = model.year_data(YEAR, processed)
    followed = [u for u in model.units(YEAR) if u.question.asked_if]
    assert followed
    for code in data.responses.index:
        for year in model.years_taken_part(code, YEAR, processed):
            rows = model.build(code, year, processed).rows.set_index("column")
            for u in followed:
                lead = u.question.asked_if["question"]
                if u.column in rows.index and lead in rows.index:
                    for s in GROUPS:
                        shown = rows.loc[u.column, f"{s}_shown"]
                        assert not shown or rows.loc[lead, f"{s}_shown"], (code, year, u.column)
