"""The national report: numbers, Dutch words and figures for the chapter notebooks.

indicators  reading counts and shares out of data/processed (Tables)
fmt         Dutch number formatting (Babel)
text        Dutch prose chosen from the data: generic phrasing, lookups, thresholds,
            and one module per chapter
style       the house style of every figure
figures     Figuur 1-20 by id: bars, words (captions, alt text, data tables),
            drawing, notebook output, PNG previews
maps        the response maps (geopandas)
display     notebook output for both readers: Quarto Markdown, and the same as HTML
            for JupyterLab
chapter     the one setup call at the top of every chapter notebook
chapters    the chapter list and their numbers, read from book.chapters of the Quarto
            template _quarto.yml
"""
