"""Dutch prose for the report chapters: the words around the numbers.

The chapter notebooks (notebooks/*.ipynb) write their sentences as f-strings and take
from here everything that depends on the data:

* lookups that may legitimately be missing -- a question or answer option not asked
  in a year, no previous year (2019), no panel: `share`, `pair`, `series`, `ranked`
  return None or nothing instead of raising; `asked`, `not_asked`, `topic_not_asked`
  give the sentence that replaces a missing question;
* words chosen from the data: `change_words` ("vrijwel gelijk gebleven", "iets
  gestegen", "flink gedaald"), `was_phrase` ("was 12% in 2022" / "vorig jaar ook
  43%"), `compare_clause`, `trend_phrase` (a series over the years),
  `fraction_phrase` ("zo'n driekwart"), `quantity_phrase` ("een groot deel van de
  gemeenten"), `count_change_phrase` ("één gemeente meer"), `around_phrase`;
* whole sentences or paragraphs whose shape depends on the data (which toolkits
  rose, which challenge is the largest, which target groups get the least
  attention ...), one function each, grouped per chapter below;
* the notices: `synthetic_notice` (a Quarto callout) and `panel_intro`.

Numbers are formatted by `helpers.report.fmt`. Comparisons in words use the numbers the
reader sees: the difference of the two rounded percentages when both are shown
(`shown_change`), the rounded percentage-point change otherwise. Change grades
(rounded points): 0 gelijk, 1-2 vrijwel gelijk, 3-4 iets, 5-9 plain, 10+ flink.
Figures are referred to by their Quarto label (`ref` -> "@fig-week-deelname"), so
the text follows Quarto's figure numbering.

No survey number or report year is typed here: everything comes from the processed
tables and the codebook. The only years are the programme context below, which no
survey answer can tell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from helpers.data import codebook
from helpers.report import display, fmt
from helpers.report.fmt import round_half_up
from helpers.report.indicators import ALL, PANEL, Share, Tables

# Context of the programme that the survey data cannot tell (the report's
# introduction). Source: VWS, "Eén tegen eenzaamheid -- vervolgaanpak 2022-2025".
VERVOLGAANPAK = (2022, 2025)  # first and last year of the follow-up programme
BREDE_DOELGROEP_VANAF = 2023  # from this survey year: loneliness of all ages, not only 75+

# --- lookups that may be missing ------------------------------------------------


def question(qid: str) -> codebook.Question:
    return codebook.load().questions[qid]


def item_label(qid: str, item: str) -> str:
    """The codebook label of a matrix row or multiple-choice option."""
    for o in question(qid).rows + question(qid).options:
        if str(o.code) == str(item):
            return o.label
    raise KeyError(f"{qid}: no item {item!r}")


def asked(qid: str, year: int | None, item: str = "") -> bool:
    """Was the question (and that matrix row or option) asked in `year`? An id or item
    the codebook does not know is a KeyError, never a quiet False."""
    q = question(qid)
    unit = None
    if item:
        unit = next((u for u in q.items() if str(u.code) == str(item)), None)
        if unit is None:
            raise KeyError(f"{qid}: no item {item!r} in the codebook")
    if year is None or not q.asked_in(year):
        return False
    return unit is None or unit.asked_in(year)


def has_panel(t: Tables) -> bool:
    return bool(t.meta.get("panel_size"))


def share(
    t: Tables,
    qid: str,
    codes=None,
    item: str = "",
    year: int | None = None,
    population: str = ALL,
) -> Share | None:
    """`Tables.share`, or None when the question/option/population was not asked or has no
    respondents that year (an unknown id or item raises KeyError).

    `codes` defaults to the question's headline codes (`positive` in the codebook).
    """
    year = year or t.year
    if not asked(qid, year, item) or year not in t.meta["years"]:
        return None
    if population == PANEL and (not has_panel(t) or year not in (t.year, t.previous_year)):
        return None
    codes = question(qid).positive if codes is None else codes
    s = t.share(qid, codes, item, year, population)  # asked, so its rows must be there
    return s if s.n else None


def series(
    t: Tables, qid: str, codes=None, item: str = "", population: str = ALL
) -> dict[int, Share]:
    """Share per year, for every year up to the report year in which it was asked."""
    years = t.meta["years"] if population == ALL else [t.previous_year, t.year]
    out = {}
    for y in years:
        s = share(t, qid, codes, item, y, population)
        if s is not None:
            out[y] = s
    return out


def pair(
    t: Tables, qid: str, codes=None, item: str = "", population: str = ALL
) -> tuple[Share | None, Share | None]:
    """(previous year, report year) shares; either may be None."""
    prev = t.previous_year
    return (
        share(t, qid, codes, item, prev, population) if prev else None,
        share(t, qid, codes, item, t.year, population),
    )


def pp(before: Share | None, now: Share | None) -> float | None:
    """Unrounded percentage-point change, or None when either side is missing."""
    if before is None or now is None:
        return None
    return now.pct - before.pct


def shown_change(before: Share | None, now: Share | None) -> int | None:
    """The change the reader sees: difference of the two rounded percentages."""
    if before is None or now is None:
        return None
    return int(round_half_up(now.pct) - round_half_up(before.pct))


def items(t: Tables, qid: str, year: int | None = None) -> list[str]:
    """Item codes (matrix rows / options) of a question asked in `year`, codebook order."""
    year = year or t.year
    q = question(qid)
    if not q.asked_in(year):
        return []
    return [str(o.code) for o in q.items(year)]


def ranked(
    t: Tables,
    qid: str,
    codes=None,
    year: int | None = None,
    population: str = ALL,
    exclude: Iterable[str] = (),
) -> list[tuple[str, Share]]:
    """(item, share) of every item, highest share first (ties in codebook order)."""
    rows = []
    for item in items(t, qid, year):
        if item in exclude:
            continue
        s = share(t, qid, codes, item, year, population)
        if s is not None:
            rows.append((item, s))
    return sorted(rows, key=lambda r: -r[1].pct)


# --- the questionnaire and the programme ----------------------------------------


def topics(prefix: str = "") -> list[dict]:
    """Topics of the questionnaire (codebook `topics`), optionally those whose id starts
    with `prefix` ("pijler", "actielijn")."""
    return [tp for tp in codebook.load().topics if tp["id"].startswith(prefix)]


def topic_questions(topic: str, year: int) -> list[codebook.Question]:
    return [q for q in codebook.load().asked(year) if q.topic == topic]


def new_questions(year: int) -> list[codebook.Question]:
    """Questions first asked in `year` (not in the first year of the benchmark)."""
    cb = codebook.load()
    return [q for q in cb.asked(year) if q.since == year and year > cb.first_year]


def new_options(year: int) -> list[tuple[codebook.Question, codebook.Option]]:
    """Answer options added in `year` to a question that existed before."""
    out = []
    for q in codebook.load().asked(year):
        for o in q.options:
            if o.since == year and q.since < year:
                out.append((q, o))
    return out


def topic_not_asked(topic: str, year: int) -> str:
    """Sentence for a topic without any question in the questionnaire of `year`."""
    if topic_questions(topic, year):
        return ""
    tp = next(x for x in codebook.load().topics if x["id"] == topic)
    return (
        f"In de vragenlijst van {year} waren nog geen vragen over "
        f"{tp['label'].lower()} ({tp['title'].lower()}) opgenomen."
    )


def programme_focus(year: int) -> str:
    """The target group of the programme in `year` (context the data cannot tell)."""
    first, last = VERVOLGAANPAK
    if year >= first:
        return (
            "Waar het actieprogramma zich in de vorige kabinetsperiode richtte op "
            "eenzaamheid onder 75-plussers, richt het zich in de vervolgaanpak "
            f"{first} - {last} op eenzaamheid in het algemeen."
        )
    return "Het actieprogramma richt zich in deze kabinetsperiode op eenzaamheid onder 75-plussers."


# --- notices --------------------------------------------------------------------


def synthetic_years(t: Tables) -> list[int]:
    return sorted(int(y) for y, flag in t.meta.get("synthetic", {}).items() if flag)


def synthetic_notice(t: Tables) -> str:
    """A Quarto callout when the report year (or a year it compares with) is synthetic.

    Empty string when every year in the tables is real survey data.
    """
    years = synthetic_years(t)
    if not years:
        return ""
    if t.year in years:
        head = f"de cijfers van {t.year} zijn synthetisch"
    else:
        head = f"de vergelijkingsjaren {fmt.join([str(y) for y in years])} zijn synthetisch"
    others = [y for y in years if y != t.year]
    earlier = "het eerdere jaar" if len(others) == 1 else "de eerdere jaren"
    also = (
        f" Dat geldt ook voor {earlier} ({fmt.join([str(y) for y in others])})."
        if t.year in years and others
        else ""
    )
    return (
        "::: {.callout-warning}\n"
        "## Let op: synthetische gegevens\n\n"
        f"Dit hoofdstuk is gemaakt met gesimuleerde gegevens: {head}.{also} "
        "De getallen, figuren en conclusies laten zien hoe de rapportage werkt, "
        "maar beschrijven niet het werkelijke beleid van gemeenten.\n"
        ":::"
    )


def not_asked(qid: str, year: int, item: str = "") -> str:
    """Sentence for a question (or option) that is not part of the questionnaire of `year`."""
    q = question(qid)
    subject, period = f"De vraag “{q.text}”", q
    if item and q.asked_in(year):
        period = next(o for o in q.options if str(o.code) == str(item))
        subject = f"De antwoordmogelijkheid ‘{period.label}’ bij de vraag “{q.text}”"
    if period.asked_in(year):
        raise ValueError(f"{qid} {item} is asked in {year}")
    if period.since is not None and year < period.since:
        return f"{subject} maakt pas sinds {period.since} deel uit van de vragenlijst."
    return f"{subject} is na {period.until} niet meer gesteld."


def panel_phrase(t: Tables) -> str:
    """ "gemeenten die zowel in 2022 als 2023 hebben deelgenomen aan de benchmark"."""
    return (
        f"gemeenten die zowel in {t.previous_year} als {t.year} hebben deelgenomen aan de benchmark"
    )


ACTIEF = "gemeenten zich actief inzetten in de aanpak van eenzaamheid"
ONDERSTEUNING = (
    "zij veelvuldig gebruikmaken van de ondersteuning die door het actieprogramma "
    "Eén tegen eenzaamheid wordt geboden"
)


def main_conclusions(t: Tables) -> list[str]:
    """The report's two main conclusions, each only when the data carry it: most
    municipalities have a local coalition (`ACTIEF`) and most use the programme's
    advisers (`ONDERSTEUNING`)."""
    out = []
    coalitie = share(t, "lokale_coalitie")
    if coalitie is not None and round_half_up(coalitie.pct) > 50:
        out.append(ACTIEF)
    adviseurs = share(t, "producten_diensten", item="adviseurs")
    if adviseurs is not None and round_half_up(adviseurs.pct) > 50:
        out.append(ONDERSTEUNING)
    return out


def panel_intro(t: Tables) -> str:
    """Why and which panel is shown, or why there is no comparison."""
    if t.previous_year is None:
        return (
            f"Er zijn geen benchmarkgegevens van vóór {t.year}; deze rapportage bevat daarom "
            "nog geen vergelijking met een vorig jaar."
        )
    if not has_panel(t):
        return (
            f"Geen enkele gemeente heeft zowel in {t.previous_year} als {t.year} deelgenomen; "
            "een vergelijking binnen dezelfde groep gemeenten is daarom niet mogelijk."
        )
    return (
        "Om de ontwikkeling ten opzichte van vorig jaar zuiver te meten, tonen we waar mogelijk "
        f"ook de resultaten van {panel_phrase(t)} - dit zijn er {fmt.number(t.meta['panel_size'])}."
    )


# --- words for numbers ----------------------------------------------------------

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


def number_word(n: int) -> str:
    """1..12 in words (as Dutch prose writes small numbers), larger numbers in digits."""
    return NUMBER_WORDS.get(n, str(n))


def count_change_phrase(delta: int, singular: str = "gemeente", plural: str = "gemeenten") -> str:
    """+1 -> "één gemeente meer", -3 -> "drie gemeenten minder", 0 -> "evenveel gemeenten"."""
    if delta == 0:
        return f"evenveel {plural}"
    noun = singular if abs(delta) == 1 else plural
    return f"{number_word(abs(delta))} {noun} {'meer' if delta > 0 else 'minder'}"


FRACTIONS = (
    (25.0, "een kwart"),
    (100 / 3, "een derde"),
    (50.0, "de helft"),
    (200 / 3, "twee derde"),
    (75.0, "driekwart"),
)


def fraction_phrase(pct: float, tolerance: float = 3.0) -> str | None:
    """A share as a common fraction: 50 -> "de helft", 76.6 -> "zo'n driekwart",
    48 -> "ongeveer de helft".

    Approximate ("zo'n", or "ongeveer" before an article) when the rounded share is not
    the fraction's own rounded value; None when no fraction lies within `tolerance`
    percentage points.
    """
    value, words = min(FRACTIONS, key=lambda f: abs(f[0] - pct))
    if abs(value - pct) > tolerance:
        return None
    if round_half_up(pct) == round_half_up(value):
        return words
    if words.startswith(("een ", "de ")):
        return f"ongeveer {words}"
    return f"zo'n {words}"


def quantity_phrase(pct: float) -> str:
    """How much of the municipalities, in words: 98 -> "vrijwel alle gemeenten"."""
    p = round_half_up(pct)
    if p >= 100:
        return "alle gemeenten"
    if p >= 95:
        return "vrijwel alle gemeenten"
    if p >= 85:
        return "een zeer groot deel van de gemeenten"
    if p >= 60:
        return "een groot deel van de gemeenten"
    if p > 50:
        return "ruim de helft van de gemeenten"
    if p == 50:
        return "de helft van de gemeenten"
    if p >= 40:
        return "bijna de helft van de gemeenten"
    if p >= 15:
        return "een deel van de gemeenten"
    if p > 5:
        return "een klein deel van de gemeenten"
    if p > 0:
        return "vrijwel geen van de gemeenten"
    return "geen van de gemeenten"


def around_phrase(pcts: Iterable[float], spread: int = 3) -> str | None:
    """ "rond de 90%" when every rounded share lies within `spread` points of one
    multiple of five, else None."""
    values = [round_half_up(p) for p in pcts]
    if not values:
        return None
    mid = 5 * round_half_up(sum(values) / len(values) / 5)
    if all(abs(v - mid) <= spread for v in values):
        return f"rond de {fmt.pct(mid)}"
    return None


# --- words for changes ----------------------------------------------------------

STABLE, SLIGHT, CLEAR, LARGE = 0, 2, 4, 10  # thresholds on the rounded pp change


def change_words(change: float | None) -> str:
    """A pp change in words, graded on its rounded size: "gelijk gebleven" (0),
    "vrijwel gelijk gebleven" (1-2), "iets gestegen" (3-4), "gestegen" (5-9),
    "flink gestegen" (10 or more); likewise "gedaald". The verb is `fmt.change_phrase`."""
    if change is None:
        return ""
    size = abs(round_half_up(change))
    if size == STABLE:
        return "gelijk gebleven"
    if size <= SLIGHT:
        return "vrijwel gelijk gebleven"
    grade = "iets " if size <= CLEAR else "flink " if size >= LARGE else ""
    return grade + fmt.change_phrase(change)


def is_stable(change: float | None) -> bool:
    return change is not None and abs(round_half_up(change)) <= SLIGHT


def rose(change: float | None) -> bool:
    return change is not None and round_half_up(change) > SLIGHT


def fell(change: float | None) -> bool:
    return change is not None and round_half_up(change) < -SLIGHT


def more_less(change: float) -> str:
    """ "6%-punt meer", "3%-punt minder", "evenveel"."""
    p = round_half_up(change)
    if p == 0:
        return "evenveel"
    return f"{fmt.pp(abs(p))} {'meer' if p > 0 else 'minder'}"


def higher_lower(change: float) -> str:
    """ "5%-punt hoger", "2%-punt lager", "even hoog"."""
    p = round_half_up(change)
    if p == 0:
        return "even hoog"
    return f"{fmt.pp(abs(p))} {'hoger' if p > 0 else 'lager'}"


def was_phrase(now: Share | None, before: Share | None, before_year: int | None) -> str:
    """ "was 12% in 2022" -- or "vorig jaar ook 43%" when the rounded shares are equal.

    Empty when there is nothing to compare with. Meant for a parenthesis after the
    current share.
    """
    if now is None or before is None or before_year is None:
        return ""
    if round_half_up(now.pct) == round_half_up(before.pct):
        return f"vorig jaar ook {fmt.pct(before.pct)}"
    return f"was {fmt.pct(before.pct)} in {before_year}"


def compare_clause(now: Share | None, before: Share | None, before_year: int | None) -> str:
    """The report year against the previous one, for "... en dat is {clause}":
    "hetzelfde aandeel als in 2022", "vergelijkbaar met 2022 (82%)",
    "meer dan in 2022 (74%)", "minder dan in 2022 (90%)". Empty without a comparison."""
    p = shown_change(before, now)
    if p is None:
        return ""
    if p == 0:
        return f"hetzelfde aandeel als in {before_year}"
    if abs(p) <= SLIGHT:
        return f"vergelijkbaar met {before_year} ({fmt.pct(before.pct)})"
    return f"{'meer' if p > 0 else 'minder'} dan in {before_year} ({fmt.pct(before.pct)})"


def from_to(before: Share | None, now: Share | None, before_year: int | None, year: int) -> str:
    """ "van 34% in 2022 naar 13% in 2023"; empty without a previous share."""
    if before is None or now is None:
        return ""
    return f"van {fmt.pct(before.pct)} in {before_year} naar {fmt.pct(now.pct)} in {year}"


def grouped_changes(changes: Sequence[tuple[str, float]]) -> list[tuple[list[str], str]]:
    """Items with the same rounded change grouped, largest change first:
    [("A", 11.2), ("B", 10.6), ("C", 4.8)] -> [(["A", "B"], "met 11%-punt gestegen"),
    (["C"], "met 5%-punt gestegen")]. Changes below 1 point are "gelijk gebleven"."""
    groups: dict[int, list[str]] = {}
    for name, change in changes:
        groups.setdefault(round_half_up(change), []).append(name)
    return [
        (names, fmt.change_phrase(p, amount=True))
        for p, names in sorted(groups.items(), key=lambda g: -g[0])
    ]


def paren(clause: str) -> str:
    """ " (clause)" or "" -- for optional parentheses such as `was_phrase`."""
    return f" ({clause})" if clause else ""


def development(subject: str, now: Share, before: Share | None, before_year: int | None) -> str:
    """`subject` ends in its verb: "Qua bekostiging is het aandeel ..." ->
    "... iets gedaald (34%; was 37% in 2022)." -- or "... 34%." without a previous year."""
    if before is None:
        return f"{subject} {fmt.pct(now.pct)}."
    was = was_phrase(now, before, before_year)
    return f"{subject} {change_words(shown_change(before, now))} ({fmt.pct(now.pct)}; {was})."


def trend_phrase(values: Mapping[int, float]) -> str:
    """How a yearly share moved, as a clause after "het aandeel ...".

    Examples: "is van 2019 naar 2020 flink gedaald, maar neemt sinds 2020 weer
    geleidelijk toe"; "is sinds 2019 vrijwel gelijk gebleven"; "is van 2022 naar 2023
    gestegen". Empty for a single year.
    """
    years = sorted(values)
    if len(years) < 2:
        return ""
    v = [round_half_up(values[y]) for y in years]
    first, last = years[0], years[-1]
    if max(v) - min(v) <= SLIGHT:
        level = around_phrase(v) or f"tussen {fmt.pct(min(v))} en {fmt.pct(max(v))}"
        return f"is sinds {first} vrijwel gelijk gebleven ({level})"
    steps = [b - a for a, b in zip(v, v[1:], strict=False)]
    if len(years) == 2:
        return f"is van {first} naar {last} {change_words(steps[0])}"
    # one turning point: an extreme strictly inside, monotone on either side
    for k in range(1, len(v) - 1):
        left, right = steps[:k], steps[k:]
        down_up = all(s <= 0 for s in left) and all(s >= 0 for s in right)
        up_down = all(s >= 0 for s in left) and all(s <= 0 for s in right)
        if (down_up or up_down) and abs(v[k] - v[0]) > SLIGHT and abs(v[-1] - v[k]) > SLIGHT:
            turn = years[k]
            first_move = change_words(v[k] - v[0])
            pace = "geleidelijk " if len(right) > 1 else ""
            again = "toe" if down_up else "af"
            since = f"sinds {turn}" if len(right) > 1 else f"in {last}"
            return (
                f"was van {first} naar {turn} {first_move}, maar neemt {since} weer {pace}{again}"
            )
    if all(s >= 0 for s in steps) or all(s <= 0 for s in steps):
        span = f"van {fmt.pct(v[0])} naar {fmt.pct(v[-1])}"
        return f"is sinds {first} {change_words(v[-1] - v[0])} ({span})"
    return (
        f"schommelt sinds {first} tussen {fmt.pct(min(v))} en {fmt.pct(max(v))} "
        f"({fmt.pct(v[-1])} in {last})"
    )


# --- words for labels -----------------------------------------------------------


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


def sentence(text: str) -> str:
    """Capitalise the first letter (numbers and quotes left as they are)."""
    return text[:1].upper() + text[1:] if text else text


def paragraph(*sentences: str) -> str:
    """Join non-empty sentences with single spaces."""
    return " ".join(s.strip() for s in sentences if s and s.strip())


def show(*sentences: str) -> None:
    """Display the non-empty sentences as one Markdown paragraph (notebook output)."""
    display.show(paragraph(*sentences))


# --- selections the chapters describe ---------------------------------------------


def top_tied(ranking: Sequence[tuple[str, Share]]) -> list[tuple[str, Share]]:
    """The leading items of a `ranked` list that share the top rounded percentage."""
    if not ranking:
        return []
    top = round_half_up(ranking[0][1].pct)
    return [r for r in ranking if round_half_up(r[1].pct) == top]


def frequency_word(pct: float) -> str:
    """How often, in words: 100 -> "altijd", 97 -> "vrijwel altijd", 80 -> "meestal"."""
    p = round_half_up(pct)
    if p >= 100:
        return "altijd"
    if p >= 95:
        return "vrijwel altijd"
    if p >= 75:
        return "meestal"
    if p >= 50:
        return "vaak"
    if p >= 20:
        return "soms"
    return "zelden"


def labels(qid: str, items_: Iterable[str], short: bool = True) -> list[str]:
    """Labels of items inside a sentence ("ouderen", "financiële sector")."""
    out = []
    for item in items_:
        label = item_label(qid, item)
        out.append(in_sentence(short_label(label) if short else label))
    return out


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


def little_used_products(t: Tables) -> list[str]:
    """Toolkits that fewer than half of the municipalities used in the previous year,
    apart from the least known one (which the report discusses on its own)."""
    prev = t.previous_year
    if not asked(PRODUCTS, prev):
        return []
    unknown = least_known_product(t)
    return [
        item
        for item, s in ranked(t, PRODUCTS, USED, year=prev, exclude=[ADVISERS])
        if round_half_up(s.pct) < 50 and item != unknown
    ]


def products_trend(t: Tables, population: str = ALL) -> tuple[list[str], list[str]]:
    """(risen, fallen) toolkits from the previous year to the report year."""
    risen, fallen = [], []
    for item in toolkits(t):
        change = pp(*pair(t, PRODUCTS, USED, item, population))
        if rose(change):
            risen.append(item)
        elif fell(change):
            fallen.append(item)
    return risen, fallen


def products_trend_sentence(t: Tables) -> str:
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


def summary_conclusions(t: Tables) -> str:
    """The main conclusions that open the summary, with their numbers."""
    conclusions = main_conclusions(t)
    out = []
    for rank, conclusion in enumerate(conclusions):
        which = (
            "De hoofdconclusie"
            if len(conclusions) == 1
            else f"De {('eerste', 'tweede')[rank]} hoofdconclusie"
        )
        if conclusion == ACTIEF:
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
        else:
            out += [
                f"{which} is dat gemeenten veelvuldig gebruikmaken van de ondersteuning die "
                "vanuit het actieprogramma Eén tegen eenzaamheid wordt geboden, zoals de "
                "adviseurs, toolkits en best practices.",
                products_trend_sentence(t),
            ]
    return paragraph(*out)


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


def commitment_lead(t: Tables) -> str:
    """Whether administrative commitment improved: the mean change of the three
    commitment statements (gemeenteraad, wethouder, uitvoeringsplan)."""
    q = "bestuurlijk_commitment"
    changes = [pp(*pair(t, q, 1, item)) for item in items(t, q) if item != "geen"]
    changes = [c for c in changes if c is not None]
    if not changes:
        return ""
    words = change_words(sum(changes) / len(changes))
    words = words.replace("gestegen", "verbeterd").replace("gedaald", "verslechterd")
    return (
        f"Het bestuurlijk commitment voor het thema eenzaamheid is {words} ten opzichte van "
        "vorig jaar."
    )


def spuk_sentence(t: Tables) -> str:
    """Use of the Specifieke Uitkering (an answer option since its first year)."""
    before, now = pair(t, "financiering", 1, "spuk")
    if now is None:
        return ""
    if not asked("financiering", t.previous_year, "spuk"):
        return (
            "Anders dan vorig jaar kunnen gemeenten sinds dit jaar gebruikmaken van het "
            "steunpakket Specifieke Uitkering (SpUK) en dit wordt door "
            f"{fmt.pct(now.pct)} van de gemeenten gedaan."
        )
    return (
        f"Van het steunpakket Specifieke Uitkering (SpUK) maakt {fmt.pct(now.pct)} van de "
        f"gemeenten gebruik{paren(was_phrase(now, before, t.previous_year))}."
    )


INVOLVED = (1, 2, 3)  # Kartrekker, Actieve rol, Beperkte rol (scale rol_coalitie)


def coalition_sentences(t: Tables) -> str:
    """Who is always in the local coalition, and who rarely."""
    q = "samenstelling_coalitie"
    ranking = ranked(t, q, INVOLVED)
    if not ranking:
        return ""
    top = top_tied(ranking)
    top_items = [i for i, _ in top]
    others = [i for i in top_items if i != "gemeente"]
    how = frequency_word(top[0][1].pct)
    if "gemeente" in top_items and others:
        first = (
            f"Naast de gemeenten zelf spelen {join_compounds(labels(q, others))} {how} "
            "een rol in de lokale coalitie."
        )
    else:
        who = join_compounds(labels(q, top_items))
        first = sentence(f"{who} spelen {how} een rol in de lokale coalitie.")
    bottom = ranking[-2:][::-1] if len(ranking) > len(top) + 1 else []
    if not bottom:
        return first
    rarely = "juist niet vaak" if round_half_up(bottom[-1][1].pct) < 50 else "het minst vaak"
    names = fmt.join(labels(q, [i for i, _ in bottom[::-1]]))
    return paragraph(first, sentence(f"{names} komen {rarely} in de coalitie voor."))


def target_groups_summary(t: Tables) -> str:
    """Target groups with the most and the least explicit attention."""
    ranking = ranked(t, "doelgroepen", 1)
    if len(ranking) < 4:
        return ""
    top = [quoted(x) for x in labels("doelgroepen", [i for i, _ in ranking[:2]])]
    low = labels("doelgroepen", [i for i, _ in ranking[::-1][:2]])
    return (
        "Gemeenten hebben in hun beleid expliciet aandacht voor specifieke doelgroepen, zoals "
        f"{fmt.join(top)}. Voor andere doelgroepen – zoals {fmt.join(low)} – geldt dat in "
        "mindere mate."
    )


BEST_PRACTICES = "best_practices"


def best_practice_changes(t: Tables) -> list[tuple[str, float]]:
    """(option, pp change) of every source of best practices, largest rise first."""
    out = []
    for item in items(t, BEST_PRACTICES):
        if item in ("geen", "anders"):
            continue
        change = pp(*pair(t, BEST_PRACTICES, 1, item))
        if change is not None:
            out.append((item, change))
    return sorted(out, key=lambda r: -r[1])


def best_practices_summary(t: Tables) -> str:
    none = share(t, BEST_PRACTICES, 0, "geen")
    if none is None:
        return ""
    out = [
        f"{sentence(quantity_phrase(none.pct).replace('gemeenten', 'ondervraagde gemeenten'))} "
        f"({fmt.pct(none.pct)}) geeft aan dat zij gebruikmaakt van best practices."
    ]
    changes = best_practice_changes(t)
    fallen = [c for c in changes if fell(c[1])]
    risen = [c for c in changes if rose(c[1])]
    if fallen:
        label = quoted(option_phrase(item_label(BEST_PRACTICES, fallen[-1][0])))
        out.append(f"Best practices {label} zijn dit jaar minder in gebruik dan vorig jaar.")
    if risen:
        label = quoted(option_phrase(item_label(BEST_PRACTICES, risen[0][0])))
        if fallen:
            out.append(f"Aan de andere kant worden best practices {label} vaker gebruikt.")
        else:
            out.append(f"Best practices {label} worden vaker gebruikt dan vorig jaar.")
    return paragraph(*out)


def products_summary(t: Tables) -> str:
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


def trend_sentence(subject: str, values: Mapping[int, Share]) -> str:
    """ "{subject} was van 2019 naar 2020 flink gedaald, maar neemt ..." over all years."""
    phrase = trend_phrase({y: s.pct for y, s in values.items()})
    return f"{subject} {phrase}." if phrase else ""


def panel_confirms(
    t: Tables, values: Mapping[int, Share], panel: tuple[Share | None, Share | None]
) -> str:
    """Whether the panel shows the same change as all respondents from last year on."""
    change = pp(*panel)
    prev = t.previous_year
    if change is None or prev not in values:
        return ""
    overall = pp(values[prev], values[t.year])

    def kind(c: float) -> int:
        return 1 if rose(c) else -1 if fell(c) else 0

    if kind(change) == kind(overall):
        return f"Dit blijkt ook als we kijken naar {panel_phrase(t)}."
    return (
        f"Bij de {panel_phrase(t)} is het aandeel echter {change_words(change)} "
        f"({from_to(panel[0], panel[1], prev, t.year)})."
    )


# --- figures and panels -----------------------------------------------------------------


def ref(fig_id: str) -> str:
    """Quarto cross-reference to a figure ("@fig-week-deelname"); Quarto writes
    "Figuur 4.1" (its own numbering) in the rendered report."""
    return "@" + codebook.load().figure(fig_id).label


def note(text_: str) -> str:
    """A Pandoc inline footnote: "^[text]" (empty text gives an empty string)."""
    return f"^[{text_}]" if text_ else ""


def sub_clause_change(change: float) -> str:
    """A change in a subordinate clause: "met 11%-punt is gestegen", "gelijk is gebleven"."""
    sign = fmt.direction(change)
    if sign == 0:
        return "gelijk is gebleven"
    return f"met {fmt.pp(change)} is {'gestegen' if sign > 0 else 'gedaald'}"


def earlier_years_sentence(values: Mapping[int, Share], year: int, subject: str, n: int = 3) -> str:
    """ "In de vorige drie jaren was de deelname ook rond de 90%." -- the (up to) `n`
    years before `year`; their values listed when they are not alike."""
    earlier = sorted(y for y in values if y < year)[-n:]
    if not earlier:
        return ""
    pcts = [values[y].pct for y in earlier]
    when = (
        "Het vorige jaar"
        if len(earlier) == 1
        else f"In de vorige {number_word(len(earlier))} jaren"
    )
    if len(earlier) == 1:
        return f"In {earlier[0]} was {subject} {fmt.pct(pcts[0])}."
    around = around_phrase(pcts)
    if around:
        also = " ook" if around_phrase([*pcts, values[year].pct]) == around else ""
        return f"{when} was {subject}{also} {around}."
    listed = fmt.join([f"{fmt.pct(p)} ({y})" for y, p in zip(earlier, pcts, strict=True)])
    return f"{when} was {subject} {listed}."


def panel_rows_sentence(t: Tables) -> str:
    """What the asterisked bottom rows of a trend figure are."""
    if not has_panel(t):
        return ""
    return (
        "De onderste twee rijen, gemarkeerd met een asterisk, verwijzen naar de "
        f"{fmt.number(t.meta['panel_size'])} {panel_phrase(t)}."
    )


def panel_more_less(t: Tables, panel: tuple[Share | None, Share | None], what: str) -> str:
    """ "Indien we ons richten op gemeenten die zowel in 2022 als 2023 hebben meegedaan aan
    de benchmark (*), dan valt het op dat 6%-punt meer gemeenten {what}."."""
    change = pp(*panel)
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
    change = pp(*panel)
    if change is None:
        return ""
    return (
        "Bij gemeenten die vorig jaar ook meededen aan de benchmark is het aandeel "
        f"{fmt.change_phrase(change, amount=True)}."
    )


