"""The core never imports Qt: it must run headless, from the command line and in tests."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "asb_desktop"


def test_no_pyside6_outside_ui() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] == "PySide6" for n in names):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_cli_help_loads_no_heavy_libraries() -> None:
    import subprocess
    import sys

    code = ("import sys, asb_desktop.cli as c; c.build_parser(); "
            "print(','.join(m for m in ('PySide6', 'sqlalchemy', 'numpy', 'reportlab', 'docx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
