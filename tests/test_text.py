"""Dutch prose of the chapters (helpers.report.text: phrasing, lookups and one module per
chapter) and the shape of the chapter notebooks. The thresholds: test_text_thresholds.py."""

import ast
import json
import re

import pandas as pd
import pytest

from helpers import paths
from helpers.pipeline import execute
from helpers.report import chapters
from helpers.report.indicators import Share, Tables
from helpers.report.text import (
    actielijnen,
    changes,
    inleiding,
    lookup,
    markup,
    phrasing,
    pijlers,
    respons,
    samenvatting,
    shared,
    thresholds,
    uitdagingen,
)

TEXT = paths.ROOT / "src" / "helpers" / "report" / "text"

CHAPTER_NOTEBOOKS = [c.name for c in chapters.CHAPTERS]
YEARS = [2019, 2020, 2021, 2022, 2023]


def s(pct: float, n: int = 1000) -> Share:
    return Share(round(pct * n / 100), n)


# --- words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pct, words",
    [
        (50, "de helft"),
        (48.5, "ongeveer de helft"),
        (76.6, "zo'n driekwart"),
        (75, "driekwart"),
        (66.9, "twee derde"),
        (62, None),
    ],
)
def test_fraction_phrase(pct, words):
    assert phrasing.fraction_phrase(pct) == words


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (6.2, "gestegen"),
        (-3, "gedaald"),
        (0.49, "gelijk gebleven"),
        (-0.49, "gelijk gebleven"),
        (0.5, "gestegen"),  # rounds to 1 point
        (-0.5, "gedaald"),
        (0, "gelijk gebleven"),
    ],
)
def test_change_phrase(value, expected):
    assert changes.change_phrase(value) == expected


def test_change_phrase_with_amount():
    assert changes.change_phrase(6.2, amount=True) == "met 6%-punt gestegen"
    assert changes.change_phrase(-11, amount=True) == "met 11%-punt gedaald"
    assert changes.change_phrase(0.2, amount=True) == "gelijk gebleven"
    assert changes.sub_clause_change(-3) == "met 3%-punt is gedaald"
    assert changes.more_less(0.4) == "evenveel" and changes.higher_lower(-2) == "2%-punt lager"


def test_change_words_with_other_verbs():
    assert changes.change_words(3.4, rise="verbeterd", fall="verslechterd") == "iets verbeterd"
    assert changes.change_words(-12, rise="verbeterd", fall="verslechterd") == "flink verslechterd"
    assert changes.change_words(1, rise="verbeterd") == "vrijwel gelijk gebleven"


@pytest.mark.parametrize(
    "change, words",
    [
        (0.4, "gelijk gebleven"),
        (-1.6, "vrijwel gelijk gebleven"),
        (3.2, "iets gestegen"),
        (-6, "gedaald"),
        (11, "flink gestegen"),
        (-15, "flink gedaald"),
        (None, ""),
    ],
)
def test_change_words(change, words):
    assert changes.change_words(change) == words


def test_counts_in_words():
    assert phrasing.number_word(1) == "één"
    assert phrasing.number_word(13) == "13"
    assert phrasing.count_change_phrase(1) == "één gemeente meer"
    assert phrasing.count_change_phrase(-3) == "drie gemeenten minder"
    assert phrasing.count_change_phrase(0) == "evenveel gemeenten"
    assert [phrasing.ordinal_word(n) for n in (1, 2, 3)] == ["eerste", "tweede", "derde"]
    assert phrasing.ordinal_word(9) == "9e"
    assert phrasing.quantity_phrase(40, noun="ondervraagde gemeenten") == (
        "bijna de helft van de ondervraagde gemeenten"
    )


def test_comparisons_use_the_shown_percentages():
    assert changes.was_phrase(s(43.2), s(42.6), 2022) == "vorig jaar ook 43%"
    assert changes.was_phrase(s(18), s(12), 2022) == "was 12% in 2022"
    assert changes.was_phrase(s(18), None, 2022) == ""
    assert changes.compare_clause(s(83), s(82), 2022) == "vergelijkbaar met 2022 (82%)"
    assert changes.compare_clause(s(71), s(71.3), 2022) == "hetzelfde aandeel als in 2022"
    dev = changes.development("X is", s(34), s(37), 2022)
    assert dev == "X is iets gedaald (34%; was 37% in 2022)."
    assert changes.development("X is", s(34), None, None) == "X is 34%."
    assert phrasing.around_phrase([91, 89, 90, 90]) == "rond de 90%"
    assert phrasing.around_phrase([70, 90]) is None


