"""Dutch prose of the chapters (helpers.report.text) and the shape of the chapter notebooks."""

import json
import re

import pandas as pd
import pytest

from helpers import paths
from helpers.build import chapters, engine
from helpers.report import text
from helpers.report.indicators import Share, Tables

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
    assert text.fraction_phrase(pct) == words


@pytest.mark.parametrize(
    "pct, words",
    [
        (100, "alle gemeenten"),
        (97.7, "vrijwel alle gemeenten"),
        (91, "een zeer groot deel van de gemeenten"),
        (63, "een groot deel van de gemeenten"),
        (50, "de helft van de gemeenten"),
        (1, "vrijwel geen van de gemeenten"),
    ],
)
def test_quantity_phrase(pct, words):
    assert text.quantity_phrase(pct) == words


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
    assert text.change_words(change) == words


def test_counts_in_words():
    assert text.number_word(1) == "één"
    assert text.number_word(13) == "13"
    assert text.count_change_phrase(1) == "één gemeente meer"
    assert text.count_change_phrase(-3) == "drie gemeenten minder"
    assert text.count_change_phrase(0) == "evenveel gemeenten"


def test_comparisons_use_the_shown_percentages():
    assert text.was_phrase(s(43.2), s(42.6), 2022) == "vorig jaar ook 43%"
    assert text.was_phrase(s(18), s(12), 2022) == "was 12% in 2022"
    assert text.was_phrase(s(18), None, 2022) == ""
    assert text.compare_clause(s(83), s(82), 2022) == "vergelijkbaar met 2022 (82%)"
    assert text.compare_clause(s(71), s(71.3), 2022) == "hetzelfde aandeel als in 2022"
    dev = text.development("X is", s(34), s(37), 2022)
    assert dev == "X is iets gedaald (34%; was 37% in 2022)."
    assert text.development("X is", s(34), None, None) == "X is 34%."
    assert text.around_phrase([91, 89, 90, 90]) == "rond de 90%"
    assert text.around_phrase([70, 90]) is None


def test_trend_phrase():
    series = {2019: 66, 2020: 51, 2021: 58, 2022: 63, 2023: 68}
    assert text.trend_phrase(series) == (
        "was van 2019 naar 2020 flink gedaald, maar neemt sinds 2020 weer geleidelijk toe"
    )
    assert text.trend_phrase({2019: 66, 2020: 51}) == "is van 2019 naar 2020 flink gedaald"
    assert text.trend_phrase({2019: 91, 2020: 89, 2021: 90}).startswith(
        "is sinds 2019 vrijwel gelijk gebleven"
    )
    assert text.trend_phrase({2023: 50}) == ""


def test_labels_in_sentences():
    assert text.in_sentence("Ouderen") == "ouderen"
    assert text.in_sentence("LHBTIQ+ personen") == "LHBTIQ+ personen"
    assert text.short_label("Financiële sector (bijv. banken, verzekeraars)") == "Financiële sector"
    assert text.short_label("Mensen met een LVB (LVB)") == "Mensen met een LVB (LVB)"
    assert text.join_compounds(["zorgorganisaties", "welzijnsorganisaties"]) == (
        "zorg- en welzijnsorganisaties"
    )
    assert (
        text.name_products(
            ["Toolkit ‘Interventies’", "Toolkit ‘Deskundigheidsbevordering’", "Databank ‘X’ van Y"]
        )
        == "de toolkits ‘Interventies’ en ‘Deskundigheidsbevordering’ en de databank ‘X’ van Y"
    )


def test_not_asked_sentences():
    doelgroepen = text.not_asked("doelgroepen", 2022)
    assert doelgroepen.endswith("maakt pas sinds 2023 deel uit van de vragenlijst.")
    spuk = text.not_asked("financiering", 2022, item="spuk")
    assert spuk.startswith("De antwoordmogelijkheid ‘Specifieke Uitkering (SpUK)")
    assert text.asked("financiering", 2023, "spuk") and not text.asked("financiering", 2022, "spuk")
    assert not text.asked("producten_diensten", None)


# --- sentences from the processed tables ---------------------------------------------------


@pytest.fixture(scope="module")
def tables(processed):
    return {y: Tables(y, processed) for y in YEARS}


@pytest.mark.synthetic_data
def test_synthetic_notice(tables):
    notice = text.synthetic_notice(tables[2023])
    assert notice.startswith("::: {.callout-warning}") and "synthetische gegevens" in notice
    assert "2023 zijn synthetisch" in notice


