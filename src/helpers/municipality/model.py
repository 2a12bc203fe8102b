"""The factsheet of one municipality as data, with disclosure control.

    data = year_data(2023)          # what is the same for every municipality of a year
    fs = build("GM0363", 2023)      # one municipality (reuses year_data)
    fs.rows, fs.shares              # one row per answer column / per answer option
    fs.row_records, fs.share_records  # the same as lists of dicts (no DataFrame is made)

Nothing is counted here: the national counts are those of the indicator tables
(question_<id>.parquet), the provincial ones those of answers_by_province.parquet and
those of the municipality's urbanity class (its peer group, "vergelijkbare gemeenten")
those of answers_by_class.parquet, as helpers.data.process wrote them. What the
factsheet says is made from this data by `summary` and `content`.

Beside the country, a factsheet has two groups ("scopes", `SCOPES`): the province and
the class. Each has the same fields, named by the scope: per row `<scope>_shown`,
`n_<scope>` and `others_<scope>`, per share `count_<scope>`, `n_<scope>` and
`pct_<scope>`. A year without CBS classes (meta.json "classes": null) has `klasse` None
and no class figure anywhere.

Disclosure control is `helpers.disclosure`'s (its module doc states the rules): a
column's group figures are shown (`province_shown`, `class_shown`) only where its rules
allow it (`helpers.disclosure.decide`, which `_shown` asks); otherwise the factsheet
marks them as too small.
Suppressed figures are not even kept in the `Factsheet` (None, the share NaN), so no
output made from it can leak them.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers import disclosure, paths
from helpers.data import classes, codebook, stamp
from helpers.logs import one_line
from helpers.report import fmt, indicators
from helpers.report.indicators import latest_processed_year

NATIONAL = "Nederland"  # scope label of the national figures
NOT_ASKED = "n.v.t."  # niet van toepassing: the question was not asked (codebook asked_if)
NOT_ASKED_NOTE = f"{NOT_ASKED}: niet gevraagd (hangt af van een eerder antwoord)."
ANSWERED_UNTIL = "antwoorden tot en met"  # before the data's date (`answered_words`)
CODE_PATTERN = re.compile(r"GM\d{4}")
# The groups a municipality is compared with beside the country, and how disclosure
# control names them (the field names of rows and shares start or end with the scope).
SCOPES = {"province": disclosure.PROVINCE, "class": disclosure.CLASS}
GROUP_COLUMNS = {"province": "provincienaam", "class": classes.COLUMN}  # in responses


# --- the answer columns ("units") of a year ---------------------------------------


@dataclass(frozen=True)
class Unit:
    """One answer column: a single question, a matrix row or a multiple-choice option."""

    question: codebook.Question
    item: str  # matrix row / option code; "" for a single question
    label: str  # Dutch: question text (single) or row/option label
    column: str
    codes: tuple  # answer codes in display order
    labels: tuple[str, ...]  # their Dutch labels

    @property
    def topic(self) -> str:
        return self.question.topic

    def answer_label(self, code) -> str:
        return self.labels[self.codes.index(code)]


def units(year: int) -> tuple[Unit, ...]:
    """The answer columns of `year`, in codebook topic order, then question order."""
    cb = codebook.load()
    order = {t["id"]: i for i, t in enumerate(cb.topics)}
    out = []
    for q in sorted(cb.asked(year), key=lambda q: order[q.topic]):  # stable: codebook order
        codes, labels = zip(*cb.answers(q), strict=True)
        if q.type == "single":
            out.append(Unit(q, "", q.text, q.id, codes, labels))
        else:
            for it in q.items(year):
                out.append(Unit(q, str(it.code), it.label, f"{q.id}_{it.code}", codes, labels))
    return tuple(out)


# --- national and provincial counts: once per year ---------------------------------


@dataclass(frozen=True)
class YearData:
    """Everything a factsheet of `year` needs that is the same for every municipality."""

    year: int
    meta: dict
    responses: pd.DataFrame  # year's respondents, indexed by gemeentecode
    previous: pd.DataFrame | None  # previous year's respondents (None: no such year)
    units: tuple[Unit, ...]
    # {scope: {(column, code): (count, n, pct)}}: `count` municipalities gave `code`, out
    # of `n` that answered `column`; scope is NATIONAL or a province name
    counts: dict = field(repr=False)
    # the same per urbanity class {1..5: {...}}; empty: no classes this year
    class_counts: dict = field(repr=False)

    @functools.cached_property
    def answers(self) -> dict[str, dict]:
        """{gemeentecode: {column: answer}} of `responses`, read once for every factsheet."""
        return self.responses.to_dict("index")

    @functools.cached_property
    def previous_answers(self) -> dict[str, dict]:
        """The same of `previous` (empty: no such year)."""
        return {} if self.previous is None else self.previous.to_dict("index")

    @functools.cached_property
    def answered(self) -> dict[str, frozenset]:
        """{column: the codes of the respondents that answered it}."""
        frame = self.responses
        return {u.column: frozenset(frame.index[frame[u.column].notna()]) for u in self.units}

    @functools.cached_property
    def figures(self) -> dict[object, dict]:
        """{scope key (NATIONAL, a province name, a class): {(column, code): count}}: the
        counts as `helpers.disclosure` takes them."""
        scopes = self.counts | self.class_counts
        return {key: {k: count for k, (count, _, _) in c.items()} for key, c in scopes.items()}

    @functools.cached_property
    def _members(self) -> dict:
        return {}

    def members(self, scope: str, group) -> frozenset:
        """The codes of the respondents in `group` (a province name, a class) of `scope`."""
        if (scope, group) not in self._members:
            frame = self.responses
            self._members[(scope, group)] = frozenset(
                frame.index[frame[GROUP_COLUMNS[scope]] == group]
            )
        return self._members[(scope, group)]


def folder(year: int, processed_root: str | Path | None = None) -> Path:
    """The processed tables of `year` (in `processed_root`, default data/processed);
    FileNotFoundError when there are none."""
    root = Path(processed_root) if processed_root is not None else paths.PROCESSED
    out = root / str(year)
    if not (out / "responses.parquet").exists():
        raise FileNotFoundError(codebook.no_tables(year, out))
    return out


def processed_years(year: int, processed_root: str | Path | None = None) -> list[int]:
    """The processed years up to `year` (those with a responses table)."""
    root = Path(processed_root) if processed_root is not None else paths.PROCESSED
    return sorted(
        int(p.parent.name)
        for p in root.glob("*/responses.parquet")
        if p.parent.name.isdigit() and int(p.parent.name) <= year
    )


def years_taken_part(gemeente: str, year: int, processed_root=None) -> list[int]:
    """The years up to `year` in which `gemeente` responded: those its monitor shows."""
    return [
        y
        for y in processed_years(year, processed_root)
        if gemeente in year_data(y, processed_root).responses.index
    ]


def year_data(year: int, processed_root: str | Path | None = None) -> YearData:
    """The respondents and counts of `year`, read once per process."""
    return _year_data(int(year), _located(year, processed_root))


def notes(year: int, processed_root: str | Path | None = None) -> list[str]:
    """The warnings for the pages of `year`, said before they are made: tables missing or
    older than data/raw (`stamp.stale_note`), and a year without urbanity classes (the
    data step says so only while it runs)."""
    said = [stamp.stale_note(year, processed_root)]
    if year_data(year, processed_root).meta.get("classes") is None:
        from helpers.data.process import no_classes_message  # validation's libraries: here

        said.append(no_classes_message([year]))
    return [note for note in said if note]


def _located(year: int, processed_root: str | Path | None) -> Path:
    """`folder` resolved, found once per process: every page and year asks for it."""
    root = Path(processed_root) if processed_root is not None else paths.PROCESSED
    return _resolved(int(year), root)


@functools.cache
def _resolved(year: int, root: Path) -> Path:
    return folder(year, root).resolve()


@functools.cache
def _year_data(year: int, folder: Path) -> YearData:
    us = units(year)  # the codebook's: its own errors are its own
    try:
        return _read_year(year, folder, us)
    except FileNotFoundError:  # a year or its tables missing: its own message says so
        raise
    except Exception as err:  # tables not as the data step wrote them: its words may quote
        # an answer, so where values are withheld only their kind (`logs.one_line`)
        raise ValueError(
            f"{paths.relative(folder)}: the processed tables cannot be read ({one_line(err)}); "
            "`make data` writes them again"
        ) from err


def _read_year(year: int, folder: Path, us: tuple[Unit, ...]) -> YearData:
    meta = json.loads((folder / "meta.json").read_text("utf-8"))
    responses = pd.read_parquet(folder / "responses.parquet").set_index("gemeentecode")
    previous = None
    if meta.get("previous_year"):
        prev_file = folder.parent / str(meta["previous_year"]) / "responses.parquet"
        if not prev_file.exists():
            raise FileNotFoundError(
                f"{prev_file}: the {year} factsheets compare with {meta['previous_year']}; "
                "run `make data` first"
            )
        previous = pd.read_parquet(prev_file).set_index("gemeentecode")
    questions = dict.fromkeys(u.question.id for u in us)
    national = pd.concat(pd.read_parquet(folder / f"question_{q}.parquet") for q in questions)
    national = national[(national["year"] == year) & (national["population"] == codebook.ALL)]
    provinces = pd.read_parquet(folder / "answers_by_province.parquet")
    peers = pd.read_parquet(folder / "answers_by_class.parquet")
    counts = {NATIONAL: _counts(national)}
    counts |= {p: _counts(t) for p, t in provinces.groupby("provincienaam")}
    by_class = {int(k): _counts(t) for k, t in peers.groupby(classes.COLUMN)}
    return YearData(year, meta, responses, previous, us, counts, by_class)


def _counts(table: pd.DataFrame) -> dict:
    """{(column, code): (count, n, pct)} of one scope's rows of a processed table (national:
    the indicator tables, `year`, population alle; a group: answers_by_province or
    answers_by_class)."""
    item = table["item"]
    column = table["question"].where(item == "", table["question"] + "_" + item)
    return {
        (col, code): (int(count), int(n), float(pct))
        for col, code, count, n, pct in zip(
            column, table["code"], table["count"], table["n"], table["pct"], strict=True
        )
    }


# --- one municipality ------------------------------------------------------------------


def check_respondent(gemeente: str, year: int, data: YearData | None = None) -> None:
    """Raise ValueError unless `gemeente` responded to the benchmark of `year`."""
    data = data or year_data(year)
    if isinstance(gemeente, str) and gemeente in data.responses.index:
        return
    n = len(data.responses)
    if not isinstance(gemeente, str) or not CODE_PATTERN.fullmatch(gemeente):
        names = data.responses["gemeentenaam"].str.casefold()
        found = data.responses.index[names == str(gemeente).strip().casefold()]
        hint = (
            f": {data.responses.at[found[0], 'gemeentenaam']} is {found[0]}" if len(found) else ""
        )
        raise ValueError(
            f"{gemeente!r} is not a municipality code (GM and 4 digits, e.g. 'GM0363')"
            f"{hint}; no factsheet or monitor for {year}"
        )
    try:  # geopandas is imported on this error path only, not by every factsheet run
        from helpers.data.registers import municipality_register

        register = municipality_register(year).set_index("gemeentecode")["gemeentenaam"]
    except (OSError, RuntimeError, ValueError) as err:  # no boundary files or year
        raise ValueError(
            f"{gemeente} is not among the {n} municipalities that responded to the {year} "
            f"benchmark (did not respond, or is not a municipality; register unavailable: {err})"
        ) from None
    if gemeente not in register.index:
        raise ValueError(
            f"{gemeente} is not a municipality in {year} (not in the CBS register of "
            f"1 January {year}); no factsheet or monitor"
        )
    raise ValueError(
        f"{gemeente} ({register[gemeente]}) did not respond to the {year} benchmark; "
        f"factsheets and monitors exist only for the {n} municipalities that responded"
    )


@dataclass
class Factsheet:
    """One municipality's factsheet of one year, as data."""

    gemeente: str
    naam: str
    provincie: str
    year: int
    in_panel: bool  # also responded the year before
    synthetic: bool
    synthetic_previous: bool
    previous_year: int | None  # the year compared with (None: no export of it)
    klasse: int | None  # CBS urbanity class 1..5 (None: no classes this year)
    klasse_label: str | None  # "zeer sterk stedelijk" (`classes.LABELS`)
    respondents: int  # national
    respondents_province: int  # including this municipality
    respondents_class: int | None  # of its class, including it (None: no classes)
    # the day the last respondent of the year answered: the data's date (the PDF's too)
    answered_until: datetime.date
    # one dict per answer column: own answer now (and its own words, where the option has
    # a text box) and the year before (code None: none),
    # per scope (province, class) whether its figure is shown, its n (None where not
    # shown) and how many others of the group answered
    row_records: list[dict]
    # one dict per answer column and option: national, provincial and class counts and
    # shares (a group's None, the share NaN, where suppressed) and whether it is the
    # municipality's own answer
    share_records: list[dict]
    topics: list[dict]  # codebook topics with at least one question this year
    # the processed root it was built from (resolved): what goes with it (its tips) is
    # read from there too, never from another data set
    processed: Path = field(default=paths.PROCESSED, repr=False)

    @property
    def has_previous_year(self) -> bool:
        return self.previous_year is not None

    @functools.cached_property
    def province_any(self) -> bool:
        """Is any provincial figure shown at all?"""
        return any(r["province_shown"] for r in self.row_records)

    @functools.cached_property
    def class_any(self) -> bool:
        """Is any figure of the class shown at all?"""
        return any(r["class_shown"] for r in self.row_records)

    @functools.cached_property
    def rows(self) -> pd.DataFrame:
        """`row_records` as a table (codes and the groups' n as Int64), made when asked."""
        rows = pd.DataFrame(self.row_records)
        ints = ["own_code", "previous_code", "n_province", "n_class", "others_class"]
        return rows.astype(dict.fromkeys(ints, "Int64"))

    @functools.cached_property
    def shares(self) -> pd.DataFrame:
        """`share_records` as a table (the groups' counts as Int64), made when asked."""
        shares = pd.DataFrame(self.share_records)
        ints = [f"{k}_{scope}" for scope in SCOPES for k in ("count", "n")]
        return shares.astype(dict.fromkeys(ints, "Int64"))


