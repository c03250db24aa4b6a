"""Notices: which types are offered, manager approval, the pack, and service with its dates.

A pack is generated only when the legal gate is open (non-legal remedies considered or an
exception recorded; Appendix 2 signed off) and a manager's approval of that notice type is
recorded; otherwise the officer is told plainly what is missing. Recording service stores the
deemed date (CPR 6.26), the earliest date for proceedings and the lapse date, which then appear
among the due items.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...court import notice_pack
from ...court.dates import (
    DeemedService,
    NoticeDates,
    ServiceMethod,
    agreed_service,
    earliest_proceedings,
    notice_dates,
    specified_dates,
)
from ...court.media import sha256_of
from ...court.notice_types import NoticeType, Offered, load_notice_types, offered_types
from ...court.withheld import hit_phrases, search_pdf, search_text
from ...domain.absolute_ground import (
    CONDITIONS,
    ConditionFact,
    condition_refusals,
    last_day_of_service,
    service_refusals,
)
from ...domain.enums import LandlordKind, RemedyKind, Role
from ...domain.identity_rules import withheld_identity_check
from ...domain.notice_rules import (
    Signatory,
    signing_refusals,
    tenancy_for_notice,
    tenancy_refusals,
)
from ...storage.orm import Assessment, Case, Remedy, User
from ...storage.orm_court import AbsoluteCondition, Notice, NoticeApproval
from ...storage.orm_evidence import EvidenceItem, EvidenceLink
from ..kernel.access import require_role
from ..kernel.case_file import changed, open_case
from ..kernel.context import Context
from ..kernel.court_facts import (
    case_folder,
    incidents_of,
    parse_tenancy_override,
    tenancy_of,
    withheld_people,
)
from ..kernel.errors import NotFound, RuleBlocked, ValidationError
from ..kernel.file_stores import generated_file, keep_generated
from ..kernel.inputs import parse_datetime, parse_enum
from ..kernel.legal_gate import legal_gate_for

OWN_WORDS_FIX = ("Write '[withheld]' or describe them without naming them, then make the pack again. Nothing was "
                 "saved.")


@dataclass(frozen=True)
class NoticeInfo:
    number: int
    notice_type: str
    title: str
    folder: Path
    files: list[dict[str, str]]
    generated_at: datetime
    served_method: str | None
    served_at: datetime | None
    served_by: str
    deemed_served_on: date | None
    deemed_reason: str
    earliest_proceedings_on: date | None
    lapses_on: date | None
    service_rule: str = ""  # the rule the deemed date follows: a CPR 6.26 row or the officer's recorded rule
    specified_on: date | None = None  # the date the notice names: proceedings may be begun after it
    signed_by: str = ""  # the named person who signed the notice, with their role
    give_up_on: date | None = None  # the date sought for giving up possession the notice names (s83(3))
    # Not stored: what pack and served tell the officer to check: the date a notice to quit could end the tenancy
    # was assumed (the tenancy's rent period or start date is not recorded), or the wording of the condition
    # relied on has not been checked against the statute (``unverified_conditions``).
    note: str = ""


@dataclass(frozen=True)
class Signer:
    """Someone who may sign a statutory notice: a named, active officer, team leader or manager."""
    username: str
    name: str  # the full name with the role, as printed under the signature
    suggested: bool  # who ``pack`` signs for when nobody is named: you, else the approving manager


def _info(ctx_dir: Path, n: Notice) -> NoticeInfo:
    signed = f"{n.signed_by_name} ({n.signed_by_role.replace('_', ' ')})" if n.signed_by_name else ""
    return NoticeInfo(n.number, n.notice_type, n.title, ctx_dir / n.folder, list(n.files), n.created_at,
                      n.served_method, n.served_at, n.served_by, n.deemed_served_on, n.deemed_reason,
                      n.earliest_proceedings_on, n.lapses_on, n.service_rule, n.specified_on, signed, n.give_up_on)


class NoticeService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def types(self, reference: str, on: date | None = None, tenancy_type: str | None = None) -> Offered:
        """Types valid for the case's tenancy on ``on`` (default today), and why the others are not; each as it
        applies to that tenancy (``NoticeType.for_term``: a tenancy for a term certain)."""
        on = on or self.ctx.now().date()
        override = parse_tenancy_override(tenancy_type)

        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            fact = tenancy_of(s, case, on)
            types = [t.for_term(fact.fixed_term) for t in load_notice_types()]
            self.ctx.audit(s, "view", "notice_types", case.id, case.reference, "Viewed the notice types offered")
        return offered_types(types, _tenancy(fact.tenancy_type, override), on)

    def approve(self, reference: str, notice_type: str, note: str = "") -> str:
        """A manager's (or team leader's) approval to serve a notice of this type."""
        require_role(self.ctx.actor, Role.MANAGER, Role.TEAM_LEADER, doing="approve a notice")
        self._type(notice_type)
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            row = NoticeApproval(case_id=case.id, notice_type=notice_type, note=note.strip(),
                                 created_at=self.ctx.now(), created_by_id=self.ctx.actor.id)
            s.add(row)
            s.flush()
            changed(self.ctx, s, case, f"Manager approval recorded for {notice_type}", "notice_approval", row.id)
            return row.uid

    def _type(self, type_id: str) -> NoticeType:
        types = {t.id: t for t in load_notice_types()}
        if type_id not in types:
            raise ValidationError("type", f"'{type_id}' is not a notice type; use one of: {', '.join(sorted(types))}")
        return types[type_id]

    def missing(self, s: Session, case: Case, nt: NoticeType, on: date, tenancy_type: str | None) -> list[str]:
        """Everything that stops a pack being generated, in plain words (empty when none)."""
        reasons: list[str] = []
        gate = legal_gate_for(s, case)
        if not gate.allowed:
            reasons += gate.reasons
        reasons += self._not_offered(nt, on, tenancy_type)
        if nt.absolute_ground:
            reasons += self._absolute_refusals(s, case, nt, on)
        if self._approval(s, case, nt.id) is None:
            reasons.append(f"No manager approval is recorded for {nt.title}: it is waiting for a manager or team "
                           f"leader to approve it (Notices tab, Approve; or 'asb notice approve {case.reference} "
                           f"--type {nt.id}').")
        unset = [label for key, label in (("organisation_name", "name"), ("organisation_address", "address"))
                 if not str(self.ctx.setting(s, key) or "").strip()]
        if unset:
            reasons.append(f"The landlord's {' and '.join(unset)} {'are' if len(unset) > 1 else 'is'} not set, and "
                           "the notice must give them. An administrator sets them in Settings (Organisation) or "
                           "with 'asb settings --organisation-name NAME --organisation-address ADDRESS'.")
        return reasons

    @staticmethod
    def _absolute_refusals(s: Session, case: Case, nt: NoticeType, served_on: date) -> list[str]:
        statute = "section 83ZA Housing Act 1985" if "secure" in nt.tenancy_types else "section 8 Housing Act 1988"
        return service_refusals(condition_of(s, case), served_on, statute)

    def record_condition(self, reference: str, condition: int | str, court: str, decided_on: date | str,
                         details: str, evidence: str = "", appeal_determined_on: date | str | None = None) -> str:
        """Record the condition of the absolute ground relied on (s84A Housing Act 1985 / Ground 7A): its
        number, the court, the date of the conviction, finding or order, the particulars, the appeal's final
        determination if any, and the evidence (an evidence item's uid on the case, or a document's title).
        The latest record is the one a notice relies on. Bad input is refused naming the option."""
        try:
            number = int(str(condition).strip())
        except ValueError:
            raise ValidationError("--condition", f"'{condition}' is not a condition number; give 1, 2, 3, 4 or 5 "
                                  f"({'; '.join(f'{n}: {c[0]}' for n, c in CONDITIONS.items())})") from None
        day = parse_day(decided_on, "--date")
        appeal = parse_day(appeal_determined_on, "--appeal-determined") if appeal_determined_on else None
        if day is None:
            raise ValidationError("--date", "give the date of the conviction, finding or order, like 07/12/2026")
        fact = ConditionFact(number, " ".join(court.split()), day, details.strip(), evidence.strip(), appeal)
        problems = condition_refusals(fact, self.ctx.now().date())
        if problems:
            option, _, problem = problems[0].partition(": ")
            raise ValidationError(option, problem)
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            described = self._evidence_words(s, case, fact.evidence)
            row = AbsoluteCondition(case_id=case.id, condition=number, court=fact.court, decided_on=day,
                                    appeal_determined_on=appeal, details=fact.details, evidence=described,
                                    created_at=self.ctx.now(), created_by_id=self.ctx.actor.id)
            s.add(row)
            s.flush()
            changed(self.ctx, s, case, f"Absolute ground condition {number} recorded ({fact.court}, {day:%d/%m/%Y}); "
                       f"a notice must be served by {last_day_of_service(fact):%d/%m/%Y}", "absolute_condition",
                       row.id)
            return row.uid

    @staticmethod
    def _evidence_words(s: Session, case: Case, evidence: str) -> str:
        """An evidence item's uid on the case as 'its file name (uid)'; other text as the document named."""
        if not evidence:
            return ""
        item = s.scalar(select(EvidenceItem).join(EvidenceLink, EvidenceLink.evidence_id == EvidenceItem.id)
                        .where(EvidenceItem.uid == evidence, EvidenceLink.case_id == case.id))
        if item is not None:
            return f"{item.description or item.original_name} (evidence item {item.uid})"
        if len(evidence) == 36 and evidence.count("-") == 4:
            raise ValidationError("--evidence", f"no evidence item {evidence} is on case {case.reference}; see "
                                  f"'asb evidence list {case.reference}', or name the document instead")
        return evidence

    def condition(self, reference: str) -> ConditionFact | None:
        """The condition of the absolute ground recorded for the case (the latest), or None."""

        with self.ctx.session() as s:
            return condition_of(s, open_case(self.ctx, s, reference))

    @staticmethod
    def _not_offered(nt: NoticeType, on: date, tenancy_type: str | None) -> list[str]:
        return [f"{nt.title} is not offered for this case: {'; '.join(refused.reasons)}."
                for refused in offered_types([nt], tenancy_type, on).not_offered]

    def blockers(self, reference: str, notice_type: str, tenancy_type: str | None = None) -> list[str]:
        """What stops a pack of this type being generated today, in plain words (empty when nothing)."""
        nt = self._type(notice_type)
        override = parse_tenancy_override(tenancy_type)
        today = self.ctx.now().date()

        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            return self.missing(s, case, nt, today, _tenancy(tenancy_of(s, case, today).tenancy_type, override))

    @staticmethod
    def _approval(s: Session, case: Case, type_id: str) -> NoticeApproval | None:
        return s.scalar(select(NoticeApproval).where(NoticeApproval.case_id == case.id,
                                                     NoticeApproval.notice_type == type_id)
                        .order_by(NoticeApproval.id.desc()).limit(1))

    def draft_particulars(self, reference: str, notice_type: str, tenancy_type: str | None = None) -> str:
        """The particulars the pack would draft from the incidents (withheld people shown as [withheld]),
        one paragraph per incident, for the officer to edit and pass back to ``pack``. Refused, as the
        pack is, when the type is not offered for the case's tenancy today."""
        nt = self._type(notice_type)
        override = parse_tenancy_override(tenancy_type)
        today = self.ctx.now().date()

        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            refused = self._not_offered(nt, today, _tenancy(tenancy_of(s, case, today).tenancy_type, override))
            if refused:
                raise RuleBlocked([f"The {nt.title} pack cannot be generated yet:"] + refused)
            incidents = [notice_pack.IncidentFact(i.started_at, i.ended_at, i.location, i.description)
                         for i in incidents_of(s, case, withheld_people(case))]
            self.ctx.audit(s, "view", "notice_particulars", case.id, case.reference,
                           f"Viewed the particulars drafted for {nt.title}")
        return "\n\n".join(notice_pack.particulars(incidents))

    def pack(self, reference: str, notice_type: str, out_dir: Path | None = None,
             tenancy_type: str | None = None, particulars: str | None = None,
             service_method: str | None = None, service_at: datetime | str | None = None,
             signed_by: str | None = None, give_up_on: date | str | None = None) -> NoticeInfo:
        """Generate the pack (stored under the data folder, copied to ``out_dir`` if given).

        ``particulars``: the officer's own wording of the particulars, used in the notice instead of the
        drafted ones. It is refused when empty, and when it or the finished pack's PDFs name a withheld
        person; nothing is stored or written then.

        ``service_method``/``service_at``: how and when the notice will be served (default: first class post
        today). The notice names a definite date worked out from them (the statute's "after [date]" where
        the Act says so); service recorded later that would make that date too early is refused.

        ``signed_by``: the user name of the named person with authority who signs the notice (default: you,
        or when you may not sign, the manager or team leader whose approval the notice relies on); a
        default or system account, or a role that may not sign, is refused with the reason.

        ``give_up_on``: for a notice that specifies it (s83(3)(a)(ii) Housing Act 1985), the date sought by the
        landlord as the date on which the tenant is to give up possession (default: four weeks after the planned
        deemed date of service); a date before the planned deemed date of service is refused. The notice ceases
        to be in force twelve months after it."""
        nt = self._type(notice_type)
        give_up = parse_day(give_up_on, "--give-up-on")
        planned_method = parse_enum(ServiceMethod, service_method or ServiceMethod.FIRST_CLASS_POST,
                                    "--service-method")
        planned_at = parse_datetime(service_at, "--service-at") if service_at else self.ctx.now()
        override = parse_tenancy_override(tenancy_type)
        own = notice_pack.paragraphs_of(particulars) if particulars is not None else ()
        if particulars is not None and not own:
            raise ValidationError("particulars", "are empty: write the conduct relied on, or leave them to be "
                                  "drafted from the incidents")
        today = self.ctx.now().date()
        with self.ctx.session() as s, tempfile.TemporaryDirectory(prefix="asb-notice-") as tmp:
            case = open_case(self.ctx, s, reference, edit=True)
            fact = tenancy_of(s, case, today)
            nt = nt.for_term(fact.fixed_term)  # s83(6): a tenancy for a term certain
            tenancy = _tenancy(fact.tenancy_type, override)
            reasons = self.missing(s, case, nt, today, tenancy)
            if reasons:
                raise RuleBlocked([f"The {nt.title} pack cannot be generated yet:"] + reasons)
            people = withheld_people(case)
            if own:
                check = withheld_identity_check("The particulars contain ", [
                    f"the {h.what} of {h.label}" for h in search_text("\n".join(own), people)], f". {OWN_WORDS_FIX}")
                if not check.allowed:
                    raise RuleBlocked(check.reasons)
            number = (s.scalar(select(func.max(Notice.number)).where(Notice.case_id == case.id)) or 0) + 1
            if planned_at.date() < today:
                raise ValidationError("--service-at", f"{planned_at:%d/%m/%Y} is before today: give the date and "
                                      "time the notice will be posted or delivered")
            planned = notice_pack.planned_dates(nt, planned_method, planned_at, fact.fixed_term, self.ctx.region(s),
                                                give_up, fact.start_date, fact.rent_period)
            if nt.form_versions and nt.form_on(planned.deemed_served_on) is None:
                raise RuleBlocked([f"The {nt.title} pack cannot be generated: no version of its prescribed form is "
                                   f"in force on {planned.deemed_served_on:%d/%m/%Y}, the date it would be served "
                                   f"(forms/notices/{nt.id}.toml: form_versions)."])
            if nt.absolute_ground:
                late = self._absolute_refusals(s, case, nt, planned.deemed_served_on)
                if late:
                    raise RuleBlocked([f"The {nt.title} pack cannot be generated:"] + late)
            signer = self._signatory(s, case, nt, signed_by)
            facts = replace(self._facts(s, case, nt, number, fact, today), particulars=own, planned=planned,
                            planned_method=planned_method, planned_at=planned_at,
                            signatory=signer.full_name, signatory_role=_signing_role(signer),
                            condition=condition_of(s, case) if nt.absolute_ground else None)
            parts = notice_pack.write_pack(nt, facts, Path(tmp))
            if own:  # the check a court bundle gets, on the PDFs that would be served
                found_in: list[str] = []
                for title, path in parts:
                    in_file = search_pdf(path, people)
                    found_in += hit_phrases(in_file, {h.page: title for h in in_file})
                check = withheld_identity_check("The notice pack was not made: it would contain ", found_in,
                                                f". {OWN_WORDS_FIX}")
                if not check.allowed:
                    raise RuleBlocked(check.reasons)
            folder = case_folder(self.ctx, case.reference, "notices", f"{number:02d}-{nt.id}")
            try:
                files = []
                for title, path in parts:
                    kept = Path(shutil.move(path, folder / path.name))
                    files.append({"title": title, "file": kept.name, "sha256": sha256_of(kept)})
                    keep_generated(self.ctx, kept, files[-1]["sha256"])
                row = Notice(case_id=case.id, number=number, notice_type=nt.id, title=nt.title,
                             tenancy_type=tenancy, fixed_term=fact.fixed_term,
                             approval_id=self._approval(s, case, nt.id).id,  # type: ignore[union-attr]
                             folder=str(folder.relative_to(self.ctx.data_dir)), files=files,
                             planned_method=planned_method, planned_at=planned_at, specified_on=planned.specified_on,
                             give_up_on=planned.give_up_on,
                             signed_by_id=signer.id, signed_by_name=signer.full_name,
                             signed_by_role=_signing_role(signer),
                             created_at=self.ctx.now(), created_by_id=self.ctx.actor.id)
                s.add(row)
                s.flush()
                changed(self.ctx, s, case, f"Notice pack {number} generated: {nt.title}"
                           + (" (particulars written by the officer)" if own else ""), "notice", row.id)
                if own:
                    self.ctx.audit(s, "change", "notice_particulars", row.id, case.reference,
                                   f"The particulars of notice {number} were edited by the officer "
                                   f"({len(own)} paragraph{'s' if len(own) != 1 else ''})",
                                   sha256=hashlib.sha256("\n\n".join(own).encode()).hexdigest())
                self.ctx.audit(s, "export", "notice", row.id, case.reference,
                               f"Notice pack {number} written to {folder}", particulars="officer" if own else "drafted")
                info = replace(_info(self.ctx.data_dir, row), note=" ".join(
                    x for x in (planned.period_note, wording_note(nt, facts.condition)) if x))
                s.commit()
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
        if out_dir is not None:
            copy_pack(self.ctx, info, out_dir)
        return info

    def signatories(self, reference: str, notice_type: str) -> list[Signer]:
        """Everyone who may sign the notice, the suggested signer first (for the window's "Signed by")."""
        nt = self._type(notice_type)
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            try:
                suggested = self._signatory(s, case, nt, None).username
            except RuleBlocked:
                suggested = ""
            users = [u for u in s.scalars(select(User).order_by(User.full_name))
                     if not signing_refusals(_signatory_of(u))]
        out = [Signer(u.username, f"{u.full_name} ({_signing_role(u).replace('_', ' ')})", u.username == suggested)
               for u in users]
        return sorted(out, key=lambda x: not x.suggested)

    def export(self, reference: str, number: int, out_dir: Path) -> list[Path]:
        """Copy notice ``number``'s pack into ``out_dir`` (from the team file store when this machine does
        not hold it); returns the files written."""
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            row = self._notice(s, case, number)
            info = _info(self.ctx.data_dir, row)
            self.ctx.audit(s, "export", "notice", row.id, case.reference, f"Notice pack {number} copied to {out_dir}")
        return copy_pack(self.ctx, info, out_dir)

    def _signatory(self, s: Session, case: Case, nt: NoticeType, signed_by: str | None) -> User:
        """The named person with authority who signs the notice (see ``pack``); refused with the reason."""
        if signed_by:
            user = s.scalar(select(User).where(User.username == signed_by.strip()))
            if user is None:
                raise ValidationError("--signed-by", f"there is no user called '{signed_by}'; see 'asb users'")
            refused = signing_refusals(_signatory_of(user))
            if refused:
                raise RuleBlocked([f"{user.full_name} cannot sign the {nt.title}:"] + refused)
            return user
        me = s.get(User, self.ctx.actor.id)
        mine = signing_refusals(_signatory_of(me)) if me is not None else ["your user record was not found"]
        if me is not None and not mine:
            return me
        approval = self._approval(s, case, nt.id)
        approver = s.get(User, approval.created_by_id) if approval and approval.created_by_id else None
        if approver is not None and not signing_refusals(_signatory_of(approver)):
            return approver
        raise RuleBlocked([f"The {nt.title} must be signed by a named person with authority, and you cannot sign "
                           "it:"] + mine + ["Give --signed-by USERNAME of the officer, team leader or manager who "
                                            "will sign it."])

    def _facts(self, s: Session, case: Case, nt: NoticeType, number: int, fact: Any,
               today: date) -> notice_pack.PackFacts:
        people = withheld_people(case)
        incidents = tuple(notice_pack.IncidentFact(i.started_at, i.ended_at, i.location, i.description)
                          for i in incidents_of(s, case, people))
        non_legal = tuple(RemedyKind(r.kind).label for r in s.scalars(
            select(Remedy).where(Remedy.case_id == case.id, Remedy.legal.is_(False)).order_by(Remedy.decided_at)))
        peia = s.scalar(select(Assessment).where(Assessment.case_id == case.id, Assessment.kind == "peia")
                        .order_by(Assessment.id.desc()).limit(1))
        users = {u.id: u.full_name for u in s.scalars(select(User))}
        approval = self._approval(s, case, nt.id)
        signed = ""
        if peia is not None and peia.manager_signed_at is not None:
            signed = (f"Signed by {users.get(peia.officer_signed_by_id or -1, 'the officer')} on "
                      f"{peia.officer_signed_at:%d/%m/%Y}; signed off by "
                      f"{users.get(peia.manager_signed_by_id or -1, 'a manager')} on {peia.manager_signed_at:%d/%m/%Y}.")
        from ..kernel.context import read_settings

        settings = read_settings(s)
        assert approval is not None
        return notice_pack.PackFacts(
            reference=case.reference, number=number, organisation=str(settings.get("organisation_name") or ""),
            organisation_address=str(settings.get("organisation_address") or ""), tenants=fact.tenants,
            property_address=fact.address, tenancy_label=fact.tenancy_type or "", fixed_term=fact.fixed_term,
            officer=self.ctx.actor.full_name, prepared_on=today,
            approved_by=f"{users.get(approval.created_by_id or -1, '')} on {approval.created_at:%d/%m/%Y}",
            incidents=incidents, non_legal=non_legal, legal_basis=legal_gate_for(s, case).message,
            peia_answers=peia_summary(peia.answers if peia else {}, people),
            peia_signed=signed, region=self.ctx.region(s),
            officer_title=(s.scalar(select(User.job_title).where(User.id == self.ctx.actor.id)) or "").strip()
            or " / ".join(r.label for r in sorted(self.ctx.actor.roles) if r != Role.ADMINISTRATOR),
            phone=str(settings.get("organisation_phone") or ""), email=str(settings.get("organisation_email") or ""),
            landlord_kind=str(settings.get("landlord_kind") or LandlordKind.PRIVATE_REGISTERED_PROVIDER))

    def served(self, reference: str, number: int, method: str, at: datetime | str, served_by: str = "",
               agreement_rule: str = "",
               deemed_on: date | str | None = None) -> NoticeInfo:
        """Record service; the deemed date, earliest proceedings date and lapse date follow from it.

        The deemed date follows CPR 6.26 unless the officer records the rule the tenancy agreement or a
        statute sets (``agreement_rule``) with the date it gives (``deemed_on``); the certificate of
        service says which rule was used."""
        method = parse_enum(ServiceMethod, method, "method")
        when = parse_datetime(at, "at")
        if when > self.ctx.now() + timedelta(minutes=5):
            raise ValidationError("at", "service cannot be recorded in the future")
        agreed = agreed_rule(when, agreement_rule, deemed_on)
        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference, edit=True)
            row = self._notice(s, case, number)
            nt = self._type(row.notice_type).for_term(row.fixed_term)
            tenancy = tenancy_of(s, case, when.date())
            dates = notice_dates(method, when, nt.period_for(row.fixed_term), nt.lapse, self.ctx.region(s),
                                 agreed, after=bool(nt.proceedings_after), give_up_on=row.give_up_on,
                                 start=tenancy.start_date, rent_period=tenancy.rent_period)
            if dates.specified_on is not None and row.specified_on is not None:
                if dates.specified_on > row.specified_on:
                    raise RuleBlocked([
                        f"Notice {number} says proceedings may be begun after {row.specified_on:%d/%m/%Y}, but served "
                        f"{ServiceMethod(method).label.lower()} on {when:%d/%m/%Y %H:%M} it is deemed served on "
                        f"{dates.deemed_served_on:%d/%m/%Y}, so the date it names would have to be no earlier than "
                        f"{dates.specified_on:%d/%m/%Y} ({nt.legal_basis}). Nothing was recorded. Do not serve this "
                        f"notice: make a new pack with --service-method and --service-at for the service you will "
                        f"make, and serve that."])
                dates = specified_dates(dates, row.specified_on, nt.lapse)  # the date the notice names governs
            not_before = earliest_proceedings(dates.deemed_served_on, nt.give_up_not_before, tenancy.start_date,
                                              tenancy.rent_period)
            if row.give_up_on is not None and row.give_up_on < not_before:
                raise RuleBlocked([
                    f"Notice {number} asks the tenant to give up possession on {row.give_up_on:%d/%m/%Y}, but served "
                    f"{ServiceMethod(method).label.lower()} on {when:%d/%m/%Y %H:%M} it is deemed served on "
                    f"{dates.deemed_served_on:%d/%m/%Y}, and the date sought must not be earlier than "
                    f"{not_before:%d/%m/%Y}, when a notice to quit given then could end the tenancy (section 83(5) "
                    "Housing Act 1985). Nothing was recorded. Do not serve this notice: make a new pack with "
                    "--give-up-on (and --service-method, --service-at) for the service you will make."])
            late = self._absolute_refusals(s, case, nt, dates.deemed_served_on) if nt.absolute_ground else []
            if late:  # s83ZA(5)-(7) / s8 Housing Act 1988: served after the time limit, the notice is bad
                raise RuleBlocked([f"Notice {number} cannot be recorded as served {ServiceMethod(method).label.lower()} "
                                   f"on {when:%d/%m/%Y %H:%M} (deemed served {dates.deemed_served_on:%d/%m/%Y}):"]
                                  + late + ["Nothing was recorded."])
            row.served_method, row.served_at = method, when
            row.served_by = served_by.strip() or self.ctx.actor.full_name
            row.deemed_served_on, row.deemed_reason = dates.deemed_served_on, dates.deemed_reason
            row.earliest_proceedings_on, row.lapses_on = dates.earliest_proceedings_on, dates.lapses_on
            row.service_rule, row.agreement_rule = dates.rule, " ".join(agreement_rule.split())
            facts = self._facts(s, case, nt, row.number, tenancy, row.created_at.date())
            row.specified_on = dates.specified_on or row.specified_on
            served = notice_pack.ServiceFact(method, when, row.served_by, dates.deemed_served_on, dates.deemed_reason,
                                             dates.earliest_proceedings_on, dates.lapses_on, dates.rule,
                                             dates.specified_on, dates.give_up_on)
            cert = notice_pack.certificate(nt, facts, self.ctx.data_dir / row.folder /
                                           "05-certificate-of-service.pdf", served)
            cert_sha = sha256_of(cert)
            row.files = [dict(f, sha256=cert_sha) if f["file"] == cert.name else f for f in row.files]
            keep_generated(self.ctx, cert, cert_sha)
            changed(self.ctx, s, case, f"Notice {number} served ({ServiceMethod(method).label.lower()}); deemed served "
                       f"{dates.deemed_served_on:%d/%m/%Y}", "notice", row.id)
            return replace(_info(self.ctx.data_dir, row), note=dates.period_note)

    def _notice(self, s: Session, case: Case, number: int) -> Notice:
        row = s.scalar(select(Notice).where(Notice.case_id == case.id, Notice.number == number))
        if row is None:
            raise NotFound(f"Case {case.reference} has no notice {number}. See 'asb notice list {case.reference}'.")
        return row

    def dates_for(self, reference: str, number: int, method: str, at: datetime | str,
                  agreement_rule: str = "",
                  deemed_on: date | str | None = None) -> NoticeDates:
        """The dates that service by ``method`` at ``at`` would give; nothing is recorded."""
        method = parse_enum(ServiceMethod, method, "method")
        when = parse_datetime(at, "at")
        agreed = agreed_rule(when, agreement_rule, deemed_on)

        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            row = self._notice(s, case, number)
            nt = self._type(row.notice_type).for_term(row.fixed_term)
            tenancy = tenancy_of(s, case, when.date())
            dates = notice_dates(method, when, nt.period_for(row.fixed_term), nt.lapse, self.ctx.region(s),
                                 agreed, after=bool(nt.proceedings_after), give_up_on=row.give_up_on,
                                 start=tenancy.start_date, rent_period=tenancy.rent_period)
            if dates.specified_on is not None and row.specified_on is not None \
                    and dates.specified_on <= row.specified_on:
                dates = specified_dates(dates, row.specified_on, nt.lapse)
            return dates

    def list(self, reference: str) -> list[NoticeInfo]:

        with self.ctx.session() as s:
            case = open_case(self.ctx, s, reference)
            rows = s.scalars(select(Notice).where(Notice.case_id == case.id).order_by(Notice.number))
            return [_info(self.ctx.data_dir, r) for r in rows]


