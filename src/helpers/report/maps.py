"""The response maps, the codebook's `response_figures`.

    figure(tables, "respons_kaart")       map of all municipalities: ingevuld /
                       uitgenodigd, niet ingevuld / niet uitgenodigd (categories from
                       the codebook)
    figure(tables, "respons_provincies")  province choropleth of the response rate
                       (responded out of invited), each province labelled
                       "<responded> van <invited>"
    alt_text, figure_data  as in `helpers.report.figures`; captions and labels are there too.

Areas come from `helpers.data.geo` (CBS 2023), drawn in the Dutch RD projection
(EPSG:28992), with the credit its licence asks for (`sources.MAP_CREDIT`) in the
bottom-left corner. For a report year before 2023, a municipality that has merged
since is drawn as part of its 2023 successor, and a 2023 area takes the "best" status
of the municipalities it was made of (ingevuld > uitgenodigd > niet uitgenodigd).
A report year after 2023 is drawn on the boundaries of that year (the 2023 areas
with later mergers dissolved, `geo.load_municipalities(year)`). The status table
must hold exactly the municipalities of the year's register: a code it does not
know, or a municipality without a status, is an error, never a colour.
"""

from __future__ import annotations

import datetime

import geopandas as gpd
import pandas as pd
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from helpers.data import codebook, geo, sources
from helpers.data.boundaries import BOUNDARY_YEAR
from helpers.data.registers import merger_table, municipality_register
from helpers.report import fmt, style
from helpers.report.indicators import Tables

MUNICIPALITY_MAP, PROVINCE_MAP = "respons_kaart", "respons_provincies"  # figure ids
RD_NEW = 28992
STATUS_ORDER = ("ingevuld", "uitgenodigd", "niet_uitgenodigd")
RATE_BINS = (0, 50, 60, 70, 80, 100.01)  # response % classes of Figuur 2
RATE_TITLE = "Ingevuld van uitgenodigd"
BORDER = style.PALETTE["border-grey"]  # province borders
# Province labels are dark with a white halo: readable on every fill and on water.
HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]
MAP_WIDTH_IN = style.WIDTH_IN * 0.8
MAP_HEIGHT_IN = MAP_WIDTH_IN * 1.1
# Label nudges (metres, RD) where a province's representative point crowds its label.
NUDGE = {"Noord-Holland": (6000, 8000), "Flevoland": (3000, 0), "Zuid-Holland": (0, -8000)}


def categories() -> dict[str, str]:
    """Status key -> Dutch label of Figuur 1, from the codebook."""
    return dict(codebook.load().figure(MUNICIPALITY_MAP).categories)


def _successors() -> dict[str, set[str]]:
    """Old municipality code -> its 2023 code(s), through every merger up to 2023."""
    mergers = merger_table()
    mergers = mergers[mergers["datum"] <= datetime.date(BOUNDARY_YEAR, 1, 1)]
    mergers = mergers.sort_values("datum")
    out: dict[str, set[str]] = {}
    for old, new in zip(mergers["oude_code"], mergers["nieuwe_code"], strict=True):
        if old == new:
            continue
        out.setdefault(old, set()).add(new)
    changed = True
    while changed:  # resolve chains (A -> B, B -> C gives A -> C)
        changed = False
        for old, news in out.items():
            resolved = set().union(*(out.get(n, {n}) for n in news))
            if resolved != news:
                out[old], changed = resolved, True
    return out


def _status_2023(codes: pd.Series, status: pd.Series) -> pd.Series:
    """Status per 2023 municipality code, the best of its predecessors."""
    succ = _successors()
    frame = pd.DataFrame({"code": codes, "rank": status.map(STATUS_ORDER.index)})
    frame["code"] = frame["code"].map(lambda c: sorted(succ.get(c, {c})))
    frame = frame.explode("code")
    best = frame.groupby("code")["rank"].min()
    return best.map(lambda r: STATUS_ORDER[r])


def year_status(tables: Tables) -> pd.DataFrame:
    """The municipalities of the report year (its own register) and their `status`."""
    return tables.table("municipality_status")


def status_counts(tables: Tables) -> dict[str, int]:
    """Municipalities of the report year per status (not 2023 map areas)."""
    counts = year_status(tables)["status"].value_counts()
    return {k: int(counts.get(k, 0)) for k in STATUS_ORDER}


