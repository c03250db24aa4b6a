"""Synthetic demo data (demo/generate.py) on real SQLite and real PostgreSQL."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from asb_desktop.demo import generate as demo
from asb_desktop.domain.enums import CaseStatus, Channel, ClosureReason, PartyRole, Role, TenancyType
from asb_desktop.services.kernel import derived
from asb_desktop.services.kernel.context import Context
from asb_desktop.storage.db import make_engine, upgrade
from asb_desktop.storage.orm import (
    AuditEntry,
    Base,
    Case,
    CaseParty,
    Contact,
    Incident,
    Person,
    ReferenceCounter,
    SearchDocument,
    Task,
    Tenancy,
    User,
)

FIXED_NOW = datetime(2026, 11, 23, 10, 0)  # the conftest clock (ctx fixture)
TODAY = FIXED_NOW.date()


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table in primary-key order (the audit trail records when it ran, so not that)."""
    out = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name != "audit_log":
                out[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*table.primary_key))]
    return out


def fresh_sqlite(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    return engine


@pytest.fixture
def demo_db(engine: Engine) -> Engine:
    demo.generate(engine, 300, seed=3, today=TODAY)
    return engine


def test_same_seed_same_data_on_either_database(engine: Engine, tmp_path: Path) -> None:
    counts = demo.generate(engine, 60, seed=7, today=TODAY)
    other = fresh_sqlite(tmp_path / "same.sqlite")
    assert demo.generate(other, 60, seed=7, today=TODAY) == counts
    assert dump(engine) == dump(other)  # uids included, and across back ends
    different = fresh_sqlite(tmp_path / "different.sqlite")
    demo.generate(different, 60, seed=8, today=TODAY)
    theirs, ours = dump(different), dump(engine)
    for table in ("cases", "people", "incidents", "case_search"):
        assert theirs[table] != ours[table], table


def test_the_worker_process_gives_the_same_data_as_generating_in_process(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    inline = fresh_sqlite(tmp_path / "inline.sqlite")
    demo.generate(inline, 2 * demo.CHUNK + 10, seed=5, today=TODAY)
    monkeypatch.setattr(demo, "PARALLEL_FROM", 1)
    worker = fresh_sqlite(tmp_path / "worker.sqlite")
    seen: list[tuple[int, int]] = []
    demo.generate(worker, 2 * demo.CHUNK + 10, seed=5, today=TODAY, progress=lambda d, t: seen.append((d, t)))
    assert dump(worker) == dump(inline)
    assert [done for done, _ in seen] == sorted({done for done, _ in seen}) and seen[-1] == (4010, 4010)


def test_every_status_reason_channel_and_tenancy_type_appears(demo_db: Engine) -> None:
    with demo_db.connect() as conn:
        cases = conn.execute(select(Case.status, Case.closure_reason, Case.channel, Case.closed_at)).all()
        tenancies = set(conn.scalars(select(Tenancy.tenancy_type)))
        roles = Counter(r for rs in conn.scalars(select(User.roles)) for r in rs)
    assert {c.status for c in cases} == {s.value for s in CaseStatus}
    assert {c.closure_reason for c in cases if c.status == "closed"} == {r.value for r in ClosureReason}
    assert all((c.status == "closed") == (c.closure_reason is not None) == (c.closed_at is not None) for c in cases)
    assert {c.channel for c in cases} == {ch.value for ch in Channel}
    assert tenancies == {t.value for t in TenancyType}
    assert roles == {Role.OFFICER: 3, Role.SCHEME_OFFICER: 1, Role.TEAM_LEADER: 1, Role.MANAGER: 1}


def test_flags_follow_the_procedure(demo_db: Engine) -> None:
    with demo_db.connect() as conn:
        users = {u.id: u for u in conn.execute(select(User.id, User.roles, User.full_name))}
        cases = conn.execute(select(Case)).all()
        parties = conn.execute(select(CaseParty)).all()
        incidents = conn.execute(select(Incident.started_at, Incident.ended_at)).all()
        contacts = conn.scalars(select(Contact.outcome)).all()
        tasks = conn.execute(select(Task.due_at, Task.done_at)).all()
        people = conn.execute(select(Person.first_names, Person.surname, Person.is_employee)).all()
    assert all(users[c.assigned_officer_id].roles == ["team_leader"] and c.restricted
               for c in cases if c.employee_involved)
    assert all(users[c.assigned_officer_id].roles == ["scheme_officer"] for c in cases
               if c.supported_housing and not c.employee_involved)
    assert all(c.officer_display == users[c.assigned_officer_id].full_name for c in cases)
    assert not any(c.restricted for c in cases if not c.employee_involved)
    for flag in ("employee_involved", "supported_housing", "domestic_abuse", "hate_related", "safeguarding_concern",
                 "crime_reported", "unknown_perpetrator", "serious", "colleague_harassed"):
        assert any(getattr(c, flag) for c in cases), flag
    assert any(c.police_reference for c in cases) and all(c.crime_reported for c in cases if c.police_reference)
    assert all(c.unknown_perpetrator_description and c.perpetrator_display for c in cases if c.unknown_perpetrator)
    assert all(c.colleague_assessment_due_at for c in cases if c.colleague_harassed)
    assert {c.risk_band for c in cases} >= {"standard", "medium", "high", None}
    assert any(c.triage_answers for c in cases) and any(c.full_risk_required for c in cases)
    assert all(c.response_due_at and "procedure 5.3, 6.2" in c.response_due_reason for c in cases)
    anonymous = [p for p in parties if p.anonymous]
    assert anonymous and all(p.role == PartyRole.COMPLAINANT for p in anonymous)
    third = [p for p in parties if p.role == PartyRole.THIRD_PARTY_REPORTER]
    assert {p.consent_to_share for p in third} == {True, False} and all(p.organisation for p in third)
    assert min(Counter(p.case_id for p in parties if p.role == "complainant").values()) >= 1
    assert any(i.ended_at and i.ended_at.date() > i.started_at.date() for i in incidents)  # past midnight
    assert {"spoke", "no_answer"} <= set(contacts)
    now = FIXED_NOW.replace(hour=12)
    assert any(t.done_at is None and t.due_at < now for t in tasks)  # overdue
    assert any(t.done_at is not None for t in tasks)
    assert all(t.done_at is None or t.done_at <= now for t in tasks)
    assert any(p.is_employee for p in people)
    names = {f"{p.first_names} {p.surname}" for p in people}
    assert any(not n.isascii() for n in names)


def test_references_and_counters_continue(engine: Engine) -> None:
    demo.generate(engine, 40, seed=1, today=TODAY)
    demo.generate(engine, 40, seed=2, today=TODAY)  # a second run adds to the first
    with engine.begin() as conn:
        refs = conn.scalars(select(Case.reference).order_by(Case.id)).all()
        counters = dict(conn.execute(select(ReferenceCounter.year, ReferenceCounter.last)).all())
        assert conn.scalar(select(func.count()).select_from(User)) == 6  # demo users added only once
        assert conn.scalar(select(func.count()).select_from(AuditEntry)) == 2
        uids = conn.scalars(select(Case.uid)).all() + conn.scalars(select(Person.uid)).all()
        last_person = conn.scalar(select(func.max(Person.id)))
    assert len(refs) == 80 and len(set(refs)) == 80 and len(set(uids)) == len(uids)
    assert all(re.fullmatch(r"ASB-\d{4}-\d{5}", r) for r in refs)
    for year, last in counters.items():
        assert last == max(int(r[-5:]) for r in refs if r[4:8] == str(year))
    with Session(engine) as s, s.begin():  # ids handed out afterwards do not collide (PostgreSQL sequences)
        person = Person(first_names="New", surname="Person", created_at=FIXED_NOW)
        s.add(person)
        s.flush()
        assert person.id == last_person + 1


def test_sqlite_foreign_keys_hold_and_are_switched_back_on(tmp_path: Path) -> None:
    engine = make_engine(str(tmp_path / "fk.sqlite"))
    upgrade(engine)
    demo.generate(engine, 80, seed=4, today=TODAY)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_derived_columns_match_what_refresh_recomputes(ctx: Context) -> None:
    """The bulk loader and derived.refresh must agree, or editing a demo case would change its row."""
    demo.generate(ctx.engine, 150, seed=11, today=TODAY)
    fields = ("complainant_display", "perpetrator_display", "categories_display", "officer_display",
              "next_due_at", "next_due_label", "last_activity_at")
    checked = 0
    with ctx.session() as s:
        for case_id in s.scalars(select(Case.id).order_by(Case.id)).all()[::4]:
            case = s.get(Case, case_id)
            before = {f: getattr(case, f) for f in fields}
            body = s.get(SearchDocument, case_id).body
            derived.refresh(s, case, ctx.now())
            assert {f: getattr(case, f) for f in fields} == before, case.reference
            assert s.get(SearchDocument, case_id).body == body, case.reference
            checked += 1
        s.rollback()
    assert checked >= 35


def test_anonymous_complainants_store_no_identity(demo_db: Engine) -> None:
    """2024 5.7: a truly anonymous reporter stores no identity - no person (name, address, phone) on the
    party, and no contact with them on file to keep in touch with."""
    with demo_db.connect() as conn:
        anonymous = conn.execute(select(CaseParty.case_id, CaseParty.person_id, CaseParty.role)
                                 .where(CaseParty.anonymous.is_(True))).all()
        cases = {c.id: c for c in conn.execute(select(Case.id, Case.complainant_display, Case.next_due_label))}
        complainant_contacts = conn.execute(select(Contact.case_id, Contact.person_id)
                                            .where(Contact.with_complainant.is_(True))).all()
    assert len(anonymous) >= 5
    assert [p for p in anonymous if p.person_id is not None] == []
    ids = {p.case_id for p in anonymous}
    assert all(cases[i].complainant_display == "Anonymous" for i in ids)
    assert not [c for c in complainant_contacts if c.case_id in ids]
    assert not [i for i in ids if cases[i].next_due_label == "Complainant contact"]


def test_generation_speed_is_reported_not_asserted(demo_db: Engine) -> None:
    """Times are measured by benchmarks/bench_core.py; here only that the counts add up."""
    with demo_db.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Case)) == 300
        assert conn.scalar(select(func.count()).select_from(SearchDocument)) == 300
        last = conn.execute(select(AuditEntry.summary, AuditEntry.detail)).one()
    assert "300 demo cases" in last.summary and last.detail["counts"]["cases"] == 300
    assert datetime.fromisoformat(last.detail["today"]).date() == TODAY