def wording_note(nt: NoticeType, condition: ConditionFact | None) -> str:
    """A warning for the officer when the notice prints a condition whose wording was not checked against the
    statute (the type's ``unverified_conditions``; docs/law.md says what was and was not read)."""
    if condition is None or condition.condition not in nt.unverified_conditions:
        return ""
    return (f"The wording of condition {condition.condition} printed on this notice is a close paraphrase that "
            f"has not been checked against the statute ({nt.legal_basis}): have it checked, and corrected in "
            f"forms/notices/{nt.id}.toml if need be, before the notice is served.")


def condition_of(s: Session, case: Case) -> ConditionFact | None:
    row = s.scalar(select(AbsoluteCondition).where(AbsoluteCondition.case_id == case.id)
                   .order_by(AbsoluteCondition.id.desc()).limit(1))
    if row is None:
        return None
    return ConditionFact(row.condition, row.court, row.decided_on, row.details, row.evidence,
                         row.appeal_determined_on)


def _tenancy(recorded: str | None, override: str | None) -> str | None:
    """The tenancy a notice is for: the one the case records; ``--tenancy`` only when none is recorded."""
    refused = tenancy_refusals(recorded, override)
    if refused:
        raise RuleBlocked(refused)
    return tenancy_for_notice(recorded, override)


