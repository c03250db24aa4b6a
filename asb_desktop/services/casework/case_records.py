"""The police (6.3-6.4), safeguarding concerns discussed with a manager (7.7.2, 8.4.2) and information
shared with partners under a recorded protocol (12.1). Each record is audited; each shows on the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from ...domain import case_records as rules
from ...domain.enums import Role
from ...domain.partner_sharing import partner_key, sharing_allowed
from ...storage.orm import Case
from ...storage.orm_records import (
    InformationShare,
    PartnerProtocol,
    PoliceAdvice,
    PoliceReport,
    SafeguardingDiscussion,
)
from ..kernel.access import require_role
from ..kernel.case_file import changed, open_case
from ..kernel.context import Context
from ..kernel.errors import RuleBlocked, ValidationError
from ..kernel.inputs import parse_date
from ..kernel.read_models import DueItem, TimelineEntry
from .case_view import view_of

V = TypeVar("V")


@dataclass(frozen=True)
class Protocol:
    uid: str
    partner_name: str
    protocol_reference: str
    agreed_on: date


@dataclass(frozen=True, slots=True)
class PoliceAdviceView:
    """6.3: advice to report to the police."""
    id: int
    advised_on: date
    advised_by: str
    advised_who: str
    police_reference: str
    created_at: datetime
    created_by_id: int | None
    uid: str


@dataclass(frozen=True, slots=True)
class PoliceReportView:
    """6.4: a report to the police, with the manager's guidance."""
    id: int
    reported_on: date
    police_reference: str
    manager_name: str
    guidance_on: date
    guidance: str
    created_at: datetime
    created_by_id: int | None
    uid: str


@dataclass(frozen=True, slots=True)
class SafeguardingDiscussionView:
    id: int
    manager_name: str
    discussed_on: date
    outcome: str
    created_at: datetime
    created_by_id: int | None
    uid: str


@dataclass(frozen=True, slots=True)
class InformationShareView:
    """12.1: information shared with a partner under a protocol."""
    id: int
    partner_name: str
    protocol_id: int
    shared_on: date
    what: str
    created_at: datetime
    created_by_id: int | None
    uid: str


@dataclass(frozen=True, slots=True)
class CaseRecords:
    """Everything recorded on the case here (``CaseRecordsService.records``), oldest first in each part."""
    police_advice: tuple[PoliceAdviceView, ...]
    police_reports: tuple[PoliceReportView, ...]
    safeguarding_discussions: tuple[SafeguardingDiscussionView, ...]
    information_shares: tuple[InformationShareView, ...]


def _raise_first(problems: list[tuple[str, str]]) -> None:
    if problems:
        field, problem = problems[0]
        raise ValidationError(field, problem)


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def _when(value: str | date | None, field: str) -> date | None:
    return parse_date(value, field)