def also_in(year: int, now: Share, before: Share | None) -> str:
    """ "Ook in 2023" when the share is described by the same words as last year,
    else "In 2023"."""
    if before is not None and quantity_phrase(before.pct) == quantity_phrase(now.pct):
        return f"Ook in {year}"
    return f"In {year}"


def adviser_note(t: Tables) -> str:
    """Footnote on the advisers' share: change overall and within the panel."""
    before, now = pair(t, PRODUCTS, USED, ADVISERS)
    change = pp(before, now)
    if change is None:
        return ""
    if round_half_up(change) == 0:
        first = f"Het percentage van {fmt.pct(now.pct)} inzet adviseurs is even hoog als vorig jaar"
    else:
        first = (
            f"Het percentage van {fmt.pct(now.pct)} inzet adviseurs is {higher_lower(change)} "
            "dan vorig jaar"
        )
    panel = pp(*pair(t, PRODUCTS, USED, ADVISERS, PANEL))
    if panel is None:
        return f"{first}."

    def kind(c: float) -> int:
        return 1 if rose(c) else -1 if fell(c) else 0

    link = "en" if kind(panel) == kind(change) else "maar"
    return f"{first}, {link} is {change_words(panel)} als we alleen kijken naar {panel_phrase(t)}."


def products_change_sentence(t: Tables) -> str:
    """How the use of the toolkits changed since last year (all respondents)."""
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
        return f"Het gebruik van de toolkits is verder {how} ten opzichte van {prev}."
    parts = [f"het gebruik van {name_products(labels(PRODUCTS, fallen, short=False))} is gedaald"]
    if risen:
        parts.append(f"dat van {name_products(labels(PRODUCTS, risen, short=False))} gestegen")
    return sentence(f"{', '.join(parts)} ten opzichte van {prev}.")


