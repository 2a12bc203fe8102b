"""The editorial thresholds (helpers.report.text.thresholds) and the one scale that grades
every change, at their boundaries."""

import ast
import dataclasses
import inspect

import pytest

from helpers.report.text import changes, phrasing, thresholds
from helpers.report.text.respons import response_rate_sentence
from helpers.report.text.thresholds import EDITORIAL, Grade, grade, sign, trend


@pytest.mark.parametrize(
    "change, expected",
    [
        (0, Grade.SAME),
        (0.49, Grade.SAME),
        (-0.49, Grade.SAME),
        (0.5, Grade.ALMOST_SAME),  # rounds half up to 1 point
        (-0.5, Grade.ALMOST_SAME),  # and away from zero below it
        (2.49, Grade.ALMOST_SAME),
        (2.5, Grade.SLIGHT),
        (-4.49, Grade.SLIGHT),
        (4.5, Grade.PLAIN),
        (9.49, Grade.PLAIN),
        (-9.5, Grade.LARGE),
        (40, Grade.LARGE),
    ],
)
def test_grade_boundaries(change, expected):
    assert grade(change) == expected


@pytest.mark.parametrize(
    "change, verb, judged",
    [
        (0.49, 0, 0),
        (0.5, 1, 0),  # "met 1%-punt gestegen", but "vrijwel gelijk" without the amount
        (-2.49, -1, 0),
        (2.5, 1, 1),
        (-2.5, -1, -1),
        (-12, -1, -1),
    ],
)
def test_two_readings_of_one_scale(change, verb, judged):
    assert sign(change) == verb
    assert trend(change) == judged
    assert changes.rose(change) == (judged > 0) and changes.fell(change) == (judged < 0)
    assert changes.is_stable(change) == (judged == 0)


def test_trend_of_no_change_is_nothing():
    assert trend(None) == 0
    assert not changes.rose(None) and not changes.fell(None) and not changes.is_stable(None)


def test_every_change_sentence_uses_the_same_grade():
    """The verb next to an amount and the graded words never contradict each other."""
    for tenths in range(-160, 161):
        change = tenths / 10
        verb = changes.change_phrase(change)
        words = changes.change_words(change)
        assert (verb == "gelijk gebleven") == (grade(change) == Grade.SAME), change
        if grade(change) >= EDITORIAL.moved_from:
            assert words.endswith(verb), change
        else:
            assert words.endswith("gelijk gebleven"), change


def test_grade_bounds_are_a_ladder():
    bounds = [b for b, _ in EDITORIAL.change_grades]
    assert bounds == sorted(bounds, reverse=True) and bounds[-1] == 0
    assert [g for _, g in EDITORIAL.change_grades] == sorted(Grade, reverse=True)
    assert EDITORIAL.moved_from in Grade


@pytest.mark.parametrize("name", ["quantity", "frequency"])
def test_word_ladders_descend_to_zero(name):
    ladder = getattr(EDITORIAL, name)
    bounds = [b for b, _ in ladder]
    assert bounds == sorted(set(bounds), reverse=True) and bounds[-1] == 0


@pytest.mark.parametrize(
    "pct, words",
    [
        (99.5, "alle gemeenten"),
        (99.49, "vrijwel alle gemeenten"),
        (94.5, "vrijwel alle gemeenten"),
        (91, "een zeer groot deel van de gemeenten"),
        (63, "een groot deel van de gemeenten"),
        (50.5, "ruim de helft van de gemeenten"),
        (50.49, "de helft van de gemeenten"),
        (49.5, "de helft van de gemeenten"),
        (49.49, "bijna de helft van de gemeenten"),
        (5.5, "een klein deel van de gemeenten"),
        (5.49, "vrijwel geen van de gemeenten"),
        (0.49, "geen van de gemeenten"),
    ],
)
def test_quantity_boundaries(pct, words):
    assert phrasing.quantity_phrase(pct) == words


@pytest.mark.parametrize(
    "pct, word", [(99.5, "altijd"), (74.5, "meestal"), (74.49, "vaak"), (19.49, "zelden")]
)
def test_frequency_boundaries(pct, word):
    assert phrasing.frequency_word(pct) == word


@pytest.mark.parametrize(
    "pct, words",
    [(47.0, "ongeveer de helft"), (46.9, None), (78.0, "zo'n driekwart"), (78.1, None)],
)
def test_fraction_tolerance(pct, words):
    assert EDITORIAL.fraction_tolerance == 3.0
    assert phrasing.fraction_phrase(pct) == words


def test_around_spread():
    assert phrasing.around_phrase([87, 93]) == "rond de 90%"
    assert phrasing.around_phrase([86, 93]) is None  # 86 is 4 points from 90


@pytest.mark.parametrize(
    "now, before, opening",
    [
        (60, 60, "De response rate is net als vorig jaar hoog."),
        (59.49, 61, "De response rate is vergelijkbaar met vorig jaar."),  # 59%: not high
        (62.49, 60, "De response rate is net als vorig jaar hoog."),  # 2 points: stable
        (62.5, 60, "De response rate is net als vorig jaar hoog, en ligt hoger."),
        (50, 62.5, "De response rate is lager dan vorig jaar."),
    ],
)
def test_response_rate_boundaries(now, before, opening):
    assert response_rate_sentence(now, before) == opening


def test_every_threshold_is_documented():
    """Each field of the table is followed by its docstring (the editorial choice)."""
    tree = ast.parse(inspect.getsource(thresholds.Editorial))
    body = tree.body[0].body
    documented = {
        stmt.target.id
        for stmt, after in zip(body, body[1:], strict=False)
        if isinstance(stmt, ast.AnnAssign)
        and isinstance(after, ast.Expr)
        and isinstance(after.value, ast.Constant)
        and isinstance(after.value.value, str)
    }
    fields = {f.name for f in dataclasses.fields(thresholds.Editorial)}
    assert fields == documented, fields - documented