def answered_words(fs: Factsheet) -> str:
    """ "antwoorden tot en met 30 juni 2023": how recent the figures are, as both pages'
    first line says it."""
    return f"{ANSWERED_UNTIL} {fmt.date(fs.answered_until)}"


def klasse_name(fs: Factsheet) -> str | None:
    """The peer group in words, as sentences name it: "vergelijkbare gemeenten (weinig
    stedelijk)"; None: no CBS classes that year."""
    return None if fs.klasse is None else f"vergelijkbare gemeenten ({fs.klasse_label})"


def _asked(unit: Unit, answers: dict) -> bool:
    """Was `unit` asked of a municipality with these answers (codebook asked_if)?"""
    cond = unit.question.asked_if
    if not cond:
        return True
    value = answers.get(cond["question"])
    return pd.notna(value) and int(value) in cond["codes"]


def _own(unit: Unit, answers: dict | None, year: int) -> tuple[object, str]:
    """(code or None, Dutch label) of a municipality's answer to `unit` in `year`."""
    if answers is None:
        return None, "–"
    if not unit.question.asked_in(year) or unit.column not in answers:
        return None, f"niet gevraagd in {year}"
    value = answers[unit.column]
    if pd.isna(value):
        return None, NOT_ASKED if not _asked(unit, answers) else "geen antwoord"
    code = int(value)
    return code, unit.answer_label(code)


