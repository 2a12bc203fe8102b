"""The summary of a factsheet: short computed Dutch sentences ("Uw gemeente ...").

    summary.sentences(fs)   # the sentences (plain text), from a `model.Factsheet`

Which own answer counts as less common is `RARE_PCT`; what is suppressed is the model's
(`helpers.disclosure`, whose words these sentences use).
"""

from __future__ import annotations

import textwrap

from helpers.data import codebook
from helpers.disclosure import ALL_ALIKE, MIN_OTHERS, SUPPRESSED, TOO_SMALL
from helpers.factsheets.model import NATIONAL, Factsheet
from helpers.report import fmt

RARE_PCT = 25  # an own answer given by fewer than this % nationally is "opvallend"


def sentences(fs: Factsheet) -> list[str]:
    """Short computed Dutch sentences ("Uw gemeente ...") for the top of the factsheet."""
    out = []
    others, prov_others = fs.respondents - 1, fs.respondents_province - 1
    out.append(
        f"Uw gemeente deed in {fs.year} mee aan de benchmark, samen met "
        f"{fmt.number(others)} andere gemeenten ({fmt.number(prov_others)} in {fs.provincie})."
    )

    # plain Python over the records, as this runs for every municipality
    rows = {r["column"]: r for r in fs.row_records}
    answered = [r for r in fs.row_records if r["own_code"] is not None]
    top: dict[str, int] = {}  # column -> the largest national count of one answer
    for s in fs.share_records:
        top[s["column"]] = max(top.get(s["column"], s["count_nation"]), s["count_nation"])
    own = [s for s in fs.share_records if s["own"]]
    common = sum(s["count_nation"] == top[s["column"]] for s in own)
    out.append(
        f"Bij {fmt.number(common)} van de {fmt.number(len(answered))} onderdelen die uw gemeente "
        f"beantwoordde, gaf zij hetzelfde antwoord als de meeste gemeenten in {NATIONAL}."
    )
    rare = sorted((s for s in own if s["pct_nation"] < RARE_PCT), key=lambda s: s["pct_nation"])
    if rare:
        cb = codebook.load()
        phrases = []
        for r in rare[:2]:
            row = rows[r["column"]]
            q = cb.questions[r["question"]]
            if q.type == "multiple":
                what = f"‘{row['label']}’ {'' if r['code'] == 1 else 'niet '}aangevinkt"
            elif row["item"]:
                what = f"‘{r['label']}’ voor ‘{row['label']}’"
            else:
                what = f"‘{r['label']}’"
            text = _shorten(q.text, 50)
            phrases.append(f"{what} bij ‘{text}’ (landelijk {fmt.pct(r['pct_nation'])})")
        which = "is 1 antwoord" if len(rare) == 1 else f"zijn {fmt.number(len(rare))} antwoorden"
        lead = "namelijk" if len(rare) == len(phrases) else "vooral"
        out.append(
            f"Minder gebruikelijk (landelijk minder dan {fmt.pct(RARE_PCT)}) {which} van uw "
            f"gemeente, {lead} {fmt.join(phrases)}."
        )

    if fs.in_panel:
        both = [r for r in answered if r["previous_code"] is not None]
        changed = sum(r["changed"] for r in both)
        out.append(
            f"Sinds {fs.previous_year} veranderde uw antwoord bij {fmt.number(changed)} van de "
            f"{fmt.number(len(both))} onderdelen die uw gemeente in beide jaren beantwoordde"
            + (" (in het overzicht als ‘oud → nieuw’)." if changed else ".")
        )
    elif fs.has_previous_year:
        out.append(
            f"Uw gemeente deed in {fs.previous_year} niet mee; een vergelijking met vorig jaar "
            "is daarom niet mogelijk."
        )

    challenges = [r for r in answered if r["question"] == "uitdagingen" and r["own_code"] == 1]
    if challenges:
        labels = [lower_first(r["label"]) for r in challenges]
        noun = "uitdaging" if len(labels) == 1 else "uitdagingen"
        out.append(f"Grootste {noun} volgens uw gemeente: {fmt.join(labels)}.")

    suppressed = sum(not r["province_shown"] for r in fs.row_records)
    if not fs.province_any and prov_others < MIN_OTHERS:
        out.append(
            f"Uit {fs.provincie} deden te weinig andere gemeenten mee (minder dan {MIN_OTHERS}) "
            "om provinciale cijfers te tonen; u ziet alleen het landelijke beeld."
        )
    elif suppressed and fs.province_any:
        out.append(
            f"Bij {fmt.number(suppressed)} onderdelen is het {TOO_SMALL} voor een provinciaal "
            f"cijfer ({SUPPRESSED}), omdat minder dan {MIN_OTHERS} andere gemeenten uit "
            f"{fs.provincie} de vraag beantwoordden of omdat {ALL_ALIKE}; daar ziet u "
            "alleen het landelijke."
        )
    return out


def lower_first(text: str) -> str:
    # keep acronyms (e.g. "LHBTIQ+") as they are
    return text[0].lower() + text[1:] if len(text) > 1 and not text[1].isupper() else text


def _shorten(text: str, width: int) -> str:
    """`text` cut at a word boundary to at most `width` characters, with "…"."""
    return textwrap.shorten(text, width, placeholder=" …")
