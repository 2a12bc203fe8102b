"""Benchmark Eén tegen eenzaamheid: from a year's survey export to the national report
and the confidential per-municipality outputs. One direction of flow, one sub-package
per stage, and three small modules that every stage may use:

    paths        where the data folders are
    logs         the log file of each command-line step
    files        writing a file atomically, only when its content changes

The stages, in flow order:

    data         intake and processing: codebook, raw export -> validated ->
                 data/processed/<year>/ (and the CBS register, the synthetic exports)
    report       the national report's numbers, words and figures, read from
                 data/processed by the chapter notebooks
    build        the notebook engine, and the report of a year: chapter list,
                 stamps, Quarto (`python -m helpers.build`)
    disclosure   may a figure about a group of municipalities be shown to one of
                 them (the rule of every per-municipality output; beside build)
    factsheets   per-municipality outputs, made in Python (confidential, never on
                 the public site)

A stage imports only from the stages before it.
"""
