"""What every inner tab of the case workspace shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QAbstractItemView, QPushButton, QTableView, QWidget

from ...services.kernel.errors import ASBError
from ..widgets.empty_state import set_empty_text
from ..widgets.fields import named
from ..widgets.record_table_model import RecordTableModel
from ..workers import report_failure
from .changes import Changes

if TYPE_CHECKING:
    from ...services.casework.case_view import CaseDetail
    from .host import WorkspaceHost


class WorkspaceTab(QWidget):
    """An inner tab: built once, then ``load(detail)`` each time the case is re-read after a change to a
    part it ``shows`` (a tab that shows everything, like the Summary's timeline, keeps ``Changes.ALL``)."""

    shows: Changes = Changes.ALL

    def __init__(self, ws: WorkspaceHost) -> None:
        super().__init__()
        self.ws = ws
        self.dialog: QWidget | None = None  # the dialog this tab last opened (tests drive it)

    def load(self, detail: CaseDetail) -> None:
        raise NotImplementedError

    @property
    def busy(self) -> bool:
        """True while this tab still fetches data off the GUI thread (a tab that renders only from the
        ``CaseDetail`` never does; tests wait for every tab to be idle)."""
        return False

    def refresh_failed(self, exc: BaseException) -> None:
        refresh_failed(self.ws, self, exc)

    def show_dialog(self, dialog: QWidget) -> QWidget:
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]
        return dialog


def refresh_failed(ws: WorkspaceHost, parent: QWidget, exc: BaseException) -> None:
    """A tab's background refresh failed: a refusal as a plain message (as ``ws.call`` shows it), anything
    else to the excepthook."""
    if isinstance(exc, ASBError):
        ws.report(exc)
    else:
        report_failure(parent, exc)


def table_view(name: str, model: RecordTableModel, empty: str = "") -> QTableView:
    """A read-only list of records; ``empty`` is what it says, in the middle, while it has none."""
    view = named(QTableView(), name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setVisible(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
    if empty:
        set_empty_text(view, empty)
    return view


def button(text: str, slot: Callable[[], Any], name: str = "", primary: str = "") -> QPushButton:
    """A push button; ``primary`` (an icon meaning) marks it as the tab's one primary action."""
    b = named(QPushButton(text), name or text.rstrip("…"))
    b.clicked.connect(lambda _checked=False: slot())
    if primary:
        from ..icons import make_primary

        make_primary(b, primary)
    return b


def selected(view: QTableView) -> Any:
    """The record (a read model) of the selected row, or None."""
    rows = view.selectionModel().selectedRows()
    if not rows:
        return None
    model = view.model()
    assert isinstance(model, RecordTableModel)
    return model.record(rows[0].row())
