"""The peer group (issue #20, item 1): the CBS urbanity classes as data (mirror, cache,
content check, a year without them), and the class figures of 2023 counted from the
responses: how many are shown and suppressed, and every shown number recounted.

The combinations of figures are tried in test_peer_group_differencing.py."""

from __future__ import annotations

import json
import logging
import re

import pandas as pd
import pytest
import rules

from helpers import paths
from helpers.data import classes, process, registers, sources, stamp
from helpers.monitor import data as monitor_data
from helpers.municipality import model
from helpers.report import fmt

YEAR = 2023


@pytest.fixture
def mirror_copy(mirror, tmp_path, monkeypatch):
    """A folder to put a class file in, as the classes' mirror, with an empty cache."""
    folder = tmp_path / "mirror"
    folder.mkdir()
    monkeypatch.setenv(classes.MIRROR_ENV, str(folder))
    monkeypatch.setattr(classes.paths, "EXTERNAL", tmp_path / "external")
    return folder


def _good(year: int = YEAR - 1) -> pd.DataFrame:
    """The municipalities of the `year` register, each with a class."""
    register = registers.municipality_register(year)
    return pd.DataFrame(
        {"gemeentecode": register["gemeentecode"], "stedelijkheid": 1 + register.index % 5}
    )


def _write(folder, table: pd.DataFrame, year: int = YEAR - 1):
    path = folder / classes.file_name(year)
    table.to_csv(path, index=False)
    return path


def test_the_2023_classes_are_the_pinned_file(processed):
    """The mirror's file, as checked; the 174 respondents of 2023 fall in groups of 10, 31,
    35, 71 and 27 (the issue's count), every municipality with at least 9 peers."""
    meta = json.loads((processed / str(YEAR) / "meta.json").read_text("utf-8"))
    assert meta["classes"] == {
        "year": YEAR,
        "source": classes.source(YEAR),
        "file": classes.file_name(YEAR),
    }
    responses = pd.read_parquet(processed / str(YEAR) / "responses.parquet")
    assert list(responses.columns[2:4]) == ["provincienaam", classes.COLUMN]
    assert str(responses[classes.COLUMN].dtype) == "Int64"
    sizes = responses[classes.COLUMN].value_counts().sort_index()
    if len(responses) == 174:  # the shipped synthetic export
        assert sizes.tolist() == [10, 31, 35, 71, 27]
    assert sizes.index.tolist() == [1, 2, 3, 4, 5] and sizes.min() >= 10


def test_answers_by_class_add_up_to_the_national_table(processed):
    """Per question, item and code, the classes' counts add up to the national ones."""
    folder = processed / str(YEAR)
    by_class = pd.read_parquet(folder / "answers_by_class.parquet")
    by_province = pd.read_parquet(folder / "answers_by_province.parquet")
    keys = ["question", "item", "code"]
    total = by_class.groupby(keys)[["count", "n"]].sum()
    assert total.equals(by_province.groupby(keys)[["count", "n"]].sum())
    assert sorted(by_class[classes.COLUMN].unique()) == [1, 2, 3, 4, 5]


def test_a_year_without_classes_builds_and_says_so(processed, caplog, tmp_path):
    """2022 has no class file: it builds, says so once, and has no class rows or figures."""
    meta = json.loads((processed / "2022" / "meta.json").read_text("utf-8"))
    assert meta["classes"] is None
    assert pd.read_parquet(processed / "2022" / "answers_by_class.parquet").empty
    responses = pd.read_parquet(processed / "2022" / "responses.parquet")
    assert responses[classes.COLUMN].isna().all()
    with caplog.at_level(logging.WARNING):
        result = process.run([2021, 2022, 2023], processed_root=tmp_path)
    said = [r.getMessage() for r in caplog.records if "stedelijkheid" in r.getMessage()]
    assert said == [  # one line for every year without classes, none for 2023
        "no CBS urbanity classes for 2021, 2022 (gemeenten_<year>_stedelijkheid.csv not in "
        "EEN_CBS_CLASSES_MIRROR or the cache): their factsheets and monitors leave out the "
        "comparison with similar municipalities"
    ]
    assert result.without_classes == [2021, 2022] and not result.failed
    code = responses["gemeentecode"].iloc[0]
    fs = model.build(code, 2022, processed)
    assert (fs.klasse, fs.klasse_label, fs.respondents_class, fs.class_any) == (
        None,
        None,
        None,
        False,
    )
    assert fs.shares["count_class"].isna().all() and fs.shares["pct_class"].isna().all()


