"""Checking a raw export against the codebook, and loading it typed.

The pandera schema is built from the codebook for the export's year. Validation
runs on the raw strings (see `rawdata`), so a message can quote the value as it
stands in the file; typing happens only once the file is known to be valid.
Every problem is one line `<file>, row <n>, column <col>: <problem> (value '<v>')`,
with n the line number in the file (the header's is 1, or higher where a title or
"sep=;" stands above it); in a workbook `row <n>` is the cell as Excel names it (`sheet
'Blad1', cell C17`), in an SPSS file the case (`rawdata.where`). Before the checks, the
columns listed under `export.ignore` are left out, the survey tool's column names (its
`export.tool_names`, or an id in other case) become the codebook's ids, an answer given as
its codebook label (or a code as a whole number, 1.0) becomes its code, a
municipality code is written as the registers write it (363: GM0363), and a time in one
of the codebook's `also` formats is written in its `format`, so the processed
tables do not depend on which of these the tool wrote; a message names a column as the
file does. Where the log is public (the yearly
workflow sets EEN_WITHHOLD_VALUES=1), the value is withheld: a cell of a confidential
export, free text included, must not reach it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import yaml

from helpers import paths
from helpers.data import codebook
from helpers.data.codebook import TEXT
from helpers.data.rawdata import quoted as _quoted
from helpers.data.rawdata import read_text, source, where, year_folder_problems
from helpers.data.registers import (
    NAME_VARIANTS,
    accepted_names,
    merger_table,
    municipality_register,
    normalise_name,
)
from helpers.logs import WITHHOLD_ENV as WITHHOLD_ENV
from helpers.logs import withholding

Register = Callable[[int], pd.DataFrame] | Mapping[int, pd.DataFrame]

MAX_LINES = 20  # shown in the message and on the console; ExportError.lines has them all

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
        register = municipality_register
    lookup = register.__getitem__ if isinstance(register, Mapping) else register
    return {y: lookup(y) for y in range(cb.first_year, year + 1)}


def _name_problems(path: Path, frame: pd.DataFrame, year: int, register: pd.DataFrame):
    """A name that is not the register's name of its code (nor an accepted variant): the
    report and the confidential factsheets name a municipality by its code."""
    if not {"gemeentecode", "gemeentenaam"} <= set(frame.columns):
        return []
    accepted = accepted_names(year, register)
    official = dict(zip(register["gemeentecode"], register["gemeentenaam"], strict=True))
    problems = []
    # where the log is public, the row's code and its official name stay out too: with
    # another line on the same row they would tie an answer to a municipality
    withheld = withholding()
    rows = zip(frame.index, frame["gemeentecode"], frame["gemeentenaam"], strict=True)
    for line, code, name in rows:
        if code in accepted and isinstance(name, str):
            if normalise_name(name) not in accepted[code]:
                whose = "the code's name" if withheld else f"{code} is {official[code]}"
                problems.append(
                    f"{path}, {where(frame, line, 'gemeentenaam')}, "
                    f"column {_named(frame, 'gemeentenaam')}: "
                    f"{whose} in the "
                    f"CBS register of {year} (a variant of the same name goes into "
                    f"{NAME_VARIANTS.name}) {_quoted(name)}"
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
        pa.Check(lambda s: ~s.isin(known) | s.isin(current), error=f"{NOT_IN_YEAR} {year}"),
    ]
    if invited is not None:
        checks.append(
            pa.Check(
                lambda s: ~s.isin(current) | s.isin(invited),
                error=f"municipality not invited (not in {Path(cb.invited_file(year)).stem})",
            )
        )
    return pa.Column(str, checks, unique=True)


def _timestamp_column(meta: dict, year: int) -> pa.Column:
    """`meta`: the codebook's entry of the column; its `also` formats were rewritten in its
    `format` before (`_with_timestamps`), so the check parses that one."""
    fmt = meta["format"]

    def parse(s):
        return pd.to_datetime(s, format=fmt, errors="coerce")

    expected = " or ".join([fmt, *meta.get("also", [])])
    return pa.Column(
        str,
        [
            pa.Check(
                lambda s: parse(s).notna(), error=f"unparsable timestamp (expected {expected})"
            ),
            pa.Check(
                lambda s: parse(s).isna() | (parse(s).dt.year == year),
                error=f"wrong year (expected a date in {year})",
            ),
        ],
    )


def _with_timestamps(cb, frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with each time written in one of the codebook's other formats (`also`:
    ISO with a T, day first as Dutch Excel writes it) rewritten in its `format`; any other
    text is left for the schema to report."""
    meta = _metadata(cb)["ingevuld_op"]
    times = frame["ingevuld_op"] if "ingevuld_op" in frame else None
    if times is None or not meta.get("also"):
        return frame
    canonical = pd.to_datetime(times, format=meta["format"], errors="coerce")
    other = times.notna() & canonical.isna()
    if not other.any():
        return frame
    out = frame.copy()
    for fmt in meta["also"]:
        parsed = pd.to_datetime(out.loc[other, "ingevuld_op"], format=fmt, errors="coerce")
        parsed = parsed.dropna()
        out.loc[parsed.index, "ingevuld_op"] = parsed.dt.strftime(meta["format"])
        other[parsed.index] = False
    return out


