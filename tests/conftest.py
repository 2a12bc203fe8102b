"""Shared fixtures: the CBS mirror (offline) and processed tables built once per session."""

import os
from pathlib import Path

import pytest

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
