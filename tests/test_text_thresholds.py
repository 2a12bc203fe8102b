"""The editorial thresholds (helpers.report.text.thresholds) and the one scale that grades
every change, at their boundaries."""

import dataclasses
import re

import pytest
import yaml

from helpers import paths
from helpers.report.text import changes, inleiding, phrasing, thresholds
from helpers.report.text.respons import response_rate_sentence
from helpers.report.text.thresholds import EDITORIAL, Grade, grade, sign, trend


@pytest.mark.parametrize(
    "change, expected",
    [
        (0, Grade.SAME),
        (0.49, Grade.SAME),
        (-0.49, Grade.SAME),
        (0.5, Grade.ALMOST_SAME),  # rounds half up to 1 point
        (-0.5, Grade.ALMOST_SAME),  # and away from zero below it
        (2.49, Grade.ALMOST_SAME),
        (2.5, Grade.SLIGHT),
        (-4.49, Grade.SLIGHT),
        (4.5, Grade.PLAIN),
        (9.49, Grade.PLAIN),
        (-9.5, Grade.LARGE),
        (40, Grade.LARGE),
    ],
)
def test_grade_boundaries(change, expected):
    assert grade(change) == expected


@pytest.mark.parametrize(
    "change, verb, judged",
    [
        (0.49, 0, 0),
        (0.5, 1, 0),  # "met 1%-punt gestegen", but "vrijwel gelijk" without the amount
        (-2.49, -1, 0),
        (2.5, 1, 1),
        (-2.5, -1, -1),
        (-12, -1, -1),
    ],
)
def test_two_readings_of_one_scale(change, verb, judged):
    assert sign(change) == verb
    assert trend(change) == judged
    assert changes.rose(change) == (judged > 0) and changes.fell(change) == (judged < 0)
    assert changes.is_stable(change) == (judged == 0)


def test_trend_of_no_change_is_nothing():
    assert trend(None) == 0
    assert not changes.rose(None) and not changes.fell(None) and not changes.is_stable(None)


def test_every_change_sentence_uses_the_same_grade():
    """The verb next to an amount and the graded words never contradict each other."""
    for tenths in range(-160, 161):
        change = tenths / 10
        verb = changes.change_phrase(change)
        words = changes.change_words(change)
        assert (verb == "gelijk gebleven") == (grade(change) == Grade.SAME), change
        if grade(change) >= EDITORIAL.moved_from:
            assert words.endswith(verb), change
        else:
            assert words.endswith("gelijk gebleven"), change


def test_grade_bounds_are_a_ladder():
    bounds = [b for b, _ in EDITORIAL.change_grades]
    assert bounds == sorted(bounds, reverse=True) and bounds[-1] == 0
    assert [g for _, g in EDITORIAL.change_grades] == sorted(Grade, reverse=True)
    assert EDITORIAL.moved_from in Grade


@pytest.mark.parametrize("name", ["quantity", "frequency"])
def test_word_ladders_descend_to_zero(name):
    ladder = getattr(EDITORIAL, name)
    bounds = [b for b, _ in ladder]
    assert bounds == sorted(set(bounds), reverse=True) and bounds[-1] == 0


@pytest.mark.parametrize(
    "pct, words",
    [
        (99.5, "alle gemeenten"),
        (99.49, "vrijwel alle gemeenten"),
        (94.5, "vrijwel alle gemeenten"),
        (91, "een zeer groot deel van de gemeenten"),
        (63, "een groot deel van de gemeenten"),
        (50.5, "ruim de helft van de gemeenten"),
        (50.49, "de helft van de gemeenten"),
        (49.5, "de helft van de gemeenten"),
        (49.49, "bijna de helft van de gemeenten"),
        (5.5, "een klein deel van de gemeenten"),
        (5.49, "vrijwel geen van de gemeenten"),
        (0.49, "geen van de gemeenten"),
    ],
)
def test_quantity_boundaries(pct, words):
    assert phrasing.quantity_phrase(pct) == words


