"""Drawing: a figure of the report (`figure`), its horizontal 100%-stacked bars in the
house style with the footnotes under them, and PNG bytes.

The layout is computed in inches (bar thickness, label lines, legend, footnotes), so
every figure has the same bar thickness and a fixed physical size.
"""

from __future__ import annotations

import io
import textwrap
from functools import cache
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.textpath import text_to_path

from helpers.report import fmt, maps, style
from helpers.report.figures.bars import bars, colors, is_map
from helpers.report.figures.words import panel_note
from helpers.report.indicators import PANEL, Tables

LABEL_WRAP = 30  # characters per line of a bar label
NOTE_WRAP = 120  # characters per line of a footnote
COUNT_PAD_PT = 0.75  # free space left and right of a count inside its segment
BAR_IN = 0.24  # thickness of a bar (inches)
LINE_IN = 0.145  # height of one line of a bar label (inches)
PANEL_GAP = 0.5  # extra space (in rows) between the trend rows and the panel rows
OMITTED_NOTE = (
    "Noot: Getallen in rechthoeken zijn absolute aantallen. "
    "Bij zeer kleine rechthoeken zijn de getallen weggelaten."
)


@cache
def _text_width_pt(text: str, size: float) -> float:
    props = FontProperties(family=style.RC["font.family"], size=size)
    width, _, _ = text_to_path.get_text_width_height_descent(text, props, ismath=False)
    return width


LABEL_PAD_PT = 8  # between the longest bar label and the axis
AXES_RIGHT_MARGIN = 0.04


def _wrap(row: str) -> str:
    return textwrap.fill(row, LABEL_WRAP, break_on_hyphens=False)


def _left(rows) -> float:
    """Left edge of the axes (figure fraction): room for the longest wrapped bar label."""
    lines = [line for row in rows for line in _wrap(row).split("\n")]
    widest = max(_text_width_pt(line, style.FONT_SIZE) for line in lines)
    return (widest + LABEL_PAD_PT) / (style.WIDTH_IN * 72) + 0.005


def _count_fits(data: pd.DataFrame) -> list[bool]:
    """Whether each segment's count fits inside it (zero counts are never drawn)."""
    width = style.WIDTH_IN * (1 - _left(data["row"].unique()) - AXES_RIGHT_MARGIN) * 72
    return [
        count > 0
        and _text_width_pt(fmt.number(count), style.SMALL_SIZE) + 2 * COUNT_PAD_PT
        <= width * pct / 100
        for count, pct in zip(data["count"], data["pct"].fillna(0), strict=True)
    ]


def omits_counts(data: pd.DataFrame) -> bool:
    """Whether some segment is drawn without its count (the report's note then says so)."""
    return not all(_count_fits(data))


