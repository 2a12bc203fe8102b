"""A year's export and invited list as an Excel workbook, an SPSS file or a `,`-separated CSV
(helpers.data.rawdata), and an export in the survey tool's column names (mapped by the
codebook's export.tool_names) or with answer labels for codes (helpers.data.validate): each
gives the processed tables of the `;`-separated CSV, byte for byte; a doubled or refused
file, a bad workbook cell, a wrong label, an unmapped column or an SPSS value label that is
not the codebook's is one line."""

import json
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
import yaml

from helpers import paths
from helpers.data import codebook, process, validate
from helpers.data.rawdata import read_text, read_workbook_text

YEAR = 2023
SHEET = "Blad1"  # what Dutch Excel calls the first sheet


def shipped(name: str) -> pd.DataFrame:
    """A shipped CSV of YEAR as strings, an empty cell None."""
    frame = pd.read_csv(paths.RAW / str(YEAR) / name, sep=";", dtype=str, keep_default_na=False)
    return frame.astype(object).where(frame != "", None)


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns as a survey tool types them: codes as numbers, the date as a date."""
    cb = codebook.load()
    out = frame.copy()
    for q in cb.asked(YEAR):
        for col in q.answer_columns(YEAR):
            if col in out:
                out[col] = pd.to_numeric(out[col])
    if "ingevuld_op" in out:
        fmt = next(m["format"] for m in cb.export["metadata"] if m["column"] == "ingevuld_op")
        out["ingevuld_op"] = pd.to_datetime(out["ingevuld_op"], format=fmt)
    return out


def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        typed(frame).to_excel(writer, sheet_name=SHEET, index=False)


def value_labels(columns) -> dict[str, dict]:
    """The codebook's labels of each coded column: what an SPSS export carries."""
    cb = codebook.load()
    labels = {}
    for q in cb.asked(YEAR):
        answers = {float(code): label for code, label in cb.answers(q)}
        labels |= {col: answers for col in q.answer_columns(YEAR) if col in columns}
    return labels


def write_sav(frame: pd.DataFrame, path: Path, labels: dict | None = None) -> None:
    """`frame` as an SPSS file, with the codebook's value labels unless `labels` given."""
    data = typed(frame)
    texts = [c for c in data.columns if data[c].dtype == object]
    data[texts] = data[texts].fillna("")  # SPSS has no missing text: an empty string
    labels = value_labels(data.columns) if labels is None else labels
    pyreadstat.write_sav(data, str(path), variable_value_labels=labels)


def write_comma_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, sep=",", lineterminator="\n")


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, sep=";", lineterminator="\n")


WRITERS = {".xlsx": write_xlsx, ".sav": write_sav, ".csv": write_comma_csv}


def tool_names() -> dict[str, str]:
    """YEAR's column ids -> names as a survey tool numbers them: Q<n> for the n-th question,
    Q<n>_<k> for its k-th item, Q<n>_<k>_TEXT for a free text; EndDate for ingevuld_op."""
    cb = codebook.load()
    names = {"ingevuld_op": "EndDate"}
    for n, q in enumerate(cb.asked(YEAR), start=1):
        for k, column in enumerate(q.answer_columns(YEAR), start=1):
            names[column] = f"Q{n}" if q.type == "single" else f"Q{n}_{k}"
        for column in q.text_columns(YEAR):
            names[column] = names[column.removesuffix("_tekst")] + "_TEXT"
    return names