def little_used_paragraph(t: Tables) -> str:
    """The toolkits that were little used last year, and how their use changed (all
    respondents, then the panel)."""
    little = little_used_products(t)
    if not little:
        return ""
    names = name_products(labels(PRODUCTS, little, short=False))
    out = [f"Vorig jaar werd er relatief weinig gebruikgemaakt van {names}."]
    changes = {i: pp(*pair(t, PRODUCTS, USED, i)) for i in little}
    if all(rose(c) for c in changes.values()):
        out.append("Nu zien we een stijging in het gebruik van deze toolkits.")
    elif all(fell(c) for c in changes.values()):
        out.append("Nu zien we een verdere daling in het gebruik van deze toolkits.")
    panel = [(i, pp(*pair(t, PRODUCTS, USED, i, PANEL))) for i in little]
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
            same = fmt.direction(change) == fmt.direction(first_change)
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
    same = is_stable(change)
    was_low = (
        "al weinig bekendheid" if rank_of(t, item, UNKNOWN, prev) == 0 else "weinig bekendheid"
    )
    how = "ongeveer gelijk gebleven" if same else change_words(change)
    text_ = sentence(
        f"{name} had in {prev} {was_low} ({fmt.pct(before.pct)} onbekend) en dat is {how} "
        f"in {t.year} ({fmt.pct(now.pct)} onbekend)."
    )
    panel = pp(*pair(t, PRODUCTS, USED, item, PANEL))
    if panel is not None:
        text_ += note(
            f"Onder {panel_phrase(t)} is het gebruik van {name} "
            f"{fmt.change_phrase(panel, amount=True)}."
        )
    return text_


