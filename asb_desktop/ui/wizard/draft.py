"""The new report wizard's draft: every control's value as JSON, saved (debounced) while the officer types
and offered back on the next New report after a crash or a close. The draft holds what was typed about
people, so it is written only to the signed-in user's own data folder, readable by that account alone,
and deleted when the report is logged or discarded (docs/design.md, "The report wizard's draft")."""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from ...services.kernel.inputs import IncidentInput, PersonInput

VERSION = 1
SKIPPED = re.compile(r"^qt_|\.find$|\.results$|\.match$")  # Qt's own parts, searches, offers


@dataclass
class Draft:
    started_at: datetime
    fields: dict[str, Any]


def draft_path(data_dir: Path, username: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", username) or "user"
    return data_dir / "drafts" / f"new-report-{safe}.json"


def save(path: Path, draft: Draft) -> None:
    """Written whole then renamed, so a crash mid-save leaves the previous draft, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    text = json.dumps({"version": VERSION, "started_at": draft.started_at.isoformat(timespec="seconds"),
                       "fields": draft.fields}, ensure_ascii=False, default=_plain)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # this account only
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def load(path: Path) -> Draft | None:
    """The draft saved at ``path``, or None if there is none or it cannot be read (it is then removed)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION or not isinstance(data.get("fields"), dict):
            raise ValueError("not a draft of this version")
        return Draft(datetime.fromisoformat(data["started_at"]), data["fields"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        remove(path)
        return None


def remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not saved in a draft")


# ---------------------------------------------------------------- controls <-> JSON
def _controls(root: QWidget) -> list[QWidget]:
    found: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        name = widget.objectName()
        if name and not SKIPPED.search(name) and isinstance(
                widget, QLineEdit | QPlainTextEdit | QComboBox | QAbstractButton | QDateTimeEdit | QListWidget):
            if isinstance(widget, QAbstractButton) and not widget.isCheckable():
                continue
            if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox | QDateTimeEdit):
                continue
            found.append(widget)
    return found


def snapshot(root: QWidget) -> dict[str, Any]:
    """Every named control's value under its object name."""
    values: dict[str, Any] = {}
    for w in _controls(root):
        key = w.objectName()
        if isinstance(w, QLineEdit):
            values[key] = w.text()
        elif isinstance(w, QPlainTextEdit):
            values[key] = w.toPlainText()
        elif isinstance(w, QComboBox):
            data = w.currentData()
            values[key] = {"data": data} if isinstance(data, str | int | bool | type(None)) else {
                "index": w.currentIndex()}
        elif isinstance(w, QAbstractButton):
            values[key] = w.isChecked()
        elif isinstance(w, QDateEdit):
            values[key] = w.date().toString(Qt.DateFormat.ISODate)
        elif isinstance(w, QDateTimeEdit):
            values[key] = w.dateTime().toString(Qt.DateFormat.ISODate)
        elif isinstance(w, QListWidget):
            values[key] = _list_items(w)
    return values


def _list_items(w: QListWidget) -> list[Any]:
    items: list[Any] = []
    for i in range(w.count()):
        item = w.item(i)
        data = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(data, PersonInput | IncidentInput):
            items.append({"text": item.text(), "kind": type(data).__name__, "value": asdict(data)})
        elif item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            items.append({"text": item.text(), "checked": item.checkState() == Qt.CheckState.Checked})
    return items


def restore(root: QWidget, values: dict[str, Any]) -> None:
    """Put saved values back; a control no longer there, or a value that no longer fits, is skipped."""
    controls = {w.objectName(): w for w in _controls(root)}
    for key, value in values.items():
        w = controls.get(key)
        if w is None:
            continue
        try:
            _restore_one(w, value)
        except (TypeError, ValueError, KeyError, AttributeError):
            continue


def _restore_one(w: QWidget, value: Any) -> None:
    if isinstance(w, QLineEdit):
        w.setText(str(value))
    elif isinstance(w, QPlainTextEdit):
        w.setPlainText(str(value))
    elif isinstance(w, QComboBox):
        index = w.findData(value["data"]) if "data" in value else int(value["index"])
        if 0 <= index < w.count():
            w.setCurrentIndex(index)
    elif isinstance(w, QAbstractButton):
        w.setChecked(bool(value))
    elif isinstance(w, QDateEdit):
        w.setDate(QDate.fromString(value, Qt.DateFormat.ISODate))
    elif isinstance(w, QDateTimeEdit):
        w.setDateTime(QDateTime.fromString(value, Qt.DateFormat.ISODate))
    elif isinstance(w, QListWidget):
        _restore_list(w, value)


def _restore_list(w: QListWidget, items: list[dict[str, Any]]) -> None:
    checkable = {w.item(i).text(): w.item(i) for i in range(w.count())
                 if w.item(i).flags() & Qt.ItemFlag.ItemIsUserCheckable}
    for entry in items:
        if "checked" in entry:
            if entry["text"] in checkable:
                checkable[entry["text"]].setCheckState(
                    Qt.CheckState.Checked if entry["checked"] else Qt.CheckState.Unchecked)
            continue
        v = dict(entry["value"])
        data: PersonInput | IncidentInput
        if entry["kind"] == "PersonInput":
            v["date_of_birth"] = date.fromisoformat(v["date_of_birth"]) if v.get("date_of_birth") else None
            data = PersonInput(**v)
        else:
            v["started_at"] = datetime.fromisoformat(v["started_at"])
            v["ended_at"] = datetime.fromisoformat(v["ended_at"]) if v.get("ended_at") else None
            data = IncidentInput(**v)
        item = QListWidgetItem(entry["text"])
        item.setData(Qt.ItemDataRole.UserRole, data)
        w.addItem(item)
