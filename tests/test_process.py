"""Processing: panel, indicator tables, and that bad input changes nothing."""

import dataclasses
import json
import re
import shutil

import pandas as pd
import pytest

from helpers import paths
from helpers.data import codebook, process, stamp
from helpers.report import fmt
from helpers.report.indicators import Tables


def test_panel_is_the_intersection():
    a = pd.DataFrame(index=pd.Index(["GM0001", "GM0002", "GM0003"], name="gemeentecode"))
    b = pd.DataFrame(index=pd.Index(["GM0003", "GM0002", "GM0009"], name="gemeentecode"))
    assert list(process.panel({2022: a, 2023: b}, 2022, 2023)) == ["GM0002", "GM0003"]
    assert len(process.panel({2023: b}, 2022, 2023)) == 0


@pytest.mark.parametrize(
    ("x", "expected"), [(48.75, 49), (12.5, 13), (0.5, 1), (-4.5, -5), (5.0847, 5), (88.95, 89)]
)
def test_round_half_up(x, expected):
    assert fmt.round_half_up(x) == expected


@pytest.mark.synthetic_data
def test_indicator_rows_add_up(processed):
    t = Tables(2023, processed)
    fig3 = t.question_table("week_deelname")
    assert set(fig3["year"]) == {2019, 2020, 2021, 2022, 2023}
    per_row = fig3.groupby(["year", "population", "item"]).agg(
        count=("count", "sum"), n=("n", "first")
    )
    assert (per_row["count"] == per_row["n"]).all()
    panel = fig3[fig3["population"] == "panel"]
    assert set(panel["year"]) == {2022, 2023}
    assert panel["n"].max() <= t.meta["panel_size"]


def test_the_first_year_has_no_change_rather_than_none(processed):
    """2019 has no previous year: a change is an error, not the year against itself, and
    a year asked for is never taken for the report year."""
    t = Tables(2019, processed)
    assert t.previous_year is None
    with pytest.raises(ValueError, match="2019 has no previous year"):
        t.pp_change("signaalpunt", 1)
    with pytest.raises(ValueError, match="2019 has no previous year"):
        t.count_change("signaalpunt", 1, population="alle")
    with pytest.raises(KeyError, match="no rows for 0"):
        t.share("signaalpunt", 1, year=0)


def test_an_option_s_share_counts_its_ticks_unless_told_otherwise(processed):
    """An option of a multiple-choice question has no `positive` codes: by default its
    share counts "Wel" (`Question.headline`), and a share of no codes is an error, never
    a silent 0%."""
    from helpers.report.text import lookup

    t = Tables(2023, processed)
    wethouder = lookup.share(t, "bestuurlijk_commitment", item="wethouder")
    assert wethouder == t.share("bestuurlijk_commitment", 1, item="wethouder")
    assert wethouder.count > 0
    for nothing in ((), ""):
        with pytest.raises(ValueError, match="bestuurlijk_commitment/wethouder: no answer codes"):
            t.share("bestuurlijk_commitment", nothing, item="wethouder")
    single = dataclasses.replace(codebook.load().questions["kartrekker"], positive=())
    with pytest.raises(ValueError, match="kartrekker: no `positive` codes"):
        _ = single.headline  # only an option may go without: it counts its ticks


def test_a_change_is_the_difference_of_the_shown_percentages():
    """59.88% to 62.43% reads "60%" to "62%": 2 points, not the unrounded 2.55 (3)."""
    from helpers.report.indicators import Share, shown_change

    assert shown_change(Share(5988, 10000), Share(6243, 10000)) == 2
    assert shown_change(Share(1, 2), Share(1, 3)) == 33 - 50  # 50% to 33%
    assert shown_change(None, Share(1, 2)) is None
    assert shown_change(Share(0, 0), Share(1, 2)) is None  # nobody to compare with


def test_routing_shrinks_the_denominator(processed):
    t = Tables(2023, processed)
    coalition = t.share("lokale_coalitie", [1, 2, 3]).count
    assert t.share("samenstelling_coalitie", 1, item="gemeente").n <= coalition


