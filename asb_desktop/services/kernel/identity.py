"""Identity on file (2024 4.1, 5.6, 5.7): the anonymous-reporter rule applied to input, matching a
retyped person to one already on file, and the 5.7 checklist after intake.

The rules themselves live in ``domain/identity_rules.py``; this module applies them to storage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.identity_rules import Identity, describe_match, same_person
from ...storage.orm import CaseParty, Person
from .errors import ValidationError

if TYPE_CHECKING:
    from .inputs import PersonInput


@dataclass(frozen=True)
class PersonMatch:
    uid: str
    name: str
    date_of_birth: date | None
    address: str
    question: str


class PossibleDuplicate(ValidationError):
    """The person typed looks like someone already on file: use them (their uid) or say it is a new person."""

    def __init__(self, field: str, matches: list[PersonMatch],
                 how: str = "Use their id, or say this is a new person") -> None:
        listed = "; ".join(f"{m.name}{_described(m)} (id {m.uid})" for m in matches)
        super().__init__(field, f"this looks like someone already on file: {listed}. {how}")
        self.matches = matches


def _described(m: PersonMatch) -> str:
    bits = [f"born {m.date_of_birth:%d/%m/%Y}" if m.date_of_birth else "", m.address.replace("\n", ", ").strip()]
    inside = ", ".join(b for b in bits if b)
    return f", {inside}" if inside else ""


def anonymous_person_ids(s: Session) -> set[int]:
    """People linked to an anonymous party: never returned by person search or people lists."""
    return set(s.scalars(select(CaseParty.person_id).where(CaseParty.anonymous.is_(True),
                                                           CaseParty.person_id.is_not(None))))


def possible_matches(s: Session, data: PersonInput) -> list[PersonMatch]:
    """4.1: people on file with the same name and date of birth, or the same name and address."""
    if data.existing_uid or not data.surname.strip():
        return []
    new = Identity(data.first_names, data.surname, data.date_of_birth, data.address, data.postcode)
    hidden = anonymous_person_ids(s)
    # lower() on both sides: SQLite's lower() leaves non-ASCII letters alone, so Python's would miss "Ó'Brien"
    rows = s.scalars(select(Person).where(func.lower(Person.surname) == func.lower(data.surname.strip())))
    out = []
    for p in rows:
        if p.id in hidden:
            continue
        if same_person(new, Identity(p.first_names, p.surname, p.date_of_birth, p.address, p.postcode)):
            out.append(PersonMatch(p.uid, p.display_name, p.date_of_birth, p.address,
                                   describe_match(p.display_name, p.date_of_birth, p.address)))
    return out


def refuse_duplicate(s: Session, data: PersonInput, name: str, new_person: bool, how: str | None = None) -> None:
    """Raise ``PossibleDuplicate`` unless the officer said this is a new person."""
    if new_person:
        return
    matches = possible_matches(s, data)
    if matches:
        raise PossibleDuplicate(name, matches, *([how] if how else []))
