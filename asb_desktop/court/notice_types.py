"""Notice types as data (``forms/notices/*.toml``), validated on load, and which are offered when.

Each file defines one notice (or application) type: legal basis, tenancy types, the dates it is in
force, required contents, notice period and lapse rules, review rights and prescribed wording.
An administrator edits these when the law changes; a bad file is refused with a message naming
the file and the field.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from ..domain.enums import LandlordKind, TenancyType
from ..domain.forms import FormError
from ..domain.notice_rules import wrong_tenancy
from ..resources import forms_dir
from .dates import LAPSE_FROM, LapseRule, PeriodRule

KINDS = ("notice", "application")
PERIOD_KEYS = {"days", "months", "rental_periods"}


@dataclass(frozen=True)
class FormVersion:
    """One version of a prescribed form (e.g. Form 3 for s8 Housing Act 1988), in force from ``valid_from`` to
    ``valid_to`` (inclusive; None: still in force), with the sentence that opens the notice in that form."""

    name: str
    valid_from: date
    valid_to: date | None
    intention: str = ""

    def in_force(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


@dataclass(frozen=True)
class TermCertain:
    """How a notice differs for a tenancy for a term certain (see ``NoticeType.for_term``)."""

    title: str = ""
    form: str = ""
    required_contents: tuple[str, ...] = ()
    no_give_up_date: bool = False
    no_lapse: bool = False


@dataclass(frozen=True)
class NoticeType:
    id: str
    title: str
    kind: str  # notice | application
    legal_basis: str
    form: str
    remedy: str
    tenancy_types: tuple[str, ...]
    valid_from: date
    valid_to: date | None
    grounds: tuple[str, ...]
    required_contents: tuple[str, ...]
    period_periodic: PeriodRule
    period_fixed: PeriodRule
    lapse: LapseRule | None
    review_rights: str
    prescribed_wording: str
    advice: str
    verify: str
    source: str
    # The statute's own sentence for the date in the notice, with "{date}" where the date goes; given for
    # notices whose Act says proceedings may be begun *after* a specified date (s128(4)-(5) Housing Act
    # 1996, s83(4)/(4A) and s83A(2) Housing Act 1985 ...). Empty: proceedings may begin on the date shown.
    proceedings_after: str = ""
    # The statute's words for the date sought by the landlord as the date on which the tenant is to give up
    # possession (s83(3)(a)(ii) Housing Act 1985, Ground 2 on a periodic tenancy), with "{date}" where the date
    # goes; given: the notice needs that date (the officer chooses it, ``pack --give-up-on``). Empty: none.
    give_up_date: str = ""
    # The statute's sentence that proceedings may be begun immediately (s83(3)(a)(i)); empty: a plain sentence.
    proceedings_immediately: str = ""
    # The absolute ground (s84A Housing Act 1985 / Ground 7A Housing Act 1988): no notice without a recorded,
    # evidenced condition served within the statutory period; the notice states the order sought, the condition
    # relied on (its text from ``conditions``) with its particulars, and the landlord's reasons.
    absolute_ground: bool = False
    order_sought: str = ""
    conditions: tuple[tuple[int, str], ...] = ()
    review_days: int = 0  # the tenant's review request period, in days beginning with the day of service
    # The landlords whose tenants the statute gives the review right (s85ZA(1) Housing Act 1985: a local
    # housing authority or housing action trust); empty: every landlord. For any other landlord the notice
    # prints ``no_review_rights`` instead (s83ZA(3)(c) asks only for "any right" there is).
    review_landlords: tuple[str, ...] = ()
    no_review_rights: str = ""
    # Conditions whose wording in ``conditions`` was not checked against the statute: a pack relying on one
    # tells the officer to have it checked (docs/law.md).
    unverified_conditions: tuple[int, ...] = ()
    form_versions: tuple[FormVersion, ...] = ()  # the prescribed form by date of service (empty: ``form``)
    # The earliest date sought for giving up possession, as a period after service (s83(5) Housing Act 1985:
    # no earlier than a notice to quit given by the landlord on the same date could end the tenancy).
    give_up_not_before: PeriodRule = PeriodRule()
    # What changes for a tenancy for a term certain (``[term_certain]``: s83(6) Housing Act 1985 disapplies
    # s83(3)-(5), so no date sought and no lapse; the prescribed form is Part II): None, nothing changes.
    term_certain: TermCertain | None = None

    def for_term(self, fixed_term: bool) -> NoticeType:
        """This type as it applies to the tenancy: for a tenancy for a term certain, with ``[term_certain]``'s
        title and form, and without the date sought for giving up possession or the lapse where it drops them."""
        tc = self.term_certain
        if not fixed_term or tc is None:
            return self
        return replace(self, title=tc.title or self.title, form=tc.form or self.form,
                       required_contents=tc.required_contents or self.required_contents,
                       give_up_date="" if tc.no_give_up_date else self.give_up_date,
                       lapse=None if tc.no_lapse else self.lapse, term_certain=None)

    def form_on(self, on: date) -> FormVersion | None:
        """The version of the prescribed form in force on ``on`` (the date of service), if the type has versions."""
        return next((v for v in self.form_versions if v.in_force(on)), None)

    def review_right_for(self, landlord_kind: str) -> bool:
        """Whether a tenant of this kind of landlord has the statutory review right this notice describes."""
        return bool(self.review_rights) and (not self.review_landlords or landlord_kind in self.review_landlords)

    def review_text(self, landlord_kind: str) -> str:
        """What the notice says about a review, for this kind of landlord ('' where nothing is said)."""
        return self.review_rights if self.review_right_for(landlord_kind) else \
            (self.no_review_rights if self.review_rights else "")

    def condition_text(self, number: int) -> str:
        return dict(self.conditions).get(number, "")

    def period_for(self, fixed_term: bool) -> PeriodRule:
        return self.period_fixed if fixed_term else self.period_periodic



@dataclass(frozen=True)
class Refused:
    id: str
    title: str
    reasons: list[str]


@dataclass(frozen=True)
class Offered:
    tenancy_type: str | None
    on_date: date
    offered: list[NoticeType]
    not_offered: list[Refused]


def _text(data: dict[str, Any], key: str, source: str, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise FormError(f"{source}: field '{key}' must be {'non-empty ' if required else ''}text")
    return value.strip()


def _texts(data: dict[str, Any], key: str, source: str, required: bool = True) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value) \
            or (required and not value):
        raise FormError(f"{source}: field '{key}' must be a {'non-empty ' if required else ''}list of text")
    return tuple(v.strip() for v in value)


def _date(data: dict[str, Any], key: str, source: str, required: bool) -> date | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, date) or hasattr(value, "hour"):
        raise FormError(f"{source}: field '{key}' must be a date written like 2026-05-01 (no quotes)")
    return value


def _period(value: Any, source: str, field: str) -> PeriodRule:
    if not isinstance(value, dict) or set(value) - PERIOD_KEYS:
        raise FormError(f"{source}: field '{field}' must be a table with only {', '.join(sorted(PERIOD_KEYS))}")
    for k, v in value.items():
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise FormError(f"{source}: field '{field}.{k}' must be a whole number, 0 or more")
    return PeriodRule(**value)


def _date_sentence(data: dict[str, Any], key: str, source: str) -> str:
    """A sentence of the statute's with ``{date}`` where the notice prints a date ('' when not given)."""
    text = _text(data, key, source, required=False)
    if text and "{date}" not in text:
        raise FormError(f"{source}: field '{key}' must contain {{date}} where the date is printed")
    if text:
        try:
            text.format(date="01 January 2027")
        except (KeyError, IndexError, ValueError):
            raise FormError(f"{source}: field '{key}' may contain no braces other than {{date}}") from None
    return text


