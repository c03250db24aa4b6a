"""Subject access requests (UK GDPR Art. 15): everything held about one person, as a PDF and a JSON
file, with every other person's identifying details redacted, due one month after receipt (Art. 12(3)).

What is gathered: the person's own record, every case they are a party to with its incidents, notes,
contacts, tasks, interviews and remedies, the evidence items on those cases that concern them, the
titles of the documents generated on those cases, and the audit-trail entries about them or their
cases. Every other person connected with those cases (parties, people contacted or interviewed,
witnesses, exhibit and diary owners, document recipients) has their names, address, postcode, phone
and e-mail replaced by "[redacted]"; withheld and anonymous parties are shown by role only. The
finished PDF and the JSON are then searched with the bundle's own withheld-identity scan
(court/withheld.py): a hit stops the export and nothing is written.

Team leaders, managers and administrators only. The request is logged (a table row with the counts
of what was disclosed, and an audit entry with the same counts and no personal data).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ...court import withheld
from ...domain.enums import PartyRole
from ...domain.errors import RuleBlocked
from ...domain.identity_rules import withheld_identity_check
from ...domain.sar import SAR_ROLES, may_mark_answered, sar_due_on, sar_reference
from ...storage.orm import (
    AuditEntry,
    Case,
    CaseParty,
    Contact,
    Incident,
    Interview,
    Note,
    Person,
    Property,
    Remedy,
    Task,
    Tenancy,
)
from ..kernel.access import require_role
from ..kernel.context import Context
from ..kernel.errors import ValidationError

REDACTED = "[redacted]"
CONFIDENTIAL = "[a confidential note: not disclosed without review]"


@dataclass(frozen=True)
class SarRequest:
    reference: str  # "SAR-0001"
    uid: str
    person_uid: str | None
    received_on: date
    due_on: date
    answered_at: datetime | None
    exported_at: datetime | None
    disclosed: dict[str, Any]


@dataclass(frozen=True)
class SarExport:
    request: SarRequest
    pdf: Path
    json: Path
    counts: dict[str, int]


def _request(row: Any, person_uid: str | None) -> SarRequest:
    return SarRequest(sar_reference(row.id), row.uid, person_uid, row.received_on, row.due_on, row.answered_at,
                      row.exported_at, dict(row.disclosed or {}))


def _label(p: Person) -> str:
    return " ".join(x for x in (p.first_names, p.surname) if x).strip()


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone or "")


def identity_of(p: Person, label: str) -> withheld.WithheldPerson:
    """The strings identifying ``p`` (the scan's own term builders, plus postcode and phone digits)."""
    contacts = [p.phone, p.email]
    if len(_digits(p.phone)) >= 6 and _digits(p.phone) != p.phone:
        contacts.append(_digits(p.phone))
    addresses = [*withheld.address_terms(p.address or "")]
    if p.postcode:
        addresses.append(p.postcode)
    return withheld.WithheldPerson(label, withheld.person_terms(p.first_names, p.surname, p.title),
                                   tuple(addresses), tuple(c for c in contacts if c))


def without_own(others: list[withheld.WithheldPerson], own: withheld.WithheldPerson) -> list[withheld.WithheldPerson]:
    """Drop from each other person the strings that also identify the requester (a shared surname,
    the household's address or phone): those are the requester's own data."""
    mine = {" ".join(t.casefold().split()) for t in own.terms()}

    def keep(terms: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(t for t in terms if " ".join(t.casefold().split()) not in mine)

    out = [withheld.WithheldPerson(o.label, keep(o.names), keep(o.addresses), keep(o.contacts)) for o in others]
    return [o for o in out if o.terms()]


def redact_value(value: Any, people: list[withheld.WithheldPerson]) -> Any:
    """Every string in ``value`` (nested dicts and lists) with the people's identities redacted."""
    if isinstance(value, str):
        return withheld.redact(value, people).replace(withheld.REPLACEMENT, REDACTED) if value else value
    if isinstance(value, dict):
        return {k: redact_value(v, people) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(v, people) for v in value]
    return value


def _dt(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


class SarService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # -- finding the person and the request ------------------------------------------------------------
    def _person(self, s: Session, who: str) -> Person:
        text = (who or "").strip()
        if not text:
            raise ValidationError("person", "give the person's uid or full name")
        person = s.scalar(select(Person).where(Person.uid == text))
        if person is not None:
            return person
        wanted = " ".join(text.casefold().split())
        found = [p for p in s.scalars(select(Person).where(Person.surname.ilike(f"%{text.split()[-1]}%")))
                 if wanted in {" ".join(_label(p).casefold().split()), " ".join(p.display_name.casefold().split())}]
        if not found:
            raise ValidationError("person", f"no one on file is called '{text}'; give their full name or uid")
        if len(found) > 1:
            raise ValidationError("person", f"{len(found)} people on file are called '{text}'; give the uid of the "
                                  "one who asked (" + ", ".join(p.uid for p in found[:5]) + ")")
        return found[0]

    def _open_row(self, s: Session, person: Person, received_on: date | None) -> Any:
        from ...storage.orm_privacy import SubjectAccessRequest

        row = s.scalar(select(SubjectAccessRequest).where(SubjectAccessRequest.person_id == person.id,
                                                          SubjectAccessRequest.answered_at.is_(None))
                       .order_by(SubjectAccessRequest.id.desc()))
        today = self.ctx.now().date()
        if row is None:
            received = received_on or today
            if received > today:
                raise ValidationError("received", "the date the request was received is in the future")
            row = SubjectAccessRequest(person_id=person.id, received_on=received, due_on=sar_due_on(received),
                                       created_at=self.ctx.now(), created_by_id=self.ctx.actor.id, exports=0,
                                       disclosed={})
            s.add(row)
            s.flush()
            self.ctx.audit(s, "create", "subject_access", row.uid, None,
                           f"Subject access request {sar_reference(row.id)} received {_dt(received)}, due "
                           f"{_dt(row.due_on)}", received_on=received.isoformat(), due_on=row.due_on.isoformat())
        return row

    def requests(self, open_only: bool = True) -> list[SarRequest]:
        require_role(self.ctx.actor, *SAR_ROLES, doing="see subject access requests")
        return self.open_requests() if open_only else self._all(False)

    def open_requests(self) -> list[SarRequest]:
        """Open requests, soonest due first (no role check: the Today page asks only for those roles)."""
        return self._all(True)

    def _all(self, open_only: bool) -> list[SarRequest]:
        from ...storage.orm_privacy import SubjectAccessRequest

        with self.ctx.session() as s:
            q = select(SubjectAccessRequest, Person.uid).outerjoin(Person, Person.id == SubjectAccessRequest.person_id)
            if open_only:
                q = q.where(SubjectAccessRequest.answered_at.is_(None))
            return [_request(r, uid) for r, uid in s.execute(q.order_by(SubjectAccessRequest.due_on,
                                                                         SubjectAccessRequest.id))]

    def mark_answered(self, who: str) -> str:
        """Mark the open request of a person (uid or name) or the request ``SAR-0001`` answered."""
        from ...storage.orm_privacy import SubjectAccessRequest

        require_role(self.ctx.actor, *SAR_ROLES, doing="answer a subject access request")
        with self.ctx.session() as s:
            m = re.fullmatch(r"(?i)SAR-?0*(\d+)", (who or "").strip())
            if m:
                row = s.get(SubjectAccessRequest, int(m.group(1)))
            else:
                person = self._person(s, who)
                row = s.scalar(select(SubjectAccessRequest).where(SubjectAccessRequest.person_id == person.id,
                                                                  SubjectAccessRequest.answered_at.is_(None)))
            if row is None or row.answered_at is not None:
                raise ValidationError("request", f"there is no open subject access request for '{who}'")
            check = may_mark_answered(row.exported_at is not None)
            if not check.allowed:
                raise RuleBlocked(check.reasons)
            row.answered_at, row.answered_by_id = self.ctx.now(), self.ctx.actor.id
            late = (row.answered_at.date() - row.due_on).days
            self.ctx.audit(s, "change", "subject_access", row.uid, None,
                           f"Subject access request {sar_reference(row.id)} answered"
                           + (f", {late} days late" if late > 0 else " in time"), days_late=max(late, 0))
            return f"{sar_reference(row.id)} marked answered" + (f" ({late} days late)." if late > 0 else " in time.")

    # -- gathering -------------------------------------------------------------------------------------
    def gather(self, s: Session, person: Person) -> tuple[dict[str, Any], list[withheld.WithheldPerson], dict[str, int]]:
        """Everything held about ``person``, unredacted, with the other people whose identities must go."""
        from ...storage.orm_documents import GeneratedDocument, Statement
        from ...storage.orm_evidence import DiaryEntry, EvidenceItem, EvidenceLink, Exhibit

        own = identity_of(person, "the requester")
        case_ids = sorted(set(s.scalars(select(CaseParty.case_id).where(CaseParty.person_id == person.id))))
        cases = list(s.scalars(select(Case).where(Case.id.in_(case_ids)).order_by(Case.received_at))) if case_ids else []
        others: dict[int, str] = {}

        def other(pid: int | None, what: str) -> None:
            if pid is not None and pid != person.id:
                others.setdefault(pid, what)

        counts = dict.fromkeys(("cases", "incidents", "notes", "notes_withheld", "contacts", "tasks", "interviews",
                                "remedies", "evidence_items", "documents", "audit_entries"), 0)
        case_out = []
        for case in cases:
            parties = []
            for p in case.parties:
                role = PartyRole(p.role).label if p.role in PartyRole._value2member_map_ else p.role
                if p.person_id == person.id:
                    parties.append({"role": role, "who": "you"})
                    continue
                other(p.person_id, f"another party ({role.lower()})")
                who = "anonymous" if p.anonymous else (REDACTED if (p.person_id or p.organisation) else "not known")
                parties.append({"role": role, "who": who})
            address = s.scalar(select(Property.address).where(Property.id == case.property_id)) \
                if case.property_id else None
            incidents = [{"started": _dt(i.started_at), "ended": _dt(i.ended_at), "location": i.location,
                          "description": i.description, "people_involved": i.people_involved,
                          "effect_then": i.feelings_then, "effect_since": i.feelings_since,
                          "measures_taken": i.measures_taken, "witnesses": i.witnesses, "frequency": i.frequency}
                         for i in s.scalars(select(Incident).where(Incident.case_id == case.id)
                                            .order_by(Incident.started_at))]
            notes = []
            for n in s.scalars(select(Note).where(Note.case_id == case.id).order_by(Note.written_at)):
                if n.confidential:
                    counts["notes_withheld"] += 1
                notes.append({"written": _dt(n.written_at), "kind": n.kind,
                              "text": CONFIDENTIAL if n.confidential else n.text})
            contacts = []
            for c in s.scalars(select(Contact).where(Contact.case_id == case.id).order_by(Contact.at)):
                other(c.person_id, "a person contacted")
                contacts.append({"at": _dt(c.at), "method": c.method, "outcome": c.outcome,
                                 "with": "you" if c.person_id == person.id else
                                 ("the complainant" if c.with_complainant else "another person"),
                                 "notes": c.notes})
            tasks = [{"title": t.title, "reason": t.reason, "due": _dt(t.due_at), "done": _dt(t.done_at)}
                     for t in s.scalars(select(Task).where(Task.case_id == case.id).order_by(Task.id))]
            interviews = []
            for iv in s.scalars(select(Interview).where(Interview.case_id == case.id).order_by(Interview.held_at)):
                other(iv.person_id, "a person interviewed")
                mine = iv.person_id == person.id
                interviews.append({"held": _dt(iv.held_at), "kind": iv.kind, "method": iv.method,
                                   "with": "you" if mine else "another person",
                                   "points": dict(iv.points or {}) if mine else {}})
            remedies = [{"kind": r.kind, "status": r.status, "decided": _dt(r.decided_at), "notes": r.notes}
                        for r in s.scalars(select(Remedy).where(Remedy.case_id == case.id).order_by(Remedy.decided_at))]
            for k, v in (("incidents", incidents), ("notes", notes), ("contacts", contacts), ("tasks", tasks),
                         ("interviews", interviews), ("remedies", remedies)):
                counts[k] += len(v)
            case_out.append({
                "reference": case.reference, "status": case.status, "received": _dt(case.received_at),
                "closed": _dt(case.closed_at), "closure_reason": case.closure_reason or "",
                "categories": case.categories_display, "officer": case.officer_display,
                "summary": case.summary, "location": address or "", "your_role": ", ".join(
                    d["role"] for d in parties if d["who"] == "you"),
                "parties": parties, "incidents": incidents, "notes": notes, "contacts": contacts, "tasks": tasks,
                "interviews": interviews, "remedies": remedies})
        counts["cases"] = len(case_out)

        evidence: list[dict[str, Any]] = []
        documents: list[dict[str, Any]] = []
        refs = {c.id: c.reference for c in cases}
        if case_ids:
            for pid in s.scalars(select(Statement.person_id).where(Statement.case_id.in_(case_ids))):
                other(pid, "a witness")
            homes = [c.property_id for c in cases if c.property_id]
            for pid in s.scalars(select(Tenancy.person_id).where(Tenancy.property_id.in_(homes))) if homes else ():
                other(pid, "a tenant of a property on the case")
            concerning = set(s.scalars(select(Exhibit.evidence_id).where(Exhibit.person_id == person.id,
                                                                         Exhibit.case_id.in_(case_ids))))
            concerning |= set(s.scalars(select(DiaryEntry.evidence_id).where(DiaryEntry.person_id == person.id,
                                                                             DiaryEntry.evidence_id.is_not(None))))
            for pid in s.scalars(select(Exhibit.person_id).where(Exhibit.case_id.in_(case_ids))):
                other(pid, "a witness")
            for pid in s.scalars(select(DiaryEntry.person_id).where(DiaryEntry.case_id.in_(case_ids))):
                other(pid, "a diary keeper")
            seen: set[int] = set()
            for item, case_id in s.execute(select(EvidenceItem, EvidenceLink.case_id)
                                           .join(EvidenceLink, EvidenceLink.evidence_id == EvidenceItem.id)
                                           .where(EvidenceLink.case_id.in_(case_ids)).order_by(EvidenceItem.added_at)):
                text = f"{item.original_name}\n{item.description}"
                if item.id in seen or not (item.id in concerning or withheld.search_text(text, [own])):
                    continue
                seen.add(item.id)
                evidence.append({"case": refs[case_id], "kind": item.kind, "file": item.original_name,
                                 "added": _dt(item.added_at), "made": _dt(item.made_at),
                                 "description": item.description, "sha256": item.sha256})
            for d in s.scalars(select(GeneratedDocument).where(GeneratedDocument.case_id.in_(case_ids))
                               .order_by(GeneratedDocument.created_at)):
                other(d.recipient_person_id, "a document recipient")
                documents.append({"case": refs[d.case_id], "title": d.title, "kind": d.kind,
                                  "created": _dt(d.created_at),
                                  "sent_to_you": d.recipient_person_id == person.id})
        counts["evidence_items"], counts["documents"] = len(evidence), len(documents)

        about_me = or_(AuditEntry.entity_id.in_([person.uid]),
                       (AuditEntry.entity == "person") & (AuditEntry.entity_id == str(person.id)))
        where = or_(about_me, AuditEntry.case_reference.in_(list(refs.values()))) if refs else about_me
        audit = [{"at": _dt(a.at), "by": a.username, "action": a.action, "what": a.entity,
                  "case": a.case_reference or "", "summary": a.summary}
                 for a in s.scalars(select(AuditEntry).where(where).order_by(AuditEntry.id))]
        counts["audit_entries"] = len(audit)

        record = {"name": person.display_name, "uid": person.uid, "date_of_birth": _dt(person.date_of_birth),
                  "address": person.address, "postcode": person.postcode, "phone": person.phone,
                  "email": person.email, "preferred_contact": person.preferred_contact_method or "",
                  "language": person.language, "interpreter_needed": person.interpreter_needed,
                  "vulnerabilities": person.vulnerabilities, "occupation": person.occupation,
                  "notes": person.notes, "on_file_since": _dt(person.created_at)}
        people = [identity_of(p, others[p.id]) for p in s.scalars(select(Person).where(Person.id.in_(list(others))))] \
            if others else []
        counts["other_people_redacted"] = len(people)
        data = {"person": record, "cases": case_out, "evidence_items": evidence, "documents": documents,
                "audit_trail": audit}
        return data, without_own(people, own), counts

    # -- the export ------------------------------------------------------------------------------------
    def export(self, who: str, out: Path, received_on: date | None = None) -> SarExport:
        """Produce the disclosure for the person ``who`` (uid or full name) into the folder ``out``."""
        require_role(self.ctx.actor, *SAR_ROLES, doing="answer a subject access request")
        out = Path(out)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ValidationError("out", f"could not make the folder {out}: {exc.strerror}") from None
        with self.ctx.session() as s:
            person = self._person(s, who)
            row = self._open_row(s, person, received_on)
            ref = sar_reference(row.id)
            raw, people, counts = self.gather(s, person)
            data = redact_value(raw, people)
            data = {"request": {"reference": ref, "received": _dt(row.received_on), "due": _dt(row.due_on),
                                "produced": _dt(self.ctx.now())}, **data}
            text = json.dumps(data, ensure_ascii=False, indent=2)
            pdf_bytes = _render(data)
            pdf_path, json_path = out / f"{ref}.pdf", out / f"{ref}.json"
            check = out / f".{ref}.checking.pdf"
            try:
                check.write_bytes(pdf_bytes)
                hits = withheld.search_pdf(check, people) + withheld.search_text(text, people, page=0)
            except OSError as exc:
                raise ValidationError("out", f"could not write in {out}: {exc.strerror}") from None
            finally:
                check.unlink(missing_ok=True)
            refusal = withheld_identity_check("The disclosure was not written: it still contains ",
                                              sorted({f"the {h.what} of {h.label}" for h in hits}),
                                              ". Nothing was saved; report this as a fault.")
            if not refusal.allowed:
                raise RuleBlocked(refusal.reasons)
            try:
                pdf_path.write_bytes(pdf_bytes)
                json_path.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise ValidationError("out", f"could not write in {out}: {exc.strerror}") from None
            row.exported_at, row.exports, row.disclosed = self.ctx.now(), (row.exports or 0) + 1, dict(counts)
            self.ctx.audit(s, "export", "subject_access", row.uid, None,
                           f"Subject access request {ref}: disclosure produced ({counts['cases']} cases, "
                           f"{counts['other_people_redacted']} other people redacted)",
                           files=[pdf_path.name, json_path.name], **counts)
            return SarExport(_request(row, person.uid), pdf_path, json_path, counts)


def _render(data: dict[str, Any]) -> bytes:
    from ...documents.model import Document, PageSetup, Para, Spacer, Table
    from ...documents.render_pdf import render_pdf

    req, me = data["request"], data["person"]
    doc = Document(f"Subject access request {req['reference']}",
                   setup=PageSetup(margins_cm=(2.0, 2.0, 2.0, 2.0), footer_left=f"{req['reference']} - "
                                   "personal data: handle in confidence", font_size=10))
    doc.add(Para(f"Your personal data: subject access request {req['reference']}", "title"),
            Para(f"Received {req['received']}; to be answered by {req['due']} (UK GDPR Art. 12(3)); produced "
                 f"{req['produced']}. This is a copy of the personal data we hold about you (UK GDPR Art. 15). "
                 "Other people's names, addresses, phone numbers and e-mail addresses are shown as "
                 f"{REDACTED}."),
            Para("Your record", "heading"),
            Table([["Field", "What we hold"], *[[k.replace("_", " ").capitalize(), _cell(v)] for k, v in me.items()]],
                  widths=[0.3, 0.7]))
    for case in data["cases"]:
        doc.add(Para(f"Case {case['reference']}", "heading", keep_with_next=True),
                Table([["Field", "Value"], *[[k.replace("_", " ").capitalize(), _cell(case[k])] for k in (
                    "your_role", "status", "received", "closed", "closure_reason", "categories", "officer", "location",
                    "summary")]], widths=[0.3, 0.7]),
                Para("People on the case: " + "; ".join(f"{p['role']}: {p['who']}" for p in case["parties"])))
        for title, key in (("Incidents", "incidents"), ("Notes", "notes"), ("Contacts", "contacts"),
                           ("Tasks", "tasks"), ("Interviews", "interviews"), ("Remedies", "remedies")):
            rows = case[key]
            if not rows:
                continue
            doc.add(Para(f"{title} ({len(rows)})", "heading", keep_with_next=True))
            for r in rows:
                doc.add(Para("; ".join(f"{k.replace('_', ' ')}: {_cell(v)}" for k, v in r.items() if v not in
                                       ("", None, {}, [])), "small"))
    for title, key in (("Evidence items about you", "evidence_items"), ("Documents produced on your cases",
                                                                          "documents")):
        doc.add(Para(f"{title} ({len(data[key])})", "heading"))
        for r in data[key]:
            doc.add(Para("; ".join(f"{k.replace('_', ' ')}: {_cell(v)}" for k, v in r.items() if v not in ("", None)),
                         "small"))
    doc.add(Para(f"Audit trail entries about you or your cases ({len(data['audit_trail'])})", "heading"))
    if data["audit_trail"]:
        doc.add(Table([["When", "By", "Action", "Case", "Summary"],
                       *[[a["at"], a["by"], f"{a['action']} {a['what']}", a["case"], a["summary"]]
                         for a in data["audit_trail"]]], widths=[0.16, 0.12, 0.16, 0.14, 0.42]))
    doc.add(Spacer(0.5), Para("End of disclosure.", "small"))
    return render_pdf(doc)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    return "" if value is None else str(value)
