"""Disclosure control (helpers.disclosure) on groups made up here: the two rules at their
boundaries, on the whole distribution, the headline split and the question a follow-up
follows, with the municipality's own answer never counted among the others.

The factsheets' and the monitor's tests check the same rules on the shipped data
(test_factsheet.py, test_monitor.py, each writing them out again)."""

from __future__ import annotations

import pytest

from helpers import disclosure
from helpers.data import codebook

# five answers, of which 1 and 2 are the headline ("ja, ...")
SCALE = codebook.load().questions["monitoring_evaluatie"]
# who makes the home visits: one column per option, asked only where there are visits
FOLLOW_UP = codebook.load().questions["huisbezoek_uitvoerders"]


def _scale(counts: dict) -> dict:
    return {(SCALE.id, c): counts.get(c, 0) for c in (1, 2, 3, 4, 5)}


def test_disclosable_at_its_boundaries():
    assert disclosure.disclosable([4, 1]) and disclosure.disclosable([1, 1, 3])
    assert not disclosure.disclosable([5, 0]) and not disclosure.disclosable([2, 2])
    assert not disclosure.disclosable([0, 0, 6])


def test_the_municipality_itself_is_not_counted():
    """Six in the group answered, the municipality among them: five others are enough,
    four are not."""
    group = _scale({1: 2, 3: 2, 4: 2})
    assert disclosure.may_show(SCALE, SCALE.id, {SCALE.id: 4}, group)
    assert disclosure.may_show(SCALE, SCALE.id, {SCALE.id: None}, group)  # did not answer
    fewer = _scale({1: 2, 3: 1, 4: 2})  # five answered, the municipality among them
    assert not disclosure.may_show(SCALE, SCALE.id, {SCALE.id: 4}, fewer)
    assert disclosure.may_show(SCALE, SCALE.id, {SCALE.id: None}, fewer)


def test_others_all_alike_are_not_shown():
    """The municipality answered otherwise, but every other one gave the same answer."""
    group = _scale({1: 6, 3: 1})
    assert not disclosure.may_show(SCALE, SCALE.id, {SCALE.id: 3}, group)
    assert disclosure.may_show(SCALE, SCALE.id, {SCALE.id: 1}, group)  # then one differs


def test_the_headline_split_must_pass_too():
    """The others differ, but all gave a headline answer (1 or 2): "100% ja" would tell."""
    assert SCALE.headline == (1, 2)
    all_yes = _scale({1: 3, 2: 3})
    assert disclosure.disclosable([3, 3])  # the whole distribution alone would pass
    assert not disclosure.may_show(SCALE, SCALE.id, {SCALE.id: None}, all_yes)
    none_yes = _scale({3: 2, 4: 2, 5: 2})
    assert not disclosure.may_show(SCALE, SCALE.id, {SCALE.id: None}, none_yes)
    assert disclosure.may_show(SCALE, SCALE.id, {SCALE.id: None}, _scale({1: 3, 4: 3}))


def test_a_follow_up_needs_the_split_of_the_question_it_follows():
    """Who visits is asked only where there are home visits: when every other municipality
    has them, the follow-up's base would tell, so it is hidden, however its own answers
    differ; when the others differ on the first question, it is shown."""
    first = FOLLOW_UP.asked_if["question"]
    column = f"{FOLLOW_UP.id}_{FOLLOW_UP.items(2023)[0].code}"
    visits = {(column, 1): 3, (column, 0): 3}  # six answered who visits: 1 (ticked), 0 (not)
    own = {column: None, first: 2}  # the municipality has no home visits
    everyone = visits | {(first, 1): 6, (first, 2): 1}
    assert not disclosure.may_show(FOLLOW_UP, column, own, everyone)
    some = visits | {(first, 1): 6, (first, 2): 3}
    assert disclosure.may_show(FOLLOW_UP, column, own, some)
    # with home visits of its own, one other has none: the same counts may be shown
    assert disclosure.may_show(
        FOLLOW_UP, column, {column: 1, first: 1}, everyone | {(column, 1): 4}
    )


def test_the_grouping_is_the_callers():
    """The same municipality and answers, two groups (the province, and another grouping
    such as municipalities of the same size): each decides by its own counts."""
    own = {SCALE.id: 1}
    province = _scale({1: 3, 3: 3})
    peers = _scale({1: 5, 3: 0})
    assert disclosure.may_show(SCALE, SCALE.id, own, province)
    assert not disclosure.may_show(SCALE, SCALE.id, own, peers)


