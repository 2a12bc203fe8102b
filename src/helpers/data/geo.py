"""CBS 2023 municipality and province boundaries, and the municipality register per year.

The boundaries describe 1 January of BOUNDARY_YEAR (2023). The register of another year
follows from them and the committed CBS merger table (reference/herindelingen.csv): walked
back for earlier years, applied forward for later ones, so a new merger is one CSV line per
old municipality. Boundaries of a later year are the 2023 areas with merged municipalities
dissolved into their successor (`load_municipalities(year)`). `accepted_names` gives the
names an export may use for each code (register name plus reference/naamvarianten.csv).

The boundary files are not committed: `fetch_boundaries` puts them in a git-ignored cache
(data/external/cbs-2023), copied from a local mirror (argument or env var EEN_CBS_MIRROR)
or downloaded from one commit of cartomap/nl with a pinned sha256 (`helpers.data.sources`).
A mirror may hold another byte copy of the same layers, so every file is also checked on
content (`check_content`).

Source: CBS / PDOK "Gebiedsindelingen" 2023, generalised, CC BY 4.0: every map carries
`sources.MAP_CREDIT`.
"""

import datetime
import functools
import numbers
import os
import re
import shutil
import unicodedata
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pooch
import shapely

from helpers import paths
from helpers.data import sources

# The year whose 1 January the CBS boundary files describe. Registers of other years
# follow from the merger table; there is no last year.
BOUNDARY_YEAR = 2023
FIRST_YEAR = 2019  # the merger table starts in 2019: no register before
MIRROR_ENV = "EEN_CBS_MIRROR"
BASE_URL = sources.CBS_BOUNDARIES_URL.format(commit=sources.CBS_BOUNDARIES_COMMIT)
FILES = {layer: name for layer, (name, _) in sources.CBS_BOUNDARY_FILES.items()}
SHA256 = {name: sha for name, sha in sources.CBS_BOUNDARY_FILES.values()}
N_MUNICIPALITIES = 342  # in BOUNDARY_YEAR
PROVINCE_CODES = frozenset(f"PV{n}" for n in range(20, 32))
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


def fetch_boundaries(
    mirror: str | Path | None = None, cache: Path | None = None
) -> dict[str, Path]:
    """Return local paths of the boundary files, keyed "municipalities" and "provinces".

    Files already in `cache` are reused. Otherwise they are copied from `mirror` (or the
    folder in EEN_CBS_MIRROR) when one is given, else downloaded. Either way the caller
    reads from the cache, so there is one code path. Every file is content-checked.
    """
    cache = Path(cache) if cache is not None else paths.EXTERNAL / f"cbs-{BOUNDARY_YEAR}"
    mirror = mirror if mirror is not None else os.environ.get(MIRROR_ENV)
    cache.mkdir(parents=True, exist_ok=True)
    out = {}
    for layer, name in FILES.items():
        target = cache / name
        if not target.exists():
            if mirror:
                _copy_from_mirror(Path(mirror) / name, target)
            else:
                _download(f"{BASE_URL}/{name}", target)
        check_content(layer, target)
        out[layer] = target
    return out


def _copy_from_mirror(source: Path, target: Path) -> None:
    if not source.is_file():
        raise FileNotFoundError(
            f"{source.name} not found in mirror {source.parent} "
            f"(set {MIRROR_ENV} to a folder holding a local copy)"
        )
    partial = target.with_name(target.name + ".part")
    shutil.copyfile(source, partial)
    partial.replace(target)  # no half-copied file in the cache if interrupted


def _download(url: str, target: Path) -> None:
    known = SHA256[target.name]
    try:
        pooch.retrieve(url, known_hash=f"sha256:{known}", fname=target.name, path=target.parent)
    except Exception as err:
        # pooch's ValueError on other bytes says "hash" (and keeps no file); requests'
        # own ValueErrors (a bad URL) do not
        if isinstance(err, ValueError) and "hash" in str(err).lower():
            raise RuntimeError(
                f"{target.name} from {url} does not have the pinned sha256 {known} "
                "(helpers.data.sources): the source changed; check its content before "
                "pinning anew"
            ) from err
        raise RuntimeError(
            f"could not download {target.name} from {url} ({type(err).__name__}); "
            f"set {MIRROR_ENV} to a folder holding a local copy"
        ) from err