def with_tool_names(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.rename(columns=tool_names())


def with_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Each answer as its codebook label, every other row in capitals between spaces."""
    cb = codebook.load()
    out = frame.copy()
    for q in cb.asked(YEAR):
        labels = {str(code): label for code, label in cb.answers(q)}
        for column in q.answer_columns(YEAR):
            out[column] = out[column].map(labels)
            shouted = out[column].iloc[::2].map(lambda s: f"  {s.upper()} ", na_action="ignore")
            out.loc[out.index[::2], column] = shouted
    return out


def tool_entry(columns: dict[str, str]) -> str:
    """An entry of export.tool_names from YEAR on, as one line of YAML."""
    entry = {"since": YEAR, "columns": columns}
    return yaml.safe_dump(entry, default_flow_style=True, sort_keys=False, width=10**6).strip()


@pytest.fixture
def use_codebook(monkeypatch):
    """use(path): the codebook at `path` instead of the shipped one, for this test."""

    def use(path: Path) -> None:
        monkeypatch.setattr(paths, "CODEBOOK", path)
        codebook.load.cache_clear()

    yield use
    codebook.load.cache_clear()


def add_tool_names(raw: Path, entry: str, use_codebook) -> None:
    """A copy of the codebook in raw/, with `entry` in export.tool_names, in use."""
    path = raw / paths.CODEBOOK.name
    text = paths.CODEBOOK.read_text("utf-8")
    empty = "\n  tool_names: []\n"
    assert text.count(empty) == 1
    path.write_text(text.replace(empty, f"\n  tool_names:\n    - {entry}\n"))
    use_codebook(path)


# The forms of an export that are a CSV of other contents: how they are made.
CONTENTS = {"tool names": with_tool_names, "labels": with_labels}


def convert(raw: Path, form: str, use_codebook) -> None:
    """YEAR in raw/ converted to `form`: its export and invited list to a format of WRITERS,
    or its export to CONTENTS (with tool names, the codebook's mapping added)."""
    cb = codebook.load()
    folder = raw / str(YEAR)
    if form in CONTENTS:
        export = folder / cb.export_file(YEAR)
        write_csv(CONTENTS[form](shipped(export.name)), export)
    else:
        for name in (cb.export_file(YEAR), cb.invited_file(YEAR)):
            (folder / name).unlink()
            WRITERS[form](shipped(name), (folder / name).with_suffix(form))
    if form == "tool names":
        add_tool_names(raw, tool_entry({n: c for c, n in tool_names().items()}), use_codebook)


@pytest.mark.slow
@pytest.mark.parametrize("form", [*WRITERS, "tool names", "labels"])
def test_every_form_gives_the_same_processed_bytes(form, processed, use_codebook, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    convert(raw, form, use_codebook)
    result = process.run([YEAR], raw, tmp_path / "processed")
    assert not result.failed, result.failed
    expected, got = processed / str(YEAR), tmp_path / "processed" / str(YEAR)
    names = sorted(p.name for p in expected.iterdir())
    assert sorted(p.name for p in got.iterdir()) == names
    for name in names:
        if name == "meta.json":  # the converted files are no longer the generated ones
            meta = json.loads((got / name).read_text("utf-8"))
            assert meta["synthetic"].pop(str(YEAR)) is False
            want = json.loads((expected / name).read_text("utf-8"))
            want["synthetic"].pop(str(YEAR))
            assert meta == want
        else:
            assert (got / name).read_bytes() == (expected / name).read_bytes(), (form, name)


@pytest.mark.parametrize("suffix", [".xlsx", ".sav"])
def test_a_converted_export_reads_as_the_csv(suffix, tmp_path):
    cb = codebook.load()
    for name in (cb.export_file(YEAR), cb.invited_file(YEAR)):
        path = (tmp_path / name).with_suffix(suffix)
        WRITERS[suffix](shipped(name), path)
        csv = read_text(paths.RAW / str(YEAR) / name)
        got = read_text(path)
        assert got.index.tolist() == csv.index.tolist()
        pd.testing.assert_frame_equal(got, csv)


def test_a_sheet_of_notes_first_and_a_title_above_the_names(tmp_path):
    """A workbook as a colleague may hand it over: a sheet of notes before the answers, a
    title row and an empty one above the column names. It reads as the CSV, row numbers
    as the sheet shows them."""
    name = codebook.load().export_file(YEAR)
    path = (tmp_path / name).with_suffix(".xlsx")
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"Toelichting": ["Export van de enquêtetool"]}).to_excel(
            writer, sheet_name="Toelichting", index=False
        )
        typed(shipped(name)).to_excel(writer, sheet_name=SHEET, index=False, startrow=2)
        writer.sheets[SHEET]["A1"] = "Benchmark Eén tegen eenzaamheid"
    got = read_workbook_text(path)
    csv = read_text(paths.RAW / str(YEAR) / name)
    assert got.attrs["sheet"] == SHEET and got.index[0] == csv.index[0] + 2
    pd.testing.assert_frame_equal(got.reset_index(drop=True), csv.reset_index(drop=True))


def test_an_excel_date_and_a_text_date_read_alike(tmp_path):
    path = tmp_path / "x.xlsx"
    frame = pd.DataFrame(
        {"ingevuld_op": [pd.Timestamp("2023-03-01 10:15:00"), "2023-03-01 10:15:00", None]}
    )
    frame.to_excel(path, sheet_name=SHEET, index=False)
    assert read_workbook_text(path)["ingevuld_op"].tolist() == ["2023-03-01 10:15:00"] * 2


# --- broken variants: one line each, nothing written, raw data untouched -----------


def run_broken(raw: Path, out: Path, capsys) -> list[str]:
    """Process YEAR from `raw` into `out` (holding earlier output); the error lines."""
    (out / str(YEAR)).mkdir(parents=True)
    (out / str(YEAR) / "meta.json").write_text("earlier output", "utf-8")
    before = {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()}
    assert process.main([str(YEAR), "--raw", str(raw), "--processed", str(out)]) == 1
    assert (out / str(YEAR) / "meta.json").read_text("utf-8") == "earlier output"
    assert [p.name for p in out.iterdir()] == [str(YEAR)]
    assert {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()} == before
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert err[-1] == f"error: not processed: {YEAR}"
    return err[:-1]


@pytest.fixture
def year_folder(tmp_path) -> Path:
    """data/raw/YEAR alone in a tmp raw root (no trend years: the broken files stop it)."""
    folder = tmp_path / "raw" / str(YEAR)
    shutil.copytree(paths.RAW / str(YEAR), folder)
    return folder


def test_two_exports_for_one_year_name_both(year_folder, mirror, tmp_path, capsys):
    csv = year_folder / codebook.load().export_file(YEAR)
    workbook = csv.with_suffix(".xlsx")
    write_xlsx(shipped(csv.name), workbook)
    (line,) = run_broken(year_folder.parent, tmp_path / "processed", capsys)
    assert line == f"error: {year_folder}: 2 files for one export: {csv} and {workbook}; keep one"


@pytest.mark.parametrize(
    "suffix, kind",
    [(".xls", "an Excel 97-2003 workbook (.xls)"), (".ods", "an OpenDocument spreadsheet (.ods)")],
)
def test_xls_and_ods_are_refused(suffix, kind, year_folder, mirror, tmp_path, capsys):
    csv = year_folder / codebook.load().export_file(YEAR)
    refused = csv.with_suffix(suffix)
    refused.write_bytes(b"\xd0\xcf\x11\xe0" if suffix == ".xls" else b"PK\x03\x04")
    csv.unlink()
    (line,) = run_broken(year_folder.parent, tmp_path / "processed", capsys)
    assert line == (
        f"error: {refused}: {kind} is not accepted; save it as Excel workbook (.xlsx) or as CSV"
    )


def test_a_bad_workbook_cell_is_named_as_excel_does(year_folder, mirror, tmp_path, capsys):
    csv = year_folder / codebook.load().export_file(YEAR)
    frame = typed(shipped(csv.name)).astype({"ingevuld_op": object})
    frame.loc[15, "ingevuld_op"] = "gisteren"  # sheet row 17: header, then rows 0-15
    workbook = csv.with_suffix(".xlsx")
    with pd.ExcelWriter(workbook, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=SHEET, index=False)
    csv.unlink()
    column = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[list(frame.columns).index("ingevuld_op")]
    (line,) = run_broken(year_folder.parent, tmp_path / "processed", capsys)
    assert line.startswith(
        f"error: {workbook}, sheet '{SHEET}', cell {column}17, column ingevuld_op: "
        "unparsable timestamp"
    )
    assert line.endswith("(value 'gisteren')")


def _saved_as_excel_saves(path: Path, find: bytes, saved: bytes) -> None:
    """The workbook at `path` with a formula's cell XML `find` replaced by `saved`: the
    result beside the formula, as Excel saves it (openpyxl writes none)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = "xl/worksheets/sheet1.xml"
    assert find in parts[name]
    parts[name] = parts[name].replace(find, saved)
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)


@pytest.mark.parametrize(
    "cell, saved, read",
    [
        ("=NA()", None, None),
        ("=1+1", None, None),
        ("#N/A", "error", None),
        ("=1+1", b'<c r="B3"><f>1+1</f><v>2</v></c>', "2"),
        # =IF(...;"";...) with its empty text saved: an empty cell, as Excel shows it
        ('=IF(1=1,"","y")', b'<c r="B3" t="str"><f>IF(1=1,"","y")</f><v></v></c>', None),
        # an error saved as the formula's result (=VLOOKUP(...) showing #N/A)
        ("=NA()", b'<c r="B3" t="e"><f>NA()</f><v>#N/A</v></c>', "error"),
    ],
)
def test_an_error_or_an_unsaved_formula_is_no_empty_answer(cell, saved, read, tmp_path):
    """Calamine reads an error value (#N/A) and a formula whose result was never saved (a
    workbook written by a script) as empty cells; a lost answer must not pass unseen. A
    formula with its saved result (as Excel saves), an empty text too, reads as that. The
    message names the cell and its column."""
    import openpyxl

    path = tmp_path / "x.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(["gemeentecode", "Q3_1"])  # the survey tool's name of the column
    sheet.append(["x", 1])
    sheet.append(["y", cell])
    if saved == "error":
        sheet["B3"].data_type = "e"
    book.save(path)
    if isinstance(saved, bytes):
        formula = cell[1:].encode()
        _saved_as_excel_saves(path, b'<c r="B3"><f>' + formula + b"</f><v></v></c>", saved)
    if isinstance(saved, bytes) and read != "error":
        got = read_workbook_text(path)["Q3_1"]
        assert got.iloc[0] == "1" and (got.iloc[1] == read if read else pd.isna(got.iloc[1]))
        return
    with pytest.raises(ValueError) as err:
        read_workbook_text(path)
    said = f"{path}, sheet '{SHEET}', cell B3 (column Q3_1): {cell!r} is an error"
    assert str(err.value).startswith(said)


def test_a_cell_is_named_by_its_place_in_the_sheet_with_a_column_left_out(
    year_folder, mirror, monkeypatch
):
    """A column the codebook ignores (export.ignore) still has its letter: a bad answer
    right of it is named by the cell Excel shows."""
    csv = year_folder / codebook.load().export_file(YEAR)
    frame = typed(shipped(csv.name)).astype({"week_deelname": object})
    frame.insert(0, "Respondent ID", range(len(frame)))
    frame.loc[15, "week_deelname"] = 7  # sheet row 17
    workbook = csv.with_suffix(".xlsx")
    with pd.ExcelWriter(workbook, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=SHEET, index=False)
    csv.unlink()
    monkeypatch.setitem(codebook.load().export, "ignore", ["Respondent ID"])
    letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[list(frame.columns).index("week_deelname")]
    with pytest.raises(validate.ExportError) as info:
        validate.load_export(YEAR, year_folder.parent)
    (line,) = [ln for ln in info.value.lines if "week_deelname" in ln]
    assert f"sheet '{SHEET}', cell {letter}17, column week_deelname:" in line


def test_the_sheet_the_codebook_names(tmp_path, monkeypatch):
    path = tmp_path / "x.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"a": ["first"]}).to_excel(writer, sheet_name="Toelichting", index=False)
        pd.DataFrame({"a": ["answers"]}).to_excel(writer, sheet_name="Antwoorden", index=False)
    assert read_workbook_text(path)["a"].tolist() == ["first"]  # default: the first sheet
    monkeypatch.setitem(codebook.load().export, "sheet", "Antwoorden")
    frame = read_workbook_text(path)
    assert (frame["a"].tolist(), frame.attrs["sheet"]) == (["answers"], "Antwoorden")
    monkeypatch.setitem(codebook.load().export, "sheet", "Blad9")
    with pytest.raises(ValueError, match=r"no sheet 'Blad9' .* has Toelichting, Antwoorden"):
        read_workbook_text(path)


@pytest.mark.parametrize(
    "start, problem",
    [((2, 1), "row 1: empty; the column names go in row 1"), ((0, 0), None)],
)
def test_the_header_is_row_1(start, problem, tmp_path):
    path = tmp_path / "x.xlsx"
    frame = pd.DataFrame({"a": ["x", "y"], "b": [1, 2]})
    frame.to_excel(path, sheet_name=SHEET, index=False, startrow=start[0], startcol=start[1])
    if problem is None:
        got = read_workbook_text(path)
        assert (got.index.tolist(), got["b"].tolist()) == ([2, 3], ["1", "2"])
    else:
        with pytest.raises(ValueError, match=problem):
            read_workbook_text(path)


def test_a_bad_spss_value_names_the_case(year_folder, mirror, tmp_path, capsys):
    csv = year_folder / codebook.load().export_file(YEAR)
    frame = shipped(csv.name)
    frame.loc[15, "week_deelname"] = "7"  # case 16
    write_sav(frame, csv.with_suffix(".sav"))
    csv.unlink()
    (line,) = run_broken(year_folder.parent, tmp_path / "processed", capsys)
    assert line.startswith(f"error: {csv.with_suffix('.sav')}, case 16, column week_deelname: ")
    assert line.endswith("(value '7')")


def test_a_refused_file_read_directly(tmp_path):
    with pytest.raises(ValueError, match=r"x\.ods: an OpenDocument spreadsheet \(\.ods\) is not"):
        read_text(tmp_path / "x.ods")


def test_a_wrong_label_is_one_line(year_folder, mirror, tmp_path, capsys):
    csv = year_folder / codebook.load().export_file(YEAR)
    frame = with_labels(shipped(csv.name))
    frame.loc[15, "week_deelname"] = "Jaa"  # row 17
    write_csv(frame, csv)
    (line,) = run_broken(year_folder.parent, tmp_path / "processed", capsys)
    assert line == (
        f"error: {csv}, row 17, column week_deelname: answer not in the codebook "
        "(valid: codes 1, 2 or labels 'Ja', 'Nee') (value 'Jaa')"
    )


def test_an_unmapped_column_is_one_line_saying_what_to_add(
    year_folder, mirror, use_codebook, tmp_path, capsys
):
    csv = year_folder / codebook.load().export_file(YEAR)
    write_csv(with_tool_names(shipped(csv.name)), csv)
    mapping = {name: column for column, name in tool_names().items()}
    unmapped = tool_names()["kartrekker"]
    del mapping[unmapped]
    add_tool_names(year_folder.parent, tool_entry(mapping), use_codebook)
    (line,) = run_broken(year_folder.parent, tmp_path / "processed", capsys)
    assert line == (
        f"error: {csv}, row 1: column(s) neither in the {YEAR} questionnaire of codebook.yaml "
        f"nor in its export.tool_names: {unmapped} (nearest: kartrekker). A column the survey "
        f"tool names otherwise: add `- {{since: {YEAR}, columns: {{{unmapped}: kartrekker}}}}` "
        f"to export.tool_names in codebook.yaml (check each id; `until: {YEAR}` for this year "
        f"only); a new question or answer option: add it to codebook.yaml with `since: {YEAR}`; "
        "a column of the tool's own that the report does not use (a respondent id, a start "
        "time): list it under export.ignore; otherwise correct the column name(s)"
    )


def test_the_entry_an_unknown_column_asks_for_makes_it_known(year_folder, mirror, use_codebook):
    """A tool that numbers its columns in questionnaire order: the message's entry, added to
    the codebook, is the whole mapping, and the export then reads as the shipped one."""
    csv = year_folder / codebook.load().export_file(YEAR)
    write_csv(with_tool_names(shipped(csv.name)), csv)
    with pytest.raises(validate.ExportError) as info:
        validate.load_export(YEAR, year_folder.parent)
    (line,) = info.value.lines
    entry = re.search(r"add `- (.*?)` to export.tool_names", line).group(1)
    mapping = {name: column for column, name in tool_names().items()}
    assert yaml.safe_load(entry) == {"since": YEAR, "columns": mapping}
    add_tool_names(year_folder.parent, entry, use_codebook)
    got = validate.load_export(YEAR, year_folder.parent)
    pd.testing.assert_frame_equal(got, validate.load_export(YEAR, paths.RAW))


@pytest.mark.parametrize(
    "first, last",
    [
        (["ResponseId", "StartDate", "EndDate"], []),  # the tool's own columns first
        ([], ["EndDate"]),  # the time last: as many unknown columns as missing ids
        ([], ["Status"]),  # a status not yet ignored, last
        (["EndDate", "Status"], []),  # between the municipality's columns and the questions
    ],
)
def test_the_tool_s_own_columns_do_not_shift_the_ids_the_entry_gives(
    first, last, year_folder, mirror, use_codebook
):
    """A tool's export as it comes, its own columns (a respondent id, a status, the start
    and end time) before or after the questions: each question still gets its own id,
    counted from the columns that are ids among those that hold answers (the place in
    the file alone gave Q1 the fourth id), and the column of times is ingevuld_op."""
    csv = year_folder / codebook.load().export_file(YEAR)
    frame = with_tool_names(shipped(csv.name))
    own = frame.assign(
        ResponseId=[f"R_{i}" for i in range(len(frame))], StartDate="x", Status="Complete"
    )
    middle = [c for c in frame.columns if c not in first + last]
    if first == ["EndDate", "Status"]:  # after gemeentecode and gemeentenaam
        middle = middle[:2] + first + middle[2:]
        first = []
    write_csv(own[first + middle + last], csv)
    with pytest.raises(validate.ExportError) as info:
        validate.load_export(YEAR, year_folder.parent)
    line = next(ln for ln in info.value.lines if "add `- " in ln)
    entry = yaml.safe_load(re.search(r"add `- (.*?)` to export.tool_names", line).group(1))
    wanted = {name: c for c, name in tool_names().items()}
    assert {n: c for n, c in entry["columns"].items() if n in wanted} == wanted


def test_two_names_that_are_one_id_in_other_case_are_one_line(year_folder, mirror):
    csv = year_folder / codebook.load().export_file(YEAR)
    frame = shipped(csv.name)
    frame = frame.rename(columns={"week_deelname": "Week_Deelname"})
    write_csv(frame.assign(WEEK_DEELNAME=frame["Week_Deelname"]), csv)
    with pytest.raises(validate.ExportError) as info:
        validate.load_export(YEAR, year_folder.parent)
    assert info.value.lines == [
        f"{csv}, row 1: columns Week_Deelname and WEEK_DEELNAME are both week_deelname (the "
        "same name in other case); remove one of them"
    ]


def test_an_id_in_other_case_is_that_id(year_folder, mirror):
    """SPSS does not keep the case of a variable name: WEEK_DEELNAME is week_deelname."""
    csv = year_folder / codebook.load().export_file(YEAR)
    frame = shipped(csv.name)
    write_csv(frame.rename(columns=str.upper), csv)
    got = validate.load_export(YEAR, year_folder.parent)
    pd.testing.assert_frame_equal(got, validate.load_export(YEAR, paths.RAW))


def _cut(columns: list[str], width: int = 8) -> dict[str, str]:
    """Names cut to `width` characters as an old SPSS does, made unique by a number at the
    end (DOELGROE, DOELGRO2, ...); the metadata keep theirs."""
    out, seen = {}, set()
    for column in columns:
        name, n = column[:width].upper(), 1
        while name in seen:
            n += 1
            name = column[: width - len(str(n))].upper() + str(n)
        seen.add(name)
        out[column] = name
    return out


def test_cut_names_get_an_entry_that_maps_each_to_its_own_id(year_folder, mirror, use_codebook):
    """The advice's entry gives each column one id, the one at its place where the name is
    that id cut short, so that following it reads the export as the shipped one (no two
    options of a question swapped, as the nearest spelling alone would)."""
    csv = year_folder / codebook.load().export_file(YEAR)
    frame = shipped(csv.name)
    metadata = [m["column"] for m in codebook.load().export["metadata"]]
    cut = {c: n for c, n in _cut(list(frame.columns)).items() if c not in metadata}
    write_csv(frame.rename(columns=cut), csv)
    with pytest.raises(validate.ExportError) as info:
        validate.load_export(YEAR, year_folder.parent)
    line = next(ln for ln in info.value.lines if "add `- " in ln)
    entry = re.search(r"add `- (.*?)` to export.tool_names", line).group(1)
    wanted = {name: column for column, name in cut.items() if name.lower() != column}
    assert yaml.safe_load(entry)["columns"] == wanted
    add_tool_names(year_folder.parent, entry, use_codebook)
    got = validate.load_export(YEAR, year_folder.parent)
    pd.testing.assert_frame_equal(got, validate.load_export(YEAR, paths.RAW))


def test_a_mapped_column_beside_its_id_is_one_line(
    year_folder, mirror, use_codebook, tmp_path, capsys
):
    csv = year_folder / codebook.load().export_file(YEAR)
    frame = shipped(csv.name)
    write_csv(frame.assign(Q1=frame["week_deelname"]), csv)
    add_tool_names(year_folder.parent, tool_entry({"Q1": "week_deelname"}), use_codebook)
    (line,) = run_broken(year_folder.parent, tmp_path / "processed", capsys)
    assert line == (
        f"error: {csv}, row 1: columns Q1 and week_deelname are both week_deelname "
        f"(export.tool_names of codebook.yaml maps Q1 to it in {YEAR}); remove one of them"
    )


def test_a_value_label_that_is_not_the_codebooks_is_one_line(year_folder, mirror, tmp_path, capsys):
    csv = year_folder / codebook.load().export_file(YEAR)
    frame = shipped(csv.name)
    labels = value_labels(frame.columns)
    english = [column for column, codes in labels.items() if codes[1.0] == "Ja"]
    labels |= {column: {**labels[column], 1.0: "Yes"} for column in english}
    labels["kartrekker"] = {**labels["kartrekker"], 2.0: " NEE"}  # case and spaces: agrees
    sav = csv.with_suffix(".sav")
    write_sav(frame, sav, labels)
    csv.unlink()
    (line,) = run_broken(year_folder.parent, tmp_path / "processed", capsys)
    assert line == (
        f"error: {sav}, value labels, column(s) {', '.join(english)}: code 1 is 'Yes' in the "
        "file but 'Ja' in codebook.yaml; a code must mean what the codebook says (check the "
        "questionnaire)"
    )


def test_a_tick_box_labelled_as_a_survey_tool_does_reads_alike(year_folder, mirror, tmp_path):
    """Ticked labelled with the option's own text ("Gemeenteraad"), not ticked "Niet
    geselecteerd" (the codebook's not_ticked_labels): the same codes, the same tables;
    another option's text on a tick box is still an error."""
    cb = codebook.load()
    csv = year_folder / cb.export_file(YEAR)
    frame = shipped(csv.name)
    labels = value_labels(frame.columns)
    ticks = {}
    for q in cb.asked(YEAR):
        if q.type == "multiple":
            for o in q.items(YEAR):
                ticks[f"{q.id}_{o.code}"] = {1.0: o.label, 0.0: "Niet geselecteerd"}
    sav = csv.with_suffix(".sav")
    write_sav(frame, sav, labels | ticks)
    csv.unlink()
    got = validate.load_export(YEAR, year_folder.parent)
    pd.testing.assert_frame_equal(got, validate.load_export(YEAR, paths.RAW))
    first, second = list(ticks)[:2]
    write_sav(frame, sav, labels | ticks | {first: ticks[second]})
    with pytest.raises(validate.ExportError, match=f"value labels, column.s. {first}: code 1"):
        validate.load_export(YEAR, year_folder.parent)
    with pytest.raises(validate.ExportError, match="a tick box may also carry its option's"):
        validate.load_export(YEAR, year_folder.parent)


