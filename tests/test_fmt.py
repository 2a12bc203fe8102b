"""Dutch number formatting (helpers.report.fmt)."""

import math

import pytest

from helpers.report import fmt
from helpers.report.indicators import Share


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (88.95348837, "89%"),
        (89.0, "89%"),
        (12.5, "13%"),  # half up, not to even
        (0.5, "1%"),
        (100, "100%"),
        (0, "0%"),
        (float("nan"), "–"),
        (None, "–"),
    ],
)
def test_pct(value, expected):
    assert fmt.pct(value) == expected


def test_pct_has_no_space_and_decimal_comma():
    assert fmt.pct(12.46, 1) == "12,5%"
    assert fmt.pct(12.45, 1) == "12,5%"  # half up at the decimal too
    assert " " not in fmt.pct(89) and "\xa0" not in fmt.pct(89)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1234, "1.234"), (1234567, "1.234.567"), (153, "153"), (0, "0"), (2.5, "3")],
)
def test_number(value, expected):
    assert fmt.number(value) == expected


def test_number_with_decimals():
    assert fmt.number(2.25, 1) == "2,3"
    assert fmt.number(1234.5, 1) == "1.234,5"


@pytest.mark.parametrize(
    ("value", "signed", "expected"),
    [
        (6.2, False, "6%-punt"),
        (-6.2, False, "6%-punt"),
        (6.2, True, "+6%-punt"),
        (-5.5, True, "-6%-punt"),  # halves away from zero
        (0.4, True, "0%-punt"),
        (-0.4, True, "0%-punt"),  # no "-0"
        (11, False, "11%-punt"),
    ],
)
def test_pp(value, signed, expected):
    assert fmt.pp(value, signed=signed) == expected


def test_count_pct():
    assert fmt.count_pct(Share(153, 172)) == "153 gemeenten (89%)"
    assert fmt.count_pct(Share(1, 118)) == "1 gemeente (1%)"
    assert fmt.count_pct(Share(1234, 2000), noun="respondenten") == "1.234 respondenten (62%)"


def test_join():
    three = ["ouderen", "mantelzorgers", "jongeren"]
    assert fmt.join(three) == "ouderen, mantelzorgers en jongeren"
    assert fmt.join(["ouderen", "mantelzorgers"]) == "ouderen en mantelzorgers"
    assert fmt.join(["ouderen"]) == "ouderen"
    assert fmt.join(["a", "b", "c"], style="or") == "a, b of c"
    assert fmt.join(x for x in ("a", "b")) == "a en b"


def test_missing_everywhere():
    assert fmt.number(math.nan) == "–"
    assert fmt.pp(math.nan) == "–"
