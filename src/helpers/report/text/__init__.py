"""Dutch prose for the report chapters: the words around the numbers.

A chapter notebook (notebooks/<chapter>.ipynb) holds its static sentences in Markdown
cells and writes the sentences with a number in them as f-strings; what depends on the
data comes from here. Where to find what:

    thresholds    the editorial data of the text (data/raw/rapport.yaml, EDITORIAL):
                  thresholds, words, the programme's periods; and the one scale that
                  grades every change (Grade, grade)
    lookup        questions and labels from the codebook, shares from the tables
    phrasing      amounts, labels and lists in Dutch words; joining sentences
    changes       changes and trends in words ("iets gestegen", "vergelijkbaar met")
    markup        Quarto and notebook syntax: show, ref, note, tables, the callout
    subjects      what several chapters talk about, selected without words
    shared        sentences that several chapters print word for word
    inleiding, samenvatting, respons, actielijnen, pijlers, uitdagingen
                  one module per chapter: that chapter's own sentences

A chapter module imports from the generic modules, never from another chapter.

Names say what a function returns: `*_phrase`, `*_clause`, `*_words`: words inside a
sentence (no capital, no full stop); `*_sentence`: one sentence; `*_paragraph`: one or
more sentences; `*_note`: the text of a footnote; `*_table`: a Markdown table. All
return "" when there is nothing to say (a question not asked that year, no previous
year, no panel).

No survey number, report year or threshold is typed here: everything comes from the
processed tables, the codebook and the report's editorial data (data/raw/rapport.yaml:
thresholds, words, and the programme's periods, which no survey answer can tell).
Numbers are formatted by `helpers.report.fmt`; figures are referred to by their question
id (`markup.ref`), never by number.
"""
