"""Realistic synthetic case files for demonstrations, training and performance tests.

Rows are built as plain dicts and written with Core ``insert`` in chunks (ORM ``add_all`` would take
minutes for 100,000 cases). Ids are explicit and continue from each table's current maximum, so
demo data can be added to a database that already holds cases. The derived case columns and the
search text are computed with services/kernel/derived.py's pure functions and the rules ``refresh``
applies, so the case list and search agree with what a later edit recomputes. Everything comes
from one ``random.Random(seed)`` and ``today`` (uids included): the same seed and day give the
same data on SQLite and PostgreSQL.
"""

from __future__ import annotations

import gc
import multiprocessing
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from queue import Empty, Full
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, func, select, text

from ..domain import case_review, rules
from ..domain.contact_rules import ContactMade, next_contact
from ..domain.enums import CaseStatus, Channel, ClosureReason, PartyRole, RemedyStatus, TaskKind
from ..domain.forms import load_categories, load_risk_assessment, load_triage
from ..domain.noise_triage import NoiseChecklist, NoiseDecision, load_noise_checklist
from ..domain.noise_triage import decide as decide_noise
from ..services.kernel.derived import PartyName, complainant_display, perpetrator_display, search_body
from ..storage import orm
from ..storage.audit_chain import append_rows
from . import data as D
from .writer import SqliteWriter, Writer, bulk_mode

PARALLEL_FROM = 20000  # below this many cases, starting a worker process costs more than it saves
CHUNK = 2000  # cases per batch of inserts: amortises statement overhead, bounds memory, paces progress
FIRST_CHUNK = 250
TABLES = [m.__table__ for m in (orm.Person, orm.Property, orm.Tenancy, orm.Case, orm.CaseCategory, orm.CaseParty,
                                orm.Incident, orm.Contact, orm.Task, orm.Note, orm.RiskAssessment, orm.Remedy,
                                orm.Assessment, orm.SearchDocument)]
ID_TABLES = [t.name for t in TABLES if "id" in t.c]
_UUID_V7 = (0x7 << 76) | (0x2 << 62)  # version 7 (time-ordered) and the RFC variant bits


@lru_cache(maxsize=1)
def _peia_answers() -> dict[str, Any]:
    """A complete Appendix 2 (14.4) for the generated legal cases: every question of forms/peia.toml answered."""
    from ..documents.appendices import load_peia

    return {q.id: True if q.kind == "yesno" else "Considered: no disproportionate impact identified."
            for q in load_peia().questions}


@dataclass(slots=True)
class _Who:
    id: int
    name: str  # as Person.display_name builds it
    address: str
    freq: int | None  # agreed contact frequency in days (15.1)
    preferred: str | None = None  # preferred means of contact (15.1)


@dataclass(slots=True)
class _Home:
    id: int
    address: str  # "Flat 2, 14 Acacia Avenue, Leeds"
    postcode: str
    town: str
    street: str
    phone: str  # the area's reserved drama prefix
    scheme: bool
    tenant: _Who | None = None

    @property
    def short(self) -> str:
        return self.address.rsplit(",", 1)[0]


@lru_cache(maxsize=16384)
def _deadline(day: date, serious: bool, high: bool) -> rules.Deadline:
    """response_deadline depends only on the day and the flags, and thousands of cases share a day."""
    return rules.response_deadline(datetime.combine(day, time(12)), serious, high)


