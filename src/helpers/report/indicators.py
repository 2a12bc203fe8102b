"""Reading numbers out of the processed tables: the one way notebooks, text
and tests get a count, a share or a change.

A selection names a question's indicator table, a year, a population ("alle" or
"panel"), an item (matrix row or multiple-choice option; "" for a single
question) and one or more answer codes whose counts are added up.
"""

from __future__ import annotations

import datetime
import json
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.data import codebook
from helpers.report.fmt import round_half_up

ALL, PANEL = codebook.ALL, codebook.PANEL


def answered_until(responses: pd.DataFrame) -> datetime.date:
    """The day the year's last respondent answered (`ingevuld_op`): the date of the year's
    data, which its PDFs (the book's and the factsheets') carry."""
    return pd.Timestamp(responses["ingevuld_op"].max()).date()


@dataclass(frozen=True)
class Share:
    count: int
    n: int

    @property
    def pct(self) -> float:
        return 100 * self.count / self.n if self.n else float("nan")


def shown_change(before: Share | None, now: Share | None) -> int | None:
    """The change from one share to another, in whole percentage points, as a reader sees
    it: the difference of the two percentages rounded half up as they are shown, so that
    "van 60% naar 62%" is 2 points (the unrounded 2.55 would say 3). None when either is
    missing or has no respondents. The one meaning of a change: the text grades it
    (text.thresholds) and states it, and the published numbers are checked with it."""
    if before is None or now is None or not before.n or not now.n:
        return None
    return int(round_half_up(now.pct) - round_half_up(before.pct))


def synthetic_years(t: Tables) -> list[int]:
    """The years in the tables that are the shipped synthetic data (processing's manifest check)."""
    return sorted(int(y) for y, flag in t.meta.get("synthetic", {}).items() if flag)


def latest_processed_year(processed_root: Path = paths.PROCESSED) -> int:
    """The latest year with processed tables (what a notebook shows by default)."""
    root = Path(processed_root)
    years = [
        int(p.name)
        for p in (root.iterdir() if root.is_dir() else [])
        if codebook.YEAR_FOLDER.fullmatch(p.name) and (p / "meta.json").exists()
    ]
    if not years:
        raise FileNotFoundError(f"{root}: no processed tables; run `make data` first")
    raw = codebook.available_years()
    if raw and raw[-1] > max(years):  # a new export not (yet) processed: say what is shown
        warnings.warn(
            f"data/raw has {raw[-1]}, {paths.relative(root)} only up to {max(years)}: this "
            f"shows {max(years)}; `make processed` processes {raw[-1]} or says why it cannot",
            stacklevel=2,
        )
    return max(years)


class Tables:
    """The processed tables of one report year (default: the latest), loaded lazily."""

    def __init__(self, year: int | None = None, processed_root: Path = paths.PROCESSED):
        year = latest_processed_year(processed_root) if year is None else year
        self.year = year
        self.folder = Path(processed_root) / str(year)
        if not self.folder.exists():
            raise FileNotFoundError(codebook.no_tables(year, self.folder))

    @cache  # noqa: B019 -- one Tables per year, kept for the session
    def table(self, name: str) -> pd.DataFrame:
        return pd.read_parquet(self.folder / f"{name}.parquet")

    @property
    def meta(self) -> dict:
        return json.loads((self.folder / "meta.json").read_text("utf-8"))

    @property
    def previous_year(self) -> int | None:
        """The year this report compares with; None when it has no export."""
        return self.meta.get("previous_year")

    def question_table(self, question: str) -> pd.DataFrame:
        """The indicator table of a question (a KeyError for an id not in the codebook)."""
        return self.table(f"question_{codebook.load().questions[question].id}")

    def share(
        self, question: str, codes, item: str = "", year: int | None = None, population=ALL
    ) -> Share:
        """Municipalities that gave any of `codes` (out of those that answered)."""
        codes, year = _codes(codes), self.which_year(year)
        if not codes:  # a share of nothing would read as 0% (an option has no `positive`)
            raise ValueError(f"{question}/{item}: no answer codes to count")
        t = self.question_table(question)
        sel = t[(t["year"] == year) & (t["population"] == population) & (t["item"] == str(item))]
        if sel.empty:
            raise KeyError(f"{question}/{item}: no rows for {year} ({population})")
        return Share(int(sel.loc[sel["code"].isin(codes), "count"].sum()), int(sel["n"].iloc[0]))

    def pp_change(self, question: str, codes, item: str = "", population=ALL) -> int | None:
        """Percentage-point change from the previous year to the report year (`shown_change`;
        None where a year has no respondents to it)."""
        now, before = self._both(question, codes, item, population)
        return shown_change(before, now)

    def count_change(self, question: str, codes, item: str = "", population=PANEL) -> int:
        now, before = self._both(question, codes, item, population)
        return now.count - before.count

    def _both(self, question, codes, item, population) -> tuple[Share, Share]:
        """The report year's share and the previous year's; a year without one has no
        change (a ValueError, not a comparison of the year with itself)."""
        if self.previous_year is None:
            raise ValueError(f"{self.year} has no previous year to compare with")
        now = self.share(question, codes, item, self.year, population)
        return now, self.share(question, codes, item, self.previous_year, population)

    def which_year(self, year: int | None) -> int:
        """`year`, or the report year where it is None (0 is a year, if a missing one)."""
        return self.year if year is None else year

    def response(self, year: int | None = None) -> pd.Series:
        rates = self.table("response_rates").set_index("year")
        return rates.loc[self.which_year(year)]

    def theme(self, question: str, theme: str, year: int | None = None) -> Share | None:
        """Free-text answers of `question` matching a coded theme; None when the year has
        no free text for it (not asked); an unknown theme is a KeyError."""
        t = self.table("themes")
        rows = t[(t["question"] == question) & (t["year"] == self.which_year(year))]
        if rows.empty:
            return None
        row = rows[rows["theme"] == theme]
        if row.empty:
            raise KeyError(f"theme {theme!r} of {question!r} is not in the themes table")
        return Share(int(row["count"].iloc[0]), int(row["n"].iloc[0]))


def _codes(codes) -> list:
    if isinstance(codes, str):  # "1+2", as the published table writes them
        return [int(c) for c in codes.split("+") if c.strip()]
    if isinstance(codes, int):
        return [codes]
    return list(codes)