class CaseRecordsService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def police_advised(self, reference: str, advised_on: str | date | None, advised_by: str,
                       police_reference: str = "", advised_who: str = "") -> str:
        """6.3: advice to report to the police - when, who advised, the police reference if any."""
        when = _when(advised_on, "date")
        _raise_first(rules.police_advice_problems(when, advised_by, self.ctx.now().date()))
        assert when is not None
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            row = PoliceAdvice(case_id=case.id, advised_on=when, advised_by=_text(advised_by),
                               advised_who=_text(advised_who), police_reference=_text(police_reference),
                               created_at=self.ctx.now(), created_by_id=self.ctx.actor.id)
            s.add(row)
            s.flush()
            changed(self.ctx, s, case, f"Advice to report to the police recorded ({_text(advised_by)})", "police_advice",
                       row.uid)
            return row.uid

    def police_report(self, reference: str, reported_on: str | date | None, manager: str,
                      guidance_on: str | date | None, guidance: str, police_reference: str = "") -> str:
        """6.4: the officer's own report to the police, with the manager's guidance (who, when, what)."""
        when, guided = _when(reported_on, "date"), _when(guidance_on, "guidance date")
        _raise_first(rules.police_report_problems(when, manager, guided, guidance, self.ctx.now().date()))
        assert when is not None and guided is not None
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            row = PoliceReport(case_id=case.id, reported_on=when, manager_name=_text(manager), guidance_on=guided,
                               guidance=guidance.strip(), police_reference=_text(police_reference),
                               created_at=self.ctx.now(), created_by_id=self.ctx.actor.id)
            s.add(row)
            s.flush()
            changed(self.ctx, s, case, f"Report to the police recorded, with guidance from {_text(manager)}",
                       "police_report", row.uid)
            return row.uid

    def safeguarding_discussed(self, reference: str, manager: str, discussed_on: str | date | None,
                               outcome: str) -> str:
        """7.7.2 / 8.4.2: a safeguarding concern discussed with a manager - who, when, the outcome."""
        when = _when(discussed_on, "date")
        _raise_first(rules.safeguarding_discussion_problems(manager, when, outcome, self.ctx.now().date()))
        assert when is not None
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            row = SafeguardingDiscussion(case_id=case.id, manager_name=_text(manager), discussed_on=when,
                                         outcome=outcome.strip(), created_at=self.ctx.now(),
                                         created_by_id=self.ctx.actor.id)
            s.add(row)
            s.flush()
            changed(self.ctx, s, case, f"Safeguarding concern discussed with {_text(manager)}", "safeguarding_discussion",
                       row.uid)
            return row.uid

    def share_information(self, reference: str, partner: str, shared_on: str | date | None, what: str = "") -> str:
        """12.1: information shared with a partner - refused unless a protocol with that partner is recorded."""
        when = _when(shared_on, "date") or self.ctx.now().date()
        if when > self.ctx.now().date():
            raise ValidationError("date", "information cannot be shared in the future")
        if not partner.strip():
            raise ValidationError("partner", "say which partner the information was shared with")
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            protocols = list(s.scalars(select(PartnerProtocol).order_by(PartnerProtocol.id)))
            check = sharing_allowed(partner, [p.partner_name for p in protocols])
            if check.allowed:
                protocol = next(p for p in protocols if partner_key(p.partner_name) == partner_key(partner))
                row = InformationShare(case_id=case.id, partner_name=protocol.partner_name, protocol_id=protocol.id,
                                       shared_on=when, what=what.strip(), created_at=self.ctx.now(),
                                       created_by_id=self.ctx.actor.id)
                s.add(row)
                s.flush()
                changed(self.ctx, s, case, f"Information shared with {protocol.partner_name} under protocol "
                                    f"{protocol.protocol_reference}", "information_share", row.uid)
                return row.uid
            # the refusal is audited (committed on its own), and nothing else is written
            self.ctx.audit(s, "refused", "information_share", "", case.reference, f"Refused: {check.message}",
                           partner=partner.strip())
        raise RuleBlocked(list(check.reasons))

    def records(self, reference: str) -> CaseRecords:
        """Everything recorded here on the case, for the case window."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)

            def rows(model: Any, view: type[V]) -> tuple[V, ...]:
                return tuple(view_of(view, r) for r in s.scalars(
                    select(model).where(model.case_id == case.id).order_by(model.id)))

            return CaseRecords(rows(PoliceAdvice, PoliceAdviceView), rows(PoliceReport, PoliceReportView),
                               rows(SafeguardingDiscussion, SafeguardingDiscussionView),
                               rows(InformationShare, InformationShareView))


class PartnerService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def add_protocol(self, partner: str, protocol_reference: str, agreed_on: str | date | None) -> Protocol:
        """12.1: record an information-sharing protocol with a partner (administrators; organisation data)."""
        require_role(self.ctx.actor, Role.ADMINISTRATOR, doing="record a partner's information-sharing protocol")
        if not partner.strip():
            raise ValidationError("partner", "say which partner the protocol is with")
        if not protocol_reference.strip():
            raise ValidationError("protocol reference", "give the protocol's reference")
        when = _when(agreed_on, "date agreed")
        if when is None:
            raise ValidationError("date agreed", "say when the protocol was agreed")
        if when > self.ctx.now().date():
            raise ValidationError("date agreed", "the protocol cannot be agreed in the future")
        with self.ctx.session() as s:
            row = PartnerProtocol(partner_name=_text(partner), protocol_reference=_text(protocol_reference),
                                  agreed_on=when, created_at=self.ctx.now(), created_by_id=self.ctx.actor.id)
            s.add(row)
            s.flush()
            self.ctx.audit(s, "create", "partner_protocol", row.uid, None,
                           f"Information-sharing protocol {row.protocol_reference} with {row.partner_name} recorded")
            return Protocol(row.uid, row.partner_name, row.protocol_reference, row.agreed_on)

    def protocols(self) -> list[Protocol]:
        with self.ctx.session() as s:
            return [Protocol(p.uid, p.partner_name, p.protocol_reference, p.agreed_on)
                    for p in s.scalars(select(PartnerProtocol).order_by(PartnerProtocol.partner_name))]


def timeline_events(s: Session, case: Case) -> list[TimelineEntry]:
    """The records above as timeline lines."""
    out: list[TimelineEntry] = []

    def at(d: date) -> datetime:
        return datetime(d.year, d.month, d.day)

    def ref(r: str) -> str:
        return f" (police reference {r})" if r else ""

    for a in s.scalars(select(PoliceAdvice).where(PoliceAdvice.case_id == case.id)):
        who = f"{a.advised_who} advised" if a.advised_who else "Advised"
        out.append(TimelineEntry(at(a.advised_on), "police",
                                 f"{who} to report to the police by {a.advised_by}{ref(a.police_reference)}"))
    for p in s.scalars(select(PoliceReport).where(PoliceReport.case_id == case.id)):
        out.append(TimelineEntry(at(p.reported_on), "police",
                                 f"Reported to the police by the officer{ref(p.police_reference)}; guidance from "
                                 f"{p.manager_name} on {p.guidance_on:%d/%m/%Y}: {p.guidance[:150]}"))
    for d in s.scalars(select(SafeguardingDiscussion).where(SafeguardingDiscussion.case_id == case.id)):
        out.append(TimelineEntry(at(d.discussed_on), "safeguarding",
                                 f"Safeguarding concern discussed with {d.manager_name}: {d.outcome[:150]}"))
    shares = s.execute(select(InformationShare, PartnerProtocol.protocol_reference)
                       .join(PartnerProtocol, PartnerProtocol.id == InformationShare.protocol_id)
                       .where(InformationShare.case_id == case.id))
    for i, protocol_reference in shares:
        out.append(TimelineEntry(at(i.shared_on), "sharing",
                                 f"Information shared with {i.partner_name} under protocol {protocol_reference}"
                                 + (f": {i.what[:150]}" if i.what else "")))
    return out


def safeguarding_due_items(s: Session, where: list[ColumnElement[bool]], now: datetime) -> list[Any]:
    """7.7.2 / 8.4.2: an open case with a safeguarding concern and no discussion with a manager yet."""
    discussed = exists().where(SafeguardingDiscussion.case_id == Case.id)
    rows = s.execute(select(Case.reference, Case.received_at, Case.safeguarding_concern,
                            select(func.count()).where(SafeguardingDiscussion.case_id == Case.id)
                            .scalar_subquery())
                     .where(*where, Case.safeguarding_concern.is_(True), ~discussed)
                     .order_by(Case.received_at).limit(2000))
    return [DueItem(ref, "safeguarding_discussion", "Discuss the safeguarding concern with a manager", received,
                    received <= now,
                    "A safeguarding concern is recorded and has not been discussed with a manager "
                    "(procedure 7.7.2, 8.4.2).")
            for ref, received, concern, count in rows if rules.safeguarding_discussion_due(concern, count)]
