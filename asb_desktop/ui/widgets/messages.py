"""Plain messages for the user. Non-blocking (window-modal ``open()``), so the event loop keeps running
and tests can read and dismiss them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ...services.kernel.errors import ASBError, Conflict, RuleBlocked


def show_message(parent: QWidget | None, text: str, title: str = "ASB Desktop",
                 icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("asb-message")
    box.setAccessibleName(title)
    box.setAccessibleDescription(text)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def error_text(exc: ASBError) -> str:
    if isinstance(exc, RuleBlocked) and len(exc.reasons) > 1:
        return "This cannot be done yet:\n\n" + "\n\n".join(f"• {r}" for r in exc.reasons)
    return str(exc)


def show_error(parent: QWidget | None, exc: ASBError) -> QMessageBox:
    """A service error as the plain sentence it already is; a conflict gets its own title."""
    title = "Changed by someone else" if isinstance(exc, Conflict) else "ASB Desktop"
    return show_message(parent, error_text(exc), title, QMessageBox.Icon.Warning)


def change_then_reload(parent: QWidget, reload: Callable[[], None], fn: Callable[..., Any], *args: Any,
                       **kwargs: Any) -> tuple[bool, Any]:
    """Call a service for a list page; a refusal is shown as the plain sentence it is. Either way the
    page reloads, so it shows what is true now."""
    try:
        result = fn(*args, **kwargs)
    except ASBError as exc:
        show_error(parent, exc)
        reload()
        return False, None
    reload()
    return True, result
