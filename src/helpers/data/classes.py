"""CBS urbanity class ("stedelijkheid") of every municipality of a year: the peer group
"vergelijkbare gemeenten" beside the province and the country.

    classes.load(2023)     # gemeentecode -> class 1..5 (Int64), or None: no file for 2023
    classes.LABELS[1]      # "zeer sterk stedelijk"

CBS gives each municipality a class by the density of addresses around its addresses
(omgevingsadressendichtheid): 1 zeer sterk stedelijk (2500 or more per km²), 2 sterk
(1500-2500), 3 matig (1000-1500), 4 weinig (500-1000), 5 niet stedelijk (under 500).
Only this class is used, not the size class: every further grouping is one more figure a
neighbour's answer could be worked out from (docs/factsheets-and-monitor.md, "Similar
municipalities").

The file of a year (`sources.CBS_CLASSES_FILE`: columns gemeentecode and stedelijkheid,
others ignored) is not committed. It is read from a mirror folder (argument or env var
EEN_CBS_CLASSES_MIRROR; the Makefile sets it when ../shared/reference/cbs-2023-gebieden
exists), or from the git-ignored cache data/external/cbs-gebieden/ when no mirror holds
it; a file that passed its checks is copied into the cache. It is checked on content:
exactly the codes of that year's register (`registers.municipality_register`), each with a
class 1..5; a year pinned in `sources` must also have exactly those bytes. There is no
download: StatLine's table and column names change every year, so
docs/factsheets-and-monitor.md says how to make the file. A year without a file has no
classes (`load` gives None), and what compares with similar municipalities leaves that
comparison out; it is never guessed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.data import rawdata, sources
from helpers.files import write_bytes_if_changed

MIRROR_ENV = "EEN_CBS_CLASSES_MIRROR"
CACHE = "cbs-gebieden"  # in data/external/
COLUMN = "stedelijkheid"  # in the file, and in the processed responses
LABELS = {  # CBS's names of the classes, lower case as they stand in a sentence
    1: "zeer sterk stedelijk",
    2: "sterk stedelijk",
    3: "matig stedelijk",
    4: "weinig stedelijk",
    5: "niet stedelijk",
}


def file_name(year: int | str) -> str:
    return sources.CBS_CLASSES_FILE.format(year=year)


def source(year: int) -> str:
    """Where the classes of `year` come from, in words (meta.json, README)."""
    return sources.CBS_CLASSES_SOURCE.format(year=year)


def _mirror(mirror: str | Path | None) -> Path | None:
    mirror = mirror if mirror is not None else os.environ.get(MIRROR_ENV)
    return Path(mirror) if mirror else None


def _cache(cache: str | Path | None) -> Path:
    return Path(cache) if cache is not None else paths.EXTERNAL / CACHE


def located(year: int, mirror=None, cache=None) -> Path | None:
    """The file the classes of `year` would be read from: the mirror's copy when it has
    one (so a changed mirror counts), else the cached copy, else None."""
    for folder in (_mirror(mirror), _cache(cache)):
        if folder is not None and (folder / file_name(year)).is_file():
            return folder / file_name(year)
    return None


def digest(years) -> str:
    """sha256 over the class files of `years` that exist (`located`): the data step's
    staleness (`helpers.data.stamp`) changes when a file appears, goes or changes."""
    h = hashlib.sha256()
    for year in sorted(years):
        path = located(year)
        h.update(f"{year}:".encode())
        h.update(hashlib.sha256(path.read_bytes()).hexdigest().encode() if path else b"-")
    return h.hexdigest()


def _check_pinned(year: int, origin: Path, data: bytes) -> None:
    pinned = sources.CBS_CLASSES_SHA256.get(year)
    actual = hashlib.sha256(data).hexdigest()
    if pinned and actual != pinned:
        raise ValueError(
            f"{origin}: sha256 {actual}, not the {pinned} pinned for {year} in "
            "helpers.data.sources; check the file's content before pinning anew"
        )


def load(year: int, mirror=None, cache=None) -> pd.Series | None:
    """The class (1..5, Int64) of every municipality of the `year` register, indexed by
    gemeentecode; None when there is no file for `year`. ValueError naming the file, row,
    column and value when the file is not the classes of that register.

    The file is read where `located` finds it (a CSV as Excel saves it, like an export:
    `;`- or `,`-separated, UTF-8 or Windows-1252) and copied into the cache only once it
    has passed every check, so a rejected file never stands in for a missing one."""
    origin = located(year, mirror, cache)
    if origin is None:
        return None
    data = origin.read_bytes()
    _check_pinned(year, origin, data)
    table = rawdata.read_csv_text(origin)  # every value a string or None; index: file row
    missing = {"gemeentecode", COLUMN} - set(table.columns)
    if missing:
        raise ValueError(
            f"{origin}: no column {', '.join(sorted(missing))} (has {list(table.columns)})"
        )
    table = table.fillna("")
    from helpers.data.registers import municipality_register  # geopandas only when read

    register = municipality_register(year).set_index("gemeentecode")
    problems = []  # all of them at once, one a line
    for i, code, value in zip(table.index, table["gemeentecode"], table[COLUMN], strict=True):
        if code not in register.index:
            problems.append(
                f"{origin}, row {i}, column gemeentecode: {code!r} is not a municipality "
                f"of the {year} register"
            )
        if value.strip() not in {str(k) for k in LABELS}:
            problems.append(f"{origin}, row {i}, column {COLUMN}: {value!r} is not a class 1..5")
    for i in table.index[table["gemeentecode"].duplicated()]:
        problems.append(
            f"{origin}, row {i}, column gemeentecode: {table.loc[i, 'gemeentecode']} is given twice"
        )
    for code in register.index.difference(table["gemeentecode"]):
        problems.append(
            f"{origin}: no row for {code} ({register.loc[code, 'gemeentenaam']}) of the "
            f"{year} register"
        )
    if problems:
        raise ValueError("\n".join(problems))
    target = _cache(cache) / file_name(year)
    if origin != target:
        write_bytes_if_changed(target, data)
    out = table.set_index("gemeentecode")[COLUMN].str.strip().astype("Int64")
    return out.rename(COLUMN).sort_index()
