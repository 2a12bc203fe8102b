"""Per-municipality outputs: one confidential factsheet per responding municipality,
never part of the public site (`python -m helpers.factsheets`).

The package owns what a factsheet says and how the factsheets of a year are made;
the numbers come from the processed tables (helpers.data.process), the notebooks run
on the engine of helpers.build. One job a module:

    model       the factsheet of one municipality as data, with disclosure control
                (a province figure only where at least 5 others answered)
    markdown    its title, legend, topic tables and figure heading as Markdown
    summary     its summary sentences
    figure      its figure (bars of a multiple-choice question)
    batch       the notebook executed for every respondent, written as files
    quarto      HTML and PDF of those notebooks, when Quarto is installed
    __main__    the command line

notebooks/factsheet.ipynb is the one factsheet notebook; it only calls these.
"""
