"""Reading and validating raw exports (helpers.data.rawdata, helpers.data.validate)."""

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers.data import codebook, validate
from helpers.data.rawdata import read_csv_text
from helpers.data.validate import ExportError, load_export, load_invited

YEAR = 2023

# A small fake register: Weesp (GM0457) merged into Amsterdam in March 2022, Voorne
# aan Zee (GM1992) started in 2023 (registers as of 1 January, as in helpers.data.registers).
ALWAYS = {
    "GM0363": "Amsterdam",
    "GM1900": "Súdwest-Fryslân",
    "GM0080": "Leeuwarden",
    "GM0014": "Groningen",
    "GM0344": "Utrecht",
    "GM0599": "Rotterdam",
}
FAKE_REGISTER = {
    year: pd.DataFrame(
        [
            (code, name, "Fryslân")
            for code, name in {
                **ALWAYS,
                **({"GM0457": "Weesp"} if year <= 2022 else {}),
                **({"GM1992": "Voorne aan Zee"} if year == 2023 else {}),
            }.items()
        ],
        columns=["gemeentecode", "gemeentenaam", "provincienaam"],
    )
    for year in range(2019, 2024)
}


def valid_rows(year: int, municipalities: dict[str, str]) -> list[dict[str, str]]:
    """One valid answer row per municipality, cycling through the codebook's codes."""
    cb = codebook.load()
    rows = []
    for i, (code, name) in enumerate(municipalities.items()):
        row = {"gemeentecode": code, "gemeentenaam": name}
        row["ingevuld_op"] = f"{year}-03-{i + 1:02d} 10:15:00"
        for q in cb.asked(year):
            for col in q.answer_columns(year):
                row[col] = str(q.codes()[i % len(q.codes())])
            for col in q.text_columns(year):
                row[col] = "Gebrek aan ambtelijke capaciteit; ‘tijd’ ontbreekt" if i % 2 else ""
        for q in cb.asked(year):  # follow-up questions stay empty when not asked
            parent = cb.questions[q.asked_if["question"]] if q.asked_if else None
            if parent and row[parent.id] not in [str(c) for c in q.asked_if["codes"]]:
                for col in q.answer_columns(year) + q.text_columns(year):
                    row[col] = ""
        rows.append(row)
    return rows


def write_csv(path: Path, columns, rows, encoding="utf-8", delimiter=";") -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([[row.get(c, "") for c in columns] for row in rows])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode(encoding))


class Export:
    """A raw export plus invited file of one year under a tmp raw root; edit, then load."""

    def __init__(self, root: Path, year: int, municipalities: dict[str, str], register):
        cb = codebook.load()
        self.root, self.year, self.register = root, year, register
        self.path = root / str(year) / cb.export_file(year)
        self.invited_path = root / str(year) / cb.invited_file(year)
        self.columns = cb.columns(year)
        self.rows = valid_rows(year, municipalities)
        self.invited = [{"gemeentecode": c, "gemeentenaam": n} for c, n in municipalities.items()]

    def write(self, encoding="utf-8") -> None:
        write_csv(self.path, self.columns, self.rows, encoding)
        write_csv(self.invited_path, ["gemeentecode", "gemeentenaam"], self.invited, encoding)

    def load(self, encoding="utf-8") -> pd.DataFrame:
        self.write(encoding)
        return load_export(self.year, self.root, self.register)

    def error(self) -> ExportError:
        with pytest.raises(ExportError) as info:
            self.load()
        return info.value


@pytest.fixture
def export(mirror, tmp_path):
    """A valid 2023 export of five municipalities (the fake register). Loading it needs the
    CBS boundaries all the same: the name-variant table is checked against them."""
    names = {c: ALWAYS[c] for c in ["GM0363", "GM1900", "GM0080", "GM0014", "GM0344"]}
    exp = Export(tmp_path, YEAR, names, FAKE_REGISTER)
    exp.invited += [{"gemeentecode": "GM1992", "gemeentenaam": "Voorne aan Zee"}]
    return exp


def assert_line(error: ExportError, path, row: int, column: str, problem: str, value: str):
    """Exactly one line names this file, row, column, problem and value."""
    head, tail = f"{path}, row {row}, column {column}: ", f" (value '{value}')"
    hits = [ln for ln in error.lines if ln.startswith(head) and ln.endswith(tail)]
    assert len(hits) == 1 and problem in hits[0], "\n".join(error.lines)


