"""Plain inputs to the services, with validation that names the field and the problem.

The desktop wizard, the command line and the tests all build these; ``from_dict`` parses the JSON
shape the command line accepts (``asb case new --json FILE``).
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from ...domain.contact_rules import check_frequency
from ...domain.enums import Channel, LabelledEnum, PartyRole, RentPeriod, TenancyType, ThirdPartyKind
from ...domain.field_rules import NotADate, email_problem, read_day
from ...domain.identity_rules import checklist_allowed, checklist_missing, checklist_points_problem
from ...domain.intake import report_is_empty
from .errors import ValidationError


def parse_datetime(value: Any, name: str) -> datetime:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(name, "a date and time is required, like 2026-11-21 19:30")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(name, f"'{value}' is not a real date and time; write it like 2026-11-21 19:30") \
            from None
    if parsed.tzinfo is not None:  # times are kept as local clock times
        try:
            parsed = parsed.astimezone().replace(tzinfo=None)
        except (OverflowError, ValueError, OSError):
            raise ValidationError(name, f"'{value}' is not a usable date and time") from None
    return parsed


def parse_date(value: Any, name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise ValidationError(name, "must be a date like 2026-11-21")
    try:  # 21/11/2026 or 2026-11-21; a day that does not exist says why (domain/field_rules.py)
        return read_day(value)
    except NotADate as exc:
        raise ValidationError(name, str(exc)) from None


def parse_enum(enum: type[LabelledEnum], value: Any, name: str) -> str:
    try:
        return enum.parse(str(value), name).value
    except ValueError as exc:
        raise ValidationError(name, str(exc).split(": ", 1)[1]) from None


@dataclass
class PersonInput:
    first_names: str = ""
    surname: str = ""
    title: str = ""
    date_of_birth: date | None = None
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    preferred_contact_method: str | None = None
    contact_frequency_days: int | None = None
    language: str = "English"
    interpreter_needed: bool = False
    vulnerabilities: str = ""
    is_employee: bool = False
    occupation: str = ""
    existing_uid: str | None = None  # reuse a person already on file

    def validate(self, name: str, today: date) -> None:
        if not self.existing_uid and not (self.first_names.strip() or self.surname.strip()):
            raise ValidationError(f"{name}.name", "give at least a first name or a surname")
        if self.date_of_birth and self.date_of_birth > today:
            raise ValidationError(f"{name}.date_of_birth", "is in the future")
        email = email_problem(self.email)
        if email:
            raise ValidationError(f"{name}.email", email)
        frequency = check_frequency(self.contact_frequency_days, f"{name}.contact_frequency_days")
        if not frequency.allowed:
            field, _, problem = frequency.message.partition(": ")
            raise ValidationError(field, problem)


@dataclass
class PartyInput:
    role: str
    person: PersonInput | None = None
    anonymous: bool = False
    third_party_kind: str | None = None
    organisation: str = ""
    consent_to_share: bool | None = None
    description: str = ""
    new_person: bool = False  # 4.1: the person looks like someone on file, and the officer says they are not


def refuse_anonymous_identity(party: PartyInput, name: str) -> None:
    """Intake, party add and import (2024 5.7): an anonymous party with a name, address or phone is refused."""
    from ...domain.identity_rules import anonymous_identity

    person = party.person
    check = anonymous_identity(party.anonymous,
                               f"{person.first_names} {person.surname}" if person else "",
                               person.address if person else "", person.phone if person else "")
    if person is not None and party.anonymous and person.existing_uid:
        check = anonymous_identity(True, name="a person on file")
    if not check.allowed:
        raise ValidationError(f"{name}.anonymous", check.message)


@dataclass
class IncidentInput:
    started_at: datetime
    ended_at: datetime | None = None
    location: str = ""
    description: str = ""
    people_involved: str = ""
    feelings_then: str = ""
    feelings_since: str = ""
    measures_taken: str = ""
    feels_targeted: bool | None = None
    targeted_why: str = ""
    witnesses: str = ""
    frequency: str = ""
    history: str = ""

    def validate(self, name: str, now: datetime) -> None:
        if self.started_at > now:
            raise ValidationError(f"{name}.started_at", "is in the future")
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValidationError(f"{name}.ended_at", "is before the start; an incident that runs past midnight "
                                  "ends on the next day's date")


@dataclass
class PropertyInput:
    address: str
    postcode: str = ""
    landlord_ref: str = ""
    scheme_name: str | None = None
    scheme_officer: str | None = None  # username
    tenancy_type: str | None = None
    tenancy_start: date | None = None
    rent_period: str | None = None  # domain.enums.RentPeriod; None: not recorded
    tenant_role: str = PartyRole.ALLEGED_PERPETRATOR.value  # whose tenancy it is


@dataclass
class ReportInput:
    """A new report (2024 section 5)."""

    channel: str
    received_at: datetime
    categories: list[str] = field(default_factory=list)
    summary: str = ""
    parties: list[PartyInput] = field(default_factory=list)
    incidents: list[IncidentInput] = field(default_factory=list)
    property: PropertyInput | None = None
    unknown_perpetrator_description: str = ""
    anonymous_checklist: dict[str, bool] = field(default_factory=dict)
    serious: bool = False
    colleague_harassed: bool = False
    domestic_abuse: bool = False
    hate_related: bool = False
    safeguarding_concern: bool = False
    crime_reported: bool = False
    police_reference: str = ""
    triage: dict[str, bool | None] = field(default_factory=dict)
    assign_to: str | None = None  # username requested

    def validate(self, now: datetime) -> None:
        parse_enum(Channel, self.channel, "channel")
        if self.received_at > now:
            raise ValidationError("received_at", "is in the future")
        for i, party in enumerate(self.parties):
            name = f"parties[{i}]"
            party.role = parse_enum(PartyRole, party.role, f"{name}.role")
            if party.third_party_kind:
                party.third_party_kind = parse_enum(ThirdPartyKind, party.third_party_kind,
                                                    f"{name}.third_party_kind")
            if party.person is None and not (party.anonymous or party.organisation or party.description):
                raise ValidationError(name, "needs a person, an organisation or a description")
            if party.person is not None:
                party.person.validate(f"{name}.person", now.date())
            refuse_anonymous_identity(party, name)
        for i, incident in enumerate(self.incidents):
            incident.validate(f"incidents[{i}]", now)
        if self.property is not None:
            if not self.property.address.strip():
                raise ValidationError("property.address", "is required")
            if self.property.tenancy_type:
                self.property.tenancy_type = parse_enum(TenancyType, self.property.tenancy_type,
                                                        "property.tenancy_type")
            if self.property.rent_period:
                self.property.rent_period = parse_enum(RentPeriod, self.property.rent_period,
                                                       "property.rent_period")
        if self.anonymous_checklist:  # 2024 5.7: the checklist's own points, for an anonymous complainant
            problem = checklist_points_problem(self.anonymous_checklist)
            if problem:
                raise ValidationError("anonymous_checklist", problem)
            check = checklist_allowed(any(p.anonymous for p in self.parties))
            if any(self.anonymous_checklist.values()) and not check.allowed:
                raise ValidationError("anonymous_checklist", check.message)
        empty = report_is_empty(self.categories, self.summary, len(self.parties), len(self.incidents))
        if empty:
            raise ValidationError("categories", empty)
        if self.channel == Channel.THIRD_PARTY and not any(
                p.role == PartyRole.THIRD_PARTY_REPORTER for p in self.parties):
            raise ValidationError("parties", "a third-party report needs the third-party reporter "
                                  "(police, MP, local authority or other)")

    @classmethod
    def from_dict(cls, data: Any) -> ReportInput:
        if not isinstance(data, dict):
            raise ValidationError("report", "must be a JSON object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValidationError(unknown[0], "is not a field of a report")
        d = dict(data)
        d["received_at"] = parse_datetime(d.get("received_at"), "received_at")
        if "channel" not in d:
            raise ValidationError("channel", "is required")
        for key in ("parties", "incidents"):
            if d.get(key) is not None and not isinstance(d[key], list):
                raise ValidationError(key, "must be a list")
        _check_types(cls, d, "", skip={"received_at", "parties", "incidents", "property"})
        d["parties"] = [_party(p, f"parties[{i}]") for i, p in enumerate(d.get("parties") or [])]
        d["incidents"] = [_incident(x, f"incidents[{i}]") for i, x in enumerate(d.get("incidents") or [])]
        if d.get("property") in (None, {}):
            d["property"] = None
        else:
            prop = _build(PropertyInput, d["property"], "property")
            prop.tenancy_start = parse_date(prop.tenancy_start, "property.tenancy_start")
            d["property"] = prop
        return cls(**d)


def _build(cls: type, data: Any, name: str) -> Any:
    if not isinstance(data, dict):
        raise ValidationError(name, "must be a JSON object")
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValidationError(f"{name}.{unknown[0]}", "is not a known field")
    _check_types(cls, data, f"{name}.", skip=_PARSED_LATER)
    try:
        return cls(**data)
    except TypeError as exc:
        raise ValidationError(name, f"is missing a required field ({exc})") from None


# Fields given as text and parsed by their own step (a date, a date and time, a nested object).
_PARSED_LATER = frozenset({"date_of_birth", "started_at", "ended_at", "tenancy_start", "person"})


def _type_problem(hint: Any, value: Any) -> str | None:
    """Why ``value`` (from JSON) does not fit the field's type ``hint``; None if it does."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        problems = [_type_problem(o, value) for o in options if o is not type(None)]
        return None if any(p is None for p in problems) else problems[0]
    if hint is bool:
        return None if isinstance(value, bool) else "must be true or false"
    if hint is int:
        return None if isinstance(value, int) and not isinstance(value, bool) else "must be a whole number"
    if hint is str:
        return None if isinstance(value, str) else "must be text"
    if origin is list:
        if not isinstance(value, list):
            return "must be a list"
        (item,) = typing.get_args(hint)
        return next((f"item {i + 1} {p}" for i, v in enumerate(value) if (p := _type_problem(item, v))), None)
    if origin is dict:
        if not isinstance(value, dict):
            return "must be a JSON object"
        _, item = typing.get_args(hint)
        return next((f"'{k}' {p}" for k, v in value.items() if (p := _type_problem(item, v))), None)
    return None


