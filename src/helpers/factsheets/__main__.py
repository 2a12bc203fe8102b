import sys

from helpers.factsheets.factsheet import main

sys.exit(main())