def _read(path: Path) -> gpd.GeoDataFrame:
    frame = gpd.read_file(path)
    # the TopoJSON carries no CRS; the coordinates are WGS84 (see PROVENANCE.md)
    return frame.set_crs(4326) if frame.crs is None else frame.to_crs(4326)


def check_content(layer: str, path: Path) -> None:
    """Check that `path` holds the expected 2023 layer; if not, delete it and raise ValueError.

    Deleting the bad file means the next run fetches it again instead of failing forever.
    """
    if layer not in FILES:
        raise KeyError(f"unknown layer {layer!r}; expected one of {list(FILES)}")
    try:
        frame = _read(path)
    except Exception as err:
        frame, problem = None, f"cannot be read ({type(err).__name__}: {err})"
    if frame is not None:
        problem = _content_problem(layer, frame)
    if problem:
        path.unlink(missing_ok=True)
        raise ValueError(f"{path} {problem}; removed it from the cache so it is fetched again")


def _content_problem(layer: str, frame: gpd.GeoDataFrame) -> str | None:
    if not {"statcode", "statnaam"} <= set(frame.columns):
        return f"lacks statcode/statnaam columns (has {list(frame.columns)})"
    if frame["statnaam"].isna().any() or frame.geometry.isna().any():
        return "has features without a name or geometry"
    codes = frame["statcode"]
    if layer == "municipalities":
        if len(frame) != N_MUNICIPALITIES:
            return f"has {len(frame)} municipalities, expected {N_MUNICIPALITIES}"
        if not codes.is_unique:
            return "has duplicate municipality codes"
        if not codes.str.fullmatch(r"GM\d{4}").all():
            return "has municipality codes not of the form GM####"
    elif layer == "provinces":
        if len(frame) != len(PROVINCE_CODES) or set(codes) != PROVINCE_CODES:
            return f"has province codes {sorted(codes)}, expected PV20..PV31"
    return None


