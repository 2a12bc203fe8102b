"""What more than one chapter talks about, selected from the tables without any words:
the main conclusions, which toolkits rose or fell, which source of best practices
shifted most, who is in the local coalitions.

The chapters word these selections each in their own way (samenvatting.py briefly,
actielijnen.py and pijlers.py in full); the selection itself is made once, here.
"""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from helpers.report.fmt import round_half_up
from helpers.report.indicators import ALL, Share, Tables, shown_change
from helpers.report.text.changes import fell, rose
from helpers.report.text.lookup import asked, items, pair, ranked, share, top_tied
from helpers.report.text.thresholds import EDITORIAL


class Conclusion(Enum):
    """The report's main conclusions; each chapter words them itself."""

    ACTIVE = "actief"
    """Most municipalities have set up a local coalition: they are actively engaged."""
    SUPPORT = "ondersteuning"
    """Most municipalities use the programme's advisers: they use its support."""


def main_conclusions(t: Tables) -> list[Conclusion]:
    """The main conclusions the data of the report year carry, in the report's order."""
    out = []
    coalition = share(t, "lokale_coalitie")
    if coalition is not None and round_half_up(coalition.pct) > EDITORIAL.main_conclusion_above:
        out.append(Conclusion.ACTIVE)
    advisers = share(t, PRODUCTS, item=ADVISERS)
    if advisers is not None and round_half_up(advisers.pct) > EDITORIAL.main_conclusion_above:
        out.append(Conclusion.SUPPORT)
    return out


# --- the programme's products: advisers and toolkits -------------------------------------

PRODUCTS = "producten_diensten"
ADVISERS = "adviseurs"
USED, UNKNOWN = 1, 3  # codes of the scale `inzet`: Ingezet, Onbekend


def toolkits(t: Tables) -> list[str]:
    """The programme's products other than the advisers (toolkits and databank)."""
    return [i for i in items(t, PRODUCTS) if i != ADVISERS]


def least_known_product(t: Tables) -> str | None:
    """The toolkit most often 'Onbekend' in the report year."""
    ranking = ranked(t, PRODUCTS, UNKNOWN, exclude=[ADVISERS])
    return ranking[0][0] if ranking else None


def product_rank(t: Tables, item: str, code, year: int) -> int | None:
    """Position (0 = highest share of `code`) of a toolkit in `year`."""
    ranking = [i for i, _ in ranked(t, PRODUCTS, code, year=year, exclude=[ADVISERS])]
    return ranking.index(item) if item in ranking else None


def little_used_products(t: Tables) -> list[str]:
    """Toolkits that few municipalities used in the previous year, apart from the least
    known one (which the report discusses on its own)."""
    prev = t.previous_year
    if not asked(PRODUCTS, prev):
        return []
    unknown = least_known_product(t)
    return [
        item
        for item, s in ranked(t, PRODUCTS, USED, year=prev, exclude=[ADVISERS])
        if round_half_up(s.pct) < EDITORIAL.little_used_below and item != unknown
    ]


def products_trend(t: Tables, population: str = ALL) -> tuple[list[str], list[str]]:
    """(risen, fallen) toolkits from the previous year to the report year."""
    risen, fallen = [], []
    for item in toolkits(t):
        change = shown_change(*pair(t, PRODUCTS, USED, item, population))
        if rose(change):
            risen.append(item)
        elif fell(change):
            fallen.append(item)
    return risen, fallen


# --- best practices ---------------------------------------------------------------------

BEST_PRACTICES = "best_practices"
NO_BEST_PRACTICES = "geen"  # the option "Geen": a ticked option is code 1, else 0


def best_practices_used(t: Tables) -> Share | None:
    """Municipalities that use best practices: those that did not tick "geen" (code 0)."""
    return share(t, BEST_PRACTICES, 0, NO_BEST_PRACTICES)


def best_practices_unused(t: Tables) -> Share | None:
    """Municipalities that use no best practices: those that ticked "geen" (code 1)."""
    return share(t, BEST_PRACTICES, 1, NO_BEST_PRACTICES)


def best_practice_changes(t: Tables) -> list[tuple[str, int]]:
    """(source, pp change) of every source of best practices, largest rise first."""
    out = []
    for item in items(t, BEST_PRACTICES):
        if item in (NO_BEST_PRACTICES, "anders"):
            continue
        change = shown_change(*pair(t, BEST_PRACTICES, item=item))
        if change is not None:
            out.append((item, change))
    return sorted(out, key=lambda r: -r[1])


def best_practice_shifts(t: Tables) -> tuple[str | None, str | None]:
    """(the source with the largest fall, the one with the largest rise) since the
    previous year; None where no source fell or rose clearly."""
    changes = best_practice_changes(t)
    fallen = [i for i, c in changes if fell(c)]
    risen = [i for i, c in changes if rose(c)]
    return (fallen[-1] if fallen else None, risen[0] if risen else None)


# --- the local coalition ----------------------------------------------------------------

COALITION = "samenstelling_coalitie"
MUNICIPALITY = "gemeente"  # the item of the municipality itself
INVOLVED = (1, 2, 3)  # Kartrekker, Actieve rol, Beperkte rol (scale rol_coalitie)
KARTREKKER = 1  # code of "Kartrekker" on the scale rol_coalitie


def coalition_ranking(t: Tables, year: int | None = None) -> list[tuple[str, Share]]:
    """Partners of the local coalitions, the most often involved (in any role) first."""
    return ranked(t, COALITION, INVOLVED, year=year)


class CoalitionCore(NamedTuple):
    """The partners most often involved in the local coalitions (tied on the rounded share)."""

    ranking: list[tuple[str, Share]]  # every partner, as `coalition_ranking`
    partners: list[str]  # the most involved other than the municipality itself
    with_municipality: bool  # the municipality itself is among the most involved
    pct: float  # their share

    @property
    def size(self) -> int:
        return len(self.partners) + self.with_municipality


def coalition_core(t: Tables) -> CoalitionCore | None:
    """The core of the local coalitions in the report year; None when not asked."""
    ranking = coalition_ranking(t)
    if not ranking:
        return None
    top = [i for i, _ in top_tied(ranking)]
    partners = [i for i in top if i != MUNICIPALITY]
    return CoalitionCore(ranking, partners, MUNICIPALITY in top, ranking[0][1].pct)


# --- target groups ----------------------------------------------------------------------

TARGET_GROUPS = "doelgroepen"


def target_groups_ranking(t: Tables) -> list[tuple[str, Share]]:
    """Target groups, the one most municipalities give explicit attention first."""
    return ranked(t, TARGET_GROUPS, 1)
