"""Realistic synthetic case files for demonstrations, training and performance tests.

Rows are built as plain dicts and written with Core ``insert`` in chunks (ORM ``add_all`` would take
minutes for 100,000 cases). Ids are explicit and continue from each table's current maximum, so
demo data can be added to a database that already holds cases. The derived case columns and the
search text are computed with services/derived.py's pure functions and the rules ``refresh``
applies, so the case list and search agree with what a later edit recomputes. Everything comes
from one ``random.Random(seed)`` and ``today`` (uids included): the same seed and day give the
same data on SQLite and PostgreSQL.
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, func, select, text

from ..domain import rules
from ..domain.enums import (
    CaseStatus,
    Channel,
    ClosureReason,
    ContactMethod,
    PartyRole,
    RemedyKind,
    RemedyStatus,
    Role,
    TaskKind,
    TenancyType,
)
from ..domain.forms import load_categories, load_risk_assessment, load_triage
from ..storage.orm import (
    Assessment,
    AuditEntry,
    Case,
    CaseCategory,
    CaseParty,
    Category,
    Contact,
    Incident,
    Note,
    Person,
    Property,
    ReferenceCounter,
    Remedy,
    RiskAssessment,
    SearchDocument,
    Task,
    Tenancy,
    User,
)
from . import demo_data as D
from .derived import PartyName, complainant_display, perpetrator_display, search_body

CHUNK = 2000  # cases per batch of inserts: amortises statement overhead, bounds memory, paces progress
TABLES = [m.__table__ for m in (Person, Property, Tenancy, Case, CaseCategory, CaseParty, Incident, Contact,
                                Task, Note, RiskAssessment, Remedy, Assessment, SearchDocument)]
ID_TABLES = [t.name for t in TABLES if "id" in t.c]
NON_LEGAL = [k for k in RemedyKind if not k.legal]
LEGAL = [k for k in RemedyKind if k.legal]
METHODS = [m.value for m in ContactMethod]
_UUID_KEEP = ((1 << 128) - 1) & ~((0xF << 76) | (0x3 << 62))
_UUID_V4 = (0x4 << 76) | (0x2 << 62)


class _Weighted:
    """A weighted choice that costs one ``random()`` (``random.choices`` rebuilds its table per call)."""

    def __init__(self, weights: dict[Any, int] | Sequence[tuple[Any, int]]) -> None:
        pairs = list(weights.items()) if isinstance(weights, dict) else list(weights)
        self.values = [v for v, _ in pairs]
        self.cum = [sum(w for _, w in pairs[:i + 1]) for i in range(len(pairs))]

    def __call__(self, r: random.Random) -> Any:
        return self.values[bisect(self.cum, r.random() * self.cum[-1])]


CHANNELS, TENANCIES, CLOSURES = (_Weighted(D.CHANNEL_WEIGHTS), _Weighted(D.TENANCY_WEIGHTS),
                                 _Weighted(D.CLOSURE_WEIGHTS))
THIRD_KINDS = _Weighted(D.THIRD_PARTY_WEIGHTS)
N_INCIDENTS, N_CONTACTS, N_TASKS = (_Weighted([(1, 50), (2, 28), (3, 14), (4, 8)]),
                                    _Weighted([(0, 55), (1, 27), (2, 12), (3, 6)]),
                                    _Weighted([(0, 45), (1, 40), (2, 15)]))
OUTCOMES = _Weighted([("spoke", 60), ("no_answer", 17), ("left_message", 18), ("wrong_number", 5)])


@dataclass(slots=True)
class _Who:
    id: int
    name: str
    address: str
    freq: int | None


@dataclass(slots=True)
class _Home:
    id: int
    address: str  # "14 Acacia Avenue, Leeds"
    postcode: str
    town: str
    street: str
    tenant: _Who
    scheme: bool

    @property
    def short(self) -> str:
        return self.address.rsplit(",", 1)[0]


@lru_cache(maxsize=16384)
def _deadline(day: date, serious: bool, high: bool) -> rules.Deadline:
    """response_deadline depends only on the day and the flags, and thousands of cases share a day."""
    return rules.response_deadline(datetime.combine(day, time(12)), serious, high)


class _Generator:
    def __init__(self, r: random.Random, today: date, users: dict[str, Any], categories: dict[str, int],
                 next_ids: dict[str, int], counters: dict[int, int], cases: int) -> None:
        self.r, self.today, self.u, self.cats = r, today, users, categories
        self.now = datetime.combine(today, time(12, 0))
        self.ids, self.counters = next_ids, counters
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.homes: dict[tuple[Any, ...], _Home] = {}
        self.perps: list[tuple[_Who, _Home]] = []
        self.triage, self.ra = load_triage(), load_risk_assessment()
        self.categories = _Weighted({n: D.CATEGORY_WEIGHTS.get(n, 3) for n in categories})
        self.streets = []  # (name, town, postcode, phone prefix); few enough that neighbours recur
        for _ in range(max(30, min(2500, cases // 80))):
            town, area, top, phone = r.choice(D.TOWNS)
            letters = D.POSTCODE_LETTERS
            code = f"{area}{r.randint(1, top)} {r.randint(1, 9)}{r.choice(letters)}{r.choice(letters)}"
            self.streets.append((f"{r.choice(D.STREET_BASES)} {r.choice(D.STREET_TYPES)}", town, code, phone))
        self.schemes = [(D.SCHEMES[i], r.randrange(len(self.streets)), r.choice(D.SCHEME_KINDS))
                        for i in range(max(3, min(len(D.SCHEMES), cases // 3000)))]
        self.assignments: dict[tuple[int, bool, bool], rules.Assignment] = {}
        self.tenancies_made = 0

    def _id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def _uid(self) -> str:
        """A version-4 UUID from the seeded generator (``uuid.uuid4`` would break determinism)."""
        h = "%032x" % (self.r.getrandbits(128) & _UUID_KEEP | _UUID_V4)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    # People and homes ----------------------------------------------------------------------------
    def person(self, address: str, postcode: str, phone_prefix: str, created: datetime, *, young: bool = False,
               job: str = "") -> _Who:
        r = self.r
        female = r.random() < 0.52
        first = r.choice(D.FIRST_F if female else D.FIRST_M)
        if r.random() < 0.12:
            first += " " + r.choice(D.MIDDLE)
        surname = r.choice(D.SURNAMES)
        title = r.choice(D.TITLES_F if female else D.TITLES_M)
        age = r.randint(14, 24) if young else r.randint(18, 88)
        roll = r.random()
        phone = (f"07700 900{r.randrange(1000):03d}" if roll < 0.7 else
                 f"{phone_prefix}{r.randrange(1000):03d}" if roll < 0.93 else "")
        email = "" if r.random() < 0.4 else (f"{D.ascii_fold(first.split()[0])}.{D.ascii_fold(surname)}"
                                             f"{r.randint(1, 99)}@example.{r.choice(('com', 'org', 'net'))}")
        method = "email" if email and r.random() < 0.3 else "telephone" if phone else "letter"
        if method == "telephone" and r.random() < 0.15:
            method = r.choice(("text_message", "in_person", "video_call"))
        language = "English" if r.random() < 0.88 else r.choice(D.LANGUAGES)
        freq = r.choice((None, None, 7, 7, 10, 14, 14, 21))
        pid = self._id("people")
        self.rows["people"].append({
            "id": pid, "uid": self._uid(), "title": title, "first_names": first, "surname": surname,
            "date_of_birth": None if roll > 0.96 else self.today - timedelta(days=age * 365 + r.randrange(365)),
            "address": address, "postcode": postcode, "phone": phone, "email": email,
            "preferred_contact_method": method, "contact_frequency_days": freq, "language": language,
            "interpreter_needed": language != "English" and r.random() < 0.6,
            "vulnerabilities": r.choice(D.VULNERABILITIES) if r.random() < 0.15 else "",
            "is_employee": bool(job), "occupation": job or r.choice(D.OCCUPATIONS), "notes": "",
            "created_at": created, "version": 1})
        return _Who(pid, " ".join(p for p in (title, first, surname) if p), address, freq)

    def home(self, key: tuple[Any, ...], created: datetime) -> _Home:
        """The property at ``key`` with its lead tenant and tenancy, created on first use."""
        found = self.homes.get(key)
        if found:
            return found
        r = self.r
        scheme_flag = key[0] == "S"
        if scheme_flag:
            scheme, street_idx, kind = self.schemes[key[1]]
            street, town, postcode, phone = self.streets[street_idx]
            address = f"Flat {key[2]}, {scheme}, {street_idx % 90 + 1} {street}, {town}"
        else:
            street, town, postcode, phone = self.streets[key[0]]
            address = f"{f'Flat {key[2]}, ' if key[2] else ''}{key[1]} {street}, {town}"
        pid = self._id("properties")
        self.rows["properties"].append({
            "id": pid, "uid": self._uid(), "address": address, "postcode": postcode, "landlord_ref": f"PR{pid:07d}",
            "scheme_name": f"{scheme} ({kind})" if scheme_flag else None,
            "scheme_officer_id": self.u["scheme"].id if scheme_flag else None})
        tenant = self.person(address, postcode, phone, created - timedelta(days=r.randrange(30, 3000)))
        n, self.tenancies_made = self.tenancies_made, self.tenancies_made + 1  # the first few: one of each type
        tenancy = (list(TenancyType)[n] if n < len(TenancyType) else
                   TenancyType.LICENCE if scheme_flag and r.random() < 0.7 else TENANCIES(r))
        days = r.randrange(20, 300) if tenancy == TenancyType.INTRODUCTORY else r.randrange(200, 9000)
        self.rows["tenancies"].append({
            "id": self._id("tenancies"), "uid": self._uid(), "property_id": pid, "person_id": tenant.id,
            "tenancy_type": tenancy.value, "start_date": self.today - timedelta(days=days), "end_date": None,
            "landlord_ref": f"T{pid:07d}/1"})
        home = self.homes[key] = _Home(pid, address, postcode, town, street, tenant, scheme_flag)
        return home

    def _child(self, table: str, cid: int, created: datetime, by: int | None, **row: Any) -> None:
        row.update(id=self._id(table), uid=self._uid(), case_id=cid, created_at=created, created_by_id=by)
        self.rows[table].append(row)

    # One case ------------------------------------------------------------------------------------
    def case(self, received: datetime, channel: str, status: str, reason: str | None) -> None:
        r, u, now = self.r, self.u, self.now
        cid = self._id("cases")
        year = received.year
        self.counters[year] = self.counters.get(year, 0) + 1
        reference = f"ASB-{year}-{self.counters[year]:05d}"
        cats = [self.categories(r)]
        if r.random() < 0.12:
            extra = self.categories(r)
            if extra not in cats:
                cats.append(extra)
        primary = cats[0]
        domestic, hate = "Domestic abuse" in cats, "Hate-related incident" in cats
        grave = not D.GRAVE_CATEGORIES.isdisjoint(cats)
        employee = r.random() < 0.02
        colleague = employee and r.random() < 0.5
        if r.random() < 0.06:  # supported housing: both households in one scheme
            s = r.randrange(len(self.schemes))
            c_home = self.home(("S", s, r.randint(1, 40)), received)
            p_home = self.home(("S", s, r.randint(1, 40)), received)
        else:
            st, num = r.randrange(len(self.streets)), r.randint(1, 40)
            flat = r.randint(1, 4) if r.random() < 0.1 else 0
            c_home = self.home((st, num, flat), received)
            p_home = self.home((st, num, flat % 4 + 1) if flat else (st, max(1, num + r.choice((-2, -1, 1, 2))), 0),
                               received)
        # Parties: role, person, organisation, anonymous
        if colleague:  # 2024 5.9.1: a colleague harassed by a customer
            complainant = self.person(f"Housing office, 1 Civic Way, {c_home.town}", "", "0113 496 0", received,
                                      job=r.choice(D.EMPLOYEE_JOBS))
        else:
            complainant = c_home.tenant
        anonymous = not colleague and r.random() < 0.07
        parties: list[tuple[PartyRole, _Who | None, str, bool]] = [
            (PartyRole.COMPLAINANT, complainant, "", anonymous)]
        if not anonymous and not colleague and r.random() < 0.04:  # a second adult in the household
            parties.append((PartyRole.COMPLAINANT, self.person(c_home.address, c_home.postcode, "01632 960",
                                                               received), "", False))
        unknown = not domestic and not colleague and r.random() < 0.15
        perp: _Who | None = None
        unknown_description = r.choice(D.UNKNOWN_DESCRIPTIONS) if unknown else ""
        if unknown:
            parties.append((PartyRole.ALLEGED_PERPETRATOR, None, "", False))
        elif employee and not colleague:
            perp = self.person(p_home.address, p_home.postcode, "01632 960", received, job=r.choice(D.EMPLOYEE_JOBS))
        elif self.perps and r.random() < 0.08:  # a known perpetrator, again (4.1: ASB history)
            perp, p_home = r.choice(self.perps)
        else:
            perp = p_home.tenant
        if perp is not None:
            parties.append((PartyRole.ALLEGED_PERPETRATOR, perp, "", False))
            self.perps.append((perp, p_home))
            roll = r.random()
            if roll < 0.05:
                parties.append((PartyRole.ALLEGED_PERPETRATOR, self.person(
                    p_home.address, p_home.postcode, "01632 960", received, young=True), "", False))
            elif roll < 0.08:
                parties.append((PartyRole.HOUSEHOLD_MEMBER, p_home.tenant if perp is not p_home.tenant else
                                self.person(p_home.address, p_home.postcode, "01632 960", received), "", False))
        if r.random() < 0.08:
            witness = self.home((r.randrange(len(self.streets)), r.randint(1, 40), 0), received).tenant
            if witness is not complainant and witness is not perp:
                parties.append((PartyRole.WITNESS, witness, "", False))
        if r.random() < 0.02:
            parties.append((PartyRole.PROFESSIONAL_WITNESS, None, f"Environmental Health, {c_home.town} Council", False))
        third_kind = THIRD_KINDS(r) if channel == Channel.THIRD_PARTY else None
        if third_kind:
            parties.append((PartyRole.THIRD_PARTY_REPORTER, None, D.THIRD_PARTIES[third_kind].format(t=c_home.town),
                            False))
        for role, who, org, anon in parties:
            third = role == PartyRole.THIRD_PARTY_REPORTER
            self.rows["case_parties"].append({
                "id": self._id("case_parties"), "uid": self._uid(), "case_id": cid, "role": role.value,
                "person_id": who.id if who else None, "anonymous": anon,
                "withheld": anon or (role == PartyRole.WITNESS and r.random() < 0.3),
                "third_party_kind": third_kind.value if third and third_kind else None, "organisation": org,
                "consent_to_share": r.random() < 0.7 if third else None,
                "description": unknown_description if role == PartyRole.ALLEGED_PERPETRATOR and who is None else ""})
        prop = p_home if perp is not None and perp is p_home.tenant else c_home
        supported = prop.scheme
        # Assignment (5.3, 2024 5.4 and 5.9) and the case's life so far
        requested = u["officers"][r.randrange(len(u["officers"]))]
        key = (requested.id, employee, supported)
        if key not in self.assignments:
            self.assignments[key] = rules.assign(requested=requested, employee_involved=employee,
                                                 supported_housing=supported, scheme_officer=u["scheme"],
                                                 team_leaders=[u["leader"]])
        assignment = self.assignments[key]
        by = assignment.officer.id if assignment.officer else None
        age = (now - received).days
        closed_at = None
        if status == CaseStatus.CLOSED:
            days = r.randint(min(age, 10), max(min(age, 240), 1)) if age else 0
            closed_at = min(now - timedelta(minutes=30), received + timedelta(days=days, hours=r.randint(2, 24)))
        end = closed_at or now
        # Risk (6.1, 6.2)
        q_ids = self.triage.question_ids()
        triage = {} if status == CaseStatus.NEW and r.random() < 0.5 else \
            {q: r.random() < (0.6 if grave else 0.25) for q in q_ids}
        full = bool(triage) and rules.triage_outcome([triage[q] for q in q_ids], self.triage.threshold).allowed
        band = None
        if full and status != CaseStatus.NEW and r.random() < 0.85:
            answers = {q: r.random() < 0.45 for q in self.ra.question_ids()}
            score, band_, why = self.ra.score(answers)
            band = band_.value
            self._child("risk_assessments", cid, min(end, received + timedelta(hours=r.randint(2, 72))), by, kind="full",
                        form_id=self.ra.id, form_version=self.ra.version, answers=answers, score=score, band=band,
                        reason=why, actions=[a for a, _ in self.ra.actions][:0 if band == "standard" else 2],
                        notes="")
        risk_band = band or ("standard" if triage and not full else None)
        serious = r.random() < (0.35 if grave else 0.05)
        deadline = _deadline(received.date(), serious, risk_band == "high")
        responded = None
        if status != CaseStatus.NEW:  # mostly within the deadline, some late
            late = 1.3 if r.random() < 0.08 else 0.9
            responded = max(received + timedelta(minutes=20),
                            min(end, received + (deadline.due - received) * (r.random() * late)))
        crime = r.random() < (0.6 if primary in D.CRIME_CATEGORIES else 0.05)
        police_ref = f"{r.randint(10, 99)}/{r.randint(100000, 999999)}/{year % 100:02d}" \
            if crime and r.random() < 0.85 else ""
        safeguarding = domestic or r.random() < 0.04
        summary = r.choice(D.SUMMARIES.get(primary, ("Anti-social behaviour reported near {p}",))).format(
            p=p_home.short)
        searchable = [summary, ", ".join(sorted(cats)), police_ref, unknown_description]
        activity = [received]
        self._incidents(cid, received, by, primary, p_home, perp.name if perp else unknown_description,
                        searchable, activity)
        spoke = self._contacts(cid, by, responded, end, complainant.id, perp.id if perp else None, activity)
        tasks = self._tasks(cid, by, received, responded, closed_at, full, band, domestic, safeguarding, colleague)
        flags = (("police", crime and r.random() < 0.5), ("safeguarding", safeguarding),
                 ("scheme_attempt", supported), ("identification", unknown), ("agreed_action", r.random() < 0.2))
        kinds = ["general"] + ([k for k, on in flags if on] if responded else [])
        for i, kind in enumerate(kinds):
            at = received + timedelta(minutes=15) if i == 0 else received + (end - received) * r.random()
            note = r.choice(D.NOTES[kind])
            searchable.append(note)
            activity.append(at)
            self._child("notes", cid, at, by, interview_id=None, kind=kind, written_at=at, text=note,
                        confidential=kind == "safeguarding", copied_from_uid=None)
        legal = status == CaseStatus.LEGAL or reason == ClosureReason.RESOLVED_LEGAL
        self._remedies(cid, by, legal, reason, responded or received, end, closed_at)
        # Derived columns, as derived.refresh computes them
        names = [PartyName(role, who.name if who else org, anon) for role, who, org, anon in parties]
        due: list[tuple[datetime, str]] = []
        if closed_at is None:
            if responded is None:
                due.append((deadline.due, "First response"))
            due += [(d, title) for title, d, done in tasks if done is None]
            due.append((rules.next_complainant_contact(max(spoke, default=None), received, complainant.freq).due,
                        "Complainant contact"))
        next_due_at, next_due_label = min(due, key=lambda c: c[0]) if due else (None, "")
        last_activity = max(activity)
        addresses = [who.address for _r, who, _o, anon in parties if who and not anon]
        addresses.append(f"{prop.address} {prop.postcode}")
        self.rows["cases"].append({
            "id": cid, "uid": self._uid(), "reference": reference, "channel": channel, "status": status,
            "closure_reason": reason, "closure_note": D.CLOSURE_NOTES[reason] if reason else "",
            "received_at": received, "closed_at": closed_at, "assigned_officer_id": by,
            "assignment_reason": assignment.reason, "created_by_id": by, "property_id": prop.id, "summary": summary,
            "serious": serious, "employee_involved": employee, "colleague_harassed": colleague,
            "domestic_abuse": domestic, "hate_related": hate, "safeguarding_concern": safeguarding,
            "crime_reported": crime, "police_reference": police_ref, "supported_housing": supported,
            "restricted": assignment.restricted, "anonymous_checklist": D.ANONYMOUS_CHECKLIST if anonymous else {},
            "unknown_perpetrator": unknown, "unknown_perpetrator_description": unknown_description,
            "legal_exception": "Someone is at risk of violence (14.1)." if legal and grave else "",
            "referred_to_officer_id": u["officers"][0].id if supported and responded and r.random() < 0.3 else None,
            "triage_answers": triage, "full_risk_required": full, "risk_band": risk_band,
            "response_due_at": deadline.due, "response_due_reason": deadline.reason, "responded_at": responded,
            "colleague_assessment_due_at": received + rules.COLLEAGUE_ASSESSMENT_WINDOW if colleague else None,
            "complainant_display": complainant_display(names),
            "perpetrator_display": perpetrator_display(names, unknown), "categories_display": searchable[1],
            "officer_display": assignment.officer.name if assignment.officer else "", "next_due_at": next_due_at,
            "next_due_label": next_due_label, "last_activity_at": last_activity,
            "updated_at": max(last_activity, closed_at or last_activity), "version": 1})
        self.rows["case_categories"] += [{"case_id": cid, "category_id": self.cats[c]} for c in cats]
        body = search_body(reference, names, addresses, [t for t in searchable if t])
        self.rows["case_search"].append({"case_id": cid, "body": body})

    def _incidents(self, cid: int, received: datetime, by: int | None, category: str, where: _Home,
                   involved: str, searchable: list[str], activity: list[datetime]) -> None:
        """1-4 incidents: the latest shortly before the report, earlier ones days apart; late ones run past midnight."""
        r = self.r
        descriptions, locations = [], []
        at = received
        for _ in range(N_INCIDENTS(r)):
            start = datetime.combine((at - timedelta(days=r.randint(0, 10))).date(),
                                     time(r.choice(D.INCIDENT_HOURS), r.randrange(60)))
            while start >= at:
                start -= timedelta(days=1)
            at = start
            desc = r.choice(D.INCIDENTS.get(category, D.GENERIC_INCIDENTS))
            loc = r.choice(D.LOCATIONS).format(p=where.short, s=where.street)
            targeted = r.choice((True, False, None))
            self._child("incidents", cid, received, by, started_at=start,
                        ended_at=None if r.random() < 0.1 else start + timedelta(minutes=r.choice((10, 45, 90, 150, 240))),
                        location=loc, description=desc, people_involved=involved,
                        feelings_then=r.choice(D.FEELINGS_THEN), feelings_since=r.choice(D.FEELINGS_SINCE),
                        measures_taken=r.choice(D.MEASURES), feels_targeted=targeted,
                        targeted_why=r.choice(D.TARGETED_WHY) if targeted else "", witnesses=r.choice(D.WITNESSES),
                        frequency=r.choice(D.FREQUENCY), history=r.choice(D.HISTORY))
            descriptions.append(desc)
            locations.append(loc)
            activity.append(start)
        searchable += descriptions + locations  # derived.refresh: all descriptions, then all locations

    def _contacts(self, cid: int, by: int | None, responded: datetime | None, end: datetime, complainant: int,
                  perp: int | None, activity: list[datetime]) -> list[datetime]:
        """The first response by telephone, then later attempts (some failed). Returns when the complainant was spoken to."""
        if responded is None:
            return []
        r = self.r
        spoke = []
        times = [responded] + sorted(responded + (end - responded) * r.random() for _ in range(N_CONTACTS(r)))
        for i, at in enumerate(times):
            method = "telephone" if i == 0 else r.choice(METHODS)
            outcome = "spoke" if i == 0 else "sent" if method in ("email", "letter") else OUTCOMES(r)
            with_complainant = i == 0 or r.random() < 0.85
            if with_complainant and outcome == "spoke":
                spoke.append(at)
            activity.append(at)
            self._child("contacts", cid, at, by, person_id=complainant if with_complainant else perp, at=at,
                        method=method, outcome=outcome, with_complainant=with_complainant,
                        notes=r.choice(D.CONTACT_NOTES[outcome]))
        return spoke

    def _tasks(self, cid: int, by: int | None, received: datetime, responded: datetime | None,
               closed_at: datetime | None, full: bool, band: str | None, domestic: bool, safeguarding: bool,
               colleague: bool) -> list[tuple[str, datetime, datetime | None]]:
        """Tasks the procedure creates plus the officer's own; open ones may be overdue. Returns (title, due, done)."""
        r, now = self.r, self.now
        soon = min(received + timedelta(hours=r.randint(2, 40)), closed_at or now)
        done_if = soon if responded else None
        tasks: list[tuple[TaskKind, str, str, datetime, datetime | None]] = []
        if full:
            tasks.append((TaskKind.FULL_RISK_ASSESSMENT, "Complete the full risk assessment (Appendix 1)",
                          "Two or more triage answers were yes (6.1).", received + timedelta(days=5),
                          soon if band else None))
        if domestic:
            for kind, (title, why) in zip((TaskKind.DOMESTIC_ABUSE, TaskKind.SAFEGUARDING_REFERRAL),
                                          rules.domestic_abuse_tasks(), strict=True):
                tasks.append((kind, title, why, received + timedelta(days=1), done_if))
        elif safeguarding:
            tasks.append((TaskKind.SAFEGUARDING_REFERRAL, "Make a safeguarding referral",
                          "A safeguarding concern was raised (7.7).", received + timedelta(days=2), done_if))
        if colleague:
            tasks.append((TaskKind.COLLEAGUE_RISK_ASSESSMENT, "Colleague risk assessment within 48 hours",
                          "A colleague was harassed by a customer (2024 5.9.1).",
                          received + rules.COLLEAGUE_ASSESSMENT_WINDOW, done_if))
        if responded is not None:
            for _ in range(N_TASKS(r)):
                due = responded + timedelta(days=r.randint(2, 30), hours=r.randint(0, 8))
                still_open = closed_at is None and r.random() < (0.8 if due > now else 0.3)  # else overdue
                tasks.append((TaskKind.GENERAL, r.choice(D.GENERAL_TASKS), "", due, None if still_open else
                              max(responded, min(due - timedelta(hours=r.randint(1, 48)), closed_at or now))))
        out = []
        for kind, title, why, due, done in tasks:
            if closed_at is not None and done is None:
                done = max(received, min(due, closed_at))
            self._child("tasks", cid, received, by, kind=kind.value, title=title, reason=why, due_at=due,
                        done_at=done, assigned_to_id=by)
            out.append((title, due, done))
        return out

    def _remedies(self, cid: int, by: int | None, legal: bool, reason: str | None, start: datetime, end: datetime,
                  closed_at: datetime | None) -> None:
        """Non-legal remedies (13), legal ones (14.2) after Appendix 2 is signed off (14.4)."""
        r = self.r
        chosen: list[tuple[RemedyKind, RemedyStatus]] = []
        if legal or reason == ClosureReason.RESOLVED_NON_LEGAL or r.random() < 0.1:
            chosen.append((r.choice(NON_LEGAL), RemedyStatus.BREACHED if legal else RemedyStatus.COMPLETED
                           if closed_at else r.choice((RemedyStatus.PROPOSED, RemedyStatus.IN_PLACE,
                                                       RemedyStatus.REFUSED_BY_COMPLAINANT))))
        if legal:
            chosen.append((r.choice(LEGAL), RemedyStatus.COMPLETED if closed_at else RemedyStatus.IN_PLACE))
            signed = min(end, start + timedelta(days=r.randint(5, 20)))
            self._child("assessments", cid, signed, by, kind="peia", completed_at=signed,
                        answers={"proportionate": True, "equality_impact": "No disproportionate impact identified."},
                        officer_signed_by_id=by, officer_signed_at=signed, manager_signed_by_id=self.u["manager"].id,
                        manager_signed_at=signed)
        for kind, state in chosen:
            decided = min(end, start + timedelta(days=r.randint(3, 25)))
            self._child("remedies", cid, decided, by, kind=kind.value, legal=kind.legal, status=state.value,
                        decided_at=decided, notes=kind.label)