def _signatory_of(user: User) -> Signatory:
    return Signatory(user.username, user.full_name, tuple(user.roles or ()), bool(user.active))


def _signing_role(user: User) -> str:
    for role in (Role.MANAGER, Role.TEAM_LEADER, Role.OFFICER):
        if role.value in (user.roles or ()):
            return role.value
    return ""


def parse_day(value: date | str | None, option: str) -> date | None:
    """A date written dd/mm/yyyy (or yyyy-mm-dd); a bad one is refused naming ``option``."""
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(option, f"'{value}' is not a real date; write it like 07/12/2026")


def agreed_rule(at: datetime, agreement_rule: str, deemed_on: date | str | None) -> DeemedService | None:
    """The officer's recorded service rule (tenancy agreement or statute), or None for CPR 6.26."""
    day = parse_day(deemed_on, "--deemed-on")
    if not agreement_rule.strip() and day is None:
        return None
    if day is None:
        raise ValidationError("--deemed-on", "give the date the recorded rule makes the notice served, like "
                              "--deemed-on 07/12/2026, with --agreement-rule")
    if not agreement_rule.strip():
        raise ValidationError("--agreement-rule", "say which clause of the tenancy agreement or which statute sets "
                              "the deemed date given with --deemed-on, and what it says")
    try:
        return agreed_service(at, day, agreement_rule)
    except ValueError as exc:
        option, _, problem = str(exc).partition(": ")
        raise ValidationError(option, problem) from None


def peia_summary(answers: dict[str, Any], people: list) -> dict[str, str]:
    """Appendix 2's answers in the form's order, under its own question wording, with withheld people
    taken out (answers to questions the form no longer asks are kept under their id)."""
    from ...court.withheld import redact
    from ...documents.appendices import answer_text, load_peia

    questions = {q.id: q.text for q in load_peia().questions}
    order = [k for k in questions if k in answers] + [k for k in answers if k not in questions]
    return {questions.get(k, k.replace("_", " ").capitalize()): redact(answer_text(answers[k]), people)
            for k in order}


def copy_pack(ctx: Context, info: NoticeInfo, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copyfile(generated_file(ctx, info.folder / f["file"], f["sha256"]), out_dir / f["file"]))
            for f in info.files]