OWN_TEXT_MAX = 200  # characters of a free text the pages quote: page 1 stays one page


def _own_text(unit: Unit, answers: dict, code) -> str | None:
    """The municipality's own words in the text box of the option it chose with `code`
    (an option with `text: true`: ticked, or the answer of a single question), as the
    pages can hold them (`_printable`); None where it chose none or wrote nothing."""
    q = unit.question
    for option in q.options:
        chosen = option.code == (unit.item if q.type == "multiple" else code)
        if option.text and chosen and (q.type != "multiple" or code == 1):
            value = answers.get(f"{q.id}_{option.code}{codebook.TEXT}")
            return _printable(value) if isinstance(value, str) else None
    return None


def _printable(text: str) -> str | None:
    """`text` with what a PDF cannot hold left out (control, private-use and unassigned
    code points, as Word's list bullet U+F0B7: Typst refuses them, and the factsheet
    would fail for this municipality alone), its white space one space, at most
    OWN_TEXT_MAX characters."""
    kept = "".join(
        " " if c.isspace() else c
        for c in unicodedata.normalize("NFC", text)
        if c.isspace() or unicodedata.category(c) not in ("Cc", "Co", "Cn", "Cs")
    )
    kept = " ".join(kept.split())
    if len(kept) > OWN_TEXT_MAX:
        kept = kept[: OWN_TEXT_MAX - 1].rstrip() + "…"
    return kept or None


