"""Per-municipality outputs: one confidential factsheet per responding municipality,
never part of the public site (`python -m helpers.factsheets`).

The package owns what a factsheet says and how the factsheets of a year are made;
the numbers come from the processed tables (helpers.data.process), the notebooks run
on the engine of helpers.build. One job a module:

    model       the factsheet of one municipality as data, with disclosure control
                (a province figure only where at least 5 others answered, and not all alike)
    summary     its summary sentences
    content     everything it says, as one document (the source of all its forms)
    page        that document as HTML (Jinja2) and PDF (Typst), and in the notebook
    batch       the notebook executed for every respondent, written with its HTML and PDF
    __main__    the command line

notebooks/factsheet.ipynb is the one factsheet notebook; it only calls these. The
templates of the HTML page and the PDF are in templates/.
"""
