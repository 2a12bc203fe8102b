"""Shared fixtures: the CBS boundaries and processed tables, made once per session.

The boundaries come from the offline mirror (EEN_CBS_MIRROR, or shared/ beside the
clone) or else from a download; with neither, every test that needs them fails and
says so (never a silent skip).

The processed tables are data/raw processed into a temporary folder, or, with
`--processed DIR`, those in DIR: `make test` passes data/processed, which `make
processed` has just brought up to date, so the data step does not run twice.

Tests marked `synthetic_data` check numbers of the shipped synthetic exports (the
published 2023 report, calibrated counts). When data/raw holds a real export for one of
those years instead, they are skipped with that reason; every other test still runs.
"""

import os
from pathlib import Path

import pytest

SHIPPED_YEARS = range(2019, 2024)  # the years data/raw ships synthetic exports for

ROOT = Path(__file__).resolve().parents[1]
MIRROR = Path(os.environ.get("EEN_CBS_MIRROR", ROOT.parent / "shared/reference/cbs-2023"))
# The CBS urbanity classes (helpers.data.classes), from their offline mirror likewise.
CLASSES_MIRROR = Path(
    os.environ.get("EEN_CBS_CLASSES_MIRROR", ROOT.parent / "shared/reference/cbs-2023-gebieden")
)


def pytest_addoption(parser):
    parser.addoption(
        "--processed",
        metavar="DIR",
        help="processed tables of every year in data/raw, up to date (make test passes "
        "data/processed after `make processed`); default: data/raw processed into a "
        "temporary folder",
    )


@pytest.fixture(scope="session")
def mirror(tmp_path_factory):
    """A folder holding the CBS boundary files, also set as EEN_CBS_MIRROR for the session
    (and the subprocesses it starts): the offline mirror, or the download cache; and
    EEN_CBS_CLASSES_MIRROR set to the classes' mirror where there is one. The
    boundary cache of the session is a temporary folder, never data/external."""
    from helpers import paths
    from helpers.data import classes, geo

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paths, "EXTERNAL", tmp_path_factory.mktemp("external"))
        if CLASSES_MIRROR.is_dir():  # without it, years build without the class comparison
            mp.setenv(classes.MIRROR_ENV, str(CLASSES_MIRROR))
        if MIRROR.is_dir():
            mp.setenv(geo.MIRROR_ENV, str(MIRROR))
        else:
            mp.delenv(geo.MIRROR_ENV, raising=False)
        try:
            files = geo.fetch_boundaries()
        except Exception as err:
            pytest.fail(
                f"the CBS boundaries are needed and not available: no mirror at {MIRROR} "
                f"(set EEN_CBS_MIRROR) and no download ({err})",
                pytrace=False,
            )
        folder = MIRROR if MIRROR.is_dir() else files["municipalities"].parent
        mp.setenv(geo.MIRROR_ENV, str(folder))
        yield folder


@pytest.fixture(autouse=True, scope="session")
def _logs_in_tmp(tmp_path_factory):
    """Log files of the command lines run in-process go to a temporary folder."""
    from helpers import paths

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paths, "LOGS", tmp_path_factory.mktemp("logs"))
        yield


@pytest.fixture(scope="session")
def processed(mirror, request, tmp_path_factory) -> Path:
    """The processed tables of every year in data/raw: the folder given with --processed,
    else data/raw processed into a temporary folder (the repository's own is left alone)."""
    from helpers import paths
    from helpers.data import codebook, process

    years = codebook.available_years(paths.RAW)
    given = request.config.getoption("--processed")
    if given:
        folder = (request.config.invocation_params.dir / given).resolve()
        missing = [y for y in years if not (folder / str(y) / "meta.json").is_file()]
        if missing:
            pytest.fail(
                f"--processed {given}: no processed tables for {missing} "
                "(run `make processed` first)",
                pytrace=False,
            )
        return folder
    out = tmp_path_factory.mktemp("processed")
    result = process.run(years, paths.RAW, out)
    assert not result.failed, result.failed
    return out


def pytest_collection_modifyitems(config, items):
    from helpers import paths
    from helpers.data import rawdata

    # Modules with a test marked `slow` run first, so that with `pytest -n` (make test)
    # they start early and the workers finish together.
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)  # stable
    real = [y for y in SHIPPED_YEARS if not rawdata.is_synthetic(y, paths.RAW)]
    if not real:
        return
    skip = pytest.mark.skip(
        reason=f"data/raw holds real exports for {', '.join(map(str, real))}, "
        "not the shipped synthetic ones these numbers are about"
    )
    for item in items:
        if "synthetic_data" in item.keywords:
            item.add_marker(skip)
