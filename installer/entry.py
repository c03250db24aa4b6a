"""Frozen entry point of both programs: started as ``asb`` it is the command line, otherwise the window.

One program (one copy of the bundled Python code) serves both names: on Linux ``asb`` is a symbolic
link to ``asb-desktop``; on Windows ``asb.exe`` is the same build with a console.
"""

import multiprocessing
import re
import sys


def run() -> int:
    name = re.split(r"[\\/]", sys.argv[0])[-1].lower()
    if name in ("asb", "asb.exe"):
        from asb_desktop.cli import main
    else:
        from asb_desktop.app import main
    return main()


if __name__ == "__main__":
    multiprocessing.freeze_support()  # worker processes (demo data, thumbnails) start through this program
    sys.exit(run())