def _lengths(cls: type) -> dict[str, int]:
    """The longest text each field of an input may hold: the length of the column of the same name."""
    from sqlalchemy import String

    from ...storage.orm import Case, CaseParty, Incident, Person, Property

    model = {ReportInput: Case, PartyInput: CaseParty, PersonInput: Person, IncidentInput: Incident,
             PropertyInput: Property}.get(cls)
    if model is None:
        return {}
    return {c.name: c.type.length for c in model.__table__.columns
            if isinstance(c.type, String) and c.type.length is not None}


def _check_types(cls: type, data: dict[str, Any], prefix: str, skip: frozenset[str] | set[str] = frozenset()) -> None:
    hints = typing.get_type_hints(cls)
    lengths = _lengths(cls)
    for key, value in data.items():
        if key in skip or key not in hints:
            continue
        problem = _type_problem(hints[key], value)
        if problem:
            raise ValidationError(f"{prefix}{key}", problem)
        if isinstance(value, str):
            _check_text(f"{prefix}{key}", value)
            if key in lengths and len(value) > lengths[key]:
                raise ValidationError(f"{prefix}{key}", f"is {len(value)} characters long; it may be at most "
                                      f"{lengths[key]}")
        for text in _strings(value):
            _check_text(f"{prefix}{key}", text)