def test_answers_by_province_add_up_to_the_national_table_and_recount(processed):
    """Per province, the counts of the report year's answers; summed over the provinces
    (every province of the register) they are the national indicator rows."""
    t = Tables(2023, processed)
    table = t.table("answers_by_province")
    provinces = set(t.table("municipality_status")["provincienaam"])
    assert set(table["provincienaam"]) == provinces
    key = ["question", "item", "code"]
    summed = table.groupby(key)[["count", "n"]].sum()
    for q in codebook.load().asked(2023):
        national = t.question_table(q.id)
        national = national[(national["year"] == 2023) & (national["population"] == "alle")]
        expected = national.set_index(key)[["count", "n"]].sort_index()
        pd.testing.assert_frame_equal(summed.loc[[q.id]], expected, obj=q.id)
    responses = t.table("responses")
    province = responses["provincienaam"].value_counts().index[0]
    answers = responses.loc[responses["provincienaam"] == province, "kartrekker"].dropna()
    rows = table[(table["provincienaam"] == province) & (table["question"] == "kartrekker")]
    for row in rows.itertuples():
        assert (row.count, row.n) == (int((answers == row.code).sum()), len(answers))
        assert row.pct == pytest.approx(100 * row.count / row.n)


@pytest.mark.synthetic_data
def test_processed_tables_name_their_year_synthetic(processed):
    assert Tables(2023, processed).meta["synthetic"] == {str(y): True for y in range(2019, 2024)}


def copy_raw(raw, *years: int) -> None:
    """These years of data/raw into `raw` (a year validates the earlier ones present)."""
    for year in years:
        shutil.copytree(paths.RAW / str(year), raw / str(year))