def rank_of(t: Tables, item: str, code, year: int) -> int | None:
    """Position (0 = highest share of `code`) of a toolkit in `year`."""
    ranking = [i for i, _ in ranked(t, PRODUCTS, code, year=year, exclude=[ADVISERS])]
    return ranking.index(item) if item in ranking else None


# --- pijlers --------------------------------------------------------------------------

# How the report describes the stages of a local coalition (lokale_coalitie codes 1-3).
COALITION_STAGES = {
    1: "is de samenwerking nog aan het verkennen en concretiseren",
    2: "is de samenwerking aan het initiëren en starten",
    3: "houdt deze samenwerking levend en bestendigt deze",
}


def coalition_stage_sentences(t: Tables) -> str:
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


def compared_with_years(
    values: Mapping[int, Share], year: int, had: str, subject: str = "Dit"
) -> str:
    """ "Dit is hetzelfde aandeel als vorig jaar, maar in 2021 had nog 82% van de gemeenten
    {had}." -- the previous year, and the year before when it differed clearly."""
    now = values.get(year)
    prev = max((y for y in values if y < year), default=None)
    if now is None or prev is None:
        return ""
    change = shown_change(values[prev], now)
    if change == 0:
        first = f"{subject} is hetzelfde aandeel als vorig jaar"
    elif is_stable(change):
        first = f"{subject} is vergelijkbaar met vorig jaar ({fmt.pct(values[prev].pct)})"
    else:
        word = "meer" if change > 0 else "minder"
        first = f"{subject} is {word} dan vorig jaar ({fmt.pct(values[prev].pct)})"
    before = max((y for y in values if y < prev), default=None)
    if before is None or not is_stable(change):
        return f"{first}."
    earlier = shown_change(values[before], now)
    if is_stable(earlier):
        return f"{first}."
    still = "nog" if earlier < 0 else "slechts"
    then = fmt.pct(values[before].pct)
    return f"{first}, maar in {before} had {still} {then} van de gemeenten {had}."


