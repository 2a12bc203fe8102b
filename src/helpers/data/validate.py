"""Checking a raw export against the codebook, and loading it typed.

The pandera schema is built from the codebook for the export's year. Validation
runs on the raw strings (see `rawdata`), so a message can quote the value as it
stands in the file; typing happens only once the file is known to be valid.
Every problem is one line `<file>, row <n>, column <col>: <problem> (value '<v>')`,
with n the line number in the file (header = 1); in a workbook `row <n>` is the cell as
Excel names it (`sheet 'Blad1', cell C17`), in an SPSS file the case (`rawdata.where`).
Where the log is public (the yearly
workflow sets EEN_WITHHOLD_VALUES=1), the value is withheld: a cell of a confidential
export, free text included, must not reach it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from helpers import paths
from helpers.data import codebook, geo
from helpers.data.rawdata import read_text, source, where, year_folder_problems

Register = Callable[[int], pd.DataFrame] | Mapping[int, pd.DataFrame]

MAX_LINES = 20  # shown in the message; ExportError.lines has them all
WITHHOLD_ENV = "EEN_WITHHOLD_VALUES"  # set (non-empty): messages leave cell values out

# Messages for pandera's built-in checks (custom checks carry their own `error`).
BUILTIN_MESSAGES = {
    "column_in_dataframe": "missing column",
    "column_in_schema": "unexpected column",
    "not_nullable": "missing value",
    "field_uniqueness": "duplicated municipality code",
}


class ExportError(ValueError):
    """All problems found in a raw export, one line each."""

    def __init__(self, lines: list[str]):
        self.lines = list(lines)
        shown = self.lines[:MAX_LINES]
        if len(self.lines) > MAX_LINES:
            shown.append(f"... and {len(self.lines) - MAX_LINES} more")
        super().__init__("\n".join(shown))


def _metadata(cb: codebook.Codebook) -> dict[str, dict]:
    return {m["column"]: m for m in cb.export["metadata"]}


def _registers(cb: codebook.Codebook, year: int, register: Register | None):
    """The municipality register of every survey year up to `year`: a code may be valid
    in another year only."""
    if year < cb.first_year:
        raise ValueError(f"no questionnaire for {year}: the benchmark started in {cb.first_year}")
    if register is None:
        register = geo.municipality_register
    lookup = register.__getitem__ if isinstance(register, Mapping) else register
    return {y: lookup(y) for y in range(cb.first_year, year + 1)}


def _name_problems(path: Path, frame: pd.DataFrame, year: int, register: pd.DataFrame):
    """A name that is not the register's name of its code (nor an accepted variant): the
    report and the confidential factsheets name a municipality by its code."""
    if not {"gemeentecode", "gemeentenaam"} <= set(frame.columns):
        return []
    accepted = geo.accepted_names(year, register)
    official = dict(zip(register["gemeentecode"], register["gemeentenaam"], strict=True))
    problems = []
    rows = zip(frame.index, frame["gemeentecode"], frame["gemeentenaam"], strict=True)
    for line, code, name in rows:
        if code in accepted and isinstance(name, str):
            if geo.normalise_name(name) not in accepted[code]:
                problems.append(
                    f"{path}, {where(frame, line, 'gemeentenaam')}, column gemeentenaam: "
                    f"{code} is {official[code]} in the "
                    f"CBS register of {year} (a variant of the same name goes into "
                    f"{geo.NAME_VARIANTS.name}) {_quoted(name)}"
                )
    return problems


def _code_column(cb, year: int, codes: dict, invited: set | None = None) -> pa.Column:
    pattern = _metadata(cb)["gemeentecode"]["pattern"]
    known, current = set().union(*codes.values()), codes[year]
    # Each check passes what an earlier one already reports: one line per bad cell.
    checks = [
        pa.Check.str_matches(pattern, error=f"unknown municipality code (not {pattern})"),
        pa.Check(
            lambda s: ~s.str.match(pattern) | s.isin(known),
            error=f"unknown municipality code (in no CBS register {min(codes)}-{max(codes)})",
        ),
        pa.Check(lambda s: ~s.isin(known) | s.isin(current), error=f"not a municipality in {year}"),
    ]
    if invited is not None:
        checks.append(
            pa.Check(
                lambda s: ~s.isin(current) | s.isin(invited),
                error=f"municipality not invited (not in {cb.invited_file(year)})",
            )
        )
    return pa.Column(str, checks, unique=True)


def _timestamp_column(fmt: str, year: int) -> pa.Column:
    def parse(s):
        return pd.to_datetime(s, format=fmt, errors="coerce")

    return pa.Column(
        str,
        [
            pa.Check(lambda s: parse(s).notna(), error=f"unparsable timestamp (expected {fmt})"),
            pa.Check(
                lambda s: parse(s).isna() | (parse(s).dt.year == year),
                error=f"wrong year (expected a date in {year})",
            ),
        ],
    )


def _not_asked_check(cb, question: codebook.Question, year: int) -> pa.Check:
    """Answers to `question` must be empty unless its asked_if condition holds."""
    parent = cb.questions[question.asked_if["question"]]
    (parent_col,) = parent.answer_columns(year)  # asked_if refers to a single question
    asked_codes = [str(c) for c in question.asked_if["codes"]]
    valid = [str(c) for c in parent.codes()]
    columns = question.answer_columns(year) + question.text_columns(year)

    def check(df: pd.DataFrame) -> pd.DataFrame:
        ok = pd.DataFrame(True, index=df.index, columns=df.columns)
        if parent_col in df:
            # An empty parent means not asked; an invalid parent code is reported
            # on the parent column, so do not blame its follow-up answers too.
            parent_answer = df[parent_col]
            asked = parent_answer.isin(asked_codes) | (
                parent_answer.notna() & ~parent_answer.isin(valid)
            )
            for col in columns:
                if col in df:
                    ok[col] = asked  # empty cells pass: pandera's ignore_na
        return ok

    return pa.Check(
        check,
        error=f"answer to a question not asked (only asked if {parent_col} is "
        f"{' or '.join(asked_codes)})",
    )


def _export_schema(cb, year: int, codes: dict, invited: set) -> pa.DataFrameSchema:
    """Schema of the raw (all-string) export of `year`."""
    fmt = _metadata(cb)["ingevuld_op"]["format"]
    columns = {
        "gemeentecode": _code_column(cb, year, codes, invited),
        "gemeentenaam": pa.Column(str),
        "ingevuld_op": _timestamp_column(fmt, year),
    }
    for q in cb.asked(year):
        valid = [str(c) for c in q.codes()]
        for col in q.answer_columns(year):
            columns[col] = pa.Column(
                str,
                pa.Check.isin(
                    valid, error=f"answer code not in the codebook (valid: {', '.join(valid)})"
                ),
                nullable=True,
            )
        for col in q.text_columns(year):
            columns[col] = pa.Column(str, nullable=True)
    checks = [_not_asked_check(cb, q, year) for q in cb.asked(year) if q.asked_if]
    return pa.DataFrameSchema(columns, checks=checks, strict=True)


def _invited_schema(cb, year: int, codes: dict) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {"gemeentecode": _code_column(cb, year, codes), "gemeentenaam": pa.Column(str)},
        strict=True,
    )


def _quoted(value) -> str:
    """ "(value '<v>')" for a message, or that it is withheld (WITHHOLD_ENV)."""
    if os.environ.get(WITHHOLD_ENV):
        return f"(value withheld: {WITHHOLD_ENV} is set)"
    return f"(value '{'' if not isinstance(value, str) and pd.isna(value) else value}')"


def _problems(path: Path, frame: pd.DataFrame, schema: pa.DataFrameSchema) -> list[str]:
    """Validate lazily and turn each pandera failure case into one message line."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases.to_dict("records")
    else:
        return []
    order = {c: i for i, c in enumerate(dict.fromkeys([*frame.columns, *schema.columns]))}
    found = []
    for case in cases:
        problem = BUILTIN_MESSAGES.get(case["check"], case["check"])
        if isinstance(case["failure_case"], dict):  # table-wide check: {column: value}
            items = case["failure_case"].items()
        elif case["column"] is None:  # missing/unexpected column: the value is its name
            items = [(case["failure_case"], case["failure_case"])]
        else:
            items = [(case["column"], case["failure_case"])]
        row = 1 if case["index"] is None else int(case["index"])  # index = line number
        for col, value in items:
            line = f"{path}, {where(frame, row, col)}, column {col}: {problem} {_quoted(value)}"
            found.append((row, order.get(col, len(order)), line))
    return [line for *_, line in sorted(found)]


