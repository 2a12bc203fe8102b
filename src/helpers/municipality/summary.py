"""The municipality in a few lines: short computed Dutch sentences ("Uw gemeente ...") at
the top of the factsheet's first page.

    summary.sentences(fs)   # the sentences (plain text), from a `model.Factsheet`

They say who it is compared with (its urbanity class, "vergelijkbare gemeenten", its
province and the country), what changed since the year before, the challenges it named,
and why a group is missing where disclosure control left it out (`helpers.disclosure`,
whose words these sentences use). What it does and could do next is the overview and the
tips below them (`overview`, `tips`).
"""

from __future__ import annotations

from helpers.disclosure import MIN_OTHERS
from helpers.municipality.model import NATIONAL, Factsheet
from helpers.report import fmt

CHANGES = "‘oud → nieuw’"  # how the detail marks a changed answer
NEEDS = "uitdagingen"  # the question of the challenges: the summary names the own ones
# The questions page 2 (the detail) leaves to the monitor, for room: neither is a practice
# nor support (data/raw/ASSUMPTIONS.md): the challenges (the summary names the
# municipality's own) and who makes the home visits (an organisational choice, not better
# or worse). The count of changed answers is of the parts the detail shows, and says so
# (the monitor's list of changes has these two as well).
MONITOR_ONLY = (NEEDS, "huisbezoek_uitvoerders")


def sentences(fs: Factsheet) -> list[str]:
    """Short computed Dutch sentences ("Uw gemeente ...") for the top of the factsheet."""
    out = [_compared(fs)]
    answered = [r for r in fs.row_records if r["own_code"] is not None]
    if fs.in_panel:
        both = [r for r in fs.row_records if r["comparable"] and r["question"] not in MONITOR_ONLY]
        changed = sum(r["changed"] for r in both)
        out.append(
            f"Sinds {fs.previous_year} veranderde uw antwoord bij {fmt.number(changed)} van de "
            f"{fmt.number(len(both))} onderdelen van deze factsheet die uw gemeente in beide "
            "jaren beantwoordde" + (f" (bij de antwoorden als {CHANGES})." if changed else ".")
        )
    elif fs.has_previous_year:
        out.append(
            f"Uw gemeente deed in {fs.previous_year} niet mee; een vergelijking met vorig jaar "
            "is daarom niet mogelijk."
        )

    challenges = [r for r in answered if r["question"] == NEEDS and r["own_code"] == 1]
    if challenges:
        labels = [
            lower_first(r["label"]) + (f" (‘{r['own_text']}’)" if r.get("own_text") else "")
            for r in challenges
        ]
        noun = "uitdaging" if len(labels) == 1 else "uitdagingen"
        out.append(f"Grootste {noun} volgens uw gemeente: {fmt.join(labels)}.")

    if missing := province_missing(fs):
        out.append(missing)
    return out


def province_missing(fs: Factsheet) -> str | None:
    """Why the pages have no province figure at all, where too few others answered (the
    factsheet's summary, the monitor's overview)."""
    if fs.province_any or fs.respondents_province - 1 >= MIN_OTHERS:
        return None
    rest = "vergelijkbare gemeenten en heel Nederland" if fs.class_any else f"heel {NATIONAL}"
    return (
        f"Uit {fs.provincie} deden te weinig andere gemeenten mee (minder dan {MIN_OTHERS}) "
        f"om provinciale cijfers te tonen; u ziet alleen {rest}."
    )


def _compared(fs: Factsheet) -> str:
    """Who took part, and the groups the municipality is compared with."""
    others, prov_others = fs.respondents - 1, fs.respondents_province - 1
    text = (
        f"Uw gemeente deed in {fs.year} mee aan de benchmark, samen met "
        f"{fmt.number(others)} andere gemeenten ({fmt.number(prov_others)} in {fs.provincie})."
    )
    # every figure of a group counts the municipality itself: say so (its n does)
    if fs.klasse is None:
        return f"{text} Uw gemeente telt mee in de cijfers van {fs.provincie} en heel {NATIONAL}."
    peers = fs.respondents_class - 1
    if not peers:
        return (
            f"{text} Volgens het CBS is uw gemeente {fs.klasse_label}, als enige deelnemer; "
            f"uw gemeente telt mee in de cijfers van {fs.provincie} en heel {NATIONAL}."
        )
    others = "andere deelnemer" if peers == 1 else "andere deelnemers"
    return (
        f"{text} Volgens het CBS is uw gemeente {fs.klasse_label}, net als "
        f"{fmt.number(peers)} {others}: die {fmt.number(peers + 1)} gemeenten heten hier "
        "vergelijkbare gemeenten. Uw gemeente telt mee in hun cijfers, en in die van "
        f"{fs.provincie} en heel {NATIONAL}."
    )


def lower_first(text: str) -> str:
    # keep acronyms (e.g. "LHBTIQ+") as they are
    return text[0].lower() + text[1:] if len(text) > 1 and not text[1].isupper() else text