def test_a_label_is_quoted_as_the_file_has_it(year_folder, mirror):
    """A message quotes the cell (spaces around aside), not the code its label stands for."""
    csv = year_folder / codebook.load().export_file(YEAR)
    frame = with_labels(shipped(csv.name))
    row = frame["samenstelling_coalitie_gemeente"].first_valid_index()
    frame.loc[row, "lokale_coalitie"] = "Nee"  # no coalition: its composition not asked
    write_csv(frame, csv)
    with pytest.raises(validate.ExportError) as info:
        validate.load_export(YEAR, year_folder.parent)
    line = next(line for line in info.value.lines if "samenstelling_coalitie_gemeente" in line)
    assert "answer to a question not asked" in line
    assert line.endswith(f"(value '{frame.loc[row, 'samenstelling_coalitie_gemeente'].strip()}')")


def test_a_renamed_column_is_named_as_the_file_does(year_folder, mirror, use_codebook):
    csv = year_folder / codebook.load().export_file(YEAR)
    frame = shipped(csv.name).rename(columns={"week_deelname": "Q1"})
    frame.loc[15, "Q1"] = "7"  # row 17
    write_csv(frame, csv)
    add_tool_names(year_folder.parent, tool_entry({"Q1": "week_deelname"}), use_codebook)
    with pytest.raises(validate.ExportError) as info:
        validate.load_export(YEAR, year_folder.parent)
    (line,) = info.value.lines
    assert line.startswith(f"{csv}, row 17, column Q1 (week_deelname): answer not in the")


