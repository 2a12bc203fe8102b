"""Reading a raw export as text: encoding and delimiter, nothing interpreted.

Exports come from our generator (UTF-8) or from Dutch Excel (UTF-8 with BOM or
Windows-1252), so the encoding is detected; typing is left to `validate`, which
can then report the offending raw value.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from helpers import codebook


def _decode(path: Path, data: bytes, encodings: list[str]) -> tuple[str, str]:
    # Strict decoding: utf-8-sig fails on cp1252 bytes such as 'â' (0xE2), so
    # trying it first cannot silently mangle "Fryslân".
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ValueError(f"{path}: cannot decode the file as any of {', '.join(encodings)}")


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