def _repair(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """make_valid, keeping only polygonal parts (simplification left self-intersections)."""

    def polygonal(geom):
        if geom.geom_type in ("Polygon", "MultiPolygon"):
            return geom
        return shapely.union_all(
            [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
        )

    return geoms.make_valid().apply(polygonal).set_crs(geoms.crs, allow_override=True)


@functools.cache
def _provinces() -> gpd.GeoDataFrame:
    frame = _read(fetch_boundaries()["provinces"])
    frame = frame.rename(columns={"statcode": "provinciecode", "statnaam": "provincienaam"})
    frame = frame[["provinciecode", "provincienaam", "geometry"]]
    frame["geometry"] = _repair(frame.geometry)  # Zeeland is invalid as shipped
    return frame.sort_values("provinciecode", ignore_index=True)


@functools.cache
def _municipalities() -> gpd.GeoDataFrame:
    frame = _read(fetch_boundaries()["municipalities"])
    frame = frame.rename(columns={"statcode": "gemeentecode", "statnaam": "gemeentenaam"})
    frame = frame[["gemeentecode", "gemeentenaam", "geometry"]]
    frame["geometry"] = _repair(frame.geometry)  # 5 invalid as shipped, e.g. Rotterdam
    # The file has no province column: join each municipality's representative point
    # (always inside its polygon, unlike the centroid) with the provinces.
    points = frame.set_geometry(frame.representative_point())
    joined = points.sjoin(_provinces(), how="left", predicate="within")
    if joined.index.duplicated().any() or joined["provinciecode"].isna().any():
        bad = joined.loc[joined.index.duplicated(keep=False) | joined["provinciecode"].isna()]
        raise ValueError(f"no single province for {sorted(set(bad['gemeentecode']))}")
    frame[["provinciecode", "provincienaam"]] = joined[["provinciecode", "provincienaam"]]
    frame = frame[["gemeentecode", "gemeentenaam", "provinciecode", "provincienaam", "geometry"]]
    return frame.sort_values("gemeentecode", ignore_index=True)


def load_provinces() -> gpd.GeoDataFrame:
    """The 12 provinces (provinciecode, provincienaam, geometry), valid polygons, EPSG:4326.

    Names are as CBS spells them (e.g. "Fryslân"). Loaded once per process; a copy is
    returned so callers cannot alter the cached frame.
    """
    return _provinces().copy()


def load_municipalities(year: int = BOUNDARY_YEAR) -> gpd.GeoDataFrame:
    """The municipalities of `year` with their province, valid polygons, EPSG:4326.

    Columns: gemeentecode, gemeentenaam, provinciecode, provincienaam, geometry.
    BOUNDARY_YEAR (the default) gives the 342 CBS areas of 2023 as shipped. A later year
    gives those areas with every municipality merged since dissolved into its successor,
    which carries the code, name and province of that year's register. Earlier years
    have no boundaries of their own (maps draw them on the 2023 areas). Loaded once per
    process; a copy is returned.
    """
    year = _checked_year(year)
    if year < BOUNDARY_YEAR:
        raise ValueError(
            f"no boundaries for {year}: the CBS files describe {BOUNDARY_YEAR}, and areas "
            f"of municipalities merged since cannot be split off again"
        )
    if year == BOUNDARY_YEAR:
        return _municipalities().copy()
    return _dissolved(year, MERGERS).copy()


@functools.cache
def _dissolved(year: int, mergers_path: Path) -> gpd.GeoDataFrame:
    register = _register(year, mergers_path).set_index("gemeentecode")  # validates the events
    areas = _municipalities()
    successor = _successor_codes(year, mergers_path)
    frame = areas[["gemeentecode", "provinciecode", "geometry"]].assign(
        gemeentecode=areas["gemeentecode"].map(successor)
    )
    frame = frame.dissolve(by="gemeentecode", aggfunc="first", as_index=False)
    if set(frame["gemeentecode"]) != set(register.index):
        raise ValueError(f"{year}: dissolved areas do not match the register")  # a bug here
    frame["gemeentenaam"] = frame["gemeentecode"].map(register["gemeentenaam"])
    frame["provincienaam"] = frame["gemeentecode"].map(register["provincienaam"])
    frame = frame[["gemeentecode", "gemeentenaam", "provinciecode", "provincienaam", "geometry"]]
    return frame.sort_values("gemeentecode", ignore_index=True)


def _successor_codes(year: int, mergers_path: Path) -> dict[str, str]:
    """BOUNDARY_YEAR code -> the code of its area in `year` (> BOUNDARY_YEAR)."""
    mergers = _mergers(mergers_path)
    codes = {code: code for code in _municipalities()["gemeentecode"]}
    for date in _dates_between(mergers, _reference_date(BOUNDARY_YEAR), _reference_date(year)):
        event = mergers[mergers["datum"] == date]
        news = event.groupby("oude_code")["nieuwe_code"].unique()
        split = news[news.map(len) > 1]
        if len(split):
            raise ValueError(
                f"{mergers_path.name}, {date:%Y-%m-%d}: {list(split.index)} split between "
                f"several municipalities; their areas cannot be derived from the "
                f"{BOUNDARY_YEAR} boundaries"
            )
        codes = {area: news[c][0] if c in news.index else c for area, c in codes.items()}
    return codes


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
    current = _municipalities()[["gemeentecode", "gemeentenaam", "provincienaam"]]
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


def _checked_year(year) -> int:
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
    return _register(_checked_year(year), MERGERS).copy()


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
    known = set(_municipalities()["gemeentecode"])
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
    """Forget the frames loaded in this process (e.g. after switching mirror or cache)."""
    _provinces.cache_clear()
    _municipalities.cache_clear()
    _mergers.cache_clear()
    _register.cache_clear()
    _dissolved.cache_clear()
    _name_variants.cache_clear()