def _groups(data: YearData, gemeente: str, table: dict) -> dict[str, dict | None]:
    """Each of `gemeente`'s groups in `table` (a YearData mapping of NATIONAL, province
    names and classes to figures); None: it has no such group this year (no classes)."""
    answers = data.answers[gemeente]
    klasse = answers[classes.COLUMN]
    return {
        "province": table[answers["provincienaam"]],
        "class": None if pd.isna(klasse) else table.get(int(klasse)),
    }


def _scopes(data: YearData, gemeente: str) -> dict[str, dict | None]:
    """Each scope's counts for `gemeente` ({(column, code): (count, n, pct)})."""
    return _groups(data, gemeente, data.counts | data.class_counts)


@functools.cache
def _page(gemeente: str, year: int, folder: Path) -> tuple[dict, dict, dict]:
    """What `disclosure.decide` weighs of `gemeente`'s pages of `year`: its answer code per
    column, the country's figures and those of its groups (None: no such group), each
    {(column, code): count}."""
    data = _year_data(year, folder)
    own = {u.column: _own(u, data.answers[gemeente], year)[0] for u in data.units}
    return own, data.figures[NATIONAL], _groups(data, gemeente, data.figures)


def shown_before(gemeente: str, year: int, folder: Path) -> dict[str, list]:
    """{column: [disclosure.Earlier, ...]}: the group figures of the earlier years that
    the monitor of `gemeente` in `year` shows beside this year's (decided first, and kept
    as they were), per answer column of `year`, with the suppressed ones whose † could
    depend on the answers (`disclosure.telling`)."""
    earlier = []  # (scope, year data, members, counts, own, national, what was shown)
    for y in years_taken_part(gemeente, year - 1, folder.parent):
        past = _year_data(y, folder.parent / str(y))
        before = _shown(gemeente, y, folder.parent / str(y))
        own, nation, groups = _page(gemeente, y, folder.parent / str(y))
        mine = past.answers[gemeente]
        for scope, counts in groups.items():
            if counts is not None:
                then = past.members(scope, mine[GROUP_COLUMNS[scope]])
                earlier.append((scope, past, then, counts, own, nation, before))

    def beside(u: Unit, scope, past, then, counts, own, nation, before):
        """The earlier figure as `decide` weighs it; None where it tells nothing (not
        asked then, or a † that could not depend on the answers)."""
        if scope not in before.get(u.column, {}):
            return None
        shown = before[u.column][scope]
        size, respondents = len(then) - 1, len(past.responses) - 1  # others only
        if shown or disclosure.telling(u.question, u.column, own, nation, size, respondents):
            return disclosure.Earlier(
                scope=scope,
                answered_then=then & past.answered[u.column],
                counts=counts,
                own=own,
                shown=shown,
            )
        return None

    return {
        u.column: [e for e in (beside(u, *entry) for entry in earlier) if e is not None]
        for u in _year_data(year, folder).units
    }