class _Generator:
    """Builds the rows of one case at a time into ``rows`` (table name -> list of dicts)."""

    def __init__(self, r: random.Random, today: date, users: dict[str, Any], categories: dict[str, int],
                 next_ids: dict[str, int], counters: dict[int, int], cases: int) -> None:
        self.r, self.today, self.u, self.cats, self.ids, self.counters = r, today, users, categories, next_ids, counters
        self.now = datetime.combine(today, time(12, 0))
        self.epoch_ms = int(datetime.combine(today, time(), UTC).timestamp() * 1000)
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.homes: dict[tuple[Any, ...], _Home] = {}
        self.perps: list[tuple[_Who, _Home]] = []
        self.assignments: dict[tuple[int, bool, bool], rules.Assignment] = {}
        self.tenancies_made = 0
        self.triage, self.ra = load_triage(), load_risk_assessment()
        self.categories = D.Weighted({n: D.CATEGORY_WEIGHTS.get(n, 3) for n in categories})
        self.streets = [D.street(r) for _ in range(max(30, min(2500, cases // 150)))]  # neighbours recur
        self.schemes = [(D.SCHEMES[i], r.randrange(len(self.streets)), r.choice(D.SCHEME_KINDS))
                        for i in range(max(3, min(len(D.SCHEMES), cases // 3000)))]

    def _id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def _uid(self, row_id: int) -> str:
        """A UUIDv7 (RFC 9562) from the seeded generator: ``uuid4`` would break determinism, and a
        time-ordered uid (today's midnight plus the row id, in ms) appends to each unique uid index
        instead of writing all over it, which makes the bulk load markedly faster."""
        bits = self.r.getrandbits(74)
        h = f"{(self.epoch_ms + row_id) << 80 | _UUID_V7 | (bits >> 62) << 64 | bits & (1 << 62) - 1:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def _child(self, table: str, cid: int, created: datetime, by: int | None, **row: Any) -> None:
        row_id = self._id(table)
        row.update(id=row_id, uid=self._uid(row_id), case_id=cid, created_at=created, created_by_id=by)
        self.rows[table].append(row)

    def person(self, home: _Home, created: datetime, *, young: bool = False, job: str = "",
               address: str = "") -> _Who:
        """Someone living at ``home`` (or, for a colleague, working at ``address``)."""
        pid = self._id("people")
        row = D.person(self.r, self.today, address or home.address, "" if address else home.postcode, home.phone,
                       young, job)
        row.update(id=pid, uid=self._uid(pid), created_at=created)
        self.rows["people"].append(row)
        name = " ".join(p for p in (row["title"], row["first_names"], row["surname"]) if p)
        return _Who(pid, name, row["address"], row["contact_frequency_days"], row["preferred_contact_method"])

    def home(self, key: tuple[Any, ...], created: datetime) -> _Home:
        """The property at ``key`` with its lead tenant and tenancy, created on first use."""
        if key in self.homes:
            return self.homes[key]
        r, scheme = self.r, key[0] == "S"
        if scheme:
            name, street_idx, kind = self.schemes[key[1]]
            street, town, postcode, phone = self.streets[street_idx]
            address = f"Flat {key[2]}, {name}, {street_idx % 90 + 1} {street}, {town}"
        else:
            street, town, postcode, phone = self.streets[key[0]]
            address = f"{f'Flat {key[2]}, ' if key[2] else ''}{key[1]} {street}, {town}"
        pid = self._id("properties")
        self.rows["properties"].append({
            "id": pid, "uid": self._uid(pid), "address": address, "postcode": postcode, "landlord_ref": f"PR{pid:07d}",
            "scheme_name": f"{name} ({kind})" if scheme else None,
            "scheme_officer_id": self.u["scheme"].id if scheme else None})
        home = self.homes[key] = _Home(pid, address, postcode, town, street, phone, scheme)
        home.tenant = self.person(home, created - timedelta(days=r.randrange(30, 3000)))
        n, self.tenancies_made = self.tenancies_made, self.tenancies_made + 1  # the first few: one of each type
        tenancy = (D.TENANCY_TYPES[n] if n < len(D.TENANCY_TYPES) else
                   "licence" if scheme and r.random() < 0.7 else D.TENANCIES(r))
        days = r.randrange(20, 300) if tenancy == "introductory" else r.randrange(200, 9000)
        tid = self._id("tenancies")
        start = created.date() - timedelta(days=days)
        # Social housing rent is mostly weekly, the rent week starting on a Monday; about one in nine monthly,
        # from the day the tenancy began. Chosen from the id, not the random stream, so the rest of the demo
        # data is as it was.
        period = "monthly" if tid % 9 == 4 else "weekly"
        if period == "weekly":
            start -= timedelta(days=start.weekday())
        self.rows["tenancies"].append({
            "id": tid, "uid": self._uid(tid), "property_id": pid, "person_id": home.tenant.id,
            "tenancy_type": str(tenancy), "start_date": start, "end_date": None,
            "landlord_ref": f"T{pid:07d}/1", "rent_period": period})
        return home

    def _homes(self, received: datetime) -> tuple[_Home, _Home]:
        """The complainant's home and a neighbour's (both in one scheme for supported housing)."""
        r = self.r
        if r.random() < 0.06:
            s, flat = r.randrange(len(self.schemes)), r.randint(1, 40)
            return self.home(("S", s, flat), received), self.home(("S", s, flat % 40 + r.randint(1, 5)), received)
        st, num, flat = r.randrange(len(self.streets)), r.randint(1, 40), r.randint(1, 4) if r.random() < 0.1 else 0
        near = num + r.choice((-2, -1, 1, 2))
        return (self.home((st, num, flat), received),
                self.home((st, num, flat % 4 + 1) if flat else (st, near if near > 0 else num + 1, 0), received))

    # One case --------------------------------------------------------------------------------------
    def case(self, received: datetime, channel: str, status: str, reason: str | None) -> None:
        r, u, now = self.r, self.u, self.now
        cid, year = self._id("cases"), received.year
        self.counters[year] = self.counters.get(year, 0) + 1
        reference = f"ASB-{year}-{self.counters[year]:05d}"
        cats = list(dict.fromkeys([self.categories(r)] + ([self.categories(r)] if r.random() < 0.12 else [])))
        primary, domestic, hate = cats[0], "Domestic abuse" in cats, "Hate-related incident" in cats
        grave = not D.GRAVE_CATEGORIES.isdisjoint(cats)
        employee = r.random() < 0.02
        colleague = employee and r.random() < 0.5  # 2024 5.9.1: a colleague harassed by a customer
        c_home, p_home = self._homes(received)
        complainant = self.person(c_home, received, job=r.choice(D.EMPLOYEE_JOBS),
                                  address=f"Housing office, 1 Civic Way, {c_home.town}") if colleague else c_home.tenant
        anonymous = not colleague and r.random() < 0.07
        parties: list[tuple[PartyRole, _Who | None, str, bool]] = []

        def add(role: PartyRole, who: _Who | None, organisation: str = "", anon: bool = False) -> None:
            parties.append((role, who, organisation, anon))

        # 2024 5.7: a truly anonymous reporter stores no identity (no person on file for the party)
        add(PartyRole.COMPLAINANT, None if anonymous else complainant, anon=anonymous)
        if not anonymous and not colleague and r.random() < 0.04:  # a second adult in the household
            add(PartyRole.COMPLAINANT, self.person(c_home, received))
        unknown = not domestic and not colleague and r.random() < 0.15
        description = r.choice(D.UNKNOWN_DESCRIPTIONS) if unknown else ""
        perp: _Who | None = None
        if unknown:
            add(PartyRole.ALLEGED_PERPETRATOR, None)
        elif employee and not colleague:
            perp = self.person(p_home, received, job=r.choice(D.EMPLOYEE_JOBS))
        else:
            perp = p_home.tenant
            if self.perps and r.random() < 0.08:  # someone already known (4.1: ASB history)
                again, home = r.choice(self.perps)
                if again is not complainant:
                    perp, p_home = again, home
        if perp is not None:
            add(PartyRole.ALLEGED_PERPETRATOR, perp)
            self.perps.append((perp, p_home))
            roll = r.random()
            if roll < 0.05:
                add(PartyRole.ALLEGED_PERPETRATOR, self.person(p_home, received, young=True))
            elif roll < 0.08:
                member = p_home.tenant
                if member is perp or member is complainant:
                    member = self.person(p_home, received)
                add(PartyRole.HOUSEHOLD_MEMBER, member)
        if r.random() < 0.08:
            witness = self.home((r.randrange(len(self.streets)), r.randint(1, 40), 0), received).tenant
            if witness is not complainant and witness is not perp:
                add(PartyRole.WITNESS, witness)
        if r.random() < 0.02:
            add(PartyRole.PROFESSIONAL_WITNESS, None, f"Environmental Health, {c_home.town} Council")
        third_kind = D.THIRD_KINDS(r) if channel == Channel.THIRD_PARTY else None
        if third_kind:
            add(PartyRole.THIRD_PARTY_REPORTER, None, D.THIRD_PARTIES[third_kind].format(t=c_home.town))
        for role, who, org, anon in parties:
            third, pid = role == PartyRole.THIRD_PARTY_REPORTER, self._id("case_parties")
            self.rows["case_parties"].append({
                "id": pid, "uid": self._uid(pid), "case_id": cid, "role": role.value,
                "person_id": who.id if who else None, "anonymous": anon,
                "withheld": anon or (role == PartyRole.WITNESS and r.random() < 0.3),
                "third_party_kind": third_kind.value if third and third_kind else None, "organisation": org,
                "consent_to_share": r.random() < 0.7 if third else None,
                "description": description if role == PartyRole.ALLEGED_PERPETRATOR and who is None else ""})
        # an anonymous reporter's own home is never the case's property (it would point to them)
        prop = p_home if anonymous or (perp is not None and perp is p_home.tenant) else c_home
        supported = prop.scheme
        # Assignment (5.3, 2024 5.4 and 5.9), closure, risk (6.1) and the response deadline (5.3, 6.2)
        requested = u["officers"][r.randrange(len(u["officers"]))]
        key = (requested.id, employee, supported)
        if key not in self.assignments:
            self.assignments[key] = rules.assign(requested=requested, employee_involved=employee,
                                                 supported_housing=supported, scheme_officer=u["scheme"],
                                                 team_leaders=[u["leader"]])
        assignment = self.assignments[key]
        by = assignment.officer.id if assignment.officer else None
        age, closed_at = (now - received).days, None
        if status == CaseStatus.CLOSED:
            days = r.randint(min(age, 10), max(min(age, 240), 1)) if age else 0
            closed_at = min(now - timedelta(minutes=30), received + timedelta(days=days, hours=r.randint(2, 24)))
        end = closed_at or now
        q_ids = self.triage.question_ids()
        triage = {} if status == CaseStatus.NEW and r.random() < 0.5 else \
            {q: r.random() < (0.6 if grave else 0.25) for q in q_ids}
        full = bool(triage) and rules.triage_outcome([triage[q] for q in q_ids], self.triage.threshold).allowed
        band = None
        if full and status != CaseStatus.NEW and r.random() < 0.85:
            answers = {q: r.random() < 0.45 for q in self.ra.question_ids()}
            score, band_, why = self.ra.score(answers)
            band = band_.value
            self._child("risk_assessments", cid, min(end, received + timedelta(hours=r.randint(2, 72))), by,
                        kind="full", form_id=self.ra.id, form_version=self.ra.version, answers=answers, score=score,
                        band=band, reason=why, actions=[a for a, _ in self.ra.actions][:0 if band == "standard" else 2],
                        notes="")
        risk_band = band or ("standard" if triage and not full else None)
        serious = r.random() < (0.35 if grave else 0.05)
        deadline = _deadline(received.date(), serious, risk_band == "high")
        responded = None
        if status != CaseStatus.NEW:  # mostly within the deadline, some late
            late = 1.3 if r.random() < 0.08 else 0.9
            responded = D.office_hours(r, received + (deadline.due - received) * (r.random() * late),
                                       received + timedelta(minutes=20), end)
        crime = r.random() < (0.6 if primary in D.CRIME_CATEGORIES else 0.05)
        police_ref = f"{r.randint(10, 99)}/{r.randint(100000, 999999)}/{year % 100:02d}" \
            if crime and r.random() < 0.85 else ""
        safeguarding = domestic or r.random() < 0.04
        template = r.choice(D.SUMMARIES.get(primary, D.GENERIC_SUMMARIES))
        noise = _noise(cid, received, primary, template)  # its own random stream: the rest is unchanged
        summary = (noise[0] if noise else template).format(p=p_home.short)
        searchable = [summary, ", ".join(sorted(cats)), police_ref, description]  # in derived.refresh's order
        activity = [received]
        self._incidents(cid, received, by, primary, p_home, perp.name if perp else description, searchable, activity,
                        noise[1] if noise else None)
        spoke = self._contacts(cid, by, responded, end, None if anonymous else complainant.id,
                               perp.id if perp else None, activity)
        tasks = self._tasks(cid, by, received, responded, closed_at, full, band, domestic, safeguarding, colleague)
        flags = (("police", crime and r.random() < 0.5), ("safeguarding", safeguarding), ("scheme_attempt", supported),
                 ("identification", unknown and r.random() < 0.5), ("agreed_action", r.random() < 0.12))
        for i, kind in enumerate(["general"] + ([k for k, on in flags if on] if responded else [])):
            at = received + timedelta(minutes=15) if i == 0 else \
                D.office_hours(r, received + (end - received) * r.random(), received, end)
            note = r.choice(D.NOTES[kind])
            searchable.append(note)
            activity.append(at)
            self._child("notes", cid, at, by, interview_id=None, kind=kind, written_at=at, text=note,
                        confidential=kind == "safeguarding", copied_from_uid=None)
        legal = status == CaseStatus.LEGAL or reason == ClosureReason.RESOLVED_LEGAL
        self._remedies(cid, by, legal, reason, responded or received, end, closed_at)
        # Derived columns and search text, as derived.refresh computes them
        names = [PartyName(role, who.name if who else org, anon) for role, who, org, anon in parties]
        due: list[tuple[datetime, str]] = []
        if closed_at is None:
            if responded is None:
                due.append((deadline.due, "First response"))
            due += [(d, title) for title, d, done in tasks if done is None]
            if not anonymous:  # 15.1: nobody on file to keep in touch with (as derived.refresh decides)
                due.append((next_contact(spoke, complainant.preferred, received, complainant.freq).due,
                            "Complainant contact"))
        next_due_at, next_due_label = min(due, key=lambda c: c[0]) if due else (None, "")
        last_activity = max(activity)
        addresses = [who.address for _r, who, _o, anon in parties if who and not anon]
        addresses.append(f"{prop.address} {prop.postcode}")
        self.rows["cases"].append({
            "id": cid, "uid": self._uid(cid), "reference": reference, "channel": channel, "status": status,
            "closure_reason": reason, "closure_note": D.CLOSURE_NOTES[reason] if reason else "",
            "received_at": received, "closed_at": closed_at, "assigned_officer_id": by,
            "assignment_reason": assignment.reason, "created_by_id": by, "property_id": prop.id, "summary": summary,
            "serious": serious, "employee_involved": employee, "colleague_harassed": colleague,
            "domestic_abuse": domestic, "hate_related": hate, "safeguarding_concern": safeguarding,
            "crime_reported": crime, "police_reference": police_ref, "supported_housing": supported,
            "restricted": assignment.restricted, "anonymous_checklist": D.ANONYMOUS_CHECKLIST if anonymous else {},
            "unknown_perpetrator": unknown, "unknown_perpetrator_description": description,
            "legal_exception": "Someone is at risk of violence (14.1)." if legal and grave else "",
            "referred_to_officer_id": u["officers"][0].id if supported and responded and r.random() < 0.3 else None,
            "triage_answers": triage, "full_risk_required": full, "risk_band": risk_band,
            "noise_track": noise[3].track.value if noise else None, "noise_answers": noise[2] if noise else None,
            "noise_reason": noise[3].reason if noise else "", "case_review_at": None, "case_review_reason": "",
            "response_due_at": deadline.due, "response_due_reason": deadline.reason, "responded_at": responded,
            "colleague_assessment_due_at": received + rules.COLLEAGUE_ASSESSMENT_WINDOW if colleague else None,
            "complainant_display": complainant_display(names), "perpetrator_display": perpetrator_display(names, unknown),
            "categories_display": searchable[1], "officer_display": assignment.officer.name if assignment.officer else "",
            "next_due_at": next_due_at, "next_due_label": next_due_label, "last_activity_at": last_activity,
            "updated_at": max(last_activity, closed_at or last_activity), "version": 1})
        self.rows["case_categories"] += [{"case_id": cid, "category_id": self.cats[c]} for c in cats]
        body = search_body(reference, names, addresses, [t for t in searchable if t])
        self.rows["case_search"].append({"case_id": cid, "body": body})

    def _incidents(self, cid: int, received: datetime, by: int | None, category: str, where: _Home,
                   involved: str, searchable: list[str], activity: list[datetime],
                   household: str | None = None) -> None:
        """1-4 incidents: the latest shortly before the report, earlier ones days apart, late ones past midnight."""
        r, at, descriptions, locations = self.r, received, [], []
        for _ in range(D.N_INCIDENTS(r)):
            start = datetime.combine((at - timedelta(days=r.randint(0, 10))).date(),
                                     time(r.choice(D.INCIDENT_HOURS), r.randrange(60)))
            while start >= at:
                start -= timedelta(days=1)
            at = start
            told = D.incident(r, category, where.short, where.street)
            if household:  # everyday living noise: what was heard, never felt as aimed at anyone
                told.update(description=household, feels_targeted=False, targeted_why="")
            descriptions.append(told["description"])
            locations.append(told["location"])
            activity.append(start)
            self._child("incidents", cid, received, by, started_at=start, people_involved=involved,
                        ended_at=None if r.random() < 0.1 else start + timedelta(minutes=r.choice(D.DURATIONS)), **told)
        searchable += descriptions + locations  # derived.refresh: all descriptions, then all locations

    def _contacts(self, cid: int, by: int | None, responded: datetime | None, end: datetime, complainant: int | None,
                  perp: int | None, activity: list[datetime]) -> list[ContactMade]:
        """The first response by telephone, then attempts (some failed). Returns the contacts with the complainant.
        With an anonymous complainant (``complainant`` None) there is nobody to contact: the contacts are
        with the alleged perpetrator, or with nobody on file."""
        if responded is None:
            return []
        r, spoke = self.r, []
        times = [responded] + sorted(D.office_hours(r, responded + (end - responded) * r.random(), responded, end)
                                     for _ in range(D.N_CONTACTS(r)))
        if end == self.now and r.random() < 0.85:  # most open cases: the complainant was called lately (15.1)
            times.append(D.office_hours(r, end - timedelta(days=r.randint(1, 13)), times[-1], end))
        sure = {0, len(times) - 1} if len(times) > 1 and end == self.now else {0}  # spoke by telephone
        for i, at in enumerate(times):
            method = "telephone" if i in sure else r.choice(D.CONTACT_METHODS)
            outcome = "spoke" if i in sure else "sent" if method in ("email", "letter") else D.OUTCOMES(r)
            with_complainant = (i in sure or r.random() < 0.85) and complainant is not None
            if with_complainant:
                spoke.append(ContactMade(at, method, outcome))
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
        specs = (("full", full, soon if band else None), ("colleague", colleague, done_if),
                 ("safeguarding", safeguarding and not domestic, done_if))
        tasks = [(kind, title, why, received + after, done) for key, on, done in specs if on
                 for kind, title, why, after in [D.PROCEDURE_TASKS[key]]]
        if domestic:  # 11: handled under the domestic abuse policy, with a safeguarding referral
            tasks += [(kind, title, why, received + timedelta(days=1), done_if) for kind, (title, why)
                      in zip(D.DOMESTIC_ABUSE_TASKS, rules.domestic_abuse_tasks(), strict=True)]
        for _ in range(D.N_TASKS(r) if responded else 0):
            due = responded + timedelta(days=r.randint(2, 30), hours=r.randint(0, 8))  # type: ignore[operator]
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
        """Non-legal remedies (13) and legal ones (14.2), after Appendix 2 is signed off (14.4)."""
        r, chosen = self.r, []
        if legal or reason == ClosureReason.RESOLVED_NON_LEGAL or r.random() < 0.06:
            chosen.append((r.choice(D.NON_LEGAL), RemedyStatus.BREACHED if legal else RemedyStatus.COMPLETED
                           if closed_at else r.choice(D.OPEN_REMEDY_STATES)))
        if legal:
            chosen.append((r.choice(D.LEGAL), RemedyStatus.COMPLETED if closed_at else RemedyStatus.IN_PLACE))
            signed = min(end, start + timedelta(days=r.randint(5, 20)))
            self._child("assessments", cid, signed, by, kind="peia", completed_at=signed,
                        answers=dict(_peia_answers()),
                        officer_signed_by_id=by, officer_signed_at=signed, manager_signed_by_id=self.u["manager"].id,
                        manager_signed_at=signed)
        for kind, state in chosen:
            decided = min(end, start + timedelta(days=r.randint(3, 25)))
            self._child("remedies", cid, decided, by, kind=kind.value, legal=kind.legal, status=state.value,
                        decided_at=decided, notes=kind.label)


# Driver ----------------------------------------------------------------------------------------------
def _noise(cid: int, received: datetime, primary: str, template: str
           ) -> tuple[str, str | None, dict[str, object], NoiseDecision] | None:
    """A noise case's summary, household incident text, triage answers and the triage's decision."""
    if primary != "Noise":
        return None
    pick = random.Random(cid * 7919 + received.toordinal())
    household: str | None = None
    if pick.random() < D.HOUSEHOLD_NOISE_SHARE:
        template, household, answers = pick.choice(D.HOUSEHOLD_NOISE)
    else:
        answers = D.NOISE_ANSWERS.get(template, {})
    answers = dict(answers)
    return template, household, answers, decide_noise(_noise_checklist(), answers)


@lru_cache(maxsize=1)
def _noise_checklist() -> NoiseChecklist:
    return load_noise_checklist()


def _flag_case_reviews(conn: Connection, last_old_id: int) -> int:
    """Run the ASB case review check (domain/case_review.py) over the new cases, as the intake would have
    when each report arrived: flag those whose report met the threshold for the organisation's region."""
    cases_t, parties_t, settings_t = orm.Case.__table__, orm.CaseParty.__table__, orm.Setting.__table__
    region = conn.scalar(select(settings_t.c.value).where(settings_t.c.key == "bank_holiday_region"))
    threshold = case_review.threshold_for(str((region or {}).get("v") or "ENG"))
    perpetrators: dict[int, set[int]] = defaultdict(set)
    complainants: dict[int, set[str]] = defaultdict(set)
    for case_id, person_id, role, anonymous in conn.execute(select(
            parties_t.c.case_id, parties_t.c.person_id, parties_t.c.role, parties_t.c.anonymous)):
        if role == PartyRole.ALLEGED_PERPETRATOR.value and person_id is not None:
            perpetrators[case_id].add(person_id)
        elif role == PartyRole.COMPLAINANT.value:
            complainants[case_id].add(f"anonymous:{case_id}" if anonymous or person_id is None else str(person_id))
    facts: dict[int, case_review.ReportFact] = {}
    by_place: dict[int, list[int]] = defaultdict(list)
    by_person: dict[int, list[int]] = defaultdict(list)
    for cid, ref, received, place, hate in conn.execute(select(
            cases_t.c.id, cases_t.c.reference, cases_t.c.received_at, cases_t.c.property_id, cases_t.c.hate_related)):
        facts[cid] = case_review.ReportFact(ref, received, frozenset(perpetrators[cid]), place,
                                            frozenset(complainants[cid]), bool(hate))
        if place is not None:
            by_place[place].append(cid)
        for person in perpetrators[cid]:
            by_person[person].append(cid)
    flagged = []
    for cid, fact in facts.items():
        if cid <= last_old_id:
            continue
        related = set(by_place.get(fact.place, ()) if fact.place is not None else ())
        for person in fact.perpetrators:
            related.update(by_person[person])
        reasons = case_review.check(threshold, fact, [facts[o] for o in related if o != cid])
        if reasons:
            flagged.append({"case_id": cid, "at": fact.received_at, "why": "; ".join(reasons)})
    if flagged:
        conn.execute(cases_t.update().where(cases_t.c.id == bindparam("case_id"))
                     .values(case_review_at=bindparam("at"), case_review_reason=bindparam("why")), flagged)
    return len(flagged)


def _ensure_users(conn: Connection, now: datetime) -> dict[str, Any]:
    """The six demo users, added only if absent (no passwords: single-user mode signs in by name)."""
    table = orm.User.__table__
    existing = {row.username: row.id for row in conn.execute(select(table.c.id, table.c.username))}
    next_id = conn.scalar(select(func.coalesce(func.max(table.c.id), 0)))
    refs: dict[str, Any] = {"officers": []}
    for username, name, job, role, slot in D.DEMO_USERS:
        uid = existing.get(username)
        if uid is None:
            next_id = uid = next_id + 1
            conn.execute(table.insert(), [{
                "id": uid, "username": username, "full_name": name, "job_title": job, "roles": [role.value],
                "initials": "".join(p[0] for p in name.split()), "password_hash": None, "active": True,
                "created_at": now}])
        ref = rules.UserRef(uid, name, frozenset({role}))
        if slot == "officers":
            refs[slot].append(ref)
        else:
            refs[slot] = ref
    return refs


def _ensure_categories(conn: Connection) -> dict[str, int]:
    """Category name -> id of those in use; seeded from forms/categories.toml when the table is empty."""
    table = orm.Category.__table__
    if conn.scalar(select(func.count()).select_from(table)) == 0:
        conn.execute(table.insert(), [{"id": i, "name": n, "retired": False} for i, n in enumerate(load_categories(), 1)])
    rows = conn.execute(select(table.c.id, table.c.name).where(table.c.retired.is_(False)).order_by(table.c.id))
    return {row.name: row.id for row in rows}


def _ensure_organisation(conn: Connection) -> None:
    """A fictional landlord's name and address, so notices and letters from demo cases name one; an
    organisation already set up (by the welcome dialog or an administrator) is left as it is."""
    table = orm.Setting.__table__
    for key, value in D.ORGANISATION.items():
        row = conn.execute(select(table.c.value).where(table.c.key == key)).first()
        if row is None:
            conn.execute(table.insert(), [{"key": key, "value": {"v": value}}])
        elif not (row.value or {}).get("v"):
            conn.execute(table.update().where(table.c.key == key).values(value={"v": value}))


def _batches(args: tuple[Any, ...]) -> Iterator[tuple[str, int, Any]]:
    """("rows", cases done, rows per table) per batch, then ("done", 0, reference counters)."""
    seed, today, users, categories, next_ids, counters, cases = args
    r = random.Random(seed)
    gen = _Generator(r, today, users, categories, next_ids, counters, cases)
    plan = D.plan_reports(r, cases, today)
    bounds = [0, *range(min(FIRST_CHUNK, cases), cases, CHUNK), cases]  # a small first batch starts the writer
    for start, stop in zip(bounds, bounds[1:], strict=False):
        for received, channel, status, reason in plan[start:stop]:
            gen.case(received, channel, status, reason)
        yield "rows", stop, dict(gen.rows)
        gen.rows.clear()
    yield "done", 0, gen.counters


def _worker(args: tuple[Any, ...], queue: Any) -> None:
    gc.disable()  # millions of short-lived, acyclic dicts: the collector would only cost time
    parent = multiprocessing.parent_process()

    def send(item: tuple[str, int, Any]) -> None:
        while True:  # give up, rather than wait for ever, if the parent has gone
            try:
                return queue.put(item, timeout=1)
            except Full:
                if parent is not None and not parent.is_alive():
                    raise SystemExit(1) from None

    try:
        for item in _batches(args):
            send(item)
    except Exception as exc:  # reported to the parent, which raises it
        send(("error", 0, f"{exc.__class__.__name__}: {exc}"))


def _from_worker(args: tuple[Any, ...]) -> Iterator[tuple[str, int, Any]]:
    """The batches, generated in a second process while this one writes the previous one: a third
    less wall time on two cores (a thread cannot help: both halves need the GIL). "spawn" because
    forking a process running Qt threads is unsafe; a calling script needs a ``__main__`` guard."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue(maxsize=3)
    proc = ctx.Process(target=_worker, args=(args, queue), daemon=True, name="asb-demo-data")
    proc.start()
    try:
        while True:
            try:
                item = queue.get(timeout=1)
            except Empty:
                if not proc.is_alive():
                    raise RuntimeError("The demo data worker process stopped unexpectedly.") from None
                continue
            if item[0] == "error":
                raise RuntimeError(f"Generating demo data failed: {item[2]}")
            yield item
            if item[0] == "done":
                return
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join(5)


def require_demo_allowed(ctx: Any) -> None:
    """Demo data is refused on a team database (team mode on) for anyone but an administrator."""
    from ..domain.enums import Role
    from ..services.kernel.access import require_role
    from ..services.kernel.org_settings import team_mode

    with ctx.session() as s:
        team = team_mode(s)
    if team:
        require_role(ctx.actor, Role.ADMINISTRATOR, doing="add demo data to a team database")


def generate(engine: Engine, cases: int, seed: int = 1, today: date | None = None,
             progress: Callable[[int, int], None] | None = None, username: str = "demo") -> dict[str, int]:
    """Add ``cases`` synthetic cases with their people, properties, incidents... in one transaction.

    Returns the rows added per table. ``progress(done, total)`` is called after each batch. The
    reference counters and (on PostgreSQL) the id sequences are moved past the new rows, so cases
    logged afterwards continue the numbering. The audit entry names ``username`` (the signed-in user;
    callers check require_demo_allowed first).
    """
    today = today or date.today()
    counts: dict[str, int] = defaultdict(int)
    with engine.connect() as conn, bulk_mode(conn), conn.begin():
        users = _ensure_users(conn, datetime.combine(today, time(12, 0)))
        categories = _ensure_categories(conn)
        _ensure_organisation(conn)
        next_ids = {t: conn.scalar(text(f"SELECT COALESCE(MAX(id), 0) FROM {t}")) for t in ID_TABLES}
        counter = orm.ReferenceCounter.__table__
        before = {row.year: row.last for row in conn.execute(select(counter.c.year, counter.c.last))}
        last_old_case = next_ids["cases"]  # the generator moves next_ids on as it goes
        args = (seed, today, users, categories, next_ids, dict(before), cases)
        batches = _from_worker(args) if cases >= PARALLEL_FROM else _batches(args)
        writer = SqliteWriter(conn) if conn.dialect.name == "sqlite" else Writer(conn)
        try:
            for kind, done, payload in batches:
                if kind == "done":
                    after = payload
                    break
                for table in TABLES:
                    if payload.get(table.name):
                        writer.write(table, payload[table.name])
                        counts[table.name] += len(payload[table.name])
                if progress:
                    progress(done, cases)
        finally:
            batches.close()
        writer.finish()
        reviews = _flag_case_reviews(conn, last_old_case)
        for year, last in sorted(after.items()):
            if year in before:
                conn.execute(counter.update().where(counter.c.year == year).values(last=last))
            else:
                conn.execute(counter.insert(), [{"year": year, "last": last}])
        if engine.dialect.name == "postgresql":
            for name in [*ID_TABLES, "users", "categories"]:
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                  f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {name}), false)"))
        append_rows(conn, [{
            "at": datetime.now().replace(microsecond=0), "username": username, "action": "create",
            "entity": "demo_data", "entity_id": "", "case_reference": None,
            "summary": f"Added {cases} demo cases (seed {seed}, as of {today:%d %B %Y})",
            "detail": {"seed": seed, "today": today.isoformat(), "counts": dict(counts),
                       "case_reviews_flagged": reviews}}])
    with engine.begin() as conn:  # fresh statistics, so the planner picks the right index for search
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA analysis_limit=1000")  # sampled: seconds to milliseconds
        conn.exec_driver_sql("ANALYZE")
    return dict(counts)
