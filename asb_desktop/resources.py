"""Where the shipped data folders are: ``forms/`` and ``resources/``, from a checkout or a frozen build.

In a source checkout they sit beside the ``asb_desktop`` package; in a PyInstaller build they are
unpacked under ``sys._MEIPASS`` (the ``_internal`` folder of the one-folder build). Every module that
reads a form definition, a letter template, a font or an icon should ask here, so that the frozen
build and the spec (``installer/asb-desktop.spec``) agree on one layout. Qt-free.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

FORMS_ENV = "ASB_FORMS_DIR"  # an administrator's own copy of forms/ (see docs/admin-guide.md)


def is_frozen() -> bool:
    """True inside the packaged program (PyInstaller sets ``sys.frozen`` and ``sys._MEIPASS``)."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def bundle_root() -> Path:
    """The folder holding ``forms/`` and ``resources/``: the bundle when frozen, else the checkout."""
    if is_frozen():
        return Path(sys._MEIPASS)  # type: ignore[attr-defined]  # set by the PyInstaller bootloader
    return Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    """The form definitions and letter templates: ``$ASB_FORMS_DIR`` if set, else the shipped ``forms/``."""
    override = os.environ.get(FORMS_ENV)
    return Path(override).expanduser() if override else bundle_root() / "forms"


def resources_dir() -> Path:
    return bundle_root() / "resources"


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``, e.g. ``resource_path("icons", "asb-desktop.png")``."""
    return resources_dir().joinpath(*parts)


def form_path(*parts: str) -> Path:
    """A file under ``forms/`` (or the administrator's override folder)."""
    return forms_dir().joinpath(*parts)


def app_icon_path() -> Path:
    """The application icon: PNG everywhere (Qt reads it; the .ico is for the Windows installer)."""
    return resource_path("icons", "asb-desktop.png")
