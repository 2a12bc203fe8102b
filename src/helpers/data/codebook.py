"""The questionnaire codebook (data/raw/codebook.yaml) as Python objects.

The codebook is the single place for question texts, answer codes and Dutch
labels, and it fixes the column layout of a raw export (see the YAML header).
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from helpers import paths

TEXT = "_tekst"  # ends the column of an option's free text: <question>_<option>_tekst

QUESTION_TYPES = ("single", "multiple", "matrix")
YEAR_FOLDER = re.compile(r"\d{4}")  # data/raw/<year>/
# Populations of the indicator tables: every respondent, or the panel of municipalities
# that responded in the previous year too.
ALL, PANEL = "alle", "panel"


@dataclass(frozen=True)
class Period:
    """The years something is asked: from `since` on, up to `until` (inclusive) if set.

    None for `since` means "as long as its question": a question always has one.
    Open-ended on purpose: what the latest codebook year asks, later years ask too.
    """

    since: int | None = field(default=None, kw_only=True)
    until: int | None = field(default=None, kw_only=True)

    def asked_in(self, year: int) -> bool:
        return (self.since is None or year >= self.since) and (
            self.until is None or year <= self.until
        )


@dataclass(frozen=True)
class Option(Period):
    code: int | str
    label: str
    text: bool = False  # has a free-text column <question>_<code>_tekst
    # a tick box ticked only where no other is ("Geen van bovenstaande"); read by the
    # synthetic generator and by disclosure control (rule 6)
    exclusive: bool = False


@dataclass(frozen=True)
class Figure:
    """A figure of the report. Its number is its place in the codebook (response figures
    first, then the questions' figures in question order), so none is typed by hand."""

    id: str  # how notebooks and text name it; "fig-" + id is its Quarto label
    number: int
    show: str  # trend (all years + panel), current (report year), previous (year before)
    question: str | None = None  # None: a response figure (a map)
    title: str | None = None  # response figures; a question's figure has its text
    categories: dict | None = None  # response map: status -> Dutch label

    @property
    def label(self) -> str:
        """Quarto cross-reference label (hyphens: Quarto advises against underscores)."""
        return "fig-" + self.id.replace("_", "-")


@dataclass(frozen=True)
class Question(Period):
    id: str
    topic: str
    type: str
    text: str
    options: tuple[Option, ...]  # answer options (single/matrix) or tick boxes (multiple)
    rows: tuple[Option, ...] = ()  # matrix rows
    positive: tuple[int | str, ...] = ()  # codes counted as the headline share
    figures: tuple[Figure, ...] = ()
    asked_if: dict | None = None
    themes: tuple[dict, ...] = ()
    assumed: tuple[str, ...] = ()

    @property
    def headline(self) -> tuple[int | str, ...]:
        """The answer codes a headline share counts: `positive`, or "Wel" (1) for an option
        of a multiple-choice question (which has no `positive`); a ValueError for any
        other question without, never a silent guess."""
        if self.positive:
            return tuple(self.positive)
        if self.type == "multiple":
            return (1,)
        raise ValueError(f"codebook: {self.id}: no `positive` codes for its headline share")

    def items(self, year: int | None = None) -> tuple[Option, ...]:
        """The units that get one column each: rows (matrix), options (multiple)."""
        units = {"matrix": self.rows, "multiple": self.options}.get(self.type, ())
        return tuple(u for u in units if year is None or u.asked_in(year))

    def answer_columns(self, year: int) -> list[str]:
        """Coded answer columns of this question in a raw export of `year`."""
        if not self.asked_in(year):
            return []
        if self.type == "single":
            return [self.id]
        return [f"{self.id}_{item.code}" for item in self.items(year)]

    def text_columns(self, year: int) -> list[str]:
        if not self.asked_in(year):
            return []
        return [f"{self.id}_{o.code}{TEXT}" for o in self.options if o.text and o.asked_in(year)]

    def codes(self) -> tuple:
        """Valid codes of one answer column."""
        if self.type == "multiple":
            return (0, 1)
        return tuple(o.code for o in self.options)

    def label(self, code) -> str:
        for o in self.options:
            if o.code == code:
                return o.label
        raise KeyError(f"{self.id}: no answer option {code!r}")


@dataclass(frozen=True)
class ToolNames(Period):
    """Column names of the survey tool (`Q3_1`) for the codebook's column ids, in force in
    the years of its period (`export.tool_names`)."""

    columns: dict[str, str]  # tool name -> column id


def label_key(label: str) -> str:
    """What must agree for an answer label to be the codebook's: the text as the codebook
    writes it, whatever its case, surrounding spaces or Unicode composition."""
    return unicodedata.normalize("NFC", label).strip().casefold()


def nearest(name: str, candidates, n: int = 3) -> list[str]:
    """The candidates nearest to `name` in spelling (difflib), nearest first."""
    keys = {label_key(c): c for c in candidates}
    return [keys[k] for k in difflib.get_close_matches(label_key(name), keys, n=n)]


@dataclass(frozen=True)
class Codebook:
    path: Path
    export: dict
    questions: dict[str, Question]
    topics: tuple[dict, ...]
    response_figures: tuple[Figure, ...]  # maps: the response, not a question
    multiple_labels: dict[int, str]
    panel_footnote: str
    raw: dict = field(repr=False)
    tool_names: tuple[ToolNames, ...] = ()
    # what an SPSS file may call a tick box not ticked besides "Niet" (its ticked code may
    # carry the option's own label); the codebook's `not_ticked_labels`
    not_ticked_labels: tuple[str, ...] = ()

    def answers(self, q: Question) -> tuple[tuple[object, str], ...]:
        """(code, label) of the answers to one answer column of `q`, in display order: its
        options, or for a multiple-choice question `multiple_labels` (Wel, Niet)."""
        if q.type == "multiple":
            return tuple(self.multiple_labels.items())
        return tuple((o.code, o.label) for o in q.options)

    @property
    def first_year(self) -> int:
        """The year of the first benchmark questionnaire."""
        return min(q.since for q in self.questions.values())

    def asked(self, year: int) -> list[Question]:
        return [q for q in self.questions.values() if q.asked_in(year)]

    def metadata_columns(self) -> list[str]:
        return [m["column"] for m in self.export["metadata"]]

    def columns(self, year: int) -> list[str]:
        """All columns of a raw export of `year`, in export order."""
        cols = self.metadata_columns()
        for q in self.asked(year):
            cols += q.answer_columns(year) + q.text_columns(year)
        return cols

    def renamed(self, year: int) -> dict[str, str]:
        """The survey tool's column names in force in `year` -> the codebook's column ids
        (`parse` made sure that no name and no id is mapped twice in a year)."""
        return {
            name: column
            for block in self.tool_names
            if block.asked_in(year)
            for name, column in block.columns.items()
        }

    def ignored(self) -> set[str]:
        """Export columns the report does not use (the survey tool's own: a respondent id,
        a start time), left out on reading (`export.ignore`), lower case: a name matches in
        any case (`parse` made sure they are a list of names, none a column id)."""
        return {name.lower() for name in self.export.get("ignore") or []}

    def export_file(self, year: int) -> str:
        return self.export["file"].format(year=year)

    def invited_file(self, year: int) -> str:
        return self.export["invited_file"].format(year=year)

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure of the report, in number order."""
        fixed = tuple(self.response_figures)
        return fixed + tuple(f for q in self.questions.values() for f in q.figures)

    def figure(self, fig_id: str) -> Figure:
        for f in self.figures:
            if f.id == fig_id:
                return f
        raise KeyError(f"no figure {fig_id!r}; figures: {', '.join(f.id for f in self.figures)}")


def _period(entry: dict, where: str, required: bool = False) -> dict:
    """`since`/`until` of a codebook entry, checked."""
    if "years" in entry:
        raise ValueError(
            f"{where}: `years:` lists are no longer used; write `since: <first year>` "
            "(and `until: <last year>` if it is no longer asked)"
        )
    period = {k: entry[k] for k in ("since", "until") if k in entry}
    if required and "since" not in period:
        raise ValueError(f"{where}: `since: <year first asked>` is missing")
    for key, value in period.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{where}: `{key}` must be a year, got {value!r}")
    if period.get("until", float("inf")) < period.get("since", float("-inf")):
        raise ValueError(f"{where}: `until` {period['until']} is before `since` {period['since']}")
    return period


def _options(raw: list[dict], where: str) -> tuple[Option, ...]:
    return tuple(
        Option(
            code=o["code"],
            label=o["label"],
            text=o.get("text", False),
            exclusive=o.get("exclusive", False),
            **_period(o, f"{where}, option {o['code']}"),
        )
        for o in raw
    )


def parse(raw: dict, path: Path) -> Codebook:
    numbers = itertools.count(1)
    response_figures = tuple(
        Figure(
            id=f["id"],
            number=next(numbers),
            show="current",
            title=f["title"],
            categories=f.get("categories"),
        )
        for f in raw["response_figures"]
    )
    questions = {}
    for q in raw["questions"]:
        if q["type"] not in QUESTION_TYPES:
            raise ValueError(f"{path}: question {q['id']}: unknown type {q['type']!r}")
        if q["id"] in questions:
            raise ValueError(f"{path}: question id {q['id']} appears twice")
        options = raw["scales"][q["scale"]] if "scale" in q else q["options"]
        where = f"{path}: question {q['id']}"
        questions[q["id"]] = Question(
            id=q["id"],
            topic=q["topic"],
            type=q["type"],
            text=q["text"],
            options=_options(options, where),
            rows=_options(q.get("rows", []), where),
            positive=tuple(q.get("positive", ())),
            figures=tuple(
                Figure(
                    id=q["id"] + ("_vorig_jaar" if f["show"] == "previous" else ""),
                    number=next(numbers),
                    show=f["show"],
                    question=q["id"],
                )
                for f in q.get("figures", [])
            ),
            asked_if=q.get("asked_if"),
            themes=tuple(q.get("themes", ())),
            assumed=tuple(q.get("assumed", ())),
            **_period(q, where, required=True),
        )
    cb = Codebook(
        path=path,
        export=raw["export"],
        questions=questions,
        topics=tuple(raw["topics"]),
        response_figures=response_figures,
        multiple_labels=dict(raw["multiple_labels"]),
        not_ticked_labels=tuple(
            _names(
                raw.get("not_ticked_labels") or [],
                f"{path}: not_ticked_labels",
                "[Niet geselecteerd]",
            )
        ),
        panel_footnote=raw["panel_footnote"],
        raw=raw,
        tool_names=_tool_names(raw["export"].get("tool_names") or [], path),
    )
    _check_tool_names(cb)
    _check_ignore(cb)
    return cb


def _tool_names(raw: list[dict], path: Path) -> tuple[ToolNames, ...]:
    blocks = []
    for i, block in enumerate(raw, start=1):
        where = f"{path}: export.tool_names, entry {i}"
        columns = block.get("columns")
        if not isinstance(columns, dict) or not columns:
            raise ValueError(f"{where}: `columns: {{<tool's name>: <column id>, ...}}` is missing")
        unknown = sorted(set(block) - {"since", "until", "columns"})
        if unknown:
            raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)}")
        blocks.append(
            ToolNames(
                columns={str(k): str(v) for k, v in columns.items()},
                **_period(block, where, required=True),
            )
        )
    return tuple(blocks)


def _names(value, where: str, example: str) -> list[str]:
    """`value` as a list of names, or a ValueError: a single name (YAML's easy slip) is not."""
    if not isinstance(value, list) or not all(isinstance(n, str) for n in value):
        raise ValueError(f"{where}: a list of names, e.g. {example}")
    return value


def _check_ignore(cb: Codebook) -> None:
    """export.ignore is a list of names (`[Respondent ID, StartDate]`), none a column the
    report reads, by its id or by a survey tool's name for it."""
    where = f"{cb.path}: export.ignore"
    ignore = _names(cb.export.get("ignore") or [], where, "[Respondent ID, StartDate]")
    last = max(max(q.since, q.until or q.since) for q in cb.questions.values())
    used = {c.lower() for year in range(cb.first_year, last + 1) for c in cb.columns(year)}
    used |= {name.lower() for block in cb.tool_names for name in block.columns}
    if read := [n for n in ignore if n.lower() in used]:
        raise ValueError(
            f"{where}: {', '.join(read)}: read by the report (a column id or a name in "
            "export.tool_names); remove it from export.ignore"
        )


def _check_tool_names(cb: Codebook) -> None:
    """Each mapped id is a column of the codebook, and in no year is a tool's name mapped
    twice or two names mapped to one id."""
    if not cb.tool_names:
        return
    where = f"{cb.path}: export.tool_names"
    periods = [*cb.tool_names, *cb.questions.values()]
    periods += [o for q in cb.questions.values() for o in (*q.options, *q.rows)]
    bounds = [y for p in periods for y in (p.since, p.until) if y is not None]
    # Past the last year the codebook names nothing changes.
    ids = {c for y in range(cb.first_year, max(bounds) + 1) for c in cb.columns(y)}
    years = range(min(b.since for b in cb.tool_names), max(bounds) + 1)
    for block in cb.tool_names:
        for name, column in block.columns.items():
            if column not in ids:
                near = nearest(column, ids)
                hint = f" (nearest: {', '.join(near)})" if near else ""
                raise ValueError(f"{where}: {name}: {column} is not a column id{hint}")
    for year in years:
        to: dict[str, list[str]] = {}
        named: dict[str, list[str]] = {}
        for block in cb.tool_names:
            if block.asked_in(year):
                for name, column in block.columns.items():
                    to.setdefault(name, []).append(column)
                    named.setdefault(column, []).append(name)
        for name, columns in to.items():
            if len(columns) > 1:
                raise ValueError(
                    f"{where}: {name} is mapped twice in {year} (to {' and to '.join(columns)}); "
                    "keep one, or end the first with `until:`"
                )
        for column, names in named.items():
            if len(names) > 1:
                raise ValueError(
                    f"{where}: {' and '.join(names)} each map to {column} in {year}; "
                    "a column has one name a year: keep one"
                )


class _UniqueKeys(yaml.SafeLoader):
    """YAML that refuses a key given twice in one mapping (PyYAML keeps the last one, so
    a doubled tool_names entry or question key would silently drop the first)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *anchor` merges, no key
                continue
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} given twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path):
    """A YAML file of the repository's own (codebook, editorial data) as read; a
    ValueError naming the file, line and column when it is no YAML or repeats a key."""
    with open(path, encoding="utf-8") as f:
        try:
            return yaml.load(f, Loader=_UniqueKeys)  # a SafeLoader
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            at = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            problem = getattr(err, "problem", None) or str(err)
            # PyYAML often notices a mistake on the line after it (a missing ':' at the
            # next key): name the line of what it was reading, where that differs
            context, since = getattr(err, "context", None), getattr(err, "context_mark", None)
            if context and since and mark and since.line != mark.line:
                problem += f"; {context} from line {since.line + 1}"
            raise ValueError(f"{path}{at}: not valid YAML ({problem})") from None


def entry_lines(path: Path, key: str) -> list[int]:
    """The line (1-based) of each entry of the top-level list `key` of a YAML file, for
    messages that name an entry; [] where the file has no such list."""
    node = yaml.compose(Path(path).read_text("utf-8"), Loader=yaml.SafeLoader)
    for name, value in node.value if isinstance(node, yaml.MappingNode) else ():
        if name.value == key and isinstance(value, yaml.SequenceNode):
            return [entry.start_mark.line + 1 for entry in value.value]
    return []


@cache
def load(path: Path | None = None) -> Codebook:
    """The codebook; a ValueError naming the file, line and column when it is no YAML."""
    path = Path(path or paths.CODEBOOK)
    return parse(read_yaml(path), path)


def previous_year(year: int) -> int:
    """The survey a report year compares with: the year before (the benchmark is yearly).

    Downstream code reads the processed `meta["previous_year"]` (None when that year has
    no export) rather than computing it again.
    """
    return year - 1


def raw_years_note(raw_root: Path = paths.RAW) -> str:
    """Which years data/raw holds, for a message about a year it does not."""
    years = available_years(raw_root)
    there = ", ".join(map(str, years)) if years else "none"
    return f"years in {paths.relative(raw_root)}: {there}"


def no_tables(year: int, folder: Path, raw_root: Path = paths.RAW) -> str:
    """Why `folder` holds no processed tables of `year`, and what to do, in one line."""
    if year in available_years(raw_root):
        return f"{paths.relative(folder)}: no processed tables for {year}; run `make data` first"
    return f"no raw data for {year}, so no processed tables ({raw_years_note(raw_root)})"


def available_years(raw_root: Path = paths.RAW) -> list[int]:
    """Every year folder in raw_root (a four-digit name), whatever it holds.

    A folder whose files are misnamed is still a year: `rawdata.year_folder_problems`
    says what is wrong with it, instead of the year silently disappearing.
    """
    if not Path(raw_root).is_dir():
        return []
    return sorted(
        int(p.name)
        for p in Path(raw_root).iterdir()
        if p.is_dir() and YEAR_FOLDER.fullmatch(p.name)
    )


def latest_year(raw_root: Path = paths.RAW) -> int:
    """The latest year in data/raw: what `make report` and `make factsheets` build by default."""
    years = available_years(raw_root)
    if not years:
        raise FileNotFoundError(f"{raw_root}: no year folders (data/raw/<year>/)")
    return max(years)
