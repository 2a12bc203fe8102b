"""The colours of a municipality's pages, factsheet and monitor alike."""

from helpers.report import style

# The house colours (quarto/_brand.yml): the province blue, the country grey, as in the
# report's figures; similar municipalities (the class) Okabe-Ito's vermillion.
COLORS = {
    "province": style.OKABE_ITO["blue"],
    "class": style.OKABE_ITO["vermillion"],
    "nation": style.GREY,
    "text": style.TEXT,
    "accent": style.PALETTE["dark-blue"],
    "header": style.PALETTE["pale-blue"],  # table heads, the tips' box
    "rule": style.OKABE_ITO["blue"],  # the rule under a heading, the edge of the tips' box
    "notice": "#FFF4DC",  # the pale orange of a warning, as Quarto's callout
    "notice_edge": style.OKABE_ITO["orange"],  # the warning's edge
    "note": "#666666",  # secondary text
}