def test_trend_phrase():
    series = {2019: 66, 2020: 51, 2021: 58, 2022: 63, 2023: 68}
    assert changes.trend_phrase(series) == (
        "was van 2019 naar 2020 flink gedaald, maar neemt sinds 2020 weer geleidelijk toe"
    )
    assert changes.trend_phrase({2019: 66, 2020: 51}) == "is van 2019 naar 2020 flink gedaald"
    assert changes.trend_phrase({2019: 91, 2020: 89, 2021: 90}).startswith(
        "is sinds 2019 vrijwel gelijk gebleven"
    )
    assert changes.trend_phrase({2023: 50}) == ""


def test_labels_in_sentences():
    assert phrasing.in_sentence("Ouderen") == "ouderen"
    assert phrasing.in_sentence("LHBTIQ+ personen") == "LHBTIQ+ personen"
    assert (
        phrasing.short_label("Financiële sector (bijv. banken, verzekeraars)")
        == "Financiële sector"
    )
    assert phrasing.short_label("Mensen met een LVB (LVB)") == "Mensen met een LVB (LVB)"
    assert phrasing.join_compounds(["zorgorganisaties", "welzijnsorganisaties"]) == (
        "zorg- en welzijnsorganisaties"
    )
    assert (
        phrasing.name_products(
            ["Toolkit ‘Interventies’", "Toolkit ‘Deskundigheidsbevordering’", "Databank ‘X’ van Y"]
        )
        == "de toolkits ‘Interventies’ en ‘Deskundigheidsbevordering’ en de databank ‘X’ van Y"
    )


def test_not_asked_sentences():
    doelgroepen = shared.not_asked_sentence("doelgroepen", 2022)
    assert doelgroepen.endswith("maakt pas sinds 2023 deel uit van de vragenlijst.")
    spuk = shared.not_asked_sentence("financiering", 2022, item="spuk")
    assert spuk.startswith("De antwoordmogelijkheid ‘Specifieke Uitkering (SpUK)")
    assert lookup.asked("financiering", 2023, "spuk") and not lookup.asked(
        "financiering", 2022, "spuk"
    )
    assert not lookup.asked("producten_diensten", None)


# --- sentences from the processed tables ---------------------------------------------------


@pytest.fixture(scope="module")
def tables(processed):
    return {y: Tables(y, processed) for y in YEARS}


@pytest.mark.synthetic_data
def test_synthetic_notice(tables):
    notice = markup.synthetic_notice(tables[2023])
    assert notice.startswith("::: {.callout-warning}") and "synthetische gegevens" in notice
    assert "2023 zijn synthetisch" in notice


@pytest.mark.synthetic_data
def test_2023_sentences_state_the_published_numbers(tables):
    t = tables[2023]
    assert "opgezet (83%)" in samenvatting.conclusions_paragraph(t)
    assert "(61%)" in samenvatting.conclusions_paragraph(t)
    assert (
        "5%-punt lager dan vorig jaar, maar is vrijwel gelijk gebleven"
        in actielijnen.adviser_note(t)
    )
    # graded on the shown percentages: 'Campagne en communicatie' went from 60% to 62%
    # (unrounded +2.55, which would have read "gestegen")
    assert actielijnen.products_change_sentence(t).startswith(
        "Het gebruik van de toolkits is verder gelijk gebleven of gestegen ten opzichte van 2022"
    )
    little = actielijnen.little_used_paragraph(t)
    assert "allebei met 11%-punt is gestegen" in little
    assert "Movisie is onder deze groep met 5%-punt gestegen" in little
    assert "(33% onbekend)" in actielijnen.least_known_paragraph(t)
    assert "met 9%-punt gestegen" in actielijnen.least_known_paragraph(t)
    challenges = uitdagingen.challenges_paragraph(t)
    assert "(70% in 2022, 57% in 2023)" in challenges
    assert "(49% in 2022, 71% in 2023)" in challenges
    assert "13 van de 35 keer" in uitdagingen.other_themes_paragraph(t)
    response = respons.response_paragraph(t)
    assert "262 gemeenten" in response and "174 respondenten" in response
    assert "(62%)" in response and "110 gemeenten" in response
    assert "zo'n driekwart" == phrasing.fraction_phrase(
        100 * t.response()["invited"] / t.response()["municipalities"]
    )
    assert shared.commitment_sentence(t).endswith("is iets verbeterd ten opzichte van vorig jaar.")
    assert "(13% in 2023, 34% in 2022)" in pijlers.best_practices_paragraph(t)
    assert "dit zijn er 118" in inleiding.panel_sentence(t)


