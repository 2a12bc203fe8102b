"""Every figure of the national report, named by its id in the codebook (a question id,
e.g. "week_deelname"; numbered in codebook order, as in the 2023 report).

    figure(tables, id)       matplotlib Figure in the house style (fixed size)
    available(tables, id)    False when the question was not asked for that year
    title(tables, id)        the report's figure title ("... uw gemeente (2022)?")
    caption(tables, id)      "Figuur n. <title>"
    label(id)                Quarto cross-reference label, e.g. "fig-week-deelname"
    alt_text(tables, id)     Dutch description of the data, for screen readers
    notes(tables, id)        the footnotes drawn under the bars
    figure_data(tables, id)  tidy Dutch-labelled table (website data table, CSV)
    show(tables, id)         notebook output: Quarto figure + collapsible data table
    quarto_markdown(...)     the Markdown that show() displays
    stacked_bars(data, ...)  the drawing routine, reusable (factsheets)

The response figures (respons_kaart, respons_provincies) are maps, drawn by
`helpers.report.maps`; the rest are horizontal 100%-stacked bars, laid out by the codebook
entry of the question:

    show: trend     one bar per year the question was asked, up to the report year,
                    then the panel rows "Y-1*" and "Y*" (municipalities that took
                    part in both years) with the codebook's `panel_footnote`; no
                    panel rows when there is no previous year (2019).
                    A multiple-choice question (Figuur 13) gets one bar per year
                    split into its options: each option's share of all ticks.
    show: current   one bar per matrix row / multiple-choice option, report year
                    (multiple choice as Wel/Niet, as in Figuur 16-17).
    show: previous  the same for the year before the report year (Figuur 19).

Counts are printed inside the segments unless the number does not fit; then the
report's note under Figuur 12 is added. All words come from the codebook;
numbers are formatted by `helpers.report.fmt`.

Notebooks and Quarto. The chapter notebooks are executed by papermill and Quarto
renders the stored outputs without executing them, so a caption or alt text that
depends on the data cannot be a static `#| fig-cap:` cell option. Therefore:

* Recommended: a cell with just `figures.show(t, "week_deelname")` (no `#| label:`/`#| fig-cap:`
  options). It displays one Markdown output: the PNG as a data URI (the executed
  notebook is self-contained; Quarto >= 1.5 hands data URIs to Typst) with the
  caption `title`, the label `label(n)` and `fig-alt`, so the text can refer to
  `@fig-week-deelname`; then, on HTML only, a collapsed callout with
  `figure_data`. Quarto numbers the figure itself ("Figuur 3.1" in a book with
  `crossref: fig-title: Figuur`), which is why the caption has no "Figuur n.".
  A question that was not asked gives an italic sentence instead of a figure.
* Alternative: `#| label: fig-...` and `#| fig-cap: "..."` cell options with a cell
  that returns `figures.figure(t, id)`; the PNG (plain "png", fixed dpi, no
  unitless width/height, see `helpers.report.style`) then goes through Quarto's own
  figure handling, but caption and alt text are static text in the notebook.
* Outside Quarto (previews, factsheets, slides) use `caption` for the printed
  "Figuur n. ..." and `save`/`png` for the file.
"""

from __future__ import annotations

import base64
import io
import textwrap
from functools import cache
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.textpath import text_to_path

from helpers.data import codebook
from helpers.report import display, fmt, style
from helpers.report.indicators import ALL, PANEL, Tables

LABEL_WRAP = 30  # characters per line of a bar label
NOTE_WRAP = 120  # characters per line of a footnote
OMITTED_NOTE = (
    "Noot: Getallen in rechthoeken zijn absolute aantallen. "
    "Bij zeer kleine rechthoeken zijn de getallen weggelaten."
)
COUNT_PAD_PT = 0.75  # free space left and right of a count inside its segment
BAR_IN = 0.24  # thickness of a bar (inches)
LINE_IN = 0.145  # height of one line of a bar label (inches)
PANEL_GAP = 0.5  # extra space (in rows) between the trend rows and the panel rows
DATA_TITLE = "Gegevens bij deze figuur"  # title of the collapsible data table
DATA_COLUMNS = {
    "row": "Rij",
    "year": "Jaar",
    "population": "Selectie",
    "answer": "Antwoord",
    "count": "Aantal",
    "total": "Totaal",
    "pct": "Percentage",
}