# --- valid files -----------------------------------------------------------------


def test_valid_export_loads_typed_and_raw_files_stay_untouched(export):
    export.write()
    before = (export.path.read_bytes(), export.path.stat().st_mtime_ns)
    frame = load_export(YEAR, export.root, FAKE_REGISTER)
    assert (export.path.read_bytes(), export.path.stat().st_mtime_ns) == before

    assert list(frame.columns) == export.columns and len(frame) == 5
    assert frame["week_deelname"].dtype == "Int64"
    assert frame["uitdagingen_anders_tekst"].dtype == "string"
    assert frame["ingevuld_op"].dtype.kind == "M"
    assert frame["gemeentenaam"].tolist()[1] == "Súdwest-Fryslân"
    # follow-up answers are NA where the question was not asked (lokale_coalitie = 4)
    assert frame.loc[3, "lokale_coalitie"] == 4
    assert frame.loc[3, "samenstelling_coalitie_gemeente"] is pd.NA


def test_invited_loads(export):
    export.write()
    invited = load_invited(YEAR, export.root, FAKE_REGISTER)
    assert invited.columns.tolist() == ["gemeentecode", "gemeentenaam"]
    assert len(invited) == 6


def test_real_register(mirror, tmp_path):
    from helpers.data import registers

    register = registers.municipality_register(YEAR)
    names = dict(register[["gemeentecode", "gemeentenaam"]].head(5).itertuples(index=False))
    exp = Export(tmp_path, YEAR, names, register=None)  # None: the CBS register
    assert len(exp.load()) == 5


# --- one test per kind of problem --------------------------------------------------


def test_missing_columns_say_to_end_the_question(export):
    export.columns.remove("week_deelname")
    export.columns.remove("financiering_spuk")
    assert export.error().lines == [
        f"{export.path}, row 1: column(s) of the 2023 questionnaire missing: week_deelname, "
        "financiering_spuk. A question or answer option no longer asked: give it "
        "`until: 2022` in codebook.yaml"
    ]


def test_a_missing_column_every_export_has_is_not_said_to_be_no_longer_asked(export):
    """The time of answering under the tool's name (EndDate, at the end: not in its place)
    is not a question to end."""
    export.columns = [c for c in export.columns if c != "ingevuld_op"] + ["EndDate"]
    for row in export.rows:
        row["EndDate"] = row.pop("ingevuld_op")
    lines = export.error().lines
    # the one column of times: the entry maps it (it was a line of its own)
    assert "EndDate (nearest: ingevuld_op)" in "".join(lines)
    assert "{EndDate: ingevuld_op}" in "".join(lines)
    assert not any("no longer asked" in line and "ingevuld_op" in line for line in lines)
    export.rows[0]["EndDate"] = "later"  # not all times: no guess, its own line
    lines = export.error().lines
    assert f"{export.path}, row 1: column(s) every export has missing: ingevuld_op. " in (
        "".join(lines)
    )
    assert not any("no longer asked" in line and "ingevuld_op" in line for line in lines)


def test_unexpected_columns_say_to_add_the_question(export):
    export.columns += ["opmerkingen", "financiering_gemeentefonds"]
    assert export.error().lines == [
        f"{export.path}, row 1: column(s) neither in the 2023 questionnaire of codebook.yaml "
        "nor in its export.tool_names: opmerkingen (no id near); financiering_gemeentefonds "
        "(no id near). A new question or answer option: add it to codebook.yaml with "
        "`since: 2023`; a column of the tool's own that the report does not use (a respondent "
        "id, a start time): list it under export.ignore; otherwise correct the column name(s)"
    ]


def test_a_code_written_as_a_whole_number_is_the_code(export):
    clean = export.load()
    export.rows[0]["week_deelname"] += ".0"
    export.rows[1]["week_deelname"] += ",00"
    pd.testing.assert_frame_equal(export.load(), clean)
    export.rows[2]["week_deelname"] = "1.5"
    assert_line(export.error(), export.path, 4, "week_deelname", "not in the codebook", "1.5")


