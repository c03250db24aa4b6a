"""A case's evidence as every area reaches it: the items a user may see, their read models, the exhibit
marks, and the custody-logged changes the other areas make (a statement's exhibits marked when it is
drafted, the files signing keeps). The evidence area's service is built on these; a bundle or a
statement uses them here, so no area imports another.

Every view, link and change is written to the item's custody log and to the audit trail; nothing
about an item on a case the user cannot see is ever shown to them."""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from ...domain.identity_rules import identity_withheld
from ...evidence.kinds import Kind, sanitise_name
from ...evidence.records import EvidenceInfo, ExhibitInfo
from ...evidence.store import EvidenceStore, StoreError, is_sha256
from ...storage.orm import Case, CaseParty, Person, User
from ...storage.orm_evidence import CustodyEvent, EvidenceItem, EvidenceLink, Exhibit
from .access import CASE_WORKERS, visible_cases
from .case_file import open_case
from .context import Context
from .errors import ASBError, NotFound, PermissionDenied, ValidationError
from .file_stores import evidence_store

EXHIBIT_ATTEMPTS = 20


# ------------------------------------------------------------------ who may see an item
def require_worker(ctx: Context) -> None:
    if not ctx.actor.roles & CASE_WORKERS:
        raise PermissionDenied("Only officers, team leaders and managers can work with the evidence inbox.")


def linked(s: Session, ids: Iterable[int]) -> set[int]:
    """Which of these items are on any case (the others sit in the inbox)."""
    return set(s.scalars(select(EvidenceLink.evidence_id).where(EvidenceLink.evidence_id.in_(list(ids)))))