@pytest.mark.parametrize(
    "pct, word", [(99.5, "altijd"), (74.5, "meestal"), (74.49, "vaak"), (19.49, "zelden")]
)
def test_frequency_boundaries(pct, word):
    assert phrasing.frequency_word(pct) == word


@pytest.mark.parametrize(
    "pct, words",
    [
        (47.0, "ongeveer de helft"),
        (46.5, "ongeveer de helft"),  # shown as 47%
        (46.49, None),  # 46%
        (78.49, "zo'n driekwart"),  # 78%
        (78.5, None),  # 79%
    ],
)
def test_fraction_tolerance(pct, words):
    assert EDITORIAL.fraction_tolerance == 3.0
    assert phrasing.fraction_phrase(pct) == words


def test_around_spread():
    assert phrasing.around_phrase([87, 93]) == "rond de 90%"
    assert phrasing.around_phrase([86, 93]) is None  # 86 is 4 points from 90


# the boundaries as rapport.yaml sets them (60% and 3 points as shipped), so that a
# changed threshold moves the cases with it
HIGH = EDITORIAL.high_response_from
MOVED = min(size for size, g in EDITORIAL.change_grades if g >= EDITORIAL.moved_from)


@pytest.mark.parametrize(
    "now, before, opening",
    [
        (HIGH, HIGH, "De response rate is net als vorig jaar hoog."),
        # shown one point below "hoog", a change too small to name: not high, stable
        (HIGH - 0.51, HIGH - 1 + MOVED - 1, "De response rate is vergelijkbaar met vorig jaar."),
        (HIGH + MOVED - 0.51, HIGH, "De response rate is net als vorig jaar hoog."),
        (HIGH + MOVED - 0.5, HIGH, "De response rate is net als vorig jaar hoog, en ligt hoger."),
        (HIGH - 10, HIGH + 2.5, "De response rate is lager dan vorig jaar."),
    ],
)
def test_response_rate_boundaries(now, before, opening):
    assert response_rate_sentence(now, before) == opening


def test_every_choice_in_the_file_is_documented():
    """Each key of rapport.yaml has a comment above it (the editorial choice in words),
    and ASSUMPTIONS.md names it; the file holds every field and nothing else."""
    lines = paths.REPORT_TEXT.read_text("utf-8").splitlines()
    keys = [(i, m[1]) for i, line in enumerate(lines) if (m := re.match(r"^(\w+):", line))]
    undocumented = [k for i, k in keys if not lines[i - 1].startswith("#")]
    assert not undocumented
    fields = {f.name for f in dataclasses.fields(thresholds.Editorial)} - {"source"}
    assert {k for _, k in keys} == fields
    assumptions = (paths.RAW / "ASSUMPTIONS.md").read_text("utf-8")
    assert [k for k in sorted(fields) if f"`{k}`" not in assumptions] == []
    # the value column says what the file holds
    rows = dict(re.findall(r"^\| `(\w+)` \| ([^|]+?) \| ", assumptions, flags=re.M))
    raw = yaml.safe_load(paths.REPORT_TEXT.read_text("utf-8"))
    scalars = [*thresholds.PERCENTAGES, *thresholds.POINTS, *thresholds.COUNTS]
    scalars += ["broad_target_group_from", "moved_from"]
    percent = {k for k in thresholds.PERCENTAGES if isinstance(raw[k], int)}
    shown = {k: f"{raw[k]}%" if k in percent else str(raw[k]) for k in scalars}
    stale = [
        f"`{k}`: the row says {rows.get(k)!r}, rapport.yaml holds {v!r}"
        for k, v in shown.items()
        if rows.get(k) != v
    ]
    assert not stale, "update data/raw/ASSUMPTIONS.md (Report text): " + "; ".join(stale)


def _broken(tmp_path, **changes) -> str:
    """The message of loading rapport.yaml with `changes` (None: the key left out)."""
    raw = yaml.safe_load(paths.REPORT_TEXT.read_text("utf-8"))
    for key, value in changes.items():
        raw.pop(key) if value is None else raw.__setitem__(key, value)
    path = tmp_path / "rapport.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    with pytest.raises(ValueError) as err:
        thresholds.load(path)
    return str(err.value)


