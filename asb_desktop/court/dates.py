"""Deemed service (CPR 6.26) and the dates a notice's rules give: earliest proceedings, lapse.

Pure functions over dates; business days skip weekends and the bank holidays of the region
(``domain.workdays``). The notice period and lapse rules come from the notice type's data
(``forms/notices/*.toml``), so a change in the law is a data edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ..domain.enums import LabelledEnum, RentPeriod
from ..domain.notice_to_quit import add_months, earliest_notice_to_quit_end
from ..domain.workdays import is_working_day, next_working_day

CUT_OFF = time(16, 30)  # CPR 6.26: "before 4.30p.m."


class ServiceMethod(LabelledEnum):
    FIRST_CLASS_POST = "first_class_post"
    NEXT_DAY_SERVICE = "next_day_service"  # "other service which provides for delivery on the next business day"
    DOCUMENT_EXCHANGE = "document_exchange"
    BY_HAND = "by_hand"  # delivered to the permitted address
    LETTERBOX = "letterbox"  # left at the permitted address
    PERSONAL = "personal"
    EMAIL = "email"  # "other electronic method"


# The CPR 6.26 row each method falls under, as the table names it (printed on the certificate of service).
CPR_ROWS = {
    ServiceMethod.FIRST_CLASS_POST: "First class post (or other service which provides for delivery on the next "
                                    "business day)",
    ServiceMethod.NEXT_DAY_SERVICE: "First class post (or other service which provides for delivery on the next "
                                    "business day)",
    ServiceMethod.DOCUMENT_EXCHANGE: "Document exchange",
    ServiceMethod.BY_HAND: "Delivering the document to or leaving it at a permitted address",
    ServiceMethod.LETTERBOX: "Delivering the document to or leaving it at a permitted address",
    ServiceMethod.PERSONAL: "Personal service",
    ServiceMethod.EMAIL: "Other electronic method",
}
SECOND_DAY = (ServiceMethod.FIRST_CLASS_POST, ServiceMethod.NEXT_DAY_SERVICE, ServiceMethod.DOCUMENT_EXCHANGE)


@dataclass(frozen=True)
class DeemedService:
    served_on: date
    reason: str
    rule: str = ""  # the rule applied, as the certificate of service names it


def cpr_rule(method: str | ServiceMethod) -> str:
    return f"CPR 6.26, {CPR_ROWS[ServiceMethod(method)]}"


def deemed_service(method: str | ServiceMethod, at: datetime, region: str = "ENG") -> DeemedService:
    """The date a document other than a claim form is deemed served under CPR 6.26, with the rule in words.

    Business day (CPR 6.2(b)): any day except Saturday, Sunday, a bank holiday, Good Friday or Christmas
    Day; ``domain.workdays`` holds all of these for the region."""
    method = ServiceMethod(method)
    day = at.date()
    rule = cpr_rule(method)
    if method in SECOND_DAY:
        second = day + timedelta(days=2)
        verb = "left with the document exchange" if method is ServiceMethod.DOCUMENT_EXCHANGE else "posted"
        if is_working_day(second, region):
            return DeemedService(second, f"{verb} {day:%a %d/%m/%Y}: the second day after, {second:%a %d/%m/%Y}, is "
                                         f"a business day (CPR 6.26).", rule)
        due = next_working_day(second, region)
        return DeemedService(due, f"{verb} {day:%a %d/%m/%Y}: the second day after, {second:%a %d/%m/%Y}, is not a "
                                  f"business day, so the next business day after it (CPR 6.26).", rule)
    how = {ServiceMethod.BY_HAND: "delivered to the address", ServiceMethod.LETTERBOX: "left at the address",
           ServiceMethod.PERSONAL: "served personally", ServiceMethod.EMAIL: "sent by email"}[method]
    if is_working_day(day, region) and at.time() < CUT_OFF:
        return DeemedService(day, f"{how} on a business day before 4.30pm: that day (CPR 6.26).", rule)
    nxt = next_working_day(day + timedelta(days=1), region)
    when = "at or after 4.30pm" if is_working_day(day, region) else "on a day that is not a business day"
    return DeemedService(nxt, f"{how} {when}: the next business day after that day (CPR 6.26).", rule)


MIN_RULE_CHARS = 10  # a recorded agreement or statutory rule is at least a short sentence


def agreed_service(at: datetime, deemed_on: date, rule_text: str) -> DeemedService:
    """Deemed service under a rule the tenancy agreement or a statute sets, recorded by the officer.

    ``ValueError`` (naming the option) when the rule is missing or the date is before the day of service."""
    text = " ".join(rule_text.split())
    if len(text) < MIN_RULE_CHARS:
        raise ValueError(f"--agreement-rule: write the clause or section and what it says about service (at least "
                         f"{MIN_RULE_CHARS} characters), like 'Tenancy agreement clause 12.3: a notice left at the "
                         "property is served the day after it is left'")
    if deemed_on < at.date():
        raise ValueError(f"--deemed-on: {deemed_on:%d/%m/%Y} is before the day the notice was served "
                         f"({at:%d/%m/%Y}); a notice cannot be served before it is delivered or posted")
    return DeemedService(deemed_on, f"served {at:%d/%m/%Y %H:%M}; deemed served {deemed_on:%d/%m/%Y} under the rule "
                                    f"recorded by the officer: {text}", f"Recorded rule: {text}")


@dataclass(frozen=True)
class PeriodRule:
    """At least ``days`` calendar days, ``months`` calendar months and, with ``rental_periods``, not before a
    notice to quit given on the day of service could end the tenancy (``rental_periods`` full periods, ending
    at the end of a period: domain.notice_to_quit) (the longest wins); all zero means proceedings may begin
    immediately."""

    days: int = 0
    months: int = 0
    rental_periods: int = 0

    @property
    def immediate(self) -> bool:
        return not (self.days or self.months or self.rental_periods)

    def describe(self) -> str:
        if self.immediate:
            return "proceedings may begin immediately after service"
        parts = []
        if self.days:
            parts.append(f"{self.days} days")
        if self.months:
            parts.append(f"{self.months} month{'s' if self.months > 1 else ''}")
        if self.rental_periods:
            parts.append(f"{self.rental_periods} full rental period{'s' if self.rental_periods > 1 else ''}")
        return "at least " + " or ".join(parts) + (", whichever is longer" if len(parts) > 1 else "") + \
            " after service"


LAPSE_FROM = {"service": "the date of service", "earliest": "the earliest date for proceedings",
              "give_up": "the date sought for giving up possession"}


@dataclass(frozen=True)
class LapseRule:
    """The notice ceases to be in force ``months`` after ``from_``: "service", "earliest" (the first date
    proceedings may be begun, or the date an "after" notice specifies) or "give_up" (the date the notice
    specifies as the date sought for the tenant to give up possession, s83(3)(b) Housing Act 1985)."""

    months: int
    from_: str = "service"

    def describe(self) -> str:
        if self.from_ == "give_up":
            return f"{self.months} months after the date sought for giving up possession"
        return f"proceedings must begin within {self.months} months of {LAPSE_FROM[self.from_]}"


def earliest_proceedings(served_on: date, rule: PeriodRule, start: date | None = None,
                         rent_period: RentPeriod | str | None = None) -> date:
    """The first date proceedings may begin; ``start`` and ``rent_period`` are the tenancy's (its periods run
    from its start date), used where the rule has ``rental_periods``."""
    return _earliest(served_on, rule, start, rent_period)[0]


def _earliest(served_on: date, rule: PeriodRule, start: date | None,
              rent_period: RentPeriod | str | None) -> tuple[date, str]:
    """The first date proceedings may begin, and why it is only an assumption ("" when it is exact)."""
    candidates = [served_on, served_on + timedelta(days=rule.days), add_months(served_on, rule.months)]
    note = ""
    if rule.rental_periods:
        end = earliest_notice_to_quit_end(served_on, start, rent_period, rule.rental_periods)
        candidates.append(end.on)
        note = "" if end.exact else end.reason
    return max(candidates), note


def lapse_date(served_on: date, earliest: date, rule: LapseRule | None, give_up_on: date | None = None) -> date | None:
    """When the notice ceases to be in force; None when it does not lapse, or when it counts from the date
    sought for giving up possession and none is given."""
    if rule is None:
        return None
    start = {"service": served_on, "earliest": earliest, "give_up": give_up_on}[rule.from_]
    return add_months(start, rule.months) if start is not None else None


@dataclass(frozen=True)
class NoticeDates:
    deemed_served_on: date
    deemed_reason: str
    earliest_proceedings_on: date
    lapses_on: date | None
    rule: str = ""  # the service rule the deemed date follows (a CPR 6.26 row, or the recorded rule)
    specified_on: date | None = None  # "after" notices: the date named; proceedings may be begun the day after
    give_up_on: date | None = None  # the date sought for the tenant to give up possession (s83(3)(a)(ii))
    # Set when the date a notice to quit could end the tenancy is assumed because the tenancy's rent period or
    # start date is not recorded: the reason, in words the officer is shown ("" when the date is exact).
    period_note: str = ""


def notice_dates(method: str, at: datetime, period: PeriodRule, lapse: LapseRule | None,
                 region: str = "ENG", agreed: DeemedService | None = None,
                 after: bool = False, give_up_on: date | None = None, start: date | None = None,
                 rent_period: RentPeriod | str | None = None) -> NoticeDates:
    """The deemed date (CPR 6.26, or ``agreed`` when the tenancy agreement or a statute sets the rule) and
    the dates that follow from it.

    ``after``: the Act says proceedings may be begun *after* the date the notice specifies (s128(4)-(5)
    Housing Act 1996; s83(4), s83(4A), s83A(2) Housing Act 1985): the specified date is the first date the
    period allows (no earlier than a notice to quit served the same day could end the tenancy), the first
    day proceedings may be begun is the day after it, and "from earliest" lapse counts from it.

    ``give_up_on``: the date the notice specifies as the date sought for giving up possession; a "give_up"
    lapse counts from it.

    ``start``, ``rent_period``: the tenancy's start date and rent period, for a period rule with
    ``rental_periods`` (the date a notice to quit given on the deemed day of service could end the tenancy);
    either missing: 4 weeks and a weekly period are assumed and ``period_note`` says so."""
    deemed = agreed or deemed_service(method, at, region)
    earliest, note = _earliest(deemed.served_on, period, start, rent_period)
    if not after:
        return NoticeDates(deemed.served_on, deemed.reason, earliest,
                           lapse_date(deemed.served_on, earliest, lapse, give_up_on), deemed.rule,
                           give_up_on=give_up_on, period_note=note)
    return specified_dates(NoticeDates(deemed.served_on, deemed.reason, earliest, None, deemed.rule,
                                       give_up_on=give_up_on, period_note=note), earliest, lapse)


def specified_dates(dates: NoticeDates, specified: date, lapse: LapseRule | None) -> NoticeDates:
    """The dates of an "after" notice that names ``specified``: proceedings from the day after it."""
    return NoticeDates(dates.deemed_served_on, dates.deemed_reason, specified + timedelta(days=1),
                       lapse_date(dates.deemed_served_on, specified, lapse, dates.give_up_on), dates.rule, specified,
                       dates.give_up_on, dates.period_note)
