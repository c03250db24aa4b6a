"""The workspace's small models and pure helpers, tested without a window or a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from asb_desktop.domain.rules import Check
from asb_desktop.services.casework.case_view import Decision, PartyView, PersonView
from asb_desktop.ui.widgets.record_table_model import Column, RecordTableModel, label, short_time
from asb_desktop.ui.workspace.contacts_tab import task_state
from asb_desktop.ui.workspace.incident_dialog import describe_end, end_after
from asb_desktop.ui.workspace.people_tab import PEOPLE
from asb_desktop.ui.workspace.remedies_tab import gate_html
from asb_desktop.ui.workspace.summary_tab import header_html


def test_record_model_columns_and_warning_colour_repeat_the_text() -> None:
    now = datetime(2026, 11, 23, 10, 0)
    model = RecordTableModel([Column("Due", lambda r: short_time(r.due_at)),
                              Column("State", lambda r: task_state(r, now))],
                             warn=lambda r: task_state(r, now) == "OVERDUE")
    model.set_records([SimpleNamespace(due_at=datetime(2026, 11, 20, 17), done_at=None),
                       SimpleNamespace(due_at=datetime(2026, 11, 30, 17), done_at=None),
                       SimpleNamespace(due_at=datetime(2026, 11, 20, 17), done_at=datetime(2026, 11, 21, 9))])
    assert (model.rowCount(), model.columnCount()) == (3, 2)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "State"
    assert [model.data(model.index(r, 1)) for r in range(3)] == ["OVERDUE", "To do", "Done"]
    assert model.data(model.index(0, 0)) == "20/11/2026 17:00"
    assert isinstance(model.data(model.index(0, 1), Qt.ItemDataRole.ForegroundRole), QBrush)
    assert model.data(model.index(1, 1), Qt.ItemDataRole.ForegroundRole) is None
    assert model.record(2).done_at == datetime(2026, 11, 21, 9)
    assert short_time(None) == "" and label("alleged_perpetrator") == "Alleged perpetrator"


def test_people_columns_never_show_an_anonymous_complainant() -> None:
    person = PersonView(1, "", "Zoë", "Ó'Brien", None, "1 High St", "", "07700 900123", "", None, None, "Polish",
                        True, "Anxiety", False, "", "", datetime(2026, 11, 1), 1, "p1")
    # the service never puts the person on an anonymous party (5.7); the columns hold even if one did
    anonymous = PartyView(1, 1, "complainant", True, False, None, "", None, "", "u1", person, "Anonymous")
    texts = [c.text(anonymous) for c in PEOPLE]
    assert texts[:3] == ["Complainant", "Anonymous", "Withheld: anonymous complainant"]
    assert "1 High St" not in str(texts) and "Anxiety" not in str(texts) and "Polish" not in str(texts)
    named = replace(anonymous, anonymous=False, name="Zoë Ó'Brien", consent_to_share=False,
                    third_party_disclosure=Decision(False, ("Nothing is shared.",)))
    assert [c.text(named) for c in PEOPLE][2:] == [
        "1 High St, 07700 900123",
        "Consent to share: no. Nothing is shared.; Interpreter needed (Polish); Vulnerabilities: Anxiety"]


def test_incident_end_time_before_the_start_is_the_next_day() -> None:
    start = datetime(2026, 11, 21, 23, 30)
    assert end_after(start, time(0, 45)) == datetime(2026, 11, 22, 0, 45)
    assert end_after(start, time(23, 50)) == datetime(2026, 11, 21, 23, 50)
    assert "the next day" in describe_end(start, datetime(2026, 11, 22, 0, 45))
    assert describe_end(start, None) == "No end time recorded."


def test_header_and_gate_write_states_out() -> None:
    flags = dict.fromkeys(("domestic_abuse", "hate_related", "safeguarding_concern", "crime_reported",
                           "employee_involved", "colleague_harassed", "supported_housing", "restricted"), False)
    detail = SimpleNamespace(reference="ASB-2026-00001", status="active", risk_band="high", assigned_officer="Ann",
                             categories=("Noise",), serious=True, police_reference="CAD 1",
                             summary="Music & <shouting>", responded_at=None,
                             response_due_at=datetime(2026, 11, 20, 17), response_due_reason="5.3",
                             proposed_for_closure="", links=(), **flags)
    html = header_html(detail, datetime(2026, 11, 23, 10))  # type: ignore[arg-type]
    assert "Under investigation" in html and "Risk: High" in html and "Serious; Police reference CAD 1" in html
    assert "OVERDUE: First response due 20/11/2026 17:00" in html and "Music &amp; &lt;shouting&gt;" in html
    assert "blocked" in gate_html(Check(False, ["Appendix 2 is not complete (14.4)."]))
    assert "may proceed" in gate_html(Check(True, ["Legal action may proceed."]))
