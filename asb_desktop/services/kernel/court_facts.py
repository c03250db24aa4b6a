"""Case facts the court documents are built from, gathered once per use, with withheld identities
already removed: tenancy, tenants, incidents, and who is withheld.

Shared by the notice service (services/court/notices.py) and the bundle service (services/court/bundles.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...court.withheld import WithheldPerson, address_terms, person_terms, redact
from ...domain.enums import PartyRole
from ...domain.identity_rules import identity_withheld
from ...storage.orm import Case, Incident, Person, Property, Tenancy
from .context import Context
from .errors import ValidationError


@dataclass(frozen=True)
class TenancyFact:
    tenancy_type: str | None
    fixed_term: bool
    tenants: tuple[str, ...]
    address: str
    why: str  # how the tenancy was chosen, said to the officer
    start_date: date | None = None  # the rent periods run from it (domain.notice_to_quit)
    rent_period: str | None = None  # domain.enums.RentPeriod; None: not recorded


def withheld_people(case: Case) -> list[WithheldPerson]:
    """Anonymous and withheld parties, each under a label that does not identify them. A string
    shared with someone who is not withheld (a family surname, a building) is not treated as theirs."""
    people: list[WithheldPerson] = []
    open_terms: set[str] = set()
    for party in case.parties:
        person = party.person
        if person is None:
            continue
        if identity_withheld(party.anonymous, party.withheld):
            continue
        open_terms |= {t.casefold() for t in person_terms(person.first_names, person.surname, person.title)}
        open_terms |= {t.casefold() for t in address_terms(person.address)}
    n = 0
    for party in case.parties:
        person = party.person
        if person is None or not identity_withheld(party.anonymous, party.withheld):
            continue
        n += 1
        names = tuple(t for t in person_terms(person.first_names, person.surname, person.title)
                      if t.casefold() not in open_terms)
        addresses = tuple(t for t in address_terms(person.address) if t.casefold() not in open_terms)
        contacts = tuple(c for c in (person.phone, person.email) if c.strip())
        role = PartyRole(party.role).label.lower()
        people.append(WithheldPerson(f"the withheld {role} ({n})", names, addresses, contacts))
    return people


def tenancy_rows(s: Session, case: Case, on: date) -> tuple[list[Tenancy], str]:
    """The tenancies ``tenancy_of`` chooses from, the one it uses first, and how they were chosen: the alleged
    perpetrator's tenancies live on ``on``; else those of the case's property. ([], "") when there are none."""
    perpetrators = [p.person_id for p in case.parties
                    if p.role == PartyRole.ALLEGED_PERPETRATOR.value and p.person_id is not None]

    def live(t: Tenancy) -> bool:
        return (t.start_date is None or t.start_date <= on) and (t.end_date is None or t.end_date >= on)

    rows: list[Tenancy] = []
    why = ""
    if perpetrators:
        rows = [t for t in s.scalars(select(Tenancy).where(Tenancy.person_id.in_(perpetrators))) if live(t)]
        why = "the alleged perpetrator's tenancy"
    if not rows and case.property_id is not None:
        rows = [t for t in s.scalars(select(Tenancy).where(Tenancy.property_id == case.property_id)) if live(t)]
        why = "the tenancy of the property the case is about"
    return (rows, why) if rows else ([], "")


def tenancy_of(s: Session, case: Case, on: date) -> TenancyFact:
    """The alleged perpetrator's tenancy on ``on``; else the tenancy of the case's property."""
    rows, why = tenancy_rows(s, case, on)
    if not rows:
        return TenancyFact(None, False, (), "", "no tenancy is recorded for the alleged perpetrator or the property "
                           f"on {on:%d/%m/%Y}")
    t = rows[0]
    tenants = [s.get(Person, r.person_id) for r in rows if r.tenancy_type == t.tenancy_type]
    prop = s.get(Property, t.property_id)
    address = f"{prop.address}\n{prop.postcode}".strip() if prop else ""
    return TenancyFact(t.tenancy_type, t.end_date is not None, tuple(p.display_name for p in tenants if p),
                       address, why, t.start_date, t.rent_period)


def incidents_of(s: Session, case: Case, people: list[WithheldPerson]) -> list[Incident]:
    """The case's incidents, detached, with withheld identities removed from every text field."""
    rows = list(s.scalars(select(Incident).where(Incident.case_id == case.id).order_by(Incident.started_at)))
    for row in rows:
        s.expunge(row)
        row.location, row.description = redact(row.location, people), redact(row.description, people)
    return rows


def case_folder(ctx: Context, reference: str, *parts: str) -> Path:
    """data_dir/court/<reference>/...: where packs, bundle files and issued bundles are kept."""
    folder = ctx.data_dir.joinpath("court", reference, *parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def parse_tenancy_override(value: str | None) -> str | None:
    if value is None:
        return None
    from ...domain.enums import TenancyType

    try:
        return TenancyType(value).value
    except ValueError:
        raise ValidationError("tenancy_type", f"'{value}' is not one of: "
                              f"{', '.join(t.value for t in TenancyType)}") from None