class NotAsked(LookupError):
    """The figure's question was not asked in the year the figure shows."""


# --- what a figure shows ------------------------------------------------------------


def is_map(fig_id: str) -> bool:
    """A response figure (helpers.report.maps) rather than a question's bars."""
    return codebook.load().figure(fig_id).question is None


def spec(fig_id: str) -> tuple[codebook.Question, codebook.Figure]:
    """The question feeding bar figure `fig_id` and how it is shown."""
    cb = codebook.load()
    fig = cb.figure(fig_id)
    if fig.question is None:
        raise ValueError(f"{fig_id} (Figuur {fig.number}) is a map (helpers.report.maps), not bars")
    return cb.questions[fig.question], fig


def shown_year(tables: Tables, fig_id: str) -> int:
    """The year a current/previous figure shows (the report year for trends and maps)."""
    fig = codebook.load().figure(fig_id)
    return tables.previous_year if fig.show == "previous" else tables.year


def available(tables: Tables, fig_id: str) -> bool:
    """Whether Figuur `fig_id` can be drawn for this report year."""
    if is_map(fig_id):
        return True
    q, _ = spec(fig_id)
    year = shown_year(tables, fig_id)
    if year is None or not q.asked_in(year):  # None: no previous year
        return False
    t = tables.question_table(q.id)
    return bool(((t["year"] == year) & (t["population"] == ALL)).any())


def _check(tables: Tables, fig_id: str) -> None:
    if not available(tables, fig_id):
        q, fig = spec(fig_id)
        raise NotAsked(
            f"Figuur {fig.number} ({fig_id}) cannot be drawn for report year {tables.year}: "
            f"the question was not asked in {shown_year(tables, fig_id)} "
            f"(asked since {q.since}{f' until {q.until}' if q.until else ''}); "
            "check figures.available() first"
        )


def _answers(q: codebook.Question) -> list[tuple[object, str, bool]]:
    """(code, label, positive) of the segments of an answer bar, in display order."""
    if q.type == "multiple":
        return [(code, label, code == 1) for code, label in codebook.load().multiple_labels.items()]
    return [(o.code, o.label, o.code in q.positive) for o in q.options]


def _year_rows(t: pd.DataFrame, year: int) -> list[tuple[str, int, str]]:
    """(row label, year, population) of a trend figure: all years, then the panel."""
    years = sorted(y for y in t.loc[t["population"] == ALL, "year"].unique() if y <= year)
    rows = [(str(y), int(y), ALL) for y in years]
    # the panel rows that processing wrote: the previous year and this one, or none
    panel_years = sorted(t.loc[t["population"] == PANEL, "year"].unique())
    if len(panel_years) == 2:
        rows += [(f"{y}*", int(y), PANEL) for y in panel_years]
    return rows


def bars(tables: Tables, fig_id: str) -> pd.DataFrame:
    """The segments of bar figure `fig_id`: one row per (bar, answer), in drawing order.

    Columns: row (bar label as drawn), year, population, answer (Dutch label),
    positive, count, total (the bar's 100%), pct (of total, unrounded).
    """
    _check(tables, fig_id)
    q, fig = spec(fig_id)
    t = tables.question_table(q.id)
    year = shown_year(tables, fig_id)
    answers = _answers(q)
    parts = []
    if fig.show == "trend" and q.type == "multiple":
        for row, y, pop in _year_rows(t, year):
            ticked = t[(t["year"] == y) & (t["population"] == pop) & (t["code"] == 1)]
            labels = {str(i.code): i.label for i in q.items(y)}
            parts.append(
                pd.DataFrame(
                    {
                        "row": row,
                        "year": y,
                        "population": pop,
                        "answer": ticked["item"].map(labels).to_numpy(),
                        "positive": True,
                        "count": ticked["count"].to_numpy(),
                        "total": ticked["count"].sum(),
                    }
                )
            )
    elif fig.show == "trend":
        if q.type != "single":
            raise NotImplementedError(f"trend figure of a {q.type} question ({q.id})")
        for row, y, pop in _year_rows(t, year):
            parts.append(_answer_bar(t, answers, row, y, pop, ""))
    else:
        units = [(i.label, str(i.code)) for i in q.items(year)] or [(str(year), "")]
        present = set(t.loc[(t["year"] == year) & (t["population"] == ALL), "item"])
        for row, item in units:
            if item in present:
                parts.append(_answer_bar(t, answers, row, year, ALL, item))
    out = pd.concat(parts, ignore_index=True)
    out["count"] = out["count"].astype(int)
    out["total"] = out["total"].astype(int)
    out["pct"] = (100 * out["count"] / out["total"]).where(out["total"] > 0)
    return out


