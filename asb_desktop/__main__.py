"""``python -m asb_desktop`` starts the desktop app."""

import sys

from .app import main

if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()  # a frozen build's worker processes (demo data, thumbnails) start here
    sys.exit(main())