KARTREKKER = 1  # code of "Kartrekker" on the scale rol_coalitie


def coalition_paragraph(t: Tables) -> str:
    """Who the coalitions lean on, who leads them, and who is hard to involve."""
    q = "samenstelling_coalitie"
    ranking = ranked(t, q, INVOLVED)
    if not ranking:
        return ""
    top = [i for i, _ in top_tied(ranking)]
    how = frequency_word(top_tied(ranking)[0][1].pct)
    order = sorted(top, key=lambda i: i == "gemeente")  # the municipality itself last
    names = join_compounds(
        [in_sentence(x) for x in labels(q, [i for i in order if i != "gemeente"])]
    )
    if "gemeente" in top:
        names = f"{names} en gemeenten" if names else "gemeenten"
    leaders = [i for i, _ in ranked(t, q, KARTREKKER)[:2]]
    leader_names = join_compounds(
        [
            "gemeenten" if i == "gemeente" else x
            for i, x in zip(leaders, labels(q, leaders), strict=True)
        ]
    )
    bottom = [i for i, _ in ranking[-2:]]
    prev = t.previous_year
    prev_bottom = [i for i, _ in ranked(t, q, INVOLVED, year=prev)[-2:]] if asked(q, prev) else []
    stays = "blijft" if set(prev_bottom) == set(bottom) else "is"
    return paragraph(
        f"Opmerkelijk aan de samenstelling is dat de coalities grotendeels leunen op {names}.",
        f"Deze organisaties worden {how} betrokken in de lokale coalitie.",
        sentence(f"{leader_names} zijn het vaakst de kartrekker."),
        f"Het {stays} voor gemeenten een uitdaging om {fmt.join(labels(q, bottom))} actief bij "
        "het netwerk te betrekken.",
    )