def test_the_note_says_the_rules_for_the_grouping():
    note = disclosure.note(disclosure.PROVINCE)
    assert note == (
        "† niet getoond: een provinciaal cijfer staat er alleen als minstens 5 andere "
        "gemeenten uit de provincie de vraag beantwoordden, en niet als zij allemaal hetzelfde "
        "antwoord gaven. Een cijfer ontbreekt ook waar u anders, met een ander cijfer (het "
        "landelijke, dat van de andere groep, dat van een eerder jaar of dat van een ander "
        "antwoord op de vraag), zou kunnen afleiden wat die gemeenten antwoordden."
    )
    assert note.startswith(f"{disclosure.SUPPRESSED} {disclosure.NOT_SHOWN}: ")
    assert (disclosure.MIN_OTHERS, disclosure.MIN_DISTINCT) == (5, 2)  # as the note says
    both = disclosure.note(disclosure.PROVINCE, disclosure.CLASS)
    assert both.startswith(
        "† niet getoond: een provinciaal cijfer of een cijfer van vergelijkbare gemeenten "
        "staat er alleen als minstens 5 andere gemeenten uit de provincie of met dezelfde "
        "stedelijkheid de vraag beantwoordden"
    )
    for wrong in ((), (disclosure.PROVINCE, disclosure.PROVINCE)):
        with pytest.raises(ValueError):
            disclosure.note(*wrong)
    other = disclosure.CLASS
    assert (
        disclosure.note(other)
        .replace(other.figure, disclosure.PROVINCE.figure)
        .replace(other.others, disclosure.PROVINCE.others)
        == note
    )


def test_a_difference_of_two_figures_is_a_group_too():
    """Rule 3: the country minus a province where every one outside it said no; the
    difference of two years whose common members did not answer alike reveals nothing."""
    nation = _scale({1: 3, 3: 150})
    province = _scale({1: 3, 3: 20})
    assert disclosure.may_show(SCALE, SCALE.id, {SCALE.id: 1}, province)  # alone: fine
    assert not disclosure.may_show_beside(SCALE, SCALE.id, nation, province)  # 130 all "3"
    assert disclosure.may_show_beside(SCALE, SCALE.id, _scale({1: 6, 3: 150}), province)
    newcomer = _scale({1: 3, 3: 21})  # a year later: one more, who said "3"
    assert not disclosure.may_show_beside(SCALE, SCALE.id, newcomer, province)
    changed = _scale({1: 2, 3: 22})  # one of the others changed its answer: negative
    assert disclosure.may_show_beside(SCALE, SCALE.id, changed, province)


def test_a_suppression_must_leave_the_answer_open():
    """Rule 4: six others, and only 4 of the country's 173 others said anything but the
    headline answer. A † may mean that all six gave it, or that the 4 are all among them
    and the rest of the country all agree (rule 3): two readings, so it may be shown.
    For a follow-up, whose base the question it follows may give away, both "all" and
    "none" must stay possible: there 4 are too few."""
    alone = disclosure.Overlap(both=0, hidden=6, shown=0, rest=167)
    assert disclosure.outcomes((169, 173), alone) == {"all", "some"}
    assert disclosure.outcomes((167, 173), alone) == {"all", "none"}
    # six others in a country of six, all of whom said "ja": one reading only
    assert disclosure.outcomes((6, 6), disclosure.Overlap(0, 6, 0, 0)) == {"all"}
    own = {SCALE.id: 1}
    nation = _scale({1: 170, 3: 4})  # the municipality's own "1" not counted: 169 and 4
    assert disclosure.plausible(SCALE, SCALE.id, own, nation, 6, 173)
    column = f"{FOLLOW_UP.id}_{FOLLOW_UP.items(2023)[0].code}"
    follow = {(column, c): n for c, n in ((1, 170), (0, 4))}
    assert not disclosure.plausible(FOLLOW_UP, column, {column: 1}, follow, 6, 173)
    follow = {(column, c): n for c, n in ((1, 100), (0, 74))}
    assert disclosure.plausible(FOLLOW_UP, column, {column: 1}, follow, 6, 173)


