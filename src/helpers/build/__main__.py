import sys

from helpers.build.book import main

sys.exit(main())