def test_the_tool_s_own_columns_listed_under_ignore_are_left_out(export, monkeypatch):
    clean = export.load()
    export.columns = ["Respondent ID", *export.columns, "StartDate"]
    for i, row in enumerate(export.rows):
        row |= {"Respondent ID": str(1000 + i), "StartDate": "2023-04-01 09:00:00"}
    assert "export.ignore" in export.error().lines[0]
    monkeypatch.setitem(codebook.load().export, "ignore", ["Respondent ID", "StartDate"])
    pd.testing.assert_frame_equal(export.load(), clean)


def test_a_misspelt_column_gets_the_nearest_id_and_the_entry_to_add(export):
    """Not in the file's place of the id: the nearest in spelling, not the place, finds it."""
    export.columns.remove("week_deelname")
    export.columns += ["Week deelname"]
    export.rows[0]["Week deelname"] = "1"
    assert export.error().lines == [
        f"{export.path}, row 1: column(s) neither in the 2023 questionnaire of codebook.yaml "
        "nor in its export.tool_names: Week deelname (nearest: week_deelname). A column the "
        "survey tool names otherwise: add `- {since: 2023, columns: {Week deelname: "
        "week_deelname}}` to export.tool_names in codebook.yaml (check each id; `until: 2023` "
        "for this year only); a new question or answer option: add it to codebook.yaml with "
        "`since: 2023`; a column of the tool's own that the report does not use (a respondent "
        "id, a start time): list it under export.ignore; otherwise correct the column name(s)"
    ]


def test_a_later_year_asks_the_latest_questionnaire(mirror, tmp_path):
    """No codebook edit for a year after the last one it names."""
    register = {**FAKE_REGISTER, 2024: FAKE_REGISTER[2023]}
    names = {c: ALWAYS[c] for c in ["GM0363", "GM1900", "GM0080"]}
    exp = Export(tmp_path, 2024, names, register)
    assert exp.columns == codebook.load().columns(2023)
    assert list(exp.load()["gemeentecode"]) == list(names)


def test_a_year_before_the_benchmark_is_refused(tmp_path):
    exp = Export(tmp_path, 2018, {"GM0363": "Amsterdam"}, {2018: FAKE_REGISTER[2019]})
    exp.write()
    with pytest.raises(
        ValueError, match="no questionnaire for 2018: the benchmark started in 2019"
    ):
        load_export(2018, tmp_path, exp.register)


def test_a_name_that_is_not_the_codes_municipality_is_an_error(export):
    export.rows[1]["gemeentenaam"] = "Leeuwarden"  # GM1900 is Súdwest-Fryslân
    export.invited[1]["gemeentenaam"] = "Leeuwarden"
    problem = (
        "GM1900 is Súdwest-Fryslân in the CBS register of 2023 (a variant of the same name "
        "goes into naamvarianten.csv) (value 'Leeuwarden')"
    )
    assert export.error().lines == [
        f"{export.invited_path}, row 3, column gemeentenaam: {problem}",
        f"{export.path}, row 3, column gemeentenaam: {problem}",
    ]


def test_spelling_variants_and_listed_aliases_are_accepted(export):
    export.rows[1]["gemeentenaam"] = "SUDWEST FRYSLAN"  # case, hyphen, diacritics
    register = {y: frame.copy() for y, frame in FAKE_REGISTER.items()}
    register[2023].loc[len(register[2023])] = ("GM0518", "'s-Gravenhage", "Zuid-Holland")
    export.register = register
    export.rows[2].update(gemeentecode="GM0518", gemeentenaam="Den Haag")  # naamvarianten.csv
    export.invited[2].update(gemeentecode="GM0518", gemeentenaam="Den Haag")
    assert len(export.load()) == 5


# --- the year folder ------------------------------------------------------------------


def test_misnamed_export_is_named(export):
    export.write()
    typo = export.path.with_name("benchmark_2O23.csv")
    export.path.rename(typo)
    with pytest.raises(ExportError) as info:
        load_export(YEAR, export.root, export.register)
    folder = export.path.parent
    expected = (
        "benchmark_2023 and uitgenodigd_2023 (.csv, .xlsx or .sav), optionally synthetic.json"
    )
    assert info.value.lines == [
        f"{export.path}: missing file (expected {expected})",
        f"{typo}: unexpected file (a year folder holds {expected})",
    ]
    assert codebook.available_years(export.root) == [YEAR]  # the year does not vanish
    assert sorted(p.name for p in folder.iterdir()) == [
        "benchmark_2O23.csv",
        "uitgenodigd_2023.csv",
    ]


