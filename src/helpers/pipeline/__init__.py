"""Running notebooks and building the report of a year (`python -m helpers.pipeline <year>`).

execute     the chapters executed by papermill, one process and fresh kernel each
            (which ones, in which order: helpers.report.chapters)
stamps      digests of what the data step, each chapter and the render read: the one
            way the build decides what must run again
quarto      the Quarto project files of a report folder, and `quarto render`
book        the build of one year: data step, chapters, Quarto, in that order
errors      BuildError, one line per problem
__main__    the command line
"""