def _column_problems(cb, path: Path, frame: pd.DataFrame, year: int) -> list[str]:
    """Columns of the export against the codebook's questionnaire of `year`, one line per
    kind, saying what to change in the codebook."""
    expected = cb.columns(year)
    unexpected = [c for c in frame.columns if c not in expected]
    missing = [c for c in expected if c not in frame.columns]
    problems = []
    if unexpected:
        problems.append(
            f"{path}, {where(frame, 1)}: column(s) not in the {year} questionnaire of "
            f"{cb.path.name}: {', '.join(unexpected)}. A new question or answer option: add it to "
            f"{cb.path.name} with `since: {year}`; otherwise correct the column name(s)"
        )
    if missing:
        problems.append(
            f"{path}, {where(frame, 1)}: column(s) of the {year} questionnaire missing: "
            f"{', '.join(missing)}. "
            "A question or answer option no longer asked: give it "
            f"`until: {codebook.previous_year(year)}` in {cb.path.name}"
        )
    return problems


def _codes(registers: dict[int, pd.DataFrame]) -> dict[int, set]:
    return {y: set(frame["gemeentecode"]) for y, frame in registers.items()}


def _read_invited(cb, year: int, raw_root: Path, registers: dict):
    path = source(Path(raw_root) / str(year), cb.invited_file(year))
    frame = read_text(path)
    problems = _problems(path, frame, _invited_schema(cb, year, _codes(registers)))
    return frame, problems + _name_problems(path, frame, year, registers[year])