VISITORS = "huisbezoek_uitvoerders"


def visitors_sentence(t: Tables) -> str:
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
        b = {i: s for i, s in ranked(t, VISITORS, 1, year=prev)}
        gap_before = b[top[0]].pct - b[top[1]].pct
        if is_stable(gap_now - gap_before):
            out.append("Er is geen verschuiving te zien in de verhouding tussen deze groepen.")
        else:
            out.append(
                "De verhouding tussen deze groepen is ten opzichte van vorig jaar verschoven."
            )
    return paragraph(*out)


def more_municipalities(change: float | None) -> str:
    """ "in steeds meer gemeenten" / "in minder gemeenten" / "in ongeveer evenveel gemeenten"."""
    if rose(change):
        return "in steeds meer gemeenten"
    if fell(change):
        return "in minder gemeenten"
    return "in ongeveer evenveel gemeenten"


def years_before_previous(values: Mapping[int, Share], year: int) -> int:
    """+1 when every year before the previous one had a clearly higher share than `year`,
    -1 when clearly lower, 0 otherwise (or when there are no such years)."""
    prev = max((y for y in values if y < year), default=None)
    older = [y for y in values if prev is not None and y < prev]
    if not older or year not in values:
        return 0
    diffs = [shown_change(values[year], values[y]) for y in older]
    if all(d > SLIGHT for d in diffs):
        return 1
    if all(d < -SLIGHT for d in diffs):
        return -1
    return 0