def _check_codes(codes: pd.Series, expected, what: str) -> None:
    """Raise unless `codes` are unique and exactly the codes of `expected`."""
    repeated = sorted(set(codes[codes.duplicated()]))
    unknown = sorted(set(codes) - set(expected))
    lacking = sorted(set(expected) - set(codes))
    problems = [
        f"{label} {values}"
        for label, values in (
            ("repeated codes", repeated),
            ("codes not in the " + what, unknown),
            ("no status for", lacking),
        )
        if values
    ]
    if problems:
        raise ValueError(f"municipality status does not match the {what}: " + "; ".join(problems))


def municipality_status(tables: Tables) -> gpd.GeoDataFrame:
    """The municipality areas drawn for the report year with its `status` (see module doc)."""
    year = tables.year
    status = year_status(tables)
    invalid = sorted(set(status["status"]) - set(STATUS_ORDER), key=str)
    if invalid:
        raise ValueError(f"municipality status {year}: unknown status values {invalid}")
    register = municipality_register(year)["gemeentecode"]
    _check_codes(status["gemeentecode"], register, f"{year} register")
    if year > BOUNDARY_YEAR:
        munis = geo.load_municipalities(year)
        by_area = status.set_index("gemeentecode")["status"]
    else:
        munis = geo.load_municipalities()
        by_area = _status_2023(status["gemeentecode"], status["status"])
    _check_codes(by_area.index.to_series(), munis["gemeentecode"], f"{year} map boundaries")
    munis["status"] = munis["gemeentecode"].map(by_area)
    return munis


def province_response(tables: Tables) -> gpd.GeoDataFrame:
    """The 12 provinces with municipalities, invited, responded and pct (of invited)."""
    provinces = geo.load_provinces()
    table = tables.table("response_by_province")
    merged = provinces.merge(table, on="provincienaam", how="left", validate="1:1")
    missing = merged.loc[merged["invited"].isna(), "provincienaam"].tolist()
    if missing:
        raise ValueError(f"response_by_province lacks provinces {missing}")
    return merged


def _boundaries(ax, provinces) -> None:
    """Province borders as a dark line on a white band: every fill on either side is edged
    by both, and any colour has 3:1 against one of them (WCAG 1.4.11; style.EDGE)."""
    provinces.boundary.plot(ax=ax, color="white", linewidth=1.4)
    provinces.boundary.plot(ax=ax, color=BORDER, linewidth=0.5)


def _map_axes():
    fig = Figure(figsize=(MAP_WIDTH_IN, MAP_HEIGHT_IN), dpi=style.DPI)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_aspect("equal")
    return fig, ax


def _legend(ax, handles: list[Patch], title: str | None = None) -> None:
    """A one-column legend in the empty North Sea, top left of the map."""
    ax.legend(
        handles=handles,
        title=title,
        loc="upper left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=1,
        handlelength=1.0,
        handleheight=1.0,
        alignment="left",
        title_fontsize=style.FONT_SIZE,
    )


def municipality_map(tables: Tables) -> Figure:
    """Figuur 1: every municipality coloured by its response status."""
    munis = municipality_status(tables).to_crs(RD_NEW)
    provinces = geo.load_provinces().to_crs(RD_NEW)
    labels = categories()
    fig, ax = _map_axes()
    for key in STATUS_ORDER:
        part = munis[munis["status"] == key]
        if len(part):
            part.plot(ax=ax, color=style.RESPONSE_COLORS[key], edgecolor=style.EDGE, linewidth=0.2)
    _boundaries(ax, provinces)
    counts = status_counts(tables)
    handles = [
        Patch(
            facecolor=style.RESPONSE_COLORS[k],
            edgecolor=style.EDGE,
            linewidth=style.EDGE_WIDTH,
            label=f"{labels[k]} ({fmt.number(counts[k])})",
            gid=k,
        )
        for k in STATUS_ORDER
    ]
    _legend(ax, handles)
    return fig


def _rate_class(pct: float) -> int:
    for i, upper in enumerate(RATE_BINS[1:]):
        if pct < upper:
            return i
    return len(RATE_BINS) - 2


def _rate_labels() -> list[str]:
    inner = [
        f"{fmt.pct(lo)} tot {fmt.pct(hi)}"
        for lo, hi in zip(RATE_BINS[1:-2], RATE_BINS[2:-1], strict=True)
    ]
    return [f"minder dan {fmt.pct(RATE_BINS[1])}", *inner, f"{fmt.pct(RATE_BINS[-2])} of meer"]


