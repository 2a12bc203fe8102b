"""Intake of data/raw: which year folders exist, what a year folder may hold, whether
it is the shipped synthetic data (its manifest's hashes match), and reading an export
as text (format, encoding and delimiter; what Excel and survey tools leave around the
data set aside: spaces around names and values, empty rows and trailing columns, a
"sep=;" line, a title above a workbook's column names; nothing else interpreted).

An export (and the invited list) is a CSV file, an Excel workbook (.xlsx) or an SPSS
file (.sav), whichever the survey tool gave; each is read into the same frame of
strings. A CSV comes from our generator (UTF-8) or from Dutch Excel (UTF-8 with BOM or
Windows-1252), `;`- or `,`-separated, so encoding and delimiter are detected; typing is
left to `validate`, which can then report the offending raw value, and say where it
stands (`where`): a line of the CSV, a cell of the workbook as Excel names it, a case
of the SPSS file.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import warnings
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.data import codebook
from helpers.logs import WITHHOLD_ENV, withholding

MANIFEST = "synthetic.json"  # written by helpers.data.synthetic beside a generated export
# Byte order marks of encodings that are not accepted, longest first (UTF-32 LE
# starts with the UTF-16 LE mark).
FOREIGN_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}
# A spreadsheet saved as is under a .csv name.
BINARY_SIGNATURES = {b"PK\x03\x04": "an Excel workbook (.xlsx)", b"\xd0\xcf\x11\xe0": "an .xls"}
# The formats a year's file may come in (any case), and the formats refused with a line.
FORMATS = (".csv", ".xlsx", ".sav")
REFUSED = {
    ".xls": "an Excel 97-2003 workbook (.xls)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
}
SAVE_AS = "save it as Excel workbook (.xlsx) or as CSV"
# a character of two to four bytes as UTF-8 writes it ("â" is C3 A2): in a file that is not
# UTF-8 as a whole, a sign that some of it is
UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _stem_matches(name: str, present: list[str]) -> list[str]:
    """The files in `present` that are `name` in any format (benchmark_2023.*)."""
    stem = Path(name).stem.lower()  # Benchmark_2024.CSV is benchmark_2024.csv
    return [p for p in present if Path(p).stem.lower() == stem]


def _refusal(path: Path) -> str:
    """The line that refuses a file in a format of REFUSED."""
    return f"{path}: {REFUSED[path.suffix.lower()]} is not accepted; {SAVE_AS}"


def _accepted(name: str) -> bool:
    return Path(name).suffix.lower() in FORMATS


def year_folder_problems(year: int, raw_root: Path = paths.RAW) -> list[str]:
    """One line per missing, doubled, refused or unexpected file in raw_root/<year>/
    (hidden files and the lock files of an open workbook, ~$name, ignored)."""
    cb = codebook.load()
    folder = Path(raw_root) / str(year)
    if not folder.is_dir():
        return [f"{folder}: no such folder"]
    required = [cb.export_file(year), cb.invited_file(year)]
    present = sorted(p.name for p in folder.iterdir() if not p.name.startswith((".", "~$")))
    formats = f"{', '.join(FORMATS[:-1])} or {FORMATS[-1]}"
    expected = f"{' and '.join(Path(n).stem for n in required)} ({formats}), optionally {MANIFEST}"
    problems, known = [], {MANIFEST}
    for name in required:
        found = _stem_matches(name, present)
        usable = [f for f in found if _accepted(f)]
        refused = [f for f in found if Path(f).suffix.lower() in REFUSED]
        known.update(usable + refused)
        problems += [_refusal(folder / f) for f in refused]
        if len(usable) > 1:
            problems.append(
                f"{folder}: {len(usable)} files for one export: "
                f"{' and '.join(str(folder / f) for f in usable)}; keep one"
            )
        if not usable and not refused:
            problems.append(
                f"{folder / name}: missing file (expected {expected})"
                + _look_there(name, folder, [p for p in present if p not in known])
            )
    problems += [
        f"{folder / name}: unexpected file (a year folder holds {expected})"
        for name in present
        if name not in known
    ]
    return problems


def _look_there(name: str, folder: Path, strays: list[str]) -> str:
    """Where the missing file `name` may be: a file of the year folder whose name begins
    with its name (`benchmark_2024 (1).xlsx`, as a browser saves a second download; not
    one of another year), or one of its name in the folder above (data/raw/ instead of
    data/raw/<year>/)."""
    stem = Path(name).stem.lower()
    near = [f for f in strays if _accepted(f) and Path(f).stem.lower().startswith(stem)]
    if near:
        return f"; is it {folder / near[0]}? then name it {Path(name).stem}{Path(near[0]).suffix}"
    files = [p.name for p in folder.parent.iterdir() if p.is_file()]
    above = [f for f in _stem_matches(name, files) if _accepted(f)]
    if above:
        return f"; {folder.parent / above[0]} is in the folder above: move it into {folder}"
    return ""


def source(folder: Path, name: str) -> Path:
    """The file that holds `name` (the codebook's file name) in `folder`, in whichever
    accepted format it is there; `folder / name` when there is none (reading it then fails
    with the missing file). `year_folder_problems` makes sure there is at most one."""
    folder = Path(folder)
    present = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    usable = [f for f in _stem_matches(name, present) if _accepted(f)]
    return folder / usable[0] if usable else folder / name


def _not_text(data: bytes) -> str | None:
    """Why `data` is not text in an accepted encoding, when that shows in its bytes."""
    for bom, name in FOREIGN_BOMS.items():
        if data.startswith(bom):
            return f"is encoded as {name} (byte order mark {bom.hex(' ').upper()})"
    for signature, name in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return f"is {name}, not a CSV file"
    if b"\x00" in data:  # never in UTF-8 or Windows-1252 text; UTF-16/32 without BOM
        return "is not a text file in an accepted encoding (it holds NUL bytes: UTF-16 or binary?)"
    return None


def _decode(path: Path, data: bytes, encodings: list[str]) -> tuple[str, str]:
    accepted = f"accepted encodings: {', '.join(encodings)}; save it as CSV (UTF-8) from Excel"
    if problem := _not_text(data):
        raise ValueError(f"{path}: the file {problem}; {accepted}")
    # Strict decoding: utf-8-sig fails on cp1252 bytes such as 'â' (0xE2), so
    # trying it first cannot silently mangle "Fryslân".
    not_utf8 = None  # where UTF-8 failed: a file whose other lines are UTF-8 mixes two
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding.startswith("utf-8"):  # utf-8-sig reports after its byte order mark
                not_utf8 = len(data) - len(exc.object) + exc.start
            continue
        if not_utf8 is not None and UTF8_SEQUENCE.search(data):
            line = data[:not_utf8].count(b"\n") + 1
            byte = "a byte" if withholding() else f"byte {data[not_utf8]:#04x}"
            raise ValueError(
                f"{path}, row {line}: {byte} is not UTF-8, while other rows "
                f"are: the file mixes two encodings (a row edited elsewhere?); {accepted}"
            )
        return text, encoding
    raise ValueError(f"{path}: cannot decode the file as any of the {accepted}")


def _delimiter(path: Path, first_line: str, delimiters: list[str]) -> str:
    """The delimiter of a CSV file, from its header: the one accepted delimiter that splits
    it; a header that more than one splits (or none does) is an error."""
    splits = [d for d in delimiters if len(next(csv.reader([first_line], delimiter=d))) > 1]
    accepted = " or ".join(repr(d) for d in delimiters)
    if len(splits) > 1:
        raise ValueError(
            f"{path}, row 1: ambiguous header: it holds both {' and '.join(map(repr, splits))}; "
            f"separate the columns by one of them ({accepted}) and quote names that hold the other"
        )
    if not splits and "\t" in first_line:
        raise ValueError(
            f"{path}: wrong delimiter: the header is separated by tab, expected {accepted}"
        )
    return splits[0] if splits else delimiters[0]


def quoted(value) -> str:
    """ "(value '<v>')" for a message, or that it is withheld (WITHHOLD_ENV): a cell of a
    confidential export must not reach a public log."""
    if withholding():
        return f"(value withheld: {WITHHOLD_ENV} is set)"
    return f"(value '{'' if not isinstance(value, str) and pd.isna(value) else value}')"


def _frame(path: Path, header: list, rows: list[list], lines: list[int], **attrs) -> pd.DataFrame:
    """The rows of a file as strings under its header, indexed by the row number a user
    sees (header = row 1); the checks every format shares."""
    # what Excel and survey tools leave around the data: spaces around a name or a value
    # (a value of spaces only is empty), a column right of the data with neither name nor
    # value (a ';' ending every line), a row of empty fields (';;;;')
    header = [h.strip() if isinstance(h, str) else h for h in header]
    rows = [[v.strip() or None if isinstance(v, str) else v for v in row] for row in rows]
    while header and not header[-1] and all(r[len(header) - 1] is None for r in rows):
        header, rows = header[:-1], [r[: len(header) - 1] for r in rows]
    filled = [i for i, r in enumerate(rows) if any(v is not None for v in r)]
    rows, lines = [rows[i] for i in filled], [lines[i] for i in filled]
    duplicated = sorted({c for c in header if header.count(c) > 1}, key=str)
    if duplicated:
        # a file without its row of names has answers there: not into a public log
        names = f"({len(duplicated)})" if withholding() else ", ".join(map(str, duplicated))
        raise ValueError(
            f"{path}, row {attrs.get('header_row', 1)}: duplicated column name(s) {names}"
        )
    if not rows:
        raise ValueError(f"{path}: no data rows (header only)")
    frame = pd.DataFrame(rows, columns=header, index=pd.Index(lines, name="line"), dtype="str")
    # each column's place in the file, for `where` (a column left out moves no letter)
    frame.attrs.update(path=str(path), positions={h: i for i, h in enumerate(header)}, **attrs)
    return frame


def read_csv_text(path: str | Path) -> pd.DataFrame:
    """The rows of a `;`- or `,`-separated export as strings (empty cell -> NA).

    The index holds each row's line number in the file (header = line 1), so
    that validation messages can point at the line an editor shows.
    """
    path = Path(path)
    export = codebook.load().export
    delimiters, encodings = export["delimiters"], export["encodings"]
    text, encoding = _decode(path, path.read_bytes(), encodings)
    if not text.strip():
        raise ValueError(f"{path}: empty file")

    first = text.splitlines()[0]
    skipped = 0  # "sep=;" on line 1, as Excel writes for itself: it names the delimiter
    if (sep := re.fullmatch(r"sep=(.)", first.strip())) and sep.group(1) in delimiters:
        delimiter, skipped = sep.group(1), 1
        text = text.split("\n", 1)[1] if "\n" in text else ""
        if not text.strip():
            raise ValueError(f"{path}: no header after the line 'sep={delimiter}'")
    else:
        delimiter = _delimiter(path, first, delimiters)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader)
    rows, lines = [], []
    while True:
        # a quoted text may span lines: keep where the row starts
        line = reader.line_num + 1 + skipped
        row = next(reader, None)
        if row is None:
            break
        if not any(v.strip() for v in row):  # a blank line, or one of empty fields only
            continue
        if len(row) != len(header):
            raise ValueError(
                f"{path}, row {line}: {len(row)} fields but the header has {len(header)}"
            )
        rows.append([value if value != "" else None for value in row])
        lines.append(line)
    return _frame(
        path, header, rows, lines, encoding=encoding, delimiter=delimiter, header_row=1 + skipped
    )


def _cell_text(value, timestamp: str) -> str | None:
    """A typed cell of a workbook or an SPSS file as the text a CSV export would hold: a
    whole number without decimals, a date in the codebook's timestamp format (to the
    nearest second), an empty cell or text as None."""
    if value is None or value == "" or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | pd.Timestamp):
        if value.microsecond:  # a serial day number is a float: 10:15:00 may be 10:14:59.9999
            value = (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
        return value.strftime(timestamp)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time()).strftime(timestamp)
    return str(value)


def _timestamp_format() -> str:
    (fmt,) = [m["format"] for m in codebook.load().export["metadata"] if "format" in m]
    return fmt


def column_letter(position: int) -> str:
    """Excel's name of the column at 0-based `position`: A, B, ..., Z, AA, AB, ..."""
    from openpyxl.utils import get_column_letter  # here: only a message needs it

    return get_column_letter(position + 1)