def _asked_if(cb, question: codebook.Question, year: int) -> tuple[str, list[str]]:
    """The column of the question `question` follows, and its answers (as text) that ask
    it (`asked_if`, which refers to a single question)."""
    (parent_col,) = cb.questions[question.asked_if["question"]].answer_columns(year)
    return parent_col, [str(c) for c in question.asked_if["codes"]]


def _not_asked_check(cb, question: codebook.Question, year: int) -> pa.Check:
    """Answers to `question` must be empty unless its asked_if condition holds."""
    parent_col, asked_codes = _asked_if(cb, question, year)
    valid = [str(c) for c in cb.questions[question.asked_if["question"]].codes()]
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


def _export_schema(cb, year: int, codes: dict, invited: set | None) -> pa.DataFrameSchema:
    """Schema of the raw (all-string) export of `year`."""
    columns = {
        "gemeentecode": _code_column(cb, year, codes, invited),
        "gemeentenaam": pa.Column(str),
        "ingevuld_op": _timestamp_column(_metadata(cb)["ingevuld_op"], year),
    }
    for q in cb.asked(year):
        valid = [str(c) for c in q.codes()]
        labels = ", ".join(f"'{label}'" for _, label in cb.answers(q))
        error = f"answer not in the codebook (valid: codes {', '.join(valid)} or labels {labels})"
        for col in q.answer_columns(year):
            columns[col] = pa.Column(str, pa.Check.isin(valid, error=error), nullable=True)
        for col in q.text_columns(year):
            columns[col] = pa.Column(str, nullable=True)
    checks = [_not_asked_check(cb, q, year) for q in cb.asked(year) if q.asked_if]
    return pa.DataFrameSchema(columns, checks=checks, strict=True)


def _invited_schema(cb, year: int, codes: dict) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {"gemeentecode": _code_column(cb, year, codes), "gemeentenaam": pa.Column(str)},
        strict=True,
    )


def _problems(
    path: Path, frame: pd.DataFrame, schema: pa.DataFrameSchema, raw: pd.DataFrame | None = None
) -> list[str]:
    """Validate lazily and turn each pandera failure case into one message line, quoting
    the value as it stands in `raw` (the file's text, before labels became codes)."""
    raw = frame if raw is None else raw
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
            if row > 1 and col in raw.columns:
                value = raw.at[row, col]
            column = _named(frame, col)
            said = problem
            if problem.startswith(NOT_IN_YEAR) and not withholding():  # the code tells it
                said += _merged(case["failure_case"], problem)
            line = f"{path}, {where(frame, row, col)}, column {column}: {said} {_quoted(value)}"
            found.append((row, order.get(col, len(order)), line))
    return [line for *_, line in sorted(found)]


NOT_IN_YEAR = "not a municipality in"


def _merged(code: str, problem: str) -> str:
    """The merger that ended `code` before the year of `problem` (", merged into GM1992
    Voorne aan Zee on 2023-01-01", from the CBS merger table); "" where none did."""
    year = int(problem.rsplit(" ", 1)[1])
    mergers = merger_table()
    ended = mergers[
        (mergers["oude_code"] == code) & (mergers["datum"].map(lambda d: d.year) <= year)
    ]
    if ended.empty:
        return ""
    last = ended.sort_values("datum").iloc[-1]
    return f", merged into {last['nieuwe_code']} {last['nieuwe_naam']} on {last['datum']:%Y-%m-%d}"


