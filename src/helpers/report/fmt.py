"""Dutch number formatting for report text, figures and tables (Babel, locale nl_NL).

One consistent form, as the report writes it:

    pct(89.0)          -> "89%"        no space before % (Babel's nl pattern "#,##0%")
    pct(12.46, 1)      -> "12,5%"      decimal comma
    number(1234)       -> "1.234"      dot as thousands separator
    pp(6.2)            -> "6%-punt"    percentage points, unsigned ("met 6%-punt gestegen")
    pp(-6.2, signed=True) -> "-6%-punt"
    date(date(2026, 12, 7)) -> "7 december 2026"

Rounding is half up (12.5 -> 13), like the report and Excel, not Python's banker's
rounding: every function rounds through `round_half_up`.
Missing values (NaN, None) are written as an en dash "–".
"""

from __future__ import annotations

import functools
import math
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal


def round_half_up(x: float, digits: int = 0) -> float:
    """Round as the report (and Excel) does: halves away from zero, unlike round().

    Goes through repr() so that 12.5 stays 12.5 rather than its binary neighbour.
    """
    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP))


LOCALE = "nl_NL"
MISSING = "–"


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _decimal(x: float, digits: int) -> str:
    """x rounded half up to `digits` decimals, written with exactly that many decimals."""
    return _formatted(repr(round_half_up(x, digits)), digits)


@functools.lru_cache(maxsize=8192)  # Babel is slow, and a factsheet batch formats many
def _formatted(value: str, digits: int) -> str:
    # keyed on the text of the rounded number: "-0.0" and "0.0" stay apart (as floats
    # they are equal, and a cache would answer for one what it made for the other)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def number(n: float, digits: int = 0) -> str:
    """A count or other number: number(1234) -> "1.234", number(2.25, 1) -> "2,3"."""
    return MISSING if _missing(n) else _decimal(n, digits)


def pct(x: float, digits: int = 0) -> str:
    """A percentage given on the 0-100 scale: pct(88.95) -> "89%"."""
    return MISSING if _missing(x) else _decimal(x, digits) + "%"


def pp(x: float, signed: bool = False, digits: int = 0) -> str:
    """Percentage points: pp(6.2) -> "6%-punt"; signed: "+6%-punt", "-6%-punt", "0%-punt".

    Unsigned writes the size only (the sign belongs in a word, see
    `helpers.report.text.changes.change_phrase`).
    """
    if _missing(x):
        return MISSING
    rounded = round_half_up(x, digits)
    text = _decimal(abs(rounded), digits) + "%-punt"
    if signed and rounded > 0:
        return "+" + text
    if signed and rounded < 0:
        return "-" + text
    return text


def count_pct(share, noun: str = "gemeenten", singular: str = "gemeente") -> str:
    """A Share (count, n, pct) as "153 gemeenten (89%)"; one is "1 gemeente (1%)"."""
    word = singular if share.count == 1 else noun
    return f"{number(share.count)} {word} ({pct(share.pct)})"


def join(items, style: str = "standard") -> str:
    """Dutch enumeration: ["ouderen", "mantelzorgers", "jongeren"] ->
    "ouderen, mantelzorgers en jongeren"; style="or" gives "... of jongeren"."""
    return format_list(list(items), style=style, locale=LOCALE)


def date(day) -> str:
    """A date as Dutch prose writes it: "7 december 2026"."""
    return format_date(day, format="long", locale=LOCALE)
