"""The online eenzaamheidsmonitor: one confidential interactive page per municipality
that responded: an overview per actielijn and pijler with tips, then its answers over
every year it took part against similar municipalities (its CBS urbanity class), its
province and the country (`python -m helpers.monitor`, `make monitor`). Never part of
the public site.

    data        what one monitor shows, as JSON-ready data (helpers.municipality's
                model, as the factsheet's, so the same disclosure control)
    charts      its two charts as Vega-Lite specifications (Altair), and their colours
    page        the HTML page (Jinja2) and the lib/ folder the pages share (the Vega
                bundle of vl-convert-python, made once per version: no CDN, opens offline)
    batch       every respondent's page of a year, written with progress
    __main__    the command line

templates/ holds the page, its script and its styles.
"""
