"""16.1 closure, 15.1 keeping in touch, the response deadline, the first response and the
safeguarding task, each through the services on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from asb_desktop.services import Services
from asb_desktop.services.admin.users import sign_in
from asb_desktop.services.kernel.context import Context
from asb_desktop.services.kernel.errors import RuleBlocked, ValidationError
from asb_desktop.services.kernel.inputs import ReportInput
from asb_desktop.storage.orm import AuditEntry, Case, Note, Task

# The fixed clock is Monday 23 November 2026, 10:00 (tests/conftest.py).
OLD = "2026-10-01 10:00"


def report(received: str = OLD, complainant: dict | None = None, **extra: object) -> ReportInput:
    person = {"first_names": "Zoë", "surname": "Ó'Brien", "address": "1 High Street", "phone": "01234 567890",
              **(complainant or {})}
    data = {"channel": "telephone", "received_at": received, "categories": ["Noise"],
            "parties": [{"role": "complainant", "person": person, "new_person": True},  # a case per test person (4.1)
                        {"role": "alleged_perpetrator", "person": {"first_names": "Dean", "surname": "Marsh"}}],
            "incidents": [{"started_at": received, "description": "Loud music through the wall"}]}
    data.update(extra)
    return ReportInput.from_dict(data)


@pytest.fixture
def team(ctx: Context) -> dict[str, Services]:
    svc = Services(ctx)
    for username, name, role in (("olu", "Olu Officer", "officer"), ("mo", "Mo Manager", "manager")):
        svc.users.add(username, name, [role])
    return {"admin": svc, **{u: Services(Context(ctx.engine, sign_in(ctx.engine, u), ctx.data_dir, ctx.clock))
                             for u in ("olu", "mo")}}


def _tasks(ctx: Context, ref: str, kind: str) -> list[Task]:
    with ctx.session() as s:
        case_id = s.scalar(select(Case.id).where(Case.reference == ref))
        return list(s.scalars(select(Task).where(Task.case_id == case_id, Task.kind == kind)))


def _status(ctx: Context, ref: str) -> str:
    with ctx.session() as s:
        return s.scalar(select(Case.status).where(Case.reference == ref))


# ------------------------------------------------------------------ 16.1 closure
def test_four_weeks_quiet_counts_contact_interviews_and_diary_entries(team: dict[str, Services], ctx: Context) -> None:
    olu = team["olu"]
    quiet = olu.cases.report(report()).reference
    spoken = olu.cases.report(report()).reference
    olu.activity.log_contact(spoken, "telephone", "spoke", datetime(2026, 11, 22, 11, 0))
    interviewed = olu.cases.report(report()).reference
    olu.activity.record_interview(interviewed, "complainant", datetime(2026, 11, 10, 14, 0), {})
    diary = olu.cases.report(report()).reference
    olu.diary.add_entries(diary, [{"date": "2026-11-19", "started": "22:00", "stopped": "22:40",
                                            "what_happened": "Music through the wall", "severity": "4"}])
    for ref, words in ((spoken, "the complainant was spoken to on 22 November 2026"),
                       (interviewed, "an interview on 10 November 2026"),
                       (diary, "a diary entry on 19 November 2026")):
        with pytest.raises(RuleBlocked, match=words):
            olu.cases.close(ref, "no_contact_four_weeks")
        assert _status(ctx, ref) != "closed"
    assert "Closed" in olu.cases.close(quiet, "no_contact_four_weeks")
    due = {i.reference for i in olu.queries.due_items() if i.kind == "proposed_closure"}
    assert diary not in due and interviewed not in due


def test_each_reason_is_checked_against_the_facts(team: dict[str, Services]) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report()).reference
    with pytest.raises(RuleBlocked, match="log the contact or interview"):
        olu.cases.close(ref, "nuisance_ceased")
    with pytest.raises(RuleBlocked, match="non-legal remedy"):
        olu.cases.close(ref, "resolved_non_legal")
    olu.remedies.record(ref, "warning_letter", "completed")
    olu.cases.close(ref, "resolved_non_legal")


def test_open_safeguarding_work_blocks_closure_until_a_manager_decides(team: dict[str, Services],
                                                                     ctx: Context) -> None:
    olu, mo = team["olu"], team["mo"]
    ref = olu.cases.report(report(domestic_abuse=True)).reference
    olu.activity.add_task(ref, "Ring the caretaker", datetime(2026, 11, 30, 9, 0))
    with pytest.raises(RuleBlocked, match="Safeguarding work is still open"):
        olu.cases.close(ref, "no_contact_four_weeks")
    with pytest.raises(RuleBlocked, match="Only a manager"):
        olu.cases.close(ref, "no_contact_four_weeks", manager_decision="Police are leading.")
    with pytest.raises(RuleBlocked, match="a manager records a decision"):
        mo.cases.close(ref, "no_contact_four_weeks")
    assert _status(ctx, ref) != "closed"
    message = mo.cases.close(ref, "no_contact_four_weeks", manager_decision="The police domestic abuse team leads.")
    assert "manager's decision" in message and "The police domestic abuse team leads." in message
    for kind in ("domestic_abuse", "safeguarding_referral"):
        assert [t.done_at for t in _tasks(ctx, ref, kind)] == [None]  # not silently completed
    assert all(t.done_at is not None for t in _tasks(ctx, ref, "general"))
    with ctx.session() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.case_reference == ref,
                                                   AuditEntry.action == "override")).one()
        assert audit.username == "mo" and audit.detail["decision"] == "The police domestic abuse team leads."
        assert s.scalar(select(func.count(Note.id)).where(Note.kind == "safeguarding",
                                                          Note.text.contains("manager's decision"))) == 1


def test_done_safeguarding_work_does_not_block(team: dict[str, Services], ctx: Context) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report(safeguarding_concern=True)).reference
    [task] = _tasks(ctx, ref, "safeguarding_referral")
    olu.activity.complete_task(ref, task.uid)
    olu.cases.close(ref, "no_contact_four_weeks")


# ------------------------------------------------------------------ 15.1 keeping in touch
def test_due_list_shows_an_overdue_contact_beside_an_earlier_item(team: dict[str, Services]) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report()).reference  # response due 6 October, contact due 15 October: both overdue
    items = [i for i in olu.queries.due_items() if i.reference == ref]
    kinds = {i.kind: i for i in items}
    assert kinds["response"].overdue and kinds["complainant_contact"].overdue
    assert kinds["complainant_contact"].due_at == datetime(2026, 10, 15, 10, 0)
    assert "15.1" in kinds["complainant_contact"].reason


def test_a_letter_or_email_in_the_preferred_format_keeps_in_touch(team: dict[str, Services]) -> None:
    olu = team["olu"]
    emailer = olu.cases.report(report("2026-11-02 09:00", {"preferred_contact_method": "email",
                                                           "email": "zoe@example.org"})).reference
    caller = olu.cases.report(report("2026-11-02 09:00", {"preferred_contact_method": "telephone"})).reference
    for ref in (emailer, caller):
        olu.activity.log_contact(ref, "email", "sent", datetime(2026, 11, 20, 9, 0))
    due = {ref: olu.queries.case_detail(ref).complainant_contact_due.due for ref in (emailer, caller)}
    assert due == {emailer: datetime(2026, 12, 4, 9, 0), caller: datetime(2026, 11, 16, 9, 0)}
    overdue = {i.reference for i in olu.queries.due_items() if i.kind == "complainant_contact" and i.overdue}
    assert caller in overdue and emailer not in overdue


def test_a_frequency_longer_than_a_fortnight_is_refused(team: dict[str, Services], ctx: Context) -> None:
    with pytest.raises(ValidationError, match="contact_frequency_days: 21 days .*fortnightly"):
        team["olu"].cases.report(report(complainant={"contact_frequency_days": 21}))
    with ctx.session() as s:
        assert s.scalar(select(func.count(Case.id))) == 0
    team["olu"].cases.report(report(complainant={"contact_frequency_days": 14}))


def test_demo_data_agrees_frequencies_of_a_fortnight_or_less() -> None:
    from asb_desktop.demo import data as demo_data
    from asb_desktop.domain.contact_rules import check_frequency

    assert all(check_frequency(f).allowed for f in demo_data.FREQUENCIES)


# ------------------------------------------------------------------ response deadline and first response
def test_serious_flag_or_high_risk_after_intake_moves_the_response_task(team: dict[str, Services],
                                                                         ctx: Context) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report("2026-11-20 10:00")).reference  # a Friday: 3 working days is Wednesday
    [task] = _tasks(ctx, ref, "response")
    assert task.due_at == datetime(2026, 11, 25, 23, 59, 59)
    olu.cases.update(ref, {"serious": True})
    [task] = _tasks(ctx, ref, "response")
    monday = datetime(2026, 11, 23, 23, 59, 59)
    assert task.due_at == monday and "serious" in task.reason
    assert olu.queries.case_detail(ref).response_due_at == monday
    assert [i.due_at for i in olu.queries.due_items() if i.reference == ref and i.kind == "response"] == [monday]
    olu.cases.update(ref, {"serious": False})
    [task] = _tasks(ctx, ref, "response")
    assert task.due_at == datetime(2026, 11, 25, 23, 59, 59)


def test_high_risk_after_intake_moves_the_response_task_and_the_due_list(team: dict[str, Services],
                                                                        ctx: Context) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report("2026-11-20 10:00")).reference
    olu.risk.assess(ref, {"violence": True, "self_harm": True})  # weights 5 + 5: high
    monday = datetime(2026, 11, 23, 23, 59, 59)
    [task] = _tasks(ctx, ref, "response")
    assert task.due_at == monday and "high risk" in task.reason
    assert [i.due_at for i in olu.queries.due_items() if i.reference == ref and i.kind == "response"] == [monday]


def test_a_first_response_in_the_future_is_refused(team: dict[str, Services], ctx: Context) -> None:
    olu = team["olu"]
    ref = olu.cases.report(report()).reference
    with pytest.raises(ValidationError, match="^at: .*in the future"):
        olu.cases.record_response(ref, datetime(2026, 11, 24, 9, 0))
    with pytest.raises(ValidationError, match="^at: .*before the report"):
        olu.cases.record_response(ref, datetime(2026, 9, 30, 9, 0))
    with ctx.session() as s:
        assert s.scalar(select(Case.responded_at).where(Case.reference == ref)) is None
    assert [t.done_at for t in _tasks(ctx, ref, "response")] == [None]
    olu.cases.record_response(ref, datetime(2026, 10, 2, 9, 0))


def test_a_safeguarding_concern_raises_a_referral_task_at_intake_or_later(team: dict[str, Services],
                                                                          ctx: Context) -> None:
    olu = team["olu"]
    opened = olu.cases.report(report(safeguarding_concern=True))
    assert any("safeguarding" in a.lower() for a in opened.actions)
    assert len(_tasks(ctx, opened.reference, "safeguarding_referral")) == 1
    later = olu.cases.report(report()).reference
    assert _tasks(ctx, later, "safeguarding_referral") == []
    olu.cases.update(later, {"safeguarding_concern": True})
    olu.cases.update(later, {"summary": "Music again"})
    [task] = _tasks(ctx, later, "safeguarding_referral")
    olu.activity.complete_task(later, task.uid)
    olu.cases.update(later, {"summary": "Music again, louder", "safeguarding_concern": True})
    assert len(_tasks(ctx, later, "safeguarding_referral")) == 1  # done, and not raised again
    both = olu.cases.report(report(safeguarding_concern=True, domestic_abuse=True)).reference
    assert len(_tasks(ctx, both, "safeguarding_referral")) == 1  # the 11.2 referral covers the concern