def cases_of(ctx: Context, s: Session, ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """The cases each item is on, of those the user can view (never another case's reference)."""
    out: dict[int, list[str]] = {}
    rows = s.execute(select(EvidenceLink.evidence_id, Case.reference).join(Case, Case.id == EvidenceLink.case_id)
                     .where(EvidenceLink.evidence_id.in_(list(ids)), visible_cases(ctx.actor))
                     .order_by(Case.reference))
    for evidence_id, ref in rows:
        out.setdefault(evidence_id, []).append(ref)
    return {k: tuple(v) for k, v in out.items()}


def _can_see(ctx: Context, s: Session, item: EvidenceItem) -> bool:
    """On a case the user can view; or in the inbox, which every case worker sees."""
    if cases_of(ctx, s, [item.id]).get(item.id):
        return True
    return not linked(s, [item.id]) and bool(ctx.actor.roles & CASE_WORKERS)


def viewable_item(ctx: Context, s: Session, uid: str, case: Case | None = None) -> EvidenceItem:
    """The item with this uid, or (given a SHA-256) an item holding those bytes that the user can see,
    the one on ``case`` first. A hash held only on cases the user cannot see is "not found", so a
    hash can never be used to learn that another case holds a file."""
    key = uid.strip()
    item = s.scalar(select(EvidenceItem).where(EvidenceItem.uid == key))
    if item is not None:
        if _can_see(ctx, s, item):
            return item
        if not linked(s, [item.id]):
            require_worker(ctx)
        raise PermissionDenied(f"You do not have access to any case holding evidence item {uid}.")
    if is_sha256(key.lower()):
        stmt = select(EvidenceItem).where(EvidenceItem.sha256 == key.lower())
        if case is not None:
            on_case = select(EvidenceLink.evidence_id).where(EvidenceLink.case_id == case.id)
            stmt = stmt.order_by(EvidenceItem.id.not_in(on_case))
        for candidate in s.scalars(stmt.order_by(EvidenceItem.id)):
            if _can_see(ctx, s, candidate):
                return candidate
    raise NotFound(f"There is no evidence item {uid} that you can see. Use 'asb evidence list' to see the items.")


# ------------------------------------------------------------------ reading
def evidence_info(ctx: Context, s: Session, items: list[EvidenceItem], case: Case | None = None,
                  also_on: tuple[str, ...] = ()) -> list[EvidenceInfo]:
    users = dict(s.execute(select(User.id, User.full_name)).all())
    cases = cases_of(ctx, s, [i.id for i in items])
    marks: dict[int, list[str]] = {}
    if case is not None:
        for evidence_id, mark in s.execute(select(Exhibit.evidence_id, Exhibit.mark)
                                           .where(Exhibit.case_id == case.id)):
            marks.setdefault(evidence_id, []).append(mark)
    return [EvidenceInfo(i.uid, i.sha256, i.size, i.original_name, i.kind, i.source, i.made_at,
                         users.get(i.added_by_id or -1, ""), i.added_at, i.description, dict(i.meta),
                         dict(i.analysis), cases.get(i.id, ()), tuple(marks.get(i.id, ())), also_on)
            for i in items]


def case_items(ctx: Context, reference: str) -> list[EvidenceInfo]:
    """The items on a case, recordings and documents by when they were made (audited as a listing)."""
    with ctx.session() as s:
        case = open_case(ctx, s, reference)
        items = list(s.scalars(select(EvidenceItem).join(EvidenceLink, EvidenceLink.evidence_id == EvidenceItem.id)
                               .where(EvidenceLink.case_id == case.id)
                               .order_by(EvidenceItem.made_at.is_(None), EvidenceItem.made_at, EvidenceItem.id)))
        ctx.audit(s, "view", "evidence", "list", case.reference,
                  f"Listed the evidence on {case.reference} ({len(items)} items)")
        return evidence_info(ctx, s, items, case)


def item_info(ctx: Context, uid: str, reference: str | None = None) -> EvidenceInfo:
    """One item, logged as viewed in its chain of custody."""
    with ctx.session() as s:
        case = open_case(ctx, s, reference) if reference else None
        item = viewable_item(ctx, s, uid, case)
        custody(ctx, s, item, "view", case.reference if case else None, "Viewed")
        return evidence_info(ctx, s, [item], case)[0]


def open_file(ctx: Context, uid: str, purpose: str = "Opened the file") -> Path:
    """The stored file's path (read-only), logged as a view; for previews, playback and the bundle."""
    with ctx.session() as s:
        item = viewable_item(ctx, s, uid)
        custody(ctx, s, item, "view", None, purpose)
        sha = item.sha256
    path = evidence_store(ctx).path_for(sha)
    if not path.is_file():
        raise NotFound(f"The stored file for evidence item {uid} is missing from the store. Run 'asb evidence "
                       "verify' and restore it from a backup.")
    return path


def party(s: Session, case: Case, person_id: int | str) -> Person:
    """A person on the case, by id or uid."""
    column = Person.id if isinstance(person_id, int) else Person.uid
    person = s.scalar(select(Person).join(CaseParty, CaseParty.person_id == Person.id)
                      .where(column == person_id, CaseParty.case_id == case.id))
    if person is None:
        raise ValidationError("witness", f"person {person_id} is not a party to case {case.reference}")
    return person


def exhibits_of(s: Session, case: Case, person: int | None = None, item_id: int | None = None) -> list[ExhibitInfo]:
    stmt = (select(Exhibit, EvidenceItem, Person)
            .join(EvidenceItem, EvidenceItem.id == Exhibit.evidence_id).join(Person, Person.id == Exhibit.person_id)
            .where(Exhibit.case_id == case.id).order_by(Exhibit.prefix, Exhibit.number))
    if person is not None:
        stmt = stmt.where(Exhibit.person_id == person)
    if item_id is not None:
        stmt = stmt.where(Exhibit.evidence_id == item_id)
    hidden = {p.person_id for p in case.parties if identity_withheld(p.anonymous, p.withheld)}
    return [ExhibitInfo(x.mark, item.uid, p.id, p.uid, p.display_name, p.id in hidden,
                        item.description or item.original_name, item.kind, item.original_name, item.sha256,
                        item.made_at, x.number)
            for x, item, p in s.execute(stmt)]


def case_exhibits(ctx: Context, reference: str, person_id: int | str | None = None) -> list[ExhibitInfo]:
    """Exhibit marks on a case in the order given, optionally for one witness."""
    with ctx.session() as s:
        case = open_case(ctx, s, reference)
        pid = None if person_id is None else party(s, case, person_id).id
        return exhibits_of(s, case, person=pid)


# ------------------------------------------------------------------ custody and changes
def custody(ctx: Context, s: Session, item: EvidenceItem, action: str, reference: str | None, detail: str) -> None:
    s.add(CustodyEvent(evidence_id=item.id, at=ctx.now(), username=ctx.actor.username,
                       action=action, case_reference=reference, detail=detail))
    ctx.audit(s, action, "evidence", item.uid, reference, f"{detail} ({item.original_name})", sha256=item.sha256)


def link(ctx: Context, s: Session, item: EvidenceItem, case: Case) -> None:
    exists = s.scalar(select(EvidenceLink.id).where(EvidenceLink.evidence_id == item.id,
                                                    EvidenceLink.case_id == case.id))
    if exists is None:
        s.add(EvidenceLink(evidence_id=item.id, case_id=case.id, linked_at=ctx.now(), linked_by_id=ctx.actor.id))
        custody(ctx, s, item, "link", case.reference, f"Linked to case {case.reference}")


def held_here(s: Session, sha: str, case: Case | None) -> EvidenceItem | None:
    """The item holding these bytes on ``case`` (or, for None, in the inbox), if any."""
    stmt = select(EvidenceItem).where(EvidenceItem.sha256 == sha)
    if case is None:
        stmt = stmt.where(EvidenceItem.id.not_in(select(EvidenceLink.evidence_id)))
    else:
        stmt = stmt.join(EvidenceLink, EvidenceLink.evidence_id == EvidenceItem.id).where(
            EvidenceLink.case_id == case.id)
    return s.scalar(stmt.order_by(EvidenceItem.id).limit(1))


def on_case(ctx: Context, s: Session, item: EvidenceItem, case: Case) -> EvidenceItem:
    """The case's own item for ``item``'s file: ``item`` itself when it is on the case or in the inbox
    (then linked), else the case's item holding the same bytes, made (added by this user, now) if
    the case has none. Another case's item, its adder and custody are never shared."""
    if s.scalar(select(EvidenceLink.id).where(EvidenceLink.evidence_id == item.id,
                                              EvidenceLink.case_id == case.id)) is not None:
        return item
    if not linked(s, [item.id]):
        link(ctx, s, item, case)
        return item
    held = held_here(s, item.sha256, case)
    if held is not None:
        return held
    copy = EvidenceItem(sha256=item.sha256, size=item.size, original_name=item.original_name, kind=item.kind,
                        source=item.source, made_at=item.made_at, added_by_id=ctx.actor.id,
                        added_at=ctx.now(), description=item.description, meta=dict(item.meta),
                        analysis=dict(item.analysis))
    s.add(copy)
    s.flush()
    custody(ctx, s, copy, "create", case.reference, f"Added {copy.kind} evidence, SHA-256 {copy.sha256}, "
            f"{copy.size:,} bytes (a file already in the store)")
    link(ctx, s, copy, case)
    return copy


def keep_bytes(ctx: Context, s: Session, case: Case, data: bytes, name: str, kind: Kind, description: str,
               meta: dict[str, Any] | None = None, source: str = "officer",
               into: EvidenceStore | None = None) -> EvidenceItem:
    """Store a file the app made (a signed statement, a signing record) in the evidence store and
    write its row, custody and link to ``case`` inside the caller's session: the file first, so a
    failure leaves at worst an orphaned file, never a row without its file. ``into``: the store,
    found before the session was opened (its folder is a setting)."""
    folder = ctx.data_dir / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = Path(tmp) / sanitise_name(name)
        path.write_bytes(data)
        try:
            stored = (into or evidence_store(ctx)).put(path)
        except StoreError as exc:
            raise ValidationError("evidence store", str(exc)) from None
    item = s.scalar(select(EvidenceItem).where(EvidenceItem.sha256 == stored.sha256))
    if item is None:
        item = EvidenceItem(sha256=stored.sha256, size=stored.size, original_name=sanitise_name(name)[:255],
                            kind=kind.value, source=source, made_at=ctx.now(),
                            added_by_id=ctx.actor.id, added_at=ctx.now(), description=description,
                            meta=dict(meta or {}), analysis={})
        s.add(item)
        s.flush()
        custody(ctx, s, item, "create", case.reference,
                f"Added {kind.value} evidence, SHA-256 {stored.sha256}, {stored.size:,} bytes")
    link(ctx, s, item, case)
    return item


# ------------------------------------------------------------------ exhibit marks
def initials_of(person: Person) -> str:
    """Witness initials for exhibit marks: the first letter of each first name and of the surname."""
    words = person.first_names.replace("-", " ").split() + person.surname.split()[:1]
    letters = "".join(w[0] for w in words if w and w[0].isalpha()).upper()
    return letters[:6] or "X"


def _retryable(exc: BaseException) -> bool:
    cause = exc.__cause__ if isinstance(exc, ASBError) else exc
    return isinstance(cause, IntegrityError | OperationalError)


def assign_exhibit(ctx: Context, reference: str, evidence_id: str, person_id: int | str) -> ExhibitInfo:
    """Mark an item as produced by a witness: initials + the next number across that witness's
    statements in the case (PD 32 18.6). Safe when two users assign at once: the unique constraints
    refuse a clash and the loser tries again with the next number."""
    for attempt in range(EXHIBIT_ATTEMPTS):
        try:
            return _assign_once(ctx, reference, evidence_id, person_id)
        except ASBError as exc:
            if not _retryable(exc) or attempt == EXHIBIT_ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0.005, 0.05) * (attempt + 1))
    raise AssertionError("unreachable")