def test_a_shown_figure_must_not_tell_what_the_suppressed_one_hides():
    """Rule 5 (Delft): the class's 9 others all said "wel" or all "niet"; the province,
    with 4 of them among its 17 others, shows one "niet": they cannot all have said
    "niet". Had it shown 5 "niet", it would leave both open."""
    sizes = disclosure.Overlap(both=4, hidden=5, shown=13, rest=151)
    assert disclosure.outcomes((157, 173), sizes, shown=(16, 17)) == {"all"}
    assert disclosure.pins(SCALE, (157, 173), (16, 17), sizes)
    assert not disclosure.pins(SCALE, (157, 173), (12, 17), sizes)
    assert disclosure.pins(FOLLOW_UP, (157, 173), (12, 17), sizes)  # a follow-up: always


# --- decide: the rules together, on the groups of one municipality's pages -------------

EVERYONE = [f"GM{i:04d}" for i in range(40)]  # the respondents; the reader is the first
PROVINCE = frozenset(EVERYONE[:10])
CLASS = frozenset(EVERYONE[:15])  # the province lies within the class


def _counts(answers: dict, members) -> dict:
    return _scale({c: sum(answers[m] == c for m in members) for c in (1, 2, 3, 4, 5)})


def _decide(answers: dict, earlier=(), province=PROVINCE, klasse=CLASS, reader=EVERYONE[0]) -> dict:
    """`decide` for the reader EVERYONE[0]; `klasse` None: a year without classes."""
    return disclosure.decide(
        SCALE,
        SCALE.id,
        {SCALE.id: answers[EVERYONE[0]]},
        _counts(answers, EVERYONE),
        {
            "province": _counts(answers, province),
            "class": None if klasse is None else _counts(answers, klasse),
        },
        {"province": province, "class": klasse},
        frozenset(EVERYONE),
        len(EVERYONE),
        earlier,
        reader=reader,
    )


def _earlier(answers: dict, then, shown: bool = True) -> disclosure.Earlier:
    """Last year's province figure on the reader's pages: `then` answered, as `answers`
    (the reader, EVERYONE[0], among them)."""
    return disclosure.Earlier(
        scope="province",
        answered_then=frozenset(then),
        counts=_counts(answers, then),
        own={SCALE.id: answers[EVERYONE[0]]},
        shown=shown,
    )


def test_decide_shows_groups_whose_figures_tell_nothing():
    answers = {m: (1, 3, 4, 2, 5)[i % 5] for i, m in enumerate(EVERYONE)}
    assert _decide(answers) == {"province": True, "class": True}


def test_decide_hides_the_class_that_gives_away_the_rest_beside_the_province():
    """Rule 3: the five of the class outside the province all said 1, which the class
    figure minus the province figure would tell. The class goes, and (rule 5) the
    province with it: beside the province's figure, the class's † could only mean that
    those five gave one answer."""
    answers = {m: (1, 3, 4, 2, 5)[i % 5] for i, m in enumerate(EVERYONE)}
    answers |= {m: 1 for m in sorted(CLASS - PROVINCE)}
    assert disclosure.may_show(SCALE, SCALE.id, {SCALE.id: 1}, _counts(answers, CLASS))
    assert _decide(answers) == {"province": False, "class": False}


def test_decide_hides_both_where_a_suppression_depends_on_the_answers():
    """Rule 5: the province's nine others all said 1 (rule 2), so its figure goes; the
    class's figure alone would pass, but beside the province's † a reader who tries every
    answer the nine might have given finds the † only where they all gave one. Both go."""
    province, klasse = frozenset(EVERYONE[:10]), frozenset(EVERYONE[5:25] + EVERYONE[:1])
    answers = {m: (1, 3, 4, 2, 5)[i % 5] for i, m in enumerate(EVERYONE)}
    answers |= {m: 1 for m in province}
    counts = _counts(answers, klasse)
    assert disclosure.may_show(SCALE, SCALE.id, {SCALE.id: 1}, counts)
    assert _decide(answers, province=province, klasse=klasse) == {
        "province": False,
        "class": False,
    }