def _conditions(data: dict[str, Any], source: str) -> tuple[tuple[int, str], ...]:
    raw = data.get("conditions", {})
    if not isinstance(raw, dict) or not all(k in {"1", "2", "3", "4", "5"} and isinstance(v, str) and v.strip()
                                            for k, v in raw.items()):
        raise FormError(f"{source}: field 'conditions' must be a table of the conditions \"1\" to \"5\", each text")
    return tuple(sorted((int(k), " ".join(v.split())) for k, v in raw.items()))


def parse_notice_type(data: dict[str, Any], source: str, expected_id: str | None = None) -> NoticeType:
    type_id = _text(data, "id", source)
    if expected_id is not None and type_id != expected_id:
        raise FormError(f"{source}: field 'id' is '{type_id}' but must match the file name '{expected_id}'")
    kind = data.get("kind", "notice")
    if kind not in KINDS:
        raise FormError(f"{source}: field 'kind' must be one of {', '.join(KINDS)}")
    tenancy_types = _texts(data, "tenancy_types", source)
    for t in tenancy_types:
        try:
            TenancyType(t)
        except ValueError:
            raise FormError(f"{source}: field 'tenancy_types' has '{t}', not one of: "
                            f"{', '.join(m.value for m in TenancyType)}") from None
    valid_from = _date(data, "valid_from", source, True)
    valid_to = _date(data, "valid_to", source, False)
    assert valid_from is not None
    if valid_to is not None and valid_to < valid_from:
        raise FormError(f"{source}: field 'valid_to' is before 'valid_from'")
    period = data.get("period", {})
    if not isinstance(period, dict) or "periodic" not in period:
        raise FormError(f"{source}: field 'period' must be a table with at least 'periodic' (and optionally "
                        "'fixed') notice period rules")
    periodic = _period(period["periodic"], source, "period.periodic")
    fixed = _period(period.get("fixed", period["periodic"]), source, "period.fixed")
    give_up = _date_sentence(data, "give_up_date", source)
    lapse = None
    if "lapse" in data:
        raw = data["lapse"]
        months = raw.get("months") if isinstance(raw, dict) else None
        start = raw.get("from", "service") if isinstance(raw, dict) else None
        if not isinstance(months, int) or months <= 0 or start not in LAPSE_FROM:
            raise FormError(f"{source}: field 'lapse' must be a table with 'months' (a whole number above 0) "
                            f"and 'from' ({', '.join(LAPSE_FROM)})")
        if start == "give_up" and not give_up:
            raise FormError(f"{source}: field 'lapse.from' is give_up, so field 'give_up_date' must give the "
                            "statute's words for the date sought for giving up possession, with {date}")
        lapse = LapseRule(months, start)
    return NoticeType(
        id=type_id, title=_text(data, "title", source), kind=kind, legal_basis=_text(data, "legal_basis", source),
        form=_text(data, "form", source, required=False), remedy=_text(data, "remedy", source),
        tenancy_types=tenancy_types, valid_from=valid_from, valid_to=valid_to,
        grounds=_texts(data, "grounds", source, required=False),
        required_contents=_texts(data, "required_contents", source),
        period_periodic=periodic, period_fixed=fixed, lapse=lapse,
        review_rights=_text(data, "review_rights", source, required=False),
        prescribed_wording=_text(data, "prescribed_wording", source),
        advice=_text(data, "advice", source, required=False), verify=_text(data, "verify", source, required=False),
        source=source, proceedings_after=_date_sentence(data, "proceedings_after", source), give_up_date=give_up,
        proceedings_immediately=_text(data, "proceedings_immediately", source, required=False),
        give_up_not_before=_period(data.get("give_up_not_before", {}), source, "give_up_not_before"),
        term_certain=_term_certain(data, source), **_absolute(data, source))


