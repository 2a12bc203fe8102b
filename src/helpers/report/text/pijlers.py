"""The words of the chapter Pijlers (notebooks/pijlers.ipynb) that depend on the data:
the stages and members of the local coalitions, who makes the home visits, the target
groups by how much attention they get, and the use of best practices."""

from __future__ import annotations

from helpers.report import fmt
from helpers.report.fmt import round_half_up
from helpers.report.indicators import Tables
from helpers.report.text.changes import is_stable
from helpers.report.text.lookup import asked, item_label, labels, pair, ranked, share
from helpers.report.text.markup import ref
from helpers.report.text.phrasing import (
    frequency_word,
    join_compounds,
    option_phrase,
    paragraph,
    quoted,
    sentence,
)
from helpers.report.text.subjects import (
    BEST_PRACTICES,
    COALITION,
    KARTREKKER,
    MUNICIPALITY,
    TARGET_GROUPS,
    best_practice_shifts,
    best_practices_unused,
    coalition_core,
    coalition_ranking,
    target_groups_ranking,
)
from helpers.report.text.thresholds import EDITORIAL

# --- pijler 2: the local coalition -------------------------------------------------------

# How the report describes the stages of a local coalition (lokale_coalitie codes 1-3).
COALITION_STAGES = {
    1: "is de samenwerking nog aan het verkennen en concretiseren",
    2: "is de samenwerking aan het initiëren en starten",
    3: "houdt deze samenwerking levend en bestendigt deze",
}


def coalition_stage_paragraph(t: Tables) -> str:
    """The largest stage among coalitions, and the share still starting up."""
    stages = {code: share(t, "lokale_coalitie", [code]) for code in COALITION_STAGES}
    if any(s is None for s in stages.values()):
        return ""
    largest = max(stages, key=lambda c: stages[c].pct)
    early = share(t, "lokale_coalitie", [1, 2])
    return paragraph(
        f"Het grootste deel hiervan {COALITION_STAGES[largest]}.",
        f"{fmt.pct(early.pct)} van de gemeenten is de samenwerking aan het initiëren of starten "
        "of aan het verkennen en concretiseren.",
    )


def coalition_paragraph(t: Tables) -> str:
    """Who the coalitions lean on, who leads them, and who is hard to involve."""
    core = coalition_core(t)
    if core is None:
        return ""
    how = frequency_word(core.pct)
    names = join_compounds(labels(COALITION, core.partners))
    if core.with_municipality:
        names = f"{names} en gemeenten" if names else "gemeenten"
    leaders = [i for i, _ in ranked(t, COALITION, KARTREKKER)[:2]]
    leader_names = join_compounds(
        [
            "gemeenten" if i == MUNICIPALITY else x
            for i, x in zip(leaders, labels(COALITION, leaders), strict=True)
        ]
    )
    bottom = [i for i, _ in core.ranking[-2:]]
    prev = t.previous_year
    prev_bottom = (
        [i for i, _ in coalition_ranking(t, year=prev)[-2:]] if asked(COALITION, prev) else []
    )
    stays = "blijft" if set(prev_bottom) == set(bottom) else "is"
    return paragraph(
        f"Opmerkelijk aan de samenstelling is dat de coalities grotendeels leunen op {names}.",
        f"Deze organisaties worden {how} betrokken in de lokale coalitie.",
        sentence(f"{leader_names} zijn het vaakst de kartrekker."),
        f"Het {stays} voor gemeenten een uitdaging om {fmt.join(labels(COALITION, bottom))} "
        "actief bij het netwerk te betrekken.",
    )


# --- pijler 3: reaching out ----------------------------------------------------------------

VISITORS = "huisbezoek_uitvoerders"