def test_a_failure_in_the_worker_process_is_raised_here() -> None:
    broken = (1, TODAY, {}, {}, {}, {}, 10)  # no users, no categories: the worker cannot build a case
    with pytest.raises(RuntimeError, match="Generating demo data failed"):
        list(demo._from_worker(broken))


@pytest.mark.parametrize("cases", [1, 2, 3])
def test_a_demo_of_one_two_or_three_cases(engine: Engine, cases: int) -> None:
    demo.generate(engine, cases, seed=2, today=TODAY)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Case)) == cases


def test_demo_names_a_placeholder_landlord_but_keeps_a_real_one(engine: Engine, tmp_path: Path) -> None:
    from asb_desktop.demo.data import ORGANISATION
    from asb_desktop.services.admin.users import sign_in
    from asb_desktop.services.kernel.org_settings import OrgSettings, OrgSettingsService

    demo.generate(engine, 3, seed=2, today=TODAY)
    org = OrgSettingsService(Context(engine, sign_in(engine), tmp_path))
    assert (org.get().organisation_name, org.get().organisation_address) == (
        ORGANISATION["organisation_name"], ORGANISATION["organisation_address"])
    org.save(OrgSettings("Riverside Homes", "2 Mill Lane, Leeds LS1 1AA"))
    demo.generate(engine, 3, seed=3, today=TODAY)
    assert (org.get().organisation_name, org.get().organisation_address) == ("Riverside Homes", "2 Mill Lane, Leeds LS1 1AA")