def stacked_bars(
    data: pd.DataFrame, palette: dict[str, str], footnotes: list[str] | tuple = ()
) -> Figure:
    """Draw horizontal 100%-stacked bars in the house style.

    `data` as returned by `bars`: columns row, answer, count, pct (optionally
    population; panel rows are set a little apart). `palette` maps every answer to
    its colour and fixes the legend order.
    Every segment is a Rectangle with gid "<row>|<answer>"; its count label a Text
    with the same gid (tests and checks read them back).

    The layout is computed in inches, so bars have the same thickness in every
    figure and a row grows with the lines of its wrapped label.
    """
    rows = list(dict.fromkeys(data["row"]))
    panel_rows = (
        set(data.loc[data["population"] == PANEL, "row"]) if "population" in data else set()
    )
    wrapped = {row: _wrap(row) for row in rows}
    y, top = {}, 0.0  # y: centre of each row, inches from the top of the plot area
    for row in rows:
        if row in panel_rows and row == min(panel_rows, key=rows.index):
            top += PANEL_GAP * style.BAR_ROW_IN
        height = max(style.BAR_ROW_IN, LINE_IN * (wrapped[row].count("\n") + 1) + 0.08)
        y[row] = top + height / 2
        top += height
    body_in = top
    columns = _legend_columns(list(palette))
    legend_rows = -(-len(palette) // columns)
    note_lines = sum(len(textwrap.wrap(n, NOTE_WRAP)) for n in footnotes)
    axis_in = 0.30  # x tick labels
    legend_in = 0.20 * legend_rows + 0.10
    notes_in = 0.16 * note_lines + (0.06 if note_lines else 0)
    top_in = 0.06
    height = top_in + body_in + axis_in + legend_in + notes_in
    fig = Figure(figsize=(style.WIDTH_IN, height), dpi=style.DPI)
    left = _left(rows)
    width = 1 - left - AXES_RIGHT_MARGIN
    bottom = (axis_in + legend_in + notes_in) / height
    ax = fig.add_axes((left, bottom, width, body_in / height))

    fits = _count_fits(data)
    ends = data.groupby("row", sort=False)["pct"].transform(lambda s: s.fillna(0).cumsum())
    for (_, seg), ok, end in zip(data.iterrows(), fits, ends, strict=True):
        size = 0 if pd.isna(seg["pct"]) else seg["pct"]
        color = palette[seg["answer"]]
        gid = f"{seg['row']}|{seg['answer']}"
        ax.barh(
            y[seg["row"]],
            size,
            left=end - size,
            height=BAR_IN,
            color=color,
            edgecolor=style.EDGE,
            linewidth=style.EDGE_WIDTH,
            gid=gid,
        )
        if ok:
            ax.text(
                end - size / 2,
                y[seg["row"]],
                fmt.number(seg["count"]),
                ha="center",
                va="center",
                fontsize=style.SMALL_SIZE,
                color=style.text_color(color),
                gid=gid,
            )
    ax.set_xlim(0, 100)
    ax.set_ylim(body_in, 0)
    ax.set_yticks([y[r] for r in rows], [wrapped[r] for r in rows])
    ax.tick_params(axis="y", length=0, pad=4)
    ax.set_xticks(range(0, 101, 10), [fmt.pct(x) for x in range(0, 101, 10)])
    ax.tick_params(axis="x", length=2)

    handles = [
        Patch(facecolor=c, edgecolor=style.EDGE, linewidth=style.EDGE_WIDTH, label=a)
        for a, c in palette.items()
    ]
    centre = (
        left + width / 2
        if _legend_width_pt(list(palette), columns) < width * style.WIDTH_IN * 72
        else 0.5
    )
    fig.legend(
        handles=_row_major(handles, columns),
        loc="upper center",
        bbox_to_anchor=(centre, (legend_in + notes_in) / height),
        ncol=columns,
        handlelength=LEGEND_HANDLE_EM,
        handleheight=1.0,
        handletextpad=LEGEND_PAD_EM,
        columnspacing=LEGEND_SPACING_EM,
        borderaxespad=0,
        borderpad=0,
    )
    if footnotes:
        fig.text(
            0.01,
            (notes_in - 0.04) / height,
            "\n".join(textwrap.fill(n, NOTE_WRAP) for n in footnotes),
            ha="left",
            va="top",
            fontsize=style.SMALL_SIZE,
            gid="footnotes",
        )
    return fig


LEGEND_HANDLE_EM, LEGEND_PAD_EM, LEGEND_SPACING_EM = 1.0, 0.6, 1.5


def _legend_width_pt(labels: list[str], columns: int) -> float:
    """Width of a legend laid out row by row in `columns` columns."""
    em = style.FONT_SIZE
    item = [
        _text_width_pt(a, style.FONT_SIZE) + (LEGEND_HANDLE_EM + LEGEND_PAD_EM) * em for a in labels
    ]
    widths = [max(item[c::columns]) for c in range(columns)]
    return sum(widths) + LEGEND_SPACING_EM * em * (columns - 1)


def _legend_columns(labels: list[str]) -> int:
    """The most legend columns that fit the figure width (all labels on one line if they fit)."""
    available = style.WIDTH_IN * 72 * 0.96
    columns = len(labels)
    while columns > 1 and _legend_width_pt(labels, columns) > available:
        columns -= 1
    return columns


def _row_major(items: list, columns: int) -> list:
    """Reorder `items` so that matplotlib, which fills legend columns top to bottom,
    shows them left to right, row by row."""
    return [items[i] for c in range(columns) for i in range(c, len(items), columns)]


@style.styled
def png(fig: Figure) -> bytes:
    """`fig` as PNG bytes at the house dpi and its exact size (no cropping)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, dpi=style.DPI, format="png", bbox_inches=None)
    return buffer.getvalue()


def save(fig: Figure, path) -> None:
    """Write `fig` as PNG at the house dpi and its exact size (no cropping)."""
    Path(path).write_bytes(png(fig))


def notes(tables: Tables, fig_id: str, data: pd.DataFrame | None = None) -> list[str]:
    """The footnotes under a figure: the panel note and/or the note on omitted counts."""
    if is_map(fig_id):
        return []
    data = bars(tables, fig_id) if data is None else data
    out = []
    if (data["population"] == PANEL).any():
        out.append(panel_note(tables))
    if omits_counts(data):
        out.append(OMITTED_NOTE)
    return out


@style.styled
def figure(
    tables: Tables, fig_id: str, footnotes: bool = True, data: pd.DataFrame | None = None
) -> Figure:
    """Figuur `fig_id` of the report year of `tables`, in the house style.

    The footnotes (`notes`) are drawn under the bars; with footnotes=False they are
    left out, for a page that prints `notes(tables, fig_id)` as text instead.
    `data`: the figure's `bars`, when the caller has them already.
    Raises NotAsked when the question was not asked in the year shown (see `available`).
    """
    if is_map(fig_id):
        return maps.figure(tables, fig_id)
    data = bars(tables, fig_id) if data is None else data
    drawn = notes(tables, fig_id, data) if footnotes else []
    return stacked_bars(data, colors(tables, fig_id), drawn)
