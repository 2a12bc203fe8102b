"""Reference data from outside the survey: where it comes from, the exact bytes we use,
and the credit its licence asks for, defined once.

Only constants, so that every stage can import it cheaply: `boundaries` downloads and
checks the files, the maps print the credit under each map, and the report's colophon, page footer
and the site's landing page repeat it (`helpers.pipeline.quarto`, `helpers.publish`).
"""

from __future__ import annotations

# CBS / PDOK "Gebiedsindelingen" 2023 (generalised), as published by the cartomap/nl
# project, which regenerates its files (new feature ids) from time to time. The URL names
# one commit, so the bytes behind it never change, and pooch checks them against these
# sha256 on download. A local mirror (EEN_CBS_MIRROR) may hold another byte copy of the
# same layers and is checked on content (`boundaries.check_content`): the offline reference
# copy has other feature ids, and lacks one 2-point spike on the coast of Schouwen-Duiveland.
CBS_BOUNDARIES_URL = "https://raw.githubusercontent.com/cartomap/nl/{commit}/wgs84"
CBS_BOUNDARIES_COMMIT = "c000442c99dcb22735af8e94de0f38643217a2fa"
CBS_BOUNDARY_FILES = {  # layer -> (file name, sha256 of the file at that commit)
    "municipalities": (
        "gemeente_2023.geojson",
        "5da4f9eb42a440cd187555cb99f43c2a403f5d1df8b441877321056ba6f5b182",
    ),
    "provinces": (
        "provincie_2023.topojson",
        "709d86ba268538a546e8c211e79d2074a75f9a540946147824d19bff856700ed",
    ),
}
CBS_LICENCE = "CC BY 4.0"
# The attribution CC BY asks for, in the report's language: under each map, in the
# colophon, in the footer of every web page and on the landing page.
MAP_CREDIT = f"Bron kaartgrenzen: CBS/PDOK ({CBS_LICENCE})"

# CBS urbanity class ("stedelijkheid", 1 zeer sterk ... 5 niet stedelijk) of every
# municipality: the peer group of the factsheets and monitors (`helpers.data.classes`).
# StatLine publishes it per year in "Gebieden in Nederland <year>"; the project reads one
# CSV per year (gemeentecode, stedelijkheid) from a mirror folder, since StatLine's column
# names change with every year's table (docs/factsheets-and-monitor.md, "Similar
# municipalities"). A year pinned here must have exactly these bytes; any year's file is
# also checked on content. 2023: the offline mirror's file (its PROVENANCE.md: StatLine
# 85385NED and the Wijk- en Buurtkaart 2023 agree for all 342 municipalities).
CBS_CLASSES_FILE = "gemeenten_{year}_stedelijkheid.csv"
CBS_CLASSES_SHA256 = {
    2023: "1afb8307a1a8faddf99fe07bd17190001d06e682775c963cba6123ab0393bc8b",
}
# Where meta.json and docs/factsheets-and-monitor.md say the classes come from ({year}:
# the classes' year).
CBS_CLASSES_SOURCE = f"CBS, stedelijkheid uit Gebieden in Nederland {{year}} ({CBS_LICENCE})"
