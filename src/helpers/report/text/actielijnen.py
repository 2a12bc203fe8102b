"""The words of the chapter Actielijnen (notebooks/actielijnen.ipynb) that depend on the
data: the panel rows of the trend figures, and the use of the programme's advisers and
toolkits -- which changed, which were little used, which is the least known."""

from __future__ import annotations

from helpers.report import fmt
from helpers.report.indicators import PANEL, Share, Tables, shown_change
from helpers.report.text.changes import (
    change_phrase,
    change_words,
    fell,
    grouped_changes,
    higher_lower,
    is_stable,
    more_less,
    rose,
    sub_clause_change,
)
from helpers.report.text.lookup import asked, has_panel, item_label, labels, pair
from helpers.report.text.markup import note
from helpers.report.text.phrasing import name_products, paragraph, paren, sentence
from helpers.report.text.shared import panel_phrase
from helpers.report.text.subjects import (
    ADVISERS,
    PRODUCTS,
    UNKNOWN,
    USED,
    least_known_product,
    little_used_products,
    product_rank,
    products_trend,
    toolkits,
)
from helpers.report.text.thresholds import Grade, grade, sign, trend

# --- the panel in the trend figures -----------------------------------------------------


def panel_rows_sentence(t: Tables) -> str:
    """What the asterisked bottom rows of a trend figure are."""
    if not has_panel(t):
        return ""
    return (
        "De onderste twee rijen, gemarkeerd met een asterisk, verwijzen naar de "
        f"{fmt.number(t.meta['panel_size'])} {panel_phrase(t)}."
    )


def panel_more_less_sentence(t: Tables, panel: tuple[Share | None, Share | None], what: str) -> str:
    """ "Indien we ons richten op gemeenten die zowel in 2022 als 2023 hebben meegedaan aan
    de benchmark (*), dan valt het op dat 6%-punt meer gemeenten {what}."."""
    change = shown_change(*panel)
    if change is None:
        return ""
    lead = (
        f"Indien we ons richten op gemeenten die zowel in {t.previous_year} als {t.year} "
        "hebben meegedaan aan de benchmark (\\*), dan"
    )
    if is_stable(change):
        return f"{lead} is dit aandeel {change_words(change)}."
    return f"{lead} valt het op dat {more_less(change)} gemeenten {what}."


def panel_change_sentence(t: Tables, panel: tuple[Share | None, Share | None]) -> str:
    """ "Bij gemeenten die vorig jaar ook meededen aan de benchmark is het aandeel met
    6%-punt gestegen."."""
    change = shown_change(*panel)
    if change is None:
        return ""
    return (
        "Bij gemeenten die vorig jaar ook meededen aan de benchmark is het aandeel "
        f"{change_phrase(change, amount=True)}."
    )


# --- advisers and toolkits --------------------------------------------------------------


def adviser_note(t: Tables) -> str:
    """Footnote on the advisers' share: change overall and within the panel."""
    before, now = pair(t, PRODUCTS, USED, ADVISERS)
    change = shown_change(before, now)
    if change is None:
        return ""
    if grade(change) == Grade.SAME:
        first = f"Het percentage van {fmt.pct(now.pct)} inzet adviseurs is even hoog als vorig jaar"
    else:
        first = (
            f"Het percentage van {fmt.pct(now.pct)} inzet adviseurs is {higher_lower(change)} "
            "dan vorig jaar"
        )
    panel = shown_change(*pair(t, PRODUCTS, USED, ADVISERS, PANEL))
    if panel is None:
        return f"{first}."
    link = "en" if trend(panel) == trend(change) else "maar"
    return f"{first}, {link} is {change_words(panel)} als we alleen kijken naar {panel_phrase(t)}."


def products_change_sentence(t: Tables, aside: str = "") -> str:
    """How the use of the toolkits changed since last year (all respondents), with
    `aside` in parentheses before the full stop."""
    if not asked(PRODUCTS, t.previous_year):
        return ""
    risen, fallen = products_trend(t)
    stable = [i for i in toolkits(t) if i not in risen and i not in fallen]
    prev = t.previous_year
    if not fallen:
        how = fmt.join(
            [w for w, group in (("gelijk gebleven", stable), ("gestegen", risen)) if group],
            style="or",
        )
        return f"Het gebruik van de toolkits is verder {how} ten opzichte van {prev}{paren(aside)}."
    parts = [f"het gebruik van {name_products(labels(PRODUCTS, fallen, short=False))} is gedaald"]
    if risen:
        parts.append(f"dat van {name_products(labels(PRODUCTS, risen, short=False))} gestegen")
    return sentence(f"{', '.join(parts)} ten opzichte van {prev}{paren(aside)}.")


def little_used_paragraph(t: Tables) -> str:
    """The toolkits that were little used last year, and how their use changed (all
    respondents, then the panel)."""
    little = little_used_products(t)
    if not little:
        return ""
    names = name_products(labels(PRODUCTS, little, short=False))
    out = [f"Vorig jaar werd er relatief weinig gebruikgemaakt van {names}."]
    changes = [shown_change(*pair(t, PRODUCTS, USED, i)) for i in little]
    if all(rose(c) for c in changes):
        out.append("Nu zien we een stijging in het gebruik van deze toolkits.")
    elif all(fell(c) for c in changes):
        out.append("Nu zien we een verdere daling in het gebruik van deze toolkits.")
    panel = [(i, shown_change(*pair(t, PRODUCTS, USED, i, PANEL))) for i in little]
    panel = [(i, c) for i, c in panel if c is not None]
    if panel:
        groups = grouped_changes(panel)
        first_items, _ = groups[0]
        first_change = dict(panel)[first_items[0]]
        both = {2: "allebei ", 3: "alle drie "}.get(len(first_items), "")
        first_names = name_products(labels(PRODUCTS, first_items, short=False))
        out.append(
            f"Als we ons enkel richten op {panel_phrase(t)}, dan zien we dat het gebruik van "
            f"{first_names} {both}{sub_clause_change(first_change)} ten opzichte van vorig jaar."
        )
        for group_items, phrase in groups[1:]:
            change = dict(panel)[group_items[0]]
            same = sign(change) == sign(first_change)
            names = name_products(labels(PRODUCTS, group_items, short=False))
            lead = "Ook het gebruik van" if same else "Het gebruik van"
            out.append(f"{lead} {names} is onder deze groep {phrase}.")
    return paragraph(*out)


def least_known_paragraph(t: Tables) -> str:
    """The least known toolkit this year and last year, with a footnote on its use in
    the panel."""
    item = least_known_product(t)
    if item is None:
        return ""
    name = name_products([item_label(PRODUCTS, item)])
    before, now = pair(t, PRODUCTS, UNKNOWN, item)
    if before is None:
        return sentence(f"{name} is het minst bekend ({fmt.pct(now.pct)} onbekend).")
    prev = t.previous_year
    change = shown_change(before, now)
    was_low = (
        "al weinig bekendheid" if product_rank(t, item, UNKNOWN, prev) == 0 else "weinig bekendheid"
    )
    how = "ongeveer gelijk gebleven" if is_stable(change) else change_words(change)
    text = sentence(
        f"{name} had in {prev} {was_low} ({fmt.pct(before.pct)} onbekend) en dat is {how} "
        f"in {t.year} ({fmt.pct(now.pct)} onbekend)."
    )
    panel = shown_change(*pair(t, PRODUCTS, USED, item, PANEL))
    if panel is not None:
        text += note(
            f"Onder {panel_phrase(t)} is het gebruik van {name} "
            f"{change_phrase(panel, amount=True)}."
        )
    return text
