"""The words of the chapter Uitdagingen en ondersteuningsbehoeften
(notebooks/uitdagingen.ipynb): the largest challenges this year and last year, what
shifted, and the themes of the free-text answers."""

from __future__ import annotations

from helpers.report import fmt
from helpers.report.fmt import round_half_up
from helpers.report.indicators import PANEL, Tables, shown_change
from helpers.report.text.changes import fell, rose
from helpers.report.text.lookup import asked, item_label, pair, question, ranked
from helpers.report.text.markup import ref
from helpers.report.text.phrasing import in_sentence, paragraph, quantity_phrase, sentence
from helpers.report.text.shared import panel_phrase
from helpers.report.text.thresholds import EDITORIAL

CHALLENGES = "uitdagingen"
OTHER = "anders"  # the option ‘Anders’, whose free text is coded into themes


def challenge_label(item: str) -> str:
    """“werken aan een duurzame aanpak”: an option of the challenges question, quoted."""
    return f"“{in_sentence(item_label(CHALLENGES, item))}”"


def challenge_np(item: str) -> str:
    """The quoted option with "het" before a verbal noun: het “betrekken van ondernemers”,
    but “monitoring en evaluatie”."""
    label = challenge_label(item)
    first = item_label(CHALLENGES, item).split(" ", 1)[0].lower()
    return f"het {label}" if first.endswith("en") else label


def challenges_paragraph(t: Tables) -> str:
    """The largest challenges this year and last year, and what shifted."""
    year, prev = t.year, t.previous_year
    now = ranked(t, CHALLENGES, 1, exclude=[OTHER])
    if not now:
        return ""
    top_now = now[0][0]
    if not asked(CHALLENGES, prev):
        s = now[0][1]
        return (
            f"In {year} wordt {challenge_np(top_now)} het vaakst genoemd als de grootste "
            f"uitdaging en ondersteuningsbehoefte ({fmt.pct(s.pct)}; {ref('uitdagingen')})."
        )
    before = ranked(t, CHALLENGES, 1, year=prev, exclude=[OTHER])
    top_prev = before[0][0]
    older = [y for y in t.meta["years"] if y < prev and asked(CHALLENGES, y)]
    same_older = older and all(
        ranked(t, CHALLENGES, 1, year=y, exclude=[OTHER])[0][0] == top_prev for y in older
    )

    def both(item: str) -> str:
        b, n = pair(t, CHALLENGES, item=item)
        return f"{fmt.pct(b.pct)} in {prev}, {fmt.pct(n.pct)} in {year}"

    out = []
    mentioned = {top_now, top_prev}
    if top_now != top_prev:
        out += [
            "Onder gemeenten is ten opzichte van vorig jaar een verschuiving te zien in wat zij "
            "het vaakst noemen als de grootste uitdaging en ondersteuningsbehoefte in de aanpak "
            "van eenzaamheid.",
            f"{ref('uitdagingen_vorig_jaar')} toont de grootste uitdagingen van {prev} "
            f"en {ref('uitdagingen')} van {year}.",
            f"In {prev}{' (en de jaren daarvoor)' if same_older else ''} was de grootste "
            f"uitdaging {challenge_np(top_prev)} ({both(top_prev)}).",
            f"In {year} wordt echter {challenge_np(top_now)} het vaakst genoemd als de "
            f"grootste uitdaging en ondersteuningsbehoefte ({both(top_now)}).",
        ]
        panel_now = ranked(t, CHALLENGES, 1, population=PANEL, exclude=[OTHER])
        panel_prev = ranked(t, CHALLENGES, 1, year=prev, population=PANEL, exclude=[OTHER])
        if panel_now and panel_prev:
            if panel_now[0][0] == top_now and panel_prev[0][0] == top_prev:
                out.append(
                    "Deze verschuiving zien we ook terug als we enkel kijken naar "
                    f"{panel_phrase(t)}."
                )
            else:
                out.append(
                    f"Onder {panel_phrase(t)} is deze verschuiving niet op dezelfde manier te zien."
                )
        if year == EDITORIAL.broad_target_group_from and top_now == "doelgroep":
            out.append(
                f"Wellicht vormt {challenge_np(top_now)} dit jaar de grootste uitdaging "
                f"omdat de doelgroep van het actieprogramma in {year} is verbreed van ouderen naar "
                "de gehele populatie."
            )
    else:
        out += [
            f"{ref('uitdagingen_vorig_jaar')} toont de grootste uitdagingen van {prev} "
            f"en {ref('uitdagingen')} van {year}.",
            f"Net als in {prev} wordt {challenge_np(top_now)} het vaakst genoemd als de "
            f"grootste uitdaging en ondersteuningsbehoefte ({both(top_now)}).",
        ]
    prev_shares = dict(before)
    big = EDITORIAL.big_challenge_from
    remain_big = [
        i
        for i, s in now
        if i not in mentioned
        and i in prev_shares
        and round_half_up(s.pct) >= big
        and round_half_up(prev_shares[i].pct) >= big
    ]
    if remain_big:
        names = fmt.join([challenge_np(i) for i in remain_big])
        out.append(f"Verder blijft {names} voor veel gemeenten een grote uitdaging.")
        mentioned |= set(remain_big)
    changes = [(i, shown_change(prev_shares.get(i), s)) for i, s in now if i not in mentioned]
    risen = [i for i, c in changes if rose(c)]
    fallen = [i for i, c in changes if fell(c)]
    if risen:
        verb = "wordt" if len(risen) == 1 else "worden"
        names = fmt.join([challenge_np(i) for i in risen])
        out.append(f"In {year} {verb} {names} vaker als grote uitdaging genoemd dan in {prev}.")
    if fallen:
        verb = "wordt" if len(fallen) == 1 else "worden"
        names = fmt.join([challenge_np(i) for i in fallen])
        out.append(f"{sentence(names)} {verb} juist minder vaak genoemd.")
    lowest, s = now[-1]
    if round_half_up(s.pct) <= EDITORIAL.few_mentions_up_to:
        out.append(
            f"{sentence(quantity_phrase(s.pct))} ziet {challenge_label(lowest)} als grote "
            "uitdaging en ondersteuningsbehoefte."
        )
    return paragraph(*out)


def other_themes_paragraph(t: Tables) -> str:
    """Coded themes in the free-text answers under ‘Anders’."""
    out = []
    for theme in question(CHALLENGES).themes:
        s = t.theme(CHALLENGES, theme["code"])
        if s is not None and s.count:  # None: no free text that year
            out.append(
                f"In de toelichting bij de categorie ‘Anders’ wordt in {t.year} bij "
                f"{fmt.number(s.count)} van de {fmt.number(s.n)} keer aangegeven dat een "
                f"{theme['label']} een belangrijke uitdaging vormt."
            )
    return paragraph(*out)
