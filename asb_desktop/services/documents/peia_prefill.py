"""Appendix 2 pre-filled from the case (vulnerabilities, household, non-legal remedies tried, the
evidence summary, the proposed legal action) so the officer edits rather than retypes.
Anonymous and withheld people are described by their role, never named."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...documents.appendices import PeiaForm
from ...documents.wording import fmt_date
from ...domain.enums import PartyRole, RemedyKind, RemedyStatus
from ...domain.identity_rules import identity_withheld
from ...storage.orm import Case, Incident, Interview, Remedy, Tenancy


def _name(party: Any) -> str:
    role = PartyRole(party.role).label
    if identity_withheld(party.anonymous, party.withheld) or party.person is None:
        return f"{role} (identity withheld)" if party.person is not None else (party.description or role)
    return f"{party.person.display_name} ({role.lower()})"


def _age(person: Any, case: Case) -> str:
    if person is None or person.date_of_birth is None:
        return ""
    today = case.received_at.date()
    dob = person.date_of_birth
    years = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
    return f", aged {years}"


def _remedies(s: Session, case: Case, legal: bool) -> str:
    rows = s.scalars(select(Remedy).where(Remedy.case_id == case.id, Remedy.legal.is_(legal)).order_by(Remedy.decided_at))
    return "\n".join(f"- {RemedyKind(r.kind).label}: {RemedyStatus(r.status).label.lower()} "
                     f"({fmt_date(r.decided_at)}){': ' + r.notes if r.notes else ''}" for r in rows)


def _evidence(s: Session, case: Case, items: list[Any], diary: list[Any]) -> str:
    incidents = list(s.scalars(select(Incident.started_at).where(Incident.case_id == case.id)
                               .order_by(Incident.started_at)))
    lines = []
    if incidents:
        lines.append(f"- {len(incidents)} incident(s) reported between {fmt_date(incidents[0])} and "
                     f"{fmt_date(incidents[-1])}")
    if diary:
        lines.append(f"- {len(diary)} diary sheet entr{'y' if len(diary) == 1 else 'ies'}")
    kinds = Counter(i.kind for i in items)
    if kinds:
        lines.append("- Evidence items: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    marked = sum(1 for i in items if i.exhibit_marks)
    if marked:
        lines.append(f"- {marked} item(s) marked as exhibits to witness statements")
    interviews = s.scalar(select(Interview.id).where(Interview.case_id == case.id).limit(1))
    if interviews is not None:
        lines.append("- Interview notes are held on the case")
    if case.police_reference:
        lines.append(f"- Police reference {case.police_reference}")
    return "\n".join(lines) or "No evidence is recorded on the case yet."


def prefill(s: Session, case: Case, form: PeiaForm, items: list[Any], diary: list[Any]) -> dict[str, Any]:
    parties = list(case.parties)
    vulnerable = [f"- {_name(p)}: {p.person.vulnerabilities}" for p in parties
                  if p.person is not None and p.person.vulnerabilities.strip()]
    household = [f"- {_name(p)}{_age(p.person, case)}" for p in parties
                 if p.role in (PartyRole.ALLEGED_PERPETRATOR, PartyRole.HOUSEHOLD_MEMBER) and p.person is not None]
    if case.property_id:
        current = s.scalars(select(Tenancy).where(Tenancy.property_id == case.property_id, Tenancy.end_date.is_(None)))
        household += [f"- Tenancy: {t.tenancy_type.replace('_', ' ')} since {fmt_date(t.start_date)}" for t in current]
    sources = {
        "proposed_action": _remedies(s, case, legal=True) or "No legal action is recorded yet.",
        "vulnerabilities": "\n".join(vulnerable) or "No vulnerabilities are recorded.",
        "household": "\n".join(household) or "No household details are recorded.",
        "remedies_tried": _remedies(s, case, legal=False) or "No non-legal remedies are recorded.",
        "evidence_summary": _evidence(s, case, items, diary),
    }
    return {q.id: sources[q.prefill] if q.prefill else ("" if q.kind == "text" else None)
            for q in form.questions}