def test_a_public_log_gets_no_workbook_cell_either(tmp_path, monkeypatch):
    """The workbook's own messages (an error cell, a value right of the data) withhold the
    cell's content where the log is public, as validation's messages do."""
    import openpyxl

    monkeypatch.setenv(validate.WITHHOLD_ENV, "1")
    for extra, secret in ((("x", '=CONCAT("geheim")'), "geheim"), (("y", 1, "geheim2"), "geheim2")):
        path = tmp_path / f"{secret}.xlsx"
        book = openpyxl.Workbook()
        book.active.title = SHEET
        book.active.append(["a", "b"])
        book.active.append(extra)
        book.save(path)
        with pytest.raises(ValueError) as err:
            read_workbook_text(path)
        assert secret not in str(err.value).replace(str(path), "")
        assert f"withheld: {validate.WITHHOLD_ENV} is set" in str(err.value)


def test_a_date_cell_out_of_range_warns_nothing_that_quotes_it(tmp_path, monkeypatch):
    """openpyxl warns of a date-formatted number past the year 9999 with its value; the
    workbook reads as Excel shows it (calamine), and the warning stays out of the log."""
    import warnings

    import openpyxl

    monkeypatch.setenv(validate.WITHHOLD_ENV, "1")
    path = tmp_path / "x.xlsx"
    book = openpyxl.Workbook()
    book.active.title = SHEET
    book.active.append(["a", "b"])
    book.active.append(["x", 31415926])
    book.active["B2"].number_format = "yyyy-mm-dd"
    book.save(path)
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        got = read_workbook_text(path)
    assert got["b"].tolist() == ["31415926"]
    assert not [str(w.message) for w in said if "31415926" in str(w.message)]