SENTENCES = [
    inleiding.panel_sentence,
    samenvatting.conclusions_paragraph,
    samenvatting.coalition_paragraph,
    samenvatting.target_groups_paragraph,
    samenvatting.best_practices_paragraph,
    samenvatting.products_paragraph,
    shared.commitment_sentence,
    shared.spuk_sentence,
    shared.monitoring_trend_paragraph,
    respons.response_paragraph,
    respons.response_table,
    respons.province_paragraph,
    actielijnen.panel_rows_sentence,
    actielijnen.adviser_note,
    actielijnen.products_change_sentence,
    actielijnen.little_used_paragraph,
    actielijnen.least_known_paragraph,
    pijlers.coalition_stage_paragraph,
    pijlers.coalition_paragraph,
    pijlers.visitors_paragraph,
    pijlers.target_groups_paragraph,
    pijlers.best_practices_paragraph,
    uitdagingen.challenges_paragraph,
    uitdagingen.other_themes_paragraph,
]


@pytest.mark.parametrize("year", YEARS)
def test_every_sentence_works_for_every_year(tables, year):
    t = tables[year]
    for make in SENTENCES:
        out = make(t)
        assert isinstance(out, str), make.__name__
        assert not re.search(r"\b(None|nan)\b", out), f"{make.__name__}: {out}"
        # 2023 asks every question, has a previous year and a panel: nothing may be left out
        assert out or year != YEARS[-1], f"{make.__name__} says nothing for {year}"
    assert respons.questionnaire_changes_paragraph(year)
    assert respons.topics_table(year).count("\n") >= 2


def test_questions_missing_in_a_year_give_no_sentence(tables):
    assert pijlers.target_groups_paragraph(tables[2022]) == ""
    assert shared.spuk_sentence(tables[2022]) == ""
    assert pijlers.best_practices_paragraph(tables[2020]) == ""
    assert actielijnen.little_used_paragraph(tables[2021]) == ""  # products not asked in 2020
    assert "geen vergelijking" in inleiding.panel_sentence(tables[2019])
    assert shared.topic_not_asked_sentence("pijler4", 2020).startswith("In de vragenlijst van 2020")


def test_coalition_stages_match_the_codebook():
    q = lookup.question("lokale_coalitie")
    words = {1: "verkennen", 2: "initiëren", 3: "levend"}
    for code, word in words.items():
        assert word in q.label(code) and word in pijlers.COALITION_STAGES[code]


# --- the chapter notebooks ------------------------------------------------------------------


def _notebook(name: str) -> dict:
    return json.loads((paths.ROOT / "notebooks" / f"{name}.ipynb").read_text("utf-8"))


def _source(cell) -> str:
    return "".join(cell["source"])


