"""Running notebooks and building the report of a year (`python -m helpers.build <year>`).

engine      the one notebook engine (nbclient): kernels reused with a documented
            reset, parameters injected the papermill way; for chapters and factsheets
book        the report of one year: data step, chapters with input stamps, Quarto
"""
