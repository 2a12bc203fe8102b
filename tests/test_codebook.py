"""The codebook covers every figure of the report and is internally consistent."""

import copy
import re

import pytest
import yaml

from helpers.data import codebook


@pytest.fixture(scope="module")
def cb():
    return codebook.load()


def test_figures_are_numbered_in_codebook_order(cb):
    """The 2023 report's numbering: 2 maps, then the questions' figures 3-20."""
    assert [f.number for f in cb.figures] == list(range(1, 21))
    assert [f.id for f in cb.response_figures] == ["respons_kaart", "respons_provincies"]
    assert cb.figure("doelgroepen").number == 16
    assert [cb.figure(i).number for i in ("uitdagingen_vorig_jaar", "uitdagingen")] == [19, 20]
    assert len({f.label for f in cb.figures}) == 20


def test_a_new_question_with_a_figure_is_one_codebook_entry(cb, tmp_path):
    raw = copy.deepcopy(cb.raw)
    new = {**raw["questions"][0], "id": "week_organisatie", "since": 2024}
    raw["questions"].insert(1, new)  # after week_deelname
    edited = codebook.parse(raw, tmp_path / "codebook.yaml")
    assert edited.figure("week_organisatie").number == 4
    assert edited.figure("uitdagingen").number == 21
    assert "week_organisatie" in edited.columns(2024)
    assert "week_organisatie" not in edited.columns(2023)


def test_new_questions_start_in_2023(cb):
    assert cb.questions["doelgroepen"].since == 2023
    spuk = next(o for o in cb.questions["financiering"].options if o.code == "spuk")
    assert spuk.since == 2023
    assert "financiering_spuk" in cb.columns(2023)
    assert "financiering_spuk" not in cb.columns(2022)
    assert not any(c.startswith("doelgroepen_") for c in cb.columns(2022))


def test_positive_codes_and_routing_refer_to_real_codes(cb):
    for q in cb.questions.values():
        assert set(q.positive) <= set(q.codes()), q.id
        if q.asked_if:
            parent = cb.questions[q.asked_if["question"]]
            assert set(q.asked_if["codes"]) <= set(parent.codes()), q.id
            assert parent.since <= q.since, q.id
            assert parent.until is None or (q.until or 10**4) <= parent.until, q.id


def test_every_label_is_dutch_text_and_unique(cb):
    for q in cb.questions.values():
        labels = [o.label for o in q.options] + [r.label for r in q.rows]
        assert all(label.strip() for label in labels), q.id
        assert len(set(labels)) == len(labels), q.id


def test_columns_are_unique_and_topics_known(cb):
    topics = {t["id"] for t in cb.topics}
    for year in range(2019, 2024):
        cols = cb.columns(year)
        assert len(cols) == len(set(cols))
    assert {q.topic for q in cb.questions.values()} == topics


def test_unknown_question_type_is_refused(cb, tmp_path):
    raw = dict(cb.raw)
    raw["questions"] = [{**cb.raw["questions"][0], "type": "ranking"}]
    with pytest.raises(ValueError, match="unknown type 'ranking'"):
        codebook.parse(raw, tmp_path / "codebook.yaml")


def test_the_latest_questionnaire_carries_forward(cb):
    """A year after the last one the codebook names asks what the last one asked."""
    last = max(q.since for q in cb.questions.values())
    assert cb.columns(last + 1) == cb.columns(last)
    assert cb.asked(cb.first_year - 1) == []


def test_until_ends_a_question_and_an_option(cb, tmp_path):
    raw = copy.deepcopy(cb.raw)
    week = next(q for q in raw["questions"] if q["id"] == "week_deelname")
    week["until"] = 2022
    financiering = next(q for q in raw["questions"] if q["id"] == "financiering")
    financiering["options"][0]["until"] = 2021
    edited = codebook.parse(raw, tmp_path / "codebook.yaml")
    assert "week_deelname" in edited.columns(2022)
    assert "week_deelname" not in edited.columns(2023)
    assert "financiering_structureel" in edited.columns(2021)
    assert "financiering_structureel" not in edited.columns(2022)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"years": [2019, 2020]}, "`years:` lists are no longer used"),
        ({"since": "2019"}, "`since` must be a year"),
        ({"since": 2022, "until": 2021}, "`until` 2021 is before `since` 2022"),
    ],
)
def test_bad_periods_are_refused(cb, tmp_path, change, message):
    raw = copy.deepcopy(cb.raw)
    raw["questions"][0].update(change)
    with pytest.raises(ValueError, match=re.escape(message)):
        codebook.parse(raw, tmp_path / "codebook.yaml")


def with_tool_names(cb, tmp_path, *entries: dict) -> codebook.Codebook:
    raw = copy.deepcopy(cb.raw)
    raw["export"]["tool_names"] = list(entries)
    return codebook.parse(raw, tmp_path / "codebook.yaml")


def test_tool_names_hold_per_year_or_from_a_year_on(cb, tmp_path):
    edited = with_tool_names(
        cb,
        tmp_path,
        {"since": 2022, "until": 2022, "columns": {"V1": "week_deelname"}},
        {"since": 2023, "columns": {"Q1": "week_deelname", "Q30": "financiering_spuk"}},
    )
    assert edited.renamed(2021) == {}
    assert edited.renamed(2022) == {"V1": "week_deelname"}
    assert edited.renamed(2025) == {"Q1": "week_deelname", "Q30": "financiering_spuk"}
    assert cb.renamed(2023) == {}  # the shipped codebook: the project's own names


