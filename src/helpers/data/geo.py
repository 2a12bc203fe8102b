"""The map areas of a year: the CBS provinces and the municipalities of that year.

The boundary files describe BOUNDARY_YEAR (`helpers.data.boundaries`). A later year's
municipalities are those areas with every municipality merged since dissolved into its
successor (`helpers.data.registers`). Earlier years have no areas of their own: their
maps draw on the BOUNDARY_YEAR areas.
"""

import functools
from pathlib import Path

import geopandas as gpd

from helpers.data import boundaries, registers
from helpers.data.boundaries import BOUNDARY_YEAR


def load_provinces() -> gpd.GeoDataFrame:
    """The 12 provinces (provinciecode, provincienaam, geometry), valid polygons, EPSG:4326.

    Names are as CBS spells them (e.g. "Fryslân"). Loaded once per process; a copy is
    returned so callers cannot alter the cached frame.
    """
    return boundaries.provinces().copy()


def load_municipalities(year: int = BOUNDARY_YEAR) -> gpd.GeoDataFrame:
    """The municipalities of `year` with their province, valid polygons, EPSG:4326.

    Columns: gemeentecode, gemeentenaam, provinciecode, provincienaam, geometry.
    BOUNDARY_YEAR (the default) gives the 342 CBS areas of 2023 as shipped. A later year
    gives those areas with every municipality merged since dissolved into its successor,
    which carries the code, name and province of that year's register. Earlier years
    have no boundaries of their own (maps draw them on the 2023 areas). Loaded once per
    process; a copy is returned.
    """
    year = registers.checked_year(year)
    if year < BOUNDARY_YEAR:
        raise ValueError(
            f"no boundaries for {year}: the CBS files describe {BOUNDARY_YEAR}, and areas "
            f"of municipalities merged since cannot be split off again"
        )
    if year == BOUNDARY_YEAR:
        return boundaries.municipalities().copy()
    return _dissolved(year, registers.MERGERS).copy()


@functools.cache
def _dissolved(year: int, mergers: Path) -> gpd.GeoDataFrame:
    """Cached per merger table (`mergers`, read through registers.MERGERS), as the register."""
    listed = registers.municipality_register(year).set_index("gemeentecode")
    areas = boundaries.municipalities()
    successor = registers.successor_codes(year)
    frame = areas[["gemeentecode", "provinciecode", "geometry"]].assign(
        gemeentecode=areas["gemeentecode"].map(successor)
    )
    frame = frame.dissolve(by="gemeentecode", aggfunc="first", as_index=False)
    if set(frame["gemeentecode"]) != set(listed.index):
        raise ValueError(f"{year}: dissolved areas do not match the register")  # a bug here
    frame["gemeentenaam"] = frame["gemeentecode"].map(listed["gemeentenaam"])
    frame["provincienaam"] = frame["gemeentecode"].map(listed["provincienaam"])
    frame = frame[["gemeentecode", "gemeentenaam", "provinciecode", "provincienaam", "geometry"]]
    return frame.sort_values("gemeentecode", ignore_index=True)


def clear_cache() -> None:
    """Forget every frame and table loaded in this process (boundaries, register, areas)."""
    boundaries.clear_cache()
    registers.clear_cache()
    _dissolved.cache_clear()
