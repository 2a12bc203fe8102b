"""Per-municipality outputs: one confidential factsheet per responding municipality,
never part of the public site (`python -m helpers.factsheets`).

The package owns what a factsheet says and how the factsheets of a year are made;
the numbers come from the processed tables (helpers.data.process), the disclosure
control from helpers.disclosure. One job a module:

    model       the factsheet of one municipality as data, a province or class figure
                only where helpers.disclosure allows it
    summary     its summary sentences ("Uw gemeente in het kort")
    tips        what the municipality can still do, with the programme's support, and its
                strong points ("Wat uw gemeente nog meer kan doen"; editorial data in
                data/raw/advies.yaml), JSON-ready for the factsheet and the monitor
    overview    per actielijn and pijler: the share of its practices it has beside its
                class, province and country, tips and strong points marked
    content     everything it says, as one document (the source of all its forms): page 1
                the summary, the overview and the tips, page 2 every answer
    page        that document as HTML (Jinja2) and PDF (Typst), and in the notebook
    batch       the HTML page and PDF of every respondent, made in-process on threads
    __main__    the command line

notebooks/factsheet.ipynb shows one municipality's factsheet (the researcher's view);
it only calls these. The templates of the HTML page and the PDF are in templates/.
"""