@pytest.mark.parametrize("where", ["second download", "folder above"])
def test_a_missing_export_points_at_the_file_it_may_be(export, where):
    """Saved as a browser names a second download, or put in data/raw/ itself; never at
    another year's export."""
    export.write()
    last_year = export.path.with_name(export.path.name.replace(str(YEAR), str(YEAR - 1)))
    shutil.copyfile(export.path, last_year)
    moved = (
        export.path.with_name("benchmark_2023 (1).csv")
        if where == "second download"
        else export.root / export.path.name
    )
    export.path.rename(moved)
    with pytest.raises(ExportError) as info:
        load_export(YEAR, export.root, export.register)
    hint = (
        f"; is it {moved}? then name it benchmark_2023.csv"
        if where == "second download"
        else f"; {moved} is in the folder above: move it into {export.path.parent}"
    )
    assert info.value.lines[0].endswith(hint)
    assert last_year.name not in info.value.lines[0]


def test_hidden_files_and_the_manifest_are_allowed(export):
    export.write()
    (export.path.parent / ".DS_Store").write_bytes(b"\0")
    (export.path.parent / "synthetic.json").write_text("{}")
    assert len(load_export(YEAR, export.root, export.register)) == 5


def test_a_code_as_a_number_or_in_lower_case_is_the_register_s(export):
    """363, GM363 and gm0363 are GM0363, as a tool or an SPSS number may write it; in the
    invited list too."""
    clean = export.load()
    export.rows[0]["gemeentecode"] = "363"  # GM0363
    export.rows[1]["gemeentecode"] = "gm1900"
    export.rows[2]["gemeentecode"] = "GM80"
    export.invited[0]["gemeentecode"] = "0363"
    pd.testing.assert_frame_equal(export.load(), clean)


@pytest.mark.parametrize(
    "code, problem",
    [
        ("GM12345", "unknown municipality code"),  # not GM + 4 digits
        ("GM03a3", "unknown municipality code"),
        ("GM9999", "unknown municipality code"),  # well-formed, in no year's register
        # Weesp, merged into Amsterdam: said where values are not withheld
        ("GM0457", f"not a municipality in {YEAR}, merged into GM0363 Amsterdam on 2022-03-24"),
    ],
)
def test_bad_municipality_code(export, code, problem, monkeypatch):
    export.rows[2]["gemeentecode"] = code
    error = export.error()
    assert_line(error, export.path, 4, "gemeentecode", problem, code)
    assert len(error.lines) == 1  # not also reported as "not invited" etc.
    monkeypatch.setenv(validate.WITHHOLD_ENV, "1")  # the merger would tell the code withheld
    assert "merged" not in export.error().lines[0]


def test_duplicated_municipality_code(export):
    export.rows[3]["gemeentecode"] = export.rows[0]["gemeentecode"]
    error = export.error()
    for row in (2, 5):
        assert_line(error, export.path, row, "gemeentecode", "duplicated", "GM0363")


def test_answer_code_not_in_codebook(export):
    export.rows[1]["monitoring_evaluatie"] = "6"
    export.rows[2]["bestuurlijk_commitment_wethouder"] = "2"  # multiple choice: 1/0 only
    error = export.error()
    assert_line(error, export.path, 3, "monitoring_evaluatie", "not in the codebook", "6")
    assert_line(error, export.path, 4, "bestuurlijk_commitment_wethouder", "codebook", "2")


def test_a_public_log_gets_no_cell_values(export, monkeypatch):
    """The yearly workflow's log is public: with EEN_WITHHOLD_VALUES set, a message still
    names file, row and column, but no value of the confidential export."""
    monkeypatch.setenv(validate.WITHHOLD_ENV, "1")
    export.rows[1]["monitoring_evaluatie"] = "6"
    export.rows[2]["gemeentenaam"] = "Geheime Plaats"
    text = "\n".join(export.error().lines)
    assert f"{export.path}, row 3, column monitoring_evaluatie: answer not in" in text
    assert "row 4, column gemeentenaam" in text
    assert "'6'" not in text and "Geheime" not in text
    assert text.count("(value withheld: EEN_WITHHOLD_VALUES is set)") == 2
    # nor the row's code or official name: with another line on the row (a follow-up
    # answered where not asked) they would tie that answer to a municipality
    code = export.rows[2]["gemeentecode"]
    assert code not in text and "the code's name in the CBS register of" in text


