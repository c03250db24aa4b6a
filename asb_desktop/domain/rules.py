"""The procedure's rules as plain functions.

Every rule returns its result together with a plain-English reason, so the officer always sees
why something was blocked, created or scheduled. Clause numbers are the 2021 procedure's
unless marked 2024.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .enums import ClosureReason, Role
from .workdays import add_working_days

RANK = {
    Role.OFFICER: 1,
    Role.SCHEME_OFFICER: 1,
    Role.TEAM_LEADER: 2,
    Role.MANAGER: 3,
    Role.ADMINISTRATOR: 0,
}
MAX_CONTACT_INTERVAL_DAYS = 14  # 15.1: at least fortnightly
QUIET_PERIOD = timedelta(weeks=4)  # 16.1
COLLEAGUE_ASSESSMENT_WINDOW = timedelta(hours=48)  # 2024 5.9.1


@dataclass(frozen=True)
class Check:
    """Whether something is allowed, and every reason it is not (or why it is)."""

    allowed: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        return " ".join(self.reasons)


@dataclass(frozen=True)
class Deadline:
    due: datetime
    reason: str


@dataclass(frozen=True)
class UserRef:
    id: int
    name: str
    roles: frozenset[Role]

    @property
    def rank(self) -> int:
        return max((RANK[r] for r in self.roles), default=0)


@dataclass(frozen=True)
class Assignment:
    officer: UserRef | None
    reason: str
    restricted: bool = False  # hidden from roles below team leader


def end_of_day(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 23, 59, 59)


def response_deadline(received: datetime, serious: bool, high_risk: bool, region: str = "ENG") -> Deadline:
    """5.3 and 6.2: 1 working day for serious or high-risk cases, otherwise 3."""
    days = 1 if (serious or high_risk) else 3
    result = add_working_days(received.date(), days, region)
    if serious and high_risk:
        why = "the case is serious and assessed as high risk"
    elif serious:
        why = "the case is serious"
    elif high_risk:
        why = "the case is assessed as high risk"
    else:
        why = "it is not serious or high risk"
    unit = "working day" if days == 1 else "working days"
    reason = (
        f"Response due by {result.due:%A %d %B %Y}: {days} {unit} from the report on "
        f"{received:%d %B %Y} because {why} (procedure 5.3, 6.2){result.skipped_text()}."
    )
    return Deadline(end_of_day(result.due), reason)


def colleague_assessment_deadline(reported: datetime) -> Deadline:
    """2024 5.9.1: a colleague harassed by a customer gets a risk assessment within 48 clock hours."""
    due = reported + COLLEAGUE_ASSESSMENT_WINDOW
    return Deadline(
        due,
        f"Colleague risk assessment due by {due:%A %d %B %Y %H:%M}: within 48 hours of the report, "
        "by the line manager with Health and Safety, Human Resources and the Housing Manager (2024 5.9.1).",
    )


def triage_outcome(answers: Sequence[bool | None], threshold: int = 2) -> Check:
    """6.1: "yes" to ``threshold`` of the triage questions makes a full risk assessment required.

    ``allowed`` here means "a full risk assessment is required".
    """
    yes = sum(1 for a in answers if a)
    unanswered = sum(1 for a in answers if a is None)
    if yes >= threshold:
        return Check(True, [f"A full risk assessment (Appendix 1) is required: {yes} of the "
                            f"{len(answers)} triage questions were answered yes (procedure 6.1)."])
    if unanswered:
        return Check(False, [f"{unanswered} triage question(s) not answered yet."])
    return Check(False, [f"No full risk assessment required: {yes} of {len(answers)} triage answers were yes."])


def assign(
    *,
    requested: UserRef | None,
    employee_involved: bool,
    supported_housing: bool,
    scheme_officer: UserRef | None,
    team_leaders: Iterable[UserRef],
) -> Assignment:
    """2024 5.9 (employee: Team Leader at minimum, restricted) and 5.4 (scheme officer first)."""
    if employee_involved:
        if requested is not None and requested.rank >= RANK[Role.TEAM_LEADER]:
            return Assignment(requested, f"Assigned to {requested.name}: an employee is involved, so a "
                              "Team Leader or above must handle it (2024 5.9).", restricted=True)
        leaders = sorted(team_leaders, key=lambda u: (u.rank, u.id))
        if not leaders:
            return Assignment(None, "An employee is involved, so the case must go to a Team Leader (2024 5.9), "
                              "but no Team Leader user exists. Ask an administrator to add one.", restricted=True)
        chosen = leaders[0]
        extra = f" instead of {requested.name}" if requested else ""
        return Assignment(chosen, f"Assigned to {chosen.name}{extra}: an employee is involved, so the case "
                          "goes to a Team Leader at minimum and is hidden from officers (2024 5.9).", restricted=True)
    if supported_housing:
        if scheme_officer is None:
            return Assignment(requested, "The property is in a supported-housing scheme with no scheme officer "
                              "recorded; record the scheme officer so the case can go to them first (2024 5.4).")
        return Assignment(scheme_officer, f"Assigned to {scheme_officer.name}, the scheme officer: reports in a "
                          "supported-housing scheme go to the scheme's officer first (2024 5.4).")
    if requested is None:
        return Assignment(None, "Not yet assigned to an officer (5.3).")
    return Assignment(requested, f"Assigned to {requested.name} (5.3).")


def referral_from_scheme(scheme_attempts: int) -> Check:
    """2024 5.5: refer on to a Housing or Enforcement Officer only after the scheme officer tried."""
    if scheme_attempts > 0:
        return Check(True, [f"The scheme officer recorded {scheme_attempts} attempt(s) to resolve it (2024 5.5)."])
    return Check(False, ["The case can only be referred to a Housing or Enforcement Officer after the scheme "
                         "officer has recorded their own attempts to resolve it (2024 5.5). Add a note of "
                         "kind 'scheme attempt' first."])


def feedback_letters(anonymous_complainant: bool) -> Check:
    """2024 5.8: no feedback can be given to an anonymous complainant."""
    if anonymous_complainant:
        return Check(False, ["The complainant is anonymous, so no feedback letters can be sent (2024 5.8)."])
    return Check(True)


def third_party_disclosure(consented: bool | None) -> Check:
    """2024 5.6: nothing about the individual goes to a third party without their consent."""
    if consented:
        return Check(True, ["The individual consented to information being shared with the third party."])
    return Check(False, ["The individual has not consented to information sharing, so nothing about their "
                         "circumstances may go to the third party (2024 5.6)."])


def next_complainant_contact(last_contact: datetime | None, opened: datetime,
                             agreed_days: int | None) -> Deadline:
    """15.1: contact at the agreed frequency, and at least fortnightly."""
    days = MAX_CONTACT_INTERVAL_DAYS if not agreed_days else min(agreed_days, MAX_CONTACT_INTERVAL_DAYS)
    base = last_contact or opened
    due = base + timedelta(days=days)
    if agreed_days and agreed_days > MAX_CONTACT_INTERVAL_DAYS:
        why = f"the agreed {agreed_days} days is longer than the fortnightly minimum, so 14 days applies"
    elif agreed_days:
        why = f"the agreed frequency is every {agreed_days} days"
    else:
        why = "no frequency was agreed, so the fortnightly minimum applies"
    since = "the last contact" if last_contact else "the case was opened"
    return Deadline(due, f"Complainant contact due by {due:%d %B %Y}: {days} days after {since}; {why} (15.1).")


def legal_gate(*, non_legal_considered: bool, exception: str | None, peia_complete: bool,
               peia_officer_signed: bool, peia_manager_signed: bool) -> Check:
    """14.1 and 14.4: what must be true before a legal remedy is taken."""
    reasons: list[str] = []
    if not non_legal_considered and not exception:
        reasons.append("Non-legal remedies have not been considered. Record at least one (warning letter, "
                       "Acceptable Behaviour Contract, mediation...) or record that someone is at risk of "
                       "violence or that there is evidence of crime in the property (procedure 14.1).")
    if not peia_complete:
        reasons.append("The proportionality and equality impact assessment (Appendix 2) is not complete (14.4).")
    elif not peia_officer_signed:
        reasons.append("Appendix 2 has not been signed by the officer (14.4).")
    elif not peia_manager_signed:
        reasons.append("Appendix 2 has not been signed off by a manager (14.4).")
    if reasons:
        return Check(False, reasons)
    basis = f"exception recorded: {exception}" if exception and not non_legal_considered else \
        "non-legal remedies were considered"
    return Check(True, [f"Legal action may proceed: {basis}; Appendix 2 is signed off."])


def closure(reason: str | None) -> Check:
    """16.1: a case closes only with one of the listed reasons."""
    if not reason:
        return Check(False, ["Choose why the case is closing: one of the reasons in procedure 16.1."])
    try:
        parsed = ClosureReason(reason)
    except ValueError:
        allowed = "; ".join(f"{r.value} ({r.label})" for r in ClosureReason)
        return Check(False, [f"'{reason}' is not a closure reason in procedure 16.1. Allowed: {allowed}."])
    return Check(True, [f"Closed: {parsed.label} (16.1)."])


def proposed_for_closure(last_activity: datetime, now: datetime) -> Check:
    """16.1: four weeks with no contact, incidents or reports proposes the case for closure."""
    quiet = now - last_activity
    if quiet >= QUIET_PERIOD:
        return Check(True, [f"Nothing has happened on this case for {quiet.days} days (since "
                            f"{last_activity:%d %B %Y}): consider closing it (16.1)."])
    return Check(False)


def domestic_abuse_tasks() -> list[tuple[str, str]]:
    """11: domestic abuse is handled separately, with a safeguarding referral."""
    return [
        ("Handle under the Domestic Abuse Policy and Procedure",
         "Domestic abuse was reported or suspected, so it is dealt with separately under the domestic abuse "
         "policy (procedure 11.1)."),
        ("Make a safeguarding referral and signpost the victim to support",
         "Domestic abuse was reported or suspected: a safeguarding referral is made and the victim is referred "
         "to the most appropriate agency (procedure 11.2)."),
    ]
