"""The bar figures (helpers.report.figures), drawn from tables processed from data/raw."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from helpers.data import codebook  # noqa: E402
from helpers.report import figures, style  # noqa: E402
from helpers.report.figures import (
    draw,  # noqa: E402
    previews,  # noqa: E402
)
from helpers.report.indicators import Tables  # noqa: E402

pytestmark = pytest.mark.synthetic_data  # numbers of the shipped synthetic exports

BAR_FIGURES = [f.id for f in codebook.load().figures if f.question]


@pytest.fixture(scope="module")
def tables(processed):
    style.use()
    return {year: Tables(year, processed) for year in range(2019, 2024)}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def segments(fig):
    """(row, answer) -> width of every drawn bar segment."""
    ax = fig.axes[0]
    return {
        tuple(p.get_gid().split("|")): p.get_width()
        for p in ax.patches
        if isinstance(p, Rectangle) and p.get_gid()
    }


def counts_drawn(fig):
    """(row, answer) -> the number printed inside the segment."""
    ax = fig.axes[0]
    return {tuple(t.get_gid().split("|")): t.get_text() for t in ax.texts if t.get_gid()}


def footnote(fig):
    return " ".join(t.get_text() for t in fig.texts if t.get_gid() == "footnotes")


@pytest.mark.slow  # every figure of the year
@pytest.mark.parametrize("fig_id", BAR_FIGURES)
def test_every_bar_figure_builds_for_2023(tables, fig_id):
    """Each bar figure of 2023, drawn once: size, bars, counts, alt text and panel rows."""
    t = tables[2023]
    fig = figures.figure(t, fig_id)
    width, height = fig.get_size_inches()
    assert width == pytest.approx(style.WIDTH_IN)
    assert 1 < height < 8
    data = figures.bars(t, fig_id)
    drawn = segments(fig)
    assert len(drawn) == len(data)
    for row, part in data.groupby("row"):
        assert sum(drawn[(row, a)] for a in part["answer"]) == pytest.approx(100)
    # the counts printed in the bars are those of the table
    printed = counts_drawn(fig)
    assert printed, "no counts drawn at all"
    by_key = data.set_index(["row", "answer"])
    for key, text in printed.items():
        assert text == f"{by_key.loc[key, 'count']:,}".replace(",", ".")
    # the raw indicator table agrees with what the figure shows
    q, show = figures.spec(fig_id)
    if show.show != "trend" or q.type != "multiple":
        table = t.question_table(q.id)
        year = figures.shown_year(t, fig_id)
        alle = table[(table["year"] == year) & (table["population"] == "alle")]
        shown = data[(data["year"] == year) & (data["population"] == "alle")]
        assert shown["count"].sum() == alle["count"].sum()
    # only a trend has panel rows
    if show.show != "trend":
        assert "Selectie" not in footnote(fig)
        assert (data["population"] == "alle").all()
    # the alt text states every bar's total and each segment's count
    alt = figures.alt_text(t, fig_id)

    def dutch(n: int) -> str:
        return f"{n:,}".replace(",", ".")

    for row, part in data.groupby("row", sort=False):
        assert f"{row}: " in alt
        for answer, count in zip(part["answer"], part["count"], strict=True):
            assert f"{answer} {dutch(count)} (" in alt
        assert f"totaal {dutch(part['total'].iloc[0])} " in alt
    assert fig.axes[0].get_xlim() == (0, 100)
    ticks = [x.get_text() for x in fig.axes[0].get_xticklabels()]
    assert ticks[0] == "0%" and ticks[-1] == "100%"


def test_figure_16_ouderen(tables):
    """The report: Ja 170 / Nee 4 for Ouderen."""
    fig = figures.figure(tables[2023], "doelgroepen")
    drawn = counts_drawn(fig)
    assert drawn[("Ouderen", "Ja")] == "170"
    assert drawn[("Ouderen", "Nee")] == "4"


def test_figure_3_week_deelname(tables):
    """The report: 153 gemeenten (89%) in 2023; 2022* and 2023* panel rows at the bottom."""
    t = tables[2023]
    data = figures.bars(t, "week_deelname")
    rows = list(dict.fromkeys(data["row"]))
    assert rows == ["2019", "2020", "2021", "2022", "2023", "2022*", "2023*"]
    ja = data[(data["row"] == "2023") & (data["answer"] == "Ja")].iloc[0]
    assert (ja["count"], ja["total"]) == (153, 172)
    assert counts_drawn(figures.figure(t, "week_deelname"))[("2023", "Ja")] == "153"


def test_small_segments_are_left_unlabelled(tables):
    t = tables[2023]
    fig = figures.figure(t, "samenstelling_coalitie")
    data = figures.bars(t, "samenstelling_coalitie")
    drawn = counts_drawn(fig)
    small = data[(data["pct"] < 2) & (data["count"] > 0)]
    big = data[data["pct"] > 8]
    assert len(small), "test data has no small segment in Figuur 12"
    for row in small.itertuples():
        assert (row.row, row.answer) not in drawn
    for row in big.itertuples():
        assert (row.row, row.answer) in drawn
    zero = data[data["count"] == 0]
    assert all((r.row, r.answer) not in drawn for r in zero.itertuples())
    assert figures.OMITTED_NOTE in footnote(fig)


def test_count_fits_rule():
    data = pd.DataFrame(
        {
            "row": ["a"] * 4,
            "answer": list("wxyz"),
            "count": [3, 170, 0, 10],
            "pct": [0.8, 97.7, 0.0, 1.5],
        }
    )
    assert draw._count_fits(data) == [False, True, False, False]


@pytest.mark.parametrize("year", [2020, 2021, 2022, 2023])
def test_panel_rows_and_footnote_when_previous_year(tables, year):
    t = tables[year]
    fig = figures.figure(t, "week_deelname")
    rows = list(dict.fromkeys(figures.bars(t, "week_deelname")["row"]))
    assert rows[-2:] == [f"{year - 1}*", f"{year}*"]
    note = f"*Selectie van gemeenten die in {year - 1} én {year} hebben meegedaan aan de benchmark."
    assert note in footnote(fig)
    assert figures.notes(t, "week_deelname")[0] == note
    labels = [x.get_text() for x in fig.axes[0].get_yticklabels()]
    assert labels == [str(y) for y in range(2019, year + 1)] + [f"{year - 1}*", f"{year}*"]


def test_no_panel_rows_without_previous_year(tables):
    t = tables[2019]
    fig = figures.figure(t, "week_deelname")
    rows = list(figures.bars(t, "week_deelname")["row"].unique())
    assert rows == ["2019"]
    assert "Selectie" not in footnote(fig)
    assert not any("*" in r for r in rows)


def test_labels_come_from_the_codebook(tables):
    t = tables[2023]
    cb = codebook.load()
    q = cb.questions["doelgroepen"]
    fig = figures.figure(t, "doelgroepen")
    ticks = [x.get_text().replace("\n", " ") for x in fig.axes[0].get_yticklabels()]
    assert ticks == [r.label for r in q.rows]
    legend = [x.get_text() for x in fig.legends[0].get_texts()]
    assert legend == [o.label for o in q.options] == ["Ja", "Nee"]
    # multiple choice: Wel/Niet from multiple_labels
    legend17 = [x.get_text() for x in figures.figure(t, "best_practices").legends[0].get_texts()]
    assert legend17 == list(cb.multiple_labels.values()) == ["Wel", "Niet"]
    legend18 = [
        x.get_text() for x in figures.figure(t, "monitoring_evaluatie").legends[0].get_texts()
    ]
    assert legend18 == [o.label for o in cb.questions["monitoring_evaluatie"].options]


def test_multiple_choice_trend_is_split_by_option(tables):
    t = tables[2023]
    data = figures.bars(t, "huisbezoek_uitvoerders")
    q = codebook.load().questions["huisbezoek_uitvoerders"]
    assert list(data["answer"].unique()) == [o.label for o in q.options]
    table = t.question_table("huisbezoek_uitvoerders")
    wel = table[(table["year"] == 2023) & (table["population"] == "alle") & (table["code"] == 1)]
    row = data[data["row"] == "2023"]
    assert row["count"].sum() == wel["count"].sum() == row["total"].iloc[0]


def test_figure_19_shows_previous_year(tables):
    t = tables[2023]
    data = figures.bars(t, "uitdagingen_vorig_jaar")
    assert set(data["year"]) == {2022}
    assert figures.title(t, "uitdagingen_vorig_jaar").endswith("in uw gemeente (2022)?")
    assert figures.title(t, "uitdagingen").endswith("in uw gemeente (2023)?")
    assert figures.label("uitdagingen_vorig_jaar") != figures.label("uitdagingen")
    duurzaam = data[(data["row"] == "Werken aan een duurzame aanpak") & (data["answer"] == "Wel")]
    assert round(duurzaam["pct"].iloc[0]) == 70  # the report: 70% in 2022


def test_captions(tables):
    t = tables[2023]
    assert figures.caption(t, "week_deelname") == (
        "Figuur 3. Doet uw gemeente mee aan de landelijke Week tegen Eenzaamheid?"
    )
    assert (
        figures.caption(t, "samenstelling_coalitie") == "Figuur 12. Samenstelling lokale coalitie"
    )
    assert (
        figures.caption(t, "respons_kaart") == "Figuur 1. Landelijke spreiding ingevulde enquêtes"
    )
    assert figures.caption(t, "respons_provincies") == "Figuur 2. Respons naar provincies"
    labels = [figures.label(f.id) for f in codebook.load().figures]
    assert len(set(labels)) == 20
    assert all(x.startswith("fig-") and "_" not in x for x in labels)


def test_alt_text_describes_the_data(tables):
    t = tables[2023]
    alt = figures.alt_text(t, "week_deelname")
    assert "2023: Ja 153 (89%) en Nee 19 (11%); totaal 172 gemeenten." in alt
    assert "2023*:" in alt and "Selectie van gemeenten die in 2022 én 2023" in alt
    assert "Ouderen: Ja 170 (98%) en Nee 4 (2%)" in figures.alt_text(t, "doelgroepen")
    assert "(2022)?" in figures.alt_text(t, "uitdagingen_vorig_jaar")
    assert "keer aangekruist" in figures.alt_text(t, "huisbezoek_uitvoerders")


def test_figure_data_is_tidy_and_dutch(tables):
    t = tables[2023]
    data = figures.figure_data(t, "week_deelname")
    assert list(data.columns) == [
        "Rij",
        "Jaar",
        "Selectie",
        "Antwoord",
        "Aantal",
        "Totaal",
        "Percentage",
    ]
    row = data[(data["Rij"] == "2023") & (data["Antwoord"] == "Ja")].iloc[0]
    assert (row["Aantal"], row["Totaal"], row["Percentage"]) == (153, 172, 89.0)
    assert set(data["Selectie"]) == {"Alle deelnemers", "Deelnemers 2022 én 2023"}


def test_question_not_asked(tables):
    t = tables[2022]
    assert not figures.available(t, "doelgroepen")  # doelgroepen: 2023 only
    with pytest.raises(figures.NotAsked, match="Figuur 16"):
        figures.figure(t, "doelgroepen")
    assert not figures.available(
        tables[2020], "producten_diensten"
    )  # producten_diensten: from 2021
    assert not figures.available(tables[2019], "uitdagingen_vorig_jaar")  # no previous year
    assert figures.available(tables[2020], "uitdagingen_vorig_jaar")
    with pytest.raises(KeyError, match="no figure 'weekdeelname'"):
        figures.figure(t, "weekdeelname")


@pytest.mark.slow
@pytest.mark.parametrize("year", [2019, 2020, 2021, 2022])  # 2023: the test per figure above
def test_every_year_builds(tables, year):
    t = tables[year]
    for fig_id in BAR_FIGURES:
        if figures.available(t, fig_id):
            fig = figures.figure(t, fig_id)
            assert segments(fig)
            plt.close(fig)


def test_financiering_option_only_in_2023(tables):
    rows23 = set(figures.bars(tables[2023], "financiering")["row"])
    rows22 = set(figures.bars(tables[2022], "financiering")["row"])
    assert "Specifieke Uitkering (SpUK) Eén tegen eenzaamheid" in rows23 - rows22


def test_markdown_for_quarto(tables):
    t = tables[2023]
    md = figures.markdown(t, "week_deelname", "fig.png")
    assert md.startswith("![Doet uw gemeente mee aan de landelijke Week tegen Eenzaamheid?]")
    assert "(fig.png){#fig-week-deelname " in md
    assert 'width="100%"' in md and 'fig-alt="Liggend' in md
    assert "Toolkit ‘Interventies’" in figures.data_markdown(t, "producten_diensten")


def test_show_displays_self_contained_markdown(tables, monkeypatch):
    shown = []
    monkeypatch.setattr(
        "IPython.display.display", lambda obj, raw: shown.append(obj["text/markdown"])
    )
    figures.show(tables[2023], "doelgroepen")
    md = shown[0]
    assert md.startswith("![Heeft uw gemeente in de lokale aanpak aandacht voor")
    assert "](data:image/png;base64,iVBOR" in md
    assert "{#fig-doelgroepen " in md and "| Ouderen | 2023 |" in md
    # the data table: a native <details> on HTML only, after the figure (no callout, whose
    # header is a div with aria-expanded)
    assert 'when-format="html"' in md and "callout" not in md
    folded = md.split('<details class="figuurgegevens">\n<summary>Gegevens bij deze figuur')
    assert len(folded) == 2 and "| Ouderen | 2023 |" in folded[1].split("</details>")[0]
    figures.show(tables[2022], "doelgroepen")
    assert shown[-1] == "*Figuur 16 vervalt: de vraag is in 2022 niet gesteld.*"
    figures.show(tables[2023], "respons_provincies", data=False)
    assert "{#fig-respons-provincies " in shown[-1] and "<details" not in shown[-1]


def test_figure_without_footnotes(tables):
    fig = figures.figure(tables[2023], "week_deelname", footnotes=False)
    assert footnote(fig) == ""
    assert figures.notes(tables[2023], "week_deelname")


def test_house_style_colours():
    # ja/nee/weet niet: blue, orange, grey
    assert style.answer_colors(["Ja", "Nee", "Weet niet"], [True, False, False]) == [
        style.OKABE_ITO["blue"],
        style.OKABE_ITO["orange"],
        style.GREY,
    ]
    likert = style.answer_colors(
        ["Helemaal mee eens", "Mee eens", "Neutraal", "Mee oneens", "Helemaal mee oneens"],
        [True, True, False, False, False],
    )
    assert likert == style.BLUES[2] + [style.GREY] + style.ORANGES[2]
    assert len(set(style.answer_colors(list("abcdef"), [], ordered=False))) == 6
    assert style.text_color(style.OKABE_ITO["blue"]) == "white"
    assert style.text_color(style.OKABE_ITO["orange"]) == "black"
    assert style.text_color(style.GREY) == "black"


def test_use_sets_fixed_png_output():
    import matplotlib as mpl

    style.use()
    assert mpl.rcParams["savefig.dpi"] == style.DPI
    assert mpl.rcParams["savefig.bbox"] is None
    assert mpl.rcParams["font.family"] == ["DejaVu Sans"]


def test_png_has_fixed_size_and_dpi(tables):
    import io

    from PIL import Image

    fig = figures.figure(tables[2023], "week_deelname")
    image = Image.open(io.BytesIO(figures.png(fig)))
    width_in, height_in = fig.get_size_inches()
    assert image.size[0] == 1260 == width_in * style.DPI
    assert abs(image.size[1] - height_in * style.DPI) < 1
    assert round(image.info["dpi"][0]) == style.DPI


@pytest.mark.slow
def test_render_all_skips_figures_not_asked(tables, tmp_path):
    written = previews.render_all(tables[2019], tmp_path)
    not_asked = {"producten_diensten", "samenstelling_coalitie", "doelgroepen", "best_practices"}
    everything = {f.id for f in codebook.load().figures}
    assert everything - set(written) == not_asked | {"uitdagingen_vorig_jaar"}  # no 2018
    assert written["week_deelname"].name == "figuur_03_week_deelname.png"
    assert all(p.read_bytes()[:4] == b"\x89PNG" for p in written.values())


def test_house_style_does_not_depend_on_the_callers_rcparams(tables):
    """A notebook's inline backend changes rcParams; the figure must look the same."""
    plain = figures.png(figures.figure(tables[2023], "uitdagingen"))
    with matplotlib.rc_context({"font.size": 20, "axes.spines.top": True, "legend.frameon": True}):
        changed = figures.png(figures.figure(tables[2023], "uitdagingen"))
    assert plain == changed


