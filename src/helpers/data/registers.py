"""The municipality register of any year from FIRST_YEAR on, and the names an export may use.

The register of BOUNDARY_YEAR is that of the CBS boundary files (`helpers.data.boundaries`).
Other years follow from it and the committed CBS merger table (reference/herindelingen.csv):
walked back for earlier years, applied forward for later ones, so a new merger is one CSV
line per old municipality. `accepted_names` gives the names an export may use for each
code (register name plus reference/naamvarianten.csv).
"""

import datetime
import functools
import numbers
import re
import unicodedata
from pathlib import Path

import pandas as pd

from helpers.data.boundaries import BOUNDARY_YEAR, municipalities

FIRST_YEAR = 2019  # the merger table starts in 2019: no register before
REFERENCE = Path(__file__).with_name("reference")
MERGERS = REFERENCE / "herindelingen.csv"
MERGER_COLUMNS = ["datum", "oude_code", "oude_naam", "nieuwe_code", "nieuwe_naam"]
NAME_VARIANTS = REFERENCE / "naamvarianten.csv"
NAME_VARIANT_COLUMNS = ["gemeentecode", "naam"]
# Characters a name comparison ignores besides whitespace: hyphens/dashes and quotes.
IGNORED_IN_NAMES = frozenset(
    "-\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphen-minus, hyphens, dashes, minus
    "'\"`\u00b4\u02bc\u2018\u2019\u201a\u201b\u201c\u201d\u201e"  # apostrophes, quotes
)