def visitors_paragraph(t: Tables) -> str:
    """Who carries out the home visits most, compared with the years before."""
    ranking = ranked(t, VISITORS, 1)
    if len(ranking) < 2:
        return ""
    top = [i for i, _ in ranking[:2]]
    names = fmt.join([quoted(x) for x in labels(VISITORS, top)])
    earlier = [y for y in t.meta["years"] if y < t.year and asked(VISITORS, y)]
    same_before = earlier and all(
        {i for i, _ in ranked(t, VISITORS, 1, year=y)[:2]} == set(top) for y in earlier
    )
    lead = "Net als voorgaande jaren worden" if same_before else f"In {t.year} worden"
    out = [
        f"{lead} de meeste huisbezoeken verricht door {names} "
        f"(zie {ref('huisbezoek_uitvoerders')})."
    ]
    prev = t.previous_year
    if prev in earlier:
        gap_now = ranking[0][1].pct - ranking[1][1].pct
        b = dict(ranked(t, VISITORS, 1, year=prev))
        gap_before = b[top[0]].pct - b[top[1]].pct
        if is_stable(gap_now - gap_before):
            out.append("Er is geen verschuiving te zien in de verhouding tussen deze groepen.")
        else:
            out.append(
                "De verhouding tussen deze groepen is ten opzichte van vorig jaar verschoven."
            )
    return paragraph(*out)


def target_groups_paragraph(t: Tables) -> str:
    """Target groups by how many municipalities give them explicit attention."""
    ranking = target_groups_ranking(t)
    if not ranking:
        return ""
    nearly_all, large = EDITORIAL.nearly_all_from, EDITORIAL.large_number_from
    pcts = [(i, round_half_up(s.pct)) for i, s in ranking]
    high = labels(TARGET_GROUPS, [i for i, p in pcts if p >= nearly_all])
    mid = labels(TARGET_GROUPS, [i for i, p in pcts if large <= p < nearly_all])
    low = labels(TARGET_GROUPS, [i for i, p in pcts if p < large])
    text = ""
    if high and mid:
        text = (
            f"Vrijwel alle gemeenten hebben aandacht voor {fmt.join(high)}, maar "
            f"ook een groot aantal gemeenten richt zich op {fmt.join(mid)}."
        )
    elif high:
        text = f"Vrijwel alle gemeenten hebben aandacht voor {fmt.join(high)}."
    elif mid:
        text = f"Een groot aantal gemeenten richt zich op {fmt.join(mid)}."
    if low:
        text = paragraph(
            text,
            f"Voor {fmt.join(low)} geldt dat zij minder vaak specifieke aandacht "
            "ontvangen binnen de lokale aanpak. Dat wil overigens niet zeggen dat deze aandacht "
            "er niet is, maar dat gemeenten deze doelgroepen niet actief onderscheiden binnen de "
            "aanpak.",
        )
    return text


# --- pijler 4: a lasting approach ----------------------------------------------------------


def best_practices_paragraph(t: Tables) -> str:
    """How municipalities use best practices, and the largest shifts since last year."""
    unused = best_practices_unused(t)
    if unused is None:
        return ""
    only = "Slechts " if round_half_up(unused.pct) < EDITORIAL.only_below else ""
    out = [
        f"{ref('best_practices')} toont op welke manier gemeenten in {t.year} gebruikmaken "
        f"van best practices. {only}{fmt.pct(unused.pct)} van de gemeenten stelt dat zij geen "
        "gebruikmaken van best practices op het gebied van eenzaamheid. De best practices "
        "kunnen bijvoorbeeld worden aangedragen door adviseurs."
    ]
    prev = t.previous_year
    fallen, risen = best_practice_shifts(t)
    if fallen:
        before, now = pair(t, BEST_PRACTICES, item=fallen)
        label = quoted(option_phrase(item_label(BEST_PRACTICES, fallen)))
        out.append(
            f"We zien een daling in het gebruik van best practices {label} "
            f"({fmt.pct(now.pct)} in {t.year}, {fmt.pct(before.pct)} in {prev})."
        )
    if risen:
        before, now = pair(t, BEST_PRACTICES, item=risen)
        label = quoted(option_phrase(item_label(BEST_PRACTICES, risen)))
        lead = "Aan de andere kant gebruiken gemeenten" if fallen else "Gemeenten gebruiken"
        out.append(
            f"{lead} in {t.year} relatief vaak best practices {label} "
            f"({fmt.pct(now.pct)}), terwijl dat in {prev} minder vaak gebeurde "
            f"({fmt.pct(before.pct)})."
        )
    return paragraph(*out)
