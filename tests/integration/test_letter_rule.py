"""7.6 through the services, on SQLite and PostgreSQL: the contact log, the task list and the
failed-contact letter all count failures since the last successful contact, with one rule."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from asb_desktop.services import Services
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import RuleBlocked
from asb_desktop.services.kernel.inputs import ReportInput

NOW = datetime(2026, 11, 23, 10, 0)


def _case(svc: Services) -> str:
    return svc.cases.report(ReportInput.from_dict({
        "channel": "telephone", "received_at": "2026-11-20 10:00", "categories": ["Noise"],
        "parties": [{"role": "complainant", "person": {"first_names": "Zoë", "surname": "Brown",
                                                       "address": "1 High Street, Ashford"}},
                    {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh"}}],
    })).reference


def _log(svc: Services, ref: str, *outcomes: str) -> None:
    for i, outcome in enumerate(outcomes):
        svc.activity.log_contact(ref, "telephone", outcome, at=NOW - timedelta(hours=len(outcomes) - i))


def _letter_tasks(svc: Services, ref: str) -> list[dict]:
    return [t for t in svc.queries.case_detail(ref).tasks if t.kind == "send_letter"]


def _due_letters(svc: Services, ref: str) -> list[object]:
    return [i for i in svc.queries.due_items(within_days=30) if i.reference == ref and i.kind == "send_letter"]


def test_no_answer_no_answer_spoke_needs_no_letter(ctx: Context) -> None:
    svc = Services(ctx)
    ref = _case(svc)
    _log(svc, ref, "no_answer", "no_answer", "spoke")
    with pytest.raises(RuleBlocked, match="7.6"):
        svc.documents.letter(ref, "failed_contact", "docx")
    assert svc.activity.log_contact(ref, "telephone", "no_answer").failed_in_a_row == 1


def test_failures_after_the_last_spoke_are_counted_and_listed(ctx: Context) -> None:
    svc = Services(ctx)
    ref = _case(svc)
    _log(svc, ref, "no_answer", "spoke", "no_answer")
    assert _letter_tasks(svc, ref) == []
    logged = svc.activity.log_contact(ref, "telephone", "left_message")
    assert logged.failed_in_a_row == 2 and logged.letter_task and "7.6" in logged.letter_task
    (task,) = _letter_tasks(svc, ref)
    assert task.done_at is None and len(_due_letters(svc, ref)) == 1


def test_writing_the_letter_completes_its_task(ctx: Context) -> None:
    svc = Services(ctx)
    ref = _case(svc)
    _log(svc, ref, "spoke", "no_answer", "wrong_number")
    assert len(_letter_tasks(svc, ref)) == 1
    out = svc.documents.letter(ref, "failed_contact", "docx")
    assert out.document.sha256
    (task,) = _letter_tasks(svc, ref)
    assert task.done_at is not None and _due_letters(svc, ref) == []
    # the letter answers these failures: one more does not raise a second letter task
    assert svc.activity.log_contact(ref, "telephone", "no_answer").letter_task is None
    assert [t.done_at is None for t in _letter_tasks(svc, ref)] == [False]


def test_an_email_logged_as_sent_also_completes_the_task(ctx: Context) -> None:
    svc = Services(ctx)
    ref = _case(svc)
    _log(svc, ref, "no_answer", "no_answer")
    assert [t.done_at for t in _letter_tasks(svc, ref)] == [None]
    svc.activity.log_contact(ref, "email", "sent")
    (task,) = _letter_tasks(svc, ref)
    assert task.done_at is not None and _due_letters(svc, ref) == []
