"""Who responded in a year, in the order and under the file names every per-municipality
output uses (factsheets, monitors, the encrypted pages, the list of links)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from helpers.municipality import model


def slug(name: str) -> str:
    """File-name form of a municipality name: "Súdwest-Fryslân" -> "sudwest-fryslan"."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def respondents(year: int, processed_root: str | Path | None = None) -> pd.DataFrame:
    """Code, name and factsheet stem of every municipality that responded in `year`."""
    file = model.folder(year, processed_root) / "responses.parquet"
    frame = pd.read_parquet(file, columns=["gemeentecode", "gemeentenaam"])
    frame = frame.sort_values("gemeentecode", ignore_index=True)
    frame["stem"] = frame["gemeentecode"] + "-" + frame["gemeentenaam"].map(slug)
    return frame


def tasks(
    year: int, processed_root: str | Path | None = None, only: Iterable[str] | None = None
) -> list[tuple[str, str]]:
    """(code, file stem) of every respondent of `year`, or of `only` (ValueError for a code
    that did not respond), in that order."""
    everyone = respondents(year, processed_root)
    stems = dict(zip(everyone["gemeentecode"], everyone["stem"], strict=True))
    if only is None:
        return list(stems.items())
    only = list(dict.fromkeys(only))
    data = model.year_data(year, processed_root)
    for code in only:
        model.check_respondent(code, year, data)
    return [(code, stems[code]) for code in only]