@pytest.mark.synthetic_data
def test_2023_sentences_state_the_published_numbers(tables):
    t = tables[2023]
    assert "opgezet (83%)" in text.summary_conclusions(t)
    assert "(61%)" in text.summary_conclusions(t)
    assert "5%-punt lager dan vorig jaar, maar is vrijwel gelijk gebleven" in text.adviser_note(t)
    little = text.little_used_paragraph(t)
    assert "allebei met 11%-punt is gestegen" in little
    assert "Movisie is onder deze groep met 5%-punt gestegen" in little
    assert "(33% onbekend)" in text.least_known_paragraph(t)
    assert "met 9%-punt gestegen" in text.least_known_paragraph(t)
    challenges = text.challenges_paragraph(t)
    assert "(70% in 2022, 57% in 2023)" in challenges
    assert "(49% in 2022, 71% in 2023)" in challenges
    assert "13 van de 35 keer" in text.other_themes_sentence(t)
    response = text.response_paragraph(t)
    assert "262 gemeenten" in response and "174 respondenten" in response
    assert "(62%)" in response and "110 gemeenten" in response
    assert "zo'n driekwart" == text.fraction_phrase(
        100 * t.response()["invited"] / t.response()["municipalities"]
    )
    assert text.commitment_lead(t).endswith("is iets verbeterd ten opzichte van vorig jaar.")
    assert "(13% in 2023, 34% in 2022)" in text.best_practices_paragraph(t)
    assert "dit zijn er 118" in text.panel_intro(t)


SENTENCES = [
    text.summary_conclusions,
    text.commitment_lead,
    text.spuk_sentence,
    text.coalition_sentences,
    text.target_groups_summary,
    text.best_practices_summary,
    text.products_summary,
    text.adviser_note,
    text.products_change_sentence,
    text.little_used_paragraph,
    text.least_known_paragraph,
    text.coalition_stage_sentences,
    text.coalition_paragraph,
    text.visitors_sentence,
    text.target_groups_paragraph,
    text.best_practices_paragraph,
    text.response_paragraph,
    text.response_table,
    text.province_sentence,
    text.challenges_paragraph,
    text.other_themes_sentence,
    text.panel_intro,
    text.panel_rows_sentence,
]


@pytest.mark.parametrize("year", YEARS)
def test_every_sentence_works_for_every_year(tables, year):
    t = tables[year]
    for make in SENTENCES:
        out = make(t)
        assert isinstance(out, str), make.__name__
        assert not re.search(r"\b(None|nan)\b", out), f"{make.__name__}: {out}"
    assert text.questionnaire_changes(year)
    assert text.topics_table(year).count("\n") >= 2


def test_questions_missing_in_a_year_give_no_sentence(tables):
    assert text.target_groups_paragraph(tables[2022]) == ""
    assert text.spuk_sentence(tables[2022]) == ""
    assert text.best_practices_paragraph(tables[2020]) == ""
    assert text.little_used_paragraph(tables[2021]) == ""  # products not asked in 2020
    assert "geen vergelijking" in text.panel_intro(tables[2019])
    assert text.topic_not_asked("pijler4", 2020).startswith("In de vragenlijst van 2020")


def test_coalition_stages_match_the_codebook():
    q = text.question("lokale_coalitie")
    words = {1: "verkennen", 2: "initiëren", 3: "levend"}
    for code, word in words.items():
        assert word in q.label(code) and word in text.COALITION_STAGES[code]


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
    for cell in code:
        src = _source(cell)
        assert src.startswith("#| echo: false"), f"{name}: code shown in the report: {src[:60]}"
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
    assert _notebook(name)["metadata"]["kernelspec"]["name"] == engine.KERNEL_NAME


@pytest.mark.parametrize(
    "responded, opening",
    [
        (190, "De response rate is net als vorig jaar hoog, en ligt hoger."),
        (178, "De response rate is net als vorig jaar hoog. "),
        (165, "De response rate is net als vorig jaar hoog, maar ligt lager."),
        (150, "De response rate is lager dan vorig jaar."),
    ],
)
def test_response_rate_sentence(tmp_path, responded, opening):
    folder = tmp_path / "2024"
    folder.mkdir()
    rates = pd.DataFrame(
        {"year": [2023, 2024], "invited": [262, 263], "responded": [174, responded]}
    )
    rates["pct"] = 100 * rates["responded"] / rates["invited"]
    rates.to_parquet(folder / "response_rates.parquet")
    (folder / "meta.json").write_text(json.dumps({"year": 2024, "previous_year": 2023}))
    assert text.response_paragraph(Tables(2024, tmp_path)).startswith(opening)


def test_a_typo_in_an_item_code_fails_loudly(tables):
    """Only "not asked that year" is None; a code the codebook does not know is an error."""
    t = tables[2023]
    assert text.share(t, "samenstelling_coalitie", item="welzijn").n > 0
    with pytest.raises(KeyError, match="no item 'welzijns'"):
        text.share(t, "samenstelling_coalitie", item="welzijns")
    assert text.share(t, "financiering", [1], item="spuk", year=2022) is None  # not asked
    with pytest.raises(KeyError):
        text.share(t, "week_deelnam")