def test_an_export_without_its_names_row_lists_no_answers(export, monkeypatch):
    """Without the row of column names the first answers are read as names; a public log
    gets one line saying so, never those answers (nor duplicated ones)."""
    monkeypatch.setenv(validate.WITHHOLD_ENV, "1")
    export.write()
    lines = export.path.read_text("utf-8").splitlines(keepends=True)
    export.path.write_text("".join(lines[1:]), "utf-8")  # the names row dropped
    first = lines[1].strip().split(";")
    with pytest.raises((ExportError, ValueError)) as err:
        load_export(export.year, export.root, export.register)
    text = str(err.value)
    assert not [v for v in first if v and len(v) > 1 and v in text]
    assert "no column gemeentecode among the column names" in text or (
        "duplicated column name(s) (" in text
    )
    monkeypatch.delenv(validate.WITHHOLD_ENV)
    with pytest.raises(ValueError, match=r"duplicated column name\(s\) 1, 2"):
        read_csv_text_from(export.path.parent / "dup.csv", "1;1;2;2\na;b;c;d\n")
    monkeypatch.setenv(validate.WITHHOLD_ENV, "1")
    with pytest.raises(ValueError, match=r"duplicated column name\(s\) \(2\)$"):
        read_csv_text_from(export.path.parent / "dup.csv", "1;1;2;2\na;b;c;d\n")


def test_answers_read_as_names_are_not_listed():
    """A first row of distinct answers (no duplicates to stop it earlier) is not listed
    as unknown column names: one line says the key column is missing."""
    names = pd.DataFrame(columns=["GM0363", "Amsterdam", "2023-05-01 10:15", "1"])
    (line,) = validate._no_header(Path("x.csv"), names)
    assert "no column gemeentecode" in line and "Amsterdam" not in line and "GM0363" not in line
    assert validate._no_header(Path("x.csv"), pd.DataFrame(columns=["gemeentecode"])) == []


def read_csv_text_from(path: Path, text: str):
    path.write_text(text, "utf-8")
    return read_csv_text(path)


def test_unparsable_timestamp(export):
    export.rows[0]["ingevuld_op"] = "3 mei 2023, 10.15 uur"
    assert_line(
        export.error(), export.path, 2, "ingevuld_op", "unparsable", "3 mei 2023, 10.15 uur"
    )


def test_a_time_as_tools_and_dutch_excel_write_it_reads_alike(export):
    """Day first (01-03-2023 10:15), ISO with a T, without seconds, SPSS's 01-MAR-2023:
    the codebook's `also` formats, kept as its `format`."""
    clean = export.load()
    written = ["01-03-2023 10:15:00", "2023-03-02T10:15", "03-03-2023 10:15", "2023-03-04 10:15"]
    for row, text in zip(export.rows, [*written, "05-MAR-2023 10:15:00"], strict=True):
        row["ingevuld_op"] = text
    pd.testing.assert_frame_equal(export.load(), clean)


def test_timestamp_in_wrong_year(export):
    export.rows[4]["ingevuld_op"] = "2022-12-31 23:59:00"
    assert_line(export.error(), export.path, 6, "ingevuld_op", "wrong year", "2022-12-31 23:59:00")


def test_answer_to_question_not_asked(export):
    assert export.rows[0]["lokale_coalitie"] in {"1", "2", "3"}  # a coalition
    export.rows[0]["lokale_coalitie"] = "4"  # no coalition: composition not asked
    error = export.error()
    column = "samenstelling_coalitie_zorg"
    assert_line(error, export.path, 2, column, "not asked", export.rows[0][column])


def test_a_column_without_any_answer_where_asked_is_an_error(export):
    """An export that lost a column's answers (every cell empty) stops with one line, where
    the report would otherwise fail on a question without figures; a follow-up asked of
    no one may be empty."""
    for row in export.rows:
        row["week_deelname"] = ""
    (line,) = [ln for ln in export.error().lines if "empty in every row" in ln]
    assert line.startswith(f"{export.path}, column(s) week_deelname: ")
    export.rows = valid_rows(
        export.year, {r["gemeentecode"]: r["gemeentenaam"] for r in export.rows}
    )
    follow_ups = [c for c in export.columns if c.startswith("samenstelling_coalitie_")]
    for row in export.rows:
        row["lokale_coalitie"] = "4"  # no coalition anywhere: its composition asked of none
        row.update(dict.fromkeys(follow_ups, ""))
    export.load()


