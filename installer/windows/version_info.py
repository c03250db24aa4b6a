"""Windows file version information (Explorer > Properties > Details) for asb-desktop.exe and asb.exe.

The spec writes ``build/version_info.txt`` from the app's ``__version__`` on every Windows build, in
PyInstaller's text form (a ``VSVersionInfo(...)`` expression), so the numbers cannot go stale.
"""

from __future__ import annotations

import re
from pathlib import Path

COMPANY = "ASB Desktop"
PRODUCT = "ASB Desktop"
DESCRIPTION = "ASB Desktop: anti-social behaviour case management"


def numeric(version: str) -> tuple[int, int, int, int]:
    """``"0.1.0"`` -> ``(0, 1, 0, 0)``; any pre-release suffix is dropped (Windows wants four numbers)."""
    parts = [int(p) for p in re.findall(r"\d+", version.split("+")[0])[:4]]
    if not parts:
        raise ValueError(f"version {version!r} has no numbers")
    return tuple((parts + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def text(version: str, original_filename: str = "asb-desktop.exe") -> str:
    nums = numeric(version)
    strings = {
        "CompanyName": COMPANY, "FileDescription": DESCRIPTION, "FileVersion": version,
        "InternalName": original_filename.removesuffix(".exe"), "LegalCopyright": f"(c) {COMPANY}",
        "OriginalFilename": original_filename, "ProductName": PRODUCT, "ProductVersion": version,
    }
    table = ",\n          ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={nums}, prodvers={nums}, mask=0x3f, flags=0x0, OS=0x40004, fileType=0x1,
                    subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080904B0', [
          {table}])]),
    VarFileInfo([VarStruct('Translation', [2057, 1200])])
  ]
)
"""


def write(dest: Path, version: str, original_filename: str = "asb-desktop.exe") -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(text(version, original_filename), encoding="utf-8")
    return dest