def _unreadable(
    path: Path, exc: Exception, what: str = "the workbook", then: str = f"; {SAVE_AS}"
) -> ValueError:
    """A file the libraries cannot read, as one message: their own words may quote a cell
    (calamine's, openpyxl's, pyreadstat's), so they are left out where the log is public."""
    why = "" if withholding() else f" ({exc})"
    return ValueError(f"{path}: cannot read {what}{why}{then}")


def _cells(path: Path, sheet: str, data_only: bool, keep) -> dict[str, tuple]:
    """{coordinate: (value, data_type)} of the cells of `sheet` that `keep(cell)` takes, as
    openpyxl reads them (read-only; `data_only`: the saved results, not the formulas)."""
    import openpyxl

    # openpyxl warns of cells it reads otherwise than Excel, quoting them ("the serial
    # value 31415926 is outside the limits for dates"): not into a public log; it is
    # asked only for errors and formulas, calamine reads the values
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
            try:
                return {
                    cell.coordinate: (cell.value, cell.data_type)
                    for row in book[sheet].iter_rows()
                    for cell in row
                    if keep(cell)
                }
            finally:
                book.close()
        except Exception as exc:  # a cell openpyxl cannot read (text in a number cell, ...)
            raise _unreadable(path, exc) from exc


def _no_value_cells(path: Path, sheet: str, grid: list[list]) -> None:
    """A ValueError naming the first cell that holds an error (#N/A, #DIV/0!, ...) or a
    formula without a saved result: calamine reads both as empty, and an answer would be
    lost without a word. openpyxl tells them apart: the formulas as written, then (only
    where calamine found nothing) whether a result was saved, an empty text included."""

    def empty_here(cell) -> bool:  # calamine's grid holds the saved results
        r, c = cell.row - 1, cell.column - 1
        return (grid[r][c] if r < len(grid) and c < len(grid[r]) else "") == ""

    written = _cells(
        path, sheet, False, lambda c: getattr(c, "data_type", None) in ("e", "f") and empty_here(c)
    )
    found = [(at, value) for at, (value, kind) in written.items() if kind == "e"]
    formulas = {at for at, (_, kind) in written.items() if kind == "f"}
    if formulas:  # a saved result is a value, or a text (data_type "str", "" included)
        saved = _cells(path, sheet, True, lambda c: getattr(c, "coordinate", None) in formulas)
        found += [  # none saved (an empty text is "str"), or an error saved as the result
            (at, written[at][0])
            for at, (value, kind) in saved.items()
            if (value is None and kind != "str") or kind == "e"
        ]
    if found:
        at, value = sorted(found, key=lambda f: _cell_order(f[0]))[0]
        more = f" ({len(found)} such cells)" if len(found) > 1 else ""
        what = quoted(value) if withholding() else repr(value)
        header, column = _header_row(grid), _cell_order(at)[1] - 1
        names = grid[header] if header is not None else []
        name = names[column] if column < len(names) and names[column] not in (None, "") else ""
        raise ValueError(
            f"{path}, sheet '{sheet}', cell {at}{f' (column {name})' if name else ''}: {what} "
            f"is an error or a formula without a saved result, not an answer{more}; put the "
            "values in, then save again"
        )


