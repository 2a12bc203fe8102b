"""The words of the chapter Samenvatting en conclusies (notebooks/samenvatting.ipynb)
that depend on the data: the main conclusions, and the short version of what the
chapters Actielijnen and Pijlers say in full (the coalition, target groups, best
practices, advisers and toolkits)."""

from __future__ import annotations

from helpers.report import fmt
from helpers.report.fmt import round_half_up
from helpers.report.indicators import Tables
from helpers.report.text.lookup import asked, item_label, labels, share
from helpers.report.text.phrasing import (
    frequency_word,
    join_compounds,
    name_products,
    option_phrase,
    ordinal_word,
    paragraph,
    quantity_phrase,
    quoted,
    sentence,
)
from helpers.report.text.subjects import (
    ADVISERS,
    BEST_PRACTICES,
    COALITION,
    MUNICIPALITY,
    PRODUCTS,
    TARGET_GROUPS,
    USED,
    Conclusion,
    best_practice_shifts,
    best_practices_used,
    coalition_core,
    little_used_products,
    main_conclusions,
    products_trend,
    target_groups_ranking,
)
from helpers.report.text.thresholds import EDITORIAL


def conclusions_paragraph(t: Tables) -> str:
    """The main conclusions that open the summary, with their numbers."""
    conclusions = main_conclusions(t)
    out = []
    for rank, conclusion in enumerate(conclusions, 1):
        which = (
            "De hoofdconclusie"
            if len(conclusions) == 1
            else f"De {ordinal_word(rank)} hoofdconclusie"
        )
        if conclusion is Conclusion.ACTIVE:
            coalitie, betrekken = share(t, "lokale_coalitie"), share(t, "betrekken_beleid")
            also = (
                " en aan het aantal gemeenten dat eenzame mensen of hun vertegenwoordigers "
                f"betrekt in het eenzaamheidsbeleid ({fmt.pct(betrekken.pct)})"
                if betrekken
                else ""
            )
            out += [
                f"{which} uit de benchmark is dat gemeenten zich actief inzetten om "
                "eenzaamheid te verminderen.",
                "Dat zien we onder meer aan het aantal gemeenten dat een lokale coalitie heeft "
                f"opgezet ({fmt.pct(coalitie.pct)}){also}.",
            ]
        elif conclusion is Conclusion.SUPPORT:
            out += [
                f"{which} is dat gemeenten veelvuldig gebruikmaken van de ondersteuning die "
                "vanuit het actieprogramma Eén tegen eenzaamheid wordt geboden, zoals de "
                "adviseurs, toolkits en best practices.",
                toolkits_trend_sentence(t),
            ]
    return paragraph(*out)


def toolkits_trend_sentence(t: Tables) -> str:
    """ "Het gebruik van verschillende toolkits is sinds vorig jaar toegenomen." (or
    afgenomen / vrijwel gelijk gebleven); empty without a previous year."""
    if not asked(PRODUCTS, t.previous_year) or not asked(PRODUCTS, t.year):
        return ""
    risen, fallen = products_trend(t)

    def what(group: list[str]) -> str:
        if len(group) > 1:
            return "verschillende toolkits"
        return name_products([item_label(PRODUCTS, group[0])])

    if risen and fallen:
        return (
            f"Het gebruik van {what(risen)} is sinds vorig jaar toegenomen, "
            f"dat van {what(fallen)} afgenomen."
        )
    if risen or fallen:
        verb = "toegenomen" if risen else "afgenomen"
        return f"Het gebruik van {what(risen or fallen)} is sinds vorig jaar {verb}."
    return "Het gebruik van de toolkits is sinds vorig jaar vrijwel gelijk gebleven."


def coalition_paragraph(t: Tables) -> str:
    """Who is always in the local coalition, and who rarely."""
    core = coalition_core(t)
    if core is None:
        return ""
    how = frequency_word(core.pct)
    if core.with_municipality and core.partners:
        first = (
            f"Naast de gemeenten zelf spelen {join_compounds(labels(COALITION, core.partners))} "
            f"{how} een rol in de lokale coalitie."
        )
    else:
        who = join_compounds(labels(COALITION, core.partners or [MUNICIPALITY]))
        first = sentence(f"{who} spelen {how} een rol in de lokale coalitie.")
    if len(core.ranking) <= core.size + 1:
        return first
    bottom = core.ranking[-2:]  # the two least involved, the least last
    rarely = (
        "juist niet vaak"
        if round_half_up(bottom[0][1].pct) < EDITORIAL.rarely_below
        else "het minst vaak"
    )
    names = fmt.join(labels(COALITION, [i for i, _ in bottom]))
    return paragraph(first, sentence(f"{names} komen {rarely} in de coalitie voor."))


def target_groups_paragraph(t: Tables) -> str:
    """The target groups with the most and the least explicit attention."""
    ranking = target_groups_ranking(t)
    if len(ranking) < EDITORIAL.target_groups_min:
        return ""
    top = [quoted(x) for x in labels(TARGET_GROUPS, [i for i, _ in ranking[:2]])]
    low = labels(TARGET_GROUPS, [i for i, _ in ranking[::-1][:2]])
    return (
        "Gemeenten hebben in hun beleid expliciet aandacht voor specifieke doelgroepen, zoals "
        f"{fmt.join(top)}. Voor andere doelgroepen – zoals {fmt.join(low)} – geldt dat in "
        "mindere mate."
    )


def best_practices_paragraph(t: Tables) -> str:
    """How many municipalities use best practices, and which source shifted most."""
    used = best_practices_used(t)
    if used is None:
        return ""
    who = sentence(quantity_phrase(used.pct, noun="ondervraagde gemeenten"))
    out = [f"{who} ({fmt.pct(used.pct)}) geeft aan dat zij gebruikmaakt van best practices."]
    fallen, risen = best_practice_shifts(t)
    if fallen:
        label = quoted(option_phrase(item_label(BEST_PRACTICES, fallen)))
        out.append(f"Best practices {label} zijn dit jaar minder in gebruik dan vorig jaar.")
    if risen:
        label = quoted(option_phrase(item_label(BEST_PRACTICES, risen)))
        if fallen:
            out.append(f"Aan de andere kant worden best practices {label} vaker gebruikt.")
        else:
            out.append(f"Best practices {label} worden vaker gebruikt dan vorig jaar.")
    return paragraph(*out)


def products_paragraph(t: Tables) -> str:
    """The advisers and toolkits: whether the little used toolkits caught up, and how
    many municipalities use the advisers."""
    advisers = share(t, PRODUCTS, USED, ADVISERS)
    if advisers is None:
        return ""
    little = little_used_products(t)
    risen, fallen = products_trend(t)
    if little and all(i in risen for i in little):
        low = "Toolkits die vorig jaar weinig werden ingezet, zijn dit jaar in gebruik gestegen."
    elif little and all(i in fallen for i in little):
        low = "Toolkits die vorig jaar weinig werden ingezet, zijn dit jaar nog minder gebruikt."
    else:
        low = ""
    return paragraph(
        "Het ministerie van VWS stelt ook adviseurs en toolkits beschikbaar in de aanpak van "
        "eenzaamheid.",
        low,
        f"{fmt.pct(advisers.pct)} van de gemeenten maakt gebruik van de adviseurs Eén tegen "
        "eenzaamheid.",
    )