def _cached(year: int = YEAR - 1):
    return classes.paths.EXTERNAL / classes.CACHE / classes.file_name(year)


def test_a_class_file_is_cached_and_checked(mirror_copy):
    year = YEAR - 1  # not pinned: the content check alone
    assert year not in sources.CBS_CLASSES_SHA256
    assert classes.load(year) is None
    _write(mirror_copy, _good())
    got = classes.load(year)
    assert len(got) == len(registers.municipality_register(year)) and got.between(1, 5).all()
    assert _cached(year).is_file()


def test_a_class_file_saved_by_dutch_excel_reads_alike(mirror_copy):
    """Semicolons and Windows-1252, as Excel saves a CSV in a Dutch locale."""
    path = mirror_copy / classes.file_name(YEAR - 1)
    text = _good().assign(gemeentenaam="Súdwest-Fryslân").to_csv(index=False, sep=";")
    path.write_bytes(text.encode("cp1252"))
    pd.testing.assert_series_equal(classes.load(YEAR - 1), _loaded_good())


def _loaded_good() -> pd.Series:
    table = _good().set_index("gemeentecode")["stedelijkheid"].astype("Int64")
    return table.sort_index()


def _set(column: str, row: int, value):
    """A change of a good file: `value` in `column` of the table's `row` (0: the first)."""
    return lambda t: t.assign(**{column: t[column].where(t.index != row, value)})


@pytest.mark.parametrize(
    "change, message",
    [
        (_set("stedelijkheid", 3, 7), "row 5, column stedelijkheid: '7' is not a class 1..5"),
        (lambda t: t.iloc[1:], "no row for GM"),
        (lambda t: pd.concat([t, t.iloc[:1]]), "is given twice"),
        (_set("gemeentecode", 0, "GM9999"), "row 2, column gemeentecode: 'GM9999' is not a"),
        (lambda t: t.drop(columns="stedelijkheid"), "no column stedelijkheid"),
    ],
)
def test_a_bad_class_file_names_file_row_column_value(mirror_copy, change, message):
    path = _write(mirror_copy, change(_good()))
    with pytest.raises(ValueError) as err:
        classes.load(YEAR - 1)
    assert message in str(err.value) and str(path) in str(err.value)
    # not cached: without the mirror's file there are no classes, not the rejected ones
    assert not _cached().exists()
    path.unlink()
    assert classes.load(YEAR - 1) is None


def test_every_problem_of_a_class_file_is_said_at_once(mirror_copy):
    """Not one a run: a wrong class and a missing row, in one message of two lines."""
    change = _set("stedelijkheid", 3, 7)
    _write(mirror_copy, change(_good()).iloc[1:])
    with pytest.raises(ValueError) as err:
        classes.load(YEAR - 1)
    lines = str(err.value).splitlines()
    assert len(lines) == 2
    assert "is not a class 1..5" in lines[0] and "no row for GM" in lines[1]


def test_a_pinned_year_must_have_its_bytes(mirror_copy):
    _write(mirror_copy, _good(YEAR), YEAR)
    with pytest.raises(ValueError, match="not the .* pinned for 2023"):
        classes.load(YEAR)
    assert not _cached(YEAR).exists()


def test_the_data_step_is_stale_when_a_class_file_appears_or_changes(mirror_copy):
    before = stamp.inputs()
    path = _write(mirror_copy, _good())
    appeared = stamp.inputs()
    path.write_text(path.read_text("utf-8").replace(",1\n", ",2\n", 1), "utf-8")
    changed = stamp.inputs()
    assert len({before, appeared, changed}) == 3


# --- the class figures of 2023, counted from the responses -----------------------------


def _tally(frame: pd.DataFrame, units: dict) -> dict:
    """{(group, column): {code: count}}: how many respondents of each class (group None:
    all of them) gave each answer, counted here from the responses; (group, column,
    "answered"): how many answered; (group, "size"): how many respondents it has."""
    out = {}
    for group, sel in [(None, frame), *frame.groupby(classes.COLUMN)]:
        for column, unit in units.items():
            values = sel[column].dropna().astype(int)
            out[(group, column)] = {c: int((values == c).sum()) for c in unit.codes}
            out[(group, column, "answered")] = len(values)
        out[(group, "size")] = {"respondents": len(sel)}
    return out


