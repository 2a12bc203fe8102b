"""The start of every chapter notebook, in one call: `t = chapter.setup(year, processed_root)`."""

from __future__ import annotations

import warnings
from pathlib import Path

from helpers import paths
from helpers.report.indicators import Tables
from helpers.report.text.markup import show, synthetic_notice

# tqdm (imported by pooch for the maps) warns without ipywidgets: not for the report. Set
# on import, as chapters import this module before the figures.
warnings.filterwarnings("ignore", message="IProgress not found")


def setup(year: int | None, processed_root: str | Path | None = None) -> Tables:
    """The processed tables of the report year (None: the latest processed year), after
    showing the notice on synthetic data where it applies."""
    t = Tables(year, processed_root or paths.PROCESSED)
    show(synthetic_notice(t))
    return t