@pytest.mark.parametrize("name", CHAPTER_NOTEBOOKS)
def test_chapter_notebook_shape(name):
    nb = _notebook(name)
    cells = nb["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    params = code[0]
    assert "parameters" in params["metadata"].get("tags", [])
    assert re.search(r"^year = None  # None: the latest", _source(params), re.M)
    assert re.search(r"^processed_root = None", _source(params), re.M)
    # one chapter title, as the first cell (Quarto book chapter)
    assert _source(cells[0]).startswith("# ")
    assert sum(_source(c).startswith("# ") for c in cells if c["cell_type"] == "markdown") == 1
    for cell in code:  # code is hidden by `execute: echo: false` in _quarto.yml
        src = _source(cell)
        assert not re.search(r"^#\|\s*echo:\s*true", src, re.M), f"{name}: code shown: {src[:60]}"
        assert not cell.get("outputs") and not cell.get("execution_count")
    for cell in code[1:]:
        src = _source(cell)
        # headings belong in markdown cells; no year or percentage typed by hand
        assert not re.search(r"Markdown\(\s*f?[\"']#", src), f"{name}: heading in code"
        assert not re.search(r"\b20[12]\d\b", src), f"{name}: a year typed in code: {src[:80]}"
        assert not re.search(r"\d+\s*%", src), f"{name}: a percentage typed in code"
    for cell in cells:
        if cell["cell_type"] == "markdown":
            assert not re.search(r"\b20[12]\d\b|\d+\s*%", _source(cell)), f"{name}: number in text"


@pytest.mark.parametrize("name", CHAPTER_NOTEBOOKS)
def test_chapter_notebook_kernel(name):
    assert _notebook(name)["metadata"]["kernelspec"]["name"] == execute.KERNEL_NAME


# last year's rate high, and moves that the text names (rapport.yaml's thresholds)
HIGH = thresholds.EDITORIAL.high_response_from
STEP = 1 + min(
    size for size, g in thresholds.EDITORIAL.change_grades if g >= thresholds.EDITORIAL.moved_from
)


@pytest.mark.parametrize(
    "pct, opening",
    [
        (HIGH + 2 * STEP, "De response rate is net als vorig jaar hoog, en ligt hoger."),
        (HIGH + STEP, "De response rate is net als vorig jaar hoog. "),
        (HIGH, "De response rate is net als vorig jaar hoog, maar ligt lager."),
        (HIGH - STEP, "De response rate is lager dan vorig jaar."),
    ],
)
def test_response_rate_sentence(tmp_path, pct, opening):
    folder = tmp_path / "2024"
    folder.mkdir()
    responded = [10 * (HIGH + STEP), 10 * pct]  # of 1000 invited
    rates = pd.DataFrame({"year": [2023, 2024], "invited": [1000, 1000], "responded": responded})
    rates["pct"] = 100 * rates["responded"] / rates["invited"]
    rates.to_parquet(folder / "response_rates.parquet")
    (folder / "meta.json").write_text(json.dumps({"year": 2024, "previous_year": 2023}))
    assert respons.response_paragraph(Tables(2024, tmp_path)).startswith(opening)


def test_a_typo_in_an_item_code_fails_loudly(tables):
    """Only "not asked that year" is None; a code the codebook does not know is an error."""
    t = tables[2023]
    assert lookup.share(t, "samenstelling_coalitie", item="welzijn").n > 0
    with pytest.raises(KeyError, match="no item 'welzijns'"):
        lookup.share(t, "samenstelling_coalitie", item="welzijns")
    assert lookup.share(t, "financiering", [1], item="spuk", year=2022) is None  # not asked
    with pytest.raises(KeyError):
        lookup.share(t, "week_deelnam")
    assert t.theme("uitdagingen", "ambtelijke_capaciteit").n > 0
    assert t.theme("uitdagingen", "ambtelijke_capaciteit", year=2018) is None  # no such year
    with pytest.raises(KeyError, match="ambtelijk_capaciteit"):
        t.theme("uitdagingen", "ambtelijk_capaciteit")


# --- markup and the layout of helpers.report.text ------------------------------------------


def test_markup():
    assert markup.ref("week_deelname") == "@fig-week-deelname"
    with pytest.raises(KeyError):
        markup.ref("week_deelnam")
    assert markup.note("x") == "^[x]" and markup.note("") == ""
    table = markup.pipe_table([("A", "left"), ("B", "right")], [("1", "2")], caption="C {#tbl-c}")
    assert table == "| A | B |\n|:--|--:|\n| 1 | 2 |\n\n: C {#tbl-c}"


CHAPTER_MODULES = {c.name for c in chapters.CHAPTERS}


def _imported_text_modules(source: str) -> set[str]:
    """The helpers.report.text modules a piece of Python imports."""
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "helpers.report.text":
                out |= {a.name for a in node.names}
            elif node.module.startswith("helpers.report.text."):
                out.add(node.module.rsplit(".", 1)[1])
    return out


def test_one_text_module_per_chapter():
    assert CHAPTER_MODULES <= {p.stem for p in TEXT.glob("*.py")}


@pytest.mark.parametrize("path", sorted(TEXT.glob("*.py")), ids=lambda p: p.stem)
def test_text_modules_never_import_a_chapter_module(path):
    """A chapter's words are its own: no module imports a chapter module."""
    imported = _imported_text_modules(path.read_text("utf-8"))
    assert not imported & CHAPTER_MODULES, f"{path.name} imports {imported & CHAPTER_MODULES}"


@pytest.mark.parametrize("name", CHAPTER_NOTEBOOKS)
def test_notebook_uses_no_other_chapter_module(name):
    code = [c for c in _notebook(name)["cells"] if c["cell_type"] == "code"]
    source = "\n".join(_source(c) for c in code)
    assert _imported_text_modules(source) & CHAPTER_MODULES <= {name}


def test_figures_are_referred_to_by_id_never_by_number():
    sources = [p.read_text("utf-8") for p in TEXT.glob("*.py")]
    for name in CHAPTER_NOTEBOOKS:
        sources += [_source(c) for c in _notebook(name)["cells"]]
    for source in sources:
        assert not re.search(r"\b(Figuur|figuur|ref\()\s*\d", source), source[:80]
        # nor a chapter: the book numbers them (chapters.number)
        assert not re.search(r"\b[Hh]oofdstuk(ken)?\s*\d", source), source[:80]


def test_the_reading_guide_names_the_chapters_the_book_numbers(monkeypatch):
    """Chapter numbers come from the book's chapter list: the 2023 report had its results
    in one chapter ("hoofdstuk 3"), this book has a part of four."""
    book = chapters.CHAPTERS
    results = [c.name for c in book if c.part]
    assert len(results) > 1 and [chapters.number(c.name) for c in book] == list(
        range(1, len(book) + 1)
    )
    sentence = inleiding.reading_guide_sentence()
    assert f"hoofdstuk {chapters.number('samenvatting')}." in sentence
    assert sentence.endswith(
        f"de hoofdstukken {chapters.number(results[0])} tot en met {chapters.number(results[-1])}."
    )
    one = (chapters.Chapter("inleiding"), chapters.Chapter("samenvatting"))
    monkeypatch.setattr(chapters, "CHAPTERS", (*one, chapters.Chapter("uitkomsten", part="U")))
    assert inleiding.reading_guide_sentence() == (
        "De samenvatting van de benchmarkresultaten wordt gegeven in hoofdstuk 2. Daarna volgt "
        "een gedetailleerde beschrijving van de resultaten in hoofdstuk 3."
    )
    monkeypatch.setattr(chapters, "CHAPTERS", one)  # no part: no chapters of results
    with pytest.raises(ValueError, match="_quarto.yml: book.chapters has no part"):
        inleiding.reading_guide_sentence()
    monkeypatch.setattr(chapters, "CHAPTERS", one[:1])
    with pytest.raises(ValueError, match="_quarto.yml: book.chapters has no chapter 'samenv"):
        chapters.number("samenvatting")


@pytest.mark.parametrize(
    "last, panel, says",
    [
        ((40, 50), (40, 50), "Dit blijkt ook als we kijken naar gemeenten die zowel in 2023"),
        (
            (40, 50),
            (50, 40),
            "Bij de gemeenten die zowel in 2023 als 2024 hebben deelgenomen "
            "aan de benchmark is het aandeel echter flink gedaald (van 50% in 2023 naar 40%",
        ),
        # nothing moved last year: "this" would point at the years told before it
        (
            (50, 50),
            (50, 50),
            "Bij de gemeenten die zowel in 2023 als 2024 hebben deelgenomen "
            "aan de benchmark is het aandeel gelijk gebleven (van 50% in 2023 naar 50% in 2024).",
        ),
    ],
)
def test_the_panel_confirms_only_a_movement(last, panel, says):
    """After "... neemt sinds 2020 weer geleidelijk toe", "Dit blijkt ook" said of a panel
    that did not move either (a copied year) read as confirming the rise."""
    from types import SimpleNamespace

    t = SimpleNamespace(year=2024, previous_year=2023)
    values = {2023: Share(last[0], 100), 2024: Share(last[1], 100)}
    got = shared.panel_confirms_sentence(t, values, (Share(panel[0], 100), Share(panel[1], 100)))
    assert got.startswith(says)