def _answer_bar(t, answers, row: str, year: int, population: str, item: str) -> pd.DataFrame:
    sel = t[(t["year"] == year) & (t["population"] == population) & (t["item"] == item)]
    counts = sel.set_index("code")["count"]
    total = int(sel["n"].iloc[0]) if len(sel) else 0
    return pd.DataFrame(
        {
            "row": row,
            "year": year,
            "population": population,
            "answer": [label for _, label, _ in answers],
            "positive": [p for _, _, p in answers],
            "count": [int(counts.get(code, 0)) for code, _, _ in answers],
            "total": total,
        }
    )


def colors(tables: Tables, fig_id: str) -> dict[str, str]:
    """Answer label -> colour of bar figure `fig_id` (the legend, in order)."""
    q, fig = spec(fig_id)
    if fig.show == "trend" and q.type == "multiple":
        labels = [i.label for i in q.items(shown_year(tables, fig_id))]
        return dict(zip(labels, style.answer_colors(labels, [], ordered=False), strict=True))
    answers = _answers(q)
    labels = [label for _, label, _ in answers]
    positive = [p for _, _, p in answers]
    return dict(zip(labels, style.answer_colors(labels, positive), strict=True))


# --- texts -----------------------------------------------------------------------------


def title(tables: Tables, fig_id: str) -> str:
    """The figure title as in the report, without "Figuur n.".

    A question shown in more than one figure (Figuur 19 and 20) gets the year it
    shows in parentheses before its final question mark: "... gemeente (2022)?".
    """
    cb = codebook.load()
    if is_map(fig_id):
        return cb.figure(fig_id).title
    q, _ = spec(fig_id)
    text = q.text.strip()
    if len(q.figures) > 1:
        end = text[-1] if text[-1] in "?.:" else ""
        text = f"{text.removesuffix(end)} ({shown_year(tables, fig_id)}){end}"
    return text


def caption(tables: Tables, fig_id: str) -> str:
    """The full caption as the report prints it: "Figuur 3. Doet uw gemeente mee ...?"."""
    return f"Figuur {codebook.load().figure(fig_id).number}. {title(tables, fig_id)}"


def label(fig_id: str) -> str:
    """Quarto cross-reference label, stable across years: "fig-" + id, hyphenated."""
    return codebook.load().figure(fig_id).label


def panel_note(tables: Tables) -> str:
    """ "*Selectie van gemeenten die in 2022 én 2023 hebben meegedaan aan de benchmark.\""""
    note = codebook.load().panel_footnote.format(previous=tables.previous_year, year=tables.year)
    return "*" + note


def notes(tables: Tables, fig_id: str) -> list[str]:
    """The footnotes under a figure: the panel note and/or the note on omitted counts."""
    if is_map(fig_id):
        return []
    data = bars(tables, fig_id)
    out = []
    if (data["population"] == PANEL).any():
        out.append(panel_note(tables))
    if any(not fits for fits in _count_fits(data)):
        out.append(OMITTED_NOTE)
    return out


def alt_text(tables: Tables, fig_id: str) -> str:
    """A Dutch description of the figure's data, complete enough to replace it."""
    if is_map(fig_id):
        from helpers.report import maps

        return maps.alt_text(tables, fig_id)
    q, fig = spec(fig_id)
    data = bars(tables, fig_id)
    kind = {
        "trend": "per jaar",
        "current": f"in {shown_year(tables, fig_id)}",
        "previous": f"in {shown_year(tables, fig_id)}",
    }[fig.show]
    composition = fig.show == "trend" and q.type == "multiple"
    if composition:
        what = "hoe vaak elk antwoord is aangekruist, als deel van alle aangekruiste antwoorden"
        unit = "keer aangekruist"
    else:
        what, unit = "de verdeling over de antwoorden", "gemeenten"
    head = (
        f"Liggend gestapeld staafdiagram (0% tot 100%) met {kind} {what}. "
        f"Vraag: {title(tables, fig_id)}"
    )
    rows = []
    for row, part in data.groupby("row", sort=False):
        segments = fmt.join(
            f"{a} {fmt.number(c)} ({fmt.pct(p)})"
            for a, c, p in zip(part["answer"], part["count"], part["pct"], strict=True)
        )
        total = fmt.number(part["total"].iloc[0])
        rows.append(f"{row}: {segments}; totaal {total} {unit}.")
    tail = []
    if (data["population"] == PANEL).any():
        tail.append("Rijen met een sterretje (*): " + panel_note(tables)[1:])
    return " ".join([head, *rows, *tail])


