"""``python -m os2catalogue``."""

import sys

from os2catalogue.cli import main

sys.exit(main())
