"""The notice pack: the notice with particulars drafted from the incidents, a covering letter, the
schedule of incidents, the Appendix 2 summary and a certificate of service (N215 style).

Built from plain facts the service gathers (already stripped of withheld identities), so this
module never touches the database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ..domain.absolute_ground import ConditionFact, condition_paragraphs
from ..domain.errors import ValidationError
from ..domain.notice_rules import give_up_refusals
from .dates import NoticeDates, ServiceMethod, cpr_rule, earliest_proceedings, notice_dates
from .notice_types import NoticeType
from .render import Block, h1, h2, p, table, write_document

STATEMENT_OF_TRUTH = ("I believe that the facts stated in this certificate are true. I understand that proceedings "
                      "for contempt of court may be brought against anyone who makes, or causes to be made, a false "
                      "statement in a document verified by a statement of truth without an honest belief in its "
                      "truth.")


@dataclass(frozen=True)
class IncidentFact:
    started_at: datetime
    ended_at: datetime | None
    location: str
    description: str


@dataclass(frozen=True)
class ServiceFact:
    method: str
    at: datetime
    served_by: str
    deemed_on: date
    deemed_reason: str
    earliest_on: date
    lapses_on: date | None
    rule: str = ""  # the service rule used: "CPR 6.26, <row>" or "Recorded rule: <text>"
    specified_on: date | None = None  # "after" notices: the date the notice names
    give_up_on: date | None = None  # the date sought for giving up possession the notice names


@dataclass(frozen=True)
class PackFacts:
    reference: str
    number: int
    organisation: str
    organisation_address: str
    tenants: tuple[str, ...]
    property_address: str
    tenancy_label: str
    fixed_term: bool
    officer: str
    prepared_on: date
    approved_by: str
    incidents: tuple[IncidentFact, ...]
    non_legal: tuple[str, ...]
    legal_basis: str  # the legal gate's own words
    peia_answers: dict[str, str] = field(default_factory=dict)  # question wording -> answer as printed
    peia_signed: str = ""
    region: str = "ENG"
    particulars: tuple[str, ...] = ()  # the officer's own wording; empty: drafted from the incidents
    planned: NoticeDates | None = None  # the dates from the service recorded when the pack was made
    planned_method: str = ""
    planned_at: datetime | None = None
    signatory: str = ""  # the named person with authority who signs the notice
    signatory_role: str = ""
    condition: ConditionFact | None = None  # the absolute ground: the condition relied on, as recorded
    officer_title: str = ""  # the officer's job title (or role), under their name on the letter
    phone: str = ""  # the team's phone and e-mail (organisation settings), for the reply
    email: str = ""
    landlord_kind: str = "private_registered_provider"  # the organisation's setting: whether s85ZA applies


def _when(i: IncidentFact) -> str:
    text = f"{i.started_at:%d/%m/%Y} at {i.started_at:%H:%M}"
    if i.ended_at:
        text += f" until {i.ended_at:%H:%M}" + (f" on {i.ended_at:%d/%m/%Y}" if i.ended_at.date() != i.started_at.date()
                                                 else "")
    return text


def particulars(incidents: Sequence[IncidentFact]) -> list[str]:
    """Numbered particulars of the conduct relied on, oldest first, all numbers in figures."""
    out = []
    for n, i in enumerate(sorted(incidents, key=lambda x: x.started_at), 1):
        where = f" at {i.location}" if i.location else ""
        what = i.description.strip().rstrip(".") or "an incident was reported"
        out.append(f"{n}. On {_when(i)}{where}: {what}.")
    return out


def paragraphs_of(text: str) -> tuple[str, ...]:
    """The officer's particulars as paragraphs: split at blank lines, or at each line when none."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    if len(blocks) == 1:
        blocks = [line.strip() for line in blocks[0].splitlines() if line.strip()]
    return tuple(blocks)


def form_name(nt: NoticeType, f: PackFacts) -> str:
    """The prescribed form: the version in force on the date the notice is deemed served, where versions are
    given; otherwise the type's ``form``."""
    if nt.form_versions:
        version = nt.form_on(_deemed(nt, f))
        return version.name if version else nt.form
    return nt.form


