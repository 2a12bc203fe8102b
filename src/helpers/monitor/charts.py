"""The monitor's two charts as Vega-Lite specifications (Altair), and their colours.

The specs hold no data: the page fills the dataset `rows` with the selected question's
figures (monitor.js) and draws them with vega-embed. They are the same for every
municipality, so they are written once per folder (`page.write_lib`).

    answers   one year: per answer, the share of municipalities of the same urbanity
              class, in the province and in the country (a bar each, its percentage beside
              it), in the overview's order (`overview.SCOPES`)
              rows: {answer, order, scope ("class"/"province"/"nation"), scope_label, pct, text}
    trend     every year the municipality took part: the national share of each answer
              (a line each, years spaced as years and broken where one is skipped), the
              municipality's own answer ringed
              rows: {year, segment, answer, order, pct, text, own}

Colours meet WCAG 2.1's 3:1 for graphics against the white page (tests check it), so the
house grey of the report's figures (#BBBBBB, 1.9:1) is replaced by the darker axis grey;
the trend lines are the colour-blind safe Okabe-Ito colours that pass it, each with
its own dash pattern.
"""

from __future__ import annotations

import functools

from helpers.municipality.overview import SCOPES  # the bars of an answer, top to bottom
from helpers.municipality.style import COLORS as PAGES
from helpers.report import style

ROWS = "rows"  # the name of the dataset the page fills
COLORS = {
    "province": PAGES["province"],
    "class": PAGES["class"],
    "nation": style.PALETTE["axis-grey"],
    "text": style.TEXT,
    "own": style.OKABE_ITO["black"],
    "focus": style.PALETTE["dark-blue"],
    # the page around the charts
    "background": style.BACKGROUND,
    "panel": style.PALETTE["pale-blue"],  # the controls
    "notice": PAGES["notice"],  # synthetic data, as the factsheet says it
    "notice-edge": style.OKABE_ITO["vermillion"],
    "rule": style.GREY,  # table lines, never the only carrier of meaning
}
# one per answer, in codebook order (at most 5 answers to a question)
TREND = [
    style.OKABE_ITO["blue"],
    style.OKABE_ITO["vermillion"],
    style.OKABE_ITO["green"],
    style.PALETTE["border-grey"],
    style.OKABE_ITO["purple"],
]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [12, 4]]  # solid first, then distinct dashes
WIDTH = 520  # px
FONT_SIZE = 13  # px, as the page's small text
# The page breaks the answers' labels in lines for the room a chart has (a phone's screen):
# it fills the parameter LINES (label -> its lines), allowing CHAR px a character, and
# narrows a plot that sticks out down to MIN_PLOT px (below that its box scrolls). Each
# chart's `usermeta.beside` is the room its labels leave to the rest, in px.
LINES = "lines"
CHAR = 8  # px, generous for the labels' font
LINE = 16  # px, the height of a line of a label
MIN_PLOT = 120  # px
LABEL_LINES = f"{LINES}[datum.label] || datum.label"
AXIS = dict(values=list(range(0, 101, 20)), labelExpr="datum.value + '%'")  # percentages


def _config(chart, beside: int) -> dict:
    import altair as alt

    text = dict(labelColor=COLORS["text"], labelFontSize=FONT_SIZE)
    return (
        chart.add_params(alt.param(name=LINES, value={}))
        .properties(usermeta={"beside": beside})
        # aria off: no English mark descriptions for screen readers; the page's Dutch
        # label and the table beside each chart say it
        .configure(font="DejaVu Sans, Verdana, sans-serif", aria=False)
        .configure_view(stroke=None)
        .configure_axis(
            **text, labelLineHeight=LINE, titleColor=COLORS["text"], titleFontSize=FONT_SIZE
        )
        .configure_legend(**text, symbolSize=120)
        .configure_text(fontSize=FONT_SIZE)
        .to_dict()
    )