def _term_certain(data: dict[str, Any], source: str) -> TermCertain | None:
    raw = data.get("term_certain")
    if raw is None:
        return None
    where = f"{source} term_certain"
    known = {"title", "form", "required_contents", "give_up_date", "lapse"}
    if not isinstance(raw, dict) or set(raw) - known:
        raise FormError(f"{where}: must be a table with only {', '.join(sorted(known))}")
    flags = {k: raw.get(k, True) for k in ("give_up_date", "lapse")}
    for k, v in flags.items():
        if not isinstance(v, bool):
            raise FormError(f"{where}: field '{k}' must be true or false (false: the notice has none)")
    return TermCertain(_text(raw, "title", where, required=False), _text(raw, "form", where, required=False),
                       _texts(raw, "required_contents", where, required=False),
                       no_give_up_date=not flags["give_up_date"], no_lapse=not flags["lapse"])


def _form_versions(data: dict[str, Any], source: str) -> tuple[FormVersion, ...]:
    raw = data.get("form_versions", [])
    if not isinstance(raw, list) or not all(isinstance(v, dict) for v in raw):
        raise FormError(f"{source}: field 'form_versions' must be a list of tables ([[form_versions]])")
    out: list[FormVersion] = []
    for n, v in enumerate(raw, 1):
        where = f"{source} form_versions {n}"
        start, end = _date(v, "valid_from", where, True), _date(v, "valid_to", where, False)
        assert start is not None
        if end is not None and end < start:
            raise FormError(f"{where}: field 'valid_to' is before 'valid_from'")
        out.append(FormVersion(_text(v, "name", where), start, end, _text(v, "intention", where, required=False)))
    out.sort(key=lambda x: x.valid_from)
    for a, b in zip(out, out[1:], strict=False):
        if a.valid_to is None or a.valid_to >= b.valid_from:
            raise FormError(f"{source}: form versions '{a.name}' and '{b.name}' overlap: give the first a 'valid_to' "
                            "before the second's 'valid_from'")
    return tuple(out)