def test_an_spss_file_the_library_refuses_is_one_line_without_its_words(tmp_path, monkeypatch):
    """pyreadstat's own message may quote a case ("STRING type with value '...' with date
    type"): one line naming the file, its words only where the log is private."""
    from helpers.data import rawdata

    def refuse(*args, **kwargs):
        raise pyreadstat.PyreadstatError("STRING type with value 'geheim5' with date type")

    monkeypatch.setattr(pyreadstat, "read_sav", refuse)
    path = tmp_path / "benchmark_2023.sav"
    with pytest.raises(ValueError, match=f"^{re.escape(str(path))}: cannot read the SPSS file"):
        rawdata.read_sav_text(path)
    monkeypatch.setenv(validate.WITHHOLD_ENV, "1")
    with pytest.raises(ValueError) as err:
        rawdata.read_sav_text(path)
    assert str(err.value) == f"{path}: cannot read the SPSS file"


@pytest.mark.parametrize(
    "damaged",
    [b'<c r="B2" t="b"><v>geheim3</v></c>', b'<c r="B2"><v>geheim3</v></c>'],
    ids=["calamine cannot read it", "openpyxl cannot read it"],
)
def test_a_damaged_cell_is_one_line_that_quotes_it_only_where_the_log_is_private(
    damaged, tmp_path, monkeypatch
):
    """A cell the libraries cannot read (text in a boolean or number cell, as a hand-edited
    file may have): one line naming the workbook, never a traceback; the libraries' own
    words, which quote the cell, only where the log is not public."""
    import openpyxl

    path = tmp_path / "x.xlsx"
    book = openpyxl.Workbook()
    book.active.title = SHEET
    book.active.append(["a", "b"])
    book.active.append(["x", 1])
    book.save(path)
    _saved_as_excel_saves(path, b'<c r="B2" t="n"><v>1</v></c>', damaged)
    with pytest.raises(ValueError, match=f"^{re.escape(str(path))}: cannot read the workbook"):
        read_workbook_text(path)
    monkeypatch.setenv(validate.WITHHOLD_ENV, "1")
    with pytest.raises(ValueError) as err:
        read_workbook_text(path)
    assert "geheim3" not in str(err.value).replace(str(path), "")
