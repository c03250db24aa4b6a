"""People on an existing case: add a witness or other party after intake, and mark whose identity is
withheld from anything a perpetrator or a court could receive.

Withholding is the safe direction and needs no reason. Allowing a withheld identity back into court
documents exposes someone who may fear reprisals, so it needs the officer's reason, is written to the
audit trail, and is refused for an anonymous complainant (whose identity the case never records as
shareable). Documents made before a change are not rewritten: the bundle's export check searches
the final PDF for every withheld name and address, so an older document that names someone stops
the export rather than reaching the court.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.enums import PartyRole
from ...domain.identity_rules import (
    checklist_allowed,
    checklist_missing,
    checklist_points_problem,
    withholding_check,
)
from ...storage.orm import Case, CaseParty
from ..kernel import derived
from ..kernel.case_access import apply_employee_rule
from ..kernel.case_file import changed, open_case
from ..kernel.context import Context
from ..kernel.errors import NotFound, RuleBlocked, ValidationError
from ..kernel.identity import PersonMatch
from ..kernel.inputs import PartyInput, PersonInput, parse_enum
from .cases import _person


@dataclass(frozen=True)
class PartyRow:
    uid: str
    role: str
    name: str
    anonymous: bool
    withheld: bool

    @property
    def role_label(self) -> str:
        return PartyRole(self.role).label


def _label(party: CaseParty) -> str:
    if party.anonymous:
        return derived.ANONYMOUS
    if party.person is not None:
        return party.person.display_name
    return party.organisation or party.description or "Unknown"


class PartyService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def list(self, reference: str) -> list[PartyRow]:
        """Everyone on the case with their uid (for ``withhold``/``allow``). Writes a "view" audit entry."""

        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            self.ctx.audit(s, "view", "party", "", case.reference, "Listed the people on the case")
            return [PartyRow(p.uid, p.role, _label(p), p.anonymous, p.withheld) for p in case.parties]

    def add(self, reference: str, data: PartyInput, *, withheld: bool = False, new_person: bool = False) -> str:
        """Add a party (a witness found later, a household member). Returns the party's uid.

        A person who looks like someone already on file (4.1) raises ``PossibleDuplicate`` with the
        matches, unless ``new_person`` or the person's uid (``existing_uid``) is given."""
        from ..kernel.identity import refuse_duplicate
        from ..kernel.inputs import refuse_anonymous_identity

        role = parse_enum(PartyRole, data.role, "role")
        refuse_anonymous_identity(data, "person")
        if data.person is None and not (data.anonymous or data.organisation.strip() or data.description.strip()):
            raise ValidationError("person", "give the person's name (or an organisation or description)")
        if data.person is not None:
            data.person.validate("person", self.ctx.now().date())
        if data.anonymous and role != PartyRole.COMPLAINANT.value:
            raise ValidationError("anonymous", "only a complainant can be anonymous; withhold a witness instead")
        check = withholding_check(role, withheld or data.anonymous, data.anonymous)
        if not check.allowed:
            raise RuleBlocked(check.reasons)
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            if data.person is not None:
                refuse_duplicate(s, data.person, "person", new_person)
            person = _person(s, data.person, self.ctx.now()) if data.person else None
            s.flush()
            party = CaseParty(case_id=case.id, person_id=person.id if person else None, role=role,
                              anonymous=data.anonymous, withheld=withheld or data.anonymous,
                              third_party_kind=data.third_party_kind, organisation=data.organisation,
                              consent_to_share=data.consent_to_share, description=data.description)
            s.add(party)
            s.flush()
            role_label = PartyRole(role).label
            apply_employee_rule(self.ctx, s, case, f"Added a {role_label.lower()} who is an employee")
            changed(self.ctx, s, case, f"Added a {role_label.lower()}" + (" (identity withheld)" if party.withheld else ""),
                       "party", party.id)
            return party.uid

    def matches(self, person: PersonInput) -> builtins.list[PersonMatch]:
        """4.1: people already on file this person may be (same name and date of birth, or name and address)."""
        from ..kernel.identity import possible_matches

        with self.ctx.session() as s:
            return possible_matches(s, person)

    def complete_anonymous_checklist(self, reference: str, points: builtins.list[str]) -> str:
        """2024 5.7: record, after intake, the points explained to an anonymous complainant."""
        problem = checklist_points_problem(points)
        if problem:
            raise ValidationError("points", problem)
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            check = checklist_allowed(any(p.anonymous for p in case.parties))
            if not check.allowed:
                raise RuleBlocked(check.reasons)
            done = {**(case.anonymous_checklist or {}), **{p: True for p in points}}
            case.anonymous_checklist = done
            missing = checklist_missing(done)
            derived.refresh(s, case, self.ctx.now())
            self.ctx.audit(s, "change", "case", case.id, case.reference,
                           "Anonymous complainant: 5.7 checklist updated (" + ", ".join(points) + ")")
        return ("5.7 checklist complete." if not missing
                else "Still to explain: " + "; ".join(missing) + ".")

    def set_withheld(self, reference: str, party_uid: str, withheld: bool, reason: str = "") -> str:
        """Withhold or allow one party's identity in court documents. Returns a sentence saying what
        changed and what it means for documents already made."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            party = self._party(s, case, party_uid)
            role = PartyRole(party.role).label.lower()
            check = withholding_check(party.role, withheld, party.anonymous)
            if not check.allowed:
                raise RuleBlocked(check.reasons)
            if not withheld and not reason.strip():
                raise ValidationError("reason", "say why this person's identity may now appear in court "
                                      "documents (e.g. they agreed in writing to give evidence openly)")
            if party.withheld == withheld:
                return f"No change: this {role}'s identity was already {'withheld' if withheld else 'allowed'}."
            party.withheld = withheld
            summary = (f"Withheld a {role}'s identity from court documents" if withheld
                       else f"Allowed a {role}'s identity in court documents: {reason.strip()}")
            derived.refresh(s, case, self.ctx.now())
            self.ctx.audit(s, "change", "party", party.id, case.reference, summary, reason=reason.strip())
        if withheld:
            return (f"This {role}'s identity is now withheld: new documents describe them without naming them, "
                    "their statements are left out of bundles, and any export whose text still names them "
                    "is stopped. Documents made before now are unchanged; regenerate any that name them.")
        return f"This {role}'s identity may now appear in court documents made from now on."

    def _party(self, s: Session, case: Case, uid: str) -> CaseParty:
        party = s.scalar(select(CaseParty).where(CaseParty.case_id == case.id, CaseParty.uid == uid.strip()))
        if party is None:
            raise NotFound(f"That person is not on case {case.reference}: list them with 'asb party list "
                           f"{case.reference}' and use the id shown.")
        return party