@pytest.mark.parametrize(
    "entries, message",
    [
        (
            [{"since": 2023, "columns": {"Q1": "week_deelname", "Q01": "week_deelname"}}],
            "export.tool_names: Q1 and Q01 each map to week_deelname in 2023; a column has "
            "one name a year: keep one",
        ),
        (
            [
                {"since": 2022, "columns": {"Q1": "week_deelname"}},
                {"since": 2023, "columns": {"Q1": "week_materiaal"}},
            ],
            "export.tool_names: Q1 is mapped twice in 2023 (to week_deelname and to "
            "week_materiaal); keep one, or end the first with `until:`",
        ),
        (
            [{"since": 2023, "columns": {"Q1": "week_deelnam"}}],
            "export.tool_names: Q1: week_deelnam is not a column id (nearest: week_deelname",
        ),
        ([{"columns": {"Q1": "week_deelname"}}], "`since: <year first asked>` is missing"),
        ([{"since": 2023}], "`columns: {<tool's name>: <column id>, ...}` is missing"),
    ],
)
def test_tool_names_that_collide_or_name_no_column_are_refused(cb, tmp_path, entries, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        with_tool_names(cb, tmp_path, *entries)


def test_a_label_is_no_other_answers_label_nor_code(cb):
    """An answer may be given as its label (any case, spaces around): no label may stand for
    two codes."""
    for q in cb.questions.values():
        keys = [codebook.label_key(label) for _, label in cb.answers(q)]
        codes = {str(code) for code, _ in cb.answers(q)}
        assert len(set(keys)) == len(keys) and not set(keys) & codes, q.id


def test_a_yaml_mistake_names_the_line_it_is_on(tmp_path):
    """A missing ':' is noticed at the next line; the message also names its own."""
    path = tmp_path / "advies.yaml"
    path.write_text("a: 1\nb 2\nc: 3\n", "utf-8")
    with pytest.raises(ValueError) as err:
        codebook.read_yaml(path)
    assert str(err.value) == (
        f"{path}, line 3, column 1: not valid YAML (could not find expected ':'; while "
        "scanning a simple key from line 2)"
    )


@pytest.mark.parametrize(
    "edit, message",
    [
        (
            lambda t: t.replace("  metadata:\n", "  metadata: [\n", 1),
            r"line \d+, column \d+: not valid YAML \(expected the node content",
        ),
        (
            lambda t: t.replace("  tool_names: []", "  tool_names: []\n  tool_names: []", 1),
            r"line \d+, column 3: not valid YAML \(key 'tool_names' given twice",
        ),
    ],
)
def test_a_codebook_that_is_no_yaml_is_one_line_and_stops_the_data_step(
    edit, message, tmp_path, monkeypatch, capsys
):
    """A typo in codebook.yaml: one line naming the file, line and column, said once (not
    once per year) and exit 1; a key given twice is refused, not silently the last one."""
    from helpers import paths
    from helpers.data import process

    bad = tmp_path / "codebook.yaml"
    bad.write_text(edit(paths.CODEBOOK.read_text("utf-8")), "utf-8")
    with pytest.raises(ValueError, match=f"^{re.escape(str(bad))}, {message}"):
        codebook.load(bad)
    monkeypatch.setattr(paths, "CODEBOOK", bad)
    codebook.load.cache_clear()
    try:
        assert process.main(["--processed", str(tmp_path / "processed")]) == 1
    finally:
        codebook.load.cache_clear()
    errors = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and str(bad) in errors[0]


@pytest.mark.parametrize(
    "ignore, message",
    [
        ("StartDate", "a list of names"),
        (["StartDate", "Week_Deelname"], "Week_Deelname: read by the report"),
        (["q1"], "q1: read by the report (a column id or a name in export.tool_names)"),
    ],
)
def test_ignore_is_a_list_of_names_the_report_does_not_use(cb, tmp_path, ignore, message):
    raw = copy.deepcopy(cb.raw)
    raw["export"]["tool_names"] = [{"since": 2023, "columns": {"Q1": "week_deelname"}}]
    raw["export"]["ignore"] = ignore
    with pytest.raises(ValueError, match=re.escape(message)):
        codebook.parse(raw, tmp_path / "codebook.yaml")
    raw["export"]["ignore"] = ["StartDate", "Respondent ID"]
    assert codebook.parse(raw, tmp_path / "codebook.yaml").ignored() == {
        "startdate",
        "respondent id",
    }


def test_not_ticked_labels_is_a_list(cb, tmp_path):
    raw = copy.deepcopy(cb.raw)
    raw["not_ticked_labels"] = "Niet geselecteerd"  # one name, not a list: no letters
    with pytest.raises(ValueError, match="not_ticked_labels: a list of names"):
        codebook.parse(raw, tmp_path / "codebook.yaml")


def test_a_yaml_merge_key_is_no_key_given_twice(tmp_path):
    """`<<: *anchor` is YAML's merge, which the duplicate-key check must let through."""
    loaded = yaml.load("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n", Loader=codebook._UniqueKeys)
    assert loaded["other"] == {"x": 1, "y": 2}
