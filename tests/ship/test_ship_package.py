"""The frozen build carries everything the code loads: data files, migrations, hidden imports, the Qt
it uses (and not the Qt it does not). Checked against the code, so a new template or module that the
spec would miss fails here rather than in an officer's installed copy."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
CODE = ROOT / "asb_desktop"


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


manifest = _load(ROOT / "installer" / "manifest.py", "asb_installer_manifest")
version_info = _load(ROOT / "installer" / "windows" / "version_info.py", "asb_installer_version_info")


def _packaged() -> set[str]:
    """Bundle-relative paths of every data file the spec adds."""
    return {f"{dest}/{Path(src).name}".replace("\\", "/") for src, dest in manifest.data_files()}


def _trees() -> list[tuple[Path, ast.AST]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(CODE.rglob("*.py"))]


def _const_args(call: ast.Call) -> list[str] | None:
    if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args):
        return [a.value for a in call.args]  # type: ignore[attr-defined]
    return None


def _referenced_data() -> set[str]:
    """Paths under forms/ and resources/ the code names: resource_path(...)/form_path(...) with literal
    parts, load_toml("x.toml"), ``... / "resources" / "fonts"`` and ``forms_dir() / "notices"`` chains,
    and "forms/..." string literals."""
    refs: set[str] = set()
    for _path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                args = _const_args(node)
                if args and name in ("resource_path", "form_path"):
                    refs.add("/".join(["resources" if name == "resource_path" else "forms", *args]))
                elif name == "load_toml" and node.args and isinstance(node.args[0], ast.Constant):
                    refs.add(f"forms/{node.args[0].value}")
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
                right = node.right
                left = node.left
                if isinstance(right, ast.Constant) and isinstance(left, ast.BinOp) \
                        and isinstance(left.right, ast.Constant) and left.right.value in ("forms", "resources"):
                    refs.add(f"{left.right.value}/{right.value}")
                folder = getattr(left.func, "id", getattr(left.func, "attr", "")) if isinstance(left, ast.Call) else ""
                if isinstance(right, ast.Constant) and folder in ("forms_dir", "resources_dir"):
                    refs.add(f"{folder.removesuffix('_dir')}/{right.value}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and re.fullmatch(r"(forms|resources)/[\w.\-/]+", node.value):
                refs.add(node.value.rstrip("/"))
    return refs


def test_every_data_file_the_code_names_is_in_the_package() -> None:
    packaged = _packaged()
    refs = _referenced_data()
    assert "resources/icons/asb-desktop.png" in refs  # the scan really sees the code (resources.app_icon_path)
    assert "forms/triage.toml" in refs
    missing = [r for r in sorted(refs) if r not in packaged and not any(p.startswith(r + "/") for p in packaged)]
    assert missing == [], f"the code loads these but the spec does not ship them: {missing}"


def test_data_folders_ship_whole_except_generator_scripts() -> None:
    packaged = _packaged()
    for folder in manifest.DATA_DIRS:
        on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")}
        assert on_disk - {p for p in on_disk if p.endswith(".py")} <= packaged
    assert "resources/icons/make_icon.py" not in packaged
    assert {"resources/icons/asb-desktop.png", "resources/icons/asb-desktop.ico"} <= packaged
    fonts = {p for p in packaged if p.startswith("resources/fonts/") and p.lower().endswith(".ttf")}
    assert fonts, "the documents need their Unicode font in the package"


def test_migrations_ship_as_files_and_their_imports_are_hidden_imports() -> None:
    packaged = _packaged()
    versions = sorted(p.name for p in (ROOT / manifest.MIGRATIONS_DIR / "versions").glob("*.py"))
    assert "0001_the_case_file.py" in versions
    for name in [*versions]:
        assert f"{manifest.MIGRATIONS_DIR}/versions/{name}" in packaged
    assert {f"{manifest.MIGRATIONS_DIR}/env.py", f"{manifest.MIGRATIONS_DIR}/script.py.mako"} <= packaged
    hidden = set(manifest.hidden_imports())
    for path in (ROOT / manifest.MIGRATIONS_DIR).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module != "__future__":
                assert node.module in hidden, f"{path.name} imports {node.module}"
            if isinstance(node, ast.Import):
                assert {a.name for a in node.names} <= hidden, path.name


def test_database_drivers_for_both_back_ends_are_hidden_imports() -> None:
    hidden = set(manifest.hidden_imports())
    assert {"sqlalchemy.dialects.sqlite.pysqlite", "sqlalchemy.dialects.postgresql.psycopg", "psycopg",
            "psycopg_binary", "alembic.ddl.sqlite", "alembic.ddl.postgresql"} <= hidden
    for name in hidden:  # every name is real, so a typo cannot hide a missing module
        assert importlib.util.find_spec(name) is not None, name


def _imported_modules() -> set[str]:
    found: set[str] = set()
    for _path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
    return found


def test_nothing_the_code_imports_is_excluded() -> None:
    used = _imported_modules()
    excluded = set(manifest.QT_EXCLUDE_MODULES)
    clash = sorted(m for m in used for x in excluded if m == x or m.startswith(x + "."))
    assert clash == [], f"the spec excludes modules the app imports: {clash}"
    assert "PySide6.QtWidgets" in used
    for module in (m for m in used if m.startswith("PySide6.Qt")):
        lib = f"libQt6{module.split('.')[1].removeprefix('Qt')}.so.6"
        assert manifest.keep_binary(f"PySide6/Qt/lib/{lib}"), f"{module} is used but the spec drops {lib}"


def test_qt_we_use_stays_and_heavy_qt_we_do_not_use_goes() -> None:
    excluded = set(manifest.QT_EXCLUDE_MODULES)
    assert {"PySide6.QtWebEngineCore", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.Qt3DCore"} <= excluded
    keep = manifest.keep_binary
    base = "PySide6/Qt/plugins"
    for kept in ("platforms/libqxcb.so", "platforms/libqoffscreen.so", "imageformats/libqjpeg.so",
                 "multimedia/libffmpegmediaplugin.so", "texttospeech/libqtexttospeech_speechd.so",
                 "tls/libqopensslbackend.so"):
        assert keep(f"{base}/{kept}"), kept
    assert keep("PySide6/plugins/platforms/qwindows.dll")  # the Windows layout
    for dropped in (f"{base}/qmltooling/libqmldbg_debugger.so", f"{base}/platforms/libqvnc.so",
                    f"{base}/sceneparsers/libgltfsceneimport.so", "PySide6/Qt/lib/libQt6WebEngineCore.so.6",
                    "PySide6/Qt/lib/libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Qml.so.6",
                    "PySide6/Qt/libexec/QtWebEngineProcess", "PySide6/plugins/qmltooling/qmldbg_tcp.dll"):
        assert not keep(dropped), dropped
    assert keep("PySide6/Qt/lib/libQt6Widgets.so.6") and keep("PySide6/Qt/lib/libQt6Pdf.so.6")


def test_spec_takes_its_lists_from_the_manifest_and_builds_both_programs() -> None:
    spec = (ROOT / "installer" / "asb-desktop.spec").read_text(encoding="utf-8")
    ast.parse(spec)
    for use in ("manifest.data_files()", "manifest.hidden_imports()", "manifest.QT_EXCLUDE_MODULES",
                "manifest.keep_binary", "manifest.APP_EXE", "manifest.CLI_EXE", "COLLECT(", "installer\" / \"entry.py"):
        assert use in spec, use
    entry = (ROOT / "installer" / "entry.py").read_text(encoding="utf-8")
    assert "freeze_support()" in entry and "asb_desktop.cli import main" in entry


def test_one_program_answers_to_both_names(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = _load(ROOT / "installer" / "entry.py", "asb_installer_entry")
    seen: list[str] = []
    monkeypatch.setattr("asb_desktop.cli.main", lambda: seen.append("cli") or 0)
    monkeypatch.setattr("asb_desktop.app.main", lambda: seen.append("window") or 0)
    for argv0 in ("/opt/asb-desktop/asb", "C:\\Program Files\\ASB Desktop\\asb.exe", "/opt/asb-desktop/asb-desktop",
                  "asb-desktop.exe"):
        monkeypatch.setattr(sys, "argv", [argv0])
        assert entry.run() == 0
    assert seen == ["cli", "cli", "window", "window"]


def test_windows_version_info_follows_the_app_version() -> None:
    from asb_desktop import __version__

    assert manifest.version() == __version__
    assert version_info.numeric("1.2.3rc1") == (1, 2, 3, 1)
    assert version_info.numeric("0.1.0") == (0, 1, 0, 0)
    text = version_info.text(__version__, "asb.exe")
    tree = ast.parse(text, mode="eval")
    assert isinstance(tree.body, ast.Call) and tree.body.func.id == "VSVersionInfo"  # type: ignore[attr-defined]
    assert f"StringStruct('ProductVersion', '{__version__}')" in text
    assert "StringStruct('OriginalFilename', 'asb.exe')" in text


def test_inno_setup_script_installs_the_build_with_start_menu_entry_and_uninstall() -> None:
    iss = (ROOT / "installer" / "windows" / "asb-desktop.iss").read_text(encoding="utf-8")
    sections = set(re.findall(r"^\[(\w+)\]", iss, flags=re.M))
    assert {"Setup", "Files", "Icons", "Run", "UninstallDelete"} <= sections
    assert re.search(r'^Source: "[^"]*dist\\asb-desktop\\\*"; .*recursesubdirs', iss, flags=re.M)
    assert re.search(r'^Name: "\{group\}\\ASB Desktop"; Filename: "\{app\}\\asb-desktop.exe"', iss, flags=re.M)
    assert re.search(r"^UninstallDisplayIcon=\{app\}\\asb-desktop.exe", iss, flags=re.M)
    assert re.search(r"^SetupIconFile=.*resources\\icons\\asb-desktop.ico", iss, flags=re.M)
    assert "AppVersion={#AppVersion}" in iss and "VersionInfoVersion=" in iss


def test_linux_desktop_entry_starts_the_program_with_its_icon() -> None:
    entry = (ROOT / "installer" / "linux" / "asb-desktop.desktop").read_text(encoding="utf-8")
    lines = entry.splitlines()
    assert lines[0] == "[Desktop Entry]"
    fields = dict(line.split("=", 1) for line in lines[1:] if "=" in line)
    assert fields["Type"] == "Application" and fields["Name"] == "ASB Desktop"
    assert fields["Exec"].split()[0].endswith("asb-desktop") and fields["Icon"] == "asb-desktop"
    assert fields["Categories"].endswith(";") and fields["Terminal"] == "false"
