"""``python -m asb_desktop.cli`` is the same as ``asb``."""

import sys

from . import main

sys.exit(main())