def _expected(tally: dict, own: dict, unit, units: dict) -> bool:
    """May the class figure of `unit` be shown to the municipality with answers `own`? The
    rules written out again (`rules`), for its class's others and for the respondents
    outside its class (the country minus the class, rule 3)."""
    klasse = own[classes.COLUMN]

    def groups(column: str) -> list[dict]:
        mine = own[column]
        inside = {
            c: n - (pd.notna(mine) and int(mine) == c) for c, n in tally[(klasse, column)].items()
        }
        outside = {c: n - tally[(klasse, column)][c] for c, n in tally[(None, column)].items()}
        return [inside, outside]

    cond = unit.question.asked_if
    firsts = groups(units[cond["question"]].column) if cond else [None, None]
    inside, outside = groups(unit.column)
    # rule 4, against the national figure: the others of the country, the class's size
    nation = {c: inside[c] + outside[c] for c in inside}
    yes = sum(n for c, n in nation.items() if c in (tuple(unit.question.positive) or (1,)))
    size = sum(tally[(klasse, "size")].values()) - 1
    rest = sum(tally[(None, "size")].values()) - 1 - size
    return rules.plausible(unit.question, (yes, sum(nation.values())), size, rest) and all(
        rules.passes(unit, counts, None if first is None else (first, cond["codes"]))
        for counts, first in zip((inside, outside), firsts, strict=True)
    )


@pytest.mark.slow  # every factsheet and monitor of the year
@pytest.mark.synthetic_data
def test_class_cells_shown_and_suppressed(processed):
    """Every respondent and answer column of YEAR: the class figure is shown exactly where
    the rules allow (counted here from the responses), and each shown number (count, n,
    share; in the monitor's data the share as shown and n) is the recount."""
    frame = pd.read_parquet(processed / str(YEAR) / "responses.parquet").set_index("gemeentecode")
    units = {u.column: u for u in model.units(YEAR)}
    tally = _tally(frame, units)
    shown = suppressed = province_shown = 0
    for code in frame.index:
        fs = model.build(code, YEAR, processed)
        page = monitor_data.monitor(code, YEAR, processed)["by_year"][str(YEAR)]["units"]
        own = frame.loc[code].to_dict()
        shares = {(s["column"], s["code"]): s for s in fs.share_records}
        for r in fs.row_records:
            province_shown += bool(r["province_shown"])
            unit = units[r["column"]]
            # a province figure suppressed by rule 3 (with an earlier year) may hide the
            # class figure only through the pair class/province; none is nested in 2023
            allowed = _expected(tally, own, unit, units)
            # rule 5: allowed, but hidden beside the suppressed province figure it would
            # give away
            assert r["class_shown"] == allowed or not r["province_shown"], (code, unit.column)
            assert allowed or not r["class_shown"], (code, unit.column)
            if not r["class_shown"]:
                suppressed += 1
                assert page[unit.column]["class"] is None and r["n_class"] is None
                continue
            shown += 1
            klasse = own[classes.COLUMN]  # the class, the municipality among them
            assert fs.klasse == klasse
            peers, answered = tally[(klasse, unit.column)], tally[(klasse, unit.column, "answered")]
            assert r["n_class"] == page[unit.column]["n_class"] == answered
            for c in unit.codes:
                s = shares[(unit.column, c)]
                assert (s["count_class"], s["n_class"]) == (peers[c], answered)
                assert s["pct_class"] == pytest.approx(100 * s["count_class"] / answered)
            pcts = [shares[(unit.column, c)]["pct_class"] for c in unit.codes]
            assert [list(x) for x in page[unit.column]["class"]] == [
                [int(fmt.round_half_up(p)), fmt.pct(p)] for p in pcts
            ]
    # both paths taken, over every respondent and answer column
    assert shown and suppressed and shown + suppressed == len(frame) * len(units)
    # and what docs/disclosure.md says they cost (it is kept true here, not typed on trust)
    doc = " ".join((paths.ROOT / "docs" / "disclosure.md").read_text("utf-8").split())
    said = re.search(
        r"In (\d{4}) \((\d+) respondents × (\d+) answer columns\), (\d+) class figures are "
        r"shown and (\d+) suppressed .*? and (\d+) province figures and (\d+) \(",
        doc,
    )
    assert said, "docs/disclosure.md no longer states the counts of 2023 in the words tested"
    counted = (YEAR, len(frame), len(units), shown, suppressed, province_shown)
    assert tuple(map(int, said.groups())) == (*counted, shown + suppressed - province_shown)


def test_cache_digest_is_of_the_bytes(mirror_copy):
    """What the stamp takes of a class file is its content, not its place or time."""
    path = _write(mirror_copy, _good())
    digest = classes.digest([YEAR - 1])
    path.touch()
    assert classes.digest([YEAR - 1]) == digest
