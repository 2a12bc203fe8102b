"""`python -m helpers.report.figures 2023 [folder]`: see `previews`."""

from helpers.report.figures.previews import main

raise SystemExit(main())
