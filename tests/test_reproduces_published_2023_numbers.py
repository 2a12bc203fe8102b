"""Every number the published 2023 report states is reproduced by the pipeline.

The expected values come from data/raw/published/2023.csv (typed from the
report's text); the computed values come from the processed tables built from
data/raw by helpers.data.process. Nothing here reads the published table back into
the computation.
"""

import pandas as pd
import pytest

from helpers import paths
from helpers.report.fmt import round_half_up
from helpers.report.indicators import Tables

pytestmark = pytest.mark.synthetic_data  # numbers of the shipped synthetic exports

PUBLISHED = pd.read_csv(
    paths.RAW / "published" / "2023.csv", sep=";", dtype=str, keep_default_na=False
)


def compute(t: Tables, row) -> float:
    year, pop = int(row.year), row.population or "alle"
    q, item, codes = row.question, row.item, row.codes
    match row.statistic:
        case "municipalities":
            return t.response(year)["municipalities"]
        case "invited_share_pct":
            r = t.response(year)
            return 100 * r["invited"] / r["municipalities"]
        case "invited" | "responded":
            return t.response(year)[row.statistic]
        case "response_pct":
            return t.response(year)["pct"]
        case "panel_size":
            return t.meta["panel_size"]
        case "count":
            return t.share(q, codes, item, year, pop).count
        case "pct":
            return t.share(q, codes, item, year, pop).pct
        case "pp_change":
            return t.pp_change(q, codes, item, pop)
        case "count_change":
            return t.count_change(q, codes, item, pop)
        case "theme_count":
            return t.theme(q, codes, year).count
    raise ValueError(f"unknown statistic {row.statistic}")


def test_published_table_is_complete():
    assert len(PUBLISHED) >= 70
    assert PUBLISHED["id"].is_unique


@pytest.mark.parametrize("row", list(PUBLISHED.itertuples()), ids=list(PUBLISHED["id"]))
def test_published_number(processed, row):
    t = Tables(int(row.year) if row.statistic == "panel_size" else 2023, processed)
    value = compute(t, row)
    expected, tolerance = float(row.value), float(row.tolerance)
    if tolerance:
        assert abs(value - expected) <= tolerance, f"{row.quote}: computed {value:.2f}"
    else:
        assert round_half_up(value) == expected, f"{row.quote}: computed {value:.2f}"
