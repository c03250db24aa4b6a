"""Run the real ``asb`` command line, SIGKILLing itself at a chosen point (tests/integration/test_kill9.py).

    python kill_at.py MODULE:ATTRIBUTE N MODE -- ARGS...

The ``N``th call of ``MODULE.ATTRIBUTE`` (a function, or ``Class.method``) kills the process with
SIGKILL, as ``kill -9`` would: no ``finally``, no ``atexit``, no clean-up of any kind.
MODE ``before`` kills as the call starts; ``after`` once it has returned; ``half`` (for a function
that copies a file, ``(src, dst)``) once half of ``src`` is written to ``dst``, as a kill in the
middle of the copy leaves it. ``none`` runs the command as it is (a timed kill from outside).
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from typing import Any


def _die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def _install(target: str, nth: int, mode: str) -> None:
    module_name, _, attr_path = target.partition(":")
    owner: Any = importlib.import_module(module_name)
    *parents, name = attr_path.split(".")
    for part in parents:
        owner = getattr(owner, part)
    original = getattr(owner, name)
    calls = 0

    def hooked(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls != nth:
            return original(*args, **kwargs)
        if mode == "before":
            _die()
        if mode == "half":
            src, dst = (a for a in args if isinstance(a, str | os.PathLike))
            with open(src, "rb") as fh:
                data = fh.read()
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            with open(dst, "wb") as out:
                out.write(data[: len(data) // 2])
            _die()
        result = original(*args, **kwargs)
        _die()
        return result

    if isinstance(owner, type) and isinstance(owner.__dict__.get(name), staticmethod):
        setattr(owner, name, staticmethod(hooked))
    else:
        setattr(owner, name, hooked)


def main() -> int:
    argv = sys.argv[1:]
    split = argv.index("--")
    target, nth, mode = argv[:split]
    if mode != "none":
        _install(target, int(nth), mode)
    from asb_desktop.cli import main as asb

    return asb(argv[split + 1:])


if __name__ == "__main__":
    sys.exit(main())
