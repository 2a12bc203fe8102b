"""A monitor as files: one HTML page per municipality, beside one lib/ folder they share.

    write_lib(folder)           # lib/: vega.js, charts.js, monitor.js, monitor.css, NOTICE.txt
    html(data.monitor(...), stem)   # the page: its data inline, the scripts from lib/

Everything opens from the folder itself (file://), with no network: the JavaScript of
Vega, Vega-Lite and vega-embed is the bundle that vl-convert-python makes (no CDN; kept
in data/external/vega/, as making it takes seconds), and
each page holds its data as inline JSON (a browser fetches no file from file://). The
page scripts are classic scripts, because Chromium does not load ES modules from
file://.
"""

from __future__ import annotations

import functools
from pathlib import Path

from helpers import disclosure, paths
from helpers.files import write_if_changed
from helpers.monitor import charts
from helpers.monitor.data import WORDS
from helpers.municipality import tips
from helpers.municipality.model import NOT_ASKED, NOT_ASKED_NOTE
from helpers.municipality.overview import SINCE
from helpers.report import fmt
from helpers.templates import environment, script_json

TEMPLATES = Path(__file__).with_name("templates")
LIB = "lib"
STATIC = ("monitor.js", "monitor.css")  # copied from templates/ as they are
LIB_FILES = ("vega.js", "NOTICE.txt", "charts.js", *STATIC)  # all of lib/
LOCALE = "nl-NL"  # d3's number format of the chart axes
FACTSHEETS = "../factsheets"  # the factsheets' folder, seen from the monitor's
# The site's accessibility statement, seen from where the page is read: its municipality's
# page at /<year>/gemeenten/ (helpers.delivery). From reports/<year>/monitor/ it leads
# nowhere, as the book's "Alle jaren" does outside the site.
STATEMENT = f"../../{paths.STATEMENT}"
CACHE = paths.EXTERNAL / "vega"  # the bundles of vl-convert-python, one per version


@functools.cache
def _bundle() -> tuple[str, str]:
    """(vega.js, its notice): Vega, Vega-Lite of Altair's schema, vega-embed, as one script.

    vl-convert-python takes seconds to bundle them, always to the same bytes for the same
    versions, so the bundle is kept in data/external/ under those versions (`CACHE`)."""
    import altair as alt
    import vl_convert as vlc

    version = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]  # "v6.4.1" -> "6.4"
    notice = (
        f"vega.js: Vega {vlc.get_vega_version()}, Vega-Lite {version} and vega-embed "
        f"{vlc.get_vega_embed_version()} with their dependencies (d3 and others), bundled "
        f"by vl-convert-python {vlc.__version__}. Vega, Vega-Lite and vega-embed: "
        "BSD-3-Clause, (c) University of Washington Interactive Data Lab; d3: ISC, "
        "(c) Mike Bostock; vl-convert: BSD-3-Clause, (c) Jon Mease.\n"
    )
    cache = CACHE / f"vega-{vlc.__version__}-vega-lite-{version}.js"
    if not cache.is_file():
        write_if_changed(cache, vlc.javascript_bundle(vl_version=version))
    return cache.read_text("utf-8"), notice


def _charts_script() -> str:
    import vl_convert as vlc

    settings = {
        "specs": charts.specs(WORDS["share"]),
        "dataset": charts.ROWS,
        "lines": charts.LINES,
        "char": charts.CHAR,
        "line": charts.LINE,
        "min_plot": charts.MIN_PLOT,
        "locale": vlc.get_format_locale(LOCALE),
    }
    return f"window.MONITOR_CHARTS = {script_json(settings)};\n"


def write_lib(folder: Path) -> Path:
    """Write (where changed) the scripts and styles the pages in `folder` share."""
    lib = Path(folder) / LIB
    bundle, notice = _bundle()
    write_if_changed(lib / "vega.js", bundle)
    write_if_changed(lib / "NOTICE.txt", notice)
    write_if_changed(lib / "charts.js", _charts_script())
    for name in STATIC:
        write_if_changed(lib / name, (TEMPLATES / name).read_text("utf-8"))
    return lib


def factsheet_href(stem: str, suffix: str) -> str:
    """Where the page links to its factsheet (`suffix` pdf or html): beside the monitor
    folder, as in reports/<year>/ (helpers.delivery puts the files themselves in its place)."""
    return f"{FACTSHEETS}/{stem}.{suffix}"