@functools.cache
def _shown(gemeente: str, year: int, folder: Path) -> dict[str, dict[str, bool]]:
    """{column: {scope: shown?}} of the factsheet of `gemeente` in `year`, as
    `helpers.disclosure.decide` decides for its province's and its class's figures
    beside the national one and those of the earlier years of its monitor
    (`shown_before`), and `together` for the options of one question. Cached: the
    monitor asks for every earlier year."""
    data = _year_data(year, folder)
    answers = data.answers[gemeente]
    own, nation, groups = _page(gemeente, year, folder)
    members = {
        scope: None if g is None else data.members(scope, answers[GROUP_COLUMNS[scope]])
        for scope, g in groups.items()
    }
    earlier = shown_before(gemeente, year, folder)

    out = {}
    for u in data.units:
        col = u.column
        out[col] = disclosure.decide(
            u.question,
            col,
            own,
            nation,
            groups,
            members,
            data.answered[col],
            len(data.responses),
            earlier[col],
            reader=gemeente,
        )
    respondents = len(data.responses) - 1  # the municipality not counted

    def told(question: codebook.Question, column: str, scope: str) -> bool:
        size = len(members[scope]) - 1 if members[scope] is not None else 0
        return disclosure.telling(question, column, own, nation, size, respondents)

    for question in {u.question.id: u.question for u in data.units}.values():
        columns = [u.column for u in data.units if u.question is question]
        out |= disclosure.together(
            question, {col: out[col] for col in columns}, functools.partial(told, question)
        )
    for u in data.units:  # a pass of its own: a follow-up may come before its question
        lead = u.question.asked_if and out.get(u.question.asked_if["question"])
        if lead:
            out[u.column] = disclosure.after_the_lead(out[u.column], lead)
    return out