def figure_data(tables: Tables, fig_id: str) -> pd.DataFrame:
    """The figure's numbers as a tidy table with Dutch column names and labels.

    One row per bar segment: Rij, Jaar, Selectie, Antwoord, Aantal, Totaal, Percentage
    (rounded half up to one decimal). For the maps see `helpers.report.maps.figure_data`.
    """
    if is_map(fig_id):
        from helpers.report import maps

        return maps.figure_data(tables, fig_id)
    data = bars(tables, fig_id)
    data = data.assign(
        population=data["population"].map(
            {ALL: "Alle deelnemers", PANEL: f"Deelnemers {tables.previous_year} én {tables.year}"}
        ),
        pct=data["pct"].map(lambda x: fmt.round_half_up(x, 1)),
    )
    return data[list(DATA_COLUMNS)].rename(columns=DATA_COLUMNS)


# --- drawing ---------------------------------------------------------------------------


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


def stacked_bars(
    data: pd.DataFrame, palette: dict[str, str], footnotes: list[str] | tuple = ()
) -> Figure:
    """Draw horizontal 100%-stacked bars in the house style.

    `data` as returned by `bars`: columns row, answer, count, pct (optionally
    population; panel rows are set a little apart). `palette` maps every answer to
    its colour and fixes the legend order. Reusable for factsheets.
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
            linewidth=0.6,
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

    handles = [Patch(facecolor=c, edgecolor=style.EDGE, label=a) for a, c in palette.items()]
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
def figure(tables: Tables, fig_id: str, footnotes: bool = True) -> Figure:
    """Figuur `fig_id` of the report year of `tables`, in the house style.

    The footnotes (`notes`) are drawn under the bars; with footnotes=False they are
    left out, for a page that prints `notes(tables, fig_id)` as text instead.
    Raises NotAsked when the question was not asked in the year shown (see `available`).
    """
    if is_map(fig_id):
        from helpers.report import maps

        return maps.figure(tables, fig_id)
    data = bars(tables, fig_id)
    drawn = notes(tables, fig_id) if footnotes else []
    return stacked_bars(data, colors(tables, fig_id), drawn)


# --- notebooks and Quarto -------------------------------------------------------------


def markdown(tables: Tables, fig_id: str, image: str, width: str = "100%") -> str:
    """Pandoc/Quarto Markdown of the figure: a captioned, cross-referenceable image.

    `image` is the image source: a path or a data URI (see `quarto_markdown`).
    Quarto numbers the figure itself, so the caption is `title` (no "Figuur n.");
    the label is `label(fig_id)`, so the text can refer to it as `@fig-...`.
    """
    alt = alt_text(tables, fig_id).replace('"', "'")
    caption = _escape(title(tables, fig_id))
    attrs = f'#{label(fig_id)} fig-alt="{alt}" width="{width}"'
    return f"![{caption}]({image}){{{attrs}}}"


def _escape(text: str) -> str:
    """Escape the characters that Markdown would read as markup."""
    for char in "\\[]*_`<>":
        text = text.replace(char, "\\" + char)
    return text


def data_markdown(tables: Tables, fig_id: str) -> str:
    """The figure's data (`figure_data`) as a Markdown pipe table, Dutch notation."""
    shown = figure_data(tables, fig_id).copy()
    for col in shown.columns:
        if col == "Percentage":
            shown[col] = shown[col].map(lambda x: fmt.pct(x, 1))
        elif pd.api.types.is_integer_dtype(shown[col]) and col != "Jaar":
            shown[col] = shown[col].map(fmt.number)
    head = "| " + " | ".join(shown.columns) + " |"
    align = (
        "|"
        + "|".join(
            "--:"
            if col in ("Aantal", "Totaal", "Percentage", "Gemeenten", "Uitgenodigd", "Ingevuld")
            else ":--"
            for col in shown.columns
        )
        + "|"
    )
    body = [
        "| " + " | ".join(_escape(str(v)) for v in row) + " |"
        for row in shown.itertuples(index=False)
    ]
    return "\n".join([head, align, *body])


