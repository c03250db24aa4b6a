"""What goes into the frozen build, as plain data: read by ``asb-desktop.spec`` and by tests/ship.

Kept free of PyInstaller and Qt so the test that checks "nothing the code loads is missing from the
package" runs in the ordinary test suite, and the spec has no list of its own to drift.
"""

from __future__ import annotations

import ast
import fnmatch
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_EXE = "asb-desktop"  # the window (no console on Windows)
CLI_EXE = "asb"  # the command line, same program folder

# Data folders copied whole beside the code (resources.bundle_root() finds them when frozen).
DATA_DIRS = ("forms", "resources")
DATA_EXCLUDE = ("*.py", "*.pyc", "__pycache__", "*.md~", ".*")

# Alembic reads migration scripts from a folder at run time, so they ship as source files.
MIGRATIONS_DIR = "asb_desktop/storage/migrations"

# Imported by name inside functions, by SQLAlchemy's dialect loader or by migration scripts:
# PyInstaller cannot see these from the import graph alone.
HIDDEN_IMPORTS = (
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.dialects.postgresql.psycopg",
    "psycopg",
    "psycopg_binary",
    "alembic",
    "alembic.op",
    "alembic.context",
    "alembic.ddl.sqlite",
    "alembic.ddl.postgresql",
    "alembic.runtime.migration",
    "alembic.runtime.environment",
    "holidays.countries.united_kingdom",
    "argon2",
)
# Packages whose every submodule is loaded by name (CLI command modules, dialects, holiday tables).
COLLECT_SUBMODULES = ("asb_desktop", "alembic.ddl", "holidays.countries")

# Qt modules and libraries the app never uses: kept out to stay small (WebEngine alone is ~280 MB).
QT_EXCLUDE_MODULES = (
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick", "PySide6.QtWebChannel",
    "PySide6.QtWebView", "PySide6.QtWebSockets", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuick3D",
    "PySide6.QtQuickWidgets", "PySide6.QtQuickControls2", "PySide6.Qt3DCore", "PySide6.Qt3DRender",
    "PySide6.Qt3DInput", "PySide6.Qt3DLogic", "PySide6.Qt3DAnimation", "PySide6.Qt3DExtras",
    "PySide6.QtDataVisualization", "PySide6.QtGraphs", "PySide6.QtDesigner",
    "PySide6.QtHelp", "PySide6.QtLocation", "PySide6.QtPositioning", "PySide6.QtSensors",
    "PySide6.QtSerialPort", "PySide6.QtSerialBus", "PySide6.QtBluetooth", "PySide6.QtNfc",
    "PySide6.QtRemoteObjects", "PySide6.QtScxml", "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtUiTools",
    "PySide6.QtSpatialAudio", "PySide6.QtHttpServer",
    "PySide6.QtStateMachine", "PySide6.QtAxContainer", "PySide6.QtCanvasPainter",
    "tkinter", "matplotlib", "scipy", "IPython", "pytest", "hypothesis", "PyInstaller",
    "pygments",  # Mako (under Alembic) colours tracebacks with it when present: 0.4 s of start-up for nothing
)
# Shared libraries dropped even when a kept module's hook pulls them in.
QT_DROP_LIBS = ("*Qt6WebEngine*", "*Qt6Quick*", "*Qt6Qml*", "*Qt63D*", "*Qt6Designer*",
                "*Qt6Graphs*", "*Qt6DataVisualization*", "*Qt6Location*", "*Qt6Sensors*", "*Qt6VirtualKeyboard*",
                "*Qt6Pdf*Quick*", "*Qt6Scxml*", "*Qt6Wayland*", "*QtWebEngineProcess*", "*qtwebengine*")
# Qt plugin folders kept; every other plugin folder is left out.
QT_PLUGINS_KEEP = ("platforms", "platformthemes", "platforminputcontexts", "imageformats", "iconengines",
                   "xcbglintegrations", "egldeviceintegrations", "generic", "tls", "networkinformation",
                   "multimedia", "texttospeech", "printsupport", "styles")
# Platform plugins kept inside platforms/: the real window (xcb, windows), CI (offscreen), minimal.
QT_PLATFORMS_KEEP = ("libqxcb.so", "libqoffscreen.so", "libqminimal.so", "qwindows.dll", "qoffscreen.dll",
                     "qminimal.dll")


def _excluded(rel: Path) -> bool:
    return any(fnmatch.fnmatch(part, pat) for part in rel.parts for pat in DATA_EXCLUDE)


def data_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source file, destination folder) pairs, PyInstaller's ``datas`` form."""
    pairs: list[tuple[str, str]] = []
    for folder in DATA_DIRS:
        for path in sorted((root / folder).rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and not _excluded(rel):
                pairs.append((str(path), str(rel.parent)))
    for path in sorted((root / MIGRATIONS_DIR).rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and "__pycache__" not in rel.parts and path.suffix in (".py", ".mako"):
            pairs.append((str(path), str(rel.parent)))
    return pairs


def migration_imports(root: Path = ROOT) -> set[str]:
    """Modules the migration scripts import (they are loaded from files, so the graph misses them)."""
    found: set[str] = set()
    for path in (root / MIGRATIONS_DIR).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
    return {name for name in found if name.split(".")[0] not in ("__future__",)}


def hidden_imports(root: Path = ROOT) -> list[str]:
    return sorted(set(HIDDEN_IMPORTS) | migration_imports(root))


def version(root: Path = ROOT) -> str:
    text = (root / "asb_desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    if not match:
        raise RuntimeError("asb_desktop/__init__.py has no __version__")
    return match.group(1)


def keep_binary(dest: str) -> bool:
    """Whether a collected file (destination path inside the bundle) belongs in the package."""
    posix = dest.replace("\\", "/")
    name = posix.rsplit("/", 1)[-1]
    if any(fnmatch.fnmatch(name, pat) for pat in QT_DROP_LIBS):
        return False
    plugin = re.search(r"PySide6/(?:Qt/)?plugins/([^/]+)/", posix)
    if plugin:
        group = plugin.group(1)
        if group not in QT_PLUGINS_KEEP:
            return False
        if group == "platforms" and name not in QT_PLATFORMS_KEEP:
            return False
    if "PySide6/Qt/qml/" in posix or "PySide6/Qt/translations/qtwebengine" in posix:
        return False
    return not ("PySide6/Qt/resources/qtwebengine" in posix or "PySide6/Qt/libexec/" in posix)