def _header(nt: NoticeType, f: PackFacts) -> list[Block]:
    form = form_name(nt, f)
    return [h1(nt.title), p(f"Legal basis: {nt.legal_basis}" + (f" ({form})" if form else "")),
            p(f"To: {', '.join(f.tenants) or 'the tenant'}\nOf: {f.property_address}"),
            p(f"From: {f.organisation}\n{f.organisation_address}".strip())]


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def when_proceedings(nt: NoticeType, f: PackFacts) -> list[str]:
    """The notice's sentences on when proceedings may be begun, each with a definite date worked out from
    the service recorded for the pack: the statute's own "after" wording where the Act uses it; where the
    notice specifies the date sought for giving up possession (s83(3) Housing Act 1985), that date and the
    date, twelve months on, when the notice ceases to be in force. An application (kind "application") is
    itself the proceedings: nothing is said."""
    if nt.kind != "notice":
        return []
    planned = _planned(nt, f)
    period = nt.period_for(f.fixed_term)
    if nt.proceedings_after and planned.specified_on is not None:
        out = [nt.proceedings_after.format(date=long_date(planned.specified_on))]
    elif period.immediate:
        out = [nt.proceedings_immediately or "Proceedings may be begun immediately after this notice is served."]
    else:
        out = [f"Proceedings will not be begun earlier than {long_date(planned.earliest_proceedings_on)}."]
    if nt.give_up_date and planned.give_up_on is not None:
        out.append(nt.give_up_date.format(date=long_date(planned.give_up_on)))
    if nt.lapse and planned.lapses_on:
        out.append(f"This notice ceases to be in force on {long_date(planned.lapses_on)} ({nt.lapse.describe()}).")
    return out


def _planned(nt: NoticeType, f: PackFacts) -> NoticeDates:
    """The dates from the service recorded for the pack; nothing recorded: hand delivery on the day the pack is
    made, with the default date sought for giving up possession where the notice needs one."""
    return f.planned or planned_dates(nt, ServiceMethod.BY_HAND, datetime.combine(f.prepared_on, time(9, 0)),
                                      f.fixed_term, f.region, None)


def planned_dates(nt: NoticeType, method: str, at: datetime, fixed_term: bool, region: str,
                  give_up_on: date | None, start: date | None = None, rent_period: str | None = None) -> NoticeDates:
    """The dates of the service planned for a pack, with the date sought for giving up possession where the
    notice specifies one (the officer's, or by default the earliest s83(5) allows); refused, naming
    --give-up-on, when it is given for a notice without one or is earlier than s83(5) allows.
    """
    nt = nt.for_term(fixed_term)
    period = nt.period_for(fixed_term)
    dates = notice_dates(method, at, period, nt.lapse, region, after=bool(nt.proceedings_after), start=start,
                         rent_period=rent_period)
    not_before = earliest_proceedings(dates.deemed_served_on, nt.give_up_not_before, start, rent_period)
    problems = give_up_refusals(give_up_on, dates.deemed_served_on, not_before, bool(nt.give_up_date))
    if problems:
        raise ValidationError("--give-up-on", problems[0])
    if not nt.give_up_date:
        return dates
    return notice_dates(method, at, period, nt.lapse, region, after=bool(nt.proceedings_after),
                        give_up_on=give_up_on or not_before, start=start, rent_period=rent_period)


def _deemed(nt: NoticeType, f: PackFacts) -> date:
    return _planned(nt, f).deemed_served_on


def review_lines(nt: NoticeType, f: PackFacts) -> list[str]:
    """The review right with its period and, from the service planned for the pack, its last day; or,
    for a landlord whose tenants the statute gives no review, that there is none."""
    if not nt.review_right_for(f.landlord_kind):
        return [nt.review_text(f.landlord_kind)] if nt.review_text(f.landlord_kind) else []
    out = [nt.review_rights]
    if nt.review_days:
        served = _deemed(nt, f)
        last = served + timedelta(days=nt.review_days - 1)
        out.append(f"Served as planned, this notice is served on {long_date(served)}, so the last day to ask for a "
                   f"review is {long_date(last)}.")
    return out


