"""Dutch words for amounts, labels and lists, and the joining of sentences: phrasing any
chapter may use, with no question id and no table in it.

Amounts: `number_word` ("één"), `ordinal_word` ("eerste"), `count_change_phrase`
("één gemeente meer"), `fraction_phrase` ("zo'n driekwart"), `quantity_phrase`
("een groot deel van de gemeenten"), `frequency_word` ("meestal"), `around_phrase`
("rond de 90%"). Labels from the codebook inside a sentence: `in_sentence`,
`short_label`, `option_phrase`, `quoted`, `name_products`, `join_compounds`.
Sentences: `sentence`, `paragraph`, `paren`. Where the wording changes is set in
`thresholds.EDITORIAL`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from helpers.report import fmt
from helpers.report.fmt import round_half_up
from helpers.report.text.thresholds import EDITORIAL, from_ladder

# --- amounts --------------------------------------------------------------------------

NUMBER_WORDS = {
    1: "één",
    2: "twee",
    3: "drie",
    4: "vier",
    5: "vijf",
    6: "zes",
    7: "zeven",
    8: "acht",
    9: "negen",
    10: "tien",
    11: "elf",
    12: "twaalf",
}
ORDINAL_WORDS = ("eerste", "tweede", "derde", "vierde", "vijfde")


def number_word(n: int) -> str:
    """1..12 in words (as Dutch prose writes small numbers), larger numbers in digits."""
    return NUMBER_WORDS.get(n, str(n))


def ordinal_word(n: int) -> str:
    """1 -> "eerste", 2 -> "tweede", ...; beyond the words "6e"."""
    return ORDINAL_WORDS[n - 1] if 1 <= n <= len(ORDINAL_WORDS) else f"{n}e"


def count_change_phrase(delta: int, singular: str = "gemeente", plural: str = "gemeenten") -> str:
    """+1 -> "één gemeente meer", -3 -> "drie gemeenten minder", 0 -> "evenveel gemeenten"."""
    if delta == 0:
        return f"evenveel {plural}"
    noun = singular if abs(delta) == 1 else plural
    return f"{number_word(abs(delta))} {noun} {'meer' if delta > 0 else 'minder'}"


def fraction_phrase(pct: float, tolerance: float = EDITORIAL.fraction_tolerance) -> str | None:
    """A share as a common fraction: 50 -> "de helft", 76.6 -> "zo'n driekwart",
    48 -> "ongeveer de helft".

    Approximate ("zo'n", or "ongeveer" before an article) when the rounded share is not
    the fraction's own rounded value; None when no fraction lies within `tolerance`
    percentage points of the share as shown (rounded: 78.4 is "78%", "zo'n driekwart").
    """
    shown = round_half_up(pct)
    value, words = min(EDITORIAL.fractions, key=lambda f: abs(f[0] - shown))
    if abs(value - shown) > tolerance:
        return None
    if shown == round_half_up(value):
        return words
    if words.startswith(("een ", "de ")):
        return f"ongeveer {words}"
    return f"zo'n {words}"


def quantity_phrase(pct: float, noun: str = "gemeenten") -> str:
    """How much of the municipalities, in words: 98 -> "vrijwel alle gemeenten"."""
    return f"{from_ladder(pct, EDITORIAL.quantity)} {noun}"


def frequency_word(pct: float) -> str:
    """How often, in words: 100 -> "altijd", 97 -> "vrijwel altijd", 80 -> "meestal"."""
    return from_ladder(pct, EDITORIAL.frequency)


def around_phrase(pcts: Iterable[float], spread: int = EDITORIAL.around_spread) -> str | None:
    """ "rond de 90%" when every rounded share lies within `spread` points of one
    multiple of `EDITORIAL.around_step`, else None."""
    values = [round_half_up(p) for p in pcts]
    if not values:
        return None
    step = EDITORIAL.around_step
    mid = step * round_half_up(sum(values) / len(values) / step)
    if all(abs(v - mid) <= spread for v in values):
        return f"rond de {fmt.pct(mid)}"
    return None


# --- labels ---------------------------------------------------------------------------


def in_sentence(label: str) -> str:
    """A codebook label inside a sentence: first letter lower-case unless the first
    word is an abbreviation ("Ouderen" -> "ouderen", "LHBTIQ+ personen" stays)."""
    word = label.split(" ", 1)[0]
    if len(word) > 1 and word[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def short_label(label: str) -> str:
    """A label without its examples: "Financiële sector (bijv. banken, verzekeraars)"
    -> "Financiële sector"; abbreviations such as "(LVB)" are kept."""
    return re.sub(r"\s*\((bijv\.|bijvoorbeeld)[^)]*\)", "", label).strip()


def option_phrase(label: str) -> str:
    """A "Ja, ..." option label inside a sentence: "Ja, uit andere gemeente" ->
    "uit andere gemeente"; other labels via `in_sentence`."""
    if label.startswith("Ja, "):
        return label[len("Ja, ") :]
    return in_sentence(label)


def quoted(label: str) -> str:
    """‘label’ in the report's typographic quotes."""
    return f"‘{label}’"


def name_products(labels: Sequence[str]) -> str:
    """Product labels grouped as in the report: "Toolkit ‘A’", "Toolkit ‘B’" and
    "Databank ‘C’ van Movisie" -> "de toolkits ‘A’ en ‘B’ en de databank ‘C’ van Movisie"."""
    groups: dict[str, list[str]] = {}
    for label in labels:
        kind, _, rest = label.partition(" ")
        if rest.startswith("‘"):
            groups.setdefault(kind.lower(), []).append(rest)
        else:
            groups.setdefault("", []).append(in_sentence(label))
    parts = []
    for kind, names in groups.items():
        if not kind:
            parts += [f"de {n}" for n in names]
        elif len(names) == 1:
            parts.append(f"de {kind} {names[0]}")
        else:
            parts.append(f"de {kind}s {fmt.join(names)}")
    return fmt.join(parts)


def join_compounds(words: Sequence[str]) -> str:
    """Dutch enumeration that shares a common last part: ["zorgorganisaties",
    "welzijnsorganisaties"] -> "zorg- en welzijnsorganisaties"."""
    for tail in ("organisaties", "instellingen"):
        if len(words) > 1 and all(
            " " not in w and w.endswith(tail) and len(w) > len(tail) for w in words
        ):
            heads = [w[: -len(tail)].removesuffix("s") + "-" for w in words[:-1]]
            return fmt.join([*heads, words[-1]])
    return fmt.join(list(words))


# --- sentences ------------------------------------------------------------------------


def sentence(text: str) -> str:
    """Capitalise the first letter (numbers and quotes left as they are)."""
    return text[:1].upper() + text[1:] if text else text


def paragraph(*sentences: str) -> str:
    """Join non-empty sentences with single spaces."""
    return " ".join(s.strip() for s in sentences if s and s.strip())


def paren(clause: str) -> str:
    """ " (clause)" or "" -- for optional parentheses such as `changes.was_phrase`."""
    return f" ({clause})" if clause else ""
