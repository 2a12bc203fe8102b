"""Publishing: the public website with every year's report (after `helpers.pipeline`).

site        a year's rendered book into the site at /<year>/ (its municipalities' sealed
            pages in /<year>/gemeenten/ kept, `helpers.delivery` replaces them), the
            landing page that lists every year (`jaren.json`, templates/index.html.j2)
            and the accessibility statement, and the checks that nothing but the public
            report and sealed pages goes in (`check_public` of a book, `check_site` of the
            whole site)
__main__    `python -m helpers.publish [YEAR ...]` (`make site`; the yearly workflow)
"""