def target_groups_paragraph(t: Tables) -> str:
    """Target groups by how many municipalities give them explicit attention."""
    q = "doelgroepen"
    ranking = ranked(t, q, 1)
    if not ranking:
        return ""
    high = [i for i, s in ranking if round_half_up(s.pct) >= 95]
    mid = [i for i, s in ranking if 200 / 3 <= round_half_up(s.pct) < 95]
    low = [i for i, s in ranking if round_half_up(s.pct) < 200 / 3]
    text_ = ""
    if high and mid:
        text_ = (
            f"Vrijwel alle gemeenten hebben aandacht voor {fmt.join(labels(q, high))}, maar "
            f"ook een groot aantal gemeenten richt zich op {fmt.join(labels(q, mid))}."
        )
    elif high:
        text_ = f"Vrijwel alle gemeenten hebben aandacht voor {fmt.join(labels(q, high))}."
    elif mid:
        text_ = f"Een groot aantal gemeenten richt zich op {fmt.join(labels(q, mid))}."
    if low:
        text_ = paragraph(
            text_,
            f"Voor {fmt.join(labels(q, low))} geldt dat zij minder vaak specifieke aandacht "
            "ontvangen binnen de lokale aanpak. Dat wil overigens niet zeggen dat deze aandacht "
            "er niet is, maar dat gemeenten deze doelgroepen niet actief onderscheiden binnen de "
            "aanpak.",
        )
    return text_


def best_practices_paragraph(t: Tables) -> str:
    """How municipalities use best practices, and the largest shifts since last year."""
    none = share(t, BEST_PRACTICES, 1, "geen")
    if none is None:
        return ""
    only = "Slechts " if round_half_up(none.pct) < 15 else ""
    out = [
        f"{ref('best_practices')} toont op welke manier gemeenten in {t.year} gebruikmaken "
        f"van best practices. {only}{fmt.pct(none.pct)} van de gemeenten stelt dat zij geen "
        "gebruikmaken van best practices op het gebied van eenzaamheid. De best practices "
        "kunnen bijvoorbeeld worden aangedragen door adviseurs."
    ]
    prev = t.previous_year
    changes = best_practice_changes(t)
    fallen = [i for i, c in changes if fell(c)]
    risen = [i for i, c in changes if rose(c)]
    if fallen:
        item = fallen[-1]
        before, now = pair(t, BEST_PRACTICES, 1, item)
        label = quoted(option_phrase(item_label(BEST_PRACTICES, item)))
        out.append(
            f"We zien een daling in het gebruik van best practices {label} "
            f"({fmt.pct(now.pct)} in {t.year}, {fmt.pct(before.pct)} in {prev})."
        )
    if risen:
        item = risen[0]
        before, now = pair(t, BEST_PRACTICES, 1, item)
        label = quoted(option_phrase(item_label(BEST_PRACTICES, item)))
        lead = "Aan de andere kant gebruiken gemeenten" if fallen else "Gemeenten gebruiken"
        out.append(
            f"{lead} in {t.year} relatief vaak best practices {label} "
            f"({fmt.pct(now.pct)}), terwijl dat in {prev} minder vaak gebeurde "
            f"({fmt.pct(before.pct)})."
        )
    return paragraph(*out)


# --- vragenlijst en respons -------------------------------------------------------------


def topics_table(year: int) -> str:
    """The questionnaire's main topics of `year` as a Markdown table."""
    rows = [tp for tp in codebook.load().topics if topic_questions(tp["id"], year)]
    lines = ["| Onderwerp | Omschrijving |", "|:--|:--|"]
    lines += [f"| {tp['label']} | {tp['title']} |" for tp in rows]
    return "\n".join(lines)


def questionnaire_changes(year: int) -> str:
    """What is new in the questionnaire of `year`: questions and answer options."""
    cb = codebook.load()
    if year <= cb.first_year:
        return f"De vragenlijst van {year} is de eerste vragenlijst van de benchmark."
    out = []
    if year == BREDE_DOELGROEP_VANAF:
        out.append(
            "Zoals aangegeven richt het actieprogramma Eén tegen eenzaamheid zich sinds dit jaar "
            "niet alleen op eenzaamheid onder 75-plussers maar op eenzaamheid onder de gehele "
            "populatie. Om die reden hebben we de vragen in de enquête waar relevant aangepast "
            "zodat zij betrekking hebben op de gehele bevolking en niet alleen op ouderen."
        )
    new = new_questions(year)
    if len(new) == 1:
        out.append(
            f"Vanaf dit jaar is de volgende vraag toegevoegd aan de vragenlijst: “{new[0].text}”"
        )
    elif new:
        texts = fmt.join([f"“{q.text}”" for q in new])
        out.append(
            f"Vanaf dit jaar zijn de volgende vragen toegevoegd aan de vragenlijst: {texts}."
        )
    for q in new:
        if q.type == "matrix" and len(q.rows) > 3:
            rows = [q.rows[0], q.rows[-1], q.rows[-2]]
            examples = fmt.join([in_sentence(short_label(r.label)) for r in rows])
            where = "Daarbij" if len(new) == 1 else f"Bij de vraag “{q.text}”"
            out.append(f"{where} gaat het onder meer om {examples}.")
    for q, o in new_options(year):
        out.append(f"Bij de vraag “{q.text}” is de antwoordmogelijkheid ‘{o.label}’ toegevoegd.")
    if not out:
        out.append("De vragenlijst is gelijk aan die van vorig jaar.")
    return paragraph(*out)