def _named(frame: pd.DataFrame, column: str) -> str:
    """A column as a message names it: as the file does, with the codebook's id when
    export.tool_names renamed it (`Q1 (week_deelname)`)."""
    tool = frame.attrs.get("tool_names", {}).get(column)
    return f"{tool} ({column})" if tool else column


def _renamed(cb, path: Path, frame: pd.DataFrame, year: int) -> tuple[pd.DataFrame, list[str]]:
    """`frame` with the survey tool's column names of `year` (export.tool_names) renamed to
    the codebook's ids; a file that holds both a mapped name and its id is a problem."""
    mapping = {name: id_ for name, id_ in cb.renamed(year).items() if name in frame.columns}
    # an id in other case is that id (SPSS does not keep the case of a variable name)
    ids = {c.lower(): c for c in cb.columns(year)}
    mapping |= {
        n: ids[n.lower()]
        for n in frame.columns
        if n not in mapping and n not in ids.values() and n.lower() in ids
    }
    # two columns of the file that would be one id: a name and the id itself, or two
    # names (Q1 and week_deelname; Week_Deelname and WEEK_DEELNAME)
    names: dict[str, list[str]] = {}
    for name, id_ in mapping.items():
        names.setdefault(id_, []).append(name)
    clashes = {
        id_: found + [id_] * (id_ in frame.columns)
        for id_, found in names.items()
        if len(found) + (id_ in frame.columns) > 1
    }
    if clashes:
        tool = cb.renamed(year)

        def why(found: list[str]) -> str:
            mapped = [n for n in found if n in tool]
            if mapped:
                return f"export.tool_names of {cb.path.name} maps {mapped[0]} to it in {year}"
            return "the same name in other case"

        return frame, [
            f"{path}, {where(frame, 1)}: columns {' and '.join(found)} are both {id_} "
            f"({why(found)}); remove one of them"
            for id_, found in clashes.items()
        ]
    renamed = frame.rename(columns=mapping)
    renamed.attrs = {**frame.attrs, "tool_names": {i: n for n, i in mapping.items()}}
    return renamed, []


def _nearest_ids(
    frame: pd.DataFrame, unknown: list, missing: list, expected: list, metadata: list
) -> dict:
    """For each unknown column, the missing codebook ids it may be, best first: the id at
    its place in the codebook's order (`_places`) where a tool keeps that order and the name
    is cut short of that id (SPSS's eight characters, perhaps a number added to make it
    unique) or says nothing of it (Q1, Q3_1), else the nearest in spelling (difflib). A
    column's best id is no other column's."""
    free, found = list(missing), {}
    places = _places(frame, expected, [c for c in missing if c not in metadata])
    dates = [c for c in unknown if _date_like(frame[c])]
    if "ingevuld_op" in missing and len(dates) == 1:  # EndDate: the one column of times
        places[dates[0]] = "ingevuld_op"
    for name in unknown:
        near = codebook.nearest(name, free)
        here = places.get(name) if places.get(name) in free else None
        stem = re.sub(r"\d+$", "", codebook.label_key(name))  # DOELGRO2: made unique
        timed = name in dates  # the one column of times is ingevuld_op, whatever its name
        if here and (timed or not near or codebook.label_key(here).startswith(stem)):
            near = [here, *[i for i in near if i != here]]
        if near:
            free.remove(near[0])
        found[name] = near
    return found