def notice(nt: NoticeType, f: PackFacts, dest: Path) -> Path:
    blocks = _header(nt, f) + [p(nt.prescribed_wording)]
    lines = f.particulars or particulars(f.incidents) or \
        ["No incidents are recorded on the case: add them before serving this notice."]
    if nt.absolute_ground:
        blocks += [h2("The order the court will be asked to make"), p(nt.order_sought)]
        if f.condition is not None:
            blocks += [h2("The condition relied on")] + [
                p(x) for x in condition_paragraphs(f.condition, nt.condition_text(f.condition.condition))]
            if f.condition.evidence:
                blocks.append(p(f"Evidence: {f.condition.evidence}."))
        blocks += [h2("The landlord's reasons for applying for the order")] + [p(line) for line in lines]
    else:
        version = nt.form_on(_deemed(nt, f)) if nt.form_versions else None
        if version is not None and version.intention:  # Form 3: the intention to begin proceedings first
            blocks += [h2("The landlord's intention"), p(version.intention)]
        if nt.grounds:
            blocks += [h2("Ground(s) relied on")] + [p(g) for g in nt.grounds]
        blocks += [h2("Particulars")] + [p(line) for line in lines]
    when = when_proceedings(nt, f)
    if when:
        blocks += [h2("When proceedings may be begun")] + [p(line) for line in when]
    if nt.review_rights:
        blocks += [h2("Your right to a review" if nt.review_right_for(f.landlord_kind) else "Review")] + \
            [p(x) for x in review_lines(nt, f)]
    if nt.advice:
        blocks += [h2("Where to get advice"), p(nt.advice[:1].upper() + nt.advice[1:])]
    signer = f.signatory or f.officer
    role = f" ({f.signatory_role.replace('_', ' ')})" if f.signatory_role else ""
    blocks += [h2("Signed"), p(f"Signed: ....................................\nName: {signer}{role}, for and on "
                               f"behalf of {f.organisation or 'the landlord'}\nDate: {f.prepared_on:%d/%m/%Y}")]
    return write_document(dest, nt.title, blocks, footer=f"{f.reference} notice {f.number}")


def covering_letter(nt: NoticeType, f: PackFacts, dest: Path) -> Path:
    """A letter a tenant can read: who we are, what is enclosed and why, what happens next, where to get
    advice, and how to reach the officer, in complete sentences."""
    tenants = ", ".join(f.tenants)
    kind = nt.title.split("(")[0].strip()
    statute = re.sub(r"^[Ss]ection (\S+) (.+)$", r"section \1 of the \2", nt.legal_basis.split(";")[0].strip())
    statute = re.sub(r"^Sections (.+?) ((?:Anti|Housing)\S* .+)$", r"sections \1 of the \2", statute)
    home = ", ".join(line.strip(" ,") for line in f.property_address.splitlines() if line.strip(" ,"))
    contact = " or ".join(x for x in (f"by telephone on {f.phone}" if f.phone else "",
                                      f"by e-mail at {f.email}" if f.email else "") if x)
    advice = (nt.advice or "a Citizens Advice office, a housing aid centre, a law centre or a solicitor").rstrip(".")
    blocks = [p(f"{f.organisation}\n{f.organisation_address}".strip()), p(f"{f.prepared_on.day} {f.prepared_on:%B %Y}"),
              p(f"{tenants or 'The tenant'}\n{f.property_address}".strip()),
              p(f"Our reference: {f.reference}"), h2(nt.title),
              p(f"Dear {tenants or 'Tenant'},"),
              p(f"We enclose a {kind[:1].lower() + kind[1:]} about your home at {home or 'the address above'}. "
                f"It is given under {statute}. With it is a schedule of the incidents it relies on.")]
    if nt.kind == "application":  # the application is the proceedings, not a notice before them
        blocks[-1] = p(f"We enclose an {kind[:1].lower() + kind[1:]} that we are making to the court about your "
                       f"conduct at or near {home or 'the address above'}. It is made under {statute}. With it is a "
                       "schedule of the incidents it relies on.")
        blocks += [p("Please read the application and the schedule carefully. The application is not an order: only "
                     "the court can grant an injunction, and it will hear what you have to say before it decides."),
                   p(f"We strongly advise you to get independent advice about this application as soon as possible, "
                     f"for example from {advice}. You are entitled to a reasonable opportunity to obtain legal "
                     "representation and to apply for legal aid, which may be available without any means test.")]
    else:
        blocks += [p("Please read the notice and the schedule carefully. The notice is not an order to leave your "
                     "home: only a court can make that order, and the court will hear what you have to say before it "
                     "decides."),
                   p(f"We strongly advise you to get independent advice about this notice as soon as possible, for "
                     f"example from {advice}. You may be able to get legal aid.")]
    paper = "application" if nt.kind == "application" else "notice"
    if nt.review_text(f.landlord_kind):
        blocks.append(p(nt.review_text(f.landlord_kind)))
    blocks += [p(f"If you want to talk to us about the {paper} or the behaviour it describes, please contact me"
                 + (f" {contact}" if contact else "") + f", quoting our reference {f.reference}."),
               p("Yours sincerely,"),
               p("\n".join(x for x in (f.officer, f.officer_title, f.organisation) if x))]
    return write_document(dest, "Covering letter", blocks, footer=f"{f.reference} notice {f.number}")


