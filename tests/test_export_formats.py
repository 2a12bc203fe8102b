"""A year's export and invited list as an Excel workbook, an SPSS file or a `,`-separated CSV
(helpers.data.rawdata): read into the same frame as the `;`-separated CSV, so the processed
tables are the same bytes; a doubled or refused file, or a bad workbook cell, is one line."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from helpers import paths
from helpers.data import codebook, process
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


def write_sav(frame: pd.DataFrame, path: Path) -> None:
    data = typed(frame)
    texts = [c for c in data.columns if data[c].dtype == object]
    data[texts] = data[texts].fillna("")  # SPSS has no missing text: an empty string
    pyreadstat.write_sav(data, str(path), variable_value_labels=value_labels(data.columns))


def write_comma_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, sep=",", lineterminator="\n")


WRITERS = {".xlsx": write_xlsx, ".sav": write_sav, ".csv": write_comma_csv}


def converted_raw(root: Path, suffix: str) -> Path:
    """All of data/raw, with YEAR's export and invited list converted to `suffix`."""
    cb = codebook.load()
    raw = root / "raw"
    shutil.copytree(paths.RAW, raw)
    for name in (cb.export_file(YEAR), cb.invited_file(YEAR)):
        frame = shipped(name)
        (raw / str(YEAR) / name).unlink()
        WRITERS[suffix](frame, (raw / str(YEAR) / name).with_suffix(suffix))
    return raw


@pytest.mark.slow
@pytest.mark.parametrize("suffix", list(WRITERS))
def test_every_format_gives_the_same_processed_bytes(suffix, processed, tmp_path):
    raw = converted_raw(tmp_path, suffix)
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
            assert (got / name).read_bytes() == (expected / name).read_bytes(), (suffix, name)


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
