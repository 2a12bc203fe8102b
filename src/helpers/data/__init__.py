"""Intake and processing: everything between data/raw/ and data/processed/.

codebook    the questionnaire (data/raw/codebook.yaml): questions, periods, figures
rawdata     intake of a year folder: its files; CSV, .xlsx or .sav read as text
validate    a raw export against the codebook and the CBS register (pandera)
boundaries  the CBS boundary files of 2023: fetched (mirror or pinned download), checked
registers   the municipality register of any year (2023's and the merger table), names
geo         the map areas of a year: provinces, and 2023's municipalities merged forward
classes     the CBS urbanity class of each municipality of a year (the peer group)
sources     where the CBS reference data come from, pinned by sha256, and their credit
stamp       the digest of the data step's inputs, written beside the tables it makes
process     validated exports -> indicator tables per year (`python -m helpers.data.process`)
synthetic   the deterministic generator of the shipped synthetic exports
"""