@pytest.fixture
def corrupted_raw(mirror, tmp_path):
    """2022 and 2023 of data/raw, with one unknown answer code in the 2023 export."""
    raw = tmp_path / "raw"
    copy_raw(raw, 2022, 2023)
    export = raw / "2023" / codebook.load().export_file(2023)
    lines = export.read_text("utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(";")
    row = lines[5].rstrip("\n").split(";")
    row[header.index("week_deelname")] = "7"
    lines[5] = ";".join(row) + "\n"
    export.write_text("".join(lines), "utf-8")
    return raw, export


def _edit_cell(column, value, line=5):
    def edit(text):
        lines = text.splitlines(keepends=True)
        header = lines[0].rstrip("\n").split(";")
        row = lines[line].rstrip("\n").split(";")
        row[header.index(column)] = value
        lines[line] = ";".join(row) + "\n"
        return "".join(lines)

    return edit


def _drop_column(column):
    def edit(text):
        rows = [line.rstrip("\n").split(";") for line in text.splitlines()]
        i = rows[0].index(column)
        return "".join(";".join(r[:i] + r[i + 1 :]) + "\n" for r in rows)

    return edit


# (how the 2023 export is broken, what the one message must mention)
CORRUPTIONS = {
    "answer code": (_edit_cell("week_deelname", "7"), ["row 6", "week_deelname", "'7'"]),
    "unknown code": (_edit_cell("gemeentecode", "GM9999"), ["row 6", "gemeentecode", "GM9999"]),
    "not in this year": (_edit_cell("gemeentecode", "GM0457"), ["row 6", "not a municipality"]),
    "duplicated code": (
        lambda t: t + t.splitlines(keepends=True)[1],
        ["duplicated municipality code"],
    ),
    "wrong year": (_edit_cell("ingevuld_op", "2022-05-01 10:00:00"), ["row 6", "wrong year"]),
    "missing column": (_drop_column("kartrekker"), ["kartrekker", "questionnaire missing"]),
    "unknown column": (
        lambda t: t.replace("\n", ";extra\n", 1).replace("\n", ";x\n").replace(";x\n", "\n", 1),
        ["extra", "in the 2023 questionnaire"],
    ),
    "utf-16": (lambda t: t.encode("utf-16").decode("latin-1"), ["UTF-16", "accepted encodings"]),
    "empty file": (lambda t: "", ["empty"]),
    "ambiguous header": (lambda t: t.replace(";", ",", 1), ["ambiguous header"]),
}


@pytest.mark.parametrize("kind", list(CORRUPTIONS))
def test_every_bad_input_stops_with_one_message_and_writes_nothing(kind, mirror, tmp_path, capsys):
    edit, mentions = CORRUPTIONS[kind]
    raw = tmp_path / "raw"
    copy_raw(raw, 2023)  # a broken year among others: the tests below
    export = raw / "2023" / codebook.load().export_file(2023)
    text = edit(export.read_text("utf-8"))
    export.write_bytes(text.encode("latin-1") if kind == "utf-16" else text.encode("utf-8"))
    out = tmp_path / "processed"
    out.mkdir()

    assert process.main(["2023", "--raw", str(raw), "--processed", str(out)]) == 1

    err = capsys.readouterr().err
    message = next(line for line in err.splitlines() if line.startswith("error:"))
    assert str(export) in message or str(export.with_name("uitgenodigd_2023.csv")) in message
    for word in mentions:
        assert word in err, (kind, word, err)
    assert list(out.iterdir()) == []


@pytest.mark.synthetic_data
def test_cp1252_export_reads_like_utf8(mirror, tmp_path):
    raw = tmp_path / "raw"
    copy_raw(raw, 2023)
    export = raw / "2023" / codebook.load().export_file(2023)
    export.write_bytes(export.read_text("utf-8").encode("cp1252"))
    out = tmp_path / "processed"
    process.run([2023], raw, out)
    names = set(pd.read_parquet(out / "2023" / "responses.parquet")["gemeentenaam"])
    assert {"Súdwest-Fryslân", "Noardeast-Fryslân"} <= names


def test_bad_input_one_line_nonzero_exit_outputs_intact(corrupted_raw, tmp_path, capsys):
    raw, export = corrupted_raw
    out = tmp_path / "processed"
    (out / "2023").mkdir(parents=True)
    (out / "2023" / "meta.json").write_text("earlier output", "utf-8")
    before = export.read_bytes()

    assert process.main(["--raw", str(raw), "--processed", str(out)]) == 1

    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    err = [line for line in lines if line.startswith("error: ")]
    # besides the errors only the note of the years without a CBS class file (no progress
    # bar: stderr is not a terminal here)
    notes = [line for line in lines if line not in err]
    assert len(notes) <= 1 and all("no CBS urbanity classes" in n for n in notes)
    assert len(err) == 2
    assert str(export) in err[0] and "row 6" in err[0] and "week_deelname" in err[0]
    assert "'7'" in err[0]
    assert err[1] == "error: not processed: 2023; written: 2022"
    assert (out / "2023" / "meta.json").read_text("utf-8") == "earlier output"
    # the other year is written and stamped, and no half-written folder is left
    assert sorted(p.name for p in out.iterdir()) == [stamp.STAMPS, "2022", "2023"]
    assert not stamp.is_stale(2022, out, stamp.inputs(raw))
    assert stamp.is_stale(2023, out, stamp.inputs(raw))  # its earlier output, not stamped
    assert export.read_bytes() == before  # raw data is never modified


def test_only_what_the_data_step_reads_makes_its_tables_stale(mirror, tmp_path):
    """The year folders and the codebook count; the docs and editorial files beside them
    (read by later stages, which count them in their own digests) do not."""
    raw = tmp_path / "raw"
    copy_raw(raw, 2023)
    for name in ("ASSUMPTIONS.md", "advies.yaml", "rapport.yaml"):
        shutil.copy(paths.RAW / name, raw / name)
    before = stamp.inputs(raw)
    with open(raw / "ASSUMPTIONS.md", "a", encoding="utf-8") as f:
        f.write("\n")
    (raw / "rapport.yaml").write_text("kapot: [", "utf-8")
    assert stamp.inputs(raw) == before
    invited = next(p for p in (raw / "2023").iterdir() if p.is_file())
    with open(invited, "ab") as f:
        f.write(b"\n")
    assert stamp.inputs(raw) != before


def test_a_step_that_only_reads_the_tables_says_when_they_are_stale(processed, tmp_path):
    """`python -m helpers.monitor` straight after a data drop would show the old answers."""
    assert stamp.stale_note(2023, processed) is None  # `make processed` made them
    shutil.copytree(processed / "2023", tmp_path / "2023")  # tables without their stamp
    note = stamp.stale_note(2023, tmp_path)
    years = "2019, 2020, 2021, 2022"
    said = f"{paths.relative(tmp_path)}: no tables of {years}; the tables of 2023 are older"
    assert note.startswith(said)
    assert "`make processed YEAR=2023`" in note


def test_a_notebook_of_the_latest_year_says_when_a_newer_export_is_not_processed(
    processed, tmp_path
):
    """JupyterLab's default year is the latest processed one: after a data drop the step
    failed on, the notebook would quietly show the year before."""
    import warnings

    from helpers.report.indicators import latest_processed_year

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert latest_processed_year(processed) == codebook.available_years()[-1]
    shutil.copytree(processed / "2022", tmp_path / "2022")
    with pytest.warns(UserWarning, match=r"^data/raw has \d{4}, .* only up to 2022: this shows"):
        assert latest_processed_year(tmp_path) == 2022


def test_a_broken_year_holds_back_itself_and_the_later_years_that_need_it(mirror, tmp_path):
    raw = tmp_path / "raw"
    copy_raw(raw, 2021, 2022, 2023)
    export = raw / "2022" / codebook.load().export_file(2022)
    export.write_text(_edit_cell("week_deelname", "7")(export.read_text("utf-8")), "utf-8")
    result = process.run([2021, 2022, 2023], raw, tmp_path / "processed")
    assert sorted(result.written) == [2021]
    assert sorted(result.failed) == [2022, 2023]
    assert "row 6, column week_deelname" in result.failed[2022][0]
    assert result.failed[2023] == [
        f"{raw / '2023'}: not processed: its trends need 2022, which failed"
    ]


def test_messages_name_the_repository_s_files_relative_to_it(tmp_path):
    """data/raw/2024/..., as the docs show them, not the machine's absolute path."""
    inside = paths.RAW / "2024" / "benchmark_2024.csv"
    said = f"{inside}, row 2, column x: y; {tmp_path / 'a.csv'} too"
    assert (
        paths.shown(said)
        == f"data/raw/2024/benchmark_2024.csv, row 2, column x: y; {tmp_path / 'a.csv'} too"
    )


def test_the_console_stays_plain_and_the_log_file_has_times(corrupted_raw, tmp_path, capsys):
    from helpers import paths

    raw, export = corrupted_raw
    assert process.main(["2022", "2023", "--raw", str(raw), "--processed", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert f"wrote {tmp_path / '2022'}" in out.splitlines()
    assert any(line.startswith(f"error: {export}, row 6") for line in err.splitlines())
    log = (paths.LOGS / "data.log").read_text("utf-8").splitlines()
    written = next(line for line in log if line.endswith(f"wrote {tmp_path / '2022'}"))
    assert re.match(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ INFO    helpers.data.process: wrote ", written
    )
    assert any(" ERROR   helpers.data.process: " + str(export) in line for line in log)


def test_every_problem_is_in_the_log_and_the_first_on_the_console(mirror, tmp_path, capsys):
    """An export wrong in every row: the console stops after MAX_LINES and says where the
    rest is; the log, readable by its owner only (it quotes the values), has every one."""
    import stat

    from helpers.data import validate

    raw = tmp_path / "raw"
    copy_raw(raw, 2023)
    export = raw / "2023" / codebook.load().export_file(2023)
    lines = export.read_text("utf-8").splitlines()
    at = lines[0].split(";").index("week_deelname")
    rows = [row.split(";") for row in lines[1:]]
    for row in rows:
        row[at] = "7"
    export.write_text("\n".join([lines[0], *(";".join(row) for row in rows)]) + "\n", "utf-8")
    assert process.main(["2023", "--raw", str(raw), "--processed", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.splitlines()
    wrong = [line for line in err if "column week_deelname" in line]
    log = paths.LOGS / "data.log"
    assert len(wrong) == validate.MAX_LINES
    assert f"error: ... and {len(rows) - len(wrong)} more, in {paths.relative(log)}" in err
    logged = [line for line in log.read_text("utf-8").splitlines() if "week_deelname" in line]
    assert len(logged) == len(rows) and all(" ERROR " in line for line in logged)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_a_missing_year_is_an_error_not_a_crash(mirror, tmp_path, capsys):
    raw, out = tmp_path / "raw", tmp_path / "processed"
    copy_raw(raw, 2023)
    assert process.main(["2031", "--raw", str(raw), "--processed", str(out)]) == 1
    assert f"error: no raw data for 2031 (years in {raw}: 2023)" in capsys.readouterr().err


def test_failed_write_keeps_previous_output(processed, tmp_path, monkeypatch):
    out = tmp_path / "processed"
    shutil.copytree(processed / "2023", out / "2023")
    meta = json.loads((processed / "2023" / "meta.json").read_text("utf-8"))
    tables = {"meta": meta, "responses": pd.read_parquet(processed / "2023" / "responses.parquet")}

    def broken(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", broken)
    with pytest.raises(OSError):
        process.write(2023, tables, out)
    assert sorted(p.name for p in out.iterdir()) == ["2023"]
    assert (out / "2023" / "meta.json").exists()


@pytest.mark.synthetic_data
def test_a_changed_answer_moves_a_published_number(mirror, tmp_path):
    """The published-number test can fail: one answer less for the Week tegen Eenzaamheid."""
    from test_reproduces_published_2023_numbers import PUBLISHED, compute

    raw = tmp_path / "raw"
    copy_raw(raw, 2023)  # a count of 2023 needs no earlier year
    export = raw / "2023" / codebook.load().export_file(2023)
    df = pd.read_csv(export, sep=";", dtype=str, keep_default_na=False)
    first_yes = df.index[df["week_deelname"] == "1"][0]
    df.loc[first_yes, "week_deelname"] = "2"
    df.to_csv(export, sep=";", index=False, lineterminator="\n")
    out = tmp_path / "processed"
    process.run([2023], raw, out)

    row = next(PUBLISHED[PUBLISHED["id"] == "week_2023_aantal"].itertuples())
    assert compute(Tables(2023, out), row) == float(row.value) - 1