def test_decide_keeps_the_other_figure_where_a_suppression_follows_from_the_size():
    """Rule 5: a province of four respondents (three others, as the map shows) is
    suppressed whatever they answered, so its † tells nothing, and the class's figure,
    which does not pin the three, stays."""
    province = frozenset(EVERYONE[:4])
    answers = {m: (1, 3, 4, 2, 5)[i % 5] for i, m in enumerate(EVERYONE)}
    assert _decide(answers, province=province) == {"province": False, "class": True}


def test_decide_keeps_an_earlier_figure_and_hides_this_year_s_beside_it():
    """Rule 3 a year apart: last year's province figure, shown, counted eight of this
    year's ten; with both, the two newcomers' answers would be told."""
    answers = {m: (1, 3, 4, 2, 5)[i % 5] for i, m in enumerate(EVERYONE)}
    earlier = [_earlier(answers, EVERYONE[:8])]
    assert _decide(answers)["province"] is True
    assert _decide(answers, earlier)["province"] is False


def test_a_year_apart_the_reader_s_own_changed_answer_does_not_hide_the_newcomer():
    """Rule 3 a year apart, of the others only (Sluis, 2023, a toolkit of the programme):
    last year the reader said 1, this year 2, and the one newcomer said 2 too. Counted
    with the reader, this year's figure minus last year's is -1 for answer 1, which looks
    like municipalities that changed their answers and tells nothing; but the reader
    knows its own change, takes it out, and is left with the newcomer's answer."""
    province = frozenset(EVERYONE[:9])  # last year EVERYONE[:8]: EVERYONE[8] is new
    answers = {m: (1, 3, 4, 2, 5)[i % 5] for i, m in enumerate(EVERYONE)}
    answers |= {EVERYONE[0]: 2, EVERYONE[8]: 2}
    last_year = answers | {EVERYONE[0]: 1}
    assert _decide(answers, province=province)["province"] is True
    earlier = [_earlier(last_year, EVERYONE[:8])]
    assert _decide(answers, earlier, province=province)["province"] is False
    # the two figures with the reader in: -1 for answer 1, "nothing follows"
    whole, part = _counts(answers, province), earlier[0].counts
    assert disclosure.may_show_beside(SCALE, SCALE.id, whole, part)


def test_a_year_apart_the_reader_s_missing_answer_does_not_hide_the_newcomers():
    """Rule 3 a year apart, of the others only: last year the reader did not answer, this
    year it said 3, and four newcomers all said 2. Counted with the reader, the difference
    (five, two answers) passes the rules; of the others it is the four newcomers, all
    alike."""
    province = frozenset(EVERYONE[:13])
    answers = {m: (1, 3, 4, 2, 5)[i % 5] for i, m in enumerate(EVERYONE)}
    answers |= {EVERYONE[0]: 3} | dict.fromkeys(EVERYONE[9:13], 2)
    last_year = answers | {EVERYONE[0]: None}
    earlier = [_earlier(last_year, EVERYONE[1:9])]
    assert _decide(answers, province=province, klasse=None)["province"] is True
    assert _decide(answers, earlier, province=province, klasse=None)["province"] is False
    with_reader = _counts(answers, province)  # the reader's 3 beside the newcomers' 2s
    assert disclosure.may_show_beside(SCALE, SCALE.id, with_reader, earlier[0].counts)


def test_a_year_apart_the_same_others_with_the_reader_s_answer_changed_stay_shown():
    """Nobody joined or left; only the reader changed its answer: the difference of the
    others is empty, and both years' figures stay."""
    answers = {m: (1, 3, 4, 2, 5)[i % 5] for i, m in enumerate(EVERYONE)}
    last_year = answers | {EVERYONE[0]: 5}
    assert _decide(answers, [_earlier(last_year, PROVINCE)])["province"] is True