@style.styled
def png(fig: Figure) -> bytes:
    """`fig` as PNG bytes at the house dpi and its exact size (no cropping)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, dpi=style.DPI, format="png", bbox_inches=None)
    return buffer.getvalue()


def save(fig: Figure, path) -> None:
    """Write `fig` as PNG at the house dpi and its exact size (no cropping)."""
    Path(path).write_bytes(png(fig))


def unavailable_sentence(tables: Tables, fig_id: str) -> str:
    """What the report says instead of a figure whose question was not asked."""
    number = codebook.load().figure(fig_id).number
    if shown_year(tables, fig_id) is None:
        return f"Figuur {number} vervalt: er is geen benchmark van het jaar ervoor."
    return f"Figuur {number} vervalt: de vraag is in {shown_year(tables, fig_id)} niet gesteld."


def quarto_markdown(tables: Tables, fig_id: str, data: bool = True) -> str:
    """Everything `show` displays, as one Markdown string.

    The PNG is embedded as a data URI, so the executed notebook is self-contained
    (no image files, no dependence on the working directory); Quarto >= 1.5 passes
    data URIs on to Typst. The width is a percentage of the text width, so the
    image has a size with units in HTML and Typst alike. With `data`, a collapsible
    callout with the figure's numbers follows, on HTML output only.
    """
    if not available(tables, fig_id):
        return f"*{unavailable_sentence(tables, fig_id)}*"
    fig = figure(tables, fig_id)
    width = f"{round(100 * fig.get_size_inches()[0] / style.WIDTH_IN)}%"
    uri = "data:image/png;base64," + base64.b64encode(png(fig)).decode("ascii")
    parts = [markdown(tables, fig_id, uri, width)]
    if data:
        parts += [
            "",
            '::: {.content-visible when-format="html"}',
            f'::: {{.callout-note collapse="true" appearance="simple" title="{DATA_TITLE}"}}',
            "",
            data_markdown(tables, fig_id),
            "",
            ":::",
            ":::",
        ]
    return "\n".join(parts)


def show(tables: Tables, fig_id: str, data: bool = True) -> None:
    """Notebook: display Figuur `fig_id` as a Quarto figure (caption, label, alt text)
    followed by its data table; a sentence instead when the question was not asked.

    Use it in a cell *without* `#| label:`/`#| fig-cap:` options (the label and
    caption travel in the output) and refer to the figure as `@fig-...` (`label`).
    """
    display.show(quarto_markdown(tables, fig_id, data))


# --- previews ----------------------------------------------------------------------------


def render_all(tables: Tables, folder: Path) -> dict[str, Path]:
    """Write every available figure of the report year as <folder>/figuur_NN_<id>.png."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for fig in codebook.load().figures:
        if available(tables, fig.id):
            out[fig.id] = folder / f"figuur_{fig.number:02d}_{fig.id}.png"
            save(figure(tables, fig.id), out[fig.id])
    return out


def main(argv: list[str] | None = None) -> int:
    """`python -m helpers.report.figures 2023 [folder]`: PNG previews, by default in
    reports/previews/<year>/ (git-ignored)."""
    import argparse
    import time

    from helpers import paths

    parser = argparse.ArgumentParser(description="Render every figure of a report year as PNG.")
    parser.add_argument("year", type=int)
    parser.add_argument("folder", type=Path, nargs="?")
    args = parser.parse_args(argv)
    style.use()
    start = time.perf_counter()
    folder = args.folder or paths.REPORTS / "previews" / str(args.year)
    written = render_all(Tables(args.year), folder)
    missing = [f.id for f in codebook.load().figures if f.id not in written]
    print(f"wrote {len(written)} figures to {folder} in {time.perf_counter() - start:.1f} s")
    if missing:
        print(f"not asked in {args.year}: {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