# Driver ---------------------------------------------------------------------------------------------
def _plan(r: random.Random, cases: int, today: date) -> list[tuple[datetime, str, str, str | None]]:
    """Received time, channel, status and closure reason per case, oldest first.

    Reports grow more frequent towards today; old cases are mostly closed, recent ones open. The
    newest, second-newest and middle cases and the four oldest are pinned, so even a small demo
    shows every status, channel and closure reason.
    """
    now = datetime.combine(today, time(12, 0))
    span = 365 * max(1, min(8, math.ceil(cases / 20000)))
    items = []
    for _ in range(cases):
        channel = CHANNELS(r)
        day = today - timedelta(days=int(span * r.random() ** 1.3))
        minute = r.randrange(1440) if channel in (Channel.WEBSITE, Channel.WRITING) else r.randrange(510, 1020)
        received = datetime.combine(day, time()) + timedelta(minutes=minute)
        if received > now - timedelta(hours=1):
            received = now - timedelta(minutes=r.randrange(60, 600))
        items.append((received, channel.value))
    items.sort()
    present = {channel for _t, channel in items}
    for i, channel in enumerate(c for c in Channel if c.value not in present):
        items[-1 - i] = (items[-1 - i][0], channel.value)
    reasons = list(ClosureReason)
    pinned = {cases - 1: CaseStatus.NEW, cases - 2: CaseStatus.ACTIVE, cases // 2: CaseStatus.LEGAL}
    plan: list[tuple[datetime, str, str, str | None]] = []
    for i, (received, channel) in enumerate(items):
        age, x = (now - received).days, r.random()
        if age <= 5:
            status = CaseStatus.NEW if x < 0.6 else CaseStatus.ACTIVE
        elif age <= 120:
            status = (CaseStatus.ACTIVE if x < 0.8 else CaseStatus.LEGAL if x < 0.84 else
                      CaseStatus.CLOSED if x < 0.98 else CaseStatus.NEW)
        else:
            status = CaseStatus.CLOSED if x < 0.9 else CaseStatus.ACTIVE if x < 0.97 else CaseStatus.LEGAL
        status = pinned.get(i, CaseStatus.CLOSED if i < len(reasons) else status)
        reason = (reasons[i] if i < len(reasons) else CLOSURES(r)) if status == CaseStatus.CLOSED else None
        plan.append((received, channel, status.value, reason.value if reason else None))
    return plan


def _ensure_users(conn: Connection, now: datetime) -> dict[str, Any]:
    """The six demo users, added only if absent (no passwords: single-user mode signs in by name)."""
    table = User.__table__
    existing = {row.username: row.id for row in conn.execute(select(table.c.id, table.c.username))}
    next_id = conn.scalar(select(func.coalesce(func.max(table.c.id), 0)))
    refs: dict[str, Any] = {"officers": []}
    slot = {Role.SCHEME_OFFICER: "scheme", Role.TEAM_LEADER: "leader", Role.MANAGER: "manager"}
    for username, name, job, role in D.DEMO_USERS:
        uid = existing.get(username)
        if uid is None:
            next_id = uid = next_id + 1
            conn.execute(table.insert(), [{
                "id": uid, "username": username, "full_name": name, "job_title": job, "roles": [role.value],
                "initials": "".join(p[0] for p in name.split()), "password_hash": None, "active": True,
                "created_at": now}])
        ref = rules.UserRef(uid, name, frozenset({role}))
        if role == Role.OFFICER:
            refs["officers"].append(ref)
        else:
            refs[slot[role]] = ref
    return refs


def _ensure_categories(conn: Connection) -> dict[str, int]:
    """Category name -> id of those in use; seeded from forms/categories.toml when the table is empty."""
    table = Category.__table__
    if conn.scalar(select(func.count()).select_from(table)) == 0:
        conn.execute(table.insert(), [{"id": i, "name": n, "retired": False} for i, n in enumerate(load_categories(), 1)])
    rows = conn.execute(select(table.c.id, table.c.name).where(table.c.retired.is_(False)).order_by(table.c.id))
    return {row.name: row.id for row in rows}


def generate(engine: Engine, cases: int, seed: int = 1, today: date | None = None,
             progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Add ``cases`` synthetic cases with their people, properties, incidents... in one transaction.

    Returns the rows added per table. ``progress(done, total)`` is called after each batch. The
    reference counters and (on PostgreSQL) the id sequences are moved past the new rows, so cases
    logged afterwards continue the numbering.
    """
    today = today or date.today()
    r = random.Random(seed)
    sqlite = engine.dialect.name == "sqlite"
    counts: dict[str, int] = defaultdict(int)
    with engine.begin() as conn:
        if sqlite:
            conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MB while loading; reset below
        users = _ensure_users(conn, datetime.combine(today, time(12, 0)))
        categories = _ensure_categories(conn)
        next_ids = {name: conn.scalar(text(f"SELECT COALESCE(MAX(id), 0) FROM {name}")) for name in ID_TABLES}
        counter = ReferenceCounter.__table__
        before = {row.year: row.last for row in conn.execute(select(counter.c.year, counter.c.last))}
        gen = _Generator(r, today, users, categories, next_ids, dict(before), cases)
        plan = _plan(r, cases, today)
        for start in range(0, cases, CHUNK):
            for received, channel, status, reason in plan[start:start + CHUNK]:
                gen.case(received, channel, status, reason)
            for table in TABLES:
                rows = gen.rows.pop(table.name, None)
                if rows:
                    conn.execute(table.insert(), rows)
                    counts[table.name] += len(rows)
            if progress:
                progress(min(start + CHUNK, cases), cases)
        for year, last in sorted(gen.counters.items()):
            if year in before:
                conn.execute(counter.update().where(counter.c.year == year).values(last=last))
            else:
                conn.execute(counter.insert(), [{"year": year, "last": last}])
        if not sqlite:
            for name in [*ID_TABLES, "users", "categories"]:
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                  f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {name}), false)"))
        conn.execute(AuditEntry.__table__.insert(), [{
            "at": datetime.now().replace(microsecond=0), "username": "demo", "action": "create",
            "entity": "demo_data", "entity_id": "", "case_reference": None,
            "summary": f"Added {cases} demo cases (seed {seed}, as of {today:%d %B %Y})",
            "detail": {"seed": seed, "today": today.isoformat(), "counts": dict(counts)}}])
        if sqlite:
            conn.exec_driver_sql("PRAGMA cache_size=-2000")
    with engine.begin() as conn:  # fresh statistics, so the planner picks the right index for search
        conn.exec_driver_sql("ANALYZE")
    return dict(counts)
