"""Reading a case into the plain facts a witness statement is drafted from: who the witness is,
the proceedings' title, and the incidents, diary entries and exhibits the statement covers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...documents.drafting import IncidentFact
from ...documents.statement import Proceedings, Witness
from ...documents.wording import initials_of
from ...domain.enums import PartyRole
from ...domain.identity_rules import (
    STATEMENT_ROLES,
    identity_withheld,
    statement_role_problem,
    statement_witness_check,
)
from ...storage.orm import Case, CaseParty, Incident, Person, User
from ..kernel.context import Context
from ..kernel.errors import RuleBlocked, ValidationError

OFFICER_NOTE = "Officer account: "
WITHHELD_SOURCE = "a resident of the area whose identity is withheld"


@dataclass
class ResolvedWitness:
    person: Person
    key: str
    role: str
    user: User | None = None


def _full_name(person: Person) -> str:
    return " ".join(p for p in (person.first_names, person.surname) if p).strip()


def _one_line(address: str, postcode: str) -> str:
    lines = [line.strip(" ,") for line in address.splitlines() if line.strip()]
    if postcode and postcode not in " ".join(lines):
        lines.append(postcode)
    return "\n".join(lines)


def officer_person(ctx: Context, s: Session, case: Case, user: User) -> Person:
    """The officer as a person on the case (a professional witness), so their exhibits can be marked."""
    marker = f"{OFFICER_NOTE}{user.username}"
    person = s.scalar(select(Person).where(Person.notes == marker))
    if person is None:
        first, _, surname = user.full_name.rpartition(" ")
        person = Person(first_names=first or user.full_name, surname=surname if first else "",
                        is_employee=True, occupation=user.job_title, notes=marker, created_at=ctx.now(),
                        address=str(ctx.setting(s, "organisation_address") or ""))
        s.add(person)
        s.flush()
    linked = s.scalar(select(CaseParty).where(CaseParty.case_id == case.id, CaseParty.person_id == person.id))
    if linked is None:
        s.add(CaseParty(case_id=case.id, person_id=person.id, role=PartyRole.PROFESSIONAL_WITNESS.value,
                        organisation=str(ctx.setting(s, "organisation_name") or ""),
                        description=f"Officer: {user.full_name}"))
        s.flush()
    return person


def resolve_witness(ctx: Context, s: Session, case: Case, witness: str) -> ResolvedWitness:
    """``witness``: a person id or uid, a name on the case, "officer" (me) or an officer's username."""
    text = witness.strip()
    if not text:
        raise ValidationError("witness", "say who the witness is: a person id, a name, or 'officer'")
    user = None
    if text.casefold() in ("officer", "me"):
        user = s.get(User, ctx.actor.id)
    else:
        user = s.scalar(select(User).where(User.username == text))
    if user is not None:
        person = officer_person(ctx, s, case, user)
        return ResolvedWitness(person, f"user:{user.username}", "officer", user)
    parties = [(p, p.person) for p in case.parties if p.person is not None]
    folded = " ".join(text.split()).casefold()
    matches = [(p, person) for p, person in parties if str(person.id) == text or person.uid == text
               or folded in (_full_name(person).casefold(), person.display_name.casefold())]
    if not matches:
        raise ValidationError("witness", f"'{witness}' is not a person on case {case.reference}; give a person "
                              "id, a full name as recorded, or 'officer'")
    if len({person.id for _, person in matches}) > 1:
        raise ValidationError("witness", f"more than one person on case {case.reference} is called '{witness}'; "
                              "give the person id instead")
    party, person = next(((p, person) for p, person in matches if p.role in STATEMENT_ROLES), matches[0])
    check = statement_witness_check(party.anonymous, party.withheld)
    if not check.allowed:
        raise RuleBlocked(check.reasons)
    problem = statement_role_problem(party.role)
    if problem:
        raise ValidationError("witness", f"{_full_name(person)} is {problem}")
    if person.notes.startswith(OFFICER_NOTE):
        user = s.scalar(select(User).where(User.username == person.notes[len(OFFICER_NOTE):]))
        if user is not None:
            return ResolvedWitness(person, f"user:{user.username}", "officer", user)
    return ResolvedWitness(person, f"person:{person.uid}", STATEMENT_ROLES[party.role])


def witness_facts(ctx: Context, s: Session, case: Case, w: ResolvedWitness) -> Witness:
    org = str(ctx.setting(s, "organisation_name") or "")
    p = w.person
    common = dict(full_name=_full_name(p), first_names=p.first_names, surname=p.surname,
                  initials=initials_of(p.first_names, p.surname), role=w.role)
    if w.role == "officer" and w.user is not None:
        return Witness(**common, address=str(ctx.setting(s, "organisation_address") or ""),
                       position=w.user.job_title or "Housing Officer", employer=org,
                       party_relation=f"I am employed by the Claimant, {org}." if org else
                       "I am employed by the Claimant.")
    if w.role == "professional_witness":
        party = next(cp for cp in case.parties if cp.person_id == p.id)
        return Witness(**common, address=_one_line(p.address, p.postcode), occupation=p.occupation,
                       position=p.occupation, employer=party.organisation,
                       party_relation="I am not a party to this claim. I give this statement in my professional "
                                      "capacity.")
    return Witness(**common, address=_one_line(p.address, p.postcode), occupation=p.occupation,
                   party_relation="I am not a party to this claim.")


def default_proceedings(ctx: Context, s: Session, case: Case, court: str = "", claim_number: str = "") -> Proceedings:
    defendants = [_full_name(p.person) for p in case.parties
                  if p.role == PartyRole.ALLEGED_PERPETRATOR and p.person is not None and not p.anonymous]
    return Proceedings(court=court, claim_number=claim_number,
                       claimant=str(ctx.setting(s, "organisation_name") or ""), defendants=defendants)


def incident_facts(s: Session, case: Case, uids: list[str] | None) -> list[IncidentFact]:
    """The incidents to cover, with anonymous and withheld people taken out of their text (shown as
    "[withheld]", for the officer to reword), so one name in an incident does not block the draft."""
    from ...court.withheld import redact
    from ..kernel.court_facts import withheld_people

    rows = list(s.scalars(select(Incident).where(Incident.case_id == case.id).order_by(Incident.started_at)))
    if uids is not None:
        unknown = sorted(set(uids) - {r.uid for r in rows})
        if unknown:
            raise ValidationError("incidents", f"incident {unknown[0]} is not on case {case.reference}")
        rows = [r for r in rows if r.uid in set(uids)]
    people = withheld_people(case)
    return [IncidentFact(r.started_at, r.ended_at, redact(r.location, people), redact(r.description, people),
                         redact(r.feelings_then, people), redact(r.feelings_since, people)) for r in rows]


def complainant_source(case: Case) -> tuple[str, bool]:
    """How an officer's statement names the complainant as a source, and whether that is hearsay from
    an anonymous or withheld witness (then they are described, never named)."""
    for p in case.parties:
        if p.role == PartyRole.COMPLAINANT:
            if identity_withheld(p.anonymous, p.withheld) or p.person is None:
                return WITHHELD_SOURCE, True
            return f"The complainant, {_full_name(p.person)},", False
    return WITHHELD_SOURCE, True
