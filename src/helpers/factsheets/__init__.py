"""Per-municipality outputs: one confidential factsheet per responding municipality,
never part of the public site (`python -m helpers.factsheets`).

The package owns how a factsheet presents the municipality's model (helpers.municipality:
its figures with disclosure control applied, summary, overview, tips) and how the
factsheets of a year are made. One job a module:

    content     everything it says, as one document (the source of all its forms): page 1
                the summary, the overview and the tips, page 2 every answer
    page        that document as HTML (Jinja2) and PDF (Typst), and in the notebook
    batch       the HTML page and PDF of every respondent, made in-process on threads
    __main__    the command line

notebooks/factsheet.ipynb shows one municipality's factsheet (the researcher's view);
it only calls these. The templates of the HTML page and the PDF are in templates/.
"""