def province_map(tables: Tables) -> Figure:
    """Figuur 2: response rate per province, labelled "<responded> van <invited>"."""
    provinces = province_response(tables).to_crs(RD_NEW)
    provinces["klasse"] = provinces["pct"].map(_rate_class)
    fig, ax = _map_axes()
    provinces.plot(ax=ax, color=[style.SEQUENTIAL[k] for k in provinces["klasse"]], linewidth=0)
    _boundaries(ax, provinces)
    for _, row in provinces.iterrows():
        point = row.geometry.representative_point()
        dx, dy = NUDGE.get(row["provincienaam"], (0, 0))
        ax.text(
            point.x + dx,
            point.y + dy,
            f"{row['provincienaam']}\n{fmt.number(row['responded'])} van "
            f"{fmt.number(row['invited'])}",
            ha="center",
            va="center",
            fontsize=style.SMALL_SIZE,
            linespacing=1.1,
            color=style.TEXT,
            path_effects=HALO,
            gid=row["provincienaam"],
        )
    labels = _rate_labels()
    handles = [
        Patch(facecolor=c, edgecolor=style.EDGE, linewidth=style.EDGE_WIDTH, label=t)
        for c, t in zip(style.SEQUENTIAL, labels, strict=True)
    ]
    _legend(ax, handles, title=RATE_TITLE)
    return fig


@style.styled
def figure(tables: Tables, fig_id: str) -> Figure:
    """Figuur 1 or 2 of the report year of `tables`, with the boundaries' credit (CC BY)
    in the empty corner below Zeeland, so it travels with the image."""
    fig = {MUNICIPALITY_MAP: municipality_map, PROVINCE_MAP: province_map}[fig_id](tables)
    fig.text(
        0.01,
        0.01,
        sources.MAP_CREDIT,
        ha="left",
        va="bottom",
        fontsize=style.SMALL_SIZE,
        gid="credit",
    )
    return fig


def figure_data(tables: Tables, fig_id: str) -> pd.DataFrame:
    """Figuur 1: one row per municipality of the report year and its status label;
    Figuur 2: one row per province with Gemeenten, Uitgenodigd, Ingevuld, Percentage."""
    if fig_id == MUNICIPALITY_MAP:
        status = year_status(tables)
        return pd.DataFrame(
            {
                "Gemeentecode": status["gemeentecode"],
                "Gemeente": status["gemeentenaam"],
                "Provincie": status["provincienaam"],
                "Status": status["status"].map(categories()),
            }
        )
    t = tables.table("response_by_province")
    return pd.DataFrame(
        {
            "Provincie": t["provincienaam"],
            "Gemeenten": t["municipalities"].astype(int),
            "Uitgenodigd": t["invited"].astype(int),
            "Ingevuld": t["responded"].astype(int),
            "Percentage": t["pct"].map(lambda x: fmt.round_half_up(x, 1)),
        }
    )


def alt_text(tables: Tables, fig_id: str) -> str:
    """Dutch description of the map's data."""
    if fig_id == MUNICIPALITY_MAP:
        counts = status_counts(tables)
        parts = fmt.join(f"{label} {fmt.number(counts[k])}" for k, label in categories().items())
        rate = tables.response()
        text = (
            f"Kaart van Nederland met de {fmt.number(sum(counts.values()))} gemeenten van "
            f"{tables.year}, gekleurd naar deelname aan de benchmark: {parts}. "
            f"Van de {fmt.number(rate['invited'])} uitgenodigde gemeenten hebben er "
            f"{fmt.number(rate['responded'])} de enquête ingevuld ({fmt.pct(rate['pct'])})."
        )
        if tables.year < BOUNDARY_YEAR:
            text += (
                f" De kaart toont de gemeentegrenzen van {BOUNDARY_YEAR}; een gemeente die "
                "sindsdien is heringedeeld, is gekleurd als deel van haar opvolger."
            )
        return text
    t = tables.table("response_by_province")
    rows = [
        f"{r.provincienaam} {fmt.number(r.responded)} van {fmt.number(r.invited)} "
        f"({fmt.pct(r.pct)})"
        for r in t.itertuples()
    ]
    return (
        f"Kaart van de twaalf provincies, gekleurd naar het deel van de uitgenodigde gemeenten "
        f"dat in {tables.year} de enquête heeft ingevuld: " + "; ".join(rows) + "."
    )
