"""Publishing: the public website with every year's report (after `helpers.build`).

site        a year's rendered book into the site at /<year>/, the landing page that lists
            every year (`jaren.json`, templates/index.html.j2), and the check that nothing
            but the public report goes in
__main__    `python -m helpers.publish [YEAR ...]` (`make site`; the yearly workflow)
"""