def _absolute(data: dict[str, Any], source: str) -> dict[str, Any]:
    absolute = data.get("absolute_ground", False)
    if not isinstance(absolute, bool):
        raise FormError(f"{source}: field 'absolute_ground' must be true or false")
    days = data.get("review_days", 0)
    if not isinstance(days, int) or isinstance(days, bool) or days < 0:
        raise FormError(f"{source}: field 'review_days' must be a whole number, 0 or more")
    order = _text(data, "order_sought", source, required=absolute)
    conditions = _conditions(data, source)
    if absolute and len(conditions) != 5:
        raise FormError(f"{source}: field 'conditions' must give the text of each of the five conditions")
    landlords = _texts(data, "review_landlords", source, required=False)
    unknown = [x for x in landlords if x not in {k.value for k in LandlordKind}]
    if unknown:
        raise FormError(f"{source}: field 'review_landlords' has '{unknown[0]}'; use "
                        + ", ".join(k.value for k in LandlordKind))
    no_review = _text(data, "no_review_rights", source, required=bool(landlords))
    unverified = data.get("unverified_conditions", [])
    if not isinstance(unverified, list) or not all(isinstance(n, int) and 1 <= n <= 5 for n in unverified):
        raise FormError(f"{source}: field 'unverified_conditions' must be a list of condition numbers, 1 to 5")
    return {"unverified_conditions": tuple(unverified), "absolute_ground": absolute, "order_sought": order, "conditions": conditions, "review_days": days,
            "form_versions": _form_versions(data, source), "review_landlords": landlords,
            "no_review_rights": no_review}


def load_notice_types(directory: Path | None = None) -> list[NoticeType]:
    """Every notice type in ``forms/notices``, validated; sorted by id."""
    folder = (directory or forms_dir()) / "notices"
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise FormError(f"No notice types found: {folder} has no .toml files.")
    out = []
    for path in files:
        source = f"notices/{path.name}"
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise FormError(f"{source} is not valid TOML: {exc}") from None
        out.append(parse_notice_type(data, source, path.stem))
    return out


def offered_types(types: list[NoticeType], tenancy_type: str | None, on_date: date) -> Offered:
    """The types valid for this tenancy on this date, and why each other type is not offered."""
    offered: list[NoticeType] = []
    refused: list[Refused] = []
    for t in types:
        reasons = []
        if tenancy_type is not None or t.kind == "notice":
            reasons += wrong_tenancy(t.tenancy_types, tenancy_type)
        if on_date < t.valid_from:
            reasons.append(f"it is not in force until {t.valid_from:%d %B %Y}")
        elif t.valid_to is not None and on_date > t.valid_to:
            reasons.append(f"it stopped being in force after {t.valid_to:%d %B %Y}")
        elif t.form_versions and t.form_on(on_date) is None:
            reasons.append(f"no version of its prescribed form is in force on {on_date:%d %B %Y} (forms/notices: "
                           "form_versions)")
        if reasons:
            refused.append(Refused(t.id, t.title, reasons))
        else:
            offered.append(t)
    return Offered(tenancy_type, on_date, offered, refused)