@pytest.mark.slow  # every figure of the year
@pytest.mark.parametrize("fig_id", BAR_FIGURES)
def test_bars_and_words_have_the_contrast_wcag_asks(tables, fig_id):
    """WCAG 1.4.11: every segment has an edge of 3:1 against the page, and where two
    segments meet, the fills differ by 3:1 or the edge between them stands out by 3:1
    from one of them. WCAG 1.4.3: every count has 4.5:1 against its segment, and every
    other word 4.5:1 against the page."""
    fig = figures.figure(tables[2023], fig_id)
    ax = fig.axes[0]
    page = fig.get_facecolor()
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_gid()]
    assert bars
    rows: dict[float, list] = {}
    for bar in bars:
        assert bar.get_linewidth() > 0 and style.contrast(bar.get_edgecolor(), page) >= 3
        rows.setdefault(bar.get_y(), []).append(bar)
    for row in rows.values():
        row.sort(key=lambda b: b.get_x())
        for left, right in zip(row, row[1:], strict=False):
            a, b, edge = left.get_facecolor(), right.get_facecolor(), left.get_edgecolor()
            visible = max(style.contrast(a, b), style.contrast(a, edge), style.contrast(b, edge))
            assert visible >= 3, (left.get_gid(), right.get_gid())
    fill = {b.get_gid(): b.get_facecolor() for b in bars}
    for text in ax.texts:
        assert style.contrast(text.get_color(), fill[text.get_gid()]) >= 4.5, text.get_text()
    words = [*fig.texts, *ax.get_xticklabels(), *ax.get_yticklabels()]
    words += [t for legend in fig.legends for t in legend.get_texts()]
    for text in words:
        assert style.contrast(text.get_color(), page) >= 4.5, text.get_text()
    for legend in fig.legends:
        for key in legend.get_patches():
            assert key.get_linewidth() > 0
            assert style.contrast(key.get_edgecolor(), page) >= 3
