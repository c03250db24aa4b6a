"""16.1 closure: each reason against the case's facts; open safeguarding work needs a manager's decision."""

from __future__ import annotations

from datetime import datetime, timedelta

from asb_desktop.domain.closure import ClosureFacts, OpenTask, closure_options, may_close, reason_check
from asb_desktop.domain.enums import ClosureReason, Role, TaskKind

NOW = datetime(2026, 11, 23, 10, 0)
LONG_AGO = NOW - timedelta(weeks=10)
QUIET = ClosureFacts(received_at=LONG_AGO, last_incident=LONG_AGO)
MANAGER = frozenset({Role.MANAGER})
OFFICER = frozenset({Role.OFFICER})


def test_four_weeks_quiet_counts_incidents_diary_entries_interviews_and_contact() -> None:
    assert reason_check(ClosureReason.NO_CONTACT_FOUR_WEEKS, QUIET, NOW).allowed
    yesterday = NOW - timedelta(days=1)
    for field, words in (("last_incident", "an incident"), ("last_diary_entry", "a diary entry"),
                         ("last_interview", "an interview"),
                         ("last_successful_contact", "the complainant was spoken to")):
        facts = ClosureFacts(**{**vars(QUIET), field: yesterday})
        check = reason_check(ClosureReason.NO_CONTACT_FOUR_WEEKS, facts, NOW)
        assert not check.allowed and words in check.message and "22 November 2026" in check.message


def test_four_weeks_is_four_weeks_to_the_minute() -> None:
    edge = ClosureFacts(received_at=NOW - timedelta(weeks=4))
    assert reason_check(ClosureReason.NO_CONTACT_FOUR_WEEKS, edge, NOW).allowed
    just_short = ClosureFacts(received_at=NOW - timedelta(weeks=4) + timedelta(minutes=1))
    assert not reason_check(ClosureReason.NO_CONTACT_FOUR_WEEKS, just_short, NOW).allowed


def test_nuisance_ceased_needs_the_complainant_heard_after_the_last_incident() -> None:
    check = reason_check(ClosureReason.NUISANCE_CEASED, QUIET, NOW)
    assert not check.allowed and "log the contact or interview" in check.message
    spoke = ClosureFacts(**{**vars(QUIET), "last_successful_contact": LONG_AGO + timedelta(days=1)})
    assert reason_check(ClosureReason.NUISANCE_CEASED, spoke, NOW).allowed
    later_diary = ClosureFacts(**{**vars(spoke), "last_diary_entry": LONG_AGO + timedelta(days=2)})
    check = reason_check(ClosureReason.NUISANCE_CEASED, later_diary, NOW)
    assert not check.allowed and "a diary entry" in check.message
    interviewed = ClosureFacts(**{**vars(later_diary), "last_complainant_interview": LONG_AGO + timedelta(days=3)})
    assert reason_check(ClosureReason.NUISANCE_CEASED, interviewed, NOW).allowed


def test_resolved_reasons_need_a_remedy_in_effect() -> None:
    options = closure_options(QUIET, NOW)
    assert not options[ClosureReason.RESOLVED_NON_LEGAL].allowed and not options[ClosureReason.RESOLVED_LEGAL].allowed
    options = closure_options(ClosureFacts(**{**vars(QUIET), "non_legal_remedy": True}), NOW)
    assert options[ClosureReason.RESOLVED_NON_LEGAL].allowed and not options[ClosureReason.RESOLVED_LEGAL].allowed
    assert closure_options(ClosureFacts(**{**vars(QUIET), "legal_remedy": True}), NOW)[
        ClosureReason.RESOLVED_LEGAL].allowed


def test_open_safeguarding_work_blocks_closure_unless_a_manager_decides() -> None:
    tasks = (OpenTask(TaskKind.SAFEGUARDING_REFERRAL.value, "Make a safeguarding referral"),
             OpenTask(TaskKind.GENERAL.value, "Ring the caretaker"))
    facts = ClosureFacts(**{**vars(QUIET), "open_tasks": tasks})
    blocked = may_close(ClosureReason.NO_CONTACT_FOUR_WEEKS, facts, NOW, roles=OFFICER)
    assert not blocked.allowed and "Make a safeguarding referral" in blocked.check.message
    assert "Ring the caretaker" not in blocked.check.message
    officer = may_close(ClosureReason.NO_CONTACT_FOUR_WEEKS, facts, NOW, roles=OFFICER, manager_decision="Police lead")
    assert not officer.allowed and "Only a manager" in officer.check.message
    spaces = may_close(ClosureReason.NO_CONTACT_FOUR_WEEKS, facts, NOW, roles=MANAGER, manager_decision="  ")
    assert not spaces.allowed
    decided = may_close(ClosureReason.NO_CONTACT_FOUR_WEEKS, facts, NOW, roles=MANAGER,
                        manager_decision="Adult social care holds the referral.")
    assert decided.allowed and decided.left_open == tasks[:1]
    assert "Adult social care holds the referral." in decided.check.message


def test_a_manager_decision_does_not_excuse_a_reason_the_facts_refuse() -> None:
    facts = ClosureFacts(received_at=NOW - timedelta(days=1),
                         open_tasks=(OpenTask(TaskKind.DOMESTIC_ABUSE.value, "Domestic abuse policy"),))
    check = may_close(ClosureReason.NO_CONTACT_FOUR_WEEKS, facts, NOW, roles=MANAGER, manager_decision="Handled").check
    assert not check.allowed and "4 weeks" in check.message
    plain = may_close(ClosureReason.NO_CONTACT_FOUR_WEEKS, QUIET, NOW, roles=OFFICER)
    assert plain.allowed and plain.left_open == () and plain.check.message.startswith("Closed:")
