"""The national report: numbers, Dutch words and figures for the chapter notebooks.

indicators  reading counts and shares out of data/processed (Tables)
fmt         Dutch number formatting (Babel)
text        Dutch prose chosen from the data: generic phrasing, lookups, thresholds,
            and one module per chapter
style       the house style of every figure
figures     Figuur 1-20 by id: bars, captions, alt text, data tables
maps        the response maps (geopandas)
"""
