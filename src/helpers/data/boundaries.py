"""The CBS boundary files of 1 January BOUNDARY_YEAR (2023): fetched, checked, repaired.

The files are not committed: `fetch_boundaries` puts them in a git-ignored cache
(data/external/cbs-2023), copied from a local mirror (argument or env var EEN_CBS_MIRROR)
or downloaded from one commit of cartomap/nl with a pinned sha256 (`helpers.data.sources`).
A mirror may hold another byte copy of the same layers, so every file is also checked on
content (`check_content`). `municipalities()` and `provinces()` are the layers as frames,
with valid polygons and each municipality's province; the register of other years
(`helpers.data.registers`) and the areas of later years (`helpers.data.geo`) start there.

Source: CBS / PDOK "Gebiedsindelingen" 2023, generalised, CC BY 4.0: every map carries
`sources.MAP_CREDIT`.
"""

import functools
import os
import shutil
from pathlib import Path

import geopandas as gpd
import pooch
import shapely

from helpers import paths
from helpers.data import sources

# The year whose 1 January the CBS boundary files describe. Registers of other years
# follow from the merger table; there is no last year.
BOUNDARY_YEAR = 2023
MIRROR_ENV = "EEN_CBS_MIRROR"
BASE_URL = sources.CBS_BOUNDARIES_URL.format(commit=sources.CBS_BOUNDARIES_COMMIT)
FILES = {layer: name for layer, (name, _) in sources.CBS_BOUNDARY_FILES.items()}
SHA256 = {name: sha for name, sha in sources.CBS_BOUNDARY_FILES.values()}
N_MUNICIPALITIES = 342  # in BOUNDARY_YEAR
PROVINCE_CODES = frozenset(f"PV{n}" for n in range(20, 32))


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
def provinces() -> gpd.GeoDataFrame:
    """The 12 provinces (provinciecode, provincienaam, geometry); cached: do not alter."""
    frame = _read(fetch_boundaries()["provinces"])
    frame = frame.rename(columns={"statcode": "provinciecode", "statnaam": "provincienaam"})
    frame = frame[["provinciecode", "provincienaam", "geometry"]]
    frame["geometry"] = _repair(frame.geometry)  # Zeeland is invalid as shipped
    return frame.sort_values("provinciecode", ignore_index=True)


@functools.cache
def municipalities() -> gpd.GeoDataFrame:
    """The 342 municipalities of BOUNDARY_YEAR with their province; cached: do not alter."""
    frame = _read(fetch_boundaries()["municipalities"])
    frame = frame.rename(columns={"statcode": "gemeentecode", "statnaam": "gemeentenaam"})
    frame = frame[["gemeentecode", "gemeentenaam", "geometry"]]
    frame["geometry"] = _repair(frame.geometry)  # 5 invalid as shipped, e.g. Rotterdam
    # The file has no province column: join each municipality's representative point
    # (always inside its polygon, unlike the centroid) with the provinces.
    points = frame.set_geometry(frame.representative_point())
    joined = points.sjoin(provinces(), how="left", predicate="within")
    if joined.index.duplicated().any() or joined["provinciecode"].isna().any():
        bad = joined.loc[joined.index.duplicated(keep=False) | joined["provinciecode"].isna()]
        raise ValueError(f"no single province for {sorted(set(bad['gemeentecode']))}")
    frame[["provinciecode", "provincienaam"]] = joined[["provinciecode", "provincienaam"]]
    frame = frame[["gemeentecode", "gemeentenaam", "provinciecode", "provincienaam", "geometry"]]
    return frame.sort_values("gemeentecode", ignore_index=True)


def clear_cache() -> None:
    """Forget the layers loaded in this process (e.g. after switching mirror or cache)."""
    provinces.cache_clear()
    municipalities.cache_clear()