def _advice_words(klasse: str | None) -> dict:
    """The headings and introductions of the advice (thresholds from its editorial data;
    `klasse`: the peer group's name, None in a year without CBS classes)."""
    editorial = tips.load()
    nation = f"de gemeenten in {WORDS['nation']}"
    peers = f"de {klasse}" if klasse else nation
    instead = f" Waar hun cijfer niet getoond wordt, geldt dat van {nation}." if klasse else ""
    return {
        "title": tips.TITLE,
        "intro": "Werkwijzen die uw gemeente nog niet toepast en minstens "
        f"{fmt.pct(editorial.tip_from)} van {peers} wel.{instead} De meest gangbare eerst, elk "
        "met de hulp van het programma die erbij past.",
        "strong_title": tips.STRONG_TITLE,
        "strong_intro": "Wat uw gemeente doet en hoogstens "
        f"{fmt.pct(editorial.strong_up_to)} van de gemeenten in {WORDS['nation']} ook doet.",
    }


def _overview_notes(overview: dict) -> list[str]:
    """The notes under the overview: why a group's average is missing (†), where one is,
    and where it stands when only rows still folded away hold one; then the overview's
    own (what the table leaves out)."""
    pillars = [g for p in overview["pillars"] for g in p["groups"]]
    practices = [g for p in overview["pillars"] for r in p["practices"] for g in r["groups"]]
    if disclosure.SUPPRESSED not in pillars + practices:
        return overview["notes"]
    folded = (
        ""
        if disclosure.SUPPRESSED in pillars
        else f" Het teken {disclosure.SUPPRESSED} staat dan alleen bij werkwijzen: open een "
        "actielijn of pijler om ze te zien."
    )
    return [
        f"{disclosure.SUPPRESSED} {disclosure.NOT_SHOWN}: een gemiddelde staat er alleen als "
        "elk cijfer waaruit het bestaat er staat (die van de werkwijzen waarover uw gemeente "
        f"een antwoord gaf); zie de toelichting onderaan de pagina.{folded}",
        *overview["notes"],
    ]


def html(data: dict, stem: str) -> str:
    """The monitor page of one municipality (`data.monitor`), whose factsheet is `stem`."""
    entries = [e for year in data["by_year"].values() for e in year["units"].values()]
    suppressed = {  # as on the factsheet: a footnote only where it applies, one for both
        disclosure.PROVINCE: any(e["province"] is None for e in entries),
        disclosure.CLASS: any(
            e["class"] is None
            for year in data["by_year"].values()
            if year["klasse"]
            for e in year["units"].values()
        ),
    }
    groups = [g for g, applies in suppressed.items() if applies]
    not_asked = any(NOT_ASKED in (e["own_label"], e["previous_label"]) for e in entries)
    footnotes = [disclosure.note(*groups)] * bool(groups) + [NOT_ASKED_NOTE] * not_asked
    template = environment(TEMPLATES).get_template("monitor.html.j2")
    return template.render(
        d=data,
        data_json=script_json(data),
        lib=LIB,
        colors=charts.COLORS,
        years=fmt.join([str(y) for y in data["years"]]),
        skipped=fmt.join([str(y) for y in data["skipped"]]),
        synthetic_years=fmt.join([str(y) for y in data["synthetic"]]),
        province_any=any(e["province"] for e in entries),
        class_any=any(e["class"] for e in entries),
        footnotes=footnotes,
        peers=fmt.join(data["overview"]["scopes"]),
        overview_notes=_overview_notes(data["overview"]),
        since=(
            SINCE.format(previous=data["overview"]["previous"])
            if data["overview"]["previous"] is not None
            else None
        ),
        no_change=(
            WORDS["first_year"]
            if data["by_year"][str(data["year"])]["previous"] is None
            else WORDS["no_previous"].format(
                previous=data["by_year"][str(data["year"])]["previous"]
            )
        ),
        advice=_advice_words(data["by_year"][str(data["year"])]["klasse"]),
        statement=STATEMENT,
        factsheet={
            "pdf": factsheet_href(stem, "pdf"),
            "html": factsheet_href(stem, "html"),
            "name": f"factsheet-{data['year']}-{stem}",
        },
    )