def test_a_year_apart_a_figure_beside_a_telling_dagger_over_the_same_others_goes():
    """Rule 5 a year apart: last year Zeeland's seven others all said 1, so its figure was
    suppressed (rule 2, a † that depends on the answers). This year the same seven and a
    newcomer answered: shown, the figure would give the seven's answer back to a reader
    who assumes they answered alike both years (the newcomer's is the one left over).
    It goes, and (rule 5, which does not ask why a † of a group this large is there) the
    class's figure with it. The same where the others are those of last year or some of
    them."""
    province = frozenset(EVERYONE[:9])
    answers = {m: (1, 3, 4, 2, 5)[i % 5] for i, m in enumerate(EVERYONE)}
    last_year = answers | dict.fromkeys(EVERYONE[1:8], 1)
    suppressed = _earlier(last_year, EVERYONE[:8], shown=False)
    assert _decide(answers, province=province) == {"province": True, "class": True}
    assert _decide(answers, [suppressed], province=province) == {
        "province": False,
        "class": False,
    }
    # the same others, or some of them (one left): it goes too
    for then in (EVERYONE[:9], EVERYONE[:7]):
        held = {m: answers[m] for m in EVERYONE[1:9]} | dict.fromkeys(EVERYONE[1:7], 1)
        same = _earlier(answers | held, then, shown=False)
        assert _decide(answers, [same], province=province)["province"] is False
    # nobody of the group answered then: nothing to give back
    assert _decide(answers, [_earlier(answers, EVERYONE[:1], False)], province=province)["province"]
    # not covered (module doc): one left and one came, neither within the other
    elsewhere = [*EVERYONE[:1], *EVERYONE[2:8], EVERYONE[30]]
    apart = _earlier(last_year, elsewhere, shown=False)
    assert _decide(answers, [apart], province=province)["province"] is True


def test_earlier_figures_need_the_reader():
    answers = {m: (1, 3, 4, 2, 5)[i % 5] for i, m in enumerate(EVERYONE)}
    with pytest.raises(ValueError, match="need the reader"):
        _decide(answers, [_earlier(answers, EVERYONE[:8])], reader=None)


def test_decide_without_a_class_decides_the_province_alone():
    """A year without CBS classes: no class figure, and rule 5 has no pair to weigh."""
    answers = {m: (1, 3, 4, 2, 5)[i % 5] for i, m in enumerate(EVERYONE)}
    assert _decide(answers, klasse=None) == {"province": True, "class": False}


# --- two groups that overlap, and the options of one question read together ------------

SERVICES = codebook.load().questions["producten_diensten"]  # 1 ingezet, 2 bekend, 3 onbekend
SERVICE = "producten_diensten_adviseurs"


def _service_counts(answers: dict, members) -> dict:
    return {(SERVICE, c): sum(answers.get(m) == c for m in members) for c in (1, 2, 3)}


def _parts(answers: dict, in_both: int = 4):
    """Veere's case: the reader (own answer 2) and `in_both` others in both groups, five
    in the province only, twenty in the class only, and ten in neither."""
    reader, both = ["R"], [f"B{i}" for i in range(in_both)]
    province = frozenset(reader + both + [f"P{i}" for i in range(5)])
    klasse = frozenset(reader + both + [f"C{i}" for i in range(20)])
    everyone = province | klasse | {f"N{i}" for i in range(10)}
    return disclosure.tells_a_part(
        SERVICES,
        SERVICE,
        {SERVICE: answers["R"]},
        _service_counts(answers, everyone),
        {"province": _service_counts(answers, province), "class": _service_counts(answers, klasse)},
        {"province": province, "class": klasse},
        len(everyone),
    )


def _mixed(answers: dict) -> dict:
    answers |= {f"P{i}": (1, 2, 3)[i % 3] for i in range(5)}
    answers |= {f"C{i}": (1, 2, 3)[i % 3] for i in range(20)}
    return answers | {f"N{i}": (1, 2, 3)[i % 3] for i in range(10)}


def test_two_overlapping_figures_must_not_leave_a_part_one_answer():
    """Rule 3 on the parts: no other in the class said 2, no other in the province said
    3, so the four in both said 1, though each figure alone passes rules 1 and 2."""
    answers = _mixed({"R": 2} | {f"B{i}": 1 for i in range(4)})
    answers |= {f"P{i}": (1, 2)[i % 2] for i in range(5)}
    answers |= {f"C{i}": (1, 3)[i % 2] for i in range(20)}
    assert _parts(answers)
    answers["C0"] = 2  # now one in the class said 2: the four may have too
    assert not _parts(answers)


def test_the_bases_count_as_an_answer():
    """Emmen's case: the one municipality of the country that left the question blank
    is in both groups (each base is one short), and it is the only other one there."""
    assert _parts(_mixed({"R": 2, "B0": None}), in_both=1)
    # with three more in both, the blank one is not told
    assert not _parts(_mixed({"R": 2, "B0": None, "B1": 1, "B2": 2, "B3": 3}))