def test_missing_required_value(export):
    export.rows[1]["gemeentenaam"] = ""
    assert_line(export.error(), export.path, 3, "gemeentenaam", "missing value", "")


def test_invited_file_problems(export):
    export.invited[1]["gemeentecode"] = "GM0457"
    export.invited.append(dict(export.invited[0]))
    export.write()
    with pytest.raises(ExportError) as info:
        load_invited(YEAR, export.root, FAKE_REGISTER)
    path = export.invited_path
    assert_line(info.value, path, 3, "gemeentecode", f"not a municipality in {YEAR}", "GM0457")
    assert_line(info.value, path, 8, "gemeentecode", "duplicated", "GM0363")


def test_respondent_not_invited(export):
    del export.invited[2]
    assert_line(export.error(), export.path, 4, "gemeentecode", "not invited", "GM0080")


def test_the_invited_list_s_names_in_any_case_and_no_noise_when_it_is_broken(export):
    """Gemeentecode is gemeentecode; an invited list that cannot be read checks no
    respondent against it (else every respondent would be 'not invited' too)."""
    clean = export.load()
    write_csv(
        export.invited_path,
        ["Gemeentecode", "GemeenteNaam"],
        [
            {"Gemeentecode": r["gemeentecode"], "GemeenteNaam": r["gemeentenaam"]}
            for r in export.invited
        ],
    )
    write_csv(export.path, export.columns, export.rows)
    pd.testing.assert_frame_equal(load_export(export.year, export.root, export.register), clean)
    write_csv(
        export.invited_path,
        ["code", "gemeentenaam"],
        [{"code": r["gemeentecode"], "gemeentenaam": r["gemeentenaam"]} for r in export.invited],
    )
    with pytest.raises(ExportError) as info:
        load_export(export.year, export.root, export.register)
    assert info.value.lines and not [ln for ln in info.value.lines if "not invited" in ln]
    assert all(str(export.invited_path) in ln for ln in info.value.lines)


def test_message_is_capped(export):
    for row in export.rows:
        for col in export.columns[3:8]:
            row[col] = "9"
    error = export.error()
    assert len(error.lines) == 25
    shown = str(error).splitlines()
    assert len(shown) == 21 and shown[-1] == "... and 5 more"


# --- reading: encodings, delimiter, empty files ------------------------------------


def test_encodings_read_identically(export):
    frames = {}
    for encoding in ["utf-8", "utf-8-sig", "cp1252"]:
        frames[encoding] = export.load(encoding)
        assert read_csv_text(export.path).attrs["encoding"] == (
            "cp1252" if encoding == "cp1252" else "utf-8-sig"
        )
    assert frames["utf-8"].loc[1, "gemeentenaam"] == "Súdwest-Fryslân"
    pd.testing.assert_frame_equal(frames["utf-8"], frames["utf-8-sig"])
    pd.testing.assert_frame_equal(frames["utf-8"], frames["cp1252"])


def _spaced(text: str) -> str:
    """Spaces around every value, and Excel's leftovers: ';' ending every line, a row of
    empty fields, "sep=;" on line 1."""
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows([f" {v} " if v else v for v in row] + [""] for row in rows)
    return "sep=;\r\n" + out.getvalue() + ";" * 5 + "\r\n"


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["utf-8", "with a byte order mark"])
def test_a_file_mixing_two_encodings_names_the_row(export, bom):
    """One row saved as Windows-1252 in a UTF-8 file: read as Windows-1252 as a whole, the
    other rows' ‘â’ would become ‘Ã¢’ and fail as a wrong name; the row is named instead."""
    export.write()
    lines = export.path.read_bytes().split(b"\r\n")
    (i,) = [i for i, line in enumerate(lines) if b"Amsterdam" in line]
    lines[i] = lines[i].decode("utf-8").replace("Amsterdam", "Amsterdâm").encode("cp1252")
    export.path.write_bytes(bom + b"\r\n".join(lines))  # Excel's "CSV UTF-8" has the mark
    assert "Súdwest-Fryslân".encode() in export.path.read_bytes()  # the UTF-8 rows
    with pytest.raises(ValueError, match=rf", row {i + 1}: byte 0xe2 is not UTF-8, while other"):
        load_export(export.year, export.root, export.register)


