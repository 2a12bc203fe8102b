"""Building the report: executing the chapter notebooks (papermill) with input stamps,
and the Quarto project of a year (`python -m helpers.build <year>`).

    book        the report of one year: data step, chapters, Quarto render
"""
