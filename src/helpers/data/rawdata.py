"""Intake of data/raw: which year folders exist, what a year folder may hold, whether
it is the shipped synthetic data (its manifest's hashes match), and reading an export
as text (encoding and delimiter, nothing interpreted).

Exports come from our generator (UTF-8) or from Dutch Excel (UTF-8 with BOM or
Windows-1252), so the encoding is detected; typing is left to `validate`, which
can then report the offending raw value.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.data import codebook

MANIFEST = "synthetic.json"  # written by helpers.data.synthetic beside a generated export
# Byte order marks of encodings that are not accepted, longest first (UTF-32 LE
# starts with the UTF-16 LE mark).
FOREIGN_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}
# A spreadsheet saved as is instead of as CSV.
BINARY_SIGNATURES = {b"PK\x03\x04": "an Excel workbook (.xlsx)", b"\xd0\xcf\x11\xe0": "an .xls"}


def year_folder_problems(year: int, raw_root: Path = paths.RAW) -> list[str]:
    """One line per missing or unexpected file in raw_root/<year>/ (hidden files ignored)."""
    cb = codebook.load()
    folder = Path(raw_root) / str(year)
    if not folder.is_dir():
        return [f"{folder}: no such folder"]
    required = [cb.export_file(year), cb.invited_file(year)]
    present = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    expected = f"{' and '.join(required)}, optionally {MANIFEST}"
    problems = [
        f"{folder / name}: missing file (expected {expected})"
        for name in required
        if name not in present
    ]
    problems += [
        f"{folder / name}: unexpected file (a year folder holds {expected})"
        for name in present
        if name not in required and name != MANIFEST
    ]
    return problems


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
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ValueError(f"{path}: cannot decode the file as any of the {accepted}")


def read_csv_text(path: str | Path) -> pd.DataFrame:
    """The rows of a `;`-separated export as strings (empty cell -> NA).

    The index holds each row's line number in the file (header = line 1), so
    that validation messages can point at the line an editor shows.
    """
    path = Path(path)
    export = codebook.load().export
    delimiter, encodings = export["delimiter"], export["encodings"]
    text, encoding = _decode(path, path.read_bytes(), encodings)
    if not text.strip():
        raise ValueError(f"{path}: empty file")

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader)
    if len(header) == 1:
        for sep, name in ((",", "','"), ("\t", "tab")):
            if sep in header[0]:
                raise ValueError(
                    f"{path}: wrong delimiter: the header is separated by {name}, "
                    f"expected {delimiter!r}"
                )
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise ValueError(f"{path}, row 1: duplicated column name(s) {', '.join(duplicated)}")

    rows, lines = [], []
    while True:
        line = reader.line_num + 1  # a quoted text may span lines: keep where the row starts
        row = next(reader, None)
        if row is None:
            break
        if not row:  # blank line
            continue
        if len(row) != len(header):
            raise ValueError(
                f"{path}, row {line}: {len(row)} fields but the header has {len(header)}"
            )
        rows.append([value if value != "" else None for value in row])
        lines.append(line)
    if not rows:
        raise ValueError(f"{path}: no data rows (header only)")

    frame = pd.DataFrame(rows, columns=header, index=pd.Index(lines, name="line"), dtype="str")
    frame.attrs.update(path=str(path), encoding=encoding)
    return frame


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_synthetic(year: int, raw_root: Path = paths.RAW) -> bool:
    """True when the year's raw files are exactly the generated synthetic ones."""
    manifest = raw_root / str(year) / MANIFEST
    if not manifest.exists():
        return False
    hashes = json.loads(manifest.read_text("utf-8"))["sha256"]
    folder = raw_root / str(year)
    return all((folder / n).exists() and sha256(folder / n) == h for n, h in hashes.items())