def _places(frame: pd.DataFrame, expected: list, targets: list) -> dict:
    """Each column of the export that is no codebook id and holds what answers look like
    (`_answer_like`: not a tool's id, time or status) -> the id of `targets` (the missing
    questions' ids) at its place, counted from the ids around it: between two columns
    that are ids, such columns take the targets between those ids in order; before the
    first id, counted back from it. Where the two runs differ in length, from the id
    before them. A column right after one so placed is its free text, where it has one."""
    order = {c: i for i, c in enumerate(expected)}
    columns = [c for c in frame.columns if c in order or _answer_like(frame[c])]
    known = [i for i, c in enumerate(columns) if c in order]
    places = {}
    for before, after in zip([None, *known], [*known, None], strict=True):
        start = 0 if before is None else before + 1
        run = columns[start:after]
        low = -1 if before is None else order[columns[before]]
        high = len(expected) if after is None else order[columns[after]]
        # a free text's column holds no answers: it is placed after its option below
        ids = [c for c in expected[low + 1 : high] if c in targets and not c.endswith(TEXT)]
        if before is None and after is not None:  # count back from the first id
            run, ids = run[::-1], ids[::-1]
        places |= dict(zip(run, ids, strict=False))
    # a free text right after its option's column (Q17_8, Q17_8_TEXT): <option id>_tekst
    ids_of = {c: c for c in frame.columns if c in order} | places
    for first, then in pairwise(frame.columns):
        text = f"{ids_of.get(first)}{TEXT}"
        if then not in ids_of and text in targets and text not in places.values():
            places[then] = text
    return places


def _answer_like(values: pd.Series) -> bool:
    """Every value filled in is a code of the codebook or one of its labels."""
    cb = codebook.load()
    filled = values.dropna().astype(str).str.strip()
    filled = filled[filled != ""]
    codes = {str(c) for q in cb.questions.values() for c, _ in cb.answers(q)}
    labels = {
        codebook.label_key(str(label)) for q in cb.questions.values() for _, label in cb.answers(q)
    }
    labels |= {codebook.label_key(label) for label in cb.not_ticked_labels}
    whole = filled.str.replace(r"[.,]0+$", "", regex=True)
    return bool((whole.isin(codes) | filled.map(codebook.label_key).isin(labels)).all())


def _date_like(values: pd.Series) -> bool:
    """Every value filled in is a time as the codebook reads `ingevuld_op` (its `format`
    or `also`), and there is one: a tool's EndDate."""
    meta = _metadata(codebook.load())["ingevuld_op"]
    filled = values.dropna().astype(str).str.strip()
    filled = filled[filled != ""]
    read = pd.Series(False, index=filled.index)
    for fmt in [meta["format"], *meta.get("also", [])]:
        read |= pd.to_datetime(filled, format=fmt, errors="coerce").notna()
    return not filled.empty and bool(read.all())


def _no_header(path: Path, frame: pd.DataFrame) -> list[str]:
    """An export without the key column among its names: most likely one without its row
    of names, whose first answers were read as names. Said without listing them: they
    would be a respondent's answers (the log may be public)."""
    if "gemeentecode" in frame.columns:
        return []
    return [
        f"{path}, {where(frame, 1)}: no column gemeentecode among the column names; the "
        "names go in the first row (without them a row of answers is read as names)"
    ]


def _column_problems(cb, path: Path, frame: pd.DataFrame, year: int) -> list[str]:
    """Columns of the export against the codebook's questionnaire of `year`, one line per
    kind, saying what to change in the codebook."""
    expected = cb.columns(year)
    unexpected = [c for c in frame.columns if c not in expected]
    missing = [c for c in expected if c not in frame.columns]
    renamed = frame.attrs.get("tool_names", {})
    unknown = [c for c in unexpected if c not in renamed]
    nearest = _nearest_ids(frame, unknown, missing, expected, cb.metadata_columns())
    problems = []
    if unexpected:
        listed = [
            f"{_named(frame, c)}, not asked in {year}"
            if c in renamed
            else f"{c} (nearest: {', '.join(nearest[c])})"
            if nearest[c]
            else f"{c} (no id near)"
            for c in unexpected
        ]
        advice = f"new question or answer option: add it to {cb.path.name} with `since: {year}`"
        if missing and nearest:  # else every id is there: no column is one of them renamed
            guessed = {c: (ids or ["<id>"])[0] for c, ids in nearest.items()}
            entry = {"since": year, "columns": guessed}
            flow = yaml.safe_dump(entry, default_flow_style=True, sort_keys=False, width=10**6)
            advice = (
                f"A column the survey tool names otherwise: add `- {flow.strip()}` to "
                f"export.tool_names in {cb.path.name} (check each id; `until: {year}` for this "
                f"year only); a {advice}"
            )
        else:
            advice = f"A {advice}"
        problems.append(
            f"{path}, {where(frame, 1)}: column(s) neither in the {year} questionnaire of "
            f"{cb.path.name} nor in its export.tool_names: {'; '.join(listed)}. {advice}; "
            "a column of the tool's own that the report does not use (a respondent id, a "
            "start time): list it under export.ignore; otherwise correct the column name(s)"
        )
    offered = {ids[0] for ids in nearest.values() if ids}  # the ids the advice maps
    missing = [c for c in missing if c not in offered]
    # the municipality and the time of answering are in every export, never dropped
    always = [c for c in missing if c in cb.metadata_columns()]
    if always:
        problems.append(
            f"{path}, {where(frame, 1)}: column(s) every export has missing: "
            f"{', '.join(always)}. Where the survey tool names it otherwise, add that name "
            f"to export.tool_names in {cb.path.name}"
        )
    missing = [c for c in missing if c not in always]
    if missing:
        problems.append(
            f"{path}, {where(frame, 1)}: column(s) of the {year} questionnaire missing: "
            f"{', '.join(missing)}. "
            "A question or answer option no longer asked: give it "
            f"`until: {codebook.previous_year(year)}` in {cb.path.name}"
        )
    return problems


