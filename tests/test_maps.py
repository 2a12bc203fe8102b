"""The response maps (helpers.report.maps): Figuur 1 and 2."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers.data import boundaries, registers, sources  # noqa: E402
from helpers.report import figures, maps, style  # noqa: E402
from helpers.report.indicators import Tables  # noqa: E402

pytestmark = pytest.mark.synthetic_data  # numbers of the shipped synthetic exports


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
    fig = figures.figure(t, "respons_kaart")
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
    assert "gemeentegrenzen van 2023" in maps.alt_text(t, "respons_kaart")
    assert "gemeentegrenzen" not in maps.alt_text(tables[2023], "respons_kaart")


def test_successors_resolve_splits_and_chains(mirror):
    succ = maps._successors()
    assert succ["GM0788"] == {"GM0824", "GM0865", "GM0855", "GM0757"}  # Haaren, split in 2021
    current = set(maps.geo.load_municipalities()["gemeentecode"])
    assert all(codes <= current for codes in succ.values())  # every chain ends in 2023


def test_figure_2_labels_every_province(tables):
    t = tables[2023]
    fig = figures.figure(t, "respons_provincies")
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


@pytest.mark.parametrize("fig_id", [maps.MUNICIPALITY_MAP, maps.PROVINCE_MAP])
def test_every_map_credits_its_boundaries_beside_the_land(tables, fig_id):
    """CC BY: the credit is part of the image, and no area is drawn under it."""
    fig = figures.figure(tables[2023], fig_id)
    (credit,) = [t for t in fig.texts if t.get_gid() == "credit"]
    assert credit.get_text() == sources.MAP_CREDIT == "Bron kaartgrenzen: CBS/PDOK (CC BY 4.0)"
    fig.canvas.draw()
    box = credit.get_window_extent()
    assert fig.bbox.contains(box.x0, box.y0) and fig.bbox.contains(box.x1, box.y1)
    ax = fig.axes[0]
    areas = [p.get_extents(c.get_transform()) for c in ax.collections for p in c.get_paths()]
    assert len(areas) >= 12 and not any(box.overlaps(a) for a in areas)


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
    alt = maps.alt_text(t, "respons_provincies")
    assert "Zuid-Holland 18 van 38 (47%)" in alt
    assert "Ingevuld 174" in maps.alt_text(t, "respons_kaart")
    data = maps.figure_data(t, "respons_provincies")
    assert list(data.columns) == ["Provincie", "Gemeenten", "Uitgenodigd", "Ingevuld", "Percentage"]
    assert data["Ingevuld"].sum() == 174
    muni = maps.figure_data(t, "respons_kaart")
    assert len(muni) == 342 and (muni["Status"] == "Ingevuld").sum() == 174
    assert figures.available(t, "respons_kaart") and figures.available(t, "respons_provincies")
    assert figures.label("respons_kaart") == "fig-respons-kaart"


class StatusOnly:
    """Stands in for Tables where only the year and the status table matter."""

    def __init__(self, year: int, status: pd.DataFrame):
        self.year, self._status = year, status

    def table(self, name: str) -> pd.DataFrame:
        assert name == "municipality_status"
        return self._status.copy()


def later_mergers(folder, lines: list[str]):
    """The committed mergers up to the boundary year plus `lines`, as a new table."""
    committed = registers.MERGERS.read_text(encoding="utf-8").splitlines()
    kept = [x for x in committed[1:] if x[:10] <= f"{boundaries.BOUNDARY_YEAR}-01-01"]
    path = folder / registers.MERGERS.name
    path.write_text("\n".join([committed[0], *kept, *lines]) + "\n", encoding="utf-8")
    return path


def test_status_code_unknown_to_the_register_is_an_error(tables):
    status_2023 = maps.year_status(tables[2023])
    extra = status_2023.iloc[[0]].assign(gemeentecode="GM9999", status="uitgenodigd")
    with pytest.raises(ValueError, match=r"not in the 2023 register \['GM9999'\]"):
        maps.municipality_status(StatusOnly(2023, pd.concat([status_2023, extra])))
    # Eemsdelta (2021) is a 2023 area, but not a municipality of 2020
    status_2020 = maps.year_status(tables[2020])
    wrong = status_2020.assign(gemeentecode=status_2020["gemeentecode"].replace("GM0003", "GM1979"))
    with pytest.raises(ValueError, match=r"GM1979.*no status for \['GM0003'\]"):
        maps.municipality_status(StatusOnly(2020, wrong))


def test_municipality_without_status_is_an_error(tables):
    status = maps.year_status(tables[2023])
    dropped = status["gemeentecode"].iloc[5]
    with pytest.raises(ValueError, match=rf"no status for \['{dropped}'\]"):
        maps.municipality_status(StatusOnly(2023, status.drop(index=status.index[5])))
    with pytest.raises(ValueError, match="unknown status values"):
        maps.municipality_status(StatusOnly(2023, status.assign(status="onbekend")))


def test_map_after_2023_uses_that_years_boundaries(tables, tmp_path, monkeypatch):
    merger = [
        "2025-01-01;GM0037;Stadskanaal;GM9901;Testgemeente",
        "2025-01-01;GM0047;Veendam;GM9901;Testgemeente",
    ]
    monkeypatch.setattr(registers, "MERGERS", later_mergers(tmp_path, merger))
    status = maps.year_status(tables[2023])
    by_code = status.set_index("gemeentecode")["status"]
    # 2024: no later merger, so the 2023 areas and statuses
    same = maps.municipality_status(StatusOnly(2024, status))
    assert same.set_index("gemeentecode")["status"].equals(by_code)
    # 2025: one area for the merged municipality, with its own status
    merged = status[~status["gemeentecode"].isin(["GM0037", "GM0047"])]
    new = status.iloc[[0]].assign(
        gemeentecode="GM9901", gemeentenaam="Testgemeente", status="niet_uitgenodigd"
    )
    areas = maps.municipality_status(StatusOnly(2025, pd.concat([merged, new])))
    assert len(areas) == 341
    got = areas.set_index("gemeentecode")["status"]
    assert got["GM9901"] == "niet_uitgenodigd"
    assert got.drop("GM9901").equals(by_code.drop(["GM0037", "GM0047"]))
    # the status of the old codes is not accepted in 2025
    with pytest.raises(ValueError, match=r"not in the 2025 register \['GM0037', 'GM0047'\]"):
        maps.municipality_status(StatusOnly(2025, status))


@pytest.mark.parametrize("fig_id", [maps.MUNICIPALITY_MAP, maps.PROVINCE_MAP])
def test_every_area_is_edged_with_the_contrast_wcag_asks(tables, fig_id):
    """WCAG 1.4.11: each fill has 3:1 against the page or against the edge around it (the
    municipalities' edge; the provinces' white band with a dark line); each legend key has
    a dark edge; every word 4.5:1 against the page (the province names on a white halo)."""
    fig = figures.figure(tables[2023], fig_id)
    ax = fig.axes[0]
    page = fig.get_facecolor()
    fills = style.RESPONSE_COLORS.values() if fig_id == maps.MUNICIPALITY_MAP else style.SEQUENTIAL
    edges = {
        maps.MUNICIPALITY_MAP: [style.EDGE, "white", maps.BORDER],
        maps.PROVINCE_MAP: ["white", maps.BORDER],
    }[fig_id]
    drawn = {
        tuple(round(c, 3) for c in col.get_edgecolor()[0])
        for col in ax.collections
        if len(col.get_edgecolor()) and col.get_linewidth()[0] > 0
    }
    from matplotlib.colors import to_rgba

    assert {tuple(round(c, 3) for c in to_rgba(e)) for e in edges} <= drawn
    for fill in fills:
        assert max(style.contrast(fill, e) for e in [page, *edges]) >= 3, fill
    legend = ax.get_legend() or fig.legends[0]
    for key in legend.get_patches():
        assert key.get_linewidth() > 0 and style.contrast(key.get_edgecolor(), page) >= 3
    for text in [*fig.texts, *ax.texts, *legend.get_texts()]:
        assert style.contrast(text.get_color(), page) >= 4.5, text.get_text()