def answers(share_title: str) -> dict:
    """The chart of one year: bars per answer, class, province and country side by side."""
    import altair as alt  # here: the pages' other modules (and delivery) need no altair

    base = alt.Chart(alt.Data(name=ROWS)).encode(
        y=alt.Y(
            "answer:N",
            sort=alt.EncodingSortField("order", op="min"),
            title=None,
            axis=alt.Axis(labelExpr=LABEL_LINES, labelLimit=420),
        ),
        yOffset=alt.YOffset("scope:N", sort=list(SCOPES)),
        x=alt.X(
            "pct:Q", scale=alt.Scale(domain=[0, 100]), title=share_title, axis=alt.Axis(**AXIS)
        ),
        tooltip=[
            alt.Tooltip("scope_label:N", title=None),
            alt.Tooltip("answer:N", title=None),
            alt.Tooltip("text:N", title=None),
        ],
    )
    bars = base.mark_bar(height={"band": 0.9}).encode(
        color=alt.Color(
            "scope:N",
            scale=alt.Scale(domain=list(SCOPES), range=[COLORS[scope] for scope in SCOPES]),
            legend=None,  # the page's own legend names the province
        )
    )
    labels = base.mark_text(align="left", dx=3, color=COLORS["text"]).encode(text="text:N")
    # beside the labels: the plot, the tick and the last bar's "100%"
    chart = alt.layer(bars, labels).properties(width=WIDTH, height=alt.Step(22))
    return _config(chart, beside=MIN_PLOT + 50)


def trend(share_title: str) -> dict:
    """The chart of all years: a line per answer, the own answer ringed."""
    import altair as alt

    by_answer = dict(sort=alt.EncodingSortField("order", op="min"))
    years = f"extent(pluck(data('{ROWS}'), 'year'))"
    base = alt.Chart(alt.Data(name=ROWS)).encode(
        # years on a linear scale, so a year the municipality skipped leaves its gap; a
        # tick on every year from the first to the last of the data, none between (Vega's
        # own ticks put one on 2022.5, labelled "2023") and none in the padding (which
        # spans more than a year where the chart is narrow)
        x=alt.X(
            "year:Q",
            title=None,
            scale=alt.Scale(zero=False, nice=False, padding=24),
            axis=alt.Axis(
                format="d",
                values=alt.ExprRef(expr=f"sequence({years}[0], {years}[1] + 1)"),
                labelAngle=0,
                grid=False,
            ),
        ),
        y=alt.Y(
            "pct:Q", scale=alt.Scale(domain=[0, 100]), title=share_title, axis=alt.Axis(**AXIS)
        ),
    )
    # one legend for colour and dash (Vega-Lite merges the two on the same mark): a line
    # sample per answer, so the lines differ in more than colour
    legend = alt.Legend(
        title=None,
        orient="bottom",
        direction="vertical",
        labelExpr=LABEL_LINES,
        labelLimit=400,
        symbolType="stroke",
        symbolStrokeWidth=2.5,
        symbolSize=500,
    )
    lines = base.mark_line(point=alt.OverlayMarkDef(size=70, filled=True)).encode(
        color=alt.Color("answer:N", **by_answer, scale=alt.Scale(range=TREND), legend=legend),
        strokeDash=alt.StrokeDash(
            "answer:N", **by_answer, scale=alt.Scale(range=DASHES), legend=legend
        ),
        detail="segment:N",  # a line per run of consecutive years: broken at a gap
        tooltip=[
            alt.Tooltip("year:Q", title=None, format="d"),
            alt.Tooltip("answer:N", title=None),
            alt.Tooltip("text:N", title=None),
        ],
    )
    own = (
        base.transform_filter("datum.own")
        .mark_point(shape="circle", size=420, strokeWidth=2.5, filled=False)
        .encode(color=alt.value(COLORS["own"]))
    )
    # beside the legend's labels: the y axis (the legend starts under the plot) and the
    # line samples
    return _config(alt.layer(lines, own).properties(width=WIDTH, height=240), beside=100)


@functools.cache
def specs(share_title: str) -> dict:
    """Both charts, by the names the page uses."""
    return {"answers": answers(share_title), "trend": trend(share_title)}
