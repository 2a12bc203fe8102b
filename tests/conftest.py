"""Shared fixtures: the CBS boundaries and processed tables, made once per session.

The boundaries come from the offline mirror (EEN_CBS_MIRROR, or shared/ beside the
clone) or else from a download; with neither, every test that needs them fails and
says so (never a silent skip). The CBS urbanity classes of the years pinned in
helpers.data.sources (2023), which the shipped data's class figures need, come from
their mirror (EEN_CBS_CLASSES_MIRROR, or shared/ beside the clone) or else from the
cache a data step filled (data/external/cbs-gebieden/); with neither, likewise.

The processed tables are data/raw processed into a temporary folder, or, with
`--processed DIR`, those in DIR: `make test` passes data/processed, which `make
processed` has just brought up to date, so the data step does not run twice.

Tests marked `synthetic_data` check numbers of the shipped synthetic exports (the
published 2023 report, calibrated counts). When data/raw holds a real export for one of
those years instead, they are skipped with that reason; every other test still runs.
"""

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
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
    EEN_CBS_CLASSES_MIRROR set to a folder holding the class files of the pinned years.
    The boundary cache of the session is a temporary folder, never data/external."""
    from helpers import paths
    from helpers.data import boundaries, classes, sources

    pinned = sorted(sources.CBS_CLASSES_SHA256)
    cache = paths.EXTERNAL / classes.CACHE  # filled by a data step with a mirror
    holding = [
        folder
        for folder in (CLASSES_MIRROR, cache)
        if all((folder / classes.file_name(y)).is_file() for y in pinned)
    ]
    if not holding:
        pytest.fail(
            f"the CBS urbanity classes of {', '.join(map(str, pinned))} are needed and not "
            f"available: not in {CLASSES_MIRROR} (set EEN_CBS_CLASSES_MIRROR) nor in {cache} "
            "(docs/factsheets-and-monitor.md, 'Similar municipalities')",
            pytrace=False,
        )
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paths, "EXTERNAL", tmp_path_factory.mktemp("external"))
        mp.setenv(classes.MIRROR_ENV, str(holding[0]))
        if MIRROR.is_dir():
            mp.setenv(boundaries.MIRROR_ENV, str(MIRROR))
        else:
            mp.delenv(boundaries.MIRROR_ENV, raising=False)
        try:
            files = boundaries.fetch_boundaries()
        except Exception as err:
            pytest.fail(
                f"the CBS boundaries are needed and not available: no mirror at {MIRROR} "
                f"(set EEN_CBS_MIRROR) and no download ({err})",
                pytrace=False,
            )
        folder = MIRROR if MIRROR.is_dir() else files["municipalities"].parent
        mp.setenv(boundaries.MIRROR_ENV, str(folder))
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


@dataclass(frozen=True)
class Written:
    """Every respondent's monitor and factsheet of one year, as `make monitor factsheets`
    leave them under a reports root: `root/<year>/monitor`, `root/<year>/factsheets`."""

    root: Path
    monitors: object  # helpers.monitor.batch.BatchResult
    factsheets: object  # helpers.factsheets.batch.BatchResult


WRITTEN_YEAR = 2023


@pytest.fixture(scope="session")
def written(processed, tmp_path_factory) -> Written:
    """The monitors and factsheets of 2023, written once for the whole run: by the first
    pytest-xdist worker that asks, while the others wait for it (filelock), into a folder
    beside the workers' own that every test only reads (its files are made read-only, so
    a test that writes there fails, unless it runs as root). A failed batch fails every
    worker at once. Keyed by the processed folder: workers that made their own (no
    --processed) each write their own. The lists of files are those on disk."""
    from filelock import FileLock

    from helpers.factsheets import batch as factsheets
    from helpers.monitor import batch as monitors

    year, shared = WRITTEN_YEAR, tmp_path_factory.getbasetemp()
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:  # gw0, gw1, ...: their base folders share a parent
        shared = shared.parent
    root = shared / f"written-{hashlib.sha256(str(processed).encode()).hexdigest()[:12]}"
    failed = root.with_suffix(".failed")  # what went wrong, for the workers that wait
    with FileLock(f"{root}.lock"):
        if failed.exists():
            pytest.fail(f"the batch failed on another worker: {failed.read_text()}")
        if not root.is_dir():
            staging = shared / f"{root.name}.{worker or 'main'}"
            shutil.rmtree(staging, ignore_errors=True)
            for batch in (monitors, factsheets):
                result = batch.run_batch(
                    year, target=batch.out_dir(year, staging), processed_root=processed,
                    progress=False,
                )  # fmt: skip
                if result.failures:
                    failed.write_text(json.dumps(result.failures, ensure_ascii=False))
                    pytest.fail(f"{batch.__name__}: {result.failures}")
            # read-only, but no more open than the batch left it (its folders are private)
            for path in sorted([staging, *staging.rglob("*")], reverse=True):  # files first
                path.chmod(path.stat().st_mode & ~0o222)
            staging.rename(root)  # complete or absent, never half-written
    folder = monitors.out_dir(year, root)
    pages = monitors.BatchResult(year, folder, sorted(folder.glob("GM*.html")), {}, 0.0)
    folder = factsheets.out_dir(year, root)
    files = sorted(folder.glob("GM*.*"), key=lambda p: (p.stem, p.suffix != ".html"))
    return Written(root, pages, factsheets.BatchResult(year, folder, files, {}, 0.0))


def pytest_collection_modifyitems(config, items):
    from helpers import paths
    from helpers.data import rawdata
    from helpers.report import chapters

    # nbval runs the notebooks that only JupyterLab runs (the factsheet's). A chapter
    # notebook is executed by papermill as the build executes it, in test_build.py (2023,
    # 2022) and test_new_year.py; running it a second time under nbval would add nothing
    # but its time. Its JupyterLab defaults: test_build's parameters-cell test.
    named = {(config.invocation_params.dir / a.split("::")[0]).resolve() for a in config.args}
    built = {chapters.NOTEBOOKS / c.notebook for c in chapters.CHAPTERS} - named
    chapter_cells = [item for item in items if item.path in built]
    if chapter_cells:
        config.hook.pytest_deselected(items=chapter_cells)
        items[:] = [item for item in items if item.path not in built]

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
