"""CBS 2023 municipality and province boundaries, and the municipality register per year.

The boundary files are not committed: `fetch_boundaries` puts them in a git-ignored cache
(data/external/cbs-2023), copied from a local mirror (argument or env var EEN_CBS_MIRROR)
or downloaded from cartomap/nl. Byte copies of the files differ between sources, so
integrity is checked on content (`check_content`), not on a hash.

Source: CBS / PDOK "Gebiedsindelingen" 2023, generalised, CC BY 4.0 (attribute "CBS / PDOK").
"""

import functools
import numbers
import os
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pooch
import shapely

from helpers import paths

MIRROR_ENV = "EEN_CBS_MIRROR"
BASE_URL = "https://cartomap.github.io/nl/wgs84"
FILES = {
    "municipalities": "gemeente_2023.geojson",
    "provinces": "provincie_2023.topojson",
}
N_MUNICIPALITIES = 342
PROVINCE_CODES = frozenset(f"PV{n}" for n in range(20, 32))
FIRST_YEAR, LAST_YEAR = 2019, 2023  # mergers before 2019 and after 2023 are not in the table
MERGERS = Path(__file__).with_name("reference") / "herindelingen.csv"


def fetch_boundaries(
    mirror: str | Path | None = None, cache: Path | None = None
) -> dict[str, Path]:
    """Return local paths of the boundary files, keyed "municipalities" and "provinces".

    Files already in `cache` are reused. Otherwise they are copied from `mirror` (or the
    folder in EEN_CBS_MIRROR) when one is given, else downloaded. Either way the caller
    reads from the cache, so there is one code path. Every file is content-checked.
    """
    cache = Path(cache) if cache is not None else paths.EXTERNAL / "cbs-2023"
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
    # known_hash=None: the copies online change byte-wise; check_content is the integrity check
    try:
        pooch.retrieve(url, known_hash=None, fname=target.name, path=target.parent)
    except Exception as err:
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


def load_municipalities() -> gpd.GeoDataFrame:
    """The 342 municipalities of 2023 with their province, valid polygons, EPSG:4326.

    Columns: gemeentecode, gemeentenaam, provinciecode, provincienaam, geometry.
    Loaded once per process; a copy is returned.
    """
    return _municipalities().copy()


@functools.cache
def _registers() -> dict[int, pd.DataFrame]:
    """Walk back from the 2023 geodata through the merger table, one merger date at a time.

    Undoing a merger date drops every new code and restores every old code. A municipality
    that absorbs others but keeps its code (Amsterdam taking in Weesp) is therefore listed
    with itself as old and new; so are the four that split Haaren between them. A restored
    municipality gets its successor's province (all successors must agree).
    """
    mergers = pd.read_csv(MERGERS, sep=";", dtype=str, encoding="utf-8")
    mergers["datum"] = pd.to_datetime(mergers["datum"], format="%Y-%m-%d")
    current = _municipalities()[["gemeentecode", "gemeentenaam", "provincienaam"]]
    current = current.set_index("gemeentecode")
    dates = sorted(mergers["datum"].unique(), reverse=True)
    registers, undone = {}, 0
    for year in range(LAST_YEAR, FIRST_YEAR - 1, -1):
        while undone < len(dates) and dates[undone] > pd.Timestamp(year=year, month=1, day=1):
            date = dates[undone]
            current = _undo(current, mergers[mergers["datum"] == date], date)
            undone += 1
        registers[year] = current.reset_index().sort_values("gemeentecode", ignore_index=True)
    return registers


def _undo(current: pd.DataFrame, event: pd.DataFrame, date: pd.Timestamp) -> pd.DataFrame:
    where = f"{MERGERS.name}, {date:%Y-%m-%d}"
    missing = set(event["nieuwe_code"]) - set(current.index)
    if missing:
        raise ValueError(f"{where}: new codes {sorted(missing)} not in the later register")
    names = event["nieuwe_code"].map(current["gemeentenaam"])
    if (names != event["nieuwe_naam"]).any():
        bad = sorted(set(event.loc[names != event["nieuwe_naam"], "nieuwe_naam"]))
        raise ValueError(f"{where}: new names {bad} differ from the later register")
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


def municipality_register(year: int) -> pd.DataFrame:
    """Municipalities existing on 1 January of `year` (gemeentecode, gemeentenaam, provincienaam).

    1 January is the CBS reference date for a year's municipal classification, and gives
    the CBS counts 355, 355, 352, 345, 342 for 2019-2023. A merger dated 1 January counts
    as done on that day; Weesp (merged into Amsterdam on 24 March 2022) is in 2022.
    Continuing municipalities carry their 2023 name. Supported years: 2019-2023.
    """
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise ValueError(f"year must be an integer {FIRST_YEAR}-{LAST_YEAR}, got {year!r}")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"no register for {year}; supported years: {FIRST_YEAR}-{LAST_YEAR}")
    return _registers()[int(year)].copy()


def province_of(codes: pd.Series, year: int) -> pd.Series:
    """Province name for each municipality code as of `year`; missing codes stay missing.

    A code that did not exist in `year` raises ValueError rather than silently giving NaN.
    """
    register = municipality_register(year).set_index("gemeentecode")["provincienaam"]
    unknown = sorted(set(codes.dropna()) - set(register.index))
    if unknown:
        raise ValueError(f"codes not in the {year} register: {unknown[:10]}")
    return codes.map(register).rename("provincienaam")


def clear_cache() -> None:
    """Forget the frames loaded in this process (e.g. after switching mirror or cache)."""
    _provinces.cache_clear()
    _municipalities.cache_clear()
    _registers.cache_clear()