def _coded(cb, frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """`frame` with each answer given as its codebook label (`codebook.label_key`: any case
    or surrounding spaces), or as its code written as a whole number (1.0, 1,0), replaced by
    its code; any other value is left to the schema."""
    questions = {col: q for q in cb.asked(year) for col in q.answer_columns(year)}
    block = frame[list(questions)]
    codes = {str(code) for q in cb.asked(year) for code in q.codes()}
    # One look at every answer for a value that is no code at all (most exports have none).
    other = block.notna() & ~block.isin(codes)
    if not other.to_numpy().any():
        return frame
    out = frame.copy()
    for col in other.columns[other.any()]:
        labels = {
            codebook.label_key(label): str(code) for code, label in cb.answers(questions[col])
        }
        values = frame.loc[other[col], col]
        coded = values.map(codebook.label_key).map(labels)
        # a code as a spreadsheet may write a whole number: 1.0, 1,0
        whole = values.str.extract(r"^(\d+)[.,]0+$", expand=False)
        coded = coded.where(coded.notna(), whole.where(whole.isin(codes)))
        out.loc[other[col], col] = coded.where(coded.notna(), values)
    return out


def _asked_rows(cb, question, frame: pd.DataFrame, year: int) -> pd.Series:
    """The rows the question was put to: all, or those whose answer to the question it
    follows asks it (`asked_if`)."""
    if not question.asked_if:
        return pd.Series(True, index=frame.index)
    parent_col, asked_codes = _asked_if(cb, question, year)
    return frame[parent_col].isin(asked_codes)


def _empty_column_problems(cb, path: Path, frame: pd.DataFrame, year: int) -> list[str]:
    """An answer column of the year's questionnaire without a single answer where it was
    asked: no table or sentence can be made of it, so most likely the export lost it."""
    empty = []
    for q in cb.asked(year):
        asked = _asked_rows(cb, q, frame, year)
        if asked.any():
            empty += [
                _named(frame, col)
                for col in q.answer_columns(year)
                if frame.loc[asked, col].isna().all()
            ]
    if not empty:
        return []
    return [
        f"{path}, column(s) {', '.join(empty)}: empty in every row; export the answers "
        f"again, or, for a question no longer asked, give it `until: "
        f"{codebook.previous_year(year)}` in {cb.path.name}"
    ]


def _value_label_problems(cb, path: Path, frame: pd.DataFrame, year: int) -> list[str]:
    """An SPSS file's value labels against the codebook's labels for the same codes: one
    line per disagreement, naming the columns that have it."""
    labels = frame.attrs.get("value_labels")
    if not labels:
        return []
    tool = frame.attrs.get("tool_names", {})
    key = codebook.label_key
    found: dict[tuple, list[str]] = {}
    ticks = set()  # the disagreements found on a tick box
    for q in cb.asked(year):
        ours = {str(code): label for code, label in cb.answers(q)}
        for col in q.answer_columns(year):
            also = {}  # a tick box: ticked may carry its option's own label, not ticked others
            if q.type == "multiple":
                (option,) = [o for o in q.items(year) if col == f"{q.id}_{o.code}"]
                also = {"1": {key(option.label)}, "0": {key(n) for n in cb.not_ticked_labels}}
            for code, theirs in labels.get(tool.get(col, col), {}).items():
                if code in ours and key(theirs) not in {key(ours[code]), *also.get(code, ())}:
                    found.setdefault((code, theirs, ours[code]), []).append(_named(frame, col))
                    if also:
                        ticks.add((code, theirs, ours[code]))
    hint = (
        " (a tick box may also carry its option's text for 1, and for 0 a label listed "
        f"under not_ticked_labels in {cb.path.name})"
    )
    return [
        f"{path}, value labels, column(s) {', '.join(columns)}: code {code} is '{theirs}' in "
        f"the file but '{ours}' in {cb.path.name}; a code must mean what the codebook says "
        "(check the questionnaire)" + hint * ((code, theirs, ours) in ticks)
        for (code, theirs, ours), columns in found.items()
    ]


# A municipality code as a tool or an SPSS number may give it: 363, GM363, gm0363
_CODE = re.compile(r"(?:GM)?(\d{1,4})", re.IGNORECASE)


def _with_codes(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with each municipality code written as the registers write it (GM and four
    digits, GM0363); anything else is left for the schema to report."""

    def one(value):
        m = _CODE.fullmatch(value) if isinstance(value, str) else None
        return f"GM{int(m.group(1)):04d}" if m else value

    if "gemeentecode" not in frame:
        return frame
    codes = frame["gemeentecode"].map(one)
    if codes.equals(frame["gemeentecode"]):
        return frame
    out = frame.copy()
    out["gemeentecode"] = codes
    return out


def _codes(registers: dict[int, pd.DataFrame]) -> dict[int, set]:
    return {y: set(frame["gemeentecode"]) for y, frame in registers.items()}


def _read_invited(cb, year: int, raw_root: Path, registers: dict):
    path = source(Path(raw_root) / str(year), cb.invited_file(year))
    raw = read_text(path)
    names = {c: c.lower() for c in raw.columns if c.lower() in ("gemeentecode", "gemeentenaam")}
    raw = raw.rename(columns=names)  # the two names in any case
    frame = _with_codes(raw)
    problems = _problems(path, frame, _invited_schema(cb, year, _codes(registers)), raw=raw)
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
    by default `municipality_register`. Problems in the invited file and in the
    export are raised together as one ExportError.
    """
    cb = codebook.load()
    folder_problems = year_folder_problems(year, raw_root)
    if folder_problems:
        raise ExportError(folder_problems)
    registers = _registers(cb, year, register)
    invited, problems = _read_invited(cb, year, raw_root, registers)
    # a broken invited list checks no respondent against it (174 lines of noise)
    invited_codes = None if problems else set(invited.get("gemeentecode", pd.Series()).dropna())
    path = source(Path(raw_root) / str(year), cb.export_file(year))
    frame = read_text(path)
    frame = frame.drop(columns=[c for c in frame.columns if c.lower() in cb.ignored()])
    frame, renaming = _renamed(cb, path, frame, year)
    # Columns first: with a questionnaire that does not match, every cell check is noise.
    columns = renaming or _no_header(path, frame) or _column_problems(cb, path, frame, year)
    problems += columns
    if not columns:
        coded = _with_timestamps(cb, _with_codes(_coded(cb, frame, year)))
        schema = _export_schema(cb, year, _codes(registers), invited_codes)
        problems += (
            _value_label_problems(cb, path, frame, year)
            + _empty_column_problems(cb, path, coded, year)
            + _problems(path, coded, schema, raw=frame)
            + _name_problems(path, coded, year, registers[year])
        )
    if problems:
        raise ExportError(problems)
    frame = coded

    fmt = _metadata(cb)["ingevuld_op"]["format"]
    types = {}
    for q in cb.asked(year):
        types |= dict.fromkeys(q.answer_columns(year), "Int64")
        types |= dict.fromkeys(q.text_columns(year), "string")
    typed = frame.reset_index(drop=True).astype(types)
    typed["ingevuld_op"] = pd.to_datetime(typed["ingevuld_op"], format=fmt)
    return typed[cb.columns(year)]  # codebook order, whatever the file's order
