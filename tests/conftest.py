"""Shared fixtures: the CBS mirror (offline) and processed tables built once per session.

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


@pytest.fixture(scope="session")
def mirror() -> Path:
    if not MIRROR.exists():
        pytest.skip(f"no CBS mirror at {MIRROR} (set EEN_CBS_MIRROR)")
    os.environ["EEN_CBS_MIRROR"] = str(MIRROR)
    return MIRROR


@pytest.fixture(scope="session")
def processed(mirror, tmp_path_factory) -> Path:
    """data/raw processed into a temporary folder (the repository's own is left alone)."""
    from helpers import codebook, paths, process

    out = tmp_path_factory.mktemp("processed")
    result = process.run(codebook.available_years(paths.RAW), paths.RAW, out)
    assert not result.failed, result.failed
    return out


def pytest_collection_modifyitems(config, items):
    from helpers import paths, synthetic

    real = [y for y in SHIPPED_YEARS if not synthetic.is_synthetic(y, paths.RAW)]
    if not real:
        return
    skip = pytest.mark.skip(
        reason=f"data/raw holds real exports for {', '.join(map(str, real))}, "
        "not the shipped synthetic ones these numbers are about"
    )
    for item in items:
        if "synthetic_data" in item.keywords:
            item.add_marker(skip)