def response_paragraph(t: Tables) -> str:
    """Invited, responded and the response rate, compared with the years before."""
    rates = t.table("response_rates").set_index("year")
    year = t.year
    now = rates.loc[year]
    out = []
    prev = t.previous_year
    if prev in rates.index:
        before = rates.loc[prev]
        diff = round_half_up(now["pct"]) - round_half_up(before["pct"])
        level = " hoog" if round_half_up(now["pct"]) >= 60 else ""
        high_before = round_half_up(before["pct"]) >= 60
        if abs(diff) <= SLIGHT:
            out.append(
                f"De response rate is net als vorig jaar{level}."
                if level and high_before
                else "De response rate is vergelijkbaar met vorig jaar."
            )
        else:
            word = "hoger" if diff > 0 else "lager"
            if level and high_before:
                but = "en" if diff > 0 else "maar"
                out.append(f"De response rate is net als vorig jaar hoog, {but} ligt {word}.")
            else:
                out.append(f"De response rate is {word} dan vorig jaar.")
    out.append(
        f"Van de {fmt.number(now['invited'])} gemeenten die in {year} zijn uitgenodigd om deel te "
        f"nemen aan de benchmark Eén tegen eenzaamheid, hebben {fmt.number(now['responded'])} "
        f"respondenten de vragenlijst ingevuld. Daarmee is het responspercentage "
        f"{fmt.pct(now['pct'])}."
    )
    if prev in rates.index:
        invited = (
            "was eenzelfde aantal gemeenten"
            if before["invited"] == now["invited"]
            else f"waren {fmt.number(before['invited'])} gemeenten"
        )
        out.append(
            f"In {prev} {invited} uitgenodigd om de benchmark in te vullen en waren er "
            f"{fmt.number(before['responded'])} gemeenten die de vragenlijst hadden ingevuld "
            f"({fmt.pct(before['pct'])})."
        )
        if prev - 1 in rates.index:
            earlier = fmt.number(rates.loc[prev - 1, "responded"])
            out.append(
                f"Het jaar daarvoor, in {prev - 1}, hadden {earlier} gemeenten de benchmark "
                "ingevuld."
            )
    return paragraph(*out)


def response_table(t: Tables) -> str:
    """Invited, responded and response rate per year, as a captioned Markdown table."""
    rates = t.table("response_rates").sort_values("year")
    lines = ["| Jaar | Uitgenodigd | Ingevuld | Respons |", "|:--|--:|--:|--:|"]
    lines += [
        f"| {int(r.year)} | {fmt.number(r.invited)} | {fmt.number(r.responded)} "
        f"| {fmt.pct(r.pct)} |"
        for r in rates.itertuples()
    ]
    return (
        "\n".join(lines)
        + "\n\n: Uitgenodigde gemeenten, ingevulde enquêtes en respons per jaar {#tbl-respons}"
    )


def province_sentence(t: Tables) -> str:
    """How the response is spread over the provinces."""
    p = t.table("response_by_province")
    p = p[p["invited"] > 0]
    if p.empty:
        return ""
    out = []
    if (p["responded"] > 0).all():
        out.append("De respons is verspreid over heel Nederland.")
    high = p.loc[p["pct"].idxmax()]
    low = p.loc[p["pct"].idxmin()]
    if round_half_up(high["pct"]) != round_half_up(low["pct"]):
        out.append(
            f"Het responspercentage is het hoogst in {high['provincienaam']} "
            f"({fmt.pct(high['pct'])}) en het laagst in {low['provincienaam']} "
            f"({fmt.pct(low['pct'])})."
        )
    return paragraph(*out)


# --- uitdagingen ------------------------------------------------------------------------

CHALLENGES = "uitdagingen"


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
    now = ranked(t, CHALLENGES, 1, exclude=["anders"])
    if not now:
        return ""
    top_now = now[0][0]
    if not asked(CHALLENGES, prev):
        s = now[0][1]
        return (
            f"In {year} wordt {challenge_np(top_now)} het vaakst genoemd als de grootste "
            f"uitdaging en ondersteuningsbehoefte ({fmt.pct(s.pct)}; {ref('uitdagingen')})."
        )
    before = ranked(t, CHALLENGES, 1, year=prev, exclude=["anders"])
    top_prev = before[0][0]
    older = [y for y in t.meta["years"] if y < prev and asked(CHALLENGES, y)]
    same_older = older and all(
        ranked(t, CHALLENGES, 1, year=y, exclude=["anders"])[0][0] == top_prev for y in older
    )

    def both(item: str) -> str:
        b, n = pair(t, CHALLENGES, 1, item)
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
        panel_now = ranked(t, CHALLENGES, 1, population=PANEL, exclude=["anders"])
        panel_prev = ranked(t, CHALLENGES, 1, year=prev, population=PANEL, exclude=["anders"])
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
        if year == BREDE_DOELGROEP_VANAF and top_now == "doelgroep":
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
    big = [
        i
        for i, s in now
        if i not in mentioned
        and i in prev_shares
        and round_half_up(s.pct) >= 50
        and round_half_up(prev_shares[i].pct) >= 50
    ]
    if big:
        names = fmt.join([challenge_np(i) for i in big])
        out.append(f"Verder blijft {names} voor veel gemeenten een grote uitdaging.")
        mentioned |= set(big)
    changes = [(i, shown_change(prev_shares.get(i), s)) for i, s in now if i not in mentioned]
    risen = [i for i, c in changes if c is not None and c > SLIGHT]
    fallen = [i for i, c in changes if c is not None and c < -SLIGHT]
    if risen:
        verb = "wordt" if len(risen) == 1 else "worden"
        names = fmt.join([challenge_np(i) for i in risen])
        out.append(f"In {year} {verb} {names} vaker als grote uitdaging genoemd dan in {prev}.")
    if fallen:
        verb = "wordt" if len(fallen) == 1 else "worden"
        names = fmt.join([challenge_np(i) for i in fallen])
        out.append(f"{sentence(names)} {verb} juist minder vaak genoemd.")
    lowest, s = now[-1]
    if round_half_up(s.pct) <= 5:
        out.append(
            f"{sentence(quantity_phrase(s.pct))} ziet {challenge_label(lowest)} als grote "
            "uitdaging en ondersteuningsbehoefte."
        )
    return paragraph(*out)


def other_themes_sentence(t: Tables) -> str:
    """Coded themes in the free-text answers under ‘Anders’."""
    q = question(CHALLENGES)
    out = []
    for theme in q.themes:
        try:
            s = t.theme(CHALLENGES, theme["code"])
        except (IndexError, KeyError):
            continue
        if s.count:
            out.append(
                f"In de toelichting bij de categorie ‘Anders’ wordt in {t.year} bij "
                f"{fmt.number(s.count)} van de {fmt.number(s.n)} keer aangegeven dat een "
                f"{theme['label']} een belangrijke uitdaging vormt."
            )
    return paragraph(*out)
