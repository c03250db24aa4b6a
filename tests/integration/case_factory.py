"""Builds a rich case straight through the ORM (every per-case table populated, Unicode names, a
case received just before midnight with an incident that crosses it) so exchange and backup
tests exercise every column without depending on the case services.

Also: ``fresh_engine`` makes a second, empty database of the same backend as a test's own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from support.postgres import fresh_schema_url

from asb_desktop.services.kernel import derived
from asb_desktop.services.kernel.context import Context
from asb_desktop.storage.db import make_engine, upgrade
from asb_desktop.storage.orm import (
    Assessment,
    Base,
    Case,
    CaseCategory,
    CaseLink,
    CaseParty,
    Category,
    Contact,
    ForumRecord,
    Incident,
    Interview,
    Note,
    Person,
    Property,
    Remedy,
    RiskAssessment,
    Setting,
    Task,
    Tenancy,
    User,
)

ZOE = "Zoë Ó'Brien-Łukasiewicz"
RECEIVED = datetime(2026, 11, 20, 23, 58, 30)  # a Friday, two minutes before midnight


def complete_peia(**answers: Any) -> dict[str, Any]:
    """Appendix 2 with every question of forms/peia.toml answered (complete by the 14.4 rule)."""
    from asb_desktop.documents.appendices import load_peia

    full = {q.id: True if q.kind == "yesno" else f"Considered: {q.section.lower()}."
            for q in load_peia().questions}
    return {**full, **answers}


def user(s: Session, username: str, full_name: str, roles: list[str], initials: str) -> User:
    found = s.scalar(select(User).where(User.username == username))
    if found is None:
        found = User(username=username, full_name=full_name, initials=initials, roles=roles,
                     password_hash=None, active=True, created_at=datetime(2026, 1, 5, 9, 0))
        s.add(found)
        s.flush()
    return found


def category(s: Session, name: str) -> Category:
    found = s.scalar(select(Category).where(Category.name == name))
    if found is None:
        found = Category(name=name)
        s.add(found)
        s.flush()
    return found


def minimal_case(ctx: Context, reference: str) -> str:
    """A small case with one complainant (for links and for occupying a database)."""
    with ctx.session() as s:
        person = Person(first_names="Bartholomew", surname="Okonkwo-Smythe", created_at=RECEIVED)
        case = Case(reference=reference, channel="telephone", status="new", received_at=RECEIVED,
                    assigned_officer_id=ctx.actor.id, created_by_id=ctx.actor.id,
                    summary="Dog barking through the night", last_activity_at=RECEIVED, updated_at=RECEIVED)
        s.add_all([person, case])
        s.flush()
        s.add(CaseParty(case_id=case.id, person_id=person.id, role="complainant"))
        derived.refresh(s, case, ctx.now())
    return reference


LANDLORD = {"organisation_name": "Ælfthryth Housing Trust", "organisation_address": "2 Mill Lane\nLeeds LS1 1AA"}


def rich_case(ctx: Context, reference: str = "ASB-2026-00007", linked_to: str | None = None) -> str:
    """A case with every child table populated and awkward values in every kind of column (and the
    landlord's name and address set, which notices need)."""
    with ctx.session() as s:
        for key, value in LANDLORD.items():
            if s.get(Setting, key) is None:
                s.add(Setting(key=key, value={"v": value}))
        me = s.get(User, ctx.actor.id)
        assert me is not None
        manager = user(s, "siobhan.ni.bhriain", "Siobhán Ní Bhriain", ["manager"], "SNB")
        scheme = user(s, "kwame.asante", "Kwame Asante-Ødegård", ["scheme_officer"], "KA")
        prop = Property(address="Flat 3, Æthelred Court\n12 Ship Lane", postcode="E1 6AN", landlord_ref="P-77",
                        scheme_name="Riverside Extra Care", scheme_officer_id=scheme.id)
        zoe = Person(title="Ms", first_names="Zoë", surname="Ó'Brien-Łukasiewicz", date_of_birth=date(1984, 2, 29),
                     address="Flat 3, Æthelred Court", postcode="E1 6AN", phone="+44 7700 900123",
                     email="zoe@example.org", preferred_contact_method="email", contact_frequency_days=7,
                     language="Polish", interpreter_needed=True, vulnerabilities="Anxiety; lives alone",
                     is_employee=False, occupation="Nurse", notes="Prefers calls after 6pm", created_at=RECEIVED)
        jorg = Person(title="Mr", first_names="Jörg", surname="Müller-Ødegård", address="Flat 4, Æthelred Court",
                      postcode="E1 6AN", preferred_contact_method=None, created_at=RECEIVED)
        witness = Person(first_names="李", surname="小龍", phone="020 7946 0000", created_at=RECEIVED)
        tenant = Person(first_names="Ana-María", surname="Ñúñez", created_at=RECEIVED)
        s.add_all([prop, zoe, jorg, witness, tenant])
        s.flush()
        s.add_all([Tenancy(property_id=prop.id, person_id=tenant.id, tenancy_type="assured",
                           start_date=date(2019, 4, 1), end_date=date(2025, 3, 31), landlord_ref="T-1"),
                   Tenancy(property_id=prop.id, person_id=zoe.id, tenancy_type="secure",
                           start_date=date(2025, 4, 7), end_date=None)])
        case = Case(reference=reference, channel="third_party", status="active", received_at=RECEIVED,
                    assigned_officer_id=me.id, assignment_reason="Supported housing: scheme officer first",
                    created_by_id=me.id, property_id=prop.id, summary="Loud music and threats — «every night»",
                    serious=True, employee_involved=False, colleague_harassed=False, domestic_abuse=False,
                    hate_related=True, safeguarding_concern=True, crime_reported=True,
                    police_reference="CAD 1234/20NOV26", supported_housing=True, restricted=False,
                    anonymous_checklist={"reassured": False, "limitations_explained": None},  # no anonymous party: none ticked
                    unknown_perpetrator=False, legal_exception="Threats of violence (14.1)",
                    referred_to_officer_id=manager.id,
                    triage_answers={"q1": True, "q2": False, "q3": True, "notes": "Ünïcödé ✓"},
                    full_risk_required=True, risk_band="high", response_due_at=datetime(2026, 11, 23, 23, 59, 59),
                    response_due_reason="the case is serious", responded_at=datetime(2026, 11, 21, 0, 20),
                    colleague_assessment_due_at=None, last_activity_at=RECEIVED, updated_at=RECEIVED)
        s.add(case)
        s.flush()
        for name in ("Noise", "Harassment — 落書き"):
            s.add(CaseCategory(case_id=case.id, category_id=category(s, name).id))
        s.add_all([
            CaseParty(case_id=case.id, person_id=zoe.id, role="complainant", consent_to_share=True),
            CaseParty(case_id=case.id, person_id=jorg.id, role="alleged_perpetrator"),
            CaseParty(case_id=case.id, person_id=witness.id, role="witness", withheld=True, consent_to_share=False),
            CaseParty(case_id=case.id, person_id=None, role="third_party_reporter", third_party_kind="police",
                      organisation="Metropolitan Police", consent_to_share=None),
            CaseParty(case_id=case.id, person_id=None, role="alleged_perpetrator",
                      description="Tall man, red jacket, seen on the stairwell"),
        ])
        midnight = RECEIVED.replace(hour=23, minute=30, second=0)
        child: dict[str, Any] = {"case_id": case.id, "created_at": RECEIVED, "created_by_id": me.id}
        s.add_all([
            Incident(**child, started_at=midnight, ended_at=midnight + timedelta(hours=1, minutes=45),
                     location="Stairwell, 2nd floor", description="Music at 100 dB; door kicked",
                     people_involved="Jörg", feelings_then="Terrified", feelings_since="Can't sleep",
                     measures_taken="Earplugs", feels_targeted=True, targeted_why="Because I'm Polish",
                     witnesses="李小龍", frequency="Nightly", history="Since March"),
            Incident(**child, started_at=datetime(2026, 11, 18, 14, 5, 7, 250000), ended_at=None, feels_targeted=None),
            Incident(**child, started_at=datetime(2026, 11, 19, 2, 0), description="Shouting in the car park"),
        ])
        s.add_all([
            Task(**child, kind="response", title="First response", reason="5.3", due_at=datetime(2026, 11, 23, 17)),
            Task(**child, kind="peia", title="PEIA before injunction", done_at=datetime(2026, 11, 22, 9, 30),
                 assigned_to_id=manager.id),
        ])
        s.add_all([
            Contact(**child, person_id=zoe.id, at=datetime(2026, 11, 21, 0, 15), method="telephone",
                    outcome="spoke", with_complainant=True, notes="Agreed weekly email"),
            Contact(**child, person_id=None, at=datetime(2026, 11, 21, 10, 0), method="letter", outcome="sent"),
        ])
        interview = Interview(**child, person_id=jorg.id, kind="alleged_perpetrator",
                              held_at=datetime(2026, 11, 22, 11, 0), method="in_person", place="Housing office",
                              supporter="Brother", interpreter="", points={"allegations_put": "Yes", "account":
                                                                            "Denies — «not me»", "n": [1, 2]})
        s.add(interview)
        s.flush()
        s.add_all([
            Note(**child, kind="general", written_at=datetime(2026, 11, 21, 0, 1), text="Called back after midnight.",
                 confidential=True, copied_from_uid=str(uuid.uuid4())),
            Note(**child, interview_id=interview.id, kind="interview", written_at=datetime(2026, 11, 22, 11, 45),
                 text="Mr Müller-Ødegård was told of the tenancy conditions."),
            RiskAssessment(**child, kind="full", form_id="appendix1", form_version=2,
                           answers={"a1": 3, "a2": "yes", "nested": {"x": [None, 1.5]}}, score=17, band="high",
                           reason="Threats", actions=["Refer to MARAC", {"step": 2}], notes=""),
            Remedy(**child, kind="warning_letter", legal=False, status="completed",
                   decided_at=datetime(2026, 11, 22, 12, 0), notes="Sent by hand"),
            Remedy(**child, kind="injunction", legal=True, status="proposed", decided_at=datetime(2026, 11, 22, 16, 0)),
            Assessment(**child, kind="peia", answers=complete_peia(equality="considered"),  # + a question the form no longer asks
                       completed_at=datetime(2026, 11, 22, 9, 0), officer_signed_by_id=me.id,
                       officer_signed_at=datetime(2026, 11, 22, 9, 5), manager_signed_by_id=manager.id,
                       manager_signed_at=datetime(2026, 11, 22, 9, 30)),
            ForumRecord(**child, forum="marac", meeting_date=date(2026, 11, 26), protocol_in_place=True,
                        information_shared="Risk summary", outcome="Police to visit"),
        ])
        if linked_to is not None:
            other = s.scalar(select(Case.id).where(Case.reference == linked_to))
            s.add(CaseLink(case_id=case.id, linked_case_id=other, kind="counter_allegation", note="8.3",
                           created_at=RECEIVED))
        derived.refresh(s, case, ctx.now())
    return reference


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables}


def all_rows(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, in primary-key order, for comparing two databases."""
    with engine.connect() as conn:
        return {t.name: [dict(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns)).mappings()]
                for t in Base.metadata.sorted_tables}


@contextmanager
def fresh_engine(backend: str, tmp_path: Path, name: str = "second") -> Iterator[Engine]:
    """An empty, upgraded database of the given backend, removed afterwards."""
    if backend == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / f'{name}.sqlite'}")
        upgrade(eng)
        try:
            yield eng
        finally:
            eng.dispose()
        return
    # a PostgreSQL target needs the server even when the test runs on SQLite
    with fresh_schema_url() as url:
        eng = make_engine(url)
        try:
            upgrade(eng)
            yield eng
        finally:
            eng.dispose()