def schedule(nt: NoticeType, f: PackFacts, dest: Path) -> Path:
    rows = [("No.", "Date and time", "Where", "What happened")]
    for n, i in enumerate(sorted(f.incidents, key=lambda x: x.started_at), 1):
        rows.append((str(n), _when(i), i.location, i.description))
    return write_document(dest, "Schedule of incidents", [
        h1("Schedule of incidents"), p(f"Case {f.reference}. Attached to: {nt.title}."),
        table(rows, (30, 110, 110, 231))], footer=f"{f.reference} notice {f.number}")


def appendix2_summary(nt: NoticeType, f: PackFacts, dest: Path) -> Path:
    rows = [("Question", "Answer")] + list(f.peia_answers.items())
    blocks = [h1("Appendix 2 summary: proportionality and equality impact"),
              p(f"Case {f.reference}. Proposed action: {nt.title}."), p(f.legal_basis),
              h2("Non-legal remedies considered"), p("; ".join(f.non_legal) or "None recorded (exception recorded).")]
    if len(rows) > 1:
        blocks.append(table(rows, (200, 281)))
    blocks += [p(f.peia_signed), p(f"Manager approval of this notice: {f.approved_by}.")]
    return write_document(dest, "Appendix 2 summary", blocks, footer=f"{f.reference} notice {f.number}")


def certificate(nt: NoticeType, f: PackFacts, dest: Path, served: ServiceFact | None = None) -> Path:
    """Certificate of service (N215 style), completed when service is recorded."""
    nt = nt.for_term(f.fixed_term)
    blank = "...................................."
    method = ServiceMethod(served.method).label if served else blank
    rows = [("Item", "Detail"), ("Document served", nt.title),
            ("Served on", ", ".join(f.tenants) or blank), ("Address", f.property_address or blank),
            ("Method of service", method),
            ("Date and time of service", f"{served.at:%d/%m/%Y %H:%M}" if served else blank),
            ("Deemed date of service", f"{served.deemed_on:%d/%m/%Y}" if served else blank),
            ("Rule used for the deemed date", (served.rule or cpr_rule(served.method)) if served else blank)]
    if nt.proceedings_after:
        rows.append(("Date specified in the notice (proceedings may be begun after it)",
                     f"{served.specified_on:%d/%m/%Y}" if served and served.specified_on else blank))
    if nt.give_up_date:
        rows.append(("Date sought for giving up possession",
                     f"{served.give_up_on:%d/%m/%Y}" if served and served.give_up_on else blank))
    if nt.kind == "notice":  # an application is itself the proceedings
        rows.append(("Earliest date proceedings may be begun", f"{served.earliest_on:%d/%m/%Y}" if served else blank))
    if nt.lapse:
        rows.append(("Notice lapses", f"{served.lapses_on:%d/%m/%Y}" if served and served.lapses_on else blank))
    blocks = [h1("Certificate of service"), p(f"Case {f.reference}, notice {f.number}."), table(rows, (190, 291))]
    if served:
        blocks.append(p(f"How the deemed date was worked out: {served.deemed_reason}"))
    blocks += [h2("Statement of truth"), p(STATEMENT_OF_TRUTH),
               p(f"Signed: {blank}\nFull name: {served.served_by if served else blank}\n"
                 f"Position: for {f.organisation or 'the landlord'}\nDate: {blank}")]
    return write_document(dest, "Certificate of service", blocks, footer=f"{f.reference} notice {f.number}")


PACK_PARTS = (("01-notice.pdf", "Notice", notice), ("02-covering-letter.pdf", "Covering letter", covering_letter),
              ("03-schedule-of-incidents.pdf", "Schedule of incidents", schedule),
              ("04-appendix-2-summary.pdf", "Appendix 2 summary", appendix2_summary),
              ("05-certificate-of-service.pdf", "Certificate of service", certificate))


def write_pack(nt: NoticeType, facts: PackFacts, folder: Path) -> list[tuple[str, Path]]:
    nt = nt.for_term(facts.fixed_term)
    folder.mkdir(parents=True, exist_ok=True)
    return [(title, build(nt, facts, folder / name)) for name, title, build in PACK_PARTS]