def _cell_order(coordinate: str) -> tuple[int, int]:
    """A cell's place in reading order: row, then column (B2 before A3)."""
    from openpyxl.utils import coordinate_to_tuple

    return coordinate_to_tuple(coordinate)


def _header_row(grid: list[list], within: int = 10) -> int | None:
    """The index of the row among the first `within` that names the municipality code
    column (any case, spaces around), where the column names of an export or invited list
    stand; None where none does."""
    for i, row in enumerate(grid[:within]):
        if any(isinstance(v, str) and v.strip().lower() == "gemeentecode" for v in row):
            return i
    return None


def read_workbook_text(path: str | Path) -> pd.DataFrame:
    """The rows of an Excel workbook (.xlsx) as strings, as `read_csv_text` gives a CSV.

    The sheet is the codebook's `export.sheet` if it names one, else the first whose
    column names (within its first ten rows, where a title may stand above them) include
    gemeentecode, else the first. The index holds each row's number in the sheet; a date
    cell becomes a timestamp in the codebook's format, a text cell stays as typed.
    """
    from python_calamine import CalamineWorkbook  # only a workbook needs it

    path = Path(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types for a damaged file
        raise _unreadable(path, exc) from exc
    wanted = codebook.load().export.get("sheet")
    if wanted is not None and wanted not in book.sheet_names:
        raise ValueError(
            f"{path}: no sheet '{wanted}' (the codebook's export.sheet); "
            f"the workbook has {', '.join(book.sheet_names)}"
        )
    grids = {}  # sheet -> its cells, read where needed

    def grid(name):
        if name not in grids:
            try:
                grids[name] = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception as exc:  # a damaged cell (calamine's own types)
                raise _unreadable(path, exc) from exc
        return grids[name]

    if wanted is not None:
        sheet = wanted
    else:  # the first sheet with the key column near its top (a sheet of notes before it)
        named = (n for n in book.sheet_names if _header_row(grid(n)) is not None)
        sheet = next(named, book.sheet_names[0])
    _no_value_cells(path, sheet, grid(sheet))
    fmt = _timestamp_format()
    top = _header_row(grid(sheet)) or 0  # a title row or two above the column names
    cells = [[_cell_text(v, fmt) for v in row] for row in grid(sheet)[top:]]
    if not any(any(v is not None for v in row) for row in cells):
        raise ValueError(f"{path}: sheet '{sheet}' is empty")
    header = cells[0]
    while header and header[-1] is None:  # a value right of the header: reported below
        header = header[:-1]
    if not header:
        raise ValueError(
            f"{path}, sheet '{sheet}', row {top + 1}: empty; the column names go in row 1, from A1"
        )
    unnamed = [column_letter(i) for i, name in enumerate(header) if name is None]
    if unnamed:
        raise ValueError(
            f"{path}, sheet '{sheet}', row {top + 1}: column(s) without a name: "
            f"{', '.join(unnamed)}"
        )
    rows, lines = [], []
    for number, row in enumerate(cells[1:], start=top + 2):
        values = (row + [None] * len(header))[: len(header)]
        beyond = [(i, v) for i, v in enumerate(row) if i >= len(header) and v is not None]
        if beyond:
            i, value = beyond[0]
            raise ValueError(
                f"{path}, sheet '{sheet}', cell {column_letter(i)}{number}: a value beyond the "
                f"last named column ({column_letter(len(header) - 1)}) {quoted(value)}"
            )
        rows.append(values)  # a blank row is left out by _frame, as in every format
        lines.append(number)
    return _frame(path, header, rows, lines, sheet=sheet, header_row=top + 1)


def read_sav_text(path: str | Path) -> pd.DataFrame:
    """The cases of an SPSS file (.sav) as strings, as `read_csv_text` gives a CSV: the
    codes, not their value labels; a date variable in the codebook's timestamp format. The
    index holds case number + 1, so that case 1 stands where a CSV's first data row does.
    The value labels go along as attrs["value_labels"], {variable: {code text: label}}, for
    validation to hold against the codebook's."""
    import pyreadstat  # only an SPSS file needs it

    path = Path(path)
    try:
        data, meta = pyreadstat.read_sav(str(path), apply_value_formats=False)
    except Exception as exc:  # ReadstatError, PyreadstatError (a text with a date format)
        raise _unreadable(path, exc, "the SPSS file", then="") from exc
    fmt = _timestamp_format()
    rows = [[_cell_text(v, fmt) for v in row] for row in data.itertuples(index=False)]
    labels = {
        variable: {_cell_text(code, fmt): str(label) for code, label in value_labels.items()}
        for variable, value_labels in meta.variable_value_labels.items()
    }
    lines = list(range(2, len(rows) + 2))
    return _frame(path, list(data.columns), rows, lines, spss=True, value_labels=labels)


READERS = {".csv": read_csv_text, ".xlsx": read_workbook_text, ".sav": read_sav_text}


def read_text(path: str | Path) -> pd.DataFrame:
    """The rows of an export or invited list in any accepted format, as strings."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in REFUSED:
        raise ValueError(_refusal(path))
    return READERS.get(suffix, read_csv_text)(path)


def where(frame: pd.DataFrame, row: int, column: str | None = None) -> str:
    """Where row `row` (the frame's index; 1 = the header) and `column` stand, as the
    format's own program shows it: `row 17` of a CSV file, `sheet 'Blad1', cell C17` of a
    workbook, `case 16` (or `variable names`) of an SPSS file. The header is where the
    file has it (a title or "sep=;" above it puts it lower: attrs["header_row"])."""
    row = frame.attrs.get("header_row", 1) if row == 1 else row
    if "sheet" in frame.attrs:
        sheet = f"sheet '{frame.attrs['sheet']}'"
        if column in frame.columns and row > 1:
            name = frame.attrs.get("tool_names", {}).get(column, column)  # as the file has it
            place = frame.attrs.get("positions", {}).get(name, frame.columns.get_loc(column))
            return f"{sheet}, cell {column_letter(place)}{row}"
        return f"{sheet}, row {row}"
    if frame.attrs.get("spss"):
        return f"case {row - 1}" if row > 1 else "variable names"
    return f"row {row}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_synthetic(year: int, raw_root: Path = paths.RAW) -> bool:
    """True when the year's raw files are generated synthetic ones: the folder holds every
    file its synthetic.json lists, byte for byte, under that name or another (a synthetic
    year copied to try out the next one)."""
    hashes = _listed(year, raw_root)
    return bool(hashes) and set(hashes.values()) <= set(_held(year, raw_root))


def stale_marker(year: int, raw_root: Path = paths.RAW) -> str | None:
    """The warning for a synthetic.json beside files it does not describe (a real export
    dropped in, or a synthetic year copied and changed): the year counts as real data."""
    hashes = _listed(year, raw_root)
    if not hashes or is_synthetic(year, raw_root):
        return None
    marker = paths.relative(Path(raw_root) / str(year) / MANIFEST)
    return (
        f"{marker} lists {', '.join(hashes)}, which this folder does not hold with those "
        f"bytes, so {year} is labelled as real data. If it is, delete {MANIFEST}; if its "
        "files were copied from a synthetic year and changed, they are still invented "
        "answers: its report is a trial, not for publishing"
    )


def _listed(year: int, raw_root: Path) -> dict[str, str]:
    """The files synthetic.json lists, with their sha256; ValueError naming it when it is
    not what the generator writes."""
    manifest = Path(raw_root) / str(year) / MANIFEST
    if not manifest.exists():
        return {}
    try:
        hashes = json.loads(manifest.read_text("utf-8")).get("sha256", {})
    except (ValueError, AttributeError):  # not JSON, or not a mapping
        hashes = None
    if not isinstance(hashes, dict) or not all(isinstance(h, str) for h in hashes.values()):
        raise ValueError(
            f"{paths.relative(manifest)}: not the generator's list of files and their "
            f"sha256; delete it when the exports are real, or `make synthetic`"
        )
    return hashes


def _held(year: int, raw_root: Path) -> list[str]:
    folder = Path(raw_root) / str(year)
    return [sha256(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != MANIFEST]