def _check_text(name: str, text: str) -> None:
    if "\x00" in text:
        raise ValidationError(name, "contains a NUL character, which cannot be stored; remove it")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(name, "contains characters that are not valid Unicode (a broken \\u escape)") \
            from None


def _strings(value: Any) -> list[str]:
    """The text inside a list or object value (its keys too), for the NUL check."""
    if isinstance(value, list):
        return [s for v in value for s in ([v] if isinstance(v, str) else _strings(v))]
    if isinstance(value, dict):
        return [*(k for k in value if isinstance(k, str)),
                *(s for v in value.values() for s in ([v] if isinstance(v, str) else _strings(v)))]
    return []


def _party(data: Any, name: str) -> PartyInput:
    party = _build(PartyInput, data, name)
    if party.person is not None and not isinstance(party.person, dict):
        raise ValidationError(f"{name}.person", "must be a JSON object")
    if isinstance(party.person, dict):
        person = _build(PersonInput, party.person, f"{name}.person")
        person.date_of_birth = parse_date(person.date_of_birth, f"{name}.person.date_of_birth")
        party.person = person
    return party


def _incident(data: Any, name: str) -> IncidentInput:
    incident = _build(IncidentInput, data, name)
    incident.started_at = parse_datetime(incident.started_at, f"{name}.started_at")
    if incident.ended_at not in (None, ""):
        incident.ended_at = parse_datetime(incident.ended_at, f"{name}.ended_at")
    else:
        incident.ended_at = None
    return incident


def intake_gaps(report: ReportInput) -> list[str]:
    """What the 2024 5.2 initial log still lacks. Gaps are shown, never silently accepted."""
    gaps: list[str] = []
    complainants = [p for p in report.parties if p.role == PartyRole.COMPLAINANT]
    if not complainants:
        gaps.append("No complainant recorded (5.2: names, addresses and contact details).")
    for c in complainants:
        if c.anonymous:
            missing = checklist_missing(report.anonymous_checklist)
            if missing:
                gaps.append("Anonymous report: not yet confirmed that the complainant was told: "
                            + "; ".join(missing) + " (2024 5.7-5.8).")
        elif c.person and not (c.person.address.strip() and (c.person.phone.strip() or c.person.email.strip())):
            gaps.append("The complainant's address or contact details are missing (5.2).")
    if not report.incidents:
        gaps.append("No incident recorded: the date and time of the most recent incident is crucial (5.2).")
    else:
        latest = max(report.incidents, key=lambda i: i.started_at)
        checks = [
            (latest.description, "a description of the most recent incident"),
            (latest.feelings_then, "how it made the complainant feel at the time"),
            (latest.feelings_since, "how it has affected them since"),
            (latest.measures_taken, "measures they have taken to avoid it happening again"),
            (latest.frequency or latest.history, "how often it happens and its history"),
            (latest.witnesses, "whether there were witnesses (write 'none' if none)"),
        ]
        gaps += [f"Missing: {what} (5.2)." for value, what in checks if not value.strip()]
        if latest.feels_targeted is None:
            gaps.append("Not yet asked whether the complainant or their household feels targeted, and why (5.2).")
    perps = [p for p in report.parties if p.role == PartyRole.ALLEGED_PERPETRATOR]
    if not perps and not report.unknown_perpetrator_description.strip():
        gaps.append("Who is involved: name an alleged perpetrator or describe the unknown perpetrator (5.2).")
    return gaps