COMMITMENT = codebook.load().questions["bestuurlijk_commitment"]  # "geen" is exclusive


def test_the_options_of_a_question_with_geen_go_together():
    """Rule 6: one option's † that could tell something takes every group figure of the
    question; a † that tells nothing (rule 4, or a small group) does not, and a question
    without an exclusive option is left as it is."""
    columns = [f"bestuurlijk_commitment_{o.code}" for o in COMMITMENT.options]
    assert [o.exclusive for o in COMMITMENT.options] == [False, False, False, True]
    shown = {c: {"province": True, "class": True} for c in columns}
    shown[columns[0]] = {"province": False, "class": True}
    gone = disclosure.together(COMMITMENT, shown, lambda column, scope: True)
    assert not any(ok for scopes in gone.values() for ok in scopes.values())
    assert disclosure.together(COMMITMENT, shown, lambda column, scope: False) == shown
    challenges = codebook.load().questions["uitdagingen"]
    assert not any(o.exclusive for o in challenges.options)
    assert disclosure.together(challenges, shown, lambda column, scope: True) == shown


def _tells(question, answers: dict, province: list, klasse: list) -> bool:
    """tells_a_part for the reader "R" (in both groups) of `answers` (member -> code,
    None: no answer), one column: the question's id."""
    col = question.id
    codes = [c for c, _ in codebook.load().answers(question)]

    def counts(members) -> dict:
        return {(col, c): sum(answers[m] == c for m in members) for c in codes}

    province, klasse = frozenset(["R", *province]), frozenset(["R", *klasse])
    return disclosure.tells_a_part(
        question,
        col,
        {col: answers["R"]},
        counts(answers),
        {"province": counts(province), "class": counts(klasse)},
        {"province": province, "class": klasse},
        len(answers),
    )


def test_a_part_that_all_gave_the_headline_answer_is_told():
    """The six in both groups can only have said 1 or 2, the headline answers ("(helemaal)
    mee eens"), though neither 1 nor 2 alone is fixed."""
    both = {f"B{i}": (1, 2)[i % 2] for i in range(6)}
    province = {f"P{i}": (4, 1, 2, 1, 2)[i] for i in range(5)}
    klasse = {f"C{i}": (5, 1, 2, 1, 2)[i] for i in range(5)}
    rest = {f"N{i}": (1, 2, 3, 4, 5)[i % 5] for i in range(20)}
    answers = {"R": 3} | both | province | klasse | rest
    assert _tells(SCALE, answers, [*both, *province], [*both, *klasse])
    answers["P1"] = 3  # a 3 in the province only: one of the six may have said 3 too
    answers["C1"] = 3
    assert not _tells(SCALE, answers, [*both, *province], [*both, *klasse])


def test_each_part_is_checked():
    """Disjoint groups (only the reader in both): nobody outside them said 2 or 3 in the
    national figure, so the rest all said 1; and a part of three whose counts the figures
    fix fails rules 1 and 2 like any group."""
    province = {f"P{i}": (1, 2, 3)[i % 3] for i in range(6)}
    klasse = {f"C{i}": (1, 2, 3)[i % 3] for i in range(6)}
    rest = {f"N{i}": 1 for i in range(10)}
    answers = {"R": 1} | province | klasse | rest
    assert _tells(SERVICES, answers, list(province), list(klasse))
    answers["N0"] = 2
    assert not _tells(SERVICES, answers, list(province), list(klasse))
    # the province within the class: the three in the class only, counts fixed, too few
    both = {f"B{i}": (1, 2, 3)[i % 3] for i in range(6)}
    only = {f"C{i}": (1, 2, 1)[i] for i in range(3)}
    answers = {"R": 1} | both | only | {f"N{i}": (1, 2, 3)[i % 3] for i in range(12)}
    assert _tells(SERVICES, answers, list(both), [*both, *only])


def test_a_follow_up_is_shown_only_beside_the_question_it_follows():
    """Its base is how many of the group were asked: it would give the other back."""
    shown = {"province": True, "class": True}
    assert disclosure.after_the_lead(shown, {"province": False, "class": True}) == {
        "province": False,
        "class": True,
    }
    assert disclosure.after_the_lead(shown, shown) == shown