def _assign_once(ctx: Context, reference: str, evidence_id: str, person_id: int | str) -> ExhibitInfo:
    with ctx.session() as s:
        case = open_case(ctx, s, reference, edit=True)
        person = party(s, case, person_id)
        item = on_case(ctx, s, viewable_item(ctx, s, evidence_id, case), case)
        held = s.scalar(select(Exhibit).where(Exhibit.case_id == case.id, Exhibit.evidence_id == item.id))
        if held is not None:
            if held.person_id != person.id:
                raise ValidationError("exhibit", f"this item is already exhibit {held.mark} of another witness "
                                      f"in case {case.reference}")
            return exhibits_of(s, case, item_id=item.id)[0]
        prefix = _prefix(s, case, person)
        number = (s.scalar(select(func.max(Exhibit.number)).where(Exhibit.case_id == case.id,
                                                                  Exhibit.person_id == person.id)) or 0) + 1
        s.add(Exhibit(case_id=case.id, evidence_id=item.id, person_id=person.id, prefix=prefix, number=number,
                      mark=f"{prefix}{number}", assigned_at=ctx.now(), assigned_by_id=ctx.actor.id))
        s.flush()
        custody(ctx, s, item, "change", case.reference, f"Marked exhibit {prefix}{number}")
        return exhibits_of(s, case, item_id=item.id)[0]


def _prefix(s: Session, case: Case, person: Person) -> str:
    """The witness's prefix in this case: kept once chosen; initials, lengthened if another
    witness in the case already uses the same ones (so marks never collide)."""
    mine = s.scalar(select(Exhibit.prefix).where(Exhibit.case_id == case.id, Exhibit.person_id == person.id))
    if mine:
        return mine
    # Only other witnesses' prefixes count: under READ COMMITTED a mark this witness got from a
    # concurrent assignment may appear here although the query above did not see it yet.
    taken = set(s.scalars(select(Exhibit.prefix).where(Exhibit.case_id == case.id,
                                                       Exhibit.person_id != person.id)))
    base = initials_of(person)
    surname = "".join(ch for ch in person.surname.upper() if ch.isalpha())
    for extra in range(1, len(surname) + 1):
        candidate = base if extra == 1 else base + surname[1:extra]
        if candidate not in taken:
            return candidate[:12]
    return f"{base}{person.id}-"[:12]