@pytest.mark.parametrize(
    "edit",
    [_spaced, lambda t: t.replace("week_deelname", " Week_Deelname ", 1)],
    ids=["spaces and Excel's leftovers", "a name in other case with spaces"],
)
def test_what_excel_leaves_around_the_data_reads_alike(export, edit):
    """The README's "spaces around aside", for codes, municipality codes and column names
    too; and a CSV as Dutch Excel may save it reads as the plain one."""
    clean = export.load()
    export.path.write_text(edit(export.path.read_text("utf-8")), "utf-8")
    got = load_export(export.year, export.root, export.register)
    pd.testing.assert_frame_equal(got, clean)


def test_a_workbook_s_lock_file_and_a_capital_are_no_problem(export):
    """~$benchmark_2023.xlsx is Excel's while the workbook is open; Benchmark_2023.csv is
    the export by another spelling."""
    clean = export.load()
    (export.path.parent / f"~${export.path.stem}.xlsx").write_bytes(b"\x00")
    export.path.rename(export.path.with_name(export.path.name.capitalize()))
    pd.testing.assert_frame_equal(load_export(export.year, export.root, export.register), clean)


@pytest.mark.parametrize(
    "encoding, problem",
    [
        ("utf-16", "is encoded as UTF-16 (byte order mark FF FE)"),
        ("utf-16-be", "holds NUL bytes"),  # no byte order mark
        ("utf-32", "is encoded as UTF-32 (byte order mark FF FE 00 00)"),
    ],
)
def test_unaccepted_encoding_is_named(export, encoding, problem):
    with pytest.raises(ValueError) as info:
        export.load(encoding)
    message = str(info.value)
    assert message.startswith(f"{export.invited_path}: the file ")
    assert problem in message
    assert "accepted encodings: utf-8-sig, cp1252" in message


def test_a_workbook_is_not_a_csv(tmp_path):
    path = tmp_path / "benchmark_2023.csv"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)))
    with pytest.raises(ValueError, match=r"is an Excel workbook \(.xlsx\), not a CSV file"):
        read_csv_text(path)


def test_undecodable_file(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"gemeentecode;gemeentenaam\r\nGM0363;\x81\r\n")  # 0x81: not in cp1252
    with pytest.raises(ValueError, match="cannot decode"):
        read_csv_text(path)


def test_wrong_delimiter(export):
    write_csv(export.path, export.columns, export.rows, delimiter="\t")
    with pytest.raises(ValueError, match="wrong delimiter") as info:
        read_csv_text(export.path)
    assert str(export.path) in str(info.value)


def test_comma_separated_reads_like_semicolon_separated(export):
    export.write()
    semicolon = read_csv_text(export.path)
    write_csv(export.path, export.columns, export.rows, delimiter=",")
    comma = read_csv_text(export.path)
    assert (semicolon.attrs["delimiter"], comma.attrs["delimiter"]) == (";", ",")
    pd.testing.assert_frame_equal(semicolon, comma, check_flags=False)


def test_ambiguous_header(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("gemeentecode;gemeentenaam,ingevuld_op\nGM0363;Amsterdam,x\n")
    with pytest.raises(ValueError) as info:
        read_csv_text(path)
    assert str(info.value).startswith(f"{path}, row 1: ambiguous header: it holds both ';' and ','")


@pytest.mark.parametrize(
    "content, message", [(b"", "empty file"), (b"\xef\xbb\xbf\r\n", "empty file")]
)
def test_empty_file(tmp_path, content, message):
    path = tmp_path / "benchmark.csv"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message):
        read_csv_text(path)


def test_header_only(export):
    write_csv(export.path, export.columns, [])
    with pytest.raises(ValueError, match="no data rows"):
        read_csv_text(export.path)


def test_row_with_wrong_number_of_fields(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("gemeentecode;gemeentenaam\nGM0363;Amsterdam\nGM0599;Rotter;dam\n")
    with pytest.raises(ValueError, match=r"row 3: 3 fields but the header has 2"):
        read_csv_text(path)


def test_line_numbers_follow_multiline_text(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text('a;b\n1;"two\nlines"\n\n3;x\n', encoding="utf-8")
    assert read_csv_text(path).index.tolist() == [2, 5]
