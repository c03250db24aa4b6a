"""A case's generated documents as every area reads them (the court bundle takes its letters and
assessments from here), and the identities a document of the case must not contain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...documents.guard import Identity, person_identities
from ...domain.enums import PartyRole
from ...domain.identity_rules import identity_withheld
from ...storage.orm import Case, CaseParty, Note, Person, User
from ...storage.orm_documents import GeneratedDocument
from .case_file import open_case
from .context import Context


@dataclass(frozen=True)
class GeneratedInfo:
    uid: str
    case_reference: str
    kind: str
    title: str
    version: int
    format: str
    path: Path  # absolute
    sha256: str
    created_at: datetime
    created_by: str
    recipient_role: str | None
    source: str


def generated_info(ctx: Context, s: Session, case: Case, row: GeneratedDocument) -> GeneratedInfo:
    user = s.get(User, row.created_by_id) if row.created_by_id else None
    return GeneratedInfo(row.uid, case.reference, row.kind, row.title, row.version, row.format,
                         ctx.data_dir / row.path, row.sha256, row.created_at,
                         user.full_name if user else "", row.recipient_role, row.source)


def generated_documents(ctx: Context, reference: str) -> list[GeneratedInfo]:
    """Every document generated for the case, oldest first."""
    with ctx.session() as s:
        case = open_case(ctx, s, reference)
        rows = s.scalars(select(GeneratedDocument).where(GeneratedDocument.case_id == case.id)
                         .order_by(GeneratedDocument.id))
        return [generated_info(ctx, s, case, r) for r in rows]


def identities_of(person: Person, what: str) -> list[Identity]:
    return person_identities(what, person.display_name, person.first_names, person.surname,
                             person.address, person.phone, person.email)


def protected_identities(s: Session, case: Case, complainants: bool) -> list[Identity]:
    """Anonymous and withheld people always; with ``complainants`` every complainant as well (for
    anything addressed to an alleged perpetrator), and the text of confidential notes."""
    out: list[Identity] = []
    for party in s.scalars(select(CaseParty).where(CaseParty.case_id == case.id)):
        if party.person is None:
            continue
        if identity_withheld(party.anonymous, party.withheld):
            out += identities_of(party.person, "anonymous or withheld person")
        elif complainants and party.role == PartyRole.COMPLAINANT:
            out += identities_of(party.person, "complainant")
    if complainants:
        for note in s.scalars(select(Note).where(Note.case_id == case.id, Note.confidential.is_(True))):
            out.append(Identity(note.text, "confidential note"))
    return out
