"""The absolute ground for possession for anti-social behaviour (issue 17): which condition is relied on,
and the time within which the notice must be served.

Section 84A Housing Act 1985 (secure tenancies) and Ground 7A of Schedule 2 to the Housing Act 1988
(assured tenancies) give the same five conditions. The notice (s83ZA Housing Act 1985; s8 Housing Act
1988) must be served within 12 months of the conviction or finding (conditions 1, 2, 3 and 5), or within
3 months of the closure order (condition 4); where there was an appeal, the period runs from the day the
appeal is finally determined, abandoned or withdrawn (docs/law.md says what was read and what was not).

Pure rules over plain values; nothing here touches the database.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

# condition number -> (short name, what is recorded as its date, the subsection of s84A)
CONDITIONS: dict[int, tuple[str, str, str]] = {
    1: ("conviction for a serious offence", "the date of the conviction", "section 84A(3)"),
    2: ("a court's finding of breach of an injunction under section 1 of the Anti-social Behaviour, Crime and "
        "Policing Act 2014", "the date of the court's finding of breach", "section 84A(4)"),
    3: ("conviction for breach of a criminal behaviour order (section 30 of the Anti-social Behaviour, Crime and "
        "Policing Act 2014)", "the date of the conviction", "section 84A(5)"),
    4: ("a closure order (section 80 of the Anti-social Behaviour, Crime and Policing Act 2014) closing the "
        "dwelling-house for more than 48 hours", "the date of the closure order", "section 84A(6)"),
    5: ("conviction for breach of a noise abatement notice or order (section 80(4) or 82(8) of the "
        "Environmental Protection Act 1990)", "the date of the conviction", "section 84A(7)"),
}
MONTHS = {1: 12, 2: 12, 3: 12, 4: 3, 5: 12}


@dataclass(frozen=True)
class ConditionFact:
    """One recorded condition: its number, the court, the date of the conviction, finding or order, the
    particulars (offence, order, breach), the appeal's final determination if any, and the evidence."""

    condition: int
    court: str
    decided_on: date
    details: str
    evidence: str = ""  # an evidence item's uid or a document's title
    appeal_determined_on: date | None = None


def _end_of_period(start: date, months: int) -> date:
    """The last day of a period of ``months`` months beginning with ``start`` (the corresponding date rule): the
    day before the same day ``months`` on, or the last day of that month when it has no such day."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if start.day > last:
        return date(year, month, last)
    return date(year, month, start.day) - timedelta(days=1)


def period_start(fact: ConditionFact) -> date:
    """The day the service period begins: the conviction, finding or order, or the appeal's final
    determination where there was an appeal."""
    return fact.appeal_determined_on or fact.decided_on


def last_day_of_service(fact: ConditionFact) -> date:
    """The last day the notice may be served: the period of 12 (or 3) months *beginning with* the day of
    the conviction, finding, order or appeal's determination: it ends the day before the same date 12 (or 3)
    months on, or on the last day of that month when it has no such date."""
    return _end_of_period(period_start(fact), MONTHS[fact.condition])


def limit_words(fact: ConditionFact) -> str:
    months = MONTHS[fact.condition]
    start = (f"the final determination of the appeal on {fact.appeal_determined_on:%d/%m/%Y}"
             if fact.appeal_determined_on else f"{CONDITIONS[fact.condition][1]} ({fact.decided_on:%d/%m/%Y})")
    return f"{months} months beginning with {start}"


def condition_refusals(fact: ConditionFact, today: date) -> list[str]:
    """What is wrong with a condition as recorded (empty when nothing), each naming the option."""
    reasons: list[str] = []
    if fact.condition not in CONDITIONS:
        reasons.append(f"--condition: {fact.condition} is not a condition of section 84A / Ground 7A; give 1, 2, 3, "
                       "4 or 5")
        return reasons
    if not fact.court.strip():
        reasons.append("--court: name the court that convicted, found the breach or made the order")
    if not fact.details.strip():
        reasons.append("--details: give the offence, order or breach and what the court decided")
    if fact.decided_on > today:
        reasons.append(f"--date: {fact.decided_on:%d/%m/%Y} is in the future")
    if fact.appeal_determined_on is not None and fact.appeal_determined_on < fact.decided_on:
        reasons.append(f"--appeal-determined: {fact.appeal_determined_on:%d/%m/%Y} is before "
                       f"{CONDITIONS[fact.condition][1]} ({fact.decided_on:%d/%m/%Y})")
    if fact.appeal_determined_on is not None and fact.appeal_determined_on > today:
        reasons.append(f"--appeal-determined: {fact.appeal_determined_on:%d/%m/%Y} is in the future")
    return reasons


def service_refusals(fact: ConditionFact | None, served_on: date, statute: str = "section 83ZA Housing Act 1985"
                     ) -> list[str]:
    """Why an absolute-ground notice may not be served on ``served_on`` (empty when it may).

    No notice without a recorded condition with its evidence; none served after the statutory period."""
    if fact is None:
        return ["No condition of the absolute ground (section 84A Housing Act 1985 / Ground 7A) is recorded for "
                "this case: record the conviction, finding or order relied on, its court and date and the evidence "
                "with 'asb notice condition REF --condition N --court ... --date DD/MM/YYYY --details ... "
                "--evidence UID'."]
    reasons: list[str] = []
    if not fact.evidence.strip():
        reasons.append(f"Condition {fact.condition} is recorded without evidence: give the evidence item (the "
                       "certificate of conviction, the order or the court's finding) with --evidence.")
    last = last_day_of_service(fact)
    if served_on > last:
        reasons.append(f"The notice would be served on {served_on:%d/%m/%Y}, after the time limit in {statute} for "
                       f"condition {fact.condition}: it must be served within {limit_words(fact)}, that is by "
                       f"{last:%d/%m/%Y}. A notice on the absolute ground can no longer be served for it.")
    elif served_on < period_start(fact):
        reasons.append(f"The notice would be served on {served_on:%d/%m/%Y}, before {CONDITIONS[fact.condition][1]} "
                       f"({period_start(fact):%d/%m/%Y}).")
    return reasons


def condition_paragraphs(fact: ConditionFact, condition_text: str) -> list[str]:
    """What the notice says about the condition relied on: the condition, then its particulars."""
    name, _, subsection = CONDITIONS[fact.condition]
    out = [f"Condition {fact.condition} ({subsection}): {condition_text or name}",
           f"The {name.split(' (')[0]} relied on: {fact.details.strip().rstrip('.')}. Court: {fact.court.strip()}. "
           f"Date: {fact.decided_on.day} {fact.decided_on:%B %Y}."]
    if fact.appeal_determined_on:
        out.append(f"The appeal was finally determined on {fact.appeal_determined_on.day} "
                   f"{fact.appeal_determined_on:%B %Y}.")
    return out
