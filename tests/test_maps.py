"""The response maps (helpers.maps): Figuur 1 and 2."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers import figures, maps, style  # noqa: E402
from helpers.indicators import Tables  # noqa: E402


@pytest.fixture(scope="module")
def tables(processed):
    style.use()
    return {year: Tables(year, processed) for year in (2019, 2020, 2023)}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def legend_texts(fig):
    return [t.get_text() for t in fig.axes[0].get_legend().get_texts()]


def test_status_counts_match_response_rates(tables):
    for t in tables.values():
        counts = maps.status_counts(t)
        rate = t.response()
        assert counts["ingevuld"] == rate["responded"]
        assert counts["ingevuld"] + counts["uitgenodigd"] == rate["invited"]
        assert sum(counts.values()) == rate["municipalities"]


def test_figure_1_colours_every_municipality(tables):
    t = tables[2023]
    munis = maps.municipality_status(t)
    assert len(munis) == 342
    assert set(munis["status"]) == set(maps.STATUS_ORDER)
    fig = figures.figure(t, 1)
    assert legend_texts(fig) == [
        "Ingevuld (174)",
        "Uitgenodigd, niet ingevuld (88)",
        "Niet uitgenodigd (80)",
    ]
    drawn = sum(len(c.get_paths()) for c in fig.axes[0].collections[:3])
    assert drawn >= 342


def test_figure_1_before_2023_maps_merged_municipalities(tables):
    t = tables[2019]
    status = maps.year_status(t)
    munis = maps.municipality_status(t)
    assert len(status) == 355 and len(munis) == 342
    # a 2023 area is "ingevuld" when any of its predecessors responded
    responded = set(status.loc[status["status"] == "ingevuld", "gemeentecode"])
    succ = maps._successors()
    expected = {c for old in responded for c in succ.get(old, {old})}
    assert set(munis.loc[munis["status"] == "ingevuld", "gemeentecode"]) == expected
    assert "gemeentegrenzen van 2023" in maps.alt_text(t, 1)
    assert "gemeentegrenzen" not in maps.alt_text(tables[2023], 1)


def test_successors_resolve_splits_and_chains():
    succ = maps._successors()
    assert succ["GM0788"] == {"GM0824", "GM0865", "GM0855", "GM0757"}  # Haaren, split in 2021
    current = set(maps.geo.load_municipalities()["gemeentecode"])
    assert all(codes <= current for codes in succ.values())  # every chain ends in 2023


def test_figure_2_labels_every_province(tables):
    t = tables[2023]
    fig = figures.figure(t, 2)
    labels = {x.get_gid(): x.get_text() for x in fig.axes[0].texts}
    assert len(labels) == 12
    assert labels["Zuid-Holland"] == "Zuid-Holland\n18 van 38"
    assert labels["Zeeland"] == "Zeeland\n9 van 10"
    table = t.table("response_by_province")
    assert (
        sum(int(x.split("\n")[1].split(" van ")[0]) for x in labels.values())
        == table["responded"].sum()
    )
    assert legend_texts(fig)[0] == "minder dan 50%"
    assert legend_texts(fig)[-1] == "80% of meer"


def test_figure_2_colour_classes(tables):
    provinces = maps.province_response(tables[2023])
    rate_class = provinces["pct"].map(maps._rate_class)
    classes = dict(zip(provinces["provincienaam"], rate_class, strict=True))
    assert classes["Zuid-Holland"] == 0  # 47%
    assert classes["Groningen"] == 1  # 50% is in "50% tot 60%"
    assert classes["Zeeland"] == 4  # 90%
    assert maps._rate_class(100) == 4


def test_texts_and_data(tables):
    t = tables[2023]
    alt = maps.alt_text(t, 2)
    assert "Zuid-Holland 18 van 38 (47%)" in alt
    assert "Ingevuld 174" in maps.alt_text(t, 1)
    data = maps.figure_data(t, 2)
    assert list(data.columns) == ["Provincie", "Gemeenten", "Uitgenodigd", "Ingevuld", "Percentage"]
    assert data["Ingevuld"].sum() == 174
    muni = maps.figure_data(t, 1)
    assert len(muni) == 342 and (muni["Status"] == "Ingevuld").sum() == 174
    assert figures.available(t, 1) and figures.available(t, 2)
    assert figures.label(1) == "fig-respons-kaart"