def load_invited(
    year: int, raw_root: str | Path = paths.RAW, register: Register | None = None
) -> pd.DataFrame:
    """The municipalities invited in `year` (gemeentecode, gemeentenaam), validated."""
    cb = codebook.load()
    frame, problems = _read_invited(cb, year, raw_root, _registers(cb, year, register))
    if problems:
        raise ExportError(problems)
    return frame.reset_index(drop=True)


def load_export(
    year: int, raw_root: str | Path = paths.RAW, register: Register | None = None
) -> pd.DataFrame:
    """The validated export of `year`: answers Int64, texts string, ingevuld_op datetime.

    `register` maps a year to its municipalities (a DataFrame with `gemeentecode`);
    by default `geo.municipality_register`. Problems in the invited file and in the
    export are raised together as one ExportError.
    """
    cb = codebook.load()
    folder_problems = year_folder_problems(year, raw_root)
    if folder_problems:
        raise ExportError(folder_problems)
    registers = _registers(cb, year, register)
    invited, problems = _read_invited(cb, year, raw_root, registers)
    invited_codes = set(invited.get("gemeentecode", pd.Series()).dropna())
    path = source(Path(raw_root) / str(year), cb.export_file(year))
    frame = read_text(path)
    # Columns first: with a questionnaire that does not match, every cell check is noise.
    problems += _column_problems(cb, path, frame, year) or (
        _problems(path, frame, _export_schema(cb, year, _codes(registers), invited_codes))
        + _name_problems(path, frame, year, registers[year])
    )
    if problems:
        raise ExportError(problems)

    fmt = _metadata(cb)["ingevuld_op"]["format"]
    types = {}
    for q in cb.asked(year):
        types |= dict.fromkeys(q.answer_columns(year), "Int64")
        types |= dict.fromkeys(q.text_columns(year), "string")
    typed = frame.reset_index(drop=True).astype(types)
    typed["ingevuld_op"] = pd.to_datetime(typed["ingevuld_op"], format=fmt)
    return typed[cb.columns(year)]  # codebook order, whatever the file's order