def _reference_date(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def _dates_between(mergers: pd.DataFrame, after: datetime.date, upto: datetime.date) -> list:
    """The merger dates d with after < d <= upto, in order."""
    return sorted({d for d in mergers["datum"] if after < d <= upto})


def _read_table(path: Path, columns: list[str]) -> pd.DataFrame:
    """A committed ;-separated UTF-8 table with exactly `columns`, every cell filled."""
    table = pd.read_csv(path, sep=";", dtype=str, encoding="utf-8", keep_default_na=False)
    if list(table.columns) != columns:
        raise ValueError(f"{path.name}: columns {list(table.columns)}, expected {columns}")
    empty = table.index[(table == "").any(axis=1)]
    if len(empty):
        raise ValueError(f"{path.name}, row {empty[0] + 2}: empty cell")
    for column in [c for c in columns if c.endswith("code")]:
        bad = table.index[~table[column].str.fullmatch(r"GM\d{4}")]
        if len(bad):
            value = table.loc[bad[0], column]
            raise ValueError(f"{path.name}, row {bad[0] + 2}: {column} {value!r} is not GM####")
    return table


@functools.cache
def _mergers(path: Path) -> pd.DataFrame:
    """The merger table with `datum` as datetime.date, checked line by line."""
    table = _read_table(path, MERGER_COLUMNS)
    dates = []
    for row, value in zip(table.index + 2, table["datum"], strict=True):
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            dates.append(datetime.date.fromisoformat(value))
        except ValueError:
            raise ValueError(f"{path.name}, row {row}: datum {value!r} is not YYYY-MM-DD") from None
    table["datum"] = dates
    repeated = table.index[table.duplicated(["datum", "oude_code", "nieuwe_code"])]
    if len(repeated):
        raise ValueError(f"{path.name}, row {repeated[0] + 2}: repeats an earlier line")
    return table


def merger_table() -> pd.DataFrame:
    """The validated merger table (MERGER_COLUMNS; `datum` as datetime.date)."""
    return _mergers(MERGERS).copy()


@functools.cache
def _register(year: int, mergers_path: Path) -> pd.DataFrame:
    """The register on 1 January of `year`, from the BOUNDARY_YEAR geodata and the mergers.

    Earlier years: walk back one merger date at a time (`_undo`). Later years: apply every
    merger dated after 1 January BOUNDARY_YEAR and on or before 1 January `year` (`_apply`).
    Cached per table path, so pointing MERGERS elsewhere (tests) gives fresh registers.
    """
    mergers = _mergers(mergers_path)
    current = municipalities()[["gemeentecode", "gemeentenaam", "provincienaam"]]
    current = current.set_index("gemeentecode")
    boundary, day = _reference_date(BOUNDARY_YEAR), _reference_date(year)
    if year <= BOUNDARY_YEAR:
        for date in reversed(_dates_between(mergers, day, boundary)):
            current = _undo(current, mergers[mergers["datum"] == date], date, mergers_path)
    else:
        for date in _dates_between(mergers, boundary, day):
            current = _apply(current, mergers[mergers["datum"] == date], date, mergers_path)
    return current.reset_index().sort_values("gemeentecode", ignore_index=True)


def _check_listed(
    current: pd.DataFrame, event: pd.DataFrame, side: str, which: str, register: str, where: str
) -> None:
    """The `side` ("oude"/"nieuwe") codes of a merger event are in `current`, by the same names."""
    codes, names = event[f"{side}_code"], event[f"{side}_naam"]
    missing = set(codes) - set(current.index)
    if missing:
        raise ValueError(f"{where}: {which} codes {sorted(missing)} not in the {register} register")
    differ = codes.map(current["gemeentenaam"]) != names
    if differ.any():
        bad = sorted(set(names[differ]))
        raise ValueError(f"{where}: {which} names {bad} differ from the {register} register")


def _undo(
    current: pd.DataFrame, event: pd.DataFrame, date: datetime.date, path: Path
) -> pd.DataFrame:
    """Undo one merger date: drop every new code and restore every old code.

    A municipality that absorbs others but keeps its code (Amsterdam taking in Weesp) is
    therefore listed with itself as old and new; so are the four that split Haaren between
    them. A restored municipality gets its successor's province (all successors must agree).
    """
    where = f"{path.name}, {date:%Y-%m-%d}"
    _check_listed(current, event, "nieuwe", "new", "later", where)
    dissolved = event[event["oude_code"] != event["nieuwe_code"]]
    present = set(dissolved["oude_code"]) & set(current.index)
    if present:
        raise ValueError(f"{where}: dissolved codes {sorted(present)} still in the later register")
    provinces = dissolved["nieuwe_code"].map(current["provincienaam"])
    per_old = provinces.groupby(dissolved["oude_code"]).unique()
    split = per_old[per_old.map(len) > 1]
    if len(split):
        raise ValueError(f"{where}: successors of {list(split.index)} lie in several provinces")
    old = event.drop_duplicates("oude_code").set_index("oude_code")
    restored = pd.DataFrame(
        {
            "gemeentenaam": old["oude_naam"],
            "provincienaam": old["nieuwe_code"].map(current["provincienaam"]),
        }
    ).rename_axis("gemeentecode")
    return pd.concat([current.drop(index=list(set(event["nieuwe_code"]))), restored])


def _apply(
    current: pd.DataFrame, event: pd.DataFrame, date: datetime.date, path: Path
) -> pd.DataFrame:
    """Apply one merger date: drop every old code and add every new code (mirror of `_undo`).

    A new municipality takes the province of its predecessors, which must all agree.
    """
    where = f"{path.name}, {date:%Y-%m-%d}"
    _check_listed(current, event, "oude", "old", "earlier", where)
    taken = (set(event["nieuwe_code"]) & set(current.index)) - set(event["oude_code"])
    if taken:
        raise ValueError(
            f"{where}: new codes {sorted(taken)} already exist (a municipality that "
            f"continues is listed with itself as old and new)"
        )
    new_names = event.groupby("nieuwe_code")["nieuwe_naam"].unique()
    renamed = new_names[new_names.map(len) > 1]
    if len(renamed):
        raise ValueError(f"{where}: new codes {list(renamed.index)} have several names")
    provinces = event["oude_code"].map(current["provincienaam"]).groupby(event["nieuwe_code"])
    provinces = provinces.unique()
    split = provinces[provinces.map(len) > 1]
    if len(split):
        code = split.index[0]
        raise ValueError(
            f"{where}: the predecessors of {code} {new_names[code][0]} lie in several "
            f"provinces ({', '.join(sorted(split[code]))})"
        )
    created = pd.DataFrame(
        {
            "gemeentenaam": new_names.map(lambda v: v[0]),
            "provincienaam": provinces.map(lambda v: v[0]),
        }
    ).rename_axis("gemeentecode")
    return pd.concat([current.drop(index=list(set(event["oude_code"]))), created])


def successor_codes(year: int) -> dict[str, str]:
    """BOUNDARY_YEAR code -> the code of its area in `year` (> BOUNDARY_YEAR)."""
    mergers = _mergers(MERGERS)
    codes = {code: code for code in municipalities()["gemeentecode"]}
    for date in _dates_between(mergers, _reference_date(BOUNDARY_YEAR), _reference_date(year)):
        event = mergers[mergers["datum"] == date]
        news = event.groupby("oude_code")["nieuwe_code"].unique()
        split = news[news.map(len) > 1]
        if len(split):
            raise ValueError(
                f"{MERGERS.name}, {date:%Y-%m-%d}: {list(split.index)} split between "
                f"several municipalities; their areas cannot be derived from the "
                f"{BOUNDARY_YEAR} boundaries"
            )
        codes = {area: news[c][0] if c in news.index else c for area, c in codes.items()}
    return codes


def checked_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise ValueError(f"year must be an integer {FIRST_YEAR} or later, got {year!r}")
    if year < FIRST_YEAR:
        raise ValueError(f"no register for {year}; supported years: {FIRST_YEAR} and later")
    return int(year)


def municipality_register(year: int) -> pd.DataFrame:
    """Municipalities existing on 1 January of `year` (gemeentecode, gemeentenaam, provincienaam).

    1 January is the CBS reference date for a year's municipal classification, and gives
    the CBS counts 355, 355, 352, 345, 342 for 2019-2023. A merger dated on or before
    1 January counts as done; Weesp (merged into Amsterdam on 24 March 2022) is in 2022.
    Up to BOUNDARY_YEAR continuing municipalities carry their 2023 name; after it the
    register is 2023's with the later mergers of the table applied. Any year from
    FIRST_YEAR on is supported.
    """
    return _register(checked_year(year), MERGERS).copy()


def province_of(codes: pd.Series, year: int) -> pd.Series:
    """Province name for each municipality code as of `year`; missing codes stay missing.

    A code that did not exist in `year` raises ValueError rather than silently giving NaN.
    """
    register = municipality_register(year).set_index("gemeentecode")["provincienaam"]
    unknown = sorted(set(codes.dropna()) - set(register.index))
    if unknown:
        raise ValueError(f"codes not in the {year} register: {unknown[:10]}")
    return codes.map(register).rename("provincienaam")


def normalise_name(name: str) -> str:
    """`name` for comparison: case-folded, without diacritics, whitespace, hyphens, quotes.

    "Súdwest-Fryslân" and "sudwest fryslan" give the same, as do "'s-Hertogenbosch" and
    "s Hertogenbosch". Other punctuation counts: "Bergen (NH.)" is not "Bergen NH".
    """
    if not isinstance(name, str):
        raise TypeError(f"a municipality name must be a string, got {name!r}")
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(
        c
        for c in decomposed
        if not unicodedata.combining(c) and not c.isspace() and c not in IGNORED_IN_NAMES
    )


@functools.cache
def _name_variants(path: Path, mergers_path: Path) -> pd.DataFrame:
    table = _read_table(path, NAME_VARIANT_COLUMNS)
    known = set(municipalities()["gemeentecode"])
    mergers = _mergers(mergers_path)
    known |= set(mergers["oude_code"]) | set(mergers["nieuwe_code"])
    unknown = table.index[~table["gemeentecode"].isin(known)]
    if len(unknown):
        code = table.loc[unknown[0], "gemeentecode"]
        raise ValueError(f"{path.name}, row {unknown[0] + 2}: no municipality has code {code}")
    return table


def accepted_names(year: int, register: pd.DataFrame | None = None) -> dict[str, set[str]]:
    """Each code of the `year` register -> the normalised names an export may give it.

    The register's name plus the aliases in reference/naamvarianten.csv (names a survey
    export may use that differ from CBS, e.g. "Den Haag" for "'s-Gravenhage"). An alias
    that is the register name of another municipality of `year` is an error.
    `register` replaces the `year` register (validation tests inject a small one).
    """
    register = municipality_register(year) if register is None else register
    accepted = {
        code: {normalise_name(name)}
        for code, name in zip(register["gemeentecode"], register["gemeentenaam"], strict=True)
    }
    owner = {next(iter(names)): code for code, names in accepted.items()}
    variants = _name_variants(NAME_VARIANTS, MERGERS)
    for code, alias in zip(variants["gemeentecode"], variants["naam"], strict=True):
        if code not in accepted:
            continue  # a municipality of another year
        name = normalise_name(alias)
        if owner.get(name, code) != code:
            raise ValueError(
                f"{NAME_VARIANTS.name}: {alias!r} for {code} is the name of {owner[name]} in {year}"
            )
        accepted[code].add(name)
    return accepted


def clear_cache() -> None:
    """Forget the tables read in this process (tests point MERGERS elsewhere)."""
    _mergers.cache_clear()
    _register.cache_clear()
    _name_variants.cache_clear()