def test_a_broken_file_gets_one_line_per_problem(tmp_path):
    message = _broken(
        tmp_path,
        little_used_below=150,
        large_number_from="3/2",
        quantity={100: "alle", 50: "de helft van de"},  # no 0
        change_grades={"large": 10, "plain": 3, "slight": 5, "almost_same": 1, "same": 0},
        moved_from="flink",
        programme=[{"years": [2022, 2025], "focus": "In {jaar}."}],
    )
    lines = message.splitlines()
    assert all(line.startswith(f"{tmp_path / 'rapport.yaml'}: ") for line in lines)
    assert [line.split(": ")[1].split(",")[0] for line in lines] == [
        "little_used_below",
        "large_number_from",
        "quantity",
        "change_grades",
        "moved_from",
        "programme",
    ]
    assert "150 is not a whole percentage (0-100) or a fraction (2/3)" in lines[0]
    assert "focus: 'In {jaar}.' is not a sentence" in lines[-1]
    known = sorted({f.name for f in dataclasses.fields(thresholds.Editorial)} - {"source"})
    assert _broken(tmp_path, earlier_years=None, extra=1).splitlines() == [
        f"{tmp_path / 'rapport.yaml'}: extra: unknown; known: {', '.join(known)}",
        f"{tmp_path / 'rapport.yaml'}: earlier_years: missing",
    ]


@pytest.mark.parametrize(
    "key, value",
    [
        ("moved_from", "same"),  # a change of 0 would read as a rise or fall
        ("moved_from", ["slight"]),
        ("fractions", {"1/4": "een kwart", "5/4": "vijf kwart"}),
        ("fractions", {"1/4": "een kwart", "1/0": "?"}),
        ("fractions", {1: "alles"}),  # a fraction is written "a/b"
        ("fractions", {"1/4": " "}),
        ("large_number_from", "1/0"),
        ("programme", [{"years": [2022, 2025], "focus": "{first.x}"}]),
        ("programme", [{"years": [2022, 2025], "focus": "Zo.", "name": "vervolgaanpak"}]),
    ],
)
def test_a_bad_value_is_one_line_never_a_traceback(tmp_path, key, value):
    (line,) = _broken(tmp_path, **{key: value}).splitlines()
    assert line.startswith(f"{tmp_path / 'rapport.yaml'}: {key}")


def test_the_build_stops_on_a_broken_file_before_any_chapter(tmp_path, monkeypatch, processed):
    """Every problem, one line each, once, before any chapter runs (not the first one in
    every chapter)."""
    from helpers.pipeline import book, execute
    from helpers.pipeline.errors import BuildError

    message = _broken(tmp_path, around_step=0, moved_from="same")
    monkeypatch.setattr(paths, "REPORT_TEXT", tmp_path / "rapport.yaml")

    def no_chapter(*args, **kwargs):
        raise AssertionError("a chapter was about to run")

    monkeypatch.setattr(execute, "ensure_kernel", no_chapter)
    with pytest.raises(BuildError) as err:
        book.build(2023, reports_root=tmp_path / "reports", processed_root=processed,
                   data_step=False, quiet=True)  # fmt: skip
    assert err.value.lines == message.splitlines() and len(err.value.lines) == 2
    assert not (tmp_path / "reports" / "2023").exists()


def test_a_year_after_the_programme_asks_for_the_next_one():
    """The introduction says whom the programme aims at: for a year no period covers it
    stops with what to add, instead of describing an ended programme as current."""
    first = EDITORIAL.programme[0].first
    last = EDITORIAL.programme[-1].last
    assert inleiding.programme_focus_sentence(first) == EDITORIAL.programme[0].focus
    sentence = inleiding.programme_focus_sentence(last)
    assert f"{EDITORIAL.programme[-1].first} - {last}" in sentence and "{" not in sentence
    with pytest.raises(ValueError, match=rf"rapport.yaml: programme: no period covers {last + 1}"):
        inleiding.programme_focus_sentence(last + 1)