def build(
    gemeente: str, year: int | None = None, processed_root: str | Path | None = None
) -> Factsheet:
    """The factsheet of `gemeente` for `year` (default: the latest processed year;
    ValueError if it did not respond)."""
    if year is None:
        year = latest_processed_year(Path(processed_root or paths.PROCESSED))
    data = year_data(year, processed_root)
    check_respondent(gemeente, year, data)
    cb = codebook.load()
    answers = data.answers[gemeente]
    province = answers["provincienaam"]
    in_panel = bool(answers["in_panel"])
    previous_year = data.meta.get("previous_year")
    prev_answers = None
    if in_panel and gemeente in data.previous_answers:
        prev_answers = data.previous_answers[gemeente]
    klasse = None if pd.isna(answers[classes.COLUMN]) else int(answers[classes.COLUMN])
    nation = data.counts[NATIONAL]
    scopes = _scopes(data, gemeente)
    mine = {u.column: _own(u, answers, year) for u in data.units}
    decided = _shown(gemeente, year, _located(year, processed_root))
    rows, shares = [], []
    for u in data.units:
        code, label = mine[u.column]
        prev_code, prev_label = _own(u, prev_answers, previous_year)
        shown = decided[u.column]
        comparable = prev_code is not None and code is not None
        row = {}
        for scope, c in scopes.items():
            n = None if c is None else c[(u.column, u.codes[0])][1]
            # a suppressed figure's base is not kept either: for a follow-up it tells how
            # many of the group were asked (e.g. that all others make home visits)
            row[f"n_{scope}"] = n if shown[scope] else None
            row[f"others_{scope}"] = n - (code is not None) if shown[scope] else None
            row[f"{scope}_shown"] = shown[scope]
        rows.append(
            {
                "topic": u.topic,
                "question": u.question.id,
                "item": u.item,
                "column": u.column,
                "label": u.label,
                "own_code": code,
                "own": label,
                # what it wrote in the option's text box ("anders: ..."); None: nothing
                "own_text": _own_text(u, answers, code) if code is not None else None,
                "previous_code": prev_code,
                "previous": prev_label,
                # a change needs an answer in both years ("n.v.t." or none is not one)
                "comparable": comparable,
                "changed": comparable and code != prev_code,
                "n_nation": nation[(u.column, u.codes[0])][1],
                **row,
            }
        )
        for c, c_label in zip(u.codes, u.labels, strict=True):
            nat = nation[(u.column, c)]
            share = {
                "question": u.question.id,
                "column": u.column,
                "code": c,
                "label": c_label,
                "own": code == c,
                "count_nation": nat[0],
                "n_nation": nat[1],
                "pct_nation": nat[2],
            }
            for scope, counts in scopes.items():
                count, n, pct = counts[(u.column, c)] if shown[scope] else (None, None, None)
                share |= {f"count_{scope}": count, f"n_{scope}": n}
                share[f"pct_{scope}"] = float("nan") if pct is None else pct
            shares.append(share)
    used = {r["topic"] for r in rows}
    synthetic = data.meta.get("synthetic", {})
    return Factsheet(
        gemeente=gemeente,
        naam=answers["gemeentenaam"],
        provincie=province,
        year=year,
        in_panel=in_panel,
        synthetic=bool(synthetic.get(str(year), False)),
        synthetic_previous=bool(synthetic.get(str(previous_year), False)),
        previous_year=previous_year,
        klasse=klasse,
        klasse_label=None if klasse is None else classes.LABELS[klasse],
        respondents=len(data.responses),
        respondents_province=len(data.members("province", province)),
        respondents_class=None if klasse is None else len(data.members("class", klasse)),
        answered_until=indicators.answered_until(data.responses),
        row_records=rows,
        share_records=shares,
        topics=[t for t in cb.topics if t["id"] in used],
        processed=_located(year, processed_root).parent,
    )
